"""Wording shared by every human-readable renderer, so the formats say the same thing."""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterable
from functools import lru_cache

from runstrength.enums import PHASE_NAMES, LoadType, Season
from runstrength.models import SKIPPED, Plan, PlanInputs, Prescription, Session, Week
from runstrength.text import noun as noun
from runstrength.text import safe_url as safe_url
from runstrength.text import span

# `safe_url` (runstrength.text) is the one test of what may become a link: every renderer
# (markdown, ics, html, pdf) links or prints a catalog video only when it passes.

TIMES = "×"
CUE_LIMIT = 80  # characters of the short cue in a table cell


def dose_text(p: Prescription) -> str:
    """Sets and the dose of one set: '3 × 8–12', '2 × 30 s/side', '3 × 10 (30 contacts)'."""
    side = "/side" if p.per_side else ""
    if p.contacts is not None:
        per_set = f"{p.reps[0]}" if p.reps and p.reps[0] == p.reps[1] else None
        if per_set:
            return f"{p.sets} {TIMES} {per_set}{side} ({p.contacts} contacts)"
        return f"{p.contacts} contacts in {noun(p.sets, 'set')}"
    if p.seconds is not None:
        return f"{p.sets} {TIMES} {p.seconds} s{side}"
    if p.distance_m is not None:
        return f"{p.sets} {TIMES} {p.distance_m} m{side}"
    if p.reps is not None:
        return f"{p.sets} {TIMES} {span(*p.reps)}{side}"
    return noun(p.sets, "set")


# Kit that is the resistance itself: an exercise with no load to pick that needs one is
# done against the band, not against body weight (coach review, cosmetic: the Pallof press
# read "bodyweight").
BANDS = frozenset({"resistance-band", "mini-band"})


def is_band(p: Prescription) -> bool:
    """Whether a prescription with no load to pick is done against a band."""
    return p.load.type is LoadType.BODYWEIGHT and not BANDS.isdisjoint(p.equipment)


def load_text(p: Prescription) -> str:
    """The load column: '82.5 kg @ RIR 2', '70 % e1RM', 'choose: RIR 3', 'bodyweight',
    'band, RIR 3'."""
    rir = f"RIR {p.target_rir}" if p.target_rir is not None else ""
    load = p.load
    if load.type is LoadType.ABSOLUTE and load.value is not None:
        text = f"{load.value:g} {load.unit or ''}".strip()
        return f"{text} @ {rir}" if rir else text
    if load.type is LoadType.PERCENT_E1RM and load.value is not None:
        text = f"{load.value:g} % e1RM"
        return f"{text} @ {rir}" if rir else text
    if load.type is LoadType.CHOOSE:
        return f"choose: {rir}" if rir else "choose"
    word = "band" if is_band(p) else "bodyweight"
    return f"{word}, {rir}" if rir else word


def rest_text(seconds: int) -> str:
    """'90 s', '2 min', '2.5 min'."""
    if seconds < 120:
        return f"{seconds} s"
    minutes = seconds / 60
    return f"{minutes:g} min"


def week_title(week: Week) -> str:
    """'Week 4 · Anatomical adaptation (AA) · deload'."""
    title = f"Week {week.index} · {PHASE_NAMES[week.phase]} ({week.phase.value})"
    return f"{title} · deload" if week.deload else title


# strftime's %a: Python leaves LC_TIME at the C locale, whatever the runner's language
_WEEKDAY_ABBR = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")


def session_title(session: Session, *, approx: str = "~") -> str:
    """'Session C · Fri 2026-12-11 · light · ~22 min' (the parts that are known); `approx`
    is the sign before the minutes (Markdown's title writes it escaped)."""
    parts = [f"Session {session.label}"]
    if session.date is not None:
        day = session.date  # strftime("%a %Y-%m-%d"), five times cheaper (every session)
        parts.append(f"{_WEEKDAY_ABBR[day.weekday()]} {day.isoformat()}")
    elif session.weekday is not None:
        parts.append(session.weekday.value.capitalize())
    state = "done" if session.done else "missed" if session.missed else None
    kind = easier_kind(session) or ("heavy" if session.heavy_lower_body else None)
    parts += [text for text in (state, kind) if text]
    if session.minutes is not None:
        parts.append(f"{approx}{session.minutes} min")
    return " · ".join(parts)


