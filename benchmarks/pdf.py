"""PDF render timings: in-process renders of the default 12-week plan, and the whole
`runstrength plan … -o plan.pdf` process against a bare typer app (issue 14: ≤ 2.5×).

In-process, the first render pays for importing ReportLab and parsing the bundled fonts;
the median is over the renders after it. Whole-process runs are interleaved with the
bare typer floor, as in benchmarks/startup.py, whose helpers this reuses.

    python benchmarks/pdf.py               # 15 rounds, 20 in-process renders
    python benchmarks/pdf.py --runs 30 --renders 50 --paper letter
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
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
    from runstrength.cli.output import core_inputs
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
        floor: list[float] = []
        whole: list[float] = []
        for _ in range(args.runs):
            floor.append(time_once(floor_cmd, env))
            whole.append(time_once(cmd, env))
        floor_median = statistics.median(floor)
        whole_median = statistics.median(whole)
        ratio = whole_median / floor_median
        verdict = "ok" if ratio <= BUDGET else "OVER"
        print(f"{'bare typer':<26} {floor_median * 1000:6.0f}ms {1.0:6.2f}×")
        print(
            f"{'plan -o plan.pdf':<26} {whole_median * 1000:6.0f}ms {ratio:6.2f}×"
            f"  ≤ {BUDGET:.1f}× {verdict}"
        )
        sys.exit(0 if ratio <= BUDGET else 1)


if __name__ == "__main__":
    main()
