"""Coach mode: a roster in, one plan per athlete and format out.

The core of `runstrength roster`, with no printing: take the roster's rows (coach.rows),
turn each into a Profile through `runstrength.inputs.ProfileFlags` (collecting every
problem as `RowProblem`s with a line and a column), name each athlete's files from a slug,
run the engine and the renderers for every athlete (in a process pool when asked) and
write the files atomically; coach.index builds the index pages. A file is byte-identical
to what `runstrength plan --name NAME … -o FILE` writes for the same inputs (both render
with RenderOptions(athlete=NAME)): the athlete's name titles every file but the JSON, and
names the files and the index rows.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import sys
from collections.abc import Generator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Generic, TypeVar

from runstrength.coach.athletes import (
    INDEX_NAME,
    NO_DATES,
    Athlete,
    _one_line,
    parse_formats,
    place,
    prepare,
    slugify,
    unique_slugs,
)
from runstrength.coach.rows import (
    COLUMNS,
    Roster,
    Row,
    RowProblem,
    column_name,
    read_roster,
)
from runstrength.coach.writes import Done, Staging, Summary, _Made, _Writes, stage
from runstrength.collector import paused
from runstrength.enums import Format
from runstrength.errors import RunstrengthError, WriteError
from runstrength.plan.notes import RACE_EMPTIED
from runstrength.render.common import is_race_build, race_text, sessions_per_week

if TYPE_CHECKING:
    from runstrength.models import Catalog, Plan, Profile
    from runstrength.rulebook import Rulebook

__all__ = [
    "COLUMNS",
    "INDEX_NAME",
    "NO_DATES",
    "Athlete",
    "Done",
    "Roster",
    "Row",
    "RowProblem",
    "Settings",
    "Summary",
    "column_name",
    "make_plans",
    "parse_formats",
    "place",
    "prepare",
    "read_roster",
    "slugify",
    "unique_slugs",
]


# --------------------------------------------------------------------------- making plans


@dataclass(frozen=True)
class Settings:
    """What every athlete's plan shares besides the catalog and rules."""

    formats: tuple[Format, ...]
    today: dt.date
    version: str
    staging: Staging | None = None  # where the files go; None: plan only, write nothing


def _summary(plan: Plan) -> Summary:
    inputs = plan.inputs
    season = inputs.season.value
    race = race_text(inputs)
    if race is not None:  # "race 2027-04-11 half", or "in, race …" for an in-season one
        season = f"race {race}" if is_race_build(inputs) else f"{season}, race {race}"
    return Summary(
        season=season,
        volume=f"{inputs.weekly_volume:g} {inputs.unit.value}",
        band=inputs.volume_band.value,
        days=_days(plan),
        weeks=len(plan.weeks),
        phases=tuple(dict.fromkeys(week.phase.value for week in plan.weeks)),
        # the race week every race build leaves empty is said in the plan, not the run's
        warnings=tuple(w for w in plan.warnings if w.partition(": ")[2] != RACE_EMPTIED),
        start=inputs.start_date.isoformat() if inputs.start_date else "–",
        injuries=", ".join(inputs.injuries) or "–",
    )


def _days(plan: Plan) -> str:
    """The days a week the plan holds: '3', or '2 of 3' as its header says (new-user
    review C10: the index said 3 for a plan of 2)."""
    held, asked = sessions_per_week(plan), plan.inputs.days
    return str(asked) if held == asked else f"{held} of {asked}"


# Paused (collector.py): the plan lives on from planning through its renders, and a
# collection started in between would trace all of it.
@paused
def _make(
    catalog: Catalog,
    rules: Rulebook,
    settings: Settings,
    profile: Profile,
    athlete: str | None = None,
    slugs: tuple[str, ...] = (),
) -> _Made:
    """The plan of one profile, rendered in every format and staged as the files of each
    of `slugs` (the unit of work of the pool; with no staging, the plan alone)."""
    from runstrength.plan.engine import generate_plan

    payloads: tuple[tuple[Format, bytes], ...] = ()
    try:
        plan = generate_plan(
            profile, catalog, rules, today=settings.today, version=settings.version
        )
        if settings.staging is not None:
            from runstrength.render import RenderOptions, render_bytes

            # The defaults are exactly what `runstrength plan --name NAME -o FILE` renders
            # with, and atomic_write encodes text as UTF-8 too (`render_bytes`).
            options = RenderOptions(athlete=athlete)
            payloads = tuple((fmt, render_bytes(plan, fmt, options)) for fmt in settings.formats)
    except RunstrengthError as exc:
        return _Made(None, place(exc))
    except (ArithmeticError, ValueError, LookupError, RecursionError) as exc:
        # A bug for one athlete's inputs must not kill the run for everyone: it is this
        # row's problem, reported with the rest (and worth a bug report).
        problem = f"cannot make this plan ({_one_line(exc)}); please report it"
        return _Made(None, (None, problem))
    summary = _summary(plan)
    if settings.staging is None:
        return _Made(summary, None)
    try:
        return _Made(summary, None, stage(settings.staging, slugs, payloads))
    except WriteError as exc:  # a full disk: the run stops at this athlete
        return _Made(summary, None, failed=str(exc))


