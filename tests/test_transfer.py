"""`log export` / `log import` carry everything the log holds (issue 11): sessions and
sets, profile, plans, maxes, settings, and since export version 2 the imported runs
(m004) and the pain check-ins and next-morning pain (m005); since version 4 where the pain
was (`--where`, m008); since version 5 when each set was written (m009) and the reports a
next-morning report replaced (m010), which `log undo` reads. Files of every earlier version
still import."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import sqlite3
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner, Result

from runstrength.enums import LoadUnit, PainRegion
from runstrength.errors import InvalidInput
from runstrength.log.clearance import add_clearance, add_next_day
from runstrength.log.db import runstrength_tables
from runstrength.log.records import LoggedSet
from runstrength.log.storage import EXPORT_VERSION, SessionLog
from runstrength.models import Profile
from runstrength.watch.run_model import Run

from helpers import a_run, make_plan

TODAY = "2026-12-03"
UTC = dt.UTC
# Columns set to the time of writing, not carried by the export (the profile's saved_at
# is the time it was saved in this log; the migrations' applied_at the time of upgrade).
# A set's created_at (m009) is carried since version 5: `log undo` reads it.
WRITE_TIME = {
    "profile": "saved_at",
    "_runstrength_migrations": "applied_at",
}


@pytest.fixture(autouse=True)
def _pinned(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("RUNSTRENGTH_TODAY", TODAY)


def run(*args: str) -> Result:
    from runstrength.cli import app

    return CliRunner().invoke(app, list(args))


def _run(day: int, km: float, hour: int = 7, hard: bool | None = None, fmt: str = "gpx") -> Run:
    start = dt.datetime(2026, 11, day, hour, 0, 5, tzinfo=UTC)
    return a_run(start, km, f"/watch/run-{day}.{fmt}", hard=hard, pace_s=330.5)


def _kg(
    exercise: str, n: int, reps: int, load: float, pain: int | None = None, where: str | None = None
) -> LoggedSet:
    return LoggedSet(
        exercise, n, reps=reps, load=load, unit=LoadUnit.KG, rir=2, pain=pain, pain_regions=where
    )


def build_full_log(path: Path) -> None:
    """One of everything a log holds."""
    with SessionLog(path) as log:
        log.save_profile(Profile())
        plan_id = log.save_plan(make_plan())
        log.add_session(
            dt.date(2026, 11, 2),
            [
                _kg("back-squat", 1, 5, 80.0),
                _kg("back-squat", 2, 5, 80.0, pain=3, where="knee,low-back"),  # version 4
            ],
            plan_id=plan_id,
            week=1,
            session=1,
            label="A",
            note="heavy legs",
            skipped=["romanian-deadlift"],  # the walk's `skip` (export version 3)
        )
        log.add_session(dt.date(2026, 11, 5), [_kg("romanian-deadlift", 1, 8, 60.0)])
        log.add_session(dt.date(2026, 11, 6), [])
        # a different plan re-saved: it takes the log over from that day (plan_resumed)
        log.save_plan(make_plan(8), today=dt.date(2026, 11, 9))
        log.set_max("back-squat", 100.0, LoadUnit.KG, "test")
        log.set_setting("increment", "1.25")
        log.add_runs([_run(3, 10.0), _run(4, 6.5, hard=True)])
        log.add_runs([_run(7, 21.1, fmt="fit")])  # a second import batch
        add_clearance(log, PainRegion.KNEE, dt.date(2026, 11, 8))
        add_clearance(log, PainRegion.ACHILLES_CALF, dt.date(2026, 11, 9))
        add_next_day(
            log, 4, day=dt.date(2026, 11, 2), before=dt.date(2026, 11, 10), exercise_id=None
        )
        add_next_day(  # named no region: the next report replaces it
            log, 1, day=dt.date(2026, 11, 5), before=dt.date(2026, 11, 10), exercise_id=None
        )
        add_next_day(
            log,
            2,
            day=dt.date(2026, 11, 5),
            before=dt.date(2026, 11, 10),
            exercise_id="romanian-deadlift",
            where=[PainRegion.HAMSTRING],  # version 4
        )  # fmt: skip (its `replaced`: version 5)


def tables(path: Path, write_time: dict[str, str] = WRITE_TIME) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of every runstrength table, but the write-time columns."""
    out: dict[str, list[tuple[Any, ...]]] = {}
    with sqlite3.connect(path) as conn:
        for table in sorted(runstrength_tables()):
            kind = conn.execute(
                "SELECT type FROM sqlite_master WHERE name = ?", (table,)
            ).fetchone()  # None: made and dropped by migrations (m003's e1RM index)
            if kind is None or kind[0] != "table" or table.startswith("sqlite_"):
                continue
            columns = [
                r[1] for r in conn.execute(f"PRAGMA table_info({table})")
                if r[1] != write_time.get(table)
            ]  # fmt: skip
            rows = conn.execute(
                f"SELECT {', '.join(columns)} FROM {table} ORDER BY {', '.join(columns)}"
            ).fetchall()
            # A plan or profile is compared as the JSON it holds, not its spacing.
            out[table] = [
                tuple(
                    json.loads(v) if c == "json" else v for c, v in zip(columns, row, strict=True)
                )
                for row in rows
            ]
    return out


