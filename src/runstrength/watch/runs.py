"""Runs from a watch or a service: FIT activities, GPX and TCX tracks, a Strava activities.csv.

Every reader returns the running activities of one file as frozen `Run` values, or raises
`InvalidInput` with one line naming the file; a reader never returns part of a bad file.
The work on hostile input is bounded before any parser sees it: a size cap, a point cap,
no DOCTYPE or entity declarations in XML, no spreadsheet formulas in CSV cells.

Hard runs (training-rules §0 "key run") are judged from what the file knows: interval laps,
the average heart rate against the runner's max, or the pace against their usual pace.
"""

from __future__ import annotations

import csv
import datetime as dt
import gzip
import io
import math
import os
import re
import zlib
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, Literal

from runstrength.errors import InvalidInput

Sport = Literal["running", "trail", "treadmill", "track", "virtual"]
SourceFormat = Literal["fit", "gpx", "tcx", "strava-csv"]

# ---- limits on hostile input (bounded work before any parser runs)
MAX_FILE_BYTES = 64 * 1024 * 1024  # a 30 h ultra at 1 s recording is ~25 MB of GPX
MAX_POINTS = 100_000  # track points in one GPX/TCX file: 27 h at 1 s; gpxpy parses ~30k/s
MAX_CSV_ROWS = 100_000  # activities in one Strava export

# ---- when a run counts as hard ([D]; to move to rules.yaml with the rest)
HARD_HR_FRACTION = 0.82  # average HR at or above 82 % of max HR: tempo/threshold or harder
HARD_PACE_FRACTION = 0.92  # average pace at least 8 % faster than the runner's usual pace

# ---- the same run from two sources counts once (issue 13)
SAME_START_S = 120  # starts within ±2 min
SAME_DISTANCE_FRACTION = 0.03  # distances within 3 %

# Richer sources win a duplicate: FIT has laps and heart rate, a CSV row has neither.
_SOURCE_RANK: dict[str, int] = {"fit": 0, "tcx": 1, "gpx": 2, "strava-csv": 3}
_EXTENSIONS = (".fit", ".gpx", ".tcx", ".csv")


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


@dataclass(frozen=True, slots=True)
class WalkResult:
    """What `walk` found: new unique runs, one error line per bad file, and counts."""

    runs: list[Run]  # in start order, each run once, none already in `existing`
    errors: list[str] = field(default_factory=list)  # "<path>: <problem>", one per bad file
    files: int = 0  # files read or tried
    duplicates: int = 0  # runs dropped: the same run from another file, or already known
    without_runs: list[Path] = field(default_factory=list)  # good files, no run (a ride...)


# --------------------------------------------------------------------------- hard runs


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


# --------------------------------------------------------------------------- dispatch


def read_any(
    path: Path,
    *,
    max_hr: int | None = None,
    usual_pace_s_per_km: float | None = None,
    tz: dt.tzinfo | None = None,
) -> list[Run]:
    """The runs in one file of any supported kind, judged by content, not only by name."""
    data = read_capped(path)
    kind = _sniff(data)
    suffix = _suffix(path)
    claimed = {".fit": "fit", ".gpx": "gpx", ".tcx": "tcx", ".csv": "csv"}.get(suffix)
    if kind is None:
        what = {"fit": "a FIT", "gpx": "a GPX", "tcx": "a TCX", "csv": "a Strava CSV"}
        raise InvalidInput(
            f"{path}: not {what[claimed]} file"
            if claimed
            else f"{path}: not a FIT, GPX, TCX or Strava activities.csv file"
        )
    if claimed is not None and claimed != kind:
        raise InvalidInput(f"{path}: named {suffix} but holds {kind.upper()} data")
    opts: dict[str, Any] = {"max_hr": max_hr, "usual_pace_s_per_km": usual_pace_s_per_km, "tz": tz}
    if kind == "fit":
        return _fit_runs(path, data, **opts)
    if kind == "gpx":
        return _gpx_runs(path, data, **opts)
    if kind == "tcx":
        return _tcx_runs(path, data, **opts)
    return _csv_runs(path, data, **opts)


def read_fit_activity(
    path: Path,
    *,
    max_hr: int | None = None,
    usual_pace_s_per_km: float | None = None,
    tz: dt.tzinfo | None = None,
) -> list[Run]:
    """The running sessions of a FIT activity file (none for a ride or a swim)."""
    return _fit_runs(path, read_capped(path), max_hr, usual_pace_s_per_km, tz)


