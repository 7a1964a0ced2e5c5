"""§3.3 one strength session a day, in the log (§10.7): a session done late on the day the
next one is planned must not leave `next` offering that one the same day.

A race build's dates are pinned, so before the fix its next session stayed on its day: A
missed on Monday and done on Wednesday, B's day, and `next` gave B on Wednesday too. Now
it goes on a later day of its plan week that keeps every rule (`_Placer.rest_day`, the
machinery of the race rest days), and with none it is missed, as a race build's session
that cannot be done is, and `next` says so. A plan with no race re-places its sessions
from the day after the last one done (`progress._replace`), which the non-race tests hold.

The build (as in test_race_rest_log): a half on Sunday 2027-02-28 from Monday 2026-12-07,
three days a week on Monday, Wednesday and Friday; week 5 holds A on Monday 01-04, B on
Wednesday 01-06 and C on Friday 01-08, and the taper week 11 A on Monday 02-15 and B on
Thursday 02-18, then the race primer on Monday 02-22.
"""

from __future__ import annotations

import datetime as dt
import itertools

from hypothesis import given, settings
from hypothesis import strategies as st

from race_log import (
    CATALOG,
    RULES,
    SAVED,
    START,
    half_plan,
    key_on,
    logged,
    moved_keeps_every_rule,
    next_says,
    ok,
    on_their_days,
    redate_the_last,
    save_half,
)
from runstrength.enums import Level, Weekday
from runstrength.log.progress import Key, effective_date, find, keys_of, plan_progress
from runstrength.log.standing import done_line
from runstrength.models import Plan, Profile
from runstrength.plan import generate_plan
from runstrength.plan.race import in_a_row

RACE = dt.date(2027, 2, 28)
A5, B5, C5 = dt.date(2027, 1, 4), dt.date(2027, 1, 6), dt.date(2027, 1, 8)
A11, B11, PRIMER = dt.date(2027, 2, 15), dt.date(2027, 2, 18), dt.date(2027, 2, 22)


def _plan(**fields: object) -> Plan:
    return half_plan(RACE, **fields)


def _follow(
    plan: Plan, done: dict[Key, dt.date], today: dt.date, until: dt.date
) -> dict[Key, dt.date]:
    """Simulated days from `today` to `until`: each day the runner asks `next` and does the
    session it gives when its day has come. Every day, `next` gives no session for a day
    that already holds one done."""
    while today < until:
        p = plan_progress(plan, logged(done), today, RULES)
        if p.next is None:
            break
        when = effective_date(plan, p.next, p)
        assert when is not None
        held = set(done.values())
        assert max(when, today) not in held, (today, p.next, when)
        if when <= today:
            done[p.next] = today
        today += dt.timedelta(days=1)
    return done


def test_the_build_is_the_one_described() -> None:
    plan = _plan()
    week5 = [s.date for w, s in plan.sessions() if w.index == 5]
    assert week5 == [A5, B5, C5]
    assert [s.date for _, s in plan.sessions() if s.date and s.date >= A11] == [A11, B11, PRIMER]


def test_a_race_build_session_whose_day_a_late_one_took_is_missed() -> None:
    """Week 5: A done on Wednesday, B's day. Thursday is none of the runner's days and
    Friday is C's, so no day of the week takes B: it is missed (with the day that took it)
    and `next` gives C on Friday, from Wednesday on (before the fix, B on Wednesday)."""
    plan = _plan()
    a, b, c = key_on(plan, A5), key_on(plan, B5), key_on(plan, C5)
    done = {**on_their_days(plan, A5), a: B5}
    for today in (B5, B5 + dt.timedelta(days=1)):
        p = plan_progress(plan, logged(done), today, RULES)
        assert p.next == c and effective_date(plan, c, p) == C5, today
        assert b in p.missed and p.taken == {b: B5} and p.rested is None, today
        assert p == plan_progress(plan, logged(done), today, RULES)  # deterministic
    # on Friday B's day has gone by before C's, so it is passed over as well
    p = plan_progress(plan, logged(done), C5, RULES)
    assert p.next == c and effective_date(plan, c, p) == C5 and b in p.missed


