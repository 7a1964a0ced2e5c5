"""`runstrength log`: record what you did, and correct, list, export or import the log.

    runstrength log EXERCISE SPEC [--rir N] [--pain N [--where REGION,...]] [--date D]
                                  [--note TEXT]
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
from collections.abc import Callable, Collection
from typing import TYPE_CHECKING, Annotated, Any, NamedTuple

import typer

from runstrength.cli import ErrorTranslatingGroup, mount, params
from runstrength.cli.console import say, warn
from runstrength.cli.log_common import core, log_path
from runstrength.errors import InvalidInput

if TYPE_CHECKING:
    from runstrength.enums import PainRegion
    from runstrength.log.clearance import LoggedCheckin, LoggedReport
    from runstrength.log.records import LoggedSession, LoggedSet
    from runstrength.log.storage import SessionLog

Opt = typer.Option
Arg = typer.Argument
DoneOpt = Annotated[
    bool,
    Opt(
        "--done",
        help="Record the next planned session as prescribed: the bottom of each rep range, "
        "RIR unknown (loads progress from sets you log with their reps and RIR).",
    ),
]


class LogGroup(ErrorTranslatingGroup):
    """`log` is both a command and a group: a first word that is not a subcommand (or no
    word at all) goes to `log add`, so `log squat 3x5@80kg` and `log undo` both work."""

    def parse_args(self, ctx: Any, args: list[str]) -> list[str]:
        if ctx.resilient_parsing and not args:
            return super().parse_args(ctx, args)  # TAB after `log`: see shell_complete
        if not args or (args[0] not in self.commands and args[0] not in ("-h", "--help")):
            if args:
                _refuse_typo(args[0], list(self.commands), ctx)
            args = ["add", *args]
        return super().parse_args(ctx, args)

    def shell_complete(self, ctx: Any, incomplete: str) -> list[Any]:
        """TAB after `log`: the subcommands and the exercise ids (`log EXERCISE SPEC`)."""
        items: list[Any] = super().shell_complete(ctx, incomplete)
        if not incomplete.startswith("-"):
            from typer._click.shell_completion import CompletionItem

            from runstrength.cli.completion import complete_exercise

            items += [CompletionItem(word) for word in complete_exercise(incomplete)]
        return items


def _refuse_typo(word: str, names: list[str], ctx: Any) -> None:
    """`log lsit`: a word close to a subcommand's name that is no exercise id is a typo
    (did you mean list?), not an exercise to log. The catalog is read only for such words."""
    from runstrength.cli.help_text import close_command, unknown_command

    if word.startswith("-") or close_command(word, names) is None:
        return
    catalog, _ = core()
    if word not in catalog:
        from typer._click.exceptions import UsageError

        raise UsageError(unknown_command(word, names), ctx=ctx)


def register(app: typer.Typer, new_app: Callable[..., typer.Typer]) -> None:
    """Add `log` and its subcommands to the app."""
    group = new_app(
        cls=LogGroup,
        no_args_is_help=False,  # `log` alone walks the next session
        help="Record what you did: `log EXERCISE SPEC` (3x5@80kg, 5,5,4@82.5kg, 3x10, 3x30s, "
        "3x20c), `log --done`, or `log` alone to walk the next session. Their options: "
        "--rir N, --pain 0-10 [--where knee], --date DAY, --note TEXT "
        "(`runstrength log add --help`).",
    )
    from runstrength.cli import log_files, log_pain  # log_pain: §10.3

    commands: dict[str, Callable[..., Any]] = {
        "add": add,
        "undo": undo,
        "edit": edit,
        "list": list_sessions,
        "export": log_files.export,
        "import": log_files.import_,
        "path": path,
        "clear": log_pain.clear,
        "pain-next-day": log_pain.pain_next_day,
    }
    mount(app, "log", group, commands)


def today() -> dt.date:
    """Today, as the CLI layer sees it ($RUNSTRENGTH_TODAY pins it for tests and demos)."""
    from runstrength.cli import context

    return context.today()


def stdin_is_terminal() -> bool:
    """Whether a person can answer prompts."""
    return sys.stdin.isatty()


def _session_lines(s: "LoggedSession", skipped: Collection[str] = ()) -> list[str]:
    """A session as text lines, with the exercises it did without on purpose (`skipped`);
    what came from the user (note, label, ids) goes through `printable`, so an imported
    escape sequence never reaches the terminal."""
    from runstrength.log.entries import entry_text
    from runstrength.text import printable

    where = f" · week {s.week} {printable(s.label or str(s.session))}" if s.week is not None else ""
    note = f" · {printable(s.note)}" if s.note else ""
    lines = [f"#{s.id} {s.date.isoformat()}{where}{note}"]
    by_exercise: dict[str, list[LoggedSet]] = {}
    for st in s.sets:
        by_exercise.setdefault(st.exercise_id, []).append(st)
    lines += [f"  {printable(ex)}: {entry_text(sets)}" for ex, sets in by_exercise.items()]
    lines += [f"  {printable(ex)}: skipped" for ex in sorted(skipped)]
    if not s.sets and not skipped:
        lines.append("  (no sets)")
    return lines


def _echo_session(s: "LoggedSession", prefix: str = "") -> None:
    lines = _session_lines(s)
    typer.echo(prefix + lines[0])
    for line in lines[1:]:
        typer.echo(line)


# --------------------------------------------------------------------------- log add


def add(
    exercise: params.ExerciseArg = None,
    spec: params.SpecArg = None,
    *,  # the options: keyword-only, as on the command line
    done: DoneOpt = False,  # first of them: it is the other way to log
    rir: params.RirOpt = None,
    pain: params.PainOpt = None,
    where: params.WhereOpt = None,
    date: params.DateOpt = None,
    note: params.NoteOpt = None,
) -> None:
    """Log one exercise, the next session as prescribed (--done), or walk it (no arguments)."""
    from runstrength.log import service

    now = today()
    day = service.day_of(date, now)
    regions = _check_rating(rir, pain, where, no_sets=exercise is None and not done)
    _check_note(note)
    said = _Said(day, now, rir, pain, note, regions)
    if done:
        _log_done(exercise, said)
    elif exercise is None:
        if not stdin_is_terminal():
            raise InvalidInput(
                "give EXERCISE SPEC (e.g. `runstrength log back-squat 3x5@80kg --rir 2`), "
                "or --done; walking the next session needs a terminal"
            )
        from runstrength.cli.log_walk import _log_interactive

        _log_interactive(day, now, note)
    elif spec is None:
        raise InvalidInput(f"what did you do? e.g. `runstrength log {exercise} 3x5@80kg`")
    else:
        _log_one(exercise, spec, said)


def _check_note(note: str | None) -> None:
    """--note checked here, so a problem names the flag (it said "log: note: …" or
    "session 1: note: …": QA)."""
    if note:
        from runstrength.log.spec import MAX_NOTE, check_text

        check_text(note, "--note", MAX_NOTE, multiline=True)


def _check_rating(
    rir: int | None, pain: int | None, where: list[str] | None, *, no_sets: bool
) -> "tuple[PainRegion, ...] | None":
    """`log` and `log edit`'s --rir, --pain and --where: each 0–10, and only with sets to
    rate (`no_sets`: no EXERCISE SPEC given, and for `log` no --done either); the regions
    of --where (None when not given), which say where the --pain was, so need it."""
    from runstrength.log.spec import check_scale

    check_scale("--rir", rir)
    check_scale("--pain", pain)
    if no_sets and (rir is not None or pain is not None):
        raise InvalidInput("--rir and --pain need EXERCISE SPEC")
    if where is None:
        return None
    from runstrength.cli.log_pain import where_regions  # §10.3 log_pain.py

    regions = where_regions(where)
    if pain is None:
        raise InvalidInput("--where says where the pain was: give --pain N with it")
    return regions


class _Said(NamedTuple):
    """What `log` was told besides the exercise: the day, today, RIR, pain and note
    (named as service.log_entry's keywords, so `**said._asdict()` passes them on)."""

    day: dt.date
    now: dt.date
    rir: int | None
    pain: int | None
    note: str | None
    where: "tuple[PainRegion, ...] | None"


def _log_done(exercise: str | None, said: _Said) -> None:
    """`log --done`: the next planned session, as prescribed."""
    from runstrength.log import service

    if exercise is not None:
        raise InvalidInput("--done records the whole next session; leave out EXERCISE SPEC")
    catalog, rules = core()
    if said.pain is not None:
        raise InvalidInput("--pain needs EXERCISE SPEC; --done records no pain")
    nxt, saved, completed = service.log_as_prescribed(
        log_path(),
        day=said.day,
        now=said.now,
        note=said.note,
        catalog=catalog,
        rules=rules,
        rir=said.rir,
        confirm=_confirm if stdin_is_terminal() else None,
    )
    what = f"week {nxt.week.index} session {nxt.session.label}"
    if completed:  # part of it was logged that day: --done added the rest
        typer.echo(f"Completed {what}: the exercises not logged yet, as prescribed.")
    else:
        typer.echo(f"Logged {what} as prescribed.")
    _echo_session(saved, prefix="Session ")
    _say_long_ago(saved.id, said.day, said.now)


# An entry further back than this is more likely a mistyped date (2026-01-06 for
# 2027-01-06) than training remembered: it is logged, and the runner told how to move it.
LONG_AGO_DAYS = 60


def _say_long_ago(session_id: int, day: dt.date, now: dt.date) -> None:
    """One line when `--date` lies far back (QA: a year mistyped was taken silently)."""
    days = (now - day).days
    if days > LONG_AGO_DAYS:
        say(
            f"{day.isoformat()} is {days} days ago; if the date is mistyped, move it: "
            f"`runstrength log edit {session_id} --date DAY`."
        )


def _log_one(exercise: str, spec: str, said: _Said) -> None:
    """`log EXERCISE SPEC`: one exercise's sets, into that day's session."""
    from runstrength.log import service
    from runstrength.log.entries import entry_text

    catalog, rules = core()
    logged = service.log_entry(
        log_path(), exercise, spec, **said._asdict(), catalog=catalog, rules=rules
    )
    if logged.replaced is not None:
        typer.echo(
            f"Replaced {exercise} in that day's session: it held {logged.replaced}, "
            f"now {entry_text(logged.sets)}"
        )
    else:
        typer.echo(f"Logged {exercise}: {entry_text(logged.sets)}")
    _echo_session(logged.session, prefix="Session ")
    _say_long_ago(logged.session.id, said.day, said.now)
    if logged.before_start is not None:  # new-user review A6
        say(
            f"Your plan starts {logged.before_start.isoformat()}: this is kept as training "
            "before it, not as a session of the plan."
        )
    if logged.race is not None:
        say(logged.race)  # §3.4 (the loop QA run: a squat the day before a race, unsaid)
    _say_taken_as_given(exercise, said.where)
    if said.pain is not None and said.pain >= rules.pain.modify_at:
        from runstrength.cli.log_pain import logged_pain_text  # §10.3 log_pain.py

        warn(logged_pain_text(exercise, said.pain, said.where))  # §10.3


def _say_taken_as_given(exercise: str, regions: "tuple[PainRegion, ...] | None") -> None:
    """One line when --where names a region `exercise` does not load (§10.3)."""
    if regions is None:
        return
    from runstrength.cli.log_pain import taken_as_given  # §10.3 log_pain.py

    if (given := taken_as_given(exercise, regions)) is not None:
        say(given)


def _confirm(question: str) -> bool:
    return typer.confirm(question[0].upper() + question[1:])


# --------------------------------------------------------------------------- undo, edit, list


def undo(
    yes: params.YesOpt = False,
) -> None:
    """Take back what was logged last: a pain check-in or a next-morning pain report, else
    the last session.

    What it removes is shown first; it asks unless --yes. A check-in (`log clear`) or a
    next-morning report logged after every session and entry goes alone: the flag it
    cleared comes back, with no re-entry window; the hold or flag a report raised goes.
    Else the last session goes, whole. Exactly what was shown is removed; if it changed in
    the meantime (logged to from elsewhere), nothing is."""
    from runstrength.log.clearance import newest_checkin, newest_report
    from runstrength.log.storage import SessionLog

    with SessionLog(log_path()) as log:
        last = log.last_session()
        checkin = newest_checkin(log)
        if last is None and checkin is None:
            raise InvalidInput("the log is empty; there is nothing to undo")
        report = None if checkin is not None else newest_report(log)
        if not yes and not stdin_is_terminal():
            what = (
                "the pain check-in logged last"
                if checkin is not None
                else "the next-morning report logged last"
                if report is not None
                else "the last session"
            )
            raise InvalidInput(
                "log undo: stdin is not a terminal, so nobody can confirm; "
                f"give --yes to remove {what}"
            )
        if checkin is not None:
            _undo_checkin(log, checkin, yes)
            return
        if report is not None:
            _undo_report(log, report, yes)
            return
        assert last is not None  # no check-in to take back: the log has a session
        _echo_session(last, prefix="Last session: ")
        newest = log.newest_entry()
        if newest is not None and newest[0] != last.id:
            # the QA run: an exercise added to an earlier session, then `undo --yes`
            # removed a whole other session and left the entry just made
            sid, exercise_id = newest
            say(
                f"Your newest entry is not in it: {exercise_id} in session #{sid}; "
                f"`runstrength log edit {sid} --remove {exercise_id}` takes just that out.",
                style="yellow",
            )
        if not yes and not typer.confirm("Remove this session?", default=False):
            typer.echo("Kept.")
            return
        removed = log.remove_session(last)
    typer.echo(f"Removed session #{removed.id}.")


def _undo_checkin(log: "SessionLog", checkin: "LoggedCheckin", yes: bool) -> None:
    """Show the check-in logged last, ask (unless `yes`) and remove just it: the runner
    who typed `log clear knee` by mistake gets the knee's flag back, not a session gone."""
    from runstrength.cli.context import today
    from runstrength.log.clearance import pain_log, remove_checkin
    from runstrength.log.pain import pain_state, region_name

    name = region_name(checkin.region)
    typer.echo(f"Last entry: pain check-in clearing the {name} on {checkin.date.isoformat()}.")
    if not yes and not typer.confirm("Remove this check-in?", default=False):
        typer.echo("Kept.")
        return
    remove_checkin(log, checkin)
    # what the walk derives now that it is gone: the flag it cleared, as a rule
    catalog, rules = core()
    now = today()
    flag = pain_state(pain_log(log, now), catalog, now, rules).flags.get(checkin.region)
    back = (
        ""
        if flag is None
        else f"; the {name}'s {'red flag' if flag.red else 'flag'} stands again, as before it"
    )
    typer.echo(f"Removed the pain check-in{back}.")


def _undo_report(log: "SessionLog", report: "LoggedReport", yes: bool) -> None:
    """Show the next-morning report logged last, ask (unless `yes`) and remove just it:
    the runner who mistyped one takes back that, not the session it was about."""
    from runstrength.log.clearance import remove_report

    typer.echo(f"Last entry: {_report_text(report)}")
    if report.replaced:
        # §10.3: it replaced the session's reports that named no region; they come back
        scores = " and ".join(f"{pain}/10" for pain, _ in report.replaced)
        one = len(report.replaced) == 1
        typer.echo(
            f"It replaced the report{'' if one else 's'} of {scores} that named no region; "
            f"{'that one comes' if one else 'those come'} back."
        )
    if not yes and not typer.confirm("Remove this report?", default=False):
        typer.echo("Kept.")
        return
    remove_report(log, report)
    typer.echo(f"Removed the next-morning pain report; session #{report.session_id} stays.")


def _report_text(report: "LoggedReport") -> str:
    """A stored next-morning report in one line, as `log pain-next-day` was given it."""
    from runstrength.log.pain_notes import region_names

    at = f" in the {region_names(report.where)}" if report.where else ""
    on = f" on {report.exercise_id}" if report.exercise_id else ""
    return (
        f"next-morning pain {report.pain}/10{at}{on} after the session of "
        f"{report.date.isoformat()} (session #{report.session_id})."
    )


def edit(
    session_id: params.SessionIdArg,
    exercise: params.EditedExerciseArg = None,
    spec: params.EditedSpecArg = None,
    rir: params.RirOpt = None,  # with the sets given: how hard they were, how they felt
    pain: params.PainOpt = None,
    where: params.WhereOpt = None,
    *,  # the session's own changes: keyword-only, as on the command line
    date: params.NewDateOpt = None,
    note: params.NewNoteOpt = None,
    remove: params.RemoveOpt = None,
) -> None:
    """Correct one logged session: its date, note, or one exercise's sets."""
    from runstrength.log import service

    now = today()
    new_date = service.day_of(date, now) if date is not None else None
    regions = _check_rating(rir, pain, where, no_sets=exercise is None and spec is None)
    _check_note(note)
    change = _Change(exercise, spec, rir, pain, new_date, note, tuple(remove or ()), regions)
    if (exercise is None) != (spec is None):
        raise InvalidInput("give both EXERCISE and SPEC to replace an exercise's sets")
    if exercise is None and new_date is None and note is None and not remove:
        raise InvalidInput("nothing to change; give EXERCISE SPEC, --date, --note or --remove")
    catalog, _ = core()
    confirm = _confirm if stdin_is_terminal() else None
    edited = service.edit_entry(
        log_path(), session_id, **change._asdict(), catalog=catalog, confirm=confirm
    )
    if not edited.sets and remove:
        typer.echo(f"Removed session #{edited.id} ({edited.date}): it held nothing else.")
        return
    _echo_session(edited, prefix="Now: ")
    if new_date is not None:
        _say_long_ago(edited.id, new_date, now)
    if exercise is not None:
        _say_taken_as_given(exercise, regions)


class _Change(NamedTuple):
    """What `log edit` changes (named as service.edit_entry's keywords)."""

    exercise: str | None
    spec: str | None
    rir: int | None
    pain: int | None
    date: dt.date | None
    note: str | None
    remove: tuple[str, ...]
    where: "tuple[PainRegion, ...] | None"


def list_sessions(
    since: Annotated[str | None, Opt("--since", help="Only from this date (YYYY-MM-DD).")] = None,
    limit: Annotated[
        int,
        Opt(
            "--limit",
            "-n",
            help="Show the last N sessions (0: all; default 20).",
            show_default=False,
        ),
    ] = 20,
    fmt: params.TableFormatOpt = "table",
) -> None:
    """List logged sessions, oldest first."""
    from runstrength.log.reports import day_of
    from runstrength.log.storage import SessionLog, session_dict

    # `table`, as every other command says; `text` was this command's own word for it
    if fmt not in ("table", "json", "text"):
        raise InvalidInput(f"--format: {fmt!r} is not one of table, json")
    if limit < 0:
        raise InvalidInput(f"--limit: {limit} is below 0 (0 shows every session)")
    start = day_of(since, today(), "--since") if since is not None else None
    with SessionLog(log_path()) as log:
        sessions = log.sessions(since=start, last=limit if limit > 0 else None)
        skipped = log.skipped_in(s.id for s in sessions)  # the walk's `skip`
        total = log.count(start)[0] if 0 < limit <= len(sessions) else len(sessions)
    if fmt == "json":
        listed_json = [
            {**session_dict(s), "skipped": sorted(skipped.get(s.id, ()))} for s in sessions
        ]
        typer.echo(json.dumps(listed_json, indent=2, ensure_ascii=False))
        return
    if not sessions:
        typer.echo("The log is empty.")
        return
    from runstrength.cli.tables import blocks, table_console

    # a block per session, wrapped between words on a terminal; one line per set in a pipe
    listed = [_session_lines(s, skipped.get(s.id, ())) for s in sessions]
    blocks(table_console(), [(lines[0], [x.strip() for x in lines[1:]]) for lines in listed])
    if total > len(sessions):  # the log-loop QA run: session #1 was left out, unsaid
        say(f"The last {len(sessions)} of {total} sessions; `log list -n 0` lists them all.")


def path() -> None:
    """Print where the log database is."""
    typer.echo(str(log_path()))
