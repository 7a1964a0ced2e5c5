"""The plan as GitHub-flavoured Markdown that pandoc also reads (pipe tables)."""

from __future__ import annotations

from functools import lru_cache
from typing import TYPE_CHECKING

from runstrength.models import Plan, Prescription, Session, Week
from runstrength.render import common

if TYPE_CHECKING:
    from runstrength.render import RenderOptions

_HEADERS = ("#", "Exercise", "Dose", "Load / RIR", "Rest", "Tempo", common.CUE_HEADER)
# Dashes set pandoc's relative column widths when a table is wider than the page.
_RULE = "| -: | ----------- | ----------- | ----------- | ----- | ------- | -------------------- |"
# Inline specials only: '#', '>', '-' and '+' matter only at a line start, where no cell is.
# Each gets a backslash before it; the backslash itself first, so that no backslash added
# is escaped again.
_ESCAPES = tuple((char, f"\\{char}") for char in "\\`*_[]<|~")


@lru_cache(maxsize=4096)  # a plan repeats its names, cues and doses week after week
def escape(text: str) -> str:
    """Text safe inside a paragraph or a table cell: no formatting, no cell breaks."""
    text = " ".join(text.split())
    # `in` and `replace`, not a regular expression: a pattern's replacement template is
    # expanded in Python for every match, and each session title has one ("~22 min")
    for char, escaped in _ESCAPES:
        if char in text:
            text = text.replace(char, escaped)
    return text


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
_DONE_HEADER_ROW = _row([*_HEADERS[:-1], common.DONE_HEADER])  # a logged one's (`is_logged`)


# An exercise's table row and its notes line, made once per process for its number in
# the session and the fields they read (a plan repeats an exercise and its dose week
# after week, mostly at the same number, and a roster's worker renders hundreds of plans).
# One memo, not one for the name cells and one for the dose cells as before: a row then
# builds one key, makes one look-up and no string. A roster of 1,000 runners holds
# ~1,900 different rows, under `_MEMO_MOST`.
_ROWS: dict[tuple[object, ...], tuple[str, str | None]] = {}
_MEMO_MOST = 4096  # past this many entries the memo starts afresh


def _numbered(p: Prescription, n: int, logged: bool) -> tuple[str, str | None]:
    """Exercise `n`'s table row: its number, name, dose, load, rest and tempo cells and
    the last column's (what was done, in a `logged` session: `common.last_cell`); and its
    notes line under the table (None: no notes)."""
    load = p.load
    # p.calibration with load.type stands for `common.calibration_text(p)`
    key = (n, p.name, p.video, p.tempo, p.notes, p.logged, p.calibration, tuple(p.safety),
           p.why, logged, p.sets, p.reps, p.seconds, p.contacts, p.distance_m, p.per_side,
           p.target_rir, load.type, load.value, load.unit, p.rest_seconds,
           common.is_band(p))  # fmt: skip
    rows = _ROWS.get(key)
    if rows is None:
        if len(_ROWS) >= _MEMO_MOST:
            _ROWS.clear()
        said = _said(p)
        rows = _ROWS[key] = (
            f"| {n} | {_row_cells(p, logged)}",
            None if said is None else f"- **{n}. {said}",
        )
    return rows


def _row_cells(p: Prescription, logged: bool) -> str:
    dose = escape(common.dose_text(p))
    load = escape(common.load_text(p))
    rest = escape(common.rest_text(p.rest_seconds))
    tempo = escape(common.tempo_text(p))
    cue = escape(common.last_cell(p, logged))
    return f"{_name_link(p)} | {dose} | {load} | {rest} | {tempo} | {cue} |"


def _said(p: Prescription) -> str | None:
    """The notes in full, calibration and safety (§10.1, §10.11) under the table."""
    texts = common.exercise_notes(p, cue_shown=True)
    return f"{escape(p.name)}**: " + " ".join(escape(t) for t in texts) if texts else None


