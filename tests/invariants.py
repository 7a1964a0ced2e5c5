"""Checks of docs/method.md §7 invariants on a finished plan (no log needed).

Each function raises AssertionError with the week/session it failed in. The limits come
from the same Rulebook the engine reads, so a changed rules.yaml changes both.
"""

from __future__ import annotations

import datetime as dt
import itertools
import math
from collections.abc import Iterator, Sequence

from runstrength.enums import Category, Level, LoadType, Phase, RaceDistance, TaperWindow
from runstrength.models import Catalog, Plan, Prescription, Profile, Session, Week
from runstrength.plan.notes import weeks_named
from runstrength.plan.periodization import taper_days
from runstrength.plan.plyometrics import is_power
from runstrength.plan.rules import (
    hard_sets,
    hlb_cap,
    in_family,
    is_lower_body,
    is_plyometric,
    race_key,
    session_contacts,
    session_minutes,
    total_sets,
    week_contacts,
)
from runstrength.rulebook import Rulebook
from runstrength.text import noun

LOADING_PHASES = (Phase.AA, Phase.MS, Phase.PW)


def day_index(plan: Plan, week: Week, session: Session) -> int:
    """Days since the plan's first day (undated plans count weeks from a Monday)."""
    if session.date is not None and plan.inputs.start_date is not None:
        return (session.date - plan.inputs.start_date).days
    assert session.weekday is not None
    return 7 * (week.index - 1) + session.weekday.number


def check_order(plan: Plan) -> None:
    """Inv. 1: order_rank never decreases; plyometrics never follow a main lift."""
    for w, s in plan.sessions():
        ranks = [p.order_rank for p in s.exercises]
        assert ranks == sorted(ranks), f"week {w.index} {s.label}: ranks {ranks}"
        seen_main = False
        for p in s.exercises:
            if p.category in (Category.MAIN_BILATERAL, Category.MAIN_UNILATERAL):
                seen_main = True
            assert not (seen_main and is_plyometric(p)), f"week {w.index} {s.label}: plyo late"


def check_counts(plan: Plan, rules: Rulebook) -> None:
    """Inv. 2: exercise count in the phase range; light Day C ≤ 6, no main-bilateral/plyo."""
    for w, s in plan.sessions():
        n = len(s.exercises)
        lo, hi = rules.phases[w.phase].exercises
        minutes = session_minutes(s.exercises, rules)
        assert s.minutes == minutes, f"week {w.index} {s.label}: minutes {s.minutes}"
        if s.primer:
            assert minutes <= rules.primer.max_minutes, f"week {w.index}: primer {minutes} min"
        if s.light:
            cap = rules.light_day_minutes[plan.inputs.volume_band]
            assert minutes <= cap, f"week {w.index} {s.label}: light day {minutes} min > {cap}"
            assert n <= 6, f"week {w.index} {s.label}: light day has {n} exercises"
            assert not any(
                p.category is Category.MAIN_BILATERAL or is_plyometric(p) for p in s.exercises
            ), f"week {w.index} {s.label}: light day holds a main lift or plyometrics"
            continue
        if s.primer:
            lo, hi = rules.phases[Phase.TP].exercises
        if any(is_power(p, rules) for p in s.exercises):
            n_power = sum(is_power(p, rules) for p in s.exercises)
            n -= min(1, n_power)  # §2.1 PW, §10.10: "plus ballistic", on top of the count
            lo -= 1 if n < lo else 0
        assert n <= hi, f"week {w.index} {s.label}: {n} exercises > {hi} ({w.phase})"
        if not w.deload:  # a deload cuts volume and may drop an accessory (§4.6)
            assert n >= lo, f"week {w.index} {s.label}: {n} exercises < {lo} ({w.phase})"


def check_sessions_per_week(plan: Plan, profile: Profile) -> None:
    """Inv. 3: off/pre ∈ {2, 3} (= days); in ∈ {1, 2}; taper per §2.1."""
    last = plan.weeks[-1].index
    for w in plan.weeks:
        n = len(w.sessions)
        if w.phase in (Phase.AA, Phase.MS, Phase.PW):
            if plan.inputs.race_date is None or w.index < last - 2:
                assert n == profile.days, f"week {w.index}: {n} sessions, days={profile.days}"
        elif w.phase is Phase.IN:
            assert n in (1, 2), f"week {w.index}: {n} in-season sessions"
        else:
            assert n <= 2, f"week {w.index}: {n} taper sessions"


