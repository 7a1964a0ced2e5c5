"""The layering rules and the start-up budget of docs/architecture.md, checked on the source."""

from __future__ import annotations

import ast
import os
import subprocess
import sys
from pathlib import Path

import pytest
import typer
from typer.core import TyperGroup

from runstrength.cli import app

SRC = Path(__file__).resolve().parents[1] / "src" / "runstrength"

# The package-level import rule of docs/architecture.md: the kernel (top-level modules)
# imports no feature package; features import the kernel; `plan` may be used by `log`
# (progression asks the engine's pure rules) and by `coach`; `render` takes a finished Plan;
# only `cli` imports everything, and nothing imports `cli`.
FEATURES = ("plan", "log", "coach", "render", "watch", "cli")
KERNEL_FORBIDDEN = tuple(f"runstrength.{f}" for f in FEATURES)
FORBIDDEN: dict[str, tuple[str, ...]] = {
    "plan": ("runstrength.log", "runstrength.coach", "runstrength.render", "runstrength.cli"),
    "log": ("runstrength.coach", "runstrength.render", "runstrength.cli"),
    "coach": ("runstrength.log", "runstrength.cli"),
    "render": ("runstrength.plan", "runstrength.log", "runstrength.coach", "runstrength.cli"),
    # device formats (FIT, GPX, TCX, Strava CSV): pure readers/writers over the kernel models
    "watch": (
        "runstrength.plan",
        "runstrength.log",
        "runstrength.coach",
        "runstrength.render",
        "runstrength.cli",
    ),
    "cli": (),
}
# Terminal and command-line libraries: only the CLI draws, prompts or parses argv.
UI_LIBRARIES = frozenset({"rich", "typer", "click"})
# Kernel modules that sit below others in the kernel itself.
KERNEL_ORDER: dict[str, tuple[str, ...]] = {
    "errors": ("runstrength",),
    "enums": ("runstrength",),
    "values": ("runstrength",),  # the models' base: below everything, pydantic only lazily
    "collector": ("runstrength",),  # the collector's pause, used by the engine and renderers
    "__main__": (),  # the `python -m runstrength` entry point only calls the CLI
}


def modules() -> list[tuple[str, Path]]:
    out = []
    for path in sorted(SRC.rglob("*.py")):
        rel = path.relative_to(SRC).with_suffix("")
        out.append((".".join(rel.parts), path))
    return out


def imported(tree: ast.AST) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
            names.update(f"{node.module}.{alias.name}" for alias in node.names)
    return names


@pytest.mark.parametrize(("name", "path"), modules(), ids=[m for m, _ in modules()])
def test_layers(name: str, path: Path) -> None:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names = imported(tree)
    top = name.split(".")[0] if "." in name else ""
    own = f"runstrength.{name}"
    if not top or top == "__init__":
        banned_list = KERNEL_ORDER.get(name, KERNEL_FORBIDDEN)
    else:
        banned_list = FORBIDDEN[top]
    for banned in banned_list:
        bad = [
            n
            for n in names
            if (n == banned or n.startswith(banned + "."))
            and not n.startswith(own)
            and n != "runstrength.__version__"
        ]
        assert not bad, f"{name} imports {bad}"
    if top == "cli":
        return
    # Below the CLI nothing prints, exits, reads argv or the clock, or draws for a terminal.
    ui = [n for n in names if n.split(".")[0] in UI_LIBRARIES]
    assert not ui, f"{name} imports {ui}: only runstrength.cli may"
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            func = ast.unparse(node.func)
            assert func not in ("print", "sys.exit", "exit", "input"), f"{name} calls {func}"
            assert not func.endswith(("date.today", "datetime.now", "datetime.today")), (
                f"{name} reads the clock"
            )


def test_commands_do_not_import_each_other() -> None:
    """Each cli/*_cmd module parses, calls the feature and prints; what two share lives
    below them (cli/output, cli/log_common, a feature's service), never in another command."""
    for name, path in modules():
        if not (name.startswith("cli.") and name.endswith("_cmd")):
            continue
        names = imported(ast.parse(path.read_text(encoding="utf-8")))
        other = [n for n in names if n.startswith("runstrength.cli.") and n.endswith("_cmd")]
        assert not [n for n in other if n != f"runstrength.{name}"], f"{name} imports {other}"


