"""What every planning step reads: the runner, the catalog, the rules and values derived once.

`PlanContext` is frozen; the steps are functions of it and of small frozen values, and
return new values (and their warnings) instead of changing shared state.
"""

from __future__ import annotations

import datetime as dt
import operator
from collections.abc import Callable, Hashable, Sequence
from typing import TYPE_CHECKING, NamedTuple, TypeVar

from runstrength.enums import Band, Level, Phase, Role, Season
from runstrength.errors import InvalidProfile
from runstrength.kit import resolve_kit
from runstrength.models import Catalog, Prescription, Profile
from runstrength.plan.periodization import race_start
from runstrength.plan.rules import band_of, in_family
from runstrength.plan.selection import Candidates, Chooser
from runstrength.rulebook import Family, InjuryMinimum, Rulebook
from runstrength.units import to_km

if TYPE_CHECKING:  # prescribe imports this module
    from runstrength.plan.draft import Draft
    from runstrength.plan.prescribe import _Fixed

BONE = "bone"  # the injury tag of bone-stress history (§10.2)
K = TypeVar("K", bound=Hashable)
V = TypeVar("V")
Memo = dict[K, tuple[tuple[object, ...], V]]  # key -> (the objects it names by id, value)


def same_items(new: Sequence[object], old: Sequence[object]) -> bool:
    """Whether `new` holds the very objects of `old`, in order: a step that changed
    nothing keeps the value it was given rather than copying it (most weeks are far from
    the race and untouched by its rules)."""
    return len(new) == len(old) and all(map(operator.is_, new, old))  # in C: asked often


def memo_held(memo: Memo[K, V], key: K, owners: tuple[object, ...]) -> V | None:
    """`memo[key]` while the objects its key names by id() are `owners` (or equal to them:
    then it is the same value), else None. Catalog entries and rulebooks hold lists, so
    they have no hash: keys name them by id(), and each entry keeps them alive."""
    held = memo.get(key)
    return held[1] if held is not None and held[0] == owners else None


def memo_kept(memo: Memo[K, V], key: K, owners: tuple[object, ...], value: V, limit: int) -> V:
    """`value`, kept as `memo[key]`; past `limit` entries (many catalogs in one process:
    tests) the memo starts afresh."""
    if len(memo) > limit:
        memo.clear()
    memo[key] = (owners, value)
    return value


T = TypeVar("T")
# (id(catalog), id(rules), the function) -> what it made of them
_PER_CATALOG: Memo[tuple[int, int, Callable[[Catalog, Rulebook], object]], object] = {}


def per_catalog(make: Callable[[Catalog, Rulebook], T], catalog: Catalog, rules: Rulebook) -> T:
    """`make(catalog, rules)`, made once while these catalog and rules objects are in use
    (every plan would find the same ids again)."""
    key = (id(catalog), id(rules), make)
    held = memo_held(_PER_CATALOG, key, (catalog, rules))
    if held is None:
        held = memo_kept(_PER_CATALOG, key, (catalog, rules), make(catalog, rules), 256)
    return held  # type: ignore[return-value]  # made by `make`, kept under its key


def hip_ids(catalog: Catalog, rules: Rulebook) -> frozenset[str]:
    """The catalog's hip work (rules.yaml `families.hip`)."""
    hip = rules.families.hip
    return frozenset(e for e, ex in catalog.exercises.items() if in_family(ex, hip))


# NamedTuple, not a dataclass: cheaper to make at start-up (docs/architecture.md)
class TagMinimum(NamedTuple):
    """One of the runner's weekly injury minimums (§5.1) and the catalog ids that count
    toward it: a member of its family (W9: "2 hip exercises" are hip exercises), or of its
    preferred list when it has none. Worked out once per plan: the weekly fill and the
    cuts ask about every prescription, and a prescription is its catalog entry's."""

    tag: str
    prefer: list[str]
    family: Family | None
    minimum: InjuryMinimum
    members: tuple[str, ...]  # the family's catalog ids, in catalog order (none: no family)
    counted: frozenset[str]  # the ids that count (plan prescriptions are catalog entries)
    # `minimum.each_of` with each member's flat-floor variant: insertional Achilles swaps a
    # raise over a step for it, and it meets the group (the outputs QA run: a week holding
    # the flat single-leg calf raise "needed" the one over a step)
    needs: tuple[tuple[str, ...], ...] = ()


