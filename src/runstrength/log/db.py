"""The log's database: open, check, migrate, and one transaction at a time.

Nothing a user logs may be lost: WAL with `synchronous=FULL`, one `BEGIN IMMEDIATE`
transaction per write, a busy timeout so two processes can log at once, and a file that is
not a runstrength log (or is corrupt) is refused and never written to. `Database` is the
base of the `SessionLog` parts (sessions, history, saved, transfer).

A log the user cannot write (a read-only file, folder or mount) is opened read-only
(`mode=ro`, nothing written, not even the WAL): every read works, every write is refused
with one line saying so. An SQLite file that holds anything but a runstrength log (tables,
an application id or a user version of its own, or runstrength's tables next to foreign
ones) is refused and left as it is; an empty file (0 bytes, or an SQLite header and
nothing else, as a crash during the very first open leaves it) is set up as a new log.
"""

import functools
import os
import sqlite3
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import ParamSpec, Self, TypeVar

from runstrength.errors import RunstrengthError, StorageError
from runstrength.log.migrations import TABLE as MIGRATIONS_TABLE
from runstrength.log.migrations import applied, check_not_newer, known_names, migrate

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
        except sqlite3.IntegrityError as exc:
            where = args[0].path if args and isinstance(args[0], Database) else "log"
            raise StorageError(f"{where}: refused ({exc}); nothing was written") from None
        except sqlite3.DatabaseError as exc:
            where = args[0].path if args and isinstance(args[0], Database) else "log"
            raise StorageError(
                f"{where}: the log database is damaged ({exc}); it was left as it is"
            ) from None

    return wrapper


class _Busy(StorageError):
    """Opening found the log locked by another process; Database retries."""


def writable(path: Path) -> bool:
    """Whether this process may write the log and the WAL files next to it."""
    folder = path.parent
    if path.exists() and not os.access(path, os.W_OK):
        return False
    return not folder.exists() or os.access(folder, os.W_OK)


@functools.cache
def runstrength_tables() -> frozenset[str]:
    """The tables every migration this version knows creates (read off a memory database)."""
    conn = sqlite3.connect(":memory:", isolation_level=None)
    try:
        migrate(conn)
        return frozenset(r[0] for r in conn.execute("SELECT name FROM sqlite_master"))
    finally:
        conn.close()


def _foreign(conn: sqlite3.Connection, path: Path) -> None:
    """Refuse an SQLite file that holds anything that is not a runstrength log."""
    names = {r[0] for r in conn.execute("SELECT name FROM sqlite_master")}
    stamps = (
        conn.execute("PRAGMA application_id").fetchone()[0]
        or conn.execute("PRAGMA user_version").fetchone()[0]
    )
    if (names and MIGRATIONS_TABLE not in names) or (not names and stamps):
        raise StorageError(
            f"{path}: an SQLite database, but not a runstrength log; "
            "it was left as it is: move it away to start a new log"
        )
    if names:
        check_not_newer(conn, str(path))  # a newer version's tables are its own
        others = sorted(n for n in names - runstrength_tables() if not n.startswith("sqlite_"))
        if others:
            raise StorageError(
                f"{path}: an SQLite database with tables that are not a runstrength log's "
                f"({', '.join(others[:3])}); it was left as it is: move it away"
            )


