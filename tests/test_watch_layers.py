"""watch/ obeys the layering rules of docs/architecture.md, and costs `plan` nothing at start-up.

tests/test_architecture.py (owned elsewhere) does not know the `watch` package yet; until it
does, this file applies the same rules to watch/: it imports the kernel only, never plan/,
log/, coach/, render/ or cli/; it never prints, exits or reads the clock; and the FIT and
GPX libraries are imported only inside the functions that need them.
"""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

WATCH = Path(__file__).resolve().parents[1] / "src" / "runstrength" / "watch"
BANNED = tuple(f"runstrength.{f}" for f in ("plan", "log", "coach", "render", "cli"))
FORMAT_LIBS = ("garmin_fit_sdk", "gpxpy", "fitdecode")
MODULES = sorted(WATCH.glob("*.py"))


def _imports(tree: ast.AST, *, top_level_only: bool = False) -> set[str]:
    names: set[str] = set()
    nodes = tree.body if top_level_only and isinstance(tree, ast.Module) else ast.walk(tree)
    for node in nodes:
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
    return names


@pytest.mark.parametrize("path", MODULES, ids=[p.stem for p in MODULES])
def test_watch_imports_only_the_kernel_and_never_prints_or_reads_the_clock(path: Path) -> None:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names = _imports(tree)
    bad = [n for n in names if n.startswith(BANNED) or n in ("typer", "click", "rich")]
    assert not bad, f"{path.name} imports {bad}"
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            func = ast.unparse(node.func)
            assert func not in ("print", "sys.exit", "exit", "input"), f"{path.name}: {func}"
            assert not func.endswith(("date.today", "datetime.now", "datetime.today", "time.time"))


@pytest.mark.parametrize("path", MODULES, ids=[p.stem for p in MODULES])
def test_format_libraries_are_imported_lazily(path: Path) -> None:
    top = _imports(ast.parse(path.read_text(encoding="utf-8")), top_level_only=True)
    assert not [n for n in top if n.split(".")[0] in FORMAT_LIBS], path.name


def test_importing_every_watch_module_loads_no_format_library() -> None:
    code = (
        "import sys\n"
        "import runstrength.watch.runs, runstrength.watch.volume\n"
        "import runstrength.watch.fit_workout, runstrength.watch.fit_strength\n"
        f"print(' '.join(m for m in {FORMAT_LIBS!r} if m in sys.modules))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == ""


def test_plan_markdown_imports_nothing_from_watch() -> None:
    code = (
        "import sys\n"
        "from runstrength.cli import app\n"
        "try:\n"
        "    app(['plan', '--season', 'off', '--format', 'md'])\n"
        "except SystemExit:\n"
        "    pass\n"
        "print(' '.join(sorted(sys.modules)), file=sys.stderr)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    loaded = set(result.stderr.split())
    assert "runstrength.plan.engine" in loaded  # the command really ran
    assert not [m for m in loaded if m.startswith("runstrength.watch") or m in FORMAT_LIBS]
