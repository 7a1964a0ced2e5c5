"""`runstrength roster`: reading rosters, row errors, file names, and byte-identity with `plan`."""

from __future__ import annotations

import csv
import io
import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from runstrength.cli import app
from runstrength.coach.roster import column_name, place, read_roster, slugify, unique_slugs
from runstrength.errors import InvalidInput, InvalidProfile, RenderError
from runstrength.inputs import parse_days

DATA = Path(__file__).parent / "data"
GOOD = DATA / "roster_good.csv"
BAD = DATA / "roster_bad.csv"
TEAM = DATA / "roster_team.yaml"
BAD_YAML = DATA / "roster_bad.yaml"
TODAY = "2026-11-02"
GOOD_STEMS = ["ana-silva", "ben-oconnor", "zoe-odegard", "athlete-4", "ana-silva-2"]

runner = CliRunner()


@pytest.fixture(autouse=True)
def _pinned_today(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("RUNSTRENGTH_TODAY", TODAY)


def roster(*args: str | Path, ok: bool = True) -> object:
    result = runner.invoke(app, ["roster", *map(str, args)], catch_exceptions=not ok)
    if ok:
        assert result.exit_code == 0, result.stderr
    return result


def files(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())}


# --------------------------------------------------------------------------- good rosters


def test_good_roster_writes_one_file_per_athlete_and_format(tmp_path: Path) -> None:
    out = tmp_path / "plans"
    result = roster(GOOD, "--out-dir", out, "--format", "md,json")
    expected = {f"{stem}.{ext}" for stem in GOOD_STEMS for ext in ("md", "json")}
    assert set(files(out)) == expected | {"index.md"}
    assert result.stdout == ""  # type: ignore[attr-defined]
    assert result.stderr.endswith(f"5 plans written to {out}{os.sep}\n")  # type: ignore[attr-defined]


@pytest.mark.slow
def test_index_lists_every_athlete_with_band_phases_and_links(tmp_path: Path) -> None:
    roster(GOOD, "-d", tmp_path / "out", "-f", "md,pdf")
    index = (tmp_path / "out" / "index.md").read_text(encoding="utf-8")
    assert index.splitlines()[:6] == [
        "# Strength plans",
        "",
        "5 athletes from roster_good.csv.",
        "",
        "| Athlete | Season | Start | Volume | Band | Days | Weeks | Phases | Injuries "
        "| Warnings | Files |",
        "|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    assert (
        "| Ana Silva | off | 2026-11-09 | 40 km | B | 3 | 12 | AA → MS | – | – "
        "| [md](ana-silva.md) · [pdf](ana-silva.pdf) |"
    ) in index
    # a race build says its race, not "off"; its injuries and how many warnings it has
    assert (
        "| Ben O'Connor | race 2027-03-28 half | 2026-11-09 | 25 mi | B | 2 | 20 "
        "| AA → MS → PW → TP | achilles, itbs | 2 |"
    ) in index
    assert "| Zoë Ødegård | in | 2026-11-09 | 100 km | D | 2 | 8 | IN | hamstring | – |" in index
    assert (
        "| 李雷 | pre | 2026-11-16 | 60 km | C | 3 | 6 | PW | – | – | [md](athlete-4.md)" in index
    )
    # the warnings themselves, under the table (the new-user review's C10)
    warnings = index.split("## Warnings\n\n")[1].split("\n\n")[0].splitlines()
    plan = (tmp_path / "out" / "ben-oconnor.md").read_text(encoding="utf-8")
    # two: week 20 has no room for two exercises (week 19's Achilles minimum was a third
    # until the growth limits stopped cutting a minimum short, 2026-12-05)
    assert len(warnings) == 2 and all(w.startswith("- Ben O'Connor: week ") for w in warnings)
    assert all(w.removeprefix("- Ben O'Connor: ") in plan for w in warnings)
    assert "[md](ana-silva-2.md)" in index
    assert "Not planned" not in index
    assert not (tmp_path / "out" / "index.html").exists()


def test_the_index_says_the_days_a_plan_holds(tmp_path: Path) -> None:
    """New-user review C10: the index said 3 days for an in-season plan of 2 (its own
    header says "2 of 3 days/week")."""
    team = tmp_path / "team.csv"
    team.write_text("name,season,days,start\nMia,in,3,2026-11-09\nLeo,off,3,2026-11-09\n")
    roster(team, "-d", tmp_path / "out", "-f", "md")
    index = (tmp_path / "out" / "index.md").read_text(encoding="utf-8")
    assert "| Mia | in | 2026-11-09 | 40 km | B | 2 of 3 | 8 |" in index
    assert "| Leo | off | 2026-11-09 | 40 km | B | 3 | 12 |" in index


