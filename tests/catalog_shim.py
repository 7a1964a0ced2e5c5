"""Temporary: build the catalog straight from YAML until runstrength.catalog lands."""
from __future__ import annotations

try:
    from runstrength.catalog import load_catalog
except ImportError:  # pragma: no cover
    import yaml

    from runstrength.models import Catalog, Exercise
    from runstrength.paths import data_file

    def load_catalog(extra=()):  # type: ignore[no-untyped-def]
        raw = yaml.load(data_file("exercises.yaml").read_text(), Loader=yaml.CSafeLoader)
        return Catalog(exercises={e["id"]: Exercise.model_validate(e) for e in raw})
