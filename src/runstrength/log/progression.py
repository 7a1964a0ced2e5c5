"""Progression from the log (training-rules.md §4.2–§4.8, §5.3, §7 inv. 10–12, 27, 28).

Pure functions: the caller passes the plan, what was logged, `today` and the rules; nothing
here reads the clock, the disk or the environment. The log comes in as any objects with the
attributes of `SetRecord` / `SessionRecord` (storage.LoggedSet / LoggedSession fit).

The main entry points are `prescribe_next` (the `runstrength next` session, with absolute
loads, the §4.7 non-load progressions, and a one-line `why` per change) and `apply_log` (the
whole plan as seen from the log: done sessions, shifted dates, absolute loads).
"""

import datetime as dt
import itertools
import math
import statistics
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any, NamedTuple, Protocol

from runstrength.enums import Category, DoseType, Level, LoadType, LoadUnit
from runstrength.models import Catalog, Exercise, Load, Plan, Prescription, Session, Week
from runstrength.rulebook import Rulebook
from runstrength.units import convert_load

# Brzycki and Epley give the same e1RM at n = 10 effective reps and Epley is the lower one
# above it, so min(Brzycki, Epley) *is* the §4.2 rule; beyond this n it is low-confidence.
FORMULA_CROSSOVER_REPS = 10
WEEK_DAYS = 7

Key = tuple[int, int]  # (week index, session index), both 1-based


# --------------------------------------------------------------------------- inputs


class SetRecord(Protocol):
    """What progression reads from one logged set (storage.LoggedSet has these)."""

    @property
    def exercise_id(self) -> str: ...
    @property
    def reps(self) -> int | None: ...
    @property
    def load(self) -> float | None: ...
    @property
    def unit(self) -> str | None: ...
    @property
    def seconds(self) -> int | None: ...
    @property
    def contacts(self) -> int | None: ...
    @property
    def rir(self) -> int | None: ...
    @property
    def pain(self) -> int | None: ...
    @property
    def target_reps_lo(self) -> int | None: ...
    @property
    def target_reps_hi(self) -> int | None: ...
    @property
    def target_rir(self) -> int | None: ...


class SessionRecord(Protocol):
    """What progression reads from one logged session (storage.LoggedSession has these)."""

    @property
    def id(self) -> int: ...
    @property
    def date(self) -> dt.date: ...
    @property
    def plan_id(self) -> int | None: ...
    @property
    def week(self) -> int | None: ...
    @property
    def session(self) -> int | None: ...
    @property
    def sets(self) -> Sequence[SetRecord]: ...


class MaxRecord(Protocol):
    """A seeded max (storage.SavedMax has these)."""

    @property
    def e1rm(self) -> float: ...
    @property
    def unit(self) -> str: ...


class Max(NamedTuple):
    """A known max for an exercise: an e1RM and its unit."""

    e1rm: float
    unit: LoadUnit
    source: str = "seed"


class History(NamedTuple):
    """Everything progression needs from the log.

    `sessions` may come in any order. `plan_id` is the active plan's id in the log: sessions
    attached to it mark plan sessions done. `increment` is the smallest load step the runner
    can make (profile setting), in the plan's load unit; None means the rules' default.
    """

    sessions: Sequence[SessionRecord] = ()
    maxes: Mapping[str, MaxRecord] = {}
    plan_id: int | None = None
    increment: float | None = None


class Extra(NamedTuple):
    """The §4.8 re-entry numbers and the §0 hard-set RIR, flattened from the rulebook."""

    reentry_sets_factor: float
    reentry_load_factor: float
    reentry_rir_add: int
    reentry_plyo_factor: float
    reentry_weeks: int
    restart_load_factor: float
    restart_weeks: int
    hard_set_max_rir: int


def extra_rules(rules: Rulebook) -> Extra:
    """The re-entry/restart numbers and the hard-set RIR of rules.yaml."""
    r, s = rules.reentry, rules.restart
    return Extra(
        reentry_sets_factor=r.sets_factor,
        reentry_load_factor=r.load_factor,
        reentry_rir_add=r.rir_add,
        reentry_plyo_factor=r.plyo_factor,
        reentry_weeks=r.weeks,
        restart_load_factor=s.load_factor,
        restart_weeks=s.weeks,
        hard_set_max_rir=rules.hard_set_max_rir,
    )


# --------------------------------------------------------------------------- units, rounding


def default_increment(unit: LoadUnit, rules: Rulebook) -> float:
    """The smallest load step when the runner has not set one: 2.5 kg or 5 lb (§4.4)."""
    return rules.load_step.lower_kg if unit is LoadUnit.KG else rules.load_step_lb.lower


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


# --------------------------------------------------------------------------- e1RM (§4.2)


class Estimate(NamedTuple):
    value: float
    low_confidence: bool


def set_e1rm(
    load: float | None, reps: int | None, rir: int | None, rules: Rulebook
) -> Estimate | None:
    """The e1RM of one set, or None when §4.2 says the set may not be used (§7 inv. 12)."""
    e = rules.e1rm
    if load is None or reps is None or rir is None or load <= 0:
        return None
    if not (1 <= reps <= e.max_reps and 0 <= rir <= e.max_rir):
        return None
    n = reps + rir
    if n > e.max_effective_reps:
        return None
    epley = load * (1 + n / 30)
    brzycki = load * 36 / (37 - n) if n < 37 else math.inf
    return Estimate(min(brzycki, epley), n > FORMULA_CROSSOVER_REPS)


def working_e1rm(
    sets: Iterable[SetRecord], unit: LoadUnit, rules: Rulebook
) -> tuple[float, bool] | None:
    """Median of the last `window` valid estimates of `sets` (oldest first), in `unit`,
    and whether any of them is low-confidence; None when no set is valid."""
    estimates: list[Estimate] = []
    for s in sets:
        if s.load is None:
            continue
        est = set_e1rm(convert_load(s.load, s.unit, unit), s.reps, s.rir, rules)
        if est is not None:
            estimates.append(est)
    if not estimates:
        return None
    window = estimates[-rules.e1rm.window :]
    return float(statistics.median(e.value for e in window)), any(e.low_confidence for e in window)


def load_for(e1rm: float, reps: int, rir: int, increment: float) -> float:
    """The load for `reps` at `rir` from an e1RM: Epley inverse, rounded down (§4.2)."""
    return round_down(e1rm / (1 + (reps + rir) / 30), increment)


# --------------------------------------------------------------------------- plan position


class Progress(NamedTuple):
    """Where the runner is in the plan according to the log."""

    done: Mapping[Key, int]  # plan session -> the logged session id
    missed: frozenset[Key]  # not logged, and a later session was
    next: Key | None  # the next session to do, None when the plan is finished
    shift_days: int  # how far the sessions from `next` on move later (missed sessions)


