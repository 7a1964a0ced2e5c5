"""HTML: one self-contained page (inline CSS, no scripts, nothing fetched) for a phone.

On a narrow screen each exercise row becomes a small card; printed, the sessions flow
two or more to a page (none is cut in two), each with a column to write down what was done.
"""

from __future__ import annotations

from html import escape
from typing import TYPE_CHECKING

from runstrength.enums import PHASE_NAMES, Paper
from runstrength.models import Plan, Prescription, Session, Week
from runstrength.render.common import (
    NOT_SET,
    date_span,
    dose_text,
    html_head,
    inputs_summary,
    legend,
    load_text,
    noun,
    plan_title,
    rest_text,
    safe_url,
    session_short,
    session_title,
    tagged_notes,
    warmup_text,
    week_note,
    week_title,
)

if TYPE_CHECKING:
    from runstrength.render import RenderOptions

CSS = """\
:root {
  color-scheme: light dark;
  --ink: #1d232a; --grey: #5b6570; --line: #c9d0d6; --fill: #eef2f5;
  --link: #1f4e79; --paper: #ffffff; --warn: #fff6da; --warn-line: #d9b64a;
}
@media (prefers-color-scheme: dark) {
  :root {
    --ink: #e6e9ec; --grey: #a7b0b9; --line: #3b444d; --fill: #232a31;
    --link: #8cc4ff; --paper: #15191d; --warn: #3a3218; --warn-line: #8a7430;
  }
}
* { box-sizing: border-box; }
html { -webkit-text-size-adjust: 100%; text-size-adjust: 100%; }
body {
  margin: 0 auto; padding: 1rem; max-width: 60rem; background: var(--paper);
  color: var(--ink); font: 16px/1.45 system-ui, -apple-system, "Segoe UI", Roboto,
  "DejaVu Sans", sans-serif; overflow-wrap: break-word;
}
h1 { font-size: 1.5rem; line-height: 1.2; margin: 0 0 .25rem; }
h2 { font-size: 1.2rem; margin: 2rem 0 .2rem; }
h3 { font-size: 1.05rem; margin: 0; }
a { color: var(--link); }
.sub, .week-dates, .session-week, .cue, .why { color: var(--grey); }
.sub { margin: 0 0 1rem; }
.week-dates { margin: 0 0 .75rem; font-size: .9rem; }
table { border-collapse: collapse; width: 100%; }
th, td { text-align: left; vertical-align: top; padding: .35rem .5rem; }
.inputs th { color: var(--grey); font-weight: 600; width: 9.5rem; }
.inputs tr { border-bottom: 1px solid var(--line); }
.disclaimer {
  margin: 1rem 0; padding: .6rem .8rem; background: var(--warn);
  border: 1px solid var(--warn-line); border-radius: 4px;
}
.disclaimer p { margin: .2rem 0 0; }
.warnings li { margin: .2rem 0; }
.key dl { display: grid; grid-template-columns: max-content 1fr; gap: .2rem .8rem; margin: 0; }
.key dt { font-weight: 600; }
.key dd { margin: 0; }
.overview tr { border-bottom: 1px solid var(--line); }
.overview th { color: var(--grey); font-weight: 600; }
.overview td { padding: .2rem .5rem; }
.overview td:first-child { width: 3.5rem; }
.deload-note { margin: -.4rem 0 .75rem; font-size: .9rem; }
.session { margin: 0 0 1.25rem; border: 1px solid var(--line); border-radius: 6px; }
.session header {
  display: flex; flex-wrap: wrap; justify-content: space-between; align-items: baseline;
  gap: 0 1rem; padding: .5rem .6rem; background: var(--fill); border-radius: 6px 6px 0 0;
}
.session-week { font-size: .85rem; }
.exercises thead th { font-size: .8rem; color: var(--grey); font-weight: 600; }
.exercises tbody tr { border-top: 1px solid var(--line); }
.exercises .num { width: 2rem; font-weight: 700; }
.exercises .name { font-weight: 600; }
.cue, .why, .calibration, .safety { font-size: .85rem; margin-top: .1rem; }
.calibration { font-style: italic; }
.safety { font-weight: 600; }
.warmup {
  margin: 0; padding: .35rem .6rem; font-size: .9rem; border-bottom: 1px solid var(--line);
}
.exercises .ex, .inputs td { overflow-wrap: anywhere; }
.dose, .load, .rest, .tempo { white-space: nowrap; }
.log { display: none; }
.deload { font-weight: 600; }
footer { margin-top: 2rem; font-size: .85rem; color: var(--grey); }
@media (max-width: 40rem) {
  body { padding: .75rem; }
  .inputs th { width: 7.5rem; }
  .exercises thead { display: none; }
  .exercises, .exercises tbody, .exercises tr, .exercises td { display: block; width: auto; }
  .exercises tr { position: relative; padding: .45rem .6rem .5rem 2.3rem; }
  .exercises td { padding: 0; }
  .exercises td.num { position: absolute; left: .6rem; top: .45rem; }
  .exercises td.dose, .exercises td.load, .exercises td.rest, .exercises td.tempo {
    display: inline-block; margin: .15rem 1rem 0 0; white-space: normal;
  }
  .exercises td[data-label]::before {
    content: attr(data-label) " "; color: var(--grey); font-size: .8rem;
  }
  .exercises td.empty, .exercises td.log { display: none; }
}
@media print {
  @page { size: PAPER; margin: 12mm; }
  :root {
    --ink: #000; --grey: #444; --line: #999; --fill: #eee; --link: #000;
    --paper: #fff; --warn: #fff; --warn-line: #999;
  }
  body { max-width: none; padding: 0; font-size: 8pt; line-height: 1.2; }
  a { text-decoration: none; }
  /* sessions flow, two or more a page, and none is cut in two */
  .session { margin: 0 0 .5rem; break-inside: avoid; page-break-inside: avoid; }
  .session header { padding: .3rem .5rem; }
  .week > h2, .week-dates, .deload-note { display: none; }
  .exercises { table-layout: fixed; }
  .exercises th, .exercises td { padding: .15rem .3rem; }
  .exercises th:nth-child(1) { width: 3%; }
  .exercises th:nth-child(2) { width: 39%; }
  .exercises th:nth-child(3) { width: 13%; }
  .exercises th:nth-child(4) { width: 12%; }
  .exercises th:nth-child(5) { width: 7%; }
  .exercises th:nth-child(6) { width: 7%; }
  .exercises thead th { font-size: .9em; }
  /* cues and safety notes stay at the body size, 8 pt: the smallest print a card uses */
  .cue, .why, .calibration, .safety { font-size: 1em; margin-top: 0; }
  .warmup { padding: .2rem .5rem; }
  .dose, .load { white-space: normal; }
  .exercises .log {
    display: table-cell; width: 19%; height: 2.2em; border-left: 1px solid var(--line);
  }
  .exercises thead .log { display: table-cell; }
  footer { display: none; }
}
"""


