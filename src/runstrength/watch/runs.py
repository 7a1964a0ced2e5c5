"""Runs from a watch or a service: FIT activities, GPX and TCX tracks, a Strava activities.csv.

Every reader returns the running activities of one file as frozen `Run` values, or raises
`InvalidInput` with one line naming the file; a reader never returns part of a bad file.
The work on hostile input is bounded before any parser sees it (`watch.limits`): a size cap,
a point cap, no DOCTYPE or entity declarations in XML, no spreadsheet formulas in CSV cells.

This module is the public face: `read_any` and `walk` over files and folders, and `dedup` of
the same run from two sources. The value and its judging live in `watch.run_model`, each
format in its own module (`fit_runs`, `gpx`, `tcx`, `strava`); their public names are
importable from here as before.
"""

from __future__ import annotations

import bisect
import datetime as dt
import os
import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Literal, Unpack

from runstrength.errors import InvalidInput
from runstrength.text import control_char, printable
from runstrength.watch.fit_runs import fit_runs, read_fit_activity
from runstrength.watch.gpx import gpx_runs, read_gpx
from runstrength.watch.limits import MAX_CSV_ROWS, MAX_FILE_BYTES, MAX_POINTS, read_capped
from runstrength.watch.run_model import (
    HARD_HR_FRACTION,
    HARD_PACE_FRACTION,
    ReadOptions,
    Run,
    SourceFormat,
    Sport,
    judge_hard,
    judged,
    local_date,
)
from runstrength.watch.strava import csv_runs, read_strava_csv
from runstrength.watch.strava_i18n import canonical
from runstrength.watch.tcx import read_tcx, tcx_runs

__all__ = [
    "HARD_HR_FRACTION",
    "HARD_PACE_FRACTION",
    "MAX_CSV_ROWS",
    "MAX_FILE_BYTES",
    "MAX_POINTS",
    "SAME_DISTANCE_FRACTION",
    "SAME_START_S",
    "ReadOptions",
    "Run",
    "SourceFormat",
    "Sport",
    "WalkResult",
    "against",
    "dedup",
    "is_same_run",
    "judge_hard",
    "judged",
    "local_date",
    "read_any",
    "read_capped",
    "read_fit_activity",
    "read_gpx",
    "read_strava_csv",
    "read_tcx",
    "walk",
]

# ---- the same run from two sources counts once (issue 13)
SAME_START_S = 120  # starts within ±2 min
SAME_DISTANCE_FRACTION = 0.03  # distances within 3 %

# Richer sources win a duplicate: FIT has laps and heart rate, a CSV row has neither.
_SOURCE_RANK: dict[str, int] = {"fit": 0, "tcx": 1, "gpx": 2, "strava-csv": 3}
_EXTENSIONS = (".fit", ".gpx", ".tcx", ".csv")


@dataclass(frozen=True, slots=True)
class WalkResult:
    """What `walk` found: new unique runs, one error line per bad file, and counts."""

    runs: list[Run]  # in start order, each run once, none already in `existing`
    errors: list[str] = field(default_factory=list)  # "<path>: <problem>", one per bad file
    files: int = 0  # files read or tried
    duplicates: int = 0  # runs dropped: the same run from another file, or already known
    without_runs: list[Path] = field(default_factory=list)  # good files, no run (a ride...)
    # runs already in `existing` that a richer source found again: (stored, merged)
    upgrades: list[tuple[Run, Run]] = field(default_factory=list)


# --------------------------------------------------------------------------- dispatch


def read_any(path: Path, **options: Unpack[ReadOptions]) -> list[Run]:
    """The runs in one file of any supported kind, judged by content, not only by name."""
    data = read_capped(path)
    kind = _sniff(data)
    suffix = _suffix(path)
    claimed = {".fit": "fit", ".gpx": "gpx", ".tcx": "tcx", ".csv": "csv"}.get(suffix)
    if kind is None and claimed == "csv":
        kind = "csv"  # the CSV reader names the column it did not find, in every language
    if kind is None:
        what = {"fit": "a FIT", "gpx": "a GPX", "tcx": "a TCX"}
        if claimed is None and data[:4] == b"PK\x03\x04":  # a zip (a Strava export is one)
            raise InvalidInput(
                f"{path}: a zip archive; unzip it and import the folder (a Strava export "
                "holds activities.csv and the activity files)"
            )
        raise InvalidInput(
            f"{path}: not {what[claimed]} file"
            if claimed
            else f"{path}: not a FIT, GPX, TCX or Strava activities.csv file"
        )
    if claimed is not None and claimed != kind:
        raise InvalidInput(f"{path}: named {suffix} but holds {kind.upper()} data")
    if kind == "fit":
        return fit_runs(path, data, **options)
    if kind == "gpx":
        return gpx_runs(path, data, **options)
    if kind == "tcx":
        return tcx_runs(path, data, **options)
    return csv_runs(path, data, **options)


