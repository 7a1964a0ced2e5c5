"""What a runner types when logging: SPEC strings, loads, RIR, pain and dates.

SPEC grammar (case-insensitive, spaces ignored, `×` works as `x`):

    SPEC  := DOSES [ "@" LOAD ]  |  "@" LOAD          (the second reuses a prescribed dose)
    DOSES := SETS "x" DOSE  |  DOSE { "," DOSE }
    DOSE  := INT [ "s" | "c" | "m" ]                  reps | seconds | contacts | metres
    LOAD  := NUMBER [ "kg" | "lb" ]  |  "bw"          no unit: the profile's load unit

    3x5@80kg   5,5,4@82.5kg   3x10   3x30s   3x20c   2x30m@24kg   3x5@175lb   @85

Every error is an InvalidInput whose message is one line naming the bad part.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from typing import NamedTuple

from runstrength.enums import LoadUnit
from runstrength.errors import InvalidInput

EXAMPLES = "e.g. 3x5@80kg, 5,5,4@82.5kg, 3x10, 3x30s, 3x20c"
MAX_SETS = 20
MAX_REPS = 100
MAX_SECONDS = 3600
MAX_CONTACTS = 500
MAX_METRES = 5000
MAX_LOAD = {LoadUnit.KG: 1000.0, LoadUnit.LB: 2200.0}
# What `profile set KEY VALUE` takes (the keys of log.service.set_profile_value).
PROFILE_KEYS = (
    "season, volume, days, weeks, level, equipment, injuries, load-unit, start, race-date, "
    "race-distance, hard-days, long-run-day, increment, max"
)
UNITS = {"kg": LoadUnit.KG, "kgs": LoadUnit.KG, "lb": LoadUnit.LB, "lbs": LoadUnit.LB}

_DOSE = re.compile(r"^(\d+)([scm]?)$")
_LOAD = re.compile(r"^(-?\d+(?:\.\d+)?|-?\.\d+)([a-z]*)$")


class SetDose(NamedTuple):
    """One set as typed: exactly one of reps/seconds/contacts/distance_m, maybe a load."""

    reps: int | None = None
    seconds: int | None = None
    contacts: int | None = None
    distance_m: float | None = None
    load: float | None = None  # None: bodyweight
    unit: LoadUnit | None = None


def _bad(spec: str, why: str) -> InvalidInput:
    return InvalidInput(f"bad SPEC {spec!r}: {why} ({EXAMPLES})")


def parse_load(text: str, default_unit: LoadUnit, spec: str | None = None) -> SetDose:
    """'80', '82.5kg', '175lb', 'bw' -> a load-only SetDose (no dose)."""
    raw = text.strip().lower().replace(" ", "")
    shown = spec if spec is not None else text
    if raw in ("bw", "bodyweight"):
        return SetDose()
    match = _LOAD.match(raw)
    if not match:
        raise _bad(shown, f"load {text.strip()!r} is not a number with kg or lb")
    number, unit_text = match.groups()
    unit = default_unit
    if unit_text:
        if unit_text not in UNITS:
            raise _bad(shown, f"unknown unit {unit_text!r}; use kg or lb")
        unit = UNITS[unit_text]
    value = float(number)
    if value <= 0:
        raise _bad(shown, f"the load must be above 0, got {number}")
    if value > MAX_LOAD[unit]:
        raise _bad(shown, f"a load of {value:g} {unit} is not plausible")
    return SetDose(load=value, unit=unit)


def _dose(token: str, spec: str) -> SetDose:
    match = _DOSE.match(token)
    if not match:
        if token == "":
            raise _bad(spec, "a dose is missing")
        raise _bad(spec, f"{token!r} is not a dose like 5, 30s, 20c or 30m")
    number, kind = int(match.group(1)), match.group(2)
    if kind == "s":
        if not 1 <= number <= MAX_SECONDS:
            raise _bad(spec, f"a hold of {number} s is not plausible")
        return SetDose(seconds=number)
    if kind == "c":
        if not 1 <= number <= MAX_CONTACTS:
            raise _bad(spec, f"{number} contacts in one set is not plausible")
        return SetDose(contacts=number)
    if kind == "m":
        if not 1 <= number <= MAX_METRES:
            raise _bad(spec, f"{number} m in one set is not plausible")
        return SetDose(distance_m=float(number))
    if number > MAX_REPS:
        raise _bad(spec, f"{number} reps in one set is not plausible")
    return SetDose(reps=number)


def parse_spec(
    spec: str, default_unit: LoadUnit, prescribed: Sequence[SetDose] | None = None
) -> list[SetDose]:
    """Parse a SPEC into one SetDose per set. `@LOAD` alone needs `prescribed` sets."""
    raw = spec.strip().lower().replace(" ", "").replace("×", "x").replace("*", "x")
    if not raw:
        raise _bad(spec, "it is empty")
    if raw.count("@") > 1:
        raise _bad(spec, "more than one '@'")
    doses_text, at, load_text = raw.partition("@")
    if at and not load_text:
        raise _bad(spec, "nothing after '@'")
    load = parse_load(load_text, default_unit, spec) if at else SetDose()
    if not doses_text:
        if not at:
            raise _bad(spec, "it is empty")
        if not prescribed:
            raise _bad(spec, "give the sets too")
        return [d._replace(load=load.load, unit=load.unit) for d in prescribed]
    if "x" in doses_text:
        count_text, _, dose_text = doses_text.partition("x")
        if not count_text.isdigit():
            raise _bad(spec, "the number of sets is missing before 'x'")
        if "x" in dose_text or "," in dose_text:
            raise _bad(spec, "use either 3x5 or 5,5,4, not both")
        if not dose_text:
            raise _bad(spec, "the reps (or 30s, 20c) are missing after 'x'")
        count = int(count_text)
        if not 1 <= count <= MAX_SETS:
            raise _bad(spec, f"{count} sets is not plausible")
        doses = [_dose(dose_text, spec)] * count
    else:
        doses = [_dose(token, spec) for token in doses_text.split(",")]
        if len(doses) > MAX_SETS:
            raise _bad(spec, f"{len(doses)} sets is not plausible")
    return [d._replace(load=load.load, unit=load.unit) for d in doses]


def check_scale(name: str, value: int | None) -> int | None:
    """RIR or pain: None, or a whole number 0–10."""
    if value is not None and not 0 <= value <= 10:
        raise InvalidInput(f"{name} must be 0–10, got {value}")
    return value


def parse_scale(name: str, text: str) -> int | None:
    """'2' -> 2, '' -> None; anything else outside 0–10 is an InvalidInput."""
    raw = text.strip()
    if not raw:
        return None
    if not raw.isdigit():
        raise InvalidInput(f"{name} must be a whole number 0–10, got {raw!r}")
    return check_scale(name, int(raw))


def parse_date(text: str, today: dt.date) -> dt.date:
    """'2026-03-02', 'today' or 'yesterday'; a date after `today` is refused."""
    raw = text.strip().lower()
    if raw == "today":
        return today
    if raw == "yesterday":
        return today - dt.timedelta(days=1)
    try:
        day = dt.date.fromisoformat(raw)
    except ValueError:
        raise InvalidInput(f"{text!r} is not a date; use YYYY-MM-DD") from None
    if day > today:
        raise InvalidInput(f"{day.isoformat()} is in the future; log what you have done")
    return day


def num_text(value: float) -> str:
    """A number as the log shows it: at most two decimals, no trailing zeros.

    >>> num_text(82.5), num_text(100.0), num_text(1.255)
    ('82.5', '100', '1.25')
    """
    return f"{round(value, 2):g}"


def format_doses(doses: Sequence[SetDose]) -> str:
    """The compact text of some sets: '3×5 @ 80 kg', '5,5,4 @ 82.5 kg', '3×30 s', '2×30 m';
    runs of sets at different loads are joined with '; ' ('5,5 @ 80 kg; 3 @ 85 kg')."""
    if not doses:
        return "skipped"
    groups: list[list[SetDose]] = []
    for d in doses:
        if groups and (groups[-1][-1].load, groups[-1][-1].unit) == (d.load, d.unit):
            groups[-1].append(d)
        else:
            groups.append([d])
    texts = []
    for group in groups:
        parts = [_dose_text(d) for d in group]
        text = (
            f"{len(parts)}×{parts[0]}"
            if len(set(parts)) == 1 and len(parts) > 1
            else ",".join(parts)
        )
        first = group[0]
        if first.load is not None:
            text += f" @ {first.load:g} {first.unit}"
        texts.append(text)
    return "; ".join(texts)


def _dose_text(d: SetDose) -> str:
    if d.seconds is not None:
        return f"{d.seconds} s"
    if d.contacts is not None:
        return f"{d.contacts}c"
    if d.distance_m is not None:
        return f"{d.distance_m:g} m"
    return str(d.reps if d.reps is not None else 0)
