"""Sets back from the watch: a strength activity FIT file's set messages, as plain values.

Each active set maps back to a catalog id through data/fit_exercises.yaml; a set whose
FIT exercise is not in the table keeps its FIT name (`fit_label`) so the caller can report
it instead of dropping it. Rest "sets" are counted, not returned.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from runstrength.errors import InvalidInput
from runstrength.watch.fit_exercises import FitExerciseTable, describe, load_table


@dataclass(frozen=True, slots=True)
class WatchSet:
    """One active set the watch recorded."""

    exercise_id: str | None  # the catalog id, or None when the table has no mapping
    fit_label: str  # the FIT profile's name, e.g. 'squat/goblet_squat' or 'plyo'
    reps: int | None
    weight_kg: float | None
    weight_unit: str | None  # 'kg' or 'lb': how the watch showed it
    duration_s: float | None
    start: dt.datetime | None
    step_name: str | None = None  # the workout step's name, when the watch ran a workout


@dataclass(frozen=True, slots=True)
class StrengthActivity:
    """A strength activity: when, its active sets in order, and what could not be mapped."""

    source: Path
    start: dt.datetime | None  # aware, UTC
    date: dt.date | None  # the local day: the watch's own UTC offset, else `tz`, else UTC
    sets: list[WatchSet]
    rest_sets: int = 0
    unmapped: list[str] = field(default_factory=list)  # FIT labels without a catalog id


def read_strength_activity(
    path: Path, *, table: FitExerciseTable | None = None, tz: dt.tzinfo | None = None
) -> StrengthActivity:
    """The sets of a FIT strength activity, or InvalidInput with one line naming the file."""
    from runstrength.watch import _fit
    from runstrength.watch.limits import read_capped
    from runstrength.watch.run_model import local_date

    messages = _fit.activity(read_capped(path), str(path))
    raw_sets = messages.get("set_mesgs", [])
    if not raw_sets:
        raise InvalidInput(f"{path}: no strength sets in this activity")
    table = table if table is not None else load_table()
    step_names = {
        step.get("message_index"): step.get("wkt_step_name")
        for step in messages.get("workout_step_mesgs", [])
    }
    category_nums = {name: num for num, name in _category_values().items()}
    sets: list[WatchSet] = []
    rests = 0
    unmapped: list[str] = []
    for raw in raw_sets:
        if raw.get("set_type") != "active":
            rests += 1
            continue
        category_num = _first(raw.get("category"), category_nums)
        name_num = _first_int(raw.get("category_subtype"))
        exercise_id = table.reverse(category_num, name_num)
        label = describe(category_num, name_num)
        if exercise_id is None and label not in unmapped:
            unmapped.append(label)
        step_name = step_names.get(raw.get("wkt_step_index"))
        sets.append(
            WatchSet(
                exercise_id=exercise_id,
                fit_label=label,
                reps=_int(raw.get("repetitions")),
                weight_kg=_weight(raw.get("weight")),
                weight_unit=_unit(raw.get("weight_display_unit")),
                duration_s=_float(raw.get("duration")),
                start=_time(raw.get("start_time")) or _time(raw.get("timestamp")),
                step_name=str(step_name) if step_name else None,
            )
        )
    starts = [s.start for s in sets if s.start is not None]
    sessions = messages.get("session_mesgs", [])
    session_start = _time(sessions[0].get("start_time")) if sessions else None
    start = session_start or (min(starts) if starts else None)
    return StrengthActivity(
        source=path,
        start=start,
        date=local_date(start, _fit.utc_offset(messages), tz) if start else None,
        sets=sets,
        rest_sets=rests,
        unmapped=unmapped,
    )


def _category_values() -> dict[int, str]:
    from runstrength.watch import _fit

    return _fit.type_values("exercise_category")


def _first(value: Any, category_nums: dict[str, int]) -> int | None:
    """The first exercise category of a set (FIT stores an array), as its number."""
    if isinstance(value, list):
        value = next((v for v in value if v is not None), None)
    if isinstance(value, str):
        return category_nums.get(value)
    if isinstance(value, int) and value not in (0xFFFF, 0xFFFE):
        return value
    if value == 0xFFFE:
        return category_nums.get("unknown")
    return None


def _first_int(value: Any) -> int | None:
    if isinstance(value, list):
        value = next((v for v in value if v is not None), None)
    return value if isinstance(value, int) and value != 0xFFFF else None


def _int(value: Any) -> int | None:
    return int(value) if isinstance(value, int | float) and value >= 0 else None


def _float(value: Any) -> float | None:
    return float(value) if isinstance(value, int | float) and value >= 0 else None


def _weight(value: Any) -> float | None:
    if not isinstance(value, int | float) or value <= 0:
        return None
    return round(float(value), 2)


def _unit(value: Any) -> str | None:
    return {"kilogram": "kg", "pound": "lb"}.get(str(value)) if value is not None else None


def _time(value: Any) -> dt.datetime | None:
    return value if isinstance(value, dt.datetime) else None
