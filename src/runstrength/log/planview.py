"""The whole plan as the log sees it (docs/method.md §4.2–§4.8, §10.3, §10.7): done and
missed sessions marked, dates moved by the days missed sessions are overdue, later loads
absolute where an e1RM exists, and today's pain gate over every session ahead.

Split out of nextsession.py: `apply_log` starts where `prescribe_next` does (the same
`LogView`, the same next session) and carries that session's loads forward. Pure: the
caller passes the plan, the log and today.
"""

import datetime as dt
from collections.abc import Mapping
from types import MappingProxyType

from runstrength.enums import LoadType, Phase
from runstrength.log import pain as pain_gate  # §10.3
from runstrength.log.context import Context, ramp_span
from runstrength.log.load_cases import basis
from runstrength.log.loads import decide_load
from runstrength.log.nextsession import (
    ABSORBED,
    LogView,
    absorbed_twin,
    absorbed_week,
    deload_kept_off,
    deload_kept_off_note,
    loading_twin,
    next_of,
    primer_capped,
    start_view,
    taper_held,
)
from runstrength.log.pain import PainState, Restart
from runstrength.log.pain_notes import notes as pain_notes
from runstrength.log.progress import Progress, effective_date, keys_of
from runstrength.log.rescale import rescale
from runstrength.log.spec import num_text
from runstrength.log.standing import (
    dropped_note,
    moved_note,
    race_missed_note,
    rested_note,
    taken_note,
)
from runstrength.models import Load, Plan, Prescription, Session, Week
from runstrength.plan.warmup import with_exercises


def apply_log(view: LogView) -> Plan:
    """The plan as the log sees it: the next session as `prescribe_next` gives it, later
    sessions at absolute loads where an e1RM exists (held, not projected, until logged),
    sessions not yet done moved later by the days missed sessions are overdue.

    The §10.3 pain gate of today applies to every session ahead, as it does to `next`: a
    flagged region's blocked work is left out and its painful exercises swapped until it
    is cleared, and the plan's warnings carry `next`'s lines about it.

    Sessions keep their planned content otherwise; which ones are done or missed is in
    `plan_progress` and on `Session.done` / `Session.missed`.
    """
    plan = view.plan
    ctx, progress, state = start_view(view)
    nxt = next_of(ctx, progress, None, state)
    keys = keys_of(plan)
    start = keys.index(progress.next) if progress.next is not None else len(keys)
    current: dict[str, tuple[tuple[int, int] | None, int | None, float]] = {}
    if nxt is not None:
        for p in nxt.session.exercises:
            if p.load.type is LoadType.ABSOLUTE and p.load.value is not None and p.reps:
                current[p.id] = (p.reps, p.target_rir, p.load.value)
    left_out: list[str] = []
    # per deload week, the ramps after pain check-ins that dose part of it (§10.4)
    kept_off: dict[int, list[Restart]] = {}
    if nxt is not None and nxt.kept_off:
        kept_off[nxt.week.index] = list(nxt.kept_off)
    now = progress.next[0] if progress.next is not None else len(plan.weeks)  # its week
    weeks: list[Week] = []
    # A planned deload a break takes in (`next` says so, coach review K4) is shown as
    # `next` gives it: no deload week, its later sessions the loading twins.
    taken = nxt.week.index if nxt is not None and ABSORBED in nxt.notes else None
    if taken is None and progress.next is not None:
        taken = _absorbed_ahead(plan, ctx, progress)
    for week in plan.weeks:
        sessions: list[Session] = []
        shown = week
        if week.index == taken:
            shown = week.model_copy(update={"deload": False})
        for s in week.sessions:
            key = (week.index, s.index)
            position = keys.index(key)
            if nxt is not None and key == progress.next:
                new = nxt.session
                left_out += nxt.left_out
            elif position > start and key not in progress.done:
                twin = absorbed_twin(week, s, ctx, now) if shown is not week else None
                date = effective_date(plan, key, progress)
                kept = {} if twin is not None else _deload_kept_off(s, shown, date, ctx, state, now)
                twins = {i: p for i, (p, _) in kept.items()}
                kept_off.setdefault(week.index, []).extend(x for _, x in kept.values())
                if _in_reentry(date, ctx):
                    new = _reentry_future(twin or s, ctx)
                else:
                    new = _future(twin or _with_twins(s, twins), shown, ctx, current, twins)
                new = _gated_future(new, date, ctx, state, left_out)
            else:
                new = s
            if position >= start and key not in progress.done:
                new = new.model_copy(update={"date": effective_date(plan, key, progress)})
            marks = {"done": key in progress.done, "missed": key in progress.missed}
            sessions.append(new.model_copy(update=marks))
        weeks.append(shown.model_copy(update={"sessions": sessions}))
    said = [
        *(
            n
            for n in (
                moved_note(plan, progress),
                dropped_note(plan, progress),
                race_missed_note(plan, progress),
                taken_note(plan, progress),
                rested_note(plan, progress, ctx.rules),
            )
            if n
        ),
        *pain_notes(state, list(dict.fromkeys(left_out))),
        *(deload_kept_off_note(ramps, i) for i, ramps in kept_off.items() if ramps),
    ]
    warnings = [*plan.warnings, *(w for w in said if w not in plan.warnings)]
    return plan.model_copy(update={"weeks": weeks, "warnings": warnings})


