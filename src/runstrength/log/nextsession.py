"""The next session and the whole plan as the log sees them (docs/method.md §4.2–§4.8,
§5.3, §7 inv. 10–12, 27, 28).

Pure functions: the caller passes the plan, what was logged (`History`), `today` and the
rules; nothing here reads the clock, the disk or the environment. `prescribe_next` is the
`runstrength next` session, with absolute loads, the §4.7 non-load progressions and a
one-line `why` per change; `apply_log` is the whole plan: done sessions, shifted dates,
absolute loads. Both take one `LogView` (the plan, the log, today, the rules) and build the
log's `Context` from it once.
"""

import datetime as dt
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any, NamedTuple

from runstrength.enums import IMPACT, DeloadKind, LoadType, PainRegion, Phase, Reentry, Region
from runstrength.log import pain as pain_gate  # §10.3
from runstrength.log.context import (
    Context,
    build_context,
    e1rm_of,
    last_with,
    pain_on,
    ramp_deload,
    region_of,
    region_pain,
    shared_region_pain,
)
from runstrength.log.e1rm import e1rm_text
from runstrength.log.ladder import hold_reason, non_load
from runstrength.log.load_cases import own_load
from runstrength.log.load_math import not_below_lightest
from runstrength.log.loads import LoadDecision, decide_load, round_down
from runstrength.log.pain import (  # §10.3
    PainLog,
    PainState,
    Restart,
    state_for,
    unload_variant,
)
from runstrength.log.pain_notes import notes as pain_notes
from runstrength.log.pain_notes import region_names
from runstrength.log.progress import (
    History,
    Progress,
    effective_date,
    find,
    plan_progress,
)
from runstrength.log.rescale import rescale
from runstrength.log.run_spike import (
    REACTIVE_DOES,
    recovery_session,
    spike_context,
    spike_note,
    spike_why,
)
from runstrength.log.spec import num_text
from runstrength.log.standing import (
    dropped_note,
    passed_note,
    race_missed_note,
    rested_note,
    taken_note,
)
from runstrength.log.swap import prescription_for
from runstrength.models import Catalog, Load, Plan, Prescription, Session, Week
from runstrength.plan.warmup import with_exercises
from runstrength.rulebook import Rulebook

if TYPE_CHECKING:
    from runstrength.watch.volume import RecoveryWeek, Spike


class NextSession(NamedTuple):
    """The next session with loads from the log, and what shaped it."""

    week: Week
    session: Session
    notes: tuple[str, ...] = ()
    e1rms: Mapping[str, float] = {}
    reentry: Reentry | None = None
    deload: DeloadKind | None = None
    shift_days: int = 0
    progress: Progress | None = None
    left_out: tuple[str, ...] = ()  # what the §10.3 pain gate kept out, by name
    # the ramps after pain check-ins that dosed part of a planned deload (deload_kept_off)
    kept_off: tuple[Restart, ...] = ()
    # exercise id -> the planned exercise's id it replaced in this session (a pain swap,
    # the ladder's progression): what `log --done` counts a stand-in as done for
    replaced: Mapping[str, str] = {}


