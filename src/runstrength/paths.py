"""Where runstrength keeps and finds its files.

`user_dir()` is the CLI's to call (it passes folders down); the loaders of shipped data
(catalog.py, rulebook.py) call `data_file()` for their defaults.
"""

from __future__ import annotations

import os
from pathlib import Path

APP_NAME = "runstrength"
HOME_ENV = "RUNSTRENGTH_HOME"
LOG_NAME = "log.db"  # the training log in the data folder (cli/log_cmd.py's LOG_FILE)


def user_dir() -> Path:
    """The data folder: $RUNSTRENGTH_HOME if set, else the platform's user data folder."""
    override = os.environ.get(HOME_ENV)
    if override:
        return _checked_home(override)
    from platformdirs import user_data_dir

    return Path(user_data_dir(APP_NAME, appauthor=False))


_NAME_MAX = 255
_PATH_MAX = 4000


def _checked_home(value: str) -> Path:
    """$RUNSTRENGTH_HOME as a folder path, or an InvalidInput that names the variable."""
    from runstrength.errors import InvalidInput
    from runstrength.text import printable

    path = Path(value)
    shown = printable(value if len(value) <= 60 else value[:59] + "…")
    if "\0" in value or len(value) > _PATH_MAX or any(len(p) > _NAME_MAX for p in path.parts):
        raise InvalidInput(f"${HOME_ENV}: {shown!r} is not a usable folder path (too long)")
    try:
        if path.exists() and not path.is_dir():
            raise InvalidInput(f"${HOME_ENV}: {shown} is a file, not a folder")
    except OSError as exc:
        raise InvalidInput(f"${HOME_ENV}: {shown}: {exc.strerror}") from None
    return path


def log_file() -> Path:
    """The training log database: <data folder>/log.db."""
    return user_dir() / LOG_NAME


def data_file(name: str) -> Path:
    """A file shipped in `data/`: runstrength/data/ in the wheel, ../../data in a checkout."""
    packaged = Path(__file__).with_name("data") / name
    if packaged.is_file():
        return packaged
    return Path(__file__).resolve().parents[2] / "data" / name
