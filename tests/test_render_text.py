"""Golden and structure tests for the text renderers: terminal table, Markdown and JSON."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt

from conftest import check_golden
from runstrength.cli.output import render_plan as render
from runstrength.cli.terminal import render as render_table
from runstrength.enums import Format
from runstrength.models import DISCLAIMER, Plan
from runstrength.render import RenderOptions, common
from runstrength.render.json import render as render_json
from runstrength.render.markdown import escape as render_md_escape
from runstrength.render.markdown import render as render_md

from sample_plan import sample_plan

CONTRACT = Path(__file__).resolve().parents[1] / "docs" / "plan-json.md"
TEXT_FORMATS = [Format.TABLE, Format.MD, Format.JSON]
ANSI = re.compile(r"\x1b\[[0-9;]*m")


def _undated_with_warning() -> Plan:
    """The undated variant also carries a warning, so the goldens show how one looks."""
    return sample_plan(dated=False).model_copy(
        update={"warnings": ["Band D running volume: plyometric contacts are capped at 60."]}
    )


def _with_note(plan: Plan, notes: str) -> Plan:
    """The plan with the first exercise's notes replaced."""
    data = plan.model_dump()
    data["weeks"][0]["sessions"][0]["exercises"][0]["notes"] = notes
    return Plan.model_validate(data)


def _as_str(out: str | bytes) -> str:
    """A text format's output as text (JSON comes as the UTF-8 bytes it is written as)."""
    return out if isinstance(out, str) else out.decode("utf-8")


# --------------------------------------------------------------------------- goldens

CASES = {
    "sample": lambda: sample_plan(),
    "sample_undated": _undated_with_warning,
}
EXTENSIONS = {Format.TABLE: "txt", Format.MD: "md", Format.JSON: "json"}


@pytest.mark.parametrize("fmt", TEXT_FORMATS, ids=str)
@pytest.mark.parametrize("case", sorted(CASES))
def test_golden(case: str, fmt: Format, update_golden: bool) -> None:
    out = _as_str(render(CASES[case](), fmt, RenderOptions(width=100, color=False)))
    check_golden(f"{case}.{EXTENSIONS[fmt]}", out, update_golden)


# --------------------------------------------------------------------------- every format


@pytest.mark.parametrize("fmt", TEXT_FORMATS, ids=str)
def test_disclaimer_verbatim_in_every_format(fmt: Format) -> None:
    plan = sample_plan()
    assert plan.disclaimer == DISCLAIMER
    out = _as_str(render(plan, fmt))
    if fmt is Format.JSON:
        assert json.loads(out)["disclaimer"] == DISCLAIMER
    elif fmt is Format.TABLE:  # wrapped between words for the terminal
        assert DISCLAIMER in " ".join(out.split())
    else:
        assert DISCLAIMER in out


@pytest.mark.parametrize("fmt", TEXT_FORMATS, ids=str)
def test_output_is_deterministic(fmt: Format) -> None:
    assert render(sample_plan(), fmt) == render(sample_plan(), fmt)


@pytest.mark.parametrize("fmt", [Format.TABLE, Format.MD], ids=str)
def test_warnings_are_shown(fmt: Format) -> None:
    out = _as_str(render(_undated_with_warning(), fmt))
    assert "plyometric contacts are capped at 60" in out
    assert "plyometric contacts are capped" not in _as_str(render(sample_plan(), fmt))


@pytest.mark.parametrize("fmt", [Format.TABLE, Format.MD], ids=str)
def test_deload_week_is_marked(fmt: Format) -> None:
    out = _as_str(render(sample_plan(), fmt))
    week2 = out[out.index("Week 2") :]
    assert week2.splitlines()[0].rstrip(" ─").endswith("· deload")
    assert "Deload week:" in week2
    assert out.count("Deload week:") == 1


# --------------------------------------------------------------------------- JSON


def _strip_jsonc_comments(text: str) -> str:
    """Drop // comments outside strings (the contract's URLs contain '//')."""
    out: list[str] = []
    in_string = escaped = False
    i = 0
    while i < len(text):
        char = text[i]
        if in_string:
            out.append(char)
            if escaped:
                escaped = False
            elif char == "\\":
                escaped = True
            elif char == '"':
                in_string = False
        elif char == '"':
            in_string = True
            out.append(char)
        elif text.startswith("//", i):
            while i < len(text) and text[i] != "\n":
                i += 1
            continue
        else:
            out.append(char)
        i += 1
    return "".join(out)


