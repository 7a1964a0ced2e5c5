# ReportLab ships no type hints; the calls into it are few and checked by the tests.
# mypy: disable-error-code="import-untyped"
"""PDF: a cover block, then one printable card per session that doubles as the log sheet.

ReportLab is imported inside the functions (docs/architecture.md, "Start-up"): `runstrength
plan --format md` must never pay for it. The bundled DejaVu Sans font makes ×, –, ≤ and
accents print.

Only ReportLab's canvas is used, not platypus: importing platypus compiles its paragraph
module's large regular expressions, which cost more than laying out a whole plan. The
blocks here (text, tables, session cards) wrap words themselves and are placed on pages
by `_paginate`, so every page is known before the first one is drawn ('Page 2 of 19').
"""

from __future__ import annotations

import io
from functools import cache
from importlib import resources
from typing import TYPE_CHECKING, Any

from runstrength.errors import RenderError
from runstrength.models import Plan
from runstrength.render._pdf_blocks import _paginate
from runstrength.render._pdf_cover import (
    _cover,
    _week,
    date_range,
)
from runstrength.render._pdf_layout import (
    _BODY,
    _FONT_FILES,
    _FOOTER,
    FAINT,
    FONT,
    FOOTER_Y,
    MARGIN_BOTTOM,
    MARGIN_TOP,
    MARGIN_X,
    PAPER_SIZES,
    Measure,
    _color,
    _measurer,
)
from runstrength.render._pdf_text import _pen
from runstrength.render.common import plan_title

if TYPE_CHECKING:
    from runstrength.render import RenderOptions


def render(plan: Plan, options: RenderOptions) -> bytes:
    """The plan as a PDF: cover, then one card per session with boxes to log each set."""
    if options.paper not in PAPER_SIZES:
        raise RenderError(f"unknown paper size {options.paper!r}; use a4 or letter")
    _register_fonts()
    return _build(plan, PAPER_SIZES[options.paper], plan_title(plan, options.athlete))


def _register_fonts() -> None:
    """Parse the bundled fonts once per process; every later plan reuses them."""
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    if FONT in pdfmetrics.getRegisteredFontNames():
        return
    folder = resources.files("runstrength.render").joinpath("fonts")
    for name, filename in _FONT_FILES.items():
        data = folder.joinpath(filename).read_bytes()
        pdfmetrics.registerFont(TTFont(name, io.BytesIO(data)))


@cache
def _info_class() -> type[Any]:
    """PDF document info without CreationDate/ModDate.

    ReportLab's invariant mode writes 2000-01-01 for both, which is wrong; the real date
    would make the bytes change from day to day, and the renderer never reads the clock
    (the plan carries no 'today'). An omitted date is allowed by the PDF standard and is
    shown by viewers as unknown.
    """
    from reportlab.pdfbase.pdfdoc import PDFDictionary, PDFInfo, PDFName, PDFString

    class Info(PDFInfo):  # type: ignore[misc,unused-ignore]
        def format(self, document: Any) -> bytes:
            entries = {
                "Title": PDFString(self.title),
                "Author": PDFString(self.author),
                "Producer": PDFString(self.producer),
                "Creator": PDFString(self.creator),
                "Subject": PDFString(self.subject),
                "Keywords": PDFString(self.keywords),
                "Trapped": PDFName(self.trapped),
            }
            return bytes(PDFDictionary(entries).format(document))

    return Info


def _fit(text: str, room: float, measure: Measure, size: float) -> str:
    """Cut a one-line footer text with '…' so it never runs into the page number."""
    if measure(text, FONT, size) <= room:
        return text
    while text and measure(text + "…", FONT, size) > room:
        text = text[:-1]
    return text.rstrip() + "…"


def _draw_footer(c: Any, left: str, number: str, page_w: float, measure: Measure) -> None:
    y = FOOTER_Y
    size = _FOOTER.size
    c.setStrokeColor(_color(FAINT))
    c.setLineWidth(0.5)
    c.line(MARGIN_X, y + 10, page_w - MARGIN_X, y + 10)
    room = page_w - 2 * MARGIN_X - measure(number, FONT, size) - 12
    pen = _pen(c)
    pen.put(_fit(left, room, measure, size) + " ", _FOOTER, MARGIN_X, y)
    pen.put(number, _FOOTER, page_w - MARGIN_X - measure(number, FONT, size), y)
    pen.draw()


# --------------------------------------------------------------------------- the document


def _build(plan: Plan, pagesize: tuple[float, float], title: str) -> bytes:
    from reportlab import rl_config
    from reportlab.pdfgen.canvas import Canvas

    measure = _measurer()
    page_w, page_h = pagesize
    width = page_w - 2 * MARGIN_X
    frame_h = page_h - MARGIN_TOP - MARGIN_BOTTOM

    groups = _cover(plan, width, title)
    seen: set[str] = set()  # exercises whose safety notes a card has printed
    for week in plan.weeks:
        groups += _week(week, seen, plan.inputs.race_date is not None)
    for group in groups:
        for block in group:
            block.layout(width, measure)
    pages = _paginate(groups, frame_h, measure)

    dates = date_range(plan)
    footer = f"{title} · {dates}" if dates else title
    buffer = io.BytesIO()
    c = Canvas(
        buffer,
        pagesize=pagesize,
        invariant=1,  # no timestamp or random document id: same plan, same bytes
        pageCompression=1,
        initialFontName=FONT,  # else every page names an unused, unembedded Helvetica
        initialFontSize=_BODY.size,
        initialLeading=_BODY.leading,
    )
    c._doc.info = _info_class()()
    c.setTitle(title)
    c.setAuthor("runstrength")
    c.setSubject("Strength training plan for runners")
    c.setCreator(f"runstrength {plan.generator.version}")
    top = page_h - MARGIN_TOP
    for n, page in enumerate(pages, start=1):
        for block, offset in page:
            c.saveState()
            c.translate(MARGIN_X, top - offset - block.height)
            block.draw(c, measure)
            c.restoreState()
        _draw_footer(c, footer, f"Page {n} of {len(pages)}", page_w, measure)
        c.showPage()
    # ASCII85 on top of Flate makes the file a quarter bigger and costs a tenth of the
    # render time in pure Python; nothing needs a 7-bit PDF.
    use_a85 = rl_config.useA85
    rl_config.useA85 = 0
    try:
        c.save()
    finally:
        rl_config.useA85 = use_a85
    return buffer.getvalue()
