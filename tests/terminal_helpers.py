"""What the terminal tests share: escape patterns, widths, the in-process run at a width,
and the check that a narrow layout fits without cutting words (test_terminal_ux,
test_terminal_log)."""

from __future__ import annotations

import re

from typer.testing import CliRunner

from runstrength.cli import app

runner = CliRunner()
ESCAPE = re.compile(r"\x1b[\[\]]")
SGR = re.compile(r"\x1b\[[0-9;]*m")
BOX = set("─━│┃╭╮╰╯┌┐└┘├┤┬┴┼═ ")
WIDTHS = (60, 80, 120)


def run(args: list[str], columns: int, code: int = 0) -> tuple[str, str]:
    # color=True: the runner keeps escapes as a terminal would, so the colour tests see them
    result = runner.invoke(app, args, env={"COLUMNS": str(columns)}, color=True)
    assert result.exit_code == code, (result.stdout, result.stderr)
    return result.stdout, result.stderr


def words(text: str) -> set[str]:
    return {w for w in text.split() if not set(w) <= BOX}


def assert_fits(narrow: str, wide: str, width: int, extra: frozenset[str] = frozenset()) -> None:
    """No line wider than `width`, and no word that the wide output doesn't have (a word
    cut in two would show up as two new ones). Colour codes don't count."""
    narrow, wide = SGR.sub("", narrow), SGR.sub("", wide)
    for line in narrow.splitlines():
        assert len(line) <= width, line
    new = words(narrow) - words(wide) - extra
    assert not new, sorted(new)
