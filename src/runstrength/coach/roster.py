"""Coach mode: a roster in, one plan per athlete and format out.

The core of `runstrength roster`, with no printing: take the roster's rows (coach.rows),
turn each into a Profile through `runstrength.inputs.ProfileFlags` (collecting every
problem as `RowProblem`s with a line and a column), name each athlete's files from a slug,
run the engine and the renderers for every athlete (in a process pool when asked) and
write the files atomically; coach.index builds the index pages. A file is byte-identical
to what `runstrength plan … -o FILE` writes for the same inputs (both render with the
default RenderOptions). The athlete's name is used for the file names and the index only.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import re
import signal
import sys
import unicodedata
from collections.abc import Generator, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from runstrength.coach.rows import (
    COLUMNS,
    LIST_COLUMNS,
    Roster,
    Row,
    RowProblem,
    column_name,
    read_roster,
)
from runstrength.enums import Format
from runstrength.errors import InvalidInput, RunstrengthError, WriteError
from runstrength.inputs import ProfileFlags

if TYPE_CHECKING:
    from concurrent.futures import Future, ThreadPoolExecutor

    from runstrength.models import Catalog, Plan, Profile
    from runstrength.rulebook import Rulebook

__all__ = ["COLUMNS", "Roster", "Row", "RowProblem", "column_name", "read_roster"]

INDEX_NAME = "index"
# File stems an athlete must not take: the index, and names Windows refuses.
_SIGNALS = tuple(getattr(signal, name) for name in ("SIGTERM", "SIGHUP") if hasattr(signal, name))
_RESERVED = frozenset(
    {INDEX_NAME, "con", "prn", "aux", "nul"}
    | {f"com{n}" for n in range(1, 10)}
    | {f"lpt{n}" for n in range(1, 10)}
)
_SLUG_MAX = 60
NO_DATES = "ics needs dates: fill start or race_date, or leave ics out of --format"


# --------------------------------------------------------------------------- athletes


@dataclass(frozen=True)
class Athlete:
    """A roster row that parsed into a profile, with the stem of its file names."""

    row: int
    line: int
    name: str
    slug: str
    profile: Profile
    key: str  # equal keys, equal plans: the work is done once
    cell_lines: dict[str, int] = field(default_factory=dict)

    def line_of(self, column: str | None) -> int:
        """Where a problem with `column` points."""
        return self.cell_lines.get(column or "", self.line)


def parse_formats(value: str) -> tuple[Format, ...]:
    """`pdf,md` -> the formats in the order given, without repeats."""
    from runstrength.inputs import parse_choice
    from runstrength.render import FILE_FORMATS

    formats = [
        parse_choice("--format", part, Format, choices=FILE_FORMATS)
        for part in value.split(",")
        if part.strip()
    ]
    if not formats:
        choices = ", ".join(FILE_FORMATS)
        raise InvalidInput(f"--format: give one or more of {choices}, separated by commas")
    return tuple(dict.fromkeys(formats))


def slugify(name: str) -> str:
    """`Zoë Ødegård` -> `zoe-odegard`: ascii-folded, lowercase, hyphens; may be empty."""
    text = unicodedata.normalize("NFKD", name.translate(_FOLD))
    text = text.encode("ascii", "ignore").decode("ascii").lower()
    text = re.sub(r"['’]", "", text)  # O'Connor -> oconnor, not o-connor
    slug = re.sub(r"[^a-z0-9]+", "-", text).strip("-")
    return slug[:_SLUG_MAX].rstrip("-")


# Letters NFKD does not split into an ASCII letter and an accent.
_FOLD = str.maketrans(
    {
        "Ø": "O",
        "ø": "o",
        "Æ": "AE",
        "æ": "ae",
        "Œ": "OE",
        "œ": "oe",
        "ß": "ss",
        "Đ": "D",
        "đ": "d",
        "Ð": "D",
        "ð": "d",
        "Þ": "Th",
        "þ": "th",
        "Ł": "L",
        "ł": "l",
        "ı": "i",
    }
)


def unique_slugs(names: Sequence[tuple[int, str]]) -> dict[int, str]:
    """Row number -> file stem, unique in row order: `anna`, `anna-2`, `anna-3`…

    A name with nothing left after folding becomes `athlete-ROW`. Every named row takes
    its stem, even one rejected for other reasons, so fixing a row never renames another.
    """
    used: set[str] = set()
    out: dict[int, str] = {}
    for row, name in names:
        base = slugify(name) or f"athlete-{row}"
        candidate, n = base, 1
        while candidate in used or candidate in _RESERVED:
            n += 1
            candidate = f"{base}-{n}"
        used.add(candidate)
        out[row] = candidate
    return out


def prepare(roster: Roster, formats: Sequence[Format]) -> tuple[list[Athlete], list[RowProblem]]:
    """Every row as an Athlete, or its problems (all of them, column by column)."""
    slugs = unique_slugs([(r.row, r.cells["name"]) for r in roster.rows if r.cells.get("name")])
    athletes: list[Athlete] = []
    problems: list[RowProblem] = []
    for row in roster.rows:
        found = list(row.problems)
        if "name" not in row.cells and row.is_mapping:
            found.append(RowProblem(row.row, row.line, "name", "empty; every athlete needs a name"))
        cells = _cells(row.cells)
        flags = ProfileFlags()
        for column, text in cells.items():
            flags = flags.with_value(column, text)
        profile: Profile | None = None
        try:
            fields = flags.fields()
            profile = flags.profile()
        except (RunstrengthError, ArithmeticError, ValueError, RecursionError):
            # Parse the cells one by one so the coach sees every bad cell at once.
            for column, text in cells.items():
                try:
                    ProfileFlags().with_value(column, text).profile()
                except RunstrengthError as exc:
                    where, message = place(exc)
                    found.append(RowProblem(row.row, row.line_of(where), where, message))
                except (ArithmeticError, ValueError, RecursionError) as exc:
                    message = f"cannot read it ({_one_line(exc)})"
                    found.append(RowProblem(row.row, row.line_of(column), column, message))
            if not found:
                found.append(RowProblem(row.row, row.line, None, "these cells make no plan"))
        else:
            if Format.ICS in formats and "start_date" not in fields and "race_date" not in fields:
                found.append(RowProblem(row.row, row.line_of("start"), "start", NO_DATES))
        if found or profile is None:
            problems.extend(found)
            continue
        athletes.append(
            Athlete(
                row=row.row,
                line=row.line,
                name=row.cells["name"],
                slug=slugs[row.row],
                profile=profile,
                key=repr(sorted(fields.items())),
                cell_lines=row.cell_lines,
            )
        )
    return athletes, problems


def _cells(cells: dict[str, str]) -> dict[str, str]:
    """The input cells (all but `name`), list cells with `;` read as `,`."""
    return {
        column: value.replace(";", ",") if column in LIST_COLUMNS else value
        for column, value in cells.items()
        if column != "name"
    }


def place(exc: RunstrengthError) -> tuple[str | None, str]:
    """Where an error goes in the roster: (column, message in column words).

    Inputs errors carry their column as `.field`. Engine errors that do not yet
    (plan/engine.py, plan/periodization.py, kit.py raise `--flag …` messages without
    one) are placed by the first flag they name and reworded in column words.
    """
    if exc.field is not None:
        return exc.field, exc.reason
    from runstrength.inputs import BY_OPTION

    def column(option: str) -> str | None:
        return BY_OPTION[option].name if option in BY_OPTION else None

    message = str(exc)
    where: str | None = None
    lead = re.match(r"(--[a-z][a-z-]*):?\s+", message)
    mentioned = [c for o in re.findall(r"--[a-z][a-z-]*", message) if (c := column(o))]
    if lead and column(lead[1]):
        where = column(lead[1])
        message = message[lead.end() :]
    elif re.search(r"\binjury\b", message):
        where = "injuries"
    elif re.search(r"\bequipment\b", message):
        where = "equipment"
    elif mentioned:
        where = mentioned[0]
    return where, re.sub(r"--[a-z][a-z-]*", lambda m: column(m[0]) or m[0], message)


# --------------------------------------------------------------------------- making plans


@dataclass(frozen=True)
class Settings:
    """What every athlete's plan shares besides the catalog and rules."""

    formats: tuple[Format, ...]
    today: dt.date
    version: str


