"""Files in and out, safely: atomic output to regular files only, bounded input.

`atomic_write` writes through a temp file in the target's folder and a rename, so a reader
never sees half a file, and a failure (full disk, read-only folder, SIGTERM) leaves the old
file as it was and no temp file behind. It writes regular files only: a device (`/dev/null`),
a FIFO, a socket or a folder is refused rather than replaced, and so is the training log
(`log.db` and its `-wal`/`-shm`/`-journal`), compared by inode, not by name.
`stage_write` and `commit_staged` are its two halves, for a run of many files whose bytes
are made elsewhere (a roster: staged by the worker that made the plan, committed by the
main process). `read_bounded` is the matching reader for untrusted input files (rosters,
imports).
Every problem is a one-line WriteError or InvalidInput.
"""

from __future__ import annotations

import contextlib
import errno
import functools
import os
import signal
import stat
import threading
from collections.abc import Callable, Iterator
from pathlib import Path

from runstrength.errors import InvalidInput, WriteError
from runstrength.text import printable

# The log database and the files SQLite keeps beside it; `-o` must never replace them.
LOG_SIDE_FILES = ("", "-wal", "-shm", "-journal")
_TEMP_NAME_ROOM = 100  # characters of the target's name kept in the temp file's name


def _kind(mode: int) -> str:
    if stat.S_ISDIR(mode):
        return "a directory"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISFIFO(mode):
        return "a FIFO (named pipe)"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "not a regular file"


def protected_files() -> list[Path]:
    """The files `-o` may never overwrite: the log database and its SQLite side files."""
    from runstrength.paths import log_file

    try:
        log = log_file()
    except Exception:  # an unusable $RUNSTRENGTH_HOME is the log's to report, not ours
        return []
    return [log.with_name(log.name + side) for side in LOG_SIDE_FILES]


class Guard:
    """The files no write may replace (`protected_files`), looked up once: their resolved
    paths and their (device, inode). A single `-o` write makes its own; a run that writes
    thousands of files (a roster) makes one and passes it to every write, which spares
    some 50 path lookups per file (issue 14: they were half the roster's write time).
    The umask is read once here too, on the calling thread: reading it means setting it,
    which must not happen while another thread creates a file.
    """

    def __init__(self) -> None:
        self.paths: dict[str, Path] = {}
        self.inodes: dict[tuple[int, int], Path] = {}
        for guarded in protected_files():
            with contextlib.suppress(OSError):
                self.paths[os.path.realpath(guarded)] = guarded
            with contextlib.suppress(OSError):
                st = os.stat(guarded)
                self.inodes[(st.st_dev, st.st_ino)] = guarded
        self.umask = _umask()
        self._folders: dict[str, str] = {}

    def resolved(self, path: Path) -> str:
        """`os.path.realpath(path)`, with the real path of each folder looked up once."""
        if os.path.islink(path):
            return os.path.realpath(path)
        head, tail = os.path.split(os.fspath(path))
        head = head or os.curdir
        folder = self._folders.get(head)
        if folder is None:
            folder = self._folders[head] = os.path.realpath(head)
        return os.path.join(folder, tail)

    def protects(self, resolved: str, target_stat: os.stat_result | None) -> Path | None:
        """The protected file the target is (by resolved path or by inode), or None."""
        found = self.paths.get(resolved)
        if found is None and target_stat is not None:
            found = self.inodes.get((target_stat.st_dev, target_stat.st_ino))
        return found


def _write_problem(name: str, exc: OSError) -> WriteError:
    reason = exc.strerror or str(exc)
    if exc.errno in (errno.ENOSPC, errno.EDQUOT):  # said as the log says it (log/sqlerrors)
        return WriteError(
            f"{printable(name)}: disk full while writing it (no space left on the disk); "
            "nothing was changed"
        )
    if exc.errno == errno.EROFS:
        reason = "the file system is read-only"
    elif exc.errno == errno.ENAMETOOLONG:
        reason = "the file name is too long"
    elif exc.errno in (errno.EACCES, errno.EPERM):
        reason = "permission denied"
    return WriteError(f"{printable(name)}: cannot write it ({reason}); nothing was changed")


