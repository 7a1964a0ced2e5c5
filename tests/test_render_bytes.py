"""`render_bytes` writes what `render` writes, as UTF-8: Markdown's line memo
(`markdown._UTF8`, kept across plans and started afresh when full) changes no byte."""

from __future__ import annotations

import pytest

from runstrength.enums import Format
from runstrength.render import FILE_FORMATS, RenderOptions, markdown, render, render_bytes

from sample_plan import sample_plan


@pytest.mark.parametrize("fmt", FILE_FORMATS)
def test_render_bytes_are_the_rendered_file(fmt: Format) -> None:
    plan = sample_plan()
    options = RenderOptions(athlete="Ana Silva")
    text = render(plan, fmt, options)
    expected = text.encode() if isinstance(text, str) else text
    assert render_bytes(plan, fmt, options) == expected


def test_markdown_line_memo_writes_what_a_fresh_render_writes(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    plan = sample_plan()
    expected = markdown.render(plan, RenderOptions()).encode()
    monkeypatch.setattr(markdown, "_UTF8_MOST", 5)  # clears again and again mid-plan
    markdown._UTF8.clear()
    assert markdown.render_bytes(plan, RenderOptions()) == expected
    assert markdown.render_bytes(plan, RenderOptions()) == expected
    assert len(markdown._UTF8) <= 5 + 1
