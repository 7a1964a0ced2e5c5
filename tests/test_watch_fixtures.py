"""The FIT samples of tests/fit_samples.py decode with fitdecode, a second decoder."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from fit_samples import fitdecode_messages, run_fit, strength_fit


def test_the_fixture_run_decodes_with_fitdecode(tmp_path: Path) -> None:
    path = tmp_path / "run.fit"
    path.write_bytes(run_fit(dt.datetime(2026, 11, 2, 6, 0, tzinfo=dt.UTC)))
    names = [name for name, _ in fitdecode_messages(path)]
    assert names[0] == "file_id"
    assert {"record", "lap", "session", "activity"} <= set(names)


def test_the_fixture_strength_activity_decodes_with_fitdecode(tmp_path: Path) -> None:
    path = tmp_path / "gym.fit"
    sets = [{"category": "squat", "subtype": 37, "reps": 8, "weight": 20.0}]
    path.write_bytes(strength_fit(dt.datetime(2026, 11, 2, 18, 0, tzinfo=dt.UTC), sets))
    kinds = [fields.get("set_type") for name, fields in fitdecode_messages(path) if name == "set"]
    assert kinds == ["active", "rest"]
