"""Exercise → Prescription: the dose of one exercise in one week (§2.1, §3.1, §4.3, §4.7)."""

from __future__ import annotations

import math
from collections.abc import Iterable
from typing import NamedTuple

from runstrength.enums import BILATERAL as _BILATERAL
from runstrength.enums import DOSE_DISTANCE as _DISTANCE
from runstrength.enums import DOSE_LOAD as _LOAD
from runstrength.enums import DOSE_REPS as _REPS
from runstrength.enums import DOSE_TIME as _TIME
from runstrength.enums import LEVEL_NOVICE as _NOVICE
from runstrength.enums import ROLE_ACC as ACC
from runstrength.enums import ROLE_MAIN as MAIN
from runstrength.enums import ROLE_PLYO as PLYO
from runstrength.enums import ROLE_UNI as UNI
from runstrength.enums import Level, LoadType, Phase, Role
from runstrength.models import Exercise, Load, Prescription
from runstrength.plan.context import Memo, PlanContext, memo_held, memo_kept
from runstrength.plan.draft import Slotted, make_slotted
from runstrength.plan.periodization import WeekFrame, stimulus_reps
from runstrength.plan.rules import block_stage, is_plyometric, rep_stage, scale_sets, whole_sets
from runstrength.plan.warmup import calibration_kind, calibration_of
from runstrength.rulebook import DoseFallbacks, RoleDose, Rulebook

CHOOSE = Load(type=LoadType.CHOOSE)
BODYWEIGHT = Load(type=LoadType.BODYWEIGHT)
WEIGHTS = frozenset({"dumbbells", "kettlebell", "barbell", "trap-bar"})
IN_SEASON = frozenset({Phase.IN, Phase.TP})  # in-season main-lift set caps (§3.1)


def is_loadable(exercise: Exercise, kit: frozenset[str]) -> bool:
    """Loaded when the dose is a load, the runner owns kit that loads it, or the exercise
    itself is done holding a weight (a carry)."""
    return (
        exercise.dose.type is _LOAD
        or not kit.isdisjoint(exercise.loadable_with)
        or not WEIGHTS.isdisjoint(exercise.equipment)
    )


def load_for(exercise: Exercise, kit: frozenset[str]) -> Load:
    """The load to prescribe; Loads are frozen, so two serve all."""
    return CHOOSE if is_loadable(exercise, kit) else BODYWEIGHT


def split_contacts(
    exercise: Exercise, contacts: int, fallbacks: DoseFallbacks
) -> tuple[int, int, int]:
    """(sets, contacts per set and side, total contacts) for a plyometric's weekly share:
    as few sets as the per-set range allows, within the catalog's set range, and never past
    the catalog's limits (`max_sets`, `max_contacts`: docs/method.md §10.10, inv. 45): a
    share too big for them is cut to what they allow."""
    per_set_range = exercise.dose.contacts or fallbacks.contacts_per_set
    sides = 2 if exercise.dose.per_side else 1
    s_lo, s_hi = exercise.dose.sets
    s_hi = min(s_hi, exercise.max_sets or s_hi)
    most = exercise.max_contacts or exercise.max_reps
    sets = min(s_hi, max(s_lo, math.ceil(contacts / (per_set_range[1] * sides))))
    sets, per_set = whole_sets(contacts, sets, sides)
    if most is not None:
        per_set = min(per_set, most)
    return sets, per_set, per_set * sets * sides


def with_contacts(
    p: Prescription, exercise: Exercise, contacts: int, rules: Rulebook
) -> Prescription:
    """A plyometric prescription re-dosed to (at most) `contacts` ground contacts."""
    sets, per_set, total = split_contacts(exercise, contacts, rules.dose_fallbacks)
    return p.model_copy(
        update={"sets": sets, "reps": (per_set, per_set), "contacts": total, "target_rir": None}
    )


class _Fixed(NamedTuple):
    """What every prescription of one exercise in one slot role and phase shares, for one
    runner's level and kit: worked out once, not in every week (a plan makes hundreds)."""

    dose: RoleDose
    load: Load
    own_reps: bool  # the exercise's own rep range, not the role's (bodyweight, accessory)
    tempo: str | None
    novice_reps: bool  # a novice's early weeks raise its reps (§10.1): not plyometric work


