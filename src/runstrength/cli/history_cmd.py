"""`runstrength history`: per lift the e1RM trend, best set and last session; per week hard
sets by movement pattern and plyometric contacts.

    runstrength history [EXERCISE] [--since DATE] [--format table|json|csv]
"""

# No `from __future__ import annotations`: typer reads the command signatures at start-up.

import json
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Annotated, Any

import typer

from runstrength.cli.completion import complete_exercise
from runstrength.cli.log_common import core, log_path
from runstrength.cli.params import format_opt
from runstrength.errors import InvalidInput

if TYPE_CHECKING:
    import datetime as dt

    from runstrength.log.history import BestSet, HistoryReport, TrendPoint
    from runstrength.log.records import LoggedSet
    from runstrength.rulebook import Rulebook

Opt = typer.Option
Arg = typer.Argument
SPARKS = "▁▂▃▄▅▆▇█"


def register(app: typer.Typer, new_app: Callable[..., typer.Typer]) -> None:
    """Add `history` to the app."""
    app.command("history")(history)


def sparkline(values: Sequence[float]) -> str:
    """'▁▃▅█' for a series of numbers (flat series: a flat line)."""
    if not values:
        return ""
    low, high = min(values), max(values)
    if high - low < 1e-9:
        return SPARKS[3] * len(values)
    top = len(SPARKS) - 1
    return "".join(SPARKS[round((v - low) / (high - low) * top)] for v in values)


def history(
    exercise: Annotated[
        str | None, Arg(autocompletion=complete_exercise, help="Only this exercise.")
    ] = None,
    since: Annotated[
        str | None, Opt("--since", help="From this date (YYYY-MM-DD); weeks default to 12.")
    ] = None,
    fmt: Annotated[
        str, format_opt("table | json | csv (default table).", show_default=False)
    ] = "table",
) -> None:
    """Per lift the e1RM trend, best set and last session; per week hard sets and contacts."""
    from runstrength.cli import context
    from runstrength.log.reports import day_of, history_report

    if fmt not in ("table", "json", "csv"):
        raise InvalidInput(f"--format: {fmt!r} is not one of table, json, csv")
    now = context.today()
    start = day_of(since, now, "--since") if since is not None else None
    catalog, rules = core()
    report = history_report(
        log_path(), now=now, exercise=exercise, since=start, catalog=catalog, rules=rules
    )
    names = {k: e.name for k, e in catalog.exercises.items()}
    if fmt == "json":
        typer.echo(json.dumps(_history_data(report), indent=2, ensure_ascii=False))
    elif fmt == "csv":
        typer.echo(_history_csv(report), nl=False)
    else:
        _print_history(report, names, rules, _nothing(exercise, start, names))


def _nothing(exercise: str | None, start: "dt.date | None", names: dict[str, str]) -> str:
    """What an empty report says: of the exercise asked for, since the date asked for (the
    QA pass: `history back-squat` said "Nothing logged yet." with other lifts logged)."""
    of = f" for {names.get(exercise, exercise)}" if exercise else ""
    since = f" since {start.isoformat()}" if start else ""
    return f"Nothing logged{of}{since}{' yet' if not since else ''}."


