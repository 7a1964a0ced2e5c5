"""HTML output: golden file, self-contained, one section per session, escaped text."""

from __future__ import annotations

import re
from html.parser import HTMLParser

from conftest import check_golden
from runstrength.enums import Format
from runstrength.models import Plan
from runstrength.render import RenderOptions, render

from sample_plan import sample_plan

VOID = {"meta", "br", "hr", "img", "input", "link", "col", "wbr", "source"}


def html(plan: Plan) -> str:
    out = render(plan, Format.HTML, RenderOptions())
    assert isinstance(out, str)
    return out


class _Tags(HTMLParser):
    """Checks that every element is closed in order and collects a few facts."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[str] = []
        self.errors: list[str] = []
        self.sessions = 0
        self.ids: list[str] = []
        self.hrefs: list[str] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        if found.get("id"):
            self.ids.append(str(found["id"]))
        if tag == "section" and found.get("class") == "session":
            self.sessions += 1
        if tag == "a":
            self.hrefs.append(str(found.get("href")))
        if tag not in VOID:
            self.stack.append(tag)

    def handle_endtag(self, tag: str) -> None:
        if not self.stack or self.stack[-1] != tag:
            self.errors.append(f"</{tag}> closes {self.stack[-1:]}")
            return
        self.stack.pop()

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def parse(text: str) -> _Tags:
    tags = _Tags()
    tags.feed(text)
    tags.close()
    assert tags.errors == []
    assert tags.stack == []
    return tags


def odd_plan() -> Plan:
    """Markup-like names, a non-web video link and a warning."""
    plan = sample_plan()
    week = plan.weeks[0]
    session = week.sessions[0]
    first = session.exercises[0].model_copy(
        update={
            "name": '<script>alert("x")</script> & Pogos',
            "video": "javascript:alert(1)",
            "notes": "Use <b>both</b> feet & land softly",
        }
    )
    session = session.model_copy(update={"exercises": [first, *session.exercises[1:]]})
    week = week.model_copy(update={"sessions": [session, *week.sessions[1:]]})
    return plan.model_copy(
        update={"weeks": [week, *plan.weeks[1:]], "warnings": ["Volume < 10 km & rising"]}
    )


def test_html_matches_golden(update_golden: bool) -> None:
    check_golden("sample.html", html(sample_plan()), update_golden)


def test_the_same_plan_gives_identical_html() -> None:
    assert html(sample_plan()) == html(sample_plan())


def test_html_is_well_formed_with_one_section_per_session() -> None:
    plan = sample_plan()
    tags = parse(html(plan))
    assert tags.sessions == len(plan.sessions())
    assert len(tags.ids) == len(set(tags.ids))


def test_html_is_self_contained() -> None:
    plan = sample_plan()
    text = html(plan)
    assert "<script" not in text.lower()
    assert not re.search(r"\ssrc\s*=", text)
    assert "@import" not in text
    assert "url(" not in text
    assert "<link" not in text
    videos = {p.video for _, s in plan.sessions() for p in s.exercises}
    assert set(re.findall(r"https?://[^\s\"'<>]+", text)) <= videos


def test_html_links_every_exercise_to_its_video() -> None:
    plan = sample_plan()
    tags = parse(html(plan))
    videos = [h for h in tags.hrefs if not h.startswith("#")]
    assert videos == [p.video for _, s in plan.sessions() for p in s.exercises]


def test_html_overview_links_every_week_and_session() -> None:
    """New-user review C7: the page opens with the weeks at a glance, each week and
    session a link to its place on the page (the PDF's cover has the same overview)."""
    plan = sample_plan()
    tags = parse(html(plan))
    inside = [h for h in tags.hrefs if h.startswith("#")]
    expected = []
    for week in plan.weeks:
        expected.append(f"#week-{week.index}")
        expected += [f"#week-{week.index}-session-{s.index}" for s in week.sessions]
    assert inside == expected
    assert {h[1:] for h in inside} <= set(tags.ids)


def test_html_is_phone_and_print_ready() -> None:
    text = html(sample_plan())
    assert '<meta name="viewport" content="width=device-width, initial-scale=1">' in text
    assert '<meta charset="utf-8">' in text
    assert "@media (max-width:" in text
    print_css = text[text.index("@media print") :]
    # printed, sessions flow two or more a page, and a session is never cut in two
    assert ".session { margin: 0 0 .5rem; break-inside: avoid;" in print_css
    assert "@page { size: A4; margin: 12mm; }" in print_css
    assert "break-before" not in print_css
    assert "page-break-before" not in print_css


def test_html_shows_disclaimer_inputs_and_doses() -> None:
    plan = sample_plan()
    words = " ".join(" ".join(parse(html(plan)).text).split())
    assert plan.disclaimer in words
    assert "Weekly running 25 mi (band B, 40.2 km)" in words
    assert "Week 2 · Anatomical adaptation (AA) · deload" in words
    assert "3 × 10 (30 contacts)" in words
    assert "choose: RIR 3" in words
    assert "≤ 2 s" in words


def test_html_escapes_plan_text_and_drops_non_web_links() -> None:
    text = html(odd_plan())
    assert "<script" not in text
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; Pogos" in text
    assert "Use &lt;b&gt;both&lt;/b&gt; feet &amp; land softly" in text
    assert "javascript:" not in text
    assert "<li>Volume &lt; 10 km &amp; rising</li>" in text
    parse(text)


def test_html_without_dates_names_weekdays() -> None:
    text = html(sample_plan(dated=False))
    assert "Session A · Mon" in text
    assert "2026" not in text
    parse(text)


def test_the_printed_page_follows_the_paper() -> None:
    from runstrength.enums import Paper

    letter = render(sample_plan(), Format.HTML, RenderOptions(paper=Paper.LETTER))
    assert isinstance(letter, str) and "@page { size: letter; margin: 12mm; }" in letter
