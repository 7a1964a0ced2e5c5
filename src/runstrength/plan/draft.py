"""A session while it is being built: prescriptions paired with the slot role they fill."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from functools import partial
from operator import itemgetter
from typing import NamedTuple

from runstrength.enums import Role
from runstrength.models import Catalog, Prescription
from runstrength.plan.rules import is_hlb_session
from runstrength.rulebook import Rulebook


class Slotted(NamedTuple):
    """One prescription of a draft and the template role it was chosen for."""

    prescription: Prescription
    role: Role


_PRESCRIPTION, _ROLE = itemgetter(0), itemgetter(1)  # Slotted's two fields

# A NamedTuple's generated `__new__` is a Python function (a frame for every value);
# `tuple.__new__` makes the same value in C. Every session of every week makes these.
make_slotted: Callable[[tuple[Prescription, Role]], Slotted] = partial(tuple.__new__, Slotted)


# NamedTuple, not a dataclass: cheaper to make at start-up (docs/architecture.md)
class Draft(NamedTuple):
    """A session while it is being built: label, flags and slotted prescriptions."""

    label: str
    items: tuple[Slotted, ...]
    light: bool = False
    primer: bool = False

    @property
    def exercises(self) -> tuple[Prescription, ...]:
        """The prescriptions alone, in order."""
        return tuple(map(_PRESCRIPTION, self.items))  # in C: every step of every week asks

    def with_items(self, items: Iterable[Slotted]) -> Draft:
        """The same session with other items (`dataclasses.replace`, but cheaper)."""
        return make_draft((self.label, tuple(items), self.light, self.primer))

    def map(self, change: Callable[[Slotted], Prescription]) -> Draft:
        """Each prescription replaced by `change(item)`, roles kept; the draft itself when
        `change` returned every prescription as it was (most steps change few)."""
        out: list[Slotted] | None = None  # made at the first change (one loop: every
        for k, item in enumerate(self.items):  # step of every week maps every draft)
            p = change(item)
            if out is not None:
                out.append(item if p is item.prescription else make_slotted((p, item.role)))
            elif p is not item.prescription:
                out = [*self.items[:k], make_slotted((p, item.role))]
        if out is None:
            return self
        return make_draft((self.label, tuple(out), self.light, self.primer))

    def has_role(self, role: Role) -> bool:
        return role in map(_ROLE, self.items)  # in C; a Role equals only itself


# as `make_slotted`: all four fields given, in order
make_draft: Callable[[tuple[str, tuple[Slotted, ...], bool, bool]], Draft] = partial(
    tuple.__new__, Draft
)


def replaced(items: tuple[Slotted, ...], k: int, p: Prescription) -> tuple[Slotted, ...]:
    """`items` with the k-th prescription replaced (its role kept)."""
    return (*items[:k], make_slotted((p, items[k].role)), *items[k + 1 :])


def shaved(p: Prescription) -> Prescription:
    """One set fewer."""
    return p.model_copy(update={"sets": p.sets - 1})


def is_shaveable(p: Prescription, sets: int | None = None) -> bool:
    """Whether a set can come off: more than one set, and not dosed in contacts; with
    `sets`, as if it had that many sets."""
    return (p.sets if sets is None else sets) > 1 and p.contacts is None


def last_where(n: int, keep: Callable[[int], bool]) -> int | None:
    """The last index below n for which `keep` holds (volume cuts work from the end)."""
    return next((k for k in range(n - 1, -1, -1) if keep(k)), None)


def is_hlb_draft(d: Draft, catalog: Catalog, rules: Rulebook) -> bool:
    """Whether a draft counts as heavy lower body (§0): one of its lifts does."""
    return is_hlb_session(map(_PRESCRIPTION, d.items), catalog, rules)
