"""`runstrength log import activity.fit` (issue 13): a strength activity recorded on the
watch becomes a logged session, attached to the planned session of its date.

Its active sets map back to catalog exercises through data/fit_exercises.yaml
(`watch.fit_strength`); a set with no mapping is not logged and is reported by its FIT
name, never dropped silently. A file imported once is refused the second time.
"""

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

from runstrength.enums import LoadUnit
from runstrength.errors import InvalidInput
from runstrength.log.entries import as_contacts, logged_sets
from runstrength.log.progress import attach_by_content
from runstrength.log.records import LoggedSession, LoggedSet
from runstrength.log.service import attach_fields, load_history, load_unit
from runstrength.log.spec import SetDose
from runstrength.log.storage import SessionLog
from runstrength.models import Catalog, Prescription
from runstrength.rulebook import Rulebook
from runstrength.units import convert_load

if TYPE_CHECKING:
    from runstrength.watch.fit_strength import WatchSet

NOTE_PREFIX = "from the watch: "


class WatchImport(NamedTuple):
    """What was logged from one activity file, and what could not be."""

    session: LoggedSession
    unmapped: list[str]  # FIT names of the sets not logged (no catalog exercise)
    unmapped_sets: int


def import_activity(
    path: Path,
    fit_file: Path,
    *,
    now: dt.date,
    catalog: Catalog,
    rules: Rulebook,
    tz: dt.tzinfo | None = None,
) -> WatchImport:
    """Log the strength activity in `fit_file`; InvalidInput (one line) when nothing can be."""
    from runstrength.watch.fit_strength import read_strength_activity

    activity = read_strength_activity(fit_file, tz=tz)
    day = activity.date
    if day is None:
        raise InvalidInput(f"{fit_file}: the activity has no start time; cannot tell its date")
    if day > now:
        raise InvalidInput(f"{fit_file}: dated {day}, in the future; log what you have done")
    known, unmapped = _map_sets(activity.sets, catalog)
    if not known:
        labels = ", ".join(unmapped) or "none"
        raise InvalidInput(
            f"{fit_file}: no set maps to a catalog exercise (FIT exercises: {labels}); "
            "nothing was logged"
        )
    note = f"{NOTE_PREFIX}{fit_file.name}"
    with SessionLog(path) as log:
        if any(note in (s.note or "") for s in log.sessions(since=day, until=day)):
            raise InvalidInput(f"{fit_file}: already imported (a session of {day} has it)")
        active = log.active_plan()
        unit = load_unit(log, active)
        target = None
        if active is not None:
            history = load_history(log, active, catalog, rules, unit)
            ids = [x.exercise_id for x in known if x.exercise_id]
            target = attach_by_content(active.plan, history, day, now, ids, rules)
        planned = {p.id: p for p in target[1].exercises} if target is not None else {}
        sets: list[LoggedSet] = []
        order = list(dict.fromkeys(s.exercise_id for s in known if s.exercise_id))
        for exercise_id in order:
            p = planned.get(exercise_id)
            doses = [_dose(s, p, unit) for s in known if s.exercise_id == exercise_id]
            doses = as_contacts(doses, catalog.exercises[exercise_id])  # a jump's reps
            sets += logged_sets(exercise_id, doses, rir=None, pain=None, p=p)
        attach = attach_fields(active, target)
        saved = log.add_session(day, sets, note=note, merge=False, **attach)
    return WatchImport(saved, unmapped, len(activity.sets) - len(known))


def _map_sets(sets: "Sequence[WatchSet]", catalog: Catalog) -> "tuple[list[WatchSet], list[str]]":
    """The sets that map to a catalog exercise (with its id), and the FIT names of the rest."""
    names = {_plain(x.name): x.id for x in catalog.exercises.values()}
    known: list[WatchSet] = []
    unmapped: list[str] = []
    for s in sets:
        exercise_id = _exercise_of(s, names)
        if exercise_id is None or exercise_id not in catalog:
            if s.fit_label not in unmapped:
                unmapped.append(s.fit_label)
            continue
        known.append(s if s.exercise_id == exercise_id else replace(s, exercise_id=exercise_id))
    return known, unmapped


def _plain(name: str) -> str:
    return " ".join(name.lower().split())


def _exercise_of(s: "WatchSet", names: dict[str, str]) -> str | None:
    """The catalog id of a watch set: by its FIT exercise, else (a FIT category shared by
    several exercises, such as `plyo`) by the name of the workout step the watch ran."""
    if s.exercise_id is not None:
        return s.exercise_id
    if s.step_name:
        base = re.sub(r"\s*\((left|right|each side)\)$", "", s.step_name)
        return names.get(_plain(base))
    return None


def _dose(s: "WatchSet", p: Prescription | None, unit: LoadUnit) -> SetDose:
    """One watch set as a logged dose: reps (a jump's become its contacts: `as_contacts`),
    or seconds."""
    load: float | None = None
    load_in: LoadUnit | None = None
    if s.weight_kg:
        load_in = LoadUnit(s.weight_unit) if s.weight_unit in ("kg", "lb") else unit
        load = round(convert_load(s.weight_kg, LoadUnit.KG, load_in), 2)
    seconds = round(s.duration_s) if s.duration_s else None
    if (p is not None and p.seconds is not None) or not s.reps:
        return SetDose(seconds=max(1, seconds or 1), load=load, unit=load_in)
    return SetDose(reps=s.reps, load=load, unit=load_in)