def walk(
    paths: Iterable[Path], *, existing: Sequence[Run] = (), **options: Unpack[ReadOptions]
) -> WalkResult:
    """Read files and folders (recursively); one error line per bad file, the rest still count.

    Inside folders only .fit/.gpx/.tcx (optionally .gz) and activities*.csv are read, so a
    Strava export folder works as a whole; a file named on the command line is always read.
    Runs already in `existing`, and the same run from two sources, count once.
    """
    found: list[Run] = []
    errors: list[str] = []
    empty: list[Path] = []
    files = 0
    for file in _files(paths):
        files += 1
        if control_char(str(file)) is not None:  # it would be stored and printed as the source
            errors.append(f"{printable(file)}: a file name with control characters is refused")
            continue
        try:
            runs = read_any(file, **options)
        except InvalidInput as exc:
            errors.append(" ".join(str(exc).split()))
            continue
        found.extend(runs)
        if not runs:
            empty.append(file)
    unique = dedup(found)
    new, upgrades = against(unique, existing)
    return WalkResult(new, errors, files, len(found) - len(new), empty, upgrades)


def _files(paths: Iterable[Path]) -> Iterator[Path]:
    for given in paths:
        path = Path(given)
        if path.is_dir():
            for root, dirs, names in os.walk(path):  # never follows symlinked folders
                dirs[:] = sorted(d for d in dirs if not d.startswith("."))
                for name in sorted(names):
                    child = Path(root) / name
                    if not name.startswith(".") and _wanted(child):
                        yield child
        else:
            yield path


def _wanted(path: Path) -> bool:
    suffix = _suffix(path)
    if suffix == ".csv":
        return path.name.lower().startswith("activities")
    return suffix in _EXTENSIONS


def _suffix(path: Path) -> str:
    name = path.name.lower()
    if name.endswith(".gz"):
        name = name[:-3]
    return os.path.splitext(name)[1]


# --------------------------------------------------------------------------- dedup


def is_same_run(a: Run, b: Run) -> bool:
    """The same run from two sources: starts within ±2 min and distances within 3 %."""
    if abs((a.start - b.start).total_seconds()) > SAME_START_S:
        return False
    longest = max(a.distance_m, b.distance_m)
    return abs(a.distance_m - b.distance_m) <= SAME_DISTANCE_FRACTION * longest


def dedup(runs: Iterable[Run]) -> list[Run]:
    """Runs in start order, each once; richer sources win (`against` then sets them
    against the runs already stored)."""
    ordered = sorted(runs, key=lambda r: (r.start, _SOURCE_RANK[r.source_format], str(r.source)))
    kept: list[Run] = []
    for run in ordered:
        match = None
        for i in range(len(kept) - 1, -1, -1):
            if (run.start - kept[i].start).total_seconds() > 2 * SAME_START_S:
                break  # kept is (nearly) in start order: nothing earlier can match
            if is_same_run(run, kept[i]):
                match = i
                break
        if match is None:
            kept.append(run)
        else:
            kept[match] = _merge(kept[match], run)
    return sorted(kept, key=lambda r: r.start)


def against(
    runs: Sequence[Run], existing: Sequence[Run]
) -> tuple[list[Run], list[tuple[Run, Run]]]:
    """`runs` split into those new to `existing`, and (stored, merged) for each that is a
    run already stored which this source knows better (a FIT file's heart rate and laps
    after a Strava CSV row: import order no longer decides what the log knows of a run)."""
    stored = sorted(existing, key=lambda r: r.start)
    starts = [r.start for r in stored]
    near = dt.timedelta(seconds=SAME_START_S)
    new: list[Run] = []
    upgrades: list[tuple[Run, Run]] = []
    for run in runs:
        # only the stored runs starting within the window can be the same run: a bisect, not
        # a scan of the whole log for each run of the file
        lo, hi = (
            bisect.bisect_left(starts, run.start - near),
            bisect.bisect_right(starts, run.start + near),
        )
        old = next((o for o in stored[lo:hi] if is_same_run(run, o)), None)
        if old is None:
            new.append(run)
            continue
        merged = _merge(old, run)
        if merged != old:
            upgrades.append((old, merged))
    return new, upgrades


def _merge(a: Run, b: Run) -> Run:
    a_first = _SOURCE_RANK[a.source_format] <= _SOURCE_RANK[b.source_format]
    best, other = (a, b) if a_first else (b, a)
    if best.hard is None and other.hard is not None:
        best = replace(best, hard=other.hard)
    if best.avg_hr is None and other.avg_hr is not None:
        best = replace(best, avg_hr=other.avg_hr)
    return best


# --------------------------------------------------------------------------- sniffing


def _sniff(data: bytes) -> Literal["fit", "gpx", "tcx", "csv"] | None:
    if len(data) >= 12 and data[8:12] == b".FIT":
        return "fit"
    head = data[:4096].lstrip(b"\xef\xbb\xbf \t\r\n")
    if head.startswith(b"<"):
        if re.search(rb"<(?:\w+:)?gpx[\s>]", head):
            return "gpx"
        if re.search(rb"<(?:\w+:)?TrainingCenterDatabase[\s>]", head):
            return "tcx"
        return None
    first = head.split(b"\n", 1)[0].decode("utf-8", "replace")
    columns = {canonical(cell.strip().strip('"')) for cell in first.split(",")}
    if {"Activity Date", "Activity Type"} <= columns:  # in any language strava_i18n reads
        return "csv"
    return None
