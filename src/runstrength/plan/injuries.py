"""§5.1 weekly injury minimums: add the prevention work a runner's history asks for."""

from __future__ import annotations

from collections.abc import Callable, Mapping

from runstrength.enums import CATEGORY_POSTERIOR_CHAIN as _POSTERIOR_CHAIN
from runstrength.enums import IMPACT, Phase, Role
from runstrength.enums import PHASE_IN as _IN
from runstrength.enums import PHASE_TP as _TP
from runstrength.enums import ROLE_ACC as _ACC
from runstrength.enums import ROLE_CALF as _CALF
from runstrength.enums import ROLE_MAIN as _MAIN
from runstrength.enums import ROLE_UNI as _UNI
from runstrength.models import Exercise, Prescription, Session, Week
from runstrength.plan.context import PlanContext, TagMinimum
from runstrength.plan.draft import Draft, make_slotted, replaced
from runstrength.plan.periodization import WeekFrame
from runstrength.plan.prescribe import prescribe
from runstrength.plan.rules import in_family, is_plyometric
from runstrength.rulebook import InjuryMinimum
from runstrength.text import noun


def injury_minimums(
    frame: WeekFrame, drafts: list[Draft], ctx: PlanContext
) -> tuple[list[Draft], tuple[str, ...]]:
    """The drafts with each injury tag's weekly minimum added where a session has room
    (or swapped in for a posterior-chain accessory), and a warning where none has."""
    if not ctx.minimums:
        return drafts, ()  # the common case: no injury history, nothing to add or say
    rules = ctx.rules
    no_room: dict[str, list[str]] = {}  # exercise name -> the tags it had no room for
    for m in ctx.minimums:
        role = _CALF if m.minimum.family == "calf" else _ACC
        for _attempt in range(rules.injury_fill.attempts):
            ex = missing_exercise(drafts, m, ctx, frame.index)
            if ex is None:
                break
            pres = prescribe(ex, role, frame, ctx)
            # the catalog's heavy lower-body work (a hamstring history's RDL) goes to a full
            # session when one can take it, a light day only when none can (§2.4: a light
            # day is never heavy; §10.8: in season it is the easy one; the QA pass: squat
            # weeks put the hinge on the light day, "RDL 2 × 10–12, RIR 2", harder than the
            # heavy day's own RDL)
            placed = _placed(drafts, pres, m, frame, ctx, light=not ex.heavy_lower_body)
            if placed is None and ex.heavy_lower_body:
                placed = _placed(drafts, pres, m, frame, ctx, light=True)
            if placed is None:
                no_room.setdefault(ex.name, []).append(m.tag)
                break
            drafts = placed
        drafts = top_up(drafts, m, ctx)  # a list minimum (ankle: 2 sets of balance) too
    # a taper's sessions are few and short because a race is near, whether or not the
    # runner gave its date (the roster QA run: a taper season blamed spacing and kit)
    taper = frame.phase is _TP
    near = " this close to the race" if taper else ""
    # one line for an exercise two tags wanted (the roster QA run said it once per tag)
    warnings = [
        f"week {frame.index}: no room for {name}{near} ({' and '.join(tags)} prevention)"
        for name, tags in no_room.items()
    ]
    said = {tag for tags in no_room.values() for tag in tags}
    why = RACE if taper else ROOM
    warnings += [w for w in unmet(frame, drafts, ctx, why) if not note_tags(w) & said]
    return drafts, tuple(warnings)


def _placed(
    drafts: list[Draft],
    pres: Prescription,
    m: TagMinimum,
    frame: WeekFrame,
    ctx: PlanContext,
    *,
    light: bool,
) -> list[Draft] | None:
    """`pres` added where a session has room, or swapped in (`add_to_roomiest`,
    `swap_in`); into a light day too only when `light`."""
    return add_to_roomiest(drafts, pres, frame, ctx, light=light) or swap_in(
        drafts, pres, m, ctx, frame.phase, light=light
    )


