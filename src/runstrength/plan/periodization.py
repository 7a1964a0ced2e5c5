"""Which phase each week of a plan is in, and which weeks are deloads (§2, §4.6)."""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass

from runstrength.enums import Level, Phase, Season
from runstrength.errors import InvalidProfile
from runstrength.models import Profile
from runstrength.plan.rules import season_of_phase
from runstrength.rulebook import Rulebook

MAX_WEEKS = 52
DELOAD_PHASES = (Phase.AA, Phase.MS, Phase.PW)


@dataclass(frozen=True)
class WeekFrame:
    """The skeleton of one week before any exercise is chosen."""

    index: int  # 1-based
    phase: Phase
    season: Season
    deload: bool
    step: int  # loading weeks already done in this phase: drives the block progression
    first_of_phase: bool


def phase_sequence(profile: Profile, rules: Rulebook, start: dt.date | None) -> list[Phase]:
    """One phase per week: off-season AA → MS, pre-season PW, in-season IN, taper TP.

    With a race date the phases are laid out backwards from the race: taper last, pre-season
    before it, off-season first (or in-season before the taper when the season is `in`).
    """
    if profile.race_date is not None:
        if start is None:
            raise InvalidProfile("a race date needs a start date")
        days = (profile.race_date - start).days
        if days < 0:
            raise InvalidProfile(
                f"--race-date {profile.race_date} is before the start date {start}"
            )
        weeks = math.ceil((days + 1) / 7)
        if weeks > MAX_WEEKS:
            raise InvalidProfile(
                f"--race-date {profile.race_date} is {weeks} weeks away; plans run at most "
                f"{MAX_WEEKS} weeks (start later with --start)"
            )
        # Taper weeks: every week that reaches into the last `taper_window_days` before the
        # race (2 when the race closes a week, 3 when a fixed start date puts it mid-week).
        race_index = days
        first_taper = max(0, (race_index - rules.taper_window_days + 1) // 7)
        taper = max(min(weeks, rules.race_layout.taper_weeks), weeks - first_taper)
        before = weeks - taper
        if profile.season is Season.IN:
            return [Phase.IN] * before + [Phase.TP] * taper
        pre = min(before, rules.race_layout.pre_weeks)
        return (
            _off_season(before - pre, profile.level, rules) + [Phase.PW] * pre + [Phase.TP] * taper
        )
    weeks = profile.weeks or rules.default_weeks[profile.season.value]
    if profile.season is Season.OFF:
        return _off_season(weeks, profile.level, rules)
    phase = {Season.PRE: Phase.PW, Season.IN: Phase.IN, Season.TAPER: Phase.TP}[profile.season]
    return [phase] * weeks


def race_start(race_date: dt.date, today: dt.date, taper_days: int) -> dt.date:
    """Without --start, begin so that the race closes the plan's last week; a race inside
    the taper window starts today, so no taper day is lost (W11)."""
    days = (race_date - today).days
    weeks = (days + 1) // 7
    if weeks < 1 or days < taper_days:
        return today
    return race_date - dt.timedelta(days=7 * weeks - 1)


def _off_season(weeks: int, level: Level, rules: Rulebook) -> list[Phase]:
    aa = min(weeks, rules.aa_weeks[level])
    return [Phase.AA] * aa + [Phase.MS] * (weeks - aa)


def week_frames(phases: list[Phase], level: Level, rules: Rulebook) -> list[WeekFrame]:
    """Mark planned deloads: after every `deload_every - 1` loading weeks in AA, MS or PW."""
    every = rules.deload_every(level)
    frames: list[WeekFrame] = []
    loading_run = 0  # consecutive loading weeks in deload phases
    step = 0
    for i, phase in enumerate(phases):
        first = i == 0 or phases[i - 1] != phase
        if first:
            step = 0
        deload = False
        if phase in DELOAD_PHASES:
            if loading_run >= every - 1:
                deload = True
                loading_run = 0
            else:
                loading_run += 1
        else:
            loading_run = 0
        frames.append(
            WeekFrame(
                index=i + 1,
                phase=phase,
                season=season_of_phase(phase),
                deload=deload,
                step=step,
                first_of_phase=first,
            )
        )
        if not deload:
            step += 1
    return frames