# fork: the workers start at once with the catalog and every job already in memory.
# Elsewhere fork is unsafe (macOS) or missing (Windows), and spawn pickles the inputs to
# each worker.
START_METHOD = "fork" if sys.platform.startswith("linux") else "spawn"
_worker_inputs: tuple[Catalog, Rulebook, Settings] | None = None
Job = tuple["Profile", str, tuple[str, ...]]  # see _job
_worker_jobs: Sequence[Job] = ()  # the run's jobs, which a task names by their index


def _init_worker(
    catalog: Catalog,
    rules: Rulebook,
    settings: Settings,
    jobs: Sequence[Job] = (),
    parent: int | None = None,
) -> None:
    import signal

    global _worker_inputs, _worker_jobs
    _worker_inputs = (catalog, rules, settings)
    # A task names its jobs by index: a forked worker has them all already, and pickling
    # each profile to it was work for the main process's queue thread (~10 ms a run of
    # 1,000, with the unpickling) that the two workers' cores would rather not share.
    _worker_jobs = jobs
    # Ctrl-C is the parent's to handle: it lets running plans finish, then stops the pool.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    staging = settings.staging
    if staging is not None:
        from runstrength.fileio import cleanup_then_default

        # A worker ends by SIGTERM only when the run does (the parent's stop, or the
        # kernel's word that the parent died): no temp file it staged will be committed.
        signal.signal(signal.SIGTERM, cleanup_then_default(staging.remove_left))
    if parent is not None:
        end_with_parent(parent, staging)


PARENT_CHECK_S = 1.0


