"""Everyday terminal use: tables fit the width, colour switches off, hints and warnings.

A "terminal" here is faked in-process (console.is_terminal and output.stdout_is_terminal
say yes; rich's width comes from $COLUMNS), and once for real in a pseudo-terminal.
"""

from __future__ import annotations

import os
import pty
import re
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from runstrength.cli import app, console, output, roster_cmd

from terminal_helpers import ESCAPE, SGR, WIDTHS, assert_fits, run

runner = CliRunner()
ROOT = Path(__file__).resolve().parents[1]
START = "2026-12-07"


@pytest.fixture
def terminal(monkeypatch: pytest.MonkeyPatch) -> pytest.MonkeyPatch:
    """stdout and stderr count as a terminal; colour depends on the environment only."""
    monkeypatch.setattr(console, "is_terminal", lambda stream: True)
    monkeypatch.setattr(output, "stdout_is_terminal", lambda: True)
    monkeypatch.setattr(roster_cmd, "_drain", lambda work, total, label: list(work))
    monkeypatch.setenv("TERM", "xterm-256color")
    return monkeypatch


# --------------------------------------------------------------------------- widths

PLAN = ["plan", "--season", "off", "--weeks", "2", "--start", START, "--injury", "achilles"]
LIST_LAYOUT = frozenset({"rest", "tempo", "›", "·"})  # the narrow layout's own words


@pytest.mark.parametrize("width", WIDTHS)
def test_plan_fits_the_terminal(terminal: pytest.MonkeyPatch, width: int) -> None:
    wide, _ = run(PLAN, 140)
    out, err = run(PLAN, width)
    assert_fits(out, wide, width, LIST_LAYOUT)
    assert_fits(err, err, width)  # the next steps, too
    assert "Next steps:" in err


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("args", [[], ["--category", "calf-foot-ankle"], ["--equipment", "none"]])
def test_catalog_list_fits_the_terminal(width: int, args: list[str]) -> None:
    wide, _ = run(["catalog", "list", *args], 1000)
    out, _ = run(["catalog", "list", *args], width)
    assert_fits(out, wide, width, frozenset({"·"}))
    assert out.rstrip().endswith("exercises")


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize(
    "exercise", ["half-kneeling-hip-flexor-stretch", "rear-foot-elevated-split-squat", "pogos"]
)
def test_catalog_show_fits_the_terminal(width: int, exercise: str) -> None:
    wide, _ = run(["catalog", "show", exercise], 1000)
    out, _ = run(["catalog", "show", exercise], width)
    url = next(w for w in wide.split() if w.startswith("https://"))
    # the link stays one line whatever the width (the terminal wraps it on screen only):
    # folded, it was copied as two pieces (the QA pass)
    assert out.splitlines()[-1].split() == ["video", url]
    body, wide_body = out.split("\nvideo")[0], wide.split("\nvideo")[0]
    assert_fits(body, body, width)
    assert_fits(body, wide_body, width)


@pytest.mark.parametrize("width", WIDTHS)
def test_roster_messages_fit_the_terminal(
    terminal: pytest.MonkeyPatch, tmp_path: Path, width: int
) -> None:
    terminal.chdir(tmp_path)  # short paths: a path wider than the terminal can't wrap
    Path("bad.csv").write_bytes((ROOT / "tests" / "data" / "roster_bad.csv").read_bytes())
    _, wide = run(["roster", "bad.csv", "-d", "out", "-f", "md"], 1000, code=2)
    _, err = run(["roster", "bad.csv", "-d", "out", "-f", "md"], width, code=2)
    assert_fits(err, wide, width)
    assert "rejected" in err


def test_roster_messages_stay_whole_lines_in_a_pipe(tmp_path: Path) -> None:
    bad = ROOT / "tests" / "data" / "roster_bad.csv"
    _, err = run(["roster", str(bad), "-d", str(tmp_path), "-f", "md"], 60, code=2)
    assert any(len(line) > 60 for line in err.splitlines())  # grep sees FILE:LINE: problem


# --------------------------------------------------------------------------- colour


