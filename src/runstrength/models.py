"""Frozen pydantic models: the catalog entries, the runner's profile, and the plan.

The plan models follow docs/plan-json.md field for field, so `Plan.model_dump_json()`
*is* the public JSON contract (docs/plan.schema.json is generated from them).
"""

# No `from __future__ import annotations`: with real annotation objects pydantic builds
# these classes in about half the time, and they are built at every start-up.

import datetime as dt
from collections.abc import Mapping
from typing import Any, Literal, Self

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

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


_setattr = object.__setattr__


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid", defer_build=True)

    def model_copy(self, *, update: Mapping[str, Any] | None = None, deep: bool = False) -> Self:
        """pydantic's shallow copy-with-update, without its generic steps.

        The planner copies a prescription or a session at every step (hundreds per plan),
        and pydantic's `model_copy` (via `__copy__` and `copy.copy` of each attribute) was
        the largest single cost of making a plan. These models forbid extras and hold no
        private attributes, so a copy is the field dict, updated, and the set of fields
        given: exactly what pydantic's own shallow path produces.
        """
        if deep:
            return super().model_copy(update=update, deep=deep)
        fields = self.__dict__.copy()
        if update:
            fields.update(update)
            given = self.__pydantic_fields_set__.union(update)
        else:
            given = set(self.__pydantic_fields_set__)
        cls = self.__class__
        new = cls.__new__(cls)
        _setattr(new, "__dict__", fields)
        _setattr(new, "__pydantic_fields_set__", given)
        _setattr(new, "__pydantic_extra__", None)
        _setattr(new, "__pydantic_private__", None)
        return new


def _check_range(value: IntRange | None) -> IntRange | None:
    if value is not None and not (0 <= value[0] <= value[1]):
        raise ValueError(f"range must be [low, high] with 0 <= low <= high, got {list(value)}")
    return value


# --------------------------------------------------------------------------- catalog


class Dose(_Frozen):
    """Catalog default dose (docs/method.md §6.2 'dose'); phases override main lifts."""

    type: DoseType
    sets: IntRange
    reps: IntRange | None = None
    seconds: IntRange | None = None
    contacts: IntRange | None = None  # per set
    distance_m: IntRange | None = None  # per set
    per_side: bool = False

    _ranges = field_validator("sets", "reps", "seconds", "contacts", "distance_m")(_check_range)

    @model_validator(mode="after")
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
        return self


class Exercise(_Frozen):
    """One catalog entry (docs/method.md §6.1)."""

    id: str
    name: str
    category: Category
    order_rank: int = Field(ge=0, le=6)
    pattern: str
    laterality: Laterality
    equipment: list[str]  # every item is needed; ["none"] means nothing is needed
    loadable_with: list[str] = []  # optional kit that turns a bodyweight dose into a load
    level: ExerciseLevel
    regression: str | None = None
    progression: str | None = None
    injury_tags: list[str] = []
    dose: Dose
    heavy_lower_body: bool = False
    warmup: bool = False
    intensity: int = Field(default=1, ge=1, le=3)  # plyometric intensity tier, 1 = lowest
    tempo: str | None = None
    max_seconds: int | None = None  # timed holds progress up to this, then progress the exercise
    cues: list[str]
    video: str
    seed: bool = False
    # ---- v2 fields (docs/method.md §10.3, §10.10, §10.11, §5.1). All optional in a user
    # catalog; the shipped catalog states them on every entry (tests/test_catalog_regions.py).
    # The pain regions this exercise loads (§10.3). Left out in a user catalog, they are
    # inferred from the category and pattern, so pain gating never silently skips an entry.
    regions: list[PainRegion] = Field(default_factory=lambda data: _default_regions(data))
    # Exercises that unload the painful tissue (§10.3, isometric holds, shorter range, lighter
    # variant), in order of preference: each loads no region this one does not, and less.
    unload: list[str] = []
    below_step: bool = False  # the heel drops below step level (never for insertional Achilles)
    flat_variant: str | None = None  # the same work on flat floor, for a below-step exercise
    plyo_rank: int | None = Field(default=None, ge=1)  # §10.10 order: in place < moving, ...
    max_sets: int | None = Field(default=None, ge=1)  # no prescription exceeds these (inv. 45)
    max_reps: int | None = Field(default=None, ge=1)  # per set (per side when per_side)
    max_contacts: int | None = Field(default=None, ge=1)  # per set (per side when per_side)
    safety: list[str] = []  # safety notes every human format prints (§10.11)


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
    key = category.value if isinstance(category, Category) else ""
    pattern = data.get("pattern")
    if key and key not in ("mobility", "upper-accessory") and pattern == "hinge":
        return list(_HINGE_REGIONS)
    return list(_CATEGORY_REGIONS.get(key, ()))


