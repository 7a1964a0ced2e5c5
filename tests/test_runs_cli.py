"""`runstrength runs import | list | undo` through the real app, on the committed samples
(tests/data/watch) and FIT activities built with Garmin's SDK (tests/fit_samples.py)."""

from __future__ import annotations

import datetime as dt
import json
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner, Result

from runstrength.cli import app
from runstrength.log.storage import SessionLog

from fit_samples import run_fit

DATA = Path(__file__).parent / "data" / "watch"
UTC = dt.UTC


@pytest.fixture(autouse=True)
def _pinned(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("RUNSTRENGTH_TODAY", "2026-11-10")
    monkeypatch.setenv("TZ", "UTC")


def run(*args: str, input: str | None = None) -> Result:
    return CliRunner().invoke(app, list(args), input=input)


def stored(home: Path) -> list[tuple[str, float, str]]:
    with SessionLog(home / "log.db") as log:
        return [(r.date.isoformat(), round(r.distance_m), r.source_format) for r in log.runs()]


def samples(tmp_path: Path) -> Path:
    folder = tmp_path / "export"
    shutil.copytree(DATA, folder)
    (folder / "garmin").mkdir()
    start = dt.datetime(2026, 11, 5, 6, 0, tzinfo=UTC)
    (folder / "garmin" / "tempo.fit").write_bytes(
        run_fit(start, laps=(("active", 3000.0, 10000.0, 172),))
    )
    return folder


def test_import_a_folder_counts_each_run_once_and_reports_duplicates(
    tmp_path: Path, _isolated_home: Path
) -> None:
    folder = samples(tmp_path)
    result = run("runs", "import", str(folder), "--max-hr", "190")
    assert result.exit_code == 0, result.stderr
    assert "Imported 6 runs (54.8 km, 2026-10-27 to 2026-11-05; 2 hard)" in result.stdout
    assert "as import #1" in result.stdout
    # the Strava CSV holds the GPX run too: the richer GPX copy is kept, counted once
    assert "1 duplicate counted once" in result.stdout
    assert result.stderr == ""
    runs = stored(_isolated_home)
    assert len(runs) == 6 and ("2026-11-01", 10000, "gpx") in runs
    assert ("2026-11-05", 10000, "fit") in runs
    again = run("runs", "import", str(folder))
    assert again.exit_code == 0
    assert "No new runs in 4 files." in again.stdout
    assert "7 duplicates counted once" in again.stdout
    assert len(stored(_isolated_home)) == 6


def test_the_max_heart_rate_is_kept_for_later_imports(tmp_path: Path, _isolated_home: Path) -> None:
    fit = tmp_path / "a.fit"
    fit.write_bytes(
        run_fit(
            dt.datetime(2026, 11, 5, 6, 0, tzinfo=UTC), laps=(("active", 3000.0, 10000.0, 165),)
        )
    )
    assert run("runs", "import", str(fit), "--max-hr", "195").exit_code == 0
    later = tmp_path / "b.fit"
    later.write_bytes(
        run_fit(
            dt.datetime(2026, 11, 7, 6, 0, tzinfo=UTC), laps=(("active", 3000.0, 10000.0, 165),)
        )
    )
    assert run("runs", "import", str(later)).exit_code == 0
    with SessionLog(_isolated_home / "log.db") as log:
        assert [r.hard for r in log.runs()] == [True, True]  # 165 >= 0.82 * 195
        assert log.settings()["max-hr"] == "195"
    bad = run("runs", "import", str(later), "--max-hr", "fast")
    assert bad.exit_code == 2 and bad.stderr.startswith("Error: --max-hr:")


def _hostile(tmp_path: Path) -> dict[str, Path]:
    folder = tmp_path / "hostile"
    folder.mkdir()
    good = run_fit(dt.datetime(2026, 11, 5, 6, 0, tzinfo=UTC))
    (folder / "truncated.fit").write_bytes(good[: len(good) // 2])
    crc = bytearray(good)
    crc[-1] ^= 0xFF
    (folder / "crc.fit").write_bytes(bytes(crc))
    point = b'<trkpt lat="51.5" lon="-0.1"/>\n'
    head = b'<?xml version="1.0"?>\n<gpx version="1.1" creator="t"><trk><trkseg>\n'
    (folder / "huge.gpx").write_bytes(head + point * 1_000_000 + b"</trkseg></trk></gpx>\n")
    text = (DATA / "activities.csv").read_text(encoding="utf-8").splitlines()
    row = text[1].split(",")
    row[2] = '"=HYPERLINK(""http://evil"")"'
    (folder / "activities_formula.csv").write_text(
        "\n".join([text[0], ",".join(row), *text[2:]]) + "\n"
    )
    return {p.name: p for p in folder.iterdir()}


def test_hostile_files_are_one_line_each_import_nothing_and_exit_2(
    tmp_path: Path, _isolated_home: Path
) -> None:
    hostile = _hostile(tmp_path)
    good = tmp_path / "good.gpx"
    shutil.copy(DATA / "easy_run.gpx", good)
    result = run("runs", "import", *map(str, hostile.values()), str(good))
    assert result.exit_code == 2
    lines = result.stderr.splitlines()
    errors = [line for line in lines if line.startswith("Error: ")]
    assert len(errors) == 4
    for name, path in hostile.items():
        [line] = [e for e in errors if str(path) in e]
        assert name in line
    assert any("truncated" in e for e in errors) and any("CRC" in e for e in errors)
    assert any("1000000 track points" in e for e in errors)
    assert any("formula" in e for e in errors)
    assert lines[-1] == "4 files could not be read; nothing was taken from them."
    # only the good file's run is in the log
    assert stored(_isolated_home) == [("2026-11-01", 10000, "gpx")]
    assert "Imported 1 run " in result.stdout


def test_a_run_without_distance_is_left_out_and_said(tmp_path: Path, _isolated_home: Path) -> None:
    """The QA run: a GPX of one track point (0 m, 0 s) imported as a run, made two empty
    weeks count in the 4-week mean, and a steady 40 km week read as a 100 % spike. A run of
    less than 100 m holds no running to count: it is left out, with a line."""
    one = tmp_path / "one-point.gpx"
    one.write_text(
        '<?xml version="1.0"?>\n<gpx version="1.1" creator="t" '
        'xmlns="http://www.topografix.com/GPX/1/1"><trk><type>running</type><trkseg>'
        '<trkpt lat="51.5" lon="-0.12"><time>2026-11-04T07:00:00Z</time></trkpt>'
        "</trkseg></trk></gpx>\n",
        encoding="utf-8",
    )
    good = tmp_path / "good.gpx"
    shutil.copy(DATA / "easy_run.gpx", good)
    result = run("runs", "import", str(one), str(good))
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines()[1] == (
        "Left out 1 run of less than 100 m: no distance to count (a single GPS point, or a "
        "run recorded without distance)."
    )
    assert stored(_isolated_home) == [("2026-11-01", 10000, "gpx")]


def test_a_zip_and_an_empty_folder_say_what_to_do(tmp_path: Path, _isolated_home: Path) -> None:
    """The QA run: a Strava export's .zip was "not a FIT, GPX, TCX or Strava activities.csv
    file", and an empty folder imported nothing and said nothing (exit 0)."""
    import zipfile

    archive = tmp_path / "export.zip"
    with zipfile.ZipFile(archive, "w") as z:
        z.writestr("activities.csv", "Activity ID,Activity Date\n")
    result = run("runs", "import", str(archive))
    assert result.exit_code == 2
    assert result.stderr.splitlines()[0] == (
        f"Error: {archive}: a zip archive; unzip it and import the folder (a Strava export "
        "holds activities.csv and the activity files)"
    )
    empty = tmp_path / "empty"
    empty.mkdir()
    result = run("runs", "import", str(empty))
    assert result.exit_code == 0
    assert result.stdout == (
        "No FIT, GPX, TCX or Strava activities.csv files found there; nothing imported.\n"
    )


def test_a_missing_path_is_one_line(tmp_path: Path) -> None:
    result = run("runs", "import", str(tmp_path / "nope.fit"))
    assert result.exit_code == 2
    assert result.stderr.splitlines()[0].startswith(f"Error: {tmp_path / 'nope.fit'}: ")


def test_list_as_table_csv_and_json(tmp_path: Path) -> None:
    assert run("runs", "list").stdout.startswith("No runs yet")
    assert run("runs", "import", str(DATA)).exit_code == 0
    table = run("runs", "list").stdout
    assert table.splitlines()[0].split() == [
        "Date",
        "km",
        "Time",
        "Pace",
        "HR",
        "Effort",
        "Sport",
        "From",
    ]
    assert "2026-11-03  9.3   0:48:00  5:10/km  146  hard    running  intervals.tcx" in table
    assert "Last 2 complete weeks (km): Oct 26 30.4, Nov 02 14.4; mean 22.4 km." in table
    data = json.loads(run("runs", "list", "--format", "json").stdout)
    assert [r["source_format"] for r in data] == [
        "strava-csv",
        "strava-csv",
        "gpx",
        "strava-csv",
        "tcx",
    ]
    assert data[-1]["hard"] is True and data[-1]["start"] == "2026-11-03T17:30:00Z"
    rows = run("runs", "list", "--format", "csv").stdout.splitlines()
    assert rows[0].startswith("date,start,distance_m") and len(rows) == 6
    assert run("runs", "list", "-f", "xml").exit_code == 2


def test_undo_removes_the_last_import_after_showing_it(
    tmp_path: Path, _isolated_home: Path
) -> None:
    assert run("runs", "undo").stderr.startswith("Error: no runs were imported")
    assert run("runs", "import", str(DATA / "activities.csv")).exit_code == 0
    assert run("runs", "import", str(DATA / "intervals.tcx")).exit_code == 0
    result = run("runs", "undo", "--yes")
    assert result.exit_code == 0
    assert result.stdout.splitlines() == [
        "Import #2: 1 run, 9.3 km:",
        "  2026-11-03    9.3 km  intervals.tcx",
        "Removed 1 run (import #2).",
    ]
    assert len(stored(_isolated_home)) == 4


def test_a_richer_file_of_a_run_already_imported_upgrades_it(
    tmp_path: Path, _isolated_home: Path
) -> None:
    """The runs QA pass: a run from a Strava CSV row, then the watch's FIT file of the same
    run, kept the CSV's guess (the FIT was a duplicate), so import order decided which
    days were hard. Now the stored run takes the FIT's laps and heart rate; the reverse
    order changes nothing."""
    start = dt.datetime(2026, 10, 27, 6, 15, 3, tzinfo=UTC)  # the CSV's first run
    intervals = (
        ("warmup", 600.0, 1700.0, 135),
        *(("active", 225.0, 1000.0, 172), ("recovery", 120.0, 300.0, 145)) * 4,
        ("cooldown", 400.0, 1100.0, 135),
    )
    fit = tmp_path / "watch.fit"
    fit.write_bytes(run_fit(start, laps=intervals))

    def oct_27() -> tuple[str, bool | None, int | None]:
        with SessionLog(_isolated_home / "log.db") as log:
            [found] = [r for r in log.runs() if r.date == dt.date(2026, 10, 27)]
        return found.source_format, found.hard, found.avg_hr

    assert run("runs", "import", str(DATA / "activities.csv")).exit_code == 0
    assert oct_27()[0] == "strava-csv" and oct_27()[1] is not True
    upgraded = run("runs", "import", str(fit))
    assert upgraded.exit_code == 0, upgraded.stderr
    assert "1 run already in the log took this import's richer data" in upgraded.stdout
    assert "duplicate" not in upgraded.stdout and "No new runs in 1 file." in upgraded.stdout
    assert oct_27()[:2] == ("fit", True) and len(stored(_isolated_home)) == 4
    again = run("runs", "import", str(fit), str(DATA / "activities.csv"))
    assert "richer" not in again.stdout and oct_27()[:2] == ("fit", True)


def test_a_poorer_file_of_a_run_already_imported_changes_nothing(
    tmp_path: Path, _isolated_home: Path
) -> None:
    """The same run from a FIT file first, then the Strava CSV: the FIT's run stays as it
    was (the CSV is a duplicate)."""
    fit = tmp_path / "watch.fit"
    fit.write_bytes(run_fit(dt.datetime(2026, 10, 27, 6, 15, 3, tzinfo=UTC),
                            laps=(("active", 2850.0, 8021.0, 160),)))  # fmt: skip
    assert run("runs", "import", str(fit)).exit_code == 0
    before = stored(_isolated_home)
    after_csv = run("runs", "import", str(DATA / "activities.csv"))
    assert "richer" not in after_csv.stdout and "1 duplicate counted once" in after_csv.stdout
    assert [r for r in stored(_isolated_home) if r[0] == "2026-10-27"] == before
