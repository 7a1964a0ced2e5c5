"""Read exercise catalogs from YAML, merge them by id and check them (training-rules.md §6, §7.30).

The shipped `data/exercises.yaml` is read first, then each extra file in order: an entry whose id
already exists replaces it, a new id is added. Every problem is one line,
`<file>:<line>: <field path>: <message>`, so an editor can jump to it.

User catalogs are untrusted input: they are read through `runstrength.yaml_safe`, which
refuses unknown tags, alias bombs, deep nesting and oversized files before building anything.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pydantic import ValidationError

from runstrength import paths, yaml_safe
from runstrength.enums import Category, DoseType, ExerciseLevel
from runstrength.errors import CatalogError
from runstrength.models import Catalog, Dose, Exercise
from runstrength.yaml_safe import line as _line

if TYPE_CHECKING:
    from yaml.nodes import Node

SEED_NAMES: tuple[str, ...] = (
    "Trap bar deadlift",
    "Pogos",
    "Deadbug",
    "Side plank hip circles",
    "Split squat calf raises",
    "Hamstring hold on roller",
)
ID_PATTERN = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
_LEVEL_RANK = {level: rank for rank, level in enumerate(ExerciseLevel)}
_LINK_FIELDS = ("regression", "progression")
# Exercises that must name the pain regions they load (§10.3): impact and lower-body work.
_REGION_CATEGORIES = frozenset(
    {
        Category.PLYOMETRIC,
        Category.MAIN_BILATERAL,
        Category.MAIN_UNILATERAL,
        Category.POSTERIOR_CHAIN,
        Category.CALF_FOOT_ANKLE,
        Category.HIP_GLUTE,
    }
)


@dataclass(frozen=True, order=True)
class _Problem:
    """One problem, sortable into file order then line order."""

    file_order: int
    line: int
    seq: int
    text: str


@dataclass
class _Place:
    """Where a list item was written."""

    file: str
    file_order: int
    index: int
    node: Node


@dataclass
class _Entry(_Place):
    """A valid exercise and where it was written."""

    exercise: Exercise


@dataclass
class _Broken(_Place):
    """An invalid item's link fields, still checked so that one run reports every problem."""

    links: dict[str, str]


@dataclass
class CatalogReport:
    """What `inspect_catalog` found: every problem, the file's entry count and the merged size."""

    problems: list[str]
    entries: int
    total: int