def test_a_race_week_left_empty_is_no_warning_of_the_run(tmp_path: Path) -> None:
    """The roster QA run: 302 of 1,000 athletes' index rows and stderr lines said "week N:
    no strength sessions (the race is too close)", the race week every race build has
    (its plan says so under that week's heading). The plan's own files keep the warning;
    a week left empty for another reason stays a warning of the run."""
    team = tmp_path / "team.csv"
    team.write_text(
        "name,race_date,race_distance,start\nMia,2027-03-09,10k,2026-12-07\n"
        "Leo,2027-03-11,10k,2026-12-07\n"
    )
    result = roster(team, "-d", tmp_path / "out", "-f", "md")
    index = (tmp_path / "out" / "index.md").read_text(encoding="utf-8")
    assert "race is too close" not in index
    assert "race is too close" not in result.stderr  # type: ignore[attr-defined]
    mia = (tmp_path / "out" / "mia.md").read_text(encoding="utf-8")
    assert "- week 14: no strength sessions (the race is too close)" in mia
    assert "| Mia | race 2027-03-09 10k | 2026-12-07 |" in index


def test_html_format_adds_an_html_index(tmp_path: Path) -> None:
    roster(GOOD, "-d", tmp_path / "out", "-f", "html")
    page = (tmp_path / "out" / "index.html").read_text(encoding="utf-8")
    assert page.startswith("<!DOCTYPE html>")
    assert '<a href="zoe-odegard.html">Zoë Ødegård</a>' in page
    assert "Ben O&#x27;Connor" in page
    assert "<td>race 2027-03-28 half</td>" in page and "<h2>Warnings</h2>" in page
    assert "<li>Ben O&#x27;Connor: week " in page


def plan_flags(row: dict[str, str]) -> list[str]:
    """The `runstrength plan` flags for one roster row (the name: `--name`)."""
    flags: list[str] = []
    for column, value in row.items():
        if not value:
            continue
        if column == "injuries":
            for tag in value.replace(";", ",").split(","):
                flags += ["--injury", tag]
        else:
            flags += [f"--{column.replace('_', '-')}", value]
    return flags


@pytest.mark.slow
def test_every_file_is_byte_identical_to_what_plan_writes(tmp_path: Path) -> None:
    formats = ("md", "json", "ics", "html", "pdf")
    out = tmp_path / "roster"
    roster(GOOD, "-d", out, "-f", ",".join(formats))
    with GOOD.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert len(rows) == len(GOOD_STEMS)
    for stem, row in zip(GOOD_STEMS, rows, strict=True):
        for ext in formats:
            single = tmp_path / f"plan-{stem}.{ext}"
            result = runner.invoke(app, ["plan", *plan_flags(row), "-o", str(single)])
            assert result.exit_code == 0, result.stderr
            assert (out / f"{stem}.{ext}").read_bytes() == single.read_bytes(), (stem, ext)


@pytest.mark.slow
def test_empty_cells_take_the_plan_defaults(tmp_path: Path) -> None:
    # The last row of roster_good.csv gives a name and a start date only.
    roster(GOOD, "-d", tmp_path / "out", "-f", "json")
    single = tmp_path / "single.json"
    runner.invoke(app, ["plan", "--start", "2026-11-09", "-o", str(single)])
    assert (tmp_path / "out" / "ana-silva-2.json").read_bytes() == single.read_bytes()


@pytest.mark.slow
def test_yaml_roster_gives_the_same_files_as_the_csv(tmp_path: Path) -> None:
    roster(GOOD, "-d", tmp_path / "csv", "-f", "md,json,ics")
    roster(TEAM, "-d", tmp_path / "yaml", "-f", "md,json,ics")
    from_csv = files(tmp_path / "csv")
    from_yaml = files(tmp_path / "yaml")
    del from_csv["index.md"], from_yaml["index.md"]  # they name their roster file
    assert from_csv == from_yaml
    assert len(from_yaml) == 15


@pytest.mark.slow
def test_serial_and_parallel_runs_write_identical_files(tmp_path: Path) -> None:
    bigger = tmp_path / "roster.csv"
    body = GOOD.read_text(encoding="utf-8").splitlines()
    extra = [f"Runner {n},off,{30 + n}km,{2 + n % 2},,,gym,,2026-11-09,,,,," for n in range(6)]
    bigger.write_text("\n".join([*body, *extra]) + "\n", encoding="utf-8")
    roster(bigger, "-d", tmp_path / "serial", "-f", "md,json,pdf", "--jobs", "1")
    roster(bigger, "-d", tmp_path / "parallel", "-f", "md,json,pdf", "--jobs", "2")
    serial = files(tmp_path / "serial")
    assert len(serial) == 11 * 3 + 1
    assert serial == files(tmp_path / "parallel")


