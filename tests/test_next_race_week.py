"""§3.4 and §10.7 in race week: an overdue session of a race build is offered only while
doing it today keeps the race rules (no strength work in the days before the race the rules
keep free, no heavy or jump session after the last one, the taper's session limits, the
post-race lockout); otherwise it counts as missed and `next` says so plainly, and
`log --done` refuses to record it on a forbidden day.

The QA run's half marathon (repro 9): race Sun 2027-03-14, plan saved on 2027-02-19 with
--start 2027-02-22; its sessions are Mon 02-22, Wed 02-24, Fri 02-26, Mon 03-01, Thu 03-04
and the race primer on Mon 03-08.
"""

from __future__ import annotations

import datetime as dt
import json

import pytest

from race_log import do_as_next_says, invoke, ok, save_half
from runstrength.catalog import load_catalog
from runstrength.enums import Level, LoadUnit, RaceDistance
from runstrength.log.nextsession import LogView, prescribe_next
from runstrength.log.planview import apply_log
from runstrength.log.progress import History, Key, find, keys_of, plan_progress
from runstrength.log.records import LoggedSession, SavedMax
from runstrength.models import Plan, Profile
from runstrength.plan import generate_plan
from runstrength.rulebook import default_rulebook

RULES = default_rulebook()
CATALOG = load_catalog()
RACE = dt.date(2027, 3, 14)  # a Sunday
SAVED = dt.date(2027, 2, 19)
START = dt.date(2027, 2, 22)
PRIMER_DAY = dt.date(2027, 3, 8)


def day(offset: int) -> dt.date:
    """The day `offset` days from the race (negative: before it)."""
    return RACE + dt.timedelta(days=offset)


def _plan() -> Plan:
    profile = Profile(
        race_date=RACE,
        race_distance=RaceDistance.HALF,
        weekly_volume=50,
        level=Level.INTERMEDIATE,
        start_date=START,
    )
    return generate_plan(profile, CATALOG, RULES, today=SAVED)


def _done(plan: Plan, keys: list[Key]) -> History:
    """Every session of `keys` logged on its own day."""
    sessions = []
    for i, key in enumerate(keys, start=1):
        date = find(plan, key)[1].date
        assert date is not None
        sessions.append(
            LoggedSession(id=i, date=date, sets=(), plan_id=1, week=key[0], session=key[1])
        )
    return History(sessions=sessions, plan_id=1)


def _primer_key(plan: Plan) -> Key:
    (key,) = [(w.index, s.index) for w, s in plan.sessions() if s.primer]
    return key


def test_the_build_is_the_qa_runs() -> None:
    plan = _plan()
    dates = [s.date for _, s in plan.sessions()]
    assert dates[-1] == PRIMER_DAY and find(plan, _primer_key(plan))[1].date == PRIMER_DAY
    assert len(dates) == 6


# ---------------------------------------------------------------- the pure rule


def test_race_day_block_follows_the_rules_file() -> None:
    from runstrength.plan.race import race_day_block

    plan = _plan()
    primer = find(plan, _primer_key(plan))[1]
    heavy = next(s for _, s in plan.sessions() if s.heavy_lower_body)
    quiet = RULES.race_quiet_days
    until = -RULES.race_primer_until_day.half
    last_hlb = RULES.race_last_hlb_days.half

    def block(s: object, offset: int) -> str | None:
        return race_day_block(s, day(offset), RACE, RaceDistance.HALF, RULES)  # type: ignore[arg-type]

    # the primer: up to its last day, never in the days before the race kept free, never after
    assert block(primer, -until) is None
    for offset in range(-max(quiet, until - 1), 1):
        assert block(primer, offset) is not None, offset
    for offset in range(1, 10):
        assert block(primer, offset) is not None, offset
    # a heavy session: not after the last heavy day
    assert block(heavy, -last_hlb) is None
    assert block(heavy, -last_hlb + 1) is not None
    # a marathon's primer window starts a day earlier than its quiet days (rules.yaml)
    marathon = -RULES.race_primer_until_day.marathon
    assert marathon - 1 > quiet
    assert race_day_block(primer, day(-marathon), RACE, RaceDistance.MARATHON, RULES) is None
    assert race_day_block(primer, day(-marathon + 1), RACE, RaceDistance.MARATHON, RULES)


