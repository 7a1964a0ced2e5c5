"""`runstrength log clear REGION` and `runstrength log pain-next-day N` (docs/method.md §10.3),
registered by `log_cmd`; `next --pain-free` and `log --pain` share the check-in and the text.

    runstrength log clear REGION [--date D]            a check-in: REGION has settled
    runstrength log pain-next-day N [--exercise ID] [--where REGION,...] [--date D]
                                                        pain the morning after a session

Both work without a terminal; `next --pain-free REGION` records the same check-in as
`log clear`. A refused command prints one line, exits 2 and writes nothing.
"""

# No `from __future__ import annotations`: typer reads the command signatures at start-up.

import datetime as dt
from typing import TYPE_CHECKING, Annotated

import typer

from runstrength.cli import console
from runstrength.cli.completion import complete_regions, values_of
from runstrength.cli.log_common import core, log_path
from runstrength.enums import PainRegion

if TYPE_CHECKING:
    from collections.abc import Sequence


REGIONS = ", ".join(PainRegion)


def clear(
    regions: Annotated[
        list[str],
        typer.Argument(
            autocompletion=values_of(PainRegion), help=f"The regions that have settled: {REGIONS}."
        ),
    ],
    date: Annotated[
        str | None, typer.Option("--date", help="When: YYYY-MM-DD, today or yesterday.")
    ] = None,
) -> None:
    """A check-in: REGION has settled (after a red flag: a clinician cleared it).

    After a red flag, a doctor or physiotherapist has cleared it. Loaded work there, and
    jumping, come back at re-entry doses. `log undo` right after takes a check-in back."""
    from runstrength.cli.context import today
    from runstrength.log import service

    now = today()
    for line in record_clearance(regions, service.day_of(date, now), now):
        typer.echo(line)


def record_clearance(raw: list[str], day: dt.date, now: dt.date) -> list[str]:
    """Record a check-in for each region in `raw` on `day` (all checked before anything is
    written); the lines to print. Shared by `next --pain-free`."""
    from runstrength.log.clearance import add_clearance, pain_log, parse_region
    from runstrength.log.done import part_done
    from runstrength.log.pain import pain_state, region_name
    from runstrength.log.storage import SessionLog

    regions = list(dict.fromkeys(parse_region(r) for r in raw))
    catalog, rules = core()
    lines: list[str] = []
    with SessionLog(log_path()) as log:
        flags = pain_state(pain_log(log, day), catalog, day, rules).flags
        begun = any(r in flags for r in regions) and part_done(log, now, now, catalog, rules)
        for region in regions:
            flag = flags.get(region)
            if flag is None:
                lines.append(f"Nothing is flagged for the {region_name(region)}; nothing recorded.")
                continue
            add_clearance(log, region, day)
            weeks = rules.restart.weeks if flag.red else rules.reentry.weeks
            lines.append(
                f"Recorded: {region_name(region)} cleared on {day.isoformat()}. It restarts at "
                f"re-entry doses for {weeks} week{'s' if weeks != 1 else ''}."
            )
    if begun:
        # pain.under_way: a check-in changes no session already under way
        lines.append(
            "Today's session, begun before this check-in, stays as it was shown; the work "
            "comes back from the next session."
        )
    return lines


