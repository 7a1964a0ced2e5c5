"""Whole-process timings of runstrength commands against a bare typer app, in one run.

The floor is the cheapest thing this stack can do: a typer app that prints one line.
Every command is timed interleaved with the floor (so machine noise hits both alike) and
reported as a median and a ratio to the floor's median.

    python benchmarks/startup.py            # 15 rounds
    python benchmarks/startup.py --runs 30 --only plan
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

BARE_APP = '''
import typer

app = typer.Typer()


@app.command()
def hello() -> None:
    """Say hello."""
    print("hello")


@app.command()
def other() -> None:
    """A second command, so typer builds a group like runstrength's."""


app()
'''

# A reference, not a budget: the same bare app with one string option. typer (0.29+)
# coerces every option through a pydantic TypeAdapter, so any command with an option
# imports pydantic (~80 ms here), which the option-less floor above never does.
OPTION_APP = BARE_APP.replace(
    "def hello() -> None:", 'def hello(name: str = typer.Option("x", "--name")) -> None:'
)
REFERENCE = "typer+option"

# name -> (argv, budget); a budget below 10 is a ratio to the floor, above it milliseconds.
Target = tuple[list[str], float | None]
TARGETS: dict[str, Target] = {
    "help": (["--help"], 1.3),
    # Issue 2: `plan --format md` within 1.3× the bare typer floor; issue 14: 1.2×.
    "plan-md": (["plan", "--season", "off", "--format", "md"], 1.2),
    "plan-json": (["plan", "--season", "off", "--format", "json"], None),
}


def extra_targets(home: Path) -> dict[str, Target]:
    """Targets that write files into the run's temporary folder."""
    pdf = home / "plan.pdf"
    return {
        # Issue 4: a 12-week, 3-day plan to PDF in under 0.5 s of whole-process time.
        "plan-pdf": (["plan", "--season", "off", "--days", "3", "-o", str(pdf)], 500.0),
        # the Markdown plan again, through a path option (-o) and an atomic write
        "plan-md-file": (["plan", "--season", "off", "-o", str(home / "plan.md")], None),
        # Issue 3: the log loop; `history` reads a generated log of 100,000 sets.
        "log": (["log", "pogos", "2x20c", "--date", "2026-12-07"], None),
        "next": (["next"], None),
        "history-100k": (["history"], 1.5),
    }


LOG_TARGETS = ("log", "next", "history-100k")

# Shell completion: what bash runs on `runstrength <TAB>` and on an exercise id, within
# 300 ms each (the TAB must feel instant; tests/test_completion.py checks the candidates).
TAB_TARGETS: dict[str, str] = {
    "tab-command": "runstrength ",
    "tab-exercise": "runstrength catalog show trap-bar-",
}
TAB_BUDGET_MS = 300.0


def tab_env(env: dict[str, str], line: str) -> dict[str, str]:
    """`env` as bash's completion sets it for `line`, the cursor at its end."""
    return {
        **env,
        "_RUNSTRENGTH_COMPLETE": "complete_bash",
        "COMP_WORDS": line,
        "COMP_CWORD": str(len(line.split(" ")) - 1),
    }


def prepare_log(home: Path, env: dict[str, str]) -> None:
    """A saved plan and a 100,000-set log in `home`, made once before timing."""
    plan = ["plan", "--season", "off", "--start", "2026-12-07", "--save", "--format", "json"]
    subprocess.run(runstrength_command() + plan, env=env, check=True, capture_output=True)
    home.mkdir(parents=True, exist_ok=True)
    synthetic = Path(__file__).with_name("synthetic.py")
    subprocess.run(
        [sys.executable, str(synthetic), str(home / "log.db")],
        env=env,
        check=True,
        stdout=subprocess.DEVNULL,
    )


def runstrength_command() -> list[str]:
    script = Path(sys.executable).with_name("runstrength")
    return [str(script)] if script.exists() else [sys.executable, "-m", "runstrength"]


def time_once(cmd: list[str], env: dict[str, str]) -> float:
    start = time.perf_counter()
    subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env, check=True)
    return time.perf_counter() - start


@dataclass(frozen=True)
class Result:
    """One target's whole-process median and its ratio to the floor's median."""

    name: str
    median: float  # seconds
    ratio: float
    budget: float | None

    @property
    def verdict(self) -> str:
        """'≤ 1.3× ok', '≤ 500ms OVER', or '' without a budget."""
        if self.budget is None:
            return ""
        if self.budget < 10:
            return f"≤ {self.budget:.1f}× {'ok' if self.ok else 'OVER'}"
        return f"≤ {self.budget:.0f}ms {'ok' if self.ok else 'OVER'}"

    @property
    def ok(self) -> bool:
        if self.budget is None:
            return True
        if self.budget < 10:
            return self.ratio <= self.budget
        return self.median * 1000 <= self.budget


def measure(runs: int, only: str = "") -> tuple[float, list[Result]]:
    """(the floor's median, one Result per target whose name contains `only`), in seconds;
    every target runs `runs` times, interleaved with the floor."""
    with tempfile.TemporaryDirectory() as tmp:
        home = Path(tmp)
        bare = home / "bare.py"
        bare.write_text(BARE_APP)
        env = {**os.environ, "RUNSTRENGTH_HOME": str(home / "home")}
        # Installed packages run from compiled bytecode; time that, not recompiling each run.
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        env["RUNSTRENGTH_TODAY"] = "2026-12-07"
        floor_cmd = [sys.executable, str(bare), "hello"]
        with_option = home / "bare_option.py"
        with_option.write_text(OPTION_APP)
        targets: dict[str, Target] = {REFERENCE: ([str(with_option), "hello", "--name", "y"], None)}
        targets.update(TARGETS)
        targets.update(extra_targets(home))
        targets.update({name: ([], TAB_BUDGET_MS) for name in TAB_TARGETS})
        targets = {k: v for k, v in targets.items() if only in k or k == REFERENCE}
        base = runstrength_command()
        commands = {
            k: ([sys.executable] if k == REFERENCE else base) + argv
            for k, (argv, _) in targets.items()
        }
        # The log targets get their own data folder, so `plan` is timed without a log.
        log_env = {**env, "RUNSTRENGTH_HOME": str(home / "log-home")}
        envs = {name: log_env if name in LOG_TARGETS else env for name in targets}
        envs.update({n: tab_env(env, line) for n, line in TAB_TARGETS.items() if n in targets})
        if any(name in LOG_TARGETS for name in targets):
            prepare_log(home / "log-home", log_env)
        times: dict[str, list[float]] = {name: [] for name in targets}
        floor: list[float] = []
        for name in targets:  # warm caches once
            time_once(commands[name], envs[name])
        time_once(floor_cmd, env)
        for _ in range(runs):
            floor.append(time_once(floor_cmd, env))
            for name in targets:
                times[name].append(time_once(commands[name], envs[name]))
    floor_median = statistics.median(floor)
    results = []
    for name, (_, budget) in targets.items():
        median = statistics.median(times[name])
        results.append(Result(name, median, median / floor_median, budget))
    return floor_median, results


def report(floor: float, results: list[Result]) -> bool:
    """Print the table; True when every budget holds."""
    print(f"{'command':<14} {'median':>8} {'× floor':>8}  budget")
    print(f"{'bare typer':<14} {floor * 1000:>6.0f}ms {1.0:>8.2f}")
    for r in results:
        print(f"{r.name:<14} {r.median * 1000:>6.0f}ms {r.ratio:>8.2f}  {r.verdict}")
    return all(r.ok for r in results)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--only", default="", help="only targets whose name contains this")
    args = parser.parse_args()
    floor, results = measure(args.runs, args.only)
    sys.exit(0 if report(floor, results) else 1)


if __name__ == "__main__":
    main()
