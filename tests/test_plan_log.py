"""`plan --save`, `--max`, the saved profile, and plans that show what the log holds."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from runstrength.cli import app, console, output

runner = CliRunner()
START = "2026-12-07"


@pytest.fixture(autouse=True)
def _today(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("RUNSTRENGTH_TODAY", "2026-12-07")


def ok(*args: str) -> str:
    result = runner.invoke(app, list(args), catch_exceptions=False)
    assert result.exit_code == 0, result.stderr
    return result.stdout


def plan_json(*args: str) -> dict:  # type: ignore[type-arg]
    return json.loads(ok("plan", "--format", "json", *args))  # type: ignore[no-any-return]


def test_plain_plan_creates_no_log(_isolated_home: Path) -> None:
    ok("plan", "--season", "off")
    assert not (_isolated_home / "log.db").exists()


def test_saved_profile_is_reused_and_flags_override(_isolated_home: Path) -> None:
    result = runner.invoke(
        app, ["plan", "--days", "2", "--volume", "25mi", "--start", START, "--save"]
    )
    assert result.exit_code == 0
    assert result.stderr.startswith("Saved as your profile and active plan")
    reused = plan_json()
    assert reused["inputs"]["days"] == 2
    assert reused["inputs"]["unit"] == "mi"
    assert reused["inputs"]["start_date"] == START
    overridden = plan_json("--days", "3")
    assert overridden["inputs"]["days"] == 3
    assert overridden["inputs"]["unit"] == "mi"  # the rest still from the profile
    shown = ok("profile")
    assert "days: 2" in shown


def test_known_max_gives_absolute_loads() -> None:
    data = plan_json("--start", START, "--save", "--max", "trap-bar-deadlift=120kg")
    first = data["weeks"][0]["sessions"][0]["exercises"]
    deadlift = next(e for e in first if e["id"] == "trap-bar-deadlift")
    assert deadlift["load"]["type"] == "absolute"
    assert deadlift["load"]["unit"] == "kg"
    # Epley inverse for 10 reps at RIR 4 (§4.2), rounded down to the 5 kg novice step.
    assert deadlift["load"]["value"] == 85.0


def test_max_in_pounds_is_converted_to_the_load_unit() -> None:
    data = plan_json("--start", START, "--save", "--max", "trap-bar-deadlift=265lb")
    deadlift = next(
        e for e in data["weeks"][0]["sessions"][0]["exercises"] if e["id"] == "trap-bar-deadlift"
    )
    assert deadlift["load"]["unit"] == "kg"
    assert deadlift["load"]["value"] == 85.0  # 265 lb ≈ 120.2 kg


def test_unknown_max_exercise_is_refused() -> None:
    result = runner.invoke(app, ["plan", "--max", "trapbar-deadlift=120kg"])
    assert result.exit_code == 2
    assert result.stderr == (
        "Error: --max: unknown exercise 'trapbar-deadlift'; did you mean trap-bar-deadlift?\n"
    )


def test_logged_sessions_show_as_done_with_what_was_lifted(tmp_path: Path) -> None:
    ok("plan", "--start", START, "--save")
    ok("log", "trap-bar-deadlift", "2x10@60kg", "--rir", "4", "--date", START)
    data = plan_json()
    first = data["weeks"][0]["sessions"][0]
    assert first["done"] is True
    logged = {e["id"]: e["logged"] for e in first["exercises"]}
    assert logged["trap-bar-deadlift"] == "2×10 @ 60 kg (RIR 4)"
    md = ok("plan", "--format", "md")
    assert "### Session A · Mon 2026-12-07 · done" in md
    assert "Done: 2×10 @ 60 kg (RIR 4)" in md
    # how to pick a load is moot once it was lifted; an exercise not logged keeps it
    first_md = md.split("### Session A · Mon 2026-12-07")[1].split("### Session B")[0]
    notes = {line.split("**")[1]: line for line in first_md.splitlines() if line.startswith("- **")}
    assert "Calibration" not in notes.get("2. Trap bar deadlift", "")
    assert any("Calibration" in line for line in notes.values())
    pdf = tmp_path / "plan.pdf"
    ok("plan", "-o", str(pdf))
    from pypdf import PdfReader

    text = " ".join(page.extract_text() for page in PdfReader(pdf).pages[:3])
    assert "Done: 2×10 @ 60 kg (RIR 4)" in " ".join(text.split())


def test_a_done_session_shows_the_reps_and_rir_next_gave(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The QA run: `next` gave the split squat 3 × 10–14 (the dumbbell ladder: 10 kg is
    one step over the cap), the runner did 3×14, and the view showed "3 × 10–12" beside
    it, as if the runner had done more than prescribed. A done exercise shows the reps and
    RIR its logged sets recorded as the targets."""

    def on(day: str, *args: str) -> str:
        monkeypatch.setenv("RUNSTRENGTH_TODAY", day)
        return ok(*args)

    ok("plan", "--season", "off", "--volume", "40km", "--days", "3", "--start", START, "--save")
    for day, reps in (("2026-12-07", 10), ("2026-12-14", 12)):
        on(day, "log", "split-squat", f"2x{reps}@10kg", "--rir", "3")
        on(day, "log", "--done")
        for later in (2, 4):
            on(f"2026-12-{int(day[-2:]) + later:02d}", "log", "--done")
    shown = json.loads(on("2026-12-21", "next", "--format", "json"))
    split = next(p for p in shown["exercises"] if p["id"] == "split-squat")
    assert split["reps"] == [10, 14], split
    on("2026-12-21", "log", "split-squat", "3x14@10kg", "--rir", "3")
    on("2026-12-21", "log", "--done")
    done = plan_json()["weeks"][2]["sessions"][0]
    viewed = next(p for p in done["exercises"] if p["id"] == "split-squat")
    assert viewed["reps"] == [10, 14] and viewed["logged"] == "3×14 @ 10 kg (RIR 3)"
    assert viewed["target_rir"] == split["target_rir"]


