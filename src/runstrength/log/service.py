"""What the log commands do, below the CLI: each `runstrength log | next | history |
profile` command parses its arguments, makes one call here and prints the result.

Nothing here prompts, prints or reads the clock: `now` (today), the catalog and the rules
come in from the CLI, and so does the log file's path.
"""

import datetime as dt
from collections.abc import Callable, Sequence
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
from runstrength.models import Catalog, Plan, Profile, Session, Week
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
    replaced: str | None = None  # the exercise's sets this entry replaced, as text


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
        if target is not None and active is not None:
            found = [p for p in target[1].exercises if p.id == exercise]
            prescribed = found[0] if found else None
            # The next session's own dose (re-entry, ramp, ladder) is what was prescribed:
            # as `next` showed it before today's entries of that session.
            key = (target[0].index, target[1].index)
            before = history._replace(
                sessions=[
                    s
                    for s in history.sessions
                    if not (s.date == day and s.plan_id == active.id and (s.week, s.session) == key)
                ]
            )
            nxt = prescribe_next(active.plan, before, now, rules, catalog)
            if nxt is not None and (nxt.week.index, nxt.session.index) == (
                target[0].index,
                target[1].index,
            ):
                shown = [p for p in nxt.session.exercises if p.id == exercise]
                prescribed = shown[0] if shown else prescribed
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
        # The day's session of that plan session already holds the exercise with no rating
        # (`log --done`'s prescribed sets, or an unrated entry): these sets replace those, and
        # the runner is told so. Rated sets (an RIR or a pain score) are never replaced: the
        # new ones join them. Notes always join.
        for logged in log.sessions(since=day, until=day):
            same = attach and (logged.plan_id, logged.week, logged.session) == (
                attach["plan_id"],
                attach["week"],
                attach["session"],
            )
            old = [x for x in logged.sets if x.exercise_id == exercise]
            if same and old and all(x.rir is None and x.pain is None for x in old):
                joined = "; ".join(n for n in (logged.note, note) if n)
                saved = log.edit_session(
                    logged.id, note=joined, replace_sets={exercise: sets}, remove=()
                )
                return Logged(sets, saved, entry_text(old))
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
    nxt = prescribe_next(
        active.plan, history, now, rules, catalog, pain=pain_log(log, now)
    )  # §10.3
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
    path: Path,
    *,
    day: dt.date,
    now: dt.date,
    note: str | None,
    catalog: Catalog,
    rules: Rulebook,
    rir: int | None = None,
    confirm: Callable[[str], bool] | None = None,
) -> tuple[NextSession, LoggedSession]:
    """`log --done`: the next session recorded as prescribed, with an unknown RIR unless
    `rir` is given (§10.5: never an invented one, so such sets make no e1RM).

    A `day` before the plan starts is asked about (`confirm`, on a terminal) or refused."""
    with SessionLog(path) as log:
        active, nxt = next_for_logging(log, now, catalog, rules)
        first = next((s.date for _, s in active.plan.sessions() if s.date is not None), None)
        if first is not None and day < first:
            question = (
                f"the active plan starts {first.isoformat()}; record its week "
                f"{nxt.week.index} session {nxt.session.label} as done on {day.isoformat()}?"
            )
            if confirm is None:
                raise InvalidInput(
                    f"the active plan starts {first.isoformat()}, after {day.isoformat()}; "
                    "give --date on or after the start, or log EXERCISE SPEC"
                )
            if not confirm(question):
                raise InvalidInput("nothing logged")
        unit = load_unit(log, active)
        sets: list[LoggedSet] = []
        for p in nxt.session.exercises:
            doses = prescribed_doses(p, unit)
            given = rir if p.target_rir is not None else None
            sets += logged_sets(p.id, doses, rir=given, pain=None, p=p)
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
    from runstrength.log.run_import import runs_summary

    with SessionLog(path) as log:
        active = require_plan(log)
        history = load_history(log, active, catalog, rules, load_unit(log, active))
        runs = runs_summary(log, now, rules)  # issue 13: a running spike -> reactive deload
        pain = pain_log(log, now)  # §10.3 pain.py
    spike = runs.spike if runs is not None else None
    return prescribe_next(active.plan, history, now, rules, catalog, run_spike=spike, pain=pain)


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


