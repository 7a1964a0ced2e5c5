"""PDF page blocks (gap, paragraph, tinted box, table) and `_paginate`, which places them
on pages so every page is known before the first one is drawn. Private to render.pdf."""

from __future__ import annotations

from dataclasses import KW_ONLY, dataclass, field
from typing import Any

from runstrength.errors import RenderError
from runstrength.render._pdf_layout import (
    _BODY,
    FAINT,
    LINE,
    Measure,
    _baseline,
    _color,
    _Line,
    _Runs,
    _wrap,
)
from runstrength.render._pdf_text import _Pen, _pen

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


@dataclass(eq=False)
class _Text(_Block):
    """A wrapped paragraph of styled runs, optionally with a bullet."""

    runs: _Runs
    _: KW_ONLY
    before: float = 0.0
    after: float = 0.0
    bullet: bool = False
    lines: list[_Line] = field(default_factory=list, init=False)

    @property
    def indent(self) -> float:
        return 10.0 if self.bullet else 0.0

    def layout(self, width: float, measure: Measure) -> None:
        self.lines = _wrap(self.runs, width - self.indent, measure)
        self.height = self.before + sum(line.leading for line in self.lines) + self.after

    def draw(self, c: Any, measure: Measure) -> None:
        pen = _pen(c)
        self.draw_text(pen, self.height)
        pen.draw()

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
        pen = _pen(c)
        top = self.height - self.PAD_TOP
        for part in self.parts:
            part.draw_text(pen, top, self.PAD_X)
            top -= part.height
        pen.draw()


@dataclass
class _GridRow:
    cells: list[list[_Line]]
    height: float


@dataclass(eq=False)
class _Grid(_Block):
    """A table of wrapped text: a rule under each row, an optional header row that is
    repeated when the table continues on the next page."""

    PAD_TOP, PAD_BOTTOM, PAD_LEFT, PAD_RIGHT = 2.5, 2.5, 2.0, 6.0  # not fields: no annotation

    widths: list[float]
    rows: list[list[_Runs]]
    _: KW_ONLY
    header: list[_Runs] | None = None
    pad: float = 2.5
    continued: bool = False
    laid: list[_GridRow] = field(default_factory=list, init=False)
    head: _GridRow | None = field(default=None, init=False)

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
        pen = _pen(c)
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
        pen.draw()
        for y, width, colour in rules:
            c.setStrokeColor(_color(colour))
            c.setLineWidth(width)
            c.line(0, y, self.width, y)


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