@dataclass(frozen=True)
class Summary:
    """The index's facts about one plan."""

    season: str
    volume: str
    band: str
    days: int
    weeks: int
    phases: tuple[str, ...]
    warnings: tuple[str, ...]


@dataclass(frozen=True)
class Done:
    """One athlete finished: files written (or only checked), or rejected by the engine."""

    athlete: Athlete
    summary: Summary | None
    problem: RowProblem | None
    files: tuple[str, ...] = ()


@dataclass(frozen=True)
class _Made:
    summary: Summary | None
    problem: tuple[str | None, str] | None
    payloads: tuple[tuple[Format, bytes], ...]


def _summary(plan: Plan) -> Summary:
    inputs = plan.inputs
    return Summary(
        season=inputs.season.value,
        volume=f"{inputs.weekly_volume:g} {inputs.unit.value}",
        band=inputs.volume_band.value,
        days=inputs.days,
        weeks=len(plan.weeks),
        phases=tuple(dict.fromkeys(week.phase.value for week in plan.weeks)),
        warnings=tuple(plan.warnings),
    )


def _make(
    catalog: Catalog, rules: Rulebook, settings: Settings, profile: Profile, render: bool
) -> _Made:
    """The plan of one profile, rendered in every format (the unit of work of the pool)."""
    from runstrength.plan.engine import generate_plan

    try:
        plan = generate_plan(
            profile, catalog, rules, today=settings.today, version=settings.version
        )
        payloads: tuple[tuple[Format, bytes], ...] = ()
        if render:
            from runstrength.render import RenderOptions
            from runstrength.render import render as render_plan

            # The defaults are exactly what `runstrength plan -o FILE` renders with, and
            # atomic_write encodes text as UTF-8 too; encoding here spares the parent.
            options = RenderOptions()
            payloads = tuple(
                (fmt, _encoded(render_plan(plan, fmt, options))) for fmt in settings.formats
            )
    except RunstrengthError as exc:
        return _Made(None, place(exc), ())
    except (ArithmeticError, ValueError, LookupError, RecursionError) as exc:
        # A bug for one athlete's inputs must not kill the run for everyone: it is this
        # row's problem, reported with the rest (and worth a bug report).
        problem = f"cannot make this plan ({_one_line(exc)}); please report it"
        return _Made(None, (None, problem), ())
    return _Made(_summary(plan), None, payloads)


