"""Pain that persists, and a clearance gate (docs/method.md §10.3, §5.3, §7 inv. 34, 35).

Pure functions: the caller passes what the log holds about pain (`PainLog`: the sets with
their pain, the check-ins, the next-morning reports), the catalog, `today` and the rules.

- Pain is mapped to the catalog's regions of the exercise it was logged on, or to the
  regions the runner named (`log --where`; the exercise's other regions then count as
  trained with no pain score).
- A region with pain >= `pain.modify_at` is flagged until a later log there reports pain
  <= `pain_clearance.clear_at` (a log without a pain score reports none: it does not
  clear a flag), or a check-in clears it. While any region is flagged: no impact work at
  all (a landing loads the whole leg); in the flagged region the exercises that hurt swap
  to their `unload` ids, no load increase, no more sets than the exercise's last session
  (a stand-in's included), and the load that hurt does not come back.
- Pain >= `pain.red_flag_at` (a red flag, "pain > 5") blocks every loaded and impact
  exercise loading that region until a check-in, heavy lower-body work on body weight alone
  included (a step-down loads the knee); `next` shows the referral text and the question
  every time.
- A check-in restarts the region at re-entry doses (§4.8: sets, RIR and contacts of a
  re-entry week, `restart.load_factor` of the load due after the flag's day: the cut
  when its session missed reps) for `restart.weeks` after a red flag, `reentry.weeks`
  after a flag; every jump restarts at re-entry contacts while any region's window lasts
  (a landing loads the whole leg). Then the doses ramp back (§10.4), the loads held at
  the load due before the pain as after a break (`ramp_cap`), and the planned deload
  that falls in the ramp is not one for the region's work (`ramp_for`;
  nextsession.deload_kept_off). The window's sessions are the ramp's base even in a
  planned deload week (`RampWindow.restarting`; context._ramped_in_deloads).
- Next-morning pain higher than during the session holds the loads of the region until a
  later session there (Silbernagel 2007). Given for the whole session (no `--where`, no
  `--exercise`), it counts where the session logged pain, else for every region it trained
  (`pain_types.morning_regions`).
"""

import datetime as dt
import math
from collections.abc import Collection, Sequence
from typing import Any

from runstrength.enums import IMPACT, LoadType, PainRegion
from runstrength.log.context import (
    Context,
    contacts_done,
    full_sessions,
    ramp_contacts,
    ramp_span,
)
from runstrength.log.load_cases import RampCap, basis, load_due, ramp_cap
from runstrength.log.load_math import lightest_text, not_below_lightest, round_down
from runstrength.log.pain_types import (  # re-exported: the callers' names stay pain.X
    Clearance as Clearance,
)
from runstrength.log.pain_types import Flag as Flag
from runstrength.log.pain_types import Hold as Hold
from runstrength.log.pain_types import NextDayPain as NextDayPain
from runstrength.log.pain_types import PainLog as PainLog
from runstrength.log.pain_types import PainSet as PainSet
from runstrength.log.pain_types import PainState as PainState
from runstrength.log.pain_types import RampWindow as RampWindow
from runstrength.log.pain_types import Restart as Restart
from runstrength.log.pain_types import above_during, morning_regions, scored, stored_regions
from runstrength.log.pain_types import region_name as region_name
from runstrength.log.pain_types import regions_of as regions_of
from runstrength.log.progress import SessionRecord, SetRecord
from runstrength.log.rescale import ramp_rir, resplit
from runstrength.log.spec import num_text
from runstrength.log.swap import is_loaded, prescription_for
from runstrength.models import Catalog, Exercise, Load, Prescription
from runstrength.plan.context import per_catalog
from runstrength.plan.rules import scale_sets
from runstrength.rulebook import Rulebook
from runstrength.text import noun

UNLOADS = "this unloads it"  # ends the `why` of an unloading swap
# the `why` of a planned deload week's work that the ramp after a check-in doses (§10.4)
NO_DELOAD = "no planned deload"
NO_DELOAD_ON_TOP = "no planned deload on top"


