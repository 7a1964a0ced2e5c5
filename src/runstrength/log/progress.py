"""Where the runner is in a plan, from the log (docs/method.md §4.6, §7 inv. 28).

Pure functions: the caller passes the plan, what was logged and `today`. The log comes in as
records.LoggedSet / LoggedSession (`SetRecord` / `SessionRecord`), gathered in a `History`.
"""

import datetime as dt
from collections.abc import Mapping, Sequence
from typing import NamedTuple, Protocol

from runstrength.enums import LoadUnit
from runstrength.log.records import LoggedSession, LoggedSet
from runstrength.models import Plan, Session, Week
from runstrength.plan.placement import SessionNeeds, WeekContext, place_week
from runstrength.plan.race import in_a_row, race_day_block, taper_crowded
from runstrength.plan.rules import is_plyo_day, race_key
from runstrength.rulebook import Rulebook, default_rulebook

# §10.7: how far ahead a missed session looks for an allowed day before it is dropped (three
# weeks hold one unless the runner's days cannot take it at all)
REPLACE_WINDOW_DAYS = 21

Key = tuple[int, int]  # (week index, session index), both 1-based


# What progression reads from the log: one logged set, one logged session (pure callers,
# tests included, build them as records.LoggedSet / LoggedSession).
SetRecord = LoggedSet
SessionRecord = LoggedSession


class MaxRecord(Protocol):
    """A seeded max (records.SavedMax has these)."""

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
    `resumed`: the plan replaced another on that date (`plan --save`, §10.7): its sessions
    dated before it are past, done when a logged session was carried to them, else missed.
    """

    sessions: Sequence[SessionRecord] = ()
    maxes: Mapping[str, MaxRecord] = {}
    plan_id: int | None = None
    increment: float | None = None
    resumed: dt.date | None = None  # §10.7: a re-saved plan carries on from this date


class Progress(NamedTuple):
    """Where the runner is in the plan according to the log."""

    done: Mapping[Key, int]  # plan session -> the logged session id
    missed: frozenset[Key]  # not logged, and a later session was
    next: Key | None  # the next session to do, None when the plan is finished
    shift_days: int  # how far the next session moves later (missed or late sessions)
    dates: Mapping[Key, dt.date] = {}  # sessions from `next` on, re-placed (§10.7)
    dropped: frozenset[Key] = frozenset()  # no allowed day for them: counted as missed
    # §3.4: overdue sessions of a race build that today would break the race rules for,
    # counted as missed, each with the rule it would break
    race_missed: Mapping[Key, str] = {}
    # how late the next session already was once the last plan session was logged: after a
    # break the plan runs that much later, and a session on that rhythm has not moved since
    late_before: int = 0
    # a race build's sessions gone by since the last one logged, passed over for the one
    # due now (its dates are pinned to the race): missed, and `next` says so
    passed: frozenset[Key] = frozenset()
    # §3.4 race rest days: a race build's next session, moved (in `dates`) off the day after
    # the session done last (or off that very day, §3.3), and that session's day
    rested: tuple[Key, dt.date] | None = None
    # §3.3 one session a day: a race build's sessions planned on the day the last one was
    # done (one done late) with no later day of their week that keeps the rules, counted as
    # missed, each with the day of the session that took its day
    taken: Mapping[Key, dt.date] = {}


def keys_of(plan: Plan) -> list[Key]:
    """Every plan session's key, in plan order."""
    return [(w.index, s.index) for w, s in plan.sessions()]


def _attached(history: History) -> dict[Key, int]:
    done: dict[Key, int] = {}
    for s in sorted(history.sessions, key=lambda s: (s.date, s.id)):
        if s.plan_id == history.plan_id and s.week is not None and s.session is not None:
            done.setdefault((s.week, s.session), s.id)
    return done


