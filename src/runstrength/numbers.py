"""Strict parsers for the numbers and dates a person (or a hostile file) types.

Python's own parsers are generous in ways that break a program later: `int("٣")` is 3,
`"²".isdigit()` is True but `int("²")` fails, `int("9" * 5000)` raises past 4,300 digits,
`float("nan")` and `float("inf")` parse, and `date.fromisoformat("0001-01-01")` makes a
date that overflows on the first `- timedelta`. These accept ASCII digits only, within a
length cap, a range and (for dates) years 1900–2100. Each raises `BadValue` whose text is
the reason alone; the caller adds its own `--flag:` or `SPEC` prefix and error type.
`shown()` quotes a value for a message: clipped, and with control characters escaped.
"""

from __future__ import annotations

import datetime as dt
import math
import re

from runstrength.text import printable

MAX_DIGITS = 12  # no count, load, distance or id a person types has more
FIRST_DATE = dt.date(1900, 1, 1)
LAST_DATE = dt.date(2100, 12, 31)
_INT = re.compile(r"[+-]?[0-9]+")
_DECIMAL = re.compile(r"[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)")
_ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


class BadValue(ValueError):
    """A value that is not a strict number or date; the text is the reason only."""


def shown(value: object, limit: int = 40) -> str:
    """`value` quoted for a one-line message: repr, clipped to `limit`, escapes visible."""
    text = str(value)
    if len(text) > limit:
        text = text[: limit - 1] + "…"
    return printable(repr(text))


def strict_int(text: str, *, low: int | None = None, high: int | None = None) -> int:
    """An integer written in ASCII digits (an optional sign), at most MAX_DIGITS long,
    within [low, high]."""
    raw = text.strip()
    if not _INT.fullmatch(raw):
        raise BadValue(f"{shown(text)} is not a whole number (digits 0-9)")
    if len(raw.lstrip("+-")) > MAX_DIGITS:
        raise BadValue(f"{shown(text)} has too many digits")
    value = int(raw)
    _check_range(text, value, low, high)
    return value


def strict_float(text: str, *, low: float | None = None, high: float | None = None) -> float:
    """A finite decimal number in ASCII digits (`12`, `82.5`, `-3`): no NaN, no infinity,
    no exponent, no `_`, at most MAX_DIGITS digits before the point, within [low, high]."""
    raw = text.strip()
    if not _DECIMAL.fullmatch(raw):
        raise BadValue(f"{shown(text)} is not a number (digits 0-9 and one '.')")
    whole = raw.lstrip("+-").split(".")[0]
    if len(whole) > MAX_DIGITS or len(raw) > 2 * MAX_DIGITS + 2:
        raise BadValue(f"{shown(text)} has too many digits")
    value = float(raw)
    if not math.isfinite(value):  # cannot happen with the pattern above; kept as the contract
        raise BadValue(f"{shown(text)} is not a finite number")
    _check_range(text, value, low, high)
    return value


def finite(value: float, *, low: float | None = None, high: float | None = None) -> float:
    """An already-parsed number (JSON, YAML) held to the same rules: finite, in range."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise BadValue(f"{shown(value)} is not a number")
    if isinstance(value, float) and not math.isfinite(value):
        raise BadValue(f"{shown(value)} is not a finite number")
    if isinstance(value, int) and abs(value) >= 10**MAX_DIGITS:
        raise BadValue(f"{shown(value)} has too many digits")
    _check_range(value, value, low, high)
    return value


def _check_range(text: object, value: float, low: float | None, high: float | None) -> None:
    if low is not None and value < low:
        word = "negative" if low == 0 else f"below {low:g}"
        raise BadValue(f"{shown(text)} is {word}; the least allowed is {low:g}")
    if high is not None and value > high:
        raise BadValue(f"{shown(text)} is above {high:g}, the most allowed")


def strict_date(text: str, *, first: dt.date = FIRST_DATE, last: dt.date = LAST_DATE) -> dt.date:
    """A YYYY-MM-DD date in ASCII digits, from `first` to `last` (1900–2100 by default)."""
    raw = text.strip()
    if not _ISO_DATE.fullmatch(raw):
        raise BadValue(f"{shown(text)} is not a date; use YYYY-MM-DD")
    try:
        day = dt.date.fromisoformat(raw)
    except ValueError:
        raise BadValue(f"{shown(text)} is not a date of the calendar") from None
    return date_in_range(day, first=first, last=last)


def date_in_range(
    day: dt.date, *, first: dt.date = FIRST_DATE, last: dt.date = LAST_DATE
) -> dt.date:
    """`day` if it lies from `first` to `last`, else BadValue (for dates from files)."""
    if not first <= day <= last:
        raise BadValue(f"{day.isoformat()} is outside {first.isoformat()} to {last.isoformat()}")
    return day
