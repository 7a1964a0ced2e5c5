"""Schema migrations: append-only, applied on open, a newer database refused untouched."""

from __future__ import annotations

import datetime as dt
import hashlib
import shutil
import sqlite3
from pathlib import Path

import pytest

from runstrength.enums import LoadUnit
from runstrength.errors import StorageError
from runstrength.log import migrations
from runstrength.log.migrations import MIGRATIONS, TABLE, known_names, migrate
from runstrength.log.storage import LoggedSet, SessionLog

V1 = Path(__file__).parent / "data" / "log_v1.sqlite"


def _conn(path: Path) -> sqlite3.Connection:
    return sqlite3.connect(path, isolation_level=None)


def _schema(conn: sqlite3.Connection) -> dict[str, str]:
    return dict(
        conn.execute(
            "SELECT name, sql FROM sqlite_master WHERE name NOT LIKE 'sqlite_%' ORDER BY name"
        )
    )


def test_migration_names_are_numbered_in_order() -> None:
    names = known_names()
    assert names[0] == "m001_initial"
    assert names == sorted(names)
    assert [int(n[1:4]) for n in names] == list(range(1, len(names) + 1))


def test_migrate_empty_database_gives_expected_schema(tmp_path: Path) -> None:
    conn = _conn(tmp_path / "new.db")
    assert migrate(conn) == known_names()
    schema = _schema(conn)
    for table in (TABLE, "sessions", "sets", "profile", "plans", "maxes", "settings"):
        assert table in schema
    indexes = ("sets_session", "sets_exercise", "sessions_date", "sessions_plan")
    for index in (*indexes, "sets_e1rm_capped"):
        assert index in schema
    assert "sets_e1rm" not in schema  # m006 replaced it
    columns = [r[1] for r in conn.execute("PRAGMA table_info(sets)")]
    assert columns[-5:] == [
        *("target_reps_lo", "target_reps_hi", "target_rir", "pain_regions", "created_at")
    ]
    mornings = [r[1] for r in conn.execute("PRAGMA table_info(next_day_pain)")]
    assert mornings[-2:] == ["pain_regions", "replaced"]
    recorded = [r[0] for r in conn.execute(f"SELECT name FROM {TABLE} ORDER BY rowid")]
    assert recorded == known_names()
    assert all(r[0] for r in conn.execute(f"SELECT applied_at FROM {TABLE}"))


def test_migrate_twice_is_a_no_op(tmp_path: Path) -> None:
    conn = _conn(tmp_path / "new.db")
    migrate(conn)
    before = _schema(conn)
    assert migrate(conn) == []
    assert _schema(conn) == before


