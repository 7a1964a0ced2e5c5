"""Volume rules over a week's drafts or the finished weeks: deload (§4.6), growth clamps
(§7 inv. 13) and the taper's set budget (§3.4, §7 inv. 25)."""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable
from functools import partial

from runstrength.enums import Role, TrimMode
from runstrength.models import Prescription, Session, Week
from runstrength.plan.context import PlanContext, same_items
from runstrength.plan.draft import (
    Draft,
    Slotted,
    is_shaveable,
    last_where,
    replaced,
    shaved,
)
from runstrength.plan.injuries import counts_for_any, given_back
from runstrength.plan.rules import in_family, is_hard_set, is_main_lift, scale_sets
from runstrength.plan.rules import total_sets as session_sets
from runstrength.plan.warmup import calibration_of
from runstrength.rulebook import Family, Rulebook

Exercises = tuple[Prescription, ...]
Keep = Callable[[Prescription], bool]  # work a cut takes last (§10.8 injury minimums)
# (clamped, drafts) -> the clamped drafts with the minimums' held-back sets given back
Refill = Callable[[list[Draft], list[Draft]], list[Draft]]


def draft_sets(drafts: list[Draft]) -> int:
    """Every set of every draft."""
    return sum(p.sets for d in drafts for p in d.exercises)


def _last_in(drafts: list[Draft], keep: Callable[[Draft, int], bool]) -> tuple[int, int] | None:
    """(draft, item) of the last item for which `keep` holds: last session, last exercise."""
    for di in range(len(drafts) - 1, -1, -1):
        d = drafts[di]
        pi = last_where(len(d.items), partial(keep, d))
        if pi is not None:
            return di, pi
    return None


def _victim(
    drafts: list[Draft],
    mode: TrimMode,
    keep: Keep | None,
    least: int,
    droppable: tuple[Role, ...],
) -> tuple[int, int] | None:
    """(draft, item) of the last item a trim in `mode` may cut, `keep`'s left alone: last
    session, last exercise. SHAVE: more than one set, not dosed in contacts; DROP: an
    exercise in a `droppable` role, of a session holding more than `least` exercises.
    (Plain loops: a deload week's trim asks once for every set it takes off.)"""
    shave = mode is TrimMode.SHAVE
    for di in range(len(drafts) - 1, -1, -1):
        items = drafts[di].items
        if not shave and len(items) <= least:
            continue
        for k in range(len(items) - 1, -1, -1):
            item = items[k]
            p = item.prescription
            if keep is not None and keep(p):
                continue
            if (p.sets > 1 and p.contacts is None) if shave else item.role in droppable:
                return di, k
    return None


_DROPPABLE = (Role.ACC, Role.CALF)
# §10.8 before §4.6: the minimums hold in deload weeks too, so a deload leaves out a jump
# or a one-leg lift before it takes a set the minimums count (the coach QA run: a calf set)
_BEFORE_KEPT = (*_DROPPABLE, Role.PLYO, Role.UNI)


def _cut(d: Draft, k: int, mode: TrimMode) -> Draft:
    if mode is TrimMode.SHAVE:
        return d.with_items(replaced(d.items, k, shaved(d.items[k].prescription)))
    return d.with_items(d.items[:k] + d.items[k + 1 :])


def trim(
    drafts: list[Draft], budget: int, rules: Rulebook, keep: Keep | None = None
) -> list[Draft]:
    """Until the week's sets fit the budget: first shave multi-set exercises, then drop
    whole accessories, last sessions and last exercises first. What `keep` holds (the
    injury minimums, §10.8) is cut only when nothing else is left to cut: not before the
    jumps and one-leg lifts are left out too."""
    drafts = list(drafts)
    passes = [
        (TrimMode.SHAVE, keep, ()),
        (TrimMode.DROP, keep, _DROPPABLE),
        (TrimMode.DROP, keep, _BEFORE_KEPT),
        (TrimMode.SHAVE, None, ()),
        (TrimMode.DROP, None, _DROPPABLE),
    ]
    least = rules.session_min_exercises.volume
    total = draft_sets(drafts)  # kept up to date as sets come off
    while total > budget:
        for mode, kept, droppable in passes:
            victim = _victim(drafts, mode, kept, least, droppable)
            if victim is not None:
                di, pi = victim
                d = drafts[di]
                p = d.items[pi].prescription
                if mode is TrimMode.SHAVE:
                    # the victim stays the last one shaveable until it is down to one set
                    # or the budget is met: its sets come off at once
                    n = min(total - budget, p.sets - 1)
                    items = replaced(d.items, pi, p.model_copy(update={"sets": p.sets - n}))
                    drafts[di] = d.with_items(items)
                    total -= n
                else:
                    drafts[di] = _cut(d, pi, mode)
                    total -= p.sets
                break
        else:
            break
    return drafts


