"""Sets back from the watch: a strength activity's set messages become logged-set values."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from garmin_fit_sdk import Profile

from runstrength.errors import InvalidInput
from runstrength.watch.fit_exercises import load_table
from runstrength.watch.fit_strength import read_strength_activity

from fit_samples import run_fit, strength_fit

START = dt.datetime(2026, 11, 2, 18, 0, tzinfo=dt.UTC)
TABLE = load_table()


def num(category: str, name: str) -> int:
    values = Profile["types"][f"{category}_exercise_name"]
    found: int = next(k for k, v in values.items() if v == name)
    return found


def test_active_sets_map_back_to_catalog_ids_with_reps_weight_and_time(tmp_path: Path) -> None:
    sets = [
        {"category": "squat", "subtype": num("squat", "goblet_squat"), "reps": 8, "weight": 20.0},
        {"category": "squat", "subtype": num("squat", "goblet_squat"), "reps": 7, "weight": 20.0},
        {"category": "plank", "subtype": num("plank", "plank"), "duration": 31.5},
        {
            "category": "deadlift",
            "subtype": num("deadlift", "trap_bar_deadlift"),
            "reps": 5,
            "weight": 61.25,
            "unit": "pound",
        },
    ]
    path = tmp_path / "gym.fit"
    path.write_bytes(strength_fit(START, sets))
    activity = read_strength_activity(path, table=TABLE)
    assert activity.start == START and activity.date == START.date()
    assert activity.rest_sets == 4
    assert activity.unmapped == []
    got = [(s.exercise_id, s.reps, s.weight_kg, s.weight_unit) for s in activity.sets]
    assert got == [
        ("goblet-squat", 8, 20.0, "kg"),
        ("goblet-squat", 7, 20.0, "kg"),
        ("front-plank", None, None, "kg"),
        ("trap-bar-deadlift", 5, 61.25, "lb"),
    ]
    assert activity.sets[2].duration_s == pytest.approx(31.5)
    assert activity.sets[0].start == START


def test_sets_without_a_mapping_are_reported_by_fit_name_not_dropped(tmp_path: Path) -> None:
    sets: list[dict[str, Any]] = [
        {"category": "bench_press", "subtype": 0, "reps": 10, "weight": 40.0},
        {"category": "plyo", "subtype": None, "reps": 20},
        {"category": "unknown", "subtype": None, "reps": 12},
    ]
    path = tmp_path / "gym.fit"
    path.write_bytes(strength_fit(START, sets))
    activity = read_strength_activity(path, table=TABLE)
    assert [s.exercise_id for s in activity.sets] == [None, None, None]
    labels = [s.fit_label for s in activity.sets]
    assert labels[1:] == ["plyo", "unknown"]
    assert labels[0].startswith("bench_press/")
    assert activity.unmapped == labels


def test_the_workout_step_name_comes_along_when_the_watch_ran_a_workout(tmp_path: Path) -> None:
    steps = [
        {
            "message_index": 0,
            "wkt_step_name": "Pogos",
            "duration_type": "reps",
            "duration_value": 20,
            "exercise_category": "plyo",
        }
    ]
    sets = [{"category": "plyo", "subtype": None, "reps": 20, "wkt_step_index": 0}]
    path = tmp_path / "gym.fit"
    path.write_bytes(strength_fit(START, sets, workout_steps=steps))
    [watch_set] = read_strength_activity(path, table=TABLE).sets
    assert watch_set.step_name == "Pogos"  # the caller can map it by catalog name


def test_a_run_is_not_a_strength_activity(tmp_path: Path) -> None:
    path = tmp_path / "run.fit"
    path.write_bytes(run_fit(START))
    with pytest.raises(InvalidInput, match="no strength sets"):
        read_strength_activity(path, table=TABLE)


def test_a_damaged_strength_file_is_one_line(tmp_path: Path) -> None:
    data = strength_fit(START, [{"category": "squat", "subtype": 37, "reps": 8}])
    path = tmp_path / "gym.fit"
    path.write_bytes(data[:-3])
    with pytest.raises(InvalidInput) as info:
        read_strength_activity(path, table=TABLE)
    assert str(path) in str(info.value) and "\n" not in str(info.value)


def test_the_date_is_the_watch_s_local_day(tmp_path: Path) -> None:
    late = dt.datetime(2026, 11, 2, 23, 30, tzinfo=dt.UTC)  # 00:30 the next day at +1 h
    path = tmp_path / "gym.fit"
    path.write_bytes(strength_fit(late, [{"category": "squat", "subtype": 37, "reps": 8}]))
    assert read_strength_activity(path, table=TABLE).date == dt.date(2026, 11, 3)