# The printed page follows --paper, as the PDF's does (CSS page size names).
_PAGE_SIZES = {Paper.A4: "A4", Paper.LETTER: "letter"}


def render(plan: Plan, options: RenderOptions) -> str:
    """The plan as one self-contained HTML page."""
    title = plan_title(plan, options.athlete)
    out = html_head(
        title,
        CSS.replace("PAPER", _PAGE_SIZES[options.paper]),
        meta=(f'<meta name="generator" content="runstrength {_e(plan.generator.version)}">',),
    )
    out += _cover(plan, title)
    out.append("<main>")
    for week in plan.weeks:
        out += _week(week, plan.inputs.race_date is not None)
    out.append("</main>")
    out.append(f"<footer><p>{_e(plan.disclaimer)}</p></footer>")
    out += ["</body>", "</html>", ""]
    return "\n".join(out)


def _e(text: str) -> str:
    return escape(text, quote=True)


def _cover(plan: Plan, title: str) -> list[str]:
    sub = f"Made with runstrength {plan.generator.version}"
    dates = date_span(s.date for _, s in plan.sessions())
    if dates:
        sub += f" · {dates}"
    out = [
        '<header class="cover">',
        f"<h1>{_e(title)}</h1>",
        f'<p class="sub">{_e(sub)}</p>',
        '<table class="inputs">',
        "<tbody>",
    ]
    out += [
        f'<tr><th scope="row">{_e(label)}</th><td>{_e(value)}</td></tr>'
        for label, value in inputs_summary(plan)
    ]
    out += [
        "</tbody>",
        "</table>",
        '<aside class="disclaimer">',
        "<strong>Read first</strong>",
        f"<p>{_e(plan.disclaimer)}</p>",
        "</aside>",
    ]
    key = legend(plan)
    if key:
        out.append('<section class="key">')
        out.append("<h2>Key</h2>")
        out.append("<dl>")
        out += [f"<dt>{_e(term)}</dt><dd>{_e(meaning)}</dd>" for term, meaning in key]
        out.append("</dl>")
        out.append("</section>")
    out += _overview(plan)
    if plan.warnings:
        out.append('<section class="warnings">')
        out.append("<h2>Warnings</h2>")
        out.append("<ul>")
        out += [f"<li>{_e(w)}</li>" for w in plan.warnings]
        out.append("</ul>")
        out.append("</section>")
    out.append("</header>")
    return out


