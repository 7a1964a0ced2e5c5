"""The roster's index pages (index.md, index.html) and its example CSV.

One table row per planned athlete with links to their files, then the rows that were not
planned with the line and column of each problem. No printing: the CLI writes the files.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from pathlib import Path

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

    planned = sorted((d for d in done if d.summary is not None), key=lambda d: d.athlete.row)
    names = {r.row: r.cells.get("name", "") for r in roster.rows}
    rejected = sorted(problems, key=lambda p: (p.row, p.line))
    source = Path(roster.source).name
    written = [out_dir / f"{INDEX_NAME}.md"]
    atomic_write(written[0], index_markdown(source, planned, rejected, names))
    if Format.HTML in formats:
        written.append(out_dir / f"{INDEX_NAME}.html")
        atomic_write(written[1], index_html(source, planned, rejected, names))
    return written


def _phase_legend(planned: Sequence[Done]) -> list[tuple[str, str]]:
    from runstrength.enums import PHASE_NAMES, Phase

    used = {phase for d in planned if d.summary for phase in d.summary.phases}
    return [(p.value, PHASE_NAMES[p]) for p in Phase if p.value in used]


# Enough to keep a name from breaking the table or turning into a link or markup.
_MD_SPECIAL = re.compile(r"([\\`*\[\]<>|])")


def _md(text: str) -> str:
    return _MD_SPECIAL.sub(r"\\\1", text)


def index_markdown(
    source: str,
    planned: Sequence[Done],
    rejected: Sequence[RowProblem],
    names: dict[int, str],
) -> str:
    """The index as Markdown: one table row per athlete with links to their files."""
    lines = [
        "# Strength plans",
        "",
        f"{noun(len(planned), 'athlete')} from {_md(source)}.",
        "",
        "| Athlete | Season | Volume | Band | Days | Weeks | Phases | Files |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for d in planned:
        s = d.summary
        assert s is not None
        links = " · ".join(f"[{name.rsplit('.', 1)[1]}]({name})" for name in d.files)
        cells = [_md(d.athlete.name), s.season, s.volume, s.band, str(s.days), str(s.weeks)]
        lines.append(f"| {' | '.join(cells)} | {' → '.join(s.phases)} | {links} |")
    legend = _phase_legend(planned)
    if legend:
        lines += ["", "Phases: " + ", ".join(f"{code} {name.lower()}" for code, name in legend)]
    if rejected:
        lines += ["", "## Not planned", ""]
        for p in rejected:
            who = _md(names.get(p.row, "")) or "(no name)"
            where = f"{p.column}: " if p.column else ""
            lines.append(f"- {who}, {_md(source)} line {p.line}: {where}{_md(p.message)}")
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
"""


def index_html(
    source: str,
    planned: Sequence[Done],
    rejected: Sequence[RowProblem],
    names: dict[int, str],
) -> str:
    """The index as one self-contained HTML page."""
    from html import escape

    out = [
        *html_head("Strength plans", _INDEX_CSS),
        "<h1>Strength plans</h1>",
        f'<p class="sub">{noun(len(planned), "athlete")} from {escape(source)}.</p>',
        "<table>",
        "<thead><tr><th>Athlete</th><th>Season</th><th>Volume</th><th>Band</th>"
        "<th>Days</th><th>Weeks</th><th>Phases</th><th>Files</th></tr></thead>",
        "<tbody>",
    ]
    for d in planned:
        s = d.summary
        assert s is not None
        html_file = next((f for f in d.files if f.endswith(".html")), None)
        name = escape(d.athlete.name)
        who = f'<a href="{escape(html_file)}">{name}</a>' if html_file else name
        links = " · ".join(
            f'<a href="{escape(f)}">{escape(f.rsplit(".", 1)[1])}</a>' for f in d.files
        )
        cells = [s.season, s.volume, s.band, str(s.days), str(s.weeks), " → ".join(s.phases)]
        out.append(
            f"<tr><td>{who}</td>{''.join(f'<td>{escape(c)}</td>' for c in cells)}"
            f"<td>{links}</td></tr>"
        )
    out += ["</tbody>", "</table>"]
    legend = _phase_legend(planned)
    if legend:
        text = ", ".join(f"{code} {name.lower()}" for code, name in legend)
        out.append(f'<p class="legend">Phases: {escape(text)}</p>')
    if rejected:
        out += ["<h2>Not planned</h2>", "<ul>"]
        for p in rejected:
            who = escape(names.get(p.row, "")) or "(no name)"
            where = f"{p.column}: " if p.column else ""
            out.append(
                f"<li>{who}, {escape(source)} line {p.line}: {escape(where + p.message)}</li>"
            )
        out.append("</ul>")
    out += ["</body>", "</html>"]
    return "\n".join(out) + "\n"


# --------------------------------------------------------------------------- template


def template_csv(today: dt.date) -> str:
    """An example roster with every column and three athletes, valid from `today` on."""
    import csv
    import io

    start = today + dt.timedelta(days=7 - today.weekday())  # next Monday
    race = start + dt.timedelta(weeks=16, days=6)  # a Sunday 17 weeks on
    rows = [
        COLUMNS,
        ("Ana Silva", "off", "40km", "3", "", "novice", "gym", "", start.isoformat(),
         "", "", "tue,thu", "sun", "kg"),
        ("Ben O'Connor", "", "25mi", "2", "", "intermediate", "dumbbells,box,mat",
         "achilles;itbs", start.isoformat(), race.isoformat(), "half", "wed", "sat", "lb"),
        ("Zoë Ødegård", "in", "100km", "2", "8", "advanced", "home", "hamstring",
         start.isoformat(), "", "", "tue,thu", "sun", "kg"),
    ]  # fmt: skip
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerows(rows)
    return buffer.getvalue()