def tag_minimums(profile: Profile, catalog: Catalog, rules: Rulebook) -> tuple[TagMinimum, ...]:
    """The runner's injury tags that have a weekly minimum, in the profile's order."""
    out = []
    for tag in profile.injuries:
        rule = rules.injuries[tag]
        minimum = rule.minimum
        if minimum is None:
            continue
        family = getattr(rules.families, minimum.family) if minimum.family else None
        members = (
            ()
            if family is None
            else tuple(e for e, ex in catalog.exercises.items() if in_family(ex, family))
        )
        counted = frozenset(rule.prefer if family is None else members)
        needs = tuple(_with_flat(group, catalog) for group in minimum.each_of)
        out.append(TagMinimum(tag, rule.prefer, family, minimum, members, counted, needs))
    return tuple(out)


def _with_flat(group: Sequence[str], catalog: Catalog) -> tuple[str, ...]:
    """The ids of a group and, after them, the flat-floor variants that are the same
    exercise on the floor (its pattern and "-flat"): the single-leg calf raise's, not the
    eccentric heel drop's, a straight-knee raise that does no bent-knee work."""
    flat = [
        variant.id
        for e in group
        if (ex := catalog.get(e)) is not None
        and ex.flat_variant is not None
        and (variant := catalog.get(ex.flat_variant)) is not None
        and variant.pattern == f"{ex.pattern}-flat"
    ]
    return tuple(dict.fromkeys([*group, *flat]))


# NamedTuple, not a dataclass: cheaper to make at start-up (docs/architecture.md)
class PlanContext(NamedTuple):
    """The inputs of one plan and what follows from them alone."""

    profile: Profile
    catalog: Catalog
    rules: Rulebook
    kit: frozenset[str]
    km: float
    band: Band
    chooser: Chooser
    start: dt.date | None
    heavy_run_week: bool  # §3.2: three or more key runs a week (long run excluded)
    minimums: tuple[TagMinimum, ...]  # the runner's weekly injury minimums (§5.1)
    kept: frozenset[str]  # ids one of them counts: what deload and taper cuts keep (§10.8)
    guarded: frozenset[str]  # `kept` and hip work: what a time cut takes last (§10.8)
    # the prescriptions made so far, by what they are made of (`prescribe.prescribe`), and
    # what an exercise in a role and phase always gets, by (id(exercise), role, phase):
    # memos shared by the plans alike in what doses read (`shared_doses`)
    prescribed: dict[tuple[object, ...], Prescription]
    fixed: dict[tuple[int, Role, Phase], _Fixed]
    # the same prescriptions before their sets are scaled to the band and key runs (§3.1,
    # §3.2), by the same key and the load (`prescribe._scaled`): shared by the plans alike
    # in catalog, rules and level
    unscaled: dict[tuple[object, ...], Prescription]
    # a week's drafts, by what they read of the week (`sessions.drafts_key`)
    drafted: dict[tuple[object, ...], tuple[Draft, ...]]
    n_weeks: int = 0  # the plan's length, once the phases are laid out

    @property
    def race_day(self) -> int | None:
        """The race's day index counted from the plan's first day, if there is a race."""
        if self.profile.race_date is None or self.start is None:
            return None
        return (self.profile.race_date - self.start).days

    @property
    def first_weekday(self) -> int:
        """The weekday of day 0 (Monday for undated plans)."""
        return self.start.weekday() if self.start else 0


def check_profile(profile: Profile, rules: Rulebook, today: dt.date) -> None:
    """Refuse what no plan can be made for: unknown injury tags, half a race."""
    for tag in profile.injuries:
        if tag not in rules.injuries:
            from runstrength.text import close_words

            known = ", ".join(rules.injuries)
            close = close_words(tag, rules.injuries, most=1)
            hint = f"; did you mean {close[0]}?" if close else ""
            raise InvalidProfile(f"unknown injury tag {tag!r}{hint} (known: {known})")
    if profile.race_date is not None and profile.race_distance is None:
        raise InvalidProfile("--race-date needs --race-distance (5k, 10k, half, marathon, ultra)")
    if profile.race_distance is not None and profile.race_date is None:
        raise InvalidProfile("--race-distance needs --race-date")
    if profile.race_date is not None and profile.race_date <= today:
        raise InvalidProfile(f"--race-date {profile.race_date} is not in the future")
    if profile.days == 1 and profile.season not in (Season.IN, Season.TAPER):
        raise InvalidProfile(
            "--days: 1 is for in-season and taper plans; off- and pre-season need 2 or 3 (§10.8)"
        )


