"""The shared simulation checker (sim_invariants) has teeth: a `next` that breaks an
invariant fails it. Each case takes the real `next` after a real log and changes one thing."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from runstrength.enums import LoadType, Phase
from runstrength.log import service
from runstrength.log.nextsession import NextSession
from runstrength.log.storage import SessionLog
from runstrength.models import Load, Prescription
from runstrength.plan.warmup import with_exercises

from helpers import rx
from sim_invariants import InvariantChecker
from sim_start import RULES, START, catalog, start


def _log(db: Path, day: dt.date, exercise_id: str, spec: str, **kw: int | None) -> None:
    service.log_entry(
        db,
        exercise_id,
        spec,
        day=day,
        now=day,
        rir=kw.get("rir"),
        pain=kw.get("pain"),
        note=None,
        catalog=catalog(),
        rules=RULES,
    )


def _next(db: Path, day: dt.date) -> NextSession:
    nxt = service.next_session(db, day, catalog(), RULES)
    assert nxt is not None
    return nxt


def _with(nxt: NextSession, p: Prescription, **update: object) -> NextSession:
    exercises = [*nxt.session.exercises, p.model_copy(update=update)]
    return nxt._replace(session=with_exercises(nxt.session, exercises, RULES))


def _deadlift(kg: float, exercise_id: str = "trap-bar-deadlift") -> Prescription:
    p = rx(exercise_id, 3, (8, 10), 3, catalog=catalog(), load=LoadType.ABSOLUTE)
    return p.model_copy(update={"load": Load(type=LoadType.ABSOLUTE, value=kg, unit="kg")})


@pytest.fixture
def db(tmp_path: Path) -> Path:
    start(tmp_path / "log.db")
    return tmp_path / "log.db"


def test_the_real_next_passes(db: Path) -> None:
    check = InvariantChecker(db, catalog(), RULES)
    check(START, _next(db, START))
    assert check.checked == 1


def test_a_loaded_exercise_after_a_red_flag_fails(db: Path) -> None:
    day = START + dt.timedelta(days=1)
    _log(db, day, "trap-bar-deadlift", "3x8@60kg", rir=3, pain=8)
    later = day + dt.timedelta(days=2)
    nxt = _with(_next(db, later), _deadlift(50))
    with pytest.raises(AssertionError, match="loaded after a red flag"):
        InvariantChecker(db, catalog(), RULES)(later, nxt)


def test_the_load_that_hurt_coming_back_fails(db: Path) -> None:
    """A lift with no unloading variant may stay on a flagged tissue, below the load that
    hurt (the glute bridge: it is the hinge's unloading variant itself)."""
    day = START + dt.timedelta(days=1)
    _log(db, day, "glute-bridge", "3x8@60kg", rir=3, pain=5)
    later = day + dt.timedelta(days=2)
    bridge = _deadlift(60, "glute-bridge")
    with pytest.raises(AssertionError, match="the load that hurt is back"):
        InvariantChecker(db, catalog(), RULES)(later, _with(_next(db, later), bridge))


def test_a_heavy_lift_on_a_flagged_tissue_fails(db: Path) -> None:
    """Coach re-check D1: pain 5 in one hinge flags the hamstring; another loaded hinge,
    even light, is another heavy lift on the same tissue."""
    day = START + dt.timedelta(days=1)
    _log(db, day, "single-leg-romanian-deadlift", "2x10@16kg", rir=3, pain=5)
    later = day + dt.timedelta(days=2)
    with pytest.raises(AssertionError, match="heavy on a flagged tissue"):
        InvariantChecker(db, catalog(), RULES)(later, _with(_next(db, later), _deadlift(40)))


def test_a_rise_after_missed_reps_fails(db: Path) -> None:
    day = START + dt.timedelta(days=1)
    _log(db, day, "trap-bar-deadlift", "3x5@60kg", rir=0)  # 5 of 8–10 reps
    later = day + dt.timedelta(days=2)
    with pytest.raises(AssertionError, match="up after missed reps"):
        InvariantChecker(db, catalog(), RULES)(later, _with(_next(db, later), _deadlift(62.5)))


def test_a_heavy_session_the_day_before_the_long_run_fails(db: Path) -> None:
    nxt = _next(db, START)
    saturday = START + dt.timedelta(days=5)  # the long run is on Sunday
    moved = nxt.session.model_copy(update={"date": saturday, "heavy_lower_body": True})
    with pytest.raises(AssertionError):
        InvariantChecker(db, catalog(), RULES)(START, nxt._replace(session=moved))


def test_a_ramp_of_a_lift_left_out_or_stale_minutes_fail(db: Path) -> None:
    """D1: the warm-up's ramp names a lift the session holds; the minutes are the
    session's as given (a left-out lift, a one-set re-entry)."""
    nxt = _next(db, START)
    ramp = nxt.session.warmup.ramp if nxt.session.warmup else []
    assert ramp, "the first session opens with a ramp"
    kept = [p for p in nxt.session.exercises if p.id != ramp[0].exercise_id]
    left_out = nxt._replace(session=nxt.session.model_copy(update={"exercises": kept}))
    with pytest.raises(AssertionError, match=ramp[0].exercise_id):
        InvariantChecker(db, catalog(), RULES)(START, left_out)
    stale = nxt._replace(session=nxt.session.model_copy(update={"minutes": 99}))
    with pytest.raises(AssertionError, match="99"):
        InvariantChecker(db, catalog(), RULES)(START, stale)


def test_a_load_held_across_a_phase_change_and_a_deload_fails(db: Path) -> None:
    """Inv. 39 (§10.6): six loading sessions at 20 kg, each at the top of its range at the
    target RIR, across the plan's rep step, a deload week and the AA -> MS change; a next
    that keeps 20 kg fails, whatever its targets (the QA pass: the dumbbell ladder started
    again at each phase change and deload, and a novice in lb stayed at 20 lb for 9
    sessions), and one 2.5 kg step more passes."""
    with SessionLog(db) as log:
        active = log.active_plan()
    assert active is not None
    doses = [
        (w, s.date, p)
        for w in active.plan.weeks
        for s in w.sessions
        for p in s.exercises
        if p.id == "trap-bar-deadlift" and s.date is not None and p.reps is not None
    ]
    loading = [(w, day, p) for w, day, p in doses if not w.deload]
    run = loading[:6]
    assert {w.phase for w, _, _ in run} == {Phase.AA, Phase.MS}
    assert any(w.deload and day < run[-1][1] for w, day, _ in doses)
    for _, day, p in [d for d in doses if d[1] <= run[-1][1]]:  # the deload logged too
        assert p.reps is not None
        _log(db, day, p.id, f"{p.sets}x{p.reps[1]}@20kg", rir=p.target_rir)
    later = run[-1][1] + dt.timedelta(days=1)
    held = _deadlift(20).model_copy(update={"reps": (4, 6), "target_rir": 2})
    with pytest.raises(AssertionError, match="load held past 6 sessions"):
        InvariantChecker(db, catalog(), RULES)(later, _with(_next(db, later), held))
    risen = held.model_copy(update={"load": Load(type=LoadType.ABSOLUTE, value=22.5, unit="kg")})
    InvariantChecker(db, catalog(), RULES)(later, _with(_next(db, later), risen))
