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


def test_a_bad_number_is_one_plain_line(typer_builds: list[Any], tmp_path: Path) -> None:
    """An int option is read without typer's adapter, and text that is no whole number is
    refused in plain words (typer's adapter said "Input should be a valid integer")."""
    env = {"RUNSTRENGTH_HOME": str(tmp_path)}
    result = runner.invoke(app, ["log", "pogos", "2x20c", "--rir", "abc"], env=env)
    assert result.exit_code == 2
    assert result.stderr == (
        "Error: --rir: 'abc' is not a whole number (see `runstrength log add --help`)\n"
    )
    assert typer_builds == []
    assert not (tmp_path / "log.db").exists()  # refused before anything was written


@pytest.mark.parametrize(
    ("text", "value"), [("3", 3), (" 3 ", 3), ("+3", 3), ("-0", 0), ("3.0", 3), ("-2.00", -2)]
)
def test_a_number_reads_as_typers_adapter_read_it(text: str, value: int) -> None:
    """What typer's adapter accepted for an int option is read alike, to the same value."""
    from runstrength.cli.coercion import _whole_number

    assert _whole_number(text, None, None) == value


def test_a_good_number_is_converted(tmp_path: Path) -> None:
    env = {"RUNSTRENGTH_HOME": str(tmp_path), "RUNSTRENGTH_TODAY": "2026-12-07"}
    result = runner.invoke(app, ["log", "pogos", "2x20c", "--rir", "3"], env=env)
    assert result.exit_code == 0, result.output
    listed = runner.invoke(app, ["log", "list", "--format", "json"], env=env)
    sets = json.loads(listed.output)[0]["sets"]
    assert [s["rir"] for s in sets] == [3, 3]  # an int, as typer's coercion gives it


@pytest.mark.parametrize("text", ["", " ", "x", "2.5", "3.", "+", "٣", "1e3", "3.0.0", "-"])
def test_what_is_no_whole_number_is_refused(text: str) -> None:
    from typer._click.exceptions import UsageError

    from runstrength.cli.coercion import _whole_number

    class Option:
        opts = ("--rir",)

    with pytest.raises(UsageError, match=r"--rir: .* is not a whole number"):
        _whole_number(text, Option(), None)