def unmet_weeks(
    weeks: list[Week],
    said: list[str],
    ctx: PlanContext,
    lost: Mapping[int, list[Prescription]] | None = None,
) -> list[str]:
    """§10.8 inv. 41: a warning for each finished week that misses an injury minimum and
    no warning names yet (race rules and the taper budget come after the weekly fill).
    `lost`: per week, the eccentric work its primers lost (`race.eccentric_lost`); a week
    that lacks an `each_of` group for it says so even when a warning names it already
    (`overruled`: the fill's "no room" was not what it lacks)."""
    out: list[str] = []
    if not ctx.minimums:
        return out  # the common case: nothing to check, nothing to build
    before: list[Prescription] = []  # the week before's prescriptions
    for w in weeks:
        week = [p for s in w.sessions for p in s.exercises]
        last, before = before, week
        if not w.sessions:
            continue  # a week with no session says so (build.week_notes)
        prefix = f"week {w.index}:"
        near = w.phase is _TP or any(x.primer for x in w.sessions)
        why = RACE if near else ROOM  # near: a taper week (a race build's or a taper season's)
        cut = None
        if why is ROOM and w.deload:
            cut = (last, DELOAD.format(share=round(ctx.rules.deload.sets_factor * 100)))
        primed = lost.get(w.index, []) if lost else []
        for note in _unmet(w.index, week, ctx, why, cut, primed=primed):
            tags = note_tags(note)
            if is_primed(note) or not any(
                x.startswith(prefix) and tags & note_tags(x) for x in said
            ):
                out.append(note)
    return out


def overruled(warning: str, notes: list[str]) -> bool:
    """Whether `warning`, a note of one week on one tag's minimum, gives way to one of
    `notes` (`unmet_weeks`) that says the week's primer lost the eccentric work the
    minimum lacks: the row-40 half's week 9 said "no room for Split squat calf raises",
    which its fill had had, while the week lacked the bent-knee work of the heel drop its
    primer may not hold (§3.4)."""
    tags = note_tags(warning)
    if not tags or is_primed(warning):
        return False
    week = warning.split(":", 1)[0]
    return any(is_primed(n) and n.split(":", 1)[0] == week and tags <= note_tags(n) for n in notes)


def is_primed(warning: str) -> bool:
    """Whether a warning gives a primer's eccentric work as what a minimum lacks."""
    return PRIMED_MARK in warning


def handed_over(kept: list[Session], dropped: list[Session], ctx: PlanContext) -> list[Session]:
    """§10.8 in the race's last days: the minimum work of sessions the race rules dropped
    (a quiet day, the taper's session limits), done in a kept session instead, in the place
    of a core exercise no minimum counts, when that meets the minimum; never in a primer
    (§3.4), and no jump (the race rules cap those), at `race_handover_sets` sets at most
    (the coach re-check: eccentric heel drops 3 × 15 made a day −5 session 27 min). The
    roster QA run: the fill had put single-leg balance into a race week's second session,
    the limit of one session in days −7…−3 dropped it, and the session kept held a
    deadbug."""
    if not ctx.minimums or not dropped:
        return kept  # the common case
    for m in ctx.minimums:
        week = [p for s in kept for p in s.exercises]
        if met(week, m):
            continue
        held = {p.id for p in week}
        wanted = {e for g in m.needs for e in g} | m.counted
        lost = [
            p
            for s in dropped
            for p in s.exercises
            if p.id in wanted and p.id not in held and not is_plyometric(p)
        ]
        moved = kept
        most = ctx.rules.race_handover_sets  # §3.4: 1–2 sets so close to the race
        for p in lost:
            moved = _in_place_of_core(moved, p.model_copy(update={"sets": min(p.sets, most)}), ctx)
        # only a move that meets it, but for the sets the cap holds back: a hinge a week
        # before a marathon for a minimum that stays out of reach (no roller curl) would
        # be work for nothing; a week left sets short says so (`unmet_weeks`)
        if moved is not kept and met([p for s in moved for p in s.exercises], m, sets=False):
            kept = moved
    return kept


