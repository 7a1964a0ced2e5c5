"""The parts of a JSON log export besides sessions, plans and saved settings (export
version 2): imported runs (migration m004), pain check-ins and next-morning pain (m005);
version 3: the exercises a logged plan session did without on purpose (m007); version 5: the
reports naming nowhere that a next-morning report replaced (`replaced`, m010), so `log undo`
of it brings them back in the log the file is imported into as in the one it came from.

Each part is a list of its table's rows, every column by name. `check_parts` checks every
row before anything is written (the import is all or nothing); `export_parts` reads them
and `import_parts` writes them. A row already in the log (the same run key; the same
check-in or report) is skipped, so importing a file twice adds nothing; a row keeps its id
when that id is free in the log, else it gets a new one. A version 1 file has none of these
parts and imports as before, a version 2 file no skipped exercises, a version 3 file no
regions for its next-morning reports, a version 4 file no `replaced` (NULL: it replaced
none, as a report written before m010 is read) (`Part.added`).
"""

import datetime as dt
import json
import re
import sqlite3
from collections.abc import Collection, Mapping, Sequence
from typing import Any, NamedTuple

from runstrength.enums import PainRegion
from runstrength.errors import InvalidInput
from runstrength.log.pain_types import stored_replaced
from runstrength.log.records import MAX_EXERCISE_ID, MAX_ID, check_pain_regions
from runstrength.log.spec import check_date, check_int, check_number, check_text, shown_text

_STAMP = 40  # created_at: an ISO timestamp
_START = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}Z")
_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_STAMP_TEXT = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}(\.[0-9]{1,6})?Z")
MAX_REPLACED = 10_000  # reports one report replaced: far more than a session ever gets
MAX_DISTANCE_M = 1_000_000.0  # the readers' own bounds (watch.run_model.make_run)
MAX_DURATION_S = 14 * 86400.0


class Part(NamedTuple):
    """One table in the export: its key in the JSON file, its columns (in export order),
    the columns that say a row is already in the log, and the columns a later export
    version added (column -> that version): a file from before has none of them."""

    key: str
    table: str
    columns: tuple[str, ...]
    identity: tuple[str, ...]
    added: Mapping[str, int] = {}

    def filled(self, rows: Sequence[Any], version: int) -> list[Any]:
        """`rows` of a file of export `version`, the columns added after it as None (a
        row that is no object is left for `check_parts` to refuse)."""
        later = {c: None for c, since in self.added.items() if since > version}
        if not later:
            return list(rows)
        return [{**later, **row} if isinstance(row, dict) else row for row in rows]


_RUN_COLUMNS = (
    "id", "date", "start", "distance_m", "duration_s", "sport", "hard", "avg_hr",
    "source", "source_format", "key", "batch", "created_at",
)  # fmt: skip
RUNS = Part("runs", "runs", _RUN_COLUMNS, ("key",))
CHECKINS = Part(
    "pain_checkins",
    "pain_checkins",
    ("id", "region", "date", "created_at"),
    ("region", "date", "created_at"),
)
NEXT_DAY = Part(
    "next_day_pain",
    "next_day_pain",
    ("id", "session_id", "exercise_id", "pain", "created_at", "pain_regions", "replaced"),
    ("session_id", "exercise_id", "pain", "created_at"),
    # where it hurt (`pain-next-day --where`, m008); the reports it replaced, as
    # [[pain, created_at], ...] or null (m010)
    {"pain_regions": 4, "replaced": 5},
)
SKIPPED = Part(  # version 3: the exercises a plan session did without (the walk's `skip`)
    "skipped_exercises",
    "skipped_exercises",
    ("id", "session_id", "exercise_id", "created_at"),
    ("session_id", "exercise_id"),
)
PARTS = (RUNS, CHECKINS, NEXT_DAY, SKIPPED)


def export_parts(conn: sqlite3.Connection) -> dict[str, list[dict[str, Any]]]:
    """Every row of every part, in id order, as JSON-ready data (`hard` as true/false)."""
    out: dict[str, list[dict[str, Any]]] = {}
    for part in PARTS:
        rows = conn.execute(f"SELECT {', '.join(part.columns)} FROM {part.table} ORDER BY id")
        out[part.key] = [dict(zip(part.columns, row, strict=True)) for row in rows]
    for run in out[RUNS.key]:
        run["hard"] = None if run["hard"] is None else bool(run["hard"])
    for report in out[NEXT_DAY.key]:  # the stored JSON text as the JSON it holds
        pairs = stored_replaced(report["replaced"])
        report["replaced"] = [list(pair) for pair in pairs] if pairs else None
    return out


