"""The roster's index pages (index.md, index.html) and its example CSV.

One table row per planned athlete with links to their files, then the rows that were not
planned with the line and column of each problem. No printing: the CLI writes the files.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from pathlib import Path
from typing import NamedTuple

from runstrength.coach.athletes import namesakes
from runstrength.coach.roster import INDEX_NAME, Done
from runstrength.coach.rows import COLUMNS, Roster, RowProblem
from runstrength.enums import Format
from runstrength.render.common import html_head, noun


def write_index(
    out_dir: Path,
    roster: Roster,
    done: Sequence[Done],
    problems: Sequence[RowProblem],
    formats: Sequence[Format],
) -> list[Path]:
    """Write index.md (and index.html when html is among the formats); return their paths."""
    from runstrength.fileio import atomic_write

    page = _page(roster, done, problems)
    written = [out_dir / f"{INDEX_NAME}.md"]
    atomic_write(written[0], index_markdown(page))
    if Format.HTML in formats:
        written.append(out_dir / f"{INDEX_NAME}.html")
        atomic_write(written[1], index_html(page))
    return written


_TITLE = "Strength plans"
_HEADER = (
    *("Athlete", "Season", "Start", "Volume", "Band", "Days", "Weeks", "Phases"),
    *("Injuries", "Warnings", "Files"),
)


class Planned(NamedTuple):
    """An athlete with a plan: the name, the files written, the table's other cells."""

    name: str
    files: tuple[str, ...]
    cells: tuple[str, ...]  # Season … Warnings
    warnings: tuple[str, ...]  # the plan's warnings, listed under the table


class Unplanned(NamedTuple):
    """A roster row that got no plan, and why."""

    name: str  # "" when the row has none
    line: int
    where: str  # "column: ", or "" for the whole row
    message: str


class Page(NamedTuple):
    """What both index pages say, before either markup: one row per planned athlete in
    roster order, the phases used, and the rows that were not planned."""

    source: str  # the roster's file name
    athletes: str  # "3 athletes"
    rows: tuple[Planned, ...]
    legend: str  # 'AA anatomical adaptation, MS max strength', or "" for none
    problems: tuple[Unplanned, ...]


def _page(roster: Roster, done: Sequence[Done], problems: Sequence[RowProblem]) -> Page:
    from runstrength.enums import PHASE_NAMES, Phase

    planned = sorted((d for d in done if d.summary is not None), key=lambda d: d.athlete.row)
    repeated = namesakes([d.athlete for d in planned])
    rows = []
    for d in planned:
        s = d.summary
        assert s is not None
        cells = (
            *(s.season, s.start, s.volume, s.band, s.days, str(s.weeks)),
            *(" → ".join(s.phases), s.injuries, str(len(s.warnings)) if s.warnings else "–"),
        )
        name = d.athlete.name
        if d.athlete.row in repeated:  # a second Anna: which row it is
            name = f"{name} (line {d.athlete.line})"
        rows.append(Planned(name, d.files, cells, s.warnings))
    used = {phase for d in planned if d.summary for phase in d.summary.phases}
    legend = ", ".join(f"{p.value} {PHASE_NAMES[p].lower()}" for p in Phase if p.value in used)
    names = {r.row: r.cells.get("name", "") for r in roster.rows}
    rejected = tuple(
        Unplanned(names.get(p.row, ""), p.line, f"{p.column}: " if p.column else "", p.message)
        for p in sorted(problems, key=lambda p: (p.row, p.line))
    )
    athletes = noun(len(planned), "athlete")
    return Page(Path(roster.source).name, athletes, tuple(rows), legend, rejected)


# Enough to keep a name from breaking the table or turning into a link or markup.
_MD_SPECIAL = re.compile(r"([\\`*\[\]<>|])")


def _md(text: str) -> str:
    return _MD_SPECIAL.sub(r"\\\1", text)


