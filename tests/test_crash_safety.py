"""Nothing a user logs may be lost: SIGKILL mid-write and two writers at once."""

from __future__ import annotations

import os
import random
import signal
import sqlite3
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from runstrength.log.storage import SessionLog

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="uses SIGKILL")

# A logging loop: open the log, say "ready", then log sessions on consecutive days from
# `offset`, printing each session's id only after add_session has returned (committed).
WRITER = textwrap.dedent(
    """
    import datetime as dt, sys, time
    from pathlib import Path
    from runstrength.enums import LoadUnit
    from runstrength.log.storage import LoggedSet, SessionLog

    path, offset, count, go = Path(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3]), sys.argv[4]
    with SessionLog(path) as log:
        print("ready", flush=True)
        while go != "-" and not Path(go).exists():
            time.sleep(0.001)
        for i in range(count):
            day = dt.date(2000, 1, 1) + dt.timedelta(days=offset + i)
            sets = [
                LoggedSet("back-squat", n, reps=5, load=80.0 + i % 10, unit=LoadUnit.KG, rir=2)
                for n in range(1, 4)
            ] + [LoggedSet("pogos", 1, reps=10, contacts=10)]
            session = log.add_session(day, sets, note=f"w{offset}-{i}")
            sys.stdout.write(f"{session.id} {session.note}\\n")  # one write: a whole line
            sys.stdout.flush()
    """
)


def _writer(path: Path, offset: int, count: int, go: str = "-") -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-c", WRITER, str(path), str(offset), str(count), go],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={k: v for k, v in os.environ.items() if k != "PYTHONUNBUFFERED"},
    )


def _check_intact(path: Path, confirmed: dict[int, str]) -> None:
    with sqlite3.connect(path) as raw:
        assert raw.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    with SessionLog(path) as log:
        stored = {s.id: s for s in log.sessions()}
    for sid, note in confirmed.items():
        assert sid in stored, f"session {sid} ({note}) was confirmed but is missing"
        assert stored[sid].note == note
        assert len(stored[sid].sets) == 4
    assert all(len(s.sets) == 4 for s in stored.values())  # no half-written session


@pytest.mark.slow
def test_sigkill_mid_logging_loses_nothing_that_was_confirmed(tmp_path: Path) -> None:
    path = tmp_path / "log.db"
    rng = random.Random(1234)
    confirmed: dict[int, str] = {}
    for round_no in range(12):
        proc = _writer(path, offset=round_no * 1000, count=100_000)
        assert proc.stdout is not None
        assert proc.stdout.readline().strip() == "ready", proc.stderr.read() if proc.stderr else ""
        time.sleep(rng.uniform(0.0, 0.12))
        proc.send_signal(signal.SIGKILL)
        out, _ = proc.communicate()
        assert proc.returncode == -signal.SIGKILL
        for line in out.splitlines(keepends=True):
            if line.endswith("\n"):  # a cut-off last line proves nothing either way
                sid, note = line.split(" ", 1)
                confirmed[int(sid)] = note.rstrip("\n")
        _check_intact(path, confirmed)
    assert len(confirmed) > 12  # the loop really was writing when it was killed


@pytest.mark.slow
def test_two_processes_logging_at_once_keep_all_400_sessions(tmp_path: Path) -> None:
    path = tmp_path / "log.db"  # fresh: both processes also race to create and migrate it
    go = tmp_path / "go"
    procs = [_writer(path, offset, 200, str(go)) for offset in (0, 5000)]
    for proc in procs:
        assert proc.stdout is not None
        line = proc.stdout.readline().strip()
        assert line == "ready", proc.stderr.read() if proc.stderr else ""
    go.touch()
    confirmed: dict[int, str] = {}
    for proc in procs:
        out, err = proc.communicate(timeout=120)
        assert proc.returncode == 0, err
        for line in out.splitlines():
            sid, note = line.split(" ", 1)
            confirmed[int(sid)] = note
    assert len(confirmed) == 400
    _check_intact(path, confirmed)
    with SessionLog(path) as log:
        assert log.count() == (400, 1600)


@pytest.mark.slow
def test_sigkill_mid_plan_save_keeps_profile_and_plan_together(tmp_path: Path) -> None:
    """S6: `plan --save` writes the profile and the plan in one transaction, after the
    output: killed at any moment, the saved profile and the active plan still agree."""
    env = {
        **os.environ,
        "RUNSTRENGTH_HOME": str(tmp_path / "home"),
        "RUNSTRENGTH_TODAY": "2026-01-08",
    }
    cli = [sys.executable, "-m", "runstrength", "plan", "--save", "-f", "json"]
    first = subprocess.run([*cli, "--weeks", "4"], env=env, capture_output=True)
    assert first.returncode == 0, first.stderr
    rng = random.Random(99)
    confirmed: list[int] = [4]
    for weeks in range(5, 13):
        proc = subprocess.Popen(
            [*cli, "--weeks", str(weeks), "-o", str(tmp_path / f"p{weeks}.json")],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        time.sleep(rng.uniform(0.2, 1.5))
        proc.send_signal(signal.SIGKILL)
        if proc.wait() == 0:
            confirmed.append(weeks)
        with SessionLog(tmp_path / "home" / "log.db") as log:
            profile, active = log.load_profile(), log.active_plan()
        assert profile is not None and active is not None
        assert profile.weeks == active.plan.inputs.weeks  # never one without the other
        assert profile.weeks >= confirmed[-1]
