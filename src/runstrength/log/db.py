"""The log's database: open, check, migrate, and one transaction at a time.

Nothing a user logs may be lost: WAL with `synchronous=FULL`, one `BEGIN IMMEDIATE`
transaction per write, a busy timeout so two processes can log at once, and a file that is
not a runstrength log (or is corrupt) is refused and never written to. `Database` is the
base of the `SessionLog` parts (sessions, history, saved, transfer).
"""

import functools
import sqlite3
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import ParamSpec, Self, TypeVar

from runstrength.errors import RunstrengthError, StorageError
from runstrength.log.migrations import TABLE as MIGRATIONS_TABLE
from runstrength.log.migrations import check_not_newer, migrate

SQLITE_HEADER = b"SQLite format 3\x00"
BUSY_TIMEOUT_S = 5.0

P = ParamSpec("P")
R = TypeVar("R")


def translated(fn: Callable[P, R]) -> Callable[P, R]:
    """Turn sqlite3 errors into a StorageError naming the file."""

    @functools.wraps(fn)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        try:
            return fn(*args, **kwargs)
        except RunstrengthError:
            raise
        except sqlite3.OperationalError as exc:
            where = args[0].path if args and isinstance(args[0], Database) else "log"
            if "locked" in str(exc) or "busy" in str(exc):
                raise StorageError(
                    f"{where}: the log is busy (another runstrength is writing); try again"
                ) from None
            raise StorageError(f"{where}: {exc}") from None
        except sqlite3.DatabaseError as exc:
            where = args[0].path if args and isinstance(args[0], Database) else "log"
            raise StorageError(
                f"{where}: the log database is damaged ({exc}); it was left as it is"
            ) from None

    return wrapper


class _Busy(StorageError):
    """Opening found the log locked by another process; Database retries."""


class Database:
    """The training log database at `path`: open, check, migrate; close on exit."""

    def __init__(self, path: Path) -> None:
        self.path = path
        # SQLite answers some lock conflicts while a new log is set up (switching to WAL,
        # migrating) with an immediate "locked" rather than waiting on the busy timeout, so
        # two processes opening a fresh log at once retry here for the same timeout.
        deadline = time.monotonic() + BUSY_TIMEOUT_S
        while True:
            try:
                self._conn = self._open(path)
                break
            except _Busy:
                if time.monotonic() > deadline:
                    raise StorageError(
                        f"{path}: the log is busy (another runstrength is writing); try again"
                    ) from None
                time.sleep(0.02)

    # ---- lifecycle

    @staticmethod
    def _open(path: Path) -> sqlite3.Connection:
        if path.is_dir():
            raise StorageError(f"{path}: is a folder, not a log file")
        if path.exists():
            try:
                with path.open("rb") as handle:
                    head = handle.read(len(SQLITE_HEADER))
            except OSError as exc:
                raise StorageError(f"{path}: cannot read the log ({exc.strerror})") from None
            if head and head != SQLITE_HEADER:
                raise StorageError(
                    f"{path}: not a runstrength log (not an SQLite database); "
                    "it was left as it is: move it away to start a new log"
                )
        else:
            try:
                path.parent.mkdir(parents=True, exist_ok=True)
            except OSError as exc:
                raise StorageError(f"{path.parent}: cannot create the folder ({exc})") from None
        try:
            conn = sqlite3.connect(path, timeout=BUSY_TIMEOUT_S, isolation_level=None)
        except sqlite3.Error as exc:
            raise StorageError(f"{path}: cannot open the log ({exc})") from None
        conn.row_factory = sqlite3.Row
        try:
            conn.execute(f"PRAGMA busy_timeout = {int(BUSY_TIMEOUT_S * 1000)}")
            # Read before anything writes: a damaged or foreign file fails here, untouched.
            names = {r[0] for r in conn.execute("SELECT name FROM sqlite_master")}
            if names and MIGRATIONS_TABLE not in names:
                raise StorageError(
                    f"{path}: an SQLite database, but not a runstrength log; "
                    "it was left as it is: move it away to start a new log"
                )
            check_not_newer(conn, str(path))
            conn.execute("PRAGMA journal_mode = WAL")
            conn.execute("PRAGMA synchronous = FULL")
            conn.execute("PRAGMA foreign_keys = ON")
            migrate(conn, str(path))
        except RunstrengthError:
            conn.close()
            raise
        except sqlite3.OperationalError as exc:
            conn.close()
            if "locked" in str(exc) or "busy" in str(exc):
                raise _Busy(str(path)) from None
            raise StorageError(f"{path}: cannot open the log ({exc})") from None
        except sqlite3.DatabaseError as exc:
            conn.close()
            raise StorageError(
                f"{path}: not a readable runstrength log ({exc}); it was left as it is"
            ) from None
        return conn

    def close(self) -> None:
        """Close the database connection."""
        self._conn.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @contextmanager
    def _write(self) -> Iterator[sqlite3.Connection]:
        conn = self._conn
        conn.execute("BEGIN IMMEDIATE")
        try:
            yield conn
        except BaseException:
            conn.execute("ROLLBACK")
            raise
        conn.execute("COMMIT")

    @contextmanager
    def _read(self) -> Iterator[sqlite3.Connection]:
        conn = self._conn
        conn.execute("BEGIN")
        try:
            yield conn
        finally:
            conn.execute("COMMIT")
