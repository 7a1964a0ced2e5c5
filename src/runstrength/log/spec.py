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
from runstrength.numbers import FIRST_DATE, LAST_DATE, BadValue
from runstrength.numbers import strict_int as strict_number

EXAMPLES = "e.g. 3x5@80kg, 5,5,4@82.5kg, 3x10, 3x30s, 3x20c"
MAX_SETS = 20
MAX_REPS = 100
MAX_SECONDS = 3600
MAX_CONTACTS = 500
MAX_METRES = 5000
MAX_LOAD = {LoadUnit.KG: 1000.0, LoadUnit.LB: 2200.0}
# What `profile set KEY VALUE` takes (the keys of log.profile.set_profile_value).
PROFILE_KEYS = (
    "season, volume, days, weeks, level, equipment, injuries, load-unit, start, race-date, "
    "race-distance, hard-days, long-run-day, increment, max, catalog"
)
UNITS = {"kg": LoadUnit.KG, "kgs": LoadUnit.KG, "lb": LoadUnit.LB, "lbs": LoadUnit.LB}

# ASCII digits only (`\\d` and str.isdigit() also take `²`, `①`, `٣`), and few of them, so
# int() and float() never see a Unicode digit or a number past Python's 4,300-digit limit.
_DOSE = re.compile(r"([0-9]{1,6})([scm]?)")
_LOAD = re.compile(r"(-?[0-9]{1,6}(?:\.[0-9]{1,6})?|-?\.[0-9]{1,6})([a-z]*)")
_INT = re.compile(r"[0-9]{1,6}")
_LONG_NUMBER = re.compile(r"[0-9]{7,}(?:\.[0-9]+)?(?:kg|lb|lbs|kgs)?")
_ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
# The dates the log holds, the kernel's (`numbers`): anything outside breaks date
# arithmetic later (a session dated 0001-01-01 made `next` overflow), and no runner trains
# outside them.
MIN_DATE, MAX_DATE = FIRST_DATE, LAST_DATE
# What a note, a label or a created_at may hold: printable text, newlines and tabs in notes.
MAX_NOTE = 2000
MAX_LABEL = 40


class SetDose(NamedTuple):
    """One set as typed: exactly one of reps/seconds/contacts/distance_m, maybe a load."""

    reps: int | None = None
    seconds: int | None = None
    contacts: int | None = None
    distance_m: float | None = None
    load: float | None = None  # None: bodyweight
    unit: LoadUnit | None = None


class BadSpec(InvalidInput):
    """A SPEC or load that does not parse; `why` is the reason alone, for a caller that
    reads a load in another setting (`profile set max`)."""

    def __init__(self, spec: str, why: str) -> None:
        super().__init__(f"bad SPEC {shown_text(spec, 60)}: {why} ({EXAMPLES})")
        self.why = why


def _bad(spec: str, why: str) -> BadSpec:
    return BadSpec(spec, why)


def parse_load(text: str, default_unit: LoadUnit, spec: str | None = None) -> SetDose:
    """'80', '82.5kg', '175lb', 'bw' -> a load-only SetDose (no dose)."""
    raw = text.strip().lower().replace(" ", "")
    shown = spec if spec is not None else text
    if raw in ("bw", "bodyweight"):
        return SetDose()
    match = _LOAD.fullmatch(raw)
    if not match:
        if _LONG_NUMBER.fullmatch(raw):  # 1000000000kg: a number, too long to be a load
            raise _bad(shown, f"a load of {shown_text(text.strip())} is not plausible")
        raise _bad(shown, f"load {shown_text(text.strip())} is not a number with kg or lb")
    number, unit_text = match.groups()
    unit = default_unit
    if unit_text:
        if unit_text not in UNITS:
            raise _bad(shown, f"unknown unit {shown_text(unit_text)}; use kg or lb")
        unit = UNITS[unit_text]
    value = float(number)
    if value <= 0:
        raise _bad(shown, f"the load must be above 0, got {number}")
    if value > MAX_LOAD[unit]:
        raise _bad(shown, f"a load of {value:g} {unit} is not plausible")
    return SetDose(load=value, unit=unit)


def _dose(token: str, spec: str) -> SetDose:
    match = _DOSE.fullmatch(token)
    if not match:
        if token == "":
            raise _bad(spec, "a dose is missing")
        raise _bad(spec, f"{shown_text(token)} is not a dose like 5, 30s, 20c or 30m")
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
            # @LOAD is "the prescribed sets at this load": only for an exercise of the
            # session (new-user review A8: the help shows @175lb, and off-plan it failed)
            raise _bad(spec, "@LOAD alone is for an exercise of today's session; give the sets too")
        return [d._replace(load=load.load, unit=load.unit) for d in prescribed]
    if "x" in doses_text:
        count_text, _, dose_text = doses_text.partition("x")
        if not _INT.fullmatch(count_text):
            raise _bad(spec, "the number of sets is missing before 'x'")
        if "," in dose_text:
            raise _bad(spec, "use either 3x5 or 5,5,4, not both")
        if "x" in dose_text:
            raise _bad(spec, "more than one 'x'")
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
    if load.load is None and all(d.reps == 0 for d in doses):
        # only reps can be 0 (a failed set); with no load either, nothing was done: a
        # "0" logged as a session's only entry would read as work, and count as a visit
        raise _bad(
            spec,
            "no set holds any work; log the sets you did, or a missed lift with its load (0@100kg)",
        )
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
    if not _INT.fullmatch(raw):
        raise InvalidInput(f"{name} must be a whole number 0–10, got {shown_text(raw)}")
    return check_scale(name, int(raw))


