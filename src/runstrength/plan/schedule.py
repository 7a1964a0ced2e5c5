"""Putting a week's drafts on days (§2.2 R1–R6), easing the week when no calendar fits."""

from __future__ import annotations

import datetime as dt
import math
from typing import NamedTuple

from runstrength.enums import Phase, Role, Season
from runstrength.models import Session, Week
from runstrength.plan.context import PlanContext
from runstrength.plan.draft import Draft, is_hlb_draft
from runstrength.plan.periodization import WeekFrame, taper_days
from runstrength.plan.placement import SessionNeeds, WeekContext, place_week, weekday_enum
from runstrength.plan.rules import is_plyo_day, primer_days
from runstrength.plan.warmup import calibration_of


def gap_days(hours: int) -> int:
    """A minimum gap in hours as whole days between session days (48 h → 2).

    >>> gap_days(48), gap_days(24), gap_days(6)
    (2, 1, 1)
    """
    return max(1, math.ceil(hours / 24))


def is_hlb(d: Draft, ctx: PlanContext) -> bool:
    return is_hlb_draft(d, ctx.catalog, ctx.rules)


def free_days(frame: WeekFrame, ctx: PlanContext) -> int:
    """Days of this week a session may still use: the race's quiet days block the rest,
    and a race build's taper its days (`taper_days`: a loading week's before day −14, a
    taper week's from it)."""
    race = ctx.race_day
    if race is None:
        return 7
    days = taper_days(frame.index, frame.phase, race, ctx.rules)
    return max(0, min(days.stop, race - ctx.rules.race_quiet_days) - days.start)


def session_needs(drafts: list[Draft], ctx: PlanContext) -> list[SessionNeeds]:
    """What placing each draft reads of it: heavy, jumps, light (worked out once for a
    week's drafts: `place` and `finish_week` both read them)."""
    catalog, rules = ctx.catalog, ctx.rules
    return [
        # hlb, plyo, light: in field order (keywords cost more, for every draft of a week)
        SessionNeeds(
            is_hlb_draft(d, catalog, rules), is_plyo_day(d.exercises, rules), d.light or d.primer
        )
        for d in drafts
    ]


class Calendar(NamedTuple):
    """What placing reads of the plan that is the same every week (`calendar`): worked
    out once a plan, not once a week."""

    first_weekday: int
    race: int | None  # the race's plan day (`PlanContext.race_day`)
    hard_days: frozenset[int]
    long_run_day: int | None
    quiet_from: int | None  # the first of the race's quiet days
    primer_from: int | None  # the first day of the race's primer window
    rest_from: int | None  # the first of the race's rest days
    hlb_gap: int
    plyo_gap: int
    key_run_hard: int
    key_run_pref: int


def calendar(ctx: PlanContext) -> Calendar:
    """The plan's `Calendar`."""
    rules, profile = ctx.rules, ctx.profile
    race = ctx.race_day
    gaps = rules.min_gap_h
    return Calendar(
        first_weekday=ctx.first_weekday,
        race=race,
        hard_days=frozenset(d.number for d in profile.hard_days),
        long_run_day=profile.long_run_day.number if profile.long_run_day else None,
        quiet_from=None if race is None else race - rules.race_quiet_days,
        primer_from=None
        if race is None or profile.race_distance is None
        else race - primer_days(profile.race_distance, rules) + 1,  # fewer days out than it
        rest_from=None if race is None else race - rules.race_rest_days + 1,  # race day is one
        hlb_gap=gap_days(gaps.hlb_to_hlb),
        plyo_gap=gap_days(gaps.plyo_to_plyo),
        key_run_hard=gap_days(gaps.hlb_to_key_run_hard),
        key_run_pref=gap_days(gaps.hlb_to_key_run_pref),
    )


def place(
    frame: WeekFrame,
    needs: list[SessionNeeds],
    last_hlb: int | None,
    last_plyo: int | None,
    last_day: int | None,
    ctx: PlanContext,
    cal: Calendar,
) -> tuple[list[int], bool]:
    """Each draft's day (counted from the plan's first day) and whether every rule held,
    from the drafts' `session_needs`; `last_*`: the day of the last heavy, jump and any
    session before this week; `cal`: the plan's `calendar`."""
    first = 7 * (frame.index - 1)
    days = taper_days(frame.index, frame.phase, cal.race, ctx.rules)
    quiet_from = cal.quiet_from
    week = WeekContext(  # in field order: keywords cost more, once a week
        first,
        cal.first_weekday,
        cal.hard_days,
        cal.long_run_day,
        last_hlb,
        last_plyo,
        None if quiet_from is None else min(quiet_from, days.stop),  # blocked_from
        cal.primer_from,
        cal.rest_from,
        last_day,
        days.start if days.start > first else None,  # open_from
        cal.hlb_gap,
        cal.plyo_gap,
        cal.key_run_hard,
        cal.key_run_pref,
    )
    return place_week(needs, week)


