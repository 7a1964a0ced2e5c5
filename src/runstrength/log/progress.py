"""Where the runner is in a plan, from the log (training-rules.md §4.6, §7 inv. 28).

Pure functions: the caller passes the plan, what was logged and `today`. The log comes in as
any objects with the attributes of `SetRecord` / `SessionRecord` (records.LoggedSet /
LoggedSession fit), gathered in a `History`.
"""

import datetime as dt
from collections.abc import Mapping, Sequence
from typing import NamedTuple, Protocol

from runstrength.enums import LoadUnit
from runstrength.models import Plan, Session, Week

Key = tuple[int, int]  # (week index, session index), both 1-based


class SetRecord(Protocol):
    """What progression reads from one logged set (records.LoggedSet has these)."""

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
    """What progression reads from one logged session (records.LoggedSession has these)."""

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
    """

    sessions: Sequence[SessionRecord] = ()
    maxes: Mapping[str, MaxRecord] = {}
    plan_id: int | None = None
    increment: float | None = None


class Progress(NamedTuple):
    """Where the runner is in the plan according to the log."""

    done: Mapping[Key, int]  # plan session -> the logged session id
    missed: frozenset[Key]  # not logged, and a later session was
    next: Key | None  # the next session to do, None when the plan is finished
    shift_days: int  # how far the sessions from `next` on move later (missed sessions)


def keys_of(plan: Plan) -> list[Key]:
    """Every plan session's key, in plan order."""
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
    keys = keys_of(plan)
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
                keys = keys_of(plan)
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
        return w, s
    return find(plan, progress.next)


def find(plan: Plan, key: Key) -> tuple[Week, Session]:
    """The week and session of `key`."""
    for w, s in plan.sessions():
        if (w.index, s.index) == key:
            return w, s
    raise KeyError(key)  # pragma: no cover - keys come from the plan
