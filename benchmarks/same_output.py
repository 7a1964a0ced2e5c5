"""Do two source trees make byte-identical plans? For performance work that must not change
what is written.

`dump` writes, for a few hundred random profiles (a fixed seed), the SHA-256 of each plan's
Markdown, JSON, HTML and ICS as made by the `runstrength` on sys.path; `compare` runs `dump`
under each tree's `src` (e.g. a `git archive` of the base commit, and the work tree) and
lists every profile whose output differs, and runs `roster` under both on the roster of
benchmarks/roster.py and compares every file written.

    git archive BASE src data | tar -x -C /tmp/base
    python benchmarks/same_output.py compare /tmp/base .          # 300 profiles
    python benchmarks/same_output.py compare /tmp/base . --profiles 1000 --athletes 300
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import json
import os
import random
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

TODAY = dt.date(2026, 11, 26)
FORMATS = ("md", "json", "html", "ics")


def random_fields(rng: random.Random, injuries: list[str]) -> dict[str, Any]:
    """The Profile fields of one random runner, as the property grid draws them."""
    unit = rng.choice(["km", "mi"])
    km = rng.uniform(0, 200)
    fields: dict[str, Any] = {
        "season": rng.choice(["off", "pre", "in", "taper"]),
        "unit": unit,
        "weekly_volume": round(km / 1.609 if unit == "mi" else km, 1),
        "days": rng.choice([2, 3]),
        "level": rng.choice(["novice", "intermediate", "advanced"]),
        "equipment": rng.choice([["none"], ["home"], ["gym"], ["dumbbells", "box", "mat"]]),
        "injuries": rng.sample(injuries, rng.choice([0, 0, 1, 2, 3])),
        "load_unit": rng.choice(["kg", "lb"]),
    }
    if rng.random() < 0.5:
        fields["weeks"] = rng.randint(1, 20)
    start = TODAY + dt.timedelta(days=rng.randint(0, 60)) if rng.random() < 0.7 else None
    if start is not None:
        fields["start_date"] = start.isoformat()
    if rng.random() < 0.4:
        base = start or TODAY
        fields["race_date"] = (base + dt.timedelta(days=rng.randint(1, 300))).isoformat()
        fields["race_distance"] = rng.choice(["5k", "10k", "half", "marathon", "ultra"])
    days = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
    hard = sorted(rng.sample(range(7), rng.randint(0, 3)))
    fields["hard_days"] = [days[d] for d in hard]
    if rng.random() < 0.5:
        fields["long_run_day"] = days[rng.choice([d for d in range(7) if d not in hard])]
    return fields


def dump(count: int, seed: int) -> dict[str, Any]:
    """key -> {format: sha256} (or the error) for `count` random profiles."""
    from runstrength.cli.context import core_inputs
    from runstrength.enums import Format
    from runstrength.errors import RunstrengthError
    from runstrength.models import Profile
    from runstrength.plan import generate_plan
    from runstrength.render import RenderOptions, render

    catalog, rules = core_inputs([])
    rng = random.Random(seed)
    injuries = sorted(rules.injuries)
    out: dict[str, Any] = {}
    for n in range(count):
        fields = random_fields(rng, injuries)
        key = f"{n}: {json.dumps(fields, sort_keys=True)}"
        try:
            plan = generate_plan(
                Profile.model_validate(fields), catalog, rules, today=TODAY, version="same"
            )
        except RunstrengthError as exc:
            out[key] = {"error": str(exc)}
            continue
        digests = {}
        for fmt in FORMATS:
            if fmt == "ics" and plan.inputs.start_date is None:
                continue
            data = render(plan, Format(fmt), RenderOptions())
            raw = data.encode() if isinstance(data, str) else data
            digests[fmt] = hashlib.sha256(raw).hexdigest()
        out[key] = digests
    return out


def run_dump(tree: Path, count: int, seed: int, home: Path) -> dict[str, Any]:
    env = {**os.environ, "PYTHONPATH": str(tree.resolve() / "src"), "RUNSTRENGTH_HOME": str(home)}
    cmd = [sys.executable, __file__, "dump", "--profiles", str(count), "--seed", str(seed)]
    result = subprocess.run(cmd, env=env, capture_output=True, text=True, check=True)
    data: dict[str, Any] = json.loads(result.stdout)
    return data


def run_roster(tree: Path, roster: Path, out: Path, formats: str, home: Path) -> None:
    env = {
        **os.environ,
        "PYTHONPATH": str(tree.resolve() / "src"),
        "RUNSTRENGTH_HOME": str(home),
        "RUNSTRENGTH_TODAY": "2026-11-02",
    }
    cmd = [sys.executable, "-m", "runstrength", "roster", str(roster), "-d", str(out)]
    subprocess.run([*cmd, "-f", formats], env=env, capture_output=True, check=True)


def compare(base: Path, new: Path, count: int, seed: int, athletes: int, formats: str) -> int:
    """Print the differences; the number of differing outputs."""
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    import csv

    from roster import roster_rows

    bad = 0
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        a = run_dump(base, count, seed, folder / "home-a")
        b = run_dump(new, count, seed, folder / "home-b")
        assert a.keys() == b.keys()
        for key in a:
            if a[key] != b[key]:
                bad += 1
                which = sorted(
                    f for f in a[key].keys() | b[key].keys() if a[key].get(f) != b[key].get(f)
                )
                print(f"differs ({', '.join(which)}): {key}")
        plans = sum(1 for v in a.values() if "error" not in v)
        print(f"{count} profiles ({plans} plans, {count - plans} refused): {bad} differ")
        if athletes:
            roster = folder / "roster.csv"
            with roster.open("w", newline="", encoding="utf-8") as handle:
                csv.writer(handle).writerows(roster_rows(athletes))
            run_roster(base, roster, folder / "out-a", formats, folder / "home-a")
            run_roster(new, roster, folder / "out-b", formats, folder / "home-b")
            names_a = sorted(p.name for p in (folder / "out-a").iterdir())
            names_b = sorted(p.name for p in (folder / "out-b").iterdir())
            files_bad = 0 if names_a == names_b else 1
            for name in sorted(set(names_a) & set(names_b)):
                if (folder / "out-a" / name).read_bytes() != (folder / "out-b" / name).read_bytes():
                    files_bad += 1
                    print(f"roster file differs: {name}")
            print(f"roster of {athletes} to {formats}: {len(names_a)} files, {files_bad} differ")
            bad += files_bad
    return bad


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True)
    d = sub.add_parser("dump")
    c = sub.add_parser("compare")
    c.add_argument("base", type=Path, help="a tree with src/ and data/ (the base commit)")
    c.add_argument("new", type=Path, help="the tree to check (the work tree)")
    c.add_argument("--athletes", type=int, default=200, help="roster size (0: no roster)")
    c.add_argument("--formats", default="md,json,html,pdf", help="roster formats")
    for p in (d, c):
        p.add_argument("--profiles", type=int, default=300)
        p.add_argument("--seed", type=int, default=14)
    args = parser.parse_args()
    if args.command == "dump":
        json.dump(dump(args.profiles, args.seed), sys.stdout)
        return
    bad = compare(args.base, args.new, args.profiles, args.seed, args.athletes, args.formats)
    sys.exit(1 if bad else 0)


if __name__ == "__main__":
    main()
