"""Pure rule functions of docs/method.md, shared by the engine and the tests.

Each one is a function of its arguments and the Rulebook only: no clock, no I/O.
"""

from __future__ import annotations

import math
from collections.abc import Iterable

from runstrength.enums import (
    IMPACT,
    Band,
    Category,
    DistanceUnit,
    Phase,
    RaceDistance,
    Season,
)
from runstrength.enums import LOAD_PERCENT_E1RM as _PERCENT_E1RM
from runstrength.models import Catalog, Exercise, Prescription, Session, Week
from runstrength.rulebook import Family, Rulebook
from runstrength.units import to_km


def band_of(volume: float, unit: DistanceUnit, rules: Rulebook) -> Band:
    """The run-volume band (§0) of a weekly volume in either unit."""
    return rules.band_for_km(to_km(volume, unit))


def race_key(distance: RaceDistance) -> str:
    """The §3.4 row a race distance falls in."""
    if distance in (RaceDistance.FIVE_K, RaceDistance.TEN_K):
        return "le_10k"
    if distance is RaceDistance.HALF:
        return "half"
    return "marathon"


def primer_days(distance: RaceDistance, rules: Rulebook) -> int:
    """§3.4: how many days before a race of this distance its primer window starts: no
    session is placed inside it where the week has an earlier day (placement), and a heavy
    or jump session left inside it is dropped (race rules)."""
    return -getattr(rules.race_primer_until_day, race_key(distance))  # type: ignore[no-any-return]


def block_stage(start: int, end: int, other_start: int, other_end: int, k: int) -> tuple[int, int]:
    """Week k (0-based) of a block that first moves `start→end` one step a week, then `other`.

    Used as (sets, rir): sets rise (or fall) one per week first, then RIR tightens.

    >>> [block_stage(2, 3, 4, 3, k) for k in range(4)]
    [(2, 4), (3, 4), (3, 3), (3, 3)]
    """
    steps_first = abs(end - start)
    if k <= steps_first:
        return start + _sign(end - start) * k, other_start
    moved = min(k - steps_first, abs(other_end - other_start))
    return end, other_start + _sign(other_end - other_start) * moved


def rep_stage(reps: tuple[int, int], k: int) -> tuple[tuple[int, int], int]:
    """Reps climb first: week 0 works the low half of the range, week 1 the high half.

    Returns the week's rep range and how many weeks the reps used up (0 or 1), so sets and
    then RIR progress only after the reps have (§4.3 double progression, within a block).

    >>> [rep_stage((8, 12), k) for k in range(3)]
    [((8, 10), 0), ((10, 12), 1), ((10, 12), 1)]
    >>> rep_stage((2, 3), 1)
    ((2, 3), 0)
    """
    lo, hi = reps
    if hi - lo < 2:
        return reps, 0
    mid = (lo + hi) // 2
    return ((lo, mid), 0) if k == 0 else ((mid, hi), 1)


def _sign(x: int) -> int:
    return (x > 0) - (x < 0)


def scale_sets(sets: int, factor: float) -> int:
    """Multiply a set count, rounding down, never below 1 (§3.1)."""
    return max(1, math.floor(sets * factor + 1e-9))


def whole_sets(contacts: int, sets: int, sides: int) -> tuple[int, int]:
    """(sets, contacts per set and side): `contacts` split in whole contacts over `sets`
    sets, fewer sets when there are too few contacts for one in each (the log's pain hold
    re-splits a plyometric this way too)."""
    per_set = contacts // (sets * sides)
    while per_set < 1 and sets > 1:
        sets -= 1
        per_set = contacts // (sets * sides)
    return sets, per_set


def in_family(item: Exercise | Prescription, family: Family) -> bool:
    """Whether an exercise belongs to a movement family of rules.yaml `families`."""
    if family.patterns and item.pattern in family.patterns:
        return True
    return bool(family.categories) and item.category in family.categories


def is_lower_body(item: Exercise | Prescription, rules: Rulebook) -> bool:
    """Lower-body work for the bilateral/unilateral balance (§7 inv. 5)."""
    # a category is the str of its value (StrEnum): `.value`, a Python property, is slow
    return item.category in rules.families.lower_body_categories


def is_hlb_exercise(p: Prescription, heavy_lower_body: bool, rules: Rulebook) -> bool:
    """§0: a hinge, squat or lunge main lift at reps ≤ 8 and RIR ≤ 3 (or ≥ 75 % e1RM)."""
    if not heavy_lower_body:
        return False
    if p.load.type is _PERCENT_E1RM and p.load.value is not None:
        return p.load.value >= rules.hlb_min_percent
    if p.reps is None or p.target_rir is None:
        return False
    return p.reps[1] <= rules.hlb_max_reps and p.target_rir <= rules.hlb_max_rir


