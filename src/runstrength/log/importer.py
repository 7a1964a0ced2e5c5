"""`log import`: a JSON or CSV log export read back in one transaction.

Loaded only when a file is imported (log/transfer.py's `Transfer.import_text`): its
checks and the pydantic model of an export cost every other command nothing.
"""

import csv
import datetime as dt
import functools
import io
import json
from collections.abc import Callable, Collection
from typing import Any, NamedTuple

from pydantic import BaseModel, ConfigDict, PrivateAttr, TypeAdapter, ValidationError

from runstrength.catalog_checks import field_path
from runstrength.enums import LoadUnit
from runstrength.errors import InvalidInput
from runstrength.log.catalog_setting import CATALOGS_SETTING, parse_catalogs
from runstrength.log.db import Database, translated
from runstrength.log.export import EXPORT_FORMAT, EXPORT_VERSION
from runstrength.log.plan_sanity import plan_problem
from runstrength.log.records import (
    CSV_COLUMNS,
    MAX_EXERCISE_ID,
    MAX_ID,
    SESSION_FIELDS,
    SET_FIELDS,
    LoggedSession,
    SavedMax,
    check_session,
    check_set,
    csv_uncell,
)
from runstrength.log.saved import RESUMED_SETTING, UPSERT_MAX, UPSERT_PROFILE, UPSERT_SETTING
from runstrength.log.spec import (
    MAX_LOAD,
    check_date,
    check_int,
    check_number,
    check_text,
    parse_load,
    strict_date,
    strict_int,
)
from runstrength.log.transfer import ImportResult
from runstrength.log.transfer_parts import PARTS, check_parts, check_stamp, import_parts
from runstrength.log.transfer_write import PlanRow, import_plans, import_sessions
from runstrength.model_json import profile_json
from runstrength.models import Plan, Profile
from runstrength.values import first_problem, loc_path, quietly_converted

# Bounds on what `log import` reads: a real log export is a few MB (10 years of training:
# ~3 MB); /dev/zero or a 1M-row file is refused before it can take the machine's memory.
MAX_IMPORT_BYTES = 32 * 2**20
MAX_IMPORT_CHARS = MAX_IMPORT_BYTES
MAX_IMPORT_ROWS = 200_000  # CSV rows, JSON sessions and JSON sets each
MAX_INCREMENT = 25.0


