"""The plan as JSON: the public contract of docs/plan-json.md."""

from __future__ import annotations

from typing import TYPE_CHECKING

from runstrength.model_json import plan_json
from runstrength.models import Plan

if TYPE_CHECKING:
    from runstrength.render import RenderOptions


def render(plan: Plan, options: RenderOptions) -> str:
    """The plan as indented JSON (fields as the models declare them), ending with a newline."""
    # pydantic's JSON (model_json: without building its serializer for one plan) lists
    # fields in declaration order, the contract's order, and writes non-ASCII as UTF-8.
    return plan_json(plan, indent=2) + "\n"
