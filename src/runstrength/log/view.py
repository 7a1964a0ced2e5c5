"""`plan`'s side of the log: a plan with maxes but no saved plan, `plan --save`, and the
active plan as the log sees it (split out of service.py, which re-exports them)."""

import datetime as dt
from collections.abc import Sequence

from runstrength.enums import IMPACT
from runstrength.log.active import load_history
from runstrength.log.clearance import pain_log
from runstrength.log.entries import entry_text
from runstrength.log.nextsession import LogView
from runstrength.log.planview import apply_log
from runstrength.log.progress import History, Max, MaxRecord, find, first_day, plan_progress
from runstrength.log.records import ActivePlan, LoggedSession, LoggedSet
from runstrength.log.storage import SessionLog
from runstrength.models import SKIPPED, Catalog, Plan, Prescription, Profile
from runstrength.rulebook import Rulebook

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
    first = first_day(plan) or today
    return apply_log(LogView(plan, History(maxes=maxes), first, rules, catalog))


def save_active_plan(
    log: SessionLog,
    plan: Plan,
    rules: Rulebook,
    *,
    today: dt.date,
    start_given: bool,
    new: bool = False,
) -> tuple[Plan, list[str]]:
    """`plan --save`: `plan` becomes the active plan, unless it is the active one again
    (the same inputs; without --start, the same but for the start the engine picked), which
    stays active with its log attached so `next` carries on (§10.7); `new`: it is not (made
    with another catalog). Returns the active plan and what to tell the runner."""
    active = log.active_plan()
    said: list[str] = []
    if active is not None and not new:
        same = active.plan.inputs == plan.inputs or (
            not start_given
            and active.plan.inputs.model_copy(update={"start_date": None})
            == plan.inputs.model_copy(update={"start_date": None})
        )
        if same:
            said.append("Same plan as the active one: kept it, with your log; `next` carries on.")
            return active.plan, said
    logged = log.sessions(plan_id=active.id) if active is not None else []
    run = _loading_run(log, active, plan, rules) if active is not None and logged else None
    new_id = log.save_plan(plan, today=today)
    if logged:
        said.append(_carried(log, plan, new_id, logged, today))
        if run is not None:
            said.append(run)
        return plan, said
    # A start before today needs no line here: the plan's view says in its warnings which
    # sessions moved and why (standing.moved_note).
    return plan, said


def _loading_run(log: SessionLog, old: ActivePlan, plan: Plan, rules: Rulebook) -> str | None:
    """§4.6, invariant 23 across plans: the loading weeks the log holds right before `plan`
    starts and `plan`'s own before its first deload, when together they are more than the
    rules allow in a row; None otherwise. The QA run: four loading weeks logged, the deload
    due, and a new plan saved from that Monday put its first deload four weeks later.

    The log's run (`_logged_run`) counts back week by week and ends at a week with no
    session, at one logged in a week that unloaded, and at a race."""
    from runstrength.plan.periodization import DELOAD_PHASES

    first = first_day(plan)
    if first is None or not plan.weeks or plan.weeks[0].phase not in DELOAD_PHASES:
        return None
    ahead = next((w.index - 1 for w in plan.weeks if w.deload), None)
    if ahead is None:
        return None
    before = _logged_run(log, old, first)
    most = rules.deload_every(plan.inputs.level) - 1
    if before + ahead <= most:
        return None
    return (
        f"Your log holds {before} loading week{'s' if before != 1 else ''} before this plan "
        f"starts, and its first deload is week {ahead + 1}: {before + ahead} loading weeks in "
        f"a row, more than the {most} the method allows (§4.6). Take its first week easy "
        "(fewer sets, 2 more reps in reserve), or save it to start a week later and rest."
    )


_RUN_WEEKS = 8  # how far back the log's run is looked for: more than any `deload_every`


def _logged_run(log: SessionLog, old: ActivePlan, first: dt.date) -> int:
    """The loading weeks logged in a row right before `first`: the 7-day weeks back from it
    with a session, up to one without any, or with one logged in a week that unloaded (a
    deload, or a week outside AA, MS and PW: the taper is one, §10.9, as in the plan's own
    run, `periodization.deload_weeks`), of whichever saved plan it was logged with. A
    race (§3.4) ends the run too: what came on or before it (the taper, a lift the day
    before) is no loading week of the plan after it (the QA run: a plan saved after a
    race counted the weeks before the race, taper and race week included, as 8 in a row).
    The race is that of a plan logged with in these weeks, or of `old`, the plan being
    replaced, that the runner was still following on race day: no later plan's session
    comes on or before it (a race plan replaced before its race set no race)."""
    from runstrength.plan.periodization import DELOAD_PHASES

    loading = {phase.value for phase in DELOAD_PHASES}
    since = first - dt.timedelta(weeks=_RUN_WEEKS)
    sessions = log.sessions(since=since, until=first - dt.timedelta(1))
    plans = log.plan_weeks({old.id, *(s.plan_id for s in sessions if s.plan_id is not None)})
    easy = {
        (plan_id, index)
        for plan_id, marks in plans.items()
        for index, (phase, deload) in marks.weeks.items()
        if deload or phase not in loading
    }
    races = [
        marks.race_date
        for plan_id, marks in plans.items()
        if marks.race_date is not None
        and since <= marks.race_date < first
        and not any(
            s.plan_id is not None and s.plan_id > plan_id and s.date <= marks.race_date
            for s in sessions
        )
    ]
    if races:
        raced = max(races)
        sessions = [s for s in sessions if s.date > raced]
    before = 0
    for k in range(1, _RUN_WEEKS + 1):
        week = [
            s
            for s in sessions
            if first - dt.timedelta(weeks=k) <= s.date < first - dt.timedelta(weeks=k - 1)
        ]
        if not week or any((s.plan_id, s.week) in easy for s in week):
            break
        before += 1
    return before