def session_short(session: Session) -> str:
    """'A Mon 12-07' (or 'A Mon' undated) for an overview of the weeks."""
    if session.date is not None:
        return f"{session.label} {session.date:%a %m-%d}"
    if session.weekday is not None:
        return f"{session.label} {session.weekday.value.capitalize()}"
    return session.label


def easier_kind(session: Session) -> str | None:
    """'race primer' or 'light' for a session easier than the week's usual ones, else None."""
    if session.primer:
        return "race primer"
    return "light" if session.light else None


def short_cue(p: Prescription, limit: int = CUE_LIMIT) -> str:
    """The one short line shown for an exercise: what was done once it is logged, else the
    first sentence of the notes, cut to fit a table cell."""
    return _short_cue(p.notes, p.logged, limit)


def is_logged(session: Session) -> bool:
    """Whether every exercise of the session is logged, done or skipped (the plan view of a
    session done and over): its table's last column then says what was done, under the
    header `DONE_HEADER` instead of `CUE_HEADER` (new-user review C16)."""
    return bool(session.exercises) and all(p.logged for p in session.exercises)


CUE_HEADER, DONE_HEADER = "Cue", "Done"


def last_column(session: Session) -> str:
    """The header of a session table's last column: `Done` for a logged session."""
    return DONE_HEADER if is_logged(session) else CUE_HEADER


def last_cell(p: Prescription, logged_session: bool) -> str:
    """The last column's cell: under `Done` (`is_logged`), what was done, without the
    'Done:' a cue column's cell says it with; else `short_cue`."""
    if logged_session and p.logged:
        return "Skipped" if p.logged == SKIPPED else p.logged
    return short_cue(p)


@lru_cache(maxsize=2048)  # a plan repeats each exercise's notes week after week
def _short_cue(notes: str, logged: str | None, limit: int) -> str:
    if logged == SKIPPED:
        return "Skipped"
    if logged:
        return f"Done: {logged}"
    cue = notes.split(";")[0].split(". ")[0].strip()
    return cue if len(cue) <= limit else cue[: limit - 1].rstrip() + "…"


def warmup_text(session: Session) -> str | None:
    """The warm-up opening a session in one line (§10.1), None when the plan has none:
    'Warm-up: 5 min easy jog, skips, leg swings; then 2 ramp sets of Trap bar deadlift:
    5 reps light, 3 reps moderate'."""
    w = session.warmup
    if w is None:
        return None
    text = f"Warm-up: {w.minutes} min {w.general}"
    if not w.ramp:
        return text
    lift = next((p for p in session.exercises if p.id == w.ramp[0].exercise_id), None)
    choose = lift is None or lift.load.type is LoadType.CHOOSE
    sets = []
    below = math.inf  # a known load's ramp sets: each lighter than the working load and
    for r in reversed(w.ramp):  # than the set after it, once rounded (the QA run: 5 kg
        if r.effort and choose:  # at "~75 %" of a 5 kg goblet squat, or twice 5 kg)
            sets.append(f"{r.reps} reps {r.effort}")
        elif lift is not None and lift.load.type is LoadType.ABSOLUTE and lift.load.value:
            below = min(below, lift.load.value)
            value = ramp_value(lift.load.value * r.percent / 100, lift.load.unit)
            if value >= below:
                continue
            below = value
            sets.append(f"{r.reps} reps at ~{r.percent} % ({value:g} {lift.load.unit or ''})")
        else:
            sets.append(f"{r.reps} reps at ~{r.percent} % of the working load")
    if not sets:
        return text  # a load too light to ramp up to
    sets.reverse()
    ramp = "1 ramp set" if len(sets) == 1 else f"{len(sets)} ramp sets"
    return f"{text}; then {ramp} of {w.ramp[0].exercise}: {', '.join(sets)}"


# A ramp set's load is a warm-up, not a prescription: to the plate pair most gyms have.
_RAMP_STEP = {"kg": 2.5, "lb": 5.0}


def ramp_value(value: float, unit: str | None) -> float:
    """A ramp set's load, to the nearest 2.5 kg or 5 lb (never 0): 40, not 38.75.

    >>> ramp_value(38.75, "kg"), ramp_value(58.125, "kg"), ramp_value(4.0, "kg")
    (40.0, 57.5, 5.0)
    >>> ramp_value(92.5, "lb")
    95.0
    """
    step = _RAMP_STEP.get(unit or "", 0.5)
    return max(step, math.floor(value / step + 0.5) * step)  # halves up, not to even


