"""`runstrength catalog list|show|check` (stub; the catalog work fills it in)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import typer


def register(app: typer.Typer, new_app: Callable[..., typer.Typer]) -> None:
    """Add the `catalog` command group to the app."""
    group = new_app(help="Browse and check exercise catalogs.")
    app.add_typer(group, name="catalog")

    @group.command("list")
    def list_(**_: Any) -> None:
        """List catalog exercises."""
