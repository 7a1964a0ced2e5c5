"""The arithmetic of a load decision (docs/method.md §4.2–§4.3): rounding to the
increment, the per-session change cap, load steps, the load an e1RM gives, and
`LoadDecision` itself (split out of loads.py, which re-exports them)."""

import math
from typing import Any, NamedTuple

from runstrength.enums import Category, Level, LoadUnit
from runstrength.log.context import Done
from runstrength.log.e1rm import EPLEY_DIVISOR
from runstrength.log.spec import num_text
from runstrength.rulebook import Rulebook


def round_down(value: float, increment: float) -> float:
    """`value` rounded down to a multiple of `increment` (§4.2 'rounded down')."""
    return round(math.floor(value / increment + 1e-9) * increment, 4)


def round_down_from(value: float, own: float | None, increment: float) -> float:
    """`value` rounded down onto the runner's steps: the increment grid, or, from `own`, a
    load logged in the plan's unit off that grid (the kit's 16 kg kettlebell), whole
    increments from it (§4.4: 16 → 17.5 kg is no weight the runner owns). Below the kit
    size, the nearer of its steps and the grid's: 90 % of 12 kg is 10 kg (a size as likely
    owned as 9.5), of 13.5 kg 11 kg (not 10: the loop QA run).

    >>> round_down_from(17.9, 16, 2.5), round_down_from(12.15, 13.5, 2.5)
    (16.0, 11.0)
    >>> round_down_from(10.8, 12, 2.5), round_down_from(17.9, None, 2.5)
    (10.0, 17.5)
    """
    grid = round_down(value, increment)
    if own is None or abs(own / increment - round(own / increment)) < 1e-6:
        return grid
    stepped = round(own + math.floor((value - own) / increment + 1e-9) * increment, 6)
    return stepped if stepped >= own else max(stepped, grid)


def e1rm_load(e1rm: float, reps: int, rir: int) -> float:
    """The load for `reps` at `rir` from an e1RM, not rounded: Epley inverse (§4.2)."""
    return e1rm / (1 + (reps + rir) / EPLEY_DIVISOR)


def round_up(value: float, increment: float) -> float:
    """`value` rounded up to a multiple of `increment`."""
    return round(math.ceil(value / increment - 1e-9) * increment, 4)


def fit_load(target: float, last: float, increment: float, cap: tuple[float, float]) -> float:
    """The load for next time: `target` kept inside the per-session cap around `last`, in
    whole increments from `last` (down toward the target, the cap's bound inward); `last`
    itself when no whole step fits (microloading, or the dumbbell ladder of §10.6).

    From a load on the increment grid that is the grid; from one off it (a 16 kg
    kettlebell, 12 kg dumbbells: the kit's own sizes) it is steps of the increment from
    what was lifted, never the grid's next point 0.5 or 1.5 kg away (the QA pass)."""
    lower, upper = last * (1 + cap[0]), last * (1 + cap[1])
    wanted = min(max(target, lower), upper)
    if abs(wanted - last) < 1e-9:
        return last
    if wanted > last:
        up = math.floor((wanted - last) / increment + 1e-9)
        return round(last + up * increment, 6) if up >= 1 else last
    down = math.ceil((last - wanted) / increment - 1e-9)
    if last - down * increment < lower - 1e-9:
        down = math.floor((last - lower) / increment + 1e-9)
    return round(last - down * increment, 6) if down >= 1 else last


def lightest_load(increment: float) -> float:
    """The lightest load a cut may reach: one increment (a 2.5 kg or 5 lb dumbbell, the
    smallest step the runner's kit takes). Half a step, or nothing, is no load for a loaded
    exercise: rounded down to the steps, 90 % of 2.5 kg was a 0 kg re-entry."""
    return increment


def not_below_lightest(value: float, last: float | None, increment: float) -> float:
    """`value`, a cut of `last`, kept at or above the lightest load; a `last` already at or
    under it (a 2 kg dumbbell on 2.5 kg steps) is as light as it goes, so it stays."""
    floor = lightest_load(increment)
    return max(value, floor if last is None else min(last, floor))


def cut_load(last: float, share: float, increment: float, cap: tuple[float, float]) -> float:
    """`last` cut by `share` (§4.5's −5 % and −10 %, §4.6's −10 %): whole increments from
    `last` toward the cut, inside the per-session cap as `fit_load` keeps them, and at
    least one, but never below the lightest load.

    The one step is the point: on loads under 25 kg both the −5 % and the −10 % cap are
    less than a 2.5 kg step, so the cut rounded to none and a light load missed or failed
    came back unchanged, session after session, while the ladder still raised it (the QA
    pass). As the cap yields to one step up on the dumbbell ladder (§10.6), it yields to
    one step down for a cut the rules call for.

    >>> cut_load(60, 0.05, 2.5, (-0.1, 0.1)), cut_load(20, 0.05, 2.5, (-0.1, 0.1))
    (55.0, 17.5)
    >>> cut_load(2.5, 0.05, 2.5, (-0.1, 0.1))
    2.5
    """
    if share <= 0:
        return last
    fitted = fit_load(last * (1 - share), last, increment, cap)
    steps = max(1, round((last - fitted) / increment))
    # whole steps above the lightest load: how far down a cut can go at all
    room = math.floor((last - lightest_load(increment)) / increment + 1e-9)
    if room < 1:
        return last
    return round(last - min(steps, room) * increment, 6)


