"""Issue 9, point 3: the warm-up and the safety notes must not make the PDF long. The
default 12-week, 3-day plan fits in 21 A4 pages (19 before the warm-ups and safety notes
came, 27 with a safety note on every card), and still carries, as text, the warm-up of
every session and every prescribed exercise's safety notes."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from pypdf import PdfReader
from typer.testing import CliRunner

from runstrength.catalog import load_catalog
from runstrength.cli import app
from runstrength.enums import Format, Level, Paper
from runstrength.models import Plan, Profile
from runstrength.plan import generate_plan
from runstrength.render import RenderOptions, common, render
from runstrength.rulebook import default_rulebook

TODAY = dt.date(2026, 11, 26)


def _plan(level: Level, injuries: tuple[str, ...] = ()) -> Plan:
    profile = Profile(days=3, level=level, injuries=list(injuries))
    return generate_plan(profile, load_catalog(), default_rulebook(), today=TODAY)


def _text(data: bytes) -> tuple[int, str]:
    reader = PdfReader(io.BytesIO(data))
    text = " ".join(page.extract_text() for page in reader.pages).replace("\u00a0", " ")
    return len(reader.pages), " ".join(text.split())


@pytest.mark.slow
def test_the_default_plan_is_at_most_21_a4_pages() -> None:
    """`runstrength plan --days 3 --format pdf`: the default plan, end to end."""
    result = CliRunner().invoke(app, ["plan", "--days", "3", "--format", "pdf"])
    assert result.exit_code == 0, result.stderr
    pages, text = _text(result.stdout_bytes)
    assert pages <= 21, pages
    assert "12 weeks, 3 days/week" in text


@pytest.mark.parametrize("level", list(Level))
@pytest.mark.parametrize("injuries", [(), ("achilles", "itbs")])
@pytest.mark.slow
def test_short_and_still_complete(level: Level, injuries: tuple[str, ...]) -> None:
    plan = _plan(level, injuries)
    data = render(plan, Format.PDF, RenderOptions(paper=Paper.A4))
    assert isinstance(data, bytes)
    pages, text = _text(data)
    assert pages <= 21, (level, injuries, pages)
    notes: dict[str, set[str]] = {}  # note -> the exercises that carry it
    for _, session in plan.sessions():
        for p in session.exercises:
            for note in p.safety:
                notes.setdefault(note, set()).add(p.id)
    assert notes
    for note, ids in notes.items():
        # once on the cover's list, once on the card of each exercise's first use
        assert text.count(" ".join(note.split())) == 2 * len(ids), (note, ids)
    for _, session in plan.sessions():
        warmup = common.warmup_text(session)
        assert warmup is not None and " ".join(warmup.split()) in text


@pytest.mark.slow
def test_letter_is_no_longer_than_before() -> None:
    """Letter is shorter than A4 by 50 pt a page: its cards go one a page more often, but
    printing each safety note once keeps it within the 25 pages it had."""
    data = render(_plan(Level.NOVICE), Format.PDF, RenderOptions(paper=Paper.LETTER))
    assert isinstance(data, bytes)
    pages, _ = _text(data)
    assert pages <= 23, pages
