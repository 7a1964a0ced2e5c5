"""A small hand-built plan for renderer tests that should not depend on the engine."""

from __future__ import annotations

import datetime as dt

from runstrength.enums import (
    Band,
    Category,
    DistanceUnit,
    ExerciseLevel,
    Laterality,
    Level,
    LoadType,
    LoadUnit,
    Phase,
    Season,
    Weekday,
)
from runstrength.models import (
    Generator,
    Load,
    Plan,
    PlanInputs,
    Prescription,
    RampSet,
    Session,
    Warmup,
    Week,
)


def _pogos(contacts: int) -> Prescription:
    return Prescription(
        id="pogos",
        name="Pogos",
        category=Category.PLYOMETRIC,
        pattern="hop",
        laterality=Laterality.BILATERAL,
        order_rank=1,
        level=ExerciseLevel.BEGINNER,
        equipment=["none"],
        sets=3,
        reps=(contacts // 3, contacts // 3),
        contacts=contacts,
        load=Load(type=LoadType.BODYWEIGHT),
        rest_seconds=60,
        video="https://www.youtube.com/results?search_query=pogo+hops+runners",
        notes="Stiff springy ankles, tall body; minimal ground time.",
        safety=["Land on a firm, flat floor"],
    )


def _deadlift(sets: int, rir: int) -> Prescription:
    return Prescription(
        id="trap-bar-deadlift",
        name="Trap bar deadlift",
        category=Category.MAIN_BILATERAL,
        pattern="hinge",
        laterality=Laterality.BILATERAL,
        order_rank=2,
        level=ExerciseLevel.INTERMEDIATE,
        equipment=["trap-bar"],
        sets=sets,
        reps=(8, 12),
        target_rir=rir,
        load=Load(type=LoadType.CHOOSE),
        rest_seconds=90,
        tempo="3-1-1-0",
        video="https://www.youtube.com/results?search_query=trap+bar+deadlift",
        notes="Brace, push the floor away; hips and shoulders rise together.",
        calibration=f"Calibration: pick a load you could lift for {rir} more reps (RIR {rir})",
    )


def _split_squat_calf() -> Prescription:
    return Prescription(
        id="split-squat-calf-raise",
        name="Split squat calf raises",
        category=Category.CALF_FOOT_ANKLE,
        pattern="lunge-calf",
        laterality=Laterality.UNILATERAL,
        order_rank=4,
        level=ExerciseLevel.INTERMEDIATE,
        equipment=["none"],
        sets=2,
        reps=(8, 12),
        per_side=True,
        target_rir=3,
        load=Load(type=LoadType.BODYWEIGHT),
        rest_seconds=60,
        video="https://www.youtube.com/results?search_query=split+squat+calf+raise",
        notes="Hold a low split squat – rise on the front forefoot ≤ 2 s, lower slowly.",
    )


def _side_plank() -> Prescription:
    return Prescription(
        id="side-plank",
        name="Side plank",
        category=Category.CORE_ANTI_LATERAL_FLEXION,
        pattern="core",
        laterality=Laterality.UNILATERAL,
        order_rank=5,
        level=ExerciseLevel.BEGINNER,
        equipment=["mat"],
        sets=2,
        seconds=30,
        per_side=True,
        load=Load(type=LoadType.BODYWEIGHT),
        rest_seconds=60,
        video="https://www.youtube.com/results?search_query=side+plank",
        notes="Hips high and in line; bend the knees to make it easier.",
    )


def _carry() -> Prescription:
    return Prescription(
        id="suitcase-carry",
        name="Suitcase carry",
        category=Category.CORE_ANTI_LATERAL_FLEXION,
        pattern="carry",
        laterality=Laterality.UNILATERAL,
        order_rank=5,
        level=ExerciseLevel.BEGINNER,
        equipment=["dumbbells"],
        sets=2,
        distance_m=30,
        per_side=True,
        load=Load(type=LoadType.ABSOLUTE, value=24.0, unit="kg"),
        rest_seconds=60,
        video="https://www.youtube.com/results?search_query=suitcase+carry",
        notes="Heavy in one hand, walk tall, no lean.",
    )


def _warmup() -> Warmup:
    """The §10.1 warm-up, ramping up to the trap bar deadlift (a "choose" load)."""
    ramp = [
        RampSet(
            exercise_id="trap-bar-deadlift",
            exercise="Trap bar deadlift",
            reps=reps,
            percent=percent,
            effort=effort,
        )
        for reps, percent, effort in ((5, 50, "light"), (3, 75, "moderate"))
    ]
    return Warmup(minutes=5, general="easy jog, skips, leg swings", ramp=ramp)


def sample_plan(*, dated: bool = True) -> Plan:
    """Two weeks, the second a deload, two sessions a week; every dose kind appears."""
    start = dt.date(2026, 12, 7) if dated else None

    def day(offset: int) -> dt.date | None:
        return start + dt.timedelta(days=offset) if start else None

    weeks = []
    for w, deload in ((1, False), (2, True)):
        base = 7 * (w - 1)
        a = Session(
            index=1,
            label="A",
            date=day(base),
            heavy_lower_body=False,
            weekday=Weekday.MON,
            exercises=[
                _pogos(30 if not deload else 15),
                _deadlift(2, 3 + 2 * deload),
                _split_squat_calf(),
                _side_plank(),
            ],
            warmup=_warmup(),
        )
        b = Session(
            index=2,
            label="B",
            date=day(base + 3),
            weekday=Weekday.THU,
            exercises=[_deadlift(1 if deload else 2, 4), _carry()],
            warmup=_warmup(),
        )
        weeks.append(
            Week(index=w, phase=Phase.AA, season=Season.OFF, deload=deload, sessions=[a, b])
        )
    return Plan(
        generator=Generator(version="0.1.0"),
        inputs=PlanInputs(
            season=Season.OFF,
            weekly_volume=25.0,
            unit=DistanceUnit.MI,
            weekly_volume_km=40.2,
            volume_band=Band.B,
            days=2,
            weeks=2,
            level=Level.NOVICE,
            equipment=["none", "dumbbells", "trap-bar"],
            injuries=["achilles"],
            load_unit=LoadUnit.KG,
            start_date=start,
        ),
        weeks=weeks,
        warnings=[],
    )
