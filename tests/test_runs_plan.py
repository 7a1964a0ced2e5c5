"""The plan follows the runs (issue 13): a simulated 8-week history with one spike week,
imported through `runs import` as a Strava activities.csv (no heart rate: hard runs are
told by pace). `plan` without --volume takes the 4-week mean and the habitual days;
`next` in the week after the spike is a reactive deload that says why."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner, Result

from runstrength.cli import app
from runstrength.watch.runs import Run

from run_history import HISTORY, RECOVERY, RECOVERY_WEEK, SPIKE_WEEK

AFTER_SPIKE = SPIKE_WEEK + dt.timedelta(weeks=1)  # Monday 2026-12-21


def run(*args: str) -> Result:
    return CliRunner().invoke(app, list(args))


def ok(*args: str) -> Result:
    result = run(*args)
    assert result.exit_code == 0, (result.stdout, result.stderr)
    return result


def strava_csv(path: Path, runs: list[Run]) -> Path:
    lines = [
        "Activity ID,Activity Date,Activity Name,Activity Type,Elapsed Time,Distance,Moving Time"
    ]
    for n, r in enumerate(runs):
        when = r.start.strftime("%b %d, %Y, %I:%M:%S %p").replace(" 0", " ")
        seconds = round(r.duration_s)
        lines.append(f'{n},"{when}",Run {n},Run,{seconds},{r.distance_m / 1000:.2f},{seconds}')
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


@pytest.fixture
def history(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("TZ", "UTC")
    csv = strava_csv(tmp_path / "activities.csv", HISTORY)
    # imported once the last of them is run (a run after today is refused), then looked
    # at from the Monday after the spike week, the later week in the log
    monkeypatch.setenv("RUNSTRENGTH_TODAY", max(r.date for r in HISTORY).isoformat())
    imported = ok("runs", "import", str(csv))
    assert "Imported 34 runs" in imported.stdout
    monkeypatch.setenv("RUNSTRENGTH_TODAY", AFTER_SPIKE.isoformat())
    return csv


def test_plan_without_volume_takes_the_4_week_mean_and_the_habitual_days(history: Path) -> None:
    result = ok("plan", "--season", "off", "--start", AFTER_SPIKE.isoformat(), "--format", "json")
    plan = json.loads(result.stdout)
    # the 4 complete weeks before 2026-12-21: 38, 38, 38 and the 52 km spike week
    assert plan["inputs"]["weekly_volume"] == 41.5
    assert plan["inputs"]["hard_days"] == ["tue", "thu"]
    assert plan["inputs"]["long_run_day"] == "sun"
    line = "Weekly running 41.5 km (mean of your last 4 weeks of runs)"
    assert plan["warnings"][0] == line
    assert f"Warning: {line}" in result.stderr
    md = ok("plan", "--season", "off", "--format", "md").stdout
    assert line in md
    given = json.loads(ok("plan", "--volume", "60", "--format", "json").stdout)
    assert given["inputs"]["weekly_volume"] == 60
    assert not any("mean of your last" in w for w in given["warnings"])
    assert given["inputs"]["hard_days"] == ["tue", "thu"]  # still from the runs


def test_weeks_without_runs_on_record_are_said_and_none_at_all_is_no_volume(
    history: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The QA run: with the runs no longer imported, the plan took its volume from a mean
    of weeks without any run on record (35, then 25 km, then "0 km … a non-running
    period") and said only "mean of your last 4 weeks of runs"."""
    last = max(r.date for r in HISTORY)
    two_on = last + dt.timedelta(weeks=2)
    monkeypatch.setenv("RUNSTRENGTH_TODAY", two_on.isoformat())
    some = json.loads(ok("plan", "--season", "off", "--format", "json").stdout)
    assert some["warnings"][0].startswith("Weekly running "), some["warnings"]
    assert (
        ", 1 of them without a run on record: import its runs, or give --volume)"
        in (some["warnings"][0])
    )
    far = last + dt.timedelta(weeks=6)
    monkeypatch.setenv("RUNSTRENGTH_TODAY", far.isoformat())
    none = json.loads(ok("plan", "--season", "off", "--volume", "33", "--format", "json").stdout)
    assert none["inputs"]["weekly_volume"] == 33  # given: nothing said of the runs' volume
    plain = json.loads(ok("plan", "--season", "off", "--format", "json").stdout)
    assert plain["inputs"]["weekly_volume"] > 0
    assert (
        "No runs on record in the last 4 complete weeks: the weekly volume is your "
        in (plain["warnings"][0])
    )


