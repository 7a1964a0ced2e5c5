"""The one hardened YAML reader: every YAML file runstrength reads goes through it.

Catalogs, the rules file and coach rosters are read with the safe loader only, and the
composed node tree is inspected before any Python object is built: unknown tags, too many
aliases, deep nesting, recursive aliases and documents that expand past a node budget (a
"billion laughs") are refused. A refusal is a `Refused` whose text is the whole problem
line (`<file>:<line>: <path>: <problem>`); each caller turns it into its own error.
`yaml` is imported inside functions so that `runstrength --help` never loads it.
"""

from __future__ import annotations

from collections import deque
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from yaml.nodes import Node

MAX_BYTES = 4 * 1024 * 1024  # the shipped catalog is ~40 kB
MAX_ALIASES = 100
MAX_NODES = 200_000  # after alias expansion; the shipped catalog has ~3,000
MAX_DEPTH = 32  # the shipped catalog nests 5 deep
YAML_PREFIX = "tag:yaml.org,2002:"
MERGE_TAG = YAML_PREFIX + "merge"
NULL_TAG = YAML_PREFIX + "null"
_STR_TAG = YAML_PREFIX + "str"
_SEQ_TAG = YAML_PREFIX + "seq"
_MAP_TAG = YAML_PREFIX + "map"


class Refused(Exception):
    """A document this module will not read; the message is the whole problem line."""


class SyntaxProblem(Refused):
    """Not YAML at all. `line` is where the parser noticed it and `problem` its words
    alone, so a caller may word it in its own style."""

    def __init__(self, message: str, line: int | None, problem: str) -> None:
        super().__init__(message)
        self.line = line
        self.problem = problem


def read_text(path: Path, name: str) -> str:
    """A file's text within MAX_BYTES, as UTF-8 (a BOM is dropped)."""
    try:
        if not path.exists():
            raise Refused(f"{name}: no such file")
        if not path.is_file():
            raise Refused(f"{name}: not a regular file")
        size = path.stat().st_size
        if size > MAX_BYTES:
            raise Refused(f"{name}: file too large ({size} bytes; the limit is {MAX_BYTES})")
        with path.open("rb") as handle:
            data = handle.read(MAX_BYTES + 1)
    except OSError as exc:
        raise Refused(f"{name}: cannot read ({exc.strerror})") from None
    if len(data) > MAX_BYTES:
        raise Refused(f"{name}: file too large (the limit is {MAX_BYTES} bytes)")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise Refused(f"{name}:{line}: not UTF-8 text") from None


def load(
    text: str, name: str, *, label: str = "document", unique_keys: bool = True
) -> tuple[Node | None, Any]:
    """The root node and the constructed data of one document, or Refused.

    `label` names the root in a problem's field path (`exercises[2].dose`); with
    `unique_keys` a key written twice in one mapping is refused too.
    """
    import yaml

    loader_cls = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    loader = loader_cls(text)
    try:
        try:
            root = loader.get_single_node()
        except yaml.YAMLError as exc:
            raise _syntax(name, exc) from None
        except RecursionError:  # only the pure-Python fallback composer recurses per level
            raise Refused(f"{name}: nested too deeply") from None
        if root is None:
            return None, None
        try:
            data = _Inspector(name, loader, label, unique_keys).inspect(root)
            if data is None:
                data = loader.construct_document(root)
        except yaml.YAMLError as exc:
            raise _syntax(name, exc) from None
        except (ValueError, TypeError, AttributeError, OverflowError) as exc:
            # explicit tags with impossible values, e.g. `!!int abc`
            raise Refused(f"{name}: cannot build the YAML values: {exc}") from None
        return root, data
    finally:
        loader.dispose()


def load_file(
    path: Path, name: str | None = None, *, label: str = "document", unique_keys: bool = True
) -> tuple[Node | None, Any]:
    """`read_text` then `load`."""
    shown = str(path) if name is None else name
    return load(read_text(path, shown), shown, label=label, unique_keys=unique_keys)


def line(node: Node) -> int:
    """The 1-based line a node starts on."""
    return int(node.start_mark.line) + 1


