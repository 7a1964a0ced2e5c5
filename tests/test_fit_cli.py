"""FIT workouts from the CLI (issue 13): `plan --out-dir`, `plan -o x.fit`, `next --format
fit`; every file decodes with Garmin's SDK and with fitdecode, steps equal the session's
prescription; the format libraries load only in the commands that need them."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner, Result

from runstrength.cli import app
from runstrength.models import Plan
from runstrength.watch.fit_workout import file_name, session_steps

from fit_samples import decode_both, decode_sdk

START = "2026-11-16"  # a Monday
FORMAT_LIBS = ("garmin_fit_sdk", "gpxpy", "fitdecode")


@pytest.fixture(autouse=True)
def _pinned(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("RUNSTRENGTH_TODAY", START)


def run(*args: str) -> Result:
    return CliRunner().invoke(app, list(args))


def ok(*args: str) -> Result:
    result = run(*args)
    assert result.exit_code == 0, (result.stdout, result.stderr)
    return result


def plan_json(*args: str) -> Plan:
    return Plan.model_validate_json(ok("plan", *args, "--format", "json").stdout)


def assert_steps(tmp_path: Path, data: bytes, plan: Plan, session_index: int) -> None:
    session = plan.sessions()[session_index][1]
    expected = session_steps(session, load_unit=plan.inputs.load_unit)
    sdk, other = decode_both(tmp_path, data)
    assert len(sdk) == len(expected) > 0
    for got, also, want in zip(sdk, other, expected, strict=True):
        for step in (got, also):
            assert step["intensity"] == ("rest" if want.kind == "rest" else "active")
            if want.kind == "reps":
                assert step["duration_reps"] == want.value
            elif want.kind in ("time", "rest"):
                assert step["duration_time"] == want.value
            elif want.kind == "distance":
                assert step["duration_distance"] == want.value
        if want.kind != "rest":
            assert got["notes"] == want.notes


@pytest.mark.slow
def test_plan_out_dir_writes_one_decodable_file_per_session(tmp_path: Path) -> None:
    args = ("--weeks", "4", "--start", START, "--max", "trap-bar-deadlift=120kg")
    out = tmp_path / "watch"
    result = ok("plan", *args, "--out-dir", str(out))
    plan = plan_json(*args)
    sessions = plan.sessions()
    names = [file_name(s, w.index) for w, s in sessions]
    assert sorted(p.name for p in out.iterdir()) == sorted(names)
    assert f"Wrote {len(sessions)} FIT workouts to {out}" in result.stderr
    for index, name in enumerate(names):
        data = (out / name).read_bytes()
        workout = decode_sdk(data)["workout_mesgs"][0]
        assert workout["sub_sport"] == "strength_training"
        assert_steps(tmp_path, data, plan, index)
    again = tmp_path / "again"
    ok("plan", *args, "--out-dir", str(again), "--format", "fit")
    assert [(again / n).read_bytes() for n in names] == [(out / n).read_bytes() for n in names]


@pytest.mark.slow
def test_plan_o_fit_of_several_sessions_writes_one_file_each_next_to_it(tmp_path: Path) -> None:
    """A FIT file holds one workout: `-o plan.fit` of a 4-week plan writes plan-DATE-LABEL.fit
    per session beside it (the --out-dir names with the given stem) and lists them."""
    args = ("--weeks", "4", "--start", START, "--max", "trap-bar-deadlift=120kg")
    folder = tmp_path / "fits"
    folder.mkdir()
    result = ok("plan", *args, "-o", str(folder / "plan.fit"))
    plan = plan_json(*args)
    sessions = plan.sessions()
    names = ["plan" + file_name(s, w.index).removeprefix("runstrength") for w, s in sessions]
    assert names[0] == "plan-2026-11-16-A.fit"
    assert sorted(p.name for p in folder.iterdir()) == sorted(names)  # no plan.fit itself
    lines = result.stderr.splitlines()
    head = f"Wrote {len(sessions)} FIT workouts next to {folder / 'plan.fit'} (a FIT file"
    assert lines[-len(names) - 1].startswith(head)
    assert lines[-len(names) :] == [f"  {folder / n}" for n in names]
    for index, name in enumerate(names):
        assert_steps(tmp_path, (folder / name).read_bytes(), plan, index)
    out_dir = tmp_path / "dir"
    ok("plan", *args, "--out-dir", str(out_dir))  # the same bytes as --out-dir, stable names
    assert [(folder / n).read_bytes() for n in names] == [
        (out_dir / file_name(s, w.index)).read_bytes() for w, s in sessions
    ]
    one = tmp_path / "one.fit"  # a one-session plan is the file itself
    single = ("--season", "in", "--days", "1", "--weeks", "1", "--start", START)
    assert f"Wrote {one} (fit)" in ok("plan", *single, "-o", str(one)).stderr
    assert_steps(tmp_path, one.read_bytes(), plan_json(*single), 0)
    assert not [p for p in tmp_path.iterdir() if p.name.startswith("one-")]


@pytest.mark.parametrize(
    ("args", "error"),
    [
        (
            ["--format", "fit"],
            "Error: a FIT file holds one workout and this plan has 36 sessions; "
            "write them with -o NAME.fit (one file per session next to it) or --out-dir DIR\n",
        ),
        (
            ["-o", "nowhere/plan.fit"],
            "Error: -o nowhere/plan.fit: folder nowhere does not exist\n",
        ),
        (
            ["--format", "md", "--out-dir", "w"],
            "Error: --out-dir writes FIT workouts (one per session), not md\n",
        ),
        (
            ["-o", "x.fit", "--out-dir", "w"],
            "Error: give either -o FILE or --out-dir DIR, not both\n",
        ),
    ],
)
def test_fit_misuse_is_one_line_and_writes_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, args: list[str], error: str
) -> None:
    work = tmp_path / "work"
    work.mkdir()
    monkeypatch.chdir(work)
    result = run("plan", *args)
    assert result.exit_code == 2
    assert result.stderr == error
    assert list(work.iterdir()) == []


def test_out_dir_under_dev_is_refused_before_it_is_made() -> None:
    """Reliability review: `--out-dir /dev/NAME` made the folder under /dev, then refused
    to write into it."""
    folder = Path(f"/dev/runstrength-test-{os.getpid()}")
    try:
        result = run("plan", "--weeks", "1", "--out-dir", str(folder))
        assert result.exit_code == 2
        assert result.stderr == (
            f"Error: --out-dir {folder}: is under /dev or /proc; write the workouts "
            "into a folder of your own\n"
        )
        assert not folder.exists()
    finally:
        if folder.is_dir():
            folder.rmdir()


def test_next_format_fit_writes_the_next_session(tmp_path: Path) -> None:
    ok("plan", "--weeks", "4", "--start", START, "--save")
    nxt = json.loads(ok("next", "--format", "json").stdout)
    out = tmp_path / "today.fit"
    result = ok("next", "--format", "fit", "-o", str(out))
    assert f"Wrote {out} (fit)" in result.stderr
    assert ok("next", "-o", str(tmp_path / "by-suffix.fit")).exit_code == 0
    assert (tmp_path / "by-suffix.fit").read_bytes() == out.read_bytes()
    plan = plan_json()
    assert plan.sessions()[0][1].label == nxt["label"]
    sdk, _ = decode_both(tmp_path, out.read_bytes())
    names = [s["wkt_step_name"] for s in sdk if s["intensity"] == "active"]
    assert names[0].startswith(nxt["exercises"][0]["name"][:20])


def _modules_after(home: Path, *args: str, block: str = "") -> tuple[set[str], str, int]:
    code = (
        "import sys\n"
        + (f"sys.modules[{block!r}] = None\n" if block else "")
        + "from runstrength.cli import app\n"
        "code = 0\n"
        "try:\n"
        f"    app({list(args)!r})\n"
        "except SystemExit as exc:\n"
        "    code = exc.code or 0\n"
        "print('MODULES ' + ' '.join(sorted(sys.modules)), file=sys.stderr)\n"
        "sys.exit(code)\n"
    )
    env = {**os.environ, "RUNSTRENGTH_HOME": str(home), "RUNSTRENGTH_TODAY": START}
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env)
    lines = result.stderr.splitlines()
    loaded = set(lines[-1].removeprefix("MODULES ").split())
    return loaded, "\n".join(lines[:-1]), result.returncode


@pytest.mark.slow
def test_plan_md_loads_no_watch_code_without_runs_and_no_format_library_with_them(
    tmp_path: Path,
) -> None:
    home = tmp_path / "home"
    loaded, _, code = _modules_after(home, "plan", "--format", "md")
    assert code == 0 and "runstrength.plan.engine" in loaded
    assert not [m for m in loaded if m.startswith("runstrength.watch") or m in FORMAT_LIBS]
    # a log with a saved profile and no runs: still nothing from watch
    _modules_after(home, "plan", "--save", "--format", "md")
    loaded, _, code = _modules_after(home, "plan", "--format", "md")
    assert code == 0 and "runstrength.log.storage" in loaded
    assert not [m for m in loaded if m.startswith("runstrength.watch") or m in FORMAT_LIBS]
    # with runs the volume code runs, but still no FIT or GPX library
    gpx = Path(__file__).parent / "data" / "watch" / "easy_run.gpx"
    assert ok_subprocess(home, "runs", "import", str(gpx))
    loaded, _, code = _modules_after(home, "plan", "--format", "md")
    assert code == 0 and "runstrength.watch.volume" in loaded
    assert not [m for m in loaded if m in FORMAT_LIBS or m.startswith(FORMAT_LIBS)]


def ok_subprocess(home: Path, *args: str) -> bool:
    return _modules_after(home, *args)[2] == 0


@pytest.mark.slow
def test_without_the_watch_extra_fit_output_is_one_line_saying_how_to_install(
    tmp_path: Path,
) -> None:
    home = tmp_path / "home"
    out = tmp_path / "w"
    _, stderr, code = _modules_after(
        home, "plan", "--weeks", "2", "--out-dir", str(out), block="garmin_fit_sdk"
    )
    assert code == 2
    assert stderr == "Error: FIT files need the watch extra: pip install 'runstrength[watch]'"
    assert not out.exists()


def test_plan_out_dir_clears_the_workouts_of_an_earlier_plan(tmp_path: Path) -> None:
    """The QA pass: a second `plan --out-dir` with another start left the first plan's
    workouts in the folder, so a watch import took both. The folder holds this plan's
    workouts: files named as runstrength names them and not written now are removed (and
    counted); anything else in the folder is left alone."""
    out = tmp_path / "watch"
    ok("plan", "--weeks", "2", "--start", START, "--out-dir", str(out))
    first = sorted(p.name for p in out.iterdir())
    (out / "notes.txt").write_text("mine")
    (out / "runstrength-mine.fit").write_bytes(b"not ours by name")
    later = "2026-11-23"
    result = ok("plan", "--weeks", "2", "--start", later, "--out-dir", str(out))
    names = sorted(p.name for p in out.iterdir())
    kept = {"notes.txt", "runstrength-mine.fit"}
    new = sorted(set(names) - kept)
    assert new and all(n.startswith("runstrength-2026-1") for n in new)
    gone = sorted(set(first) - set(new))
    assert gone and not set(gone) & set(names)  # the first plan's other dates are gone
    assert kept <= set(names)
    assert f"removed {len(gone)} workouts of an earlier plan" in result.stderr
