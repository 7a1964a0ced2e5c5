"""One load for the next session (docs/method.md §4.2–§4.6, §7 inv. 10–12, 27).

`decide_load` picks the case that applies and each case says why in its `LoadDecision`:
re-entry or restart after a break, first time (from an e1RM), deload, after a deload,
new rep range, missed reps, too hard, pain, and progress (double progression, RIR).
"""

import math
from typing import Any, NamedTuple

from runstrength.enums import Category, DeloadKind, Level, LoadType, LoadUnit, Reentry
from runstrength.log.context import Context, Done, e1rm_of
from runstrength.log.e1rm import EPLEY_DIVISOR
from runstrength.log.spec import num_text
from runstrength.models import Prescription
from runstrength.rulebook import Rulebook


def round_down(value: float, increment: float) -> float:
    """`value` rounded down to a multiple of `increment` (§4.2 'rounded down')."""
    return round(math.floor(value / increment + 1e-9) * increment, 4)


def round_up(value: float, increment: float) -> float:
    """`value` rounded up to a multiple of `increment`."""
    return round(math.ceil(value / increment - 1e-9) * increment, 4)


def fit_load(target: float, last: float, increment: float, cap: tuple[float, float]) -> float:
    """The load for next time: `target` kept inside the per-session cap around `last` and
    put on the increment grid; `last` itself when no step on the grid fits (microloading)."""
    lower, upper = last * (1 + cap[0]), last * (1 + cap[1])
    wanted = min(max(target, lower), upper)
    if abs(wanted - last) < 1e-9:
        return last
    if wanted > last:
        value = round_down(wanted, increment)
        return value if value > last + 1e-9 and value <= upper + 1e-9 else last
    value = round_down(wanted, increment)
    if value < lower - 1e-9:
        value = round_up(lower, increment)
    return value if value < last else last


def change_cap(level: Level, rules: Rulebook) -> tuple[float, float]:
    """Per-session load change limits (§7 inv. 10): [−10 %, +10 %] novice, else [−10 %, +5 %]."""
    caps = rules.load_change_cap
    return caps.novice if level is Level.NOVICE else caps.other


def load_step(category: Category, level: Level, unit: LoadUnit, rules: Rulebook) -> float:
    """The double-progression step of §4.4 for an exercise type, level and unit."""
    upper = category is Category.UPPER_ACCESSORY
    novice = level is Level.NOVICE
    if unit is LoadUnit.KG:
        s = rules.load_step
        if upper:
            return s.upper_kg if novice else s.upper_micro_kg
        return s.lower_novice_kg if novice else s.lower_kg
    lb = rules.load_step_lb
    if upper:
        return lb.upper if novice else lb.upper_micro
    return lb.lower_novice if novice else lb.lower


def load_for(e1rm: float, reps: int, rir: int, increment: float) -> float:
    """The load for `reps` at `rir` from an e1RM: Epley inverse, rounded down (§4.2)."""
    return round_down(e1rm / (1 + (reps + rir) / EPLEY_DIVISOR), increment)


def _change(new: float, last: float, unit: LoadUnit) -> str:
    diff = round(new - last, 2)
    if diff == 0:
        return "same load"
    return f"{'+' if diff > 0 else '−'}{num_text(abs(diff))} {unit.value}"


class LoadDecision(NamedTuple):
    """The load (None: "choose", with the calibration note in `why`) and why; `update`
    carries the dumbbell ladder's dose changes (reps, sets, tempo) for the prescription."""

    value: float | None
    why: str | None
    update: dict[str, Any] | None = None


def _went_badly(d: Done, fallback: tuple[int, int, int | None], rules: Rulebook) -> bool:
    """Missed reps, RIR far under target, or pain: no load increase next time."""
    lo, _, rir = d.targets(fallback)
    delta = d.delta(rir)
    return (
        d.missed(lo)
        or (delta is not None and delta <= rules.rir_rules.too_hard_delta)
        or d.pain() >= rules.pain.modify_at
    )


# --------------------------------------------------------------------------- the cases


class Basis(NamedTuple):
    """What every case of `decide_load` starts from for one prescription."""

    p: Prescription
    lo: int
    hi: int
    target_rir: int | None
    unit: LoadUnit
    increment: float
    e1rm: tuple[float, str] | None  # the working e1RM and where it came from
    derived: float | None  # the load the e1RM gives for these targets
    history: list[Done]  # the logged sessions of the exercise with a load, oldest first

    @property
    def from_e1rm(self) -> str:
        if self.e1rm is None:
            return ""
        return f"from {self.e1rm[1]} {num_text(self.e1rm[0])} {self.unit.value}"


