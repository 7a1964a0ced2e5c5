"""Coach mode: a roster (CSV or YAML) in, one plan per athlete and format out.

The core of `runstrength roster`, with no printing: read the roster into rows, turn each
row into a Profile (collecting every problem as `RowProblem`s with a line and a column),
name each athlete's files from a slug, run the engine and the renderers for every athlete
(in a process pool when asked), write the files atomically and build the index pages.

A roster cell holds exactly what the matching `runstrength plan` flag takes, so both go
through `runstrength.inputs.profile_fields`, and a file is byte-identical to what
`runstrength plan … -o FILE` writes for the same inputs (both render with the default
RenderOptions). The athlete's name is used for the file names and the index only.
"""

from __future__ import annotations

import datetime as dt
import re
import sys
import unicodedata
from collections.abc import Generator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from runstrength.enums import Format
from runstrength.errors import InvalidInput, InvalidProfile, RenderError, RunstrengthError

if TYPE_CHECKING:
    from runstrength.models import Catalog, Plan, Profile
    from runstrength.rulebook import Rulebook

# The roster columns, in template order; every one but `name` is a `plan` flag.
COLUMNS: tuple[str, ...] = (
    "name",
    "season",
    "volume",
    "days",
    "weeks",
    "level",
    "equipment",
    "injuries",
    "start",
    "race_date",
    "race_distance",
    "hard_days",
    "long_run_day",
    "load_unit",
)
_ALIASES = {"injury": "injuries", "start_date": "start"}
# Cells holding several values: a spreadsheet user may separate them with `;` too.
_LIST_COLUMNS = frozenset({"equipment", "injuries", "hard_days"})
# column -> keyword of `profile_fields`
_FLAG_KEY = {c: c for c in COLUMNS[1:]} | {"injuries": "injury"}
# `plan` flag (without the dashes) -> column, to reword the messages of inputs/engine
_COLUMN_OF_FLAG = {
    "season": "season",
    "volume": "volume",
    "days": "days",
    "weeks": "weeks",
    "level": "level",
    "equipment": "equipment",
    "injury": "injuries",
    "start": "start",
    "race-date": "race_date",
    "race-distance": "race_distance",
    "hard-days": "hard_days",
    "long-run-day": "long_run_day",
    "load-unit": "load_unit",
}
EXTENSIONS: dict[Format, str] = {
    Format.PDF: "pdf",
    Format.MD: "md",
    Format.JSON: "json",
    Format.ICS: "ics",
    Format.HTML: "html",
    Format.TABLE: "txt",
}
DEFAULT_FORMATS = "pdf"
INDEX_NAME = "index"
# File stems an athlete must not take: the index, and names Windows refuses.
_RESERVED = frozenset(
    {INDEX_NAME, "con", "prn", "aux", "nul"}
    | {f"com{n}" for n in range(1, 10)}
    | {f"lpt{n}" for n in range(1, 10)}
)
_SLUG_MAX = 60
NO_DATES = "ics needs dates: fill start or race_date, or leave ics out of --format"


# --------------------------------------------------------------------------- rows


@dataclass(frozen=True)
class RowProblem:
    """One problem with one roster row; `column` is None when the row as a whole is wrong."""

    row: int  # 1-based position of the row among the roster's athletes
    line: int
    column: str | None
    message: str

    def text(self, source: str) -> str:
        """`ROSTER.csv:LINE: column: problem`."""
        where = f"{self.column}: " if self.column else ""
        return f"{source}:{self.line}: {where}{self.message}"


@dataclass(frozen=True)
class Row:
    """One athlete's cells as written (stripped; empty cells left out)."""

    row: int
    line: int
    cells: dict[str, str]
    cell_lines: dict[str, int] = field(default_factory=dict)
    problems: tuple[RowProblem, ...] = ()
    is_mapping: bool = True  # False for a YAML entry that is not `column: value` pairs

    def line_of(self, column: str | None) -> int:
        """The line of a cell (YAML cells have their own), else the row's line."""
        return self.cell_lines.get(column or "", self.line)


@dataclass(frozen=True)
class Roster:
    """A parsed roster file."""

    source: str  # the path as given, for messages
    rows: tuple[Row, ...]


