"""Which weekday each session goes on: placement rules R1–R6 of §3.3 (§7 inv. 17, 19–22).

Days are counted from the plan's first day (day 0); weekdays come from the start date.
The search is exhaustive over at most 7·6·5 assignments, so it is exact and deterministic.
"""

from __future__ import annotations

import itertools
import operator
from functools import lru_cache
from typing import NamedTuple

from runstrength.enums import Weekday


# NamedTuple, not a dataclass: cheaper to make at start-up (docs/architecture.md)
class SessionNeeds(NamedTuple):
    """What matters about a session for placing it."""

    hlb: bool
    plyo: bool  # more than the low primer dose of contacts
    light: bool


class WeekContext(NamedTuple):
    """The runner's week and what was already placed before this week."""

    first_day: int  # plan day index of this week's first day
    first_weekday: int  # weekday number (Mon = 0) of plan day 0
    hard_days: frozenset[int]  # weekday numbers of intervals / tempo / race days
    long_run_day: int | None
    last_hlb_day: int | None  # plan day index of the most recent HLB session
    last_plyo_day: int | None
    blocked_from: int | None = None  # plan day from which nothing may be placed (race)
    primer_from: int | None = None  # plan day the race's primer window starts: avoided
    rest_from: int | None = None  # plan day from which two sessions in a row cost (race)
    last_day: int | None = None  # plan day index of the most recent session of any kind
    open_from: int | None = None  # plan day before which nothing may be placed (taper)
    # rules.yaml min_gap_h in whole days (sessions are placed on days, not hours)
    hlb_gap: int = 2  # between two HLB sessions
    plyo_gap: int = 2  # between two plyometric sessions
    key_run_hard: int = 1  # HLB never this close before a key run
    key_run_pref: int = 2  # and preferably not this close


DEFAULT_DAYS = {1: (0,), 2: (0, 3), 3: (0, 2, 4)}  # Mon; Mon/Thu; Mon/Wed/Fri
INFEASIBLE = 1000
# The most the preferences of `_day_cost` add to one session's day: R2 (3), R4 (5) and a
# day off the usual ones (1) for a heavy session; any other session's add less.
ONE_DAY_PREFERENCES = 9
# §3.4, the race's last days (rules.yaml `race_rest_days`): two sessions on consecutive
# days cost more than any day's preferences, so a day between them wins whenever the
# other rules leave one (the coach QA run: a heavy Thursday, then a primer on Friday).
RACE_REST_DAY = ONE_DAY_PREFERENCES + 1
# R1 / inv. 22: a heavy session goes on a free hard-run day whatever its day's other
# preferences and race rest days (one on each side of it) cost there.
HEAVY_OFF_HARD_DAY = ONE_DAY_PREFERENCES + 2 * RACE_REST_DAY + 1
# §3.4: a session inside the race's primer window is dropped or cut to a primer, so any
# earlier day of the week that the hard rules allow is better (a short build keeps it):
# more than every preference of a week of 3 sessions and its race rest days together.
PRIMER_WINDOW = 3 * (HEAVY_OFF_HARD_DAY + ONE_DAY_PREFERENCES + RACE_REST_DAY) + 1


def weekday_of(day: int, ctx: WeekContext) -> int:
    """Weekday number of a plan day index."""
    return (ctx.first_weekday + day) % 7


def _key_days(ctx: WeekContext) -> frozenset[int]:
    keys = set(ctx.hard_days)
    if ctx.long_run_day is not None:
        keys.add(ctx.long_run_day)
    return frozenset(keys)


def _spacing_cost(
    days: tuple[int, ...], rules: tuple[tuple[tuple[int, ...], int | None, int], ...]
) -> int:
    """R3 / inv. 17, 19: 48 h between HLB sessions and between plyometric sessions.
    `rules`: per spacing rule, the sessions it concerns (by index), the last such day
    before this week and the gap (`_spacing_rules`)."""
    cost = 0
    for marked, last, gap in rules:
        group = sorted([days[i] for i in marked])
        if last is not None:
            group.insert(0, last)
        for a, b in itertools.pairwise(group):
            if b - a < gap:
                cost += INFEASIBLE
    return cost


def _rest_cost(days: tuple[int, ...], ctx: WeekContext) -> int:
    """§3.4 race rest days: what sessions on consecutive days cost from `ctx.rest_from` on
    (the last session before this week counted), `RACE_REST_DAY` a pair."""
    rest_from = ctx.rest_from
    if rest_from is None:
        return 0
    placed = sorted(days) if ctx.last_day is None else [ctx.last_day, *sorted(days)]
    # the later session in the window: the first one of the race's last days keeps a day
    # after the one before too (a taper opening on day −14 had its second on day −13)
    pairs = sum(b - a == 1 and b >= rest_from for a, b in itertools.pairwise(placed))
    return pairs * RACE_REST_DAY


