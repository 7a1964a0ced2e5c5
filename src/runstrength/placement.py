"""Which weekday each session goes on: placement rules R1–R6 of §3.3 (§7 inv. 17, 19–22).

Days are counted from the plan's first day (day 0); weekdays come from the start date.
The search is exhaustive over at most 7·6·5 assignments, so it is exact and deterministic.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass

from runstrength.enums import Weekday


@dataclass(frozen=True)
class SessionNeeds:
    """What matters about a session for placing it."""

    hlb: bool
    plyo: bool  # more than the low primer dose of contacts
    light: bool


@dataclass(frozen=True)
class WeekContext:
    """The runner's week and what was already placed before this week."""

    first_day: int  # plan day index of this week's first day
    first_weekday: int  # weekday number (Mon = 0) of plan day 0
    hard_days: frozenset[int]  # weekday numbers of intervals / tempo / race days
    long_run_day: int | None
    last_hlb_day: int | None  # plan day index of the most recent HLB session
    last_plyo_day: int | None
    blocked_from: int | None = None  # plan day from which nothing may be placed (race)


DEFAULT_DAYS = {1: (0,), 2: (0, 3), 3: (0, 2, 4)}  # Mon; Mon/Thu; Mon/Wed/Fri
INFEASIBLE = 1000


def weekday_of(day: int, ctx: WeekContext) -> int:
    """Weekday number of a plan day index."""
    return (ctx.first_weekday + day) % 7


def _key_days(ctx: WeekContext) -> frozenset[int]:
    keys = set(ctx.hard_days)
    if ctx.long_run_day is not None:
        keys.add(ctx.long_run_day)
    return frozenset(keys)


def _score(days: tuple[int, ...], needs: list[SessionNeeds], ctx: WeekContext) -> int:
    keys = _key_days(ctx)
    score = 0
    hlb_days = [d for d, n in zip(days, needs, strict=True) if n.hlb]
    plyo_days = [d for d, n in zip(days, needs, strict=True) if n.plyo]
    if ctx.last_hlb_day is not None:
        hlb_days_all = [ctx.last_hlb_day, *hlb_days]
    else:
        hlb_days_all = hlb_days
    plyo_days_all = [ctx.last_plyo_day, *plyo_days] if ctx.last_plyo_day is not None else plyo_days
    # R3 / inv. 17, 19: 48 h between HLB sessions and between plyometric sessions.
    for group in (hlb_days_all, plyo_days_all):
        ordered = sorted(group)
        score += INFEASIBLE * sum(1 for a, b in itertools.pairwise(ordered) if b - a < 2)
    for day, need in zip(days, needs, strict=True):
        wd = weekday_of(day, ctx)
        tomorrow = (wd + 1) % 7
        if ctx.blocked_from is not None and day >= ctx.blocked_from:
            score += INFEASIBLE
        if ctx.long_run_day is not None and wd == ctx.long_run_day:
            score += INFEASIBLE  # R4: no strength on long-run day
        if need.hlb:
            if tomorrow in keys:
                score += INFEASIBLE  # inv. 20: never within 24 h before a key run
            if (wd + 2) % 7 in keys:
                score += 3  # R2: prefer 48 h before the next key run
            if ctx.hard_days and wd not in ctx.hard_days:
                score += 10  # R1 / inv. 22: heavy days on hard-run days
            if ctx.long_run_day is not None and wd == (ctx.long_run_day + 1) % 7:
                score += 5  # R4: avoid HLB the day after the long run
        elif need.light:
            if tomorrow in keys:
                score += INFEASIBLE  # R6: a light day is never the day before a key run
            if wd in ctx.hard_days:
                score += 2  # R6: light days go on easy days
        elif tomorrow in keys and need.plyo:
            score += 2
    default = DEFAULT_DAYS.get(len(days), ())
    score += sum(0 if weekday_of(d, ctx) in default else 1 for d in days)
    return score


def place_week(needs: list[SessionNeeds], ctx: WeekContext) -> tuple[list[int], bool]:
    """Plan day indices for the sessions (in the given order) and whether all rules held."""
    week_days = range(ctx.first_day, ctx.first_day + 7)
    best: tuple[int, tuple[int, ...]] | None = None
    for combo in itertools.permutations(week_days, len(needs)):
        # Keep template order in time (A before B before C) unless rules need otherwise.
        order_penalty = sum(1 for a, b in itertools.pairwise(combo) if b < a)
        score = _score(combo, needs, ctx) * 4 + order_penalty
        if best is None or (score, combo) < best:
            best = (score, combo)
    assert best is not None
    return list(best[1]), _score(best[1], needs, ctx) < INFEASIBLE


def weekday_enum(number: int) -> Weekday:
    """Weekday enum of a weekday number (Mon = 0)."""
    return list(Weekday)[number]
