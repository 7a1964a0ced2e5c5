"""`runstrength catalog list|show|check`: browse the exercise catalog and check user catalogs.

Only typer and the stdlib are imported here; the catalog, rich and the rules file are imported
inside the commands so that `runstrength --help` stays instant.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from runstrength.cli import params

if TYPE_CHECKING:
    from runstrength.models import Catalog, Dose, Exercise
    from runstrength.rulebook import Rulebook


def register(app: typer.Typer, new_app: Callable[..., typer.Typer]) -> None:
    """Add the `catalog` command group to the app."""
    group = new_app(help="Browse and check exercise catalogs.")
    from runstrength.cli import mount

    mount(app, "catalog", group, {"list": list_exercises, "show": show, "check": check})


def list_exercises(
    text: _SearchArg = None,
    *,  # the options: keyword-only, as on the command line
    category: params.CategoryOpt = None,
    pattern: params.PatternOpt = None,
    equipment: params.KitFilterOpt = None,
    injury: params.InjuryFilterOpt = None,
    level: params.ExerciseLevelOpt = None,
    fmt: params.TableFormatOpt = "table",
    catalog: params.ListCatalogOpt = None,
) -> None:
    """List catalog exercises, optionally searched (`catalog list squat`) and filtered."""
    from runstrength.inputs import parse_choice

    out = parse_choice("--format", fmt, _OutFormat)
    rows = _matching(catalog, category, pattern, equipment, injury, level)
    if text:
        rows = [ex for ex in rows if _mentions(ex, text)]
    if out is _OutFormat.JSON:
        typer.echo(
            json.dumps([ex.model_dump(mode="json") for ex in rows], indent=2, ensure_ascii=False)
        )
        return
    if not rows:
        typer.echo("No exercises match these filters.")
        return
    _print_table(rows)


_SearchArg = Annotated[
    str | None,
    typer.Argument(
        metavar="TEXT",
        help="Only exercises whose id or name holds every word of TEXT, e.g. squat or "
        "'calf raise'.",
        show_default=False,
    ),
]


def _mentions(ex: Exercise, text: str) -> bool:
    """True when every word of `text` is in the exercise's id or name, whatever the case;
    a hyphen counts as a space, so `bent-knee` and `bent knee` find the same."""
    haystack = f"{ex.id} {ex.name}".lower().replace("-", " ")
    return all(word in haystack for word in text.lower().replace("-", " ").split())


def _catalog(files: list[Path] | None) -> tuple[Catalog, Rulebook]:
    """The shipped catalog with `files` merged over it (without --catalog, the files
    saved with the plan, as the log commands read it) and the rules, through the start-up
    cache."""
    from runstrength.cli.log_common import inputs_with, saved_catalogs

    return inputs_with(files or saved_catalogs(), saved=not files)


def _matching(
    files: list[Path] | None,
    category: str | None,
    pattern: str | None,
    equipment: str | None,
    injury: str | None,
    level: str | None,
) -> list[Exercise]:
    """The exercises of the catalog (`_catalog`) that pass every filter given."""
    from runstrength.enums import Category, ExerciseLevel
    from runstrength.errors import InvalidInput
    from runstrength.inputs import parse_choice
    from runstrength.kit import kit_allows

    wanted_category = parse_choice("--category", category, Category) if category else None
    wanted_level = parse_choice("--level", level, ExerciseLevel) if level else None
    cat, rules = _catalog(files)
    # a value no exercise has is a typo, not "no match": said as --category and --level say
    # theirs, with the values there are (the QA pass: `--injury knee` listed nothing, exit 0)
    for flag, value, known in (
        ("--pattern", pattern, {ex.pattern for ex in cat.exercises.values()}),
        ("--injury", injury, {t for ex in cat.exercises.values() for t in ex.injury_tags}),
    ):
        if value is not None and value not in known:
            names = ", ".join(sorted(known))
            raise InvalidInput(f"{flag}: {value!r} is not one of {names}")
    kit = None
    if equipment:
        from runstrength.kit import resolve_kit, split_equipment

        kit = resolve_kit(split_equipment(equipment), cat, rules)
    return [
        ex
        for ex in cat.exercises.values()
        if (wanted_category is None or ex.category is wanted_category)
        and (pattern is None or ex.pattern == pattern)
        and (wanted_level is None or ex.level is wanted_level)
        and (injury is None or injury in ex.injury_tags)
        and (kit is None or kit_allows(ex, kit))
    ]


def show(
    exercise_id: params.ExerciseIdArg,
    catalog: params.ListCatalogOpt = None,
    fmt: params.TableFormatOpt = "table",
) -> None:
    """Show one exercise: dose, kit, progressions, cues and video (json: every field)."""
    from runstrength.inputs import parse_choice

    out = parse_choice("--format", fmt, _OutFormat)
    cat, _ = _catalog(catalog)
    ex = cat.require(exercise_id)
    if out is _OutFormat.JSON:
        typer.echo(json.dumps(ex.model_dump(mode="json"), indent=2, ensure_ascii=False))
        return
    _print_exercise(ex, cat)


def check(
    path: Annotated[Path, typer.Argument(metavar="FILE", help="The catalog YAML file to check.")],
) -> None:
    """Check a catalog file merged over the default one and print every problem."""
    from runstrength.catalog import inspect_catalog
    from runstrength.render.common import noun

    report = inspect_catalog(path)
    if report.problems:
        from runstrength.text import printable

        for problem in report.problems:
            typer.echo(printable(problem), err=True)  # a problem may quote hostile text
        raise typer.Exit(2)
    typer.echo(f"{path}: ok, {noun(report.entries, 'exercise')}")


# --------------------------------------------------------------------------- helpers


class _OutFormat(StrEnum):
    TABLE = "table"
    JSON = "json"


def _equipment_text(ex: Exercise) -> str:
    text = ", ".join(ex.equipment)
    if ex.loadable_with:
        text += f" (+{', '.join(ex.loadable_with)})"
    return text


def _dose_text(dose: Dose) -> str:
    """`2–3 × 8–12 reps per side`, `3 × 20–45 s`, `2–4 × 20–40 m`…"""
    from runstrength.text import span

    amounts = {
        "load": (dose.reps, " reps, loaded"),
        "reps": (dose.reps, " reps"),
        "time": (dose.seconds, " s"),
        "contacts": (dose.contacts, " contacts"),
        "distance": (dose.distance_m, " m"),
    }
    amount, unit = amounts[dose.type.value]
    text = f"{span(*dose.sets)} × {span(*amount) if amount else '?'}{unit}"
    return text + (" per side" if dose.per_side else "")


def _print_table(rows: Sequence[Exercise]) -> None:
    """One table, rows grouped under a heading per category (a category column won't fit);
    on a narrow terminal, one block per exercise instead."""
    from rich.text import Text

    from runstrength.cli.tables import print_rows, table_console
    from runstrength.enums import Category
    from runstrength.render.common import noun

    order = list(Category)
    cells: list[tuple[str, ...]] = []
    headings: set[int] = set()
    current = None
    for ex in sorted(rows, key=lambda ex: order.index(ex.category)):  # stable: catalog order
        if ex.category is not current:
            if current is not None:
                headings.add(len(cells))
                cells.append(("",))
            current = ex.category
            headings.add(len(cells))
            cells.append((current.value,))
        cells.append((ex.id, ex.name, ex.pattern, ex.level.value, _equipment_text(ex)))
    console = table_console()
    headers = ("id", "name", "pattern", "level", "equipment")
    # ids are what `catalog show` takes: never cut them; the other columns wrap instead
    print_rows(console, headers, cells, whole=(0,), headings=headings)
    console.print()
    console.print(Text(noun(len(rows), "exercise")))


def _print_exercise(ex: Exercise, cat: Catalog) -> None:
    from rich.style import Style
    from rich.table import Table
    from rich.text import Text

    from runstrength.cli.console import make_console

    def linked(exercise_id: str | None) -> str:
        if exercise_id is None:
            return "—"
        other = cat.get(exercise_id)
        return f"{exercise_id} ({other.name})" if other else exercise_id

    rows: list[tuple[str, str]] = [
        ("id", ex.id),
        ("category", ex.category.value),
        ("pattern", ex.pattern),
        ("laterality", ex.laterality.value),
        ("level", ex.level.value),
        ("equipment", ", ".join(ex.equipment)),
        ("loadable with", ", ".join(ex.loadable_with) or "—"),
        ("dose", _dose_text(ex.dose)),
        ("tempo", ex.tempo or "—"),
        ("max seconds", str(ex.max_seconds) if ex.max_seconds is not None else "—"),
        ("regression", linked(ex.regression)),
        ("progression", linked(ex.progression)),
        ("injury tags", ", ".join(ex.injury_tags) or "—"),
        ("heavy lower body", "yes" if ex.heavy_lower_body else "no"),
        ("warm-up", "yes" if ex.warmup else "no"),
    ]  # the planner's own fields (order rank, intensity tier, seed) are in --format json
    grid = Table.grid(padding=(0, 2))
    grid.add_column(style="bold", no_wrap=True)
    grid.add_column(overflow="fold")
    for label, value in rows:
        grid.add_row(Text(label), Text(value))
    for i, cue in enumerate(ex.cues):
        grid.add_row(Text("cues" if i == 0 else ""), Text(f"• {cue}"))
    console = make_console()
    console.print(Text(ex.name, style="bold"))
    console.print(grid)
    # The video link on one line of its own, never broken: a URL folded at the terminal's
    # edge is copied as two pieces (the QA pass); the terminal wraps it only on screen.
    label = "video".ljust(max(len(label) for label, _ in rows) + 2)
    video = Text.assemble((label, "bold"), Text(ex.video, style=Style(link=ex.video)))
    console.print(video, soft_wrap=True)
