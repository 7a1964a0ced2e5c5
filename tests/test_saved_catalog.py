"""A runner's own catalog (`plan --catalog FILE --save`) is kept with the plan.

The architecture review found the catalog per-invocation state: `plan --catalog my.yaml
--save` worked, then `runstrength log my-hop 3x10` failed with "unknown exercise". The
files are now saved with the plan (as absolute paths, in the same transaction) and every
later command reads them; `--catalog none` and `profile set catalog none` drop them.
"""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest
from typer.testing import CliRunner, Result

from runstrength.cli import app
from runstrength.errors import StorageError
from runstrength.log.storage import SessionLog

from helpers import MY_HOP

TODAY = "2026-12-07"  # a Monday: the plan's first session is today
# An override of a shipped entry by id (its name): the plan itself changes with the file.
BIRD_DOG = """\
- id: bird-dog
  name: Slow bird dog
  category: core-anti-rotation
  order_rank: 5
  pattern: core
  laterality: alternating
  equipment: [mat]
  level: beginner
  regression: null
  progression: null
  dose: {type: reps, sets: [2, 3], reps: [6, 10], per_side: true}
  cues: ["Reach arm and leg long without the hips turning"]
  video: https://www.youtube.com/results?search_query=bird+dog+exercise
"""
PLAN = ("plan", "--season", "off", "--start", TODAY, "--format", "md")


