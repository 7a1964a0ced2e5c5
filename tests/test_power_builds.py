"""Long builds, race layouts and power (docs/method.md §10.9, §10.10; invariants 42–45).

The runners are the coaching review's (reviews/2026-12-coach.md S3, S5, S7, W5, W6, K2),
planned as if `today` were the review's day.
"""

from __future__ import annotations

import datetime as dt
import itertools
import math

import pytest

from runstrength.catalog import load_catalog
from runstrength.enums import Category, Level, Phase, RaceDistance, Season
from runstrength.kit import resolve_kit
from runstrength.models import Plan, Profile
from runstrength.plan import generate_plan
from runstrength.plan.plyometrics import is_power
from runstrength.plan.rules import in_family, week_contacts
from runstrength.rulebook import default_rulebook

from invariants import check_all, check_catalog_limits, check_power, check_variety

TODAY = dt.date(2026, 12, 3)  # the review's "today"
START = dt.date(2026, 12, 7)
RULES = default_rulebook()
CATALOG = load_catalog()


def make(**fields: object) -> tuple[Plan, Profile]:
    profile = Profile.model_validate(fields)
    plan = generate_plan(profile, CATALOG, RULES, today=TODAY)
    check_all(plan, profile, CATALOG, RULES, resolve_kit(profile.equipment, CATALOG, RULES))
    return plan, profile


def runs(plan: Plan) -> list[tuple[Phase, int]]:
    """The plan's phases as (phase, weeks) runs."""
    return [(p, len(list(g))) for p, g in itertools.groupby(w.phase for w in plan.weeks)]


def s3_half() -> Plan:
    """S3: half marathon in 10 weeks, 50 km, intermediate, gym."""
    return make(
        race_date=dt.date(2027, 2, 14),
        race_distance=RaceDistance.HALF,
        weekly_volume=50,
        level=Level.INTERMEDIATE,
        equipment=["gym"],
        start_date=START,
    )[0]


def s7_marathon() -> Plan:
    """S7: marathon in about 30 weeks, 70 km, 3 days, advanced, gym."""
    return make(
        race_date=dt.date(2027, 6, 27),
        race_distance=RaceDistance.MARATHON,
        weekly_volume=70,
        days=3,
        level=Level.ADVANCED,
        equipment=["gym"],
        start_date=START,
    )[0]


def _no_deload_at_phase_starts_or_before_the_taper(plan: Plan) -> None:
    for prev, w in itertools.pairwise(plan.weeks):
        if w.phase is not prev.phase:
            assert not w.deload, f"week {w.index}: a deload opens {w.phase}"
        if w.phase is Phase.TP:
            assert not prev.deload, f"week {prev.index}: a deload right before the taper"
    assert not plan.weeks[0].deload


# ----------------------------------------------------------------------- §10.9 layouts


def test_s3_ten_week_half_keeps_three_weeks_of_max_strength() -> None:
    plan = s3_half()
    assert len(plan.weeks) == 10
    assert [p for p, _ in runs(plan)] == [Phase.AA, Phase.MS, Phase.PW, Phase.TP]
    assert sum(w.phase is Phase.MS for w in plan.weeks) >= RULES.race_build.min_ms_weeks == 3
    _no_deload_at_phase_starts_or_before_the_taper(plan)
    # the MS weeks really are max strength: a main lift at 6 reps or fewer
    ms = [w for w in plan.weeks if w.phase is Phase.MS and not w.deload]
    assert ms and all(
        any(p.category is Category.MAIN_BILATERAL and p.reps and p.reps[1] <= 6 for _, p in _ex(w))
        for w in ms
    )


def _ex(w):
    return [(s, p) for s in w.sessions for p in s.exercises]


@pytest.mark.parametrize("weeks_out", [8, 10, 12])
@pytest.mark.parametrize("distance", [RaceDistance.HALF, RaceDistance.MARATHON])
def test_eight_to_twelve_week_builds_keep_max_strength(
    weeks_out: int, distance: RaceDistance
) -> None:
    plan, _ = make(
        race_date=START + dt.timedelta(days=7 * weeks_out - 1),
        race_distance=distance,
        level=Level.INTERMEDIATE,
        start_date=START,
    )
    assert len(plan.weeks) == weeks_out
    assert sum(w.phase is Phase.MS for w in plan.weeks) >= 3
    _no_deload_at_phase_starts_or_before_the_taper(plan)


