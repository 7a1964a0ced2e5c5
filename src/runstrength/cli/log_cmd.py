"""`runstrength log | next | history | profile`: the training loop on top of the log.

    runstrength log EXERCISE SPEC [--rir N] [--pain N] [--date D] [--note TEXT]
    runstrength log                     walk the next session (stdin must be a terminal)
    runstrength log --done              record the next session as prescribed
    runstrength log undo | edit ID | list | export | import FILE | path
    runstrength next [--format table|json]
    runstrength history [EXERCISE] [--since DATE] [--format table|json|csv]
    runstrength profile                 show;  runstrength profile set KEY VALUE

Only typer and the stdlib are imported at the top; the log, the rules and rich are imported
inside the commands. Today's date is read here (cli.output.today) and passed down.
"""

# No `from __future__ import annotations`: typer reads the command signatures at
# start-up and would eval each string annotation; the few that name modules imported
# only for type checking are quoted instead.

import datetime as dt
import json
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
from typer.core import TyperGroup

from runstrength.errors import InvalidInput

if TYPE_CHECKING:
    from runstrength.enums import LoadUnit
    from runstrength.log.nextsession import NextSession
    from runstrength.log.progress import History
    from runstrength.log.spec import SetDose
    from runstrength.log.storage import (
        ActivePlan,
        BestSet,
        HistoryReport,
        LoggedSession,
        LoggedSet,
        SessionLog,
    )
    from runstrength.models import Catalog, Plan, Prescription, Profile, Session, Week
    from runstrength.rulebook import Rulebook

Opt = typer.Option
Arg = typer.Argument
LOG_FILE = "log.db"
SPARKS = "▁▂▃▄▅▆▇█"
HISTORY_WEEKS = 12

RirOpt = Annotated[int | None, Opt("--rir", help="Reps in reserve at the end of each set, 0–10.")]
PainOpt = Annotated[int | None, Opt("--pain", help="Pain during or after, 0–10.")]
DateOpt = Annotated[
    str | None,
    Opt("--date", help="When you did it: YYYY-MM-DD, today or yesterday (default today)."),
]
NoteOpt = Annotated[str | None, Opt("--note", help="A note for the session.")]


class LogGroup(TyperGroup):
    """`log` is both a command and a group: a first word that is not a subcommand (or no
    word at all) goes to `log add`, so `log squat 3x5@80kg` and `log undo` both work."""

    def parse_args(self, ctx: Any, args: list[str]) -> list[str]:
        if not args or (args[0] not in self.commands and args[0] not in ("-h", "--help")):
            args = ["add", *args]
        return super().parse_args(ctx, args)


def register(app: typer.Typer, new_app: Callable[..., typer.Typer]) -> None:
    """Add `log`, `next`, `history` and `profile` to the app."""
    group = typer.Typer(
        cls=LogGroup,
        pretty_exceptions_enable=False,
        help="Record what you did: `log EXERCISE SPEC` (3x5@80kg, 5,5,4@82.5kg, 3x10, 3x30s, "
        "3x20c), `log --done`, or `log` alone to walk the next session.",
        context_settings={"help_option_names": ["-h", "--help"]},
    )
    app.add_typer(group, name="log")
    group.command("add")(add)
    group.command("undo")(undo)
    group.command("edit")(edit)
    group.command("list")(list_sessions)
    group.command("export")(export)
    group.command("import")(import_)
    group.command("path")(path)
    app.command("next")(next_)
    app.command("history")(history)
    profile_group = typer.Typer(
        pretty_exceptions_enable=False,
        invoke_without_command=True,
        help="Show the saved profile (the inputs `plan` reuses), or change one input.",
        context_settings={"help_option_names": ["-h", "--help"]},
    )
    app.add_typer(profile_group, name="profile")
    profile_group.callback()(profile)
    profile_group.command("set")(profile_set)


# --------------------------------------------------------------------------- shared helpers


def log_path() -> Path:
    """The log database: <user data folder>/log.db ($RUNSTRENGTH_HOME overrides the folder)."""
    from runstrength.paths import user_dir

    return user_dir() / LOG_FILE


def open_log() -> "SessionLog":
    """Open (create, migrate) the log."""
    from runstrength.log.storage import SessionLog

    return SessionLog(log_path())


def today() -> dt.date:
    """Today, as the CLI layer sees it ($RUNSTRENGTH_TODAY pins it for tests and demos)."""
    from runstrength.cli import output

    return output.today()


def core() -> "tuple[Catalog, Rulebook]":
    """The catalog and the rules (tests replace this)."""
    from runstrength.cli import output

    return output.core_inputs([])


def stdin_is_terminal() -> bool:
    """Whether a person can answer prompts."""
    return sys.stdin.isatty()


def _num(value: float) -> str:
    return f"{round(value, 2):g}"


def _day(raw: str | None, now: dt.date) -> dt.date:
    from runstrength.log.spec import parse_date

    return now if raw is None else parse_date(raw, now)


def _load_unit(log: "SessionLog", active: "ActivePlan | None") -> "LoadUnit":
    from runstrength.enums import LoadUnit

    profile = log.load_profile()
    if profile is not None:
        return profile.load_unit
    if active is not None:
        return active.plan.inputs.load_unit
    return LoadUnit.KG