def _deload_kept_off(
    s: Session, week: Week, date: dt.date | None, ctx: Context, state: PainState, now: int
) -> dict[str, tuple[Prescription, Restart]]:
    """A later session of a planned deload week: its work that a ramp after a pain
    check-in will dose on `date` (`next`'s rule, nextsession.deload_kept_off; `now`: the
    next session's week), by id: its loading twin with the `why` `next` will give it, and
    the ramp. The view shows the plan's dose there, not the ramp's: the ramp climbs from
    sessions not logged yet."""
    if not week.deload or date is None:
        return {}
    loading = loading_twin(week, s, ctx.plan)
    then = pain_gate.on_day(state, date, ctx.rules)
    kept: dict[str, tuple[Prescription, Restart]] = {}
    for p in s.exercises:
        found = deload_kept_off(p, week, loading, then, ctx, now)
        if found is not None:
            twin, ramp = found
            why = pain_gate.no_deload_why(ramp)
            kept[p.id] = (twin.model_copy(update={"why": why}), ramp)
    return kept


def _absorbed_ahead(plan: Plan, ctx: Context, progress: Progress) -> int | None:
    """The planned deload week ahead that the latest break takes in (`absorbed_week`), when
    its sessions come before the ramp after the break ends (then `next` gives its loading
    twins); None otherwise."""
    assert progress.next is not None
    taken = absorbed_week(ctx, progress.next[0])
    brk = ctx.reentry_break
    end = ctx.ramp.reentry_end if ctx.ramp is not None else brk.end if brk is not None else None
    if taken is None or end is None or not plan.weeks[taken - 1].deload:
        return None
    until = end + ramp_span(ctx.rules)
    dates = [
        effective_date(plan, (taken, s.index), progress) for s in plan.weeks[taken - 1].sessions
    ]
    return taken if all(d is None or d < until for d in dates) else None


def _in_reentry(date: dt.date | None, ctx: Context) -> bool:
    """Whether a later session on `date` falls in the re-entry block running today."""
    brk = ctx.reentry_break
    return brk is not None and (date is None or date < brk.end)


def _reentry_future(s: Session, ctx: Context) -> Session:
    """A later session of the re-entry block running today, dosed as `next` will dose it
    (§4.8: the re-entry's sets, RIR, contacts and loads; the QA run: the view showed the
    plan's full dose for the rest of a re-entry week)."""
    exercises: list[Prescription] = []
    for p in s.exercises:
        p = rescale(p, ctx, None)
        decision = (
            None
            if p.load.type is LoadType.BODYWEIGHT
            else decide_load(p, ctx, deload=None, region_pain=0)
        )
        if decision is not None and decision.value is not None:
            load = Load(type=LoadType.ABSOLUTE, value=decision.value, unit=ctx.unit.value)
            update = {**(decision.update or {}), "load": load, "why": decision.why}
            p = p.model_copy(update=update)
        exercises.append(primer_capped(p, ctx) if s.primer else p)
    return with_exercises(s, exercises, ctx.rules, ctx.catalog)