def _adjust(
    p: Prescription,
    ctx: Context,
    *,
    deload: DeloadKind | None,
    region_pain: Mapping[Region, int],
    session_ids: Sequence[str] = (),
    flagged: str | None = None,
    week: Week | None = None,
    settled: bool = False,
    primer: bool = False,
) -> tuple[Prescription | None, list[str]]:
    """One prescription of the next session after the log's rules; None drops it.
    `flagged`: why a §10.3 flag or hold in a region it loads keeps the ladder's rung;
    `week`: the session's week (a timed hold cut to a new phase's start says so);
    `settled`: every region it loads has settled since (`_settled`), so the pain it last
    had swaps and holds nothing; `primer`: the session is a race primer, whose swaps keep
    its reps (`swap.prescription_for`)."""
    rules = ctx.rules
    notes: list[str] = []
    region = region_of(p.category, rules)
    rpain = region_pain.get(region, 0) if region else 0
    exercise = ctx.catalog.get(p.id) if ctx.catalog is not None else None
    # §5.3's red flag by body part (lower, core, upper) only where the catalog names no
    # §10.3 regions: where it does, the pain gate (pain.gate) has judged the exercise by the
    # regions it loads, so pain 6 on a split squat (knee, hip) no longer takes the calf and
    # hip work of the next session too (the QA run). Jumps stay out after any lower-body
    # pain of 4 or more: a landing jars more than the region it loads.
    coarse = exercise is None or not exercise.regions
    if coarse and rpain >= rules.pain.red_flag_at:
        return None, notes
    jumps_out = region_pain.get(Region.LOWER, 0) >= rules.pain.modify_at
    if not coarse and exercise is not None:
        # §10.3 (v2): "this area" is the regions the exercise loads, not the whole lower
        # body (the coach QA run: calf pain 5 held the back squat's load, "pain 5/10 in
        # this area")
        rpain = shared_region_pain(ctx, exercise)
    if p.category in IMPACT and jumps_out:
        return None, notes

    # Pain on this exercise (or its regression, once swapped) in its last session: §4.5, §5.3.
    regression = unload_variant(exercise, ctx.catalog, ctx.kit) if exercise else None  # §10.3
    watched = {p.id} | ({regression.id} if regression is not None else set())
    own_pain = 0 if settled else pain_on(last_with(ctx, watched), watched)
    if own_pain >= rules.pain.modify_at:
        if regression is not None:
            reason = f"instead of {p.name}: pain {own_pain}/10 last time"
            swapped = prescription_for(regression, p, reason, ctx.kit, ctx.rules, primer=primer)
            p = rescale(swapped, ctx, deload)
            decision = decide_load(p, ctx, deload=deload, region_pain=max(rpain, own_pain))
            if decision is not None and p.load.type is not LoadType.BODYWEIGHT:
                said = f"{reason}; {decision.why}" if decision.why else reason
                p = p.model_copy(update={"load": _load_of(decision, ctx), "why": said})
            return p, notes
        notes.append(f"{p.name}: pain {own_pain}/10 last time and no easier variant; keep it easy")
    p = rescale(p, ctx, deload)
    planned = p
    modify = rules.pain.modify_at
    pain = flagged is not None or own_pain >= modify or rpain >= modify
    hold = flagged or hold_reason(ctx, deload, own_pain, rpain)
    p = non_load(p, ctx, hold, session_ids, pain=pain, week=week, primer=primer)
    if p.load.type is LoadType.BODYWEIGHT:
        return p, notes
    decision = decide_load(p, ctx, deload=deload, region_pain=max(rpain, own_pain))
    if decision is None:
        return p, notes
    why = decision.why
    if p.id != planned.id:  # the ladder moved on to the progression exercise (§4.7)
        why = f"{p.name} instead of {planned.name}; {why}"
    if ctx.ramp is not None and planned.why and "ramping back" in planned.why:
        why = f"{why}; {planned.why}" if why else planned.why  # §10.4: say why fewer sets
    update: dict[str, Any] = dict(decision.update or {})
    update.update(load=_load_of(decision, ctx), why=why)
    return p.model_copy(update=update), notes


def _load_of(decision: LoadDecision, ctx: Context) -> Load:
    if decision.value is None:
        return Load(type=LoadType.CHOOSE)
    return Load(type=LoadType.ABSOLUTE, value=decision.value, unit=ctx.unit.value)


ABSORBED = (
    "No planned deload this week: the ramp back after your break is the easier stretch "
    "(three light weeks in a row lose more than they rest). Doses climb back as the ramp allows."
)