def _in_place_of_core(sessions: list[Session], p: Prescription, ctx: PlanContext) -> list[Session]:
    """`p` in the place of the first core exercise no minimum counts in a session that is
    no primer, in the session's §2.3 order; the sessions as they were when none has one."""
    core = ctx.rules.families.core
    for i, s in enumerate(sessions):
        if s.primer:
            continue
        spare = (in_family(q, core) and not counts_for_any(q, ctx) for q in s.exercises)
        k = next((k for k, is_spare in enumerate(spare) if is_spare), None)
        if k is None:
            continue
        rest = [*s.exercises[:k], *s.exercises[k + 1 :], p]
        # in §2.3 order, stable, as `sessions.sort_draft` orders a draft
        changed = s.model_copy(update={"exercises": sorted(rest, key=lambda q: q.order_rank)})
        return [*sessions[:i], changed, *sessions[i + 1 :]]
    return sessions


def is_injury_note(warning: str) -> bool:
    """Whether a warning is about an injury minimum (as this module words them)."""
    return warning.endswith(" prevention)")


def note_tags(warning: str) -> frozenset[str]:
    """The injury tags a warning of this module names: "(hip and pfps prevention)".

    >>> sorted(note_tags("week 2: no room for Clamshell (hip and pfps prevention)"))
    ['hip', 'pfps']
    >>> note_tags("week 2: no strength sessions")
    frozenset()
    """
    if not is_injury_note(warning):
        return frozenset()
    return frozenset(warning[warning.rindex("(") + 1 : -len(" prevention)")].split(" and "))


# the eccentric work a race primer may not hold (§3.4), which a minimum's `each_of` group
# had in it (the bent-knee part of the Achilles minimum: its heel drop)
PRIMED_MARK = "a race primer holds no eccentric work (§3.4)"
PRIMED = PRIMED_MARK + ", and the week's {names} went from one"
ROOM = "no session has room that keeps the spacing rules, or nothing fits your equipment and level"
RACE = "the sessions left this close to the race have no room for it"
DELOAD = "the deload keeps at most {share} % of the week before's sets, too few for all of it"
TIMED = "the {what}'s {minutes}-minute limit leaves no room for all of it"


def unmet(frame: WeekFrame, drafts: list[Draft], ctx: PlanContext, why: str = ROOM) -> list[str]:
    """A warning for each weekly injury minimum the week's drafts miss (§10.8 inv. 41),
    giving `why` as the reason."""
    if not ctx.minimums:
        return []  # the common case: no minimum to check
    return _unmet(frame.index, [p for d in drafts for p, _role in d.items], ctx, why)


def time_cut(index: int, before: list[Draft], after: list[Draft], ctx: PlanContext) -> list[str]:
    """The minimums a week's drafts met until a light day or a race primer was cut to its
    time (§3.1, §3.4; `sessions.fit_time`), said so: the coach QA run's in-season week
    blamed spacing and equipment for a hip set its 20-minute light day had no time for."""
    if not ctx.minimums or all(b is a for b, a in zip(before, after, strict=True)):
        return []  # the common cases: no minimum, or nothing cut to its time
    was = [p for d in before for p, _role in d.items]
    now = [p for d in after for p, _role in d.items]
    lost = [m for m in ctx.minimums if met(was, m) and not met(now, m)]
    if not lost:
        return []
    cut = [b for b, a in zip(before, after, strict=True) if b is not a]
    primer = any(d.primer for d in cut)
    rules = ctx.rules
    minutes = rules.primer.max_minutes if primer else rules.light_day_minutes[ctx.band]
    what = "race primer" if primer else "light day"
    return _unmet(index, now, ctx, TIMED.format(what=what, minutes=minutes), only=lost)


def _unmet(
    index: int,
    week: list[Prescription],
    ctx: PlanContext,
    why: str = ROOM,
    cut: tuple[list[Prescription], str] | None = None,
    only: list[TagMinimum] | None = None,
    *,
    primed: list[Prescription] | tuple[Prescription, ...] = (),
) -> list[str]:
    """`unmet` of the week's prescriptions, all sessions together (of `only` these
    minimums). `cut`: in a deload week, the week before's prescriptions and the deload's
    words, said of a minimum they met. `primed`: the eccentric work the week's primers
    lost (`race.eccentric_lost`), said of a minimum whose missing group it belongs to."""
    out = []
    for m in ctx.minimums if only is None else only:
        if not met(week, m):
            minimum, tag = m.minimum, m.tag
            reason = why
            if cut is not None and met(cut[0], m):
                reason = cut[1]  # the coach QA run: "no room" for a deload's cut sets
            if primed:
                reason = _primed(week, m, primed, why, ctx) or reason
            out.append(
                f"week {index}: the {tag} minimum ({noun(minimum.exercises, 'exercise')}, "
                f"{noun(minimum.sets, 'set')}) is not met: "
                f"{_out_of_reach(week, m, ctx, index) or reason} "
                f"({tag} prevention)"
            )
    return out