@pytest.mark.parametrize(
    "args", [PLAN, ["catalog", "show", "pogos"], ["catalog", "list", "--category", "power"]]
)
def test_colour_on_a_terminal_and_off_with_each_switch(
    terminal: pytest.MonkeyPatch, args: list[str]
) -> None:
    coloured, _ = run(args, 100)
    assert ESCAPE.search(coloured)  # the capture does see escapes when colour is on
    terminal.setenv("NO_COLOR", "1")
    assert not ESCAPE.search("".join(run(args, 100)))
    terminal.delenv("NO_COLOR")
    terminal.setenv("TERM", "dumb")
    assert not ESCAPE.search("".join(run(args, 100)))
    terminal.setenv("TERM", "xterm-256color")
    assert not ESCAPE.search("".join(run(["--no-color", *args], 100)))
    assert not ESCAPE.search("".join(run([*args, "--no-color"], 100)))  # after it, too
    coloured_again, _ = run(args, 100)  # the flag holds for one run only
    assert ESCAPE.search(coloured_again)


def test_warnings_are_yellow_only_where_colour_is_allowed(terminal: pytest.MonkeyPatch) -> None:
    # the plan piped on (stdout no terminal), its warnings on the terminal's stderr: on a
    # terminal's stdout the table carries them, and stderr does not repeat them
    terminal.setattr(output, "stdout_is_terminal", lambda: False)
    args = ["plan", "--season", "in", "--volume", "170km", "--days", "2", "--weeks", "8"]
    args += ["--level", "advanced", "--equipment", "home", "--injury", "hamstring"]
    args += ["--start", "2026-11-09", "--hard-days", "tue,thu", "--long-run-day", "sun"]
    _, err = run(args, 100)
    assert "\x1b[33mWarning:" in err
    _, err = run(["--no-color", *args], 100)
    assert "Warning:" in err and not ESCAPE.search(err)


def _in_a_pty(args: list[str], env: dict[str, str]) -> bytes:
    leader, follower = pty.openpty()
    full_env = {**os.environ, "PYTHONPATH": str(ROOT / "src"), "COLUMNS": "100", **env}
    code = "import sys; sys.argv[0] = 'runstrength'; from runstrength.cli import main; main()"
    with subprocess.Popen(
        [sys.executable, "-c", code, *args],
        stdin=follower,
        stdout=follower,
        stderr=follower,
        env=full_env,
    ) as proc:
        os.close(follower)
        chunks = []
        while True:
            try:
                chunk = os.read(leader, 65536)
            except OSError:
                break
            if not chunk:
                break
            chunks.append(chunk)
        proc.wait(timeout=60)
    os.close(leader)
    return b"".join(chunks)


@pytest.mark.parametrize(
    ("switch", "env"),
    [([], {"NO_COLOR": "1"}), ([], {"TERM": "dumb"}), (["--no-color"], {})],
    ids=["NO_COLOR", "TERM=dumb", "--no-color"],
)
@pytest.mark.slow
def test_no_escape_in_a_real_terminal(switch: list[str], env: dict[str, str]) -> None:
    base = {"TERM": "xterm-256color", **env}
    shown = _in_a_pty([*switch, "plan", "--weeks", "1"], base)
    assert b"Strength plan" in shown and b"Next steps" in shown
    assert not ESCAPE.search(shown.decode())
    helped = _in_a_pty([*switch, "plan", "--help"], base)
    assert b"Examples" in helped
    assert not ESCAPE.search(helped.decode())


# --------------------------------------------------------------------------- plan hints


def test_next_steps_only_on_a_terminal(terminal: pytest.MonkeyPatch) -> None:
    _, err = run(["plan", "--weeks", "1"], 100)
    assert "add -o plan.pdf" in err and "add --save" in err and "runstrength next" in err
    _, err = run(["plan", "--weeks", "1", "--save"], 100)
    assert "add --save" not in err and "runstrength log --done" in err
    terminal.setattr(output, "stdout_is_terminal", lambda: False)
    out, err = run(["plan", "--weeks", "1"], 100)
    assert "Next steps" not in out + err


def test_one_week_is_singular(terminal: pytest.MonkeyPatch) -> None:
    out, _ = run(["plan", "--weeks", "1"], 100)
    assert "off-season, 1 week, 3 days/week" in out


