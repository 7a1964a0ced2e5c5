"""Non-load progression (docs/method.md §4.7): the bodyweight ladder, timed holds and
plyometric contacts, each from the exercise's own log."""

from collections.abc import Callable, Iterable, Sequence
from typing import Any

from runstrength.enums import (
    IMPACT,
    DeloadKind,
    LadderRung,
    Level,
    LoadType,
    Reentry,
    Region,
)
from runstrength.log.context import Context, Done, contacts_done, region_of
from runstrength.log.progress import find
from runstrength.log.swap import prescription_for
from runstrength.models import Exercise, Load, Plan, Prescription, Week
from runstrength.plan.rules import in_family, whole_sets
from runstrength.rulebook import Rulebook
from runstrength.text import span


def hold_reason(
    ctx: Context, deload: DeloadKind | None, own_pain: int, region_pain: int
) -> str | None:
    """Why `next` takes no new non-load step this time, or None: a break, a deload or pain
    (§4.6 nothing new in a deload, §4.8, §5.3 no progression for a painful region)."""
    modify = ctx.rules.pain.modify_at
    if ctx.reentry is not None:
        what = "re-entry" if ctx.reentry is Reentry.REENTRY else "restart"
        return f"{what} after {ctx.gap_days} days off"
    if ctx.ramp is not None and ctx.ramp.holds_loads:
        return f"week {ctx.ramp.week} of the ramp back after a break"
    if deload is not None:
        return f"{deload} deload"
    if own_pain >= modify:
        return f"pain {own_pain}/10 last time"
    if region_pain >= modify:
        return f"pain {region_pain}/10 in this area last session"
    return None


def progression_of(
    exercise: Exercise | None, ctx: Context, session_ids: Iterable[str] = ()
) -> Exercise | None:
    """The catalog progression of `exercise` when the runner may do it: a level allowed for
    the runner (novice bans included), only equipment the plan already uses, not avoided
    for one of their injuries, and not already in the session."""
    if ctx.catalog is None or exercise is None or not exercise.progression:
        return None
    found = ctx.catalog.get(exercise.progression)
    rules = ctx.rules
    if found is None or found.id in set(session_ids):
        return None
    if found.level.value not in rules.allowed_levels.get(ctx.level, []):
        return None
    if ctx.level is Level.NOVICE and found.id in rules.novice_banned:
        return None
    if not set(found.equipment) <= ctx.kit:
        return None
    injuries = [rules.injuries.get(i) for i in ctx.plan.inputs.injuries]
    if any(found.id in r.avoid for r in injuries if r is not None):
        return None
    return found


def laddered(p: Prescription) -> bool:
    """A bodyweight exercise dosed in reps: the §4.7 ladder progresses it."""
    return (
        p.load.type is LoadType.BODYWEIGHT
        and p.reps is not None
        and p.seconds is None
        and p.contacts is None
        and p.distance_m is None
        and p.category not in IMPACT
    )


def _ladder_rungs(
    p: Prescription, exercise: Exercise | None, swap: Exercise | None, rules: Rulebook
) -> list[LadderRung]:
    """The rungs this exercise climbs, in order. Each depends on the catalog entry (on the
    prescription without a catalog), not on the week, so a log always means the same rung:
    reps while the catalog range tops out below the ladder's, tempo unless the exercise has
    its own, then the progression exercise, or else an external load (not for core
    stability work)."""
    assert p.reps is not None
    ladder = rules.bodyweight_ladder
    rungs: list[LadderRung] = []
    top = exercise.dose.reps[1] if exercise is not None and exercise.dose.reps else p.reps[1]
    if top < ladder.reps[1]:
        rungs.append(LadderRung.REPS)
    own_tempo = exercise.tempo if exercise is not None else p.tempo
    if own_tempo is None or own_tempo == ladder.tempo:
        rungs.append(LadderRung.TEMPO)
    if swap is not None:
        rungs.append(LadderRung.PROGRESSION)
    elif exercise is None or not in_family(exercise, rules.families.core):
        # No external load for core stability work: "add a backpack or dumbbell" to a
        # Pallof press or a deadbug was no advice, and history then gave them an e1RM
        # (coach review K8). They stay at their last rung: the ladder's reps and tempo.
        rungs.append(LadderRung.LOAD)
    return rungs


