"""`runstrength roster`: a plan for every athlete of a CSV or YAML roster, in one run.

Only typer and the stdlib are imported here; the roster core, the engine, the renderers
and rich are imported inside the command so `runstrength --help` stays instant.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Generator, Sequence
from contextlib import closing
from pathlib import Path
from typing import TYPE_CHECKING, NoReturn

import typer

from runstrength.cli import context, params
from runstrength.errors import InvalidInput

if TYPE_CHECKING:
    from runstrength.coach.roster import Done, RowProblem


def register(app: typer.Typer, new_app: Callable[..., typer.Typer]) -> None:
    """Add the `roster` command to the app."""
    app.command("roster")(roster)


def roster(
    roster_file: params.RosterArg = None,
    out_dir: params.RosterDirOpt = None,
    fmt: params.RosterFormatOpt = "pdf",
    strict: params.StrictOpt = False,
    catalog: params.CatalogOpt = None,
    jobs: params.JobsOpt = None,
    template: params.TemplateOpt = False,
) -> None:
    """Make a plan for every athlete of a roster (CSV or YAML) in one run."""
    from runstrength import __version__
    from runstrength.coach import roster as core

    if template:
        from runstrength.coach.index import template_csv

        typer.echo(template_csv(context.today()), nl=False)
        return
    roster_file, out_dir = _checked(roster_file, out_dir, jobs)
    formats = core.parse_formats(fmt)
    settings = core.Settings(formats=formats, today=context.today(), version=__version__)
    table = core.read_roster(roster_file)
    athletes, problems = core.prepare(table, formats)
    cat, rules = context.core_inputs(catalog or [])
    workers = _workers(jobs)
    if strict:  # every plan made once without writing: any problem, and nothing is written
        checks = core.make_plans(athletes, cat, rules, settings, out_dir=None, workers=workers)
        checked = _run(checks, len(athletes), "Checking")
        problems += [d.problem for d in checked if d.problem is not None]
        if problems:
            _refuse(table.source, problems)
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise InvalidInput(f"--out-dir {out_dir}: cannot make it: {exc.strerror}") from None
    if problems and _watched():
        # said before the progress bar, not only after a long run (the new-user review's
        # C10 re-check: the bar counted 77 of 80 rows and the 3 came at the very end)
        from runstrength.cli.console import say
        from runstrength.render.common import noun

        rows = len({p.row for p in problems})
        say(
            f"{table.source}: {noun(rows, 'row')} cannot be planned (each is named at the "
            f"end); planning the other {noun(len(athletes), 'athlete')}"
        )
    work = core.make_plans(athletes, cat, rules, settings, out_dir=out_dir, workers=workers)
    done = _run(work, len(athletes), "Planning")
    problems += [d.problem for d in done if d.problem is not None]
    from runstrength.coach.index import write_index

    write_index(out_dir, table, done, problems, formats)
    _report(table.source, out_dir, done, problems)


def _checked(roster_file: Path | None, out_dir: Path | None, jobs: int | None) -> tuple[Path, Path]:
    """The roster and the output folder, once the arguments are known to make sense
    (checked in this order: the first wrong one is named)."""
    if roster_file is None:
        raise InvalidInput("give a ROSTER file (CSV or YAML), or --template for an example")
    if not roster_file.exists():
        raise InvalidInput(f"{roster_file}: no such file")
    if jobs is not None and jobs < 1:
        raise InvalidInput(f"--jobs: {jobs} is not a number of processes (1 or more)")
    if out_dir is None:
        raise InvalidInput("--out-dir: give the folder to write the plans into")
    if out_dir.exists() and not out_dir.is_dir():
        raise InvalidInput(f"--out-dir {out_dir}: is a file, not a folder")
    from runstrength.fileio import check_out_dir_place

    check_out_dir_place(out_dir, "plans")  # the files' own check would speak of -o
    return roster_file, out_dir


def _workers(jobs: int | None) -> int:
    """--jobs, or one process per CPU; never more than the CPUs (a note says so)."""
    from runstrength.render.common import noun

    cpus = _cpu_count()
    workers = jobs or cpus
    if workers > cpus:
        note = f"Note: --jobs {workers} is more than {noun(cpus, 'CPU')}; using {cpus}."
        typer.echo(note, err=True)
        workers = cpus
    return workers


def _refuse(source: str, problems: Sequence[RowProblem]) -> NoReturn:
    """--strict with bad rows: name them, write nothing, exit 2."""
    from runstrength.cli.console import say
    from runstrength.render.common import noun

    _print_problems(source, problems)
    rows = len({p.row for p in problems})
    say(f"Nothing written: {noun(rows, 'row')} rejected (--strict)")
    raise typer.Exit(2)


def _report(
    source: str, out_dir: Path, done: Sequence[Done], problems: Sequence[RowProblem]
) -> None:
    """Each plan's warnings, each rejected row, and one summary line (exit 2 if any row
    was rejected)."""
    from runstrength.cli.console import say, warn
    from runstrength.coach.athletes import namesakes
    from runstrength.render.common import noun
    from runstrength.text import printable

    planned = sorted((d for d in done if d.summary is not None), key=lambda d: d.athlete.row)
    repeated = namesakes([d.athlete for d in planned])
    for d in planned:
        assert d.summary is not None
        if (first := repeated.get(d.athlete.row)) is not None:
            warn(
                f"{source}:{d.athlete.line}: warning: {printable(repr(d.athlete.name))} makes "
                f"the file names of line {first.line} ({printable(repr(first.name))}): its "
                f"files are {d.athlete.slug}.*"
            )
        for warning in d.summary.warnings:
            warn(f"{source}:{d.athlete.line}: warning: {warning}")
    _print_problems(source, problems)
    rejected = len({p.row for p in problems})
    summary = f"{noun(len(planned), 'plan')} written to {out_dir}{os.sep}"
    if rejected:
        summary += f", {noun(rejected, 'row')} rejected"
    say(summary)
    if rejected:
        raise typer.Exit(2)


def _watched() -> bool:
    """Whether a person watches the run (stderr is a terminal: the progress bar shows)."""
    from runstrength.cli.console import is_terminal

    return is_terminal(sys.stderr)


def _cpu_count() -> int:
    """The CPUs this process may run on (its affinity mask where the OS has one)."""
    if hasattr(os, "sched_getaffinity"):
        return max(1, len(os.sched_getaffinity(0)))
    return os.cpu_count() or 1


def _run(work: Generator[Done, None, None], total: int, label: str) -> list[Done]:
    """Drain `work`, with a progress bar when a person watches stderr; stop it on any exit."""
    try:
        with closing(work):  # closing stops the pool: running plans finish, the rest is dropped
            return _drain(work, total, label)
    except KeyboardInterrupt:
        typer.echo(
            "Interrupted: every file written is complete; run the command again to finish.",
            err=True,
        )
        raise typer.Exit(130) from None


def _drain(work: Generator[Done, None, None], total: int, label: str) -> list[Done]:
    from runstrength.cli.console import is_terminal, make_console

    if not is_terminal(sys.stderr) or total == 0:
        return list(work)
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        TextColumn,
        TimeRemainingColumn,
    )

    columns = (
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeRemainingColumn(),
    )
    # No refresh thread: the process pool forks its workers after this starts.
    with Progress(
        *columns, console=make_console(stderr=True), transient=True, auto_refresh=False
    ) as progress:
        task = progress.add_task(label, total=total)
        done: list[Done] = []
        for item in work:
            done.append(item)
            progress.update(task, advance=1, refresh=True)
        return done


def _print_problems(source: str, problems: Sequence[RowProblem]) -> None:
    from runstrength.cli.console import say

    for problem in sorted(problems, key=lambda p: (p.row, p.line)):
        say(problem.text(source))
