"""The plan as JSON: the public contract of docs/plan-json.md."""

from __future__ import annotations

from typing import TYPE_CHECKING

from runstrength.models import Plan

if TYPE_CHECKING:
    from runstrength.render import RenderOptions


def render(plan: Plan, options: RenderOptions) -> str:
    """The plan as indented JSON (fields as the models declare them), ending with a newline."""
    # pydantic writes fields in declaration order, which is the contract's order, and
    # non-ASCII text as UTF-8; it is several times faster than json.dumps(model_dump()).
    return plan.model_dump_json(indent=2) + "\n"