def plan_progress(
    plan: Plan, history: History, today: dt.date, rules: Rulebook | None = None
) -> Progress:
    """Done, missed and next plan sessions, and the date shift of the rest.

    The next session is the first one not logged after the last one logged, so a missed
    session is never silently dropped: in a dated plan it and everything after it move
    later by the days it is overdue (or by the delay of the last session logged, so a late
    session keeps its spacing to the next). A plan built back from a race date cannot move (the
    taper is pinned to the race), so there the overdue sessions before the most recent
    one that is due count as missed instead, and so does that one when doing it today
    would break the race rules of `rules` (§3.4: the days before the race that take no
    strength work, the last heavy day, the taper's session limits, and no session of the
    build after the race); it is listed in `race_missed` with the rule, so `next` says so.
    A session for which no allowed day is found (§10.7) is dropped: it counts as missed
    and is listed in `dropped`, so `next` says so.
    """
    keys = keys_of(plan)
    done = _attached(history)
    position = {k: i for i, k in enumerate(keys)}
    dates = {(w.index, s.index): s.date for w, s in plan.sessions()}
    last = max((position[k] for k in done if k in position), default=-1)
    if (resumed := history.resumed) is not None:  # §10.7: a re-saved plan's past
        last = max([last, *(position[k] for k in keys if (d := dates[k]) and d < resumed)])
    missed = {k for k in keys[: last + 1] if k not in done}
    ahead = [k for k in keys[last + 1 :] if k not in done]
    if not ahead:
        return Progress(done, frozenset(missed), None, 0)
    first = dates[ahead[0]]
    if first is None:
        return Progress(done, frozenset(missed), ahead[0], 0)
    if plan.inputs.race_date is not None:
        due = [k for k in ahead if (d := dates[k]) is not None and d <= today]
        passed = frozenset(due[:-1])
        if len(due) > 1:
            missed.update(due[:-1])
            ahead = ahead[ahead.index(due[-1]) :]
        rules = rules or default_rulebook()
        held = _race_held(plan, history, done, ahead, today, rules)
        missed.update(held)
        ahead = [k for k in ahead if k not in held]
        taken, rested = _race_rest(plan, history, done, ahead, rules)
        if rested is None:
            late, rested = _race_rest_overdue(plan, history, done, ahead, today, rules)
            if late:  # the session after it may move in turn
                taken.update(late)
                rest = [k for k in ahead if k not in taken]
                more, rested = _race_rest(plan, history, done, rest, rules)
                taken.update(more)
        missed.update(taken)
        ahead = [k for k in ahead if k not in taken]
        return Progress(
            done,
            frozenset(missed),
            ahead[0] if ahead else None,
            0,
            dates={} if rested is None else {ahead[0]: rested[1]},
            race_missed=held,
            passed=passed,
            rested=None if rested is None else (ahead[0], rested[0]),
            taken=taken,
        )
    moved, dropped = _replace(plan, history, done, ahead, today, rules or default_rulebook())
    missed.update(dropped)
    ahead = [k for k in ahead if k in moved]
    if not ahead:
        return Progress(done, frozenset(missed), None, 0, moved, frozenset(dropped))
    planned = dates[ahead[0]] or moved[ahead[0]]
    shift = max(0, (moved[ahead[0]] - planned).days)
    before = _late_before(plan, history, done, ahead[0], rules) if shift else 0
    return Progress(
        done, frozenset(missed), ahead[0], shift, moved, frozenset(dropped), late_before=before
    )


def _done_on(history: History, done: Mapping[Key, int]) -> list[dt.date]:
    """The day each plan session done was logged on, in `done`'s order (a day as often as
    sessions were done on it): what the rescheduling and race rest rules count from."""
    logged_on = {s.id: s.date for s in history.sessions}
    return [logged_on[i] for i in done.values() if i in logged_on]


def _late_before(
    plan: Plan, history: History, done: Mapping[Key, int], key: Key, rules: Rulebook | None
) -> int:
    """How many days later than planned session `key` was on the day the last plan session
    was logged (what `next` said of it then), or 0."""
    last = max(_done_on(history, done), default=None)
    planned = find(plan, key)[1].date
    if last is None or planned is None:
        return 0
    then, _ = _replace(plan, history, done, [key], last, rules or default_rulebook())
    return max(0, (then[key] - planned).days) if key in then else 0


