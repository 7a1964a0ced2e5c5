"""The plan as JSON: the public contract of docs/plan-json.md."""

from __future__ import annotations

from typing import TYPE_CHECKING

from runstrength.model_json import plan_json_bytes
from runstrength.models import Plan

if TYPE_CHECKING:
    from runstrength.render import RenderOptions


def render(plan: Plan, options: RenderOptions) -> bytes:
    """The plan as indented JSON (fields as the models declare them), ending with a newline,
    as UTF-8 bytes (the text is ready to write: see `plan_json_bytes`)."""
    # pydantic's JSON, by orjson (model_json): fields in declaration order, the contract's
    # order, and non-ASCII as UTF-8.
    return plan_json_bytes(plan, indent=2, newline=True)
