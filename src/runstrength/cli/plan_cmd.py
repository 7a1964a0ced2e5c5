"""`runstrength plan`: flags → Profile → engine → renderer → stdout or a file."""

# No `from __future__ import annotations`: typer reads these signatures at every start-up
# and would eval each string annotation; real annotation objects cost nothing to read.
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from runstrength.cli import completion as complete
from runstrength.cli import context, output
from runstrength.cli.params import CatalogOpt
from runstrength.enums import Format
from runstrength.inputs import ProfileFlags, validated_profile

if TYPE_CHECKING:
    from runstrength.models import Catalog, Plan, Profile
    from runstrength.render import RenderOptions

Opt = typer.Option


def register(app: typer.Typer) -> None:
    """Add the `plan` command to the app."""
    app.command()(plan)


def plan(
    season: Annotated[
        str | None,
        Opt(
            metavar="SEASON",
            autocompletion=complete.complete_season,
            help="off | pre | in | taper (default off; derived from --race-date).",
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
        Opt(
            metavar="LEVEL",
            autocompletion=complete.complete_level,
            help="Lifting experience: novice | intermediate | advanced (default novice).",
        ),
    ] = None,
    equipment: Annotated[
        str | None,
        Opt(
            metavar="KIT",
            autocompletion=complete.complete_equipment,
            help="Preset none | home | gym (default), or a comma list such as dumbbells,box.",
        ),
    ] = None,
    injury: Annotated[
        list[str] | None,
        Opt(
            metavar="TAG",
            autocompletion=complete.complete_injury,
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
        Opt(
            "--race-distance",
            metavar="DISTANCE",
            autocompletion=complete.complete_race_distance,
            help="5k | 10k | half | marathon | ultra.",
        ),
    ] = None,
    hard_days: Annotated[
        str | None,
        Opt(
            "--hard-days",
            metavar="DAYS",
            autocompletion=complete.complete_weekdays,
            help="Interval/tempo days, e.g. tue,thu (heavy days go there).",
        ),
    ] = None,
    long_run_day: Annotated[
        str | None,
        Opt(
            "--long-run-day",
            metavar="DAY",
            autocompletion=complete.complete_weekday,
            help="Long-run day, e.g. sun (kept free of strength).",
        ),
    ] = None,
    load_unit: Annotated[
        str | None,
        Opt(
            "--load-unit",
            metavar="UNIT",
            autocompletion=complete.complete_load_unit,
            help="kg | lb (default kg).",
        ),
    ] = None,
    fmt: Annotated[
        str | None,
        Opt(
            "--format",
            "-f",
            metavar="FORMAT",
            autocompletion=complete.complete_format,
            help="table | md | json | pdf | ics | html | fit (default: table on a "
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
    out_dir: Annotated[
        Path | None,
        Opt(
            "--out-dir",
            metavar="DIR",
            help="Write each session as a FIT workout for your watch into DIR (one file each).",
        ),
    ] = None,
    catalog: CatalogOpt = None,
    paper: Annotated[
        str | None,
        Opt(
            metavar="SIZE",
            autocompletion=complete.complete_paper,
            help="PDF/HTML paper size: a4 | letter (default a4).",
        ),
    ] = None,
    time: Annotated[
        str | None,
        Opt(metavar="HH:MM", help="ICS: timed events at this local time (HH:MM); default all-day."),
    ] = None,
    duration: Annotated[
        str | None,
        Opt(metavar="LENGTH", help="ICS: length of a timed event, e.g. 45m or 1h (default 45m)."),
    ] = None,
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
            autocompletion=complete.complete_max,
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
    options = output.render_options(
        paper=paper or "a4", time=time, duration=duration or "45m", tz=tz
    )
    chosen = output.choose_format(fmt, out)  # a bad --format fails before any work is done
    _warn_unused(chosen, paper=paper, time=time, duration=duration, tz=tz)
    if out_dir is not None:  # FIT workouts, one per session (issue 13)
        from runstrength.cli import fit_files

        fit_files.check_out_dir(out_dir, fmt, out)

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
        _emit(result, fmt, out, options, out_dir)
        return
    from runstrength.log.service import log_view, with_maxes
    from runstrength.log.storage import SessionLog

    with SessionLog(log_path()) as log:  # one open for the profile, the save and the log's view
        based_on = log.profile_json()  # --save refuses if another process changes it meanwhile
        saved = log.load_profile()
        base = dict(saved) if saved is not None else {}
        from runstrength.log.run_import import follow_runs  # issue 13: the runs set the volume

        values, from_runs = follow_runs(
            log, {**base, **fields}, given=fields, today=today, rules=rules
        )
        profile = validated_profile(values)
        if max_:
            maxes = {**profile.maxes, **_maxes(max_, profile, cat)}
            profile = profile.model_copy(update={"maxes": maxes})
        made = generate_plan(profile, cat, rules, today=today, version=__version__)
        if from_runs:
            made = made.model_copy(update={"warnings": [*from_runs, *made.warnings]})
        to_save: Plan | None = made
        said: list[str] = []
        if save:  # the view as the saved plan will see it; kept only once the output is written
            from runstrength.log.service import save_active_plan

            with log.tentative():
                log.save_profile(profile)
                active, said = save_active_plan(
                    log, made, today=today, start_given="start_date" in fields
                )
                to_save = None if active is not made else made  # the same plan stays active
                result = log_view(log, active, cat, rules, today)
        else:
            if max_:  # W10: a --max gives loads without --save too
                made = with_maxes(made, profile, cat, rules, today)
            result = log_view(log, made, cat, rules, today)
    _emit(result, fmt, out, options, out_dir, saving=save)
    if save:  # only when everything else succeeded; profile and plan in one transaction
        with SessionLog(log_path()) as log:
            log.save_profile_and_plan(profile, to_save, based_on=based_on)
        typer.echo(f"Saved as your profile and active plan ({log.path}).", err=True)
        for line in said:
            typer.echo(line, err=True)


def _emit(
    plan: "Plan",
    fmt: str | None,
    out: Path | None,
    options: "RenderOptions",
    out_dir: Path | None,
    *,
    saving: bool = False,
) -> None:
    if out_dir is None:
        output.emit_plan(plan, fmt, out, options, saving=saving)
        return
    from runstrength.cli import fit_files
    from runstrength.cli.console import warn

    for warning in plan.warnings:
        warn(f"Warning: {warning}")
    fit_files.write_plan(plan, out_dir)


def _warn_unused(
    chosen: Format, *, paper: str | None, time: str | None, duration: str | None, tz: str | None
) -> None:
    """One warning per given flag that the chosen format ignores."""
    from runstrength.cli.console import warn

    ignored = f"ignored for {chosen.value}"
    if chosen is not Format.ICS:
        for flag, value in (("--time", time), ("--duration", duration), ("--tz", tz)):
            if value is not None:
                warn(f"Warning: {flag} applies only to calendars (-o plan.ics); {ignored}")
    elif time is None:
        for flag, value in (("--duration", duration), ("--tz", tz)):
            if value is not None:
                warn(f"Warning: {flag} applies only to timed events; give --time HH:MM too")
    if paper is not None and chosen not in (Format.PDF, Format.HTML):
        warn(f"Warning: --paper applies only to PDF and HTML; {ignored}")


def _maxes(values: list[str], profile: "Profile", catalog: "Catalog") -> dict[str, float]:
    """--max ID=LOAD values as e1RMs in the profile's load unit."""
    from runstrength.log.profile import parse_max
    from runstrength.units import convert_load

    found: dict[str, float] = {}
    for value in values:
        exercise_id, amount, unit = parse_max(value, profile.load_unit, catalog)
        found[exercise_id] = round(convert_load(amount, unit, profile.load_unit), 2)
    return found
