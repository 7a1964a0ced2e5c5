"""Instructions per plan, counted under valgrind: a measure that other work on the machine
does not move.

Wall-clock and CPU timings on a shared 2-core machine can swing by a third from one run to
the next, which hides a 5 % change. Counting the instructions the interpreter executes
(valgrind's cachegrind, without cache simulation) gives the same figure run after run, so
two source trees can be compared while other work runs. The count is not a time: use
benchmarks/inprocess.py for the issue-14 budgets, and this to tell whether a change helped.

For each case of benchmarks/inprocess.py, a child process loads the catalog and rules and
then makes and renders the plan N times; the counts for N = 0, 1 and 4 give the first run
in a process (the CLI's case) and each further run (memo caches warm).

    python benchmarks/instructions.py                       # this tree
    python benchmarks/instructions.py --against /tmp/base/src --only default
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

SRC = Path(__file__).resolve().parents[1] / "src"
VALGRIND = ["valgrind", "--tool=cachegrind", "--cache-sim=no", "--cachegrind-out-file=/dev/null"]
CASE_NAMES = ("default md", "largest md", "default json", "largest json")


def child(name: str, times: int) -> None:
    """Make and render case `name` `times` times (run under valgrind by `count`)."""
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from inprocess import CASES, TODAY

    from runstrength.cli.context import core_inputs
    from runstrength.plan import generate_plan
    from runstrength.render import RenderOptions, render

    flags, fmt, _ = CASES[name]
    catalog, rules = core_inputs([])
    profile = flags.profile()
    for _ in range(times):
        plan = generate_plan(profile, catalog, rules, today=TODAY, version="bench")
        render(plan, fmt, RenderOptions())


def count(src: Path, home: Path, name: str, times: int) -> int:
    """Instructions of one child run of case `name`, made `times` times, from tree `src`."""
    env = {**os.environ, "PYTHONPATH": str(src), "RUNSTRENGTH_HOME": str(home)}
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    # One hash seed for every count: with a random one, sets and dicts of strings iterate
    # in another order each run and the count moves by about 1 %, as much as the changes
    # it is meant to tell apart.
    env["PYTHONHASHSEED"] = "0"
    command = [sys.executable, __file__, "--child", name, str(times)]
    run = subprocess.run([*VALGRIND, *command], env=env, capture_output=True, text=True)
    found = re.search(r"I\s+refs:\s+([\d,]+)", run.stderr)
    if run.returncode != 0 or found is None:
        sys.exit(f"valgrind run failed for {name!r} from {src}:\n{run.stderr[-2000:]}")
    return int(found.group(1).replace(",", ""))


def measure(src: Path, name: str) -> tuple[float, float]:
    """(first run, each further run) of case `name` from tree `src`, in millions."""
    with tempfile.TemporaryDirectory() as tmp:
        home = Path(tmp)
        env = {**os.environ, "PYTHONPATH": str(src), "RUNSTRENGTH_HOME": str(home)}
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        # the start-up cache and the bytecode, as a second CLI run finds them
        subprocess.run([sys.executable, __file__, "--child", name, "1"], env=env, check=True)
        none, one, four = (count(src, home, name, n) for n in (0, 1, 4))
    return (one - none) / 1e6, (four - one) / 3 / 1e6


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--against", type=Path, help="another tree's src folder to compare")
    parser.add_argument("--only", default="", help="only cases whose name contains this")
    parser.add_argument("--child", nargs=2, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args.child[0], int(args.child[1]))
        return
    if shutil.which("valgrind") is None:
        sys.exit("valgrind is not installed (Debian: apt install valgrind)")
    names = [n for n in CASE_NAMES if args.only in n]
    header = f"{'case':<14} {'first':>9} {'warm':>9}"
    if args.against:
        header += f" {'against':>9} {'warm':>9} {'warm ×':>7}"
    print("millions of instructions per generate + render")
    print(header)
    for name in names:
        first, warm = measure(SRC, name)
        line = f"{name:<14} {first:9.1f} {warm:9.1f}"
        if args.against:
            other_first, other_warm = measure(args.against.resolve(), name)
            line += f" {other_first:9.1f} {other_warm:9.1f} {warm / other_warm:7.3f}"
        print(line, flush=True)


if __name__ == "__main__":
    main()
