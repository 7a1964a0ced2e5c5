"""`runstrength next`: the next session of the active plan, with loads from the log.

runstrength next [--format table|json]
"""

# No `from __future__ import annotations`: typer reads the command signatures at start-up.

import json
from collections.abc import Callable
from typing import TYPE_CHECKING, Annotated

import typer

from runstrength.cli.log_common import core, log_path, text_table
from runstrength.errors import InvalidInput

if TYPE_CHECKING:
    from runstrength.log.nextsession import NextSession


def register(app: typer.Typer, new_app: Callable[..., typer.Typer]) -> None:
    """Add `next` to the app."""
    # A callback makes typer build a group, which is what the lazy loader takes commands from.
    app.callback()(_holder)
    app.command("next")(next_)


def _holder() -> None:
    """Holds the `next` command."""


def next_(
    fmt: Annotated[str, typer.Option("--format", "-f", help="table | json.")] = "table",
    pain_free: Annotated[
        list[str] | None,
        typer.Option("--pain-free", help="A check-in first: this pain region has settled."),
    ] = None,  # §10.3 log_pain.py
) -> None:
    """The next session of the active plan, with loads from your log."""
    from runstrength.cli import context
    from runstrength.enums import DeloadKind
    from runstrength.log.service import next_session

    if fmt not in ("table", "json"):
        raise InvalidInput(f"--format: {fmt!r} is not one of table, json")
    now = context.today()
    if pain_free:  # §10.3 log_pain.py
        from runstrength.cli.log_pain import record_clearance

        typer.echo("\n".join(record_clearance(pain_free, now)))
    catalog, rules = core()
    nxt = next_session(log_path(), now, catalog, rules)
    if nxt is None:
        typer.echo("The active plan is complete. Make the next one with `runstrength plan --save`.")
        return
    if fmt == "json":
        data = nxt.session.model_dump(mode="json")
        data["week"] = {
            "index": nxt.week.index,
            "phase": nxt.week.phase.value,
            "season": nxt.week.season.value,
            "deload": nxt.week.deload or nxt.deload is DeloadKind.REACTIVE,
        }
        data["notes"] = list(nxt.notes)
        data["e1rm"] = dict(nxt.e1rms)
        typer.echo(json.dumps(data, indent=2, ensure_ascii=False))
        return
    _print_next(nxt)


def _print_next(nxt: "NextSession") -> None:
    from runstrength.render.common import dose_text, load_text, session_title, week_title

    typer.echo(f"{week_title(nxt.week)}\n{session_title(nxt.session)}")
    if nxt.shift_days:
        typer.echo(f"(moved {nxt.shift_days} days later: missed sessions shift the plan)")
    rows = [[p.name, dose_text(p), load_text(p), p.why or ""] for p in nxt.session.exercises]
    typer.echo(text_table(["Exercise", "Dose", "Load", "Why"], rows))
    for line in nxt.notes:
        typer.secho(line, fg="yellow")
