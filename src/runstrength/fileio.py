"""Atomic file output: a reader never sees half a file, a crash never leaves one."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from runstrength.errors import WriteError


def check_writable(path: Path, shown: str | None = None) -> Path:
    """The folder `path` would be written into; WriteError (named `shown`) if it cannot be."""
    name = str(path) if shown is None else shown
    if path.is_dir():
        raise WriteError(f"{name}: is a directory; give a file name")
    folder = path.parent if str(path.parent) else Path(".")
    if not folder.is_dir():
        raise WriteError(f"{name}: folder {folder} does not exist")
    return folder


def atomic_write(path: Path, data: str | bytes, shown: str | None = None) -> None:
    """Write `data` to `path` through a temp file in the same folder and a rename.

    `shown` is how a problem names the file (default: the path itself).
    """
    folder = check_writable(path, shown)
    payload = data.encode("utf-8") if isinstance(data, str) else data
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=folder)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(payload)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp, 0o666 & ~_umask())  # mkstemp makes 0600; a plan is an ordinary file
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _umask() -> int:
    current = os.umask(0)
    os.umask(current)
    return current
