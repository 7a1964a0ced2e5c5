"""What pain tracking keeps (docs/method.md §10.3): the log's pain, per-region flags,
re-entry windows and holds, and the catalog's regions of an exercise. Split out of pain.py,
which re-exports every name here."""

import datetime as dt
import functools
import json
from collections.abc import Collection, Mapping, Sequence
from typing import NamedTuple

from runstrength.enums import PainRegion
from runstrength.errors import InvalidInput
from runstrength.models import Catalog

REGION_NAMES = ", ".join(r.value for r in PainRegion)


class PainSet(NamedTuple):
    """A logged set as pain tracking reads it (or an exercise's sets of one session, with
    their highest pain: the walk reads no more). `pain` None: none was given, which
    reports nothing (it does not clear a flag). `where`: the regions the runner said it
    hurt in (`log --where`), which the pain counts for instead of every region the
    exercise loads; None: none were named."""

    session_id: int
    date: dt.date
    exercise_id: str
    pain: int | None
    where: tuple[PainRegion, ...] | None = None


class Clearance(NamedTuple):
    """A check-in: the runner says `region` has settled (after a red flag: was cleared)."""

    region: PainRegion
    date: dt.date
    # when it was written (the log's UTC `created_at`): a session begun before it keeps
    # what it was shown (`pain.under_way`)
    recorded: str = ""


class NextDayPain(NamedTuple):
    """Pain the morning after a session; on the regions the runner named (`where`), else
    on one exercise's regions, or (neither) on the session's (`morning_regions`)."""

    session_id: int
    exercise_id: str | None
    pain: int
    where: tuple[PainRegion, ...] | None = None


class PainLog(NamedTuple):
    """What the log holds about pain (log.clearance.pain_log reads it)."""

    sets: Sequence[PainSet] = ()
    clearances: Sequence[Clearance] = ()
    next_day: Sequence[NextDayPain] = ()


class Flag(NamedTuple):
    region: PainRegion
    pain: int  # the worst pain since the flag was raised
    since: dt.date
    red: bool
    hurt: frozenset[str]  # exercises logged with pain >= modify_at while flagged


class Restart(NamedTuple):
    region: PainRegion
    cleared: dt.date
    until: dt.date  # re-entry doses up to here (exclusive)
    since: dt.date  # the flag's start: loads up to that day (the one that hurt) are the reference


class RampWindow(NamedTuple):
    """The days a cleared region's doses climb back in (§10.3, §10.4): from the end of its
    re-entry window for `log_loop.ramp_max_weeks`, cut short by a new flag there; and the
    re-entry window before it, from the check-in (`cleared`), cut short the same way."""

    region: PainRegion
    start: dt.date
    end: dt.date  # exclusive; before `start` when a new flag cut the re-entry window
    cleared: dt.date  # the check-in: the re-entry window runs from here to `start`

    def covers(self, day: dt.date) -> bool:
        return self.start <= day < self.end

    def restarting(self, day: dt.date) -> bool:
        """Whether `day` is in the re-entry window (up to a new flag's day, inclusive)."""
        return self.cleared <= day < min(self.start, self.end)


class Hold(NamedTuple):
    region: PainRegion
    date: dt.date  # the session the next-morning pain followed
    pain: int  # next morning
    during: int | None  # during the session; None: no score was logged there


def above_during(during: int | None) -> str:
    """How a hold's next-morning pain compares with the session: 'above the 2/10 during
    the session', or, no score logged there, not a made-up 0/10 (QA: pain logged for the
    hip with `--where`, the knee's morning read "above the 0/10 during the session")."""
    if during is None:
        return "with no pain logged there during the session"
    return f"above the {during}/10 during the session"


class PainState(NamedTuple):
    """Per region: flags, re-entry windows after a check-in, next-morning holds."""

    flags: Mapping[PainRegion, Flag] = {}
    restarts: Mapping[PainRegion, Restart] = {}
    holds: Mapping[PainRegion, Hold] = {}
    # re-entry windows that ended in the last `log_loop.ramp_max_weeks`: the doses climb
    # back from the last session's as after a break's re-entry block (§10.4)
    ramps: Mapping[PainRegion, Restart] = {}
    # every ramp a check-in started, oldest first: which sessions of a planned deload week
    # were loading ones for the work on a ramping region (context.build_context)
    windows: tuple[RampWindow, ...] = ()


def regions_of(catalog: Catalog | None, exercise_id: str) -> tuple[PainRegion, ...]:
    ex = catalog.get(exercise_id) if catalog is not None else None
    return tuple(ex.regions) if ex is not None else ()


def scored(st: PainSet, loaded: Sequence[PainRegion]) -> list[tuple[PainRegion, int | None]]:
    """The regions set `st` trained (`loaded`: its exercise's), each with the pain it
    reports there. Its score counts for the regions the runner named (`--where`), a region
    the exercise does not load included (the runner knows where it hurts: the low back in
    a split squat); the exercise's other regions were trained with no score, which neither
    flags nor clears them (a sore knee on a goblet squat took the hip's hinge work away
    for weeks). Named none: the score counts for every region it loads."""
    if st.where is None:
        return [(r, st.pain) for r in loaded]
    return [(r, None) for r in loaded if r not in st.where] + [(r, st.pain) for r in st.where]


