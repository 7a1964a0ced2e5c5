"""Vocabularies shared by the CLI, the models and the renderers (docs/method.md §0, §2, §6.1)."""

from enum import StrEnum
from typing import Self


class Season(StrEnum):
    OFF = "off"  # months from racing: anatomical adaptation, then max strength
    PRE = "pre"  # the weeks before racing season: power
    IN = "in"  # racing season: maintenance
    TAPER = "taper"  # the last weeks before a race


class _Named(StrEnum):
    """A vocabulary whose members also carry the longer name people read: the value is what
    flags, files and JSON hold (`"MS"`), `long_name` what a page says ("Max strength")."""

    long_name: str

    def __new__(cls, value: str, long_name: str) -> Self:
        member = str.__new__(cls, value)
        member._value_ = value
        member.long_name = long_name
        return member


# A training phase (docs/method.md §2.1) by its two-letter code. (No docstring: on an enum
# the models use it would become a description in docs/plan.schema.json.)
class Phase(_Named):
    RE = "RE", "Re-entry"  # after a break
    AA = "AA", "Anatomical adaptation"
    MS = "MS", "Max strength"
    PW = "PW", "Power"  # power / transition
    IN = "IN", "In-season maintenance"
    TP = "TP", "Taper"


# The same names as a table, for the renderers that look a phase up by key.
PHASE_NAMES: dict[Phase, str] = {phase: phase.long_name for phase in Phase}


class Level(StrEnum):
    """The runner's lifting experience."""

    NOVICE = "novice"
    INTERMEDIATE = "intermediate"
    ADVANCED = "advanced"


class ExerciseLevel(StrEnum):
    """How demanding a catalog exercise is."""

    BEGINNER = "beginner"
    INTERMEDIATE = "intermediate"
    ADVANCED = "advanced"


class Category(StrEnum):
    PLYOMETRIC = "plyometric"
    POWER = "power"
    MAIN_BILATERAL = "main-bilateral"
    MAIN_UNILATERAL = "main-unilateral"
    POSTERIOR_CHAIN = "posterior-chain"
    CALF_FOOT_ANKLE = "calf-foot-ankle"
    HIP_GLUTE = "hip-glute"
    CORE_ANTI_EXTENSION = "core-anti-extension"
    CORE_ANTI_ROTATION = "core-anti-rotation"
    CORE_ANTI_LATERAL_FLEXION = "core-anti-lateral-flexion"
    MOBILITY = "mobility"
    UPPER_ACCESSORY = "upper-accessory"


# Work with ground contacts and impact: plyometric and ballistic (power) exercises. The
# planner doses them in contacts, the log ladders them apart, pain blocks them as impact.
IMPACT = frozenset({Category.PLYOMETRIC, Category.POWER})


class Laterality(StrEnum):
    BILATERAL = "bilateral"  # both legs (or arms) at once
    UNILATERAL = "unilateral"  # one side at a time: the sets are per side
    ALTERNATING = "alternating"  # sides taking turns within a set


class DoseType(StrEnum):
    LOAD = "load"  # sets × reps with a load
    REPS = "reps"  # sets × reps at body weight
    TIME = "time"  # sets of a hold, in seconds
    CONTACTS = "contacts"  # ground contacts a session (jumps, hops, skips)
    DISTANCE = "distance"  # sets of a carry or walk, in metres


class LoadType(StrEnum):
    BODYWEIGHT = "bodyweight"  # no load to pick
    ABSOLUTE = "absolute"  # kg or lb, from the log
    PERCENT_E1RM = "percent_e1rm"  # a share of the estimated one-rep max
    CHOOSE = "choose"  # the runner picks a load that leaves the target reps in reserve


class DistanceUnit(StrEnum):
    KM = "km"  # kilometres
    MI = "mi"  # miles


class LoadUnit(StrEnum):
    KG = "kg"  # kilograms
    LB = "lb"  # pounds


class RaceDistance(StrEnum):
    FIVE_K = "5k"
    TEN_K = "10k"
    HALF = "half"
    MARATHON = "marathon"
    ULTRA = "ultra"


class Band(StrEnum):
    A = "A"  # the lowest weekly running volume (rules.yaml `bands_km`)
    B = "B"
    C = "C"
    D = "D"  # the highest: the least strength volume


