"""How `log import` writes a checked export: plans, then sessions (importer.py checks
every row first and runs this inside one transaction)."""

import json
import sqlite3
from collections.abc import Mapping, Sequence
from typing import Any, NamedTuple

from pydantic import BaseModel, ConfigDict

from runstrength.errors import InvalidInput
from runstrength.log.records import SET_FIELDS, LoggedSession, set_values
from runstrength.log.sessions import load_sessions
from runstrength.models import Plan


class PlanRow(BaseModel):
    """A saved plan as the export holds it."""

    model_config = ConfigDict(frozen=True, extra="forbid", defer_build=True)

    id: int
    saved_at: str
    plan: dict[str, Any]


class SessionsDone(NamedTuple):
    """What importing the sessions did, and where each of the file's session ids went."""

    added: int
    skipped: int
    renumbered: int
    ids: dict[int, int]  # the file's session id -> the log's
    relinked: int = 0  # sessions in the log that took the file's plan link
    edited: int = 0  # sessions edited in the log since the file was written: kept as edited


def import_plans(conn: sqlite3.Connection, plans: list[tuple[PlanRow, Plan]]) -> dict[int, int]:
    """Insert the file's plans; the file's plan id -> the log's (the same plan already in
    the log keeps its id; another plan under that id gets a new one)."""
    plan_ids: dict[int, int] = {}
    for p, _ in plans:
        payload = json.dumps(p.plan, ensure_ascii=False)
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
    return plan_ids


def _with_plan_id(
    conn: sqlite3.Connection,
    row: LoggedSession,
    plan_ids: dict[int, int],
    where: str,
    *,
    with_plans: bool,
    layouts: "Layouts",
) -> LoggedSession:
    """The session with its plan id as the log numbers it. A JSON export carries its plans;
    a CSV one does not, so its plan ids are kept as they are (the CSV round trip of one
    log) where this log's plan of that id has that week's session, label and dates; else
    the session is kept unattached (a CSV from another log named another plan by that id:
    attaching it moved `next` on by two weeks)."""
    if row.plan_id is None:
        return row
    if not with_plans and not _fits_saved_plan(conn, row, layouts):
        return row._replace(plan_id=None, week=None, session=None)
    if (
        with_plans
        and row.plan_id not in plan_ids
        and not conn.execute("SELECT 1 FROM plans WHERE id = ?", (row.plan_id,)).fetchone()
    ):
        raise InvalidInput(f"{where}: plan_id {row.plan_id} is neither in the file nor in the log")
    return row._replace(plan_id=plan_ids.get(row.plan_id, row.plan_id))


def import_sessions(
    conn: sqlite3.Connection,
    sessions: list[LoggedSession],
    plan_ids: dict[int, int],
    source: str,
    *,
    with_plans: bool,
    times: Mapping[int, Sequence[str | None]] | None = None,
) -> SessionsDone:
    """Insert the sessions not in the log yet. A session the log holds already
    (`_identity`: the same day, time of logging, label, note and sets) is skipped, whatever
    its id there and whatever plan link either has, so a file imported twice adds nothing
    in any mix of formats; where the log's copy has no plan link and the file's has one (a
    CSV imported before its plan was in the log), the log's copy takes the link. A session
    the log holds under the same id and time of logging but edited since (`log edit`: its
    date, note or sets) is the same session: it is kept as edited, not added beside it.
    A new session's sets are written with their `times` (by the file's session id; a set
    without one gets NULL, as one logged before m009: the session's time stands in); a
    skipped one's sets that have no time in the log take the file's (`_fill_set_times`)."""
    skipped = relinked = edited = 0
    ids: dict[int, int] = {}
    new: list[LoggedSession] = []
    matched: set[int] = set()  # log sessions already matched by a row of this file
    layouts: Layouts = {}  # each saved plan read once, not once a row
    for i, row in enumerate(sessions):
        incoming = _with_plan_id(
            conn, blank_as_none(row), plan_ids, f"{source}: sessions[{i}]",
            with_plans=with_plans, layouts=layouts,
        )  # fmt: skip
        logged = _logged_as(conn, incoming, matched)
        changed = logged is None and (logged := _edited_since(conn, incoming, matched)) is not None
        if logged is None:
            new.append(incoming)
            continue
        matched.add(logged.id)
        ids[row.id] = logged.id
        if changed:
            edited += 1
            continue
        skipped += 1
        _fill_set_times(conn, logged.id, (times or {}).get(row.id))
        if logged.plan_id is None and incoming.plan_id is not None:
            conn.execute(
                "UPDATE sessions SET plan_id = ?, week = ?, session = ? WHERE id = ?",
                (incoming.plan_id, incoming.week, incoming.session, logged.id),
            )
            relinked += 1
    # Sessions whose id is taken get new ids only after every free id is used, so they
    # never steal the id of a later session in the same import.
    clashing: list[LoggedSession] = []
    for incoming in new:
        if conn.execute("SELECT 1 FROM sessions WHERE id = ?", (incoming.id,)).fetchone():
            clashing.append(incoming)
        else:
            ids[incoming.id] = insert_session(
                conn, incoming, keep_id=True, times=(times or {}).get(incoming.id)
            )
    for incoming in clashing:
        ids[incoming.id] = insert_session(
            conn, incoming, keep_id=False, times=(times or {}).get(incoming.id)
        )
    return SessionsDone(len(new), skipped, len(clashing), ids, relinked, edited)


