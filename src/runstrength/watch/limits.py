"""Bounded work on hostile input: size, point and row caps, applied before any parser runs.

A reader never hands a parser more than `MAX_FILE_BYTES` (after gunzip), an XML file with a
DOCTYPE, an entity or more than `MAX_POINTS` track points, or a CSV with more than
`MAX_CSV_ROWS` rows; every refusal is `InvalidInput` with one line naming the file.
"""

from __future__ import annotations

import gzip
import io
import math
import zlib
from collections.abc import Iterator, Sequence
from pathlib import Path

from runstrength.errors import InvalidInput
from runstrength.fileio import read_bounded

MAX_FILE_BYTES = 64 * 1024 * 1024  # a 30 h ultra at 1 s recording is ~25 MB of GPX
MAX_POINTS = 100_000  # track points in one GPX/TCX file: 27 h at 1 s; gpxpy parses ~30k/s
MAX_CSV_ROWS = 100_000  # activities in one Strava export
MAX_DEPTH = 64  # element nesting in GPX/TCX; real files nest about 10 deep


def read_capped(path: Path) -> bytes:
    """The file's bytes (gunzipped for .gz), refusing anything over the size cap unread."""
    # fileio's reader also refuses a FIFO or a device before reading a byte of it
    data = read_bounded(path, MAX_FILE_BYTES, "run or activity file")
    if path.name.lower().endswith(".gz"):
        try:
            with gzip.GzipFile(fileobj=io.BytesIO(data)) as gz:
                data = gz.read(MAX_FILE_BYTES + 1)
        except (OSError, EOFError, zlib.error) as exc:
            raise InvalidInput(f"{path}: damaged gzip file ({exc})") from None
    if len(data) > MAX_FILE_BYTES:
        raise InvalidInput(f"{path}: over the {MAX_FILE_BYTES} byte limit")
    return data


def check_xml(path: Path, data: bytes, point_tags: Sequence[bytes]) -> None:
    """Refuse DTDs and entities (billion laughs, external entities) and too many points."""
    try:
        data.decode("utf-8")  # a UTF-16 file would hide its DOCTYPE from the byte search
    except UnicodeDecodeError:
        raise InvalidInput(f"{path}: XML that is not UTF-8 is refused") from None
    lowered = data.lower()
    if b"<!doctype" in lowered or b"<!entity" in lowered:
        raise InvalidInput(f"{path}: XML with a DOCTYPE or ENTITY declaration is refused")
    points = sum(data.count(tag) for tag in point_tags)
    if points > MAX_POINTS:
        raise InvalidInput(f"{path}: {points} track points is over the {MAX_POINTS} point limit")
    _check_depth(path, data)


def _check_depth(path: Path, data: bytes) -> None:
    """Refuse elements nested deeper than `MAX_DEPTH`: a parser building a tree of 150,000
    nested elements overflowed the C stack (a segfault, not an error line). expat reads
    the file without recursion; a syntax error is left for the real parser to report."""
    from xml.parsers import expat

    depth = [0]

    def start(_name: str, _attrs: object) -> None:
        depth[0] += 1
        if depth[0] > MAX_DEPTH:
            raise InvalidInput(f"{path}: XML nested more than {MAX_DEPTH} levels deep is refused")

    def end(_name: str) -> None:
        depth[0] -= 1

    parser = expat.ParserCreate()
    parser.StartElementHandler = start
    parser.EndElementHandler = end
    try:
        parser.Parse(data, True)
    except expat.ExpatError:
        return


def limited(reader: Iterator[list[str]], path: Path) -> Iterator[list[str]]:
    """The CSV rows, refusing the file once it has more than `MAX_CSV_ROWS`."""
    for n, row in enumerate(reader):
        if n > MAX_CSV_ROWS:
            raise InvalidInput(f"{path}: more than {MAX_CSV_ROWS} rows")
        yield row


def number(path: Path, text: str | None, what: str) -> float:
    """A finite number from untrusted text; 0.0 for an empty field."""
    if text is None or not text.strip():
        return 0.0
    try:
        value = float(text)
    except ValueError:
        raise InvalidInput(f"{path}: {what} {text[:20]!r} is not a number") from None
    if not math.isfinite(value):
        raise InvalidInput(f"{path}: {what} is not a finite number")
    return value


def short(exc: BaseException) -> str:
    """A parser's error on one line of at most 80 characters."""
    text = " ".join(str(exc).split()) or type(exc).__name__
    return text if len(text) <= 80 else text[:77] + "..."