def _keys(plan: Plan) -> list[Key]:
    return [(w.index, s.index) for w, s in plan.sessions()]


def _attached(history: History) -> dict[Key, int]:
    done: dict[Key, int] = {}
    for s in sorted(history.sessions, key=lambda s: (s.date, s.id)):
        if s.plan_id == history.plan_id and s.week is not None and s.session is not None:
            done.setdefault((s.week, s.session), s.id)
    return done


def plan_progress(plan: Plan, history: History, today: dt.date) -> Progress:
    """Done, missed and next plan sessions, and the date shift of the rest.

    The next session is the first one not logged after the last one logged, so a missed
    session is never silently dropped: in a dated plan it and everything after it move
    later by the days it is overdue (or by the delay of the last session logged, so a late
    session keeps its spacing to the next). A plan built back from a race date cannot move (the
    taper is pinned to the race), so there the overdue sessions before the most recent
    one that is due count as missed instead.
    """
    keys = _keys(plan)
    done = _attached(history)
    position = {k: i for i, k in enumerate(keys)}
    last = max((position[k] for k in done if k in position), default=-1)
    missed = {k for k in keys[: last + 1] if k not in done}
    ahead = [k for k in keys[last + 1 :] if k not in done]
    if not ahead:
        return Progress(done, frozenset(missed), None, 0)
    dates = {(w.index, s.index): s.date for w, s in plan.sessions()}
    first = dates[ahead[0]]
    if first is None:
        return Progress(done, frozenset(missed), ahead[0], 0)
    if plan.inputs.race_date is not None:
        due = [k for k in ahead if (d := dates[k]) is not None and d <= today]
        if len(due) > 1:
            missed.update(due[:-1])
            ahead = ahead[ahead.index(due[-1]) :]
        return Progress(done, frozenset(missed), ahead[0], 0)
    # Keep the spacing after a late session: carry its delay, or more if overdue now.
    delay = 0
    if last >= 0:
        planned = dates[keys[last]]
        logged_on = {s.id: s.date for s in history.sessions}.get(done[keys[last]])
        if planned is not None and logged_on is not None:
            delay = (logged_on - planned).days
    return Progress(done, frozenset(missed), ahead[0], max(0, delay, (today - first).days))


def effective_date(plan: Plan, key: Key, progress: Progress) -> dt.date | None:
    """A plan session's date after missed sessions shifted the plan."""
    for w, s in plan.sessions():
        if (w.index, s.index) == key:
            if s.date is None:
                return None
            if progress.next is not None and key not in progress.done:
                keys = _keys(plan)
                if keys.index(key) >= keys.index(progress.next):
                    return s.date + dt.timedelta(days=progress.shift_days)
            return s.date
    return None


def attach_target(
    plan: Plan,
    history: History,
    day: dt.date,
    today: dt.date,
    exercise_id: str | None = None,
) -> tuple[Week, Session] | None:
    """The plan session that entries logged on `day` belong to, among those still to do
    from the next one on: one dated `day` (after a shift, or as planned), preferring one
    that has `exercise_id` and then the shifted date; else the next one. None when the plan
    is done."""
    progress = plan_progress(plan, history, today)
    if progress.next is None:
        return None
    keys = _keys(plan)
    start = keys.index(progress.next)
    matches: list[tuple[int, Week, Session]] = []
    for w, s in plan.sessions():
        key = (w.index, s.index)
        if keys.index(key) < start or key in progress.done:
            continue
        shifted = effective_date(plan, key, progress) == day
        if shifted or s.date == day:
            has = exercise_id is None or any(p.id == exercise_id for p in s.exercises)
            matches.append(((0 if has else 2) + (0 if shifted else 1), w, s))
    if matches:
        _, w, s = min(matches, key=lambda m: m[0])
        return w, s
    return _find(plan, progress.next)


def _find(plan: Plan, key: Key) -> tuple[Week, Session]:
    for w, s in plan.sessions():
        if (w.index, s.index) == key:
            return w, s
    raise KeyError(key)  # pragma: no cover - keys come from the plan


# --------------------------------------------------------------------------- the log, per lift


class _Done(NamedTuple):
    """One logged session of one exercise."""

    session_id: int
    date: dt.date
    sets: tuple[SetRecord, ...]
    light: bool  # a deload session: its easier targets say nothing about progression

    def load(self, unit: LoadUnit) -> float | None:
        loads = [convert_load(s.load, s.unit, unit) for s in self.sets if s.load is not None]
        return round(max(loads), 4) if loads else None

    def targets(self, fallback: tuple[int, int, int | None]) -> tuple[int, int, int | None]:
        first = self.sets[0]
        if first.target_reps_lo is None or first.target_reps_hi is None:
            return fallback
        return first.target_reps_lo, first.target_reps_hi, first.target_rir

    def missed(self, lo: int) -> bool:
        return any(s.reps is not None and s.reps < lo for s in self.sets)

    def delta(self, target_rir: int | None) -> float | None:
        rirs = [s.rir for s in self.sets if s.rir is not None]
        if not rirs or target_rir is None:
            return None
        return statistics.mean(rirs) - target_rir

    def pain(self) -> int:
        return max((s.pain or 0 for s in self.sets), default=0)

    def top(self, hi: int, target_rir: int | None) -> bool:
        return all(
            s.reps is not None
            and s.reps >= hi
            and (s.rir is None or target_rir is None or s.rir >= target_rir)
            for s in self.sets
        )


class _Context(NamedTuple):
    """What the log says about the runner right now, shared by every exercise."""

    plan: Plan
    rules: Rulebook
    extra: Extra
    catalog: Catalog | None
    unit: LoadUnit
    increment: float
    level: Level
    sessions: tuple[SessionRecord, ...]  # oldest first
    light_ids: frozenset[int]
    by_exercise: Mapping[str, tuple[_Done, ...]]
    maxes: Mapping[str, MaxRecord]
    categories: Mapping[str, Category]
    reentry: str | None  # "reentry" | "restart" | None
    break_start: dt.date | None  # the last session before the break
    gap_days: int
    reactive_deload: bool
    kit: frozenset[str]  # equipment the plan already uses, plus "none" (§4.7 progressions)

    def done(self, exercise_id: str, before: dt.date | None = None) -> tuple[_Done, ...]:
        found = self.by_exercise.get(exercise_id, ())
        if before is None:
            return found
        return tuple(d for d in found if d.date <= before)


def _region(category: Category | None, rules: Rulebook) -> str | None:
    if category is None:
        return None
    if category in (Category.PLYOMETRIC, Category.POWER):
        return "lower"
    if category.value in rules.families.lower_body_categories:
        return "lower"
    if category.value in rules.families.core.categories:
        return "core"
    if category is Category.UPPER_ACCESSORY:
        return "upper"
    return None


