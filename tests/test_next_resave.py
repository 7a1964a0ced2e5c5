"""§10.7: re-saving a different plan (`plan --save` with other flags) keeps the log
attached: the sessions logged with the replaced plan count for the new one by date, its
sessions before today are past (done or missed), and `next` carries on from today's week
instead of starting over at week 1 A. One line says what happened."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from typer.testing import CliRunner

from runstrength.cli import app
from runstrength.log.progress import History, carry_keys, plan_progress

from helpers import START as H_START
from helpers import make_plan

runner = CliRunner()
START = dt.date(2026, 12, 7)  # a Monday


def run(today: dt.date, *args: str) -> tuple[str, str]:
    result = runner.invoke(app, list(args), env={"RUNSTRENGTH_TODAY": today.isoformat()})
    assert result.exit_code == 0, result.output
    return result.stdout, result.stderr


def _three_logged() -> None:
    """A 3-day plan, its week 1 done on Mon, Wed and Fri (the clock moved to each)."""
    run(START - dt.timedelta(days=1), "plan", "--start", START.isoformat(), "--days", "3", "--save")
    for offset in (0, 2, 4):
        day = START + dt.timedelta(days=offset)
        run(day, "log", "--done", "--date", day.isoformat())


def _next(today: dt.date) -> tuple[int, str, str]:
    data = json.loads(run(today, "next", "--format", "json")[0])
    return data["week"]["index"], data["label"], data["date"]


def test_re_saving_other_flags_continues_at_the_right_week() -> None:
    _three_logged()
    monday = START + dt.timedelta(days=7)
    assert _next(monday)[:2] == (2, "A")
    _, said = run(monday, "plan", "--start", START.isoformat(), "--days", "2", "--save")
    lines = [line for line in said.splitlines() if line.startswith("Saved a new active plan")]
    assert lines == [
        "Saved a new active plan: of the 3 sessions logged with the previous one, 2 now "
        f"count for it by date, and #3 of {(START + dt.timedelta(days=4)).isoformat()} "
        "(week 1 C) stays in the log outside it; `next` goes on at week 2 session A."
    ]  # the loop QA run: the plan's week 1 showed two sessions done, and no word of C
    assert _next(monday) == (2, "A", monday.isoformat())
    # nothing was deleted: the three sessions are still in the log
    listed = run(monday, "log", "list")[0]
    assert [line.split()[0] for line in listed.splitlines() if line.startswith("#")] == [
        "#1",
        "#2",
        "#3",
    ]
    # the plan's view shows week 1 done
    view = json.loads(run(monday, "plan", "--format", "json")[0])
    assert [s["done"] for s in view["weeks"][0]["sessions"]] == [True, True]
    assert not any(s["done"] for s in view["weeks"][1]["sessions"])


def test_re_saving_mid_week_leaves_the_days_before_today_behind() -> None:
    """Re-saved on Wednesday of week 2: the new plan's Monday session is past (missed, not
    re-placed), `next` is its next session from today."""
    _three_logged()
    wednesday = START + dt.timedelta(days=9)
    run(wednesday, "plan", "--start", START.isoformat(), "--days", "2", "--save")
    week, _, date = _next(wednesday)
    view = json.loads(run(wednesday, "plan", "--format", "json")[0])
    sessions = view["weeks"][1]["sessions"]
    assert week == 2 and date >= wednesday.isoformat()
    assert sessions[0]["missed"] and not sessions[0]["done"]


def test_re_saving_back_and_forth_keeps_next() -> None:
    _three_logged()
    monday = START + dt.timedelta(days=7)
    run(monday, "plan", "--start", START.isoformat(), "--days", "2", "--save")
    before = _next(monday)
    _, said = run(monday, "plan", "--start", START.isoformat(), "--days", "2", "--save")
    assert "kept it, with your log" in said
    assert _next(monday) == before


def test_a_new_plan_with_nothing_logged_starts_as_planned() -> None:
    run(START - dt.timedelta(days=1), "plan", "--start", START.isoformat(), "--save")
    later = START + dt.timedelta(days=3)
    _, said = run(later, "plan", "--start", START.isoformat(), "--days", "2", "--save")
    assert "now count for it" not in said
    assert _next(later)[:2] == (1, "A")  # overdue, re-placed: nothing was logged


def _day(offset: int) -> dt.date:
    return H_START + dt.timedelta(days=offset)


@pytest.mark.parametrize("dated", [True, False])
def test_carry_keys_by_week_of_the_date(dated: bool) -> None:
    plan = make_plan(start=H_START if dated else None)  # Mon (A) and Thu (B) each week
    logged = [
        (1, _day(0)),
        (2, _day(2)),
        (3, _day(4)),  # a third in week 1: the 2-day plan has no room for it
        (4, _day(8)),
        (5, _day(-3)),  # before the plan starts
    ]
    taken = carry_keys(plan, logged)
    if dated:
        assert taken == {1: (1, 1), 2: (1, 2), 4: (2, 1)}
    else:  # undated: in date order
        assert taken == {5: (1, 1), 1: (1, 2), 2: (2, 1), 3: (2, 2), 4: (3, 1)}


def test_resumed_makes_the_days_before_it_past() -> None:
    plan = make_plan()
    today = H_START + dt.timedelta(days=9)  # Wednesday of week 2
    p = plan_progress(plan, History(resumed=today), today)
    assert p.next == (2, 2) and p.missed == {(1, 1), (1, 2), (2, 1)}
    assert plan_progress(plan, History(), today).next == (1, 1)  # without: re-placed


@pytest.mark.parametrize("weeks_logged", [4, 5])
def test_a_new_plan_after_loading_weeks_says_when_the_deload_comes_too_late(
    weeks_logged: int,
) -> None:
    """§4.6 across plans (the QA run): a novice's four loading weeks logged, the deload due,
    and a new plan saved from that Monday put its first deload in its week 5: eight
    loading weeks in a row, said nowhere. After the deload week was done, nothing to say."""
    run(START - dt.timedelta(days=1), "plan", "--season", "off", "--days", "3", "--start",
        START.isoformat(), "--save")  # fmt: skip
    for week in range(weeks_logged):
        for offset in (0, 2, 4):
            day = START + dt.timedelta(days=7 * week + offset)
            run(day, "log", "--done")
    monday = START + dt.timedelta(weeks=weeks_logged)
    _, said = run(monday, "plan", "--season", "off", "--days", "3", "--volume", "70km",
                  "--start", monday.isoformat(), "--save")  # fmt: skip
    note = [line for line in said.splitlines() if line.startswith("Your log holds")]
    if weeks_logged == 5:  # the fifth was the deload week
        assert note == []
        return
    assert note == [
        "Your log holds 4 loading weeks before this plan starts, and its first deload is week "
        "5: 8 loading weeks in a row, more than the 4 the method allows (§4.6). Take its "
        "first week easy (fewer sets, 2 more reps in reserve), or save it to start a week "
        "later and rest."
    ]