def test_extra_catalog_is_used_as_plan_uses_it(tmp_path: Path) -> None:
    mine = tmp_path / "mine.yaml"
    mine.write_text(
        "- id: pogos\n"
        "  name: Pogos\n"
        "  category: plyometric\n"
        "  order_rank: 1\n"
        "  pattern: hop\n"
        "  laterality: bilateral\n"
        "  equipment: [none]\n"
        "  level: beginner\n"
        "  dose: {type: contacts, sets: [2, 4], contacts: [10, 20]}\n"
        '  cues: ["My own pogo cue"]\n'
        "  video: https://www.youtube.com/results?search_query=pogo\n",
        encoding="utf-8",
    )
    two = tmp_path / "two.csv"
    two.write_text("name,volume\nAna,40\nBo,60\n", encoding="utf-8")
    roster(two, "-d", tmp_path / "out", "-f", "md", "--catalog", mine)
    single = tmp_path / "single.md"
    runner.invoke(
        app, ["plan", "--name", "Ana", "--volume", "40", "--catalog", str(mine), "-o", str(single)]
    )
    assert (tmp_path / "out" / "ana.md").read_bytes() == single.read_bytes()
    assert "My own pogo cue" in single.read_text(encoding="utf-8")


@pytest.mark.slow
def test_spawned_workers_write_what_forked_ones_do(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # macOS and Windows cannot fork: there the pool pickles the catalog to each worker.
    import runstrength.coach.roster

    roster(GOOD, "-d", tmp_path / "fork", "-f", "md,json", "--jobs", "2")
    monkeypatch.setattr(runstrength.coach.roster, "START_METHOD", "spawn")
    roster(GOOD, "-d", tmp_path / "spawn", "-f", "md,json", "--jobs", "2")
    assert files(tmp_path / "fork") == files(tmp_path / "spawn")


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")
@pytest.mark.parametrize("jobs", ["1", "2"])
@pytest.mark.parametrize("half", ["stage", "commit"])
def test_a_full_disk_stops_the_run_with_one_line_and_no_temp_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, half: str, jobs: str
) -> None:
    """A file is staged where its plan is made (a worker: the bytes written) and committed
    in the main process (synced, renamed); a full disk in either half stops the run at the
    first athlete, with one line, and leaves none of the run's temp files (the other
    athletes' staged ones included)."""

    def full_for_ana(fd: int) -> None:
        if ".ana-silva.md." in os.readlink(f"/proc/self/fd/{fd}"):
            raise OSError(28, "No space left on device")

    if half == "stage":
        fdopen = os.fdopen

        class Full:  # the temp file of ana-silva.md, on a disk that is full
            def __init__(self, fd: int) -> None:
                self.handle = fdopen(fd, "wb")

            def __enter__(self) -> Full:
                return self

            def __exit__(self, *exc: object) -> None:
                self.handle.close()

            def write(self, data: bytes) -> int:
                raise OSError(28, "No space left on device")

        def opened(fd: int, *args: Any, **kwargs: Any) -> Any:
            if ".ana-silva.md." in os.readlink(f"/proc/self/fd/{fd}"):
                return Full(fd)
            return fdopen(fd, *args, **kwargs)

        monkeypatch.setattr(os, "fdopen", opened)
    else:
        fsync = os.fsync

        def synced(fd: int) -> None:
            full_for_ana(fd)
            fsync(fd)

        monkeypatch.setattr(os, "fsync", synced)
    out = tmp_path / "out"
    result = roster(GOOD, "-d", out, "-f", "md,json", "--jobs", jobs, ok=False)
    assert result.exit_code == 2  # type: ignore[attr-defined]
    assert result.stderr == (  # type: ignore[attr-defined]
        f"Error: {out / 'ana-silva.md'}: disk full while writing it (no space left on the "
        "disk); nothing was changed\n"
    )
    assert not [p.name for p in out.iterdir() if p.name.startswith(".")]
    assert not (out / "index.md").exists()


