"""What `next` and the plan view say about pain (docs/method.md §10.3, §5.3): the referral
text and the question after a red flag, a flagged region, next-morning holds and re-entry
windows; and what `log pain-next-day` recorded. Words only: pain.py decides what the flags
do."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import TYPE_CHECKING

from runstrength.enums import PainRegion
from runstrength.log.pain_types import REGION_NAMES, PainState, above_during, region_name

if TYPE_CHECKING:
    from runstrength.log.clearance import NextDayReport

CLEAR_COMMAND = "runstrength log clear"


def clear_command(regions: Sequence[PainRegion]) -> str:
    """The check-in that clears `regions`, quoted: `runstrength log clear knee hip`."""
    return f"`{CLEAR_COMMAND} {' '.join(r.value for r in regions)}`"


def region_names(regions: Sequence[PainRegion]) -> str:
    """'knee', 'knee and hip', 'knee, hip and hamstring'."""
    names = [region_name(r) for r in regions]
    return names[0] if len(names) == 1 else f"{', '.join(names[:-1])} and {names[-1]}"


def next_day_lines(report: NextDayReport, pain: int, exercise_id: str | None) -> list[str]:
    """What `log pain-next-day` says it recorded: the regions the report counts for, and,
    when the runner named none (§10.3: where the session logged pain, else every region it
    trained), why those and the command that names where it hurts instead (the log-loop QA
    pass: six regions flagged, none of them said)."""
    when = report.date.isoformat()
    at = f" in the {region_names(report.regions)}" if report.regions else ""
    if report.basis in ("named", "exercise"):
        on = f" on {exercise_id}" if exercise_id else ""
        at = at if report.basis == "named" else ""
        replaced = ""
        if report.replaced:
            scores = [f"{p}/10" for p in report.replaced]
            which = "the report of" if len(scores) == 1 else "the reports of"
            replaced = f"; it replaces {which} {_joined(scores)} that named no region"
        return [
            f"Recorded next-morning pain {pain}/10{at}{on} after the session of {when}{replaced}."
        ]
    if report.basis == "hurt":
        why, ask = "where that session logged pain", "Somewhere else? Name where it hurts"
    elif report.regions:
        why, ask = "every region it loaded, as it logged no pain", "Name where it hurts"
    else:
        why = "it loaded no pain region, so this report counts for none"
        ask = "Name where it hurts"
    command = f"runstrength log pain-next-day {pain} --where REGION[,REGION] --date {when}"
    return [
        f"Recorded next-morning pain {pain}/10{at} after the session of {when}: {why}.",
        f"{ask}: `{command}` replaces this report ({REGION_NAMES}).",
    ]


def _joined(words: Sequence[str]) -> str:
    return words[0] if len(words) == 1 else f"{', '.join(words[:-1])} and {words[-1]}"


def notes(state: PainState, left_out: Sequence[str]) -> list[str]:
    """The lines `next` prints about pain: the referral text and the question after a red
    flag (every time, until a check-in), a flagged region, holds and re-entry windows.
    Regions flagged by the same report share a line."""
    lines: list[str] = []
    out = f" Left out: {', '.join(left_out)}." if left_out else ""
    groups: dict[tuple[bool, int, dt.date], list[PainRegion]] = {}
    for f in sorted(state.flags.values(), key=lambda f: list(PainRegion).index(f.region)):
        groups.setdefault((f.red, f.pain, f.since), []).append(f.region)
    for (red, pain, since), regions in sorted(groups.items(), key=lambda g: not g[0][0]):
        names = region_names(regions)
        command = clear_command(regions)
        if red:
            lines.append(
                f"Red flag: pain {pain}/10 in the {names} since {since.isoformat()}. "
                f"Loaded work there, and all jumping, stays out until you confirm it has cleared. "
                "Stop exercises that hurt and see a doctor or physiotherapist before "
                f"continuing.{out}"
            )
            lines.append(
                f"Has a doctor or physiotherapist cleared your {names}, and is it pain-free "
                f"in daily life? If yes: {command}."
            )
        else:
            lines.append(
                f"Pain {pain}/10 in the {names} since {since.isoformat()}: no jumping, "
                "unloading variants and no load increase there until a session logs pain "
                f"≤ 2/10 there.{out} Settled? {command}."
            )
        out = ""
    held: dict[tuple[dt.date, int, int | None], list[PainRegion]] = {}
    # a red flag stops the region's loaded work: "loads held" there said it went on (QA)
    stopped = {f.region for f in state.flags.values() if f.red}
    for h in sorted(state.holds.values(), key=lambda h: list(PainRegion).index(h.region)):
        if h.region not in stopped:
            held.setdefault((h.date, h.pain, h.during), []).append(h.region)
    for (date, pain, during), regions in held.items():
        lines.append(
            f"Next-morning pain {pain}/10 after {date.isoformat()}, {above_during(during)}: "
            f"loads held for the {region_names(regions)}."
        )
    cleared: dict[tuple[dt.date, dt.date], list[PainRegion]] = {}
    for x in sorted(state.restarts.values(), key=lambda x: list(PainRegion).index(x.region)):
        cleared.setdefault((x.cleared, x.until), []).append(x.region)
    for (on, until), regions in cleared.items():
        lines.append(
            f"{region_names(regions).capitalize()} cleared on {on.isoformat()}: re-entry doses "
            f"there until {until.isoformat()}."
        )
    return lines
