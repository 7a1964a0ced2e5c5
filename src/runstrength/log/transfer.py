"""Export the log as JSON or CSV, and import either back in one transaction."""

import csv
import io
import json
import sqlite3
from typing import Any, NamedTuple

from pydantic import BaseModel, ConfigDict, TypeAdapter, ValidationError

from runstrength.errors import InvalidInput
from runstrength.log.db import Database, translated
from runstrength.log.records import (
    CSV_COLUMNS,
    INSERT_SET,
    SESSION_FIELDS,
    SET_FIELDS,
    LoggedSession,
    SavedMax,
    session_dict,
    set_dict,
    set_values,
)
from runstrength.log.saved import UPSERT_MAX, UPSERT_PROFILE, UPSERT_SETTING
from runstrength.log.sessions import load_sessions
from runstrength.models import Plan, Profile

EXPORT_FORMAT = "runstrength-log"
EXPORT_VERSION = 1


class ImportResult(NamedTuple):
    added: int
    skipped: int
    renumbered: int = 0


class _Row(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid", defer_build=True)


_SESSION: TypeAdapter[LoggedSession] = TypeAdapter(LoggedSession)


class _PlanRow(_Row):
    id: int
    saved_at: str
    plan: dict[str, Any]


class _Export(_Row):
    format: str
    version: int
    # The records themselves validate the sessions, sets and maxes (unknown keys refused).
    sessions: list[LoggedSession]
    profile: dict[str, Any] | None = None
    plans: list[_PlanRow] = []
    maxes: list[SavedMax] = []
    settings: dict[str, str] = {}


class Transfer(Database):
    """`log export` and `log import`."""

    @translated
    def export_data(self) -> dict[str, Any]:
        """Everything in the log as JSON-ready data (the `log export --format json` shape)."""
        with self._read() as conn:
            sessions = load_sessions(conn, "", ())
            profile = conn.execute("SELECT json FROM profile WHERE id = 1").fetchone()
            plans = conn.execute("SELECT * FROM plans ORDER BY id").fetchall()
            maxes = conn.execute("SELECT * FROM maxes ORDER BY exercise_id").fetchall()
            settings = conn.execute("SELECT key, value FROM settings ORDER BY key").fetchall()
        return {
            "format": EXPORT_FORMAT,
            "version": EXPORT_VERSION,
            "sessions": [session_dict(s) for s in sessions],
            "profile": json.loads(profile["json"]) if profile else None,
            "plans": [
                {"id": r["id"], "saved_at": r["saved_at"], "plan": json.loads(r["json"])}
                for r in plans
            ],
            "maxes": [{k: r[k] for k in ("exercise_id", "e1rm", "unit", "source")} for r in maxes],
            "settings": {r[0]: r[1] for r in settings},
        }

    def export_json(self) -> str:
        """The whole log as one JSON document."""
        return json.dumps(self.export_data(), indent=2, ensure_ascii=False) + "\n"

    @translated
    def export_csv(self) -> str:
        """Sessions and sets as CSV, one row per set (a session without sets gets one row)."""
        with self._read() as conn:
            sessions = load_sessions(conn, "", ())
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(CSV_COLUMNS)
        for s in sessions:
            head = [s.id, s.date.isoformat(), s.plan_id, s.week, s.session, s.label, s.note]
            head.append(s.created_at)
            for st in s.sets or (None,):
                values = set_dict(st) if st is not None else dict.fromkeys(SET_FIELDS)
                writer.writerow([_csv_cell(v) for v in (*head, *values.values())])
        return out.getvalue()

    def import_text(self, text: str, source: str = "input") -> ImportResult:
        """Import a JSON or CSV export (detected from the content) in one transaction."""
        stripped = text.lstrip()
        if stripped.startswith("{"):
            try:
                raw = json.loads(text)
            except json.JSONDecodeError as exc:
                raise InvalidInput(
                    f"{source}: not valid JSON ({exc.msg}, line {exc.lineno})"
                ) from None
            try:
                data = _Export.model_validate(raw)
            except ValidationError as exc:
                err = exc.errors()[0]
                where = ".".join(str(p) for p in err["loc"])
                raise InvalidInput(f"{source}: {where}: {err['msg']}") from None
            if data.format != EXPORT_FORMAT:
                raise InvalidInput(f"{source}: not a runstrength log export")
            if data.version > EXPORT_VERSION:
                raise InvalidInput(
                    f"{source}: written by a newer runstrength; upgrade to import it"
                )
            return self._import(data)
        return self._import(
            _Export(format=EXPORT_FORMAT, version=1, sessions=_parse_csv(text, source))
        )

    @translated
    def _import(self, data: _Export) -> ImportResult:
        added = skipped = renumbered = 0
        with self._write() as conn:
            plan_ids: dict[int, int] = {}
            for p in data.plans:
                payload = json.dumps(p.plan, ensure_ascii=False)
                try:
                    Plan.model_validate(p.plan)
                except ValidationError as exc:
                    raise InvalidInput(f"plan {p.id}: {exc.errors()[0]['msg']}") from None
                row = conn.execute("SELECT json FROM plans WHERE id = ?", (p.id,)).fetchone()
                if row is None:
                    conn.execute(
                        "INSERT INTO plans (id, json, saved_at) VALUES (?, ?, ?)",
                        (p.id, payload, p.saved_at),
                    )
                    plan_ids[p.id] = p.id
                elif json.loads(row["json"]) == p.plan:
                    plan_ids[p.id] = p.id
                else:
                    cur = conn.execute(
                        "INSERT INTO plans (json, saved_at) VALUES (?, ?)", (payload, p.saved_at)
                    )
                    plan_ids[p.id] = int(cur.lastrowid or 0)
            clashing: list[LoggedSession] = []
            for row in data.sessions:
                incoming = row
                if incoming.plan_id is not None:
                    incoming = incoming._replace(
                        plan_id=plan_ids.get(incoming.plan_id, incoming.plan_id)
                    )
                existing = load_sessions(conn, "WHERE se.id = ?", (row.id,))
                if existing and existing[0] == incoming:
                    skipped += 1
                elif existing:
                    clashing.append(incoming)
                else:
                    _insert_session(conn, incoming, keep_id=True)
                    added += 1
            # Sessions whose id is taken get new ids only after every free id is used, so
            # they never steal the id of a later session in the same import.
            for incoming in clashing:
                _insert_session(conn, incoming, keep_id=False)
                added += 1
                renumbered += 1
            if data.profile is not None:
                try:
                    profile = Profile.model_validate(data.profile)
                except ValidationError as exc:
                    raise InvalidInput(f"profile: {exc.errors()[0]['msg']}") from None
                conn.execute(UPSERT_PROFILE, (profile.model_dump_json(),))
            for m in data.maxes:
                conn.execute(UPSERT_MAX, (m.exercise_id, m.e1rm, str(m.unit), m.source))
            for key, value in data.settings.items():
                conn.execute(UPSERT_SETTING, (key, value))
        return ImportResult(added=added, skipped=skipped, renumbered=renumbered)


def _insert_session(conn: sqlite3.Connection, s: LoggedSession, *, keep_id: bool) -> int:
    cur = conn.execute(
        "INSERT INTO sessions (id, date, plan_id, week, session, label, note, created_at) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        (
            s.id if keep_id else None,
            s.date.isoformat(),
            s.plan_id,
            s.week,
            s.session,
            s.label,
            s.note,
            s.created_at,
        ),
    )
    sid = int(cur.lastrowid or 0)
    conn.executemany(INSERT_SET, [(sid, *set_values(st)) for st in s.sets])
    return sid


