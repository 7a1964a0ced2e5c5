"""Run volume from real runs: weekly km, the 4-week mean, habitual days, spikes and
recovery weeks.

Pure arithmetic on `Run` values. The caller passes `today`; nothing here reads the clock.
Weeks are ISO weeks (Monday to Sunday) keyed by their Monday, on the runs' local dates.
A week is complete once its Sunday is before `today`. Weeks before the first run on record
are not zero-km weeks, they are unknown, so they never drag a mean down.
"""

from __future__ import annotations

import datetime as dt
import math
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from statistics import median

from runstrength.enums import Weekday
from runstrength.rulebook import Rulebook, RunVolume, default_rulebook
from runstrength.watch.runs import Run

# The mean's weeks (4), the spike (> 30 % above that mean: §3.2 hold, §4.6 reactive
# deload), the recovery week, the long run and the habits are `run_volume` in
# data/rules.yaml; a `rules` argument overrides the shipped ones. A recovery week is judged
# on the days before today (the strength session may come before today's run) and only
# with a run on record this week, so a week not yet imported is never taken for one.


@dataclass(frozen=True, slots=True)
class Spike:
    """A week whose volume jumped more than `run_volume.spike_fraction` over the mean of the
    weeks before."""

    week: dt.date  # its Monday
    km: float
    baseline_km: float
    baseline_weeks: int
    empty_weeks: tuple[dt.date, ...] = ()  # Mondays of the baseline with no run on record
    above: float = 0.0  # percent above the baseline, from the unrounded volumes
    rule: float = 30.0  # the percent a spike is more than (`run_volume.spike_fraction`)

    @property
    def percent_above(self) -> str:
        """How far above the baseline, in whole percent; to a tenth where whole percent
        would read as the rule's own number or less ("30 %" for 30.1 %, more than the 30 %
        the rule allows: QA)."""
        if self.baseline_km <= 0:
            return "100"
        if round(self.above) <= self.rule:  # a tenth up: it is more than the rule's
            return f"{math.ceil(self.above * 10 - 1e-9) / 10:g}"
        return str(round(self.above))

    @property
    def reason(self) -> str:
        """One sentence for `why`: what jumped, by how much, and the rule."""
        said = (
            f"run volume in the week of {self.week.isoformat()} was {self.km:.1f} km, "
            # "the N weeks before it": not the mean `runs list` and `plan` take, of the last
            # N weeks with this one (the new-user QA run: 38.0 beside 41.5, both "4-week")
            f"{self.percent_above} % above the mean of the {self.baseline_weeks} weeks "
            f"before it, {self.baseline_km:.1f} km (method §3.2, §4.6: reactive deload)"
        )
        if self.empty_weeks:
            # a week with no runs on record counts as 0 km: a rest week, or runs never
            # imported (the QA run: two weeks not imported made a normal week a spike)
            weeks = " and ".join(m.isoformat() for m in self.empty_weeks)
            of = "weeks" if len(self.empty_weeks) > 1 else "week"
            said += (
                f"; no runs on record in the {of} of {weeks}, counted as 0 km: if you ran "
                "then, `runstrength runs import` those runs"
            )
        return said


@dataclass(frozen=True, slots=True)
class RecoveryWeek:
    """This week so far (Monday to `through`) well below the same days of the weeks
    before: a running recovery week."""

    week: dt.date  # its Monday
    through: dt.date  # the last day counted (yesterday)
    km: float
    baseline_km: float  # the mean km of the same weekdays in the weeks before
    baseline_weeks: int

    @property
    def percent_below(self) -> int:
        """How far below the baseline, in whole percent."""
        return round((1 - self.km / self.baseline_km) * 100) if self.baseline_km > 0 else 0

    @property
    def reason(self) -> str:
        """One sentence for the session note: what dropped, by how much, and the rule."""
        days = self.through.strftime("%a")
        return (
            f"running this week (Mon–{days}) is {self.km:.1f} km, {self.percent_below} % "
            f"below the {self.baseline_km:.1f} km of the same days over your last "
            f"{self.baseline_weeks} weeks: a recovery week (method §4.6)"
        )


