"""A race's last days (§3.4): after the last heavy day for the distance every session is a
short primer, and no primer holds eccentric-emphasis work (the coach's re-check of 440
random plans, 2026-12-06: full sessions with accessories 5–9 days before a half or a
marathon, and eccentric heel drops in race primers)."""

from __future__ import annotations

import datetime as dt

import pytest

from runstrength.catalog import load_catalog
from runstrength.enums import Level
from runstrength.kit import resolve_kit
from runstrength.models import Plan, Prescription, Profile, Session
from runstrength.plan import generate_plan
from runstrength.plan.notes import weeks_named
from runstrength.plan.prescribe import MAIN_BILATERAL_RANK, MAIN_UNILATERAL_RANK, prescription_of
from runstrength.plan.rules import in_family, is_plyometric, race_key
from runstrength.plan.selection import within_limits
from runstrength.rulebook import default_rulebook

from invariants import check_all

TODAY = dt.date(2026, 11, 2)  # the roster's today (benchmarks/roster.py)
RULES = default_rulebook()
CATALOG = load_catalog()

# Roster rows of the reproduction (benchmarks/roster.py `roster_rows(1000, 5)`).
RUNNERS = {
    # row 11: a marathon on body weight; day −6 held a split squat, single-leg calf raises
    # 3 × 10–15 and eccentric heel drops 3 × 15, and the day −9 primer heel drops 1 × 15
    "marathon-achilles": {
        "weekly_volume": 68.7, "unit": "mi", "days": 2, "level": "advanced",
        "equipment": ["none"], "injuries": ["achilles"], "start_date": "2026-12-13",
        "race_date": "2027-06-27", "race_distance": "marathon", "hard_days": ["fri"],
        "long_run_day": "tue",
    },
    # row 40: a half; day −6 (after its last heavy day, −7) held single-leg calf raises
    # 4 × 10–15 beside a split squat and hip work, and the day −8 primer heel drops
    "half-achilles-pfps": {
        "weekly_volume": 52.7, "unit": "mi", "days": 3, "level": "advanced",
        "equipment": ["none"], "injuries": ["pfps", "achilles"], "start_date": "2026-12-25",
        "race_date": "2027-03-05", "race_distance": "half",
    },
    # row 33: a novice's marathon; day −8 held lateral line hops, a split squat, a calf
    # raise and single-leg balance, as a full session
    "marathon-ankle": {
        "weekly_volume": 23.2, "unit": "km", "level": "novice", "equipment": ["none"],
        "injuries": ["ankle"], "start_date": "2026-11-27", "race_date": "2027-03-19",
        "race_distance": "marathon", "long_run_day": "fri",
    },
    # row 235: a marathon; the day −13 primer held eccentric heel drops
    "marathon-hip-achilles": {
        "weekly_volume": 70.0, "unit": "km", "days": 2, "level": "intermediate",
        "equipment": ["kettlebell", "mat"], "injuries": ["hip", "achilles"],
        "start_date": "2026-12-23", "race_date": "2027-05-12", "race_distance": "marathon",
        "hard_days": ["tue"],
    },
}  # fmt: skip

# row 2: a 10k, whose heavy day −6 is within §3.4 (its last heavy day is −5)
TEN_K = {
    "weekly_volume": 23.8, "unit": "mi", "days": 2, "level": "intermediate",
    "equipment": ["gym"], "start_date": "2026-12-16", "race_date": "2027-07-14",
    "race_distance": "10k",
}  # fmt: skip


def make(fields: dict[str, object]) -> tuple[Plan, Profile]:
    profile = Profile.model_validate(fields)
    return generate_plan(profile, CATALOG, RULES, today=TODAY), profile


def race_days(plan: Plan, profile: Profile) -> list[tuple[int, int, Session]]:
    """(days before the race, week index, session) of every session."""
    assert profile.race_date is not None
    out = []
    for w, s in plan.sessions():
        assert s.date is not None
        out.append(((profile.race_date - s.date).days, w.index, s))
    return out


