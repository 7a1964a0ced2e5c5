"""The plan as GitHub-flavoured Markdown that pandoc also reads (pipe tables)."""

from __future__ import annotations

import re
from functools import lru_cache
from typing import TYPE_CHECKING

from runstrength.models import Plan, Prescription, Session, Week
from runstrength.render import common

if TYPE_CHECKING:
    from runstrength.render import RenderOptions

_HEADERS = ("#", "Exercise", "Dose", "Load / RIR", "Rest", "Tempo", "Cue")
# Dashes set pandoc's relative column widths when a table is wider than the page.
_RULE = "| -: | ----------- | ----------- | ----------- | ----- | ------- | -------------------- |"
# Inline specials only: '#', '>', '-' and '+' matter only at a line start, where no cell is.
_SPECIAL = re.compile(r"([\\`*_\[\]<|~])")


@lru_cache(maxsize=4096)  # a plan repeats its names, cues and doses week after week
def escape(text: str) -> str:
    """Text safe inside a paragraph or a table cell: no formatting, no cell breaks."""
    return _SPECIAL.sub(r"\\\1", " ".join(text.split()))


def _url(url: str) -> str:
    """A link destination that cannot end the link or the table cell early."""
    for char, code in ((" ", "%20"), ("(", "%28"), (")", "%29"), ("|", "%7C"), ("<", "%3C")):
        url = url.replace(char, code)
    return url


def _name_link(p: Prescription) -> str:
    """The exercise name, linked to its video only when that is an http(s) link."""
    return _link(p.name, p.video)


@lru_cache(maxsize=1024)
def _link(name: str, video: str) -> str:
    url = common.safe_url(video)
    return f"[{escape(name)}]({_url(url)})" if url else escape(name)


def _row(cells: list[str]) -> str:
    return "| " + " | ".join(cells) + " |"


_HEADER_ROW = _row(list(_HEADERS))  # every session's table opens with it


# What an exercise shows, by the fields it is made of (`_shown_key`): its row's cells
# but the number, and its notes line after the number (None: no notes). Kept for one
# render, as a plan repeats an exercise's dose week after week.
Rows = dict[tuple[object, ...], tuple[str, str | None]]


def _shown_key(p: Prescription) -> tuple[object, ...]:
    """Every field an exercise's row and notes read (name and video, dose, load, rest,
    tempo, notes, calibration, safety). The load and the safety list by identity (the
    planner shares them, and the plan keeps each alive while it is rendered)."""
    return (p.name, p.video, p.sets, p.reps, p.seconds, p.contacts, p.distance_m, p.per_side,
            p.target_rir, id(p.load), p.rest_seconds, p.tempo, p.notes, p.logged,
            p.calibration, id(p.safety))  # fmt: skip


def _shown(p: Prescription, rows: Rows) -> tuple[str, str | None]:
    """An exercise's row cells and notes line, each without its number."""
    key = _shown_key(p)
    shown = rows.get(key)
    if shown is None:
        cells = [
            _name_link(p),
            escape(common.dose_text(p)),
            escape(common.load_text(p)),
            escape(common.rest_text(p.rest_seconds)),
            escape(common.tempo_text(p)),
            escape(common.short_cue(p)),
        ]
        # The notes in full, calibration and safety (§10.1, §10.11) under the table.
        texts = common.exercise_notes(p, cue_shown=True)
        said = f"{escape(p.name)}**: " + " ".join(escape(t) for t in texts) if texts else None
        shown = rows[key] = (" | ".join(cells), said)
    return shown


def _session(session: Session, rows: Rows) -> list[str]:
    lines = [f"### {escape(common.session_title(session))}", ""]
    warmup = common.warmup_text(session)
    if warmup:
        lines += [f"*{escape(warmup)}*", ""]
    lines += [_HEADER_ROW, _RULE]
    notes = []
    for n, p in enumerate(session.exercises, start=1):
        cells, said = _shown(p, rows)
        lines.append(f"| {n} | {cells} |")
        if said is not None:
            notes.append(f"- **{n}. {said}")
    lines.append("")
    return [*lines, *notes, ""] if notes else lines


def _week(week: Week, rows: Rows) -> list[str]:
    lines = [f"## {escape(common.week_title(week))}", ""]
    note = common.deload_note(week)
    if note:
        lines += [f"*{escape(note)}*", ""]
    for session in week.sessions:
        lines += _session(session, rows)
    return lines


def render(plan: Plan, options: RenderOptions) -> str:
    """The plan as one Markdown document: title, disclaimer, inputs, then week by week."""
    lines = [f"# {escape(common.plan_title(plan))}", ""]
    lines += [f"> {escape(plan.disclaimer)}", ""]
    lines += ["| Input | Value |", "| ----- | ----- |"]
    lines += [_row([escape(k), escape(v)]) for k, v in common.inputs_summary(plan)]
    lines.append("")
    if plan.warnings:
        lines += ["**Warnings**", ""]
        lines += [f"- {escape(w)}" for w in plan.warnings]
        lines.append("")
    legend = common.legend(plan)
    if legend:
        lines += ["**How to read the tables**", ""]
        lines += [f"- **{escape(term)}** – {escape(meaning)}" for term, meaning in legend]
        lines.append("")
    rows: Rows = {}
    for week in plan.weeks:
        lines += _week(week, rows)
    return "\n".join(lines).rstrip("\n") + "\n"