def test_s7_thirty_week_marathon_is_laid_out_as_a_long_build() -> None:
    plan = s7_marathon()
    layout = runs(plan)
    assert [p for p, _ in layout] == [Phase.AA, Phase.MS, Phase.PW, Phase.IN, Phase.TP]
    assert dict(layout)[Phase.IN] == RULES.race_build.maintenance_weeks == 8
    _no_deload_at_phase_starts_or_before_the_taper(plan)
    # MS runs longer than 8 weeks, so it changes stimulus (rep range) within 8 weeks
    ms = [w for w in plan.weeks if w.phase is Phase.MS and not w.deload]
    assert dict(layout)[Phase.MS] > RULES.stimulus.max_weeks

    def main_reps(w):
        return {p.reps for _, p in _ex(w) if p.id == "trap-bar-deadlift" and p.reps}

    first_block_end = main_reps(ms[3])
    assert any(main_reps(w) != first_block_end for w in ms[4:])
    check_variety(plan)  # inv. 42


def test_s7_plyometrics_peak_before_the_last_eight_weeks() -> None:
    plan = s7_marathon()
    n = RULES.race_build.maintenance_weeks
    level_i = list(Level).index(Level.ADVANCED)
    cap = math.floor(
        RULES.plyo_caps[Phase.IN][level_i] * RULES.band_mods[plan.inputs.volume_band].plyo
    )
    last = [week_contacts(w) for w in plan.weeks[-n:]]
    before = [week_contacts(w) for w in plan.weeks[:-n]]
    assert max(last) <= cap  # inv. 43
    assert max(before) > max(last)  # the peak comes before the marathon-specific weeks
    # no 4 × 26 pogos, nor any set past the catalog's limits (inv. 45)
    check_catalog_limits(plan, CATALOG, RULES)
    for _, s in plan.sessions():
        for p in s.exercises:
            if p.id == "pogos":
                assert p.reps is not None and p.reps[1] <= 25 and p.sets <= 4


@pytest.mark.parametrize("weeks_out", [10, 14])
def test_a_short_marathon_build_keeps_its_last_eight_weeks_within_the_in_cap(
    weeks_out: int,
) -> None:
    plan, _ = make(
        race_date=START + dt.timedelta(days=7 * weeks_out - 1),
        race_distance=RaceDistance.MARATHON,
        level=Level.ADVANCED,
        weekly_volume=30,
        start_date=START,
    )
    level_i = list(Level).index(Level.ADVANCED)
    cap = math.floor(
        RULES.plyo_caps[Phase.IN][level_i] * RULES.band_mods[plan.inputs.volume_band].plyo
    )
    assert all(week_contacts(w) <= cap for w in plan.weeks[-8:])


def test_s5_a_race_twelve_days_away_keeps_its_days_without_a_start() -> None:
    race = dt.date(2026, 12, 15)
    plan, _ = make(
        race_date=race,
        race_distance=RaceDistance.TEN_K,
        weekly_volume=60,
        level=Level.ADVANCED,
        equipment=["gym"],
    )
    assert plan.inputs.start_date == TODAY  # not day -6 (W11)
    dated = [s.date for _, s in plan.sessions() if s.date is not None]
    assert min((race - d).days for d in dated) > RULES.race_quiet_days
    assert max((race - d).days for d in dated) >= 8  # the days -12 … -8 window is used
    heavy = [s for _, s in plan.sessions() if s.heavy_lower_body]
    assert heavy and all(s.date is not None and (race - s.date).days >= 5 for s in heavy)


# ----------------------------------------------------------------------- §10.10 power


@pytest.mark.parametrize(
    ("equipment", "expected"),
    [
        (["gym"], {"trap-bar-jump", "kettlebell-swing"}),
        (["home"], {"kettlebell-swing", "box-jump"}),
        (["none"], {"squat-jump"}),
        (["barbell", "rack"], {"squat-jump"}),
    ],
)
def test_every_pw_week_holds_power_work(equipment: list[str], expected: set[str]) -> None:
    plan, _ = make(season=Season.PRE, level=Level.INTERMEDIATE, equipment=equipment, days=2)
    check_power(plan, RULES)  # inv. 44
    for w in plan.weeks:
        if w.deload:
            continue
        found = {p.id for _, p in _ex(w) if is_power(p, RULES)}
        assert found & expected, (w.index, found)
        for s in w.sessions:  # the ballistic comes first (§2.3), before any main lift
            ranks = [p.order_rank for p in s.exercises]
            assert ranks == sorted(ranks)


