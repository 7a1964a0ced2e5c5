"""A week's sessions from the §2.4 templates: choose, dose, add injury work, fit the time."""

from __future__ import annotations

from runstrength.enums import PHASE_IN as _IN
from runstrength.enums import PHASE_TP as _TP
from runstrength.enums import Role
from runstrength.errors import InvalidProfile
from runstrength.models import Exercise
from runstrength.plan.context import PlanContext
from runstrength.plan.draft import (
    Draft,
    is_shaveable,
    last_where,
    make_draft,
    make_slotted,
)
from runstrength.plan.injuries import guarded, injury_minimums, time_cut
from runstrength.plan.laterality import with_both_sides
from runstrength.plan.periodization import WeekFrame
from runstrength.plan.prescribe import prescribe_slots
from runstrength.plan.rules import exercise_seconds, hlb_cap, minutes_of
from runstrength.plan.selection import Chosen
from runstrength.rulebook import Slot

PRIMER = "PRIMER"  # the template of a race primer (§3.4)
IN_LIGHT = "IN_LIGHT"  # the light second in-season day (§10.8)


def templates(frame: WeekFrame, ctx: PlanContext) -> list[tuple[str, str, bool]]:
    """(label, template name, light) for each session of the week."""
    days = ctx.profile.days
    if frame.phase is _IN:
        # §10.8: the requested days are kept up to 2; past the band's heavy-session cap the
        # second day is light (hip, calf, core and the injury minimums).
        cap = hlb_cap(ctx.band, _IN, ctx.rules)
        return [
            (label, "IN", False) if i < cap else (label, IN_LIGHT, True)
            for i, label in enumerate("AB"[: min(days, 2)])
        ]
    if frame.phase is _TP:
        if frame.index == ctx.n_weeks and frame.step >= 1:  # the last taper week
            return [("A", PRIMER, False)]
        # Sessions past the band's in-season HLB cap become primers, not heavy days.
        cap = hlb_cap(ctx.band, _TP, ctx.rules)
        return [
            (label, "TP" if i < cap else PRIMER, False)
            for i, label in enumerate("AB"[: min(days, 2)])
        ]
    out = [("A", "A", False), ("B", "B", False)]
    if days == 3:
        out.append(("C", "C", True))
    return out


def _choose(
    ctx: PlanContext, slot: Slot, frame: WeekFrame, n: int, label: str, used: set[str]
) -> Exercise:
    """The exercise for a slot of the n-th session (0-based); the IN/TP main lift
    alternates hinge and squat week to week."""
    need = slot.need
    if need == "alternate":
        need = "hinge" if (frame.index + n) % 2 == 1 else "squat"
    ex = ctx.chooser.choose(slot, need, frame.index, used)
    if ex is None:
        raise InvalidProfile(
            f"no exercise in the catalog fits the {slot.role} slot of session "
            f"{label} ({need or ', '.join(slot.candidates[:3])}) with equipment "
            f"{', '.join(ctx.profile.equipment)}; add equipment or a catalog entry"
        )
    if frame.block % 2 == 1 and slot.role in ctx.rules.stimulus.vary_roles:
        # §10.9: every other block of a long phase is a new stimulus: another lift too
        ex = ctx.chooser.variation(ex, slot, need, frame.index, used)
    return ex


def week_selection(frame: WeekFrame, ctx: PlanContext) -> tuple[Chosen, ...]:
    """The exercises of each session of the week (§2.4 templates), before any dose.

    What the choice reads of the week is its sessions' templates, its parity (the IN/TP
    main lift alternates), the Chooser's window (`Chooser.window`) and the stimulus
    block's parity (§10.9: every other block varies). The Chooser keeps each week's choice
    by those, so the weeks of a plan alike, and the plans of runners alike (it is shared:
    `context.chooser_for`), choose once; only the doses differ week to week."""
    plan = tuple(templates(frame, ctx))
    chooser = ctx.chooser
    key = (plan, frame.index % 2, chooser.window(frame.index), frame.block % 2)
    held = chooser.selected.get(key)
    if held is None:
        used: set[str] = set()  # a lift used in one session is the last choice in the next
        held = tuple((t, _chosen(ctx, frame, n, t, used)) for n, t in enumerate(plan))
        chooser.selected[key] = held
    return held


def _chosen(
    ctx: PlanContext, frame: WeekFrame, n: int, template: tuple[str, str, bool], used: set[str]
) -> tuple[tuple[Exercise, Role], ...]:
    label, name, _light = template
    picks: list[tuple[Exercise, Role]] = []
    ids: set[str] = set()
    for slot in ctx.rules.templates[name]:
        ex = _choose(ctx, slot, frame, n, label, used)
        if ex.id in ids:
            continue  # the same lift twice in one session adds nothing
        ids.add(ex.id)
        used.add(ex.id)
        picks.append((ex, slot.role))
    return tuple(picks)


