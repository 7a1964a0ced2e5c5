"""The typer app: the only layer that reads argv, prints, or exits.

Import only light modules at the top (typer, stdlib, enums, errors, paths): every command
imports the core it needs inside its body so `runstrength --help` stays instant.
"""

# No `from __future__ import annotations`: typer reads the signatures below at start-up.

import errno
import io
import re
from collections.abc import Callable
from typing import Annotated, Any, NoReturn

import typer

# typer >= 0.26 (we need 0.29) vendors click; its usage errors are what a mistyped flag raises
from typer._click.exceptions import NoArgsIsHelpError, UsageError
from typer.core import TyperGroup

from runstrength.cli import coercion, console
from runstrength.errors import RunstrengthError
from runstrength.text import one_line

EXIT_SIGPIPE = 141  # 128 + SIGPIPE: what a shell reports for a writer whose reader left

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
        if found is not None:
            coercion.lean(found, ctx)
        if found is not None and self._is_root(ctx):
            from runstrength.cli.help_text import polish

            polish(found, cmd_name, ctx)  # words for metavars, Examples in --help
        return found

    def get_params(self, ctx: Any) -> Any:
        params = super().get_params(ctx)
        if self._is_root(ctx):
            from runstrength.cli.help_text import flowing, tidy_params

            tidy_params(params)
            self.help = flowing(self.help)
            if self.epilog is None:
                from runstrength.cli.examples import epilog

                self.epilog = epilog("")
        return params

    def resolve_command(self, ctx: Any, args: list[str]) -> Any:
        try:
            return super().resolve_command(ctx, args)
        except UsageError as exc:
            if args and exc.message.startswith("No such command"):
                from runstrength.cli.help_text import unknown_command

                exc.message = unknown_command(args[0], self.list_commands(ctx))
            raise

    def parse_args(self, ctx: Any, args: list[str]) -> list[str]:
        coercion.lean(self, ctx)  # a group's own options (--help, --version…) too
        if not self._is_root(ctx):
            return super().parse_args(ctx, args)
        if not ctx.resilient_parsing:  # not while the shell completes: keep TAB fast
            args = _set_colour(args)
        try:
            return super().parse_args(ctx, args)
        except NoArgsIsHelpError:
            raise  # typer prints the help
        except UsageError as exc:
            _usage_error(exc)
            raise  # not reached

    def invoke(self, ctx: Any) -> Any:
        try:
            return super().invoke(ctx)
        except RunstrengthError as exc:
            # One printable line whatever the message holds (a file name with a newline,
            # a catalog name with an escape sequence, a multi-line library message).
            typer.echo(f"Error: {one_line(exc)}", err=True)
            raise typer.Exit(exc.exit_code) from None
        except NoArgsIsHelpError as exc:  # `runstrength catalog`: the help, and nothing more
            message = exc.format_message()  # empty when rich printed the help already
            if message:
                typer.echo(message)
            raise typer.Exit(2) from None
        except UsageError as exc:
            _usage_error(exc)
        except BrokenPipeError:
            # The reader went away (`runstrength plan | head -1`): stop quietly, as cat does.
            _quiet_broken_pipe()


def _usage_error(exc: UsageError) -> NoReturn:
    """One line instead of typer's boxed panel, like every other input error."""
    path = exc.ctx.command_path.split()[1:] if exc.ctx is not None else []
    where = " ".join(["runstrength", *path])
    message = one_line(exc.format_message())
    negative = re.fullmatch(r"No such option: (-\d[\d.]*)", message)
    if negative:  # `log pain-next-day -1`: a value, read as an option (hostile-input QA)
        message = f"{negative[1]}: no value here is below 0, and no option is named so"
    typer.echo(f"Error: {message} (see `{where} --help`)", err=True)
    raise typer.Exit(2) from None


def _set_colour(args: list[str]) -> list[str]:
    """Apply `--no-color` before anything prints, help too. It is global: accepted before
    or after the command (`runstrength plan --no-color`), and taken out of `args`."""
    end = args.index("--") if "--" in args else len(args)
    given = console.NO_COLOR_FLAG in args[:end]
    console.set_no_color(given)
    if given:
        args = [a for a in args[:end] if a != console.NO_COLOR_FLAG] + args[end:]
    allowed = console.colour_allowed()
    import sys

    rich_help = sys.modules.get("typer.rich_utils")
    if rich_help is None and not allowed:
        import importlib

        rich_help = importlib.import_module("typer.rich_utils")
    if rich_help is not None:  # typer's help and errors: no colour either
        setattr(rich_help, "COLOR_SYSTEM", "auto" if allowed else None)  # noqa: B010
    return args


def _new_app(
    cls: type[ErrorTranslatingGroup] = ErrorTranslatingGroup, **kwargs: Any
) -> typer.Typer:
    """Every group of the app, the root and each command's: one-line errors, -h, plain
    tracebacks, help when called bare. A group may pass its own `cls` (a subclass, so it
    keeps the error handling) and override any setting (`no_args_is_help=False`)."""
    settings: dict[str, Any] = {
        "pretty_exceptions_enable": False,
        "no_args_is_help": True,
        "context_settings": {"help_option_names": ["-h", "--help"]},
    }
    return typer.Typer(cls=cls, **{**settings, **kwargs})


def mount(
    app: typer.Typer, name: str, group: typer.Typer, commands: dict[str, Callable[..., Any]]
) -> None:
    """`group` as the command `name` of `app`, with `commands` (name -> function) in it."""
    app.add_typer(group, name=name)
    for command_name, function in commands.items():
        group.command(command_name)(function)


def _holder() -> None:
    """Holds a lazily loaded module's commands."""


