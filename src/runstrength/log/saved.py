"""What the log keeps besides sessions: the profile, saved plans, known maxes, settings.

The upserts are shared with `transfer` (import writes the same rows the setters do).
"""

import datetime as dt
import json
import sqlite3
from collections.abc import Iterable, Sequence
from typing import Any, TypeVar

from runstrength.enums import LoadUnit
from runstrength.errors import InvalidInput, StorageError
from runstrength.log.catalog_setting import (
    CATALOGS_SETTING,
    MAX_CATALOGS,
    MAX_PATH,
    checked_catalogs,
    is_path_text,
)
from runstrength.log.db import Database, translated
from runstrength.log.plan_sanity import plan_problem
from runstrength.log.records import ActivePlan, PlanWeeks, SavedMax
from runstrength.log.stored_json import read_exact
from runstrength.model_json import plan_json, profile_json
from runstrength.models import Plan, Profile
from runstrength.values import Value, first_problem

M = TypeVar("M", bound=Value)
# §10.7: "<plan id> <date>": that plan replaced another on that date (see `_insert_plan`)
RESUMED_SETTING = "plan_resumed"

UPSERT_PROFILE = (
    "INSERT INTO profile (id, json) VALUES (1, ?) ON CONFLICT (id) DO UPDATE "
    "SET json = excluded.json, saved_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now')"
)
UPSERT_MAX = (
    "INSERT INTO maxes (exercise_id, e1rm, unit, source) VALUES (?, ?, ?, ?) "
    "ON CONFLICT (exercise_id) DO UPDATE SET e1rm = excluded.e1rm, "
    "unit = excluded.unit, source = excluded.source"
)
UPSERT_SETTING = (
    "INSERT INTO settings (key, value) VALUES (?, ?) "
    "ON CONFLICT (key) DO UPDATE SET value = excluded.value"
)


