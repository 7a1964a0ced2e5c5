"""collector.paused: planning and rendering run without a cyclic collection (issue 14:
about a sixth of a roster worker's time), and leave the collector as they found it; and
they make no reference cycles, so what the collector finds afterwards is only what lives
on (a cycle left for it is traced and freed the slow way: a roster's workers spent a fifth
of their time on it)."""

from __future__ import annotations

import datetime as dt
import gc
import signal
from collections.abc import Iterator
from pathlib import Path

import pytest

from runstrength.coach import roster as core
from runstrength.coach.writes import Staging
from runstrength.collector import paused
from runstrength.enums import Format
from runstrength.inputs import ProfileFlags
from runstrength.plan import generate_plan, placement
from runstrength.render import render

from grid import CATALOG, RULES, TODAY


def _race_build(days: int = 300, injuries: str = "mtss,pf,pfps") -> ProfileFlags:
    return ProfileFlags(
        days="3",
        injuries=(injuries,),
        start=TODAY.isoformat(),
        race_date=(TODAY + dt.timedelta(days=days)).isoformat(),
        race_distance="half",
    )


@pytest.fixture
def collections() -> Iterator[list[int]]:
    """The generations collected while the test runs (gc.callbacks' 'start' events)."""
    seen: list[int] = []

    def record(phase: str, info: dict[str, int]) -> None:
        if phase == "start":
            seen.append(info["generation"])

    was, thresholds = gc.isenabled(), gc.get_threshold()
    gc.enable()
    gc.set_threshold(50)  # a young collection every 50 containers: many in any plan
    gc.callbacks.append(record)
    try:
        yield seen
    finally:
        gc.callbacks.remove(record)
        gc.set_threshold(*thresholds)
        if not was:
            gc.disable()


def test_the_collector_is_off_inside_and_on_again_after_a_return_or_a_raise() -> None:
    inside: list[bool] = []

    @paused
    def work(fail: bool) -> str:
        inside.append(gc.isenabled())
        if fail:
            raise ValueError("boom")
        return "done"

    gc.enable()
    assert work(False) == "done"
    assert gc.isenabled()
    with pytest.raises(ValueError, match="boom"):
        work(True)
    assert gc.isenabled()
    assert inside == [False, False]


def test_a_collector_that_was_off_stays_off_and_calls_nest() -> None:
    @paused
    def outer() -> bool:
        inner()
        return gc.isenabled()  # the inner call did not switch it back on

    @paused
    def inner() -> None:
        pass

    gc.enable()
    assert outer() is False
    assert gc.isenabled()
    gc.disable()
    try:
        inner()
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_a_long_plan_and_its_renders_collect_once_each_not_hundreds_of_times(
    collections: list[int],
) -> None:
    """A 43-week, 3-day race build (benchmarks' largest), with the collector set to start
    often: unpaused, it collects again and again; paused, at most once after each call
    (when the first allocation finds the count past the threshold)."""
    profile = _race_build().profile()
    assert len(generate_plan(profile, CATALOG, RULES, today=TODAY).weeks) > 40
    gc.collect()
    collections.clear()
    plan = generate_plan(profile, CATALOG, RULES, today=TODAY)
    for fmt in (Format.MD, Format.JSON, Format.HTML):
        render(plan, fmt)
    assert len(collections) <= 4
    collections.clear()
    generate_plan.__wrapped__(profile, CATALOG, RULES, today=TODAY)  # type: ignore[attr-defined]
    assert len(collections) > 20


PROFILES = {
    "race build, three injuries": _race_build(),
    "short race build, achilles": _race_build(days=40, injuries="achilles"),
    "in season, two days, hard days": ProfileFlags(
        season="in", days="2", hard_days="tue,thu", long_run_day="sat", start=TODAY.isoformat()
    ),
    "novice at home, off season": ProfileFlags(
        season="off", level="novice", equipment="dumbbells,box,mat", volume="25km"
    ),
}


@pytest.mark.parametrize("name", PROFILES)
def test_planning_and_rendering_leave_no_reference_cycle(name: str) -> None:
    """Everything a plan and its text renders make is freed by reference counting: a
    collection afterwards finds nothing unreachable. (The placement search's recursive
    closure held itself, and with it each search's lists and tuples, until a collection.)"""
    profile = PROFILES[name].profile()
    was = gc.isenabled()
    gc.disable()
    try:
        gc.collect()
        placement._place_relative.cache_clear()  # searches as a cold process makes them
        plan = generate_plan(profile, CATALOG, RULES, today=TODAY)
        for fmt in (Format.MD, Format.JSON, Format.HTML):
            render(plan, fmt)
        del plan
        assert gc.collect() == 0
    finally:
        if was:
            gc.enable()


def test_a_roster_plan_and_its_files_are_made_without_a_collection(
    collections: list[int], tmp_path: Path
) -> None:
    """A roster worker's unit (`_make`: one plan, rendered in every format) and a batch
    of them (`_work`) run paused: the plan lives between planning and its renders, and a
    collection started then would trace all of it."""
    staging = Staging.new(tmp_path)
    settings = core.Settings((Format.MD, Format.JSON), TODAY, "test", staging)
    profile = _race_build().profile()
    gc.collect()
    collections.clear()
    made = core._make(CATALOG, RULES, settings, profile, "Ana", ("ana",))
    assert [[name for name, _ in files] for files in made.staged] == [["ana.md", "ana.json"]]
    assert len(collections) <= 1  # at most once, after it returned
    handlers = {sig: signal.getsignal(sig) for sig in (signal.SIGINT, signal.SIGTERM)}
    jobs = ((profile, "Ana", ("ana",)), (_race_build(days=90).profile(), "Ben", ("ben",)))
    core._init_worker(CATALOG, RULES, settings, jobs)
    try:
        collections.clear()
        batch = core._work((0, 1))
        assert len(batch) == 2
        assert len(collections) <= 1
    finally:
        core._worker_inputs, core._worker_jobs = None, ()
        for sig, handler in handlers.items():  # the worker's handlers, installed here
            signal.signal(sig, handler)
        staging.remove_left()
