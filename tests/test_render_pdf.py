"""PDF output, checked by structure (docs/architecture.md, "Tests as part of the
architecture"): header, pages, text, links, page sizes."""

from __future__ import annotations

import datetime as dt
import io
import subprocess
import sys
from importlib import resources
from typing import Any

import pypdf
import pytest

# ReportLab ships no type hints and has no stub package we install (src/.../pdf.py does the same)
from reportlab.pdfbase.pdfmetrics import stringWidth  # type: ignore[import-untyped]

from runstrength.enums import Format, Paper, Phase, Season, Weekday
from runstrength.errors import RenderError
from runstrength.models import Plan, Session, Week
from runstrength.render import RenderOptions, _pdf_layout, _pdf_rows, render
from runstrength.render import _pdf_layout as pdf_layout
from runstrength.render import pdf as pdf_module
from runstrength.render.common import short_cue

from sample_plan import sample_plan

SIZES = {Paper.A4: (595.2756, 841.8898), Paper.LETTER: (612.0, 792.0)}


def pdf(plan: Plan, paper: Paper = Paper.A4) -> bytes:
    out = render(plan, Format.PDF, RenderOptions(paper=paper))
    assert isinstance(out, bytes)
    return out


def read(data: bytes) -> pypdf.PdfReader:
    return pypdf.PdfReader(io.BytesIO(data), strict=True)


def words(text: str) -> str:
    """Whitespace (line breaks, no-break spaces) folded to single spaces."""
    return " ".join(text.split())


def all_text(reader: pypdf.PdfReader) -> str:
    return words(" ".join(page.extract_text() for page in reader.pages))


def big_plan(weeks: int = 12, days: int = 3, per_session: int = 6) -> Plan:
    """The sample plan's exercises spread over a longer plan, for pagination."""
    base = sample_plan()
    pool = list({p.name: p for _, s in base.sessions() for p in s.exercises}.values())
    start = dt.date(2026, 12, 7)
    out = []
    for w in range(weeks):
        sessions = [
            Session(
                index=d + 1,
                label="ABC"[d],
                date=start + dt.timedelta(days=7 * w + 2 * d),
                weekday=list(Weekday)[2 * d],
                exercises=[pool[(d + k) % len(pool)] for k in range(per_session)],
            )
            for d in range(days)
        ]
        phase = Phase.AA if w < 4 else Phase.MS
        out.append(
            Week(index=w + 1, phase=phase, season=Season.OFF, deload=w % 4 == 3, sessions=sessions)
        )
    inputs = base.inputs.model_copy(update={"weeks": weeks, "days": days})
    return base.model_copy(update={"weeks": out, "inputs": inputs})


def unwieldy_plan() -> Plan:
    """Names and notes far longer than any catalog's, unbreakable words, many sets."""
    base = sample_plan(dated=False)
    phrase = "Überlange Einbein-Kniebeuge mit Pause – ≤ 2 s × 3 "
    weeks = []
    for week in base.weeks:
        sessions = []
        for session in week.sessions:
            exercises = [
                p.model_copy(
                    update={
                        "name": (phrase * 5 if i % 2 else "Calfraise" * 40) + p.name,
                        "notes": "Keep going and going " * 60,
                        "sets": 9 if i == 0 else p.sets,
                        "tempo": "3-1-1-0 and then very slowly back down again",
                        "why": "+2.5 kg: all sets at top of range, RIR 3 vs target 2 " * 4,
                    }
                )
                for i, p in enumerate(session.exercises * 4)
            ]
            sessions.append(
                session.model_copy(update={"exercises": exercises, "label": "Long label " * 12})
            )
        weeks.append(week.model_copy(update={"sessions": sessions}))
    inputs = base.inputs.model_copy(
        update={"equipment": ["resistance-band-" * 20, "dumbbells"] * 8}
    )
    return base.model_copy(
        update={"weeks": weeks, "inputs": inputs, "warnings": ["W" * 400, "warning " * 80]}
    )


@pytest.mark.parametrize("paper", list(Paper))
def test_pdf_structure_and_text(paper: Paper) -> None:
    plan = sample_plan()
    data = pdf(plan, paper)
    assert data.startswith(b"%PDF-")
    reader = read(data)
    pages = len(reader.pages)
    assert pages >= 2
    for page in reader.pages:
        width, height = SIZES[paper]
        assert float(page.mediabox.width) == pytest.approx(width, abs=0.01)
        assert float(page.mediabox.height) == pytest.approx(height, abs=0.01)

    text = all_text(reader)
    for _, session in plan.sessions():
        for p in session.exercises:
            assert p.name in text
    assert words(plan.disclaimer) in text
    assert "Page 1 of" in text
    for n in range(1, pages + 1):
        assert f"Page {n} of {pages}" in text
    assert "Strength plan: off-season, 2 weeks, 2 days/week · 2026-12-07 – 2026-12-17" in text
    assert "Week 2 · Anatomical adaptation (AA) · deload" in text
    assert "3 × 10 (30 contacts)" in text
    assert "choose: RIR 3" in text
    assert "≤ 2 s" in text  # the bundled font has the glyph; the text layer keeps it


