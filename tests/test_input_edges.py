"""Input edges from the second QA pass: each bad value is one line that says what would be
right (the nearest valid value, the words a flag takes), and nothing odd is accepted."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner, Result

from runstrength.cli import app

TODAY = "2026-12-07"


def run(*args: str) -> Result:
    return CliRunner().invoke(app, list(args), env={"RUNSTRENGTH_TODAY": TODAY})


BAD = [
    (
        ["plan", "--equipment", ","],
        "Error: --equipment: empty; give none, home, gym or a comma "
        "list of kit such as dumbbells,box\n",
    ),
    (
        ["plan", "--injury", "achiles"],
        "Error: unknown injury tag 'achiles'; did you mean "
        "achilles? (known: itbs, achilles, achilles-insertional, pf, pfps, mtss, hamstring, hip, "
        "ankle, bone)\n",
    ),
    (
        ["log", "split-squat", "3x5", "--date", "tomorrow"],
        "Error: 'tomorrow' is not a date; use YYYY-MM-DD, today or yesterday\n",
    ),
    (["log", "list", "--limit", "-1"], "Error: --limit: -1 is below 0 (0 shows every session)\n"),
    (
        ["plan", "--tz", "europe/berlin", "--time", "07:00", "-o", "x.ics"],
        "Error: --tz: unknown time zone 'europe/berlin'; did you mean Europe/Berlin?\n",
    ),
    (
        ["profile", "set", "incremnt", "1.25"],
        "Error: unknown profile key 'incremnt'; did you "
        "mean increment? (one of: season, volume, days, weeks, level, equipment, injuries, "
        "load-unit, start, race-date, race-distance, hard-days, long-run-day, increment, max, "
        "catalog)\n",
    ),
]


@pytest.mark.parametrize(("args", "stderr"), BAD, ids=[" ".join(a) for a, _ in BAD])
def test_a_bad_value_says_what_would_be_right(
    _isolated_home: Path,
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
    args: list[str],
    stderr: str,
) -> None:
    monkeypatch.chdir(tmp_path)
    result = run(*args)
    assert (result.exit_code, result.stderr) == (2, stderr)
    assert not list(tmp_path.glob("*.ics"))


def test_a_duration_in_bare_minutes_is_minutes(
    _isolated_home: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """`--duration 45` was refused as "not a length like 45m" (the bare-number branch
    could never be reached)."""
    monkeypatch.chdir(tmp_path)
    flags = ("--start", TODAY, "--weeks", "1", "--time", "07:00", "--tz", "UTC")
    assert run("plan", *flags, "--duration", "45", "-o", "a.ics").exit_code == 0
    assert run("plan", *flags, "--duration", "45m", "-o", "b.ics").exit_code == 0
    assert Path("a.ics").read_bytes() == Path("b.ics").read_bytes()


def test_a_garbage_json_file_is_named_as_no_json_export(
    _isolated_home: Path, tmp_path: Path
) -> None:
    """`log import g.json` of garbage spoke of the CSV header."""
    path = tmp_path / "g.json"
    path.write_text("garbage")
    result = run("log", "import", str(path))
    assert result.exit_code == 2
    assert result.stderr.startswith(
        f"Error: {path}: not a runstrength log export (not JSON (a JSON export is an object "
        'with "format": "runstrength-log"), nor CSV: the CSV header must be session_id,'
    )


def test_runs_import_of_only_unreadable_files_says_no_more(
    _isolated_home: Path, tmp_path: Path
) -> None:
    """`runs import garbage.tcx` printed "No new runs in 1 file." beside the error: the file
    was never read."""
    path = tmp_path / "g.tcx"
    path.write_text("garbage")
    result = run("runs", "import", str(path))
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr.splitlines() == [
        f"Error: {path}: not a TCX file",
        "1 file could not be read; nothing was taken from it.",
    ]


def test_roster_into_a_special_folder_names_out_dir(_isolated_home: Path, tmp_path: Path) -> None:
    """`roster … --out-dir /proc/self` said "-o writes regular files only, leave out -o",
    and roster has no -o."""
    roster = tmp_path / "team.csv"
    roster.write_text("name,season\nAna,off\n")
    result = run("roster", str(roster), "--out-dir", "/proc/self", "--format", "md")
    assert result.exit_code == 2
    assert result.stderr == (
        "Error: --out-dir /proc/self: is under /dev or /proc; write the plans into a folder "
        "of your own\n"
    )


STRAVA_HEADER = (
    "Activity ID,Activity Date,Activity Name,Activity Type,Elapsed Time,Distance,Moving Time,"
    "Average Heart Rate\n"
)


@pytest.mark.parametrize(
    ("row", "said"),
    [
        (
            '4,"Oct 15, 2030, 6:05:12 PM",x,Run,2000,8,2000,150',
            "a run on 2030-10-15 is after today",
        ),
        ('1,"Oct 13, 2026, 6:05:12 PM",x,Run', "the row has 4 cells, the header 8"),
        # cut before its type: it was left out as no run, unsaid (hostile-input QA)
        ('2,"Oct 15, 2026, 6:05:12 PM",Tempo', "the row has 3 cells, the header 8"),
        ('3,"Oct 17,', "the row has 2 cells, the header 8"),  # the file ends in a quote
        (
            '2,"Oct 13, 2026, 6:05:12 PM",x,Run,2000,8,2000,999',
            "an average heart rate of 999 is out of range (25–250)",
        ),
        (
            '3,"Oct 13, 2026, 6:05:12 PM",x,Run,20,30,20,150',
            "30.0 km in 0:00:20 is faster than any run (2:00 a km)",
        ),
        (
            '5,"Oct 13, 2026, 6:05:12 PM",x,Run,2000,99999,2000,150',
            "distance 99999000 m or duration 2000 s is out of range",
        ),
        (  # a 300-digit number in the message (hostile-input QA): short now
            '6,"Oct 13, 2026, 6:05:12 PM",x,Run,2000,1e305,2000,150',
            "distance 1e+308 m or duration 2000 s is out of range",
        ),
    ],
)
def test_runs_import_refuses_an_impossible_row_by_its_line(
    _isolated_home: Path, tmp_path: Path, row: str, said: str
) -> None:
    """The second QA pass: a run in 2030, a row cut short, a heart rate of 999 and 30 km in
    20 s were imported; a distance out of range was refused without its line. Each is one
    error naming the file's line, and nothing of the file is taken."""
    path = tmp_path / "activities.csv"
    good = '9,"Oct 12, 2026, 6:05:12 PM",x,Run,2000,8,2000,150\n'
    path.write_text(STRAVA_HEADER + good + row + "\n")
    result = run("runs", "import", str(path))
    assert result.exit_code == 2
    assert result.stderr.splitlines()[0] == f"Error: {path}:3: {said}"
    assert run("runs", "list").stdout.startswith("No runs yet")


@pytest.mark.parametrize(
    ("tz", "zone"),
    [
        ("UTC+5", "Etc/GMT+5"),  # POSIX: 5 h west of Greenwich, as Etc/GMT+5
        ("GMT-2", "Etc/GMT-2"),
        ("UTC+0", "UTC"),
        ("UTC+20", "UTC+20"),  # no such offset: left for the zone check to refuse
        ("Europe/Berlin", "Europe/Berlin"),
    ],
)
def test_a_posix_tz_names_its_zone(tz: str, zone: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """The reliability review's re-check: `TZ=UTC+5` and `TZ=:/etc/localtime` were "unknown
    time zone" for a timed calendar."""
    from runstrength.cli.output import local_zone_name

    monkeypatch.setenv("TZ", tz)
    assert local_zone_name() == zone


def test_a_tz_naming_a_zone_file_is_that_zone(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from runstrength.cli.output import local_zone_name

    link = tmp_path / "localtime"
    link.symlink_to("/usr/share/zoneinfo/Europe/Berlin")  # read, never opened
    monkeypatch.setenv("TZ", f":{link}")
    assert local_zone_name() == "Europe/Berlin"