def read_roster(path: Path) -> Roster:
    """Read a CSV (or, by extension, YAML) roster; file-level problems raise InvalidInput."""
    source = str(path)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise InvalidInput(f"{source}: no such file") from None
    except IsADirectoryError:
        raise InvalidInput(f"{source}: is a directory; give a CSV or YAML roster") from None
    except UnicodeDecodeError:
        raise InvalidInput(f"{source}: not UTF-8 text; save the roster as CSV UTF-8") from None
    except OSError as exc:
        raise InvalidInput(f"{source}: cannot read it: {exc.strerror}") from None
    if path.suffix.lower() in (".yaml", ".yml"):
        rows = _yaml_rows(source, text)
    else:
        rows = _csv_rows(source, text)
    if not rows:
        raise InvalidInput(f"{source}: no athletes; add one row per athlete")
    return Roster(source, tuple(rows))


def column_name(raw: str) -> str | None:
    """A header or key as a column name (`Race-Date` -> race_date), or None if unknown."""
    key = re.sub(r"[\s-]+", "_", raw.strip().lower())
    key = _ALIASES.get(key, key)
    return key if key in COLUMNS else None


def _unknown_column(raw: str) -> str:
    import difflib

    close = difflib.get_close_matches(raw.strip().lower().replace("-", "_"), COLUMNS, n=1)
    hint = f"did you mean {close[0]!r}? " if close else ""
    return f"unknown column {raw!r}; {hint}columns are {', '.join(COLUMNS)}"


def _csv_rows(source: str, text: str) -> list[Row]:
    import csv
    import io

    first = text.split("\n", 1)[0]
    delimiter = max((",", ";", "\t"), key=first.count)  # Excel in many locales writes `;`
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        header = next(reader, None)
        if header is None or not any(cell.strip() for cell in header):
            raise InvalidInput(
                f"{source}: empty; the first row names the columns ({COLUMNS[0]}, …)"
            )
        columns: list[str | None] = []
        for raw in header:
            if not raw.strip():
                columns.append(None)  # trailing empty header cells are spreadsheet noise
                continue
            name = column_name(raw)
            if name is None:
                raise InvalidInput(f"{source}:1: {_unknown_column(raw)}")
            if name in columns:
                raise InvalidInput(f"{source}:1: column {name!r} appears twice")
            columns.append(name)
        if "name" not in columns:
            raise InvalidInput(f"{source}:1: no 'name' column; the header needs one")
        rows: list[Row] = []
        start = reader.line_num + 1
        for cells in reader:
            line, start = start, reader.line_num + 1
            values = [cell.strip() for cell in cells]
            if not any(values):
                continue  # blank spreadsheet rows
            number = len(rows) + 1
            problems: list[RowProblem] = []
            found: dict[str, str] = {}
            for i, value in enumerate(values):
                name = columns[i] if i < len(columns) else None
                if name is not None:
                    if value:
                        found[name] = value
                elif value:
                    problems.append(
                        RowProblem(
                            number,
                            line,
                            None,
                            f"cell {i + 1} ({value!r}) is under no column of the header",
                        )
                    )
                    break
            rows.append(Row(number, line, found, {}, tuple(problems)))
    except csv.Error as exc:
        raise InvalidInput(f"{source}:{reader.line_num}: {exc}") from None
    return rows