def _contract_example() -> dict[str, Any]:
    match = re.search(r"```jsonc\n(.*?)```", CONTRACT.read_text(encoding="utf-8"), re.S)
    assert match, "plan-json.md has no ```jsonc block"
    example: dict[str, Any] = json.loads(_strip_jsonc_comments(match.group(1)))
    return example


def _json_kind(value: Any) -> str:
    if isinstance(value, bool):
        return "bool"
    if isinstance(value, int | float):
        return "number"
    return type(value).__name__


def _compare(documented: Any, actual: Any, path: str, problems: list[str]) -> None:
    """Documented keys appear in `actual` in the documented order; added keys may follow."""
    if documented is None or actual is None:
        return
    if _json_kind(documented) != _json_kind(actual):
        problems.append(f"{path}: documented {_json_kind(documented)}, got {_json_kind(actual)}")
        return
    if isinstance(documented, dict):
        missing = [k for k in documented if k not in actual]
        if missing:
            problems.append(f"{path}: missing keys {missing}")
        order = [k for k in actual if k in documented]
        if order != [k for k in documented if k in actual]:
            problems.append(f"{path}: key order {order}, documented {list(documented)}")
        for key, value in documented.items():
            if key in actual:
                _compare(value, actual[key], f"{path}.{key}", problems)
    elif isinstance(documented, list) and documented and isinstance(documented[0], dict):
        if not actual:
            problems.append(f"{path}: empty list, cannot check its items")
        else:
            _compare(documented[0], actual[0], f"{path}[0]", problems)


def test_json_has_every_documented_key_in_order() -> None:
    documented = _contract_example()
    actual = json.loads(render_json(sample_plan(), RenderOptions()))
    problems: list[str] = []
    _compare(documented, actual, "$", problems)
    assert problems == []


def test_json_documented_keys_come_first() -> None:
    """Added fields (weekday, why, warnings, ...) follow the documented ones at every level."""
    documented = _contract_example()
    actual = json.loads(render_json(sample_plan(), RenderOptions()))

    def walk(doc: Any, act: Any, path: str) -> None:
        if isinstance(doc, dict) and isinstance(act, dict):
            assert list(act)[: len(doc)] == list(doc), path
            for key in doc:
                walk(doc[key], act[key], f"{path}.{key}")
        elif isinstance(doc, list) and doc and isinstance(doc[0], dict) and act:
            walk(doc[0], act[0], f"{path}[0]")

    walk(documented, actual, "$")


@pytest.mark.parametrize("dated", [True, False])
def test_json_round_trips(dated: bool) -> None:
    plan = sample_plan(dated=dated)
    assert Plan.model_validate_json(render_json(plan, RenderOptions())) == plan


def test_json_is_byte_identical_and_readable() -> None:
    raw = render_json(sample_plan(), RenderOptions())
    assert raw == render_json(sample_plan(), RenderOptions(width=60, color=True))
    assert raw == (sample_plan().model_dump_json(indent=2) + "\n").encode()  # pydantic's
    first = raw.decode("utf-8")
    assert first.endswith("}\n")
    assert "×" not in first  # wording stays out of the data
    assert '"2026-12-07"' in first
    assert '"reps": [\n' in first  # tuples are plain lists
    assert "\\u" not in first  # ensure_ascii=False: '≤' stays '≤'
    assert "≤" in first


# --------------------------------------------------------------------------- Markdown


def _md_tables(text: str) -> list[tuple[str, list[list[str]], list[str]]]:
    """(heading before it, body rows as cell texts, link hrefs) for every table, via markdown-it."""
    tokens = MarkdownIt("commonmark").enable("table").parse(text)
    tables = []
    heading = ""
    i = 0
    while i < len(tokens):
        tok = tokens[i]
        if tok.type == "heading_open":
            heading = tokens[i + 1].content
        if tok.type == "table_open":
            rows: list[list[str]] = []
            links: list[str] = []
            in_body = False
            while tokens[i].type != "table_close":
                t = tokens[i]
                if t.type == "tbody_open":
                    in_body = True
                elif t.type == "tr_open" and in_body:
                    rows.append([])
                elif t.type == "inline" and in_body:
                    text_parts = [c.content for c in t.children or [] if c.type == "text"]
                    rows[-1].append("".join(text_parts))
                    links += [
                        str(c.attrs["href"]) for c in t.children or [] if c.type == "link_open"
                    ]
                i += 1
            tables.append((heading, rows, links))
        i += 1
    return tables


