"""`runstrength log`: record what you did, and correct, list, export or import the log.

    runstrength log EXERCISE SPEC [--rir N] [--pain N] [--date D] [--note TEXT]
    runstrength log                     walk the next session (stdin must be a terminal)
    runstrength log --done              record the next session as prescribed
    runstrength log undo | edit ID | list | export | import FILE | path

Each command parses its arguments, makes one call to runstrength.log.service (or the log)
and prints. Only typer and the stdlib are imported at the top; the log, the rules and the
renderers inside the commands. Today's date is read here (cli.context.today) and passed down.
"""

# No `from __future__ import annotations`: typer reads the command signatures at
# start-up and would eval each string annotation; the few that name modules imported
# only for type checking are quoted instead.

import datetime as dt
import json
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
from typer.core import TyperGroup

from runstrength.cli.log_common import core, log_path
from runstrength.errors import InvalidInput

if TYPE_CHECKING:
    from runstrength.log.records import LoggedSession, LoggedSet

Opt = typer.Option
Arg = typer.Argument

RirOpt = Annotated[int | None, Opt("--rir", help="Reps in reserve at the end of each set, 0–10.")]
PainOpt = Annotated[int | None, Opt("--pain", help="Pain during or after, 0–10.")]
DateOpt = Annotated[
    str | None,
    Opt("--date", help="When you did it: YYYY-MM-DD, today or yesterday (default today)."),
]
_SIDE = ("-wal", "-shm", "-journal")
NoteOpt = Annotated[str | None, Opt("--note", help="A note for the session.")]


class LogGroup(TyperGroup):
    """`log` is both a command and a group: a first word that is not a subcommand (or no
    word at all) goes to `log add`, so `log squat 3x5@80kg` and `log undo` both work."""

    def parse_args(self, ctx: Any, args: list[str]) -> list[str]:
        if not args or (args[0] not in self.commands and args[0] not in ("-h", "--help")):
            args = ["add", *args]
        return super().parse_args(ctx, args)


def register(app: typer.Typer, new_app: Callable[..., typer.Typer]) -> None:
    """Add `log` and its subcommands to the app."""
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
    from runstrength.cli import log_pain  # §10.3 log_pain.py

    group.command("clear")(log_pain.clear)  # §10.3 log_pain.py
    group.command("pain-next-day")(log_pain.pain_next_day)  # §10.3 log_pain.py


def today() -> dt.date:
    """Today, as the CLI layer sees it ($RUNSTRENGTH_TODAY pins it for tests and demos)."""
    from runstrength.cli import context

    return context.today()


def stdin_is_terminal() -> bool:
    """Whether a person can answer prompts."""
    return sys.stdin.isatty()


def _session_lines(s: "LoggedSession") -> list[str]:
    """A session as text lines; what came from the user (note, label, ids) goes through
    `printable`, so an imported escape sequence never reaches the terminal."""
    from runstrength.log.entries import entry_text
    from runstrength.text import printable

    where = f" · week {s.week} {printable(s.label or str(s.session))}" if s.week is not None else ""
    note = f" · {printable(s.note)}" if s.note else ""
    lines = [f"#{s.id} {s.date.isoformat()}{where}{note}"]
    by_exercise: dict[str, list[LoggedSet]] = {}
    for st in s.sets:
        by_exercise.setdefault(st.exercise_id, []).append(st)
    lines += [f"  {printable(ex)}: {entry_text(sets)}" for ex, sets in by_exercise.items()]
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
    from runstrength.log import service
    from runstrength.log.entries import entry_text
    from runstrength.log.spec import check_scale

    now = today()
    day = service.day_of(date, now)
    check_scale("--rir", rir)
    check_scale("--pain", pain)
    if done:
        if exercise is not None:
            raise InvalidInput("--done records the whole next session; leave out EXERCISE SPEC")
        catalog, rules = core()
        if pain is not None:
            raise InvalidInput("--pain needs EXERCISE SPEC; --done records no pain")
        nxt, saved = service.log_as_prescribed(
            log_path(),
            day=day,
            now=now,
            note=note,
            catalog=catalog,
            rules=rules,
            rir=rir,
            confirm=(lambda q: typer.confirm(q[0].upper() + q[1:]))
            if stdin_is_terminal()
            else None,
        )
        typer.echo(f"Logged week {nxt.week.index} session {nxt.session.label} as prescribed.")
        _echo_session(saved, prefix="Session ")
        return
    if exercise is None:
        if rir is not None or pain is not None:
            raise InvalidInput("--rir and --pain need EXERCISE SPEC")
        if not stdin_is_terminal():
            raise InvalidInput(
                "give EXERCISE SPEC (e.g. `runstrength log back-squat 3x5@80kg --rir 2`), "
                "or --done; walking the next session needs a terminal"
            )
        from runstrength.cli.log_walk import _log_interactive

        _log_interactive(day, now, note)
        return
    if spec is None:
        raise InvalidInput(f"what did you do? e.g. `runstrength log {exercise} 3x5@80kg`")
    catalog, rules = core()
    logged = service.log_entry(
        log_path(),
        exercise,
        spec,
        day=day,
        now=now,
        rir=rir,
        pain=pain,
        note=note,
        catalog=catalog,
        rules=rules,
    )
    if logged.replaced is not None:
        typer.echo(
            f"Replaced {exercise} in that day's session: it held {logged.replaced}, "
            f"now {entry_text(logged.sets)}"
        )
    else:
        typer.echo(f"Logged {exercise}: {entry_text(logged.sets)}")
    _echo_session(logged.session, prefix="Session ")
    if pain is not None and pain >= rules.pain.modify_at:
        from runstrength.cli.log_pain import logged_pain_text  # §10.3 log_pain.py

        typer.secho(logged_pain_text(exercise, pain), fg="yellow", err=True)  # §10.3


