"""The shipped catalog (docs/method.md §6.2) and the loader's merging, checks and defences."""

from __future__ import annotations

import re
import subprocess
import sys
import time
from pathlib import Path

import pytest
import yaml

from runstrength import catalog as catalog_mod
from runstrength.catalog import (
    SEED_NAMES,
    check_catalog,
    inspect_catalog,
    load_catalog,
)
from runstrength.enums import Category, DoseType, ExerciseLevel, Laterality
from runstrength.errors import CatalogError
from runstrength.paths import data_file
from runstrength.yaml_safe import MAX_BYTES

# §6.2, in table order.
SPEC_IDS = [
    "jump-rope", "pogos", "single-leg-pogos", "lateral-line-hops", "skater-bounds", "box-jump",
    "squat-jump", "split-squat-jump", "hop-and-stick", "bounding", "drop-jump", "trap-bar-jump",
    "kettlebell-swing", "kettlebell-deadlift", "trap-bar-deadlift", "bodyweight-box-squat",
    "goblet-squat", "back-squat", "split-squat", "rear-foot-elevated-split-squat",
    "reverse-lunge", "lateral-lunge", "step-up", "step-down", "single-leg-box-squat",
    "single-leg-romanian-deadlift", "glute-bridge", "single-leg-glute-bridge",
    "barbell-hip-thrust", "romanian-deadlift", "hamstring-hold-on-roller",
    "roller-hamstring-curl", "nordic-hamstring-curl", "double-calf-raise",
    "single-leg-calf-raise", "bent-knee-calf-raise", "eccentric-heel-drop",
    "single-leg-calf-raise-towel", "split-squat-calf-raise", "tibialis-raise", "short-foot",
    "single-leg-balance", "clamshell", "side-lying-hip-abduction", "side-plank-hip-circles",
    "banded-lateral-walk", "copenhagen-plank", "deadbug", "front-plank", "bird-dog",
    "pallof-press", "side-plank", "suitcase-carry", "knee-to-wall-ankle-mobility",
    "half-kneeling-hip-flexor-stretch", "leg-swings", "push-up", "one-arm-dumbbell-row",
]  # fmt: skip
# §10 additions, listed after the §6.2 table so the slot chooser's fallback meets them last.
V2_IDS = [
    "isometric-calf-hold", "split-squat-iso-hold", "wall-sit", "isometric-hip-hinge-hold",
    "single-leg-calf-raise-flat", "med-ball-chest-throw", "med-ball-scoop-toss",
    "barbell-romanian-deadlift", "front-squat",
]  # fmt: skip
TOTAL = len(SPEC_IDS) + len(V2_IDS)
SEEDS = {
    "trap-bar-deadlift": "Trap bar deadlift",
    "pogos": "Pogos",
    "deadbug": "Deadbug",
    "side-plank-hip-circles": "Side plank hip circles",
    "split-squat-calf-raise": "Split squat calf raises",
    "hamstring-hold-on-roller": "Hamstring hold on roller",
}
EQUIPMENT = {
    "none", "mat", "wall", "step", "towel", "backpack", "open-space", "dumbbells", "kettlebell",
    "mini-band", "resistance-band", "foam-roller", "jump-rope", "box", "bench", "barbell", "rack",
    "trap-bar", "seated-calf-machine", "anchor", "pad", "med-ball",
}  # fmt: skip
NO_KIT = {"none", "mat", "wall", "step", "towel", "backpack", "open-space"}  # the `none` preset
PATTERNS = {
    "hop", "hop-frontal", "bound", "bound-frontal", "jump", "hinge", "squat", "lunge",
    "lunge-frontal", "step", "step-eccentric", "bridge", "bridge-isometric", "knee-flexion",
    "knee-flexion-eccentric", "calf", "calf-eccentric", "lunge-calf", "dorsiflexion",
    "foot-intrinsic", "balance", "abduction", "abduction-er", "adduction", "core", "carry",
    "mobility", "push", "pull",
    # §10 additions: isometric holds, the flat-floor calf raise and medicine-ball throws
    "calf-isometric", "lunge-isometric", "squat-isometric", "hinge-isometric", "calf-flat", "throw",
}  # fmt: skip
RANK = {
    Category.PLYOMETRIC: 1, Category.POWER: 1, Category.MAIN_BILATERAL: 2,
    Category.MAIN_UNILATERAL: 3, Category.POSTERIOR_CHAIN: 4, Category.CALF_FOOT_ANKLE: 4,
    Category.HIP_GLUTE: 4, Category.UPPER_ACCESSORY: 4, Category.CORE_ANTI_EXTENSION: 5,
    Category.CORE_ANTI_ROTATION: 5, Category.CORE_ANTI_LATERAL_FLEXION: 5,
}  # fmt: skip
VIDEO = re.compile(r"^https://www\.youtube\.com/results\?search_query=[a-z0-9]+(\+[a-z0-9]+)*$")


