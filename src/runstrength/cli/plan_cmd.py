"""`runstrength plan`: flags → Profile → engine → renderer → stdout or a file."""

# No `from __future__ import annotations`: typer reads these signatures at every start-up
# and would eval each string annotation; real annotation objects cost nothing to read.
import dataclasses
import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

import typer

from runstrength.cli import context, output, params
from runstrength.enums import Format
from runstrength.inputs import ProfileFlags, saved_under, validated_profile

if TYPE_CHECKING:
    from runstrength.log.records import ActivePlan
    from runstrength.log.storage import SessionLog
    from runstrength.models import Catalog, Plan, Profile
    from runstrength.render import RenderOptions
    from runstrength.rulebook import Rulebook


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
    save: params.SaveOpt = False,
    time: params.TimeOpt = None,
    duration: params.DurationOpt = None,
    tz: params.ZoneOpt = None,
    catalog: params.CatalogOpt = None,
) -> None:
    """Make a multi-week strength plan for a runner (flags override the saved profile)."""
    flags = _profile_flags(locals())  # first: locals() holds the parameters only
    today = context.today()
    fields = flags.fields()
    options = output.render_options(
        paper=paper or "a4", time=time, duration=duration or "45m", tz=tz
    )
    chosen = output.choose_format(fmt, out)  # a bad --format fails before any work is done
    # said once the plan is made: a bad flag is still the one line of a refused command
    unused = _unused(chosen, paper=paper, time=time, duration=duration, tz=tz)
    if out_dir is not None:  # FIT workouts, one per session (issue 13)
        from runstrength.cli import fit_files

        fit_files.check_out_dir(out_dir, fmt, out)
    cat, rules = context.core_inputs(catalog or [])
    from runstrength.cli.log_common import log_path

    # The log (and with it a saved profile) exists only once something was saved or
    # logged; a plain `plan` never opens or creates it.
    if not (log_path().exists() or save):
        made = _plan_alone(fields, max_ or [], cat, rules, today)
        _warn_all(unused + _weeks_unused(fields, made))
        _emit(made, fmt, out, options, out_dir)
        return
    result, saving = _plan_with_log(fields, max_ or [], save, cat, rules, today)
    _warn_all(unused + _weeks_unused(fields, result))
    _emit(result, fmt, out, options, out_dir, saving=saving is not None)
    if saving is not None:  # only when everything else succeeded
        _save(saving)


def _profile_flags(arguments: dict[str, Any]) -> ProfileFlags:
    """The runner's inputs among `plan`'s arguments: those named like a ProfileFlags field
    (so the list of them is written once, there), and the repeatable --injury."""
    names = {f.name for f in dataclasses.fields(ProfileFlags)} - {"injuries"}
    given = {name: value for name, value in arguments.items() if name in names}
    return ProfileFlags(**given, injuries=tuple(arguments["injury"] or ()))


def _plan_alone(
    fields: dict[str, Any], max_: list[str], cat: "Catalog", rules: "Rulebook", today: dt.date
) -> "Plan":
    """The plan from the flags alone, when there is no log (and none is made)."""
    from runstrength import __version__
    from runstrength.models import Profile
    from runstrength.plan.engine import generate_plan

    profile = Profile.of_parsed(fields)  # every value came from a flag parser
    if max_:
        profile = profile.model_copy(update={"maxes": _maxes(max_, profile, cat)})
    result = generate_plan(profile, cat, rules, today=today, version=__version__)
    if max_:  # W10: a --max gives loads without --save too
        from runstrength.log.service import with_maxes

        result = with_maxes(result, profile, cat, rules, today)
    return result


class _Saving(NamedTuple):
    """What `plan --save` keeps once the output is written."""

    profile: "Profile"
    plan: "Plan | None"  # None: the active plan stays as it is
    based_on: str | None  # the stored profile it was made from (a concurrent change refuses)
    said: list[str]
    today: dt.date  # a re-saved plan carries on from here (§10.7)


