"""FIT workouts out of the CLI (issue 13): `plan --out-dir DIR` writes one file per session,
`next --format fit` one file. Shared by `plan` and `next`; the SDK loads only here.

A FIT workout file holds one workout, so `plan -o NAME.fit` of a plan with several
sessions writes one file per session next to NAME.fit, named as `--out-dir` names them
with NAME for `runstrength` (`plan-2026-12-08-A.fit`), and lists them; a one-session plan
is NAME.fit itself."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING

import typer

from runstrength.cli import console
from runstrength.enums import Format
from runstrength.errors import RenderError, WriteError
from runstrength.fileio import check_out_dir_place
from runstrength.text import printable

if TYPE_CHECKING:
    from runstrength.log.records import LoggedSet
    from runstrength.models import Plan, Session


def check_out_dir(out_dir: Path | None, fmt: str | None, out: Path | None) -> None:
    """--out-dir writes FIT workouts: no -o with it, and no other --format."""
    if out_dir is None:
        return
    if out is not None:
        raise RenderError("give either -o FILE or --out-dir DIR, not both")
    if fmt is not None and fmt.strip().lower() != Format.FIT.value:
        raise RenderError(f"--out-dir writes FIT workouts (one per session), not {fmt}")
    if out_dir.exists() and not out_dir.is_dir():
        raise WriteError(f"--out-dir {out_dir}: is a file, not a folder")
    check_out_dir_place(out_dir, "workouts")  # before write_plan makes it


def write_plan(plan: Plan, out_dir: Path) -> list[Path]:
    """Every session of `plan` as a FIT workout in `out_dir` (created), stable names."""
    from runstrength.render.fit import session_files

    files = session_files(plan)  # encode first: nothing is written when that fails
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise WriteError(f"--out-dir {out_dir}: cannot create it ({exc.strerror})") from None
    written = _write_all(files, out_dir, "--out-dir")
    gone = _clear_earlier(out_dir, {p.name for p in written})
    removed = f"; removed {gone} workouts of an earlier plan" if gone else ""
    typer.echo(
        f"Wrote {len(written)} FIT workouts to {printable(out_dir)} (one per session){removed}",
        err=True,
    )
    return written


def _clear_earlier(out_dir: Path, kept: set[str]) -> int:
    """Remove the workouts of an earlier plan from `out_dir`: files named as `file_name`
    names them (`FILE_NAMES`: `runstrength-2026-12-07-A.fit`, `runstrength-w01-A.fit`)
    that this plan did not write. A watch imports the whole folder, and the old sessions
    would come back with the new ones (the QA pass). Other files are left alone."""
    import re

    from runstrength.watch.fit_workout import FILE_NAMES

    ours = re.compile(FILE_NAMES)
    gone = 0
    for path in sorted(out_dir.iterdir()):
        if path.name in kept or not ours.fullmatch(path.name) or not path.is_file():
            continue
        try:
            path.unlink()
        except FileNotFoundError:
            continue  # removed meanwhile
        except OSError as exc:
            raise WriteError(f"--out-dir {path}: cannot remove it ({exc.strerror})") from None
        gone += 1
    return gone


def one_per_session(plan: Plan, fmt: str | None, out: Path | None) -> bool:
    """Whether `plan -o NAME.fit` is to write one file per session (the plan has several)."""
    if out is None:
        return False
    from runstrength.cli.output import choose_format

    return choose_format(fmt, out) is Format.FIT and len(plan.sessions()) > 1


def write_beside(plan: Plan, out: Path) -> list[Path]:
    """`plan -o NAME.fit` of a plan with several sessions: one FIT workout per session next
    to NAME.fit (a FIT file holds one workout), named like `--out-dir`'s, and the list."""
    from runstrength.fileio import check_writable
    from runstrength.render.fit import session_files

    check_writable(out, f"-o {out}")  # its folder, before any encoding
    stem = out.name.removesuffix(out.suffix) or "plan"
    files = [(stem + name.removeprefix("runstrength"), data) for name, data in session_files(plan)]
    written = _write_all(files, out.parent, "-o")
    typer.echo(
        f"Wrote {len(written)} FIT workouts next to {printable(out)} (a FIT file holds one "
        "workout, so one per session):",
        err=True,
    )
    for path in written:
        typer.echo(f"  {path}", err=True)
    return written


def _write_all(files: list[tuple[str, bytes]], folder: Path, flag: str) -> list[Path]:
    from runstrength.fileio import atomic_write

    written = []
    for name, data in files:
        path = folder / name
        atomic_write(path, data, f"{flag} {path}")
        written.append(path)
    return written


def session_bytes(session: Session) -> bytes:
    """One session (e.g. `next`'s) as FIT workout bytes."""
    from runstrength.enums import LoadUnit
    from runstrength.watch.fit_workout import encode_session

    units = {p.load.unit for p in session.exercises if p.load.unit in ("kg", "lb")}
    unit = LoadUnit(units.pop()) if len(units) == 1 else LoadUnit.KG
    return encode_session(session, load_unit=unit)


def log_activity(file: Path) -> None:
    """`log import activity.fit`: log a strength activity from the watch and say what it did."""
    from runstrength.cli import context
    from runstrength.cli.log_common import core, log_path
    from runstrength.log.entries import entry_text
    from runstrength.log.watch_import import import_activity

    catalog, rules = core()
    done = import_activity(
        log_path(), file, now=context.today(), catalog=catalog, rules=rules, tz=local_zone()
    )
    s = done.session
    where = f" as plan session {s.label} (week {s.week})" if s.week is not None else ""
    typer.echo(f"Logged session #{s.id} on {s.date}{where} from {file.name}:")
    by_id: dict[str, list[LoggedSet]] = {}
    for logged in s.sets:
        by_id.setdefault(logged.exercise_id, []).append(logged)
    for exercise_id, sets in by_id.items():
        typer.echo(f"  {exercise_id}: {entry_text(sets)}")
    if done.unmapped:
        console.echo(
            f"Not logged: {done.unmapped_sets} set(s) of {', '.join(done.unmapped)} "
            "(no catalog exercise for them; log them with `runstrength log EXERCISE SPEC`)",
            fg="yellow",
            err=True,
        )


def local_zone() -> dt.tzinfo | None:
    """The machine's time zone: the day of an activity whose file gives no UTC offset."""
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

    from runstrength.cli.output import local_zone_name

    try:
        return ZoneInfo(local_zone_name())
    except (ZoneInfoNotFoundError, ValueError):
        return None
