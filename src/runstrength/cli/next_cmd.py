"""`runstrength next`: the next session of the active plan, with loads from the log.

runstrength next [--format table|json|fit] [-o FILE]
"""

# No `from __future__ import annotations`: typer reads the command signatures at start-up.

import json
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from runstrength.cli.console import say, warn
from runstrength.cli.log_common import core, log_path
from runstrength.cli.params import format_opt, stdout_dash
from runstrength.errors import InvalidInput

if TYPE_CHECKING:
    from runstrength.log.nextsession import NextSession


def register(app: typer.Typer, new_app: Callable[..., typer.Typer]) -> None:
    """Add `next` to the app."""
    app.command("next")(next_)


def next_(
    fmt: Annotated[
        str, format_opt("table | json | fit (a watch workout); default table.", show_default=False)
    ] = "table",
    out: Annotated[
        Path | None,
        typer.Option(
            "--output",
            "-o",
            metavar="FILE",
            help="Write to this file (today.fit, today.json: the name says which).",
            callback=stdout_dash,
        ),
    ] = None,
    pain_free: Annotated[
        list[str] | None,
        typer.Option("--pain-free", help="A check-in first: this pain region has settled."),
    ] = None,  # §10.3 log_pain.py
) -> None:
    """The next session of the active plan, with loads from your log."""
    from runstrength.cli import context
    from runstrength.enums import DeloadKind
    from runstrength.log.service import next_session, plan_done_line

    if out is not None and fmt == "table":  # the file's suffix says it, as `plan -o` reads it
        fmt = _BY_SUFFIX.get(out.suffix.lower(), fmt)
    if fmt not in ("table", "json", "fit"):
        raise InvalidInput(f"--format: {fmt!r} is not one of table, json, fit")
    now = context.today()
    if pain_free:  # §10.3 log_pain.py
        from runstrength.cli.log_pain import record_clearance

        for line in record_clearance(pain_free, now, now):
            say(line, stderr=False)
    catalog, rules = core()
    nxt = next_session(log_path(), now, catalog, rules)
    if nxt is None:
        # A JSON reader gets JSON (`null`: no session), the words go to stderr; a table
        # reader gets the words. Nothing is written to -o.
        machine = fmt != "table"
        if fmt == "json" and out is None:
            typer.echo("null")
        # §3.4: a race build says what the race leaves (a missed primer, the lockout)
        say(plan_done_line(log_path(), now, catalog, rules), stderr=machine)
        return
    if fmt == "fit":  # issue 13: the session as a FIT workout for the watch
        _write_fit(nxt, out)
        return
    if fmt == "json":
        data = nxt.session.model_dump(mode="json")
        data["week"] = {
            "index": nxt.week.index,
            "phase": nxt.week.phase.value,
            "season": nxt.week.season.value,
            "deload": nxt.week.deload or nxt.deload is DeloadKind.REACTIVE,
        }
        data["notes"] = list(nxt.notes)
        data["e1rm"] = dict(nxt.e1rms)
        _emit_text(json.dumps(data, indent=2, ensure_ascii=False) + "\n", out)
        return
    if out is not None:
        raise InvalidInput(
            "-o writes --format json or fit (a .json or .fit name says which); "
            "the table is for the terminal"
        )
    _print_next(nxt)


_BY_SUFFIX = {".json": "json", ".fit": "fit"}  # -o FILE without --format


def _emit_text(text: str, out: Path | None) -> None:
    if out is None:
        typer.echo(text, nl=False)
        return
    from runstrength.fileio import atomic_write

    atomic_write(out, text, f"-o {out}")
    from runstrength.text import printable

    typer.echo(f"Wrote {printable(out)} (json)", err=True)


def _write_fit(nxt: "NextSession", out: Path | None) -> None:
    import sys

    from runstrength.cli.fit_files import session_bytes
    from runstrength.errors import RenderError

    if out is not None:
        from runstrength.fileio import atomic_write, check_writable

        check_writable(out, f"-o {out}")
        atomic_write(out, session_bytes(nxt.session), f"-o {out}")
        from runstrength.text import printable

        typer.echo(f"Wrote {printable(out)} (fit)", err=True)
        for line in nxt.notes:
            warn(line)
        return
    if sys.stdout.isatty():
        raise RenderError("fit is binary; write it with -o FILE.fit")
    sys.stdout.buffer.write(session_bytes(nxt.session))
    sys.stdout.flush()


def _print_next(nxt: "NextSession") -> None:
    """Titles, then the exercises as a table that fits the terminal (one block per exercise
    when none fits), then the notes in yellow where colour is allowed."""
    from rich.text import Text

    from runstrength.cli.tables import print_rows, table_console
    from runstrength.log.standing import moved_line
    from runstrength.render import common
    from runstrength.text import printable  # the saved plan may come from an import

    console = table_console()
    console.print(Text(printable(common.week_title(nxt.week)), style="bold"))
    console.print(Text(printable(common.session_title(nxt.session))))
    if nxt.shift_days:
        say(moved_line(nxt), stderr=False)
    warmup = common.warmup_text(nxt.session)  # with the ramp loads once the lift has one
    if warmup is not None:
        say(printable(warmup), stderr=False)
    # What the runner needs at the rack (the coach review's K7): rest and tempo too.
    cells = [
        (
            p.name,
            common.dose_text(p),
            common.load_text(p),
            common.rest_text(p.rest_seconds),
            common.tempo_text(p),
            p.why or "",
        )
        for p in nxt.session.exercises
    ]
    rows = [[printable(c) for c in row] for row in cells]
    narrow = [  # one block per exercise: the parts say what they are
        [
            printable(c)
            for c in (
                name,
                dose,
                load,
                f"rest {rest}",
                f"tempo {tempo}" if tempo != common.NOT_SET else "",
                why,
            )
        ]
        for name, dose, load, rest, tempo, why in cells
    ]
    headers = ["Exercise", "Dose", "Load", "Rest", "Tempo", "Why"]
    print_rows(console, headers, rows, narrow=narrow)
    # The cues, calibration and safety notes every plan format prints (§10.1, §10.11, K7):
    # at the rack too.
    for p in nxt.session.exercises:  # the why has its column
        texts = [t for k, t in common.tagged_notes(p, cue_shown=False) if k != "why"]
        if texts:
            say(printable(f"{p.name}: {' '.join(texts)}"), stderr=False)
    for line in nxt.notes:
        say(line, style="yellow", stderr=False)
