"""Shared fixtures: every test runs with its own data folder, never the real home."""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from hypothesis import settings

if TYPE_CHECKING:
    from runstrength.models import Catalog

# `HYPOTHESIS_PROFILE=deep pytest tests/test_properties.py` explores far more inputs.
settings.register_profile("deep", max_examples=3000, deadline=None)
if os.environ.get("HYPOTHESIS_PROFILE"):
    settings.load_profile(os.environ["HYPOTHESIS_PROFILE"])


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--update-golden",
        action="store_true",
        default=False,
        help="rewrite tests/golden/* from the current renderers instead of comparing",
    )


@pytest.fixture(autouse=True)
def _isolated_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    home = tmp_path / "rs-home"
    monkeypatch.setenv("RUNSTRENGTH_HOME", str(home))
    monkeypatch.setenv("COLUMNS", "100")
    monkeypatch.setenv("TERM", "dumb")
    monkeypatch.delenv("NO_COLOR", raising=False)
    return home


@pytest.fixture
def db(_isolated_home: Path) -> Path:
    """The training log's path in the test's own data folder (not created yet)."""
    return _isolated_home / "log.db"


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    """The shipped exercise catalog, loaded once per test module."""
    from runstrength.catalog import load_catalog

    return load_catalog()


@pytest.fixture
def update_golden(request: pytest.FixtureRequest) -> bool:
    return bool(request.config.getoption("--update-golden"))


GOLDEN = Path(__file__).parent / "golden"


def check_golden(name: str, actual: str, update: bool) -> None:
    """Compare `actual` with tests/golden/<name>, or rewrite it under --update-golden."""
    path = GOLDEN / name
    if update or not path.exists():
        if not update:
            pytest.fail(f"golden file {path} is missing; run pytest --update-golden")
        path.write_text(actual, encoding="utf-8")
        return
    assert actual == path.read_text(encoding="utf-8")
