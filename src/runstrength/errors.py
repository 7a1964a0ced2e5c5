"""The one error family. The library raises these; only the CLI prints them."""


class RunstrengthError(Exception):
    """Base of every error the user should see as one line, not a traceback."""

    exit_code = 1


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


class RenderError(RunstrengthError):
    """A renderer could not produce its output (missing dates for ICS, bad paper size)."""

    exit_code = 2
