"""The commands' options and arguments, written once as `Annotated` types.

A command's signature then reads as a list of names and types
(`season: params.SeasonOpt = None`), and an option that several commands take (`--catalog`,
`--output`, `--date`, `--rir`…) has one spelling and one help text. `format_opt()` builds
each command's `--format`; `one_of()` lists an enum's values in its option's help (the
vocabulary is written once, in enums.py); `kit_opt()` and `injury_opt()` the KIT and TAG
options `plan` and `catalog list` share; `weekday_opt()` the weekday options.

The aliases stay `Annotated[type, <metadata>]` written out: mypy takes an alias only in
that form (an alias a function returns is no type to it), so only the metadata is built.
"""

# No `from __future__ import annotations`: typer reads these at start-up.
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Annotated, Any

import typer

from runstrength.cli import completion as complete
from runstrength.enums import (
    Category,
    ExerciseLevel,
    Format,
    Level,
    LoadUnit,
    PainRegion,
    Paper,
    RaceDistance,
    Season,
)

Opt = typer.Option
Arg = typer.Argument
Text = str | None  # most options: the raw string, parsed and checked in inputs.py, or unset

# `plan --help` groups its two dozen options into these panels (in this order), so a new
# user finds the runner's inputs first and the output's details apart.
RUNNER = "Runner"
WEEK = "Race and running week"
OUTPUT = "Output"
ICS = "Calendar file (ics)"


def format_opt(
    choices: str,
    completion: Callable[[str], list[str]] | None = None,
    metavar: str = "FORMAT",
    **extra: Any,
) -> Any:
    """`--format/-f FORMAT` with `choices` as its help (e.g. "table | json.")."""
    return Opt("--format", "-f", metavar=metavar, help=choices, autocompletion=completion, **extra)


def one_of(values: Iterable[str], help_: str, *decls: str, **extra: Any) -> Any:
    """An option taking one of `values` (an enum), listed in its help where `{}` stands and
    completed from them: neither can drift from the vocabulary the value is parsed against."""
    completion = complete.values_of(values)
    return Opt(*decls, help=help_.format(" | ".join(values)), autocompletion=completion, **extra)


def kit_opt(help_: str, **extra: Any) -> Any:
    """An equipment option (`--equipment`): a preset or a comma list of equipment names."""
    return Opt(metavar="KIT", autocompletion=complete.complete_equipment, help=help_, **extra)


def injury_opt(help_: str, **extra: Any) -> Any:
    """An injury-tag option (`--injury`)."""
    return Opt(metavar="TAG", autocompletion=complete.complete_injury, help=help_, **extra)


def weekday_opt(flag: str, help_: str, *, many: bool, **extra: Any) -> Any:
    """A weekday option: `many` takes a comma list (DAYS, each completed), else one DAY."""
    if many:
        completion = complete.complete_weekdays
        return Opt(flag, metavar="DAYS", autocompletion=completion, help=help_, **extra)
    return Opt(flag, metavar="DAY", autocompletion=complete.complete_weekday, help=help_, **extra)


_OUTPUT = "Write to this file (atomically) instead of stdout."
_EXERCISE_ID = "Exercise id, e.g. trap-bar-deadlift."


# --------------------------------------------------------------------------- shared

CatalogOpt = Annotated[
    list[Path] | None,
    Opt(
        "--catalog",
        metavar="FILE",
        help="Extra catalog YAML (repeatable): adds exercises or overrides them by id.",
    ),
]
PlanCatalogOpt = Annotated[
    list[Path] | None,
    Opt(
        "--catalog",
        metavar="FILE",
        help="Extra catalog YAML (repeatable): adds exercises or overrides them by id. "
        "Kept with --save for every later command; `--catalog none`: the shipped one only.",
    ),
]
ListCatalogOpt = Annotated[
    list[Path] | None,
    Opt(
        "--catalog",
        metavar="FILE",
        help="Extra catalog YAML (repeatable) over the shipped one; default: the files "
        "saved with your plan (`plan --catalog FILE --save`).",
    ),
]


def stdout_dash(value: Path | None) -> Path | None:
    """`-o -` is stdout, as for cat and most tools (it wrote a file named `-`; the
    hostile-input QA run)."""
    return None if value is not None and str(value) == "-" else value