class Evidence(NamedTuple):
    """The session progression is judged by (the last one not a deload) and what it says."""

    sessions: list[Done]  # the sessions that count, oldest first
    last: float  # its load
    lo: int
    hi: int
    rir: int | None  # its targets (the logged ones, else the plan's)
    missed: bool
    delta: float | None  # mean RIR minus the target
    pain: int
    too_hard: bool

    @property
    def rir_text(self) -> str:
        if self.delta is None or self.rir is None:
            return ""
        return f"RIR {num_text(self.delta + self.rir)} vs target {self.rir}"

    def previous(self) -> Done | None:
        return self.sessions[-2] if len(self.sessions) >= 2 else None


def basis(p: Prescription, ctx: Context) -> Basis | None:
    """The starting point for `p`, or None when it has no rep range to load."""
    if p.reps is None:
        return None
    lo, hi = p.reps
    inc = ctx.increment
    estimate = e1rm_of(ctx, p.id)
    derived: float | None = None
    if estimate is not None:
        if p.load.type is LoadType.PERCENT_E1RM and p.load.value is not None:
            derived = round_down(estimate[0] * p.load.value / 100, inc)
        elif p.target_rir is not None:
            derived = load_for(estimate[0], lo, p.target_rir, inc)
    # Progression evidence comes from after the latest break (§10.4) once there is some.
    history = [d for d in ctx.since_break(p.id) if d.load(ctx.unit) is not None]
    if ctx.reentry is not None or not history:
        history = [d for d in ctx.done(p.id) if d.load(ctx.unit) is not None]
    return Basis(p, lo, hi, p.target_rir, ctx.unit, inc, estimate, derived, history)


def reentry_load(b: Basis, ctx: Context, kind: Reentry) -> LoadDecision | None:
    """After a break (§4.8): a share of the load before it (re-entry) or of the e1RM
    (restart), never above 90 % of the last logged load (§7 inv. 27)."""
    break_start = ctx.break_start or ctx.last_break
    loaded = [d for d in ctx.done(b.p.id) if d.load(b.unit) is not None]
    before = [d for d in loaded if break_start is None or d.date <= break_start]
    last_before = before[-1].load(b.unit) if before else None
    e = ctx.extra
    if kind is Reentry.RESTART:
        base = b.derived if b.derived is not None else last_before
        factor = e.restart_load_factor
    else:
        base = last_before if last_before is not None else b.derived
        factor = e.reentry_load_factor
    if base is None:
        return None
    value = round_down(base * factor, b.increment)
    if last_before is not None:
        value = min(value, round_down(last_before * e.reentry_load_factor, b.increment))
    what = "re-entry" if kind is Reentry.REENTRY else "restart"
    return LoadDecision(
        value,
        f"{num_text(value)} {b.unit.value}: {what} after {ctx.gap_days} days off, "
        f"~{round(factor * 100):g} % of before",
    )


def first_time_load(b: Basis) -> LoadDecision | None:
    """Nothing logged with a load yet: the e1RM's load, or None (the plan's stays)."""
    if b.derived is None:
        return None
    return LoadDecision(b.derived, f"{num_text(b.derived)} {b.unit.value} {b.from_e1rm}".strip())


def deload_load(b: Basis, kind: DeloadKind) -> LoadDecision:
    """A deload keeps the latest load; sets and efforts are what get easier (§4.6)."""
    latest = b.history[-1].load(b.unit)
    assert latest is not None
    return LoadDecision(latest, f"same load: {kind} deload, fewer sets and easier efforts")


def evidence(b: Basis, rules: Rulebook) -> Evidence | LoadDecision:
    """The session to judge by, or the after-deload case when only deloads were logged.

    After a deload week the load picks up where it was, judged by the last full session;
    pain or missed reps in a deload still count (§7 inv. 11)."""
    sessions = [d for d in b.history if not d.light]
    newest = b.history[-1]
    if newest.light and _went_badly(newest, (b.lo, b.hi, b.target_rir), rules):
        sessions.append(newest)
    if not sessions:
        same = newest.load(b.unit)
        assert same is not None
        return LoadDecision(same, "same load: after the deload")
    r = sessions[-1]
    last = r.load(b.unit)
    assert last is not None
    lo, hi, rir = r.targets((b.lo, b.hi, b.target_rir))
    delta = r.delta(rir)
    too_hard = delta is not None and delta <= rules.rir_rules.too_hard_delta
    return Evidence(sessions, last, lo, hi, rir, r.missed(lo), delta, r.pain(), too_hard)


def calibration_note(b: Basis) -> str:
    """The §4.2 calibration in words, for a load that is "choose"."""
    rir = b.target_rir if b.target_rir is not None else 4
    return (
        f"choose a load you could lift {b.hi + rir} times (RIR {rir} after {b.hi}); "
        "warm up at about 40, 60 and 80 % of it"
    )