def pain_state(log: PainLog, catalog: Catalog | None, today: dt.date, rules: Rulebook) -> PainState:
    """Flags, re-entry windows and holds per region as of `today`."""
    sessions: dict[int, tuple[dt.date, list[PainSet]]] = {}
    for s in log.sets:
        if s.date <= today:
            sessions.setdefault(s.session_id, (s.date, []))[1].append(s)
    mornings: dict[int, list[NextDayPain]] = {}
    for n in log.next_day:
        mornings.setdefault(n.session_id, []).append(n)
    events: list[tuple[dt.date, int, int]] = [(d, 0, sid) for sid, (d, _) in sessions.items()]
    events += [(c.date, 1, i) for i, c in enumerate(log.clearances) if c.date <= today]
    walk = _Walk(catalog, rules)
    for date, kind, key in sorted(events):
        if kind == 1:
            walk.clear(log.clearances[key])
        else:
            walk.session(date, sessions[key][1], mornings.get(key, []))
    ramp = ramp_span(rules)
    return PainState(
        flags=walk.flags,
        restarts={r: x for r, x in walk.restarts.items() if today < x.until},
        holds=walk.holds,
        ramps={r: x for r, x in walk.restarts.items() if x.until <= today < x.until + ramp},
        windows=tuple(walk.windows),
    )


def on_day(state: PainState, day: dt.date, rules: Rulebook) -> PainState:
    """`state` (as of today) on a later `day`: the re-entry windows still running then, and
    the ramps running then (a window that ends before `day` has become one). Flags and holds
    stay as they are today: a flag stands until a check-in clears it."""
    ramp = ramp_span(rules)
    started = {**state.ramps, **state.restarts}
    return state._replace(
        restarts={r: x for r, x in state.restarts.items() if day < x.until},
        ramps={r: x for r, x in started.items() if x.until <= day < x.until + ramp},
    )


def under_way(
    log: PainLog, sessions: Collection[int], rules: Rulebook, began: str | None = None
) -> PainLog:
    """`log` with the sets of `sessions` (a plan session still under way: the day's
    entries of it) able to flag a region or make its flag worse, never to clear a flag or
    end a hold: of theirs, only the sets at `pain.modify_at` or more are kept; and without
    the check-ins written after `began` (when its first entry was written).

    The rest of a session is what `next` showed before the day's entries (§4.2), and more
    pain then takes more out of it; but a hold logged at pain 1 under a knee flag brought
    back the trap-bar deadlift and the split squat the flag had swapped out, and `log
    --done` recorded them as done (the report), and so did `log clear knee` between two
    lifts (the QA run). Relief counts from the next session on."""
    if not sessions:
        return log
    ids, modify = frozenset(sessions), rules.pain.modify_at
    return log._replace(
        sets=[s for s in log.sets if s.session_id not in ids or (s.pain or 0) >= modify],
        clearances=_written_before(log.clearances, began),
    )


def at_start(log: PainLog, sessions: Collection[int], began: str | None) -> PainLog:
    """`log` as it stood when a session under way began: without the sets of `sessions`
    (the day's entries of it) and the check-ins written after `began`."""
    ids = frozenset(sessions)
    return log._replace(
        sets=[s for s in log.sets if s.session_id not in ids],
        clearances=_written_before(log.clearances, began),
    )


def _written_before(clearances: Sequence[Clearance], began: str | None) -> Sequence[Clearance]:
    """The check-ins written before `began` (all of them without it; one with no time of
    writing counts as before)."""
    if began is None:
        return clearances
    return [c for c in clearances if not c.recorded or c.recorded < began]


