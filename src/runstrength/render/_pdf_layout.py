# ReportLab ships no type hints; the calls into it are few and checked by the tests.
# mypy: disable-error-code="import-untyped"
"""PDF layout basics: page and card geometry, colours, text styles, the word wrap and
the pen that writes wrapped lines. Private to render.pdf; imports no ReportLab at load time
(the functions that need it import it when called)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from runstrength.enums import Paper

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
