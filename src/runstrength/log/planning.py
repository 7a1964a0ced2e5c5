"""The plan `runstrength plan` shows and saves: from the flags alone, or through the log.

Without a log (and no --save), the plan is the flags' own. With one, it is the saved
profile under the flags, the weekly volume from imported runs (issue 13), the loads from
the log; with --save, also what to keep once the output is written (`Saving`, kept by
`save`). The CLI parses the flags, calls these and prints; the checks that refuse a save
(a past race or start, the post-race lockout) are here, as one-line `InvalidInput`s.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

from runstrength.errors import InvalidInput, InvalidProfile

if TYPE_CHECKING:
    from runstrength.log.records import ActivePlan
    from runstrength.log.storage import SessionLog
    from runstrength.models import Catalog, Plan, Profile
    from runstrength.rulebook import Rulebook


def plan_alone(
    fields: dict[str, Any], max_flags: list[str], cat: Catalog, rules: Rulebook, today: dt.date
) -> Plan:
    """The plan from the flags alone, when there is no log (and none is made)."""
    from runstrength import __version__
    from runstrength.models import Profile
    from runstrength.plan.engine import generate_plan

    profile = Profile.of_parsed(fields)  # every value came from a flag parser
    if max_flags:
        profile = profile.model_copy(update={"maxes": maxes_of(max_flags, profile, cat, rules)})
    result = generate_plan(profile, cat, rules, today=today, version=__version__)
    if max_flags:  # W10: a --max gives loads without --save too
        from runstrength.log.service import with_maxes

        result = with_maxes(result, profile, cat, rules, today)
    return result


class Saving(NamedTuple):
    """What `plan --save` keeps once the output is written."""

    profile: Profile
    plan: Plan | None  # None: the active plan stays as it is
    based_on: str | None  # the stored profile it was made from (a concurrent change refuses)
    said: list[str]
    today: dt.date  # a re-saved plan carries on from here (§10.7)
    catalogs: tuple[str, ...] = ()  # the catalog files it was made with (absolute paths)


def _check_half_a_race(profile: Profile, fields: dict[str, Any]) -> None:
    """A saved profile with a race date and no distance, or the reverse (`profile set`
    allows one half at a time), with no flag to complete it: what to set, in the words of
    `profile set`, rather than the flag error "--race-distance needs --race-date" for flags
    the runner did not give (the reliability review's S6 re-check)."""
    if fields.keys() & {"race_date", "race_distance"}:
        return  # a flag gave one half: the flag's own error says what is missing
    if profile.race_distance is not None and profile.race_date is None:
        raise InvalidProfile(
            f"the saved profile holds a race distance ({profile.race_distance.value}) and no "
            "race date: `runstrength profile set race-date YYYY-MM-DD`, or "
            "`runstrength profile set race-distance none` for a plan without a race"
        )
    if profile.race_date is not None and profile.race_distance is None:
        raise InvalidProfile(
            f"the saved profile holds a race date ({profile.race_date}) and no race "
            "distance: `runstrength profile set race-distance half` (5k, 10k, half, "
            "marathon, ultra), or `runstrength profile set race-date none`"
        )


def _check_saved_race(profile: Profile, fields: dict[str, Any], today: dt.date) -> None:
    """A race from the saved profile that is over: what to do next, rather than the flag
    error "--race-date … is not in the future" for a flag the runner did not give (the QA
    run, after the race: `next` said to run `plan --save`, which then failed so)."""
    race = profile.race_date
    if "race_date" in fields or race is None or race > today:
        return
    distance = f" {profile.race_distance.value}" if profile.race_distance else ""
    raise InvalidInput(
        f"your saved race ({race.isoformat()}{distance}) is past: give --race-date and "
        "--race-distance for the next one, or `runstrength profile set race-date none` and "
        "`runstrength profile set race-distance none` for a plan without a race"
    )


def _after_a_race(
    saved: Profile | None, values: dict[str, Any], fields: dict[str, Any], today: dt.date
) -> tuple[dict[str, Any], list[str]]:
    """After the saved race, what the runner asks for next: a season given is a plan
    without that race, and a new race date a plan of its own; either starts afresh rather
    than at the old plan's start (the second QA pass: `plan --season off` was refused for
    the race just run, and a new race plan began at week 19). The values to plan from, and
    the line that says so; unchanged while the race is ahead, or when neither is given."""
    race = saved.race_date if saved is not None else None
    if saved is None or race is None or race > today:
        return values, []
    if "race_date" not in fields and "season" not in fields:
        return values, []  # `_check_saved_race` says what to give
    dropped = {"race_date", "race_distance"} if "race_date" not in fields else set()
    old_start = saved.start_date if "start_date" not in fields else None
    if old_start is not None and old_start <= today:
        dropped.add("start_date")
    distance = f" ({saved.race_distance.value})" if saved.race_distance else ""
    said = f"Your race of {race.isoformat()}{distance} is past: "
    said += "this plan has no race" if "race_date" not in fields else "this plan is for the next"
    if old_start is not None and "start_date" in dropped:
        said += f", and starts afresh rather than on {old_start.isoformat()} (--start sets the day)"
    return {k: v for k, v in values.items() if k not in dropped}, [said]


def _check_saved_start(made: Plan, today: dt.date) -> None:
    """`plan --save` with a start from the saved profile that puts the whole plan before
    today is refused: saved, it would be over before it began, every session past (the
    QA run, a new plan after the race took the start of the plan before it)."""
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
    made: Plan,
    active: ActivePlan | None,
    saved: Profile | None,
    rules: Rulebook,
    today: dt.date,
) -> None:
    """`plan --save` of a plan with heavy lifting or jumps inside the post-race lockout of
    the race just run (the active plan's, or the saved profile's) is refused."""
    from runstrength.log.standing import lockout_clash

    races = [] if active is None else [active.plan.inputs]
    said = lockout_clash(made, [*races, *([saved] if saved else [])], rules, today)
    if said is not None:
        raise InvalidInput(said)


