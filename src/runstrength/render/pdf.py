# ReportLab ships no type hints; the calls into it are few and checked by the tests.
# mypy: disable-error-code="import-untyped"
"""PDF: a cover block, then one printable card per session that doubles as the log sheet.

ReportLab is imported inside the functions (style.md §5): `runstrength plan --format md`
must never pay for it. The bundled DejaVu Sans font makes ×, –, ≤ and accents print.

Only ReportLab's canvas is used, not platypus: importing platypus compiles its paragraph
module's large regular expressions, which cost more than laying out a whole plan. The
blocks here (text, tables, session cards) wrap words themselves and are placed on pages
by `_paginate`, so every page is known before the first one is drawn ('Page 2 of 19').
"""

from __future__ import annotations

import io
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from typing import TYPE_CHECKING, Any

from runstrength.enums import PHASE_NAMES, LoadType, Paper
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
    safe_url,
    session_title,
    tagged_notes,
    warmup_text,
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
PAPER_SIZES = {  # points; the same numbers as reportlab.lib.pagesizes
    Paper.A4: (595.2755905511812, 841.8897637795277),
    Paper.LETTER: (612.0, 792.0),
}

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
ROW_PAD = 2.0  # above and below an exercise row
NUM_W, RIR_W, PAIN_W = 18.0, 34.0, 36.0
EX_SHARE = 0.49  # of what the number, RIR and pain columns leave: room for 4 set boxes
BOX_H = 22.0  # one set box: tall enough to write "8 × 42.5" by hand
BOX_GAP = 4.0
BOX_MIN_W = 46.0
BOX_MAX_W = 72.0
HEADS_H = 20.0
NOTES_H = 30.0
CARD_GAP = 9.0  # between two cards

Measure = Callable[[str, str, float], float]


def render(plan: Plan, options: RenderOptions) -> bytes:
    """The plan as a PDF: cover, then one card per session with boxes to log each set."""
    if options.paper not in PAPER_SIZES:
        raise RenderError(f"unknown paper size {options.paper!r}; use a4 or letter")
    _register_fonts()
    return _build(plan, PAPER_SIZES[options.paper])


def date_range(plan: Plan) -> str | None:
    """'2026-12-07 – 2027-02-25': the first and last session dates, or None if undated."""
    dates = [s.date for _, s in plan.sessions() if s.date is not None]
    if not dates:
        return None
    return f"{min(dates).isoformat()} – {max(dates).isoformat()}"


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
def _measurer() -> Measure:
    """stringWidth with a cache: a plan measures the same few hundred words again and again."""
    from reportlab.pdfbase.pdfmetrics import stringWidth

    widths: dict[tuple[str, str, float], float] = {}

    def measure(text: str, font: str, size: float) -> float:
        key = (text, font, size)
        found = widths.get(key)
        if found is None:
            found = widths[key] = stringWidth(text, font, size)
        return found

    return measure


@cache
def _color(hex_code: str) -> Any:
    """A ReportLab Color, parsed once: ReportLab re-parses colour strings on every use."""
    from reportlab.lib.colors import HexColor

    return HexColor(hex_code)


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
_BOLD = _Style(FONT_BOLD, 8.5, 10.6)
_LABEL = _Style(FONT_BOLD, 8.5, 10.6, GREY)
_CUE = _Style(FONT, 8, 9.8, GREY)  # the issue-12 minimum for anything read in the gym
_SAFETY = _Style(FONT_BOLD, 8, 9.8)  # a catalog safety note (§10.11): ink, not grey
_WARMUP = _Style(FONT, 8, 9.8)  # the warm-up line in a card's header band (§10.1)
_SMALL = _Style(FONT, 7, 8.4, GREY)  # column heads, RIR aim, notes labels
_TINY = _Style(FONT, 6, 6.5, GREY)  # the set number in a box's corner
_MARK = _Style(FONT, 9, 10, MARK)
_NUMBER = _Style(FONT_BOLD, 10, 12)
_TITLE = _Style(FONT_BOLD, 10, 12.5)
_TITLE_R = _Style(FONT, 7.5, 12.5, GREY)
_DOC_TITLE = _Style(FONT_BOLD, 17, 21)
_SUB = _Style(FONT, 8.5, 10.6, GREY)
_H2 = _Style(FONT_BOLD, 11, 14)
_WEEK = _Style(FONT_BOLD, 12.5, 15.5)
_WEEK_SUB = _Style(FONT, 8, 10, GREY)
_FOOTER = _Style(FONT, 7.5, 9, GREY)

