"""`runstrength plan` into PDF, ICS and HTML files, and the errors around them."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from typer.testing import CliRunner

from runstrength.cli import app

runner = CliRunner()
START = "2026-12-07"


def plan(*args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, ["plan", *args])
    return result.exit_code, result.stdout, result.stderr


@pytest.mark.parametrize("suffix", ["pdf", "ics", "html"])
def test_formats_from_the_extension(tmp_path: Path, suffix: str) -> None:
    target = tmp_path / f"plan.{suffix}"
    code, _, err = plan("--season", "off", "--start", START, "-o", str(target))
    assert code == 0, err
    assert err == f"Wrote {target} ({suffix})\n"
    data = target.read_bytes()
    assert data.startswith(
        {"pdf": b"%PDF", "ics": b"BEGIN:VCALENDAR", "html": b"<!DOCTYPE"}[suffix]
    )


def test_pdf_paper_sizes_differ(tmp_path: Path) -> None:
    from pypdf import PdfReader

    sizes = {}
    for paper in ("a4", "letter"):
        target = tmp_path / f"{paper}.pdf"
        code, _, err = plan("--start", START, "--paper", paper, "-o", str(target))
        assert code == 0, err
        box = PdfReader(target).pages[0].mediabox
        sizes[paper] = (round(float(box.width)), round(float(box.height)))
    assert sizes == {"a4": (595, 842), "letter": (612, 792)}


def test_ics_needs_dates_and_leaves_no_file(tmp_path: Path) -> None:
    target = tmp_path / "plan.ics"
    code, _, err = plan("--season", "off", "-o", str(target))
    assert code == 2
    assert err == "Error: ICS needs dates: give --start or --race-date\n"
    assert list(tmp_path.iterdir()) == [tmp_path / "rs-home"] or not target.exists()
    assert not target.exists()
    assert not list(tmp_path.glob(".plan.ics*"))


def test_ics_timed_events_in_a_zone(tmp_path: Path) -> None:
    target = tmp_path / "plan.ics"
    code, _, err = plan(
        "--start",
        START,
        "--time",
        "18:30",
        "--duration",
        "1h",
        "--tz",
        "Europe/Oslo",
        "-o",
        str(target),
    )
    assert code == 0, err
    text = target.read_text()
    assert "DTSTART;TZID=Europe/Oslo:20261207T183000" in text
    assert "DTEND;TZID=Europe/Oslo:20261207T193000" in text
    assert "BEGIN:VTIMEZONE" in text


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--paper", "a3"], "Error: --paper: 'a3' is not one of a4, letter"),
        (["--time", "25:00"], "Error: --time: '25:00' is not a time of day; use HH:MM"),
        (
            ["--duration", "forever"],
            "Error: --duration: 'forever' is not a length like 45m or 1h30m",
        ),
        (["--tz", "Mars/Olympus"], "Error: --tz: unknown time zone 'Mars/Olympus'"),
    ],
)
def test_bad_render_flags(args: list[str], message: str) -> None:
    code, _, err = plan(*args)
    assert code == 2
    assert err == message + "\n"


def test_unknown_extension(tmp_path: Path) -> None:
    code, _, err = plan("-o", str(tmp_path / "plan.docx"))
    assert code == 2
    assert err.startswith(f"Error: -o {tmp_path / 'plan.docx'}: unknown extension;")


def test_markdown_converts_with_pandoc(tmp_path: Path) -> None:
    pandoc = shutil.which("pandoc")
    if pandoc is None:
        pytest.skip("pandoc is not installed")
    md = tmp_path / "plan.md"
    code, _, err = plan("--start", START, "-o", str(md))
    assert code == 0, err
    html = subprocess.run(
        [pandoc, "-f", "gfm", "-t", "html", str(md)], capture_output=True, text=True, check=True
    ).stdout
    assert html.count("<table>") == 12 * 3 + 1  # one per session, plus the inputs table
    assert 'trap+bar+deadlift+exercise">Trap' in " ".join(html.split())


def test_name_titles_every_format_but_json(tmp_path: Path) -> None:
    """A coach's printouts and calendars name their runner (QA: a roster's PDFs and
    calendars could be told apart by file name alone). JSON, a contract, is unchanged."""
    base = ["--season", "off", "--start", "2026-12-07", "--weeks", "2"]
    title = "Strength plan for Ana Silva: off-season, 2 weeks, 3 days/week"
    for ext in ("md", "html", "ics", "pdf", "json"):
        for named in (True, False):
            out = tmp_path / f"{'named' if named else 'plain'}.{ext}"
            flags = ["--name", " Ana \t Silva "] if named else []
            code, _, err = plan(*base, *flags, "-o", str(out))
            assert code == 0, err
        named_bytes = (tmp_path / f"named.{ext}").read_bytes()
        plain_bytes = (tmp_path / f"plain.{ext}").read_bytes()
        if ext == "json":
            assert named_bytes == plain_bytes
        elif ext == "pdf":
            from pypdf import PdfReader

            first = PdfReader(tmp_path / "named.pdf").pages[0].extract_text()
            assert title in " ".join(first.split())
        else:
            said = title.replace(",", "\\,") if ext == "ics" else title  # ICS TEXT escapes
            named_bytes, plain_bytes = (  # ICS lines are folded at 75 octets
                b.replace(b"\r\n ", b"") for b in (named_bytes, plain_bytes)
            )
            assert said.encode() in named_bytes and said.encode() not in plain_bytes, ext
    code, table, _ = plan(*base, "--name", "Ana Silva", "-f", "table")
    assert code == 0 and table.startswith(title)


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("\x1b[31mx", "Error: --name: contains the control character U+001B\n"),
        ("   ", "Error: --name: is empty\n"),
        ("x" * 121, "Error: --name: longer than 120 characters\n"),
    ],
)
def test_bad_names_are_one_line(name: str, message: str) -> None:
    code, _, err = plan("--name", name, "-f", "md")
    assert (code, err) == (2, message)