def is_hlb_session(exercises: Iterable[Prescription], catalog: Catalog, rules: Rulebook) -> bool:
    """§0: a session is heavy lower body when one of its lifts is (the catalog says which
    lifts may be; an id it does not hold is not)."""
    entries = catalog.exercises
    for p in exercises:  # a loop, not any(): placement asks for every draft of every week
        ex = entries.get(p.id)
        if ex is not None and ex.heavy_lower_body and is_hlb_exercise(p, True, rules):
            return True
    return False


def exercise_seconds(p: Prescription, rules: Rulebook, sets: int | None = None) -> float:
    """Estimated time for one exercise: its sets' work, the rests between them, set-up;
    with `sets`, as if it had that many sets."""
    t = rules.timing
    sides = 2 if p.per_side else 1
    n = p.sets if sets is None else sets
    if p.contacts is not None:
        work = p.contacts * t.contact_s
        return work + p.rest_seconds * (n - 1) + t.setup_s
    per_set: float
    if p.seconds is not None:
        per_set = p.seconds * sides
    elif p.distance_m is not None:
        per_set = p.distance_m * t.metre_s * sides
    else:
        rep = t.tempo_rep_s if p.tempo and not p.tempo.startswith("1-") else t.rep_s
        per_set = (p.reps[1] if p.reps else t.reps_unknown) * rep * sides
    return per_set * n + p.rest_seconds * (n - 1) + t.setup_s


def session_minutes(exercises: Iterable[Prescription], rules: Rulebook) -> int:
    """Estimated minutes of a session (warm-up not counted), rounded up."""
    return minutes_of([exercise_seconds(p, rules) for p in exercises])


def minutes_of(seconds: Iterable[float]) -> int:
    """Whole minutes, rounded up, of exercises' `exercise_seconds` (in session order)."""
    return math.ceil(sum(seconds) / 60)


def total_sets(sessions: Iterable[Session]) -> int:
    """Every set of every exercise (the unit of §4.6 and §3.4 volume limits)."""
    return sum(p.sets for s in sessions for p in s.exercises)


def contacts(exercises: Iterable[Prescription]) -> int:
    """Plyometric ground contacts of some prescriptions (a session, a draft, a week)."""
    total = 0
    for p in exercises:  # a loop, not sum(): placement and the weekly state ask often
        if p.contacts:
            total += p.contacts
    return total


def session_contacts(session: Session) -> int:
    """Plyometric ground contacts of a session."""
    return contacts(session.exercises)


def week_contacts(week: Week) -> int:
    """Plyometric ground contacts of a week."""
    return sum(session_contacts(s) for s in week.sessions)


def is_plyo_day(exercises: Iterable[Prescription], rules: Rulebook) -> bool:
    """A plyometric session for the 48 h spacing and race rules (§2.2, §3.4): it holds more
    contacts than a race primer allows (all its jumps together: a PW ballistic dosed in
    contacts counts too, §10.10)."""
    return contacts(exercises) > rules.primer.contacts


def is_hard_set(p: Prescription, rules: Rulebook) -> bool:
    """§0: a working set that ends at RIR ≤ `hard_set_max_rir`."""
    return p.target_rir is not None and p.target_rir <= rules.hard_set_max_rir


def hard_sets(exercises: Iterable[Prescription], family: Family, rules: Rulebook) -> int:
    """Hard sets (`is_hard_set`) of a movement family."""
    return sum(p.sets for p in exercises if in_family(p, family) and is_hard_set(p, rules))


MAIN_CATEGORIES = (Category.MAIN_BILATERAL, Category.MAIN_UNILATERAL)


def is_main_lift(item: Exercise | Prescription) -> bool:
    """A main lift, bilateral or unilateral (§2.4)."""
    return item.category in MAIN_CATEGORIES


def is_plyometric(item: Exercise | Prescription) -> bool:
    """Plyometric or power work, which must come first in a session (§2.3)."""
    return item.category in IMPACT


def season_of_phase(phase: Phase) -> Season:
    """The season a phase belongs to."""
    return _SEASONS[phase]


# made once, not at every call: each enum member read off its class costs ~80 ns in
# CPython 3.11 (the enum metaclass's `__getattr__`), and every week of a plan asks
_SEASONS = {
    Phase.RE: Season.OFF,
    Phase.AA: Season.OFF,
    Phase.MS: Season.OFF,
    Phase.PW: Season.PRE,
    Phase.IN: Season.IN,
    Phase.TP: Season.TAPER,
}


def hlb_cap(band: Band, phase: Phase, rules: Rulebook) -> int:
    """Max heavy lower-body sessions a week for a band and phase (§3.1)."""
    caps = rules.band_mods[band].max_hlb
    return caps.in_ if phase in (Phase.IN, Phase.TP) else caps.off
