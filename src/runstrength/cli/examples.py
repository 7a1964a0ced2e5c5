"""The "Examples" that end every command's `--help`, taken from the README.

Keyed by the command path under `runstrength`; the root group attaches them to every
command it serves (`attach()` is called by `cli.help_text.polish`), so a command module
never has to pass an epilog itself. A new command gets its examples by adding a key here;
tests/test_help.py fails for a command without one.
"""

from __future__ import annotations

EXAMPLES: dict[str, tuple[str, ...]] = {
    "": (
        "runstrength plan --season off",
        "runstrength plan --season off --start 2026-12-07 -o plan.pdf",
        "runstrength plan --season off --start 2026-12-07 --save",
        "runstrength next",
    ),
    "plan": (
        "runstrength plan --season off --volume 25mi --days 2 --equipment home --start 2026-12-07",
        "runstrength plan --race-date 2027-04-25 --race-distance marathon --start 2026-12-07",
        "runstrength plan --season off --start 2026-12-07 -o plan.pdf",
        "runstrength plan --season off --start 2026-12-07 --time 18:30 -o evenings.ics",
    ),
    "catalog": (
        "runstrength catalog list --category calf-foot-ankle",
        "runstrength catalog show trap-bar-deadlift",
        "runstrength catalog check my.yaml",
    ),
    "catalog list": (
        "runstrength catalog list squat",
        "runstrength catalog list --equipment home --injury achilles",
        "runstrength catalog list --format json",
    ),
    "catalog show": (
        "runstrength catalog show trap-bar-deadlift",
        "runstrength catalog show pogos --format json",
    ),
    "catalog check": (
        "runstrength catalog check my.yaml",
        "runstrength plan --catalog my.yaml",
    ),
    "roster": (
        "runstrength roster --template > team.csv",
        "runstrength roster team.csv --out-dir plans --format md,json,pdf",
        "runstrength roster team.csv --out-dir plans --strict",
    ),
    "schema": (
        "runstrength schema > plan.schema.json",
        "runstrength plan --format json | check-jsonschema --schemafile plan.schema.json -",
    ),
    # The log family: attached the same way, whichever module registers the commands.
    "log": (
        "runstrength log trap-bar-deadlift 5,5,4@85kg --rir 2",
        "runstrength log --done",
        "runstrength log",
        "runstrength log list",
    ),
    "log add": (
        "runstrength log trap-bar-deadlift 5,5,4@85kg --rir 2",
        "runstrength log goblet-squat 2x12@20kg --rir 3 --pain 5 --where knee",
        "runstrength log pogos 2x20c --date yesterday",
        "runstrength log --done",
    ),
    "log undo": ("runstrength log undo",),
    "log edit": (
        "runstrength log edit 3 trap-bar-deadlift 5,5,5@85kg",
        "runstrength log edit 3 goblet-squat 2x12 --pain 5 --where knee",
        "runstrength log edit 3 --date 2026-12-09",
        "runstrength log edit 3 --remove pogos",
    ),
    "log list": ("runstrength log list", "runstrength log list --format json"),
    "log export": (
        "runstrength log export --format csv > log.csv",
        "runstrength log export --format json > log.json",
    ),
    "log import": ("runstrength log import log.json",),
    "log path": ("runstrength log path",),
    "log clear": ("runstrength log clear achilles-calf", "runstrength log clear knee hip"),
    "log pain-next-day": (
        "runstrength log pain-next-day 3",
        "runstrength log pain-next-day 5 --exercise pogos --date yesterday",
        "runstrength log pain-next-day 4 --where knee",
    ),
    "runs": ("runstrength runs import ~/Downloads/export", "runstrength runs list"),
    "runs import": (
        "runstrength runs import activities.csv",
        "runstrength runs import ~/garmin --max-hr 188",
    ),
    "runs list": ("runstrength runs list", "runstrength runs list --format csv"),
    "runs undo": ("runstrength runs undo", "runstrength runs undo --yes"),
    "next": ("runstrength next", "runstrength next --format json"),
    "history": (
        "runstrength history",
        "runstrength history trap-bar-deadlift",
        "runstrength history --since 2026-12-01 --format csv",
    ),
    "profile": ("runstrength profile", "runstrength profile set increment 1.25"),
    "profile set": (
        "runstrength profile set increment 1.25",
        "runstrength profile set days 2",
    ),
}

HEADING = "Examples:"


def epilog(path: str) -> str | None:
    """The `--help` epilog of the command at `path` ("" for the root), or None."""
    lines = EXAMPLES.get(path)
    if not lines:
        return None
    # A leading newline keeps the indentation through typer's inspect.cleandoc; `[` is
    # escaped because typer reads help text as rich markup.
    body = "\n".join(f"  $ {line}".replace("[", "\\[") for line in lines)
    return f"\n{HEADING}\n{body}"