def check_coverage(plan: Plan, rules: Rulebook) -> None:
    """Inv. 4 and 5: pattern coverage and bilateral + unilateral lower-body work."""
    fam = rules.families
    for w in plan.weeks:
        items = [p for s in w.sessions for p in s.exercises]
        if w.phase in LOADING_PHASES and not w.deload:
            for name in ("hinge", "squat_or_lunge", "calf", "hip", "core"):
                family = getattr(fam, name)
                assert any(in_family(p, family) for p in items), f"week {w.index}: no {name}"
            lower = [p for p in items if is_lower_body(p, rules)]
            assert any(p.laterality.value == "bilateral" for p in lower), f"week {w.index}"
            assert any(p.laterality.value != "bilateral" for p in lower), f"week {w.index}"
        if w.phase is Phase.IN:
            assert any(
                in_family(p, fam.hinge) or in_family(p, fam.squat_or_lunge) for p in items
            ), f"week {w.index}: no main pattern"
            assert any(in_family(p, fam.calf) for p in items), f"week {w.index}: no calf"
            assert any(in_family(p, fam.core) for p in items), f"week {w.index}: no core"


def check_equipment_and_level(
    plan: Plan, profile: Profile, kit: frozenset[str], rules: Rulebook
) -> None:
    """Inv. 6 and 7."""
    for w, s in plan.sessions():
        for p in s.exercises:
            assert set(p.equipment) <= kit, f"{p.id} needs {p.equipment}"
            assert p.level.value in rules.allowed_levels[profile.level], f"{p.id} {p.level}"
            if profile.level is Level.NOVICE and w.index <= rules.novice_banned_weeks:
                assert p.id not in rules.novice_banned, f"week {w.index}: {p.id} for a novice"


def check_in_season(plan: Plan, catalog: Catalog, rules: Rulebook) -> None:
    """Inv. 8 and 9: in-season hard sets and maintained intensity."""
    fam = rules.families
    for w in plan.weeks:
        if w.phase is not Phase.IN:
            continue
        week_total = 0
        for s in w.sessions:
            n = hard_sets(s.exercises, fam.hinge, rules) + hard_sets(
                s.exercises, fam.squat_or_lunge, rules
            )
            assert n <= 6, f"week {w.index} {s.label}: {n} hard lower sets"
            week_total += n
            for p in s.exercises:
                # §10.1: invariant 9 holds for intermediate and advanced runners only
                novice = plan.inputs.level is Level.NOVICE
                if p.category is Category.MAIN_BILATERAL and p.reps is not None and not novice:
                    assert p.reps[1] <= 6 and (p.target_rir or 0) <= 3, f"{p.id} in season"
        assert week_total <= 10, f"week {w.index}: {week_total} hard lower sets"


def _loading_steps(plan: Plan) -> Iterator[tuple[Week, Week, dict[tuple[str, str], int]]]:
    """Each non-deload week after the first, with the non-deload week before it and that
    week's sets by (session label, exercise id): what the growth limits compare."""
    prev: Week | None = None
    for w in plan.weeks:
        if w.deload:
            continue
        if prev is not None:
            yield prev, w, {(s.label, p.id): p.sets for s in prev.sessions for p in s.exercises}
        prev = w


def check_growth(plan: Plan, rules: Rulebook) -> None:
    """Inv. 13: vs the previous non-deload week, sets +1 per exercise, +2 per pattern,
    not counting the work of an injury minimum that holds just the sets it needs: §10.8
    (which wins over §7) holds the minimums in every week, and the clamps give a minimum
    back the sets they held from it, no more (the coach QA: PF a set short at day −11)."""
    tags = plan.inputs.injuries
    for prev, w, before in _loading_steps(plan):
        items = [p for s in w.sessions for p in s.exercises]
        at_need = _at_need(items, tags, rules) if tags else set()
        for s in w.sessions:
            for p in s.exercises:
                old = before.get((s.label, p.id))
                if old is not None and p.contacts is None and p.id not in at_need:
                    assert p.sets <= old + 1, f"week {w.index} {s.label} {p.id}"
        patterns = {p.pattern for p in items}
        for pattern in patterns:
            now = _pattern_hard(w, pattern, at_need)
            then = _pattern_hard(prev, pattern)
            assert now <= then + 2, f"week {w.index}: {pattern} {then} → {now}"


def _at_need(items: list[Prescription], tags: list[str], rules: Rulebook) -> set[str]:
    """The ids of the week's `items` that one of the runner's weekly minimums counts while
    the week holds no more of its sets than it needs (what the growth clamps give back)."""
    out: set[str] = set()
    for tag in tags:
        minimum = rules.injuries[tag].minimum
        if minimum is None:
            continue
        counted = [p for p in items if _counted_by_a_minimum(p, [tag], rules)]
        if sum(p.sets for p in counted) <= minimum.sets:
            out |= {p.id for p in counted}
    return out