def _overview(plan: Plan) -> list[str]:
    """The weeks at a glance, as the PDF's cover has them, each a link to its week and its
    sessions (new-user review C7: a long plan had no way to jump to a week)."""
    out = [
        '<nav class="overview" aria-label="Weeks">',
        "<h2>Overview</h2>",
        "<table>",
        "<thead><tr><th>Week</th><th>Phase</th><th>Sessions</th></tr></thead>",
        "<tbody>",
    ]
    for week in plan.weeks:
        phase = _e(f"{PHASE_NAMES[week.phase]} ({week.phase.value})")
        if week.deload:
            phase += ' · <span class="deload">deload</span>'
        sessions = ", ".join(
            f'<a href="#week-{week.index}-session-{s.index}">{_e(session_short(s))}</a>'
            for s in week.sessions
        )
        out.append(
            f'<tr><td><a href="#week-{week.index}">{week.index}</a></td>'
            f"<td>{phase}</td><td>{sessions or '–'}</td></tr>"
        )
    out += ["</tbody>", "</table>", "</nav>"]
    return out


def _week(week: Week, race: bool) -> list[str]:
    title = _e(week_title(week))
    if week.deload:
        # week_title ends with '· deload'; mark that word up so it stands out
        title = title.removesuffix("deload") + '<span class="deload">deload</span>'
    out = [f'<section class="week" id="week-{week.index}">', f"<h2>{title}</h2>"]
    sub = noun(len(week.sessions), "session")
    dates = date_span(s.date for s in week.sessions)
    if dates:
        sub = f"{dates} · {sub}"
    out.append(f'<p class="week-dates">{_e(sub)}</p>')
    note = week_note(week, race)
    if note:
        out.append(f'<p class="deload-note">{_e(note)}</p>')
    for session in week.sessions:
        out += _session(week, session)
    out.append("</section>")
    return out


def _session(week: Week, session: Session) -> list[str]:
    phase = f"Week {week.index} · {PHASE_NAMES[week.phase]} ({week.phase.value})"
    if week.deload:
        phase += " · deload"
    out = [
        f'<section class="session" id="week-{week.index}-session-{session.index}">',
        "<header>",
        f"<h3>{_e(session_title(session))}</h3>",
        f'<span class="session-week">{_e(phase)}</span>',
        "</header>",
    ]
    warmup = warmup_text(session)
    if warmup:
        out.append(f'<p class="warmup">{_e(warmup)}</p>')
    out += [
        '<table class="exercises">',
        "<thead><tr>"
        '<th class="num">#</th><th class="ex">Exercise</th><th>Dose</th><th>Load</th><th>Rest</th>'
        '<th>Tempo</th><th class="log">Done: reps × load, RIR, pain 0–10</th>'
        "</tr></thead>",
        "<tbody>",
    ]
    out += [_row(n, p) for n, p in enumerate(session.exercises, start=1)]
    out += ["</tbody>", "</table>", "</section>"]
    return out


def _row(number: int, p: Prescription) -> str:
    url = safe_url(p.video)
    name = f'<a href="{_e(url)}">{_e(p.name)}</a>' if url else _e(p.name)
    ex = f'<div class="name">{name}</div>'
    for kind, text in tagged_notes(p, cue_shown=False):  # the why last, class "why"
        ex += f'<div class="{kind}">{_e(text)}</div>'
    tempo = (
        f'<td class="tempo" data-label="Tempo">{_e(p.tempo)}</td>'
        if p.tempo
        else f'<td class="tempo empty">{NOT_SET}</td>'
    )
    return (
        "<tr>"
        f'<td class="num">{number}</td>'
        f'<td class="ex">{ex}</td>'
        f'<td class="dose" data-label="Dose">{_e(dose_text(p))}</td>'
        f'<td class="load" data-label="Load">{_e(load_text(p))}</td>'
        f'<td class="rest" data-label="Rest">{_e(rest_text(p.rest_seconds))}</td>'
        f"{tempo}"
        '<td class="log"></td>'
        "</tr>"
    )