def parse_date(text: str, today: dt.date, flag: str | None = None) -> dt.date:
    """'2026-03-02', 'today' or 'yesterday'; a date after `today` is refused, said as a date
    to log on, or as the filter `flag` (`--since`) when given."""
    raw = text.strip().lower()
    if raw == "today":
        return check_date(today, "today")
    if raw == "yesterday":
        return check_date(check_date(today, "today") - dt.timedelta(days=1), "yesterday")
    day = strict_date(text, flag or "", words=", today or yesterday")
    if day > today and flag is not None:
        raise InvalidInput(
            f"{flag} {day.isoformat()} is in the future; nothing is logged after today"
        )
    if day > today:
        raise InvalidInput(f"{day.isoformat()} is in the future; log what you have done")
    return day


# --------------------------------------------------------------------------- strict values
# Small parsers and checks for what enters the log (SPEC, flags, `profile set`, import rows).
# Every failure is one InvalidInput line; they could merge with the kernel's (inputs.py).


def shown_key(name: str) -> str:
    """A `profile set` key as an error message shows it (short, one line)."""
    return name if name.isascii() and name.isprintable() and len(name) < 30 else shown_text(name)


def shown_text(value: object, limit: int = 40) -> str:
    """A value as an error message shows it: repr, one line, at most `limit` characters.

    >>> shown_text("9" * 100)
    "'9999999999999999999999999999999999999…"
    """
    text = repr(value)
    return text if len(text) <= limit else text[: limit - 2] + "…"


def strict_int(text: str, what: str, low: int, high: int) -> int:
    """ASCII digits only (no `²`, `٣`, sign or 5,000 digits), within low..high.

    >>> strict_int("12", "weeks", 1, 52)
    12
    """
    try:  # the kernel's strict parser: ASCII digits, a bounded length (`numbers`)
        return strict_number(text, low=low, high=high)
    except BadValue:
        raise InvalidInput(
            f"{what}: {shown_text(text)} is not a whole number {low}–{high}"
        ) from None


def check_int(value: object, what: str, low: int, high: int) -> int:
    """An int (not a bool, not a float) within low..high."""
    if type(value) is not int or not low <= value <= high:
        raise InvalidInput(f"{what}: {shown_text(value)} is not a whole number {low}–{high}")
    return value


def check_number(value: object, what: str, low: float, high: float) -> float:
    """A finite number (no NaN, no ±Infinity, no bool) with low < value <= high."""
    import math

    if isinstance(value, bool) or not isinstance(value, int | float):
        raise InvalidInput(f"{what}: {shown_text(value)} is not a number")
    number = float(value)
    if not math.isfinite(number) or not low < number <= high:
        raise InvalidInput(f"{what}: {shown_text(value)} is not above {low:g} and at most {high:g}")
    return number


def check_date(day: dt.date, what: str) -> dt.date:
    """A date within 1900-01-01..2100-12-31 (outside it, later date arithmetic breaks)."""
    if not MIN_DATE <= day <= MAX_DATE:
        raise InvalidInput(f"{what}: {day.isoformat()} is not a date between 1900 and 2100")
    return day


def strict_date(text: str, what: str, *, words: str = "") -> dt.date:
    """YYYY-MM-DD in ASCII digits, 1900–2100.

    >>> strict_date("2026-03-02", "--date")
    datetime.date(2026, 3, 2)
    """
    raw = text.strip()
    try:
        if not _ISO_DATE.fullmatch(raw):
            raise ValueError(raw)
        day = dt.date.fromisoformat(raw)
    except ValueError:
        prefix = f"{what}: " if what else ""
        said = f"{prefix}{shown_text(text)} is not a date; use YYYY-MM-DD{words}"
        raise InvalidInput(said) from None
    return check_date(day, what or "--date")


def check_text(
    value: object, what: str, limit: int, *, multiline: bool = False, empty: bool = True
) -> str:
    """Text without control or escape characters (newlines and tabs only when `multiline`),
    at most `limit` characters."""
    if not isinstance(value, str):
        raise InvalidInput(f"{what}: {shown_text(value)} is not text")
    if len(value) > limit:
        raise InvalidInput(f"{what}: longer than {limit} characters")
    if not empty and not value.strip():
        raise InvalidInput(f"{what}: is empty")
    allowed = "\n\t" if multiline else ""
    for ch in value:
        if ch not in allowed and not ch.isprintable() and ch != " ":
            raise InvalidInput(
                f"{what}: holds the control character {ch!r}; only printable text is kept"
            )
    return value


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
    """One set's dose as typed back: `30 s`, `20c`, `30 m`, else its reps."""
    for amount, unit in ((d.seconds, " s"), (d.contacts, "c"), (d.distance_m, " m")):
        if amount is not None:
            return f"{amount:g}{unit}"
    return str(d.reps if d.reps is not None else 0)
