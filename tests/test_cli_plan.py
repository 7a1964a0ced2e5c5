"""`runstrength plan` through the real app: formats, files, and every bad input."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from runstrength.cli import app
from runstrength.models import DISCLAIMER, Plan

runner = CliRunner()
START = "2026-12-07"


def run_ok(*args: str) -> str:
    result = runner.invoke(app, ["plan", *args], catch_exceptions=False)
    assert result.exit_code == 0, result.stderr
    return result.stdout


def run_error(*args: str) -> str:
    result = runner.invoke(app, ["plan", *args])
    assert result.exit_code == 2, (result.exit_code, result.stdout, result.stderr)
    assert result.exception is None or isinstance(result.exception, SystemExit)
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("Error: ")
    assert "Traceback" not in result.stderr
    return lines[0]


def test_default_plan_is_twelve_weeks_of_three_days() -> None:
    plan = Plan.model_validate_json(run_ok("--season", "off", "--format", "json"))
    assert plan.inputs.weeks == 12 == len(plan.weeks)
    assert all(len(w.sessions) == 3 for w in plan.weeks)
    assert plan.disclaimer == DISCLAIMER


def test_markdown_is_the_default_in_a_pipe() -> None:
    out = run_ok("--season", "off", "--start", START)
    assert out.startswith("# Strength plan: off-season, 12 weeks, 3 days/week")
    assert DISCLAIMER in out


def test_table_format_prints_every_week() -> None:
    out = run_ok("--season", "pre", "--format", "table", "--start", START)
    for week in range(1, 7):
        assert f"Week {week} · Power (PW)" in out
    assert "deload" in out  # pre-season's 6 weeks hold a planned deload


def test_json_follows_the_contract_and_is_deterministic() -> None:
    args = (
        "--season",
        "off",
        "--volume",
        "25mi",
        "--days",
        "3",
        "--format",
        "json",
        "--injury",
        "achilles",
        "--equipment",
        "home",
        "--start",
        START,
    )
    first, second = run_ok(*args), run_ok(*args)
    assert first == second
    data = json.loads(first)
    assert data["schema_version"] == 1
    assert data["inputs"]["unit"] == "mi"
    assert data["inputs"]["weekly_volume"] == 25.0
    assert data["inputs"]["weekly_volume_km"] == 40.2
    assert data["inputs"]["volume_band"] == "B"
    assert data["inputs"]["injuries"] == ["achilles"]
    assert data["weeks"][0]["sessions"][0]["date"] == START


def test_output_file_format_from_extension(tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    target = out / "plan.json"
    result = runner.invoke(app, ["plan", "--season", "in", "-o", str(target)])
    assert result.exit_code == 0, result.stderr
    assert Plan.model_validate_json(target.read_text()).weeks[0].phase.value == "IN"
    assert result.stdout == ""
    assert [p.name for p in out.iterdir()] == ["plan.json"]  # no temp file left


def test_output_file_overwrites_atomically(tmp_path: Path) -> None:
    target = tmp_path / "plan.md"
    target.write_text("old")
    run_ok("--season", "taper", "-o", str(target))
    assert target.read_text().startswith("# Strength plan: taper")


def test_race_plan_lays_phases_backwards() -> None:
    data = json.loads(
        run_ok(
            "--race-date",
            "2027-04-25",
            "--race-distance",
            "marathon",
            "--start",
            START,
            "--format",
            "json",
        )
    )
    phases = [w["phase"] for w in data["weeks"]]
    assert phases[0] == "AA" and phases[-1] == "TP"
    assert phases.index("PW") < phases.index("TP")
    last = data["weeks"][-1]["sessions"][-1]
    assert last["date"] < "2027-04-23"  # days −2…0 stay free


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--days", "4"], "Error: --days: '4' is not 1, 2 or 3 (strength days a week)"),
        (["--volume", "-5"], "Error: --volume: '-5' is negative; give the km or mi you run a week"),
        (["--volume", "40yards"], "Error: --volume: unknown unit 'yards'; use km or mi"),
        (["--season", "summer"], "Error: --season: 'summer' is not one of off, pre, in, taper"),
        (
            ["--race-date", "2020-01-01", "--race-distance", "10k"],
            "Error: --race-date 2020-01-01 is not in the future",
        ),
        (
            ["--race-date", "2027-05-01"],
            "Error: --race-date needs --race-distance (5k, 10k, half, marathon, ultra)",
        ),
        (
            ["--race-date", "tomorrow"],
            "Error: --race-date: 'tomorrow' is not a date; use YYYY-MM-DD",
        ),
        (
            ["--injury", "knee"],
            "Error: unknown injury tag 'knee' (known: itbs, achilles, "
            "achilles-insertional, pf, pfps, mtss, hamstring, hip, ankle, bone)",
        ),
        (["--weeks", "0"], "Error: --weeks: '0' is not a whole number of weeks from 1 to 52"),
        (["--level", "pro"], "Error: --level: 'pro' is not one of novice, intermediate, advanced"),
        (
            ["--hard-days", "tue,funday"],
            "Error: --hard-days: 'funday' is not a weekday (mon, tue, … sun)",
        ),
        (
            ["--format", "docx"],
            "Error: --format: 'docx' is not one of table, md, json, pdf, ics, html, fit",
        ),
        (["--paper", "a3"], "Error: --paper: 'a3' is not one of a4, letter"),
        (
            ["--dayz", "3"],
            "Error: No such option: --dayz (Possible options: --days, --tz) "
            "(see `runstrength plan --help`)",
        ),
    ],
)
def test_bad_flags_give_one_line_and_exit_2(args: list[str], message: str) -> None:
    assert run_error(*args) == message


def test_equipment_list_adds_to_the_bodyweight_basics() -> None:
    plan = Plan.model_validate_json(run_ok("--equipment", "dumbbells,box", "--format", "json"))
    kit = {"none", "mat", "wall", "step", "towel", "backpack", "open-space", "dumbbells", "box"}
    used = {e for _, s in plan.sessions() for p in s.exercises for e in p.equipment}
    assert used <= kit
    assert "dumbbells" in used


def test_unknown_equipment_suggests_a_name() -> None:
    line = run_error("--equipment", "dumbels")
    expected = "Error: --equipment: unknown equipment 'dumbels'; did you mean dumbbells?"
    assert line.startswith(expected)


def test_output_into_a_missing_folder_or_onto_a_directory(tmp_path: Path) -> None:
    assert run_error("-o", str(tmp_path / "nope" / "plan.md")) == (
        f"Error: -o {tmp_path / 'nope' / 'plan.md'}: folder {tmp_path / 'nope'} does not exist"
    )
    folder = tmp_path / "dir.md"
    folder.mkdir()
    assert run_error("-o", str(folder)) == f"Error: -o {folder}: is a directory; give a file name"


# --------------------------------------------------------------------------- --catalog

GOOD_HEAD = "- id: {id}\n  name: {name}\n"


def write(tmp_path: Path, text: str, name: str = "mine.yaml") -> Path:
    path = tmp_path / name
    path.write_text(text)
    return path


def catalog_error(path: Path) -> str:
    return run_error("--catalog", str(path))


def test_catalog_file_missing(tmp_path: Path) -> None:
    line = catalog_error(tmp_path / "missing.yaml")
    assert "missing.yaml" in line and "no such file" in line


def test_catalog_not_yaml(tmp_path: Path) -> None:
    line = catalog_error(write(tmp_path, "- id: [unclosed\n  name: x\n"))
    assert line.startswith(f"Error: {tmp_path / 'mine.yaml'}:")


def test_catalog_yaml_bomb(tmp_path: Path) -> None:
    bomb = "a: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(
        f"{chr(98 + i)}: &{chr(98 + i)} [*{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, "
        f"*{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}]\n"
        for i in range(8)
    )
    line = catalog_error(write(tmp_path, bomb))
    assert "mine.yaml" in line and "YAML bomb" in line


def test_catalog_python_tag(tmp_path: Path) -> None:
    line = catalog_error(write(tmp_path, '- !!python/object/apply:os.system ["echo pwned"]\n'))
    assert "mine.yaml:1" in line and "tag" in line


def _entry(ex_id: str, **changes: str) -> str:
    fields = {
        "name": f"My {ex_id}",
        "category": "calf-foot-ankle",
        "order_rank": "4",
        "pattern": "calf",
        "laterality": "bilateral",
        "equipment": "[none]",
        "level": "beginner",
        "regression": "null",
        "progression": "null",
        "dose": "{type: reps, sets: [2, 3], reps: [10, 15]}",
        "cues": '["Rise high"]',
        "video": "https://www.youtube.com/results?search_query=calf",
    }
    fields.update(changes)
    body = "".join(f"  {k}: {v}\n" for k, v in fields.items())
    return f"- id: {ex_id}\n{body}"


def test_catalog_duplicate_id(tmp_path: Path) -> None:
    line = catalog_error(write(tmp_path, _entry("calf-a") + _entry("calf-a")))
    assert "mine.yaml:" in line and "calf-a" in line and "duplicate" in line


def test_catalog_dangling_progression(tmp_path: Path) -> None:
    line = catalog_error(write(tmp_path, _entry("calf-a", progression="pogoz")))
    assert "mine.yaml:" in line and "pogoz" in line


def test_catalog_cycle(tmp_path: Path) -> None:
    text = _entry("calf-a", progression="calf-b") + _entry("calf-b", progression="calf-a")
    line = catalog_error(write(tmp_path, text))
    assert "cycle" in line


def test_catalog_wrong_type_names_file_line_and_field(tmp_path: Path) -> None:
    text = _entry("calf-a", dose="{type: reps, sets: [two, 3], reps: [10, 15]}")
    line = catalog_error(write(tmp_path, text))
    assert line.startswith(f"Error: {tmp_path / 'mine.yaml'}:11: exercises[0].dose.sets[0]: ")
    assert "dose.sets" in line


def test_catalog_that_empties_a_slot_for_the_equipment(tmp_path: Path) -> None:
    # Every calf exercise now needs a barbell: a runner with no kit has no calf work.
    from runstrength.catalog import load_catalog

    calves = [
        e
        for e in load_catalog().exercises.values()
        if e.pattern.startswith("calf") or e.pattern == "lunge-calf"
    ]
    text = "".join(
        _entry(
            e.id,
            name=f'"{e.name}"',
            equipment="[barbell]",
            pattern=e.pattern,
            laterality=e.laterality.value,
            level=e.level.value,
            regression=e.regression or "null",
            progression=e.progression or "null",
        )
        for e in calves
    )
    line = run_error("--catalog", str(write(tmp_path, text)), "--equipment", "none")
    assert line.startswith("Error: no exercise in the catalog fits the calf slot")


def test_catalog_entry_overrides_by_id(tmp_path: Path) -> None:
    text = _entry(
        "pogos",
        name='"Pogos"',
        category="plyometric",
        order_rank="1",
        pattern="hop",
        dose="{type: contacts, sets: [2, 4], contacts: [10, 20]}",
        cues='["My own pogo cue"]',
    )
    out = run_ok("--catalog", str(write(tmp_path, text)), "--format", "json")
    assert "My own pogo cue" in out


# --------------------------------------------------------------------------- the input seam


def test_profile_flags_give_a_validated_profile() -> None:
    from runstrength.enums import DistanceUnit, Weekday
    from runstrength.inputs import ProfileFlags

    flags = ProfileFlags(volume="25mi", injuries=("itbs, achilles", "itbs"), hard_days="thu,tue")
    profile = flags.profile({"days": 2})
    assert (profile.weekly_volume, profile.unit, profile.days) == (25, DistanceUnit.MI, 2)
    assert profile.injuries == ["itbs", "achilles"]
    assert profile.hard_days == [Weekday.TUE, Weekday.THU]
    assert flags.with_value("days", "3").profile().days == 3


def test_input_errors_carry_their_field() -> None:
    from runstrength.errors import InvalidProfile
    from runstrength.inputs import FLAG_FIELDS, ProfileFlags

    for name, value in [("race_date", "soon"), ("hard_days", "someday"), ("volume", "-3")]:
        with pytest.raises(InvalidProfile) as caught:
            ProfileFlags().with_value(name, value).profile()
        assert caught.value.field == name
        assert str(caught.value) == f"{FLAG_FIELDS[name].option}: {caught.value.reason}"
    with pytest.raises(InvalidProfile) as caught:  # pydantic's own checks name the input too
        ProfileFlags().profile({"maxes": {"squat": "heavy"}})
    assert caught.value.field is None
    assert str(caught.value).startswith("maxes: ")


def test_weekdays_are_read_by_their_english_names() -> None:
    """Three letters or more of the day's name, any case; the value stays the short one."""
    from runstrength.enums import Weekday
    from runstrength.errors import InvalidProfile
    from runstrength.inputs import parse_weekday, parse_weekdays

    for text in ("tue", "Tues", "tuesday", "TUESDAY", " Tuesd "):
        assert parse_weekday("--long-run-day", text) is Weekday.TUE
    assert parse_weekdays("--hard-days", "Sunday, mon,thurs") == [
        Weekday.MON, Weekday.THU, Weekday.SUN,
    ]  # fmt: skip
    assert [d.number for d in Weekday] == list(range(7))
    for text in ("tu", "tuesdays", "mardi", "", "t"):
        with pytest.raises(InvalidProfile, match="is not a weekday"):
            parse_weekday("--long-run-day", text)


