"""`next` after a run-volume spike (issue 13; method §3.2, §4.6): the hook
`prescribe_next` calls with the runs' summary.

A week of running more than `run_volume.spike_fraction` above the mean of the weeks before
makes the next session a reactive deload (fewer sets, same loads, easier efforts) and holds
progression (§3.2); the reason is in the session's notes and each exercise's `why`. A
re-entry after a break or a planned deload week already reduce the session; then the
spike is only noted.
"""

from typing import TYPE_CHECKING

from runstrength.enums import DeloadKind
from runstrength.log.context import Context
from runstrength.models import Prescription

if TYPE_CHECKING:
    from runstrength.watch.volume import Spike


def spike_context(ctx: Context, spike: "Spike | None") -> Context:
    """`ctx` with a reactive deload when the last complete week of running was a spike."""
    if spike is None or ctx.reentry is not None:
        return ctx
    return ctx._replace(reactive_deload=True)


def spike_note(spike: "Spike", deload: DeloadKind | None) -> str:
    """The session note: what jumped and what `next` does about it."""
    if deload is DeloadKind.REACTIVE:
        return f"Reactive deload: {spike.reason}. Fewer sets, same loads, easier efforts."
    return f"Running spike: {spike.reason}; this session is already reduced."


def spike_why(p: Prescription, spike: "Spike") -> Prescription:
    """`p` with the spike as the first reason in its `why`."""
    reason = (
        f"running {spike.percent_above} % above your {spike.baseline_weeks}-week mean "
        "last week (§3.2, §4.6)"
    )
    return p.model_copy(update={"why": f"{reason}; {p.why}" if p.why else reason})