# A session's warm-up line, once per render (`_warmup_line`): by the warm-up and its
# lift's load, both by identity (the plan keeps them alive while it is rendered).
Warmups = dict[tuple[int, int | None], str | None]


def _warmup_line(session: Session, shown: Warmups) -> str | None:
    """The session's warm-up line, once per render for what `common.warmup_text` reads:
    the warm-up (sessions opening with the same lift share one) and its lift's load."""
    w = session.warmup
    if w is None:
        return None
    lift = w.ramp[0].exercise_id if w.ramp else None
    load = None
    for p in session.exercises:  # a loop, not next(): every session asks
        if p.id == lift:
            load = id(p.load)
            break
    key = (id(w), load)
    if key not in shown:
        text = common.warmup_text(session)
        shown[key] = f"*{escape(text)}*" if text else None
    return shown[key]


def _title(session: Session) -> str:
    """The session's heading. Its words, dates and numbers need no escape but for the `~`
    of its minutes, so `common.session_title` writes that one escaped, and only a label
    that its escape would change takes the whole title through `escape` (titles hardly
    repeat: in `escape`'s memo they only pushed out the names and cues that do)."""
    label = session.label
    if label and escape(label) == label:
        return f"### {common.session_title(session, approx=_APPROX)}"
    return f"### {escape(common.session_title(session))}"


_APPROX = escape("~")


def _session(session: Session, shown: Warmups) -> list[str]:
    lines = [_title(session), ""]
    warmup = _warmup_line(session, shown)
    if warmup:
        lines += [warmup, ""]
    logged = common.is_logged(session)
    lines += [_DONE_HEADER_ROW if logged else _HEADER_ROW, _RULE]
    notes = []
    for n, p in enumerate(session.exercises, start=1):
        row, note = _numbered(p, n, logged)
        lines.append(row)
        if note is not None:
            notes.append(note)
    lines.append("")
    return [*lines, *notes, ""] if notes else lines


def _week(week: Week, shown: Warmups, race: bool) -> list[str]:
    lines = [f"## {escape(common.week_title(week))}", ""]
    note = common.week_note(week, race)
    if note:
        lines += [f"*{escape(note)}*", ""]
    for session in week.sessions:
        lines += _session(session, shown)
    return lines


def render(plan: Plan, options: RenderOptions) -> str:
    """The plan as one Markdown document: title, disclaimer, inputs, then week by week."""
    # one join, ending in a newline: a long plan's text is a few hundred kB, and each
    # further copy (a strip, a concatenation) costs more in fresh pages than it copies
    return "\n".join(_lines(plan, options))


class _Utf8(dict[str, bytes]):
    """Lines and their UTF-8, each encoded once per process (`render_bytes`)."""

    def __missing__(self, line: str) -> bytes:
        if len(self) >= _UTF8_MOST:
            self.clear()
        data = self[line] = line.encode()
        return data


# A roster of 1,000 runners writes ~1,900 different rows and their notes lines, but a
# session's heading hardly repeats: past this many lines the memo starts afresh.
_UTF8_MOST = 16384
_UTF8 = _Utf8()


def render_bytes(plan: Plan, options: RenderOptions) -> bytes:
    """`render(plan, options)` as UTF-8, for a file. The text's `×`, `–` and `·` make
    Python encode it character by character (~760,000 instructions for a roster plan,
    as much as its JSON); a plan repeats its lines, and a roster's plans each other's,
    so each line is encoded once and the bytes joined."""
    utf8 = _UTF8
    return b"\n".join([utf8[line] for line in _lines(plan, options)])


def _lines(plan: Plan, options: RenderOptions) -> list[str]:
    """The document's lines, the last one empty: the text ends with a newline."""
    lines = [f"# {escape(common.plan_title(plan, options.athlete))}", ""]
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
    shown: Warmups = {}
    for week in plan.weeks:
        lines += _week(week, shown, plan.inputs.race_date is not None)
    while lines and not lines[-1]:
        lines.pop()
    lines.append("")
    return lines