def test_markdown_structure() -> None:
    plan = sample_plan()
    md = render_md(plan, RenderOptions())
    assert md.startswith(f"# {common.plan_title(plan)}\n\n")
    assert f"\n> {plan.disclaimer}\n" in md
    assert md.index(plan.disclaimer) < md.index("## Week 1")
    for week in plan.weeks:
        assert f"\n## {common.week_title(week)}\n" in md
    tables = _md_tables(md)
    inputs, sessions = tables[0], tables[1:]
    assert [row[0] for row in inputs[1]] == [k for k, _ in common.inputs_summary(plan)]
    assert len(sessions) == len(plan.sessions())
    for (_, session), (heading, rows, links) in zip(plan.sessions(), sessions, strict=True):
        warmup = common.warmup_text(session)
        opening = f"*{render_md_escape(warmup)}*\n\n" if warmup else ""
        assert f"\n### {common.session_title(session)}\n\n{opening}| # | Exercise |" in md
        assert heading == common.session_title(session)
        assert len(rows) == len(session.exercises)
        assert [r[1] for r in rows] == [p.name for p in session.exercises]
        assert [r[2] for r in rows] == [common.dose_text(p) for p in session.exercises]
        assert [r[6] for r in rows] == [common.short_cue(p) for p in session.exercises]
        assert links == [p.video for p in session.exercises]
    assert "[Pogos](https://www.youtube.com/results?search_query=pogo+hops+runners)" in md


def test_markdown_blank_lines_around_blocks() -> None:
    lines = render_md(sample_plan(), RenderOptions()).splitlines()
    for n, line in enumerate(lines):
        if line.startswith("#"):
            assert lines[n + 1] == "", line
            assert n == 0 or lines[n - 1] == "", line
        if line.startswith("|") and (n == 0 or not lines[n - 1].startswith("|")):
            assert lines[n - 1] == "", f"no blank line before the table at {line}"
    assert all(line == line.rstrip() for line in lines)


def test_markdown_escapes_pipes_in_cells() -> None:
    plan = _with_note(sample_plan(), "Knees soft | heels kiss the floor; quick.")
    md = render_md(plan, RenderOptions())
    row = next(line for line in md.splitlines() if line.startswith("| 1 | [Pogos]"))
    assert r"Knees soft \| heels kiss the floor" in row
    assert len(re.split(r"(?<!\\)\|", row)) == 7 + 2  # seven cells between the outer pipes
    _, rows, _ = _md_tables(md)[1]
    assert rows[0][6] == "Knees soft | heels kiss the floor"
    assert len(rows[0]) == 7


def test_markdown_escapes_formatting_characters() -> None:
    plan = _with_note(sample_plan(), "Land *soft*, toes [up] <now> `x` ~~y~~ a_b \\ c")
    _, rows, _ = _md_tables(render_md(plan, RenderOptions()))[1]
    assert rows[0][6] == "Land *soft*, toes [up] <now> `x` ~~y~~ a_b \\ c"


def test_a_dose_of_one_set_is_said_in_the_singular() -> None:
    """A ramp's one set of jumps whose contacts do not split evenly, and a dose of sets
    alone, read "1 set" ("26 contacts in 1 sets" before)."""
    jump = next(p for _, s in sample_plan().sessions() for p in s.exercises if p.contacts)
    assert common.dose_text(jump.model_copy(update={"sets": 1, "reps": (12, 14)})) == (
        f"{jump.contacts} contacts in 1 set"
    )
    bare = jump.model_copy(
        update={"sets": 1, "reps": None, "contacts": None, "seconds": None, "distance_m": None}
    )
    assert common.dose_text(bare) == "1 set"
    assert common.dose_text(bare.model_copy(update={"sets": 2})) == "2 sets"


# --------------------------------------------------------------------------- terminal