# (id(exercise), id(rules), role, phase, level, kit) -> what those make fixed
_FIXED: Memo[tuple[int, int, Role, Phase, Level, frozenset[str]], _Fixed] = {}


def _fixed(ex: Exercise, role: Role, phase: Phase, ctx: PlanContext) -> _Fixed:
    # the plan's memo first: its key is short, and the catalog it names by id is held
    fixed = ctx.fixed.get((id(ex), role, phase))
    if fixed is None:
        fixed = ctx.fixed[(id(ex), role, phase)] = _fixed_for(ex, role, phase, ctx)
    return fixed


def _fixed_for(ex: Exercise, role: Role, phase: Phase, ctx: PlanContext) -> _Fixed:
    level, rules = ctx.profile.level, ctx.rules
    key = (id(ex), id(rules), role, phase, level, ctx.kit)
    held = memo_held(_FIXED, key, (ex, rules))
    if held is not None:
        return held
    dose = rules.phases[phase].dose(role, level)
    load = load_for(ex, ctx.kit)
    fixed = _Fixed(
        dose=dose,
        load=load,
        # Bodyweight work keeps its own rep range: 3 reps of a bodyweight split squat is
        # no strength stimulus; the bodyweight ladder (§4.7) progresses it instead.
        own_reps=ex.dose.type is _REPS and (role not in (MAIN, UNI) or load is BODYWEIGHT),
        tempo=(dose.tempo if role is MAIN else None) or ex.tempo,
        novice_reps=level is _NOVICE and not is_plyometric(ex),
    )
    return memo_kept(_FIXED, key, (ex, rules), fixed, 16384)


def _band_sets(ctx: PlanContext, role: Role, frame: WeekFrame, sets: int) -> int:
    """§3.1 band scaling: main lifts keep their sets (band D caps them), others shrink; then
    §3.2 for a week of many key runs."""
    rules = ctx.rules
    mods = rules.band_mods[ctx.band]
    if role is MAIN:
        sets = scale_sets(sets, mods.main_sets)
        if mods.main_sets_cap is not None:
            in_season = frame.phase in IN_SEASON
            cap = mods.main_sets_cap.in_ if in_season else mods.main_sets_cap.off
            sets = min(sets, cap)
    elif role is not PLYO:
        sets = scale_sets(sets, mods.acc_sets)
    if ctx.heavy_run_week:
        sets = scale_sets(sets, rules.heavy_run_week.sets_factor)
    return sets


def prescribe(
    ex: Exercise, role: Role, frame: WeekFrame, ctx: PlanContext, *, primer: bool = False
) -> Prescription:
    """The week's prescription of an exercise filling a slot of this role.

    Reps, holds or carries come from the role dose or the exercise's own range; within a
    block the reps climb first, then sets rise, then RIR tightens (§4.3); a primer (§3.4)
    is one short set.

    Weeks at the same point of a phase get the same dose, so each one made is kept
    (`PlanContext.prescribed`, shared by the plans alike in what a dose reads:
    `context.shared_doses`) and the same frozen value given again: every later step copies
    a prescription it changes, none changes one in place. The memo and its key are
    `prescribe_slots`'s, which a session's exercises go through together.
    """
    return prescribe_slots(((ex, role),), frame, ctx, light=False, primer=primer)[0].prescription


def prescribe_slots(
    picks: Iterable[tuple[Exercise, Role]],
    frame: WeekFrame,
    ctx: PlanContext,
    *,
    light: bool,
    primer: bool,
) -> tuple[Slotted, ...]:
    """`prescribe` for each (exercise, slot role) of a session, paired with its role; a
    light day doses everything as an accessory (§2.4: it must never be heavy). One loop
    with the memo look-up inline: every exercise of every week asks, and nearly always
    finds it made."""
    early = primer or frame.index <= ctx.rules.novice_start.weeks
    phase, block, step, memo = frame.phase, frame.block, frame.step, ctx.prescribed
    out = []
    for ex, role in picks:
        dosed = ACC if light else role
        # what the dose reads of the week: its phase, block (main lifts), step, earliness
        key = (id(ex), dosed, phase, block if dosed is MAIN else 0, step, early, primer)
        made = memo.get(key)
        if made is None:
            made = memo[key] = _scaled(ex, dosed, frame, ctx, key, early, primer)
        out.append(make_slotted((made, role)))
    return tuple(out)


