# ReportLab ships no type hints; the calls into it are few and checked by the tests.
# mypy: disable-error-code="import-untyped"
"""The PDF session card: one exercise row per prescription, set boxes to log each set,
RIR and pain columns, a notes line; the exercise names link to their videos. Private to
render.pdf."""

from __future__ import annotations

from dataclasses import KW_ONLY, dataclass
from functools import cache
from typing import Any

from runstrength.render._pdf_blocks import _Block
from runstrength.render._pdf_layout import (
    _BODY,
    _CUE,
    _DOSE,
    _MARK,
    _NAME,
    _NUMBER,
    _SAFETY,
    _SMALL,
    _TINY,
    _TITLE,
    _TITLE_R,
    _WARMUP,
    BOX_GAP,
    BOX_H,
    BOX_MAX_W,
    BOX_MIN_W,
    EX_SHARE,
    FAINT,
    FILL,
    HEADS_H,
    INK,
    LINE,
    LINK,
    NOTES_H,
    NUM_W,
    PAD,
    PAIN_W,
    RIR_W,
    ROW_PAD,
    Measure,
    _color,
    _Line,
    _wrap,
)
from runstrength.render._pdf_rows import _Row, _RowLayout
from runstrength.render._pdf_text import _Pen, _pen
from runstrength.render.common import safe_url

# A set box to draw: x, y, its set number, the mark printed in it, and its sides: ('L',
# 'R') for a /side set, split in a part for each; ('',) for one.
_SetBox = tuple[float, float, str, str, tuple[str, ...]]
# A link's underline: x0, y, x1.
_Underline = tuple[float, float, float]
# The set boxes' column head, longest first: the first that fits is printed.
_DONE_HEADS = ("Done, each set: reps × load", "Done: reps × load", "Reps × load")