# ---------------------------------------------------------------- plan_progress, pure


@pytest.mark.parametrize("offset", [-2, -1, 0, 1, 4, 5, 30])
def test_an_overdue_primer_inside_the_quiet_days_or_after_the_race_is_missed(offset: int) -> None:
    plan = _plan()
    primer = _primer_key(plan)
    h = _done(plan, [k for k in keys_of(plan) if k != primer])
    p = plan_progress(plan, h, day(offset), RULES)
    assert p.next is None
    assert primer in p.missed and primer in p.race_missed
    assert prescribe_next(LogView(plan, h, day(offset), RULES, CATALOG)) is None
    view = apply_log(LogView(plan, h, day(offset), RULES, CATALOG))
    (session,) = [s for _, s in view.sessions() if s.primer]
    assert session.missed and not session.done


@pytest.mark.parametrize("offset", [-6, -5, -4, -3])
def test_an_overdue_primer_is_offered_while_the_rules_allow_it(offset: int) -> None:
    plan = _plan()
    primer = _primer_key(plan)
    h = _done(plan, [k for k in keys_of(plan) if k != primer])
    p = plan_progress(plan, h, day(offset), RULES)
    assert p.next == primer and not p.race_missed
    nxt = prescribe_next(LogView(plan, h, day(offset), RULES, CATALOG))
    assert nxt is not None and nxt.session.primer


def test_an_overdue_heavy_session_that_would_crowd_the_taper_is_missed() -> None:
    """Week 2 session B (Thu 03-04, day −10) not done: on day −8 it still fits (two sessions
    in days −14…−8); on day −7 it would be a second session in days −7…−3 beside the primer,
    so it is missed and `next` is the primer, saying why."""
    plan = _plan()
    keys = keys_of(plan)
    b = keys[-2]
    assert find(plan, b)[1].date == day(-10) and find(plan, b)[1].heavy_lower_body
    h = _done(plan, keys[:-2])
    assert plan_progress(plan, h, day(-8), RULES).next == b
    p = plan_progress(plan, h, day(-7), RULES)
    assert p.next == _primer_key(plan) and b in p.missed and b in p.race_missed
    nxt = prescribe_next(LogView(plan, h, day(-7), RULES, CATALOG))
    assert nxt is not None and nxt.session.primer and nxt.session.date == PRIMER_DAY
    said = [n for n in nxt.notes if "missed" in n]
    assert said and "Week 2 session B of Thu 2027-03-04 was missed" in said[0], nxt.notes
    assert said[0].endswith(
        "a race rule: at most 1 strength session on days −7…−3 of the race (§2.1 TP); "
        "the plan carries on without it."
    ), said[0]


def test_a_session_passed_over_for_the_one_due_now_is_said_missed() -> None:
    """The QA run: session B of a race build missed on its day, and two days later `next`
    gave C with no word of B. A race build's dates are pinned, so B is missed, and `next`
    says so, once: the day after, with C logged, B is an old miss."""
    plan = _plan()
    keys = keys_of(plan)
    first_week = [k for k in keys if k[0] == 1]
    assert len(first_week) >= 3, first_week
    a, b, c = first_week[:3]
    h = _done(plan, [a])
    c_day = find(plan, c)[1].date
    assert c_day is not None
    p = plan_progress(plan, h, c_day, RULES)
    assert p.next == c and b in p.missed and p.passed == frozenset({b})
    nxt = prescribe_next(LogView(plan, h, c_day, RULES, CATALOG))
    assert nxt is not None
    b_session = find(plan, b)[1]
    assert b_session.date is not None
    said = f"Missed: the week 1 session {b_session.label} of {b_session.date:%a %Y-%m-%d}."
    assert any(n.startswith(said) for n in nxt.notes), nxt.notes
    later = plan_progress(plan, _done(plan, [a, c]), c_day + dt.timedelta(days=1), RULES)
    assert b in later.missed and not later.passed


# ---------------------------------------------------------------- the CLI, day by day