def test_every_table_round_trips_through_json(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    first = tmp_path / "first"
    build_full_log(first / "log.db")
    monkeypatch.setenv("RUNSTRENGTH_HOME", str(first))
    exported = tmp_path / "export.json"
    assert run("log", "export", "-o", str(exported)).exit_code == 0
    data = json.loads(exported.read_text())
    assert data["version"] == EXPORT_VERSION == 5
    pained = [st for s in data["sessions"] for st in s["sets"] if st["pain_regions"]]
    assert [st["pain_regions"] for st in pained] == ["knee,low-back"]
    assert [r["pain_regions"] for r in data["next_day_pain"]] == [None, "hamstring"]
    # version 5: when each set was written, and the report the hamstring one replaced
    with sqlite3.connect(first / "log.db") as conn:
        set_times = [r[0] for r in conn.execute("SELECT created_at FROM sets ORDER BY id")]
    assert [st["created_at"] for s in data["sessions"] for st in s["sets"]] == set_times
    assert all(set_times)
    assert [r["replaced"] is None for r in data["next_day_pain"]] == [True, False]
    [(pain, at)] = data["next_day_pain"][1]["replaced"]
    assert pain == 1 and at <= data["next_day_pain"][1]["created_at"]
    assert (len(data["runs"]), len(data["pain_checkins"]), len(data["next_day_pain"])) == (3, 2, 2)
    assert [(r["session_id"], r["exercise_id"]) for r in data["skipped_exercises"]] == [
        (1, "romanian-deadlift")
    ]

    second = tmp_path / "second"
    monkeypatch.setenv("RUNSTRENGTH_HOME", str(second))
    imported = run("log", "import", str(exported))
    assert imported.exit_code == 0, imported.stderr
    assert (
        "Imported 3 session(s)" in imported.stdout
        and "; 3 run(s); 4 pain report(s)." in imported.stdout
    )
    before, after = tables(first / "log.db"), tables(second / "log.db")
    assert set(before) == {
        "sessions", "sets", "profile", "plans", "maxes", "settings", "runs",
        "pain_checkins", "next_day_pain", "skipped_exercises", "_runstrength_migrations",
    }  # fmt: skip
    for table, rows in before.items():
        assert rows, f"the test log has no {table}"
        assert after[table] == rows, table
    # ... and what the runner sees is the same: runs, and the pain they reported.
    assert run("runs", "list").stdout == _with_home(first, "runs", "list", monkeypatch=monkeypatch)
    again = run("log", "export")
    assert json.loads(again.stdout) == data


def test_export_takes_its_format_from_the_file_name(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """QA of this session: `log export -o backup.csv` wrote JSON into it ("Wrote backup.csv
    (json)"), while `plan -o` and `next -o` read a name's suffix; --format still wins."""
    build_full_log(tmp_path / "log.db")
    monkeypatch.setenv("RUNSTRENGTH_HOME", str(tmp_path))
    csv_out, json_out, forced = tmp_path / "b.csv", tmp_path / "b.json", tmp_path / "f.csv"
    said = run("log", "export", "-o", str(csv_out))
    assert said.exit_code == 0 and said.stderr.endswith(f"Wrote {csv_out} (csv)\n")
    assert csv_out.read_text(encoding="utf-8").startswith("session_id,")
    assert run("log", "export", "-o", str(json_out)).exit_code == 0
    assert json.loads(json_out.read_text(encoding="utf-8"))["format"] == "runstrength-log"
    assert run("log", "export", "--format", "json", "-o", str(forced)).exit_code == 0
    assert forced.read_text(encoding="utf-8").startswith("{")


def test_a_csv_export_says_what_it_leaves_out(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The second QA pass: a CSV export and import dropped the next-morning pain and
    check-ins that held a flag, without a word (the help says CSV is sessions and sets).
    It says what the runner logged that it does not hold; JSON holds it, and says nothing.
    The plans and the profile too (QA: a CSV import into a fresh home linked no session to
    its plan, and `next` had none)."""
    monkeypatch.setenv("RUNSTRENGTH_HOME", str(tmp_path))
    build_full_log(tmp_path / "log.db")
    said = run("log", "export", "--format", "csv")
    assert said.exit_code == 0
    assert said.stderr.splitlines() == [
        "Note: CSV holds sessions and sets only; not in it: 2 saved plans, 1 saved profile, "
        "2 next-morning pain reports, 2 pain check-ins, 1 skipped exercise, 1 known max, "
        "3 imported runs. `runstrength log export --format json` keeps everything."
    ]
    assert run("log", "export", "--format", "json").stderr == ""
    plain = tmp_path / "plain"
    plain.mkdir()
    with SessionLog(plain / "log.db") as log:
        log.add_session(dt.date(2026, 11, 2), [_kg("back-squat", 1, 5, 80.0)])
    monkeypatch.setenv("RUNSTRENGTH_HOME", str(plain))
    quiet = run("log", "export", "--format", "csv")
    assert quiet.exit_code == 0 and quiet.stderr == ""


def _with_home(home: Path, *args: str, monkeypatch: pytest.MonkeyPatch) -> str:
    with monkeypatch.context() as patched:
        patched.setenv("RUNSTRENGTH_HOME", str(home))
        return run(*args).stdout


def test_importing_twice_adds_nothing(tmp_path: Path) -> None:
    build_full_log(tmp_path / "a.db")
    with SessionLog(tmp_path / "a.db") as a:
        text = a.export_json()
    with SessionLog(tmp_path / "b.db") as b:
        first = b.import_text(text)
        assert (first.added, first.runs, first.pain) == (3, 3, 4)
        second = b.import_text(text)
        assert (second.added, second.skipped, second.runs, second.pain) == (0, 3, 0, 0)
    assert tables(tmp_path / "a.db") == tables(tmp_path / "b.db")


def test_into_a_log_with_its_own_runs_and_pain(tmp_path: Path) -> None:
    """Imported runs form batches after the log's own (so `runs undo` removes the log's
    last import, not a mix); rows whose id is taken get new ids; next-morning pain follows
    its session when that session is renumbered."""
    build_full_log(tmp_path / "a.db")
    with SessionLog(tmp_path / "a.db") as a:
        text = a.export_json()
    with SessionLog(tmp_path / "b.db") as b:
        b.add_session(dt.date(2026, 10, 1), [_kg("back-squat", 1, 5, 70.0)])
        b.add_runs([_run(1, 5.0)])
        add_clearance(b, PainRegion.HIP, dt.date(2026, 10, 2))
        result = b.import_text(text)
        assert (result.added, result.renumbered, result.runs, result.pain) == (3, 1, 3, 4)
        batches = [r[0] for r in b._conn.execute("SELECT batch FROM runs ORDER BY start")]
        assert batches == [1, 2, 2, 3]
        moved = {
            r[0]: r[1]
            for r in b._conn.execute(
                "SELECT s.date, n.pain FROM next_day_pain n JOIN sessions s ON s.id = n.session_id"
            )
        }
        assert moved == {"2026-11-02": 4, "2026-11-05": 2}
        regions = [r[0] for r in b._conn.execute("SELECT region FROM pain_checkins ORDER BY id")]
        assert regions == ["hip", "achilles-calf", "knee"]  # knee's id 1 was taken: it goes last


def test_a_version_1_export_still_imports(tmp_path: Path) -> None:
    old = {
        "format": "runstrength-log",
        "version": 1,
        "sessions": [
            {
                "id": 1, "date": "2026-11-02", "plan_id": None, "week": None,
                "session": None, "label": None, "note": None,
                "created_at": "2026-11-02T18:00:00.000Z",
                "sets": [
                    {
                        "exercise_id": "back-squat", "set_no": 1, "reps": 5, "load": 80.0,
                        "unit": "kg", "seconds": None, "contacts": None, "distance_m": None,
                        "rir": 2, "pain": None, "target_reps_lo": None,
                        "target_reps_hi": None, "target_rir": None,
                    }
                ],
            }
        ],
        "profile": None,
        "plans": [],
        "maxes": [],
        "settings": {},
    }  # fmt: skip
    with SessionLog(tmp_path / "log.db") as log:
        result = log.import_text(json.dumps(old))
        assert (result.added, result.runs, result.pain) == (1, 0, 0)
        assert log.count() == (1, 1)


def _one_of_each(tmp_path: Path) -> dict[str, Any]:
    build_full_log(tmp_path / "src.db")
    with SessionLog(tmp_path / "src.db") as log:
        data: dict[str, Any] = json.loads(log.export_json())
    return data


BAD_ROWS: list[tuple[str, str, Any, str]] = [
    ("runs", "distance_m", 1e7, "distance_m"),
    ("runs", "distance_m", -5.0, "distance_m"),
    ("runs", "duration_s", True, "duration_s"),
    ("runs", "date", "0001-01-01", "between 1900 and 2100"),
    ("runs", "start", "yesterday", "start"),
    ("runs", "sport", "cycling", "sport"),
    ("runs", "source_format", "exe", "source_format"),
    ("runs", "hard", 1, "hard"),
    ("runs", "avg_hr", 10**30, "avg_hr"),
    ("runs", "key", "other/1", "key"),
    ("runs", "batch", 0, "batch"),
    ("runs", "source", "\x1b]52;c;x\x07", "control character"),
    ("runs", "id", 2**70, "id"),
    ("pain_checkins", "region", "elbow", "region"),
    ("pain_checkins", "date", "2026-02-30", "not a date"),
    ("next_day_pain", "pain", 11, "pain"),
    ("next_day_pain", "pain", -1, "pain"),
    ("next_day_pain", "session_id", 999, "not a session in the file"),
    ("next_day_pain", "exercise_id", "../../etc/passwd", "unknown exercise id"),
    ("next_day_pain", "created_at", "x" * 100, "created_at"),
    ("next_day_pain", "pain_regions", "elbow", "pain_regions: 'elbow' is not a pain region"),
    ("next_day_pain", "pain_regions", "", "pain_regions: is empty"),
    ("next_day_pain", "pain_regions", ["knee"], "pain_regions: ['knee'] is not text"),
    ("skipped_exercises", "session_id", 999, "not a session in the file"),
    ("skipped_exercises", "session_id", "1", "not a session in the file"),
    ("skipped_exercises", "exercise_id", None, "exercise_id"),
    ("skipped_exercises", "exercise_id", "../../etc/passwd", "unknown exercise id"),
    ("skipped_exercises", "exercise_id", "x\x1b[2J", "control character"),
    ("skipped_exercises", "id", 0, "id"),
]


@pytest.mark.parametrize(("part", "field", "value", "message"), BAD_ROWS)
def test_a_bad_row_refuses_the_whole_file(
    tmp_path: Path, part: str, field: str, value: Any, message: str
) -> None:
    data = _one_of_each(tmp_path)
    data[part][-1][field] = value
    text = json.dumps(data)
    known = {"back-squat", "romanian-deadlift"}
    with SessionLog(tmp_path / "log.db") as log:
        with pytest.raises(InvalidInput) as err:
            log.import_text(text, source="in.json", known=known)
        assert f"in.json: {part}[{len(data[part]) - 1}]" in str(err.value)
        assert message in str(err.value) and "\n" not in str(err.value)
        assert log.count() == (0, 0)
    assert not (tmp_path / "log.db").exists()  # refused before anything was written


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda rows: rows.append(dict(rows[0])), "appears twice"),
        (lambda rows: rows[0].pop("created_at"), "created_at: Field required"),
        (lambda rows: rows[0].update(extra=1), "unknown field 'extra'"),
        (lambda rows: rows.__setitem__(0, [1, 2]), "not an object"),
    ],
)
def test_a_malformed_part_is_refused(tmp_path: Path, change: Any, message: str) -> None:
    data = _one_of_each(tmp_path)
    change(data["pain_checkins"])
    with SessionLog(tmp_path / "log.db") as log, pytest.raises(InvalidInput, match=message):
        log.import_text(json.dumps(data), source="in.json")


def _profile_colour(data: dict[str, Any]) -> None:
    data["profile"]["colour"] = "red"


def _session_colour(data: dict[str, Any]) -> None:
    data["plans"][0]["plan"]["weeks"][0]["sessions"][0]["colour"] = "red"


def _no_generator(data: dict[str, Any]) -> None:
    del data["plans"][0]["plan"]["generator"]


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (_profile_colour, "in.json: profile: unknown field 'colour'"),
        (_session_colour, "in.json: plans[0]: plan.weeks[0].sessions[0]: unknown field 'colour'"),
        (_no_generator, "in.json: plans[0]: plan.generator: Field required"),
    ],
)
def test_a_bad_profile_or_plan_says_where(tmp_path: Path, change: Any, message: str) -> None:
    """QA pass: these said "profile: Unexpected keyword argument" and "plan 1: Field
    required", naming neither the file nor the field."""
    data = _one_of_each(tmp_path)
    change(data)
    with SessionLog(tmp_path / "log.db") as log, pytest.raises(InvalidInput) as err:
        log.import_text(json.dumps(data), source="in.json")
    assert str(err.value) == message


@pytest.mark.parametrize(
    ("part", "key", "value", "message"),
    [
        ("profile", "days", True, "in.json: profile.days: true/false where a number belongs"),
        ("profile", "weekly_volume", True, "profile.weekly_volume: true/false where a number"),
        ("profile", "start_date", 0, "in.json: profile.start_date: a date is written YYYY-MM-DD"),
        ("inputs", "weeks", False, "plans[0]: plan.inputs.weeks: true/false where a number"),
        ("inputs", "race_date", 1.5e9, "plan.inputs.race_date: a date is written YYYY-MM-DD"),
        ("prescription", "sets", True, "weeks[0].sessions[0].exercises[0].sets: true/false"),
    ],
)
def test_what_validation_would_convert_quietly_is_refused(
    tmp_path: Path, part: str, key: str, value: Any, message: str
) -> None:
    """The QA pass: `"days": true` in an imported profile was stored as 1 day (every later
    `plan` then blamed --days), `"start_date": 0` became 1970-01-01; a plan's numbers and
    dates alike. A true where a flag belongs stays right (the plans hold many)."""
    data = _one_of_each(tmp_path)
    plan = data["plans"][0]["plan"]
    target = {
        "profile": data["profile"],
        "inputs": plan["inputs"],
        "prescription": plan["weeks"][0]["sessions"][0]["exercises"][0],
    }[part]
    target[key] = value
    with SessionLog(tmp_path / "log.db") as log, pytest.raises(InvalidInput) as err:
        log.import_text(json.dumps(data), source="in.json")
    assert message in str(err.value)
    with SessionLog(tmp_path / "log.db") as log:
        assert log.count() == (0, 0)


def _exercise(data: dict[str, Any]) -> dict[str, Any]:
    first: dict[str, Any] = data["plans"][0]["plan"]["weeks"][0]["sessions"][0]["exercises"][0]
    return first


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda d: d["plans"][0]["plan"]["inputs"].update(weekly_volume=5000.0),
         "in.json: plans[0]: plan.inputs.weekly_volume: 5000 is not 0–1000"),
        (lambda d: d["plans"][0]["plan"]["inputs"].update(days=9),
         "in.json: plans[0]: plan.inputs.days: 9 is not 1, 2 or 3"),
        (lambda d: d["plans"][0]["plan"].update(schema_version=2),
         "in.json: plans[0]: plan.schema_version: 2 is not 1"),
        (lambda d: _exercise(d).update(sets=-3),
         "plan.weeks[0].sessions[0].exercises[0].sets: -3 is below 1"),
        (lambda d: _exercise(d).update(reps=[10, 2]),
         "plan.weeks[0].sessions[0].exercises[0].reps: [10, 2] is no range of reps"),
    ],
)  # fmt: skip
def test_a_plan_no_runstrength_makes_is_refused(tmp_path: Path, change: Any, message: str) -> None:
    """The QA pass: a hand-edited export's 5,000 km a week, 9 days, -3 sets or [10, 2] reps
    were imported as they were (the types fit), and would reach `next` and the log."""
    data = _one_of_each(tmp_path)
    change(data)
    with SessionLog(tmp_path / "log.db") as log, pytest.raises(InvalidInput) as err:
        log.import_text(json.dumps(data), source="in.json")
    assert message in str(err.value) and "\n" not in str(err.value)


