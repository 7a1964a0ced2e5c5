"""ICS output: golden file, round trip through icalendar, zones, stable UIDs, clear errors."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
import zoneinfo
from pathlib import Path

import pytest
from icalendar import Calendar, Component

from conftest import check_golden
from runstrength.enums import Format, RaceDistance
from runstrength.errors import RenderError
from runstrength.models import Plan
from runstrength.render import RenderOptions, render
from runstrength.render.ics import NO_DATES

from sample_plan import sample_plan

TESTS = Path(__file__).parent


def ics(plan: Plan, **options: object) -> str:
    out = render(plan, Format.ICS, RenderOptions(**options))  # type: ignore[arg-type]
    assert isinstance(out, str)
    return out


def raced(plan: Plan) -> Plan:
    inputs = plan.inputs.model_copy(
        update={"race_date": dt.date(2027, 3, 28), "race_distance": RaceDistance.HALF}
    )
    return plan.model_copy(update={"inputs": inputs})


def events(text: str) -> list[Component]:
    return list(Calendar.from_ical(text).walk("VEVENT"))


def test_ics_matches_golden(update_golden: bool) -> None:
    text = ics(sample_plan())
    check_golden("sample.ics", text.replace("\r\n", "\n"), update_golden)


def test_ics_lines_end_in_crlf() -> None:
    text = ics(sample_plan())
    assert text.endswith("\r\n")
    assert text.count("\n") == text.count("\r\n")


def test_the_same_plan_gives_byte_identical_ics() -> None:
    assert ics(sample_plan()) == ics(sample_plan())


def test_calendar_header() -> None:
    cal = Calendar.from_ical(ics(sample_plan()))
    assert str(cal["PRODID"]) == "-//runstrength//EN"
    assert str(cal["VERSION"]) == "2.0"


def test_round_trip_has_one_event_per_session_on_its_date() -> None:
    plan = sample_plan()
    found = events(ics(plan))
    sessions = plan.sessions()
    assert len(found) == len(sessions)
    for event, (week, session) in zip(found, sessions, strict=True):
        start = event.decoded("DTSTART")
        assert type(start) is dt.date
        assert start == session.date
        assert event.decoded("DTEND") == session.date + dt.timedelta(days=1)
        assert f"week {week.index}" in str(event["SUMMARY"])
        assert str(event["SUMMARY"]).startswith(f"Strength {session.label} — ")
        for p in session.exercises:
            assert p.name in str(event["DESCRIPTION"])
    assert len({str(e["UID"]) for e in found}) == len(found)


def test_summary_names_phase_week_and_deload() -> None:
    summaries = [str(e["SUMMARY"]) for e in events(ics(sample_plan()))]
    assert summaries[0] == "Strength A — Anatomical adaptation, week 1"
    assert summaries[2] == "Strength A — Anatomical adaptation, week 2 (deload)"


def test_a_named_plans_events_name_the_runner() -> None:
    """A coach imports several runners' calendars into one: each event says whose it is
    (QA: only the calendar's name did, and a merged calendar drops that)."""
    found = events(ics(raced(sample_plan()), athlete="Ana Silva"))
    summaries = [str(e["SUMMARY"]) for e in found]
    assert summaries[0] == "Ana Silva: Strength A — Anatomical adaptation, week 1"
    assert summaries[-1] == "Ana Silva: Race day: half"
    assert all(s.startswith("Ana Silva: ") for s in summaries)


def test_description_lists_doses_and_loads() -> None:
    description = str(events(ics(sample_plan()))[0]["DESCRIPTION"])
    assert "1. Pogos: 3 × 10 (30 contacts), bodyweight, rest 60 s" in description
    assert "2. Trap bar deadlift: 2 × 8–12, choose: RIR 3, rest 90 s, tempo 3-1-1-0" in description


def test_race_day_adds_one_all_day_event() -> None:
    plan = raced(sample_plan())
    found = events(ics(plan))
    assert len(found) == len(plan.sessions()) + 1
    race = found[-1]
    assert race.decoded("DTSTART") == dt.date(2027, 3, 28)
    assert race.decoded("DTEND") == dt.date(2027, 3, 29)
    assert str(race["SUMMARY"]) == "Race day: half"


def test_dtstamp_and_uids_come_from_the_plan_not_the_clock() -> None:
    found = events(ics(sample_plan()))
    stamps = {e.decoded("DTSTAMP") for e in found}
    assert stamps == {dt.datetime(2026, 12, 7, tzinfo=dt.UTC)}
    assert all(str(e["UID"]).endswith("@runstrength") for e in found)


def test_uids_survive_a_changed_dose_but_not_changed_inputs() -> None:
    plan = sample_plan()
    uids = [str(e["UID"]) for e in events(ics(plan))]

    week = plan.weeks[0]
    session = week.sessions[0]
    heavier = session.exercises[1].model_copy(update={"sets": 4})
    changed_session = session.model_copy(
        update={"exercises": [session.exercises[0], heavier, *session.exercises[2:]]}
    )
    changed_week = week.model_copy(update={"sessions": [changed_session, *week.sessions[1:]]})
    reloaded = plan.model_copy(update={"weeks": [changed_week, *plan.weeks[1:]]})
    assert [str(e["UID"]) for e in events(ics(reloaded))] == uids

    moved = sample_plan().model_copy(
        update={"inputs": plan.inputs.model_copy(update={"weekly_volume": 30.0})}
    )
    assert not set(uids) & {str(e["UID"]) for e in events(ics(moved))}


@pytest.mark.parametrize("zone", ["Pacific/Auckland", "America/Los_Angeles"])
def test_all_day_events_keep_their_date_in_any_machine_zone(zone: str) -> None:
    script = (
        "import sys\n"
        "from sample_plan import sample_plan\n"
        "from runstrength.enums import Format\n"
        "from runstrength.render import render\n"
        "sys.stdout.buffer.write(render(sample_plan(), Format.ICS).encode())\n"
    )
    env = {**os.environ, "TZ": zone, "PYTHONPATH": str(TESTS)}
    result = subprocess.run(
        [sys.executable, "-c", script], env=env, capture_output=True, check=True
    )
    text = result.stdout.decode()
    assert text == ics(sample_plan())
    dates = [e.decoded("DTSTART") for e in events(text)]
    assert dates == [s.date for _, s in sample_plan().sessions()]


def test_timed_events_carry_tzid_and_a_vtimezone() -> None:
    plan = raced(sample_plan())
    text = ics(plan, time=dt.time(18, 30), duration_min=45, tz="Europe/London")
    cal = Calendar.from_ical(text)
    zones = list(cal.walk("VTIMEZONE"))
    assert [str(z["TZID"]) for z in zones] == ["Europe/London"]
    assert "DTSTART;TZID=Europe/London:20261207T183000\r\n" in text

    london = zoneinfo.ZoneInfo("Europe/London")
    found = list(cal.walk("VEVENT"))
    sessions = plan.sessions()
    assert len(found) == len(sessions) + 1
    for event, (_, session) in zip(found, sessions, strict=False):
        start = event.decoded("DTSTART")
        assert session.date is not None
        assert start.replace(tzinfo=None) == dt.datetime.combine(session.date, dt.time(18, 30))
        assert (
            start.utcoffset()
            == dt.datetime.combine(session.date, dt.time(18, 30), tzinfo=london).utcoffset()
        )
        assert event["DTSTART"].params["TZID"] == "Europe/London"
        assert event.decoded("DTEND") - start == dt.timedelta(minutes=45)
    # the race stays an all-day event
    assert type(found[-1].decoded("DTSTART")) is dt.date


def test_timed_events_across_a_dst_change_keep_the_wall_clock_time() -> None:
    plan = sample_plan()
    weeks = [
        w.model_copy(
            update={
                "sessions": [
                    s.model_copy(update={"date": dt.date(2027, 3, 10) + dt.timedelta(days=7 * i)})
                    for i, s in enumerate(w.sessions)
                ]
            }
        )
        for w in plan.weeks
    ]
    plan = plan.model_copy(update={"weeks": weeks})
    text = ics(plan, time=dt.time(7, 0), tz="America/New_York")
    for event in events(text):
        start = event.decoded("DTSTART")
        assert (start.hour, start.minute) == (7, 0)
    assert "BEGIN:DAYLIGHT" in text


def test_an_undated_plan_is_a_clear_error() -> None:
    with pytest.raises(RenderError) as caught:
        ics(sample_plan(dated=False))
    assert str(caught.value) == NO_DATES == "ICS needs dates: give --start or --race-date"
    assert caught.value.exit_code == 2


def test_timed_events_need_a_known_zone() -> None:
    with pytest.raises(RenderError, match="time zone"):
        ics(sample_plan(), time=dt.time(18, 30))
    with pytest.raises(RenderError, match="unknown time zone 'Mars/Olympus_Mons'"):
        ics(sample_plan(), time=dt.time(18, 30), tz="Mars/Olympus_Mons")


def test_the_plans_warnings_are_in_the_calendar() -> None:
    """The second QA pass: every event ended "… 2 of 3 days/week (see warnings)", and no
    warning was anywhere in the file. The calendar's description and every event's carry
    them; the calendar description is TEXT, its commas and semicolons escaped."""
    said = ["2 strength sessions a week, not the 3 asked: taper and race rules", "Pain, held"]
    plan = sample_plan().model_copy(update={"warnings": said})
    text = ics(plan)
    cal = Calendar.from_ical(text)
    about = str(cal["X-WR-CALDESC"]).replace("\\,", ",").replace("\\n", "\n")
    assert about.endswith("\n\nWarnings:\n- " + "\n- ".join(said))
    for event in events(text):
        assert all(f"- {w}" in str(event["DESCRIPTION"]) for w in said)
    unfolded = text.replace("\r\n ", "")
    caldesc = next(line for line in unfolded.split("\r\n") if line.startswith("X-WR-CALDESC"))
    assert "Pain\\, held" in caldesc and ", " not in caldesc.replace("\\, ", "")
    # a plan without warnings says nothing of them
    assert "Warnings" not in ics(sample_plan())
