"""A saved profile holding half a race says what to set, in `profile set`'s words.

`profile set race-distance marathon` is stored on its own (the date comes next); every
`plan` until then failed with "--race-distance needs --race-date", naming flags the runner
never typed (the reliability review's S6 re-check).
"""

from __future__ import annotations

import pytest
from typer.testing import CliRunner, Result

from runstrength.cli import app


@pytest.fixture(autouse=True)
def _today(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("RUNSTRENGTH_TODAY", "2026-12-05")


def run(*args: str) -> Result:
    return CliRunner().invoke(app, list(args))


@pytest.mark.parametrize(
    ("key", "value", "said"),
    [
        (
            "race-distance",
            "marathon",
            "Error: the saved profile holds a race distance (marathon) and no race date: "
            "`runstrength profile set race-date YYYY-MM-DD`, or `runstrength profile set "
            "race-distance none` for a plan without a race\n",
        ),
        (
            "race-date",
            "2027-04-25",
            "Error: the saved profile holds a race date (2027-04-25) and no race distance: "
            "`runstrength profile set race-distance half` (5k, 10k, half, marathon, ultra), "
            "or `runstrength profile set race-date none`\n",
        ),
    ],
)
def test_half_a_saved_race_says_what_to_set(key: str, value: str, said: str) -> None:
    assert run("plan", "--weeks", "4", "--save", "-f", "md").exit_code == 0
    assert run("profile", "set", key, value).exit_code == 0
    for args in (("plan", "-f", "md"), ("plan", "--save", "-f", "md")):
        result = run(*args)
        assert (result.exit_code, result.stderr) == (2, said)
    # a flag that completes the race makes the plan
    other = ("--race-date", "2027-04-25") if key == "race-distance" else ("--race-distance", "half")
    assert run("plan", *other, "-f", "md").exit_code == 0


def test_a_flag_giving_half_a_race_keeps_the_flag_error() -> None:
    result = run("plan", "--race-distance", "half", "-f", "md")
    assert result.exit_code == 2
    assert result.stderr == "Error: --race-distance needs --race-date\n"