def test_pdf_cover_lists_the_inputs() -> None:
    first = words(read(pdf(sample_plan())).pages[0].extract_text())
    for label in ("Season", "Weekly running", "Equipment", "Injury history", "Start"):
        assert label in first
    assert "25 mi (band B, 40.2 km)" in first


def test_pdf_exercise_names_link_to_their_videos() -> None:
    plan = sample_plan()
    reader = read(pdf(plan))
    uris = set()
    for page in reader.pages:
        for annot in page.get("/Annots") or []:
            action = annot.get_object().get("/A")
            if action is not None:
                uris.add(str(action["/URI"]))
    assert uris == {p.video for _, s in plan.sessions() for p in s.exercises}


def test_pdf_embeds_the_bundled_font() -> None:
    reader = read(pdf(sample_plan()))
    resources = reader.pages[1]["/Resources"]
    assert isinstance(resources, pypdf.generic.DictionaryObject)
    fonts = resources["/Font"]
    assert isinstance(fonts, pypdf.generic.DictionaryObject)
    names = {str(f.get_object()["/BaseFont"]) for f in fonts.values()}
    assert any(name.endswith("DejaVuSans") for name in names)
    assert any(name.endswith("DejaVuSans-Bold") for name in names)


def test_bundled_font_and_licence_ship_with_the_package() -> None:
    folder = resources.files("runstrength.render").joinpath("fonts")
    for name in ("DejaVuSans.ttf", "DejaVuSans-Bold.ttf", "LICENSE-DejaVu.txt"):
        assert folder.joinpath(name).is_file()
    assert "Bitstream" in folder.joinpath("LICENSE-DejaVu.txt").read_text(encoding="utf-8")


def test_the_same_plan_gives_the_same_pdf_bytes() -> None:
    assert pdf(sample_plan()) == pdf(sample_plan())


def test_an_undated_plan_renders_without_dates() -> None:
    reader = read(pdf(sample_plan(dated=False)))
    text = all_text(reader)
    assert "Session A · Mon" in text
    assert "2026" not in text
    assert "Page 1 of" in text


@pytest.mark.slow
def test_a_long_plan_paginates_two_cards_a_page() -> None:
    plan = big_plan()
    for paper in Paper:
        reader = read(pdf(plan, paper))
        text = all_text(reader)
        sessions = len(plan.sessions())
        # the cover, then two six-exercise cards on most pages
        assert len(reader.pages) <= 2 + sessions // 2 + len(plan.weeks) // 2
        heads = ("Done, each set: reps × load", "Done: reps × load", "Reps × load")
        assert sum(text.count(head) for head in heads) == sessions


@pytest.mark.parametrize("paper", list(Paper))
@pytest.mark.slow
def test_unwieldy_text_wraps_inside_the_page(paper: Paper) -> None:
    plan = unwieldy_plan()
    reader = read(pdf(plan, paper))
    width, height = SIZES[paper]
    left, right = pdf_layout.MARGIN_X, width - pdf_layout.MARGIN_X
    outside: list[str] = []
    for page in reader.pages:

        def visit(text: str, cm: list[float], tm: list[float], font: object, size: float) -> None:
            if not text.strip() or not isinstance(font, dict):
                return
            x = tm[4] * cm[0] + tm[5] * cm[2] + cm[4]
            y = tm[4] * cm[1] + tm[5] * cm[3] + cm[5]
            face = _pdf_layout.FONT_BOLD if "Bold" in str(font["/BaseFont"]) else _pdf_layout.FONT
            end = x + stringWidth(text.strip(), face, size)
            if x < left - 0.5 or end > right + 0.5 or not 0 < y < height:
                outside.append(f"{text.strip()[:40]!r} at x={x:.1f}..{end:.1f}, y={y:.1f}")

        page.extract_text(visitor_text=visit)
    assert outside == []
    # a card too tall for one page continues on the next, with its header repeated
    assert "(continued)" in all_text(reader)


def test_unknown_paper_is_a_render_error() -> None:
    with pytest.raises(RenderError, match="unknown paper size"):
        render(sample_plan(), Format.PDF, RenderOptions(paper="a3"))  # type: ignore[arg-type]


