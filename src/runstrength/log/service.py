"""What the log commands do, below the CLI: each `runstrength log | next | history |
profile` command parses its arguments, makes one call here and prints the result.

Nothing here prompts, prints or reads the clock: `now` (today), the catalog and the rules
come in from the CLI, and so does the log file's path.
"""

import datetime as dt
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, NamedTuple

from runstrength.enums import LoadUnit
from runstrength.errors import InvalidInput
from runstrength.log.active import (  # re-exported: split out of this module
    increment,
    load_history,
    load_unit,
    require_plan,
)
from runstrength.log.clearance import pain_log
from runstrength.log.entries import doses_of, entry_text, logged_sets, prescribed_doses
from runstrength.log.nextsession import LogView, NextSession, prescribe_next
from runstrength.log.progress import History, attach_target, first_day
from runstrength.log.records import ActivePlan, LoggedSession, LoggedSet
from runstrength.log.reports import (  # re-exported: the light reading path
    HISTORY_WEEKS,
    day_of,
    history_report,
    quick_load_unit,
)
from runstrength.log.spec import parse_spec
from runstrength.log.standing import done_line
from runstrength.log.storage import SessionLog
from runstrength.log.view import (  # re-exported: split out of this module
    _swapped,
    log_view,
    save_active_plan,
    with_maxes,
)
from runstrength.models import Catalog, Session, Week
from runstrength.plan.race import race_day_block
from runstrength.rulebook import Rulebook

__all__ = [
    "HISTORY_WEEKS",
    "Logged",
    "_swapped",
    "day_of",
    "edit_entry",
    "history_report",
    "increment",
    "load_history",
    "load_unit",
    "log_as_prescribed",
    "log_entry",
    "log_view",
    "next_for_logging",
    "next_session",
    "plan_done_line",
    "quick_load_unit",
    "require_plan",
    "save_active_plan",
    "save_next",
    "with_maxes",
]


# --------------------------------------------------------------------------- log


class Logged(NamedTuple):
    sets: list[LoggedSet]  # what this entry added
    session: LoggedSession  # the whole session it is part of
    replaced: str | None = None  # the exercise's sets this entry replaced, as text
    before_start: dt.date | None = None  # the plan's first day, when logged before it


def log_entry(
    path: Path,
    exercise: str,
    spec: str,
    *,
    day: dt.date,
    now: dt.date,
    rir: int | None,
    pain: int | None,
    note: str | None,
    catalog: Catalog,
    rules: Rulebook,
) -> Logged:
    """`log EXERCISE SPEC`: one exercise, attached to the plan session it belongs to."""
    catalog.require(exercise)
    if not spec.strip().startswith("@"):
        parse_spec(spec, LoadUnit.KG)  # a malformed SPEC fails before the log is opened
    with SessionLog(path) as log:
        active = log.active_plan()
        unit = load_unit(log, active)
        target = None
        start = first_day(active.plan) if active is not None else None
        early = start if start is not None and day < start else None
        if active is not None and early is None:  # before the plan: no session of it
            history = load_history(log, active, catalog, rules, unit)
            target = _same_day_target(log, active, day) or attach_target(
                active.plan, history, day, now, exercise, rules
            )
        prescribed = None
        if target is not None and active is not None:
            found = [p for p in target[1].exercises if p.id == exercise]
            prescribed = found[0] if found else None
            # The next session's own dose (re-entry, ramp, ladder) is what was prescribed:
            # as `next` showed it before today's entries of that session.
            key = (target[0].index, target[1].index)
            before = _without_day(history, active, day, key)
            view = LogView(active.plan, before, now, rules, catalog)
            nxt = prescribe_next(view, **_runs_say(log, now, rules))
            if nxt is not None and (nxt.week.index, nxt.session.index) == (
                target[0].index,
                target[1].index,
            ):
                shown = [p for p in nxt.session.exercises if p.id == exercise]
                prescribed = shown[0] if shown else prescribed
        defaults = prescribed_doses(prescribed, unit) if prescribed is not None else None
        doses = parse_spec(spec, unit, defaults)
        sets = logged_sets(exercise, doses, rir=rir, pain=pain, p=prescribed)
        attach = attach_fields(active, target)
        # The day's session of that plan session already holds the exercise with no rating
        # (`log --done`'s prescribed sets, or an unrated entry): these sets replace those, and
        # the runner is told so. Rated sets (an RIR or a pain score) are never replaced: the
        # new ones join them. Notes always join.
        for logged in log.sessions(since=day, until=day):
            same = attach and (logged.plan_id, logged.week, logged.session) == (
                attach["plan_id"],
                attach["week"],
                attach["session"],
            )
            old = [x for x in logged.sets if x.exercise_id == exercise]
            if same and old and all(x.rir is None and x.pain is None for x in old):
                saved = log.edit_session(
                    logged.id, add_note=note, replace_sets={exercise: sets}, remove=()
                )
                return Logged(sets, saved, entry_text(old))
        saved = log.add_session(day, sets, note=note, **attach)
    return Logged(sets, saved, before_start=early)