def _primed(
    week: list[Prescription],
    m: TagMinimum,
    primed: list[Prescription] | tuple[Prescription, ...],
    why: str,
    ctx: PlanContext,
) -> str | None:
    """Why a week misses `m` when its primers lost eccentric work (`primed`) of a group of
    `m.needs` the week lacks: the primer rule (§3.4), and `why` too when the week, that
    work back at a primer's one set, would still fall short. None when none of it was
    what the week lacks."""
    ids = {p.id for p in week}
    missing = [g for g in m.needs if ids.isdisjoint(g)]
    back = [p for p in primed if any(p.id in g for g in missing)]
    if not back:
        return None
    names = " and ".join(p.name for p in back)
    reason = PRIMED.format(names=names)
    sets = ctx.rules.primer.core_sets  # as a primer keeps a minimum's work (`to_primer`)
    if not met(week + [p.model_copy(update={"sets": sets}) for p in back], m):
        reason += f"; besides, {why}"
    return reason


def _out_of_reach(
    week: list[Prescription], m: TagMinimum, ctx: PlanContext, index: int
) -> str | None:
    """Why a minimum cannot be met in week `index` when one of its groups (a bent-knee calf
    raise) has no member this runner may do that week, naming them: what to add (kit,
    level) is then plain, and a ban of the first weeks (§10.1, §10.2) is said in its own."""
    ids = {p.id for p in week}
    chooser = ctx.chooser
    for group in m.needs:
        members = [ctx.catalog.exercises[e] for e in group if e in ctx.catalog]
        if ids.isdisjoint(group) and not any(chooser.allowed(ex, index) for ex in members):
            # each one named with what rules it out (coach QA: "your equipment or level"
            # left the runner to find out that a foam roller was all it took)
            names = ", or ".join(f"{ex.name}, {chooser.why_not(ex, index)}" for ex in members)
            return f"it needs {names}"
    return None


def met(week: list[Prescription], m: TagMinimum, *, sets: bool = True) -> bool:
    """Whether a week's prescriptions (all its sessions') meet a weekly minimum (§5.1);
    with `sets` False, its exercises alone (`handed_over`'s capped sets)."""
    counts, minimum = m.counted, m.minimum
    ids = {p.id for p in week}
    # a list and a map, not generators: every week asks this of every minimum, often twice
    return (
        len(ids & counts) >= minimum.exercises
        and (not sets or sum([p.sets for p in week if p.id in counts]) >= minimum.sets)
        and not any(map(ids.isdisjoint, m.needs))
    )


def guarded(p: Prescription, ctx: PlanContext) -> bool:
    """Work a time cut takes last (§10.8): hip work, and what the runner's injury
    minimums count."""
    return p.id in ctx.guarded


def deload_keeps(ctx: PlanContext) -> Callable[[Prescription], bool]:
    """What a deload cuts last (§10.8: the minimums hold in deload weeks too): the work a
    minimum counts, and the exercises it needs one of (the hamstring minimum's roller curl
    is no hinge, and a deload left it out: the coach QA run). Only a deload: elsewhere
    the needed exercise grows and is clamped as any other."""
    ids = ctx.kept | {e for m in ctx.minimums for group in m.needs for e in group}
    return lambda p: p.id in ids


def counts_for_any(p: Prescription, ctx: PlanContext) -> bool:
    """Whether a prescription counts toward one of the runner's weekly injury minimums:
    the work a deload or a taper cut keeps (§10.8: minimums in every week)."""
    return p.id in ctx.kept


