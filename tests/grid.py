"""The property grid: the input space the engine's property tests draw from, and how a
plan is made of each draw. Shared by the tests that need plans of any profile
(test_properties, test_selection_memo, test_model_json, test_saved_plan_read)."""

from __future__ import annotations

import datetime as dt
from typing import Literal

from hypothesis import reject
from hypothesis import strategies as st

from runstrength.catalog import load_catalog
from runstrength.enums import DistanceUnit, Level, RaceDistance, Season, Weekday
from runstrength.errors import InvalidProfile
from runstrength.models import Plan, Profile
from runstrength.plan import generate_plan
from runstrength.rulebook import default_rulebook

TODAY = dt.date(2026, 11, 26)
RULES = default_rulebook()
CATALOG = load_catalog()
INJURIES = sorted(RULES.injuries)


@st.composite
def profiles(draw: st.DrawFn) -> Profile:
    season = draw(st.sampled_from(list(Season)))
    unit = draw(st.sampled_from(list(DistanceUnit)))
    km = draw(st.floats(min_value=0, max_value=200, allow_nan=False))
    volume = round(km / 1.609 if unit is DistanceUnit.MI else km, 1)
    start = draw(st.none() | st.dates(min_value=TODAY, max_value=TODAY + dt.timedelta(days=60)))
    race_date = None
    race_distance = None
    if draw(st.booleans()):
        base = start or TODAY
        race_date = base + dt.timedelta(days=draw(st.integers(min_value=1, max_value=300)))
        race_distance = draw(st.sampled_from(list(RaceDistance)))
    hard = draw(st.lists(st.sampled_from(list(Weekday)), max_size=3, unique=True))
    one_day_ok = season is Season.IN or (season is Season.TAPER and race_date is None)
    counts: list[Literal[1, 2, 3]] = [1, 2, 3] if one_day_ok else [2, 3]
    days = draw(st.sampled_from(counts))
    long_run = draw(st.none() | st.sampled_from([d for d in Weekday if d not in hard]))
    return Profile(
        season=season,
        weekly_volume=volume,
        unit=unit,
        days=days,
        weeks=draw(st.none() | st.integers(min_value=1, max_value=20)),
        level=draw(st.sampled_from(list(Level))),
        equipment=[draw(st.sampled_from(["none", "home", "gym"]))],
        injuries=draw(st.lists(st.sampled_from(INJURIES), max_size=3, unique=True)),
        start_date=start,
        race_date=race_date,
        race_distance=race_distance,
        hard_days=sorted(hard, key=lambda d: d.number),
        long_run_day=long_run,
    )


def make(profile: Profile) -> Plan:
    try:
        return generate_plan(profile, CATALOG, RULES, today=TODAY, version="test")
    except InvalidProfile as exc:
        # §10.12: only a race too close for any session is refused, in one line
        assert "too close for any strength session" in str(exc), exc
        assert profile.race_date is not None
        assert (profile.race_date - (profile.start_date or TODAY)).days <= 7
        reject()  # refused in one line, as it should be: not a plan to check


# Found by hypothesis (inv. 5): a novice with no kit, ankle and Achilles history, 20 days
# to a 5k; week 1 held no bilateral lower-body work (every calf, hinge and lunge slot drew
# a one-leg exercise). Kept as an example so every run checks it.