def test_a_roster_s_files_are_durable_before_their_names(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Staged bytes are synced before the rename puts them under the file's name: after a
    crash a name holds the old file or the whole new one, never a hole (as `atomic_write`)."""
    events: list[tuple[str, str]] = []
    real_fsync, real_replace = os.fsync, os.replace

    def fsync(fd: int) -> None:
        events.append(("fsync", os.readlink(f"/proc/self/fd/{fd}")))
        real_fsync(fd)

    def replace(src: str, dst: object) -> None:
        events.append(("replace", str(src)))
        real_replace(src, dst)  # type: ignore[arg-type]

    if not sys.platform.startswith("linux"):
        pytest.skip("reads /proc")
    monkeypatch.setattr(os, "fsync", fsync)
    monkeypatch.setattr(os, "replace", replace)
    out = tmp_path / "out"
    roster(GOOD, "-d", out, "-f", "md,json", "--jobs", "1")
    renamed = [path for kind, path in events if kind == "replace" and path.startswith(str(out))]
    assert len(renamed) == 2 * len(GOOD_STEMS) + 1  # and the index
    for path in renamed:
        synced = events.index(("fsync", path))
        assert synced < events.index(("replace", path)), path
    assert sorted(p.name for p in out.iterdir()) == sorted(
        [f"{stem}{ext}" for stem in GOOD_STEMS for ext in (".md", ".json")] + ["index.md"]
    )


@pytest.mark.parametrize("how", ["symlink", "hard-link"])
def test_a_link_to_the_training_log_in_the_out_dir_is_never_written_through(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, how: str
) -> None:
    """The roster resolves the log's files once for the whole run (issue 14: not once per
    file), and still refuses a file of the out-dir that is the log, by name or by inode."""
    home = tmp_path / "home"
    monkeypatch.setenv("RUNSTRENGTH_HOME", str(home))
    logged = runner.invoke(app, ["log", "back-squat", "3x5@80kg", "--date", "2026-11-01"])
    assert logged.exit_code == 0, logged.stderr
    log = home / "log.db"
    before = log.read_bytes()
    out = tmp_path / "out"
    out.mkdir()
    trap = out / "zoe-odegard.md"  # the third athlete's file
    if how == "symlink":
        trap.symlink_to(log)
    else:
        os.link(log, trap)
    result = roster(GOOD, "-d", out, "-f", "md", "--jobs", "1", ok=False)
    assert result.exit_code == 2, result.stderr  # type: ignore[attr-defined]
    assert f"is the training log ({log})" in result.stderr  # type: ignore[attr-defined]
    assert log.read_bytes() == before
    assert not [p.name for p in out.iterdir() if p.name.endswith(".tmp")]


def test_athletes_with_equal_inputs_get_equal_plans_under_their_own_names(
    tmp_path: Path,
) -> None:
    """Equal inputs, equal plans; each file is titled with its athlete's name (the QA run:
    no file named its athlete, and two athletes' calendars were byte-identical, UIDs and
    all, so one replaced the other in a calendar)."""
    twins = tmp_path / "twins.csv"
    twins.write_text(
        "name,volume,start\nAnna,50,2026-12-07\nAnna,50,2026-12-07\nBo,50,2026-12-07\n"
        "Cy,51,2026-12-07\n",
        encoding="utf-8",
    )
    roster(twins, "-d", tmp_path / "out", "-f", "md,ics")
    out = tmp_path / "out"

    def body(stem: str) -> list[str]:
        return (out / f"{stem}.md").read_text(encoding="utf-8").splitlines()[1:]

    assert (out / "anna.md").read_bytes() == (out / "anna-2.md").read_bytes()
    assert (out / "bo.md").read_text(encoding="utf-8").startswith("# Strength plan for Bo: ")
    assert body("anna") == body("bo") and body("anna") != body("cy")
    uids = [
        {line for line in (out / f"{stem}.ics").read_text().splitlines() if line.startswith("UID")}
        for stem in ("anna", "bo")
    ]
    assert uids[0] and uids[0].isdisjoint(uids[1])


def test_a_name_on_two_rows_is_said_and_told_apart_in_the_index(tmp_path: Path) -> None:
    """Two rows for one name (a row pasted twice, or two runners called Anna) were written
    as anna and anna-2 with nothing said, and the index showed two identical names."""
    team = tmp_path / "team.csv"
    team.write_text("name,volume\nAnna,50\nBo,40\nanna,30\nZoë,20\nZoe,20\n", encoding="utf-8")
    result = roster(team, "-d", tmp_path / "out", "-f", "md")
    assert result.stderr.splitlines()[:2] == [  # type: ignore[attr-defined]
        f"{team}:4: warning: 'anna' makes the file names of line 2 ('Anna'): its files "
        "are anna-2.*",
        f"{team}:6: warning: 'Zoe' makes the file names of line 5 ('Zoë'): its files are zoe-2.*",
    ]
    index = (tmp_path / "out" / "index.md").read_text(encoding="utf-8")
    assert "| Anna | " in index and "| anna (line 4) | " in index
    assert "| Zoë | " in index and "| Zoe (line 6) | " in index
    assert "| Bo | " in index


@pytest.mark.slow
def test_rerun_overwrites_cleanly(tmp_path: Path) -> None:
    roster(GOOD, "-d", tmp_path / "out", "-f", "md,pdf")
    first = files(tmp_path / "out")
    (tmp_path / "out" / "ana-silva.md").write_text("scribbled over", encoding="utf-8")
    roster(GOOD, "-d", tmp_path / "out", "-f", "md,pdf")
    assert files(tmp_path / "out") == first  # replaced, and no temp files left behind


# --------------------------------------------------------------------------- bad rows

BAD_LINES = """\
{src}:3: days: '4' is not 1, 2 or 3 (strength days a week)
{src}:4: volume: '-5' is negative; give the km or mi you run a week
{src}:5: volume: unknown unit 'yards'; use km or mi
{src}:6: season: 'summer' is not one of off, pre, in, taper
{src}:7: race_date: 2026-01-01 is not in the future
{src}:8: race_date: needs race_distance (5k, 10k, half, marathon, ultra)
{src}:9: injuries: unknown injury tag 'knee' (known: itbs, achilles, achilles-insertional, \
pf, pfps, mtss, hamstring, hip, ankle, bone)
{src}:10: equipment: unknown equipment 'spaceship' (presets: none, home, gym; or catalog \
names such as dumbbells, kettlebell, barbell, box)
{src}:11: season: 'summer' is not one of off, pre, in, taper
{src}:11: days: '4' is not 1, 2 or 3 (strength days a week)
{src}:12: name: empty; every athlete needs a name
"""


def test_bad_rows_are_reported_one_line_each_and_skipped(tmp_path: Path) -> None:
    result = roster(BAD, "-d", tmp_path / "out", "-f", "md", ok=False)
    assert result.exit_code == 2  # type: ignore[attr-defined]
    assert result.stderr == (  # type: ignore[attr-defined]
        BAD_LINES.format(src=BAD)
        + f"1 plan written to {tmp_path / 'out'}{os.sep}, 10 rows rejected\n"
    )
    assert set(files(tmp_path / "out")) == {"good-one.md", "index.md"}
    index = (tmp_path / "out" / "index.md").read_text(encoding="utf-8")
    assert "## Not planned" in index
    assert "- Days Four, roster_bad.csv line 3: days: '4' is not 1, 2 or 3" in index
    assert "- (no name), roster_bad.csv line 12: name: empty" in index


@pytest.mark.slow
def test_strict_writes_nothing_when_any_row_is_bad(tmp_path: Path) -> None:
    out = tmp_path / "plans"
    result = roster(BAD, "-d", out, "-f", "md", "--strict", ok=False)
    assert result.exit_code == 2  # type: ignore[attr-defined]
    assert result.stderr == (  # type: ignore[attr-defined]
        BAD_LINES.format(src=BAD) + "Nothing written: 10 rows rejected (--strict)\n"
    )
    assert not out.exists()


@pytest.mark.slow
def test_strict_catches_engine_problems_before_writing(tmp_path: Path) -> None:
    # Every cell parses; only the engine can tell the race date is in the past.
    late = tmp_path / "late.csv"
    late.write_text(
        "name,race_date,race_distance\nOk,2027-04-25,10k\nLate,2026-10-01,10k\n",
        encoding="utf-8",
    )
    out = tmp_path / "plans"
    result = roster(late, "-d", out, "--strict", ok=False)
    assert result.stderr == (  # type: ignore[attr-defined]
        f"{late}:3: race_date: 2026-10-01 is not in the future\n"
        "Nothing written: 1 row rejected (--strict)\n"
    )
    assert not out.exists()


def test_strict_with_a_clean_roster_writes_everything(tmp_path: Path) -> None:
    roster(GOOD, "-d", tmp_path / "out", "-f", "md", "--strict")
    assert len(files(tmp_path / "out")) == 6


def test_ics_needs_dates_on_each_row(tmp_path: Path) -> None:
    undated = tmp_path / "undated.csv"
    undated.write_text("name,start\nDated,2026-11-09\nUndated,\n", encoding="utf-8")
    result = roster(undated, "-d", tmp_path / "out", "-f", "md,ics", ok=False)
    assert result.exit_code == 2  # type: ignore[attr-defined]
    assert result.stderr.splitlines()[0] == (  # type: ignore[attr-defined]
        f"{undated}:3: start: ics needs dates: fill start or race_date, "
        "or leave ics out of --format"
    )
    assert set(files(tmp_path / "out")) == {"dated.md", "dated.ics", "index.md"}
    roster(undated, "-d", tmp_path / "md", "-f", "md")  # without ics the row is fine


def test_bad_yaml_rows_are_reported_with_their_lines(tmp_path: Path) -> None:
    result = roster(BAD_YAML, "-d", tmp_path / "out", "-f", "md", ok=False)
    assert result.exit_code == 2  # type: ignore[attr-defined]
    src = BAD_YAML
    assert result.stderr == (  # type: ignore[attr-defined]
        f"{src}:3: an athlete is a mapping of column: value, not a single value\n"
        f"{src}:4: an athlete is a mapping of column: value, not a list\n"
        f"{src}:6: unknown column 'injures'; did you mean 'injuries'? columns are name, "
        "season, volume, days, weeks, level, equipment, injuries, start, race_date, "
        "race_distance, hard_days, long_run_day, load_unit\n"
        f"{src}:9: days: given twice\n"
        f"{src}:11: equipment: expected a value or a list of values\n"
        f"{src}:13: days: '4' is not 1, 2 or 3 (strength days a week)\n"
        f"{src}:14: unknown column 'injures'; did you mean 'injuries'? columns are name, "
        "season, volume, days, weeks, level, equipment, injuries, start, race_date, "
        "race_distance, hard_days, long_run_day, load_unit\n"
        f"{src}:14: name: empty; every athlete needs a name\n"
        f"1 plan written to {tmp_path / 'out'}{os.sep}, 7 rows rejected\n"
    )
    assert set(files(tmp_path / "out")) == {"fine.md", "index.md"}


def test_an_impossible_date_in_a_yaml_roster_names_its_line_and_field(tmp_path: Path) -> None:
    """The hostile-input QA run: `race_date: 2026-02-30` refused the whole roster with
    "cannot build the YAML values: day is out of range for month", no line, no field."""
    team = tmp_path / "team.yaml"
    team.write_text("athletes:\n  - name: Mia\n    race_date: 2026-02-30\n", encoding="utf-8")
    result = roster(team, "-d", tmp_path / "out", "-f", "md", ok=False)
    assert result.exit_code == 2  # type: ignore[attr-defined]
    assert result.stderr == (  # type: ignore[attr-defined]
        f"Error: {team}:3: roster.athletes[0].race_date: '2026-02-30' is not a valid !!timestamp\n"
    )


# --------------------------------------------------------------------------- file errors


@pytest.mark.parametrize(
    ("name", "text", "message"),
    [
        (
            "colour.csv",
            "name,colour\nAna,red\n",
            "{path}:1: unknown column 'colour'; columns are name, season, volume, days, "
            "weeks, level, equipment, injuries, start, race_date, race_distance, hard_days, "
            "long_run_day, load_unit",
        ),
        (
            "typo.csv",
            "name,vollume\nAna,40\n",
            "{path}:1: unknown column 'vollume'; did you mean 'volume'? columns are name, "
            "season, volume, days, weeks, level, equipment, injuries, start, race_date, "
            "race_distance, hard_days, long_run_day, load_unit",
        ),
        ("noname.csv", "season,days\noff,3\n", "{path}:1: no 'name' column; the header needs one"),
        ("twice.csv", "name,days,Days\nA,2,3\n", "{path}:1: column 'days' appears twice"),
        ("empty.csv", "", "{path}: empty; the first row names the columns (name, …)"),
        ("header.csv", "name,days\n\n", "{path}: no athletes; add one row per athlete"),
        (
            "map.yaml",
            "name: Ana\ndays: 3\n",
            "{path}:1: a roster is a list of athletes (`- name: …` entries), not a single "
            "value or mapping",
        ),
        ("broken.yaml", "- name: [Ana\n", "{path}:2: did not find expected ',' or ']'"),
        ("missing.csv", None, "{path}: no such file"),
    ],
)
def test_file_level_problems_stop_before_any_work(
    tmp_path: Path, name: str, text: str | None, message: str
) -> None:
    path = tmp_path / name
    if text is not None:
        path.write_text(text, encoding="utf-8")
    result = roster(path, "-d", tmp_path / "out", ok=False)
    assert result.exit_code == 2  # type: ignore[attr-defined]
    assert result.stderr == f"Error: {message.format(path=path)}\n"  # type: ignore[attr-defined]
    assert not (tmp_path / "out").exists()


def test_bad_format_and_missing_arguments(tmp_path: Path) -> None:
    result = roster(GOOD, "-d", tmp_path / "out", "-f", "md,docx", ok=False)
    assert result.stderr == (  # type: ignore[attr-defined]
        "Error: --format: 'docx' is not one of md, json, pdf, ics, html\n"
    )
    result = roster(ok=False)
    assert result.stderr == (  # type: ignore[attr-defined]
        "Error: give a ROSTER file (CSV or YAML), or --template for an example\n"
    )
    result = roster(GOOD, ok=False)
    assert result.stderr == (  # type: ignore[attr-defined]
        "Error: --out-dir: give the folder to write the plans into\n"
    )
    afile = tmp_path / "afile"
    afile.write_text("", encoding="utf-8")
    result = roster(GOOD, "-d", afile, ok=False)
    assert result.stderr == f"Error: --out-dir {afile}: is a file, not a folder\n"  # type: ignore[attr-defined]


# --------------------------------------------------------------------------- CSV dialects


def test_spreadsheet_exports_are_read(tmp_path: Path) -> None:
    # Excel: a BOM, `;` between cells, CRLF, capitalised headers, blank rows, empty columns.
    text = (
        "\ufeffName;Race Date;RACE-DISTANCE;Injury;;\r\n"
        "Ana;2027-04-25;10k;itbs;;\r\n"
        ";;;;;\r\n"
        "Bo;;;;;\r\n"
    )
    path = tmp_path / "excel.csv"
    path.write_bytes(text.encode("utf-8"))
    table = read_roster(path)
    assert [(r.line, r.cells) for r in table.rows] == [
        (2, {"name": "Ana", "race_date": "2027-04-25", "race_distance": "10k", "injuries": "itbs"}),
        (4, {"name": "Bo"}),
    ]


def test_a_cell_beyond_the_header_is_a_row_problem(tmp_path: Path) -> None:
    path = tmp_path / "ragged.csv"
    path.write_text("name,days\nAna,3,oops\nBo,2\n", encoding="utf-8")
    result = roster(path, "-d", tmp_path / "out", "-f", "md", ok=False)
    assert result.stderr.splitlines()[0] == (  # type: ignore[attr-defined]
        f"{path}:2: cell 3 ('oops') is under no column of the header"
    )


def test_multi_line_cells_keep_row_lines_right(tmp_path: Path) -> None:
    path = tmp_path / "multiline.csv"
    path.write_text('name,days\n"Ana\nSilva",3\nBo,4\n', encoding="utf-8")
    result = roster(path, "-d", tmp_path / "out", "-f", "md", ok=False)
    assert result.stderr.splitlines()[0] == (  # type: ignore[attr-defined]
        f"{path}:4: days: '4' is not 1, 2 or 3 (strength days a week)"
    )


def test_non_utf8_roster_is_an_error(tmp_path: Path) -> None:
    path = tmp_path / "latin1.csv"
    path.write_bytes("name\nZoë\n".encode("latin-1"))
    result = roster(path, "-d", tmp_path / "out", ok=False)
    assert result.stderr == (  # type: ignore[attr-defined]
        f"Error: {path}: not UTF-8 text; save the roster as CSV UTF-8\n"
    )


@pytest.mark.parametrize(
    ("raw", "column"),
    [
        ("name", "name"),
        ("Race-Date", "race_date"),
        ("race date", "race_date"),
        ("LONG_RUN_DAY", "long_run_day"),
        ("injury", "injuries"),
        ("colour", None),
    ],
)
def test_column_names(raw: str, column: str | None) -> None:
    assert column_name(raw) == column


# --------------------------------------------------------------------------- names


@pytest.mark.parametrize(
    ("name", "slug"),
    [
        ("Ana Silva", "ana-silva"),
        ("Zoë Ødegård", "zoe-odegard"),
        ("Ben O'Connor", "ben-oconnor"),
        ("  José-María   Núñez  ", "jose-maria-nunez"),
        ("Łukasz Straße", "lukasz-strasse"),
        ("Ana/../../etc", "ana-etc"),
        ("李雷", ""),
        ("🏃", ""),
        ("x" * 100, "x" * 60),
    ],
)
def test_slugify(name: str, slug: str) -> None:
    assert slugify(name) == slug


def test_slugs_are_unique_in_row_order() -> None:
    names = [(1, "Ana"), (2, "ana"), (3, "ANA!"), (4, "Ana 2"), (5, "李雷"), (6, "Index")]
    assert unique_slugs(names) == {
        1: "ana",
        2: "ana-2",
        3: "ana-3",
        4: "ana-2-2",
        5: "athlete-5",
        6: "index-2",  # index.md is the roster's own
    }


def test_place_uses_the_field_an_error_carries() -> None:
    with pytest.raises(InvalidProfile) as caught:
        parse_days("4")
    assert caught.value.field == "days"
    assert place(caught.value) == ("days", "'4' is not 1, 2 or 3 (strength days a week)")


def test_place_words_engine_errors_in_columns() -> None:
    # The engine's own errors carry no field yet: they are placed by the flag they name.
    def placed(message: str) -> tuple[str | None, str]:
        return place(InvalidProfile(message))

    assert placed("--race-distance needs --race-date") == ("race_distance", "needs race_date")
    assert placed("unknown injury tag 'knee'") == ("injuries", "unknown injury tag 'knee'")
    assert placed("ICS needs dates: give --start or --race-date") == (
        "start",
        "ICS needs dates: give start or race_date",
    )
    assert place(RenderError("the PDF layout failed")) == (None, "the PDF layout failed")


def test_a_yaml_alias_bomb_is_refused_at_once(tmp_path: Path) -> None:
    # Anchors under unknown columns, then one cell holding 12**7 copies of the first list.
    lines = ["- name: Bomb", '  x0: &a0 ["gym", "gym", "gym", "gym", "gym", "gym"]']
    lines += [f"  x{n}: &a{n} [{', '.join([f'*a{n - 1}'] * 12)}]" for n in range(1, 8)]
    lines.append("  equipment: *a7")
    path = tmp_path / "roster.yaml"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    assert 500 < path.stat().st_size < 800  # ~600 bytes, nested 7 deep
    started = time.perf_counter()
    result = roster(path, "-d", tmp_path / "out", ok=False)
    assert time.perf_counter() - started < 1.0
    assert result.exit_code == 2  # type: ignore[attr-defined]
    assert len(result.stderr.splitlines()) == 1  # type: ignore[attr-defined]
    assert "refusing a possible YAML bomb" in result.stderr  # type: ignore[attr-defined]
    assert not (tmp_path / "out").exists()


# --------------------------------------------------------------------------- template


def test_template_has_every_column_and_three_athletes() -> None:
    result = runner.invoke(app, ["roster", "--template"], catch_exceptions=False)
    assert result.exit_code == 0
    rows = list(csv.reader(io.StringIO(result.stdout)))
    assert rows[0] == [
        "name",
        "season",
        "volume",
        "days",
        "weeks",
        "level",
        "equipment",
        "injuries",
        "start",
        "race_date",
        "race_distance",
        "hard_days",
        "long_run_day",
        "load_unit",
    ]
    assert len(rows) == 4
    assert rows[1][8] == "2026-11-09"  # the Monday after the pinned today


@pytest.mark.slow
def test_template_list_cells_use_one_separator_and_no_quotes() -> None:
    """The new-user review's C10 re-check: the template wrote `achilles;itbs` beside the
    quoted `"dumbbells,box,mat"` and `"tue,thu"`: two separators, and cells to quote."""
    text = runner.invoke(app, ["roster", "--template"], catch_exceptions=False).stdout
    assert '"' not in text
    assert "dumbbells;box;mat" in text and "tue;thu" in text


def test_template_round_trips(tmp_path: Path) -> None:
    template = runner.invoke(app, ["roster", "--template"]).stdout
    path = tmp_path / "team.csv"
    path.write_text(template, encoding="utf-8")
    result = roster(path, "-d", tmp_path / "out", "-f", "md,json,ics,html,pdf", "--strict")
    assert result.stderr.endswith(f"3 plans written to {tmp_path / 'out'}{os.sep}\n")  # type: ignore[attr-defined]
    assert len(files(tmp_path / "out")) == 3 * 5 + 2


@pytest.mark.slow
def test_template_round_trips_on_any_day(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    for today in ("2026-12-31", "2027-06-06"):  # a Thursday, a Sunday
        monkeypatch.setenv("RUNSTRENGTH_TODAY", today)
        path = tmp_path / f"{today}.csv"
        path.write_text(runner.invoke(app, ["roster", "--template"]).stdout, encoding="utf-8")
        roster(path, "-d", tmp_path / today, "-f", "ics", "--strict")


# --------------------------------------------------------------------------- processes


@pytest.mark.slow
def test_roster_help_loads_no_core() -> None:
    code = (
        "import sys\n"
        "from runstrength.cli import app\n"
        "try:\n"
        "    app(['roster', '--help'])\n"
        "except SystemExit:\n"
        "    pass\n"
        "print(' '.join(sorted(sys.modules)), file=sys.stderr)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    loaded = set(result.stderr.split())
    assert "runstrength.cli.roster_cmd" in loaded
    for heavy in ("yaml", "reportlab", "runstrength.plan.engine", "runstrength.coach.roster"):
        assert heavy not in loaded, heavy


def _interruptible() -> None:
    """In the child, before it runs: SIGINT at its default, as for a terminal's foreground
    job. A job started in the background of a non-interactive shell (`cmd &`, as a CI
    script may run the tests) inherits SIGINT ignored, and Python keeps ignoring it: the
    roster then ran to its end and exited 0 (fresh-clone CI runs saw it)."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)


