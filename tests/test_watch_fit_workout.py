"""Strength sessions as FIT workouts: both decoders agree and the steps equal the plan."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
import yaml
from garmin_fit_sdk import Profile

from runstrength.catalog import load_catalog
from runstrength.enums import Category, ExerciseLevel, Laterality, LoadType, LoadUnit, Season
from runstrength.errors import CatalogError
from runstrength.models import Load, Prescription, Session
from runstrength.models import Profile as RunnerProfile
from runstrength.plan.engine import generate_plan
from runstrength.rulebook import default_rulebook
from runstrength.watch.fit_exercises import load_table
from runstrength.watch.fit_workout import encode_session, file_name, session_steps

from fit_samples import decode_both, decode_sdk

ROOT = Path(__file__).resolve().parents[1]
TABLE = load_table()
DAY = dt.date(2026, 11, 2)


def rx(exercise_id: str, name: str, **dose: Any) -> Prescription:
    fields: dict[str, Any] = {
        "id": exercise_id,
        "name": name,
        "category": Category.MAIN_BILATERAL,
        "pattern": "squat",
        "laterality": Laterality.BILATERAL,
        "order_rank": 2,
        "level": ExerciseLevel.BEGINNER,
        "equipment": ["none"],
        "sets": 2,
        "load": Load(type=LoadType.BODYWEIGHT),
        "rest_seconds": 60,
        "video": "https://www.youtube.com/results?search_query=x",
        "notes": "Chest up; knees track the toes",
    }
    fields.update(dose)
    return Prescription(**fields)


GOBLET = rx(
    "goblet-squat",
    "Goblet squat",
    sets=3,
    reps=(6, 8),
    target_rir=2,
    load=Load(type=LoadType.ABSOLUTE, value=20.0, unit="kg"),
    rest_seconds=90,
)
PLANK = rx("front-plank", "Front plank", sets=2, seconds=30, rest_seconds=45)
POGOS = rx("pogos", "Pogos", sets=2, reps=(20, 20), contacts=40, rest_seconds=60)


def session(*exercises: Prescription, date: dt.date | None = DAY) -> Session:
    return Session(index=1, label="A", date=date, exercises=list(exercises))


def name_num(category: str, name: str) -> int:
    values = Profile["types"][f"{category}_exercise_name"]
    found: int = next(k for k, v in values.items() if v == name)
    return found


# --------------------------------------------------------------------------- the table


def test_the_table_maps_every_catalog_exercise() -> None:
    catalog_ids = {e["id"] for e in yaml.safe_load((ROOT / "data" / "exercises.yaml").read_text())}
    assert catalog_ids == set(TABLE.by_id)


def test_the_table_reads_both_ways() -> None:
    for exercise_id, fit in TABLE.by_id.items():
        if fit.name_num is not None:
            assert TABLE.reverse(fit.category_num, fit.name_num) == exercise_id


def test_an_exercise_missing_from_the_table_is_category_unknown() -> None:
    fit = TABLE.lookup("my-own-exercise")
    assert (fit.category, fit.name, fit.category_num) == ("unknown", None, 65534)


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("pogos: {category: plyometrics}\n", "not a FIT exercise_category"),
        ("pogos: {category: plyo, name: pogo_hops}\n", "plyo_exercise_name"),
        ("a: {category: plank, name: plank}\nb: {category: plank, name: plank}\n", "already a"),
        ("pogos: {category: plyo, nmae: x}\n", "unknown key"),
    ],
)
def test_a_bad_table_is_a_catalog_error(tmp_path: Path, text: str, problem: str) -> None:
    path = tmp_path / "fit.yaml"
    path.write_text(text)
    with pytest.raises(CatalogError, match=problem):
        load_table(path)


# --------------------------------------------------------------------------- step types


def test_a_reps_step_carries_reps_weight_category_and_notes(tmp_path: Path) -> None:
    sdk, other = decode_both(tmp_path, encode_session(session(GOBLET), table=TABLE))
    for step in (sdk[0], other[0]):
        assert step["duration_type"] == "reps"
        assert step["duration_reps"] == 6  # the low end of 6–8; the range is in the notes
        assert step["exercise_weight"] == pytest.approx(20.0)
        assert step["weight_display_unit"] == "kilogram"
        assert step["exercise_category"] == "squat"
        assert step["exercise_name"] == name_num("squat", "goblet_squat")
        assert step["intensity"] == "active"
        assert step["wkt_step_name"] == "Goblet squat"
        assert step["notes"].startswith("Goblet squat: 6–8 reps, RIR 2, 20 kg.")
        assert "Chest up; knees track the toes" in step["notes"]
    active = [s for s in sdk if s["intensity"] == "active"]
    assert len(active) == GOBLET.sets


def test_a_time_step_carries_the_hold_seconds(tmp_path: Path) -> None:
    sdk, other = decode_both(tmp_path, encode_session(session(PLANK), table=TABLE))
    for steps in (sdk, other):
        holds = [s for s in steps if s["intensity"] == "active"]
        assert len(holds) == PLANK.sets
        assert all(s["duration_type"] == "time" and s["duration_time"] == 30.0 for s in holds)
        assert holds[0]["exercise_category"] == "plank"
        assert "exercise_weight" not in holds[0] or holds[0]["exercise_weight"] is None


def test_a_contacts_step_counts_contacts_per_set_as_reps(tmp_path: Path) -> None:
    sdk, other = decode_both(tmp_path, encode_session(session(POGOS), table=TABLE))
    for steps in (sdk, other):
        jumps = [s for s in steps if s["intensity"] == "active"]
        assert [s["duration_reps"] for s in jumps] == [20, 20]
        assert sum(s["duration_reps"] for s in jumps) == POGOS.contacts
        assert jumps[0]["exercise_category"] == "plyo"
        assert "40 contacts in 2 sets" in jumps[0]["notes"]


def test_one_set_of_contacts_is_said_in_the_singular(tmp_path: Path) -> None:
    """A ramp's one set of 26 pogos read "26 contacts in 1 sets" on the watch."""
    one = POGOS.model_copy(update={"sets": 1, "reps": (26, 26), "contacts": 26})
    sdk, other = decode_both(tmp_path, encode_session(session(one), table=TABLE))
    for steps in (sdk, other):
        jumps = [s for s in steps if s["intensity"] == "active"]
        assert "26 contacts in 1 set." in jumps[0]["notes"]
        assert "1 sets" not in jumps[0]["notes"]


