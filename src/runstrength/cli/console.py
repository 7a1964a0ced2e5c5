"""The one place the CLI decides about colour and terminal width, and builds rich Consoles.

Colour is off when `--no-color` was given, `$NO_COLOR` is set (https://no-color.org),
`$TERM` is `dumb`, or the stream is not a terminal; every command that prints styled
text builds its Console with `make_console()` and prints one-line warnings with `warn()`.

Only the stdlib is imported at the top: rich is imported when a Console is built.
"""

from __future__ import annotations

import os
import sys
from typing import TYPE_CHECKING, Literal, TextIO

if TYPE_CHECKING:
    from rich.console import Console

NO_COLOR_FLAG = "--no-color"
_state = {"no_color_flag": False}


def set_no_color(value: bool) -> None:
    """Record the global `--no-color` flag (the root command calls this on every run)."""
    _state["no_color_flag"] = value


def colour_allowed() -> bool:
    """False under `--no-color`, a non-empty $NO_COLOR, or TERM=dumb."""
    if _state["no_color_flag"] or os.environ.get("NO_COLOR"):
        return False
    return os.environ.get("TERM", "") != "dumb"


def is_terminal(stream: TextIO) -> bool:
    """Whether a person reads `stream` (tests monkeypatch this to fake a terminal)."""
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False


def make_console(
    *,
    stderr: bool = False,
    file: TextIO | None = None,
    width: int | None = None,
    colour: bool | None = None,
) -> Console:
    """A rich Console for the CLI: colour only on a terminal that allows it, no markup,
    no emoji, no highlighting (user text is printed literally).

    `file` defaults to stdout (stderr with `stderr=True`); `width` defaults to the
    terminal's (or $COLUMNS, or 80 in a pipe, as rich decides); `colour` overrides the
    decision (a renderer writing into a buffer for a terminal passes it).
    """
    from rich.console import Console

    stream = file if file is not None else (sys.stderr if stderr else sys.stdout)
    terminal = is_terminal(stream)
    if colour is None:
        colour = terminal and colour_allowed()
    # rich's "auto" finds no colours on TERM=dumb; a caller that asks for colour gets it
    system: Literal["auto", "standard"] = (
        "auto" if os.environ.get("TERM", "") != "dumb" else "standard"
    )
    console = Console(
        file=stream,
        width=width,
        color_system=system if colour else None,
        force_terminal=True if colour else None,
        no_color=not colour,
        force_jupyter=False,
        force_interactive=False if not terminal else None,
        legacy_windows=False,
        highlight=False,
        markup=False,
        emoji=False,
    )
    # rich ends the process with status 1 when the reader goes away (`history | head -1`);
    # the CLI ends every command so with 141, quietly, as the commands that print plain
    # text do (the reliability review's S15: two exit codes for one event).
    console.on_broken_pipe = _reader_gone  # type: ignore[method-assign]
    return console


def _reader_gone() -> None:
    """A rich console's broken pipe, handed to the CLI's own handler (`cli.main`)."""
    import errno

    raise BrokenPipeError(errno.EPIPE, "the reader of the output went away")


PIPE_WIDTH = 1000


def layout_width(console: Console) -> int:
    """The width to lay a table out in: the terminal's, or $COLUMNS; in a pipe without
    $COLUMNS, wide enough for one line per row (what `grep` and `cut` want)."""
    if console.is_terminal or os.environ.get("COLUMNS", "").isdigit():
        return console.width
    return PIPE_WIDTH


def say(message: str, *, style: str = "", stderr: bool = True) -> None:
    """One message line: wrapped between words on a terminal, whole in a pipe or file
    (so `grep` sees it on one line); styled only where colour is allowed. Control and
    escape characters from user data are shown, never sent to the terminal."""
    from rich.text import Text

    from runstrength.text import printable

    message = printable(message)
    stream = sys.stderr if stderr else sys.stdout
    if not is_terminal(stream):
        # In a pipe or a file there is no colour and no wrapping: rich would write the line
        # as it is (printable() has escaped the tabs it would expand), so write it so. A
        # roster run says a thousand lines; a Console for each cost a third of a second.
        stream.write(message + "\n")
        stream.flush()
        return
    console = make_console(stderr=stderr)
    console.print(Text(message, style=style), soft_wrap=False)


def echo(message: str, *, fg: str | None = None, err: bool = False) -> None:
    """One line as `typer.secho` writes it (the walk's prompts and answers), coloured only
    where colour is allowed: secho colours any terminal, NO_COLOR or not."""
    import typer

    if fg is not None and colour_allowed():
        typer.secho(message, fg=fg, err=err)
    else:  # not secho without a colour: it still ends the line with a reset code
        typer.echo(message, err=err)


def warn(message: str) -> None:
    """A warning on stderr, in yellow where colour is allowed."""
    say(message, style="yellow")