# The inputs a plan takes from the weekly volume, which imported runs can change.
_VOLUME = ("weekly_volume", "unit", "weekly_volume_km", "volume_band")


def _active_despite_runs(
    log: SessionLog,
    made: Plan,
    saved_volume: tuple[Any, Any],
    cat: Catalog,
    rules: Rulebook,
    today: dt.date,
) -> Plan | None:
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


def plan_with_log(
    path: Path,
    fields: dict[str, Any],
    max_flags: list[str],
    save: bool,
    cat: Catalog,
    rules: Rulebook,
    today: dt.date,
    catalogs: tuple[str, ...] = (),
    *,
    same_catalog: bool = True,
) -> tuple[Plan, Saving | None]:
    """The plan the log sees: the saved profile under the flags, the volume from imported
    runs, the loads from the log; with --save, also what to keep (`catalogs`: the catalog
    files `cat` was read from besides the shipped one, as absolute paths). A plan made
    with other catalog files than those saved (not `same_catalog`) is never the active
    plan, whatever its inputs."""
    from runstrength import __version__
    from runstrength.inputs import saved_under
    from runstrength.log.run_import import follow_runs  # issue 13: the runs set the volume
    from runstrength.log.service import log_view, with_maxes
    from runstrength.log.storage import SessionLog
    from runstrength.plan.engine import generate_plan

    with SessionLog(path) as log:  # one open for the profile, the save and the log's view
        based_on = log.profile_json()  # --save refuses if another process changes it meanwhile
        saved = log.load_profile()
        base = saved_under(saved, fields) if saved is not None else {}
        base, after_race = _after_a_race(saved, base, fields, today)
        values, from_runs = follow_runs(
            log, {**base, **fields}, given=fields, today=today, rules=rules
        )
        from_runs = [*after_race, *from_runs]
        profile = _profile_of(saved, values, from_runs)
        _check_half_a_race(profile, fields)
        _check_saved_race(profile, fields, today)
        if max_flags:
            maxes = {**profile.maxes, **maxes_of(max_flags, profile, cat, rules)}
            profile = profile.model_copy(update={"maxes": maxes})
        made = generate_plan(profile, cat, rules, today=today, version=__version__)
        if save and "start_date" not in fields:
            _check_saved_start(made, today)
        if save:
            _check_post_race(made, log.active_plan(), saved, rules, today)
        if from_runs:
            made = made.model_copy(update={"warnings": [*from_runs, *made.warnings]})
        if not save:
            if max_flags:  # W10: a --max gives loads without --save too
                made = with_maxes(made, profile, cat, rules, today)
            if not same_catalog:
                return made, None
            viewed = log_view(log, made, cat, rules, today)
            by_runs = "weekly_volume" not in fields and "weekly_volume" in base
            if viewed is made and by_runs and not max_flags:
                volume = (base["weekly_volume"], base["unit"])
                viewed = _active_despite_runs(log, made, volume, cat, rules, today) or viewed
            return viewed, None
        from runstrength.log.service import save_active_plan

        with log.tentative():  # the view as the saved plan will see it; nothing kept yet
            log.save_profile(profile)
            active, said = save_active_plan(
                log,
                made,
                rules,
                today=today,
                start_given="start_date" in fields,
                new=not same_catalog,
            )
            result = log_view(log, active, cat, rules, today)
    kept = None if active is not made else made  # the same plan stays active
    return result, Saving(profile, kept, based_on, said, today, catalogs)