def _categories(plan: Plan, catalog: Catalog | None) -> dict[str, Category]:
    found = {p.id: p.category for _, s in plan.sessions() for p in s.exercises}
    if catalog is not None:
        found.update({k: e.category for k, e in catalog.exercises.items()})
    return found


def _main_lifts(ctx_rules: Rulebook, categories: Mapping[str, Category]) -> set[str]:
    lifts = {i for ids in ctx_rules.main_lifts.values() for i in ids}
    novice = getattr(ctx_rules, "main_lifts_novice", None) or {}
    lifts.update(i for ids in novice.values() for i in ids)
    lifts.update(k for k, c in categories.items() if c is Category.MAIN_BILATERAL)
    return lifts


def _plan_targets(plan: Plan) -> dict[tuple[int, int, str], tuple[int, int, int | None]]:
    return {
        (w.index, s.index, p.id): (p.reps[0], p.reps[1], p.target_rir)
        for w, s in plan.sessions()
        for p in s.exercises
        if p.reps is not None
    }


def _missed_any(session: SessionRecord, exercise_id: str, plan_lo: int | None) -> bool:
    for s in session.sets:
        if s.exercise_id != exercise_id or s.reps is None:
            continue
        lo = s.target_reps_lo if s.target_reps_lo is not None else plan_lo
        if lo is not None and s.reps < lo:
            return True
    return False


def _reactive_windows(
    sessions: Sequence[SessionRecord],
    rules: Rulebook,
    main: set[str],
    plan_lo: Mapping[tuple[int, str], int],
    skip: set[int],
) -> tuple[list[dt.date], set[int]]:
    """Dates of the sessions that triggered a reactive deload (§4.6): reps missed on ≥ 2 main
    lifts within a week, or pain ≥ modify_at in 2 sessions within a week; and the ids of the
    sessions logged inside those deload weeks. Sessions in `skip` never count."""
    triggers: list[dt.date] = []
    inside: set[int] = set()
    counted: list[SessionRecord] = []
    for s in sessions:
        if any(t < s.date <= t + dt.timedelta(days=WEEK_DAYS) for t in triggers):
            inside.add(s.id)
            continue
        if s.id in skip:
            continue
        counted.append(s)
        window = [x for x in counted if s.date - dt.timedelta(days=WEEK_DAYS) < x.date <= s.date]
        missed_lifts = {
            st.exercise_id
            for x in window
            for st in x.sets
            if st.exercise_id in main
            and _missed_any(x, st.exercise_id, plan_lo.get((x.id, st.exercise_id)))
        }
        painful = [
            x
            for x in window
            if max((st.pain or 0 for st in x.sets), default=0) >= rules.pain.modify_at
        ]
        if len(missed_lifts) >= 2 or len(painful) >= 2:
            triggers.append(s.date)
    return triggers, inside


def _context(
    plan: Plan, history: History, today: dt.date, rules: Rulebook, catalog: Catalog | None
) -> _Context:
    extra = extra_rules(rules)
    unit = plan.inputs.load_unit
    sessions = tuple(
        sorted((s for s in history.sessions if s.date <= today), key=lambda s: (s.date, s.id))
    )
    categories = _categories(plan, catalog)
    targets = _plan_targets(plan)
    deload_weeks = {w.index for w in plan.weeks if w.deload}
    deloads: set[int] = {
        s.id
        for s in sessions
        if s.plan_id == history.plan_id and s.week in deload_weeks and s.week is not None
    }
    reentries: set[int] = set()
    plan_lo: dict[tuple[int, str], int] = {}
    for s in sessions:
        if s.plan_id == history.plan_id and s.week is not None and s.session is not None:
            for st in s.sets:
                t = targets.get((s.week, s.session, st.exercise_id))
                if t is not None:
                    plan_lo[(s.id, st.exercise_id)] = t[0]
    # Re-entry windows after every break in the log (§4.8).
    for prev, cur in itertools.pairwise(sessions):
        gap = (cur.date - prev.date).days
        if gap >= rules.break_days.reentry:
            weeks = extra.restart_weeks if gap >= rules.break_days.restart else extra.reentry_weeks
            end = cur.date + dt.timedelta(days=WEEK_DAYS * weeks)
            reentries.update(s.id for s in sessions if cur.date <= s.date < end)
    main = _main_lifts(rules, categories)
    triggers, reactive_ids = _reactive_windows(sessions, rules, main, plan_lo, deloads | reentries)
    deloads |= reactive_ids
    reactive = any(t < today <= t + dt.timedelta(days=WEEK_DAYS) for t in triggers)
    # The break `today` is in, if any: a gap now, or a re-entry block still running.
    reentry: str | None = None
    break_start: dt.date | None = None
    gap_days = 0
    if sessions:
        gap_days = (today - sessions[-1].date).days
        if gap_days >= rules.break_days.reentry:
            reentry = "restart" if gap_days >= rules.break_days.restart else "reentry"
            break_start = sessions[-1].date
        else:
            for prev, cur in reversed(list(itertools.pairwise(sessions))):
                gap = (cur.date - prev.date).days
                if gap >= rules.break_days.reentry:
                    kind = "restart" if gap >= rules.break_days.restart else "reentry"
                    weeks = extra.restart_weeks if kind == "restart" else extra.reentry_weeks
                    if today < cur.date + dt.timedelta(days=WEEK_DAYS * weeks):
                        reentry, break_start, gap_days = kind, prev.date, gap
                    break
    by_exercise: dict[str, list[_Done]] = {}
    for s in sessions:
        grouped: dict[str, list[SetRecord]] = {}
        for st in s.sets:
            grouped.setdefault(st.exercise_id, []).append(st)
        for exercise_id, sets in grouped.items():
            by_exercise.setdefault(exercise_id, []).append(
                _Done(s.id, s.date, tuple(sets), s.id in deloads)
            )
    level = plan.inputs.level
    return _Context(
        plan=plan,
        rules=rules,
        extra=extra,
        catalog=catalog,
        unit=unit,
        increment=history.increment or default_increment(unit, rules),
        level=level,
        sessions=sessions,
        light_ids=frozenset(deloads),
        by_exercise={k: tuple(v) for k, v in by_exercise.items()},
        maxes=history.maxes,
        categories=categories,
        reentry=reentry,
        break_start=break_start,
        gap_days=gap_days,
        reactive_deload=reactive,
        kit=frozenset(
            {"none"} | {e for _, x in plan.sessions() for p in x.exercises for e in p.equipment}
        ),
    )


