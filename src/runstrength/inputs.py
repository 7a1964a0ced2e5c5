"""Parsing what a runner types (`40km`, `tue,thu`, `2026-12-07`) into typed values.

Every problem becomes an InvalidProfile naming the flag (and carrying it as `.field`), so
the CLI prints one line and exits 2. `FLAGS` is the one table of the runner's inputs: the
`plan` options, the roster columns and the `profile set` keys are all read from it, and
`ProfileFlags` turns their raw strings into a validated `Profile`. Pure functions: the CLI
passes `today` in.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, fields, replace
from enum import StrEnum
from typing import TYPE_CHECKING, Any, NamedTuple, TypeVar

from runstrength.enums import DistanceUnit, Level, LoadUnit, RaceDistance, Season, Weekday
from runstrength.errors import InvalidProfile
from runstrength.numbers import BadValue, shown, strict_date, strict_float, strict_int
from runstrength.units import to_km

if TYPE_CHECKING:
    from runstrength.models import Profile

E = TypeVar("E", bound=StrEnum)

_VOLUME = re.compile(r"\s*(?P<num>[0-9]+(?:\.[0-9]+)?)\s*(?P<unit>[a-zA-Z]*)\s*")
_NEGATIVE = re.compile(r"\s*-\s*[0-9.]+\s*[a-zA-Z]*\s*")  # a volume with a minus sign
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


def bad(flag: str, reason: str) -> InvalidProfile:
    """`--flag: reason` as an InvalidProfile whose `.field` is the flag's `FLAGS` name.

    Options outside the table (`--paper`, `--format`…) carry no field.
    """
    known = BY_OPTION.get(flag)
    return InvalidProfile(f"{flag}: {reason}", field=known.name if known else None, reason=reason)


def parse_choice(
    flag: str, value: str, enum: type[E], *, choices: tuple[E, ...] | None = None
) -> E:
    """One value of a StrEnum (or of `choices`, a subset of it), case-insensitive."""
    allowed = tuple(enum) if choices is None else choices
    try:
        found = enum(value.strip().lower())
    except ValueError:
        found = None
    if found is None or found not in allowed:
        names = ", ".join(m.value for m in allowed)
        raise bad(flag, f"{shown(value)} is not one of {names}")
    return found


def parse_volume(value: str) -> tuple[float, DistanceUnit]:
    """'40', '40km', '25mi', '25 miles' → (number, unit); km is the default unit."""
    match = _VOLUME.fullmatch(value)
    if _NEGATIVE.fullmatch(value):
        raise bad("--volume", f"{shown(value)} is negative; give the km or mi you run a week")
    if match is None:
        raise bad(
            "--volume", f"{shown(value)} is not a weekly distance; write it like 40, 40km or 25mi"
        )
    unit_text = match["unit"].lower()
    if unit_text not in _UNITS:
        raise bad("--volume", f"unknown unit {shown(match['unit'])}; use km or mi")
    try:
        number = strict_float(match["num"], low=0)
    except BadValue as exc:
        raise bad("--volume", str(exc)) from None
    unit = _UNITS[unit_text]
    km = to_km(number, unit)
    if km > MAX_WEEKLY_KM:
        raise bad("--volume", f"{shown(value)} a week is more than anyone runs; check the unit")
    return number, unit


def parse_days(value: str) -> int:
    """Strength days a week: 1 (in-season and taper only), 2 or 3."""
    if value.strip() not in ("1", "2", "3"):
        raise bad("--days", f"{shown(value)} is not 1, 2 or 3 (strength days a week)")
    return int(value.strip())


def parse_weeks(value: str) -> int:
    """Plan length in weeks, 1–52."""
    try:
        return strict_int(value, low=1, high=52)
    except BadValue:
        reason = f"{shown(value)} is not a whole number of weeks from 1 to 52"
        raise bad("--weeks", reason) from None


def parse_date(flag: str, value: str) -> dt.date:
    """An ISO date (YYYY-MM-DD) from 1900 to 2100, in ASCII digits."""
    try:
        return strict_date(value)
    except BadValue as exc:
        raise bad(flag, str(exc)) from None


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
        if len(word) >= 3 and day.long_name.lower().startswith(word):
            return day
    raise bad(flag, f"{shown(value)} is not a weekday (mon, tue, … sun)")


def parse_list(value: str) -> list[str]:
    """'gym' or 'dumbbells, box' → names, in order, without repeats."""
    return list(dict.fromkeys(p.strip().lower() for p in value.split(",") if p.strip()))


# --------------------------------------------------------------------------- the flag table


_NOT_CLEARABLE = object()  # `profile set KEY none` is refused for such an input
# (the flag's option, its raw value) -> the Profile field's value, or a tuple of the values
# of its fields when it sets several
Parse = Callable[[str, Any], Any]


# NamedTuple, not a dataclass: cheaper to make at start-up (docs/architecture.md)
class Flag(NamedTuple):
    """One runner input: its name (a ProfileFlags field and roster column), its `plan`
    option, the Profile fields it sets and how it parses them, and what clearing it
    (`profile set KEY none`) sets."""

    name: str
    option: str
    fields: tuple[str, ...]
    parse: Parse
    cleared: Mapping[str, Any] | None = None  # None: the input cannot be cleared

    def values(self, raw: Any) -> dict[str, Any]:
        """{Profile field: value} from the raw value; a bad one raises naming the option."""
        found = self.parse(self.option, raw)
        return dict(zip(self.fields, found if len(self.fields) > 1 else (found,), strict=True))


def _flag(
    option: str,
    sets: str | tuple[str, ...],
    parse: Parse,
    *,
    clear: object = _NOT_CLEARABLE,
    default: object = None,
) -> Any:
    """A ProfileFlags field, holding the input's raw value (`default` = not given), with
    its `Flag` (less the name, which is the field's) in the field's metadata."""
    names = (sets,) if isinstance(sets, str) else sets
    cleared = None if clear is _NOT_CLEARABLE else dict.fromkeys(names, clear)
    return field(default=default, metadata={"flag": (option, names, parse, cleared)})


def _choice(enum: type[E]) -> Parse:
    return lambda option, value: parse_choice(option, value, enum)


def _level(option: str, value: str) -> tuple[Level, bool]:
    """The level and `level_given`: chosen, not the default (the plan says which it used)."""
    return parse_choice(option, value, Level), True


def _equipment(option: str, value: str) -> list[str]:
    """Kit names: `,` or a blank is no kit at all, not `none` (the second QA pass: the plan
    said "Equipment" and nothing)."""
    names = parse_list(value)
    if not names:
        raise bad(
            option, "empty; give none, home, gym or a comma list of kit such as dumbbells,box"
        )
    return names


def _injuries(option: str, values: tuple[str, ...]) -> list[str]:
    tags: list[str] = []
    for raw in values:
        tags.extend(parse_list(raw))
    return list(dict.fromkeys(tags))


@dataclass(frozen=True)
class ProfileFlags:
    """The runner's inputs as typed (None or empty = not given), and the one table of them:
    each field's `_flag` says its `plan` option, the Profile fields it sets, its parser and
    what clearing it sets (`FLAGS` is read from here).

    `fields()` parses them (the first bad one raises, naming its flag and `.field`) and
    `profile()` returns a validated Profile. `plan` builds one from its options, the roster
    from a row's cells (`with_value(column, text)`), `profile set` from one key.
    """

    season: str | None = _flag("--season", "season", _choice(Season))
    volume: str | None = _flag("--volume", ("weekly_volume", "unit"), lambda _, v: parse_volume(v))
    days: str | None = _flag("--days", "days", lambda _, v: parse_days(v))
    weeks: str | None = _flag("--weeks", "weeks", lambda _, v: parse_weeks(v), clear=None)
    level: str | None = _flag("--level", ("level", "level_given"), _level)
    equipment: str | None = _flag("--equipment", "equipment", lambda o, v: _equipment(o, v))
    # repeatable; each may be a comma list
    injuries: tuple[str, ...] = _flag("--injury", "injuries", _injuries, clear=[], default=())
    start: str | None = _flag("--start", "start_date", parse_date, clear=None)
    race_date: str | None = _flag("--race-date", "race_date", parse_date, clear=None)
    race_distance: str | None = _flag(
        "--race-distance", "race_distance", _choice(RaceDistance), clear=None
    )
    hard_days: str | None = _flag("--hard-days", "hard_days", parse_weekdays, clear=[])
    long_run_day: str | None = _flag("--long-run-day", "long_run_day", parse_weekday, clear=None)
    load_unit: str | None = _flag("--load-unit", "load_unit", _choice(LoadUnit))

    def given(self) -> dict[str, Any]:
        """name -> raw value of every input given."""
        return {f.name: v for f in fields(self) if (v := getattr(self, f.name)) not in (None, ())}

    def fields(self) -> dict[str, Any]:
        """The Profile fields these inputs set, parsed; the first bad one raises."""
        out: dict[str, Any] = {}
        for name, value in self.given().items():
            out.update(FLAG_FIELDS[name].values(value))
        return out

    def profile(self, base: Mapping[str, Any] | None = None) -> Profile:
        """A validated Profile: `base` (e.g. a saved profile's fields) updated with these.
        Without a base every value comes from a parser, already checked (`Profile.of_parsed`)."""
        if base is None:
            from runstrength.models import Profile

            return Profile.of_parsed(self.fields())
        return validated_profile({**base, **self.fields()})

    def with_value(self, name: str, value: str) -> ProfileFlags:
        """A copy with one input set from its raw text (by `FLAGS` name)."""
        return self.with_values({name: value})

    def with_values(self, values: Mapping[str, str]) -> ProfileFlags:
        """A copy with inputs set from their raw texts (by `FLAGS` name): a roster row's
        cells in one copy, not one each (a roster has thousands)."""
        for name in values:
            if name not in FLAG_FIELDS:
                raise KeyError(name)
        typed: dict[str, Any] = {
            name: (value,) if name == "injuries" else value for name, value in values.items()
        }
        return replace(self, **typed)


FLAGS: tuple[Flag, ...] = tuple(Flag(f.name, *f.metadata["flag"]) for f in fields(ProfileFlags))
FLAG_FIELDS: dict[str, Flag] = {flag.name: flag for flag in FLAGS}  # name -> Flag
BY_OPTION: dict[str, Flag] = {flag.option: flag for flag in FLAGS}  # `--race-date` -> Flag


def saved_under(saved: Profile, update: Mapping[str, Any]) -> dict[str, Any]:
    """The fields of `saved` with `update` over them. A profile's maxes are numbers in its
    load unit, so a new unit converts them (the QA pass: 265 lb became 265 kg, and `next`
    asked 187.5 kg); `profile set` and `plan`'s flags both change a saved profile here."""
    from runstrength.units import maxes_in

    values = {**dict(saved), **update}
    unit = update.get("load_unit")
    if unit is not None and str(unit) != str(saved.load_unit) and saved.maxes:
        values["maxes"] = maxes_in(saved.maxes, saved.load_unit, unit)
    return values


def validated_profile(values: Mapping[str, Any]) -> Profile:
    """`Profile.model_validate`, with a failure as an InvalidProfile naming the input."""
    from pydantic import ValidationError

    from runstrength.models import Profile

    try:
        return Profile.model_validate(dict(values))
    except ValidationError as exc:
        err = exc.errors()[0]
        loc = str(err["loc"][0]) if err["loc"] else ""
        flag = next((f for f in FLAGS if loc in f.fields), None)
        if flag is None:
            raise InvalidProfile(f"{loc}: {err['msg']}", field=None, reason=err["msg"]) from None
        raise bad(flag.option, str(err["msg"])) from None
