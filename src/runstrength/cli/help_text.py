"""Help that reads as words, ends with examples, and suggests the command meant.

`polish(command, path, ctx)` runs on every command the root group serves (and on the
root itself): paragraphs flow (`flowing`), metavars become words (`DATE`, `N`, `FILE`,
never `<str>`, `<bool>` or `<list[Path]>`), arguments lose their type column, and the
command gets its "Examples" epilog from cli/examples.py. `close_command(word, names)` is
the did-you-mean of every group (`catalog lsit` → list); a group that takes a free first
word (`log EXERCISE`) calls it before treating the word as its own.

Only the stdlib is imported at the top.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from runstrength.text import close_words

# Option or argument name -> the word its value shows as in help.
WORDS: dict[str, str] = {
    "since": "DATE",
    "date": "DATE",
    "start": "DATE",
    "race_date": "DATE",
    "note": "TEXT",
    "remove": "EXERCISE",
    "exercise": "EXERCISE",
    "exercise_id": "ID",
    "session_id": "ID",
    "spec": "SPEC",
    "rir": "N",
    "pain": "N",
    "limit": "N",
    "jobs": "N",
    "fmt": "FORMAT",
    "out": "FILE",
    "out_dir": "DIR",
    "file": "FILE",
    "path": "FILE",
    "roster_file": "ROSTER",
    "catalog": "FILE",
    "key": "KEY",
    "value": "VALUE",
}
_POLISHED = "_runstrength_polished"


def _word(param: Any) -> str:
    name = str(param.name or "value")
    return WORDS.get(name, name.upper().replace("_", "-"))


def _no_type(ctx: Any = None) -> None:
    """An argument's name already says what it is: no `<str>` beside it."""
    return None


def tidy_params(params: Iterable[Any]) -> None:
    """Metavars as words; flags and arguments show no type."""
    for param in params:
        if param.param_type_name == "argument":
            if param.metavar is None:
                param.metavar = _word(param)
            param.display_type_rich = _no_type
        elif getattr(param, "is_flag", False) and not getattr(param, "count", False):
            param.metavar = ""
        elif param.metavar is None:
            param.metavar = _word(param)


def flowing(text: str | None) -> str | None:
    """A docstring's paragraphs each on one line, for the terminal to wrap.

    typer's rich help keeps a docstring's single line breaks, so a paragraph broke where
    the source line did ("nothing is altered on / the way"). A paragraph that is a list
    (lines starting "- ", "* " or "$ ") or marked "\\b" keeps its lines."""
    if not text:
        return text
    import inspect

    def joined(paragraph: str) -> str:
        lines = paragraph.splitlines()
        if paragraph.startswith("\b") or any(x.lstrip()[:2] in LISTED for x in lines):
            return paragraph
        return " ".join(paragraph.split())

    return "\n\n".join(joined(p) for p in inspect.cleandoc(text).split("\n\n"))


LISTED = ("- ", "* ", "$ ")


def polish(command: Any, path: str, ctx: Any) -> None:
    """Words for metavars, paragraphs that flow, and an Examples epilog, on `command` and
    every subcommand."""
    if getattr(command, _POLISHED, False):
        return
    from runstrength.cli.examples import epilog

    setattr(command, _POLISHED, True)
    command.help = flowing(command.help)
    tidy_params(command.get_params(ctx))
    if not command.epilog:
        command.epilog = epilog(path)
    for name, sub in getattr(command, "commands", {}).items():
        polish(sub, f"{path} {name}".strip(), ctx)


def close_command(word: str, names: Iterable[str]) -> str | None:
    """The subcommand `word` is probably a typo of (`lsit` → `list`), or None."""
    close = close_words(word, names, most=1)
    return close[0] if close else None


def unknown_command(word: str, names: Iterable[str]) -> str:
    """`No such command 'lsit'. Did you mean 'list'?` (the hint only when one is close)."""
    close = close_command(word, names)
    hint = f" Did you mean {close!r}?" if close else ""
    return f"No such command {word!r}.{hint}"
