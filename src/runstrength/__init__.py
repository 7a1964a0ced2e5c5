"""runstrength: progressive strength-training plans for runners."""

# The one place the version lives: the build reads it from here (pyproject's
# [tool.hatch.version]), so `--version` needs no importlib.metadata at start-up.
__version__ = "0.1.0"

__all__ = ["__version__"]
