"""The README's commands run, so they cannot rot; the wheel carries everything it needs."""

from __future__ import annotations

import os
import shlex
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from typer.testing import CliRunner

from runstrength.cli import app

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text(encoding="utf-8")
runner = CliRunner()


def console_commands() -> list[str]:
    """Every `$ ` line inside ```console blocks, in order."""
    commands: list[str] = []
    inside = False
    for line in README.splitlines():
        if line.startswith("```"):
            inside = line.strip() == "```console"
            continue
        if inside and line.startswith("$ "):
            commands.append(line[2:])
    return commands


QUICKSTART_RUN, QUICKSTART_TEST = console_commands()[:2]
EXAMPLES = [c for c in console_commands()[2:] if c.startswith("runstrength ")]


def test_quickstart_is_two_commands_and_ci_runs_the_second() -> None:
    assert "pip install ." in QUICKSTART_RUN
    assert QUICKSTART_RUN.endswith("runstrength plan --season off")
    ci = (ROOT / ".ci" / "run").read_text()
    install, _, test = QUICKSTART_TEST.rpartition(" && ")
    assert test in ci, f"CI does not run the README's test command {test!r}"
    assert "pip install -e '.[test]'" in install and "pip install -e '.[test]'" in ci


def test_readme_examples_run_in_order(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # In a scratch folder (the examples write plan.pdf and friends) that still has data/.
    (tmp_path / "data").symlink_to(ROOT / "data")
    (tmp_path / "tests").symlink_to(ROOT / "tests")
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("RUNSTRENGTH_TODAY", "2026-12-07")
    assert len(EXAMPLES) >= 10
    for command in EXAMPLES:
        result = runner.invoke(app, shlex.split(command)[1:], catch_exceptions=False)
        assert result.exit_code == 0, (command, result.stderr)
    assert (tmp_path / "plan.pdf").read_bytes().startswith(b"%PDF")
    assert (tmp_path / "plans" / "index.md").exists()


def _copy_source(target: Path) -> Path:
    """The files a fresh clone has (no venvs, caches or build output)."""
    try:
        listed = subprocess.run(
            ["git", "ls-files", "--cached", "--others", "--exclude-standard"],
            cwd=ROOT,
            capture_output=True,
            text=True,
            check=True,
        ).stdout.splitlines()
    except (OSError, subprocess.CalledProcessError):  # pragma: no cover - not a checkout
        pytest.skip("needs a git checkout to know the source files")
    for name in listed:
        src = ROOT / name
        if src.is_file():
            dest = target / name
            dest.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(src, dest)
    return target


def _clean_env(home: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("VIRTUAL_ENV", "PYTHONPATH")}
    env["PATH"] = os.pathsep.join(
        p for p in env.get("PATH", "").split(os.pathsep) if ".venv" not in p and "venv" not in p
    )
    env["RUNSTRENGTH_HOME"] = str(home)
    return env


@pytest.mark.slow
def test_quickstart_installs_and_prints_a_plan(tmp_path: Path) -> None:
    source = _copy_source(tmp_path / "clone")
    result = subprocess.run(
        ["bash", "-c", QUICKSTART_RUN],
        cwd=source,
        capture_output=True,
        text=True,
        env=_clean_env(tmp_path / "home"),
        timeout=900,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    assert "Strength plan: off-season, 12 weeks, 3 days/week" in result.stdout
    assert "Week 12 · Max strength (MS)" in result.stdout


@pytest.mark.slow
def test_wheel_holds_the_data_and_runs_without_the_source(tmp_path: Path) -> None:
    source = _copy_source(tmp_path / "clone")
    dist = tmp_path / "dist"
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "-w", str(dist), str(source)],
        check=True,
        capture_output=True,
        timeout=900,
    )
    (wheel,) = dist.glob("runstrength-*.whl")
    names = zipfile.ZipFile(wheel).namelist()
    for needed in (
        "runstrength/data/exercises.yaml",
        "runstrength/data/rules.yaml",
        "runstrength/render/fonts/DejaVuSans.ttf",
    ):
        assert needed in names
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True, timeout=300)
    pip = [str(venv / "bin" / "python"), "-m", "pip", "install", "-q", str(wheel)]
    subprocess.run(pip, check=True, capture_output=True, timeout=900)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    result = subprocess.run(
        [str(venv / "bin" / "runstrength"), "plan", "--season", "off"],
        cwd=elsewhere,
        capture_output=True,
        text=True,
        env=_clean_env(tmp_path / "home"),
        timeout=300,
    )
    assert result.returncode == 0, result.stderr
    assert "# Strength plan: off-season, 12 weeks, 3 days/week" in result.stdout