def check_writable(path: Path, shown: str | None = None, guard: Guard | None = None) -> Path:
    """The folder `path` would be written into; WriteError (named `shown`) if it cannot be.

    A symlink to a regular file is followed: the file it points to is replaced (like
    `cp` or a shell's `>`), and the link stays. Anything but a regular file is refused.
    `guard` is the run's `Guard`, when it writes many files.
    """
    name = printable(str(path) if shown is None else shown)
    try:
        st: os.stat_result | None = os.stat(path)  # follows symlinks: the real target
    except FileNotFoundError:
        st = None
    except OSError as exc:
        raise _write_problem(name, exc) from None
    if st is not None and stat.S_ISDIR(st.st_mode):
        raise WriteError(f"{name}: is a directory; give a file name")
    if st is not None and not stat.S_ISREG(st.st_mode):
        raise WriteError(f"{name}: is {_kind(st.st_mode)}; -o writes regular files only")
    guard = Guard() if guard is None else guard
    resolved = guard.resolved(path)
    if _special(os.path.abspath(path), resolved):
        raise WriteError(
            f"{name}: is a special file (/dev, /proc); -o writes regular files only, "
            "leave out -o to write to stdout"
        )
    guarded = guard.protects(resolved, st)
    if guarded is not None:
        raise WriteError(
            f"{name}: is the training log ({printable(guarded)}); "
            "choose another file (`runstrength log export` makes a copy)"
        )
    target = _target(path)
    folder = target.parent if str(target.parent) else Path(".")
    if not folder.is_dir():
        raise WriteError(f"{name}: folder {printable(folder)} does not exist")
    return folder


def special_place(path: Path) -> bool:
    """A name under /dev or /proc (`/dev/stdout`, `/proc/self/fd/1`), as given or resolved:
    its link leads to whatever file descriptor 1 is, never a file to replace."""
    return _special(os.path.abspath(path), os.path.realpath(path))


def _special(*places: str) -> bool:
    return any(p == root or p.startswith(root + os.sep) for p in places for root in _SPECIAL)


def check_out_dir_place(out_dir: Path, what: str) -> None:
    """`--out-dir` under /dev or /proc is refused before anything is made there, naming
    the flag (`plan` and `roster` both write folders of files; `what` says of what)."""
    if special_place(out_dir):
        raise WriteError(
            f"--out-dir {printable(str(out_dir))}: is under /dev or /proc; write the {what} "
            "into a folder of your own"
        )


_SPECIAL = ("/dev", "/proc")


def _target(path: Path) -> Path:
    """Where a write to `path` lands: through any symlinks (a dangling one is created)."""
    return Path(os.path.realpath(path)) if os.path.islink(path) else path


def atomic_write(
    path: Path, data: str | bytes, shown: str | None = None, guard: Guard | None = None
) -> None:
    """Write `data` to `path` through a temp file in the same folder and a rename.

    `shown` is how a problem names the file (default: the path itself); `guard` is the
    run's `Guard` when it writes many files. An existing file keeps its permission bits
    (a 0600 plan stays private); a new one gets 0666 & ~umask. Any OSError becomes a
    one-line WriteError and leaves the old file and no temp file.
    """
    name = str(path) if shown is None else shown
    guard = Guard() if guard is None else guard
    folder = check_writable(path, shown, guard)
    target = _target(path)
    payload = data.encode("utf-8") if isinstance(data, str) else data
    old = _stat_or_none(target)
    fd, tmp = _temp_beside(target, folder, name, ".tmp")
    removed = functools.partial(Path(tmp).unlink, missing_ok=True)
    try:
        with cleanup_on_signal(removed), os.fdopen(fd, "wb") as handle:
            handle.write(payload)
            handle.flush()
            os.fsync(handle.fileno())
            _keep_mode(handle.fileno(), old, guard)
            handle.close()
            check_writable(path, shown, guard)  # it may have become a FIFO or the log
            os.replace(tmp, target)
    except OSError as exc:
        removed()
        raise _write_problem(name, exc) from None
    except BaseException:
        removed()
        raise


def stage_write(path: Path, data: bytes, tag: str, guard: Guard) -> str:
    """The first half of `atomic_write`, for a run that writes many files: `data` in a temp
    file beside `path`, neither synced nor renamed yet; its path is returned.

    `commit_staged` finishes it (another process may: a roster's workers stage, its main
    process commits). `tag` marks the temp file's name as this run's, so `remove_staged`
    can remove what a stopped run leaves. A problem is a one-line WriteError, as
    `atomic_write` says it, and leaves no temp file.
    """
    name = str(path)
    folder = check_writable(path, None, guard)
    fd, tmp = _temp_beside(_target(path), folder, name, f".{tag}.tmp")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
    except BaseException as exc:
        Path(tmp).unlink(missing_ok=True)
        if isinstance(exc, OSError):
            raise _write_problem(name, exc) from None
        raise
    return tmp


def commit_staged(tmp: str, path: Path, guard: Guard) -> None:
    """Sync the temp file `stage_write` made, give it the permission bits `atomic_write`
    would, and rename it over `path` (a rename the file system makes atomic: a reader
    sees the old file or the whole new one). A problem is a one-line WriteError, and the
    temp file is removed."""
    target = _target(path)
    try:
        # Read-only: the file is written; fsync and fchmod need no more (and the bits it
        # gets may be a read-only file's).
        fd = os.open(tmp, os.O_RDONLY | getattr(os, "O_CLOEXEC", 0))
        try:
            os.fsync(fd)  # the data is on the disk before its name is
            _keep_mode(fd, _stat_or_none(target), guard)
        finally:
            os.close(fd)
        check_writable(path, None, guard)  # it may have become a FIFO or the log
        os.replace(tmp, target)
    except BaseException as exc:
        Path(tmp).unlink(missing_ok=True)
        if isinstance(exc, OSError):
            raise _write_problem(str(path), exc) from None
        raise