def _race_held(
    plan: Plan,
    history: History,
    done: Mapping[Key, int],
    ahead: Sequence[Key],
    today: dt.date,
    rules: Rulebook,
) -> dict[Key, str]:
    """§3.4: the first session `ahead` when it is overdue and doing it today would break
    the race rules (the rule it would break); nothing otherwise. A session on its own day
    keeps the rules: the plan put it there. The race rest days, a preference, are not among
    them: `_race_rest_overdue` moves an overdue session off a day next to the last one done
    when a later day allows."""
    race, distance = plan.inputs.race_date, plan.inputs.race_distance
    if not ahead or race is None or distance is None:
        return {}
    sessions = {(w.index, s.index): s for w, s in plan.sessions()}
    first = sessions[ahead[0]]
    if first.date is None or first.date >= today:
        return {}
    why = race_day_block(first, today, race, distance, rules)
    if why is None:  # §2.1 TP: beside what was done and what is still planned
        others = _done_on(history, done)
        others += [d for k in ahead[1:] if (d := sessions[k].date) is not None]
        why = taper_crowded(today, others, race, rules)
    return {} if why is None else {ahead[0]: why}


def _race_rest(
    plan: Plan,
    history: History,
    done: Mapping[Key, int],
    ahead: Sequence[Key],
    rules: Rulebook,
) -> tuple[dict[Key, dt.date], tuple[dt.date, dt.date] | None]:
    """§3.4 race rest days in the log, and §3.3's one session a day: a race build's dates
    are pinned, but its next session goes on another day (`_Placer.rest_day`, as placement
    would have put it) when it is planned on the day the last session was done (one done
    late: a second strength session that day), or the day after it (one done late or
    early) with the later of the two in the race's last `race_rest_days`.

    Returns the sessions whose day a session done late took and no later day of their week
    keeps the rules for (missed, as a race build's session that cannot be done is, each with
    that day), and for the next session left, (the day done, the day moved to) or None when
    it keeps its day: a rest day is a preference. Overdue on the day moved to, it is offered
    as any overdue session of a race build is (`_race_held`)."""
    taken: dict[Key, dt.date] = {}
    race = plan.inputs.race_date
    last = max(_done_on(history, done), default=None)
    if race is None or last is None:
        return taken, None
    placer: _Placer | None = None  # built only when a session may move
    ahead = list(ahead)
    while ahead:
        planned = find(plan, ahead[0])[1].date
        if planned is None or planned < last:
            break
        same_day = planned == last
        if not same_day and not in_a_row((race - last).days, (race - planned).days, rules):
            break
        placer = placer or _Placer(plan, history, done, rules)
        day = placer.rest_day(plan, ahead, rules)
        if day is not None:
            return taken, (last, day)
        if not same_day:
            break
        taken[ahead.pop(0)] = last
    return taken, None


def _race_rest_overdue(
    plan: Plan,
    history: History,
    done: Mapping[Key, int],
    ahead: Sequence[Key],
    today: dt.date,
    rules: Rulebook,
) -> tuple[dict[Key, dt.date], tuple[dt.date, dt.date] | None]:
    """§3.4 race rest days and §3.3's one session a day for an overdue session of a race
    build: `_race_held` offers it today, but today may be the day after the last session
    done (one done after the overdue session's day) in the race's last `race_rest_days`, or
    that very day. It then goes on the first later day of its plan week that keeps every
    rule and a day between it and every other session (`_Placer.rest_day`, searched from
    today). When none does, a rest day is a preference: the day after one done, it is
    offered today. The same day is not: it goes on tomorrow, where `next` offers an overdue
    session, when the race rules leave tomorrow to it before the session after it, else it
    is missed (as `_race_rest`'s sessions whose day a late one took).

    Returns that missed session with the day done, and (the day done, the day moved to) or
    None when it is offered today."""
    race, distance = plan.inputs.race_date, plan.inputs.race_distance
    if race is None or distance is None or not ahead:
        return {}, None
    session = find(plan, ahead[0])[1]
    planned = session.date
    done_days = _done_on(history, done)
    last = max(done_days, default=None)
    if planned is None or last is None or planned >= today:
        return {}, None
    if today != last and not in_a_row((race - last).days, (race - today).days, rules):
        return {}, None
    day = _Placer(plan, history, done, rules).rest_day(plan, ahead, rules, since=today)
    if day is not None:
        return {}, (last, day)
    if today != last:
        return {}, None
    tomorrow = today + dt.timedelta(days=1)
    later = [d for k in ahead[1:] if (d := find(plan, k)[1].date) is not None]
    if (
        (not later or tomorrow < later[0])
        and race_day_block(session, tomorrow, race, distance, rules) is None
        and taper_crowded(tomorrow, [*done_days, *later], race, rules) is None
    ):
        return {}, (last, tomorrow)
    return {ahead[0]: last}, None