@pytest.fixture(scope="module")
def shipped():
    return load_catalog()


# --------------------------------------------------------------------------- the shipped data


def test_shipped_catalog_has_every_spec_exercise_in_order(shipped) -> None:
    assert len(shipped) == TOTAL == 67
    assert list(shipped.exercises) == SPEC_IDS + V2_IDS


def test_seed_names_are_verbatim_and_only_seeds_are_flagged(shipped) -> None:
    assert {ex.name for ex in shipped.exercises.values()} >= set(SEED_NAMES)
    assert {ex.id: ex.name for ex in shipped.exercises.values() if ex.seed} == SEEDS


def test_shipped_catalog_integrity(shipped) -> None:
    """Invariant 30, checked here independently of the loader's own checks."""
    exercises = shipped.exercises
    levels = list(ExerciseLevel)
    for ex in exercises.values():
        assert re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", ex.id)
        for target in (ex.regression, ex.progression):
            assert target is None or target in exercises, (ex.id, target)
        if ex.progression:
            assert levels.index(exercises[ex.progression].level) >= levels.index(ex.level)
    for link in ("progression", "regression"):
        for start in exercises:
            seen, node = set(), start
            while node is not None:
                assert node not in seen, f"{link} cycle through {node}"
                seen.add(node)
                node = getattr(exercises[node], link)


def test_equipment_uses_the_preset_vocabulary(shipped) -> None:
    for ex in shipped.exercises.values():
        assert ex.equipment, ex.id
        assert set(ex.equipment) <= EQUIPMENT, ex.id
        assert set(ex.loadable_with) <= EQUIPMENT, ex.id
        assert "none" not in ex.loadable_with
        if "none" in ex.equipment:
            assert ex.equipment == ["none"], ex.id


def test_every_video_is_a_youtube_search_and_cues_are_short(shipped) -> None:
    for ex in shipped.exercises.values():
        assert VIDEO.match(ex.video), ex.video
        assert 1 <= len(ex.cues) <= 3, ex.id
        assert all(0 < len(cue) <= 90 for cue in ex.cues), ex.id


def test_patterns_ranks_and_warmups(shipped) -> None:
    for ex in shipped.exercises.values():
        assert ex.pattern in PATTERNS, ex.id
        if ex.category is Category.MOBILITY:
            expected = 6 if ex.id == "half-kneeling-hip-flexor-stretch" else 0
            assert (ex.order_rank, ex.warmup) == (expected, expected == 0), ex.id
        else:
            assert (ex.order_rank, ex.warmup) == (RANK[ex.category], False), ex.id


def test_bodyweight_fallbacks_for_a_runner_without_kit(shipped) -> None:
    ex = shipped.exercises
    slrdl = ex["single-leg-romanian-deadlift"]
    assert slrdl.equipment == ["none"]
    assert slrdl.loadable_with == ["dumbbells", "kettlebell"]
    assert slrdl.dose.type is DoseType.REPS
    for lunge in ("split-squat", "reverse-lunge", "lateral-lunge"):
        assert (ex[lunge].equipment, ex[lunge].loadable_with) == (["none"], ["dumbbells"])
    no_kit = [e for e in ex.values() if set(e.equipment) <= NO_KIT]
    assert {"hinge", "lunge", "calf", "core", "abduction"} <= {e.pattern for e in no_kit}