class Saved(Database):
    """Profile, plans, maxes and settings."""

    @translated
    def save_profile(self, profile: Profile) -> None:
        """Store `profile` as the runner's profile (replacing the previous one)."""
        with self._write() as conn:
            conn.execute(UPSERT_PROFILE, (profile_json(profile),))

    @translated
    def load_profile(self) -> Profile | None:
        """The saved profile, or None when none was saved."""
        raw = self.profile_json()
        return None if raw is None else self._parsed(Profile, raw, "saved profile", "save it again")

    def _parsed(self, model: type[M], raw: str, what: str, then: str) -> M:
        """`raw` (the JSON of a stored profile or plan) read as `model`, or the one-line
        StorageError that says what to do."""
        exact = read_exact(model, raw)
        if exact is not None:
            return exact
        from pydantic import ValidationError

        try:
            return model.model_validate_json(raw)
        except ValidationError as exc:
            raise self._unreadable(what, first_problem(exc), then) from None

    def _unreadable(self, what: str, why: str, then: str) -> StorageError:
        """The one line for a stored profile or plan that cannot be read, and what to do."""
        return StorageError(
            f"{self.path}: the {what} cannot be read ({why}); {then} with "
            "`runstrength plan ... --save`"
        )

    @translated
    def profile_json(self) -> str | None:
        """The saved profile exactly as stored (None before the first save)."""
        with self._read() as conn:
            row = conn.execute("SELECT json FROM profile WHERE id = 1").fetchone()
        return None if row is None else str(row["json"])

    @translated
    def save_profile_and_plan(
        self,
        profile: Profile,
        plan: Plan | None,
        *,
        based_on: str | None,
        today: dt.date | None = None,
        catalogs: Sequence[str] | None = None,
    ) -> int:
        """`plan --save`: store `profile` and `plan` (made from the profile read as
        `based_on`) in one transaction; refused, with nothing written, when another process
        changed the saved profile since it was read. `plan` None keeps the active plan (the
        same plan saved again keeps its log); with `today`, a new plan takes over the log of
        the one it replaces (`_insert_plan`); `catalogs` (absolute paths) replace the
        catalog files saved with the plan. Returns the new plan's id (0 when kept)."""
        with self._write() as conn:
            row = conn.execute("SELECT json FROM profile WHERE id = 1").fetchone()
            if (None if row is None else str(row["json"])) != based_on:
                raise StorageError(
                    f"{self.path}: the saved profile changed while this plan was made "
                    "(another runstrength wrote it); nothing was saved: run the command again"
                )
            conn.execute(UPSERT_PROFILE, (profile_json(profile),))
            if catalogs is not None:
                _store_catalogs(conn, catalogs)
            return 0 if plan is None else _insert_plan(conn, plan, today)

    @translated
    def catalogs(self) -> list[str]:
        """The catalog files saved with the plan (absolute paths; none: the shipped one
        alone). A stored value that is not a short list of paths is a one-line error."""
        with self._read() as conn:
            row = conn.execute(
                "SELECT value FROM settings WHERE key = ?", (CATALOGS_SETTING,)
            ).fetchone()
        return checked_catalogs(None if row is None else row[0], self.path)

    @translated
    def set_catalogs(self, catalogs: Sequence[str]) -> None:
        """Replace the catalog files saved with the plan (none: the shipped one alone)."""
        with self._write() as conn:
            _store_catalogs(conn, catalogs)

    @translated
    def profile_field(self, name: str) -> Any:
        """One top-level field of the saved profile as stored (not validated), or None."""
        with self._read() as conn:
            row = conn.execute(
                "SELECT json_valid(json), "
                "CASE WHEN json_valid(json) THEN json_extract(json, ?) END "
                "FROM profile WHERE id = 1",
                (f"$.{name}",),
            ).fetchone()
        if row is not None and not row[0]:
            # as `load_profile` says it (the QA pass: `history` said "malformed JSON" alone)
            raise self._unreadable("saved profile", "not JSON", "save it again")
        return row[1] if row is not None else None

    @translated
    def save_plan(self, plan: Plan, *, today: dt.date | None = None) -> int:
        """Store `plan` as the active plan; return its id in the log. With `today`, it takes
        over the log of the plan it replaces (`_insert_plan`)."""
        with self._write() as conn:
            return _insert_plan(conn, plan, today)

    @translated
    def resumed(self, plan_id: int) -> dt.date | None:
        """The date plan `plan_id` replaced another one on (§10.7), if it did."""
        raw = self.settings().get(RESUMED_SETTING, "").split()
        if len(raw) != 2 or raw[0] != str(plan_id):
            return None
        return _date_or_none(raw[1])

    @translated
    def active_plan(self) -> ActivePlan | None:
        """The plan saved last, or None."""
        with self._read() as conn:
            row = conn.execute("SELECT * FROM plans ORDER BY id DESC LIMIT 1").fetchone()
        if row is None:
            return None
        plan = self._parsed(Plan, row["json"], "saved plan", "save a new one")
        problem = plan_problem(plan)  # right types, impossible numbers: damage too
        if problem is not None:
            raise self._unreadable("saved plan", problem, "save a new one")
        return ActivePlan(id=int(row["id"]), plan=plan, saved_at=row["saved_at"])

    @translated
    def plan_weeks(self, plan_ids: Iterable[int]) -> dict[int, PlanWeeks]:
        """The race date and the weeks' phases and deloads of each stored plan of
        `plan_ids` (§4.6 across plans counts the weeks logged with older plans). Read from
        the JSON alone: a plan replaced long ago is only looked at, so one that does not
        read as JSON, or a value of the wrong kind, is left out rather than refused."""
        ids = sorted(set(plan_ids))
        if not ids:
            return {}
        marks = ", ".join("?" for _ in ids)
        with self._read() as conn:
            rows = conn.execute(
                "SELECT p.id, json_extract(p.json, '$.inputs.race_date'), "
                "json_extract(w.value, '$.index'), json_extract(w.value, '$.phase'), "
                "json_extract(w.value, '$.deload') FROM plans AS p, json_each("
                "CASE WHEN json_valid(p.json) THEN p.json ELSE '{}' END, '$.weeks') AS w "
                f"WHERE p.id IN ({marks}) ORDER BY p.id",
                ids,
            ).fetchall()
        found: dict[int, PlanWeeks] = {}
        for plan_id, race, index, phase, deload in rows:
            if plan_id not in found:
                found[plan_id] = PlanWeeks(_date_or_none(race), {})
            if isinstance(index, int) and isinstance(phase, str):
                found[plan_id].weeks[index] = (phase, bool(deload))
        return found

    @translated
    def set_max(self, exercise_id: str, e1rm: float, unit: LoadUnit, source: str = "seed") -> None:
        """Record a known max (an e1RM source) for one exercise, replacing an older one."""
        if not e1rm > 0:
            raise InvalidInput(f"a max must be above 0, got {e1rm:g}")
        with self._write() as conn:
            conn.execute(UPSERT_MAX, (exercise_id, float(e1rm), str(unit), source))

    @translated
    def remove_max(self, exercise_id: str) -> bool:
        """Remove the recorded max of one exercise; False when there was none."""
        with self._write() as conn:
            gone = conn.execute("DELETE FROM maxes WHERE exercise_id = ?", (exercise_id,))
            return gone.rowcount > 0

    @translated
    def maxes(self) -> dict[str, SavedMax]:
        """Every recorded max by exercise id."""
        with self._read() as conn:
            rows = conn.execute("SELECT * FROM maxes ORDER BY exercise_id").fetchall()
        return {
            r["exercise_id"]: SavedMax(
                r["exercise_id"], r["e1rm"], LoadUnit(r["unit"]), r["source"]
            )
            for r in rows
        }

    @translated
    def set_setting(self, key: str, value: str | None) -> None:
        """Store one setting (None removes it)."""
        with self._write() as conn:
            if value is None:
                conn.execute("DELETE FROM settings WHERE key = ?", (key,))
            else:
                conn.execute(UPSERT_SETTING, (key, value))

    @translated
    def settings(self) -> dict[str, str]:
        """Every stored setting."""
        with self._read() as conn:
            return {
                r[0]: r[1] for r in conn.execute("SELECT key, value FROM settings ORDER BY key")
            }


