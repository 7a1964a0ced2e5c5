"""The taper starts 10–14 days before the race, whatever weekday the race falls on (§2.1 TP
"last 10–14 days", §3.4 taper volume over the last 14 days).

Plan weeks run from the start date and the race falls on any weekday. The TP phase was
every week reaching into the last 14 days, so with a fixed start the first taper week
began up to 19 days out: a primer 16 days before a half, loading over three weeks before
the race (the coach QA of race builds: "taper start 13–19 days out with a fixed Monday
start"). Now the taper's first week is the latest one starting at least
`race_layout.taper_min_days` out, no taper session comes before day −14 and no loading
session after it (`periodization.taper_days`).
"""

from __future__ import annotations

import datetime as dt

import pytest

from runstrength.catalog import load_catalog
from runstrength.enums import Phase
from runstrength.kit import resolve_kit
from runstrength.models import Plan, Profile
from runstrength.plan import generate_plan
from runstrength.rulebook import default_rulebook

from invariants import check_all

TODAY = dt.date(2026, 11, 2)  # a Monday, the plans' fixed start
RULES = default_rulebook()
CATALOG = load_catalog()
WINDOW = RULES.taper_window_days  # 14: day −14 is the taper's first


def make(fields: dict[str, object]) -> tuple[Plan, Profile]:
    profile = Profile.model_validate(fields)
    return generate_plan(profile, CATALOG, RULES, today=TODAY), profile


# A race 10 weeks and 0–6 days after a Monday start, so on each weekday.
RACES = [TODAY + dt.timedelta(weeks=10, days=k) for k in range(7)]
RUNNERS = {
    "half-3-days": {
        "weekly_volume": 50.0, "days": 3, "level": "intermediate", "equipment": ["gym"],
        "race_distance": "half", "hard_days": ["tue"], "long_run_day": "sun",
    },
    "marathon-2-days": {
        "weekly_volume": 80.0, "days": 2, "level": "advanced", "equipment": ["gym"],
        "injuries": ["achilles"], "race_distance": "marathon", "hard_days": ["thu"],
        "long_run_day": "sat",
    },
    "5k-novice": {
        "weekly_volume": 25.0, "days": 2, "level": "novice", "equipment": ["home"],
        "race_distance": "5k", "long_run_day": "sun",
    },
}  # fmt: skip


@pytest.mark.parametrize("race", RACES, ids=lambda d: d.strftime("%a"))
@pytest.mark.parametrize("runner", sorted(RUNNERS))
def test_the_taper_is_the_last_10_to_14_days_whatever_the_race_weekday(
    runner: str, race: dt.date
) -> None:
    fields = {**RUNNERS[runner], "start_date": TODAY.isoformat(), "race_date": race.isoformat()}
    plan, profile = make(fields)
    start = plan.inputs.start_date
    assert start == TODAY
    taper = [w for w in plan.weeks if w.phase is Phase.TP]
    loading = [w for w in plan.weeks if w.phase is not Phase.TP]
    assert taper and loading
    first_day = start + dt.timedelta(weeks=taper[0].index - 1)
    # §2.1 TP: the taper's first week starts 10–16 days out (a week starting 17–19 days
    # out stays a loading week up to day −14) ...
    assert RULES.race_layout.taper_min_days <= (race - first_day).days <= WINDOW + 2
    # ... and no taper session comes before day −14: the taper is 14 days at most
    for w in taper:
        for s in w.sessions:
            assert s.date is not None
            assert (race - s.date).days <= WINDOW, (w.index, s.label, s.date)
    # the loading work goes on until day −14 (not in the last 14 days, §3.4), and the
    # last loading week reaches to at most 17 days out (it ended 20 days out)
    for w in loading:
        for s in w.sessions:
            assert s.date is not None
            assert (race - s.date).days >= WINDOW, (w.index, s.label, s.date)
    last_loading_day = start + dt.timedelta(days=7 * loading[-1].index - 1)
    assert (race - last_loading_day).days <= WINDOW + 3
    check_all(plan, profile, CATALOG, RULES, resolve_kit(profile.equipment, CATALOG, RULES))


def test_a_half_on_a_thursday_has_no_primer_16_days_out() -> None:
    """The reproduction's first case: a Tuesday start, a half on a Thursday; the taper week
    began 16 days out and held a primer on day −16, eleven days before a heavy session."""
    plan, profile = make(
        {"weekly_volume": 81.1, "days": 3, "level": "advanced", "equipment": ["gym"],
         "start_date": "2026-11-03", "race_date": "2027-02-25", "race_distance": "half",
         "hard_days": ["fri"], "long_run_day": "mon"}
    )  # fmt: skip
    race = dt.date(2027, 2, 25)
    for w, s in plan.sessions():
        assert s.date is not None
        if s.primer or w.phase is Phase.TP:
            assert (race - s.date).days <= WINDOW, (w.index, s.label, s.date)
    check_all(plan, profile, CATALOG, RULES, resolve_kit(profile.equipment, CATALOG, RULES))


def test_a_race_17_days_after_a_fixed_start_opens_with_a_loading_week() -> None:
    """17 days out: the first plan week (days −17…−11) loads until day −14, the taper
    starts 10 days out (it was all taper, its first session 17 days out)."""
    race = TODAY + dt.timedelta(days=17)
    plan, profile = make(
        {"weekly_volume": 40.0, "days": 2, "level": "intermediate", "equipment": ["gym"],
         "start_date": TODAY.isoformat(), "race_date": race.isoformat(),
         "race_distance": "10k"}
    )  # fmt: skip
    assert [w.phase for w in plan.weeks][-2:] == [Phase.TP, Phase.TP]
    assert plan.weeks[0].phase is not Phase.TP
    assert plan.weeks[0].sessions
    for s in plan.weeks[0].sessions:
        assert s.date is not None and (race - s.date).days >= WINDOW
    check_all(plan, profile, CATALOG, RULES, resolve_kit(profile.equipment, CATALOG, RULES))


def test_an_in_season_week_with_no_heavy_day_before_day_14_joins_the_taper() -> None:
    """Week 2 (days −17…−11 of a Monday 5k, its days up to −14 loading ones): Friday −17
    is 48 h from Thursday's heavy day, Saturday is the day before the long run, Monday −14
    the day before a hard run. Easing the in-season session to RIR 4 broke inv. 9; the
    week is part of the taper instead, from day −14."""
    plan, profile = make(
        {"season": "in", "weekly_volume": 40.5, "days": 2, "level": "intermediate",
         "equipment": ["gym"], "injuries": ["achilles"], "start_date": "2026-12-25",
         "race_date": "2027-01-18", "race_distance": "5k", "hard_days": ["tue", "thu"],
         "long_run_day": "sun"}
    )  # fmt: skip
    race = dt.date(2027, 1, 18)
    assert [w.phase for w in plan.weeks] == [Phase.IN, Phase.TP, Phase.TP, Phase.TP]
    assert not [x for x in plan.warnings if "eased" in x]
    for w, s in plan.sessions():
        assert s.date is not None
        days = (race - s.date).days
        assert days <= WINDOW if w.phase is Phase.TP else days >= WINDOW
    check_all(plan, profile, CATALOG, RULES, resolve_kit(profile.equipment, CATALOG, RULES))