def _e1rm(ctx: _Context, exercise_id: str) -> tuple[float, str] | None:
    """The working e1RM in the plan unit and where it came from."""
    sets = [st for d in ctx.done(exercise_id) for st in d.sets]
    found = working_e1rm(sets, ctx.unit, ctx.rules)
    if found is not None:
        return found[0], "low-confidence e1RM" if found[1] else "e1RM"
    seeded = ctx.maxes.get(exercise_id)
    if seeded is not None:
        return convert_load(seeded.e1rm, seeded.unit, ctx.unit), "your max"
    return None


# --------------------------------------------------------------------------- one load


def _num(value: float) -> str:
    return f"{round(value, 2):g}"


def _change(new: float, last: float, unit: LoadUnit) -> str:
    diff = round(new - last, 2)
    if diff == 0:
        return "same load"
    return f"{'+' if diff > 0 else '−'}{_num(abs(diff))} {unit.value}"


class LoadDecision(NamedTuple):
    value: float
    why: str | None


def _went_badly(d: _Done, fallback: tuple[int, int, int | None], rules: Rulebook) -> bool:
    """Missed reps, RIR far under target, or pain: no load increase next time."""
    lo, _, rir = d.targets(fallback)
    delta = d.delta(rir)
    return (
        d.missed(lo)
        or (delta is not None and delta <= rules.rir_rules.too_hard_delta)
        or d.pain() >= rules.pain.modify_at
    )


def decide_load(
    p: Prescription,
    ctx: _Context,
    *,
    deload: str | None,
    region_pain: int,
) -> LoadDecision | None:
    """The absolute load of one loaded prescription for the next session, or None to leave
    the plan's load as it is (no e1RM and nothing logged)."""
    if p.reps is None:
        return None
    unit, inc = ctx.unit, ctx.increment
    rules = ctx.rules
    lo, hi = p.reps
    target_rir = p.target_rir
    estimate = _e1rm(ctx, p.id)
    derived: float | None = None
    if estimate is not None:
        if p.load.type is LoadType.PERCENT_E1RM and p.load.value is not None:
            derived = round_down(estimate[0] * p.load.value / 100, inc)
        elif target_rir is not None:
            derived = load_for(estimate[0], lo, target_rir, inc)
    from_e1rm = (
        f"from {estimate[1]} {_num(estimate[0])} {unit.value}" if estimate is not None else ""
    )
    history = [d for d in ctx.done(p.id) if d.load(unit) is not None]

    if ctx.reentry is not None:
        before = [d for d in history if ctx.break_start is None or d.date <= ctx.break_start]
        last_before = before[-1].load(unit) if before else None
        e = ctx.extra
        if ctx.reentry == "restart":
            base = derived if derived is not None else last_before
            factor = e.restart_load_factor
        else:
            base = last_before if last_before is not None else derived
            factor = e.reentry_load_factor
        if base is None:
            return None
        value = round_down(base * factor, inc)
        if last_before is not None:  # §7 inv. 27: never above 90 % of the last logged load
            value = min(value, round_down(last_before * e.reentry_load_factor, inc))
        what = "re-entry" if ctx.reentry == "reentry" else "restart"
        return LoadDecision(
            value,
            f"{_num(value)} {unit.value}: {what} after {ctx.gap_days} days off, "
            f"~{round(factor * 100):g} % of before",
        )

    if not history:
        if derived is None:
            return None
        return LoadDecision(derived, f"{_num(derived)} {unit.value} {from_e1rm}".strip())

    if deload is not None:
        latest = history[-1].load(unit)
        assert latest is not None
        return LoadDecision(latest, f"same load: {deload} deload, fewer sets and easier efforts")
    # Progress from the sessions that were not deloads: after a deload week the load
    # picks up where it was, judged by the last full session.
    evidence = [d for d in history if not d.light]
    newest = history[-1]
    if newest.light and _went_badly(newest, (lo, hi, target_rir), rules):
        evidence.append(newest)  # pain or missed reps in a deload still count (§7 inv. 11)
    if not evidence:
        same = newest.load(unit)
        assert same is not None
        return LoadDecision(same, "same load: after the deload")
    r = evidence[-1]
    last = r.load(unit)
    assert last is not None

    r_lo, r_hi, r_rir = r.targets((lo, hi, target_rir))
    phase_change = (r_lo, r_hi) != (lo, hi)
    missed = r.missed(r_lo)
    delta = r.delta(r_rir)
    pain = r.pain()
    too_hard = delta is not None and delta <= rules.rir_rules.too_hard_delta
    hold = missed or too_hard or pain >= rules.pain.modify_at or region_pain >= rules.pain.modify_at
    rir_text = (
        f"RIR {_num(delta + r_rir)} vs target {r_rir}"
        if delta is not None and r_rir is not None
        else ""
    )

    if phase_change:
        if derived is None:
            return LoadDecision(last, f"same load: new rep range {lo}–{hi}")
        value = min(derived, last) if hold else derived
        return LoadDecision(
            value, f"{_num(value)} {unit.value}: new rep range {lo}–{hi}, {from_e1rm}"
        )

    cap = change_cap(ctx.level, rules)
    rr = rules.rir_rules
    if missed:
        previous = evidence[-2] if len(evidence) >= 2 else None
        twice = previous is not None and (
            previous.missed(previous.targets((lo, hi, target_rir))[0])
        )
        cut = rr.double_miss_cut if twice else rr.miss_cut
        value = fit_load(last * (1 - cut), last, inc, cap)
        reason = (
            "reps missed two sessions running; check sleep, illness and running load"
            if twice
            else "reps missed last time"
        )
        return LoadDecision(
            value, f"{_change(value, last, unit)} (−{round(cut * 100):g} %): {reason}"
        )
    if too_hard:
        value = fit_load(last * (1 - rr.miss_cut), last, inc, cap)
        return LoadDecision(
            value, f"{_change(value, last, unit)} (−{round(rr.miss_cut * 100):g} %): {rir_text}"
        )
    if pain >= rules.pain.modify_at:
        return LoadDecision(last, f"same load: pain {pain}/10 last time")
    if region_pain >= rules.pain.modify_at:
        return LoadDecision(last, f"same load: pain {region_pain}/10 in this area last session")

    step = load_step(p.category, ctx.level, unit, rules)
    previous = evidence[-2] if len(evidence) >= 2 else None
    two_for_two = (
        r.top(r_hi, r_rir)
        and previous is not None
        and previous.targets((lo, hi, target_rir))[:2] == (r_lo, r_hi)
        and previous.top(r_hi, previous.targets((lo, hi, target_rir))[2])
    )
    target: float | None = None
    reason = ""
    if delta is not None and delta >= rr.too_easy_delta:
        # Re-derive from the e1RM (§4.5); sets this easy (RIR > 4) rarely feed one, so at
        # least a step, and the cap decides how much of either survives.
        target = max(derived or 0.0, last + step)
        reason = f"{rir_text}, too easy" + (
            f"; load {from_e1rm}" if derived is not None and derived > last + step else ""
        )
    elif two_for_two:
        target = last + step
        reason = "all sets at top of range twice" + (f", {rir_text}" if rir_text else "")
    elif delta is not None and delta >= 1 and r.top(r_hi, r_rir):
        target = last + inc
        reason = f"top of range at {rir_text}"
    if target is None or target <= last:
        return LoadDecision(last, f"same load: add reps toward {hi}")
    if step < inc and target == last + step:
        return LoadDecision(
            last,
            f"same load: the {_num(step)} {unit.value} step is below your "
            f"{_num(inc)} {unit.value} increment; add reps",
        )
    value = fit_load(target, last, inc, cap)
    if value <= last:
        return LoadDecision(
            last,
            f"same load: a step would pass the +{round(cap[1] * 100):g} % cap or your "
            f"{_num(inc)} {unit.value} increment; add a rep",
        )
    return LoadDecision(value, f"{_change(value, last, unit)}: {reason}")