def _spacing_rules(
    needs: tuple[SessionNeeds, ...], ctx: WeekContext
) -> tuple[tuple[tuple[int, ...], int | None, int], ...]:
    """The spacing rules of `_spacing_cost` that can cost anything in this week: those
    with two or more sessions to keep apart (counting the last one before the week)."""
    out = []
    for flags, last, gap in (
        ([n.hlb for n in needs], ctx.last_hlb_day, ctx.hlb_gap),
        ([n.plyo for n in needs], ctx.last_plyo_day, ctx.plyo_gap),
    ):
        marked = tuple(i for i, flag in enumerate(flags) if flag)
        if len(marked) + (last is not None) >= 2:
            out.append((marked, last, gap))
    return tuple(out)


def _day_cost(
    day: int, need: SessionNeeds, ctx: WeekContext, sessions: int, keys: frozenset[int]
) -> int:
    """What putting one session on one day costs, on its own (R1, R2, R4–R6, inv. 20–22).
    `keys`: the key run days (`_key_days`)."""
    return _window_cost(day, ctx) + _weekday_cost(weekday_of(day, ctx), need, ctx, sessions, keys)


def _window_cost(day: int, ctx: WeekContext) -> int:
    """What a day costs for the race's and the taper's windows, whatever the session."""
    cost = 0
    if ctx.blocked_from is not None and day >= ctx.blocked_from:
        cost += INFEASIBLE
    if ctx.open_from is not None and day < ctx.open_from:
        cost += INFEASIBLE  # a taper week's days before day −14 (`taper_days`)
    if ctx.primer_from is not None and day >= ctx.primer_from:
        cost += PRIMER_WINDOW
    return cost


def _weekday_cost(
    wd: int, need: SessionNeeds, ctx: WeekContext, sessions: int, keys: frozenset[int]
) -> int:
    """What putting one session on a weekday costs, on its own: `_day_cost` but for the
    windows. It reads of `ctx` only the runner's week (`_weekday_row`'s key)."""
    tomorrow = (wd + 1) % 7
    cost = 0 if wd in DEFAULT_DAYS.get(sessions, ()) else 1
    if ctx.long_run_day is not None and wd == ctx.long_run_day:
        cost += INFEASIBLE  # R4: no strength on long-run day
    if need.hlb:
        ahead = [(wd + k) % 7 in keys for k in range(1, ctx.key_run_pref + 1)]
        if any(ahead[: ctx.key_run_hard]):
            cost += INFEASIBLE  # inv. 20: never within 24 h before a key run
        elif any(ahead):
            cost += 3  # R2: prefer 48 h before the next key run
        if ctx.hard_days and wd not in ctx.hard_days:
            cost += HEAVY_OFF_HARD_DAY  # R1 / inv. 22: heavy days on hard-run days
        if ctx.long_run_day is not None and wd == (ctx.long_run_day + 1) % 7:
            cost += 5  # R4: avoid HLB the day after the long run
    elif need.light:
        if tomorrow in keys:
            cost += INFEASIBLE  # R6: a light day is never the day before a key run
        if wd in ctx.hard_days:
            cost += 2  # R6: light days go on easy days
    else:
        if tomorrow in keys and need.plyo:
            cost += 2
        if ctx.hard_days and wd not in ctx.hard_days:
            # R1 "hard days hard, easy days easy" for every full session, heavy or not: a
            # deload week's sessions (no longer heavy) used to move to Mon/Thu, off the
            # runner's usual strength days (coach review K9).
            cost += 2
    return cost


Row = tuple[tuple[int, ...], tuple[int, ...]]  # a week's day costs, and its days cheapest first


@lru_cache(maxsize=1024)
def _weekday_row(
    need: SessionNeeds,
    sessions: int,
    first_weekday: int,
    hard_days: frozenset[int],
    long_run_day: int | None,
    key_run_hard: int,
    key_run_pref: int,
) -> Row:
    """`_weekday_cost` of a session on each day of a week starting on `first_weekday`,
    and those days cheapest first. Every week of a plan asks the same (a roster's runners
    alike too), and most searches (each a new one) need no more of a day than this."""
    week = WeekContext(0, first_weekday, hard_days, long_run_day, None, None)
    week = week._replace(key_run_hard=key_run_hard, key_run_pref=key_run_pref)
    keys = _key_days(week)
    row = tuple(
        _weekday_cost((first_weekday + k) % 7, need, week, sessions, keys) for k in range(7)
    )
    return row, tuple(sorted(range(7), key=row.__getitem__))


def place_week(needs: list[SessionNeeds], ctx: WeekContext) -> tuple[list[int], bool]:
    """Plan day indices for the sessions (in the given order) and whether all rules held."""
    # Most weeks of a plan look alike once days are counted from the week's first day, so
    # the search runs on that relative form and is cached.
    base = ctx.first_day
    relative = WeekContext(  # made whole (_replace costs several times more), in field order
        0,  # first_day
        (ctx.first_weekday + base) % 7,
        ctx.hard_days,
        ctx.long_run_day,
        _since(ctx.last_hlb_day, base),
        _since(ctx.last_plyo_day, base),
        _within(ctx.blocked_from, base),
        _within(ctx.primer_from, base),
        _window_start(ctx.rest_from, base),
        _since(ctx.last_day, base),
        None if ctx.open_from is None else ctx.open_from - base,
        ctx.hlb_gap,
        ctx.plyo_gap,
        ctx.key_run_hard,
        ctx.key_run_pref,
    )
    days, ok = _place_relative(tuple(needs), relative)
    return [d + base for d in days], ok


