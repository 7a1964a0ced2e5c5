"""What the log says about the runner right now, built once per `next` and shared by every
exercise: sessions per exercise, deload and re-entry windows (§4.6, §4.8), working e1RMs."""

import collections
import datetime as dt
import itertools
import math
import statistics
from collections.abc import Mapping, Sequence
from types import MappingProxyType
from typing import NamedTuple

from runstrength.enums import IMPACT, Category, Level, LoadUnit, PainRegion, Reentry, Region
from runstrength.log.e1rm import working_e1rm
from runstrength.log.pain_types import RampWindow, stored_regions
from runstrength.log.progress import History, MaxRecord, SessionRecord, SetRecord
from runstrength.models import Catalog, Exercise, Plan
from runstrength.rulebook import Rulebook
from runstrength.units import convert_load

WEEK_DAYS = 7


def default_increment(unit: LoadUnit, rules: Rulebook) -> float:
    """The smallest load step when the runner has not set one: 2.5 kg or 5 lb (§4.4)."""
    return rules.load_step.lower_kg if unit is LoadUnit.KG else rules.load_step_lb.lower


class Done(NamedTuple):
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
        """Reps under `lo` in a set that had a target: an entry no session prescribed (an
        extra lift on another day) misses nothing (the QA pass: 3 × 5 logged on a day
        without the lift was "reps missed" against the next session's 10–12)."""
        return any(
            s.reps is not None and s.reps < lo and s.target_reps_lo is not None for s in self.sets
        )

    def delta(self, target_rir: int | None) -> float | None:
        rirs = [s.rir for s in self.sets if s.rir is not None]
        if not rirs or target_rir is None:
            return None
        return statistics.mean(rirs) - target_rir

    def pain(self, region: PainRegion | None = None) -> int:
        """The worst pain of these sets; in `region`, of those whose pain counts there
        (it was named with `--where`, or none was named)."""
        return max((s.pain or 0 for s in self.sets if _counts_in(s, region)), default=0)

    def top(self, hi: int, target_rir: int | None) -> bool:
        return all(
            s.reps is not None
            and s.reps >= hi
            and (s.rir is None or target_rir is None or s.rir >= target_rir)
            for s in self.sets
        )


def _counts_in(s: SetRecord, region: PainRegion | None) -> bool:
    """Whether the pain of `s` counts for `region` (None: anywhere)."""
    if region is None or s.pain_regions is None:
        return True
    where = stored_regions(s.pain_regions)
    return where is None or region in where


class Break(NamedTuple):
    """A gap in the log long enough for a re-entry or a restart (§4.8)."""

    before: dt.date  # the last session before it
    after: dt.date  # the first session after it (or today)
    gap: int  # days
    kind: Reentry
    end: dt.date  # the re-entry block runs up to here (exclusive)


class Context(NamedTuple):
    """What the log says about the runner right now, shared by every exercise."""

    plan: Plan
    rules: Rulebook
    catalog: Catalog | None
    unit: LoadUnit
    increment: float
    level: Level
    sessions: tuple[SessionRecord, ...]  # oldest first
    light_ids: frozenset[int]
    by_exercise: Mapping[str, tuple[Done, ...]]
    maxes: Mapping[str, MaxRecord]
    categories: Mapping[str, Category]
    # the break whose re-entry block runs today: a gap now, or a block still running
    # (its `before`: the last session before it; `after`: the first one after it, or
    # today; `end`: the block's end, exclusive)
    reentry_break: Break | None
    gap_days: int
    reactive_deload: bool
    kit: frozenset[str]  # equipment the plan already uses, plus "none" (§4.7 progressions)
    today: dt.date | None = None
    ramp: "Ramp | None" = None  # §10.4: the weeks after a re-entry block
    last_break: dt.date | None = None  # the last session before the latest break
    # (session id, exercise id) -> the plan's rep range for it: what a logged session's
    # targets are compared with to tell a dumbbell-ladder rung (§10.6) from the plan's dose
    plan_ranges: Mapping[tuple[int, str], tuple[int, int]] = MappingProxyType({})
    # (date, plan week) of the sessions logged against this plan, oldest first
    plan_weeks: tuple[tuple[dt.date, int], ...] = ()

    @property
    def reentry(self) -> Reentry | None:
        """The kind of re-entry block running today (re-entry or restart), if any."""
        return self.reentry_break.kind if self.reentry_break is not None else None

    def since_break(self, exercise_id: str) -> tuple[Done, ...]:
        """The exercise's sessions after the latest break: the only progression evidence
        (§10.4)."""
        found = self.done(exercise_id)
        if self.last_break is None:
            return found
        return tuple(d for d in found if d.date > self.last_break)

    def done(self, exercise_id: str, before: dt.date | None = None) -> tuple[Done, ...]:
        found = self.by_exercise.get(exercise_id, ())
        if before is None:
            return found
        return tuple(d for d in found if d.date <= before)

    def loaded(self, exercise_id: str) -> list[Done]:
        """The exercise's sessions that logged a load, oldest first."""
        return [d for d in self.done(exercise_id) if d.load(self.unit) is not None]


