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
    """The catalog the saved plan was made with (the shipped one and any `plan --catalog`
    files saved with it) and the rules, through the start-up cache."""
    return inputs_with(saved_catalogs(), saved=True)


def saved_catalogs() -> list[Path]:
    """The catalog files saved with the plan (`plan --catalog FILE --save`); none before
    anything was saved (a read never makes the log)."""
    path = log_path()
    if not path.is_file():
        return []  # a plain `plan` (no log) imports nothing for it
    from runstrength.log.catalog_setting import checked_catalogs, stored_catalogs

    return [Path(p) for p in checked_catalogs(stored_catalogs(path), path)]


def inputs_with(extra: list[Path], *, saved: bool) -> "tuple[Catalog, Rulebook]":
    """The shipped catalog with `extra` merged over it, and the rules. A saved file
    (`saved`) that no longer loads says so, and how to go on without it."""
    from runstrength.cli import context
    from runstrength.errors import CatalogError

    try:
        return context.core_inputs(extra)
    except CatalogError as exc:
        if not saved or not extra:
            raise
        raise CatalogError(
            f"{exc} (a catalog saved with your plan by `plan --catalog`): put it back, or "
            "`runstrength profile set catalog none` to plan with the shipped catalog"
        ) from None