class Catalog(_Frozen):
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


class Profile(_Frozen):
    """What the runner told us, already parsed and validated. The engine's only input."""

    season: Season = Season.OFF
    weekly_volume: float = Field(default=40.0, ge=0, le=1000)
    unit: DistanceUnit = DistanceUnit.KM
    days: Literal[1, 2, 3] = 3  # 1: in-season and taper only (§10.8)
    weeks: int | None = Field(default=None, ge=1, le=52)
    level: Level = Level.NOVICE
    level_given: bool = True  # False when --level was never given (§10.1 header note)
    equipment: list[str] = ["gym"]  # preset names or catalog equipment names
    injuries: list[str] = []
    load_unit: LoadUnit = LoadUnit.KG
    start_date: dt.date | None = None
    race_date: dt.date | None = None
    race_distance: RaceDistance | None = None
    hard_days: list[Weekday] = []
    long_run_day: Weekday | None = None
    maxes: dict[str, float] = {}  # exercise id -> known e1RM in load_unit

    @model_validator(mode="before")
    @classmethod
    def _level_default(cls, data: object) -> object:
        return with_level_default(data)

    @classmethod
    def of_parsed(cls, values: Mapping[str, Any]) -> "Profile":
        """The profile of values that runstrength.inputs' flag parsers returned, built
        without pydantic's validator.

        Each parser is stricter than the field it sets (types, ranges, choices), so the
        validator would find nothing to refuse; building it costs a `plan` start-up ~15 ms
        the first time (pydantic builds it, and loads its plugin machinery, on first use).
        tests/test_inputs_profile.py checks that the result equals `model_validate`'s for
        every value the parsers accept.
        """
        return cls.model_construct(**with_level_default(dict(values)))


def with_level_default(data: Any) -> Any:
    """A profile that names no level has the default one, and says so (§10.1)."""
    if isinstance(data, dict) and "level" not in data:
        return {**data, "level_given": False}
    return data


# --------------------------------------------------------------------------- the plan


class Load(_Frozen):
    type: LoadType
    value: float | None = None
    unit: str | None = None


class RampSet(_Frozen):
    """One warm-up set of the session's first loaded main lift (docs/method.md §10.1)."""

    exercise_id: str
    exercise: str  # its name
    reps: int
    percent: int  # of the working load
    effort: str | None = None  # 'light', 'moderate': the words used while the load is "choose"


class Warmup(_Frozen):
    """What opens every session (§10.1): general warm-up, then ramp sets (none when the
    session has no loaded main lift)."""

    minutes: int
    general: str
    ramp: list[RampSet] = []


class Prescription(_Frozen):
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
    why: str | None = None  # filled by `next` when a load changed because of the log
    logged: str | None = None  # added field: what was done, once the session is logged
    safety: list[str] = []  # added field: the catalog's safety notes (§10.11)
    calibration: str | None = None  # added field: how to pick a "choose" load (§10.1)


class Session(_Frozen):
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


class Week(_Frozen):
    index: int
    phase: Phase
    season: Season
    deload: bool = False
    sessions: list[Session]


class Generator(_Frozen):
    name: str = "runstrength"
    version: str


class PlanInputs(_Frozen):
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
    hard_days: list[Weekday] = []  # added field
    long_run_day: Weekday | None = None  # added field


class Plan(_Frozen):
    schema_version: int = SCHEMA_VERSION
    generator: Generator
    inputs: PlanInputs
    disclaimer: str = DISCLAIMER
    weeks: list[Week]
    warnings: list[str] = []  # added field: odd-but-legal input, printed in yellow by the CLI

    def sessions(self) -> list[tuple[Week, Session]]:
        """Every session with its week, in calendar order."""
        return [(w, s) for w in self.weeks for s in w.sessions]


def plan_json_schema() -> str:
    """The JSON Schema (draft 2020-12) of the plan JSON, generated from `Plan` itself.

    Generated rather than hand-written so the schema and the contract cannot drift; the
    copy in docs/plan.schema.json is checked against this by the tests.
    """
    import json

    schema = Plan.model_json_schema(mode="serialization")
    schema = {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": f"https://runstrength.invalid/plan-v{SCHEMA_VERSION}.schema.json",
        **schema,
    }
    return json.dumps(schema, indent=2, ensure_ascii=False)