def test_a_failing_migration_rolls_back_with_its_bookkeeping(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def m999_broken(conn: sqlite3.Connection) -> None:
        conn.execute("CREATE TABLE half_done (x)")
        raise RuntimeError("boom")

    monkeypatch.setattr(migrations, "MIGRATIONS", [*MIGRATIONS, m999_broken])
    conn = _conn(tmp_path / "new.db")
    with pytest.raises(RuntimeError):
        migrate(conn)
    assert "half_done" not in _schema(conn)
    recorded = [r[0] for r in conn.execute(f"SELECT name FROM {TABLE}")]
    assert "m999_broken" not in recorded
    assert recorded == [fn.__name__ for fn in MIGRATIONS]


def test_v1_database_upgrades_without_losing_a_row(tmp_path: Path) -> None:
    path = tmp_path / "log.db"
    shutil.copy(V1, path)
    with _conn(path) as old:
        assert [r[0] for r in old.execute(f"SELECT name FROM {TABLE}")] == ["m001_initial"]
        before = {
            table: old.execute(f"SELECT * FROM {table} ORDER BY 1").fetchall()
            for table in ("sessions", "sets", "profile", "plans", "maxes")
        }
    with SessionLog(path) as log:
        sessions = log.sessions()
        assert [s.id for s in sessions] == [1, 2, 3]
        assert sessions[0].note == "felt good"
        assert sessions[0].label == "A" and sessions[0].plan_id == 1
        assert len(sessions[0].sets) == 5
        assert sessions[2].sets[0].unit is LoadUnit.LB
        assert sessions[2].sets[0].target_rir is None  # added by m002, empty for old rows
        assert log.load_profile() is not None
        active = log.active_plan()
        assert active is not None and active.id == 1
        assert set(log.maxes()) == {"trap-bar-deadlift", "back-squat"}
    with _conn(path) as new:
        for table, rows in before.items():
            after = new.execute(f"SELECT * FROM {table} ORDER BY 1").fetchall()
            width = len(rows[0])
            assert [r[:width] for r in after] == rows, table
        recorded = [r[0] for r in new.execute(f"SELECT name FROM {TABLE} ORDER BY rowid")]
        assert recorded == known_names()
        assert new.execute("PRAGMA integrity_check").fetchone()[0] == "ok"


def test_database_from_a_newer_version_is_refused_untouched(tmp_path: Path) -> None:
    path = tmp_path / "log.db"
    with SessionLog(path) as log, log.transaction():
        pass  # the first write creates the log
    with _conn(path) as conn:
        conn.execute(f"INSERT INTO {TABLE} VALUES ('m999_from_the_future', 'x')")
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    digest = hashlib.sha256(path.read_bytes()).hexdigest()
    with pytest.raises(StorageError) as err:
        SessionLog(path)
    assert str(path) in str(err.value)
    assert "newer runstrength" in str(err.value)
    assert "m999_from_the_future" in str(err.value)
    assert hashlib.sha256(path.read_bytes()).hexdigest() == digest


# The expression index of m003 as it was first applied. The text is now built from
# log.e1rm; an applied migration must never change meaning, so a new formula needs a new
# migration (drop and re-create the index), never an edit of this text.
M003_E1RM_INDEX = (
    "CREATE INDEX sets_e1rm ON sets (exercise_id, (min(load * 36.0 / (37.0 - (reps + rir)), "
    "load * (1.0 + (reps + rir) / 30.0)) * CASE WHEN unit = 'lb' THEN 0.45359237 ELSE 1.0 END))"
)


def test_the_e1rm_index_keeps_its_first_text(tmp_path: Path) -> None:
    """m003, applied as a log of that time was, still makes its index to the letter."""
    conn = _conn(tmp_path / "old.db")
    for fn in MIGRATIONS[:3]:
        fn(conn)
    row = conn.execute("SELECT sql FROM sqlite_master WHERE name = 'sets_e1rm'").fetchone()
    conn.close()
    assert row[0] == M003_E1RM_INDEX


M006_E1RM_INDEX = (
    "CREATE INDEX sets_e1rm_capped ON sets (exercise_id, (min(load * 36.0 / (37.0 - "
    "min(reps + rir, 15)), load * (1.0 + min(reps + rir, 15) / 30.0)) "
    "* CASE WHEN unit = 'lb' THEN 0.45359237 ELSE 1.0 END))"
)


def test_a_log_of_m005_gets_the_capped_e1rm_index(tmp_path: Path) -> None:
    """An existing log (up to m005) migrates to m006: the old index goes, the new one
    (its text pinned, like m003's) comes, and the history queries walk it."""
    conn = _conn(tmp_path / "old.db")
    with conn:
        conn.execute(f"CREATE TABLE {TABLE} (name TEXT PRIMARY KEY, applied_at TEXT)")
        for fn in MIGRATIONS[:5]:
            fn(conn)
            conn.execute(f"INSERT INTO {TABLE} VALUES (?, 'then')", (fn.__name__,))
    assert "sets_e1rm" in _schema(conn)
    assert migrate(conn) == known_names()[5:]
    schema = _schema(conn)
    assert "sets_e1rm" not in schema and schema["sets_e1rm_capped"] == M006_E1RM_INDEX
    conn.close()


def test_a_log_an_older_version_wrote_opens_and_migrates(tmp_path: Path) -> None:
    """A log as version 0.x left it (through m005, m003's index in it) is a runstrength log
    to SessionLog, not a foreign file: it opens, migrates, and its sets stay."""
    path = tmp_path / "log.db"
    conn = _conn(path)
    with conn:
        conn.execute(f"CREATE TABLE {TABLE} (name TEXT PRIMARY KEY, applied_at TEXT)")
        for fn in MIGRATIONS[:5]:
            fn(conn)
            conn.execute(f"INSERT INTO {TABLE} VALUES (?, 'then')", (fn.__name__,))
    conn.close()
    with SessionLog(path) as log:
        log.add_session(
            dt.date(2026, 1, 5),
            [LoggedSet("back-squat", 1, reps=5, load=90, unit=LoadUnit.KG, rir=2)],
        )
    with SessionLog(path) as log:
        assert [s.sets[0].load for s in log.sessions()] == [90.0]
    assert "sets_e1rm_capped" in _schema(_conn(path))


def _log_through(path: Path, last: str) -> sqlite3.Connection:
    """A log as the version whose last migration was `last` left it."""
    conn = _conn(path)
    with conn:
        conn.execute(f"CREATE TABLE {TABLE} (name TEXT PRIMARY KEY, applied_at TEXT)")
        for fn in MIGRATIONS[: known_names().index(last) + 1]:
            fn(conn)
            conn.execute(f"INSERT INTO {TABLE} VALUES (?, 'then')", (fn.__name__,))
    return conn


def test_a_log_of_m007_takes_the_pain_regions_in_one_step(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """m008 (§10.3 `--where`): a log from before it keeps every set and next-morning
    report, their regions empty (the pain counts for every region, as it did); both
    columns come in one transaction with the step's row, or neither does."""
    path = tmp_path / "log.db"
    conn = _log_through(path, "m007_skipped_exercises")
    with conn:
        conn.execute("INSERT INTO sessions (id, date) VALUES (1, '2026-01-05')")
        conn.execute(
            "INSERT INTO sets (session_id, exercise_id, set_no, reps, pain) "
            "VALUES (1, 'goblet-squat', 1, 12, 5)"
        )
        conn.execute(
            "INSERT INTO next_day_pain (session_id, exercise_id, pain) VALUES (1, NULL, 6)"
        )

    # a step that fails half way leaves the log as it was: no column, no row
    def half(conn: sqlite3.Connection) -> None:
        conn.execute("ALTER TABLE sets ADD COLUMN pain_regions TEXT")
        raise sqlite3.OperationalError("disk I/O error")

    half.__name__ = "m008_pain_regions"
    monkeypatch.setattr(migrations, "MIGRATIONS", [*MIGRATIONS[:7], half])
    with pytest.raises(sqlite3.OperationalError):
        migrate(conn)
    assert "pain_regions" not in [r[1] for r in conn.execute("PRAGMA table_info(sets)")]
    monkeypatch.undo()
    assert migrate(conn) == known_names()[7:]  # m008 and every step after it
    conn.close()
    with SessionLog(path) as log:
        (session,) = log.sessions()
        assert [(s.pain, s.pain_regions) for s in session.sets] == [(5, None)]
        from runstrength.log.clearance import pain_log

        pain = pain_log(log, dt.date(2026, 1, 6))
        assert [(p.pain, p.where) for p in pain.sets] == [(5, None)]
        assert [(n.pain, n.where) for n in pain.next_day] == [(6, None)]


def test_a_log_of_m008_keeps_every_set_and_undo_reads_their_session_time(
    tmp_path: Path,
) -> None:
    """m009 gives sets the time they were written (`log undo` takes back a next-morning
    report only when nothing was logged after it). A log from before it keeps every set,
    its time empty: the set's session's time stands in, so a report written after that
    session is still the last thing logged, and one written before a later session is not."""
    from runstrength.log.clearance import newest_report

    path = tmp_path / "log.db"
    conn = _log_through(path, "m008_pain_regions")
    with conn:
        for sid, day, at in ((1, "2026-01-05", "07:00"), (2, "2026-01-07", "09:00")):
            conn.execute(
                "INSERT INTO sessions (id, date, created_at) VALUES (?, ?, ?)",
                (sid, day, f"{day}T{at}:00.000Z"),
            )
            conn.execute(
                "INSERT INTO sets (session_id, exercise_id, set_no, reps) "
                "VALUES (?, 'goblet-squat', 1, 12)",
                (sid,),
            )
        conn.execute(  # the morning after session 1, before session 2
            "INSERT INTO next_day_pain (session_id, pain, created_at) "
            "VALUES (1, 3, '2026-01-06T07:00:00.000Z')"
        )
    before = conn.execute("SELECT * FROM sets ORDER BY id").fetchall()
    assert migrate(conn) == known_names()[8:]
    after = conn.execute("SELECT * FROM sets ORDER BY id").fetchall()
    assert [r[:-1] for r in after] == before and [r[-1] for r in after] == [None, None]
    conn.close()
    with SessionLog(path) as log:
        assert newest_report(log) is None  # session 2 was logged after it
        log.undo_last()
        shown = newest_report(log)
        assert shown is not None and (shown.session_id, shown.pain) == (1, 3)
