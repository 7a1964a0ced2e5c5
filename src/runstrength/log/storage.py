"""The training log: one SQLite file, opened, checked and migrated by `SessionLog`.

Nothing a user logs may be lost: WAL with `synchronous=FULL`, one `BEGIN IMMEDIATE`
transaction per logged session, a busy timeout so two processes can log at once, and a
file that is not a runstrength log (or is corrupt) is refused and never written to.
History aggregates run in SQL so they stay fast over a long log.
"""

import csv
import datetime as dt
import functools
import io
import json
import sqlite3
import time
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any, NamedTuple, ParamSpec, TypeVar

from pydantic import BaseModel, ConfigDict, ValidationError

from runstrength.enums import LoadUnit
from runstrength.errors import InvalidInput, RunstrengthError, StorageError
from runstrength.log.migrations import TABLE as MIGRATIONS_TABLE
from runstrength.log.migrations import check_not_newer, migrate
from runstrength.models import Plan, Profile
from runstrength.units import LB_PER_KG, convert_load

SQLITE_HEADER = b"SQLite format 3\x00"
BUSY_TIMEOUT_S = 5.0
EXPORT_FORMAT = "runstrength-log"
EXPORT_VERSION = 1

P = ParamSpec("P")
R = TypeVar("R")


# --------------------------------------------------------------------------- records


class LoggedSet(NamedTuple):
    """One set as done, with what was prescribed for it when that is known."""

    exercise_id: str
    set_no: int
    reps: int | None = None
    load: float | None = None  # None: bodyweight
    unit: LoadUnit | None = None  # set when load is
    seconds: int | None = None
    contacts: int | None = None
    distance_m: float | None = None
    rir: int | None = None
    pain: int | None = None  # 0–10 on this exercise
    target_reps_lo: int | None = None
    target_reps_hi: int | None = None
    target_rir: int | None = None


class LoggedSession(NamedTuple):
    """One logged training session and its sets, in the order they were logged."""

    id: int
    date: dt.date
    sets: tuple[LoggedSet, ...] = ()
    plan_id: int | None = None  # the saved plan it was attached to
    week: int | None = None  # 1-based plan week
    session: int | None = None  # 1-based session within that week
    label: str | None = None  # the plan session's label (A, B, C)
    note: str | None = None
    created_at: str = ""

    def exercise_ids(self) -> list[str]:
        """Exercise ids in the order first logged."""
        return list(dict.fromkeys(s.exercise_id for s in self.sets))


class SavedMax(NamedTuple):
    """A known or estimated max: exercise id -> e1RM in `unit`, and where it came from."""

    exercise_id: str
    e1rm: float
    unit: LoadUnit
    source: str


class ActivePlan(NamedTuple):
    """The plan saved last (`runstrength plan --save`), with its id in the log."""

    id: int
    plan: Plan
    saved_at: str


class TrendPoint(NamedTuple):
    date: dt.date
    e1rm: float


class BestSet(NamedTuple):
    date: dt.date
    reps: int | None
    load: float | None  # in the report's unit
    rir: int | None
    seconds: int | None
    e1rm: float | None
    contacts: int | None = None
    distance_m: float | None = None


class LiftHistory(NamedTuple):
    """One exercise over the log: e1RM trend (oldest first), best set, last session."""

    exercise_id: str
    trend: tuple[TrendPoint, ...]
    best: BestSet | None
    last_date: dt.date
    last_sets: tuple[LoggedSet, ...]  # loads converted to the report's unit


class WeekHistory(NamedTuple):
    """One calendar week (Monday start): sessions, hard sets per movement pattern, contacts."""

    week_start: dt.date
    sessions: int
    hard_sets: dict[str, int]
    contacts: int


class HistoryReport(NamedTuple):
    unit: LoadUnit
    lifts: list[LiftHistory]
    weeks: list[WeekHistory]


class ImportResult(NamedTuple):
    added: int
    skipped: int
    renumbered: int = 0


class E1rmLimits(NamedTuple):
    """The e1RM validity rules (training-rules.md §4.2), passed in from the rulebook."""

    max_reps: int
    max_rir: int
    max_effective_reps: int


# --------------------------------------------------------------------------- import rows


