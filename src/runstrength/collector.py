"""Pausing Python's cyclic garbage collector around allocation-heavy, cycle-free work.

Planning and rendering allocate hundreds of thousands of short-lived tuples, lists and
frozen values, and make no reference cycles: reference counting frees all of it. Yet each
700 container allocations start a collection, which walks every young container, and
every tenth of those walks the older ones too: the catalog, the rules and the imported
modules. That was about a sixth of a roster worker's time per athlete (issue 14). Paused
for the length of one plan, the collector runs once afterwards, over what survived.
Paused, it defers a cycle rather than losing it: one made anyway is freed by the next
collection. `tests/test_collector.py` checks plans and their renders make none.
"""

from __future__ import annotations

import functools
import gc
from collections.abc import Callable
from typing import ParamSpec, TypeVar

P = ParamSpec("P")
R = TypeVar("R")


def paused(work: Callable[P, R]) -> Callable[P, R]:
    """`work` with the cyclic collector off while it runs (if it was on: calls nest)."""

    @functools.wraps(work)
    def run(*args: P.args, **kwargs: P.kwargs) -> R:
        if not gc.isenabled():
            return work(*args, **kwargs)
        gc.disable()
        try:
            return work(*args, **kwargs)
        finally:
            gc.enable()

    return run
