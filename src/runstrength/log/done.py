"""`log --done` and the walk: the active plan's next session recorded as prescribed.

Split out of service.py (which re-exports the commands' entry points). The checks a
second `--done` meets live here: the race rules' days (§3.4), a plan not started yet, a
day that holds a whole plan session already, and a day that holds part of one (the rest
of it is recorded). Nothing here prompts or reads the clock: `confirm` and `now` come in.
"""

import datetime as dt
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import NamedTuple

from runstrength.errors import InvalidInput
from runstrength.log.active import (
    load_history,
    load_unit,
    require_plan,
    runs_say,
    same_day_target,
)
from runstrength.log.clearance import pain_log
from runstrength.log.entries import logged_sets, prescribed_doses
from runstrength.log.nextsession import LogView, NextSession, prescribe_next
from runstrength.log.pain import PainLog, at_start, under_way
from runstrength.log.progress import History, first_day
from runstrength.log.records import ActivePlan, LoggedSession, LoggedSet
from runstrength.log.standing import done_line
from runstrength.log.storage import SessionLog
from runstrength.models import Catalog, Prescription, Session
from runstrength.plan.race import race_day_block
from runstrength.rulebook import Rulebook

LOG_WHAT_WAS_DONE = "log what was done with `runstrength log EXERCISE SPEC`"


def next_for_logging(
    log: SessionLog,
    now: dt.date,
    catalog: Catalog,
    rules: Rulebook,
    day: dt.date | None = None,
) -> tuple[ActivePlan, NextSession]:
    """The active plan and its next session, for `log --done` and the walk; refused when
    there is none, or when the race rules forbid it on `day` (§3.4: never recorded on a day
    the rules keep free of it). A race build's dates are pinned, so for a past `day` it is
    the session `next` gave on that day (one logged late is not missed)."""
    active = require_plan(log)
    race, distance = active.plan.inputs.race_date, active.plan.inputs.race_distance
    if race is not None and day is not None and day < now:
        now = day
    history = load_history(log, active, catalog, rules, load_unit(log, active))
    runs = runs_say(log, now, rules)  # what `next` showed, run spike and recovery week too
    view = LogView(active.plan, history, now, rules, catalog, pain_log(log, now))
    nxt = prescribe_next(view, **runs)
    if nxt is None:
        if race is not None:  # §3.4: what the race leaves, in `next`'s words
            said = done_line(active.plan, history, now, rules, advice=False).rstrip(".")
            on = f" on {now.strftime('%a %Y-%m-%d')}"
            raise InvalidInput(
                f"nothing to record{on}: {said[0].lower()}{said[1:]}; {LOG_WHAT_WAS_DONE}"
            )
        raise InvalidInput(
            "the active plan is complete; log with `runstrength log EXERCISE SPEC` "
            "or save a new plan"
        )
    if day is not None and race is not None and distance is not None:
        why = race_day_block(nxt.session, day, race, distance, rules)
        if why is not None:
            raise InvalidInput(
                f"week {nxt.week.index} session {nxt.session.label} not recorded on "
                f"{day.strftime('%a %Y-%m-%d')} (race on {race.strftime('%a %Y-%m-%d')}): "
                f"{why}; {LOG_WHAT_WAS_DONE}"
            )
    return active, nxt


def save_next(
    log: SessionLog,
    active: ActivePlan,
    nxt: NextSession,
    day: dt.date,
    sets: Sequence[LoggedSet],
    note: str | None,
    skipped: Sequence[str] = (),
) -> LoggedSession:
    """Record `sets` as plan session `nxt`, done on `day`; `skipped`: the ids of its
    exercises the runner did without (the walk's `skip`)."""
    return log.add_session(
        day,
        sets,
        plan_id=active.id,
        week=nxt.week.index,
        session=nxt.session.index,
        label=nxt.session.label,
        note=note,
        skipped=skipped,
    )


def log_as_prescribed(
    path: Path,
    *,
    day: dt.date,
    now: dt.date,
    note: str | None,
    catalog: Catalog,
    rules: Rulebook,
    rir: int | None = None,
    confirm: Callable[[str], bool] | None = None,
) -> tuple[NextSession, LoggedSession, bool]:
    """`log --done`: the next session recorded as prescribed, with an unknown RIR unless
    `rir` is given (§10.5: never an invented one, so such sets make no e1RM).

    When `day` already holds part of a plan session (some exercises logged one by one),
    `--done` means the rest of it: its missing exercises are added, as `next` showed them
    before that day's entries, rather than the following session logged beside it (the
    third value says so: True when a partial session was completed).
    A `day` before the plan starts is asked about (`confirm`, on a terminal) or refused.

    The checks and the write are one transaction: two `log --done` at once record one
    session, and the second is told it is logged (the QA pass: both wrote, and the log
    held every set twice). Questions are asked before it, so no prompt holds the log
    locked; inside, only the questions already answered yes pass."""
    said = (rir, note)
    with SessionLog(path) as log:
        if confirm is not None:
            ask, answered = confirm, set[str]()

            def asking(question: str) -> bool:
                if ask(question):
                    answered.add(question)
                    return True
                return False

            _recorded(log, day, now, catalog, rules, said, asking, write=False)
            confirm = answered.__contains__
        elif log.active_plan() is None:
            # refused by reads alone: the write transaction would make a fresh folder's log
            _recorded(log, day, now, catalog, rules, said, None, write=False)
        with log.transaction():
            made = _recorded(log, day, now, catalog, rules, said, confirm, write=True)
    assert made is not None
    return made


