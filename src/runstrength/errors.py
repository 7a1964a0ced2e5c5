"""The one error family. The library raises these; only the CLI prints them."""


class RunstrengthError(Exception):
    """Base of every error the user should see as one line, not a traceback.

    `field` names the input that failed when one did (a `ProfileFlags` name such as
    `race_date`, which is also the roster column), and `reason` is the message without
    the `--flag:` prefix, so a caller can point at its own wording of that input.
    """

    # One code for the whole family: each is bad input or a place the user must fix, never
    # a bug (docs/architecture.md, "Errors and exit codes"); no subclass overrides it.
    exit_code = 2

    def __init__(self, message: str = "", *, field: str | None = None, reason: str | None = None):
        super().__init__(message)
        self.field = field
        self.reason = message if reason is None else reason


class CatalogError(RunstrengthError):
    """The exercise catalog (or the rules file) is missing, malformed or inconsistent."""


class InvalidProfile(RunstrengthError):
    """The runner's inputs cannot make a plan (bad flag value, impossible combination)."""


class InvalidInput(RunstrengthError):
    """Any other bad user input: a log spec, a date, an unknown exercise id."""


class StorageError(RunstrengthError):
    """The log database cannot be opened, read or written safely."""


class WriteError(RunstrengthError):
    """An output file cannot be written where it was asked for (a folder, a missing folder)."""


class RenderError(RunstrengthError):
    """A renderer could not produce its output (missing dates for ICS, bad paper size)."""
