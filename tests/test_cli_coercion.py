"""cli/coercion.py: option values that need no conversion skip typer's pydantic adapters,
and every other value still gets typer's own conversion and errors."""

import gc
import json
from pathlib import Path
from typing import Any

import pytest
import typer._coercion
import typer.core
from typer.testing import CliRunner

from runstrength.cli import app, coercion

runner = CliRunner()


@pytest.fixture
def typer_builds(monkeypatch: pytest.MonkeyPatch) -> list[Any]:
    """The annotations a runtime coercion (a TypeAdapter) is built for: by typer itself
    (a parameter without the lean coercion) or by the lean one (a value that needs it)."""
    built: list[Any] = []
    real = typer._coercion.build_runtime_param

    def counting(descriptor: Any) -> Any:
        built.append(descriptor.annotation)
        return real(descriptor)

    monkeypatch.setattr(typer.core, "build_runtime_param", counting)
    monkeypatch.setattr(coercion, "_typer_coercion", counting)
    # The app's commands live as long as the process, each parameter's coercion with them:
    # one an earlier test built (`log --rir 3`) is forgotten, so this test sees it built.
    for lean in (o for o in gc.get_objects() if isinstance(o, coercion._Lean)):
        lean._typer = None
    return built


def test_without_typers_internals_every_parameter_keeps_its_own(
    monkeypatch: pytest.MonkeyPatch, typer_builds: list[Any]
) -> None:
    monkeypatch.setattr(coercion, "_typer_coercion", None)
    result = runner.invoke(app, ["plan", "--season", "off", "--format", "md"])
    assert result.exit_code == 0, result.output
    assert len(typer_builds) > 20  # typer built one per option, as it does by itself


def test_a_plan_from_strings_builds_no_adapter(typer_builds: list[Any]) -> None:
    # 23 options, two given as strings, the rest absent, and the group's --help/--no-color
    args = ["plan", "--season", "off", "--format", "md", "--injury", "achilles", "--injury", "pf"]
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.output
    assert "Achilles" in result.output  # the two --injury strings arrived as a list
    assert typer_builds == []


def test_a_path_still_goes_through_typer(typer_builds: list[Any], tmp_path: Path) -> None:
    out = tmp_path / "plan.md"
    result = runner.invoke(app, ["plan", "--season", "off", "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert out.read_text().startswith("# ")
    assert typer_builds == [Path]


def test_a_bad_number_is_typers_error(typer_builds: list[Any], tmp_path: Path) -> None:
    env = {"RUNSTRENGTH_HOME": str(tmp_path)}
    result = runner.invoke(app, ["log", "pogos", "2x20c", "--rir", "abc"], env=env)
    assert result.exit_code == 2
    assert "Invalid value for '--rir'" in result.output
    assert "valid integer" in result.output
    assert typer_builds == [int]
    assert not (tmp_path / "log.db").exists()  # refused before anything was written


def test_a_good_number_is_converted(tmp_path: Path) -> None:
    env = {"RUNSTRENGTH_HOME": str(tmp_path), "RUNSTRENGTH_TODAY": "2026-12-07"}
    result = runner.invoke(app, ["log", "pogos", "2x20c", "--rir", "3"], env=env)
    assert result.exit_code == 0, result.output
    listed = runner.invoke(app, ["log", "list", "--format", "json"], env=env)
    sets = json.loads(listed.output)[0]["sets"]
    assert [s["rir"] for s in sets] == [3, 3]  # an int, as typer's coercion gives it