class _Row(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid", defer_build=True)


class _SetRow(_Row):
    exercise_id: str
    set_no: int
    reps: int | None = None
    load: float | None = None
    unit: LoadUnit | None = None
    seconds: int | None = None
    contacts: int | None = None
    distance_m: float | None = None
    rir: int | None = None
    pain: int | None = None
    target_reps_lo: int | None = None
    target_reps_hi: int | None = None
    target_rir: int | None = None


class _SessionRow(_Row):
    id: int
    date: dt.date
    plan_id: int | None = None
    week: int | None = None
    session: int | None = None
    label: str | None = None
    note: str | None = None
    created_at: str = ""
    sets: list[_SetRow] = []


class _MaxRow(_Row):
    exercise_id: str
    e1rm: float
    unit: LoadUnit
    source: str


class _PlanRow(_Row):
    id: int
    saved_at: str
    plan: dict[str, Any]


class _Export(_Row):
    format: str
    version: int
    sessions: list[_SessionRow]
    profile: dict[str, Any] | None = None
    plans: list[_PlanRow] = []
    maxes: list[_MaxRow] = []
    settings: dict[str, str] = {}


SET_FIELDS = (
    "exercise_id",
    "set_no",
    "reps",
    "load",
    "unit",
    "seconds",
    "contacts",
    "distance_m",
    "rir",
    "pain",
    "target_reps_lo",
    "target_reps_hi",
    "target_rir",
)
SESSION_FIELDS = ("id", "date", "plan_id", "week", "session", "label", "note", "created_at")
CSV_COLUMNS = ("session_id", *SESSION_FIELDS[1:], *SET_FIELDS)


# --------------------------------------------------------------------------- helpers


def _translated(fn: Callable[P, R]) -> Callable[P, R]:
    """Turn sqlite3 errors into a StorageError naming the file."""

    @functools.wraps(fn)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        try:
            return fn(*args, **kwargs)
        except RunstrengthError:
            raise
        except sqlite3.OperationalError as exc:
            where = args[0].path if args and isinstance(args[0], SessionLog) else "log"
            if "locked" in str(exc) or "busy" in str(exc):
                raise StorageError(
                    f"{where}: the log is busy (another runstrength is writing); try again"
                ) from None
            raise StorageError(f"{where}: {exc}") from None
        except sqlite3.DatabaseError as exc:
            where = args[0].path if args and isinstance(args[0], SessionLog) else "log"
            raise StorageError(
                f"{where}: the log database is damaged ({exc}); it was left as it is"
            ) from None

    return wrapper


def _set_from_row(row: sqlite3.Row) -> LoggedSet:
    unit = row["unit"]
    return LoggedSet(
        exercise_id=row["exercise_id"],
        set_no=row["set_no"],
        reps=row["reps"],
        load=row["load"],
        unit=LoadUnit(unit) if unit is not None else None,
        seconds=row["seconds"],
        contacts=row["contacts"],
        distance_m=row["distance_m"],
        rir=row["rir"],
        pain=row["pain"],
        target_reps_lo=row["target_reps_lo"],
        target_reps_hi=row["target_reps_hi"],
        target_rir=row["target_rir"],
    )


def _set_values(s: LoggedSet) -> tuple[Any, ...]:
    return (
        s.exercise_id,
        s.set_no,
        s.reps,
        s.load,
        str(s.unit) if s.unit is not None else None,
        s.seconds,
        s.contacts,
        s.distance_m,
        s.rir,
        s.pain,
        s.target_reps_lo,
        s.target_reps_hi,
        s.target_rir,
    )


_INSERT_SET = (
    f"INSERT INTO sets (session_id, {', '.join(SET_FIELDS)}) "
    f"VALUES (?, {', '.join('?' for _ in SET_FIELDS)})"
)


# The e1RM of a set in kg: min(Brzycki, Epley) of effective reps n = reps + RIR, which *is*
# the training-rules.md §4.2 formula (Brzycki up to n = 10, where the two meet; Epley above).
# Keep this text identical to the expression index made in migrations.m003 (the planner
# matches the index by expression); test_storage checks the index is used.
E1RM_KG_SQL = (
    "(min(st.load * 36.0 / (37.0 - (st.reps + st.rir)), "
    "st.load * (1.0 + (st.reps + st.rir) / 30.0))"
    " * CASE WHEN st.unit = 'lb' THEN 0.45359237 ELSE 1.0 END)"
)


def _valid_sql(limits: E1rmLimits) -> str:
    """SQL: the set may feed an e1RM (§4.2 validity rules; the numbers come from the rules)."""
    return (
        f"(st.load > 0 AND st.reps BETWEEN 1 AND {int(limits.max_reps)} "
        f"AND st.rir BETWEEN 0 AND {int(limits.max_rir)} "
        f"AND st.reps + st.rir <= {int(limits.max_effective_reps)})"
    )


def _latest_sessions(
    conn: sqlite3.Connection, exercise_id: str, count: int, since: dt.date | None = None
) -> list[int]:
    """Ids of the last `count` sessions (by date) with `exercise_id`, from `since` on.

    Candidates come newest-id first from the (exercise_id, session_id) index, four times
    as many as needed, then the dates decide: a few backfilled old sessions cannot crowd
    out the recent ones, and the cost stays flat however long the log grows.
    """
    date_cond = "AND session_id IN (SELECT id FROM sessions WHERE date >= ?)" if since else ""
    params: list[Any] = [exercise_id, *([since.isoformat()] if since else []), count * 4]
    candidates = [
        int(r[0])
        for r in conn.execute(
            f"SELECT DISTINCT session_id FROM sets WHERE exercise_id = ? {date_cond} "
            "ORDER BY session_id DESC LIMIT ?",
            params,
        )
    ]
    if not candidates:
        return []
    marks = ", ".join("?" for _ in candidates)
    return [
        int(r[0])
        for r in conn.execute(
            f"SELECT id FROM sessions WHERE id IN ({marks}) ORDER BY date DESC, id DESC LIMIT ?",
            (*candidates, count),
        )
    ]


def _in_unit(s: LoggedSet, unit: LoadUnit) -> LoggedSet:
    if s.load is None or s.unit is None or s.unit is unit:
        return s
    return s._replace(load=round(convert_load(s.load, s.unit, unit), 2), unit=unit)


# --------------------------------------------------------------------------- the log


class _Busy(StorageError):
    """Opening found the log locked by another process; SessionLog retries."""


class SessionLog:
    """The training log database at `path`: open, check, migrate; close on exit."""

    def __init__(self, path: Path) -> None:
        self.path = path
        # SQLite answers some lock conflicts while a new log is set up (switching to WAL,
        # migrating) with an immediate "locked" rather than waiting on the busy timeout, so
        # two processes opening a fresh log at once retry here for the same timeout.
        deadline = time.monotonic() + BUSY_TIMEOUT_S
        while True:
            try:
                self._conn = self._open(path)
                break
            except _Busy:
                if time.monotonic() > deadline:
                    raise StorageError(
                        f"{path}: the log is busy (another runstrength is writing); try again"
                    ) from None
                time.sleep(0.02)

    # ---- lifecycle

    @staticmethod
    def _open(path: Path) -> sqlite3.Connection:
        if path.is_dir():
            raise StorageError(f"{path}: is a folder, not a log file")
        if path.exists():
            try:
                with path.open("rb") as handle:
                    head = handle.read(len(SQLITE_HEADER))
            except OSError as exc:
                raise StorageError(f"{path}: cannot read the log ({exc.strerror})") from None
            if head and head != SQLITE_HEADER:
                raise StorageError(
                    f"{path}: not a runstrength log (not an SQLite database); "
                    "it was left as it is: move it away to start a new log"
                )
        else:
            try:
                path.parent.mkdir(parents=True, exist_ok=True)
            except OSError as exc:
                raise StorageError(f"{path.parent}: cannot create the folder ({exc})") from None
        try:
            conn = sqlite3.connect(path, timeout=BUSY_TIMEOUT_S, isolation_level=None)
        except sqlite3.Error as exc:
            raise StorageError(f"{path}: cannot open the log ({exc})") from None
        conn.row_factory = sqlite3.Row
        try:
            conn.execute(f"PRAGMA busy_timeout = {int(BUSY_TIMEOUT_S * 1000)}")
            # Read before anything writes: a damaged or foreign file fails here, untouched.
            names = {r[0] for r in conn.execute("SELECT name FROM sqlite_master")}
            if names and MIGRATIONS_TABLE not in names:
                raise StorageError(
                    f"{path}: an SQLite database, but not a runstrength log; "
                    "it was left as it is: move it away to start a new log"
                )
            check_not_newer(conn, str(path))
            conn.execute("PRAGMA journal_mode = WAL")
            conn.execute("PRAGMA synchronous = FULL")
            conn.execute("PRAGMA foreign_keys = ON")
            migrate(conn, str(path))
        except RunstrengthError:
            conn.close()
            raise
        except sqlite3.OperationalError as exc:
            conn.close()
            if "locked" in str(exc) or "busy" in str(exc):
                raise _Busy(str(path)) from None
            raise StorageError(f"{path}: cannot open the log ({exc})") from None
        except sqlite3.DatabaseError as exc:
            conn.close()
            raise StorageError(
                f"{path}: not a readable runstrength log ({exc}); it was left as it is"
            ) from None
        return conn

    def close(self) -> None:
        """Close the database connection."""
        self._conn.close()

    def __enter__(self) -> "SessionLog":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @contextmanager
    def _write(self) -> Iterator[sqlite3.Connection]:
        conn = self._conn
        conn.execute("BEGIN IMMEDIATE")
        try:
            yield conn
        except BaseException:
            conn.execute("ROLLBACK")
            raise
        conn.execute("COMMIT")

    @contextmanager
    def _read(self) -> Iterator[sqlite3.Connection]:
        conn = self._conn
        conn.execute("BEGIN")
        try:
            yield conn
        finally:
            conn.execute("COMMIT")

    # ---- sessions

    @_translated
    def add_session(
        self,
        date: dt.date,
        sets: Sequence[LoggedSet],
        *,
        plan_id: int | None = None,
        week: int | None = None,
        session: int | None = None,
        label: str | None = None,
        note: str | None = None,
        merge: bool = True,
    ) -> LoggedSession:
        """Record sets done on `date`, in one transaction; return the whole session.

        With `merge` (the default) entries logged with the same date form one session:
        the sets are appended to that date's session, numbered on from its sets. Entries
        attached to a plan session only join a session of that date attached to the same
        plan session (or to none), so two plan sessions done on one day stay two.
        """
        with self._write() as conn:
            existing = None
            if merge and plan_id is None:
                existing = conn.execute(
                    "SELECT * FROM sessions WHERE date = ? ORDER BY id DESC LIMIT 1",
                    (date.isoformat(),),
                ).fetchone()
            elif merge:  # never merge two different plan sessions done on one day
                existing = conn.execute(
                    "SELECT * FROM sessions WHERE date = ? AND (plan_id IS NULL OR "
                    "(plan_id = ? AND week IS ? AND session IS ?)) ORDER BY id DESC LIMIT 1",
                    (date.isoformat(), plan_id, week, session),
                ).fetchone()
            if existing is None:
                cur = conn.execute(
                    "INSERT INTO sessions (date, plan_id, week, session, label, note) "
                    "VALUES (?, ?, ?, ?, ?, ?)",
                    (date.isoformat(), plan_id, week, session, label, note or None),
                )
                sid = int(cur.lastrowid or 0)
                offsets: dict[str, int] = {}
            else:
                sid = int(existing["id"])
                if existing["plan_id"] is None and plan_id is not None:
                    conn.execute(
                        "UPDATE sessions SET plan_id = ?, week = ?, session = ?, label = ? "
                        "WHERE id = ?",
                        (plan_id, week, session, label, sid),
                    )
                if note:
                    joined = f"{existing['note']}; {note}" if existing["note"] else note
                    conn.execute("UPDATE sessions SET note = ? WHERE id = ?", (joined, sid))
                offsets = {
                    r[0]: int(r[1])
                    for r in conn.execute(
                        "SELECT exercise_id, MAX(set_no) FROM sets WHERE session_id = ? "
                        "GROUP BY exercise_id",
                        (sid,),
                    )
                }
            conn.executemany(
                _INSERT_SET,
                [
                    (sid, *_set_values(s._replace(set_no=s.set_no + offsets.get(s.exercise_id, 0))))
                    for s in sets
                ],
            )
            return self._load_sessions(conn, "WHERE se.id = ?", (sid,))[0]

    def _load_sessions(
        self, conn: sqlite3.Connection, where: str, params: Sequence[Any], order: str = "ASC"
    ) -> list[LoggedSession]:
        rows = conn.execute(
            f"SELECT se.* FROM sessions se {where} ORDER BY se.date {order}, se.id {order}",
            tuple(params),
        ).fetchall()
        if not rows:
            return []
        by_id: dict[int, list[LoggedSet]] = {int(r["id"]): [] for r in rows}
        ids = list(by_id)
        for chunk_start in range(0, len(ids), 500):
            chunk = ids[chunk_start : chunk_start + 500]
            marks = ", ".join("?" for _ in chunk)
            for srow in conn.execute(
                f"SELECT * FROM sets WHERE session_id IN ({marks}) ORDER BY id", chunk
            ):
                by_id[int(srow["session_id"])].append(_set_from_row(srow))
        return [
            LoggedSession(
                id=int(r["id"]),
                date=dt.date.fromisoformat(r["date"]),
                sets=tuple(by_id[int(r["id"])]),
                plan_id=r["plan_id"],
                week=r["week"],
                session=r["session"],
                label=r["label"],
                note=r["note"],
                created_at=r["created_at"],
            )
            for r in rows
        ]

    @_translated
    def sessions(
        self,
        since: dt.date | None = None,
        *,
        until: dt.date | None = None,
        plan_id: int | None = None,
        exercise: str | None = None,
    ) -> list[LoggedSession]:
        """Logged sessions, oldest first, optionally from `since` / up to `until` (inclusive)."""
        clauses: list[str] = []
        params: list[Any] = []
        if since is not None:
            clauses.append("se.date >= ?")
            params.append(since.isoformat())
        if until is not None:
            clauses.append("se.date <= ?")
            params.append(until.isoformat())
        if plan_id is not None:
            clauses.append("se.plan_id = ?")
            params.append(plan_id)
        if exercise is not None:
            clauses.append("se.id IN (SELECT session_id FROM sets WHERE exercise_id = ?)")
            params.append(exercise)
        where = f"WHERE {' AND '.join(clauses)}" if clauses else ""
        with self._read() as conn:
            return self._load_sessions(conn, where, params)

    @_translated
    def recent(
        self,
        exercise_ids: Iterable[str],
        per_exercise: int = 8,
        *,
        plan_id: int | None = None,
        window_days: int = 42,
    ) -> list[LoggedSession]:
        """What `next` needs, oldest first: the last `per_exercise` sessions of each exercise,
        every session in the last `window_days` of the log and the one before them (so gaps
        between sessions are real gaps), and every session of plan `plan_id`.

        Each lookup walks an index from the newest end, so the cost does not grow with the
        length of the log."""
        with self._read() as conn:
            wanted: set[int] = set()
            for exercise_id in sorted(set(exercise_ids)):
                wanted.update(_latest_sessions(conn, exercise_id, per_exercise))
            last = conn.execute("SELECT max(date) FROM sessions").fetchone()[0]
            if last is not None:
                since = (dt.date.fromisoformat(last) - dt.timedelta(days=window_days)).isoformat()
                wanted.update(
                    int(r[0])
                    for r in conn.execute("SELECT id FROM sessions WHERE date >= ?", (since,))
                )
                before = conn.execute(
                    "SELECT id FROM sessions WHERE date < ? ORDER BY date DESC, id DESC LIMIT 1",
                    (since,),
                ).fetchone()
                if before is not None:
                    wanted.add(int(before[0]))
            if plan_id is not None:
                wanted.update(
                    int(r[0])
                    for r in conn.execute("SELECT id FROM sessions WHERE plan_id = ?", (plan_id,))
                )
            if not wanted:
                return []
            # A temp table keeps the IN list out of SQLite's variable limit.
            conn.execute("CREATE TEMP TABLE IF NOT EXISTS _wanted (id INTEGER PRIMARY KEY)")
            conn.execute("DELETE FROM _wanted")
            conn.executemany("INSERT INTO _wanted VALUES (?)", [(i,) for i in wanted])
            return self._load_sessions(conn, "WHERE se.id IN (SELECT id FROM _wanted)", ())

    @_translated
    def get_session(self, session_id: int) -> LoggedSession:
        """The logged session with that id, or InvalidInput."""
        with self._read() as conn:
            found = self._load_sessions(conn, "WHERE se.id = ?", (session_id,))
        if not found:
            raise InvalidInput(
                f"no logged session with id {session_id}; see `runstrength log list`"
            )
        return found[0]

    @_translated
    def last_session(self) -> LoggedSession | None:
        """The most recently logged session (highest id), or None for an empty log."""
        with self._read() as conn:
            row = conn.execute("SELECT max(id) FROM sessions").fetchone()
            if row[0] is None:
                return None
            return self._load_sessions(conn, "WHERE se.id = ?", (row[0],))[0]

    @_translated
    def undo_last(self, expected_id: int | None = None) -> LoggedSession:
        """Remove the most recently logged session and return it.

        `expected_id` guards against another process logging between show and remove.
        """
        with self._write() as conn:
            row = conn.execute("SELECT max(id) FROM sessions").fetchone()
            if row[0] is None:
                raise InvalidInput("the log is empty; there is nothing to undo")
            sid = int(row[0])
            if expected_id is not None and sid != expected_id:
                raise StorageError(f"{self.path}: the log changed meanwhile; run the command again")
            removed = self._load_sessions(conn, "WHERE se.id = ?", (sid,))[0]
            conn.execute("DELETE FROM sets WHERE session_id = ?", (sid,))
            conn.execute("DELETE FROM sessions WHERE id = ?", (sid,))
            return removed

    @_translated
    def edit_session(
        self,
        session_id: int,
        *,
        date: dt.date | None = None,
        note: str | None = None,
        replace_sets: Mapping[str, Sequence[LoggedSet]] | None = None,
        remove: Iterable[str] = (),
    ) -> LoggedSession:
        """Correct one session in one transaction: its date, note, or one exercise's sets.

        `replace_sets` maps exercise id -> the sets that replace that exercise's sets (added
        when it had none); `remove` drops exercises. An empty note clears the note.
        """
        with self._write() as conn:
            if (
                conn.execute("SELECT 1 FROM sessions WHERE id = ?", (session_id,)).fetchone()
                is None
            ):
                raise InvalidInput(
                    f"no logged session with id {session_id}; see `runstrength log list`"
                )
            if date is not None:
                conn.execute(
                    "UPDATE sessions SET date = ? WHERE id = ?", (date.isoformat(), session_id)
                )
            if note is not None:
                conn.execute(
                    "UPDATE sessions SET note = ? WHERE id = ?", (note or None, session_id)
                )
            for exercise_id in remove:
                cur = conn.execute(
                    "DELETE FROM sets WHERE session_id = ? AND exercise_id = ?",
                    (session_id, exercise_id),
                )
                if cur.rowcount == 0:
                    raise InvalidInput(f"session {session_id} has no {exercise_id!r} sets")
            for exercise_id, new_sets in (replace_sets or {}).items():
                conn.execute(
                    "DELETE FROM sets WHERE session_id = ? AND exercise_id = ?",
                    (session_id, exercise_id),
                )
                conn.executemany(
                    _INSERT_SET,
                    [
                        (session_id, *_set_values(s._replace(exercise_id=exercise_id)))
                        for s in new_sets
                    ],
                )
            return self._load_sessions(conn, "WHERE se.id = ?", (session_id,))[0]

    @_translated
    def count(self) -> tuple[int, int]:
        """(sessions, sets) in the log."""
        with self._read() as conn:
            sessions = conn.execute("SELECT count(*) FROM sessions").fetchone()[0]
            sets = conn.execute("SELECT count(*) FROM sets").fetchone()[0]
        return int(sessions), int(sets)

    # ---- history (aggregated in SQL)

    @_translated
    def history(
        self,
        *,
        unit: LoadUnit,
        limits: E1rmLimits,
        hard_set_max_rir: int,
        patterns: Mapping[str, str] | None = None,
        exercise: str | None = None,
        since: dt.date | None = None,
        weeks_since: dt.date | None = None,
        trend_points: int = 24,
    ) -> HistoryReport:
        """Per lift: e1RM trend, best set, last session; per week: hard sets per pattern and
        plyometric contacts. Loads and e1RMs come back in `unit`.

        Everything is aggregated in SQL through indexes, so the cost grows with the number of
        lifts and weeks shown, not with the length of the log. The best set is the set with
        the highest e1RM since `since`; for a lift with no e1RM-valid set (bodyweight, holds)
        it is the biggest dose among the trend's sessions. Weeks are reported from
        `weeks_since` (default: `since`, else the whole log).
        """
        to_unit = 1.0 if unit is LoadUnit.KG else LB_PER_KG
        valid = _valid_sql(limits)
        points = max(trend_points, 1)
        date_cond, date_params = ("AND se.date >= ?", [since.isoformat()]) if since else ("", [])
        with self._read() as conn:
            if exercise is not None:
                exercises = [exercise]
            else:
                exercises = [
                    r[0]
                    for r in conn.execute(
                        """WITH RECURSIVE ex(id) AS (
                             SELECT min(exercise_id) FROM sets
                             UNION ALL
                             SELECT (SELECT min(exercise_id) FROM sets WHERE exercise_id > ex.id)
                             FROM ex WHERE ex.id IS NOT NULL)
                           SELECT id FROM ex WHERE id IS NOT NULL"""
                    )
                ]
            lifts: list[LiftHistory] = []
            for ex in exercises:
                latest = _latest_sessions(conn, ex, points, since)
                if not latest:
                    continue
                marks = ", ".join("?" for _ in latest)
                recent = conn.execute(
                    f"SELECT id, date FROM sessions WHERE id IN ({marks}) "
                    "ORDER BY date DESC, id DESC",
                    latest,
                ).fetchall()
                if not recent:
                    continue
                sids = [int(r[0]) for r in recent]
                marks = ", ".join("?" for _ in sids)
                best_by_session = {
                    int(r[0]): r[1]
                    for r in conn.execute(
                        f"""SELECT st.session_id, max({E1RM_KG_SQL}) FROM sets st
                            WHERE st.exercise_id = ? AND st.session_id IN ({marks}) AND {valid}
                            GROUP BY st.session_id""",
                        (ex, *sids),
                    )
                }
                trend = tuple(
                    TrendPoint(dt.date.fromisoformat(d), round(best_by_session[sid] * to_unit, 2))
                    for sid, d in reversed([(int(r[0]), r[1]) for r in recent])
                    if best_by_session.get(sid) is not None
                )
                # `> 0` lets the planner start the walk down the e1RM index past NULLs.
                best_row = conn.execute(
                    f"""SELECT st.*, se.date AS date, {E1RM_KG_SQL} AS e1rm_kg
                        FROM sets st JOIN sessions se ON se.id = st.session_id
                        WHERE st.exercise_id = ? AND {E1RM_KG_SQL} > 0 AND {valid} {date_cond}
                        ORDER BY {E1RM_KG_SQL} DESC, se.date, st.id LIMIT 1""",
                    (ex, *date_params),
                ).fetchone()
                if best_row is None:
                    best_row = conn.execute(
                        f"""SELECT st.*, se.date AS date, NULL AS e1rm_kg
                            FROM sets st JOIN sessions se ON se.id = st.session_id
                            WHERE st.exercise_id = ? AND st.session_id IN ({marks})
                            ORDER BY (st.load * CASE WHEN st.unit = 'lb' THEN ? ELSE 1.0 END)
                                     DESC NULLS LAST,
                                     st.reps DESC NULLS LAST, st.seconds DESC NULLS LAST,
                                     st.distance_m DESC NULLS LAST,
                                     st.contacts DESC NULLS LAST, se.date, st.id
                            LIMIT 1""",
                        (ex, *sids, 1 / LB_PER_KG),
                    ).fetchone()
                last_sets = tuple(
                    _in_unit(_set_from_row(r), unit)
                    for r in conn.execute(
                        "SELECT * FROM sets WHERE session_id = ? AND exercise_id = ? ORDER BY id",
                        (sids[0], ex),
                    )
                )
                best = None
                if best_row is not None:
                    best_set = _in_unit(_set_from_row(best_row), unit)
                    e1rm_kg = best_row["e1rm_kg"]
                    best = BestSet(
                        date=dt.date.fromisoformat(best_row["date"]),
                        reps=best_set.reps,
                        load=best_set.load,
                        rir=best_set.rir,
                        seconds=best_set.seconds,
                        e1rm=round(e1rm_kg * to_unit, 2) if e1rm_kg is not None else None,
                        contacts=best_set.contacts,
                        distance_m=best_set.distance_m,
                    )
                lifts.append(
                    LiftHistory(
                        exercise_id=ex,
                        trend=trend,
                        best=best,
                        last_date=dt.date.fromisoformat(recent[0][1]),
                        last_sets=last_sets,
                    )
                )
            weeks = self._weeks(
                conn,
                since=weeks_since or since,
                exercise=exercise,
                hard_set_max_rir=hard_set_max_rir,
                patterns=patterns or {},
            )
        return HistoryReport(unit=unit, lifts=lifts, weeks=weeks)

    @staticmethod
    def _weeks(
        conn: sqlite3.Connection,
        *,
        since: dt.date | None,
        exercise: str | None,
        hard_set_max_rir: int,
        patterns: Mapping[str, str],
    ) -> list[WeekHistory]:
        conds: list[str] = []
        params: list[Any] = []
        if since is not None:
            conds.append("se.date >= ?")
            params.append(since.isoformat())
        if exercise is not None:
            conds.append("se.id IN (SELECT session_id FROM sets WHERE exercise_id = ?)")
            params.append(exercise)
        where = f"WHERE {' AND '.join(conds)}" if conds else ""
        week = "date(se.date, '-6 days', 'weekday 1')"
        weeks = {
            r[0]: WeekHistory(dt.date.fromisoformat(r[0]), int(r[1]), {}, 0)
            for r in conn.execute(
                f"SELECT {week} AS wk, count(*) FROM sessions se {where} GROUP BY wk ORDER BY wk",
                params,
            )
        }
        only = "WHERE st.exercise_id = ?" if exercise is not None else ""
        # Sums per week and exercise in SQL; the few resulting rows fold into patterns here
        # (a json_each join would re-parse the pattern map for every set).
        for r in conn.execute(
            f"""SELECT {week} AS wk, st.exercise_id AS ex,
                  sum(st.rir IS NOT NULL AND st.rir <= ?) AS hard,
                  coalesce(sum(st.contacts), 0) AS contacts
                FROM (SELECT se.id, se.date FROM sessions se {where}) se
                JOIN sets st ON st.session_id = se.id
                {only}
                GROUP BY wk, ex ORDER BY wk, ex""",
            (hard_set_max_rir, *params, *([exercise] if exercise else [])),
        ):
            w = weeks[r["wk"]]
            if r["hard"]:
                pattern = patterns.get(r["ex"], "other")
                w.hard_sets[pattern] = w.hard_sets.get(pattern, 0) + int(r["hard"])
            weeks[r["wk"]] = w._replace(contacts=w.contacts + int(r["contacts"]))
        return list(weeks.values())

    # ---- profile, plan, maxes, settings

    @_translated
    def save_profile(self, profile: Profile) -> None:
        """Store `profile` as the runner's profile (replacing the previous one)."""
        with self._write() as conn:
            conn.execute(
                "INSERT INTO profile (id, json) VALUES (1, ?) ON CONFLICT (id) DO UPDATE "
                "SET json = excluded.json, saved_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now')",
                (profile.model_dump_json(),),
            )

    @_translated
    def load_profile(self) -> Profile | None:
        """The saved profile, or None when none was saved."""
        with self._read() as conn:
            row = conn.execute("SELECT json FROM profile WHERE id = 1").fetchone()
        if row is None:
            return None
        try:
            return Profile.model_validate_json(row["json"])
        except ValidationError as exc:
            raise StorageError(
                f"{self.path}: the saved profile cannot be read ({exc.errors()[0]['msg']}); "
                "save it again with `runstrength plan ... --save`"
            ) from None

    @_translated
    def profile_field(self, name: str) -> Any:
        """One top-level field of the saved profile as stored (not validated), or None."""
        with self._read() as conn:
            row = conn.execute(
                "SELECT json_extract(json, ?) FROM profile WHERE id = 1", (f"$.{name}",)
            ).fetchone()
        return row[0] if row is not None else None

    @_translated
    def save_plan(self, plan: Plan) -> int:
        """Store `plan` as the active plan; return its id in the log."""
        with self._write() as conn:
            cur = conn.execute("INSERT INTO plans (json) VALUES (?)", (plan.model_dump_json(),))
            return int(cur.lastrowid or 0)

    @_translated
    def active_plan(self) -> ActivePlan | None:
        """The plan saved last, or None."""
        with self._read() as conn:
            row = conn.execute("SELECT * FROM plans ORDER BY id DESC LIMIT 1").fetchone()
        if row is None:
            return None
        try:
            plan = Plan.model_validate_json(row["json"])
        except ValidationError as exc:
            raise StorageError(
                f"{self.path}: the saved plan cannot be read ({exc.errors()[0]['msg']}); "
                "save a new one with `runstrength plan ... --save`"
            ) from None
        return ActivePlan(id=int(row["id"]), plan=plan, saved_at=row["saved_at"])

    @_translated
    def set_max(self, exercise_id: str, e1rm: float, unit: LoadUnit, source: str = "seed") -> None:
        """Record a known max (an e1RM source) for one exercise, replacing an older one."""
        if not e1rm > 0:
            raise InvalidInput(f"a max must be above 0, got {e1rm:g}")
        with self._write() as conn:
            conn.execute(
                "INSERT INTO maxes (exercise_id, e1rm, unit, source) VALUES (?, ?, ?, ?) "
                "ON CONFLICT (exercise_id) DO UPDATE SET e1rm = excluded.e1rm, "
                "unit = excluded.unit, source = excluded.source",
                (exercise_id, float(e1rm), str(unit), source),
            )

    @_translated
    def maxes(self) -> dict[str, SavedMax]:
        """Every recorded max by exercise id."""
        with self._read() as conn:
            rows = conn.execute("SELECT * FROM maxes ORDER BY exercise_id").fetchall()
        return {
            r["exercise_id"]: SavedMax(
                r["exercise_id"], r["e1rm"], LoadUnit(r["unit"]), r["source"]
            )
            for r in rows
        }

    @_translated
    def set_setting(self, key: str, value: str | None) -> None:
        """Store one setting (None removes it)."""
        with self._write() as conn:
            if value is None:
                conn.execute("DELETE FROM settings WHERE key = ?", (key,))
            else:
                conn.execute(
                    "INSERT INTO settings (key, value) VALUES (?, ?) "
                    "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                    (key, value),
                )

    @_translated
    def settings(self) -> dict[str, str]:
        """Every stored setting."""
        with self._read() as conn:
            return {
                r[0]: r[1] for r in conn.execute("SELECT key, value FROM settings ORDER BY key")
            }

    # ---- export / import

    @_translated
    def export_data(self) -> dict[str, Any]:
        """Everything in the log as JSON-ready data (the `log export --format json` shape)."""
        with self._read() as conn:
            sessions = self._load_sessions(conn, "", ())
            profile = conn.execute("SELECT json FROM profile WHERE id = 1").fetchone()
            plans = conn.execute("SELECT * FROM plans ORDER BY id").fetchall()
            maxes = conn.execute("SELECT * FROM maxes ORDER BY exercise_id").fetchall()
            settings = conn.execute("SELECT key, value FROM settings ORDER BY key").fetchall()
        return {
            "format": EXPORT_FORMAT,
            "version": EXPORT_VERSION,
            "sessions": [session_dict(s) for s in sessions],
            "profile": json.loads(profile["json"]) if profile else None,
            "plans": [
                {"id": r["id"], "saved_at": r["saved_at"], "plan": json.loads(r["json"])}
                for r in plans
            ],
            "maxes": [{k: r[k] for k in ("exercise_id", "e1rm", "unit", "source")} for r in maxes],
            "settings": {r[0]: r[1] for r in settings},
        }

    def export_json(self) -> str:
        """The whole log as one JSON document."""
        return json.dumps(self.export_data(), indent=2, ensure_ascii=False) + "\n"

    @_translated
    def export_csv(self) -> str:
        """Sessions and sets as CSV, one row per set (a session without sets gets one row)."""
        with self._read() as conn:
            sessions = self._load_sessions(conn, "", ())
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(CSV_COLUMNS)
        for s in sessions:
            head = [s.id, s.date.isoformat(), s.plan_id, s.week, s.session, s.label, s.note]
            head.append(s.created_at)
            for st in s.sets or (None,):
                values = _set_dict(st) if st is not None else dict.fromkeys(SET_FIELDS)
                writer.writerow([_csv_cell(v) for v in (*head, *values.values())])
        return out.getvalue()

    def import_text(self, text: str, source: str = "input") -> ImportResult:
        """Import a JSON or CSV export (detected from the content) in one transaction."""
        stripped = text.lstrip()
        if stripped.startswith("{"):
            try:
                raw = json.loads(text)
            except json.JSONDecodeError as exc:
                raise InvalidInput(
                    f"{source}: not valid JSON ({exc.msg}, line {exc.lineno})"
                ) from None
            try:
                data = _Export.model_validate(raw)
            except ValidationError as exc:
                err = exc.errors()[0]
                where = ".".join(str(p) for p in err["loc"])
                raise InvalidInput(f"{source}: {where}: {err['msg']}") from None
            if data.format != EXPORT_FORMAT:
                raise InvalidInput(f"{source}: not a runstrength log export")
            if data.version > EXPORT_VERSION:
                raise InvalidInput(
                    f"{source}: written by a newer runstrength; upgrade to import it"
                )
            return self._import(data)
        return self._import(
            _Export(format=EXPORT_FORMAT, version=1, sessions=_parse_csv(text, source))
        )

    @_translated
    def _import(self, data: _Export) -> ImportResult:
        added = skipped = renumbered = 0
        with self._write() as conn:
            plan_ids: dict[int, int] = {}
            for p in data.plans:
                payload = json.dumps(p.plan, ensure_ascii=False)
                try:
                    Plan.model_validate(p.plan)
                except ValidationError as exc:
                    raise InvalidInput(f"plan {p.id}: {exc.errors()[0]['msg']}") from None
                row = conn.execute("SELECT json FROM plans WHERE id = ?", (p.id,)).fetchone()
                if row is None:
                    conn.execute(
                        "INSERT INTO plans (id, json, saved_at) VALUES (?, ?, ?)",
                        (p.id, payload, p.saved_at),
                    )
                    plan_ids[p.id] = p.id
                elif json.loads(row["json"]) == p.plan:
                    plan_ids[p.id] = p.id
                else:
                    cur = conn.execute(
                        "INSERT INTO plans (json, saved_at) VALUES (?, ?)", (payload, p.saved_at)
                    )
                    plan_ids[p.id] = int(cur.lastrowid or 0)
            clashing: list[LoggedSession] = []
            for row in data.sessions:
                incoming = _session_from_row(row)
                if incoming.plan_id is not None:
                    incoming = incoming._replace(
                        plan_id=plan_ids.get(incoming.plan_id, incoming.plan_id)
                    )
                existing = self._load_sessions(conn, "WHERE se.id = ?", (row.id,))
                if existing and existing[0] == incoming:
                    skipped += 1
                elif existing:
                    clashing.append(incoming)
                else:
                    _insert_session(conn, incoming, keep_id=True)
                    added += 1
            # Sessions whose id is taken get new ids only after every free id is used, so
            # they never steal the id of a later session in the same import.
            for incoming in clashing:
                _insert_session(conn, incoming, keep_id=False)
                added += 1
                renumbered += 1
            if data.profile is not None:
                try:
                    profile = Profile.model_validate(data.profile)
                except ValidationError as exc:
                    raise InvalidInput(f"profile: {exc.errors()[0]['msg']}") from None
                conn.execute(
                    "INSERT INTO profile (id, json) VALUES (1, ?) ON CONFLICT (id) DO UPDATE "
                    "SET json = excluded.json",
                    (profile.model_dump_json(),),
                )
            for m in data.maxes:
                conn.execute(
                    "INSERT INTO maxes (exercise_id, e1rm, unit, source) VALUES (?, ?, ?, ?) "
                    "ON CONFLICT (exercise_id) DO UPDATE SET e1rm = excluded.e1rm, "
                    "unit = excluded.unit, source = excluded.source",
                    (m.exercise_id, m.e1rm, str(m.unit), m.source),
                )
            for key, value in data.settings.items():
                conn.execute(
                    "INSERT INTO settings (key, value) VALUES (?, ?) "
                    "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                    (key, value),
                )
        return ImportResult(added=added, skipped=skipped, renumbered=renumbered)


# --------------------------------------------------------------------------- export helpers


def _insert_session(conn: sqlite3.Connection, s: LoggedSession, *, keep_id: bool) -> int:
    cur = conn.execute(
        "INSERT INTO sessions (id, date, plan_id, week, session, label, note, created_at) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        (
            s.id if keep_id else None,
            s.date.isoformat(),
            s.plan_id,
            s.week,
            s.session,
            s.label,
            s.note,
            s.created_at,
        ),
    )
    sid = int(cur.lastrowid or 0)
    conn.executemany(_INSERT_SET, [(sid, *_set_values(st)) for st in s.sets])
    return sid