def remove_staged(folder: Path, tag: str) -> None:
    """Remove the temp files of the run marked `tag` that are still in `folder` (staged,
    never committed: the run stopped)."""
    end = f".{tag}.tmp"
    with contextlib.suppress(OSError):
        for entry in os.scandir(folder):
            if entry.name.startswith(".") and entry.name.endswith(end):
                with contextlib.suppress(FileNotFoundError):
                    os.unlink(entry.path)


def _stat_or_none(target: Path) -> os.stat_result | None:
    """The file a write will replace, or None if there is none."""
    try:
        return os.stat(target)
    except OSError:
        return None


def _temp_beside(target: Path, folder: Path, name: str, suffix: str) -> tuple[int, str]:
    """A new temp file (0600) for `target` in `folder`: its descriptor and path."""
    import tempfile  # here: printing to stdout needs none of it

    try:
        return tempfile.mkstemp(
            prefix=f".{target.name[:_TEMP_NAME_ROOM]}.", suffix=suffix, dir=folder
        )
    except OSError as exc:
        raise _write_problem(name, exc) from None


def _keep_mode(fd: int, old: os.stat_result | None, guard: Guard) -> None:
    """The temp file's permission bits: the old file's (a 0600 plan stays private) or
    0666 & ~umask, and as root the old file's owner."""
    os.fchmod(fd, (old.st_mode & 0o777) if old is not None else (0o666 & ~guard.umask))
    if old is not None and os.geteuid() == 0:
        with contextlib.suppress(OSError):
            os.fchown(fd, old.st_uid, old.st_gid)


_HANDLED_SIGNALS = tuple(
    getattr(signal, name) for name in ("SIGTERM", "SIGHUP") if hasattr(signal, name)
)


@contextlib.contextmanager
def cleanup_on_signal(cleanup: Callable[[], None]) -> Iterator[None]:
    """While the block runs, SIGTERM/SIGHUP first call `cleanup`, then end the process as
    the signal would have (its default action, so the exit status still says so).

    Python runs handlers on the main thread only, so elsewhere this does nothing; and a
    handler already installed (an outer block's, the embedding program's) stays in charge.
    """
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    installed: list[int] = []
    handler = cleanup_then_default(cleanup)
    for sig in _HANDLED_SIGNALS:
        if signal.getsignal(sig) in (signal.SIG_DFL, None):
            installed.append(sig)
            signal.signal(sig, handler)
    try:
        yield
    finally:
        for sig in installed:
            signal.signal(sig, signal.SIG_DFL)


def cleanup_then_default(cleanup: Callable[[], None]) -> Callable[[int, object], None]:
    """A signal handler that calls `cleanup`, then ends the process as the signal would
    have (its default action, so the exit status still says so)."""

    def handler(signum: int, frame: object) -> None:
        cleanup()
        signal.signal(signum, signal.SIG_DFL)
        os.kill(os.getpid(), signum)

    return handler


def _umask() -> int:
    current = os.umask(0)
    os.umask(current)
    return current


def read_bounded(path: Path, limit: int, what: str, *, shown: str | None = None) -> bytes:
    """The bytes of a regular file of at most `limit` bytes, or a one-line InvalidInput.

    `what` names the file's role in messages ("roster", "import file"). A device, FIFO,
    socket or folder (`/dev/zero`, `<(cmd)`) is refused before anything is read, and the
    read stops at `limit + 1` bytes, so a file that grows while read cannot exhaust memory.
    """
    name = printable(str(path) if shown is None else shown)
    try:
        # O_NONBLOCK: opening a FIFO with no writer would otherwise wait for ever.
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0))
        with os.fdopen(fd, "rb") as handle:
            st = os.fstat(fd)
            if not stat.S_ISREG(st.st_mode):
                raise InvalidInput(f"{name}: is {_kind(st.st_mode)}; give the {what} as a file")
            if st.st_size > limit:
                raise InvalidInput(_too_large(name, what, limit))
            data = handle.read(limit + 1)
    except FileNotFoundError:
        raise InvalidInput(f"{name}: no such file") from None
    except IsADirectoryError:
        raise InvalidInput(f"{name}: is a directory; give the {what} as a file") from None
    except OSError as exc:
        raise InvalidInput(f"{name}: cannot read it ({exc.strerror})") from None
    if len(data) > limit:
        raise InvalidInput(_too_large(name, what, limit))
    return data


def _too_large(name: str, what: str, limit: int) -> str:
    size = f"{limit // (1024 * 1024)} MB" if limit >= 1024 * 1024 else f"{limit} bytes"
    return f"{name}: too large for a {what} (the limit is {size})"