# One placed word: x offset in its line, text, style.
_Word = tuple[float, str, _Style]
# Styled text: runs of words in one style each.
_Runs = Sequence[tuple[str, _Style]]


@dataclass
class _Line:
    words: list[_Word] = field(default_factory=list)
    width: float = 0.0

    @property
    def leading(self) -> float:
        return max((w[2].leading for w in self.words), default=0.0)

    @property
    def size(self) -> float:
        return max((w[2].size for w in self.words), default=0.0)


def _wrap(runs: _Runs, width: float, measure: Measure) -> list[_Line]:
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


def _baseline(line: _Line, line_top: float) -> float:
    """Where a line's text sits: its glyphs centred in the leading, descenders inside."""
    return line_top - line.leading + (line.leading - line.size) / 2 + 0.24 * line.size


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
        """Words of one style in a row go out as one string: the spaces match the wrap.

        A run followed by another style on the same line ends with a space, so text
        extraction keeps the words apart.
        """
        start, run, style = 0.0, "", None
        for dx, word, word_style in line.words:
            if word_style == style:
                run += " " + word
                continue
            if style is not None:
                self.put(run + " ", style, x + start, y)
            start, run, style = dx, word, word_style
        if style is not None:
            self.put(run, style, x + start, y)


# --------------------------------------------------------------------------- page blocks


class _Block:
    """Something placed on a page: laid out for a width, then drawn with its bottom-left
    corner at the origin. Blocks that can continue on the next page override `split`."""

    height = 0.0

    def layout(self, width: float, measure: Measure) -> None:
        raise NotImplementedError

    def split(self, avail_h: float, measure: Measure) -> tuple[_Block, _Block] | None:
        """The part that fits in `avail_h` and the rest, or None if nothing useful fits."""
        return None

    def lead_height(self) -> float:
        """The height that must fit beside the blocks kept with this one (its whole height
        unless it may start on one page and go on to the next)."""
        return self.height

    def draw(self, c: Any, measure: Measure) -> None:
        raise NotImplementedError


class _Gap(_Block):
    """Vertical space; dropped at the top of a page."""

    def __init__(self, height: float) -> None:
        self.height = height

    def layout(self, width: float, measure: Measure) -> None:
        pass

    def draw(self, c: Any, measure: Measure) -> None:
        pass


class _Text(_Block):
    """A wrapped paragraph of styled runs, optionally with a bullet."""

    def __init__(
        self,
        runs: _Runs,
        *,
        before: float = 0.0,
        after: float = 0.0,
        bullet: bool = False,
    ) -> None:
        self.runs = runs
        self.before = before
        self.after = after
        self.indent = 10.0 if bullet else 0.0
        self.bullet = bullet
        self.lines: list[_Line] = []

    def layout(self, width: float, measure: Measure) -> None:
        self.lines = _wrap(self.runs, width - self.indent, measure)
        self.height = self.before + sum(line.leading for line in self.lines) + self.after

    def draw(self, c: Any, measure: Measure) -> None:
        pen = _Pen(c.beginText())
        self.draw_text(pen, self.height)
        c.drawText(pen.text)

    def draw_text(self, pen: _Pen, top: float, x: float = 0.0) -> None:
        top -= self.before
        for n, line in enumerate(self.lines):
            base = _baseline(line, top)
            if self.bullet and n == 0:
                pen.put("•", _BODY, x, base)
            pen.line(line, x + self.indent, base)
            top -= line.leading