def _since(day: int | None, base: int) -> int | None:
    """A past session's plan day counted from the week's first day. Two or more days
    before this week starts, it cannot clash with anything in it: forgetting it lets more
    weeks share one cached answer."""
    return None if day is None or day - base <= -2 else day - base


def _within(day: int | None, base: int) -> int | None:
    """A plan day counted from the week's first day, or None when it is a week or more
    away (it cannot touch this week, and forgetting it lets more weeks share a search)."""
    return None if day is None or day - base >= 7 else day - base


def _window_start(day: int | None, base: int) -> int | None:
    """`_within`, for a window that lasts to the race: one that began before this week
    starts on the day before it at the latest (all a pair may reach: the last session
    before the week, day −1, and the first in it)."""
    start = _within(day, base)
    return None if start is None else max(start, -1)


@lru_cache(maxsize=512)
def _place_relative(
    needs: tuple[SessionNeeds, ...], ctx: WeekContext
) -> tuple[tuple[int, ...], bool]:
    """The assignment of least (score, days): score = 4 × rule cost + order penalty.

    Exact, as an exhaustive search is: it only leaves out what cannot win. The spacing
    and rest costs and the order penalty are never negative, so a partial assignment
    whose single-day costs alone already score above the best so far cannot lead to a
    better one. Each session tries its days cheapest first, so a good assignment is found
    at once and the rest is soon cut off (a cold start-up places ~5 weeks; each week of a
    roster's plans is a new search). The least (score, days) does not depend on the order
    the assignments are looked at in.
    """
    search = _Search(needs, ctx)
    search.visit((), 0)
    assert search.best is not None
    return search.best[1], search.best_rules < INFEASIBLE


class _Search:
    """One week's search (`_place_relative`). A class, not a recursive closure: a closure
    that calls itself holds itself, so every search would be left to the cyclic collector
    as garbage (with its lists and tuples) instead of being freed as it ends."""

    __slots__ = ("best", "best_rules", "ctx", "first", "n", "orders", "spacing", "unary")

    def __init__(self, needs: tuple[SessionNeeds, ...], ctx: WeekContext) -> None:
        self.ctx = ctx
        self.first = first = ctx.first_day
        self.n = n = len(needs)
        # unary[i][k]: session i alone on the week's k-th day; orders[i]: its days,
        # cheapest first. Sessions alike cost alike: each kind is worked out once, and
        # what its weekdays cost once for every week alike (`_weekday_row`).
        week = ((ctx.first_weekday + first) % 7, ctx.hard_days, ctx.long_run_day)
        gaps = (ctx.key_run_hard, ctx.key_run_pref)
        windows = (ctx.blocked_from, ctx.open_from, ctx.primer_from) != (None, None, None)
        rows: dict[SessionNeeds, Row] = {}
        for need in needs:
            if need not in rows:
                row, order = _weekday_row(need, n, *week, *gaps)
                if windows:  # a race's or taper's week: its days' windows too
                    row = tuple([c + _window_cost(first + k, ctx) for k, c in enumerate(row)])
                    order = tuple(sorted(range(7), key=row.__getitem__))
                rows[need] = row, order
        self.unary = [rows[need][0] for need in needs]
        self.orders = [rows[need][1] for need in needs]
        self.spacing = _spacing_rules(needs, ctx)
        self.best: tuple[int, tuple[int, ...]] | None = None
        self.best_rules = 0

    def visit(self, offsets: tuple[int, ...], alone: int) -> None:
        i = len(offsets)
        if i == self.n:
            first, spacing, ctx = self.first, self.spacing, self.ctx
            combo = tuple(first + k for k in offsets) if first else offsets
            rules = alone + _spacing_cost(combo, spacing) if spacing else alone
            if ctx.rest_from is not None:
                rules += _rest_cost(combo, ctx)
            # Keep template order in time (A before B before C) unless the rules need
            # otherwise.
            order_penalty = sum(map(operator.gt, combo, combo[1:]))  # pairs out of order
            score = rules * 4 + order_penalty
            best = self.best
            if best is None or (score, combo) < best:
                self.best, self.best_rules = (score, combo), rules
            return
        row = self.unary[i]
        for k in self.orders[i]:
            cost = alone + row[k]
            best = self.best
            if best is not None and cost * 4 > best[0]:
                break  # this day and every later one (dearer) cannot win
            if k not in offsets:
                self.visit((*offsets, k), cost)


def weekday_enum(number: int) -> Weekday:
    """Weekday enum of a weekday number (Mon = 0)."""
    return _WEEKDAYS[number]


_WEEKDAYS = tuple(Weekday)
