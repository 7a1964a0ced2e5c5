"""The Markdown session heading escapes only what a title can hold (`markdown._title`):
it is the whole title through `escape`, whatever the label."""

from __future__ import annotations

import datetime as dt

import pytest

from runstrength.enums import Weekday
from runstrength.models import Session
from runstrength.render import common, markdown


@pytest.mark.parametrize("label", ["A", "B2", "", " ", "A  B", " A", "a_b", "x|y", "~", "A\nB"])
@pytest.mark.parametrize("minutes", [None, 22])
@pytest.mark.parametrize("dated", [True, False])
def test_session_heading_is_the_escaped_title(label: str, minutes: int | None, dated: bool) -> None:
    session = Session(
        index=1,
        label=label,
        date=dt.date(2026, 12, 11) if dated else None,
        weekday=None if dated else Weekday.FRI,
        light=True,
        done=True,
        minutes=minutes,
        exercises=[],
    )
    expected = f"### {markdown.escape(common.session_title(session))}"
    assert markdown._title(session) == expected
