"""FIT files built with Garmin's SDK encoder the way a watch writes them, for the watch tests.

A running activity: file_id, device_info, a start event, one record every 10 s, laps, a
session, a stop event and the activity summary (with local_timestamp, as watches write).
A strength activity: the same frame with set messages (active and rest) instead of records.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from pathlib import Path
from typing import Any, cast

import fitdecode
from garmin_fit_sdk import Decoder, Encoder, Profile, Stream

FIT_EPOCH = dt.datetime(1989, 12, 31, tzinfo=dt.UTC)
NUM = {mesg["name"]: num for num, mesg in Profile["messages"].items()}


def _local(ts: dt.datetime, offset_h: float) -> int:
    return int((ts - FIT_EPOCH).total_seconds() + offset_h * 3600)


def _frame_start(enc: Encoder, start: dt.datetime, serial: int) -> None:
    enc.on_mesg(
        NUM["file_id"],
        {
            "type": "activity",
            "manufacturer": "garmin",
            "product": 3113,
            "serial_number": serial,
            "time_created": start,
        },
    )
    enc.on_mesg(
        NUM["device_info"],
        {"timestamp": start, "device_index": "creator", "manufacturer": "garmin", "product": 3113},
    )
    enc.on_mesg(
        NUM["event"],
        {"timestamp": start, "event": "timer", "event_type": "start", "event_group": 0},
    )


def run_fit(
    start: dt.datetime,
    *,
    laps: Sequence[tuple[str, float, float, int]] = (("active", 3000.0, 10000.0, 140),),
    sport: str = "running",
    sub_sport: str = "generic",
    offset_h: float = 1.0,
    serial: int = 3_400_000_001,
    with_session: bool = True,
) -> bytes:
    """A running (or other sport) activity; laps are (intensity, seconds, metres, avg HR)."""
    enc = Encoder()
    _frame_start(enc, start, serial)
    t = start
    dist = 0.0
    lap_mesgs = []
    for index, (intensity, seconds, metres, hr) in enumerate(laps):
        steps = max(1, int(seconds // 10))
        for k in range(steps):
            enc.on_mesg(
                NUM["record"],
                {
                    "timestamp": t + dt.timedelta(seconds=10 * k),
                    "distance": round(dist + metres * k / steps, 2),
                    "speed": round(metres / seconds, 3),
                    "heart_rate": hr,
                    "cadence": 86,
                },
            )
        lap = {
            "message_index": index,
            "timestamp": t + dt.timedelta(seconds=seconds),
            "start_time": t,
            "total_elapsed_time": seconds,
            "total_timer_time": seconds,
            "total_distance": metres,
            "avg_heart_rate": hr,
            "intensity": intensity,
            "lap_trigger": "manual",
            "sport": sport,
            "event": "lap",
            "event_type": "stop",
        }
        enc.on_mesg(NUM["lap"], lap)
        lap_mesgs.append(lap)
        t += dt.timedelta(seconds=seconds)
        dist += metres
    total_s = sum(lap[1] for lap in laps)
    avg_hr = round(sum(lap[3] * lap[1] for lap in laps) / total_s)
    enc.on_mesg(NUM["event"], {"timestamp": t, "event": "timer", "event_type": "stop_all"})
    if with_session:
        enc.on_mesg(
            NUM["session"],
            {
                "message_index": 0,
                "timestamp": t,
                "start_time": start,
                "total_elapsed_time": total_s,
                "total_timer_time": total_s,
                "total_distance": dist,
                "sport": sport,
                "sub_sport": sub_sport,
                "avg_heart_rate": avg_hr,
                "first_lap_index": 0,
                "num_laps": len(laps),
                "event": "session",
                "event_type": "stop",
                "trigger": "activity_end",
            },
        )
    enc.on_mesg(
        NUM["activity"],
        {
            "timestamp": t,
            "total_timer_time": total_s,
            "num_sessions": 1 if with_session else 0,
            "type": "manual",
            "event": "activity",
            "event_type": "stop",
            "local_timestamp": _local(t, offset_h),
        },
    )
    return bytes(enc.close())


def strength_fit(
    start: dt.datetime,
    sets: Sequence[dict[str, Any]],
    *,
    rest_s: float = 60.0,
    workout_steps: Sequence[dict[str, Any]] = (),
) -> bytes:
    """A strength activity. Each set dict: category, subtype, reps, weight (kg) or duration."""
    enc = Encoder()
    _frame_start(enc, start, 3_400_000_002)
    for step in workout_steps:
        enc.on_mesg(NUM["workout_step"], step)
    t = start
    for index, s in enumerate(sets):
        duration = float(s.get("duration", 40.0))
        mesg: dict[str, Any] = {
            "timestamp": t + dt.timedelta(seconds=duration),
            "start_time": t,
            "duration": duration,
            "set_type": "active",
            "message_index": 2 * index,
            "category": [s["category"]],
            "category_subtype": [s["subtype"]] if s.get("subtype") is not None else None,
            "repetitions": s.get("reps"),
            "weight": s.get("weight"),
            "weight_display_unit": s.get("unit", "kilogram"),
            "wkt_step_index": s.get("wkt_step_index"),
        }
        enc.on_mesg(NUM["set"], mesg)
        t += dt.timedelta(seconds=duration)
        enc.on_mesg(
            NUM["set"],
            {
                "timestamp": t + dt.timedelta(seconds=rest_s),
                "start_time": t,
                "duration": rest_s,
                "set_type": "rest",
                "message_index": 2 * index + 1,
            },
        )
        t += dt.timedelta(seconds=rest_s)
    total = (t - start).total_seconds()
    enc.on_mesg(
        NUM["session"],
        {
            "message_index": 0,
            "timestamp": t,
            "start_time": start,
            "total_elapsed_time": total,
            "total_timer_time": total,
            "sport": "training",
            "sub_sport": "strength_training",
            "first_lap_index": 0,
            "num_laps": 1,
        },
    )
    enc.on_mesg(
        NUM["activity"],
        {
            "timestamp": t,
            "total_timer_time": total,
            "num_sessions": 1,
            "type": "manual",
            "event": "activity",
            "event_type": "stop",
            "local_timestamp": _local(t, 1.0),
        },
    )
    return bytes(enc.close())


def fitdecode_messages(path: Path) -> list[tuple[str, dict[str, Any]]]:
    """Every data message through fitdecode (a second, independent decoder), CRC checked."""
    out = []
    with fitdecode.FitReader(
        str(path),
        check_crc=fitdecode.CrcCheck.ENABLED,
        error_handling=fitdecode.ErrorHandling.RAISE,
    ) as reader:
        for frame in reader:
            if isinstance(frame, fitdecode.FitDataMessage):
                out.append((frame.name, {f.name: f.value for f in frame.fields}))
    return out


def decode_sdk(data: bytes) -> dict[str, list[dict[str, Any]]]:
    assert Decoder(Stream.from_byte_array(bytearray(data))).check_integrity()
    messages, errors = Decoder(Stream.from_byte_array(bytearray(data))).read()
    assert errors == []
    # The SDK's stubs type these as TypedDicts whose enum values are camelCase
    # ("strengthTraining"), but the decoder returns snake_case strings
    # ("strength_training"): read them as the plain dicts they are at run time.
    return cast(dict[str, list[dict[str, Any]]], messages)


def decode_both(tmp_path: Path, data: bytes) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """The workout steps through Garmin's SDK and through fitdecode."""
    sdk = decode_sdk(data)["workout_step_mesgs"]
    path = tmp_path / "w.fit"
    path.write_bytes(data)
    other = [fields for name, fields in fitdecode_messages(path) if name == "workout_step"]
    assert len(sdk) == len(other)
    return sdk, other