def test_the_cli_refuses_a_bad_part_in_one_line(tmp_path: Path, _isolated_home: Path) -> None:
    data = _one_of_each(tmp_path)
    data["runs"][0]["distance_m"] = "far"
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps(data))
    result = run("log", "import", str(bad))
    assert result.exit_code == 2
    assert result.stderr.count("\n") == 1 and f"{bad}: runs[0]: distance_m" in result.stderr
    assert not (_isolated_home / "log.db").exists()


def test_the_resumed_plan_keeps_its_date_when_its_id_changes(tmp_path: Path) -> None:
    """plan_resumed names a plan by id: an import that renumbers the plan renumbers it."""
    build_full_log(tmp_path / "a.db")
    with SessionLog(tmp_path / "a.db") as a:
        text = a.export_json()
        assert a.settings()["plan_resumed"] == "2 2026-11-09"
    with SessionLog(tmp_path / "b.db") as b:
        b.save_plan(make_plan(4))  # other plans hold ids 1 and 2 here
        b.save_plan(make_plan(6))
        b.import_text(text)
        resumed_plan = int(b.settings()["plan_resumed"].split()[0])
        assert resumed_plan not in (1, 2)
        assert b.resumed(resumed_plan) == dt.date(2026, 11, 9)
    with sqlite3.connect(tmp_path / "b.db") as conn:
        (saved,) = conn.execute("SELECT json FROM plans WHERE id = ?", (resumed_plan,)).fetchone()
    assert len(json.loads(saved)["weeks"]) == 8  # the re-saved plan of log a