def _yaml_rows(source: str, text: str) -> list[Row]:
    import yaml

    try:
        root = yaml.compose(text, Loader=yaml.CSafeLoader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = f":{mark.line + 1}" if mark is not None else ""
        raise InvalidInput(f"{source}{line}: {exc.problem or exc.context}") from None
    except yaml.YAMLError as exc:
        raise InvalidInput(f"{source}: {exc}") from None
    if root is None:
        return []
    if not isinstance(root, yaml.SequenceNode):
        raise InvalidInput(
            f"{source}:{root.start_mark.line + 1}: a roster is a list of athletes "
            "(`- name: …` entries), not a single value or mapping"
        )
    rows: list[Row] = []
    for number, item in enumerate(root.value, start=1):
        line = item.start_mark.line + 1
        if not isinstance(item, yaml.MappingNode):
            kind = "a list" if isinstance(item, yaml.SequenceNode) else "a single value"
            problem = RowProblem(
                number, line, None, f"an athlete is a mapping of column: value, not {kind}"
            )
            rows.append(Row(number, line, {}, {}, (problem,), is_mapping=False))
            continue
        cells: dict[str, str] = {}
        lines: dict[str, int] = {}
        problems: list[RowProblem] = []
        for key_node, value_node in item.value:
            key_line = key_node.start_mark.line + 1
            raw = str(key_node.value) if isinstance(key_node, yaml.ScalarNode) else "?"
            name = column_name(raw)
            if name is None:
                problems.append(RowProblem(number, key_line, None, _unknown_column(raw)))
                continue
            if name in lines:
                problems.append(RowProblem(number, key_line, name, "given twice"))
                continue
            lines[name] = key_line
            value = _yaml_value(value_node)
            if value is None:
                problems.append(
                    RowProblem(number, key_line, name, "expected a value or a list of values")
                )
            elif value:
                cells[name] = value
        rows.append(Row(number, line, cells, lines, tuple(problems)))
    return rows


def _yaml_value(node: Any) -> str | None:
    """A cell as the text written in the file (so `off` stays `off`, not False).

    Lists join with commas; "" is an empty cell, None a value that is not a cell.
    """
    import yaml

    if isinstance(node, yaml.ScalarNode):
        if node.tag == "tag:yaml.org,2002:null":
            return ""
        return str(node.value).strip()
    if isinstance(node, yaml.SequenceNode):
        parts = [_yaml_value(child) for child in node.value]
        if any(part is None or "," in part for part in parts):
            return None
        return ",".join(part for part in parts if part)
    return None


# --------------------------------------------------------------------------- athletes


@dataclass(frozen=True)
class Athlete:
    """A roster row that parsed into a profile, with the stem of its file names."""

    row: int
    line: int
    name: str
    slug: str
    profile: Profile
    key: str  # equal keys, equal plans: the work is done once
    cell_lines: dict[str, int] = field(default_factory=dict)

    def line_of(self, column: str | None) -> int:
        """Where a problem with `column` points."""
        return self.cell_lines.get(column or "", self.line)


def parse_formats(value: str) -> tuple[Format, ...]:
    """`pdf,md` -> the formats in the order given, without repeats."""
    from runstrength.inputs import parse_choice

    formats = [parse_choice("--format", part, Format) for part in value.split(",") if part.strip()]
    if not formats:
        choices = ", ".join(EXTENSIONS)
        raise InvalidInput(f"--format: give one or more of {choices}, separated by commas")
    return tuple(dict.fromkeys(formats))


def slugify(name: str) -> str:
    """`Zoë Ødegård` -> `zoe-odegard`: ascii-folded, lowercase, hyphens; may be empty."""
    text = unicodedata.normalize("NFKD", name.translate(_FOLD))
    text = text.encode("ascii", "ignore").decode("ascii").lower()
    text = re.sub(r"['’]", "", text)  # O'Connor -> oconnor, not o-connor
    slug = re.sub(r"[^a-z0-9]+", "-", text).strip("-")
    return slug[:_SLUG_MAX].rstrip("-")


# Letters NFKD does not split into an ASCII letter and an accent.
_FOLD = str.maketrans(
    {
        "Ø": "O",
        "ø": "o",
        "Æ": "AE",
        "æ": "ae",
        "Œ": "OE",
        "œ": "oe",
        "ß": "ss",
        "Đ": "D",
        "đ": "d",
        "Ð": "D",
        "ð": "d",
        "Þ": "Th",
        "þ": "th",
        "Ł": "L",
        "ł": "l",
        "ı": "i",
    }
)


def unique_slugs(names: Sequence[tuple[int, str]]) -> dict[int, str]:
    """Row number -> file stem, unique in row order: `anna`, `anna-2`, `anna-3`…

    A name with nothing left after folding becomes `athlete-ROW`. Every named row takes
    its stem, even one rejected for other reasons, so fixing a row never renames another.
    """
    used: set[str] = set()
    out: dict[int, str] = {}
    for row, name in names:
        base = slugify(name) or f"athlete-{row}"
        candidate, n = base, 1
        while candidate in used or candidate in _RESERVED:
            n += 1
            candidate = f"{base}-{n}"
        used.add(candidate)
        out[row] = candidate
    return out


def prepare(roster: Roster, formats: Sequence[Format]) -> tuple[list[Athlete], list[RowProblem]]:
    """Every row as an Athlete, or its problems (all of them, column by column)."""
    from runstrength.models import Profile

    slugs = unique_slugs([(r.row, r.cells["name"]) for r in roster.rows if r.cells.get("name")])
    athletes: list[Athlete] = []
    problems: list[RowProblem] = []
    for row in roster.rows:
        found = list(row.problems)
        if "name" not in row.cells and row.is_mapping:
            found.append(RowProblem(row.row, row.line, "name", "empty; every athlete needs a name"))
        flags = _flags(row.cells)
        fields: dict[str, Any] = {}
        try:
            fields = _profile_fields(flags)
        except InvalidProfile:
            # Parse the cells one by one so the coach sees every bad cell at once.
            for key, value in flags.items():
                if value is None:
                    continue
                try:
                    _profile_fields({key: value})
                except InvalidProfile as exc:
                    column, message = explain(str(exc))
                    found.append(RowProblem(row.row, row.line_of(column), column, message))
        else:
            if Format.ICS in formats and "start_date" not in fields and "race_date" not in fields:
                found.append(RowProblem(row.row, row.line_of("start"), "start", NO_DATES))
        if found:
            problems.extend(found)
            continue
        athletes.append(
            Athlete(
                row=row.row,
                line=row.line,
                name=row.cells["name"],
                slug=slugs[row.row],
                # Every field was parsed and range-checked by runstrength.inputs (as `plan`).
                profile=Profile.model_construct(**fields),
                key=repr(sorted(fields.items())),
                cell_lines=row.cell_lines,
            )
        )
    return athletes, problems


def _flags(cells: dict[str, str]) -> dict[str, Any]:
    flags: dict[str, Any] = {}
    for column, value in cells.items():
        if column == "name":
            continue
        text = value.replace(";", ",") if column in _LIST_COLUMNS else value
        flags[_FLAG_KEY[column]] = [text] if column == "injuries" else text
    return flags


def _profile_fields(given: dict[str, Any]) -> dict[str, Any]:
    from runstrength.inputs import profile_fields

    flags: dict[str, Any] = dict.fromkeys(_FLAG_KEY.values())
    flags.update(given)
    return profile_fields(**flags)


def explain(message: str) -> tuple[str | None, str]:
    """A `plan` error message as (column, message in column words).

    `--days: '4' is not 2 or 3` -> ("days", "'4' is not 2 or 3"); engine messages without
    a leading flag are placed by what they are about.
    """
    column: str | None = None
    lead = re.match(r"--([a-z][a-z-]*):?\s+", message)
    if lead and lead[1] in _COLUMN_OF_FLAG:
        column = _COLUMN_OF_FLAG[lead[1]]
        message = message[lead.end() :]
    elif re.search(r"\binjury\b", message):
        column = "injuries"
    elif re.search(r"\bequipment\b", message):
        column = "equipment"
    else:
        mentioned = re.search(r"--([a-z][a-z-]*)", message)
        if mentioned and mentioned[1] in _COLUMN_OF_FLAG:
            column = _COLUMN_OF_FLAG[mentioned[1]]
    reworded = re.sub(r"--([a-z][a-z-]*)", lambda m: _COLUMN_OF_FLAG.get(m[1], m[0]), message)
    return column, reworded


# --------------------------------------------------------------------------- making plans


@dataclass(frozen=True)
class Settings:
    """What every athlete's plan shares besides the catalog and rules."""

    formats: tuple[Format, ...]
    today: dt.date
    version: str


@dataclass(frozen=True)
class Summary:
    """The index's facts about one plan."""

    season: str
    volume: str
    band: str
    days: int
    weeks: int
    phases: tuple[str, ...]
    warnings: tuple[str, ...]


@dataclass(frozen=True)
class Done:
    """One athlete finished: files written (or only checked), or rejected by the engine."""

    athlete: Athlete
    summary: Summary | None
    problem: RowProblem | None
    files: tuple[str, ...] = ()


@dataclass(frozen=True)
class _Made:
    summary: Summary | None
    problem: tuple[str | None, str] | None
    payloads: tuple[tuple[Format, bytes], ...]


def _summary(plan: Plan) -> Summary:
    inputs = plan.inputs
    return Summary(
        season=inputs.season.value,
        volume=f"{inputs.weekly_volume:g} {inputs.unit.value}",
        band=inputs.volume_band.value,
        days=inputs.days,
        weeks=len(plan.weeks),
        phases=tuple(dict.fromkeys(week.phase.value for week in plan.weeks)),
        warnings=tuple(plan.warnings),
    )


def _make(
    catalog: Catalog, rules: Rulebook, settings: Settings, profile: Profile, render: bool
) -> _Made:
    """The plan of one profile, rendered in every format (the unit of work of the pool)."""
    from runstrength.plan.engine import generate_plan

    try:
        plan = generate_plan(
            profile, catalog, rules, today=settings.today, version=settings.version
        )
        payloads: tuple[tuple[Format, bytes], ...] = ()
        if render:
            from runstrength.render import RenderOptions
            from runstrength.render import render as render_plan

            # The defaults are exactly what `runstrength plan -o FILE` renders with, and
            # atomic_write encodes text as UTF-8 too; encoding here spares the parent.
            options = RenderOptions()
            payloads = tuple(
                (fmt, _encoded(render_plan(plan, fmt, options))) for fmt in settings.formats
            )
    except RunstrengthError as exc:
        return _Made(None, explain(str(exc)), ())
    return _Made(_summary(plan), None, payloads)


def _encoded(data: str | bytes) -> bytes:
    return data.encode("utf-8") if isinstance(data, str) else data


# fork: the workers start at once with the catalog already loaded. Elsewhere fork is
# unsafe (macOS) or missing (Windows), and spawn pickles the inputs to each worker.
START_METHOD = "fork" if sys.platform.startswith("linux") else "spawn"
_worker_inputs: tuple[Catalog, Rulebook, Settings] | None = None


def _init_worker(catalog: Catalog, rules: Rulebook, settings: Settings) -> None:
    import signal

    global _worker_inputs
    _worker_inputs = (catalog, rules, settings)
    # Ctrl-C is the parent's to handle: it lets running plans finish, then stops the pool.
    signal.signal(signal.SIGINT, signal.SIG_IGN)


def _work(profile: Profile, render: bool) -> _Made:
    assert _worker_inputs is not None, "the pool initializer sets the inputs"
    return _make(*_worker_inputs, profile, render)


def make_plans(
    athletes: Sequence[Athlete],
    catalog: Catalog,
    rules: Rulebook,
    settings: Settings,
    *,
    out_dir: Path | None,
    workers: int = 1,
) -> Generator[Done, None, None]:
    """Plan (and with `out_dir`, render and write) every athlete; yields as each finishes.

    Athletes with equal inputs share one plan. With `workers` > 1 the plans are made in a
    process pool and this process writes the files, each atomically, as results arrive;
    the files are the same as a serial run's. Close the iterator (or let it finish) to
    stop the pool: pending work is cancelled, running work finishes, nothing is half-written.
    """
    groups: dict[str, list[Athlete]] = {}
    for athlete in athletes:
        groups.setdefault(athlete.key, []).append(athlete)
    jobs = list(groups.values())
    render = out_dir is not None

    def finish(group: list[Athlete], made: _Made) -> Generator[Done, None, None]:
        for athlete in group:
            yield _finish(athlete, made, out_dir)

    if workers <= 1 or len(jobs) <= 1:
        for group in jobs:
            made = _make(catalog, rules, settings, group[0].profile, render)
            yield from finish(group, made)
        return

    import concurrent.futures as cf
    import multiprocessing

    pool = cf.ProcessPoolExecutor(
        max_workers=min(workers, len(jobs)),
        mp_context=multiprocessing.get_context(START_METHOD),
        initializer=_init_worker,
        initargs=(catalog, rules, settings),
    )
    try:
        pending = {pool.submit(_work, group[0].profile, render): group for group in jobs}
        while pending:
            # Not as_completed: it keeps every future, and so every rendered file, alive.
            finished, _ = cf.wait(pending, return_when=cf.FIRST_COMPLETED)
            for future in finished:
                yield from finish(pending.pop(future), future.result())
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


def _finish(athlete: Athlete, made: _Made, out_dir: Path | None) -> Done:
    if made.problem is not None:
        column, message = made.problem
        problem = RowProblem(athlete.row, athlete.line_of(column), column, message)
        return Done(athlete, None, problem)
    files: list[str] = []
    if out_dir is not None:
        from runstrength.fileio import atomic_write

        for fmt, data in made.payloads:
            name = f"{athlete.slug}.{EXTENSIONS[fmt]}"
            try:
                atomic_write(out_dir / name, data)
            except OSError as exc:  # a full disk or a read-only folder stops the whole run
                raise RenderError(f"{out_dir / name}: cannot write it: {exc.strerror}") from None
            files.append(name)
    return Done(athlete, made.summary, None, tuple(files))


# --------------------------------------------------------------------------- index


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


def _noun(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"


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
        f"{_noun(len(planned), 'athlete')} from {_md(source)}.",
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
        "<!DOCTYPE html>",
        '<html lang="en">',
        "<head>",
        '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        "<title>Strength plans</title>",
        f"<style>\n{_INDEX_CSS}</style>",
        "</head>",
        "<body>",
        "<h1>Strength plans</h1>",
        f'<p class="sub">{_noun(len(planned), "athlete")} from {escape(source)}.</p>',
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
