"""One strength session as a FIT workout file a watch can follow set by set.

The file holds file_id (type workout), one workout message (sport training, sub-sport
strength_training: the FIT profile has no strength_training sport, only the sub-sport) and
one workout_step per set, with a rest step between sets:

- reps dose: duration type `reps`, the low end of the rep range (the range is in the notes);
- plyometric contacts: duration type `reps`, contacts per set;
- timed hold: duration type `time`; distance (carries): duration type `distance`;
- a per-side timed or distance dose gets one step per side; a per-side rep dose one step
  whose count is per side ("each side" in its name, or the plan's "/side" where the name
  is long, and in its notes);
- a step's notes: the exercise and its full target, the catalog's safety notes, the cues;
  a name or note too long for its field ends "..." after a whole word;
- a load in kg or lb becomes the step's exercise_weight (FIT stores kg; the display unit
  follows the plan); % e1RM and "choose" loads stay in the notes;
- rest: duration type `time` = the prescription's rest seconds, intensity `rest`.

The same session gives the same bytes: time_created comes from the session date, the
serial number from the content, never from the clock.
"""

from __future__ import annotations

import datetime as dt
import zlib
from dataclasses import dataclass
from typing import Any, Literal

from runstrength.enums import LoadType, LoadUnit
from runstrength.models import Prescription, Session
from runstrength.text import noun, span
from runstrength.units import convert_load
from runstrength.watch import _fit
from runstrength.watch.fit_exercises import FitExerciseTable, load_table

StepKind = Literal["reps", "time", "distance", "rest", "open"]

MAX_STRING_BYTES = 254  # a FIT field is at most 255 bytes, one of them the terminating NUL
STEP_NAME_BYTES = 48
WORKOUT_NAME_BYTES = 48
_UNDATED = dt.datetime(2000, 1, 1, tzinfo=dt.UTC)  # time_created of a session without a date


@dataclass(frozen=True, slots=True)
class WorkoutStep:
    """One step as written: what the watch counts, and for which exercise."""

    kind: StepKind
    value: float | None  # reps, seconds or metres; None for an open step
    exercise_id: str | None = None
    name: str = ""
    weight_kg: float | None = None
    weight_unit: LoadUnit | None = None
    notes: str = ""
    category_num: int | None = None
    name_num: int | None = None


def session_steps(
    session: Session,
    *,
    load_unit: LoadUnit = LoadUnit.KG,
    table: FitExerciseTable | None = None,
) -> list[WorkoutStep]:
    """The session's steps in the order they are done: sets, with rest between them."""
    table = table if table is not None else load_table()
    steps: list[WorkoutStep] = []
    for p in session.exercises:
        for _ in range(p.sets):
            if steps:
                previous_rest = _rest_before(session, p, steps)
                if previous_rest is not None:
                    steps.append(previous_rest)
            steps.extend(_set_steps(p, load_unit, table))
    return steps


def _rest_before(session: Session, p: Prescription, steps: list[WorkoutStep]) -> WorkoutStep | None:
    """The rest after the set just written: that exercise's rest seconds."""
    last = next(s for s in reversed(steps) if s.kind != "rest")
    done = next((q for q in session.exercises if q.id == last.exercise_id), p)
    if done.rest_seconds <= 0:
        return None
    return WorkoutStep("rest", float(done.rest_seconds), name="Rest")


def _set_steps(p: Prescription, load_unit: LoadUnit, table: FitExerciseTable) -> list[WorkoutStep]:
    fit = table.lookup(p.id)
    weight_kg, weight_unit = _weight(p, load_unit)
    common: dict[str, Any] = {
        "exercise_id": p.id,
        "weight_kg": weight_kg,
        "weight_unit": weight_unit,
        "category_num": fit.category_num,
        "name_num": fit.name_num,
    }
    sides = ("left", "right") if p.per_side else (None,)
    if p.contacts is not None:
        per_set = p.reps[0] if p.reps else p.contacts // max(1, p.sets * (2 if p.per_side else 1))
        return [_step(p, "reps", per_set, "contacts", p.per_side, common)]
    if p.seconds is not None:
        return [_step(p, "time", p.seconds, "s", False, common, side) for side in sides]
    if p.distance_m is not None:
        return [_step(p, "distance", p.distance_m, "m", False, common, side) for side in sides]
    if p.reps is not None:
        return [_step(p, "reps", p.reps[0], "reps", p.per_side, common)]
    return [_step(p, "open", None, "", False, common)]


def _step(
    p: Prescription,
    kind: StepKind,
    value: float | None,
    unit: str,
    each_side: bool,
    common: dict[str, Any],
    side: str | None = None,
) -> WorkoutStep:
    suffix = f" ({side})" if side else " (each side)" if each_side else ""
    if each_side and len((p.name + suffix).encode()) > STEP_NAME_BYTES:
        suffix = " /side"  # the plan's own short form, so the name need not be cut
    return WorkoutStep(
        kind,
        float(value) if value is not None else None,
        name=_clip(p.name, STEP_NAME_BYTES - len(suffix.encode())) + suffix,
        notes=_clip(_notes(p, kind, unit, each_side or side is not None), MAX_STRING_BYTES),
        **common,
    )


def _weight(p: Prescription, load_unit: LoadUnit) -> tuple[float | None, LoadUnit | None]:
    load = p.load
    if load.type is not LoadType.ABSOLUTE or load.value is None:
        return None, None
    unit = LoadUnit(load.unit) if load.unit in ("kg", "lb") else load_unit
    kg = convert_load(load.value, unit, LoadUnit.KG)
    if not 0 < kg <= 655:  # exercise_weight is a uint16 of 1/100 kg
        return None, None
    return round(kg, 2), unit