def _ladder_range(
    p: Prescription, applied: Sequence[LadderRung], rules: Rulebook
) -> tuple[int, int]:
    """The rep range after the `applied` rungs: rung 1 raises it toward the ladder's range
    (the bottom to the old top, at most the ladder's bottom; the top to the ladder's top);
    an external load goes back to the plan's range."""
    assert p.reps is not None
    lo, hi = p.reps
    if LadderRung.REPS in applied and LadderRung.LOAD not in applied:
        want_lo, want_hi = rules.bodyweight_ladder.reps
        lo, hi = max(lo, min(hi, want_lo)), max(hi, want_hi)
    return lo, hi


def _met_top(d: Done, hi: int, rules: Rulebook) -> bool:
    """Every set at the top of the range at RIR ≥ the ladder's, pain-free (an unlogged RIR
    counts as the prescribed one)."""
    if not d.sets or d.pain() >= rules.pain.modify_at:
        return False
    floor = rules.bodyweight_ladder.min_rir
    for s in d.sets:
        rir = s.rir if s.rir is not None else s.target_rir
        if s.reps is None or s.reps < hi or rir is None or rir < floor:
            return False
    return True


def _ladder_earned(
    ctx: Context, exercise_id: str, top_after: Callable[[int], int], *, before_newest: bool
) -> list[int]:
    """The rungs the log has earned, oldest first, as the range top each was earned at.

    A rung is earned by `sessions` logged sessions running of the exercise at the top of
    their range (§4.7); then the count starts again for the next rung. Deload sessions
    neither count nor break a run; the latest break (§10.4) ends one. A set without logged
    targets is judged against the top of the range the rungs earned before it give
    (`top_after(k)`). With `before_newest` the newest logged session is left out: the rung
    that session was prescribed."""
    done = ctx.done(exercise_id)
    if before_newest:
        done = done[:-1]
    earned: list[int] = []
    run = 0
    gap = ctx.last_break  # §10.4: evidence counts only after the latest break
    for d in done:
        if d.light:
            continue
        if gap is not None and d.date > gap:
            run, gap = 0, None  # the first session after the break starts a new run
        _, hi, _ = d.targets((0, top_after(len(earned)), None))
        run = run + 1 if _met_top(d, hi, ctx.rules) else 0
        if run >= ctx.rules.bodyweight_ladder.sessions:
            earned.append(hi)
            run = 0
    return earned


def _tempo_text(tempo: str) -> str:
    parts = tempo.split("-")
    if len(parts) == 4 and all(x.isdigit() for x in parts):
        return f"tempo {tempo} ({parts[0]} s lowering, {parts[1]} s pause)"
    return f"tempo {tempo}"


def _ladder(
    p: Prescription,
    ctx: Context,
    hold: str | None,
    session_ids: Sequence[str],
    seen: frozenset[str] = frozenset(),
    *,
    pain: bool = False,
    primer: bool = False,
) -> Prescription:
    """The bodyweight ladder of §4.7 for one prescription, from its log.

    The rung is how many times the log met the criterion (`_ladder_earned`); rungs apply
    cumulatively (more reps, then the slower tempo) until the progression exercise takes
    over, which then climbs its own ladder from its own log, or an external load does, and
    after it the normal load progression (§4.3–4.5). With a `hold` (deload, break, pain)
    the rung stays the one the newest logged session had; a progression done since in
    another session keeps it, unless the hold is `pain`'s (the QA run: with the hip
    flagged, side plank hip circles became the Copenhagen plank the runner also did on
    day C)."""
    rules = ctx.rules
    ladder = rules.bodyweight_ladder
    exercise = ctx.catalog.get(p.id) if ctx.catalog is not None else None
    swap = progression_of(exercise, ctx, session_ids)
    if swap is not None and swap.id in seen:
        swap = None  # pragma: no cover - the catalog's progression graph is acyclic
    rungs = _ladder_rungs(p, exercise, swap, rules)
    if not rungs:
        return p  # nothing left to climb: its own top, own tempo, no load

    def top_after(k: int) -> int:
        return _ladder_range(p, rungs[: min(k, len(rungs))], rules)[1]

    earned = _ladder_earned(ctx, p.id, top_after, before_newest=False)
    kept = len(earned)
    if hold is not None:
        # the newest session logged this exercise, not its progression: that rung was not
        # taken yet, whatever the rungs earned before it (a deload held it then)
        below = rungs.index(LadderRung.PROGRESSION) if LadderRung.PROGRESSION in rungs else None
        kept = _kept(ctx, p.id, None if pain else swap, top_after, len(earned), below)
    if kept == 0:
        if earned:
            return p.model_copy(update={"why": f"no bodyweight ladder step: {hold}"})
        return p
    applied = rungs[: min(kept, len(rungs))]
    rung = applied[-1]
    reason = (
        f"{earned[kept - 1]} reps at RIR ≥ {ladder.min_rir} in {ladder.sessions} sessions running"
        if kept == len(earned)
        else f"no new step: {hold}"
    )
    if rung is LadderRung.PROGRESSION:
        assert swap is not None
        what = f"{swap.name} instead of {p.name}"
        new = prescription_for(
            swap, p, f"{what}: {reason}", ctx.kit, ctx.rules, catalog_dose=True, primer=primer
        )
        if laddered(new):
            climbed = _ladder(new, ctx, hold, session_ids, seen | {p.id}, pain=pain, primer=primer)
            if climbed.why != new.why:
                return climbed.model_copy(update={"why": f"{what}; {climbed.why}"})
        return new
    update, what = _rung_update(p, applied, rules)
    sep = ", " if kept < len(earned) else ": "
    update["why"] = f"{what}{sep}{reason}"
    return p.model_copy(update=update)


