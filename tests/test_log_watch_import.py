"""`runstrength log import activity.fit` (issue 13): a strength activity from the watch,
built with Garmin's SDK the way a watch writes it (tests/fit_samples.py), becomes a logged
session attached to the planned session of its date; unmapped sets are reported by name."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner, Result

from runstrength.cli import app
from runstrength.log.storage import SessionLog
from runstrength.watch.fit_exercises import load_table

from fit_samples import strength_fit

DAY = dt.date(2026, 11, 16)  # the plan's first session (a Monday)
START = dt.datetime(2026, 11, 16, 17, 0, tzinfo=dt.UTC)


@pytest.fixture(autouse=True)
def _pinned(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("RUNSTRENGTH_TODAY", "2026-11-16")
    monkeypatch.setenv("TZ", "UTC")


def run(*args: str) -> Result:
    return CliRunner().invoke(app, list(args))


def ok(*args: str) -> Result:
    result = run(*args)
    assert result.exit_code == 0, (result.stdout, result.stderr)
    return result


def first_session() -> dict[str, Any]:
    ok("plan", "--weeks", "4", "--start", DAY.isoformat(), "--save")
    plan = json.loads(ok("plan", "--format", "json").stdout)
    session: dict[str, Any] = plan["weeks"][0]["sessions"][0]
    assert session["date"] == DAY.isoformat()
    return session


def watch_sets(session: dict[str, Any]) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """Two sets of every exercise of the session as the watch records them while it runs
    the workout (`plan --out-dir`): the FIT exercise, and the index of the workout step,
    which names the exercise when its FIT category is shared (e.g. `plyo`)."""
    table = load_table()
    sets = []
    steps = []
    for index, p in enumerate(session["exercises"]):
        fit = table.lookup(p["id"])
        steps.append({"message_index": index, "wkt_step_name": p["name"][:40]})
        for _ in range(2):
            one: dict[str, Any] = {
                "category": fit.category,
                "subtype": fit.name_num,
                "wkt_step_index": index,
            }
            if p.get("seconds"):
                one["duration"] = float(p["seconds"])
            else:
                one["reps"] = (p.get("reps") or [10])[0]
                one["weight"] = 30.0
            sets.append(one)
    return sets, steps


def test_a_strength_activity_is_logged_on_the_planned_session_of_its_date(
    tmp_path: Path, _isolated_home: Path
) -> None:
    session = first_session()
    sets, steps = watch_sets(session)
    sets.append({"category": "bench_press", "subtype": 0, "reps": 10, "weight": 40.0})
    fit = tmp_path / "gym.fit"
    fit.write_bytes(strength_fit(START, sets, workout_steps=steps))
    result = ok("log", "import", str(fit))
    assert result.stdout.splitlines()[0] == (
        f"Logged session #1 on {DAY} as plan session {session['label']} (week 1) from gym.fit:"
    )
    assert result.stderr.startswith("Not logged: 1 set(s) of bench_press/")
    assert "no catalog exercise" in result.stderr
    with SessionLog(_isolated_home / "log.db") as log:
        [logged] = log.sessions()
    assert (logged.date, logged.week, logged.session, logged.label) == (
        DAY,
        1,
        session["index"],
        session["label"],
    )
    ids = [p["id"] for p in session["exercises"]]
    assert list(dict.fromkeys(s.exercise_id for s in logged.sets)) == ids
    assert len(logged.sets) == 2 * len(ids)
    by_id = {p["id"]: p for p in session["exercises"]}
    for s in logged.sets:
        p = by_id[s.exercise_id]
        if p.get("seconds"):
            assert s.seconds == p["seconds"]
        elif p.get("contacts"):
            assert s.contacts == (p.get("reps") or [10])[0]
        else:
            assert (s.reps, s.load) == ((p.get("reps") or [10])[0], 30.0)
    again = run("log", "import", str(fit))
    assert again.exit_code == 2
    assert again.stderr == f"Error: {fit}: already imported (a session of {DAY} has it)\n"


def test_an_activity_is_logged_as_the_session_whose_exercises_it_holds(
    tmp_path: Path, _isolated_home: Path
) -> None:
    """The QA run: session B's lifts, done on A's day, were logged as session A (or C),
    matched on the first exercise alone. The activity is the session that shares the most
    exercises with it; its jumps' reps are contacts."""
    first_session()
    plan = json.loads(ok("plan", "--format", "json").stdout)
    second = plan["weeks"][0]["sessions"][1]
    sets, steps = watch_sets(second)
    fit = tmp_path / "b.fit"
    fit.write_bytes(strength_fit(START, sets, workout_steps=steps))
    result = ok("log", "import", str(fit))
    assert result.stdout.splitlines()[0] == (
        f"Logged session #1 on {DAY} as plan session {second['label']} (week 1) from b.fit:"
    )
    jumps = [p for p in second["exercises"] if p.get("contacts")]
    with SessionLog(_isolated_home / "log.db") as log:
        [logged] = log.sessions()
    for p in jumps:
        mine = [x for x in logged.sets if x.exercise_id == p["id"]]
        assert mine and all(x.contacts and x.reps is None for x in mine), mine


def test_an_activity_with_nothing_mappable_or_a_damaged_file_logs_nothing(
    tmp_path: Path, _isolated_home: Path
) -> None:
    first_session()
    fit = tmp_path / "bench.fit"
    fit.write_bytes(strength_fit(START, [{"category": "plyo", "subtype": None, "reps": 20}]))
    result = run("log", "import", str(fit))
    assert result.exit_code == 2
    assert result.stderr == (
        f"Error: {fit}: no set maps to a catalog exercise (FIT exercises: plyo); "
        "nothing was logged\n"
    )
    data = strength_fit(START, [{"category": "squat", "subtype": 37, "reps": 8}])
    cut = tmp_path / "cut.fit"
    cut.write_bytes(data[: len(data) // 2])
    result = run("log", "import", str(cut))
    assert result.exit_code == 2
    assert len(result.stderr.splitlines()) == 1 and "truncated" in result.stderr
    with SessionLog(_isolated_home / "log.db") as log:
        assert log.sessions() == []