def test_what_a_done_session_did_without_shows_as_skipped_once_its_day_is_over(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """New-user review C16: after a walk that skipped the split squat, the plan showed it
    unmarked, as if still to do. On the day more may be logged; from the next day on, what
    the session did without says "Skipped" (JSON `logged`: "skipped")."""
    ok("plan", "--start", START, "--save")
    ok("log", "trap-bar-deadlift", "2x10@60kg", "--rir", "4", "--date", START)
    same_day = {e["id"]: e["logged"] for e in plan_json()["weeks"][0]["sessions"][0]["exercises"]}
    assert same_day["split-squat"] is None
    monkeypatch.setenv("RUNSTRENGTH_TODAY", "2026-12-08")
    later = {e["id"]: e["logged"] for e in plan_json()["weeks"][0]["sessions"][0]["exercises"]}
    assert later["trap-bar-deadlift"] == "2×10 @ 60 kg (RIR 4)"
    assert {v for k, v in later.items() if k != "trap-bar-deadlift"} == {"skipped"}
    md = ok("plan", "--format", "md").split("### Session A")[1].split("### Session B")[0]
    assert "| Skipped |" in md and "Done: skipped" not in md


def test_a_logged_session_heads_its_last_column_done(monkeypatch: pytest.MonkeyPatch) -> None:
    """New-user review C16: a logged session's last column held "Done: …" under the header
    "Cue". Once every exercise is logged or skipped, the column is headed "Done" and says
    what was done; a session with exercises still to do (its day not over) and every other
    session keep their cues, in Markdown and in the terminal's table."""
    ok("plan", "--start", START, "--save")
    ok("log", "trap-bar-deadlift", "2x10@60kg", "--rir", "4", "--date", START)
    head = "| # | Exercise | Dose | Load / RIR | Rest | Tempo |"
    same_day = ok("plan", "--format", "md").split("### Session A")[1].split("### Session B")[0]
    assert f"{head} Cue |" in same_day and "| Done: 2×10 @ 60 kg (RIR 4) |" in same_day
    monkeypatch.setenv("RUNSTRENGTH_TODAY", "2026-12-08")
    md = ok("plan", "--format", "md")
    done = md.split("### Session A")[1].split("### Session B")[0]
    assert f"{head} Done |" in done and f"{head} Cue |" not in done
    assert "| 2×10 @ 60 kg (RIR 4) |" in done and "| Skipped |" in done and "Done:" not in done
    assert md.count(f"{head} Done |") == 1
    assert md.count(f"{head} Cue |") == md.count("### Session") - 1

    monkeypatch.setattr(console, "is_terminal", lambda stream: True)
    monkeypatch.setattr(output, "stdout_is_terminal", lambda: True)
    table = runner.invoke(app, ["plan", "--format", "table"], env={"COLUMNS": "160"}).stdout
    first = table.split("Session A")[1].split("Session B")[0]
    heads = [line.split() for line in first.splitlines() if line.lstrip().startswith("#")]
    assert heads and heads[0][-1] == "Done", first
    assert "2×10 @ 60 kg (RIR 4)" in first and "Done:" not in first
    later = table.split("Session B")[1]
    assert all(
        line.split()[-1] == "Cue" for line in later.splitlines() if line.lstrip().startswith("# ")
    )


def test_the_rest_of_a_session_begun_today_is_dated_today(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """New-user re-check N3: with the session moved to tomorrow, one lift of it logged
    today, `next` said "Session A · Fri 2026-12-04 … (moved 4 days later …)" above
    "Logged today: …". The rest of it is today's, and nothing has moved."""
    monkeypatch.setenv("RUNSTRENGTH_TODAY", "2026-12-03")
    ok("plan", "--season", "off", "--start", "2026-11-30", "--save")
    before = json.loads(ok("next", "--format", "json"))
    assert before["date"] > "2026-12-03"  # moved past today by the placement rules
    ok("log", "trap-bar-deadlift", "2x10@60kg", "--rir", "4")
    rest = json.loads(ok("next", "--format", "json"))
    assert (rest["label"], rest["date"]) == (before["label"], "2026-12-03")
    table = runner.invoke(app, ["next"], env={"COLUMNS": "200"}).stdout
    assert "Thu 2026-12-03" in table and "moved" not in table


def test_a_different_plan_is_not_the_logged_one() -> None:
    ok("plan", "--start", START, "--save")
    ok("log", "trap-bar-deadlift", "2x10@60kg", "--date", START)
    other = plan_json("--season", "pre")
    assert not any(s["done"] for w in other["weeks"] for s in w["sessions"])


def test_max_without_save_gives_the_same_loads_as_with_it() -> None:
    """W10: `--max` works without `--save`."""
    args = ("--start", START, "--max", "trap-bar-deadlift=120kg")
    plain = plan_json(*args)
    saved = plan_json(*args, "--save")
    assert plain["weeks"] == saved["weeks"]
    first = plain["weeks"][0]["sessions"][0]["exercises"]
    assert next(e for e in first if e["id"] == "trap-bar-deadlift")["load"]["type"] == "absolute"


@pytest.mark.parametrize("save", [False, True])
def test_a_max_for_a_lift_the_plan_does_not_hold_is_said(save: bool) -> None:
    """A --max for a lift of the catalog that no session of the plan holds set no load and
    was taken in silence (QA): the runner is told, and (with --save) that it is kept."""
    args = ["plan", "--start", START, "--max", "back-squat=100kg"]
    args += ["--max", "trap-bar-deadlift=120kg"]
    result = runner.invoke(app, args + (["--save"] if save else []), catch_exceptions=False)
    assert result.exit_code == 0, result.stderr
    kept = "; it is kept with your profile for a plan that has it" if save else ""
    assert (
        "Warning: --max back-squat: this plan has no Barbell back squat (half to parallel), "
        f"so that max sets no load{kept}" in " ".join(result.stderr.split())
    )
    assert "--max trap-bar-deadlift" not in result.stderr  # its lift is in the plan


def test_saving_the_same_plan_twice_keeps_next_where_it_was() -> None:
    """§10.7: re-saving keeps the log attached; `next` carries on."""
    ok("plan", "--start", START, "--save")
    ok("log", "--done", "--date", START)
    before = json.loads(ok("next", "--format", "json"))
    result = runner.invoke(app, ["plan", "--start", START, "--save"])
    assert result.exit_code == 0
    assert "kept it, with your log" in result.stderr
    after = json.loads(ok("next", "--format", "json"))
    assert (after["week"]["index"], after["label"]) == (before["week"]["index"], before["label"])
    assert (after["week"]["index"], after["label"]) != (1, "A")


def test_saving_a_different_plan_says_what_happens_to_the_log() -> None:
    ok("plan", "--start", START, "--save")
    ok("log", "--done", "--date", START)
    result = runner.invoke(app, ["plan", "--start", START, "--days", "2", "--save"])
    assert result.exit_code == 0
    assert (  # one session: no "(s)", and no "rest" when it all carried over
        "of the 1 session logged with the previous one, 1 now counts for it by date; "
        in result.stderr
    )


def test_the_plan_view_shows_done_sessions_on_their_day_and_swaps_as_done(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """§10.7: a session done late shows the date it was done on; a swapped exercise (here
    the kettlebell deadlift for the trap bar deadlift) shows as done. (Tuesday has no
    session: the swap alone is extra work; a lift of A logged that day makes it session A,
    done late, the swap in it.)"""
    ok("plan", "--season", "off", "--start", START, "--save")
    monkeypatch.setenv("RUNSTRENGTH_TODAY", "2026-12-08")
    ok("log", "kettlebell-deadlift", "2x10@24kg", "--rir", "3", "--date", "2026-12-08")
    assert not plan_json()["weeks"][0]["sessions"][0]["done"]
    ok("log", "split-squat", "2x8", "--rir", "3")
    data = plan_json()
    first = data["weeks"][0]["sessions"][0]
    assert first["done"] and first["date"] == "2026-12-08"
    deadlift = next(e for e in first["exercises"] if e["id"] == "trap-bar-deadlift")
    assert deadlift["logged"].startswith("Kettlebell deadlift instead: 2×10 @ 24 kg")


def test_the_plan_view_shows_a_pain_stand_in_under_the_one_exercise_it_replaced(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The QA run: a goblet squat at pain 5 (knee, hip), then `log --done`: the isometric
    calf hold stood in for the split-squat calf raise and the jump rope was left out (the
    pain gate never swaps a jump), yet the plan view read "Isometric calf hold instead"
    under both. It shows under the calf raise; the jump rope, done before the squat hurt
    (jumps come first), is recorded and shown as done."""
    ok("plan", "--season", "off", "--days", "3", "--start", START, "--save")
    ok("log", "--done", "--date", START)
    monkeypatch.setenv("RUNSTRENGTH_TODAY", "2026-12-09")
    ok("log", "goblet-squat", "2x10@20kg", "--rir", "3", "--pain", "5")
    ok("log", "--done")
    monkeypatch.setenv("RUNSTRENGTH_TODAY", "2026-12-10")
    second = plan_json()["weeks"][0]["sessions"][1]
    logged = {e["id"]: e["logged"] for e in second["exercises"]}
    holds = [i for i, text in logged.items() if text and text.startswith("Isometric calf hold")]
    assert holds == ["split-squat-calf-raise"], logged
    assert logged["jump-rope"] == "3×12c", logged


def test_next_shows_the_warm_up_with_ramp_loads_rest_and_tempo() -> None:
    """The coach review's K7: `next`, the screen at the rack, showed exercise, dose, load
    and why only. It now opens with the warm-up (its ramp sets in kilos once the lift has a
    load, to the 2.5 kg plate pair) and gives each exercise's rest and tempo."""
    ok("plan", "--start", START, "--save", "--max", "trap-bar-deadlift=120kg")
    result = runner.invoke(app, ["next"], env={"COLUMNS": "200"}, catch_exceptions=False)
    data = json.loads(ok("next", "--format", "json"))
    lift = next(e for e in data["exercises"] if e["id"] == data["warmup"]["ramp"][0]["exercise_id"])
    assert lift["load"]["type"] == "absolute"
    half = lift["load"]["value"] / 2
    plate = int(half / 2.5 + 0.5) * 2.5
    ramp = f"then 2 ramp sets of {lift['name']}: 5 reps at ~50 % ({plate:g} kg)"
    assert f"Warm-up: 5 min easy jog, skips, leg swings; {ramp}" in result.stdout
    header = next(line for line in result.stdout.splitlines() if line.startswith("Exercise"))
    assert header.split() == ["Exercise", "Dose", "Load", "Rest", "Tempo", "Why"]
    assert lift["tempo"] and lift["tempo"] in result.stdout


def test_a_saved_race_that_is_past_says_how_to_plan_on(monkeypatch: pytest.MonkeyPatch) -> None:
    """The QA run: after the race, `next` says to make the next plan with `plan --save`,
    which failed with "--race-date 2027-03-14 is not in the future" and no way on."""
    ok("plan", "--race-date", "2027-03-14", "--race-distance", "half", "--save")
    monkeypatch.setenv("RUNSTRENGTH_TODAY", "2027-03-16")
    result = runner.invoke(app, ["plan", "--save"])
    assert result.exit_code == 2
    assert result.stderr == (
        "Error: your saved race (2027-03-14 half) is past: give --race-date and "
        "--race-distance for the next one, or `runstrength profile set race-date none` and "
        "`runstrength profile set race-distance none` for a plan without a race\n"
    )
    given = runner.invoke(app, ["plan", "--race-date", "2027-03-10", "--race-distance", "10k"])
    assert given.stderr == "Error: --race-date 2027-03-10 is not in the future\n"  # as before


def test_saving_a_plan_wholly_in_the_past_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    """The QA run, after the race: with the race cleared, `plan --season in --save` took
    the saved --start of months ago, saved a plan that was over before it began (every
    session past, done or missed) and `next` said "complete" again."""
    ok("plan", "--season", "off", "--start", "2026-12-07", "--save")
    monkeypatch.setenv("RUNSTRENGTH_TODAY", "2027-03-16")  # a Tuesday, long after the plan
    result = runner.invoke(app, ["plan", "--season", "in", "--save"])
    assert result.exit_code == 2
    assert result.stderr == (
        "Error: your saved start 2026-12-07 puts this plan wholly in the past (its last "
        "session is on 2027-01-28): give --start for the new one, e.g. --start 2027-03-22\n"
    )
    fresh = runner.invoke(app, ["plan", "--season", "in", "--start", "2027-03-22", "--save"])
    assert fresh.exit_code == 0, fresh.stderr
    assert runner.invoke(app, ["plan", "--season", "in"]).exit_code == 0  # a look is fine


@pytest.mark.parametrize("how", ["profile set", "plan flag"])
def test_a_change_of_load_unit_converts_the_saved_maxes(how: str) -> None:
    """This session's second QA pass (repro 1, DANGEROUS): a profile max of 265 lb became
    265 kg after `profile set load-unit kg` (or `plan --load-unit kg --save`), and `next`
    asked 187.5 kg where it had asked 185 lb. The maxes are converted: 265 lb is 120.2 kg,
    and the lift comes back at the same weight in kilos."""
    ok("plan", "--season", "off", "--start", START, "--load-unit", "lb",
       "--max", "trap-bar-deadlift=265lb", "--save")  # fmt: skip
    assert "185 lb @ RIR 4" in ok("next")
    if how == "profile set":
        ok("profile", "set", "load-unit", "kg")
        ok("plan", "--save")
    else:
        ok("plan", "--load-unit", "kg", "--save")
    assert "max trap-bar-deadlift: 120.2 kg (profile)" in ok("profile")
    assert "85 kg @ RIR 4" in ok("next")  # 185 lb is 83.9 kg: the same lift, to the plates
    ok("profile", "set", "load-unit", "lb")
    assert "max trap-bar-deadlift: 265 lb (profile)" in ok("profile")  # and back


@pytest.mark.parametrize(
    ("values", "error"),
    [
        (["trap-bar-deadlift=0.001kg"], "Error: --max: a max of 0.001 kg is not plausible "
         "(at least 1 kg)\n"),
        (["trap-bar-deadlift=1lb"], "Error: --max: a max of 1 lb is not plausible "
         "(at least 2 lb)\n"),
        (["trap-bar-deadlift=130kg", "trap-bar-deadlift=265lb"],
         "Error: --max trap-bar-deadlift: given twice (130kg and 265lb); give it once\n"),
    ],
)  # fmt: skip
def test_a_max_too_light_or_given_twice_is_refused(values: list[str], error: str) -> None:
    """The outputs QA run: 0.001kg gave "0 kg" loads, and of two values for one lift the
    last won in silence."""
    args = ["plan", "--start", START]
    for value in values:
        args += ["--max", value]
    result = runner.invoke(app, args)
    assert (result.exit_code, result.stderr) == (2, error)


@pytest.mark.parametrize(
    ("args", "error"),
    [
        (["plan", "--start", START, "--max", "trap-bar-deadlift=1000kg"],
         "Error: --max: a max of 1000 kg is not plausible (at most 600 kg, above any "
         "lift's world record)\n"),
        (["plan", "--start", START, "--max", "back-squat=1400lb"],
         "Error: --max: a max of 1400 lb is not plausible (at most 1320 lb, above any "
         "lift's world record)\n"),
        (["profile", "set", "max", "trap-bar-deadlift=650kg"],
         "Error: profile set max: a max of 650 kg is not plausible (at most 600 kg, above "
         "any lift's world record)\n"),
    ],
)  # fmt: skip
def test_a_max_above_any_world_record_is_refused(
    _isolated_home: Path, args: list[str], error: str
) -> None:
    """The log-loop QA pass: `--max trap-bar-deadlift=1000kg` was taken (the load parser's
    bound, 1,000 kg, is no bound for a max): a max heavier than the heaviest raw squat or
    deadlift ever lifted is a typo (rules.yaml `known_max`), refused in one line."""
    if args[0] == "profile":
        ok("plan", "--start", START, "--save")
    before = ok("profile") if args[0] == "profile" else None
    result = runner.invoke(app, args)
    assert (result.exit_code, result.stdout, result.stderr) == (2, "", error)
    if before is not None:
        assert ok("profile") == before  # nothing saved


def test_a_max_up_to_the_bound_is_taken() -> None:
    for value in ("trap-bar-deadlift=600kg", "trap-bar-deadlift=1320lb"):
        result = runner.invoke(app, ["plan", "--start", START, "--max", value])
        assert result.exit_code == 0, result.stderr


def test_a_max_for_a_body_weight_exercise_is_said() -> None:
    """The outputs QA run: `--max pogos=100kg` was taken in silence."""
    result = runner.invoke(app, ["plan", "--start", START, "--max", "pogos=100kg"])
    assert result.exit_code == 0, result.stderr
    assert (
        "Warning: --max pogos: this plan has Pogos on body weight only, so that max sets no load"
        in " ".join(result.stderr.split())
    )


# --------------------------------------------------------------------------- extra work


def _on(day: str, *args: str) -> str:
    result = runner.invoke(app, list(args), env={"RUNSTRENGTH_TODAY": day})
    assert result.exit_code == 0, (result.stdout, result.stderr)
    return result.stdout


def _week_one_a_done() -> None:
    """A saved 3-day plan (A Mon 12-07, B Wed 12-09, C Fri 12-11), A logged on its day."""
    ok("plan", "--season", "off", "--days", "3", "--start", START, "--save", "--format", "md")
    ok("log", "--done")


def test_an_extra_exercise_on_a_day_without_a_session_leaves_the_session_to_do() -> None:
    """The log-loop QA pass: a calf raise logged on Tuesday, a day without a session,
    became Wednesday's session B: `next` went on to C the next day, and the plan view
    showed B done, every exercise of it "Skipped". An exercise the next session does not
    hold, on a day no session is planned or moved to, is an extra session: kept in the
    log, and the plan goes on as before."""
    _week_one_a_done()
    logged = _on("2026-12-08", "log", "double-calf-raise", "3x15")
    assert (
        logged
        == "Logged double-calf-raise: 3×15\nSession #2 2026-12-08\n  double-calf-raise: 3×15\n"
    )
    for day in ("2026-12-08", "2026-12-09"):
        shown = _on(day, "next")
        assert "Session B · Wed 2026-12-09" in shown, shown
        assert "Logged today" not in shown
    view = _on("2026-12-09", "plan", "--format", "md")
    assert "### Session B · Wed 2026-12-09 · \\~" in view, view
    assert "Skipped" not in view
    listed = _on("2026-12-09", "log", "list")
    assert "#2 2026-12-08\n  double-calf-raise: 3×15\n" in listed  # nothing lost


def test_a_lift_of_the_next_session_on_another_day_starts_that_session() -> None:
    """The rule the fix keeps: a lift of the next session logged on another day is that
    session done early (`next` shows the rest of it, `log --done` records the rest)."""
    _week_one_a_done()
    logged = _on("2026-12-08", "log", "goblet-squat", "2x10@16kg")
    assert "Session #2 2026-12-08 · week 1 B\n" in logged
    assert "Logged today: Goblet squat" in _on("2026-12-08", "next")
    done = _on("2026-12-08", "log", "--done")
    assert done.startswith("Completed week 1 session B")
    assert "Session C · Fri 2026-12-11" in _on("2026-12-09", "next")


def test_an_extra_exercise_joins_the_session_done_later_that_day() -> None:
    """The extra first, the session after it on the same day: one session, the plan's."""
    _week_one_a_done()
    _on("2026-12-08", "log", "double-calf-raise", "3x15")
    done = _on("2026-12-08", "log", "--done")
    assert done.startswith(
        "Logged week 1 session B as prescribed.\nSession #2 2026-12-08 · week 1 B\n"
    )
    assert "  double-calf-raise: 3×15\n" in done
    _on("2026-12-08", "log", "double-calf-raise", "1x15")  # more of it: the same session
    assert _on("2026-12-09", "log", "list").count("#") == 2
    assert "Session C · Fri 2026-12-11" in _on("2026-12-09", "next")
