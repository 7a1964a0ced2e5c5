"""The named cases of `decide_load` (loads.py): re-entry or restart after a break, first
time (from an e1RM), deload, after a deload, new rep range, missed reps, too hard, pain,
and progress (double progression, RIR) — each says why in its `LoadDecision`."""

from typing import Any, NamedTuple

from runstrength.enums import DeloadKind, LoadType, LoadUnit, Reentry
from runstrength.log.context import Context, Done, e1rm_of
from runstrength.log.e1rm import e1rm_text
from runstrength.log.load_math import (
    LoadDecision,
    _change,
    _went_badly,
    change_cap,
    cut_load,
    cut_why,
    e1rm_load,
    fit_load,
    lightest_text,
    load_step,
    not_below_lightest,
    round_down,
    round_down_from,
)
from runstrength.log.spec import num_text
from runstrength.models import Prescription
from runstrength.rulebook import Rulebook
from runstrength.text import span


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
    exact: float | None = None  # `derived` before it was put on the runner's steps

    @property
    def from_e1rm(self) -> str:
        if self.e1rm is None:
            return ""
        return f"from {self.e1rm[1]} {e1rm_text(self.e1rm[0])} {self.unit.value}"


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
    # Progression evidence comes from after the latest break (§10.4) once there is some.
    history = [d for d in ctx.since_break(p.id) if d.load(ctx.unit) is not None]
    if ctx.reentry is not None or not history:
        history = ctx.loaded(p.id)
    own = own_load(history[-1], ctx.unit) if history else None
    estimate = e1rm_of(ctx, p.id)
    exact: float | None = None
    if estimate is not None:
        if p.load.type is LoadType.PERCENT_E1RM and p.load.value is not None:
            exact = estimate[0] * p.load.value / 100
        elif p.target_rir is not None:
            exact = e1rm_load(estimate[0], lo, p.target_rir)
    derived = round_down_from(exact, own, inc) if exact is not None else None
    return Basis(p, lo, hi, p.target_rir, ctx.unit, inc, estimate, derived, history, exact)


def own_load(d: Done, unit: LoadUnit) -> float | None:
    """The load of a logged session when every loaded set of it was in the plan's `unit`:
    a weight the runner's kit holds, whose steps later loads keep (§4.4). None for one
    carried over from the other unit, which goes onto the increment grid (inv. 32)."""
    if any(st.unit is not unit for st in d.sets if st.load is not None):
        return None
    return d.load(unit)


def reentry_load(b: Basis, ctx: Context, kind: Reentry) -> LoadDecision | None:
    """After a break (§4.8): a share of the load before it (re-entry) or of the e1RM
    (restart), never above 90 % of the last logged load (§7 inv. 27), nor under the
    lightest load (90 % of 2.5 kg rounded down to the steps was 0 kg).

    "The load before it" is the load the loop would have given next (`load_due`): after
    missed reps, or a session far too hard, the cut one (the QA run: 60 kg missed, cut to
    55, came back from three weeks off at 52.5 kg, 90 % of the load failed)."""
    brk = ctx.reentry_break
    break_start = brk.before if brk is not None else ctx.last_break
    loaded = ctx.loaded(b.p.id)
    before = [d for d in loaded if break_start is None or d.date <= break_start]
    due = load_due(b, before, ctx)
    last_before = due[0] if due is not None else None
    reentry = ctx.rules.reentry
    if kind is Reentry.RESTART:
        # the e1RM's load as it is, rounded once below (the restart QA run: rounded down,
        # then its 80 % rounded down again, gave 63–79 % where the rule says 80)
        base = b.exact if b.exact is not None else last_before
        factor = ctx.rules.restart.load_factor
    else:
        base = last_before if last_before is not None else b.derived
        factor = reentry.load_factor
    if base is None:
        return None
    # on the runner's steps: whole increments from a kit size (§4.4; the loop QA run: 10 kg
    # from 13.5 kg, 74 %, where 11 kg keeps the rule's 90 %)
    own = own_load(before[-1], b.unit) if before else None
    value = round_down_from(base * factor, own, b.increment)
    if last_before is not None:
        value = min(value, round_down_from(last_before * reentry.load_factor, own, b.increment))
    value = not_below_lightest(value, base if last_before is None else last_before, b.increment)
    what = "re-entry" if kind is Reentry.REENTRY else "restart"
    # the break's days: a lift first done again in the ramp after it re-enters too, when
    # the days since the last session are no break (the loop QA run: "after 4 days off")
    ramp = ctx.ramp if ctx.reentry is None else None
    days = (ramp.after - ramp.before).days if ramp is not None else ctx.gap_days
    said = f"{num_text(value)} {b.unit.value}: {what} after {days} days off"
    if due is not None and due[1] is not None:  # the cut the loop would have given next
        return LoadDecision(value, said + _share(value, due[0], f"due next ({due[1]})", b))
    if last_before is not None:
        return LoadDecision(value, said + _share(value, last_before, "before", b))
    return LoadDecision(value, said + _share(value, base, b.from_e1rm, b))