def _kept(
    ctx: Context,
    exercise_id: str,
    swap: Exercise | None,
    top_after: Callable[[int], int],
    earned: int,
    below: int | None = None,
) -> int:
    """The rungs kept under a hold: the newest session of this exercise had one rung fewer
    (and at most `below`, the progression's rung: it logged the exercise itself), unless
    the runner has moved on to the progression since (then that swap is not new)."""
    if not earned:
        return 0
    newest = ctx.done(exercise_id)[-1]
    moved_on = swap is not None and any(
        (d.date, d.session_id) > (newest.date, newest.session_id)
        and _stood_in(ctx, d.session_id, exercise_id)
        for d in ctx.done(swap.id)
    )
    if moved_on:
        return earned
    before = len(_ladder_earned(ctx, exercise_id, top_after, before_newest=True))
    return before if below is None else min(before, below)


def _stood_in(ctx: Context, session_id: int, exercise_id: str) -> bool:
    """Whether logged session `session_id` was a plan session that prescribes `exercise_id`
    and holds none of it: what was logged there stood in for it (its progression). The
    same progression done in a session of its own (the Copenhagen plank of day C) is no
    step of this exercise's ladder (the QA run: side plank hip circles took its tempo step
    in a planned deload)."""
    record = next((s for s in ctx.sessions if s.id == session_id), None)
    if record is None or record.week is None or record.session is None:
        return False
    if any(st.exercise_id == exercise_id for st in record.sets):
        return False
    try:
        _, planned = find(ctx.plan, (record.week, record.session))
    except KeyError:  # a session logged against weeks the plan no longer has
        return False
    return any(p.id == exercise_id for p in planned.exercises)


def _rung_update(
    p: Prescription, applied: Sequence[LadderRung], rules: Rulebook
) -> tuple[dict[str, Any], str]:
    """What the newest applied rung (reps, tempo or an external load) changes, and its
    words."""
    ladder = rules.bodyweight_ladder
    rung = applied[-1]
    update: dict[str, Any] = {"reps": _ladder_range(p, applied, rules)}
    if rung is LadderRung.LOAD:
        update["load"] = Load(type=LoadType.CHOOSE)
        update["notes"] = f"{p.notes}; {ladder.load_note}" if p.notes else ladder.load_note
        return update, ladder.load_note
    if LadderRung.TEMPO in applied:
        update["tempo"] = ladder.tempo
    lo, hi = update["reps"]
    what = _tempo_text(ladder.tempo) if rung is LadderRung.TEMPO else f"{span(lo, hi)} reps"
    return update, what


