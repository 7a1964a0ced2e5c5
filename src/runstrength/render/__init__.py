"""Renderers: each format module has `render(plan, options) -> str | bytes`.

Modules are imported on demand so a Markdown plan never loads ReportLab or icalendar.
"""

from __future__ import annotations

import datetime as dt
import importlib
from dataclasses import dataclass
from typing import TYPE_CHECKING, Protocol

from runstrength.enums import Format, Paper

if TYPE_CHECKING:
    from runstrength.models import Plan

_MODULES: dict[Format, str] = {
    Format.TABLE: "runstrength.render.terminal",
    Format.MD: "runstrength.render.markdown",
    Format.JSON: "runstrength.render.json",
    Format.PDF: "runstrength.render.pdf",
    Format.ICS: "runstrength.render.ics",
    Format.HTML: "runstrength.render.html",
}

BINARY_FORMATS = frozenset({Format.PDF})
EXTENSIONS: dict[str, Format] = {
    ".txt": Format.TABLE,
    ".md": Format.MD,
    ".markdown": Format.MD,
    ".json": Format.JSON,
    ".pdf": Format.PDF,
    ".ics": Format.ICS,
    ".html": Format.HTML,
    ".htm": Format.HTML,
}


@dataclass(frozen=True)
class RenderOptions:
    """Everything a renderer may need besides the plan; defaults give the golden output."""

    width: int = 100
    color: bool = False
    paper: Paper = Paper.A4
    time: dt.time | None = None  # ICS: timed events at this local time; None = all-day
    duration_min: int = 45
    tz: str | None = None  # ICS: IANA zone name for timed events


class _Renderer(Protocol):
    def __call__(self, plan: Plan, options: RenderOptions) -> str | bytes: ...


def render(plan: Plan, fmt: Format, options: RenderOptions | None = None) -> str | bytes:
    """Render a finished plan in one format."""
    module = importlib.import_module(_MODULES[fmt])
    renderer: _Renderer = module.render
    return renderer(plan, options or RenderOptions())