def test_in_the_taper_the_race_primer_follows() -> None:
    """Taper week 11: A done on Thursday, B's day; Friday would be the day after it, in the
    race's last `race_rest_days` (§3.4), and the weekend is none of the runner's days, so B
    is missed and `next` gives the race primer on Monday."""
    plan = _plan()
    a, b, primer = key_on(plan, A11), key_on(plan, B11), key_on(plan, PRIMER)
    assert in_a_row((RACE - B11).days, (RACE - B11).days - 1, RULES)  # Friday: no rest day
    done = {**on_their_days(plan, A11), a: B11}
    p = plan_progress(plan, logged(done), B11, RULES)
    assert p.next == primer and effective_date(plan, primer, p) == PRIMER
    assert p.taken == {b: B11} and b in p.missed


def test_a_session_that_can_move_goes_on_a_later_day_of_its_week() -> None:
    """Three days a week with Tuesday a hard-run day: each session in turn done on the next
    one's day. Where a later day of the runner's in that plan week keeps the rules (week 9:
    C off Wednesday onto Friday), the next session goes there, later than planned and in its
    week; elsewhere it is missed with the day that took it."""
    plan = _plan(hard_days=[Weekday.TUE])
    dated = [(k, find(plan, k)[1].date) for k in keys_of(plan)]
    moved = 0
    for (k, day), (n, n_day) in itertools.pairwise(dated):
        assert day is not None and n_day is not None
        done = {**on_their_days(plan, day), k: n_day}
        p = plan_progress(plan, logged(done), n_day, RULES)
        if p.rested is not None:
            moved += 1
            assert p.rested == (n, n_day) and p.next == n and not p.taken
            new = p.dates[n]
            assert n_day < new and (new - START).days // 7 + 1 == n[0]
        else:
            assert p.taken == {n: n_day} and n in p.missed, n
        assert p.next is None or effective_date(plan, p.next, p) != n_day
    assert moved  # the move is reached, not only the miss


def test_simulated_days_never_give_a_second_session_on_a_day() -> None:
    """Simulated days through the whole build, the clock injected: the runner does what
    `next` gives on its day but A in week 5 and in the taper week, done on B's day instead;
    every day `next` gives no session for a day that holds one (before the fix, B on the
    day A was done)."""
    plan = _plan()
    a5, a11 = key_on(plan, A5), key_on(plan, A11)
    done = {**_follow(plan, {}, START, A5), a5: B5}
    done = _follow(plan, done, B5, A11)
    assert a11 not in done
    done[a11] = B11
    done = _follow(plan, done, B11, RACE)
    assert len(set(done.values())) == len(done)
    p = plan_progress(plan, logged(done), RACE, RULES)
    assert p.next is None and set(done) | set(p.missed) == set(keys_of(plan))


def test_a_plan_with_no_race_goes_on_the_day_after() -> None:
    """No race: the dates are not pinned and `_replace` re-places the sessions from the day
    after the last one done (this held before the fix; it is the other half of the rule).
    A done on Wednesday, B's day: B goes on Friday, C on the next Monday, and every
    simulated day after gives no second session on a day."""
    profile = Profile(start_date=START, days=3)
    plan = generate_plan(profile, CATALOG, RULES, today=SAVED)
    first = [s.date for w, s in plan.sessions() if w.index == 2]
    assert len(first) == 3 and all(d is not None for d in first)
    a_day, b_day = first[0], first[1]
    assert a_day is not None and b_day is not None
    a, b = key_on(plan, a_day), key_on(plan, b_day)
    done = {**on_their_days(plan, a_day), a: b_day}
    p = plan_progress(plan, logged(done), b_day, RULES)
    assert p.next == b
    moved = effective_date(plan, b, p)
    assert moved is not None and moved > b_day
    end = b_day + dt.timedelta(days=28)
    done = _follow(plan, done, b_day, end)
    assert len(set(done.values())) == len(done)