@pytest.mark.parametrize(
    "value", ["x 2026-11-09", "2", "0 2026-11-09", "2 2026-13-01", "2 1066-10-14"]
)
def test_a_bad_resumed_setting_is_refused(tmp_path: Path, value: str) -> None:
    build_full_log(tmp_path / "a.db")
    with SessionLog(tmp_path / "a.db") as a:
        data = json.loads(a.export_json())
    data["settings"]["plan_resumed"] = value
    with SessionLog(tmp_path / "b.db") as b, pytest.raises(InvalidInput, match="plan_resumed"):
        b.import_text(json.dumps(data))


def test_a_csv_keeps_its_plan_links_only_where_this_log_has_that_plan(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Reliability re-check: a CSV carries plan ids but not the plans. Into a log whose
    plan 1 was another plan (or none yet, then the next `plan --save` became plan 1), its
    sessions counted as that plan's: `next` jumped from week 1 A to week 3 C. A link stays
    only where this log's plan of that id has that week's session, label and dates."""
    a, b = tmp_path / "a", tmp_path / "b"

    def home(folder: Path, *args: str) -> str:
        return _with_home(folder, *args, monkeypatch=monkeypatch)

    plan = ("plan", "--weeks", "4", "--start", "2026-11-23", "--save", "-f", "md")
    home(a, *plan)
    for day in ("2026-11-23", "2026-11-25", "2026-11-27", "2026-11-30"):
        assert "Logged" in home(a, "log", "--done", "--date", day)
    csv_text = home(a, "log", "export", "-f", "csv")
    exported = tmp_path / "a.csv"
    exported.write_text(csv_text, encoding="utf-8")
    # a fresh log: no plan 1, so the sessions stay unattached, also once a plan is saved
    home(b, "log", "import", str(exported))
    home(b, "plan", "--weeks", "4", "--start", "2026-12-07", "--save", "-f", "md")
    assert home(b, "next").startswith("Week 1 · ")
    assert "Session A" in home(b, "next").splitlines()[1]
    # the same log: the round trip keeps every link (undo the last, import it back)
    assert "Removed" in home(a, "log", "undo", "--yes")
    before = home(a, "next")
    home(a, "log", "import", str(exported))
    assert home(a, "next") != before and "Session B" in home(a, "next").splitlines()[1]


# --------------------------------------------------------------------------- the same data twice
# QA repro 10: a CSV export imported into a fresh log, then the JSON export of the same log,
# added every session again. The CSV carries plan ids but not the plans, so its sessions
# were stored unattached; the JSON's attached ones then differed and were renumbered in.


def _exports(tmp_path: Path) -> dict[str, str]:
    build_full_log(tmp_path / "a.db")
    with SessionLog(tmp_path / "a.db") as a:
        return {"csv": a.export_csv(), "json": a.export_json()}


def _unattached(path: Path) -> list[Any]:
    with SessionLog(path) as log:
        return [s._replace(plan_id=None, week=None, session=None) for s in log.sessions()]


@pytest.mark.parametrize(
    ("first", "second"), [("csv", "json"), ("json", "csv"), ("csv", "csv"), ("json", "json")]
)
def test_the_same_sessions_twice_add_nothing_in_any_mix_of_formats(
    tmp_path: Path, first: str, second: str
) -> None:
    files = _exports(tmp_path)
    with SessionLog(tmp_path / "b.db") as b:
        assert b.import_text(files[first]).added == 3
        again = b.import_text(files[second])
        assert (again.added, again.skipped, again.renumbered) == (0, 3, 0)
        # a CSV holds sessions and sets only: runs and pain come with the JSON after it
        news = (3, 4) if (first, second) == ("csv", "json") else (0, 0)
        assert (again.runs, again.pain) == news
        assert again.relinked == (1 if (first, second) == ("csv", "json") else 0)
    if "json" in (first, second):
        # ... and the log ends as the JSON alone makes it: the plan links a CSV could not
        # keep (no plan in the log yet) come back with the JSON's plans.
        assert tables(tmp_path / "b.db") == tables(tmp_path / "a.db")
    else:
        assert _unattached(tmp_path / "b.db") == _unattached(tmp_path / "a.db")


@pytest.mark.parametrize("order", [("csv", "json"), ("json", "csv"), ("json", "json")])
def test_the_same_sessions_twice_into_a_log_with_its_own_sessions(
    tmp_path: Path, order: tuple[str, str]
) -> None:
    """The log's own session holds id 1: the file's session 1 is renumbered the first time
    and recognised by what it holds the second time (it was added again, with its
    next-morning pain)."""
    files = _exports(tmp_path)
    with SessionLog(tmp_path / "b.db") as b:
        b.add_session(dt.date(2026, 10, 1), [_kg("back-squat", 1, 5, 70.0)])
        first = b.import_text(files[order[0]])
        assert (first.added, first.renumbered) == (3, 1)
        again = b.import_text(files[order[1]])
        assert (again.added, again.skipped, again.renumbered) == (0, 3, 0)
        assert again.pain == (4 if order == ("csv", "json") else 0)
        assert b.count()[0] == 4


@pytest.mark.parametrize("fmt", ["csv", "json"])
def test_a_log_takes_its_own_export_back_unchanged(tmp_path: Path, fmt: str) -> None:
    files = _exports(tmp_path)
    before = tables(tmp_path / "a.db")
    with SessionLog(tmp_path / "a.db") as a:
        result = a.import_text(files[fmt])
        assert (result.added, result.skipped, result.renumbered) == (0, 3, 0)
    assert tables(tmp_path / "a.db") == before


@pytest.mark.parametrize("fmt", ["csv", "json"])
def test_sessions_logged_since_are_still_added(tmp_path: Path, fmt: str) -> None:
    files = _exports(tmp_path)
    with SessionLog(tmp_path / "b.db") as b:
        b.import_text(files["csv" if fmt == "json" else "json"])
    with SessionLog(tmp_path / "a.db") as a:
        a.add_session(dt.date(2026, 11, 12), [_kg("back-squat", 1, 5, 82.5)])
        # the same workout as an earlier session, on another day: another session
        a.add_session(dt.date(2026, 11, 9), [_kg("romanian-deadlift", 1, 8, 60.0)])
        # a second session on a day that has one (not merged into it)
        a.add_session(dt.date(2026, 11, 5), [_kg("back-squat", 1, 3, 90.0)], merge=False)
        newer = a.export_csv() if fmt == "csv" else a.export_json()
    with SessionLog(tmp_path / "b.db") as b:
        result = b.import_text(newer)
        assert (result.added, result.skipped, result.renumbered) == (3, 3, 0)
        assert b.count()[0] == 6


def test_an_empty_note_is_no_note_in_either_format(tmp_path: Path) -> None:
    """A CSV cannot tell an empty note from none: a JSON file's "" note is stored as none
    (as `log` stores it), so the CSV of that log imports back as the same session."""
    data = _one_of_each(tmp_path)
    data["sessions"][1]["note"] = ""
    with SessionLog(tmp_path / "b.db") as b:
        assert b.import_text(json.dumps(data)).added == 3
        assert b.sessions()[1].note is None
        again = b.import_text(b.export_csv())
        assert (again.added, again.skipped) == (0, 3)


def test_the_cli_says_the_second_import_added_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """QA repro 10 through the CLI: csv then json into a fresh home."""
    a, b = tmp_path / "a", tmp_path / "b"

    def home(folder: Path, *args: str) -> str:
        return _with_home(folder, *args, monkeypatch=monkeypatch)

    home(a, "plan", "--season", "off", "--days", "2", "--start", "2026-12-07", "--save")
    monkeypatch.setenv("RUNSTRENGTH_TODAY", "2026-12-07")
    assert "Logged" in home(a, "log", "trap-bar-deadlift", "2x10@60kg", "--rir", "3")
    assert "Completed" in home(a, "log", "--done")
    for fmt in ("csv", "json"):
        (tmp_path / f"a.{fmt}").write_text(home(a, "log", "export", "-f", fmt), encoding="utf-8")
    monkeypatch.setenv("RUNSTRENGTH_TODAY", "2026-12-10")
    assert home(b, "log", "import", str(tmp_path / "a.csv")).startswith("Imported 1 session(s)")
    second = home(b, "log", "import", str(tmp_path / "a.json"))
    assert second.startswith("Imported 0 session(s)") and "1 already in the log" in second
    assert "got new ids" not in second
    assert home(b, "log", "list") == home(a, "log", "list")
    assert home(b, "history", "trap-bar-deadlift") == home(a, "history", "trap-bar-deadlift")


def as_version(data: dict[str, Any], version: int) -> dict[str, Any]:
    """`data` (this version's export) as an export of `version` wrote it: without what
    later versions added."""
    data["version"] = version
    if version < 5:
        for session in data["sessions"]:
            for st in session["sets"]:
                del st["created_at"]
        for row in data["next_day_pain"]:
            del row["replaced"]
    if version < 4:
        for session in data["sessions"]:
            for st in session["sets"]:
                del st["pain_regions"]
        for row in data["next_day_pain"]:
            del row["pain_regions"]
    if version < 3:
        del data["skipped_exercises"]
    return data


def test_a_version_2_export_imports_with_no_skipped_exercises(tmp_path: Path) -> None:
    """An export written before skipped exercises were kept (version 2, no such part)
    imports as before."""
    data = as_version(_one_of_each(tmp_path), 2)
    with SessionLog(tmp_path / "b.db") as b:
        assert b.import_text(json.dumps(data)).added == 3
        assert b.skipped_in(s.id for s in b.sessions()) == {}


def test_two_copies_in_a_file_are_two_sessions(tmp_path: Path) -> None:
    """A file may hold one workout twice (the same day, time and sets): each copy in the
    log answers for one copy in the file, so both are added once and never again."""
    data = _one_of_each(tmp_path)
    data["sessions"].append(dict(data["sessions"][1], id=9))
    data["next_day_pain"] = []
    with SessionLog(tmp_path / "b.db") as b:
        assert b.import_text(json.dumps(data)).added == 4
        again = b.import_text(json.dumps(data))
        assert (again.added, again.skipped) == (0, 4)
        assert b.count()[0] == 4


@pytest.mark.parametrize("fmt", ["csv", "json"])
@pytest.mark.parametrize(
    "edit",
    [
        {"note": "felt heavy"},
        {"date": dt.date(2026, 11, 6)},
        {"replace_sets": {"back-squat": [_kg("back-squat", 1, 4, 95.0)]}},
    ],
    ids=["note", "date", "sets"],
)
def test_a_session_edited_since_the_export_is_kept_as_edited(
    tmp_path: Path, fmt: str, edit: dict[str, Any]
) -> None:
    """A session edited in the log after the export (its note, date or sets) is the same
    session under the same id and time of logging: the export brings it back as it was,
    beside the edited copy (noticed by last session's import helper). It is kept as
    edited, and the import says so."""
    files = _exports(tmp_path)
    with SessionLog(tmp_path / "a.db") as a:
        first = a.sessions()[0]
        a.edit_session(first.id, **edit)
    before = tables(tmp_path / "a.db")
    with SessionLog(tmp_path / "a.db") as a:
        result = a.import_text(files[fmt])
        assert (result.added, result.skipped, result.edited) == (0, 2, 1)
    assert tables(tmp_path / "a.db") == before


def test_the_cli_says_a_session_was_kept_as_edited(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    a = tmp_path / "a"

    def home(*args: str) -> str:
        return _with_home(a, *args, monkeypatch=monkeypatch)

    monkeypatch.setenv("RUNSTRENGTH_TODAY", "2026-12-07")
    home("log", "trap-bar-deadlift", "2x10@60kg", "--rir", "3")
    (tmp_path / "a.json").write_text(home("log", "export", "-f", "json"), encoding="utf-8")
    home("log", "edit", "1", "trap-bar-deadlift", "2x8@65kg")
    said = home("log", "import", str(tmp_path / "a.json"))
    assert said == (
        f"Imported 0 session(s) from {tmp_path / 'a.json'}; 1 edited in the log since the "
        "export, kept as edited.\n"
    )
    assert "2×8 @ 65 kg" in home("log", "list")


# --------------------------------------------------------------------------- pain regions


def _rows(text: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(text)))


def _csv(rows: list[list[str]]) -> str:
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(rows)
    return out.getvalue()


def test_the_regions_of_the_pain_round_trip_through_csv(tmp_path: Path) -> None:
    """The CSV carries a set's pain regions in its last column, back to the same set."""
    files = _exports(tmp_path)
    rows = _rows(files["csv"])
    assert rows[0][-1] == "pain_regions" and rows[2][-1] == "knee,low-back"
    with SessionLog(tmp_path / "b.db") as b:
        b.import_text(files["csv"])
        regions = {(s.exercise_id, s.set_no, s.pain_regions) for x in b.sessions() for s in x.sets}
    assert ("back-squat", 2, "knee,low-back") in regions
    # ... and every column of every set but the time it was written: a CSV carries none
    # (the JSON alone does, with the next-morning reports `log undo` reads it against)
    untimed = {**WRITE_TIME, "sets": "created_at"}
    assert tables(tmp_path / "b.db", untimed)["sets"] == tables(tmp_path / "a.db", untimed)["sets"]
    with SessionLog(tmp_path / "b.db") as b:
        times = [tuple(r) for r in b._conn.execute("SELECT DISTINCT created_at FROM sets")]
    assert times == [(None,)]


def test_exports_from_before_pain_regions_still_import(tmp_path: Path) -> None:
    """A CSV one column short (version 3's header) and a version 3 JSON, whose sets and
    next-morning reports have no `pain_regions`, import as before: their pain counts for
    every region."""
    files = _exports(tmp_path)
    old_csv = _csv([row[:-1] for row in _rows(files["csv"])])
    data = as_version(json.loads(files["json"]), 3)
    for name, text in (("csv", old_csv), ("json", json.dumps(data))):
        with SessionLog(tmp_path / f"{name}.db") as log:
            result = log.import_text(text, source=f"old.{name}")
            assert result.added == 3, name
            assert {s.pain_regions for x in log.sessions() for s in x.sets} == {None}
            mornings = log._conn.execute("SELECT pain_regions FROM next_day_pain").fetchall()
            assert [tuple(r) for r in mornings] == ([(None,), (None,)] if name == "json" else [])
    # a version 4 file must hold the column
    data["version"] = 4
    with SessionLog(tmp_path / "v4.db") as log, pytest.raises(InvalidInput) as err:
        log.import_text(json.dumps(data), source="in.json")
    assert str(err.value) == "in.json: next_day_pain[0]: pain_regions: Field required"


@pytest.mark.parametrize(
    ("regions", "pain", "message"),
    [
        ("elbow", 3, "pain_regions: 'elbow' is not a pain region; one of foot-ankle,"),
        ("kne", 3, "pain_regions: 'kne' is not a pain region; did you mean knee?"),
        ("low-back,knee", 3, "pain_regions: 'low-back,knee' is written 'knee,low-back' in a log"),
        ("knee", None, "pain_regions: regions without a pain score"),
        ("", 3, "pain_regions: is empty"),
    ],
)
@pytest.mark.parametrize("fmt", ["csv", "json"])
def test_a_set_with_bad_pain_regions_refuses_the_file(
    tmp_path: Path, fmt: str, regions: str, pain: int | None, message: str
) -> None:
    """Checked like every other field of a set: the file and the place, nothing written."""
    files = _exports(tmp_path)
    if fmt == "json":
        data = json.loads(files["json"])
        st = data["sessions"][0]["sets"][1]
        st["pain_regions"], st["pain"] = regions, pain
        text = json.dumps(data)
    else:
        rows = _rows(files["csv"])
        column = rows[0].index
        second = rows[2]  # the second set of session 1
        second[column("pain_regions")] = regions
        second[column("pain")] = "" if pain is None else str(pain)
        text = _csv(rows)
    if regions == "" and fmt == "csv":
        message = "imported"  # an empty CSV cell is no value: the set names no region
    with SessionLog(tmp_path / "b.db") as b:
        if message == "imported":
            assert b.import_text(text, source=f"in.{fmt}").added == 3
            return
        with pytest.raises(InvalidInput) as err:
            b.import_text(text, source=f"in.{fmt}")
        # a JSON export names the set by its path, a CSV one by its line (the set's row)
        where = "in.json: sessions[0]: set 2" if fmt == "json" else "in.csv:3"
        assert str(err.value).startswith(f"{where}: {message}"), err.value
        assert "\n" not in str(err.value) and b.count() == (0, 0)


@pytest.mark.parametrize(
    ("row", "column", "value", "message"),
    [
        (3, "reps", "five", "in.csv:3: reps: Input should be a valid integer"),
        (3, "exercise_id", "back-sqat", "in.csv:3: unknown exercise id 'back-sqat'"),
        (2, "pain", "11", "in.csv:2: pain: 11 is not a whole number 0–10"),
        (2, "load", "eighty", "in.csv:2: load: Input should be a valid number"),
    ],
)
def test_a_bad_cell_of_a_csv_import_is_said_at_its_own_line(
    tmp_path: Path, row: int, column: str, value: str, message: str
) -> None:
    """The QA run: a bad cell in the third row of a session was said at the session's first
    line ("in.csv:2: session 1: sets.2.reps: …"), an unknown exercise id with no line at
    all ("sessions[0]: set 3: …"). A CSV import names the row a spreadsheet shows."""
    rows = _rows(_exports(tmp_path)["csv"])
    ids = rows[0].index("exercise_id")
    known = {r[ids] for r in rows[1:] if r[ids]}  # every id the log holds
    rows[row - 1][rows[0].index(column)] = value
    with SessionLog(tmp_path / "b.db") as b:
        with pytest.raises(InvalidInput) as err:
            b.import_text(_csv(rows), source="in.csv", known=known)
        assert str(err.value).startswith(message), err.value
        assert b.count() == (0, 0)


@pytest.mark.parametrize("fmt", ["csv", "json"])
def test_an_import_of_a_session_after_today_is_refused(tmp_path: Path, fmt: str) -> None:
    """The QA run: `log` refuses a session dated in the future, and an export edited to
    2099-01-01 was imported ("#1 2099-01-01" in `log list`). Checked like every other
    field, at its line or path, and nothing is written."""
    files = _exports(tmp_path)
    with SessionLog(tmp_path / "a.db") as a:
        newest = max(x.date for x in a.sessions())
    if fmt == "json":
        data = json.loads(files["json"])
        data["sessions"][0]["date"] = "2099-01-01"
        text, where = json.dumps(data), "in.json: sessions[0]"
    else:
        rows = _rows(files["csv"])
        first = rows[1][rows[0].index("session_id")]
        for row in rows[1:]:
            if row[rows[0].index("session_id")] == first:
                row[rows[0].index("date")] = "2099-01-01"
        text, where = _csv(rows), "in.csv:2"
    with SessionLog(tmp_path / "b.db") as b:
        with pytest.raises(InvalidInput) as err:
            b.import_text(text, source=f"in.{fmt}", today=newest)
        assert str(err.value) == (
            f"{where}: date: 2099-01-01 is after today ({newest.isoformat()}); "
            "a log holds what was done"
        )
        assert b.count() == (0, 0)
        assert b.import_text(files[fmt], source=f"in.{fmt}", today=newest).added > 0


def test_an_import_that_replaces_the_active_plan_or_profile_says_so(
    tmp_path: Path, _isolated_home: Path
) -> None:
    """The QA run: a JSON export imported into a log with its own plan and profile made
    the export's the active ones, and the import said only "Imported 18 session(s)"."""
    build_full_log(tmp_path / "a.db")
    with SessionLog(tmp_path / "a.db") as a:
        exported = tmp_path / "export.json"
        exported.write_text(a.export_json(), encoding="utf-8")
    mine = ["--season", "pre", "--days", "3", "--start", "2027-02-01", "--save"]
    assert run("plan", *mine).exit_code == 0
    result = run("log", "import", str(exported))
    assert result.exit_code == 0, result.stderr
    assert result.stderr.splitlines()[-1] == (
        "The export's active plan and profile replaced the ones this log had "
        "(`runstrength plan --save` saves yours again)."
    )
    again = run("log", "import", str(exported))  # nothing of this log's left to replace
    assert again.exit_code == 0 and "replaced the ones" not in again.stderr


def test_the_cli_refuses_bad_pain_regions_in_one_line(tmp_path: Path, _isolated_home: Path) -> None:
    build_full_log(tmp_path / "log.db")
    with SessionLog(tmp_path / "log.db") as log:
        data = json.loads(log.export_json())
    data["sessions"][0]["sets"][1]["pain_regions"] = "elbow"
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps(data), encoding="utf-8")
    result = run("log", "import", str(bad))
    assert result.exit_code == 2 and len(result.stderr.splitlines()) == 1
    assert result.stderr.startswith(f"Error: {bad}: sessions[0]: set 2: pain_regions: 'elbow'")
    assert not (_isolated_home / "log.db").exists()


def test_a_version_4_export_imports_with_no_set_times_nor_replaced(tmp_path: Path) -> None:
    """A file from before version 5 has neither: its sets are written with no time, as a
    set logged before m009 is (its session's time stands in for `log undo`), never the
    time of the import, and its reports replaced none. A version 5 file must hold both."""
    text = json.dumps(_one_of_each(tmp_path))
    data = as_version(json.loads(text), 4)
    with SessionLog(tmp_path / "b.db") as b:
        assert b.import_text(json.dumps(data), source="old.json").added == 3
        times = [tuple(r) for r in b._conn.execute("SELECT DISTINCT created_at FROM sets")]
        replaced = [tuple(r) for r in b._conn.execute("SELECT replaced FROM next_day_pain")]
    assert times == [(None,)] and replaced == [(None,), (None,)]
    no_times = dict(data, version=5)
    no_replaced = json.loads(text)
    for row in no_replaced["next_day_pain"]:
        del row["replaced"]
    for newer, where in (
        (no_times, "sessions[0]: set 1: created_at"),
        (no_replaced, "next_day_pain[0]: replaced"),
    ):
        with SessionLog(tmp_path / "c.db") as c, pytest.raises(InvalidInput) as err:
            c.import_text(json.dumps(newer), source="in.json")
        assert str(err.value) == f"in.json: {where}: Field required"


STAMP = "2026-11-05T18:00:00.000Z"
BAD_TIMES = [
    ("yesterday", "not a UTC time like 2026-05-01T06:30:00.000Z"),
    ("2026-11-05 18:00:00", "not a UTC time like"),  # sorts before any T…: undo misreads it
    ("2026-11-05T18:00:00.000+01:00", "not a UTC time like"),
    ("2026-13-05T18:00:00.000Z", "2026-13-05T18:00:00.000Z is not a time"),
    ("1066-10-14T09:00:00.000Z", ""),  # outside the dates a log holds
    (1730829600, "not a UTC time like"),
    (True, "not a UTC time like"),
]


@pytest.mark.parametrize(("value", "message"), BAD_TIMES)
def test_a_set_time_that_is_no_time_refuses_the_file(
    tmp_path: Path, value: Any, message: str
) -> None:
    data = _one_of_each(tmp_path)
    data["sessions"][0]["sets"][1]["created_at"] = value
    with SessionLog(tmp_path / "b.db") as b:
        with pytest.raises(InvalidInput) as err:
            b.import_text(json.dumps(data), source="in.json")
        assert str(err.value).startswith(f"in.json: sessions[0]: set 2: created_at: {message}")
        assert "\n" not in str(err.value) and b.count() == (0, 0)


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ('[[1, "2026-11-05T18:00:00.000Z"]]', ": not null or a list of [pain, created_at] pairs"),
        ({"pain": 1}, ": not null or a list of [pain, created_at] pairs"),
        ([[1]], "[0]: not a [pain, created_at] pair"),
        ([1, STAMP], "[0]: not a [pain, created_at] pair"),
        ([[1, STAMP], [11, STAMP]], "[1]: pain: 11 is not a whole number 0–10"),
        ([[True, STAMP]], "[0]: pain: True is not a whole number 0–10"),
        *(([[1, v]], f"[0]: created_at: {m}") for v, m in BAD_TIMES),
    ],
)
def test_a_bad_replaced_refuses_the_file(tmp_path: Path, value: Any, message: str) -> None:
    """`replaced` as add_next_day stores it, [[pain, created_at], ...], or null: `log
    undo` writes those reports back as they were."""
    data = _one_of_each(tmp_path)
    assert data["next_day_pain"][1]["replaced"] is not None  # the hamstring report's
    data["next_day_pain"][1]["replaced"] = value
    with SessionLog(tmp_path / "b.db") as b:
        with pytest.raises(InvalidInput) as err:
            b.import_text(json.dumps(data), source="in.json")
        assert str(err.value).startswith(f"in.json: next_day_pain[1]: replaced{message}")
        assert "\n" not in str(err.value) and b.count() == (0, 0)


