"""What every format prints around the doses (docs/method.md §10.1, §10.11).

Each session gets the warm-up that opens it: general work, then ramp sets before its first
loaded main lift. Each prescription gets the catalog's safety notes and, wherever its load
is "choose", the calibration note saying in words how to pick that load.
"""

from __future__ import annotations

from functools import cache

from runstrength.enums import LOAD_BODYWEIGHT as _BODYWEIGHT
from runstrength.enums import LOAD_CHOOSE as _CHOOSE
from runstrength.enums import Category, LoadType
from runstrength.models import Catalog, Load, Prescription, RampSet, Session, Warmup, Week
from runstrength.plan.rules import is_hlb_session, session_minutes
from runstrength.rulebook import Rulebook

MAIN_CATEGORIES = frozenset({Category.MAIN_BILATERAL, Category.MAIN_UNILATERAL})


def calibration_note(p: Prescription) -> str | None:
    """How to pick a "choose" load, in words (§4.2, §10.1); None for any other load."""
    if p.load.type is not _CHOOSE:
        return None  # most prescriptions: asked of every one a plan holds, so first
    return calibration_of(p.load, p.target_rir, calibration_kind(p.category, p.seconds is not None))


def calibration_kind(category: Category, timed: bool) -> str:
    """What a load without a target RIR is picked for: `power` (ballistic work, §10.10:
    light and fast), `hold` (a timed hold), or "" (a carry: heavy)."""
    return "power" if category is Category.POWER else "hold" if timed else ""


def calibration_of(load: Load, rir: int | None, kind: str = "") -> str | None:
    """`calibration_note` of a prescription with this load, target RIR and kind (what
    `calibration_kind` says; it matters only without an RIR)."""
    if load.type is not _CHOOSE:
        return None
    return _calibration(rir) if rir is not None else _WITHOUT_RIR[kind]


# Without an RIR a load was "heavy but form clean" for everything: the trap-bar jump's
# light bar (20–40 %, its own safety note) and an isometric hold for a painful tendon
# too (coach QA).
_WITHOUT_RIR = {
    "power": "Calibration: pick a light load you can move fast; end a set when it slows",
    "hold": "Calibration: pick a load you can hold still for the whole time, form clean",
    "": "Calibration: pick a load that is heavy but keeps your form clean to the end",
}


@cache  # a handful of RIR values, asked for every prescription of a plan
def _calibration(rir: int) -> str:
    return f"Calibration: pick a load you could lift for {rir} more reps (RIR {rir})"


def _main_lift(session: Session, mains: frozenset[str]) -> Prescription | None:
    """The session's first loaded main lift dosed in reps (in a main category, or one of
    `mains`: the main slots' candidates): ramp sets of reps make no sense before a hold
    (a pain flag's split-squat isometric hold)."""
    for p in session.exercises:
        if p.load.type is _BODYWEIGHT or p.reps is None:
            continue
        if p.category in MAIN_CATEGORIES or p.id in mains:
            return p
    return None


def main_lift_ids(rules: Rulebook) -> frozenset[str]:
    """Every candidate of the main slots (`main_lifts`)."""
    return frozenset(i for ids in rules.main_lifts.values() for i in ids)


# (exercise id, its name, whether its load is "choose") -> the warm-up before it
Warmups = dict[tuple[str, str, bool] | None, Warmup]


def warmup_for(session: Session, rules: Rulebook, mains: frozenset[str], made: Warmups) -> Warmup:
    """The warm-up opening `session` (§10.1). `made` holds the warm-ups already made for
    the plan: sessions opening with the same lift share one (they are frozen)."""
    lift = _main_lift(session, mains)
    key = None if lift is None else (lift.id, lift.name, lift.load.type is _CHOOSE)
    if key in made:
        return made[key]
    w = rules.warmup
    ramp: list[RampSet] = []
    if key is not None:
        lift_id, name, choose = key
        ramp = [
            RampSet(
                exercise_id=lift_id,
                exercise=name,
                reps=step.reps,
                percent=step.percent,
                effort=step.effort if choose else None,
            )
            for step in w.ramp
        ]
    warmup = Warmup(minutes=w.minutes, general=w.general, ramp=ramp)
    made[key] = warmup
    return warmup


def with_exercises(
    session: Session,
    exercises: list[Prescription],
    rules: Rulebook,
    catalog: Catalog | None = None,
) -> Session:
    """`session` holding `exercises` instead (the log's changes: the pain gate, a swap,
    re-entry or recovery doses): its minutes estimated again, each calibration note said
    again for the RIR now asked, and its warm-up's ramp made again when the lift it named
    is gone (so a ramp never names a lift left out) or its load became known (a ramp set's
    effort words then give way to the percent of it). With the `catalog`, whether it is a
    heavy lower-body session is judged again too (a re-entry week is not "heavy")."""
    exercises = [_recalibrated(p) for p in exercises]
    warmup = session.warmup
    if warmup is not None and warmup.ramp:
        first = warmup.ramp[0]
        named = next((p for p in exercises if p.id == first.exercise_id), None)
        # made again when its lift is gone, or its load is now known (or to choose again):
        # a ramp set's effort words stand in for the percent only while the load is chosen
        choose = named is not None and named.load.type is LoadType.CHOOSE
        if named is None or (first.effort is not None) != choose:
            kept = session.model_copy(update={"exercises": exercises})
            warmup = warmup_for(kept, rules, main_lift_ids(rules), {})
    minutes = session_minutes(exercises, rules) if session.minutes is not None else None
    heavy = session.heavy_lower_body
    if catalog is not None:
        heavy = is_hlb_session(exercises, catalog, rules)
    return session.model_copy(
        update={
            "exercises": exercises,
            "minutes": minutes,
            "warmup": warmup,
            "heavy_lower_body": heavy,
        }
    )


def _recalibrated(p: Prescription) -> Prescription:
    note = calibration_note(p)
    return p if note == p.calibration else p.model_copy(update={"calibration": note})


def finished(weeks: list[Week], rules: Rulebook) -> list[Week]:
    """The weeks with each session's estimated minutes and warm-up, and each
    prescription's calibration note (§10.1) for the load and RIR it ended with (`prescribe`
    gives one as it doses, so most need no copy here); its safety notes (§10.11) are the
    catalog entry's, which every prescription of a plan carries from the start
    (`prescribe.prescription_of`)."""
    mains = main_lift_ids(rules)
    made: Warmups = {}  # sessions opening with the same lift share one warm-up
    return [
        week.model_copy(
            update={
                "sessions": [
                    s.model_copy(
                        update={
                            "minutes": session_minutes(s.exercises, rules),
                            "warmup": warmup_for(s, rules, mains, made),
                            "exercises": [_recalibrated(p) for p in s.exercises],
                        }
                    )
                    for s in week.sessions
                ]
            }
        )
        for week in weeks
    ]
