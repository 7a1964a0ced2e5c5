"""Four processes write the log at once (`log`, `log undo --yes`, `plan --save`,
`profile set`) for 30 rounds: no change a command confirmed (exit 0) is lost, and undo
removes exactly what it showed (issue 11; review S4, S5, S6)."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from runstrength.log.storage import SessionLog

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(sys.platform == "win32", reason="POSIX processes"),
]

ROUNDS = 30
TODAY = "2026-01-08"
# What each worker's `profile set` changes: one key per worker, so a lost update shows.
KEYS = {
    0: ("weeks", ["4", "5", "6", "7", "8"]),
    1: ("volume", ["30km", "35km", "40km", "45km", "50km"]),
    2: ("long-run-day", ["sat", "sun"]),
    3: ("hard-days", ["tue", "wed", "tue,fri"]),
}

# One worker: ROUNDS commands through the real CLI app (in this process, so 4 × 30
# commands fit the time), the kind rotating so that every round runs all four at once.
WORKER = textwrap.dedent(
    """
    import json, sys
    from typer.testing import CliRunner
    from runstrength.cli import app

    worker, rounds, out_dir = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3]
    keys = json.loads(sys.argv[4])
    key, values = keys[str(worker)]
    for r in range(rounds):
        kind = ("log", "undo", "plan", "profile")[(worker + r) % 4]
        note = f"w{worker}r{r}"
        if kind == "log":
            day = f"2026-01-0{1 + r % 5}"  # shared days: entries merge into one session
            args = ["log", "pogos", f"1x{10 + r}c", "--date", day, "--note", note]
        elif kind == "undo":
            args = ["log", "undo", "--yes"]
        elif kind == "plan":
            args = ["plan", "--save", "-f", "json", "-o", f"{out_dir}/plan-{worker}-{r}.json"]
        else:
            args = ["profile", "set", key, values[r % len(values)]]
        result = CliRunner().invoke(app, args)
        print(json.dumps({
            "worker": worker, "round": r, "kind": kind, "args": args, "note": note,
            "exit": result.exit_code, "stdout": result.stdout, "stderr": result.stderr,
            "error": repr(result.exception) if result.exit_code not in (0, 2) else None,
        }), flush=True)
    """
)


def test_four_writers_lose_no_confirmed_change(tmp_path: Path) -> None:
    home = tmp_path / "home"
    env = {**os.environ, "RUNSTRENGTH_HOME": str(home), "RUNSTRENGTH_TODAY": TODAY}
    cli = [sys.executable, "-m", "runstrength"]
    setup = subprocess.run(
        [*cli, "plan", "--save", "--weeks", "6", "-f", "json"], env=env, capture_output=True
    )
    assert setup.returncode == 0, setup.stderr
    keys = json.dumps({str(k): v for k, v in KEYS.items()})
    workers = [
        subprocess.Popen(
            [sys.executable, "-c", WORKER, str(i), str(ROUNDS), str(tmp_path), keys],
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for i in range(4)
    ]
    records = []
    for proc in workers:
        out, err = proc.communicate(timeout=240)
        assert proc.returncode == 0, err
        records += [json.loads(line) for line in out.splitlines()]
    assert len(records) == 4 * ROUNDS

    for rec in records:  # every outcome: done, or one line (busy, changed meanwhile)
        assert rec["exit"] in (0, 2), rec
        if rec["exit"] == 2:  # (`plan` may say "Wrote FILE" before a refused save)
            errors = [line for line in rec["stderr"].splitlines() if line.startswith("Error")]
            assert len(errors) == 1 and rec["stderr"].endswith(errors[0] + "\n"), rec
    confirmed = [r for r in records if r["exit"] == 0]

    path = home / "log.db"
    with sqlite3.connect(path) as raw:
        assert raw.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    with SessionLog(path) as log:
        sessions = log.sessions()
        profile = log.load_profile()
        plans = log.export_data()["plans"]
    notes = {part for s in sessions for part in (s.note or "").split("; ") if part}

    undone = "\n".join(r["stdout"] for r in confirmed if r["kind"] == "undo")
    for rec in confirmed:
        if rec["kind"] == "log":  # present, or removed by an undo that showed it
            assert rec["note"] in notes or rec["note"] in undone, rec
    for rec in confirmed:
        if rec["kind"] == "undo":  # what an undo showed is gone, all of it
            shown = {w for w in rec["stdout"].replace(";", " ").split() if w.startswith("w")}
            assert not (shown & notes), rec

    # S4: the last confirmed `profile set` of every worker is what the profile holds
    assert profile is not None
    dumped = profile.model_dump(mode="json")
    for worker, (key, _) in KEYS.items():
        mine = [r for r in confirmed if r["kind"] == "profile" and r["worker"] == worker]
        if not mine:
            continue
        last = mine[-1]["args"][-1]
        shown = {
            "weeks": str(dumped["weeks"]),
            "volume": f"{dumped['weekly_volume']:g}{dumped['unit']}",
            "long-run-day": dumped["long_run_day"],
            "hard-days": ",".join(dumped["hard_days"]),
        }[key]
        assert shown == last, (key, shown, last)

    # S6: every confirmed `plan --save` of a new plan saved exactly one plan, no failed one
    # did; saving the active plan again keeps it (§10.7: its log stays attached) and says so
    saved_plans = [
        r
        for r in confirmed
        if r["kind"] == "plan" and "Same plan as the active one" not in r["stderr"]
    ]
    assert len(plans) == 1 + len(saved_plans)


# One entry of `log`, run in this process once `go` exists: the imports done before, so
# the workers write at the same moment.
AT_ONCE = textwrap.dedent(
    """
    import os, sys, time
    from typer.testing import CliRunner
    from runstrength.cli import app

    go, kg = sys.argv[1], sys.argv[2]
    while not os.path.exists(go):
        time.sleep(0.001)
    result = CliRunner().invoke(app, ["log", "single-leg-romanian-deadlift", f"3x8@{kg}kg"])
    sys.exit(result.exit_code)
    """
)


def test_unrated_entries_of_one_exercise_at_once_end_as_one_after_the_other(
    tmp_path: Path,
) -> None:
    """The QA run: `log EXERCISE SPEC` twice, one after the other, replaces the first
    (unrated) entry; at the same time, both were kept (the check and the write were two
    transactions). One transaction now: whatever the timing, one entry is left."""
    home = tmp_path / "home"
    env = {**os.environ, "RUNSTRENGTH_HOME": str(home), "RUNSTRENGTH_TODAY": TODAY}
    setup = subprocess.run(
        [sys.executable, "-m", "runstrength", "plan", "--save", "-f", "json"],
        env=env,
        capture_output=True,
    )
    assert setup.returncode == 0, setup.stderr
    go = tmp_path / "go"
    loads = (10, 12, 14, 16, 18, 20)
    procs = [
        subprocess.Popen([sys.executable, "-c", AT_ONCE, str(go), str(kg)], env=env) for kg in loads
    ]
    time.sleep(1.5)  # every worker past its imports, waiting for `go`
    go.touch()
    codes = [p.wait(timeout=120) for p in procs]
    assert all(code in (0, 2) for code in codes), codes
    with SessionLog(home / "log.db") as log:
        sets = [
            s
            for session in log.sessions()
            for s in session.sets
            if s.exercise_id == "single-leg-romanian-deadlift"
        ]
    assert len(sets) == 3, sets
    assert len({s.load for s in sets}) == 1 and sets[0].load in loads