def _confirm(question: str) -> bool:
    return typer.confirm(question[0].upper() + question[1:])


# --------------------------------------------------------------------------- undo, edit, list


def undo(
    yes: Annotated[bool, Opt("--yes", "-y", help="Do not ask before removing.")] = False,
) -> None:
    """Remove the last logged session: it is shown first, and exactly what is shown is
    removed (nothing, if another process changed it meanwhile). Asks unless --yes."""
    from runstrength.log.storage import SessionLog

    with SessionLog(log_path()) as log:
        last = log.last_session()
        if last is None:
            raise InvalidInput("the log is empty; there is nothing to undo")
        if not yes and not stdin_is_terminal():
            raise InvalidInput(
                "log undo: stdin is not a terminal, so nobody can confirm; "
                "give --yes to remove the last session"
            )
        _echo_session(last, prefix="Last session: ")
        if not yes and not typer.confirm("Remove this session?", default=False):
            typer.echo("Kept.")
            return
        removed = log.remove_session(last)
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
    from runstrength.log import service
    from runstrength.log.spec import check_scale

    new_date = service.day_of(date, today()) if date is not None else None
    check_scale("--rir", rir)
    check_scale("--pain", pain)
    if (exercise is None) != (spec is None):
        raise InvalidInput("give both EXERCISE and SPEC to replace an exercise's sets")
    if exercise is None and (rir is not None or pain is not None):
        raise InvalidInput("--rir and --pain need EXERCISE SPEC")
    if exercise is None and new_date is None and note is None and not remove:
        raise InvalidInput("nothing to change; give EXERCISE SPEC, --date, --note or --remove")
    catalog, _ = core()
    edited = service.edit_entry(
        log_path(),
        session_id,
        exercise=exercise,
        spec=spec,
        rir=rir,
        pain=pain,
        date=new_date,
        note=note,
        remove=remove or (),
        catalog=catalog,
    )
    _echo_session(edited, prefix="Now: ")


def list_sessions(
    since: Annotated[str | None, Opt("--since", help="Only from this date (YYYY-MM-DD).")] = None,
    limit: Annotated[int, Opt("--limit", "-n", help="Show the last N sessions (0: all).")] = 20,
    fmt: Annotated[str, Opt("--format", "-f", help="text | json.")] = "text",
) -> None:
    """List logged sessions, oldest first."""
    from runstrength.log.service import day_of
    from runstrength.log.storage import SessionLog, session_dict

    if fmt not in ("text", "json"):
        raise InvalidInput(f"--format: {fmt!r} is not one of text, json")
    start = day_of(since, today()) if since is not None else None
    with SessionLog(log_path()) as log:
        sessions = log.sessions(since=start, last=limit if limit > 0 else None)
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
    from runstrength.log.storage import SessionLog

    if fmt not in ("csv", "json"):
        raise InvalidInput(f"--format: {fmt!r} is not one of csv, json")
    with SessionLog(log_path()) as log:
        text = log.export_csv() if fmt == "csv" else log.export_json()
    if out is None:
        typer.echo(text, nl=False)
        return
    from runstrength.fileio import atomic_write

    target = log_path()
    if out.resolve() in {target.resolve(), *(Path(f"{target}{x}").resolve() for x in _SIDE)}:
        raise InvalidInput(f"-o {out}: that is the training log itself; give another file")
    atomic_write(out, text)
    typer.echo(f"Wrote {out} ({fmt})", err=True)


def import_(
    file: Annotated[
        Path, Arg(help="A file written by `runstrength log export`, or a watch's activity.fit.")
    ],
) -> None:
    """Import a log export (csv or json; sessions already in the log are skipped), or a
    strength activity recorded on your watch (.fit).

    All or nothing: the first bad row (named) refuses the whole file, nothing is altered on
    the way, and only a regular file of at most 32 MB is read."""
    from runstrength.log.storage import SessionLog

    if file.suffix.lower() == ".fit":  # issue 13: sets back from the watch
        from runstrength.cli.fit_files import log_activity

        return log_activity(file)

    text = _read_import(file)
    catalog, _ = core()
    with SessionLog(log_path()) as log:
        result = log.import_text(text, source=str(file), known=set(catalog.exercises))
    typer.echo(
        f"Imported {result.added} session(s) from {file}"
        + (f"; {result.skipped} already in the log" if result.skipped else "")
        + (f"; {result.renumbered} got new ids" if result.renumbered else "")
        + (f"; {result.runs} run(s)" if result.runs else "")
        + (f"; {result.pain} pain report(s)" if result.pain else "")
        + "."
    )


def _read_import(file: Path) -> str:
    """The file's text: a regular file (not /dev/zero, a FIFO or a folder) within the size
    cap, read without ever holding more than the cap."""
    import os
    import stat

    from runstrength.log.transfer import MAX_IMPORT_BYTES

    try:
        with file.open("rb") as handle:
            info = os.fstat(handle.fileno())
            if not stat.S_ISREG(info.st_mode):
                raise InvalidInput(f"{file}: not a regular file; give a file `log export` wrote")
            if info.st_size > MAX_IMPORT_BYTES:
                raise InvalidInput(f"{file}: larger than {MAX_IMPORT_BYTES // 2**20} MB")
            data = handle.read(MAX_IMPORT_BYTES + 1)
    except OSError as exc:
        raise InvalidInput(f"{file}: cannot read it ({exc.strerror})") from None
    if len(data) > MAX_IMPORT_BYTES:
        raise InvalidInput(f"{file}: larger than {MAX_IMPORT_BYTES // 2**20} MB")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        raise InvalidInput(f"{file}: not a text file") from None


def path() -> None:
    """Print where the log database is."""
    typer.echo(str(log_path()))