def _fill_set_times(
    conn: sqlite3.Connection, session_id: int, times: Sequence[str | None] | None
) -> None:
    """The file's set times for the log's copy of a session, on its sets that have none (a
    CSV of the log imported before its JSON): the copy has the same sets in the same order
    (`_identity`), and the JSON's times are what `log undo` reads."""
    ids = [
        r[0]
        for r in conn.execute("SELECT id FROM sets WHERE session_id = ? ORDER BY id", (session_id,))
    ]
    if not times or len(ids) != len(times):
        return
    conn.executemany(
        "UPDATE sets SET created_at = ? WHERE id = ? AND created_at IS NULL",
        [(at, set_id) for set_id, at in zip(ids, times, strict=True) if at is not None],
    )


def _identity(s: LoggedSession) -> tuple[object, ...]:
    """What makes a session the same one in the log, a JSON export and a CSV export: all
    but its id (another log renumbers it when the id is taken) and its plan link (a CSV
    keeps it only where the log has that plan)."""
    s = blank_as_none(s)
    return (s.date, s.created_at, s.label, s.note, s.sets)


def _logged_as(
    conn: sqlite3.Connection, s: LoggedSession, matched: set[int]
) -> LoggedSession | None:
    """The log's session that is `s` (`_identity`), not matched yet by another row of the
    file (one copy in the log answers for one copy in the file); under `s`'s id if that
    one is it. Only sessions in the log before the import are read: the new ones are
    inserted after every row is matched."""
    same_day = load_sessions(
        conn, "WHERE se.date = ? AND se.created_at = ?", (s.date.isoformat(), s.created_at)
    )
    identity = _identity(s)
    found = [c for c in same_day if c.id not in matched and _identity(c) == identity]
    return min(found, key=lambda c: (c.id != s.id, c.id), default=None)


def _edited_since(
    conn: sqlite3.Connection, s: LoggedSession, matched: set[int]
) -> LoggedSession | None:
    """The log's session that `s` was before an edit: the same id and the same time of
    logging (`log edit` keeps both; two sessions logged apart never share them), not
    matched yet by another row of the file."""
    if not s.created_at or s.id in matched:
        return None
    found = load_sessions(conn, "WHERE se.id = ? AND se.created_at = ?", (s.id, s.created_at))
    return found[0] if found else None


def blank_as_none(s: LoggedSession) -> LoggedSession:
    """The session with an empty note or label as none, as `log` stores them: a CSV export
    cannot tell the two apart, so a JSON file's "" came back from the log's CSV as another
    session."""
    if s.note == "" or s.label == "":
        return s._replace(note=s.note or None, label=s.label or None)
    return s


# A set as imported: with the time it was written in the log it came from (export
# version 5), else NULL; never the time of the import, which would make every imported set
# newer than every report and check-in for `log undo`.
_INSERT_SET_AT = (
    f"INSERT INTO sets (session_id, {', '.join(SET_FIELDS)}, created_at) "
    f"VALUES (?, {', '.join('?' for _ in SET_FIELDS)}, ?)"
)


def insert_session(
    conn: sqlite3.Connection,
    s: LoggedSession,
    *,
    keep_id: bool,
    times: Sequence[str | None] | None = None,
) -> int:
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
    at = list(times) if times is not None and len(times) == len(s.sets) else [None] * len(s.sets)
    conn.executemany(
        _INSERT_SET_AT, [(sid, *set_values(st), t) for st, t in zip(s.sets, at, strict=True)]
    )
    return sid


# plan id -> its sessions' labels by (week, session) and its start date (None: no such
# plan in this log, or one not read as a plan)
Layouts = dict[int, tuple[dict[tuple[int, int], object], str | None] | None]


def _fits_saved_plan(conn: sqlite3.Connection, row: LoggedSession, layouts: Layouts) -> bool:
    """Whether this log's plan `row.plan_id` holds `row`'s week and session, with its label,
    and starts no later than `row`'s date."""
    assert row.plan_id is not None
    if row.plan_id not in layouts:
        layouts[row.plan_id] = _layout(conn, row.plan_id)
    layout = layouts[row.plan_id]
    if layout is None or row.week is None or row.session is None:
        return False
    labels, start = layout
    key = (row.week, row.session)
    if key not in labels or (row.label is not None and labels[key] != row.label):
        return False
    return start is None or start <= row.date.isoformat()


def _layout(
    conn: sqlite3.Connection, plan_id: int
) -> tuple[dict[tuple[int, int], object], str | None] | None:
    found = conn.execute("SELECT json FROM plans WHERE id = ?", (plan_id,)).fetchone()
    if found is None:
        return None
    try:
        plan = json.loads(found[0])
        labels = {
            (w["index"], s["index"]): s.get("label") for w in plan["weeks"] for s in w["sessions"]
        }
        return labels, plan["inputs"].get("start_date")
    except (ValueError, KeyError, TypeError, AttributeError):
        return None