app = _new_app()


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
    no_color: Annotated[
        bool,
        typer.Option(
            console.NO_COLOR_FLAG,
            help="No colour or styles in any output (as with NO_COLOR=1 or TERM=dumb).",
        ),
    ] = False,
) -> None:
    """Progressive strength-training plans for runners, and a log that coaches you.

    Your saved profile, active plan and training log live in one file, log.db, in your
    user data folder (~/.local/share/runstrength on Linux; `runstrength log path` prints
    it). Set RUNSTRENGTH_HOME to keep them in another folder. Tab completion: run
    `runstrength --install-completion` once.
    """


def _lazy_group(module_name: str) -> Any:
    """The click group of the commands a module registers, built once per process."""
    if module_name not in _built:
        import importlib

        holder = _new_app()
        # A callback makes typer build a group even for one command (next, history…):
        # the group is what the commands are taken from.
        holder.callback()(_holder)
        importlib.import_module(module_name).register(holder, _new_app)
        _built[module_name] = typer.main.get_command(holder)
    return _built[module_name]


_built: dict[str, Any] = {}


def _register() -> None:
    from runstrength.cli import plan_cmd

    plan_cmd.register(app)


_register()


def _quiet_broken_pipe() -> None:
    """Point stdout at /dev/null (so the exit-time flush cannot fail again) and exit 141."""
    _stdout_to_devnull()
    raise typer.Exit(EXIT_SIGPIPE)


def _stdout_to_devnull() -> None:
    """Point stdout's file descriptor at /dev/null: after a failed write, Python's own
    flush at exit would fail (and print) again."""
    import os
    import sys

    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
    except (OSError, ValueError, AttributeError):
        pass


# What writing stdout can fail with besides a closed pipe: a full disk, a quota, a file
# size limit, an I/O error of the device, a closed stdout (`_ClosedOutput`).
_OUTPUT_ERRNOS = frozenset(
    getattr(errno, name)
    for name in ("ENOSPC", "EDQUOT", "EFBIG", "EIO", "EBADF")
    if hasattr(errno, name)
)


def _whole_writes(stream: Any) -> Any:
    """stdout over a buffered writer when Python left it unbuffered ($PYTHONUNBUFFERED,
    `python -u`): a raw file write may write part of the text and report no error, which
    the text layer does not check, so a plan or an export cut short by a file-size limit
    or a full disk ended with exit 0 (the reliability review's re-check). A buffered writer
    writes all of it or raises. Lines still go out as they are printed."""
    raw = getattr(stream, "buffer", None)
    if not isinstance(raw, io.RawIOBase) or not isinstance(stream, io.TextIOWrapper):
        return stream
    return io.TextIOWrapper(
        io.BufferedWriter(raw),
        encoding=stream.encoding,
        errors=stream.errors,
        line_buffering=True,
    )


class _ClosedOutput(io.TextIOBase):
    """sys.stdout when the process started with it closed: any text written to it is an
    OSError (EBADF), so the output is never dropped in silence (the reliability review's
    S13 re-check: `plan -f md >&-` printed nothing and exited 0)."""

    def write(self, text: str) -> int:
        if text:
            raise OSError(errno.EBADF, "standard output is closed")
        return 0

    def writable(self) -> bool:
        return True


def main() -> None:
    """Console-script entry point."""
    import os
    import sys

    # A closed stdout (`runstrength plan -o x.md >&-`) takes nothing: a command that has
    # output for it fails as on a full disk, saying that what it saved is kept; one that
    # writes only files succeeds. A closed stderr is as good as /dev/null.
    if sys.stdout is None:
        sys.stdout = _ClosedOutput()
    if sys.stderr is None:
        sys.stderr = open(os.devnull, "w")  # noqa: SIM115
    if sys.stdin is None:  # `runstrength log undo <&-`: no terminal, no answers
        sys.stdin = open(os.devnull)  # noqa: SIM115
    # A terminal or a $PYTHONIOENCODING that cannot show "–", "×" or "é" gets a "?" for
    # each, not a UnicodeEncodeError traceback (the reliability review's re-check).
    for stream in (sys.stdout, sys.stderr):
        if getattr(stream, "errors", None) == "strict" and hasattr(stream, "reconfigure"):
            stream.reconfigure(errors="replace")
    sys.stdout = _whole_writes(sys.stdout)
    # pydantic looks for third-party plugins (a scan of every installed package's entry
    # points) before its first validation; a CLI that validates a few flags and exits has
    # no use for them. A value the user set is kept.
    os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")
    from runstrength.cli import completion

    if completion.completing():
        completion.fast_resolution()
    try:
        try:
            app()
        finally:
            sys.stdout.flush()  # a reader that left shows up here at the latest
    except BrokenPipeError:
        try:
            _quiet_broken_pipe()
        except typer.Exit as done:
            sys.exit(done.exit_code)
    except OSError as exc:
        # stdout on a full disk or a dead device (`runstrength log … >/dev/full`): the
        # command's own writes went through fileio and the log's transactions, which say
        # their errors as RunstrengthError, so what reaches here is the output. One line,
        # and the truth about what was kept: every write is committed before it prints.
        if exc.errno not in _OUTPUT_ERRNOS:
            raise
        _output_failed(exc)


def _output_failed(exc: OSError) -> NoReturn:
    """Say in one line (on stderr, if it can still be written) that the output could not
    be written, and exit 2; stdout goes to /dev/null so the exit-time flush is quiet."""
    import sys

    _stdout_to_devnull()
    try:
        sys.stderr.write(
            f"Error: cannot write the output ({exc.strerror or exc}); anything this command "
            "saved is kept\n"
        )
        sys.stderr.flush()
    except OSError:
        pass
    sys.exit(2)
