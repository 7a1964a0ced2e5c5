"""Plyometric contacts: session caps, weekly growth, intensity tiers (§2.1, §4.7, §7 inv. 15–18)."""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable

from runstrength.enums import CATEGORY_POWER as _POWER
from runstrength.enums import ROLE_PLYO as _PLYO
from runstrength.enums import DoseType, Level, Phase, Role
from runstrength.models import Catalog, Exercise, Prescription, Session, Week
from runstrength.plan.context import PlanContext, per_catalog
from runstrength.plan.draft import Draft, Slotted
from runstrength.plan.periodization import LONG_RACES, WeekFrame
from runstrength.plan.prescribe import BODYWEIGHT, load_for, prescription_of, with_contacts
from runstrength.plan.rules import week_contacts
from runstrength.plan.selection import within_limits
from runstrength.rulebook import Rulebook


def session_cap(frame: WeekFrame, ctx: PlanContext) -> int:
    """Contacts one session may hold: the phase and level cap (never past the NSCA
    maximum for the level), scaled by the run-volume band and a many-key-runs week."""
    rules = ctx.rules
    level = ctx.profile.level
    cap = math.floor(rules.plyo_cap(frame.phase, level) * rules.band_mods[ctx.band].plyo)
    cap = min(cap, rules.nsca_plyo_max_for(level))
    if ctx.heavy_run_week:
        cap = math.floor(cap * rules.heavy_run_week.contacts_factor)
    return cap


def tier_of(exercises: Iterable[Prescription], ctx: PlanContext) -> int:
    """The highest intensity among some plyometric prescriptions: the catalog's plyo_rank
    (§10.10), or its intensity tier when it has none."""
    exs = ctx.catalog.exercises
    return max((exs[p.id].plyo_rank or exs[p.id].intensity) for p in exercises)


def weekly_contacts(
    frame: WeekFrame,
    n: int,
    tier: int,
    prev_contacts: int | None,
    prev_tier: int,
    prev_week: Week | None,
    cap: int,
    ctx: PlanContext,
) -> float:
    """The week's contact budget over n plyometric sessions: a first week starts at a
    fraction of the cap, later ones grow a step (none when the tier rises), a deload cuts."""
    rules = ctx.rules
    if prev_contacts is None:
        weekly = cap * n * rules.plyo_start_fraction
    else:
        growth = 1.0 if tier > prev_tier else 1 + rules.plyo_weekly_step
        weekly = min(cap * n, prev_contacts * growth)
    if frame.deload and prev_week is not None:
        weekly = min(weekly, week_contacts(prev_week) * rules.deload.plyo_factor)
    bone = bone_limit(frame.index, prev_contacts, ctx)
    return weekly if bone is None else min(weekly, bone)


def bone_limit(week_index: int, prev_contacts: int | None, ctx: PlanContext) -> int | None:
    """§10.2: a runner with bone-stress history holds at most `weekly_contacts` a week in
    the first weeks, then grows at most `weekly_growth` a week. None: no such limit."""
    if not ctx.chooser.bone:
        return None
    bone = ctx.rules.bone_impact
    if week_index <= bone.weeks or not prev_contacts:
        return bone.weekly_contacts
    return math.floor(prev_contacts * (1 + bone.weekly_growth))


def give_contacts(
    frame: WeekFrame,
    drafts: list[Draft],
    prev_contacts: int | None,
    prev_week: Week | None,
    prev_tier: int,
    ctx: PlanContext,
) -> tuple[list[Draft], int]:
    """Each plyometric its contacts; a plyometric left with none leaves its session.
    Returns the drafts and the week's intensity tier (0: no plyometrics)."""
    plyo_sessions = [d for d in drafts if d.has_role(_PLYO)]
    if not plyo_sessions:
        return drafts, 0
    n = len(plyo_sessions)
    cap = session_cap(frame, ctx)
    tier = tier_of([p for d in plyo_sessions for p, role in d.items if role is _PLYO], ctx)
    weekly = weekly_contacts(frame, n, tier, prev_contacts, prev_tier, prev_week, cap, ctx)
    most = maintenance_cap(frame, ctx)
    if most is not None:
        weekly = min(weekly, most)
    per_session = min(cap, math.floor(weekly / n))
    primer_max = ctx.rules.primer.contacts
    out = [
        _given(d, min(per_session, primer_max) if d.primer else per_session, frame, ctx)
        if d.has_role(_PLYO)
        else d
        for d in drafts
    ]
    return out, tier