def end_with_parent(parent: int, staging: Staging | None = None) -> None:
    """End this worker when `parent` dies, even by SIGKILL, instead of living on as an
    orphan blocked on a pipe no one reads.

    On Linux the kernel sends SIGTERM at once (prctl PR_SET_PDEATHSIG); everywhere a
    daemon thread also checks once a second that the parent is still ours (and then
    removes the run's temp files of `staging`, as the SIGTERM handler does).
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
        if staging is not None:
            staging.remove_left()
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


@paused
def _work(indices: tuple[int, ...]) -> list[_Made]:
    """A batch of plans in a worker (the jobs at `indices`): one task per few athletes,
    not one each."""
    assert _worker_inputs is not None, "the pool initializer sets the inputs"
    return [_make(*_worker_inputs, *_worker_jobs[i]) for i in indices]


def _job(group: list[Athlete]) -> Job:
    """What a worker needs of a group of athletes alike in inputs and name: one profile,
    the name for the files' titles, and each athlete's file stem."""
    first = group[0]
    return first.profile, first.name, tuple(athlete.slug for athlete in group)


_T = TypeVar("_T")

# Athletes per pool task: enough to spread the per-task cost (pickling, queues) and small
# enough that the workers share the end of the run evenly.
BATCH_MAX = 8
IN_FLIGHT = 3  # tasks a worker is given ahead, so that it never waits for the next


def _batches(jobs: list[_T], workers: int) -> list[list[_T]]:
    """The jobs in runs of at most BATCH_MAX, and at least four runs per worker."""
    size = max(1, min(BATCH_MAX, len(jobs) // (workers * 4)))
    return [jobs[i : i + size] for i in range(0, len(jobs), size)]


def likeness(group: list[Athlete]) -> tuple[object, ...]:
    """What the engine's shared memos are keyed on (plan/context.py: the Chooser by kit,
    level and injuries, the doses by level, kit and volume band): sorted by it, runners
    whose plans share memos come side by side."""
    p = group[0].profile
    return (p.level, p.equipment, p.injuries, p.unit, p.weekly_volume)


class Shares(Generic[_T]):
    """The batches of a run dealt to its workers: to each its own stretch of them (in
    `likeness` order), from the front; one whose stretch is done takes from the back of
    the longest stretch left, so that all finish together.

    Why stretches: a worker's memos (plan/context.py) serve the runners alike that it
    plans. Dealt in turn, every worker met every kind of runner and built every memo;
    each its own stretch, the workers of the benchmark's roster of 1,000 (planned in
    one process, half by half, under valgrind) executed 2.8 % fewer instructions.
    """

    def __init__(self, batches: Sequence[_T], workers: int) -> None:
        import collections

        ends = [len(batches) * w // workers for w in range(workers + 1)]
        self.stretches = [collections.deque(batches[ends[w] : ends[w + 1]]) for w in range(workers)]

    def next(self, worker: int) -> _T | None:
        """The next batch for `worker`, or None when every batch is dealt."""
        own = self.stretches[worker]
        if own:
            return own.popleft()
        longest = max(self.stretches, key=len)
        return longest.pop() if longest else None


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
    process pool, a few athletes per task. Each file is written atomically in two halves:
    where its plan was made, into a temp file (`writes.stage`: a file's bytes never
    travel between processes; issue 14 measured that as a sixth of a roster's CPU), and
    in this process, as results arrive, synced and renamed (on a few threads: see
    `_Writes`); the files are the same as a serial run's. Close the iterator (or let it
    finish) to stop the pool: pending work is cancelled, running work finishes, nothing
    is half-written and no temp file is left.
    """
    # Athletes alike in inputs and name share one plan and its files (the name is in the
    # files' titles, `RenderOptions.athlete`).
    groups: dict[tuple[str, str], list[Athlete]] = {}
    for athlete in athletes:
        groups.setdefault((athlete.key, athlete.name), []).append(athlete)
    jobs = list(groups.values())
    staging = Staging.new(out_dir) if out_dir is not None else None
    settings = dataclasses.replace(settings, staging=staging)
    writes = _Writes(staging)
    try:
        with writes.finished_on_signal():
            if workers <= 1 or len(jobs) <= 1:
                for group in jobs:
                    writes.add(group, _make(catalog, rules, settings, *_job(group)))
                    yield from writes.ready()
            else:
                yield from _pooled(jobs, catalog, rules, settings, workers, writes)
            yield from writes.rest()
    finally:
        writes.close()


def _pooled(
    jobs: list[list[Athlete]],
    catalog: Catalog,
    rules: Rulebook,
    settings: Settings,
    workers: int,
    writes: _Writes,
) -> Generator[Done, None, None]:
    import concurrent.futures as cf
    import multiprocessing
    import os
    import queue

    order = sorted(range(len(jobs)), key=lambda i: likeness(jobs[i]))
    batches = _batches(order, workers)
    shares = Shares(batches, min(workers, len(batches)))
    inputs = (catalog, rules, settings, [_job(group) for group in jobs], os.getpid())
    # A pool of one process per worker, so that a task goes to the worker whose stretch
    # it is (`Shares`).
    pools = [
        cf.ProcessPoolExecutor(
            max_workers=1,
            mp_context=multiprocessing.get_context(START_METHOD),
            initializer=_init_worker,
            initargs=inputs,
        )
        for _ in shares.stretches
    ]
    # Finished tasks, in the order they finish: not `cf.wait` over every pending task
    # (each call locks them all, ~15,000 locks a run) nor `as_completed` (it keeps every
    # future, and so every result, alive).
    Finished = tuple[int, list[int], cf.Future[list[_Made]]]
    finished: queue.SimpleQueue[Finished] = queue.SimpleQueue()
    pending: set[cf.Future[list[_Made]]] = set()

    def give(worker: int) -> None:
        batch = shares.next(worker)
        if batch is not None:
            task = pools[worker].submit(_work, tuple(batch))
            pending.add(task)
            task.add_done_callback(lambda future: finished.put((worker, batch, future)))

    try:
        for worker in range(len(pools)):
            for _ in range(IN_FLIGHT):
                give(worker)
        while pending:
            worker, batch, future = finished.get()
            pending.discard(future)
            give(worker)
            for i, made in zip(batch, future.result(), strict=True):
                writes.add(jobs[i], made)
            yield from writes.ready()
    finally:
        for future in pending:  # every pool's waiting tasks first: none starts meanwhile
            future.cancel()
        for pool in pools:
            pool.shutdown(wait=True, cancel_futures=True)
