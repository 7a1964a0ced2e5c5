"""The active plan as the log commands see it: the load unit, the runner's increment and
the recent history progression needs, the session a day's entries join, and what the
imported runs ask of `next` (split out of service.py, which re-exports some of them)."""

import datetime as dt
from typing import Any

from runstrength.enums import LoadUnit
from runstrength.errors import InvalidInput
from runstrength.log.pain import unload_ids
from runstrength.log.progress import History, Max, MaxRecord
from runstrength.log.records import ActivePlan
from runstrength.log.spec import parse_load
from runstrength.log.storage import SessionLog
from runstrength.models import Catalog, Session, Week
from runstrength.rulebook import Rulebook


def load_unit(log: SessionLog, active: ActivePlan | None) -> LoadUnit:
    """The profile's load unit, else the active plan's, else kg."""
    profile = log.load_profile()
    if profile is not None:
        return profile.load_unit
    if active is not None:
        return active.plan.inputs.load_unit
    return LoadUnit.KG


def increment(log: SessionLog, unit: LoadUnit) -> float | None:
    """The runner's load increment in `unit`; None for the rules' default (none set, or
    set in the other unit, where the default fits the plan better)."""
    raw = log.settings().get("increment")
    if raw is None:
        return None
    parsed = parse_load(raw, unit)
    if parsed.unit is not unit or parsed.load is None:
        return None
    return parsed.load


def load_history(
    log: SessionLog, active: ActivePlan, catalog: Catalog | None, rules: Rulebook, unit: LoadUnit
) -> History:
    """What progression needs from the log for `active` (also for `plan`'s view): recent
    sessions of its exercises and their regressions and progressions, maxes (log and
    profile), the plan id and the runner's load increment."""
    ids = {p.id for _, s in active.plan.sessions() for p in s.exercises}
    if catalog is not None:
        # regressions (pain swaps) and progressions (the bodyweight ladder) have logs too
        linked = [(e.regression, e.progression) for i in ids if (e := catalog.get(i)) is not None]
        ids |= {x for pair in linked for x in pair if x}
        ids |= unload_ids(catalog, ids)  # §10.3 pain.py: unloading variants have logs too
    maxes: dict[str, MaxRecord] = dict(log.maxes())
    profile = log.load_profile()
    if profile is not None:
        for exercise_id, value in profile.maxes.items():
            maxes.setdefault(exercise_id, Max(value, profile.load_unit, "profile"))
    window = rules.log_recent
    return History(
        sessions=log.recent(
            ids, window.per_exercise, window_days=window.window_days, plan_id=active.id
        ),
        maxes=maxes,
        plan_id=active.id,
        increment=increment(log, unit),
        resumed=log.resumed(active.id),  # §10.7: a re-saved plan carries on from there
    )


def require_plan(log: SessionLog) -> ActivePlan:
    """The active plan, or InvalidInput saying how to make one."""
    active = log.active_plan()
    if active is None:
        raise InvalidInput("no active plan; make one with `runstrength plan ... --save`")
    return active


def same_day_target(
    log: SessionLog, active: ActivePlan, day: dt.date
) -> tuple[Week, Session] | None:
    """The plan session a session already logged on `day` is attached to: more entries on
    the same day join it."""
    for logged in reversed(log.sessions(since=day, until=day)):
        if logged.plan_id == active.id and logged.week is not None:
            for week, session in active.plan.sessions():
                if (week.index, session.index) == (logged.week, logged.session):
                    return week, session
    return None


def runs_say(log: SessionLog, now: dt.date, rules: Rulebook) -> dict[str, Any]:
    """Issue 13: the imported runs' spike (reactive deload) and recovery week (in season,
    half the sets), as `prescribe_next` keywords."""
    from runstrength.log.run_import import runs_summary

    runs = runs_summary(log, now, rules)
    if runs is None:
        return {}
    return {"run_spike": runs.spike, "run_recovery": runs.recovery}
