"""`runstrength log undo` takes back what was logged last: a pain check-in (`log clear`) or
a next-morning pain report logged after every session and entry goes alone, with what it
changed (the flag it cleared and the window it started come back; the flag or hold a
report raised goes); else the last session goes, as it always did (docs/method.md §10.3).

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
from runstrength.log.clearance import add_clearance, add_next_day, pain_log
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


# --------------------------------------------------------------------------- check-ins


def _flag(source: str, pain: int) -> None:
    """The knee flagged the day after the first session, by a next-morning report or by
    a session that hurt there."""
    if source == "report":
        ok(_day(1), "log", "pain-next-day", str(pain), "--where", "knee")
    else:
        ok(_day(1), "log", LIFT, "2x10@80kg", "--pain", str(pain), "--where", "knee")


def _checkins(db: Path) -> list[tuple[PainRegion, dt.date]]:
    with SessionLog(db) as log:
        return [(c.region, c.date) for c in pain_log(log, _day(9)).clearances]


@pytest.mark.parametrize("source", ["report", "session"])
@pytest.mark.parametrize("red", [False, True])
def test_undo_takes_back_a_check_in_and_the_window_it_started(
    db: Path, catalog: Catalog, source: str, red: bool
) -> None:
    """QA: a report, `log clear knee`, then `log undo` removed the report and left the
    check-in. A check-in logged last is what undo takes back now: the knee's flag stands
    again and the re-entry window the check-in started (`restart.weeks` after a red flag,
    `reentry.weeks` after a flag) is gone; `next` and the pain state are as before it. The
    next undo takes back what flagged the knee."""
    pain = RULES.pain.red_flag_at if red else RULES.pain.modify_at
    _flag(source, pain)
    day = _day(2)
    before, shown = _state(db, day, catalog), ok(day, "next").stdout
    flag = before.flags[PainRegion.KNEE]
    assert flag.red is red and not before.restarts  # the test's premise

    ok(day, "log", "clear", "knee")
    cleared = _state(db, day, catalog)
    weeks = RULES.restart.weeks if red else RULES.reentry.weeks
    window = cleared.restarts[PainRegion.KNEE]
    assert PainRegion.KNEE not in cleared.flags
    assert (window.cleared, window.until) == (day, day + dt.timedelta(days=7 * weeks))
    assert ok(day, "next").stdout != shown

    out = ok(day, "log", "undo", "--yes").stdout
    again = "red flag" if red else "flag"
    assert out.splitlines() == [
        f"Last entry: pain check-in clearing the knee on {day.isoformat()}.",
        f"Removed the pain check-in; the knee's {again} stands again, as before it.",
    ]
    assert _checkins(db) == []
    assert _state(db, day, catalog) == before
    assert ok(day, "next").stdout == shown

    second = ok(day, "log", "undo", "--yes").stdout.splitlines()
    if source == "report":  # report, check-in, undo, undo: the report goes second
        assert second[0].startswith(f"Last entry: next-morning pain {pain}/10 in the knee")
        assert _reports(db) == [] and len(_sessions(db)) == 1
    else:
        assert second[0].startswith(f"Last session: #2 {_day(1).isoformat()}")
        assert [s.id for s in _sessions(db)] == [1]
    assert not _state(db, day, catalog).flags


def test_undo_takes_back_the_newest_of_two_check_ins(db: Path, catalog: Catalog) -> None:
    """`log clear knee hip` writes a check-in per region: undo takes back the last one
    (the hip's), and the knee stays cleared; the next undo takes back the knee's."""
    ok(_day(1), "log", "pain-next-day", str(RULES.pain.red_flag_at), "--where", "knee,hip")
    ok(_day(2), "log", "clear", "knee", "hip")
    out = ok(_day(2), "log", "undo", "--yes").stdout
    assert out.startswith(f"Last entry: pain check-in clearing the hip on {_day(2).isoformat()}.")
    state = _state(db, _day(2), catalog)
    assert PainRegion.HIP in state.flags and PainRegion.KNEE not in state.flags
    assert set(state.restarts) == {PainRegion.KNEE}
    out = ok(_day(2), "log", "undo", "--yes").stdout
    assert out.startswith("Last entry: pain check-in clearing the knee")
    assert _checkins(db) == [] and {PainRegion.KNEE, PainRegion.HIP} <= set(
        _state(db, _day(2), catalog).flags
    )


@pytest.mark.parametrize("later", ["session", "entry in an earlier session", "report"])
def test_undo_after_something_logged_after_a_check_in_leaves_the_check_in(
    db: Path, catalog: Catalog, later: str
) -> None:
    """A check-in, then a session, an entry in an earlier session or a next-morning report:
    that was logged last, so undo takes it back and the check-in stays, with its window."""
    _flag("session", RULES.pain.red_flag_at)
    ok(_day(2), "log", "clear", "knee")
    if later == "session":
        ok(_day(3), "log", "pogos", "3x10c")
    elif later == "entry in an earlier session":
        ok(_day(3), "log", "pogos", "3x10c", "--date", _day(1).isoformat())
    else:
        ok(_day(3), "log", "pain-next-day", "1", "--where", "hip", "--date", _day(1).isoformat())
    out = ok(_day(3), "log", "undo", "--yes").stdout.splitlines()
    if later == "session":
        assert out[0].startswith(f"Last session: #3 {_day(3).isoformat()}")
        assert [s.id for s in _sessions(db)] == [1, 2]
    elif later == "report":
        assert out[0].startswith("Last entry: next-morning pain 1/10 in the hip")
        assert _reports(db) == []
    else:  # the session it went to was logged last: it goes whole, as before
        assert out[0].startswith(f"Last session: #2 {_day(1).isoformat()}")
        assert [s.id for s in _sessions(db)] == [1]
    assert _checkins(db) == [(PainRegion.KNEE, _day(2))]
    if later != "entry in an earlier session":  # else the flag went with its session
        assert PainRegion.KNEE in _state(db, _day(3), catalog).restarts


def test_undo_of_a_check_in_asks_unless_yes(db: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """No terminal and no --yes: one line naming what --yes would remove, exit 2, nothing
    removed. At a terminal it asks; no keeps the check-in, yes removes it."""
    _flag("report", RULES.pain.red_flag_at)
    ok(_day(2), "log", "clear", "knee")
    monkeypatch.setattr(log_cmd, "stdin_is_terminal", lambda: False)
    refused = cli(_day(2), "log", "undo")
    assert refused.exit_code == 2
    assert refused.stdout == ""
    assert refused.stderr == (
        "Error: log undo: stdin is not a terminal, so nobody can confirm; give --yes to "
        "remove the pain check-in logged last\n"
    )
    assert _checkins(db) == [(PainRegion.KNEE, _day(2))]

    monkeypatch.setattr(log_cmd, "stdin_is_terminal", lambda: True)
    kept = ok(_day(2), "log", "undo", input="n\n").stdout
    assert kept.startswith("Last entry: pain check-in clearing the knee on")
    assert "Remove this check-in? [y/N]" in kept and kept.endswith("Kept.\n")
    assert _checkins(db) == [(PainRegion.KNEE, _day(2))]
    removed = ok(_day(2), "log", "undo", input="y\n").stdout
    assert removed.endswith(
        "Removed the pain check-in; the knee's red flag stands again, as before it.\n"
    )
    assert _checkins(db) == [] and _reports(db) == [RULES.pain.red_flag_at]


@pytest.mark.parametrize("change", ["removed", "written again"])
def test_undo_of_a_check_in_removes_nothing_when_the_log_changed_meanwhile(
    db: Path, monkeypatch: pytest.MonkeyPatch, change: str
) -> None:
    """Between showing the check-in and removing it another process takes it back (its own
    `log undo`), or takes it back and clears the knee again: nothing is removed, one line
    says so, exit 2."""
    _flag("report", RULES.pain.red_flag_at)
    ok(_day(2), "log", "clear", "knee")
    monkeypatch.setattr(log_cmd, "stdin_is_terminal", lambda: True)
    read = clearance.newest_checkin

    def then_changed(log: SessionLog) -> clearance.LoggedCheckin | None:
        shown = read(log)
        assert shown is not None
        with SessionLog(db) as other:
            clearance.remove_checkin(other, shown)
            if change == "written again":
                add_clearance(other, PainRegion.KNEE, _day(2))
        return shown

    monkeypatch.setattr(clearance, "newest_checkin", then_changed)
    result = cli(_day(2), "log", "undo", input="y\n")
    assert result.exit_code == 2
    assert result.stdout.startswith("Last entry: pain check-in clearing the knee on")
    assert result.stderr == (
        f"Error: {db}: the pain check-in changed meanwhile (another runstrength wrote to "
        "the log); nothing was removed: run the command again\n"
    )
    assert _checkins(db) == ([(PainRegion.KNEE, _day(2))] if change == "written again" else [])
    assert _reports(db) == [RULES.pain.red_flag_at] and len(_sessions(db)) == 1


@pytest.mark.parametrize("tied", ["report", "session", "set"])
def test_a_check_in_of_the_same_millisecond_as_an_entry_is_not_the_last(
    db: Path, tied: str
) -> None:
    """Later than, not as late as: a check-in written in the same millisecond as a report,
    a session or a set is not known to be the newer, and undo does what it did before it
    took back check-ins (the report's, else the session's)."""
    _flag("report", RULES.pain.red_flag_at)
    ok(_day(2), "log", "clear", "knee")
    with SessionLog(db) as log:
        shown = clearance.newest_checkin(log)
        assert shown is not None and shown.region is PainRegion.KNEE  # not tied yet
        table = {"report": "next_day_pain", "session": "sessions", "set": "sets"}[tied]
        with log._conn:
            log._conn.execute(f"UPDATE {table} SET created_at = ?", (shown.created_at,))
        assert clearance.newest_checkin(log) is None
        report = clearance.newest_report(log)
    out = ok(_day(2), "log", "undo", "--yes").stdout.splitlines()
    if tied == "report":
        assert report is not None and out[0].startswith("Last entry: next-morning pain")
    else:  # the report is older than the session or set now: the session goes
        assert report is None and out[0].startswith("Last session: #1")
    assert _checkins(db) == [(PainRegion.KNEE, _day(2))]


def _undo_all(today: dt.date, db: Path) -> list[str]:
    """What each `log undo --yes` says until the log is empty."""
    said = []
    while _sessions(db):
        said.append(ok(today, "log", "undo", "--yes").output)
    return said


@pytest.mark.parametrize(
    "logged",
    ["a report that replaced one", "an entry after a report", "an entry in an earlier session"],
)
def test_undo_after_an_export_round_trip_does_what_it_did_before(
    db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, logged: str
) -> None:
    """`log export` then `log import` into a fresh data folder keeps what `log undo` reads
    (export version 5): the reports a report replaced come back when it is undone, and an
    entry logged after a report or in an earlier session is still the newest. Every undo,
    to an empty log, says the same in both."""
    if logged == "a report that replaced one":
        ok(_day(1), "log", "pain-next-day", str(DURING + 1))
        ok(_day(1), "log", "pain-next-day", str(DURING + 2), "--where", "knee")
    elif logged == "an entry after a report":
        ok(_day(1), "log", "pain-next-day", str(DURING + 1), "--where", "knee")
        ok(_day(1), "log", "pogos", "3x10c", "--date", START.isoformat())
    else:
        ok(_day(1), "log", "pogos", "3x10c")
        ok(_day(2), "log", "pain-next-day", str(DURING + 1), "--date", _day(1).isoformat())
        ok(_day(2), "log", "bounding", "2x10c", "--date", START.isoformat())
    exported = tmp_path / "log.json"
    ok(_day(2), "log", "export", "-o", str(exported))
    fresh = tmp_path / "fresh"
    monkeypatch.setenv("RUNSTRENGTH_HOME", str(fresh))
    ok(_day(2), "log", "import", str(exported))
    imported = _undo_all(_day(2), fresh / "log.db")
    monkeypatch.setenv("RUNSTRENGTH_HOME", str(db.parent))
    original = _undo_all(_day(2), db)
    assert imported == original
    if logged == "a report that replaced one":
        assert "that one comes back" in original[0]
    elif logged == "an entry in an earlier session":
        assert "Your newest entry is not in it: bounding in session #1" in original[0]