class _Walk:
    """`pain_state`'s walk through the log in date order: the state so far per region."""

    def __init__(self, catalog: Catalog | None, rules: Rulebook) -> None:
        self.catalog, self.rules = catalog, rules
        self.flags: dict[PainRegion, Flag] = {}
        self.restarts: dict[PainRegion, Restart] = {}
        self.holds: dict[PainRegion, Hold] = {}
        self.windows: list[RampWindow] = []
        # exercise id -> its regions: a long log names the same few dozen ids again and again
        self._regions: dict[str, tuple[PainRegion, ...]] = {}

    def regions(self, exercise_id: str) -> tuple[PainRegion, ...]:
        found = self._regions.get(exercise_id)
        if found is None:
            found = self._regions[exercise_id] = regions_of(self.catalog, exercise_id)
        return found

    def scored(self, st: PainSet) -> list[tuple[PainRegion, int | None]]:
        """The regions set `st` trained, each with the pain it reports there (`scored`)."""
        return scored(st, self.regions(st.exercise_id))

    def clear(self, c: Clearance) -> None:
        """A check-in: the region's flag and hold end, a re-entry window starts."""
        self.holds.pop(c.region, None)
        flag = self.flags.pop(c.region, None)
        if flag is not None:
            weeks = self.rules.restart.weeks if flag.red else self.rules.reentry.weeks
            until = c.date + dt.timedelta(days=7 * weeks)
            self.restarts[c.region] = Restart(c.region, c.date, until, flag.since)
            ramp = ramp_span(self.rules)
            self.windows.append(RampWindow(c.region, until, until + ramp, c.date))

    def session(
        self, date: dt.date, sets: Sequence[PainSet], mornings: Sequence[NextDayPain]
    ) -> None:
        """One logged session: its pain (and the next morning's) flags, clears or holds
        each region it loaded."""
        modify, red_at = self.rules.pain.modify_at, self.rules.pain.red_flag_at
        clear_at = self.rules.pain_clearance.clear_at
        if not (self.flags or self.holds or mornings) and all(
            (st.pain or 0) < modify for st in sets
        ):
            return  # nothing flagged or held, nothing to flag: most sessions of a long log
        # the regions the session loaded, and the pain scores given there: a set logged
        # without one (`log --done`) says nothing of pain, so it never clears a flag, which
        # takes a session that logs pain <= clear_at there (§10.3); it still ends a hold
        trained: dict[PainRegion, list[int]] = {}
        hurt: dict[PainRegion, set[str]] = {}
        for st in sets:
            for r, pain in self.scored(st):
                scores = trained.setdefault(r, [])
                if pain is None:
                    continue
                scores.append(pain)
                if pain >= modify:
                    hurt.setdefault(r, set()).add(st.exercise_id)
        morning: dict[PainRegion, int] = {}
        for n in mornings:
            if n.where is not None:  # the regions the runner named (`--where`)
                where = n.where
            elif n.exercise_id:
                where = self.regions(n.exercise_id)
            else:  # the whole session's: where it hurt during it, else all it trained
                where = morning_regions(trained)[0]
            for r in where:
                morning[r] = max(morning.get(r, 0), n.pain)
        for r in [r for r in PainRegion if r in trained or r in morning]:  # a fixed order
            self.holds.pop(r, None)  # a later session of the region ends a hold
            during = max(trained.get(r, []), default=None)
            level = max(during or 0, morning.get(r, 0))
            old = self.flags.get(r)
            if level >= modify:
                self.flags[r] = Flag(
                    r,
                    max(level, old.pain if old else 0),
                    old.since if old else date,
                    level >= red_at or (old is not None and old.red),
                    frozenset(hurt.get(r, set())) | (old.hurt if old else frozenset()),
                )
                if self.restarts.pop(r, None) is not None:
                    self._cut(r, date)
            elif (
                old is not None
                and not old.red
                and during is not None
                and during <= clear_at
                and morning.get(r, 0) <= clear_at
            ):
                del self.flags[r]
            if r in morning and morning[r] > (during or 0):
                self.holds[r] = Hold(r, date, morning[r], during)

    def _cut(self, region: PainRegion, date: dt.date) -> None:
        """A new flag on `region` on `date` ends its ramp, or its re-entry window and the
        ramp with it: sessions after it are no longer theirs (the session that raised it
        was prescribed under them)."""
        end = date + dt.timedelta(days=1)
        self.windows = [
            w._replace(end=end) if w.region is region and w.end > end else w for w in self.windows
        ]


def unload_variant(
    ex: Exercise, catalog: Catalog | None, kit: Collection[str], taken: Collection[str] = ()
) -> Exercise | None:
    """The first of `ex.unload` the runner can do with the kit (else the first there is),
    not one of `taken` (the session holds it already); the catalog's `regression` only when
    the entry names no unloading variant (§10.3)."""
    if catalog is None:
        return None
    found = [e for i in ex.unload if (e := catalog.get(i)) is not None and i not in taken]
    usable = [e for e in found if set(e.equipment) <= set(kit) | {"none"}]
    if usable or found:
        return (usable or found)[0]
    if ex.unload:
        return None  # every unloading variant is in the session already
    return catalog.get(ex.regression) if ex.regression else None


def unload_ids(catalog: Catalog | None, ids: Collection[str]) -> set[str]:
    """The unloading variants of `ids`: their logs are read too (`load_history`)."""
    if catalog is None:
        return set()
    return {u for i in ids if (e := catalog.get(i)) is not None for u in e.unload}


