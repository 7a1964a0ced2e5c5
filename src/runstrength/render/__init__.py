"""Renderers of the file formats: each module has `render(plan, options) -> str | bytes`.

Modules are imported on demand so a Markdown plan never loads ReportLab or icalendar.
The terminal table (`Format.TABLE`) is not a file format: the CLI draws it itself
(`runstrength.cli.terminal`), so nothing below the CLI imports rich.
"""

from __future__ import annotations

import datetime as dt
import importlib
from typing import TYPE_CHECKING, NamedTuple, Protocol

from runstrength.collector import paused
from runstrength.enums import Format, Paper

if TYPE_CHECKING:
    from runstrength.models import Plan

_MODULES: dict[Format, str] = {
    Format.MD: "runstrength.render.markdown",
    Format.JSON: "runstrength.render.json",
    Format.PDF: "runstrength.render.pdf",
    Format.ICS: "runstrength.render.ics",
    Format.HTML: "runstrength.render.html",
    Format.FIT: "runstrength.render.fit",
}

# The formats a whole plan renders to as one file; FIT holds one session (render/fit.py).
FILE_FORMATS: tuple[Format, ...] = tuple(f for f in Format if f in _MODULES and f is not Format.FIT)
BINARY_FORMATS = frozenset({Format.PDF, Format.FIT})
# The file name suffixes each format is recognised by; the first is the one it is written as.
EXTENSIONS: dict[str, Format] = {
    ".md": Format.MD,
    ".markdown": Format.MD,
    ".json": Format.JSON,
    ".pdf": Format.PDF,
    ".ics": Format.ICS,
    ".html": Format.HTML,
    ".htm": Format.HTML,
    ".fit": Format.FIT,
}
SUFFIXES: dict[Format, str] = {fmt: suffix for suffix, fmt in reversed(EXTENSIONS.items())}


# NamedTuple, not a dataclass: cheaper to make at start-up (docs/architecture.md)
class RenderOptions(NamedTuple):
    """Everything a renderer may need besides the plan; defaults give the golden output."""

    width: int = 100
    color: bool = False
    paper: Paper = Paper.A4
    time: dt.time | None = None  # ICS: timed events at this local time; None = all-day
    duration_min: int = 45
    tz: str | None = None  # ICS: IANA zone name for timed events
    # the runner's name in the title of every format but JSON (a coach's printouts and
    # calendars, `plan --name`, `roster`); None: no name
    athlete: str | None = None


class _Renderer(Protocol):
    def __call__(self, plan: Plan, options: RenderOptions) -> str | bytes: ...


@paused
def render(plan: Plan, fmt: Format, options: RenderOptions | None = None) -> str | bytes:
    """Render a finished plan in one of the FILE_FORMATS."""
    if fmt not in _MODULES:
        raise ValueError(f"{fmt.value} is not a file format; the CLI draws tables itself")
    module = importlib.import_module(_MODULES[fmt])
    renderer: _Renderer = module.render
    return renderer(plan, options or RenderOptions())


@paused
def render_bytes(plan: Plan, fmt: Format, options: RenderOptions | None = None) -> bytes:
    """`render` as the bytes of a file (text as UTF-8). A roster's worker writes files:
    Markdown then encodes each of its lines once per process, not each plan's text."""
    options = options or RenderOptions()
    if fmt is Format.MD:
        from runstrength.render import markdown

        return markdown.render_bytes(plan, options)
    data = render(plan, fmt, options)
    return data.encode() if isinstance(data, str) else data