def short_tag(tag: str) -> str:
    """`tag:yaml.org,2002:int` -> `!!int`."""
    return "!!" + tag[len(YAML_PREFIX) :] if tag.startswith(YAML_PREFIX) else tag


def _syntax(name: str, exc: Exception) -> SyntaxProblem:
    problem = getattr(exc, "problem", None)
    if problem is None:
        return SyntaxProblem(f"{name}: invalid YAML: {exc}", None, str(exc))
    mark = getattr(exc, "problem_mark", None)
    context = getattr(exc, "context", None) or ""
    context_mark = getattr(exc, "context_mark", None)
    noticed = mark or context_mark
    noticed_at = noticed.line + 1 if noticed is not None else None
    # an unclosed [ or { and a key without ':' are noticed lines later: point at their start
    if ("simple key" in context or "flow" in context) and context_mark is not None:
        mark = context_mark
    at = mark.line + 1 if mark is not None else None
    where = f"{name}:{at}" if at is not None else name
    message = f"{where}: invalid YAML: " + (f"{context}: {problem}" if context else problem)
    return SyntaxProblem(message, noticed_at, problem)


class _Inspector:
    """Walks the composed node tree once, before construction, refusing what is unsafe.

    Aliases share node objects, so a collection met twice is an alias use; sizes are memoised
    per node, which makes measuring a billion-laughs expansion cheap. The same walk builds the
    Python values of plain documents (str, int, float, bool, null, lists, mappings), which is
    about twice as fast as PyYAML's constructor; anything else (merge keys, timestamps, sets…)
    clears `plain` and the caller constructs the document the usual way. The field path of a
    problem is only worked out when there is one.
    """

    def __init__(self, name: str, loader: Any, label: str, unique_keys: bool) -> None:
        import yaml.constructor

        self.name = name
        self.label = label
        self.unique_keys = unique_keys
        self.allowed = {t for t in yaml.constructor.SafeConstructor.yaml_constructors if t}
        self.allowed.add(MERGE_TAG)
        self.sizes: dict[int, int] = {}
        self.values: dict[int, Any] = {}
        self.open: set[int] = set()
        self.aliases = 0
        self.plain = True
        self.scalars: dict[str, Any] = {
            NULL_TAG: lambda node: None,
            YAML_PREFIX + "bool": loader.construct_yaml_bool,
            YAML_PREFIX + "int": loader.construct_yaml_int,
            YAML_PREFIX + "float": loader.construct_yaml_float,
            # a date is made here too, so an impossible one (2026-02-30) is refused with its
            # line and field; PyYAML's own construction said neither (hostile-input QA)
            YAML_PREFIX + "timestamp": loader.construct_yaml_timestamp,
        }

    def inspect(self, root: Node) -> Any:
        """Check the whole tree; return its value, or None when `plain` was cleared."""
        try:
            _, value = self._child(root, 0)
        except _Refused as exc:
            path = _node_path(root, exc.node, self.label) or self.label
            raise Refused(f"{self.name}:{line(exc.node)}: {path}: {exc.message}") from None
        return value if self.plain else None

    def _child(self, node: Node, depth: int) -> tuple[int, Any]:
        from yaml.nodes import ScalarNode

        tag = node.tag
        if tag not in self.allowed:
            raise _Refused(node, f"unsupported tag {short_tag(tag)!r}")
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
        # e.g. `!!int abc`; `!!timestamp abc` fails inside PyYAML as an AttributeError
        except (ValueError, TypeError, OverflowError, AttributeError):
            raise _Refused(node, f"{node.value!r} is not a valid {short_tag(tag)}") from None

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
                if key_node.tag == MERGE_TAG:
                    self.plain = False
                elif isinstance(label, str) and self.unique_keys:
                    if label in firsts:
                        first = line(firsts[label])
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


def _node_path(root: Node, target: Node, label: str) -> str:
    """The shortest field path of `target` below the root, e.g. `exercises[2].dose`."""
    from yaml.nodes import MappingNode, SequenceNode

    seen: set[int] = set()
    todo: deque[tuple[Node, str]] = deque([(root, label)])
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
                name = key_node.value if isinstance(key_node.value, str) else "?"
                todo.append((key_node, f"{path}.{name}"))
                todo.append((value_node, f"{path}.{name}"))
    return ""
