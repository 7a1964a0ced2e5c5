"""Read exercise catalogs from YAML, merge them by id and check them (training-rules.md §6, §7.30).

The shipped `data/exercises.yaml` is read first, then each extra file in order: an entry whose id
already exists replaces it, a new id is added. Every problem is one line,
`<file>:<line>: <field path>: <message>`, so an editor can jump to it.

User catalogs are untrusted input. They are read with the safe loader only, and the node tree
is inspected before any Python object is built: unknown tags, too many aliases, deep nesting,
recursive aliases and documents that expand past a node budget (a "billion laughs") are refused.
`yaml` is imported inside functions so that `runstrength --help` never loads it.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pydantic import ValidationError

from runstrength import paths
from runstrength.enums import ExerciseLevel
from runstrength.errors import CatalogError
from runstrength.models import Catalog, Dose, Exercise

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
MAX_BYTES = 4 * 1024 * 1024  # the shipped catalog is ~40 kB
MAX_ALIASES = 100
MAX_NODES = 200_000  # after alias expansion; the shipped catalog has ~3,000
MAX_DEPTH = 32  # the shipped catalog nests 5 deep
_LEVEL_RANK = {level: rank for rank, level in enumerate(ExerciseLevel)}
_YAML_PREFIX = "tag:yaml.org,2002:"
_MERGE_TAG = _YAML_PREFIX + "merge"
_STR_TAG = _YAML_PREFIX + "str"
_SEQ_TAG = _YAML_PREFIX + "seq"
_MAP_TAG = _YAML_PREFIX + "map"
_LINK_FIELDS = ("regression", "progression")


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


class _Unsafe(Exception):
    """A document this loader refuses to construct; the message is the whole problem line."""


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
        except _Unsafe as exc:
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
            if not ID_PATTERN.match(raw_id):
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
                loc = tuple(err["loc"])
                line = _locate(node, loc)
                self.add(file_order, line, f"{name}:{line}: {where}{_path(loc)}: {_message(err)}")
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

    def add_at(self, place: _Place, loc: tuple[str, ...], message: str) -> None:
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
    """The root node and the constructed data of one file, or _Unsafe with the problem line."""
    import yaml

    text = _read_text(path, name)
    loader_cls = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    loader = loader_cls(text)
    try:
        try:
            root = loader.get_single_node()
        except yaml.YAMLError as exc:
            raise _Unsafe(_yaml_error(name, exc)) from None
        except RecursionError:  # only the pure-Python fallback composer recurses per level
            raise _Unsafe(f"{name}: nested too deeply") from None
        if root is None:
            return None, None
        try:
            data = _Inspector(name, loader).inspect(root)
            if data is None:
                data = loader.construct_document(root)
        except yaml.YAMLError as exc:
            raise _Unsafe(_yaml_error(name, exc)) from None
        except (ValueError, TypeError, AttributeError, OverflowError) as exc:
            # explicit tags with impossible values, e.g. `!!int abc`
            raise _Unsafe(f"{name}: cannot build the YAML values: {exc}") from None
        return root, data
    finally:
        loader.dispose()


def _read_text(path: Path, name: str) -> str:
    try:
        if not path.exists():
            raise _Unsafe(f"{name}: no such file")
        if not path.is_file():
            raise _Unsafe(f"{name}: not a regular file")
        size = path.stat().st_size
        if size > MAX_BYTES:
            raise _Unsafe(f"{name}: file too large ({size} bytes; the limit is {MAX_BYTES})")
        with path.open("rb") as handle:
            data = handle.read(MAX_BYTES + 1)
    except OSError as exc:
        raise _Unsafe(f"{name}: cannot read ({exc.strerror})") from None
    if len(data) > MAX_BYTES:
        raise _Unsafe(f"{name}: file too large (the limit is {MAX_BYTES} bytes)")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise _Unsafe(f"{name}:{line}: not UTF-8 text") from None


def _yaml_error(name: str, exc: Exception) -> str:
    problem = getattr(exc, "problem", None)
    if problem is None:
        return f"{name}: invalid YAML: {exc}"
    mark = getattr(exc, "problem_mark", None)
    context = getattr(exc, "context", None) or ""
    context_mark = getattr(exc, "context_mark", None)
    # an unclosed [ or { and a key without ':' are noticed lines later: point at their start
    if ("simple key" in context or "flow" in context) and context_mark is not None:
        mark = context_mark
    where = f"{name}:{mark.line + 1}" if mark is not None else name
    return f"{where}: invalid YAML: " + (f"{context}: {problem}" if context else problem)


class _Inspector:
    """Walks the composed node tree once, before construction, refusing what is unsafe.

    Aliases share node objects, so a collection met twice is an alias use; sizes are memoised
    per node, which makes measuring a billion-laughs expansion cheap. The same walk builds the
    Python values of plain documents (str, int, float, bool, null, lists, mappings), which is
    about twice as fast as PyYAML's constructor; anything else (merge keys, timestamps, sets…)
    clears `plain` and the caller constructs the document the usual way. The field path of a
    problem is only worked out when there is one.
    """

    def __init__(self, name: str, loader: Any) -> None:
        import yaml.constructor

        self.name = name
        self.allowed = {t for t in yaml.constructor.SafeConstructor.yaml_constructors if t}
        self.allowed.add(_MERGE_TAG)
        self.sizes: dict[int, int] = {}
        self.values: dict[int, Any] = {}
        self.open: set[int] = set()
        self.aliases = 0
        self.plain = True
        self.scalars: dict[str, Any] = {
            _YAML_PREFIX + "null": lambda node: None,
            _YAML_PREFIX + "bool": loader.construct_yaml_bool,
            _YAML_PREFIX + "int": loader.construct_yaml_int,
            _YAML_PREFIX + "float": loader.construct_yaml_float,
        }

    def inspect(self, root: Node) -> Any:
        """Check the whole tree; return its value, or None when `plain` was cleared."""
        try:
            _, value = self._child(root, 0)
        except _Refused as exc:
            path = _node_path(root, exc.node) or "exercises"
            raise _Unsafe(f"{self.name}:{_line(exc.node)}: {path}: {exc.message}") from None
        return value if self.plain else None

    def _child(self, node: Node, depth: int) -> tuple[int, Any]:
        from yaml.nodes import ScalarNode

        tag = node.tag
        if tag not in self.allowed:
            raise _Refused(node, f"unsupported tag {_short_tag(tag)!r}")
        if not isinstance(node, ScalarNode):
            return self._collection(node, depth + 1)
        # scalars are leaves and an aliased scalar multiplies nothing: no bookkeeping
        if tag == _STR_TAG:
            return 1, node.value
        make = self.scalars.get(tag)
        if make is None:
            self.plain = False
            return 1, None
        try:
            return 1, make(node)
        except (ValueError, TypeError, OverflowError):  # e.g. `!!int abc`
            raise _Refused(node, f"{node.value!r} is not a valid {_short_tag(tag)}") from None

    def _collection(self, node: Node, depth: int) -> tuple[int, Any]:
        from yaml.nodes import MappingNode

        key = id(node)
        if key in self.open:
            raise _Refused(node, "recursive alias; refusing to read it")
        if key in self.sizes:
            self.aliases += 1
            if self.aliases > MAX_ALIASES:
                raise _Refused(
                    node, f"more than {MAX_ALIASES} aliases; refusing a possible YAML bomb"
                )
            return self.sizes[key], self.values[key]
        if depth > MAX_DEPTH:
            raise _Refused(node, f"nested more than {MAX_DEPTH} levels deep")
        self.open.add(key)
        size = 1
        value: Any
        if isinstance(node, MappingNode):
            value = {}
            if node.tag != _MAP_TAG:
                self.plain = False  # !!set, !!omap as a mapping
            firsts: dict[str, Node] = {}
            for key_node, value_node in node.value:
                label = key_node.value
                if key_node.tag == _MERGE_TAG:
                    self.plain = False
                elif isinstance(label, str):
                    if label in firsts:
                        first = _line(firsts[label])
                        raise _Refused(key_node, f"duplicate key {label!r} (first at line {first})")
                    firsts[label] = key_node
                key_size, key_value = self._child(key_node, depth)
                value_size, item = self._child(value_node, depth)
                size += key_size + value_size
                if self.plain:
                    try:
                        value[key_value] = item
                    except TypeError:  # an unhashable key: let PyYAML word the error
                        self.plain = False
        else:
            if node.tag != _SEQ_TAG:
                self.plain = False  # !!omap, !!pairs
            value = []
            for child in node.value:
                child_size, item = self._child(child, depth)
                size += child_size
                value.append(item)
        self.open.discard(key)
        if size > MAX_NODES:
            raise _Refused(
                node, f"expands to more than {MAX_NODES} nodes; refusing a possible YAML bomb"
            )
        self.sizes[key] = size
        self.values[key] = value
        return size, value


class _Refused(Exception):
    def __init__(self, node: Node, message: str) -> None:
        super().__init__(message)
        self.node = node
        self.message = message


def _node_path(root: Node, target: Node) -> str:
    """The shortest field path of `target` below the root list, e.g. `exercises[2].dose`."""
    from collections import deque

    from yaml.nodes import MappingNode, SequenceNode

    seen: set[int] = set()
    todo: deque[tuple[Node, str]] = deque([(root, "exercises")])
    while todo:  # breadth first: the shortest path, i.e. the first place the node is written
        node, path = todo.popleft()
        if node is target:
            return path
        if id(node) in seen:
            continue
        seen.add(id(node))
        if isinstance(node, SequenceNode):
            todo.extend((child, f"{path}[{i}]") for i, child in enumerate(node.value))
        elif isinstance(node, MappingNode):
            for key_node, value_node in node.value:
                label = key_node.value if isinstance(key_node.value, str) else "?"
                todo.append((key_node, f"{path}.{label}"))
                todo.append((value_node, f"{path}.{label}"))
    return ""


# --------------------------------------------------------------------------- small helpers


def _line(node: Node) -> int:
    return int(node.start_mark.line) + 1


def _short_tag(tag: str) -> str:
    return "!!" + tag[len(_YAML_PREFIX) :] if tag.startswith(_YAML_PREFIX) else tag


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
