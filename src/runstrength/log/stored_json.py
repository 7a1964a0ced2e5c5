"""A stored profile or plan read back without building pydantic's validator.

Building a model's validator costs a command ~10–30 ms the first time in a process, and
every command that opens the log (`next`, `log`, `plan` with a log) reads the saved
profile and the active plan once. What the log stores is what `model_dump_json` wrote,
so `read_exact` reads it with `cache.rebuild` (every value's type checked against the
models, as for the start-up cache), then applies the checks validation would add: the
Profile's level default (`models.with_level_default`) and its fields' bounds. It reads
only models whose checks it knows all of (`_known_checks`); anything else, and any record
not exactly as written, returns None, and pydantic's validation decides, with its reason.
tests/test_saved_plan_read.py holds it equal to validation and never laxer.
"""

from __future__ import annotations

import functools
import json
import typing
from collections.abc import Callable
from typing import Any, TypeVar

from pydantic import BaseModel

from runstrength.models import Profile, with_level_default

M = TypeVar("M", bound=BaseModel)
# The model validators read_exact applies itself: (model, validator name) -> the function
# it calls on the raw data, as the "before" validator does.
_APPLIED: dict[tuple[type[BaseModel], str], Callable[[Any], Any]] = {
    (Profile, "_level_default"): with_level_default,
}


def read_exact(model: type[M], raw: str) -> M | None:
    """`raw` as `model`, when it is exactly what `model_dump_json` writes and within every
    bound the model declares; otherwise None (leave it to validation)."""
    bounds = _known_checks(model)
    if bounds is None:
        return None
    from runstrength.cache import rebuild

    try:
        data = json.loads(raw, parse_constant=_no_constant)
        for name in model.__pydantic_decorators__.model_validators:
            data = _APPLIED[model, name](data)
        value = rebuild(model, data)
    except (ValueError, TypeError, RecursionError):
        return None
    if not isinstance(value, model):
        return None
    for name, low, high in bounds:
        field = getattr(value, name)
        if field is None:
            continue
        if (low is not None and not field >= low) or (high is not None and not field <= high):
            return None
    return value


def _no_constant(name: str) -> Any:
    """NaN and Infinity are not what runstrength writes: leave them to validation."""
    raise ValueError(name)


@functools.cache
def _known_checks(model: type[BaseModel]) -> tuple[tuple[str, Any, Any], ...] | None:
    """(field, lowest, highest) for each bounded field of `model`, when its validators are
    the ones `read_exact` applies and its bounds are plain ≥ / ≤; None otherwise. A model it
    contains may have no checks at all."""
    import annotated_types

    decorators = model.__pydantic_decorators__
    if decorators.field_validators or any(
        (model, name) not in _APPLIED for name in decorators.model_validators
    ):
        return None
    bounds = []
    for name, info in model.model_fields.items():
        low = high = None
        for check in info.metadata:
            if isinstance(check, annotated_types.Ge):
                low = check.ge
            elif isinstance(check, annotated_types.Le):
                high = check.le
            else:
                return None
        if low is not None or high is not None:
            bounds.append((name, low, high))
        if not all(_unchecked(inner) for inner in _models_in(info.annotation)):
            return None
    return tuple(bounds)


def _unchecked(model: type[BaseModel]) -> bool:
    """Whether `model`, and every model inside it, has no check beyond its types."""
    decorators = model.__pydantic_decorators__
    if decorators.field_validators or decorators.model_validators:
        return False
    return all(
        not info.metadata and all(_unchecked(inner) for inner in _models_in(info.annotation))
        for info in model.model_fields.values()
    )


def _models_in(annotation: Any) -> list[type[BaseModel]]:
    """The pydantic models an annotation holds (`list[Week]`, `Warmup | None`, …)."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return [annotation]
    return [m for arg in typing.get_args(annotation) for m in _models_in(arg)]
