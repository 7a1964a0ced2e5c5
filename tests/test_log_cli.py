"""`runstrength log | next | history | profile` through the real app (CliRunner)."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner, Result

from runstrength.cli import app, context, history_cmd, log_cmd
from runstrength.log.records import LoggedSession, LoggedSet
from runstrength.log.storage import SessionLog
from runstrength.log.view import log_view
from runstrength.models import Profile

from helpers import RULES, make_plan, small_catalog

TODAY = "2026-01-08"  # plan sessions: Mon 2026-01-05 (A) and Thu 2026-01-08 (B)


@pytest.fixture(autouse=True)
def _pinned(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("RUNSTRENGTH_TODAY", TODAY)
    monkeypatch.setattr(context, "core_inputs", lambda extra: (small_catalog(), RULES))
    monkeypatch.setattr(log_cmd, "stdin_is_terminal", lambda: False)


def run(*args: str, input: str | None = None) -> Result:
    return CliRunner().invoke(app, list(args), input=input)


def ok(*args: str, input: str | None = None) -> str:
    result = CliRunner().invoke(app, list(args), input=input, catch_exceptions=False)
    assert result.exit_code == 0, (result.stdout, result.stderr)
    return result.stdout


def _with_plan(db: Path, **profile: object) -> int:
    with SessionLog(db) as log:
        log.save_profile(Profile.model_validate(profile))
        return log.save_plan(make_plan())


def _sessions(db: Path) -> list[LoggedSession]:
    if not db.exists():
        return []
    with SessionLog(db) as log:
        return list(log.sessions())


# --------------------------------------------------------------------------- bad input


BAD = [
    (  # a negative value read as an option said "No such option: -1" (hostile-input QA)
        ["log", "pain-next-day", "-1"],
        "Error: -1: no value here is below 0, and no option is named so "
        "(see `runstrength log pain-next-day --help`)\n",
    ),
    (  # an argument by its name in the usage line, not the code's `session_id`
        ["log", "edit", "abc", "--note", "hi"],
        "Error: ID: 'abc' is not a whole number (see `runstrength log edit --help`)\n",
    ),
    (
        ["log", "trap-bar-deadlif", "3x5@80kg"],
        "Error: unknown exercise 'trap-bar-deadlif'; did you mean trap-bar-deadlift?\n",
    ),
    (  # an id of 100,000 characters: one short line, not a 100 KB one (reliability re-check)
        ["log", "x" * 100_000, "3x5@80kg"],
        f"Error: unknown exercise '{'x' * 59}…'; see `runstrength catalog list`\n",
    ),
    (
        ["log", "back-squat", "3x"],
        "Error: bad SPEC '3x': the reps (or 30s, 20c) are missing after 'x' "
        "(e.g. 3x5@80kg, 5,5,4@82.5kg, 3x10, 3x30s, 3x20c)\n",
    ),
    (  # the QA pass: it said "use either 3x5 or 5,5,4, not both"
        ["log", "back-squat", "3xx"],
        "Error: bad SPEC '3xx': more than one 'x' "
        "(e.g. 3x5@80kg, 5,5,4@82.5kg, 3x10, 3x30s, 3x20c)\n",
    ),
    (
        ["log", "back-squat", "x5@"],
        "Error: bad SPEC 'x5@': nothing after '@' "
        "(e.g. 3x5@80kg, 5,5,4@82.5kg, 3x10, 3x30s, 3x20c)\n",
    ),
    (
        ["log", "back-squat", "3x5@-10kg"],
        "Error: bad SPEC '3x5@-10kg': the load must be above 0, got -10 "
        "(e.g. 3x5@80kg, 5,5,4@82.5kg, 3x10, 3x30s, 3x20c)\n",
    ),
    (
        ["log", "back-squat", "3x5@80stone"],
        "Error: bad SPEC '3x5@80stone': unknown unit 'stone'; use kg or lb "
        "(e.g. 3x5@80kg, 5,5,4@82.5kg, 3x10, 3x30s, 3x20c)\n",
    ),
    (["log", "back-squat", "3x5@80kg", "--rir", "11"], "Error: --rir must be 0–10, got 11\n"),
    (["log", "back-squat", "3x5@80kg", "--rir", "-1"], "Error: --rir must be 0–10, got -1\n"),
    (["log", "back-squat", "3x5@80kg", "--pain", "12"], "Error: --pain must be 0–10, got 12\n"),
    # a value that is no whole number is said so plainly (it was pydantic's "Input should
    # be a valid integer, unable to parse string as an integer")
    (
        ["log", "back-squat", "3x5@80kg", "--rir", "x"],
        "Error: --rir: 'x' is not a whole number (see `runstrength log add --help`)\n",
    ),
    (
        ["log", "back-squat", "3x5@80kg", "--pain", ""],
        "Error: --pain: '' is not a whole number (see `runstrength log add --help`)\n",
    ),
    (
        ["log", "back-squat", "3x5@80kg", "--pain", "2.5"],
        "Error: --pain: '2.5' is not a whole number (see `runstrength log add --help`)\n",
    ),
    # a SPEC with no work in any set and no load records nothing that was done
    (
        ["log", "back-squat", "0"],
        "Error: bad SPEC '0': no set holds any work; log the sets you did, or a missed lift "
        "with its load (0@100kg) (e.g. 3x5@80kg, 5,5,4@82.5kg, 3x10, 3x30s, 3x20c)\n",
    ),
    (
        ["log", "back-squat", "3x0"],
        "Error: bad SPEC '3x0': no set holds any work; log the sets you did, or a missed lift "
        "with its load (0@100kg) (e.g. 3x5@80kg, 5,5,4@82.5kg, 3x10, 3x30s, 3x20c)\n",
    ),
    (
        ["log", "back-squat", "3x5@80kg", "--date", "2026-01-09"],
        "Error: 2026-01-09 is in the future; log what you have done\n",
    ),
    (
        ["log", "back-squat", "3x5@80kg", "--date", "last week"],
        "Error: 'last week' is not a date; use YYYY-MM-DD, today or yesterday\n",
    ),
    (["log", "undo"], "Error: the log is empty; there is nothing to undo\n"),
    # --note is named as the flag it is (it said "log: note: …", "session 1: note: …")
    (
        ["log", "back-squat", "3x5@80kg", "--note", "a\u202eb"],
        "Error: --note: holds the control character '\\u202e'; only printable text is kept\n",
    ),
    (
        ["log", "edit", "7", "--note", "x" * 2001],
        "Error: --note: longer than 2000 characters\n",
    ),
    # --rir and --pain rate sets: 0–10 first, then only with sets (log_cmd._check_rating)
    (["log", "--rir", "2"], "Error: --rir and --pain need EXERCISE SPEC\n"),
    (["log", "--pain", "11"], "Error: --pain must be 0–10, got 11\n"),
    (["log", "edit", "7", "--pain", "3"], "Error: --rir and --pain need EXERCISE SPEC\n"),
    (["log", "edit", "7", "--rir", "12"], "Error: --rir must be 0–10, got 12\n"),
    (
        ["log", "edit", "7", "back-squat", "--rir", "2"],
        "Error: give both EXERCISE and SPEC to replace an exercise's sets\n",
    ),
    (["log", "back-squat"], "Error: what did you do? e.g. `runstrength log back-squat 3x5@80kg`\n"),
    # a failed set (0 reps) has no reps in reserve: an RIR above 0 contradicts it
    (
        ["log", "back-squat", "5,5,0@80kg", "--rir", "2"],
        "Error: 5,5,0 @ 80 kg holds a set of 0 reps, which failed: it had no reps in reserve, "
        "not 2: give an RIR of 0, or log the failed set apart with no RIR\n",
    ),
    (
        ["log"],
        "Error: give EXERCISE SPEC (e.g. `runstrength log back-squat 3x5@80kg --rir 2`), or "
        "--done; walking the next session needs a terminal\n",
    ),
    (["log", "--done"], "Error: no active plan; make one with `runstrength plan ... --save`\n"),
    (["next"], "Error: no active plan; make one with `runstrength plan ... --save`\n"),
    (
        ["log", "edit", "7", "--note", "x"],
        "Error: no logged session with id 7; see `runstrength log list`\n",
    ),
    (
        ["history", "--since", "yesterday-ish"],
        "Error: --since: 'yesterday-ish' is not a date; use YYYY-MM-DD, today or yesterday\n",
    ),
    (["history", "--format", "xml"], "Error: --format: 'xml' is not one of table, json, csv\n"),
    (
        ["profile", "set", "colour", "blue"],
        "Error: unknown profile key 'colour'; use one of: season, volume, days, weeks, level, "
        "equipment, injuries, load-unit, start, race-date, race-distance, hard-days, long-run-day, "
        "increment, max, catalog\n",
    ),
    # a value `plan` would refuse is refused when set (the second QA pass: `days 1` on an
    # off-season profile was stored, and every `plan` after it failed); a value starting
    # with "-" is the VALUE, checked as such (not "No such option: -5")
    *(
        (["profile", "set", key, value], f"Error: profile set {key}: {said}\n")
        for key, value, said in (
            (
                "days",
                "1",
                "1 is for in-season and taper plans; off- and pre-season need 2 or 3 (§10.8)",
            ),
            ("days", "0", "'0' is not 1, 2 or 3 (strength days a week)"),
            ("volume", "-5", "'-5' is negative; give the km or mi you run a week"),
            (
                "volume",
                "--bogus",
                "'--bogus' is not a weekly distance; write it like 40, 40km or 25mi",
            ),
        )
    ),
    (
        ["profile", "set", "increment", "0"],
        "Error: increment: '0' is not a load step like 1.25 or 2.5lb\n",
    ),
    (
        ["profile", "set", "max", "squat=100kg"],
        "Error: unknown exercise 'squat'; did you mean back-squat or split-squat?\n",
    ),
    # the QA pass: these said "'0kg' is not a load like 120kg or 265lb" and "'abc' is not
    # a whole number 0–52"; the load parser's reason, and the days' own range, now
    (
        ["profile", "set", "max", "back-squat=5000kg"],
        "Error: profile set max: a load of 5000 kg is not plausible\n",
    ),
    (
        ["plan", "--season", "off", "--max", "back-squat=0kg"],
        "Error: --max: the load must be above 0, got 0\n",
    ),
    (
        ["profile", "set", "days", "abc"],
        "Error: profile set days: 'abc' is not 1, 2 or 3 (strength days a week)\n",
    ),
]


@pytest.mark.parametrize(("args", "stderr"), BAD, ids=[" ".join(a) for a, _ in BAD])
def test_bad_input_is_one_line_exit_2_and_writes_nothing(
    db: Path, args: list[str], stderr: str
) -> None:
    result = run(*args)
    assert result.exit_code == 2, result.stdout
    assert result.stderr == stderr
    assert _sessions(db) == []


def test_bad_input_with_a_log_writes_nothing(db: Path) -> None:
    _with_plan(db)
    ok("log", "back-squat", "3x5@80kg", "--date", "2026-01-05")
    before = hashlib.sha256(db.read_bytes()).hexdigest()
    for args, _ in BAD[:10]:
        result = run(*args)
        assert result.exit_code == 2
    assert len(_sessions(db)) == 1
    assert hashlib.sha256(db.read_bytes()).hexdigest() == before


@pytest.mark.parametrize(
    "content", [b"not a database at all\n" * 50, b"SQLite format 3\x00" + b"\x07" * 5000]
)
def test_a_broken_log_file_is_refused_and_kept(db: Path, content: bytes) -> None:
    db.parent.mkdir(parents=True, exist_ok=True)
    db.write_bytes(content)
    for args in (["log", "back-squat", "3x5@80kg"], ["history"], ["log", "list"]):
        result = run(*args)
        assert result.exit_code == 2
        err = result.stderr
        assert err.startswith(f"Error: {db}: ") and err.count("\n") == 1
    assert db.read_bytes() == content


# --------------------------------------------------------------------------- log


def test_a_failed_set_logs_at_rir_0_or_without_one(db: Path) -> None:
    ok("log", "back-squat", "3x0@80kg", "--rir", "0")
    ok("log", "back-squat", "1x0@80kg")
    (session,) = _sessions(db)
    assert [(x.reps, x.rir) for x in session.sets] == [(0, 0)] * 3 + [(0, None)]


def test_log_one_exercise_without_a_plan(db: Path) -> None:
    out = ok("log", "back-squat", "5,5,4@82.5kg", "--rir", "2", "--pain", "1", "--note", "ok")
    assert out.splitlines()[0] == "Logged back-squat: 5,5,4 @ 82.5 kg (RIR 2, pain 1)"
    (s,) = _sessions(db)
    assert s.date == dt.date(2026, 1, 8) and s.note == "ok" and s.plan_id is None
    assert [(x.reps, x.load, x.unit, x.rir, x.pain) for x in s.sets] == [
        (5, 82.5, "kg", 2, 1),
        (5, 82.5, "kg", 2, 1),
        (4, 82.5, "kg", 2, 1),
    ]


def test_entries_of_one_day_attach_to_that_days_planned_session(db: Path) -> None:
    pid = _with_plan(db)
    ok("log", "trap-bar-deadlift", "3x8@80kg", "--rir", "3", "--date", "2026-01-05")
    ok("log", "pogos", "3x10c", "--date", "2026-01-05")
    ok("log", "back-squat", "3x8@60", "--rir", "3")  # today, Thursday: session B
    a, b = _sessions(db)
    assert (a.plan_id, a.week, a.session, a.label) == (pid, 1, 1, "A")
    assert [x.exercise_id for x in a.sets] == ["trap-bar-deadlift"] * 3 + ["pogos"] * 3
    assert a.sets[0].target_reps_lo == 8 and a.sets[0].target_rir == 3
    assert (b.week, b.session, b.label) == (1, 2, "B")
    assert b.sets[0].unit == "kg"


def test_a_bare_load_uses_the_profile_unit_and_lb_works(db: Path) -> None:
    _with_plan(db, load_unit="lb")
    ok("log", "back-squat", "3x5@135")
    ok("log", "trap-bar-deadlift", "3x5@100kg")
    (s,) = _sessions(db)
    assert [(x.load, x.unit) for x in s.sets][::3] == [(135.0, "lb"), (100.0, "kg")]


def test_at_load_alone_reuses_the_prescription(db: Path) -> None:
    _with_plan(db)
    ok("log", "back-squat", "@60")
    (s,) = _sessions(db)
    assert [(x.reps, x.load) for x in s.sets] == [(8, 60.0)] * 3


def test_log_done_records_the_next_session_and_next_moves_on(db: Path) -> None:
    pid = _with_plan(db)
    with SessionLog(db) as log:
        log.set_max("trap-bar-deadlift", 120, "kg")  # type: ignore[arg-type]
    out = ok("log", "--done", "--date", "2026-01-05")
    assert out.startswith("Logged week 1 session A as prescribed.")
    (s,) = _sessions(db)
    assert (s.plan_id, s.week, s.session) == (pid, 1, 1)
    deadlift = [x for x in s.sets if x.exercise_id == "trap-bar-deadlift"]
    # §10.5: the RIR was not entered, so it is unknown (None), never the target
    assert [(x.reps, x.load, x.rir) for x in deadlift] == [(8, 87.5, None)] * 3
    pogos = [x for x in s.sets if x.exercise_id == "pogos"]
    assert [x.contacts for x in pogos] == [10, 10, 10]
    nxt = json.loads(ok("next", "--format", "json"))
    assert (nxt["week"]["index"], nxt["index"], nxt["label"]) == (1, 2, "B")


def test_log_done_after_part_of_the_session_completes_it(db: Path) -> None:
    """One lift logged by hand, then `log --done`: the rest of that session as prescribed
    (with the loads `next` showed before the day's entries), not the next session logged
    beside it on the same day."""
    pid = _with_plan(db)
    with SessionLog(db) as log:
        log.set_max("trap-bar-deadlift", 120, "kg")  # type: ignore[arg-type]
    ok("log", "pogos", "3x12c", "--date", "2026-01-05", "--note", "windy")
    out = ok("log", "--done", "--date", "2026-01-05", "--rir", "3", "--note", "rest as planned")
    assert out.startswith("Completed week 1 session A: the exercises not logged yet")
    (s,) = _sessions(db)
    assert (s.plan_id, s.week, s.session) == (pid, 1, 1)
    assert s.note == "windy; rest as planned"  # notes join, as `log EXERCISE SPEC`'s do
    by_id: dict[str, list[LoggedSet]] = {}
    for x in s.sets:
        by_id.setdefault(x.exercise_id, []).append(x)
    assert [x.contacts for x in by_id["pogos"]] == [12, 12, 12]  # as logged, kept
    # as `next` showed it before the pogos went in: 3 × 8 @ 87.5 kg, the RIR given
    assert [(x.reps, x.load, x.rir) for x in by_id["trap-bar-deadlift"]] == [(8, 87.5, 3)] * 3
    nxt = json.loads(ok("next", "--format", "json"))
    assert (nxt["week"]["index"], nxt["label"]) == (1, "B")
    assert run("log", "--done", "--date", "2026-01-05").exit_code == 2  # see the next test
    assert len(_sessions(db)) == 1


def test_a_second_log_done_on_one_day_is_refused_or_asked(
    db: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The QA run: `log --done` typed twice logged sessions A and B on one day, both with
    jumps and a heavy lift (R3 wants 48 h between them), and nothing was said. Off a
    terminal it is refused; on one it is asked (two sessions in a day can be real)."""
    _with_plan(db)
    ok("log", "--done", "--date", "2026-01-05")
    twice = run("log", "--done", "--date", "2026-01-05")
    assert twice.exit_code == 2
    assert twice.stderr == (
        "Error: week 1 session A is already logged on 2026-01-05; --done again would add "
        "week 1 session B on the same day: give --date for the day you did it, or `log "
        "undo` if the first was a mistake\n"
    )
    assert len(_sessions(db)) == 1
    monkeypatch.setattr(log_cmd, "stdin_is_terminal", lambda: True)
    refused = run("log", "--done", "--date", "2026-01-05", input="n\n")
    assert refused.exit_code == 2 and len(_sessions(db)) == 1
    out = ok("log", "--done", "--date", "2026-01-05", input="y\n")
    assert "record week 1 session B on the same day too?" in out
    assert [(s.date.isoformat(), s.label) for s in _sessions(db)] == [
        ("2026-01-05", "A"),
        ("2026-01-05", "B"),
    ]
    ok("log", "--done", "--date", "2026-01-07")  # another day: no question
    assert len(_sessions(db)) == 3


def test_log_edit_date_onto_a_day_with_another_plan_session_is_refused_or_asked(
    db: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The QA run: `log edit 2 --date` moved session B onto session A's day, and nothing was
    said, where `log --done` asks. The same question here; off a terminal, refused."""
    _with_plan(db)
    ok("log", "--done", "--date", "2026-01-05")
    ok("log", "--done", "--date", "2026-01-07")
    moved = run("log", "edit", "2", "--date", "2026-01-05")
    assert moved.exit_code == 2
    assert moved.stderr == (
        "Error: week 1 session A is already logged on 2026-01-05; moving week 1 session B "
        "there would put both on one day: give the day you did it, or run `log edit` on a "
        "terminal to confirm\n"
    )
    assert [s.date.isoformat() for s in _sessions(db)] == ["2026-01-05", "2026-01-07"]
    monkeypatch.setattr(log_cmd, "stdin_is_terminal", lambda: True)
    refused = run("log", "edit", "2", "--date", "2026-01-05", input="n\n")
    assert refused.exit_code == 2 and refused.stderr == "Error: nothing changed\n"
    assert [s.date.isoformat() for s in _sessions(db)] == ["2026-01-05", "2026-01-07"]
    out = ok("log", "edit", "2", "--date", "2026-01-05", input="y\n")
    assert "already logged on 2026-01-05; move week 1 session B there too?" in out
    assert [s.date.isoformat() for s in _sessions(db)] == ["2026-01-05", "2026-01-05"]
    # its own day, a free day, a note: no question
    ok("log", "edit", "2", "--date", "2026-01-06")
    ok("log", "edit", "1", "--date", "2026-01-05", "--note", "fine")
    assert [s.date.isoformat() for s in _sessions(db)] == ["2026-01-05", "2026-01-06"]


def test_next_when_the_plan_is_complete(db: Path) -> None:
    """The coach review's K11: `next --format json` printed plain text once the plan was
    done. A JSON reader now gets `null` on stdout, the words on stderr; the table says them."""
    with SessionLog(db) as log:
        log.save_profile(Profile())
        log.save_plan(make_plan(weeks=1))
    ok("log", "--done", "--date", "2026-01-05")
    ok("log", "--done", "--date", "2026-01-08")
    done = run("next", "--format", "json")
    assert (done.exit_code, done.stdout) == (0, "null\n")
    assert json.loads(done.stdout) is None and "plan is complete" in done.stderr
    table = run("next")
    assert "The active plan is complete" in table.stdout and table.stderr == ""


def test_next_table_and_json(db: Path) -> None:
    _with_plan(db)
    with SessionLog(db) as log:
        log.set_max("trap-bar-deadlift", 120, "kg")  # type: ignore[arg-type]
        log.set_setting("increment", "1.25 kg")
    table = CliRunner().invoke(app, ["next"], env={"COLUMNS": "160"}).stdout
    assert "Week 1 · Anatomical adaptation (AA)" in table
    assert "87.5 kg from your max 120 kg" in table  # 120 / (1 + 11/30) = 87.8 -> 87.5 on 1.25s
    # the coach review's K7: rest and tempo at the rack (the warm-up: test_next_shows_...)
    header = next(line for line in table.splitlines() if line.startswith("Exercise"))
    assert header.split() == ["Exercise", "Dose", "Load", "Rest", "Tempo", "Why"]
    assert "87.5 kg @ RIR 3    90 s" in table
    data = json.loads(ok("next", "--format", "json"))
    assert data["index"] == 1 and data["label"] == "A" and data["date"] == "2026-01-08"
    dl = next(e for e in data["exercises"] if e["id"] == "trap-bar-deadlift")
    assert dl["load"] == {"type": "absolute", "value": 87.5, "unit": "kg"}
    assert dl["why"] == "87.5 kg from your max 120 kg"
    assert all("why" in e for e in data["exercises"])
    assert data["e1rm"]["trap-bar-deadlift"] == 120.0
    assert data["week"] == {"index": 1, "phase": "AA", "season": "off", "deload": False}


def test_next_output_file_takes_its_format_from_its_name(db: Path, tmp_path: Path) -> None:
    """`next -o today.fit` wrote a watch workout but `next -o today.json` was refused: a
    .json name writes the JSON of `--format json`, as `plan -o plan.json` does; a name
    that says neither is refused in one line that says how."""
    _with_plan(db)
    out = tmp_path / "today.json"
    written = run("next", "-o", str(out))
    assert (written.exit_code, written.stdout) == (0, "")
    assert written.stderr == f"Wrote {out} (json)\n"
    assert out.read_text(encoding="utf-8") == ok("next", "--format", "json")
    other = run("next", "-o", str(tmp_path / "today.txt"))
    assert other.exit_code == 2 and not (tmp_path / "today.txt").exists()
    assert other.stderr == (
        "Error: -o writes --format json or fit (a .json or .fit name says which); "
        "the table is for the terminal\n"
    )


def test_next_after_logging_progresses(db: Path) -> None:
    _with_plan(db)
    for day in ("2026-01-05", "2026-01-06"):
        ok("log", "trap-bar-deadlift", "3x12@60kg", "--rir", "3", "--date", day)
    # Tuesday's was extra work (B, on Thursday, holds no deadlift): B is still to do
    assert json.loads(ok("next", "--format", "json"))["label"] == "B"
    ok("log", "--done")
    # two sessions at the top of 8–12 at the target RIR: +5 kg (novice step)
    data = json.loads(ok("next", "--format", "json"))
    assert data["label"] == "A" and data["week"]["index"] == 2
    dl = next(e for e in data["exercises"] if e["id"] == "trap-bar-deadlift")
    assert dl["load"]["value"] == 65.0
    assert dl["why"] == "+5 kg: all sets at top of range twice, RIR 3 vs target 3"


def test_interactive_log_walks_the_next_session(db: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(log_cmd, "stdin_is_terminal", lambda: True)
    _with_plan(db)
    answers = [
        "",
        "",  # pogos as prescribed, pain
        "5,5,4@82.5",
        "2",
        "3",  # deadlift: what was done, RIR, pain
        "3x",
        "skip",  # split squat: a typo, then skipped
        "",
        "",
        "",  # calf raise: prescribed, RIR, pain
        "",
        "",
        "",  # deadbug
        "felt strong",  # note
        "y",
    ]
    out = ok("log", input="\n".join(answers) + "\n")
    assert "1/5 Pogos: 3 × 10 (30 contacts), bodyweight" in out
    assert "bad SPEC '3x'" in out
    # the summary names every exercise, a skipped one too (new-user review C5)
    summary = out.split("Summary:\n")[1].splitlines()
    assert "  Trap bar deadlift: 5,5,4 @ 82.5 kg (RIR 2, pain 3)" in summary
    assert (
        "  Split squat: skipped" in summary and len([x for x in summary if x.startswith("  ")]) == 5
    )
    (s,) = _sessions(db)
    assert s.note == "felt strong" and (s.week, s.session) == (1, 1)
    ids = [x.exercise_id for x in s.sets]
    assert "split-squat" not in ids and ids.count("trap-bar-deadlift") == 3


def test_a_skip_in_the_walk_leaves_the_session_whole(
    db: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """New-user re-check N1: after the walk skipped the split squat on purpose, `next` the
    same day brought it back as "the rest of the session", and `log --done` would have
    recorded it as done. The skip is kept with the session: `next` moves on, the plan
    view says "Skipped" at once, `log --done` records nothing more that day, and a JSON
    export carries the skip to another log."""
    monkeypatch.setattr(log_cmd, "stdin_is_terminal", lambda: True)
    _with_plan(db)
    answers = [
        *("", ""),  # pogos as prescribed, pain
        *("", "", ""),  # deadlift as prescribed, RIR, pain
        "skip",  # split squat
        *("", "", ""),  # calf raise
        *("", "", ""),  # deadbug
        *("", "y"),  # no note, save
    ]
    ok("log", "--date", "2026-01-05", input="\n".join(answers) + "\n")
    monkeypatch.setenv("RUNSTRENGTH_TODAY", "2026-01-05")  # the same day
    nxt = json.loads(ok("next", "--format", "json"))
    assert (nxt["label"], nxt["week"]["index"]) == ("B", 1)
    assert not any("rest of the session" in note for note in nxt["notes"])
    with SessionLog(db) as log:  # what `plan` shows of the active plan
        active = log.active_plan()
        assert active is not None
        seen = log_view(log, active.plan, small_catalog(), RULES, dt.date(2026, 1, 5))
    logged = {p.id: p.logged for p in seen.weeks[0].sessions[0].exercises}
    assert logged["split-squat"] == "skipped" and logged["deadbug"] not in (None, "skipped")
    monkeypatch.setattr(log_cmd, "stdin_is_terminal", lambda: False)
    again = run("log", "--done")
    assert again.exit_code == 2 and "already" in again.stderr, again.stderr
    (s,) = _sessions(db)
    assert "split-squat" not in {x.exercise_id for x in s.sets}
    exported = json.loads(ok("log", "export"))
    assert [r["exercise_id"] for r in exported["skipped_exercises"]] == ["split-squat"]
    assert "  split-squat: skipped" in ok("log", "list").splitlines()
    assert json.loads(ok("log", "list", "--format", "json"))[0]["skipped"] == ["split-squat"]


def test_the_walk_after_part_of_today_s_session_is_the_rest_of_it(
    db: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """QA of this session: one lift of today's session logged, `next` showed the rest of
    it, but the walk asked about the following session, and saving it left the first half
    done. The walk follows `next`: the rest, saved into the same session."""
    _with_plan(db)
    rest = json.loads(ok("next", "--format", "json"))
    lift = next(p for p in rest["exercises"] if p["load"]["type"] != "bodyweight")
    ok("log", lift["id"], "2x10@60kg", "--rir", "3")
    left = json.loads(ok("next", "--format", "json"))["exercises"]
    monkeypatch.setattr(log_cmd, "stdin_is_terminal", lambda: True)
    answers = [a for p in left for a in ["", *([""] if p["target_rir"] is not None else []), ""]]
    out = ok("log", input="\n".join([*answers, "", "y"]) + "\n")
    assert f"session {rest['label']} (" in out and f"1/{len(left)} " in out
    (session,) = _sessions(db)
    assert {x.exercise_id for x in session.sets} == {p["id"] for p in rest["exercises"]}


def test_the_walk_takes_a_failed_set_at_rir_0(db: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A failed set (0 reps) had no reps in reserve: the walk offers RIR 0 for it and asks
    again for a higher one, rather than stopping the walk with what was typed lost."""
    monkeypatch.setattr(log_cmd, "stdin_is_terminal", lambda: True)
    _with_plan(db)
    answers = [
        *("", ""),  # pogos as prescribed, pain
        *("5,5,0@82.5", "2", "", ""),  # deadlift: a failed set, RIR 2 refused, RIR 0, pain
        *("skip", "", "", "", "", "", ""),  # split squat skipped; calf raise, deadbug
        *("", "y"),  # no note, save
    ]
    out = ok("log", input="\n".join(answers) + "\n")
    assert "a set of 0 reps failed: its RIR is 0" in out
    assert "  Trap bar deadlift: 5,5,0 @ 82.5 kg (RIR 0)" in out.split("Summary:\n")[1]
    (s,) = _sessions(db)
    assert [x.rir for x in s.sets if x.exercise_id == "trap-bar-deadlift"] == [0, 0, 0]


@pytest.mark.parametrize("off", [{"NO_COLOR": "1"}, {"TERM": "dumb"}, {}])
def test_the_walk_s_errors_are_coloured_only_where_colour_is_allowed(
    db: Path, monkeypatch: pytest.MonkeyPatch, off: dict[str, str]
) -> None:
    """The walk's red and yellow lines obey NO_COLOR, TERM=dumb and --no-color as every
    other output does (they were typer.secho, which colours any terminal)."""
    monkeypatch.setattr(log_cmd, "stdin_is_terminal", lambda: True)
    monkeypatch.delenv("NO_COLOR", raising=False)
    monkeypatch.setenv("TERM", "xterm")
    _with_plan(db)
    answers = [*("", ""), "3x", "skip", *([""] * 8), "", "n"]  # a typo: a red line
    args = ["--no-color", "log"] if not off else ["log"]
    result = CliRunner().invoke(app, args, input="\n".join(answers) + "\n", env=off, color=True)
    assert "bad SPEC '3x'" in result.output, result.output
    assert "\x1b[" not in result.output
    coloured = CliRunner().invoke(app, ["log"], input="\n".join(answers) + "\n", color=True)
    assert "\x1b[31m" in coloured.output  # on a terminal that allows colour: red


def test_an_entry_dated_before_the_latest_session_takes_no_plan_session(
    db: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The log-loop QA run: a lift logged for a past day that held no plan session, before
    sessions logged since, was filed as the next session still to do (week 2 B, dated
    before its week began), and `next` then passed B by. It is an extra session now; one
    dated on a plan session's day still joins that session."""
    _with_plan(db)
    for day in ("2026-01-05", "2026-01-08", "2026-01-12"):  # week 1 A, B; week 2 A
        monkeypatch.setenv("RUNSTRENGTH_TODAY", day)
        ok("log", "--done")
    monkeypatch.setenv("RUNSTRENGTH_TODAY", "2026-01-13")
    said = ok("log", "trap-bar-deadlift", "2x10@60kg", "--rir", "3", "--date", "2026-01-10")
    assert "week 2 B" not in said
    extra = next(s for s in _sessions(db) if s.date == dt.date(2026, 1, 10))
    assert (extra.week, extra.session) == (None, None)
    data = json.loads(ok("next", "--format", "json"))
    assert (data["week"]["index"], data["label"]) == (2, "B")
    # a day that held a plan session still done: it joins that session
    monkeypatch.setenv("RUNSTRENGTH_TODAY", "2026-01-16")
    said = ok("log", "trap-bar-deadlift", "2x10@60kg", "--rir", "3", "--date", "2026-01-15")
    assert "week 2 B" in said


def test_log_list_says_when_it_leaves_older_sessions_out(db: Path) -> None:
    """The log-loop QA run: after 21 sessions `log list` began at #2, unsaid."""
    for day in range(1, 23):
        ok("log", "deadbug", "2x8", "--date", f"2025-12-{day:02d}")
    listed = CliRunner().invoke(app, ["log", "list", "-n", "20"])
    assert listed.exit_code == 0 and "#1 " not in listed.stdout and "#3 " in listed.stdout
    assert listed.stderr == "The last 20 of 22 sessions; `log list -n 0` lists them all.\n"
    every = CliRunner().invoke(app, ["log", "list", "-n", "0"])
    assert "#1 " in every.stdout and every.stderr == ""
    since = CliRunner().invoke(app, ["log", "list", "--since", "2025-12-15"])
    assert since.stderr == ""  # 8 sessions since then: all of them are listed


@pytest.mark.parametrize("args", [["log", "export", "--format", "json"], ["next", "-f", "json"]])
def test_output_dash_is_stdout(
    db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, args: list[str]
) -> None:
    """`-o -` is stdout, as for most tools; it wrote a file named `-` (hostile-input QA)."""
    _with_plan(db)
    monkeypatch.chdir(tmp_path)
    out = ok(*args, "-o", "-")
    assert json.loads(out) is not None
    assert not (tmp_path / "-").exists()


def test_an_rir_given_for_some_sets_says_for_how_many(db: Path) -> None:
    """The hostile-input QA run: sets logged apart, three with an RIR and three without,
    read "5,5,5,0,0,0 @ 80 kg (RIR 2)", as if every set had it."""
    ok("log", "trap-bar-deadlift", "3x5@80kg", "--rir", "2")
    said = ok("log", "trap-bar-deadlift", "3x0@80kg")
    assert "trap-bar-deadlift: 5,5,5,0,0,0 @ 80 kg (RIR 2 on 3 of 6 sets)" in said, said
    assert "(RIR 2)\n" in ok("log", "back-squat", "3x5@80kg", "--rir", "2")  # all rated


def test_log_edit_keeps_the_exercise_in_its_place(db: Path) -> None:
    """The QA run: `log edit 1 back-squat …` moved the back squat from first to last in
    the session (its sets were written anew after the others)."""
    for args in (("back-squat", "3x5@80kg"), ("split-squat", "3x8@20kg"), ("deadbug", "2x8")):
        ok("log", *args, "--date", "2026-01-05")
    ok("log", "edit", "1", "back-squat", "3x5@82.5kg", "--rir", "2")
    ok("log", "edit", "1", "split-squat", "2x8@20kg")
    (s,) = _sessions(db)
    order = list(dict.fromkeys(x.exercise_id for x in s.sets))
    assert order == ["back-squat", "split-squat", "deadbug"]
    assert [x.load for x in s.sets if x.exercise_id == "back-squat"] == [82.5] * 3
    assert [x.set_no for x in s.sets if x.exercise_id == "split-squat"] == [1, 2]


def test_pain_0_for_a_named_region_is_said_where_the_log_shows_it(db: Path) -> None:
    """The QA run: `--pain 0 --where knee`, the entry that settles a knee flag, echoed
    "2×12 (RIR 3)" and `log list` showed no pain: the runner could not see it was taken. A
    0 without regions (the walk's default on every exercise) stays unsaid."""
    said = ok("log", "split-squat", "2x12", "--rir", "3", "--pain", "0", "--where", "knee")
    assert "split-squat: 2×12 (RIR 3, pain 0 (knee))" in said
    ok("log", "back-squat", "2x8@40kg", "--rir", "3", "--pain", "0")
    listed = ok("log", "list").splitlines()
    assert "  split-squat: 2×12 (RIR 3, pain 0 (knee))" in listed
    assert "  back-squat: 2×8 @ 40 kg (RIR 3)" in listed


def test_a_pain_free_walk_clears_a_pain_flag(db: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """§10.3: a flag stays until a later log of the region reports pain ≤ 2. The walk's
    pain prompt (default 0) stored a 0 as no score, which the pain log does not read: a
    runner who answered 0 for the knee kept the flag for good."""
    monkeypatch.setattr(log_cmd, "stdin_is_terminal", lambda: True)
    _with_plan(db)
    ok("log", "split-squat", "3x8@20kg", "--rir", "3", "--pain", "5", "--date", "2026-01-05")
    flagged = json.loads(ok("next", "--format", "json"))
    assert any("Pain 5/10" in n for n in flagged["notes"])
    ok("log", input="\n" * 20 + "y\n")  # session B walked as shown: every pain 0
    (_, walked) = _sessions(db)
    assert {x.pain for x in walked.sets} == {0}
    later = json.loads(ok("next", "--format", "json"))
    assert not any("Pain 5/10" in n for n in later["notes"]), later["notes"]


def test_interactive_log_can_be_declined(db: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(log_cmd, "stdin_is_terminal", lambda: True)
    _with_plan(db)
    out = ok("log", input="\n" * 15 + "n\n")
    assert out.rstrip().endswith("Nothing saved.")
    assert _sessions(db) == []


def test_undo_shows_then_removes(db: Path) -> None:
    ok("log", "back-squat", "3x5@80kg", "--date", "2026-01-05")
    ok("log", "pogos", "3x10c")
    out = ok("log", "undo", "--yes")
    assert out.splitlines()[0] == "Last session: #2 2026-01-08"
    assert out.splitlines()[-1] == "Removed session #2."
    assert len(_sessions(db)) == 1


def test_undo_says_where_the_newest_entry_went_when_it_is_elsewhere(db: Path) -> None:
    """The QA run: an exercise added to an earlier day's session, then `log undo --yes`
    removed the newest session, a whole other one, and left the entry just made. Undo
    still removes the newest session; it says where the newest entry is and how to take
    just that out."""
    ok("log", "back-squat", "3x5@80kg", "--date", "2026-01-05")
    ok("log", "pogos", "3x10c")
    ok("log", "split-squat", "3x8@20kg", "--date", "2026-01-05")
    result = CliRunner().invoke(app, ["log", "undo", "--yes"], catch_exceptions=False)
    assert result.exit_code == 0
    assert result.stderr == (
        "Your newest entry is not in it: split-squat in session #1; `runstrength log edit 1 "
        "--remove split-squat` takes just that out.\n"
    )
    quiet = CliRunner().invoke(app, ["log", "undo", "--yes"], catch_exceptions=False)
    assert quiet.exit_code == 0 and quiet.stderr == ""


def test_edit_a_session(db: Path) -> None:
    ok("log", "back-squat", "3x5@80kg", "--rir", "2", "--date", "2026-01-05")
    out = ok("log", "edit", "1", "back-squat", "5,5,4", "--note", "fixed", "--date", "2026-01-06")
    assert "back-squat: 5,5,4 @ 80 kg (RIR 2)" in out  # load and RIR kept from the old sets
    (s,) = _sessions(db)
    assert s.date == dt.date(2026, 1, 6) and s.note == "fixed"
    assert run("log", "edit", "1").exit_code == 2


def test_list(db: Path) -> None:
    assert ok("log", "list") == "The log is empty.\n"
    ok("log", "back-squat", "3x5@80kg", "--date", "2026-01-05", "--note", "n")
    ok("log", "side-plank", "2x30s")
    assert ok("log", "list").splitlines() == [
        "#1 2026-01-05 · n",
        "  back-squat: 3×5 @ 80 kg",
        "#2 2026-01-08",
        "  side-plank: 2×30 s",
    ]
    data = json.loads(ok("log", "list", "--format", "json", "-n", "1"))
    assert [s["id"] for s in data] == [2]
    # C11 of the new-user review: `table` like every other command (`text` still works)
    assert ok("log", "list", "--format", "table") == ok("log", "list", "-f", "text")
    assert ok("log", "list", "-f", "table") == ok("log", "list")
    bad = run("log", "list", "--format", "csv")
    assert (bad.exit_code, bad.stderr) == (2, "Error: --format: 'csv' is not one of table, json\n")


@pytest.mark.parametrize("fmt", ["json", "csv"])
def test_export_import_round_trip_through_the_cli(
    db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, fmt: str
) -> None:
    _with_plan(db)
    ok(
        "log",
        "trap-bar-deadlift",
        "5,5,4@82.5kg",
        "--rir",
        "2",
        "--pain",
        "4",
        "--date",
        "2026-01-05",
        "--note",
        'heavy, "really"',
    )
    ok("log", "pogos", "3x20c", "--date", "2026-01-05")
    ok("log", "side-plank", "2x30s", "--date", "2026-01-06")
    ok("log", "back-squat", "3x5@175lb")
    out = tmp_path / f"log.{fmt}"
    ok("log", "export", "--format", fmt, "-o", str(out))
    stdout_copy = ok("log", "export", "--format", fmt)
    assert stdout_copy == out.read_text()
    other = tmp_path / "other-home"
    monkeypatch.setenv("RUNSTRENGTH_HOME", str(other))
    assert ok("log", "import", str(out)).startswith("Imported 3 session(s)")
    if fmt == "json":
        assert _sessions(other / "log.db") == _sessions(db)
        assert ok("log", "export", "--format", fmt) == stdout_copy
    else:  # a CSV names plans by id but holds none: this log has no plan 1
        unlinked = [s._replace(plan_id=None, week=None, session=None) for s in _sessions(db)]
        assert _sessions(other / "log.db") == unlinked


def test_import_errors(tmp_path: Path) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text('{"format": "nope", "version": 1, "sessions": []}')
    result = run("log", "import", str(bad))
    assert result.exit_code == 2
    assert result.stderr == f"Error: {bad}: not a runstrength log export\n"
    missing = run("log", "import", str(tmp_path / "missing.csv"))
    assert missing.exit_code == 2


# --------------------------------------------------------------------------- history


def test_history_formats(db: Path) -> None:
    ok("log", "back-squat", "5,5@80kg", "--rir", "2", "--date", "2026-01-05")
    ok("log", "pogos", "2x20c", "--date", "2026-01-05")
    ok("log", "back-squat", "5,5@85kg", "--rir", "1")
    table = ok("history")
    assert (
        "Back squat" in table and "▁█" in table and "98.7 " in table and "98.71" not in table
    )  # rounded for people
    assert "5 × 85 kg @ RIR 1 (2026-01-08)" in table
    assert "2026-01-05" in table and "squat 4" in table and "40" in table
    data = json.loads(ok("history", "--format", "json"))
    squat = next(lift for lift in data["lifts"] if lift["exercise"] == "back-squat")
    assert squat["e1rm"] == 98.71 and [p["e1rm"] for p in squat["trend"]] == [96.0, 98.71]
    assert data["weeks"] == [
        {"week_start": "2026-01-05", "sessions": 2, "hard_sets": {"squat": 4}, "contacts": 40}
    ]
    csv_text = ok("history", "back-squat", "--format", "csv")
    assert csv_text.splitlines()[0] == "section,key,date,metric,value"
    assert "lift,back-squat,2026-01-08,e1rm_kg,98.71" in csv_text
    assert "pogos" not in csv_text
    recent = json.loads(ok("history", "--since", "2026-01-06", "--format", "json"))
    assert [p["date"] for p in recent["lifts"][0]["trend"]] == ["2026-01-08"]
    assert recent["weeks"][0]["hard_sets"] == {"squat": 2}


def test_history_csv_holds_what_the_json_holds(db: Path) -> None:
    """The CSV left out the working e1RM `next` loads from (the JSON's `e1rm`) and the best
    set of contact and distance work (pogos' 2 × 20 contacts)."""
    ok("log", "back-squat", "5,5@80kg", "--rir", "2", "--date", "2026-01-05")
    ok("log", "back-squat", "5,5@85kg", "--rir", "1", "--date", "2026-01-08")
    ok("log", "pogos", "2x20c", "--date", "2026-01-05")
    rows = ok("history", "--format", "csv").splitlines()
    data = json.loads(ok("history", "--format", "json"))
    squat = next(lift for lift in data["lifts"] if lift["exercise"] == "back-squat")
    assert f"lift,back-squat,2026-01-08,working_e1rm_kg,{squat['e1rm']}" in rows
    assert "lift,pogos,2026-01-05,best_contacts,20" in rows
    for lift in data["lifts"]:  # every best value of the JSON has its row
        best = lift["best"] or {}
        for key in ("reps", "rir", "seconds", "contacts", "distance_m"):
            if best.get(key) is not None:
                row = f"lift,{lift['exercise']},{best['date']},best_{key},{best[key]}"
                assert row in rows, (row, rows)


def test_history_shows_the_low_confidence_e1rm_next_uses(db: Path) -> None:
    """The coach review's W1 in `history`: anatomical-adaptation sets (10 reps at RIR 3)
    gave `next` a low-confidence e1RM (§10.5) but left history's e1RM blank for the whole
    phase. Now history shows it, marked ≈ and explained, until a firm one comes."""
    ok("log", "back-squat", "2x10@60kg", "--rir", "3", "--date", "2026-01-05")
    table = ok("history")
    assert "≈86 " in table and "low-confidence" in table
    data = json.loads(ok("history", "--format", "json"))
    squat = data["lifts"][0]
    assert (squat["e1rm"], squat["e1rm_low_confidence"]) == (86.0, True)  # 60 × (1 + 13/30)
    assert squat["best"]["e1rm_low_confidence"] is True
    assert "lift,back-squat,2026-01-05,e1rm_low_confidence,1" in ok("history", "--format", "csv")
    ok("log", "back-squat", "3x5@90kg", "--rir", "2")  # n = 7: a firm estimate, 108 kg
    data = json.loads(ok("history", "--format", "json"))
    squat = data["lifts"][0]
    assert [(p["e1rm"], p["low_confidence"]) for p in squat["trend"]] == [
        (86.0, True),
        (108.0, False),
    ]
    assert squat["best"]["e1rm"] == 108.0 and squat["best"]["e1rm_low_confidence"] is False
    table = ok("history")
    assert "≈" not in table.split("Week of")[0] and "low-confidence" not in table


def test_history_e1rm_is_the_working_estimate_next_loads_from(db: Path) -> None:
    """The QA pass: history's e1RM column showed the last session's best estimate, while
    `next` loads from the working e1RM, the median of the last valid estimates (§4.2,
    §10.5). One heavier single set moved history to 132 while `next` still worked from
    120. The column, and the JSON's `e1rm`, are now the working estimate; the trend keeps
    each session's best."""
    ok("log", "back-squat", "3x5@100kg", "--rir", "2", "--date", "2026-01-05")  # 120 each
    ok("log", "back-squat", "1x5@110kg", "--rir", "2", "--date", "2026-01-06")  # 132
    data = json.loads(ok("history", "--format", "json"))
    squat = data["lifts"][0]
    assert [p["e1rm"] for p in squat["trend"]] == [120.0, 132.0]
    assert (squat["e1rm"], squat["e1rm_low_confidence"]) == (120.0, False)  # median 120, 120, 132
    row = next(line for line in ok("history").splitlines() if line.startswith("Back squat"))
    assert " 120 " in row and " 132 " not in row
    # A fresh firm estimate wins over a later low-confidence one, as in `next` (§10.5).
    ok("log", "back-squat", "2x12@70kg", "--rir", "3")  # n = 15: ≈105, low-confidence
    squat = json.loads(ok("history", "--format", "json"))["lifts"][0]
    assert squat["trend"][-1]["low_confidence"] is True
    assert (squat["e1rm"], squat["e1rm_low_confidence"]) == (120.0, False)


def test_log_edit_removing_a_sessions_last_exercise_removes_the_session(db: Path) -> None:
    """The second QA pass: `log edit ID --remove X` of a session's only exercise left
    "#1 … (no sets)" in the log for good (`log undo` reaches only the last session). The
    session goes with its last exercise, and the command says so."""
    _with_plan(db)
    ok("log", "back-squat", "3x5@80kg", "--rir", "2", "--date", "2026-01-05")
    ok("log", "pogos", "2x20c", "--date", "2026-01-06")
    out = ok("log", "edit", "1", "--remove", "back-squat")
    assert out == "Removed session #1 (2026-01-05): it held nothing else.\n"
    assert [s.id for s in _sessions(db)] == [2]
    ok("log", "deadbug", "1x8", "--date", "2026-01-06")  # one exercise of two: the session stays
    assert ok("log", "edit", "2", "--remove", "pogos").startswith("Now: #2 2026-01-06")


def test_an_empty_history_says_of_what(db: Path) -> None:
    """The QA pass: `history back-squat` with only pogos logged said "Nothing logged
    yet.", as if the log were empty."""
    assert ok("history") == "Nothing logged yet.\n"
    ok("log", "pogos", "2x20c", "--date", "2026-01-05")
    assert ok("history", "back-squat") == "Nothing logged for Back squat yet.\n"
    assert ok("history", "--since", "2026-01-06") == "Nothing logged since 2026-01-06.\n"
    assert ok("history", "back-squat", "--since", "2026-01-06") == (
        "Nothing logged for Back squat since 2026-01-06.\n"
    )


def test_history_shows_a_layoff_as_weeks_of_nothing(db: Path) -> None:
    """The coach review's K8: weeks without a session were left out, so a layoff was
    invisible. Every week from the first logged one to this week is listed."""
    ok("log", "back-squat", "3x5@80kg", "--rir", "2", "--date", "2025-12-01")
    ok("log", "back-squat", "3x5@82.5kg", "--rir", "2", "--date", "2025-12-22")
    data = json.loads(ok("history", "--format", "json"))  # today: 2026-01-08
    assert [(w["week_start"], w["sessions"]) for w in data["weeks"]] == [
        ("2025-12-01", 1),
        ("2025-12-08", 0),
        ("2025-12-15", 0),
        ("2025-12-22", 1),
        ("2025-12-29", 0),
        ("2026-01-05", 0),
    ]
    assert data["weeks"][1] == {
        "week_start": "2025-12-08",
        "sessions": 0,
        "hard_sets": {},
        "contacts": 0,
    }
    assert "2025-12-15  0 " in ok("history")


@pytest.mark.parametrize("stored", ["{broken", '{"weekly_volume": NaN}'])
def test_history_over_a_damaged_profile_says_what_to_do(db: Path, stored: str) -> None:
    """The QA pass: `history` over a saved profile that is not JSON said "malformed JSON"
    alone, where `next` says the profile cannot be read and to save it again."""
    import sqlite3

    _with_plan(db)
    ok("log", "back-squat", "3x5@60kg", "--date", "2026-01-05")
    with sqlite3.connect(db) as conn:
        conn.execute("UPDATE profile SET json = ?", (stored,))
    conn.close()
    result = run("history")
    assert result.exit_code == 2  # NaN is no JSON to SQLite either
    assert result.stderr == (
        f"Error: {db}: the saved profile cannot be read (not JSON); save it again with "
        "`runstrength plan ... --save`\n"
    )


def test_history_of_an_empty_log() -> None:
    assert ok("history") == "Nothing logged yet.\n"


def test_sparkline() -> None:
    assert history_cmd.sparkline([1, 2, 3, 4, 5, 6, 7, 8]) == "▁▂▃▄▅▆▇█"
    assert history_cmd.sparkline([5, 5]) == "▄▄"
    assert history_cmd.sparkline([]) == ""


# --------------------------------------------------------------------------- profile


def test_profile_shows_what_profile_set_takes(db: Path) -> None:
    """`profile` names each input as `profile set` does ('volume: 40 km', not
    'weekly_volume: 40.0' and 'unit: km'), so any line typed back sets what it shows."""
    _with_plan(
        db, weekly_volume=25, unit="mi", days=2, hard_days=["tue", "thu"], long_run_day="sun",
        load_unit="lb", level_given=False,
    )  # fmt: skip
    shown = ok("profile").splitlines()
    inputs = [line.split(": ", 1) for line in shown if not line.startswith(("increment", "max"))]
    assert [k for k, _ in inputs] == [
        *("season", "volume", "days", "weeks", "level", "equipment", "injuries", "start"),
        *("race-date", "race-distance", "hard-days", "long-run-day", "load-unit", "catalog"),
    ]
    assert "level: novice (default: --level not given)" in shown
    with SessionLog(db) as log:
        before = log.load_profile()
    for key, value in inputs:
        if value != "–" and key != "level":
            ok("profile", "set", key, value)
    with SessionLog(db) as log:
        assert log.load_profile() == before
    assert ok("profile").splitlines() == shown


def test_profile_show_and_set(db: Path) -> None:
    assert ok("profile").startswith("No profile saved yet")
    ok("profile", "set", "increment", "1.25")
    ok("profile", "set", "volume", "25mi")
    ok("profile", "set", "days", "2")
    ok("profile", "set", "max", "trap-bar-deadlift=265lb")
    shown = ok("profile")
    assert "volume: 25 mi" in shown.splitlines() and "days: 2" in shown.splitlines()
    assert "increment: 1.25 kg" in shown
    assert "max trap-bar-deadlift: 265 lb (profile)" in shown
    result = run("profile", "set", "days", "5")
    assert result.exit_code == 2
    with SessionLog(db) as log:
        assert log.settings() == {"increment": "1.25 kg"}
        saved = log.load_profile()
        assert saved is not None and saved.days == 2


def test_profile_set_checks_the_rest_while_a_race_is_half_set(db: Path) -> None:
    """The second QA pass: with a race date set and its distance not yet (or the reverse),
    `profile set` checked nothing of what `plan` checks, so `season off` beside `days 1`
    was stored, and the next change was refused for it, naming the wrong key."""
    ok("profile", "set", "season", "in")
    ok("profile", "set", "days", "1")
    ok("profile", "set", "race-distance", "half")  # the date comes next
    refused = run("profile", "set", "season", "off")
    assert refused.exit_code == 2
    assert refused.stderr.startswith("Error: profile set season: ")
    assert "off- and pre-season need 2 or 3" in refused.stderr
    assert "season: in" in ok("profile").splitlines()
    ok("profile", "set", "race-distance", "none")  # and the profile stays plannable


def test_profile_set_max_none_removes_a_max(db: Path) -> None:
    """The QA pass: a mistyped max could be replaced but never removed (`ID=none` was
    refused as not a load), so its loads stayed. `none` removes it, as for race-date."""
    ok("profile", "set", "max", "trap-bar-deadlift=265lb")
    ok("profile", "set", "max", "back-squat=100kg")
    assert ok("profile", "set", "max", "trap-bar-deadlift=none") == (
        "max trap-bar-deadlift: none (removed)\n"
    )
    shown = ok("profile")
    assert "max trap-bar-deadlift" not in shown and "max back-squat: 100 kg (profile)" in shown
    assert ok("profile", "set", "max", "trap-bar-deadlift=None") == (
        "max trap-bar-deadlift: none (there was none)\n"
    )
    refused = run("profile", "set", "max", "trap-bar-deadlif=none")
    assert refused.exit_code == 2 and "did you mean trap-bar-deadlift" in refused.stderr


def test_profile_set_under_a_saved_plan_says_how_to_make_the_plan_follow(db: Path) -> None:
    """New-user review A5: after `profile set days 2` the runner's `next` kept the 3-day
    plan, and nothing said so. With a saved plan, setting a plan input says on stderr that
    the plan is unchanged and how to remake it; the increment or a max (which the log
    reads at once) and a folder with no plan say nothing more."""
    alone = run("profile", "set", "days", "2")
    assert alone.exit_code == 0 and alone.stdout == "days: 2\n" and alone.stderr == ""
    _with_plan(db)
    result = run("profile", "set", "days", "2")
    assert (result.exit_code, result.stdout) == (0, "days: 2\n")
    assert "plan --save" in result.stderr and "unchanged" in result.stderr
    increment = run("profile", "set", "increment", "1.25")
    assert increment.exit_code == 0 and increment.stderr == ""


def test_profile_set_half_a_race_says_what_else_a_plan_needs(db: Path) -> None:
    """Reliability re-check: `profile set race-date` alone left a profile every `plan`
    refused, naming a flag nobody typed. The set says what to set next; both set, nothing."""
    date = run("profile", "set", "race-date", "2026-03-01")
    assert date.exit_code == 0 and "profile set race-distance" in date.stderr
    distance = run("profile", "set", "race-distance", "half")
    assert distance.exit_code == 0 and distance.stderr == ""
    cleared = run("profile", "set", "race-date", "none")
    assert "profile set race-date YYYY-MM-DD" in cleared.stderr


def test_an_export_file_name_with_a_newline_is_said_on_one_line(db: Path, tmp_path: Path) -> None:
    """Reliability re-check: `log export -o $'a\\nb.json'` said "Wrote a" and "b.json" on
    two lines; the name is shown escaped, as every other output name is."""
    ok("log", "back-squat", "3x5@80kg")
    result = run("log", "export", "-o", str(tmp_path / "a\nb.json"))
    assert result.exit_code == 0 and len(result.stderr.splitlines()) == 1, result.stderr
    assert "a\\nb.json" in result.stderr


def test_log_path() -> None:
    assert ok("log", "path").strip().endswith("log.db")


def test_every_command_has_help() -> None:
    for args in (
        ["log"],
        ["log", "add"],
        ["log", "undo"],
        ["log", "edit"],
        ["log", "list"],
        ["log", "export"],
        ["log", "import"],
        ["next"],
        ["history"],
        ["profile"],
        ["profile", "set"],
    ):
        out = ok(*args, "--help")
        assert "Usage:" in out


# --------------------------------------------------------------------------- §10.5, §10.7


def test_log_done_takes_a_given_rir(db: Path) -> None:
    _with_plan(db)
    ok("log", "--done", "--date", "2026-01-05", "--rir", "2")
    (s,) = _sessions(db)
    loaded = [x for x in s.sets if x.target_rir is not None]
    assert loaded and all(x.rir == 2 for x in loaded)


def test_log_done_before_the_plan_starts_is_refused(db: Path) -> None:
    """§10.7: off a terminal, one line and exit 2, nothing written."""
    _with_plan(db)
    before = _sessions(db)
    result = run("log", "--done", "--date", "2026-01-01")
    assert result.exit_code == 2
    assert result.stderr == (
        "Error: the active plan starts 2026-01-05, after 2026-01-01; give --date on or after "
        "the start, or log EXERCISE SPEC\n"
    )
    assert _sessions(db) == before


def test_before_the_plan_starts_an_entry_is_training_before_it(db: Path) -> None:
    """New-user review A6, the README's loop run on a Friday for a plan starting Monday:
    `log EXERCISE SPEC` turned session A into done, three days early (and the calendar
    then put it before --start); `log --done` said to give a --date that would be in the
    future. The entry is kept unattached and said so; --done says what to do instead."""
    _with_plan(db)
    with pytest.MonkeyPatch.context() as patched:
        patched.setenv("RUNSTRENGTH_TODAY", "2026-01-02")
        result = run("log", "trap-bar-deadlift", "5,5,4@85kg", "--rir", "2")
        assert result.exit_code == 0, result.stderr
        assert "plan starts 2026-01-05: this is kept as training before it" in result.stderr
        (s,) = _sessions(db)
        assert (s.date.isoformat(), s.plan_id, s.week, s.session) == (
            "2026-01-02",
            None,
            None,
            None,
        )
        assert ok("next").splitlines()[1].startswith("Session A · Mon 2026-01-05")
        done = run("log", "--done")
        assert done.exit_code == 2
        assert "starts 2026-01-05: log its sessions once done" in done.stderr


def test_log_done_before_the_plan_starts_asks_on_a_terminal(
    db: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _with_plan(db)
    monkeypatch.setattr(log_cmd, "stdin_is_terminal", lambda: True)
    refused = run("log", "--done", "--date", "2026-01-01", input="n\n")
    assert refused.exit_code == 2 and _sessions(db) == []
    out = ok("log", "--done", "--date", "2026-01-01", input="y\n")
    assert "The active plan starts 2026-01-05" in out and len(_sessions(db)) == 1


def test_an_entry_on_a_done_day_replaces_that_exercise_and_says_so(db: Path) -> None:
    """§10.7: `log EXERCISE SPEC` on a day that holds a `--done` session does not add to
    it silently: the exercise's sets are replaced, and the output says what they were."""
    _with_plan(db)
    ok("log", "--done", "--date", "2026-01-05")
    out = ok("log", "trap-bar-deadlift", "3x10@90kg", "--rir", "2", "--date", "2026-01-05")
    assert out.startswith("Replaced trap-bar-deadlift in that day's session: it held 3×8")
    (s,) = _sessions(db)
    deadlift = [(x.reps, x.load, x.rir) for x in s.sets if x.exercise_id == "trap-bar-deadlift"]
    assert deadlift == [(10, 90.0, 2)] * 3


def test_at_load_with_a_unit_works_as_the_readme_says(db: Path) -> None:
    _with_plan(db, load_unit="lb")
    ok("log", "back-squat", "@175lb")
    (s,) = _sessions(db)
    assert {(x.load, x.unit) for x in s.sets} == {(175.0, "lb")}


@pytest.mark.parametrize("command", [("history",), ("log", "list")])
def test_since_in_the_future_says_so_as_a_filter(db: Path, command: tuple[str, ...]) -> None:
    """The QA run: `history --since <a future date>` said "… is in the future; log what
    you have done", the wording of `log --date`."""
    _with_plan(db)
    result = run(*command, "--since", "2099-01-01")
    assert result.exit_code == 2
    assert result.stderr == (
        "Error: --since 2099-01-01 is in the future; nothing is logged after today\n"
    )
    far = run(*command, "--since", "2999-01-01")  # named as --since, not --date
    assert far.stderr == "Error: --since: 2999-01-01 is not a date between 1900 and 2100\n"


def test_next_after_part_of_today_s_session_is_the_rest_of_it(db: Path) -> None:
    """This session's QA helper (repro 5): one lift of today's session A logged, and `next`
    showed Thursday's session B, while `log --done` fills in the rest of A. `next` shows
    the rest of A, says what is logged, and `log --done` records exactly that."""
    _with_plan(db)
    before = json.loads(ok("next", "--format", "json"))
    lift = next(p for p in before["exercises"] if p["load"]["type"] != "bodyweight")
    ok("log", lift["id"], "2x10@60kg", "--rir", "3")
    rest = json.loads(ok("next", "--format", "json"))
    assert (rest["week"]["index"], rest["label"]) == (before["week"]["index"], before["label"])
    assert rest["date"] == TODAY  # the day it is being done (new-user re-check N3)
    assert [p["id"] for p in rest["exercises"]] == [
        p["id"] for p in before["exercises"] if p["id"] != lift["id"]
    ]
    assert rest["notes"][-1] == (
        f"Logged today: {lift['name']}; this is the rest of the session, and "
        "`runstrength log --done` records it as prescribed."
    )
    ok("log", "--done")
    (session,) = _sessions(db)
    logged = {x.exercise_id for x in session.sets}
    assert logged == {p["id"] for p in before["exercises"]}
    after = json.loads(ok("next", "--format", "json"))
    assert after["label"] != before["label"] or after["week"]["index"] != before["week"]["index"]


def test_a_jump_logged_in_plain_reps_counts_its_contacts(db: Path) -> None:
    """The second QA pass (repro 7): `log pogos 3x20` was stored as 3 × 20 reps, so the
    week's contacts in `history` left it out; a jump is dosed in contacts, so plain reps
    are its contacts, as `3x20c` is, in `log` and in `log edit`."""
    ok("log", "pogos", "3x20", "--date", "2026-01-05")
    ok("log", "pogos", "2x10c", "--date", "2026-01-06")
    ok("log", "edit", "2", "pogos", "2x15")
    sessions = _sessions(db)
    assert [(x.reps, x.contacts) for x in sessions[0].sets] == [(None, 20)] * 3  # as 3x20c
    assert [(x.reps, x.contacts) for x in sessions[1].sets] == [(None, 15)] * 2
    weeks = json.loads(ok("history", "--format", "json"))["weeks"]
    assert sum(w["contacts"] for w in weeks) == 60 + 30


def test_an_export_too_large_to_import_back_says_so(
    db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The reliability review's re-check: a log of 33,000 sessions exported to 83 MB of
    JSON, which `log import` (32 MB at most) refuses: a backup that cannot be restored was
    written without a word. The export still happens; the warning says what to keep."""
    from runstrength.log import importer

    _with_plan(db)
    ok("log", "back-squat", "3x5@80kg")
    small = run("log", "export", "--format", "json", "-o", str(tmp_path / "a.json"))
    assert small.exit_code == 0 and "larger than" not in small.stderr
    monkeypatch.setattr(importer, "MAX_IMPORT_BYTES", 100)
    big = run("log", "export", "--format", "json", "-o", str(tmp_path / "b.json"))
    assert big.exit_code == 0
    assert "Warning: this export is larger than `log import` reads (0 MB)" in big.stderr
    assert str(db) in " ".join(big.stderr.split())
    assert (tmp_path / "b.json").read_text() == (tmp_path / "a.json").read_text()


# --------------------------------------------------------------------------- far back


def test_a_date_far_back_is_logged_and_the_runner_told_how_to_move_it(db: Path) -> None:
    """The QA run: `--date 2026-01-06` for 2027-01-06 (the year mistyped) went in with
    exit 0 and no word. It is still logged (training remembered is possible), with one
    line that gives the command to move it; a date within LONG_AGO_DAYS says nothing."""
    _with_plan(db)
    today = dt.date.fromisoformat(TODAY)
    far = (today - dt.timedelta(days=log_cmd.LONG_AGO_DAYS + 1)).isoformat()
    near = (today - dt.timedelta(days=log_cmd.LONG_AGO_DAYS)).isoformat()
    result = run("log", "trap-bar-deadlift", "3x5@80kg", "--date", far)
    assert result.exit_code == 0, result.stderr
    (session,) = _sessions(db)
    said = f"{far} is {log_cmd.LONG_AGO_DAYS + 1} days ago; if the date is mistyped, move it: "
    assert said + f"`runstrength log edit {session.id} --date DAY`." in result.stderr
    moved = run("log", "edit", str(session.id), "--date", TODAY)  # the command it gives
    assert moved.exit_code == 0, moved.stderr
    assert [s.date for s in _sessions(db)] == [today]
    quiet = run("log", "trap-bar-deadlift", "3x5@80kg", "--date", near)
    assert quiet.exit_code == 0 and "days ago" not in quiet.stderr, quiet.stderr
    # `log edit --date` far back says it too (the second QA pass: it did not)
    back = run("log", "edit", str(session.id), "--date", far)
    assert back.exit_code == 0, back.stderr
    assert f"`runstrength log edit {session.id} --date DAY`" in back.stderr


def test_log_done_far_back_says_so_too(db: Path) -> None:
    today = dt.date.fromisoformat(TODAY)
    with SessionLog(db) as log:
        log.save_plan(make_plan(start=today - dt.timedelta(days=100)))
    far = today - dt.timedelta(days=log_cmd.LONG_AGO_DAYS + 10)
    done = run("log", "--done", "--date", far.isoformat())
    assert done.exit_code == 0, done.stderr
    (session,) = _sessions(db)
    assert f"`runstrength log edit {session.id} --date DAY`" in done.stderr
