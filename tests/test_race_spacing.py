"""§3.4 race rest days: in a race's last `race_rest_days`, two strength sessions keep a day
between them whenever a day the other rules allow leaves one (R2; Doma 2019).

The coach QA run of 400 random race builds found 56 with sessions on consecutive days in
the last 14 days while a free day kept every rule: two taper sessions on Thursday and
Friday of one plan week (placement had no cost for it), a heavy Friday then a primer on
the Saturday that starts the next plan week (a week knew only the last heavy and jump
days before it), and a taper window keeping its earliest session, the day after one the
window before kept (the taper's cap ran after placement).
"""

from __future__ import annotations

import datetime as dt
import itertools

import pytest
from typer.testing import CliRunner

from runstrength.catalog import load_catalog
from runstrength.cli import app
from runstrength.enums import Level, RaceDistance, Weekday
from runstrength.kit import resolve_kit
from runstrength.models import Plan, Profile
from runstrength.plan import generate_plan
from runstrength.plan.placement import SessionNeeds, WeekContext, _place_relative
from runstrength.rulebook import default_rulebook

from invariants import check_all

TODAY = dt.date(2026, 12, 5)
RULES = default_rulebook()
CATALOG = load_catalog()
HALF = {  # a half on a Sunday; plan weeks run Saturday to Friday
    "days": 2,
    "start_date": dt.date(2026, 12, 19),
    # was Wednesday 2027-02-10: week 6 (days −18…−12) is now a loading week up to day −14
    # and the taper starts on week 7 (§2.1 TP, `taper_days`); a Sunday race keeps week 6
    # (days −15…−9) a taper week, its days from −14 on
    "race_date": dt.date(2027, 2, 7),
    "race_distance": RaceDistance.HALF,
    "hard_days": [Weekday.FRI],
    "long_run_day": Weekday.MON,
}
MARATHON = {  # a marathon on a Tuesday; plan weeks run Tuesday to Monday
    "days": 2,
    "weekly_volume": 51.0,
    "start_date": dt.date(2026, 11, 10),
    "race_date": dt.date(2027, 3, 2),
    "race_distance": RaceDistance.MARATHON,
    "hard_days": [Weekday.THU],
    "long_run_day": Weekday.WED,
}


def in_a_row(plan: Plan) -> list[tuple[dt.date, dt.date]]:
    """The plan's sessions on consecutive days, the second in the race's last
    `race_rest_days`."""
    race = plan.inputs.race_date
    assert race is not None
    dates = sorted(s.date for _, s in plan.sessions() if s.date is not None)
    return [
        (a, b)
        for a, b in itertools.pairwise(dates)
        if (b - a).days == 1 and (race - b).days < RULES.race_rest_days
    ]


def make(fields: dict[str, object]) -> tuple[Plan, Profile]:
    profile = Profile.model_validate(fields)
    plan = generate_plan(profile, CATALOG, RULES, today=TODAY)
    check_all(plan, profile, CATALOG, RULES, resolve_kit(profile.equipment, CATALOG, RULES))
    return plan, profile


def test_two_taper_sessions_of_one_week_keep_a_day_between_them() -> None:
    """Was: Thursday 2027-01-28 and Friday 01-29 (days −13 and −12 of the Wednesday race
    it was found with), the two taper sessions of week 6 on the usual Thursday and the
    hard-run Friday."""
    plan, _ = make(HALF)
    assert in_a_row(plan) == []
    week6 = [s.date for s in plan.weeks[5].sessions]
    assert dt.date(2027, 1, 29) in week6  # the hard-run Friday keeps its session
    assert dt.date(2027, 1, 28) not in week6


def test_a_primer_does_not_follow_the_heavy_day_across_plan_weeks() -> None:
    """Was: heavy Friday 2027-01-29 (week 6's last day), then a race primer on Saturday
    01-30 (week 7's first): week 7 knew only the heavy and jump days."""
    plan, _ = make({**HALF, "level": Level.ADVANCED, "weekly_volume": 108.0})
    assert in_a_row(plan) == []
    heavy = [s.date for _, s in plan.sessions() if s.heavy_lower_body]
    assert dt.date(2027, 1, 29) in heavy
    week7 = plan.weeks[6].sessions
    assert week7 and all(s.primer for s in week7)
    assert dt.date(2027, 1, 30) not in [s.date for s in week7]


