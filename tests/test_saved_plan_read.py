"""The active plan read back from the log without pydantic's validator (log/saved.py
`_exact_plan`) is the plan pydantic's validation reads, and anything else falls back to it."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from pydantic import BaseModel

from runstrength.errors import StorageError
from runstrength.log.saved import _exact_plan
from runstrength.log.storage import SessionLog
from runstrength.models import Plan
from test_properties import make, profiles

from sample_plan import sample_plan


def fields_set(value: Any) -> Any:
    """Each model's set fields, all the way down: what `exclude_unset` would keep."""
    if isinstance(value, BaseModel):
        return (
            type(value).__name__,
            sorted(value.model_fields_set),
            {k: fields_set(v) for k, v in value.__dict__.items()},
        )
    if isinstance(value, list | tuple):
        return [fields_set(v) for v in value]
    return value


def assert_same_read(raw: str) -> None:
    exact = _exact_plan(raw)
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
    assert _exact_plan(raw) is None
    assert Plan.model_validate_json(raw).weeks[0].sessions[0].exercises[0].sets == 3
    for broken in ("", "{", "[]", '{"weeks": []}', json.dumps({**data, "extra": 1})):
        assert _exact_plan(broken) is None
    bad_date = json.loads(sample_plan().model_dump_json())
    bad_date["weeks"][0]["sessions"][0]["date"] = "2026-13-01"
    assert _exact_plan(json.dumps(bad_date)) is None


def test_a_damaged_stored_plan_is_still_refused_in_one_line(tmp_path: Path) -> None:
    log = SessionLog(tmp_path / "log.db")
    raw = sample_plan().model_dump_json().replace('"sets":', '"sets":"many","x":', 1)
    with pytest.raises(StorageError, match=r"the saved plan cannot be read \(.+\); save"):
        log._parsed(Plan, raw, "saved plan", "save a new one")


def test_next_builds_no_plan_validator(tmp_path: Path) -> None:
    """The point of the fast read: `next` on a saved plan never builds Plan's validator."""
    env = {**os.environ, "RUNSTRENGTH_HOME": str(tmp_path), "RUNSTRENGTH_TODAY": "2026-12-09"}
    cli = [sys.executable, "-m", "runstrength"]
    save = [*cli, "plan", "--season", "off", "--start", "2026-12-07", "--save", "-f", "json"]
    subprocess.run(save, env=env, check=True, capture_output=True)
    code = (
        "import sys\n"
        "sys.argv = ['runstrength', 'next']\n"
        "from runstrength.cli import main\n"
        "try:\n"
        "    main()\n"
        "except SystemExit:\n"
        "    pass\n"
        "from runstrength.models import Plan\n"
        "print(type(Plan.__pydantic_validator__).__name__, file=sys.stderr)\n"
    )
    run = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True)
    assert "Session" in run.stdout, run.stderr
    assert run.stderr.split()[-1] == "MockValSer", run.stderr


def declared_order(model: type[BaseModel], data: Any) -> None:
    """Every object of plan JSON lists its keys in its model's declared order."""
    assert list(data) == [name for name in model.model_fields if name in data], model
    for name, value in data.items():
        kind = model.model_fields[name].annotation
        inner = getattr(kind, "__args__", (kind,))
        nested = [k for k in inner if isinstance(k, type) and issubclass(k, BaseModel)]
        if not nested:
            continue
        for item in value if isinstance(value, list) else [value]:
            if item is not None:
                declared_order(nested[0], item)


@settings(deadline=None, max_examples=25, suppress_health_check=[HealthCheck.too_slow])
@given(profiles())
def test_a_generated_plan_lists_its_json_fields_in_declared_order(profile: Any) -> None:
    """Regression: `plan.context.construct` used to set defaulted fields first, so a fresh
    plan's JSON began `inputs` with "level_given" while the same plan read back from the
    log began with "season"; the keys now follow the models (docs/plan-json.md)."""
    declared_order(Plan, json.loads(make(profile).model_dump_json()))