def deload(
    drafts: list[Draft],
    prev: Week,
    rules: Rulebook,
    keep: Keep | None = None,
    refill: Callable[[list[Draft]], list[Draft]] | None = None,
) -> list[Draft]:
    """§4.6: sets ×0.6 (never above 60 % of last week in total), RIR +2. `refill` gives the
    injury minimums back the sets they need after the cut (§10.8: they hold in deload
    weeks too), and the trim to the budget takes what `keep` holds (their work) last.
    Only what a minimum needs comes back: a hamstring history's heavy RDL was kept at all
    its sets (the coach re-check)."""
    d_rules = rules.deload
    # RIR +2 on the week before's (the coach re-check: +2 on this week's own, which the
    # block had tightened, was +1 against last week)
    last = {p.id: p.target_rir for s in prev.sessions for p in s.exercises}

    def lighter(p: Prescription) -> Prescription:
        update: dict[str, object] = {}
        if p.contacts is None:  # the minimums' work too: `refill` gives back what they need
            update["sets"] = scale_sets(p.sets, d_rules.sets_factor)
        if p.target_rir is not None:
            before = last.get(p.id)
            base = p.target_rir if before is None else max(p.target_rir, before)
            update["target_rir"] = rir = base + d_rules.rir_add
            # said again in this copy, not in another one when the plan is finished
            update["calibration"] = calibration_of(p.load, rir)
        return p.model_copy(update=update)

    out = [d.map(lambda item: lighter(item.prescription)) for d in drafts]
    if refill is not None:
        out = refill(out)
    budget = math.floor(session_sets(prev.sessions) * d_rules.sets_factor)
    return trim(out, budget, rules, keep)


def clamp_growth(
    drafts: list[Draft],
    prev: Week,
    rules: Rulebook,
    keep: Keep | None = None,
    refill: Refill | None = None,
) -> list[Draft]:
    """§7 inv. 13: sets per exercise +1 at most, hard sets per pattern +2 at most a week,
    and (inv. 49) a session's sets +`sets_per_session` at most, against the previous
    loading week. What `keep` holds (the work of the injury minimums, §10.8) grows as its
    minimum needs: a pattern's limit shaves it last, and `refill` gives a minimum the drafts
    met back the sets the limits held from it (§10.8 wins over §7: the coach QA found PF a
    set short at day −11 when the taper's one calf raise had had 1 set the week before)."""
    most = rules.growth_max
    prev_sets = {(s.label, p.id): p.sets for s in prev.sessions for p in s.exercises}

    out = [_capped(d, prev_sets, most.sets_per_exercise) for d in drafts]
    before = _hard_by_pattern([p for s in prev.sessions for p in s.exercises], rules)
    now = _hard_by_pattern([p for d in out for p, _role in d.items], rules)
    # only a pattern with hard sets now can have grown too much
    grown = sorted(k for k, n in now.items() if n > before.get(k, 0) + most.hard_sets_per_pattern)
    for pattern in grown:
        family = Family(patterns=(pattern,))
        while now[pattern] > before.get(pattern, 0) + most.hard_sets_per_pattern:
            victim = _last_in(out, partial(_hard_multi, family=family, rules=rules, keep=keep))
            victim = victim or _last_in(out, partial(_hard_multi, family=family, rules=rules))
            if victim is None:
                break
            di, pi = victim
            out[di] = _cut(out[di], pi, TrimMode.SHAVE)
            now[pattern] -= 1
    out = [_staggered(d, prev_sets, most.sets_per_session, keep) for d in out]
    return out if refill is None else refill(out, drafts)


def _capped(d: Draft, before: dict[tuple[str, str], int], most: int) -> Draft:
    """Inv. 13: no exercise more than `most` sets above the week before's (jumps aside);
    the draft itself when none is (most weeks: one loop, no call per exercise)."""
    label = d.label
    for p, _role in d.items:
        was = before.get((label, p.id))
        if was is not None and p.sets > was + most and p.contacts is None:
            break
    else:
        return d

    def cap(item: Slotted) -> Prescription:
        p = item.prescription
        was = before.get((label, p.id))
        if was is not None and p.contacts is None and p.sets > was + most:
            return p.model_copy(update={"sets": was + most})
        return p

    return d.map(cap)


