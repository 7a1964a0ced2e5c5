"""§3.4 race rest days for an overdue session of a race build (§10.7): `next` offers an
overdue session today while today keeps the race rules (`progress._race_held`), but it
judged today by the race-day block and the taper's limits only, so a session done after
the next one's day (a date corrected with `log edit --date`) left that one offered the day
after it, two sessions on consecutive days in the race's last `race_rest_days`, though a
later day of its week kept every rule. A rest day is a preference: the overdue session now
goes on the first later day of its plan week that keeps a day between it and every other
session and every rule (`_Placer.rest_day`, searched from today), and is offered today
when none does, as before.

The build: a half on Friday 2027-03-05 from Monday 2026-12-07, three days a week, the long
run on Sunday; week 11 ends with C on Friday 02-19 (day −14), week 12 holds A on Monday
02-22 (day −11), then Thursday 02-25 (day −8), the next of the runner's days (§10.7). The
runner did week 11's C on Tuesday 02-23, after A's day.
"""

from __future__ import annotations

import datetime as dt

from race_log import (
    RULES,
    SAVED,
    START,
    half_plan,
    keeps_the_race_rules,
    key_on,
    logged,
    next_says,
    ok,
    on_their_days,
    redate_the_last,
    save_half,
)
from runstrength.enums import Weekday
from runstrength.log.progress import Key, effective_date, find, plan_progress
from runstrength.log.standing import rested_note
from runstrength.models import Plan
from runstrength.plan.race import in_a_row, taper_crowded

RACE = dt.date(2027, 3, 5)
C11, A12 = dt.date(2027, 2, 19), dt.date(2027, 2, 22)
LATE = dt.date(2027, 2, 23)  # C done on Tuesday, the day after A's Monday
WEDNESDAY, THURSDAY = dt.date(2027, 2, 24), dt.date(2027, 2, 25)


def _plan() -> Plan:
    return half_plan(RACE, long_run_day=Weekday.SUN)


def _done_late(plan: Plan) -> dict[Key, dt.date]:
    """Every session before week 11's C done on its day, and C on Tuesday."""
    return {**on_their_days(plan, C11), key_on(plan, C11): LATE}


def test_the_build_is_the_one_described() -> None:
    plan = _plan()
    c, a = key_on(plan, C11), key_on(plan, A12)
    assert (c[0], a) == (11, (12, 1))
    assert in_a_row((RACE - LATE).days, (RACE - WEDNESDAY).days, RULES)  # what the rule counts
    later = [s.date for _, s in plan.sessions() if s.date and s.date > A12]
    assert later and later[0] > THURSDAY  # Thursday holds no session of its own


def test_an_overdue_session_offered_the_day_after_one_done_goes_on_a_later_day() -> None:
    """Wednesday (the clock injected): A, overdue since Monday, goes on Thursday, a day
    after Tuesday's C, keeping every rule (before the fix, today: Wednesday, right after
    Tuesday). On Thursday it is offered that day."""
    plan = _plan()
    a = key_on(plan, A12)
    session = find(plan, a)[1]
    done = _done_late(plan)
    p = plan_progress(plan, logged(done), WEDNESDAY, RULES)
    assert p.next == a and not p.taken and a not in p.missed
    assert p.rested == (a, LATE) and effective_date(plan, a, p) == THURSDAY
    others = [*done.values(), *(d for _, s in plan.sessions() if (d := s.date) and d > A12)]
    keeps_the_race_rules(session, THURSDAY, others, RACE)
    assert p == plan_progress(plan, logged(done), WEDNESDAY, RULES)  # deterministic
    p = plan_progress(plan, logged(done), THURSDAY, RULES)
    assert p.next == a and p.rested is None and not p.dates  # overdue, offered today


def test_with_no_later_day_the_overdue_session_is_offered_today() -> None:
    """A preference, as in placement: C done on Wednesday, today Thursday is the last of
    the runner's days in week 12 before the next session, so A is offered today."""
    plan = _plan()
    a = key_on(plan, A12)
    later = [s.date for _, s in plan.sessions() if s.date and s.date > A12]
    done = {**_done_late(plan), key_on(plan, C11): WEDNESDAY}
    p = plan_progress(plan, logged(done), THURSDAY, RULES)
    assert p.next == a and p.rested is None and not p.dates
    assert effective_date(plan, a, p) == A12 < THURSDAY  # overdue: `next` gives today
    assert in_a_row((RACE - WEDNESDAY).days, (RACE - THURSDAY).days, RULES)
    assert later[0] > THURSDAY


def test_an_overdue_session_with_a_day_between_moves_nothing() -> None:
    """C done on its Friday: A, overdue on Wednesday, is offered that day."""
    plan = _plan()
    done = {**_done_late(plan), key_on(plan, C11): C11}
    p = plan_progress(plan, logged(done), WEDNESDAY, RULES)
    assert p.next == key_on(plan, A12) and p.rested is None and not p.dates


