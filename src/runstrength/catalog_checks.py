"""Checks over the whole merged catalog (invariant 30, §10.3, §5.1, §10.10): links resolve,
no cycles, levels rise along progressions, seed names stay, v2 links and limits make sense.

`catalog` reads the files and merges their entries into a `MergedChecks`; this module holds
where each entry was written and reports each problem as `<file>:<line>: <field path>: ...`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from runstrength.enums import IMPACT, Category, DoseType, ExerciseLevel
from runstrength.models import Exercise
from runstrength.text import close_words
from runstrength.values import loc_path
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
_LEVEL_RANK = {level: rank for rank, level in enumerate(ExerciseLevel)}
LINK_FIELDS = ("regression", "progression")
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
class Problem:
    """One problem, sortable into file order then line order."""

    file_order: int
    line: int
    seq: int
    text: str


@dataclass
class Place:
    """Where a list item was written."""

    file: str
    file_order: int
    index: int
    node: Node


@dataclass
class Entry(Place):
    """A valid exercise and where it was written."""

    exercise: Exercise


@dataclass
class Broken(Place):
    """An invalid item's link fields, still checked so that one run reports every problem."""

    links: dict[str, str]


@dataclass
class MergedChecks:
    """The merged catalog so far, the problems found, and the checks over the whole of it."""

    problems: list[Problem] = field(default_factory=list)
    merged: dict[str, Entry] = field(default_factory=dict)
    broken_ids: set[str] = field(default_factory=set)  # invalid entries: don't call them dangling
    broken: list[Broken] = field(default_factory=list)
    first_name_ids: dict[str, str] = field(default_factory=dict)
    first_file: str = ""

    def add(self, file_order: int, line: int, text: str) -> None:
        self.problems.append(Problem(file_order, line, len(self.problems), " ".join(text.split())))

    def check_merged(self) -> None:
        """Invariant 30 over the merged catalog: links resolve, no cycles, levels, seed names."""
        links: list[tuple[Place, str, str | None]] = [
            (entry, link, getattr(entry.exercise, link))
            for entry in self.merged.values()
            for link in LINK_FIELDS
        ]
        links += [
            (item, link, target) for item in self.broken for link, target in item.links.items()
        ]
        for place, link, target in links:
            if target is None or target in self.merged or target in self.broken_ids:
                continue
            close = close_words(target, self.merged, most=1)
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
        for link in LINK_FIELDS:
            for cycle in _cycles({i: getattr(e.exercise, link) for i, e in self.merged.items()}):
                # blame the member from the latest file: that is most likely the new edit
                at = max(range(len(cycle)), key=lambda i: (self.merged[cycle[i]].file_order, -i))
                cycle = cycle[at:] + cycle[:at]
                chain = " -> ".join([*cycle, cycle[0]])
                self.add_at(self.merged[cycle[0]], (link,), f"{link} cycle: {chain}")
        for entry in self.merged.values():
            self.check_v2(entry)
        self.check_equipment()
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

    def check_equipment(self) -> None:
        """An equipment name a letter or two off one the first (shipped) catalog uses is a
        typo: `dumbels` matched no `--equipment`, and no plan chose the exercise (the
        second QA pass). A name far from every known one is new kit, and fine."""
        known = {
            name
            for entry in self.merged.values()
            if entry.file_order == 0
            for name in (*entry.exercise.equipment, *entry.exercise.loadable_with)
        }
        for entry in self.merged.values():
            ex = entry.exercise
            for field_name, names in (
                ("equipment", ex.equipment),
                ("loadable_with", ex.loadable_with),
            ):
                for index, name in enumerate(names):
                    close = [] if name in known else close_words(name, sorted(known), most=1)
                    if close:
                        self.add_at(
                            entry,
                            (field_name, index),
                            f"unknown equipment {name!r}; did you mean {close[0]!r}? (a new "
                            "name is fine when it is no typo)",
                        )

    def check_v2(self, entry: Entry) -> None:
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

    def link(self, entry: Entry, loc: tuple[str | int, ...], target: str) -> Exercise | None:
        """The exercise a v2 link names, or None after reporting an unknown id."""
        found = self.merged.get(target)
        if found is not None:
            return found.exercise
        if target not in self.broken_ids:
            close = close_words(target, self.merged, most=1)
            hint = f"; did you mean {close[0]!r}?" if close else ""
            self.add_at(entry, loc, f"unknown exercise {target!r}{hint}")
        return None

    def add_at(self, place: Place, loc: tuple[str | int, ...], message: str) -> None:
        line = locate(place.node, loc)
        where = f"exercises[{place.index}]{field_path(loc)}"
        self.add(place.file_order, line, f"{place.file}:{line}: {where}: {message}")


def field_path(loc: tuple[Any, ...]) -> str:
    """Pydantic loc -> `.dose.sets[0]`: `values.loc_path`, to follow a field's parent."""
    path = loc_path(loc)
    return f".{path}" if path and not path.startswith("[") else path


def locate(node: Node, loc: tuple[Any, ...]) -> int:
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


def _load_rank(ex: Exercise) -> int:
    """How hard an exercise loads its tissues: impact > heavy lift > load > reps > hold."""
    if ex.category in IMPACT:
        return 4
    if ex.heavy_lower_body:
        return 3
    return {DoseType.LOAD: 2, DoseType.TIME: 0}.get(ex.dose.type, 1)


def _load_kind(ex: Exercise) -> str:
    return ("an isometric hold", "bodyweight work", "a loaded exercise", "a heavy lift", "impact")[
        _load_rank(ex)
    ]


def _where(place: Place) -> str:
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