def test_wrap_never_exceeds_the_width() -> None:
    pdf_module._register_fonts()
    from reportlab.pdfbase.pdfmetrics import stringWidth as measure

    style = _pdf_layout._BODY
    for width in (20.0, 55.5, 180.0):
        text = "Calfraise" * 30 + " short words ≤ × – é " * 10 + "x" * 90
        lines = _pdf_layout._wrap([(text, style)], width, measure)
        assert lines
        for line in lines:
            assert line.width <= width + 1e-6
            last_x, word, _ = line.words[-1]
            assert last_x + measure(word, style.font, style.size) <= width + 1e-6
        rejoined = "".join(w for line in lines for _, w, _ in line.words)
        assert rejoined == text.replace(" ", "")


def test_no_break_spaces_keep_a_dose_on_one_line() -> None:
    pdf_module._register_fonts()
    from reportlab.pdfbase.pdfmetrics import stringWidth as measure

    dose = "3\u00a0×\u00a08–12"
    lines = _pdf_layout._wrap([(dose + " · choose: RIR 3", _pdf_layout._DOSE)], 60, measure)
    assert lines[0].words[0][1] == dose


def test_importing_the_renderers_loads_no_format_library() -> None:
    script = (
        "import sys\n"
        "import runstrength.render.pdf, runstrength.render.ics, runstrength.render.html\n"
        "print(sorted(m for m in ('reportlab', 'icalendar') if m in sys.modules))\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True
    ).stdout
    assert out.strip() == "[]"


def _sized_text(page: pypdf.PageObject) -> list[tuple[str, float, float]]:
    """(text, font size, baseline y) of every piece of text drawn on a page."""
    found: list[tuple[str, float, float]] = []

    def visit(text: str, cm: list[float], tm: list[float], font: object, size: float) -> None:
        if text.strip():
            y = tm[4] * cm[1] + tm[5] * cm[3] + cm[5]
            found.append((text.strip(), size * tm[3] * cm[3], y))

    page.extract_text(visitor_text=visit)
    return found


def test_cue_text_is_at_least_8_pt() -> None:
    plan = sample_plan()
    reader = read(pdf(plan))
    cues = {short_cue(p) for _, s in plan.sessions() for p in s.exercises}
    sizes = [
        size
        for page in reader.pages[1:]
        for text, size, _ in _sized_text(page)
        if any(text in cue for cue in cues if len(text) > 3)
    ]
    assert sizes
    assert min(sizes) >= 8


def test_the_pdf_has_no_made_up_creation_date() -> None:
    """ReportLab's invariant mode writes 2000-01-01; the PDF leaves the date out instead."""
    data = pdf(sample_plan())
    info = read(data).metadata
    assert info is not None
    assert "/CreationDate" not in info
    assert "/ModDate" not in info
    assert b"D:2000" not in data
    title = info["/Title"]
    assert isinstance(title, str)
    assert title.startswith("Strength plan:")
    # and no font is referenced without being embedded (ReportLab's initial Helvetica)
    assert b"Helvetica" not in data


def test_set_boxes_say_what_to_write() -> None:
    by_kind = {}
    for _, session in sample_plan().sessions():
        for p in session.exercises:
            kind = (
                "hold"
                if p.seconds is not None
                else "carry"
                if p.distance_m is not None
                else "contacts"
                if p.contacts is not None
                else p.load.type.value
            )
            by_kind[kind] = _pdf_rows._box_mark(p)
    assert by_kind["hold"] == "s"  # a hold's box takes the seconds, not reps × load
    assert by_kind["carry"] == "m ×"
    assert by_kind["contacts"] == ""
    assert by_kind["choose"] == "×"


def test_a_set_done_on_each_side_has_a_part_of_its_box_for_each() -> None:
    """New-user review C6: a /side exercise had one box a set for both legs. Its boxes are
    split in an L and an R part (labelled '1 L', '1 R', …); other exercises' are not."""
    plan = sample_plan()
    rows = [(p, _pdf_rows._row(1, p)) for _, s in plan.sessions() for p in s.exercises]
    assert {row.sides for p, row in rows if p.per_side} == {("L", "R")}
    assert {row.sides for p, row in rows if not p.per_side} == {("",)}
    week = next(w for w in plan.weeks if w.sessions)
    session = next(s for s in week.sessions if any(p.per_side for p in s.exercises))
    one = plan.model_copy(update={"weeks": [week.model_copy(update={"sessions": [session]})]})
    reader = read(pdf(one))
    text = " ".join(" ".join(page.extract_text().split()) for page in reader.pages)
    most = max(p.sets for p in session.exercises if p.per_side)
    for n in range(1, most + 1):
        assert f"{n} L" in text and f"{n} R" in text
    assert f"{most + 1} L" not in text
    assert "each box split in two, L and R" in text  # the cover says how to use them