def test_the_taper_cap_keeps_the_session_with_a_free_day_beside_it() -> None:
    """Was: Monday 2027-02-22 (day −8, the −14…−8 window's) and Tuesday 02-23 (day −7):
    days −7…−3 hold one session, and the cap kept the earliest, Tuesday's, over
    Thursday's (day −5)."""
    plan, _ = make(MARATHON)
    assert in_a_row(plan) == []
    late = [s.date for _, s in plan.sessions() if s.date and s.date >= dt.date(2027, 2, 16)]
    assert late == [dt.date(2027, 2, 18), dt.date(2027, 2, 22), dt.date(2027, 2, 25)]


def test_the_cli_plan_keeps_a_day_between_race_week_sessions() -> None:
    """The first example as the runner types it."""
    args = ["plan", "--race-date", "2027-02-07", "--race-distance", "half"]
    args += ["--start", "2026-12-19", "--days", "2", "--hard-days", "fri"]
    args += ["--long-run-day", "mon", "--format", "md"]
    result = CliRunner(env={"RUNSTRENGTH_TODAY": TODAY.isoformat()}).invoke(app, args)
    assert result.exit_code == 0, result.output
    assert "Thu 2027-01-28" not in result.stdout
    assert "Fri 2027-01-29" in result.stdout


LIGHT = SessionNeeds(hlb=False, plyo=False, light=True)
FULL = SessionNeeds(hlb=False, plyo=False, light=False)
HEAVY = SessionNeeds(hlb=True, plyo=False, light=False)
WEEK = WeekContext(0, 0, frozenset(), None, None, None)  # Monday to Sunday, no runs given


def test_a_session_moves_off_the_day_after_the_last_one_before_its_week() -> None:
    """Monday is the usual day of a 1-day week; the Sunday before held a session."""
    assert _place_relative((FULL,), WEEK) == ((0,), True)
    assert _place_relative((FULL,), WEEK._replace(last_day=-1)) == ((0,), True)  # no race
    rested = WEEK._replace(last_day=-1, rest_from=-1)
    assert _place_relative((FULL,), rested) == ((1,), True)
    # a rest window that starts on Tuesday leaves the Sunday and Monday pair out of it
    assert _place_relative((FULL,), WEEK._replace(last_day=-1, rest_from=1)) == ((0,), True)


def test_the_two_sessions_of_a_week_keep_a_day_between_them() -> None:
    """A 2-day week with Tuesday and Wednesday the hard-run days: both sessions would go
    on them (R1); in the race's last days one moves."""
    hard = WEEK._replace(hard_days=frozenset({1, 2}))
    assert _place_relative((FULL, FULL), hard) == ((1, 2), True)
    days, ok = _place_relative((FULL, FULL), hard._replace(rest_from=0))
    assert ok and abs(days[0] - days[1]) > 1 and set(days) & {1, 2}


@pytest.mark.parametrize(
    ("ctx", "needs", "days"),
    [
        # R1 / inv. 22: a heavy session stays on the free hard-run Monday, whatever the
        # Sunday before held
        (WEEK._replace(hard_days=frozenset({0}), last_day=-1, rest_from=-1), HEAVY, (0,)),
        # §3.4: the primer window (from Tuesday) is never the way out of a pair
        (WEEK._replace(last_day=-1, rest_from=-1, primer_from=1), FULL, (0,)),
        # R6: a light day never goes on the day before a key run (Wednesday's long run)
        (WEEK._replace(last_day=-1, rest_from=-1, long_run_day=2, blocked_from=3), LIGHT, (0,)),
    ],
)
def test_the_hard_rules_win_over_a_rest_day(
    ctx: WeekContext, needs: SessionNeeds, days: tuple[int, ...]
) -> None:
    assert _place_relative((needs,), ctx) == (days, True)


def test_the_first_session_of_the_last_14_days_keeps_a_day_after_the_one_before() -> None:
    """A marathon on a Wednesday from a Monday start: the taper week opens on day −14
    (`taper_days`), and its second session had gone on day −13, the day after the first:
    the first was outside the last 14 days, so the pair cost nothing (the final check of
    the session: a Wednesday and Thursday taper)."""
    plan, _ = make(
        {
            "days": 3,
            "start_date": dt.date(2026, 12, 7),
            "race_date": dt.date(2027, 3, 10),
            "race_distance": RaceDistance.MARATHON,
            "injuries": ["achilles", "itbs"],
        }
    )
    assert in_a_row(plan) == []
