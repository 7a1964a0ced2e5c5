"""The catalog's v2 fields (docs/method.md §10): pain regions, unloading regressions,
flat-floor variants for insertional Achilles, the plyometric order, limits and safety notes."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from runstrength.catalog import check_catalog, load_catalog
from runstrength.enums import Category, DoseType, PainRegion
from runstrength.models import Catalog, Exercise
from runstrength.paths import data_file
from runstrength.rulebook import default_rulebook

FA, AC, KNEE, HIP, HAM, BACK = list(PainRegion)
NO_KIT = {"none", "mat", "wall", "step", "towel", "backpack", "open-space"}
LOWER = {
    Category.PLYOMETRIC,
    Category.MAIN_BILATERAL,
    Category.MAIN_UNILATERAL,
    Category.POSTERIOR_CHAIN,
    Category.CALF_FOOT_ANKLE,
    Category.HIP_GLUTE,
}
IMPACT = {Category.PLYOMETRIC, Category.POWER}


@pytest.fixture(scope="module")
def raw() -> dict[str, dict[str, object]]:
    """The shipped entries as written, to tell a stated field from a default."""
    entries = yaml.safe_load(data_file("exercises.yaml").read_text(encoding="utf-8"))
    return {e["id"]: e for e in entries}


def load_rank(ex: Exercise) -> int:
    """impact 4 > heavy lift 3 > loaded 2 > bodyweight 1 > isometric hold 0."""
    if ex.category in IMPACT:
        return 4
    if ex.heavy_lower_body:
        return 3
    return {DoseType.LOAD: 2, DoseType.TIME: 0}.get(ex.dose.type, 1)


# --------------------------------------------------------------------------- regions


def test_the_six_regions() -> None:
    assert [r.value for r in PainRegion] == [
        "foot-ankle", "achilles-calf", "knee", "hip", "hamstring", "low-back"
    ]  # fmt: skip


def test_every_shipped_exercise_states_its_regions(catalog: Catalog, raw: dict) -> None:  # type: ignore[type-arg]
    for ex_id, ex in catalog.exercises.items():
        assert "regions" in raw[ex_id], ex_id  # stated, never inferred
        assert len(set(ex.regions)) == len(ex.regions), ex_id
        if ex.category in LOWER or ex.heavy_lower_body:
            assert ex.regions, ex_id
        if ex.category is Category.UPPER_ACCESSORY:
            assert ex.regions == [], ex_id


@pytest.mark.parametrize(
    ("ex_id", "regions"),
    [
        ("pogos", {FA, AC}),
        ("single-leg-pogos", {FA, AC}),
        ("rear-foot-elevated-split-squat", {KNEE, HIP}),
        ("split-squat", {KNEE, HIP}),
        ("nordic-hamstring-curl", {HAM}),
        ("trap-bar-deadlift", {HAM, BACK, HIP, KNEE}),
        ("romanian-deadlift", {HAM, BACK, HIP}),
        ("single-leg-romanian-deadlift", {HAM, BACK, HIP}),
        ("double-calf-raise", {AC, FA}),
        ("single-leg-calf-raise", {AC, FA}),
        ("eccentric-heel-drop", {AC, FA}),
        ("front-plank", {BACK}),
        ("deadbug", set()),
        ("push-up", set()),
        ("one-arm-dumbbell-row", set()),
        ("med-ball-chest-throw", set()),
        ("copenhagen-plank", {HIP}),
    ],
)
def test_regions_of_a_few_exercises(catalog: Catalog, ex_id: str, regions: set[PainRegion]) -> None:
    assert set(catalog.exercises[ex_id].regions) == regions


def test_every_plyometric_loads_the_foot_or_the_calf(catalog: Catalog) -> None:
    for ex in catalog.exercises.values():
        if ex.category is Category.PLYOMETRIC:
            assert {FA, AC} & set(ex.regions), ex.id


# --------------------------------------------------------------------------- unloading


def test_every_loaded_or_impact_lower_body_exercise_can_be_unloaded(catalog: Catalog) -> None:
    for ex in catalog.exercises.values():
        lower = ex.category in LOWER or ex.category in IMPACT
        if (lower and ex.regions and load_rank(ex) >= 2) or ex.category is Category.PLYOMETRIC:
            assert ex.unload, ex.id


def test_unload_targets_are_lighter_and_stay_on_the_same_tissue(catalog: Catalog) -> None:
    presets = default_rulebook().equipment_presets
    for ex in catalog.exercises.values():
        targets = [catalog.exercises[t] for t in ex.unload]  # KeyError = a dangling id
        for target in targets:
            assert target.id != ex.id
            assert set(target.regions) <= set(ex.regions), (ex.id, target.id)
            assert load_rank(target) < load_rank(ex), (ex.id, target.id)
            assert not target.heavy_lower_body and target.category not in IMPACT
        if targets:
            # a runner who can do the exercise can do one of its unloading variants
            kit = set(ex.equipment) | set(presets["home"])
            assert any(set(t.equipment) <= kit for t in targets), ex.id
            if set(ex.equipment) <= NO_KIT:
                assert any(set(t.equipment) <= NO_KIT for t in targets), ex.id


@pytest.mark.parametrize(
    ("ex_id", "first"),
    [
        ("pogos", "isometric-calf-hold"),
        ("single-leg-pogos", "isometric-calf-hold"),
        ("split-squat", "split-squat-iso-hold"),
        ("rear-foot-elevated-split-squat", "split-squat-iso-hold"),
        ("single-leg-romanian-deadlift", "isometric-hip-hinge-hold"),
        ("trap-bar-deadlift", "isometric-hip-hinge-hold"),
        ("goblet-squat", "wall-sit"),
        ("step-down", "split-squat-iso-hold"),
        ("single-leg-calf-raise", "isometric-calf-hold"),
        ("nordic-hamstring-curl", "hamstring-hold-on-roller"),
    ],
)
def test_the_first_unloading_variant(catalog: Catalog, ex_id: str, first: str) -> None:
    assert catalog.exercises[ex_id].unload[0] == first


def test_w12_the_single_leg_rdl_never_unloads_to_a_heavier_hinge(catalog: Catalog) -> None:
    unload = catalog.exercises["single-leg-romanian-deadlift"].unload
    assert not {"romanian-deadlift", "kettlebell-deadlift", "trap-bar-deadlift"} & set(unload)
    assert "glute-bridge" in unload


def test_the_isometric_holds(catalog: Catalog) -> None:
    for hold in ("isometric-calf-hold", "split-squat-iso-hold", "wall-sit",
                 "isometric-hip-hinge-hold"):  # fmt: skip
        ex = catalog.exercises[hold]
        assert ex.dose.type is DoseType.TIME and ex.max_seconds == 45
        assert ex.pattern.endswith("-isometric") and not ex.heavy_lower_body
        assert ex.level.value == "beginner" and set(ex.equipment) <= NO_KIT
        assert ex.safety and "3/10" in ex.safety[0]
        assert not ex.below_step


# --------------------------------------------------------------------------- insertional Achilles


def test_below_step_exercises_have_a_flat_floor_variant(catalog: Catalog) -> None:
    below = {ex.id for ex in catalog.exercises.values() if ex.below_step}
    assert below == {"single-leg-calf-raise", "eccentric-heel-drop", "single-leg-calf-raise-towel"}
    for ex_id in below:
        flat = catalog.exercises[catalog.exercises[ex_id].flat_variant or ""]
        assert not flat.below_step and "step" not in flat.equipment
        assert flat.pattern.startswith("calf")
    flat = catalog.exercises["single-leg-calf-raise-flat"]
    assert "flat floor" in flat.cues[0].lower() and flat.tempo == "3-0-3-0"
    assert all(ex.flat_variant is None for ex in catalog.exercises.values() if not ex.below_step)


def test_insertional_safety_notes(catalog: Catalog) -> None:
    assert "insertional" in catalog.exercises["eccentric-heel-drop"].safety[0]
    assert "flat" in catalog.exercises["single-leg-calf-raise"].safety[0]
    assert "flat floor" in catalog.exercises["double-calf-raise"].safety[0]


# --------------------------------------------------------------------------- power and plyometrics


def test_power_exercises_of_10_10_are_present(catalog: Catalog) -> None:
    ex = catalog.exercises
    assert ex["squat-jump"].category is Category.PLYOMETRIC  # the jump squat
    assert ex["box-jump"].category is Category.PLYOMETRIC
    for power in ("kettlebell-swing", "trap-bar-jump", "med-ball-chest-throw",
                  "med-ball-scoop-toss"):  # fmt: skip
        assert ex[power].category is Category.POWER and ex[power].safety, power
    assert "med-ball" in ex["med-ball-chest-throw"].equipment
    assert "med-ball" in ex["med-ball-scoop-toss"].equipment
    assert "never jump off" in ex["box-jump"].safety[0]
    assert "do not jump off" in " ".join(ex["box-jump"].cues)


def test_every_plyometric_and_power_exercise_has_a_plyo_rank(catalog: Catalog, raw: dict) -> None:  # type: ignore[type-arg]
    for ex in catalog.exercises.values():
        assert (ex.plyo_rank is not None) == (ex.category in IMPACT), ex.id
        assert ("plyo_rank" in raw[ex.id]) == (ex.category in IMPACT), ex.id


def test_plyometric_order_follows_10_10(catalog: Catalog) -> None:
    rank = {i: e.plyo_rank for i, e in catalog.exercises.items() if e.plyo_rank is not None}
    assert rank["jump-rope"] == min(r for i, r in rank.items() if i in _plyos(catalog))
    assert rank["pogos"] < rank["single-leg-pogos"]  # two-leg before one-leg
    assert rank["pogos"] < rank["lateral-line-hops"] < rank["skater-bounds"]  # in place first
    assert rank["single-leg-pogos"] < rank["hop-and-stick"] < rank["bounding"]
    assert rank["box-jump"] < rank["drop-jump"]  # low box before higher box
    assert rank["drop-jump"] == max(r for i, r in rank.items() if i in _plyos(catalog))
    for ex in catalog.exercises.values():
        nxt = catalog.get(ex.progression or "")
        if ex.plyo_rank and nxt is not None and nxt.plyo_rank and nxt.category is ex.category:
            assert nxt.plyo_rank >= ex.plyo_rank, (ex.id, nxt.id)
        if ex.category is Category.PLYOMETRIC and nxt is not None and nxt.plyo_rank:
            assert nxt.intensity >= ex.intensity


def _plyos(catalog: Catalog) -> set[str]:
    return {i for i, e in catalog.exercises.items() if e.category is Category.PLYOMETRIC}


# --------------------------------------------------------------------------- limits and notes


def test_every_exercise_has_limits_at_or_above_its_dose(catalog: Catalog) -> None:
    for ex in catalog.exercises.values():
        assert ex.max_sets is not None and ex.max_sets >= ex.dose.sets[1], ex.id
        if ex.dose.reps is not None:
            assert ex.max_reps is not None and ex.max_reps >= ex.dose.reps[1], ex.id
        if ex.dose.contacts is not None:
            assert ex.max_contacts is not None and ex.max_contacts >= ex.dose.contacts[1], ex.id
        else:
            assert ex.max_contacts is None, ex.id


def test_plyometric_sets_stay_short(catalog: Catalog) -> None:
    """W6: long sets lose quality; per set, pogos stay within 25 and one-leg work within 15."""
    ex = catalog.exercises
    assert ex["pogos"].max_contacts == 25
    assert ex["single-leg-pogos"].max_contacts == 15
    for e in ex.values():
        if e.category is Category.PLYOMETRIC and e.id != "jump-rope":
            assert e.max_contacts is not None and e.max_contacts <= 25, e.id
            assert e.max_sets is not None and e.max_sets <= 4, e.id


def test_safety_notes_are_short_sentences(catalog: Catalog) -> None:
    for ex in catalog.exercises.values():
        assert len(ex.safety) <= 2, ex.id
        assert all(0 < len(note) <= 90 and not note.endswith(".") for note in ex.safety), ex.id


# --------------------------------------------------------------------------- user catalogs


def entry(ex_id: str = "my-hop", **fields: str) -> str:
    body = {
        "name": f"My {ex_id}",
        "category": "plyometric",
        "order_rank": "1",
        "pattern": "hop",
        "laterality": "bilateral",
        "equipment": "[none]",
        "level": "beginner",
        "dose": "{type: contacts, sets: [2, 3], contacts: [10, 20]}",
        "cues": '["Hop lightly"]',
        "video": "https://www.youtube.com/results?search_query=hop",
    }
    body.update(fields)
    return f"- id: {ex_id}\n" + "".join(f"  {k}: {v}\n" for k, v in body.items())


def problems(tmp_path: Path, text: str) -> list[str]:
    path = tmp_path / "mine.yaml"
    path.write_text(text, encoding="utf-8")
    return [p.removeprefix(f"{path}:") for p in check_catalog(path)]


def test_a_user_entry_without_regions_gets_them_from_its_category(tmp_path: Path) -> None:
    path = tmp_path / "mine.yaml"
    path.write_text(
        entry()
        + entry("my-hinge", category="posterior-chain", order_rank="4", pattern="hinge",
                dose="{type: reps, sets: [2, 3], reps: [8, 10]}")
        + entry("my-row", category="upper-accessory", order_rank="4", pattern="pull",
                dose="{type: reps, sets: [2, 3], reps: [8, 10]}"),
        encoding="utf-8",
    )  # fmt: skip
    ex = load_catalog([path]).exercises
    assert ex["my-hop"].regions == [FA, AC, KNEE]
    assert ex["my-hinge"].regions == [HAM, HIP, BACK]
    assert ex["my-row"].regions == []
    assert ex["my-hop"].unload == [] and ex["my-hop"].max_sets is None


@pytest.mark.parametrize(
    ("fields", "problem"),
    [
        ({"regions": "[]"}, "12: exercises[0].regions: a plyometric exercise must name the pain "
         "regions it loads"),
        ({"regions": "[calf]"}, "12: exercises[0].regions[0]: Input should be 'foot-ankle', "
         "'achilles-calf', 'knee', 'hip', 'hamstring' or 'low-back'"),
        ({"unload": "[isometric-calf-hld]"}, "12: exercises[0].unload[0]: unknown exercise "
         "'isometric-calf-hld'; did you mean 'isometric-calf-hold'?"),
        ({"unload": "[isometric-calf-hold, my-hop]"}, "12: exercises[0].unload[1]: an exercise "
         "cannot unload itself"),
        ({"regions": "[foot-ankle]", "unload": "[wall-sit]"}, "13: exercises[0].unload[0]: "
         "'wall-sit' loads knee, which this exercise does not"),
        ({"category": "calf-foot-ankle", "order_rank": "4", "pattern": "calf",
          "dose": "{type: reps, sets: [2, 3], reps: [10, 15]}", "unload": "[pogos]"},
         "12: exercises[0].unload[0]: 'pogos' is no lighter (impact) than this exercise "
         "(bodyweight work); name an isometric hold or a lighter variant"),
        ({"below_step": "true", "flat_variant": "eccentric-heel-drop"}, "13: exercises[0]."
         "flat_variant: flat variant 'eccentric-heel-drop' is itself done below step level"),
        ({"flat_variant": "no-such-thing"}, "12: exercises[0].flat_variant: unknown exercise "
         "'no-such-thing'"),
        ({"max_contacts": "15"}, "12: exercises[0].max_contacts: max_contacts 15 is below the "
         "dose's own top (20)"),
        ({"max_sets": "2"}, "12: exercises[0].max_sets: max_sets 2 is below the dose's own top "
         "(3)"),
        ({"plyo_rank": "11", "progression": "pogos"}, "12: exercises[0].plyo_rank: progression "
         "'pogos' has a lower plyo_rank (2) than this exercise (11)"),
    ],
)  # fmt: skip
def test_v2_problems_name_line_and_field(
    tmp_path: Path, fields: dict[str, str], problem: str
) -> None:
    assert problems(tmp_path, entry(**fields)) == [problem]


def test_a_user_entry_may_unload_to_a_shipped_hold(tmp_path: Path) -> None:
    text = entry(regions="[foot-ankle, achilles-calf]", unload="[isometric-calf-hold]")
    assert problems(tmp_path, text) == []
