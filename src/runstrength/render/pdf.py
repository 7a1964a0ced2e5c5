# ReportLab ships no type hints; the calls into it are few and checked by the tests.
# mypy: disable-error-code="import-untyped"
"""PDF: a cover block, then one printable card per session that doubles as the log sheet.

ReportLab is imported inside the functions (style.md §5): `runstrength plan --format md`
must never pay for it. The bundled DejaVu Sans font makes ×, –, ≤ and accents print.

The cover uses platypus Paragraphs and Tables. The session cards are drawn by one small
flowable with its own word wrap: a 12-week plan has a few hundred exercise rows, and
platypus tables of paragraphs spent most of the render time parsing markup and breaking
the same lines again for every wrap.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from functools import cache
from html import escape
from importlib import resources
from typing import TYPE_CHECKING, Any

from runstrength.enums import PHASE_NAMES, Paper
from runstrength.errors import RenderError
from runstrength.models import Plan, Prescription, Session, Week
from runstrength.render.common import (
    deload_note,
    dose_text,
    inputs_summary,
    legend,
    load_text,
    plan_title,
    rest_text,
    session_title,
    short_cue,
    week_title,
)

if TYPE_CHECKING:
    from runstrength.render import RenderOptions

FONT = "RunstrengthSans"
FONT_BOLD = "RunstrengthSans-Bold"
_FONT_FILES = {FONT: "DejaVuSans.ttf", FONT_BOLD: "DejaVuSans-Bold.ttf"}

MM = 72 / 25.4
MARGIN_X = 15 * MM
MARGIN_TOP = 11 * MM
MARGIN_BOTTOM = 15 * MM  # room for the footer
FOOTER_Y = 7 * MM  # inside what home printers can print on A4 and Letter

INK = "#1d232a"
GREY = "#5b6570"
LINE = "#8a949e"
FAINT = "#c9d0d6"
MARK = "#a3adb6"  # the printed '×' in a set box: visible, but lighter than handwriting
FILL = "#eef2f5"
LINK = "#1f4e79"
WARN_FILL = "#fff6da"
WARN_LINE = "#d9b64a"

# card geometry, in points
PAD = 4.0
ROW_PAD = 3.5  # above and below an exercise row
NUM_W, RIR_W, PAIN_W = 18.0, 34.0, 36.0
EX_SHARE = 0.49  # of what the number, RIR and pain columns leave: room for 4 set boxes
BOX_H = 22.0  # one set box: tall enough to write "8 × 42.5" by hand
BOX_GAP = 4.0
BOX_MIN_W = 46.0
BOX_MAX_W = 72.0
HEADS_H = 19.0
NOTES_H = 30.0


def render(plan: Plan, options: RenderOptions) -> bytes:
    """The plan as a PDF: cover, then one card per session with boxes to log each set."""
    from reportlab.lib.pagesizes import A4, LETTER

    sizes = {Paper.A4: A4, Paper.LETTER: LETTER}
    if options.paper not in sizes:
        raise RenderError(f"unknown paper size {options.paper!r}; use a4 or letter")
    _register_fonts()
    return _Builder(plan, sizes[options.paper]).build()


def date_range(plan: Plan) -> str | None:
    """'2026-12-07 – 2027-02-25': the first and last session dates, or None if undated."""
    dates = [s.date for _, s in plan.sessions() if s.date is not None]
    if not dates:
        return None
    return f"{min(dates).isoformat()} – {max(dates).isoformat()}"


def _register_fonts() -> None:
    from reportlab.lib.fonts import addMapping
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    if FONT in pdfmetrics.getRegisteredFontNames():
        return
    folder = resources.files("runstrength.render").joinpath("fonts")
    for name, filename in _FONT_FILES.items():
        data = folder.joinpath(filename).read_bytes()
        pdfmetrics.registerFont(TTFont(name, io.BytesIO(data)))
    # <b> inside a Paragraph looks the family up; no italic face is bundled.
    addMapping(FONT, 0, 0, FONT)
    addMapping(FONT, 1, 0, FONT_BOLD)
    addMapping(FONT, 0, 1, FONT)
    addMapping(FONT, 1, 1, FONT_BOLD)


@cache
def _color(hex_code: str) -> Any:
    """A ReportLab Color, parsed once: ReportLab re-parses colour strings on every use."""
    from reportlab.lib.colors import HexColor

    return HexColor(hex_code)


def _x(text: str) -> str:
    """Escape plan text for ReportLab's paragraph markup."""
    return escape(text, quote=False)


