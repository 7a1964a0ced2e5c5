"""A plan's warnings, one line per thing to say: the same note of many weeks said once.

The engine notes what it could not do week by week ("week 3: the achilles minimum … is not
met: …"). A 26-week build can repeat one such note twenty times, and a roster of runners
prints every line; so a note said of several weeks becomes one line naming the weeks
("weeks 1–12: …"). The notes of the whole plan come first, then the week notes in the
order of their first week.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

_WEEK = re.compile(r"week (\d+): ")
_WEEKS = re.compile(r"weeks? ([\d–, ]+): ")


def merge_weeks(warnings: list[str]) -> list[str]:
    """The warnings of the whole plan first, as they came; then the week notes in week
    order, each note said of several weeks merged into one line.

    >>> merge_weeks(["week 2: x", "a", "week 1: x", "week 4: x", "week 1: y"])
    ['a', 'weeks 1–2, 4: x', 'week 1: y']
    """
    weeks: dict[str, set[int]] = {}
    plain: list[str] = []
    for warning in warnings:
        found = _WEEK.match(warning)
        if found is None:
            plain.append(warning)
        else:
            weeks.setdefault(warning[found.end() :], set()).add(int(found[1]))
    ordered = sorted(weeks.items(), key=lambda item: min(item[1]))  # stable: ties as came
    return plain + [f"{week_span(indexes)}: {text}" for text, indexes in ordered]


def week_span(indexes: Iterable[int]) -> str:
    """'week 4', 'weeks 1–3', 'weeks 1–3, 5, 7–9': weeks in order, runs as ranges.

    >>> week_span([3]), week_span([2, 1, 3]), week_span([1, 2, 3, 5, 7, 8])
    ('week 3', 'weeks 1–3', 'weeks 1–3, 5, 7–8')
    """
    ordered = sorted(set(indexes))
    if len(ordered) == 1:
        return f"week {ordered[0]}"
    runs: list[list[int]] = []
    for i in ordered:
        if runs and i == runs[-1][-1] + 1:
            runs[-1].append(i)
        else:
            runs.append([i])
    parts = [f"{run[0]}–{run[-1]}" if len(run) > 1 else str(run[0]) for run in runs]
    return "weeks " + ", ".join(parts)


# What a week the race left empty says after its "week N: " (build.week_notes): every race
# build's race week has it, and its heading says so in the plan, so a roster run lists it
# with no other warning (coach.roster).
EMPTY = "no strength sessions"  # how a week with none says so, before its reason
RACE_EMPTIED = f"{EMPTY} (the race is too close)"


def weeks_named(warning: str) -> frozenset[int]:
    """The weeks a warning speaks of ('weeks 1–3, 5: …' → {1, 2, 3, 5}); none for a note
    of the whole plan.

    >>> sorted(weeks_named("weeks 1–3, 5: x")), sorted(weeks_named("week 7: y"))
    ([1, 2, 3, 5], [7])
    """
    found = _WEEKS.match(warning)
    if found is None:
        return frozenset()
    out: set[int] = set()
    for part in found[1].split(", "):
        lo, _, hi = part.partition("–")
        out.update(range(int(lo), int(hi or lo) + 1))
    return frozenset(out)
