"""The saved profile, the load increment and known maxes: `runstrength profile [set]`, and
`plan --max`. Keys and values are parsed as `plan`'s flags are (runstrength.inputs)."""

import datetime as dt
import re
from pathlib import Path
from typing import NamedTuple

from runstrength.enums import LoadUnit
from runstrength.errors import InvalidInput, InvalidProfile
from runstrength.log.catalog_setting import CATALOGS_SETTING
from runstrength.log.records import SavedMax
from runstrength.log.spec import (
    PROFILE_KEYS,
    BadSpec,
    check_date,
    num_text,
    parse_load,
    shown_key,
)
from runstrength.log.storage import SessionLog
from runstrength.models import Catalog, Profile
from runstrength.rulebook import Rulebook


def parse_max(
    value: str, unit: LoadUnit, catalog: Catalog, rules: Rulebook, what: str = "max"
) -> tuple[str, float, LoadUnit]:
    """`trap-bar-deadlift=120kg` → (id, 120.0, kg); a bare number is in `unit`. An error
    starts with `what`: the flag or command that gave the value. A max above
    `rules.known_max` (heavier than any lift's world record) is a typo: refused."""
    exercise_id, sep, amount = value.partition("=")
    if not sep or not exercise_id.strip():
        raise InvalidInput(
            f"{what}: give EXERCISE=LOAD, e.g. trap-bar-deadlift=120kg, not {value!r}"
        )
    catalog.require(exercise_id.strip())
    try:
        parsed = parse_load(amount, unit)
    except BadSpec as exc:
        # the load parser's own reason (the QA pass: 0kg and 5000kg were "not a load like
        # 120kg or 265lb", which they are, only out of range)
        raise InvalidInput(f"{what}: {exc.why}") from None
    if parsed.load is None or parsed.unit is None:
        raise InvalidInput(f"{what}: {amount!r} is not a load like 120kg or 265lb")
    least = MIN_MAX[parsed.unit]
    if parsed.load < least:
        # the outputs QA run: 0.001kg was taken and gave "0 kg" loads
        raise InvalidInput(
            f"{what}: a max of {parsed.load:g} {parsed.unit} is not plausible "
            f"(at least {least:g} {parsed.unit})"
        )
    most = rules.known_max.most_kg if parsed.unit is LoadUnit.KG else rules.known_max.most_lb
    if parsed.load > most:
        # the log-loop QA pass: 1000kg was taken (the load parser's bound is no max's)
        raise InvalidInput(
            f"{what}: a max of {parsed.load:g} {parsed.unit} is not plausible "
            f"(at most {most:g} {parsed.unit}, above any lift's world record)"
        )
    return exercise_id.strip(), parsed.load, parsed.unit


# The lightest max that is one: a lighter one gives loads that round to nothing.
MIN_MAX = {LoadUnit.KG: 1.0, LoadUnit.LB: 2.0}


class SavedInputs(NamedTuple):
    """What `runstrength profile` shows."""

    profile: Profile | None  # None before the first save
    settings: dict[str, str]
    maxes: dict[str, SavedMax]  # logged and set maxes, by exercise id
    catalogs: list[str]  # the catalog files saved with the plan (`catalog_line`)


def profile_of(path: Path) -> SavedInputs:
    """The saved profile, the settings, the known maxes and the saved catalog files."""
    with SessionLog(path) as log:
        return SavedInputs(log.load_profile(), log.settings(), log.maxes(), log.catalogs())


def catalog_line(catalogs: list[str], *, none: str = "–") -> str:
    """The `profile` line of the catalog files saved over the shipped one, as `profile set
    catalog` takes one back (`none`: how no file is shown)."""
    return f"catalog: {', '.join(catalogs) or none}"


def set_catalogs(path: Path, catalogs: list[str]) -> str:
    """`profile set catalog FILE|none` (the file already checked): the catalog files saved
    with the plan; returns the line saying what is stored now (and, under a saved plan,
    that `plan --save` makes the plan follow it). Clearing none on a fresh data folder
    makes no log."""
    with SessionLog(path) as log:
        if not catalogs and CATALOGS_SETTING not in log.settings():  # as stored: any value
            return catalog_line([], none="none")
        with log.transaction():
            log.set_catalogs(catalogs)
            said = catalog_line(catalogs, none="none")
            if log.active_plan() is not None:
                said += f"\n{REPLAN}"
            return said