def due_after(b: Basis, before: list[Done], ctx: Context) -> tuple[float, str] | None:
    """The cut the loop would have given next after `before`, the sessions up to a break
    (§4.5: missed reps, once or twice running, or RIR far under target), and the cut in
    words ("−5 kg (−8 %) from the 60 kg before: reps missed last time"); None when it
    would not have cut (a raise is no base for a re-entry: inv. 27, at most 90 % of the
    last logged load)."""
    if not before:
        return None
    judged = b._replace(history=before)
    ev = evidence(judged, ctx.rules)
    if isinstance(ev, LoadDecision):
        return None
    if ev.missed:
        cut = missed_load(judged, ev, ctx)
    elif ev.too_hard:
        cut = too_hard_load(judged, ev, ctx)
    else:
        return None
    last = before[-1].load(b.unit)
    if cut.value is None or last is None or cut.value >= min(ev.last, last) - 1e-9:
        return None  # no cut (the lightest load already), or the load before is lower
    change, _, reason = str(cut.why).partition(": ")
    return cut.value, f"{change} from the {num_text(ev.last)} {b.unit.value} before: {reason}"


def load_due(b: Basis, before: list[Done], ctx: Context) -> tuple[float, str | None] | None:
    """The load the runner was last due after `before`, the sessions with a load up to a
    break or a pain flag: the cut of `due_after`, and it in words, when the last of them
    missed reps or was far too hard; else the last load logged, and None for words. None
    when nothing was logged. What caps the ramp after a break (§10.4) and a restart after
    pain (§10.3), as it is the re-entry's base: never the load that was failed."""
    due = due_after(b, before, ctx)
    if due is not None:
        return due
    last = before[-1].load(b.unit) if before else None
    return None if last is None else (last, None)


class RampCap(NamedTuple):
    """A load the ramp back held (`ramp_cap`), and why: the load due before in words
    ("95 kg: the load due before the break, not more yet (…)"), or, `step` true, the
    change from the last load lifted ("+7.5 kg"), the ramp's words left to the caller."""

    value: float
    why: str
    step: bool


def ramp_cap(value: float, b: Basis, ctx: Context, before: list[Done], what: str) -> RampCap | None:
    """§10.4, inv. 36: in the weeks of a ramp back that hold loads, `value` no higher than
    the load due before `what` ("the break", "the pain"; `before`: the sessions up to it),
    `load_due`'s: the cut after missed reps or a session far too hard, as for the re-entry
    or the restart, never the load that was failed; and each step from the last load
    lifted within the per-session cap (§4.4). None when `value` stands."""
    pre = before[-1].load(b.unit) if before else None
    # the load due when the break (or the pain) began: after missed reps the cut (the QA
    # run: 100 kg missed, due 95, back at 85 kg, and the ramp's second week gave 100 kg)
    due = load_due(b, [d for d in before if d.load(b.unit) is not None], ctx)
    if pre is not None and due is not None:
        pre = due[0]
    found: RampCap | None = None
    if pre is not None and value > pre:
        if due is not None and due[1] is not None:
            said = f"the load due before {what}, not more yet ({due[1]})"
        else:
            said = f"the load before {what}, not more yet"
        value = pre
        found = RampCap(value, f"{num_text(pre)} {b.unit.value}: {said}", step=False)
    last = b.history[-1].load(b.unit) if b.history else None
    if last is not None and value > last:
        capped = fit_load(value, last, b.increment, change_cap(ctx.level, ctx.rules))
        if capped < value:
            found = RampCap(capped, _change(capped, last, b.unit), step=True)
    return found


