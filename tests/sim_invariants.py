"""The invariants every `next` of a simulated runner must keep (docs/method.md §7 inv.
10–12, 27, 28, 34–40), checked against what the log holds at that moment.

One checker for every simulation (tests/test_log_simulation.py, tests/test_pain.py): it
reads the log the real commands wrote (sessions, sets, pain check-ins) and the active plan,
and works out flags, breaks and the loads logged on its own, so it is an oracle, not a
second call of the code under test.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from runstrength.enums import Category, LoadType, PainRegion
from runstrength.log.clearance import pain_log
from runstrength.log.load_math import change_cap
from runstrength.log.nextsession import NextSession
from runstrength.log.pain import PainLog
from runstrength.log.records import LoggedSession, LoggedSet
from runstrength.log.storage import SessionLog
from runstrength.models import Catalog, Plan, Prescription
from runstrength.plan.rules import is_hlb_session, session_minutes
from runstrength.rulebook import Rulebook

IMPACT = (Category.PLYOMETRIC, Category.POWER)
EPS = 1e-9
History = Sequence[tuple[LoggedSession, LoggedSet]]  # one exercise's sets, oldest first


@dataclass
class Flag:
    """A region with pain ≥ modify_at, as the checker sees it (§10.3)."""

    since: dt.date
    red: bool


@dataclass
class Seen:
    """What the log held when one `next` was asked."""

    day: dt.date
    nxt: NextSession
    plan: Plan
    sessions: list[LoggedSession]
    flags: dict[PainRegion, Flag]
    ever_hurt: set[PainRegion]  # regions with any pain ≥ modify_at so far
    maxes: set[str]


@dataclass
class InvariantChecker:
    """Call it with every `next` (day, NextSession); `checked` counts the calls."""

    db: Path
    catalog: Catalog
    rules: Rulebook
    checked: int = 0

    def __call__(self, day: dt.date, nxt: NextSession) -> None:
        with SessionLog(self.db) as log:
            active = log.active_plan()
            assert active is not None
            sessions = [s for s in log.sessions() if s.date <= day]
            pain = pain_log(log, day)
            maxes = set(log.maxes())
        flags, ever = self._flags(pain)
        seen = Seen(day, nxt, active.plan, sessions, flags, ever, maxes)
        self._placement(seen)
        self._warmup(nxt)
        for p in nxt.session.exercises:
            history = [(s, st) for s in sessions for st in s.sets if st.exercise_id == p.id]
            self._estimates(seen, p, history)
            self._pain(seen, p, history)
            self._loads(seen, p, history)
        self.checked += 1

    def _warmup(self, nxt: NextSession) -> None:
        """The warm-up ramps up to a lift the session holds (D1: the ramp of a lift the
        pain gate left out), and the minutes are those of the session as given."""
        s = nxt.session
        ids = {p.id for p in s.exercises}
        if s.warmup is not None and s.warmup.ramp:
            assert s.warmup.ramp[0].exercise_id in ids, (s.warmup.ramp[0].exercise_id, ids)
        if s.minutes is not None:
            assert s.minutes == session_minutes(s.exercises, self.rules), s.minutes
        # "heavy" as the doses now given are (a re-entry week's easier RIR is not heavy)
        heavy = is_hlb_session(s.exercises, self.catalog, self.rules)
        assert s.heavy_lower_body == heavy, (s.label, s.heavy_lower_body)

    # ----------------------------------------------------------------------- inv. 40

    def _placement(self, seen: Seen) -> None:
        """Inv. 40 (and 20, 21): never on the long-run day; a heavy session never within
        24 h before the long run or a key run."""
        inputs, nxt = seen.plan.inputs, seen.nxt
        date = nxt.session.date
        if date is None:
            return
        assert date >= seen.day, (seen.day, date)
        long_run = inputs.long_run_day.number if inputs.long_run_day else None
        assert date.weekday() != long_run, (seen.day, date)
        if nxt.session.heavy_lower_body:
            keys = {d.number for d in inputs.hard_days} | ({long_run} - {None})
            assert (date.weekday() + 1) % 7 not in keys, (seen.day, date, nxt.week.index)

    # ----------------------------------------------------------------------- inv. 12, 38

    def _estimates(self, seen: Seen, p: Prescription, history: History) -> None:
        """Inv. 12, 38 (as §10.5 amends 12): an e1RM only from a max or a set with its RIR
        entered and at most 15 reps (more effective reps than 15 count as 15)."""
        if p.id not in seen.nxt.e1rms or p.id in seen.maxes:
            return
        most = self.rules.log_loop.low_confidence_max_reps
        valid = [
            st
            for _, st in history
            if st.rir is not None and st.reps is not None and st.load and st.reps <= most
        ]
        assert valid, (seen.day, p.id, "e1RM without a set whose RIR was entered")

    # ----------------------------------------------------------------------- inv. 28, 34, 35

    def _flags(self, pain: PainLog) -> tuple[dict[PainRegion, Flag], set[PainRegion]]:
        """Flagged regions from the logged pain and the check-ins, in date order: pain ≥
        modify_at flags (≥ red_flag_at: red); a later session of the region at ≤ clear_at
        clears a flag that is not red; a check-in clears any."""
        modify, red_at = self.rules.pain.modify_at, self.rules.pain.red_flag_at
        clear_at = self.rules.pain_clearance.clear_at
        by_session: dict[int, tuple[dt.date, list[tuple[str, int]]]] = {}
        for s in pain.sets:
            entry = by_session.setdefault(s.session_id, (s.date, []))
            entry[1].append((s.exercise_id, s.pain or 0))
        events = [(d, 0, sid) for sid, (d, _) in by_session.items()]
        events += [(c.date, 1, i) for i, c in enumerate(pain.clearances)]
        flags: dict[PainRegion, Flag] = {}
        ever: set[PainRegion] = set()
        for date, kind, key in sorted(events):
            if kind == 1:
                flags.pop(pain.clearances[key].region, None)
                continue
            worst: dict[PainRegion, int] = {}
            for exercise_id, score in by_session[key][1]:
                ex = self.catalog.get(exercise_id)
                for r in ex.regions if ex is not None else ():
                    worst[r] = max(worst.get(r, 0), score)
            for r, score in worst.items():
                if score >= modify:
                    ever.add(r)
                    flag = flags.setdefault(r, Flag(since=date, red=False))
                    flag.red = flag.red or score >= red_at
                elif score <= clear_at and r in flags and not flags[r].red:
                    del flags[r]
        return flags, ever

    def _pain(self, seen: Seen, p: Prescription, history: History) -> None:
        """Inv. 28: no plyometrics while a region is flagged, no load increase in it; inv. 34: a red
        flag blocks loaded and impact work there; inv. 35: the load that hurt stays away
        until the region logs pain ≤ 2."""
        # A landing loads the whole leg, whatever regions the catalog names for a jump
        # (jump rope: foot-ankle, calf), and the flag's text promises no jumping: no
        # impact work while any region is flagged (coach re-check D1: jump rope came back
        # under a knee red flag).
        assert not (seen.flags and p.category in IMPACT), (seen.day, p.id, "impact while flagged")
        ex = self.catalog.get(p.id)
        flagged = [f for r in (ex.regions if ex else ()) if (f := seen.flags.get(r))]
        if not flagged:
            return
        if any(f.red for f in flagged):
            assert p.load.type is LoadType.BODYWEIGHT, (seen.day, p.id, "loaded after a red flag")
            # body weight through one knee is load there too (the coach QA run: a step-down
            # at full dose under a 7/10 knee red flag)
            assert ex is None or not ex.heavy_lower_body, (seen.day, p.id, "HLB after a red flag")
        # §10.3 (inv. 28, "regression substitution applied"): on a flagged tissue a loaded
        # lift that has an unloading variant gives way to it, whether or not it was the one
        # that hurt: never another heavy lift on the same tissue (coach re-check D1: the
        # trap-bar deadlift at 80 kg under a hamstring flag from the single-leg RDL).
        unloading = {u for e in self.catalog.exercises.values() for u in e.unload}
        if ex is not None and ex.unload and p.id not in unloading:
            assert p.load.type is LoadType.BODYWEIGHT, (seen.day, p.id, "heavy on a flagged tissue")
        if p.load.type is not LoadType.ABSOLUTE or p.load.value is None:
            return
        loads = [st.load for _, st in history if st.load is not None]
        if loads:
            assert p.load.value <= loads[-1] + EPS, (seen.day, p.id, "load up while flagged")
        since = min(f.since for f in flagged)
        hurt = [
            st.load
            for s, st in history
            if st.load is not None
            and s.date >= since
            and (st.pain or 0) >= self.rules.pain.modify_at
        ]
        if hurt:
            # unless it is the lightest load already (§4.5): no cut goes under one increment
            lightest = abs(p.load.value - min(hurt)) < EPS and min(hurt) <= _increment(seen) + EPS
            back = (seen.day, p.id, "the load that hurt is back")
            assert lightest or p.load.value < min(hurt) - EPS, back

    # ----------------------------------------------------------------------- inv. 10, 11, 27,
    # 36, 37, 39

    def _loads(self, seen: Seen, p: Prescription, history: History) -> None:
        if p.load.type is not LoadType.ABSOLUTE or p.load.value is None or not history:
            return
        new = p.load.value
        loaded = [(s, st) for s, st in history if st.load is not None]
        if not loaded:
            return
        brk = _last_break(seen, self.rules.break_days.reentry)
        before = [st.load for s, st in loaded if st.load is not None and brk and s.date <= brk[0]]
        if seen.nxt.reentry is not None and before:
            # inv. 27: loads ≤ 90 % of the last logged before the break, or the lightest
            # load, which no cut goes under (§4.5)
            lightest = abs(new - min(before[-1], _increment(seen))) < EPS
            assert lightest or new <= 0.9 * before[-1] + EPS, (seen.day, p.id, new, before[-1])
        back = brk is not None and brk[1] <= seen.day < brk[1] + dt.timedelta(days=14)
        if back and before and p.category is Category.MAIN_BILATERAL:
            # inv. 36: the first 2 weeks back never above the pre-break load
            assert new <= before[-1] + EPS, (seen.day, p.id, new, before[-1], p.why)
        last_session = loaded[-1][0]
        last = [st for s, st in loaded if s.id == last_session.id]
        self._step(seen, p, last, last_session.week)
        self._too_easy(seen, p, loaded, brk)
        self._rises(seen, p, loaded)

    def _step(
        self, seen: Seen, p: Prescription, last: Sequence[LoggedSet], last_week: int | None
    ) -> None:
        """Inv. 10 (as §10.6 amends it) and 11, against the last session of the exercise."""
        ref = last[-1]
        new = p.load.value
        assert ref.load is not None and new is not None
        if new <= ref.load + EPS or p.reps is None:
            return
        # inv. 11: no increase after missed reps, RIR ≤ target − 2 or pain ≥ 4; a session of
        # a planned deload week judged by its loading targets (§4.6)
        deloads = {w.index for w in seen.plan.weeks if w.deload}
        slack = self.rules.deload.rir_add if last_week in deloads else 0
        for st in last:
            if st.target_reps_lo is not None and st.reps is not None:
                up = (seen.day, p.id, "up after missed reps")
                assert st.reps >= st.target_reps_lo - slack, up
            if st.rir is not None and st.target_rir is not None:
                delta = st.rir - (st.target_rir - slack)
                assert delta > self.rules.rir_rules.too_hard_delta, (seen.day, p.id, p.why)
            assert (st.pain or 0) < self.rules.pain.modify_at, (seen.day, p.id, "up after pain")
        same = (
            ref.target_reps_lo == p.reps[0]
            and ref.target_rir == p.target_rir
            and seen.nxt.reentry is None
        )
        if same:
            # inv. 10: within the cap, or exactly one increment (§10.6)
            cap = change_cap(seen.plan.inputs.level, self.rules)[1]
            step = new - ref.load
            assert new <= ref.load * (1 + cap) + EPS or step <= _increment(seen) + EPS, (
                seen.day,
                p.id,
                ref.load,
                new,
                p.why,
            )

    def _too_easy(
        self, seen: Seen, p: Prescription, loaded: History, brk: tuple[dt.date, dt.date] | None
    ) -> None:
        """Inv. 37: an MS load is at least the load of AA sets of 10+ reps logged ≥ 2 RIR
        easier than the target (no break since, no pain in the region, no re-entry)."""
        if p.reps is None or p.reps[1] > 6 or seen.nxt.reentry is not None or self._hurt(seen, p):
            return
        easy = [
            st.load
            for s, st in loaded
            if st.load is not None
            and st.target_reps_hi is not None
            and st.target_reps_hi >= 10
            and st.reps is not None
            and st.reps >= st.target_reps_hi
            and st.rir is not None
            and st.target_rir is not None
            and st.rir - st.target_rir >= 2
            and (brk is None or s.date > brk[0])
        ]
        if easy:
            assert p.load.value is not None and p.load.value >= max(easy) - EPS, (
                seen.day,
                p.id,
                p.load.value,
                max(easy),
            )

    def _rises(self, seen: Seen, p: Prescription, loaded: History) -> None:
        """Inv. 39: after 6 loading sessions running at one load, each at the top of its
        range at the target RIR or easier, the next loading session is heavier.

        A change of targets does not start the count again (a phase change, the plan's rep
        step, the dumbbell ladder's own reps: the QA pass's novice in lb stayed at 20 lb
        for 9 sessions across AA -> MS), and a deload session neither counts nor breaks
        the run (a deload holds the ladder, §10.6). A session logged at more reps in
        reserve than its plan session asks is a deload's (reactive) or a re-entry's; the
        count starts again after a break, and nothing is asked of a deload, a re-entry or
        the ramp back (§10.4), nor of a range with more reps than the run ever did (the
        e1RM may then rightly give less)."""
        if p.reps is None or self._hurt(seen, p) or seen.nxt.reentry is not None:
            return
        if seen.nxt.week.deload or seen.nxt.deload is not None:
            return
        brk = _last_break(seen, self.rules.break_days.reentry)
        if brk is not None:
            back = self.rules.reentry.weeks + self.rules.log_loop.ramp_max_weeks
            if seen.day < brk[1] + dt.timedelta(weeks=back):
                return
        deloads = {w.index for w in seen.plan.weeks if w.deload}
        planned = _plan_rir(seen.plan)
        run: list[tuple[float, int]] = []  # (load, most reps in a set) per session
        for s, sets in _by_session(loaded):
            if brk is not None and s.date <= brk[0]:
                continue
            ref = sets[-1]
            asked = planned.get((s.week, s.session, p.id))
            light = s.week in deloads or (
                asked is not None and ref.target_rir is not None and ref.target_rir > asked
            )
            if light:
                continue
            top = all(
                st.reps is not None
                and st.target_reps_hi is not None
                and st.reps >= st.target_reps_hi
                and st.rir is not None
                and st.target_rir is not None
                and st.rir >= st.target_rir
                for st in sets
            )
            load = max(st.load for st in sets if st.load is not None)
            if not top or (run and abs(load - run[-1][0]) > EPS):
                run = []
            if top:
                run.append((load, max(st.reps or 0 for st in sets)))
        if len(run) >= 6 and p.reps[1] <= max(reps for _, reps in run):
            assert p.load.value is not None
            held = f"load held past 6 sessions at the top: {len(run)} at {run[-1][0]:g}"
            assert p.load.value > run[-1][0] + EPS, (seen.day, p.id, held, p.why)

    def _hurt(self, seen: Seen, p: Prescription) -> bool:
        ex = self.catalog.get(p.id)
        return any(r in seen.ever_hurt for r in (ex.regions if ex else ()))


def _by_session(loaded: History) -> list[tuple[LoggedSession, list[LoggedSet]]]:
    """One exercise's logged sets grouped by session, oldest first."""
    found: dict[int, tuple[LoggedSession, list[LoggedSet]]] = {}
    for s, st in loaded:
        found.setdefault(s.id, (s, []))[1].append(st)
    return list(found.values())


def _plan_rir(plan: Plan) -> dict[tuple[int | None, int | None, str], int]:
    """(week, session, exercise id) -> the plan's target RIR for it."""
    return {
        (w.index, s.index, p.id): p.target_rir
        for w in plan.weeks
        for s in w.sessions
        for p in s.exercises
        if p.target_rir is not None
    }


def _increment(seen: Seen) -> float:
    """One load increment in the plan's unit (the smallest a runner can add)."""
    return 2.5 if seen.plan.inputs.load_unit.value == "kg" else 5.0


def _last_break(seen: Seen, days: int) -> tuple[dt.date, dt.date] | None:
    """The latest break (≥ `days` without a session) up to the day asked: the last day
    logged before it and the first after it (or the day asked)."""
    dates = sorted({s.date for s in seen.sessions if s.date < seen.day})
    found = None
    for a, b in zip(dates, [*dates[1:], seen.day], strict=True):
        if (b - a).days >= days:
            found = (a, b)
    return found
