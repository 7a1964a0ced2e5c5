"""GPX tracks: one run per timed track, distance along the track, duration from its times.

gpxpy is imported only when a GPX file is read; the XML is checked first (`limits.check_xml`).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Unpack

from runstrength.errors import InvalidInput
from runstrength.watch.limits import check_xml, read_capped, short
from runstrength.watch.run_model import (
    ReadOptions,
    Run,
    aware,
    make_run,
    own_offset,
    sport_from_text,
)


def read_gpx(path: Path, **options: Unpack[ReadOptions]) -> list[Run]:
    """One run per timed GPX track: distance along the track, duration from its times."""
    return gpx_runs(path, read_capped(path), **options)


def gpx_runs(path: Path, data: bytes, **options: Unpack[ReadOptions]) -> list[Run]:
    """The runs in the bytes of a GPX file: tracks typed as a run, or untyped."""
    check_xml(path, data, (b"<trkpt", b"<rtept", b"<wpt", b":trkpt"))
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
        raise InvalidInput(f"{path}: not a readable GPX file ({short(exc)})") from None
    runs = []
    for track in gpx.tracks:
        kind = (track.type or "").strip().lower()
        sport = sport_from_text(kind) if kind else "running"
        if sport is None:
            continue
        _check_points(path, track)
        bounds = track.get_time_bounds()
        if bounds.start_time is None or bounds.end_time is None:
            raise InvalidInput(f"{path}: GPX track without times; cannot tell when the run was")
        start = aware(bounds.start_time)
        elapsed = (aware(bounds.end_time) - start).total_seconds()
        moving = track.get_moving_data()
        duration = moving.moving_time if moving and moving.moving_time > 0 else elapsed
        hrs = [hr for seg in track.segments for p in seg.points if (hr := _gpx_hr(p)) is not None]
        runs.append(
            make_run(
                path,
                "gpx",
                start=start,
                offset=own_offset(start),  # a GPX written in local time says its day
                distance_m=track.length_2d() or 0.0,
                duration_s=duration,
                sport=sport,
                avg_hr=sum(hrs) / len(hrs) if hrs else None,
                intervals=False,
                **options,
            )
        )
    return runs


def _check_points(path: Path, track: Any) -> None:
    """Refuse a point off the globe (a NaN latitude made gpxpy's distance a math error)."""
    for segment in track.segments:
        for p in segment.points:
            if not (-90 <= p.latitude <= 90 and -180 <= p.longitude <= 180):
                raise InvalidInput(
                    f"{path}: a track point at latitude {p.latitude!s:.12}, longitude "
                    f"{p.longitude!s:.12} is not on the globe"
                )


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