def check_session_growth(plan: Plan, rules: Rulebook) -> None:
    """Inv. 49 (coach review K6): vs the previous non-deload week, a session's sets rise by
    at most `growth_max.sets_per_session`, not counting jumps dosed in contacts and the
    work of the runner's injury minimums (which grows as its minimum needs, §10.8)."""
    most = rules.growth_max.sets_per_session
    for _prev, w, before in _loading_steps(plan):
        for s in w.sessions:
            added = sum(
                p.sets - before[(s.label, p.id)]
                for p in s.exercises
                if (s.label, p.id) in before
                and p.contacts is None
                and not _counted_by_a_minimum(p, plan.inputs.injuries, rules)
                and p.sets > before[(s.label, p.id)]
            )
            assert added <= most, f"week {w.index} {s.label}: +{added} sets"


def _counted_by_a_minimum(p: Prescription, tags: list[str], rules: Rulebook) -> bool:
    """Whether one of the runner's weekly injury minimums counts `p` (as `minimum_met`)."""
    for tag in tags:
        minimum = rules.injuries[tag].minimum
        if minimum is None:
            continue
        family = getattr(rules.families, minimum.family) if minimum.family else None
        if in_family(p, family) if family is not None else p.id in rules.injuries[tag].prefer:
            return True
    return False


def _pattern_hard(
    week: Week, pattern: str, left_out: frozenset[str] | set[str] = frozenset()
) -> int:
    """The week's hard sets of a pattern (but those of the ids `left_out`)."""
    return sum(
        p.sets
        for s in week.sessions
        for p in s.exercises
        if p.pattern == pattern
        and p.target_rir is not None
        and p.target_rir <= 4
        and p.id not in left_out
    )


def check_band(plan: Plan, rules: Rulebook) -> None:
    """Inv. 14: HLB sessions per week and band D main-set caps."""
    band = plan.inputs.volume_band
    mods = rules.band_mods[band]
    for w in plan.weeks:
        hlb = sum(1 for s in w.sessions if s.heavy_lower_body)
        assert hlb <= hlb_cap(band, w.phase, rules), f"week {w.index}: {hlb} HLB (band {band})"
        if mods.main_sets_cap is not None:
            cap = (
                mods.main_sets_cap.in_
                if w.phase in (Phase.IN, Phase.TP)
                else mods.main_sets_cap.off
            )
            for s in w.sessions:
                for p in s.exercises:
                    if p.category is Category.MAIN_BILATERAL:
                        assert p.sets <= cap, f"week {w.index} {p.id}: {p.sets} > {cap}"


def check_plyometrics(plan: Plan, catalog: Catalog, rules: Rulebook) -> None:
    """Inv. 15–18: caps, weekly growth, 48 h spacing, volume and intensity not both up."""
    level_i = list(Level).index(plan.inputs.level)
    mult = rules.band_mods[plan.inputs.volume_band].plyo
    for w, s in plan.sessions():
        cap = math.floor(rules.plyo_caps[w.phase][level_i] * mult)
        n = session_contacts(s)
        assert n <= cap, f"week {w.index} {s.label}: {n} contacts > {cap}"
        assert n <= rules.nsca_plyo_max[level_i]
    loading = [w for w in plan.weeks if not w.deload]
    for a, b in itertools.pairwise(loading):
        ca, cb = week_contacts(a), week_contacts(b)
        assert cb <= ca * (1 + rules.plyo_weekly_growth_max) + 1e-9 or ca == 0, (
            f"week {b.index}: contacts {ca} → {cb}"
        )
    sums = [week_contacts(w) for w in loading]
    for i in range(2, len(sums) - 1):
        prior, now = sums[i - 2] + sums[i - 1], sums[i] + sums[i + 1]
        if prior:
            assert now <= prior * (1 + rules.plyo_two_week_growth_max) + 1e-9, f"2-week {i}"
    plyo_days = [day_index(plan, w, s) for w, s in plan.sessions() if session_contacts(s) > 20]
    gap = math.ceil(rules.min_gap_h.plyo_to_plyo / 24)
    for day_a, day_b in itertools.pairwise(plyo_days):
        assert day_b - day_a >= gap, f"plyometric sessions on days {day_a} and {day_b}"
    prev_tier, prev_contacts = 0, None
    for w in loading:
        # §10.10: intensity is the catalog's plyo_rank (its intensity tier when it has none)
        tiers = [
            catalog.exercises[p.id].plyo_rank or catalog.exercises[p.id].intensity
            for s in w.sessions
            for p in s.exercises
            if p.contacts
        ]
        tier = max(tiers, default=0)
        contacts = week_contacts(w)
        if prev_contacts is not None and tier > prev_tier and prev_tier:
            assert contacts <= prev_contacts, f"week {w.index}: volume and intensity both up"
        prev_tier, prev_contacts = tier or prev_tier, contacts


