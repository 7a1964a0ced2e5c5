"""Where a plan goes: stdout (table on a terminal, Markdown in a pipe) or a file.

The clock and the inputs (`today()`, `core_inputs()`) live in cli/context.py.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import sys
from pathlib import Path
from typing import TYPE_CHECKING

import typer

from runstrength.cli.console import colour_allowed, warn
from runstrength.enums import Format, Paper
from runstrength.errors import InvalidProfile, RenderError
from runstrength.numbers import shown
from runstrength.text import is_ascii_digits, printable

if TYPE_CHECKING:
    from runstrength.models import Plan
    from runstrength.render import RenderOptions

__all__ = ["choose_format", "emit_plan", "render_options", "render_plan"]
TABLE_SUFFIX = ".txt"  # `-o plan.txt` saves the terminal table, without colour


def stdout_is_terminal() -> bool:
    """Whether a person is reading stdout."""
    return sys.stdout is not None and sys.stdout.isatty()


def choose_format(fmt: str | None, out: Path | None) -> Format:
    """--format wins; else the -o extension; else table on a terminal and md in a pipe."""
    from runstrength.inputs import parse_choice
    from runstrength.render import EXTENSIONS

    suffixes = {TABLE_SUFFIX: Format.TABLE, **EXTENSIONS}
    if fmt is not None:
        chosen = parse_choice("--format", fmt, Format)
        named = suffixes.get(out.suffix.lower()) if out is not None else None
        if named is not None and named is not chosen:
            raise InvalidProfile(
                f"--format {chosen.value} contradicts -o {out} (a {named.value} file name); "
                "drop one of them"
            )
        return chosen
    if out is not None:
        found = suffixes.get(out.suffix.lower())
        if found is None:
            known = ", ".join(sorted(suffixes))
            raise RenderError(f"-o {out}: unknown extension; use {known} or give --format")
        return found
    return Format.TABLE if stdout_is_terminal() else Format.MD


_DURATION = re.compile(r"\s*(?:(?P<h>[0-9]{1,3})\s*h)?\s*(?:(?P<m>[0-9]{1,4})\s*m(?:in)?)?\s*")


def render_options(
    *, paper: str, time: str | None, duration: str, tz: str | None, name: str | None = None
) -> RenderOptions:
    """Parse the rendering flags."""
    from runstrength.inputs import parse_choice
    from runstrength.render import RenderOptions

    paper_size = parse_choice("--paper", paper, Paper)
    at: dt.time | None = None
    if time is not None:
        try:
            if not time.strip().isascii() or len(time) > 20:
                raise ValueError(time)
            at = dt.time.fromisoformat(time.strip())
        except ValueError:
            raise InvalidProfile(f"--time: {shown(time)} is not a time of day; use HH:MM") from None
    match = _DURATION.fullmatch(duration) if len(duration) <= 20 else None
    minutes = 0
    if match and (match["h"] or match["m"]):
        minutes = int(match["h"] or 0) * 60 + int(match["m"] or 0)
    elif len(duration) <= 20 and is_ascii_digits(duration.strip()):  # bare minutes
        minutes = int(duration)
    if not 5 <= minutes <= 600:
        raise InvalidProfile(f"--duration: {shown(duration)} is not a length like 45m or 1h30m")
    zone = tz
    if zone is not None:
        _check_zone(zone, "--tz")
    elif at is not None:
        zone = local_zone_name()
        _check_zone(zone, "$TZ" if os.environ.get("TZ") else "/etc/localtime")
    width = 100 if not stdout_is_terminal() else typer_width()
    return RenderOptions(
        width=width,
        color=stdout_is_terminal() and colour_allowed(),
        paper=paper_size,
        time=at,
        duration_min=minutes,
        tz=zone,
        athlete=athlete_name(name),
    )


NAME_MAX = 120


def athlete_name(raw: str | None) -> str | None:
    """--name on one line, as a roster's name column is read (line breaks and tabs folded
    to spaces); a control character, an empty or an over-long name is refused."""
    if raw is None:
        return None
    from runstrength.text import one_line_name

    folded, bad = one_line_name(raw)
    if bad is not None:
        raise InvalidProfile(f"--name: contains the control character {bad}")
    if not folded:
        raise InvalidProfile("--name: is empty")
    if len(folded) > NAME_MAX:
        raise InvalidProfile(f"--name: longer than {NAME_MAX} characters")
    return folded


def _check_zone(zone: str, source: str) -> None:
    """An IANA zone name, or an InvalidProfile naming where it came from."""
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

    shown = printable(zone if len(zone) <= 60 else zone[:60] + "…")
    try:
        ZoneInfo(zone)
    except (ZoneInfoNotFoundError, ValueError, OSError):
        hint = "; give --tz, e.g. Europe/Berlin" if source != "--tz" else _zone_hint(zone)
        raise InvalidProfile(f"{source}: unknown time zone {shown!r}{hint}") from None


def _zone_hint(zone: str) -> str:
    """'; did you mean Europe/Berlin?' for `europe/berlin`: a zone of another case, or the
    nearest name (the second QA pass)."""
    from zoneinfo import available_timezones

    from runstrength.text import close_words

    names = sorted(available_timezones())
    same = [n for n in names if n.lower() == zone.strip().lower()]
    close = same or close_words(zone, names, most=1)
    return f"; did you mean {close[0]}?" if close else ""


def local_zone_name() -> str:
    """The machine's IANA zone ($TZ or /etc/localtime), or UTC when unknown. A $TZ is
    taken as it is (TZ=UTC too, which was passed over for having no slash), so one that
    names no zone is said as $TZ's fault where a zone is needed, not silently replaced."""
    env = os.environ.get("TZ", "").strip().lstrip(":")
    if env:
        return _posix_zone(env)
    return _zone_file_name("/etc/localtime") or "UTC"