def _draft(ctx: PlanContext, frame: WeekFrame, chosen: Chosen) -> Draft:
    (label, name, light), picks = chosen
    primer = name == PRIMER
    items = prescribe_slots(picks, frame, ctx, light=light, primer=primer)
    return make_draft((label, items, light, primer))


def week_drafts(frame: WeekFrame, ctx: PlanContext) -> tuple[list[Draft], tuple[str, ...]]:
    """The week's sessions before plyometric contacts, volume rules and the calendar.

    A long phase repeats its weeks' drafts: what they read of the week is `drafts_key`,
    so a plan keeps the drafts of each key (`PlanContext.drafted`) and a later week alike
    gets them again. Drafts are frozen values; a week that warned is made afresh (its
    warnings name it)."""
    key = drafts_key(frame, ctx)
    held = ctx.drafted.get(key)
    if held is not None:
        return list(held), ()
    drafts, warnings = _week_drafts(frame, ctx)
    if not warnings:
        ctx.drafted[key] = tuple(drafts)
    return drafts, warnings


def drafts_key(frame: WeekFrame, ctx: PlanContext) -> tuple[object, ...]:
    """What a week's drafts read of the week: its phase, the stimulus block's parity (§10.9:
    every other block varies), the block step, whether it deloads, the week's parity (the
    in-season main lift alternates), the Chooser's windows (`Chooser.window`), a novice's
    early weeks (§10.1) and whether it is the plan's last (the taper's primer)."""
    index = frame.index
    return (
        frame.phase,
        frame.block % 2,
        frame.step,
        frame.deload,
        index % 2,
        ctx.chooser.window(index),
        index <= ctx.rules.novice_start.weeks,
        index == ctx.n_weeks,
    )


def _week_drafts(frame: WeekFrame, ctx: PlanContext) -> tuple[list[Draft], tuple[str, ...]]:
    drafts = [_draft(ctx, frame, chosen) for chosen in week_selection(frame, ctx)]
    # §10.8: the injury minimums hold in every week, deloads and tapers included.
    drafts, warnings = injury_minimums(frame, drafts, ctx)
    drafts = [sort_draft(d) for d in with_both_sides(frame, drafts, ctx)]  # inv. 5
    fitted = [fit_time(d, ctx) for d in drafts]
    return fitted, (*warnings, *time_cut(frame.index, drafts, fitted, ctx))


def sort_draft(d: Draft) -> Draft:
    """Session order (§2.3): by the exercises' order rank, stable; the draft itself when it
    is in order already (nearly every one: the templates list their slots so)."""
    ranks = [item.prescription.order_rank for item in d.items]
    if ranks == sorted(ranks):
        return d
    return d.with_items(sorted(d.items, key=lambda item: item.prescription.order_rank))


def fit_time(d: Draft, ctx: PlanContext) -> Draft:
    """A light day (§2.4, §3.1: ≤ 25 min, ≤ 20 in band D) or a primer (§3.4: ≤ 20 min)
    loses sets from its last exercises, then whole accessories, until it fits."""
    rules = ctx.rules
    if d.primer:
        limit = rules.primer.max_minutes
    elif d.light:
        limit = rules.light_day_minutes[ctx.band]
    else:
        return d
    # §10.8: hip work and the injury minimums are cut last, whatever their place (a primer
    # too: the minimums hold in taper weeks). Each item's sets, seconds and whether it is
    # guarded are worked out once and updated as sets come off (the loop runs often); the
    # prescriptions are copied once, at the end, with the sets they kept.
    seconds = [exercise_seconds(item.prescription, rules) for item in d.items]
    if minutes_of(seconds) <= limit:
        return d  # it fits as it is: the same draft (injuries.time_cut reads that)
    items = list(d.items)
    sets = [item.prescription.sets for item in items]
    free = [not guarded(item.prescription, ctx) for item in items]
    least = rules.session_min_exercises.time

    def shaveable(k: int) -> bool:  # at the sets kept so far
        return is_shaveable(items[k].prescription, sets[k])

    while minutes_of(seconds) > limit:
        free_ks = [k for k, ok in enumerate(free) if ok]
        shave = [k for k in free_ks if shaveable(k)]
        if shave:
            k = shave[-1]
        elif free_ks and len(items) > least:
            k = free_ks[-1]
            del items[k], seconds[k], free[k], sets[k]
            continue
        elif (k2 := last_where(len(items), shaveable)) is not None:
            k = k2
        elif len(items) > least:
            del items[-1], seconds[-1], free[-1], sets[-1]
            continue
        else:
            break
        sets[k] -= 1
        seconds[k] = exercise_seconds(items[k].prescription, rules, sets[k])
    if len(items) == len(d.items) and all(
        item.prescription.sets == n for item, n in zip(items, sets, strict=True)
    ):
        return d  # it fits as it is: the same draft (injuries.time_cut reads that)
    return d.with_items(
        item
        if item.prescription.sets == n
        else make_slotted((item.prescription.model_copy(update={"sets": n}), item.role))
        for item, n in zip(items, sets, strict=True)
    )