def _staggered(d: Draft, before: dict[tuple[str, str], int], most: int, keep: Keep | None) -> Draft:
    """Inv. 49 (coach review K6): when every exercise of a session gains a set in the same
    week, the session grew by 40 % at once (28 → 40 min). Its new sets beyond `most` wait
    a week: accessories first, then main lifts, the last exercises first. Jumps (dosed in
    contacts) and the injury minimums' work (`keep`, §10.8) grow as they must."""
    label = d.label
    grown = [  # the sets first: most exercises did not grow, and `keep` is a call
        k
        for k, (p, _role) in enumerate(d.items)
        if p.sets > before.get((label, p.id), p.sets)
        and p.contacts is None
        and not (keep is not None and keep(p))
    ]
    if not grown and most >= 0:
        return d  # most sessions: nothing grew
    added = {k: d.items[k].prescription.sets - before[(d.label, d.items[k].prescription.id)]
             for k in grown}  # fmt: skip
    extra = sum(added.values()) - most
    if extra <= 0:
        return d
    items = list(d.items)
    order = [k for k in reversed(grown) if not is_main_lift(items[k].prescription)]
    order += [k for k in reversed(grown) if is_main_lift(items[k].prescription)]
    for k in order:
        if extra <= 0:
            break
        p = items[k].prescription
        held = min(added[k], extra)
        extra -= held
        items[k] = Slotted(p.model_copy(update={"sets": p.sets - held}), items[k].role)
    return d.with_items(items)


def _hard_by_pattern(exercises: Iterable[Prescription], rules: Rulebook) -> dict[str, int]:
    """Hard sets (`is_hard_set`) per movement pattern (a pattern with none: absent)."""
    counts: dict[str, int] = {}  # not a Counter: its missing keys cost a Python call
    most = rules.hard_set_max_rir
    for p in exercises:
        rir = p.target_rir  # `is_hard_set`, inlined: this runs twice a week, twice a plan
        if rir is not None and rir <= most:
            counts[p.pattern] = counts.get(p.pattern, 0) + p.sets
    return counts


def _hard_multi(
    d: Draft, k: int, *, family: Family, rules: Rulebook, keep: Keep | None = None
) -> bool:
    """Whether the k-th exercise of d is a hard multi-set one of the family (and not what
    `keep` holds)."""
    p = d.items[k].prescription
    if keep is not None and keep(p):
        return False
    return in_family(p, family) and p.sets > 1 and is_hard_set(p, rules)


# ----------------------------------------------------------------------- taper volume


def _taper_cut(
    ex: Exercises, mode: TrimMode, core: Family, least: int, keep: Keep
) -> Exercises | None:
    """One set (SHAVE) or one optional exercise (DROP) less, from the end, leaving what
    `keep` holds alone; None: nothing."""
    if mode is TrimMode.SHAVE:
        k = last_where(len(ex), lambda k: is_shaveable(ex[k]) and not keep(ex[k]))
        return None if k is None else (*ex[:k], shaved(ex[k]), *ex[k + 1 :])
    k = last_where(
        len(ex),
        lambda k: (
            not is_main_lift(ex[k])
            and not in_family(ex[k], core)
            and not keep(ex[k])
            and len(ex) > least
        ),
    )
    return None if k is None else ex[:k] + ex[k + 1 :]


