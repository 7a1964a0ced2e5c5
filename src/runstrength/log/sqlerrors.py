"""sqlite3 errors as one-line StorageErrors naming the log file (db.py re-exports these).

A full disk is said as such: SQLITE_FULL, ENOSPC, or an I/O error with the disk all but
full (SQLite reports a WAL index that cannot grow as "disk I/O error").
"""

import errno
import functools
import shutil
import sqlite3
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import ParamSpec, TypeVar

from runstrength.errors import RunstrengthError, StorageError

P = ParamSpec("P")
R = TypeVar("R")


class BadValue(Exception):
    """A stored row holds a value runstrength never writes (the file edited by hand, or by
    another program); the log's methods turn it into one StorageError line naming the log
    (sqlerrors.translated_block), where it surfaced as a traceback (the hostile-input QA:
    a unit 'stone', a date '2026-13-45', reps 'ten', a load of 1e308)."""


def translated(fn: Callable[P, R]) -> Callable[P, R]:
    """Turn sqlite3 errors into a StorageError naming the file."""

    @functools.wraps(fn)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        where = getattr(args[0], "path", "log") if args else "log"  # a Database method
        with translated_block(where):
            return fn(*args, **kwargs)

    return wrapper


@contextmanager
def translated_block(path: Path | str, reading: bool = False) -> Iterator[None]:
    """`translated` for a block: sqlite3 errors become one StorageError line naming `path`.
    `reading`: a block that reads and decodes rows, where a value no runstrength writes (a
    date '2026-13-45' the SQL turns to NULL) fails as a ValueError or TypeError: that too
    is one line (the hostile-input QA run: tracebacks)."""
    try:
        yield
    except RunstrengthError:
        raise
    except sqlite3.Error as exc:
        raise storage_problem(exc, path) from None
    except BadValue as exc:
        raise _bad_value(path, str(exc)) from None
    except (ValueError, TypeError, OverflowError) as exc:
        if not reading:
            raise
        raise _bad_value(path, " ".join(str(exc).split()) or type(exc).__name__) from None


def _bad_value(path: Path | str, what: str) -> StorageError:
    return StorageError(
        f"{path}: the log database holds a value runstrength never writes ({what}); it was "
        f"left as it is: mend or delete that row with the SQLite shell (`sqlite3 {path}`)"
    )


def storage_problem(exc: sqlite3.Error, path: Path | str) -> StorageError:
    """The one-line StorageError for an sqlite3 error on the log at `path`."""
    if disk_full(exc, path):
        return StorageError(full_message(path))
    if isinstance(exc, sqlite3.OperationalError):
        if "locked" in str(exc) or "busy" in str(exc):
            return StorageError(
                f"{path}: the log is busy (another runstrength is writing); try again"
            )
        return StorageError(f"{path}: {exc}")
    if isinstance(exc, sqlite3.IntegrityError):
        return StorageError(f"{path}: refused ({exc}); nothing was written")
    # what the write path says first (db.whole) points to `log export`; when reading fails
    # too, that way is closed (QA), so say what is left
    return StorageError(
        f"{path}: the log database is damaged ({exc}); it was left as it is: keep a copy, and "
        f"the SQLite shell's recovery (`sqlite3 {path} .recover`) may still read what is left"
    )


SQLITE_FULL = 13
SQLITE_IOERR = 10
# An I/O error with less room than this left is a full disk: SQLite reports a WAL index
# (-shm, 32 KB) that cannot grow as "disk I/O error", not as SQLITE_FULL.
ROOM_NEEDED = 1024 * 1024


def disk_full(exc: BaseException, path: Path | str) -> bool:
    """Whether `exc` (sqlite3 or OSError) means the disk holding `path` is full."""
    if isinstance(exc, OSError):
        return exc.errno in (errno.ENOSPC, errno.EDQUOT)
    code = getattr(exc, "sqlite_errorcode", None)
    if code is None:
        return "disk is full" in str(exc)
    if code & 0xFF == SQLITE_FULL:
        return True
    if code & 0xFF != SQLITE_IOERR:
        return False
    folder = Path(path).parent
    try:
        return shutil.disk_usage(folder if folder.is_dir() else folder.parent).free < ROOM_NEEDED
    except OSError:
        return False


def full_message(path: Path | str) -> str:
    """How a write refused for want of disk space is reported (one line)."""
    return (
        f"disk full while writing {path}: nothing was written and everything logged "
        "before is kept; free some space and try again"
    )