def _date_or_none(value: object) -> dt.date | None:
    """A stored ISO date, or None for none or anything else."""
    if not isinstance(value, str):
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        return None


def check_catalogs(catalogs: Sequence[str]) -> None:
    """Refuse catalog files that could not be read back once saved with a plan."""
    if len(catalogs) > MAX_CATALOGS or not all(map(is_path_text, catalogs)):
        raise InvalidInput(
            f"--catalog: at most {MAX_CATALOGS} files, each path at most {MAX_PATH} "
            "characters, can be saved with a plan"
        )


def _store_catalogs(conn: sqlite3.Connection, catalogs: Sequence[str]) -> None:
    check_catalogs(catalogs)
    if catalogs:
        conn.execute(UPSERT_SETTING, (CATALOGS_SETTING, json.dumps(list(catalogs))))
    else:
        conn.execute("DELETE FROM settings WHERE key = ?", (CATALOGS_SETTING,))


def _insert_plan(conn: sqlite3.Connection, plan: Plan, today: dt.date | None) -> int:
    """Insert `plan` as the active plan. With `today` (§10.7, `plan --save` of a different
    plan): the sessions logged with the plan it replaces are attached to the new plan's
    sessions by date (`progress.carry_keys`), and the new plan carries on from `today`:
    its sessions before it are past (done or missed), so `next` does not start over."""
    old = conn.execute("SELECT max(id) FROM plans").fetchone()[0]
    cur = conn.execute("INSERT INTO plans (json) VALUES (?)", (plan_json(plan),))
    new = int(cur.lastrowid or 0)
    if today is None or old is None:
        return new
    rows = conn.execute(
        "SELECT id, date FROM sessions WHERE plan_id = ? AND week IS NOT NULL", (old,)
    ).fetchall()
    if not rows:  # nothing logged with the replaced plan: the new one starts as planned
        return new
    from runstrength.log.progress import carry_keys  # the planner's placement: only here

    logged = [(int(r[0]), dt.date.fromisoformat(r[1])) for r in rows]
    labels = {(w.index, s.index): s.label for w, s in plan.sessions()}
    for sid, key in carry_keys(plan, logged).items():
        conn.execute(
            "UPDATE sessions SET plan_id = ?, week = ?, session = ?, label = ? WHERE id = ?",
            (new, key[0], key[1], labels[key], sid),
        )
    conn.execute(UPSERT_SETTING, (RESUMED_SETTING, f"{new} {today.isoformat()}"))
    return new