def new_range_load(b: Basis, ev: Evidence, hold: bool, rules: Rulebook) -> LoadDecision:
    """A new rep range (a phase change, §10.5): the e1RM's load, not above the last after a
    bad session; "choose" with the calibration note without an e1RM, never the old range's
    load carried over. Too easy last time (Δ ≥ +2) for at least as many reps as now: not
    below the load that was too easy."""
    rng = f"new rep range {b.lo}–{b.hi}"
    if b.derived is None:
        return LoadDecision(None, f"{rng}, no recent estimate: {calibration_note(b)}")
    value = min(b.derived, ev.last) if hold else b.derived
    easy = ev.delta is not None and ev.delta >= rules.rir_rules.too_easy_delta
    if easy and not hold and value < ev.last and b.lo <= ev.lo:
        return LoadDecision(ev.last, f"same load: {rng}, {ev.rir_text} was too easy")
    return LoadDecision(value, f"{num_text(value)} {b.unit.value}: {rng}, {b.from_e1rm}")


def missed_load(b: Basis, ev: Evidence, ctx: Context) -> LoadDecision:
    """Reps missed: −5 %, or −10 % when missed two sessions running (§4.5)."""
    rr = ctx.rules.rir_rules
    previous = ev.previous()
    twice = previous is not None and previous.missed(
        previous.targets((b.lo, b.hi, b.target_rir))[0]
    )
    cut = rr.double_miss_cut if twice else rr.miss_cut
    value = fit_load(ev.last * (1 - cut), ev.last, b.increment, change_cap(ctx.level, ctx.rules))
    reason = (
        "reps missed two sessions running; check sleep, illness and running load"
        if twice
        else "reps missed last time"
    )
    return LoadDecision(
        value, f"{_change(value, ev.last, b.unit)} (−{round(cut * 100):g} %): {reason}"
    )


def too_hard_load(b: Basis, ev: Evidence, ctx: Context) -> LoadDecision:
    """RIR far under target: −5 % (§4.5)."""
    cut = ctx.rules.rir_rules.miss_cut
    value = fit_load(ev.last * (1 - cut), ev.last, b.increment, change_cap(ctx.level, ctx.rules))
    return LoadDecision(
        value, f"{_change(value, ev.last, b.unit)} (−{round(cut * 100):g} %): {ev.rir_text}"
    )


def pain_load(ev: Evidence, region_pain: int, rules: Rulebook) -> LoadDecision | None:
    """Pain on the exercise or in its region last time: the same load (§5.3); else None."""
    if ev.pain >= rules.pain.modify_at:
        return LoadDecision(ev.last, f"same load: pain {ev.pain}/10 last time")
    if region_pain >= rules.pain.modify_at:
        return LoadDecision(ev.last, f"same load: pain {region_pain}/10 in this area last session")
    return None


def progress_load(b: Basis, ev: Evidence, ctx: Context) -> LoadDecision:
    """Double progression and RIR (§4.3–§4.5): a step after two sessions at the top of the
    range, the e1RM's load when far too easy, the increment at the top with RIR to spare;
    else the same load and more reps. The per-session cap and the increment have the last
    word."""
    rules, unit, inc, last = ctx.rules, b.unit, b.increment, ev.last
    rr = rules.rir_rules
    cap = change_cap(ctx.level, rules)
    step = load_step(b.p.category, ctx.level, unit, rules)
    r = ev.sessions[-1]
    previous = ev.previous()
    fallback = (b.lo, b.hi, b.target_rir)
    two_for_two = (
        r.top(ev.hi, ev.rir)
        and previous is not None
        and previous.targets(fallback)[:2] == (ev.lo, ev.hi)
        and previous.top(ev.hi, previous.targets(fallback)[2])
    )
    target: float | None = None
    reason = ""
    one_step_over = round_down(last * (1 + cap[1]), inc) <= last + 1e-9
    if one_step_over and ev.hi > b.hi and r.top(ev.hi, ev.rir):
        return light_ladder(b, ev, ctx, cap)  # on the dumbbell ladder already (§10.6)
    if ev.delta is not None and ev.delta >= rr.too_easy_delta:
        # Re-derive from the e1RM (§4.5); sets this easy (RIR > 4) rarely feed one, so at
        # least a step, and the cap decides how much of either survives.
        target = max(b.derived or 0.0, last + step)
        reason = f"{ev.rir_text}, too easy" + (
            f"; load {b.from_e1rm}" if b.derived is not None and b.derived > last + step else ""
        )
    elif two_for_two:
        target = last + step
        reason = "all sets at top of range twice" + (f", {ev.rir_text}" if ev.rir_text else "")
    elif ev.delta is not None and ev.delta >= 1 and r.top(ev.hi, ev.rir):
        target = last + inc
        reason = f"top of range at {ev.rir_text}"
    if target is None or target <= last:
        if r.top(ev.hi, ev.rir):
            return LoadDecision(last, f"same load: top of the range ({ev.hi}); hold it once more")
        return LoadDecision(last, f"same load: add reps toward {b.hi}")
    if step < inc and target == last + step:
        return LoadDecision(
            last,
            f"same load: the {num_text(step)} {unit.value} step is below your "
            f"{num_text(inc)} {unit.value} increment; add reps",
        )
    value = fit_load(target, last, inc, cap)
    if value <= last:
        return light_ladder(b, ev, ctx, cap)
    return LoadDecision(value, f"{_change(value, last, unit)}: {reason}")


