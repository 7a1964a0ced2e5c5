"""`runstrength plan`: flags → Profile → engine → renderer → stdout or a file."""

# No `from __future__ import annotations`: typer reads these signatures at every start-up
# and would eval each string annotation; real annotation objects cost nothing to read.
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from runstrength.cli import context, output
from runstrength.cli.params import CatalogOpt
from runstrength.inputs import ProfileFlags, validated_profile

if TYPE_CHECKING:
    from runstrength.models import Catalog, Profile

Opt = typer.Option


def register(app: typer.Typer) -> None:
    """Add the `plan` command to the app."""
    app.command()(plan)


def plan(
    season: Annotated[
        str | None,
        Opt(
            metavar="SEASON", help="off | pre | in | taper (default off; derived from --race-date)."
        ),
    ] = None,
    volume: Annotated[
        str | None,
        Opt(metavar="VOLUME", help="Weekly running volume: 40, 40km or 25mi (default 40km)."),
    ] = None,
    days: Annotated[
        str | None, Opt(metavar="N", help="Strength days a week: 2 or 3 (default 3).")
    ] = None,
    weeks: Annotated[
        str | None, Opt(metavar="N", help="Plan length (default: off 12, pre 6, in 8, taper 2).")
    ] = None,
    level: Annotated[
        str | None,
        Opt(metavar="LEVEL", help="Lifting experience: novice | intermediate | advanced."),
    ] = None,
    equipment: Annotated[
        str | None,
        Opt(
            metavar="KIT",
            help="Preset none | home | gym (default), or a comma list such as dumbbells,box.",
        ),
    ] = None,
    injury: Annotated[
        list[str] | None,
        Opt(
            metavar="TAG",
            help="Injury history tag (repeatable): itbs, achilles, pf, pfps, mtss, hamstring, …",
        ),
    ] = None,
    start: Annotated[
        str | None, Opt(metavar="DATE", help="First day of the plan (YYYY-MM-DD): dates sessions.")
    ] = None,
    race_date: Annotated[
        str | None,
        Opt("--race-date", metavar="DATE", help="Race day (YYYY-MM-DD): phases end in a taper."),
    ] = None,
    race_distance: Annotated[
        str | None,
        Opt("--race-distance", metavar="DISTANCE", help="5k | 10k | half | marathon | ultra."),
    ] = None,
    hard_days: Annotated[
        str | None,
        Opt(
            "--hard-days",
            metavar="DAYS",
            help="Interval/tempo days, e.g. tue,thu (heavy days go there).",
        ),
    ] = None,
    long_run_day: Annotated[
        str | None,
        Opt(
            "--long-run-day", metavar="DAY", help="Long-run day, e.g. sun (kept free of strength)."
        ),
    ] = None,
    load_unit: Annotated[
        str | None, Opt("--load-unit", metavar="UNIT", help="kg | lb (default kg).")
    ] = None,
    fmt: Annotated[
        str | None,
        Opt(
            "--format",
            "-f",
            metavar="FORMAT",
            help="table | md | json | pdf | ics | html (default: table on a "
            "terminal, md in a pipe, or from the -o extension).",
        ),
    ] = None,
    out: Annotated[
        Path | None,
        Opt(
            "--output",
            "-o",
            metavar="FILE",
            help="Write to this file (atomically) instead of stdout.",
        ),
    ] = None,
    catalog: CatalogOpt = None,
    paper: Annotated[str, Opt(metavar="SIZE", help="PDF paper size: a4 | letter.")] = "a4",
    time: Annotated[
        str | None,
        Opt(metavar="HH:MM", help="ICS: timed events at this local time (HH:MM); default all-day."),
    ] = None,
    duration: Annotated[
        str, Opt(metavar="LENGTH", help="ICS: length of a timed event, e.g. 45m or 1h.")
    ] = "45m",
    tz: Annotated[
        str | None,
        Opt(metavar="ZONE", help="ICS: IANA time zone for timed events (default: local)."),
    ] = None,
    save: Annotated[
        bool, Opt("--save", help="Keep these inputs as your profile and this plan as active.")
    ] = False,
    max_: Annotated[
        list[str] | None,
        Opt(
            "--max",
            metavar="ID=LOAD",
            help="A known max (repeatable), e.g. trap-bar-deadlift=120kg or =265lb.",
        ),
    ] = None,
) -> None:
    """Make a multi-week strength plan for a runner (flags override the saved profile)."""
    today = context.today()
    fields = ProfileFlags(
        season=season,
        volume=volume,
        days=days,
        weeks=weeks,
        level=level,
        equipment=equipment,
        injuries=tuple(injury or ()),
        start=start,
        race_date=race_date,
        race_distance=race_distance,
        hard_days=hard_days,
        long_run_day=long_run_day,
        load_unit=load_unit,
    ).fields()
    options = output.render_options(paper=paper, time=time, duration=duration, tz=tz)
    output.choose_format(fmt, out)  # a bad --format fails before any work is done

    from runstrength import __version__
    from runstrength.plan.engine import generate_plan

    # The log (and with it a saved profile) exists only once something was saved or
    # logged; a plain `plan` never opens or creates it.
    cat, rules = context.core_inputs(catalog or [])
    from runstrength.cli.log_common import log_path

    if not (log_path().exists() or save):
        profile = validated_profile(fields)
        if max_:
            profile = profile.model_copy(update={"maxes": _maxes(max_, profile, cat)})
        result = generate_plan(profile, cat, rules, today=today, version=__version__)
        if max_:  # W10: a --max gives loads without --save too
            from runstrength.log.service import with_maxes

            result = with_maxes(result, profile, cat, rules, today)
        output.emit_plan(result, fmt, out, options)
        return
    from runstrength.log.service import log_view, with_maxes
    from runstrength.log.storage import SessionLog

    with SessionLog(log_path()) as log:  # one open for the profile, the save and the log's view
        saved = log.load_profile()
        base = dict(saved) if saved is not None else {}
        profile = validated_profile({**base, **fields})
        if max_:
            maxes = {**profile.maxes, **_maxes(max_, profile, cat)}
            profile = profile.model_copy(update={"maxes": maxes})
        result = generate_plan(profile, cat, rules, today=today, version=__version__)
        if save:
            from runstrength.log.service import save_active_plan

            log.save_profile(profile)
            result, said = save_active_plan(
                log, result, today=today, start_given="start_date" in fields
            )
            typer.echo(f"Saved as your profile and active plan ({log.path}).", err=True)
            for line in said:
                typer.echo(line, err=True)
        elif max_:
            result = with_maxes(result, profile, cat, rules, today)
        result = log_view(log, result, cat, rules, today)
    output.emit_plan(result, fmt, out, options)


def _maxes(values: list[str], profile: "Profile", catalog: "Catalog") -> dict[str, float]:
    """--max ID=LOAD values as e1RMs in the profile's load unit."""
    from runstrength.log.profile import parse_max
    from runstrength.units import convert_load

    found: dict[str, float] = {}
    for value in values:
        exercise_id, amount, unit = parse_max(value, profile.load_unit, catalog)
        found[exercise_id] = round(convert_load(amount, unit, profile.load_unit), 2)
    return found
