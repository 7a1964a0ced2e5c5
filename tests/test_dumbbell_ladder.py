"""The dumbbell ladder of §10.6 over weeks of logging (docs/method.md §4.4, inv. 39): a
novice in lb with dumbbells logs every set at the top of the range at the target RIR, with
the clock moved to each session's day; the ladder's progress survives the deloads and the
AA -> MS change (the QA pass: it started again at both, and the loads stayed at 20 lb for
9 sessions against invariant 39's 6)."""

from __future__ import annotations

import datetime as dt
import itertools
from dataclasses import dataclass
from pathlib import Path

from runstrength.enums import Level, LoadType, LoadUnit, Phase
from runstrength.log import service
from runstrength.log.storage import SessionLog
from runstrength.models import Prescription

from sim_invariants import InvariantChecker
from sim_start import RULES, START, WEEKS, catalog, start

CHOSEN_LB = 20.0  # what the runner picks for a "choose": a light pair of dumbbells


@dataclass
class Done:
    """One loaded exercise as `next` gave it on the day it was done."""

    day: dt.date
    phase: Phase
    deload: bool
    p: Prescription
    load: float
    planned_tempo: str | None  # the plan's own tempo for it that day


def _spec(p: Prescription) -> tuple[str, float | None]:
    """The top of the prescription, as logged: its SPEC and its load (None: unloaded)."""
    if p.contacts is not None:
        return f"{p.sets}x{max(1, p.contacts // max(1, p.sets))}c", None
    if p.seconds is not None:
        return f"{p.sets}x{p.seconds}s", None
    if p.distance_m is not None:
        return f"{p.sets}x{p.distance_m:g}m", None
    assert p.reps is not None
    load = {LoadType.ABSOLUTE: p.load.value, LoadType.CHOOSE: CHOSEN_LB}.get(p.load.type)
    return f"{p.sets}x{p.reps[1]}" + (f"@{load:g}lb" if load else ""), load


def _on_target(db: Path) -> dict[str, list[Done]]:
    """Every session logged on its day, every set at the top of the range at the target
    RIR; every `next` checked against the invariants (sim_invariants: inv. 39 included)."""
    check = InvariantChecker(db, catalog(), RULES)
    with SessionLog(db) as log:
        active = log.active_plan()
    assert active is not None
    tempos = {(s.date, p.id): p.tempo for _, s in active.plan.sessions() for p in s.exercises}
    done: dict[str, list[Done]] = {}
    day = START
    for _ in range(WEEKS * 7 + 14):
        nxt = service.next_session(db, day, catalog(), RULES)
        if nxt is None:
            break
        check(day, nxt)
        if nxt.session.date == day:
            deload = nxt.week.deload or nxt.deload is not None
            for p in nxt.session.exercises:
                spec, load = _spec(p)
                rir = p.target_rir if p.reps is not None and p.contacts is None else None
                service.log_entry(
                    db, p.id, spec, day=day, now=day, rir=rir, pain=None, note=None,
                    catalog=catalog(), rules=RULES,
                )  # fmt: skip
                if load is not None:
                    planned = tempos.get((day, p.id))
                    x = Done(day, nxt.week.phase, deload, p, load, planned)
                    done.setdefault(p.id, []).append(x)
        due = nxt.session.date
        day = due if due is not None and due > day else day + dt.timedelta(days=1)
    assert check.checked > WEEKS
    return done


def _rung(why: str) -> int:
    """The ladder rung a `why` gives (0: none): reps above the range, a set, a slower tempo."""
    if "dumbbell ladder" not in why:
        return 0
    return 1 + (" sets" in why) + ("tempo" in why)


def _last_rung(p: Prescription) -> bool:
    """Whether `p` is on the ladder's last rung before the step: the slower tempo, or the
    extra set of an exercise dosed with its own tempo (it takes no ladder tempo)."""
    rung = _rung(p.why or "")
    return rung == 3 or (rung == 2 and p.tempo is not None)


def test_the_ladder_survives_deloads_and_the_phase_change(tmp_path: Path) -> None:
    start(tmp_path / "log.db", level=Level.NOVICE, unit=LoadUnit.LB, equipment=["dumbbells"])
    done = _on_target(tmp_path / "log.db")
    crossed = held = 0
    for exercise_id, xs in done.items():
        loading = [x for x in xs if not x.deload]
        # inv. 39: at most 6 loading sessions at one load, the phase change included
        run = 1
        for a, b in itertools.pairwise(loading):
            run = run + 1 if b.load == a.load else 1
            assert run <= 6, (exercise_id, b.day, b.load, b.p.why)
        for a, b in itertools.pairwise(loading):
            rung_a, rung_b = _rung(a.p.why or ""), _rung(b.p.why or "")
            between = [x for x in xs if a.day < x.day < b.day]
            if not rung_a:
                continue
            # on the ladder: the next loading session climbs one rung, or takes the step
            # after the tempo, over a deload (it holds the ladder) and a phase change (the
            # rung carries over)
            climbed = b.load == a.load and rung_b == rung_a + 1
            stepped = b.load > a.load and _last_rung(a.p)
            assert climbed or stepped, (exercise_id, a.day, b.day, a.p.why, b.p.why)
            crossed += a.phase is not b.phase
            held += any(x.deload for x in between)
    assert crossed and held, (crossed, held)  # the run did cross both


def test_an_earned_step_is_not_withheld_by_the_phase_change(tmp_path: Path) -> None:
    """The rung before the step (a slower tempo, or the extra set of an exercise with its
    own tempo) taken in AA: the first MS session takes the step, whatever the new range's
    e1RM says."""
    start(tmp_path / "log.db", level=Level.NOVICE, unit=LoadUnit.LB, equipment=["dumbbells"])
    done = _on_target(tmp_path / "log.db")
    steps = 0
    for xs in done.values():
        loading = [x for x in xs if not x.deload]
        for a, b in itertools.pairwise(loading):
            if a.phase is Phase.AA and b.phase is Phase.MS and _last_rung(a.p):
                assert b.load > a.load, (b.p.id, b.p.why)
                steps += 1
    assert steps


def test_an_exercise_with_its_own_tempo_takes_no_ladder_tempo(tmp_path: Path) -> None:
    """The coach QA run: the tempo rung gave a goblet squat the 3-1-1-0 it had already, and
    a calf raise's 3-0-3-0 became 3-1-1-0 (faster). An exercise dosed with its own tempo
    keeps it, and its step comes after the extra set."""
    start(tmp_path / "log.db", level=Level.NOVICE, unit=LoadUnit.LB, equipment=["dumbbells"])
    done = _on_target(tmp_path / "log.db")
    own = 0
    for xs in done.values():
        for x in xs:
            planned_tempo = x.planned_tempo
            if planned_tempo is not None and _rung(x.p.why or ""):
                assert x.p.tempo == planned_tempo, (x.p.id, x.p.tempo, planned_tempo, x.p.why)
                assert "tempo" not in (x.p.why or ""), x.p.why
                own += 1
    assert own  # some exercise with its own tempo was on the ladder