def test_heavy_lower_body_flags(shipped) -> None:
    heavy = {e.id for e in shipped.exercises.values() if e.heavy_lower_body}
    main = {Category.MAIN_BILATERAL, Category.MAIN_UNILATERAL}
    expected = {
        e.id
        for e in shipped.exercises.values()
        if e.category in main
        and e.pattern.split("-")[0] in {"hinge", "squat", "lunge", "step"}
        and not e.pattern.endswith("-isometric")
    } - {"bodyweight-box-squat"} | {"romanian-deadlift"}
    assert heavy == expected
    assert "trap-bar-deadlift" in heavy and "pogos" not in heavy


def test_plyometric_tiers_holds_and_tempos(shipped) -> None:
    ex = shipped.exercises
    tiers = {
        "jump-rope": 1, "pogos": 1, "lateral-line-hops": 2, "single-leg-pogos": 2, "box-jump": 2,
        "squat-jump": 2, "split-squat-jump": 2, "hop-and-stick": 2, "trap-bar-jump": 2,
        "kettlebell-swing": 1, "skater-bounds": 3, "bounding": 3, "drop-jump": 3,
    }  # fmt: skip
    assert {i: e.intensity for i, e in ex.items() if e.intensity != 1} == {
        i: t for i, t in tiers.items() if t != 1
    }
    holds = {"front-plank": 60, "side-plank": 45, "hamstring-hold-on-roller": 45,
             "copenhagen-plank": 30, "single-leg-balance": 45, "isometric-calf-hold": 45,
             "split-squat-iso-hold": 45, "wall-sit": 45,
             "isometric-hip-hinge-hold": 45}  # fmt: skip
    assert {i: e.max_seconds for i, e in ex.items() if e.max_seconds} == holds
    assert ex["single-leg-calf-raise-towel"].tempo == "3-0-3-2"  # the 2 s hold is at the top
    # lower, pause, lift, pause (the legend's order; the catalog's header said up first, and
    # its tempos followed it): the heel drop lowers over 3 s and the double-leg raise over
    # 2–3 s, as their cues say (coach QA: "1-0-3-0" read as a 1 s lowering)
    assert ex["eccentric-heel-drop"].tempo == "3-0-1-0"
    assert ex["double-calf-raise"].tempo == "3-0-1-0"
    assert ex["single-leg-calf-raise"].tempo == "3-0-3-0"


def test_doses_follow_the_table(shipped) -> None:
    ex = shipped.exercises
    assert ex["pogos"].dose.model_dump(exclude_none=True) == {
        "type": DoseType.CONTACTS, "sets": (2, 4), "contacts": (10, 20), "per_side": False
    }  # fmt: skip
    assert ex["trap-bar-jump"].dose.reps == (3, 5)
    assert ex["single-leg-calf-raise-towel"].dose.reps == (8, 12)
    assert ex["short-foot"].dose.seconds == (5, 5)
    assert ex["bounding"].dose.contacts == (8, 12)
    assert ex["suitcase-carry"].dose.distance_m == (20, 40)
    assert ex["hamstring-hold-on-roller"].laterality is Laterality.BILATERAL
    per_side = {i for i, e in ex.items() if e.dose.per_side}
    assert {"single-leg-pogos", "split-squat", "deadbug", "side-plank"} <= per_side
    assert not {"pogos", "front-plank", "glute-bridge"} & per_side


def test_yaml_stays_lazy() -> None:
    """Importing the catalog and the CLI loads no YAML parser (it is for the code path that
    reads a file). How fast a load is belongs to benchmarks/, not to a timed test: a wall
    clock limit here failed CI once while the machine was busy."""
    code = "import sys, runstrength.catalog, runstrength.cli; print('yaml' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


# --------------------------------------------------------------------------- merging


def entry(
    id: str = "my-hop",
    name: str = "My hop",
    level: str = "beginner",
    regression: str = "null",
    progression: str = "null",
    dose: str = "{type: contacts, sets: [2, 3], contacts: [10, 20]}",
) -> str:
    """One valid 13-line entry: id is its line 1, level line 8, progression 10, dose 11."""
    return (
        f"- id: {id}\n"
        f"  name: {name}\n"
        "  category: plyometric\n"
        "  order_rank: 1\n"
        "  pattern: hop\n"
        "  laterality: bilateral\n"
        "  equipment: [none]\n"
        f"  level: {level}\n"
        f"  regression: {regression}\n"
        f"  progression: {progression}\n"
        f"  dose: {dose}\n"
        '  cues: ["Hop lightly"]\n'
        "  video: https://www.youtube.com/results?search_query=hop\n"
    )


