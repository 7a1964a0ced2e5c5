"""The plan as rich tables for an 80-120 column terminal (`--format table`).

It lives in the CLI because a table is only ever for a terminal: the file formats are in
`runstrength.render`, and nothing below the CLI imports rich.
"""

from __future__ import annotations

import functools
import io
import itertools
import re
from collections import Counter
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING

from rich import box
from rich.cells import cell_len
from rich.console import Group, RenderableType
from rich.rule import Rule
from rich.table import Table
from rich.text import Text

from runstrength.cli.console import make_console
from runstrength.cli.tables import tokens as _tokens
from runstrength.cli.tables import wrap as _wrap
from runstrength.models import Plan, Session
from runstrength.render import common

if TYPE_CHECKING:
    from runstrength.render import RenderOptions

_ANSI = re.compile(r"\x1b\[[0-9;]*m")
# Spaces mixed into the closing colour codes of a line are padding nobody can see.
_TRAILING = re.compile(r"(?:[ \t]|\x1b\[[0-9;]*m)+$")


def _rstrip(line: str) -> str:
    """The line without trailing spaces, keeping any colour codes among them."""
    match = _TRAILING.search(line)
    if match is None:
        return line
    return line[: match.start()] + "".join(_ANSI.findall(match.group()))


def _title(plan: Plan, athlete: str | None = None) -> str:
    """The plan's title, with `1 week` rather than `1 weeks`."""
    title = common.plan_title(plan, athlete)
    return title.replace(" 1 weeks,", " 1 week,") if plan.inputs.weeks == 1 else title


def _header(plan: Plan) -> Table:
    grid = Table.grid(padding=(0, 2))
    grid.add_column(style="bold", no_wrap=True)
    grid.add_column(overflow="fold")
    for label, value in common.inputs_summary(plan):
        grid.add_row(Text(label), Text(value))
    return grid


def _legend(plan: Plan) -> Table | None:
    rows = common.legend(plan)
    if not rows:
        return None
    grid = Table.grid(padding=(0, 2))
    grid.add_column(style="dim bold", no_wrap=True)
    grid.add_column(style="dim", overflow="fold")
    for term, meaning in rows:
        grid.add_row(Text(term), Text(meaning))
    return grid


# Column order and the narrowest each may wrap to.
_HEADERS = ("#", "Exercise", "Dose", "Load / RIR", "Rest", "Tempo", common.CUE_HEADER)
# the last column is headed `Cue`, or `Done` in a logged session's table: room for either
_FIT_HEADERS = (*_HEADERS[:-1], max(common.CUE_HEADER, common.DONE_HEADER, key=len))
_MIN_WIDTHS = (1, 12, 10, 10, 4, 5, 16)
_NAME, _CUE = 1, 6
_GLUED = (2, 3, 6)  # Dose, Load, Cue: never break '8–12' from '×' or 'RIR' from its number
_STACKED_MIN = 28  # narrower than this, a name with its cue beneath reads badly
_CUE_MARK = "› "  # starts a cue under the name, so it is not read as more of the name
_GAP = 2  # one space of padding plus the invisible column divider

Row = tuple[str, ...]


def _rows(session: Session, *, headed: bool = True) -> list[Row]:
    """The session's rows; `headed`: for a table whose last column has a header (a logged
    session's then says what was done under `Done`, `common.last_cell`), not for a cue
    set under the name, where 'Done: …' says it."""
    logged = headed and common.is_logged(session)
    return [
        (
            str(n),
            p.name,
            common.dose_text(p),
            common.load_text(p),
            common.rest_text(p.rest_seconds),
            common.tempo_text(p),
            common.last_cell(p, logged),
        )
        for n, p in enumerate(session.exercises, start=1)
    ]


def _cell(row: Row, i: int, width: int) -> tuple[str, ...]:
    return _wrap(row[i], width, i in _GLUED)


def _widest(texts: Iterable[str], width: int, glue: bool) -> int:
    return max(cell_len(line) for t in texts for line in _wrap(t, width, glue))


def _longest_token(texts: Iterable[str], glue: bool) -> int:
    return max(cell_len(tok) for t in texts for tok in _tokens(t, glue))


