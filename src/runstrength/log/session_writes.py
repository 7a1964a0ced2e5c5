"""The write helpers of `Sessions.add_session` and `edit_session` (sessions.py): which
session new entries join, merging into it, and checking and applying an edit."""

import datetime as dt
import sqlite3
from collections.abc import Iterable, Mapping, Sequence

from runstrength.errors import InvalidInput
from runstrength.log.records import (
    INSERT_SET,
    MAX_ID,
    SET_FIELDS,
    LoggedSet,
    check_set,
    set_values,
)
from runstrength.log.spec import MAX_NOTE, check_date, check_text


def merge_target(
    conn: sqlite3.Connection, date: dt.date, plan_id: int | None, week: int | None,
    session: int | None,
) -> sqlite3.Row | None:  # fmt: skip
    """The session of `date` new entries join: the day's latest, but never one attached to
    another plan session (two plan sessions done on one day stay two)."""
    if plan_id is None:
        found: sqlite3.Row | None = conn.execute(
            "SELECT * FROM sessions WHERE date = ? ORDER BY id DESC LIMIT 1",
            (date.isoformat(),),
        ).fetchone()
        return found
    found = conn.execute(
        "SELECT * FROM sessions WHERE date = ? AND (plan_id IS NULL OR "
        "(plan_id = ? AND week IS ? AND session IS ?)) ORDER BY id DESC LIMIT 1",
        (date.isoformat(), plan_id, week, session),
    ).fetchone()
    return found


def merge_into(
    conn: sqlite3.Connection,
    existing: sqlite3.Row,
    attach: tuple[int | None, int | None, int | None, str | None],
    note: str | None,
) -> None:
    """Merge into `existing`: attach it to the plan session (plan id, week, session, label)
    when it had none, and append `note` to its note."""
    sid = int(existing["id"])
    if existing["plan_id"] is None and attach[0] is not None:
        conn.execute(
            "UPDATE sessions SET plan_id = ?, week = ?, session = ?, label = ? WHERE id = ?",
            (*attach, sid),
        )
    if note:
        append_note(conn, sid, note)


def append_note(conn: sqlite3.Connection, sid: int, note: str) -> None:
    """Join `note` to session `sid`'s note as the transaction of `conn` reads it: a note
    read before the transaction may be stale (another process may have joined its own)."""
    row = conn.execute("SELECT note FROM sessions WHERE id = ?", (sid,)).fetchone()
    joined = f"{row[0]}; {note}" if row is not None and row[0] else note
    check_text(joined, f"session {sid}: note", MAX_NOTE, multiline=True)
    conn.execute("UPDATE sessions SET note = ? WHERE id = ?", (joined, sid))


def last_set_numbers(conn: sqlite3.Connection, sid: int) -> dict[str, int]:
    """Exercise id -> its highest set number in session `sid` (new sets number on)."""
    return {
        r[0]: int(r[1])
        for r in conn.execute(
            "SELECT exercise_id, MAX(set_no) FROM sets WHERE session_id = ? GROUP BY exercise_id",
            (sid,),
        )
    }


def check_edit(
    session_id: int,
    date: dt.date | None,
    note: str | None,
    replace_sets: Mapping[str, Sequence[LoggedSet]],
) -> None:
    """Every value of an edit checked before the transaction starts."""
    where = f"session {session_id}"
    if not 0 <= session_id <= MAX_ID:
        raise InvalidInput(f"no logged session with id {session_id}; see `runstrength log list`")
    if date is not None:
        check_date(date, f"{where}: date")
    if note:
        check_text(note, f"{where}: note", MAX_NOTE, multiline=True)
    for new_sets in replace_sets.values():
        for i, st in enumerate(new_sets):
            check_set(st, f"{where}: set {i + 1}")


def replace_sets(
    conn: sqlite3.Connection,
    session_id: int,
    replace_sets: Mapping[str, Sequence[LoggedSet]],
    remove: Iterable[str],
) -> None:
    """Drop the `remove` exercises' sets, then replace each exercise's sets; an exercise
    keeps its place in the session (`log edit` moved it to the end: QA)."""
    order = exercise_order(conn, session_id)
    for exercise_id in remove:
        cur = conn.execute(
            "DELETE FROM sets WHERE session_id = ? AND exercise_id = ?",
            (session_id, exercise_id),
        )
        if cur.rowcount == 0:
            raise InvalidInput(f"session {session_id} has no {exercise_id!r} sets")
    for exercise_id, new_sets in replace_sets.items():
        conn.execute(
            "DELETE FROM sets WHERE session_id = ? AND exercise_id = ?",
            (session_id, exercise_id),
        )
        conn.executemany(
            INSERT_SET,
            [(session_id, *set_values(s._replace(exercise_id=exercise_id))) for s in new_sets],
        )
    if any(e in order for e in replace_sets):
        keep_order(conn, session_id, order)


def exercise_order(conn: sqlite3.Connection, session_id: int) -> list[str]:
    """The session's exercises in the order their first sets were written."""
    return [
        r[0]
        for r in conn.execute(
            "SELECT exercise_id FROM sets WHERE session_id = ? GROUP BY exercise_id "
            "ORDER BY min(id)",
            (session_id,),
        )
    ]


def keep_order(conn: sqlite3.Connection, session_id: int, order: Sequence[str]) -> None:
    """The session's sets rewritten (rows are read back in id order) with the exercises in
    `order` first, in that order, then any new one."""
    columns = ", ".join((*SET_FIELDS, "created_at"))  # a set keeps when it was written
    last = conn.execute("SELECT max(id) FROM sets WHERE session_id = ?", (session_id,)).fetchone()
    new = [e for e in exercise_order(conn, session_id) if e not in order]
    for exercise_id in [*order, *new]:
        conn.execute(
            f"INSERT INTO sets (session_id, {columns}) SELECT session_id, {columns} FROM sets "
            "WHERE session_id = ? AND exercise_id = ? AND id <= ? ORDER BY id",
            (session_id, exercise_id, last[0]),
        )
    conn.execute("DELETE FROM sets WHERE session_id = ? AND id <= ?", (session_id, last[0]))
