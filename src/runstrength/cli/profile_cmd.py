"""`runstrength profile`: the saved profile (the inputs `plan` reuses), the load increment
and known maxes; `profile set KEY VALUE` changes one of them.

    runstrength profile                 show
    runstrength profile set KEY VALUE   e.g. increment 1.25, max squat=100kg, days 3
"""

# No `from __future__ import annotations`: typer reads the command signatures at start-up.

from collections.abc import Callable
from typing import Annotated

import typer

from runstrength.cli.log_common import core, log_path
from runstrength.log.spec import PROFILE_KEYS


def register(app: typer.Typer, new_app: Callable[..., typer.Typer]) -> None:
    """Add `profile` and `profile set` to the app."""
    group = typer.Typer(
        pretty_exceptions_enable=False,
        invoke_without_command=True,
        help="Show the saved profile (the inputs `plan` reuses), or change one input.",
        context_settings={"help_option_names": ["-h", "--help"]},
    )
    app.add_typer(group, name="profile")
    group.callback()(profile)
    group.command("set")(profile_set)


def profile(ctx: typer.Context) -> None:
    """Show the saved profile, the load increment and known maxes."""
    from runstrength.log.profile import profile_of
    from runstrength.log.spec import num_text

    if ctx.invoked_subcommand is not None:
        return
    saved, settings, maxes = profile_of(log_path())
    if saved is None:
        typer.echo("No profile saved yet: run `runstrength plan ... --save`.")
    else:
        for key, value in saved.model_dump(mode="json").items():
            if key == "maxes":
                continue
            shown = ", ".join(str(v) for v in value) if isinstance(value, list) else value
            typer.echo(f"{key}: {shown if shown not in (None, '') else '–'}")
    unit = saved.load_unit.value if saved is not None else "kg"
    typer.echo(f"increment: {settings.get('increment', f'default ({unit} plates)')}")
    known: dict[str, str] = {}
    if saved is not None:
        known = {k: f"{num_text(v)} {unit} (profile)" for k, v in saved.maxes.items()}
    known.update({k: f"{num_text(m.e1rm)} {m.unit.value} ({m.source})" for k, m in maxes.items()})
    for exercise_id, text in sorted(known.items()):
        typer.echo(f"max {exercise_id}: {text}")


def profile_set(
    key: Annotated[str, typer.Argument(help=f"One of: {PROFILE_KEYS}.")],
    value: Annotated[
        str, typer.Argument(help="The new value, e.g. 1.25 for increment, or none to clear.")
    ],
) -> None:
    """Change one saved input (e.g. `profile set increment 1.25`, `profile set max squat=100kg`)."""
    from runstrength.log.profile import set_profile_value

    typer.echo(set_profile_value(log_path(), key, value, lambda: core()[0]))
