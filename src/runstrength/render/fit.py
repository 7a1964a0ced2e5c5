"""FIT workouts (issue 13): each strength session as a file a watch follows set by set.

A FIT workout file holds one workout, so `render` takes a plan of exactly one session;
`session_files` gives one file per session with stable names, for `plan --out-dir DIR`
and for `plan -o NAME.fit` of a longer plan (the CLI writes them next to NAME.fit). The encoding is
`watch.fit_workout`, which imports Garmin's SDK (the `watch` extra) only when it runs.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from runstrength.errors import RenderError

if TYPE_CHECKING:
    from runstrength.models import Plan
    from runstrength.render import RenderOptions


def render(plan: Plan, options: RenderOptions) -> bytes:
    """The plan's only session as FIT workout bytes; a longer plan is a one-line error."""
    sessions = plan.sessions()
    if len(sessions) != 1:
        raise RenderError(
            f"a FIT file holds one workout and this plan has {len(sessions)} sessions; "
            "write them with -o NAME.fit (one file per session next to it) or --out-dir DIR"
        )
    return session_files(plan)[0][1]


def session_files(plan: Plan) -> list[tuple[str, bytes]]:
    """(file name, FIT bytes) for every session in calendar order; names never collide."""
    from runstrength.watch.fit_exercises import load_table
    from runstrength.watch.fit_workout import encode_session, file_name

    table = load_table()
    unit = plan.inputs.load_unit
    files: list[tuple[str, bytes]] = []
    seen: set[str] = set()
    for week, session in plan.sessions():
        name = file_name(session, week.index)
        if name in seen:  # two sessions on one date: keep the week in the name
            name = name.removesuffix(".fit") + f"-w{week.index:02d}.fit"
        seen.add(name)
        files.append((name, encode_session(session, load_unit=unit, table=table)))
    return files