def absorbed_twin(
    week: Week, session: Session, ctx: Context, current: int | None = None
) -> Session | None:
    """A planned deload week in the re-entry block or the ramp after a break (§4.6, §4.8,
    §10.4) is not a second easy week: its session is the same session of the last loading
    week before it, dated as planned, and the re-entry or the ramp sets the doses (the
    coach review's K4: pain, a missed week, a re-entry week and then the deload were four
    reduced weeks running; the QA run: a re-entry week on a deload week gave 1 set at RIR
    6, the deload's cut and the re-entry's on top). Only `absorbed_week`; None otherwise.
    `current`: the next session's week (default: `week`'s)."""
    if not week.deload or absorbed_week(ctx, current or week.index) != week.index:
        return None
    return loading_twin(week, session, ctx.plan)


def absorbed_week(ctx: Context, current: int) -> int | None:
    """The planned deload week the latest break takes in: the first from the week the
    runner came back in (`context.ramp_deload`; `current`, the next session's week, while
    nothing is logged since); the next one came after loading weeks and is a deload again.
    None outside a re-entry block and the ramp after it."""
    brk = ctx.reentry_break
    back = ctx.ramp.after if ctx.ramp is not None else brk.after if brk is not None else None
    return None if back is None else ramp_deload(ctx.plan, ctx.plan_weeks, back, current)


def loading_twin(week: Week, session: Session, plan: Plan) -> Session | None:
    """The same session of the last loading week of the phase before `week`, dated as
    `session` is; None when the phase has none."""
    for earlier in reversed(plan.weeks[: week.index - 1]):
        if earlier.deload or earlier.phase is not week.phase:
            continue
        found = next((s for s in earlier.sessions if s.index == session.index), None)
        if found is not None:
            return found.model_copy(update={"date": session.date, "weekday": session.weekday})
    return None


def deload_kept_off(
    p: Prescription,
    week: Week,
    loading: Session | None,
    state: PainState,
    ctx: Context,
    current: int,
) -> tuple[Prescription, Restart] | None:
    """§10.3 and §10.4 for pain: the planned deload `week` that falls in the ramp after a
    check-in (`context.ramp_deload`; `current`: the next session's week) does not deload
    the work on the ramping region (`pain.ramp_for`; a jump: any region's) on top of the
    ramp: it is the loading twin's (`loading`, the same session of the last loading week),
    with the ramp that doses it. None for the rest, which keeps the deload (the coach QA
    run: a red flag, its re-entry window, then the planned deload made four easy weeks
    running for the knee; a calf or core the pain left alone still needs its deload).
    Not for work the twin does not hold."""
    if loading is None or not week.deload:
        return None
    ramp = pain_gate.ramp_for(p, state, ctx)
    if ramp is None or ramp_deload(ctx.plan, ctx.plan_weeks, ramp.until, current) != week.index:
        return None
    twin = next((q for q in loading.exercises if q.id == p.id), None)
    return (twin, ramp) if twin is not None else None


def deload_kept_off_note(ramps: Sequence[Restart], week: int | None = None) -> str:
    """What `next` (and, naming the `week`, the plan view) says when the ramp after a pain
    check-in doses part of a planned deload week (`deload_kept_off`)."""
    regions = sorted(dict.fromkeys(x.region for x in ramps), key=list(PainRegion).index)
    cleared = ", ".join(sorted({x.cleared.isoformat() for x in ramps}))
    when = "No planned deload this week" if week is None else f"Week {week}: no planned deload"
    return (
        f"{when} for the work on your {region_names(regions)}: its ramp back after the "
        f"re-entry (cleared {cleared}) is the easier stretch (a deload on top would make one "
        "more light week in a row, which loses more than it rests). The rest of the week is "
        "the deload."
    )


def _deload(week: Week, ctx: Context) -> DeloadKind | None:
    """The deload `next` is in: none during a re-entry, else the plan's or a reactive one."""
    if ctx.reentry is not None:
        return None
    if week.deload:
        return DeloadKind.PLANNED
    return DeloadKind.REACTIVE if ctx.reactive_deload else None


