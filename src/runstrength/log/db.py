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

A log that does not exist yet is not created by opening it: until the first write, reads
see an empty log (a migrated in-memory database), so `next`, `history` or `log export` on a
fresh data folder leave it as it was. The first write creates the folder and the file.

A write the disk has no room for (SQLITE_FULL, or an I/O error with the disk all but
full, as when the WAL index cannot grow) is refused with one line naming the file; the
transaction is rolled back, so everything logged before stays.
"""

import datetime as dt
import functools
import os
import sqlite3
import stat
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Self

from runstrength.errors import RunstrengthError, StorageError
from runstrength.log.migrations import (
    MIGRATIONS,
    check_not_newer,
    known_names,
    migrate,
    pending,
)
from runstrength.log.migrations import TABLE as MIGRATIONS_TABLE
from runstrength.log.sqlerrors import disk_full, full_message, translated_block
from runstrength.log.sqlerrors import translated as translated  # re-exported

SQLITE_HEADER = b"SQLite format 3\x00"
BUSY_TIMEOUT_S = 5.0


class _Busy(StorageError):
    """Opening found the log locked by another process; Database retries."""


def writable(path: Path) -> bool:
    """Whether this process may write the log and the WAL files next to it."""
    folder = path.parent
    if path.exists() and not os.access(path, os.W_OK):
        return False
    return not folder.exists() or os.access(folder, os.W_OK)


def no_log_yet(path: Path) -> bool:
    """No log file at `path`, or an empty one (0 bytes: a first open that could not write,
    e.g. on a full disk); a dangling symlink is a log to create through it."""
    try:
        st = os.stat(path)
    except FileNotFoundError:
        return not os.path.islink(path)
    except OSError:
        return False  # opening it says what is wrong
    return stat.S_ISREG(st.st_mode) and st.st_size == 0


def _has_wal(path: Path) -> bool:
    """Whether the log's write-ahead file holds anything."""
    try:
        return os.stat(f"{path}-wal").st_size > 0
    except OSError:
        return False


def _not_special(path: Path) -> None:
    """Refuse a FIFO, socket or device where the log should be: reading its header, or
    SQLite's open, would wait for ever for a FIFO's writer (`log list` hung)."""
    try:
        mode = os.stat(path).st_mode
    except OSError:
        return  # absent (a log to create) or unreadable: opening it says what is wrong
    if not (stat.S_ISREG(mode) or stat.S_ISDIR(mode)):
        raise StorageError(f"{path}: is not a regular file, so not a log; move it away")


@functools.cache
def runstrength_tables() -> frozenset[str]:
    """The tables and indexes any migration this version knows creates, those a later one
    drops included: a log last opened by an older version still holds them (read off a
    memory database, one migration at a time)."""
    conn = sqlite3.connect(":memory:", isolation_level=None)
    names = {MIGRATIONS_TABLE}
    try:
        for step in MIGRATIONS:
            step(conn)
            names.update(r[0] for r in conn.execute("SELECT name FROM sqlite_master"))
        return frozenset(names)
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


class _Full(StorageError):
    """Opening found no room on the disk for the WAL files; Database opens read-only."""


def whole(conn: sqlite3.Connection, path: Path) -> None:
    """Refuse to write into a damaged log: SQLite's quick check of every page (a few ms
    for years of training, ~75 ms for 20,000 sessions), before a process's first write
    and before a migration. Writing into a damaged B-tree can spread the damage, and the
    write itself may report success (reliability re-check N3)."""
    try:
        rows = [str(r[0]) for r in conn.execute("PRAGMA quick_check(3)")]
    except sqlite3.DatabaseError as exc:  # a page too damaged to walk: that is the answer
        rows = [str(exc)]
    if rows != ["ok"]:
        # the first line that says what is wrong, not SQLite's "*** in database main ***"
        said = next((r for r in rows if not r.startswith("***")), rows[0])
        raise StorageError(
            f"{path}: the log database is damaged ({said.splitlines()[0][:80]}); nothing was "
            "written. Keep a copy of the file; `runstrength log export --format csv` may "
            "still save what can be read"
        )


