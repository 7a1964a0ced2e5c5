"""Which phase each week of a plan is in, and which weeks are deloads (§2, §4.6)."""

from __future__ import annotations

import datetime as dt
import math
from typing import NamedTuple

from runstrength.enums import Level, Phase, RaceDistance, Season
from runstrength.errors import InvalidProfile
from runstrength.models import Profile
from runstrength.plan.rules import season_of_phase
from runstrength.rulebook import Rulebook

MAX_WEEKS = 52
DELOAD_PHASES = (Phase.AA, Phase.MS, Phase.PW)
LONG_RACES = (RaceDistance.MARATHON, RaceDistance.ULTRA)


# NamedTuple, not a dataclass: cheaper to make at start-up (docs/architecture.md)
class WeekFrame(NamedTuple):
    """The skeleton of one week before any exercise is chosen."""

    index: int  # type: ignore[assignment]  # 1-based; shadows tuple.index, unused here
    phase: Phase
    season: Season
    deload: bool
    step: int  # loading weeks already done in this block: drives the block progression
    first_of_phase: bool  # the first week of a phase, or of a new stimulus block (§10.9)
    block: int = 0  # stimulus block within the phase: a new one every ≤ stimulus.max_weeks
    loading_before: int = 0  # AA, MS and PW loading weeks before this one (plyo ladder)


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
        # The taper starts with the latest plan week that starts at least
        # `race_layout.taper_min_days` before the race (§2.1 TP: the last 10–14 days): its
        # first day is 10–16 days out, whatever weekday the race falls on, and no session
        # of it comes before day −`taper_window_days` (`taper_days`). The coach QA run of
        # 2026-12-06: the TP weeks were those reaching into the last 14 days, so a race
        # mid-week from a fixed start began the taper up to 19 days out.
        first_taper = max(0, (days - rules.race_layout.taper_min_days) // 7)
        taper = max(min(weeks, rules.race_layout.taper_weeks), weeks - first_taper)
        before = weeks - taper
        if profile.season is Season.IN:
            return [Phase.IN] * before + [Phase.TP] * taper
        return race_build(before, weeks, profile, rules) + [Phase.TP] * taper
    weeks = profile.weeks or rules.default_weeks[profile.season.value]
    if profile.season is Season.OFF:
        return _off_season(weeks, profile.level, rules)
    phase = {Season.PRE: Phase.PW, Season.IN: Phase.IN, Season.TAPER: Phase.TP}[profile.season]
    return [phase] * weeks


def race_build(before: int, weeks: int, profile: Profile, rules: Rulebook) -> list[Phase]:
    """The weeks before the taper of an off-season race build (docs/method.md §10.9).

    A build of `race_build.min_build_weeks` or more keeps `min_ms_weeks` of MS, then
    `min_pw_weeks` of PW and `min_aa_weeks` of AA before PW, AA and MS grow to their usual
    lengths. A marathon or ultra build longer than `long_over_weeks` ends in
    `maintenance_weeks` of IN-style maintenance before the taper.
    """
    rb = rules.race_build
    maintenance = 0
    if profile.race_distance in LONG_RACES and weeks > rb.long_over_weeks:
        maintenance = min(rb.maintenance_weeks, before)
    left = before - maintenance
    if weeks < rb.min_build_weeks:  # a short build: pre-season first, as §2.1 lays it out
        pw = min(left, rules.race_layout.pre_weeks)
        if profile.level is Level.NOVICE:
            # §2.1, §10.1: a novice learns the lifts before power work (the coach QA run: a
            # 6-week 5k build gave kettlebell swings and heavy deadlifts in week 1)
            pw = min(pw, max(0, left - rb.min_aa_weeks))
        return (
            _off_season(left - pw, profile.level, rules)
            + [Phase.PW] * pw
            + [Phase.IN] * maintenance
        )
    # a novice's AA comes first, before MS takes its minimum (the outputs QA run: a
    # novice's 8-week build opened with three heavy MS weeks)
    novice = min(left, rb.min_aa_weeks) if profile.level is Level.NOVICE else 0
    ms = min(left - novice, rb.min_ms_weeks)
    pw = min(left - novice - ms, rb.min_pw_weeks)
    aa = novice + min(left - novice - ms - pw, rb.min_aa_weeks - novice)
    pw += min(left - ms - pw - aa, max(0, rules.race_layout.pre_weeks - pw))
    aa += min(left - ms - pw - aa, max(0, rules.aa_weeks[profile.level] - aa))
    ms = left - pw - aa
    return [Phase.AA] * aa + [Phase.MS] * ms + [Phase.PW] * pw + [Phase.IN] * maintenance


def taper_days(week_index: int, phase: Phase, race: int | None, rules: Rulebook) -> range:
    """The plan days (counted from day 0) of week `week_index` that may hold a session of a
    race build whose race is on plan day `race` (§2.1 TP, §3.4): a loading week's up to day
    −`taper_window_days`, so that the last 14 days (race day and the 13 before it) hold
    taper work only; a taper week's from that day on (§2.1 TP: days −14…−8, −7…−3), so that
    no taper session comes earlier. Every day of the week without a race.

    >>> from runstrength.rulebook import default_rulebook
    >>> rules = default_rulebook()
    >>> taper_days(3, Phase.PW, 30, rules), taper_days(4, Phase.TP, 30, rules)
    (range(14, 17), range(21, 28))
    >>> taper_days(3, Phase.TP, 30, rules)
    range(16, 21)
    """
    first = 7 * (week_index - 1)
    if race is None:
        return range(first, first + 7)
    day_14 = race - rules.taper_window_days  # day −14
    if phase is Phase.TP:
        return range(max(first, day_14), first + 7)
    return range(first, max(first, min(first + 7, day_14 + 1)))


def race_start(race_date: dt.date, today: dt.date, window_days: int = 14) -> dt.date:
    """Without --start, begin so that the race closes the plan's last week; a race inside
    the taper window (`taper_window_days`) starts today and keeps all its days (§10.9)."""
    weeks = ((race_date - today).days + 1) // 7
    if weeks < 1 or (race_date - today).days < window_days:
        return today
    return race_date - dt.timedelta(days=7 * weeks - 1)


def _off_season(weeks: int, level: Level, rules: Rulebook) -> list[Phase]:
    aa = min(weeks, rules.aa_weeks[level])
    return [Phase.AA] * aa + [Phase.MS] * (weeks - aa)


def stimulus_blocks(phases: list[Phase], rules: Rulebook) -> list[tuple[int, bool]]:
    """(block, first week of the block) per week: a phase run longer than
    `stimulus.max_weeks` splits into near-equal blocks, each a new stimulus (§10.9)."""
    out: list[tuple[int, bool]] = []
    limit = rules.stimulus.max_weeks
    i = 0
    while i < len(phases):
        j = i
        while j < len(phases) and phases[j] == phases[i]:
            j += 1
        length = j - i
        n_blocks = math.ceil(length / limit)
        sizes = [length // n_blocks + (1 if b < length % n_blocks else 0) for b in range(n_blocks)]
        for b, size in enumerate(sizes):
            out += [(b, k == 0) for k in range(size)]
        i = j
    return out


def deload_weeks(phases: list[Phase], firsts: list[bool], every: int) -> list[bool]:
    """Planned deloads (§4.6 as amended by §10.9): never more than `every - 1` loading weeks
    in a row in AA, MS or PW, never in the first week of a phase or block, never in the week
    before the taper (the taper is one). A deload comes early when the weeks after it could
    not take one in time."""
    n = len(phases)

    def allowed(i: int) -> bool:
        if phases[i] not in DELOAD_PHASES or firsts[i]:
            return False
        return not (i + 1 < n and phases[i + 1] is Phase.TP)

    out = [False] * n
    run = 0  # consecutive loading weeks in deload phases
    for i in range(n):
        if phases[i] not in DELOAD_PHASES:
            run = 0
            continue
        stuck = 0  # deload-phase weeks right after this one that may not take a deload
        k = i + 1
        while k < n and phases[k] in DELOAD_PHASES and not allowed(k):
            stuck += 1
            k += 1
        if run >= 1 and allowed(i) and run + 1 + stuck > every - 1:
            out[i] = True
            run = 0
        else:
            run += 1
    return out


def week_frames(phases: list[Phase], level: Level, rules: Rulebook) -> list[WeekFrame]:
    """Each week's phase, stimulus block and planned deload."""
    blocks = stimulus_blocks(phases, rules)
    firsts = [first for _, first in blocks]
    deloads = deload_weeks(phases, firsts, rules.deload_every(level))
    frames: list[WeekFrame] = []
    step = 0
    loading = 0
    for i, phase in enumerate(phases):
        block, first = blocks[i]
        if first:
            step = 0
        frames.append(
            WeekFrame(
                index=i + 1,
                phase=phase,
                season=season_of_phase(phase),
                deload=deloads[i],
                step=step,
                first_of_phase=first,
                block=block,
                loading_before=loading,
            )
        )
        if not deloads[i]:
            step += 1
            loading += phase in DELOAD_PHASES
    return frames


def stimulus_reps(
    reps: tuple[int, int] | None, phase: Phase, block: int, rules: Rulebook
) -> tuple[int, int] | None:
    """A main lift's rep range in a block: every other block of a long phase moves to the
    phase's `stimulus.main_reps` range, a new stimulus (§10.9)."""
    alt = rules.stimulus.main_reps.get(phase)
    if reps is None or alt is None or block % 2 == 0:
        return reps
    return alt