def _share(value: float, of: float, which: str, b: Basis) -> str:
    """The share of `of` that `value` is, as lifted: the rule's 90 % rounded down to the
    steps is 83 % of 12 kg (the QA pass: "~90 % of before" beside 12 → 10 kg); or that
    the load is the lightest already."""
    if value >= of - 1e-9:
        return f"; {lightest_text(value, b.increment, b.unit)}"
    return f", {round(value / of * 100):g} % of the {num_text(of)} {b.unit.value} {which}"


def first_time_load(b: Basis) -> LoadDecision | None:
    """Nothing logged with a load yet: the e1RM's load, or None (the plan's stays)."""
    if b.derived is None:
        return None
    return LoadDecision(b.derived, f"{num_text(b.derived)} {b.unit.value} {b.from_e1rm}".strip())


def deload_load(b: Basis, kind: DeloadKind, ctx: Context) -> LoadDecision:
    """§4.6 "load unchanged at RIR +2, or −10 %": a deload keeps the latest load, its
    sets and efforts get easier; after a session that went badly (missed reps, RIR far
    under target, pain) it takes the −10 % instead, since the load that was failed cannot
    be lifted with 2 more reps in reserve (the QA run: 90 kg, missed, came back at RIR 5).
    On a light load the −10 % is one step (`cut_load`)."""
    latest = b.history[-1].load(b.unit)
    assert latest is not None
    # what RIR +2 asks at the same load, in words (§4.6): the rep range stays, the sets
    # end further from failure (two reps fewer, or the same reps at last week's effort)
    further = ctx.rules.deload.rir_add
    easier = f"fewer sets, each stopping {further} reps further from failure"
    ev = evidence(b, ctx.rules)
    if isinstance(ev, Evidence) and _went_badly(
        ev.sessions[-1], (b.lo, b.hi, b.target_rir), ctx.rules
    ):
        cut = ctx.rules.deload.load_cut
        cap = change_cap(ctx.level, ctx.rules)
        value = cut_load(latest, cut, b.increment, cap)
        reason = f"{kind} deload after {_bad_session_text(b, ev, ctx.rules)}"
        why = cut_why(value, latest, cut, cap, b.increment, b.unit, reason)
        # at the lightest load already: the deload's easier sets are all that is left
        return LoadDecision(value, why if value < latest else f"{why}; {easier}")
    return LoadDecision(latest, f"same load: {kind} deload, {easier}")


def _bad_session_text(b: Basis, ev: "Evidence", rules: Rulebook) -> str:
    """What went badly in the session judged by, ending in "last time" or "running":
    missed reps (twice running with §4.5's note, as `missed_load` says it), then pain,
    then the RIR."""
    if ev.missed:
        return missed_reason(missed_twice(b, ev))
    if ev.pain >= rules.pain.modify_at:
        return f"pain {ev.pain}/10 last time"
    return f"{ev.rir_text or 'a hard session'} last time"