def _swap_said(gated: Prescription, planned: Prescription, adjusted: Prescription) -> Prescription:
    """`adjusted`, whose why still says what the pain gate swapped (`gated`'s "instead of
    …") when a later rule gave it a why of its own (the second QA pass: the isometric hip
    hinge hold for the trap-bar deadlift read only "25 s, up 5 s: every set held 20 s
    last time", and the runner was not told it was a swap)."""
    said = gated.why
    if gated.id == planned.id or not said or not adjusted.why or said in adjusted.why:
        return adjusted
    return adjusted.model_copy(update={"why": f"{said}; {adjusted.why}"})


class _Gated(NamedTuple):
    exercises: list[Prescription]
    notes: list[str]
    blocked: list[str]  # the names the pain gate kept out
    kept_off: list[Restart]
    replaced: dict[str, str]  # as `NextSession.replaced`


def _gated(
    week: Week,
    session: Session,
    ctx: Context,
    deload: DeloadKind | None,
    state: PainState,
    loading: Session | None = None,
) -> _Gated:
    """The session's exercises through the §10.3 pain gate (pain.py) and the log's rules
    (§5.3 drops jumping after pain): what is left, the notes, the names the gate kept
    out, the ramps that kept a deload off, and what replaced what. `loading`: in a
    planned deload week, its loading twin, whose work on a region ramping back after a
    check-in replaces the deload's (`deload_kept_off`)."""
    pains = region_pain(ctx)
    ids = [p.id for p in session.exercises]
    exercises: list[Prescription] = []
    notes: list[str] = []
    dropped: list[str] = []
    blocked: list[str] = []
    kept_off: list[Restart] = []
    replaced: dict[str, str] = {}
    for p in session.exercises:
        own = deload
        kept = deload_kept_off(p, week, loading, state, ctx, week.index)
        if kept is not None:
            (p, ramp), own = kept, None
            kept_off.append(ramp)
        taken = {*ids, *(e.id for e in exercises)}  # a swap never doubles an exercise
        gated, out = pain_gate.gate(p, state, ctx, taken, primer=session.primer)
        blocked += [out] if out else []
        if gated is None:
            continue
        adjusted, more = _adjust(
            gated,
            ctx,
            deload=own,
            region_pain=pains,
            session_ids=ids,
            flagged=pain_gate.held_here(gated, state, ctx),
            week=week,
            settled=_settled(gated, state, ctx),
            primer=session.primer,
        )
        notes.extend(more)
        if adjusted is None:
            dropped.append(p.name)
        else:
            adjusted = _swap_said(gated, p, adjusted)
            if adjusted.id != p.id:
                replaced[adjusted.id] = p.id
            exercises.append(
                pain_gate.after(adjusted, state, ctx, gated, planned=p, no_deload=kept is not None)
            )
    notes.extend(pain_notes(state, blocked))
    if kept_off:
        notes.append(deload_kept_off_note(kept_off))
    if dropped:
        worst = max(pains.values(), default=0)
        if worst >= ctx.rules.pain.red_flag_at:
            notes.append(
                f"Pain {worst}/10 last session: left out {', '.join(dropped)}. Stop exercises "
                "that hurt and see a doctor or physiotherapist before continuing."
            )
        else:
            notes.append(
                f"Pain {worst}/10 last session: no jumping this time ({', '.join(dropped)})."
            )
    return _Gated(exercises, notes, blocked, kept_off, replaced)


def _settled(p: Prescription, state: PainState, ctx: Context) -> bool:
    """§10.3: whether the pain `p` last had has settled: it names the regions it loads, and
    none of them is flagged or held now (a later log there at pain 2 or less, or a
    check-in, cleared them). The QA run: a knee cleared by a pain-free step-down kept the
    split squat swapped for its hold, "pain 5/10 last time", and a deload cut its load
    again for the same pain."""
    exercise = ctx.catalog.get(p.id) if ctx.catalog is not None else None
    if exercise is None or not exercise.regions:
        return False
    return not any(r in state.flags or r in state.holds for r in exercise.regions)


