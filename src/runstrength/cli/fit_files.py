"""FIT workouts out of the CLI (issue 13): `plan --out-dir DIR` writes one file per session,
`next --format fit` one file. Shared by `plan` and `next`; the SDK loads only here."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import typer

from runstrength.enums import Format
from runstrength.errors import RenderError, WriteError

if TYPE_CHECKING:
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
