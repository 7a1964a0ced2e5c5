"""The PDF's content as page blocks: the cover (title, inputs, read-first box, how to use
the cards, key, overview table) and each week's heading and session cards. Private to
render.pdf."""

from __future__ import annotations

from runstrength.enums import PHASE_NAMES
from runstrength.models import Plan, Prescription, Week
from runstrength.render._pdf_blocks import (
    _Block,
    _Box,
    _Gap,
    _Grid,
    _Group,
    _Text,
)
from runstrength.render._pdf_card import _Card
from runstrength.render._pdf_layout import (
    _BODY,
    _BOLD,
    _DOC_TITLE,
    _H2,
    _LABEL,
    _SUB,
    _WEEK,
    _WEEK_SUB,
    CARD_GAP,
    MM,
    WARN_FILL,
    WARN_LINE,
    _Runs,
    _Style,
)
from runstrength.render._pdf_rows import _Row, _row
from runstrength.render.common import (
    date_span,
    inputs_summary,
    legend,
    noun,
    session_short,
    session_title,
    warmup_text,
    week_note,
    week_title,
)


def date_range(plan: Plan) -> str | None:
    """'2026-12-07 – 2027-02-25': the first and last session dates, or None if undated."""
    return date_span(s.date for _, s in plan.sessions())


# How to fill in a card, one bullet each (the cover's 'Using the cards').
_USING: list[_Runs] = [
    [
        (
            "Each session is a card: print it, take it to the gym, and write in each set "
            "box what you did: ",
            _BODY,
        ),
        ("reps × load", _BOLD),
        (
            "where the box shows ×, for example 8 × 40; the reps alone in a plain box; "
            "the seconds held where it shows",
            _BODY,
        ),
        ("s.", _BOLD),
        ("An exercise done on each leg or side has each box split in two,", _BODY),
        ("L", _BOLD),
        ("and", _BODY),
        ("R.", _BOLD),
    ],
    [
        ("RIR", _BOLD),
        (
            "box: how many more good reps you could have done at the end of the last set "
            "(the card shows the aim).",
            _BODY,
        ),
        ("Pain", _BOLD),
        ("box: 0 (none) to 10 (worst), during or after the exercise.", _BODY),
    ],
    [("Exercise names link to a video search for the movement.", _BODY)],
]


def _cover(plan: Plan, width: float, title: str) -> list[_Group]:
    """The cover: heading and inputs, warnings, how to use the cards, key, overview."""
    blocks = _cover_head(plan, width, title) + _cover_warnings(plan)
    blocks.append(_Text([("Using the cards", _H2)], before=8))
    blocks += [_Text(runs, bullet=True, after=2) for runs in _USING]
    blocks += _cover_key(plan)
    blocks += _cover_safety(plan)
    blocks += [_Gap(4), _Text([("Overview", _H2)], before=8, after=2)]
    overview = _overview(plan, width)
    # The cover flows as loose blocks; the Overview heading stays with the table's start.
    return [[b] for b in blocks[:-1]] + [[blocks[-1], overview], [_Gap(16)]]


def _cover_head(plan: Plan, width: float, title: str) -> list[_Block]:
    """Title, 'Made with' line, the inputs table and the 'Read first' box."""
    sub = f"Made with runstrength {plan.generator.version}"
    dates = date_range(plan)
    if dates:
        sub += f" · {dates}"
    label_w = 32 * MM
    inputs: list[list[_Runs]] = [
        [[(label, _LABEL)], [(value, _BODY)]] for label, value in inputs_summary(plan)
    ]
    return [
        _Text([(title, _DOC_TITLE)], after=3),
        _Text([(sub, _SUB)], after=8),
        _Grid([label_w, width - label_w], inputs),
        _Gap(8),
        _Box(
            [_Text([("Read first", _BOLD)]), _Text([(plan.disclaimer, _BODY)])],
            WARN_FILL,
            WARN_LINE,
        ),
    ]


def _cover_warnings(plan: Plan) -> list[_Block]:
    if not plan.warnings:
        return []
    heading: list[_Block] = [_Text([("Warnings", _H2)], before=8)]
    return heading + [_Text([(w, _BODY)], bullet=True, after=2) for w in plan.warnings]


def _cover_key(plan: Plan) -> list[_Block]:
    key = legend(plan)
    if not key:
        return []
    heading: list[_Block] = [_Text([("Key", _H2)], before=8)]
    return heading + [
        _Text([(f"{term}:", _BOLD), (meaning, _BODY)], bullet=True, after=2)
        for term, meaning in key
    ]


def _cover_safety(plan: Plan) -> list[_Block]:
    """Each prescribed exercise's catalog safety notes, once (§10.11): a card prints them
    only where the exercise first appears, so repeating them every week does not add
    pages."""
    notes: dict[str, tuple[str, list[str]]] = {}
    for _, session in plan.sessions():
        for p in session.exercises:
            if p.safety and p.id not in notes:
                notes[p.id] = (p.name, p.safety)
    if not notes:
        return []
    heading: list[_Block] = [_Text([("Safety notes", _H2)], before=8)]
    return heading + [
        _Text(
            [(f"{name}:", _BOLD), (" ".join(f"{n}." for n in safety), _BODY)], bullet=True, after=2
        )
        for name, safety in notes.values()
    ]


def _overview(plan: Plan, width: float) -> _Grid:
    rows: list[list[_Runs]] = []
    for week in plan.weeks:
        phase: list[tuple[str, _Style]] = [
            (f"{PHASE_NAMES[week.phase]} ({week.phase.value})", _BODY)
        ]
        if week.deload:
            phase += [("·", _BODY), ("deload", _BOLD)]
        sessions = ",  ".join(session_short(s) for s in week.sessions)
        rows.append([[(str(week.index), _BODY)], phase, [(sessions, _BODY)]])
    heads = ("Week", "Phase", "Sessions")
    return _Grid(
        [14 * MM, 62 * MM, width - 76 * MM],
        rows,
        header=[[(h, _LABEL)] for h in heads],
        pad=2.0,
    )


def _week(week: Week, seen: set[str], race: bool) -> list[_Group]:
    """A week's heading and cards; `seen` holds the exercises whose safety notes an
    earlier card printed (they are printed on first use only, and on the cover)."""
    sub = noun(len(week.sessions), "session")
    dates = date_span(s.date for s in week.sessions)
    if dates:
        sub = f"{dates} · {sub}"
    # title and dates on one line: a line less before every week's first card
    heading: list[_Block] = [_Text([(week_title(week), _WEEK), (f"  {sub}", _WEEK_SUB)], after=5)]
    note = week_note(week, race)
    if note:
        heading.append(_Text([(note, _WEEK_SUB)], after=5))
    phase = f"Week {week.index} · {PHASE_NAMES[week.phase]}"
    if week.deload:
        phase += " · deload"
    cards: list[_Group] = [
        [
            _Card(
                session_title(session),
                phase,
                [_first_use(n, p, seen) for n, p in enumerate(session.exercises, start=1)],
                warmup=warmup_text(session),
            ),
            _Gap(CARD_GAP),
        ]
        for session in week.sessions
    ]
    # The heading travels with the first card, never stranded at the foot of a page.
    if cards:
        cards[0] = heading + cards[0]
    else:
        cards = [heading]
    return cards


def _first_use(number: int, p: Prescription, seen: set[str]) -> _Row:
    """The card row, with the safety notes only where the exercise first appears."""
    first = p.id not in seen
    seen.add(p.id)
    return _row(number, p, safety=first)