# --------------------------------------------------------------------------- word wrap


@dataclass(frozen=True)
class _Style:
    font: str
    size: float
    leading: float
    color: str = INK


_NAME = _Style(FONT_BOLD, 8.5, 10.6, LINK)
_DOSE = _Style(FONT_BOLD, 8.5, 10.6)
_BODY = _Style(FONT, 8.5, 10.6)
_CUE = _Style(FONT, 7.5, 9.2, GREY)
_TITLE = _Style(FONT_BOLD, 10, 12.5)
_TITLE_R = _Style(FONT, 7.5, 12.5, GREY)

# One placed word: x offset in its line, text, style.
_Word = tuple[float, str, _Style]


@dataclass
class _Line:
    words: list[_Word] = field(default_factory=list)
    width: float = 0.0

    @property
    def leading(self) -> float:
        return max((w[2].leading for w in self.words), default=0.0)


def _wrap(runs: list[tuple[str, _Style]], width: float, measure: Any) -> list[_Line]:
    """Greedy word wrap of styled runs; a word longer than the line is cut by characters.

    Words are split on plain spaces only, so a no-break space keeps '3 × 8–12' together.
    """
    lines: list[_Line] = []
    line = _Line()
    for text, style in runs:
        for word in text.split(" "):
            if not word:
                continue
            w = measure(word, style.font, style.size)
            if line.words:
                space = measure(" ", style.font, style.size)
                if line.width + space + w <= width:
                    line.words.append((line.width + space, word, style))
                    line.width += space + w
                    continue
                lines.append(line)
            while w > width and len(word) > 1:
                cut = len(word) - 1
                while cut > 1 and measure(word[:cut], style.font, style.size) > width:
                    cut -= 1
                lines.append(
                    _Line([(0.0, word[:cut], style)], measure(word[:cut], style.font, style.size))
                )
                word = word[cut:]
                w = measure(word, style.font, style.size)
            line = _Line([(0.0, word, style)], w)
    if line.words:
        lines.append(line)
    return lines


# --------------------------------------------------------------------------- the card model


@dataclass(frozen=True)
class _Row:
    """One exercise of a card, before layout."""

    number: int
    name: str
    video: str
    dose: str
    details: str
    grey: tuple[str, ...]
    sets: int
    rir: str


@dataclass
class _RowLayout:
    row: _Row
    name_lines: list[_Line]
    lines: list[_Line]  # the name lines first, then dose and cue lines
    height: float


def _row(number: int, p: Prescription) -> _Row:
    details = [load_text(p), f"rest {rest_text(p.rest_seconds)}"]
    if p.tempo:
        details.append(f"tempo {p.tempo}")
    grey = [short_cue(p)]
    if p.why:
        grey.append(f"why: {p.why}")
    return _Row(
        number=number,
        name=p.name,
        video=p.video,
        dose=dose_text(p).replace(" ", "\u00a0"),
        details="· " + " · ".join(d.replace(" ", "\u00a0") for d in details),
        grey=tuple(g for g in grey if g),
        sets=p.sets,
        rir=f"aim {p.target_rir}" if p.target_rir is not None else "",
    )


