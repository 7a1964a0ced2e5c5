"""`next`, `history` and `log list` fit the terminal and obey every colour switch (issue 12).

A terminal is faked in-process as in test_terminal_ux.py (tests/terminal_helpers.py); the
log holds a saved plan and a few sessions, one with a note longer than any terminal line.
"""

from __future__ import annotations

import pytest

from runstrength.cli import console, log_cmd, output

from terminal_helpers import ESCAPE, SGR, WIDTHS, assert_fits, run

TODAY = "2026-12-09"
NOTE = "felt heavy today after a long hilly run yesterday, so stopped one rep early"
COMMANDS = [["next"], ["history"], ["log", "list"]]
NARROW_WORDS = frozenset(  # the narrow layouts' own words
    {"·", "e1RM", "kg", "best", "last", "sessions", "plyo", "hard", "sets", "rest", "tempo"}
)


@pytest.fixture
def logged(monkeypatch: pytest.MonkeyPatch) -> pytest.MonkeyPatch:
    """A saved plan, three sessions logged, and stdout and stderr count as a terminal."""
    monkeypatch.setenv("RUNSTRENGTH_TODAY", TODAY)
    monkeypatch.setattr(log_cmd, "stdin_is_terminal", lambda: False)
    run(["plan", "--weeks", "2", "--start", "2026-12-07", "--save", "-f", "md"], 100)
    run(["log", "trap-bar-deadlift", "3x8@80kg", "--rir", "3", "--date", "2026-12-07"], 100)
    run(["log", "pogos", "3x20c", "--date", "2026-12-07"], 100)
    run(["log", "trap-bar-deadlift", "8,8,6@82.5kg", "--rir", "1", "--note", NOTE], 100)
    run(["log", "side-plank", "2x30s"], 100)
    monkeypatch.setattr(console, "is_terminal", lambda stream: True)
    monkeypatch.setattr(output, "stdout_is_terminal", lambda: True)
    monkeypatch.setenv("TERM", "xterm-256color")
    return monkeypatch


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("args", COMMANDS, ids=" ".join)
def test_fits_the_terminal(logged: pytest.MonkeyPatch, args: list[str], width: int) -> None:
    wide, _ = run(args, 1000)
    out, _ = run(args, width)
    assert_fits(out, wide, width, NARROW_WORDS)
    assert len(out.splitlines()) >= 4


def test_narrow_layouts_keep_every_part(logged: pytest.MonkeyPatch) -> None:
    listed, _ = run(["log", "list"], 60)
    assert "#2 2026-12-09" in listed and "  trap-bar-deadlift: 8,8,6 @ 82.5 kg" in listed
    assert NOTE in " ".join(SGR.sub("", listed).split())  # wrapped between words, every word kept
    history, _ = run(["history"], 40)  # too narrow for columns: a block per lift
    assert "Trap bar deadlift" in history and "e1RM " in history and "best " in history
    upcoming, _ = run(["next"], 40)
    assert "Week 1" in upcoming and " · " in upcoming


def test_e1rm_is_rounded_for_people(logged: pytest.MonkeyPatch) -> None:
    out, _ = run(["history"], 120)
    row = next(line for line in out.splitlines() if line.startswith("Trap bar deadlift"))
    e1rm = row.split()[4]  # name (3 words), sparkline, e1RM
    assert e1rm.replace(".", "").isdigit() and len(e1rm.partition(".")[2]) <= 1, row


def test_a_pipe_gets_one_line_per_row(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("RUNSTRENGTH_TODAY", TODAY)
    run(["log", "trap-bar-deadlift", "3x8@80kg", "--note", NOTE], 100)
    monkeypatch.delenv("COLUMNS")  # a pipe: no terminal, no $COLUMNS
    listed, _ = run(["log", "list"], 1000)
    assert listed.splitlines()[0] == f"#1 {TODAY} · {NOTE}"
    history, _ = run(["history"], 1000)
    assert any(
        line.startswith("Trap bar deadlift") and "3×8 @ 80 kg" in line
        for line in history.splitlines()
    )


@pytest.mark.parametrize(
    ("switch", "env"),
    [([], {"NO_COLOR": "1"}), ([], {"TERM": "dumb"}), (["--no-color"], {})],
    ids=["NO_COLOR", "TERM=dumb", "--no-color"],
)
@pytest.mark.parametrize("args", COMMANDS, ids=" ".join)
def test_each_colour_switch_turns_colour_off(
    logged: pytest.MonkeyPatch, args: list[str], switch: list[str], env: dict[str, str]
) -> None:
    coloured, _ = run(args, 100)
    assert ESCAPE.search(coloured)  # the capture does see escapes when colour is on
    for name, value in env.items():
        logged.setenv(name, value)
    out, err = run([*switch, *args], 100)
    assert out.strip() and not ESCAPE.search(out + err)


def test_next_notes_are_yellow_and_wrapped(logged: pytest.MonkeyPatch) -> None:
    run(["log", "back-squat", "3x5@80kg", "--pain", "6"], 100)  # a red flag: next says so
    out, _ = run(["next"], 60)
    assert "\x1b[33mRed flag: pain 6/10" in out
    assert_fits(out, run(["next"], 1000)[0], 60, NARROW_WORDS)
    plain, _ = run(["--no-color", "next"], 60)
    assert "Red flag: pain 6/10" in plain and not ESCAPE.search(plain)