def _state_note(ctx: Context, deload: DeloadKind | None, run_spike: "Spike | None") -> str | None:
    """The line about a re-entry, a running spike or a reactive deload, if any."""
    if ctx.reentry is not None:
        # the break's days, from the session before it (not "since your last session": in
        # the re-entry week the runner has trained since; the QA run)
        after = ctx.reentry_break.before if ctx.reentry_break is not None else None
        off = f"{ctx.gap_days} days off" + (f" after your session of {after}" if after else "")
        return (
            f"{off}: "
            + ("a re-entry week" if ctx.reentry is Reentry.REENTRY else "a gradual restart")
            + ": fewer sets, lighter loads, easier efforts."
        )
    if run_spike is not None:  # issue 13: a running spike (log/run_spike.py)
        return spike_note(run_spike, deload)
    if deload is DeloadKind.REACTIVE:
        return (
            "Reactive deload: reps missed on two main lifts, or pain in two sessions, within "
            f"a week. {REACTIVE_DOES}"
        )
    return None


def next_of(
    ctx: Context,
    progress: Progress,
    run_spike: "Spike | None" = None,
    state: PainState | None = None,
) -> NextSession | None:
    if progress.next is None:
        return None
    week, session = find(ctx.plan, progress.next)
    twin = absorbed_twin(week, session, ctx)
    if twin is not None:
        week, session = week.model_copy(update={"deload": False}), twin
    deload = _deload(week, ctx)
    state = state or PainState()
    # §10.4 for pain: the work a ramp after a check-in doses skips a planned deload
    ramping = deload is DeloadKind.PLANNED and bool(state.ramps)
    loading = loading_twin(week, session, ctx.plan) if ramping else None
    exercises, notes, blocked, kept_off, replaced = _gated(
        week, session, ctx, deload, state, loading
    )
    said = _state_note(ctx, deload, run_spike)
    notes += [said] if said else []
    if twin is not None:
        notes.append(ABSORBED)
    if ctx.reentry is None and run_spike is not None and deload is DeloadKind.REACTIVE:
        exercises = [spike_why(p, run_spike) for p in exercises]
    if week.phase is Phase.TP:
        exercises = [taper_held(p, ctx) for p in exercises]
    if session.primer:
        exercises = [primer_capped(p, ctx) for p in exercises]
    dropped = dropped_note(ctx.plan, progress)
    notes += [dropped] if dropped else []
    passed = passed_note(ctx.plan, progress)  # §3.4, §10.7
    notes += [passed] if passed else []
    race_missed = race_missed_note(ctx.plan, progress)  # §3.4
    notes += [race_missed] if race_missed else []
    taken = taken_note(ctx.plan, progress)  # §3.3 one session a day
    notes += [taken] if taken else []
    rested = rested_note(ctx.plan, progress, ctx.rules)  # §3.4 race rest days
    notes += [rested] if rested else []
    date = effective_date(ctx.plan, progress.next, progress)
    e1rms = {p.id: round(e[0], 2) for p in exercises if (e := e1rm_of(ctx, p.id)) is not None}
    return NextSession(
        week=week,
        session=with_exercises(session, exercises, ctx.rules, ctx.catalog).model_copy(
            update={"date": date}
        ),
        notes=tuple(notes),
        e1rms=e1rms,
        reentry=ctx.reentry,
        deload=deload,
        shift_days=progress.shift_days,
        progress=progress,
        left_out=tuple(blocked),
        kept_off=tuple(kept_off),
        replaced=replaced,
    )


# NamedTuple, not a dataclass: cheaper to make at start-up (docs/architecture.md)
class LogView(NamedTuple):
    """A plan as the log sees it on `today`: what `prescribe_next` and `apply_log` share.

    `catalog` finds each exercise's category and easier variants; `pain` is the §10.3 pain
    log (pain.py), read from the sessions `history` holds when it is None.
    """

    plan: Plan
    history: History
    today: dt.date
    rules: Rulebook
    catalog: Catalog | None = None
    pain: PainLog | None = None