def test_rest_steps_sit_between_sets_with_the_rest_seconds(tmp_path: Path) -> None:
    sdk, other = decode_both(tmp_path, encode_session(session(GOBLET, PLANK), table=TABLE))
    for steps in (sdk, other):
        kinds = [s["intensity"] for s in steps]
        assert kinds == ["active", "rest"] * 4 + ["active"]  # 3 squat sets + 2 holds
        rests = [s for s in steps if s["intensity"] == "rest"]
        assert all(s["duration_type"] == "time" for s in rests)
        # after each squat set the squat's 90 s, after the first hold the plank's 45 s
        assert [s["duration_time"] for s in rests] == [90.0, 90.0, 90.0, 45.0]
        assert all("exercise_category" not in s or s["exercise_category"] is None for s in rests)


def test_a_per_side_hold_gets_a_step_per_side(tmp_path: Path) -> None:
    side = rx("side-plank", "Side plank", sets=2, seconds=30, per_side=True)
    sdk, _ = decode_both(tmp_path, encode_session(session(side), table=TABLE))
    names = [s["wkt_step_name"] for s in sdk if s["intensity"] == "active"]
    assert names == ["Side plank (left)", "Side plank (right)"] * 2


def test_a_per_side_rep_dose_is_one_step_counting_each_side(tmp_path: Path) -> None:
    lunge = rx("reverse-lunge", "Reverse lunge", reps=(8, 10), per_side=True)
    sdk, _ = decode_both(tmp_path, encode_session(session(lunge), table=TABLE))
    first = sdk[0]
    assert (first["wkt_step_name"], first["duration_reps"]) == ("Reverse lunge (each side)", 8)
    assert "each side" in first["notes"]