def _recorded(
    log: SessionLog,
    day: dt.date,
    now: dt.date,
    catalog: Catalog,
    rules: Rulebook,
    said: tuple[int | None, str | None],
    confirm: Callable[[str], bool] | None,
    *,
    write: bool,
) -> tuple[NextSession, LoggedSession, bool] | None:
    """`log_as_prescribed`'s checks, and with `write` its write; None without."""
    rir, note = said
    part = part_done(log, day, now, catalog, rules)
    if part is not None:
        return (*_completed(log, part, said), True) if write else None
    active, nxt = next_for_logging(log, now, catalog, rules, day)
    first = first_day(active.plan)
    if first is not None and day < first:
        question = (
            f"the active plan starts {first.isoformat()}; record its week "
            f"{nxt.week.index} session {nxt.session.label} as done on {day.isoformat()}?"
        )
        if confirm is None and now < first:  # nothing of it can be done yet (A6)
            raise InvalidInput(
                f"the active plan starts {first.isoformat()}: log its sessions once done; "
                "training before it goes in with `log EXERCISE SPEC`"
            )
        if confirm is None:
            raise InvalidInput(
                f"the active plan starts {first.isoformat()}, after {day.isoformat()}; "
                "give --date on or after the start, or log EXERCISE SPEC"
            )
        if not confirm(question):
            raise InvalidInput("nothing logged")
    _check_one_a_day(log, active, nxt, day, (now, catalog, rules), confirm)
    if not write:
        return None
    unit = load_unit(log, active)
    sets: list[LoggedSet] = []
    for p in nxt.session.exercises:
        doses = prescribed_doses(p, unit)
        given = rir if p.target_rir is not None else None
        sets += logged_sets(p.id, doses, rir=given, pain=None, p=p)
    return nxt, save_next(log, active, nxt, day, sets, note), False


def plan_session_on(
    log: SessionLog, plan_id: int, day: dt.date, *, other_than: int | None = None
) -> LoggedSession | None:
    """The first session logged on `day` as a session of plan `plan_id` (not the session
    `other_than`), or None: what `log --done` and `log edit --date` ask about."""
    return next(
        (
            s
            for s in log.sessions(since=day, until=day)
            if s.plan_id == plan_id and s.week is not None and s.id != other_than
        ),
        None,
    )


def covered(log: SessionLog, sessions: Sequence[LoggedSession]) -> frozenset[str]:
    """The exercises these logged sessions account for: the ones logged, and the ones the
    runner did without on purpose (the walk's `skip`, kept with the session)."""
    skipped = log.skipped_in(s.id for s in sessions)
    return frozenset(x.exercise_id for s in sessions for x in s.sets).union(*skipped.values())


def _check_one_a_day(
    log: SessionLog,
    active: ActivePlan,
    nxt: NextSession,
    day: dt.date,
    core: tuple[dt.date, Catalog, Rulebook],
    confirm: Callable[[str], bool] | None,
) -> None:
    """A second `--done` on a day that holds a whole plan session is asked about (on a
    terminal) or refused: typed twice by mistake, it logged two sessions in one day, which
    the plan's 48 h rule (R3) never asks for. `core`: today, the catalog and the rules,
    to tell a session whole as `next` showed it (under pain) from part of one."""
    logged = plan_session_on(log, active.id, day)
    if logged is None:
        return
    what = f"week {logged.week} session {logged.label}"
    then = f"week {nxt.week.index} session {nxt.session.label}"
    planned = next(
        (
            (w.index, s)
            for w, s in active.plan.sessions()
            if (w.index, s.index) == (logged.week, logged.session)
        ),
        None,
    )
    done = covered(log, [logged])
    if (
        planned is not None
        and any(p.id not in done for p in planned[1].exercises)
        and not _whole_as_shown(log, active, logged, planned, core)
    ):
        # part of a session that was not the one `next` offered (the QA run: the usual
        # Tuesday lift went into week 2 session A while `next` offered a moved week 1 B):
        # --done cannot know its doses, so say how to finish it
        ids = {p.id for p in planned[1].exercises}
        raise InvalidInput(
            f"{what} is logged in part on {day.isoformat()} ({len(done & ids)} of its "
            f"{len(ids)} exercises), and `next` had offered another session: log the rest "
            "of it with `runstrength log EXERCISE SPEC`, or give --date for another day"
        )
    if confirm is None:
        raise InvalidInput(
            f"{what} is already logged on {day.isoformat()}; --done again would add {then} "
            "on the same day: give --date for the day you did it, or `log undo` if the "
            "first was a mistake"
        )
    if not confirm(
        f"{what} is already logged on {day.isoformat()}; record {then} on the same day too?"
    ):
        raise InvalidInput("nothing logged")


