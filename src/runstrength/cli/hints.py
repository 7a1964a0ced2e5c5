"""What to do next, printed under a plan shown on a terminal (never in a pipe or a file)."""

from __future__ import annotations

from runstrength.cli.console import make_console

SAVE_HINT = ("add --save", "keep these inputs and this plan: `next` and `log` follow it")
NEXT_HINT = ("runstrength next", "the next session, with loads from your log")
DONE_HINT = ("runstrength log --done", "record a session as prescribed")
FILE_HINT = ("add -o plan.pdf", "printable training cards (or plan.html; plan.ics for a calendar)")


def next_steps(*, saved: bool) -> list[tuple[str, str]]:
    """The 2–3 next steps: print it, then save it (or follow the saved plan)."""
    if saved:
        return [FILE_HINT, NEXT_HINT, DONE_HINT]
    return [FILE_HINT, SAVE_HINT, NEXT_HINT]


def print_next_steps(*, saved: bool) -> None:
    """The next steps on stderr, wrapped between words to the terminal."""
    from rich.text import Text

    from runstrength.cli.tables import wrap

    console = make_console(stderr=True)
    steps = next_steps(saved=saved)
    first = max(len(command) for command, _ in steps)
    side_by_side = console.width >= first + 4 + 24
    console.print()
    console.print(Text("Next steps:", style="bold"))
    for command, what in steps:
        line = Text("  ")
        line.append(command.ljust(first) if side_by_side else command, style="bold")
        indent = " " * (first + 4 if side_by_side else 4)
        lines = wrap(what, console.width - len(indent))
        line.append("  " if side_by_side else "\n" + indent)
        line.append(f"\n{indent}".join(lines), style="dim")
        console.print(line, soft_wrap=True)