REPLAN = (
    "Your active plan is unchanged: `runstrength plan --save` makes a new one from this "
    "profile (your log is kept)."
)


def _half_a_race(profile: Profile) -> str | None:
    """What to set next when the profile holds a race date without its distance, or the
    reverse: `plan` needs both."""
    if profile.race_date is not None and profile.race_distance is None:
        return (
            "A plan needs the race distance too: `runstrength profile set race-distance "
            "half` (5k, 10k, half, marathon, ultra), or `profile set race-date none`."
        )
    if profile.race_distance is not None and profile.race_date is None:
        return (
            "A plan needs the race date too: `runstrength profile set race-date YYYY-MM-DD`, "
            "or `profile set race-distance none`."
        )
    return None


def set_profile_value(
    path: Path, key: str, value: str, catalog: Catalog, rules: Rulebook, today: dt.date
) -> str:
    """`profile set KEY VALUE`: change one saved input, the increment or a max; return the
    line that says what is stored now (and, when a plan input changed under a saved plan,
    that `plan --save` makes the plan follow it).

    Read, check and write are one transaction: two `profile set` at once never undo each
    other. A value is checked as `plan` would take it, so no later `plan` fails on it; on a
    fresh data folder it is checked before the write that creates log.db, so a refused
    value leaves no empty log behind."""
    name = key.strip().lower().replace("_", "-")
    with SessionLog(path) as log:
        # Checked on a read first (a fresh folder's log is read as empty, never created),
        # then again inside the write, where another process may have changed the profile.
        first = _change(log.load_profile() or Profile(), name, value, catalog, rules, today)
        if isinstance(first, _NoMax) and not log.maxes():
            return f"max {first.exercise_id}: none (there was none)"  # and no log made for it
        with log.transaction():
            saved = log.load_profile() or Profile()
            change = _change(saved, name, value, catalog, rules, today)
            if isinstance(change, Profile):
                log.save_profile(change)
                said = f"{name}: {value}"
                half = _half_a_race(change)
                if half is not None:  # plan would refuse it, naming flags nobody typed
                    said += f"\n{half}"
                if log.active_plan() is not None:
                    # the log follows the saved plan, not the profile (new-user review A5)
                    said += f"\n{REPLAN}"
                return said
            if isinstance(change, SavedMax):
                log.set_max(change.exercise_id, change.e1rm, change.unit, source=change.source)
                return f"max {change.exercise_id}: {num_text(change.e1rm)} {change.unit.value}"
            if isinstance(change, _NoMax):
                removed = log.remove_max(change.exercise_id)
                return (
                    f"max {change.exercise_id}: none ({'removed' if removed else 'there was none'})"
                )
            log.set_setting("increment", change)
            return f"increment: {change or 'default'}"


class _NoMax(NamedTuple):
    """`profile set max ID=none`: the max of `exercise_id` is removed."""

    exercise_id: str


def _change(
    saved: Profile, name: str, value: str, catalog: Catalog, rules: Rulebook, today: dt.date
) -> Profile | SavedMax | _NoMax | str | None:
    """What `profile set` stores, checked: the new profile, a max (or its removal), or the
    increment text (None: back to the default)."""
    if name == "increment":
        return parse_increment(value, saved.load_unit)
    if name == "max":
        named, _, given = value.partition("=")
        if given.strip().lower() == "none":  # as `race-date none` clears the race
            return _NoMax(catalog.require(named.strip()).id)
        exercise_id, amount, unit = parse_max(
            value, saved.load_unit, catalog, rules, "profile set max"
        )
        return SavedMax(exercise_id, amount, unit, "profile")
    try:
        updated = updated_profile(saved, name, value)
    except (ValueError, ArithmeticError):
        raise InvalidInput(f"profile set {shown_key(name)}: {value!r} is not valid") from None
    _check_plannable(updated, name, catalog, rules, today)
    return updated