def top_up(drafts: list[Draft], m: TagMinimum, ctx: PlanContext) -> list[Draft]:
    """§5.1, §10.8: a minimum's sets reached by adding sets to the exercises that count,
    heavy sessions first, one set at a time, up to each exercise's set limit; never in a
    race primer (§3.4: a few sets to stay sharp; the coach QA re-check: a marathon primer
    six days out held single-leg calf raises 4 × 10–15), where the week says what it
    lacks instead."""
    counts = m.counted
    # not a jump's sets: the plyometric ladder may swap it after this fill (as in
    # missing_exercise; the coach re-check: an ankle minimum "met" by a hop-and-stick that
    # became jump rope left single-leg balance at 1 set all plan long)
    need = m.minimum.sets - sum(
        [p.sets for d in drafts for p, _role in d.items if p.id in counts and not is_plyometric(p)]
    )
    if need <= 0:
        return drafts  # the common case: its sets are there
    order = sorted(
        (i for i in range(len(drafts)) if not drafts[i].primer), key=lambda i: drafts[i].light
    )
    while need > 0:
        grown = False
        for i in order:
            d = drafts[i]
            for k, (p, _role) in enumerate(d.items):
                if need <= 0 or p.contacts is not None or p.id not in counts:
                    continue
                if is_plyometric(p):  # its contacts come later, and it may be swapped
                    continue
                if p.sets >= _set_limit(p, ctx):
                    continue
                drafts = list(drafts)
                d = drafts[i] = d.with_items(
                    replaced(d.items, k, p.model_copy(update={"sets": p.sets + 1}))
                )
                need -= 1
                grown = True
        if not grown:
            break
    return drafts


def refilled(drafts: list[Draft], ctx: PlanContext) -> list[Draft]:
    """Every minimum's sets topped up again (`top_up`): after a deload's cut."""
    for m in ctx.minimums:
        drafts = top_up(drafts, m, ctx)
    return drafts


def given_back(clamped: list[Draft], drafts: list[Draft], ctx: PlanContext) -> list[Draft]:
    """§10.8 over §7 inv. 13 and 49: the sets the growth clamps held back from a minimum's
    work given back, up to the drafts' own, until each minimum the drafts met is met again.
    The minimum grows as far as it needs and no further; the rest of the week keeps its
    limits (the coach QA: a PF minimum a set short at day −11, blamed on the race).
    `clamped`: the drafts after the clamps, item for item (the clamps change sets only)."""
    if not ctx.minimums or all(c is d for c, d in zip(clamped, drafts, strict=True)):
        return clamped  # the common cases: no minimum, or the clamps changed nothing
    was = [p for d in drafts for p, _role in d.items]
    out = list(clamped)
    for m in ctx.minimums:
        if met(was, m):  # else the fill could not meet it: no clamp took it away
            out = _give_back(out, drafts, m)
    return out


def _give_back(out: list[Draft], drafts: list[Draft], m: TagMinimum) -> list[Draft]:
    """One set at a time to each exercise `m` counts that the clamps held below its draft,
    heavy sessions first (as `top_up`), until `m` is met: spread over the held-back
    exercises, so none grows further than the minimum makes it."""
    out = list(out)
    order = sorted(range(len(out)), key=lambda i: (out[i].primer, out[i].light))
    while not met(_week_of(out), m):
        held = [
            (i, k)
            for i in order
            for k, (p, _role) in enumerate(out[i].items)
            if p.id in m.counted and p.sets < drafts[i].items[k].prescription.sets
        ]
        if not held:
            break  # pragma: no cover - the drafts met it, so their sets meet it
        for i, k in held:
            p = out[i].items[k].prescription
            out[i] = out[i].with_items(
                replaced(out[i].items, k, p.model_copy(update={"sets": p.sets + 1}))
            )
            if met(_week_of(out), m):
                break
    return out


def _week_of(drafts: list[Draft]) -> list[Prescription]:
    return [p for d in drafts for p, _role in d.items]


def _set_limit(p: Prescription, ctx: PlanContext) -> int:
    ex = ctx.catalog.exercises[p.id]
    return ex.max_sets or ex.dose.sets[1]


