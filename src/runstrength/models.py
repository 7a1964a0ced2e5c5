"""Frozen values: the catalog entries, the runner's profile, and the plan.

Plain classes (runstrength.values): pydantic validates them at the edges, and nothing
else imports it. The plan models follow docs/plan-json.md field for field, so
`Plan.model_dump_json()` *is* the public JSON contract (docs/plan.schema.json is
generated from them).
"""

import datetime as dt
from collections.abc import Mapping
from dataclasses import MISSING, field
from typing import Annotated, Any, Literal

from runstrength.enums import (
    Band,
    Category,
    DistanceUnit,
    DoseType,
    ExerciseLevel,
    Laterality,
    Level,
    LoadType,
    LoadUnit,
    PainRegion,
    Phase,
    RaceDistance,
    Season,
    Weekday,
)
from runstrength.errors import InvalidInput
from runstrength.values import Bounds, CheckedRange, Value

SCHEMA_VERSION = 1
DISCLAIMER = (
    "This plan is general training guidance, not medical advice. If you have pain that is "
    "sharp, worsening, present at rest or at night, lasts more than a day after exercise, or "
    "comes with swelling, numbness or localised bone tenderness, stop the affected exercises "
    "and see a doctor or physiotherapist before continuing."
)

IntRange = tuple[int, int]
# Prescription.logged of an exercise its logged session did without (the plan view)
SKIPPED = "skipped"


# --------------------------------------------------------------------------- catalog


Range = Annotated[IntRange, CheckedRange()]  # a catalog range: 0 <= low <= high


# The most any catalog dose may give, per set (several times the shipped catalog's own
# highest: 5 sets, 25 reps, 60 s, 50 contacts, 40 m).
DOSE_MOST = {"sets": 10, "reps": 100, "seconds": 600, "contacts": 200, "distance_m": 1000}


class Dose(Value):
    """Catalog default dose (docs/method.md §6.2 'dose'); phases override main lifts."""

    type: DoseType
    sets: Range
    reps: Range | None = None
    seconds: Range | None = None
    contacts: Range | None = None  # per set
    distance_m: Range | None = None  # per set
    per_side: bool = False

    def _dose_field_present(self) -> "Dose":
        needed = {
            DoseType.LOAD: self.reps,
            DoseType.REPS: self.reps,
            DoseType.TIME: self.seconds,
            DoseType.CONTACTS: self.contacts,
            DoseType.DISTANCE: self.distance_m,
        }[self.type]
        if needed is None:
            field = {"load": "reps", "time": "seconds"}.get(self.type.value, self.type.value)
            if self.type is DoseType.DISTANCE:
                field = "distance_m"
            raise ValueError(f"dose type {self.type.value!r} needs a {field!r} range")
        if self.sets[0] < 1:
            raise ValueError("a dose needs at least 1 set")
        for name, most in DOSE_MOST.items():
            given = getattr(self, name)
            if given is not None and given[1] > most:
                # the hostile-input QA run: sets [2, 1e26] passed `catalog check`
                raise ValueError(f"{name} {list(given)}: more than {most}, no exercise's dose")
        return self

    after = _dose_field_present


class Exercise(Value):
    """One catalog entry (docs/method.md §6.1)."""

    id: str
    name: str
    category: Category
    order_rank: Annotated[int, Bounds(ge=0, le=6)]
    pattern: str
    laterality: Laterality
    equipment: list[str]  # every item is needed; ["none"] means nothing is needed
    loadable_with: list[str] = field(
        default_factory=list
    )  # optional kit that turns a bodyweight dose into a load
    level: ExerciseLevel
    regression: str | None = None
    progression: str | None = None
    injury_tags: list[str] = field(default_factory=list)
    dose: Dose
    heavy_lower_body: bool = False
    warmup: bool = False
    intensity: Annotated[int, Bounds(ge=1, le=3)] = 1  # plyometric intensity tier, 1 = lowest
    tempo: str | None = None
    # timed holds progress up to this, then progress the exercise
    max_seconds: Annotated[int, Bounds(ge=1, le=DOSE_MOST["seconds"])] | None = None
    cues: list[str]
    video: str
    seed: bool = False
    # ---- v2 fields (docs/method.md §10.3, §10.10, §10.11, §5.1). All optional in a user
    # catalog; the shipped catalog states them on every entry (tests/test_catalog_regions.py).
    # The pain regions this exercise loads (§10.3). Left out in a user catalog, they are
    # inferred from the category and pattern (`before`), so pain gating never silently
    # skips an entry.
    regions: list[PainRegion] = field(default_factory=list)
    # Exercises that unload the painful tissue (§10.3, isometric holds, shorter range, lighter
    # variant), in order of preference: each loads no region this one does not, and less.
    unload: list[str] = field(default_factory=list)
    below_step: bool = False  # the heel drops below step level (never for insertional Achilles)
    flat_variant: str | None = None  # the same work on flat floor, for a below-step exercise
    plyo_rank: Annotated[int, Bounds(ge=1)] | None = None  # §10.10 order: in place < moving, ...
    # no prescription exceeds these (inv. 45); reps and contacts per set (per side when
    # per_side)
    max_sets: Annotated[int, Bounds(ge=1, le=DOSE_MOST["sets"])] | None = None
    max_reps: Annotated[int, Bounds(ge=1, le=DOSE_MOST["reps"])] | None = None
    max_contacts: Annotated[int, Bounds(ge=1, le=DOSE_MOST["contacts"])] | None = None
    safety: list[str] = field(default_factory=list)  # notes every human format prints (§10.11)

    @staticmethod
    def with_regions(data: Any) -> Any:
        """A catalog mapping that names no regions, with those `_default_regions` infers."""
        if isinstance(data, dict) and "regions" not in data:
            return {**data, "regions": _default_regions(data)}
        return data

    before = with_regions


