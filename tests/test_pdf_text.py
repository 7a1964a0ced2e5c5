"""The PDF renderer's speed-ups keep what it writes: the memoised word wrap gives the lines
an unmemoised wrap gives, the runs a pen writes are the words the old pen joined, and the
pen's own text operators are the bytes ReportLab's text object writes."""

from __future__ import annotations

import dataclasses
import io

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

# ReportLab ships no type hints and has no stub package we install (src/.../pdf.py does the same)
from reportlab.pdfgen.canvas import Canvas  # type: ignore[import-untyped]

from runstrength.enums import Format, Paper
from runstrength.render import RenderOptions, render
from runstrength.render import _pdf_layout as layout
from runstrength.render import _pdf_text as text
from runstrength.render import pdf as pdf_module

from sample_plan import sample_plan

STYLES = [layout._BODY, layout._BOLD, layout._DOSE, layout._CUE, layout._SAFETY, layout._NAME]
# spaces and no-break spaces, wide and narrow glyphs, characters beyond Latin-1
ALPHABET = "aiW0 ·\u00a0×–≤éßŁΩж()\\"

runs_strategy = st.lists(
    st.tuples(st.text(alphabet=ALPHABET, max_size=60), st.sampled_from(STYLES)),
    max_size=4,
)


def measure() -> layout.Measure:
    pdf_module._register_fonts()
    return layout._measurer()


def joined_the_old_way(line: layout._Line) -> list[tuple[float, str, layout._Style]]:
    """What `_Pen.line` wrote before the runs were made at wrap time."""
    out: list[tuple[float, str, layout._Style]] = []
    start, run, style = 0.0, "", None
    for dx, word, word_style in line.words:
        if word_style == style:
            run += " " + word
            continue
        if style is not None:
            out.append((start, run + " ", style))
        start, run, style = dx, word, word_style
    if style is not None:
        out.append((start, run, style))
    return out


@settings(max_examples=300, deadline=None)
@given(runs=runs_strategy, width=st.floats(min_value=4.0, max_value=400.0))
def test_the_wrap_memo_gives_the_unmemoised_lines(
    runs: list[tuple[str, layout._Style]], width: float
) -> None:
    m = measure()
    expected = layout._wrap_now(runs, width, m)
    assert layout._wrap(runs, width, m) == expected
    again = layout._wrap(list(runs), width, m)  # a hit: equal lines, a list of its own
    assert again == expected
    for line in again:
        assert list(line.runs) == joined_the_old_way(line)
        assert line.leading == max(w[2].leading for w in line.words)
        assert line.size == max(w[2].size for w in line.words)


def test_shared_lines_cannot_be_changed() -> None:
    m = measure()
    first = layout._wrap([("Split squat with a pause", layout._BODY)], 50.0, m)
    second = layout._wrap([("Split squat with a pause", layout._BODY)], 50.0, m)
    assert first == second and first is not second
    assert first[0] is second[0]  # shared, so it must be immutable
    with pytest.raises(dataclasses.FrozenInstanceError):
        first[0].width = 0.0  # type: ignore[misc]
    second.append(first[0])  # the caller's list is its own
    assert len(layout._wrap([("Split squat with a pause", layout._BODY)], 50.0, m)) < len(second)


def test_the_memo_keys_on_the_measure() -> None:
    """Another measure (a test's stringWidth) gets its own lines, not the cached ones."""
    m = measure()
    text = [("wide words here", layout._BODY)]
    assert len(layout._wrap(text, 60.0, m)) < len(layout._wrap(text, 60.0, lambda t, f, s: 50.0))


# --------------------------------------------------------------------------- the pen

PEN_STYLES = [*STYLES, layout._MARK, layout._TINY, layout._FOOTER, layout._NUMBER]
# Latin-1, Greek, Cyrillic, arrows and maths, an emoji the font lacks, controls: more than
# 256 distinct characters, so texts run on into the fonts' second and third subsets
pen_text = st.text(
    alphabet=st.one_of(
        st.sampled_from("()\\ \u00a0×–≤\x00\t\r\n\ufffd\U0001f600"),
        st.characters(min_codepoint=0x20, max_codepoint=0x24F),
        st.characters(min_codepoint=0x391, max_codepoint=0x44F),
        st.characters(min_codepoint=0x2190, max_codepoint=0x22FF),
    ),
    max_size=40,
)
puts = st.lists(
    st.tuples(
        pen_text,
        st.sampled_from(PEN_STYLES),
        st.floats(min_value=-50, max_value=900, allow_nan=False),
        st.floats(min_value=-50, max_value=900, allow_nan=False),
    ),
    max_size=60,
)


def written(pen_class: type[text._Pen], calls: list[tuple[str, layout._Style, float, float]]):
    """The operators `pen_class` writes for `calls` (two text objects), and the document."""
    pdf_module._register_fonts()
    c = Canvas(io.BytesIO(), invariant=1, pageCompression=0, initialFontName=layout.FONT)
    ops = []
    for half in (calls[: len(calls) // 2], calls[len(calls) // 2 :]):
        pen = pen_class(c)
        for word, style, x, y in half:
            pen.put(word, style, x, y)
        pen.draw()
        ops.append(pen.operators())
    return ops, bytes(c.getpdfdata())


@settings(max_examples=150, deadline=None)
@given(calls=puts)
def test_the_pen_writes_what_reportlab_writes(
    calls: list[tuple[str, layout._Style, float, float]],
) -> None:
    """Subset switches, escapes, missing glyphs, an empty text: the same bytes."""
    assert written(text._Pen, calls) == written(text._ReportLabPen, calls)


def test_the_pen_is_checked_against_this_reportlab() -> None:
    """`_Pen` copies how ReportLab's PDFTextObject joins the operators it writes; if an
    upgrade changes that, the renderer falls back to the text object (slower, the same
    bytes) and this test says so: update `_Pen` to match, or drop it."""
    pdf_module._register_fonts()
    assert text._own_ops(), "ReportLab's text operators changed: see render/_pdf_text.py"
    c = Canvas(io.BytesIO())
    assert type(text._pen(c)) is text._Pen


@pytest.mark.parametrize("paper", list(Paper))
def test_the_fallback_pen_makes_the_same_pdf(paper: Paper, monkeypatch: pytest.MonkeyPatch) -> None:
    plan = sample_plan()
    options = RenderOptions(paper=paper)
    fast = render(plan, Format.PDF, options)
    monkeypatch.setattr(text, "_own_ops", lambda: False)
    assert render(plan, Format.PDF, options) == fast
