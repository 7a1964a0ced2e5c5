"""A Strava bulk-export activities.csv: one run per running activity row.

The header, activity types and dates may be in the account's language (English, German,
French: the table is `strava_i18n`), and a German export writes decimal commas.

The CSV is untrusted: it is read under a row cap (`limits.limited`), and a cell that starts
like a spreadsheet formula refuses the whole file.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Unpack

from runstrength.errors import InvalidInput
from runstrength.watch.limits import limited, number, read_capped, short
from runstrength.watch.run_model import ReadOptions, Run, make_run, sport_from_text
from runstrength.watch.strava_i18n import (
    REQUIRED,
    activity_type,
    canonical,
    decimal,
    local_date,
    missing_column,
)

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_NUMBER = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?")
_STRAVA_DATES = ("%b %d, %Y, %I:%M:%S %p", "%b %d, %Y %I:%M:%S %p", "%Y-%m-%d %H:%M:%S")


def read_strava_csv(path: Path, **options: Unpack[ReadOptions]) -> list[Run]:
    """The runs of a Strava bulk-export activities.csv (English, German or French)."""
    return csv_runs(path, read_capped(path), **options)


def csv_runs(path: Path, data: bytes, **options: Unpack[ReadOptions]) -> list[Run]:
    """The runs in the bytes of a Strava activities.csv."""
    rows = _rows(path, data)
    table = _Columns.of(path, rows[0])
    _refuse_formulas(path, table.header, rows)
    runs = []
    for line, row in enumerate(rows[1:], start=2):
        if not any(c.strip() for c in row):
            continue
        where = Path(f"{path}:{line}")
        if len(row) < len(table.header):  # a row cut short: its missing cells would read as 0
            # checked before its type: a row cut before "Activity Type" read as no run, and
            # was left out unsaid (the hostile-input QA run)
            raise InvalidInput(
                f"{where}: the row has {len(row)} cells, the header {len(table.header)}"
            )
        sport = sport_from_text(activity_type(table.cell(row, "Activity Type")))
        if sport is None:
            continue
        start = _strava_date(where, table.cell(row, "Activity Date"))
        # Strava writes Distance twice: first in the account's display unit (km), last in m.
        metres = table.cell(row, "Distance", -1) if len(table.columns["Distance"]) > 1 else ""
        distance = (
            _number(where, metres, "Distance")
            if metres
            else _number(where, table.cell(row, "Distance"), "Distance") * 1000
        )
        elapsed = _number(where, table.cell(row, "Elapsed Time"), "Elapsed Time")
        moving = _number(where, table.cell(row, "Moving Time"), "Moving Time")
        hr_text = table.cell(row, "Average Heart Rate", -1)
        runs.append(
            make_run(
                path,
                "strava-csv",
                start=start,
                distance_m=distance,
                duration_s=moving or elapsed,
                sport=sport,
                avg_hr=_number(where, hr_text, "Average Heart Rate") or None,
                intervals=False,
                where=where,
                **options,
            )
        )
    return runs


def _number(where: Path, text: str, what: str) -> float:
    """A number cell, with a decimal comma read as a point ('9,44' in a German export)."""
    return number(where, decimal(text), what)


def _rows(path: Path, data: bytes) -> list[list[str]]:
    """Every row of the file, header first; InvalidInput for bad text, bad CSV or no rows."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise InvalidInput(f"{path}: not UTF-8 text") from None
    csv.field_size_limit(1_000_000)
    try:
        rows = list(limited(csv.reader(io.StringIO(text, newline="")), path))
    except csv.Error as exc:
        raise InvalidInput(f"{path}: malformed CSV ({short(exc)})") from None
    if not rows:
        raise InvalidInput(f"{path}: empty CSV")
    return rows


@dataclass(frozen=True)
class _Columns:
    """The header and where each name stands (Strava repeats some names)."""

    header: list[str]
    columns: dict[str, list[int]]

    @classmethod
    def of(cls, path: Path, first_row: list[str]) -> _Columns:
        header = [h.strip() for h in first_row]
        columns: dict[str, list[int]] = {}
        for i, name in enumerate(header):
            columns.setdefault(canonical(name), []).append(i)
        missing = [c for c in REQUIRED if c not in columns]
        if missing:
            raise InvalidInput(f"{path}: not a Strava activities.csv: {missing_column(missing[0])}")
        return cls(header, columns)

    def cell(self, row: list[str], name: str, which: int = 0) -> str:
        """The stripped cell of English column `name` (its `which`-th copy, else the first)."""
        idx = self.columns.get(name)
        if not idx:
            return ""
        i = idx[which] if -len(idx) <= which < len(idx) else idx[0]
        return row[i].strip() if i < len(row) else ""


def _refuse_formulas(path: Path, header: list[str], rows: list[list[str]]) -> None:
    """Refuse the file if any cell would run as a spreadsheet formula (a number is fine)."""
    for line, row in enumerate(rows, start=1):
        for i, text_cell in enumerate(row):
            value = text_cell.lstrip(" ")
            if value.startswith(_FORMULA_START) and not _NUMBER.fullmatch(value.strip()):
                col = header[i] if i < len(header) else f"column {i + 1}"
                raise InvalidInput(
                    f"{path}: line {line}, {col!r} starts with {value[0]!r} "
                    "(a spreadsheet formula); file refused"
                )


def _strava_date(where: Path, text: str) -> dt.datetime:
    """Strava's 'Activity Date' is UTC, e.g. 'May 6, 2024, 4:02:34 AM' (or localised)."""
    for fmt in _STRAVA_DATES:
        try:
            return dt.datetime.strptime(text, fmt).replace(tzinfo=dt.UTC)
        except ValueError:
            continue
    found = local_date(text)
    if found is not None:
        return found
    raise InvalidInput(f"{where}: Activity Date {text[:40]!r} is not a date")
