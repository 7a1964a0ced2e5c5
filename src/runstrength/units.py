"""Units: kg/lb and km/mi conversions, the only copy.

The plan and the log both convert loads and distances; a second copy of a constant is a
second chance for the two to disagree, so every conversion in the package comes from here.
"""

from __future__ import annotations

from collections.abc import Mapping

from runstrength.enums import DistanceUnit, LoadUnit

LB_PER_KG = 2.2046226218
KG_PER_LB = 0.45359237  # exact by definition; the log's SQL uses it too
# The rules brief rounds a mile to 1.609 km; plans show volumes to 0.1 km, so the
# rounding never shows, and keeping it keeps every band boundary where the brief put it.
KM_PER_MI = 1.609


def convert_load(value: float, unit: LoadUnit | str | None, to: LoadUnit | str) -> float:
    """A load in `unit` (kg or lb; None means `to`) expressed in `to`.

    >>> round(convert_load(100, LoadUnit.KG, LoadUnit.LB), 2)
    220.46
    >>> convert_load(80, None, LoadUnit.KG)
    80
    """
    if unit is None or str(unit) == str(to):
        return value
    return value * LB_PER_KG if str(unit) == "kg" else value / LB_PER_KG


def maxes_in(
    maxes: Mapping[str, float], unit: LoadUnit | str, to: LoadUnit | str
) -> dict[str, float]:
    """Known maxes (a profile's, in `unit`) in `to`, to 0.01: a max is an estimate, not a
    plate load. A profile's maxes are numbers in its load unit, so a change of unit
    converts them (the QA run: 265 lb became 265 kg, and `next` asked 187.5 kg).

    >>> maxes_in({"trap-bar-deadlift": 265.0}, LoadUnit.LB, LoadUnit.KG)
    {'trap-bar-deadlift': 120.2}
    """
    return {k: round(convert_load(v, unit, to), 2) for k, v in maxes.items()}


def to_km(volume: float, unit: DistanceUnit) -> float:
    """A weekly volume in km, rounded to 0.1 km.

    >>> to_km(40, DistanceUnit.MI)
    64.4
    """
    km = volume * KM_PER_MI if unit is DistanceUnit.MI else volume
    return round(km, 1)