def write(tmp_path: Path, text: str, name: str = "my.yaml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_an_extra_entry_overrides_by_id_in_place_and_new_ids_are_appended(tmp_path: Path) -> None:
    extra = write(
        tmp_path,
        entry(id="pogos", name="Pogos", dose="{type: contacts, sets: [5, 5], contacts: [9, 9]}")
        + entry(id="my-hop"),
    )
    cat = load_catalog([extra])
    assert len(cat) == TOTAL + 1
    assert list(cat.exercises)[1] == "pogos"
    assert cat.exercises["pogos"].dose.sets == (5, 5)
    assert cat.exercises["pogos"].progression is None  # replaced whole, not field-merged
    assert list(cat.exercises)[-1] == "my-hop"


def test_later_extra_files_win(tmp_path: Path) -> None:
    first = write(tmp_path, entry(name="First"), "a.yaml")
    second = write(tmp_path, entry(name="Second"), "b.yaml")
    assert load_catalog([first, second]).exercises["my-hop"].name == "Second"
    assert load_catalog([second, first]).exercises["my-hop"].name == "First"


def test_extra_entries_may_link_to_shipped_ones_and_use_new_equipment(tmp_path: Path) -> None:
    text = entry(regression="pogos", progression="bounding").replace("[none]", "[sled]")
    cat = load_catalog([write(tmp_path, text)])
    assert cat.exercises["my-hop"].equipment == ["sled"]
    assert check_catalog(write(tmp_path, text)) == []


def test_custom_base(tmp_path: Path) -> None:
    base = write(tmp_path, data_file("exercises.yaml").read_text(encoding="utf-8"), "base.yaml")
    assert len(load_catalog(base=base)) == TOTAL


def test_merge_keys_work_and_errors_point_at_the_right_line(tmp_path: Path) -> None:
    text = "- &base\n  " + entry()[2:] + "- <<: *base\n  id: my-hop-2\n  level: advanced\n"
    text += "  progression: my-hop\n"
    path = write(tmp_path, text)
    assert check_catalog(path) == [
        f"{path}:18: exercises[1].progression: progression 'my-hop' is beginner, "
        "below this exercise's level (advanced)"
    ]
    fixed = write(tmp_path, text.replace("level: advanced", "level: beginner"), "ok.yaml")
    assert load_catalog([fixed]).exercises["my-hop-2"].dose.contacts == (10, 20)


# --------------------------------------------------------------------------- error kinds


def only_problem(path: Path) -> str:
    problems = check_catalog(path)
    assert len(problems) == 1, problems
    with pytest.raises(CatalogError) as err:
        load_catalog([path])
    assert str(err.value) == problems[0]
    assert "\n" not in problems[0]
    return problems[0]


def test_an_equipment_name_a_letter_off_a_known_one_is_a_typo(tmp_path: Path) -> None:
    """The second QA pass: `equipment: [dumbels]` passed `catalog check`, and no plan ever
    chose the exercise (`--equipment dumbbells` is another name). A name close to one the
    shipped catalog uses is named as a typo; a new one (a sled) is fine."""
    typo = write(tmp_path, entry().replace("equipment: [none]", "equipment: [none, dumbels]"))
    assert only_problem(typo) == (
        f"{typo}:7: exercises[0].equipment[1]: unknown equipment 'dumbels'; did you mean "
        "'dumbbells'? (a new name is fine when it is no typo)"
    )
    new = write(tmp_path, entry().replace("equipment: [none]", "equipment: [sled]"), "new.yaml")
    assert check_catalog(new) == []


@pytest.mark.parametrize(
    ("text", "line", "where", "message"),
    [
        (
            entry(dose="{type: contacts, sets: [x, 3], contacts: [10, 20]}"),
            11,
            "exercises[0].dose.sets[0]",
            "Input should be a valid integer, unable to parse string as an integer",
        ),
        (
            entry(dose="{type: contacts, sets: [2, 3], contact: [10, 20]}"),
            11,
            "exercises[0].dose.contact",
            "Extra inputs are not permitted (did you mean 'contacts'?)",
        ),
        (
            entry(dose="{type: reps, sets: [2, 3], contacts: [10, 20]}"),
            11,
            "exercises[0].dose",
            "dose type 'reps' needs a 'reps' range",
        ),
        (entry().replace("  pattern: hop\n", ""), 1, "exercises[0].pattern", "Field required"),
        (
            entry().replace("plyometric", "plyo"),
            3,
            "exercises[0].category",
            "Input should be 'plyometric', 'power', 'main-bilateral', 'main-unilateral', "
            "'posterior-chain', 'calf-foot-ankle', 'hip-glute', 'core-anti-extension', "
            "'core-anti-rotation', 'core-anti-lateral-flexion', 'mobility' or 'upper-accessory'",
        ),
        (
            entry(id="My_Hop"),
            1,
            "exercises[0].id",
            "'My_Hop' is not a kebab-case id (lowercase letters and digits joined by single "
            "hyphens)",
        ),
        (
            entry() + entry(name="Again"),
            14,
            "exercises[1].id",
            "duplicate id 'my-hop' (first at line 1)",
        ),
        (
            entry(regression="pogo"),
            9,
            "exercises[0].regression",
            "unknown exercise 'pogo'; did you mean 'pogos'?",
        ),
        (
            entry(progression="zzz-nothing-like-it"),
            10,
            "exercises[0].progression",
            "unknown exercise 'zzz-nothing-like-it'",
        ),
        (
            entry(level="advanced", progression="pogos"),
            10,
            "exercises[0].progression",
            "progression 'pogos' (SHIPPED:61) is beginner, below this exercise's level (advanced)",
        ),
        (
            entry(progression="my-hop-b") + entry(id="my-hop-b", name="B", progression="my-hop"),
            10,
            "exercises[0].progression",
            "progression cycle: my-hop -> my-hop-b -> my-hop",
        ),
        (
            entry(id="pogos", name="Pogo hops"),
            2,
            "exercises[0].name",
            "'Pogo hops' renames the seed exercise 'Pogos'; seed names must stay verbatim",
        ),
        (
            entry() + "  cues: [again]\n",
            14,
            "exercises[0].cues",
            "duplicate key 'cues' (first at line 12)",
        ),
        (
            entry(name="!!python/object/apply:os.system ['touch MARKER']"),
            2,
            "exercises[0].name",
            "unsupported tag '!!python/object/apply:os.system'",
        ),
        (entry(name="!shiny thing"), 2, "exercises[0].name", "unsupported tag '!shiny'"),
        ("- &a [*a]\n", 1, "exercises[0]", "recursive alias; refusing to read it"),
        (
            entry().replace("order_rank: 1", "order_rank: !!int one"),
            4,
            "exercises[0].order_rank",
            "'one' is not a valid !!int",
        ),
        # an impossible date (the hostile-input QA: no line, no field; `!!timestamp abc`
        # said "'NoneType' object has no attribute 'groupdict'")
        (
            entry(name="2026-02-30"),
            2,
            "exercises[0].name",
            "'2026-02-30' is not a valid !!timestamp",
        ),
        (
            entry(name='!!timestamp "abc"'),
            2,
            "exercises[0].name",
            "'abc' is not a valid !!timestamp",
        ),
        (entry(name="2026-02-28"), 2, "exercises[0].name", "Input should be a valid string"),
        # absurd doses (the hostile-input QA: sets [2, 1e26] passed and planned "36 × 1")
        (
            entry(dose="{type: contacts, sets: [2, 99999999999999999999], contacts: [10, 20]}"),
            11,
            "exercises[0].dose",
            "sets [2, 99999999999999999999]: more than 10, no exercise's dose",
        ),
        (
            entry() + "  max_contacts: 70000\n",
            14,
            "exercises[0].max_contacts",
            "Input should be less than or equal to 200",
        ),
        (
            "- " + "[" * 40 + "]" * 40 + "\n",
            1,
            "exercises[0]" + "[0]" * 31,
            "nested more than 32 levels deep",
        ),
        ("- just a string\n", 1, "exercises[0]", "expected a mapping, got a string"),
    ],
)
def test_each_problem_names_file_line_and_field(
    tmp_path: Path, text: str, line: int, where: str, message: str
) -> None:
    path = write(tmp_path, text.replace("MARKER", str(tmp_path / "pwned")))
    shipped = str(data_file("exercises.yaml"))
    assert only_problem(path) == f"{path}:{line}: {where}: {message}".replace("SHIPPED", shipped)
    assert not (tmp_path / "pwned").exists()


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("id: my-hop\n", ":1: expected a list of exercises, got a mapping"),
        ("", ": the file is empty; expected a list of exercises"),
        ("- id: a\n  name: [unclosed\n", ":2: invalid YAML: while parsing a flow sequence: did "
         "not find expected ',' or ']'"),
        ("- id: a\n  name b\nc: d\n", ":2: invalid YAML: while scanning a simple key: could "
         "not find expected ':'"),
        ("- id: a\n  name: b: c\n", ":2: invalid YAML: mapping values are not allowed in this "
         "context"),
        ("- id: a\n---\n- id: b\n", ":2: invalid YAML: expected a single document in the "
         "stream: but found another document"),
    ],
)  # fmt: skip
def test_file_level_problems(tmp_path: Path, text: str, problem: str) -> None:
    path = write(tmp_path, text)
    assert only_problem(path) == f"{path}{problem}"


