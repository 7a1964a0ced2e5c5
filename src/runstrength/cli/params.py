"""Options several commands share, written once as `Annotated` types."""

# No `from __future__ import annotations`: typer reads these at start-up.
from pathlib import Path
from typing import Annotated

import typer

CatalogOpt = Annotated[
    list[Path] | None,
    typer.Option(
        "--catalog",
        metavar="FILE",
        help="Extra catalog YAML (repeatable): adds exercises or overrides them by id.",
    ),
]