def _timed(p: Prescription, ctx: Context, hold: str | None, week: Week | None) -> Prescription:
    """Timed holds (§4.7): + `hold_step_s` after a session that held every set for the
    time, up to the catalog maximum, where the progression is suggested instead.

    The log keeps the seconds done, not the seconds asked, so the newest session that was
    not a deload decides: every set the same time and pain-free means it was held, and the
    next time is that plus the step; a set shorter than the others, or pain, repeats the
    longest. With a `hold` (deload, break, pain) the time never rises above that or the
    plan's; where the plan's is shorter than the time held, that is a cut, and the why says
    so and why (`week`: a new phase's first time, a deload week's). Without a catalog entry
    there is no maximum, so the plan's time stays."""
    exercise = ctx.catalog.get(p.id) if ctx.catalog is not None else None
    if p.seconds is None or exercise is None:
        return p
    top = exercise.max_seconds or (exercise.dose.seconds[1] if exercise.dose.seconds else None)
    if top is None:
        return p
    timed = [d for d in ctx.done(p.id) if not d.light and any(s.seconds for s in d.sets)]
    if not timed:
        return p
    last = timed[-1]
    held = [s.seconds or 0 for s in last.sets]
    longest = min(max(held), top)
    pain = last.pain()
    complete = min(held) == max(held) and pain < ctx.rules.pain.modify_at
    if hold is not None:
        value = min(p.seconds, longest)
        why = f"{value} s, no increase: {hold}"
        if value < longest:
            # not "no increase": the QA pass saw 2 × 35 s become 2 × 20 s at a phase change
            whose = _plan_time(week, ctx.plan)
            why = f"{value} s, down from {longest} s: {whose}; no increase: {hold}"
    elif complete and longest >= top:
        value = top
        nxt = progression_of(exercise, ctx)
        why = f"{top} s is the most for {p.name}: " + (
            f"next, try {nxt.name}" if nxt is not None else "keep it there"
        )
    elif complete:
        value = min(top, longest + ctx.rules.hold_step_s)
        why = f"{value} s, up {value - longest} s: every set held {longest} s last time"
    else:
        value = longest
        why = f"{value} s again: " + (
            f"pain {pain}/10 last time"
            if pain >= ctx.rules.pain.modify_at
            else f"not every set held {longest} s last time"
        )
    return p.model_copy(update={"seconds": value, "why": why})


def _plan_time(week: Week | None, plan: Plan) -> str:
    """Whose time a hold cut to the plan's is: a deload week's, or the first of a new
    phase (the plan starts each phase's holds short again), or the plan's this week."""
    if week is None:
        return "the plan's time"
    if week.deload:
        return "the deload week's time"
    before = next((w for w in plan.weeks if w.index == week.index - 1), None)
    if before is None or before.phase is not week.phase:
        return f"the starting time of the new {week.phase.long_name} phase"
    return "the plan's time this week"


def _plyo_hold(p: Prescription, ctx: Context) -> Prescription:
    """Plyometrics (§4.7): the plan sets the contacts and `next` never raises them or the
    intensity; after soreness (pain ≥ modify_at in the lower body) in the exercise's last
    session, the contacts stay at what was done then."""
    if p.contacts is None:
        return p
    done = ctx.done(p.id)
    if not done:
        return p
    last = done[-1]
    session = next((s for s in ctx.sessions if s.id == last.session_id), None)
    sets = session.sets if session is not None else last.sets
    sore = max(
        (
            s.pain or 0
            for s in sets
            if s.exercise_id == p.id
            or region_of(ctx.categories.get(s.exercise_id), ctx.rules) is Region.LOWER
        ),
        default=0,
    )
    if sore < ctx.rules.pain.modify_at:
        return p
    before = contacts_done(last.sets)
    if before <= 0 or before >= p.contacts:
        return p
    # Re-split as the engine does: whole contacts per set, fewer sets if need be.
    sides = 2 if p.per_side else 1
    sets_n, per_set = whole_sets(before, p.sets, sides)
    total = max(1, per_set * sets_n * sides)
    update: dict[str, Any] = {
        "contacts": total,
        "sets": sets_n,
        "why": f"{total} contacts, no increase: pain {sore}/10 when you last did them",
    }
    if p.reps is not None and p.reps[0] == p.reps[1]:
        update["reps"] = (max(1, per_set), max(1, per_set))
    return p.model_copy(update=update)


def non_load(
    p: Prescription,
    ctx: Context,
    hold: str | None,
    session_ids: Sequence[str],
    *,
    pain: bool = False,
    week: Week | None = None,
    primer: bool = False,
) -> Prescription:
    """§4.7 for one prescription: the bodyweight ladder, timed holds or plyometric contacts.
    `pain`: the `hold` is pain's (§5.3, §10.3), so no step is new, the progression done
    elsewhere in the week included; `week`: the session's (what a timed hold's why says);
    `primer`: the session is a race primer (a progression keeps its reps)."""
    if p.contacts is not None:
        return _plyo_hold(p, ctx)
    if p.seconds is not None:
        return _timed(p, ctx, hold, week)
    if laddered(p):
        return _ladder(p, ctx, hold, session_ids, pain=pain, primer=primer)
    return p