def test_test_modules_do_not_import_each_other() -> None:
    """What two test modules share lives in a helper module (helpers, grid, fit_samples,
    run_history, sim_start, …), never in another test module: importing one would run its
    module-level set-up and tie two files' tests together."""
    tests = Path(__file__).resolve().parent
    for path in sorted(tests.glob("*.py")):
        names = imported(ast.parse(path.read_text(encoding="utf-8")))
        assert not [n for n in names if n.startswith("test_")], (path.name, names)


def test_every_command_has_help() -> None:
    root = typer.main.get_command(app)
    stack = [root]
    seen = 0
    with typer.Context(root) as ctx:
        while stack:
            command = stack.pop()
            if not isinstance(command, TyperGroup):
                continue
            for name in command.list_commands(ctx):
                sub = command.get_command(ctx, name)
                assert sub is not None, name
                assert sub.help or sub.short_help, f"{sub.name} has no help text"
                stack.append(sub)
                seen += 1
    assert seen >= 4


def _modules_after(*args: str) -> set[str]:
    code = (
        "import sys\n"
        "from runstrength.cli import app\n"
        "try:\n"
        f"    app({list(args)!r})\n"
        "except SystemExit:\n"
        "    pass\n"
        "print(' '.join(sorted(sys.modules)), file=sys.stderr)\n"
    )
    env = {**os.environ, "RUNSTRENGTH_HOME": os.environ["RUNSTRENGTH_HOME"]}
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=env, check=True
    )
    return set(result.stderr.split()[-1000:]) | set(result.stderr.split())


def test_help_imports_no_yaml_or_format_libraries() -> None:
    loaded = _modules_after("--help")
    for heavy in ("yaml", "reportlab", "icalendar", "runstrength.plan.engine", "pydantic"):
        assert heavy not in loaded, heavy


def test_markdown_plan_imports_no_format_libraries() -> None:
    _modules_after("plan", "--season", "off", "--format", "md")  # fills the start-up cache
    loaded = _modules_after("plan", "--season", "off", "--format", "md")
    assert "runstrength.plan.engine" in loaded  # the command really ran
    for heavy in ("reportlab", "icalendar", "runstrength.render.pdf"):
        assert heavy not in loaded, heavy
    # no pydantic at all (docs/architecture.md, start-up): the models are plain values,
    # typer's per-option adapters are skipped, and the cache is read without a validator
    for validator in ("typer._adapters", "pydantic", "pydantic_core", "importlib.metadata"):
        assert validator not in loaded, validator


def test_a_plan_written_to_a_file_imports_no_pydantic(tmp_path: Path) -> None:
    """A path option (`-o`) imported pydantic for typer's adapter alone (~65 ms)."""
    out = tmp_path / "plan.md"
    _modules_after("plan", "--season", "off", "-o", str(out))  # fills the start-up cache
    loaded = _modules_after("plan", "--season", "off", "-o", str(out))
    assert out.read_text(encoding="utf-8").startswith("# ")
    for validator in ("typer._adapters", "pydantic", "pydantic_core"):
        assert validator not in loaded, validator


def test_ui_rule_catches_rich_below_the_cli(tmp_path: Path) -> None:
    """The check above really fails for a module outside cli/ importing rich or typer."""
    for source in ("from rich.table import Table\n", "import typer\n", "import click.core\n"):
        names = imported(ast.parse(source))
        assert [n for n in names if n.split(".")[0] in UI_LIBRARIES], source


def test_the_entry_point_skips_the_pydantic_plugin_scan() -> None:
    """main() turns pydantic's plugin scan off unless the user set the variable."""
    code = (
        "import os, sys\n"
        "sys.argv = ['runstrength', '--version']\n"
        "from runstrength.cli import main\n"
        "try:\n"
        "    main()\n"
        "except SystemExit:\n"
        "    pass\n"
        "print(os.environ.get('PYDANTIC_DISABLE_PLUGINS'), file=sys.stderr)\n"
    )
    env = {k: v for k, v in os.environ.items() if k != "PYDANTIC_DISABLE_PLUGINS"}
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env)
    assert run.stderr.split()[-1] == "__all__"
    env["PYDANTIC_DISABLE_PLUGINS"] = "mine"
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env)
    assert run.stderr.split()[-1] == "mine"