def make_context(
    profile: Profile, catalog: Catalog, rules: Rulebook, today: dt.date
) -> PlanContext:
    """The context of a checked profile (n_weeks still 0)."""
    check_profile(profile, rules, today)
    start = profile.start_date
    if profile.race_date is not None and start is None:
        start = race_start(profile.race_date, today, rules.taper_window_days)
    kit = resolve_kit(profile.equipment, catalog, rules)
    minimums = tag_minimums(profile, catalog, rules)
    kept = frozenset(e for m in minimums for e in m.counted)
    band = band_of(profile.weekly_volume, profile.unit, rules)
    heavy = len(profile.hard_days) >= rules.key_runs_heavy_week
    return PlanContext(
        profile=profile,
        catalog=catalog,
        rules=rules,
        kit=kit,
        km=to_km(profile.weekly_volume, profile.unit),
        band=band,
        chooser=chooser_for(catalog, rules, kit, profile),
        start=start,
        heavy_run_week=heavy,
        minimums=minimums,
        kept=kept,
        guarded=kept | per_catalog(hip_ids, catalog, rules),
        **shared_doses(catalog, rules, profile.level, kit, band, heavy)._asdict(),
        drafted={},
    )


class Doses(NamedTuple):
    """A plan's memos of doses (`PlanContext.prescribed`, `.fixed` and `.unscaled`)."""

    prescribed: dict[tuple[object, ...], Prescription]
    fixed: dict[tuple[int, Role, Phase], _Fixed]
    unscaled: dict[tuple[object, ...], Prescription]


# (id(catalog), id(rules), level, kit, band, heavy run week) -> the Doses of runners alike
_DOSES: Memo[tuple[int, int, Level, frozenset[str], Band, bool], Doses] = {}
# (id(catalog), id(rules), level) -> the unscaled prescriptions of runners alike
_UNSCALED: Memo[tuple[int, int, Level], dict[tuple[object, ...], Prescription]] = {}


def shared_doses(
    catalog: Catalog, rules: Rulebook, level: Level, kit: frozenset[str], band: Band, heavy: bool
) -> Doses:
    """The dose memos of a plan. A prescription follows from the exercise, its role and
    point in the phase, and these inputs alone (plan/prescribe.py reads nothing else of
    the runner), so plans alike in them share one pair: a roster's runners, or a runner's
    plans in one process. The values are frozen and every step copies what it changes, so
    sharing them is safe; the key holds the catalog (whose exercises the memos name by id)
    and the rules alive. The prescriptions before the band's and key runs' set scaling
    (`unscaled`) follow from the catalog, rules and level alone, and the load the kit
    gives (in their key): a roster's runners of other bands and kits share those too."""
    key = (id(catalog), id(rules), level, kit, band, heavy)
    held = memo_held(_DOSES, key, (catalog, rules))
    if held is None:
        common = (id(catalog), id(rules), level)
        unscaled = memo_held(_UNSCALED, common, (catalog, rules))
        if unscaled is None:
            unscaled = memo_kept(_UNSCALED, common, (catalog, rules), {}, 256)
        held = memo_kept(_DOSES, key, (catalog, rules), Doses({}, {}, unscaled), 256)
    return held


# (id(catalog), id(rules), kit, level, injury tags) -> the Chooser of runners with these
_CHOOSERS: Memo[tuple[int, int, frozenset[str], Level, tuple[str, ...]], Chooser] = {}


def chooser_for(
    catalog: Catalog, rules: Rulebook, kit: frozenset[str], profile: Profile
) -> Chooser:
    """The runner's Chooser. What it finds (and keeps) follows from the catalog, the rules,
    the kit, the level and the injury tags alone, and never depends on the order it is
    asked in (tests/test_selection_memo.py), so runners alike in these share one: a
    roster's athletes often are, and each plan need not find the candidates again."""
    injuries = tuple(profile.injuries)
    key = (id(catalog), id(rules), kit, profile.level, injuries)
    held = memo_held(_CHOOSERS, key, (catalog, rules))
    if held is not None:
        return held
    chooser = Chooser(
        catalog,
        rules,
        kit,
        profile.level,
        injuries,
        frozenset(a for tag in injuries for a in rules.injuries[tag].avoid),
        flat_only=any(rules.injuries[tag].flat_floor for tag in injuries),
        bone=BONE in injuries,
        shared=per_catalog(candidate_lists, catalog, rules),
    )
    return memo_kept(_CHOOSERS, key, (catalog, rules), chooser, 256)


def candidate_lists(catalog: Catalog, rules: Rulebook) -> Candidates:
    """The slots' candidate lists the Choosers of one catalog and rulebook share
    (`Chooser.candidates`), empty until they ask."""
    return {}


def heavy_run_week_warning(ctx: PlanContext) -> tuple[str, ...]:
    """The §3.2 note for a runner with many key runs (empty otherwise)."""
    if not ctx.heavy_run_week:
        return ()
    heavy = ctx.rules.heavy_run_week
    return (
        f"{len(ctx.profile.hard_days)} hard run days a week: strength sets "
        f"×{heavy.sets_factor:g} and plyometric contacts ×{heavy.contacts_factor:g} "
        "(method §3.2)",
    )