def check_parts(
    parts: Mapping[str, Sequence[Any]],
    source: str,
    session_ids: Collection[int],
    known: Collection[str] | None,
    max_rows: int,
) -> None:
    """Every row of every part as the log would hold it, or one InvalidInput naming it."""
    checks = {
        RUNS.key: _check_run,
        CHECKINS.key: _check_checkin,
        NEXT_DAY.key: _check_next_day,
        SKIPPED.key: _check_skipped,
    }
    for part in PARTS:
        rows = parts.get(part.key, [])
        if len(rows) > max_rows:
            raise InvalidInput(f"{source}: more than {max_rows} {part.key}")
        ids: set[int] = set()
        for i, row in enumerate(rows):
            where = f"{source}: {part.key}[{i}]"
            _exact_fields(row, part.columns, where)
            check_int(row["id"], f"{where}: id", 1, MAX_ID)
            if row["id"] in ids:
                raise InvalidInput(f"{where}: id {row['id']} appears twice")
            ids.add(row["id"])
            check_text(row["created_at"], f"{where}: created_at", _STAMP)
            checks[part.key](row, where, session_ids, known)


def _exact_fields(row: Any, columns: tuple[str, ...], where: str) -> None:
    if not isinstance(row, dict):
        raise InvalidInput(f"{where}: not an object with {', '.join(columns)}")
    missing = [c for c in columns if c not in row]
    if missing:
        raise InvalidInput(f"{where}: {missing[0]}: Field required")
    extra = [k for k in row if k not in columns]
    if extra:
        raise InvalidInput(f"{where}: unknown field {shown_text(extra[0])}")


def _date(value: Any, what: str) -> None:
    if not isinstance(value, str) or not _DATE.fullmatch(value):
        raise InvalidInput(f"{what}: not a date (YYYY-MM-DD)")
    try:
        day = dt.date.fromisoformat(value)
    except ValueError:
        raise InvalidInput(f"{what}: {value} is not a date") from None
    check_date(day, what)


def _at_least_zero(value: Any, what: str, high: float) -> None:
    if value != 0 or isinstance(value, bool):
        check_number(value, what, 0, high)


def _check_run(row: dict[str, Any], where: str, _ids: object, _known: object) -> None:
    from typing import get_args

    from runstrength.watch.run_model import SourceFormat, Sport

    _date(row["date"], f"{where}: date")
    start = row["start"]
    if not isinstance(start, str) or not _START.fullmatch(start):
        raise InvalidInput(f"{where}: start: not a UTC time like 2026-05-01T06:30:00Z")
    try:
        dt.datetime.fromisoformat(start.replace("Z", "+00:00"))
    except ValueError:
        raise InvalidInput(f"{where}: start: {start} is not a time") from None
    _at_least_zero(row["distance_m"], f"{where}: distance_m", MAX_DISTANCE_M)
    _at_least_zero(row["duration_s"], f"{where}: duration_s", MAX_DURATION_S)
    if row["sport"] not in get_args(Sport):
        raise InvalidInput(f"{where}: sport: one of {', '.join(get_args(Sport))}")
    if row["source_format"] not in get_args(SourceFormat):
        raise InvalidInput(f"{where}: source_format: one of {', '.join(get_args(SourceFormat))}")
    if row["hard"] is not None and not isinstance(row["hard"], bool):
        raise InvalidInput(f"{where}: hard: true, false or null")
    if row["avg_hr"] is not None:
        check_int(row["avg_hr"], f"{where}: avg_hr", 1, 300)
    check_text(row["source"], f"{where}: source", 4096, empty=False)
    check_int(row["batch"], f"{where}: batch", 1, MAX_ID)
    # The key is the run's identity (start second / metres): it must be this run's own.
    if row["key"] != f"{start}/{round(row['distance_m'])}":
        raise InvalidInput(f"{where}: key: not {start}/{round(row['distance_m'])}")


def _check_checkin(row: dict[str, Any], where: str, _ids: object, _known: object) -> None:
    if row["region"] not in {r.value for r in PainRegion}:
        names = ", ".join(r.value for r in PainRegion)
        raise InvalidInput(f"{where}: region: one of {names}")
    _date(row["date"], f"{where}: date")


def _check_next_day(
    row: dict[str, Any], where: str, session_ids: Collection[int], known: Collection[str] | None
) -> None:
    _check_session_exercise(row, where, session_ids, known, required=False)
    check_int(row["pain"], f"{where}: pain", 0, 10)
    if row["pain_regions"] is not None:
        check_pain_regions(row["pain_regions"], row["pain"], f"{where}: pain_regions")
    _check_replaced(row, f"{where}: replaced")