# POSIX TZ with no daylight rule, `UTC+5` or `GMT-2`: the sign counts hours west of
# Greenwich, as in the IANA names Etc/GMT+5 and Etc/GMT-2 (the same offsets).
_POSIX_FIXED = re.compile(r"(?:UTC|GMT)([+-])([0-9]{1,2})")


def _posix_zone(value: str) -> str:
    """$TZ as an IANA zone name: a zone file's path (`:/etc/localtime`, as POSIX allows)
    read as the zone it links to, and `UTC+5` as Etc/GMT+5; anything else as it is (a name
    no zone has is said as $TZ's fault where a zone is needed). The reliability review's
    re-check: both were "unknown time zone"."""
    if os.path.isabs(value):
        return _zone_file_name(value) or value
    fixed = _POSIX_FIXED.fullmatch(value)
    if fixed is not None and int(fixed[2]) <= 14:
        hours = int(fixed[2])
        return "UTC" if hours == 0 else f"Etc/GMT{fixed[1]}{hours}"
    return value


def _zone_file_name(path: str) -> str | None:
    """The IANA name of a zone file or a link to one (…/zoneinfo/Europe/Berlin), or None."""
    try:
        target = os.path.realpath(path)
    except OSError:
        return None
    return target.split("zoneinfo/", 1)[1] if "zoneinfo/" in target else None


def typer_width() -> int:
    """The terminal width, capped for readable tables."""
    import shutil

    return min(shutil.get_terminal_size((100, 24)).columns, 140)


def emit_plan(
    plan: Plan, fmt: str | None, out: Path | None, options: RenderOptions, *, saving: bool = False
) -> None:
    """Render the plan and write it to stdout or `out`; warnings go to stderr. `saving`:
    the command saves this plan once it is written (the hints say what follows)."""

    from runstrength.fileio import check_writable
    from runstrength.render import BINARY_FORMATS

    chosen = choose_format(fmt, out)
    if out is not None and options.color:
        options = options._replace(color=False, width=100)
    if out is not None:
        check_writable(out, f"-o {out}")  # before rendering: a PDF takes a while
    data = render_plan(plan, chosen, options)
    # The terminal table carries the warnings; said on stderr too they came twice on the
    # screen (the outputs QA run). Any other output says them on stderr as well.
    on_screen = chosen is Format.TABLE and out is None and stdout_is_terminal()
    for warning in () if on_screen else plan.warnings:
        warn(f"Warning: {printable(warning)}")
    if out is not None:
        from runstrength.fileio import atomic_write

        atomic_write(out, data, f"-o {out}")
        typer.echo(f"Wrote {printable(out)} ({chosen.value})", err=True)
        return
    if chosen in BINARY_FORMATS and stdout_is_terminal():
        raise RenderError(f"{chosen.value} is binary; write it with -o FILE.{chosen.value}")
    if isinstance(data, bytes):  # a binary format, or text already encoded (JSON)
        sys.stdout.flush()
        sys.stdout.buffer.write(data)
        sys.stdout.flush()
        return
    typer.echo(data, nl=not data.endswith("\n"))
    if chosen is Format.TABLE and stdout_is_terminal():
        from runstrength.cli.hints import print_next_steps
        from runstrength.paths import user_dir

        print_next_steps(saved=saving or (user_dir() / "log.db").exists())


def render_plan(plan: Plan, fmt: Format, options: RenderOptions | None = None) -> str | bytes:
    """The plan in any format: the terminal table here, the file formats by runstrength.render."""
    if fmt is Format.TABLE:
        from runstrength.cli.terminal import render as render_table
        from runstrength.render import RenderOptions

        return render_table(plan, options or RenderOptions())
    from runstrength.render import render

    return render(plan, fmt, options)
