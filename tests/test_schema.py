"""`runstrength schema`: the plan JSON's schema, generated from the models, holds the goldens."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft202012Validator
from typer.testing import CliRunner

from runstrength.cli import app
from runstrength.models import plan_json_schema

ROOT = Path(__file__).resolve().parents[1]
GOLDEN = [
    ROOT / "tests" / "golden" / "sample.json",
    ROOT / "tests" / "golden" / "sample_undated.json",
]


def _validator() -> Draft202012Validator:
    schema = json.loads(plan_json_schema())
    Draft202012Validator.check_schema(schema)
    return Draft202012Validator(schema)


def test_schema_command_prints_the_generated_schema() -> None:
    result = CliRunner().invoke(app, ["schema"], catch_exceptions=False)
    assert result.exit_code == 0
    assert json.loads(result.stdout) == json.loads(plan_json_schema())


def test_the_shipped_schema_file_is_current() -> None:
    """docs/plan.schema.json is what `runstrength schema` prints (regenerate it if not)."""
    shipped = (ROOT / "docs" / "plan.schema.json").read_text(encoding="utf-8")
    assert shipped == plan_json_schema() + "\n"


@pytest.mark.parametrize("path", GOLDEN, ids=lambda p: p.name)
def test_golden_json_validates(path: Path) -> None:
    errors = list(_validator().iter_errors(json.loads(path.read_text(encoding="utf-8"))))
    assert not errors, [e.message for e in errors]


def _first_prescription(doc: dict[str, Any]) -> dict[str, Any]:
    prescription: dict[str, Any] = doc["weeks"][0]["sessions"][0]["exercises"][0]
    return prescription


@pytest.mark.parametrize(
    "break_it",
    [
        lambda d: d.pop("weeks"),
        lambda d: d.__setitem__("schema_version", "one"),
        lambda d: _first_prescription(d).__setitem__("sets", "three"),
        lambda d: d["inputs"].__setitem__("season", "winter"),
    ],
    ids=["no-weeks", "version-text", "sets-text", "unknown-season"],
)
def test_schema_rejects_a_broken_plan(break_it: Any) -> None:
    doc = json.loads(GOLDEN[0].read_text(encoding="utf-8"))
    broken = copy.deepcopy(doc)
    break_it(broken)
    assert list(_validator().iter_errors(broken))