def _check_saved_race(profile: "Profile", fields: dict[str, Any], today: dt.date) -> None:
    """A race from the saved profile that is over: what to do next, rather than the flag
    error "--race-date … is not in the future" for a flag the runner did not give (the QA
    run, after the race: `next` said to run `plan --save`, which then failed so)."""
    from runstrength.errors import InvalidInput

    race = profile.race_date
    if "race_date" in fields or race is None or race > today:
        return
    distance = f" {profile.race_distance.value}" if profile.race_distance else ""
    raise InvalidInput(
        f"your saved race ({race.isoformat()}{distance}) is past: give --race-date and "
        "--race-distance for the next one, or `runstrength profile set race-date none` and "
        "`runstrength profile set race-distance none` for a plan without a race"
    )


def _check_saved_start(made: "Plan", today: dt.date) -> None:
    """`plan --save` with a start from the saved profile that puts the whole plan before
    today is refused: saved, it would be over before it began, every session past (the
    QA run, a new plan after the race took the start of the plan before it)."""
    from runstrength.errors import InvalidInput

    start = made.inputs.start_date
    dates = [s.date for _, s in made.sessions() if s.date is not None]
    if start is None or not dates or dates[-1] >= today:
        return
    monday = today + dt.timedelta(days=7 - today.weekday())
    raise InvalidInput(
        f"your saved start {start.isoformat()} puts this plan wholly in the past (its last "
        f"session is on {dates[-1].isoformat()}): give --start for the new one, e.g. "
        f"--start {monday.isoformat()}"
    )


def _check_post_race(
    made: "Plan",
    active: "ActivePlan | None",
    saved: "Profile | None",
    rules: "Rulebook",
    today: dt.date,
) -> None:
    """`plan --save` of a plan with heavy lifting or jumps inside the post-race lockout of
    the race just run (the active plan's, or the saved profile's) is refused."""
    from runstrength.errors import InvalidInput
    from runstrength.log.standing import lockout_clash

    races = [] if active is None else [active.plan.inputs]
    said = lockout_clash(made, [*races, *([saved] if saved else [])], rules, today)
    if said is not None:
        raise InvalidInput(said)


# The inputs a plan takes from the weekly volume, which imported runs can change.
_VOLUME = ("weekly_volume", "unit", "weekly_volume_km", "volume_band")


def _active_despite_runs(
    log: "SessionLog",
    made: "Plan",
    saved_volume: tuple[Any, Any],
    cat: "Catalog",
    rules: "Rulebook",
    today: dt.date,
) -> "Plan | None":
    """`plan` without --save shows the plan being followed. The imported runs' mean volume
    (issue 13) can make another plan, with nothing of it done (the QA run: a week after the
    save, 22.5 km instead of 30 and week 1's logged session not done). When the active plan
    is `made` but for its volume, and that volume is the saved one, the active plan is
    shown with the log, and a line on what the runs say; None otherwise."""
    from runstrength.log.service import log_view

    active = log.active_plan()
    if active is None:
        return None
    plan, runs = active.plan.inputs, made.inputs
    if (plan.weekly_volume, plan.unit) != saved_volume:
        return None
    if runs.model_copy(update={k: getattr(plan, k) for k in _VOLUME}) != plan:
        return None
    viewed = log_view(log, active.plan, cat, rules, today)
    line = (
        f"Your runs of the last weeks average {runs.weekly_volume:g} {runs.unit.value} a week; "
        f"the active plan is for {plan.weekly_volume:g} {plan.unit.value}: "
        "`runstrength plan --save` makes a new plan for the runs' volume"
    )
    return viewed.model_copy(update={"warnings": [line, *viewed.warnings]})


