"""The saved plan and profile read back from the log without pydantic's validator
(log/stored_json.py `read_exact`) are what validation reads, and anything validation would
treat otherwise is left to it."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import typing
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pydantic import ValidationError

from runstrength.errors import StorageError
from runstrength.log.storage import SessionLog
from runstrength.log.stored_json import _known_checks, read_exact
from runstrength.models import Dose, Exercise, Plan, Profile
from runstrength.values import Value

from grid import make, profiles
from helpers import pydantic_builds
from sample_plan import sample_plan


def fields_set(value: Any) -> Any:
    """Each model's fields in order with their values' types, all the way down (== alone
    holds 3 == 3.0 and a tuple unlike a list)."""
    if isinstance(value, Value):
        return (type(value).__name__, [(k, fields_set(v)) for k, v in value.__dict__.items()])
    if isinstance(value, list | tuple):
        return (type(value).__name__, [fields_set(v) for v in value])
    if isinstance(value, dict):
        return {k: fields_set(v) for k, v in value.items()}
    return (type(value).__name__, value)


def assert_same_read(raw: str) -> None:
    exact = read_exact(Plan, raw)
    validated = Plan.model_validate_json(raw)
    assert exact is not None
    assert exact == validated
    assert exact.model_dump_json() == validated.model_dump_json() == raw
    assert fields_set(exact) == fields_set(validated)


@settings(deadline=None, max_examples=40, suppress_health_check=[HealthCheck.too_slow])
@given(profiles())
def test_a_generated_plan_reads_back_as_validation_reads_it(profile: Any) -> None:
    assert_same_read(make(profile).model_dump_json())


@pytest.mark.parametrize("dated", [True, False])
def test_the_sample_plans_read_back_as_validation_reads_them(dated: bool) -> None:
    """Loads with values and units, warm-ups, undated sessions."""
    assert_same_read(sample_plan(dated=dated).model_dump_json())


def test_what_pydantic_would_coerce_goes_to_pydantic() -> None:
    """A record not exactly as written (an int stored as 3.0, a field missing) is left to
    validation, which accepts or refuses it as before."""
    data = json.loads(sample_plan().model_dump_json())
    data["weeks"][0]["sessions"][0]["exercises"][0]["sets"] = 3.0
    raw = json.dumps(data)
    assert read_exact(Plan, raw) is None
    assert Plan.model_validate_json(raw).weeks[0].sessions[0].exercises[0].sets == 3
    for broken in ("", "{", "[]", '{"weeks": []}', json.dumps({**data, "extra": 1})):
        assert read_exact(Plan, broken) is None
    bad_date = json.loads(sample_plan().model_dump_json())
    bad_date["weeks"][0]["sessions"][0]["date"] = "2026-13-01"
    assert read_exact(Plan, json.dumps(bad_date)) is None


def test_a_damaged_stored_plan_is_still_refused_in_one_line(tmp_path: Path) -> None:
    log = SessionLog(tmp_path / "log.db")
    raw = sample_plan().model_dump_json().replace('"sets":', '"sets":"many","x":', 1)
    with pytest.raises(StorageError, match=r"the saved plan cannot be read \(.+\); save"):
        log._parsed(Plan, raw, "saved plan", "save a new one")
    raw = Profile().model_dump_json().replace("{", '{"colour":"red",', 1)
    with pytest.raises(StorageError) as err:
        log._parsed(Profile, raw, "saved profile", "save it again")
    assert "cannot be read (unknown field 'colour'); save it again" in str(err.value)


def _sets(data: dict[str, Any], value: object) -> None:
    data["weeks"][0]["sessions"][0]["exercises"][0]["sets"] = value


def _volume(data: dict[str, Any], value: object) -> None:
    data["inputs"]["weekly_volume"] = value


@pytest.mark.parametrize(
    ("change", "value", "said"),
    [
        (_sets, -3, "weeks[0].sessions[0].exercises[0].sets: -3 is below 1"),
        (_sets, -3.0, "weeks[0].sessions[0].exercises[0].sets: -3 is below 1"),  # validated
        (_volume, 5000.0, "inputs.weekly_volume: 5000 is not 0–1000"),
    ],
)
def test_a_stored_plan_no_runstrength_makes_cannot_be_read(
    tmp_path: Path, change: Any, value: object, said: str
) -> None:
    """A damaged log's plan of the right types but impossible numbers says so, as other
    damage does, whichever reader read it (the fast read, or validation: -3.0 is no int
    to the fast read)."""
    import sqlite3

    db = tmp_path / "log.db"
    with SessionLog(db) as log:
        log.save_plan(sample_plan())
    data = json.loads(sample_plan().model_dump_json())
    change(data, value)
    with sqlite3.connect(db) as conn:
        conn.execute("UPDATE plans SET json = ?", (json.dumps(data),))
    conn.close()
    with SessionLog(db) as log, pytest.raises(StorageError) as err:
        log.active_plan()
    assert f"the saved plan cannot be read ({said}); save a new one with" in str(err.value)


def test_every_generated_plan_is_one_runstrength_makes() -> None:
    """The check never refuses what the engine makes (the property grid, in
    test_properties, holds it too)."""
    from runstrength.log.plan_sanity import plan_problem

    assert plan_problem(sample_plan()) is None
    assert plan_problem(sample_plan(dated=True)) is None


def test_next_builds_no_plan_validator(tmp_path: Path) -> None:
    """The point of the fast read: `next` builds neither Plan's validator nor Profile's."""
    env = {**os.environ, "RUNSTRENGTH_HOME": str(tmp_path), "RUNSTRENGTH_TODAY": "2026-12-09"}
    cli = [sys.executable, "-m", "runstrength"]
    save = [*cli, "plan", "--season", "off", "--start", "2026-12-07", "--save", "-f", "json"]
    subprocess.run(save, env=env, check=True, capture_output=True)
    run, built = pydantic_builds(tmp_path, "next", today="2026-12-09")
    assert "Session" in run.stdout, run.stderr
    assert (built["adapters"], built["pydantic"]) == ("", "False"), run.stderr


def declared_order(model: type[Value], data: Any) -> None:
    """Every object of plan JSON lists its keys in its model's declared order."""
    assert list(data) == [name for name in model._skeleton if name in data], model
    hints = typing.get_type_hints(model)
    for name, value in data.items():
        kind = hints[name]
        inner = getattr(kind, "__args__", (kind,))
        nested = [k for k in inner if isinstance(k, type) and issubclass(k, Value)]
        if not nested:
            continue
        for item in value if isinstance(value, list) else [value]:
            if item is not None:
                declared_order(nested[0], item)


