"""typer's value coercion, minus a pydantic TypeAdapter for values that need none.

typer (0.29) coerces every parameter's value through a pydantic TypeAdapter that it builds
the first time the parameter is processed, an option left out (value None) included:
`plan --season off` built ~25 adapters, ~20 ms or a tenth of a bare typer start-up, to
pass two strings through. Here an absent value, a string for a `str` option and strings
for a `list[str]` one pass straight through, as typer's adapter would return them, and a
string for an `int` one is read here (with a plain error for one that is no number);
every other value (a path, a float, a flag) still goes through typer's own coercion,
errors and all.
"""

from collections.abc import Callable
from typing import Any

try:  # typer's private API (0.29): without it, every parameter keeps typer's coercion
    from typer._coercion import build_runtime_param as _typer_coercion
except ImportError:  # pragma: no cover - another typer
    _typer_coercion: Callable[[Any], Any] | None = None  # type: ignore[no-redef]

# The annotation typer keeps for a `list[str] | None` option: Optional is already unwrapped.
_STR_LIST = list[str]


class _Lean:
    """Stands in for a parameter's runtime coercion (typer asks `.coerce(value, …)`)."""

    __slots__ = ("_typer",)

    def __init__(self) -> None:
        self._typer: Any = None  # typer's own, built only for a value that needs it

    def coerce(self, value: Any, param: Any, ctx: Any) -> Any:
        if value is None:
            return () if param.multiple or param.nargs == -1 else None
        annotation = param.type_descriptor.annotation
        if annotation is str and isinstance(value, str):
            return value
        if annotation is int and isinstance(value, str):
            return _whole_number(value, param, ctx)
        if (
            annotation == _STR_LIST
            and isinstance(value, list | tuple)
            and all(isinstance(item, str) for item in value)
        ):
            return list(value)
        if self._typer is None:
            assert _typer_coercion is not None  # lean() installs none without it
            self._typer = _typer_coercion(param.type_descriptor)
        return self._typer.coerce(value, param=param, ctx=ctx)


def _whole_number(value: str, param: Any, ctx: Any) -> int:
    """An int option's or argument's text as typer's adapter reads it (spaces around, a
    sign and a zero fraction allowed), or a one-line error in plain words (pydantic's
    were "Input should be a valid integer, unable to parse string as an integer")."""
    text = value.strip()
    whole, dot, zeros = text.partition(".")  # "3.0" is 3 to typer's adapter too
    digits = whole[1:] if whole[:1] in "+-" else whole
    if (
        digits.isascii()
        and digits.isdigit()
        and len(digits) <= 4000
        and (not dot or (zeros.isascii() and zeros.isdigit() and not zeros.strip("0")))
    ):
        return int(whole)
    from typer._click.exceptions import UsageError

    from runstrength.numbers import shown

    # an option by its first flag; an argument by its metavar, as the usage line shows it
    # (ID, not the code's `session_id`: the hostile-input QA run)
    if getattr(param, "param_type_name", "") == "argument":
        name = str(getattr(param, "metavar", None) or param.name).upper()
    else:
        opts = getattr(param, "opts", None)
        name = opts[0] if opts else str(param.name)
    raise UsageError(f"{name}: {shown(value, 40)} is not a whole number", ctx)


def lean(command: Any, ctx: Any) -> None:
    """Give each of `command`'s typer parameters, its --help among them, the lean coercion
    (once). A parameter that does not look like typer 0.29's keeps its own."""
    if _typer_coercion is None:
        return
    params = [*getattr(command, "params", ()), command.get_help_option(ctx)]
    for param in params:
        if getattr(param, "_runtime_param", False) is None and hasattr(param, "type_descriptor"):
            param._runtime_param = _Lean()