def _one_line(exc: BaseException) -> str:
    from runstrength.text import one_line

    return one_line(f"{type(exc).__name__}: {exc}")[:200]


def _encoded(data: str | bytes) -> bytes:
    return data.encode("utf-8") if isinstance(data, str) else data


# fork: the workers start at once with the catalog already loaded. Elsewhere fork is
# unsafe (macOS) or missing (Windows), and spawn pickles the inputs to each worker.
START_METHOD = "fork" if sys.platform.startswith("linux") else "spawn"
_worker_inputs: tuple[Catalog, Rulebook, Settings] | None = None


def _init_worker(
    catalog: Catalog, rules: Rulebook, settings: Settings, parent: int | None = None
) -> None:
    import signal

    global _worker_inputs
    _worker_inputs = (catalog, rules, settings)
    # Ctrl-C is the parent's to handle: it lets running plans finish, then stops the pool.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    if parent is not None:
        end_with_parent(parent)


PARENT_CHECK_S = 1.0


def end_with_parent(parent: int) -> None:
    """End this worker when `parent` dies, even by SIGKILL, instead of living on as an
    orphan blocked on a pipe no one reads.

    On Linux the kernel sends SIGTERM at once (prctl PR_SET_PDEATHSIG); everywhere a
    daemon thread also checks once a second that the parent is still ours.
    """
    import os
    import threading

    if sys.platform.startswith("linux"):
        _linux_parent_death_signal()
    if os.getppid() != parent:  # it died before the prctl took effect
        os._exit(1)

    def watch() -> None:
        import time

        while os.getppid() == parent:
            time.sleep(PARENT_CHECK_S)
        os._exit(1)

    threading.Thread(target=watch, name="parent-watch", daemon=True).start()