def check_schedule(plan: Plan, profile: Profile, rules: Rulebook) -> None:
    """Inv. 19–22: HLB spacing, key runs, long-run day, heavy days on hard days; and one
    strength session a day, in plan order (§3.3: placement gives each its own day; the
    log's `progress` keeps it for a session done late, tests/test_same_day_log.py)."""
    days = [day_index(plan, w, s) for w, s in plan.sessions()]
    for a, b in itertools.pairwise(days):
        assert a < b, f"sessions on days {a} and {b}"
    hlb_days = [day_index(plan, w, s) for w, s in plan.sessions() if s.heavy_lower_body]
    gap = math.ceil(rules.min_gap_h.hlb_to_hlb / 24)
    for a, b in itertools.pairwise(hlb_days):
        assert b - a >= gap, f"HLB sessions on days {a} and {b}"
    keys = {d.number for d in profile.hard_days}
    if profile.long_run_day is not None:
        keys.add(profile.long_run_day.number)
    for w, s in plan.sessions():
        assert s.weekday is not None
        wd = s.weekday.number
        if profile.long_run_day is not None:
            assert wd != profile.long_run_day.number, f"week {w.index} {s.label} on long-run day"
        if s.heavy_lower_body:
            assert (wd + 1) % 7 not in keys, f"week {w.index} {s.label}: HLB before a key run"
    # Inv. 22: an HLB session off a hard day is only allowed when no hard day could take it.
    if profile.hard_days:
        _check_hlb_on_hard_days(plan, profile, keys)


def _check_hlb_on_hard_days(plan: Plan, profile: Profile, keys: set[int]) -> None:
    rules_last_hlb = None
    if plan.inputs.race_date is not None and plan.inputs.race_distance is not None:
        from runstrength.rulebook import default_rulebook

        rules = default_rulebook()
        rules_last_hlb = getattr(rules.race_last_hlb_days, race_key(plan.inputs.race_distance))
    placed = [(day_index(plan, w, s), w, s) for w, s in plan.sessions()]
    hlb_days = [d for d, _, s in placed if s.heavy_lower_body]
    plyo_days = [d for d, _, s in placed if session_contacts(s) > 20]
    for day, w, s in placed:
        if not s.heavy_lower_body or s.weekday in profile.hard_days:
            continue
        offset = day - (s.weekday.number if s.weekday else 0)  # this week's Monday-based base
        taken = {d for d, ww, _ in placed if ww.index == w.index}
        for hard in profile.hard_days:
            candidates = [
                d
                for d in range(7 * (w.index - 1), 7 * w.index)
                if (_weekday_of(plan, d)) == hard.number
            ]
            for h in candidates:
                if h in taken or (hard.number + 1) % 7 in keys:
                    continue
                if profile.long_run_day is not None and hard.number == profile.long_run_day.number:
                    continue
                if any(abs(h - other) < 2 for other in hlb_days if other != day):
                    continue
                if session_contacts(s) > 20 and any(
                    abs(h - other) < 2 for other in plyo_days if other != day
                ):
                    continue
                if rules_last_hlb is not None and plan.inputs.race_date is not None:
                    assert plan.inputs.start_date is not None
                    race_day = (plan.inputs.race_date - plan.inputs.start_date).days
                    if h not in taper_days(w.index, w.phase, race_day, rules):
                        continue  # a loading week's days from −14 on, a taper's before
                    to_race = plan.inputs.race_date - (plan.inputs.start_date + dt.timedelta(h))
                    if to_race.days < rules_last_hlb:
                        continue
                raise AssertionError(
                    f"week {w.index}: HLB on {s.weekday} while hard day {hard} was free"
                )
        _ = offset


def _weekday_of(plan: Plan, day: int) -> int:
    first = plan.inputs.start_date.weekday() if plan.inputs.start_date else 0
    return (first + day) % 7


def check_deloads(plan: Plan, rules: Rulebook) -> None:
    """Inv. 23 and 24."""
    every = rules.deload_every(plan.inputs.level)
    run = 0
    for w in plan.weeks:
        if w.phase in LOADING_PHASES and not w.deload:
            run += 1
            assert run <= every - 1, f"week {w.index}: {run} loading weeks without a deload"
        else:
            run = 0
    for a, b in itertools.pairwise(plan.weeks):
        if b.deload:
            assert total_sets(b.sessions) <= rules.deload.sets_factor * total_sets(a.sessions)
            assert week_contacts(b) <= rules.deload.plyo_factor * week_contacts(a) + 1e-9


