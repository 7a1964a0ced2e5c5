"""What the log commands do, below the CLI: each `runstrength log | next | history |
profile` command parses its arguments, makes one call here and prints the result.

Nothing here prompts, prints or reads the clock: `now` (today), the catalog and the rules
come in from the CLI, and so does the log file's path.
"""

import datetime as dt
from collections.abc import Sequence
from pathlib import Path
from typing import Any, NamedTuple

from runstrength.enums import LoadUnit
from runstrength.errors import InvalidInput
from runstrength.log.clearance import pain_log
from runstrength.log.entries import doses_of, entry_text, logged_sets, prescribed_doses
from runstrength.log.history import E1rmLimits, HistoryReport
from runstrength.log.nextsession import NextSession, apply_log, prescribe_next
from runstrength.log.pain import unload_ids
from runstrength.log.progress import History, Max, MaxRecord, attach_target
from runstrength.log.records import ActivePlan, LoggedSession, LoggedSet
from runstrength.log.spec import (
    parse_date,
    parse_load,
    parse_spec,
)
from runstrength.log.storage import SessionLog
from runstrength.models import Catalog, Plan, Session, Week
from runstrength.rulebook import Rulebook

HISTORY_WEEKS = 12


def day_of(raw: str | None, now: dt.date) -> dt.date:
    """A --date value (YYYY-MM-DD, today, yesterday), `now` when not given."""
    return now if raw is None else parse_date(raw, now)


# --------------------------------------------------------------------------- units, history


def load_unit(log: SessionLog, active: ActivePlan | None) -> LoadUnit:
    """The profile's load unit, else the active plan's, else kg."""
    profile = log.load_profile()
    if profile is not None:
        return profile.load_unit
    if active is not None:
        return active.plan.inputs.load_unit
    return LoadUnit.KG


def quick_load_unit(log: SessionLog) -> LoadUnit:
    """The profile's load unit without validating the whole profile (history stays fast)."""
    raw = log.profile_field("load_unit")
    return LoadUnit(raw) if raw in ("kg", "lb") else LoadUnit.KG


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
    )


def require_plan(log: SessionLog) -> ActivePlan:
    """The active plan, or InvalidInput saying how to make one."""
    active = log.active_plan()
    if active is None:
        raise InvalidInput("no active plan; make one with `runstrength plan ... --save`")
    return active


# --------------------------------------------------------------------------- log


class Logged(NamedTuple):
    sets: list[LoggedSet]  # what this entry added
    session: LoggedSession  # the whole session it is part of


def log_entry(
    path: Path,
    exercise: str,
    spec: str,
    *,
    day: dt.date,
    now: dt.date,
    rir: int | None,
    pain: int | None,
    note: str | None,
    catalog: Catalog,
    rules: Rulebook,
) -> Logged:
    """`log EXERCISE SPEC`: one exercise, attached to the plan session it belongs to."""
    catalog.require(exercise)
    if not spec.strip().startswith("@"):
        parse_spec(spec, LoadUnit.KG)  # a malformed SPEC fails before the log is opened
    with SessionLog(path) as log:
        active = log.active_plan()
        unit = load_unit(log, active)
        target = None
        if active is not None:
            history = load_history(log, active, catalog, rules, unit)
            target = _same_day_target(log, active, day) or attach_target(
                active.plan, history, day, now, exercise
            )
        prescribed = None
        if target is not None:
            found = [p for p in target[1].exercises if p.id == exercise]
            prescribed = found[0] if found else None
        defaults = prescribed_doses(prescribed, unit) if prescribed is not None else None
        doses = parse_spec(spec, unit, defaults)
        sets = logged_sets(exercise, doses, rir=rir, pain=pain, p=prescribed)
        attach: dict[str, Any] = {}
        if active is not None and target is not None:
            week, session = target
            attach = {
                "plan_id": active.id,
                "week": week.index,
                "session": session.index,
                "label": session.label,
            }
        saved = log.add_session(day, sets, note=note, **attach)
    return Logged(sets, saved)