@pytest.mark.parametrize(
    ("args", "warning"),
    [
        (["--time", "18:30", "-f", "md"], "--time applies only to calendars"),
        (["--duration", "30m", "-f", "json"], "--duration applies only to calendars"),
        (["--tz", "Europe/London", "-f", "md"], "--tz applies only to calendars"),
        (["--paper", "letter", "-f", "md"], "--paper applies only to PDF and HTML"),
        (["--duration", "30m", "-f", "ics"], "--duration applies only to timed events"),
    ],
)
def test_flags_that_dont_apply_say_so(args: list[str], warning: str) -> None:
    out, err = run(["plan", "--weeks", "1", "--start", START, *args], 100)
    assert out
    assert [line for line in err.splitlines() if line.startswith("Warning: --")] == [
        next(line for line in err.splitlines() if warning in line)
    ]


def test_weeks_with_a_race_date_says_the_race_sets_the_length() -> None:
    """A --weeks that a race date overrides is said, not silently dropped; without a race
    (or without --weeks) nothing is."""
    race = ["--race-date", "2027-03-01", "--race-distance", "half", "--start", START]
    out, err = run(["plan", *race, "--weeks", "4", "-f", "md"], 100)
    weeks = out.split("\n", 1)[0].split(", ")[1]  # "# Strength plan: race …, 13 weeks, …"
    assert weeks != "4 weeks" and (
        f"Warning: --weeks is ignored: the race on 2027-03-01 sets the plan's length ({weeks})"
        in err.splitlines()
    )
    for args in (race, ["--weeks", "4", "--start", START]):
        _, err = run(["plan", *args, "-f", "md"], 100)
        assert "--weeks is ignored" not in err


def test_flags_that_apply_say_nothing(tmp_path: Path) -> None:
    args = ["--time", "18:30", "--duration", "30m", "--tz", "Europe/London"]
    _, err = run(["plan", "--start", START, *args, "-o", str(tmp_path / "p.ics")], 100)
    assert "Warning: --" not in err
    _, err = run(["plan", "--paper", "letter", "-o", str(tmp_path / "p.html")], 100)
    assert "Warning: --" not in err


def test_format_contradicting_the_file_name(tmp_path: Path) -> None:
    out = tmp_path / "x.md"
    result = runner.invoke(app, ["plan", "--format", "pdf", "-o", str(out)])
    assert result.exit_code == 2
    assert result.stderr == (
        f"Error: --format pdf contradicts -o {out} (a md file name); drop one of them\n"
    )
    assert not out.exists()
    ok = runner.invoke(app, ["plan", "--format", "md", "-o", str(tmp_path / "plan.out")])
    assert ok.exit_code == 0  # an extension of no format: --format decides


def test_catalog_list_in_a_pipe_is_one_line_per_exercise(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("COLUMNS")  # a pipe: no terminal, no $COLUMNS
    result = runner.invoke(app, ["catalog", "list"], catch_exceptions=False)
    lines = result.stdout.splitlines()
    assert any(re.match(r"pogos +Pogos +hop +beginner +none", line) for line in lines)
    assert any(line.startswith("half-kneeling-hip-flexor-stretch  ") for line in lines)


def test_a_watched_roster_run_counts_the_bad_rows_before_planning(
    terminal: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """The new-user review's C10 re-check: on a terminal the progress bar counted the rows
    it could plan (77 of 80) and the 3 bad ones were named only after it; they are counted
    first now (in a pipe the output is as before: one line per problem, then the total)."""
    bad = ROOT / "tests" / "data" / "roster_bad.csv"
    # wide enough that no path, however long, wraps the line
    _, err = run(["roster", str(bad), "--out-dir", str(tmp_path / "out"), "-f", "md"], 1000, 2)
    first = " ".join(SGR.sub("", err).split("\n")[0].split())
    assert first == (
        f"{bad}: 6 rows cannot be planned (each is named at the end); planning the other 5 athletes"
    )


def test_a_plan_on_the_terminal_says_each_warning_once(terminal: pytest.MonkeyPatch) -> None:
    """The outputs QA run: on a terminal each warning came twice, on stderr before the
    table and again in the plan under it. The table carries them; stderr does when the
    plan goes elsewhere (a pipe, a file)."""
    args = ["plan", "--equipment", "none", "--injury", "hamstring", "--start", START]
    out, err = run(args, 140)
    said = "max strength on body weight"
    assert (out + err).count(said) == 1 and said in out
    terminal.setattr(output, "stdout_is_terminal", lambda: False)
    out, err = run([*args, "-f", "md"], 140)
    assert said in out and said in err  # piped: the file has them, stderr says them too