def _needs(s: Session, rules: Rulebook) -> SessionNeeds:
    """What placing a planned session reads of it, as the planner reads a draft's: heavy,
    a plyometric day (§7 inv. 17, `plan.rules.is_plyo_day`), or neither."""
    plyo = is_plyo_day(s.exercises, rules)
    return SessionNeeds(
        hlb=s.heavy_lower_body, plyo=plyo, light=not s.heavy_lower_body and not plyo
    )


class _Placer:
    """§10.7: puts the sessions still to do on days the placement rules allow (§3.3: never
    on the long-run day, heavy ones never within 24 h before a key run, 48 h between heavy
    and between plyometric sessions), counted from what was logged.

    Only the runner's strength days are candidates: the weekdays the plan uses in at least
    half of its weeks (a one-off day, such as a deload week's, is not one of them). A race
    build's sessions stay on their days but for §3.4's race rest days and §3.3's one
    session a day (`rest_day`)."""

    def __init__(
        self, plan: Plan, history: History, done: Mapping[Key, int], rules: Rulebook
    ) -> None:
        self.sessions = {(w.index, s.index): s for w, s in plan.sessions()}
        planned = [d for k in keys_of(plan) if (d := self.sessions[k].date) is not None]
        self.day0 = planned[0]
        inputs = plan.inputs
        self.base = WeekContext(
            first_day=0,
            first_weekday=self.day0.weekday(),
            hard_days=frozenset(d.number for d in inputs.hard_days),
            long_run_day=inputs.long_run_day.number if inputs.long_run_day else None,
            last_hlb_day=None,
            last_plyo_day=None,
        )
        self.weekdays = _usual_weekdays(plan)
        logged_on = {s.id: s.date for s in history.sessions}
        self.last_hlb: int | None = None
        self.last_plyo: int | None = None
        for key, sid in sorted(done.items(), key=lambda kv: logged_on.get(kv[1], self.day0)):
            if key in self.sessions and sid in logged_on:
                self.mark(_needs(self.sessions[key], rules), logged_on[sid])
        self.done_days = sorted(set(_done_on(history, done)))
        self.last_done = self.done_days[-1] if self.done_days else None

    def mark(self, needs: SessionNeeds, day: dt.date) -> None:
        """A session of `needs` is (or will be) done on `day`: the gaps count from it."""
        index = (day - self.day0).days
        if needs.hlb and (self.last_hlb is None or index > self.last_hlb):
            self.last_hlb = index
        if needs.plyo and (self.last_plyo is None or index > self.last_plyo):
            self.last_plyo = index

    def allowed(self, day: dt.date, needs: SessionNeeds) -> bool:
        index = (day - self.day0).days
        ctx = self.base._replace(
            first_day=index,
            last_hlb_day=self.last_hlb,
            last_plyo_day=self.last_plyo,
            blocked_from=index + 1,
        )
        return place_week([needs], ctx)[1]

    def first_allowed(self, earliest: dt.date, needs: SessionNeeds) -> dt.date | None:
        """The first of the runner's days from `earliest` the rules allow, within
        `REPLACE_WINDOW_DAYS`; None when none is (the session is dropped, never put on a
        day the rules forbid)."""
        for offset in range(REPLACE_WINDOW_DAYS):
            day = earliest + dt.timedelta(days=offset)
            if day.weekday() in self.weekdays and self.allowed(day, needs):
                return day
        return None

    def rest_day(
        self, plan: Plan, ahead: Sequence[Key], rules: Rulebook, since: dt.date | None = None
    ) -> dt.date | None:
        """§3.4 race rest days: the first of the runner's days after the first session of
        `ahead`'s own day (after `since`, an overdue one's today) that keeps a day between it
        and every other session (done, or still planned), in its plan week and before the
        next session (the weekly limits count by plan week), where the rules allow it:
        placement's (`allowed`, for it and for the sessions after it), the race's
        (`race_day_block`, the taper's session limits by `taper_crowded`, no full session
        after the last heavy day), and a heavy session stays on its hard-run day (R1 wins over
        a rest day, as in placement). None when no day does (`_race_rest` and
        `_race_rest_overdue` decide: a rest day is a preference, the session keeps its day; a
        day already taken by a session done late is not, the session is missed)."""
        inputs = plan.inputs
        race, distance = inputs.race_date, inputs.race_distance
        session = self.sessions[ahead[0]]
        planned = session.date
        assert race is not None and distance is not None and planned is not None
        needs = _needs(session, rules)
        later = [d for k in ahead[1:] if (d := self.sessions[k].date) is not None]
        others = [*self.done_days, *later]
        start = inputs.start_date or self.day0
        week_end = start + dt.timedelta(days=7 * ahead[0][0] - 1)
        hard = {d.number for d in inputs.hard_days}
        last_hlb = getattr(rules.race_last_hlb_days, race_key(distance))
        day = planned if since is None else since
        while (day := day + dt.timedelta(days=1)) <= week_end:
            if later and day >= later[0]:
                break
            to_race = (race - day).days
            if (
                day.weekday() not in self.weekdays
                or (needs.hlb and planned.weekday() in hard and day.weekday() not in hard)
                or (not session.primer and to_race < last_hlb)
                or any(in_a_row(to_race, (race - d).days, rules) for d in others)
                or race_day_block(session, day, race, distance, rules) is not None
                or taper_crowded(day, others, race, rules) is not None
                or not self.allowed(day, needs)
                or not self._keeps_later(ahead[1:], needs, day, rules)
            ):
                continue
            return day
        return None

    def _keeps_later(
        self, keys: Sequence[Key], needs: SessionNeeds, day: dt.date, rules: Rulebook
    ) -> bool:
        """Whether the sessions of `keys` on their own days still keep placement's rules
        after a session of `needs` on `day` (the 48 h gaps count from it)."""
        saved = self.last_hlb, self.last_plyo
        self.mark(needs, day)
        try:
            for key in keys:
                s = self.sessions[key]
                if s.date is None or not self.allowed(s.date, later := _needs(s, rules)):
                    return False
                self.mark(later, s.date)
            return True
        finally:
            self.last_hlb, self.last_plyo = saved