@pytest.mark.parametrize("name", sorted(RUNNERS))
def test_after_the_last_heavy_day_every_session_is_a_primer(name: str) -> None:
    plan, profile = make(RUNNERS[name])
    assert profile.race_distance is not None
    last_hlb = getattr(RULES.race_last_hlb_days, race_key(profile.race_distance))
    late = [(days, s) for days, _i, s in race_days(plan, profile) if days < last_hlb]
    assert late  # each runner has a session there
    for days, s in late:
        assert s.primer and not s.heavy_lower_body, (days, s)
        # §3.4: 1–2 sets a lift, ≤ 20 low-intensity contacts
        assert all(p.sets <= 2 for p in s.exercises if not is_plyometric(p)), (days, s)
        jumps = [p for p in s.exercises if is_plyometric(p)]
        assert sum(p.contacts or 0 for p in jumps) <= RULES.primer.contacts
        assert all(CATALOG.exercises[p.id].intensity <= 1 for p in jumps), (days, s)
    keeps(plan, profile)


def test_a_10k_keeps_its_heavy_session_six_days_out() -> None:
    """§3.4: a 10k's last heavy day is −5, so a taper session at day −6 stays as drafted
    (1 × 2–3 back squats, pogos, a calf raise, core): legal, and short already."""
    plan, profile = make(TEN_K)
    (s,) = [s for days, _i, s in race_days(plan, profile) if days == 6]
    assert s.heavy_lower_body and not s.primer
    assert [p.id for p in s.exercises] == [
        "pogos", "back-squat", "single-leg-calf-raise", "deadbug",
    ]  # fmt: skip


@pytest.mark.parametrize("name", sorted(RUNNERS))
def test_no_primer_holds_eccentric_work(name: str) -> None:
    """A primer holds no eccentric-emphasis exercise (`families.eccentric`: heel drops,
    Nordic curls, step-downs): their soreness lasts days. The Achilles minimum's calf work
    in it is a plain calf raise at one set, and the week says what it lacks."""
    plan, profile = make(RUNNERS[name])
    eccentric = RULES.families.eccentric
    assert eccentric.patterns
    primers = [(i, s) for _d, i, s in race_days(plan, profile) if s.primer]
    assert primers
    for i, s in primers:
        assert not any(in_family(p, eccentric) for p in s.exercises), (i, s)
        calf = [p for p in s.exercises if in_family(p, RULES.families.calf)]
        assert all(p.sets == RULES.primer.core_sets for p in calf), (i, s)
    keeps(plan, profile)


def test_a_primer_s_heel_drops_become_a_plain_calf_raise() -> None:
    """Row 40: the day −8 primer's heel drops (the Achilles minimum's bent-knee part, no
    dumbbells for a bent-knee raise) become their catalog regression, the double-leg calf
    raise, at one set; the week names the Achilles minimum it misses, and why: the heel
    drop, its only bent-knee work, may not be in a primer. It had said "no room for Split
    squat calf raises", its fill's line, though the heel drop back at one set meets it."""
    plan, profile = make(RUNNERS["half-achilles-pfps"])
    (s,) = [s for days, _i, s in race_days(plan, profile) if days == 8]
    assert s.primer
    assert [(p.id, p.sets) for p in s.exercises] == [("split-squat", 1), ("double-calf-raise", 1)]
    drop = CATALOG.exercises["eccentric-heel-drop"]
    (bent,) = [g for g in RULES.injuries["achilles"].minimum.each_of if drop.id in g]  # type: ignore[union-attr]
    week = [p for w in plan.weeks if w.index == 9 for s in w.sessions for p in s.exercises]
    assert not {p.id for p in week} & set(bent)
    (said,) = [x for x in plan.warnings if 9 in weeks_named(x) and "achilles" in x]
    assert said.startswith("week 9: the achilles minimum"), plan.warnings
    assert f"a race primer holds no eccentric work (§3.4), and the week's {drop.name}" in said
    assert "no room" not in said and "besides" not in said
    keeps(plan, profile)


