"""model_json (orjson) writes what pydantic's `model_dump_json` writes, byte for byte, for
every way a plan or a profile is made (generated, validated, read back from the log, from
flags), and the CLI's dumps never build pydantic's serializer."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from runstrength.inputs import ProfileFlags
from runstrength.log.stored_json import read_exact
from runstrength.model_json import plan_json, plan_json_bytes, profile_json
from runstrength.models import Plan, Profile

from grid import make, profiles
from helpers import pydantic_builds
from sample_plan import sample_plan


def assert_plan_dumps_alike(plan: Plan) -> None:
    for indent in (None, 2):
        assert plan_json(plan, indent=indent) == plan.model_dump_json(indent=indent)
    with_newline = plan_json_bytes(plan, indent=2, newline=True)
    assert with_newline == (plan.model_dump_json(indent=2) + "\n").encode()


@settings(deadline=None, max_examples=60, suppress_health_check=[HealthCheck.too_slow])
@given(profiles())
def test_a_generated_plan_and_the_same_plan_read_back_dump_alike(profile: Any) -> None:
    """Generated plans hold warnings with non-ASCII text, dates, enums, float volumes;
    read back from the log (`read_exact`) and validated, their field dicts are built
    another way."""
    plan = make(profile)
    assert_plan_dumps_alike(plan)
    raw = plan.model_dump_json()
    for again in (read_exact(Plan, raw), Plan.model_validate_json(raw)):
        assert again is not None
        assert_plan_dumps_alike(again)


@pytest.mark.parametrize("dated", [True, False])
def test_the_sample_plans_dump_alike(dated: bool) -> None:
    """Loads with values and units, a logged session, why-notes, undated sessions."""
    assert_plan_dumps_alike(sample_plan(dated=dated))


@settings(deadline=None, max_examples=60)
@given(profiles())
def test_a_profile_dumps_alike_however_it_was_made(profile: Profile) -> None:
    raw = profile.model_dump_json()
    assert profile_json(profile) == raw
    for again in (read_exact(Profile, raw), Profile.model_validate_json(raw)):
        assert again is not None
        assert profile_json(again) == again.model_dump_json() == raw


@settings(deadline=None, max_examples=40)
@given(
    st.sampled_from(["off", "pre", "in", "taper"]),
    st.sampled_from(["25mi", "40km", "0km", "130.5km"]),
    st.sampled_from(["2", "3"]),
    st.lists(st.sampled_from(["itbs", "pf", "bone"]), max_size=2, unique=True),
    st.sampled_from([None, "tue,thu", "monday"]),
)
def test_a_profile_from_flags_dumps_alike(
    season: str, volume: str, days: str, injuries: list[str], hard: str | None
) -> None:
    """The CLI's profile is made from the flag parsers' values (`Profile.of_parsed`)."""
    flags = ProfileFlags(
        season=season, volume=volume, days=days, injuries=tuple(injuries), hard_days=hard
    )
    profile = flags.profile()
    assert profile_json(profile) == profile.model_dump_json()


def test_an_indent_other_than_two_is_refused() -> None:
    """orjson indents by two only: any other indent is a caller's mistake, said at once."""
    with pytest.raises(ValueError, match="indent 4"):
        plan_json(sample_plan(), indent=4)


def test_non_finite_numbers_are_written_as_null_as_pydantic_writes_them() -> None:
    """No model's checks let one through, but the two writers agree on them too."""
    plan = sample_plan()
    odd = plan.model_copy(
        update={"inputs": plan.inputs.model_copy(update={"weekly_volume": float("nan")})}
    )
    assert plan_json(odd) == odd.model_dump_json()
    assert '"weekly_volume":null' in plan_json(odd)


@pytest.mark.parametrize(
    "args", [["plan", "--season", "off", "-f", "json"], ["plan", "--season", "off", "--save"]]
)
def test_the_cli_builds_no_plan_serializer(tmp_path: Path, args: list[str]) -> None:
    """The point: `plan --format json` and `plan --save` dump once, without building
    Plan's serializer (~100 M instructions), nor Profile's for a profile of flags alone
    (a first --save: nothing saved yet to merge with and validate). With the start-up
    cache made (the first run validates the catalog), pydantic is not even imported:
    pydantic_core writes the JSON."""
    run, built = pydantic_builds(tmp_path / "cold", *args, today="2026-12-07")
    assert {"Plan", "Profile"}.isdisjoint(built["adapters"].split(",")), run.stderr
    pydantic_builds(tmp_path, "plan", "-f", "md", today="2026-12-07")  # the cache, no log
    run, built = pydantic_builds(tmp_path, *args, today="2026-12-07")
    assert (built["adapters"], built["pydantic"]) == ("", "False"), run.stderr
    assert "Week 1" in run.stdout or '"schema_version": 1' in run.stdout, run.stdout[:300]