def _same_day_target(
    log: SessionLog, active: ActivePlan, day: dt.date
) -> tuple[Week, Session] | None:
    """The plan session a session already logged on `day` is attached to: more entries on
    the same day join it."""
    for logged in reversed(log.sessions(since=day, until=day)):
        if logged.plan_id == active.id and logged.week is not None:
            for week, session in active.plan.sessions():
                if (week.index, session.index) == (logged.week, logged.session):
                    return week, session
    return None


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
    runs = _runs_say(log, now, rules)  # what `next` showed, run spike and recovery week too
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
) -> LoggedSession:
    """Record `sets` as plan session `nxt`, done on `day`."""
    return log.add_session(
        day,
        sets,
        plan_id=active.id,
        week=nxt.week.index,
        session=nxt.session.index,
        label=nxt.session.label,
        note=note,
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
    A `day` before the plan starts is asked about (`confirm`, on a terminal) or refused."""
    with SessionLog(path) as log:
        partial = _partial_day_session(log, day, now, catalog, rules, (rir, note))
        if partial is not None:
            return (*partial, True)
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
        _check_one_a_day(log, active, nxt, day, confirm)
        unit = load_unit(log, active)
        sets: list[LoggedSet] = []
        for p in nxt.session.exercises:
            doses = prescribed_doses(p, unit)
            given = rir if p.target_rir is not None else None
            sets += logged_sets(p.id, doses, rir=given, pain=None, p=p)
        return nxt, save_next(log, active, nxt, day, sets, note), False


def _check_one_a_day(
    log: SessionLog,
    active: ActivePlan,
    nxt: NextSession,
    day: dt.date,
    confirm: Callable[[str], bool] | None,
) -> None:
    """A second `--done` on a day that holds a whole plan session is asked about (on a
    terminal) or refused: typed twice by mistake, it logged two sessions in one day, which
    the plan's 48 h rule (R3) never asks for."""
    logged = next(
        (
            s
            for s in log.sessions(since=day, until=day)
            if s.plan_id == active.id and s.week is not None
        ),
        None,
    )
    if logged is None:
        return
    what = f"week {logged.week} session {logged.label}"
    then = f"week {nxt.week.index} session {nxt.session.label}"
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


def _without_day(
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


def _partial_day_session(
    log: SessionLog,
    day: dt.date,
    now: dt.date,
    catalog: Catalog,
    rules: Rulebook,
    said: tuple[int | None, str | None],
) -> tuple[NextSession, LoggedSession] | None:
    """`log --done` on a day whose plan session is logged in part: that session completed
    with its missing exercises as prescribed (`said`: the RIR and note given); None when
    there is no such session."""
    rir, note = said
    active = log.active_plan()
    if active is None:
        return None
    target = _same_day_target(log, active, day)
    if target is None:
        return None
    key = (target[0].index, target[1].index)
    day_sessions = [
        s
        for s in log.sessions(since=day, until=day)
        if s.plan_id == active.id and (s.week, s.session) == key
    ]
    done = {x.exercise_id for s in day_sessions for x in s.sets}
    if all(p.id in done for p in target[1].exercises):
        return None  # a whole session: a second one that day is the runner's call
    unit = load_unit(log, active)
    history = load_history(log, active, catalog, rules, unit)
    before = _without_day(history, active, day, key)
    view = LogView(active.plan, before, now, rules, catalog, pain_log(log, now))
    nxt = prescribe_next(view, **_runs_say(log, now, rules))
    if nxt is None or (nxt.week.index, nxt.session.index) != key:
        return None  # not the session `next` would have shown: leave it to the usual path
    added = {
        p.id: logged_sets(
            p.id,
            prescribed_doses(p, unit),
            rir=rir if p.target_rir is not None else None,
            pain=None,
            p=p,
        )
        for p in nxt.session.exercises
        if p.id not in done
    }
    saved = log.edit_session(day_sessions[-1].id, add_note=note, replace_sets=added)
    return nxt, saved


def edit_entry(
    path: Path,
    session_id: int,
    *,
    exercise: str | None,
    spec: str | None,
    rir: int | None,
    pain: int | None,
    date: dt.date | None,
    note: str | None,
    remove: Sequence[str],
    catalog: Catalog,
) -> LoggedSession:
    """`log edit`: a session's date or note, one exercise's sets (a SPEC without @LOAD keeps
    the load; targets, RIR and pain carry over unless given), or exercises removed."""
    if exercise is not None:
        catalog.require(exercise)
    with SessionLog(path) as log:
        current = log.get_session(session_id)
        replace_sets = None
        if exercise is not None and spec is not None:
            unit = load_unit(log, log.active_plan())
            old = [s for s in current.sets if s.exercise_id == exercise]
            doses = parse_spec(spec, unit, doses_of(old) if old else None)
            old_loads = {(s.load, s.unit) for s in old if s.load is not None}
            if "@" not in spec and len(old_loads) == 1:
                load, load_in = old_loads.pop()
                doses = [d._replace(load=load, unit=load_in) for d in doses]
            new_sets = logged_sets(exercise, doses, rir=rir, pain=pain, p=None)
            if old:
                was = old[0]
                new_sets = [
                    s._replace(
                        target_reps_lo=was.target_reps_lo,
                        target_reps_hi=was.target_reps_hi,
                        target_rir=was.target_rir,
                        rir=s.rir if rir is not None else was.rir,
                        pain=s.pain if pain is not None else was.pain,
                    )
                    for s in new_sets
                ]
            replace_sets = {exercise: new_sets}
        return log.edit_session(
            session_id, date=date, note=note, replace_sets=replace_sets, remove=remove
        )


def attach_fields(active: ActivePlan | None, target: tuple[Week, Session] | None) -> dict[str, Any]:
    """The `add_session` keywords that attach a logged session to its plan session (none
    without a plan or a target); shared by `log` and `log import`."""
    if active is None or target is None:
        return {}
    week, session = target
    return {
        "plan_id": active.id,
        "week": week.index,
        "session": session.index,
        "label": session.label,
    }


# --------------------------------------------------------------------------- next, history


def next_session(path: Path, now: dt.date, catalog: Catalog, rules: Rulebook) -> NextSession | None:
    """`next`: the active plan's next session with loads from the log; None when done."""
    with SessionLog(path) as log:
        active = require_plan(log)
        history = load_history(log, active, catalog, rules, load_unit(log, active))
        runs = _runs_say(log, now, rules)
        pain = pain_log(log, now)  # §10.3 pain.py
    return prescribe_next(LogView(active.plan, history, now, rules, catalog, pain), **runs)


def plan_done_line(path: Path, now: dt.date, catalog: Catalog, rules: Rulebook) -> str:
    """What `next` says when the active plan has no session left (standing.done_line):
    for a race build, the race and what comes after it."""
    with SessionLog(path) as log:
        active = require_plan(log)
        history = load_history(log, active, catalog, rules, load_unit(log, active))
    return done_line(active.plan, history, now, rules)


def _runs_say(log: SessionLog, now: dt.date, rules: Rulebook) -> dict[str, Any]:
    """Issue 13: the imported runs' spike (reactive deload) and recovery week (in season,
    half the sets), as `prescribe_next` keywords."""
    from runstrength.log.run_import import runs_summary

    runs = runs_summary(log, now, rules)
    if runs is None:
        return {}
    return {"run_spike": runs.spike, "run_recovery": runs.recovery}