def _profile_of(saved: Profile | None, values: dict[str, Any], from_runs: list[str]) -> Profile:
    """The runner's profile from the merged values: built as is from flags alone (each
    value came from a parser stricter than its field, and validating would import
    pydantic and build its validator, ~40 ms), validated when a saved profile or the runs
    gave any."""
    from runstrength.inputs import validated_profile
    from runstrength.models import Profile

    if saved is None and not from_runs:
        return Profile.of_parsed(values)
    return validated_profile(values)


def maxes_of(
    values: list[str], profile: Profile, catalog: Catalog, rules: Rulebook
) -> dict[str, float]:
    """--max ID=LOAD values as e1RMs in the profile's load unit."""
    from runstrength.log.profile import parse_max
    from runstrength.units import convert_load

    found: dict[str, float] = {}
    given: dict[str, str] = {}
    for value in values:
        _check_max_flagsid(value.partition("=")[0].strip(), catalog)
        exercise_id, amount, unit = parse_max(value, profile.load_unit, catalog, rules, "--max")
        load = value.partition("=")[2].strip()
        if exercise_id in given:
            # the outputs QA run: the last of two values won in silence, a typo in one
            # changing every load of the plan
            twice = f"{given[exercise_id]} and {load}"
            raise InvalidInput(f"--max {exercise_id}: given twice ({twice}); give it once")
        given[exercise_id] = load
        found[exercise_id] = round(convert_load(amount, unit, profile.load_unit), 2)
    return found


def _check_max_flagsid(exercise_id: str, catalog: Catalog) -> None:
    """An unknown --max id is named with the ids really close to it, or none at all
    (`foo` is not a typo of `pogos`)."""
    if not exercise_id or exercise_id in catalog:
        return  # an empty id: parse_max says how to write the value
    from runstrength.numbers import shown
    from runstrength.text import close_words

    close = close_words(exercise_id, catalog.exercises)
    hint = f"did you mean {' or '.join(close)}?" if close else "see `runstrength catalog list`"
    raise InvalidInput(f"--max: unknown exercise {shown(exercise_id)}; {hint}")


def save(path: Path, saving: Saving) -> None:
    """Keep the profile and the plan of `plan --save`, in one transaction (refused when
    another process changed the profile since it was read)."""
    from runstrength.log.storage import SessionLog

    with SessionLog(path) as log:
        log.save_profile_and_plan(
            saving.profile,
            saving.plan,
            based_on=saving.based_on,
            today=saving.today,
            catalogs=saving.catalogs,
        )