def _whole_as_shown(
    log: SessionLog,
    active: ActivePlan,
    logged: LoggedSession,
    planned: tuple[int, Session],
    core: tuple[dt.date, Catalog, Rulebook],
) -> bool:
    """Whether `logged` holds all that `next` showed of its plan session `planned` (week
    index, session) before the day's entries: under pain that is not the plan's list (the
    report: a second `--done` called such a day's session "logged in part")."""
    now, catalog, rules = core
    week, session = planned
    history = load_history(log, active, catalog, rules, load_unit(log, active))
    key = (week, session.index)
    nxt = shown_before(log, active, history, logged.date, key, now, catalog, rules)
    if nxt is None:
        return False
    done = with_stand_ins(nxt, session, covered(log, [logged]), catalog)
    return all(p.id in done for p in nxt.session.exercises)


def without_day(
    history: History, active: ActivePlan, day: dt.date, key: tuple[int, int]
) -> History:
    """`history` without what `day` holds of plan session `key` (week, session): the log
    as `next` read it before that day's entries, so they are dosed as it showed them."""
    return history._replace(
        sessions=[
            s
            for s in history.sessions
            if not (s.date == day and s.plan_id == active.id and (s.week, s.session) == key)
        ]
    )


def shown_before(
    log: SessionLog,
    active: ActivePlan,
    history: History,
    day: dt.date,
    key: tuple[int, int],
    now: dt.date,
    catalog: Catalog,
    rules: Rulebook,
    day_sessions: Sequence[LoggedSession] | None = None,
    logged: PainLog | None = None,
) -> NextSession | None:
    """Plan session `key` as `next` gave it (as of `now`) before `day`'s entries of it, so
    those entries are dosed as it showed them; None when `next` gave another session.
    The pain of those entries may take more out of it, never bring back what a flag kept
    out (pain.under_way). `day_sessions` (`day`'s entries of it) and `logged` (the pain
    log) when the caller has read them already."""
    if day_sessions is None:
        day_sessions = _of_day(log, active, day, key)
    if logged is None:
        logged = pain_log(log, now)
    pain = under_way(logged, [s.id for s in day_sessions], rules, _began(day_sessions))
    view = LogView(active.plan, without_day(history, active, day, key), now, rules, catalog, pain)
    nxt = prescribe_next(view, **runs_say(log, now, rules))
    return nxt if nxt is not None and (nxt.week.index, nxt.session.index) == key else None


def _of_day(
    log: SessionLog, active: ActivePlan, day: dt.date, key: tuple[int, int]
) -> list[LoggedSession]:
    """`day`'s logged sessions of plan session `key` (week, session)."""
    return [
        s
        for s in log.sessions(since=day, until=day)
        if s.plan_id == active.id and (s.week, s.session) == key
    ]


def _began(day_sessions: Sequence[LoggedSession]) -> str | None:
    """When the first of a session's entries was written (the log's `created_at`)."""
    return min((s.created_at for s in day_sessions if s.created_at), default=None)


class PartDone(NamedTuple):
    """A plan session logged in part on one day: as `next` showed it before that day's
    entries, the ids logged so far, and the day's logged session they are in; `before`:
    what pain logged that day took out of the rest though it comes before the lift that
    hurt in the session's order (`before_pain`), which `log --done` records too."""

    nxt: NextSession
    done: frozenset[str]
    logged: LoggedSession
    before: tuple[Prescription, ...] = ()