@pytest.mark.parametrize("width", [40, 60, 80, 100, 120, 140])
def test_terminal_fits_the_width(width: int) -> None:
    out = render_table(sample_plan(), RenderOptions(width=width))
    for line in out.splitlines():
        assert len(line) <= width, line
        assert line == line.rstrip()
    assert " ".join(out.split()).endswith(DISCLAIMER)  # wrapped between words, word for word


def test_terminal_shows_every_exercise_and_session() -> None:
    plan = sample_plan()
    out = render_table(plan, RenderOptions(width=200))
    for week in plan.weeks:
        assert common.week_title(week) in out
    for _, session in plan.sessions():
        assert common.session_title(session) in out
        for p in session.exercises:
            assert p.name in out
            assert common.dose_text(p) in out
            assert common.load_text(p) in out
    assert "#  Exercise" in out
    assert "Load / RIR" in out


def test_terminal_narrow_falls_back_to_a_list() -> None:
    plan = sample_plan()
    out = render_table(plan, RenderOptions(width=60))
    assert "Load / RIR" not in out  # no table header: one block per exercise instead
    for _, session in plan.sessions():
        assert common.session_title(session) in out
        for p in session.exercises:
            assert p.name in out
            assert common.short_cue(p) in " ".join(out.split())
    assert "2 × 8–12 · choose: RIR 3 · rest 90 s · tempo 3-1-1-0" in out
    assert "#  Exercise" in render_table(plan, RenderOptions(width=80))


def _long_names() -> Plan:
    """Catalog-length names and cues, which squeeze an 80-column table."""
    data = sample_plan().model_dump()
    for week in data["weeks"]:
        for session in week["sessions"]:
            for ex in session["exercises"]:
                ex["name"] = {
                    "pogos": "Step-down (forward/lateral)",
                    "trap-bar-deadlift": "Barbell back squat (half to parallel)",
                    "side-plank": "Bent-knee (soleus) calf raise",
                }.get(ex["id"], ex["name"])
                ex["notes"] = "Heels on the roller, lift the hips into a straight line and hold."
    return Plan.model_validate(data)


@pytest.mark.parametrize(
    ("width", "layout"),
    [(60, "list"), (70, "list"), (80, "cue under name"), (100, "cue column"), (140, "cue column")],
)
def test_terminal_layout_follows_the_width(width: int, layout: str) -> None:
    out = render_table(_long_names(), RenderOptions(width=width))
    assert all(len(line) <= width for line in out.splitlines())
    has_table = "#  Exercise" in out
    has_cue_column = re.search(r"Tempo +Cue$", out, re.M) is not None
    has_mark = "\n   › Heels on the roller" in out
    assert (has_table, has_cue_column, has_mark) == {
        "list": (False, False, False),
        "cue under name": (True, False, True),
        "cue column": (True, True, False),
    }[layout]


def test_terminal_colour_only_when_asked() -> None:
    plain = render_table(_undated_with_warning(), RenderOptions(color=False))
    coloured = render_table(_undated_with_warning(), RenderOptions(color=True))
    assert not ANSI.search(plain)
    assert "\x1b[33mWarning: Band D" in coloured  # warnings in yellow
    assert DISCLAIMER in " ".join(ANSI.sub("", coloured).split())
    assert all(line == line.rstrip() for line in ANSI.sub("", coloured).splitlines())


def test_terminal_prints_markup_literally() -> None:
    plan = _with_note(sample_plan(), "Say [bold]hop[/bold] :smile: [/]")
    out = render_table(plan, RenderOptions(width=120))
    assert "Say [bold]hop[/bold] :smile: [/]" in out


def test_terminal_keeps_numbers_with_their_units() -> None:
    out = render_table(sample_plan(), RenderOptions(width=80))
    for line in out.splitlines():
        assert not re.search(r"(RIR|×|@)$", line.rstrip()), line


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from("ab #-–\\`*_[]<|~\t\n\xa0"), max_size=14))
def test_markdown_escape_is_the_pattern_it_replaced(text: str) -> None:
    """`escape` (`in` and `replace`, special by special) writes what the one regular
    expression it replaced wrote: a backslash before each inline special, spaces folded."""
    special = re.compile(r"([\\`*_\[\]<|~])")
    assert render_md_escape.__wrapped__(text) == special.sub(r"\\\1", " ".join(text.split()))