def _usual_weekdays(plan: Plan) -> frozenset[int]:
    """The weekdays the plan puts a session on in at least half of its dated weeks (all of
    its weekdays when no day is that regular)."""
    per_week = [{s.date.weekday() for s in w.sessions if s.date is not None} for w in plan.weeks]
    per_week = [days for days in per_week if days]
    counts: dict[int, int] = {}
    for days in per_week:
        for d in days:
            counts[d] = counts.get(d, 0) + 1
    usual = frozenset(d for d, n in counts.items() if 2 * n >= len(per_week))
    return usual or frozenset(counts)


def _replace(
    plan: Plan,
    history: History,
    done: Mapping[Key, int],
    ahead: Sequence[Key],
    today: dt.date,
    rules: Rulebook,
) -> tuple[dict[Key, dt.date], list[Key]]:
    """§10.7: the sessions still to do, re-placed (see `_Placer`), and those dropped
    because no allowed day was found for them.

    The next session keeps its date when it is still ahead and allowed, else it goes on the
    first allowed day from today. The ones after it keep the plan's own days in order (the
    runner's weekdays), each on the first of them that is allowed after the one before."""
    placer = _Placer(plan, history, done, rules)
    last_done = placer.last_done
    floor = today if last_done is None else max(today, last_done + dt.timedelta(days=1))
    result: dict[Key, dt.date] = {}
    dropped: list[Key] = []
    previous: dt.date | None = None
    for key in ahead:
        needs = _needs(placer.sessions[key], rules)
        due = placer.sessions[key].date
        assert due is not None
        earliest = floor if previous is None else previous + dt.timedelta(days=1)
        if due >= earliest and placer.allowed(due, needs):
            day: dt.date | None = due  # as planned
        else:
            day = placer.first_allowed(max(due, earliest), needs)
        if day is None:
            dropped.append(key)
            continue
        result[key] = previous = day
        placer.mark(needs, day)
    return result, dropped