def index_markdown(page: Page) -> str:
    """The index as Markdown: one table row per athlete with links to their files."""
    lines = [f"# {_TITLE}", "", f"{page.athletes} from {_md(page.source)}.", ""]
    lines += [f"| {' | '.join(_HEADER)} |", "|" + "---|" * len(_HEADER)]
    for row in page.rows:
        links = " · ".join(f"[{name.rsplit('.', 1)[1]}]({name})" for name in row.files)
        lines.append(f"| {' | '.join([_md(row.name), *row.cells, links])} |")
    if page.legend:
        lines += ["", f"Phases: {page.legend}"]
    warned = [row for row in page.rows if row.warnings]
    if warned:  # what each plan says first, so a coach need not open every file
        lines += ["", "## Warnings", ""]
        for row in warned:
            lines += [f"- {_md(row.name)}: {_md(w)}" for w in row.warnings]
    if page.problems:
        lines += ["", "## Not planned", ""]
        for p in page.problems:
            who = _md(p.name) or "(no name)"
            lines.append(f"- {who}, {_md(page.source)} line {p.line}: {p.where}{_md(p.message)}")
    return "\n".join(lines) + "\n"


_INDEX_CSS = """\
:root { color-scheme: light dark; }
body { margin: 0 auto; padding: 1rem; max-width: 70rem;
  font: 16px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "DejaVu Sans", sans-serif; }
h1 { font-size: 1.5rem; margin: 0 0 .25rem; }
table { border-collapse: collapse; width: 100%; }
th, td { text-align: left; vertical-align: top; padding: .35rem .5rem;
  border-bottom: 1px solid #c9d0d6; }
.sub, .legend { color: #5b6570; }
td:nth-child(3) { white-space: nowrap; }  /* Start: a date is not to be broken */
"""


def index_html(page: Page) -> str:
    """The index as one self-contained HTML page."""
    from html import escape

    out = [*html_head(_TITLE, _INDEX_CSS), f"<h1>{_TITLE}</h1>"]
    out.append(f'<p class="sub">{page.athletes} from {escape(page.source)}.</p>')
    head = "".join(f"<th>{h}</th>" for h in _HEADER)
    out += ["<table>", f"<thead><tr>{head}</tr></thead>", "<tbody>"]
    for row in page.rows:
        html_file = next((f for f in row.files if f.endswith(".html")), None)
        name = escape(row.name)
        who = f'<a href="{escape(html_file)}">{name}</a>' if html_file else name
        links = " · ".join(
            f'<a href="{escape(f)}">{escape(f.rsplit(".", 1)[1])}</a>' for f in row.files
        )
        cells = "".join(f"<td>{escape(c)}</td>" for c in row.cells)
        out.append(f"<tr><td>{who}</td>{cells}<td>{links}</td></tr>")
    out += ["</tbody>", "</table>"]
    if page.legend:
        out.append(f'<p class="legend">Phases: {escape(page.legend)}</p>')
    warned = [row for row in page.rows if row.warnings]
    if warned:
        out += ["<h2>Warnings</h2>", "<ul>"]
        for row in warned:
            out += [f"<li>{escape(row.name)}: {escape(w)}</li>" for w in row.warnings]
        out.append("</ul>")
    if page.problems:
        out += ["<h2>Not planned</h2>", "<ul>"]
        for p in page.problems:
            who = escape(p.name) or "(no name)"
            where = escape(p.where + p.message)
            out.append(f"<li>{who}, {escape(page.source)} line {p.line}: {where}</li>")
        out.append("</ul>")
    out += ["</body>", "</html>"]
    return "\n".join(out) + "\n"


# --------------------------------------------------------------------------- template


def template_csv(today: dt.date) -> str:
    """An example roster with every column and three athletes, valid from `today` on. List
    cells separate their items with `;` (a `,` works too, inside quotes): one separator, and
    no cell a spreadsheet must quote (the new-user review's C10 re-check)."""
    import csv
    import io

    start = today + dt.timedelta(days=7 - today.weekday())  # next Monday
    race = start + dt.timedelta(weeks=16, days=6)  # a Sunday 17 weeks on
    rows = [
        COLUMNS,
        ("Ana Silva", "off", "40km", "3", "", "novice", "gym", "", start.isoformat(),
         "", "", "tue;thu", "sun", "kg"),
        ("Ben O'Connor", "", "25mi", "2", "", "intermediate", "dumbbells;box;mat",
         "achilles;itbs", start.isoformat(), race.isoformat(), "half", "wed", "sat", "lb"),
        ("Zoë Ødegård", "in", "100km", "2", "8", "advanced", "home", "hamstring",
         start.isoformat(), "", "", "tue;thu", "sun", "kg"),
    ]  # fmt: skip
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerows(rows)
    return buffer.getvalue()
