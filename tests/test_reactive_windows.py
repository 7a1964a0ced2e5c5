"""§4.6 reactive deload windows (`log.context._reactive_windows`): the same triggers as the
rule read plainly, and linear in the sessions (the hostile-input QA run: a log of 10,000
sessions on one day made `next`, `plan` and `log --done` run for minutes)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from runstrength.log import context
from runstrength.log.records import LoggedSession, LoggedSet
from runstrength.rulebook import default_rulebook

from helpers import logged, sets_of

RULES = default_rulebook()
MAIN = {"trap-bar-deadlift", "back-squat"}
DAY0 = dt.date(2026, 1, 5)


def _reference(
    sessions: Sequence[LoggedSession],
    main: set[str],
    plan_lo: Mapping[tuple[int, str], int],
    skip: set[int],
) -> tuple[list[dt.date], set[int]]:
    """The rule as written (§4.6): reps missed on 2 main lifts, or pain in 2 sessions,
    within a week of counted sessions; a trigger's week counts no session."""
    week = dt.timedelta(days=7)
    triggers: list[dt.date] = []
    inside: set[int] = set()
    counted: list[LoggedSession] = []
    for s in sessions:
        if any(t < s.date <= t + week for t in triggers):
            inside.add(s.id)
            continue
        if s.id in skip:
            continue
        counted.append(s)
        window = [x for x in counted if s.date - week < x.date <= s.date]
        missed = {
            x_set.exercise_id
            for x in window
            for x_set in x.sets
            if x_set.exercise_id in main
            and context._missed_any(x, x_set.exercise_id, plan_lo.get((x.id, x_set.exercise_id)))
        }
        modify = RULES.pain.modify_at
        hurt = [x for x in window if max((y.pain or 0 for y in x.sets), default=0) >= modify]
        if len(missed) >= 2 or len(hurt) >= 2:
            triggers.append(s.date)
    return sorted(set(triggers)), inside


_one = st.tuples(
    st.integers(0, 40),  # day
    st.sampled_from(["trap-bar-deadlift", "back-squat", "deadbug"]),
    st.integers(0, 12),  # reps done
    st.one_of(st.none(), st.integers(0, 9)),  # pain
)


@settings(max_examples=300, deadline=None)
@given(st.lists(_one, max_size=40), st.sets(st.integers(1, 40), max_size=5))
def test_the_windows_are_the_rule_read_plainly(
    rows: list[tuple[int, str, int, int | None]], skip: set[int]
) -> None:
    ordered = sorted(rows, key=lambda r: r[0])
    sessions = [
        logged(i, DAY0 + dt.timedelta(days=day), sets_of(ex, [reps], 60, pain=pain))
        for i, (day, ex, reps, pain) in enumerate(ordered, start=1)
    ]
    plan_lo = {(s.id, s.sets[0].exercise_id): 8 for s in sessions}
    got = context._reactive_windows(sessions, RULES, MAIN, plan_lo, skip)
    assert got == _reference(sessions, MAIN, plan_lo, skip)


def test_many_sessions_on_one_day_are_each_looked_at_once(monkeypatch: pytest.MonkeyPatch) -> None:
    """2,000 sessions on one day: each session's sets are read once, not once per session
    logged before it on that day (2 million reads before)."""
    calls = 0
    real = context._missed_any

    def counting(session: LoggedSession, exercise_id: str, lo: int | None) -> bool:
        nonlocal calls
        calls += 1
        return real(session, exercise_id, lo)

    monkeypatch.setattr(context, "_missed_any", counting)
    one: list[LoggedSet] = sets_of("trap-bar-deadlift", [5], 80)
    sessions = [logged(i, DAY0, one) for i in range(1, 2_001)]
    assert context._reactive_windows(sessions, RULES, MAIN, {}, set()) == ([], set())
    assert calls == 2_000
