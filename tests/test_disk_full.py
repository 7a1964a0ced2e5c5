"""A full disk (issue 11, review S14 "full disk"): a write the disk has no room for says so
in one line naming the file, exits 2, and loses nothing logged before."""

from __future__ import annotations

import contextlib
import datetime as dt
import errno
import json
import os
import shutil
import sqlite3
import subprocess
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any, NamedTuple

import pytest
from typer.testing import CliRunner, Result

from runstrength.enums import LoadUnit
from runstrength.errors import StorageError
from runstrength.log import db as log_db
from runstrength.log import sqlerrors
from runstrength.log.records import LoggedSession, LoggedSet, session_dict
from runstrength.log.storage import SessionLog

from helpers import cli_process

TODAY = "2026-12-03"
SRC = Path(__file__).resolve().parents[1] / "src"


@pytest.fixture(autouse=True)
def _pinned(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("RUNSTRENGTH_TODAY", TODAY)


def run(*args: str) -> Result:
    from runstrength.cli import app

    return CliRunner().invoke(app, list(args))


def _one_line_disk_full(stderr: str, path: Path) -> None:
    lines = stderr.splitlines()
    assert len(lines) == 1, stderr
    assert lines[0].startswith(f"Error: disk full while writing {path}"), lines[0]
    assert "Traceback" not in stderr


# ------------------------------------------------------------------ simulated (everywhere)


@pytest.fixture
def full_after_first_session(
    _isolated_home: Path, monkeypatch: pytest.MonkeyPatch
) -> Iterator[Path]:
    """A log with one session whose database cannot grow by a page: SQLite's own
    SQLITE_FULL ("database or disk is full"), through `PRAGMA max_page_count`."""
    assert run("log", "back-squat", "3x5@80kg", "--date", "2026-12-01").exit_code == 0
    opened = log_db.Database._open

    def capped(path: Path) -> sqlite3.Connection:
        conn = opened(path)
        pages = conn.execute("PRAGMA page_count").fetchone()[0]
        conn.execute(f"PRAGMA max_page_count = {pages}")
        return conn

    monkeypatch.setattr(log_db.Database, "_open", staticmethod(capped))
    yield _isolated_home / "log.db"


def test_a_write_without_room_is_one_line_and_keeps_the_log(full_after_first_session: Path) -> None:
    note = "x" * 1990
    kept, refused = ["2026-12-01"], list[str]()
    for day in range(2, 7):  # the database's last page fills up after one or two of these
        date = f"2026-11-0{day}"
        result = run("log", "back-squat", "3x5@85kg", "--date", date, "--note", note)
        if result.exit_code == 0:
            assert not refused, "a write after a refused one cannot find room"
            kept.append(date)
            continue
        assert result.exit_code == 2, (result.stdout, result.stderr)
        _one_line_disk_full(result.stderr, full_after_first_session)
        refused.append(date)
    assert len(refused) >= 3
    listed = run("log", "list")
    assert listed.exit_code == 0
    assert all(d in listed.stdout for d in kept) and not any(d in listed.stdout for d in refused)
    with sqlite3.connect(full_after_first_session) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert conn.execute("SELECT count(*) FROM sessions").fetchone()[0] == len(kept)


def test_an_import_without_room_writes_nothing(
    full_after_first_session: Path, tmp_path: Path
) -> None:
    sessions = [
        session_dict(
            LoggedSession(
                100 + day,
                dt.date(2026, 10, day),
                (LoggedSet("back-squat", 1, reps=5, load=80.0, unit=LoadUnit.KG),),
                note="y" * 1500,
                created_at="2026-10-01T00:00:00Z",
            )
        )
        for day in range(1, 20)
    ]
    exported = tmp_path / "export.json"
    exported.write_text(
        json.dumps({"format": "runstrength-log", "version": 1, "sessions": sessions})
    )
    with sqlite3.connect(full_after_first_session) as conn:
        count = conn.execute("SELECT count(*) FROM sessions").fetchone()[0]
    result = run("log", "import", str(exported))
    assert result.exit_code == 2
    _one_line_disk_full(result.stderr, full_after_first_session)
    with sqlite3.connect(full_after_first_session) as conn:
        assert conn.execute("SELECT count(*) FROM sessions").fetchone()[0] == count


def test_export_to_a_full_disk_is_one_line_and_keeps_the_old_file(
    _isolated_home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`-o` on a full disk (ENOSPC from the write) says so as the log does."""
    import os

    assert run("log", "back-squat", "3x5@80kg").exit_code == 0
    out = tmp_path / "log.json"
    out.write_text("the old export\n")

    def no_room(fd: int) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "fsync", no_room)
    result = run("log", "export", "-o", str(out))
    assert result.exit_code == 2
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith(f"Error: {out}: disk full while writing it")
    assert out.read_text() == "the old export\n"
    assert [p.name for p in tmp_path.iterdir() if p.name.endswith(".tmp")] == []


def _no_room_to_open(monkeypatch: pytest.MonkeyPatch) -> None:
    """Opening for writing finds no room for the WAL index (as on a full disk)."""

    def no_room(path: Path) -> sqlite3.Connection:
        raise log_db._Full(sqlerrors.full_message(path))

    monkeypatch.setattr(log_db.Database, "_open", staticmethod(no_room))


def test_a_log_on_a_full_disk_can_still_be_read(
    _isolated_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert run("log", "back-squat", "3x5@80kg", "--date", "2026-12-01").exit_code == 0
    _no_room_to_open(monkeypatch)
    listed = run("log", "list")
    assert listed.exit_code == 0 and "2026-12-01" in listed.stdout
    result = run("log", "back-squat", "3x5@85kg")
    assert result.exit_code == 2
    _one_line_disk_full(result.stderr, _isolated_home / "log.db")


def test_a_set_up_cut_short_by_a_full_disk_says_disk_full(
    _isolated_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A first open that wrote part of the schema, then ran out of room: reading it needs
    the rest of the set-up, so the answer is the full disk, not 'read-only'."""
    path = _isolated_home / "log.db"
    _isolated_home.mkdir()
    with sqlite3.connect(path) as conn:
        conn.execute(
            "CREATE TABLE _runstrength_migrations (name TEXT PRIMARY KEY, applied_at TEXT)"
        )
    _no_room_to_open(monkeypatch)
    result = run("log", "list")
    assert result.exit_code == 2
    _one_line_disk_full(result.stderr, path)


def test_an_empty_file_left_by_a_full_disk_reads_as_an_empty_log(
    _isolated_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _isolated_home.mkdir()
    (_isolated_home / "log.db").touch()  # what a first open on a full disk leaves
    _no_room_to_open(monkeypatch)
    assert run("log", "list").stdout == "The log is empty.\n"
    result = run("log", "back-squat", "3x5@80kg")
    assert result.exit_code == 2
    _one_line_disk_full(result.stderr, _isolated_home / "log.db")
    assert (_isolated_home / "log.db").stat().st_size == 0


class _Case(NamedTuple):
    exc: BaseException
    free: int
    full: bool


def _sqlite_error(message: str, code: int) -> sqlite3.Error:
    exc = sqlite3.OperationalError(message)
    exc.sqlite_errorcode = code
    return exc


@pytest.mark.parametrize(
    "case",
    [
        _Case(_sqlite_error("database or disk is full", 13), 10**9, True),  # SQLITE_FULL
        _Case(_sqlite_error("disk I/O error", 4874), 4096, True),  # IOERR_SHMSIZE, disk full
        _Case(_sqlite_error("disk I/O error", 778), 100, True),  # IOERR_WRITE, disk full
        _Case(_sqlite_error("disk I/O error", 778), 10**9, False),  # a real I/O error
        _Case(_sqlite_error("database is locked", 5), 0, False),
        _Case(OSError(errno.ENOSPC, "No space left on device"), 10**9, True),
        _Case(OSError(errno.EACCES, "Permission denied"), 0, False),
    ],
)
def test_what_counts_as_a_full_disk(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, case: _Case
) -> None:
    usage = shutil.disk_usage(tmp_path)._replace(free=case.free)
    monkeypatch.setattr(shutil, "disk_usage", lambda _: usage)
    path = tmp_path / "log.db"
    assert sqlerrors.disk_full(case.exc, path) is case.full
    if isinstance(case.exc, sqlite3.Error):
        message = str(sqlerrors.storage_problem(case.exc, path))
        assert message.startswith(str(path) if not case.full else "disk full while writing")
        assert str(path) in message and "\n" not in message


def test_a_refused_commit_is_rolled_back(tmp_path: Path) -> None:
    """A COMMIT that fails (SQLite keeps the transaction open on SQLITE_FULL) is rolled
    back, so the connection is usable and the next read sees the old state."""
    path = tmp_path / "log.db"
    with SessionLog(path) as log:
        log.add_session(dt.date(2026, 12, 1), [])
        real = log._conn

        class FailingCommit:
            def __getattr__(self, name: str) -> object:
                return getattr(real, name)

            def execute(self, sql: str, *args: Any) -> sqlite3.Cursor:
                if sql == "COMMIT":
                    raise _sqlite_error("database or disk is full", 13)
                return real.execute(sql, *args)

        log._conn = FailingCommit()  # type: ignore[assignment]
        with pytest.raises(StorageError, match="disk full while writing"):
            log.add_session(dt.date(2026, 12, 2), [])
        log._conn = real
        assert not real.in_transaction
        assert [s.date for s in log.sessions()] == [dt.date(2026, 12, 1)]


# ------------------------------------------------------------------ a real full tmpfs


def _mount_tmpfs(size: str) -> Path | None:
    """A fresh tmpfs of `size`, or None when this machine does not allow mounting one."""
    if os.geteuid() != 0 or not shutil.which("mount"):
        return None
    where = Path(tempfile.mkdtemp(prefix="rs-full-"))
    done = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(where)],
        capture_output=True,
        check=False,
    )
    if done.returncode != 0:
        where.rmdir()
        return None
    return where


@pytest.fixture
def small_disk() -> Iterator[Path]:
    where = _mount_tmpfs("1m")
    if where is None:
        pytest.skip("mounting a tmpfs needs root and mount(8); the simulated tests cover this")
    try:
        yield where
    finally:
        if subprocess.run(["umount", str(where)], check=False).returncode != 0:
            subprocess.run(["umount", "-l", str(where)], check=False)  # busy: detach it
        with contextlib.suppress(OSError):
            where.rmdir()


def _cli(home: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return cli_process(home, *args, today=TODAY)


def _fill(disk: Path, leave_kb: int) -> None:
    filler = disk / "filler"
    filler.unlink(missing_ok=True)
    free_kb = shutil.disk_usage(disk).free // 1024
    with filler.open("wb") as handle:
        handle.write(b"\0" * max(free_kb - leave_kb, 0) * 1024)
    # tmpfs may refuse the last bytes of a full fill: that is the point
    with contextlib.suppress(OSError), filler.open("ab") as handle:
        handle.write(b"\0" * 1024 * 1024 if leave_kb == 0 else b"")


@pytest.mark.slow  # ~20 processes
def test_logging_on_a_full_tmpfs_says_so_and_loses_nothing(small_disk: Path) -> None:
    home = small_disk / "home"
    log_path = home / "log.db"
    confirmed = []
    first = _cli(home, "log", "back-squat", "3x5@80kg", "--date", "2026-01-01")
    assert first.returncode == 0, first.stderr
    confirmed.append("2026-01-01")
    day = dt.date(2026, 1, 2)
    refusals = 0
    for leave_kb in (0, 16, 48, 96):
        _fill(small_disk, leave_kb)
        if leave_kb == 0:  # reads still work on a full disk
            listed = _cli(home, "log", "list")
            assert listed.returncode == 0 and "2026-01-01" in listed.stdout, listed.stderr
        for _ in range(3):
            note = "n" * 1900
            done = _cli(
                home, "log", "back-squat", "3x5@80kg", "--date", day.isoformat(), "--note", note
            )
            if done.returncode == 0:
                confirmed.append(day.isoformat())
            else:
                assert done.returncode == 2, done.stderr
                _one_line_disk_full(done.stderr, log_path)
                refusals += 1
            day += dt.timedelta(days=1)
        out = small_disk / "export.json"
        exported = _cli(home, "log", "export", "-o", str(out))
        if exported.returncode != 0:  # -o on a full disk: one line naming the file
            assert exported.returncode == 2 and exported.stderr.count("\n") == 1
            assert f"{out}: disk full while writing it" in exported.stderr
    assert refusals >= 3
    (small_disk / "filler").unlink()
    (small_disk / "export.json").unlink(missing_ok=True)
    exported = _cli(home, "log", "export")
    assert exported.returncode == 0, exported.stderr
    dates = [s["date"] for s in json.loads(exported.stdout)["sessions"]]
    assert dates == confirmed  # every confirmed entry, nothing refused
    with sqlite3.connect(log_path) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
