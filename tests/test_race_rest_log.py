"""§3.4 race rest days in the log (§10.7): a race build's dates are pinned, so a session done
late (or early) could sit the day before the next one in the race's last `race_rest_days`,
which placement would never have done while a day between them was free. The next session
then goes on the first of the runner's days that keeps a day between them and every rule
(`progress._Placer.rest_day`); when none does, it keeps its day.

The build: a half on Sunday 2027-02-28 from Monday 2026-12-07, three days a week (Monday,
Wednesday, Friday, the runner's days); its taper week 11 holds A on Monday 02-15 (day −13)
and B on Thursday 02-18 (day −10), and week 12 the race primer on Monday 02-22 (day −6).
The runner missed A on Monday and did it on Wednesday 02-17, and `next` gave B on Thursday:
two sessions on days −11 and −10.
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
    do_as_next_says,
    half_plan,
    key_on,
    logged,
    moved_keeps_every_rule,
    next_says,
    ok,
    on_their_days,
    save_half,
)
from runstrength.enums import Level, RaceDistance, Weekday
from runstrength.log.progress import effective_date, find, keys_of, plan_progress
from runstrength.models import Plan, Profile
from runstrength.plan import generate_plan
from runstrength.plan.race import in_a_row

RACE = dt.date(2027, 2, 28)
A_DAY, B_DAY, PRIMER_DAY = dt.date(2027, 2, 15), dt.date(2027, 2, 18), dt.date(2027, 2, 22)
LATE = dt.date(2027, 2, 17)  # A done on Wednesday, the day before B
# Friday: the first day after Thursday that is one of the runner's days (Monday, Wednesday,
# Friday in most weeks), a day after A (Wednesday) and before the primer (Monday), and
# day −9, so days −14…−8 hold two sessions, as the taper allows
FRIDAY = dt.date(2027, 2, 19)


def _plan(**fields: object) -> Plan:
    return half_plan(RACE, **fields)


def _pairs(days: list[dt.date]) -> list[tuple[dt.date, dt.date]]:
    """Sessions on consecutive days, the later in the race's last `race_rest_days`."""
    return [
        (a, b)
        for a, b in itertools.pairwise(sorted(days))
        if in_a_row((RACE - a).days, (RACE - b).days, RULES)
    ]


def test_the_build_is_the_one_described() -> None:
    plan = _plan()
    late = [s.date for _, s in plan.sessions() if s.date and s.date >= A_DAY]
    assert late == [A_DAY, B_DAY, PRIMER_DAY]
    assert _pairs([LATE, B_DAY]) == [(LATE, B_DAY)]  # what the rule counts


def test_a_session_done_late_moves_the_next_one_off_the_day_after() -> None:
    """Day by day from Wednesday (the clock injected): B goes on Friday, and `next` says so,
    until B is done; done on Friday, the primer keeps its Monday."""
    plan = _plan()
    a, b, primer = key_on(plan, A_DAY), key_on(plan, B_DAY), key_on(plan, PRIMER_DAY)
    done = {**on_their_days(plan, A_DAY), a: LATE}
    for today in (LATE, B_DAY, FRIDAY):
        p = plan_progress(plan, logged(done), today, RULES)
        assert p.next == b and not p.missed, today
        assert effective_date(plan, b, p) == FRIDAY, today
        assert p.rested == (b, LATE)
    done[b] = FRIDAY
    p = plan_progress(plan, logged(done), FRIDAY + dt.timedelta(days=1), RULES)
    assert p.next == primer and effective_date(plan, primer, p) == PRIMER_DAY
    assert p.rested is None and not p.dates
    assert _pairs(list(done.values())) == []


def test_a_runner_who_misses_monday_keeps_a_rest_day_to_the_race() -> None:
    """Simulated days: the runner does whatever `next` gives on its day, but misses
    Monday's A and Tuesday too; every session is still done, none on consecutive days in the
    last 14 (before the fix, B on Thursday right after A on Wednesday)."""
    plan = _plan()
    a = key_on(plan, A_DAY)
    done = on_their_days(plan, A_DAY)
    today = A_DAY
    while today < RACE:
        p = plan_progress(plan, logged(done), today, RULES)
        if p.next is not None and not (p.next == a and today < LATE):
            when = effective_date(plan, p.next, p)
            if when is not None and when <= today:
                done[p.next] = today
        today += dt.timedelta(days=1)
    assert set(done) == set(keys_of(plan))
    assert done[a] == LATE and _pairs(list(done.values())) == []


