"""`--where`: pain counts for the regions the runner names (docs/method.md §10.3).

Coach QA: `log goblet-squat 2x12@20kg --pain 5` flagged the knee and the hip (every
region the goblet squat loads), and the hip's hinge work went for weeks; a runner with a
sore knee could not say so. The walk over `PainSet`s is checked pure; the rest through the
real app (CliRunner) over simulated days on the shipped catalog and rules.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner, Result

from runstrength.cli import app, log_cmd
from runstrength.enums import PainRegion
from runstrength.log.pain import NextDayPain, PainLog, PainSet, pain_state
from runstrength.log.storage import SessionLog
from runstrength.models import Catalog
from runstrength.rulebook import default_rulebook

RULES = default_rulebook()
KNEE, HIP, LOW_BACK = PainRegion.KNEE, PainRegion.HIP, PainRegion.LOW_BACK
MONDAY = dt.date(2026, 12, 7)  # the QA plan: sessions A, B, C on Mon, Wed, Fri


def cli(day: dt.date, *args: str, input: str | None = None) -> Result:
    return CliRunner().invoke(
        app, list(args), input=input, env={"RUNSTRENGTH_TODAY": day.isoformat()}
    )


def ok(day: dt.date, *args: str, input: str | None = None) -> Result:
    result = cli(day, *args, input=input)
    assert result.exit_code == 0, (result.stdout, result.stderr)
    return result


def _on(days: int) -> dt.date:
    return MONDAY + dt.timedelta(days=days)


def _three_days() -> None:
    """Off season, 40 km, 3 days a week from Monday 2026-12-07; session A done."""
    flags = ("--season", "off", "--volume", "40km", "--days", "3", "--start", MONDAY.isoformat())
    ok(MONDAY, "plan", *flags, "--save", "--format", "md")
    ok(MONDAY, "log", "--done")


def _next(day: dt.date) -> dict[str, object]:
    data: dict[str, object] = json.loads(ok(day, "next", "--format", "json").stdout)
    return data


def _ids(shown: dict[str, object]) -> list[str]:
    return [str(p["id"]) for p in shown["exercises"]]  # type: ignore[attr-defined]


def _pain_notes(shown: dict[str, object]) -> list[str]:
    return [n for n in shown["notes"] if "/10" in n]  # type: ignore[attr-defined]


def _sets(*rows: tuple[int, int, str, int | None, tuple[PainRegion, ...] | None]) -> list[PainSet]:
    return [PainSet(sid, MONDAY + dt.timedelta(days=d), ex, p, w) for sid, d, ex, p, w in rows]


# --------------------------------------------------------------------------- the walk


def test_pain_counts_only_for_the_regions_named(catalog: Catalog) -> None:
    day = _on(30)

    def flags(*rows: tuple[int, int, str, int | None, tuple[PainRegion, ...] | None]) -> set[str]:
        return {r.value for r in pain_state(PainLog(sets=_sets(*rows)), catalog, day, RULES).flags}

    # the QA case: a sore knee on a goblet squat (knee, hip) flags the knee alone
    state = pain_state(PainLog(sets=_sets((1, 0, "goblet-squat", 5, (KNEE,)))), catalog, day, RULES)
    assert set(state.flags) == {KNEE} and state.flags[KNEE].hurt == {"goblet-squat"}
    # named none: every region it loads, as before --where
    assert flags((1, 0, "goblet-squat", 5, None)) == {"knee", "hip"}
    # a region the exercise does not load is taken as given: the runner knows
    assert flags((1, 0, "split-squat", 5, (LOW_BACK,))) == {"low-back"}
    # a pain of 1 named for the knee clears the knee; the hip, trained with no score there,
    # is neither flagged nor cleared by it
    both = (1, 0, "goblet-squat", 5, None)
    assert flags(both, (2, 3, "bodyweight-box-squat", 1, (KNEE,))) == {"hip"}
    assert flags(both, (2, 3, "bodyweight-box-squat", 1, None)) == set()
    # and a pain of 5 for the knee says nothing of the hip: the hip's flag stays as it was
    assert flags((1, 0, "side-plank", 5, None), (2, 3, "goblet-squat", 5, (KNEE,))) == {
        "hip",
        "knee",
    }
    hip = pain_state(
        PainLog(sets=_sets((1, 0, "side-plank", 4, None), (2, 3, "goblet-squat", 6, (KNEE,)))),
        catalog,
        day,
        RULES,
    ).flags
    assert (hip[HIP].pain, hip[HIP].red, hip[KNEE].red) == (4, False, True)


def test_a_set_named_elsewhere_still_ends_a_hold_where_it_trained(catalog: Catalog) -> None:
    """A set without a score there reports nothing, but it trained the region: it ends a
    next-morning hold there, as a set logged with no score does (§10.3)."""
    day = _on(30)
    held = PainLog(sets=_sets((1, 0, "split-squat", 1, None)), next_day=[NextDayPain(1, None, 3)])
    assert set(pain_state(held, catalog, day, RULES).holds) == {KNEE, HIP}
    later = held._replace(sets=[*held.sets, *_sets((2, 3, "goblet-squat", 1, (KNEE,)))])
    assert pain_state(later, catalog, day, RULES).holds == {}
    # next-morning pain named for one region holds that region alone
    knee_only = held._replace(next_day=[NextDayPain(1, None, 3, (KNEE,))])
    assert set(pain_state(knee_only, catalog, day, RULES).holds) == {KNEE}
    # ... one the session did not train included: the runner says where it hurts
    back = held._replace(next_day=[NextDayPain(1, "split-squat", 5, (LOW_BACK,))])
    state = pain_state(back, catalog, day, RULES)
    assert set(state.flags) == {LOW_BACK} and set(state.holds) == {LOW_BACK}


# --------------------------------------------------------------------------- the QA run


def test_a_sore_knee_on_a_goblet_squat_keeps_the_hip_s_hinge_work(db: Path) -> None:
    """The coach QA case, end to end over simulated days: knee=5 on the goblet squat
    flags the knee alone, `next` says so, the hip and low-back work (single-leg RDL,
    suitcase carry) is not swapped; the trap-bar deadlift loads the knee too (catalog), so
    it takes its unloading variant for the knee's sake, and says so. A later pain of 1
    named for the knee clears the knee."""
    _three_days()
    said = ok(
        _on(2), "log", "goblet-squat", "2x12@20kg", "--rir", "3", "--pain", "5", "--where", "knee"
    )
    assert "Logged goblet-squat: 2×12 @ 20 kg (RIR 3, pain 5 (knee))" in said.stdout
    assert "  goblet-squat: 2×12 @ 20 kg (RIR 3, pain 5 (knee))" in said.stdout
    assert said.stderr.startswith("Pain 5/10 (knee): easier variants"), said.stderr
    assert "Taken as given" not in said.stderr  # the goblet squat loads the knee
    ok(_on(2), "log", "--done")
    friday = _next(_on(4))
    (note,) = _pain_notes(friday)
    assert note.startswith("Pain 5/10 in the knee since 2026-12-09:"), note
    assert "`runstrength log clear knee`" in note
    assert "suitcase-carry" in _ids(friday) and "side-plank" not in _ids(friday)
    ok(_on(4), "log", "--done")
    monday = _next(_on(7))
    assert "trap-bar-deadlift" not in _ids(monday)
    hinge = next(p for p in monday["exercises"] if p["id"] == "isometric-hip-hinge-hold")  # type: ignore[attr-defined]
    assert hinge["why"].startswith("instead of Trap bar deadlift: pain 5/10 in the knee")
    ok(_on(7), "log", "--done")
    wednesday = _next(_on(9))
    assert "single-leg-romanian-deadlift" in _ids(wednesday)  # hamstring, hip, low back
    assert "goblet-squat" not in _ids(wednesday)  # it hurt: its unloading variant
    assert "bodyweight-box-squat" in _ids(wednesday)
    ok(
        _on(9),
        "log",
        "bodyweight-box-squat",
        "2x12",
        "--rir",
        "3",
        "--pain",
        "1",
        "--where",
        "knee",
    )
    assert _pain_notes(_next(_on(11))) == []


def test_without_where_the_pain_counts_for_every_region_as_before(db: Path) -> None:
    _three_days()
    said = ok(_on(2), "log", "goblet-squat", "2x12@20kg", "--rir", "3", "--pain", "5")
    assert "(RIR 3, pain 5)" in said.stdout and said.stderr.startswith("Pain 5/10 (knee, hip):")
    (note,) = _pain_notes(_next(_on(4)))
    assert note.startswith("Pain 5/10 in the knee and hip since 2026-12-09:"), note


def test_a_region_the_exercise_does_not_load_is_taken_as_given(db: Path) -> None:
    _three_days()
    said = ok(_on(2), "log", "split-squat", "2x8@10kg", "--pain", "5", "--where", "low-back")
    assert said.stderr.splitlines()[0] == (
        "Taken as given: split-squat loads the knee and hip, not the low back; the pain "
        "counts for the low back."
    )
    assert "Pain 5/10 (low back)" in said.stderr
    (note,) = _pain_notes(_next(_on(4)))
    assert note.startswith("Pain 5/10 in the low back since 2026-12-09:"), note
    listed = ok(_on(4), "log", "list").stdout
    assert "split-squat: 2×8 @ 10 kg (pain 5 (low-back))" in listed
    # next-morning pain on it, named elsewhere too, says so as well (the second QA pass)
    morning = ok(_on(3), "log", "pain-next-day", "3", "--exercise", "split-squat",
                 "--where", "foot-ankle", "--date", _on(2).isoformat())  # fmt: skip
    assert "Taken as given: split-squat loads the knee and hip, not the foot/ankle" in (
        morning.stderr
    )


# --------------------------------------------------------------------------- refused


def _dump(db: Path) -> list[object]:
    if not db.exists():
        return []
    with SessionLog(db) as log:
        return [
            log._conn.execute(f"SELECT * FROM {t}").fetchall()
            for t in ("sessions", "sets", "pain_checkins", "next_day_pain")
        ]


REGIONS = "foot-ankle, achilles-calf, knee, hip, hamstring, low-back"
BAD = [
    (
        ["log", "goblet-squat", "2x12@20kg", "--where", "knee"],
        "Error: --where says where the pain was: give --pain N with it\n",
    ),
    (
        ["log", "goblet-squat", "2x12@20kg", "--pain", "5", "--where", "kne"],
        f"Error: --where: 'kne' is not a pain region; did you mean knee? (one of {REGIONS})\n",
    ),
    (
        ["log", "goblet-squat", "2x12@20kg", "--pain", "5", "--where", "knee,elbow"],
        f"Error: --where: 'elbow' is not a pain region; one of {REGIONS}\n",
    ),
    (
        ["log", "goblet-squat", "2x12@20kg", "--pain", "5", "--where", ""],
        f"Error: --where: no pain region given; one or more of {REGIONS}, comma-separated\n",
    ),
    (["log", "goblet-squat", "2x12@20kg", "--pain", "5", "--where", " , "], None),
    # a region twice or an empty item: a region left out or mistyped (QA: knee,knee for
    # knee,hip went in)
    (
        ["log", "goblet-squat", "2x12@20kg", "--pain", "5", "--where", "knee,knee"],
        "Error: --where: 'knee,knee' names knee twice\n",
    ),
    (
        ["log", "goblet-squat", "2x12@20kg", "--pain", "5", "--where", "knee,"],
        "Error: --where: 'knee,' has an empty region name (a comma too many?)\n",
    ),
    (["log", "goblet-squat", "2x12@20kg", "--pain", "5", "--where", "knee,,hip"], None),
    (
        ["log", "goblet-squat", "2x12@20kg", "--pain", "5", "--where", "knee", "--where", "knee"],
        None,
    ),
    (["log", "edit", "1", "trap-bar-deadlift", "2x8", "--pain", "5", "--where", "hip,hip"], None),
    (["log", "pain-next-day", "4", "--where", "knee,knee"], None),
    (["log", "--done", "--where", "knee"], None),
    (["log", "--done", "--pain", "5", "--where", "knee"], None),
    (["log", "edit", "1", "trap-bar-deadlift", "2x8", "--where", "knee"], None),
    (["log", "edit", "1", "--pain", "5", "--where", "knee"], None),
    (["log", "edit", "1", "trap-bar-deadlift", "2x8", "--pain", "5", "--where", "kne"], None),
    (["log", "pain-next-day", "5", "--where", "kne"], None),
    (["log", "pain-next-day", "5", "--where", ""], None),
]


@pytest.mark.parametrize(("args", "stderr"), BAD)
def test_bad_where_is_one_line_exit_2_and_writes_nothing(
    db: Path, args: list[str], stderr: str | None
) -> None:
    _three_days()
    before = _dump(db)
    result = cli(_on(1), *args)
    assert result.exit_code == 2, result.output
    assert len(result.stderr.splitlines()) == 1, result.stderr
    assert result.stderr.startswith("Error: ")
    if stderr is not None:
        assert result.stderr == stderr
    assert _dump(db) == before


def test_nothing_is_created_for_a_refused_where(_isolated_home: Path) -> None:
    result = cli(_on(1), "log", "goblet-squat", "2x12@20kg", "--pain", "5", "--where", "elbow")
    assert result.exit_code == 2 and not (_isolated_home / "log.db").exists()


# --------------------------------------------------------------------------- edit, list


def test_edit_changes_the_regions_with_the_pain(db: Path) -> None:
    """`log edit`: the regions go with the pain score: given with a new one, kept when the
    pain is kept, and a new score without --where counts everywhere again."""
    _three_days()
    ok(_on(2), "log", "goblet-squat", "2x12@20kg", "--rir", "3", "--pain", "5")
    (note,) = _pain_notes(_next(_on(4)))
    assert "in the knee and hip" in note
    edited = ok(
        _on(3), "log", "edit", "2", "goblet-squat", "2x12", "--pain", "5", "--where", "knee"
    )
    assert "goblet-squat: 2×12 @ 20 kg (RIR 3, pain 5 (knee))" in edited.stdout
    (note,) = _pain_notes(_next(_on(4)))
    assert note.startswith("Pain 5/10 in the knee since"), note
    kept = ok(_on(3), "log", "edit", "2", "goblet-squat", "2x10")  # the pain and where stay
    assert "goblet-squat: 2×10 @ 20 kg (RIR 3, pain 5 (knee))" in kept.stdout
    again = ok(_on(3), "log", "edit", "2", "goblet-squat", "2x10", "--pain", "6")
    assert "goblet-squat: 2×10 @ 20 kg (RIR 3, pain 6)" in again.stdout
    listed = json.loads(ok(_on(3), "log", "list", "--format", "json").stdout)
    assert {
        s["pain_regions"] for s in listed[-1]["sets"] if s["exercise_id"] == "goblet-squat"
    } == {None}
    moved = ok(
        _on(3), "log", "edit", "2", "goblet-squat", "2x10", "--pain", "6", "--where", "hip,knee"
    )
    assert "(RIR 3, pain 6 (knee, hip))" in moved.stdout
    listed = json.loads(ok(_on(3), "log", "list", "--format", "json").stdout)
    assert {
        s["pain_regions"] for s in listed[-1]["sets"] if s["exercise_id"] == "goblet-squat"
    } == {"knee,hip"}


# --------------------------------------------------------------------------- the walk


def _walk_answers(shown: dict[str, object], pain: dict[str, tuple[str, str | None]]) -> str:
    """Answers to the walk of `shown` (next's JSON): each exercise as prescribed, its RIR
    when it has a target, its pain ("" for 0, else `pain[id]`'s score and, when given, the
    answer to where)."""
    answers: list[str] = []
    for p in shown["exercises"]:  # type: ignore[attr-defined]
        answers.append("")
        if p["target_rir"] is not None:
            answers.append("")
        score, where = pain.get(p["id"], ("", None))
        answers.append(score)
        if where is not None:
            answers.append(where)
    return "\n".join([*answers, "", "y"]) + "\n"


def test_the_walk_asks_where_it_hurts(db: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The walk (`log` on a terminal) asks where at a pain of `pain.modify_at` or more on
    an exercise that loads more than one region; a typo is told and asked again; Enter
    keeps all of them (the pain counts for every region it loads, as before)."""
    _three_days()
    monkeypatch.setattr(log_cmd, "stdin_is_terminal", lambda: True)
    shown = _next(_on(2))
    assert "goblet-squat" in _ids(shown)
    out = ok(
        _on(2),
        "log",
        input=_walk_answers(
            shown, {"goblet-squat": ("5", "kne\nknee"), "pallof-press": ("2", None)}
        ),
    ).stdout
    assert "Where does it hurt? knee, hip [both]:" in out
    assert "'kne' is not a pain region; did you mean knee?" in out
    assert "  Goblet squat: 2×8 (RIR 4, pain 5 (knee))" in out.split("Summary:\n")[1]
    (note,) = _pain_notes(_next(_on(4)))
    assert note.startswith("Pain 5/10 in the knee since 2026-12-09:"), note
    with SessionLog(db) as log:
        walked = log.sessions()[-1]
    # below modify_at nothing is asked, and nothing named
    assert {s.pain_regions for s in walked.sets if s.exercise_id != "goblet-squat"} == {None}


def test_enter_keeps_every_region(db: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _three_days()
    monkeypatch.setattr(log_cmd, "stdin_is_terminal", lambda: True)
    shown = _next(_on(2))
    ok(_on(2), "log", input=_walk_answers(shown, {"goblet-squat": ("5", "")}))
    (note,) = _pain_notes(_next(_on(4)))
    assert note.startswith("Pain 5/10 in the knee and hip since 2026-12-09:"), note


# --------------------------------------------------------------------------- next morning


def test_next_morning_pain_where_the_runner_says(db: Path) -> None:
    _three_days()
    ok(_on(2), "log", "goblet-squat", "2x12@20kg", "--rir", "3", "--pain", "1")
    said = ok(_on(3), "log", "pain-next-day", "5", "--where", "knee")
    assert said.stdout == (
        "Recorded next-morning pain 5/10 in the knee after the session of 2026-12-09.\n"
    )
    notes = _pain_notes(_next(_on(4)))
    assert notes[0].startswith("Pain 5/10 in the knee since 2026-12-09:"), notes
    assert not any("hip" in n for n in notes), notes
    red = ok(
        _on(3), "log", "pain-next-day", "7", "--where", "low-back", "--exercise", "goblet-squat"
    )
    given, flag = red.stderr.splitlines()
    assert given.startswith("Taken as given: goblet-squat loads the knee and hip, not the low back")
    assert "red flag for the low back:" in flag and "knee" not in flag
    assert "(`--exercise ID` keeps it" not in red.stderr


EVERY = "foot-ankle, achilles-calf, knee, hip, hamstring, low-back"


def test_next_morning_pain_without_where_counts_where_the_session_hurt(db: Path) -> None:
    """The log-loop QA pass: `log pain-next-day 5` after a session that logged knee pain
    flagged all six regions session A loads, and said none of them. Without `--where` it
    counts where the session logged pain, and says so, and how to name where it hurts."""
    _three_days()
    ok(MONDAY, "log", "split-squat", "2x8@10kg", "--pain", "3", "--where", "knee")
    said = ok(_on(1), "log", "pain-next-day", "5")
    assert said.stdout.splitlines() == [
        "Recorded next-morning pain 5/10 in the knee after the session of 2026-12-07: where "
        "that session logged pain.",
        "Somewhere else? Name where it hurts: `runstrength log pain-next-day 5 --where "
        f"REGION[,REGION] --date 2026-12-07` replaces this report ({EVERY}).",
    ]
    notes = _pain_notes(_next(_on(2)))
    assert notes == [n for n in notes if "knee" in n and "hip" not in n], notes
    assert notes[0].startswith("Pain 5/10 in the knee since 2026-12-07:"), notes


def test_next_morning_pain_after_a_session_without_pain_counts_every_region(db: Path) -> None:
    """No pain logged in the session: the report counts for every region it loaded (as
    before), and says which, and how to name one."""
    _three_days()
    said = ok(_on(1), "log", "pain-next-day", "5")
    assert said.stdout.splitlines() == [
        "Recorded next-morning pain 5/10 in the foot/ankle, Achilles/calf, knee, hip, "
        "hamstring and low back after the session of 2026-12-07: every region it loaded, "
        "as it logged no pain.",
        "Name where it hurts: `runstrength log pain-next-day 5 --where REGION[,REGION] "
        f"--date 2026-12-07` replaces this report ({EVERY}).",
    ]
    (note,) = [n for n in _pain_notes(_next(_on(2))) if n.startswith("Pain 5/10")]
    assert note.startswith(
        "Pain 5/10 in the foot/ankle, Achilles/calf, knee, hip, hamstring and low back since"
    ), note


def test_naming_where_it_hurts_replaces_the_report_that_did_not(db: Path) -> None:
    """What the hint says: the same session's report with `--where` replaces the one that
    named no region (it had counted for all six regions): the knee alone is flagged. A
    report that named its regions is never replaced."""
    _three_days()
    ok(_on(1), "log", "pain-next-day", "5")
    said = ok(_on(1), "log", "pain-next-day", "5", "--where", "knee")
    assert said.stdout == (
        "Recorded next-morning pain 5/10 in the knee after the session of 2026-12-07; it "
        "replaces the report of 5/10 that named no region.\n"
    )
    notes = _pain_notes(_next(_on(2)))
    assert notes[0].startswith("Pain 5/10 in the knee since 2026-12-07:"), notes
    assert not any("hip" in n or "low back" in n for n in notes), notes
    again = ok(_on(1), "log", "pain-next-day", "4", "--where", "hip")
    assert "replaces" not in again.stdout
    with SessionLog(db) as log:
        rows = log._conn.execute("SELECT pain, pain_regions FROM next_day_pain").fetchall()
    assert [tuple(r) for r in rows] == [(5, "knee"), (4, "hip")]


def test_a_whole_session_report_reads_where_the_session_hurt(catalog: Catalog) -> None:
    """The walk's reading of a report with no region and no exercise (older logs hold
    them too): the regions where the session logged pain (1/10 or more), else all it
    loaded. A pain of 0 is no pain."""
    day = _on(30)

    def flagged(*rows: tuple[int, int, str, int | None, tuple[PainRegion, ...] | None]) -> set[str]:
        log = PainLog(sets=_sets(*rows), next_day=[NextDayPain(1, None, 5)])
        return {r.value for r in pain_state(log, catalog, day, RULES).flags}

    knee = (1, 0, "split-squat", 2, (KNEE,))
    assert flagged(knee, (1, 0, "romanian-deadlift", None, None)) == {"knee"}
    assert flagged((1, 0, "goblet-squat", 0, None), (1, 0, "side-plank", 1, None)) == {"hip"}
    assert flagged((1, 0, "goblet-squat", 0, None)) == {"knee", "hip"}
    assert flagged((1, 0, "goblet-squat", None, None)) == {"knee", "hip"}


def test_a_hold_after_no_score_there_does_not_say_0_of_10(catalog: Catalog) -> None:
    """The second QA pass: pain 5 logged for the hip on a split squat, then next-morning
    pain 6 for the knee: `next` said "above the 0/10 during the session" for the knee,
    where no score was logged at all. It says so; a score logged there is still quoted.
    (Next-morning pain 5 here: a 6 is a red flag, which says the knee's work stops, not
    that its loads are held.)"""
    from runstrength.log.pain_notes import notes

    day = MONDAY + dt.timedelta(days=30)
    hip_only = PainLog(
        sets=_sets((1, 0, "split-squat", 5, (HIP,))),
        next_day=[NextDayPain(1, None, 5, (KNEE,))],
    )
    state = pain_state(hip_only, catalog, day, RULES)
    assert state.holds[KNEE].during is None
    said = " ".join(notes(state, ()))
    assert "Next-morning pain 5/10 after 2026-12-07, with no pain logged there during" in said
    assert "0/10 during" not in said
    scored = PainLog(
        sets=_sets((1, 0, "split-squat", 1, None)), next_day=[NextDayPain(1, None, 3, (KNEE,))]
    )
    said = " ".join(notes(pain_state(scored, catalog, day, RULES), ()))
    assert "Next-morning pain 3/10 after 2026-12-07, above the 1/10 during the session" in said


def test_a_stand_in_that_progresses_still_says_what_it_stands_in_for(db: Path) -> None:
    """The second QA pass: under a knee red flag the trap-bar deadlift became the isometric
    hip hinge hold, and a week on the hold's own progression gave it the why "25 s, up
    5 s: every set held 20 s last time" alone: the runner was not told it was a swap."""
    flags = ("--season", "off", "--volume", "40km", "--days", "3", "--start", MONDAY.isoformat())
    ok(MONDAY, "plan", *flags, "--save", "--format", "md")
    ok(MONDAY, "log", "split-squat", "2x8@10kg", "--rir", "3", "--pain", "7", "--where", "knee")
    for day in (_on(0), _on(2), _on(4)):
        ok(day, "log", "--done")
    shown = _next(_on(7))
    hold = next(p for p in shown["exercises"] if p["id"] == "isometric-hip-hinge-hold")  # type: ignore[attr-defined]
    assert str(hold["why"]).startswith("instead of Trap bar deadlift: red flag in the knee")
    assert "up 5 s: every set held 20 s last time" in str(hold["why"])


def test_bodyweight_work_on_a_flagged_region_keeps_its_reps(db: Path, tmp_path: Path) -> None:
    """The second QA pass: under a flag the bodyweight work there went up with the plan's
    rep step, and no word. On body weight more reps are the load increase §10.3 rules out
    there: the range stays where it was, and the why says so (side-lying hip abduction
    under a hip flag: 10–12, not the plan's 12–15). Heavy lower-body work on body weight
    (the step-down) gives way to its unloading variant instead (the log-loop QA run: it
    stayed at 2 × 8–10/side under a knee flag of 5)."""
    _three_days()
    ok(_on(2), "log", "goblet-squat", "2x10@20kg", "--rir", "3", "--pain", "5", "--where", "hip")
    for day in (_on(2), _on(4), _on(7), _on(9)):
        ok(day, "log", "--done")
    flags = ("--season", "off", "--volume", "40km", "--days", "3", "--start", MONDAY.isoformat())
    fresh = {"RUNSTRENGTH_HOME": str(tmp_path), "RUNSTRENGTH_TODAY": _on(11).isoformat()}
    made = CliRunner().invoke(app, ["plan", *flags, "--format", "json"], env=fresh)
    plan = json.loads(made.stdout)  # the plan itself, with no log to adjust it
    week_2_c = next(
        s["exercises"]
        for w in plan["weeks"]
        if w["index"] == 2
        for s in w["sessions"]
        if s["label"] == "C"
    )
    planned = {p["id"]: p for p in week_2_c}
    assert planned["side-lying-hip-abduction"]["reps"] == [12, 15]  # the plan's rep step
    assert "step-down" in planned
    shown = _next(_on(11))
    exercises = {p["id"]: p for p in shown["exercises"]}  # type: ignore[attr-defined]
    abduction = exercises["side-lying-hip-abduction"]
    assert abduction["reps"] == [10, 12], abduction
    assert "10–12 reps, as last time" in str(abduction["why"])
    assert "step-down" not in exercises
    stand_in = next(p for p in exercises.values() if "instead of Step-down" in str(p["why"]))
    assert "pain 5/10 in the hip" in str(stand_in["why"])
