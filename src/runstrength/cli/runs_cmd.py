"""`runstrength runs`: your running from a watch or a service, kept in the log (issue 13).

runstrength runs import PATH...   FIT, GPX, TCX files, Strava's activities.csv, folders
runstrength runs list             the runs, the last 4 weeks and any spike
runstrength runs undo             remove the last import
"""

# No `from __future__ import annotations`: typer reads the command signatures at start-up.

import csv
import io
import json
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from runstrength.cli.log_common import log_path
from runstrength.cli.params import format_opt
from runstrength.errors import InvalidInput
from runstrength.text import printable

if TYPE_CHECKING:
    from runstrength.watch.runs import Run

Opt = typer.Option


def register(app: typer.Typer, new_app: Callable[..., typer.Typer]) -> None:
    """Add `runs` and its subcommands to the app."""
    group = new_app(  # the app's own factory: one-line errors, -h, help when bare
        help="Your running from a watch or a service: import FIT, GPX, TCX files or a Strava "
        "export; `plan` then takes its weekly volume from them and `next` watches for spikes.",
    )
    from runstrength.cli import mount

    mount(app, "runs", group, {"import": import_, "list": list_, "undo": undo})


def import_(
    paths: Annotated[
        list[Path],
        typer.Argument(
            metavar="PATH...",
            help="FIT/GPX/TCX files (.gz too), a Strava activities.csv, or folders (recursive).",
        ),
    ],
    max_hr: Annotated[
        str | None,
        Opt(
            "--max-hr",
            metavar="BPM",
            help="Your maximum heart rate: runs averaging 82 % of it or more count as hard "
            "(kept for later imports).",
        ),
    ] = None,
) -> None:
    """Import runs; a file that cannot be read is one error line, the others still import."""
    from runstrength.cli.fit_files import local_zone
    from runstrength.log.run_import import MIN_RUN_M, import_runs, parse_max_hr

    bpm = parse_max_hr(max_hr)
    from runstrength.cli.context import today

    done = import_runs(log_path(), paths, max_hr=bpm, tz=local_zone(), today=today())
    for line in done.errors:  # a file name is someone else's text: no escapes reach the tty
        typer.echo(f"Error: {printable(line)}", err=True)
    runs = done.batch.runs
    files = f"{done.files} file{'s' if done.files != 1 else ''}"
    if runs:
        km = sum(r.distance_m for r in runs) / 1000
        first, last = runs[0].date, runs[-1].date
        span = first.isoformat() if first == last else f"{first} to {last}"
        hard = sum(1 for r in runs if r.hard)
        typer.echo(
            f"Imported {_count(len(runs), 'run')} ({km:.1f} km, {span}; {hard} hard) "
            f"from {files} as import #{done.batch.batch}."
        )
    elif done.files > len(done.errors):  # of the files read, not those that could not be
        typer.echo(f"No new runs in {files}.")
    elif done.files == 0:  # a folder with none (QA: it said nothing at all)
        typer.echo("No FIT, GPX, TCX or Strava activities.csv files found there; nothing imported.")
    if done.empty:
        typer.echo(
            f"Left out {_count(done.empty, 'run')} of less than {MIN_RUN_M} m: no distance "
            "to count (a single GPS point, or a run recorded without distance)."
        )
    if done.batch.upgraded:
        typer.echo(
            f"{_count(done.batch.upgraded, 'run')} already in the log took this import's "
            "richer data (heart rate, laps, hard or easy)."
        )
    if done.duplicates:
        typer.echo(
            f"{_count(done.duplicates, 'duplicate')} counted once (same start and distance)."
        )
    if done.without_runs:
        names = ", ".join(printable(p.name) for p in done.without_runs[:5])
        more = f" and {len(done.without_runs) - 5} more" if len(done.without_runs) > 5 else ""
        typer.echo(f"No running in {names}{more}.")
    if runs and done.max_hr is None and any(r.hard is None for r in runs):
        typer.echo("Tip: give --max-hr BPM so hard runs can be told by heart rate.")
    if done.errors:
        typer.echo(
            f"{_count(len(done.errors), 'file')} could not be read; nothing was taken from "
            f"{'them' if len(done.errors) > 1 else 'it'}.",
            err=True,
        )
        raise typer.Exit(2)


def _count(n: int, word: str) -> str:
    return f"{n} {word}{'s' if n != 1 else ''}"


