"""generate_plan: a runner's inputs + catalog + rules → a finished, frozen Plan.

The planner is a pure function: the caller passes `today` (for race-date plans without a
start date); nothing here reads the clock, the disk or the environment.

Plan values are built without validation (runstrength.values): their inputs are already
validated values (profile, catalog, rules), so re-validating every prescription would only
cost time. The tests validate every generated plan through a JSON round trip.
"""

from __future__ import annotations

import datetime as dt
from functools import partial
from typing import NamedTuple

from runstrength.collector import paused
from runstrength.enums import LoadType, Phase, Season
from runstrength.errors import InvalidProfile
from runstrength.models import Catalog, Generator, Plan, PlanInputs, Profile, Week
from runstrength.numbers import LAST_DATE
from runstrength.plan.context import (
    BONE,
    PlanContext,
    heavy_run_week_warning,
    make_context,
)
from runstrength.plan.injuries import (
    counts_for_any,
    deload_keeps,
    given_back,
    is_injury_note,
    note_tags,
    overruled,
    refilled,
    unmet,
    unmet_weeks,
)
from runstrength.plan.notes import EMPTY, RACE_EMPTIED, merge_weeks, weeks_named
from runstrength.plan.periodization import WeekFrame, phase_sequence, week_frames
from runstrength.plan.plyometrics import give_contacts, limit_plyo_growth, power_and_limits
from runstrength.plan.race import apply_race_rules, eccentric_lost
from runstrength.plan.rules import is_main_lift, is_plyo_day, week_contacts
from runstrength.plan.schedule import (
    Calendar,
    calendar,
    ease,
    finish_week,
    free_days,
    place,
    session_needs,
)
from runstrength.plan.sessions import fit_time, week_drafts
from runstrength.plan.volume import clamp_growth, deload, taper_volume
from runstrength.plan.warmup import finished
from runstrength.rulebook import Rulebook
from runstrength.text import noun


# NamedTuple, not a dataclass: cheaper to make at start-up (docs/architecture.md)
class WeekState(NamedTuple):
    """What one week of the loop hands the next."""

    prev_loading: Week | None = None  # the last non-deload week (growth clamps)
    prev_week: Week | None = None  # the last week (deload volume)
    prev_contacts: int | None = None  # contacts of the last loading week that had any
    prev_tier: int = 0  # plyometric intensity tier of that week
    last_hlb: int | None = None  # day index of the last heavy lower-body session
    last_plyo: int | None = None  # day index of the last plyometric session
    last_day: int | None = None  # day index of the last session of any kind

    def after(self, week: Week, days: list[int], tier: int, rules: Rulebook) -> WeekState:
        """The state once `week` (its sessions on `days`) is planned."""
        last_hlb, last_plyo = self.last_hlb, self.last_plyo
        for s, day in zip(week.sessions, sorted(days), strict=True):
            if s.heavy_lower_body:
                last_hlb = day
            if is_plyo_day(s.exercises, rules):
                last_plyo = day
        last_day = max(days, default=self.last_day)
        # made whole, not by _replace (which costs several times more), once a week
        if week.deload:
            return WeekState(
                self.prev_loading,
                week,
                self.prev_contacts,
                self.prev_tier,
                last_hlb,
                last_plyo,
                last_day,
            )
        contacts = week_contacts(week)
        return WeekState(
            prev_loading=week,
            prev_week=week,
            prev_contacts=contacts if contacts else self.prev_contacts,
            prev_tier=tier or self.prev_tier,
            last_hlb=last_hlb,
            last_plyo=last_plyo,
            last_day=last_day,
        )