def _quick_load_unit(log: "SessionLog") -> "LoadUnit":
    """The profile's load unit without validating the whole profile (history stays fast)."""
    from runstrength.enums import LoadUnit

    raw = log.profile_field("load_unit")
    return LoadUnit(raw) if raw in ("kg", "lb") else LoadUnit.KG


def _increment(log: "SessionLog", unit: "LoadUnit") -> float | None:
    from runstrength.log.spec import parse_load

    raw = log.settings().get("increment")
    if raw is None:
        return None
    parsed = parse_load(raw, unit)
    if parsed.unit is not unit or parsed.load is None:
        return None  # set in the other unit: the rules' default fits this plan better
    return parsed.load


def load_history(
    log: "SessionLog",
    active: "ActivePlan",
    catalog: "Catalog | None",
    unit: "LoadUnit",
    rules: "Rulebook",
) -> "History":
    """What progression needs from the log for `active` (also for `plan`'s apply_log):
    recent sessions of its exercises and their regressions, maxes (log and profile), the
    plan id and the runner's load increment."""
    from runstrength.log.progress import History, Max

    ids = {p.id for _, s in active.plan.sessions() for p in s.exercises}
    if catalog is not None:
        # regressions (pain swaps) and progressions (the bodyweight ladder) have logs too
        linked = [(e.regression, e.progression) for i in ids if (e := catalog.get(i)) is not None]
        ids |= {x for pair in linked for x in pair if x}
    maxes: dict[str, Any] = dict(log.maxes())
    profile = log.load_profile()
    if profile is not None:
        for exercise_id, value in profile.maxes.items():
            maxes.setdefault(exercise_id, Max(value, profile.load_unit, "profile"))
    return History(
        sessions=log.recent(
            ids,
            rules.log_recent.per_exercise,
            window_days=rules.log_recent.window_days,
            plan_id=active.id,
        ),
        maxes=maxes,
        plan_id=active.id,
        increment=_increment(log, unit),
    )


def _require_plan(log: "SessionLog") -> "ActivePlan":
    active = log.active_plan()
    if active is None:
        raise InvalidInput("no active plan; make one with `runstrength plan ... --save`")
    return active


def _spec_of(p: "Prescription") -> str:
    """The SPEC that means 'as prescribed' (the bottom of a rep range)."""
    from runstrength.enums import LoadType

    sets = p.sets
    if p.contacts is not None:
        dose = f"{max(1, p.contacts // max(1, sets))}c"
    elif p.seconds is not None:
        dose = f"{p.seconds}s"
    elif p.distance_m is not None:
        dose = f"{p.distance_m}m"
    elif p.reps is not None:
        dose = str(p.reps[0])
    else:
        dose = "1"
    spec = f"{sets}x{dose}"
    if p.load.type is LoadType.ABSOLUTE and p.load.value is not None:
        spec += f"@{_num(p.load.value)}{p.load.unit or ''}"
    return spec


def _to_sets(
    exercise_id: str,
    doses: "Sequence[SetDose]",
    *,
    rir: int | None,
    pain: int | None,
    p: "Prescription | None",
) -> "list[LoggedSet]":
    from runstrength.log.storage import LoggedSet

    lo = hi = target = None
    if p is not None and p.reps is not None:
        lo, hi = p.reps
        target = p.target_rir
    return [
        LoggedSet(
            exercise_id=exercise_id,
            set_no=n,
            reps=d.reps,
            load=d.load,
            unit=d.unit,
            seconds=d.seconds,
            contacts=d.contacts,
            distance_m=d.distance_m,
            rir=rir,
            pain=pain,
            target_reps_lo=lo,
            target_reps_hi=hi,
            target_rir=target,
        )
        for n, d in enumerate(doses, start=1)
    ]


def _doses_of(sets: "Sequence[LoggedSet]") -> "list[SetDose]":
    from runstrength.log.spec import SetDose

    return [
        SetDose(
            reps=s.reps if s.contacts is None else None,
            seconds=s.seconds,
            contacts=s.contacts,
            distance_m=s.distance_m,
            load=s.load,
            unit=s.unit,
        )
        for s in sets
    ]


def _entry_text(sets: "Sequence[LoggedSet]") -> str:
    from runstrength.log.spec import format_doses

    text = format_doses(_doses_of(sets))
    extras = []
    rirs = {s.rir for s in sets if s.rir is not None}
    pains = {s.pain for s in sets if s.pain}
    if rirs:
        extras.append("RIR " + "/".join(str(r) for r in sorted(rirs)))
    if pains:
        extras.append("pain " + "/".join(str(p) for p in sorted(pains)))
    return f"{text} ({', '.join(extras)})" if extras else text


def _session_lines(s: "LoggedSession") -> list[str]:
    where = f" · week {s.week} {s.label or s.session}" if s.week is not None else ""
    lines = [f"#{s.id} {s.date.isoformat()}{where}" + (f" · {s.note}" if s.note else "")]
    by_exercise: dict[str, list[LoggedSet]] = {}
    for st in s.sets:
        by_exercise.setdefault(st.exercise_id, []).append(st)
    lines += [f"  {ex}: {_entry_text(sets)}" for ex, sets in by_exercise.items()]
    if not s.sets:
        lines.append("  (no sets)")
    return lines


