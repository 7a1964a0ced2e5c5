"""The log's records: what one logged set, session, max and saved plan look like.

`LoggedSet._fields` is the one list of a set's columns: the SQL insert, the row reader, the
JSON/CSV export and the import all follow it.
"""

import csv
import datetime as dt
import re
import sqlite3
from collections.abc import Collection, Iterable
from typing import IO, Any, NamedTuple

from runstrength.enums import LoadUnit
from runstrength.errors import InvalidInput
from runstrength.log.pain_types import parse_regions, regions_text, stored_regions
from runstrength.log.spec import (
    MAX_CONTACTS,
    MAX_LABEL,
    MAX_LOAD,
    MAX_METRES,
    MAX_NOTE,
    MAX_REPS,
    MAX_SECONDS,
    check_date,
    check_int,
    check_number,
    check_text,
)
from runstrength.log.sqlerrors import BadValue
from runstrength.models import Plan
from runstrength.units import convert_load

MAX_ID = 2**62  # SQLite holds 64-bit integers; a larger id breaks the insert
MAX_SET_NO = 10_000
MAX_WEEK = 520
MAX_SESSION_NO = 14
MAX_EXERCISE_ID = 80
MAX_PAIN_REGIONS = 80  # every region once: 54 characters


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
    # where the pain was (`--where`): PainRegion values, comma-separated (`knee,hip`);
    # None: every region the exercise loads. Last, so a CSV export from before it, one
    # column short, still reads (importer).
    pain_regions: str | None = None


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


class PlanWeeks(NamedTuple):
    """What a stored plan says of its race and its weeks, read without the whole plan: the
    race date (None: none) and each week's phase code and planned deload by week index."""

    race_date: dt.date | None
    weeks: dict[int, tuple[str, bool]]


SET_FIELDS: tuple[str, ...] = LoggedSet._fields
SESSION_FIELDS: tuple[str, ...] = tuple(f for f in LoggedSession._fields if f != "sets")
CSV_COLUMNS = ("session_id", *SESSION_FIELDS[1:], *SET_FIELDS)

NOW_SQL = "strftime('%Y-%m-%dT%H:%M:%fZ', 'now')"  # the log's created_at, as m001 writes it
# The write time is the database's (m009), as sessions' is: `log undo` reads which was
# logged last, a set, a next-morning report or a pain check-in.
INSERT_SET = (
    f"INSERT INTO sets (session_id, {', '.join(SET_FIELDS)}, created_at) "
    f"VALUES (?, {', '.join('?' for _ in SET_FIELDS)}, {NOW_SQL})"
)


_INT_FIELDS = (
    *("set_no", "reps", "seconds", "contacts", "rir", "pain"),
    *("target_reps_lo", "target_reps_hi", "target_rir"),
)
_MAX_STORED = {"load": max(MAX_LOAD.values()), "distance_m": MAX_METRES}


def set_from_row(row: sqlite3.Row) -> LoggedSet:
    """A `sets` row (any row with the set columns) as a LoggedSet; BadValue for a value
    of a type or size no runstrength writes (checked cheaply: `history` reads every set)."""
    values = {name: row[name] for name in SET_FIELDS}
    try:
        if type(values["exercise_id"]) is not str:
            raise ValueError(f"exercise_id {values['exercise_id']!r}")
        for name in _INT_FIELDS:
            value = values[name]
            if value is not None and type(value) is not int:
                raise ValueError(f"{name} {value!r}")
        for name, most in _MAX_STORED.items():
            value = values[name]
            if value is not None and not (type(value) in (int, float) and 0 <= value <= most):
                raise ValueError(f"{name} {value!r}")
        if values["unit"] is not None:
            values["unit"] = LoadUnit(values["unit"])
    except ValueError as exc:
        row_id = row["id"] if "id" in row.keys() else "?"  # noqa: SIM118 - `in row` reads values
        raise BadValue(f"sets row {row_id}: {exc}") from None
    if values["pain_regions"] is not None:
        values["pain_regions"] = pain_regions_read(values["pain_regions"])
    return LoggedSet(**values)


def stored_date(text: object, where: str) -> dt.date:
    """A stored date column as a date; BadValue for anything else."""
    if type(text) is str:
        try:
            return dt.date.fromisoformat(text)
        except ValueError:
            pass
    raise BadValue(f"{where}: date {text!r}")


def pain_regions_read(text: str) -> str | None:
    """A stored `pain_regions` value as the log reads it: in PainRegion's order; one this
    version cannot read (the file edited by hand) as none (pain_types.stored_regions)."""
    regions = stored_regions(text)
    return regions_text(regions) if regions is not None else None


def set_dict(s: LoggedSet) -> dict[str, Any]:
    """A set's columns as plain values (the unit as its text), in SET_FIELDS order."""
    return {
        name: (str(v) if isinstance(v, LoadUnit) else v)
        for name, v in zip(SET_FIELDS, s, strict=True)
    }


def set_values(s: LoggedSet) -> tuple[Any, ...]:
    """A set's column values for INSERT_SET (after the session id)."""
    return tuple(set_dict(s).values())


def session_dict(s: LoggedSession) -> dict[str, Any]:
    """A session and its sets as JSON-ready data (the `log export` / `log list` shape)."""
    return {
        "id": s.id,
        "date": s.date.isoformat(),
        "plan_id": s.plan_id,
        "week": s.week,
        "session": s.session,
        "label": s.label,
        "note": s.note,
        "created_at": s.created_at,
        "sets": [set_dict(st) for st in s.sets],
    }


