"""The next session and the whole plan as the log sees them (docs/method.md §4.2–§4.8,
§5.3, §7 inv. 10–12, 27, 28).

Pure functions: the caller passes the plan, what was logged (`History`), `today` and the
rules; nothing here reads the clock, the disk or the environment. `prescribe_next` is the
`runstrength next` session, with absolute loads, the §4.7 non-load progressions and a
one-line `why` per change; `apply_log` is the whole plan: done sessions, shifted dates,
absolute loads. Both build the log's `Context` once.
"""

import datetime as dt
import math
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any, NamedTuple

from runstrength.enums import Category, DeloadKind, LoadType, Reentry, Region
from runstrength.log import pain as pain_gate  # §10.3
from runstrength.log.context import (
    Context,
    build_context,
    e1rm_of,
    last_with,
    pain_on,
    region_of,
    region_pain,
)
from runstrength.log.ladder import hold_reason, non_load
from runstrength.log.loads import LoadDecision, decide_load, load_for
from runstrength.log.pain import PainLog, PainState, state_for, unload_variant  # §10.3
from runstrength.log.progress import (
    REPLACE_WINDOW_DAYS,
    History,
    Progress,
    effective_date,
    find,
    keys_of,
    plan_progress,
)
from runstrength.log.run_spike import spike_context, spike_note, spike_why
from runstrength.log.spec import num_text
from runstrength.log.swap import prescription_for
from runstrength.models import Catalog, Load, Plan, Prescription, Session, Week
from runstrength.rulebook import Rulebook

if TYPE_CHECKING:
    from runstrength.watch.volume import Spike


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


def _adjust(
    p: Prescription,
    ctx: Context,
    *,
    deload: DeloadKind | None,
    region_pain: Mapping[Region, int],
    session_ids: Sequence[str] = (),
) -> tuple[Prescription | None, list[str]]:
    """One prescription of the next session after the log's rules; None drops it."""
    rules = ctx.rules
    notes: list[str] = []
    region = region_of(p.category, rules)
    rpain = region_pain.get(region, 0) if region else 0
    if rpain >= rules.pain.red_flag_at:
        return None, notes
    if p.category in (Category.PLYOMETRIC, Category.POWER) and region_pain.get(Region.LOWER, 0) >= (
        rules.pain.modify_at
    ):
        return None, notes

    # Pain on this exercise (or its regression, once swapped) in its last session: §4.5, §5.3.
    exercise = ctx.catalog.get(p.id) if ctx.catalog is not None else None
    regression = unload_variant(exercise, ctx.catalog, ctx.kit) if exercise else None  # §10.3
    watched = {p.id} | ({regression.id} if regression is not None else set())
    own_pain = pain_on(last_with(ctx, watched), watched)
    if own_pain >= rules.pain.modify_at:
        if regression is not None:
            reason = f"instead of {p.name}: pain {own_pain}/10 last time"
            swapped = prescription_for(regression, p, reason, ctx.kit)
            p = _rescale(swapped, ctx, deload)
            decision = decide_load(p, ctx, deload=deload, region_pain=max(rpain, own_pain))
            if decision is not None and p.load.type is not LoadType.BODYWEIGHT:
                said = f"{reason}; {decision.why}" if decision.why else reason
                p = p.model_copy(update={"load": _load_of(decision, ctx), "why": said})
            return p, notes
        notes.append(f"{p.name}: pain {own_pain}/10 last time and no easier variant; keep it easy")
    p = _rescale(p, ctx, deload)
    planned = p
    p = non_load(p, ctx, hold_reason(ctx, deload, own_pain, rpain), session_ids)
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