def _echo_session(s: "LoggedSession", prefix: str = "") -> None:
    lines = _session_lines(s)
    typer.echo(prefix + lines[0])
    for line in lines[1:]:
        typer.echo(line)


# --------------------------------------------------------------------------- log add


def add(
    exercise: Annotated[str | None, Arg(help="Exercise id, e.g. trap-bar-deadlift.")] = None,
    spec: Annotated[
        str | None, Arg(help="What you did: 3x5@80kg, 5,5,4@82.5kg, 3x10, 3x30s, 3x20c, @175lb.")
    ] = None,
    rir: RirOpt = None,
    pain: PainOpt = None,
    date: DateOpt = None,
    note: NoteOpt = None,
    done: Annotated[
        bool, Opt("--done", help="Record the next planned session exactly as prescribed.")
    ] = False,
) -> None:
    """Log one exercise, the next session as prescribed (--done), or walk it (no arguments)."""
    from runstrength.log.spec import check_scale

    now = today()
    day = _day(date, now)
    check_scale("--rir", rir)
    check_scale("--pain", pain)
    if done:
        if exercise is not None:
            raise InvalidInput("--done records the whole next session; leave out EXERCISE SPEC")
        _log_done(day, now, note)
        return
    if exercise is None:
        if rir is not None or pain is not None:
            raise InvalidInput("--rir and --pain need EXERCISE SPEC")
        if not stdin_is_terminal():
            raise InvalidInput(
                "give EXERCISE SPEC (e.g. `runstrength log back-squat 3x5@80kg --rir 2`), "
                "or --done; walking the next session needs a terminal"
            )
        _log_interactive(day, now, note)
        return
    if spec is None:
        raise InvalidInput(f"what did you do? e.g. `runstrength log {exercise} 3x5@80kg`")
    _log_one(exercise, spec, day=day, now=now, rir=rir, pain=pain, note=note)


def _log_one(
    exercise: str,
    spec: str,
    *,
    day: dt.date,
    now: dt.date,
    rir: int | None,
    pain: int | None,
    note: str | None,
) -> None:
    from runstrength.enums import LoadUnit
    from runstrength.log.progress import attach_target
    from runstrength.log.spec import parse_spec

    catalog, rules = core()
    catalog.require(exercise)
    if not spec.strip().startswith("@"):
        parse_spec(spec, LoadUnit.KG)  # a malformed SPEC fails before the log is opened
    with open_log() as log:
        active = log.active_plan()
        unit = _load_unit(log, active)
        target = None
        if active is not None:
            history = load_history(log, active, catalog, unit, rules)
            target = _same_day_target(log, active, day) or attach_target(
                active.plan, history, day, now, exercise
            )
        prescribed = None
        if target is not None:
            found = [p for p in target[1].exercises if p.id == exercise]
            prescribed = found[0] if found else None
        defaults = parse_spec(_spec_of(prescribed), unit) if prescribed is not None else None
        doses = parse_spec(spec, unit, defaults)
        sets = _to_sets(exercise, doses, rir=rir, pain=pain, p=prescribed)
        attach: dict[str, Any] = {}
        if active is not None and target is not None:
            week, session = target
            attach = {
                "plan_id": active.id,
                "week": week.index,
                "session": session.index,
                "label": session.label,
            }
        saved = log.add_session(day, sets, note=note, **attach)
    typer.echo(f"Logged {exercise}: {_entry_text(sets)}")
    _echo_session(saved, prefix="Session ")
    if pain is not None and pain >= rules.pain.modify_at:
        typer.secho(
            f"Pain {pain}/10: the next session will go easier on this. If pain is sharp, "
            "worsening or lasts past tomorrow, see a doctor or physiotherapist.",
            fg="yellow",
            err=True,
        )


def _same_day_target(
    log: "SessionLog", active: "ActivePlan", day: dt.date
) -> "tuple[Week, Session] | None":
    """The plan session a session already logged on `day` is attached to: more entries on
    the same day join it."""
    for logged in reversed(log.sessions(since=day, until=day)):
        if logged.plan_id == active.id and logged.week is not None:
            for week, session in active.plan.sessions():
                if (week.index, session.index) == (logged.week, logged.session):
                    return week, session
    return None


def _next_for_logging(
    log: "SessionLog", day: dt.date, now: dt.date
) -> "tuple[ActivePlan, NextSession]":
    from runstrength.log.nextsession import prescribe_next

    catalog, rules = core()
    active = _require_plan(log)
    unit = _load_unit(log, active)
    history = load_history(log, active, catalog, unit, rules)
    nxt = prescribe_next(active.plan, history, now, rules, catalog)
    if nxt is None:
        raise InvalidInput(
            "the active plan is complete; log with `runstrength log EXERCISE SPEC` "
            "or save a new plan"
        )
    return active, nxt


