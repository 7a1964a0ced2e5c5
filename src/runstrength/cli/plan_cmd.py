"""`runstrength plan` (stub; filled in with the engine)."""

from __future__ import annotations

import typer


def register(app: typer.Typer) -> None:
    """Add the `plan` command to the app."""

    @app.command()
    def plan() -> None:
        """Make a multi-week strength plan for a runner."""