def gate(
    p: Prescription,
    state: PainState,
    ctx: Context,
    taken: Collection[str] = (),
    *,
    primer: bool = False,
) -> tuple[Prescription | None, str | None]:
    """Before the log's other rules: None when a red flag blocks `p` (or a flag blocks its
    impact), the unloading variant when `p` hurt in a flagged region or is a loaded lift on
    it, else `p`. The second value names what was left out. `taken`: the ids the session
    holds already (a swap never gives it one twice); `primer`: the session is a race
    primer, whose swap keeps its reps (`swap.prescription_for`)."""
    ex = ctx.catalog.get(p.id) if ctx.catalog is not None else None
    if ex is None:
        return p, None
    impact = p.category in IMPACT or ex.category in IMPACT
    if impact and state.flags:
        # A landing loads the whole leg, whatever regions the catalog names for a jump
        # (jump rope: foot and calf), and a flag's words promise no jumping: none while
        # any region is flagged (coach re-check D1: jump rope under a knee red flag).
        return None, p.name
    flags = [f for r in ex.regions if (f := state.flags.get(r)) is not None]
    if not flags:
        return p, None
    loaded = p.load.type is not LoadType.BODYWEIGHT or is_loaded(ex, ctx.kit)
    hurt = [f for f in flags if p.id in f.hurt]
    red = any(f.red for f in flags)
    if impact or (red and (loaded or hurt or bears_body_weight(ex, ctx.catalog, ctx.rules))):
        off = None if impact else _off_the_region(p, ex, flags, state, ctx, primer=primer)
        return (off, None) if off is not None else (None, p.name)
    # §10.3, inv. 28: the exercise that hurt, and any loaded lift on the flagged tissue
    # that has an unloading variant, give way to it: never another heavy lift on the same
    # tissue (coach re-check D1: the trap-bar deadlift at 80 kg under a hamstring flag
    # the single-leg RDL raised). So does the catalog's heavy lower-body work done on body
    # weight (a step-down, a lunge: the log-loop QA run kept 2 × 8–10/side step-downs under
    # a knee flag of 5). Other bodyweight work there stays, without load increase (a calf
    # raise at pain ≤ 5 is the Achilles' own loading, Silbernagel 2007).
    heavy = (
        (loaded or ex.heavy_lower_body)
        and bool(ex.unload)
        and not is_unloading(p.id, ctx.catalog, ctx.rules)
    )
    if hurt or heavy:
        alt = unload_variant(ex, ctx.catalog, ctx.kit, taken)
        if alt is None and heavy:
            return None, p.name  # its unloading variants are in the session already
        if alt is not None:
            f = (hurt or flags)[0]
            why = (
                f"instead of {p.name}: pain {f.pain}/10 in the {region_name(f.region)} "
                f"since {f.since.isoformat()}; {UNLOADS}"
            )
            return prescription_for(alt, p, why, ctx.kit, ctx.rules, primer=primer), None
    return p, None


def bears_body_weight(ex: Exercise, catalog: Catalog | None, rules: Rulebook) -> bool:
    """Whether `ex` loads its regions with no weight in the hands. A red flag stops it as
    it stops loaded work (the coach QA run: a bodyweight step-down stayed at 2 × 8–10/side
    under a 7/10 knee red flag):
    - the catalog's heavy lower-body work (`heavy_lower_body`: a step-down, a lunge, a
      split squat, a single-leg squat or RDL), where the body's weight goes through one
      leg or a squat's range;
    - work for which the catalog names an unloading variant, not being one itself: a
      Nordic or roller hamstring curl, a single-leg or eccentric calf raise, a suitcase
      carry load the tissue more than the hold that stands in for them (a hamstring red
      flag kept the Nordic curl).
    The holds and the other work that takes load off a tissue (a wall sit, a glute bridge,
    a two-leg calf raise) are neither: they stay."""
    if ex.heavy_lower_body:
        return True
    return bool(ex.unload) and not is_unloading(ex.id, catalog, rules)


def is_unloading(exercise_id: str, catalog: Catalog | None, rules: Rulebook) -> bool:
    """Whether an exercise is some catalog entry's unloading variant (an isometric hold, a
    glute bridge): what a flag swaps in, never swaps out."""
    if catalog is None:
        return False
    return exercise_id in per_catalog(_unloading_ids, catalog, rules)


def _unloading_ids(catalog: Catalog, _rules: Rulebook) -> frozenset[str]:
    return frozenset(u for ex in catalog.exercises.values() for u in ex.unload)


def held_here(p: Prescription, state: PainState, ctx: Context) -> str | None:
    """Why the §4.7 ladder takes no new step on `p`, or None: a flag or a next-morning hold
    in a region it loads. §10.3 allows no load increase there, and a harder variant or an
    added load is one (the QA run: the hip flagged, side plank hip circles still became the
    Copenhagen plank)."""
    ex = ctx.catalog.get(p.id) if ctx.catalog is not None else None
    if ex is None:
        return None
    flags, holds, _ = _in_regions(ex, state)
    if flags:
        f = flags[0]
        return f"pain {f.pain}/10 in the {region_name(f.region)} since {f.since}"
    if holds:
        return f"next-morning pain {holds[0].pain}/10 in the {region_name(holds[0].region)}"
    return None