def _qa_run() -> None:
    """The QA run: the plan saved, every session before the primer done on its day."""
    volume = ("--volume", "50km", "--level", "intermediate")
    save_half(SAVED, RACE, *volume, "--start", START.isoformat())
    for nxt, _ in do_as_next_says(START, PRIMER_DAY):
        assert not nxt["primer"]


def test_race_eve_race_day_and_the_lockout_say_the_primer_was_missed() -> None:
    _qa_run()
    # day −3: the primer is still on (the last day the rules allow it)
    assert "race primer" in ok(day(-3), "next")
    eve = ok(day(-1), "next")
    assert "Pogos" not in eve and "race primer ·" not in eve, eve
    assert "Race on Sun 2027-03-14: no strength work until then (§3.4)" in eve, eve
    assert "the race primer of Mon 2027-03-08 was missed" in eve, eve
    for today in (day(0), day(1), day(4)):
        out = ok(today, "next")
        assert "Pogos" not in out and "race primer ·" not in out, out
        assert "the race primer of Mon 2027-03-08 was missed" in out, out
        assert "runstrength plan --race-date YYYY-MM-DD" in out, out
        assert "no heavy lifting or plyometrics before Fri 2027-03-19" in out, out
    later = ok(day(5), "next")
    assert "runstrength plan --race-date YYYY-MM-DD" in later and "before Fri" not in later


def test_the_next_plan_commands_next_gives_after_the_race_work() -> None:
    """`plan --save` alone is refused once the saved race is past: `next` names the ways
    that work, a new race date or the race cleared from the profile."""
    _qa_run()
    after = day(5)
    assert invoke(after, "plan", "--save", "--format", "md").exit_code == 2
    ok(after, "profile", "set", "race-date", "none")
    ok(after, "profile", "set", "race-distance", "none")
    ok(after, "plan", "--start", after.isoformat(), "--save", "--format", "md")
    assert "Race on" not in ok(after, "next")


def test_after_the_race_a_season_or_a_new_race_starts_the_next_plan() -> None:
    """The second QA pass: after the race, `plan --season off --start … --save` was refused
    for the saved race the runner had just run, and `plan --race-date NEXT --save` kept the
    old start, so the new plan began at week 19. A season given after a past race is a plan
    without it; a new race starts a new plan; both say so."""
    _qa_run()
    after = day(5)
    off = json.loads(
        ok(after, "plan", "--season", "off", "--start", after.isoformat(), "--format", "json")
    )
    assert off["inputs"]["race_date"] is None and off["inputs"]["season"] == "off"
    assert any(w.startswith("Your race of 2027-03-14 (half) is past") for w in off["warnings"])
    nxt = dt.date(2027, 6, 20)
    race = ("--race-date", nxt.isoformat(), "--race-distance", "10k")
    new = json.loads(ok(after, "plan", *race, "--format", "json"))
    first = new["weeks"][0]["sessions"][0]["date"]
    assert new["weeks"][0]["index"] == 1 and first >= after.isoformat(), first
    assert new["inputs"]["start_date"] != START.isoformat()
    ok(after, "plan", *race, "--save", "--format", "md")
    session = json.loads(ok(after, "next", "--format", "json"))
    assert session["week"]["index"] == 1 and session["date"] >= after.isoformat()


@pytest.mark.parametrize("offset", [-2, -1, 0, 1, 5])
def test_next_json_stays_null_with_the_words_on_stderr(offset: int) -> None:
    _qa_run()
    result = invoke(day(offset), "next", "--format", "json")
    assert result.exit_code == 0, result.output
    assert result.stdout == "null\n" and json.loads(result.stdout) is None
    assert "Race on Sun 2027-03-14" in result.stderr or "race" in result.stderr


def test_log_done_refuses_a_day_the_race_rules_forbid() -> None:
    _qa_run()
    before = ok(day(-1), "log", "list")
    refused = invoke(day(-1), "log", "--done")
    assert refused.exit_code == 2, refused.output
    lines = refused.stderr.strip().splitlines()
    assert len(lines) == 1 and "2027-03-14" in lines[0] and "log EXERCISE SPEC" in lines[0]
    assert ok(day(-1), "log", "list") == before
    # an explicit past day the rules forbid is refused too, and said
    refused = invoke(day(-1), "log", "--done", "--date", day(-2).isoformat())
    assert refused.exit_code == 2, refused.output
    assert "nothing to record on Fri 2027-03-12" in refused.stderr, refused.stderr
    # what was really done is still logged
    ok(day(-1), "log", "deadbug", "1x8")
    assert ok(day(-1), "log", "list") != before