CATALOG = load_catalog()


@pytest.mark.parametrize("per_side", [False, True])
def test_step_names_fit_and_end_on_a_whole_word(per_side: bool) -> None:
    """A step name is at most 48 bytes. A per-side name too long for '(each side)' takes
    the plan's '/side' and stays whole ('Single-leg calf raise (straight knee) /side': the
    knee angle is the exercise); a name still too long ends '...' after a whole word of
    it, never inside one (it read 'Eccentric heel drop (straight + b...')."""
    for ex in CATALOG.exercises.values():
        p = rx(ex.id, ex.name, reps=(8, 10), per_side=per_side)
        name = session_steps(session(p), table=TABLE)[0].name
        assert len(name.encode()) <= 48, name
        shown = name.removesuffix(" (each side)").removesuffix(" /side")
        if per_side:
            assert shown != name
        if not shown.endswith("..."):
            assert shown == ex.name
            continue
        kept = shown.removesuffix("...")
        assert ex.name.startswith(kept) and ex.name[len(kept)] in " +(", name
    long = rx("x", "Single-leg calf raise (straight knee)", reps=(8, 10), per_side=True)
    assert session_steps(session(long), table=TABLE)[0].name == (
        "Single-leg calf raise (straight knee) /side"
    )
    cut = rx("x", "Eccentric heel drop (straight and bent knee) on a step", reps=(8, 10))
    assert session_steps(session(cut), table=TABLE)[0].name == (
        "Eccentric heel drop (straight and bent knee)..."
    )


def test_step_notes_carry_the_safety_notes_before_the_cues() -> None:
    """§10.11: the catalog's safety notes reach the watch too, ahead of the cues, so a
    note cut to the field's 254 bytes loses cues, not safety words."""
    with_safety = [ex for ex in CATALOG.exercises.values() if ex.safety]
    assert with_safety
    for ex in with_safety:
        p = rx(ex.id, ex.name, reps=(8, 10), safety=list(ex.safety), notes="; ".join(ex.cues))
        notes = session_steps(session(p), table=TABLE)[0].notes
        assert len(notes.encode()) <= 254
        for text in ex.safety:
            assert f"Safety: {text.strip().rstrip('.')}" in notes, (ex.id, notes)
        if ex.cues and ex.cues[0] in notes:
            assert notes.index("Safety:") < notes.index(ex.cues[0])


def test_a_distance_step_carries_metres(tmp_path: Path) -> None:
    carry = rx(
        "suitcase-carry",
        "Suitcase carry",
        distance_m=30,
        per_side=True,
        load=Load(type=LoadType.ABSOLUTE, value=24.0, unit="kg"),
    )
    sdk, other = decode_both(tmp_path, encode_session(session(carry), table=TABLE))
    for steps in (sdk, other):
        walks = [s for s in steps if s["intensity"] == "active"]
        assert len(walks) == 4
        assert all(s["duration_type"] == "distance" for s in walks)
        assert all(s["duration_distance"] == pytest.approx(30.0) for s in walks)


def test_pounds_are_stored_in_kg_and_shown_in_pounds(tmp_path: Path) -> None:
    lift = rx(
        "trap-bar-deadlift",
        "Trap bar deadlift",
        reps=(5, 5),
        load=Load(type=LoadType.ABSOLUTE, value=135.0),
    )
    sdk, _ = decode_both(
        tmp_path, encode_session(session(lift), load_unit=LoadUnit.LB, table=TABLE)
    )
    assert sdk[0]["exercise_weight"] == pytest.approx(61.23, abs=0.01)
    assert sdk[0]["weight_display_unit"] == "pound"


@pytest.mark.parametrize(
    ("load", "words"),
    [
        (Load(type=LoadType.PERCENT_E1RM, value=75.0), "75 % e1RM"),
        (Load(type=LoadType.CHOOSE), "choose the load"),
    ],
)
def test_loads_without_kilograms_stay_in_the_notes(tmp_path: Path, load: Load, words: str) -> None:
    lift = rx("back-squat", "Back squat", reps=(5, 5), target_rir=3, load=load)
    sdk, _ = decode_both(tmp_path, encode_session(session(lift), table=TABLE))
    assert sdk[0].get("exercise_weight") is None
    assert words in sdk[0]["notes"]


