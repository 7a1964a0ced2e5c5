"""Choosing catalog exercises for template slots (§2.4, §5 prevention bias, §7 inv. 6–7)."""

from __future__ import annotations

from collections.abc import Iterator

from runstrength.enums import BILATERAL as _BILATERAL
from runstrength.enums import CATEGORY_PLYOMETRIC as _PLYOMETRIC
from runstrength.enums import IMPACT, Category, Level, Role
from runstrength.enums import LEVEL_NOVICE as _NOVICE
from runstrength.enums import ROLE_ACC as _ACC
from runstrength.enums import ROLE_CALF as _CALF
from runstrength.enums import ROLE_MAIN as _MAIN
from runstrength.kit import kit_allows
from runstrength.models import Catalog, Exercise, Prescription
from runstrength.plan.rules import in_family
from runstrength.rulebook import Rulebook, Slot

ROLE_CATEGORIES: dict[Role, frozenset[Category]] = {
    Role.PLYO: frozenset({Category.PLYOMETRIC}),
    Role.MAIN: frozenset(
        {Category.MAIN_BILATERAL, Category.MAIN_UNILATERAL, Category.POSTERIOR_CHAIN}
    ),
    Role.UNI: frozenset({Category.MAIN_UNILATERAL, Category.POSTERIOR_CHAIN}),
    Role.CALF: frozenset({Category.CALF_FOOT_ANKLE}),
}


# A session's template (label, template name, light) and the exercises chosen for its
# slots, each with the slot's role, in slot order (plan.sessions.week_selection)
Chosen = tuple[tuple[str, str, bool], tuple[tuple[Exercise, Role], ...]]

# (id(slot), need, novice, the ids the injuries prefer) -> the slot's candidates
# (`Chooser.candidates`), for one catalog and rulebook (whose slots the keys name by id)
Candidates = dict[tuple[int, str | None, bool, frozenset[str]], list[str]]

IMPACT_REGIONS = frozenset({"foot-ankle", "achilles-calf"})  # where a landing is felt


