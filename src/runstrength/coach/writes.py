"""Coach mode, writing the athletes' files: each atomically in two halves, staged (a temp
file written where the plan was made, a roster's worker) and committed (synced and renamed,
on a few threads of the main process as results arrive); `Done` per athlete; a stopped
run removes the temp files it left, and SIGTERM/SIGHUP let running commits finish.

Split out of coach.roster, which re-exports the public names.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from runstrength.coach.athletes import Athlete
from runstrength.coach.rows import RowProblem
from runstrength.enums import Format
from runstrength.errors import WriteError
from runstrength.fileio import Guard, cleanup_on_signal

if TYPE_CHECKING:
    from concurrent.futures import Future, ThreadPoolExecutor


@dataclass(frozen=True)
class Summary:
    """The index's facts about one plan."""

    season: str  # 'off', 'in', or 'race 2027-04-11 half' for a race build
    volume: str
    band: str
    days: str  # "3", or "2 of 3" when the plan holds fewer than asked (its header's words)
    weeks: int
    phases: tuple[str, ...]
    warnings: tuple[str, ...]
    start: str = "–"  # the first day, when the plan has dates
    injuries: str = "–"  # the injury-history tags, comma-separated


@dataclass(frozen=True)
class Done:
    """One athlete finished: files written (or only checked), or rejected by the engine."""

    athlete: Athlete
    summary: Summary | None
    problem: RowProblem | None
    files: tuple[str, ...] = ()


@dataclass(frozen=True)
class Staging:
    """Where a run writes its files: the folder, the run's `Guard` (made on the main
    thread: it reads the umask), and the mark of this run's temp files (`fileio.
    stage_write`), by which a stopped run removes exactly the ones it left."""

    folder: Path
    guard: Guard
    tag: str

    @classmethod
    def new(cls, folder: Path) -> Staging:
        import secrets

        return cls(folder, Guard(), secrets.token_hex(4))

    def remove_left(self) -> None:
        """Remove this run's temp files that were staged and never committed."""
        from runstrength.fileio import remove_staged

        remove_staged(self.folder, self.tag)


# An athlete's files as staged: (file name, temp file) for each format.
Staged = tuple[tuple[str, str], ...]


@dataclass(frozen=True)
class _Made:
    summary: Summary | None
    problem: tuple[str | None, str] | None
    staged: tuple[Staged, ...] = ()  # per athlete of the job, in order
    failed: str | None = None  # staging the files failed: the run stops at this athlete


def stage(
    staging: Staging, slugs: Sequence[str], payloads: Sequence[tuple[Format, bytes]]
) -> tuple[Staged, ...]:
    """Each athlete's files (`slugs`, in order), written to temp files in the folder: the
    first half of an atomic write, done where the plan was made (a roster's worker), so
    the files' bytes never travel between processes. Raises WriteError; then none of
    these temp files is left."""
    from runstrength.fileio import stage_write
    from runstrength.render import SUFFIXES

    made: list[list[tuple[str, str]]] = []
    try:
        for slug in slugs:
            files: list[tuple[str, str]] = []
            made.append(files)
            for fmt, data in payloads:
                name = f"{slug}{SUFFIXES[fmt]}"
                path = staging.folder / name
                files.append((name, stage_write(path, data, staging.tag, staging.guard)))
    except BaseException:
        for files in made:
            for _, tmp in files:
                Path(tmp).unlink(missing_ok=True)
        raise
    return tuple(tuple(files) for files in made)


# Files committed at once. Each commit starts with an fsync, which waits for the disk; the
# disk (and the file system's journal) takes many at once about as fast as one, so the
# waits overlap instead of adding up: 2,000 files in a few hundred ms instead of several s.
WRITE_THREADS = 8
_SIGNAL_WAIT_S = 10.0  # at most this long for running commits to finish on SIGTERM
_WORKER_WAIT_S = 5.0  # and for the workers to end


class _Writes:
    """The athletes' files, committed on a few threads as results arrive (the staged temp
    file synced and renamed: `fileio.commit_staged`); `Done`s come back in the order added.

    A write error is raised where its `Done` would have been yielded, so the first error
    in roster order stops the run; commits already running finish, queued ones are
    dropped, and `close` removes every temp file the run left. On SIGTERM/SIGHUP no new
    commit starts, the running ones finish, the workers end and the temp files go; then
    the signal ends the process as it would have.
    """

    def __init__(self, staging: Staging | None) -> None:
        import collections
        import threading

        self.staging = staging
        self.order: collections.deque[Future[Done | None]] = collections.deque()
        self.pool: ThreadPoolExecutor | None = None
        self.lock = threading.Condition()  # never taken by the main thread, but on a signal
        self.running = 0
        self.stopping = False

    def add(self, group: list[Athlete], made: _Made) -> None:
        """Commit (in the background) the staged files of `made` for every athlete of
        `group`."""
        from concurrent.futures import Future, ThreadPoolExecutor

        if made.failed is not None:
            failed: Future[Done | None] = Future()
            failed.set_exception(WriteError(made.failed))
            self.order.append(failed)
            return
        for at, athlete in enumerate(group):
            if self.staging is None or made.problem is not None or not made.staged:
                done: Future[Done | None] = Future()
                done.set_result(_finish(athlete, made, ()))
                self.order.append(done)
                continue
            if self.pool is None:
                self.pool = ThreadPoolExecutor(WRITE_THREADS, thread_name_prefix="roster-write")
            self.order.append(self.pool.submit(self._commit, athlete, made, made.staged[at]))

    def _commit(self, athlete: Athlete, made: _Made, files: Staged) -> Done | None:
        from runstrength.fileio import commit_staged

        assert self.staging is not None
        with self.lock:
            if self.stopping:
                return None
            self.running += 1
        try:
            for name, tmp in files:
                # A WriteError (a full disk) stops the whole run; `close` removes the
                # temp files left.
                commit_staged(tmp, self.staging.folder / name, self.staging.guard)
            return _finish(athlete, made, tuple(name for name, _ in files))
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
        """Drop the queued commits, wait for the running ones, and remove the temp files
        never committed (none when the run went to its end). Call it once the workers
        have ended, so none is staging any more."""
        if self.pool is not None:
            self.pool.shutdown(wait=True, cancel_futures=True)
        if self.staging is not None:
            self.staging.remove_left()

    def finished_on_signal(self) -> contextlib.AbstractContextManager[None]:
        """While the block runs, SIGTERM/SIGHUP first let the running commits finish."""
        if self.staging is None:
            return contextlib.nullcontext()
        return cleanup_on_signal(self._stop)

    def _stop(self) -> None:
        """On a signal: start no new commit, wait (a while) for the running ones, end the
        workers (so none stages another file), and remove the temp files left."""
        import multiprocessing

        with self.lock:
            self.stopping = True
            self.lock.wait_for(lambda: self.running == 0, timeout=_SIGNAL_WAIT_S)
        workers = multiprocessing.active_children()
        for worker in workers:
            worker.terminate()
        for worker in workers:
            worker.join(_WORKER_WAIT_S)
        if self.staging is not None:
            self.staging.remove_left()


def _finish(athlete: Athlete, made: _Made, files: tuple[str, ...]) -> Done:
    if made.problem is not None:
        column, message = made.problem
        problem = RowProblem(athlete.row, athlete.line_of(column), column, message)
        return Done(athlete, None, problem)
    return Done(athlete, made.summary, None, files)
