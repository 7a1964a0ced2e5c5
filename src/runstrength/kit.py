"""The runner's kit: which equipment a `--equipment` value means, and what it allows.

`plan --equipment` and `catalog list --equipment` must mean the same kit; both come here.
"""

from __future__ import annotations

from collections.abc import Iterable

from runstrength.errors import InvalidProfile
from runstrength.models import Catalog, Exercise
from runstrength.rulebook import Rulebook


def resolve_kit(equipment: Iterable[str], catalog: Catalog, rules: Rulebook) -> frozenset[str]:
    """Expand presets and check every name against the presets and the catalog."""
    # Everyone has a floor, a wall and a step: a list such as `dumbbells,box` adds to the
    # bodyweight basics of the `none` preset rather than replacing them.
    kit: set[str] = {"none", *rules.equipment_presets.get("none", [])}
    known: set[str] | None = None  # looked up only for a name that is no preset (each plan)
    for name in equipment:
        if name in rules.equipment_presets:
            kit.update(rules.equipment_presets[name])
            continue
        if known is None:
            lists = rules.equipment_presets.values()
            known = catalog.equipment_names() | {n for names in lists for n in names}
        if name in known:
            kit.add(name)
        else:
            from runstrength.text import close_words

            close = close_words(name, sorted(known | set(rules.equipment_presets)), most=1)
            hint = f"; did you mean {close[0]}?" if close else ""
            presets = ", ".join(rules.equipment_presets)
            raise InvalidProfile(
                f"--equipment: unknown equipment {name!r}{hint} (presets: {presets}; "
                "or catalog names such as dumbbells, kettlebell, barbell, box)"
            )
    return frozenset(kit)


def kit_allows(exercise: Exercise, kit: frozenset[str]) -> bool:
    """True when the runner's kit holds everything the exercise needs."""
    return set(exercise.equipment) <= kit


def split_equipment(spec: str) -> list[str]:
    """`"dumbbells, box"` -> `["dumbbells", "box"]` (lower-cased, blanks dropped)."""
    return [name.strip().lower() for name in spec.split(",") if name.strip()]


__all__ = ["kit_allows", "resolve_kit", "split_equipment"]