class Chooser:
    """Picks exercises the runner can do: kit, level, injuries, novice bans.

    A plain class with slots, not a dataclass: it is made at every start-up, where a
    dataclass costs ~1 ms; it holds caches (shared by runners alike: context.chooser_for),
    so it is not a NamedTuple either.
    """

    __slots__ = (
        "_always",
        "_candidates",
        "_eligible",
        "_levels",
        "_plyometrics",
        "_prefers",
        "_shared",
        "_weekly",
        "_windows",
        "avoid",
        "bone",
        "catalog",
        "flat_only",
        "injuries",
        "kit",
        "level",
        "rules",
        "selected",
    )

    def __init__(
        self,
        catalog: Catalog,
        rules: Rulebook,
        kit: frozenset[str],
        level: Level,
        injuries: tuple[str, ...],
        avoid: frozenset[str] = frozenset(),
        *,
        flat_only: bool = False,  # §5.1 insertional Achilles: nothing below step level
        bone: bool = False,  # §10.2 bone-stress history: graded impact
        shared: Candidates | None = None,  # candidate lists of this catalog and rulebook
    ) -> None:
        self.catalog = catalog
        self.rules = rules
        self.kit = kit
        self.level = level
        self.injuries = injuries
        self.avoid = avoid
        self.flat_only = flat_only
        self.bone = bone
        # (slot identity, need) -> ordered candidate ids; slots live as long as the rulebook
        self._candidates: dict[tuple[int, str | None], list[str]] = {}
        # (slot identity, need, week window) -> the candidates this runner may do there
        self._eligible: dict[
            tuple[int, str | None, tuple[bool, bool]], tuple[list[Exercise], Iterator[str]]
        ] = {}
        # (slot identity, need, week) -> that week's window's entry of `_eligible`
        self._weekly: dict[tuple[int, str | None, int], tuple[list[Exercise], Iterator[str]]] = {}
        # the last week of each window `allowed` reads: bone-stress impact, novice bans
        self._windows = (
            rules.bone_impact.weeks if bone else -1,
            rules.novice_banned_weeks if level is _NOVICE else -1,
        )
        self._levels = rules.allowed_levels[level]  # the catalog levels it may do
        # exercise id -> (the exercise, `always_allowed`): every candidate of every week asks
        self._always: dict[str, tuple[Exercise, bool]] = {}
        # (top plyo_rank, week window) -> the plyometric ladder (`plyometrics`)
        self._plyometrics: dict[tuple[int, tuple[bool, bool]], list[Exercise]] = {}
        # a week's choice of exercises, by what it reads of the week (plan.sessions
        # `week_selection`)
        self.selected: dict[tuple[object, ...], tuple[Chosen, ...]] = {}
        self._prefers = frozenset(self.preferred())  # what `candidates` reads of them
        self._shared: Candidates = {} if shared is None else shared

    def allowed(self, ex: Exercise, week_index: int) -> bool:
        """Whether this runner may be given this exercise in this week."""
        held = self._always.get(ex.id)  # what no week changes, kept by id with its exercise
        if held is None or held[0] is not ex:
            held = self._always[ex.id] = (ex, self.always_allowed(ex))
        if not held[1]:
            return False
        if self.bone and self.early_impact(ex, week_index):
            return False
        # a novice's banned weeks (the window's last week; -1 for other levels: an enum
        # member read off its class is dear in Python 3.11, and every candidate asks)
        return not (week_index <= self._windows[1] and ex.id in self.rules.novice_banned)

    def always_allowed(self, ex: Exercise) -> bool:
        """What `allowed` reads of the runner alone, whatever the week: kit, level, injury
        history (the same for every week and every plan of this Chooser, so kept)."""
        return (
            kit_allows(ex, self.kit)
            and ex.level in self._levels
            and ex.id not in self.avoid
            and not (self.flat_only and ex.below_step)
        )

    def why_not(self, ex: Exercise, week_index: int = 0) -> str:
        """Why `allowed` refuses `ex` in week `week_index` (0: the plan's first, as 1), as a
        clause after its name: every reason, in one line, what rules it out for good first
        (the injury history), then what the runner could change (kit, level), then the
        first weeks' bans, in a week they cover (week 1 whatever the week had called weeks
        9–12 a novice's first). One reason keeps its own words; several are joined (the QA
        pass: only the first was named, so a runner who added the kit it named learnt of the
        level on the next run)."""
        reasons: list[tuple[str, str]] = []  # (alone, after another): "which ..." either way
        if ex.id in self.avoid or (self.flat_only and ex.below_step):
            reasons.append(("your injury history rules out", "is ruled out by your injury history"))
        missing = [name.replace("-", " ") for name in ex.equipment if name not in self.kit]
        if missing:
            kit = f"needs equipment you did not list ({', '.join(missing)})"
            reasons.append((kit, kit))
        if ex.level not in self.rules.allowed_levels[self.level]:
            level = f"is for {ex.level.value} lifters, past your level ({self.level.value})"
            reasons.append((level, level))
        novice_weeks = self.window(week_index)[1]  # the week in the novice ban window (§10.1)
        banned = novice_weeks and self.level is _NOVICE and ex.id in self.rules.novice_banned
        if banned or (self.bone and self.early_impact(ex, week_index)):
            reasons.append(("your first weeks leave out", "is left out of your first weeks"))
        if len(reasons) <= 1:
            return f"which {reasons[0][0] if reasons else 'your first weeks leave out'}"
        joined = [after for _alone, after in reasons]
        return f"which {', '.join(joined[:-1])}, and {joined[-1]}"

    def early_impact(self, ex: Exercise, week_index: int) -> bool:
        """§10.2: impact work other than the low-amplitude bilateral drills, in the first
        weeks of a plan for a runner with bone-stress history."""
        bone = self.rules.bone_impact
        return (
            week_index <= bone.weeks
            and ex.category in IMPACT
            and bool({r.value for r in ex.regions} & IMPACT_REGIONS)
            and ex.id not in bone.allowed
        )

    def flat(self, ex: Exercise) -> Exercise:
        """The exercise, or its flat-floor variant when the runner must stay off steps."""
        flat = self.catalog.get(ex.flat_variant) if ex.flat_variant else None
        return flat if self.flat_only and ex.below_step and flat is not None else ex

    def preferred(self) -> list[str]:
        """Exercise ids the runner's injury history favours, in rules order."""
        ids: list[str] = []
        for tag in self.injuries:
            for ex_id in self.rules.injuries[tag].prefer:
                if ex_id not in ids:
                    ids.append(ex_id)
        return ids

    def fits(self, ex: Exercise, slot: Slot, need: str | None) -> bool:
        """Whether an exercise can fill a slot's role and movement need."""
        fam = self.rules.families
        if slot.role in ROLE_CATEGORIES and ex.category not in ROLE_CATEGORIES[slot.role]:
            return False
        if slot.role is _CALF and not in_family(ex, fam.calf):
            return False
        if need == "hinge" and not in_family(ex, fam.hinge):
            return False
        if need == "squat" and not in_family(ex, fam.squat_or_lunge):
            return False
        if need == "hip" and not in_family(ex, fam.hip):
            return False
        if slot.role is _ACC and need is None:
            return ex.category in self._slot_categories(slot)
        return 1 <= ex.order_rank <= 5

    def _slot_categories(self, slot: Slot) -> set[Category]:
        cats = {self.catalog.exercises[c].category for c in slot.candidates if c in self.catalog}
        return cats

    def candidates(self, slot: Slot, need: str | None) -> list[str]:
        """The slot's candidates, injury-preferred ones first, then a catalog-wide fallback.

        They follow from the slot, the need, whether the runner is a novice and the ids
        the injuries prefer (`_candidates_uncached` reads nothing else of the runner), so
        the Choosers of one catalog and rulebook share them (`shared`, from
        `context.chooser_for`): a roster's runners of other kits and levels."""
        key = (id(slot), need)
        found = self._candidates.get(key)
        if found is None:
            shared = (*key, self.level is _NOVICE, self._prefers)
            found = self._shared.get(shared)
            if found is None:
                found = self._shared[shared] = self._candidates_uncached(slot, need)
            self._candidates[key] = found
        return found

    def _candidates_uncached(self, slot: Slot, need: str | None) -> list[str]:
        novice = self.level is _NOVICE
        listed = list(slot.novice if novice and slot.novice else slot.candidates)
        if need in ("hinge", "squat") and not listed:
            lifts = self.rules.main_lifts_novice if novice else self.rules.main_lifts
            listed = list(lifts[need])
        preferred = set(self.preferred())
        if slot.role is _MAIN:
            # an injury's preference never puts a one-leg lift in the main lift's place: the
            # bilateral lift is the session's heavy work (§2.4; the coach QA run: an ITBS
            # history made the single-leg RDL day A's hinge, and the trap bar deadlift
            # never came); a bilateral lift it prefers (a hamstring's RDL) still leads
            preferred = {
                c
                for c in preferred
                if c in self.catalog and self.catalog.exercises[c].laterality is _BILATERAL
            }
        ordered = [c for c in listed if c in preferred] + [c for c in listed if c not in preferred]
        # Walk each candidate's regression chain: a harder lift the kit can't do has an easier
        # one that usually fits (trap bar → kettlebell deadlift → …).
        walked: dict[str, None] = {}  # ordered, and a set for the lookups below
        for cand in ordered:
            seen: set[str] = set()
            current: str | None = cand
            while current is not None and current not in seen and current in self.catalog:
                seen.add(current)
                walked.setdefault(current)
                current = self.catalog.exercises[current].regression
        extra = [
            ex_id for ex_id in self.catalog.exercises if ex_id not in walked and ex_id in preferred
        ]
        rest = [ex_id for ex_id in self.catalog.exercises if ex_id not in walked]
        return [*walked, *extra, *rest]

    def window(self, week_index: int) -> tuple[bool, bool]:
        """What `allowed` reads of the week: whether it lies in the bone-stress impact
        window (§10.2) and in the novice ban window; weeks alike in both allow alike."""
        bone, novice = self._windows  # -1: no such window (weeks count from 0)
        return week_index <= bone, week_index <= novice

    def eligible(self, slot: Slot, need: str | None, week_index: int) -> Iterator[Exercise]:
        """The slot's candidates (flat variants swapped in) that this runner may do in this
        week and that fit the slot, in candidate order.

        A plan asks for the same slots every week, so what was found is kept per slot, need
        and week window; but lazily, as far as a caller read: the candidate list ends in
        the whole catalog, and a choice is nearly always among its first few.
        """
        found, unread = self._held(slot, need, week_index)
        k = 0
        # found earlier, or by another reader meanwhile; else read one more
        while k < len(found) or self._read(found, unread, slot, need, week_index):
            yield found[k]
            k += 1

    def _held(
        self, slot: Slot, need: str | None, week_index: int
    ) -> tuple[list[Exercise], Iterator[str]]:
        """What `eligible` found so far for this slot, need and week window, and the
        candidates it has not read yet."""
        held = self._weekly.get((id(slot), need, week_index))
        if held is None:  # first asked for this week: its window's (`window`)
            key = (id(slot), need, self.window(week_index))
            held = self._eligible.get(key)
            if held is None:
                held = self._eligible[key] = ([], iter(self.candidates(slot, need)))
            self._weekly[(id(slot), need, week_index)] = held
        return held

    def _read(
        self,
        found: list[Exercise],
        unread: Iterator[str],
        slot: Slot,
        need: str | None,
        week_index: int,
    ) -> bool:
        """Read candidates until one more eligible is found (and kept); False: none left."""
        for ex_id in unread:
            ex = self.flat(self.catalog.exercises[ex_id])
            if self.allowed(ex, week_index) and self.fits(ex, slot, need):
                found.append(ex)
                return True
        return False

    def plyometrics(self, top: int, week_index: int) -> list[Exercise]:
        """The plyometrics this runner may do in this week with a plyo_rank up to `top`,
        in (plyo_rank, id) order: the rungs of the plyometric ladder (§4.7, §10.10)."""
        key = (top, self.window(week_index))
        found = self._plyometrics.get(key)
        if found is None:
            found = self._plyometrics[key] = sorted(
                (
                    ex
                    for ex in self.catalog.exercises.values()
                    if ex.category is _PLYOMETRIC
                    and ex.plyo_rank is not None
                    and ex.plyo_rank <= top
                    and self.allowed(ex, week_index)
                ),
                key=lambda ex: (ex.plyo_rank or 0, ex.id),
            )
        return found

    def choose(
        self, slot: Slot, need: str | None, week_index: int, used: set[str]
    ) -> Exercise | None:
        """The first allowed, fitting candidate, preferring ones not used yet this week."""
        # `eligible`'s walk, without a generator: every slot of every week asks
        found, unread = self._held(slot, need, week_index)
        k = 0
        while k < len(found) or self._read(found, unread, slot, need, week_index):
            ex = found[k]
            if ex.id not in used:
                return ex
            k += 1
        return found[0] if found else None

    def variation(
        self, base: Exercise, slot: Slot, need: str | None, week_index: int, used: set[str]
    ) -> Exercise:
        """§10.9 new stimulus: the slot's next candidate of the same movement pattern and
        laterality as `base` (catalog data) that the runner may do, not used this week;
        `base` itself when there is none. A regression of `base` never is: a variation,
        not an easier lift (trap bar deadlift → barbell RDL, not kettlebell deadlift)."""
        easier: set[str] = set()
        current = base.regression
        while current is not None and current not in easier and current in self.catalog:
            easier.add(current)
            current = self.catalog.exercises[current].regression
        for ex in self.eligible(slot, need, week_index):
            if ex.id == base.id or ex.id in used or ex.id in easier:
                continue
            if ex.pattern == base.pattern and ex.laterality is base.laterality:
                return ex
        return base