def _in_regions(ex: Exercise, state: PainState) -> tuple[list[Flag], list[Hold], list[Restart]]:
    """The flags, next-morning holds and re-entry windows of the regions `ex` loads, in the
    catalog's order of its regions (not a set's: what is said of the first one, and which
    cut applies last, must come out the same in every run)."""
    regions = dict.fromkeys(ex.regions)
    return (
        [f for r in regions if (f := state.flags.get(r)) is not None],
        [h for r in regions if (h := state.holds.get(r)) is not None],
        [x for r in regions if (x := state.restarts.get(r)) is not None],
    )


def _off_the_region(
    p: Prescription,
    ex: Exercise,
    flags: list[Flag],
    state: PainState,
    ctx: Context,
    *,
    primer: bool = False,
) -> Prescription | None:
    """Under a red flag, the exercise's unloading variant when it loads no red-flagged
    region: the work it does elsewhere goes on (the QA run: a knee flag took an Achilles
    runner's split-squat calf raise, and the calf work with it). A region with an ordinary
    flag is no bar: an unloading variant is what that flag itself gives (the second QA
    pass: a knee red flag and a hip flag took the trap-bar deadlift and its hip hinge hold
    both, and the session lost its hinge). None when there is none."""
    alt = unload_variant(ex, ctx.catalog, ctx.kit)
    red_regions = {r for r, f in state.flags.items() if f.red}
    if alt is None or set(alt.regions) & red_regions or alt.category in IMPACT:
        return None
    red = [f for f in flags if f.red]
    where = " and ".join(region_name(f.region) for f in red)
    why = (
        f"instead of {p.name}: red flag in the {where} since {red[0].since.isoformat()}; "
        f"this one keeps off the {where}"
    )
    return prescription_for(alt, p, why, ctx.kit, ctx.rules, primer=primer)


def _painful_load(ctx: Context, exercise_id: str, f: Flag) -> float | None:
    """The lightest load of `exercise_id` that hurt in `f`'s region since the flag."""
    loads = [
        x
        for d in ctx.done(exercise_id)
        if d.date >= f.since and d.pain(f.region) >= ctx.rules.pain.modify_at
        if (x := d.load(ctx.unit)) is not None
    ]
    return min(loads) if loads else None


def _windows(
    p: Prescription, ex: Exercise, state: PainState
) -> tuple[list[Restart], list[Restart]]:
    """The re-entry windows and the ramps after them that dose `p`: its regions' (a jump:
    every region's), in a fixed order."""
    if p.category in IMPACT or ex.category in IMPACT:
        # A landing loads the whole leg (`gate` keeps every jump out under any flag), so a
        # jump restarts after any region's check-in, not only its own regions' (the QA
        # run: jump rope, foot and calf, came back in full after a hamstring check-in).
        regions: Sequence[PainRegion] = tuple(PainRegion)
    else:
        regions = tuple(dict.fromkeys(ex.regions))
    return (
        [x for r in regions if (x := state.restarts.get(r)) is not None],
        [x for r in regions if (x := state.ramps.get(r)) is not None],
    )


def ramp_for(p: Prescription, state: PainState, ctx: Context) -> Restart | None:
    """The ramp after a re-entry window (§10.3, §10.4) that doses `p` in `after`: one of its
    regions' (a jump: any region's), when no flag, next-morning hold or re-entry window
    stands on it. None otherwise."""
    ex = ctx.catalog.get(p.id) if ctx.catalog is not None else None
    if ex is None:
        return None
    flags, holds, _ = _in_regions(ex, state)
    restarts, ramps = _windows(p, ex, state)
    if flags or holds or restarts or not ramps:
        return None
    return ramps[0]


