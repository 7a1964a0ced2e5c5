"""The placement search's memo of day costs (`placement._weekday_row`) against the plain
`_day_cost` of every day: the memo's key must name everything a day's cost reads."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from runstrength.plan.placement import SessionNeeds, WeekContext, _day_cost, _key_days, _Search

_needs = st.builds(SessionNeeds, hlb=st.booleans(), plyo=st.booleans(), light=st.booleans())
_window = st.none() | st.integers(min_value=-1, max_value=8)


@settings(max_examples=300, deadline=None)
@given(
    needs=st.lists(_needs, min_size=1, max_size=3),
    first_day=st.sampled_from([0, 7, 21]),
    first_weekday=st.integers(0, 6),
    hard=st.frozensets(st.integers(0, 6), max_size=4),
    long_run=st.none() | st.integers(0, 6),
    blocked=_window,
    primer=_window,
    open_from=_window,
    key_run_hard=st.integers(0, 2),
    key_run_pref=st.integers(1, 3),
)
def test_a_searchs_day_costs_are_each_days_own(
    needs: list[SessionNeeds],
    first_day: int,
    first_weekday: int,
    hard: frozenset[int],
    long_run: int | None,
    blocked: int | None,
    primer: int | None,
    open_from: int | None,
    key_run_hard: int,
    key_run_pref: int,
) -> None:
    def moved(day: int | None) -> int | None:
        return None if day is None else day + first_day

    ctx = WeekContext(
        first_day,
        first_weekday,
        hard,
        long_run,
        None,
        None,
        blocked_from=moved(blocked),
        primer_from=moved(primer),
        open_from=moved(open_from),
        key_run_hard=key_run_hard,
        key_run_pref=key_run_pref,
    )
    search = _Search(tuple(needs), ctx)
    keys = _key_days(ctx)
    for need, row, order in zip(needs, search.unary, search.orders, strict=True):
        plain = [_day_cost(first_day + k, need, ctx, len(needs), keys) for k in range(7)]
        assert list(row) == plain
        assert list(order) == sorted(range(7), key=plain.__getitem__)