def within_limits(
    p: Prescription, ex: Exercise, rules: Rulebook, *, primer: bool = False
) -> Prescription:
    """The prescription inside its catalog entry's limits (`max_sets`, `max_reps`: §10.10,
    inv. 45), and a main lift listed in `main_lift_min_reps` at that many reps or more (a
    goblet squat is no 3–5-rep lift), except in a race `primer`: its one set of 2–3 at
    RIR ≥ 4 is no heavy set (§3.4; the coach re-check: an advanced runner's goblet squat
    1 × 6 on day −5). Contacts are limited where they are split
    (`prescribe.split_contacts`)."""
    least = None if primer else rules.main_lift_min_reps.get(p.id)
    if ex.max_sets is None and ex.max_reps is None and least is None:
        return p  # no limit to keep: most exercises
    update: dict[str, object] = {}
    if ex.max_sets is not None and p.sets > ex.max_sets:
        update["sets"] = ex.max_sets
    if p.reps is not None and p.contacts is None:
        lo, hi = p.reps
        if least is not None and lo < least:
            lo, hi = least, max(hi, least)
        if ex.max_reps is not None:
            hi = min(hi, ex.max_reps)
            lo = min(lo, hi)
        if (lo, hi) != p.reps:
            update["reps"] = (lo, hi)
    return p.model_copy(update=update) if update else p
