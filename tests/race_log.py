"""Helpers shared by the race-log tests (test_race_rest_log, test_same_day_log,
test_race_rest_overdue, test_next_race_week): a half-marathon build from Monday 2026-12-07,
sessions logged on given days, the CLI with the clock injected, and the rules a moved
session keeps."""

from __future__ import annotations

import datetime as dt
import json
import re
from typing import Any

from typer.testing import CliRunner, Result

from runstrength.catalog import load_catalog
from runstrength.cli import app
from runstrength.enums import RaceDistance, Weekday
from runstrength.log.progress import History, Key, find
from runstrength.log.records import LoggedSession
from runstrength.models import Plan, Profile, Session
from runstrength.plan import generate_plan
from runstrength.plan.race import in_a_row, race_day_block, taper_crowded
from runstrength.rulebook import default_rulebook

RULES = default_rulebook()
CATALOG = load_catalog()
SAVED = dt.date(2026, 12, 1)
START = dt.date(2026, 12, 7)


def half_plan(race: dt.date, **fields: object) -> Plan:
    """A half on `race` from START, three days a week unless `fields` say otherwise."""
    profile = Profile.model_validate(
        {
            "race_date": race,
            "race_distance": RaceDistance.HALF,
            "start_date": START,
            "days": 3,
            **fields,
        }
    )
    return generate_plan(profile, CATALOG, RULES, today=SAVED)


def key_on(plan: Plan, day: dt.date) -> Key:
    """The one session planned on `day`."""
    (key,) = [(w.index, s.index) for w, s in plan.sessions() if s.date == day]
    return key


def logged(days: dict[Key, dt.date]) -> History:
    """Each session of `days` logged on its day, in date order."""
    sessions = [
        LoggedSession(id=i, date=day, sets=(), plan_id=1, week=key[0], session=key[1])
        for i, (key, day) in enumerate(sorted(days.items(), key=lambda kv: kv[1]), start=1)
    ]
    return History(sessions=sessions, plan_id=1)


def on_their_days(plan: Plan, until: dt.date) -> dict[Key, dt.date]:
    """Every session before `until`, done on its own day."""
    return {
        (w.index, s.index): s.date
        for w, s in plan.sessions()
        if s.date is not None and s.date < until
    }


def keeps_the_race_rules(
    session: Session, new: dt.date, others: list[dt.date], race: dt.date
) -> None:
    """`session` on `new` keeps a day between it and each of `others` in the race's last
    `race_rest_days` (§3.4), the race-day block and the taper's limits."""
    assert not any(in_a_row((race - new).days, (race - d).days, RULES) for d in others)
    assert race_day_block(session, new, race, RaceDistance.HALF, RULES) is None
    assert taper_crowded(new, others, race, RULES) is None


def moved_keeps_every_rule(
    plan: Plan,
    moved: Key,
    new: dt.date,
    after: dt.date,
    others: list[dt.date],
    long_run: Weekday | None,
    race: dt.date,
) -> None:
    """The session `moved` to `new` is later than `after`, in its own plan week, off the
    long-run day and every other session's day, and keeps the race rules."""
    week, session = find(plan, moved)
    assert after < new and (new - START).days // 7 + 1 == week.index
    assert long_run is None or new.weekday() != long_run.number
    assert new not in others
    keeps_the_race_rules(session, new, others, race)


# ---------------------------------------------------------------- the CLI


def invoke(today: dt.date, *args: str) -> Result:
    env = {"RUNSTRENGTH_TODAY": today.isoformat(), "COLUMNS": "200", "NO_COLOR": "1"}
    return CliRunner().invoke(app, list(args), env=env)


def ok(today: dt.date, *args: str) -> str:
    result = invoke(today, *args)
    assert result.exit_code == 0, result.output
    return result.stdout


def save_half(saved: dt.date, race: dt.date, *args: str) -> None:
    """`plan --save` for a half on `race`, with `args` (the start, the days…)."""
    ok(
        saved,
        *("plan", "--race-date", race.isoformat(), "--race-distance", "half"),
        *(*args, "--save", "--format", "md"),
    )


def do_as_next_says(start: dt.date, until: dt.date) -> list[tuple[dict[str, Any], str]]:
    """Day by day from `start` to the day before `until`: each session `next` gives for
    that day logged done; what `next` gave and what `log --done` said, for each."""
    done = []
    today = start
    while today < until:
        nxt = json.loads(ok(today, "next", "--format", "json"))
        if nxt["date"] == today.isoformat():
            done.append((nxt, ok(today, "log", "--done")))
        today += dt.timedelta(days=1)
    return done


def redate_the_last(through: dt.date, names: str, today: dt.date, to: dt.date) -> None:
    """Every session `next` gives done on its day from START through `through`; the last one
    logged, which `names`, re-dated on `today` to `to` (`log edit --date`)."""
    said = do_as_next_says(START, through + dt.timedelta(days=1))[-1][1]
    assert names in said, said
    found = re.search(r"Session #(\d+) ", said)
    assert found is not None, said
    ok(today, "log", "edit", found.group(1), "--date", to.isoformat())


def next_says(today: dt.date, heading: str, why: str, date: dt.date) -> None:
    """`next` on `today` gives `heading` and says `why`, and its JSON gives `date`."""
    out = ok(today, "next")
    assert heading in out, out
    assert why in " ".join(out.split()), out
    assert json.loads(ok(today, "next", "--format", "json"))["date"] == date.isoformat()
