"""The one error family. The library raises these; only the CLI prints them."""


class RunstrengthError(Exception):
    """Base of every error the user should see as one line, not a traceback.

    `field` names the input that failed when one did (a `ProfileFlags` name such as
    `race_date`, which is also the roster column), and `reason` is the message without
    the `--flag:` prefix, so a caller can point at its own wording of that input.
    """

    exit_code = 1

    def __init__(self, message: str = "", *, field: str | None = None, reason: str | None = None):
        super().__init__(message)
        self.field = field
        self.reason = message if reason is None else reason


class CatalogError(RunstrengthError):
    """The exercise catalog (or the rules file) is missing, malformed or inconsistent."""

    exit_code = 2


class InvalidProfile(RunstrengthError):
    """The runner's inputs cannot make a plan (bad flag value, impossible combination)."""

    exit_code = 2


class InvalidInput(RunstrengthError):
    """Any other bad user input: a log spec, a date, an unknown exercise id."""

    exit_code = 2


class StorageError(RunstrengthError):
    """The log database cannot be opened, read or written safely."""

    exit_code = 2


class WriteError(RunstrengthError):
    """An output file cannot be written where it was asked for (a folder, a missing folder)."""

    exit_code = 2


class RenderError(RunstrengthError):
    """A renderer could not produce its output (missing dates for ICS, bad paper size)."""

    exit_code = 2