def after(
    p: Prescription,
    state: PainState,
    ctx: Context,
    gated: Prescription | None = None,
    planned: Prescription | None = None,
    *,
    no_deload: bool = False,
) -> Prescription:
    """After the log's other rules (`gated` is what went into them, `planned` what the plan
    prescribed before the gate): no ladder step onto an exercise the gate would not give, no
    load increase and no added set in a flagged or held region, the load that hurt stays
    away, and re-entry doses after a check-in. `no_deload`: `p` is a planned deload week's
    work that its ramp doses instead (`ramp_for`; nextsession), and its `why` says so."""
    if gated is not None and p.id != gated.id:
        again, _ = gate(p, state, ctx)
        if again is None or again.id != p.id:
            p = gated
    if gated is not None and (gated.why or "").endswith(UNLOADS) and p.why != gated.why:
        p = p.model_copy(update={"why": gated.why})
    ex = ctx.catalog.get(p.id) if ctx.catalog is not None else None
    if ex is None:
        return p
    flags, holds, _ = _in_regions(ex, state)
    restarts, ramps = _windows(p, ex, state)
    # a stand-in is held by its lift's regions too: it takes that lift's place (an
    # isometric calf hold for a split-squat calf raise under a knee flag)
    replaced = planned if planned is not None and planned.id != p.id else None
    held_flags, held_holds = flags, holds
    was = ctx.catalog.get(replaced.id) if replaced is not None and ctx.catalog is not None else None
    if was is not None:
        more_flags, more_holds, _ = _in_regions(was, state)
        held_flags, held_holds = [*flags, *more_flags], [*holds, *more_holds]
    if not (held_flags or held_holds or restarts):
        return _ramped(p, ctx, ramps[0], no_deload) if ramps else p
    update: dict[str, Any] = {}
    if p.load.type is LoadType.ABSOLUTE and p.load.value is not None:
        value, why = _capped(p, p.load.value, ctx, flags, holds, restarts)
        if value != p.load.value:
            update["load"] = Load(type=LoadType.ABSOLUTE, value=value, unit=ctx.unit.value)
        if value != p.load.value or why != p.why:  # the lightest load stays, and says why
            update["why"] = why
    if held_flags or held_holds:
        update.update(
            _held_sets(p, replaced, held_flags, held_holds, ctx, update.get("why", p.why))
        )
    if restarts and ctx.reentry is None:
        update.update(_restart_doses(p, ex, ctx, restarts[0], update.get("why", p.why)))
    return p.model_copy(update=update) if update else p


def _held_sets(
    p: Prescription,
    replaced: Prescription | None,
    flags: Sequence[Flag],
    holds: Sequence[Hold],
    ctx: Context,
    why: str | None,
) -> dict[str, Any]:
    """No more sets than before the pain, in a flagged or held region (§10.3: nothing on
    the tissue progresses, its volume included), and on body weight no more reps: than
    the exercise's newest loading session up to the day the flag was raised (or the
    session the next-morning pain followed), or, for a stand-in, than the lift it
    `replaced` had then. The plan's own step
    from 2 sets to 3 made a hamstring hold grow under a red flag, and a stand-in first
    appearing in a week the plan raised its lift took 3 where the lift had 2 (QA runs).
    The pain's start, not the last session, is the reference: sets done fewer under the
    pain, a stand-in's other uses, a re-entry session since are no level to hold the runner
    to. Not done before the pain, it is held at its newest session since (the plan's sets
    the first time). Work dosed in contacts is left to the plyometric hold, which keeps its
    contacts and their split together."""
    if p.contacts is not None:
        return {}
    began = min([f.since for f in flags] + [h.date for h in holds])
    source = replaced if replaced is not None else p
    done = full_sessions(ctx, source.id, before=began)
    # a stand-in's `why` names the lift it replaces just before: "it" is that lift
    when = "it had on {}" if replaced is not None else "on {}, before the pain"
    if not done:  # not done before the pain: held where it came in under it
        done = full_sessions(ctx, p.id)
        when = "last time"
    if not done:
        return {}
    ref = done[-1]
    update: dict[str, Any] = {}
    held: list[str] = []
    if p.sets > len(ref.sets):
        update["sets"] = len(ref.sets)
        held.append(noun(len(ref.sets), "set"))
    if p.load.type is LoadType.BODYWEIGHT and p.reps is not None and source.id == p.id:
        # on body weight more reps are the load increase (the second QA pass: a step-down
        # went from 8–10 to 10–12 reps under a knee flag, with no word)
        lo, hi, _ = ref.targets((p.reps[0], p.reps[1], p.target_rir))
        if p.reps[1] > hi:
            update["reps"] = (min(p.reps[0], lo), hi)
            held.append(f"{min(p.reps[0], lo)}–{hi} reps" if lo < hi else f"{hi} reps")
    if not held:
        return {}
    said = f"{' of '.join(held)}, as {when.format(ref.date.isoformat())}"
    update["why"] = "; ".join(w for w in (why, said) if w)
    return update


