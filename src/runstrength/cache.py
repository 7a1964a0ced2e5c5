"""A start-up cache for the parsed catalog and rules.

Parsing YAML and validating ~60 catalog entries costs more than everything else a
`runstrength plan` does, and the files rarely change. The validated objects are pickled
into the cache folder under a key made of the package version, the size and modification
time of every module of the package, and each source file's path, size and modification
time; any change, or any unreadable cache, rebuilds it.
The cache lives in the user's own data folder, so it is trusted like their own files.
"""

from __future__ import annotations

import functools
import hashlib
import os
import pickle
import tempfile
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TypeVar

T = TypeVar("T")


def _key(name: str, sources: Sequence[Path]) -> str:
    from runstrength import __version__

    parts = [name, __version__, _code_stamp()]
    for path in sources:
        try:
            st = path.stat()
        except OSError:
            return ""  # a missing file is the builder's error to report
        parts.append(f"{path.resolve()}:{st.st_size}:{st.st_mtime_ns}")
    return hashlib.sha256("\0".join(parts).encode()).hexdigest()[:32]


@functools.cache
def _code_stamp() -> str:
    """Path, size and mtime of every module of the package: any code change is a new key.

    The pickles hold instances of the package's classes, built by its loaders and checks;
    listing files by hand would miss the one that changed (`catalog.py`'s checks, say).
    """
    package = Path(__file__).resolve().parent
    stamps = []
    for path in sorted(package.rglob("*.py")):
        try:
            st = path.stat()
        except OSError:
            continue
        stamps.append(f"{path.relative_to(package)}:{st.st_size}:{st.st_mtime_ns}")
    return "\n".join(stamps)


def cached(name: str, sources: Sequence[Path], build: Callable[[], T], folder: Path | None) -> T:
    """`build()`, or its pickled result when `sources` have not changed since."""
    key = _key(name, sources)
    if folder is None or not key:
        return build()
    path = folder / f"{name}-{key}.pickle"
    try:
        with path.open("rb") as handle:
            return pickle.load(handle)  # type: ignore[no-any-return]
    except Exception:
        pass
    value = build()
    try:
        folder.mkdir(parents=True, exist_ok=True)
        for old in folder.glob(f"{name}-*.pickle"):
            old.unlink(missing_ok=True)
        fd, tmp = tempfile.mkstemp(dir=folder, suffix=".tmp")
    except OSError:
        return value  # a read-only home just means no cache
    try:
        with os.fdopen(fd, "wb") as handle:
            pickle.dump(value, handle, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, path)
    except Exception:
        Path(tmp).unlink(missing_ok=True)
    return value