def test_every_error_of_the_family_exits_2() -> None:
    """The base sets the code once for the family (docs/architecture.md); none overrides it."""
    from runstrength.errors import RunstrengthError

    family: list[type[RunstrengthError]] = RunstrengthError.__subclasses__()
    assert len(family) == 6
    assert all("exit_code" not in vars(cls) for cls in family)
    assert RunstrengthError.exit_code == 2
    assert all(cls.exit_code == 2 for cls in family)


def test_atomic_write_refuses_with_a_neutral_error(tmp_path: Path) -> None:
    from runstrength.errors import WriteError
    from runstrength.fileio import atomic_write

    with pytest.raises(WriteError, match="is a directory") as caught:
        atomic_write(tmp_path, "x")
    assert caught.value.exit_code == 2


@pytest.mark.parametrize(("weeks", "shown"), [("1", "1 week,"), ("2", "2 weeks,")])
def test_the_title_counts_weeks_in_words(weeks: str, shown: str) -> None:
    out = run_ok("--season", "taper", "--weeks", weeks, "--days", "2", "--format", "md")
    assert out.splitlines()[0] == f"# Strength plan: taper, {shown} 2 days/week"


def test_a_refused_plan_is_one_line_even_with_a_flag_its_format_ignores() -> None:
    """The "ignored for json" warning waits for the plan: a bad flag next to it is still
    the one line of a refused command (found by the flag fuzz test)."""
    line = run_error("--equipment", "²", "--duration", "30m", "--format", "json")
    assert line.startswith("Error: --equipment: unknown equipment")


def test_output_dash_is_stdout(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """`plan -o -` writes to stdout, as most tools read `-`; it wrote a file named `-` and
    said "Wrote - (json)" (the hostile-input QA run)."""
    monkeypatch.chdir(tmp_path)
    out = run_ok("--format", "json", "-o", "-")
    assert json.loads(out)["schema_version"] == 1
    assert not (tmp_path / "-").exists()