def _ramped(p: Prescription, ctx: Context, x: Restart, no_deload: bool = False) -> Prescription:
    """§10.4 after a re-entry window: at most a set more than the last session and
    contacts at most 20 % more (`log_loop.ramp_sets_per_week`, `ramp_contacts_growth`),
    until the plan's dose is back; the coach QA run: the window's end took pogos from
    1 × 27 to 3 × 54 contacts, a split squat from 1 set to 3, at once. The load as after
    a break's re-entry (`_ramp_load`). `no_deload`: the loading dose of a planned deload
    week's work, which the `why` says even when the ramp leaves it as it is."""
    done = full_sessions(ctx, p.id)
    last = done[-1].sets if done else ()
    loop = ctx.rules.log_loop
    update: dict[str, Any] = {}
    if not last:
        pass  # never done outside a deload: nothing to climb from
    elif p.contacts is not None:
        before = contacts_done(last)
        most = ramp_contacts(before, ctx.rules)
        if before and p.contacts > most:
            update = resplit(p, {"contacts": max(1, most)}, ctx)
    elif p.sets > len(last) + loop.ramp_sets_per_week:
        update["sets"] = len(last) + loop.ramp_sets_per_week
    rir = _ramp_rir(p, last, ctx, x)
    if rir is not None:
        update["target_rir"] = rir
    cap = _ramp_load(p, ctx, x)
    if cap is not None:
        update["load"] = Load(type=LoadType.ABSOLUTE, value=cap.value, unit=ctx.unit.value)
    if not (update or no_deload):
        return p
    # a load held replaces the loop's reason for more, as after a break (`loads._ramped`):
    # at the load due before the pain, or a step held to the per-session cap, said with
    # the ramp's other doses
    why = p.why if cap is None else None if cap.step else cap.why
    parts = [cap.why] if cap is not None and cap.step else []
    parts += [noun(update["sets"], "set")] if "sets" in update else []
    parts += [f"{update['contacts']} contacts"] if "contacts" in update else []
    parts += [f"RIR {rir}"] if rir is not None else []
    if parts:
        said = f"{', '.join(parts)}: {_ramping_back(x)}"
        said += f", {NO_DELOAD_ON_TOP}" if no_deload else ""
    elif no_deload:
        said = no_deload_why(x)
    else:
        said = _ramping_back(x)  # the load due before the pain alone
    update["why"] = "; ".join(w for w in (why, said) if w)
    return p.model_copy(update=update)


