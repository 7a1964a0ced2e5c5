"""FIT workouts out of the CLI (issue 13): `plan --out-dir DIR` writes one file per session,
`next --format fit` one file. Shared by `plan` and `next`; the SDK loads only here."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING

import typer

from runstrength.enums import Format
from runstrength.errors import RenderError, WriteError

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


def write_plan(plan: Plan, out_dir: Path) -> list[Path]:
    """Every session of `plan` as a FIT workout in `out_dir` (created), stable names."""
    from runstrength.fileio import atomic_write
    from runstrength.render.fit import session_files

    files = session_files(plan)  # encode first: nothing is written when that fails
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise WriteError(f"--out-dir {out_dir}: cannot create it ({exc.strerror})") from None
    written = []
    for name, data in files:
        path = out_dir / name
        atomic_write(path, data, f"--out-dir {path}")
        written.append(path)
    typer.echo(f"Wrote {len(written)} FIT workouts to {out_dir} (one per session)", err=True)
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
        typer.secho(
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
