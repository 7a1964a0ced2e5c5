"""A start-up cache for the parsed catalog and rules: plain JSON, never code.

Parsing YAML and validating ~60 catalog entries costs more than everything else a
`runstrength plan` does, and the files rarely change. The validated objects are stored
as JSON in the cache folder under a key made of the package version, the size and
modification time of every module of the package, and each source file's path, size and
modification time; any change rebuilds it.

Nothing read from the cache can run code: it is JSON (no pickle), read back through the
same constructors as fresh data (`Catalog.model_validate_json`, the rulebook's
NamedTuples field by field, with every type checked). A cache file is used only when it
is a regular file owned by this user in a folder owned by this user that no one else may
write to, its header names the expected key and the SHA-256 of its body matches; any
mismatch, damage or doubt means the data is built afresh (and the file replaced when the
folder is ours). The folder is made 0700 and the files 0600, whatever the umask.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import functools
import hashlib
import json
import os
import stat
import time
import types
import typing
from collections.abc import Callable, Sequence
from enum import Enum
from pathlib import Path
from typing import Any, Generic, TypeVar

from runstrength.values import Value

T = TypeVar("T")
FORMAT = "runstrength-cache 2"  # the header's first word; a change rebuilds every cache
SUFFIX = ".json"
_STALE_TEMP_S = 3600  # a temp file this old is a leftover of a killed run
_MAX_BYTES = 8 * 1024 * 1024


class Codec(Generic[T]):
    """How one cached value becomes JSON bytes and is rebuilt (and re-checked) from them."""

    def __init__(self, dump: Callable[[T], bytes], load: Callable[[bytes], T]) -> None:
        self.dump = dump
        self.load = load


def model_codec(model: Any) -> Codec[Any]:
    """A runstrength.values model: its JSON out; rebuilt in type by type.

    Reading does not run pydantic's validator: importing pydantic and building it costs
    more than the start-up this cache exists to save. The data was validated when it was
    built, the file's hash and owner are checked, and `rebuild` checks every value's type
    on the way in.
    """
    return Codec(
        lambda value: value.model_dump_json().encode(),
        lambda data: rebuild(model, json.loads(data)),
    )


def tuple_codec(kind: Any) -> Codec[Any]:
    """A NamedTuple tree (the rulebook): JSON arrays out, rebuilt type by type in."""
    return Codec(
        lambda value: json.dumps(value, separators=(",", ":")).encode(),
        lambda data: rebuild(kind, json.loads(data)),
    )


class _Mismatch(ValueError):
    """Cached data that does not fit its type: the cache is rebuilt."""


def rebuild(kind: Any, data: Any) -> Any:
    """`data` (parsed JSON) as a value of the type `kind`, checking every part of it.

    Handles what the catalog, the rulebook and a saved plan use: runstrength.values models
    (their field names; a field left out takes its default), NamedTuples, tuple[...],
    list[...], dict[K, V], `X | None`, Literal, enums, dates, int, float, str and bool.
    Anything else, or a value of the wrong type, is a mismatch (a ValueError).
    """
    return _converter(kind)(data)


Convert = Callable[[Any], Any]


def _fail(what: object) -> typing.NoReturn:
    raise _Mismatch(str(what))


@functools.cache
def _converter(kind: Any) -> Convert:
    """A function checking and converting JSON data to `kind`, built once per type."""
    origin = typing.get_origin(kind)
    args = typing.get_args(kind)
    if isinstance(kind, type) and issubclass(kind, Value):
        return _model_converter(kind)
    if isinstance(kind, type) and issubclass(kind, tuple) and hasattr(kind, "_fields"):
        names = kind._fields
        parts = [_converter(kind.__annotations__[f]) for f in names]

        def named(data: Any) -> Any:
            if type(data) is not list or len(data) != len(parts):
                _fail(kind)
            return kind(*(c(v) for c, v in zip(parts, data, strict=True)))

        return named
    if origin in (typing.Union, types.UnionType):
        optional = type(None) in args
        options = [_converter(a) for a in args if a is not type(None)]

        def union(data: Any) -> Any:
            if data is None and optional:
                return None
            for option in options:
                try:
                    return option(data)
                except _Mismatch:
                    continue
            _fail(kind)

        return union
    if origin is typing.Literal:
        allowed = {(type(a), a) for a in args}
        return lambda data: data if (type(data), data) in allowed else _fail(kind)
    if origin is tuple and len(args) == 2 and args[1] is Ellipsis:
        item = _converter(args[0])
        return lambda data: tuple(item(v) for v in data) if type(data) is list else _fail(kind)
    if origin is tuple:
        items = [_converter(a) for a in args]
        return lambda data: (
            tuple(c(v) for c, v in zip(items, data, strict=True))
            if type(data) is list and len(data) == len(items)
            else _fail(kind)
        )
    if origin is list:
        item = _converter(args[0])
        return lambda data: [item(v) for v in data] if type(data) is list else _fail(kind)
    if origin is dict:
        key, value = _converter(args[0]), _converter(args[1])
        return lambda data: (
            {key(k): value(v) for k, v in data.items()} if type(data) is dict else _fail(kind)
        )
    if isinstance(kind, type) and issubclass(kind, Enum):
        members = {m.value: m for m in kind}
        return lambda data: members[data] if data in members else _fail(kind)
    if kind is float:
        return lambda data: float(data) if type(data) in (int, float) else _fail(kind)
    if kind in (int, str, bool):
        return lambda data: data if type(data) is kind else _fail(kind)
    if kind is dt.date:
        return _date
    _fail(f"no cache format for {kind}")


def _date(data: Any) -> dt.date:
    """A date as pydantic writes one to JSON: 'YYYY-MM-DD'."""
    if type(data) is str and len(data) == 10:
        with contextlib.suppress(ValueError):
            return dt.date.fromisoformat(data)
    _fail(dt.date)


def _model_converter(model: type[Value]) -> Convert:
    """Builds instances with the model's constructor (no validator; it applies the model's
    `before` hook, the defaults validation fills in from other fields); bounds are not
    checked."""
    hints = typing.get_type_hints(model)  # Annotated metadata dropped
    fields = {name: _converter(hints[name]) for name in model._skeleton}
    required = model._required

    def convert(data: Any) -> Any:
        if type(data) is not dict or not required <= data.keys() <= fields.keys():
            _fail(model.__name__)
        return model(**{name: fields[name](value) for name, value in data.items()})

    return convert


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

    The cache holds data built by the package's loaders and checks; listing files by
    hand would miss the one that changed (`catalog.py`'s checks, say). os.scandir, not
    Path.rglob: this runs at every start-up, and pathlib's objects cost 4x the stats.
    """
    stamps: list[str] = []

    def walk(folder: str, prefix: str) -> None:
        with os.scandir(folder) as found:
            entries = sorted(found, key=lambda entry: entry.name)
        for entry in entries:
            if entry.is_dir(follow_symlinks=False) and entry.name != "__pycache__":
                walk(entry.path, f"{prefix}{entry.name}/")
            elif entry.name.endswith(".py"):
                with contextlib.suppress(OSError):
                    st = entry.stat()
                    stamps.append(f"{prefix}{entry.name}:{st.st_size}:{st.st_mtime_ns}")

    walk(os.path.dirname(os.path.abspath(__file__)), "")
    return "\n".join(stamps)