def _ramp_week(ctx: Context, x: Restart) -> int | None:
    """The week of the ramp after `x`'s window `ctx.today` is in (1, 2, …), None without
    a today."""
    if ctx.today is None:
        return None
    return max(1, (ctx.today - x.until).days // 7 + 1)


def _ramp_load(p: Prescription, ctx: Context, x: Restart) -> RampCap | None:
    """§10.4, inv. 36, after a pain restart as after a break's re-entry (`ramp_cap`): in
    the ramp's first `log_loop.ramp_weeks` weeks (all of them without a today) the load
    never passes the load due before the pain (`load_due` of the sessions up to the flag's
    day, as the restart's share is of it: the load that hurt, or the cut when that session
    missed reps), and each step stays within the per-session cap. The loop had no cap
    there: a trap bar deadlift that hurt at 100 kg restarted at 80 and came back at 100 kg
    the window's next week, and at 115 the week after (the new range's e1RM load). None
    when the load stands."""
    if p.load.type is not LoadType.ABSOLUTE or p.load.value is None:
        return None
    week = _ramp_week(ctx, x)
    if week is not None and week > ctx.rules.log_loop.ramp_weeks:
        return None
    b = basis(p, ctx)
    if b is None:
        return None
    before = [d for d in ctx.loaded(p.id) if d.date <= x.since]
    return ramp_cap(p.load.value, b, ctx, before, "the pain")


def _ramp_rir(p: Prescription, last: Sequence[SetRecord], ctx: Context, x: Restart) -> int | None:
    """§10.4 for the ramp after a check-in, as after a break's re-entry block: the target
    RIR at most `ramp_rir_per_week` lower a week, from the re-entry's (`reentry.rir_add`
    over the plan's) and from the last session's target; None when the plan's is no lower
    (the coach QA run: a trap-bar deadlift went from RIR 5 to RIR 3 the week the re-entry
    window ended)."""
    week = _ramp_week(ctx, x)
    if p.target_rir is None or week is None:
        return None
    rir = ramp_rir(p.target_rir, week, last, ctx.rules)
    return rir if rir > p.target_rir else None


def _ramping_back(x: Restart) -> str:
    return f"ramping back after the re-entry ({region_name(x.region)} cleared {x.cleared})"


def no_deload_why(x: Restart) -> str:
    """The `why` of a planned deload week's work that ramp `x` doses at its loading dose."""
    return f"{NO_DELOAD}: {_ramping_back(x)}"


def _capped(
    p: Prescription,
    value: float,
    ctx: Context,
    flags: Sequence[Flag],
    holds: Sequence[Hold],
    restarts: Sequence[Restart],
) -> tuple[float, str | None]:
    """The load of `p` after §10.3: held at the last one in a flagged or held region, below
    the load that hurt, at most `restart.load_factor` of the load due after the flag's day
    in a restart window (`load_due`: the cut when that session missed reps); and why."""
    why = p.why
    done = ctx.loaded(p.id)
    last = done[-1].load(ctx.unit) if done else None
    if (flags or holds) and last is not None and value > last:
        value = last
        if holds:
            h = holds[0]
            why = (
                f"same load: next-morning pain {h.pain}/10 after {h.date.isoformat()}, "
                f"{above_during(h.during)}"
            )
        else:
            why = f"same load: pain in the {region_name(flags[0].region)}"
    unit, inc = ctx.unit.value, ctx.increment
    for f in flags:
        painful = _painful_load(ctx, p.id, f)
        if painful is not None and value >= painful - 1e-9:
            cut = round_down(painful * (1 - ctx.rules.pain_clearance.hurt_cut), inc)
            # never under the lightest load: 90 % of 2.5 kg rounded down was 0 kg
            cut = not_below_lightest(cut, painful, inc)
            value = min(value, cut)
            back = (
                "it returns after a pain-free session there"
                if value < painful
                else lightest_text(painful, inc, ctx.unit)
            )
            why = f"{num_text(value)} {unit}: {num_text(painful)} {unit} hurt ({f.pain}/10); {back}"
    b = basis(p, ctx) if restarts else None
    for x in restarts:
        # the flag's day counts: its session holds the load that hurt (the returning-runner
        # QA run: a split squat that hurt at 20 kg came back at 20 kg once cleared); the
        # base is the load due after it, the cut when it also missed reps or was far too
        # hard, as for a re-entry (the QA pass: hurt and missed at 20 kg, cut to 17.5, the
        # restart took its share of the 20 kg failed)
        before = [d for d in done if d.date <= x.since]
        due = load_due(b, before, ctx) if b is not None else None
        base = due[0] if due is not None else before[-1].load(ctx.unit) if before else None
        if base is not None:
            cap = round_down(base * ctx.rules.restart.load_factor, inc)
            cap = not_below_lightest(cap, base, inc)
            if value > cap:
                value = cap
                why = f"{num_text(value)} {unit}: restart after pain"
                if due is not None and due[1] is not None and cap < base:
                    share = round(cap / base * 100)
                    why += f", {share} % of the {num_text(base)} {unit} due next ({due[1]})"
    return value, why


def _restart_doses(
    p: Prescription, ex: Exercise, ctx: Context, x: Restart, why: str | None
) -> dict[str, Any]:
    """Re-entry doses (§4.8) for a region cleared by a check-in, and why. Contacts are
    split into whole ones per set as the engine splits them, inside the catalog's per-set
    range (3 × 17 pogos at half: 2 × 12, not 1 × 25; `rescale.resplit`)."""
    r = ctx.rules.reentry
    update: dict[str, Any] = {"sets": scale_sets(p.sets, r.sets_factor)}
    if p.target_rir is not None:
        update["target_rir"] = p.target_rir + r.rir_add
    cleared = f"re-entry doses: {region_name(x.region)} cleared {x.cleared.isoformat()}"
    if p.contacts is not None:
        update["contacts"] = max(1, math.floor(p.contacts * r.plyo_factor + 1e-9))
        update = resplit(p, update, ctx)
        cleared = f"{update['contacts']} contacts, {cleared}"
        if why and why.startswith(f"{p.contacts} contacts"):
            why = None  # a soreness hold's count (ladder._plyo_hold), no longer the dose
    if x.region not in ex.regions:
        cleared += " (a landing loads the whole leg)"
    update["why"] = "; ".join(w for w in (why, cleared) if w)
    return update


def from_history(sessions: Sequence[SessionRecord]) -> PainLog:
    """The pain `History` holds (no check-ins, no next-morning reports): what pure callers
    of `prescribe_next` get when they pass no `PainLog`."""
    return PainLog(
        sets=[
            PainSet(s.id, s.date, st.exercise_id, st.pain, stored_regions(st.pain_regions))
            for s in sessions
            for st in s.sets
        ]
    )


def state_for(
    pain: PainLog | None,
    sessions: Sequence[SessionRecord],
    catalog: Catalog | None,
    today: dt.date,
    rules: Rulebook,
) -> PainState:
    """`pain_state` of `pain`, or of the sessions `History` holds when there is none."""
    return pain_state(pain if pain is not None else from_history(sessions), catalog, today, rules)