def taper_volume(
    weeks: list[Week], race: int, ctx: PlanContext, planned: list[Week] | None = None
) -> tuple[list[Week], tuple[str, ...]]:
    """Last-14-day sets ≤ 60 % of the pre-taper weekly average (§3.4, §7 inv. 25): shave
    sets, then optional exercises, then whole sessions, latest first. `planned`: the weeks
    as the week loop made them (`regrown`)."""
    rules = ctx.rules
    race_date = ctx.profile.race_date
    assert race_date is not None
    window = rules.taper_window_days
    # Pre-taper weeks: those that end before the window opens, by the calendar.
    pre = [w for w in weeks if 7 * w.index - 1 < race - window + 1]
    if not pre:
        return _regrown(weeks, ctx, planned), ()
    budget = math.floor(
        sum(session_sets(w.sessions) for w in pre) / len(pre) * rules.taper_sets_ratio
    )
    late = [
        (wi, si)
        for wi, w in enumerate(weeks)
        for si, s in enumerate(w.sessions)
        if s.date is not None and (race_date - s.date).days < window
    ]
    lists: dict[tuple[int, int], Exercises] = {
        key: tuple(weeks[key[0]].sessions[key[1]].exercises) for key in late
    }

    def total() -> int:
        return sum(p.sets for ex in lists.values() for p in ex)

    core, least = rules.families.core, rules.session_min_exercises.volume
    # §10.8: the injury minimums hold in taper weeks: their work is cut last.
    minimum = partial(counts_for_any, ctx=ctx)
    for keep in (minimum, _nothing):
        for mode in TrimMode:
            for key in reversed(late):
                while (
                    total() > budget
                    and (cut := _taper_cut(lists[key], mode, core, least, keep)) is not None
                ):
                    lists[key] = cut
    # Still too much: drop whole sessions, keeping heavy sessions on hard-run days (R1)
    # longest, then the earliest first.
    for key in sorted(late, key=lambda k: (_on_hard_day(weeks[k[0]].sessions[k[1]], ctx), k)):
        if total() <= budget:
            break
        lists[key] = ()
    warnings: tuple[str, ...] = ()
    if total() > budget:
        warnings = (
            "the last 14 days before the race hold more strength sets than the taper "
            "rule allows; drop the optional exercises",
        )
    out = [_with_exercises(wi, w, lists) for wi, w in enumerate(weeks)]
    return _regrown(out, ctx, planned), warnings


def _regrown(weeks: list[Week], ctx: PlanContext, planned: list[Week] | None) -> list[Week]:
    """`regrown` with the runner's injury minimums kept and given back (§10.8)."""
    keep = partial(counts_for_any, ctx=ctx)
    return regrown(weeks, ctx.rules, planned, keep, partial(given_back, ctx=ctx))


def regrown(
    weeks: list[Week],
    rules: Rulebook,
    planned: list[Week] | None = None,
    keep: Keep | None = None,
    refill: Refill | None = None,
) -> list[Week]:
    """The growth clamps (§7 inv. 13) again over finished weeks: the race rules may have
    emptied the week a later one was clamped against, and the injury minimums (§10.8)
    top up taper weeks too. `keep` and `refill` as in `clamp_growth`.

    A week still as the week loop made it (`planned`, the same object at its place), whose
    previous loading week is too, is passed over: the loop clamped it against that very
    week and afterwards only took work away (fewer days, eased RIR, dropped jumps), so the
    clamps would find nothing to change (most weeks lie far from the race)."""
    out: list[Week] = []
    prev: Week | None = None
    prev_i = 0
    for i, w in enumerate(weeks):
        as_planned = planned is not None and w is planned[i] and prev is planned[prev_i]
        if prev is not None and not w.deload and not as_planned:
            # with the sessions' flags: `refill` gives a minimum's sets back to the full
            # sessions before a primer or a light day (`injuries._give_back`)
            drafts = [
                Draft(s.label, tuple(Slotted(p, Role.ACC) for p in s.exercises), s.light, s.primer)
                for s in w.sessions
            ]
            clamped = clamp_growth(drafts, prev, rules, keep, refill)
            if any(c is not d for c, d in zip(clamped, drafts, strict=True)):  # else as it was
                sessions = [
                    s.model_copy(update={"exercises": list(d.exercises)})
                    for s, d in zip(w.sessions, clamped, strict=True)
                ]
                w = w.model_copy(update={"sessions": sessions})
        out.append(w)
        if not w.deload:
            prev, prev_i = w, i
    return out


def _nothing(p: Prescription) -> bool:
    return False


def _on_hard_day(s: Session, ctx: PlanContext) -> bool:
    return s.heavy_lower_body and s.weekday in ctx.profile.hard_days


def _with_exercises(wi: int, w: Week, lists: dict[tuple[int, int], Exercises]) -> Week:
    """A week with its late sessions' exercises replaced; an emptied session goes."""
    sessions: list[Session] = []
    for si, s in enumerate(w.sessions):
        exercises = list(lists.get((wi, si), s.exercises))
        if s.index == len(sessions) + 1 and same_items(exercises, s.exercises):
            sessions.append(s)  # most sessions are not in the last 14 days: as they were
        elif exercises:
            sessions.append(
                s.model_copy(update={"exercises": exercises, "index": len(sessions) + 1})
            )
    return w if same_items(sessions, w.sessions) else w.model_copy(update={"sessions": sessions})
