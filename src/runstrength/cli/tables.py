"""Tables that fit the terminal: words wrap between words, never inside one.

`fitted_table()` gives a rich Table whose columns fit `width` with every cell wrapped
here at word boundaries, or None when even the narrowest fit would cut a word; then
`stacked()` prints each row as a block (first cell as a heading, the rest beneath,
joined by ` · `), the way `plan` falls back to a list at 60 columns. `print_rows()` does
both for a command with rows to show (catalog list, next, history, runs list); `blocks()`
prints titled blocks of lines (log list).
"""

from __future__ import annotations

import functools
from collections.abc import Collection, Sequence
from typing import TYPE_CHECKING

from rich.cells import cell_len

if TYPE_CHECKING:
    from rich.console import Console, Group
    from rich.table import Table

GAP = 2  # one space of padding plus the invisible column divider of box.SIMPLE_HEAD
_UNITS = frozenset({"×", "kg", "lb", "s", "m", "min", "%", "e1RM", "sets"})
_UNIT_PREFIXES = ("contacts", "s/side", "m/side")


@functools.lru_cache(maxsize=8192)
def tokens(text: str, glue: bool = False) -> tuple[str, ...]:
    """Words to wrap between; with glue, a number stays with its unit, '×', '@' or 'RIR',
    and a '·' separator stays at the end of its line."""
    words = text.split()
    if not glue or not words:
        return tuple(words)
    out = [words[0]]
    for word in words[1:]:
        prev = out[-1].split(" ")[-1]
        joined = (
            word[0].isdigit()
            or word.rstrip(",.;:)") in _UNITS
            or word.startswith(_UNIT_PREFIXES)
            or word == "·"
            or prev in {"×", "@"}
        )
        if joined:
            out[-1] += " " + word
        else:
            out.append(word)
    return tuple(out)


@functools.lru_cache(maxsize=8192)
def wrap(text: str, width: int, glue: bool = False) -> tuple[str, ...]:
    """`text` word-wrapped greedily to `width` cells; only a word wider than that is cut."""
    lines: list[str] = []
    current = ""
    for token in tokens(text, glue):
        if current and cell_len(current) + 1 + cell_len(token) <= width:
            current += " " + token
            continue
        if current:
            lines.append(current)
        while cell_len(token) > width:
            lines.append(token[:width])
            token = token[width:]
        current = token
    if current or not lines:
        lines.append(current)
    return tuple(lines)


def longest_word(texts: Sequence[str], glue: bool = False) -> int:
    """The widest word of `texts` (0 when there is none)."""
    return max((cell_len(t) for text in texts for t in tokens(text, glue)), default=0)


def fit_widths(
    headers: Sequence[str],
    rows: Sequence[Sequence[str]],
    width: int,
    *,
    whole: Collection[int] = (),
) -> list[int] | None:
    """Column widths that fit `width` without cutting a word, or None.

    Columns in `whole` never wrap. The widest wrappable column gives up a cell at a
    time until the table fits or every column is down to its longest word.
    """
    columns = [[h, *(row[i] for row in rows)] for i, h in enumerate(headers)]
    natural = [max(cell_len(t) for t in col) for col in columns]
    low = [natural[i] if i in whole else longest_word(col) for i, col in enumerate(columns)]
    budget = width - GAP * (len(headers) - 1)
    if sum(low) > budget:
        return None
    widths = list(natural)
    while sum(widths) > budget:
        i = max((i for i in range(len(widths)) if widths[i] > low[i]), key=lambda i: widths[i])
        widths[i] -= 1
    return widths


def fitted_table(
    headers: Sequence[str],
    rows: Sequence[Sequence[str]],
    width: int,
    *,
    whole: Collection[int] = (),
    headings: Collection[int] = (),
) -> Table | None:
    """A rich Table of `rows` that fits `width` cells, or None when it can't without
    cutting words. Rows whose index is in `headings` hold one bold cell (a group title)."""
    from rich import box
    from rich.table import Table
    from rich.text import Text

    padded = [[*row, *[""] * (len(headers) - len(row))] for row in rows]
    widths = fit_widths(headers, padded, width, whole=whole)
    if widths is None:
        return None
    table = Table(
        box=box.SIMPLE_HEAD,
        show_edge=False,
        pad_edge=False,
        padding=(0, 1, 0, 0),
        header_style="bold",
    )
    for w in widths:
        table.add_column(width=w, overflow="fold")
    for col, header in zip(table.columns, headers, strict=True):
        col.header = header
    for n, row in enumerate(padded):
        cells = [Text("\n".join(wrap(c, w))) for c, w in zip(row, widths, strict=True)]
        if n in headings:
            cells[0].stylize("bold")
        table.add_row(*cells)
    return table


def stacked(
    rows: Sequence[Sequence[str]],
    width: int,
    *,
    headings: Collection[int] = (),
    indent: int = 2,
) -> Group:
    """Each row as a block: its first cell in bold, the others beneath, joined by ` · `
    and wrapped at word boundaries; rows in `headings` print as rules with a title."""
    from rich.console import Group, RenderableType
    from rich.rule import Rule
    from rich.text import Text

    parts: list[RenderableType] = []
    pad = " " * indent
    for n, row in enumerate(rows):
        if n in headings:
            if parts:
                parts.append(Text(""))
            parts.append(Rule(Text(row[0], style="bold"), align="left"))
            continue
        block = Text()  # only the heading bold: a Text's own style would cover the rest too
        block.append("\n".join(wrap(row[0], width)), style="bold")
        rest = " · ".join(c for c in row[1:] if c)
        if rest:
            lines = wrap(rest, max(width - indent, 8), glue=True)
            block.append("\n" + "\n".join(pad + line for line in lines))
        parts.append(block)
    return Group(*parts)


def table_console() -> Console:
    """A stdout Console as wide as a table may be laid out: the terminal's width, or one
    line per row in a pipe (see console.layout_width)."""
    from runstrength.cli.console import layout_width, make_console

    console = make_console()
    width = layout_width(console)
    return console if width == console.width else make_console(width=width)


def print_rows(
    console: Console,
    headers: Sequence[str],
    rows: Sequence[Sequence[str]],
    *,
    whole: Collection[int] = (),
    headings: Collection[int] = (),
    narrow: Sequence[Sequence[str]] | None = None,
) -> None:
    """`rows` as a fitted table, or when none fits, as stacked blocks: `narrow` when given
    (rows worded to be read without column headers), else `rows` without the empty ones."""
    table = fitted_table(headers, rows, console.width, whole=whole, headings=headings)
    if table is not None:
        console.print(table)
        return
    if narrow is None:
        narrow = [row for row in rows if any(row)]
        headings = {n for n, row in enumerate(narrow) if len(row) == 1}
    console.print(stacked(narrow, console.width, headings=headings))


def blocks(console: Console, items: Sequence[tuple[str, Sequence[str]]], indent: int = 2) -> None:
    """Each item as its title (bold) and its lines beneath, indented; a line wider than the
    console wraps between words, its continuation indented two more."""
    from rich.text import Text

    width = console.width
    pad = " " * indent
    for title, lines in items:
        block = Text()
        block.append("\n".join(wrap(title, width)), style="bold")
        for line in lines:
            first, *rest = wrap(line, max(width - indent - 2, 8), glue=True)
            block.append(f"\n{pad}{first}")
            block.append("".join(f"\n{pad}  {more}" for more in rest))
        console.print(block, soft_wrap=True)  # wrapped here already
