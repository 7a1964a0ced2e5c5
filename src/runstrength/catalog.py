"""Read exercise catalogs from YAML, merge them by id and check them (docs/method.md §6, §7.30).

The shipped `data/exercises.yaml` is read first, then each extra file in order: an entry whose id
already exists replaces it, a new id is added. Every problem is one line,
`<file>:<line>: <field path>: <message>`, so an editor can jump to it.

The checks over the merged whole (links, cycles, levels, seed names, v2 fields) live in
`runstrength.catalog_checks`; this module reads, validates and merges the entries.

User catalogs are untrusted input: they are read through `runstrength.yaml_safe`, which
refuses unknown tags, alias bombs, deep nesting and oversized files before building anything.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from runstrength import paths, yaml_safe
from runstrength.catalog_checks import (
    LINK_FIELDS,
    SEED_NAMES,
    Broken,
    Entry,
    MergedChecks,
    field_path,
    locate,
)
from runstrength.errors import CatalogError
from runstrength.models import Catalog, Dose, Exercise
from runstrength.text import close_words
from runstrength.values import quietly_converted
from runstrength.yaml_safe import line as _line

if TYPE_CHECKING:
    from yaml.nodes import Node

__all__ = [
    "ID_PATTERN",
    "SEED_NAMES",
    "CatalogReport",
    "check_catalog",
    "inspect_catalog",
    "load_catalog",
]

ID_PATTERN = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")


@dataclass
class CatalogReport:
    """What `inspect_catalog` found: every problem, the file's entry count and the merged size."""

    problems: list[str]
    entries: int
    total: int


@dataclass
class _Checker(MergedChecks):
    """Reads files in order, merging their valid entries; the whole-catalog checks are inherited."""

    entry_counts: list[int] = field(default_factory=list)
    unreadable: bool = False  # a file could not be read: whole-catalog checks would be noise

    # ---------------------------------------------------------------- one file

    def read_file(self, path: Path, file_order: int) -> None:
        """Parse, inspect and validate one file, then merge its valid entries."""
        name = str(path)
        self.entry_counts.append(0)
        try:
            root, items = _load_yaml(path, name)
        except yaml_safe.Refused as exc:
            self.unreadable = True
            self.add(file_order, 0, str(exc))
            return
        if root is None:
            self.unreadable = True
            self.add(file_order, 0, f"{name}: the file is empty; expected a list of exercises")
            return
        if not isinstance(items, list):
            self.unreadable = True
            line = _line(root)
            self.add(
                file_order, line, f"{name}:{line}: expected a list of exercises, got {_kind(items)}"
            )
            return
        self.entry_counts[-1] = len(items)
        seen: dict[str, int] = {}
        for index, (raw, node) in enumerate(zip(items, root.value, strict=True)):
            self.read_entry(raw, node, name, file_order, index, seen)

    def read_entry(
        self, raw: Any, node: Node, name: str, file_order: int, index: int, seen: dict[str, int]
    ) -> None:
        """Validate one list item and merge it if it is a sound exercise."""
        where = f"exercises[{index}]"
        if not isinstance(raw, dict):
            line = _line(node)
            got = _kind(raw)
            self.add(file_order, line, f"{name}:{line}: {where}: expected a mapping, got {got}")
            return
        raw_id = raw.get("id")
        ok = True
        if isinstance(raw_id, str):
            id_line = locate(node, ("id",))
            if not ID_PATTERN.fullmatch(raw_id):  # fullmatch: `$` allows a trailing newline
                self.add(
                    file_order,
                    id_line,
                    f"{name}:{id_line}: {where}.id: {raw_id!r} is not a kebab-case id "
                    "(lowercase letters and digits joined by single hyphens)",
                )
                ok = False
            if raw_id in seen:
                self.add(
                    file_order,
                    id_line,
                    f"{name}:{id_line}: {where}.id: duplicate id {raw_id!r} "
                    f"(first at line {seen[raw_id]})",
                )
                return  # keep the first one; the duplicate must not shadow it
            seen[raw_id] = id_line
        from pydantic import ValidationError

        try:
            exercise = Exercise.model_validate(raw)
        except ValidationError as exc:
            for err in exc.errors():
                loc = tuple(err["loc"])
                line = locate(node, loc)
                text = f"{name}:{line}: {where}{field_path(loc)}: {_message(err)}"
                self.add(file_order, line, text)
            ok = False
        else:
            problems = _text_problems(exercise)
            # what validation took quietly: `intensity: true` as 1, `sets: [true, 3]`
            converted = quietly_converted(raw, Exercise)
            for loc, message in [*problems, *([converted] if converted else [])]:
                line = locate(node, loc)
                self.add(file_order, line, f"{name}:{line}: {where}{field_path(loc)}: {message}")
                ok = False
        if not ok:
            if isinstance(raw_id, str):
                self.broken_ids.add(raw_id)
            links = {k: v for k in LINK_FIELDS if isinstance(v := raw.get(k), str)}
            self.broken.append(Broken(name, file_order, index, node, links))
            return
        self.first_name_ids.setdefault(exercise.name, exercise.id)
        entry = Entry(name, file_order, index, node, exercise)
        self.merged[exercise.id] = entry  # an existing id keeps its place in the order

    def run(self, files: Sequence[Path]) -> list[str]:
        """Read every file in order, merge, check the whole; return the sorted problem lines."""
        self.first_file = str(files[0])
        for order, path in enumerate(files):
            self.read_file(path, order)
        if not self.unreadable:
            self.check_merged()
        return [p.text for p in sorted(self.problems)]

    def catalog(self) -> Catalog:
        return Catalog(exercises={i: e.exercise for i, e in self.merged.items()})