def region_of(category: Category | None, rules: Rulebook) -> Region | None:
    if category is None:
        return None
    if category in IMPACT:
        return Region.LOWER
    if category.value in rules.families.lower_body_categories:
        return Region.LOWER
    if category.value in rules.families.core.categories:
        return Region.CORE
    if category is Category.UPPER_ACCESSORY:
        return Region.UPPER
    return None


def _categories(plan: Plan, catalog: Catalog | None) -> dict[str, Category]:
    found = {p.id: p.category for _, s in plan.sessions() for p in s.exercises}
    if catalog is not None:
        found.update({k: e.category for k, e in catalog.exercises.items()})
    return found


def _main_lifts(ctx_rules: Rulebook, categories: Mapping[str, Category]) -> set[str]:
    lifts = {i for ids in ctx_rules.main_lifts.values() for i in ids}
    lifts.update(i for ids in ctx_rules.main_lifts_novice.values() for i in ids)
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
    week = dt.timedelta(days=WEEK_DAYS)
    triggers: list[dt.date] = []  # ascending, each date once
    inside: set[int] = set()
    # The last week's counted sessions, slid along in date order with what each adds (the
    # main lifts it missed reps on, whether it hurt), so each session is looked at once:
    # a log of many sessions on one day took minutes (the hostile-input QA run).
    window: collections.deque[tuple[dt.date, frozenset[str], bool]] = collections.deque()
    missed: collections.Counter[str] = collections.Counter()
    painful = 0
    for s in sessions:
        if _after_trigger(s.date, triggers, week):
            inside.add(s.id)
            continue
        if s.id in skip:
            continue
        while window and window[0][0] <= s.date - week:
            _day, lifts, hurt = window.popleft()
            missed.subtract(lifts)
            painful -= hurt
        lifts = frozenset(
            st.exercise_id
            for st in s.sets
            if st.exercise_id in main
            and _missed_any(s, st.exercise_id, plan_lo.get((s.id, st.exercise_id)))
        )
        hurt = max((st.pain or 0 for st in s.sets), default=0) >= rules.pain.modify_at
        window.append((s.date, lifts, hurt))
        missed.update(lifts)
        painful += hurt
        fires = sum(1 for n in missed.values() if n > 0) >= 2 or painful >= 2
        if fires and (not triggers or triggers[-1] != s.date):
            triggers.append(s.date)
    return triggers, inside


def _after_trigger(day: dt.date, triggers: Sequence[dt.date], week: dt.timedelta) -> bool:
    """Whether `day` falls in the week after a trigger (`t < day <= t + week`)."""
    for t in reversed(triggers):  # ascending: the latest ones first
        if t + week < day:
            return False
        if t < day:
            return True
    return False


class Ramp(NamedTuple):
    """§10.4: a week of the ramp after a re-entry block (week 1, 2, …), and the break.

    The doses climb back from the re-entry's until the plan's are reached (at most
    `ramp_max_weeks`); the loads stay at or below the pre-break ones for `ramp_weeks`."""

    week: int
    before: dt.date  # the last session before the break
    after: dt.date  # the first session after it
    load_weeks: int  # weeks in which loads stay at or below the pre-break ones
    reentry_end: dt.date  # the re-entry block ran up to here (exclusive)

    @property
    def holds_loads(self) -> bool:
        return self.week <= self.load_weeks


def _break(before: dt.date, after: dt.date, rules: Rulebook) -> Break | None:
    gap = (after - before).days
    if gap < rules.break_days.reentry:
        return None
    kind = Reentry.RESTART if gap >= rules.break_days.restart else Reentry.REENTRY
    weeks = rules.restart.weeks if kind is Reentry.RESTART else rules.reentry.weeks
    return Break(before, after, gap, kind, after + dt.timedelta(days=WEEK_DAYS * weeks))