def _log_done(day: dt.date, now: dt.date, note: str | None) -> None:
    from runstrength.log.spec import parse_spec

    with open_log() as log:
        active, nxt = _next_for_logging(log, day, now)
        unit = _load_unit(log, active)
        sets: list[LoggedSet] = []
        for p in nxt.session.exercises:
            doses = parse_spec(_spec_of(p), unit)
            sets += _to_sets(p.id, doses, rir=p.target_rir, pain=None, p=p)
        saved = log.add_session(
            day,
            sets,
            plan_id=active.id,
            week=nxt.week.index,
            session=nxt.session.index,
            label=nxt.session.label,
            note=note,
        )
    typer.echo(f"Logged week {nxt.week.index} session {nxt.session.label} as prescribed.")
    _echo_session(saved, prefix="Session ")


def _log_interactive(day: dt.date, now: dt.date, note: str | None) -> None:
    from runstrength.log.spec import parse_scale, parse_spec
    from runstrength.render.common import dose_text, load_text

    with open_log() as log:
        active, nxt = _next_for_logging(log, day, now)
        unit = _load_unit(log, active)
        typer.echo(
            f"Week {nxt.week.index}, session {nxt.session.label}"
            f" ({day.isoformat()}). Enter accepts [what is shown]; or type what you did "
            "(5,5,4@82.5, 3x30s) or skip."
        )
        for line in nxt.notes:
            typer.secho(line, fg="yellow")
        entries: list[LoggedSet] = []
        total = len(nxt.session.exercises)
        for i, p in enumerate(nxt.session.exercises, start=1):
            typer.echo(f"{i}/{total} {p.name}: {dose_text(p)}, {load_text(p)}")
            default = _spec_of(p)
            prescribed = parse_spec(default, unit)
            while True:
                raw = typer.prompt("  done", default=default).strip()
                if raw.lower() == "skip":
                    doses = []
                    break
                try:
                    doses = parse_spec(raw, unit, prescribed)
                except InvalidInput as exc:
                    typer.secho(f"  {exc}", fg="red")
                    continue
                break
            if not doses:
                continue
            rir: int | None = None
            if p.target_rir is not None:
                rir = _ask_scale("  RIR", str(p.target_rir), parse_scale)
            pain = _ask_scale("  pain 0–10", "0", parse_scale)
            entries += _to_sets(p.id, doses, rir=rir, pain=pain or None, p=p)
        if note is None:
            note = typer.prompt("Note (optional)", default="", show_default=False).strip() or None
        typer.echo("\nSummary:")
        by_exercise: dict[str, list[LoggedSet]] = {}
        for st in entries:
            by_exercise.setdefault(st.exercise_id, []).append(st)
        for exercise_id, sets in by_exercise.items():
            typer.echo(f"  {exercise_id}: {_entry_text(sets)}")
        if not entries:
            typer.echo("  (everything skipped)")
        if not typer.confirm("Save this session?", default=True):
            typer.echo("Nothing saved.")
            return
        saved = log.add_session(
            day,
            entries,
            plan_id=active.id,
            week=nxt.week.index,
            session=nxt.session.index,
            label=nxt.session.label,
            note=note,
        )
    typer.echo(f"Saved session #{saved.id}.")


def _ask_scale(label: str, default: str, parse: Callable[[str, str], int | None]) -> int | None:
    while True:
        raw = typer.prompt(label, default=default)
        try:
            return parse(label.strip(), raw)
        except InvalidInput as exc:
            typer.secho(f"  {exc}", fg="red")


# --------------------------------------------------------------------------- undo, edit, list


def undo(
    yes: Annotated[bool, Opt("--yes", "-y", help="Do not ask before removing.")] = False,
) -> None:
    """Remove the last logged session (it is shown first)."""
    with open_log() as log:
        last = log.last_session()
        if last is None:
            raise InvalidInput("the log is empty; there is nothing to undo")
        _echo_session(last, prefix="Last session: ")
        if (
            not yes
            and stdin_is_terminal()
            and not typer.confirm("Remove this session?", default=False)
        ):
            typer.echo("Kept.")
            return
        removed = log.undo_last(expected_id=last.id)
    typer.echo(f"Removed session #{removed.id}.")