class _Row(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid", defer_build=True)


@functools.cache
def _session_adapter() -> TypeAdapter[LoggedSession]:
    """Built on first use: only `log import` needs it, and building a validator (with
    pydantic's plugin machinery) would cost every command that opens the log ~15 ms."""
    return TypeAdapter(LoggedSession)


class _Export(_Row):
    format: str
    version: int
    # The records themselves validate the sessions, sets and maxes (unknown keys refused).
    sessions: list[LoggedSession]
    profile: dict[str, Any] | None = None
    plans: list[PlanRow] = []
    maxes: list[SavedMax] = []
    settings: dict[str, str] = {}
    # Version 2 (transfer_parts checks every row of these by hand, column by column).
    runs: list[Any] = []
    pain_checkins: list[Any] = []
    next_day_pain: list[Any] = []
    skipped_exercises: list[Any] = []  # version 3
    # Version 5: each set's created_at (m009), by the file's session id; taken out of the
    # sets before they are read as LoggedSet (`_take_set_times`). A set without one (an
    # older file, a CSV) is written with NULL, as a set logged before m009 has it.
    _set_times: dict[int, list[str | None]] = PrivateAttr(default_factory=dict)

    def set_times(self) -> dict[int, list[str | None]]:
        return self._set_times

    def parts(self) -> dict[str, list[Any]]:
        return {part.key: part.filled(getattr(self, part.key), self.version) for part in PARTS}


# The exercise ids an import may hold: given, or worked out from the catalog files the
# export's log was saved with (`settings.catalogs`; none for a CSV export). None from the
# function: those files are not here, so an id outside the shipped catalog cannot be told
# from a typo and is taken as it is, its text checked as ever.
Known = Collection[str] | Callable[[list[str]], Collection[str] | None]


def import_text(
    db: Database,
    text: str,
    source: str = "input",
    known: Known | None = None,
    today: dt.date | None = None,
) -> ImportResult:
    """Import a JSON or CSV export (detected from the content) into `db` in one transaction.

    All or nothing, and nothing altered on the way: every row is checked first (numbers
    finite and plausible, dates 1900–2100, text printable, exercise ids in `known` when
    given, plan ids that exist), and a duplicate id or a CSV session whose rows disagree
    is refused; the first problem is one InvalidInput line naming its row. A callable
    `known` is given the export's saved catalog files (its own exercises count as known;
    None from it checks no id: the files are elsewhere, and the log is kept whole).
    With `today`, a session dated after it is refused, as `log` refuses one.
    """
    try:
        data, lines = _parse(text, source)
        if callable(known):
            known = known(parse_catalogs(data.settings.get(CATALOGS_SETTING)) or [])
        # a CSV export holds no plans (`lines`: it was one)
        return _import(db, data, source, known, with_plans=lines is None, lines=lines, today=today)
    except RecursionError:
        raise InvalidInput(f"{source}: nested too deeply to be a log export") from None
    except MemoryError:
        raise InvalidInput(f"{source}: too large to import") from None


class CsvLines(NamedTuple):
    """Where a CSV import's session came from: the line of its first row and of each set
    (a problem is said at its line, as the roster's are)."""

    first: int
    sets: list[int]


def _parse(text: str, source: str) -> tuple["_Export", dict[int, CsvLines] | None]:
    """The export, and for a CSV one each session's lines (by session id)."""
    if len(text) > MAX_IMPORT_CHARS:
        raise InvalidInput(f"{source}: larger than {MAX_IMPORT_CHARS // 2**20} MB")
    stripped = text.lstrip()
    if stripped.startswith("["):  # JSON, but no export: said before CSV reads it (it read
        # 100,000 nested brackets as one CSV field "larger than field limit")
        raise InvalidInput(
            f"{source}: not a runstrength log export (a JSON export is one object, "
            "`runstrength log export` writes it)"
        )
    if not stripped.startswith("{"):
        sessions, lines = _parse_csv(text, source)
        return _Export(format=EXPORT_FORMAT, version=1, sessions=sessions), lines
    try:
        raw = json.loads(text, parse_constant=_no_constant)
    except json.JSONDecodeError as exc:
        raise InvalidInput(f"{source}: not valid JSON ({exc.msg}, line {exc.lineno})") from None
    except ValueError as exc:  # NaN/Infinity, or an integer past the digit limit
        if "digits" in str(exc):  # Python's own advice (set_int_max_str_digits) is no help
            raise InvalidInput(f"{source}: a number with thousands of digits") from None
        raise InvalidInput(f"{source}: {str(exc).splitlines()[0][:120]}") from None
    times: list[list[str | None]] = []
    if isinstance(raw, dict):
        times = _take_set_times(raw, source)
        for part in ("sessions", "maxes"):
            _no_bools(raw.get(part), f"{source}: {part}")
    try:
        data = _Export.model_validate(raw)
    except ValidationError as exc:
        err = exc.errors()[0]
        raise InvalidInput(f"{source}: {loc_path(err['loc'])}: {err['msg']}") from None
    if data.format != EXPORT_FORMAT:
        raise InvalidInput(f"{source}: not a runstrength log export")
    if data.version > EXPORT_VERSION:
        raise InvalidInput(f"{source}: written by a newer runstrength; upgrade to import it")
    # (a duplicate session id is refused by _check_sessions before anything is written)
    data._set_times = {s.id: t for s, t in zip(data.sessions, times, strict=False)}
    return data, None


SET_TIMES_SINCE = 5  # the export version whose sets carry their created_at (m009)


def _take_set_times(raw: dict[str, Any], source: str) -> list[list[str | None]]:
    """A version 5 file's sets' `created_at`, taken out of each set (LoggedSet has no such
    field) and checked (transfer_parts.check_stamp, or null): one list per session, in
    file order. None for an older file, whose sets have no such field (one that has it is
    refused as ever, by the set's validation); what is not a list of sets is left to it."""
    version, sessions = raw.get("version"), raw.get("sessions")
    if type(version) is not int or version < SET_TIMES_SINCE or not isinstance(sessions, list):
        return []
    out: list[list[str | None]] = []
    for i, session in enumerate(sessions[: MAX_IMPORT_ROWS + 1]):
        sets = session.get("sets") if isinstance(session, dict) else None
        times: list[str | None] = []
        for j, st in enumerate(sets[: MAX_IMPORT_ROWS + 1] if isinstance(sets, list) else []):
            if not isinstance(st, dict):
                continue  # the set's validation says what it is not
            where = f"{source}: sessions[{i}]: set {j + 1}: created_at"
            if "created_at" not in st:
                raise InvalidInput(f"{where}: Field required")
            at = st.pop("created_at")
            if at is not None:
                check_stamp(at, where)
            times.append(at)
        out.append(times)
    return out


def _checked(
    data: "_Export",
    source: str,
    known: Collection[str] | None,
    lines: dict[int, CsvLines] | None = None,
    today: dt.date | None = None,
) -> tuple[list[tuple[PlanRow, Plan]], Profile | None]:
    """Every row checked before anything is written (see import_text)."""
    _check_sessions(data.sessions, source, known, lines, today)
    plans = _check_plans(data.plans, source)
    profile = _check_saved(data, source, known)
    sessions = {s.id for s in data.sessions}
    check_parts(data.parts(), source, sessions, known, MAX_IMPORT_ROWS)
    return plans, profile


@translated
def _import(
    db: Database,
    data: "_Export",
    source: str = "input",
    known: Collection[str] | None = None,
    *,
    with_plans: bool = True,
    lines: dict[int, CsvLines] | None = None,
    today: dt.date | None = None,
) -> ImportResult:
    plans, profile = _checked(data, source, known, lines, today)
    with db._write() as conn:
        plan_ids = import_plans(conn, plans)
        done = import_sessions(
            conn, data.sessions, plan_ids, source, with_plans=with_plans, times=data.set_times()
        )
        if profile is not None:
            conn.execute(UPSERT_PROFILE, (profile_json(profile),))
        for m in data.maxes:
            conn.execute(UPSERT_MAX, (m.exercise_id, m.e1rm, str(m.unit), m.source))
        for key, value in data.settings.items():
            if key == RESUMED_SETTING:  # names a plan by its id: the log's id now
                plan, day = value.split()
                value = f"{plan_ids.get(int(plan), int(plan))} {day}"
            conn.execute(UPSERT_SETTING, (key, value))
        extra = import_parts(conn, data.parts(), done.ids)
    return ImportResult(
        added=done.added,
        skipped=done.skipped,
        renumbered=done.renumbered,
        runs=extra["runs"],
        pain=extra["pain_checkins"] + extra["next_day_pain"],
        relinked=done.relinked,
        edited=done.edited,
    )


def _check_sessions(
    sessions: list[LoggedSession],
    source: str,
    known: Collection[str] | None,
    lines: dict[int, CsvLines] | None = None,
    today: dt.date | None = None,
) -> None:
    """Every session checked (records.check_session); a problem named by its path in a
    JSON export, by its line in a CSV one (`lines`). With `today`, none dated after it."""
    if len(sessions) > MAX_IMPORT_ROWS:
        raise InvalidInput(f"{source}: more than {MAX_IMPORT_ROWS} sessions")
    if sum(len(s.sets) for s in sessions) > MAX_IMPORT_ROWS:
        raise InvalidInput(f"{source}: more than {MAX_IMPORT_ROWS} sets")
    seen: dict[int, int] = {}
    for i, s in enumerate(sessions):
        at = lines.get(s.id) if lines is not None else None
        if today is not None and s.date > today:
            place = f"{source}:{at.first}" if at is not None else f"{source}: sessions[{i}]"
            raise InvalidInput(
                f"{place}: date: {s.date.isoformat()} is after today ({today.isoformat()}); "
                "a log holds what was done"
            )
        if at is not None:
            check_session(s._replace(sets=()), f"{source}:{at.first}", known)
            for st, line in zip(s.sets, at.sets, strict=True):
                check_set(st, f"{source}:{line}", known)
            continue
        where = f"{source}: sessions[{i}]"
        if s.id in seen:
            raise InvalidInput(f"{where}: id {s.id} appears twice (also sessions[{seen[s.id]}])")
        seen[s.id] = i
        check_session(s, where, known)


def _check_plans(rows: list[PlanRow], source: str) -> list[tuple[PlanRow, Plan]]:
    plans: list[tuple[PlanRow, Plan]] = []
    plan_ids: set[int] = set()
    for i, p in enumerate(rows):
        where = f"{source}: plans[{i}]"
        check_int(p.id, f"{where}: id", 1, MAX_ID)
        if p.id in plan_ids:
            raise InvalidInput(f"{where}: id {p.id} appears twice")
        plan_ids.add(p.id)
        check_text(p.saved_at, f"{where}: saved_at", 40)
        json_as_written(p.plan, Plan, f"{where}: plan")
        try:
            plan = Plan.model_validate(p.plan)
        except ValidationError as exc:
            raise InvalidInput(f"{where}: {first_problem(exc, 'plan')}") from None
        problem = plan_problem(plan)  # the types fit; numbers no plan holds do not
        if problem is not None:
            raise InvalidInput(f"{where}: plan.{problem}")
        _check_dates(plan.model_dump(), where)
        plans.append((p, plan))
    return plans


def _check_saved(data: "_Export", source: str, known: Collection[str] | None) -> Profile | None:
    """The profile (returned, validated), maxes and settings."""
    profile = None
    if data.profile is not None:
        json_as_written(data.profile, Profile, f"{source}: profile")
        try:
            profile = Profile.model_validate(data.profile)
        except ValidationError as exc:
            raise InvalidInput(f"{source}: {first_problem(exc, 'profile')}") from None
        _check_dates(profile.model_dump(), f"{source}: profile")
    max_ids: set[str] = set()
    for i, m in enumerate(data.maxes):
        where = f"{source}: maxes[{i}]"
        check_text(m.exercise_id, f"{where}: exercise_id", MAX_EXERCISE_ID, empty=False)
        if known is not None and m.exercise_id not in known:
            raise InvalidInput(f"{where}: unknown exercise id {m.exercise_id!r}")
        if m.exercise_id in max_ids:
            raise InvalidInput(f"{where}: {m.exercise_id!r} appears twice")
        max_ids.add(m.exercise_id)
        check_number(m.e1rm, f"{where}: e1rm", 0, MAX_LOAD[LoadUnit(m.unit)])
        check_text(m.source, f"{where}: source", 40)
    for key, value in data.settings.items():
        _check_setting(key, value, f"{source}: settings.{key}")
    return profile


def _no_constant(name: str) -> Any:
    raise ValueError(f"{name} is not a number a log can hold")


def _no_bools(value: Any, where: str, depth: int = 0) -> None:
    """No true/false among sessions, sets or maxes (pydantic would take true as 1)."""
    if isinstance(value, bool):
        raise InvalidInput(f"{where}: true/false where a number or text belongs")
    if depth > 4:
        return
    if isinstance(value, dict):
        for key, item in value.items():
            _no_bools(item, f"{where}.{key}", depth + 1)
    elif isinstance(value, list):
        for i, item in enumerate(value[:MAX_IMPORT_ROWS]):
            _no_bools(item, f"{where}[{i}]", depth + 1)


def json_as_written(data: Any, kind: Any, where: str) -> None:
    """What validation would convert without a word in a profile or plan of a file
    (`values.quietly_converted`): `"days": true` was stored as 1 day, and every later
    `plan` blamed --days; `"start_date": 0` became 1970-01-01."""
    found = quietly_converted(data, kind)
    if found is not None:
        loc, what = found
        raise InvalidInput(f"{where}{field_path(loc)}: {what}")


def _check_dates(value: Any, where: str) -> None:
    """Every date in a plan or profile within 1900–2100, every text printable (a plan's
    names and notes reach the terminal in `next`)."""
    if isinstance(value, dt.date):
        check_date(value, f"{where}: date")
    elif isinstance(value, str):
        check_text(value, f"{where}: text", 20_000, multiline=True)
    elif isinstance(value, dict):
        for item in value.values():
            _check_dates(item, where)
    elif isinstance(value, list | tuple):
        for item in value:
            _check_dates(item, where)


def _check_setting(key: str, value: str, where: str) -> None:
    """Only settings this version writes, with values it can read back: the load
    increment, and the date a re-saved plan took over the log (`plan_resumed`, §10.7)."""
    if key == RESUMED_SETTING:
        plan, _, day = value.partition(" ")
        if not (plan.isascii() and plan.isdigit() and len(plan) <= 12 and 1 <= int(plan) <= MAX_ID):
            raise InvalidInput(f"{where}: {value!r} is not a plan id and a date")
        strict_date(day, where)
        return
    if key == CATALOGS_SETTING:
        if parse_catalogs(value) is None:
            raise InvalidInput(f"{where}: not a list of catalog files (absolute paths)")
        return
    if key != "increment":
        raise InvalidInput(
            f"{where}: unknown setting (only increment, {CATALOGS_SETTING} and {RESUMED_SETTING})"
        )
    try:
        parsed = parse_load(value, LoadUnit.KG)
    except InvalidInput:
        raise InvalidInput(f"{where}: {value!r} is not a load step like 1.25 kg") from None
    if parsed.load is None or parsed.load > MAX_INCREMENT:
        raise InvalidInput(f"{where}: {value!r} is not a load step like 1.25 kg")


# The CSV header of exports before sets kept where the pain was (`pain_regions`, the last
# column since): such a file still imports, its pain counting for every region as it did.
CSV_COLUMNS_V3 = tuple(c for c in CSV_COLUMNS if c != "pain_regions")


def _parse_csv(text: str, source: str) -> tuple[list[LoggedSession], dict[int, CsvLines]]:
    """CSV rows as sessions, and their lines: every row has exactly the header's cells,
    and the rows of one session agree on its fields (else one InvalidInput naming the
    line). The header is this version's, or an older one's (`CSV_COLUMNS_V3`)."""
    reader = csv.reader(io.StringIO(text))
    try:
        header = next(reader, None)
        columns = tuple(header) if header is not None else ()
        if columns not in (CSV_COLUMNS, CSV_COLUMNS_V3):
            # the content decides the format; a .json name is told of both (the second QA
            # pass: garbage in g.json was told of a CSV header alone)
            json_too = (
                'not JSON (a JSON export is an object with "format": "runstrength-log"), nor CSV: '
                if source.lower().endswith(".json")
                else ""
            )
            raise InvalidInput(
                f"{source}: not a runstrength log export ({json_too}the CSV header must be "
                f"{','.join(CSV_COLUMNS)})"
            )
        sessions: dict[int, dict[str, Any]] = {}
        lines: dict[int, CsvLines] = {}
        for line_no, cells_list in enumerate(reader, start=2):
            if line_no > MAX_IMPORT_ROWS + 1:
                raise InvalidInput(f"{source}: more than {MAX_IMPORT_ROWS} rows")
            if len(cells_list) != len(columns):
                raise InvalidInput(
                    f"{source}:{line_no}: {len(cells_list)} cells, the header has {len(columns)}"
                )
            cells: dict[str, str | None] = dict.fromkeys(CSV_COLUMNS)  # a column added since
            cells.update(
                (k, csv_uncell(v) if v != "" else None)
                for k, v in zip(columns, cells_list, strict=True)
            )
            # a number the log can hold, said as one (reliability review S14: 2**70 was
            # "must be a number")
            where = f"{source}:{line_no}: session_id"
            sid = strict_int(cells["session_id"] or "", where, 1, MAX_ID)
            head = {k: cells[k] for k in SESSION_FIELDS[1:]}
            if head["created_at"] is None:
                head["created_at"] = ""
            session = sessions.get(sid)
            if session is None:
                session = sessions[sid] = {"id": sid, **head, "sets": []}
                lines[sid] = CsvLines(line_no, [])
            elif any(session[k] != v for k, v in head.items()):
                raise InvalidInput(
                    f"{source}:{line_no}: session {sid} has other session fields (date, plan, "
                    f"note…) than on line {lines[sid].first}"
                )
            if cells["exercise_id"] is not None:
                session["sets"].append({k: cells[k] for k in SET_FIELDS})
                lines[sid].sets.append(line_no)
            elif any(cells[k] is not None for k in SET_FIELDS):
                raise InvalidInput(f"{source}:{line_no}: set cells without an exercise_id")
    except csv.Error as exc:
        raise InvalidInput(f"{source}: not a readable CSV ({exc})") from None
    out = []
    for sid, s in sessions.items():
        try:
            out.append(_session_adapter().validate_python(s))
        except ValidationError as exc:
            err = exc.errors()[0]
            loc = list(err["loc"])
            line = lines[sid].first
            if len(loc) >= 2 and loc[0] == "sets" and isinstance(loc[1], int):
                line, loc = lines[sid].sets[loc[1]], loc[2:]  # the set's own row
            where = loc_path(loc) or "row"
            raise InvalidInput(f"{source}:{line}: {where}: {err['msg']}") from None
    return out, lines