def _plan_ranges(
    plan: Plan, plan_id: int | None, sessions: Sequence[SessionRecord]
) -> dict[tuple[int, str], tuple[int, int]]:
    """(session id, exercise id) -> the plan's own rep range for it, for the sessions
    logged against this plan's weeks."""
    targets = _plan_targets(plan)
    ranges: dict[tuple[int, str], tuple[int, int]] = {}
    for s in sessions:
        if s.plan_id == plan_id and s.week is not None and s.session is not None:
            for st in s.sets:
                t = targets.get((s.week, s.session, st.exercise_id))
                if t is not None:
                    ranges[(s.id, st.exercise_id)] = (t[0], t[1])
    return ranges


def _light_ids(
    plan: Plan,
    plan_id: int | None,
    sessions: Sequence[SessionRecord],
    breaks: Sequence[Break],
    rules: Rulebook,
    main: set[str],
) -> tuple[frozenset[int], list[dt.date]]:
    """The ids of the sessions with deload targets (logged in a planned deload week or in a
    reactive deload's), and the dates that triggered a reactive deload (§4.6). Sessions in
    a re-entry block after a break (§4.8) never trigger one."""
    deload_weeks = {w.index for w in plan.weeks if w.deload}
    ramp_days = ramp_span(rules)
    logged = _plan_weeks(plan_id, sessions)
    # the deload week each break took in (nextsession.absorbed_twin: in its re-entry block
    # or the ramp after it) was a loading one; later deload weeks are deloads again
    taken = {b: ramp_deload(plan, logged, b.after, None) for b in breaks}
    deloads = {
        s.id
        for s in sessions
        if s.plan_id == plan_id
        and s.week in deload_weeks
        and s.week is not None
        and not any(b.after <= s.date < b.end + ramp_days and s.week == taken[b] for b in breaks)
    }
    reentries = {s.id for b in breaks for s in sessions if b.after <= s.date < b.end}
    plan_lo = {k: lo for k, (lo, _) in _plan_ranges(plan, plan_id, sessions).items()}
    triggers, reactive_ids = _reactive_windows(sessions, rules, main, plan_lo, deloads | reentries)
    return frozenset(deloads | reactive_ids), triggers


def _break_now(
    sessions: Sequence[SessionRecord], breaks: Sequence[Break], today: dt.date, rules: Rulebook
) -> tuple[Break | None, int]:
    """The break `today` is in, if any (a gap now, or a re-entry block still running), and
    the days off it counts: the gap since the last session, or the running block's."""
    if not sessions:
        return None, 0
    now = _break(sessions[-1].date, today, rules)
    if now is None and breaks and today < breaks[-1].end:
        return breaks[-1], breaks[-1].gap
    return now, (today - sessions[-1].date).days


def _ramp_now(breaks: Sequence[Break], today: dt.date, rules: Rulebook) -> Ramp | None:
    """§10.4: the ramp week `today` is in, after the latest break's re-entry block."""
    if not breaks:
        return None
    last = breaks[-1]
    loop = rules.log_loop
    if not last.end <= today < last.end + ramp_span(rules):
        return None
    week_no = (today - last.end).days // WEEK_DAYS + 1
    return Ramp(week_no, last.before, last.after, loop.ramp_weeks, last.end)


def ramp_deload(
    plan: Plan, logged: Sequence[tuple[dt.date, int]], start: dt.date, current: int | None
) -> int | None:
    """The planned deload week that falls in a ramp beginning on `start` (§10.4): the
    plan's first deload week from the week the runner was in then, the week of the first
    session `logged` (date, plan week) on or after `start`, else `current` (the next
    session's). The later ones are deloads again: by then the plan's doses are back
    (`ramp_max_weeks` caps the ramp, it is not its length), and a ramp that took in the
    deload after it and the one after that would make eight loading weeks running."""
    began = next((week for day, week in logged if day >= start), current)
    if began is None:
        return None
    return next((w.index for w in plan.weeks if w.deload and w.index >= began), None)


def _plan_weeks(
    plan_id: int | None, sessions: Sequence[SessionRecord]
) -> tuple[tuple[dt.date, int], ...]:
    return tuple((s.date, s.week) for s in sessions if s.plan_id == plan_id and s.week is not None)