def morning_regions(
    trained: Mapping[PainRegion, Collection[int]],
) -> tuple[tuple[PainRegion, ...], bool]:
    """The regions next-morning pain given for a whole session (no `--where`, no
    `--exercise`) counts for, from the session's pain scores per region it trained
    (`trained`): where it logged pain (1/10 or more), the runner's own word on what hurt;
    when it logged none, every region it trained. With whether they are the ones that
    hurt. The log-loop QA pass: knee pain in the session, `log pain-next-day 5` the next
    morning, and all six regions of the session were flagged (§10.3)."""
    hurt = [r for r in PainRegion if any(p > 0 for p in trained.get(r, ()))]
    if hurt:
        return tuple(hurt), True
    return tuple(r for r in PainRegion if r in trained), False


def session_morning(
    sets: Sequence[PainSet], catalog: Catalog | None
) -> tuple[tuple[PainRegion, ...], bool]:
    """`morning_regions` of one session's logged sets."""
    trained: dict[PainRegion, list[int]] = {}
    for st in sets:
        for r, pain in scored(st, regions_of(catalog, st.exercise_id)):
            trained.setdefault(r, []).extend(() if pain is None else (pain,))
    return morning_regions(trained)


# How prose names a region; commands take the values (`log clear low-back`). The QA pass
# read "in the low-back" and "in the achilles-calf" beside "in the foot/ankle".
_SAID = {
    PainRegion.FOOT_ANKLE: "foot/ankle",
    PainRegion.ACHILLES_CALF: "Achilles/calf",
    PainRegion.LOW_BACK: "low back",
}


def region_name(region: PainRegion) -> str:
    """A region as a sentence names it: 'knee', 'foot/ankle', 'Achilles/calf', 'low back'."""
    return _SAID.get(region, region.value)


def parse_region(raw: str) -> PainRegion:
    """A region name as typed (foot-ankle, achilles-calf, knee, hip, hamstring, low-back);
    a typo is told the nearest name."""
    try:
        return PainRegion(raw.strip().lower())
    except ValueError:
        from runstrength.log.spec import shown_text
        from runstrength.text import close_words

        close = close_words(raw.strip().lower(), [r.value for r in PainRegion], most=1)
        hint = f"did you mean {close[0]}? (one of {REGION_NAMES})" if close else REGION_NAMES
        one_of = hint if close else f"one of {hint}"
        raise InvalidInput(f"{shown_text(raw)} is not a pain region; {one_of}") from None


def parse_regions(raw: str) -> tuple[PainRegion, ...]:
    """A comma list of regions as typed (`knee`, `knee,hip`), in the fixed order of
    PainRegion. An empty list is refused (it would say the pain was nowhere), and so are an
    empty item and a region named twice (`knee,,hip`, `knee,knee`: most likely a region
    left out or mistyped, as `knee,knee` for `knee,hip`)."""
    if not raw.strip():
        raise InvalidInput(f"no pain region given; one or more of {REGION_NAMES}, comma-separated")
    from runstrength.log.spec import shown_text

    regions: list[PainRegion] = []
    for part in raw.split(","):
        if not part.strip():
            raise InvalidInput(f"{shown_text(raw)} has an empty region name (a comma too many?)")
        region = parse_region(part)
        if region in regions:
            raise InvalidInput(f"{shown_text(raw)} names {region.value} twice")
        regions.append(region)
    return tuple(r for r in PainRegion if r in regions)


def regions_text(regions: Collection[PainRegion]) -> str:
    """Regions as the log stores and shows them: `knee,hip`, in PainRegion's order."""
    return ",".join(r.value for r in PainRegion if r in regions)


@functools.cache
def stored_regions(text: str | None) -> tuple[PainRegion, ...] | None:
    """The regions a stored `pain_regions` value names (records.LoggedSet), or None when
    it names none. A value this version cannot read (the file edited by hand) counts as
    none named: the pain then counts for every region the exercise loads, as it did before
    `--where`, never for fewer. Cached: a long log repeats the same few values."""
    if text is None:
        return None
    try:
        return parse_regions(text)
    except InvalidInput:
        return None


def stored_replaced(text: str | None) -> tuple[tuple[int, str], ...]:
    """The (pain, created_at) pairs of a stored next-morning report's `replaced` (m010):
    the reports naming nowhere that it replaced. None for NULL or for a value this version
    did not write (the file edited by hand)."""
    if text is None:
        return ()
    try:
        pairs = tuple((int(p), str(at)) for p, at in json.loads(text))
    except (ValueError, TypeError):
        return ()
    return pairs if all(0 <= p <= 10 for p, _ in pairs) else ()