def check_race(plan: Plan, rules: Rulebook) -> None:
    """Inv. 25 and 26: race-proximity rules and the post-race lockout."""
    race, distance = plan.inputs.race_date, plan.inputs.race_distance
    if race is None or distance is None:
        return
    key = race_key(distance)
    last_hlb = getattr(rules.race_last_hlb_days, key)
    lockout = getattr(rules.post_race_lockout_days, key)
    late_sets = 0
    pre_weeks: list[Week] = []
    for w in plan.weeks:
        in_window = False
        for s in w.sessions:
            assert s.date is not None
            to_race = (race - s.date).days
            assert to_race > rules.race_quiet_days or to_race < -lockout, f"{s.date}: quiet days"
            if s.heavy_lower_body:
                assert to_race >= last_hlb, f"{s.date}: HLB {to_race} days before the race"
            if 0 <= to_race < rules.taper_window_days:
                late_sets += sum(p.sets for p in s.exercises)
                in_window = True
        assert plan.inputs.start_date is not None
        week_end = plan.inputs.start_date + dt.timedelta(days=7 * w.index - 1)
        if (race - week_end).days >= rules.taper_window_days:
            pre_weeks.append(w)
        _ = in_window
    if pre_weeks:
        average = sum(total_sets(w.sessions) for w in pre_weeks) / len(pre_weeks)
        assert late_sets <= rules.taper_sets_ratio * average, f"taper {late_sets} vs {average}"


def check_race_days(plan: Plan, catalog: Catalog, rules: Rulebook) -> None:
    """§2.1 TP and §3.4 by the days before the race, whatever plan week a day falls in (the
    coach QA run: limits counted per plan week let 84 of 400 builds hold two sessions in
    days −7…−3): no session after the primer window's last day, at most `max_sessions` in
    each taper window, and a primer's jumps of the lowest intensity (§3.4 "low-intensity
    contacts": pogos or jump rope, not single-leg pogos or line hops) and no eccentric
    work (`families.eccentric`: the coach re-check's heel drops), and every session
    after the last HLB day for the distance a primer (§3.4's primer window; the coach
    re-check: taper sessions at RIR 4, not heavy, kept full 5–9 days before a half or a
    marathon)."""
    for _w, s in plan.sessions():  # a taper season's primers too (the coach re-check)
        if s.primer:
            for p in s.exercises:
                if is_plyometric(p) and p.contacts:
                    assert catalog.exercises[p.id].intensity <= 1, f"{s.date} primer: {p.id}"
                # no eccentric-emphasis work (heel drops: soreness for days; the re-check)
                assert not in_family(p, rules.families.eccentric), f"{s.date} primer: {p.id}"
    race, distance = plan.inputs.race_date, plan.inputs.race_distance
    if race is None or distance is None:
        return
    last_day = -getattr(rules.race_primer_until_day, race_key(distance))
    last_hlb = getattr(rules.race_last_hlb_days, race_key(distance))
    held: dict[TaperWindow, list[dt.date]] = {}
    for _w, s in plan.sessions():
        assert s.date is not None
        to_race = (race - s.date).days
        assert not 0 <= to_race < last_day, f"{s.date}: a session {to_race} days before the race"
        if 0 <= to_race < last_hlb:
            assert s.primer, f"{s.date}: a full session {to_race} days before the race"
        for name, limit in rules.taper_frequency.items():
            lo, hi = limit.days
            if lo <= to_race <= hi:
                held.setdefault(name, []).append(s.date)
    for name, dates in held.items():
        most = rules.taper_frequency[name].max_sessions
        assert len(dates) <= most, f"taper window {name}: {dates}"


def check_primer_main(plan: Plan, catalog: Catalog, rules: Rulebook) -> None:
    """§3.4: a race primer's main lift (its first lift of a main-lift rank, §2.3) is at
    most `primer.main_sets` sets of `primer.reps` at RIR ≥ `primer.rir`, on body weight
    too; a novice's at `novice_start.min_reps` (§10.1 wins), under the catalog's
    `max_reps` (§10.10). `main_lift_min_reps` is for heavy sets, which this one is not (the
    coach re-check: 345 primer main lifts over 3 reps, an advanced goblet squat 1 × 6 on
    day −5, body-weight split squats 1 × 8–12)."""
    for w, s in plan.sessions():  # a taper season's primers too
        if not s.primer:
            continue
        main = next((p for p in s.exercises if p.order_rank in MAIN_RANKS), None)
        if main is None or main.reps is None or main.contacts is not None:
            continue  # a primer of jumps and core, or a main lift held for seconds
        lo, hi = rules.primer.reps
        if plan.inputs.level is Level.NOVICE:
            lo = max(lo, rules.novice_start.min_reps)
            hi = max(hi, lo)
        most = catalog.exercises[main.id].max_reps
        if most is not None:
            hi = min(hi, most)
            lo = min(lo, hi)
        where = f"week {w.index} {s.label} {main.id}"
        assert main.reps == (lo, hi), f"{where}: {main.reps} reps in a primer, not {(lo, hi)}"
        assert main.sets <= rules.primer.main_sets, f"{where}: {main.sets} sets in a primer"
        if main.target_rir is not None:
            assert main.target_rir >= rules.primer.rir, f"{where}: RIR {main.target_rir}"