# --------------------------------------------------------------------------- the next session


class NextSession(NamedTuple):
    """The next session with loads from the log, and what shaped it."""

    week: Week
    session: Session
    notes: tuple[str, ...] = ()
    e1rms: Mapping[str, float] = {}
    reentry: str | None = None  # "reentry" | "restart"
    deload: str | None = None  # "planned" | "reactive"
    shift_days: int = 0
    progress: Progress | None = None


def _prescription_from(ex: Exercise, like: Prescription, why: str) -> Prescription:
    """`like`'s dose moved onto exercise `ex` (a regression swap)."""
    seconds = like.seconds
    reps = like.reps
    if ex.dose.type is DoseType.TIME and seconds is None:
        seconds = ex.dose.seconds[0] if ex.dose.seconds else None
        reps = None
    elif ex.dose.type in (DoseType.LOAD, DoseType.REPS) and reps is None:
        reps = ex.dose.reps
        seconds = None
    load = (
        Load(type=LoadType.CHOOSE)
        if ex.dose.type is DoseType.LOAD
        else Load(type=LoadType.BODYWEIGHT)
    )
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
        contacts=like.contacts,
        distance_m=like.distance_m,
        per_side=ex.dose.per_side,
        target_rir=like.target_rir,
        load=load,
        rest_seconds=like.rest_seconds,
        tempo=ex.tempo or like.tempo,
        video=ex.video,
        notes="; ".join(ex.cues),
        why=why,
    )


def _pain_on(session: SessionRecord | None, ids: set[str]) -> int:
    if session is None:
        return 0
    return max((s.pain or 0 for s in session.sets if s.exercise_id in ids), default=0)


def _last_with(ctx: _Context, ids: set[str]) -> SessionRecord | None:
    for s in reversed(ctx.sessions):
        if any(st.exercise_id in ids for st in s.sets):
            return s
    return None


# --------------------------------------------------------------------------- non-load (§4.7)

# The bodyweight ladder's rungs, in order. Range (§4.7 rung 3) and lever or stance (rung 4)
# are one rung here: the catalog `progression` of the exercise, when the runner can do it.
_REPS, _TEMPO, _SWAP, _LOAD = "reps", "tempo", "progression", "load"


def _hold_reason(ctx: _Context, deload: str | None, own_pain: int, region_pain: int) -> str | None:
    """Why `next` takes no new non-load step this time, or None: a break, a deload or pain
    (§4.6 nothing new in a deload, §4.8, §5.3 no progression for a painful region)."""
    modify = ctx.rules.pain.modify_at
    if ctx.reentry is not None:
        what = "re-entry" if ctx.reentry == "reentry" else "restart"
        return f"{what} after {ctx.gap_days} days off"
    if deload is not None:
        return f"{deload} deload"
    if own_pain >= modify:
        return f"pain {own_pain}/10 last time"
    if region_pain >= modify:
        return f"pain {region_pain}/10 in this area last session"
    return None


def _progression_of(
    exercise: Exercise | None, ctx: _Context, session_ids: Iterable[str] = ()
) -> Exercise | None:
    """The catalog progression of `exercise` when the runner may do it: a level allowed for
    the runner (novice bans included), only equipment the plan already uses, not avoided
    for one of their injuries, and not already in the session."""
    if ctx.catalog is None or exercise is None or not exercise.progression:
        return None
    found = ctx.catalog.get(exercise.progression)
    rules = ctx.rules
    if found is None or found.id in set(session_ids):
        return None
    if found.level.value not in rules.allowed_levels.get(ctx.level, []):
        return None
    if ctx.level is Level.NOVICE and found.id in rules.novice_banned:
        return None
    if not set(found.equipment) <= ctx.kit:
        return None
    injuries = [rules.injuries.get(i) for i in ctx.plan.inputs.injuries]
    if any(found.id in r.avoid for r in injuries if r is not None):
        return None
    return found


def _laddered(p: Prescription) -> bool:
    """A bodyweight exercise dosed in reps: the §4.7 ladder progresses it."""
    return (
        p.load.type is LoadType.BODYWEIGHT
        and p.reps is not None
        and p.seconds is None
        and p.contacts is None
        and p.distance_m is None
        and p.category not in (Category.PLYOMETRIC, Category.POWER)
    )


def _ladder_rungs(
    p: Prescription, exercise: Exercise | None, swap: Exercise | None, rules: Rulebook
) -> list[str]:
    """The rungs this exercise climbs, in order. Each depends on the catalog entry (on the
    prescription without a catalog), not on the week, so a log always means the same rung:
    reps while the catalog range tops out below the ladder's, tempo unless the exercise has
    its own, then the progression exercise, or else an external load."""
    assert p.reps is not None
    ladder = rules.bodyweight_ladder
    rungs: list[str] = []
    top = exercise.dose.reps[1] if exercise is not None and exercise.dose.reps else p.reps[1]
    if top < ladder.reps[1]:
        rungs.append(_REPS)
    own_tempo = exercise.tempo if exercise is not None else p.tempo
    if own_tempo is None or own_tempo == ladder.tempo:
        rungs.append(_TEMPO)
    rungs.append(_SWAP if swap is not None else _LOAD)
    return rungs


def _ladder_range(p: Prescription, applied: Sequence[str], rules: Rulebook) -> tuple[int, int]:
    """The rep range after the `applied` rungs: rung 1 raises it toward the ladder's range
    (the bottom to the old top, at most the ladder's bottom; the top to the ladder's top);
    an external load goes back to the plan's range."""
    assert p.reps is not None
    lo, hi = p.reps
    if _REPS in applied and _LOAD not in applied:
        want_lo, want_hi = rules.bodyweight_ladder.reps
        lo, hi = max(lo, min(hi, want_lo)), max(hi, want_hi)
    return lo, hi


