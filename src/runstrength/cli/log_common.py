"""What the log commands (`log`, `next`, `history`, `profile`, and `plan` with a log) share:
where the log is, the catalog and rules, and a plain text table.

Only the stdlib is imported at the top; everything else inside the functions.
"""

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from runstrength.models import Catalog
    from runstrength.rulebook import Rulebook

LOG_FILE = "log.db"


def log_path() -> Path:
    """The log database: <user data folder>/log.db ($RUNSTRENGTH_HOME overrides the folder)."""
    from runstrength.paths import user_dir

    return user_dir() / LOG_FILE


def core() -> "tuple[Catalog, Rulebook]":
    """The shipped catalog and the rules, through the start-up cache."""
    from runstrength.cli import context

    return context.core_inputs([])


def text_table(headers: Sequence[str], rows: Sequence[Sequence[str]]) -> str:
    """Columns padded to their widest cell, two spaces apart; no wrapping, no colour.

    Plain text on purpose: rich would cost tens of milliseconds at start-up, and these
    tables are short.
    """
    widths = [max(len(str(c)) for c in column) for column in zip(headers, *rows, strict=False)]
    lines = []
    for row in [headers, *rows]:
        cells = [str(c).ljust(w) for c, w in zip(row, widths, strict=True)]
        lines.append("  ".join(cells).rstrip())
    return "\n".join(lines)
