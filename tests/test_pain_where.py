"""`--where`: pain counts for the regions the runner names (docs/method.md §10.3).

Coach QA: `log goblet-squat 2x12@20kg --pain 5` flagged the knee and the hip (every
region the goblet squat loads), and the hip's hinge work went for weeks; a runner with a
sore knee could not say so. The walk over `PainSet`s is checked pure; the rest through the
real app (CliRunner) over simulated days on the shipped catalog and rules.
"""

from __future__ import annotations

import datetime as dt

import pytest

from runstrength.catalog import load_catalog
from runstrength.enums import PainRegion
from runstrength.log.pain import NextDayPain, PainLog, PainSet, pain_state
from runstrength.models import Catalog
from runstrength.rulebook import default_rulebook

RULES = default_rulebook()
KNEE, HIP, LOW_BACK = PainRegion.KNEE, PainRegion.HIP, PainRegion.LOW_BACK
MONDAY = dt.date(2026, 12, 7)  # the QA plan: sessions A, B, C on Mon, Wed, Fri


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    return load_catalog()


def _on(days: int) -> dt.date:
    return MONDAY + dt.timedelta(days=days)


def _sets(*rows: tuple[int, int, str, int | None, tuple[PainRegion, ...] | None]) -> list[PainSet]:
    return [PainSet(sid, MONDAY + dt.timedelta(days=d), ex, p, w) for sid, d, ex, p, w in rows]


# --------------------------------------------------------------------------- the walk


def test_pain_counts_only_for_the_regions_named(catalog: Catalog) -> None:
    day = _on(30)

    def flags(*rows: tuple[int, int, str, int | None, tuple[PainRegion, ...] | None]) -> set[str]:
        return {r.value for r in pain_state(PainLog(sets=_sets(*rows)), catalog, day, RULES).flags}

    # the QA case: a sore knee on a goblet squat (knee, hip) flags the knee alone
    state = pain_state(PainLog(sets=_sets((1, 0, "goblet-squat", 5, (KNEE,)))), catalog, day, RULES)
    assert set(state.flags) == {KNEE} and state.flags[KNEE].hurt == {"goblet-squat"}
    # named none: every region it loads, as before --where
    assert flags((1, 0, "goblet-squat", 5, None)) == {"knee", "hip"}
    # a region the exercise does not load is taken as given: the runner knows
    assert flags((1, 0, "split-squat", 5, (LOW_BACK,))) == {"low-back"}
    # a pain of 1 named for the knee clears the knee; the hip, trained with no score there,
    # is neither flagged nor cleared by it
    both = (1, 0, "goblet-squat", 5, None)
    assert flags(both, (2, 3, "bodyweight-box-squat", 1, (KNEE,))) == {"hip"}
    assert flags(both, (2, 3, "bodyweight-box-squat", 1, None)) == set()
    # and a pain of 5 for the knee says nothing of the hip: the hip's flag stays as it was
    assert flags((1, 0, "side-plank", 5, None), (2, 3, "goblet-squat", 5, (KNEE,))) == {
        "hip",
        "knee",
    }
    hip = pain_state(
        PainLog(sets=_sets((1, 0, "side-plank", 4, None), (2, 3, "goblet-squat", 6, (KNEE,)))),
        catalog,
        day,
        RULES,
    ).flags
    assert (hip[HIP].pain, hip[HIP].red, hip[KNEE].red) == (4, False, True)


def test_a_set_named_elsewhere_still_ends_a_hold_where_it_trained(catalog: Catalog) -> None:
    """A set without a score there reports nothing, but it trained the region: it ends a
    next-morning hold there, as a set logged with no score does (§10.3)."""
    day = _on(30)
    held = PainLog(sets=_sets((1, 0, "split-squat", 1, None)), next_day=[NextDayPain(1, None, 3)])
    assert set(pain_state(held, catalog, day, RULES).holds) == {KNEE, HIP}
    later = held._replace(sets=[*held.sets, *_sets((2, 3, "goblet-squat", 1, (KNEE,)))])
    assert pain_state(later, catalog, day, RULES).holds == {}
    # next-morning pain named for one region holds that region alone
    knee_only = held._replace(next_day=[NextDayPain(1, None, 3, (KNEE,))])
    assert set(pain_state(knee_only, catalog, day, RULES).holds) == {KNEE}
    # ... one the session did not train included: the runner says where it hurts
    back = held._replace(next_day=[NextDayPain(1, "split-squat", 5, (LOW_BACK,))])
    state = pain_state(back, catalog, day, RULES)
    assert set(state.flags) == {LOW_BACK} and set(state.holds) == {LOW_BACK}