def evidence(b: Basis, rules: Rulebook) -> Evidence | LoadDecision:
    """The session to judge by, or the after-deload case when only deloads were logged.

    After a deload week the load picks up where it was, judged by the last full session;
    pain or missed reps in a deload still count (§7 inv. 11)."""
    sessions = [d for d in b.history if not d.light]
    newest = b.history[-1]
    slack = rules.deload.rir_add  # a deload session judged by its loading targets (§4.6)
    if newest.light and _went_badly(newest, (b.lo, b.hi, b.target_rir), rules, slack):
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
    rng = f"new rep range {span(b.lo, b.hi)}"
    if b.derived is None:
        return LoadDecision(None, f"{rng}, no recent estimate: {calibration_note(b)}")
    value = min(b.derived, ev.last) if hold else b.derived
    easy = ev.delta is not None and ev.delta >= rules.rir_rules.too_easy_delta
    if easy and not hold and value < ev.last and b.lo <= ev.lo:
        return LoadDecision(ev.last, f"same load: {rng}, {ev.rir_text} was too easy")
    proof = _proved(ev, b, rules.log_loop.new_range_slack_reps)
    if proof and not hold and value < ev.last:
        return LoadDecision(ev.last, f"same load: {rng}, {proof} last time")
    # never a load of nothing: like a cut (§4.5), it stops at the lightest load (the loop
    # QA run: "0 kg … from e1RM 3.2 kg")
    floor = not_below_lightest(value, ev.last, b.increment)
    why = f"{num_text(floor)} {b.unit.value}: {rng}, {b.from_e1rm}"
    if floor > value:
        why += f"; {lightest_text(floor, b.increment, b.unit)}"
    return LoadDecision(floor, why)


def _proved(ev: Evidence, b: Basis, slack: int) -> str | None:
    """'15 reps at RIR 2' when every set of the last session showed the capacity the new
    range asks at its bottom (reps + RIR at least its bottom reps + target RIR, less
    `slack`): that load is then known to fit the new range, where double progression starts
    (§4.3), whatever the (median, lagging) e1RM says. None otherwise.

    The QA runs: a calf raise just earned at 1 × 15 fell back a step at the change to
    6–10; and a runner who logged the bottom of every range at the target RIR lost a step
    at every change (a Brzycki e1RM, inverted by Epley and rounded down, errs light each
    time): a marathon build took the split squat from 10 to 2.5 kg."""
    sets = ev.sessions[-1].sets
    if b.target_rir is None or not sets:
        return None
    done = [(s.reps, s.rir) for s in sets if s.reps is not None and s.rir is not None]
    if len(done) < len(sets) or min(r + x for r, x in done) < b.lo + b.target_rir - slack:
        return None
    reps, rir = min(done, key=lambda d: d[0] + d[1])
    return f"{reps} reps at RIR {rir}"


def is_rep_climb(b: Basis, ev: Evidence) -> bool:
    """Whether the new range is the plan's next rep step up within a block (3–4 → 4–6,
    5–6 → 6–8, 8–10 → 10–12: it starts inside the old one and ends above it), and every
    set last time already reached its bottom."""
    return ev.lo <= b.lo <= ev.hi < b.hi and not ev.sessions[-1].missed(b.lo)


def climb_load(b: Basis, ev: Evidence, ctx: Context) -> LoadDecision:
    """§4.3 double progression across the plan's own rep steps: more reps at the same load
    (the coach review's K3 and W2: the e1RM's load for the higher reps made week 2 of a
    block lighter than week 1, and dumbbells fell a size). An e1RM that says the load is
    light still raises it, within the per-session cap; so does a session too easy (Δ ≥ +2,
    §10.5: at a change of range too), by at least a step (the loop QA run: 4 × 70 kg at
    RIR 5 against 3 kept 70 kg at the next step)."""
    rng = span(b.lo, b.hi)
    cap = change_cap(ctx.level, ctx.rules)
    easy = ev.delta is not None and ev.delta >= ctx.rules.rir_rules.too_easy_delta
    if easy:
        step = load_step(b.p.category, ctx.level, b.unit, ctx.rules)
        value = fit_load(max(b.derived or 0.0, ev.last + step), ev.last, b.increment, cap)
        if value > ev.last:
            said = f"reps climb to {rng}, {ev.rir_text} was too easy"
            return LoadDecision(value, f"{_change(value, ev.last, b.unit)}: {said}")
    if b.derived is not None and b.derived > ev.last:
        value = fit_load(b.derived, ev.last, b.increment, cap)
        if value > ev.last:
            why = f"{_change(value, ev.last, b.unit)}: reps climb to {rng}, {b.from_e1rm}"
            return LoadDecision(value, why)
    return LoadDecision(ev.last, f"same load, more reps ({rng}): the block's next rep step")


