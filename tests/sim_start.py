"""The 12-week runner every log simulation starts from (test_log_simulation,
test_sim_invariants): the real catalog and rules, a plan saved as a runner's first
`plan --save` would save it."""

from __future__ import annotations

import datetime as dt
import functools
from pathlib import Path

from runstrength.catalog import load_catalog
from runstrength.enums import Level, LoadUnit
from runstrength.log.storage import SessionLog
from runstrength.models import Catalog, Profile
from runstrength.plan.engine import generate_plan
from runstrength.rulebook import Rulebook, load_rulebook

RULES: Rulebook = load_rulebook()
START = dt.date(2027, 1, 4)  # a Monday
WEEKS = 12


@functools.cache
def catalog() -> Catalog:
    return load_catalog()


def start(
    db: Path, *, level: Level = Level.INTERMEDIATE, unit: LoadUnit = LoadUnit.KG, **more: object
) -> Profile:
    profile = Profile.model_validate(
        {
            "season": "off",
            "weekly_volume": 40,
            "days": 2,
            "weeks": WEEKS,
            "level": level,
            "load_unit": unit,
            "start_date": START,
            "hard_days": ["tue", "thu"],
            "long_run_day": "sun",
            **more,
        }
    )
    plan = generate_plan(profile, catalog(), RULES, today=START, version="sim")
    with SessionLog(db) as log:
        log.save_profile(profile)
        log.save_plan(plan)
    return profile
