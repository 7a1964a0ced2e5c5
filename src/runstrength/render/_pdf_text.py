# ReportLab ships no type hints; the calls into it are few and checked by the tests.
# mypy: disable-error-code="import-untyped"
"""The pen that writes a block's text: the same PDF operators ReportLab's text object
writes, made here at a fraction of the cost. Private to render.pdf.

A PDF has ~1,800 text draws. Through ReportLab's `PDFTextObject.textOut` each one split
its text into font subsets, escaped it and formatted the numbers again: 40 % of a PDF's
time. `_Pen` writes the same operators itself, with each (font, text) encoded once per
document. It uses ReportLab's own pieces for everything that decides bytes: the font's
`splitString` and `getSubsetInternalName` (the public TrueType API, which assigns the
subset codes as a side effect, in the same order as before) and `escapePDF`/`fp_str`.
What it copies from ReportLab is only how `PDFTextObject` joins them (see `_own_ops`).

In case a ReportLab upgrade changes that, `_pen` checks once per process that `_Pen` and
ReportLab's text object write the same for a probe of tricky text, and falls back to
`_ReportLabPen` (the text object itself) when they do not; tests/test_pdf_text.py fails
loudly then.
"""

from __future__ import annotations

from functools import cache
from typing import Any
from weakref import WeakKeyDictionary

from runstrength.render._pdf_layout import FONT, FONT_BOLD, _color, _Line, _Style

# One text's operators in a document: (font subset, "(escaped bytes) Tj") per chunk.
_Chunks = tuple[tuple[int, str], ...]


class _Ink:
    """One document's text encodings: ReportLab's TrueType subsets belong to a document
    (a character gets its code there the first time it is shown), so the memo does too."""

    def __init__(self, c: Any) -> None:
        from reportlab.lib.rl_accel import escapePDF
        from reportlab.pdfbase.pdfmetrics import getFont

        # Canvas._doc is private, but the TrueType font API takes the document: it is
        # what PDFTextObject passes to the same two calls.
        self.doc = c._doc
        self.escape = escapePDF
        self.fonts = {name: getFont(name) for name in (FONT, FONT_BOLD)}
        self.shown: dict[tuple[str, str], _Chunks] = {}
        self.names: dict[tuple[str, int], str] = {}

    def chunks(self, font: str, text: str) -> _Chunks:
        key = (font, text)
        found = self.shown.get(key)
        if found is None:
            # A text shown before has every character assigned already, so skipping its
            # splitString skips no side effect: the codes come out in the same order.
            split = self.fonts[font].splitString(text, self.doc)
            found = self.shown[key] = tuple((s, f"({self.escape(t)}) Tj") for s, t in split)
        return found

    def name(self, font: str, subset: int) -> str:
        """The subset's PDF font name; the font's first call registers it with the
        document, as when PDFTextObject first switches to it."""
        key = (font, subset)
        found = self.names.get(key)
        if found is None:
            found = self.names[key] = self.fonts[font].getSubsetInternalName(subset, self.doc)
        return found


_INKS: WeakKeyDictionary[Any, _Ink] = WeakKeyDictionary()  # canvas -> its document's ink


@cache
def _fill(color: str) -> str:
    """PDFTextObject.setFillColor's operator for an opaque colour."""
    from reportlab.lib.rl_accel import fp_str

    c = _color(color)
    if c.alpha != 1:
        raise ValueError(f"{color}: the pen writes opaque colours only")
    return f"{fp_str((c.red, c.green, c.blue))} rg"


@cache
def _font_size(size: float) -> str:
    """The operand of a subset switch: the size and ReportLab's default leading (setFont
    without a leading makes it 1.2 × the size)."""
    from reportlab.lib.rl_accel import fp_str

    return f"{fp_str(size)} Tf {fp_str(size * 1.2)} TL"