@settings(deadline=None, max_examples=25, suppress_health_check=[HealthCheck.too_slow])
@given(profiles())
def test_a_generated_plan_lists_its_json_fields_in_declared_order(profile: Any) -> None:
    """Regression: a plan's constructor used to set defaulted fields first, so a fresh
    plan's JSON began `inputs` with "level_given" while the same plan read back from the
    log began with "season"; the keys now follow the models (docs/plan-json.md)."""
    declared_order(Plan, json.loads(make(profile).model_dump_json()))


# --------------------------------------------------------------------------- the profile


@settings(deadline=None, max_examples=60, suppress_health_check=[HealthCheck.too_slow])
@given(profiles())
def test_a_saved_profile_reads_back_as_validation_reads_it(profile: Profile) -> None:
    raw = profile.model_dump_json()
    exact = read_exact(Profile, raw)
    validated = Profile.model_validate_json(raw)
    assert exact is not None
    assert exact == validated
    assert fields_set(exact) == fields_set(validated)
    assert exact.model_dump_json() == raw


ODD_VALUES = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-5, max_value=1100),
    st.floats(min_value=-10, max_value=1100),
    st.sampled_from([-0.0, 1000.0, 1000.0000001, 0.0, 52, 53, 0, 1.0, "3", "x", [], {}]),
)


@settings(deadline=None, max_examples=300, suppress_health_check=[HealthCheck.too_slow])
@given(
    profiles(),
    st.dictionaries(
        st.sampled_from(["weekly_volume", "weeks", "days", "level", "level_given", "extra"]),
        ODD_VALUES,
        max_size=3,
    ),
    st.sets(st.sampled_from(["level", "days", "weeks", "season", "level_given"]), max_size=2),
)
def test_an_odd_profile_record_is_never_read_more_laxly_than_validation(
    profile: Profile, changes: dict[str, Any], dropped: set[str]
) -> None:
    """Whatever a record holds (out-of-range volumes and weeks, a missing level, wrong
    types, unknown keys), the fast read either equals validation or leaves it to it."""
    data = {**json.loads(profile.model_dump_json()), **changes}
    for key in dropped:
        data.pop(key, None)
    raw = json.dumps(data)
    exact = read_exact(Profile, raw)
    try:
        validated = Profile.model_validate_json(raw)
    except ValidationError:
        assert exact is None, raw
        return
    if exact is not None:
        assert exact == validated, raw
        assert fields_set(exact) == fields_set(validated), raw


def test_not_a_number_is_left_to_validation() -> None:
    raw = Profile().model_dump_json().replace('"weekly_volume":40.0', '"weekly_volume":NaN')
    assert "NaN" in raw
    assert read_exact(Profile, raw) is None


def test_the_fast_read_covers_the_stored_models_and_only_models_it_knows() -> None:
    """Plan and Profile are read fast (their checks are known); a model with a validator
    it does not apply itself (Dose, and Exercise that holds one) is always validated."""
    assert _known_checks(Plan) == ()
    checks = _known_checks(Profile)
    assert checks is not None
    assert [(name, b.ge, b.le) for name, b in checks] == [
        ("weekly_volume", 0, 1000),
        ("weeks", 1, 52),
    ]
    assert _known_checks(Dose) is None
    assert _known_checks(Exercise) is None