def list_(
    fmt: Annotated[
        str, format_opt("table | csv | json (default table).", show_default=False)
    ] = "table",
) -> None:
    """List the imported runs, with the last 4 complete weeks and any volume spike."""
    from runstrength.cli import context
    from runstrength.log.run_import import runs_summary
    from runstrength.log.storage import SessionLog

    if fmt not in ("table", "csv", "json"):
        raise InvalidInput(f"--format: {fmt!r} is not one of table, csv, json")
    today = context.today()
    with SessionLog(log_path()) as log:
        runs = log.runs()
        summary = runs_summary(log, today) if fmt == "table" else None
    if fmt == "json":
        typer.echo(json.dumps([_record(r) for r in runs], indent=2, ensure_ascii=False))
        return
    if fmt == "csv":
        buffer = io.StringIO()
        fields = list(_record(runs[0])) if runs else list(_FIELDS)
        writer = csv.DictWriter(buffer, fieldnames=fields, lineterminator="\n")
        writer.writeheader()
        writer.writerows(_record(r) for r in runs)
        sys.stdout.write(buffer.getvalue())
        return
    if not runs:
        typer.echo("No runs yet: import them with `runstrength runs import PATH...`.")
        return
    rows = [
        [
            r.date.isoformat(),
            f"{r.distance_m / 1000:.1f}",
            _hms(r.duration_s),
            _pace(r),
            str(r.avg_hr or "–"),
            {True: "hard", False: "easy", None: "?"}[r.hard],
            r.sport,
            printable(r.source.name),
        ]
        for r in runs
    ]
    from runstrength.cli.console import say
    from runstrength.cli.tables import print_rows, table_console

    headers = ["Date", "km", "Time", "Pace", "HR", "Effort", "Sport", "From"]
    print_rows(table_console(), headers, rows, whole=range(6))
    if summary is not None and summary.weeks:
        weeks = ", ".join(f"{m:%b %d} {km:.1f}" for m, km in summary.weeks)
        typer.echo(
            f"\nLast {len(summary.weeks)} complete weeks (km): {weeks}; mean {summary.mean_km} km."
        )
        if summary.hard_days or summary.long_run_day:
            hard = ", ".join(d.value for d in summary.hard_days) or "none"
            long = summary.long_run_day.value if summary.long_run_day else "none"
            typer.echo(f"Hard-run days: {hard}; long-run day: {long}.")
        if summary.spike is not None:
            say(f"Spike: {summary.spike.reason}.", style="yellow", stderr=False)


_FIELDS = (
    "date",
    "start",
    "distance_m",
    "duration_s",
    "sport",
    "hard",
    "avg_hr",
    "source",
    "source_format",
)


def _record(run: "Run") -> dict[str, object]:
    return {
        "date": run.date.isoformat(),
        "start": run.key.split("/")[0],
        "distance_m": round(run.distance_m, 1),
        "duration_s": round(run.duration_s, 1),
        "sport": run.sport,
        "hard": run.hard,
        "avg_hr": run.avg_hr,
        "source": str(run.source),
        "source_format": run.source_format,
    }


def _hms(seconds: float) -> str:
    total = round(seconds)
    return f"{total // 3600}:{total % 3600 // 60:02d}:{total % 60:02d}"


def _pace(run: "Run") -> str:
    pace = run.pace_s_per_km
    if pace is None:
        return "–"
    total = round(pace)
    return f"{total // 60}:{total % 60:02d}/km"


def undo(
    yes: Annotated[bool, Opt("--yes", "-y", help="Do not ask before removing.")] = False,
) -> None:
    """Remove the runs of the last import (they are shown first)."""
    from runstrength.log.storage import SessionLog

    with SessionLog(log_path()) as log:
        last = log.last_run_batch()
        if last is None:
            raise InvalidInput("no runs were imported; there is nothing to undo")
        km = sum(r.distance_m for r in last.runs) / 1000
        typer.echo(f"Import #{last.batch}: {_count(len(last.runs), 'run')}, {km:.1f} km:")
        shown = last.runs if len(last.runs) <= 8 else [*last.runs[:3], None, *last.runs[-3:]]
        for r in shown:
            if r is None:
                typer.echo(f"  … {len(last.runs) - 6} more")
                continue
            typer.echo(f"  {r.date}  {r.distance_m / 1000:5.1f} km  {printable(r.source.name)}")
        if (
            not yes
            and sys.stdin.isatty()
            and not typer.confirm("Remove these runs?", default=False)
        ):
            typer.echo("Kept.")
            return
        removed = log.remove_run_batch(last.batch)
    typer.echo(f"Removed {_count(removed, 'run')} (import #{last.batch}).")