def test_log_done_records_the_primer_on_a_day_the_rules_allow() -> None:
    _qa_run()
    assert ok(day(-3), "log", "--done").startswith("Logged week 3 session A as prescribed.")
    assert "no strength work until then" in ok(day(-1), "next")


def test_log_done_of_a_past_day_takes_the_session_of_that_day() -> None:
    """A race build's dates are pinned: `log --done --date` of a day the primer was due (the
    runner did it and logs it late) records it, though `next` no longer offers it today."""
    _qa_run()
    assert "was missed" in ok(day(-1), "next")
    said = ok(day(-1), "log", "--done", "--date", PRIMER_DAY.isoformat())
    assert said.startswith("Logged week 3 session A as prescribed."), said
    assert "2027-03-08" in said
    eve = ok(day(-1), "next")
    assert "no strength work until then" in eve and "missed" not in eve, eve


def test_the_primer_s_loads_stay_at_most_its_share_of_the_e1rm() -> None:
    """§3.4: a primer's sets are at 80 % or less of the e1RM (`primer.max_percent`). The
    QA run's primer back squat was 77.5 kg, +2.5 kg, on an e1RM of 90 (86 %); the plan
    view's primer took 2 reps at RIR 4 from the e1RM (83 %)."""
    plan = _plan()
    primer = find(plan, _primer_key(plan))[1]
    lifts = {p.id for p in primer.exercises if p.load.type.value != "bodyweight"}
    assert lifts, "a primer without a loaded lift tests nothing"
    maxes = dict.fromkeys(lifts, 100.0)
    keys = keys_of(plan)
    before = _done(plan, keys[: keys.index(_primer_key(plan))])
    history = before._replace(
        maxes={i: SavedMax(i, m, LoadUnit.KG, "max") for i, m in maxes.items()}
    )
    cap = 100.0 * RULES.primer.max_percent / 100
    nxt = prescribe_next(LogView(plan, history, PRIMER_DAY, RULES, CATALOG))
    assert nxt is not None and nxt.session.primer
    view = apply_log(LogView(plan, history, PRIMER_DAY - dt.timedelta(days=7), RULES, CATALOG))
    shown = find(view, _primer_key(plan))[1]
    for session in (nxt.session, shown):
        for p in session.exercises:
            if p.id in lifts and p.load.value is not None:
                assert p.load.value <= cap, (p.id, p.load.value, p.why)


def test_an_entry_logged_late_joins_the_session_of_its_date() -> None:
    """A race build's dates are pinned, so `log EXERCISE SPEC --date` of a past day joins
    that day's session, not the one due today (the race helper: Monday's lift, logged on
    Friday with --date of Monday, went into Friday's session C)."""
    ok(
        SAVED,
        *("plan", "--race-date", RACE.isoformat(), "--race-distance", "half", "--volume"),
        *("50km", "--level", "intermediate", "--start", START.isoformat(), "--save"),
        *("--format", "md"),
    )
    plan = json.loads(ok(SAVED, "plan", "--format", "json"))
    (monday,) = [s for s in plan["weeks"][0]["sessions"] if s["date"] == START.isoformat()]
    lift = next(e["id"] for e in monday["exercises"] if e["load"]["type"] != "bodyweight")
    friday = START + dt.timedelta(days=4)
    said = ok(friday, "log", lift, "3x5@40kg", "--date", START.isoformat(), "--rir", "2")
    assert f"2027-02-22 · week 1 {monday['label']}" in said, said
    # the next session is the one after Monday's, as `log --done --date` would leave it
    assert "Session A" not in ok(friday, "next").splitlines()[1]


