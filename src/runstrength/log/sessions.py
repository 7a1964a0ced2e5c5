"""Logged sessions: add, read, recent (what `next` needs), undo and edit."""

import datetime as dt
import sqlite3
from collections.abc import Iterable, Iterator, Mapping, Sequence
from typing import Any

from runstrength.errors import InvalidInput, StorageError
from runstrength.log.db import Database, translated, where_clause
from runstrength.log.records import (
    INSERT_SET,
    MAX_EXERCISE_ID,
    MAX_ID,
    LoggedSession,
    LoggedSet,
    check_session,
    set_from_row,
    set_values,
    stored_date,
)
from runstrength.log.session_writes import (
    append_note,
    check_edit,
    exercise_order,
    keep_order,
    last_set_numbers,
    merge_into,
    merge_target,
)
from runstrength.log.session_writes import (
    replace_sets as replace_exercise_sets,
)
from runstrength.log.spec import MAX_DATE, MIN_DATE, check_text

IN_RANGE = f"date BETWEEN '{MIN_DATE.isoformat()}' AND '{MAX_DATE.isoformat()}'"


def latest_sessions(
    conn: sqlite3.Connection, exercise_id: str, count: int, since: dt.date | None = None
) -> list[int]:
    """Ids of the last `count` sessions (by date) with `exercise_id`, from `since` on.

    Candidates come newest-id first from the (exercise_id, session_id) index, four times
    as many as needed, then the dates decide: a few backfilled old sessions cannot crowd
    out the recent ones, and the cost stays flat however long the log grows.
    """
    date_cond = "AND session_id IN (SELECT id FROM sessions WHERE date >= ?)" if since else ""
    params: list[Any] = [exercise_id, *([since.isoformat()] if since else []), count * 4]
    candidates = [
        int(r[0])
        for r in conn.execute(
            f"SELECT DISTINCT session_id FROM sets WHERE exercise_id = ? {date_cond} "
            "ORDER BY session_id DESC LIMIT ?",
            params,
        )
    ]
    if not candidates:
        return []
    marks = ", ".join("?" for _ in candidates)
    return [
        int(r[0])
        for r in conn.execute(
            f"SELECT id FROM sessions WHERE id IN ({marks}) ORDER BY date DESC, id DESC LIMIT ?",
            (*candidates, count),
        )
    ]


def in_lists(ids: Sequence[int], size: int = 500) -> Iterator[tuple[Sequence[int], str]]:
    """`ids` in runs of at most `size`, each with its `?, ?, …` for an SQL IN list (SQLite
    limits the variables of one statement)."""
    for start in range(0, len(ids), size):
        chunk = ids[start : start + size]
        yield chunk, ", ".join("?" for _ in chunk)


def load_sessions(
    conn: sqlite3.Connection,
    where: str,
    params: Sequence[Any],
    order: str = "ASC",
    limit: int | None = None,
) -> list[LoggedSession]:
    """The sessions `where` selects (an SQL WHERE over `sessions se`), with their sets;
    at most `limit` of them (the first in `order`)."""
    cap = " LIMIT ?" if limit is not None else ""
    rows = conn.execute(
        f"SELECT se.* FROM sessions se {where} ORDER BY se.date {order}, se.id {order}{cap}",
        (*params, *([limit] if limit is not None else [])),
    ).fetchall()
    if not rows:
        return []
    by_id: dict[int, list[LoggedSet]] = {int(r["id"]): [] for r in rows}
    for chunk, marks in in_lists(list(by_id)):
        for srow in conn.execute(
            f"SELECT * FROM sets WHERE session_id IN ({marks}) ORDER BY id", chunk
        ):
            by_id[int(srow["session_id"])].append(set_from_row(srow))
    return [
        LoggedSession(
            id=int(r["id"]),
            date=stored_date(r["date"], f"sessions row {r['id']}"),
            sets=tuple(by_id[int(r["id"])]),
            plan_id=r["plan_id"],
            week=r["week"],
            session=r["session"],
            label=r["label"],
            note=r["note"],
            created_at=r["created_at"],
        )
        for r in rows
    ]