def _rescale(p: Prescription, ctx: Context, deload: DeloadKind | None) -> Prescription:
    """Sets, RIR and contacts for a re-entry week or a reactive deload (not both)."""
    if ctx.reentry is not None:
        e = ctx.extra
        sets_factor, rir_add, plyo = e.reentry_sets_factor, e.reentry_rir_add, e.reentry_plyo_factor
    elif deload is DeloadKind.REACTIVE:
        d = ctx.rules.deload
        sets_factor, rir_add, plyo = d.sets_factor, d.rir_add, d.plyo_factor
    elif ctx.ramp is not None:
        return _ramp(p, ctx)
    else:
        return p
    update: dict[str, Any] = {"sets": max(1, math.floor(p.sets * sets_factor + 1e-9))}
    if p.target_rir is not None:
        update["target_rir"] = p.target_rir + rir_add
    if p.contacts is not None:
        update["contacts"] = max(1, math.floor(p.contacts * plyo + 1e-9))
    if ctx.reentry is not None:
        # §10.4: within the re-entry block too, never more than the ramp allows over what
        # was already done since the break (a first re-entry session in a deload week)
        since = ctx.since_break(p.id)
        last = since[-1].sets if since else ()
        loop = ctx.rules.log_loop
        if last:
            update["sets"] = min(update["sets"], len(last) + loop.ramp_sets_per_week)
            targets = [s.target_rir for s in last if s.target_rir is not None]
            if targets and p.target_rir is not None:
                lowest = targets[0] - loop.ramp_rir_per_week
                update["target_rir"] = max(update["target_rir"], lowest)
            done = sum(s.contacts if s.contacts is not None else (s.reps or 0) for s in last)
            if p.contacts is not None and done > 0:
                grown = math.floor(done * (1 + loop.ramp_contacts_growth) + 1e-9)
                update["contacts"] = max(1, min(update["contacts"], grown))
    return p.model_copy(update=_split(p, update))