_CATEGORY_REGIONS: dict[str, tuple[PainRegion, ...]] = {
    "plyometric": (PainRegion.FOOT_ANKLE, PainRegion.ACHILLES_CALF, PainRegion.KNEE),
    "power": (PainRegion.HIP, PainRegion.KNEE, PainRegion.LOW_BACK),
    "main-bilateral": (PainRegion.KNEE, PainRegion.HIP),
    "main-unilateral": (PainRegion.KNEE, PainRegion.HIP),
    "posterior-chain": (PainRegion.HAMSTRING, PainRegion.HIP),
    "calf-foot-ankle": (PainRegion.ACHILLES_CALF, PainRegion.FOOT_ANKLE),
    "hip-glute": (PainRegion.HIP,),
    "core-anti-extension": (PainRegion.LOW_BACK,),
}
_HINGE_REGIONS = (PainRegion.HAMSTRING, PainRegion.HIP, PainRegion.LOW_BACK)


def _default_regions(data: dict[str, object]) -> list[PainRegion]:
    """Regions for an entry that names none: a hinge loads the posterior chain, otherwise the
    category decides. Only user catalogs rely on this; upper body and mobility load none."""
    category = data.get("category")
    key = category.value if isinstance(category, Category) else category
    if not isinstance(key, str):
        return []
    pattern = data.get("pattern")
    if key and key not in ("mobility", "upper-accessory") and pattern == "hinge":
        return list(_HINGE_REGIONS)
    return list(_CATEGORY_REGIONS.get(key, ()))


class Catalog(Value):
    """All exercises by id, in catalog order."""

    exercises: dict[str, Exercise]

    def get(self, exercise_id: str) -> Exercise | None:
        """The exercise with that id, or None."""
        return self.exercises.get(exercise_id)

    def require(self, exercise_id: str) -> Exercise:
        """The exercise with that id, or an InvalidInput naming the nearest ids."""
        found = self.exercises.get(exercise_id)
        if found is not None:
            return found
        from runstrength.numbers import shown
        from runstrength.text import close_words

        # An id longer than any real one gets no suggestion (difflib on 100k characters is
        # slow) and is shown cut: an error is one short line whatever was typed.
        close = close_words(exercise_id, self.exercises) if len(exercise_id) <= 80 else []
        hint = (
            f"; did you mean {' or '.join(close)}?" if close else "; see `runstrength catalog list`"
        )
        raise InvalidInput(f"unknown exercise {shown(exercise_id, 60)}{hint}")

    def __contains__(self, exercise_id: object) -> bool:
        return exercise_id in self.exercises

    def __len__(self) -> int:
        return len(self.exercises)

    def equipment_names(self) -> set[str]:
        """Every equipment name any exercise needs or can use."""
        names: set[str] = set()
        for ex in self.exercises.values():
            names.update(ex.equipment)
            names.update(ex.loadable_with)
        return names


# --------------------------------------------------------------------------- inputs


class Profile(Value):
    """What the runner told us, already parsed and validated. The engine's only input."""

    season: Season = Season.OFF
    weekly_volume: Annotated[float, Bounds(ge=0, le=1000)] = 40.0
    unit: DistanceUnit = DistanceUnit.KM
    days: Literal[1, 2, 3] = 3  # 1: in-season and taper only (§10.8)
    weeks: Annotated[int, Bounds(ge=1, le=52)] | None = None
    level: Level = Level.NOVICE
    level_given: bool = True  # False when --level was never given (§10.1 header note)
    equipment: list[str] = field(default_factory=lambda: ["gym"])  # presets or catalog names
    injuries: list[str] = field(default_factory=list)
    load_unit: LoadUnit = LoadUnit.KG
    start_date: dt.date | None = None
    race_date: dt.date | None = None
    race_distance: RaceDistance | None = None
    hard_days: list[Weekday] = field(default_factory=list)
    long_run_day: Weekday | None = None
    maxes: dict[str, float] = field(default_factory=dict)  # exercise id -> e1RM in load_unit

    @classmethod
    def of_parsed(cls, values: Mapping[str, Any]) -> "Profile":
        """The profile of values that runstrength.inputs' flag parsers returned, unchecked.

        Each parser is stricter than the field it sets (types, ranges, choices), so
        validation would find nothing to refuse, and would import pydantic.
        tests/test_inputs_profile.py checks that the result equals `model_validate`'s for
        every value the parsers accept.
        """
        return cls(**values)  # `before` (with_level_default) applies