MAIN_RANKS = (2, 3)  # §2.3: the main bilateral and unilateral lifts' session-order ranks


# ---------------------------------------------------------------- §10 (v2) invariants


def check_novice_start(plan: Plan, rules: Rulebook) -> None:
    """§10.1: no set below 6 reps in a novice's first 6 weeks (jumps and throws excepted:
    a loaded ballistic, the trap-bar jump's 3 reps, is not; coach re-check N1)."""
    if plan.inputs.level is not Level.NOVICE:
        return
    least = rules.novice_start.min_reps
    for w, s in plan.sessions():
        if w.index > rules.novice_start.weeks:
            continue
        for p in s.exercises:
            if p.reps is None or p.contacts is not None or p.pattern == "throw":
                continue
            if is_plyometric(p) and p.load.type is LoadType.BODYWEIGHT:
                continue  # an unloaded jump dosed in reps
            assert p.reps[0] >= least, f"week {w.index} {s.label} {p.id}: {p.reps} for a novice"


def check_one_dose(plan: Plan) -> None:
    """docs/plan-json.md: exactly one of reps, seconds, contacts and distance_m doses an
    exercise; a plyometric dosed in contacts may give reps per set too (the coach QA run: a
    race primer's front plank read `reps: [2, 3], seconds: 20`)."""
    for w, s in plan.sessions():
        for p in s.exercises:
            given = [f for f in ("reps", "seconds", "contacts", "distance_m")
                     if getattr(p, f) is not None]  # fmt: skip
            if p.contacts is not None:
                given = [f for f in given if f != "reps"]
            assert len(given) == 1, f"week {w.index} {s.label} {p.id}: dosed by {given}"


def check_novice_main_reps(plan: Plan, rules: Rulebook) -> None:
    """§10.1, §2.1: a novice's loaded main lifts keep the novice reps of their phase in
    every block (MS 6–8): a long phase's new stimulus (§10.9) changes the lift, never the
    novice range (the coach QA run: 3 × 5–6 in week 14 of a 20-week off-season)."""
    if plan.inputs.level is not Level.NOVICE:
        return
    for w, s in plan.sessions():
        if w.deload or s.primer:
            continue
        dose = rules.phases[w.phase].main_novice
        if dose is None or dose.reps is None:
            continue
        for p in s.exercises:
            # the main bilateral lifts (a hinge may fill the unilateral slot too, at its dose)
            main = p.category is Category.MAIN_BILATERAL
            if not main or p.reps is None or p.load.type is LoadType.BODYWEIGHT:
                continue
            assert p.reps[0] >= dose.reps[0], (
                f"week {w.index} {s.label} {p.id}: {p.reps} for a novice in {w.phase.value}"
            )


def check_bone(plan: Plan, catalog: Catalog, rules: Rulebook) -> None:
    """Inv. 33 (§10.2): with bone-stress history, a clearance line; weeks 1–4 hold only the
    low two-leg drills and ≤ 40 contacts; then ≤ +10 % a week; never a drop jump."""
    if "bone" not in plan.inputs.injuries:
        return
    bone = rules.bone_impact
    assert any("cleared" in w for w in plan.warnings), "no clearance line"
    last = 0
    for w in plan.weeks:
        contacts = week_contacts(w)
        for s in w.sessions:
            for p in s.exercises:
                assert p.id != "drop-jump", f"week {w.index}: drop jump"
                impact = p.category in (Category.PLYOMETRIC, Category.POWER) and p.contacts
                if w.index <= bone.weeks and impact:
                    assert p.id in bone.allowed, f"week {w.index}: {p.id} in the first weeks"
                    assert p.laterality.value == "bilateral", f"week {w.index}: {p.id}"
        if w.index <= bone.weeks:
            assert contacts <= bone.weekly_contacts, f"week {w.index}: {contacts} contacts"
        elif last and not w.deload:
            most = math.floor(last * (1 + bone.weekly_growth))
            assert contacts <= most, f"week {w.index}: {last} → {contacts} contacts"
        if contacts and not w.deload:
            last = contacts


