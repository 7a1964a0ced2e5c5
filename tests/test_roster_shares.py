"""How a roster run deals its batches to the workers (coach.roster.Shares, likeness)."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from runstrength.coach.athletes import Athlete
from runstrength.coach.roster import Shares, likeness
from runstrength.enums import Level
from runstrength.models import Profile


@given(
    batches=st.integers(min_value=0, max_value=60),
    workers=st.integers(min_value=1, max_value=6),
    asks=st.lists(st.integers(min_value=0, max_value=5), max_size=200),
)
def test_every_batch_is_dealt_once_and_each_worker_starts_on_its_own_stretch(
    batches: int, workers: int, asks: list[int]
) -> None:
    shares = Shares(list(range(batches)), workers)
    stretches = [list(s) for s in shares.stretches]
    # the stretches cut the batches in order, in parts that differ by at most one
    assert [b for s in stretches for b in s] == list(range(batches))
    assert max(map(len, stretches)) - min(map(len, stretches)) <= 1
    dealt: dict[int, list[int]] = {w: [] for w in range(workers)}
    order = [a % workers for a in asks] + [w for w in range(workers) for _ in range(batches)]
    for worker in order:
        batch = shares.next(worker)
        if batch is not None:
            dealt[worker].append(batch)
    got = sorted(b for d in dealt.values() for b in d)
    assert got == list(range(batches))  # each exactly once, none lost
    assert all(shares.next(w) is None for w in range(workers))
    for worker, own in enumerate(stretches):
        mine = dealt[worker]
        # a worker takes its own stretch from the front, in order, before anything else
        taken = [b for b in mine if b in own]
        assert taken == own[: len(taken)]
        if len(taken) < len(own):  # the rest of its stretch went to others, from the back
            assert all(b not in own for b in mine[len(taken) :])


def test_a_worker_done_early_takes_from_the_back_of_the_longest_stretch() -> None:
    shares = Shares(list(range(9)), 3)  # stretches 0-2, 3-5, 6-8
    assert [shares.next(0) for _ in range(3)] == [0, 1, 2]
    assert shares.next(1) == 3
    assert shares.next(0) == 8  # stretch 3 is the longest left (3 against 2): its back
    assert shares.next(0) == 5  # (4, 5) and (6, 7) are as long: the first one's back
    assert shares.next(2) == 6
    assert [shares.next(1), shares.next(2), shares.next(0)] == [4, 7, None]


def _athlete(row: int, **fields: object) -> Athlete:
    profile = Profile(**fields)  # type: ignore[arg-type]
    return Athlete(row, row + 1, f"A{row}", f"a{row}", profile, key=str(row))


def test_likeness_puts_runners_alike_in_level_kit_and_injuries_side_by_side() -> None:
    athletes = [
        _athlete(0, level=Level.ADVANCED, equipment=["home"]),
        _athlete(1, level=Level.NOVICE, equipment=["gym"], injuries=["itbs"]),
        _athlete(2, level=Level.ADVANCED, equipment=["gym"]),
        _athlete(3, level=Level.NOVICE, equipment=["gym"], weekly_volume=80.0),
        _athlete(4, level=Level.ADVANCED, equipment=["home"], weekly_volume=20.0),
        _athlete(5, level=Level.NOVICE, equipment=["gym"], injuries=["itbs"]),
    ]
    ordered = [group[0].row for group in sorted(([a] for a in athletes), key=likeness)]
    # level, then kit, then injuries, then volume; equal runners keep the roster order
    assert ordered == [2, 4, 0, 3, 1, 5]
