"""Runs in the log (issue 13): add an import batch in one transaction, list, undo a batch.

The rows are `watch.runs.Run` values; that module is imported only when runs are read or
written, so opening the log for anything else never loads `runstrength.watch`.
"""

import datetime as dt
import sqlite3
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

from runstrength.log.db import Database, translated, where_clause

if TYPE_CHECKING:
    from runstrength.watch.runs import Run

INSERT_RUN = (
    "INSERT INTO runs (date, start, distance_m, duration_s, sport, hard, avg_hr, source, "
    "source_format, key, batch) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
    "ON CONFLICT (key) DO NOTHING"
)


UPGRADE_RUN = (
    "UPDATE OR IGNORE runs SET date = ?, start = ?, distance_m = ?, duration_s = ?, "
    "sport = ?, hard = ?, avg_hr = ?, source = ?, source_format = ?, key = ? WHERE key = ?"
)


class RunBatch(NamedTuple):
    """One `runs import`: its number, and the runs it added (in start order)."""

    batch: int
    runs: list["Run"]
    skipped: int = 0  # already in the log with the very same key
    upgraded: int = 0  # stored runs that took a richer source's data (they keep their batch)


def _start_text(start: dt.datetime) -> str:
    return f"{start.astimezone(dt.UTC):%Y-%m-%dT%H:%M:%SZ}"


def run_from_row(row: sqlite3.Row) -> "Run":
    """A stored row as a `Run`."""
    from runstrength.watch.runs import Run

    hard = row["hard"]
    return Run(
        date=dt.date.fromisoformat(row["date"]),
        start=dt.datetime.fromisoformat(row["start"].replace("Z", "+00:00")),
        distance_m=float(row["distance_m"]),
        duration_s=float(row["duration_s"]),
        sport=row["sport"],
        hard=None if hard is None else bool(hard),
        avg_hr=row["avg_hr"],
        source=Path(row["source"]),
        source_format=row["source_format"],
    )


def _values(run: "Run", batch: int) -> tuple[Any, ...]:
    return (
        run.date.isoformat(),
        _start_text(run.start),
        float(run.distance_m),
        float(run.duration_s),
        run.sport,
        None if run.hard is None else int(run.hard),
        run.avg_hr,
        str(run.source),
        run.source_format,
        run.key,
        batch,
    )


class Runs(Database):
    """Imported runs: one batch per import."""

    @translated
    def add_runs(
        self, runs: Sequence["Run"], upgrades: Sequence[tuple["Run", "Run"]] = ()
    ) -> RunBatch:
        """Store `runs` as one new batch and give stored runs a richer source's data
        (`upgrades`: (stored, merged), matched by the stored one's key), all or nothing;
        exact repeats are skipped. An upgraded run stays in the batch that added it (it is
        the same run, better known): `runs undo` removes it with that batch."""
        added: list[Run] = []
        upgraded = 0
        with self._write() as conn:
            row = conn.execute("SELECT coalesce(max(batch), 0) + 1 FROM runs").fetchone()
            batch = int(row[0])
            for run in sorted(runs, key=lambda r: r.start):
                cur = conn.execute(INSERT_RUN, _values(run, batch))
                if cur.rowcount:
                    added.append(run)
            for old, new in upgrades:
                values = _values(new, batch)[:-1]  # every column but the batch
                upgraded += conn.execute(UPGRADE_RUN, (*values, old.key)).rowcount
        return RunBatch(batch, added, len(runs) - len(added), upgraded)

    @translated
    def runs(self, since: dt.date | None = None, until: dt.date | None = None) -> list["Run"]:
        """Stored runs in start order, optionally from `since` to `until` (dates inclusive)."""
        clause, params = where_clause(("date >= ?", since), ("date <= ?", until))
        with self._read() as conn:
            rows = conn.execute(f"SELECT * FROM runs {clause} ORDER BY start, id", params)
            return [run_from_row(r) for r in rows.fetchall()]

    @translated
    def has_runs(self) -> bool:
        """Whether any run was imported (cheap: `plan` asks before loading the watch code)."""
        with self._read() as conn:
            return conn.execute("SELECT 1 FROM runs LIMIT 1").fetchone() is not None

    @translated
    def last_run_batch(self) -> RunBatch | None:
        """The most recent import batch with its runs, or None when no run was imported."""
        with self._read() as conn:
            row = conn.execute("SELECT max(batch) FROM runs").fetchone()
            if row is None or row[0] is None:
                return None
            batch = int(row[0])
            rows = conn.execute(
                "SELECT * FROM runs WHERE batch = ? ORDER BY start, id", (batch,)
            ).fetchall()
        return RunBatch(batch, [run_from_row(r) for r in rows])

    @translated
    def remove_run_batch(self, batch: int) -> int:
        """Remove every run of import `batch`; return how many were removed."""
        with self._write() as conn:
            return conn.execute("DELETE FROM runs WHERE batch = ?", (batch,)).rowcount
