"""Schema migrations of the log database: named, ordered, append-only.

The llm / sqlite-utils pattern: `MIGRATIONS` holds one function per schema change,
`migrate(conn)` applies the pending ones on every open, each together with its row in
`_runstrength_migrations` inside one transaction. A shipped migration is never edited or
removed; a schema change is a new function appended at the bottom.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable

from runstrength.errors import StorageError
from runstrength.log.e1rm import INDEXED_CAP, e1rm_kg_sql

Migration = Callable[[sqlite3.Connection], None]

MIGRATIONS: list[Migration] = []
TABLE = "_runstrength_migrations"


def migration(fn: Migration) -> Migration:
    """Register `fn` as the next migration (decorator); its name is its identity."""
    MIGRATIONS.append(fn)
    return fn


def known_names() -> list[str]:
    """The names of every migration this version knows, in order."""
    return [fn.__name__ for fn in MIGRATIONS]


def applied(conn: sqlite3.Connection) -> list[str]:
    """Names of the migrations recorded in the database (empty for a new database)."""
    exists = conn.execute(
        "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?", (TABLE,)
    ).fetchone()
    if exists is None:
        return []
    return [row[0] for row in conn.execute(f"SELECT name FROM {TABLE} ORDER BY rowid")]


def pending(conn: sqlite3.Connection) -> list[str]:
    """The names of the migrations this version knows that the database has not had."""
    done = set(applied(conn))
    return [name for name in known_names() if name not in done]


def check_not_newer(conn: sqlite3.Connection, where: str) -> None:
    """Refuse a database that records a migration this version does not know."""
    unknown = [name for name in applied(conn) if name not in known_names()]
    if unknown:
        raise StorageError(
            f"{where}: written by a newer runstrength (schema step {unknown[0]!r} is unknown "
            "here); upgrade runstrength to use this log. The file was not changed."
        )


def migrate(conn: sqlite3.Connection, where: str = "log database") -> list[str]:
    """Apply every pending migration, each in its own transaction; return the names applied.

    `conn` must be in autocommit mode (`isolation_level=None`): each step opens its own
    `BEGIN IMMEDIATE`, re-checks inside the lock (another process may have migrated
    meanwhile) and commits the schema change together with its bookkeeping row.
    """
    check_not_newer(conn, where)
    done: list[str] = []
    with conn:
        conn.execute("BEGIN IMMEDIATE")
        conn.execute(f"CREATE TABLE IF NOT EXISTS {TABLE} (name TEXT PRIMARY KEY, applied_at TEXT)")
    for fn in MIGRATIONS:
        name = fn.__name__
        with conn:
            conn.execute("BEGIN IMMEDIATE")
            if conn.execute(f"SELECT 1 FROM {TABLE} WHERE name = ?", (name,)).fetchone():
                continue
            fn(conn)
            conn.execute(
                f"INSERT INTO {TABLE} (name, applied_at) "
                "VALUES (?, strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))",
                (name,),
            )
        done.append(name)
    return done


# ------------------------------------------------------------------ the migrations
# Append only. Never use executescript() here: it commits the open transaction.


@migration
def m001_initial(conn: sqlite3.Connection) -> None:
    conn.execute(
        """CREATE TABLE sessions (
            id INTEGER PRIMARY KEY,
            date TEXT NOT NULL,
            plan_id INTEGER,
            week INTEGER,
            session INTEGER,
            label TEXT,
            note TEXT,
            created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
        )"""
    )
    conn.execute(
        """CREATE TABLE sets (
            id INTEGER PRIMARY KEY,
            session_id INTEGER NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
            exercise_id TEXT NOT NULL,
            set_no INTEGER NOT NULL,
            reps INTEGER,
            load REAL,
            unit TEXT,
            seconds INTEGER,
            contacts INTEGER,
            distance_m REAL,
            rir INTEGER,
            pain INTEGER
        )"""
    )
    conn.execute(
        "CREATE TABLE profile (id INTEGER PRIMARY KEY CHECK (id = 1), json TEXT NOT NULL, "
        "saved_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')))"
    )
    conn.execute(
        "CREATE TABLE plans (id INTEGER PRIMARY KEY, json TEXT NOT NULL, "
        "saved_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')))"
    )
    conn.execute(
        "CREATE TABLE maxes (exercise_id TEXT PRIMARY KEY, e1rm REAL NOT NULL, "
        "unit TEXT NOT NULL, source TEXT NOT NULL)"
    )
    conn.execute("CREATE INDEX sets_session ON sets (session_id)")


@migration
def m002_targets_and_settings(conn: sqlite3.Connection) -> None:
    # What was prescribed, kept with what was done, so progression (missed reps, RIR delta)
    # does not depend on the plan still being the same one.
    for column in ("target_reps_lo", "target_reps_hi", "target_rir"):
        conn.execute(f"ALTER TABLE sets ADD COLUMN {column} INTEGER")
    conn.execute("CREATE TABLE settings (key TEXT PRIMARY KEY, value TEXT NOT NULL)")


@migration
def m003_history_indexes(conn: sqlite3.Connection) -> None:
    conn.execute("CREATE INDEX sets_exercise ON sets (exercise_id, session_id)")
    conn.execute("CREATE INDEX sessions_date ON sessions (date, id)")
    conn.execute("CREATE INDEX sessions_plan ON sessions (plan_id, week, session)")
    # The e1RM of each set in kg, min(Brzycki, Epley), so `history` finds a lift's best set
    # without reading all its sets: the expression is the history queries' own (log.e1rm);
    # test_migrations pins its text, since an applied migration must never change meaning.
    conn.execute(f"CREATE INDEX sets_e1rm ON sets (exercise_id, ({e1rm_kg_sql()}))")


@migration
def m004_runs(conn: sqlite3.Connection) -> None:
    # Runs imported from a watch or a service (issue 13): one row per run, each import a
    # batch (`runs undo` removes the last one); `key` (start second / metres) is the exact
    # identity, the same run from two sources is matched before insert (watch.runs.dedup).
    conn.execute(
        """CREATE TABLE runs (
            id INTEGER PRIMARY KEY,
            date TEXT NOT NULL,
            start TEXT NOT NULL,
            distance_m REAL NOT NULL,
            duration_s REAL NOT NULL,
            sport TEXT NOT NULL,
            hard INTEGER,
            avg_hr INTEGER,
            source TEXT NOT NULL,
            source_format TEXT NOT NULL,
            key TEXT NOT NULL UNIQUE,
            batch INTEGER NOT NULL,
            created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
        )"""
    )
    conn.execute("CREATE INDEX runs_date ON runs (date)")
    conn.execute("CREATE INDEX runs_batch ON runs (batch)")


@migration
def m005_pain_checkins(conn: sqlite3.Connection) -> None:
    # §10.3: check-ins that clear a pain region, and next-morning pain after a session.
    conn.execute(
        "CREATE TABLE pain_checkins (id INTEGER PRIMARY KEY, region TEXT NOT NULL, "
        "date TEXT NOT NULL, "
        "created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')))"
    )
    conn.execute(
        "CREATE TABLE next_day_pain (id INTEGER PRIMARY KEY, "
        "session_id INTEGER NOT NULL REFERENCES sessions(id) ON DELETE CASCADE, "
        "exercise_id TEXT, pain INTEGER NOT NULL, "
        "created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')))"
    )
    conn.execute("CREATE INDEX next_day_pain_session ON next_day_pain (session_id)")


@migration
def m006_capped_e1rm_index(conn: sqlite3.Connection) -> None:
    # §10.5: `history` shows low-confidence estimates too (reps + RIR capped, as `next`
    # computes them), so its queries order by the capped expression; m003's index on the
    # uncapped one has no reader left.
    conn.execute("DROP INDEX IF EXISTS sets_e1rm")
    cap = e1rm_kg_sql(cap=INDEXED_CAP)
    conn.execute(f"CREATE INDEX sets_e1rm_capped ON sets (exercise_id, ({cap}))")


@migration
def m007_skipped_exercises(conn: sqlite3.Connection) -> None:
    # The exercises a logged plan session did without on purpose (the walk's `skip`): the
    # session is then whole that day, so `next` moves on and `log --done` adds nothing
    # for them (new-user review N1: they came back as "the rest of the session").
    conn.execute(
        "CREATE TABLE skipped_exercises (id INTEGER PRIMARY KEY, "
        "session_id INTEGER NOT NULL REFERENCES sessions(id) ON DELETE CASCADE, "
        "exercise_id TEXT NOT NULL, "
        "created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')), "
        "UNIQUE (session_id, exercise_id))"
    )


@migration
def m008_pain_regions(conn: sqlite3.Connection) -> None:
    # §10.3: where the runner said it hurt (`log --pain N --where knee`, `log pain-next-day
    # --where`): comma-separated PainRegion values, NULL for every region the exercise (or
    # session) loads, as every row logged before this had it.
    conn.execute("ALTER TABLE sets ADD COLUMN pain_regions TEXT")
    conn.execute("ALTER TABLE next_day_pain ADD COLUMN pain_regions TEXT")


@migration
def m009_set_times(conn: sqlite3.Connection) -> None:
    # When each set was written, as sessions and next-morning reports have it (m001, m005):
    # `log undo` takes back a next-morning report only when nothing was logged after it,
    # and an entry added to an earlier session is later than its session's own time. NULL
    # for the sets written before this step (their session's `created_at` stands in): a
    # column added by ALTER TABLE takes no default that reads the clock.
    conn.execute("ALTER TABLE sets ADD COLUMN created_at TEXT")


@migration
def m010_replaced_reports(conn: sqlite3.Connection) -> None:
    # A next-morning report naming where replaces the session's that named nowhere (§10.3):
    # what it replaced, as JSON [[pain, created_at], ...], so `log undo` of it brings them
    # back, the log then as if it was never written. NULL: it replaced none, as every row
    # written before this step is read.
    conn.execute("ALTER TABLE next_day_pain ADD COLUMN replaced TEXT")