OutputOpt = Annotated[
    Path | None,
    Opt("--output", "-o", metavar="FILE", help=f"{_OUTPUT} `-o -`: stdout.", callback=stdout_dash),
]
PlanOutputOpt = Annotated[
    Path | None,
    Opt(
        "--output",
        "-o",
        metavar="FILE",
        help=f"{_OUTPUT} A FIT file holds one workout: -o NAME.fit of a plan with several "
        "sessions writes NAME-DATE-LABEL.fit for each, next to it, and lists them.",
        rich_help_panel=OUTPUT,
        callback=stdout_dash,
    ),
]
YesOpt = Annotated[bool, Opt("--yes", "-y", help="Do not ask before removing.")]
RirOpt = Annotated[int | None, Opt("--rir", help="Reps in reserve at the end of each set, 0–10.")]
PainOpt = Annotated[int | None, Opt("--pain", help="Pain during or after, 0–10.")]
WhereOpt = Annotated[
    list[str] | None,
    Opt(
        "--where",
        metavar="REGION[,REGION...]",
        autocompletion=complete.complete_regions,
        help=f"Where the --pain was, comma-separated: {', '.join(PainRegion)} (default: "
        "every region the exercise loads).",
    ),
]
DateOpt = Annotated[
    Text, Opt("--date", help="When you did it: YYYY-MM-DD, today or yesterday (default today).")
]
NoteOpt = Annotated[Text, Opt("--note", help="A note for the session.")]
ExerciseIdArg = Annotated[
    str, Arg(metavar="ID", autocompletion=complete.complete_exercise, help=_EXERCISE_ID)
]

# --------------------------------------------------------------------------- plan

SeasonOpt = Annotated[
    Text,
    one_of(
        Season,
        "{} (default off; derived from --race-date).",
        metavar="SEASON",
        rich_help_panel=RUNNER,
    ),
]
VolumeOpt = Annotated[
    Text,
    Opt(
        metavar="VOLUME",
        help="Weekly running volume: 40, 40km or 25mi (default 40km).",
        rich_help_panel=RUNNER,
    ),
]
DaysOpt = Annotated[
    Text,
    Opt(
        metavar="N",
        help="Strength days a week: 2 or 3; 1 in season and taper (default 3).",
        rich_help_panel=RUNNER,
    ),
]
WeeksOpt = Annotated[
    Text,
    Opt(
        metavar="N",
        help="Plan length (default: off 12, pre 6, in 8, taper 2).",
        rich_help_panel=RUNNER,
    ),
]
LevelOpt = Annotated[
    Text,
    one_of(
        Level, "Lifting experience: {} (default novice).", metavar="LEVEL", rich_help_panel=RUNNER
    ),
]
KitOpt = Annotated[
    Text,
    kit_opt(
        "Preset none | home | gym (default), or a comma list such as dumbbells,box.",
        rich_help_panel=RUNNER,
    ),
]
InjuriesOpt = Annotated[
    list[str] | None,
    injury_opt(
        "Injury history tag (repeatable): itbs, achilles, pf, pfps, mtss, hamstring, …",
        rich_help_panel=RUNNER,
    ),
]
StartOpt = Annotated[
    Text,
    Opt(
        metavar="DATE",
        help="First day of the plan (YYYY-MM-DD): dates sessions.",
        rich_help_panel=WEEK,
    ),
]
RaceDateOpt = Annotated[
    Text,
    Opt(
        "--race-date",
        metavar="DATE",
        help="Race day (YYYY-MM-DD): phases end in a taper.",
        rich_help_panel=WEEK,
    ),
]
RaceDistanceOpt = Annotated[
    Text, one_of(RaceDistance, "{}.", "--race-distance", metavar="DISTANCE", rich_help_panel=WEEK)
]
HardDaysOpt = Annotated[
    Text,
    weekday_opt(
        "--hard-days",
        "Interval/tempo days, e.g. tue,thu (heavy days go there).",
        many=True,
        rich_help_panel=WEEK,
    ),
]
LongRunDayOpt = Annotated[
    Text,
    weekday_opt(
        "--long-run-day",
        "Long-run day, e.g. sun (kept free of strength).",
        many=False,
        rich_help_panel=WEEK,
    ),
]
LoadUnitOpt = Annotated[
    Text,
    one_of(LoadUnit, "{} (default kg).", "--load-unit", metavar="UNIT", rich_help_panel=RUNNER),
]
PlanFormatOpt = Annotated[
    Text,
    format_opt(
        " | ".join(Format) + " (default: table on a terminal, md in a pipe, or from the -o "
        "extension).",
        complete.complete_format,
        rich_help_panel=OUTPUT,
    ),
]
FitDirOpt = Annotated[
    Path | None,
    Opt(
        "--out-dir",
        metavar="DIR",
        help="Write each session as a FIT workout for your watch into DIR (one file each).",
        rich_help_panel=OUTPUT,
    ),
]
NameOpt = Annotated[
    Text,
    Opt(
        "--name",
        metavar="NAME",
        help="The runner's name, in the title of every format but JSON (a coach's printouts "
        "and calendars).",
        rich_help_panel=OUTPUT,
    ),
]
PaperOpt = Annotated[
    Text,
    one_of(Paper, "PDF/HTML paper size: {} (default a4).", metavar="SIZE", rich_help_panel=OUTPUT),
]
TimeOpt = Annotated[
    Text,
    Opt(
        metavar="HH:MM",
        help="ICS: timed events at this local time (HH:MM); default all-day.",
        rich_help_panel=ICS,
    ),
]
DurationOpt = Annotated[
    Text,
    Opt(
        metavar="LENGTH",
        help="ICS: length of a timed event, e.g. 45m or 1h (default 45m).",
        rich_help_panel=ICS,
    ),
]
ZoneOpt = Annotated[
    Text,
    Opt(
        metavar="ZONE",
        help="ICS: IANA time zone for timed events (default: local).",
        rich_help_panel=ICS,
    ),
]
SaveOpt = Annotated[
    bool,
    Opt(
        "--save",
        help="Keep these inputs as your profile and this plan as active.",
        rich_help_panel=OUTPUT,
    ),
]
MaxOpt = Annotated[
    list[str] | None,
    Opt(
        "--max",
        metavar="ID=LOAD",
        autocompletion=complete.complete_max,
        help="A known max (repeatable), e.g. trap-bar-deadlift=120kg or =265lb.",
        rich_help_panel=RUNNER,
    ),
]

