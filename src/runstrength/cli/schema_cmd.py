"""`runstrength schema`: the JSON Schema of `plan --format json`, generated from the models."""

from __future__ import annotations

from collections.abc import Callable

import typer


def register(app: typer.Typer, new_app: Callable[..., typer.Typer]) -> None:
    """Add the `schema` command to the app."""
    app.command("schema")(schema)  # its examples are in cli/examples.py


def schema() -> None:
    """Print the JSON Schema (draft 2020-12) of the plan JSON that `plan --format json` writes."""
    from runstrength.models import plan_json_schema

    typer.echo(plan_json_schema())
