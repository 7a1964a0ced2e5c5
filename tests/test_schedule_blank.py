"""`schedule.finish_week` copies a blank session and week rather than calling the
constructors (cheaper): the copies must be the very values the constructors make."""

from __future__ import annotations

import datetime as dt

from runstrength.enums import Phase, Season, Weekday
from runstrength.models import Session, Week
from runstrength.plan import schedule


def test_blank_copies_equal_the_constructors() -> None:
    fields = {
        "index": 2,
        "label": "B",
        "date": dt.date(2026, 11, 4),
        "light": True,
        "heavy_lower_body": True,
        "exercises": [],
        "weekday": Weekday.WED,
        "primer": False,
    }
    made = Session(**fields)  # type: ignore[arg-type]
    copied = schedule._SESSION.model_copy(update=fields)
    assert copied == made
    assert list(copied.__dict__) == list(made.__dict__)  # declared order: the JSON's
    week = {"index": 3, "phase": Phase.MS, "season": Season.PRE, "deload": True}
    made_week = Week(**week, sessions=[made])  # type: ignore[arg-type]
    copied_week = schedule._WEEK.model_copy(update={**week, "sessions": [copied]})
    assert copied_week == made_week
    assert list(copied_week.__dict__) == list(made_week.__dict__)
    assert copied.exercises is not schedule._SESSION.exercises
    # a field made per value (a default factory) would be one object shared by every copy
    assert not Session._factories
    assert not Week._factories
