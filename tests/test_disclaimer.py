"""§7 inv. 29: every rendered plan carries the §5.4 disclaimer verbatim, in every format."""

from __future__ import annotations

import datetime as dt
import io

import pytest

from runstrength.catalog import load_catalog
from runstrength.cli.output import render_plan as render
from runstrength.enums import Format
from runstrength.models import DISCLAIMER, Profile
from runstrength.plan.engine import generate_plan
from runstrength.rulebook import default_rulebook

SHARED = "This plan is general training guidance, not medical advice."


def plain_text(fmt: Format, data: str | bytes) -> str:
    if fmt is Format.PDF:
        from pypdf import PdfReader

        assert isinstance(data, bytes)
        return " ".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)
    if isinstance(data, bytes):  # JSON: the UTF-8 bytes it is written as
        assert fmt is Format.JSON
        data = data.decode("utf-8")
    if fmt is Format.ICS:
        from icalendar import Calendar

        cal = Calendar.from_ical(data)
        return str(cal["X-WR-CALDESC"]) + " " + str(next(iter(cal.walk("VEVENT")))["DESCRIPTION"])
    if fmt is Format.HTML:
        import html

        return html.unescape(data)
    return data


# A FIT workout (issue 13) is one session for a watch, not a plan to read: its strings hold
# 254 bytes and the disclaimer is longer; the plan the runner reads carries it.
@pytest.mark.parametrize("fmt", [f for f in Format if f is not Format.FIT])
def test_disclaimer_in_every_format(fmt: Format) -> None:
    profile = Profile(start_date=dt.date(2026, 12, 7), injuries=["achilles"])
    plan = generate_plan(profile, load_catalog(), default_rulebook(), today=dt.date(2026, 11, 26))
    text = " ".join(plain_text(fmt, render(plan, fmt)).split())
    assert DISCLAIMER.startswith(SHARED)
    assert DISCLAIMER in text
