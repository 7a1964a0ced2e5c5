"""generate_plan: a runner's inputs + catalog + rules → a finished, frozen Plan.

The engine is a pure function: the caller passes `today` (for race-date plans without a
start date); nothing here reads the clock, the disk or the environment.

Plan models are built with `model_construct`: their inputs are already validated values
(profile, catalog, rules), so re-validating every prescription would only cost start-up
time (style.md §2). The tests validate every generated plan through a JSON round trip.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass, replace
from typing import TypeVar

from pydantic import BaseModel

from runstrength.enums import (
    Category,
    DoseType,
    LoadType,
    Phase,
    Season,
)
from runstrength.errors import InvalidProfile
from runstrength.kit import resolve_kit
from runstrength.models import (
    Catalog,
    Exercise,
    Generator,
    Load,
    Plan,
    PlanInputs,
    Prescription,
    Profile,
    Session,
    Week,
)
from runstrength.plan.periodization import WeekFrame, phase_sequence, race_start, week_frames
from runstrength.plan.placement import SessionNeeds, WeekContext, place_week, weekday_enum
from runstrength.plan.rules import (
    band_of,
    block_stage,
    hlb_cap,
    in_family,
    is_hlb_exercise,
    is_plyometric,
    race_key,
    rep_stage,
    scale_sets,
    session_minutes,
    total_sets,
)
from runstrength.plan.selection import Chooser
from runstrength.rulebook import Family, InjuryMinimum, RoleDose, Rulebook, Slot
from runstrength.units import to_km

_PROTOTYPES: dict[type[BaseModel], BaseModel] = {}
M = TypeVar("M", bound=BaseModel)


def _build(cls: type[M], **values: object) -> M:
    """An instance without validation (the values are already checked), made by copying a
    blank prototype: pydantic's model_copy is several times cheaper than model_construct,
    and a plan holds hundreds of prescriptions."""
    proto = _PROTOTYPES.get(cls)
    if proto is None:
        proto = _PROTOTYPES[cls] = cls.model_construct()
    return proto.model_copy(update=values)  # type: ignore[return-value]


CHOOSE = Load.model_construct(type=LoadType.CHOOSE)  # no validator build at import
BODYWEIGHT = Load.model_construct(type=LoadType.BODYWEIGHT)
WEIGHTS = frozenset({"dumbbells", "kettlebell", "barbell", "trap-bar"})
MAIN_CATEGORIES = (Category.MAIN_BILATERAL, Category.MAIN_UNILATERAL)


@dataclass(frozen=True)
class Draft:
    """A session while it is being built: label, flags and prescriptions."""

    label: str
    exercises: tuple[Prescription, ...]
    light: bool = False
    primer: bool = False
    roles: tuple[str, ...] = ()

    def with_exercises(self, exercises: list[Prescription], roles: list[str]) -> Draft:
        return replace(self, exercises=tuple(exercises), roles=tuple(roles))


def generate_plan(
    profile: Profile,
    catalog: Catalog,
    rules: Rulebook,
    *,
    today: dt.date,
    version: str = "0.0.0",
) -> Plan:
    """Build the whole plan for a profile (training-rules.md §2–§5)."""
    return _Builder(profile, catalog, rules, today, version).build()


class _Builder:
    def __init__(
        self, profile: Profile, catalog: Catalog, rules: Rulebook, today: dt.date, version: str
    ) -> None:
        self.p = profile
        self.catalog = catalog
        self.rules = rules
        self.version = version
        self.warnings: list[str] = []
        self.n_weeks = 0  # set by build()
        for tag in profile.injuries:
            if tag not in rules.injuries:
                known = ", ".join(rules.injuries)
                raise InvalidProfile(f"unknown injury tag {tag!r} (known: {known})")
        if profile.race_date is not None and profile.race_distance is None:
            raise InvalidProfile(
                "--race-date needs --race-distance (5k, 10k, half, marathon, ultra)"
            )
        if profile.race_distance is not None and profile.race_date is None:
            raise InvalidProfile("--race-distance needs --race-date")
        if profile.race_date is not None and profile.race_date <= today:
            raise InvalidProfile(f"--race-date {profile.race_date} is not in the future")
        self.start = profile.start_date
        if profile.race_date is not None and self.start is None:
            self.start = race_start(profile.race_date, today)
        self.kit = resolve_kit(profile.equipment, catalog, rules)
        self.km = to_km(profile.weekly_volume, profile.unit)
        self.band = band_of(profile.weekly_volume, profile.unit, rules)
        avoid = frozenset(a for tag in profile.injuries for a in rules.injuries[tag].avoid)
        self.chooser = Chooser(
            catalog, rules, self.kit, profile.level, tuple(profile.injuries), avoid
        )
        # §3.2: three or more key runs a week (long run excluded) → lighter strength work.
        self.heavy_run_week = len(profile.hard_days) >= rules.key_runs_heavy_week
        if self.heavy_run_week:
            self.warnings.append(
                f"{len(profile.hard_days)} hard run days a week: strength sets ×0.8 and "
                "plyometric contacts ×0.5 (training-rules §3.2)"
            )

    # ------------------------------------------------------------------ top level

    def build(self) -> Plan:
        phases = phase_sequence(self.p, self.rules, self.start)
        self.n_weeks = len(phases)
        frames = week_frames(phases, self.p.level, self.rules)
        weeks: list[Week] = []
        prev_loading: Week | None = None
        prev_week: Week | None = None
        prev_contacts: int | None = None
        prev_tier = 0
        last_hlb: int | None = None
        last_plyo: int | None = None
        for frame in frames:
            drafts = self._week_drafts(frame)
            drafts, tier = self._plyometrics(frame, drafts, prev_contacts, prev_week, prev_tier)
            if frame.deload and prev_week is not None:
                drafts = self._deload(drafts, prev_week)
            elif prev_loading is not None:
                drafts = self._clamp_growth(drafts, prev_loading)
            drafts = drafts[: self._free_days(frame)]
            days, ok = self._place(frame, drafts, last_hlb, last_plyo)
            while not ok:
                # No calendar keeps every spacing rule: lighten the week until one does.
                eased = self._ease(frame, drafts)
                if eased is None:
                    break
                drafts = eased
                days, ok = self._place(frame, drafts, last_hlb, last_plyo)
            week = self._finish_week(frame, drafts, days)
            if not ok:
                self.warnings.append(
                    f"week {frame.index}: no placement meets every spacing rule; "
                    "check --hard-days and --long-run-day"
                )  # pragma: no cover - _ease always finds a way with ≤ 3 sessions
            weeks.append(week)
            for s, day in zip(week.sessions, sorted(days), strict=True):
                if s.heavy_lower_body:
                    last_hlb = day
                if any((p.contacts or 0) > self.rules.primer.contacts for p in s.exercises):
                    last_plyo = day
            contacts = sum(p.contacts or 0 for s in week.sessions for p in s.exercises)
            if not frame.deload:
                prev_loading = week
                prev_contacts = contacts if contacts else prev_contacts
                prev_tier = tier or prev_tier
            prev_week = week
        weeks = self._limit_plyo_growth(self._apply_race_rules(weeks))
        race = self._race_day_index()
        if race is not None:
            # Taper volume is judged against the final pre-taper weeks, so it comes after the
            # plyometric limits; cutting a taper session can then only lower later weeks.
            weeks = self._limit_plyo_growth(self._taper_volume(weeks, race))
        weeks = [
            w.model_copy(
                update={
                    "sessions": [
                        s.model_copy(update={"minutes": session_minutes(s.exercises, self.rules)})
                        for s in w.sessions
                    ]
                }
            )
            for w in weeks
        ]
        return _build(
            Plan,
            generator=_build(Generator, version=self.version),
            inputs=self._inputs(len(weeks)),
            weeks=weeks,
            warnings=self.warnings,
        )

    def _inputs(self, n_weeks: int) -> PlanInputs:
        p = self.p
        season = p.season
        if p.race_date is not None and season is not Season.IN:
            season = Season.OFF
        return _build(
            PlanInputs,
            season=season,
            weekly_volume=p.weekly_volume,
            unit=p.unit,
            weekly_volume_km=self.km,
            volume_band=self.band,
            days=p.days,
            weeks=n_weeks,
            level=p.level,
            equipment=list(p.equipment),
            injuries=list(p.injuries),
            load_unit=p.load_unit,
            start_date=self.start,
            race_date=p.race_date,
            race_distance=p.race_distance,
            hard_days=list(p.hard_days),
            long_run_day=p.long_run_day,
        )

    # ------------------------------------------------------------------ sessions

    def _templates(self, frame: WeekFrame) -> list[tuple[str, str, bool]]:
        """(label, template name, light) for each session of the week."""
        days = self.p.days
        if frame.phase is Phase.IN:
            n = 1 if self.rules.band_mods[self.band].max_hlb.in_ == 1 else min(days, 2)
            return [(label, "IN", False) for label in "AB"[:n]]
        if frame.phase is Phase.TP:
            last_taper_week = self._is_last_taper_week(frame)
            if last_taper_week:
                return [("A", "PRIMER", False)]
            # Sessions past the band's in-season HLB cap become primers, not heavy days.
            cap = hlb_cap(self.band, Phase.TP, self.rules)
            return [
                (label, "TP" if i < cap else "PRIMER", False)
                for i, label in enumerate("AB"[: min(days, 2)])
            ]
        out = [("A", "A", False), ("B", "B", False)]
        if days == 3:
            out.append(("C", "C", True))
        return out

    def _is_last_taper_week(self, frame: WeekFrame) -> bool:
        return frame.index == self.n_weeks and frame.step >= 1

    def _week_drafts(self, frame: WeekFrame) -> list[Draft]:
        used: set[str] = set()
        drafts: list[Draft] = []
        for n, (label, template, light) in enumerate(self._templates(frame)):
            exercises: list[Prescription] = []
            roles: list[str] = []
            for slot in self.rules.templates[template]:
                need = slot.need
                if need == "alternate":
                    need = "hinge" if (frame.index + n) % 2 == 1 else "squat"
                ex = self.chooser.choose(slot, need, frame.index, used)
                if ex is None:
                    raise InvalidProfile(
                        f"no exercise in the catalog fits the {slot.role} slot of session "
                        f"{label} ({need or ', '.join(slot.candidates[:3])}) with equipment "
                        f"{', '.join(self.p.equipment)}; add equipment or a catalog entry"
                    )
                if ex.id in [e.id for e in exercises]:
                    continue  # the same lift twice in one session adds nothing
                used.add(ex.id)
                # A light day doses everything as an accessory: it must never be heavy (§2.4).
                dose_slot = slot._replace(role="acc") if light else slot
                exercises.append(self._prescribe(ex, dose_slot, frame, template == "PRIMER"))
                roles.append(slot.role)
            drafts.append(
                Draft(
                    label,
                    tuple(exercises),
                    light=light,
                    primer=template == "PRIMER",
                    roles=tuple(roles),
                )
            )
        if frame.phase not in (Phase.TP,) and not frame.deload:
            drafts = self._injury_minimums(frame, drafts)
        return [self._fit_time(self._sorted(d)) for d in drafts]

    def _fit_time(self, d: Draft) -> Draft:
        """A light day (§2.4, §3.1: ≤ 25 min, ≤ 20 in band D) or a primer (§3.4: ≤ 20 min)
        loses sets from its last exercises, then whole accessories, until it fits."""
        if d.primer:
            limit = self.rules.primer.max_minutes
        elif d.light:
            limit = self.rules.light_day_minutes[self.band]
        else:
            return d
        exercises, roles = list(d.exercises), list(d.roles)
        while session_minutes(exercises, self.rules) > limit:
            k = next(
                (
                    k
                    for k in range(len(exercises) - 1, -1, -1)
                    if exercises[k].sets > 1 and exercises[k].contacts is None
                ),
                None,
            )
            if k is not None:
                exercises[k] = exercises[k].model_copy(update={"sets": exercises[k].sets - 1})
            elif len(exercises) > 3:
                del exercises[-1], roles[-1]
            else:
                break
        return d.with_exercises(exercises, roles)

    @staticmethod
    def _sorted(d: Draft) -> Draft:
        pairs = sorted(zip(d.exercises, d.roles, strict=True), key=lambda pr: pr[0].order_rank)
        return d.with_exercises([p for p, _ in pairs], [r for _, r in pairs])

    def _role_dose(self, slot: Slot, frame: WeekFrame) -> RoleDose:
        doses = self.rules.phases[frame.phase]
        return doses.dose(slot.role, self.p.level)

    def _prescribe(self, ex: Exercise, slot: Slot, frame: WeekFrame, primer: bool) -> Prescription:
        rules = self.rules
        role = slot.role
        dose = self._role_dose(slot, frame)
        reps: tuple[int, int] | None = dose.reps
        seconds: int | None = None
        distance: int | None = None
        tempo = dose.tempo if role == "main" else None
        tempo = tempo or ex.tempo
        rest = dose.rest_s
        load = self._load(ex)
        bodyweight = load is BODYWEIGHT
        if ex.dose.type is DoseType.REPS and (role not in ("main", "uni") or bodyweight):
            # Bodyweight work keeps its own rep range: 3 reps of a bodyweight split squat is
            # no strength stimulus; the bodyweight ladder (§4.7) progresses it instead.
            reps = ex.dose.reps
        if ex.dose.type is DoseType.TIME:
            lo, hi = ex.dose.seconds or (20, 40)
            top = ex.max_seconds or hi
            # §4.7: longer holds week by week, up to the exercise's maximum
            seconds = min(top, lo + self.rules.hold_step_s * frame.step)
            reps = None
        elif ex.dose.type is DoseType.DISTANCE:
            lo_d, _ = ex.dose.distance_m or (20, 40)
            distance = lo_d
            reps = None
        # Within a block the reps climb first, then sets rise, then RIR tightens.
        used = 0
        if reps is not None and not primer:
            reps, used = rep_stage(reps, frame.step)
        sets_start, sets_end = dose.sets
        rir_start, rir_end = dose.rir if dose.rir is not None else (3, 3)
        sets, rir = block_stage(sets_start, sets_end, rir_start, rir_end, frame.step - used)
        if primer:
            sets, rir, reps = rules.primer.main_sets, rules.primer.rir, rules.primer.reps
            if bodyweight and ex.dose.reps is not None:
                reps = ex.dose.reps
        # Band scaling (§3.1): main lifts keep their sets (band D caps them), others shrink.
        mods = rules.band_mods[self.band]
        if role == "main":
            sets = scale_sets(sets, mods.main_sets)
            if mods.main_sets_cap is not None:
                in_season = frame.phase in (Phase.IN, Phase.TP)
                cap = mods.main_sets_cap.in_ if in_season else mods.main_sets_cap.off
                sets = min(sets, cap)
        elif role != "plyo":
            sets = scale_sets(sets, mods.acc_sets)
        if self.heavy_run_week:
            sets = scale_sets(sets, 0.8)
        target_rir: int | None = rir if reps is not None else None
        return _build(
            Prescription,
            id=ex.id,
            name=ex.name,
            category=ex.category,
            pattern=ex.pattern,
            laterality=ex.laterality,
            order_rank=ex.order_rank,
            level=ex.level,
            equipment=list(ex.equipment),
            sets=sets,
            reps=reps,
            seconds=seconds,
            contacts=None,
            distance_m=distance,
            per_side=ex.dose.per_side,
            target_rir=target_rir,
            load=load,
            rest_seconds=rest,
            tempo=tempo,
            video=ex.video,
            notes=self._notes(ex, frame, role),
        )

    def _load(self, ex: Exercise) -> Load:
        # Loaded when the dose is a load, the runner owns kit that loads it, or the exercise
        # itself is done holding a weight (a carry). Loads are frozen, so two serve all.
        loadable = (
            ex.dose.type is DoseType.LOAD
            or bool(set(ex.loadable_with) & self.kit)
            or bool(set(ex.equipment) & WEIGHTS)
        )
        return CHOOSE if loadable else BODYWEIGHT

    def _notes(self, ex: Exercise, frame: WeekFrame, role: str) -> str:
        note = "; ".join(ex.cues)
        if frame.first_of_phase and role in ("main", "uni") and ex.dose.type is DoseType.LOAD:
            note += ". Calibration week: pick a load you could lift for 4 more reps (RIR 4)"
        return note

    # ------------------------------------------------------------------ plyometrics

    def _plyometrics(
        self,
        frame: WeekFrame,
        drafts: list[Draft],
        prev_contacts: int | None,
        prev_week: Week | None,
        prev_tier: int,
    ) -> tuple[list[Draft], int]:
        """Give plyometric exercises their contacts (§2.1 caps, §4.7, §7 inv. 15–18)."""
        rules = self.rules
        plyo_sessions = [d for d in drafts if any(r == "plyo" for r in d.roles)]
        if not plyo_sessions:
            return drafts, 0
        n = len(plyo_sessions)
        band_mult = rules.band_mods[self.band].plyo
        cap = math.floor(rules.plyo_cap(frame.phase, self.p.level) * band_mult)
        if self.heavy_run_week:
            cap = math.floor(cap * 0.5)
        tier = max(
            self.catalog.exercises[p.id].intensity
            for d in plyo_sessions
            for p, r in zip(d.exercises, d.roles, strict=True)
            if r == "plyo"
        )
        if prev_contacts is None:
            weekly = cap * n * rules.plyo_start_fraction
        else:
            growth = 1.0 if tier > prev_tier else 1 + rules.plyo_weekly_step
            weekly = min(cap * n, prev_contacts * growth)
        if frame.deload and prev_week is not None:
            last = sum(p.contacts or 0 for s in prev_week.sessions for p in s.exercises)
            weekly = min(weekly, last * rules.deload.plyo_factor)
        per_session = min(cap, math.floor(weekly / n))
        out: list[Draft] = []
        for d in drafts:
            if d not in plyo_sessions:
                out.append(d)
                continue
            limit = min(per_session, rules.primer.contacts) if d.primer else per_session
            exercises = [
                self._with_contacts(p, limit) if r == "plyo" else p
                for p, r in zip(d.exercises, d.roles, strict=True)
            ]
            keep = [
                (p, r)
                for p, r in zip(exercises, d.roles, strict=True)
                if r != "plyo" or (p.contacts or 0) > 0
            ]
            out.append(d.with_exercises([p for p, _ in keep], [r for _, r in keep]))
        return out, tier

    def _with_contacts(self, p: Prescription, contacts: int) -> Prescription:
        ex = self.catalog.exercises[p.id]
        per_set_range = ex.dose.contacts or (10, 20)
        sides = 2 if ex.dose.per_side else 1
        s_lo, s_hi = ex.dose.sets
        sets = min(s_hi, max(s_lo, math.ceil(contacts / (per_set_range[1] * sides))))
        per_set = contacts // (sets * sides)
        while per_set < 1 and sets > 1:
            sets -= 1
            per_set = contacts // (sets * sides)
        total = per_set * sets * sides
        return p.model_copy(
            update={"sets": sets, "reps": (per_set, per_set), "contacts": total, "target_rir": None}
        )

    # ------------------------------------------------------------------ volume rules

    def _deload(self, drafts: list[Draft], prev: Week) -> list[Draft]:
        """§4.6: sets ×0.6 (never above 60 % of last week in total), RIR +2."""
        d_rules = self.rules.deload
        out: list[Draft] = []
        for d in drafts:
            exercises = []
            for p in d.exercises:
                update: dict[str, object] = {}
                if p.contacts is None:
                    update["sets"] = scale_sets(p.sets, d_rules.sets_factor)
                if p.target_rir is not None:
                    update["target_rir"] = p.target_rir + d_rules.rir_add
                exercises.append(p.model_copy(update=update))
            out.append(d.with_exercises(exercises, list(d.roles)))
        budget = math.floor(total_sets(prev.sessions) * d_rules.sets_factor)
        return self._trim(out, budget)

    def _trim(self, drafts: list[Draft], budget: int) -> list[Draft]:
        """Drop the least important accessories until the total set count fits the budget."""
        drafts = list(drafts)

        def total() -> int:
            return sum(p.sets for d in drafts for p in d.exercises)

        while total() > budget:
            # First shave multi-set exercises, then drop whole accessories, last sessions first.
            victim = None
            for di in range(len(drafts) - 1, -1, -1):
                d = drafts[di]
                for pi in range(len(d.exercises) - 1, -1, -1):
                    if d.exercises[pi].sets > 1 and d.exercises[pi].contacts is None:
                        victim = (di, pi, "shave")
                        break
                if victim:
                    break
            if victim is None:
                for di in range(len(drafts) - 1, -1, -1):
                    d = drafts[di]
                    for pi in range(len(d.exercises) - 1, -1, -1):
                        if d.roles[pi] in ("acc", "calf") and len(d.exercises) > 2:
                            victim = (di, pi, "drop")
                            break
                    if victim:
                        break
            if victim is None:
                break
            di, pi, how = victim
            d = drafts[di]
            exercises = list(d.exercises)
            roles = list(d.roles)
            if how == "shave":
                exercises[pi] = exercises[pi].model_copy(update={"sets": exercises[pi].sets - 1})
            else:
                del exercises[pi]
                del roles[pi]
            drafts[di] = d.with_exercises(exercises, roles)
        return drafts

    def _clamp_growth(self, drafts: list[Draft], prev: Week) -> list[Draft]:
        """§7 inv. 13: sets per exercise +1 at most, hard sets per pattern +2 at most a week."""
        prev_sets = {(s.label, p.id): p.sets for s in prev.sessions for p in s.exercises}
        out: list[Draft] = []
        for d in drafts:
            exercises = []
            for p in d.exercises:
                before = prev_sets.get((d.label, p.id))
                if before is not None and p.contacts is None and p.sets > before + 1:
                    p = p.model_copy(update={"sets": before + 1})
                exercises.append(p)
            out.append(d.with_exercises(exercises, list(d.roles)))
        patterns = {p.pattern for d in out for p in d.exercises}
        for pattern in sorted(patterns):
            before = _pattern_hard_sets(prev.sessions, pattern)
            while _pattern_hard_sets_drafts(out, pattern) > before + 2:
                shaved = False
                for di in range(len(out) - 1, -1, -1):
                    d = out[di]
                    for pi in range(len(d.exercises) - 1, -1, -1):
                        p = d.exercises[pi]
                        if p.pattern == pattern and p.sets > 1 and _is_hard(p):
                            exercises = list(d.exercises)
                            exercises[pi] = p.model_copy(update={"sets": p.sets - 1})
                            out[di] = d.with_exercises(exercises, list(d.roles))
                            shaved = True
                            break
                    if shaved:
                        break
                if not shaved:
                    break
        return out

    # ------------------------------------------------------------------ injuries

    def _injury_minimums(self, frame: WeekFrame, drafts: list[Draft]) -> list[Draft]:
        """§5.1 weekly minimums for each injury tag, added where a session has room."""
        rules = self.rules
        max_ex = rules.phases[frame.phase].exercises[1]
        for tag in self.p.injuries:
            rule = rules.injuries[tag]
            minimum = rule.minimum
            if minimum is None:
                continue
            family = getattr(rules.families, minimum.family) if minimum.family else None
            for _attempt in range(6):
                ex = self._injury_missing(drafts, rule.prefer, family, minimum)
                if ex is None:
                    break
                slot = Slot(
                    role="calf" if family is rules.families.calf else "acc", candidates=[ex.id]
                )
                pres = self._prescribe(ex, slot, frame, False)
                placed = False
                for i in sorted(
                    range(len(drafts)), key=lambda i: (drafts[i].light, len(drafts[i].exercises))
                ):
                    d = drafts[i]
                    limit = 6 if d.light else max_ex
                    if len(d.exercises) < limit and ex.id not in [p.id for p in d.exercises]:
                        drafts[i] = d.with_exercises([*d.exercises, pres], [*d.roles, "acc"])
                        placed = True
                        break
                if not placed:
                    placed = self._swap_in(drafts, pres)
                if not placed:
                    self.warnings.append(
                        f"week {frame.index}: no room for {ex.name} ({tag} prevention)"
                    )
                    break
        return drafts

    def _injury_missing(
        self,
        drafts: list[Draft],
        prefer: list[str],
        family: Family | None,
        minimum: InjuryMinimum,
    ) -> Exercise | None:
        """The next exercise to add for an unmet minimum, or None when it is met."""
        week_ids = [p.id for d in drafts for p in d.exercises]
        counted = [
            p
            for d in drafts
            for p in d.exercises
            if p.id in prefer or (family is not None and in_family(p, family))
        ]
        ids = {p.id for p in counted}
        sets = sum(p.sets for p in counted)
        groups_missing = [g for g in minimum.each_of if not set(g) & set(week_ids)]
        if len(ids) >= minimum.exercises and sets >= minimum.sets and not groups_missing:
            return None
        pool = [c for g in groups_missing for c in g] + list(prefer)
        if family is not None:
            pool += [e for e, ex in self.catalog.exercises.items() if in_family(ex, family)]
        for ex_id in pool:
            ex = self.catalog.get(ex_id)
            if ex is None or ex_id in week_ids or ex.order_rank not in (3, 4, 5):
                continue
            if self.chooser.allowed(ex, 0):
                return ex
        return None

    def _swap_in(self, drafts: list[Draft], pres: Prescription) -> bool:
        """Replace a posterior-chain accessory (covered by no weekly minimum) with `pres`."""
        for i, d in enumerate(drafts):
            for j, (p, role) in enumerate(zip(d.exercises, d.roles, strict=True)):
                if role == "acc" and p.category is Category.POSTERIOR_CHAIN:
                    exercises = list(d.exercises)
                    exercises[j] = pres
                    drafts[i] = d.with_exercises(exercises, list(d.roles))
                    return True
        return False

    # ------------------------------------------------------------------ calendar

    def _place(
        self, frame: WeekFrame, drafts: list[Draft], last_hlb: int | None, last_plyo: int | None
    ) -> tuple[list[int], bool]:
        first_weekday = self.start.weekday() if self.start else 0
        needs = [
            SessionNeeds(
                hlb=self._draft_hlb(d),
                plyo=any((p.contacts or 0) > self.rules.primer.contacts for p in d.exercises),
                light=d.light or d.primer,
            )
            for d in drafts
        ]
        race = self._race_day_index()
        gaps = self.rules.min_gap_h
        ctx = WeekContext(
            first_day=7 * (frame.index - 1),
            first_weekday=first_weekday,
            hard_days=frozenset(d.number for d in self.p.hard_days),
            long_run_day=self.p.long_run_day.number if self.p.long_run_day else None,
            last_hlb_day=last_hlb,
            last_plyo_day=last_plyo,
            blocked_from=None if race is None else race - self.rules.race_quiet_days,
            hlb_gap=_days(gaps.hlb_to_hlb),
            plyo_gap=_days(gaps.plyo_to_plyo),
            key_run_hard=_days(gaps.hlb_to_key_run_hard),
            key_run_pref=_days(gaps.hlb_to_key_run_pref),
        )
        return place_week(needs, ctx)

    def _ease(self, frame: WeekFrame, drafts: list[Draft]) -> list[Draft] | None:
        """One step lighter: drop a 2nd in-season session, or make the last heavy session
        non-heavy (RIR one past the HLB line), or drop its plyometrics. None: nothing left."""
        if frame.phase is Phase.IN and len(drafts) > 1:
            self.warnings.append(
                f"week {frame.index}: one in-season session only; no second day keeps "
                "48 h from the other and 24 h before key runs"
            )
            return drafts[:1]
        for i in range(len(drafts) - 1, -1, -1):
            d = drafts[i]
            if self._draft_hlb(d):
                easier = [
                    p.model_copy(update={"target_rir": self.rules.hlb_max_rir + 1})
                    if p.target_rir is not None
                    and p.target_rir <= self.rules.hlb_max_rir
                    and self.catalog.exercises[p.id].heavy_lower_body
                    else p
                    for p in d.exercises
                ]
                self.warnings.append(
                    f"week {frame.index}: session {d.label} eased to RIR "
                    f"{self.rules.hlb_max_rir + 1}; no day keeps it 24 h before a key run "
                    "and 48 h from the other heavy day"
                )
                out = list(drafts)
                out[i] = d.with_exercises(easier, list(d.roles))
                return out
        for i in range(len(drafts) - 1, -1, -1):
            d = drafts[i]
            if any((p.contacts or 0) > self.rules.primer.contacts for p in d.exercises):
                keep = [(p, r) for p, r in zip(d.exercises, d.roles, strict=True) if r != "plyo"]
                out = list(drafts)
                out[i] = d.with_exercises([p for p, _ in keep], [r for _, r in keep])
                self.warnings.append(
                    f"week {frame.index}: plyometrics left out of session {d.label}; "
                    "no day keeps 48 h between jump sessions"
                )
                return out
        if frame.phase is Phase.TP and drafts:
            self.warnings.append(
                f"week {frame.index}: taper session {drafts[-1].label} left out; no free day "
                "before the race keeps clear of key runs"
            )
            return drafts[:-1]
        return None

    def _free_days(self, frame: WeekFrame) -> int:
        """Days of this week a session may still use (the race's quiet days block the rest)."""
        race = self._race_day_index()
        first = 7 * (frame.index - 1)
        if race is None:
            return 7
        return max(0, min(7, race - self.rules.race_quiet_days - first))

    def _race_day_index(self) -> int | None:
        if self.p.race_date is None or self.start is None:
            return None
        return (self.p.race_date - self.start).days

    def _draft_hlb(self, d: Draft) -> bool:
        return any(
            is_hlb_exercise(p, self.catalog.exercises[p.id].heavy_lower_body, self.rules)
            for p in d.exercises
        )

    def _finish_week(self, frame: WeekFrame, drafts: list[Draft], days: list[int]) -> Week:
        first_weekday = self.start.weekday() if self.start else 0
        order = sorted(range(len(drafts)), key=lambda i: days[i])
        sessions = []
        for n, i in enumerate(order, start=1):
            d = drafts[i]
            day = days[i]
            sessions.append(
                _build(
                    Session,
                    index=n,
                    label=d.label,
                    date=self.start + dt.timedelta(days=day) if self.start else None,
                    light=d.light,
                    heavy_lower_body=self._draft_hlb(d),
                    exercises=list(d.exercises),
                    weekday=weekday_enum((first_weekday + day) % 7),
                    primer=d.primer,
                )
            )
        return _build(
            Week,
            index=frame.index,
            phase=frame.phase,
            season=frame.season,
            deload=frame.deload,
            sessions=sessions,
        )

    def _limit_plyo_growth(self, weeks: list[Week]) -> list[Week]:
        """Last word on §7 inv. 16 after race rules removed sessions: cut, never add."""
        rules = self.rules
        history: list[int] = []  # contacts of the non-deload weeks so far
        out: list[Week] = []
        prev_tier = 0
        for w in weeks:
            contacts = sum(p.contacts or 0 for s in w.sessions for p in s.exercises)
            if w.deload or not contacts:
                out.append(w)
                if not w.deload:
                    history.append(contacts)
                continue
            tier = max(
                self.catalog.exercises[p.id].intensity
                for s in w.sessions
                for p in s.exercises
                if p.contacts
            )
            limits = []
            if history and prev_tier and tier > prev_tier:
                limits.append(history[-1])  # §4.7: never more volume and intensity at once
            if history and history[-1]:
                limits.append(math.floor(history[-1] * (1 + rules.plyo_weekly_growth_max)))
            if len(history) >= 3 and history[-3] + history[-2]:
                two = (history[-3] + history[-2]) * (1 + rules.plyo_two_week_growth_max)
                limits.append(math.floor(two - history[-1]))
            allowed = min(limits) if limits else contacts
            if contacts > allowed:
                w = self._scale_contacts(w, max(0, allowed) / contacts)
                contacts = sum(p.contacts or 0 for s in w.sessions for p in s.exercises)
            history.append(contacts)
            prev_tier = tier
            out.append(w)
        return out

    def _scale_contacts(self, week: Week, factor: float) -> Week:
        sessions: list[Session] = []
        for s in week.sessions:
            exercises = []
            for p in s.exercises:
                if p.contacts:
                    p = self._with_contacts(p, math.floor(p.contacts * factor))
                    if not p.contacts:
                        continue
                exercises.append(p)
            if len(exercises) >= 2:  # a lone exercise is no session: leave it out
                sessions.append(
                    s.model_copy(update={"exercises": exercises, "index": len(sessions) + 1})
                )
        return week.model_copy(update={"sessions": sessions})

    # ------------------------------------------------------------------ race

    def _apply_race_rules(self, weeks: list[Week]) -> list[Week]:
        """§3.4: last HLB and plyo days, primer window, quiet days, taper volume."""
        race = self._race_day_index()
        if race is None or self.start is None or self.p.race_distance is None:
            return weeks
        key = race_key(self.p.race_distance)
        last_hlb = getattr(self.rules.race_last_hlb_days, key)
        primer_until = -getattr(self.rules.race_primer_until_day, key)
        out: list[Week] = []
        for w in weeks:
            sessions: list[Session] = []
            for s in w.sessions:
                assert s.date is not None
                to_race = (self.p.race_date - s.date).days if self.p.race_date else 99
                if to_race <= self.rules.race_quiet_days:
                    continue
                if to_race < last_hlb and (s.heavy_lower_body or _plyo_over(s, self.rules)):
                    if to_race < primer_until:
                        continue
                    s = self._to_primer(s)
                sessions.append(s)
            sessions = self._cap_taper_frequency(sessions)
            out.append(
                w.model_copy(
                    update={
                        "sessions": [
                            s.model_copy(update={"index": i + 1}) for i, s in enumerate(sessions)
                        ]
                    }
                )
            )
        return out

    def _to_primer(self, s: Session) -> Session:
        """A heavy session too close to the race becomes a short primer (§3.4)."""
        rules = self.rules
        kept: list[Prescription] = []
        main_done = False
        for p in s.exercises:
            rir = max(p.target_rir, rules.primer.rir) if p.target_rir is not None else None
            if is_plyometric(p):
                kept.append(self._with_contacts(p, min(p.contacts or 0, rules.primer.contacts)))
            elif p.category in MAIN_CATEGORIES and not main_done:
                main_done = True  # one main lift, 1 set of 2–3 (loaded) at RIR ≥ 4
                loaded = p.load.type is not LoadType.BODYWEIGHT
                kept.append(
                    p.model_copy(
                        update={
                            "sets": min(p.sets, rules.primer.main_sets),
                            "reps": rules.primer.reps if loaded else p.reps,
                            "target_rir": rir,
                        }
                    )
                )
            elif in_family(p, rules.families.core):
                kept.append(p.model_copy(update={"sets": 1, "target_rir": rir}))
        return s.model_copy(
            update={"exercises": kept, "heavy_lower_body": False, "primer": True, "light": False}
        )

    def _cap_taper_frequency(self, sessions: list[Session]) -> list[Session]:
        """≤ 2 sessions in days −14…−8, ≤ 1 in days −7…−3 (§2.1 TP).

        When a window holds too many, the ones kept are heavy sessions on hard-run days
        first (R1), then the earliest.
        """
        assert self.p.race_date is not None
        race_date = self.p.race_date

        def window(s: Session) -> str | None:
            assert s.date is not None
            to_race = (race_date - s.date).days
            return "far" if 8 <= to_race <= 14 else "near" if 3 <= to_race <= 7 else None

        limits = {"far": 2, "near": 1}
        keep: set[int] = set()
        for name, limit in limits.items():
            members = [i for i, s in enumerate(sessions) if window(s) == name]
            members.sort(
                key=lambda i: (
                    not (sessions[i].heavy_lower_body and sessions[i].weekday in self.p.hard_days),
                    i,
                )
            )
            keep.update(members[:limit])
        return [s for i, s in enumerate(sessions) if window(s) is None or i in keep]

    def _taper_volume(self, weeks: list[Week], race: int) -> list[Week]:
        """Last-14-day sets ≤ 60 % of the pre-taper weekly average (§3.4, §7 inv. 25)."""
        assert self.p.race_date is not None
        race_date = self.p.race_date
        window = self.rules.taper_window_days

        def in_window(s: Session) -> bool:
            return s.date is not None and (race_date - s.date).days < window

        # Pre-taper weeks: those that end before the window opens, by the calendar.
        window_start = race - window + 1
        pre = [w for w in weeks if 7 * w.index - 1 < window_start]
        if not pre:
            return weeks
        average = sum(total_sets(w.sessions) for w in pre) / len(pre)
        budget = math.floor(average * self.rules.taper_sets_ratio)
        # Work on mutable copies of the late sessions, latest first.
        late = [
            (wi, si)
            for wi, w in enumerate(weeks)
            for si, s in enumerate(w.sessions)
            if in_window(s)
        ]
        lists = {key: list(weeks[key[0]].sessions[key[1]].exercises) for key in late}

        def total() -> int:
            return sum(p.sets for ex in lists.values() for p in ex)

        core = self.rules.families.core

        def shave(ex: list[Prescription]) -> bool:
            for k in range(len(ex) - 1, -1, -1):
                if ex[k].sets > 1 and ex[k].contacts is None:
                    ex[k] = ex[k].model_copy(update={"sets": ex[k].sets - 1})
                    return True
            return False

        def drop(ex: list[Prescription]) -> bool:
            for k in range(len(ex) - 1, -1, -1):
                p = ex[k]
                if p.category not in MAIN_CATEGORIES and not in_family(p, core) and len(ex) > 2:
                    del ex[k]
                    return True
            return False

        for step in (shave, drop):
            for key in reversed(late):
                while total() > budget and step(lists[key]):
                    pass

        # Still too much: drop whole sessions, keeping heavy sessions on hard-run days (R1)
        # longest, then the earliest first.
        def on_hard_day(key: tuple[int, int]) -> bool:
            s = weeks[key[0]].sessions[key[1]]
            return s.heavy_lower_body and s.weekday in self.p.hard_days

        for key in sorted(late, key=lambda k: (on_hard_day(k), k)):
            if total() <= budget:
                break
            lists[key] = []
        if total() > budget:
            self.warnings.append(
                "the last 14 days before the race hold more strength sets than the taper "
                "rule allows; drop the optional exercises"
            )
        out: list[Week] = []
        for wi, w in enumerate(weeks):
            sessions: list[Session] = []
            for si, s in enumerate(w.sessions):
                exercises = lists.get((wi, si), s.exercises)
                if exercises:
                    sessions.append(
                        s.model_copy(update={"exercises": exercises, "index": len(sessions) + 1})
                    )
            out.append(w.model_copy(update={"sessions": sessions}))
        return out


def _days(hours: int) -> int:
    """A minimum gap in hours as whole days between session days (48 h → 2)."""
    return max(1, math.ceil(hours / 24))


def _is_hard(p: Prescription) -> bool:
    return p.target_rir is not None and p.target_rir <= 4


def _pattern_hard_sets(sessions: list[Session], pattern: str) -> int:
    return sum(
        p.sets for s in sessions for p in s.exercises if p.pattern == pattern and _is_hard(p)
    )


def _pattern_hard_sets_drafts(drafts: list[Draft], pattern: str) -> int:
    return sum(p.sets for d in drafts for p in d.exercises if p.pattern == pattern and _is_hard(p))


def _plyo_over(s: Session, rules: Rulebook) -> bool:
    return any((p.contacts or 0) > rules.primer.contacts for p in s.exercises)


__all__ = ["generate_plan", "resolve_kit"]