def _ramped_in_deloads(
    plan: Plan,
    plan_id: int | None,
    sessions: Sequence[SessionRecord],
    windows: Sequence[RampWindow],
    catalog: Catalog | None,
    categories: Mapping[str, Category],
) -> frozenset[tuple[int, str]]:
    """(session id, exercise id) of the work the planned deload week in a ramp after a pain
    check-in (`ramp_deload`) logged on the ramping region (§10.3, §10.4): `next` gave it
    its loading twin, dosed by the ramp (nextsession.deload_kept_off), so it was a loading
    session for that exercise. So was the work of a planned deload week in the re-entry
    window before the ramp: dosed by the restart, it is the dose the ramp climbs from and
    the session the load loop judges, as a break's re-entry sessions in a deload week are
    (`rescale._ramp`); the ramp's first week took 3 sets at RIR 3 after the restart's 1 at
    RIR 6, climbing from the session that hurt. A jump ramps after any region's check-in
    (a landing loads the whole leg)."""
    if not windows or catalog is None:
        return frozenset()
    logged = _plan_weeks(plan_id, sessions)
    taken = {w: ramp_deload(plan, logged, w.start, None) for w in windows}
    deloads = {w.index for w in plan.weeks if w.deload}
    found: set[tuple[int, str]] = set()
    for s in sessions:
        if s.plan_id != plan_id or s.week is None:
            continue
        ramping = {
            w.region
            for w in windows
            if (w.covers(s.date) and taken[w] == s.week)
            or (w.restarting(s.date) and s.week in deloads)
        }
        if not ramping:
            continue
        for exercise_id in dict.fromkeys(st.exercise_id for st in s.sets):
            ex = catalog.get(exercise_id)
            jump = categories.get(exercise_id) in IMPACT
            if jump or (ex is not None and ramping & set(ex.regions)):
                found.add((s.id, exercise_id))
    return frozenset(found)


def _by_exercise(
    sessions: Sequence[SessionRecord],
    light: frozenset[int],
    loading: frozenset[tuple[int, str]] = frozenset(),
) -> dict[str, tuple[Done, ...]]:
    """exercise id -> its logged sessions, oldest first. `loading`: the exercises of light
    sessions that were loading work all the same (`_ramped_in_deloads`)."""
    found: dict[str, list[Done]] = {}
    for s in sessions:
        grouped: dict[str, list[SetRecord]] = {}
        for st in s.sets:
            grouped.setdefault(st.exercise_id, []).append(st)
        for exercise_id, sets in grouped.items():
            was_light = s.id in light and (s.id, exercise_id) not in loading
            found.setdefault(exercise_id, []).append(Done(s.id, s.date, tuple(sets), was_light))
    return {k: tuple(v) for k, v in found.items()}


def build_context(
    plan: Plan,
    history: History,
    today: dt.date,
    rules: Rulebook,
    catalog: Catalog | None,
    pain_ramps: Sequence[RampWindow] = (),
) -> Context:
    """What the log up to `today` says, for `next` to apply to every exercise of the plan.
    `pain_ramps`: the ramps after pain check-ins (`PainState.windows`), in which a planned
    deload week's work on the region was loading work (§10.4)."""
    unit = plan.inputs.load_unit
    sessions = tuple(
        sorted((s for s in history.sessions if s.date <= today), key=lambda s: (s.date, s.id))
    )
    # A gap is a break the runner came back from as the log knew it: one whose earlier
    # session was logged after the return (an old session added with --date) was over
    # before the log knew of it, and the sessions since were trained at the plan's doses
    # (the loop QA run: a backfilled session of five weeks before restarted week 2).
    breaks = [
        b
        for prev, cur in itertools.pairwise(sessions)
        if prev.id < cur.id and (b := _break(prev.date, cur.date, rules))
    ]
    categories = _categories(plan, catalog)
    main = _main_lifts(rules, categories)
    light, triggers = _light_ids(plan, history.plan_id, sessions, breaks, rules, main)
    now, gap_days = _break_now(sessions, breaks, today, rules)
    kit = {e for _, x in plan.sessions() for p in x.exercises for e in p.equipment}
    return Context(
        plan=plan,
        rules=rules,
        catalog=catalog,
        unit=unit,
        increment=history.increment or default_increment(unit, rules),
        level=plan.inputs.level,
        sessions=sessions,
        light_ids=light,
        by_exercise=_by_exercise(
            sessions,
            light,
            _ramped_in_deloads(plan, history.plan_id, sessions, pain_ramps, catalog, categories),
        ),
        maxes=history.maxes,
        categories=categories,
        reentry_break=now,
        gap_days=gap_days,
        reactive_deload=any(t < today <= t + dt.timedelta(days=WEEK_DAYS) for t in triggers),
        kit=frozenset({"none"} | kit),
        today=today,
        ramp=None if now else _ramp_now(breaks, today, rules),
        last_break=now.before if now else (breaks[-1].before if breaks else None),
        plan_ranges=_plan_ranges(plan, history.plan_id, sessions),
        plan_weeks=_plan_weeks(history.plan_id, sessions),
    )