def _notes(p: Prescription, kind: StepKind, unit: str, each_side: bool) -> str:
    """Exercise name, the full target, then the cues: what the watch shows under the step."""
    target: list[str] = []
    if p.contacts is not None:
        target.append(f"{p.contacts} contacts in {noun(p.sets, 'set')}")
    elif kind == "reps" and p.reps is not None:
        target.append(f"{span(*p.reps)} reps")
    elif kind == "time" and p.seconds is not None:
        target.append(f"{p.seconds} s")
    elif kind == "distance" and p.distance_m is not None:
        target.append(f"{p.distance_m} m")
    if each_side:
        target.append("each side")
    if p.target_rir is not None:
        target.append(f"RIR {p.target_rir}")
    load = p.load
    if load.type is LoadType.ABSOLUTE and load.value is not None:
        target.append(f"{load.value:g} {load.unit or ''}".strip())
    elif load.type is LoadType.PERCENT_E1RM and load.value is not None:
        target.append(f"{load.value:g} % e1RM")
    elif load.type is LoadType.CHOOSE:
        target.append("choose the load")
    if p.tempo:
        target.append(f"tempo {p.tempo}")
    head = f"{p.name}: {', '.join(target)}." if target else f"{p.name}."
    # the catalog's safety notes before the cues (§10.11): a note too long for the field
    # loses its last cues, never the safety words
    safety = " ".join(f"Safety: {_sentence(text)}" for text in p.safety)
    return " ".join(part for part in (head, safety, p.notes) if part)


def _sentence(text: str) -> str:
    text = text.strip()
    return text if text.endswith((".", "!", "?")) else text + "."


def _clip(text: str, limit: int) -> str:
    """`text` cut to at most `limit` UTF-8 bytes at the end of a word (a word cut in two
    reads on a watch as another word), never inside a character, marked '...'."""
    raw = text.encode("utf-8")
    if len(raw) <= limit:
        return text
    cut = raw[: max(0, limit - 3)].decode("utf-8", errors="ignore")
    at_word_end = cut[-1:].isspace() or text[len(cut) : len(cut) + 1].isspace()
    if not at_word_end and " " in cut.strip():
        cut = cut.rsplit(" ", 1)[0]  # the word cut in two goes
    return cut.rstrip(" ,;:(+–-") + "..."


def workout_name(session: Session) -> str:
    """The name the watch lists: 'Strength A 2026-11-02', or 'Strength A' undated."""
    name = f"Strength {session.label}"
    if session.date is not None:
        name += f" {session.date.isoformat()}"
    return _clip(name, WORKOUT_NAME_BYTES)


# Every name `file_name` makes, with the `-wNN` that render.fit adds when two sessions
# share a date: what `plan --out-dir` may remove as an earlier plan's workout.
FILE_NAMES = r"runstrength-(\d{4}-\d{2}-\d{2}|w\d{2})-[A-Za-z0-9]+(-w\d{2})?\.fit"


def file_name(session: Session, week_index: int | None = None) -> str:
    """A stable file name for `--out-dir`: by date, else by week and session label."""
    label = "".join(c for c in session.label if c.isalnum()) or str(session.index)
    if session.date is not None:
        return f"runstrength-{session.date.isoformat()}-{label}.fit"
    week = f"w{week_index:02d}-" if week_index is not None else ""
    return f"runstrength-{week}{label}.fit"


def encode_session(
    session: Session,
    *,
    load_unit: LoadUnit = LoadUnit.KG,
    name: str | None = None,
    table: FitExerciseTable | None = None,
) -> bytes:
    """The session as FIT workout bytes; the same session always gives the same bytes."""
    steps = session_steps(session, load_unit=load_unit, table=table)
    title = _clip(name, WORKOUT_NAME_BYTES) if name else workout_name(session)
    created = (
        dt.datetime.combine(session.date, dt.time(), tzinfo=dt.UTC)
        if session.date is not None
        else _UNDATED
    )
    serial = zlib.crc32(repr((title, steps)).encode("utf-8")) or 1
    messages: list[tuple[str, dict[str, Any]]] = [
        (
            "file_id",
            {
                "type": "workout",
                "manufacturer": "development",
                "product": 0,
                "serial_number": serial,
                "time_created": created,
            },
        ),
        (
            "workout",
            {
                "sport": "training",
                "sub_sport": "strength_training",
                "num_valid_steps": len(steps),
                "wkt_name": title,
            },
        ),
    ]
    for index, step in enumerate(steps):
        messages.append(("workout_step", _step_fields(index, step)))
    return _fit.encode(messages)


def _step_fields(index: int, step: WorkoutStep) -> dict[str, Any]:
    fields: dict[str, Any] = {
        "message_index": index,
        "wkt_step_name": step.name,
        "target_type": "open",
        "intensity": "rest" if step.kind == "rest" else "active",
    }
    # duration_value is written raw: the SDK encoder ignores sub-field names, and the
    # sub-fields scale differently (duration_time is ms, duration_distance is cm).
    if step.kind == "reps":
        fields.update(duration_type="reps", duration_value=int(step.value or 0))
    elif step.kind in ("time", "rest"):
        fields.update(duration_type="time", duration_value=round((step.value or 0) * 1000))
    elif step.kind == "distance":
        fields.update(duration_type="distance", duration_value=round((step.value or 0) * 100))
    else:
        fields.update(duration_type="open")
    if step.kind != "rest":
        fields["notes"] = step.notes
        fields["exercise_category"] = step.category_num
        if step.name_num is not None:
            fields["exercise_name"] = step.name_num
        if step.weight_kg is not None:
            fields["exercise_weight"] = step.weight_kg
            pound = step.weight_unit is LoadUnit.LB
            fields["weight_display_unit"] = "pound" if pound else "kilogram"
    return fields