def empty_log() -> sqlite3.Connection:
    """A new, migrated log in memory: what reads see before the first write creates one."""
    conn = sqlite3.connect(":memory:", isolation_level=None)
    conn.row_factory = sqlite3.Row
    conn.execute("PRAGMA foreign_keys = ON")
    migrate(conn)
    return conn


class Database:
    """The training log database at `path`: open, check, migrate; close on exit.

    Opening creates nothing: a log that does not exist yet is read as an empty one (in
    memory) until the first write (`_write`, `transaction`) creates the file.
    """

    def __init__(self, path: Path) -> None:
        self.path = path
        self.read_only = path.exists() and not writable(path)
        self._refusal: str | None = None  # why writes are refused, when not read-only
        self._absent = no_log_yet(path)
        self._whole = False  # checked whole (`whole`) before this process's first write
        self._conn = empty_log() if self._absent else self._connect()

    def _connect(self) -> sqlite3.Connection:
        """The connection to the log file (created if missing), retrying while busy."""
        # SQLite answers some lock conflicts while a new log is set up (switching to WAL,
        # migrating) with an immediate "locked" rather than waiting on the busy timeout, so
        # two processes opening a fresh log at once retry here for the same timeout.
        deadline = time.monotonic() + BUSY_TIMEOUT_S
        while True:
            try:
                if self.read_only:
                    return self._open_read_only(self.path)
                return self._open(self.path)
            except _Busy:
                if time.monotonic() > deadline:
                    raise StorageError(
                        f"{self.path}: the log is busy (another runstrength is writing); try again"
                    ) from None
                time.sleep(0.02)
            except _Full as full:
                if self._absent:
                    raise
                # The log is there but the disk has no room for its WAL index: read it
                # as it is, and refuse writes with the disk-full message.
                self.read_only, self._refusal = True, str(full)
            except StorageError:
                if self._refusal is None:
                    raise
                # Not readable as it is either (a first set-up cut short): the disk is
                # what is wrong, so say that.
                raise StorageError(self._refusal) from None

    def _file(self) -> sqlite3.Connection:
        """The connection to the log file, creating it now if it did not exist yet (or
        switching to it when another process created it meanwhile)."""
        if self._absent:
            conn = self._connect()
            self._conn.close()
            self._conn, self._absent = conn, False
        return self._conn

    # ---- lifecycle

    @staticmethod
    def _open(path: Path) -> sqlite3.Connection:
        if path.is_dir():
            raise StorageError(f"{path}: is a folder, not a log file")
        _not_special(path)
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
                _new_private(path)
            except OSError as exc:
                if disk_full(exc, path):
                    raise _Full(full_message(path)) from None
                raise StorageError(f"{path.parent}: cannot create the folder ({exc})") from None
        try:
            conn = sqlite3.connect(path, timeout=BUSY_TIMEOUT_S, isolation_level=None)
        except sqlite3.Error as exc:
            if disk_full(exc, path):
                raise _Full(full_message(path)) from None
            raise StorageError(f"{path}: cannot open the log ({exc})") from None
        conn.row_factory = sqlite3.Row
        try:
            conn.execute(f"PRAGMA busy_timeout = {int(BUSY_TIMEOUT_S * 1000)}")
            # Read before anything writes: a damaged or foreign file fails here, untouched.
            _foreign(conn, path)
            conn.execute("PRAGMA journal_mode = WAL")
            conn.execute("PRAGMA synchronous = FULL")
            conn.execute("PRAGMA foreign_keys = ON")
            if pending(conn):
                whole(conn, path)  # a migration writes: never into a damaged file
            migrate(conn, str(path))
        except RunstrengthError:
            conn.close()
            raise
        except sqlite3.OperationalError as exc:
            conn.close()
            if "locked" in str(exc) or "busy" in str(exc):
                raise _Busy(str(path)) from None
            if disk_full(exc, path):
                raise _Full(full_message(path)) from None
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

        _not_special(path)
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
            if extra and _has_wal(path):
                # immutable reads the main file only: what the -wal file holds (the newest
                # sessions, or all of a new log) would be missing: "The log is empty."
                conn.close()
                raise StorageError(
                    f"{read_only_message(path)}: its newest changes are in {path.name}-wal, "
                    "which cannot be read where nothing can be written; copy the folder "
                    "somewhere writable (or set RUNSTRENGTH_HOME there)"
                )
            conn.row_factory = sqlite3.Row
            try:
                conn.execute(f"PRAGMA busy_timeout = {int(BUSY_TIMEOUT_S * 1000)}")
                _foreign(conn, path)
                missing = pending(conn)
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
            if missing:
                conn.close()
                why = "it needs an upgrade" if len(missing) < len(known_names()) else "it is empty"
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
        if self._refusal is not None:
            raise StorageError(self._refusal)
        if self.read_only:
            raise StorageError(
                f"{read_only_message(self.path)}: this command writes to it; "
                "reading commands (next, history, plan, log list, log export) still work"
            )

    @contextmanager
    def _write(self) -> Iterator[sqlite3.Connection]:
        """One write transaction (`BEGIN IMMEDIATE`); inside `transaction()` it joins that.
        The first write to a log that does not exist yet creates it. An sqlite3 error in it
        is one StorageError line (`_read`)."""
        self._check_writable()
        with translated_block(self.path):
            conn = self._conn
            if conn.in_transaction:
                yield conn
                return
            conn = self._file()
            if not self._whole:
                whole(conn, self.path)  # the first write of this process: never into a
                self._whole = True  # damaged file, where it would spread the damage
            conn.execute("BEGIN IMMEDIATE")
            try:
                yield conn
            except BaseException:
                # SQLite may have rolled back already (SQLITE_FULL ends the transaction): a
                # second ROLLBACK would hide the real error behind "no transaction is
                # active".
                if conn.in_transaction:
                    conn.execute("ROLLBACK")
                raise
            try:
                conn.execute("COMMIT")
            except sqlite3.Error:
                # A COMMIT refused (disk full) leaves the transaction open: end it here.
                if conn.in_transaction:
                    conn.execute("ROLLBACK")
                raise

    @contextmanager
    def _read(self) -> Iterator[sqlite3.Connection]:
        """One read transaction; an sqlite3 error in it (a damaged page of a table only some
        commands read) is one StorageError line, whoever runs the SQL (reliability
        re-check N2: the pain tables' reads were a traceback)."""
        with translated_block(self.path, reading=True):
            conn = self._conn
            if conn.in_transaction:  # inside transaction(): read what it sees
                yield conn
                return
            if self._absent and not no_log_yet(self.path):
                conn = self._file()  # another process created the log meanwhile
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
                if conn.in_transaction:
                    conn.execute("ROLLBACK")