def _at_top_run(b: Basis, ev: Evidence) -> int:
    """How many sessions running, newest back, were at the top of their range at the
    target RIR with the current load (the dumbbell ladder's rung count)."""
    count = 0
    for d in reversed(ev.sessions):
        load = d.load(b.unit)
        lo, hi, rir = d.targets((b.lo, b.hi, b.target_rir))
        if load is None or abs(load - ev.last) > 1e-9 or not d.top(hi, rir) or d.missed(lo):
            break
        count += 1
    return count


def light_ladder(b: Basis, ev: Evidence, ctx: Context, cap: tuple[float, float]) -> LoadDecision:
    """§10.6: one increment is more than the per-session cap (dumbbells, light loads), so
    after the top of the range is earned: reps above the range top, then a set more, then a
    slower tempo, then exactly one increment (the cap yields to it)."""
    loop = ctx.rules.log_loop
    unit, last, inc = b.unit, ev.last, b.increment
    rung = max(1, _at_top_run(b, ev) - 1)
    over = f"one {num_text(inc)} {unit.value} step is over the +{round(cap[1] * 100):g} % cap"
    if rung >= 4:
        value = round_down(last + inc, inc) if round_down(last + inc, inc) > last else last + inc
        return LoadDecision(
            value,
            f"{_change(value, last, unit)}: {over}, so more reps, a set and a slower tempo "
            "came first; now one step",
        )
    update: dict[str, Any] = {"reps": (b.lo, b.hi + loop.light_extra_reps)}
    what = f"{b.hi + loop.light_extra_reps} reps"
    if rung >= 2:
        update["sets"] = b.p.sets + loop.light_extra_sets
        what += f", {update['sets']} sets"
    if rung >= 3:
        update["tempo"] = loop.light_tempo
        what += f", tempo {loop.light_tempo}"
    return LoadDecision(last, f"same load, {what}: {over} (dumbbell ladder)", update)


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
    return _ramped(decision, b, ctx)


def _ramped(decision: LoadDecision, b: Basis, ctx: Context) -> LoadDecision:
    """§10.4, inv. 36: in the ramp after a break the load never passes the load before the
    break, and each step stays within the per-session cap."""
    if ctx.ramp is None or not ctx.ramp.holds_loads or decision.value is None:
        return decision
    if ctx.last_break is None:  # pragma: no cover - a ramp always follows a break
        return decision
    before = [d for d in ctx.done(b.p.id) if d.date <= ctx.last_break]
    value = decision.value
    why = decision.why
    pre = before[-1].load(b.unit) if before else None
    if pre is not None and value > pre:
        value, why = pre, f"{num_text(pre)} {b.unit.value}: the load before the break, not more yet"
    last = b.history[-1].load(b.unit)
    if last is not None and value > last:
        capped = fit_load(value, last, b.increment, change_cap(ctx.level, ctx.rules))
        if capped < value:
            value, why = capped, f"{_change(capped, last, b.unit)}: ramping back after the break"
    if value == decision.value:
        return decision
    return decision._replace(value=value, why=why)


def _decide(b: Basis, ctx: Context, deload: DeloadKind | None, region_pain: int) -> LoadDecision:
    if deload is not None:
        return deload_load(b, deload)
    ev = evidence(b, ctx.rules)
    if isinstance(ev, LoadDecision):
        return ev
    modify = ctx.rules.pain.modify_at
    extended = ev.lo == b.lo and b.hi <= ev.hi <= b.hi + ctx.rules.log_loop.light_extra_reps
    if not extended:
        hold = ev.missed or ev.too_hard or ev.pain >= modify or region_pain >= modify
        return new_range_load(b, ev, hold, ctx.rules)
    if ev.missed:
        return missed_load(b, ev, ctx)
    if ev.too_hard:
        return too_hard_load(b, ev, ctx)
    return pain_load(ev, region_pain, ctx.rules) or progress_load(b, ev, ctx)
