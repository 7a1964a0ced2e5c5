"""The PDF renderer's speed-ups keep what it writes: the memoised word wrap gives the lines
an unmemoised wrap gives, and the runs a pen writes are the words the old pen joined."""

from __future__ import annotations

import dataclasses

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from runstrength.render import _pdf_layout as layout
from runstrength.render import pdf as pdf_module

STYLES = [layout._BODY, layout._BOLD, layout._DOSE, layout._CUE, layout._SAFETY, layout._NAME]
# spaces and no-break spaces, wide and narrow glyphs, characters beyond Latin-1
ALPHABET = "aiW0 ·\u00a0×–≤éßŁΩж()\\"

runs_strategy = st.lists(
    st.tuples(st.text(alphabet=ALPHABET, max_size=60), st.sampled_from(STYLES)),
    max_size=4,
)


def measure() -> layout.Measure:
    pdf_module._register_fonts()
    return layout._measurer()


def joined_the_old_way(line: layout._Line) -> list[tuple[float, str, layout._Style]]:
    """What `_Pen.line` wrote before the runs were made at wrap time."""
    out: list[tuple[float, str, layout._Style]] = []
    start, run, style = 0.0, "", None
    for dx, word, word_style in line.words:
        if word_style == style:
            run += " " + word
            continue
        if style is not None:
            out.append((start, run + " ", style))
        start, run, style = dx, word, word_style
    if style is not None:
        out.append((start, run, style))
    return out


@settings(max_examples=300, deadline=None)
@given(runs=runs_strategy, width=st.floats(min_value=4.0, max_value=400.0))
def test_the_wrap_memo_gives_the_unmemoised_lines(
    runs: list[tuple[str, layout._Style]], width: float
) -> None:
    m = measure()
    expected = layout._wrap_now(runs, width, m)
    assert layout._wrap(runs, width, m) == expected
    again = layout._wrap(list(runs), width, m)  # a hit: equal lines, a list of its own
    assert again == expected
    for line in again:
        assert list(line.runs) == joined_the_old_way(line)
        assert line.leading == max(w[2].leading for w in line.words)
        assert line.size == max(w[2].size for w in line.words)


def test_shared_lines_cannot_be_changed() -> None:
    m = measure()
    first = layout._wrap([("Split squat with a pause", layout._BODY)], 50.0, m)
    second = layout._wrap([("Split squat with a pause", layout._BODY)], 50.0, m)
    assert first == second and first is not second
    assert first[0] is second[0]  # shared, so it must be immutable
    with pytest.raises(dataclasses.FrozenInstanceError):
        first[0].width = 0.0  # type: ignore[misc]
    second.append(first[0])  # the caller's list is its own
    assert len(layout._wrap([("Split squat with a pause", layout._BODY)], 50.0, m)) < len(second)


def test_the_memo_keys_on_the_measure() -> None:
    """Another measure (a test's stringWidth) gets its own lines, not the cached ones."""
    m = measure()
    text = [("wide words here", layout._BODY)]
    assert len(layout._wrap(text, 60.0, m)) < len(layout._wrap(text, 60.0, lambda t, f, s: 50.0))