def ease(
    frame: WeekFrame, drafts: list[Draft], ctx: PlanContext
) -> tuple[list[Draft] | None, tuple[str, ...]]:
    """One step lighter: drop a 2nd in-season session, or make the last heavy session
    non-heavy (RIR one past the HLB line), or drop its plyometrics. None: nothing left."""
    rules = ctx.rules
    if frame.phase is Phase.IN and len(drafts) > 1:
        return drafts[:1], (
            f"week {frame.index}: one in-season session only; no second day keeps "
            "48 h from the other and 24 h before key runs",
        )
    eased_rir = rules.hlb_max_rir + 1
    for i in range(len(drafts) - 1, -1, -1):
        d = drafts[i]
        if is_hlb(d, ctx):
            out = list(drafts)
            out[i] = d.map(
                lambda item: (
                    item.prescription.model_copy(
                        # the calibration note said for the new RIR in this one copy
                        update={
                            "target_rir": eased_rir,
                            "calibration": calibration_of(item.prescription.load, eased_rir),
                        }
                    )
                    if item.prescription.target_rir is not None
                    and item.prescription.target_rir <= rules.hlb_max_rir
                    and ctx.catalog.exercises[item.prescription.id].heavy_lower_body
                    else item.prescription
                )
            )
            return out, (
                f"week {frame.index}: session {d.label} eased to RIR {eased_rir}; no day "
                "keeps it 24 h before a key run and 48 h from the other heavy day",
            )
    for i in range(len(drafts) - 1, -1, -1):
        d = drafts[i]
        if is_plyo_day(d.exercises, rules):
            out = list(drafts)
            out[i] = d.with_items(item for item in d.items if item.role is not Role.PLYO)
            return out, (
                f"week {frame.index}: plyometrics left out of session {d.label}; "
                "no day keeps 48 h between jump sessions",
            )
    if frame.phase is not Phase.TP and len(drafts) > 1 and free_days(frame, ctx) < 7:
        # a race build's last loading week ends at day −15 (`taper_days`): its days may hold
        # fewer sessions than a whole week
        return drafts[:-1], (
            f"week {frame.index}: session {drafts[-1].label} left out; the taper starts "
            f"{ctx.rules.taper_window_days} days before the race and no earlier day of the "
            "week keeps the spacing rules",
        )
    if frame.phase is Phase.TP and drafts:
        why = "no free day before the race keeps clear of key runs"
        if len(drafts) == 1:  # the week's only one: said as the empty week (build.week_notes)
            return [], (f"week {frame.index}: no strength sessions ({why})",)
        return drafts[:-1], (
            f"week {frame.index}: taper session {drafts[-1].label} left out; {why}",
        )
    return None, ()


def finish_week(
    frame: WeekFrame,
    drafts: list[Draft],
    needs: list[SessionNeeds],
    days: list[int],
    ctx: PlanContext,
) -> Week:
    """The week's sessions in calendar order, dated and numbered (`needs`: the drafts'
    `session_needs`)."""
    start, first_weekday = ctx.start, ctx.first_weekday
    sessions = []
    for n, i in enumerate(sorted(range(len(drafts)), key=days.__getitem__), start=1):
        d = drafts[i]
        sessions.append(
            _SESSION.model_copy(
                update={
                    "index": n,
                    "label": d.label,
                    "date": start + dt.timedelta(days=days[i]) if start else None,
                    "light": d.light,
                    "heavy_lower_body": needs[i].hlb,
                    "exercises": list(d.exercises),
                    "weekday": weekday_enum((first_weekday + days[i]) % 7),
                    "primer": d.primer,
                }
            )
        )
    return _WEEK.model_copy(
        update={
            "index": frame.index,
            "phase": frame.phase,
            "season": frame.season,
            "deload": frame.deload,
            "sessions": sessions,
        }
    )


# A blank session and week that `finish_week` copies with each one's fields: the same
# value as the constructor's (every field, in declared order), but `Value.__init__` checks
# the names and fills in the defaults in Python, and a copy merges two dicts in C (every
# session of every week of a plan is made here). Each copy is given its own lists.
_SESSION = Session(index=0, label="", exercises=[])
_WEEK = Week(index=0, phase=Phase.AA, season=Season.OFF, sessions=[])
