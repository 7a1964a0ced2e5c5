"""The catalog files saved with the plan, as the log stores them: one setting, a JSON list of
absolute paths. Stdlib only: shell completion reads it on every TAB (cli/completion.py),
and `log.saved` reads and writes it for everything else.
"""

from __future__ import annotations

import json
import ntpath
import posixpath

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


def is_path_text(value: object) -> bool:
    """An absolute path as `plan --save` stores one: text, not too long, no NUL; POSIX or
    Windows (a log exported on one system imports on the other, its files then missing)."""
    return (
        isinstance(value, str)
        and 0 < len(value) <= MAX_PATH
        and "\x00" not in value
        and (posixpath.isabs(value) or ntpath.isabs(value))
    )
