"""What no plan runstrength makes holds: checked where a plan comes from a file or the log.

A plan read back is checked for its types (validation, or `stored_json.read_exact`), but
its numbers are the engine's and the JSON schema states only their types. A hand-edited
export or a damaged log can hold any number of the right type: 5,000 km a week, 9 days,
-3 sets, a [10, 2] rep range, a NaN load. Those would reach `next`, the log and every
renderer ("-3 × 8"), so an import refuses them and the log says the plan cannot be read,
as for any other damage (the QA pass of the plain-values change).
"""

from __future__ import annotations

import math

from runstrength.models import SCHEMA_VERSION, Plan, Prescription

MAX_VOLUME = 1000  # Profile.weekly_volume's bound, in the plan's unit
MAX_SCALE = 10  # RIR


def plan_problem(plan: Plan) -> str | None:
    """The first value of `plan` no runstrength plan holds, as "where: what"; None when
    every value is one the engine could have made."""
    if plan.schema_version != SCHEMA_VERSION:
        return f"schema_version: {plan.schema_version} is not {SCHEMA_VERSION}"
    i = plan.inputs
    if not 0 <= i.weekly_volume <= MAX_VOLUME:
        return f"inputs.weekly_volume: {i.weekly_volume:g} is not 0–{MAX_VOLUME}"
    if not 0 <= i.weekly_volume_km < math.inf:
        return f"inputs.weekly_volume_km: {i.weekly_volume_km:g} is below 0 or not a number"
    if i.days not in (1, 2, 3):
        return f"inputs.days: {i.days} is not 1, 2 or 3"
    if i.weeks < 1:
        return f"inputs.weeks: {i.weeks} is below 1"
    for w_at, week in enumerate(plan.weeks):
        for s_at, session in enumerate(week.sessions):
            for p_at, p in enumerate(session.exercises):
                problem = prescription_problem(p)
                if problem is not None:
                    return f"weeks[{w_at}].sessions[{s_at}].exercises[{p_at}].{problem}"
    return None


def prescription_problem(p: Prescription) -> str | None:
    """The first value of a prescription no plan holds, as "field: what"; or None."""
    if p.sets < 1:
        return f"sets: {p.sets} is below 1"
    if (p.reps is not None and not 0 <= p.reps[0] <= p.reps[1]) or p.reps == (0, 0):
        return f"reps: {list(p.reps or ())} is no range of reps"
    for name in ("seconds", "contacts", "distance_m"):
        value = getattr(p, name)
        if value is not None and value < 1:
            return f"{name}: {value} is below 1"
    if p.target_rir is not None and not 0 <= p.target_rir <= MAX_SCALE:
        return f"target_rir: {p.target_rir} is not 0–{MAX_SCALE}"
    if p.rest_seconds < 0:
        return f"rest_seconds: {p.rest_seconds} is below 0"
    value = p.load.value
    if value is not None and not 0 < value < math.inf:
        return f"load.value: {value:g} is not a load above 0"
    return None