def _given(d: Draft, limit: int, frame: WeekFrame, ctx: PlanContext) -> Draft:
    """A plyometric draft's jumps re-dosed to its `limit` of contacts; one left with none
    goes. (Plain loops: every plyometric session of every week comes here.)"""
    ballistic = 0  # a ballistic dosed in contacts (a squat jump, §10.10) takes its share first
    for p, role in d.items:
        if role is not _PLYO and p.contacts:
            ballistic += p.contacts
    limit = max(0, limit - ballistic)
    items: list[Slotted] = []
    for item in d.items:
        if item.role is _PLYO:
            p = _contacts_given(item.prescription, limit, frame, ctx)
            if p.contacts:
                items.append(Slotted(p, _PLYO))
        else:
            items.append(item)
    return d.with_items(items)


def _compact(p: Prescription, ctx: PlanContext) -> Prescription:
    """A deload's halved contacts in as few full sets as the catalog's per-set range allows,
    even below its usual set count: a deload cuts sets (§4.6), and 3 × 3 jumps is no dose."""
    if not p.contacts:
        return p
    ex = ctx.catalog.exercises[p.id]
    top = (ex.dose.contacts or ctx.rules.dose_fallbacks.contacts_per_set)[1]
    top = min(top, ex.max_contacts or top)
    sides = 2 if ex.dose.per_side else 1
    sets = max(1, math.ceil(p.contacts / (top * sides)))
    if sets >= p.sets:
        return p
    per_set = p.contacts // (sets * sides)
    return p.model_copy(
        update={"sets": sets, "reps": (per_set, per_set), "contacts": per_set * sets * sides}
    )


def _redosed(p: Prescription, contacts: int, ctx: PlanContext) -> Prescription:
    return with_contacts(p, ctx.catalog.exercises[p.id], contacts, ctx.rules)


def _contacts_given(
    p: Prescription, limit: int, frame: WeekFrame, ctx: PlanContext
) -> Prescription:
    """A plyometric re-dosed to the session's share of contacts (compacted in a deload)."""
    redosed = _redosed(p, limit, ctx)
    return _compact(redosed, ctx) if frame.deload else redosed


def contact_limit(
    history: list[int], tier: int, prev_tier: int, ctx: PlanContext, week_index: int = 0
) -> int | None:
    """The most contacts a loading week may hold after the non-deload weeks `history`:
    no growth when the tier rises (§4.7), ≤ +20 % a week and ≤ +30 % over two (§7 inv. 16).
    None: no limit yet."""
    rules = ctx.rules
    limits = []
    if history and prev_tier and tier > prev_tier:
        limits.append(history[-1])  # §4.7: never more volume and intensity at once
    if history and history[-1]:
        limits.append(math.floor(history[-1] * (1 + rules.plyo_weekly_growth_max)))
    if len(history) >= 3 and history[-3] + history[-2]:
        two = (history[-3] + history[-2]) * (1 + rules.plyo_two_week_growth_max)
        limits.append(math.floor(two - history[-1]))
    bone = bone_limit(week_index, next((c for c in reversed(history) if c), None), ctx)
    if bone is not None:
        limits.append(bone)
    return min(limits) if limits else None


def limit_plyo_growth(weeks: list[Week], ctx: PlanContext) -> list[Week]:
    """Last word on §7 inv. 16 after race rules removed sessions: cut, never add."""
    history: list[int] = []  # contacts of the non-deload weeks so far
    out: list[Week] = []
    prev_tier = 0
    before = 0  # contacts of the week before, as finally planned
    for w in weeks:
        contacts = week_contacts(w)
        if w.deload and contacts > before * ctx.rules.deload.plyo_factor:
            # §7 inv. 24 against the week before as cut here, not as first planned
            w = scale_contacts(w, before * ctx.rules.deload.plyo_factor / contacts, ctx)
            w = _compact_week(w, ctx)
            contacts = week_contacts(w)
        if w.deload or not contacts:
            out.append(w)
            before = contacts
            if not w.deload:
                history.append(contacts)
            continue
        tier = tier_of((p for s in w.sessions for p in s.exercises if p.contacts), ctx)
        allowed = contact_limit(history, tier, prev_tier, ctx, w.index)
        if allowed is not None and contacts > allowed:
            w = scale_contacts(w, max(0, allowed) / contacts, ctx)
            contacts = week_contacts(w)
        history.append(contacts)
        prev_tier = tier
        before = contacts
        out.append(w)
    return out


