"""`log export`: the log as JSON or CSV (importer.py imports either back; transfer.py re-exports
this module's names).

JSON holds everything the log holds: sessions and sets, the profile, saved plans, maxes,
settings, and (since version 2) imported runs, pain check-ins and next-morning pain
(transfer_parts.py). CSV is one row per set: sessions and sets only. Both carry the regions
a set's pain was given for (`pain_regions`, version 4; the CSV's last column). Version 5:
the JSON alone carries what `log undo` reads to tell what was logged last, each set's
`created_at` (m009) and the reports a next-morning report replaced (`replaced`, m010); a
CSV keeps its columns (it holds no next-morning report for a set's time to be read against).
"""

import io
import json
import sqlite3
from collections import defaultdict
from typing import Any

from runstrength.errors import StorageError
from runstrength.log.db import Database, translated
from runstrength.log.records import (
    CSV_COLUMNS,
    SET_FIELDS,
    CsvOut,
    session_dict,
    set_dict,
)
from runstrength.log.sessions import load_sessions
from runstrength.log.transfer_parts import export_parts

EXPORT_FORMAT = "runstrength-log"
# 2: runs, pain_checkins, next_day_pain; 3: skipped_exercises; 4: the pain_regions of sets
# and next-morning reports (m008); 5: the created_at of sets (m009) and the replaced of
# next-morning reports (m010). Every earlier version is still read.
EXPORT_VERSION = 5


# What the runner logged beyond sessions and sets (a saved plan or profile is made again
# from the inputs): table -> what it is called, one of them
_NOT_IN_CSV = (
    # a CSV import links no session to a plan: the plans and the profile are JSON's alone
    # (QA: a CSV round trip into a fresh home lost "week 1 A" and `next` without a word)
    ("plans", "saved plan"),
    ("profile", "saved profile"),
    ("next_day_pain", "next-morning pain report"),
    ("pain_checkins", "pain check-in"),
    ("skipped_exercises", "skipped exercise"),
    ("maxes", "known max"),
    ("runs", "imported run"),
)


def set_times(conn: sqlite3.Connection) -> dict[int, list[str | None]]:
    """Each session's sets' `created_at` (m009; None for a set written before it), in the
    order `load_sessions` reads the sets (by id)."""
    times: dict[int, list[str | None]] = defaultdict(list)
    for session_id, at in conn.execute("SELECT session_id, created_at FROM sets ORDER BY id"):
        times[int(session_id)].append(at)
    return times


def _with_set_times(session: dict[str, Any], times: list[str | None]) -> dict[str, Any]:
    """A session's export dict with each set's `created_at` last (version 5)."""
    sets = [{**st, "created_at": at} for st, at in zip(session["sets"], times, strict=True)]
    return {**session, "sets": sets}


class Exporter(Database):
    """`log export`."""

    @translated
    def export_data(self) -> dict[str, Any]:
        """Everything in the log as JSON-ready data (the `log export --format json` shape)."""
        with self._read() as conn:
            sessions = load_sessions(conn, "", ())
            times = set_times(conn)
            profile = conn.execute("SELECT json FROM profile WHERE id = 1").fetchone()
            plans = conn.execute("SELECT * FROM plans ORDER BY id").fetchall()
            maxes = conn.execute("SELECT * FROM maxes ORDER BY exercise_id").fetchall()
            settings = conn.execute("SELECT key, value FROM settings ORDER BY key").fetchall()
            parts = export_parts(conn)
        return {
            "format": EXPORT_FORMAT,
            "version": EXPORT_VERSION,
            "sessions": [_with_set_times(session_dict(s), times[s.id]) for s in sessions],
            "profile": self._stored(profile["json"], "saved profile") if profile else None,
            "plans": [
                {
                    "id": r["id"],
                    "saved_at": r["saved_at"],
                    "plan": self._stored(r["json"], f"saved plan #{r['id']}"),
                }
                for r in plans
            ],
            "maxes": [{k: r[k] for k in ("exercise_id", "e1rm", "unit", "source")} for r in maxes],
            "settings": {r[0]: r[1] for r in settings},
            **parts,
        }

    def _stored(self, text: str, what: str) -> Any:
        """A saved profile's or plan's JSON, read back; a damaged one is one StorageError
        line with the way on: the CSV export holds every session and set, and reads none
        of them (reliability re-check N1: a traceback, and no export at all)."""
        try:
            return json.loads(text)
        except (ValueError, TypeError) as exc:
            raise StorageError(
                f"{self.path}: the {what} is damaged ({str(exc).splitlines()[0][:80]}); "
                "`runstrength log export --format csv` still saves every session and set"
            ) from None

    @translated
    def left_out_of_csv(self) -> list[tuple[int, str]]:
        """What the runner logged that a CSV export does not hold, as (count, noun) for
        each kind present: only JSON carries it (the second QA pass: a CSV round trip
        dropped an active pain flag without a word)."""
        with self._read() as conn:
            return [
                (n, what)
                for table, what in _NOT_IN_CSV
                if (n := conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0])
            ]

    def export_json(self) -> str:
        """The whole log as one JSON document."""
        return json.dumps(self.export_data(), indent=2, ensure_ascii=False) + "\n"

    @translated
    def export_csv(self) -> str:
        """Sessions and sets as CSV, one row per set (a session without sets gets one row)."""
        with self._read() as conn:
            sessions = load_sessions(conn, "", ())
        out = io.StringIO()
        writer = CsvOut(out)
        writer.writerow(CSV_COLUMNS)
        for s in sessions:
            head = [s.id, s.date.isoformat(), s.plan_id, s.week, s.session, s.label, s.note]
            head.append(s.created_at)
            for st in s.sets or (None,):
                values = set_dict(st) if st is not None else dict.fromkeys(SET_FIELDS)
                writer.writerow((*head, *values.values()))
        return out.getvalue()
