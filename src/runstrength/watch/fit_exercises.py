"""The catalog id <-> FIT exercise table (data/fit_exercises.yaml), readable both ways."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from runstrength import paths
from runstrength.errors import CatalogError
from runstrength.watch import _fit

TABLE_FILE = "fit_exercises.yaml"
UNKNOWN = "unknown"
_MAX_BYTES = 256 * 1024


@dataclass(frozen=True, slots=True)
class FitExercise:
    """One exercise as the FIT profile names it; numbers are what the file stores."""

    category: str
    category_num: int
    name: str | None = None
    name_num: int | None = None

    @property
    def label(self) -> str:
        """'squat/goblet_squat', 'plyo' or 'unknown': how a report names it."""
        return f"{self.category}/{self.name}" if self.name else self.category


@dataclass(frozen=True, slots=True)
class FitExerciseTable:
    by_id: dict[str, FitExercise]

    def lookup(self, exercise_id: str) -> FitExercise:
        """The FIT exercise of a catalog id; category `unknown` when the table has none."""
        found = self.by_id.get(exercise_id)
        if found is not None:
            return found
        return FitExercise(UNKNOWN, _category_num(UNKNOWN))

    def reverse(self, category_num: int | None, name_num: int | None) -> str | None:
        """The catalog id whose (category, name) numbers these are, or None."""
        if category_num is None or name_num is None:
            return None
        for exercise_id, ex in self.by_id.items():
            if ex.category_num == category_num and ex.name_num == name_num:
                return exercise_id
        return None


def describe(category_num: int | None, name_num: int | None) -> str:
    """The FIT profile's words for a (category, name) pair, e.g. 'squat/goblet_squat'."""
    categories = _fit.type_values("exercise_category")
    if category_num is None or category_num not in categories:
        return UNKNOWN if category_num is None else f"category {category_num}"
    category = categories[category_num]
    if name_num is None:
        return category
    try:
        names = _fit.type_values(f"{category}_exercise_name")
    except KeyError:
        return f"{category}/{name_num}"
    return f"{category}/{names.get(name_num, str(name_num))}"


def load_table(path: Path | None = None) -> FitExerciseTable:
    """Read and check data/fit_exercises.yaml: every name must exist in the FIT profile."""
    import yaml

    source = path if path is not None else paths.data_file(TABLE_FILE)
    try:
        raw = source.read_bytes()
    except OSError as exc:
        raise CatalogError(
            f"{source}: cannot read the FIT exercise table ({exc.strerror})"
        ) from None
    if len(raw) > _MAX_BYTES:
        raise CatalogError(f"{source}: larger than {_MAX_BYTES} bytes")
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    try:
        data = yaml.load(raw.decode("utf-8"), Loader=loader)
    except (yaml.YAMLError, UnicodeDecodeError) as exc:
        raise CatalogError(f"{source}: {' '.join(str(exc).split())}") from None
    if not isinstance(data, dict):
        raise CatalogError(f"{source}: expected a mapping of exercise id -> {{category, name}}")
    table: dict[str, FitExercise] = {}
    seen: dict[tuple[int, int], str] = {}
    for key, entry in data.items():
        where = f"{source}: {key}"
        if not isinstance(key, str) or not isinstance(entry, dict):
            raise CatalogError(f"{where}: expected {{category: ..., name: ...}}")
        extra = set(entry) - {"category", "name"}
        if extra:
            raise CatalogError(f"{where}: unknown key {sorted(extra)[0]!r}")
        category = entry.get("category")
        name = entry.get("name")
        if not isinstance(category, str) or (name is not None and not isinstance(name, str)):
            raise CatalogError(f"{where}: category and name must be text")
        try:
            category_num = _category_num(category)
        except KeyError:
            raise CatalogError(f"{where}: {category!r} is not a FIT exercise_category") from None
        name_num = None
        if name is not None:
            try:
                name_num = _name_num(category, name)
            except KeyError:
                raise CatalogError(
                    f"{where}: {name!r} is not in the FIT profile's {category}_exercise_name"
                ) from None
            if (category_num, name_num) in seen:
                other = seen[category_num, name_num]
                raise CatalogError(f"{where}: {category}/{name} is already {other}")
            seen[category_num, name_num] = key
        table[key] = FitExercise(category, category_num, name, name_num)
    return FitExerciseTable(table)


def _category_num(category: str) -> int:
    for num, value in _fit.type_values("exercise_category").items():
        if value == category:
            return num
    raise KeyError(category)


def _name_num(category: str, name: str) -> int:
    for num, value in _fit.type_values(f"{category}_exercise_name").items():
        if value == name:
            return num
    raise KeyError(name)
