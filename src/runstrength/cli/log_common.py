"""What the log commands (`log`, `next`, `history`, `profile`, and `plan` with a log) share:
where the log is, and the catalog and rules.

Only the stdlib is imported at the top; everything else inside the functions.
"""

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
