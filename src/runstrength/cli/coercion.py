"""typer's value coercion, minus a pydantic TypeAdapter for values that need none.

typer (0.29) coerces every parameter's value through a pydantic TypeAdapter that it builds
the first time the parameter is processed, an option left out (value None) included:
`plan --season off` built ~25 adapters, ~20 ms or a tenth of a bare typer start-up, to
pass two strings through. Here an absent value, a string for a `str` option and strings
for a `list[str]` one pass straight through, as typer's adapter would return them, a
string for an `int` one is read here (with a plain error for one that is no number), and
text for a `Path` or `list[Path]` one becomes a Path here when typer would make nothing
else of it (a path option alone imported pydantic: ~65 ms of `plan -o plan.pdf` or a
roster's start); every other value (a float, a flag, a path typer must refuse) still goes
through typer's own coercion, errors and all.
"""

import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

try:  # typer's private API (0.29): without it, every parameter keeps typer's coercion
    from typer._coercion import build_runtime_param as _typer_coercion
except ImportError:  # pragma: no cover - another typer
    _typer_coercion: Callable[[Any], Any] | None = None  # type: ignore[no-redef]

# The annotations typer keeps for `list[str] | None` and `list[Path] | None` options:
# Optional is already unwrapped.
_STR_LIST = list[str]
_PATH_LIST = list[Path]


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
        if annotation is Path and isinstance(value, str):
            path = _plain_path(value, param.type_descriptor.parameter_info)
            if path is not None:
                return path
        if (
            annotation == _PATH_LIST
            and isinstance(value, list | tuple)
            and all(isinstance(item, str) for item in value)
        ):
            return [Path(item) for item in value]  # typer's adapter: pydantic's Path(item)
        if self._typer is None:
            assert _typer_coercion is not None  # lean() installs none without it
            self._typer = _typer_coercion(param.type_descriptor)
        return self._typer.coerce(value, param=param, ctx=ctx)


def _plain_path(value: str, info: Any) -> Path | None:
    """A `Path` option's text as typer's path coercion makes it, for a parameter with none
    of typer's path checks asked (`exists`, `dir_okay=False`, …: none of ours asks one):
    `Path(value)`, once the one check typer still makes by default has passed (an
    existing path must be readable). None where typer's own coercion must speak (its
    error for an unreadable path, a NUL in the name, a parameter that asks for more)."""
    plain = (
        getattr(info, "parser", None) is None
        and getattr(info, "path_type", None) is None
        and not getattr(info, "exists", True)
        and getattr(info, "file_okay", False)
        and getattr(info, "dir_okay", False)
        and getattr(info, "readable", False)
        and not getattr(info, "writable", True)
        and not getattr(info, "resolve_path", True)
        and not getattr(info, "allow_dash", True)
    )
    if not plain or "\0" in value:
        return None
    path = Path(value)
    try:
        os.stat(path)
    except OSError:
        return path  # typer returns a path that is not there as it is
    except ValueError:
        return None
    return path if os.access(path, os.R_OK) else None


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