def test_a_week_short_besides_its_primer_s_heel_drop_says_both() -> None:
    """A taper season's ultra, body weight, Achilles: week 6's primer loses its heel drop
    (the week's only bent-knee work) and the week would still be sets short with it back
    at one set: the warning gives the primer rule, then the race's few sessions."""
    plan, profile = make(
        {"season": "taper", "weekly_volume": 17.5, "days": 3, "level": "novice",
         "equipment": ["none"], "injuries": ["achilles", "hamstring", "bone"],
         "start_date": "2026-12-24", "race_date": "2027-02-04", "race_distance": "ultra",
         "hard_days": ["mon"]}
    )  # fmt: skip
    (primer,) = [s for w in plan.weeks if w.index == 6 for s in w.sessions if s.primer]
    assert "double-calf-raise" in [p.id for p in primer.exercises]
    said = [x for x in plan.warnings if 6 in weeks_named(x) and "achilles" in x]
    assert len(said) == 1, plan.warnings
    assert "a race primer holds no eccentric work (§3.4)" in said[0]
    assert said[0].endswith(
        "; besides, the sessions left this close to the race have no room for it "
        "(achilles prevention)"
    )
    keeps(plan, profile)


def test_a_primer_made_of_a_taper_session_keeps_its_main_lift() -> None:
    """Seed 2, row 435: a marathon's day −6 held single-leg pogos, Romanian deadlifts
    1 × 2–3, and 6 sets of calf raises for the Achilles minimum. Now a primer: pogos, the
    Romanian deadlift (a posterior-chain lift in the catalog filling the hinge slot: it
    stays the main lift), one set of the calf raise and the plank; the week says the race
    left no room for the rest of the minimum."""
    plan, profile = make(
        {"weekly_volume": 22.4, "unit": "km", "days": 3, "level": "intermediate",
         "equipment": ["dumbbells", "box", "mat"], "injuries": ["achilles"],
         "start_date": "2026-12-11", "race_date": "2027-02-19", "race_distance": "marathon",
         "hard_days": ["mon", "tue"], "long_run_day": "sun"}
    )  # fmt: skip
    (s,) = [s for days, i, s in race_days(plan, profile) if i == 10]
    assert s.primer
    dose = [(p.id, p.sets, p.reps, p.contacts, p.target_rir) for p in s.exercises]
    assert dose == [
        ("pogos", 2, (10, 10), 20, None),
        ("romanian-deadlift", 1, (2, 3), None, 4),
        ("double-calf-raise", 1, (16, 20), None, 4),
        ("front-plank", 1, None, None, None),
    ]
    said = [x for x in plan.warnings if 10 in weeks_named(x) and "achilles minimum" in x]
    assert said and "this close to the race" in said[0], plan.warnings
    keeps(plan, profile)


# Roster rows whose primers' main lift was over §3.4's 2–3 reps (the coach re-check: 345
# of them in 440 plans). Row 130: an advanced marathon, home kit: goblet squats 1 × 6 in
# the drafted day −8 primer (`main_lift_min_reps`, a rule for heavy sets). Row 16: a
# taper season, dumbbells: the same in its primers. Row 11 ("marathon-achilles"): body
# weight, split squats 1 × 8–12 and 1 × 10–12 (the session's reps had climbed), single-leg
# Romanian deadlifts 1 × 6–8.
PRIMED = {
    "marathon-home": {
        "weekly_volume": 107.4, "unit": "km", "days": 3, "level": "advanced",
        "equipment": ["home"], "start_date": "2027-01-01", "race_date": "2027-04-09",
        "race_distance": "marathon", "hard_days": ["mon"],
    },
    "taper-dumbbells": {
        "season": "taper", "weekly_volume": 38.6, "unit": "mi", "days": 3,
        "level": "intermediate", "equipment": ["dumbbells", "box", "mat"],
        "injuries": ["mtss"], "start_date": "2026-11-18", "long_run_day": "thu",
    },
    "marathon-achilles": RUNNERS["marathon-achilles"],
    "marathon-ankle": RUNNERS["marathon-ankle"],  # a novice on body weight: 1 × 8–12
}  # fmt: skip