def _carried(
    log: SessionLog, plan: Plan, plan_id: int, old: Sequence[LoggedSession], today: dt.date
) -> str:
    """The line that says what re-saving a different plan did with the log (§10.7): how
    many of the `old` plan's sessions count for the new one, and which stay outside it
    (the loop QA run: a 3-day week 1 re-saved on 2 days showed two sessions done and no
    word of the third)."""
    carried = log.sessions(plan_id=plan_id)
    logged = len(old)
    history = History(sessions=carried, plan_id=plan_id, resumed=log.resumed(plan_id))
    nxt = plan_progress(plan, history, today).next
    where = "the plan is done"
    if nxt is not None:
        where = f"`next` goes on at week {nxt[0]} session {find(plan, nxt)[1].label}"
    of = "the 1 session" if logged == 1 else f"the {logged} sessions"
    count = "counts" if len(carried) == 1 else "count"
    ids = {s.id for s in carried}
    left = [s for s in old if s.id not in ids]
    rest = ""
    if left:
        named = ", ".join(f"#{s.id} of {s.date.isoformat()}{_where(s)}" for s in left[:3])
        more = f" and {len(left) - 3} more" if len(left) > 3 else ""
        stay = "stays" if len(left) == 1 else "stay"
        rest = f", and {named}{more} {stay} in the log outside it"
    return (
        f"Saved a new active plan: of {of} logged with the previous one, {len(carried)} now "
        f"{count} for it by date{rest}; {where}."
    )


def _where(s: LoggedSession) -> str:
    return f" (week {s.week} {s.label})" if s.week is not None and s.label else ""


# --------------------------------------------------------------------------- plan's view


def _swapped(exercise_id: str, logged: Sequence[str], catalog: Catalog) -> str | None:
    """The logged exercise that stood in for `exercise_id` (its regression or progression,
    one whose regression it is, or its unloading variant: the pain gate's swap), if any.

    The pain gate leaves jumps out and never swaps them (pain.gate): an isometric calf
    hold done in place of the split-squat calf raise read "Isometric calf hold instead"
    under the jump rope too, which was left out (QA)."""
    entry = catalog.get(exercise_id)
    for other in logged:
        found = catalog.get(other)
        if entry is None or found is None:
            continue
        if (
            other in (entry.regression, entry.progression)
            or exercise_id in (found.regression, found.progression)
            # QA: a pain swap done read "Skipped"
            or (other in entry.unload and entry.category not in IMPACT)
        ):
            return other
    return None


def _given(p: Prescription, sets: Sequence[LoggedSet]) -> dict[str, object]:
    """The reps and target RIR `next` gave a done exercise, as its logged sets recorded them
    (the ladders move them off the plan's: the QA run showed "3 × 10–12" beside "3×14",
    done as `next` said, 10–14); nothing when they recorded none."""
    first = sets[0]
    lo, hi = first.target_reps_lo, first.target_reps_hi
    if p.reps is None or lo is None or hi is None or p.contacts is not None:
        return {}
    given: dict[str, object] = {"reps": (lo, hi)}
    if first.target_rir is not None and p.target_rir is not None:
        given["target_rir"] = first.target_rir
    return given


def log_view(log: SessionLog, plan: Plan, catalog: Catalog, rules: Rulebook, now: dt.date) -> Plan:
    """`plan` as the log sees it when it is the active plan (same inputs): done and missed
    sessions marked, with what was lifted, later loads absolute where an e1RM exists, and
    sessions shifted past missed days. Any other plan comes back unchanged."""
    active = log.active_plan()
    if active is None or active.plan.inputs != plan.inputs:
        return plan
    history = load_history(log, active, catalog, rules, active.plan.inputs.load_unit)
    pain = pain_log(log, now)  # §10.3
    viewed = apply_log(LogView(active.plan, history, now, rules, catalog, pain))
    logged = {(s.week, s.session): s for s in log.sessions(plan_id=active.id) if s.week is not None}
    skipped = log.skipped_in(s.id for s in logged.values())  # the walk's `skip`
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
                        update = {"logged": entry_text(by_id[p.id]), **_given(p, by_id[p.id])}
                        p = p.model_copy(update=update)
                    elif (swap := _swapped(p.id, extra, catalog)) is not None:
                        # §10.7: a swap (pain regression, ladder progression) shows as done,
                        # under the one exercise it stood in for
                        extra.remove(swap)
                        name = catalog.exercises[swap].name
                        text = f"{name} instead: {entry_text(by_id[swap])}"
                        p = p.model_copy(update={"logged": text})
                    elif p.id in skipped.get(done.id, ()) or done.date < now:
                        # skipped on purpose, or not done and the day is over (new-user C16)
                        p = p.model_copy(update={"logged": SKIPPED})
                    exercises.append(p)
                # §10.7: a done session shows the date it was done on
                s = s.model_copy(update={"exercises": exercises, "date": done.date})
            sessions.append(s)
        weeks.append(week.model_copy(update={"sessions": sessions}))
    return viewed.model_copy(update={"weeks": weeks})