def minimum_met(
    items: list[Prescription], tag: str, rules: Rulebook, catalog: Catalog | None = None
) -> bool:
    """Whether some exercises meet a tag's §5.1 weekly minimum (True: none is set). With
    the `catalog`, a member's flat-floor variant meets its group too (insertional Achilles
    swaps the raise over a step for it)."""
    rule = rules.injuries[tag]
    minimum = rule.minimum
    if minimum is None:
        return True
    family = getattr(rules.families, minimum.family) if minimum.family else None
    counted = [
        p for p in items if (in_family(p, family) if family is not None else p.id in rule.prefer)
    ]
    ids = {p.id for p in items}
    return (
        len({p.id for p in counted}) >= minimum.exercises
        and sum(p.sets for p in counted) >= minimum.sets
        and all(set(_with_flat(group, catalog)) & ids for group in minimum.each_of)
    )


def _with_flat(group: Sequence[str], catalog: Catalog | None) -> list[str]:
    """The group and the flat-floor forms of its members (pattern + "-flat")."""
    if catalog is None:
        return list(group)
    flat = [
        f
        for e in group
        if (ex := catalog.get(e))
        and (f := ex.flat_variant)
        and (v := catalog.get(f))
        and v.pattern == f"{ex.pattern}-flat"
    ]
    return [*group, *flat]


def check_injury_minimums(plan: Plan, rules: Rulebook, catalog: Catalog | None = None) -> None:
    """Inv. 41 (§10.8): every week of every season (deloads and taper weeks included)
    meets the minimums of the runner's tags, or a warning names the week and the tag
    (nothing the runner's kit allows can fill it, or the race leaves no room)."""
    for w in plan.weeks:
        if not w.sessions:
            continue  # a week with no session at all: check_empty_weeks
        items = [p for s in w.sessions for p in s.exercises]
        for tag in plan.inputs.injuries:
            if minimum_met(items, tag, rules, catalog):
                continue
            said = any(
                w.index in weeks_named(warning) and tag in warning for warning in plan.warnings
            )
            assert said, f"week {w.index}: {tag} minimum not met and not said"


def check_empty_weeks(plan: Plan) -> None:
    """Inv. 47 (§10.12): a week with no session is explained by a warning."""
    for w in plan.weeks:
        if not w.sessions:
            note = ": no strength sessions"
            assert any(w.index in weeks_named(x) and note in x for x in plan.warnings), w.index


def check_warnings_said_once(plan: Plan) -> None:
    """A plan says each thing once: a note of several weeks is one line naming them
    (a 26-week build used to repeat one unmet minimum 20 times), and a week the race left
    empty carries no injury note besides that it is empty."""
    texts = [x.split(": ", 1)[1] for x in plan.warnings if weeks_named(x)]
    assert len(texts) == len(set(texts)), plan.warnings
    assert len(plan.warnings) == len(set(plan.warnings)), plan.warnings
    empty = {w.index for w in plan.weeks if not w.sessions}
    for x in plan.warnings:
        if weeks_named(x) & empty:
            assert not x.endswith(" prevention)"), x


def check_header_days(plan: Plan) -> None:
    """Inv. 48 (§10.12): the header's days a week are the most sessions of any non-taper
    week, or the header and a warning say how many and why."""
    from runstrength.render.common import plan_title

    loading = [w for w in plan.weeks if w.phase is not Phase.TP] or plan.weeks
    most = max(len(w.sessions) for w in loading)
    title = plan_title(plan)
    if most == plan.inputs.days:
        assert f", {most} day" in title, title
    else:
        assert f"{most} of {plan.inputs.days} days/week" in title, title
        note = f"{noun(most, 'strength session')} a week, not the {plan.inputs.days} asked"
        assert any(x.startswith(note) for x in plan.warnings), note


def check_flat_floor(plan: Plan, catalog: Catalog) -> None:
    """§5.1 (W8): insertional Achilles gets nothing below step level."""
    if "achilles-insertional" not in plan.inputs.injuries:
        return
    for w, s in plan.sessions():
        for p in s.exercises:
            assert not catalog.exercises[p.id].below_step, f"week {w.index}: {p.id} off a step"


def _stimulus(week: Week) -> tuple[object, ...]:
    """What a week prescribes, plyometric contacts aside: exercises, sets, reps, RIR, holds."""
    return tuple(
        (
            s.label,
            tuple(
                (p.id, None, None, None, None)
                if p.contacts is not None
                else (p.id, p.sets, p.reps, p.target_rir, p.seconds)
                for p in s.exercises
            ),
        )
        for s in week.sessions
    )


