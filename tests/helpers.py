"""Helpers shared by the log tests: a small catalog, a 12-week plan, logged sets and
sessions, a synthetic log. Nothing here depends on the engine or the shipped catalog."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path

from runstrength.enums import (
    Band,
    Category,
    DistanceUnit,
    DoseType,
    ExerciseLevel,
    Laterality,
    Level,
    LoadType,
    LoadUnit,
    Phase,
    Season,
    Weekday,
)
from runstrength.log.nextsession import NextSession
from runstrength.log.storage import LoggedSession, LoggedSet, SessionLog
from runstrength.models import (
    Catalog,
    Dose,
    Exercise,
    Generator,
    Load,
    Plan,
    PlanInputs,
    Prescription,
    Session,
    Week,
)
from runstrength.plan.warmup import calibration_note
from runstrength.rulebook import default_rulebook
from runstrength.watch.runs import Run

BENCHMARKS = Path(__file__).resolve().parents[1] / "benchmarks"

RULES = default_rulebook()
KG, LB = LoadUnit.KG, LoadUnit.LB
START = dt.date(2026, 1, 5)  # a Monday


def exercise(
    id: str,
    category: Category,
    pattern: str,
    rank: int,
    dose: DoseType,
    *,
    regression: str | None = None,
    laterality: Laterality = Laterality.BILATERAL,
    reps: tuple[int, int] | None = (8, 12),
    seconds: tuple[int, int] | None = None,
    contacts: tuple[int, int] | None = None,
) -> Exercise:
    return Exercise(
        id=id,
        name=id.replace("-", " ").capitalize(),
        category=category,
        order_rank=rank,
        pattern=pattern,
        laterality=laterality,
        equipment=["none"],
        level=ExerciseLevel.BEGINNER,
        regression=regression,
        dose=Dose(type=dose, sets=(2, 3), reps=reps, seconds=seconds, contacts=contacts),
        cues=[f"Do the {id} well"],
        video=f"https://example.org/{id}",
    )


def small_catalog() -> Catalog:
    """A dozen exercises with regression chains, enough for a two-day plan."""
    c = Category
    exercises = [
        exercise("pogos", c.PLYOMETRIC, "hop", 1, DoseType.CONTACTS, reps=None, contacts=(10, 20)),
        exercise(
            "trap-bar-deadlift",
            c.MAIN_BILATERAL,
            "hinge",
            2,
            DoseType.LOAD,
            regression="kettlebell-deadlift",
        ),
        exercise("kettlebell-deadlift", c.MAIN_BILATERAL, "hinge", 2, DoseType.LOAD),
        exercise(
            "back-squat", c.MAIN_BILATERAL, "squat", 2, DoseType.LOAD, regression="goblet-squat"
        ),
        exercise(
            "goblet-squat",
            c.MAIN_BILATERAL,
            "squat",
            2,
            DoseType.LOAD,
            regression="bodyweight-box-squat",
        ),
        exercise("bodyweight-box-squat", c.MAIN_BILATERAL, "squat", 2, DoseType.REPS),
        exercise(
            "split-squat",
            c.MAIN_UNILATERAL,
            "lunge",
            3,
            DoseType.LOAD,
            laterality=Laterality.UNILATERAL,
        ),
        exercise(
            "single-leg-romanian-deadlift",
            c.MAIN_UNILATERAL,
            "hinge",
            3,
            DoseType.LOAD,
            laterality=Laterality.UNILATERAL,
        ),
        exercise(
            "bent-knee-calf-raise", c.CALF_FOOT_ANKLE, "calf", 4, DoseType.LOAD, reps=(10, 15)
        ),
        exercise("deadbug", c.CORE_ANTI_EXTENSION, "core", 5, DoseType.REPS, reps=(6, 10)),
        exercise(
            "side-plank",
            c.CORE_ANTI_LATERAL_FLEXION,
            "core",
            5,
            DoseType.TIME,
            reps=None,
            seconds=(20, 45),
        ),
        exercise("one-arm-dumbbell-row", c.UPPER_ACCESSORY, "pull", 4, DoseType.LOAD),
    ]
    return Catalog(exercises={e.id: e for e in exercises})


def rx(
    exercise_id: str,
    sets: int,
    reps: tuple[int, int] | None,
    rir: int | None,
    *,
    catalog: Catalog | None = None,
    seconds: int | None = None,
    contacts: int | None = None,
    load: LoadType | None = None,
) -> Prescription:
    """A prescription of a catalog exercise."""
    ex = (catalog or small_catalog()).require(exercise_id)
    if load is None:
        load = LoadType.CHOOSE if ex.dose.type is DoseType.LOAD else LoadType.BODYWEIGHT
    made = Prescription(
        id=ex.id,
        name=ex.name,
        category=ex.category,
        pattern=ex.pattern,
        laterality=ex.laterality,
        order_rank=ex.order_rank,
        level=ex.level,
        equipment=ex.equipment,
        sets=sets,
        reps=reps,
        seconds=seconds,
        contacts=contacts,
        target_rir=rir,
        load=Load(type=load),
        rest_seconds=90,
        video=ex.video,
        notes=ex.cues[0],
    )
    # as the engine dresses it: a calibration note wherever the load is "choose"
    return made.model_copy(update={"calibration": calibration_note(made)})


def _week(index: int, phase: Phase, deload: bool, start: dt.date | None) -> Week:
    main_reps = (8, 12) if phase is Phase.AA else (6, 8)
    main_rir = 3 if phase is Phase.AA else 2
    sets = 2 if deload else 3
    rir_add = RULES.deload.rir_add if deload else 0
    contacts = 15 if deload else 30

    def day(offset: int) -> dt.date | None:
        return start + dt.timedelta(days=7 * (index - 1) + offset) if start else None

    a = Session(
        index=1,
        label="A",
        date=day(0),
        weekday=Weekday.MON,
        heavy_lower_body=True,
        exercises=[
            rx("pogos", 3, (contacts // 3, contacts // 3), None, contacts=contacts),
            rx("trap-bar-deadlift", sets, main_reps, main_rir + rir_add),
            rx("split-squat", sets, (8, 12), 3 + rir_add),
            rx("bent-knee-calf-raise", 2, (10, 15), 3 + rir_add),
            rx("deadbug", 2, (6, 10), 3 + rir_add),
        ],
    )
    b = Session(
        index=2,
        label="B",
        date=day(3),
        weekday=Weekday.THU,
        heavy_lower_body=True,
        exercises=[
            rx("back-squat", sets, main_reps, main_rir + rir_add),
            rx("single-leg-romanian-deadlift", sets, (8, 12), 3 + rir_add),
            rx("side-plank", 2, None, None, seconds=30),
        ],
    )
    return Week(index=index, phase=phase, season=Season.OFF, deload=deload, sessions=[a, b])


def make_plan(
    weeks: int = 12,
    *,
    start: dt.date | None = START,
    level: Level = Level.NOVICE,
    unit: LoadUnit = KG,
    race_date: dt.date | None = None,
) -> Plan:
    """AA weeks 1–4, deload 5, MS 6–9, deload 10, MS after; sessions Mon (A) and Thu (B)."""
    plan_weeks = [
        _week(i, Phase.AA if i <= 5 else Phase.MS, i in (5, 10), start) for i in range(1, weeks + 1)
    ]
    return Plan(
        generator=Generator(version="test"),
        inputs=PlanInputs(
            season=Season.OFF,
            weekly_volume=40,
            unit=DistanceUnit.KM,
            weekly_volume_km=40,
            volume_band=Band.B,
            days=2,
            weeks=weeks,
            level=level,
            equipment=["gym"],
            injuries=[],
            load_unit=unit,
            start_date=start,
            race_date=race_date,
        ),
        weeks=plan_weeks,
    )


def logged(
    sid: int,
    day: dt.date,
    sets: Sequence[LoggedSet],
    *,
    key: tuple[int, int] | None = None,
    plan_id: int | None = None,
) -> LoggedSession:
    return LoggedSession(
        id=sid,
        date=day,
        sets=tuple(sets),
        plan_id=plan_id,
        week=key[0] if key else None,
        session=key[1] if key else None,
    )


def sets_of(
    exercise_id: str,
    reps: Sequence[int],
    load: float | None,
    *,
    rir: int | None = None,
    pain: int | None = None,
    unit: LoadUnit = KG,
    targets: tuple[int, int, int | None] | None = None,
) -> list[LoggedSet]:
    lo, hi, trir = targets if targets else (None, None, None)
    return [
        LoggedSet(
            exercise_id,
            n,
            reps=r,
            load=load,
            unit=unit if load is not None else None,
            rir=rir,
            pain=pain,
            target_reps_lo=lo,
            target_reps_hi=hi,
            target_rir=trir,
        )
        for n, r in enumerate(reps, start=1)
    ]


def only(nxt: NextSession | None, exercise_id: str) -> Prescription:
    assert nxt is not None
    found = [p for p in nxt.session.exercises if p.id == exercise_id]
    assert found, [p.id for p in nxt.session.exercises]
    return found[0]


def generate_log(log: SessionLog, n_sets: int) -> tuple[int, int]:
    """benchmarks/synthetic.py's plausible history of about `n_sets` sets in `log`."""
    if str(BENCHMARKS) not in sys.path:
        sys.path.insert(0, str(BENCHMARKS))
    from synthetic import generate_log as generate

    found: tuple[int, int] = generate(log, n_sets)
    return found


