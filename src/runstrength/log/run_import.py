"""What `runstrength runs import | list | undo` do below the CLI, and the runs' summary that
`plan` and `next` take (issue 13).

Reading the files is `watch.runs.walk` (one error line per bad file, the rest still count,
duplicates counted once); this module adds the log: the runs already stored are the
`existing` ones, the runner's max heart rate is a setting, and the usual pace (for runs
the heart rate cannot judge) comes from every run known.
"""

import datetime as dt
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

from runstrength.enums import DistanceUnit
from runstrength.errors import InvalidInput
from runstrength.log.runs import RunBatch
from runstrength.log.storage import SessionLog
from runstrength.text import noun
from runstrength.units import KM_PER_MI

if TYPE_CHECKING:
    from runstrength.rulebook import Rulebook
    from runstrength.watch.volume import VolumeSummary

MAX_HR_SETTING = "max-hr"


class RunImport(NamedTuple):
    """What one `runs import` did."""

    batch: RunBatch
    errors: list[str]  # one line per file that could not be read
    files: int
    duplicates: int  # the same run twice in the files, or already in the log
    without_runs: list[Path]
    max_hr: int | None
    empty: int = 0  # runs left out: less than MIN_RUN_M of distance, nothing to count


# A "run" shorter than this holds no running to count: a watch's single GPS point, a
# stationary file, a treadmill run that recorded time but no distance. Kept, it made an
# empty week count in the 4-week mean and a steady week read as a spike (QA).
MIN_RUN_M = 100


def parse_max_hr(value: str | int | None) -> int | None:
    """A max heart rate in beats per minute (100–230), or None."""
    if value is None:
        return None
    try:
        bpm = int(str(value).strip())
    except ValueError:
        raise InvalidInput(f"--max-hr: {value!r} is not a heart rate in beats per minute") from None
    if not 100 <= bpm <= 230:
        raise InvalidInput(f"--max-hr: {bpm} is not a maximum heart rate (100-230 bpm)")
    return bpm


def import_runs(
    path: Path,
    paths: Sequence[Path],
    *,
    max_hr: int | None = None,
    tz: dt.tzinfo | None = None,
    today: dt.date | None = None,
) -> RunImport:
    """Read `paths` (files and folders) and store their new runs as one batch.

    `max_hr` given is kept as the runner's setting for later imports; without it the
    saved one is used.
    """
    from runstrength.watch.runs import judged, walk
    from runstrength.watch.volume import usual_pace_s_per_km

    with SessionLog(path) as log:
        if max_hr is not None:
            log.set_setting(MAX_HR_SETTING, str(max_hr))
        else:
            max_hr = parse_max_hr(log.settings().get(MAX_HR_SETTING))
        existing = log.runs()
        found = walk(paths, max_hr=max_hr, tz=tz, today=today, existing=existing)
        kept = [r for r in found.runs if r.distance_m >= MIN_RUN_M]
        # A run neither its laps nor its heart rate could judge is judged by its pace
        # against the runner's usual pace: the median of the 4 weeks up to the latest run.
        known = [*existing, *kept]
        latest = max((r.date for r in known), default=None)
        pace = usual_pace_s_per_km(known, latest + dt.timedelta(days=7)) if latest else None
        runs = [judged(r, max_hr, pace) for r in kept] if pace is not None else kept
        upgrades = [
            (old, judged(new, max_hr, pace) if pace is not None else new)
            for old, new in found.upgrades
        ]
        upgrades = [(old, new) for old, new in upgrades if new != old]
        batch = log.add_runs(runs, upgrades) if runs or upgrades else RunBatch(0, [])
    return RunImport(
        batch=batch,
        errors=list(found.errors),
        files=found.files,
        duplicates=found.duplicates + batch.skipped - batch.upgraded,
        without_runs=list(found.without_runs),
        max_hr=max_hr,
        empty=len(found.runs) - len(kept),
    )


def runs_summary(
    log: SessionLog, today: dt.date, rules: "Rulebook | None" = None
) -> "VolumeSummary | None":
    """What the plan and `next` take from the runs as of `today`; None when there are none.

    `runstrength.watch` is imported only when the log holds runs.
    """
    if not log.has_runs():
        return None
    from runstrength.watch.volume import complete_weeks, summarize

    weeks = complete_weeks(today, (rules.run_volume.baseline_weeks if rules else None))
    since = weeks[0] - dt.timedelta(weeks=len(weeks))  # the spike's own baseline too
    return summarize(log.runs(since=since), today, rules)


def follow_runs(
    log: SessionLog,
    values: Mapping[str, Any],
    *,
    given: Mapping[str, Any],
    today: dt.date,
    rules: "Rulebook | None" = None,
) -> tuple[dict[str, Any], list[str]]:
    """The plan's inputs with what the runs say, and one line per input they set.

    `values` are the Profile fields (saved profile and flags), `given` the flags alone.
    Without --volume the weekly volume is the mean of the last complete weeks of runs
    (the runs are fresher than a saved number); hard-run and long-run days come from the
    runs only when neither a flag nor the saved profile names them.
    """
    out = dict(values)
    summary = runs_summary(log, today, rules)
    if summary is None:
        return out, []
    notes: list[str] = []
    weeks = len(summary.weeks)
    span = "your last week of runs" if weeks == 1 else f"your last {weeks} weeks of runs"
    empty = sum(1 for _, km in summary.weeks if km <= 0)
    if "weekly_volume" not in given and summary.mean_km is not None and empty == weeks:
        # None of the weeks holds a run: the runs stopped being imported, not the running
        # (the QA run: a plan of "0 km … a non-running period" from a stale import)
        notes.append(
            f"No runs on record in the last {noun(weeks, 'complete week')}: the weekly volume "
            "is your profile's; import recent runs, or give --volume"
        )
    elif "weekly_volume" not in given and summary.mean_km is not None:
        unit = DistanceUnit(out.get("unit") or DistanceUnit.KM)
        volume = summary.mean_km if unit is DistanceUnit.KM else summary.mean_km / KM_PER_MI
        out["weekly_volume"] = round(volume, 1)
        out["unit"] = unit
        gaps = (
            f", {empty} of them without a run on record: import {'its' if empty == 1 else 'their'}"
            " runs, or give --volume"
            if empty
            else ""
        )
        notes.append(f"Weekly running {round(volume, 1):g} {unit.value} (mean of {span}{gaps})")
    if "hard_days" not in given and not out.get("hard_days") and summary.hard_days:
        out["hard_days"] = list(summary.hard_days)
        days = ", ".join(d.value for d in summary.hard_days)
        notes.append(f"Hard-run days {days} (from {span})")
    if "long_run_day" not in given and not out.get("long_run_day") and summary.long_run_day:
        out["long_run_day"] = summary.long_run_day
        notes.append(f"Long-run day {summary.long_run_day.value} (from {span})")
    return out, notes