def missed_twice(b: Basis, ev: Evidence) -> bool:
    """Whether the session before the one judged by missed reps too (§4.5)."""
    previous = ev.previous()
    return previous is not None and previous.missed(previous.targets((b.lo, b.hi, b.target_rir))[0])


def missed_reason(twice: bool) -> str:
    """Missed reps in words: a second miss running carries §4.5's note, wherever the cut
    is made (a deload's too: the QA pass found it said only "reps missed last time")."""
    if twice:
        return "reps missed two sessions running; check sleep, illness and running load"
    return "reps missed last time"


def missed_load(b: Basis, ev: Evidence, ctx: Context) -> LoadDecision:
    """Reps missed: −5 %, or −10 % when missed two sessions running (§4.5); at least one
    step (`cut_load`)."""
    rr = ctx.rules.rir_rules
    twice = missed_twice(b, ev)
    cut = rr.double_miss_cut if twice else rr.miss_cut
    cap = change_cap(ctx.level, ctx.rules)
    value = cut_load(ev.last, cut, b.increment, cap)
    reason = missed_reason(twice)
    return LoadDecision(value, cut_why(value, ev.last, cut, cap, b.increment, b.unit, reason))


def too_hard_load(b: Basis, ev: Evidence, ctx: Context) -> LoadDecision:
    """RIR far under target: −5 % (§4.5), at least one step (`cut_load`)."""
    cut = ctx.rules.rir_rules.miss_cut
    cap = change_cap(ctx.level, ctx.rules)
    value = cut_load(ev.last, cut, b.increment, cap)
    return LoadDecision(value, cut_why(value, ev.last, cut, cap, b.increment, b.unit, ev.rir_text))


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
    # §4.3: the top of the range in two sessions running at this load; one at the load
    # before (the first session after a step up) is no evidence for the next step (the
    # QA run: 65 kg done once, and the 60 kg session before it gave 70 kg)
    two_for_two = (
        r.top(ev.hi, ev.rir)
        and previous is not None
        and previous.load(unit) == r.load(unit)
        and previous.targets(fallback)[:2] == (ev.lo, ev.hi)
        and previous.top(ev.hi, previous.targets(fallback)[2])
    )
    target: float | None = None
    reason = ""
    if is_laddered(b, ev, ctx, cap):
        return light_ladder(b, ev, ctx, cap)
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


def one_step_over(last: float, inc: float, cap: tuple[float, float]) -> bool:
    """Whether one increment on `last` is more than the per-session cap: the dumbbell
    ladder's case (§4.4, §10.6)."""
    return round_down(last * (1 + cap[1]), inc) <= last + 1e-9


def _at_top_run(b: Basis, ev: Evidence, ctx: Context) -> tuple[int, int]:
    """How many loading sessions running, newest back, were at the top of their own range
    at their target RIR with the current load, and how many of them were prescribed on the
    dumbbell ladder (their range reached past the plan's own top for them): its rungs taken.

    Deload sessions are not in `ev.sessions`: a deload holds the ladder, it neither counts
    nor breaks the run (§10.6). Neither does a change of range (a phase change, the plan's
    rep step): each session is judged by its own targets and its own plan dose (the QA pass:
    compared with the new range's top, AA's 10–12 looked like rungs taken in MS's 6–8, and
    the new range started the ladder again). A session the plan did not prescribe is
    compared with the current range."""
    count = taken = 0
    for d in reversed(ev.sessions):
        load = d.load(b.unit)
        lo, hi, rir = d.targets((b.lo, b.hi, b.target_rir))
        if load is None or abs(load - ev.last) > 1e-9 or not d.top(hi, rir) or d.missed(lo):
            break
        count += 1
        taken += hi > ctx.plan_ranges.get((d.session_id, b.p.id), (b.lo, b.hi))[1]
    return count, taken