class _Box(_Block):
    """Paragraphs on a tinted background with a border: the 'Read first' box."""

    PAD_X, PAD_TOP, PAD_BOTTOM = 7.0, 5.0, 6.0

    def __init__(self, parts: list[_Text], fill: str, stroke: str) -> None:
        self.parts = parts
        self.fill = fill
        self.stroke = stroke

    def layout(self, width: float, measure: Measure) -> None:
        self.width = width
        for part in self.parts:
            part.layout(width - 2 * self.PAD_X, measure)
        inner = sum(part.height for part in self.parts)
        self.height = inner + self.PAD_TOP + self.PAD_BOTTOM

    def draw(self, c: Any, measure: Measure) -> None:
        c.setFillColor(_color(self.fill))
        c.setStrokeColor(_color(self.stroke))
        c.setLineWidth(0.6)
        c.rect(0, 0, self.width, self.height, stroke=1, fill=1)
        pen = _Pen(c.beginText())
        top = self.height - self.PAD_TOP
        for part in self.parts:
            part.draw_text(pen, top, self.PAD_X)
            top -= part.height
        c.drawText(pen.text)


@dataclass
class _GridRow:
    cells: list[list[_Line]]
    height: float


class _Grid(_Block):
    """A table of wrapped text: a rule under each row, an optional header row that is
    repeated when the table continues on the next page."""

    PAD_TOP, PAD_BOTTOM, PAD_LEFT, PAD_RIGHT = 2.5, 2.5, 2.0, 6.0

    def __init__(
        self,
        widths: list[float],
        rows: list[list[_Runs]],
        *,
        header: list[_Runs] | None = None,
        pad: float = 2.5,
        continued: bool = False,
    ) -> None:
        self.widths = widths
        self.rows = rows
        self.header = header
        self.pad = pad
        self.continued = continued
        self.laid: list[_GridRow] = []
        self.head: _GridRow | None = None

    def _row(self, cells: list[_Runs], measure: Measure) -> _GridRow:
        wrapped = [
            _wrap(runs, w - self.PAD_LEFT - self.PAD_RIGHT, measure)
            for runs, w in zip(cells, self.widths, strict=True)
        ]
        text_h = max(sum(line.leading for line in lines) for lines in wrapped)
        return _GridRow(wrapped, text_h + 2 * self.pad)

    def layout(self, width: float, measure: Measure) -> None:
        self.width = width
        self.head = self._row(self.header, measure) if self.header else None
        self.laid = [self._row(cells, measure) for cells in self.rows]
        self.height = (self.head.height if self.head else 0.0) + sum(r.height for r in self.laid)

    def lead_height(self) -> float:
        """The header and two rows: a heading is kept with the start of its table."""
        return (self.head.height if self.head else 0.0) + sum(r.height for r in self.laid[:2])

    def split(self, avail_h: float, measure: Measure) -> tuple[_Block, _Block] | None:
        used = self.head.height if self.head else 0.0
        fit = 0
        for row in self.laid:
            if used + row.height > avail_h:
                break
            used += row.height
            fit += 1
        if fit == 0 or fit == len(self.laid):
            return None
        first = _Grid(self.widths, self.rows[:fit], header=self.header, pad=self.pad)
        rest = _Grid(self.widths, self.rows[fit:], header=self.header, pad=self.pad, continued=True)
        first.layout(self.width, measure)
        rest.layout(self.width, measure)
        return first, rest

    def draw(self, c: Any, measure: Measure) -> None:
        pen = _Pen(c.beginText())
        rules: list[tuple[float, float, str]] = []  # y, line width, colour
        top = self.height
        rows = ([(self.head, True)] if self.head else []) + [(r, False) for r in self.laid]
        for row, is_head in rows:
            x = 0.0
            for lines, w in zip(row.cells, self.widths, strict=True):
                line_top = top - self.pad
                for line in lines:
                    pen.line(line, x + self.PAD_LEFT, _baseline(line, line_top))
                    line_top -= line.leading
                x += w
            top -= row.height
            rules.append((top, 0.6, LINE) if is_head else (top, 0.4, FAINT))
        c.drawText(pen.text)
        for y, width, colour in rules:
            c.setStrokeColor(_color(colour))
            c.setLineWidth(width)
            c.line(0, y, self.width, y)


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
    mark: str  # printed in each set box: '×', 's', 's ×', 'm ×' or ''
    safety: tuple[str, ...] = ()  # the catalog's safety notes, after the grey lines