def _same_day_target(
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


def next_for_logging(
    log: SessionLog, now: dt.date, catalog: Catalog, rules: Rulebook
) -> tuple[ActivePlan, NextSession]:
    """The active plan and its next session, for `log --done` and the walk."""
    active = require_plan(log)
    history = load_history(log, active, catalog, rules, load_unit(log, active))
    nxt = prescribe_next(active.plan, history, now, rules, catalog, pain_log(log, now))  # §10.3
    if nxt is None:
        raise InvalidInput(
            "the active plan is complete; log with `runstrength log EXERCISE SPEC` "
            "or save a new plan"
        )
    return active, nxt


def save_next(
    log: SessionLog,
    active: ActivePlan,
    nxt: NextSession,
    day: dt.date,
    sets: Sequence[LoggedSet],
    note: str | None,
) -> LoggedSession:
    """Record `sets` as plan session `nxt`, done on `day`."""
    return log.add_session(
        day,
        sets,
        plan_id=active.id,
        week=nxt.week.index,
        session=nxt.session.index,
        label=nxt.session.label,
        note=note,
    )


def log_as_prescribed(
    path: Path, *, day: dt.date, now: dt.date, note: str | None, catalog: Catalog, rules: Rulebook
) -> tuple[NextSession, LoggedSession]:
    """`log --done`: the next session recorded exactly as prescribed."""
    with SessionLog(path) as log:
        active, nxt = next_for_logging(log, now, catalog, rules)
        unit = load_unit(log, active)
        sets: list[LoggedSet] = []
        for p in nxt.session.exercises:
            doses = prescribed_doses(p, unit)
            sets += logged_sets(p.id, doses, rir=p.target_rir, pain=None, p=p)
        return nxt, save_next(log, active, nxt, day, sets, note)


def edit_entry(
    path: Path,
    session_id: int,
    *,
    exercise: str | None,
    spec: str | None,
    rir: int | None,
    pain: int | None,
    date: dt.date | None,
    note: str | None,
    remove: Sequence[str],
    catalog: Catalog,
) -> LoggedSession:
    """`log edit`: a session's date or note, one exercise's sets (a SPEC without @LOAD keeps
    the load; targets, RIR and pain carry over unless given), or exercises removed."""
    if exercise is not None:
        catalog.require(exercise)
    with SessionLog(path) as log:
        current = log.get_session(session_id)
        replace_sets = None
        if exercise is not None and spec is not None:
            unit = load_unit(log, log.active_plan())
            old = [s for s in current.sets if s.exercise_id == exercise]
            doses = parse_spec(spec, unit, doses_of(old) if old else None)
            old_loads = {(s.load, s.unit) for s in old if s.load is not None}
            if "@" not in spec and len(old_loads) == 1:
                load, load_in = old_loads.pop()
                doses = [d._replace(load=load, unit=load_in) for d in doses]
            new_sets = logged_sets(exercise, doses, rir=rir, pain=pain, p=None)
            if old:
                was = old[0]
                new_sets = [
                    s._replace(
                        target_reps_lo=was.target_reps_lo,
                        target_reps_hi=was.target_reps_hi,
                        target_rir=was.target_rir,
                        rir=s.rir if rir is not None else was.rir,
                        pain=s.pain if pain is not None else was.pain,
                    )
                    for s in new_sets
                ]
            replace_sets = {exercise: new_sets}
        return log.edit_session(
            session_id, date=date, note=note, replace_sets=replace_sets, remove=remove
        )


# --------------------------------------------------------------------------- next, history


def next_session(path: Path, now: dt.date, catalog: Catalog, rules: Rulebook) -> NextSession | None:
    """`next`: the active plan's next session with loads from the log; None when done."""
    with SessionLog(path) as log:
        active = require_plan(log)
        history = load_history(log, active, catalog, rules, load_unit(log, active))
        pain = pain_log(log, now)  # §10.3 pain.py
    return prescribe_next(active.plan, history, now, rules, catalog, pain)


def history_report(
    path: Path,
    *,
    now: dt.date,
    exercise: str | None,
    since: dt.date | None,
    catalog: Catalog,
    rules: Rulebook,
) -> HistoryReport:
    """`history`: per lift and per week, from `since` (weeks: the last 12 by default)."""
    if exercise is not None:
        catalog.require(exercise)
    weeks_since = since
    if weeks_since is None:
        monday = now - dt.timedelta(days=now.weekday())
        weeks_since = monday - dt.timedelta(weeks=HISTORY_WEEKS - 1)
    e = rules.e1rm
    with SessionLog(path) as log:
        return log.history(
            unit=quick_load_unit(log),
            limits=E1rmLimits(e.max_reps, e.max_rir, e.max_effective_reps),
            hard_set_max_rir=rules.hard_set_max_rir,
            patterns={k: x.pattern for k, x in catalog.exercises.items()},
            exercise=exercise,
            since=since,
            weeks_since=weeks_since,
        )


# --------------------------------------------------------------------------- plan's view


def log_view(log: SessionLog, plan: Plan, catalog: Catalog, rules: Rulebook, now: dt.date) -> Plan:
    """`plan` as the log sees it when it is the active plan (same inputs): done and missed
    sessions marked, with what was lifted, later loads absolute where an e1RM exists, and
    sessions shifted past missed days. Any other plan comes back unchanged."""
    active = log.active_plan()
    if active is None or active.plan.inputs != plan.inputs:
        return plan
    history = load_history(log, active, catalog, rules, active.plan.inputs.load_unit)
    viewed = apply_log(active.plan, history, now, rules, catalog, pain_log(log, now))  # §10.3
    logged = {(s.week, s.session): s for s in log.sessions(plan_id=active.id) if s.week is not None}
    weeks = []
    for week in viewed.weeks:
        sessions = []
        for s in week.sessions:
            done = logged.get((week.index, s.index))
            if done is not None:
                by_id: dict[str, list[LoggedSet]] = {}
                for logged_set in done.sets:
                    by_id.setdefault(logged_set.exercise_id, []).append(logged_set)
                exercises = [
                    p.model_copy(update={"logged": entry_text(by_id[p.id])}) if p.id in by_id else p
                    for p in s.exercises
                ]
                s = s.model_copy(update={"exercises": exercises})
            sessions.append(s)
        weeks.append(week.model_copy(update={"sessions": sessions}))
    return viewed.model_copy(update={"weeks": weeks})