@pytest.fixture(autouse=True)
def _today(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("RUNSTRENGTH_TODAY", TODAY)


@pytest.fixture
def mine(tmp_path: Path) -> Path:
    path = tmp_path / "mine" / "my.yaml"
    path.parent.mkdir()
    path.write_text(MY_HOP + BIRD_DOG, encoding="utf-8")
    return path


def run(*args: str) -> Result:
    return CliRunner().invoke(app, list(args))


def ok(*args: str) -> str:
    result = CliRunner().invoke(app, list(args), catch_exceptions=False)
    assert result.exit_code == 0, (result.stdout, result.stderr)
    return result.stdout


def error(*args: str) -> str:
    """The one-line error of a refused command (exit 2)."""
    result = run(*args)
    assert result.exit_code == 2, (result.stdout, result.stderr)
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("Error: "), result.stderr
    return lines[0]


def test_the_review_example_logs_the_runners_own_exercise(mine: Path, _isolated_home: Path) -> None:
    saved = run(*PLAN, "--catalog", str(mine), "--save")
    assert saved.exit_code == 0, saved.stderr
    assert f"Saved with it: your catalog {mine} (keep it there;" in saved.stderr
    assert "Logged my-hop: 3×10" in ok("log", "my-hop", "3x10")
    assert "My hop" in ok("history")
    assert "My hop" in ok("catalog", "show", "my-hop")
    assert "my-hop" in ok("catalog", "list", "my hop")
    assert f"catalog: {mine}" in ok("profile")


def test_a_plan_from_the_saved_profile_is_made_with_the_saved_catalog(
    mine: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Given relatively, kept absolutely: a later `plan` from any folder, with no flag,
    is the plan made with the file (its override of `pogos` included)."""
    monkeypatch.chdir(mine.parent)
    saved = ok(*PLAN, "--catalog", "my.yaml", "--save")
    assert "Slow bird dog" in saved
    monkeypatch.chdir(tmp_path)
    again = ok("plan", "--format", "md")
    assert again == saved
    assert "Slow bird dog" not in ok("plan", "--format", "md", "--catalog", "none")


def test_catalog_none_drops_the_saved_files(mine: Path) -> None:
    ok(*PLAN, "--catalog", str(mine), "--save")
    ok(*PLAN, "--catalog", "none", "--save")
    assert "catalog: –" in ok("profile")
    assert "unknown exercise 'my-hop'" in error("log", "my-hop", "3x10")
    assert "Slow bird dog" not in ok("plan", "--format", "md")


def test_a_saved_catalog_that_is_gone_says_how_to_go_on(mine: Path) -> None:
    ok(*PLAN, "--catalog", str(mine), "--save")
    ok("log", "my-hop", "3x10")
    mine.unlink()
    for command in (("next",), ("history",), ("log", "pogos", "2x10c"), ("plan",)):
        line = error(*command)
        assert str(mine) in line and "no such file" in line
        assert "`runstrength profile set catalog none`" in line
    # clearing never needs the file it clears; the log (and what was logged) stays
    said = ok("profile", "set", "catalog", "none")
    assert said.startswith("catalog: none")
    assert "my-hop" in ok("history")  # by its id: the shipped catalog does not name it
    ok("next")


def test_profile_set_catalog_checks_the_file_first(mine: Path, tmp_path: Path) -> None:
    ok(*PLAN, "--save")
    broken = tmp_path / "broken.yaml"
    broken.write_text(MY_HOP.replace("order_rank: 4", "order_rank: four"), encoding="utf-8")
    assert f"{broken}:" in error("profile", "set", "catalog", str(broken))
    assert "no such file" in error("profile", "set", "catalog", str(tmp_path / "nope.yaml"))
    assert "catalog: –" in ok("profile")
    result = run("profile", "set", "catalog", str(mine))
    assert result.exit_code == 0, result.stderr
    assert result.stdout.startswith(f"catalog: {mine}")
    assert "plan --save" in result.stderr  # the active plan follows only when saved again
    ok("log", "my-hop", "3x10")


def test_reads_on_a_fresh_data_folder_make_no_log(mine: Path, _isolated_home: Path) -> None:
    ok(*PLAN, "--catalog", str(mine))
    ok("catalog", "show", "pogos")
    assert ok("profile", "set", "catalog", "none").startswith("catalog: none")
    assert not (_isolated_home / "log.db").exists()


@pytest.mark.parametrize(
    "stored",
    ['"/a.yaml"', "[1]", '["relative.yaml"]', "[", '["/a\\u0000b.yaml"]', json.dumps(["/x"] * 99)],
)
def test_a_damaged_saved_catalog_list_is_one_line_and_can_be_cleared(
    stored: str, _isolated_home: Path
) -> None:
    ok(*PLAN, "--save")
    with sqlite3.connect(_isolated_home / "log.db") as conn:
        conn.execute("INSERT INTO settings (key, value) VALUES (?, ?)", ("catalogs", stored))
    conn.close()
    line = error("next")
    assert "the catalog files saved with the plan cannot be read" in line
    assert "profile set catalog none" in line
    ok("profile", "set", "catalog", "none")
    ok("next")


def test_the_files_are_saved_with_the_plan_or_not_at_all(mine: Path, _isolated_home: Path) -> None:
    """One transaction: a save refused (another process changed the profile meanwhile)
    keeps the catalog files as they were."""
    ok(*PLAN, "--save")
    with SessionLog(_isolated_home / "log.db") as log:
        profile = log.load_profile()
        assert profile is not None
        with pytest.raises(StorageError, match="changed while this plan was made"):
            log.save_profile_and_plan(profile, None, based_on="{}", catalogs=[str(mine)])
        assert log.catalogs() == []
        log.save_profile_and_plan(profile, None, based_on=log.profile_json(), catalogs=[str(mine)])
        assert log.catalogs() == [str(mine)]


def _exported(mine: Path, tmp_path: Path, fmt: str, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A log of the runner's own exercise, saved with its catalog, exported in `fmt`; the
    data folder is then another, empty one."""
    ok(*PLAN, "--catalog", str(mine), "--save")
    ok("log", "my-hop", "3x10")
    export = tmp_path / f"log.{fmt}"
    ok("log", "export", "--format", fmt, "-o", str(export))
    monkeypatch.setenv("RUNSTRENGTH_HOME", str(tmp_path / "other-home"))
    return export


def test_an_export_brings_its_catalog_files_to_another_log(
    mine: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    export = _exported(mine, tmp_path, "json", monkeypatch)
    assert "Imported 1 session(s)" in ok("log", "import", str(export))
    assert f"catalog: {mine}" in ok("profile")
    assert "My hop" in ok("history")
    # the file gone (a new machine): the log is imported whole all the same, and said so
    monkeypatch.setenv("RUNSTRENGTH_HOME", str(tmp_path / "third-home"))
    kept = mine.read_text(encoding="utf-8")
    mine.unlink()
    moved = run("log", "import", str(export))
    assert moved.exit_code == 0, moved.stderr
    assert "Imported 1 session(s)" in moved.stdout
    assert f"made with your catalog {mine}, which is not on this machine" in moved.stderr
    assert "put it back" in error("history")  # as for any saved catalog file gone
    mine.write_text(kept, encoding="utf-8")
    assert "My hop" in ok("history")  # back in place: the sets were kept as logged
    ok("profile", "set", "catalog", "none")
    assert "my-hop" in ok("log", "list")


def test_an_export_naming_no_catalog_still_refuses_an_unknown_exercise(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Only an export whose own catalog files are elsewhere is taken unchecked: without
    one, an id no catalog knows is a typo or a hand edit, and refused as before."""
    ok(*PLAN, "--save")
    ok("log", "deadbug", "2x8")
    export = tmp_path / "log.json"
    ok("log", "export", "--format", "json", "-o", str(export))
    export.write_text(export.read_text(encoding="utf-8").replace('"deadbug"', '"deadbugg"'))
    monkeypatch.setenv("RUNSTRENGTH_HOME", str(tmp_path / "other-home"))
    assert "unknown exercise id 'deadbugg'" in error("log", "import", str(export))


def test_an_import_refuses_a_catalog_setting_that_is_no_list_of_files(tmp_path: Path) -> None:
    ok(*PLAN, "--save")
    export = tmp_path / "log.json"
    ok("log", "export", "--format", "json", "-o", str(export))
    data = json.loads(export.read_text(encoding="utf-8"))
    data["settings"]["catalogs"] = '["relative.yaml"]'
    export.write_text(json.dumps(data), encoding="utf-8")
    line = error("log", "import", str(export))
    assert "settings.catalogs: not a list of catalog files" in line


def test_more_catalog_files_than_a_plan_keeps_are_refused_before_any_work(
    mine: Path, _isolated_home: Path
) -> None:
    many = [arg for _ in range(33) for arg in ("--catalog", str(mine))]
    result = run(*PLAN, *many, "--save")
    assert result.exit_code == 2 and result.stdout == ""
    assert result.stderr.startswith("Error: --catalog: at most 32 files, each path at most")
    assert result.stderr.count("\n") == 1
    assert not (_isolated_home / "log.db").exists()


def test_a_csv_export_of_the_runners_own_exercise_imports_once_the_catalog_is_set(
    mine: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A CSV export holds sets only, not the catalog setting: its refusal says how to go on."""
    export = _exported(mine, tmp_path, "csv", monkeypatch)
    line = error("log", "import", str(export))
    assert "unknown exercise id 'my-hop'" in line
    assert "`runstrength profile set catalog FILE` first" in line
    ok("profile", "set", "catalog", str(mine))
    assert "Imported 1 session(s)" in ok("log", "import", str(export))