def in_unit(s: LoggedSet, unit: LoadUnit) -> LoggedSet:
    """The set with its load expressed in `unit` (rounded to 0.01)."""
    if s.load is None or s.unit is None or s.unit is unit:
        return s
    return s._replace(load=round(convert_load(s.load, s.unit, unit), 2), unit=unit)


def check_set(s: LoggedSet, where: str, known: Collection[str] | None = None) -> LoggedSet:
    """A set the log can hold: every number finite and plausible, text printable, the
    exercise known (when `known` is given). Anything else is one InvalidInput naming it."""
    check_text(s.exercise_id, f"{where}: exercise_id", MAX_EXERCISE_ID, empty=False)
    if known is not None and s.exercise_id not in known:
        raise InvalidInput(
            f"{where}: unknown exercise id {s.exercise_id!r}; see `runstrength catalog list` "
            "(one of your own catalog? `runstrength profile set catalog FILE` first)"
        )
    check_int(s.set_no, f"{where}: set_no", 1, MAX_SET_NO)
    ranges = {
        "reps": (0, MAX_REPS),
        "seconds": (1, MAX_SECONDS),
        "contacts": (1, MAX_CONTACTS),
        "rir": (0, 10),
        "pain": (0, 10),
        "target_reps_lo": (0, MAX_REPS),
        "target_reps_hi": (0, MAX_REPS),
        "target_rir": (0, 10),
    }
    for name, (low, high) in ranges.items():
        value = getattr(s, name)
        if value is not None:
            check_int(value, f"{where}: {name}", low, high)
    if s.distance_m is not None:
        check_number(s.distance_m, f"{where}: distance_m", 0, MAX_METRES)
    if s.pain_regions is not None:
        check_pain_regions(s.pain_regions, s.pain, f"{where}: pain_regions")
    if (s.load is None) != (s.unit is None):
        raise InvalidInput(f"{where}: a load needs its unit (kg or lb), and a unit a load")
    if s.load is not None and s.unit is not None:
        check_number(s.load, f"{where}: load", 0, MAX_LOAD[LoadUnit(s.unit)])
    return s


def check_pain_regions(text: object, pain: int | None, where: str) -> None:
    """Regions a set's (or a next-morning report's) pain was given for: known names,
    comma-separated as the log writes them (each once, in PainRegion's order: an import
    compares sets by their text), and a pain score to go with them."""
    text = check_text(text, where, MAX_PAIN_REGIONS, empty=False)
    try:
        canonical = regions_text(parse_regions(text))
    except InvalidInput as exc:
        raise InvalidInput(f"{where}: {exc}") from None
    if text != canonical:
        raise InvalidInput(f"{where}: {text!r} is written {canonical!r} in a log")
    if pain is None:
        raise InvalidInput(f"{where}: regions without a pain score")


def check_session(
    s: LoggedSession, where: str, known: Collection[str] | None = None, *, new: bool = False
) -> LoggedSession:
    """A session the log can hold (see check_set); `new`: its id is not assigned yet."""
    if not new:
        check_int(s.id, f"{where}: id", 1, MAX_ID)
    check_date(s.date, f"{where}: date")
    if s.plan_id is not None:
        check_int(s.plan_id, f"{where}: plan_id", 1, MAX_ID)
    if s.week is not None:
        check_int(s.week, f"{where}: week", 1, MAX_WEEK)
    if s.session is not None:
        check_int(s.session, f"{where}: session", 1, MAX_SESSION_NO)
    if s.label is not None:
        check_text(s.label, f"{where}: label", MAX_LABEL)
    if s.note is not None:
        check_text(s.note, f"{where}: note", MAX_NOTE, multiline=True)
    check_text(s.created_at, f"{where}: created_at", 40)
    for i, st in enumerate(s.sets):
        check_set(st, f"{where}: set {i + 1}", known)
    return s


# --------------------------------------------------------------------------- CSV cells
# A spreadsheet runs a cell that starts with = + - @ (or a tab or CR before one) as a
# formula: such cells get a leading `'` (any quotes already in front count, so import can
# take exactly one off again). Plain numbers, negative ones too, stay numbers.
_FORMULA = re.compile(r"'*[=+\-@\t\r]")
_ESCAPED = re.compile(r"'+[=+\-@\t\r]")
_NUMBER = re.compile(r"[+-]?(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][+-]?[0-9]+)?")


def csv_cell(value: object) -> str:
    r"""A value as an exported CSV cell: None empty, floats exact, formulas neutralised.

    >>> [csv_cell(v) for v in ("=1+1", "-5", -2.5, "'@x", "ok", None)]
    ["'=1+1", '-5', '-2.5', "''@x", 'ok', '']
    """
    if value is None:
        return ""
    text = repr(value) if isinstance(value, float) else str(value)
    if _FORMULA.match(text) and not _NUMBER.fullmatch(text):
        return "'" + text
    return text


def csv_uncell(text: str) -> str:
    """An imported CSV cell as it was before `csv_cell` neutralised it.

    >>> csv_uncell("'=1+1"), csv_uncell("''@x"), csv_uncell("'plain")
    ('=1+1', "'@x", "'plain")
    """
    return text[1:] if _ESCAPED.match(text) else text


class CsvOut:
    """A csv.writer whose every cell goes through `csv_cell` (exports: `log export -f csv`,
    `history -f csv`)."""

    def __init__(self, out: IO[str]) -> None:
        self._writer = csv.writer(out, lineterminator="\n")

    def writerow(self, row: Iterable[object]) -> None:
        """Write one row, each cell neutralised."""
        self._writer.writerow([csv_cell(v) for v in row])