@paused
def generate_plan(
    profile: Profile,
    catalog: Catalog,
    rules: Rulebook,
    *,
    today: dt.date,
    version: str = "0.0.0",
) -> Plan:
    """Build the whole plan for a profile (docs/method.md §2–§5)."""
    ctx = make_context(profile, catalog, rules, today)
    phases = phase_sequence(profile, rules, ctx.start)
    ctx = ctx._replace(n_weeks=len(phases))
    if ctx.start is not None and ctx.start + dt.timedelta(weeks=len(phases)) > LAST_DATE:
        # the log keeps dates up to 2100: a plan past it could be saved but not exported
        raise InvalidProfile(f"--start: {len(phases)} weeks from {ctx.start} run past 2100")
    if profile.days == 1 and any(p not in (Phase.IN, Phase.TP) for p in phases):
        raise InvalidProfile(
            "--days: 1 is for in-season and taper plans; this plan has off- or pre-season "
            "weeks, which need 2 or 3 (§10.8)"
        )
    warnings = list(heavy_run_week_warning(ctx)) + input_notes(ctx)
    weeks: list[Week] = []
    state = WeekState()
    cal = calendar(ctx)
    for frame in week_frames(phases, profile.level, rules):
        week, days, tier, notes = plan_week(frame, state, ctx, cal)
        warnings += notes
        weeks.append(week)
        state = state.after(week, days, tier, rules)
    planned = weeks  # as the loop made them: the taper's clamps pass over those still so
    raced = apply_race_rules(weeks, ctx)
    lost = eccentric_lost(weeks, raced, rules)  # what a minimum may lack for it (§3.4)
    weeks = limit_plyo_growth(raced, ctx)
    if ctx.race_day is not None:
        # Taper volume is judged against the final pre-taper weeks, so it comes after the
        # plyometric limits; cutting a taper session can then only lower later weeks.
        weeks, taper_notes = taper_volume(weeks, ctx.race_day, ctx, planned)
        weeks = limit_plyo_growth(weeks, ctx)
        warnings += taper_notes
    if not any(w.sessions for w in weeks):
        raise InvalidProfile(
            f"the race on {profile.race_date} is too close for any strength session "
            "(nothing in the last days before a race); rest and race well"
        )
    notes = week_notes(weeks, ctx, warnings)
    unmet_notes = unmet_weeks(weeks, warnings, ctx, lost)  # inv. 41
    # a week's fill said "no room" for what its primer lost to the primer rule instead
    warnings = [x for x in warnings if not overruled(x, unmet_notes)] + notes + unmet_notes
    warnings += body_weight_strength(weeks)
    # A week the race left empty says so; what its drafts had no room for adds nothing.
    empty = {w.index for w in weeks if not w.sessions}
    warnings = [x for x in warnings if not (is_injury_note(x) and weeks_named(x) & empty)]
    return Plan(
        generator=Generator(version=version),
        inputs=plan_inputs(ctx, len(weeks)),
        weeks=finished(weeks, rules),
        warnings=merge_weeks(warnings),
    )


def plan_week(
    frame: WeekFrame, state: WeekState, ctx: PlanContext, cal: Calendar
) -> tuple[Week, list[int], int, list[str]]:
    """One week: drafts, contacts, deload or growth clamps, then days on the calendar
    (`cal`: the plan's `schedule.calendar`). Returns the week, its sessions' days, its
    plyometric tier and its warnings."""
    drafts, warnings = week_drafts(frame, ctx)
    drafts = power_and_limits(frame, drafts, ctx)  # §10.10: plyo ladder, ballistic, limits
    notes = list(warnings)
    drafts, tier = give_contacts(
        frame, drafts, state.prev_contacts, state.prev_week, state.prev_tier, ctx
    )
    drafts = [fit_time(d, ctx) if d.primer else d for d in drafts]  # jumps' time known now
    if frame.deload and state.prev_week is not None:
        refill = partial(refilled, ctx=ctx)
        drafts = deload(drafts, state.prev_week, ctx.rules, deload_keeps(ctx), refill)
    elif state.prev_loading is not None:
        keep, refill = partial(counts_for_any, ctx=ctx), partial(given_back, ctx=ctx)
        drafts = clamp_growth(drafts, state.prev_loading, ctx.rules, keep, refill)
    drafts = drafts[: free_days(frame, ctx)]
    needs = session_needs(drafts, ctx)
    days, ok = place(frame, needs, state.last_hlb, state.last_plyo, state.last_day, ctx, cal)
    while not ok:
        if frame.phase is Phase.IN and len(drafts) == 1 and free_days(frame, ctx) < 7:
            # An in-season week cut short by the taper (`taper_days`: its days up to −14)
            # whose one session has no day that keeps the key-run rules: the taper starts
            # with it, from day −14, as in-season intensity is never eased (§2.2, inv. 9)
            taper = frame._replace(
                phase=Phase.TP, season=Season.TAPER, first_of_phase=True, step=0, block=0
            )
            return plan_week(taper, state, ctx, cal)
        # No calendar keeps every spacing rule: lighten the week until one does.
        eased, eased_notes = ease(frame, drafts, ctx)
        if eased is None:
            break
        notes += eased_notes
        drafts = eased
        needs = session_needs(drafts, ctx)
        days, ok = place(frame, needs, state.last_hlb, state.last_plyo, state.last_day, ctx, cal)
    if len(notes) > len(warnings) and frame.phase is Phase.IN:
        # an eased week may have lost the session that carried an injury minimum
        said = {tag for x in notes for tag in note_tags(x)}
        notes += [w for w in unmet(frame, drafts, ctx) if not note_tags(w) & said]
    if not ok:  # pragma: no cover - ease always finds a way with ≤ 3 sessions
        notes.append(
            f"week {frame.index}: no placement meets every spacing rule; "
            "check --hard-days and --long-run-day"
        )
    return finish_week(frame, drafts, needs, days, ctx), days, tier, notes


