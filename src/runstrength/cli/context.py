"""What every command reads from its surroundings: today's date and the core data files."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path
from typing import TYPE_CHECKING

from runstrength.errors import InvalidProfile

if TYPE_CHECKING:
    from runstrength.models import Catalog
    from runstrength.rulebook import Rulebook

TODAY_ENV = "RUNSTRENGTH_TODAY"  # tests and demos pin "today"; nothing else reads the clock


def today() -> dt.date:
    """Today's date, or $RUNSTRENGTH_TODAY when set."""
    pinned = os.environ.get(TODAY_ENV)
    if pinned:
        from runstrength.numbers import BadValue, strict_date

        try:
            return strict_date(pinned)  # 1900-2100, like every date the runner types
        except BadValue as exc:
            raise InvalidProfile(f"${TODAY_ENV}: {exc}") from None
    return dt.date.today()


def core_inputs(extra: list[Path]) -> tuple[Catalog, Rulebook]:
    """The catalog (shipped + extra files) and the rules, through the start-up cache."""
    from runstrength.cache import cached, model_codec, tuple_codec
    from runstrength.models import Catalog
    from runstrength.paths import data_file, user_dir
    from runstrength.rulebook import Rulebook

    def build_catalog() -> Catalog:
        from runstrength.catalog import load_catalog

        return load_catalog(extra)

    def build_rules() -> Rulebook:
        from runstrength.rulebook import load_rulebook

        return load_rulebook()

    folder = user_dir() / "cache"
    rules = cached("rules", [data_file("rules.yaml")], build_rules, folder, tuple_codec(Rulebook))
    sources = [data_file("exercises.yaml"), *extra]
    catalog = cached("catalog", sources, build_catalog, folder, model_codec(Catalog))
    return catalog, rules
