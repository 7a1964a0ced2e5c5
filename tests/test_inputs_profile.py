"""Profile.of_parsed (no pydantic validator) equals Profile.model_validate for every value the
flag parsers accept: the parsers are the checks, so the shortcut can never let through what
validation would refuse, nor build a different profile."""

from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from runstrength.errors import InvalidProfile
from runstrength.inputs import FLAGS, ProfileFlags, validated_profile
from runstrength.models import Profile

from helpers import pydantic_builds

# Per flag: values a runner types (good, bad and on the edges), plus any text.
SAMPLES: dict[str, list[str]] = {
    "season": ["off", "PRE", " in ", "taper", "winter", ""],
    "volume": ["0", "40", "40km", "25 miles", "248.5mi", "400", "401", "-5", "1e3", "40 parsecs"],
    "days": ["1", "2", "3", " 3", "0", "4", "two"],
    "weeks": ["1", "12", "52", "53", "0", "-1", "1.5", "٣"],
    "level": ["novice", "Intermediate", "advanced", "elite"],
    "equipment": ["gym", "home", "none", "dumbbells, box", "barbell,,trap-bar", " , "],
    "start": ["2026-12-07", "1900-01-01", "2100-12-31", "2101-01-01", "2026-02-30", "tomorrow"],
    "race_date": ["2027-04-18", "2026-12-10", "1899-12-31", "18/04/2027"],
    "race_distance": ["5k", "10K", "half", "marathon", "ultra", "mile"],
    "hard_days": ["tue,thu", "Tuesday, Thursday", "mon,mon", "", "tu", "sun,sat,fri"],
    "long_run_day": ["sun", "Saturday", "someday", "mo"],
    "load_unit": ["kg", "LB", "stone"],
}


def _value(name: str) -> st.SearchStrategy[str]:
    return st.sampled_from(SAMPLES[name]) | st.text(max_size=12)


_injuries = st.lists(
    st.sampled_from(["achilles", "pf", "mtss,pfps", "bone", "itbs", "unknown-tag"]) | st.text(),
    max_size=3,
).map(tuple)
_optional: dict[str, st.SearchStrategy[Any]] = {name: _value(name) for name in SAMPLES}
_optional["injuries"] = _injuries
_flags = st.fixed_dictionaries({}, optional=_optional).map(lambda given: ProfileFlags(**given))


def _same(fast: Profile, checked: Profile) -> None:
    assert fast == checked
    assert list(fast.__dict__) == list(checked.__dict__)  # field order: the JSON's order
    # the same types too (== holds 40 == 40.0; the JSON does not)
    assert [type(v) for v in fast.__dict__.values()] == [type(v) for v in checked.__dict__.values()]
    assert fast.model_dump_json() == checked.model_dump_json()


@settings(max_examples=400, deadline=None)
@given(_flags)
def test_a_parsed_profile_is_the_validated_one(flags: ProfileFlags) -> None:
    try:
        fields = flags.fields()
    except InvalidProfile:
        return  # refused by a parser: nothing reaches a Profile
    _same(Profile.of_parsed(fields), validated_profile(fields))
    _same(flags.profile(), validated_profile(fields))


def test_every_flag_is_sampled() -> None:
    assert {f.name for f in FLAGS} == set(SAMPLES) | {"injuries"}


def test_no_flags_is_the_default_profile_with_the_level_not_given() -> None:
    profile = Profile.of_parsed({})
    _same(profile, validated_profile({}))
    assert profile.level_given is False


@pytest.mark.parametrize(
    "flags",
    [
        ProfileFlags(season="in", volume="90km", days="2", level="advanced"),
        ProfileFlags(race_date="2027-04-18", race_distance="marathon", hard_days="tue,thu"),
        ProfileFlags(equipment="dumbbells,box", injuries=("achilles", "pf,bone"), weeks="8"),
        ProfileFlags(volume="25mi", load_unit="lb", start="2026-12-07", long_run_day="sun"),
    ],
)
def test_runners_profiles(flags: ProfileFlags) -> None:
    fields: dict[str, Any] = flags.fields()
    _same(flags.profile(), validated_profile(fields))


def test_a_first_save_builds_no_pydantic_validator(tmp_path: Path) -> None:
    """The point of `of_parsed` in the CLI: the first `plan --save` (nothing saved yet to
    merge with) builds no pydantic validator, so pydantic never loads its plugin machinery
    (importlib.metadata, ~20 ms of a start-up). A plain `plan` before it fills the
    start-up cache (which validates the rules) and, making no log, takes the same path."""
    first = ("plan", "--season", "off", "--volume", "50km", "--format", "md")
    run, built = pydantic_builds(tmp_path, *first, today="2026-12-07")
    assert run.returncode == 0 and not (tmp_path / "log.db").exists(), run.stderr
    run, built = pydantic_builds(tmp_path, *first, today="2026-12-07")
    assert (built["pydantic"], built["plugins"]) == ("False", "False"), run.stderr
    run, built = pydantic_builds(tmp_path, *first[:5], "--save", today="2026-12-07")
    assert run.returncode == 0 and (tmp_path / "log.db").exists(), run.stderr
    assert (built["pydantic"], built["plugins"]) == ("False", "False"), run.stderr
    assert "50 km" in run.stdout, run.stdout[:400]


def test_a_saved_profile_is_still_validated(tmp_path: Path) -> None:
    """What the log holds is not a parser's output: `plan` over a saved profile validates
    the merged values (a tampered profile must fail as a one-line error, not pass)."""
    pydantic_builds(tmp_path, "plan", "--season", "off", "--save", today="2026-12-07")
    run, built = pydantic_builds(tmp_path, "plan", "--format", "md", today="2026-12-07")
    assert run.returncode == 0, run.stderr
    assert "Profile" in built["adapters"].split(","), run.stderr