def _fit(rows: Counter[Row], total: int, *, cue_under_name: bool) -> list[int] | None:
    """Column widths that fit `total` cells and keep the plan's tables as short as possible.

    The flexible column (the Cue, or the Exercise with its cue beneath) takes what the
    others leave; the others are tried at each width they really wrap to. None when even
    the narrowest choice leaves the flexible column too little room.
    """
    columns = [[row[i] for row in rows] for i in range(len(_HEADERS))]
    natural = [
        max(cell_len(h), *(cell_len(t) for t in col))
        for h, col in zip(_FIT_HEADERS, columns, strict=True)
    ]
    wrappable: tuple[int, ...]
    if cue_under_name:
        flex, wrappable, n_columns = _NAME, (2, 3), len(_HEADERS) - 1
        flex_natural = max(natural[_NAME], natural[_CUE] + len(_CUE_MARK))
        flex_min = max(_STACKED_MIN, _longest_token(columns[_NAME], False))
    else:
        flex, wrappable, n_columns = _CUE, (1, 2, 3), len(_HEADERS)
        flex_natural = natural[_CUE]
        flex_min = min(natural[_CUE], _MIN_WIDTHS[_CUE])
    budget = total - _GAP * (n_columns - 1)
    fixed = sum(natural[i] for i in (0, 4, 5))  # #, Rest and Tempo stay on one line

    choices: list[list[int]] = []
    for i in wrappable:
        glue = i in _GLUED
        low = min(max(_MIN_WIDTHS[i], _longest_token(columns[i], glue)), natural[i])
        found = {_widest(columns[i], w, glue) for w in range(low, natural[i])}
        choices.append(sorted(found | {natural[i]}, reverse=True))

    best: tuple[tuple[int, int], list[int]] | None = None
    for combo in itertools.product(*choices):
        flex_width = min(budget - fixed - sum(combo), flex_natural)
        if flex_width < flex_min:
            continue
        widths = list(natural)
        for i, w in zip(wrappable, combo, strict=True):
            widths[i] = w
        widths[flex] = flex_width
        if cue_under_name:
            widths[_CUE] = flex_width - len(_CUE_MARK)
        height = 0
        for row, count in rows.items():
            lines = [len(_cell(row, i, w)) for i, w in enumerate(widths)]
            if cue_under_name:
                lines[_NAME] += lines.pop(_CUE)
            height += count * max(lines)
        key = (height, -sum(combo))  # on a tie, wrap the cue rather than the other columns
        if best is None or key < best[0]:
            best = (key, widths)
    return None if best is None else best[1]


def _session_heading(session: Session) -> Text:
    """The session's title, then the warm-up that opens it (§10.1)."""
    heading = Text(common.session_title(session), style="bold")
    warmup = common.warmup_text(session)
    if warmup:
        heading.append("\n" + warmup, style="not bold")
    return heading


def _session_notes(session: Session, total: int) -> Table | None:
    """Under a session, each exercise's notes in full, calibration and safety (§10.11)."""
    notes = [
        (str(n), common.exercise_notes(p, cue_shown=True))
        for n, p in enumerate(session.exercises, start=1)
    ]
    notes = [(n, texts) for n, texts in notes if texts]
    if not notes:
        return None
    number_width = max(cell_len(n) for n, _ in notes)
    width = max(total - number_width - 1, 8)
    grid = Table.grid(padding=(0, 1, 0, 0), pad_edge=False)
    grid.add_column(justify="right", no_wrap=True)
    grid.add_column(width=width, overflow="fold")
    for n, texts in notes:
        grid.add_row(Text(n, style="dim"), Text("\n".join(_wrap(" ".join(texts), width))))
    return grid