def calibration_text(p: Prescription) -> str | None:
    """The calibration note, in words, while the load is still "choose" (§10.1)."""
    return p.calibration if p.load.type is LoadType.CHOOSE else None


def tagged_notes(p: Prescription, *, cue_shown: bool) -> list[tuple[str, str]]:
    """Everything said about one exercise beyond its dose (§10.11), as (kind, sentence):
    'cue' the notes in full (when the short cue is `cue_shown` elsewhere, only if they say
    more; once logged, what was done), 'calibration' (§10.1; not once logged), each
    'safety' note, then 'why' the log changed it (a swap for pain, a load cut: every
    format says it, as the JSON does; the second QA pass found it in three of six)."""
    return list(_tagged(p.notes, p.logged, calibration_text(p), tuple(p.safety), cue_shown, p.why))


@lru_cache(maxsize=2048)  # the same few dozen exercises, week after week
def _tagged(
    notes: str,
    logged: str | None,
    calibration: str | None,
    safety: tuple[str, ...],
    cue_shown: bool,
    why: str | None = None,
) -> tuple[tuple[str, str], ...]:
    lines: list[tuple[str, str]] = []
    cue = _short_cue(notes, logged, CUE_LIMIT)
    notes = notes.strip()
    if logged:
        if not cue_shown:
            lines.append(("cue", cue))
    elif notes and not (cue_shown and notes == cue):
        lines.append(("cue", notes))
    if calibration and not logged:  # how to pick a load is moot once it was lifted
        lines.append(("calibration", calibration))
    lines += [("safety", f"Safety: {note}") for note in safety]
    said = [(kind, text if text[-1] in ".!?" else f"{text}.") for kind, text in lines]
    return (*said, *([("why", f"why: {why}")] if why else []))


def exercise_notes(p: Prescription, *, cue_shown: bool) -> list[str]:
    """The sentences of `tagged_notes`, without their kinds."""
    return [text for _, text in tagged_notes(p, cue_shown=cue_shown)]


def race_text(i: PlanInputs) -> str | None:
    """'2027-04-11 half': the race a plan leads to, None without one."""
    if i.race_date is None:
        return None
    distance = i.race_distance.value if i.race_distance else ""
    return f"{i.race_date.isoformat()} {distance}".strip()


def is_race_build(i: PlanInputs) -> bool:
    """A race plan out of season: plan JSON records its season as `off`, but its phases
    are the race build's, so a page says the race rather than "off"."""
    return i.race_date is not None and i.season is Season.OFF


def inputs_summary(plan: Plan) -> list[tuple[str, str]]:
    """The plan's inputs as (label, value) rows for a cover block."""
    i = plan.inputs
    phases = ", ".join(
        dict.fromkeys(f"{PHASE_NAMES[w.phase]} ({w.phase.value})" for w in plan.weeks)
    )
    # A race build: the Phases and Race rows say what it is, a "Season off" only misleads
    # (the coach review: a taper-only plan headed "Season off").
    rows = [
        *([] if is_race_build(i) else [("Season", i.season.value)]),
        ("Phases", phases),
        (
            "Weekly running",
            f"{i.weekly_volume:g} {i.unit.value} (band {i.volume_band.value}"
            + (f", {i.weekly_volume_km:g} km)" if i.unit.value != "km" else ")"),
        ),
        ("Strength days", str(i.days)),
        ("Weeks", str(i.weeks)),
        ("Level", i.level.value if i.level_given else f"{i.level.value} (default; set --level)"),
        ("Equipment", ", ".join(i.equipment)),
        ("Injury history", ", ".join(i.injuries) or "none"),
        ("Loads in", i.load_unit.value),
    ]
    if i.start_date is not None:
        rows.append(("Start", i.start_date.isoformat()))
    race = race_text(i)
    if race is not None:
        rows.append(("Race", race))
    if i.hard_days:
        rows.append(("Hard run days", ", ".join(d.value for d in i.hard_days)))
    if i.long_run_day is not None:
        rows.append(("Long run day", i.long_run_day.value))
    return rows


