"""PDF render timings: in-process renders of the default 12-week plan, and the whole
`runstrength plan … -o plan.pdf` process against a bare typer app (issue 14: ≤ 2.5×).

In-process, the first render pays for importing ReportLab and parsing the bundled fonts;
the median is over the renders after it. Whole-process runs are interleaved with the
bare typer floor, as in benchmarks/startup.py, whose helpers this reuses. The budget is
on wall time; the CPU time (user + system) of the same runs is shown beside it, as it
is less disturbed when other work shares the machine.

    python benchmarks/pdf.py               # 15 rounds, 20 in-process renders
    python benchmarks/pdf.py --runs 30 --renders 50 --paper letter
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import resource
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from startup import BARE_APP, runstrength_command, time_once

BUDGET = 2.5  # whole process, as a ratio to the bare typer app
START = "2026-12-07"
TODAY = "2026-12-07"


def in_process(renders: int, paper: str) -> tuple[float, float, int]:
    """(first render, median of the next `renders`, bytes), in seconds; plan made once."""
    from runstrength.cli.context import core_inputs
    from runstrength.enums import Format, Paper
    from runstrength.models import Profile
    from runstrength.plan.engine import generate_plan
    from runstrength.render import RenderOptions, render

    catalog, rules = core_inputs([])
    profile = Profile(start_date=dt.date.fromisoformat(START))
    plan = generate_plan(
        profile, catalog, rules, today=dt.date.fromisoformat(TODAY), version="bench"
    )
    options = RenderOptions(paper=Paper(paper))
    start = time.perf_counter()
    data = render(plan, Format.PDF, options)
    first = time.perf_counter() - start
    times = []
    for _ in range(renders):
        start = time.perf_counter()
        again = render(plan, Format.PDF, options)
        times.append(time.perf_counter() - start)
        assert again == data, "the same plan gave different PDF bytes"
    return first, statistics.median(times), len(data)


def timed(cmd: list[str], env: dict[str, str]) -> tuple[float, float]:
    """(wall, CPU) seconds of one run of `cmd`."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    wall = time_once(cmd, env)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime
    return wall, cpu


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15, help="whole-process rounds")
    parser.add_argument("--renders", type=int, default=20, help="in-process renders")
    parser.add_argument("--paper", default="a4", choices=["a4", "letter"])
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as tmp:
        home = Path(tmp)
        bare = home / "bare.py"
        bare.write_text(BARE_APP)
        env = {**os.environ, "RUNSTRENGTH_HOME": str(home / "home")}
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        env["RUNSTRENGTH_TODAY"] = TODAY
        os.environ["RUNSTRENGTH_HOME"] = env["RUNSTRENGTH_HOME"]
        os.environ["RUNSTRENGTH_TODAY"] = TODAY

        first, median, size = in_process(args.renders, args.paper)
        print(f"in-process render, first (imports ReportLab, parses fonts) {first * 1000:6.0f}ms")
        print(
            f"in-process render, median of {args.renders:<3}                   "
            f"{median * 1000:6.0f}ms  ({size // 1024} KiB)"
        )

        floor_cmd = [sys.executable, str(bare), "hello"]
        pdf = home / "plan.pdf"
        argv = ["plan", "--season", "off", "--start", START, "--paper", args.paper]
        cmd = [*runstrength_command(), *argv, "-o", str(pdf)]
        time_once(cmd, env)  # warm the start-up cache and the OS file cache once
        time_once(floor_cmd, env)
        floor: list[tuple[float, float]] = []
        whole: list[tuple[float, float]] = []
        for _ in range(args.runs):
            floor.append(timed(floor_cmd, env))
            whole.append(timed(cmd, env))
        floor_wall = statistics.median(w for w, _ in floor)
        floor_cpu = statistics.median(c for _, c in floor)
        whole_wall = statistics.median(w for w, _ in whole)
        whole_cpu = statistics.median(c for _, c in whole)
        ratio = whole_wall / floor_wall
        verdict = "ok" if ratio <= BUDGET else "OVER"
        print(f"{'':<26} {'wall':>8} {'× floor':>8} {'cpu':>8} {'× floor':>8}")
        print(
            f"{'bare typer':<26} {floor_wall * 1000:6.0f}ms {1.0:7.2f}× "
            f"{floor_cpu * 1000:6.0f}ms {1.0:7.2f}×"
        )
        print(
            f"{'plan -o plan.pdf':<26} {whole_wall * 1000:6.0f}ms {ratio:7.2f}× "
            f"{whole_cpu * 1000:6.0f}ms {whole_cpu / floor_cpu:7.2f}×  "
            f"wall ≤ {BUDGET:.1f}× {verdict}"
        )
        sys.exit(0 if ratio <= BUDGET else 1)


if __name__ == "__main__":
    main()
