"""Exercise → Prescription when `next` swaps an exercise: to its regression after pain
(§4.5, §5.3) or to its progression on the bodyweight ladder (§4.7).

The planner's own rules make it: `plan.prescribe.is_loadable` says whether the exercise
takes a load, and `plan.prescribe.prescription_of` copies what the catalog says of it, so
a swapped exercise is prescribed as the plan would have prescribed it.
"""

from collections.abc import Collection

from runstrength.enums import DoseType
from runstrength.models import Exercise, Prescription
from runstrength.plan.prescribe import is_loadable, load_for, prescription_of
from runstrength.plan.selection import within_limits
from runstrength.rulebook import Rulebook


def is_loaded(ex: Exercise, kit: Collection[str]) -> bool:
    """Whether `ex` gets an external load the runner chooses: a load dose, kit in `kit`
    that loads it, or equipment that is itself a weight (the planner's rule).

    A reps-dosed split squat with dumbbells in the kit is loaded; without them it is not.
    """
    return is_loadable(ex, frozenset(kit))


def prescription_for(
    ex: Exercise,
    like: Prescription,
    why: str,
    kit: Collection[str],
    rules: Rulebook,
    *,
    catalog_dose: bool = False,
    primer: bool = False,
) -> Prescription:
    """`like`'s sets, effort and place in the session moved onto exercise `ex`.

    With `catalog_dose` (a progression) the dose is the catalog's own reps and tempo;
    without it (a regression) `like`'s dose carries over where `ex` can take it, as the
    planner doses a slot (plan.prescribe): a bodyweight exercise keeps its own rep range
    (a bodyweight box squat for 4–6 reps is no stimulus), and a hold is held for its own
    seconds, with no RIR and no tempo. The load is one to choose when `is_loaded`, else
    bodyweight, as the engine would give it; the catalog's limits and `main_lift_min_reps`
    hold as in a plan, the latter not in a race `primer` (§3.4: its one set of 2–3 is no
    heavy set; a primer's back squat swapped for pain had become a goblet squat 1 × 6)."""
    kit_set = frozenset(kit)
    rir = like.target_rir
    if catalog_dose:
        # the catalog's dose of its own type, from the bottom of its range (a progression
        # to a hold is held, not "2 sets" of nothing: the QA run's Copenhagen plank)
        dose = ex.dose
        reps, seconds, contacts, distance_m = dose.reps, None, None, None
        tempo = ex.tempo
        if dose.type is DoseType.TIME and dose.seconds is not None:
            reps, seconds, rir, tempo = None, dose.seconds[0], None, None
        elif dose.type is DoseType.DISTANCE and dose.distance_m is not None:
            reps, distance_m, rir = None, dose.distance_m[0], None
        elif dose.type is DoseType.CONTACTS and dose.contacts is not None:
            per_set = dose.contacts[0]
            sides = 2 if dose.per_side else 1
            reps, contacts, rir = (per_set, per_set), per_set * like.sets * sides, None
    elif ex.dose.type is DoseType.TIME:
        reps, contacts, distance_m, rir, tempo = None, None, None, None, ex.tempo
        seconds = like.seconds or (ex.dose.seconds[0] if ex.dose.seconds else None)
    else:
        reps, seconds = like.reps, like.seconds
        contacts, distance_m = like.contacts, like.distance_m
        own = ex.dose.type is DoseType.REPS and not is_loadable(ex, kit_set)
        if ex.dose.type in (DoseType.LOAD, DoseType.REPS) and (reps is None or own):
            reps = ex.dose.reps or reps
            seconds = None
        tempo = ex.tempo or like.tempo
    made = prescription_of(
        ex,
        order_rank=like.order_rank,  # the slot's place in the session, not the catalog's
        sets=like.sets,
        reps=reps,
        seconds=seconds,
        contacts=contacts,
        distance_m=distance_m,
        target_rir=rir if reps is not None else None,
        load=load_for(ex, kit_set),
        rest_seconds=like.rest_seconds,
        tempo=tempo,
        notes="; ".join(ex.cues),
        safety=list(ex.safety),  # the new exercise's own (§10.11), as the plan dresses it
        why=why,
    )
    # the catalog's limits, a main lift's least reps outside a primer
    return within_limits(made, ex, rules, primer=primer)