@settings(deadline=None, max_examples=60)
@given(
    level=st.sampled_from(list(Level)),
    hard=st.lists(st.sampled_from(list(Weekday)), max_size=2, unique=True),
    long_run=st.none() | st.sampled_from(list(Weekday)),
    volume=st.sampled_from([20.0, 40.0, 80.0]),
    days=st.sampled_from([2, 3]),
    pick=st.integers(min_value=0, max_value=40),
)
def test_any_race_build_keeps_one_session_a_day(
    level: Level,
    hard: list[Weekday],
    long_run: Weekday | None,
    volume: float,
    days: int,
    pick: int,
) -> None:
    """Any runner's days: a session done on the next one's day. The next one then moves to a
    later day of its own plan week that keeps the rules, or is missed with the day that took
    it; either way `next` never gives that day."""
    if long_run in hard:
        long_run = None
    plan = _plan(
        level=level, hard_days=hard, long_run_day=long_run, weekly_volume=volume, days=days
    )
    dated = [(k, s.date) for k in keys_of(plan) if (s := find(plan, k)[1]).date is not None]
    pairs = list(itertools.pairwise(dated))
    if not pairs:
        return
    (key, day), (following, on) = pairs[pick % len(pairs)]
    assert day is not None and on is not None
    done = {**on_their_days(plan, day), key: on}
    p = plan_progress(plan, logged(done), on, RULES)
    assert p == plan_progress(plan, logged(done), on, RULES)  # deterministic
    if p.next is not None:
        assert effective_date(plan, p.next, p) != on
    if p.rested is None:
        assert p.taken.get(following) == on and following in p.missed
        return
    assert p.rested == (following, on) and not p.taken
    new = p.dates[following]
    others = [*done.values(), *(d for k, d in dated if k not in done and k != following)]
    moved_keeps_every_rule(plan, following, new, on, others, long_run, RACE)


# ---------------------------------------------------------------- the CLI


def test_next_and_the_plan_view_after_a_late_session_on_the_next_ones_day() -> None:
    """As the runner types it: the plan saved, every session done as `next` gives it. Week
    5's A is logged on Monday but was done on Wednesday, B's day, and the runner corrects
    its date (`log edit --date`); `next` on Wednesday then gives C on Friday and says B was
    missed and why, and so does the plan view (before the fix, B on Wednesday)."""
    save_half(SAVED, RACE, "--start", START.isoformat(), "--days", "3")
    redate_the_last(A5, "week 5 session A", B5, B5)
    why = (
        "Missed: the week 5 session B of Wed 2027-01-06: one strength session a day (§3.3), "
        "and you did one on Wed 2027-01-06, and no later day of its week keeps the rules."
    )
    next_says(B5, "Session C · Fri 2027-01-08", why, C5)
    view = ok(B5, "plan", "--format", "md")
    assert "### Session A · Wed 2027-01-06 · done" in view, view
    assert "### Session B · Wed 2027-01-06 · missed" in view, view
    assert why in " ".join(view.split()), view


def test_a_race_primer_whose_day_a_late_session_took_is_named_when_nothing_is_left() -> None:
    """The taper's B done late on Monday 02-22, the race primer's day: the days before the
    race left in week 12 take no second session (the taper's last window holds one at most,
    `taper_frequency`), so the primer is missed and `next`'s closing line names it."""
    plan = _plan()
    b, primer = key_on(plan, B11), key_on(plan, PRIMER)
    history = logged({**on_their_days(plan, B11), b: PRIMER})
    p = plan_progress(plan, history, PRIMER, RULES)
    assert p.next is None and p.taken == {primer: PRIMER} and primer in p.missed
    line = done_line(plan, history, PRIMER, RULES, advice=False)
    assert line == (
        "Race on Sun 2027-02-28: no strength work until then (§3.4); the race primer of "
        "Mon 2027-02-22 was missed."
    )
