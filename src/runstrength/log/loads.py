"""One load for the next session (docs/method.md §4.2–§4.6, §7 inv. 10–12, 27).

`decide_load` picks the case that applies and each case says why in its `LoadDecision`:
re-entry or restart after a break, first time (from an e1RM), deload, after a deload,
new rep range, missed reps, too hard, pain, and progress (double progression, RIR).
"""

from runstrength.enums import DeloadKind, Reentry
from runstrength.log.context import Context
from runstrength.log.load_cases import (  # re-exported: split out of this module
    Basis,
    Evidence,
    _at_top_run,
    basis,
    calibration_note,
    climb_load,
    deload_load,
    evidence,
    first_time_load,
    is_rep_climb,
    light_ladder,
    missed_load,
    new_range_load,
    on_ladder,
    one_step_over,
    pain_load,
    progress_load,
    ramp_cap,
    reentry_load,
    too_hard_load,
)
from runstrength.log.load_math import LoadDecision, _change, change_cap, fit_load
from runstrength.log.load_math import _went_badly as _went_badly  # re-exported
from runstrength.log.load_math import load_for as load_for  # re-exported
from runstrength.log.load_math import load_step as load_step  # re-exported
from runstrength.log.load_math import round_down as round_down  # re-exported
from runstrength.log.load_math import round_up as round_up  # re-exported
from runstrength.log.spec import num_text
from runstrength.models import Prescription
from runstrength.units import convert_load

__all__ = [
    "Basis",
    "Evidence",
    "LoadDecision",
    "_at_top_run",
    "_change",
    "_went_badly",
    "basis",
    "calibration_note",
    "change_cap",
    "decide_load",
    "deload_load",
    "evidence",
    "first_time_load",
    "fit_load",
    "light_ladder",
    "load_for",
    "load_step",
    "missed_load",
    "new_range_load",
    "on_ladder",
    "one_step_over",
    "pain_load",
    "progress_load",
    "reentry_load",
    "round_down",
    "round_up",
    "too_hard_load",
]


def decide_load(
    p: Prescription,
    ctx: Context,
    *,
    deload: DeloadKind | None,
    region_pain: int,
) -> LoadDecision | None:
    """The absolute load of one loaded prescription for the next session, or None to leave
    the plan's load as it is (no e1RM and nothing logged)."""
    b = basis(p, ctx)
    if b is None:
        return None
    if ctx.reentry is not None:
        return reentry_load(b, ctx, ctx.reentry)
    ramp = ctx.ramp
    if ramp is not None and ramp.holds_loads and b.history and b.history[-1].date <= ramp.before:
        # Back after a break but not this exercise yet: re-entry, not the old e1RM.
        return reentry_load(b, ctx, Reentry.REENTRY)
    if not b.history:
        return first_time_load(b)
    decision = _decide(b, ctx, deload, region_pain)
    return _on_steps(_ramped(decision, b, ctx), b)


def _on_steps(decision: LoadDecision, b: Basis) -> LoadDecision:
    """Inv. 32: a load carried over from one logged in the other unit (10 kg in a lb plan
    is 22.0462 lb) is put on the runner's increments, rounded down. A load logged in the
    plan's own unit stays as it is, off the grid or not: it is what the runner's kit holds."""
    value = decision.value
    if value is None or abs(value / b.increment - round(value / b.increment)) < 1e-6:
        return decision
    other = next(
        (s for d in reversed(b.history) for s in d.sets if s.unit not in (None, b.unit)),
        None,
    )
    if other is None or other.load is None or other.unit is None:
        return decision
    snapped = round_down(value, b.increment) or round_up(value, b.increment)
    unit = b.unit.value
    # the logged load in this unit too: "60 kg logged: 120 lb" read as if 60 kg were 120 lb
    # (the log-loop QA run; 60 kg is 132.3 lb, and 120 lb is that after a miss's cut)
    converted = round(convert_load(other.load, other.unit, b.unit), 1)
    said = (
        f"{num_text(other.load)} {other.unit.value} logged ({num_text(converted)} {unit}): "
        f"{num_text(snapped)} {unit} on your {num_text(b.increment)} {unit} steps"
    )
    return decision._replace(value=snapped, why=f"{decision.why}; {said}")


def _ramped(decision: LoadDecision, b: Basis, ctx: Context) -> LoadDecision:
    """§10.4, inv. 36: in the ramp after a break the load never passes the load due before
    the break (`load_due`: the cut after missed reps, as for the re-entry), and each step
    stays within the per-session cap (`ramp_cap`, as in the ramp after a pain restart)."""
    if ctx.ramp is None or not ctx.ramp.holds_loads or decision.value is None:
        return decision
    if ctx.last_break is None:  # pragma: no cover - a ramp always follows a break
        return decision
    before = [d for d in ctx.done(b.p.id) if d.date <= ctx.last_break]
    cap = ramp_cap(decision.value, b, ctx, before, "the break")
    if cap is None:
        return decision
    why = f"{cap.why}: ramping back after the break" if cap.step else cap.why
    return decision._replace(value=cap.value, why=why)


def _decide(b: Basis, ctx: Context, deload: DeloadKind | None, region_pain: int) -> LoadDecision:
    if deload is not None:
        return deload_load(b, deload, ctx)
    ev = evidence(b, ctx.rules)
    if isinstance(ev, LoadDecision):
        return ev
    modify = ctx.rules.pain.modify_at
    extended = ev.lo == b.lo and b.hi <= ev.hi <= b.hi + ctx.rules.log_loop.light_extra_reps
    if not extended:
        hold = ev.missed or ev.too_hard or ev.pain >= modify or region_pain >= modify
        if hold:
            return new_range_load(b, ev, hold, ctx.rules)
        # §10.6: the dumbbell ladder's rung carries over a change of range
        if is_rep_climb(b, ev):
            return on_ladder(climb_load(b, ev, ctx), b, ev, ctx)
        return on_ladder(new_range_load(b, ev, hold, ctx.rules), b, ev, ctx)
    if ev.missed:
        return missed_load(b, ev, ctx)
    if ev.too_hard:
        return too_hard_load(b, ev, ctx)
    return pain_load(ev, region_pain, ctx.rules) or progress_load(b, ev, ctx)