def cli_process(home: Path, *args: str, today: str) -> subprocess.CompletedProcess[str]:
    """`python -m runstrength ARGS` as a process on this checkout's code, with its own data
    folder and a pinned today (for what only a whole process shows: files it leaves)."""
    env = {
        **os.environ,
        "RUNSTRENGTH_HOME": str(home),
        "RUNSTRENGTH_TODAY": today,
        "PYTHONPATH": str(Path(__file__).resolve().parents[1] / "src"),
    }
    return subprocess.run(
        [sys.executable, "-m", "runstrength", *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def pydantic_builds(
    home: Path, *args: str, today: str
) -> tuple[subprocess.CompletedProcess[str], dict[str, str]]:
    """Run the CLI with ARGS in a fresh process, then say what of pydantic it used:
    {"pydantic": "True" when it imported the pydantic package at all, "adapters": the
    models it built a validator or serializer for ("Plan,Profile"; "" for none),
    "plugins": "True" when pydantic imported its plugin loader (and importlib.metadata
    with it, as it does for its first validator)}."""
    code = (
        "import sys\n"
        f"sys.argv = ['runstrength', *{list(args)!r}]\n"
        "from runstrength.cli import main\n"
        "try:\n"
        "    main()\n"
        "except SystemExit:\n"
        "    pass\n"
        "from runstrength.values import _ADAPTERS\n"
        "print(f'pydantic={\"pydantic\" in sys.modules}',\n"
        "      'adapters=' + ','.join(sorted(m.__name__ for m in _ADAPTERS)),\n"
        "      f'plugins={\"pydantic.plugin._loader\" in sys.modules}', file=sys.stderr)\n"
    )
    env = {**os.environ, "RUNSTRENGTH_HOME": str(home), "RUNSTRENGTH_TODAY": today}
    run = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=60
    )
    last = run.stderr.strip().splitlines()[-1] if run.stderr.strip() else ""
    return run, dict(word.split("=", 1) for word in last.split() if "=" in word)


def a_run(
    start: dt.datetime, km: float, source: str, *, hard: bool | None = None, pace_s: float = 330
) -> Run:
    """A run as an import makes it (`pace_s` seconds a km; a hard one with a heart rate);
    its format is the suffix of `source`."""
    return Run(
        date=start.date(),
        start=start,
        distance_m=km * 1000,
        duration_s=km * pace_s,
        sport="running",
        hard=hard,
        avg_hr=150 if hard else None,
        source=Path(source),
        source_format=Path(source).suffix.lstrip("."),  # type: ignore[arg-type]
    )


# A runner's own catalog entry (`plan --catalog my.yaml`), one the shipped catalog lacks.
MY_HOP = """\
- id: my-hop
  name: My hop
  category: calf-foot-ankle
  order_rank: 4
  pattern: calf
  laterality: bilateral
  equipment: [none]
  level: beginner
  regression: null
  progression: null
  dose: {type: reps, sets: [2, 3], reps: [10, 15]}
  cues: ["Rise high"]
  video: https://www.youtube.com/results?search_query=calf
"""
