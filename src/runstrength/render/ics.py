"""ICS: one calendar event per session (all-day, or timed in a named zone), plus race day.

Every identifier and timestamp comes from the plan, never from the clock, so the same plan
gives byte-identical output and importing it again updates the events instead of adding
copies. icalendar is imported inside `render` (docs/architecture.md, "Start-up").
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from typing import TYPE_CHECKING, NamedTuple

from runstrength.enums import PHASE_NAMES
from runstrength.errors import RenderError
from runstrength.models import Plan, Session, Week
from runstrength.render.common import (
    dose_text,
    easier_kind,
    exercise_notes,
    load_text,
    plan_title,
    rest_text,
    safe_url,
    session_title,
    warmup_text,
    week_title,
)

if TYPE_CHECKING:
    from icalendar import Event

    from runstrength.render import RenderOptions

PRODID = "-//runstrength//EN"
NO_DATES = "ICS needs dates: give --start or --race-date"


def render(plan: Plan, options: RenderOptions) -> str:
    """The plan as an iCalendar file (CRLF line endings, as RFC 5545 asks)."""
    from icalendar import Calendar, vText

    sessions = plan.sessions()
    dates = [s.date for _, s in sessions if s.date is not None]
    race = plan.inputs.race_date
    if len(dates) < len(sessions) or not (dates or race):
        raise RenderError(NO_DATES)
    zone = _zone(options.tz) if options.time is not None else None
    first = min([*dates, *([race] if race else [])])
    # Defaults left out and keys sorted: a field added to the inputs later (with a default)
    # must not change every UID, or re-importing would duplicate the events.
    seed = json.dumps(plan.inputs.model_dump(mode="json", exclude_defaults=True), sort_keys=True)
    if options.athlete:  # two athletes alike in inputs: their events must not replace
        seed += f"\nathlete: {options.athlete}"  # each other in one calendar (QA)
    events = _Events(seed, dt.datetime.combine(first, dt.time(0, 0), tzinfo=dt.UTC))
    title = plan_title(plan, options.athlete)
    # whose each event is, once a coach merges several runners' calendars into one (QA)
    who = f"{options.athlete}: " if options.athlete else ""

    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    # an X- property is TEXT (RFC 5545 3.8.8.2): vText escapes its commas and semicolons
    cal.add("x-wr-calname", vText(title))
    about = "\n".join(["", *_warnings(plan)]) if plan.warnings else ""
    cal.add("x-wr-caldesc", vText(f"{plan.disclaimer}\n{about}".rstrip()))
    for week, session in sessions:
        assert session.date is not None  # checked above
        start, end = _when(session.date, options, zone)
        text = description(plan, week, session, title)
        key = f"w{week.index}s{session.index}"
        cal.add_component(events.event(key, start, end, who + summary(week, session), text))
    if race is not None:
        distance = plan.inputs.race_distance
        what = who + (f"Race day: {distance.value}" if distance else "Race day")
        cal.add_component(events.event("race", *_when(race, options, None), what, title))
    if zone is not None:
        # The rules of the plan's years only, not icalendar's default 1970-2038: a short
        # VTIMEZONE that still covers an event moved by hand to later in the same year.
        last = max([*dates, first])
        cal.add_missing_timezones(
            first_date=dt.date(first.year, 1, 1), last_date=dt.date(last.year + 1, 1, 1)
        )
    data: bytes = cal.to_ical()
    return data.decode("utf-8")


Moment = dt.date | dt.datetime


def _when(day: dt.date, options: RenderOptions, zone: dt.tzinfo | None) -> tuple[Moment, Moment]:
    """An event's start and end: at the options' time in `zone`, or all day without one."""
    if options.time is not None and zone is not None:
        start = dt.datetime.combine(day, options.time, tzinfo=zone)
        return start, start + dt.timedelta(minutes=options.duration_min)
    return day, day + dt.timedelta(days=1)


class _Events(NamedTuple):
    """What every event of one plan shares: the seed of its UIDs and its DTSTAMP."""

    seed: str
    stamp: dt.datetime

    def event(self, key: str, start: Moment, end: Moment, title: str, text: str) -> Event:
        from icalendar import Event

        event = Event()
        event.add("uid", uid(self.seed, key))
        event.add("dtstamp", self.stamp)
        event.add("dtstart", start)
        event.add("dtend", end)
        if not isinstance(start, dt.datetime):
            event.add("transp", "TRANSPARENT")  # an all-day reminder, not a busy day
        event.add("summary", title)
        event.add("description", text)
        return event


def uid(seed: str, key: str) -> str:
    """A UID stable for the same plan inputs and event key, so a re-import updates."""
    digest = hashlib.sha1(f"{seed}\n{key}".encode(), usedforsecurity=False).hexdigest()
    return f"{digest[:32]}@runstrength"


def summary(week: Week, session: Session) -> str:
    """'Strength A — Max strength, week 3', with '(deload)', '(light)' and the like."""
    text = f"Strength {session.label} — {PHASE_NAMES[week.phase]}, week {week.index}"
    notes = [text for text in ("deload" if week.deload else None, easier_kind(session)) if text]
    return f"{text} ({', '.join(notes)})" if notes else text


def description(plan: Plan, week: Week, session: Session, title: str) -> str:
    """The session's exercises with their doses, cues and video links; `title` is the
    plan's (`plan_title`, with the runner's name when given)."""
    lines = [week_title(week), session_title(session), ""]
    warmup = warmup_text(session)
    if warmup:
        lines += [warmup, ""]
    for n, p in enumerate(session.exercises, start=1):
        parts = [dose_text(p), load_text(p), f"rest {rest_text(p.rest_seconds)}"]
        if p.tempo:
            parts.append(f"tempo {p.tempo}")
        lines.append(f"{n}. {p.name}: {', '.join(parts)}")
        lines += [f"   {text}" for text in exercise_notes(p, cue_shown=False)]
        url = safe_url(p.video)
        if url:
            lines.append(f"   {url}")
    # Every rendered plan carries the disclaimer (method §5.4, §7 inv. 29), and the plan's
    # warnings, which its title may point to ("2 of 3 days/week (see warnings)").
    lines += ["", title, *_warnings(plan), "", plan.disclaimer]
    return "\n".join(lines)


def _warnings(plan: Plan) -> list[str]:
    return ["Warnings:", *(f"- {w}" for w in plan.warnings)] if plan.warnings else []


def _zone(name: str | None) -> dt.tzinfo:
    import zoneinfo

    if not name:
        raise RenderError("timed ICS events need a time zone (an IANA name such as Europe/London)")
    try:
        return zoneinfo.ZoneInfo(name)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        raise RenderError(
            f"unknown time zone {name!r}: use an IANA name such as Europe/London"
        ) from None
