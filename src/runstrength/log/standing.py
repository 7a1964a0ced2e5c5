"""What the log says of where a plan stands (§3.4, §10.7): sessions moved later, dropped
for want of an allowed day, or missed under the race rules, and what `next` says once no
session is left. Pure: the plan, its progress and the rules in, sentences out.
"""

import datetime as dt
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Protocol

from runstrength.enums import RaceDistance
from runstrength.log.progress import (
    REPLACE_WINDOW_DAYS,
    History,
    Key,
    Progress,
    find,
    plan_progress,
)
from runstrength.models import Plan
from runstrength.plan.race import in_lockout, lockout_end
from runstrength.rulebook import Rulebook
from runstrength.text import noun

if TYPE_CHECKING:
    from runstrength.log.nextsession import NextSession


class _Race(Protocol):
    """What names a race: a plan's inputs or a saved profile."""

    @property
    def race_date(self) -> dt.date | None: ...

    @property
    def race_distance(self) -> RaceDistance | None: ...


def dropped_note(plan: Plan, progress: Progress) -> str | None:
    """§10.7: the missed sessions no allowed day could take, said rather than hidden (by
    label, as the plan names them)."""
    if not progress.dropped:
        return None
    names = ", ".join(
        f"week {w} session {find(plan, (w, s))[1].label}" for w, s in sorted(progress.dropped)
    )
    return (
        f"Dropped {names}: missed, and none of your strength days in the next "
        f"{REPLACE_WINDOW_DAYS // 7} weeks fits the placement rules (long run, hard days, "
        "48 h gaps); the plan carries on without it."
    )


def _day(date: dt.date | None) -> str:
    return date.strftime("%a %Y-%m-%d") if date is not None else "its day"


def race_missed_note(plan: Plan, progress: Progress) -> str | None:
    """§3.4, §10.7: an overdue session of a race build that doing today would break the
    race rules for, said as missed with the rule (by label, as the plan names it)."""
    if not progress.race_missed:
        return None
    said = []
    for key, why in sorted(progress.race_missed.items()):
        week, session = find(plan, key)
        said.append(
            f"Week {week.index} session {session.label} of {_day(session.date)} was missed, "
            f"as done today it would break a race rule: {why}"
        )
    tail = "; the plan carries on without it." if progress.next is not None else "."
    return "; ".join(said) + tail


def passed_note(plan: Plan, progress: Progress) -> str | None:
    """§3.4, §10.7: the sessions of a race build that went by since the last one logged,
    passed over for the one due now: said, not dropped in silence (the QA run: session B
    missed on Wednesday, and Friday's `next` gave C with no word of B)."""
    if not progress.passed:
        return None
    return (
        f"Missed: {_sessions_said(plan, progress.passed)}. A race build's days are pinned to "
        "the race, so the plan goes on with the session due now."
    )


def _sessions_said(plan: Plan, keys: Iterable[Key]) -> str:
    """'the week 5 session B of Wed 2027-01-06; the race primer of Mon 2027-02-22'."""
    said = []
    for key in sorted(keys):
        week, session = find(plan, key)
        what = "race primer" if session.primer else f"week {week.index} session {session.label}"
        said.append(f"the {what} of {_day(session.date)}")
    return "; ".join(said)


# §3.3: why a race build's session planned on the day a session done late was done on
# does not stay there ("… your session of Thu 2027-02-18.")
ONE_A_DAY = "one strength session a day (§3.3), and you did one on"


def taken_note(plan: Plan, progress: Progress) -> str | None:
    """§3.3, §3.4: the sessions of a race build whose day a session done late took, with no
    later day of their week that keeps the rules, said as missed with that day."""
    if not progress.taken:
        return None
    days = sorted(set(progress.taken.values()))
    return (
        f"Missed: {_sessions_said(plan, progress.taken)}: {ONE_A_DAY} "
        f"{', '.join(_day(d) for d in days)}, and no later day of its week keeps the rules. "
        "A race build's days are pinned to the race, so the plan goes on with the next session."
    )


def rested_note(plan: Plan, progress: Progress, rules: Rulebook) -> str | None:
    """§3.4 race rest days: the next session of a race build moved off the day after the
    session done last (or, overdue, off today: the day after it or that day), said with
    the day it was planned on and why."""
    if progress.rested is None:
        return None
    key, after = progress.rested
    week, session = find(plan, key)
    if after == session.date:  # §3.3: a session done late took its day
        return (
            f"Week {week.index} session {session.label} goes on "
            f"{_day(progress.dates.get(key))}, not {_day(session.date)}: {ONE_A_DAY} "
            f"{_day(after)}."
        )
    if session.date is not None and after > session.date:  # overdue, done after its day
        moved = progress.dates.get(key)
        if moved is not None and (moved - after).days == 1:  # §3.3 only, no rest day left
            return (
                f"Week {week.index} session {session.label}, due {_day(session.date)}, goes "
                f"on {_day(moved)}: {ONE_A_DAY} {_day(after)}."
            )
        return (
            f"Week {week.index} session {session.label}, due {_day(session.date)}, goes on "
            f"{_day(progress.dates.get(key))}: you did a session on {_day(after)}, and the "
            f"race's last {rules.race_rest_days} days keep a rest day between strength "
            "sessions where the rules allow one (§3.4)."
        )
    return (
        f"Week {week.index} session {session.label} goes on {_day(progress.dates.get(key))}, "
        f"not {_day(session.date)}: a day after your session of {_day(after)}, and "
        f"the race's last {rules.race_rest_days} days keep a rest day between strength "
        "sessions where the rules allow one (§3.4)."
    )


