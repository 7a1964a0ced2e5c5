"""What the log commands do, below the CLI: each `runstrength log | next | history |
profile` command parses its arguments, makes one call here and prints the result.

Nothing here prompts, prints or reads the clock: `now` (today), the catalog and the rules
come in from the CLI, and so does the log file's path.
"""

import datetime as dt
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, NamedTuple

from runstrength.enums import LoadUnit, PainRegion
from runstrength.errors import InvalidInput
from runstrength.log.active import (  # re-exported: split out of this module
    increment,
    load_history,
    load_unit,
    require_plan,
    runs_say,
    same_day_target,
)
from runstrength.log.clearance import pain_log
from runstrength.log.done import (  # re-exported: split out of this module
    PartDone,
    log_as_prescribed,
    next_for_logging,
    part_done,
    plan_session_on,
    save_next,
    shown_before,
)
from runstrength.log.entries import as_contacts, doses_of, entry_text, logged_sets, prescribed_doses
from runstrength.log.nextsession import LogView, NextSession, prescribe_next
from runstrength.log.progress import attach_match, first_day
from runstrength.log.race_days import race_day_note
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
from runstrength.models import Catalog, Prescription, Session, Week
from runstrength.plan.warmup import with_exercises
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
    "next_to_walk",
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
    race: str | None = None  # the §3.4 rule the entry's day had (`race_day_note`)


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
    where: tuple[PainRegion, ...] | None = None,
) -> Logged:
    """`log EXERCISE SPEC`: one exercise, attached to the plan session it belongs to;
    `where`: the regions its pain was in (`--where`), None for every region it loads."""
    catalog.require(exercise)
    if not spec.strip().startswith("@"):
        parse_spec(spec, LoadUnit.KG)  # a malformed SPEC fails before the log is opened
    with SessionLog(path) as log:
        active = log.active_plan()
        unit = load_unit(log, active)
        target, prescribed = None, None
        start = first_day(active.plan) if active is not None else None
        early = start if start is not None and day < start else None
        if active is not None and early is None:  # before the plan: no session of it
            target, prescribed = _entry_target(
                log, active, exercise, day, now, unit, catalog, rules
            )
        defaults = prescribed_doses(prescribed, unit) if prescribed is not None else None
        doses = as_contacts(parse_spec(spec, unit, defaults), catalog.exercises[exercise])
        sets = logged_sets(exercise, doses, rir=rir, pain=pain, p=prescribed, where=where)
        attach = attach_fields(active, target)
        # The day's session of that plan session already holds the exercise with no rating
        # (`log --done`'s prescribed sets, or an unrated entry): these sets replace those, and
        # the runner is told so. Rated sets (an RIR or a pain score) are never replaced: the
        # new ones join them. Notes always join. One transaction (add_session's `replaced`).
        old: list[LoggedSet] = []
        saved = log.add_session(day, sets, note=note, replaced=old, **attach)
    race = race_day_note(active.plan, day, sets, catalog, rules) if active is not None else None
    return Logged(sets, saved, entry_text(old) if old else None, early, race)


def _entry_target(
    log: SessionLog,
    active: ActivePlan,
    exercise: str,
    day: dt.date,
    now: dt.date,
    unit: LoadUnit,
    catalog: Catalog,
    rules: Rulebook,
) -> tuple[tuple[Week, Session] | None, Prescription | None]:
    """The plan session an entry of `exercise` on `day` belongs to, and what it prescribed."""
    history = load_history(log, active, catalog, rules, unit)
    when = now
    if active.plan.inputs.race_date is not None and day < now:
        # a race build's dates are pinned: a past day's entries join the session
        # `next` gave on that day (as `log --done --date` does), not today's
        when = day
    target, dated = same_day_target(log, active, day), True
    if target is None:
        match = attach_match(active.plan, history, day, when, exercise, rules)
        if match is None:
            return None, None
        target, dated = match
    found = [p for p in target[1].exercises if p.id == exercise]
    prescribed = found[0] if found else None
    # The next session's own dose (re-entry, ramp, ladder) is what was prescribed:
    # as `next` showed it before today's entries of that session.
    key = (target[0].index, target[1].index)
    nxt = shown_before(log, active, history, day, key, when, catalog, rules)
    shown = [p for p in nxt.session.exercises if p.id == exercise] if nxt is not None else []
    if not dated and not found and not shown:
        # A day with no session planned or moved to it, and an exercise the next session
        # does not hold, as planned or as `next` shows it: extra work, not that session
        # done early (the log-loop QA pass: a calf raise on a Tuesday became Wednesday's
        # session B, every lift of it "Skipped", and `next` went on to C). A session
        # logged later that day takes it in (add_session's merge).
        return None, None
    return target, shown[0] if shown else prescribed


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
    confirm: Callable[[str], bool] | None = None,
    where: tuple[PainRegion, ...] | None = None,
) -> LoggedSession:
    """`log edit`: a session's date or note, one exercise's sets (a SPEC without @LOAD keeps
    the load; targets, RIR and pain carry over unless given; the regions of the pain
    (`where`) go with it: given with a new pain, carried over with the old one), or
    exercises removed. A plan
    session moved onto a day holding another of the same plan is asked about (`confirm`,
    on a terminal) or refused, as `log --done` does. A session whose last exercise is
    removed is removed with it: the session returned then has no sets."""
    if exercise is not None:
        catalog.require(exercise)
    with SessionLog(path) as log:
        current = log.get_session(session_id)
        if date is not None and date != current.date:
            _check_moved_onto(log, current, date, confirm)
        replace_sets = None
        if exercise is not None and spec is not None:
            unit = load_unit(log, log.active_plan())
            old = [s for s in current.sets if s.exercise_id == exercise]
            doses = parse_spec(spec, unit, doses_of(old) if old else None)
            doses = as_contacts(doses, catalog.exercises[exercise])
            old_loads = {(s.load, s.unit) for s in old if s.load is not None}
            if "@" not in spec and len(old_loads) == 1:
                load, load_in = old_loads.pop()
                doses = [d._replace(load=load, unit=load_in) for d in doses]
            new_sets = logged_sets(exercise, doses, rir=rir, pain=pain, p=None, where=where)
            if old:
                was = old[0]
                new_sets = [
                    s._replace(
                        target_reps_lo=was.target_reps_lo,
                        target_reps_hi=was.target_reps_hi,
                        target_rir=was.target_rir,
                        rir=s.rir if rir is not None else was.rir,
                        pain=s.pain if pain is not None else was.pain,
                        # a score and where it was given are one answer: they change together
                        pain_regions=s.pain_regions if pain is not None else was.pain_regions,
                    )
                    for s in new_sets
                ]
            replace_sets = {exercise: new_sets}
        with log.transaction():
            edited = log.edit_session(
                session_id, date=date, note=note, replace_sets=replace_sets, remove=remove
            )
            if remove and not edited.sets:
                # its last exercise removed: the session goes too, or it would stay in the
                # log as "(no sets)" for good (`log undo` reaches only the last session)
                log.remove_session(edited)
        return edited


