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


def test_a_path_builds_no_adapter(typer_builds: list[Any], tmp_path: Path) -> None:
    """A path option alone imported pydantic for typer's adapter (~65 ms of a start-up)."""
    out = tmp_path / "plan.md"
    extra = tmp_path / "extra.yaml"
    extra.write_text("[]\n", encoding="utf-8")
    result = runner.invoke(
        app, ["plan", "--season", "off", "-o", str(out), "--catalog", str(extra)]
    )
    assert result.exit_code == 0, result.output
    assert out.read_text().startswith("# ")
    assert typer_builds == []


def _plan_param(name: str) -> Any:
    from typer.main import get_command

    command = get_command(app).commands["plan"]  # type: ignore[attr-defined]
    return next(p for p in command.params if p.name == name)


@pytest.mark.parametrize("name", ["out", "out_dir", "catalog"])
@pytest.mark.parametrize(
    "text", ["", ".", "plan.pdf", "missing/deep/plan.pdf", " spaced ", "~/x", "-", "é€.md", "DIR"]
)
def test_a_path_reads_as_typers_coercion_read_it(
    name: str, text: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Every path text the lean coercion converts itself comes out as typer's own coercion
    makes it: the same type and value (an existing file, a folder, a missing path)."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "plan.pdf").write_bytes(b"%PDF")
    (tmp_path / "DIR").mkdir()
    param = _plan_param(name)
    value: Any = [text, "plan.pdf"] if name == "catalog" else text
    typers = typer._coercion.build_runtime_param(param.type_descriptor)
    expected = typers.coerce(value, param=param, ctx=None)  # type: ignore[arg-type]
    got = coercion._Lean().coerce(value, param, None)
    assert (type(got), got) == (type(expected), expected)
    if name != "catalog":
        assert coercion._plain_path(text, param.type_descriptor.parameter_info) is not None


def test_a_path_typer_must_judge_is_left_to_typer(tmp_path: Path) -> None:
    """A NUL in the name, an unreadable path, or a parameter asking for typer's checks
    (`exists=True`) get typer's own coercion, and its words."""
    from typer.models import OptionInfo

    plain = _plan_param("out").type_descriptor.parameter_info
    assert coercion._plain_path("a\0b", plain) is None
    assert coercion._plain_path(str(tmp_path), OptionInfo(exists=True)) is None
    assert coercion._plain_path(str(tmp_path), OptionInfo(dir_okay=False)) is None
    secret = tmp_path / "secret"
    secret.write_text("x")
    secret.chmod(0)
    try:
        import os

        if os.access(secret, os.R_OK):  # root reads anything: typer says nothing then
            assert coercion._plain_path(str(secret), plain) == secret
        else:
            assert coercion._plain_path(str(secret), plain) is None
    finally:
        secret.chmod(0o600)


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