def test_with_no_day_that_keeps_the_rules_the_next_session_keeps_its_day() -> None:
    """A preference, as in placement. The QA run's half (test_next_race_week): race Sunday
    2027-03-14 from Monday 02-22, sessions on Mon/Wed/Fri, then Mon 03-01 (day −13) and Thu
    03-04 (day −10), the primer on Mon 03-08; Monday is the only weekday of half its weeks
    or more, the only one of the runner's days (§10.7), so with A done on Wednesday 03-03 no
    later day of week 2 is one, and B stays on Thursday."""
    race = dt.date(2027, 3, 14)
    profile = Profile(
        race_date=race,
        race_distance=RaceDistance.HALF,
        weekly_volume=50,
        level=Level.INTERMEDIATE,
        start_date=dt.date(2027, 2, 22),
    )
    plan = generate_plan(profile, CATALOG, RULES, today=dt.date(2027, 2, 19))
    a_day, b_day, wednesday = dt.date(2027, 3, 1), dt.date(2027, 3, 4), dt.date(2027, 3, 3)
    b = key_on(plan, b_day)
    done = {**on_their_days(plan, a_day), key_on(plan, a_day): wednesday}
    p = plan_progress(plan, logged(done), wednesday, RULES)
    assert p.next == b and effective_date(plan, b, p) == b_day
    assert p.rested is None and not p.dates


def test_a_session_done_on_its_own_day_moves_nothing() -> None:
    plan = _plan()
    done = on_their_days(plan, B_DAY)
    p = plan_progress(plan, logged(done), A_DAY, RULES)
    assert p.next == key_on(plan, B_DAY) and not p.dates and p.rested is None


@settings(deadline=None, max_examples=100)
@given(
    level=st.sampled_from(list(Level)),
    hard=st.lists(st.sampled_from(list(Weekday)), max_size=2, unique=True),
    long_run=st.none() | st.sampled_from(list(Weekday)),
    volume=st.sampled_from([20.0, 40.0, 80.0]),
    days=st.sampled_from([2, 3]),
    pick=st.integers(min_value=0, max_value=5),
)
def test_a_moved_session_keeps_every_rule(
    level: Level,
    hard: list[Weekday],
    long_run: Weekday | None,
    volume: float,
    days: int,
    pick: int,
) -> None:
    """Any runner's days: a session near the race done on the day before the next one (late
    or early). When the next one moves for a rest day, it is later than planned, in its own
    plan week, on a weekday the plan uses, off the long-run day, and keeps the race rules
    and a day between it and every other session; when it does not, nothing moves."""
    if long_run in hard:
        long_run = None
    plan = _plan(
        level=level, hard_days=hard, long_run_day=long_run, weekly_volume=volume, days=days
    )
    dated = [(k, s.date) for k in keys_of(plan) if (s := find(plan, k)[1]).date is not None]
    pairs = [
        (k, d, n)
        for (k, d), (_, n) in itertools.pairwise(dated)
        if (RACE - n).days < RULES.race_rest_days and (n - d).days > 1
    ]
    if not pairs:
        return
    key, day, following = pairs[min(pick, len(pairs) - 1)]
    done = {**on_their_days(plan, day), key: following - dt.timedelta(days=1)}
    p = plan_progress(plan, logged(done), done[key], RULES)
    assert p == plan_progress(plan, logged(done), done[key], RULES)  # deterministic
    if p.rested is None:
        assert not p.dates
        return
    moved, after = p.rested
    new = p.dates[moved]
    assert after == done[key] and p.next == moved and find(plan, moved)[1].date == following
    assert new.weekday() in {d.weekday() for _, d in dated}
    others = [*done.values(), *(d for k, d in dated if k not in done and k != moved)]
    moved_keeps_every_rule(plan, moved, new, following, others, long_run, RACE)


# ---------------------------------------------------------------- the CLI


def test_next_and_the_plan_view_give_friday_after_a_late_monday_session() -> None:
    """As the runner types it: the plan saved, every session done as `next` gives it, A
    skipped on Monday and done on Wednesday; `next` then gives B on Friday and says why,
    and so does the plan view; done on Friday, the primer keeps its Monday."""
    save_half(SAVED, RACE, "--start", START.isoformat(), "--days", "3")
    do_as_next_says(START, A_DAY)
    ok(LATE, "log", "--done")
    why = (
        "Week 11 session B goes on Fri 2027-02-19, not Thu 2027-02-18: a day after your "
        f"session of Wed 2027-02-17, and the race's last {RULES.race_rest_days} days keep a "
        "rest day between strength sessions where the rules allow one (§3.4)."
    )
    for today in (LATE, B_DAY):
        next_says(today, "Session B · Fri 2027-02-19", why, FRIDAY)
    view = ok(LATE, "plan", "--format", "md")
    assert "### Session A · Wed 2027-02-17 · done" in view, view
    assert "### Session B · Fri 2027-02-19" in view, view
    assert "### Session B · Thu 2027-02-18" not in view, view
    assert why in " ".join(view.split()), view
    ok(FRIDAY, "log", "--done")
    after = ok(FRIDAY + dt.timedelta(days=1), "next")
    assert "race primer" in after and "Mon 2027-02-22" in after and "goes on" not in after
