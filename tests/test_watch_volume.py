"""Run volume: weekly km, the 4-week mean, habitual days and spikes, on a simulated history.

Eight weeks from Monday 2026-11-02: intervals on Tuesday and tempo on Thursday (both hard),
an easy Saturday and a 100-minute Sunday long run, 38 km a week; week 7 (from 2026-12-14)
jumps to 52 km.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from runstrength.enums import Weekday
from runstrength.rulebook import default_rulebook
from runstrength.watch.runs import Run
from runstrength.watch.volume import (
    complete_weeks,
    hard_days,
    last_spike,
    long_run_day,
    mean_weekly_km,
    recovery_week,
    run_volume,
    spikes,
    summarize,
    usual_pace_s_per_km,
    week_start,
    weekly_km,
)

from run_history import FIRST, HISTORY, RECOVERY, RECOVERY_WEEK, SPIKE_WEEK, run, week


def test_the_constants_are_the_rules() -> None:
    assert tuple(run_volume()) == (4, 0.30, 2, 2, 0.25, 90, 0.25)  # data/rules.yaml run_volume


def test_weeks_start_on_monday_and_sunday_belongs_to_its_week() -> None:
    assert week_start(dt.date(2026, 11, 8)) == FIRST  # a Sunday
    km = weekly_km(HISTORY)
    assert list(km)[:2] == [FIRST, FIRST + dt.timedelta(weeks=1)]
    assert km[FIRST] == pytest.approx(38)
    assert km[SPIKE_WEEK] == pytest.approx(52)


def test_complete_weeks_end_before_today() -> None:
    assert complete_weeks(dt.date(2026, 12, 21), 2) == [dt.date(2026, 12, 7), SPIKE_WEEK]
    # a Sunday: its own week is not complete yet
    assert complete_weeks(dt.date(2026, 12, 20), 1) == [dt.date(2026, 12, 7)]


def test_the_mean_is_of_the_last_four_complete_weeks() -> None:
    assert mean_weekly_km(HISTORY, dt.date(2026, 12, 14)) == pytest.approx(38.0)
    assert mean_weekly_km(HISTORY, dt.date(2026, 12, 21)) == pytest.approx(41.5)  # 3×38 + 52
    assert mean_weekly_km(HISTORY, dt.date(2026, 12, 23)) == pytest.approx(41.5)  # mid-week


def test_weeks_before_the_first_run_do_not_count_as_zero() -> None:
    assert mean_weekly_km(HISTORY, FIRST + dt.timedelta(weeks=2)) == pytest.approx(38.0)
    assert mean_weekly_km(HISTORY, FIRST) is None
    assert mean_weekly_km([], dt.date(2026, 12, 21)) is None


def test_a_week_without_runs_after_the_first_one_counts_as_zero() -> None:
    gap = [r for r in HISTORY if week_start(r.date) != dt.date(2026, 12, 7)]
    assert mean_weekly_km(gap, dt.date(2026, 12, 21)) == pytest.approx((38 + 38 + 52) / 4)


def test_the_week_after_the_spike_sees_it_and_says_why() -> None:
    found = last_spike(HISTORY, dt.date(2026, 12, 22))
    assert found is not None
    assert (found.week, found.km, found.baseline_km, found.baseline_weeks) == (
        SPIKE_WEEK,
        52.0,
        38.0,
        4,
    )
    assert found.percent_above == "37"
    assert "52.0 km" in found.reason and "38.0 km" in found.reason
    assert "§3.2" in found.reason and "§4.6" in found.reason


def test_a_spike_names_the_weeks_with_no_runs_it_counted_as_0_km() -> None:
    """The QA run (repro 4): 30 km weeks, two weeks not imported, then a normal 30 km week:
    a spike against a mean of 15 km. It stays one (a rest week and runs never imported look
    alike), but it says which weeks had no run on record and what to do if they had runs."""
    runs = [run(FIRST + dt.timedelta(weeks=n, days=1), 30.0) for n in range(4)]
    back = FIRST + dt.timedelta(weeks=6)
    runs.append(run(back + dt.timedelta(days=1), 30.0))
    found = last_spike(runs, back + dt.timedelta(weeks=1))
    assert found is not None and found.baseline_km == 15.0
    gaps = (FIRST + dt.timedelta(weeks=4), FIRST + dt.timedelta(weeks=5))
    assert found.empty_weeks == gaps
    assert found.reason.endswith(
        f"; no runs on record in the weeks of {gaps[0]} and {gaps[1]}, counted as 0 km: "
        "if you ran then, `runstrength runs import` those runs"
    )
    assert "no runs on record" not in last_spike(HISTORY, dt.date(2026, 12, 22)).reason  # type: ignore[union-attr]


def test_only_the_spike_week_is_a_spike() -> None:
    assert [s.week for s in spikes(HISTORY, dt.date(2026, 12, 28))] == [SPIKE_WEEK]
    assert last_spike(HISTORY, dt.date(2026, 12, 28)) is None  # week 8 is back to 38 km
    assert last_spike(HISTORY, dt.date(2026, 12, 14)) is None


def test_thirty_percent_exactly_is_not_a_spike() -> None:
    base = [r for n in range(4) for r in week(FIRST + dt.timedelta(weeks=n))]
    monday = FIRST + dt.timedelta(weeks=4)
    exact = [*base, *week(monday), run(monday, 38 * 0.3)]  # 49.4 km = 1.30 × 38
    assert last_spike(exact, monday + dt.timedelta(weeks=1)) is None
    more = [*exact, run(monday + dt.timedelta(days=2), 0.2)]
    assert last_spike(more, monday + dt.timedelta(weeks=1)) is not None


def test_too_little_history_gives_no_spike_verdict() -> None:
    two = [r for n in range(2) for r in week(FIRST + dt.timedelta(weeks=n), spike=n == 1)]
    assert last_spike(two, FIRST + dt.timedelta(weeks=2)) is None


def test_hard_and_long_run_days_come_from_the_last_four_weeks() -> None:
    today = dt.date(2026, 12, 28)
    assert hard_days(HISTORY, today) == [Weekday.TUE, Weekday.THU]
    assert long_run_day(HISTORY, today) == Weekday.SUN


def test_one_odd_week_does_not_make_a_habit() -> None:
    today = FIRST + dt.timedelta(weeks=4)
    moved = [r for r in HISTORY if r.date < today]
    moved = [
        run(r.date - dt.timedelta(days=1), 16, pace=375)
        if r.date == FIRST + dt.timedelta(days=6)  # week 1's long run moved to Saturday
        else r
        for r in moved
    ]
    assert long_run_day(moved, today) == Weekday.SUN
    assert hard_days([], today) == [] and long_run_day([], today) is None


def test_unknown_hardness_is_not_hard() -> None:
    unknown = [r.__class__(**{**_fields(r), "hard": None}) for r in HISTORY]
    assert hard_days(unknown, dt.date(2026, 12, 28)) == []


def _fields(r: Run) -> dict[str, Any]:
    return {name: getattr(r, name) for name in Run.__dataclass_fields__}


def test_usual_pace_is_the_median_of_the_window() -> None:
    # 18 runs: 4 at 280, 4 at 290, 6 easy at 330, 4 long at 375 s/km
    assert usual_pace_s_per_km(HISTORY, dt.date(2026, 12, 28)) == pytest.approx(330)
    assert usual_pace_s_per_km([], dt.date(2026, 12, 28)) is None


def test_summary_puts_it_together() -> None:
    summary = summarize(HISTORY, dt.date(2026, 12, 21))
    assert summary.mean_km == pytest.approx(41.5)
    assert summary.weeks[-1] == (SPIKE_WEEK, 52.0)
    assert len(summary.weeks) == 4
    assert summary.spike is not None and summary.spike.week == SPIKE_WEEK
    assert summary.hard_days == [Weekday.TUE, Weekday.THU]
    assert summary.long_run_day == Weekday.SUN


def test_a_week_well_below_the_same_days_of_the_4_weeks_before_is_a_recovery_week() -> None:
    thursday = RECOVERY_WEEK + dt.timedelta(days=3)
    found = recovery_week(RECOVERY, thursday)
    assert found is not None
    # Monday to Wednesday: 5 km against the 8 km of the usual Tuesday; today's run not counted
    assert (found.week, found.through, found.km, found.baseline_km) == (
        RECOVERY_WEEK,
        RECOVERY_WEEK + dt.timedelta(days=2),
        5.0,
        8.0,
    )
    assert (found.baseline_weeks, found.percent_below) == (4, 38)
    assert "running this week (Mon–Wed) is 5.0 km, 38 % below the 8.0 km" in found.reason
    assert summarize(RECOVERY, thursday).recovery == found
    # by Saturday the 10 km of Tuesday and Thursday stand against 16 km
    saturday = recovery_week(RECOVERY, RECOVERY_WEEK + dt.timedelta(days=5))
    assert saturday is not None and (saturday.km, saturday.baseline_km) == (10.0, 16.0)


def test_no_recovery_week_without_evidence() -> None:
    thursday = RECOVERY_WEEK + dt.timedelta(days=3)
    normal = [r for n in range(5) for r in week(FIRST + dt.timedelta(weeks=n))]
    assert recovery_week(normal, thursday) is None  # a normal week
    assert recovery_week(RECOVERY, RECOVERY_WEEK) is None  # a Monday: nothing to compare yet
    # no run on record this week yet: not imported, not a recovery week
    assert recovery_week(RECOVERY[:-2], thursday) is None
    # one week of history is too little to judge (MIN_BASELINE_WEEKS)
    short = [r for r in RECOVERY if r.date >= RECOVERY_WEEK - dt.timedelta(weeks=1)]
    assert recovery_week(short, thursday) is None
    # 25 % below is the line (run_volume.recovery_fraction): 6 km against 8 is not below it
    six = [*RECOVERY[:-2], run(RECOVERY_WEEK + dt.timedelta(days=1), 6, hard=True)]
    assert recovery_week(six, thursday) is None
    assert default_rulebook().run_volume.recovery_fraction == 0.25


def test_a_spike_just_over_the_rule_reads_over_it() -> None:
    """The QA run: 52.04 km after a 40 km mean read "30 % above", the rule's own number,
    for a week over it (more than 30 %); whole percent where it says more than the rule."""
    from runstrength.watch.volume import Spike

    week = dt.date(2026, 11, 30)
    assert Spike(week, 52.0, 40.0, 4, (), 30.099999999999994, 30.0).percent_above == "30.1"
    assert Spike(week, 52.0, 40.0, 4, (), 30.04, 30.0).percent_above == "30.1"
    assert Spike(week, 52.8, 40.0, 4, (), 32.0, 30.0).percent_above == "32"
