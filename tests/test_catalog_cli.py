"""`runstrength catalog list|show|check` through the real app, error translation included."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

from runstrength.catalog import load_catalog
from runstrength.cli import app
from runstrength.paths import data_file

runner = CliRunner()
NO_KIT = {"none", "mat", "wall", "step", "towel", "backpack", "open-space"}

NEW_ENTRY = """\
- id: sled-push
  name: Sled push
  category: power
  order_rank: 1
  pattern: push
  laterality: bilateral
  equipment: [sled]
  level: intermediate
  regression: null
  progression: null
  dose: {type: distance, sets: [3, 4], distance_m: [10, 20]}
  cues: ["Low body angle, drive the legs"]
  video: https://www.youtube.com/results?search_query=sled+push
"""


def ok(*args: str) -> str:
    result = runner.invoke(app, ["catalog", *args], catch_exceptions=False)
    assert result.exit_code == 0, result.stderr
    return result.stdout


def ids(*args: str) -> list[str]:
    return [ex["id"] for ex in json.loads(ok("list", "--format", "json", *args))]


# --------------------------------------------------------------------------- list


@pytest.mark.parametrize("columns", ["100", "140"])  # one block per exercise; a table
def test_list_table_shows_every_exercise_with_whole_ids(
    columns: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COLUMNS", columns)
    out = "\n" + ok("list")
    for exercise_id in load_catalog().exercises:
        assert re.search(f"\n{exercise_id}[ \n]", out)  # first, never cut with an ellipsis
    assert "half-kneeling-hip-flexor-stretch" in out
    assert out.rstrip().endswith("67 exercises")
    for heading in ("plyometric", "main-bilateral", "core-anti-rotation", "mobility"):
        assert f"\n{heading} " in out


def test_list_json_is_the_whole_catalog() -> None:
    data = json.loads(ok("list", "--format", "json"))
    assert len(data) == 67
    assert data[1]["id"] == "pogos" and data[1]["dose"]["contacts"] == [10, 20]


def test_list_filters() -> None:
    assert ids("--category", "hip-glute") == [
        "clamshell",
        "side-lying-hip-abduction",
        "side-plank-hip-circles",
        "banded-lateral-walk",
        "copenhagen-plank",
    ]
    assert ids("--pattern", "hinge") == [
        "kettlebell-swing",
        "kettlebell-deadlift",
        "trap-bar-deadlift",
        "single-leg-romanian-deadlift",
        "romanian-deadlift",
        "barbell-romanian-deadlift",
    ]
    assert ids("--level", "advanced") == ["bounding", "drop-jump", "nordic-hamstring-curl"]
    assert ids("--injury", "achilles") == [
        "double-calf-raise",
        "single-leg-calf-raise",
        "bent-knee-calf-raise",
        "eccentric-heel-drop",
        "split-squat-calf-raise",
        "knee-to-wall-ankle-mobility",
        "isometric-calf-hold",
        "single-leg-calf-raise-flat",
    ]
    assert ids("--category", "calf-foot-ankle", "--injury", "mtss", "--level", "beginner") == [
        "double-calf-raise",
        "bent-knee-calf-raise",
        "tibialis-raise",
        "isometric-calf-hold",
    ]


def test_list_equipment_filter_takes_presets_and_names() -> None:
    catalog = load_catalog().exercises
    no_kit = ids("--equipment", "none")
    assert no_kit and all(set(catalog[i].equipment) <= NO_KIT for i in no_kit)
    assert "single-leg-romanian-deadlift" in no_kit and "mat" not in catalog["pogos"].equipment
    assert "trap-bar-deadlift" not in no_kit and "clamshell" not in no_kit
    some = ids("--equipment", "dumbbells, box")
    assert {"goblet-squat", "box-jump", "pogos", "bent-knee-calf-raise"} <= set(some)
    # A named list adds to the bodyweight basics, as `plan --equipment` does: a mat is basic.
    assert "deadbug" in some
    assert not {"back-squat", "one-arm-dumbbell-row"} & set(some)  # rack, bench
    # the gym preset holds a medicine ball (rules.yaml, issue 9): it covers the catalog
    assert set(ids("--equipment", "gym")) == set(catalog)
    assert set(ids("--equipment", "gym, med-ball")) == set(catalog)


@pytest.mark.parametrize("equipment", ["dumbbells", "dumbbells,box", "none", "home", "barbell"])
def test_list_equipment_means_the_plans_kit(equipment: str) -> None:
    """Drift bug: `catalog list --equipment dumbbells` listed 23 exercises, a plan used 37."""
    from runstrength.kit import kit_allows, resolve_kit, split_equipment
    from runstrength.rulebook import default_rulebook

    catalog = load_catalog()
    kit = resolve_kit(split_equipment(equipment), catalog, default_rulebook())
    usable = [e.id for e in catalog.exercises.values() if kit_allows(e, kit)]
    assert ids("--equipment", equipment) == usable
    if equipment == "dumbbells":
        assert {"front-plank", "side-plank", "deadbug", "single-leg-calf-raise"} <= set(usable)


def test_list_searches_ids_and_names() -> None:
    """`catalog list squat`: every word of the text, in the id or the name, any case."""
    catalog = load_catalog().exercises
    squats = ids("squat")
    assert squats and all("squat" in f"{i} {catalog[i].name}".lower() for i in squats)
    assert {"back-squat", "goblet-squat", "rear-foot-elevated-split-squat"} <= set(squats)
    assert "split-squat-calf-raise" in ids("raises")  # in its name only
    # words in any order, hyphens or spaces, as a runner would type them
    assert ids("Calf RAISE bent") == ids("bent-knee-calf") == ["bent-knee-calf-raise"]
    assert ids("squat", "--equipment", "none") == [
        i for i in squats if i in ids("--equipment", "none")
    ]
    assert ok("list", "zzzz") == "No exercises match these filters.\n"


def test_list_with_no_match() -> None:
    # values the catalog has, in no exercise together (a value it has not is refused)
    none = ("list", "--pattern", "squat", "--category", "plyometric")
    assert ok(*none) == "No exercises match these filters.\n"
    assert ok(*none, "--format", "json") == "[]\n"


def test_list_with_an_extra_catalog(tmp_path: Path) -> None:
    extra = tmp_path / "mine.yaml"
    extra.write_text(NEW_ENTRY, encoding="utf-8")
    assert ids("--catalog", str(extra), "--category", "power") == [
        "trap-bar-jump",
        "kettlebell-swing",
        "med-ball-chest-throw",
        "med-ball-scoop-toss",
        "sled-push",
    ]
    with_sled = ids("--catalog", str(extra), "--equipment", "sled")
    assert "sled-push" in with_sled and "pogos" in with_sled and "goblet-squat" not in with_sled
    result = runner.invoke(app, ["catalog", "list", "--equipment", "sled"])  # not without it
    assert result.stderr.startswith("Error: --equipment: unknown equipment 'sled' (presets:")


@pytest.mark.parametrize(
    ("args", "stderr"),
    [
        (
            ["--level", "expert"],
            "Error: --level: 'expert' is not one of beginner, intermediate, advanced\n",
        ),
        (["--format", "xml"], "Error: --format: 'xml' is not one of table, json\n"),
        (
            ["--equipment", "dumbell"],
            "Error: --equipment: unknown equipment 'dumbell'; did you mean dumbbells? "
            "(presets: none, home, gym; or catalog names such as dumbbells, kettlebell, "
            "barbell, box)\n",
        ),
    ],
)
def test_list_bad_options(args: list[str], stderr: str) -> None:
    result = runner.invoke(app, ["catalog", "list", *args])
    assert (result.exit_code, result.stdout, result.stderr) == (2, "", stderr)


def test_list_with_a_broken_extra_catalog(tmp_path: Path) -> None:
    extra = tmp_path / "mine.yaml"
    extra.write_text(NEW_ENTRY.replace("sets: [3, 4]", "sets: [4, 3]"), encoding="utf-8")
    result = runner.invoke(app, ["catalog", "list", "--catalog", str(extra)])
    assert result.exit_code == 2
    assert result.stderr == (
        f"Error: {extra}:11: exercises[0].dose.sets: range must be [low, high] "
        "with 0 <= low <= high, got [4, 3]\n"
    )


@pytest.mark.parametrize(
    ("dose", "field"),
    [
        ("{type: contacts, sets: [2, 3], contacts: [0, 0]}", "contacts"),
        ("{type: distance, sets: [3, 4], distance_m: [0, 0]}", "distance_m"),
        ("{type: reps, sets: [2, 3], reps: [0, 0]}", "reps"),
        ("{type: time, sets: [2, 3], seconds: [0, 0]}", "seconds"),
    ],
)
def test_a_dose_range_with_no_work_is_refused(tmp_path: Path, dose: str, field: str) -> None:
    """QA pass: `contacts: [0, 0]` passed `catalog check`, then `plan` died of a division
    by zero (a traceback), and `distance_m: [0, 0]` prescribed "2 × 0 m"."""
    extra = tmp_path / "mine.yaml"
    extra.write_text(
        NEW_ENTRY.replace("{type: distance, sets: [3, 4], distance_m: [10, 20]}", dose),
        encoding="utf-8",
    )
    said = (
        f"{extra}:11: exercises[0].dose.{field}: range [0, 0] holds no work: its high must "
        "be at least 1"
    )
    check = runner.invoke(app, ["catalog", "check", str(extra)])
    assert (check.exit_code, check.stderr) == (2, f"{said}\n"), check.output
    made = runner.invoke(app, ["plan", "--season", "off", "--catalog", str(extra)])
    assert (made.exit_code, made.stderr) == (2, f"Error: {said}\n")


@pytest.mark.parametrize(
    ("old", "new", "line", "field"),
    [
        ("order_rank: 1", "order_rank: true", 4, "order_rank"),
        ("sets: [3, 4]", "sets: [true, 4]", 11, "dose.sets[0]"),
    ],
)
def test_true_where_a_number_belongs_is_refused(
    tmp_path: Path, old: str, new: str, line: int, field: str
) -> None:
    """The QA pass: `intensity: true` and `sets: [true, 3]` were taken as 1 (pydantic's
    lax mode); a catalog says what it means."""
    extra = tmp_path / "mine.yaml"
    extra.write_text(NEW_ENTRY.replace(old, new), encoding="utf-8")
    result = runner.invoke(app, ["catalog", "check", str(extra)])
    assert (result.exit_code, result.stderr) == (
        2,
        f"{extra}:{line}: exercises[0].{field}: true/false where a number belongs\n",
    )


def test_markup_in_a_user_catalog_is_printed_literally(tmp_path: Path) -> None:
    extra = tmp_path / "mine.yaml"
    extra.write_text(NEW_ENTRY.replace("Sled push", "'[bold]Sled[/bold] push'"), encoding="utf-8")
    assert "[bold]Sled[/bold] push" in ok("list", "--catalog", str(extra), "--category", "power")
    assert "[bold]Sled[/bold] push" in ok("show", "sled-push", "--catalog", str(extra))


# --------------------------------------------------------------------------- show


def test_show_prints_every_field_cues_and_video() -> None:
    out = ok("show", "split-squat")
    ex = load_catalog().exercises["split-squat"]
    assert out.startswith("Split squat\n")
    for text in (
        "main-unilateral",
        "2–3 × 8–12 reps per side",
        "bodyweight-box-squat (Bodyweight box squat)",
        "rear-foot-elevated-split-squat (Rear-foot-elevated split squat)",
        "pfps, itbs",
        "dumbbells",
        "heavy lower body  yes",
        ex.video,
        *ex.cues,
    ):
        assert text in out, text


def test_show_json_is_the_model() -> None:
    data = json.loads(ok("show", "hamstring-hold-on-roller", "--format", "json"))
    assert data == load_catalog().exercises["hamstring-hold-on-roller"].model_dump(mode="json")
    assert data["max_seconds"] == 45 and data["seed"] is True


def test_show_unknown_id_suggests_the_nearest() -> None:
    result = runner.invoke(app, ["catalog", "show", "pogo"])
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr == "Error: unknown exercise 'pogo'; did you mean pogos?\n"
    result = runner.invoke(app, ["catalog", "show", "zzzz"])
    assert result.stderr == "Error: unknown exercise 'zzzz'; see `runstrength catalog list`\n"


# --------------------------------------------------------------------------- check


def test_check_ok(tmp_path: Path) -> None:
    extra = tmp_path / "mine.yaml"
    extra.write_text(NEW_ENTRY, encoding="utf-8")
    assert ok("check", str(extra)) == f"{extra}: ok, 1 exercise\n"
    shipped = data_file("exercises.yaml")
    assert ok("check", str(shipped)) == f"{shipped}: ok, 67 exercises\n"


def test_check_prints_every_problem_and_exits_2(tmp_path: Path) -> None:
    extra = tmp_path / "mine.yaml"
    text = NEW_ENTRY.replace("regression: null", "regression: squat-jmp")
    text = text.replace("level: intermediate", "level: expert")
    extra.write_text(text + NEW_ENTRY, encoding="utf-8")
    result = runner.invoke(app, ["catalog", "check", str(extra)])
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr.splitlines() == [
        f"{extra}:8: exercises[0].level: Input should be 'beginner', 'intermediate' or 'advanced'",
        f"{extra}:9: exercises[0].regression: unknown exercise 'squat-jmp'; did you mean "
        "'squat-jump'?",
        f"{extra}:14: exercises[1].id: duplicate id 'sled-push' (first at line 1)",
    ]


def test_check_missing_file_and_hostile_yaml(tmp_path: Path) -> None:
    result = runner.invoke(app, ["catalog", "check", str(tmp_path / "nope.yaml")])
    assert (result.exit_code, result.stderr) == (2, f"{tmp_path / 'nope.yaml'}: no such file\n")
    evil = tmp_path / "evil.yaml"
    evil.write_text(f"- !!python/object/apply:os.system ['touch {tmp_path}/pwned']\n")
    result = runner.invoke(app, ["catalog", "check", str(evil)])
    assert result.exit_code == 2
    assert result.stderr == (
        f"{evil}:1: exercises[0]: unsupported tag '!!python/object/apply:os.system'\n"
    )
    assert not (tmp_path / "pwned").exists()


# --------------------------------------------------------------------------- help


@pytest.mark.parametrize("command", ["list", "show", "check"])
def test_every_catalog_command_has_help(command: str) -> None:
    root = typer.main.get_command(app)
    with typer.Context(root) as ctx:
        group = root.get_command(ctx, "catalog")  # type: ignore[attr-defined]
        assert group.get_command(ctx, command).help
    result = runner.invoke(app, ["catalog", command, "--help"], catch_exceptions=False)
    assert result.exit_code == 0
    assert f"catalog {command}" in result.stdout


@pytest.mark.parametrize(
    ("flag", "value"), [("--injury", "knee"), ("--pattern", "squats")], ids=["injury", "pattern"]
)
def test_list_refuses_a_filter_value_no_exercise_has(flag: str, value: str) -> None:
    """The second QA pass (repro 6): `--injury knee` and `--pattern squats` said "No
    exercises match these filters." (exit 0), as if the catalog had none; --category,
    --level and --equipment name the values there are. So do these now."""
    result = runner.invoke(app, ["catalog", "list", flag, value])
    assert result.exit_code == 2
    (line,) = result.stderr.strip().splitlines()
    assert line.startswith(f"Error: {flag}: '{value}' is not one of ")
    known = line.split(" is not one of ")[1].split(", ")
    listed = runner.invoke(app, ["catalog", "list", flag, known[0], "--format", "json"])
    assert listed.exit_code == 0 and json.loads(listed.stdout)