def test_next_after_the_spike_week_is_a_reactive_deload_that_says_why(
    history: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    ok("plan", "--season", "off", "--start", AFTER_SPIKE.isoformat(), "--save")
    planned = json.loads(ok("plan", "--format", "json").stdout)["weeks"][0]["sessions"][0]
    nxt = json.loads(ok("next", "--format", "json").stdout)
    assert nxt["week"]["deload"] is True
    reason = (
        "run volume in the week of 2026-12-14 was 52.0 km, 37 % above the mean of the 4 "
        "weeks before it, 38.0 km (method §3.2, §4.6: reactive deload)"
    )
    assert nxt["notes"][0] == (
        f"Reactive deload: {reason}. Fewer sets and easier efforts; a lift that went badly "
        "last time is lighter."
    )
    sets = {p["id"]: p["sets"] for p in planned["exercises"]}
    assert any(p["sets"] < sets[p["id"]] for p in nxt["exercises"])
    assert all(p["sets"] <= sets[p["id"]] for p in nxt["exercises"])
    assert all(p["why"].startswith("running 37 % above your 4-week mean") for p in nxt["exercises"])
    table = ok("next").stdout
    assert "Reactive deload: run volume in the week of 2026-12-14" in table
    # a week later the spike is no longer the last complete week: back to the plan
    monkeypatch.setenv("RUNSTRENGTH_TODAY", (AFTER_SPIKE + dt.timedelta(weeks=1)).isoformat())
    later = json.loads(ok("next", "--format", "json").stdout)
    assert not any("Reactive deload" in n for n in later["notes"])


def test_without_a_spike_next_follows_the_plan(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    calm = [r for r in HISTORY if not (r.date >= SPIKE_WEEK and r.date.weekday() in (0, 2))]
    monkeypatch.setenv("RUNSTRENGTH_TODAY", max(r.date for r in calm).isoformat())
    ok("runs", "import", str(strava_csv(tmp_path / "activities.csv", calm)))
    monkeypatch.setenv("RUNSTRENGTH_TODAY", AFTER_SPIKE.isoformat())
    ok("plan", "--season", "off", "--start", AFTER_SPIKE.isoformat(), "--save")
    nxt = json.loads(ok("next", "--format", "json").stdout)
    assert nxt["week"]["deload"] is False
    assert not any("Reactive deload" in n for n in nxt["notes"])


def test_in_season_a_running_recovery_week_halves_the_strength_sets(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Four normal weeks, then a week whose runs so far are 38 % below the same days of
    those weeks: in season `next` in it halves every exercise's sets (never below one,
    no exercise dropped) and says why; outside season nothing changes."""
    thursday = RECOVERY_WEEK + dt.timedelta(days=3)
    monkeypatch.setenv("RUNSTRENGTH_TODAY", thursday.isoformat())
    monkeypatch.setenv("TZ", "UTC")
    ok("runs", "import", str(strava_csv(tmp_path / "activities.csv", RECOVERY)))
    ok("plan", "--season", "in", "--start", thursday.isoformat(), "--save")
    planned = json.loads(ok("plan", "--format", "json").stdout)["weeks"][0]["sessions"][0]
    nxt = json.loads(ok("next", "--format", "json").stdout)
    assert nxt["date"] == thursday.isoformat()
    sets = {p["id"]: p["sets"] for p in planned["exercises"]}
    assert [p["id"] for p in nxt["exercises"]] == list(sets)  # injury minimums: all kept
    assert max(sets.values()) >= 2  # something to halve
    for p in nxt["exercises"]:
        assert p["sets"] == max(1, sets[p["id"]] // 2)
        if sets[p["id"]] >= 2:
            assert p["why"].startswith("half the sets: a running recovery week (38 % less")
    reason = (
        "Running recovery week: running this week (Mon–Wed) is 5.0 km, 38 % below the 8.0 km "
        "of the same days over your last 4 weeks: a recovery week (method §4.6). "
        "Strength sets halved, same loads and efforts."
    )
    assert reason in nxt["notes"]
    plyo = [p for p in nxt["exercises"] if p["contacts"] is not None and sets[p["id"]] >= 2]
    assert all(p["contacts"] == p["sets"] * p["reps"][0] for p in plyo)
    assert "Running recovery week" in ok("next").stdout
    # `log --done` records the session as `next` showed it: the halved sets
    ok("log", "--done")
    lifts = json.loads(ok("history", "--format", "json").stdout)["lifts"]
    logged = {lift["exercise"]: len(lift["last"]["sets"]) for lift in lifts}
    assert logged == {p["id"]: p["sets"] for p in nxt["exercises"]}
    # a session that falls after the recovery week is not halved
    monday = RECOVERY_WEEK + dt.timedelta(weeks=1)
    ok("plan", "--season", "in", "--start", monday.isoformat(), "--save")
    later = json.loads(ok("next", "--format", "json").stdout)
    assert dt.date.fromisoformat(later["date"]) >= monday
    assert not any("recovery week" in n for n in later["notes"])
    # outside season the same runs change nothing
    ok("plan", "--season", "off", "--start", thursday.isoformat(), "--save")
    off_plan = json.loads(ok("plan", "--format", "json").stdout)["weeks"][0]["sessions"][0]
    off = json.loads(ok("next", "--format", "json").stdout)
    assert not any("recovery week" in n for n in off["notes"])
    assert [p["sets"] for p in off["exercises"]] == [p["sets"] for p in off_plan["exercises"]]


def test_plan_alone_shows_the_active_plan_when_the_runs_mean_has_moved(
    history: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The QA run (repro 2): after `plan --save` (41.5 km from the runs), `plan` alone took
    the runs' new mean (a week with no runs imported counts as 0 km) and so showed another
    plan, with the logged week 1 session A not done. It shows the active plan with the log,
    and a line on what the runs say."""
    ok("plan", "--season", "off", "--start", AFTER_SPIKE.isoformat(), "--save")
    monkeypatch.setenv("RUNSTRENGTH_TODAY", (AFTER_SPIKE + dt.timedelta(days=1)).isoformat())
    ok("log", "--done")  # week 1 session A, on its Tuesday
    # two weeks on, the 4 weeks hold the week of 2026-12-28 with no runs imported: 32 km
    monkeypatch.setenv("RUNSTRENGTH_TODAY", (AFTER_SPIKE + dt.timedelta(weeks=2)).isoformat())
    plan = json.loads(ok("plan", "--format", "json").stdout)
    assert plan["inputs"]["weekly_volume"] == 41.5
    assert plan["weeks"][0]["sessions"][0]["done"] is True
    assert plan["warnings"][0] == (
        "Your runs of the last weeks average 32 km a week; the active plan is for 41.5 km: "
        "`runstrength plan --save` makes a new plan for the runs' volume"
    )
    # a flag that shapes another plan still shows that plan, as before
    other = json.loads(ok("plan", "--days", "2", "--format", "json").stdout)
    assert other["inputs"]["days"] == 2 and not other["weeks"][0]["sessions"][0]["done"]