def _split(p: Prescription, update: dict[str, Any]) -> dict[str, Any]:
    """Whole contacts per set, as the engine splits them, when the contacts went down."""
    contacts, sets = update.get("contacts"), update.get("sets", p.sets)
    if contacts is None or p.contacts is None or contacts >= p.contacts:
        return update
    if p.reps is None or p.reps[0] != p.reps[1]:
        return update
    sides = 2 if p.per_side else 1
    per = max(1, contacts // (sets * sides))
    return {**update, "reps": (per, per), "contacts": per * sets * sides}


def _ramp(p: Prescription, ctx: Context) -> Prescription:
    """§10.4: the weeks after a re-entry block climb back from its dose to the plan's: at
    most a set more per exercise, a target RIR at most one lower and contacts at most 20 %
    more a week, than the re-entry dose and than the last full session since the break."""
    assert ctx.ramp is not None
    loop, e, k = ctx.rules.log_loop, ctx.extra, ctx.ramp.week
    ramp = ctx.ramp
    # the re-entry sessions are the base even in a deload week; later deloads are not
    full = [d for d in ctx.since_break(p.id) if not d.light or d.date < ramp.reentry_end]
    last = full[-1].sets if full else ()
    update: dict[str, Any] = {}
    sets = math.floor(p.sets * e.reentry_sets_factor + 1e-9) + k * loop.ramp_sets_per_week
    if last:
        sets = min(sets, len(last) + loop.ramp_sets_per_week)
    sets = max(1, min(p.sets, sets))
    update["sets"] = sets
    if p.target_rir is not None:
        rir = p.target_rir + e.reentry_rir_add - k * loop.ramp_rir_per_week
        logged = [s.target_rir for s in last if s.target_rir is not None]
        if logged:
            rir = max(rir, logged[0] - loop.ramp_rir_per_week)
        update["target_rir"] = max(p.target_rir, rir)
    if p.contacts is not None:
        growth = (1 + loop.ramp_contacts_growth) ** k
        contacts = math.floor(p.contacts * e.reentry_plyo_factor * growth + 1e-9)
        done = sum(s.contacts if s.contacts is not None else (s.reps or 0) for s in last)
        if done > 0:
            contacts = min(contacts, math.floor(done * (1 + loop.ramp_contacts_growth) + 1e-9))
        update["contacts"] = max(1, min(p.contacts, contacts))
        update = _split(p, update)
    if all(update.get(key) == getattr(p, key) for key in update):
        return p
    parts = [f"{sets} sets"] if sets < p.sets else []
    if update.get("target_rir", p.target_rir) != p.target_rir:
        parts.append(f"RIR {update['target_rir']}")
    if update.get("contacts", p.contacts) != p.contacts:
        parts.append(f"{update['contacts']} contacts")
    if parts:
        update["why"] = f"{', '.join(parts)}: ramping back after the break (week {k})"
    return p.model_copy(update=update)


def _deload(week: Week, ctx: Context) -> DeloadKind | None:
    """The deload `next` is in: none during a re-entry, else the plan's or a reactive one."""
    if ctx.reentry is not None:
        return None
    if week.deload:
        return DeloadKind.PLANNED
    return DeloadKind.REACTIVE if ctx.reactive_deload else None


def _gated(
    session: Session, ctx: Context, deload: DeloadKind | None, state: PainState
) -> tuple[list[Prescription], list[str]]:
    """The session's exercises through the §10.3 pain gate (pain.py) and the log's rules
    (§5.3 drops jumping after pain): what is left, and the notes."""
    pains = region_pain(ctx)
    ids = [p.id for p in session.exercises]
    exercises: list[Prescription] = []
    notes: list[str] = []
    dropped: list[str] = []
    blocked: list[str] = []
    for p in session.exercises:
        gated, out = pain_gate.gate(p, state, ctx)
        blocked += [out] if out else []
        if gated is None:
            continue
        adjusted, more = _adjust(gated, ctx, deload=deload, region_pain=pains, session_ids=ids)
        notes.extend(more)
        if adjusted is None:
            dropped.append(p.name)
        else:
            exercises.append(pain_gate.after(adjusted, state, ctx, gated))
    notes.extend(pain_gate.notes(state, blocked))
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
    return exercises, notes


def _state_note(ctx: Context, deload: DeloadKind | None, run_spike: "Spike | None") -> str | None:
    """The line about a re-entry, a running spike or a reactive deload, if any."""
    if ctx.reentry is not None:
        return (
            f"{ctx.gap_days} days since your last session: "
            + ("a re-entry week" if ctx.reentry is Reentry.REENTRY else "a gradual restart")
            + ": fewer sets, lighter loads, easier efforts."
        )
    if run_spike is not None:  # issue 13: a running spike (log/run_spike.py)
        return spike_note(run_spike, deload)
    if deload is DeloadKind.REACTIVE:
        return (
            "Reactive deload: reps missed on two main lifts or pain in two sessions this week. "
            "Fewer sets, same loads, easier efforts."
        )
    return None


def _dropped_note(progress: Progress) -> str | None:
    """§10.7: the missed sessions no allowed day could take, said rather than hidden."""
    if not progress.dropped:
        return None
    names = ", ".join(f"week {w} session {s}" for w, s in sorted(progress.dropped))
    return (
        f"Dropped {names}: missed, and none of your strength days in the next "
        f"{REPLACE_WINDOW_DAYS // 7} weeks fits the placement rules (long run, hard days, "
        "48 h gaps); the plan carries on without it."
    )


def _next_session(
    ctx: Context,
    progress: Progress,
    run_spike: "Spike | None" = None,
    state: PainState | None = None,
) -> NextSession | None:
    if progress.next is None:
        return None
    week, session = find(ctx.plan, progress.next)
    deload = _deload(week, ctx)
    exercises, notes = _gated(session, ctx, deload, state or PainState())
    said = _state_note(ctx, deload, run_spike)
    notes += [said] if said else []
    if ctx.reentry is None and run_spike is not None and deload is DeloadKind.REACTIVE:
        exercises = [spike_why(p, run_spike) for p in exercises]
    dropped = _dropped_note(progress)
    notes += [dropped] if dropped else []
    date = effective_date(ctx.plan, progress.next, progress)
    e1rms = {p.id: round(e[0], 2) for p in exercises if (e := e1rm_of(ctx, p.id)) is not None}
    return NextSession(
        week=week,
        session=session.model_copy(update={"exercises": exercises, "date": date}),
        notes=tuple(notes),
        e1rms=e1rms,
        reentry=ctx.reentry,
        deload=deload,
        shift_days=progress.shift_days,
        progress=progress,
    )


def prescribe_next(
    plan: Plan,
    history: History,
    today: dt.date,
    rules: Rulebook,
    catalog: Catalog | None = None,
    pain: PainLog | None = None,
    run_spike: "Spike | None" = None,
) -> NextSession | None:
    """The next session of `plan` with loads from the log, or None when the plan is done.

    Loads become absolute (in the plan's load unit) wherever an e1RM exists, from the log
    or a seeded max. Bodyweight rep exercises climb the §4.7 ladder, timed holds lengthen
    and plyometric contacts hold after soreness, all from the log. Each change says why in
    `Prescription.why`. `run_spike`, the last week's running spike from imported runs
    (issue 13), makes it a reactive deload that says why (log/run_spike.py).
    """
    ctx = spike_context(build_context(plan, history, today, rules, catalog), run_spike)
    state = state_for(pain, history.sessions, catalog, today, rules)  # §10.3 pain.py
    return _next_session(ctx, plan_progress(plan, history, today), run_spike, state)


def apply_log(
    plan: Plan,
    history: History,
    today: dt.date,
    rules: Rulebook,
    catalog: Catalog | None = None,
    pain: PainLog | None = None,
) -> Plan:
    """The plan as the log sees it: the next session as `prescribe_next` gives it, later
    sessions at absolute loads where an e1RM exists (held, not projected, until logged),
    sessions not yet done moved later by the days missed sessions are overdue.

    Sessions keep their planned content; which ones are done or missed is in
    `plan_progress` and on `Session.done` / `Session.missed`.
    """
    progress = plan_progress(plan, history, today)
    ctx = build_context(plan, history, today, rules, catalog)
    nxt = _next_session(
        ctx, progress, None, state_for(pain, history.sessions, catalog, today, rules)
    )
    keys = keys_of(plan)
    start = keys.index(progress.next) if progress.next is not None else len(keys)
    current: dict[str, tuple[tuple[int, int] | None, int | None, float]] = {}
    if nxt is not None:
        for p in nxt.session.exercises:
            if p.load.type is LoadType.ABSOLUTE and p.load.value is not None and p.reps:
                current[p.id] = (p.reps, p.target_rir, p.load.value)
    weeks: list[Week] = []
    for week in plan.weeks:
        sessions: list[Session] = []
        for s in week.sessions:
            key = (week.index, s.index)
            position = keys.index(key)
            if nxt is not None and key == progress.next:
                new = nxt.session
            elif position > start and key not in progress.done:
                new = _future(s, week, ctx, current)
            else:
                new = s
            if position >= start and key not in progress.done:
                new = new.model_copy(update={"date": effective_date(plan, key, progress)})
            marks = {"done": key in progress.done, "missed": key in progress.missed}
            sessions.append(new.model_copy(update=marks))
        weeks.append(week.model_copy(update={"sessions": sessions}))
    return plan.model_copy(update={"weeks": weeks})


def _future(
    s: Session,
    week: Week,
    ctx: Context,
    current: dict[str, tuple[tuple[int, int] | None, int | None, float]],
) -> Session:
    """A later session: loads held at the latest decided load for the same targets, else
    derived from the e1RM for the new targets (a phase change), unchanged in deload weeks."""
    exercises: list[Prescription] = []
    for p in s.exercises:
        if p.load.type is LoadType.BODYWEIGHT or p.reps is None:
            exercises.append(p)
            continue
        known = current.get(p.id)
        value: float | None = None
        why = None
        if known is not None and (week.deload or (known[0], known[1]) == (p.reps, p.target_rir)):
            value = known[2]
        else:
            estimate = e1rm_of(ctx, p.id)
            if estimate is not None and p.target_rir is not None:
                value = load_for(estimate[0], p.reps[0], p.target_rir, ctx.increment)
                why = f"from {estimate[1]} {num_text(estimate[0])} {ctx.unit.value}"
            elif known is not None:
                value = known[2]
        if value is None:
            exercises.append(p)
            continue
        if not week.deload:
            current[p.id] = (p.reps, p.target_rir, value)
        load = Load(type=LoadType.ABSOLUTE, value=value, unit=ctx.unit.value)
        exercises.append(p.model_copy(update={"load": load, "why": why}))
    return s.model_copy(update={"exercises": exercises})