def test_split_set_boxes_take_no_more_paper(monkeypatch: pytest.MonkeyPatch) -> None:
    plan = sample_plan()
    split = len(read(pdf(plan)).pages)
    monkeypatch.setattr(_pdf_rows, "SIDES", _pdf_rows.ONE_SIDE)
    whole = len(read(pdf(plan)).pages)
    assert split == whole


@pytest.mark.parametrize("weeks", [17, 20, 28])
@pytest.mark.parametrize("paper", list(Paper))
@pytest.mark.slow
def test_a_long_overview_leaves_no_nearly_blank_page(weeks: int, paper: Paper) -> None:
    """The overview of a 17+ week plan runs onto page 2; the first week follows it there."""
    reader = read(pdf(big_plan(weeks=weeks), paper))
    height = SIZES[paper][1]
    for number, page in enumerate(reader.pages[:-1], start=1):
        body = [y for _, _, y in _sized_text(page) if y > pdf_layout.MARGIN_BOTTOM]
        assert min(body) < height / 2, f"page {number} of {weeks} weeks is half empty"
    # week 1 starts on page 2, under the rest of the overview when it runs on (with its
    # header repeated), or under nothing when the overview fits on the cover page
    second = words(reader.pages[1].extract_text())
    assert "Week 1 · Anatomical adaptation (AA)" in second
    assert f"{weeks} Max strength" in words(reader.pages[0].extract_text() + " " + second)
    if not second.startswith("Week 1"):
        assert second.startswith("Week Phase Sessions")


@pytest.mark.parametrize(
    "url",
    ["javascript:alert(1)", " javascript:alert(1)", "file:///etc/passwd", "\\\\host\\share\\x.pdf"],
)
def test_pdf_links_only_http(url: str) -> None:
    """A hostile link that got past the catalog (a plan built in code) is never an action."""
    plan = sample_plan()
    week = plan.weeks[0]
    session = week.sessions[0]
    bad = session.exercises[0].model_copy(update={"video": url})
    session = session.model_copy(update={"exercises": [bad, *session.exercises[1:]]})
    week = week.model_copy(update={"sessions": [session, *week.sessions[1:]]})
    plan = plan.model_copy(update={"weeks": [week, *plan.weeks[1:]]})
    uris = {
        str(annot.get_object()["/A"]["/URI"])
        for page in read(pdf(plan)).pages
        for annot in page.get("/Annots") or []
        if annot.get_object().get("/A") is not None
    }
    assert url not in uris
    assert uris and all(u.startswith("https://") for u in uris)


@pytest.mark.parametrize("paper", list(Paper))
def test_the_set_boxes_head_fits_its_column(paper: Paper, monkeypatch: pytest.MonkeyPatch) -> None:
    """The new-user QA run: on a deload week's card (one set a row: narrow set boxes) the
    head "Done, each set: reps × load" ran over the RIR head. The longest head that fits
    the column is drawn; each ends before its card's "RIR" (positions as drawn)."""
    from runstrength.catalog import load_catalog
    from runstrength.models import Profile
    from runstrength.plan.engine import generate_plan
    from runstrength.render import _pdf_text

    from helpers import RULES

    drawn: list[tuple[str, float, float]] = []
    for pen in (_pdf_text._Pen, _pdf_text._ReportLabPen):
        real = pen.put

        def put(
            self: object, word: str, style: object, x: float, y: float, real: Any = real
        ) -> None:
            drawn.append((word, x, y))
            real(self, word, style, x, y)

        monkeypatch.setattr(pen, "put", put)
    profile = Profile(start_date=dt.date(2026, 12, 7))  # week 5 is a novice's deload
    plan = generate_plan(profile, load_catalog(), RULES, today=dt.date(2026, 12, 5))
    assert any(w.deload for w in plan.weeks)
    pdf(plan, paper)
    heads = ("Done, each set: reps × load", "Done: reps × load", "Reps × load")
    small = pdf_layout._SMALL
    placed = [(word, x, y) for word, x, y in drawn if word in heads]
    assert len(placed) == len(plan.sessions())
    for word, x, y in placed:
        rir = [rx for w, rx, ry in drawn if w == "RIR" and ry == y and rx > x]
        assert rir, (word, x, y)
        assert x + stringWidth(word, small.font, small.size) < min(rir), (word, paper)
    used = {word for word, _, _ in placed}
    assert "Done, each set: reps × load" in used and len(used) >= 2, used  # wide and narrow