def _unrated(conn: sqlite3.Connection, sid: int, exercises: set[str]) -> list[LoggedSet]:
    """Session `sid`'s sets of `exercises` when every one of them is unrated (no RIR, no
    pain), deleted; none (and nothing deleted) for an exercise with a rated set: rated sets
    are never replaced, new ones join them."""
    out: list[LoggedSet] = []
    for exercise_id in sorted(exercises):
        rows = conn.execute(
            "SELECT * FROM sets WHERE session_id = ? AND exercise_id = ? ORDER BY id",
            (sid, exercise_id),
        ).fetchall()
        if rows and all(r["rir"] is None and r["pain"] is None for r in rows):
            out.extend(set_from_row(r) for r in rows)
            conn.execute(
                "DELETE FROM sets WHERE session_id = ? AND exercise_id = ?", (sid, exercise_id)
            )
    return out


class Sessions(Database):
    """Logged sessions and their sets."""

    @translated
    def add_session(
        self,
        date: dt.date,
        sets: Sequence[LoggedSet],
        *,
        plan_id: int | None = None,
        week: int | None = None,
        session: int | None = None,
        label: str | None = None,
        note: str | None = None,
        merge: bool = True,
        skipped: Sequence[str] = (),
        replaced: list[LoggedSet] | None = None,
    ) -> LoggedSession:
        """Record sets done on `date`, in one transaction; return the whole session.
        `skipped`: exercise ids of the plan session the runner did without on purpose
        (the walk's `skip`), kept with it (`skipped_in`).

        With `replaced` (a list, filled in here), the sets join the day's session of the
        same plan session in place of that exercise's unrated sets (`log --done`'s
        prescribed ones, or an unrated entry), which are put in the list: the check and the
        write in one transaction, so two processes logging at once end as one after the
        other does (QA: both entries were kept).

        With `merge` (the default) entries logged with the same date form one session:
        the sets are appended to that date's session, numbered on from its sets. Entries
        attached to a plan session only join a session of that date attached to the same
        plan session (or to none), so two plan sessions done on one day stay two.
        Every value is checked first (check_session): the log never holds one that breaks
        `next`, `plan` or `log` later.
        """
        check_session(
            LoggedSession(0, date, tuple(sets), plan_id, week, session, label, note),
            "log",
            new=True,
        )
        for exercise_id in skipped:
            check_text(exercise_id, "log: skipped", MAX_EXERCISE_ID, empty=False)
        with self._write() as conn:
            existing = merge_target(conn, date, plan_id, week, session) if merge else None
            took: list[LoggedSet] = []  # the unrated sets these replace (`replaced`)
            order: list[str] = []
            if existing is None:
                cur = conn.execute(
                    "INSERT INTO sessions (date, plan_id, week, session, label, note) "
                    "VALUES (?, ?, ?, ?, ?, ?)",
                    (date.isoformat(), plan_id, week, session, label, note or None),
                )
                sid = int(cur.lastrowid or 0)
                offsets: dict[str, int] = {}
            else:
                sid = int(existing["id"])
                if replaced is not None and (
                    existing["plan_id"],
                    existing["week"],
                    existing["session"],
                ) == (plan_id, week, session):
                    order = exercise_order(conn, sid)
                    took = _unrated(conn, sid, {x.exercise_id for x in sets})
                    replaced.extend(took)
                merge_into(conn, existing, (plan_id, week, session, label), note)
                offsets = last_set_numbers(conn, sid)
            conn.executemany(
                INSERT_SET,
                [
                    (sid, *set_values(s._replace(set_no=s.set_no + offsets.get(s.exercise_id, 0))))
                    for s in sets
                ],
            )
            if took:
                keep_order(conn, sid, order)  # a replaced exercise keeps its place
            conn.executemany(
                "INSERT OR IGNORE INTO skipped_exercises (session_id, exercise_id) VALUES (?, ?)",
                [(sid, exercise_id) for exercise_id in skipped],
            )
            return load_sessions(conn, "WHERE se.id = ?", (sid,))[0]

    @translated
    def skipped_in(self, session_ids: Iterable[int]) -> dict[int, frozenset[str]]:
        """The exercises each of these sessions did without on purpose (`add_session`'s
        `skipped`), by session id; a session without any is left out."""
        out: dict[int, set[str]] = {}
        with self._read() as conn:
            for chunk, marks in in_lists(sorted(set(session_ids))):
                for sid, exercise_id in conn.execute(
                    "SELECT session_id, exercise_id FROM skipped_exercises "
                    f"WHERE session_id IN ({marks}) ORDER BY id",
                    chunk,
                ):
                    out.setdefault(int(sid), set()).add(str(exercise_id))
        return {sid: frozenset(found) for sid, found in out.items()}

    @translated
    def sessions(
        self,
        since: dt.date | None = None,
        *,
        until: dt.date | None = None,
        plan_id: int | None = None,
        exercise: str | None = None,
        last: int | None = None,
    ) -> list[LoggedSession]:
        """Logged sessions, oldest first, optionally from `since` / up to `until` (inclusive);
        `last`: only the last N of them (read from the newest end, so `log list` stays fast
        on a long log)."""
        where, params = where_clause(
            ("se.date >= ?", since),
            ("se.date <= ?", until),
            ("se.plan_id = ?", plan_id),
            ("se.id IN (SELECT session_id FROM sets WHERE exercise_id = ?)", exercise),
        )
        with self._read() as conn:
            if last is not None:
                return load_sessions(conn, where, params, "DESC", limit=last)[::-1]
            return load_sessions(conn, where, params)

    @translated
    def recent(
        self,
        exercise_ids: Iterable[str],
        per_exercise: int,
        *,
        window_days: int,
        plan_id: int | None = None,
    ) -> list[LoggedSession]:
        """What `next` needs, oldest first: the last `per_exercise` sessions of each exercise,
        every session in the last `window_days` of the log and the one before them (so gaps
        between sessions are real gaps), and every session of plan `plan_id`.

        Each lookup walks an index from the newest end, so the cost does not grow with the
        length of the log. The two numbers are `rules.yaml: log_recent`."""
        with self._read() as conn:
            wanted: set[int] = set()
            for exercise_id in sorted(set(exercise_ids)):
                wanted.update(latest_sessions(conn, exercise_id, per_exercise))
            last = conn.execute(f"SELECT max(date) FROM sessions WHERE {IN_RANGE}").fetchone()[0]
            if last is not None:
                newest = dt.date.fromisoformat(last)
                window = dt.timedelta(days=window_days)
                # (a log written before dates were checked may hold 0001-01-01)
                since = (newest - window if newest - dt.date.min > window else newest).isoformat()
                wanted.update(
                    int(r[0])
                    for r in conn.execute("SELECT id FROM sessions WHERE date >= ?", (since,))
                )
                before = conn.execute(
                    "SELECT id FROM sessions WHERE date < ? ORDER BY date DESC, id DESC LIMIT 1",
                    (since,),
                ).fetchone()
                if before is not None:
                    wanted.add(int(before[0]))
            if plan_id is not None:
                wanted.update(
                    int(r[0])
                    for r in conn.execute("SELECT id FROM sessions WHERE plan_id = ?", (plan_id,))
                )
            if not wanted:
                return []
            # A temp table keeps the IN list out of SQLite's variable limit.
            conn.execute("CREATE TEMP TABLE IF NOT EXISTS _wanted (id INTEGER PRIMARY KEY)")
            conn.execute("DELETE FROM _wanted")
            conn.executemany("INSERT INTO _wanted VALUES (?)", [(i,) for i in wanted])
            # A session dated outside 1900–2100 (written before dates were checked) would
            # break date arithmetic in progression: left out here, still in `log list`.
            return load_sessions(
                conn, f"WHERE se.id IN (SELECT id FROM _wanted) AND {IN_RANGE}", ()
            )

    @translated
    def get_session(self, session_id: int) -> LoggedSession:
        """The logged session with that id, or InvalidInput."""
        with self._read() as conn:
            ok = 0 <= session_id <= MAX_ID
            found = load_sessions(conn, "WHERE se.id = ?", (session_id,)) if ok else []
        if not found:
            raise InvalidInput(
                f"no logged session with id {session_id}; see `runstrength log list`"
            )
        return found[0]

    @translated
    def last_session(self) -> LoggedSession | None:
        """The most recently logged session (highest id), or None for an empty log."""
        with self._read() as conn:
            row = conn.execute("SELECT max(id) FROM sessions").fetchone()
            if row[0] is None:
                return None
            return load_sessions(conn, "WHERE se.id = ?", (row[0],))[0]

    @translated
    def newest_entry(self) -> tuple[int, str] | None:
        """The session and exercise of the set written last, or None: `log undo` removes
        the newest session, which is not always where that went. Written last: the newest
        `created_at` (m009), then the highest id; a set without one (logged before m009, or
        imported from an older export) comes after every set with one. Ids alone are the
        order of this log's writes, not of an imported log's: an import writes the sets in
        session order, so an entry added to an earlier session lost its place."""
        with self._read() as conn:
            row = conn.execute(
                "SELECT session_id, exercise_id FROM sets "
                "ORDER BY created_at IS NULL, created_at DESC, id DESC LIMIT 1"
            ).fetchone()
        return (int(row[0]), str(row[1])) if row is not None else None

    @translated
    def undo_last(self, expected_id: int | None = None) -> LoggedSession:
        """Remove the most recently logged session and return it.

        `expected_id` guards against another process logging between show and remove.
        """
        with self._write() as conn:
            row = conn.execute("SELECT max(id) FROM sessions").fetchone()
            if row[0] is None:
                raise InvalidInput("the log is empty; there is nothing to undo")
            sid = int(row[0])
            if expected_id is not None and sid != expected_id:
                raise StorageError(f"{self.path}: the log changed meanwhile; run the command again")
            removed = load_sessions(conn, "WHERE se.id = ?", (sid,))[0]
            conn.execute("DELETE FROM sets WHERE session_id = ?", (sid,))
            conn.execute("DELETE FROM sessions WHERE id = ?", (sid,))
            return removed

    @translated
    def remove_session(self, shown: LoggedSession) -> LoggedSession:
        """Remove exactly the session `shown` (as read before, e.g. by `log undo`), in one
        transaction that checks it still holds what was shown: nothing is removed when
        another process changed it (merged an entry into it, edited it) or removed it."""
        with self._write() as conn:
            now = load_sessions(conn, "WHERE se.id = ?", (shown.id,))
            if not now or now[0] != shown:
                raise StorageError(
                    f"{self.path}: session #{shown.id} changed meanwhile (another runstrength "
                    "wrote to it); nothing was removed: run the command again"
                )
            conn.execute("DELETE FROM sets WHERE session_id = ?", (shown.id,))
            conn.execute("DELETE FROM sessions WHERE id = ?", (shown.id,))
            return shown

    @translated
    def edit_session(
        self,
        session_id: int,
        *,
        date: dt.date | None = None,
        note: str | None = None,
        replace_sets: Mapping[str, Sequence[LoggedSet]] | None = None,
        remove: Iterable[str] = (),
        add_note: str | None = None,
    ) -> LoggedSession:
        """Correct one session in one transaction: its date, note, or one exercise's sets.

        `replace_sets` maps exercise id -> the sets that replace that exercise's sets (added
        when it had none); `remove` drops exercises. An empty note clears the note;
        `add_note` joins the note the session holds *in this transaction* (a note read
        before it may be stale: another process may have joined its own meanwhile).
        """
        check_edit(session_id, date, note, replace_sets or {})
        if add_note:
            check_edit(session_id, None, add_note, {})
        with self._write() as conn:
            if (
                conn.execute("SELECT 1 FROM sessions WHERE id = ?", (session_id,)).fetchone()
                is None
            ):
                raise InvalidInput(
                    f"no logged session with id {session_id}; see `runstrength log list`"
                )
            if date is not None:
                conn.execute(
                    "UPDATE sessions SET date = ? WHERE id = ?", (date.isoformat(), session_id)
                )
            if note is not None:
                conn.execute(
                    "UPDATE sessions SET note = ? WHERE id = ?", (note or None, session_id)
                )
            if add_note:
                append_note(conn, session_id, add_note)
            replace_exercise_sets(conn, session_id, replace_sets or {}, remove)
            return load_sessions(conn, "WHERE se.id = ?", (session_id,))[0]

    @translated
    def count(self, since: dt.date | None = None) -> tuple[int, int]:
        """(sessions, sets) in the log (sessions from `since`, when given)."""
        where, params = where_clause(("date >= ?", since))
        with self._read() as conn:
            sessions = conn.execute(f"SELECT count(*) FROM sessions {where}", params).fetchone()[0]
            sets = conn.execute("SELECT count(*) FROM sets").fetchone()[0]
        return int(sessions), int(sets)
