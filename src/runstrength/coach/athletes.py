"""Coach mode, the roster's rows as athletes: each row's cells parsed into a Profile (every
problem collected as a `RowProblem` with its line and column) and a unique file stem.

Split out of coach.roster, which re-exports these names.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from runstrength.coach.rows import LIST_COLUMNS, Roster, RowProblem
from runstrength.enums import Format
from runstrength.errors import InvalidInput, RunstrengthError
from runstrength.inputs import ProfileFlags

if TYPE_CHECKING:
    from runstrength.models import Profile

INDEX_NAME = "index"
# File stems an athlete must not take: the index, and names Windows refuses.
_RESERVED = frozenset(
    {INDEX_NAME, "con", "prn", "aux", "nul"}
    | {f"com{n}" for n in range(1, 10)}
    | {f"lpt{n}" for n in range(1, 10)}
)
_SLUG_MAX = 60
NO_DATES = "ics needs dates: fill start or race_date, or leave ics out of --format"


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
    from runstrength.render import FILE_FORMATS

    formats = [
        parse_choice("--format", part, Format, choices=FILE_FORMATS)
        for part in value.split(",")
        if part.strip()
    ]
    if not formats:
        choices = ", ".join(FILE_FORMATS)
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


def namesakes(athletes: Sequence[Athlete]) -> dict[int, Athlete]:
    """Row number -> the first athlete (in row order) whose name makes the same file
    names: `Anna` and `anna`, `Zoë` and `Zoe`. The later one's files end in -2, -3…, so
    the coach is told, and the index tells the two apart."""
    first: dict[str, Athlete] = {}
    out: dict[int, Athlete] = {}
    for athlete in sorted(athletes, key=lambda a: a.row):
        base = slugify(athlete.name)
        if not base:
            continue  # `athlete-ROW`: never shared
        earlier = first.setdefault(base, athlete)
        if earlier is not athlete:
            out[athlete.row] = earlier
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
        cells = _cells(row.cells)
        flags = ProfileFlags().with_values(cells)
        profile: Profile | None = None
        try:
            fields = flags.fields()
            profile = Profile.of_parsed(fields)  # `flags.profile()`, parsed once
        except (RunstrengthError, ArithmeticError, ValueError, RecursionError):
            # Parse the cells one by one so the coach sees every bad cell at once.
            for column, text in cells.items():
                try:
                    ProfileFlags().with_value(column, text).profile()
                except RunstrengthError as exc:
                    where, message = place(exc)
                    found.append(RowProblem(row.row, row.line_of(where), where, message))
                except (ArithmeticError, ValueError, RecursionError) as exc:
                    message = f"cannot read it ({_one_line(exc)})"
                    found.append(RowProblem(row.row, row.line_of(column), column, message))
            if not found:
                found.append(RowProblem(row.row, row.line, None, "these cells make no plan"))
        else:
            if Format.ICS in formats and "start_date" not in fields and "race_date" not in fields:
                found.append(RowProblem(row.row, row.line_of("start"), "start", NO_DATES))
        if found or profile is None:
            problems.extend(found)
            continue
        athletes.append(
            Athlete(
                row=row.row,
                line=row.line,
                name=row.cells["name"],
                slug=slugs[row.row],
                profile=profile,
                key=repr(sorted(fields.items())),
                cell_lines=row.cell_lines,
            )
        )
    return athletes, problems


def _cells(cells: dict[str, str]) -> dict[str, str]:
    """The input cells (all but `name`), list cells with `;` read as `,`."""
    return {
        column: value.replace(";", ",") if column in LIST_COLUMNS else value
        for column, value in cells.items()
        if column != "name"
    }


def place(exc: RunstrengthError) -> tuple[str | None, str]:
    """Where an error goes in the roster: (column, message in column words).

    Inputs errors carry their column as `.field`. Engine errors that do not yet
    (plan/engine.py, plan/periodization.py, kit.py raise `--flag …` messages without
    one) are placed by the first flag they name and reworded in column words.
    """
    if exc.field is not None:
        return exc.field, exc.reason
    from runstrength.inputs import BY_OPTION

    def column(option: str) -> str | None:
        return BY_OPTION[option].name if option in BY_OPTION else None

    message = str(exc)
    where: str | None = None
    lead = re.match(r"(--[a-z][a-z-]*):?\s+", message)
    mentioned = [c for o in re.findall(r"--[a-z][a-z-]*", message) if (c := column(o))]
    if lead and column(lead[1]):
        where = column(lead[1])
        message = message[lead.end() :]
    elif re.search(r"\binjury\b", message):
        where = "injuries"
    elif re.search(r"\bequipment\b", message):
        where = "equipment"
    elif mentioned:
        where = mentioned[0]
    return where, re.sub(r"--[a-z][a-z-]*", lambda m: column(m[0]) or m[0], message)


def _one_line(exc: BaseException) -> str:
    from runstrength.text import one_line

    return one_line(f"{type(exc).__name__}: {exc}")[:200]
