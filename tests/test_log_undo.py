"""`runstrength log undo` takes back what was logged last: a next-morning pain report
logged after every session and entry goes alone, with the flag or hold it raised; else the
last session goes, as it always did (docs/method.md §10.3 for the reports).

A runner on the shipped catalog and rules through the real app (CliRunner), the clock
moved a day at a time with $RUNSTRENGTH_TODAY.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from typer.testing import CliRunner, Result

from runstrength.cli import app, log_cmd
from runstrength.enums import PainRegion
from runstrength.log import clearance
from runstrength.log.clearance import add_next_day, pain_log
from runstrength.log.pain import pain_state
from runstrength.log.pain_types import PainState
from runstrength.log.records import LoggedSession
from runstrength.log.storage import SessionLog
from runstrength.models import Catalog
from runstrength.rulebook import default_rulebook

RULES = default_rulebook()
START = dt.date(2027, 1, 4)  # a Monday: the plan's first session
LIFT = "trap-bar-deadlift"  # loads the knee, among others
DURING = 1  # the pain logged during the session


def cli(today: dt.date, *args: str, input: str | None = None) -> Result:
    return CliRunner().invoke(
        app, list(args), input=input, env={"RUNSTRENGTH_TODAY": today.isoformat()}
    )


def ok(today: dt.date, *args: str, input: str | None = None) -> Result:
    result = cli(today, *args, input=input)
    assert result.exit_code == 0, result.output
    return result


def _day(n: int) -> dt.date:
    return START + dt.timedelta(days=n)


@pytest.fixture(autouse=True)
def _runner(db: Path) -> None:
    """A saved plan and its first session logged, with a little pain in it."""
    ok(
        START - dt.timedelta(days=1),
        *("plan", "--season", "off", "--volume", "40km", "--days", "2"),
        *("--level", "intermediate", "--start", START.isoformat(), "--save", "--format", "md"),
    )
    ok(START, "log", LIFT, "2x10@80kg", "--rir", "3", "--pain", str(DURING))


def _sessions(db: Path) -> list[LoggedSession]:
    with SessionLog(db) as log:
        return list(log.sessions())


def _state(db: Path, day: dt.date, catalog: Catalog) -> PainState:
    """The pain flags and holds as `next` derives them (log.pain over the stored log)."""
    with SessionLog(db) as log:
        return pain_state(pain_log(log, day), catalog, day, RULES)


def _reports(db: Path) -> list[int]:
    with SessionLog(db) as log:
        return [n.pain for n in pain_log(log, _day(1)).next_day]


@pytest.mark.parametrize(
    ("pain", "raised"),
    [
        (DURING + 1, "hold"),  # above the pain during the session: its loads held
        (RULES.pain.red_flag_at, "flag"),  # a red flag: loaded work there stops
    ],
)
def test_undo_takes_back_a_next_morning_report_and_what_it_raised(
    db: Path, catalog: Catalog, pain: int, raised: str
) -> None:
    """The closing note of the last session: `log undo` after a mistyped next-morning
    report offered to remove the whole session it was about (and the report with it, by
    the session's cascade); `log clear` was the only way out. It takes back the report
    alone now: the session stays, and the hold or flag the report raised is gone."""
    ok(_day(1), "log", "pain-next-day", str(pain), "--where", "knee")
    before = _state(db, _day(2), catalog)
    mine = before.holds if raised == "hold" else before.flags
    assert PainRegion.KNEE in mine  # what the report raised, as the test's premise
    sessions = _sessions(db)
    said = "Next-morning pain" if raised == "hold" else "Red flag"
    assert said in ok(_day(2), "next").stdout

    out = ok(_day(2), "log", "undo", "--yes").stdout
    assert out.splitlines() == [
        f"Last entry: next-morning pain {pain}/10 in the knee after the session of "
        f"{START.isoformat()} (session #1).",
        "Removed the next-morning pain report; session #1 stays.",
    ]
    assert _sessions(db) == sessions
    assert _reports(db) == []
    after = _state(db, _day(2), catalog)
    assert not after.holds and not after.flags
    assert said not in ok(_day(2), "next").stdout
    # the next undo is the session's, as before the report
    assert ok(_day(2), "log", "undo", "--yes").stdout.splitlines()[0].startswith("Last session: #1")


def test_undo_takes_back_the_newest_of_two_reports(db: Path) -> None:
    """A report naming an exercise, then one naming where: undo takes back the second, and
    the one before it stays."""
    ok(_day(1), "log", "pain-next-day", "2", "--exercise", LIFT)
    ok(_day(1), "log", "pain-next-day", "3", "--where", "hip")
    out = ok(_day(1), "log", "undo", "--yes").stdout
    assert out.startswith("Last entry: next-morning pain 3/10 in the hip after")
    assert _reports(db) == [2]
    out = ok(_day(1), "log", "undo", "--yes").stdout
    assert out.startswith(f"Last entry: next-morning pain 2/10 on {LIFT} after")
    assert _reports(db) == []
    assert len(_sessions(db)) == 1


def test_undo_of_a_report_brings_back_the_reports_it_replaced(db: Path, catalog: Catalog) -> None:
    """A report naming where replaces the session's reports that named no region (§10.3).
    Undone, it leaves the log as if it was never written: those come back, with their
    hold, and the next undo takes them back in turn."""
    ok(_day(1), "log", "pain-next-day", str(DURING + 1))  # every region the session loaded
    whole = _state(db, _day(2), catalog).holds
    ok(_day(1), "log", "pain-next-day", str(RULES.pain.red_flag_at), "--where", "knee")
    assert _reports(db) == [RULES.pain.red_flag_at]
    out = ok(_day(2), "log", "undo", "--yes").stdout
    assert out.splitlines()[1:] == [
        f"It replaced the report of {DURING + 1}/10 that named no region; that one comes back.",
        "Removed the next-morning pain report; session #1 stays.",
    ]
    assert _reports(db) == [DURING + 1]
    after = _state(db, _day(2), catalog)
    assert len(whole) > 1 and after.holds == whole and not after.flags
    out = ok(_day(2), "log", "undo", "--yes").stdout
    assert out.startswith(f"Last entry: next-morning pain {DURING + 1}/10 after the session")
    assert _reports(db) == [] and len(_sessions(db)) == 1


@pytest.mark.parametrize("later", ["session", "entry in the same session"])
def test_undo_after_a_later_entry_removes_the_session_as_before(
    db: Path, catalog: Catalog, later: str
) -> None:
    """A report, then an entry (a new session the next day, or one more exercise in the
    session the report is about): the entry was logged last, so undo is the session's as
    it always was; a new session goes and the report stays with its hold."""
    ok(_day(1), "log", "pain-next-day", str(DURING + 1), "--where", "knee")
    if later == "session":
        ok(_day(1), "log", "pogos", "3x10c")
    else:
        ok(_day(1), "log", "pogos", "3x10c", "--date", START.isoformat())
    last = len(_sessions(db))  # 2: the new session; 1: the report's, one entry longer
    out = ok(_day(1), "log", "undo", "--yes").stdout
    assert out.splitlines()[0].startswith(f"Last session: #{last} {_day(last - 1).isoformat()}")
    assert out.splitlines()[-1] == f"Removed session #{last}."
    if later == "session":
        assert [s.id for s in _sessions(db)] == [1]
        assert _reports(db) == [DURING + 1]
        assert PainRegion.KNEE in _state(db, _day(2), catalog).holds
    else:  # the session held the report: it goes with it, as before
        assert _sessions(db) == [] and _reports(db) == []


def test_undo_of_a_report_asks_unless_yes(db: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """No terminal and no --yes: one line naming what --yes would remove, exit 2, nothing
    removed. At a terminal it asks; no keeps the report, yes removes it."""
    ok(_day(1), "log", "pain-next-day", "3", "--where", "knee")
    monkeypatch.setattr(log_cmd, "stdin_is_terminal", lambda: False)
    refused = cli(_day(1), "log", "undo")
    assert refused.exit_code == 2
    assert refused.stdout == ""
    assert refused.stderr == (
        "Error: log undo: stdin is not a terminal, so nobody can confirm; give --yes to "
        "remove the next-morning report logged last\n"
    )
    assert _reports(db) == [3]

    monkeypatch.setattr(log_cmd, "stdin_is_terminal", lambda: True)
    kept = ok(_day(1), "log", "undo", input="n\n").stdout
    assert kept.startswith("Last entry: next-morning pain 3/10 in the knee")
    assert "Remove this report? [y/N]" in kept and kept.endswith("Kept.\n")
    assert _reports(db) == [3]
    removed = ok(_day(1), "log", "undo", input="y\n").stdout
    assert removed.endswith("Removed the next-morning pain report; session #1 stays.\n")
    assert _reports(db) == [] and len(_sessions(db)) == 1


def _meanwhile(db: Path, change: str) -> None:
    """Another runstrength writes to the log (its own connection)."""
    with SessionLog(db) as other:
        if change == "replaced":  # a report naming where replaces one that named none
            add_next_day(
                other, 4, day=START, before=_day(2), exercise_id=None, where=[PainRegion.HIP]
            )
        else:
            other.undo_last()  # the session, and its report by the cascade


@pytest.mark.parametrize("change", ["replaced", "session removed"])
def test_undo_of_a_report_removes_nothing_when_the_log_changed_meanwhile(
    db: Path, monkeypatch: pytest.MonkeyPatch, change: str
) -> None:
    """Between showing the report and removing it another process replaces it, or removes
    its session: nothing is removed, one line says so, exit 2."""
    ok(_day(1), "log", "pain-next-day", "3")  # names no region: one naming where replaces it
    monkeypatch.setattr(log_cmd, "stdin_is_terminal", lambda: True)
    read = clearance.newest_report

    def then_changed(log: SessionLog) -> clearance.LoggedReport | None:
        shown = read(log)
        _meanwhile(db, change)
        return shown

    monkeypatch.setattr(clearance, "newest_report", then_changed)
    kept = [(s.id, len(s.sets)) for s in _sessions(db)] if change == "replaced" else []
    result = cli(_day(1), "log", "undo", input="y\n")
    assert result.exit_code == 2
    assert result.stdout.startswith("Last entry: next-morning pain 3/10 after the session")
    assert result.stderr == (
        f"Error: {db}: the next-morning report changed meanwhile (another runstrength wrote "
        "to the log); nothing was removed: run the command again\n"
    )
    assert [(s.id, len(s.sets)) for s in _sessions(db)] == kept
    assert _reports(db) == ([4] if change == "replaced" else [])