def _history_data(report: "HistoryReport") -> dict[str, Any]:
    def set_dict(s: "LoggedSet") -> dict[str, Any]:
        return {
            k: v
            for k, v in (
                ("reps", s.reps),
                ("load", s.load),
                ("seconds", s.seconds),
                ("contacts", s.contacts),
                ("distance_m", s.distance_m),
                ("rir", s.rir),
                ("pain", s.pain),
                ("pain_regions", s.pain_regions),  # where it hurt (`--where`), when named
            )
            if v is not None
        }

    return {
        "unit": report.unit.value,
        "lifts": [
            {
                "exercise": lift.exercise_id,
                # the working e1RM, which `next` loads from (§4.2, §10.5)
                "e1rm": _two(lift.working.e1rm) if lift.working else None,
                "e1rm_low_confidence": lift.working.low_confidence if lift.working else None,
                "trend": [
                    {
                        "date": p.date.isoformat(),
                        "e1rm": _two(p.e1rm),
                        "low_confidence": p.low_confidence,
                    }
                    for p in lift.trend
                ],
                "best": None
                if lift.best is None
                else {
                    "date": lift.best.date.isoformat(),
                    "reps": lift.best.reps,
                    "load": lift.best.load,
                    "rir": lift.best.rir,
                    "seconds": lift.best.seconds,
                    "contacts": lift.best.contacts,
                    "distance_m": lift.best.distance_m,
                    "e1rm": _two(lift.best.e1rm),
                    "e1rm_low_confidence": lift.best.low_confidence,
                },
                "last": {
                    "date": lift.last_date.isoformat(),
                    "sets": [set_dict(s) for s in lift.last_sets],
                },
            }
            for lift in report.lifts
        ],
        "weeks": [
            {
                "week_start": w.week_start.isoformat(),
                "sessions": w.sessions,
                "hard_sets": dict(sorted(w.hard_sets.items())),
                "contacts": w.contacts,
            }
            for w in report.weeks
        ],
    }


def _history_csv(report: "HistoryReport") -> str:
    """Long format, one number per row: section,key,date,metric,value (pivot-friendly)."""
    import io

    from runstrength.log.records import CsvOut

    out = io.StringIO()
    writer = CsvOut(out)  # formula cells (an imported id `=HYPERLINK(…)`) neutralised
    writer.writerow(("section", "key", "date", "metric", "value"))
    unit = report.unit.value
    for lift in report.lifts:
        if lift.working is not None:  # the e1RM `next` loads from (§4.2, §10.5), as in JSON
            at = lift.working
            day = at.date.isoformat()
            writer.writerow(("lift", lift.exercise_id, day, f"working_e1rm_{unit}", _two(at.e1rm)))
            if at.low_confidence:
                writer.writerow(("lift", lift.exercise_id, day, "working_e1rm_low_confidence", 1))
        for p in lift.trend:
            day = p.date.isoformat()
            writer.writerow(("lift", lift.exercise_id, day, f"e1rm_{unit}", _two(p.e1rm)))
            if p.low_confidence:  # §10.5: a row of its own, so the value column stays numbers
                writer.writerow(("lift", lift.exercise_id, day, "e1rm_low_confidence", 1))
        if lift.best is not None:
            b = lift.best
            for metric, value in (
                ("best_reps", b.reps),
                (f"best_load_{unit}", b.load),
                ("best_rir", b.rir),
                ("best_seconds", b.seconds),
                ("best_contacts", b.contacts),
                ("best_distance_m", b.distance_m),
                (f"best_e1rm_{unit}", _two(b.e1rm)),
            ):
                if value is not None:
                    writer.writerow(("lift", lift.exercise_id, b.date.isoformat(), metric, value))
        writer.writerow(
            ("lift", lift.exercise_id, lift.last_date.isoformat(), "last_sets", len(lift.last_sets))
        )
    for w in report.weeks:
        day = w.week_start.isoformat()
        writer.writerow(("week", day, day, "sessions", w.sessions))
        for pattern, count in sorted(w.hard_sets.items()):
            writer.writerow(("week", day, day, f"hard_sets_{pattern}", count))
        writer.writerow(("week", day, day, "contacts", w.contacts))
    return out.getvalue()


def _best_dose(b: "BestSet", unit: str) -> str:
    """'5 × 82.5 kg', '30 s', '20 contacts', '40 m @ 24 kg' or '8 reps': what the set was."""
    from runstrength.log.spec import num_text

    if b.load is not None and b.reps is not None:
        return f"{b.reps} × {num_text(b.load)} {unit}"
    amounts = ((b.seconds, "s"), (b.contacts, "contacts"), (b.distance_m, "m"), (b.reps, "reps"))
    for amount, word in amounts:  # the first one the set has
        if amount is not None:
            carried = f" @ {num_text(b.load)} {unit}" if word == "m" and b.load else ""
            return f"{num_text(amount)} {word}{carried}"
    return ""