PLAN_DONE = "The active plan is complete. Make the next one with `runstrength plan --save`."
# A saved profile's race date makes `plan --save` refuse once the race is past: the next
# plan needs a new race date, or the race cleared from the profile.
AFTER_RACE = (
    "`runstrength plan --race-date YYYY-MM-DD --start YYYY-MM-DD --save` for the next race, "
    "or `runstrength profile set race-date none` and `runstrength profile set race-distance "
    "none`, then `runstrength plan --start YYYY-MM-DD --save`."
)


def done_line(
    plan: Plan, history: History, today: dt.date, rules: Rulebook, *, advice: bool = True
) -> str:
    """What `next` says when `plan` has no session left: for a race build, the race and
    what comes after it (§3.4: no strength work until the race, the post-race lockout from
    `rules`), naming a session missed under the race rules; else `PLAN_DONE`. Without
    `advice`, the race build's line stops before the next plan's command."""
    race, distance = plan.inputs.race_date, plan.inputs.race_distance
    if race is None or distance is None:
        return PLAN_DONE
    progress = plan_progress(plan, history, today, rules)
    missed = []
    for key in sorted({*progress.race_missed, *progress.taken}):
        week, session = find(plan, key)
        what = "race primer" if session.primer else f"week {week.index} session {session.label}"
        missed.append(f"the {what} of {_day(session.date)} was missed")
    if today < race:
        parts = [f"Race on {_day(race)}: no strength work until then (§3.4)", *missed]
        return "; ".join(parts) + "." + (f" After the race: {AFTER_RACE}" if advice else "")
    parts = [f"Race on {_day(race)}: the plan ends with it", *missed]
    back = lockout_end(race, distance, rules)
    if today < back:
        parts.append(f"no heavy lifting or plyometrics before {_day(back)} (§3.4)")
    return "; ".join(parts) + "." + (f" Next plan: {AFTER_RACE}" if advice else "")


# Why a dated plan's sessions move (§10.7): `next` says it of one session, the plan view
# of the sessions from it on.
MOVED_WHY = (
    "a missed or late session goes on the next of your strength days the placement rules allow"
)


def moved_line(nxt: "NextSession") -> str:
    """`next`'s line under a session later than planned. A session moved since the last one
    was logged says why; one that only keeps the delay the sessions before it had (the plan
    runs later since a break) says so, not "moved" again at every session (the QA run: "moved
    14 days later: a missed or late session …" on each session after a break)."""
    days = noun(nxt.shift_days, "day")
    before = nxt.progress.late_before if nxt.progress is not None else 0
    if nxt.shift_days > before:
        return f"(moved {days} later: {MOVED_WHY})"
    return f"({days} later than planned, like the sessions before it)"


def moved_note(plan: Plan, progress: Progress) -> str | None:
    """The plan view's line for sessions that are later than planned (new-user A4: the
    header kept its start date while every session had moved, and nothing said why)."""
    if not progress.shift_days or progress.next is None:
        return None
    week, session = find(plan, progress.next)
    days = noun(progress.shift_days, "day")
    return (
        f"Week {week.index} session {session.label} and the sessions after it are {days} "
        f"later than planned: {MOVED_WHY} (`runstrength next`)."
    )


def lockout_clash(
    made: Plan, races: Sequence[_Race], rules: Rulebook, today: dt.date
) -> str | None:
    """Why `made` may not be saved: a session with heavy lifting or jumps inside the
    post-race lockout of one of `races` that is run (§3.4, inv. 26; the QA run: a new plan
    saved the day after a half marathon put trap-bar deadlifts and jump rope on the next
    day), with the first day they may come back; None when it keeps them all."""
    for source in races:
        race, distance = source.race_date, source.race_distance
        if race is None or distance is None or race > today:
            continue
        clash = in_lockout(made, race, distance, rules)
        if clash is None:
            continue
        week, s, when = clash
        back = lockout_end(race, distance, rules)
        return (
            f"after your {distance.value} race of {_day(race)}, no heavy lifting or "
            f"plyometrics before {_day(back)} (§3.4), and this plan's week {week.index} "
            f"session {s.label} on {_day(when)} has them: give --start {back.isoformat()} "
            "or later"
        )
    return None