def _met_top(d: _Done, hi: int, rules: Rulebook) -> bool:
    """Every set at the top of the range at RIR ≥ the ladder's, pain-free (an unlogged RIR
    counts as the prescribed one)."""
    if not d.sets or d.pain() >= rules.pain.modify_at:
        return False
    floor = rules.bodyweight_ladder.min_rir
    for s in d.sets:
        rir = s.rir if s.rir is not None else s.target_rir
        if s.reps is None or s.reps < hi or rir is None or rir < floor:
            return False
    return True


def _ladder_earned(
    ctx: _Context, exercise_id: str, top_after: Callable[[int], int], *, before_newest: bool
) -> list[int]:
    """The rungs the log has earned, oldest first, as the range top each was earned at.

    A rung is earned by `sessions` logged sessions running of the exercise at the top of
    their range (§4.7); then the count starts again for the next rung. Deload sessions
    neither count nor break a run. A set without logged targets is judged against the top
    of the range the rungs earned before it give (`top_after(k)`). With `before_newest`
    the newest logged session is left out: the rung that session was prescribed."""
    done = ctx.done(exercise_id)
    if before_newest:
        done = done[:-1]
    earned: list[int] = []
    run = 0
    for d in done:
        if d.light:
            continue
        _, hi, _ = d.targets((0, top_after(len(earned)), None))
        run = run + 1 if _met_top(d, hi, ctx.rules) else 0
        if run >= ctx.rules.bodyweight_ladder.sessions:
            earned.append(hi)
            run = 0
    return earned


def _tempo_text(tempo: str) -> str:
    parts = tempo.split("-")
    if len(parts) == 4 and all(x.isdigit() for x in parts):
        return f"tempo {tempo} ({parts[0]} s lowering, {parts[1]} s pause)"
    return f"tempo {tempo}"


def _progressed(ex: Exercise, like: Prescription, ctx: _Context, why: str) -> Prescription:
    """`like`'s sets, effort and place in the session on its progression `ex`, with the
    catalog's own reps and tempo: a loaded dose (or kit the plan has that loads it) means
    a load to choose, as the engine would give it."""
    loaded = ex.dose.type is DoseType.LOAD or bool(set(ex.loadable_with) & ctx.kit)
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
        reps=ex.dose.reps,
        per_side=ex.dose.per_side,
        target_rir=like.target_rir,
        load=Load(type=LoadType.CHOOSE if loaded else LoadType.BODYWEIGHT),
        rest_seconds=like.rest_seconds,
        tempo=ex.tempo,
        video=ex.video,
        notes="; ".join(ex.cues),
        why=why,
    )


def _ladder(
    p: Prescription,
    ctx: _Context,
    hold: str | None,
    session_ids: Sequence[str],
    seen: frozenset[str] = frozenset(),
) -> Prescription:
    """The bodyweight ladder of §4.7 for one prescription, from its log.

    The rung is how many times the log met the criterion (`_ladder_earned`); rungs apply
    cumulatively (more reps, then the slower tempo) until the progression exercise takes
    over, which then climbs its own ladder from its own log, or an external load does, and
    after it the normal load progression (§4.3–4.5). With a `hold` (deload, break, pain)
    the rung stays the one the newest logged session had."""
    rules = ctx.rules
    ladder = rules.bodyweight_ladder
    exercise = ctx.catalog.get(p.id) if ctx.catalog is not None else None
    swap = _progression_of(exercise, ctx, session_ids)
    if swap is not None and swap.id in seen:
        swap = None  # pragma: no cover - the catalog's progression graph is acyclic
    rungs = _ladder_rungs(p, exercise, swap, rules)

    def top_after(k: int) -> int:
        return _ladder_range(p, rungs[: min(k, len(rungs))], rules)[1]

    earned = _ladder_earned(ctx, p.id, top_after, before_newest=False)
    kept = len(earned)
    if hold is not None and earned:
        # The newest session of this exercise had one rung fewer, unless the runner has
        # moved on to the progression since: then that swap is not new any more.
        newest = ctx.done(p.id)[-1]
        moved_on = swap is not None and any(
            (d.date, d.session_id) > (newest.date, newest.session_id) for d in ctx.done(swap.id)
        )
        if not moved_on:
            kept = len(_ladder_earned(ctx, p.id, top_after, before_newest=True))
    if kept == 0:
        if earned:
            return p.model_copy(update={"why": f"no bodyweight ladder step: {hold}"})
        return p
    applied = rungs[: min(kept, len(rungs))]
    rung = applied[-1]
    reason = (
        f"{earned[kept - 1]} reps at RIR ≥ {ladder.min_rir} in {ladder.sessions} sessions running"
        if kept == len(earned)
        else f"no new step: {hold}"
    )
    if rung == _SWAP:
        assert swap is not None
        what = f"{swap.name} instead of {p.name}"
        new = _progressed(swap, p, ctx, f"{what}: {reason}")
        if _laddered(new):
            climbed = _ladder(new, ctx, hold, session_ids, seen | {p.id})
            if climbed.why != new.why:
                return climbed.model_copy(update={"why": f"{what}; {climbed.why}"})
        return new
    update: dict[str, Any] = {"reps": _ladder_range(p, applied, rules)}
    if rung == _LOAD:
        update["load"] = Load(type=LoadType.CHOOSE)
        update["notes"] = f"{p.notes}; {ladder.load_note}" if p.notes else ladder.load_note
        what = ladder.load_note
    else:
        if _TEMPO in applied:
            update["tempo"] = ladder.tempo
        lo, hi = update["reps"]
        what = _tempo_text(ladder.tempo) if rung == _TEMPO else f"{lo}–{hi} reps"
    sep = ", " if kept < len(earned) else ": "
    update["why"] = f"{what}{sep}{reason}"
    return p.model_copy(update=update)


