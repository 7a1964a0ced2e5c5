"""`runstrength plan`: flags → Profile → engine → renderer → stdout or a file."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from runstrength.cli import output
from runstrength.inputs import profile_fields

Opt = typer.Option


def register(app: typer.Typer) -> None:
    """Add the `plan` command to the app."""
    app.command()(plan)


def plan(
    season: Annotated[
        str | None, Opt(help="off | pre | in | taper (default off; derived from --race-date).")
    ] = None,
    volume: Annotated[
        str | None, Opt(help="Weekly running volume: 40, 40km or 25mi (default 40km).")
    ] = None,
    days: Annotated[str | None, Opt(help="Strength days a week: 2 or 3 (default 3).")] = None,
    weeks: Annotated[
        str | None, Opt(help="Plan length (default: off 12, pre 6, in 8, taper 2).")
    ] = None,
    level: Annotated[
        str | None, Opt(help="Lifting experience: novice | intermediate | advanced.")
    ] = None,
    equipment: Annotated[
        str | None,
        Opt(help="Preset none | home | gym (default), or a comma list such as dumbbells,box."),
    ] = None,
    injury: Annotated[
        list[str] | None,
        Opt(help="Injury history tag (repeatable): itbs, achilles, pf, pfps, mtss, hamstring, …"),
    ] = None,
    start: Annotated[
        str | None, Opt(help="First day of the plan (YYYY-MM-DD): dates sessions.")
    ] = None,
    race_date: Annotated[
        str | None, Opt("--race-date", help="Race day (YYYY-MM-DD): phases end in a taper.")
    ] = None,
    race_distance: Annotated[
        str | None, Opt("--race-distance", help="5k | 10k | half | marathon | ultra.")
    ] = None,
    hard_days: Annotated[
        str | None,
        Opt("--hard-days", help="Interval/tempo days, e.g. tue,thu (heavy days go there)."),
    ] = None,
    long_run_day: Annotated[
        str | None, Opt("--long-run-day", help="Long-run day, e.g. sun (kept free of strength).")
    ] = None,
    load_unit: Annotated[str | None, Opt("--load-unit", help="kg | lb (default kg).")] = None,
    fmt: Annotated[
        str | None,
        Opt(
            "--format",
            "-f",
            help="table | md | json | pdf | ics | html (default: table on a "
            "terminal, md in a pipe, or from the -o extension).",
        ),
    ] = None,
    out: Annotated[
        Path | None,
        Opt("--output", "-o", help="Write to this file (atomically) instead of stdout."),
    ] = None,
    catalog: Annotated[
        list[Path] | None,
        Opt(help="Extra catalog YAML (repeatable): adds exercises or overrides them by id."),
    ] = None,
    paper: Annotated[str, Opt(help="PDF paper size: a4 | letter.")] = "a4",
    time: Annotated[
        str | None, Opt(help="ICS: timed events at this local time (HH:MM); default all-day.")
    ] = None,
    duration: Annotated[str, Opt(help="ICS: length of a timed event, e.g. 45m or 1h.")] = "45m",
    tz: Annotated[
        str | None, Opt(help="ICS: IANA time zone for timed events (default: local).")
    ] = None,
) -> None:
    """Make a multi-week strength plan for a runner."""
    today = output.today()
    fields = profile_fields(
        season=season,
        volume=volume,
        days=days,
        weeks=weeks,
        level=level,
        equipment=equipment,
        injury=injury,
        start=start,
        race_date=race_date,
        race_distance=race_distance,
        hard_days=hard_days,
        long_run_day=long_run_day,
        load_unit=load_unit,
    )
    options = output.render_options(paper=paper, time=time, duration=duration, tz=tz)
    output.choose_format(fmt, out)  # a bad --format fails before any work is done

    from runstrength import __version__
    from runstrength.engine import generate_plan
    from runstrength.models import Profile

    # Every field was parsed and range-checked by runstrength.inputs above; building the
    # pydantic validator for it would only add start-up time (style.md §2: validate once).
    profile = Profile.model_construct(**fields)
    cat, rules = output.core_inputs(catalog or [])
    result = generate_plan(profile, cat, rules, today=today, version=__version__)
    output.emit_plan(result, fmt, out, options)