# --------------------------------------------------------------------------- plan --save


def with_maxes(
    plan: Plan, profile: Profile, catalog: Catalog, rules: Rulebook, today: dt.date
) -> Plan:
    """`plan --max` without a saved plan (W10): loads from the maxes as the saved plan's
    view would give them, with nothing logged and the dates as planned."""
    if not profile.maxes:
        return plan
    maxes: dict[str, MaxRecord] = {
        k: Max(v, profile.load_unit, "flag") for k, v in profile.maxes.items()
    }
    first = next((s.date for _, s in plan.sessions() if s.date is not None), today)
    return apply_log(plan, History(maxes=maxes), first, rules, catalog)


def save_active_plan(
    log: SessionLog, plan: Plan, *, today: dt.date, start_given: bool
) -> tuple[Plan, list[str]]:
    """`plan --save`: `plan` becomes the active plan, unless it is the active one again
    (the same inputs; without --start, the same but for the start the engine picked), which
    stays active with its log attached so `next` carries on (§10.7). Returns the active plan
    and what to tell the runner."""
    active = log.active_plan()
    said: list[str] = []
    if active is not None:
        same = active.plan.inputs == plan.inputs or (
            not start_given
            and active.plan.inputs.model_copy(update={"start_date": None})
            == plan.inputs.model_copy(update={"start_date": None})
        )
        if same:
            said.append("Same plan as the active one: kept it, with your log; `next` carries on.")
            return active.plan, said
    logged = len(log.sessions(plan_id=active.id)) if active is not None else 0
    log.save_plan(plan)
    if logged:
        said.append(
            f"Saved a new active plan: the {logged} session(s) logged with the previous one stay "
            "in the log (history, e1RMs); `next` starts this plan at its first session."
        )
    first = next((s.date for _, s in plan.sessions() if s.date is not None), None)
    if first is not None and first < today:
        said.append(
            f"The plan starts {first.isoformat()}, before today: sessions not logged yet go on "
            "your next strength days the rules allow (see `runstrength next`)."
        )
    return plan, said


# --------------------------------------------------------------------------- plan's view


def _swapped(exercise_id: str, logged: Sequence[str], catalog: Catalog) -> str | None:
    """The logged exercise that stood in for `exercise_id` (its regression or progression,
    or one whose regression it is), if any."""
    entry = catalog.get(exercise_id)
    for other in logged:
        found = catalog.get(other)
        if entry is None or found is None:
            continue
        if other in (entry.regression, entry.progression) or exercise_id in (
            found.regression,
            found.progression,
        ):
            return other
    return None


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
            if done is not None and s.done:
                by_id: dict[str, list[LoggedSet]] = {}
                for logged_set in done.sets:
                    by_id.setdefault(logged_set.exercise_id, []).append(logged_set)
                planned_ids = {p.id for p in s.exercises}
                extra = [i for i in by_id if i not in planned_ids]
                exercises = []
                for p in s.exercises:
                    if p.id in by_id:
                        p = p.model_copy(update={"logged": entry_text(by_id[p.id])})
                    elif (swap := _swapped(p.id, extra, catalog)) is not None:
                        # §10.7: a swap (pain regression, ladder progression) shows as done
                        name = catalog.exercises[swap].name
                        text = f"{name} instead: {entry_text(by_id[swap])}"
                        p = p.model_copy(update={"logged": text})
                    exercises.append(p)
                # §10.7: a done session shows the date it was done on
                s = s.model_copy(update={"exercises": exercises, "date": done.date})
            sessions.append(s)
        weeks.append(week.model_copy(update={"sessions": sessions}))
    return viewed.model_copy(update={"weeks": weeks})