def on_ladder(decision: LoadDecision, b: Basis, ev: Evidence, ctx: Context) -> LoadDecision:
    """§10.6 across a change of rep range (a phase change, the plan's rep step): when the
    new range keeps the load and one increment is over the cap, the dumbbell ladder carries
    on from the rung reached, adapted to the new range (its top plus the extra reps, its
    sets plus one, the tempo), or takes the step it earned. A new range whose e1RM load is
    another load (heavier: that is the rise; lighter for more reps) or unknown stays as it is."""
    cap = change_cap(ctx.level, ctx.rules)
    if decision.value is None or abs(decision.value - ev.last) > 1e-9:
        return decision
    return light_ladder(b, ev, ctx, cap) if is_laddered(b, ev, ctx, cap) else decision


def is_laddered(b: Basis, ev: Evidence, ctx: Context, cap: tuple[float, float]) -> bool:
    """Whether the exercise is on the dumbbell ladder (§10.6): one increment is over the
    cap, and two sessions running were at the top at this load, in whatever ranges the
    plan gave them (its rep steps must not keep it off the ladder)."""
    return one_step_over(ev.last, b.increment, cap) and _at_top_run(b, ev, ctx)[0] >= 2


def light_ladder(b: Basis, ev: Evidence, ctx: Context, cap: tuple[float, float]) -> LoadDecision:
    """§10.6: one increment is more than the per-session cap (dumbbells, light loads), so
    after the top of the range is earned: reps above the range top, then a set more, then a
    slower tempo (unless the exercise has its own), then exactly one increment (the cap
    yields to it)."""
    loop = ctx.rules.log_loop
    unit, last, inc = b.unit, ev.last, b.increment
    run, taken = _at_top_run(b, ev, ctx)
    # One rung a session: the run at the top may be longer than the rungs taken (a session
    # held at the top, "hold it once more", is no rung), and two rungs in one session add
    # reps and a set at once (coach re-check W2: 3 × 10–12 became 4 × 10–14).
    rung = max(1, min(run - 1, taken + 1))
    over = f"one {num_text(inc)} {unit.value} step is over the +{round(cap[1] * 100):g} % cap"
    # An exercise dosed with its own tempo is slow already (a goblet squat's 3-1-1-0, a
    # calf raise's 3-0-3-0): the ladder's tempo would add nothing, or speed it up (the
    # coach QA run), so its rungs go reps, sets, then the step.
    tempo_rung = b.p.tempo is None
    if rung >= (4 if tempo_rung else 3):
        value = round_down(last + inc, inc) if round_down(last + inc, inc) > last else last + inc
        # what the log shows, not the ladder's order: a run that crossed a phase change
        # took its rungs in another range (coach re-check W2: the line named rungs never
        # taken)
        return LoadDecision(
            value,
            f"{_change(value, last, unit)}: {over}, and {run} sessions running were at the "
            "top of the range at this load; now one step",
        )
    update: dict[str, Any] = {"reps": (b.lo, b.hi + loop.light_extra_reps)}
    what = f"{b.hi + loop.light_extra_reps} reps"
    # While a ramp back (or a re-entry) sets the sets, the ladder adds none on top: the ramp
    # allows one more a week (§10.4), and the ladder's set made it two (2 → 4 sets).
    if rung >= 2 and ctx.ramp is None and ctx.reentry is None:
        update["sets"] = b.p.sets + loop.light_extra_sets
        what += f", {update['sets']} sets"
    if rung >= 3 and tempo_rung:
        update["tempo"] = loop.light_tempo
        what += f", tempo {loop.light_tempo}"
    return LoadDecision(last, f"same load, {what}: {over} (dumbbell ladder)", update)