def _everyday_loop() -> list[tuple[str, list[str]]]:
    """The README's "everyday loop" block: each command and the lines it shows."""
    section = README.split("## The everyday loop", 1)[1]
    return _steps(section.split("```console", 1)[1].split("```", 1)[0])


def _watch_runs() -> list[tuple[str, list[str]]]:
    """The README's "Your watch" runs blocks (import, list, plan, next), in order."""
    section = README.split("## Your watch", 1)[1].split("In season there is no planned", 1)[0]
    blocks = [part.split("```", 1)[0] for part in section.split("```console")[1:]]
    return [step for block in blocks for step in _steps(block)]


def _steps(block: str) -> list[tuple[str, list[str]]]:
    """A console block's commands, each with the lines it shows (`…`: lines left out)."""
    steps: list[tuple[str, list[str]]] = []
    for line in block.strip("\n").splitlines():
        if line.startswith("$ "):
            steps.append((line[2:], []))
        elif line.strip() and line.strip() != "…":
            steps[-1][1].append(line)
    return steps


def test_the_everyday_loop_prints_what_the_readme_shows(monkeypatch: pytest.MonkeyPatch) -> None:
    """Issue 10 item 6: on a fresh home with the clock at the plan's start, each command of
    the loop prints the lines the README shows (in order; `…` stands for lines left out)."""
    monkeypatch.setenv("RUNSTRENGTH_TODAY", "2026-12-07")
    monkeypatch.setenv("NO_COLOR", "1")
    monkeypatch.setenv("COLUMNS", "120")
    steps = _everyday_loop()
    assert [c.split()[1] for c, _ in steps] == ["plan", "next", "log", "log", "history"]
    for command, shown in steps:
        result = runner.invoke(app, shlex.split(command)[1:], catch_exceptions=False)
        assert result.exit_code == 0, (command, result.stderr)
        printed = [line.rstrip() for line in result.stdout.splitlines()]
        at = 0
        for line in shown:
            assert line.rstrip() in printed[at:], (command, line, printed)
            at = printed.index(line.rstrip(), at) + 1


def test_the_watch_section_prints_what_the_readme_shows(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """The new-user QA run: the README's `next` after importing runs read "~25 min" and a
    spike in "the week of 2026-12-14", which no run of the sample data makes; only the
    exit codes were checked. On a fresh home at the README's date each command prints the
    lines shown."""
    (tmp_path / "tests").symlink_to(ROOT / "tests")
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("RUNSTRENGTH_TODAY", "2026-12-07")
    monkeypatch.setenv("NO_COLOR", "1")
    monkeypatch.setenv("COLUMNS", "120")
    steps = _watch_runs()
    assert [c.split()[1:3] for c, _ in steps] == [
        ["runs", "import"], ["runs", "list"], ["plan", "--season"], ["next"],
    ]  # fmt: skip
    for command, shown in steps:
        result = runner.invoke(app, shlex.split(command)[1:], catch_exceptions=False)
        assert result.exit_code == 0, (command, result.stderr)
        printed = [line.rstrip() for line in (result.stdout + result.stderr).splitlines()]
        home = str(Path(os.environ["RUNSTRENGTH_HOME"]))
        at = 0
        for line in shown:
            expected = line.rstrip().replace("…/", home + "/")
            found = [i for i in range(at, len(printed)) if printed[i] == expected]
            assert found, (command, expected, printed)
            at = found[0] + 1


def test_the_readme_counts_the_catalog_and_its_flags_as_they_are() -> None:
    """The README said 65 exercises when the catalog held 67, and `--days 2|3` after
    `--days 1` came in season (new-user review A12)."""
    from runstrength.catalog import load_catalog

    count = len(load_catalog().exercises)
    assert f"({count} in all)" in README
    assert "`--days 1\\|2\\|3`" in README
    help_text = " ".join(runner.invoke(app, ["plan", "--help"], terminal_width=200).stdout.split())
    assert "1 in season and taper" in help_text
