"""Two `log --done` at once (the QA pass: both said "Logged week 1 session A", and the log
held one session with every set twice). The check that nothing is logged on the day yet
and the write are one transaction: the second finds the first's session."""

from __future__ import annotations

import contextlib
import datetime as dt
import threading
from pathlib import Path

import pytest

from runstrength.errors import InvalidInput
from runstrength.log import done
from runstrength.log.storage import SessionLog
from runstrength.models import Profile

from helpers import RULES, make_plan, small_catalog

DAY = dt.date(2026, 1, 5)  # week 1 session A of make_plan


def test_two_log_done_at_once_record_one_session(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    db = tmp_path / "log.db"
    with SessionLog(db) as log:
        log.save_profile(Profile())
        log.save_plan(make_plan())
    catalog = small_catalog()
    # Both commands pass the one-a-day check before either writes: what two processes
    # started together did. With the check inside the write transaction, the second
    # waits at BEGIN IMMEDIATE, so the first stops waiting here after a second.
    both_checked = threading.Barrier(2)
    original = done._check_one_a_day

    def check_then_wait(*args: object) -> None:
        original(*args)  # type: ignore[arg-type]
        with contextlib.suppress(threading.BrokenBarrierError):
            both_checked.wait(timeout=1.0)

    monkeypatch.setattr(done, "_check_one_a_day", check_then_wait)
    said: list[str] = []

    def log_done() -> None:
        try:
            done.log_as_prescribed(db, day=DAY, now=DAY, note=None, catalog=catalog, rules=RULES)
            said.append("logged")
        except InvalidInput as exc:
            said.append(str(exc))

    threads = [threading.Thread(target=log_done) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(said)[0] == "logged"
    assert sorted(said)[1].startswith("week 1 session A is already logged on 2026-01-05")
    with SessionLog(db) as log:
        sessions = log.sessions()
    assert len(sessions) == 1
    numbers = [(s.exercise_id, s.set_no) for s in sessions[0].sets]
    assert len(numbers) == len(set(numbers)) and len(numbers) == sum(
        p.sets for p in make_plan().weeks[0].sessions[0].exercises
    )