def edit(
    session_id: Annotated[int, Arg(help="The session's id (see `runstrength log list`).")],
    exercise: Annotated[str | None, Arg(help="Exercise whose sets to replace.")] = None,
    spec: Annotated[
        str | None, Arg(help="Its sets as they really were, e.g. 5,5,4@82.5kg.")
    ] = None,
    rir: RirOpt = None,
    pain: PainOpt = None,
    date: DateOpt = None,
    note: Annotated[str | None, Opt("--note", help="Replace the note ('' clears it).")] = None,
    remove: Annotated[
        list[str] | None, Opt("--remove", help="Drop this exercise from the session (repeatable).")
    ] = None,
) -> None:
    """Correct one logged session: its date, note, or one exercise's sets."""
    from runstrength.log.spec import check_scale, parse_spec

    now = today()
    new_date = _day(date, now) if date is not None else None
    check_scale("--rir", rir)
    check_scale("--pain", pain)
    if (exercise is None) != (spec is None):
        raise InvalidInput("give both EXERCISE and SPEC to replace an exercise's sets")
    if exercise is None and (rir is not None or pain is not None):
        raise InvalidInput("--rir and --pain need EXERCISE SPEC")
    if exercise is None and new_date is None and note is None and not remove:
        raise InvalidInput("nothing to change; give EXERCISE SPEC, --date, --note or --remove")
    replace_sets = None
    if exercise is not None and spec is not None:
        catalog, _ = core()
        catalog.require(exercise)
    with open_log() as log:
        current = log.get_session(session_id)
        if exercise is not None and spec is not None:
            unit = _load_unit(log, log.active_plan())
            old = [s for s in current.sets if s.exercise_id == exercise]
            targets = old[0] if old else None
            doses = parse_spec(spec, unit, _doses_of(old) if old else None)
            old_loads = {(s.load, s.unit) for s in old if s.load is not None}
            if "@" not in spec and len(old_loads) == 1:  # a SPEC without @LOAD keeps the load
                load, load_unit = old_loads.pop()
                doses = [d._replace(load=load, unit=load_unit) for d in doses]
            new_sets = _to_sets(exercise, doses, rir=rir, pain=pain, p=None)
            if targets is not None:
                new_sets = [
                    s._replace(
                        target_reps_lo=targets.target_reps_lo,
                        target_reps_hi=targets.target_reps_hi,
                        target_rir=targets.target_rir,
                        rir=s.rir if rir is not None else targets.rir,
                        pain=s.pain if pain is not None else targets.pain,
                    )
                    for s in new_sets
                ]
            replace_sets = {exercise: new_sets}
        edited = log.edit_session(
            session_id,
            date=new_date,
            note=note,
            replace_sets=replace_sets,
            remove=remove or (),
        )
    _echo_session(edited, prefix="Now: ")


def list_sessions(
    since: Annotated[str | None, Opt("--since", help="Only from this date (YYYY-MM-DD).")] = None,
    limit: Annotated[int, Opt("--limit", "-n", help="Show the last N sessions (0: all).")] = 20,
    fmt: Annotated[str, Opt("--format", "-f", help="text | json.")] = "text",
) -> None:
    """List logged sessions, oldest first."""
    from runstrength.log.storage import session_dict

    if fmt not in ("text", "json"):
        raise InvalidInput(f"--format: {fmt!r} is not one of text, json")
    start = _day(since, today()) if since is not None else None
    with open_log() as log:
        sessions = log.sessions(since=start)
    if limit > 0:
        sessions = sessions[-limit:]
    if fmt == "json":
        typer.echo(json.dumps([session_dict(s) for s in sessions], indent=2, ensure_ascii=False))
        return
    if not sessions:
        typer.echo("The log is empty.")
        return
    for s in sessions:
        _echo_session(s)


def export(
    fmt: Annotated[str, Opt("--format", "-f", help="csv | json.")] = "json",
    out: Annotated[Path | None, Opt("--output", "-o", help="Write to this file.")] = None,
) -> None:
    """Export the whole log (csv: sessions and sets; json: everything) to stdout or a file."""
    if fmt not in ("csv", "json"):
        raise InvalidInput(f"--format: {fmt!r} is not one of csv, json")
    with open_log() as log:
        text = log.export_csv() if fmt == "csv" else log.export_json()
    if out is None:
        typer.echo(text, nl=False)
        return
    from runstrength.fileio import atomic_write

    atomic_write(out, text)
    typer.echo(f"Wrote {out} ({fmt})", err=True)


def import_(file: Annotated[Path, Arg(help="A file written by `runstrength log export`.")]) -> None:
    """Import a log export (csv or json); sessions already in the log are skipped."""
    try:
        text = file.read_text(encoding="utf-8")
    except OSError as exc:
        raise InvalidInput(f"{file}: cannot read it ({exc.strerror})") from None
    except UnicodeDecodeError:
        raise InvalidInput(f"{file}: not a text file") from None
    with open_log() as log:
        result = log.import_text(text, source=str(file))
    typer.echo(
        f"Imported {result.added} session(s) from {file}"
        + (f"; {result.skipped} already in the log" if result.skipped else "")
        + (f"; {result.renumbered} got new ids" if result.renumbered else "")
        + "."
    )


def path() -> None:
    """Print where the log database is."""
    typer.echo(str(log_path()))


# --------------------------------------------------------------------------- next


def next_(
    fmt: Annotated[str, Opt("--format", "-f", help="table | json.")] = "table",
) -> None:
    """The next session of the active plan, with loads from your log."""
    from runstrength.log.nextsession import prescribe_next

    if fmt not in ("table", "json"):
        raise InvalidInput(f"--format: {fmt!r} is not one of table, json")
    now = today()
    catalog, rules = core()
    with open_log() as log:
        active = _require_plan(log)
        unit = _load_unit(log, active)
        history = load_history(log, active, catalog, unit, rules)
        nxt = prescribe_next(active.plan, history, now, rules, catalog)
    if nxt is None:
        typer.echo("The active plan is complete. Make the next one with `runstrength plan --save`.")
        return
    if fmt == "json":
        data = nxt.session.model_dump(mode="json")
        data["week"] = {
            "index": nxt.week.index,
            "phase": nxt.week.phase.value,
            "season": nxt.week.season.value,
            "deload": nxt.week.deload or nxt.deload == "reactive",
        }
        data["notes"] = list(nxt.notes)
        data["e1rm"] = dict(nxt.e1rms)
        typer.echo(json.dumps(data, indent=2, ensure_ascii=False))
        return
    _print_next(nxt)