def e1rm_of(ctx: Context, exercise_id: str) -> tuple[float, str] | None:
    """The working e1RM in the plan unit and where it came from: the log's (high-confidence
    ones from the last weeks first, §10.5), else a seeded max. A logged estimate is newer
    than a max given with the plan, so it supersedes it."""
    done = ctx.done(exercise_id)
    sets = [st for d in done for st in d.sets]
    fresh = None
    if ctx.today is not None:
        since = ctx.today - dt.timedelta(weeks=ctx.rules.log_loop.estimate_fresh_weeks)
        fresh = [d.date >= since for d in done for _ in d.sets]
    found = working_e1rm(sets, ctx.unit, ctx.rules, fresh)
    if found is not None:
        return found[0], "low-confidence e1RM" if found[1] else "e1RM"
    seeded = ctx.maxes.get(exercise_id)
    if seeded is not None:
        return convert_load(seeded.e1rm, seeded.unit, ctx.unit), "your max"
    return None


def pain_on(session: SessionRecord | None, ids: set[str]) -> int:
    if session is None:
        return 0
    return max((s.pain or 0 for s in session.sets if s.exercise_id in ids), default=0)


def last_with(ctx: Context, ids: set[str]) -> SessionRecord | None:
    for s in reversed(ctx.sessions):
        if any(st.exercise_id in ids for st in s.sets):
            return s
    return None


def contacts_done(sets: Sequence[SetRecord]) -> int:
    """Ground contacts of logged sets; a jump logged in plain reps counts its reps."""
    return sum(s.contacts if s.contacts is not None else (s.reps or 0) for s in sets)


def ramp_span(rules: Rulebook) -> dt.timedelta:
    """How long a ramp after a re-entry block or window lasts at most (§10.4:
    `log_loop.ramp_max_weeks`; it ends sooner once the plan's dose is back)."""
    return dt.timedelta(days=WEEK_DAYS * rules.log_loop.ramp_max_weeks)


def ramp_contacts(done: int, rules: Rulebook) -> int:
    """The most contacts a week after `done` were logged (§10.4: +`ramp_contacts_growth`)."""
    return math.floor(done * (1 + rules.log_loop.ramp_contacts_growth) + 1e-9)


def full_sessions(ctx: Context, exercise_id: str, before: dt.date | None = None) -> list[Done]:
    """The exercise's logged sessions with sets, deloads and other light ones left out:
    what a dose may be held to or climb from."""
    return [d for d in ctx.done(exercise_id, before) if not d.light and d.sets]


def shared_region_pain(ctx: Context, exercise: Exercise) -> int:
    """The worst pain of the last logged session on an exercise that loads one of the
    §10.3 regions `exercise` loads, or given (`--where`) for one of them (an exercise the
    catalog does not know: one of the same body part, as `region_pain` judges)."""
    if not ctx.sessions:
        return 0
    mine = set(exercise.regions)
    part = region_of(exercise.category, ctx.rules)
    worst = 0
    for s in ctx.sessions[-1].sets:
        if not s.pain or s.pain <= worst:
            continue
        other = ctx.catalog.get(s.exercise_id) if ctx.catalog is not None else None
        named = stored_regions(s.pain_regions)  # where the runner said it hurt (`--where`)
        if named is not None:
            shared = bool(mine & set(named))
        elif other is not None and other.regions:
            shared = bool(mine & set(other.regions))
        else:
            shared = region_of(ctx.categories.get(s.exercise_id), ctx.rules) == part
        if shared:
            worst = s.pain
    return worst


def region_pain(ctx: Context) -> dict[Region, int]:
    """Max pain per body region in the last logged session (§5.3 applies to the next one)."""
    if not ctx.sessions:
        return {}
    found: dict[Region, int] = {}
    for s in ctx.sessions[-1].sets:
        region = region_of(ctx.categories.get(s.exercise_id), ctx.rules)
        if region is not None and s.pain:
            found[region] = max(found.get(region, 0), s.pain)
    return found
