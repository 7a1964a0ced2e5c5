"""The `Run` value every reader returns, how one is built from a file, and when it is hard.

Hard runs (method §0 "key run") are judged from what the file knows: interval laps,
the average heart rate against the runner's max, or the pace against their usual pace.
The readers (fit_runs, gpx, tcx, strava) build their runs through `make_run` only, so every
format is range-checked and judged the same way.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Literal, TypedDict, Unpack

from runstrength.errors import InvalidInput
from runstrength.numbers import LAST_DATE

Sport = Literal["running", "trail", "treadmill", "track", "virtual"]
SourceFormat = Literal["fit", "gpx", "tcx", "strava-csv"]

# ---- when a run counts as hard ([D]; to move to rules.yaml with the rest)
HARD_HR_FRACTION = 0.82  # average HR at or above 82 % of max HR: tempo/threshold or harder
HARD_PACE_FRACTION = 0.92  # average pace at least 8 % faster than the runner's usual pace
FIRST_YEAR = 1980  # a run's start: GPS watches; the last year is the log's (numbers.LAST_DATE)


class ReadOptions(TypedDict, total=False):
    """What every reader takes besides the file: how to judge hard runs, and the local zone."""

    max_hr: int | None
    usual_pace_s_per_km: float | None
    tz: dt.tzinfo | None  # for the calendar day when the file gives no UTC offset
    today: dt.date | None  # a run dated after it (a day of slack for time zones) is refused


@dataclass(frozen=True, slots=True)
class Run:
    """One running activity, whatever file it came from."""

    date: dt.date  # the local calendar day it started (UTC when the file gives no offset)
    start: dt.datetime  # aware, UTC
    distance_m: float
    duration_s: float  # moving (timer) time when the file has it, else elapsed
    sport: Sport
    hard: bool | None  # None: nothing in the file could tell
    avg_hr: int | None
    source: Path
    source_format: SourceFormat
    intervals: bool = False  # laps showed work/rest structure

    @property
    def key(self) -> str:
        """Exact identity for storage: start second and distance to the metre."""
        return f"{self.start.astimezone(dt.UTC):%Y-%m-%dT%H:%M:%SZ}/{round(self.distance_m)}"

    @property
    def pace_s_per_km(self) -> float | None:
        """Seconds per km, or None without distance or time."""
        if self.distance_m <= 0 or self.duration_s <= 0:
            return None
        return self.duration_s / (self.distance_m / 1000)


def judge_hard(
    *,
    intervals: bool,
    avg_hr: float | None,
    distance_m: float,
    duration_s: float,
    max_hr: int | None = None,
    usual_pace_s_per_km: float | None = None,
) -> bool | None:
    """Hard (intervals, HR or pace), easy, or None when nothing can tell.

    >>> judge_hard(intervals=False, avg_hr=160, distance_m=10000, duration_s=3000, max_hr=190)
    True
    >>> judge_hard(intervals=False, avg_hr=None, distance_m=10000, duration_s=3000) is None
    True
    """
    if intervals:
        return True
    verdicts: list[bool] = []
    if avg_hr and max_hr:
        verdicts.append(avg_hr >= HARD_HR_FRACTION * max_hr)
    if usual_pace_s_per_km and distance_m > 0 and duration_s > 0:
        pace = duration_s / (distance_m / 1000)
        verdicts.append(pace <= HARD_PACE_FRACTION * usual_pace_s_per_km)
    if not verdicts:
        return None
    return any(verdicts)


def judged(run: Run, max_hr: int | None, usual_pace_s_per_km: float) -> Run:
    """`run`, when neither its laps nor its heart rate could judge it, judged by its pace."""
    if run.hard is not None:
        return run
    # what the run itself says, read again, now with the runner's usual pace to compare
    seen = {k: getattr(run, k) for k in ("intervals", "avg_hr", "distance_m", "duration_s")}
    verdict = judge_hard(**seen, max_hr=max_hr, usual_pace_s_per_km=usual_pace_s_per_km)
    return replace(run, hard=verdict)


def intervals(intensities: Sequence[str]) -> bool:
    """Work/rest structure in the laps: an interval lap, or ≥ 2 work laps split by recovery."""
    if "interval" in intensities:
        return True
    work = sum(1 for i in intensities if i == "active")
    rest = sum(1 for i in intensities if i in ("rest", "recovery", "resting"))
    structured = "warmup" in intensities and "cooldown" in intensities and work >= 1
    return (work >= 2 and rest >= 1) or structured


def sport_from_text(kind: str) -> Sport | None:
    """A run kind from a GPX <type> or a Strava activity type; None when it is not a run."""
    kind = kind.lower().replace("_", " ")
    if kind == "9":  # Strava's old numeric GPX type for a run
        return "running"
    if "run" not in kind or "ski" in kind or "wheelchair" in kind:
        return None
    if "trail" in kind:
        return "trail"
    if "treadmill" in kind or "indoor" in kind:
        return "treadmill"
    if "virtual" in kind:
        return "virtual"
    if "track" in kind:
        return "track"
    return "running"


def aware(value: dt.datetime) -> dt.datetime:
    """A file's time as an aware datetime: a naive one is UTC."""
    return value if value.tzinfo is not None else value.replace(tzinfo=dt.UTC)