def _check_plannable(
    profile: Profile, name: str, catalog: Catalog, rules: Rulebook, today: dt.date
) -> None:
    """Refuse what `plan` refuses in its inputs (the checks plan/engine makes first):
    unknown equipment or injury tags, a race date in the past, dates outside 1900–2100. A
    race date without its distance (or the reverse) is fine here, the other half is set
    next: the rest is checked as without the race."""
    from runstrength.errors import RunstrengthError
    from runstrength.kit import resolve_kit

    where = f"profile set {name}"
    try:
        resolve_kit(profile.equipment, catalog, rules)
        for day in (profile.start_date, profile.race_date):
            if day is not None:
                check_date(day, "date")
        if profile.race_date is not None and profile.race_date <= today:
            raise InvalidInput(f"{profile.race_date} is not in the future")
        # what `plan` checks of its inputs before it plans (1 day a week off-season, a
        # race before the start), so a value it would refuse is refused now (the QA
        # pass: `profile set days 1` was stored, and every `plan` after it failed); with
        # half a race set, the rest is checked as without it (the second QA pass)
        from runstrength.plan.context import check_profile
        from runstrength.plan.periodization import phase_sequence

        checked = profile
        if _half_a_race(profile) is not None:
            checked = profile.model_copy(update={"race_date": None, "race_distance": None})
        check_profile(checked, rules, today)
        if checked.race_date is not None and checked.start_date is not None:
            phase_sequence(checked, rules, checked.start_date)
    except RunstrengthError as exc:
        said = re.sub(r"^--[a-z-]+: ", "", str(exc))  # the flag is this key here
        raise InvalidInput(f"{where}: {said}") from None


def parse_increment(value: str, unit: LoadUnit) -> str | None:
    """'1.25' or '2.5lb' -> the stored increment text ('1.25 kg'); none/default -> None."""
    if value.strip().lower() in ("none", "default", ""):
        return None
    try:
        parsed = parse_load(value, unit)
    except InvalidInput:
        raise InvalidInput(f"increment: {value!r} is not a load step like 1.25 or 2.5lb") from None
    if parsed.load is None or parsed.unit is None or parsed.load > 25:
        raise InvalidInput(f"increment: {value!r} is not a load step like 1.25 or 2.5lb")
    return f"{num_text(parsed.load)} {parsed.unit.value}"


def profile_lines(profile: Profile) -> list[str]:
    """The saved inputs as `profile set` names them, one `key: value` line each, in the
    order of the `plan` flags, values as a runner types them ('volume: 40 km'); '–' for
    an input not set."""
    from runstrength.inputs import FLAGS

    def shown(name: str, field: str) -> str:
        if name == "volume":
            return f"{num_text(profile.weekly_volume)} {profile.unit.value}"
        if name == "level":
            given = profile.level_given
            return profile.level.value + ("" if given else " (default: --level not given)")
        value = getattr(profile, field)
        if isinstance(value, list):
            return ", ".join(str(v) for v in value) or "–"
        if value is None:
            return "–"
        return value.isoformat() if isinstance(value, dt.date) else str(value)

    return [f"{flag.name.replace('_', '-')}: {shown(flag.name, flag.fields[0])}" for flag in FLAGS]


def updated_profile(saved: Profile, name: str, value: str) -> Profile:
    """`saved` with one input changed as `plan`'s flag would set it (`none` clears it).

    The keys, their parsers and what clearing sets are `inputs.FLAGS`: the same table the
    `plan` options and the roster columns are read from.
    """
    from runstrength.inputs import FLAG_FIELDS, ProfileFlags, saved_under, validated_profile

    aliases = {"injury": "injuries", "weekly-volume": "volume", "start-date": "start"}
    key = aliases.get(name, name).replace("-", "_")
    flag = FLAG_FIELDS.get(key)
    if flag is None:
        from runstrength.text import close_words

        close = close_words(name, PROFILE_KEYS.split(", "), most=1)
        hint = f"did you mean {close[0]}? (one of: " if close else "use one of: "
        raise InvalidInput(
            f"unknown profile key {name!r}; {hint}{PROFILE_KEYS}{')' if close else ''}"
        )
    if value.strip().lower() in ("none", "") and flag.cleared is not None:
        update = dict(flag.cleared)
    else:
        try:
            update = ProfileFlags().with_value(key, value).fields()
        except InvalidProfile as exc:  # said as the command the runner typed, not `--days`
            raise InvalidInput(f"profile set {name}: {exc.reason}", field=exc.field) from None
    return validated_profile(saved_under(saved, update))
