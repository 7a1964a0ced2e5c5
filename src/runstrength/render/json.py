"""The plan as JSON: the public contract in shared/docs/plan-json.md."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

from runstrength.models import Plan

if TYPE_CHECKING:
    from runstrength.render import RenderOptions


def render(plan: Plan, options: RenderOptions) -> str:
    """The plan as indented JSON in the contract's key order, ending with a newline."""
    # model_dump keeps field order, which is the contract's order; sort_keys would break it.
    data = plan.model_dump(mode="json")
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"
