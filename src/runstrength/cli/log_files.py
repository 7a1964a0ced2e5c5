"""`runstrength log export` and `log import`: the log to a file and back (or a watch's
activity into the log). Registered by cli/log_cmd.py with the other `log` subcommands.
"""

# No `from __future__ import annotations`: typer reads the command signatures at start-up.

from pathlib import Path
from typing import Annotated

import typer

from runstrength.cli.console import say
from runstrength.cli.log_common import core, inputs_with, log_path, saved_catalogs
from runstrength.cli.params import OutputOpt, format_opt
from runstrength.errors import InvalidInput
from runstrength.text import printable

_SIDE = ("-wal", "-shm", "-journal")  # SQLite's files beside the log: never a target either


def export(
    fmt: Annotated[
        str | None,
        format_opt("csv | json (default json, or what the -o name says).", show_default=False),
    ] = None,
    out: OutputOpt = None,
) -> None:
    """Export the whole log (csv: sessions and sets; json: everything) to stdout or a file."""
    from runstrength.log.storage import SessionLog

    if fmt is None:  # `-o backup.csv` says csv, as `plan -o` and `next -o` read a name (QA:
        # it wrote JSON into backup.csv)
        fmt = "csv" if out is not None and out.suffix.lower() == ".csv" else "json"
    if fmt not in ("csv", "json"):
        raise InvalidInput(f"--format: {fmt!r} is not one of csv, json")
    from runstrength.cli.console import warn
    from runstrength.log.importer import MAX_IMPORT_BYTES

    with SessionLog(log_path()) as log:
        text = log.export_csv() if fmt == "csv" else log.export_json()
        left_out = log.left_out_of_csv() if fmt == "csv" else []
    if left_out:
        from runstrength.text import noun

        kept = ", ".join(noun(n, what) for n, what in left_out)
        warn(
            f"Note: CSV holds sessions and sets only; not in it: {kept}. "
            "`runstrength log export --format json` keeps everything."
        )
    if len(text.encode("utf-8")) > MAX_IMPORT_BYTES:
        # a backup `log import` cannot take back (the reliability review's re-check: a log
        # of 33,000 sessions exported to 83 MB of JSON) is said before anyone relies on it
        warn(
            f"Warning: this export is larger than `log import` reads "
            f"({MAX_IMPORT_BYTES // 2**20} MB): as a backup, keep a copy of the log file "
            f"itself too ({log_path()})"
        )
    if out is None:
        typer.echo(text, nl=False)
        return
    from runstrength.fileio import atomic_write

    target = log_path()
    if out.resolve() in {target.resolve(), *(Path(f"{target}{x}").resolve() for x in _SIDE)}:
        raise InvalidInput(f"-o {out}: that is the training log itself; give another file")
    atomic_write(out, text)
    typer.echo(f"Wrote {printable(out)} ({fmt})", err=True)


def import_(
    file: Annotated[
        Path,
        typer.Argument(
            help="A file written by `runstrength log export`, or a watch's activity.fit."
        ),
    ],
) -> None:
    """Import a log export (csv or json) or a strength activity from your watch (.fit).

    Sessions already in the log are skipped. All or nothing: the first bad row (named)
    refuses the whole file, nothing is altered on the way, and only a regular file of at
    most 32 MB is read."""
    from runstrength.log.storage import SessionLog

    if file.suffix.lower() == ".fit":  # issue 13: sets back from the watch
        from runstrength.cli.fit_files import log_activity

        return log_activity(file)

    text = _read_import(file)
    catalog, _ = core()

    missing: list[str] = []

    def known(brought: list[str]) -> set[str] | None:
        """The ids of the catalog, with the export's own catalog files where they are on
        this machine (the import keeps them as the saved catalog files); None when one of
        them is not: the sessions are imported whole, not refused for its exercises (the
        QA run: a log made with a catalog file could not be moved to a new machine)."""
        missing.extend(p for p in brought if not Path(p).is_file())
        if missing:
            return None
        files = [Path(p) for p in brought]
        if not files:
            return set(catalog.exercises)
        extra = list(dict.fromkeys([*saved_catalogs(), *files]))
        return set(inputs_with(extra, saved=False)[0].exercises)

    from runstrength.cli.context import today

    with SessionLog(log_path()) as log:
        was_active, was_profile = log.active_plan(), log.load_profile()
        result = log.import_text(text, source=str(file), known=known, today=today())
        now_active, now_profile = log.active_plan(), log.load_profile()
    typer.echo(
        f"Imported {result.added} session(s) from {file}"
        + (f"; {result.skipped} already in the log" if result.skipped else "")
        + (f", {result.relinked} of them now linked to their plan" if result.relinked else "")
        + (
            f"; {result.edited} edited in the log since the export, kept as edited"
            if result.edited
            else ""
        )
        + (f"; {result.renumbered} got new ids" if result.renumbered else "")
        + (f"; {result.runs} run(s)" if result.runs else "")
        + (f"; {result.pain} pain report(s)" if result.pain else "")
        + "."
    )
    # The export's active plan and profile become this log's (QA: said nowhere, and `next`
    # went on with a plan the runner had not saved here)
    replaced = [
        what
        for what, before, after in (
            ("active plan", was_active and was_active.plan, now_active and now_active.plan),
            ("profile", was_profile, now_profile),
        )
        if before is not None and before != after
    ]
    if replaced:
        say(
            f"The export's {' and '.join(replaced)} replaced the ones this log had "
            "(`runstrength plan --save` saves yours again)."
        )
    if missing:
        say(
            f"The export was made with your catalog {printable(missing[0])}, which is not on "
            "this machine: its exercises were imported as logged, unchecked. Put the file "
            "there for `next` and `history` to know them (or `runstrength profile set "
            "catalog none` to go on without it)."
        )


def _read_import(file: Path) -> str:
    """The file's text: a regular file (not /dev/zero, a FIFO or a folder: fileio's reader
    refuses those before reading, and a FIFO with no writer no longer hangs) within the size
    cap. A byte-order mark (a spreadsheet's "UTF-8" save) is dropped."""
    from runstrength.fileio import read_bounded
    from runstrength.log.importer import MAX_IMPORT_BYTES

    data = read_bounded(file, MAX_IMPORT_BYTES, "log export")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise InvalidInput(f"{printable(file)}: not a text file") from None
