"""`runstrength plan`: flags → Profile → engine → renderer → stdout or a file."""

# No `from __future__ import annotations`: typer reads these signatures at every start-up
# and would eval each string annotation; real annotation objects cost nothing to read.
import dataclasses
from pathlib import Path
from typing import TYPE_CHECKING, Any

import typer

from runstrength.cli import context, output, params
from runstrength.enums import Format, LoadType
from runstrength.inputs import ProfileFlags

if TYPE_CHECKING:
    from runstrength.log.planning import Saving
    from runstrength.models import Catalog, Plan
    from runstrength.render import RenderOptions


def register(app: typer.Typer) -> None:
    """Add the `plan` command to the app."""
    app.command()(plan)


def plan(
    # in the order of `plan --help`'s panels (params.py): the runner,
    season: params.SeasonOpt = None,
    volume: params.VolumeOpt = None,
    days: params.DaysOpt = None,
    weeks: params.WeeksOpt = None,
    level: params.LevelOpt = None,
    equipment: params.KitOpt = None,
    injury: params.InjuriesOpt = None,
    load_unit: params.LoadUnitOpt = None,
    max_: params.MaxOpt = None,
    # the race and the running week,
    start: params.StartOpt = None,
    race_date: params.RaceDateOpt = None,
    race_distance: params.RaceDistanceOpt = None,
    hard_days: params.HardDaysOpt = None,
    long_run_day: params.LongRunDayOpt = None,
    # where the plan goes, the ICS file's events, and the catalog (with --help)
    fmt: params.PlanFormatOpt = None,
    out: params.PlanOutputOpt = None,
    out_dir: params.FitDirOpt = None,
    paper: params.PaperOpt = None,
    name: params.NameOpt = None,
    save: params.SaveOpt = False,
    time: params.TimeOpt = None,
    duration: params.DurationOpt = None,
    tz: params.ZoneOpt = None,
    catalog: params.PlanCatalogOpt = None,
) -> None:
    """Make a multi-week strength plan for a runner (flags override the saved profile)."""
    flags = _profile_flags(locals())  # first: locals() holds the parameters only
    today = context.today()
    fields = flags.fields()
    options = output.render_options(
        paper=paper or "a4", time=time, duration=duration or "45m", tz=tz, name=name
    )
    chosen = output.choose_format(fmt, out)  # a bad --format fails before any work is done
    # said once the plan is made: a bad flag is still the one line of a refused command
    unused = _unused(chosen, paper=paper, time=time, duration=duration, tz=tz)
    if out_dir is not None:  # FIT workouts, one per session (issue 13)
        from runstrength.cli import fit_files

        fit_files.check_out_dir(out_dir, fmt, out)
    from runstrength.cli.log_common import inputs_with, log_path, saved_catalogs

    # --catalog FILE replaces the files saved with the plan, --catalog none drops them;
    # without it, a plan from the saved profile reads the catalog that profile was saved
    # with (a plain `plan` finds no log: the log is never opened or made for it).
    saved = saved_catalogs()
    extra = _given_catalogs(catalog) if catalog else saved
    cat, rules = inputs_with(extra, saved=not catalog)
    from runstrength.log import planning

    if not (log_path().exists() or save):
        made = planning.plan_alone(fields, max_ or [], cat, rules, today)
        _warn_all(unused + _weeks_unused(fields, made) + _maxes_unused(max_, made, cat, save))
        _emit(made, fmt, out, options, out_dir)
        return
    kept = tuple(str(path.resolve()) for path in extra)  # as saved: from any folder
    if save:
        from runstrength.log.saved import check_catalogs

        check_catalogs(kept)  # before anything is made: saved, it must read back
    same = kept == tuple(str(path.resolve()) for path in saved)
    result, saving = planning.plan_with_log(
        log_path(), fields, max_ or [], save, cat, rules, today, kept, same_catalog=same
    )
    _warn_all(unused + _weeks_unused(fields, result) + _maxes_unused(max_, result, cat, save))
    try:
        _emit(result, fmt, out, options, out_dir, saving=saving is not None)
    except BrokenPipeError:
        # The reader stopped early (`plan --save | head`): no failure of the plan, and the
        # runner asked to keep it (the coach QA run: nothing was saved).
        if saving is not None:
            _save(saving, catalogs_given=bool(catalog))
        raise
    if saving is not None:  # only when everything else succeeded
        _save(saving, catalogs_given=bool(catalog))