def test_missing_file_and_directory(tmp_path: Path) -> None:
    assert only_problem(tmp_path / "nope.yaml") == f"{tmp_path / 'nope.yaml'}: no such file"
    assert only_problem(tmp_path) == f"{tmp_path}: not a regular file"


def test_not_utf8(tmp_path: Path) -> None:
    path = tmp_path / "latin1.yaml"
    path.write_bytes(b"- id: a\n  name: caf\xe9\n")
    assert only_problem(path) == f"{path}:2: not UTF-8 text"


def test_a_missing_seed_in_the_base_is_reported(tmp_path: Path) -> None:
    text = data_file("exercises.yaml").read_text(encoding="utf-8")
    base = write(tmp_path, text.replace("name: Deadbug\n", "name: Dead bug\n"), "base.yaml")
    with pytest.raises(
        CatalogError, match=re.escape(f"{base}: seed exercise 'Deadbug' is missing")
    ):
        load_catalog(base=base)


def test_check_reports_every_problem_in_file_order(tmp_path: Path) -> None:
    text = (
        entry(regression="pogo", dose="{type: contacts, sets: [x, 3], contacts: [10, 20]}")
        + entry(id="Bad", name="Bad")
        + "- 42\n"
    )
    path = write(tmp_path, text)
    assert check_catalog(path) == [
        f"{path}:9: exercises[0].regression: unknown exercise 'pogo'; did you mean 'pogos'?",
        f"{path}:11: exercises[0].dose.sets[0]: Input should be a valid integer, unable to parse "
        "string as an integer",
        f"{path}:14: exercises[1].id: 'Bad' is not a kebab-case id (lowercase letters and digits "
        "joined by single hyphens)",
        f"{path}:27: exercises[2]: expected a mapping, got a int",
    ]
    with pytest.raises(CatalogError) as err:
        load_catalog([path])
    assert str(err.value) == check_catalog(path)[0]


