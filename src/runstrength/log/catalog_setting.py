"""The catalog files saved with the plan, as the log stores them: one setting, a JSON list of
absolute paths. Stdlib only: every log command reads it before it opens the log, shell
completion on every TAB (`stored_catalogs`); `log.saved` writes it.
"""

from __future__ import annotations

import json
import ntpath
import posixpath
from pathlib import Path

from runstrength.errors import StorageError

# The catalog files besides the shipped one that the saved plan was made with (`plan
# --catalog FILE --save`). The log commands read them too, so an exercise of the runner's
# own catalog stays known to `log`, `next` and `history`.
CATALOGS_SETTING = "catalogs"
MAX_CATALOGS = 32
MAX_PATH = 4096


def parse_catalogs(raw: object) -> list[str] | None:
    """The stored setting as a list of absolute paths; None: not one."""
    try:
        value = json.loads(raw) if isinstance(raw, str) else None
    except (ValueError, RecursionError):
        return None
    if isinstance(value, list) and len(value) <= MAX_CATALOGS and all(map(is_path_text, value)):
        return value
    return None


def checked_catalogs(raw: object, where: Path) -> list[str]:
    """The stored setting (`raw`, None: not set) as a list of paths, or the one-line error
    that says how to clear it."""
    if raw is None:
        return []
    value = parse_catalogs(raw)
    if value is None:
        raise StorageError(
            f"{where}: the catalog files saved with the plan cannot be read; "
            "`runstrength profile set catalog none` clears them"
        )
    return value


def stored_catalogs(path: Path) -> object:
    """The setting as stored in the log at `path` (None: not set, or no log), read-only
    with sqlite3 alone: no storage layer, no migration and no second open of the log for
    a command that opens it next. A log that cannot be read gives None; the command's own
    open of it says why."""
    if not path.is_file():
        return None
    import sqlite3

    try:
        conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True, timeout=5.0)
        try:
            row = conn.execute(
                "SELECT value FROM settings WHERE key = ?", (CATALOGS_SETTING,)
            ).fetchone()
        finally:
            conn.close()
    except sqlite3.Error:
        return None
    return None if row is None else row[0]


def is_path_text(value: object) -> bool:
    """An absolute path as `plan --save` stores one: text, not too long, no NUL; POSIX or
    Windows (a log exported on one system imports on the other, its files then missing)."""
    return (
        isinstance(value, str)
        and 0 < len(value) <= MAX_PATH
        and "\x00" not in value
        and (posixpath.isabs(value) or ntpath.isabs(value))
    )
