"""`runstrength schema`: the JSON Schema of `plan --format json`, generated from the models."""

from __future__ import annotations

from collections.abc import Callable

import typer


def register(app: typer.Typer, new_app: Callable[..., typer.Typer]) -> None:
    """Add the `schema` command to the app."""
    # A callback makes typer build a group, which is what the lazy loader takes commands from.
    app.callback()(_holder)
    app.command("schema")(schema)  # its examples are in cli/examples.py


def _holder() -> None:
    """Holds the schema command."""


def schema() -> None:
    """Print the JSON Schema (draft 2020-12) of the plan JSON that `plan --format json` writes."""
    from runstrength.models import plan_json_schema

    typer.echo(plan_json_schema())
