# ReportLab ships no type hints; the calls into it are few and checked by the tests.
# mypy: disable-error-code="import-untyped"
"""PDF layout basics: page and card geometry, colours, text styles and the word wrap.
Private to render.pdf; imports no ReportLab at load time (the functions that need it
import it when called)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import cache, lru_cache
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


@dataclass(frozen=True, slots=True)
class _Line:
    """One wrapped line. Immutable: `_wrap` hands the same lines to every caller that
    wraps the same text at the same width."""

    words: tuple[_Word, ...]
    width: float
    leading: float
    size: float
    # What the pen writes: words of one style in a row joined into one string (start x,
    # text, style); a run followed by another style ends with a space, so text extraction
    # keeps the words apart. Made here, once per wrapped line, not on every draw.
    runs: tuple[_Word, ...]


def _line(words: list[_Word], width: float) -> _Line:
    runs: list[_Word] = []
    for dx, word, style in words:
        if runs and runs[-1][2] == style:
            start, text, _ = runs[-1]
            runs[-1] = (start, f"{text} {word}", style)
            continue
        if runs:
            start, text, previous = runs[-1]
            runs[-1] = (start, text + " ", previous)
        runs.append((dx, word, style))
    return _Line(
        tuple(words),
        width,
        max((w[2].leading for w in words), default=0.0),
        max((w[2].size for w in words), default=0.0),
        tuple(runs),
    )


def _wrap(runs: _Runs, width: float, measure: Measure) -> list[_Line]:
    """Greedy word wrap of styled runs; a word longer than the line is cut by characters.

    Words are split on plain spaces only, so a no-break space keeps '3 × 8–12' together.
    Memoised: a plan wraps the same cue, note or name at the same width on every card it
    is on, and a roster's plans share most of them. `measure` must be a pure function.
    """
    return list(_wrap_memo(tuple(runs), width, measure))


@lru_cache(maxsize=8192)  # a few MB at most; a 12-week plan has ~400 distinct wraps
def _wrap_memo(
    runs: tuple[tuple[str, _Style], ...], width: float, measure: Measure
) -> tuple[_Line, ...]:
    return tuple(_wrap_now(runs, width, measure))


def _wrap_now(runs: _Runs, width: float, measure: Measure) -> list[_Line]:
    """`_wrap` without the memo."""
    lines: list[_Line] = []
    words: list[_Word] = []
    line_w = 0.0
    for text, style in runs:
        for word in text.split(" "):
            if not word:
                continue
            w = measure(word, style.font, style.size)
            if words:
                space = measure(" ", style.font, style.size)
                if line_w + space + w <= width:
                    words.append((line_w + space, word, style))
                    line_w += space + w
                    continue
                lines.append(_line(words, line_w))
            while w > width and len(word) > 1:
                cut = len(word) - 1
                while cut > 1 and measure(word[:cut], style.font, style.size) > width:
                    cut -= 1
                piece = word[:cut]
                lines.append(_line([(0.0, piece, style)], measure(piece, style.font, style.size)))
                word = word[cut:]
                w = measure(word, style.font, style.size)
            words, line_w = [(0.0, word, style)], w
    if words:
        lines.append(_line(words, line_w))
    return lines


def _baseline(line: _Line, line_top: float) -> float:
    """Where a line's text sits: its glyphs centred in the leading, descenders inside."""
    return line_top - line.leading + (line.leading - line.size) / 2 + 0.24 * line.size
