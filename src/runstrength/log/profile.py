"""The saved profile, the load increment and known maxes: `runstrength profile [set]`, and
`plan --max`. Keys and values are parsed as `plan`'s flags are (runstrength.inputs)."""

from collections.abc import Callable
from pathlib import Path

from runstrength.enums import LoadUnit
from runstrength.errors import InvalidInput
from runstrength.log.records import SavedMax
from runstrength.log.spec import PROFILE_KEYS, num_text, parse_load
from runstrength.log.storage import SessionLog
from runstrength.models import Catalog, Profile


def parse_max(value: str, unit: LoadUnit, catalog: Catalog) -> tuple[str, float, LoadUnit]:
    """`trap-bar-deadlift=120kg` → (id, 120.0, kg); a bare number is in `unit`."""
    exercise_id, sep, amount = value.partition("=")
    if not sep or not exercise_id.strip():
        raise InvalidInput(f"max: give EXERCISE=LOAD, e.g. trap-bar-deadlift=120kg, not {value!r}")
    catalog.require(exercise_id.strip())
    try:
        parsed = parse_load(amount, unit)
    except InvalidInput:
        raise InvalidInput(f"max: {amount!r} is not a load like 120kg or 265lb") from None
    if parsed.load is None or parsed.unit is None:
        raise InvalidInput(f"max: {amount!r} is not a load like 120kg or 265lb")
    return exercise_id.strip(), parsed.load, parsed.unit


def profile_of(path: Path) -> tuple[Profile | None, dict[str, str], dict[str, SavedMax]]:
    """The saved profile (None before the first save), the settings and the logged maxes."""
    with SessionLog(path) as log:
        return log.load_profile(), log.settings(), log.maxes()


def set_profile_value(path: Path, key: str, value: str, catalog: Callable[[], Catalog]) -> str:
    """`profile set KEY VALUE`: change one saved input, the increment or a max; return
    the line that says what is stored now. `catalog` is read only to check a max's id."""
    name = key.strip().lower().replace("_", "-")
    with SessionLog(path) as log:
        saved = log.load_profile() or Profile()
        if name == "increment":
            text = parse_increment(value, saved.load_unit)
            log.set_setting("increment", text)
            return f"increment: {text or 'default'}"
        if name == "max":
            exercise_id, amount, unit = parse_max(value, saved.load_unit, catalog())
            log.set_max(exercise_id, amount, unit, source="profile")
            return f"max {exercise_id}: {num_text(amount)} {unit.value}"
        log.save_profile(updated_profile(saved, name, value))
    return f"{name}: {value}"


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


def updated_profile(saved: Profile, name: str, value: str) -> Profile:
    """`saved` with one input changed as `plan`'s flag would set it (`none` clears it).

    The keys, their parsers and what clearing sets are `inputs.FLAGS`: the same table the
    `plan` options and the roster columns are read from.
    """
    from runstrength.inputs import FLAG_FIELDS, ProfileFlags, validated_profile

    aliases = {"injury": "injuries", "weekly-volume": "volume", "start-date": "start"}
    key = aliases.get(name, name).replace("-", "_")
    flag = FLAG_FIELDS.get(key)
    if flag is None:
        raise InvalidInput(f"unknown profile key {name!r}; use one of: {PROFILE_KEYS}")
    if value.strip().lower() in ("none", "") and flag.cleared is not None:
        update = dict(flag.cleared)
    else:
        update = ProfileFlags().with_value(key, value).fields()
    return validated_profile({**saved.model_dump(), **update})
