"""Synthetic training-log data for benchmarks and the history-speed test.

python benchmarks/synthetic.py LOG.db [N_SETS]
"""

from __future__ import annotations

import datetime as dt
import random
import sys
from pathlib import Path

from runstrength.enums import LoadUnit
from runstrength.log.records import INSERT_SET, LoggedSet, set_values
from runstrength.log.storage import SessionLog


def generate_log(
    log: SessionLog,
    n_sets: int = 100_000,
    *,
    end: dt.date = dt.date(2026, 1, 1),
    seed: int = 0,
    unit: LoadUnit = LoadUnit.KG,
) -> tuple[int, int]:
    """Fill `log` with a plausible synthetic history of about `n_sets` sets ending on `end`,
    one session a day (for benchmarks and tests); return (sessions, sets) written.

    Deterministic for a given seed; written in one transaction, bypassing the per-session
    path for speed.
    """
    rng = random.Random(seed)
    lifts = {
        "trap-bar-deadlift": 80.0,
        "back-squat": 60.0,
        "split-squat": 20.0,
        "single-leg-romanian-deadlift": 16.0,
        "bent-knee-calf-raise": 30.0,
    }
    holds = ("side-plank", "front-plank")
    plyo = ("pogos", "hop-and-stick")
    sessions: list[list[LoggedSet]] = []
    total = 0
    while total < n_sets:
        rows: list[LoggedSet] = []
        exercise = rng.choice(plyo)
        for n in range(1, 4):
            rows.append(LoggedSet(exercise, n, reps=10, contacts=10))
        cycle = (len(sessions) % 120) / 120  # a slow 20 % climb, then back down
        for exercise in rng.sample(list(lifts), 3):
            load = round(lifts[exercise] * (1 + 0.2 * cycle) / 2.5) * 2.5
            for n in range(1, rng.randint(2, 4) + 1):
                reps, rir = rng.randint(4, 12), rng.randint(0, 5)
                pain = rng.choice((None, 0, 0, 0, 2, 5))
                rows.append(LoggedSet(exercise, n, reps, load, unit, rir=rir, pain=pain))
        exercise = rng.choice(holds)
        for n in range(1, 3):
            rows.append(LoggedSet(exercise, n, seconds=rng.randint(20, 60)))
        sessions.append(rows)
        total += len(rows)
    first = end - dt.timedelta(days=len(sessions) - 1)
    with log._write():
        conn = log._conn  # inside the write: a fresh log's file exists only from its first write
        for offset, rows in enumerate(sessions):
            day = first + dt.timedelta(days=offset)
            cur = conn.execute(
                "INSERT INTO sessions (date, note) VALUES (?, ?)",
                (day.isoformat(), "synthetic" if offset % 10 == 0 else None),
            )
            sid = int(cur.lastrowid or 0)
            conn.executemany(INSERT_SET, [(sid, *set_values(row)) for row in rows])
    return len(sessions), total


if __name__ == "__main__":
    with SessionLog(Path(sys.argv[1])) as target:
        count = int(sys.argv[2]) if len(sys.argv) > 2 else 100_000
        print(generate_log(target, count, end=dt.date(2026, 12, 6)))