def start_view(view: LogView) -> tuple[Context, Progress, PainState]:
    """The log's context, the plan's progress and the §10.3 pain state of `view`."""
    plan, history, today, rules = view.plan, view.history, view.today, view.rules
    progress = plan_progress(plan, history, today, rules)
    # The next session is dosed as of its own day (§4.8, §4.6): previewed before it, it is
    # what that day gives, a break that reaches re-entry length by then included (the QA
    # run: Saturday showed Monday's session in full, Monday at re-entry doses). Pain gates
    # stay as of today: a flag stands until a check-in clears it (§10.3).
    when = today
    if progress.next is not None:
        day = effective_date(plan, progress.next, progress)
        when = max(today, day) if day is not None else today
    state = state_for(view.pain, history.sessions, view.catalog, today, rules)  # pain.py
    ctx = build_context(plan, history, when, rules, view.catalog, state.windows)
    return ctx, progress, state


def prescribe_next(
    view: LogView,
    run_spike: "Spike | None" = None,
    run_recovery: "RecoveryWeek | None" = None,
) -> NextSession | None:
    """The next session of `view.plan` with loads from the log, or None when it is done.

    Loads become absolute (in the plan's load unit) wherever an e1RM exists, from the log
    or a seeded max. Bodyweight rep exercises climb the §4.7 ladder, timed holds lengthen
    and plyometric contacts hold after soreness, all from the log. Each change says why in
    `Prescription.why`. `run_spike`, the last week's running spike from imported runs
    (issue 13), makes it a reactive deload that says why; `run_recovery`, this week as a
    running recovery week, halves an in-season session's sets (both log/run_spike.py).
    """
    ctx, progress, state = start_view(view)
    nxt = next_of(spike_context(ctx, run_spike), progress, run_spike, state)
    return recovery_session(nxt, run_recovery, ctx.rules) if nxt is not None else None


def taper_held(p: Prescription, ctx: Context) -> Prescription:
    """§3.4: a taper cuts sets at unchanged loads, so no load goes above the last one
    logged, whatever the progression says (the loop QA run: +2.5 kg on the goblet squat in
    the first taper week)."""
    value = p.load.value
    if p.load.type is not LoadType.ABSOLUTE or value is None:
        return p
    done = ctx.loaded(p.id)
    last = done[-1].load(ctx.unit) if done else None
    if last is None or value <= last + 1e-9:
        return p
    if own_load(done[-1], ctx.unit) is None:  # from the other unit: onto the steps (inv. 32)
        last = round_down(last, ctx.increment)
    load = p.load.model_copy(update={"value": last})
    why = "same load: a taper keeps the loads as they were (§3.4)"
    return p.model_copy(update={"load": load, "why": why})


def primer_capped(p: Prescription, ctx: Context) -> Prescription:
    """§3.4: a race primer's load at most `primer.max_percent` of the e1RM, whatever the
    log's progression or the e1RM's load for its few reps says (the QA run: 77.5 kg, a
    step up, on an e1RM of 90)."""
    estimate = e1rm_of(ctx, p.id)
    value = p.load.value
    if p.load.type is not LoadType.ABSOLUTE or value is None or estimate is None:
        return p
    share = ctx.rules.primer.max_percent
    # never under the lightest load (a tiny e1RM rounded down to 0 kg, as a cut did)
    cap = not_below_lightest(
        round_down(estimate[0] * share / 100, ctx.increment), value, ctx.increment
    )
    if value <= cap:
        return p
    load = p.load.model_copy(update={"value": cap})
    why = (
        f"{num_text(cap)} {ctx.unit.value}: race primer, at most {share:g} % of "
        f"{estimate[1]} {e1rm_text(estimate[0])} {ctx.unit.value}"
    )
    return p.model_copy(update={"load": load, "why": why})
