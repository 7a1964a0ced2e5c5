"""runstrength: progressive strength-training plans for runners."""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("runstrength")
except PackageNotFoundError:  # a checkout that was never installed
    __version__ = "0.0.0"

__all__ = ["__version__"]