def own_offset(value: dt.datetime) -> dt.timedelta | None:
    """The UTC offset a file wrote with a time (`+02:00`), or None: a naive time or one in
    UTC (`Z`, what watches write) says nothing of the runner's local day."""
    offset = value.utcoffset()
    return offset if offset else None


def local_date(start: dt.datetime, offset: dt.timedelta | None, tz: dt.tzinfo | None) -> dt.date:
    """The calendar day of `start`: by the file's own UTC offset, else `tz`, else UTC."""
    if offset is not None:
        return (start + offset).date()
    if tz is not None:
        return start.astimezone(tz).date()
    return start.astimezone(dt.UTC).date()


# No run is faster than this over a kilometre or more (the 5 km world record is ~2:31 a km):
# a faster "run" is a ride or a car trip recorded as one, or a broken file.
FASTEST_S_PER_KM = 120
HR_RANGE = (25, 250)  # an average heart rate outside it is a sensor fault


def _check_plausible(at: Path, distance_m: float, duration_s: float, avg_hr: float | None) -> None:
    """Refuse what no runner did (the second QA pass imported 30 km in 20 s and an average
    heart rate of 999)."""
    if avg_hr and not HR_RANGE[0] <= avg_hr <= HR_RANGE[1]:
        raise InvalidInput(
            f"{at}: an average heart rate of {avg_hr:g} is out of range "
            f"({HR_RANGE[0]}–{HR_RANGE[1]})"
        )
    if distance_m >= 1000 and duration_s < distance_m / 1000 * FASTEST_S_PER_KM:
        took = dt.timedelta(seconds=round(duration_s))
        raise InvalidInput(
            f"{at}: {distance_m / 1000:.1f} km in {took} is faster than any run "
            f"({FASTEST_S_PER_KM // 60}:{FASTEST_S_PER_KM % 60:02d} a km)"
        )


def make_run(
    path: Path,
    fmt: SourceFormat,
    *,
    start: dt.datetime,
    distance_m: float,
    duration_s: float,
    sport: Sport,
    avg_hr: float | None,
    intervals: bool,
    offset: dt.timedelta | None = None,
    where: Path | None = None,
    **options: Unpack[ReadOptions],
) -> Run:
    """A range-checked `Run`, judged hard or easy; InvalidInput naming the file (`where`:
    with its line, for a CSV row) otherwise."""
    at = where or path
    if not FIRST_YEAR <= start.year <= LAST_DATE.year:  # year 9999 + a week overflows later
        raise InvalidInput(f"{at}: a run dated {start.date().isoformat()} is out of range")
    if not (math.isfinite(distance_m) and math.isfinite(duration_s)):
        raise InvalidInput(f"{at}: distance or duration is not a number")
    if distance_m < 0 or duration_s < 0 or distance_m > 1_000_000 or duration_s > 14 * 86400:
        raise InvalidInput(
            f"{at}: distance {_figure(distance_m)} m or duration {_figure(duration_s)} s is out "
            "of range"
        )
    _check_plausible(at, distance_m, duration_s, avg_hr)
    start = start.astimezone(dt.UTC)
    date = local_date(start, offset, options.get("tz"))
    today = options.get("today")
    if today is not None and date > today + dt.timedelta(days=1):
        raise InvalidInput(f"{at}: a run on {date.isoformat()} is after today")
    hr = round(avg_hr) if avg_hr else None
    return Run(
        date=date,
        start=start,
        distance_m=float(distance_m),
        duration_s=float(duration_s),
        sport=sport,
        hard=judge_hard(
            intervals=intervals,
            avg_hr=hr,
            distance_m=distance_m,
            duration_s=duration_s,
            max_hr=options.get("max_hr"),
            usual_pace_s_per_km=options.get("usual_pace_s_per_km"),
        ),
        avg_hr=hr,
        source=path,
        source_format=fmt,
        intervals=intervals,
    )


def _figure(value: float) -> str:
    """A number for a message: whole, or in short scientific form when huge (a 1e308 in a
    file printed 309 digits; the hostile-input QA run)."""
    return f"{value:.0f}" if abs(value) < 1e12 else f"{value:.3g}"
