"""The planner's memos shared across plans choose and dose what a fresh one would.

The Chooser's memos (eligible candidates kept per slot, need and week window, read
lazily; the plyometric ladder per rank and window) choose what a plain scan of the
whole candidate list chooses, whatever order the weeks, slots and `used` sets come in."""

from __future__ import annotations

import itertools

from hypothesis import example, given, settings
from hypothesis import strategies as st

from runstrength.enums import Category, Level, Season
from runstrength.errors import InvalidProfile
from runstrength.kit import kit_allows, resolve_kit
from runstrength.models import Exercise, Profile
from runstrength.plan import context
from runstrength.plan.context import PlanContext, make_context
from runstrength.plan.periodization import WeekFrame, phase_sequence, week_frames
from runstrength.plan.selection import Candidates, Chooser
from runstrength.plan.sessions import _chosen, _week_drafts, templates, week_drafts, week_selection
from runstrength.render import RenderOptions, markdown
from runstrength.rulebook import Slot

from grid import CATALOG, INJURIES, RULES, TODAY, make, profiles

SLOTS = [slot for slots in RULES.templates.values() for slot in slots]
NEEDS = ["hinge", "squat", "hip", None]
IDS = sorted(CATALOG.exercises)


def chooser(
    level: Level, equipment: str, injuries: list[str], shared: Candidates | None = None
) -> Chooser:
    """A runner's chooser, made as `plan.context.make_context` makes it."""
    avoid = frozenset(a for tag in injuries for a in RULES.injuries[tag].avoid)
    return Chooser(
        CATALOG,
        RULES,
        resolve_kit([equipment], CATALOG, RULES),
        level,
        tuple(injuries),
        avoid,
        flat_only=any(RULES.injuries[tag].flat_floor for tag in injuries),
        bone="bone" in injuries,
        shared=shared,
    )


def scanned(c: Chooser, slot: Slot, need: str | None, week: int) -> list[Exercise]:
    """Every allowed, fitting candidate, by reading the whole list (no memo)."""
    out = []
    for ex_id in c._candidates_uncached(slot, need):
        ex = c.flat(CATALOG.exercises[ex_id])
        if c.allowed(ex, week) and c.fits(ex, slot, need):
            out.append(ex)
    return out


def plain_choose(c: Chooser, slot: Slot, need: str | None, week: int, used: set[str]) -> str:
    """The first allowed, fitting candidate not used yet, else the first of them."""
    found = scanned(c, slot, need, week)
    pick = [ex for ex in found if ex.id not in used] or found
    return pick[0].id if pick else ""


runners = st.tuples(
    st.sampled_from(list(Level)),
    st.sampled_from(["none", "home", "gym"]),
    st.lists(st.sampled_from(INJURIES), max_size=3, unique=True),
)
asks = st.lists(
    st.tuples(
        st.sampled_from(range(len(SLOTS))),
        st.sampled_from(NEEDS),
        st.integers(min_value=1, max_value=20),
        # `used` ids: a few, or the whole catalog (every choice falls back to the first)
        st.frozensets(st.sampled_from(IDS), max_size=25) | st.just(frozenset(IDS)),
    ),
    min_size=1,
    max_size=30,
)


@settings(max_examples=60, deadline=None)
@given(runners, asks)
def test_choose_and_variation_match_a_plain_scan(
    runner: tuple[Level, str, list[str]],
    questions: list[tuple[int, str | None, int, frozenset[str]]],
) -> None:
    c = chooser(*runner)
    for k, need, week, used in questions:
        slot = SLOTS[k]
        got = c.choose(slot, need, week, set(used))
        assert (got.id if got else "") == plain_choose(c, slot, need, week, set(used))
        if got is None:
            continue
        # variation: the next candidate of the same pattern and laterality, not used,
        # never a regression of the base
        easier: set[str] = set()
        current = got.regression
        while current is not None and current not in easier and current in CATALOG:
            easier.add(current)
            current = CATALOG.exercises[current].regression
        expected = next(
            (
                ex
                for ex in scanned(c, slot, need, week)
                if ex.id not in {got.id, *used, *easier}
                and ex.pattern == got.pattern
                and ex.laterality is got.laterality
            ),
            got,
        )
        assert c.variation(got, slot, need, week, set(used)).id == expected.id


@settings(max_examples=60, deadline=None)
@given(
    st.lists(runners, min_size=2, max_size=4),
    st.lists(st.tuples(st.sampled_from(range(len(SLOTS))), st.sampled_from(NEEDS)), max_size=30),
)
def test_choosers_sharing_candidates_list_their_own(
    runners_: list[tuple[Level, str, list[str]]], questions: list[tuple[int, str | None]]
) -> None:
    """Choosers of one catalog and rulebook share the slots' candidate lists
    (`Chooser.candidates`, `context.chooser_for`), keyed by what the list reads of the
    runner: whichever runner asked first, each gets the list it would make itself."""
    shared: Candidates = {}
    choosers = [chooser(*runner, shared=shared) for runner in runners_]
    for k, need in questions:
        for c in choosers:
            assert c.candidates(SLOTS[k], need) == c._candidates_uncached(SLOTS[k], need)