def input_notes(ctx: PlanContext) -> list[str]:
    """§10.2 and §10.12: a word on the inputs that change what a plan can be."""
    rules, profile = ctx.rules, ctx.profile
    notes: list[str] = []
    if BONE in profile.injuries:
        bone = rules.bone_impact
        notes.append(
            "bone-stress history: train impact (jumps, hops, skipping) only once a clinician "
            "has cleared you and hopping on the spot is pain-free; weeks "
            f"1–{bone.weeks} hold two-leg low hops only (at most {bone.weekly_contacts} "
            "contacts a week), single-leg hops come later, and no depth or drop jumps"
        )
    if profile.long_run_day is not None and profile.long_run_day in profile.hard_days:
        # §10.12: contradictory-looking inputs get a word (QA: taken in silence)
        day = profile.long_run_day.value
        notes.append(
            f"{day} is both a hard-run day and the long-run day: it is placed as one key "
            "day (no strength on it, heavy sessions kept off the day before)"
        )
    if ctx.km == 0:
        notes.append(
            "0 km of running a week: this is strength for a non-running period; rebuild "
            "running gradually and set --volume again when you run"
        )
    elif ctx.km > rules.odd_inputs.high_volume_km:
        notes.append(
            f"{ctx.km:g} km a week is more than {rules.odd_inputs.high_volume_km:g} km: "
            "check the volume and unit; strength is kept short and light at this load"
        )
    race = ctx.race_day
    if race is not None and race <= rules.odd_inputs.race_warning_days:
        notes.append(
            f"the race is {race} days away: only a short primer fits, no heavy work "
            "and nothing in the last 2 days"
        )
    return notes


def body_weight_strength(weeks: list[Week]) -> list[str]:
    """§2.1, §4.7: max-strength weeks whose main lifts are all on body weight (no weights in
    the kit) cannot be heavy; their reps, sets and tempo climb instead, and the plan says
    so (the coach QA run: "Max strength" over 4 × 8–10 single-leg RDLs, unexplained)."""
    mains = (
        p
        for w in weeks
        if w.phase is Phase.MS and not w.deload
        for s in w.sessions
        for p in s.exercises
        if is_main_lift(p)
    )
    seen = False
    for p in mains:  # stops at the first loaded lift, mostly in week 1
        if p.load.type is not LoadType.BODYWEIGHT:
            return []
        seen = True
    if not seen:
        return []
    return [
        "max strength on body weight: with no weights in your equipment the main lifts "
        "cannot be heavy; as you log them, each next session raises their reps, then sets, "
        "then slows the tempo instead; dumbbells or a kettlebell (--equipment home) make "
        "those weeks strength work"
    ]


def week_notes(weeks: list[Week], ctx: PlanContext, said: list[str]) -> list[str]:
    """§10.8, §10.12 inv. 47–48: why a week holds fewer sessions than asked, or none (a week
    the notes `said` already call empty, with their reason, once)."""
    days = ctx.profile.days
    notes: list[str] = []
    for w in weeks:
        if not w.sessions and not any(x.startswith(f"week {w.index}: {EMPTY}") for x in said):
            why = RACE_EMPTIED if ctx.race_day is not None else f"{EMPTY} (no day fits)"
            notes.append(f"week {w.index}: {why}")
    loading = [w for w in weeks if w.phase is not Phase.TP]
    most = max((len(w.sessions) for w in loading or weeks), default=0)
    if most >= days:
        # A long race build's last weeks are in-season maintenance (§10.9): the header's
        # days do not hold there, so say which weeks hold fewer (new-user review A3).
        notes += [
            f"week {w.index}: {noun(len(w.sessions), 'strength session')}, not {days}: "
            "in-season maintenance before the race holds at most 2 a week (§10.8, §10.9)"
            for w in loading
            if w.phase is Phase.IN and 0 < len(w.sessions) < days
        ]
    if most < days:
        in_season = any(w.phase is Phase.IN for w in weeks)
        why = (
            "in-season plans hold at most 2 strength sessions a week (§10.8)"
            if in_season and days > 2
            else "taper and race rules limit the sessions before a race"
            if not loading
            else "no calendar keeps the spacing rules with more"
        )
        notes.append(f"{noun(most, 'strength session')} a week, not the {days} asked: {why}")
    return notes


def plan_inputs(ctx: PlanContext, n_weeks: int) -> PlanInputs:
    """The plan's record of what it was made from."""
    p = ctx.profile
    season = p.season
    if p.race_date is not None and season is not Season.IN:
        season = Season.OFF
    # PlanInputs repeats these Profile fields as they are, and lists as new lists.
    return PlanInputs(
        season=season,
        weekly_volume=p.weekly_volume,
        unit=p.unit,
        weekly_volume_km=ctx.km,
        volume_band=ctx.band,
        days=p.days,
        weeks=n_weeks,
        level=p.level,
        level_given=p.level_given,
        equipment=list(p.equipment),
        injuries=list(p.injuries),
        load_unit=p.load_unit,
        start_date=ctx.start,
        race_date=p.race_date,
        race_distance=p.race_distance,
        hard_days=list(p.hard_days),
        long_run_day=p.long_run_day,
    )
