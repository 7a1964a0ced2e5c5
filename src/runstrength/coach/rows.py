"""Reading a roster: a CSV or YAML file in, one `Row` of cells per athlete out.

A cell holds exactly what the matching `runstrength plan` flag takes; the columns are the
names of `runstrength.inputs.FLAGS` after `name`. YAML goes through `runstrength.yaml_safe`
like every other YAML the program reads, so a hostile roster is refused, not expanded.
File-level problems raise InvalidInput; problems of one row become its `RowProblem`s.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from runstrength.errors import InvalidInput
from runstrength.inputs import FLAGS

# The roster columns, in template order; every one but `name` is a `plan` input.
COLUMNS: tuple[str, ...] = ("name", *(flag.name for flag in FLAGS))
_ALIASES = {"injury": "injuries", "start_date": "start"}
# Cells holding several values: a spreadsheet user may separate them with `;` too.
LIST_COLUMNS = frozenset({"equipment", "injuries", "hard_days"})


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


MAX_ROSTER_BYTES = 4 * 1024 * 1024  # ~20,000 athletes of typical width
MAX_ATHLETES = 10_000  # 100,000 rows take 13 minutes; a roster this size is a mistake


def read_roster(path: Path) -> Roster:
    """Read a CSV (or, by extension, YAML) roster; file-level problems raise InvalidInput.

    Only a regular file of at most MAX_ROSTER_BYTES with at most MAX_ATHLETES rows is
    read (`roster /dev/zero` is refused, not read until memory runs out).
    """
    from runstrength.fileio import read_bounded
    from runstrength.text import printable

    source = printable(str(path))
    data = read_bounded(path, MAX_ROSTER_BYTES, "roster", shown=source)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise InvalidInput(f"{source}: not UTF-8 text; save the roster as CSV UTF-8") from None
    if path.suffix.lower() in (".yaml", ".yml"):
        rows = _yaml_rows(source, text)
    else:
        rows = _csv_rows(source, text)
    if not rows:
        raise InvalidInput(f"{source}: no athletes; add one row per athlete")
    return Roster(source, tuple(_checked_names(rows)))


def _too_many(source: str) -> InvalidInput:
    return InvalidInput(
        f"{source}: more than {MAX_ATHLETES:,} athletes; split the roster into smaller files"
    )


def _checked_names(rows: list[Row]) -> list[Row]:
    """Names on one line: a line break or tab in a (quoted) name folds to a space, so it
    cannot break the index; another control character (ESC…) is the row's problem."""
    from runstrength.text import one_line_name, printable

    out: list[Row] = []
    for row in rows:
        name = row.cells.get("name")
        if name is None:
            out.append(row)
            continue
        folded, bad = one_line_name(name)
        problems = row.problems
        if bad is not None:
            problems = (
                *problems,
                RowProblem(
                    row.row, row.line_of("name"), "name", f"contains the control character {bad}"
                ),
            )
            folded = printable(folded)  # kept, escaped, for the index
        if folded == name:
            out.append(row)
            continue
        cells = {**row.cells, "name": folded}
        out.append(Row(row.row, row.line, cells, row.cell_lines, problems, row.is_mapping))
    return out


def column_name(raw: str) -> str | None:
    """A header or key as a column name (`Race-Date` -> race_date), or None if unknown."""
    key = re.sub(r"[\s-]+", "_", raw.strip().lower())
    key = _ALIASES.get(key, key)
    return key if key in COLUMNS else None


def _unknown_column(raw: str) -> str:
    from runstrength.text import close_words

    close = close_words(raw.strip().lower().replace("-", "_"), COLUMNS, most=1)
    hint = f"did you mean {close[0]!r}? " if close else ""
    return f"unknown column {raw!r}; {hint}columns are {', '.join(COLUMNS)}"


def _csv_rows(source: str, text: str) -> list[Row]:
    import csv
    import io

    first = text.split("\n", 1)[0]
    delimiter = max((",", ";", "\t"), key=first.count)  # Excel in many locales writes `;`
    # strict: an unclosed quote is an error, not a cell that swallows the rows below it
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
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
            if number > MAX_ATHLETES:
                raise _too_many(source)
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

    from runstrength import yaml_safe

    try:
        # Duplicate keys are the rows' problem ("given twice"), not the file's.
        root, _ = yaml_safe.load(text, source, label="roster", unique_keys=False)
    except yaml_safe.SyntaxProblem as exc:
        line = f":{exc.line}" if exc.line is not None else ""
        raise InvalidInput(f"{source}{line}: {exc.problem}") from None
    except yaml_safe.Refused as exc:
        raise InvalidInput(str(exc)) from None
    if root is None:
        return []
    if not isinstance(root, yaml.SequenceNode):
        raise InvalidInput(
            f"{source}:{root.start_mark.line + 1}: a roster is a list of athletes "
            "(`- name: …` entries), not a single value or mapping"
        )
    if len(root.value) > MAX_ATHLETES:
        raise _too_many(source)
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
