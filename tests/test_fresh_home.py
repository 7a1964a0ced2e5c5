"""Reading commands on a fresh data folder create no log (issue 11, review S15): they
behave as with an empty log, and only a command that writes creates `log.db`."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from typer.testing import CliRunner, Result

from runstrength.log.storage import SessionLog

from helpers import cli_process

TODAY = "2026-12-03"
LOG_FILES = {"log.db", "log.db-wal", "log.db-shm", "log.db-journal"}

# Every command that only reads the log. Those marked True also load the catalog, whose
# start-up cache (a rebuildable copy of shipped data, not the log: cache.py) is kept in
# the data folder's `cache/`; the others leave a missing data folder missing.
READ_COMMANDS: list[tuple[list[str], bool]] = [
    (["next"], True),
    (["history"], True),
    (["history", "-f", "csv"], True),
    (["log", "list"], False),
    (["log", "export"], False),
    (["log", "export", "-f", "csv"], False),
    (["log", "path"], False),
    (["runs", "list"], False),
    (["profile"], False),
    (["plan", "--weeks", "1"], True),
    (["plan", "--weeks", "2", "-f", "json"], True),
]


@pytest.fixture(autouse=True)
def _pinned(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("RUNSTRENGTH_TODAY", TODAY)


def run(*args: str) -> Result:
    from runstrength.cli import app

    return CliRunner().invoke(app, list(args))


def _made(home: Path) -> set[str]:
    return set(os.listdir(home)) if home.exists() else set()


@pytest.mark.parametrize(
    ("args", "uses_catalog"), READ_COMMANDS, ids=[" ".join(a) for a, _ in READ_COMMANDS]
)
def test_a_read_command_creates_no_log(
    _isolated_home: Path, args: list[str], uses_catalog: bool
) -> None:
    assert not _isolated_home.exists()
    result = run(*args)
    assert result.exit_code in (0, 2), (result.stdout, result.stderr)
    assert "Traceback" not in result.stderr
    made = _made(_isolated_home)
    assert not made & LOG_FILES, made
    if uses_catalog:
        assert made <= {"cache"}, made
    else:
        assert not _isolated_home.exists(), made  # not even the data folder


@pytest.mark.parametrize(
    ("args", "uses_catalog"), READ_COMMANDS, ids=[" ".join(a) for a, _ in READ_COMMANDS]
)
def test_a_read_command_on_a_fresh_home_answers_as_on_an_empty_log(
    _isolated_home: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    args: list[str],
    uses_catalog: bool,
) -> None:
    fresh = run(*args)
    empty_home = tmp_path / "empty-home"
    with SessionLog(empty_home / "log.db") as log, log.transaction():
        pass  # an existing log with nothing in it
    monkeypatch.setenv("RUNSTRENGTH_HOME", str(empty_home))
    empty = run(*args)
    assert (fresh.exit_code, fresh.stderr) == (empty.exit_code, empty.stderr)
    assert fresh.stdout.replace(str(_isolated_home), str(empty_home)) == empty.stdout


def test_the_first_write_creates_the_log(_isolated_home: Path) -> None:
    assert run("log", "list").exit_code == 0
    assert not _isolated_home.exists()
    logged = run("log", "back-squat", "3x5@80kg")
    assert logged.exit_code == 0, logged.stderr
    assert "log.db" in _made(_isolated_home)
    assert "back-squat" in run("log", "list").stdout


@pytest.mark.parametrize(
    "args",
    [["plan", "--weeks", "2", "--save"], ["profile", "set", "weeks", "8"]],
    ids=["plan --save", "profile set"],
)
def test_a_saving_command_creates_the_log(_isolated_home: Path, args: list[str]) -> None:
    result = run(*args)
    assert result.exit_code == 0, result.stderr
    assert "log.db" in _made(_isolated_home)
    assert run("profile").exit_code == 0


@pytest.mark.parametrize(
    "args",
    [
        ["log", "--done"],
        ["log", "edit", "1", "--remove", "pogos"],
        ["profile", "set", "max", "back-squat=none"],
    ],
    ids=["log --done", "log edit", "profile set max none"],
)
def test_a_log_command_with_nothing_to_do_creates_no_log(
    _isolated_home: Path, args: list[str]
) -> None:
    """`log --done` and `log edit` write in one transaction with their checks, and
    `profile set max ID=none` removes in one; on a fresh folder there is nothing for them
    to do, and they leave no empty log.db behind."""
    result = run(*args)
    assert result.exit_code == (0 if args[0] == "profile" else 2), result.output
    assert not _made(_isolated_home) & LOG_FILES


def test_a_refused_entry_creates_nothing(_isolated_home: Path) -> None:
    """A write refused before it starts (a bad SPEC) leaves a fresh folder as it was."""
    result = run("log", "back-squat", "3x")
    assert result.exit_code == 2
    assert not _made(_isolated_home) & LOG_FILES


@pytest.mark.parametrize(
    ("args", "said"),
    [
        (["log", "pain-next-day", "3"], "no session logged before"),
        (["log", "pain-next-day", "3", "--date", "2026-12-01"], "no session logged on"),
    ],
)
def test_refused_next_morning_pain_creates_no_log(
    _isolated_home: Path, args: list[str], said: str
) -> None:
    result = run(*args)
    assert result.exit_code == 2
    assert said in result.stderr
    assert not _made(_isolated_home) & LOG_FILES


@pytest.mark.parametrize(
    ("key", "value", "said"),
    [
        ("days", "7", "is not 1, 2 or 3"),
        ("max", "nosuch=100kg", "unknown exercise 'nosuch'"),
        ("increment", "banana", "is not a load step"),
        ("nokey", "3", "unknown profile key 'nokey'"),
        ("equipment", "spaceship", "unknown equipment 'spaceship'"),
        ("race-date", "2020-01-01", "is not in the future"),
    ],
)
def test_a_refused_profile_value_creates_no_log(
    _isolated_home: Path, key: str, value: str, said: str
) -> None:
    """`profile set` checks the value before the write that would create log.db."""
    result = run("profile", "set", key, value)
    assert result.exit_code == 2
    assert said in result.stderr
    assert not _made(_isolated_home) & LOG_FILES


@pytest.mark.slow
def test_read_commands_as_a_process_leave_a_missing_home_missing(tmp_path: Path) -> None:
    home = tmp_path / "never-made"
    for args in (["log", "list"], ["log", "export"], ["runs", "list"], ["profile"]):
        done = cli_process(home, *args, today=TODAY)
        assert done.returncode == 0, (args, done.stderr)
        assert not home.exists(), args


def test_a_log_opened_before_it_existed_sees_what_another_process_writes(
    tmp_path: Path,
) -> None:
    import datetime as dt

    from runstrength.enums import LoadUnit
    from runstrength.log.records import LoggedSet

    path = tmp_path / "home" / "log.db"
    with SessionLog(path) as reader:
        assert reader.sessions() == [] and not path.exists()
        with SessionLog(path) as writer:
            writer.add_session(
                dt.date(2026, 12, 1),
                [LoggedSet("back-squat", 1, reps=5, load=80.0, unit=LoadUnit.KG)],
            )
        assert [s.date for s in reader.sessions()] == [dt.date(2026, 12, 1)]


def test_a_tentative_change_on_a_fresh_log_writes_nothing(tmp_path: Path) -> None:
    """`tentative()` (what-if reads) rolls back, so it needs no file either."""
    import datetime as dt

    path = tmp_path / "log.db"
    with SessionLog(path) as log:
        with log.tentative():
            log.add_session(dt.date(2026, 12, 1), [])
            assert log.count() == (1, 0)
        assert log.count() == (0, 0)
    assert not path.exists()
