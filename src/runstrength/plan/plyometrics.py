"""Plyometric contacts: session caps, weekly growth, intensity tiers (§2.1, §4.7, §7 inv. 15–18)."""

from __future__ import annotations

import math
from collections.abc import Iterable

from runstrength.enums import Level, Role
from runstrength.models import Prescription, Session, Week
from runstrength.plan.context import PlanContext
from runstrength.plan.draft import Draft, Slotted
from runstrength.plan.periodization import WeekFrame
from runstrength.plan.prescribe import with_contacts
from runstrength.plan.rules import week_contacts


def session_cap(frame: WeekFrame, ctx: PlanContext) -> int:
    """Contacts one session may hold: the phase and level cap (never past the NSCA
    maximum for the level), scaled by the run-volume band and a many-key-runs week."""
    rules = ctx.rules
    level = ctx.profile.level
    cap = math.floor(rules.plyo_cap(frame.phase, level) * rules.band_mods[ctx.band].plyo)
    cap = min(cap, rules.nsca_plyo_max[list(Level).index(level)])
    if ctx.heavy_run_week:
        cap = math.floor(cap * rules.heavy_run_week.contacts_factor)
    return cap


def tier_of(exercises: Iterable[Prescription], ctx: PlanContext) -> int:
    """The highest intensity tier among some plyometric prescriptions."""
    return max(ctx.catalog.exercises[p.id].intensity for p in exercises)


def weekly_contacts(
    frame: WeekFrame,
    n: int,
    tier: int,
    prev_contacts: int | None,
    prev_tier: int,
    prev_week: Week | None,
    cap: int,
    ctx: PlanContext,
) -> float:
    """The week's contact budget over n plyometric sessions: a first week starts at a
    fraction of the cap, later ones grow a step (none when the tier rises), a deload cuts."""
    rules = ctx.rules
    if prev_contacts is None:
        weekly = cap * n * rules.plyo_start_fraction
    else:
        growth = 1.0 if tier > prev_tier else 1 + rules.plyo_weekly_step
        weekly = min(cap * n, prev_contacts * growth)
    if frame.deload and prev_week is not None:
        weekly = min(weekly, week_contacts(prev_week) * rules.deload.plyo_factor)
    bone = bone_limit(frame.index, prev_contacts, ctx)
    return weekly if bone is None else min(weekly, bone)


def bone_limit(week_index: int, prev_contacts: int | None, ctx: PlanContext) -> int | None:
    """§10.2: a runner with bone-stress history holds at most `weekly_contacts` a week in
    the first weeks, then grows at most `weekly_growth` a week. None: no such limit."""
    if not ctx.chooser.bone:
        return None
    bone = ctx.rules.bone_impact
    if week_index <= bone.weeks or not prev_contacts:
        return bone.weekly_contacts
    return math.floor(prev_contacts * (1 + bone.weekly_growth))


def give_contacts(
    frame: WeekFrame,
    drafts: list[Draft],
    prev_contacts: int | None,
    prev_week: Week | None,
    prev_tier: int,
    ctx: PlanContext,
) -> tuple[list[Draft], int]:
    """Each plyometric its contacts; a plyometric left with none leaves its session.
    Returns the drafts and the week's intensity tier (0: no plyometrics)."""
    plyo_sessions = [d for d in drafts if d.has_role(Role.PLYO)]
    if not plyo_sessions:
        return drafts, 0
    n = len(plyo_sessions)
    cap = session_cap(frame, ctx)
    tier = tier_of((p for d in plyo_sessions for p, role in d.items if role is Role.PLYO), ctx)
    weekly = weekly_contacts(frame, n, tier, prev_contacts, prev_tier, prev_week, cap, ctx)
    per_session = min(cap, math.floor(weekly / n))
    primer_max = ctx.rules.primer.contacts
    out: list[Draft] = []
    for d in drafts:
        if not d.has_role(Role.PLYO):
            out.append(d)
            continue
        limit = min(per_session, primer_max) if d.primer else per_session
        items = [
            Slotted(_redosed(p, limit, ctx), role) if role is Role.PLYO else Slotted(p, role)
            for p, role in d.items
        ]
        out.append(
            d.with_items(it for it in items if it.role is not Role.PLYO or it.prescription.contacts)
        )
    return out, tier


def _redosed(p: Prescription, contacts: int, ctx: PlanContext) -> Prescription:
    return with_contacts(p, ctx.catalog.exercises[p.id], contacts, ctx.rules)


def contact_limit(
    history: list[int], tier: int, prev_tier: int, ctx: PlanContext, week_index: int = 0
) -> int | None:
    """The most contacts a loading week may hold after the non-deload weeks `history`:
    no growth when the tier rises (§4.7), ≤ +20 % a week and ≤ +30 % over two (§7 inv. 16).
    None: no limit yet."""
    rules = ctx.rules
    limits = []
    if history and prev_tier and tier > prev_tier:
        limits.append(history[-1])  # §4.7: never more volume and intensity at once
    if history and history[-1]:
        limits.append(math.floor(history[-1] * (1 + rules.plyo_weekly_growth_max)))
    if len(history) >= 3 and history[-3] + history[-2]:
        two = (history[-3] + history[-2]) * (1 + rules.plyo_two_week_growth_max)
        limits.append(math.floor(two - history[-1]))
    bone = bone_limit(week_index, next((c for c in reversed(history) if c), None), ctx)
    if bone is not None:
        limits.append(bone)
    return min(limits) if limits else None


def limit_plyo_growth(weeks: list[Week], ctx: PlanContext) -> list[Week]:
    """Last word on §7 inv. 16 after race rules removed sessions: cut, never add."""
    history: list[int] = []  # contacts of the non-deload weeks so far
    out: list[Week] = []
    prev_tier = 0
    for w in weeks:
        contacts = week_contacts(w)
        if w.deload or not contacts:
            out.append(w)
            if not w.deload:
                history.append(contacts)
            continue
        tier = tier_of((p for s in w.sessions for p in s.exercises if p.contacts), ctx)
        allowed = contact_limit(history, tier, prev_tier, ctx, w.index)
        if allowed is not None and contacts > allowed:
            w = scale_contacts(w, max(0, allowed) / contacts, ctx)
            contacts = week_contacts(w)
        history.append(contacts)
        prev_tier = tier
        out.append(w)
    return out


def scale_contacts(week: Week, factor: float, ctx: PlanContext) -> Week:
    """Every plyometric's contacts ×factor (rounded down); a plyometric left with none
    goes, and a session left with a single exercise goes too."""
    sessions: list[Session] = []
    for s in week.sessions:
        exercises = []
        for p in s.exercises:
            if p.contacts:
                p = _redosed(p, math.floor(p.contacts * factor), ctx)
                if not p.contacts:
                    continue
            exercises.append(p)
        if len(exercises) >= ctx.rules.session_min_exercises.volume:  # else no session
            sessions.append(
                s.model_copy(update={"exercises": exercises, "index": len(sessions) + 1})
            )
    return week.model_copy(update={"sessions": sessions})