def low_confidence_note(rules: "Rulebook") -> str:
    """What '≈' means, with the limits of a firm estimate (log.e1rm, rules.yaml `e1rm`)."""
    from runstrength.log.e1rm import FORMULA_CROSSOVER_REPS as n

    return (
        f"≈ a low-confidence e1RM (§10.5: reps + RIR over {n}); a set with reps + RIR of "
        f"{n} or less, RIR {rules.e1rm.max_rir} or less, gives a firm one."
    )


def _working_e1rm(working: "TrendPoint | None") -> str:
    """The working e1RM (what `next` loads from), '≈' before a low-confidence one; '–' for
    none."""
    if working is None:
        return "–"
    from runstrength.log.e1rm import e1rm_text

    return ("≈" if working.low_confidence else "") + e1rm_text(working.e1rm)


def _lift_rows(report: "HistoryReport", names: dict[str, str]) -> list[list[str]]:
    from runstrength.log.entries import entry_text
    from runstrength.text import printable

    unit = report.unit.value
    rows = []
    for lift in report.lifts:
        values = [p.e1rm for p in lift.trend]
        best = ""
        if lift.best is not None:
            b = lift.best
            rir = f" @ RIR {b.rir}" if b.rir is not None else ""
            best = f"{_best_dose(b, unit)}{rir} ({b.date.isoformat()})"
        rows.append(
            [
                printable(names.get(lift.exercise_id, lift.exercise_id)),
                sparkline(values),
                _working_e1rm(lift.working),
                best,
                f"{lift.last_date.isoformat()}: {entry_text(lift.last_sets)}",
            ]
        )
    return rows


def _print_history(
    report: "HistoryReport", names: dict[str, str], rules: "Rulebook", nothing: str
) -> None:
    """Two tables that fit the terminal (lifts, then weeks); on a narrow one, a block per
    row whose parts say what they are, as the column headers would."""
    from runstrength.cli.console import say
    from runstrength.cli.tables import print_rows, table_console

    unit = report.unit.value
    if not report.lifts:
        say(nothing, stderr=False)
        return
    rows = _lift_rows(report, names)
    narrow = [  # stacked drops the empty parts
        [
            name,
            f"e1RM {e1rm} {unit} {spark}" if spark else "",
            f"best {best}" if best else "",
            f"last {last}",
        ]
        for name, spark, e1rm, best, last in rows
    ]
    console = table_console()
    headers = ["Exercise", "e1RM trend", f"e1RM {unit}", "Best set", "Last session"]
    print_rows(console, headers, rows, narrow=narrow)
    if any(lift.working and lift.working.low_confidence for lift in report.lifts):
        console.print(low_confidence_note(rules), highlight=False)
    if report.weeks:
        week_rows = [
            [
                w.week_start.isoformat(),
                str(w.sessions),
                ", ".join(f"{k} {v}" for k, v in sorted(w.hard_sets.items())) or "–",
                str(w.contacts),
            ]
            for w in report.weeks
        ]
        narrow = [
            [f"Week of {day}", f"{n} sessions", f"hard sets {sets}", f"{c} plyo contacts"]
            for day, n, sets, c in week_rows
        ]
        console.print()
        headers = ["Week of", "Sessions", "Hard sets by pattern", "Plyo contacts"]
        print_rows(console, headers, week_rows, narrow=narrow)
        if any(w.sessions and not w.hard_sets for w in report.weeks):
            # QA: five weeks of work showed "–" with nothing said why
            console.print(
                f"– no hard set on record: a hard set ends at RIR {rules.hard_set_max_rir} "
                "or less (§0), and sets logged without an RIR (`log --done`) are not counted.",
                highlight=False,
                soft_wrap=not console.is_terminal,  # one line in a pipe, for grep
            )


def _two(value: float | None) -> float | None:
    """An e1RM as JSON and CSV give it: two decimals (kept whole until written, so the
    table's one decimal is rounded once: `history` read 119.5 where `next` said 119.6)."""
    return None if value is None else round(value, 2)