def carry_keys(plan: Plan, logged: Sequence[tuple[int, dt.date]]) -> dict[int, Key]:
    """§10.7, `plan --save` of a different plan: which of its sessions the logged sessions
    `(id, date)` of the replaced plan now stand for. Each goes, in date order, on the next
    session of the new plan in the plan week holding its date (weeks counted from the new
    plan's start); one with no such session left (a week of the new plan with fewer
    sessions, or before its start) is not carried and stays in the log as it was. An
    undated plan takes them in order."""
    keys = keys_of(plan)
    first = plan.inputs.start_date or next((s.date for _, s in plan.sessions() if s.date), None)
    taken: dict[int, Key] = {}
    at = 0
    for sid, day in sorted(logged, key=lambda x: (x[1], x[0])):
        if first is None:
            if at < len(keys):
                taken[sid], at = keys[at], at + 1
            continue
        week = (day - first).days // 7 + 1
        free = [k for k in keys[at:] if k[0] == week]
        if free:
            taken[sid] = free[0]
            at = keys.index(free[0]) + 1
    return taken


def effective_date(plan: Plan, key: Key, progress: Progress) -> dt.date | None:
    """A plan session's date after missed sessions shifted the plan."""
    for w, s in plan.sessions():
        if (w.index, s.index) == key:
            if s.date is None:
                return None
            if key not in progress.done and key in progress.dates:
                return progress.dates[key]
            return s.date
    return None


def first_day(plan: Plan) -> dt.date | None:
    """The date of a dated plan's first session, None for an undated plan."""
    return next((s.date for _, s in plan.sessions() if s.date is not None), None)


def attach_target(
    plan: Plan,
    history: History,
    day: dt.date,
    today: dt.date,
    exercise_id: str | None = None,
    rules: Rulebook | None = None,
) -> tuple[Week, Session] | None:
    """The plan session that entries logged on `day` belong to, among those still to do
    from the next one on: one dated `day` (after a shift, or as planned), preferring one
    that has `exercise_id` and then the shifted date; else the next one. None when the plan
    is done, and for a day before the latest plan session logged that is no such session's
    day: an extra session (the log-loop QA run: a lift backdated to a Saturday before
    Monday's session became the next session, week 2 B, and `next` passed B by)."""
    found = attach_match(plan, history, day, today, exercise_id, rules)
    return found[0] if found is not None else None


def attach_match(
    plan: Plan,
    history: History,
    day: dt.date,
    today: dt.date,
    exercise_id: str | None = None,
    rules: Rulebook | None = None,
) -> tuple[tuple[Week, Session], bool] | None:
    """`attach_target`'s session, and whether it is dated `day` (as planned or moved
    there): False for the next session taken for a day that has none, which an entry of
    an exercise it does not hold should not take (service.log_entry: an extra session)."""
    progress = plan_progress(plan, history, today, rules)
    if progress.next is None:
        return None
    keys = keys_of(plan)
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
        return (w, s), True
    latest = max(
        (s.date for s in history.sessions if s.plan_id == history.plan_id and s.week is not None),
        default=None,
    )
    if latest is not None and day < latest:
        return None
    return find(plan, progress.next), False


def attach_by_content(
    plan: Plan,
    history: History,
    day: dt.date,
    today: dt.date,
    exercise_ids: Sequence[str],
    rules: Rulebook | None = None,
    window: int = 6,
) -> tuple[Week, Session] | None:
    """The plan session a whole session of `exercise_ids` done on `day` was (a watch's
    strength activity): of the next `window` sessions still to do, the one that shares the
    most exercises with it, then one dated `day`, then the earliest; `attach_target` when
    none shares any. The QA run: session B's lifts from the watch were logged as C (or A),
    matched on the first exercise alone."""
    progress = plan_progress(plan, history, today, rules)
    if progress.next is None:
        return None
    keys = keys_of(plan)
    ahead = [k for k in keys[keys.index(progress.next) :] if k not in progress.done][:window]
    done = set(exercise_ids)

    def score(key: Key) -> tuple[int, bool, int]:
        _, s = find(plan, key)
        dated = day in (s.date, effective_date(plan, key, progress))
        return len(done & {p.id for p in s.exercises}), dated, -ahead.index(key)

    best = max(ahead, key=score, default=None)
    if best is None or score(best)[0] == 0:
        return attach_target(
            plan, history, day, today, exercise_ids[0] if exercise_ids else None, rules
        )
    return find(plan, best)


def find(plan: Plan, key: Key) -> tuple[Week, Session]:
    """The week and session of `key`."""
    for w, s in plan.sessions():
        if (w.index, s.index) == key:
            return w, s
    raise KeyError(key)  # pragma: no cover - keys come from the plan, or a caller catches it