def _print_next(nxt: "NextSession") -> None:
    from runstrength.render.common import dose_text, load_text, session_title, week_title

    typer.echo(f"{week_title(nxt.week)}\n{session_title(nxt.session)}")
    if nxt.shift_days:
        typer.echo(f"(moved {nxt.shift_days} days later: missed sessions shift the plan)")
    rows = [[p.name, dose_text(p), load_text(p), p.why or ""] for p in nxt.session.exercises]
    typer.echo(text_table(["Exercise", "Dose", "Load", "Why"], rows))
    for line in nxt.notes:
        typer.secho(line, fg="yellow")


def text_table(headers: Sequence[str], rows: Sequence[Sequence[str]]) -> str:
    """Columns padded to their widest cell, two spaces apart; no wrapping, no colour.

    Plain text on purpose: rich would cost tens of milliseconds at start-up, and these
    tables are short.
    """
    widths = [max(len(str(c)) for c in column) for column in zip(headers, *rows, strict=False)]
    lines = []
    for row in [headers, *rows]:
        cells = [str(c).ljust(w) for c, w in zip(row, widths, strict=True)]
        lines.append("  ".join(cells).rstrip())
    return "\n".join(lines)


# --------------------------------------------------------------------------- history


def sparkline(values: Sequence[float]) -> str:
    """'▁▃▅█' for a series of numbers (flat series: a flat line)."""
    if not values:
        return ""
    low, high = min(values), max(values)
    if high - low < 1e-9:
        return SPARKS[3] * len(values)
    top = len(SPARKS) - 1
    return "".join(SPARKS[round((v - low) / (high - low) * top)] for v in values)


def history(
    exercise: Annotated[str | None, Arg(help="Only this exercise.")] = None,
    since: Annotated[
        str | None, Opt("--since", help="From this date (YYYY-MM-DD); weeks default to 12.")
    ] = None,
    fmt: Annotated[str, Opt("--format", "-f", help="table | json | csv.")] = "table",
) -> None:
    """Per lift the e1RM trend, best set and last session; per week hard sets and contacts."""
    from runstrength.log.context import extra_rules
    from runstrength.log.storage import E1rmLimits

    if fmt not in ("table", "json", "csv"):
        raise InvalidInput(f"--format: {fmt!r} is not one of table, json, csv")
    now = today()
    start = _day(since, now) if since is not None else None
    catalog, rules = core()
    if exercise is not None:
        catalog.require(exercise)
    weeks_since = start
    if weeks_since is None:
        monday = now - dt.timedelta(days=now.weekday())
        weeks_since = monday - dt.timedelta(weeks=HISTORY_WEEKS - 1)
    with open_log() as log:
        unit = _quick_load_unit(log)
        report = log.history(
            unit=unit,
            limits=E1rmLimits(
                rules.e1rm.max_reps, rules.e1rm.max_rir, rules.e1rm.max_effective_reps
            ),
            hard_set_max_rir=extra_rules(rules).hard_set_max_rir,
            patterns={k: e.pattern for k, e in catalog.exercises.items()},
            exercise=exercise,
            since=start,
            weeks_since=weeks_since,
        )
    names = {k: e.name for k, e in catalog.exercises.items()}
    if fmt == "json":
        typer.echo(json.dumps(_history_data(report), indent=2, ensure_ascii=False))
    elif fmt == "csv":
        typer.echo(_history_csv(report), nl=False)
    else:
        _print_history(report, names)


def _history_data(report: "HistoryReport") -> dict[str, Any]:
    def set_dict(s: "LoggedSet") -> dict[str, Any]:
        return {
            k: v
            for k, v in (
                ("reps", s.reps),
                ("load", s.load),
                ("seconds", s.seconds),
                ("contacts", s.contacts),
                ("distance_m", s.distance_m),
                ("rir", s.rir),
                ("pain", s.pain),
            )
            if v is not None
        }

    return {
        "unit": report.unit.value,
        "lifts": [
            {
                "exercise": lift.exercise_id,
                "e1rm": lift.trend[-1].e1rm if lift.trend else None,
                "trend": [{"date": p.date.isoformat(), "e1rm": p.e1rm} for p in lift.trend],
                "best": None
                if lift.best is None
                else {
                    "date": lift.best.date.isoformat(),
                    "reps": lift.best.reps,
                    "load": lift.best.load,
                    "rir": lift.best.rir,
                    "seconds": lift.best.seconds,
                    "contacts": lift.best.contacts,
                    "distance_m": lift.best.distance_m,
                    "e1rm": lift.best.e1rm,
                },
                "last": {
                    "date": lift.last_date.isoformat(),
                    "sets": [set_dict(s) for s in lift.last_sets],
                },
            }
            for lift in report.lifts
        ],
        "weeks": [
            {
                "week_start": w.week_start.isoformat(),
                "sessions": w.sessions,
                "hard_sets": dict(sorted(w.hard_sets.items())),
                "contacts": w.contacts,
            }
            for w in report.weeks
        ],
    }