@pytest.mark.slow
def test_ctrl_c_leaves_no_half_written_file(tmp_path: Path) -> None:
    big = tmp_path / "big.csv"
    athletes = 60
    rows = [f"Runner {n},{20 + n}km,2026-11-09" for n in range(athletes)]
    big.write_text("name,volume,start\n" + "\n".join(rows) + "\n", encoding="utf-8")
    out = tmp_path / "plans"
    cmd = [sys.executable, "-m", "runstrength", "roster", str(big), "-d", str(out)]
    cmd += ["-f", "pdf,md", "--jobs", "2"]
    proc = subprocess.Popen(
        cmd,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        start_new_session=True,
        preexec_fn=_interruptible,
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and len(list(out.glob("*.pdf"))) < 4:
        if proc.poll() is not None:
            pytest.fail(f"roster ended before Ctrl-C: {proc.communicate()[1].decode()}")
        time.sleep(0.05)
    os.killpg(proc.pid, signal.SIGINT)  # what a terminal sends the whole group on Ctrl-C
    proc.communicate(timeout=60)
    assert proc.returncode != 0
    written = sorted(out.iterdir())
    assert 4 <= len(written) < 2 * athletes
    assert not [p for p in written if p.name.startswith(".") or p.suffix == ".tmp"]
    assert not (out / "index.md").exists()
    for pdf in out.glob("*.pdf"):
        assert pdf.read_bytes().rstrip().endswith(b"%%EOF"), pdf
    rerun = subprocess.run(cmd, capture_output=True, text=True)
    assert rerun.returncode == 0, rerun.stderr
    assert len(list(out.iterdir())) == 2 * athletes + 1


def test_read_roster_rejects_a_folder(tmp_path: Path) -> None:
    with pytest.raises(InvalidInput, match="is a directory"):
        read_roster(tmp_path)