def _compact_week(week: Week, ctx: PlanContext) -> Week:
    """A deload week's jumps in as few sets as they fit (`_compact`)."""
    sessions = [
        s.model_copy(update={"exercises": [_compact(p, ctx) for p in s.exercises]})
        for s in week.sessions
    ]
    return week.model_copy(update={"sessions": sessions})


def scale_contacts(week: Week, factor: float, ctx: PlanContext) -> Week:
    """Every plyometric's contacts ×factor (rounded down); a plyometric left with none
    goes, and a session left with a single exercise goes too."""
    sessions: list[Session] = []
    for s in week.sessions:
        exercises = []
        for p in s.exercises:
            if p.contacts:
                p = _redosed(p, math.floor(p.contacts * factor), ctx)
                if not p.contacts:
                    continue
            exercises.append(p)
        if len(exercises) >= ctx.rules.session_min_exercises.volume:  # else no session
            sessions.append(
                s.model_copy(update={"exercises": exercises, "index": len(sessions) + 1})
            )
    return week.model_copy(update={"sessions": sessions})


# ---------------------------------------------------------------- §10.9, §10.10 hooks


def is_power(item: Exercise | Prescription, rules: Rulebook) -> bool:
    """A ballistic or power exercise (§10.10): the catalog's power category, or one of
    `power.candidates` (a box or squat jump)."""
    return item.category is _POWER or item.id in rules.power.candidates


def ladder(frame: WeekFrame, ctx: PlanContext) -> list[Exercise]:
    """The plyometrics this runner may do this week, in plyo_rank order, up to the phase's
    `plyo_ladder.max_rank`."""
    top = ctx.rules.plyo_ladder.max_rank.get(frame.phase)
    return [] if top is None else ctx.chooser.plyometrics(top, frame.index)