@settings(max_examples=40, deadline=None)
@given(runners, st.lists(st.integers(min_value=1, max_value=20), min_size=1, max_size=10))
def test_the_plyometric_ladder_matches_a_catalog_scan(
    runner: tuple[Level, str, list[str]], weeks: list[int]
) -> None:
    c = chooser(*runner)
    for week in weeks:
        for top in sorted(set(RULES.plyo_ladder.max_rank.values())):
            expected = sorted(
                (
                    ex
                    for ex in CATALOG.exercises.values()
                    if ex.category is Category.PLYOMETRIC
                    and ex.plyo_rank is not None
                    and ex.plyo_rank <= top
                    and c.allowed(ex, week)
                ),
                key=lambda ex: (ex.plyo_rank or 0, ex.id),
            )
            assert [ex.id for ex in c.plyometrics(top, week)] == [ex.id for ex in expected]


def plainly_allowed(c: Chooser, ex: Exercise, week: int) -> bool:
    """`Chooser.allowed` read off the rules, with no memo."""
    return (
        kit_allows(ex, c.kit)
        and ex.level in RULES.allowed_levels[c.level]
        and ex.id not in c.avoid
        and not (c.flat_only and ex.below_step)
        and not (c.bone and c.early_impact(ex, week))
        and not (
            c.level is Level.NOVICE
            and week <= RULES.novice_banned_weeks
            and ex.id in RULES.novice_banned
        )
    )


@settings(max_examples=40, deadline=None)
@given(runners, st.lists(st.integers(min_value=0, max_value=20), min_size=1, max_size=10))
def test_allowed_keeps_what_no_week_changes_and_says_what_a_plain_check_says(
    runner: tuple[Level, str, list[str]], weeks: list[int]
) -> None:
    """`Chooser.allowed` keeps the week-free part of its answer per exercise id, with the
    exercise it was asked of: another exercise of that id (a copy that needs other kit)
    gets its own answer."""
    c = chooser(*runner)
    for week in weeks:
        for ex in CATALOG.exercises.values():
            assert c.allowed(ex, week) == plainly_allowed(c, ex, week)
            other = ex.model_copy(update={"equipment": ["no-such-kit"]})
            assert c.allowed(other, week) is False
            assert c.allowed(ex, week) == plainly_allowed(c, ex, week)


def test_a_bone_history_novice_window_changes_what_is_eligible() -> None:
    """The memo's week window is not one bucket for all weeks: a novice with bone-stress
    history gets no single-leg hops early and does later (§10.2, the data this relies on)."""
    c = chooser(Level.NOVICE, "gym", ["bone"])
    early = c.plyometrics(max(RULES.plyo_ladder.max_rank.values()), 1)
    late = c.plyometrics(max(RULES.plyo_ladder.max_rank.values()), 40)
    assert {ex.id for ex in early} < {ex.id for ex in late}


@settings(max_examples=30, deadline=None)
@given(runners, st.sampled_from(range(len(SLOTS))), st.sampled_from(NEEDS))
def test_two_readers_of_one_slot_read_it_whole(
    runner: tuple[Level, str, list[str]], k: int, need: str | None
) -> None:
    """Readers of the same slot in turns: each still reads every eligible candidate once,
    in order, whatever the other read (and kept) meanwhile."""
    c = chooser(*runner)
    slot = SLOTS[k]
    expected = [ex.id for ex in scanned(c, slot, need, 1)]
    first, second = c.eligible(slot, need, 1), c.eligible(slot, need, 1)
    got_first: list[str] = []
    got_second: list[str] = []
    for ex in first:
        got_first.append(ex.id)
        got_second.extend(e.id for e in itertools.islice(second, 2))
    got_second.extend(ex.id for ex in second)
    assert got_first == expected
    assert got_second == expected


@settings(max_examples=40, deadline=None)
@given(st.lists(profiles(), min_size=2, max_size=4), profiles())
def test_plans_made_one_after_another_match_plans_made_alone(
    runners: list[Profile], other: Profile
) -> None:
    """Plans alike in level, kit, band and key runs share their dose memos
    (`plan.context.shared_doses`) in one process, and plans alike in level, kit and
    injuries their Chooser with its weekly choices (`context.chooser_for`,
    `sessions.week_selection`), as a roster's plans do: whatever came before, each plan is
    the one a process with empty memos makes."""
    shared = (
        *("level", "equipment", "injuries"),
        *("weekly_volume", "unit", "hard_days", "long_run_day"),
    )
    first = runners[0]
    # alike in what the memos' key reads, so they share memos; one alike in level and kit
    # only, so the band and the key runs must keep it apart
    runners = [p.model_copy(update={k: getattr(first, k) for k in shared}) for p in runners]
    runners.append(other.model_copy(update={k: getattr(first, k) for k in shared[:2]}))
    in_turn = []
    for profile in runners:
        in_turn.append(make(profile).model_dump_json())
    for profile, made in zip(runners, in_turn, strict=True):
        fresh_memos()
        assert make(profile).model_dump_json() == made


