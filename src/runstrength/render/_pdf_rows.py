"""The PDF card model: one `_Row` per prescription (name, dose, details, notes, sets and
sides, the mark each set box prints) and its laid-out `_RowLayout`. Private to render.pdf."""

from __future__ import annotations

from dataclasses import dataclass, field

from runstrength.enums import LoadType
from runstrength.models import Prescription
from runstrength.render._pdf_layout import _Line
from runstrength.render.common import (
    dose_text,
    load_text,
    rest_text,
    tagged_notes,
)


@dataclass(frozen=True)
class _Row:
    """One exercise of a card, before layout."""

    number: int
    name: str
    video: str
    dose: str
    details: str
    grey: tuple[str, ...]
    sets: int
    sides: tuple[str, ...]  # ('L', 'R'): each set box in a part for each side (/side); ('',)
    rir: str
    mark: str  # printed in each set box: '×', 's', 's ×', 'm ×' or ''
    safety: tuple[str, ...] = ()  # the catalog's safety notes, after the grey lines


@dataclass
class _RowLayout:
    row: _Row
    name_lines: list[_Line]
    lines: list[_Line]  # the name lines first, then dose and cue lines
    height: float
    below: list[_Line] = field(default_factory=list)  # notes under the text and the boxes
    below_top: float = 0.0  # where they start, down from the row's top


# An exercise done on each leg or side gets each set box split in a part for each side
# (new-user review C6: one box for both sides left no room to write what each did).
SIDES, ONE_SIDE = ("L", "R"), ("",)


def _box_mark(p: Prescription) -> str:
    """What a set box prints to show what to write: 'reps × load' boxes get a '×', a hold
    gets an 's' after the space for its seconds, a carry an 'm'; bodyweight reps and foot
    contacts get a plain box for the count."""
    loaded = p.load.type is not LoadType.BODYWEIGHT
    unit = "s" if p.seconds is not None else "m" if p.distance_m is not None else ""
    if unit:
        return f"{unit} ×" if loaded else unit
    return "×" if loaded else ""


def _row(number: int, p: Prescription, *, safety: bool = True) -> _Row:
    """A card row; `safety` False leaves out the catalog's safety notes (the PDF prints
    them on an exercise's first use and in the cover's list, not on every card)."""
    details = [load_text(p), f"rest {rest_text(p.rest_seconds)}"]
    if p.tempo:
        details.append(f"tempo {p.tempo}")
    notes = tagged_notes(p, cue_shown=False)
    grey = [text for kind, text in notes if kind != "safety"]  # the why last
    return _Row(
        number=number,
        name=p.name,
        video=p.video,
        dose=dose_text(p).replace(" ", "\u00a0"),
        details="· " + " · ".join(d.replace(" ", "\u00a0") for d in details),
        grey=tuple(g for g in grey if g),
        sets=p.sets,
        sides=SIDES if p.per_side else ONE_SIDE,
        rir=f"aim {p.target_rir}" if p.target_rir is not None else "",
        mark=_box_mark(p),
        safety=tuple(text for kind, text in notes if kind == "safety") if safety else (),
    )