def test_a_new_plan_saved_after_the_race_keeps_the_post_race_lockout() -> None:
    """§3.4, inv. 26: after a half marathon no heavy lifting or plyometrics for 4 days. A
    new plan saved the day after the race with its first session that day was saved with
    a trap bar deadlift and jumps in it (noticed last session); `plan --save` now refuses
    it in one line naming the first day they may come back, which it then accepts."""
    _qa_run()
    after = day(1)
    ok(after, "profile", "set", "race-date", "none")
    ok(after, "profile", "set", "race-distance", "none")
    refused = invoke(after, "plan", "--season", "off", "--start", after.isoformat(), "--save")
    assert refused.exit_code == 2, refused.output
    (line,) = refused.stderr.strip().splitlines()
    assert line == (
        "Error: after your half race of Sun 2027-03-14, no heavy lifting or plyometrics "
        "before Fri 2027-03-19 (§3.4), and this plan's week 1 session A on Mon 2027-03-15 "
        "has them: give --start 2027-03-19 or later"
    )
    assert "the plan ends with it" in ok(after, "next")  # the race build stays active
    # the next race's build, saved the day after this one, keeps the lockout too
    refused = invoke(
        after,
        *("plan", "--race-date", "2027-06-13", "--race-distance", "10k"),
        *("--start", after.isoformat(), "--save"),
    )
    assert refused.exit_code == 2 and "--start 2027-03-19" in refused.stderr, refused.output
    back = day(5)
    ok(after, "plan", "--season", "off", "--start", back.isoformat(), "--save")
    assert f"Session A · {back.strftime('%a %Y-%m-%d')}" in ok(back, "next")


def test_in_lockout_finds_the_first_heavy_or_jump_session_inside_it() -> None:
    from runstrength.plan.race import in_lockout, lockout_end

    assert lockout_end(RACE, RaceDistance.HALF, RULES) == day(5)
    assert lockout_end(RACE, RaceDistance.MARATHON, RULES) == day(8)
    profile = Profile(weekly_volume=40, start_date=day(1))
    plan = generate_plan(profile, CATALOG, RULES, today=day(1))
    found = in_lockout(plan, RACE, RaceDistance.HALF, RULES)
    assert found is not None and found[2] == day(1)
    later = generate_plan(
        profile.model_copy(update={"start_date": day(5)}), CATALOG, RULES, today=day(1)
    )
    assert in_lockout(later, RACE, RaceDistance.HALF, RULES) is None
    # a 10 k's lockout is 2 days: a light or jump-free session on day 3 is no clash either
    assert in_lockout(later, RACE, RaceDistance.TEN_K, RULES) is None


@pytest.mark.parametrize(
    ("offset", "entry", "said"),
    [
        (-1, ("back-squat", "3x3@60kg"), "no strength work on days −2…0 of the race (§3.4)"),
        (
            -5,
            ("back-squat", "3x3@60kg"),
            "no heavy or jump session after day −7 of the race (§3.4)",
        ),
        (-5, ("pogos", "3x10c"), "no heavy or jump session after day −7 of the race (§3.4)"),
        (2, ("back-squat", "3x3@60kg"), "no heavy lifting or jumps for 4 days after a half (§3.4)"),
        (-5, ("deadbug", "2x8"), None),
        (-10, ("back-squat", "3x3@60kg"), None),
    ],
)
def test_logging_heavy_work_the_race_rules_forbid_says_so(
    offset: int, entry: tuple[str, str], said: str | None
) -> None:
    """The loop QA run: a back squat 3 × 3 at 60 kg logged the day before a half marathon
    was taken without a word. What was done is logged; one line says which §3.4 rule the
    day had (the days before the race, the last heavy day, the lockout after it)."""
    ok(SAVED, *("plan", "--race-date", RACE.isoformat(), "--race-distance", "half"),
       *("--volume", "50km", "--start", START.isoformat(), "--save", "--format", "md"))  # fmt: skip
    when = day(offset)
    result = invoke(when, "log", *entry, "--date", when.isoformat(), "--rir", "3")
    assert result.exit_code == 0, result.output
    out = result.output  # the line is the runner's to read, on stderr
    lines = [x for x in out.splitlines() if "§3.4" in x]
    if said is None:
        assert not lines, out
    else:
        assert lines == [f"{when.isoformat()} is {_days(offset)}: {said}; it is logged."], out


def _days(offset: int) -> str:
    n = abs(offset)
    unit = "day" if n == 1 else "days"
    return f"{n} {unit} {'before' if offset < 0 else 'after'} your race"
