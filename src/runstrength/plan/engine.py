"""The planner's old entry point, kept for importers: see `runstrength.plan.build`."""

from runstrength.kit import resolve_kit
from runstrength.plan.build import generate_plan

__all__ = ["generate_plan", "resolve_kit"]