def before_pain(
    active: ActivePlan,
    history: History,
    day_sessions: Sequence[LoggedSession],
    logged: PainLog,
    nxt: NextSession,
    done: frozenset[str],
    view: tuple[SessionLog, dt.date, Catalog, Rulebook],
) -> tuple[Prescription, ...]:
    """The exercises `next` showed at the session's start (before the day's entries) that
    come before the first lift logged with pain that day, in the session's order (§2.3:
    jumps first), not logged, and taken out of the rest (`nxt`) by that pain: they were
    done before it hurt (the QA run: pain on the goblet squat took the pogos done before
    it out of the rest, and `log --done` left them "Skipped"). `logged`: the pain log;
    `view`: the log, today, the catalog and the rules."""
    log, now, catalog, rules = view
    ids = {s.id for s in day_sessions}
    hurt = {
        s.exercise_id
        for s in logged.sets
        if s.session_id in ids and (s.pain or 0) >= rules.pain.modify_at
    }
    if not hurt:
        return ()
    key = (nxt.week.index, nxt.session.index)
    calm = at_start(logged, ids, _began(day_sessions))
    past = without_day(history, active, day_sessions[0].date, key)
    start = prescribe_next(
        LogView(active.plan, past, now, rules, catalog, calm), **runs_say(log, now, rules)
    )
    if start is None or (start.week.index, start.session.index) != key:
        return ()
    order = [p.id for p in start.session.exercises]
    first = min((order.index(i) for i in hurt if i in order), default=None)
    if first is None:
        return ()
    rest = {p.id for p in nxt.session.exercises}
    return tuple(
        p for p in start.session.exercises[:first] if p.id not in done and p.id not in rest
    )


def part_done(
    log: SessionLog, day: dt.date, now: dt.date, catalog: Catalog, rules: Rulebook
) -> PartDone | None:
    """The plan session `day` holds in part (some of its exercises logged one by one), when
    it is the one `next` gave before them; None otherwise (nothing logged, a whole session,
    or entries attached elsewhere)."""
    active = log.active_plan()
    if active is None:
        return None
    target = same_day_target(log, active, day)
    if target is None:
        return None
    key = (target[0].index, target[1].index)
    day_sessions = _of_day(log, active, day, key)
    done = covered(log, day_sessions)
    if all(p.id in done for p in target[1].exercises):
        return None  # a whole session: a second one that day is the runner's call
    history = load_history(log, active, catalog, rules, load_unit(log, active))
    logged = pain_log(log, now)
    nxt = shown_before(log, active, history, day, key, now, catalog, rules, day_sessions, logged)
    if nxt is None:
        return None  # not the session `next` would have shown: leave it to the usual path
    done = with_stand_ins(nxt, target[1], done, catalog)
    view = (log, now, catalog, rules)
    before = before_pain(active, history, day_sessions, logged, nxt, done, view)
    if all(p.id in done for p in nxt.session.exercises) and not before:
        # whole as `next` showed it: under pain that is not the plan's list (lifts swapped,
        # jumps left out), and taking it for part of one left `next` showing it empty for
        # the rest of the day, where a day without pain goes on to the next session
        return None
    return PartDone(nxt, done, day_sessions[-1], before)


def with_stand_ins(
    nxt: NextSession, planned: Session, done: frozenset[str], catalog: Catalog
) -> frozenset[str]:
    """`done`, and the exercises of `nxt` that stand in for a lift of `planned` in it.

    A lift logged with pain has its unloading variant in `next` now: that stands in for
    the lift done, it is no part of the rest (QA: `log --done` then recorded the isometric
    hold "as prescribed" beside the deadlift it stood for)."""
    ids = {p.id for p in planned.exercises}
    stand_ins = {
        p.id
        for p in nxt.session.exercises
        if p.id not in ids
        and any(_stands_in(p.id, i, nxt.replaced, catalog) for i in done if i in catalog)
    }
    return done | stand_ins


def _stands_in(exercise_id: str, done: str, replaced: Mapping[str, str], catalog: Catalog) -> bool:
    """Whether `exercise_id` (in `next`, not planned) stands in for `done`: its unloading
    variant, and, where `next` replaced a planned exercise with it (`replaced`), that one.
    The QA run: a squat jump logged though the flag had left it out took the isometric
    calf hold, which stood in for the calf raise, out of the rest."""
    if exercise_id not in catalog.exercises[done].unload:
        return False
    return replaced.get(exercise_id, done) == done


def _completed(
    log: SessionLog, part: PartDone, said: tuple[int | None, str | None]
) -> tuple[NextSession, LoggedSession]:
    """`log --done` on a day whose plan session is logged in part (`part`): that session
    completed with its missing exercises as prescribed (`said`: the RIR and note given)."""
    rir, note = said
    unit = load_unit(log, log.active_plan())
    added = {
        p.id: logged_sets(
            p.id,
            prescribed_doses(p, unit),
            rir=rir if p.target_rir is not None else None,
            pain=None,
            p=p,
        )
        for p in [*part.before, *part.nxt.session.exercises]
        if p.id not in part.done
    }
    saved = log.edit_session(part.logged.id, add_note=note, replace_sets=added)
    return part.nxt, saved
