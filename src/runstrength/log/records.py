"""The log's records: what one logged set, session, max and saved plan look like.

`LoggedSet._fields` is the one list of a set's columns: the SQL insert, the row reader, the
JSON/CSV export and the import all follow it.
"""

import datetime as dt
import sqlite3
from typing import Any, NamedTuple

from runstrength.enums import LoadUnit
from runstrength.models import Plan
from runstrength.units import convert_load


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


SET_FIELDS: tuple[str, ...] = LoggedSet._fields
SESSION_FIELDS: tuple[str, ...] = tuple(f for f in LoggedSession._fields if f != "sets")
CSV_COLUMNS = ("session_id", *SESSION_FIELDS[1:], *SET_FIELDS)

INSERT_SET = (
    f"INSERT INTO sets (session_id, {', '.join(SET_FIELDS)}) "
    f"VALUES (?, {', '.join('?' for _ in SET_FIELDS)})"
)


def set_from_row(row: sqlite3.Row) -> LoggedSet:
    """A `sets` row (any row with the set columns) as a LoggedSet."""
    values = {name: row[name] for name in SET_FIELDS}
    if values["unit"] is not None:
        values["unit"] = LoadUnit(values["unit"])
    return LoggedSet(**values)


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
