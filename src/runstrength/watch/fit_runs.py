"""The running sessions of a FIT activity file (a ride or a swim has none)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any, Unpack

from runstrength.errors import InvalidInput
from runstrength.watch.limits import read_capped
from runstrength.watch.run_model import ReadOptions, Run, Sport, intervals, make_run

_FIT_SUB_SPORTS: dict[str, Sport] = {
    "trail": "trail",
    "treadmill": "treadmill",
    "indoor_running": "treadmill",
    "track": "track",
    "virtual_activity": "virtual",
}


def read_fit_activity(path: Path, **options: Unpack[ReadOptions]) -> list[Run]:
    """The running sessions of a FIT activity file (none for a ride or a swim)."""
    return fit_runs(path, read_capped(path), **options)


def fit_runs(path: Path, data: bytes, **options: Unpack[ReadOptions]) -> list[Run]:
    """The running sessions in the bytes of a FIT activity file."""
    from runstrength.watch import _fit

    messages = _fit.activity(data, str(path))
    sessions = messages.get("session_mesgs", [])
    if not sessions:
        raise InvalidInput(f"{path}: FIT activity without a session summary")
    laps = messages.get("lap_mesgs", [])
    offset = _fit.utc_offset(messages)
    return [
        _session_run(path, session, laps, offset, **options)
        for session in sessions
        if session.get("sport") == "running"
    ]


def _session_run(
    path: Path,
    session: dict[str, Any],
    laps: list[dict[str, Any]],
    offset: dt.timedelta | None,
    **options: Unpack[ReadOptions],
) -> Run:
    start = session.get("start_time")
    if not isinstance(start, dt.datetime):
        raise InvalidInput(f"{path}: running session without a start time")
    first = session.get("first_lap_index")
    count = session.get("num_laps")
    own = laps
    if isinstance(first, int) and isinstance(count, int):
        own = laps[first : first + count]
    duration = session.get("total_timer_time") or session.get("total_elapsed_time") or 0.0
    return make_run(
        path,
        "fit",
        start=start,
        distance_m=float(session.get("total_distance") or 0.0),
        duration_s=float(duration),
        sport=_FIT_SUB_SPORTS.get(str(session.get("sub_sport")), "running"),
        avg_hr=session.get("avg_heart_rate"),
        intervals=intervals([str(lap.get("intensity") or "active") for lap in own]),
        offset=offset,
        **options,
    )
