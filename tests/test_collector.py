"""collector.paused: planning and rendering run without a cyclic collection (issue 14:
about a sixth of a roster worker's time), and leave the collector as they found it."""

from __future__ import annotations

import datetime as dt
import gc
from collections.abc import Iterator

import pytest

from runstrength.collector import paused
from runstrength.enums import Format
from runstrength.inputs import ProfileFlags
from runstrength.plan import generate_plan
from runstrength.render import render

from grid import CATALOG, RULES, TODAY


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
    profile = ProfileFlags(
        days="3",
        injuries=("mtss,pf,pfps",),
        start=TODAY.isoformat(),
        race_date=(TODAY + dt.timedelta(days=300)).isoformat(),
        race_distance="half",
    ).profile()
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
