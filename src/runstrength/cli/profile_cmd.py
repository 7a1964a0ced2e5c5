"""`runstrength profile`: the saved profile (the inputs `plan` reuses), the load increment
and known maxes; `profile set KEY VALUE` changes one of them.

    runstrength profile                 show
    runstrength profile set KEY VALUE   e.g. increment 1.25, max squat=100kg, days 3
"""

# No `from __future__ import annotations`: typer reads the command signatures at start-up.

from collections.abc import Callable
from typing import Annotated

import typer

from runstrength.cli.console import say
from runstrength.cli.log_common import core, log_path
from runstrength.errors import InvalidInput
from runstrength.log.spec import PROFILE_KEYS, shown_key


def register(app: typer.Typer, new_app: Callable[..., typer.Typer]) -> None:
    """Add `profile` and `profile set` to the app."""
    group = new_app(
        invoke_without_command=True,  # `profile` alone shows it
        no_args_is_help=False,
        help="Show the saved profile (the inputs `plan` reuses), or change one input.",
    )
    app.add_typer(group, name="profile")
    group.callback()(profile)
    # a VALUE may start with "-" (`profile set volume -5`): taken as the value, so its own
    # check says what is wrong with it, not "No such option: -5"
    group.command("set", context_settings={"ignore_unknown_options": True})(profile_set)


def profile(ctx: typer.Context) -> None:
    """Show the saved profile, the load increment and known maxes."""
    from runstrength.log.profile import catalog_line, profile_lines, profile_of
    from runstrength.log.spec import num_text
    from runstrength.text import printable

    if ctx.invoked_subcommand is not None:
        return
    saved, settings, maxes, catalogs = profile_of(log_path())
    if saved is None:
        typer.echo("No profile saved yet: run `runstrength plan ... --save`.")
    else:  # the keys and values as `profile set` takes them
        for line in profile_lines(saved):
            typer.echo(printable(line))
        typer.echo(printable(catalog_line(catalogs)))
    unit = saved.load_unit.value if saved is not None else "kg"
    typer.echo(printable(f"increment: {settings.get('increment', f'default ({unit} plates)')}"))
    known: dict[str, str] = {}
    if saved is not None:
        known = {k: f"{num_text(v)} {unit} (profile)" for k, v in saved.maxes.items()}
    known.update({k: f"{num_text(m.e1rm)} {m.unit.value} ({m.source})" for k, m in maxes.items()})
    for exercise_id, text in sorted(known.items()):
        typer.echo(printable(f"max {exercise_id}: {text}"))


def profile_set(
    key: Annotated[str, typer.Argument(help=f"One of: {PROFILE_KEYS}.")],
    value: Annotated[
        str, typer.Argument(help="The new value, e.g. 1.25 for increment, or none to clear.")
    ],
) -> None:
    """Change one saved input, the load increment or a known max (`none` clears one).

    For example `profile set increment 1.25`, `profile set max back-squat=100kg`, `profile
    set max back-squat=none`.

    A value is checked as `plan` would take it, so no later `plan` fails on it; a race
    needs its date and its distance, set one after the other."""
    from runstrength.cli import context
    from runstrength.log.profile import set_profile_value
    from runstrength.log.spec import check_text

    name = key.strip().lower().replace("_", "-")
    if name in ("catalog", "catalogs"):
        _set_catalog(value)
        return
    check_text(value, f"profile set {shown_key(name)}", 200)
    _strict_value(name, value)
    catalog, rules = core()
    said = set_profile_value(log_path(), name, value, catalog, rules, context.today())
    stored, *hint = said.split("\n")
    typer.echo(stored)
    for line in hint:
        say(line)  # to stderr: what to do next, not what was stored


def _set_catalog(value: str) -> None:
    """`profile set catalog FILE`: the catalog file saved with the plan, checked as `plan
    --catalog FILE` checks it; `none`: the shipped catalog alone (read before anything
    else, so a saved file that no longer loads can always be cleared)."""
    from pathlib import Path

    from runstrength.cli.log_common import inputs_with
    from runstrength.log.profile import set_catalogs
    from runstrength.log.spec import check_text

    check_text(value, "profile set catalog", 4096)
    files: list[Path] = []
    if value.strip().lower() not in ("none", ""):
        files = [Path(value).resolve()]
        inputs_with(files, saved=False)  # a file that does not load is refused here
    said = set_catalogs(log_path(), [str(path) for path in files])
    stored, *hint = said.split("\n")
    typer.echo(stored)
    for line in hint:
        say(line)


def _strict_value(name: str, value: str) -> None:
    """What the kernel's flag parsers take too loosely (a `²` is a digit to str.isdigit,
    a date may be 0001-01-01): checked here first, as one line."""
    from runstrength.log.spec import shown_text, strict_date, strict_int

    if value.strip().lower() in ("none", ""):
        return
    if name == "weeks":
        strict_int(value, f"profile set {name}", 1, 52)
    elif name == "days" and not (value.strip().isascii() and value.strip().isdigit()):
        # in the words the days' own parser says of a 0 or a 5 (the QA pass: the shape
        # check said "a whole number 0–52", no range days can have)
        raise InvalidInput(
            f"profile set days: {shown_text(value)} is not 1, 2 or 3 (strength days a week)"
        )
    elif name in ("start", "start-date", "race-date"):
        strict_date(value, f"profile set {name}")
    elif any(ch.isdigit() and not ch.isascii() for ch in value):
        raise InvalidInput(f"profile set {shown_key(name)}: use ASCII digits (0-9) in {value!r}")
