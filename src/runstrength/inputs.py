"""Parsing what a runner types (`40km`, `tue,thu`, `2026-12-07`) into typed values.

Every problem becomes an InvalidProfile naming the flag, so the CLI prints one line and
exits 2. Pure functions: the CLI passes `today` in.
"""

from __future__ import annotations

import datetime as dt
import re
from enum import StrEnum
from typing import Any, TypeVar

from runstrength.enums import DistanceUnit, Weekday
from runstrength.errors import InvalidProfile
from runstrength.units import to_km

E = TypeVar("E", bound=StrEnum)

_VOLUME = re.compile(r"^\s*(?P<num>[0-9]+(?:\.[0-9]+)?)\s*(?P<unit>[a-zA-Z]*)\s*$")
_UNITS = {
    "": DistanceUnit.KM,
    "k": DistanceUnit.KM,
    "km": DistanceUnit.KM,
    "kms": DistanceUnit.KM,
    "mi": DistanceUnit.MI,
    "mile": DistanceUnit.MI,
    "miles": DistanceUnit.MI,
}
MAX_WEEKLY_KM = 400


def parse_choice(flag: str, value: str, enum: type[E]) -> E:
    """One value of a StrEnum, case-insensitive."""
    try:
        return enum(value.strip().lower())
    except ValueError:
        choices = ", ".join(m.value for m in enum)
        raise InvalidProfile(f"{flag}: {value!r} is not one of {choices}") from None


def parse_volume(value: str) -> tuple[float, DistanceUnit]:
    """'40', '40km', '25mi', '25 miles' → (number, unit); km is the default unit."""
    match = _VOLUME.match(value)
    if value.strip().startswith("-"):
        raise InvalidProfile(f"--volume: {value!r} is negative; give the km or mi you run a week")
    if match is None:
        raise InvalidProfile(
            f"--volume: {value!r} is not a weekly distance; write it like 40, 40km or 25mi"
        )
    unit_text = match["unit"].lower()
    if unit_text not in _UNITS:
        raise InvalidProfile(f"--volume: unknown unit {match['unit']!r}; use km or mi")
    number = float(match["num"])
    unit = _UNITS[unit_text]
    km = to_km(number, unit)
    if km > MAX_WEEKLY_KM:
        raise InvalidProfile(f"--volume: {value} a week is more than anyone runs; check the unit")
    return number, unit


def parse_days(value: str) -> int:
    """Strength days a week: 2 or 3."""
    if value.strip() not in ("2", "3"):
        raise InvalidProfile(f"--days: {value!r} is not 2 or 3 (strength days a week)")
    return int(value)


def parse_weeks(value: str) -> int:
    """Plan length in weeks, 1–52."""
    if not value.strip().isdigit() or not 1 <= int(value) <= 52:
        raise InvalidProfile(f"--weeks: {value!r} is not a whole number of weeks from 1 to 52")
    return int(value)


def parse_date(flag: str, value: str) -> dt.date:
    """An ISO date (YYYY-MM-DD)."""
    try:
        return dt.date.fromisoformat(value.strip())
    except ValueError:
        raise InvalidProfile(f"{flag}: {value!r} is not a date; use YYYY-MM-DD") from None


def parse_weekdays(flag: str, value: str) -> list[Weekday]:
    """'tue,thu' or 'Tuesday, Thursday' → weekdays in week order, without repeats."""
    days: set[Weekday] = set()
    for part in value.split(","):
        word = part.strip().lower()
        if not word:
            continue
        days.add(parse_weekday(flag, word))
    return sorted(days, key=lambda d: d.number)


def parse_weekday(flag: str, value: str) -> Weekday:
    """'tue', 'Tuesday' → Weekday.TUE."""
    word = value.strip().lower()
    for day in Weekday:
        if len(word) >= 3 and day.value == word[:3] and _full_name(day).startswith(word):
            return day
    raise InvalidProfile(f"{flag}: {value!r} is not a weekday (mon, tue, … sun)")


def _full_name(day: Weekday) -> str:
    return dt.date(2024, 1, 1 + day.number).strftime("%A").lower()  # 2024-01-01 is a Monday


def parse_list(value: str) -> list[str]:
    """'gym' or 'dumbbells, box' → names, in order, without repeats."""
    return list(dict.fromkeys(p.strip().lower() for p in value.split(",") if p.strip()))


def profile_fields(**flags: Any) -> dict[str, Any]:
    """Parse raw flag strings (None = not given) into Profile fields, naming each flag.

    Keys: season, volume, days, weeks, level, equipment, injury (list), start, race_date,
    race_distance, hard_days, long_run_day, load_unit.
    """
    from runstrength.enums import Level, LoadUnit, RaceDistance, Season

    fields: dict[str, Any] = {}
    if flags["season"] is not None:
        fields["season"] = parse_choice("--season", flags["season"], Season)
    if flags["volume"] is not None:
        fields["weekly_volume"], fields["unit"] = parse_volume(flags["volume"])
    if flags["days"] is not None:
        fields["days"] = parse_days(flags["days"])
    if flags["weeks"] is not None:
        fields["weeks"] = parse_weeks(flags["weeks"])
    if flags["level"] is not None:
        fields["level"] = parse_choice("--level", flags["level"], Level)
    if flags["equipment"] is not None:
        fields["equipment"] = parse_list(flags["equipment"])
    if flags["injury"]:
        tags: list[str] = []
        for raw in flags["injury"]:
            tags.extend(parse_list(raw))
        fields["injuries"] = list(dict.fromkeys(tags))
    if flags["start"] is not None:
        fields["start_date"] = parse_date("--start", flags["start"])
    if flags["race_date"] is not None:
        fields["race_date"] = parse_date("--race-date", flags["race_date"])
    if flags["race_distance"] is not None:
        fields["race_distance"] = parse_choice(
            "--race-distance", flags["race_distance"], RaceDistance
        )
    if flags["hard_days"] is not None:
        fields["hard_days"] = parse_weekdays("--hard-days", flags["hard_days"])
    if flags["long_run_day"] is not None:
        fields["long_run_day"] = parse_weekday("--long-run-day", flags["long_run_day"])
    if flags["load_unit"] is not None:
        fields["load_unit"] = parse_choice("--load-unit", flags["load_unit"], LoadUnit)
    return fields