def _session_table(
    session: Session, widths: list[int], *, cue_under_name: bool, total: int
) -> RenderableType:
    table = Table(
        title=_session_heading(session),
        title_justify="left",
        box=box.SIMPLE_HEAD,
        show_edge=False,
        pad_edge=False,
        padding=(0, 1, 0, 0),
        header_style="bold",
    )
    shown = range(_CUE if cue_under_name else len(_HEADERS))
    headers = (*_HEADERS[:_CUE], common.last_column(session))
    for i in shown:
        table.add_column(
            headers[i], width=widths[i], justify="right" if i == 0 else "left", overflow="fold"
        )
    for row in _rows(session, headed=not cue_under_name):
        # Wrapped here, not by rich, so the widths chosen above hold exactly.
        cells = [Text("\n".join(_cell(row, i, widths[i]))) for i in range(len(_HEADERS))]
        cells[_CUE].stylize("italic")
        if cue_under_name:
            cue = cells.pop(_CUE)
            indent = " " * len(_CUE_MARK)
            cells[_NAME].append("\n" + _CUE_MARK)
            cells[_NAME].append_text(Text(f"\n{indent}").join(cue.split("\n")))
        table.add_row(*cells)
    notes = _session_notes(session, total)
    return table if notes is None else Group(table, notes)


def _session_list(session: Session, total: int) -> Group:
    """A narrow terminal's stand-in for the table: one indented block per exercise."""
    rows = _rows(session)
    number_width = max(cell_len(row[0]) for row in rows)
    width = max(total - number_width - 2, 8)
    grid = Table.grid(padding=(0, 2, 0, 0), pad_edge=False)
    grid.add_column(justify="right", no_wrap=True)
    grid.add_column(width=width, overflow="fold")
    for p, (n, name, dose, load, rest, tempo, _) in zip(session.exercises, rows, strict=True):
        facts = [dose, load, f"rest {rest}"]
        if tempo != common.NOT_SET:
            facts.append(f"tempo {tempo}")
        cell = Text("\n".join(_wrap(name, width)), style="bold")
        cell.append("\n" + "\n".join(_wrap(" · ".join(facts), width, glue=True)))
        # the notes in full, calibration and safety (§10.11) where the table has the cue
        for kind, text in common.tagged_notes(p, cue_shown=False):
            style = "italic" if kind == "cue" else ""
            cell.append("\n" + "\n".join(_wrap(text, width, glue=True)), style=style)
        grid.add_row(Text(n), cell)
    return Group(_session_heading(session), grid)


def _session_renderer(plan: Plan, width: int) -> Callable[[Session], RenderableType]:
    """The widest layout that fits: cue column, cue under the name, or a plain list.

    One layout and one set of widths for the whole plan, so every table lines up.
    """
    sessions = [session for _, session in plan.sessions()]
    if sessions and any(session.exercises for session in sessions):
        for cue_under_name in (False, True):
            rows = Counter(row for s in sessions for row in _rows(s, headed=not cue_under_name))
            widths = _fit(rows, width, cue_under_name=cue_under_name)
            if widths is not None:
                return functools.partial(
                    _session_table, widths=widths, cue_under_name=cue_under_name, total=width
                )
    return functools.partial(_session_list, total=width)


def render(plan: Plan, options: RenderOptions) -> str:
    """The plan as text tables; ANSI colours only when options.color is set."""
    out = io.StringIO()
    console = make_console(file=out, width=options.width, colour=options.color)
    console.print(Text(_title(plan, options.athlete), style="bold"))
    console.print()
    console.print(_header(plan))
    for warning in plan.warnings:
        console.print()
        console.print(Text(f"Warning: {warning}", style="yellow"))
    legend = _legend(plan)
    if legend is not None:
        console.print()
        console.print(legend)

    render_session = _session_renderer(plan, options.width)
    for week in plan.weeks:
        console.print()
        style = "bold magenta" if week.deload else "bold cyan"
        console.print(Rule(Text(common.week_title(week), style=style), align="left"))
        note = common.week_note(week, plan.inputs.race_date is not None)
        if note:
            console.print(Text(note, style="magenta"))
        for session in week.sessions:
            console.print()
            console.print(render_session(session))

    console.print()
    # Wrapped between words (the terminal would cut them); word for word (invariant 29).
    console.print(Text("\n".join(_wrap(plan.disclaimer, options.width)), style="dim"))
    lines = out.getvalue().splitlines()
    return "\n".join(_rstrip(line) for line in lines) + "\n"
