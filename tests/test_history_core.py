"""`history` gives core stability drills no e1RM (§4.7, coach review K8).

A deadbug or a Pallof press logged with a load (a band, a light plate) got an e1RM, a trend
and a "best" ranked by it: ≈14.3 for a 10 lb Pallof press. Load is not how those drills
progress, so the estimate means nothing; a loaded main lift keeps its e1RM.
"""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from runstrength.cli import app


@pytest.fixture(autouse=True)
def _today(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("RUNSTRENGTH_TODAY", "2026-12-07")


def ok(*args: str) -> str:
    result = CliRunner().invoke(app, list(args), catch_exceptions=False)
    assert result.exit_code == 0, result.stderr
    return result.stdout


def test_core_drills_get_no_e1rm_and_lifts_keep_theirs() -> None:
    ok("plan", "--season", "off", "--start", "2026-12-07", "--save")
    ok("log", "pallof-press", "2x10@10lb", "--rir", "3")
    ok("log", "deadbug", "2x8@5lb", "--rir", "3")
    ok("log", "trap-bar-deadlift", "2x8@60kg", "--rir", "3")
    lifts = {
        lift["exercise"]: lift for lift in json.loads(ok("history", "--format", "json"))["lifts"]
    }
    for drill in ("pallof-press", "deadbug"):
        assert lifts[drill]["e1rm"] is None
        assert lifts[drill]["trend"] == []
        assert lifts[drill]["best"]["e1rm"] is None
        assert lifts[drill]["best"]["load"] is not None  # what was done stays shown
    assert lifts["trap-bar-deadlift"]["e1rm"] is not None
    assert lifts["trap-bar-deadlift"]["trend"]
    table = ok("history")
    pallof = next(line for line in table.splitlines() if line.startswith("Pallof press"))
    assert "≈" not in pallof and " – " in pallof


def test_history_rounds_an_e1rm_once_as_next_does() -> None:
    """The QA run: 3 × 7 at 205 lb, RIR 2, in a kg plan: 92.986 kg × 36 / 28 = 119.554 kg.
    `next` said "from e1RM 119.6 kg" and `history` 119.5: it had rounded to 119.55 first."""
    ok("plan", "--season", "off", "--start", "2026-12-07", "--save")
    ok("log", "trap-bar-deadlift", "3x7@205lb", "--rir", "2")
    line = next(x for x in ok("history").splitlines() if x.startswith("Trap bar deadlift"))
    assert "119.6" in line and "119.5" not in line, line
    data = json.loads(ok("history", "--format", "json"))
    (lift,) = [x for x in data["lifts"] if x["exercise"] == "trap-bar-deadlift"]
    assert lift["e1rm"] == 119.55  # JSON keeps two decimals


def test_weeks_without_a_hard_set_on_record_say_why() -> None:
    """The QA run: five weeks logged with `log --done` showed "–" under "Hard sets by
    pattern" and nothing said why (their RIR is unknown)."""
    ok("plan", "--season", "off", "--start", "2026-12-07", "--save")
    ok("log", "--done")
    table = ok("history")
    assert "2026-12-07  1         –" in table
    assert table.rstrip().endswith(
        "– no hard set on record: a hard set ends at RIR 4 or less (§0), and sets logged "
        "without an RIR (`log --done`) are not counted."
    )
    ok("log", "trap-bar-deadlift", "2x8@60kg", "--rir", "3", "--date", "2026-12-07")
    assert "no hard set on record" not in ok("history")