def _set_dict(s: LoggedSet) -> dict[str, Any]:
    return {
        name: (str(v) if isinstance(v, LoadUnit) else v)
        for name, v in ((n, getattr(s, n)) for n in SET_FIELDS)
    }


def session_dict(s: LoggedSession) -> dict[str, Any]:
    return {
        "id": s.id,
        "date": s.date.isoformat(),
        "plan_id": s.plan_id,
        "week": s.week,
        "session": s.session,
        "label": s.label,
        "note": s.note,
        "created_at": s.created_at,
        "sets": [_set_dict(st) for st in s.sets],
    }


def _session_from_row(s: _SessionRow) -> LoggedSession:
    return LoggedSession(
        id=s.id,
        date=s.date,
        plan_id=s.plan_id,
        week=s.week,
        session=s.session,
        label=s.label,
        note=s.note,
        created_at=s.created_at,
        sets=tuple(LoggedSet(**st.model_dump()) for st in s.sets),
    )


def _csv_cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        return repr(value)
    return str(value)


def _parse_csv(text: str, source: str) -> list[_SessionRow]:
    reader = csv.DictReader(io.StringIO(text))
    if reader.fieldnames is None or tuple(reader.fieldnames) != CSV_COLUMNS:
        raise InvalidInput(
            f"{source}: not a runstrength log export (the CSV header must be "
            f"{','.join(CSV_COLUMNS)})"
        )
    sessions: dict[int, dict[str, Any]] = {}
    for line_no, row in enumerate(reader, start=2):
        cells = {k: (v if v != "" else None) for k, v in row.items()}
        try:
            sid = int(cells["session_id"] or "")
        except ValueError:
            raise InvalidInput(f"{source}:{line_no}: session_id must be a number") from None
        session = sessions.setdefault(
            sid,
            {
                "id": sid,
                **{k: cells[k] for k in SESSION_FIELDS[1:]},
                "sets": [],
            },
        )
        if session["created_at"] is None:
            session["created_at"] = ""
        if cells["exercise_id"] is not None:
            session["sets"].append({k: cells[k] for k in SET_FIELDS})
    try:
        return [_SessionRow.model_validate(s) for s in sessions.values()]
    except ValidationError as exc:
        err = exc.errors()[0]
        where = ".".join(str(p) for p in err["loc"])
        raise InvalidInput(f"{source}: {where}: {err['msg']}") from None