def _timed(p: Prescription, ctx: _Context, hold: str | None) -> Prescription:
    """Timed holds (§4.7): + `hold_step_s` after a session that held every set for the
    time, up to the catalog maximum, where the progression is suggested instead.

    The log keeps the seconds done, not the seconds asked, so the newest session that was
    not a deload decides: every set the same time and pain-free means it was held, and the
    next time is that plus the step; a set shorter than the others, or pain, repeats the
    longest. With a `hold` (deload, break, pain) the time never rises above that or the
    plan's. Without a catalog entry there is no maximum, so the plan's time stays."""
    exercise = ctx.catalog.get(p.id) if ctx.catalog is not None else None
    if p.seconds is None or exercise is None:
        return p
    top = exercise.max_seconds or (exercise.dose.seconds[1] if exercise.dose.seconds else None)
    if top is None:
        return p
    timed = [d for d in ctx.done(p.id) if not d.light and any(s.seconds for s in d.sets)]
    if not timed:
        return p
    last = timed[-1]
    held = [s.seconds or 0 for s in last.sets]
    longest = min(max(held), top)
    pain = last.pain()
    complete = min(held) == max(held) and pain < ctx.rules.pain.modify_at
    if hold is not None:
        value = min(p.seconds, longest)
        why = f"{value} s, no increase: {hold}"
    elif complete and longest >= top:
        value = top
        nxt = _progression_of(exercise, ctx)
        why = f"{top} s is the most for {p.name}: " + (
            f"next, try {nxt.name}" if nxt is not None else "keep it there"
        )
    elif complete:
        value = min(top, longest + ctx.rules.hold_step_s)
        why = f"{value} s, up {value - longest} s: every set held {longest} s last time"
    else:
        value = longest
        why = f"{value} s again: " + (
            f"pain {pain}/10 last time"
            if pain >= ctx.rules.pain.modify_at
            else f"not every set held {longest} s last time"
        )
    return p.model_copy(update={"seconds": value, "why": why})


def _plyo_hold(p: Prescription, ctx: _Context) -> Prescription:
    """Plyometrics (§4.7): the plan sets the contacts and `next` never raises them or the
    intensity; after soreness (pain ≥ modify_at in the lower body) in the exercise's last
    session, the contacts stay at what was done then."""
    if p.contacts is None:
        return p
    done = ctx.done(p.id)
    if not done:
        return p
    last = done[-1]
    session = next((s for s in ctx.sessions if s.id == last.session_id), None)
    sets = session.sets if session is not None else last.sets
    sore = max(
        (
            s.pain or 0
            for s in sets
            if s.exercise_id == p.id
            or _region(ctx.categories.get(s.exercise_id), ctx.rules) == "lower"
        ),
        default=0,
    )
    if sore < ctx.rules.pain.modify_at:
        return p
    before = sum(s.contacts if s.contacts is not None else (s.reps or 0) for s in last.sets)
    if before <= 0 or before >= p.contacts:
        return p
    # Re-split as the engine does: whole contacts per set, fewer sets if need be.
    sides = 2 if p.per_side else 1
    sets_n = p.sets
    per_set = before // (sets_n * sides)
    while per_set < 1 and sets_n > 1:
        sets_n -= 1
        per_set = before // (sets_n * sides)
    total = max(1, per_set * sets_n * sides)
    update: dict[str, Any] = {
        "contacts": total,
        "sets": sets_n,
        "why": f"{total} contacts, no increase: pain {sore}/10 when you last did them",
    }
    if p.reps is not None and p.reps[0] == p.reps[1]:
        update["reps"] = (max(1, per_set), max(1, per_set))
    return p.model_copy(update=update)


def _non_load(
    p: Prescription, ctx: _Context, hold: str | None, session_ids: Sequence[str]
) -> Prescription:
    """§4.7 for one prescription: the bodyweight ladder, timed holds or plyometric contacts."""
    if p.contacts is not None:
        return _plyo_hold(p, ctx)
    if p.seconds is not None:
        return _timed(p, ctx, hold)
    if _laddered(p):
        return _ladder(p, ctx, hold, session_ids)
    return p


def _adjust(
    p: Prescription,
    ctx: _Context,
    *,
    deload: str | None,
    region_pain: Mapping[str, int],
    session_ids: Sequence[str] = (),
) -> tuple[Prescription | None, list[str]]:
    """One prescription of the next session after the log's rules; None drops it."""
    rules = ctx.rules
    notes: list[str] = []
    region = _region(p.category, rules)
    rpain = region_pain.get(region, 0) if region else 0
    if rpain >= rules.pain.red_flag_at:
        return None, notes
    if p.category in (Category.PLYOMETRIC, Category.POWER) and region_pain.get("lower", 0) >= (
        rules.pain.modify_at
    ):
        return None, notes

    # Pain on this exercise (or its regression, once swapped) in its last session: §4.5, §5.3.
    exercise = ctx.catalog.get(p.id) if ctx.catalog is not None else None
    regression = (
        ctx.catalog.get(exercise.regression)
        if ctx.catalog is not None and exercise is not None and exercise.regression
        else None
    )
    watched = {p.id} | ({regression.id} if regression is not None else set())
    own_pain = _pain_on(_last_with(ctx, watched), watched)
    if own_pain >= rules.pain.modify_at:
        if regression is not None:
            swapped = _prescription_from(
                regression, p, f"instead of {p.name}: pain {own_pain}/10 last time"
            )
            p = _rescale(swapped, ctx, deload)
            decision = decide_load(p, ctx, deload=deload, region_pain=max(rpain, own_pain))
            if decision is not None and p.load.type is not LoadType.BODYWEIGHT:
                p = p.model_copy(
                    update={
                        "load": Load(
                            type=LoadType.ABSOLUTE, value=decision.value, unit=ctx.unit.value
                        )
                    }
                )
            return p, notes
        notes.append(f"{p.name}: pain {own_pain}/10 last time and no easier variant; keep it easy")
    p = _rescale(p, ctx, deload)
    planned = p
    p = _non_load(p, ctx, _hold_reason(ctx, deload, own_pain, rpain), session_ids)
    if p.load.type is LoadType.BODYWEIGHT:
        return p, notes
    decision = decide_load(p, ctx, deload=deload, region_pain=max(rpain, own_pain))
    if decision is None:
        return p, notes
    why = decision.why
    if p.id != planned.id:  # the ladder moved on to the progression exercise (§4.7)
        why = f"{p.name} instead of {planned.name}; {why}"
    load = Load(type=LoadType.ABSOLUTE, value=decision.value, unit=ctx.unit.value)
    return p.model_copy(update={"load": load, "why": why}), notes


def _rescale(p: Prescription, ctx: _Context, deload: str | None) -> Prescription:
    """Sets, RIR and contacts for a re-entry week or a reactive deload (not both)."""
    if ctx.reentry is not None:
        e = ctx.extra
        sets_factor, rir_add, plyo = e.reentry_sets_factor, e.reentry_rir_add, e.reentry_plyo_factor
    elif deload == "reactive":
        d = ctx.rules.deload
        sets_factor, rir_add, plyo = d.sets_factor, d.rir_add, d.plyo_factor
    else:
        return p
    update: dict[str, Any] = {"sets": max(1, math.floor(p.sets * sets_factor + 1e-9))}
    if p.target_rir is not None:
        update["target_rir"] = p.target_rir + rir_add
    if p.contacts is not None:
        update["contacts"] = max(1, math.floor(p.contacts * plyo + 1e-9))
    return p.model_copy(update=update)