def pain_next_day(
    pain: Annotated[int, typer.Argument(help="Pain the morning after, 0–10.")],
    exercise: Annotated[
        str | None,
        typer.Option(
            "--exercise", help="Only this exercise's regions (default: the session's, see --where)."
        ),
    ] = None,
    where: Annotated[
        list[str] | None,
        typer.Option(
            "--where",
            metavar="REGION[,REGION...]",
            autocompletion=complete_regions,
            help=f"Where it hurts, comma-separated: {REGIONS} (default: the --exercise's "
            "regions, else where the session logged pain, else all it loaded; a report "
            "with --where replaces the session's that had neither).",
        ),
    ] = None,
    date: Annotated[
        str | None,
        typer.Option(
            "--date",
            help="The session's date (default: the latest of the last few days).",
        ),
    ] = None,
) -> None:
    """Pain the morning after a session (method §10.3).

    Higher than during it holds the loads of that region; 4 or more flags it, 6 or more is
    a red flag."""
    from runstrength.cli.context import today
    from runstrength.log import service
    from runstrength.log.clearance import add_next_day
    from runstrength.log.pain_notes import next_day_lines
    from runstrength.log.spec import check_scale
    from runstrength.log.storage import SessionLog

    now = today()
    check_scale("pain", pain)
    regions = where_regions(where) if where is not None else None
    day = service.day_of(date, now) if date is not None else None
    catalog, rules = core()
    if exercise is not None:
        catalog.require(exercise)
    with SessionLog(log_path()) as log:
        within = rules.pain.next_day_within
        report = add_next_day(
            log,
            pain,
            day=day,
            before=now,
            exercise_id=exercise,
            within=within,
            where=regions,
            catalog=catalog,
        )
    red = pain >= rules.pain.red_flag_at
    given = taken_as_given(exercise, regions) if exercise and regions is not None else None
    if given is not None:  # as `log … --where` says it (QA: this one did not)
        from runstrength.cli.console import say

        say(given)
    for line in next_day_lines(report, pain, exercise):
        typer.echo(line)
    if red:
        narrow = report.basis in ("named", "exercise")
        console.echo(_red_flag_text(pain, report.regions, one=narrow), fg="yellow", err=True)


def where_regions(where: list[str]) -> "tuple[PainRegion, ...]":
    """The regions of `--where` (`knee,hip`, or the option given twice), or one line
    naming the one that is not a region (and the nearest that is)."""
    from runstrength.errors import InvalidInput
    from runstrength.log.pain_types import parse_regions

    try:
        return parse_regions(",".join(where))
    except InvalidInput as exc:
        raise InvalidInput(f"--where: {exc}") from None


def _red_flag_text(pain: int, regions: "Sequence[PainRegion]", *, one: bool) -> str:
    """The red flag of next-morning pain, naming the regions it stops (the second QA pass:
    "that region" was every lower-body region of the session); `one`: they were named, or
    are one exercise's."""
    from runstrength.log.pain_notes import clear_command, region_names

    if not regions:
        return (
            f"Pain {pain}/10 the next morning is a red flag. See a doctor or physiotherapist "
            "before continuing."
        )
    narrower = "" if one else " (`--where REGION` keeps it to the regions that hurt)"
    return (
        f"Pain {pain}/10 the next morning is a red flag for the {region_names(regions)}"
        f"{narrower}: loaded work there, and all jumping, stop until you confirm it has cleared "
        f"({clear_command(regions)}). See a doctor or "
        "physiotherapist before continuing."
    )


def logged_pain_text(
    exercise: str, pain: int, regions: "Sequence[PainRegion] | None" = None
) -> str:
    """What `log ... --pain N` says at pain >= modify_at: a flag, or a red flag (§10.3), in
    the `regions` named (`--where`), else in every region the exercise loads."""
    from runstrength.log.pain import region_name

    catalog, rules = core()
    ex = catalog.get(exercise)
    if regions is None:
        regions = ex.regions if ex is not None else ()
    names = ", ".join(region_name(r) for r in regions)
    where = f" ({names})" if names else ""
    if pain >= rules.pain.red_flag_at:
        return (
            f"Pain {pain}/10{where} is a red flag: loaded work there, and all jumping, stop until "
            "you confirm it has cleared (`runstrength log clear REGION`). Stop exercises that "
            "hurt and see a doctor or physiotherapist before continuing."
        )
    return (
        f"Pain {pain}/10{where}: easier variants and no load increase there until a session "
        "logs pain ≤ 2/10 there. If pain is sharp, worsening or lasts past tomorrow, see a "
        "doctor or physiotherapist."
    )


def taken_as_given(exercise: str, regions: "Sequence[PainRegion]") -> str | None:
    """The line `log --where` prints when it names a region the exercise does not load:
    the pain counts there all the same (the runner knows where it hurts: the low back in a
    split squat). None when every region named is one it loads."""
    from runstrength.log.pain_notes import region_names

    catalog, _ = core()
    ex = catalog.get(exercise)
    loads = ex.regions if ex is not None else []
    other = [r for r in regions if r not in loads]
    if not other:
        return None
    what = f"loads the {region_names(loads)}" if loads else "names no pain region"
    return (
        f"Taken as given: {exercise} {what}, not the {region_names(other)}; the pain "
        f"counts for the {region_names(list(regions))}."
    )