def with_level_default(data: Any) -> Any:
    """A profile that names no level has the default one, and says so (§10.1)."""
    if isinstance(data, dict) and "level" not in data:
        return {**data, "level_given": False}
    return data


Profile.before = with_level_default


# --------------------------------------------------------------------------- the plan


class Load(Value):
    type: LoadType
    value: float | None = None
    unit: str | None = None


class RampSet(Value):
    """One warm-up set of the session's first loaded main lift (docs/method.md §10.1)."""

    exercise_id: str
    exercise: str  # its name
    reps: int
    percent: int  # of the working load
    effort: str | None = None  # 'light', 'moderate': the words used while the load is "choose"


class Warmup(Value):
    """What opens every session (§10.1): general warm-up, then ramp sets (none when the
    session has no loaded main lift)."""

    minutes: int
    general: str
    ramp: list[RampSet] = field(default_factory=list)


class Prescription(Value):
    """One exercise in one session, with its dose (plan-json.md 'exercises[]')."""

    id: str
    name: str
    category: Category
    pattern: str
    laterality: Laterality
    order_rank: int
    level: ExerciseLevel
    equipment: list[str]
    sets: int
    reps: IntRange | None = None
    seconds: int | None = None
    contacts: int | None = None
    distance_m: int | None = None
    per_side: bool = False
    target_rir: int | None = None
    load: Load
    rest_seconds: int
    tempo: str | None = None
    video: str
    notes: str
    why: str | None = None  # where a load from the log or a max came from (next, plan view)
    logged: str | None = None  # added field: what was done, once the session is logged
    safety: list[str] = field(default_factory=list)  # added: the catalog's safety notes (§10.11)
    calibration: str | None = None  # added field: how to pick a "choose" load (§10.1)


class Session(Value):
    index: int
    label: str
    date: dt.date | None = None
    light: bool = False
    heavy_lower_body: bool = False
    exercises: list[Prescription]
    weekday: Weekday | None = None  # added field: the planned weekday, even without dates
    primer: bool = False  # added field: a short race-primer session (§3.4)
    done: bool = False  # added field: logged (from `runstrength log`)
    missed: bool = False  # added field: its day passed without a log
    minutes: int | None = None  # added field: estimated length, warm-up not counted
    warmup: Warmup | None = None  # added field: the warm-up that opens it (§10.1)


class Week(Value):
    index: int
    phase: Phase
    season: Season
    deload: bool = False
    sessions: list[Session]


class Generator(Value):
    name: str = "runstrength"
    version: str


class PlanInputs(Value):
    season: Season
    weekly_volume: float
    unit: DistanceUnit
    weekly_volume_km: float
    volume_band: Band
    days: int
    weeks: int
    level: Level
    level_given: bool = True  # added field: False when the level is the novice default
    equipment: list[str]
    injuries: list[str]
    load_unit: LoadUnit
    start_date: dt.date | None = None
    race_date: dt.date | None = None
    race_distance: RaceDistance | None = None
    hard_days: list[Weekday] = field(default_factory=list)  # added field
    long_run_day: Weekday | None = None  # added field


class Plan(Value):
    schema_version: int = SCHEMA_VERSION
    generator: Generator
    inputs: PlanInputs
    disclaimer: str = DISCLAIMER
    weeks: list[Week]
    warnings: list[str] = field(
        default_factory=list
    )  # added field: odd-but-legal input, printed in yellow by the CLI

    def sessions(self) -> list[tuple[Week, Session]]:
        """Every session with its week, in calendar order."""
        return [(w, s) for w in self.weeks for s in w.sessions]


def plan_json_schema() -> str:
    """The JSON Schema (draft 2020-12) of the plan JSON, generated from `Plan` itself.

    Generated rather than hand-written so the schema and the contract cannot drift; the
    copy in docs/plan.schema.json is checked against this by the tests.
    """
    import json

    from pydantic import TypeAdapter

    schema = TypeAdapter(Plan).json_schema(mode="serialization")
    _made_defaults(Plan, schema)
    for name, part in schema.get("$defs", {}).items():
        model = globals().get(name)
        if isinstance(model, type) and issubclass(model, Value):
            _made_defaults(model, part)
    schema = {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": f"https://runstrength.invalid/plan-v{SCHEMA_VERSION}.schema.json",
        **schema,
    }
    return json.dumps(schema, indent=2, ensure_ascii=False)


def _made_defaults(model: Any, schema: dict[str, Any]) -> None:
    """The default of each field made per instance (an empty list), which pydantic leaves
    out of a dataclass's schema, in its place among the property's sorted keys."""
    from dataclasses import fields

    for f in fields(model):
        prop = schema.get("properties", {}).get(f.name)
        if prop is None or "default" in prop or f.default_factory is MISSING:
            continue
        made = {**prop, "default": f.default_factory()}
        schema["properties"][f.name] = {key: made[key] for key in sorted(made)}