def _region_pain(ctx: _Context) -> dict[str, int]:
    """Max pain per body region in the last logged session (§5.3 applies to the next one)."""
    if not ctx.sessions:
        return {}
    found: dict[str, int] = {}
    for s in ctx.sessions[-1].sets:
        region = _region(ctx.categories.get(s.exercise_id), ctx.rules)
        if region is not None and s.pain:
            found[region] = max(found.get(region, 0), s.pain)
    return found


def _next_session(
    plan: Plan,
    history: History,
    today: dt.date,
    rules: Rulebook,
    catalog: Catalog | None,
    progress: Progress,
) -> NextSession | None:
    if progress.next is None:
        return None
    week, session = _find(plan, progress.next)
    ctx = _context(plan, history, today, rules, catalog)
    deload = "planned" if week.deload else ("reactive" if ctx.reactive_deload else None)
    if ctx.reentry is not None:
        deload = None
    region_pain = _region_pain(ctx)
    notes: list[str] = []
    exercises: list[Prescription] = []
    dropped: list[str] = []
    ids = [p.id for p in session.exercises]
    for p in session.exercises:
        adjusted, more = _adjust(p, ctx, deload=deload, region_pain=region_pain, session_ids=ids)
        notes.extend(more)
        if adjusted is None:
            dropped.append(p.name)
        else:
            exercises.append(adjusted)
    if dropped:
        worst = max(region_pain.values(), default=0)
        if worst >= rules.pain.red_flag_at:
            notes.append(
                f"Pain {worst}/10 last session: left out {', '.join(dropped)}. Stop exercises "
                "that hurt and see a doctor or physiotherapist before continuing."
            )
        else:
            notes.append(
                f"Pain {worst}/10 last session: no jumping this time ({', '.join(dropped)})."
            )
    if ctx.reentry is not None:
        notes.append(
            f"{ctx.gap_days} days since your last session: "
            + ("a re-entry week" if ctx.reentry == "reentry" else "a gradual restart")
            + ": fewer sets, lighter loads, easier efforts."
        )
    elif deload == "reactive":
        notes.append(
            "Reactive deload: reps missed on two main lifts or pain in two sessions this week. "
            "Fewer sets, same loads, easier efforts."
        )
    date = effective_date(plan, progress.next, progress)
    e1rms = {p.id: round(found[0], 2) for p in exercises if (found := _e1rm(ctx, p.id)) is not None}
    return NextSession(
        week=week,
        session=session.model_copy(update={"exercises": exercises, "date": date}),
        notes=tuple(notes),
        e1rms=e1rms,
        reentry=ctx.reentry,
        deload=deload,
        shift_days=progress.shift_days,
        progress=progress,
    )


def prescribe_next(
    plan: Plan,
    history: History,
    today: dt.date,
    rules: Rulebook,
    catalog: Catalog | None = None,
) -> NextSession | None:
    """The next session of `plan` with loads from the log, or None when the plan is done.

    Loads become absolute (in the plan's load unit) wherever an e1RM exists, from the log
    or a seeded max. Bodyweight rep exercises climb the §4.7 ladder, timed holds lengthen
    and plyometric contacts hold after soreness, all from the log. Each change says why in
    `Prescription.why`.
    """
    return _next_session(plan, history, today, rules, catalog, plan_progress(plan, history, today))


def apply_log(
    plan: Plan,
    history: History,
    today: dt.date,
    rules: Rulebook,
    catalog: Catalog | None = None,
) -> Plan:
    """The plan as the log sees it: the next session as `prescribe_next` gives it, later
    sessions at absolute loads where an e1RM exists (held, not projected, until logged),
    sessions not yet done moved later by the days missed sessions are overdue.

    Sessions keep their planned content; which ones are done or missed is in
    `plan_progress` (and on `Session.done` / `Session.missed` if the model has them).
    """
    progress = plan_progress(plan, history, today)
    nxt = _next_session(plan, history, today, rules, catalog, progress)
    ctx = _context(plan, history, today, rules, catalog)
    keys = _keys(plan)
    start = keys.index(progress.next) if progress.next is not None else len(keys)
    current: dict[str, tuple[tuple[int, int] | None, int | None, float]] = {}
    if nxt is not None:
        for p in nxt.session.exercises:
            if p.load.type is LoadType.ABSOLUTE and p.load.value is not None and p.reps:
                current[p.id] = (p.reps, p.target_rir, p.load.value)
    weeks: list[Week] = []
    for week in plan.weeks:
        sessions: list[Session] = []
        for s in week.sessions:
            key = (week.index, s.index)
            position = keys.index(key)
            if nxt is not None and key == progress.next:
                new = nxt.session
            elif position > start and key not in progress.done:
                new = _future(s, week, ctx, current)
            else:
                new = s
            if position >= start and key not in progress.done:
                new = new.model_copy(update={"date": effective_date(plan, key, progress)})
            sessions.append(_mark(new, key in progress.done, key in progress.missed))
        weeks.append(week.model_copy(update={"sessions": sessions}))
    return plan.model_copy(update={"weeks": weeks})


def _mark(session: Session, done: bool, missed: bool) -> Session:
    fields = type(session).model_fields
    update = {k: v for k, v in (("done", done), ("missed", missed)) if k in fields}
    return session.model_copy(update=update) if update else session


def _future(
    s: Session,
    week: Week,
    ctx: _Context,
    current: dict[str, tuple[tuple[int, int] | None, int | None, float]],
) -> Session:
    """A later session: loads held at the latest decided load for the same targets, else
    derived from the e1RM for the new targets (a phase change), unchanged in deload weeks."""
    exercises: list[Prescription] = []
    for p in s.exercises:
        if p.load.type is LoadType.BODYWEIGHT or p.reps is None:
            exercises.append(p)
            continue
        known = current.get(p.id)
        value: float | None = None
        why = None
        if known is not None and (week.deload or (known[0], known[1]) == (p.reps, p.target_rir)):
            value = known[2]
        else:
            estimate = _e1rm(ctx, p.id)
            if estimate is not None and p.target_rir is not None:
                value = load_for(estimate[0], p.reps[0], p.target_rir, ctx.increment)
                why = f"from {estimate[1]} {_num(estimate[0])} {ctx.unit.value}"
            elif known is not None:
                value = known[2]
        if value is None:
            exercises.append(p)
            continue
        if not week.deload:
            current[p.id] = (p.reps, p.target_rir, value)
        load = Load(type=LoadType.ABSOLUTE, value=value, unit=ctx.unit.value)
        exercises.append(p.model_copy(update={"load": load, "why": why}))
    return s.model_copy(update={"exercises": exercises})