def test_an_unmapped_exercise_is_category_unknown(tmp_path: Path) -> None:
    own = rx("my-own-exercise", "My own exercise", reps=(10, 10))
    sdk, _ = decode_both(tmp_path, encode_session(session(own), table=TABLE))
    assert sdk[0]["exercise_category"] == "unknown"
    assert "exercise_name" not in sdk[0] or sdk[0]["exercise_name"] is None


def test_long_text_is_cut_to_fit_a_fit_string(tmp_path: Path) -> None:
    wordy = rx("goblet-squat", "Goblet squat " + "é" * 80, reps=(8, 8), notes="ü" * 400)
    sdk, _ = decode_both(tmp_path, encode_session(session(wordy), table=TABLE))
    assert len(sdk[0]["notes"].encode()) <= 254
    assert len(sdk[0]["wkt_step_name"].encode()) <= 48


# --------------------------------------------------------------------------- the file


def test_the_file_is_a_strength_workout_with_every_step_counted() -> None:
    data = encode_session(session(GOBLET, PLANK, POGOS), table=TABLE)
    messages = decode_sdk(data)
    [file_id] = messages["file_id_mesgs"]
    [workout] = messages["workout_mesgs"]
    assert file_id["type"] == "workout"
    assert file_id["time_created"] == dt.datetime(2026, 11, 2, tzinfo=dt.UTC)
    assert (workout["sport"], workout["sub_sport"]) == ("training", "strength_training")
    assert workout["num_valid_steps"] == len(messages["workout_step_mesgs"]) == 13
    assert workout["wkt_name"] == "Strength A 2026-11-02"
    assert [s["message_index"] for s in messages["workout_step_mesgs"]] == list(range(13))


def test_the_same_session_gives_the_same_bytes() -> None:
    one = encode_session(session(GOBLET, PLANK), table=TABLE)
    assert one == encode_session(session(GOBLET, PLANK), table=TABLE)
    assert one != encode_session(
        session(GOBLET, PLANK, date=DAY + dt.timedelta(days=7)), table=TABLE
    )
    assert encode_session(session(GOBLET, date=None), table=TABLE) == encode_session(
        session(GOBLET, date=None), table=TABLE
    )


def test_file_names_are_stable() -> None:
    assert file_name(session(GOBLET)) == "runstrength-2026-11-02-A.fit"
    assert file_name(session(GOBLET, date=None), week_index=3) == "runstrength-w03-A.fit"


def test_steps_match_the_prescription_one_to_one() -> None:
    steps = session_steps(session(GOBLET, POGOS), table=TABLE)
    assert [(s.kind, s.value, s.exercise_id) for s in steps if s.kind != "rest"] == [
        ("reps", 6.0, "goblet-squat")
    ] * 3 + [("reps", 20.0, "pogos")] * 2


@pytest.mark.parametrize("season", list(Season))
def test_every_session_of_a_real_plan_decodes_with_both_decoders(
    tmp_path: Path, season: Season
) -> None:
    profile = RunnerProfile(season=season, start_date=DAY, maxes={"trap-bar-deadlift": 120.0})
    plan = generate_plan(profile, load_catalog(), default_rulebook(), today=DAY)
    for week, s in plan.sessions()[:9]:
        data = encode_session(s, load_unit=plan.inputs.load_unit, table=TABLE)
        sdk, other = decode_both(tmp_path, data)
        expected = session_steps(s, load_unit=plan.inputs.load_unit, table=TABLE)
        assert len(sdk) == len(expected), (week.index, s.label)
        for got, also, want in zip(sdk, other, expected, strict=True):
            for step in (got, also):
                assert step["intensity"] == ("rest" if want.kind == "rest" else "active")
                if want.kind == "reps":
                    assert step["duration_reps"] == want.value
                elif want.kind in ("time", "rest"):
                    assert step["duration_time"] == want.value