def missing_exercise(
    drafts: list[Draft], m: TagMinimum, ctx: PlanContext, index: int
) -> Exercise | None:
    """The next exercise to add for an unmet minimum in week `index`, or None when it is
    met (or nothing the runner may do that week would help: a ban of the first weeks holds
    in those weeks alone, §10.1, §10.2)."""
    # Jumps are left out: the plyometric ladder (§10.10) may swap them after this fill.
    # (Plain loops: this runs for every tag in every week, and nearly always finds the
    # minimum met.)
    minimum, counts = m.minimum, m.counted
    week_ids: set[str] = set()
    ids: set[str] = set()
    sets = 0  # sets still to come from top_up count as met; top_up adds none in a primer
    for d in drafts:
        for p, _role in d.items:
            if p.category in IMPACT:  # `is_plyometric`, inline
                continue
            week_ids.add(p.id)
            if p.id in counts:
                ids.add(p.id)
                grows = p.contacts is None and not d.primer
                sets += max(p.sets, _set_limit(p, ctx)) if grows else p.sets
    groups_missing = [g for g in m.needs if week_ids.isdisjoint(g)]
    short = len(ids) < minimum.exercises or sets < minimum.sets
    if not short and not groups_missing:
        return None
    pool = [c for g in groups_missing for c in g]
    if short:
        # Only a count or sets still short is helped by any exercise that counts; a
        # missing group (a bent-knee calf raise) only by its own members: filling the
        # sessions with more straight-knee raises would not meet it. Only what counts: a
        # preferred exercise the minimum does not count (PFPS's split squat) adds nothing to
        # it, and in a full taper week it took the place the hip work needed (roster QA).
        pool += [e for e in (*m.prefer, *m.members) if e in counts]
    lo, hi = ctx.rules.injury_fill.order_ranks
    for ex_id in pool:
        ex = ctx.catalog.get(ex_id)
        if ex is None or ex_id in week_ids or not lo <= ex.order_rank <= hi:
            continue
        if ctx.chooser.allowed(ex, index):
            return ex
    return None


def add_to_roomiest(
    drafts: list[Draft],
    pres: Prescription,
    frame: WeekFrame,
    ctx: PlanContext,
    *,
    light: bool = True,
) -> list[Draft] | None:
    """`pres` appended (as an accessory) to the first session with room, hard days and
    fuller sessions last, never to a race primer (§3.4: a few sets to stay sharp; the
    roster QA run found its 1-set additions short of the minimum and dropped with the
    primer by the taper's limits), nor to a light day unless `light`; None when no session
    has room."""
    max_ex = ctx.rules.phases[frame.phase].exercises[1]
    light_max = ctx.rules.injury_fill.light_day_max_exercises
    for i in sorted(range(len(drafts)), key=lambda i: (drafts[i].light, len(drafts[i].items))):
        d = drafts[i]
        if d.primer or (d.light and not light):
            continue
        limit = light_max if d.light else max_ex
        if len(d.items) < limit and all(p.id != pres.id for p in d.exercises):
            out = list(drafts)
            out[i] = d.with_items([*d.items, make_slotted((pres, _ACC))])
            return out
    return None


def swap_in(
    drafts: list[Draft],
    pres: Prescription,
    m: TagMinimum | None = None,
    ctx: PlanContext | None = None,
    phase: Phase | None = None,
    *,
    light: bool = True,
) -> list[Draft] | None:
    """`pres` in place of a posterior-chain accessory (covered by no weekly minimum), or of
    an accessory of its own category whose place it fills better: a full session (a taper
    week, §10.8) trades a second straight-knee calf raise for the bent-knee one it lacks.
    Into a light day only when `light`."""
    for i, d in enumerate(drafts):
        if not _may_take(d, pres, light):
            continue
        for j, (p, role) in enumerate(d.items):
            if role is _ACC and p.category is _POSTERIOR_CHAIN:
                out = list(drafts)
                out[i] = d.with_items(replaced(d.items, j, pres))
                return out
    if m is None or ctx is None:
        return None
    before = _progress(drafts, m)
    for i, d in enumerate(drafts):
        if not _may_take(d, pres, light):
            continue
        for j, (p, role) in enumerate(d.items):
            # only an exercise this minimum already counts, so coverage and the other
            # tags' minimums keep what they had
            if role not in (_ACC, _CALF) or p.category is not pres.category:
                continue
            if p.id not in m.counted or _counted_elsewhere(p, m.minimum, ctx):
                continue
            out = list(drafts)
            out[i] = d.with_items(replaced(d.items, j, pres))
            if _progress(out, m) > before:
                return out
    return _swap_spare(drafts, pres, ctx, phase, light)