def _history_csv(report: "HistoryReport") -> str:
    """Long format, one number per row: section,key,date,metric,value (pivot-friendly)."""
    import csv
    import io

    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(("section", "key", "date", "metric", "value"))
    unit = report.unit.value
    for lift in report.lifts:
        for p in lift.trend:
            writer.writerow(("lift", lift.exercise_id, p.date.isoformat(), f"e1rm_{unit}", p.e1rm))
        if lift.best is not None:
            b = lift.best
            for metric, value in (
                ("best_reps", b.reps),
                (f"best_load_{unit}", b.load),
                ("best_rir", b.rir),
                ("best_seconds", b.seconds),
                (f"best_e1rm_{unit}", b.e1rm),
            ):
                if value is not None:
                    writer.writerow(("lift", lift.exercise_id, b.date.isoformat(), metric, value))
        writer.writerow(
            ("lift", lift.exercise_id, lift.last_date.isoformat(), "last_sets", len(lift.last_sets))
        )
    for w in report.weeks:
        day = w.week_start.isoformat()
        writer.writerow(("week", day, day, "sessions", w.sessions))
        for pattern, count in sorted(w.hard_sets.items()):
            writer.writerow(("week", day, day, f"hard_sets_{pattern}", count))
        writer.writerow(("week", day, day, "contacts", w.contacts))
    return out.getvalue()


def _best_dose(b: "BestSet", unit: str) -> str:
    if b.load is not None and b.reps is not None:
        return f"{b.reps} × {_num(b.load)} {unit}"
    if b.seconds is not None:
        return f"{b.seconds} s"
    if b.contacts is not None:
        return f"{b.contacts} contacts"
    if b.distance_m is not None:
        return f"{_num(b.distance_m)} m" + (f" @ {_num(b.load)} {unit}" if b.load else "")
    return f"{b.reps} reps" if b.reps is not None else ""


def _print_history(report: "HistoryReport", names: dict[str, str]) -> None:
    unit = report.unit.value
    if not report.lifts:
        typer.echo("Nothing logged yet.")
        return
    rows = []
    for lift in report.lifts:
        values = [p.e1rm for p in lift.trend]
        best = ""
        if lift.best is not None:
            b = lift.best
            rir = f" @ RIR {b.rir}" if b.rir is not None else ""
            best = f"{_best_dose(b, unit)}{rir} ({b.date.isoformat()})"
        rows.append(
            [
                names.get(lift.exercise_id, lift.exercise_id),
                sparkline(values),
                _num(values[-1]) if values else "–",
                best,
                f"{lift.last_date.isoformat()}: {_entry_text(lift.last_sets)}",
            ]
        )
    headers = ["Exercise", "e1RM trend", f"e1RM {unit}", "Best set", "Last session"]
    typer.echo(text_table(headers, rows))
    if report.weeks:
        week_rows = [
            [
                w.week_start.isoformat(),
                str(w.sessions),
                ", ".join(f"{k} {v}" for k, v in sorted(w.hard_sets.items())) or "–",
                str(w.contacts),
            ]
            for w in report.weeks
        ]
        typer.echo("")
        headers = ["Week of", "Sessions", "Hard sets by pattern", "Plyo contacts"]
        typer.echo(text_table(headers, week_rows))


# --------------------------------------------------------------------------- profile


def profile(ctx: typer.Context) -> None:
    """Show the saved profile, the load increment and known maxes."""
    if ctx.invoked_subcommand is not None:
        return
    with open_log() as log:
        saved = log.load_profile()
        settings = log.settings()
        maxes = log.maxes()
    if saved is None:
        typer.echo("No profile saved yet: run `runstrength plan ... --save`.")
    else:
        for key, value in saved.model_dump(mode="json").items():
            if key == "maxes":
                continue
            shown = ", ".join(str(v) for v in value) if isinstance(value, list) else value
            typer.echo(f"{key}: {shown if shown not in (None, '') else '–'}")
    unit = saved.load_unit.value if saved is not None else "kg"
    typer.echo(f"increment: {settings.get('increment', f'default ({unit} plates)')}")
    known: dict[str, str] = {}
    if saved is not None:
        known = {k: f"{_num(v)} {unit} (profile)" for k, v in saved.maxes.items()}
    known.update({k: f"{_num(m.e1rm)} {m.unit.value} ({m.source})" for k, m in maxes.items()})
    for exercise_id, text in sorted(known.items()):
        typer.echo(f"max {exercise_id}: {text}")


PROFILE_KEYS = (
    "season, volume, days, weeks, level, equipment, injuries, load-unit, start, race-date, "
    "race-distance, hard-days, long-run-day, increment, max"
)


def profile_set(
    key: Annotated[str, Arg(help=f"One of: {PROFILE_KEYS}.")],
    value: Annotated[str, Arg(help="The new value, e.g. 1.25 for increment, or none to clear.")],
) -> None:
    """Change one saved input (e.g. `profile set increment 1.25`, `profile set max squat=100kg`)."""
    from runstrength.models import Profile

    name = key.strip().lower().replace("_", "-")
    with open_log() as log:
        saved = log.load_profile() or Profile()
        if name == "increment":
            text = _parse_increment(value, saved.load_unit)
            log.set_setting("increment", text)
            typer.echo(f"increment: {text or 'default'}")
            return
        if name == "max":
            exercise_id, amount, unit = parse_max(value, saved.load_unit)
            log.set_max(exercise_id, amount, unit, source="profile")
            typer.echo(f"max {exercise_id}: {_num(amount)} {unit.value}")
            return
        updated = _updated_profile(saved, name, value)
        log.save_profile(updated)
    typer.echo(f"{name}: {value}")