@dataclass
class _RowLayout:
    row: _Row
    name_lines: list[_Line]
    lines: list[_Line]  # the name lines first, then dose and cue lines
    height: float
    below: list[_Line] = field(default_factory=list)  # notes under the text and the boxes
    below_top: float = 0.0  # where they start, down from the row's top


def _box_mark(p: Prescription) -> str:
    """What a set box prints to show what to write: 'reps × load' boxes get a '×', a hold
    gets an 's' after the space for its seconds, a carry an 'm'; bodyweight reps and foot
    contacts get a plain box for the count."""
    loaded = p.load.type is not LoadType.BODYWEIGHT
    unit = "s" if p.seconds is not None else "m" if p.distance_m is not None else ""
    if unit:
        return f"{unit} ×" if loaded else unit
    return "×" if loaded else ""


def _row(number: int, p: Prescription) -> _Row:
    details = [load_text(p), f"rest {rest_text(p.rest_seconds)}"]
    if p.tempo:
        details.append(f"tempo {p.tempo}")
    notes = tagged_notes(p, cue_shown=False)
    grey = [text for kind, text in notes if kind != "safety"]
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
        mark=_box_mark(p),
        safety=tuple(text for kind, text in notes if kind == "safety"),
    )


class _Card(_Block):
    """A session card; splits between exercise rows when it is taller than a page."""

    def __init__(
        self,
        title: str,
        subtitle: str,
        rows: list[_Row],
        *,
        notes: bool = True,
        continued: bool = False,
        warmup: str | None = None,
    ) -> None:
        self.title = title
        self.subtitle = subtitle
        self.rows = rows
        self.notes = notes
        self.continued = continued
        self.warmup = warmup  # opens the card, in its header band; not repeated when continued

    # ---------------------------------------------------------------- layout

    def layout(self, width: float, measure: Measure) -> None:
        self.width = width
        rest = width - NUM_W - RIR_W - PAIN_W
        # the set boxes get what the most sets in a row need, up to their share; a card of
        # 2-set exercises gives the room it does not need to the exercise text
        most = max((r.sets for r in self.rows), default=1)
        shown = min(most, 4)
        need = shown * BOX_MAX_W + (shown - 1) * BOX_GAP + 2 * PAD
        self.ex_w = round(max(rest * EX_SHARE, rest - need), 1)
        self.done_w = rest - self.ex_w

        title = self.title + (" (continued)" if self.continued else "")
        inner = width - 2 * PAD
        self.title_lines = _wrap([(title, _TITLE)], inner, measure)
        sub_w = measure(self.subtitle, _TITLE_R.font, _TITLE_R.size)
        last = self.title_lines[-1]
        self.sub_inline = last.width + 12 + sub_w <= inner
        self.sub_lines = (
            [] if self.sub_inline else _wrap([(self.subtitle, _TITLE_R)], inner, measure)
        )
        self.warmup_lines = _wrap([(self.warmup, _WARMUP)], inner, measure) if self.warmup else []
        heading = self.title_lines + self.sub_lines + self.warmup_lines
        text_h = sum(line.leading for line in heading)
        self.header_h = text_h + 2 * PAD + 1

        box_room = self.done_w - 2 * PAD
        capacity = max(1, int((box_room + BOX_GAP) // (BOX_MIN_W + BOX_GAP)))
        self.per_row = max(1, min(capacity, most))
        self.box_w = min(BOX_MAX_W, (box_room - (self.per_row - 1) * BOX_GAP) / self.per_row)

        text_w = self.ex_w - 2 * PAD
        self.layouts: list[_RowLayout] = []
        for r in self.rows:
            name_lines = _wrap([(r.name, _NAME)], text_w, measure)
            lines = name_lines + _wrap([(r.dose, _DOSE), (r.details, _BODY)], text_w, measure)
            # The notes, calibration, why and safety run on as one paragraph, beside the set
            # boxes or, when that is shorter, under them across both columns: a card of six
            # exercises with all of them still fits two to a page.
            runs = [(text, _CUE) for text in r.grey] + [(text, _SAFETY) for text in r.safety]
            box_rows = -(-r.sets // self.per_row)
            boxes_h = box_rows * BOX_H + (box_rows - 1) * BOX_GAP
            beside = lines + (_wrap(runs, text_w, measure) if runs else [])
            beside_h = max(sum(line.leading for line in beside), boxes_h, 14.0)
            below: list[_Line] = []
            below_top = 0.0
            height = beside_h
            if runs:
                top_h = max(sum(line.leading for line in lines), boxes_h) + 0.5
                under = _wrap(runs, self.ex_w + self.done_w - 2 * PAD, measure)
                under_h = top_h + sum(line.leading for line in under)
                if under_h < beside_h:
                    below, below_top, height = under, top_h, under_h
            if not below:
                lines = beside
            height += 2 * ROW_PAD + 1
            self.layouts.append(_RowLayout(r, name_lines, lines, height, below, below_top))
        self.height = self._height(len(self.rows), self.notes)

    def _height(self, n_rows: int, notes: bool) -> float:
        rows = sum(lay.height for lay in self.layouts[:n_rows])
        return self.header_h + HEADS_H + rows + (NOTES_H if notes else 0.0)

    def split(self, avail_h: float, measure: Measure) -> tuple[_Block, _Block] | None:
        fit = 0
        while fit < len(self.rows) and self._height(fit + 1, False) <= avail_h:
            fit += 1
        # rows fit but the notes don't: carry the last row over, never the notes alone
        fit = min(fit, len(self.rows) - 1)
        if fit <= 0:
            return None  # not even one row fits: move on to the next page
        first = _Card(
            self.title,
            self.subtitle,
            self.rows[:fit],
            notes=False,
            continued=self.continued,
            warmup=self.warmup,
        )
        rest = _Card(self.title, self.subtitle, self.rows[fit:], notes=self.notes, continued=True)
        first.layout(self.width, measure)
        rest.layout(self.width, measure)
        return first, rest

    # ---------------------------------------------------------------- drawing

    def draw(self, c: Any, measure: Measure) -> None:
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
        for line in self.sub_lines + self.warmup_lines:
            y -= line.leading
            text.line(line, PAD, y + 3)

        # column heads
        top = h - self.header_h
        head_y = top - 8.5
        small = _SMALL
        text.put("#", small, PAD, head_y)
        text.put("Exercise · dose · load · rest", small, x_ex + PAD, head_y)
        text.put("Done, each set: reps × load", small, x_done + PAD, head_y)
        text.put("RIR", small, x_rir + PAD, head_y)
        text.put("Pain", small, x_pain + PAD, head_y)
        text.put("0–10", small, x_pain + PAD, head_y - small.leading)

        c.setLineWidth(0.4)
        c.setStrokeColor(_color(FAINT))
        rows_top = top - HEADS_H
        y = rows_top
        boxes: list[tuple[float, float, str, str]] = []
        underlines: list[tuple[float, float, float]] = []
        for i, lay in enumerate(self.layouts):
            row_top = y
            y -= lay.height
            if i:
                c.line(0, row_top, x_rir, row_top)
            num = str(lay.row.number)
            num_w = measure(num, _NUMBER.font, _NUMBER.size)
            text.put(num, _NUMBER, (NUM_W - num_w) / 2, row_top - 12)
            line_y = row_top - ROW_PAD
            for n, line in enumerate(lay.lines):
                line_y -= line.leading
                base = line_y + 2.5
                text.line(line, x_ex + PAD, base)
                if n < len(lay.name_lines):
                    x0 = x_ex + PAD
                    underlines.append((x0, base - 1.2, x0 + line.width))
                    _link(c, lay.row.video, (x0, base - 2, x0 + line.width, base + 8.5))
            line_y = row_top - ROW_PAD - lay.below_top
            for line in lay.below:
                line_y -= line.leading
                text.line(line, x_ex + PAD, line_y + 2.5)
            if lay.row.rir:
                rir_w = measure(lay.row.rir, small.font, small.size)
                text.put(lay.row.rir, small, x_rir + (RIR_W - rir_w) / 2, row_top - 9.5)
            for s in range(lay.row.sets):
                r, col = divmod(s, self.per_row)
                bx = x_done + PAD + col * (self.box_w + BOX_GAP)
                by = row_top - ROW_PAD - (r + 1) * BOX_H - r * BOX_GAP
                boxes.append((bx, by, str(s + 1), lay.row.mark))
        rows_bottom = y

        # the set boxes, each with its number and a light mark for what to write where:
        # '×' between reps and load, or the unit ('s', 'm') after the number to write
        c.setStrokeColor(_color(LINE))
        c.setLineWidth(0.6)
        for bx, by, label, _ in boxes:
            c.rect(bx, by, self.box_w, BOX_H, stroke=1, fill=0)
            text.put(label, _TINY, bx + 2, by + BOX_H - 6.8)
        for bx, by, _, mark in boxes:
            if not mark:
                continue
            mark_w = measure(mark, _MARK.font, _MARK.size)
            if mark == "×":
                x = bx + (self.box_w - mark_w) / 2
            elif mark.endswith("×"):  # 's ×': seconds before the unit, load after the '×'
                x = bx + self.box_w * 0.55 - mark_w / 2
            else:  # a unit alone sits at the right, after the space for the number
                x = bx + self.box_w - 5 - mark_w
            text.put(mark, _MARK, x, by + BOX_H / 2 - 3.2)

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
            label_w = measure("Done on", small.font, small.size)
            text.put("Done on", small, date_x - 4 - label_w, label_y)
            c.setStrokeColor(_color(FAINT))
            notes_x = PAD + measure("Notes", small.font, small.size) + 4
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


@cache
def _link_class() -> type[Any]:
    """A web-link annotation that formats itself in one go.

    canvas.linkURL builds three nested PDF dictionaries per link and ReportLab formats
    them key by key when saving: with a link on every exercise name that was a quarter
    of a plan's render time. The same entries, written once per link, are cheaper.
    """
    from reportlab.lib.rl_accel import fp_str
    from reportlab.pdfbase.pdfdoc import PDFObject, PDFString

    class Link(PDFObject):  # type: ignore[misc,unused-ignore]
        def __init__(self, url: str, rect: tuple[float, float, float, float]) -> None:
            self.url = url
            self.rect = rect

        def format(self, document: Any) -> bytes:
            uri: bytes = PDFString(self.url).format(document)
            rect: bytes = fp_str(*self.rect).encode("ascii")
            return (
                b"<< /A << /S /URI /Type /Action /URI " + uri + b" >> /Border [ 0 0 0 ] "
                b"/Rect [ " + rect + b" ] /Subtype /Link /Type /Annot >>"
            )

    return Link


def _link(c: Any, url: str, rect: tuple[float, float, float, float]) -> None:
    """Make `rect` (in the current coordinates) a link to `url`, if it is a web link."""
    if safe_url(url) is None:
        return  # a catalog is data: javascript:, file: or UNC links never become actions
    x0, y0 = c.absolutePosition(rect[0], rect[1])
    x1, y1 = c.absolutePosition(rect[2], rect[3])
    c._addAnnotation(_link_class()(url, (x0, y0, x1, y1)))


def _row_tops(layouts: list[_RowLayout], top: float) -> list[float]:
    tops = []
    for lay in layouts:
        tops.append(top)
        top -= lay.height
    return tops


# --------------------------------------------------------------------------- pagination

# A group of blocks kept on one page when they fit on one (a week heading with its first
# card); a group taller than a page flows and splits like loose blocks.
_Group = list[_Block]
# A placed block: the block and its top, measured down from the top of the frame.
_Placed = tuple[_Block, float]


def _paginate(groups: list[_Group], frame_h: float, measure: Measure) -> list[list[_Placed]]:
    pages: list[list[_Placed]] = [[]]
    used = 0.0

    def new_page() -> None:
        nonlocal used
        pages.append([])
        used = 0.0

    def place(block: _Block) -> None:
        nonlocal used
        while True:
            if isinstance(block, _Gap):
                if pages[-1]:
                    used = min(used + block.height, frame_h)
                return
            if used + block.height <= frame_h + 0.01:
                pages[-1].append((block, used))
                used += block.height
                return
            parts = block.split(frame_h - used, measure)
            if parts is not None:
                first, block = parts
                pages[-1].append((first, used))
                new_page()
                continue
            if not pages[-1]:
                raise RenderError(
                    f"the PDF layout failed: a block of {block.height:.0f} pt does not fit "
                    f"on a page of {frame_h:.0f} pt"
                )
            new_page()

    for group in groups:
        if isinstance(group[-1], _Gap):  # a trailing gap may fall off the page's foot
            height = sum(b.height for b in group[:-1])
        else:
            height = sum(b.height for b in group[:-1]) + group[-1].lead_height()
        if pages[-1] and used + height > frame_h and height <= frame_h:
            new_page()
        for block in group:
            place(block)
    if not pages[-1]:
        pages.pop()
    return pages


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
    pen = _Pen(c.beginText())
    pen.put(_fit(left, room, measure, size) + " ", _FOOTER, MARGIN_X, y)
    pen.put(number, _FOOTER, page_w - MARGIN_X - measure(number, FONT, size), y)
    c.drawText(pen.text)


# --------------------------------------------------------------------------- the document


def _build(plan: Plan, pagesize: tuple[float, float]) -> bytes:
    from reportlab import rl_config
    from reportlab.pdfgen.canvas import Canvas

    measure = _measurer()
    page_w, page_h = pagesize
    width = page_w - 2 * MARGIN_X
    frame_h = page_h - MARGIN_TOP - MARGIN_BOTTOM

    groups = _cover(plan, width)
    for week in plan.weeks:
        groups += _week(week)
    for group in groups:
        for block in group:
            block.layout(width, measure)
    pages = _paginate(groups, frame_h, measure)

    title = plan_title(plan)
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


def _cover(plan: Plan, width: float) -> list[_Group]:
    title = plan_title(plan)
    sub = f"Made with runstrength {plan.generator.version}"
    dates = date_range(plan)
    if dates:
        sub += f" · {dates}"
    blocks: list[_Block] = [
        _Text([(title, _DOC_TITLE)], after=3),
        _Text([(sub, _SUB)], after=8),
    ]
    label_w = 32 * MM
    blocks.append(
        _Grid(
            [label_w, width - label_w],
            [[[(label, _LABEL)], [(value, _BODY)]] for label, value in inputs_summary(plan)],
        )
    )
    blocks += [
        _Gap(8),
        _Box(
            [_Text([("Read first", _BOLD)]), _Text([(plan.disclaimer, _BODY)])],
            WARN_FILL,
            WARN_LINE,
        ),
    ]
    if plan.warnings:
        blocks.append(_Text([("Warnings", _H2)], before=8))
        blocks += [_Text([(w, _BODY)], bullet=True, after=2) for w in plan.warnings]

    blocks.append(_Text([("Using the cards", _H2)], before=8))
    using: list[_Runs] = [
        [
            (
                "Each session is a card: print it, take it to the gym, and write in each set "
                "box what you did: ",
                _BODY,
            ),
            ("reps × load", _BOLD),
            (
                "where the box shows ×, for example 8 × 40; the reps alone in a plain box; "
                "the seconds held where it shows",
                _BODY,
            ),
            ("s.", _BOLD),
        ],
        [
            ("RIR", _BOLD),
            (
                "box: how many more good reps you could have done at the end of the last set "
                "(the card shows the aim).",
                _BODY,
            ),
            ("Pain", _BOLD),
            ("box: 0 (none) to 10 (worst), during or after the exercise.", _BODY),
        ],
        [("Exercise names are links to a video of the movement.", _BODY)],
    ]
    blocks += [_Text(runs, bullet=True, after=2) for runs in using]
    key = legend(plan)
    if key:
        blocks.append(_Text([("Key", _H2)], before=8))
        blocks += [
            _Text([(f"{term}:", _BOLD), (meaning, _BODY)], bullet=True, after=2)
            for term, meaning in key
        ]
    blocks += [_Gap(4), _Text([("Overview", _H2)], before=8, after=2)]
    overview = _overview(plan, width)
    # The cover flows as loose blocks; the Overview heading stays with the table's start.
    return [[b] for b in blocks[:-1]] + [[blocks[-1], overview], [_Gap(16)]]


def _overview(plan: Plan, width: float) -> _Grid:
    rows: list[list[_Runs]] = []
    for week in plan.weeks:
        phase: list[tuple[str, _Style]] = [
            (f"{PHASE_NAMES[week.phase]} ({week.phase.value})", _BODY)
        ]
        if week.deload:
            phase += [("·", _BODY), ("deload", _BOLD)]
        sessions = ",  ".join(_session_short(s) for s in week.sessions)
        rows.append([[(str(week.index), _BODY)], phase, [(sessions, _BODY)]])
    heads = ("Week", "Phase", "Sessions")
    return _Grid(
        [14 * MM, 62 * MM, width - 76 * MM],
        rows,
        header=[[(h, _LABEL)] for h in heads],
        pad=2.0,
    )


def _week(week: Week) -> list[_Group]:
    dates = [s.date for s in week.sessions if s.date is not None]
    n = len(week.sessions)
    sub = f"{n} session" if n == 1 else f"{n} sessions"
    if dates:
        sub = f"{min(dates).isoformat()} – {max(dates).isoformat()} · {sub}"
    heading: list[_Block] = [
        _Text([(week_title(week), _WEEK)]),
        _Text([(sub, _WEEK_SUB)], after=5),
    ]
    note = deload_note(week)
    if note:
        heading.append(_Text([(note, _WEEK_SUB)], after=5))
    phase = f"Week {week.index} · {PHASE_NAMES[week.phase]}"
    if week.deload:
        phase += " · deload"
    cards: list[_Group] = [
        [
            _Card(
                session_title(session),
                phase,
                [_row(n, p) for n, p in enumerate(session.exercises, start=1)],
                warmup=warmup_text(session),
            ),
            _Gap(CARD_GAP),
        ]
        for session in week.sessions
    ]
    # The heading travels with the first card, never stranded at the foot of a page.
    if cards:
        cards[0] = heading + cards[0]
    else:
        cards = [heading]
    return cards


def _session_short(session: Session) -> str:
    """'A Mon 12-07' for the overview table."""
    if session.date is not None:
        return f"{session.label} {session.date:%a %m-%d}"
    if session.weekday is not None:
        return f"{session.label} {session.weekday.value.capitalize()}"
    return session.label
