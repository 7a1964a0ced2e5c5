"""The typer app: the only layer that reads argv, prints, or exits.

Import only light modules at the top (typer, stdlib, enums, errors, paths): every command
imports the core it needs inside its body so `runstrength --help` stays instant.
"""

# No `from __future__ import annotations`: typer reads the signatures below at start-up.

from typing import Annotated, Any

import typer

# typer >= 0.26 (we need 0.29) vendors click; its usage errors are what a mistyped flag raises
from typer._click.exceptions import UsageError
from typer.core import TyperGroup

from runstrength.errors import RunstrengthError

# Top-level commands built only when they are run (or listed by --help): typer inspects
# every command's signature when it builds the app, and `plan` should not pay for `log`.
# name -> module whose `register(app, new_app)` defines it.
LAZY_COMMANDS: dict[str, str] = {
    "catalog": "runstrength.cli.catalog_cmd",
    "roster": "runstrength.cli.roster_cmd",
    "schema": "runstrength.cli.schema_cmd",
    "log": "runstrength.cli.log_cmd",
    "next": "runstrength.cli.next_cmd",
    "history": "runstrength.cli.history_cmd",
    "profile": "runstrength.cli.profile_cmd",
    "runs": "runstrength.cli.runs_cmd",
}


class ErrorTranslatingGroup(TyperGroup):
    """Turns a RunstrengthError anywhere below into `Error: …` on stderr and its exit code.

    It lives inside the app (not around `app()`) so CliRunner tests go through it too.
    The root group also serves the LAZY_COMMANDS.
    """

    def _is_root(self, ctx: Any) -> bool:
        return ctx.parent is None and ctx.command is self

    def list_commands(self, ctx: Any) -> list[str]:
        names = super().list_commands(ctx)
        if self._is_root(ctx):
            names += [n for n in LAZY_COMMANDS if n not in names]
        return names

    def get_command(self, ctx: Any, cmd_name: str) -> Any:
        found = super().get_command(ctx, cmd_name)
        if found is None and self._is_root(ctx) and cmd_name in LAZY_COMMANDS:
            found = _lazy_group(LAZY_COMMANDS[cmd_name]).commands.get(cmd_name)
        return found

    def invoke(self, ctx: Any) -> Any:
        try:
            return super().invoke(ctx)
        except RunstrengthError as exc:
            typer.echo(f"Error: {exc}", err=True)
            raise typer.Exit(exc.exit_code) from None
        except UsageError as exc:
            # One line instead of typer's boxed panel, like every other input error.
            path = exc.ctx.command_path.split()[1:] if exc.ctx is not None else []
            where = " ".join(["runstrength", *path])
            typer.echo(f"Error: {exc.format_message()} (see `{where} --help`)", err=True)
            raise typer.Exit(2) from None


def _new_app(**kwargs: Any) -> typer.Typer:
    return typer.Typer(
        cls=ErrorTranslatingGroup,
        pretty_exceptions_enable=False,
        no_args_is_help=True,
        context_settings={"help_option_names": ["-h", "--help"]},
        **kwargs,
    )


app = _new_app(help="Progressive strength-training plans for runners, and a log that coaches you.")


def _version(value: bool) -> None:
    if value:
        from runstrength import __version__

        typer.echo(f"runstrength {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: Annotated[
        bool,
        typer.Option("--version", callback=_version, is_eager=True, help="Show the version."),
    ] = False,
) -> None:
    """Progressive strength-training plans for runners, and a log that coaches you."""


def _lazy_group(module_name: str) -> Any:
    """The click group of the commands a module registers, built once per process."""
    if module_name not in _built:
        import importlib

        holder = _new_app()
        importlib.import_module(module_name).register(holder, _new_app)
        _built[module_name] = typer.main.get_command(holder)
    return _built[module_name]


_built: dict[str, Any] = {}


def _register() -> None:
    from runstrength.cli import plan_cmd

    plan_cmd.register(app)


_register()


def main() -> None:
    """Console-script entry point."""
    app()