def _check_moved_onto(
    log: SessionLog,
    moved: LoggedSession,
    day: dt.date,
    confirm: Callable[[str], bool] | None,
) -> None:
    """A plan session moved onto `day`, which holds another session of the same plan: two
    in a day can be real (asked), but a slip of the date should not pass unsaid (R3 wants
    48 h between heavy days)."""
    if moved.plan_id is None or moved.week is None:
        return
    there = plan_session_on(log, moved.plan_id, day, other_than=moved.id)
    if there is None:
        return
    what = f"week {there.week} session {there.label}"
    this = f"week {moved.week} session {moved.label}"
    if confirm is None:
        raise InvalidInput(
            f"{what} is already logged on {day.isoformat()}; moving {this} there would put "
            "both on one day: give the day you did it, or run `log edit` on a terminal to "
            "confirm"
        )
    if not confirm(f"{what} is already logged on {day.isoformat()}; move {this} there too?"):
        raise InvalidInput("nothing changed")


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
    """`next`: the active plan's next session with loads from the log; None when done.
    A session logged in part today is the rest of it (what `log --done` then records),
    not the session after it (the QA run: one lift of session A logged, `next` showed
    Thursday's B)."""
    with SessionLog(path) as log:
        active = require_plan(log)
        part = part_done(log, now, now, catalog, rules)
        if part is not None:
            return rest_of(part, rules, catalog)
        history = load_history(log, active, catalog, rules, load_unit(log, active))
        runs = runs_say(log, now, rules)
        pain = pain_log(log, now)  # §10.3 pain.py
    return prescribe_next(LogView(active.plan, history, now, rules, catalog, pain), **runs)


def next_to_walk(
    log: SessionLog, day: dt.date, now: dt.date, catalog: Catalog, rules: Rulebook
) -> tuple[ActivePlan, NextSession]:
    """What the walk (`log` alone) asks about: the rest of a session logged in part on
    `day`, as `next` shows it, else the next session (`next_for_logging`). The QA run: with
    one lift of A logged, the walk went on to B, and A was left half done."""
    part = part_done(log, day, now, catalog, rules)
    if part is not None:
        return require_plan(log), rest_of(part, rules, catalog)
    return next_for_logging(log, now, catalog, rules, day)


def rest_of(part: PartDone, rules: Rulebook, catalog: Catalog) -> NextSession:
    """The session of `part` without the exercises logged today, and a note naming them."""
    nxt = part.nxt
    # what was logged, by the catalog's names (a lift swapped since, by pain, is not in
    # `nxt`; the stand-in that is was not logged)
    names = [catalog.exercises[i].name if i in catalog else i for i in part.logged.exercise_ids()]
    left = [p for p in nxt.session.exercises if p.id not in part.done]
    earlier = ", ".join(p.name for p in part.before)
    with_earlier = f", with {earlier}, done before the pain" if earlier else ""
    note = (
        f"Logged today: {', '.join(names)}; this is the rest of the session, and "
        f"`runstrength log --done` records it as prescribed{with_earlier}."
    )
    session = with_exercises(nxt.session, left, rules, catalog)
    # the rest belongs to the day its first part was logged on, not to the day `next`
    # had moved the session to (new-user re-check N3: "Fri 12-04 … (moved 4 days later)"
    # above "Logged today", on Thu 12-03)
    session = session.model_copy(update={"date": part.logged.date})
    return nxt._replace(session=session, notes=(*nxt.notes, note), shift_days=0)


def plan_done_line(path: Path, now: dt.date, catalog: Catalog, rules: Rulebook) -> str:
    """What `next` says when the active plan has no session left (standing.done_line):
    for a race build, the race and what comes after it."""
    with SessionLog(path) as log:
        active = require_plan(log)
        history = load_history(log, active, catalog, rules, load_unit(log, active))
    return done_line(active.plan, history, now, rules)