@dataclass(frozen=True, slots=True)
class VolumeSummary:
    """What the plan needs from the runs, as of `today`."""

    today: dt.date
    weeks: list[tuple[dt.date, float]]  # the complete weeks used, oldest first: (Monday, km)
    mean_km: float | None
    hard_days: list[Weekday]
    long_run_day: Weekday | None
    spike: Spike | None
    recovery: RecoveryWeek | None = None


def week_start(day: dt.date) -> dt.date:
    """The Monday of the ISO week holding `day`.

    >>> week_start(dt.date(2026, 12, 6))
    datetime.date(2026, 11, 30)
    """
    return day - dt.timedelta(days=day.weekday())


def weekly_km(runs: Iterable[Run]) -> dict[dt.date, float]:
    """Kilometres per ISO week (keyed by Monday), weeks with runs only, in date order."""
    totals: dict[dt.date, float] = defaultdict(float)
    for run in runs:
        totals[week_start(run.date)] += run.distance_m / 1000
    return {week: totals[week] for week in sorted(totals)}


def run_volume(rules: Rulebook | None = None) -> RunVolume:
    """The `run_volume` rules: of `rules`, else the shipped ones."""
    return (rules if rules is not None else default_rulebook()).run_volume


def _weeks(weeks: int | None, rules: Rulebook | None) -> int:
    return weeks if weeks is not None else run_volume(rules).baseline_weeks


def complete_weeks(today: dt.date, count: int | None = None) -> list[dt.date]:
    """Mondays of the `count` (default: the rules' baseline) complete weeks before `today`."""
    count = _weeks(count, None)
    current = week_start(today)
    return [current - dt.timedelta(weeks=n) for n in range(count, 0, -1)]


def _known_weeks(runs: Sequence[Run], mondays: Sequence[dt.date]) -> list[dt.date]:
    if not runs:
        return []
    first = week_start(min(run.date for run in runs))
    return [m for m in mondays if m >= first]


def mean_weekly_km(
    runs: Sequence[Run],
    today: dt.date,
    weeks: int | None = None,
    rules: Rulebook | None = None,
) -> float | None:
    """Mean km of the last `weeks` complete weeks (those since the first run), or None."""
    known = _known_weeks(runs, complete_weeks(today, _weeks(weeks, rules)))
    if not known:
        return None
    km = weekly_km(runs)
    return round(sum(km.get(m, 0.0) for m in known) / len(known), 1)


def spike_in_week(
    runs: Sequence[Run], week: dt.date, rules: Rulebook | None = None
) -> Spike | None:
    """The spike in the week starting `week` (a Monday), judged against the 4 weeks before."""
    rv = run_volume(rules)
    km = weekly_km(runs)
    before = _known_weeks(runs, complete_weeks(week, rv.baseline_weeks))
    if len(before) < rv.min_baseline_weeks:
        return None
    baseline = sum(km.get(m, 0.0) for m in before) / len(before)
    this = km.get(week, 0.0)
    if this > (1 + rv.spike_fraction) * baseline and this > 0:
        empty = tuple(m for m in before if m not in km)
        above = (this / baseline - 1) * 100 if baseline > 0 else 100.0
        rule = rv.spike_fraction * 100
        return Spike(week, round(this, 1), round(baseline, 1), len(before), empty, above, rule)
    return None


def last_spike(runs: Sequence[Run], today: dt.date, rules: Rulebook | None = None) -> Spike | None:
    """The spike in the last complete week before `today`, if there was one."""
    return spike_in_week(runs, complete_weeks(today, 1)[0], rules)


def spikes(runs: Sequence[Run], today: dt.date, rules: Rulebook | None = None) -> list[Spike]:
    """Every complete week before `today` that was a spike, oldest first."""
    if not runs:
        return []
    first = week_start(min(run.date for run in runs))
    out = []
    week = first
    end = week_start(today)
    while week < end:
        found = spike_in_week(runs, week, rules)
        if found:
            out.append(found)
        week += dt.timedelta(weeks=1)
    return out