def _scaled(
    ex: Exercise,
    role: Role,
    frame: WeekFrame,
    ctx: PlanContext,
    key: tuple[object, ...],
    early: bool,
    primer: bool,
) -> Prescription:
    """The prescription of `key` with its sets scaled to the runner's band and key runs
    (§3.1, §3.2): all the rest of a dose is the same for runners of every band and of
    every kit that loads the exercise alike (`PlanContext.unscaled`: the kit reaches
    `_prescription` only as the load), so a roster works it out once and copies it only
    where the sets differ."""
    fixed = _fixed(ex, role, frame.phase, ctx)
    loaded = (key, fixed.load is CHOOSE)  # the load is CHOOSE or BODYWEIGHT (`load_for`)
    plain = ctx.unscaled.get(loaded)
    if plain is None:
        plain = ctx.unscaled[loaded] = _prescription(ex, role, frame, ctx, early, primer, fixed)
    sets = _band_sets(ctx, role, frame, plain.sets)
    return plain if sets == plain.sets else plain.model_copy(update={"sets": sets})


def _prescription(
    ex: Exercise,
    role: Role,
    frame: WeekFrame,
    ctx: PlanContext,
    early: bool,
    primer: bool,
    fixed: _Fixed,
) -> Prescription:
    rules = ctx.rules
    dose = fixed.dose
    fallbacks = rules.dose_fallbacks
    reps: tuple[int, int] | None = dose.reps
    if fixed.own_reps:
        reps = ex.dose.reps
    elif role is MAIN and frame.block and not fixed.novice_reps:
        # §10.9 new stimulus; a novice keeps the novice range (§10.1: MS 6–8), the new
        # stimulus is the other lift (the coach QA run: 3 × 5–6 in a novice's week 14)
        reps = stimulus_reps(reps, frame.phase, frame.block, rules)
    seconds: int | None = None
    distance: int | None = None
    kind = ex.dose.type
    if kind is _TIME:
        lo, hi = ex.dose.seconds or fallbacks.seconds
        # §4.7: longer holds week by week, up to the exercise's maximum
        seconds = min(ex.max_seconds or hi, lo + rules.hold_step_s * frame.step)
        reps = None
    elif kind is _DISTANCE:
        distance = (ex.dose.distance_m or fallbacks.distance_m)[0]
        reps = None
    used = 0
    if reps is not None and not primer:
        reps, used = rep_stage(reps, frame.step)
    rir_start, rir_end = dose.rir if dose.rir is not None else fallbacks.rir
    sets, rir = block_stage(*dose.sets, rir_start, rir_end, frame.step - used)
    if primer:
        sets, rir = rules.primer.main_sets, rules.primer.rir
        if reps is not None:  # a hold or a carry keeps its seconds or metres alone
            reps = rules.primer.reps
            # the main lift is §3.4's 2–3 reps on body weight too (`primer_reps`); body-
            # weight core work keeps its own range
            if role is not MAIN and fixed.load is BODYWEIGHT and ex.dose.reps is not None:
                reps = ex.dose.reps
    if reps is not None and early and fixed.novice_reps:
        reps = novice_reps(reps, rules)
    target_rir = rir if reps is not None else None
    return prescription_of(
        ex,
        order_rank=slot_rank(ex, role),
        sets=sets,  # before the band's scaling (`_scaled`)
        reps=reps,
        seconds=seconds,
        distance_m=distance,
        target_rir=target_rir,
        load=fixed.load,
        rest_seconds=dose.rest_s,
        tempo=fixed.tempo,
        # said now, in the one copy made here (and shared by the weeks alike); a later
        # step that changes the RIR or load leaves it for plan.warmup.finished to say again
        calibration=calibration_of(
            fixed.load,
            target_rir,
            "" if target_rir is not None else calibration_kind(ex.category, seconds is not None),
        ),
    )