class _Pen:
    """Writes text at given points; switches font and colour only when the style changes.
    `draw` puts the text on the canvas, as one BT … ET object."""

    def __init__(self, c: Any) -> None:
        from reportlab.lib.rl_accel import fp_str

        self.c = c
        ink = _INKS.get(c)
        if ink is None:
            ink = _INKS[c] = _Ink(c)
        self.ink = ink
        self.shown = ink.shown  # the lookup `ink.chunks` makes, inlined in `put`
        self.fp_str = fp_str
        self.code = ["BT", "1 0 0 1 0 0 Tm"]  # PDFTextObject starts at the origin
        self.style: _Style | None = None
        self.subset = -1  # no subset selected: the next text selects one
        self.size = ""

    def put(self, word: str, style: _Style, x: float, y: float) -> None:
        code = self.code
        if style is not self.style and style != self.style:  # `is`: skip the slow __eq__
            if self.style is None:
                # PDFTextObject.setFillColor also sets the colour's alpha, which writes
                # nothing for an opaque one but marks the document as PDF 1.4
                self.c.setFillAlpha(1)
            # setFont on a TrueType font writes nothing: the subset switch carries the size
            self.subset = -1
            self.size = _font_size(style.size)
            code.append(_fill(style.color))
            self.style = style
        code.append(f"1 0 0 1 {self.fp_str(x, y)} Tm")
        chunks = self.shown.get((style.font, word)) or self.ink.chunks(style.font, word)
        if len(chunks) == 1 and chunks[0][0] == self.subset:
            code.append(chunks[0][1])  # the common case: a text in the current subset
            return
        parts = []
        for subset, shown in chunks:
            if subset != self.subset:
                parts.append(f"{self.ink.name(style.font, subset)} {self.size}")
                self.subset = subset
            parts.append(shown)
        code.append(" ".join(parts))

    def line(self, line: _Line, x: float, y: float) -> None:
        """A wrapped line, one string per run of words in one style (see `_Line.runs`)."""
        for dx, run, style in line.runs:
            self.put(run, style, x + dx, y)

    def operators(self) -> str:
        """The text object's operators, as PDFTextObject.getCode gives them."""
        return " ".join(self.code) + " ET"

    def draw(self) -> None:
        """Put the text on the canvas (canvas.drawText appends getCode the same way)."""
        self.c.addLiteral(self.operators())


class _ReportLabPen(_Pen):
    """The same pen on ReportLab's own text object: the fallback (see the module doc)."""

    def __init__(self, c: Any) -> None:
        self.c = c
        self.text = c.beginText()
        self.style = None
        self.code_once: str | None = None

    def put(self, word: str, style: _Style, x: float, y: float) -> None:
        if style != self.style:
            self.text.setFont(style.font, style.size)
            self.text.setFillColor(_color(style.color))
            self.style = style
        self.text.setTextOrigin(x, y)
        self.text.textOut(word)

    def operators(self) -> str:
        if self.code_once is None:  # getCode closes the object: call it once
            self.code_once = str(self.text.getCode())
        return self.code_once


def _pen(c: Any) -> _Pen:
    """A pen for canvas `c`: `_Pen` if it writes what ReportLab would, else ReportLab's."""
    return _Pen(c) if _own_ops() else _ReportLabPen(c)


# A probe for `_own_ops`: both fonts and several colours, a style repeated, an empty text,
# no-break spaces, escapes, a character the font lacks, and more than 256 distinct
# characters, so the text runs on into a second subset and switches back and forth.
_PROBE_STYLES = (
    _Style(FONT, 8.5, 10.6),
    _Style(FONT_BOLD, 8.5, 10.6, "#1f4e79"),
    _Style(FONT, 7, 8.4, "#5b6570"),
    _Style(FONT, 8.5, 10.6),
)
_PROBE_TEXTS = (
    "3\u00a0×\u00a08–12 ≤ 2 s (each) \\ back\\slash",
    "",
    "Überlange Einbein-Kniebeuge · é ß Ł",
    "".join(chr(c) for c in range(0x100, 0x250)),
    "a) (b \x00 \ufffd \U0001f600 ( ) \\( \\)",
    "".join(chr(c) for c in range(0x391, 0x3CA)) + "x",
    "back to the first subset ×",
)


def _probe(pen_class: type[_Pen]) -> str:
    """The operators `pen_class` writes for the probe. (The tests compare whole documents
    too; saving one here would cost more than the probe saves on a one-plan run.)"""
    import io

    from reportlab.pdfgen.canvas import Canvas

    c = Canvas(io.BytesIO(), invariant=1, initialFontName=FONT)
    pen = pen_class(c)
    for n, text in enumerate(_PROBE_TEXTS * 2):
        style = _PROBE_STYLES[n % len(_PROBE_STYLES)]
        pen.put(text, style, 10.5 + n, 800 - n * 10.25)
    return pen.operators()


@cache
def _own_ops() -> bool:
    """Whether `_Pen` writes ReportLab's bytes (checked once per process)."""
    try:
        return _probe(_Pen) == _probe(_ReportLabPen)
    except Exception:  # any surprise from a changed ReportLab: use ReportLab's way
        return False
