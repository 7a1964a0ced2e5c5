"""One logged entry: a prescription as the sets that do it exactly (no SPEC text in
between), SPEC doses as logged sets with their targets, and sets back as text."""

from collections.abc import Collection, Sequence
from typing import Any

from runstrength.enums import DoseType, LoadType, LoadUnit, PainRegion
from runstrength.errors import InvalidInput
from runstrength.log.pain_types import regions_text
from runstrength.log.records import LoggedSet
from runstrength.log.spec import SetDose, format_doses, num_text
from runstrength.models import Exercise, Prescription


def prescribed_doses(p: Prescription, unit: LoadUnit) -> list[SetDose]:
    """`p` as done exactly as prescribed (the bottom of a rep range), one dose per set;
    an absolute load without a unit is in `unit`."""
    if p.contacts is not None:
        dose = SetDose(contacts=max(1, p.contacts // max(1, p.sets)))
    elif p.seconds is not None:
        dose = SetDose(seconds=p.seconds)
    elif p.distance_m is not None:
        dose = SetDose(distance_m=float(p.distance_m))
    elif p.reps is not None:
        dose = SetDose(reps=p.reps[0])
    else:
        dose = SetDose(reps=1)
    if p.load.type is LoadType.ABSOLUTE and p.load.value is not None:
        load_in = LoadUnit(p.load.unit) if p.load.unit else unit
        dose = dose._replace(load=float(num_text(p.load.value)), unit=load_in)
    return [dose] * p.sets


def spec_of(p: Prescription) -> str:
    """The SPEC a runner would type for `p` done as prescribed (what the walk offers);
    `parse_spec` gives `prescribed_doses` back from it."""
    doses = prescribed_doses(p, LoadUnit.KG)
    d = doses[0]
    if d.contacts is not None:
        dose = f"{d.contacts}c"
    elif d.seconds is not None:
        dose = f"{d.seconds}s"
    elif d.distance_m is not None:
        dose = f"{d.distance_m:g}m"
    else:
        dose = str(d.reps)
    spec = f"{len(doses)}x{dose}"
    if d.load is not None:
        spec += f"@{num_text(d.load)}{p.load.unit or ''}"
    return spec


def logged_sets(
    exercise_id: str,
    doses: Sequence[SetDose],
    *,
    rir: int | None,
    pain: int | None,
    p: Prescription | None,
    where: Collection[PainRegion] | None = None,
) -> list[LoggedSet]:
    """Doses as logged sets, with the prescription's targets when there is one, and the
    regions the pain was in (`where`, None: every region the exercise loads). A set of
    0 reps failed, so it had no reps in reserve: an RIR above 0 for it is refused (it would
    say the runner stopped with reps left)."""
    if rir and any(d.reps == 0 for d in doses):
        raise InvalidInput(
            f"{format_doses(doses)} holds a set of 0 reps, which failed: it had no reps in "
            f"reserve, not {rir}: give an RIR of 0, or log the failed set apart with no RIR"
        )
    targets: dict[str, Any] = {}
    if p is not None and p.reps is not None:
        targets = {"target_reps_lo": p.reps[0], "target_reps_hi": p.reps[1]}
        targets["target_rir"] = p.target_rir
    regions = regions_text(where) if where is not None else None
    # A LoggedSet's dose fields are a SetDose's, by name (test_entries_round_trip)
    return [
        LoggedSet(
            exercise_id, n, **d._asdict(), rir=rir, pain=pain, **targets, pain_regions=regions
        )
        for n, d in enumerate(doses, start=1)
    ]


def as_contacts(doses: Sequence[SetDose], exercise: Exercise) -> list[SetDose]:
    """A jump dosed in contacts and logged in plain reps (`log pogos 3x20`) counts them as
    its contacts, as `3x20c` would (the second QA pass: stored as reps, the week's contacts
    in `history` undercounted)."""
    if exercise.dose.type is not DoseType.CONTACTS:
        return list(doses)
    return [
        d._replace(contacts=d.reps, reps=None)
        if d.reps is not None and d.contacts is None and d.seconds is None and d.distance_m is None
        else d
        for d in doses
    ]


def doses_of(sets: Sequence[LoggedSet]) -> list[SetDose]:
    """Logged sets back as doses (what `log edit` starts from). A jump set's reps count its
    contacts; the dose is the contacts alone, as it was typed."""
    doses = [SetDose._make(getattr(s, name) for name in SetDose._fields) for s in sets]
    return [d if d.contacts is None else d._replace(reps=None) for d in doses]


def entry_text(sets: Sequence[LoggedSet]) -> str:
    """'3×5 @ 80 kg (RIR 2, pain 3)': one exercise's sets as the log shows them; with the
    regions the pain was given for, 'pain 5 (knee)'."""
    text = format_doses(doses_of(sets))
    extras = []
    rirs = [s.rir for s in sets if s.rir is not None]
    if rirs:
        said = "RIR " + "/".join(str(r) for r in sorted(set(rirs)))
        # sets logged apart, one with an RIR and one without, read as if all had it (the
        # hostile-input QA run: "5,5,5,0,0,0 @ 80 kg (RIR 2)")
        if len(rirs) < len(sets):
            said += f" on {len(rirs)} of {len(sets)} sets"
        extras.append(said)
    if pains := pain_text(sets):
        extras.append(pains)
    return f"{text} ({', '.join(extras)})" if extras else text


def pain_text(sets: Sequence[LoggedSet]) -> str:
    """'pain 3/5', 'pain 5 (knee)', 'pain 3 (hip)/5 (knee)': the scores above 0 of these
    sets, each with the regions it was given for; one list of regions said once when the
    scores share it. Empty when there is none. A 0 given for named regions is said too
    ('pain 0 (knee)'): the runner said the knee is fine, which settles its flag (QA:
    `--pain 0 --where knee` echoed nothing of it); a walk's default 0 on every exercise
    is not."""
    given = sorted(
        {(s.pain, s.pain_regions or "") for s in sets if s.pain or (s.pain == 0 and s.pain_regions)}
    )
    if not given:
        return ""

    def where(text: str) -> str:
        return f" ({text.replace(',', ', ')})" if text else ""

    if len({regions for _, regions in given}) == 1:
        return "pain " + "/".join(str(p) for p, _ in given) + where(given[0][1])
    return "pain " + "/".join(f"{p}{where(regions)}" for p, regions in given)
