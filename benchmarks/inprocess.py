"""In-process timings of the planner and the text renderers, beside the whole-process ratios.

Each case makes a plan (`generate_plan`) and renders it, `--repeat` times in one process
after a warm-up; the median CPU time (`time.process_time`) is reported, as it is less
disturbed than wall time when other work shares the machine. The whole-process ratios
to the bare typer floor come from benchmarks/startup.py (its `measure`), run after.

Cases (issue 14 budgets, in-process):
- default: `plan --season off` with every other input at its default, to Markdown, ≤ 5 ms;
- largest: the largest plan of the property grid (tests/grid.py): a race 300
  days out (43 weeks), 3 days a week, 3 injuries, 3 hard run days, to Markdown, ≤ 15 ms;
- the same two plans to JSON (no budget).

The budgets are judged on the median of repeated runs in one process, as the issue sets
them; that process has its memo caches warm (names, notes, placements), as a roster's
workers do. The `first` column is the CLI's case: the first generate + render in a fresh
process (imports and the start-up cache already done), the median of `--fresh` processes.

    python benchmarks/inprocess.py                  # 200 of each, then 15 whole-process rounds
    python benchmarks/inprocess.py --repeat 50 --runs 0 --fresh 0
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from startup import measure, report

from runstrength.cli.context import core_inputs
from runstrength.enums import Format
from runstrength.inputs import ProfileFlags
from runstrength.models import Profile
from runstrength.plan import generate_plan
from runstrength.render import RenderOptions, render

TODAY = dt.date(2026, 11, 26)  # the property grid's today
# The largest plan of the property grid: the longest race build the grid draws (the race
# 300 days after the start), 3 days a week, as many injuries and hard days as it draws.
LARGEST = ProfileFlags(
    days="3",
    level="advanced",
    equipment="gym",
    injuries=("mtss,pf,pfps",),
    start=TODAY.isoformat(),
    race_date=(TODAY + dt.timedelta(days=300)).isoformat(),
    race_distance="half",
    hard_days="tue,thu,sat",
    long_run_day="sun",
)
DEFAULT = ProfileFlags(season="off")
# name -> (profile flags, format, budget in ms or None)
CASES: dict[str, tuple[ProfileFlags, Format, float | None]] = {
    "default md": (DEFAULT, Format.MD, 5.0),
    "largest md": (LARGEST, Format.MD, 15.0),
    "default json": (DEFAULT, Format.JSON, None),
    "largest json": (LARGEST, Format.JSON, None),
}


def cpu_median(work: Callable[[], object], repeat: int) -> float:
    """The median CPU seconds of `repeat` calls of `work`, after two unmeasured ones."""
    work()
    work()
    times = []
    for _ in range(repeat):
        start = time.process_time()
        work()
        times.append(time.process_time() - start)
    return statistics.median(times)


def case(profile: Profile, fmt: Format, *, generate: bool = True) -> Callable[[], object]:
    """One generate (+ render) of `profile` as a function of nothing."""
    catalog, rules = core_inputs([])
    options = RenderOptions()
    plan = generate_plan(profile, catalog, rules, today=TODAY, version="bench")

    def both() -> object:
        made = generate_plan(profile, catalog, rules, today=TODAY, version="bench")
        return render(made, fmt, options)

    def render_only() -> object:
        return render(plan, fmt, options)

    return both if generate else render_only


def first_in_process(name: str, fresh: int) -> float:
    """The median CPU seconds of the first generate + render of case `name` in each of
    `fresh` new processes (after the imports and the start-up cache)."""
    times = []
    for _ in range(fresh):
        run = subprocess.run(
            [sys.executable, __file__, "--first", name],
            capture_output=True,
            text=True,
            check=True,
        )
        times.append(float(run.stdout))
    return statistics.median(times)


def first(name: str) -> None:
    """Child of `first_in_process`: print the CPU seconds of one case, done once."""
    flags, fmt, _ = CASES[name]
    catalog, rules = core_inputs([])
    profile = flags.profile()
    options = RenderOptions()
    start = time.process_time()
    render(generate_plan(profile, catalog, rules, today=TODAY, version="bench"), fmt, options)
    print(time.process_time() - start)


def in_process(repeat: int, fresh: int) -> bool:
    """Print the in-process table; True when every budget holds."""
    catalog, rules = core_inputs([])
    print(f"in-process, median CPU of {repeat}; load average {os.getloadavg()[0]:.2f}")
    print(
        f"{'case':<14} {'plan':>7} {'+render':>8} {'render':>8} {'first':>8} {'prescr.':>8}  budget"
    )
    ok = True
    for name, (flags, fmt, budget) in CASES.items():
        profile = flags.profile()
        plan = generate_plan(profile, catalog, rules, today=TODAY, version="bench")
        count = sum(len(s.exercises) for _, s in plan.sessions())
        total = cpu_median(case(profile, fmt), repeat)
        alone = cpu_median(case(profile, fmt, generate=False), repeat)
        verdict = ""
        if budget is not None:
            good = total * 1000 <= budget
            ok &= good
            verdict = f"≤ {budget:.0f} ms {'ok' if good else 'OVER'}"
        cold = f"{first_in_process(name, fresh) * 1000:6.2f}ms" if fresh else f"{'-':>8}"
        print(
            f"{name:<14} {(total - alone) * 1000:5.2f}ms {total * 1000:6.2f}ms "
            f"{alone * 1000:6.2f}ms {cold} {count:>8}  {verdict}"
        )
    return ok


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=200, help="in-process runs per case")
    parser.add_argument("--runs", type=int, default=15, help="whole-process rounds (0: none)")
    parser.add_argument("--only", default="plan", help="whole-process targets containing this")
    parser.add_argument("--fresh", type=int, default=15, help="new processes per case (0: none)")
    parser.add_argument("--first", choices=list(CASES), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.first:
        first(args.first)
        return
    with tempfile.TemporaryDirectory() as tmp:  # the start-up cache, as in startup.py
        os.environ["RUNSTRENGTH_HOME"] = tmp
        ok = in_process(args.repeat, args.fresh)
    if args.runs > 0:
        print()
        floor, results = measure(args.runs, args.only)
        ok &= report(floor, results)
        print(f"load average {os.getloadavg()[0]:.2f}")
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