@dataclass(eq=False)
class _Card(_Block):
    """A session card; splits between exercise rows when it is taller than a page."""

    title: str
    subtitle: str
    rows: list[_Row]
    _: KW_ONLY
    notes: bool = True
    continued: bool = False
    warmup: str | None = None  # opens the card, in its header band; not repeated when continued

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
        self.layouts = [self._lay_row(r, text_w, measure) for r in self.rows]
        self.height = self._height(len(self.rows), self.notes)

    def _lay_row(self, r: _Row, text_w: float, measure: Measure) -> _RowLayout:
        """One exercise row: its lines, and its notes beside the set boxes or under them."""
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
        return _RowLayout(r, name_lines, lines, height, below, below_top)

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
        """The card in steps, in the order the canvas receives them (the bytes depend on it)."""
        top = self.height - self.header_h
        rows_top = top - HEADS_H
        c.setFillColor(_color(FILL))
        c.rect(0, top, self.width, self.header_h, stroke=0, fill=1)
        text = _pen(c)
        self._draw_title(text, measure)
        self._draw_heads(text, measure, top)
        rows_bottom, boxes, underlines = self._draw_rows(c, text, measure, rows_top)
        self._draw_boxes(c, text, measure, boxes)
        self._draw_rules(c, top, rows_top, rows_bottom)
        if self.notes:
            self._draw_notes(c, text, measure, rows_bottom)
        text.draw()
        c.setStrokeColor(_color(LINK))
        c.setLineWidth(0.5)
        for x0, y0, x1 in underlines:
            c.line(x0, y0, x1, y0)
        c.setStrokeColor(_color(INK))
        c.setLineWidth(0.9)
        c.rect(0, 0, self.width, self.height, stroke=1, fill=0)

    def _columns(self) -> tuple[float, float, float]:
        """Where the set boxes, the RIR and the pain columns start."""
        x_done = NUM_W + self.ex_w
        x_rir = x_done + self.done_w
        return x_done, x_rir, x_rir + RIR_W

    def _draw_title(self, text: _Pen, measure: Measure) -> None:
        """The header band's text: title, subtitle (beside it or under it), warm-up."""
        y = self.height - PAD
        for line in self.title_lines:
            y -= line.leading
            text.line(line, PAD, y + 3)
        if self.sub_inline:
            sub_w = measure(self.subtitle, _TITLE_R.font, _TITLE_R.size)
            text.put(self.subtitle, _TITLE_R, self.width - PAD - sub_w, y + 3)
        for line in self.sub_lines + self.warmup_lines:
            y -= line.leading
            text.line(line, PAD, y + 3)

    def _draw_heads(self, text: _Pen, measure: Measure, top: float) -> None:
        x_done, x_rir, x_pain = self._columns()
        head_y = top - 8.5
        small = _SMALL
        text.put("#", small, PAD, head_y)
        text.put("Exercise · dose · load · rest", small, NUM_W + PAD, head_y)
        # the longest head the set boxes' column holds: a deload's one set a row made it
        # too narrow, and "reps × load" ran into the RIR head (the new-user QA run)
        room = x_rir - x_done - 2 * PAD
        done = next((h for h in _DONE_HEADS if measure(h, small.font, small.size) <= room), "Done")
        text.put(done, small, x_done + PAD, head_y)
        text.put("RIR", small, x_rir + PAD, head_y)
        text.put("Pain", small, x_pain + PAD, head_y)
        text.put("0–10", small, x_pain + PAD, head_y - small.leading)

    def _draw_rows(
        self, c: Any, text: _Pen, measure: Measure, rows_top: float
    ) -> tuple[float, list[_SetBox], list[_Underline]]:
        """The exercise rows' text and links; returns where the rows end, the set boxes to
        draw and the name underlines (drawn after the text)."""
        _, x_rir, _ = self._columns()
        c.setLineWidth(0.4)
        c.setStrokeColor(_color(FAINT))
        y = rows_top
        boxes: list[_SetBox] = []
        underlines: list[_Underline] = []
        for i, lay in enumerate(self.layouts):
            row_top = y
            y -= lay.height
            if i:
                c.line(0, row_top, x_rir, row_top)
            self._draw_row(c, text, measure, lay, row_top, underlines)
            boxes += self._set_boxes(lay.row, row_top)
        return y, boxes, underlines

    def _draw_row(
        self,
        c: Any,
        text: _Pen,
        measure: Measure,
        lay: _RowLayout,
        row_top: float,
        underlines: list[_Underline],
    ) -> None:
        """One row: its number, the name (a link), dose and notes, the RIR aim."""
        _, x_rir, _ = self._columns()
        x_text = NUM_W + PAD
        num = str(lay.row.number)
        num_w = measure(num, _NUMBER.font, _NUMBER.size)
        text.put(num, _NUMBER, (NUM_W - num_w) / 2, row_top - 12)
        line_y = row_top - ROW_PAD
        for n, line in enumerate(lay.lines):
            line_y -= line.leading
            base = line_y + 2.5
            text.line(line, x_text, base)
            if n < len(lay.name_lines):
                underlines.append((x_text, base - 1.2, x_text + line.width))
                _link(c, lay.row.video, (x_text, base - 2, x_text + line.width, base + 8.5))
        line_y = row_top - ROW_PAD - lay.below_top
        for line in lay.below:
            line_y -= line.leading
            text.line(line, x_text, line_y + 2.5)
        if lay.row.rir:
            rir_w = measure(lay.row.rir, _SMALL.font, _SMALL.size)
            text.put(lay.row.rir, _SMALL, x_rir + (RIR_W - rir_w) / 2, row_top - 9.5)

    def _set_boxes(self, row: _Row, row_top: float) -> list[_SetBox]:
        x_done, _, _ = self._columns()
        boxes = []
        for s in range(row.sets):
            r, col = divmod(s, self.per_row)
            bx = x_done + PAD + col * (self.box_w + BOX_GAP)
            by = row_top - ROW_PAD - (r + 1) * BOX_H - r * BOX_GAP
            boxes.append((bx, by, str(s + 1), row.mark, row.sides))
        return boxes

    def _draw_boxes(self, c: Any, text: _Pen, measure: Measure, boxes: list[_SetBox]) -> None:
        """The set boxes, each with its number and a light mark for what to write where:
        '×' between reps and load, or the unit ('s', 'm') after the number to write."""
        c.setStrokeColor(_color(LINE))
        c.setLineWidth(0.6)
        for bx, by, label, _, sides in boxes:
            c.rect(bx, by, self.box_w, BOX_H, stroke=1, fill=0)
            w = self.box_w / len(sides)
            for k, side in enumerate(sides):  # a /side set: one part for each side
                if k:
                    c.line(bx + k * w, by, bx + k * w, by + BOX_H)
                text.put(
                    f"{label} {side}" if side else label, _TINY, bx + k * w + 2, by + BOX_H - 6.8
                )
        for bx, by, _, mark, sides in boxes:
            if not mark:
                continue
            mark_w = measure(mark, _MARK.font, _MARK.size)
            w = self.box_w / len(sides)
            for k in range(len(sides)):
                x0 = bx + k * w
                if mark == "×":
                    x = x0 + (w - mark_w) / 2
                elif mark.endswith("×"):  # 's ×': seconds before the unit, load after the '×'
                    x = x0 + w * 0.55 - mark_w / 2
                else:  # a unit alone sits at the right, after the space for the number
                    x = x0 + w - 5 - mark_w
                text.put(mark, _MARK, x, by + BOX_H / 2 - 3.2)

    def _draw_rules(self, c: Any, top: float, rows_top: float, rows_bottom: float) -> None:
        """The RIR and pain columns are the boxes to write in."""
        _, x_rir, x_pain = self._columns()
        w = self.width
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

    def _draw_notes(self, c: Any, text: _Pen, measure: Measure, rows_bottom: float) -> None:
        """The 'Notes' and 'Done on' lines at the foot of the card."""
        w, small = self.width, _SMALL
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


@cache
def _link_class() -> type[Any]:
    """A web-link annotation that formats itself in one go.

    canvas.linkURL builds three nested PDF dictionaries per link and ReportLab formats
    them key by key when saving: with a link on every exercise name that was a quarter
    of a plan's render time. The same entries, written once per link, are cheaper.
    """
    from reportlab.lib.rl_accel import fp_str
    from reportlab.pdfbase.pdfdoc import NoEncryption, PDFObject, PDFString

    # url -> the link's bytes up to its rectangle. A plan links each exercise once a week,
    # and an unencrypted document writes a URL's string the same every time (an encrypted
    # one, which the renderer never makes, encrypts it with each object's own key).
    heads: dict[str, bytes] = {}

    class Link(PDFObject):  # type: ignore[misc,unused-ignore]
        def __init__(self, url: str, rect: tuple[float, float, float, float]) -> None:
            self.url = url
            self.rect = rect

        def format(self, document: Any) -> bytes:
            plain = isinstance(document.encrypt, NoEncryption)
            head = heads.get(self.url) if plain else None
            if head is None:
                uri: bytes = PDFString(self.url).format(document)
                head = b"<< /A << /S /URI /Type /Action /URI " + uri + b" >> /Border [ 0 0 0 ] "
                if plain:
                    heads[self.url] = head
            rect: bytes = fp_str(*self.rect).encode("ascii")
            return head + b"/Rect [ " + rect + b" ] /Subtype /Link /Type /Annot >>"

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
