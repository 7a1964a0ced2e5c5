"""The typer app: the only layer that reads argv, prints, or exits.

Import only light modules at the top (typer, stdlib, enums, errors, paths): every command
imports the core it needs inside its body so `runstrength --help` stays instant.
"""

from __future__ import annotations

from typing import Annotated, Any

import typer
from typer.core import TyperGroup

from runstrength.errors import RunstrengthError

try:  # typer >= 0.26 vendors click; its usage errors are what a mistyped flag raises
    from typer._click.exceptions import UsageError
except ImportError:  # pragma: no cover - older typer on top of click
    from click.exceptions import UsageError  # type: ignore[no-redef,import-not-found]


class ErrorTranslatingGroup(TyperGroup):
    """Turns a RunstrengthError anywhere below into `Error: …` on stderr and its exit code.

    It lives inside the app (not around `app()`) so CliRunner tests go through it too.
    """

    def invoke(self, ctx: Any) -> Any:
        try:
            return super().invoke(ctx)
        except RunstrengthError as exc:
            typer.echo(f"Error: {exc}", err=True)
            raise typer.Exit(exc.exit_code) from None
        except UsageError as exc:
            # One line instead of typer's boxed panel, like every other input error.
            where = exc.ctx.command_path if exc.ctx is not None else "runstrength"
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
        from importlib.metadata import PackageNotFoundError, version

        try:
            typer.echo(f"runstrength {version('runstrength')}")
        except PackageNotFoundError:  # running from a checkout without an install
            typer.echo("runstrength (not installed)")
        raise typer.Exit()


@app.callback()
def _root(
    version: Annotated[
        bool,
        typer.Option("--version", callback=_version, is_eager=True, help="Show the version."),
    ] = False,
) -> None:
    """Progressive strength-training plans for runners, and a log that coaches you."""


def _register() -> None:
    # Each command module adds its commands to `app`; the modules are light at import time.
    from runstrength.cli import catalog_cmd, plan_cmd

    plan_cmd.register(app)
    catalog_cmd.register(app, _new_app)


_register()


def main() -> None:
    """Console-script entry point."""
    app()