def recovery_week(
    runs: Sequence[Run], today: dt.date, rules: Rulebook | None = None
) -> RecoveryWeek | None:
    """This week as a running recovery week, when its runs so far say so (see
    `run_volume.recovery_fraction`); None on a Monday, without a run this week or without
    history."""
    rv = run_volume(rules)
    monday = week_start(today)
    days = (today - monday).days  # Monday .. yesterday
    if days == 0 or not any(monday <= r.date <= today for r in runs):
        return None
    before = _known_weeks(runs, complete_weeks(today, rv.baseline_weeks))
    if len(before) < rv.min_baseline_weeks:
        return None

    def km(start: dt.date) -> float:
        end = start + dt.timedelta(days=days)
        return sum(r.distance_m for r in runs if start <= r.date < end) / 1000

    baseline = sum(km(m) for m in before) / len(before)
    this = km(monday)
    if baseline <= 0 or this >= (1 - rv.recovery_fraction) * baseline:
        return None
    through = today - dt.timedelta(days=1)
    return RecoveryWeek(monday, through, round(this, 1), round(baseline, 1), len(before))


def _window(runs: Sequence[Run], today: dt.date, weeks: int | None) -> dict[dt.date, list[Run]]:
    mondays = set(complete_weeks(today, weeks))
    by_week: dict[dt.date, list[Run]] = defaultdict(list)
    for run in runs:
        monday = week_start(run.date)
        if monday in mondays:
            by_week[monday].append(run)
    return by_week


def _long_run(week_runs: Sequence[Run], rv: RunVolume) -> Run | None:
    """The week's long run (§0 key run): its longest, if long enough in time or in its
    share of the week (`run_volume.long_run_min_*`)."""
    if not week_runs:
        return None
    longest = max(week_runs, key=lambda r: (r.distance_m, r.duration_s, r.start))
    total = sum(r.distance_m for r in week_runs)
    if longest.duration_s >= rv.long_run_min_minutes * 60 or (
        total > 0 and longest.distance_m >= rv.long_run_min_share * total and len(week_runs) > 1
    ):
        return longest
    return None


def _habit(days: Counter[int], rv: RunVolume) -> list[int]:
    return [d for d, n in days.items() if n >= rv.habit_weeks]


def long_run_day(
    runs: Sequence[Run], today: dt.date, weeks: int | None = None, rules: Rulebook | None = None
) -> Weekday | None:
    """The weekday of the long run in most of the last 4 complete weeks (≥ 2), or None."""
    rv = run_volume(rules)
    days: Counter[int] = Counter()
    km: dict[int, float] = defaultdict(float)
    for week_runs in _window(runs, today, weeks).values():
        long = _long_run(week_runs, rv)
        if long is not None:
            days[long.date.weekday()] += 1
            km[long.date.weekday()] += long.distance_m
    habits = _habit(days, rv)
    if not habits:
        return None
    best = max(habits, key=lambda d: (days[d], km[d], -d))
    return list(Weekday)[best]


def hard_days(
    runs: Sequence[Run], today: dt.date, weeks: int | None = None, rules: Rulebook | None = None
) -> list[Weekday]:
    """Weekdays with a hard run (not the long run) in ≥ 2 of the last 4 complete weeks."""
    rv = run_volume(rules)
    days: Counter[int] = Counter()
    for week_runs in _window(runs, today, weeks).values():
        long = _long_run(week_runs, rv)
        hard = {r.date.weekday() for r in week_runs if r.hard and r is not long}
        days.update(hard)
    return [list(Weekday)[d] for d in sorted(_habit(days, rv))]


def usual_pace_s_per_km(
    runs: Sequence[Run], today: dt.date, weeks: int | None = None
) -> float | None:
    """The median pace (s/km) of the last `weeks` complete weeks' runs, or None."""
    paces = [
        pace
        for week_runs in _window(runs, today, weeks).values()
        for run in week_runs
        if (pace := run.pace_s_per_km) is not None
    ]
    return round(median(paces), 1) if paces else None


def summarize(runs: Sequence[Run], today: dt.date, rules: Rulebook | None = None) -> VolumeSummary:
    """Everything the plan takes from the runs as of `today`."""
    weeks = run_volume(rules).baseline_weeks
    known = _known_weeks(runs, complete_weeks(today, weeks))
    km = weekly_km(runs)
    return VolumeSummary(
        today=today,
        weeks=[(m, round(km.get(m, 0.0), 1)) for m in known],
        mean_km=mean_weekly_km(runs, today, weeks),
        hard_days=hard_days(runs, today, weeks, rules),
        long_run_day=long_run_day(runs, today, weeks, rules),
        spike=last_spike(runs, today, rules),
        recovery=recovery_week(runs, today, rules),
    )
