"""A simulated running history for the run-volume tests (test_watch_volume, test_runs_plan).

Eight weeks from Monday 2026-11-02: intervals on Tuesday and tempo on Thursday (both hard),
an easy Saturday and a 100-minute Sunday long run, 38 km a week; week 7 (from 2026-12-14)
jumps to 52 km. RECOVERY: four such weeks, then a running recovery week.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from runstrength.watch.runs import Run

FIRST = dt.date(2026, 11, 2)
SPIKE_WEEK = dt.date(2026, 12, 14)


def run(day: dt.date, km: float, *, hard: bool | None = False, pace: float = 330) -> Run:
    start = dt.datetime.combine(day, dt.time(7, 0), tzinfo=dt.UTC)
    return Run(
        date=day,
        start=start,
        distance_m=km * 1000,
        duration_s=km * pace,
        sport="running",
        hard=hard,
        avg_hr=None,
        source=Path("sim.fit"),
        source_format="fit",
    )


def week(monday: dt.date, *, spike: bool = False) -> list[Run]:
    def day(n: int) -> dt.date:
        return monday + dt.timedelta(days=n)

    runs = [
        run(day(1), 8, hard=True, pace=280),
        run(day(3), 8, hard=True, pace=290),
        run(day(5), 6),
        run(day(6), 16, pace=375),  # 100 min: the long run
    ]
    if spike:
        runs += [run(day(0), 7), run(day(2), 7)]
    return runs


HISTORY = [r for n in range(8) for r in week(FIRST + dt.timedelta(weeks=n), spike=n == 6)]


# A running recovery week (§4.6, in season: halve the strength sets): four normal weeks,
# then a fifth whose Tuesday and Thursday runs are 5 km instead of 8.
RECOVERY_WEEK = FIRST + dt.timedelta(weeks=4)  # Monday 2026-11-30
RECOVERY = [r for n in range(4) for r in week(FIRST + dt.timedelta(weeks=n))] + [
    run(RECOVERY_WEEK + dt.timedelta(days=1), 5, hard=True, pace=280),
    run(RECOVERY_WEEK + dt.timedelta(days=3), 5, hard=True, pace=290),
]
