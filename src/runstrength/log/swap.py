"""Exercise → Prescription when `next` swaps an exercise: to its regression after pain
(§4.5, §5.3) or to its progression on the bodyweight ladder (§4.7).

`is_loaded` is the engine's rule (plan: `_load`), kept here until the log can use the
planner's own `plan.prescribe`; the two are meant to merge into one.
"""

from collections.abc import Collection

from runstrength.enums import DoseType, LoadType
from runstrength.models import Exercise, Load, Prescription

# Equipment that is itself a weight: an exercise done holding one is loaded (a carry).
WEIGHTS = frozenset({"dumbbells", "kettlebell", "barbell", "trap-bar"})


def is_loaded(ex: Exercise, kit: Collection[str]) -> bool:
    """Whether `ex` gets an external load the runner chooses: a load dose, kit in `kit`
    that loads it, or equipment that is itself a weight.

    A reps-dosed split squat with dumbbells in the kit is loaded; without them it is not.
    """
    return (
        ex.dose.type is DoseType.LOAD
        or bool(set(ex.loadable_with) & set(kit))
        or bool(set(ex.equipment) & WEIGHTS)
    )


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
    return Prescription(
        id=ex.id,
        name=ex.name,
        category=ex.category,
        pattern=ex.pattern,
        laterality=ex.laterality,
        order_rank=like.order_rank,
        level=ex.level,
        equipment=list(ex.equipment),
        sets=like.sets,
        reps=reps,
        seconds=seconds,
        contacts=contacts,
        distance_m=distance_m,
        per_side=ex.dose.per_side,
        target_rir=like.target_rir,
        load=Load(type=LoadType.CHOOSE if is_loaded(ex, kit) else LoadType.BODYWEIGHT),
        rest_seconds=like.rest_seconds,
        tempo=tempo,
        video=ex.video,
        notes="; ".join(ex.cues),
        why=why,
    )