MAIN_BILATERAL_RANK, MAIN_UNILATERAL_RANK = 2, 3  # §2.3


def slot_rank(ex: Exercise, role: Role) -> int:
    """§2.3: the session-order rank of `ex` in a slot of `role`. A lift filling a main-lift
    slot is ordered as the main lift it is, whatever its catalog rank: a dumbbell kit's
    Romanian deadlift (an accessory in the catalog, rank 4) is the session's hinge and
    comes before the split squat (coach review K2)."""
    if role is not MAIN or ex.order_rank <= MAIN_BILATERAL_RANK:
        return ex.order_rank
    if ex.laterality is _BILATERAL:
        return MAIN_BILATERAL_RANK
    return min(ex.order_rank, MAIN_UNILATERAL_RANK)


def novice_reps(reps: tuple[int, int], rules: Rulebook) -> tuple[int, int]:
    """§10.1: a novice's early sets (and every primer) hold at least `min_reps` reps.

    >>> from runstrength.rulebook import default_rulebook
    >>> novice_reps((3, 5), default_rulebook()), novice_reps((8, 12), default_rulebook())
    ((6, 6), (8, 12))
    """
    least = rules.novice_start.min_reps
    lo = max(reps[0], least)
    return lo, max(reps[1], lo)


def primer_reps(level: Level, rules: Rulebook) -> tuple[int, int]:
    """A race primer's main-lift reps (§3.4): `primer.reps`, a novice's at least
    `novice_start.min_reps` (§10.1 wins: no set below 6). `main_lift_min_reps` is for
    heavy sets, which a primer's one set at RIR ≥ 4 is not (`selection.within_limits`).

    >>> from runstrength.rulebook import default_rulebook
    >>> rules = default_rulebook()
    >>> primer_reps(Level.ADVANCED, rules), primer_reps(Level.NOVICE, rules)
    ((2, 3), (6, 6))
    """
    reps = rules.primer.reps
    return novice_reps(reps, rules) if level is _NOVICE else reps


def prescription_of(ex: Exercise, **dose: object) -> Prescription:
    """A prescription of `ex`: what the catalog says of the exercise (id, name, category,
    pattern, …), plus the dose fields given (sets, reps, load, …), unvalidated.

    The catalog part is the same in every week, so it is built once per exercise (a
    template) and each prescription is that template with the dose set.
    """
    held = _TEMPLATES.get(id(ex))  # `memo_held`, inlined: every prescription asks
    template = held[1] if held is not None and held[0][0] is ex else None
    if template is None:
        template = memo_held(_TEMPLATES, id(ex), (ex,))
    if template is None:
        template = memo_kept(_TEMPLATES, id(ex), (ex,), _template(ex), 4096)
    return template.model_copy(update=dose)


# id(exercise) -> its template
_TEMPLATES: Memo[int, Prescription] = {}


# What a prescription copies from its catalog exercise unchanged (plan-json.md exercises[]).
_FROM_CATALOG = ("id", "name", "category", "pattern", "laterality", "order_rank", "level", "video")


def _template(ex: Exercise) -> Prescription:
    """The catalog fields of `ex` with placeholders for the dose: every field a
    prescription requires is set here, so its fields keep one order whatever dose follows.
    The notes are the exercise's cues and the safety notes its own (§10.11: every human
    format prints them); the calibration note has its own field, set wherever a load is
    "choose" (plan.warmup)."""
    fields = {name: getattr(ex, name) for name in _FROM_CATALOG}
    return Prescription(
        **fields,
        equipment=list(ex.equipment),
        sets=0,
        contacts=None,
        per_side=ex.dose.per_side,
        load=BODYWEIGHT,
        rest_seconds=0,
        notes="; ".join(ex.cues),
        safety=list(ex.safety),
    )