# --------------------------------------------------------------------------- catalog

CategoryOpt = Annotated[
    Text,
    Opt(
        autocompletion=complete.values_of(Category),
        help="Only this category, e.g. calf-foot-ankle or main-bilateral.",
    ),
]
PatternOpt = Annotated[
    Text,
    Opt(
        autocompletion=complete.complete_pattern,
        help="Only this movement pattern, e.g. hinge or hop.",
    ),
]
KitFilterOpt = Annotated[
    Text,
    kit_opt(
        "Only what this kit allows: a preset (none | home | gym) or a comma list "
        "such as dumbbells,box."
    ),
]
InjuryFilterOpt = Annotated[
    Text, injury_opt("Only exercises that help with this injury tag, e.g. achilles.")
]
ExerciseLevelOpt = Annotated[Text, one_of(ExerciseLevel, "Only this exercise level: {}.")]
TableFormatOpt = Annotated[
    str,
    format_opt("table | json (default table).", complete.complete_table_format, show_default=False),
]

# --------------------------------------------------------------------------- roster

RosterArg = Annotated[
    Path | None,
    Arg(
        metavar="ROSTER",
        help="CSV (header row) or YAML (a list of mappings): a name column and any "
        "`plan` inputs; empty cells take the plan defaults.",
        show_default=False,
    ),
]
RosterDirOpt = Annotated[
    Path | None,
    Opt(
        "--out-dir",
        "-d",
        metavar="DIR",
        help="Folder for the plans (made if missing); files are replaced.",
    ),
]
RosterFormatOpt = Annotated[
    str,
    format_opt(
        "Comma list of pdf, md, json, ics, html (default pdf). ics needs a start "
        "or race_date on every row; a row without is rejected.",
        complete.complete_roster_formats,
        metavar="FORMATS",
        show_default=False,
    ),
]
StrictOpt = Annotated[
    bool, Opt("--strict", help="Write nothing if any row is bad (default: skip bad rows).")
]
JobsOpt = Annotated[
    int | None,
    Opt("--jobs", "-j", metavar="N", help="Processes making plans (default: one per CPU)."),
]
TemplateOpt = Annotated[
    bool, Opt("--template", help="Print an example roster CSV with every column, and stop.")
]

# --------------------------------------------------------------------------- log

ExerciseArg = Annotated[Text, Arg(autocompletion=complete.complete_exercise, help=_EXERCISE_ID)]
SpecArg = Annotated[
    Text,
    Arg(
        help=(
            "What you did: 3x5@80kg, 5,5,4@82.5kg, 3x10, 3x30s, 3x20c, "
            "or @175lb (the prescribed sets at that load)."
        )
    ),
]
SessionIdArg = Annotated[int, Arg(help="The session's id (see `runstrength log list`).")]
EditedExerciseArg = Annotated[
    Text, Arg(autocompletion=complete.complete_exercise, help="Exercise whose sets to replace.")
]
EditedSpecArg = Annotated[Text, Arg(help="Its sets as they really were, e.g. 5,5,4@82.5kg.")]
NewNoteOpt = Annotated[Text, Opt("--note", help="Replace the note ('' clears it).")]
NewDateOpt = Annotated[
    Text, Opt("--date", help="Move it to this day: YYYY-MM-DD, today or yesterday (default: keep).")
]
RemoveOpt = Annotated[
    list[str] | None, Opt("--remove", help="Drop this exercise from the session (repeatable).")
]