def _linux_parent_death_signal() -> None:
    import ctypes
    import signal

    pr_set_pdeathsig = 1
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(pr_set_pdeathsig, int(signal.SIGTERM), 0, 0, 0)
    except (OSError, AttributeError):
        pass  # the watch thread still ends the worker


def _work(profiles: tuple[Profile, ...], render: bool) -> list[_Made]:
    """A batch of plans in a worker: one task per few athletes, not one each."""
    assert _worker_inputs is not None, "the pool initializer sets the inputs"
    return [_make(*_worker_inputs, profile, render) for profile in profiles]


# Athletes per pool task: enough to spread the per-task cost (pickling, queues) and small
# enough that the workers share the end of the run evenly.
BATCH_MAX = 8


def _batches(jobs: list[list[Athlete]], workers: int) -> list[list[list[Athlete]]]:
    """The jobs in runs of at most BATCH_MAX, and at least four runs per worker."""
    size = max(1, min(BATCH_MAX, len(jobs) // (workers * 4)))
    return [jobs[i : i + size] for i in range(0, len(jobs), size)]


def make_plans(
    athletes: Sequence[Athlete],
    catalog: Catalog,
    rules: Rulebook,
    settings: Settings,
    *,
    out_dir: Path | None,
    workers: int = 1,
) -> Generator[Done, None, None]:
    """Plan (and with `out_dir`, render and write) every athlete; yields as each finishes.

    Athletes with equal inputs share one plan. With `workers` > 1 the plans are made in a
    process pool, a few athletes per task, and this process writes the files, each
    atomically, as results arrive (on a few threads: see `_Writes`); the files are the same
    as a serial run's. Close the iterator (or let it finish) to stop the pool: pending work
    is cancelled, running work finishes, nothing is half-written.
    """
    groups: dict[str, list[Athlete]] = {}
    for athlete in athletes:
        groups.setdefault(athlete.key, []).append(athlete)
    jobs = list(groups.values())
    render = out_dir is not None
    writes = _Writes(out_dir)
    try:
        with writes.finished_on_signal():
            if workers <= 1 or len(jobs) <= 1:
                for group in jobs:
                    writes.add(group, _make(catalog, rules, settings, group[0].profile, render))
                    yield from writes.ready()
            else:
                yield from _pooled(jobs, catalog, rules, settings, render, workers, writes)
            yield from writes.rest()
    finally:
        writes.close()


def _pooled(
    jobs: list[list[Athlete]],
    catalog: Catalog,
    rules: Rulebook,
    settings: Settings,
    render: bool,
    workers: int,
    writes: _Writes,
) -> Generator[Done, None, None]:
    import concurrent.futures as cf
    import multiprocessing
    import os

    batches = _batches(jobs, workers)
    pool = cf.ProcessPoolExecutor(
        max_workers=min(workers, len(batches)),
        mp_context=multiprocessing.get_context(START_METHOD),
        initializer=_init_worker,
        initargs=(catalog, rules, settings, os.getpid()),
    )
    try:
        pending = {
            pool.submit(_work, tuple(group[0].profile for group in batch), render): batch
            for batch in batches
        }
        while pending:
            # Not as_completed: it keeps every future, and so every rendered file, alive.
            finished, _ = cf.wait(pending, return_when=cf.FIRST_COMPLETED)
            for future in finished:
                batch = pending.pop(future)
                for group, made in zip(batch, future.result(), strict=True):
                    writes.add(group, made)
                yield from writes.ready()
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


# Files written at once. Each write ends with an fsync, which waits for the disk; the disk
# (and the file system's journal) takes many at once about as fast as one, so the waits
# overlap instead of adding up: 2,000 files in a few hundred ms instead of several s.
WRITE_THREADS = 8
_SIGNAL_WAIT_S = 10.0  # at most this long for running writes to finish on SIGTERM


class _Writes:
    """The athletes' files, written on a few threads as results arrive, each still through
    `atomic_write` (temp file, fsync, rename); `Done`s come back in the order added.

    A write error is raised where its `Done` would have been yielded, so the first error
    in roster order stops the run; writes already running finish, queued ones are dropped.
    On SIGTERM/SIGHUP no new write starts and the running ones finish (so no temp file is
    left behind, as `atomic_write` ensures on the main thread), then the signal ends the
    process as it would have.
    """

    def __init__(self, out_dir: Path | None) -> None:
        import collections
        import threading

        self.out_dir = out_dir
        self.order: collections.deque[Future[Done | None]] = collections.deque()
        self.pool: ThreadPoolExecutor | None = None
        self.lock = threading.Condition()  # never taken by the main thread, but on a signal
        self.running = 0
        self.stopping = False

    def add(self, group: list[Athlete], made: _Made) -> None:
        """Write (in the background) the files of `made` for every athlete of `group`."""
        from concurrent.futures import Future, ThreadPoolExecutor

        for athlete in group:
            if self.out_dir is None or made.problem is not None or not made.payloads:
                done: Future[Done | None] = Future()
                done.set_result(_finish(athlete, made, self.out_dir))
                self.order.append(done)
                continue
            if self.pool is None:
                self.pool = ThreadPoolExecutor(WRITE_THREADS, thread_name_prefix="roster-write")
            self.order.append(self.pool.submit(self._write, athlete, made))

    def _write(self, athlete: Athlete, made: _Made) -> Done | None:
        with self.lock:
            if self.stopping:
                return None
            self.running += 1
        try:
            return _finish(athlete, made, self.out_dir)
        finally:
            with self.lock:
                self.running -= 1
                self.lock.notify_all()

    def ready(self) -> Iterator[Done]:
        """The `Done`s whose files are written, in order, up to the first still running."""
        while self.order and self.order[0].done():
            found = self.order.popleft().result()
            if found is not None:
                yield found

    def rest(self) -> Iterator[Done]:
        """Every remaining `Done`, in order, waiting for its files."""
        while self.order:
            found = self.order.popleft().result()
            if found is not None:
                yield found

    def close(self) -> None:
        """Drop the queued writes and wait for the running ones."""
        if self.pool is not None:
            self.pool.shutdown(wait=True, cancel_futures=True)

    @contextlib.contextmanager
    def finished_on_signal(self) -> Iterator[None]:
        """While the block runs, SIGTERM/SIGHUP first let the running writes finish."""
        import signal
        import threading

        if self.out_dir is None or threading.current_thread() is not threading.main_thread():
            yield
            return
        previous: dict[int, Any] = {}

        def handler(signum: int, frame: object) -> None:
            with self.lock:
                self.stopping = True
                self.lock.wait_for(lambda: self.running == 0, timeout=_SIGNAL_WAIT_S)
            signal.signal(signum, previous.get(signum, signal.SIG_DFL))
            os.kill(os.getpid(), signum)

        for sig in _SIGNALS:
            if signal.getsignal(sig) in (signal.SIG_DFL, None):
                previous[sig] = signal.SIG_DFL
                signal.signal(sig, handler)
        try:
            yield
        finally:
            for sig, old in previous.items():
                signal.signal(sig, old)


def _finish(athlete: Athlete, made: _Made, out_dir: Path | None) -> Done:
    if made.problem is not None:
        column, message = made.problem
        problem = RowProblem(athlete.row, athlete.line_of(column), column, message)
        return Done(athlete, None, problem)
    files: list[str] = []
    if out_dir is not None:
        from runstrength.fileio import atomic_write
        from runstrength.render import SUFFIXES

        for fmt, data in made.payloads:
            name = f"{athlete.slug}{SUFFIXES[fmt]}"
            try:  # a full disk or a read-only folder stops the whole run (no temp file left)
                atomic_write(out_dir / name, data)
            except OSError as exc:
                raise WriteError(f"{out_dir / name}: cannot write it: {exc.strerror}") from None
            files.append(name)
    return Done(athlete, made.summary, None, tuple(files))