class Database:
    """The training log database at `path`: open, check, migrate; close on exit."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.read_only = path.exists() and not writable(path)
        # SQLite answers some lock conflicts while a new log is set up (switching to WAL,
        # migrating) with an immediate "locked" rather than waiting on the busy timeout, so
        # two processes opening a fresh log at once retry here for the same timeout.
        deadline = time.monotonic() + BUSY_TIMEOUT_S
        while True:
            try:
                self._conn = self._open_read_only(path) if self.read_only else self._open(path)
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
            if path.parent.is_dir() and not writable(path):
                raise StorageError(
                    f"{read_only_message(path)}: there is no log yet, and its folder "
                    "cannot be written to make one"
                )
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
            _foreign(conn, path)
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

    @staticmethod
    def _open_read_only(path: Path) -> sqlite3.Connection:
        """Open a log this process cannot write: `mode=ro`, and `immutable` where even the
        WAL index cannot be made (a read-only mount, where nobody can write)."""
        from urllib.parse import quote

        uri = f"file:{quote(str(path.resolve()))}?mode=ro"
        last: sqlite3.Error | None = None
        for extra in ("", "&immutable=1"):
            try:
                conn = sqlite3.connect(
                    uri + extra, uri=True, timeout=BUSY_TIMEOUT_S, isolation_level=None
                )
            except sqlite3.Error as exc:
                last = exc
                continue
            conn.row_factory = sqlite3.Row
            try:
                conn.execute(f"PRAGMA busy_timeout = {int(BUSY_TIMEOUT_S * 1000)}")
                _foreign(conn, path)
                pending = [n for n in known_names() if n not in applied(conn)]
            except RunstrengthError:
                conn.close()
                raise
            except sqlite3.OperationalError as exc:
                conn.close()
                last = exc
                continue
            except sqlite3.DatabaseError as exc:
                conn.close()
                raise StorageError(
                    f"{path}: not a readable runstrength log ({exc}); it was left as it is"
                ) from None
            if pending:
                conn.close()
                why = "it needs an upgrade" if len(pending) < len(known_names()) else "it is empty"
                raise StorageError(
                    f"{read_only_message(path)}: {why}, which this runstrength would have to "
                    "write (make it writable once)"
                )
            return conn
        raise StorageError(f"{read_only_message(path)}: cannot open it ({last})")

    def close(self) -> None:
        """Close the database connection."""
        self._conn.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _check_writable(self) -> None:
        if self.read_only:
            raise StorageError(
                f"{read_only_message(self.path)}: this command writes to it; "
                "reading commands (next, history, plan, log list, log export) still work"
            )

    @contextmanager
    def _write(self) -> Iterator[sqlite3.Connection]:
        """One write transaction (`BEGIN IMMEDIATE`); inside `transaction()` it joins that."""
        self._check_writable()
        conn = self._conn
        if conn.in_transaction:
            yield conn
            return
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
        if conn.in_transaction:  # inside transaction(): read what it sees
            yield conn
            return
        conn.execute("BEGIN")
        try:
            yield conn
        finally:
            conn.execute("COMMIT")

    @contextmanager
    def transaction(self) -> Iterator[None]:
        """A read-modify-write as one `BEGIN IMMEDIATE` transaction: every read and write
        of this log inside it sees and changes one state, and no other process writes
        between them (`profile set`, `plan --save`). All or nothing."""
        with translated_block(self.path), self._write():
            yield

    @contextmanager
    def tentative(self) -> Iterator[None]:
        """Writes inside are seen by reads inside, then rolled back (nothing is kept)."""
        self._check_writable()
        with translated_block(self.path):
            conn = self._conn
            conn.execute("BEGIN IMMEDIATE")
            try:
                yield
            finally:
                conn.execute("ROLLBACK")


def read_only_message(path: Path) -> str:
    """How a refused write names the log."""
    return f"the training log at {path} is read-only"


@contextmanager
def translated_block(path: Path) -> Iterator[None]:
    """`translated` for a block: sqlite3 errors become one StorageError line naming `path`."""
    try:
        yield
    except RunstrengthError:
        raise
    except sqlite3.OperationalError as exc:
        if "locked" in str(exc) or "busy" in str(exc):
            raise StorageError(
                f"{path}: the log is busy (another runstrength is writing); try again"
            ) from None
        raise StorageError(f"{path}: {exc}") from None
    except sqlite3.IntegrityError as exc:
        raise StorageError(f"{path}: refused ({exc}); nothing was written") from None
    except sqlite3.DatabaseError as exc:
        raise StorageError(
            f"{path}: the log database is damaged ({exc}); it was left as it is"
        ) from None
