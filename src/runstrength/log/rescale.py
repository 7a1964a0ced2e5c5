"""Sets, target RIR and contacts of the next session in a re-entry week, a reactive deload
and the ramp back after a break (docs/method.md §4.6, §4.8, §10.4); split out of
nextsession.py, which applies it to every prescription."""

import math
from collections.abc import Sequence
from typing import Any

from runstrength.enums import DeloadKind
from runstrength.log.context import Context, contacts_done, ramp_contacts
from runstrength.log.progress import SetRecord
from runstrength.models import Prescription
from runstrength.plan.rules import scale_sets
from runstrength.rulebook import Rulebook
from runstrength.text import noun


def rescale(p: Prescription, ctx: Context, deload: DeloadKind | None) -> Prescription:
    """Sets, RIR and contacts for a re-entry week or a reactive deload (not both)."""
    if ctx.reentry is not None:
        e = ctx.rules.reentry
        sets_factor, rir_add, plyo = e.sets_factor, e.rir_add, e.plyo_factor
    elif deload is DeloadKind.REACTIVE:
        d = ctx.rules.deload
        sets_factor, rir_add, plyo = d.sets_factor, d.rir_add, d.plyo_factor
    elif ctx.ramp is not None:
        return _ramp(p, ctx)
    else:
        return p
    update: dict[str, Any] = {"sets": scale_sets(p.sets, sets_factor)}
    if p.target_rir is not None:
        update["target_rir"] = p.target_rir + rir_add
    if p.contacts is not None:
        update["contacts"] = max(1, math.floor(p.contacts * plyo + 1e-9))
    if ctx.reentry is not None:
        # §10.4: within the re-entry block too, never more than the ramp allows over what
        # was already done since the break (a first re-entry session in a deload week)
        since = ctx.since_break(p.id)
        last = since[-1].sets if since else ()
        loop = ctx.rules.log_loop
        if last:
            update["sets"] = min(update["sets"], len(last) + loop.ramp_sets_per_week)
            targets = [s.target_rir for s in last if s.target_rir is not None]
            if targets and p.target_rir is not None:
                lowest = targets[0] - loop.ramp_rir_per_week
                update["target_rir"] = max(update["target_rir"], lowest)
            done = contacts_done(last)
            if p.contacts is not None and done > 0:
                grown = ramp_contacts(done, ctx.rules)
                update["contacts"] = max(1, min(update["contacts"], grown))
    return p.model_copy(update=resplit(p, update, ctx))


def resplit(p: Prescription, update: dict[str, Any], ctx: Context) -> dict[str, Any]:
    """Whole contacts per set, as the engine splits them, when the contacts went down
    (pain.py's re-entry doses after a check-in use it too): each set inside the catalog's
    per-set range (`dose.contacts`, at most `max_contacts`; `dose_fallbacks` without one).
    The reduced sets stand while they fit; a set over the top takes more sets (3 × 17 at
    half was 1 × 25 for pogos, a set of 10–20: 2 × 12), a set under the bottom fewer, as
    the plan's deload compacts them (`plyometrics._compact`), never more than the
    catalog's sets."""
    contacts, sets = update.get("contacts"), update.get("sets", p.sets)
    if contacts is None or p.contacts is None or contacts >= p.contacts:
        return update
    if p.reps is None or p.reps[0] != p.reps[1]:
        return update
    sides = 2 if p.per_side else 1
    lo, hi, most_sets = _per_set(p, ctx)
    fewest = max(1, math.ceil(contacts / (hi * sides)))  # no set over the top
    if sets < fewest:
        sets = fewest
    elif contacts // (sets * sides) < lo:  # no set under the bottom while one fits
        sets = max(fewest, contacts // (lo * sides), 1)
    sets = min(sets, most_sets)
    per = max(1, min(contacts // (sets * sides), hi))
    out = {**update, "reps": (per, per), "contacts": per * sets * sides}
    if "sets" in update or sets != p.sets:
        out["sets"] = sets
    return out


def _per_set(p: Prescription, ctx: Context) -> tuple[int, int, int]:
    """A jump's per-set contact range (bottom, top) and most sets, from the catalog."""
    ex = ctx.catalog.get(p.id) if ctx.catalog is not None else None
    if ex is None:
        lo, hi = ctx.rules.dose_fallbacks.contacts_per_set
        return lo, hi, max(p.sets, 1)
    lo, hi = ex.dose.contacts or ctx.rules.dose_fallbacks.contacts_per_set
    hi = min(hi, ex.max_contacts or hi)
    return min(lo, hi), hi, max(p.sets, min(ex.dose.sets[1], ex.max_sets or ex.dose.sets[1]))


def ramp_rir(target: int, week: int, last: Sequence[SetRecord], rules: Rulebook) -> int:
    """§10.4: the target RIR in week `week` of a ramp (after a break's re-entry block, or
    a pain re-entry window, pain.py): the re-entry's (`reentry.rir_add` over `target`, the
    plan's) at most `ramp_rir_per_week` lower a week, and at most that much under the last
    session's target (`last`: its sets); never under the plan's."""
    loop = rules.log_loop
    rir = target + rules.reentry.rir_add - week * loop.ramp_rir_per_week
    logged = [s.target_rir for s in last if s.target_rir is not None]
    if logged:
        rir = max(rir, logged[0] - loop.ramp_rir_per_week)
    return max(target, rir)


def _ramp(p: Prescription, ctx: Context) -> Prescription:
    """§10.4: the weeks after a re-entry block climb back from its dose to the plan's: at
    most a set more per exercise, a target RIR at most one lower and contacts at most 20 %
    more a week, than the re-entry dose and than the last full session since the break."""
    assert ctx.ramp is not None
    loop, e, k = ctx.rules.log_loop, ctx.rules.reentry, ctx.ramp.week
    ramp = ctx.ramp
    # the re-entry sessions are the base even in a deload week; later deloads are not
    full = [d for d in ctx.since_break(p.id) if not d.light or d.date < ramp.reentry_end]
    last = full[-1].sets if full else ()
    update: dict[str, Any] = {}
    sets = math.floor(p.sets * e.sets_factor + 1e-9) + k * loop.ramp_sets_per_week
    if last:
        sets = min(sets, len(last) + loop.ramp_sets_per_week)
    sets = max(1, min(p.sets, sets))
    update["sets"] = sets
    if p.target_rir is not None:
        update["target_rir"] = ramp_rir(p.target_rir, k, last, ctx.rules)
    if p.contacts is not None:
        growth = (1 + loop.ramp_contacts_growth) ** k
        contacts = math.floor(p.contacts * e.plyo_factor * growth + 1e-9)
        done = contacts_done(last)
        if done > 0:
            contacts = min(contacts, ramp_contacts(done, ctx.rules))
        update["contacts"] = max(1, min(p.contacts, contacts))
        update = resplit(p, update, ctx)
    if all(update.get(key) == getattr(p, key) for key in update):
        return p
    sets = update.get("sets", sets)  # a jump's sets as its contacts split (resplit)
    parts = [noun(sets, "set")] if sets < p.sets else []
    if update.get("target_rir", p.target_rir) != p.target_rir:
        parts.append(f"RIR {update['target_rir']}")
    if update.get("contacts", p.contacts) != p.contacts:
        parts.append(f"{update['contacts']} contacts")
    if parts:
        update["why"] = f"{', '.join(parts)}: ramping back after the break (week {k})"
    return p.model_copy(update=update)
