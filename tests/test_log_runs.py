"""Runs in the log: the m004 migration (also on the checked-in v1 log), batches, undo."""

from __future__ import annotations

import datetime as dt
import shutil
import sqlite3
from dataclasses import replace
from pathlib import Path

import pytest

from runstrength.errors import StorageError
from runstrength.log.migrations import TABLE, known_names
from runstrength.log.storage import SessionLog
from runstrength.watch.runs import Run

from helpers import a_run

V1 = Path(__file__).parent / "data" / "log_v1.sqlite"


def run(day: int, km: float, *, hour: int = 6, hard: bool | None = None) -> Run:
    start = dt.datetime(2026, 11, day, hour, 0, tzinfo=dt.UTC)
    return a_run(start, km, f"/runs/{day}.fit", hard=hard)


def test_v1_log_gains_an_empty_runs_table_and_keeps_its_sessions(tmp_path: Path) -> None:
    path = tmp_path / "log.db"
    shutil.copy(V1, path)
    with SessionLog(path) as log:
        assert len(log.sessions()) == 3
        assert log.runs() == [] and not log.has_runs()
        batch = log.add_runs([run(2, 10.0)])
        assert batch.batch == 1 and len(batch.runs) == 1
    conn = sqlite3.connect(path)
    recorded = [r[0] for r in conn.execute(f"SELECT name FROM {TABLE} ORDER BY rowid")]
    columns = [r[1] for r in conn.execute("PRAGMA table_info(runs)")]
    conn.close()
    assert recorded == known_names() and "m004_runs" in recorded
    for column in ("date", "start", "distance_m", "duration_s", "sport", "hard", "avg_hr"):
        assert column in columns
    assert {"source", "source_format", "key", "batch"} <= set(columns)


def test_runs_round_trip_and_exact_repeats_are_skipped(tmp_path: Path) -> None:
    with SessionLog(tmp_path / "log.db") as log:
        first = log.add_runs([run(3, 8.0, hard=True), run(2, 10.0)])
        assert [r.date.day for r in first.runs] == [2, 3]
        again = log.add_runs([run(2, 10.0), run(5, 12.0, hard=False)])
        assert (again.batch, len(again.runs), again.skipped) == (2, 1, 1)
        stored = log.runs()
        assert stored == sorted(
            [run(2, 10.0), run(3, 8.0, hard=True), run(5, 12.0, hard=False)], key=lambda r: r.start
        )
        assert [r.date.day for r in log.runs(since=dt.date(2026, 11, 3))] == [3, 5]


def test_undo_removes_only_the_last_batch(tmp_path: Path) -> None:
    with SessionLog(tmp_path / "log.db") as log:
        assert log.last_run_batch() is None
        log.add_runs([run(2, 10.0)])
        log.add_runs([run(4, 6.0), run(6, 7.0)])
        last = log.last_run_batch()
        assert last is not None and last.batch == 2 and len(last.runs) == 2
        assert log.remove_run_batch(last.batch) == 2
        assert [r.date.day for r in log.runs()] == [2]


def test_a_failed_batch_stores_nothing(tmp_path: Path) -> None:
    broken = replace(run(4, 6.0), sport=None)  # type: ignore[arg-type]
    with SessionLog(tmp_path / "log.db") as log:
        with pytest.raises(StorageError):  # NOT NULL fails inside the batch
            log.add_runs([run(2, 10.0), broken])
        assert log.runs() == []
