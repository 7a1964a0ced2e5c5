"""TCX (Garmin Training Center) files: one run per activity with Sport="Running", from its laps.

The XML is checked first (`limits.check_xml`), then parsed with the standard library.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING, Unpack

from runstrength.errors import InvalidInput
from runstrength.watch.limits import check_xml, number, read_capped, short
from runstrength.watch.run_model import (
    ReadOptions,
    Run,
    aware,
    intervals,
    make_run,
    own_offset,
)

if TYPE_CHECKING:
    from xml.etree.ElementTree import Element


def read_tcx(path: Path, **options: Unpack[ReadOptions]) -> list[Run]:
    """One run per TCX activity with Sport="Running", from its laps."""
    return tcx_runs(path, read_capped(path), **options)


def tcx_runs(path: Path, data: bytes, **options: Unpack[ReadOptions]) -> list[Run]:
    """The runs in the bytes of a TCX file."""
    import xml.etree.ElementTree as ET

    check_xml(path, data, (b"<Trackpoint", b":Trackpoint"))
    try:
        root = ET.fromstring(data)
    except ET.ParseError as exc:
        raise InvalidInput(f"{path}: not a readable TCX file ({short(exc)})") from None
    if _local(root.tag) != "TrainingCenterDatabase":
        raise InvalidInput(f"{path}: not a TCX file")
    return [
        _activity_run(path, activity, **options)
        for activity in root.iterfind("{*}Activities/{*}Activity")
        if (activity.get("Sport") or "").lower() == "running"
    ]


def _activity_run(path: Path, activity: Element, **options: Unpack[ReadOptions]) -> Run:
    """One running activity: its laps summed, heart rate weighted by lap time."""
    laps = activity.findall("{*}Lap")
    if not laps:
        raise InvalidInput(f"{path}: TCX activity without laps")
    start_text = activity.findtext("{*}Id") or laps[0].get("StartTime") or ""
    start = _parse_iso(path, start_text)
    distance = duration = hr_weighted = hr_time = 0.0
    intensities = []
    for lap in laps:
        seconds = number(path, lap.findtext("{*}TotalTimeSeconds"), "TotalTimeSeconds")
        distance += number(path, lap.findtext("{*}DistanceMeters"), "DistanceMeters")
        duration += seconds
        hr = _lap_hr(path, lap)
        if hr is not None:
            hr_weighted += hr * seconds
            hr_time += seconds
        intensities.append((lap.findtext("{*}Intensity") or "Active").strip().lower())
    return make_run(
        path,
        "tcx",
        start=start,
        offset=own_offset(start),  # a TCX written in local time says its day
        distance_m=distance,
        duration_s=duration,
        sport="running",
        avg_hr=hr_weighted / hr_time if hr_time else None,
        intervals=intervals(intensities),
        **options,
    )


def _lap_hr(path: Path, lap: Element) -> float | None:
    """A lap's mean heart rate: its AverageHeartRateBpm, else the mean of its trackpoints'
    HeartRateBpm (as the GPX reader takes them; the QA run: a TCX whose laps had no
    average read as no heart rate, and a hard run as easy)."""
    text = lap.findtext("{*}AverageHeartRateBpm/{*}Value")
    if text:
        return number(path, text, "AverageHeartRateBpm")
    found = lap.findall("{*}Track/{*}Trackpoint/{*}HeartRateBpm/{*}Value")
    samples = [number(path, e.text, "HeartRateBpm") for e in found if e.text]
    return sum(samples) / len(samples) if samples else None


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _parse_iso(path: Path, text: str) -> dt.datetime:
    try:
        value = dt.datetime.fromisoformat(text.strip().replace("Z", "+00:00"))
    except ValueError:
        raise InvalidInput(f"{path}: bad time {text[:40]!r}") from None
    return aware(value)
