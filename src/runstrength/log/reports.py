"""What the reading commands `history` and `log list` need, kept light: `history` on a big
log must start as fast as `plan` (benchmarks/startup.py), so this module imports the
storage and the history queries only, not the planning and pain rules `next` and `log`
need (service.py re-exports these names)."""

import datetime as dt
from pathlib import Path

from runstrength.enums import LoadUnit
from runstrength.log.e1rm import working_e1rm
from runstrength.log.history import E1rmLimits, HistoryReport, LiftHistory, TrendPoint
from runstrength.log.spec import parse_date
from runstrength.log.storage import SessionLog
from runstrength.models import Catalog
from runstrength.rulebook import Rulebook

HISTORY_WEEKS = 12


def day_of(raw: str | None, now: dt.date, flag: str | None = None) -> dt.date:
    """A --date value (YYYY-MM-DD, today, yesterday), `now` when not given; `flag` names a
    filter such as --since in the message for a future date."""
    return now if raw is None else parse_date(raw, now, flag)


def quick_load_unit(log: SessionLog) -> LoadUnit:
    """The profile's load unit without validating the whole profile (history stays fast)."""
    raw = log.profile_field("load_unit")
    return LoadUnit(raw) if raw in ("kg", "lb") else LoadUnit.KG


def e1rm_limits(rules: Rulebook) -> E1rmLimits:
    """The rules' e1RM limits as the history queries take them (§4.2, §10.5)."""
    e, loop = rules.e1rm, rules.log_loop
    return E1rmLimits(
        e.max_reps,
        e.max_rir,
        e.max_effective_reps,
        loop.low_confidence_max_reps,
        loop.low_confidence_effective_reps,
    )


def history_report(
    path: Path,
    *,
    now: dt.date,
    exercise: str | None,
    since: dt.date | None,
    catalog: Catalog,
    rules: Rulebook,
) -> HistoryReport:
    """`history`: per lift and per week, from `since` (weeks: the last 12 by default)."""
    if exercise is not None:
        catalog.require(exercise)
    weeks_since = since
    if weeks_since is None:
        monday = now - dt.timedelta(days=now.weekday())
        weeks_since = monday - dt.timedelta(weeks=HISTORY_WEEKS - 1)
    with SessionLog(path) as log:
        report = log.history(
            unit=quick_load_unit(log),
            limits=e1rm_limits(rules),
            hard_set_max_rir=rules.hard_set_max_rir,
            patterns={k: x.pattern for k, x in catalog.exercises.items()},
            exercise=exercise,
            since=since,
            weeks_since=weeks_since,
            weeks_until=now,
            recent_sessions=rules.log_recent.per_exercise,
        )
    fresh_since = now - dt.timedelta(weeks=rules.log_loop.estimate_fresh_weeks)
    core = _core_ids(catalog, rules)
    lifts = [
        _without_e1rm(lift)
        if lift.exercise_id in core
        else lift._replace(working=_working(lift, report.unit, fresh_since, rules))
        for lift in report.lifts
    ]
    return report._replace(lifts=lifts)


def _core_ids(catalog: Catalog, rules: Rulebook) -> frozenset[str]:
    """Core stability drills (the `core` family): load is not how they progress, so an
    e1RM of them means nothing (§4.7, coach review K8), even of a set logged with a load."""
    from runstrength.plan.rules import in_family

    core = rules.families.core
    return frozenset(k for k, ex in catalog.exercises.items() if in_family(ex, core))


def _without_e1rm(lift: LiftHistory) -> LiftHistory:
    """A lift's history with no e1RM: no trend, no working estimate, its best set as done."""
    best = lift.best
    if best is not None:
        best = best._replace(e1rm=None, low_confidence=False)
    return lift._replace(trend=(), best=best, working=None)


def _working(
    lift: LiftHistory, unit: LoadUnit, fresh_since: dt.date, rules: Rulebook
) -> TrendPoint | None:
    """The working e1RM of a lift as `next` works it out from the same sets (§4.2, §10.5:
    the median of the last estimates, firm ones of the last weeks first), or None."""
    if not lift.recent_sets:
        return None
    found = working_e1rm(
        [s for _, s in lift.recent_sets],
        unit,
        rules,
        [day >= fresh_since for day, _ in lift.recent_sets],
    )
    if found is None:
        return None
    # unrounded: rounded twice (119.554 → 119.55 → 119.5) it read 119.5 where `next`
    # said 119.6 (QA); the JSON and CSV round to 2 decimals as they write
    return TrendPoint(lift.recent_sets[-1][0], found[0], found[1])