def plan_title(plan: Plan, athlete: str | None = None) -> str:
    """'Strength plan: off-season, 12 weeks, 3 days/week'; with `athlete`, 'Strength plan
    for Ana Silva: …' (a roster's printouts were told apart by file name alone)."""
    i = plan.inputs
    season = {"off": "off-season", "pre": "pre-season", "in": "in-season", "taper": "taper"}[
        i.season.value
    ]
    if i.race_date is not None:
        season = f"race {i.race_date.isoformat()}"
    n = sessions_per_week(plan)
    per = "day/week" if i.days == 1 else "days/week"
    days = f"{i.days} {per}" if n == i.days else f"{n} of {i.days} {per} (see warnings)"
    who = f" for {athlete}" if athlete else ""
    return f"Strength plan{who}: {season}, {noun(i.weeks, 'week')}, {days}"


def sessions_per_week(plan: Plan) -> int:
    """The most sessions in any non-taper week (any week when all are taper): what the
    header promises (§10.12 inv. 48)."""
    weeks = [w for w in plan.weeks if w.phase.value != "TP"] or plan.weeks
    return max((len(w.sessions) for w in weeks), default=0)


# --------------------------------------------------------------------------- small wording

NOT_SET = "–"  # an empty table cell, e.g. no tempo


def tempo_text(p: Prescription) -> str:
    """'3-1-1-0', or a dash when the exercise has no set tempo."""
    return p.tempo or NOT_SET


def week_note(week: Week, race: bool) -> str | None:
    """One line under a week's heading, else None: a deload week is lighter on purpose;
    a week with no session says why (`race`: the plan builds to a race), where its
    heading stood alone over nothing (the roster QA run: every race build's last week)."""
    if not week.sessions:
        if race:
            return (
                "No strength sessions this week: the race is too close. Keep the runs "
                "easy and race well."
            )
        return "No strength sessions this week: no day fits the spacing rules (see the warnings)."
    if not week.deload:
        return None
    return (
        "Deload week: fewer sets and jumps, easier efforts. It is lighter on purpose, "
        "so recover and don't add extra work."
    )


def legend(plan: Plan) -> list[tuple[str, str]]:
    """(term, meaning) rows for the shorthand the plan's tables actually use."""
    exercises = [p for _, s in plan.sessions() for p in s.exercises]
    rows: list[tuple[str, str]] = []
    if any(p.target_rir is not None for p in exercises):
        rows.append(
            (
                "RIR",
                "reps in reserve: end each set with about that many good reps left in the tank",
            )
        )
    loads = {p.load.type for p in exercises}  # one pass for the two load rows
    if LoadType.CHOOSE in loads:
        rows.append(
            (
                "choose",
                "pick your own load so each set ends at the RIR shown; no RIR: heavy but clean",
            )
        )
    if LoadType.PERCENT_E1RM in loads:
        rows.append(("% e1RM", "percent of your estimated one-rep max"))
    if any(p.tempo for p in exercises):
        rows.append(
            ("Tempo", "seconds to lower, pause, lift and pause; 3-1-1-0 is a slow 3 s lowering")
        )
    if any(p.per_side for p in exercises):
        rows.append(("/side", "do the dose on each leg or side"))
    if any(p.contacts is not None for p in exercises):
        rows.append(("contacts", "foot contacts with the ground, for the whole exercise"))
    return rows


def html_head(title: str, css: str, *, meta: tuple[str, ...] = ()) -> list[str]:
    """The lines of a self-contained HTML page up to and including `<body>`.

    `meta` holds extra `<meta>` lines, written after the viewport one.
    """
    from html import escape

    return [
        "<!DOCTYPE html>",
        '<html lang="en">',
        "<head>",
        '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        *meta,
        f"<title>{escape(title)}</title>",
        f"<style>\n{css}</style>",
        "</head>",
        "<body>",
    ]


def date_span(dates: Iterable[dt.date | None]) -> str | None:
    """'2026-12-07 – 2027-02-25', the first and last of `dates`; one date when they are
    the same day; None when none is known.

    >>> import datetime as dt
    >>> d = dt.date(2026, 12, 7)
    >>> date_span([d, None, d + dt.timedelta(days=3)]), date_span([d, d]), date_span([None])
    ('2026-12-07 – 2026-12-10', '2026-12-07', None)
    """
    known = [d for d in dates if d is not None]
    if not known:
        return None
    first, last = min(known), max(known)
    return first.isoformat() if first == last else f"{first.isoformat()} – {last.isoformat()}"