@dataclass
class _Checker:
    """Collects problems while reading files in order and merging their entries."""

    problems: list[_Problem] = field(default_factory=list)
    merged: dict[str, _Entry] = field(default_factory=dict)
    broken_ids: set[str] = field(default_factory=set)  # invalid entries: don't call them dangling
    broken: list[_Broken] = field(default_factory=list)
    first_name_ids: dict[str, str] = field(default_factory=dict)
    entry_counts: list[int] = field(default_factory=list)
    unreadable: bool = False  # a file could not be read: whole-catalog checks would be noise
    first_file: str = ""

    def add(self, file_order: int, line: int, text: str) -> None:
        self.problems.append(_Problem(file_order, line, len(self.problems), " ".join(text.split())))

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
            id_line = _locate(node, ("id",))
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
        try:
            exercise = Exercise.model_validate(raw)
        except ValidationError as exc:
            for err in exc.errors():
                if err["type"] == "default_factory_not_called":
                    continue  # inferred regions wait for the fields reported above
                loc = tuple(err["loc"])
                line = _locate(node, loc)
                self.add(file_order, line, f"{name}:{line}: {where}{_path(loc)}: {_message(err)}")
            ok = False
        else:
            for loc, message in _text_problems(exercise):
                line = _locate(node, loc)
                self.add(file_order, line, f"{name}:{line}: {where}{_path(loc)}: {message}")
                ok = False
        if not ok:
            if isinstance(raw_id, str):
                self.broken_ids.add(raw_id)
            links = {k: v for k in _LINK_FIELDS if isinstance(v := raw.get(k), str)}
            self.broken.append(_Broken(name, file_order, index, node, links))
            return
        self.first_name_ids.setdefault(exercise.name, exercise.id)
        entry = _Entry(name, file_order, index, node, exercise)
        self.merged[exercise.id] = entry  # an existing id keeps its place in the order

    # ---------------------------------------------------------------- whole catalog

    def check_merged(self) -> None:
        """Invariant 30 over the merged catalog: links resolve, no cycles, levels, seed names."""
        links: list[tuple[_Place, str, str | None]] = [
            (entry, link, getattr(entry.exercise, link))
            for entry in self.merged.values()
            for link in _LINK_FIELDS
        ]
        links += [
            (item, link, target) for item in self.broken for link, target in item.links.items()
        ]
        for place, link, target in links:
            if target is None or target in self.merged or target in self.broken_ids:
                continue
            close = difflib.get_close_matches(target, list(self.merged), n=1, cutoff=0.6)
            hint = f"; did you mean {close[0]!r}?" if close else ""
            self.add_at(place, (link,), f"unknown exercise {target!r}{hint}")
        for entry in self.merged.values():
            ex = entry.exercise
            if ex.progression is not None and ex.progression in self.merged:
                nxt = self.merged[ex.progression]
                if _LEVEL_RANK[nxt.exercise.level] < _LEVEL_RANK[ex.level]:
                    origin = "" if nxt.file == entry.file else f" ({_where(nxt)})"
                    self.add_at(
                        entry,
                        ("progression",),
                        f"progression {nxt.exercise.id!r}{origin} is {nxt.exercise.level.value}, "
                        f"below this exercise's level ({ex.level.value})",
                    )
        for link in _LINK_FIELDS:
            for cycle in _cycles({i: getattr(e.exercise, link) for i, e in self.merged.items()}):
                # blame the member from the latest file: that is most likely the new edit
                at = max(range(len(cycle)), key=lambda i: (self.merged[cycle[i]].file_order, -i))
                cycle = cycle[at:] + cycle[:at]
                chain = " -> ".join([*cycle, cycle[0]])
                self.add_at(self.merged[cycle[0]], (link,), f"{link} cycle: {chain}")
        for entry in self.merged.values():
            self.check_v2(entry)
        names = {e.exercise.name for e in self.merged.values()}
        for seed in SEED_NAMES:
            if seed in names:
                continue
            renamed = self.merged.get(self.first_name_ids.get(seed, ""))
            if renamed is not None:
                self.add_at(
                    renamed,
                    ("name",),
                    f"{renamed.exercise.name!r} renames the seed exercise {seed!r}; "
                    "seed names must stay verbatim",
                )
            else:
                self.add(0, 0, f"{self.first_file}: seed exercise {seed!r} is missing")

    def check_v2(self, entry: _Entry) -> None:
        """§10.3 regions and unloading regressions, §5.1 flat-floor variants, §10.10 limits."""
        ex = entry.exercise
        if not ex.regions and (ex.category in _REGION_CATEGORIES or ex.heavy_lower_body):
            self.add_at(
                entry,
                ("regions",),
                f"a {ex.category.value} exercise must name the pain regions it loads",
            )
        for index, target_id in enumerate(ex.unload):
            target = self.link(entry, ("unload", index), target_id)
            if target is None:
                continue
            extra = sorted(set(target.regions) - set(ex.regions))
            if target.id == ex.id:
                problem = "an exercise cannot unload itself"
            elif extra:
                problem = f"{target.id!r} loads {', '.join(extra)}, which this exercise does not"
            elif _load_rank(target) >= _load_rank(ex):
                problem = (
                    f"{target.id!r} is no lighter ({_load_kind(target)}) than this exercise "
                    f"({_load_kind(ex)}); name an isometric hold or a lighter variant"
                )
            else:
                continue
            self.add_at(entry, ("unload", index), problem)
        if ex.flat_variant is not None:
            flat = self.link(entry, ("flat_variant",), ex.flat_variant)
            if flat is not None and (flat.below_step or flat.id == ex.id):
                self.add_at(
                    entry,
                    ("flat_variant",),
                    f"flat variant {flat.id!r} is itself done below step level",
                )
        if ex.plyo_rank is not None and ex.progression in self.merged:
            nxt = self.merged[ex.progression].exercise
            if (
                nxt.plyo_rank is not None
                and nxt.category is ex.category
                and nxt.plyo_rank < ex.plyo_rank
            ):
                self.add_at(
                    entry,
                    ("plyo_rank",),
                    f"progression {nxt.id!r} has a lower plyo_rank ({nxt.plyo_rank}) "
                    f"than this exercise ({ex.plyo_rank})",
                )
        limits = (
            ("max_sets", ex.max_sets, ex.dose.sets),
            ("max_reps", ex.max_reps, ex.dose.reps),
            ("max_contacts", ex.max_contacts, ex.dose.contacts),
        )
        for name, limit, dose_range in limits:
            if limit is not None and dose_range is not None and limit < dose_range[1]:
                self.add_at(
                    entry,
                    (name,),
                    f"{name} {limit} is below the dose's own top ({dose_range[1]})",
                )

    def link(self, entry: _Entry, loc: tuple[str | int, ...], target: str) -> Exercise | None:
        """The exercise a v2 link names, or None after reporting an unknown id."""
        found = self.merged.get(target)
        if found is not None:
            return found.exercise
        if target not in self.broken_ids:
            close = difflib.get_close_matches(target, list(self.merged), n=1, cutoff=0.6)
            hint = f"; did you mean {close[0]!r}?" if close else ""
            self.add_at(entry, loc, f"unknown exercise {target!r}{hint}")
        return None

    def add_at(self, place: _Place, loc: tuple[str | int, ...], message: str) -> None:
        line = _locate(place.node, loc)
        where = f"exercises[{place.index}]{_path(loc)}"
        self.add(place.file_order, line, f"{place.file}:{line}: {where}: {message}")

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
    for field_name, value in exercise:
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