def _step(increment: float, unit: LoadUnit) -> str:
    return f"{num_text(increment)} {unit.value} step"


def lightest_text(load: float, increment: float, unit: LoadUnit) -> str:
    """Why a load the rules would cut stays: it is as light as the runner's steps go."""
    steps = _step(increment, unit)
    return f"{num_text(load)} {unit.value} is already the lightest load on your {steps}s"


def cut_why(
    new: float,
    last: float,
    share: float,
    cap: tuple[float, float],
    increment: float,
    unit: LoadUnit,
    reason: str,
) -> str:
    """A cut's why: the change made (`_cut`) and the `reason`, and, when the cut is not what
    the percentage alone gives, why: the percentage (the cap's, if that binds first) is
    less than one step, so one step; or the load is the lightest already, so none.

    >>> cut_why(17.5, 20, 0.05, (-0.1, 0.1), 2.5, LoadUnit.KG, "reps missed")[:40]
    '−2.5 kg (−12 %): reps missed; −5 % of 20'
    >>> cut_why(2.5, 2.5, 0.05, (-0.1, 0.1), 2.5, LoadUnit.KG, "reps missed")
    'same load: reps missed; 2.5 kg is already the lightest load on your 2.5 kg steps'
    """
    said = f"{_cut(new, last, unit)}: {reason}"
    if new >= last - 1e-9:
        return f"{said}; {lightest_text(last, increment, unit)}"
    if fit_load(last * (1 - share), last, increment, cap) >= last - 1e-9:
        pct = round(min(share, -cap[0]) * 100)
        of = f"{num_text(last)} {unit.value}"
        return f"{said}; −{pct:g} % of {of} is less than one {_step(increment, unit)}, so one step"
    return said


def change_cap(level: Level, rules: Rulebook) -> tuple[float, float]:
    """Per-session load change limits (§7 inv. 10): [−10 %, +10 %] novice, else [−10 %, +5 %]."""
    caps = rules.load_change_cap
    return caps.novice if level is Level.NOVICE else caps.other


def load_step(category: Category, level: Level, unit: LoadUnit, rules: Rulebook) -> float:
    """The double-progression step of §4.4 for an exercise type, level and unit."""
    upper = category is Category.UPPER_ACCESSORY
    novice = level is Level.NOVICE
    if unit is LoadUnit.KG:
        s = rules.load_step
        if upper:
            return s.upper_kg if novice else s.upper_micro_kg
        return s.lower_novice_kg if novice else s.lower_kg
    lb = rules.load_step_lb
    if upper:
        return lb.upper if novice else lb.upper_micro
    return lb.lower_novice if novice else lb.lower


def load_for(e1rm: float, reps: int, rir: int, increment: float, own: float | None = None) -> float:
    """The load for `reps` at `rir` from an e1RM: Epley inverse, rounded down (§4.2) onto
    the runner's steps (`round_down_from`: from `own`, a kit size, in whole increments)."""
    return round_down_from(e1rm_load(e1rm, reps, rir), own, increment)


def _change(new: float, last: float, unit: LoadUnit) -> str:
    diff = round(new - last, 2)
    if diff == 0:
        return "same load"
    return f"{'+' if diff > 0 else '−'}{num_text(abs(diff))} {unit.value}"


def _cut(new: float, last: float, unit: LoadUnit) -> str:
    """A cut in words: `−5 kg (−8 %)`. The percentage is the change made, not the rule's:
    the rule's −5 % of 60 kg is rounded down to the lifter's load steps, so 55 kg, and
    "(−5 %)" beside −5 kg from 60 contradicted the numbers (the QA pass). No cut at all
    (a load already at the lightest step) is "same load", without "(−0 %)" (coach QA).

    >>> _cut(55.0, 60.0, LoadUnit.KG), _cut(20.0, 20.0, LoadUnit.LB)
    ('−5 kg (−8 %)', 'same load')
    """
    change = _change(new, last, unit)
    if change == "same load":
        return change
    return f"{change} (−{round((last - new) / last * 100):g} %)"


class LoadDecision(NamedTuple):
    """The load (None: "choose", with the calibration note in `why`) and why; `update`
    carries the dumbbell ladder's dose changes (reps, sets, tempo) for the prescription."""

    value: float | None
    why: str | None
    update: dict[str, Any] | None = None


def _went_badly(
    d: Done, fallback: tuple[int, int, int | None], rules: Rulebook, slack: int = 0
) -> bool:
    """Missed reps, RIR far under target, or pain: no load increase next time. `slack`
    (a deload's `rir_add`) is judged off both targets: a deload keeps the load at RIR +2,
    so at that load a runner does either two reps fewer at the deload's RIR or the same
    reps at the loading RIR, and neither went badly (§4.6)."""
    lo, _, rir = d.targets(fallback)
    lo -= slack
    delta = d.delta(rir - slack if rir is not None else None)
    return (
        d.missed(lo)
        or (delta is not None and delta <= rules.rir_rules.too_hard_delta)
        or d.pain() >= rules.pain.modify_at
    )
