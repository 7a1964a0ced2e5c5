"""Coach mode, writing the athletes' files: `Done` per athlete, the files written on a few
threads as results arrive, each atomically, and SIGTERM/SIGHUP let running writes finish.

Split out of coach.roster, which re-exports the public names.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
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
class _Made:
    summary: Summary | None
    problem: tuple[str | None, str] | None
    payloads: tuple[tuple[Format, bytes], ...]


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
        # The log's files, resolved once for the whole run (and the umask read here, on
        # the main thread), not once per file.
        self.guard = Guard() if out_dir is not None else None
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
                done.set_result(_finish(athlete, made, self.out_dir, self.guard))
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
            return _finish(athlete, made, self.out_dir, self.guard)
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

    def finished_on_signal(self) -> contextlib.AbstractContextManager[None]:
        """While the block runs, SIGTERM/SIGHUP first let the running writes finish."""
        if self.out_dir is None:
            return contextlib.nullcontext()
        return cleanup_on_signal(self._stop)

    def _stop(self) -> None:
        """On a signal: start no new write, and wait (a while) for the running ones."""
        with self.lock:
            self.stopping = True
            self.lock.wait_for(lambda: self.running == 0, timeout=_SIGNAL_WAIT_S)


def _finish(athlete: Athlete, made: _Made, out_dir: Path | None, guard: Guard | None) -> Done:
    if made.problem is not None:
        column, message = made.problem
        problem = RowProblem(athlete.row, athlete.line_of(column), column, message)
        return Done(athlete, None, problem)
    files: list[str] = []
    if out_dir is not None:
        from runstrength.fileio import atomic_write  # looked up here: tests replace it
        from runstrength.render import SUFFIXES

        for fmt, data in made.payloads:
            name = f"{athlete.slug}{SUFFIXES[fmt]}"
            try:  # a full disk or a read-only folder stops the whole run (no temp file left)
                atomic_write(out_dir / name, data, guard=guard)
            except OSError as exc:
                raise WriteError(f"{out_dir / name}: cannot write it: {exc.strerror}") from None
            files.append(name)
    return Done(athlete, made.summary, None, tuple(files))