def _parse_increment(value: str, unit: "LoadUnit") -> str | None:
    from runstrength.log.spec import parse_load

    if value.strip().lower() in ("none", "default", ""):
        return None
    try:
        parsed = parse_load(value, unit)
    except InvalidInput:
        raise InvalidInput(f"increment: {value!r} is not a load step like 1.25 or 2.5lb") from None
    if parsed.load is None or parsed.unit is None or parsed.load > 25:
        raise InvalidInput(f"increment: {value!r} is not a load step like 1.25 or 2.5lb")
    return f"{_num(parsed.load)} {parsed.unit.value}"


def parse_max(value: str, unit: "LoadUnit") -> "tuple[str, float, LoadUnit]":
    """`trap-bar-deadlift=120kg` → (id, 120.0, kg); a bare number is in `unit`."""
    from runstrength.log.spec import parse_load

    exercise_id, sep, amount = value.partition("=")
    if not sep or not exercise_id.strip():
        raise InvalidInput(f"max: give EXERCISE=LOAD, e.g. trap-bar-deadlift=120kg, not {value!r}")
    catalog, _ = core()
    catalog.require(exercise_id.strip())
    try:
        parsed = parse_load(amount, unit)
    except InvalidInput:
        raise InvalidInput(f"max: {amount!r} is not a load like 120kg or 265lb") from None
    if parsed.load is None or parsed.unit is None:
        raise InvalidInput(f"max: {amount!r} is not a load like 120kg or 265lb")
    return exercise_id.strip(), parsed.load, parsed.unit


# `profile set KEY` -> the `plan` flag it sets (parsed by the same inputs.profile_fields)
_PROFILE_FLAGS = {
    "season": "season",
    "volume": "volume",
    "days": "days",
    "weeks": "weeks",
    "level": "level",
    "equipment": "equipment",
    "injuries": "injury",
    "load-unit": "load_unit",
    "start": "start",
    "race-date": "race_date",
    "race-distance": "race_distance",
    "hard-days": "hard_days",
    "long-run-day": "long_run_day",
}
# what `none` (or an empty value) clears a key to
_CLEARED: dict[str, dict[str, Any]] = {
    "weeks": {"weeks": None},
    "injuries": {"injuries": []},
    "start": {"start_date": None},
    "race-date": {"race_date": None},
    "race-distance": {"race_distance": None},
    "hard-days": {"hard_days": []},
    "long-run-day": {"long_run_day": None},
}


def _updated_profile(saved: "Profile", name: str, value: str) -> "Profile":
    from pydantic import ValidationError

    from runstrength.inputs import profile_fields
    from runstrength.models import Profile

    aliases = {"injury": "injuries", "weekly-volume": "volume", "start-date": "start"}
    name = aliases.get(name, name)
    if name not in _PROFILE_FLAGS:
        raise InvalidInput(f"unknown profile key {name!r}; use one of: {PROFILE_KEYS}")
    if value.strip().lower() in ("none", "") and name in _CLEARED:
        update = _CLEARED[name]
    else:
        flags: dict[str, Any] = dict.fromkeys(_PROFILE_FLAGS.values())
        flags[_PROFILE_FLAGS[name]] = [value] if name == "injuries" else value
        update = profile_fields(**flags)
    try:
        return Profile.model_validate({**saved.model_dump(), **update})
    except ValidationError as exc:
        err = exc.errors()[0]
        raise InvalidInput(f"{name}: {err['msg']}") from None


# --------------------------------------------------------------------------- plan's view


def log_view(
    log: "SessionLog", plan: "Plan", catalog: "Catalog", rules: "Rulebook", now: dt.date
) -> "Plan":
    """`plan` as the log sees it when it is the active plan (same inputs): done and missed
    sessions marked with what was lifted, later loads absolute where an e1RM exists, and
    sessions shifted past missed days. Any other plan comes back unchanged."""
    from runstrength.log.nextsession import apply_log

    active = log.active_plan()
    if active is None or active.plan.inputs != plan.inputs:
        return plan
    history = load_history(log, active, catalog, active.plan.inputs.load_unit, rules)
    viewed = apply_log(active.plan, history, now, rules, catalog)
    logged = {(s.week, s.session): s for s in log.sessions(plan_id=active.id) if s.week is not None}
    weeks = []
    for week in viewed.weeks:
        sessions = []
        for s in week.sessions:
            done = logged.get((week.index, s.index))
            if done is not None:
                by_id: dict[str, list[LoggedSet]] = {}
                for logged_set in done.sets:
                    by_id.setdefault(logged_set.exercise_id, []).append(logged_set)
                exercises = [
                    p.model_copy(update={"logged": _entry_text(by_id[p.id])})
                    if p.id in by_id
                    else p
                    for p in s.exercises
                ]
                s = s.model_copy(update={"exercises": exercises, "done": True})
            sessions.append(s)
        weeks.append(week.model_copy(update={"sessions": sessions}))
    return viewed.model_copy(update={"weeks": weeks})