def read_only_message(path: Path) -> str:
    """How a refused write names the log."""
    return f"the training log at {path} is read-only"


def where_clause(*conditions: tuple[str, object]) -> tuple[str, list[Any]]:
    """`WHERE a AND b` and its parameters from (SQL with one `?`, value) pairs; a pair
    whose value is None is left out, and a date is passed as its ISO text.

    >>> where_clause(("date >= ?", dt.date(2026, 1, 5)), ("plan_id = ?", None))
    ('WHERE date >= ?', ['2026-01-05'])
    """
    used = [(sql, value) for sql, value in conditions if value is not None]
    clause = f"WHERE {' AND '.join(sql for sql, _ in used)}" if used else ""
    return clause, [v.isoformat() if isinstance(v, dt.date) else v for _, v in used]


def _new_private(path: Path) -> None:
    """The log's folder and an empty log file, both the runner's alone (0700, 0600) when
    they are made here, whatever the umask: the log holds pain reports and the folder the
    start-up cache (the reliability review's S2 re-check: `umask 000` left both open to
    every local user). SQLite gives its -wal and -shm files the log's own permissions."""
    folder = path.parent
    made = not folder.exists()
    folder.mkdir(parents=True, exist_ok=True)
    if made:
        os.chmod(folder, 0o700)
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return  # another process made it meanwhile
    os.close(fd)
