"""`next` after a run-volume spike (issue 13; method §3.2, §4.6): the hook
`prescribe_next` calls with the runs' summary.

A week of running more than `run_volume.spike_fraction` above the mean of the weeks before
makes the next session a reactive deload (fewer sets, same loads, easier efforts) and holds
progression (§3.2); the reason is in the session's notes and each exercise's `why`. A
re-entry after a break or a planned deload week already reduce the session; then the
spike is only noted.

In season a running recovery week halves the strength sets of the sessions in it (§4.6
"Halve the sets in a running recovery week"): `recovery_session` cuts each exercise to
half its planned sets (rounded down, never below one), keeps every exercise (so the
§5.1 injury minimums still hold) and never adds sets back that a deload or a re-entry
already took away. Outside season the plan's own deloads do that job: nothing changes.
"""

import datetime as dt
from typing import TYPE_CHECKING

from runstrength.enums import DeloadKind, Season
from runstrength.log.context import Context
from runstrength.models import Prescription
from runstrength.plan.warmup import with_exercises
from runstrength.rulebook import Rulebook

if TYPE_CHECKING:
    from runstrength.log.nextsession import NextSession
    from runstrength.watch.volume import RecoveryWeek, Spike


def spike_context(ctx: Context, spike: "Spike | None") -> Context:
    """`ctx` with a reactive deload when the last complete week of running was a spike."""
    if spike is None or ctx.reentry is not None:
        return ctx
    return ctx._replace(reactive_deload=True)


# What a reactive deload does (§4.6), said in its note; the loads: load_cases.deload_load.
REACTIVE_DOES = "Fewer sets and easier efforts; a lift that went badly last time is lighter."


def spike_note(spike: "Spike", deload: DeloadKind | None) -> str:
    """The session note: what jumped and what `next` does about it."""
    if deload is DeloadKind.REACTIVE:
        return f"Reactive deload: {spike.reason}. {REACTIVE_DOES}"
    return f"Running spike: {spike.reason}; this session is already reduced."


def spike_why(p: Prescription, spike: "Spike") -> Prescription:
    """`p` with the spike as the first reason in its `why`."""
    reason = (
        f"running {spike.percent_above} % above your {spike.baseline_weeks}-week mean "
        "last week (§3.2, §4.6)"
    )
    return p.model_copy(update={"why": f"{reason}; {p.why}" if p.why else reason})


def recovery_session(
    nxt: "NextSession", recovery: "RecoveryWeek | None", rules: Rulebook
) -> "NextSession":
    """`nxt` with its sets halved when it is an in-season session in a recovery week."""
    session, week = nxt.session, nxt.week
    if recovery is None or week.season is not Season.IN:
        return nxt
    if session.date is not None and session.date > recovery.week + dt.timedelta(days=6):
        return nxt  # the next session falls after the recovery week
    planned = {p.id: p.sets for s in week.sessions if s.index == session.index for p in s.exercises}
    why = (
        f"half the sets: a running recovery week ({recovery.percent_below} % less running "
        "than usual so far, §4.6)"
    )
    exercises = [_halve(p, planned.get(p.id, p.sets), why) for p in session.exercises]
    changed = exercises != session.exercises
    note = f"Running recovery week: {recovery.reason}. " + (
        "Strength sets halved, same loads and efforts."
        if changed
        else "This session is already at half its sets or fewer."
    )
    return nxt._replace(
        session=with_exercises(session, exercises, rules),
        notes=(*nxt.notes, note),
    )


def _halve(p: Prescription, planned_sets: int, why: str) -> Prescription:
    """`p` at half its planned sets (≥ 1), contacts with them; unchanged when already there."""
    half = max(1, planned_sets // 2)
    if p.sets <= half:
        return p
    update: dict[str, object] = {"sets": half, "why": f"{why}; {p.why}" if p.why else why}
    if p.contacts is not None:
        update["contacts"] = max(1, p.contacts // p.sets) * half
    return p.model_copy(update=update)