def _given_catalogs(given: list[Path]) -> list[Path]:
    """The --catalog files; `--catalog none` alone: none (the shipped catalog only)."""
    if len(given) == 1 and str(given[0]).strip().lower() == "none":
        return []
    return given


def _profile_flags(arguments: dict[str, Any]) -> ProfileFlags:
    """The runner's inputs among `plan`'s arguments: those named like a ProfileFlags field
    (so the list of them is written once, there), and the repeatable --injury."""
    names = {f.name for f in dataclasses.fields(ProfileFlags)} - {"injuries"}
    given = {name: value for name, value in arguments.items() if name in names}
    return ProfileFlags(**given, injuries=tuple(arguments["injury"] or ()))


def _save(saving: "Saving", *, catalogs_given: bool) -> None:
    """Keep the profile and the plan, in one transaction, and say so (and which catalog
    files every later command reads, when --catalog named them)."""
    from runstrength.cli.log_common import log_path
    from runstrength.log.planning import save
    from runstrength.text import printable

    save(log_path(), saving)
    typer.echo(f"Saved as your profile and active plan ({log_path()}).", err=True)
    if catalogs_given and saving.catalogs:
        files = printable(", ".join(saving.catalogs))
        typer.echo(
            f"Saved with it: your catalog {files} (keep it there; "
            "`runstrength profile set catalog none` drops it).",
            err=True,
        )
    for line in saving.said:
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
    from runstrength.cli import fit_files  # FIT workouts, one per session (issue 13)

    if out_dir is None and not fit_files.one_per_session(plan, fmt, out):
        output.emit_plan(plan, fmt, out, options, saving=saving)
        return
    from runstrength.cli.console import warn

    for warning in plan.warnings:
        warn(f"Warning: {warning}")
    if out_dir is not None:
        fit_files.write_plan(plan, out_dir)
    elif out is not None:  # -o NAME.fit of several sessions: one file each, next to it
        fit_files.write_beside(plan, out)


def _unused(
    chosen: Format, *, paper: str | None, time: str | None, duration: str | None, tz: str | None
) -> list[str]:
    """One warning per given flag that the chosen format ignores."""
    said = []
    ignored = f"ignored for {chosen.value}"
    if chosen is not Format.ICS:
        for flag, value in (("--time", time), ("--duration", duration), ("--tz", tz)):
            if value is not None:
                said.append(f"Warning: {flag} applies only to calendars (-o plan.ics); {ignored}")
    elif time is None:
        for flag, value in (("--duration", duration), ("--tz", tz)):
            if value is not None:
                said.append(f"Warning: {flag} applies only to timed events; give --time HH:MM too")
    if paper is not None and chosen not in (Format.PDF, Format.HTML):
        said.append(f"Warning: --paper applies only to PDF and HTML; {ignored}")
    return said


def _weeks_unused(fields: dict[str, Any], made: "Plan") -> list[str]:
    """A --weeks that a race date overrides: the race sets the plan's length."""
    race = made.inputs.race_date
    if "weeks" not in fields or race is None:
        return []
    return [
        f"Warning: --weeks is ignored: the race on {race.isoformat()} sets the plan's "
        f"length ({made.inputs.weeks} weeks)"
    ]


def _maxes_unused(given: list[str] | None, made: "Plan", cat: "Catalog", save: bool) -> list[str]:
    """A --max for a lift no session of the plan holds: it sets no load (QA: taken in
    silence); saved, it waits in the profile for a plan that has the lift."""
    every = [e for week in made.weeks for s in week.sessions for e in s.exercises]
    held = {e.id for e in every}
    loaded = {e.id for e in every if e.load.type is not LoadType.BODYWEIGHT}
    said = []
    for value in given or []:
        exercise_id = value.partition("=")[0].strip()  # known: the plan checked it
        if exercise_id in loaded:
            continue
        name = cat.require(exercise_id).name
        line = (
            f"Warning: --max {exercise_id}: this plan has {name} on body weight only"
            if exercise_id in held  # the outputs QA run: a max for pogos, taken in silence
            else f"Warning: --max {exercise_id}: this plan has no {name}"
        ) + ", so that max sets no load"
        kept = "; it is kept with your profile for a plan that has it" if save else ""
        said.append(line + kept)
    return said


def _warn_all(lines: list[str]) -> None:
    from runstrength.cli.console import warn

    for line in lines:
        warn(line)