def fresh_memos() -> None:
    """The memos plans share in one process emptied, as in a new process."""
    context._DOSES.clear()
    context._UNSCALED.clear()
    context._CHOOSERS.clear()


@settings(max_examples=40, deadline=None)
@given(profiles(), st.lists(profiles(), min_size=1, max_size=3))
def test_plans_of_other_bands_and_kits_share_unscaled_doses_as_if_alone(
    first: Profile, others: list[Profile]
) -> None:
    """Plans alike in level share their prescriptions before the band's and key runs'
    set scaling (`PlanContext.unscaled`, §3.1, §3.2), keyed by the load the kit gives,
    whatever their kit, weekly volume and hard days: each plan made after the others is
    the one made with empty memos."""
    runners = [first] + [p.model_copy(update={"level": first.level}) for p in others]
    fresh_memos()
    in_turn = [make(profile).model_dump_json() for profile in runners]
    for profile, made in zip(runners, in_turn, strict=True):
        fresh_memos()
        assert make(profile).model_dump_json() == made


def weeks_of(profile: Profile) -> tuple[PlanContext, list[WeekFrame]] | None:
    """A plan's context and its week frames, as generate_plan lays them out; None for
    inputs refused before any week."""
    try:
        ctx = make_context(profile, CATALOG, RULES, TODAY)
    except InvalidProfile:
        return None
    phases = phase_sequence(profile, RULES, ctx.start)
    return ctx._replace(n_weeks=len(phases)), list(week_frames(phases, profile.level, RULES))


@settings(max_examples=60, deadline=None)
@given(profiles())
def test_a_week_drafted_again_is_the_week_made_afresh(profile: Profile) -> None:
    """A plan keeps each week's drafts under what they read of the week
    (`sessions.drafts_key`) and gives them again to a later week alike: in every plan,
    each week's drafts are those the week makes afresh, and a long plan reuses some."""
    made = weeks_of(profile)
    if made is None:
        return  # refused inputs make no weeks
    ctx, frames = made
    for frame in frames:
        given_, said = week_drafts(frame, ctx)
        fresh, warned = _week_drafts(frame, ctx)
        assert (given_, said) == (fresh, warned), frame
    assert len(ctx.drafted) <= len(frames)


@settings(max_examples=60, deadline=None)
@given(profiles())
@example(Profile(season=Season.OFF, weeks=43, level=Level.ADVANCED))  # 4 stimulus blocks
def test_a_week_chooses_what_a_fresh_chooser_chooses(profile: Profile) -> None:
    """The Chooser keeps each week's choice of exercises under what the choice reads of
    the week (`sessions.week_selection`): asked for the weeks in reverse, so each week
    may get a choice another week made, every week's choice is the one a fresh Chooser
    makes for that week alone."""
    made = weeks_of(profile)
    if made is None:
        return  # refused inputs make no weeks
    ctx, frames = made
    kept = {frame.index: week_selection(frame, ctx) for frame in reversed(frames)}
    for frame in frames:
        context._CHOOSERS.clear()
        fresh = ctx._replace(chooser=context.chooser_for(CATALOG, RULES, ctx.kit, profile))
        used: set[str] = set()
        alone = tuple(
            (t, _chosen(fresh, frame, n, t, used)) for n, t in enumerate(templates(frame, fresh))
        )
        assert kept[frame.index] == alone, frame


def test_a_long_plan_drafts_its_repeated_weeks_once() -> None:
    """The 16 weeks of a second pair of MS stimulus blocks repeat the first pair's drafts
    (blocks alike in parity, weeks alike in parity and step)."""
    profile = Profile(season=Season.OFF, weeks=43, level=Level.ADVANCED)
    ctx = make_context(profile, CATALOG, RULES, TODAY)
    phases = phase_sequence(profile, RULES, ctx.start)
    ctx = ctx._replace(n_weeks=len(phases))
    frames = week_frames(phases, profile.level, RULES)
    for frame in frames:
        week_drafts(frame, ctx)
    assert 0 < len(ctx.drafted) < len(frames)


@settings(max_examples=25, deadline=None)
@given(st.lists(profiles(), min_size=2, max_size=3))
def test_markdown_row_memo_writes_what_a_fresh_render_writes(runners: list[Profile]) -> None:
    """The Markdown renderer's row memo (`markdown._ROWS`, kept across plans) writes every
    plan as a render with the memo emptied does: its key holds every field a row reads."""
    plans = [make(profile) for profile in runners]
    warm = [markdown.render(plan, RenderOptions()) for plan in plans]
    for plan, text in zip(plans, warm, strict=True):
        markdown._ROWS.clear()
        assert markdown.render(plan, RenderOptions()) == text
