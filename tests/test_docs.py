"""The docs stay true to the code: every § the code cites exists in docs/method.md, every
invariant and every rules.yaml key is described there, docs/plan-json.md names every field
the JSON output carries, and nothing points outside the repository."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

from runstrength.cli import app

ROOT = Path(__file__).resolve().parents[1]
SRC = ROOT / "src"
DOCS = ROOT / "docs"
METHOD = DOCS / "method.md"
PLAN_JSON = DOCS / "plan-json.md"
RULES = ROOT / "data" / "rules.yaml"
INVARIANTS = range(1, 49)

# A heading such as "## 4. Progression engine", "### 4.2 Starting without a 1RM" or
# "### §10.3 Pain that persists".
HEADING = re.compile(r"^#{1,6}\s+(?:§\s*)?(\d+(?:\.\d+)*)\.?\s", re.MULTILINE)
# An explicit anchor: <a id="s4.2"></a> for a section, <a id="inv-12"></a> for an invariant.
ANCHOR = re.compile(r'<a\s+id="(s|inv-)([0-9.]+)"\s*>')
# "§4.7", "§ 4.2", "§4.3–4.5", "docs/method.md §3.4", "other.md §5" (the last is skipped:
# it cites another document, not the method).
SECTION_REF = re.compile(
    r"(?:(?P<doc>[\w./-]+\.md)\s+)?§\s?(?P<num>\d+(?:\.\d+)*)(?:\s?[–-]\s?§?(?P<end>\d+(?:\.\d+)*))?"
)
# "inv. 12", "invariant 29", "inv. 10–12, 27, 28", "inv. 6–7".
INVARIANT_REF = re.compile(r"\binv(?:ariants?|s)?\.?\s+(\d+(?:\s*(?:[–,-]|and)\s*\d+)*)")
METHOD_DOCS = {"docs/method.md", "method.md"}


def _method() -> str:
    return METHOD.read_text(encoding="utf-8")


def _sections(text: str) -> set[str]:
    found = set(HEADING.findall(text))
    found |= {num.rstrip(".") for kind, num in ANCHOR.findall(text) if kind == "s"}
    return found


def _invariants(text: str) -> set[int]:
    return {int(num) for kind, num in ANCHOR.findall(text) if kind == "inv-"}


def _source_files() -> Iterator[Path]:
    yield from sorted(p for p in SRC.rglob("*.py") if "__pycache__" not in p.parts)


def _numbers(spec: str) -> list[int]:
    """ "10–12, 27, 28" -> [10, 11, 12, 27, 28]."""
    out: list[int] = []
    for part in re.split(r"\s*(?:,|and)\s*", spec):
        bounds = [int(b) for b in re.split(r"\s*[–-]\s*", part) if b]
        if len(bounds) == 2:
            out.extend(range(bounds[0], bounds[1] + 1))
        else:
            out.extend(bounds)
    return out


def section_refs() -> list[tuple[str, int, str]]:
    """(file, line, section) for every § of the method cited under src/."""
    refs: list[tuple[str, int, str]] = []
    for path in _source_files():
        for lineno, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            for m in SECTION_REF.finditer(line):
                doc = m.group("doc")
                if doc is not None and Path(doc).name not in METHOD_DOCS:
                    continue  # e.g. "other.md §5"
                for num in filter(None, (m.group("num"), m.group("end"))):
                    refs.append((str(path.relative_to(ROOT)), lineno, num))
    return refs


def invariant_refs() -> list[tuple[str, int, int]]:
    refs: list[tuple[str, int, int]] = []
    for path in _source_files():
        for lineno, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            for m in INVARIANT_REF.finditer(line):
                refs.extend((str(path.relative_to(ROOT)), lineno, n) for n in _numbers(m.group(1)))
    return refs


def test_method_has_every_top_level_section() -> None:
    sections = _sections(_method())
    missing = [str(n) for n in range(11) if str(n) not in sections]
    assert not missing, f"docs/method.md lacks § {missing}"


def test_every_cited_section_exists_in_method() -> None:
    text = _method()
    sections, invariants = _sections(text), _invariants(text)
    refs = section_refs()
    assert refs, "the regex found no § references under src/: it is broken"
    missing = []
    for where, line, num in refs:
        if num in sections:
            continue
        major, _, minor = num.partition(".")
        # "§7.30" is invariant 30 of §7.
        if major == "7" and minor.isdigit() and int(minor) in invariants:
            continue
        missing.append(f"{where}:{line}: §{num}")
    assert not missing, "cited in src/ but not a heading or anchor in docs/method.md:\n" + (
        "\n".join(missing)
    )


def test_every_cited_invariant_exists_in_method() -> None:
    invariants = _invariants(_method())
    refs = invariant_refs()
    assert refs, "the regex found no invariant references under src/: it is broken"
    missing = [f"{w}:{line}: inv. {n}" for w, line, n in refs if n not in invariants]
    assert not missing, "\n".join(missing)


def test_method_numbers_every_invariant() -> None:
    text = _method()
    anchored = _invariants(text)
    assert not [n for n in INVARIANTS if n not in anchored]
    # Each invariant is also written as a numbered item a reader sees.
    listed = {int(n) for n in re.findall(r'<a id="inv-\d+"></a>\s*\*\*(\d+)\.\*\*', text)}
    assert listed >= set(INVARIANTS)


def test_method_mentions_every_rules_yaml_key() -> None:
    text = _method()
    keys = yaml.safe_load(RULES.read_text(encoding="utf-8")).keys()
    missing = [k for k in keys if f"`{k}`" not in text and f"`{k}." not in text]
    assert not missing, f"rules.yaml keys not described in docs/method.md: {missing}"


def test_method_says_what_it_is() -> None:
    head = _method()[:2000]
    assert "spec" in head and "§10" in head


def _keys(value: object) -> Iterator[str]:
    if isinstance(value, dict):
        for key, inner in value.items():
            yield key
            yield from _keys(inner)
    elif isinstance(value, list):
        for inner in value:
            yield from _keys(inner)


@pytest.mark.parametrize(
    "args",
    [
        ["plan", "--season", "off", "--format", "json"],
        [
            "plan",
            "--race-date",
            "2027-04-25",
            "--race-distance",
            "marathon",
            "--start",
            "2026-12-07",
            "--injury",
            "achilles",
            "--format",
            "json",
        ],
    ],
    ids=["off-season", "race"],
)
def test_plan_json_doc_names_every_field(args: list[str]) -> None:
    result = CliRunner().invoke(app, args, catch_exceptions=False)
    assert result.exit_code == 0, result.output
    fields = set(_keys(json.loads(result.stdout)))
    text = PLAN_JSON.read_text(encoding="utf-8")
    missing = sorted(f for f in fields if not re.search(rf'[`"]{re.escape(f)}[`"]', text))
    assert not missing, f"docs/plan-json.md does not name: {missing}"


# the shared folder, and the style guide that lives there (docs/architecture.md says it here)
OUTSIDE = ".." + "/shared", "shared" + "/docs", "style" + ".md"


def test_nothing_points_outside_the_repository() -> None:
    offenders = set()
    for folder in (SRC, ROOT / "tests"):
        for path in folder.rglob("*"):
            if not path.is_file() or "__pycache__" in path.parts or path.suffix in {".ttf"}:
                continue
            try:
                text = path.read_text(encoding="utf-8")
            except UnicodeDecodeError:
                continue  # binary fixtures (the checked-in v1 database)
            if any(marker in text for marker in OUTSIDE):
                offenders.add(str(path.relative_to(ROOT)))
    assert not offenders, f"these files refer to docs outside the repo: {sorted(offenders)}"


def test_code_cites_the_method_in_the_repo() -> None:
    """§ references name docs/method.md, never the rules brief outside the repository."""
    old = "training" + "-rules"
    stale = [
        str(path.relative_to(ROOT))
        for folder in (SRC, ROOT / "tests")
        for path in folder.rglob("*.py")
        if old in path.read_text(encoding="utf-8")
    ]
    assert not stale, stale
