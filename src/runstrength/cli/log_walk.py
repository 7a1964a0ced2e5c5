"""`runstrength log` with no arguments on a terminal: walk the next session exercise by
exercise, asking what was done (Enter accepts the prescription), then save it (split out
of log_cmd.py, which calls `_log_interactive`)."""

import datetime as dt
from collections.abc import Callable
from typing import TYPE_CHECKING

import typer

from runstrength.cli import console
from runstrength.cli.log_common import core, log_path
from runstrength.errors import InvalidInput

if TYPE_CHECKING:
    from collections.abc import Sequence

    from runstrength.enums import LoadUnit, PainRegion
    from runstrength.log.records import LoggedSet
    from runstrength.models import Catalog, Prescription


def _log_interactive(day: dt.date, now: dt.date, note: str | None) -> None:
    from runstrength.log import service
    from runstrength.log.storage import SessionLog

    catalog, rules = core()
    with SessionLog(log_path()) as log:
        active, nxt = service.next_to_walk(log, day, now, catalog, rules)
        unit = service.load_unit(log, active)
        typer.echo(
            f"Week {nxt.week.index}, session {nxt.session.label}"
            f" ({day.isoformat()}). Enter accepts [what is shown]; or type what you did "
            "(5,5,4@82.5, 3x30s) or skip."
        )
        for line in nxt.notes:
            console.echo(line, fg="yellow")
        entries: list[LoggedSet] = []
        skipped: list[str] = []
        total = len(nxt.session.exercises)
        for i, p in enumerate(nxt.session.exercises, start=1):
            done = _ask_exercise(f"{i}/{total}", p, unit, catalog, rules.pain.modify_at)
            entries += done
            if not done:  # kept as skipped: the session is whole without it
                skipped.append(p.id)
        if note is None:
            note = typer.prompt("Note (optional)", default="", show_default=False).strip() or None
        _summary(nxt.session.exercises, entries)
        if not typer.confirm("Save this session?", default=True):
            typer.echo("Nothing saved.")
            return
        saved = service.save_next(log, active, nxt, day, entries, note, skipped)
    typer.echo(f"Saved session #{saved.id}.")


def _ask_exercise(
    count: str, p: "Prescription", unit: "LoadUnit", catalog: "Catalog", modify_at: int
) -> "list[LoggedSet]":
    """One exercise of the walk: what was done (Enter: as prescribed; `skip`: nothing),
    then its RIR (when it has a target) and pain, and at a pain of `modify_at` or more
    where it hurts (`_ask_where`)."""
    from runstrength.log.entries import as_contacts, logged_sets, prescribed_doses, spec_of
    from runstrength.log.spec import parse_scale, parse_spec
    from runstrength.render.common import dose_text, load_text

    typer.echo(f"{count} {p.name}: {dose_text(p)}, {load_text(p)}")
    default = spec_of(p)
    prescribed = prescribed_doses(p, unit)
    while True:
        raw = typer.prompt("  done", default=default).strip()
        if raw.lower() == "skip":
            return []
        try:
            doses = parse_spec(raw, unit, prescribed)
            if p.id in catalog:  # a jump typed in plain reps counts its contacts
                doses = as_contacts(doses, catalog.exercises[p.id])
        except InvalidInput as exc:
            console.echo(f"  {exc}", fg="red")
            continue
        break
    if not doses:
        return []
    failed = any(d.reps == 0 for d in doses)  # a failed set: no reps in reserve
    rir: int | None = None
    while p.target_rir is not None:
        rir = _ask_scale("  RIR", "0" if failed else str(p.target_rir), parse_scale)
        if not (failed and rir):
            break
        console.echo("  a set of 0 reps failed: its RIR is 0", fg="red")
    pain = _ask_scale("  pain 0–10", "0", parse_scale)
    # a 0 is a report (pain-free), not "no score": it clears a flag (§10.3)
    where = None
    if pain is not None and pain >= modify_at:
        ex = catalog.get(p.id)
        where = _ask_where(p.id, ex.regions if ex is not None else [])
    return logged_sets(p.id, doses, rir=rir, pain=pain, p=p, where=where)


def _ask_where(exercise_id: str, loaded: "Sequence[PainRegion]") -> "tuple[PainRegion, ...] | None":
    """Where a pain that flags hurt, when the exercise loads more than one region (§10.3:
    a sore knee on a goblet squat flagged the hip too): the regions typed (`knee`,
    `knee,hip`; one it does not load is taken as given), or None for every one of them
    (Enter). One region loaded: nothing to ask."""
    from runstrength.cli.log_pain import taken_as_given
    from runstrength.log.pain_types import parse_regions

    if len(loaded) < 2:
        return None
    every = "both" if len(loaded) == 2 else "all"
    question = f"  Where does it hurt? {', '.join(r.value for r in loaded)}"
    while True:
        raw = typer.prompt(question, default=every).strip()
        if raw.lower() in ("", "both", "all"):
            return None
        try:
            where = parse_regions(raw)
        except InvalidInput as exc:
            console.echo(f"  {exc}", fg="red")
            continue
        if (given := taken_as_given(exercise_id, where)) is not None:
            console.echo(f"  {given}", fg="yellow")
        return where


def _summary(exercises: "list[Prescription]", entries: "list[LoggedSet]") -> None:
    """Every exercise of the session by name, a skipped one too (new-user review C5)."""
    from runstrength.log.entries import entry_text

    typer.echo("\nSummary:")
    by_exercise: dict[str, list[LoggedSet]] = {}
    for st in entries:
        by_exercise.setdefault(st.exercise_id, []).append(st)
    for p in exercises:
        sets = by_exercise.get(p.id)
        typer.echo(f"  {p.name}: {entry_text(sets) if sets else 'skipped'}")
    if not entries:
        typer.echo("  (everything skipped)")


def _ask_scale(label: str, default: str, parse: Callable[[str, str], int | None]) -> int | None:
    while True:
        raw = typer.prompt(label, default=default)
        try:
            return parse(label.strip(), raw)
        except InvalidInput as exc:
            console.echo(f"  {exc}", fg="red")