# The three-letter value flags take, and the English name `--hard-days` also accepts.
class Weekday(_Named):
    MON = "mon", "Monday"
    TUE = "tue", "Tuesday"
    WED = "wed", "Wednesday"
    THU = "thu", "Thursday"
    FRI = "fri", "Friday"
    SAT = "sat", "Saturday"
    SUN = "sun", "Sunday"

    @property
    def number(self) -> int:
        """Monday is 0, as in `date.weekday()`."""
        return _WEEKDAY_NUMBER[self]


# Weekday.number is asked thousands of times per plan: a lookup, not a list search.
_WEEKDAY_NUMBER = {day: n for n, day in enumerate(Weekday)}


class Format(StrEnum):
    TABLE = "table"
    MD = "md"
    JSON = "json"
    PDF = "pdf"
    ICS = "ics"
    HTML = "html"
    FIT = "fit"  # a FIT workout per session (issue 13; the `watch` extra)


class Paper(StrEnum):
    A4 = "a4"  # 210 × 297 mm
    LETTER = "letter"  # 8.5 × 11 in


class Reentry(StrEnum):
    """A break in the log (docs/method.md §4.8): a re-entry week or a gradual restart."""

    REENTRY = "reentry"  # after a short break: one lighter week
    RESTART = "restart"  # after a long break: weeks of lighter loads


class DeloadKind(StrEnum):
    """Why `next` is a deload: the plan's deload week or a reactive one (§4.6)."""

    PLANNED = "planned"  # the plan's own deload week
    REACTIVE = "reactive"  # missed reps or pain asked for one


class LadderRung(StrEnum):
    """The §4.7 bodyweight ladder's rungs, in order (range and lever are one rung)."""

    REPS = "reps"
    TEMPO = "tempo"
    PROGRESSION = "progression"
    LOAD = "load"


class Region(StrEnum):
    """A body region that pain is tracked by (§5.3)."""

    LOWER = "lower"  # legs, hips and feet: pain here holds back impact work
    CORE = "core"  # trunk
    UPPER = "upper"  # arms and shoulders


class Role(StrEnum):
    """The role of a template slot (rules.yaml `templates`, docs/method.md §2.4)."""

    PLYO = "plyo"  # plyometric: its dose is ground contacts
    MAIN = "main"  # the session's main lift
    UNI = "uni"  # unilateral or posterior-chain strength
    CALF = "calf"  # calf / foot / ankle
    ACC = "acc"  # accessory: hip, core, …


class TrimMode(StrEnum):
    """How a volume cut takes sets away: one set off an exercise, or a whole exercise."""

    SHAVE = "shave"
    DROP = "drop"


class TaperWindow(StrEnum):
    """The two windows of the taper's session limits (§2.1 TP, rules.yaml `taper_frequency`)."""

    FAR = "far"  # days −14…−8 before the race
    NEAR = "near"  # days −7…−3


class PainRegion(StrEnum):
    """Body regions pain is logged against; each catalog exercise names those it loads (§10.3)."""

    FOOT_ANKLE = "foot-ankle"
    ACHILLES_CALF = "achilles-calf"
    KNEE = "knee"
    HIP = "hip"
    HAMSTRING = "hamstring"
    LOW_BACK = "low-back"


# Members as module names, for the planner's loops that run for every prescription of every
# week. CPython 3.11's EnumType defines `__getattr__`, which puts every read of a member
# off its class (`Role.MAIN`) on the slow attribute-hook path, ~700 instructions against
# ~30 for a global; a name imported from here is a global of the importing module
# (docs/architecture.md, the thirteenth session). 3.12 has no such hook.
ROLE_ACC, ROLE_CALF, ROLE_MAIN = Role.ACC, Role.CALF, Role.MAIN
ROLE_PLYO, ROLE_UNI = Role.PLYO, Role.UNI
PHASE_IN, PHASE_TP = Phase.IN, Phase.TP
LEVEL_NOVICE, BILATERAL = Level.NOVICE, Laterality.BILATERAL
CATEGORY_PLYOMETRIC, CATEGORY_POWER = Category.PLYOMETRIC, Category.POWER
CATEGORY_POSTERIOR_CHAIN = Category.POSTERIOR_CHAIN
DOSE_LOAD, DOSE_REPS, DOSE_TIME, DOSE_DISTANCE = (
    DoseType.LOAD,
    DoseType.REPS,
    DoseType.TIME,
    DoseType.DISTANCE,
)
LOAD_CHOOSE, LOAD_BODYWEIGHT, LOAD_PERCENT_E1RM = (
    LoadType.CHOOSE,
    LoadType.BODYWEIGHT,
    LoadType.PERCENT_E1RM,
)