def read_gpx(
    path: Path,
    *,
    max_hr: int | None = None,
    usual_pace_s_per_km: float | None = None,
    tz: dt.tzinfo | None = None,
) -> list[Run]:
    """One run per timed GPX track: distance along the track, duration from its times."""
    return _gpx_runs(path, read_capped(path), max_hr, usual_pace_s_per_km, tz)


def read_tcx(
    path: Path,
    *,
    max_hr: int | None = None,
    usual_pace_s_per_km: float | None = None,
    tz: dt.tzinfo | None = None,
) -> list[Run]:
    """One run per TCX activity with Sport="Running", from its laps."""
    return _tcx_runs(path, read_capped(path), max_hr, usual_pace_s_per_km, tz)


def read_strava_csv(
    path: Path,
    *,
    max_hr: int | None = None,
    usual_pace_s_per_km: float | None = None,
    tz: dt.tzinfo | None = None,
) -> list[Run]:
    """The runs of a Strava bulk-export activities.csv (English headers)."""
    return _csv_runs(path, read_capped(path), max_hr, usual_pace_s_per_km, tz)


def walk(
    paths: Iterable[Path],
    *,
    max_hr: int | None = None,
    usual_pace_s_per_km: float | None = None,
    tz: dt.tzinfo | None = None,
    existing: Sequence[Run] = (),
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
        try:
            runs = read_any(file, max_hr=max_hr, usual_pace_s_per_km=usual_pace_s_per_km, tz=tz)
        except InvalidInput as exc:
            errors.append(" ".join(str(exc).split()))
            continue
        found.extend(runs)
        if not runs:
            empty.append(file)
    unique = dedup(found, existing=existing)
    return WalkResult(unique, errors, files, len(found) - len(unique), empty)


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


def dedup(runs: Iterable[Run], *, existing: Sequence[Run] = ()) -> list[Run]:
    """Runs in start order, each once, none that matches `existing`; richer sources win."""
    ordered = sorted(runs, key=lambda r: (r.start, _SOURCE_RANK[r.source_format], str(r.source)))
    kept: list[Run] = []
    for run in ordered:
        if any(is_same_run(run, old) for old in existing):
            continue
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


def _merge(a: Run, b: Run) -> Run:
    a_first = _SOURCE_RANK[a.source_format] <= _SOURCE_RANK[b.source_format]
    best, other = (a, b) if a_first else (b, a)
    if best.hard is None and other.hard is not None:
        best = replace(best, hard=other.hard)
    if best.avg_hr is None and other.avg_hr is not None:
        best = replace(best, avg_hr=other.avg_hr)
    return best


# --------------------------------------------------------------------------- bytes in


def read_capped(path: Path) -> bytes:
    """The file's bytes (gunzipped for .gz), refusing anything over the size cap unread."""
    try:
        size = path.stat().st_size
        if not path.is_file():
            raise InvalidInput(f"{path}: not a file")
        if size > MAX_FILE_BYTES:
            raise InvalidInput(f"{path}: {size} bytes is over the {MAX_FILE_BYTES} byte limit")
        with path.open("rb") as handle:
            data = handle.read(MAX_FILE_BYTES + 1)
    except OSError as exc:
        raise InvalidInput(f"{path}: cannot read ({exc.strerror or exc})") from None
    if path.name.lower().endswith(".gz"):
        try:
            with gzip.GzipFile(fileobj=io.BytesIO(data)) as gz:
                data = gz.read(MAX_FILE_BYTES + 1)
        except (OSError, EOFError, zlib.error) as exc:
            raise InvalidInput(f"{path}: damaged gzip file ({exc})") from None
    if len(data) > MAX_FILE_BYTES:
        raise InvalidInput(f"{path}: over the {MAX_FILE_BYTES} byte limit")
    return data


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
    first = head.split(b"\n", 1)[0]
    if b"Activity Date" in first and b"Activity Type" in first:
        return "csv"
    return None


def _check_xml(path: Path, data: bytes, point_tags: Sequence[bytes]) -> None:
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


def local_date(start: dt.datetime, offset: dt.timedelta | None, tz: dt.tzinfo | None) -> dt.date:
    """The calendar day of `start`: by the file's own UTC offset, else `tz`, else UTC."""
    if offset is not None:
        return (start + offset).date()
    if tz is not None:
        return start.astimezone(tz).date()
    return start.astimezone(dt.UTC).date()


def _make_run(
    path: Path,
    fmt: SourceFormat,
    *,
    start: dt.datetime,
    distance_m: float,
    duration_s: float,
    sport: Sport,
    avg_hr: float | None,
    intervals: bool,
    max_hr: int | None,
    usual_pace_s_per_km: float | None,
    tz: dt.tzinfo | None,
    offset: dt.timedelta | None = None,
) -> Run:
    if not (math.isfinite(distance_m) and math.isfinite(duration_s)):
        raise InvalidInput(f"{path}: distance or duration is not a number")
    if distance_m < 0 or duration_s < 0 or distance_m > 1_000_000 or duration_s > 14 * 86400:
        raise InvalidInput(
            f"{path}: distance {distance_m:.0f} m or duration {duration_s:.0f} s is out of range"
        )
    start = start.astimezone(dt.UTC)
    hr = round(avg_hr) if avg_hr else None
    return Run(
        date=local_date(start, offset, tz),
        start=start,
        distance_m=float(distance_m),
        duration_s=float(duration_s),
        sport=sport,
        hard=judge_hard(
            intervals=intervals,
            avg_hr=hr,
            distance_m=distance_m,
            duration_s=duration_s,
            max_hr=max_hr,
            usual_pace_s_per_km=usual_pace_s_per_km,
        ),
        avg_hr=hr,
        source=path,
        source_format=fmt,
        intervals=intervals,
    )


# --------------------------------------------------------------------------- FIT

_FIT_SUB_SPORTS: dict[str, Sport] = {
    "trail": "trail",
    "treadmill": "treadmill",
    "indoor_running": "treadmill",
    "track": "track",
    "virtual_activity": "virtual",
}


def _fit_runs(
    path: Path,
    data: bytes,
    max_hr: int | None,
    usual_pace_s_per_km: float | None,
    tz: dt.tzinfo | None,
) -> list[Run]:
    from runstrength.watch import _fit

    messages = _fit.decode(data, str(path))
    file_ids = messages.get("file_id_mesgs", [])
    kind = file_ids[0].get("type") if file_ids else None
    if kind != "activity":
        raise InvalidInput(f"{path}: a FIT {kind or 'untyped'} file, not an activity")
    sessions = messages.get("session_mesgs", [])
    if not sessions:
        raise InvalidInput(f"{path}: FIT activity without a session summary")
    laps = messages.get("lap_mesgs", [])
    offset = _fit.utc_offset(messages)
    runs = []
    for session in sessions:
        if session.get("sport") != "running":
            continue
        start = session.get("start_time")
        if not isinstance(start, dt.datetime):
            raise InvalidInput(f"{path}: running session without a start time")
        first = session.get("first_lap_index")
        count = session.get("num_laps")
        own = laps
        if isinstance(first, int) and isinstance(count, int):
            own = laps[first : first + count]
        duration = session.get("total_timer_time") or session.get("total_elapsed_time") or 0.0
        runs.append(
            _make_run(
                path,
                "fit",
                start=start,
                distance_m=float(session.get("total_distance") or 0.0),
                duration_s=float(duration),
                sport=_FIT_SUB_SPORTS.get(str(session.get("sub_sport")), "running"),
                avg_hr=session.get("avg_heart_rate"),
                intervals=_intervals([str(lap.get("intensity") or "active") for lap in own]),
                max_hr=max_hr,
                usual_pace_s_per_km=usual_pace_s_per_km,
                tz=tz,
                offset=offset,
            )
        )
    return runs


def _intervals(intensities: Sequence[str]) -> bool:
    """Work/rest structure in the laps: an interval lap, or ≥ 2 work laps split by recovery."""
    if "interval" in intensities:
        return True
    work = sum(1 for i in intensities if i == "active")
    rest = sum(1 for i in intensities if i in ("rest", "recovery", "resting"))
    structured = "warmup" in intensities and "cooldown" in intensities and work >= 1
    return (work >= 2 and rest >= 1) or structured


# --------------------------------------------------------------------------- GPX


def _gpx_runs(
    path: Path,
    data: bytes,
    max_hr: int | None,
    usual_pace_s_per_km: float | None,
    tz: dt.tzinfo | None,
) -> list[Run]:
    _check_xml(path, data, (b"<trkpt", b"<rtept", b"<wpt", b":trkpt"))
    try:
        import gpxpy
        import gpxpy.gpx
    except ImportError:  # pragma: no cover - the extra is installed in tests
        raise InvalidInput(
            f"{path}: GPX needs the watch extra: pip install 'runstrength[watch]'"
        ) from None
    try:
        gpx = gpxpy.parse(data.decode("utf-8-sig"))
    except (gpxpy.gpx.GPXException, ValueError, UnicodeDecodeError) as exc:
        raise InvalidInput(f"{path}: not a readable GPX file ({_short(exc)})") from None
    runs = []
    for track in gpx.tracks:
        kind = (track.type or "").strip().lower()
        sport = _sport_from_text(kind) if kind else "running"
        if sport is None:
            continue
        bounds = track.get_time_bounds()
        if bounds.start_time is None or bounds.end_time is None:
            raise InvalidInput(f"{path}: GPX track without times; cannot tell when the run was")
        start = _aware(bounds.start_time)
        elapsed = (_aware(bounds.end_time) - start).total_seconds()
        moving = track.get_moving_data()
        duration = moving.moving_time if moving and moving.moving_time > 0 else elapsed
        hrs = [hr for seg in track.segments for p in seg.points if (hr := _gpx_hr(p)) is not None]
        runs.append(
            _make_run(
                path,
                "gpx",
                start=start,
                distance_m=track.length_2d() or 0.0,
                duration_s=duration,
                sport=sport,
                avg_hr=sum(hrs) / len(hrs) if hrs else None,
                intervals=False,
                max_hr=max_hr,
                usual_pace_s_per_km=usual_pace_s_per_km,
                tz=tz,
            )
        )
    return runs


def _gpx_hr(point: Any) -> int | None:
    """Heart rate from Garmin's TrackPointExtension (<gpxtpx:hr>), if any."""
    for ext in point.extensions:
        for element in ext.iter():
            if str(element.tag).rsplit("}", 1)[-1] == "hr" and element.text:
                try:
                    value = int(float(element.text))
                except ValueError:
                    return None
                return value if 20 <= value <= 250 else None
    return None


def _sport_from_text(kind: str) -> Sport | None:
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


def _aware(value: dt.datetime) -> dt.datetime:
    return value if value.tzinfo is not None else value.replace(tzinfo=dt.UTC)


def _short(exc: BaseException) -> str:
    text = " ".join(str(exc).split()) or type(exc).__name__
    return text if len(text) <= 80 else text[:77] + "..."


# --------------------------------------------------------------------------- TCX


def _tcx_runs(
    path: Path,
    data: bytes,
    max_hr: int | None,
    usual_pace_s_per_km: float | None,
    tz: dt.tzinfo | None,
) -> list[Run]:
    import xml.etree.ElementTree as ET

    _check_xml(path, data, (b"<Trackpoint", b":Trackpoint"))
    try:
        root = ET.fromstring(data)
    except ET.ParseError as exc:
        raise InvalidInput(f"{path}: not a readable TCX file ({_short(exc)})") from None
    if _local(root.tag) != "TrainingCenterDatabase":
        raise InvalidInput(f"{path}: not a TCX file")
    runs = []
    for activity in root.iterfind("{*}Activities/{*}Activity"):
        if (activity.get("Sport") or "").lower() != "running":
            continue
        laps = activity.findall("{*}Lap")
        if not laps:
            raise InvalidInput(f"{path}: TCX activity without laps")
        start_text = activity.findtext("{*}Id") or laps[0].get("StartTime") or ""
        start = _parse_iso(path, start_text)
        distance = duration = hr_weighted = hr_time = 0.0
        intensities = []
        for lap in laps:
            seconds = _number(path, lap.findtext("{*}TotalTimeSeconds"), "TotalTimeSeconds")
            distance += _number(path, lap.findtext("{*}DistanceMeters"), "DistanceMeters")
            duration += seconds
            hr_text = lap.findtext("{*}AverageHeartRateBpm/{*}Value")
            if hr_text:
                hr_weighted += _number(path, hr_text, "AverageHeartRateBpm") * seconds
                hr_time += seconds
            intensities.append((lap.findtext("{*}Intensity") or "Active").strip().lower())
        runs.append(
            _make_run(
                path,
                "tcx",
                start=start,
                distance_m=distance,
                duration_s=duration,
                sport="running",
                avg_hr=hr_weighted / hr_time if hr_time else None,
                intervals=_intervals(intensities),
                max_hr=max_hr,
                usual_pace_s_per_km=usual_pace_s_per_km,
                tz=tz,
            )
        )
    return runs


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _parse_iso(path: Path, text: str) -> dt.datetime:
    try:
        value = dt.datetime.fromisoformat(text.strip().replace("Z", "+00:00"))
    except ValueError:
        raise InvalidInput(f"{path}: bad time {text[:40]!r}") from None
    return _aware(value)


def _number(path: Path, text: str | None, what: str) -> float:
    if text is None or not text.strip():
        return 0.0
    try:
        value = float(text)
    except ValueError:
        raise InvalidInput(f"{path}: {what} {text[:20]!r} is not a number") from None
    if not math.isfinite(value):
        raise InvalidInput(f"{path}: {what} is not a finite number")
    return value


# --------------------------------------------------------------------------- Strava CSV

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_NUMBER = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?")
_STRAVA_DATES = ("%b %d, %Y, %I:%M:%S %p", "%b %d, %Y %I:%M:%S %p", "%Y-%m-%d %H:%M:%S")


def _csv_runs(
    path: Path,
    data: bytes,
    max_hr: int | None,
    usual_pace_s_per_km: float | None,
    tz: dt.tzinfo | None,
) -> list[Run]:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise InvalidInput(f"{path}: not UTF-8 text") from None
    csv.field_size_limit(1_000_000)
    try:
        rows = list(_limited(csv.reader(io.StringIO(text, newline="")), path))
    except csv.Error as exc:
        raise InvalidInput(f"{path}: malformed CSV ({_short(exc)})") from None
    if not rows:
        raise InvalidInput(f"{path}: empty CSV")
    header = [h.strip() for h in rows[0]]
    columns: dict[str, list[int]] = {}
    for i, name in enumerate(header):
        columns.setdefault(name, []).append(i)
    missing = [c for c in ("Activity Date", "Activity Type", "Distance") if c not in columns]
    if missing:
        raise InvalidInput(f"{path}: not a Strava activities.csv (no {missing[0]!r} column)")
    for line, row in enumerate(rows, start=1):
        for i, text_cell in enumerate(row):
            value = text_cell.lstrip(" ")
            if value.startswith(_FORMULA_START) and not _NUMBER.fullmatch(value.strip()):
                col = header[i] if i < len(header) else f"column {i + 1}"
                raise InvalidInput(
                    f"{path}: line {line}, {col!r} starts with {value[0]!r} "
                    "(a spreadsheet formula); file refused"
                )

    def cell(row: list[str], name: str, which: int = 0) -> str:
        idx = columns.get(name)
        if not idx:
            return ""
        i = idx[which] if -len(idx) <= which < len(idx) else idx[0]
        return row[i].strip() if i < len(row) else ""

    runs = []
    for line, row in enumerate(rows[1:], start=2):
        if not any(c.strip() for c in row):
            continue
        sport = _sport_from_text(cell(row, "Activity Type"))
        if sport is None:
            continue
        where = Path(f"{path}:{line}")
        start = _strava_date(where, cell(row, "Activity Date"))
        # Strava writes Distance twice: first in the account's display unit (km), last in m.
        metres = cell(row, "Distance", -1) if len(columns["Distance"]) > 1 else ""
        distance = (
            _number(where, metres, "Distance")
            if metres
            else _number(where, cell(row, "Distance"), "Distance") * 1000
        )
        elapsed = _number(where, cell(row, "Elapsed Time"), "Elapsed Time")
        moving = _number(where, cell(row, "Moving Time"), "Moving Time")
        hr_text = cell(row, "Average Heart Rate", -1)
        runs.append(
            _make_run(
                path,
                "strava-csv",
                start=start,
                distance_m=distance,
                duration_s=moving or elapsed,
                sport=sport,
                avg_hr=_number(where, hr_text, "Average Heart Rate") or None,
                intervals=False,
                max_hr=max_hr,
                usual_pace_s_per_km=usual_pace_s_per_km,
                tz=tz,
            )
        )
    return runs


def _limited(reader: Iterator[list[str]], path: Path) -> Iterator[list[str]]:
    for n, row in enumerate(reader):
        if n > MAX_CSV_ROWS:
            raise InvalidInput(f"{path}: more than {MAX_CSV_ROWS} rows")
        yield row


def _strava_date(where: Path, text: str) -> dt.datetime:
    """Strava's 'Activity Date' is UTC, e.g. 'May 6, 2024, 4:02:34 AM'."""
    for fmt in _STRAVA_DATES:
        try:
            return dt.datetime.strptime(text, fmt).replace(tzinfo=dt.UTC)
        except ValueError:
            continue
    raise InvalidInput(f"{where}: Activity Date {text[:40]!r} is not a date")