def test_only_a_report_naming_where_has_replaced_others(tmp_path: Path) -> None:
    """A report naming no region and no exercise never replaces one (add_next_day): such
    a `replaced` is no log's, and undoing the report would add reports never logged."""
    data = _one_of_each(tmp_path)
    assert data["next_day_pain"][0]["pain_regions"] is None
    data["next_day_pain"][0]["replaced"] = [[1, STAMP]]
    with SessionLog(tmp_path / "b.db") as b, pytest.raises(InvalidInput) as err:
        b.import_text(json.dumps(data), source="in.json")
    assert str(err.value) == (
        "in.json: next_day_pain[0]: replaced: only a report naming an exercise or regions "
        "replaces others"
    )


def test_the_cli_refuses_a_bad_set_time_in_one_line(tmp_path: Path, _isolated_home: Path) -> None:
    build_full_log(tmp_path / "log.db")
    with SessionLog(tmp_path / "log.db") as log:
        data = json.loads(log.export_json())
    data["next_day_pain"][1]["replaced"] = [[1, "noon"]]
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps(data), encoding="utf-8")
    result = run("log", "import", str(bad))
    assert result.exit_code == 2 and len(result.stderr.splitlines()) == 1
    assert result.stderr.startswith(
        f"Error: {bad}: next_day_pain[1]: replaced[0]: created_at: not a UTC time like"
    )
    assert not (_isolated_home / "log.db").exists()