def _with_twins(s: Session, twins: dict[str, Prescription]) -> Session:
    if not twins:
        return s
    return s.model_copy(update={"exercises": [twins.get(p.id, p) for p in s.exercises]})


def _gated_future(
    s: Session, date: dt.date | None, ctx: Context, state: PainState, left_out: list[str]
) -> Session:
    """A later session (on `date`) through today's §10.3 pain gate, as `next` would give
    it while the flags stand: blocked work out (its names added to `left_out`), painful
    exercises swapped to their unloading variants, no load above the last one in a flagged
    region, re-entry doses while a cleared region's window lasts."""
    if date is not None:
        state = pain_gate.on_day(state, date, ctx.rules)
    # the ramp after a window climbs from sessions not logged yet: the view shows the plan's
    state = state._replace(ramps={})
    if not (state.flags or state.holds or state.restarts):
        return s
    exercises: list[Prescription] = []
    ids = [p.id for p in s.exercises]
    for p in s.exercises:
        taken = {*ids, *(e.id for e in exercises)}  # a swap never doubles an exercise
        gated, out = pain_gate.gate(p, state, ctx, taken, primer=s.primer)
        if gated is None:
            left_out += [out] if out else []
            continue
        exercises.append(pain_gate.after(gated, state, ctx, gated, planned=p))
    return with_exercises(s, exercises, ctx.rules, ctx.catalog)


def _future(
    s: Session,
    week: Week,
    ctx: Context,
    current: dict[str, tuple[tuple[int, int] | None, int | None, float]],
    loading: Mapping[str, Prescription] = MappingProxyType({}),
) -> Session:
    """A later session: loads held at the latest decided load for the same targets, else
    derived from the e1RM for the new targets (a phase change), unchanged in deload weeks.
    `loading`: work of a deload week that a pain ramp doses as its loading twin
    (`_deload_kept_off`), which keeps its `why`."""
    exercises: list[Prescription] = []
    for p in s.exercises:
        if p.load.type is LoadType.BODYWEIGHT or p.reps is None:
            exercises.append(p)
            continue
        known = current.get(p.id)
        value: float | None = None
        why = loading[p.id].why if p.id in loading else None
        update: dict[str, object] = {}
        if known is not None and (week.deload or (known[0], known[1]) == (p.reps, p.target_rir)):
            value = known[2]
        elif known is None and not week.deload and p.id not in loading:
            # a lift the next session does not hold: the load `next` will give it, from
            # the log as it stands (the loop QA run: 16 kg logged showed 15 kg here, the
            # e1RM's load on the steps, where `next` gave the runner's own 16 kg)
            decision = decide_load(p, ctx, deload=None, region_pain=0)
            if decision is not None and decision.value is not None:
                value, why, update = decision.value, decision.why, dict(decision.update or {})
        else:
            # the e1RM's load for the new targets, on the runner's steps, as `next` has it
            b = basis(p, ctx)
            if b is not None and b.derived is not None and p.target_rir is not None:
                value = b.derived
                said = f"{num_text(value)} {ctx.unit.value} {b.from_e1rm}"
                why = "; ".join(w for w in (said, why) if w)
            elif known is not None:
                value = known[2]
        if value is None:
            exercises.append(p)
            continue
        p = p.model_copy(update=update) if update else p
        if not week.deload:
            current[p.id] = (p.reps, p.target_rir, value)
        load = Load(type=LoadType.ABSOLUTE, value=value, unit=ctx.unit.value)
        made = p.model_copy(update={"load": load, "why": why})
        made = taper_held(made, ctx) if week.phase is Phase.TP else made
        exercises.append(primer_capped(made, ctx) if s.primer else made)
    return with_exercises(s, exercises, ctx.rules)  # its warm-up and notes for these loads
