"""§3.4 race rules: last heavy and plyometric days, primers, quiet days, taper frequency."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from runstrength.enums import Phase, RaceDistance, Role, TaperWindow
from runstrength.models import Plan, Prescription, Session, Week
from runstrength.plan.context import PlanContext, same_items
from runstrength.plan.injuries import counts_for_any, handed_over
from runstrength.plan.periodization import WeekFrame
from runstrength.plan.plyometrics import as_jump
from runstrength.plan.prescribe import (
    MAIN_BILATERAL_RANK,
    MAIN_UNILATERAL_RANK,
    prescribe,
    primer_reps,
    with_contacts,
)
from runstrength.plan.rules import (
    in_family,
    is_main_lift,
    is_plyo_day,
    is_plyometric,
    primer_days,
    race_key,
    season_of_phase,
)
from runstrength.plan.selection import within_limits
from runstrength.plan.sessions import PRIMER
from runstrength.rulebook import Rulebook


def apply_race_rules(weeks: list[Week], ctx: PlanContext) -> list[Week]:
    """§3.4: no strength on quiet days nor after the primer window's last day; every session
    after the last HLB day becomes a primer; then the taper's session limits, by
    the days before the race across plan weeks (§2.1 TP; the coach QA run: counted per
    plan week, 84 of 400 builds held two sessions in days −7…−3)."""
    profile = ctx.profile
    if ctx.race_day is None or ctx.start is None or profile.race_distance is None:
        # a taper season's primers, with no race date: their jumps of the lowest intensity
        # too (the coach re-check: lateral line hops in every ankle history's primer)
        return [_calm_week(w, ctx) for w in weeks]
    assert profile.race_date is not None
    rules = ctx.rules
    key = race_key(profile.race_distance)
    last_hlb = getattr(rules.race_last_hlb_days, key)
    primer_until = primer_days(profile.race_distance, rules)
    reach = _reach(last_hlb, primer_until, rules)
    # each week, what its sessions became (None: out of the rules' reach, kept as it is)
    staged: list[tuple[Week, list[Session] | None, dict[int, Session]]] = []
    for w in weeks:
        if _out_of_reach(w, profile.race_date, reach):
            staged.append((w, None, {}))
            continue
        sessions: list[Session] = []
        made: dict[int, Session] = {}  # what each session of the week became (id of it)
        for s in w.sessions:
            to_race = _days_to(profile.race_date, s)
            if 0 <= to_race < primer_until or to_race <= rules.race_quiet_days:
                continue  # a primer drafted as one, too (the QA run: a marathon's on day −3)
            if to_race < last_hlb and not s.primer:
                # every session after the last heavy day is a primer (§3.4's primer window),
                # not only a heavy or jump one: the coach re-check found taper sessions whose
                # RIR 4 made them not heavy kept, full, 5–9 days before a half or marathon
                primer = made[id(s)] = to_primer(s, ctx, w)
                s = primer
                if len(s.exercises) < rules.session_min_exercises.volume:
                    continue  # a primer of core work alone is no session
            elif s.primer:  # drafted as one: its jumps of the lowest intensity too
                primer = made[id(s)] = _calm(s, ctx, w)
                s = primer
            sessions.append(s)
        staged.append((w, sessions, made))
    near = [s for _, ss, _ in staged if ss is not None for s in ss]
    kept = {id(s) for s in cap_taper_frequency(near, ctx)}
    out: list[Week] = []
    for w, became, made in staged:
        if became is None:
            out.append(w)
            continue
        dropped = [s for s in w.sessions if id(made.get(id(s), s)) not in kept]
        sessions = [s for s in became if id(s) in kept]
        if w.phase is Phase.TP:  # a loading week keeps its core work (§2.4 coverage)
            sessions = handed_over(sessions, dropped, ctx)
        renumbered = [
            s if s.index == i + 1 else s.model_copy(update={"index": i + 1})
            for i, s in enumerate(sessions)
        ]
        if not same_items(renumbered, w.sessions):
            w = w.model_copy(update={"sessions": renumbered})
        out.append(w)
    return out


def _reach(last_hlb: int, primer_until: int, rules: Rulebook) -> int:
    """The fewest days before the race a session may be and be untouched by every race
    rule of `apply_race_rules`: after the last heavy day, the primer window and the quiet
    days, outside the taper's windows, and too far to be the one before a session in them
    (`in_a_row`: that could change which session a full window keeps)."""
    windows = [limit.days[1] + 1 for limit in rules.taper_frequency.values()]
    return max(
        last_hlb, primer_until, rules.race_quiet_days + 1, rules.race_rest_days + 1, *windows
    )


def _out_of_reach(w: Week, race_date: dt.date, reach: int) -> bool:
    """Whether the race rules leave week `w` as it is: a loading week whose sessions are
    all `reach` days or more before the race, none a primer, numbered from 1 (most weeks
    of a build)."""
    if w.phase is Phase.TP:
        return False
    for n, s in enumerate(w.sessions, start=1):  # a loop: asked of every week of a build
        if s.primer or s.index != n or _days_to(race_date, s) < reach:
            return False
    return True


def eccentric_lost(
    before: list[Week], after: list[Week], rules: Rulebook
) -> dict[int, list[Prescription]]:
    """Week index -> the eccentric-emphasis work (`families.eccentric`) of the sessions the
    race rules made primers of, or found primers, that the week no longer holds
    (`_without_eccentric`): what `injuries.unmet_weeks` names when a minimum lacks it.
    `before`, `after`: the weeks before and after `apply_race_rules`, one for one."""
    eccentric = rules.families.eccentric
    out: dict[int, list[Prescription]] = {}
    for b, a in zip(before, after, strict=True):
        primers = {s.label for s in a.sessions if s.primer}
        if not primers:
            continue  # most weeks: no primer
        held = {p.id for s in a.sessions for p in s.exercises}
        for s in b.sessions:
            for p in s.exercises if s.label in primers else ():
                if in_family(p, eccentric) and p.id not in held:
                    held.add(p.id)  # once a week
                    out.setdefault(a.index, []).append(p)
    return out


def _days_to(race_date: dt.date, s: Session) -> int:
    assert s.date is not None
    return (race_date - s.date).days


def to_primer(s: Session, ctx: PlanContext, w: Week) -> Session:
    """A session of week `w` too close to the race becomes a short primer (§3.4): capped
    jumps of the lowest intensity, one main lift (1 set of 2–3 at RIR ≥ 4 when loaded), one
    set of core work, and one set of each exercise an injury minimum counts (§10.8: the
    coach QA run found a primer nine days out without the calf and hip work of the week
    before), none of it eccentric work (`_without_eccentric`)."""
    rules = ctx.rules
    kept: list[Prescription] = []
    main_done = False
    for p in s.exercises:
        if is_plyometric(p):
            jump = _low_intensity(p, ctx, w.index)
            if jump is not None:  # a ballistic dosed in reps (§10.10) has no place here
                ex = ctx.catalog.exercises[jump.id]
                contacts = min(p.contacts or 0, rules.primer.contacts)
                kept.append(with_contacts(jump, ex, contacts, rules))
        elif _is_main(p) and not main_done:
            main_done = True
            kept.append(_primer_main(p, ctx))
        elif in_family(p, rules.families.core) or counts_for_any(p, ctx):
            core = {"sets": rules.primer.core_sets, "target_rir": _primer_rir(p, rules)}
            kept.append(p.model_copy(update=core))
    kept = _without_eccentric(kept, w, ctx)
    return s.model_copy(
        update={"exercises": kept, "heavy_lower_body": False, "primer": True, "light": False}
    )


def _is_main(p: Prescription) -> bool:
    """A main lift, or the lift that fills a main-lift slot (§2.3 rank 2 or 3: a dumbbell
    kit's Romanian deadlift, a posterior-chain lift in the catalog, is the session's hinge;
    a primer made of its session had lost it)."""
    return is_main_lift(p) or p.order_rank in (MAIN_BILATERAL_RANK, MAIN_UNILATERAL_RANK)


def _calm_week(w: Week, ctx: PlanContext) -> Week:
    """`w` with each of its primers `_calm`; `w` itself when none changed."""
    sessions = [_calm(s, ctx, w) if s.primer else s for s in w.sessions]
    return w if same_items(sessions, w.sessions) else w.model_copy(update={"sessions": sessions})


def _calm(s: Session, ctx: PlanContext, w: Week) -> Session:
    """A primer as drafted, with each jump of the lowest intensity (`_low_intensity`) and
    no eccentric work (`_without_eccentric`: the injury fill may have swapped it in)."""
    exercises = []
    for p in s.exercises:
        jump = _low_intensity(p, ctx, w.index) if is_plyometric(p) and p.contacts else p
        if jump is not None and jump is not p:
            ex = ctx.catalog.exercises[jump.id]
            jump = with_contacts(jump, ex, p.contacts or 0, ctx.rules)
        if jump is not None:
            exercises.append(jump)
    exercises = _without_eccentric(exercises, w, ctx)
    if same_items(exercises, s.exercises):
        return s
    return s.model_copy(update={"exercises": exercises})


def _low_intensity(p: Prescription, ctx: PlanContext, week_index: int) -> Prescription | None:
    """A primer's jump (§3.4 "low-intensity contacts"): `p` when its catalog intensity is
    the lowest, else the primer template's own jump (pogos, jump rope) the runner may do
    in week `week_index` with its dose, else none (the coach QA run: single-leg pogos and
    line hops in race week, for a shin-splint history). None for a ballistic dosed in reps."""
    if not p.contacts:
        return None
    catalog = ctx.catalog.exercises
    if catalog[p.id].intensity <= LOW_INTENSITY:
        return p
    for slot in ctx.rules.templates[PRIMER]:
        for candidate in slot.candidates if slot.role is Role.PLYO else ():
            ex = ctx.catalog.get(candidate)
            if ex is None or ex.intensity > LOW_INTENSITY:
                continue
            if ctx.chooser.allowed(ex, week_index):
                return as_jump(ex, p, ctx)
    return None


LOW_INTENSITY = 1  # the catalog's lowest jump intensity: pogos, jump rope (§3.4)


def _without_eccentric(
    exercises: list[Prescription], w: Week, ctx: PlanContext
) -> list[Prescription]:
    """A primer's exercises with no eccentric-emphasis work (`families.eccentric`: heel
    drops, Nordic curls, step-downs), whose soreness lasts days: the coach re-check found
    eccentric heel drops, an Achilles minimum's, in race primers. Each becomes, in its
    place, the first of these the runner may do: another exercise of its minimum's
    `each_of` group (a bent-knee calf raise), its catalog regressions (a double-leg calf
    raise), its unloading holds (an isometric calf hold); at one set, as the primer keeps
    a minimum's work. It goes when the primer holds that one already, or none fits; the
    week then says what its minimum lacks (`injuries.unmet_weeks`)."""
    eccentric = ctx.rules.families.eccentric
    if not any(in_family(p, eccentric) for p in exercises):
        return exercises  # the common case
    held = {p.id for p in exercises}
    out: list[Prescription] = []
    for p in exercises:
        if not in_family(p, eccentric):
            out.append(p)
            continue
        plain = _plain_for(p, w, ctx)
        if plain is not None and plain.id not in held:
            held.add(plain.id)
            out.append(plain)
    return out


def _plain_for(p: Prescription, w: Week, ctx: PlanContext) -> Prescription | None:
    """`_without_eccentric`'s exercise in the place of eccentric `p`, dosed for a primer of
    week `w` (one set, RIR ≥ `primer.rir`); None when the runner may do none."""
    rules, catalog = ctx.rules, ctx.catalog
    ids = [e for m in ctx.minimums for group in m.needs if p.id in group for e in group]
    step = catalog.exercises[p.id].regression
    while step is not None and step not in ids and step in catalog:
        ids.append(step)
        step = catalog.exercises[step].regression
    ids += catalog.exercises[p.id].unload
    for ex_id in ids:
        ex = catalog.get(ex_id)
        if ex is None or in_family(ex, rules.families.eccentric):
            continue
        if not ctx.chooser.allowed(ex, w.index):
            continue
        role = Role.CALF if in_family(ex, rules.families.calf) else Role.ACC
        frame = WeekFrame(w.index, w.phase, season_of_phase(w.phase), False, 0, False)
        q = prescribe(ex, role, frame, ctx)
        return q.model_copy(
            update={"sets": rules.primer.core_sets, "target_rir": _primer_rir(q, rules)}
        )
    return None


def _primer_rir(p: Prescription, rules: Rulebook) -> int | None:
    return max(p.target_rir, rules.primer.rir) if p.target_rir is not None else None


def _primer_main(p: Prescription, ctx: PlanContext) -> Prescription:
    """A primer's main lift: at most `primer.main_sets` sets of `primer.reps` at RIR ≥
    `primer.rir` (§3.4), on body weight too (a primer keeps the runner sharp and is no
    strength stimulus; the coach re-check: 1 × 8–12 split squats and 1 × 10–12 where the
    session's reps had climbed); a novice's at `novice_start.min_reps` (§10.1); within
    the catalog's limits (§10.10), whose `main_lift_min_reps` is for heavy sets."""
    rules = ctx.rules
    update: dict[str, object] = {
        "sets": min(p.sets, rules.primer.main_sets),
        "target_rir": _primer_rir(p, rules),
    }
    if p.reps is not None and p.contacts is None:
        update["reps"] = primer_reps(ctx.profile.level, rules)
    ex = ctx.catalog.exercises[p.id]
    return within_limits(p.model_copy(update=update), ex, rules, primer=True)


def taper_window(days_to_race: int, rules: Rulebook) -> TaperWindow | None:
    """The §2.1 TP window a session this many days before the race falls in, if any."""
    for name, limit in rules.taper_frequency.items():
        lo, hi = limit.days
        if lo <= days_to_race <= hi:
            return name
    return None


def cap_taper_frequency(sessions: list[Session], ctx: PlanContext) -> list[Session]:
    """≤ 2 sessions in days −14…−8, ≤ 1 in days −7…−3 (§2.1 TP).

    When a window holds too many, the ones kept are heavy sessions on hard-run days
    first (R1), then those with a free day beside the sessions kept (§3.4 race rest days:
    placement keeps one where it can, but runs before this cap and cannot know which
    sessions it drops), then the earliest. `sessions`: the plan's, in date order.
    """
    race_date = ctx.profile.race_date
    assert race_date is not None
    rules = ctx.rules
    to_race = [_days_to(race_date, s) for s in sessions]
    windows = [taper_window(days, rules) for days in to_race]
    keep = {i for i, w in enumerate(windows) if w is None}

    def rank(i: int) -> tuple[bool, bool, int]:
        s = sessions[i]
        heavy_on_hard = s.heavy_lower_body and s.weekday in ctx.profile.hard_days
        beside = any(in_a_row(to_race[i], to_race[k], rules) for k in keep)
        return not heavy_on_hard, beside, i

    for name, limit in rules.taper_frequency.items():
        members = [i for i, w in enumerate(windows) if w is name]
        for _ in range(min(limit.max_sessions, len(members))):
            best = min(members, key=rank)  # one at a time: the rest see it kept
            keep.add(best)
            members.remove(best)
    return [s for i, s in enumerate(sessions) if i in keep]


def in_a_row(a: int, b: int, rules: Rulebook) -> bool:
    """Whether sessions `a` and `b` days before the race are on consecutive days, the later
    within the race's last `race_rest_days` (§3.4 race rest days, as placement counts; the
    log's `progress` asks it of a session done late or early and the next one)."""
    return abs(a - b) == 1 and min(a, b) < rules.race_rest_days


def race_day_block(
    session: Session, day: dt.date, race_date: dt.date, distance: RaceDistance, rules: Rulebook
) -> str | None:
    """§3.4: why `session` of a build for the race on `race_date` cannot be done on `day`
    (a few words that cite the rule), None when it can: never after the race (the build is
    for it), never in the days before it that take no strength work (its primer window and
    the quiet days), and a heavy or jump session never after the last day for one.

    >>> from runstrength.rulebook import default_rulebook
    >>> from runstrength.models import Session
    >>> race, rules = dt.date(2027, 3, 14), default_rulebook()
    >>> primer = Session(index=1, label="A", primer=True, exercises=[])
    >>> race_day_block(primer, dt.date(2027, 3, 11), race, RaceDistance.HALF, rules) is None
    True
    >>> race_day_block(primer, dt.date(2027, 3, 13), race, RaceDistance.HALF, rules)
    'no strength work on days −2…0 of the race (§3.4)'
    """
    to_race = (race_date - day).days
    if to_race < 0:
        return "the race is over"
    free = max(rules.race_quiet_days + 1, primer_days(distance, rules))
    if to_race < free:
        return f"no strength work on days −{free - 1}…0 of the race (§3.4)"
    last_hlb = getattr(rules.race_last_hlb_days, race_key(distance))
    if to_race < last_hlb and (session.heavy_lower_body or is_plyo_day(session.exercises, rules)):
        return f"no heavy or jump session after day −{last_hlb} of the race (§3.4)"
    return None


def taper_crowded(
    day: dt.date, others: Sequence[dt.date], race_date: dt.date, rules: Rulebook
) -> str | None:
    """§2.1 TP: why one more session on `day` breaks the taper's session limits, beside
    the sessions on `others` (done or still planned); None when it fits.

    >>> from runstrength.rulebook import default_rulebook
    >>> race, rules = dt.date(2027, 3, 14), default_rulebook()
    >>> taper_crowded(dt.date(2027, 3, 7), [dt.date(2027, 3, 8)], race, rules)
    'at most 1 strength session on days −7…−3 of the race (§2.1 TP)'
    >>> taper_crowded(dt.date(2027, 3, 6), [dt.date(2027, 3, 8)], race, rules) is None
    True
    """
    window = taper_window((race_date - day).days, rules)
    if window is None:
        return None
    limit = rules.taper_frequency[window]
    alongside = sum(taper_window((race_date - d).days, rules) is window for d in others)
    if alongside + 1 <= limit.max_sessions:
        return None
    lo, hi = limit.days
    sessions = "session" if limit.max_sessions == 1 else "sessions"
    where = f"on days −{hi}…−{lo} of the race"
    return f"at most {limit.max_sessions} strength {sessions} {where} (§2.1 TP)"


def lockout_end(race: dt.date, distance: RaceDistance, rules: Rulebook) -> dt.date:
    """§3.4: the first day after a race that heavy lifting or plyometrics may come back
    (`post_race_lockout_days`)."""
    days: int = getattr(rules.post_race_lockout_days, race_key(distance))
    return race + dt.timedelta(days=days + 1)


def in_lockout(
    plan: Plan, race: dt.date, distance: RaceDistance, rules: Rulebook
) -> tuple[Week, Session, dt.date] | None:
    """The first session of `plan` (with its date) from race day to the end of the race's
    post-race lockout that holds heavy lower-body work or plyometrics (§3.4, inv. 26), if
    any: a new plan started right after a race."""
    back = lockout_end(race, distance, rules)
    for week, s in plan.sessions():
        if s.date is None or not race <= s.date < back:
            continue
        if s.heavy_lower_body or is_plyo_day(s.exercises, rules):
            return week, s, s.date
    return None
