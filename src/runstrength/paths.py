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
        return Path(override)
    from platformdirs import user_data_dir

    return Path(user_data_dir(APP_NAME, appauthor=False))


def log_file() -> Path:
    """The training log database: <data folder>/log.db."""
    return user_dir() / LOG_NAME


def data_file(name: str) -> Path:
    """A file shipped in `data/`: runstrength/data/ in the wheel, ../../data in a checkout."""
    packaged = Path(__file__).with_name("data") / name
    if packaged.is_file():
        return packaged
    return Path(__file__).resolve().parents[2] / "data" / name
