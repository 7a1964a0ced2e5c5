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
    *,
    catalog_dose: bool = False,
) -> Prescription:
    """`like`'s sets, effort and place in the session moved onto exercise `ex`.

    With `catalog_dose` (a progression) the dose is the catalog's own reps and tempo;
    without it (a regression) `like`'s dose carries over where `ex` can take it. The load
    is one to choose when `is_loaded`, else bodyweight, as the engine would give it."""
    if catalog_dose:
        reps, seconds, contacts, distance_m = ex.dose.reps, None, None, None
        tempo = ex.tempo
    else:
        reps, seconds = like.reps, like.seconds
        contacts, distance_m = like.contacts, like.distance_m
        if ex.dose.type is DoseType.TIME and seconds is None:
            seconds = ex.dose.seconds[0] if ex.dose.seconds else None
            reps = None
        elif ex.dose.type in (DoseType.LOAD, DoseType.REPS) and reps is None:
            reps = ex.dose.reps
            seconds = None
        tempo = ex.tempo or like.tempo
    return prescription_of(
        ex,
        order_rank=like.order_rank,  # the slot's place in the session, not the catalog's
        sets=like.sets,
        reps=reps,
        seconds=seconds,
        contacts=contacts,
        distance_m=distance_m,
        target_rir=like.target_rir,
        load=load_for(ex, frozenset(kit)),
        rest_seconds=like.rest_seconds,
        tempo=tempo,
        notes="; ".join(ex.cues),
        why=why,
    )
