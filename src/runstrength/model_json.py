"""The JSON of a plan or a profile, without building pydantic's serializer for one dump.

pydantic builds a model's serializer on its first `model_dump_json`: for `Plan` that is
about 100 M instructions (~15–30 ms), most of `plan --format json` and of `plan --save`
beyond the plan itself, and a CLI run dumps once. So a process's first dumps walk the
frozen models' field dicts (pydantic writes fields in that order too) and hand the plain
values to `pydantic_core.to_json`, which writes the same bytes: tests hold the two equal
over the property grid's plans and profiles. Past `WALK_FIRST` dumps of a class (a
roster's workers make hundreds) the built serializer is cheaper per dump (the default
plan: ~13 M instructions against ~22 M walked), so it is built and used from then on.

A nested model the walk does not unpack is still written right: `to_json` serialises it
with its own serializer (at that class's build cost).
"""

from __future__ import annotations

from typing import Any

import pydantic_core

from runstrength.models import Plan, Prescription, Profile, Session, Week

WALK_FIRST = 8  # dumps of a class walked before its serializer is built (break-even ~10)
_walked: dict[type, int] = {}


def plan_json(plan: Plan, *, indent: int | None = None) -> str:
    """`plan.model_dump_json(indent=indent)`, byte for byte."""
    return walked_plan_json(plan, indent) if _walk(Plan) else plan.model_dump_json(indent=indent)


def profile_json(profile: Profile) -> str:
    """`profile.model_dump_json()`, byte for byte."""
    return walked_profile_json(profile) if _walk(Profile) else profile.model_dump_json()


def walked_plan_json(plan: Plan, indent: int | None = None) -> str:
    """The plan's JSON by walking its field dicts (`plan_json` decides when)."""
    fields = plan.__dict__.copy()
    fields["generator"] = plan.generator.__dict__
    fields["inputs"] = plan.inputs.__dict__
    fields["weeks"] = [_week(w) for w in plan.weeks]
    return _dumped(fields, indent)


def walked_profile_json(profile: Profile) -> str:
    """The profile's JSON from its field dict: it holds no nested model."""
    return _dumped(profile.__dict__, None)


def _walk(cls: type) -> bool:
    """Whether this dump of `cls` walks (and counts it)."""
    done = _walked.get(cls, 0)
    if done >= WALK_FIRST:
        return False
    _walked[cls] = done + 1
    return True


def _dumped(fields: dict[str, Any], indent: int | None) -> str:
    # pydantic's defaults for these models: NaN and infinities as null (none pass the
    # models' checks, but the two paths must agree on anything)
    return pydantic_core.to_json(fields, indent=indent, inf_nan_mode="null").decode()


def _week(w: Week) -> dict[str, Any]:
    fields = w.__dict__.copy()
    fields["sessions"] = [_session(s) for s in w.sessions]
    return fields


def _session(s: Session) -> dict[str, Any]:
    fields = s.__dict__.copy()
    fields["exercises"] = [_prescription(p) for p in s.exercises]
    if s.warmup is not None:
        warmup = fields["warmup"] = s.warmup.__dict__.copy()
        warmup["ramp"] = [r.__dict__ for r in s.warmup.ramp]
    return fields


def _prescription(p: Prescription) -> dict[str, Any]:
    fields = p.__dict__.copy()
    fields["load"] = p.load.__dict__
    return fields
