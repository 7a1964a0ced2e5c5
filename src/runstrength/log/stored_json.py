"""A stored profile or plan read back without pydantic.

Every command that opens the log (`next`, `log`, `plan` with a log) reads the saved
profile and the active plan once, and importing pydantic and building its validator
would cost it ~30 ms. What the log stores is what `model_dump_json` wrote, so `read_exact`
reads it with `cache.rebuild` (every value's type checked against the models, each
model's `before` hook applied, as for the start-up cache), then checks the fields'
`Bounds`. It reads only models whose checks it knows all of (`_known_checks`); anything
else, and any record not exactly as written, returns None, and pydantic's validation
decides, with its reason. tests/test_saved_plan_read.py holds it equal to validation and
never laxer.
"""

from __future__ import annotations

import json
import typing
from typing import Annotated, Any, TypeVar

from runstrength.values import Bounds, Value

M = TypeVar("M", bound=Value)


def read_exact(model: type[M], raw: str) -> M | None:
    """`raw` as `model`, when it is exactly what `model_dump_json` writes and within every
    bound the model declares; otherwise None (leave it to validation)."""
    bounds = _known_checks(model)
    if bounds is None:
        return None
    from runstrength.cache import rebuild

    try:
        value = rebuild(model, json.loads(raw, parse_constant=_no_constant))
    except (ValueError, TypeError, RecursionError):
        return None
    if not isinstance(value, model):
        return None
    for name, bound in bounds:
        field = getattr(value, name)
        if field is not None and not bound.holds(field):
            return None
    return value


def _no_constant(name: str) -> Any:
    """NaN and Infinity are not what runstrength writes: leave them to validation."""
    raise ValueError(name)


_CHECKS: dict[type[Value], tuple[tuple[str, Bounds], ...] | None] = {}


def _known_checks(model: type[Value]) -> tuple[tuple[str, Bounds], ...] | None:
    """`_checks(model)`, worked out once per model."""
    if model not in _CHECKS:
        _CHECKS[model] = _checks(model)
    return _CHECKS[model]


def _checks(model: type[Value]) -> tuple[tuple[str, Bounds], ...] | None:
    """(field, bounds) for each bounded field of `model`, when its only checks beyond the
    types are its `before` hook and plain `Bounds` on its own fields; None otherwise. A
    model it contains may have no checks at all."""
    if model.after is not None:
        return None
    bounds: list[tuple[str, Bounds]] = []
    for name, annotation in typing.get_type_hints(model, include_extras=True).items():
        if name not in model._skeleton:
            continue
        checks = _metadata(annotation)
        if not all(isinstance(check, Bounds) for check in checks):
            return None
        bounds.extend((name, check) for check in checks)
        if not all(_unchecked(inner) for inner in _models_in(annotation)):
            return None
    return tuple(bounds)


def _unchecked(model: type[Value]) -> bool:
    """Whether `model`, and every model inside it, has no check beyond its types."""
    if model.before is not None or model.after is not None:
        return False
    hints = typing.get_type_hints(model, include_extras=True)
    return all(
        not _metadata(hints[name]) and all(_unchecked(inner) for inner in _models_in(hints[name]))
        for name in model._skeleton
    )


def _metadata(annotation: Any) -> list[Any]:
    """Every `Annotated` check an annotation holds (`Annotated[int, Bounds(...)] | None`)."""
    found = []
    if typing.get_origin(annotation) is Annotated:
        found.extend(annotation.__metadata__)
        annotation = typing.get_args(annotation)[0]
    for arg in typing.get_args(annotation):
        found.extend(_metadata(arg))
    return found


def _models_in(annotation: Any) -> list[type[Value]]:
    """The models an annotation holds (`list[Week]`, `Warmup | None`, …)."""
    if isinstance(annotation, type) and issubclass(annotation, Value):
        return [annotation]
    return [m for arg in typing.get_args(annotation) for m in _models_in(arg)]