# --------------------------------------------------------------------------- synthetic data


def generate_log(
    log: SessionLog,
    n_sets: int = 100_000,
    *,
    end: dt.date = dt.date(2026, 1, 1),
    seed: int = 0,
    unit: LoadUnit = LoadUnit.KG,
) -> tuple[int, int]:
    """Fill `log` with a plausible synthetic history of about `n_sets` sets ending on `end`,
    one session a day (for benchmarks and tests); return (sessions, sets) written.

    Deterministic for a given seed; written in one transaction, bypassing the per-session
    path for speed.
    """
    import random

    rng = random.Random(seed)
    lifts = {
        "trap-bar-deadlift": 80.0,
        "back-squat": 60.0,
        "split-squat": 20.0,
        "single-leg-romanian-deadlift": 16.0,
        "bent-knee-calf-raise": 30.0,
    }
    holds = ("side-plank", "front-plank")
    plyo = ("pogos", "hop-and-stick")
    sessions: list[list[tuple[Any, ...]]] = []
    total = 0
    while total < n_sets:
        rows: list[tuple[Any, ...]] = []
        exercise = rng.choice(plyo)
        for n in range(1, 4):
            rows.append((exercise, n, 10, None, None, None, 10, None, None, None))
        cycle = (len(sessions) % 120) / 120  # a slow 20 % climb, then back down
        for exercise in rng.sample(list(lifts), 3):
            load = round(lifts[exercise] * (1 + 0.2 * cycle) / 2.5) * 2.5
            for n in range(1, rng.randint(2, 4) + 1):
                reps, rir = rng.randint(4, 12), rng.randint(0, 5)
                pain = rng.choice((None, 0, 0, 0, 2, 5))
                rows.append((exercise, n, reps, load, str(unit), None, None, None, rir, pain))
        exercise = rng.choice(holds)
        for n in range(1, 3):
            rows.append(
                (exercise, n, None, None, None, rng.randint(20, 60), None, None, None, None)
            )
        sessions.append(rows)
        total += len(rows)
    conn = log._conn
    first = end - dt.timedelta(days=len(sessions) - 1)
    with log._write():
        for offset, rows in enumerate(sessions):
            day = first + dt.timedelta(days=offset)
            cur = conn.execute(
                "INSERT INTO sessions (date, note) VALUES (?, ?)",
                (day.isoformat(), "synthetic" if offset % 10 == 0 else None),
            )
            sid = int(cur.lastrowid or 0)
            conn.executemany(
                "INSERT INTO sets (session_id, exercise_id, set_no, reps, load, unit, seconds, "
                "contacts, distance_m, rir, pain) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [(sid, *row) for row in rows],
            )
    return len(sessions), total


__all__ = [
    "ActivePlan",
    "BestSet",
    "E1rmLimits",
    "HistoryReport",
    "ImportResult",
    "LiftHistory",
    "LoggedSession",
    "LoggedSet",
    "SavedMax",
    "SessionLog",
    "TrendPoint",
    "WeekHistory",
    "convert_load",
    "generate_log",
    "session_dict",
]