def check_variety(plan: Plan) -> None:
    """Inv. 42 (§10.9): no 9 consecutive weeks whose loading (non-deload) weeks all hold the
    same sessions."""
    span = 9
    for i in range(len(plan.weeks) - span + 1):
        window = [w for w in plan.weeks[i : i + span] if not w.deload]
        if len(window) < 2:
            continue
        assert len({_stimulus(w) for w in window}) > 1, (
            f"weeks {i + 1}–{i + span}: the same sessions every loading week"
        )


def check_maintenance_contacts(plan: Plan, rules: Rulebook) -> None:
    """Inv. 43 (§10.9): in the last `race_build.maintenance_weeks` weeks of a marathon or
    ultra build, weekly contacts ≤ the IN cap (level, band), and the plyometric peak comes
    before them."""
    distance = plan.inputs.race_distance
    if plan.inputs.race_date is None or distance not in (RaceDistance.MARATHON, RaceDistance.ULTRA):
        return
    level_i = list(Level).index(plan.inputs.level)
    cap = math.floor(
        rules.plyo_caps[Phase.IN][level_i] * rules.band_mods[plan.inputs.volume_band].plyo
    )
    n = rules.race_build.maintenance_weeks
    last, before = plan.weeks[-n:], plan.weeks[:-n]
    for w in last:
        assert week_contacts(w) <= cap, f"week {w.index}: {week_contacts(w)} contacts > IN {cap}"
    if before:
        peak_before = max(week_contacts(w) for w in before)
        assert max(week_contacts(w) for w in last) <= max(peak_before, cap)


def check_power(plan: Plan, rules: Rulebook) -> None:
    """Inv. 44 (§10.10): every PW week that is not a deload holds a power exercise (in its
    heavy sessions: a race primer or a light day holds none)."""
    bone = "bone" in plan.inputs.injuries
    for w in plan.weeks:
        if w.phase is not Phase.PW or w.deload:
            continue
        if not any(not s.primer and not s.light for s in w.sessions):
            continue
        if bone and w.index <= rules.bone_impact.weeks:
            continue  # §10.2 wins: weeks 1-4 after a bone stress injury hold no jumps
        assert any(is_power(p, rules) for s in w.sessions for p in s.exercises), (
            f"week {w.index}: a PW week with no power exercise"
        )


def check_catalog_limits(plan: Plan, catalog: Catalog, rules: Rulebook) -> None:
    """Inv. 45 (§10.10): no prescription exceeds its catalog entry's limits (sets, reps per
    set, contacts per set), and a main lift of `main_lift_min_reps` (goblet squat) is never
    a low-rep heavy lift (a race primer's single set aside)."""
    for w, s in plan.sessions():
        for p in s.exercises:
            ex = catalog.exercises[p.id]
            where = f"week {w.index} {s.label} {p.id}"
            if ex.max_sets is not None:
                assert p.sets <= ex.max_sets, f"{where}: {p.sets} sets > {ex.max_sets}"
            if p.reps is None:
                continue
            if p.contacts is not None:
                most = ex.max_contacts or ex.max_reps
                if most is not None:
                    assert p.reps[1] <= most, f"{where}: {p.reps[1]} contacts a set > {most}"
                continue
            if ex.max_reps is not None:
                assert p.reps[1] <= ex.max_reps, f"{where}: {p.reps[1]} reps > {ex.max_reps}"
            least = rules.main_lift_min_reps.get(p.id)
            if least is not None and not s.primer:
                assert p.reps[0] >= least, f"{where}: {p.reps[0]} reps < {least}"


def check_all(
    plan: Plan, profile: Profile, catalog: Catalog, rules: Rulebook, kit: frozenset[str]
) -> None:
    """Every log-free invariant."""
    check_order(plan)
    check_counts(plan, rules)
    check_sessions_per_week(plan, profile)
    check_coverage(plan, rules)
    check_equipment_and_level(plan, profile, kit, rules)
    check_in_season(plan, catalog, rules)
    check_growth(plan, rules)
    check_session_growth(plan, rules)
    check_band(plan, rules)
    check_plyometrics(plan, catalog, rules)
    check_schedule(plan, profile, rules)
    check_deloads(plan, rules)
    check_race(plan, rules)
    check_race_days(plan, catalog, rules)
    check_primer_main(plan, catalog, rules)
    check_novice_start(plan, rules)
    check_novice_main_reps(plan, rules)
    check_one_dose(plan)
    check_bone(plan, catalog, rules)
    check_injury_minimums(plan, rules, catalog)
    check_empty_weeks(plan)
    check_warnings_said_once(plan)
    check_header_days(plan)
    check_flat_floor(plan, catalog)
    check_variety(plan)
    check_maintenance_contacts(plan, rules)
    check_power(plan, rules)
    check_catalog_limits(plan, catalog, rules)
    assert plan.disclaimer.startswith("This plan is general training guidance")
