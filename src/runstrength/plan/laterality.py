"""§7 invariant 5: a loading week holds both bilateral and one-leg lower-body work.

The slots usually give both (a two-leg main lift, one-leg accessories), but with no kit,
injury preferences and a short race build every lower-body slot of a week can draw a
one-leg exercise (found by the property tests). Then one accessory that no injury minimum
counts is swapped for an exercise on the missing side that its slot could hold (its own
category; a posterior-chain exercise for a one-leg or posterior slot), one the runner may
do and the week does not hold yet.
"""

from __future__ import annotations

from runstrength.enums import BILATERAL, Category, Laterality, Phase, Role
from runstrength.plan.context import PlanContext
from runstrength.plan.draft import Draft, replaced
from runstrength.plan.periodization import WeekFrame
from runstrength.plan.prescribe import prescribe
from runstrength.plan.rules import is_lower_body

LOADING = (Phase.AA, Phase.MS, Phase.PW)  # where inv. 5 asks for both sides


def with_both_sides(frame: WeekFrame, drafts: list[Draft], ctx: PlanContext) -> list[Draft]:
    """The week's drafts, with one accessory swapped when its lower-body work is all on
    one side; as they are when it is not, or when no swap keeps the rules."""
    if frame.phase not in LOADING or frame.deload:
        return drafts
    # The common case first, in one pass with no call per item: both sides, or no lower-
    # body work at all. (The rules list categories by value; a StrEnum equals its value.)
    lower_body = ctx.rules.families.lower_body_categories
    kinds = {p.laterality for d in drafts for p, _role in d.items if p.category in lower_body}
    if not kinds or (BILATERAL in kinds and len(kinds) > 1):
        return drafts
    lower = [
        (i, k, item)
        for i, d in enumerate(drafts)
        for k, item in enumerate(d.items)
        if is_lower_body(item.prescription, ctx.rules)
    ]
    sides = {item.prescription.laterality is Laterality.BILATERAL for _, _, item in lower}
    if len(sides) != 1:
        return drafts  # both sides already, or no lower-body work at all
    want_two_legs = not sides.pop()
    held = {p.id for d in drafts for p in d.exercises}
    for i, k, item in reversed(lower):  # the last accessories first: main lifts stay
        p = item.prescription
        if item.role is Role.MAIN or p.id in ctx.kept:  # kept: an injury minimum counts it
            continue
        fits = {p.category} | ({Category.POSTERIOR_CHAIN} if item.role is Role.UNI else set())
        for ex in ctx.catalog.exercises.values():
            two_legs = ex.laterality is Laterality.BILATERAL
            if ex.category not in fits or two_legs is not want_two_legs or ex.id in held:
                continue
            if ctx.chooser.allowed(ex, frame.index):
                swapped = list(drafts)
                swapped[i] = drafts[i].with_items(
                    replaced(drafts[i].items, k, prescribe(ex, item.role, frame, ctx))
                )
                return swapped
    return drafts