def test_inspect_counts_entries_and_the_merged_total(tmp_path: Path) -> None:
    path = write(tmp_path, entry(id="pogos", name="Pogos") + entry())
    report = inspect_catalog(path)
    assert (report.problems, report.entries, report.total) == ([], 2, TOTAL + 1)
    shipped = inspect_catalog(data_file("exercises.yaml"))
    assert (shipped.problems, shipped.entries, shipped.total) == ([], TOTAL, TOTAL)


# --------------------------------------------------------------------------- hostile YAML


def billion_laughs() -> str:
    lines = ['lol0: &l0 ["lol"]']
    for i in range(1, 10):
        lines.append(f"lol{i}: &l{i} [" + ", ".join([f"*l{i - 1}"] * 10) + "]")
    return "- " + "\n  ".join(lines) + "\n"


def test_billion_laughs_is_refused_quickly(tmp_path: Path) -> None:
    path = write(tmp_path, billion_laughs())
    start = time.perf_counter()
    problem = only_problem(path)
    assert time.perf_counter() - start < 2
    assert problem == (
        f"{path}:6: exercises[0].lol5: expands to more than 200000 nodes; "
        "refusing a possible YAML bomb"
    )


def test_too_many_aliases_are_refused(tmp_path: Path) -> None:
    path = write(tmp_path, "- &a {x: 1}\n" + "- *a\n" * 150)
    assert only_problem(path) == (
        f"{path}:1: exercises[0]: more than 100 aliases; refusing a possible YAML bomb"
    )


