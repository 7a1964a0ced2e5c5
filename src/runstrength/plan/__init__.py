"""The planner: Profile + Catalog + Rulebook -> Plan, pure and clock-free.

`generate_plan` is imported on first use, so the planner's pure rules (`plan.rules`) stay
cheap to import for the training log.
"""

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from runstrength.plan.build import generate_plan

__all__ = ["generate_plan"]


def __getattr__(name: str) -> object:
    if name == "generate_plan":
        from runstrength.plan.build import generate_plan

        return generate_plan
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