def _private(st: os.stat_result) -> bool:
    """Owned by this user, and no one else may write to it."""
    uid = os.geteuid() if hasattr(os, "geteuid") else st.st_uid
    return st.st_uid == uid and not st.st_mode & (stat.S_IWGRP | stat.S_IWOTH)


def _read(path: Path, key: str) -> bytes | None:
    """The body of a trusted cache file for `key`, or None (missing, foreign, damaged)."""
    flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)
    try:
        fd = os.open(path, flags)
    except OSError:
        return None
    with os.fdopen(fd, "rb") as handle:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode) or not _private(st) or st.st_size > _MAX_BYTES:
            return None
        raw = handle.read(_MAX_BYTES + 1)
    header, _, body = raw.partition(b"\n")
    expected = f"{FORMAT} {key} {hashlib.sha256(body).hexdigest()}".encode()
    return body if header == expected else None


def _folder(folder: Path) -> bool:
    """Make `folder` (0700) if missing; True when it is ours alone to read and write."""
    try:
        made = [p for p in (folder.parent, folder) if not os.path.lexists(p)]
        os.makedirs(folder, mode=0o700, exist_ok=True)
        for path in made:  # makedirs obeys the umask, and gives parents the default mode
            os.chmod(path, 0o700)
        st = os.lstat(folder)
        if not stat.S_ISDIR(st.st_mode):
            return False
        uid = os.geteuid() if hasattr(os, "geteuid") else st.st_uid
        if st.st_uid != uid:
            return False  # someone else's folder: neither trusted nor written to
        if stat.S_IMODE(st.st_mode) != 0o700:
            os.chmod(folder, 0o700)  # makedirs obeys the umask; a cache is private
        return True
    except OSError:
        return False


def cached(
    name: str,
    sources: Sequence[Path],
    build: Callable[[], T],
    folder: Path | None,
    codec: Codec[T],
) -> T:
    """`build()`, or its cached result when `sources` have not changed since."""
    key = _key(name, sources)
    if folder is None or not key:
        return build()
    path = folder / f"{name}-{key}{SUFFIX}"
    trusted = _folder(folder)
    if trusted:
        body = _read(path, key)
        if body is not None:
            try:
                return codec.load(body)
            except Exception:  # damaged or from another version: build it again
                pass
    value = build()
    if trusted:
        _store(folder, name, path, key, codec.dump(value))
    return value


def _store(folder: Path, name: str, path: Path, key: str, body: bytes) -> None:
    """Replace the cache of `name` with `body`, atomically; a failure just means no cache."""
    import tempfile  # here: only a rebuild writes (tempfile imports random)

    header = f"{FORMAT} {key} {hashlib.sha256(body).hexdigest()}\n".encode()
    try:
        for old in folder.glob(f"{name}-*"):
            if old.suffix in (SUFFIX, ".pickle"):  # .pickle: what versions before 0.2 wrote
                old.unlink(missing_ok=True)
        _remove_stale_temps(folder)
        fd, tmp = tempfile.mkstemp(dir=folder, prefix=f".{name}.", suffix=".tmp")  # 0600
    except OSError:
        return  # a read-only home just means no cache
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(header + body)
        os.replace(tmp, path)
    except Exception:
        Path(tmp).unlink(missing_ok=True)


def _remove_stale_temps(folder: Path) -> None:
    """Temp files a killed run left behind (older than an hour, so none in use)."""
    now = time.time()
    for leftover in folder.glob("*.tmp"):
        with contextlib.suppress(OSError):
            if now - leftover.lstat().st_mtime > _STALE_TEMP_S:
                leftover.unlink()