def _plan_with_log(
    fields: dict[str, Any],
    max_: list[str],
    save: bool,
    cat: "Catalog",
    rules: "Rulebook",
    today: dt.date,
) -> "tuple[Plan, _Saving | None]":
    """The plan the log sees: the saved profile under the flags, the volume from imported
    runs, the loads from the log; with --save, also what to keep."""
    from runstrength import __version__
    from runstrength.cli.log_common import log_path
    from runstrength.log.run_import import follow_runs  # issue 13: the runs set the volume
    from runstrength.log.service import log_view, with_maxes
    from runstrength.log.storage import SessionLog
    from runstrength.models import Profile
    from runstrength.plan.engine import generate_plan

    with SessionLog(log_path()) as log:  # one open for the profile, the save and the log's view
        based_on = log.profile_json()  # --save refuses if another process changes it meanwhile
        saved = log.load_profile()
        base = saved_under(saved, fields) if saved is not None else {}
        values, from_runs = follow_runs(
            log, {**base, **fields}, given=fields, today=today, rules=rules
        )
        if saved is None and not from_runs:
            # flags alone: each value came from a parser stricter than its field, and
            # pydantic's validator (plus its plugin loader) would cost ~20 ms to build
            profile = Profile.of_parsed(values)
        else:
            profile = validated_profile(values)
        _check_saved_race(profile, fields, today)
        if max_:
            maxes = {**profile.maxes, **_maxes(max_, profile, cat)}
            profile = profile.model_copy(update={"maxes": maxes})
        made = generate_plan(profile, cat, rules, today=today, version=__version__)
        if save and "start_date" not in fields:
            _check_saved_start(made, today)
        if save:
            _check_post_race(made, log.active_plan(), saved, rules, today)
        if from_runs:
            made = made.model_copy(update={"warnings": [*from_runs, *made.warnings]})
        if not save:
            if max_:  # W10: a --max gives loads without --save too
                made = with_maxes(made, profile, cat, rules, today)
            viewed = log_view(log, made, cat, rules, today)
            by_runs = "weekly_volume" not in fields and "weekly_volume" in base
            if viewed is made and by_runs and not max_:
                volume = (base["weekly_volume"], base["unit"])
                viewed = _active_despite_runs(log, made, volume, cat, rules, today) or viewed
            return viewed, None
        from runstrength.log.service import save_active_plan

        with log.tentative():  # the view as the saved plan will see it; nothing kept yet
            log.save_profile(profile)
            active, said = save_active_plan(
                log, made, today=today, start_given="start_date" in fields
            )
            result = log_view(log, active, cat, rules, today)
    kept = None if active is not made else made  # the same plan stays active
    return result, _Saving(profile, kept, based_on, said, today)


def _save(saving: _Saving) -> None:
    """Keep the profile and the plan, in one transaction, and say so."""
    from runstrength.cli.log_common import log_path
    from runstrength.log.storage import SessionLog

    with SessionLog(log_path()) as log:
        log.save_profile_and_plan(
            saving.profile, saving.plan, based_on=saving.based_on, today=saving.today
        )
    typer.echo(f"Saved as your profile and active plan ({log.path}).", err=True)
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


def _warn_all(lines: list[str]) -> None:
    from runstrength.cli.console import warn

    for line in lines:
        warn(line)


def _maxes(values: list[str], profile: "Profile", catalog: "Catalog") -> dict[str, float]:
    """--max ID=LOAD values as e1RMs in the profile's load unit."""
    from runstrength.log.profile import parse_max
    from runstrength.units import convert_load

    found: dict[str, float] = {}
    for value in values:
        _check_max_id(value.partition("=")[0].strip(), catalog)
        exercise_id, amount, unit = parse_max(value, profile.load_unit, catalog)
        found[exercise_id] = round(convert_load(amount, unit, profile.load_unit), 2)
    return found


def _check_max_id(exercise_id: str, catalog: "Catalog") -> None:
    """An unknown --max id is named with the ids really close to it, or none at all
    (`foo` is not a typo of `pogos`)."""
    if not exercise_id or exercise_id in catalog:
        return  # an empty id: parse_max says how to write the value
    from runstrength.errors import InvalidInput
    from runstrength.numbers import shown
    from runstrength.text import close_words

    close = close_words(exercise_id, catalog.exercises)
    hint = f"did you mean {' or '.join(close)}?" if close else "see `runstrength catalog list`"
    raise InvalidInput(f"--max: unknown exercise {shown(exercise_id)}; {hint}")