def _path(loc: tuple[Any, ...]) -> str:
    """Pydantic loc -> `.dose.sets[0]`; list indices are ints, so join with str()."""
    return "".join(f"[{part}]" if isinstance(part, int) else f".{part}" for part in loc)


def _locate(node: Node, loc: tuple[Any, ...]) -> int:
    """The line of the deepest node along `loc`: a field's key line, a list item's own line."""
    from yaml.nodes import MappingNode, SequenceNode

    line = _line(node)
    for part in loc:
        found: tuple[Node, Node] | None = None
        if isinstance(node, MappingNode) and isinstance(part, str):
            # construction flattened merge keys into node.value; the last duplicate wins
            for key_node, value_node in reversed(node.value):
                if key_node.value == part:
                    found = (key_node, value_node)
                    break
        elif (
            isinstance(node, SequenceNode) and isinstance(part, int) and 0 <= part < len(node.value)
        ):
            item = node.value[part]
            found = (item, item)
        if found is None:
            break
        line = _line(found[0])
        node = found[1]
    return line


def _message(err: Any) -> str:
    """Pydantic's message, with a did-you-mean for a misspelt field name."""
    msg = str(err["msg"])
    loc = tuple(err["loc"])
    if err["type"] == "extra_forbidden" and loc and isinstance(loc[-1], str):
        fields = Dose.model_fields if loc[:-1] == ("dose",) else Exercise.model_fields
        close = difflib.get_close_matches(loc[-1], list(fields), n=1, cutoff=0.6)
        if close:
            msg += f" (did you mean {close[0]!r}?)"
    return msg


def _load_rank(ex: Exercise) -> int:
    """How hard an exercise loads its tissues: impact > heavy lift > load > reps > hold."""
    if ex.category in (Category.PLYOMETRIC, Category.POWER):
        return 4
    if ex.heavy_lower_body:
        return 3
    return {DoseType.LOAD: 2, DoseType.TIME: 0}.get(ex.dose.type, 1)


def _load_kind(ex: Exercise) -> str:
    return ("an isometric hold", "bodyweight work", "a loaded exercise", "a heavy lift", "impact")[
        _load_rank(ex)
    ]


def _where(place: _Place) -> str:
    return f"{place.file}:{_line(place.node)}"


def _cycles(edges: dict[str, str | None]) -> list[list[str]]:
    """Each cycle of a graph where every node has at most one outgoing edge, in catalog order."""
    order = {node: i for i, node in enumerate(edges)}
    state: dict[str, int] = {}  # 1 = on the current walk, 2 = done
    found: list[list[str]] = []
    for start in edges:
        walk: list[str] = []
        node: str | None = start
        while node is not None and node in edges and state.get(node, 0) == 0:
            state[node] = 1
            walk.append(node)
            node = edges[node]
        if node is not None and state.get(node) == 1:
            cycle = walk[walk.index(node) :]
            first = min(range(len(cycle)), key=lambda i: order[cycle[i]])
            found.append(cycle[first:] + cycle[:first])
        for seen in walk:
            state[seen] = 2
    return found
