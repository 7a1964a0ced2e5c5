"""§4.6 across plans after a race (§3.4, §10.7): the loading weeks a new plan's warning
counts stop at the race and at the weeks that unloaded (a deload, the taper). The QA run:
a race build logged to its end, a lift the day before the race, and the plan saved after
the race warned of 8 loading weeks in a row, counting the taper and the race week."""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import sqlite3
from pathlib import Path

from typer.testing import CliRunner

from runstrength.cli import app
from runstrength.log.storage import SessionLog

from helpers import make_plan

runner = CliRunner()
START = dt.date(2026, 12, 7)  # a Monday
RACE = dt.date(2027, 1, 24)  # a Sunday: weeks 1–2 AA, 3–5 PW (4 a deload), 6–7 taper
LOCKOUT_OVER = dt.date(2027, 1, 27)  # a 10k's 2 days without heavy work or jumps after it


def run(today: dt.date, *args: str) -> str:
    """Run the CLI on `today`; what it said on stderr (the save's lines)."""
    result = runner.invoke(app, list(args), env={"RUNSTRENGTH_TODAY": today.isoformat()})
    assert result.exit_code == 0, result.output
    return result.stderr


def _next_day(today: dt.date) -> dt.date | None:
    """The day of the session `next` offers on `today`, if any."""
    result = runner.invoke(
        app, ["next", "--format", "json"], env={"RUNSTRENGTH_TODAY": today.isoformat()}
    )
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    return None if data is None else dt.date.fromisoformat(data["date"])


def _loading_note(said: str) -> list[str]:
    return [line for line in said.splitlines() if line.startswith("Your log holds")]


def _race_build_logged() -> None:
    """The race build's last weeks logged as planned (week 5 loads, weeks 6 and 7 taper,
    week 7's primer on day −6), and a lift the day before the race."""
    run(START - dt.timedelta(days=1), "plan", "--race-date", RACE.isoformat(),
        "--race-distance", "10k", "--days", "3", "--start", START.isoformat(),
        "--save")  # fmt: skip
    for day in ("2027-01-04", "2027-01-06", "2027-01-08", "2027-01-11", "2027-01-14",
                "2027-01-18"):  # fmt: skip
        run(dt.date.fromisoformat(day), "log", "--done")
    said = run(RACE - dt.timedelta(days=1), "log", "trap-bar-deadlift", "2x3@60kg", "--rir", "4")
    assert "1 day before your race" in said  # logged, as done is done (§3.4)


def _off_season_from(day: dt.date) -> str:
    return run(day, "plan", "--season", "off", "--days", "3", "--start", day.isoformat(), "--save")


def test_a_plan_saved_after_the_race_counts_no_loading_weeks_before_it() -> None:
    _race_build_logged()
    said = _off_season_from(LOCKOUT_OVER)
    assert "this plan has no race" in said
    # before: "Your log holds 4 loading weeks before this plan starts, … 8 loading weeks"
    assert _loading_note(said) == []


def test_training_after_the_race_counts_and_the_weeks_before_it_do_not() -> None:
    _race_build_logged()
    for day in (LOCKOUT_OVER + dt.timedelta(days=1), LOCKOUT_OVER + dt.timedelta(days=3)):
        run(day, "log", "goblet-squat", "3x8@20kg", "--rir", "3")
    monday = dt.date(2027, 2, 1)
    assert _loading_note(_off_season_from(monday)) == [
        "Your log holds 1 loading week before this plan starts, and its first deload is week "
        "5: 5 loading weeks in a row, more than the 4 the method allows (§4.6). Take its "
        "first week easy (fewer sets, 2 more reps in reserve), or save it to start a week "
        "later and rest."
    ]


def test_the_race_still_counts_when_a_later_plan_is_replaced() -> None:
    """The race plan, then a plan after it with a week logged, then another plan: the race
    and the taper (logged with the first plan, not the one replaced) still end the run."""
    _race_build_logged()
    _off_season_from(LOCKOUT_OVER)
    monday = dt.date(2027, 2, 1)
    day = _next_day(LOCKOUT_OVER)
    while day is not None and day < monday:
        run(day, "log", "--done")
        day = _next_day(day)
    said = run(monday, "plan", "--season", "off", "--days", "2", "--start", monday.isoformat(),
               "--save")  # fmt: skip
    assert _loading_note(said) == [
        "Your log holds 1 loading week before this plan starts, and its first deload is week "
        "5: 5 loading weeks in a row, more than the 4 the method allows (§4.6). Take its "
        "first week easy (fewer sets, 2 more reps in reserve), or save it to start a week "
        "later and rest."
    ]


def test_taper_weeks_unload() -> None:
    """A taper season with no race date: its weeks are not loading weeks (§10.9: the taper
    is itself a deload), so a plan saved after it counts none."""
    run(START - dt.timedelta(days=1), "plan", "--season", "taper", "--days", "2",
        "--start", START.isoformat(), "--save")  # fmt: skip
    end = START + dt.timedelta(weeks=2)
    day = _next_day(START)
    while day is not None and day < end:
        run(day, "log", "--done")
        day = _next_day(day)
    said = _off_season_from(end)
    assert _loading_note(said) == []


def test_a_race_plan_replaced_before_its_race_ends_no_run() -> None:
    """A race plan followed for a week, then replaced by an off-season plan trained through
    the race day: that race was not run, and the weeks around it are loading weeks."""
    run(START - dt.timedelta(days=1), "plan", "--race-date", RACE.isoformat(),
        "--race-distance", "10k", "--days", "3", "--start", START.isoformat(),
        "--save")  # fmt: skip
    for day in ("2026-12-21", "2026-12-23", "2026-12-25"):
        run(dt.date.fromisoformat(day), "log", "--done")
    switch = dt.date(2027, 1, 4)
    run(switch, "profile", "set", "race-date", "none")
    run(switch, "profile", "set", "race-distance", "none")
    _off_season_from(switch)
    for week in range(3):
        for offset in (0, 2, 4):
            run(switch + dt.timedelta(days=7 * week + offset), "log", "--done")
    monday = RACE + dt.timedelta(days=1)
    said = run(monday, "plan", "--season", "off", "--days", "2", "--start", monday.isoformat(),
               "--save")  # fmt: skip
    assert _loading_note(said) == [
        "Your log holds 3 loading weeks before this plan starts, and its first deload is week "
        "5: 7 loading weeks in a row, more than the 4 the method allows (§4.6). Take its "
        "first week easy (fewer sets, 2 more reps in reserve), or save it to start a week "
        "later and rest."
    ]


def test_plan_weeks_reads_the_stored_plans_and_leaves_a_damaged_one_out(db: Path) -> None:
    race = dt.date(2026, 4, 5)
    with SessionLog(db) as log:
        first = log.save_plan(make_plan(6, race_date=race))
        second = log.save_plan(make_plan(6))
    with contextlib.closing(sqlite3.connect(db)) as conn, conn:  # damage, only looked at
        conn.execute("INSERT INTO plans (json) VALUES ('not json')")
    with SessionLog(db) as log:
        marks = log.plan_weeks([first, second, second + 1, second + 2])
    assert sorted(marks) == [first, second]
    assert marks[first].race_date == race and marks[second].race_date is None
    assert marks[first].weeks[5] == ("AA", True) and marks[first].weeks[6] == ("MS", False)