def _csv_cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        return repr(value)
    return str(value)


def _parse_csv(text: str, source: str) -> list[LoggedSession]:
    reader = csv.DictReader(io.StringIO(text))
    if reader.fieldnames is None or tuple(reader.fieldnames) != CSV_COLUMNS:
        raise InvalidInput(
            f"{source}: not a runstrength log export (the CSV header must be "
            f"{','.join(CSV_COLUMNS)})"
        )
    sessions: dict[int, dict[str, Any]] = {}
    for line_no, row in enumerate(reader, start=2):
        cells = {k: (v if v != "" else None) for k, v in row.items()}
        try:
            sid = int(cells["session_id"] or "")
        except ValueError:
            raise InvalidInput(f"{source}:{line_no}: session_id must be a number") from None
        session = sessions.setdefault(
            sid,
            {
                "id": sid,
                **{k: cells[k] for k in SESSION_FIELDS[1:]},
                "sets": [],
            },
        )
        if session["created_at"] is None:
            session["created_at"] = ""
        if cells["exercise_id"] is not None:
            session["sets"].append({k: cells[k] for k in SET_FIELDS})
    try:
        return [_SESSION.validate_python(s) for s in sessions.values()]
    except ValidationError as exc:
        err = exc.errors()[0]
        where = ".".join(str(p) for p in err["loc"])
        raise InvalidInput(f"{source}: {where}: {err['msg']}") from None
