"""The one place that talks to Garmin's FIT SDK: a small typed wrapper.

Every other module asks this one to decode bytes or encode messages by name, so the SDK's
dict-of-Any interface stays behind one door and its import stays lazy.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from typing import Any

from runstrength.errors import InvalidInput

Messages = dict[str, list[dict[str, Any]]]

FIT_EPOCH = dt.datetime(1989, 12, 31, tzinfo=dt.UTC)
# The SDK decodes about 150 KB a second on one slow core; a 24 h run recorded every second
# is 2-4 MB. Past this size the file is refused before decoding, so the work stays bounded.
MAX_FIT_BYTES = 8 * 1024 * 1024


# Garmin's decoder, as every reader here wants it: scaled values, datetimes, enum names,
# the CRC checked, sub-fields and components expanded, heart rates left in their records.
_DECODE_OPTIONS = {
    "apply_scale_and_offset": True,
    "convert_datetimes_to_dates": True,
    "convert_types_to_strings": True,
    "enable_crc_check": True,
    "expand_sub_fields": True,
    "expand_components": True,
    "merge_heart_rates": False,
}


def _sdk() -> Any:
    try:
        import garmin_fit_sdk
    except ImportError:  # pragma: no cover - the extra is installed in tests
        raise InvalidInput(
            "FIT files need the watch extra: pip install 'runstrength[watch]'"
        ) from None
    return garmin_fit_sdk


def decode(data: bytes, name: str) -> Messages:
    """Every message of a FIT file by kind ('session_mesgs', ...), or InvalidInput naming it."""
    sdk = _sdk()
    if len(data) < 14 or data[8:12] != b".FIT":
        raise InvalidInput(f"{name}: not a FIT file")
    if len(data) > MAX_FIT_BYTES:
        raise InvalidInput(f"{name}: {len(data)} bytes is over the {MAX_FIT_BYTES} byte FIT limit")
    header_size = data[0]
    declared = header_size + int.from_bytes(data[4:8], "little") + 2
    if header_size not in (12, 14):
        raise InvalidInput(f"{name}: damaged FIT file (bad header size {header_size})")
    if declared > len(data):
        raise InvalidInput(f"{name}: truncated FIT file ({len(data)} of {declared} bytes)")
    decoder = sdk.Decoder(sdk.Stream.from_byte_array(bytearray(data)))
    try:
        messages, errors = decoder.read(**_DECODE_OPTIONS)
    except Exception as exc:  # the SDK reports most problems in `errors`, a few by raising
        raise InvalidInput(f"{name}: unreadable FIT file ({_one_line(exc)})") from None
    if errors:
        raise InvalidInput(f"{name}: damaged FIT file ({_one_line(errors[0])})")
    return dict(messages)


def activity(data: bytes, name: str) -> Messages:
    """The messages of a FIT activity file; InvalidInput naming any other kind of FIT file."""
    messages = decode(data, name)
    file_ids = messages.get("file_id_mesgs", [])
    kind = file_ids[0].get("type") if file_ids else None
    if kind != "activity":
        raise InvalidInput(f"{name}: a FIT {kind or 'untyped'} file, not an activity")
    return messages


def _one_line(exc: object) -> str:
    text = " ".join(str(exc).split()) or type(exc).__name__
    if "CRC" in text.upper():
        return "wrong CRC"
    if "end of file" in text or "bytes remaining" in text:
        return "truncated"
    if len(text) > 80:
        text = text[:77] + "..."
    return text


def mesg_num(name: str) -> int:
    """The global message number of a profile message name ('workout_step' -> 27)."""
    for num, mesg in _sdk().Profile["messages"].items():
        if mesg["name"] == name:
            return int(num)
    raise KeyError(name)


def type_values(type_name: str) -> dict[int, str]:
    """A profile type's values by number, e.g. 'exercise_category' -> {28: 'squat', ...}."""
    values = _sdk().Profile["types"].get(type_name)
    if values is None:
        raise KeyError(type_name)
    return {int(k): str(v) for k, v in values.items()}


def encode(messages: Sequence[tuple[str, Mapping[str, Any]]]) -> bytes:
    """A complete FIT file (header, messages in order, CRC) from (message name, fields)."""
    sdk = _sdk()
    encoder = sdk.Encoder()
    for name, fields in messages:
        encoder.on_mesg(mesg_num(name), dict(fields))
    data = encoder.close()
    return bytes(data)


def fit_timestamp(value: dt.datetime) -> int:
    """Seconds since the FIT epoch (1989-12-31 UTC)."""
    return int((value - FIT_EPOCH).total_seconds())


def utc_offset(messages: Messages) -> dt.timedelta | None:
    """The watch's UTC offset: activity.local_timestamp minus activity.timestamp."""
    for activity in messages.get("activity_mesgs", []):
        stamp, local = activity.get("timestamp"), activity.get("local_timestamp")
        if isinstance(stamp, dt.datetime) and isinstance(local, int):
            offset = dt.timedelta(seconds=local - fit_timestamp(stamp))
            if abs(offset) <= dt.timedelta(hours=14):
                return offset
    return None