def test_a_few_aliases_are_fine(tmp_path: Path) -> None:
    text = entry(dose="&d {type: contacts, sets: [2, 3], contacts: [10, 20]}")
    text += entry(id="my-hop-2", name="Two", dose="*d")
    cat = load_catalog([write(tmp_path, text)])
    assert cat.exercises["my-hop-2"].dose == cat.exercises["my-hop"].dose


def test_python_object_tags_never_run(tmp_path: Path) -> None:
    marker = tmp_path / "pwned"
    for text in (
        f"- !!python/object/apply:os.system ['touch {marker}']\n",
        f"- !!python/object/new:os.system ['touch {marker}']\n",
        "- !!python/name:os.system\n",
    ):
        path = write(tmp_path, text)
        assert "unsupported tag '!!python/" in only_problem(path)
    assert not marker.exists()


def test_huge_file_is_refused_before_reading(tmp_path: Path) -> None:
    path = tmp_path / "huge.yaml"
    path.write_text("# " + "x" * MAX_BYTES + "\n[]\n", encoding="utf-8")
    size = path.stat().st_size
    assert only_problem(path) == (
        f"{path}: file too large ({size} bytes; the limit is {MAX_BYTES})"
    )


# --------------------------------------------------------------------------- the fast reader


def test_fast_reader_matches_pyyaml(tmp_path: Path) -> None:
    text = (
        "- {a: 0x1f, b: 1_000, c: yes, d: ~, e: .5, f: -.inf, g: '12', h: [1, [2, {x: 3}]],\n"
        "   i: &m {k: v}, j: *m, 12: int key, k: 017, l: 1:30, m: off, n: 2.5e+3, o: ''}\n"
    )
    path = write(tmp_path, text)
    _, data = catalog_mod._load_yaml(path, str(path))
    assert data == yaml.load(text, Loader=yaml.SafeLoader)
    shipped = data_file("exercises.yaml")
    _, data = catalog_mod._load_yaml(shipped, "x")
    assert data == yaml.load(shipped.read_text(encoding="utf-8"), Loader=yaml.SafeLoader)


def test_unusual_tags_fall_back_to_pyyaml(tmp_path: Path) -> None:
    text = "- {when: 2024-01-02, raw: !!binary aGk=, s: !!set {a, b}}\n"
    path = write(tmp_path, text)
    _, data = catalog_mod._load_yaml(path, str(path))
    assert data == yaml.load(text, Loader=yaml.SafeLoader)


def test_pure_python_loader_fallback(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.delattr(yaml, "CSafeLoader")
    assert len(load_catalog()) == TOTAL
    assert "refusing a possible YAML bomb" in only_problem(write(tmp_path, billion_laughs()))


def test_start_up_cache_key_covers_every_module(monkeypatch: pytest.MonkeyPatch) -> None:
    from runstrength import cache

    stamp = cache._code_stamp()
    for module in ("catalog.py", "models.py", "rulebook.py", "yaml_safe.py", "plan/engine.py"):
        assert f"\n{module}:" in f"\n{stamp}", module
    key = cache._key("catalog", [])
    monkeypatch.setattr(cache, "_code_stamp", lambda: stamp.replace("catalog.py:", "catalog.py:1"))
    assert cache._key("catalog", []) != key  # any edit to catalog.py's checks is a new key
