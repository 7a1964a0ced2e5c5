"""What a logged entry's day was under the race rules (§3.4): the loop QA run logged a back
squat 3 × 3 at 60 kg the day before a half marathon and the log took it without a word.
Done is done, so the entry is logged; one line says which rule the day had."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from runstrength.log.records import LoggedSet
from runstrength.models import Catalog, Plan, Session
from runstrength.plan.race import race_day_block
from runstrength.plan.rules import in_family, race_key
from runstrength.rulebook import Rulebook
from runstrength.text import noun


def race_day_note(
    plan: Plan, day: dt.date, sets: Sequence[LoggedSet], catalog: Catalog, rules: Rulebook
) -> str | None:
    """One line when `sets` (one exercise's, done on `day`) break a §3.4 rule of the
    plan's race: strength on the days before it that take none, heavy or jump work after
    its last day, or during the lockout after it; None otherwise."""
    race, distance = plan.inputs.race_date, plan.inputs.race_distance
    if race is None or distance is None or not sets:
        return None
    ex = catalog.exercises.get(sets[0].exercise_id)
    if ex is None:
        return None
    loaded = any(s.load is not None for s in sets)
    heavy = ex.heavy_lower_body and loaded
    contacts = sum(s.contacts or 0 for s in sets)
    jumps = contacts > rules.primer.contacts  # §3.4: a primer's 20 contacts are no jump session
    to_race = (race - day).days
    if to_race < 0:
        lockout = getattr(rules.post_race_lockout_days, race_key(distance))
        if -to_race > lockout or not (heavy or jumps):
            return None
        why = (
            f"no heavy lifting or jumps for {noun(lockout, 'day')} after a {distance.value} (§3.4)"
        )
    else:
        # the rule's "heavy or jump session": this entry, when it is either
        session = Session(index=1, label="·", heavy_lower_body=heavy or jumps, exercises=[])
        why = race_day_block(session, day, race, distance, rules) or ""
        core = in_family(ex, rules.families.core)  # §3.4: core of 15 min stays allowed
        if not why or (core and why.startswith("no strength work")):
            return None
    when = "before" if to_race >= 0 else "after"
    return (
        f"{day.isoformat()} is {noun(abs(to_race), 'day')} {when} your race: {why}; it is logged."
    )
