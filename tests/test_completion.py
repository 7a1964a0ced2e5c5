"""Shell completion as bash asks for it: the candidates of each TAB."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from runstrength.cli.completion import complete_equipment, complete_max, complete_weekdays

ROOT = Path(__file__).resolve().parents[1]
CODE = "import sys; sys.argv[0] = 'runstrength'; from runstrength.cli import main; main()"


def tab(line: str, home: Path) -> list[str]:
    """The candidates bash gets for `line` (the cursor at its end)."""
    words = line.split(" ")
    env = {
        **os.environ,
        "PYTHONPATH": str(ROOT / "src"),
        "RUNSTRENGTH_HOME": str(home),
        "_RUNSTRENGTH_COMPLETE": "complete_bash",
        "COMP_WORDS": line,
        "COMP_CWORD": str(len(words) - 1),
    }
    done = subprocess.run(
        [sys.executable, "-c", CODE], env=env, capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 0, done.stderr
    return done.stdout.split()


CASES = [
    (
        "runstrength ",
        ["plan", "catalog", "roster", "schema", "log", "next", "history", "profile", "runs"],
    ),
    ("runstrength catalog ", ["list", "show", "check"]),
    ("runstrength catalog show trap-bar-", ["trap-bar-deadlift", "trap-bar-jump"]),
    ("runstrength plan --season ", ["off", "pre", "in", "taper"]),
    ("runstrength plan --level ", ["novice", "intermediate", "advanced"]),
    ("runstrength plan --equipment g", ["gym"]),
    ("runstrength plan --injury achilles", ["achilles", "achilles-insertional"]),
    ("runstrength plan --format p", ["pdf"]),
    ("runstrength plan --race-distance ", ["5k", "10k", "half", "marathon", "ultra"]),
    ("runstrength plan --max trap-bar-d", ["trap-bar-deadlift="]),
    ("runstrength plan --paper ", ["a4", "letter"]),
    ("runstrength plan --load-unit ", ["kg", "lb"]),
    ("runstrength plan --long-run-day s", ["sat", "sun"]),
    ("runstrength plan --hard-days tue,t", ["tue,thu"]),
    ("runstrength catalog list --category core-anti-r", ["core-anti-rotation"]),
    ("runstrength catalog list --level ", ["beginner", "intermediate", "advanced"]),
    ("runstrength catalog list --format ", ["table", "json"]),
    ("runstrength roster --format md,p", ["md,pdf"]),
    # exercise ids and pain regions where a command takes them (new-user review A10)
    ("runstrength log add trap-bar-", ["trap-bar-deadlift", "trap-bar-jump"]),
    ("runstrength log trap-bar-", ["trap-bar-deadlift", "trap-bar-jump"]),  # `log` is `add`
    ("runstrength log un", ["undo"]),  # and a group: its subcommands too
    ("runstrength log l", ["list", "lateral-line-hops", "lateral-lunge", "leg-swings"]),
    ("runstrength log edit 3 trap-bar-d", ["trap-bar-deadlift"]),
    ("runstrength history trap-bar-", ["trap-bar-deadlift", "trap-bar-jump"]),
    ("runstrength log clear lo", ["low-back"]),
]


def test_tab_completes_commands_ids_and_values(tmp_path: Path) -> None:
    # How fast a TAB is, is measured by benchmarks/startup.py (tab-*), not here: a timed
    # test fails on a busy machine.
    for line, expected in CASES:
        assert tab(line, tmp_path) == expected, line


@pytest.mark.parametrize(
    ("typed", "expected"),
    [("dumbbells,bo", ["dumbbells,box"]), ("ho", ["home"]), ("box,dumbbells,", None)],
)
def test_equipment_completes_the_last_item_of_a_list(
    typed: str, expected: list[str] | None
) -> None:
    got = complete_equipment(typed)
    if expected is None:
        assert got and all(g.startswith(typed) for g in got)
        assert "box,dumbbells,box" not in got  # nothing twice
    else:
        assert got == expected


def test_weekdays_and_maxes() -> None:
    assert complete_weekdays("tue,t") == ["tue,thu"]
    assert complete_max("pogo") == ["pogos="]
    assert complete_max("pogos=1") == []


def test_the_exercises_of_a_catalog_saved_with_the_plan_complete(tmp_path: Path) -> None:
    """`plan --catalog my.yaml --save` makes `log my-<TAB>` offer the runner's own
    exercise (the architecture review's gap in the saved-catalog fix); a saved file that
    no longer loads leaves the shipped words."""
    from typer.testing import CliRunner

    from runstrength.cli import app

    from helpers import MY_HOP

    mine = tmp_path / "my.yaml"
    mine.write_text(MY_HOP, encoding="utf-8")
    home = tmp_path / "home"
    env = {"RUNSTRENGTH_HOME": str(home), "RUNSTRENGTH_TODAY": "2026-12-07"}
    saved = CliRunner().invoke(
        app, ["plan", "--season", "off", "--catalog", str(mine), "--save"], env=env
    )
    assert saved.exit_code == 0, saved.stderr
    assert tab("runstrength log my-", home) == ["my-hop"]
    assert tab("runstrength history trap-bar-d", home) == ["trap-bar-deadlift"]
    mine.write_text("- id: [broken\n", encoding="utf-8")
    assert tab("runstrength log my-", home) == []
    assert tab("runstrength log trap-bar-d", home) == ["trap-bar-deadlift"]