def climb_ladder(frame: WeekFrame, drafts: list[Draft], ctx: PlanContext) -> list[Draft]:
    """§4.7, §10.10: plyometric intensity rises along plyo_rank, one rung every
    `plyo_ladder.hold_weeks` loading weeks (in place → moving, two legs → one, low → higher
    box); the last plyometric session of the week takes the week's rung, the others the
    rung below. Contacts come later (`give_contacts`), with no growth in a week whose
    intensity rose."""
    rungs = ladder(frame, ctx)
    plyo_drafts = [i for i, d in enumerate(drafts) if d.has_role(_PLYO) and not d.primer]
    if not rungs or not plyo_drafts:
        return drafts
    done = frame.loading_before - 1 if frame.deload else frame.loading_before  # §4.6: no new

    exs = ctx.catalog.exercises
    top = min(max(0, done) // ctx.rules.plyo_ladder.hold_weeks, len(rungs) - 1)  # exercises
    out = list(drafts)
    for n, i in enumerate(reversed(plyo_drafts)):
        ex = rungs[max(0, top - n)]
        d = out[i]
        items = [
            Slotted(as_jump(ex, item.prescription, ctx), item.role)
            if item.role is _PLYO and exs[item.prescription.id].plyo_rank is not None
            else item  # an entry with no plyo_rank (a user's own) stays where it is
            for item in d.items
        ]
        out[i] = d.with_items(items)
    return out


def as_jump(ex: Exercise, p: Prescription, ctx: PlanContext) -> Prescription:
    """`ex` with the dose of `p`, the plyometric it replaces (a rung of the ladder, a race
    primer's low-intensity jump): made once per plan for each exercise and dose
    (`PlanContext.prescribed`; frozen, so weeks share it)."""
    key = ("rung", id(ex), p.sets, p.reps, p.contacts, p.rest_seconds)
    made = ctx.prescribed.get(key)
    if made is None:
        made = ctx.prescribed[key] = prescription_of(ex, **_plyo_dose(p, ex))
    return made


def _plyo_dose(p: Prescription, ex: Exercise) -> dict[str, object]:
    return {
        "sets": p.sets,
        "reps": p.reps,
        "contacts": p.contacts,
        "target_rir": None,
        "load": BODYWEIGHT,
        "rest_seconds": p.rest_seconds,
        "tempo": None,
        "notes": "; ".join(ex.cues),
    }


def add_power(frame: WeekFrame, drafts: list[Draft], ctx: PlanContext) -> list[Draft]:
    """§10.10, inv. 44: every heavy session of a PW week that is not a deload holds a
    ballistic (trap-bar jump, kettlebell swing, med-ball throw, box or squat jump: the first
    of `power.candidates` the kit and level allow, another one per session when it can). It
    comes after the plyometrics (§2.3) and on top of the §2.1 exercise count."""
    if frame.phase is not Phase.PW or frame.deload:
        return drafts
    used = {p.id for d in drafts for p in d.exercises}
    candidates = ctx.rules.power.candidates
    fits: list[Exercise] | None = None  # the same for every session: found at the first
    out: list[Draft] = []
    for d in drafts:
        if (
            d.light
            or d.primer
            or any(  # `is_power`, inlined: no call an exercise
                p.category is _POWER or p.id in candidates for p, _role in d.items
            )
        ):
            out.append(d)
            continue
        if fits is None:
            fits = [
                ex
                for c in candidates
                if c in ctx.catalog
                and ctx.chooser.allowed(ex := ctx.catalog.exercises[c], frame.index)
                and not _too_few_reps_early(ex, frame, ctx)
            ]
        fresh = [ex for ex in fits if ex.id not in used] or fits
        if not fresh:
            out.append(d)
            continue
        ex = fresh[0]
        used.add(ex.id)
        items = (*d.items, Slotted(power_prescription(ex, frame, ctx), Role.MAIN))
        out.append(d.with_items(sorted(items, key=lambda it: it.prescription.order_rank)))
    return out


def _too_few_reps_early(ex: Exercise, frame: WeekFrame, ctx: PlanContext) -> bool:
    """§10.1: a novice's first `novice_start.weeks` weeks hold no set below `min_reps`
    reps. A jump dosed in contacts or a throw is excepted; a loaded ballistic is not: the
    trap-bar jump's 3 reps wait, and the kettlebell swing's 8 serve (coach re-check N1)."""
    rules = ctx.rules
    if ctx.profile.level is not Level.NOVICE or frame.index > rules.novice_start.weeks:
        return False
    lowest = (ex.dose.reps or (rules.novice_start.min_reps,))[0]
    return ex.dose.type is DoseType.LOAD and lowest < rules.novice_start.min_reps


def power_prescription(ex: Exercise, frame: WeekFrame, ctx: PlanContext) -> Prescription:
    """`power.sets` sets of the catalog's lowest reps (contacts for a jump), no RIR: each rep
    is done as fast as possible and the set stops when speed drops. Made once per plan for
    each exercise, phase and contact share (`PlanContext.prescribed`; frozen, so weeks share
    it): the rest reads the phase, the load the kit, which the memo's plans share."""
    share = _power_share(frame, ctx) if ex.dose.type is DoseType.CONTACTS else None
    key = ("power", id(ex), frame.phase, share)
    made = ctx.prescribed.get(key)
    if made is None:
        made = ctx.prescribed[key] = _power_prescription(ex, frame.phase, share, ctx)
    return made


def _power_share(frame: WeekFrame, ctx: PlanContext) -> int:
    """The contacts a session's ballistic jump shares with its plyometric."""
    share = session_cap(frame, ctx)
    most = maintenance_cap(frame, ctx)
    if most is not None:
        share = min(share, most // 2)  # two heavy sessions share the week
    return share


def _power_prescription(
    ex: Exercise, phase: Phase, share: int | None, ctx: PlanContext
) -> Prescription:
    rules = ctx.rules
    sets = min(rules.power.sets, ex.max_sets or rules.power.sets)
    rest = rules.phases[phase].main.rest_s  # §2.1 PW: 2–3 min, full recovery
    base = prescription_of(
        ex,
        sets=sets,
        reps=None,
        target_rir=None,
        load=load_for(ex, ctx.kit),
        rest_seconds=rest,
        tempo=None,
        notes="; ".join(ex.cues),
    )
    if share is not None:
        # A jump takes at most a quarter of a session's contacts (its plyometric keeps the
        # rest): whole sets of the catalog's lowest count, at least one.
        lo = (ex.dose.contacts or rules.dose_fallbacks.contacts_per_set)[0]
        sides = 2 if ex.dose.per_side else 1
        sets = max(1, min(sets, share // (4 * lo * sides)))
        return base.model_copy(
            update={"sets": sets, "reps": (lo, lo), "contacts": sets * lo * sides}
        )
    lo = (ex.dose.reps or (1, 1))[0]
    return base.model_copy(update={"reps": (lo, lo)})


def maintenance_cap(frame: WeekFrame, ctx: PlanContext) -> int | None:
    """§10.9, inv. 43: the most contacts a week of a marathon or ultra build may hold in its
    last `race_build.maintenance_weeks` weeks and in its IN-style maintenance: the IN cap of
    one session (band and heavy-week factors included). None elsewhere."""
    profile = ctx.profile
    if profile.race_date is None or profile.race_distance not in LONG_RACES:
        return None
    last = ctx.n_weeks - ctx.rules.race_build.maintenance_weeks
    if frame.index <= last and frame.phase is not Phase.IN:
        return None
    return session_cap(frame._replace(phase=Phase.IN), ctx)


def within_catalog_limits(drafts: list[Draft], ctx: PlanContext) -> list[Draft]:
    """Every prescription inside its catalog entry's limits (§10.10, inv. 45)."""
    ex = ctx.catalog.exercises
    plain, primers = per_catalog(catalog_bounds, ctx.catalog, ctx.rules)

    def limits(primer: bool) -> Callable[[Slotted], Prescription]:
        def limit(item: Slotted) -> Prescription:
            p = item.prescription
            if p.id not in plain:
                return p  # most: none
            return within_limits(p, ex[p.id], ctx.rules, primer=primer)

        return limit

    # most drafts are inside every limit already: one loop tells, not two calls an item
    return [
        d if _inside(d.items, primers if d.primer else plain) else d.map(limits(d.primer))
        for d in drafts
    ]


Bounds = tuple[int, int, int]  # most sets, least reps, most reps
_NO_MOST = 1 << 30  # no upper limit


def catalog_bounds(catalog: Catalog, rules: Rulebook) -> tuple[dict[str, Bounds], ...]:
    """The `limited_ids` entries' bounds, inside which `within_limits` changes nothing: for a
    session, and for a race primer (no least reps)."""
    plain: dict[str, Bounds] = {}
    primers: dict[str, Bounds] = {}
    for e in limited_ids(catalog, rules):
        ex = catalog.exercises[e]
        most_sets = _NO_MOST if ex.max_sets is None else ex.max_sets
        most_reps = _NO_MOST if ex.max_reps is None else ex.max_reps
        plain[e] = (most_sets, rules.main_lift_min_reps.get(e, 0), most_reps)
        primers[e] = (most_sets, 0, most_reps)
    return plain, primers


def _inside(items: tuple[Slotted, ...], bounds: dict[str, Bounds]) -> bool:
    """Whether `within_limits` would leave every prescription as it is (when unsure, no:
    it is asked then)."""
    for p, _role in items:
        b = bounds.get(p.id)
        if b is None:
            continue
        most_sets, least, most_reps = b
        if p.sets > most_sets:
            return False
        reps = p.reps
        if reps is not None and p.contacts is None and not least <= reps[0] <= reps[1] <= most_reps:
            return False
    return True


def limited_ids(catalog: Catalog, rules: Rulebook) -> frozenset[str]:
    """The catalog entries `within_limits` may change: those with a set or rep limit, and
    the main lifts with a least rep count."""
    return frozenset(
        e
        for e, ex in catalog.exercises.items()
        if ex.max_sets is not None or ex.max_reps is not None or e in rules.main_lift_min_reps
    )


def power_and_limits(frame: WeekFrame, drafts: list[Draft], ctx: PlanContext) -> list[Draft]:
    """The §10.10 steps on a week's drafts: plyometrics up the ladder, a ballistic in PW,
    every prescription within its catalog limits."""
    return within_catalog_limits(add_power(frame, climb_ladder(frame, drafts, ctx), ctx), ctx)
