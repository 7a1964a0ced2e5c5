"""`runstrength log clear REGION` and `runstrength log pain-next-day N` (docs/method.md §10.3),
registered by `log_cmd`; `next --pain-free` and `log --pain` share the check-in and the text.

    runstrength log clear REGION [--date D]            a check-in: REGION has settled
    runstrength log pain-next-day N [--exercise ID] [--date D]
                                                        pain the morning after a session

Both work without a terminal; `next --pain-free REGION` records the same check-in as
`log clear`. A refused command prints one line, exits 2 and writes nothing.
"""

# No `from __future__ import annotations`: typer reads the command signatures at start-up.

import datetime as dt
from typing import TYPE_CHECKING, Annotated

import typer

from runstrength.cli.completion import values_of
from runstrength.cli.log_common import core, log_path
from runstrength.enums import PainRegion

if TYPE_CHECKING:
    from runstrength.models import Catalog

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
    jumping, come back at re-entry doses."""
    from runstrength.cli.context import today
    from runstrength.log import service

    now = today()
    for line in record_clearance(regions, service.day_of(date, now)):
        typer.echo(line)


def record_clearance(raw: list[str], day: dt.date) -> list[str]:
    """Record a check-in for each region in `raw` on `day` (all checked before anything is
    written); the lines to print. Shared by `next --pain-free`."""
    from runstrength.log.clearance import add_clearance, pain_log, parse_region
    from runstrength.log.pain import pain_state, region_name
    from runstrength.log.storage import SessionLog

    regions = list(dict.fromkeys(parse_region(r) for r in raw))
    catalog, rules = core()
    lines: list[str] = []
    with SessionLog(log_path()) as log:
        flags = pain_state(pain_log(log, day), catalog, day, rules).flags
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
    return lines


def pain_next_day(
    pain: Annotated[int, typer.Argument(help="Pain the morning after, 0–10.")],
    exercise: Annotated[
        str | None,
        typer.Option("--exercise", help="Only this exercise's regions (default the session's)."),
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
    from runstrength.log.spec import check_scale
    from runstrength.log.storage import SessionLog

    now = today()
    check_scale("pain", pain)
    day = service.day_of(date, now) if date is not None else None
    catalog, rules = core()
    if exercise is not None:
        catalog.require(exercise)
    with SessionLog(log_path()) as log:
        within = rules.pain.next_day_within
        session_id, when = add_next_day(
            log, pain, day=day, before=now, exercise_id=exercise, within=within
        )
        red = pain >= rules.pain.red_flag_at
        # the regions a red flag stops: one exercise's, or the session's (read only then)
        ids = [exercise] if exercise else []
        if red and not exercise:
            ids = [st.exercise_id for st in log.get_session(session_id).sets]
    on = f" on {exercise}" if exercise else ""
    typer.echo(f"Recorded next-morning pain {pain}/10{on} after the session of {when.isoformat()}.")
    if red:
        said = _red_flag_text(pain, ids, catalog, one=exercise is not None)
        typer.secho(said, fg="yellow", err=True)


def _red_flag_text(pain: int, ids: list[str], catalog: "Catalog", *, one: bool) -> str:
    """The red flag of next-morning pain, naming the regions it stops (the second QA pass:
    "that region" was every lower-body region of the session)."""
    from runstrength.log.pain_notes import clear_command, region_names
    from runstrength.log.pain_types import regions_of

    loaded = {r for i in ids for r in regions_of(catalog, i)}
    regions = [r for r in PainRegion if r in loaded]
    if not regions:
        return (
            f"Pain {pain}/10 the next morning is a red flag. See a doctor or physiotherapist "
            "before continuing."
        )
    narrower = "" if one else " (`--exercise ID` keeps it to one exercise's regions)"
    return (
        f"Pain {pain}/10 the next morning is a red flag for the {region_names(regions)}"
        f"{narrower}: loaded work there, and all jumping, stop until you confirm it has cleared "
        f"({clear_command(regions)}). See a doctor or "
        "physiotherapist before continuing."
    )


def logged_pain_text(exercise: str, pain: int) -> str:
    """What `log ... --pain N` says at pain >= modify_at: a flag, or a red flag (§10.3)."""
    from runstrength.log.pain import region_name

    catalog, rules = core()
    ex = catalog.get(exercise)
    names = ", ".join(region_name(r) for r in ex.regions) if ex is not None else ""
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