@cache
def _card_class() -> type[Any]:
    """The Flowable that draws one session card (made on first use: ReportLab is lazy)."""
    from reportlab.pdfbase.pdfmetrics import stringWidth
    from reportlab.platypus import Flowable

    widths: dict[tuple[str, str, float], float] = {}

    def measure(text: str, font: str, size: float) -> float:
        key = (text, font, size)
        found = widths.get(key)
        if found is None:
            found = widths[key] = stringWidth(text, font, size)
        return found

    class Card(Flowable):  # type: ignore[misc,unused-ignore]
        """A session card; splits between exercise rows when it is taller than a page."""

        def __init__(
            self,
            title: str,
            subtitle: str,
            rows: list[_Row],
            *,
            notes: bool = True,
            continued: bool = False,
        ) -> None:
            super().__init__()
            self.title = title
            self.subtitle = subtitle
            self.rows = rows
            self.notes = notes
            self.continued = continued
            self._laid_out_for: float | None = None

        # ---------------------------------------------------------------- layout

        def _layout(self, avail_w: float) -> None:
            if self._laid_out_for == avail_w:
                return
            self._laid_out_for = avail_w
            self.width = avail_w
            rest = avail_w - NUM_W - RIR_W - PAIN_W
            self.ex_w = round(rest * EX_SHARE, 1)
            self.done_w = rest - self.ex_w

            title = self.title + (" (continued)" if self.continued else "")
            inner = avail_w - 2 * PAD
            self.title_lines = _wrap([(title, _TITLE)], inner, measure)
            sub_w = measure(self.subtitle, _TITLE_R.font, _TITLE_R.size)
            last = self.title_lines[-1]
            self.sub_inline = last.width + 12 + sub_w <= inner
            self.sub_lines = (
                [] if self.sub_inline else _wrap([(self.subtitle, _TITLE_R)], inner, measure)
            )
            text_h = sum(line.leading for line in self.title_lines + self.sub_lines)
            self.header_h = text_h + 2 * PAD + 1

            box_room = self.done_w - 2 * PAD
            capacity = max(1, int((box_room + BOX_GAP) // (BOX_MIN_W + BOX_GAP)))
            most = max((r.sets for r in self.rows), default=1)
            self.per_row = max(1, min(capacity, most))
            self.box_w = min(BOX_MAX_W, (box_room - (self.per_row - 1) * BOX_GAP) / self.per_row)

            text_w = self.ex_w - 2 * PAD
            self.layouts: list[_RowLayout] = []
            for r in self.rows:
                name_lines = _wrap([(r.name, _NAME)], text_w, measure)
                lines = name_lines + _wrap([(r.dose, _DOSE), (r.details, _BODY)], text_w, measure)
                for text in r.grey:
                    lines += _wrap([(text, _CUE)], text_w, measure)
                box_rows = -(-r.sets // self.per_row)
                boxes_h = box_rows * BOX_H + (box_rows - 1) * BOX_GAP
                text_h = sum(line.leading for line in lines)
                height = max(text_h, boxes_h, 14.0) + 2 * ROW_PAD + 1
                self.layouts.append(_RowLayout(r, name_lines, lines, height))
            self.height = self._height(len(self.rows), self.notes)

        def _height(self, n_rows: int, notes: bool) -> float:
            rows = sum(lay.height for lay in self.layouts[:n_rows])
            return self.header_h + HEADS_H + rows + (NOTES_H if notes else 0.0)

        def wrap(self, avail_w: float, avail_h: float) -> tuple[float, float]:
            self._layout(avail_w)
            return self.width, self.height

        def split(self, avail_w: float, avail_h: float) -> list[Any]:
            self._layout(avail_w)
            if self.height <= avail_h:
                return [self]
            fit = 0
            while fit < len(self.rows) and self._height(fit + 1, False) <= avail_h:
                fit += 1
            # rows fit but the notes don't: carry the last row over, never the notes alone
            fit = min(fit, len(self.rows) - 1)
            if fit <= 0:
                return []  # not even one row fits: let the frame move on
            first = Card(
                self.title, self.subtitle, self.rows[:fit], notes=False, continued=self.continued
            )
            rest = Card(
                self.title, self.subtitle, self.rows[fit:], notes=self.notes, continued=True
            )
            return [first, rest]

        # ---------------------------------------------------------------- drawing

        def draw(self) -> None:
            c = self.canv
            w, h = self.width, self.height
            x_ex = NUM_W
            x_done = x_ex + self.ex_w
            x_rir = x_done + self.done_w
            x_pain = x_rir + RIR_W

            c.setFillColor(_color(FILL))
            c.rect(0, h - self.header_h, w, self.header_h, stroke=0, fill=1)

            text = _Pen(c.beginText())
            y = h - PAD
            for line in self.title_lines:
                y -= line.leading
                text.line(line, PAD, y + 3)
            if self.sub_inline:
                sub_w = measure(self.subtitle, _TITLE_R.font, _TITLE_R.size)
                text.put(self.subtitle, _TITLE_R, w - PAD - sub_w, y + 3)
            for line in self.sub_lines:
                y -= line.leading
                text.line(line, PAD, y + 3)

            # column heads
            top = h - self.header_h
            head_y = top - 8
            small = _Style(FONT, 6.5, 7.8, GREY)
            text.put("#", small, PAD, head_y)
            text.put("Exercise · dose · load · rest", small, x_ex + PAD, head_y)
            text.put("Done, each set: reps × load", small, x_done + PAD, head_y)
            text.put("RIR", small, x_rir + PAD, head_y)
            text.put("Pain", small, x_pain + PAD, head_y)
            text.put("0–10", small, x_pain + PAD, head_y - 7.8)

            c.setLineWidth(0.4)
            c.setStrokeColor(_color(FAINT))
            rows_top = top - HEADS_H
            y = rows_top
            boxes: list[tuple[float, float, str]] = []
            underlines: list[tuple[float, float, float]] = []
            for i, lay in enumerate(self.layouts):
                row_top = y
                y -= lay.height
                if i:
                    c.line(0, row_top, x_rir, row_top)
                num = str(lay.row.number)
                num_w = measure(num, FONT_BOLD, 10)
                text.put(num, _Style(FONT_BOLD, 10, 12), (NUM_W - num_w) / 2, row_top - 12)
                line_y = row_top - ROW_PAD
                for n, line in enumerate(lay.lines):
                    line_y -= line.leading
                    base = line_y + 2.5
                    text.line(line, x_ex + PAD, base)
                    if n < len(lay.name_lines):
                        x0 = x_ex + PAD
                        underlines.append((x0, base - 1.2, x0 + line.width))
                        c.linkURL(
                            lay.row.video,
                            (x0, base - 2, x0 + line.width, base + 8.5),
                            relative=1,
                        )
                if lay.row.rir:
                    rir_w = measure(lay.row.rir, FONT, 6.5)
                    text.put(lay.row.rir, small, x_rir + (RIR_W - rir_w) / 2, row_top - 9)
                for s in range(lay.row.sets):
                    r, col = divmod(s, self.per_row)
                    bx = x_done + PAD + col * (self.box_w + BOX_GAP)
                    by = row_top - ROW_PAD - (r + 1) * BOX_H - r * BOX_GAP
                    boxes.append((bx, by, str(s + 1)))
            rows_bottom = y

            # the set boxes, each with its number and a printed '×' between reps and load
            c.setStrokeColor(_color(LINE))
            c.setLineWidth(0.6)
            tiny = _Style(FONT, 5.5, 6, GREY)
            for bx, by, label in boxes:
                c.rect(bx, by, self.box_w, BOX_H, stroke=1, fill=0)
                text.put(label, tiny, bx + 2, by + BOX_H - 6.5)
            mark = _Style(FONT, 9, 10, MARK)
            half = measure("×", FONT, 9) / 2
            for bx, by, _ in boxes:
                text.put("×", mark, bx + self.box_w / 2 - half, by + BOX_H / 2 - 3.2)

            # the RIR and pain columns are the boxes to write in
            c.line(x_rir, top, x_rir, rows_bottom)
            c.line(x_pain, top, x_pain, rows_bottom)
            c.line(0, rows_top, w, rows_top)
            c.setStrokeColor(_color(FAINT))
            c.setLineWidth(0.4)
            c.line(0, top, w, top)
            c.setStrokeColor(_color(LINE))
            c.setLineWidth(0.6)
            for lay_y in _row_tops(self.layouts, rows_top)[1:]:
                c.line(x_rir, lay_y, w, lay_y)
            if self.notes:
                c.line(0, rows_bottom, w, rows_bottom)
                label_y = rows_bottom - 11
                text.put("Notes", small, PAD, label_y)
                date_x = w - PAD - 90
                label_w = measure("Done on", FONT, 6.5)
                text.put("Done on", small, date_x - 4 - label_w, label_y)
                c.setStrokeColor(_color(FAINT))
                notes_x = PAD + measure("Notes", FONT, 6.5) + 4
                c.line(notes_x, label_y - 1.5, date_x - label_w - 12, label_y - 1.5)
                c.line(date_x, label_y - 1.5, w - PAD, label_y - 1.5)
                c.line(PAD, label_y - 15, w - PAD, label_y - 15)

            c.drawText(text.text)
            c.setStrokeColor(_color(LINK))
            c.setLineWidth(0.5)
            for x0, y0, x1 in underlines:
                c.line(x0, y0, x1, y0)
            c.setStrokeColor(_color(INK))
            c.setLineWidth(0.9)
            c.rect(0, 0, w, h, stroke=1, fill=0)

    return Card


def _row_tops(layouts: list[_RowLayout], top: float) -> list[float]:
    tops = []
    for lay in layouts:
        tops.append(top)
        top -= lay.height
    return tops


class _Pen:
    """A ReportLab text object that switches font and colour only when the style changes."""

    def __init__(self, text: Any) -> None:
        self.text = text
        self.style: _Style | None = None

    def put(self, word: str, style: _Style, x: float, y: float) -> None:
        if style != self.style:
            self.text.setFont(style.font, style.size)
            self.text.setFillColor(_color(style.color))
            self.style = style
        self.text.setTextOrigin(x, y)
        self.text.textOut(word)

    def line(self, line: _Line, x: float, y: float) -> None:
        """Words of one style in a row go out as one string: the spaces match the wrap."""
        start, run, style = 0.0, "", None
        for dx, word, word_style in line.words:
            if word_style == style:
                run += " " + word
                continue
            if style is not None:
                self.put(run, style, x + start, y)
            start, run, style = dx, word, word_style
        if style is not None:
            self.put(run, style, x + start, y)


# --------------------------------------------------------------------------- footer


def _fit(text: str, room: float, measure: Any, size: float) -> str:
    """Cut a one-line footer text with '…' so it never runs into the page number."""
    if measure(text, FONT, size) <= room:
        return text
    while text and measure(text + "…", FONT, size) > room:
        text = text[:-1]
    return text.rstrip() + "…"


def _footer_canvas(left: str, page_width: float) -> Any:
    """A canvas class that draws the footer, with 'Page X of Y', once every page is known."""
    from reportlab.pdfgen.canvas import Canvas

    class NumberedCanvas(Canvas):  # type: ignore[misc,unused-ignore]
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            self._pages: list[dict[str, Any]] = []

        def showPage(self) -> None:
            self._pages.append(dict(self.__dict__))
            self._startPage()  # type: ignore[attr-defined,unused-ignore]

        def save(self) -> None:
            total = len(self._pages)
            for state in self._pages:
                self.__dict__.update(state)
                self._draw_footer(total)
                super().showPage()
            super().save()

        def _draw_footer(self, total: int) -> None:
            width = page_width
            y = FOOTER_Y
            size = 7.5
            self.saveState()
            self.setStrokeColor(_color(FAINT))
            self.setLineWidth(0.5)
            self.line(MARGIN_X, y + 10, width - MARGIN_X, y + 10)
            self.setFillColor(_color(GREY))
            self.setFont(FONT, size)
            number = f"Page {self.getPageNumber()} of {total}"
            room = width - 2 * MARGIN_X - self.stringWidth(number, FONT, size) - 12
            self.drawString(MARGIN_X, y, _fit(left, room, self.stringWidth, size))
            self.drawRightString(width - MARGIN_X, y, number)
            self.restoreState()

    return NumberedCanvas


# --------------------------------------------------------------------------- the document


class _Builder:
    """Lays out one plan; a class so the styles are made once per document."""

    def __init__(self, plan: Plan, pagesize: tuple[float, float]) -> None:
        from reportlab.lib.styles import ParagraphStyle

        self.plan = plan
        self.pagesize = pagesize
        self.width = pagesize[0] - 2 * MARGIN_X

        def style(name: str, **kw: Any) -> Any:
            base: dict[str, Any] = {
                "fontName": FONT,
                "bulletFontName": FONT,
                "fontSize": 8.5,
                "leading": 10.6,
            }
            base.update(kw)
            base["textColor"] = _color(base.get("textColor", INK))
            return ParagraphStyle(name, **base)

        self.s_title = style("title", fontName=FONT_BOLD, fontSize=17, leading=21, spaceAfter=3)
        self.s_sub = style("sub", textColor=GREY, spaceAfter=8)
        self.s_h2 = style("h2", fontName=FONT_BOLD, fontSize=11, leading=14, spaceBefore=8)
        self.s_week = style("week", fontName=FONT_BOLD, fontSize=12.5, leading=15.5)
        self.s_week_sub = style("weeksub", fontSize=8, leading=10, textColor=GREY, spaceAfter=5)
        self.s_body = style("body")
        self.s_label = style("label", fontName=FONT_BOLD, textColor=GREY)
        self.s_bullet = style("bullet", leftIndent=10, bulletIndent=0, spaceAfter=2)

    def build(self) -> bytes:
        from reportlab import rl_config
        from reportlab.platypus import BaseDocTemplate, Frame, PageTemplate
        from reportlab.platypus.doctemplate import LayoutError

        plan = self.plan
        title = plan_title(plan)
        dates = date_range(plan)
        buffer = io.BytesIO()
        doc = BaseDocTemplate(
            buffer,
            pagesize=self.pagesize,
            leftMargin=MARGIN_X,
            rightMargin=MARGIN_X,
            topMargin=MARGIN_TOP,
            bottomMargin=MARGIN_BOTTOM,
            title=title,
            author="runstrength",
            subject="Strength training plan for runners",
            creator=f"runstrength {plan.generator.version}",
            invariant=1,  # no timestamp or random document id: same plan, same bytes
        )
        # A frame without ReportLab's default 6 pt padding: the cards use the full width
        # between the margins, which the column widths are computed from.
        frame = Frame(
            MARGIN_X,
            MARGIN_BOTTOM,
            self.width,
            self.pagesize[1] - MARGIN_TOP - MARGIN_BOTTOM,
            leftPadding=0,
            rightPadding=0,
            topPadding=0,
            bottomPadding=0,
            id="body",
        )
        doc.addPageTemplates([PageTemplate(id="page", frames=[frame])])
        story = self.cover()
        for week in plan.weeks:
            story.extend(self.week(week))
        footer = f"{title} · {dates}" if dates else title
        # ASCII85 on top of Flate makes the file a quarter bigger and costs a tenth of the
        # render time in pure Python; nothing needs a 7-bit PDF.
        use_a85 = rl_config.useA85
        rl_config.useA85 = 0
        try:
            doc.build(story, canvasmaker=_footer_canvas(footer, self.pagesize[0]))
        except LayoutError as exc:
            raise RenderError(f"the PDF layout failed: {exc}") from exc
        finally:
            rl_config.useA85 = use_a85
        return buffer.getvalue()

    # ------------------------------------------------------------------ cover

    def cover(self) -> list[Any]:
        from reportlab.platypus import Paragraph, Spacer, Table, TableStyle

        plan = self.plan
        story: list[Any] = [Paragraph(_x(plan_title(plan)), self.s_title)]
        sub = f"Made with runstrength {plan.generator.version}"
        dates = date_range(plan)
        if dates:
            sub += f" · {dates}"
        story.append(Paragraph(_x(sub), self.s_sub))

        rows = [
            [Paragraph(_x(label), self.s_label), Paragraph(_x(value), self.s_body)]
            for label, value in inputs_summary(plan)
        ]
        label_w = 32 * MM
        inputs = Table(rows, colWidths=[label_w, self.width - label_w], hAlign="LEFT")
        inputs.setStyle(
            TableStyle(
                [
                    ("VALIGN", (0, 0), (-1, -1), "TOP"),
                    ("LINEBELOW", (0, 0), (-1, -1), 0.4, _color(FAINT)),
                    ("TOPPADDING", (0, 0), (-1, -1), 2.5),
                    ("BOTTOMPADDING", (0, 0), (-1, -1), 2.5),
                    ("LEFTPADDING", (0, 0), (-1, -1), 2),
                ]
            )
        )
        story += [inputs, Spacer(1, 8)]

        read_first = [
            Paragraph("<b>Read first</b>", self.s_body),
            Paragraph(_x(plan.disclaimer), self.s_body),
        ]
        box = Table([[read_first]], colWidths=[self.width])
        box.setStyle(
            TableStyle(
                [
                    ("BACKGROUND", (0, 0), (-1, -1), _color(WARN_FILL)),
                    ("BOX", (0, 0), (-1, -1), 0.6, _color(WARN_LINE)),
                    ("LEFTPADDING", (0, 0), (-1, -1), 7),
                    ("RIGHTPADDING", (0, 0), (-1, -1), 7),
                    ("TOPPADDING", (0, 0), (-1, -1), 5),
                    ("BOTTOMPADDING", (0, 0), (-1, -1), 6),
                ]
            )
        )
        story.append(box)

        if plan.warnings:
            story.append(Paragraph("Warnings", self.s_h2))
            story += [Paragraph(_x(w), self.s_bullet, bulletText="•") for w in plan.warnings]

        story.append(Paragraph("Using the cards", self.s_h2))
        story += [
            Paragraph(text, self.s_bullet, bulletText="•")
            for text in (
                "Each session is a card: print it, take it to the gym, and write in each "
                "set box what you did as <b>reps × load</b> (for example 8 × 40).",
                "<b>RIR</b> box: how many more good reps you could have done at the end of "
                "the last set (the card shows the aim). <b>Pain</b> box: 0 (none) to 10 "
                "(worst), during or after the exercise.",
                "Exercise names are links to a video of the movement.",
            )
        ]
        key = legend(plan)
        if key:
            story.append(Paragraph("Key", self.s_h2))
            story += [
                Paragraph(f"<b>{_x(term)}</b>: {_x(meaning)}", self.s_bullet, bulletText="•")
                for term, meaning in key
            ]
        story += [Spacer(1, 4), Paragraph("Overview", self.s_h2), self.overview()]
        return story

    def overview(self) -> Any:
        from reportlab.platypus import Paragraph, Table, TableStyle

        heads = ("Week", "Phase", "Sessions")
        rows: list[list[Any]] = [[Paragraph(h, self.s_label) for h in heads]]
        for week in self.plan.weeks:
            phase = _x(f"{PHASE_NAMES[week.phase]} ({week.phase.value})")
            if week.deload:
                phase += " · <b>deload</b>"
            sessions = ",  ".join(_session_short(s) for s in week.sessions)
            rows.append(
                [
                    Paragraph(str(week.index), self.s_body),
                    Paragraph(phase, self.s_body),
                    Paragraph(_x(sessions), self.s_body),
                ]
            )
        widths = [14 * MM, 62 * MM, self.width - 76 * MM]
        table = Table(rows, colWidths=widths, repeatRows=1, hAlign="LEFT")
        table.setStyle(
            TableStyle(
                [
                    ("VALIGN", (0, 0), (-1, -1), "TOP"),
                    ("LINEBELOW", (0, 0), (-1, 0), 0.6, _color(LINE)),
                    ("LINEBELOW", (0, 1), (-1, -1), 0.3, _color(FAINT)),
                    ("TOPPADDING", (0, 0), (-1, -1), 2),
                    ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
                    ("LEFTPADDING", (0, 0), (-1, -1), 2),
                ]
            )
        )
        return table

    # ------------------------------------------------------------------ weeks and cards

    def week(self, week: Week) -> list[Any]:
        from reportlab.platypus import KeepTogether, PageBreak, Paragraph, Spacer

        card = _card_class()
        dates = [s.date for s in week.sessions if s.date is not None]
        n = len(week.sessions)
        sub = f"{n} session" if n == 1 else f"{n} sessions"
        if dates:
            sub = f"{min(dates).isoformat()} – {max(dates).isoformat()} · {sub}"
        heading: list[Any] = [
            Paragraph(_x(week_title(week)), self.s_week),
            Paragraph(_x(sub), self.s_week_sub),
        ]
        note = deload_note(week)
        if note:
            heading.append(Paragraph(_x(note), self.s_week_sub))
        phase = f"Week {week.index} · {PHASE_NAMES[week.phase]}"
        if week.deload:
            phase += " · deload"
        cards: list[list[Any]] = [
            [
                card(
                    session_title(session),
                    phase,
                    [_row(n, p) for n, p in enumerate(session.exercises, start=1)],
                ),
                Spacer(1, 9),
            ]
            for session in week.sessions
        ]
        # The heading travels with the first card, never stranded at the foot of a page.
        if cards:
            cards[0] = heading + cards[0]
        else:
            cards = [heading]
        story: list[Any] = [PageBreak()] if week is self.plan.weeks[0] else []
        story += [KeepTogether(parts) for parts in cards]
        return story


def _session_short(session: Session) -> str:
    """'A Mon 12-07' for the overview table."""
    if session.date is not None:
        return f"{session.label} {session.date:%a %m-%d}"
    if session.weekday is not None:
        return f"{session.label} {session.weekday.value.capitalize()}"
    return session.label