# --------------------------------------------------------------------------- public API


def load_catalog(extra: Sequence[Path] = (), *, base: Path | None = None) -> Catalog:
    """The shipped catalog (or `base`) with each extra file merged over it by id, checked whole."""
    checker = _Checker()
    problems = checker.run(_files(extra, base))
    if problems:
        raise CatalogError(problems[0])
    return checker.catalog()


def check_catalog(path: Path, *, base: Path | None = None) -> list[str]:
    """Every problem of a user catalog merged over the default, one line each; [] when fine."""
    return inspect_catalog(path, base=base).problems


def inspect_catalog(path: Path, *, base: Path | None = None) -> CatalogReport:
    """Check a user catalog like `check_catalog` and also count its entries and the merged total."""
    checker = _Checker()
    files = _files([path], base)
    if Path(path).resolve() == files[0].resolve():
        files = files[:1]  # checking the shipped file itself: don't merge it over itself
    problems = checker.run(files)
    return CatalogReport(problems, checker.entry_counts[-1], len(checker.merged))


# --------------------------------------------------------------------------- YAML reading


def _files(extra: Iterable[Path], base: Path | None) -> list[Path]:
    return [base if base is not None else paths.data_file("exercises.yaml"), *map(Path, extra)]


def _load_yaml(path: Path, name: str) -> tuple[Node | None, Any]:
    """The root node and the constructed data of one file, or yaml_safe.Refused."""
    return yaml_safe.load_file(path, name, label="exercises")


# --------------------------------------------------------------------------- small helpers


# Text a person reads in several lines: a newline is fine there, and nowhere else.
_MULTILINE_FIELDS = frozenset({"cues"})


def _text_problems(exercise: Exercise) -> list[tuple[tuple[Any, ...], str]]:
    """Catalog text that must not reach a terminal or a document as it is: a control or
    escape character in any text field, or a video that is not an http(s) link."""
    from runstrength.text import control_char, url_problem

    found: list[tuple[tuple[Any, ...], str]] = []
    for field_name, value in exercise.__dict__.items():
        items = value if isinstance(value, list) else [value]
        for i, item in enumerate(items):
            if not isinstance(item, str):
                continue
            bad = control_char(item, multiline=field_name in _MULTILINE_FIELDS)
            loc = (field_name, i) if isinstance(value, list) else (field_name,)
            if bad is not None:
                found.append((loc, f"contains the control character {bad}"))
    problem = url_problem(exercise.video)
    if problem is not None and not any(loc == ("video",) for loc, _ in found):
        from runstrength.numbers import shown

        found.append((("video",), f"{shown(exercise.video, 60)} {problem}"))
    return found


def _kind(value: Any) -> str:
    kinds = {dict: "a mapping", list: "a list", str: "a string", type(None): "null"}
    return kinds.get(type(value), f"a {type(value).__name__}")


def _message(err: Any) -> str:
    """Pydantic's message, with a did-you-mean for a misspelt field name."""
    msg = str(err["msg"])
    if err["type"] == "value_error":  # our own checks' words, without pydantic's label
        msg = msg.removeprefix("Value error, ")
    loc = tuple(err["loc"])
    if err["type"] == "unexpected_keyword_argument" and loc and isinstance(loc[-1], str):
        msg = "Extra inputs are not permitted"  # pydantic's words for a model's unknown key
        fields = Dose._skeleton if loc[:-1] == ("dose",) else Exercise._skeleton
        close = close_words(loc[-1], fields, most=1)
        if close:
            msg += f" (did you mean {close[0]!r}?)"
    return msg
