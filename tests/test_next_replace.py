"""§10.7, inv. 40: a missed session is re-placed by the placement rules (§3.3), on the
runner's own strength days, never on a day the rules forbid; when none fits it is dropped,
counted as missed and said in `next`'s notes."""

from __future__ import annotations

import datetime as dt

import pytest

import runstrength.log.progress as progress
from runstrength.enums import Weekday
from runstrength.log.nextsession import LogView, prescribe_next
from runstrength.log.planview import apply_log
from runstrength.log.progress import History, _usual_weekdays, find, plan_progress
from runstrength.models import Plan

from helpers import RULES, START, logged, make_plan

A1, B1 = (1, 1), (1, 2)
LONG_RUN, HARD = Weekday.SAT, Weekday.WED


def _plan() -> Plan:
    """Heavy sessions Mon (A) and Thu (B); key runs Wed and the long run on Saturday."""
    plan = make_plan()
    inputs = plan.inputs.model_copy(update={"long_run_day": LONG_RUN, "hard_days": [HARD]})
    return plan.model_copy(update={"inputs": inputs})


@pytest.mark.parametrize("late", range(4, 30, 3))
def test_re_placed_sessions_keep_the_rules_and_the_runners_days(late: int) -> None:
    """Only A1 logged; everything after it re-placed from `late` days on: Mon/Thu only, never
    the long-run day nor the day before it or a key run for a heavy session, 48 h between
    heavy sessions."""
    plan = _plan()
    h = History(sessions=[logged(1, START, [], key=A1)])
    today = START + dt.timedelta(days=late)
    p = plan_progress(plan, h, today)
    assert p.next == B1 and not p.dropped
    keys = {LONG_RUN.number, HARD.number}
    placed = sorted(p.dates.items(), key=lambda kv: kv[1])
    assert placed[0][1] >= today
    heavy = [START]
    for key, day in placed:
        assert day.weekday() in (0, 3), (key, day)
        assert day.weekday() != LONG_RUN.number
        if find(plan, key)[1].heavy_lower_body:
            assert (day.weekday() + 1) % 7 not in keys, (key, day)  # inv. 20, 40
            assert (day - heavy[-1]).days >= 2, (key, day, heavy[-1])  # R3
            heavy.append(day)


def test_a_one_off_weekday_is_not_one_of_the_runners_days() -> None:
    plan = make_plan()
    weeks = list(plan.weeks)
    b = weeks[4].sessions[1]
    assert b.date is not None
    odd = b.model_copy(update={"date": b.date - dt.timedelta(days=1)})  # a Wednesday, once
    weeks[4] = weeks[4].model_copy(update={"sessions": [weeks[4].sessions[0], odd]})
    assert _usual_weekdays(plan.model_copy(update={"weeks": weeks})) == {0, 3}


def test_a_session_no_allowed_day_takes_is_dropped_and_said(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """With no allowed strength day in the window, the missed session is dropped (missed,
    never put on a forbidden day), `next` goes on with the following one and says so."""
    monkeypatch.setattr(progress, "REPLACE_WINDOW_DAYS", 2)  # Fri and Sat: not Mon/Thu
    plan = _plan()
    h = History(sessions=[logged(1, START, [], key=A1)])
    today = START + dt.timedelta(days=4)  # Friday: B1 (Thursday) is overdue
    p = plan_progress(plan, h, today)
    assert p.dropped == {B1} and B1 in p.missed and B1 not in p.dates
    assert p.next == (2, 1) and p.dates[(2, 1)] == START + dt.timedelta(days=7)
    nxt = prescribe_next(LogView(plan, h, today, RULES))
    assert nxt is not None and nxt.session.date == START + dt.timedelta(days=7)
    # by the session's label, as the plan names it (it said "session 2")
    assert any(n.startswith("Dropped week 1 session B: missed") for n in nxt.notes), nxt.notes
    view = apply_log(LogView(plan, h, today, RULES))  # the plan's view says it too
    assert any(w.startswith("Dropped week 1 session B: missed") for w in view.warnings)


def test_with_room_nothing_is_dropped() -> None:
    plan = _plan()
    h = History(sessions=[logged(1, START, [], key=A1)])
    p = plan_progress(plan, h, START + dt.timedelta(days=4))
    assert not p.dropped and p.dates[B1] == START + dt.timedelta(days=7)
    nxt = prescribe_next(LogView(plan, h, START + dt.timedelta(days=4), RULES))
    assert nxt is not None and not any(n.startswith("Dropped") for n in nxt.notes)