def _check_replaced(row: dict[str, Any], what: str) -> None:
    """`replaced`: null, or the [pain, created_at] pairs of the reports naming nowhere that
    this report replaced; only a report naming where (an exercise or regions) replaces."""
    replaced = row["replaced"]
    if replaced is None or replaced == []:
        return
    if not isinstance(replaced, list) or len(replaced) > MAX_REPLACED:
        raise InvalidInput(f"{what}: not null or a list of [pain, created_at] pairs")
    if row["exercise_id"] is None and row["pain_regions"] is None:
        raise InvalidInput(f"{what}: only a report naming an exercise or regions replaces others")
    for i, pair in enumerate(replaced):
        if not isinstance(pair, list) or len(pair) != 2:
            raise InvalidInput(f"{what}[{i}]: not a [pain, created_at] pair")
        check_int(pair[0], f"{what}[{i}]: pain", 0, 10)
        check_stamp(pair[1], f"{what}[{i}]: created_at")


def check_stamp(value: Any, what: str) -> None:
    """A time the log wrote (`records.NOW_SQL`, e.g. 2026-05-01T06:30:00.123Z), or one
    InvalidInput: `log undo` compares these as text to find what was logged last, so any
    other spelling would sort wrong."""
    if not isinstance(value, str) or not _STAMP_TEXT.fullmatch(value):
        raise InvalidInput(f"{what}: not a UTC time like 2026-05-01T06:30:00.000Z")
    try:
        day = dt.datetime.fromisoformat(value.replace("Z", "+00:00")).date()
    except ValueError:
        raise InvalidInput(f"{what}: {value} is not a time") from None
    check_date(day, what)


def _check_skipped(
    row: dict[str, Any], where: str, session_ids: Collection[int], known: Collection[str] | None
) -> None:
    _check_session_exercise(row, where, session_ids, known, required=True)


def _check_session_exercise(
    row: dict[str, Any],
    where: str,
    session_ids: Collection[int],
    known: Collection[str] | None,
    *,
    required: bool,
) -> None:
    """A row's session (one of the file's) and exercise id (None allowed unless
    `required`)."""
    if type(row["session_id"]) is not int or row["session_id"] not in session_ids:
        raise InvalidInput(f"{where}: session_id: not a session in the file")
    exercise = row["exercise_id"]
    if exercise is not None or required:
        check_text(exercise, f"{where}: exercise_id", MAX_EXERCISE_ID, empty=False)
        if known is not None and exercise not in known:
            raise InvalidInput(f"{where}: unknown exercise id {exercise!r}")


def import_parts(
    conn: sqlite3.Connection,
    parts: Mapping[str, Sequence[dict[str, Any]]],
    session_ids: Mapping[int, int],
) -> dict[str, int]:
    """Write the checked parts (inside the import's transaction); how many rows of each
    were added. `session_ids` maps the file's session ids to the log's."""
    runs = [dict(r, hard=None if r["hard"] is None else int(r["hard"])) for r in parts[RUNS.key]]
    if runs:
        # Each import stays its own batch (`runs undo`): the file's batches go after the log's.
        offset = int(conn.execute("SELECT coalesce(max(batch), 0) FROM runs").fetchone()[0])
        runs = [dict(r, batch=r["batch"] + offset) for r in runs]
    mornings = [
        dict(
            r,
            session_id=session_ids[r["session_id"]],
            # stored as clearance.add_next_day writes it (m010); none replaced is NULL
            replaced=json.dumps(r["replaced"]) if r["replaced"] else None,
        )
        for r in parts[NEXT_DAY.key]
    ]
    skips = [dict(r, session_id=session_ids[r["session_id"]]) for r in parts[SKIPPED.key]]
    return {
        RUNS.key: merge_rows(conn, RUNS, runs),
        CHECKINS.key: merge_rows(conn, CHECKINS, parts[CHECKINS.key]),
        NEXT_DAY.key: merge_rows(conn, NEXT_DAY, mornings),
        SKIPPED.key: merge_rows(conn, SKIPPED, skips),
    }


def merge_rows(conn: sqlite3.Connection, part: Part, rows: Sequence[dict[str, Any]]) -> int:
    """Insert the rows not in the log yet (by `part.identity`); return how many.

    A row keeps its id when it is free; the others get new ids only after every free id
    is used, so they never take the id of a later row of the same file."""
    same = " AND ".join(f"{c} IS ?" for c in part.identity)
    insert = (
        f"INSERT INTO {part.table} ({', '.join(part.columns)}) "
        f"VALUES ({', '.join('?' for _ in part.columns)})"
    )

    def present(row: Mapping[str, Any]) -> bool:
        found = conn.execute(
            f"SELECT 1 FROM {part.table} WHERE {same} LIMIT 1", [row[c] for c in part.identity]
        )
        return found.fetchone() is not None

    added, clashing = 0, []
    for row in rows:
        if present(row):
            continue
        if conn.execute(f"SELECT 1 FROM {part.table} WHERE id = ?", (row["id"],)).fetchone():
            clashing.append(row)
            continue
        conn.execute(insert, [row[c] for c in part.columns])
        added += 1
    for row in clashing:
        if not present(row):
            conn.execute(insert, [None if c == "id" else row[c] for c in part.columns])
            added += 1
    return added