# ---------------------------------------------------------------- the CLI


def test_next_gives_thursday_after_a_late_session_corrected_to_tuesday() -> None:
    """As the runner types it: the plan saved, every session done as `next` gives it to
    week 11's C, logged on Friday but done on Tuesday, and the runner corrects its date
    (`log edit --date`); `next` on Wednesday gives A on Thursday and says why, and so does
    the plan view (before the fix, A today, the day after C)."""
    save_half(SAVED, RACE, "--start", START.isoformat(), "--days", "3", "--long-run-day", "sun")
    redate_the_last(C11, "week 11 session C", WEDNESDAY, LATE)
    why = (
        "Week 12 session A, due Mon 2027-02-22, goes on Thu 2027-02-25: you did a session "
        f"on Tue 2027-02-23, and the race's last {RULES.race_rest_days} days keep a rest "
        "day between strength sessions where the rules allow one (§3.4)."
    )
    next_says(WEDNESDAY, "Session A · Thu 2027-02-25", why, THURSDAY)
    view = ok(WEDNESDAY, "plan", "--format", "md")
    assert "### Session A · Thu 2027-02-25" in view, view
    assert why in " ".join(view.split()), view
    thursday = ok(THURSDAY, "next")  # overdue since Monday, offered on Thursday
    assert "Session A · Mon 2027-02-22" in thursday and "goes on" not in thursday, thursday


def test_on_the_day_one_is_done_the_overdue_session_goes_on_a_later_day() -> None:
    """§3.3 one session a day: C done on Tuesday, the day the runner asks; A, overdue since
    Monday, goes on Thursday too (Wednesday is the day after Tuesday), not today (before the
    fix, a second session that Tuesday)."""
    plan = _plan()
    a = key_on(plan, A12)
    p = plan_progress(plan, logged(_done_late(plan)), LATE, RULES)
    assert p.next == a and p.rested == (a, LATE) and effective_date(plan, a, p) == THURSDAY


# The build of test_race_rest_log: a half on Sunday 2027-02-28, Monday/Wednesday/Friday the
# runner's days; taper week 11 holds A on Monday 02-15 and B on Thursday 02-18, week 12 the
# race primer on Monday 02-22. No later day of week 11 is one of the runner's days.
RACE2 = dt.date(2027, 2, 28)
A11, B11, PRIMER = dt.date(2027, 2, 15), dt.date(2027, 2, 18), dt.date(2027, 2, 22)
FRI, SAT = dt.date(2027, 2, 19), dt.date(2027, 2, 20)


def _plan2() -> Plan:
    return half_plan(RACE2)


def _done_on(plan: Plan, day: dt.date) -> dict[Key, dt.date]:
    """Every session before week 11's A done on its day, and A on `day`."""
    return {**on_their_days(plan, A11), key_on(plan, A11): day}


def test_with_no_rest_day_left_the_same_day_gives_tomorrow() -> None:
    """A done on Friday, the day the runner asks, B overdue since Thursday: no later day of
    week 11 keeps a rest day, and the same day is not a preference, so B goes on Saturday,
    where `next` offers an overdue session (day −8: the taper's days −14…−8 hold A and B, as
    `taper_frequency` allows), and `next` says why."""
    plan = _plan2()
    b = key_on(plan, B11)
    done = _done_on(plan, FRI)
    assert taper_crowded(SAT, [*done.values(), PRIMER], RACE2, RULES) is None
    p = plan_progress(plan, logged(done), FRI, RULES)
    assert p.next == b and p.rested == (b, FRI) and effective_date(plan, b, p) == SAT
    assert rested_note(plan, p, RULES) == (
        "Week 11 session B, due Thu 2027-02-18, goes on Sat 2027-02-20: one strength session "
        "a day (§3.3), and you did one on Fri 2027-02-19."
    )
    p = plan_progress(plan, logged(done), SAT, RULES)  # a preference now: offered today
    assert p.next == b and p.rested is None and not p.dates


def test_with_tomorrow_against_the_race_rules_the_same_day_misses_it() -> None:
    """A done on Saturday: Sunday is day −7, whose window −7…−3 holds the primer already
    (`taper_frequency`), so B cannot be done and counts as missed, with the day that took
    it; `next` gives the primer (before the fix, B on Saturday, a second session)."""
    plan = _plan2()
    b, primer = key_on(plan, B11), key_on(plan, PRIMER)
    done = _done_on(plan, SAT)
    sunday = SAT + dt.timedelta(days=1)
    assert taper_crowded(sunday, [*done.values(), PRIMER], RACE2, RULES) is not None
    p = plan_progress(plan, logged(done), SAT, RULES)
    assert p.next == primer and p.taken == {b: SAT} and b in p.missed