def primer_mains(plan: Plan) -> list[tuple[int, Prescription]]:
    """(week index, main lift) of every primer: its first lift of a main-lift rank."""
    ranks = (MAIN_BILATERAL_RANK, MAIN_UNILATERAL_RANK)
    out = []
    for w, s in plan.sessions():
        main = next((p for p in s.exercises if p.order_rank in ranks), None) if s.primer else None
        if main is not None and main.reps is not None:
            out.append((w.index, main))
    return out


@pytest.mark.parametrize("name", sorted(PRIMED))
def test_a_primer_s_main_lift_is_one_set_of_two_to_three(name: str) -> None:
    """§3.4: a primer's main lift is 1–2 sets of 2–3 reps at RIR ≥ 4, on body weight and
    for a goblet squat too: it keeps the runner sharp, it is no heavy set. A novice's is at
    `novice_start.min_reps` (§10.1: no set below 6 wins)."""
    plan, profile = make(PRIMED[name])
    lo, hi = RULES.primer.reps
    if profile.level is Level.NOVICE:
        lo = max(lo, RULES.novice_start.min_reps)
        hi = max(hi, lo)
    mains = primer_mains(plan)
    assert mains  # each runner has a primer with a main lift
    for i, p in mains:
        assert (p.reps, p.sets) == ((lo, hi), RULES.primer.main_sets), (i, p.id, p.reps)
        assert p.target_rir is not None and p.target_rir >= RULES.primer.rir, (i, p.id)
    keeps(plan, profile)


def test_a_goblet_squat_keeps_its_least_reps_outside_a_primer() -> None:
    """`main_lift_min_reps` still holds for the sets it is for: a goblet squat is no 3–5
    rep heavy lift (§10.10, K2); only a primer's one light set goes under it."""
    ex = CATALOG.exercises["goblet-squat"]
    least = RULES.main_lift_min_reps[ex.id]
    p = prescription_of(ex, sets=1, reps=RULES.primer.reps, target_rir=RULES.primer.rir)
    assert RULES.primer.reps[0] < least  # else this test says nothing
    assert within_limits(p, ex, RULES).reps == (least, least)
    assert within_limits(p, ex, RULES, primer=True).reps == RULES.primer.reps


def test_work_handed_over_to_a_race_week_session_keeps_two_sets() -> None:
    """A 10k, body weight, Achilles: the race rules drop week 22's other session, and the
    kept one on day −5 takes over its eccentric heel drops in the place of its plank
    (§10.8). It took all 3 × 15 (27 minutes); now `race_handover_sets` (§3.4: 1–2 sets
    this close to a race), and the week says the minimum is short."""
    plan, profile = make(
        {"season": "off", "days": 3, "weekly_volume": 20, "level": "advanced",
         "equipment": ["none"], "injuries": ["achilles"], "start_date": "2026-11-12",
         "race_date": "2027-04-17", "race_distance": "10k"}
    )  # fmt: skip
    (s,) = [s for days, _i, s in race_days(plan, profile) if days == 5]
    assert not s.primer
    (drop,) = [p for p in s.exercises if p.id == "eccentric-heel-drop"]
    assert drop.sets == RULES.race_handover_sets
    drafted = max(p.sets for _w, x in plan.sessions() for p in x.exercises if p.id == drop.id)
    assert drafted > RULES.race_handover_sets  # else this test says nothing
    said = [x for x in plan.warnings if 22 in weeks_named(x) and "achilles minimum" in x]
    assert said, plan.warnings
    keeps(plan, profile)


def keeps(plan: Plan, profile: Profile) -> None:
    check_all(plan, profile, CATALOG, RULES, resolve_kit(profile.equipment, CATALOG, RULES))