def _swap_spare(
    drafts: list[Draft], pres: Prescription, ctx: PlanContext, phase: Phase | None, light: bool
) -> list[Draft] | None:
    """`pres` in place of a core exercise when the week holds another, or (in-season and
    taper weeks, §10.8: maintenance and injury prevention) of a unilateral lift when the
    week holds another: the week keeps that work (§2.4) and gains the minimum. A taper
    week gives up even its one core exercise, then a calf raise no minimum counts: it has
    no coverage to keep (§2.1 TP), and its full four-exercise sessions had missed the
    minimums of one in four injured runners (the roster QA run). Not into a light day
    unless `light`; without it, a light day's work makes nothing spare either, as a light
    day may lose it to its minutes (`sessions.fit_time`; the property run: a heavy day's
    deadbug gave way to a hinge, the light day's side plank to the time limit, and the
    in-season week held no core)."""
    maintenance = phase in (_IN, _TP)
    needed = 1 if phase is _TP else 2  # spare ones the week must hold
    week = [item for d in drafts if light or not d.light for item in d.items]
    core = ctx.rules.families.core

    def spare_core(p: Prescription, role: Role) -> bool:
        return role is _ACC and in_family(p, core)

    def spare_uni(p: Prescription, role: Role) -> bool:
        return maintenance and role is _UNI

    def spare_calf(p: Prescription, role: Role) -> bool:
        # a taper's calf raise no minimum counts (the coach QA run: kept while the ITBS
        # hip work had "no room")
        return phase is _TP and role is _CALF

    # in maintenance, a main lift keeps the week's strength work, so a lone unilateral lift
    # may go too (the coach QA run: an in-season week of one session lost the bent-knee
    # calf raise, the hip or the hamstring work of a single injury tag every week), unless
    # it is the last of a family a minimum `keeps` (the re-check: a PFPS hinge week lost its
    # only knee-dominant lift, the half of §5.1's PFPS minimum no count holds)
    mains = sum(role is _MAIN for _, role in week) if maintenance else 0
    keeps = [getattr(ctx.rules.families, m.minimum.keeps) for m in ctx.minimums if m.minimum.keeps]
    # a race primer last: its sets are not topped up, and the taper's limits may drop it
    order = sorted(range(len(drafts) - 1, -1, -1), key=lambda i: drafts[i].primer)
    for spare in (spare_core, spare_uni, spare_calf):
        if sum(spare(q, r) for q, r in week) + (mains if spare is spare_uni else 0) < needed:
            continue
        for i in order:
            d = drafts[i]
            if not _may_take(d, pres, light):
                continue
            for j, (p, role) in enumerate(d.items):
                if spare(p, role) and not counts_for_any(p, ctx):
                    out = list(drafts)
                    out[i] = d.with_items(replaced(d.items, j, pres))
                    if any(
                        in_family(p, fam)
                        and not any(in_family(q, fam) for x in out for q, _r in x.items)
                        for fam in keeps
                    ):
                        continue
                    return out
    return None


def _may_take(d: Draft, pres: Prescription, light: bool = True) -> bool:
    """Whether a swap may put `pres` into `d`: never a jump into a race primer, whose jumps
    are pogos or jump rope (§3.4; the coach re-check: a taper season's primer held the
    ankle minimum's lateral line hops in place of its core); into a light day only when
    `light`."""
    return not (d.primer and is_plyometric(pres)) and (light or not d.light)


def _counted_elsewhere(p: Prescription, minimum: InjuryMinimum, ctx: PlanContext) -> bool:
    """Whether another of the runner's minimums counts `p`."""
    return any(other.minimum is not minimum and p.id in other.counted for other in ctx.minimums)


def _progress(drafts: list[Draft], m: TagMinimum) -> tuple[int, int]:
    """How far a week is toward a minimum: groups of `each_of` met, exercises counted."""
    ids = {p.id for d in drafts for p, _role in d.items}
    counted = ids & m.counted
    groups = sum(1 for g in m.needs if set(g) & ids)
    return groups, min(len(counted), m.minimum.exercises)