@pytest.mark.parametrize(
    "fields",
    [
        {"season": Season.PRE, "volume": 40, "days": 2, "equipment": ["gym"]},
        {  # the default level: a novice with 4 weeks to a 10k
            "race_date": dt.date(2027, 1, 3),
            "race_distance": RaceDistance.TEN_K,
            "weekly_volume": 30,
            "days": 2,
        },
    ],
)
def test_a_novice_starts_power_work_without_a_loaded_jump(fields: dict[str, object]) -> None:
    """Coach re-check N1: a novice's first session held `Trap bar jump 3 × 3`, a loaded
    ballistic of 3 reps (§10.1: no set below 6 reps in the first 6 weeks; jumps dosed in
    contacts and throws excepted). The first weeks take the kettlebell swing (3 × 8) or a
    throw or jump instead; from week 7, and for an intermediate at once, the trap-bar jump
    comes back."""
    fields = {"weekly_volume": 40, **fields}
    fields.pop("volume", None)
    plan, _ = make(level=Level.NOVICE, start_date=START, **fields)
    early = [p for w, s in plan.sessions() if w.index <= 6 for p in s.exercises]
    assert "trap-bar-jump" not in {p.id for p in early}
    pw = [w for w in plan.weeks if w.phase is Phase.PW and not w.deload and w.index <= 6]
    for w in pw:  # still power work in every heavy PW session (inv. 44)
        assert any(is_power(p, RULES) for _, p in _ex(w)), w.index
    other, _ = make(level=Level.INTERMEDIATE, start_date=START, **fields)
    first = [p.id for w, s in other.sessions() if w.index == 1 for p in s.exercises]
    assert "trap-bar-jump" in first


def test_power_in_the_race_builds_pw_weeks() -> None:
    for plan in (s3_half(), s7_marathon()):
        pw = [w for w in plan.weeks if w.phase is Phase.PW and not w.deload]
        assert pw
        for w in pw:
            assert any(is_power(p, RULES) for _, p in _ex(w)), w.index


def test_plyometrics_progress_in_intensity_and_two_legs_come_first() -> None:
    plan = s7_marathon()
    ranks = []
    for w in plan.weeks:
        if w.phase in (Phase.AA, Phase.MS, Phase.PW) and not w.deload:
            plyo = [
                CATALOG.exercises[p.id].plyo_rank or 0
                for _, p in _ex(w)
                if p.category is Category.PLYOMETRIC and p.contacts
            ]
            ranks.append(max(plyo, default=0))
    assert ranks == sorted(ranks)  # never back down while loading
    assert len(set(ranks)) >= 4  # in place → moving → one leg …
    novice, _ = make(season=Season.OFF, level=Level.NOVICE, equipment=["gym"], days=2)
    for w in novice.weeks[:4]:
        for _, p in _ex(w):
            if p.contacts:
                assert p.laterality.value == "bilateral", (w.index, p.id)


def test_volume_and_intensity_never_rise_in_the_same_week() -> None:
    for plan in (s3_half(), s7_marathon()):
        loading = [w for w in plan.weeks if not w.deload and week_contacts(w)]
        for a, b in itertools.pairwise(loading):

            def rank(w):
                return max(CATALOG.exercises[p.id].plyo_rank or 0 for _, p in _ex(w) if p.contacts)

            if rank(b) > rank(a):
                assert week_contacts(b) <= week_contacts(a), b.index


@pytest.mark.parametrize(
    ("lift", "equipment"),
    [
        ("goblet-squat", ["home"]),
        # coach review K2: "kettlebell-deadlift 2 × 3–4" (home, pre-season) and a
        # dumbbell "single-leg-romanian-deadlift 2 × 3–4/side" as the main hinge
        ("kettlebell-deadlift", ["home"]),
        ("single-leg-romanian-deadlift", ["dumbbells"]),
    ],
)
def test_a_light_or_awkward_main_lift_is_never_a_low_rep_heavy_lift(
    lift: str, equipment: list[str]
) -> None:
    seen = False
    for season in (Season.OFF, Season.PRE, Season.IN):
        for level in Level:
            plan, _ = make(season=season, level=level, equipment=equipment, days=2)
            for _, s in plan.sessions():
                for p in s.exercises:
                    if p.id == lift and not s.primer:
                        seen = True
                        assert p.reps is not None and p.reps[0] >= 6, (season, level, p.reps)
    assert seen, f"{lift} never planned with {equipment}: the test tests nothing"


def test_a_gym_runner_gets_a_barbell_or_trap_bar_squat_and_hinge() -> None:
    plan, _ = make(season=Season.PRE, level=Level.INTERMEDIATE, equipment=["gym"])
    mains = {
        p.id
        for _, s in plan.sessions()
        for p in s.exercises
        if p.category is Category.MAIN_BILATERAL
    }
    assert {"trap-bar-deadlift", "back-squat"} <= mains
    assert "goblet-squat" not in mains


def test_a_barbell_only_kit_gets_a_barbell_hinge() -> None:
    plan, profile = make(
        season=Season.OFF, level=Level.INTERMEDIATE, equipment=["barbell", "rack"], days=2
    )
    assert "barbell-romanian-deadlift" in CATALOG
    for w in plan.weeks:
        if w.deload:
            continue
        hinges = [
            p.id
            for _, p in _ex(w)
            if in_family(p, RULES.families.hinge) and "barbell" in p.equipment
        ]
        assert hinges == ["barbell-romanian-deadlift"] or "barbell-romanian-deadlift" in hinges
    assert profile.equipment == ["barbell", "rack"]
