"""Strava's activities.csv in the account's language: the one table of localised column
headers, activity types and date formats, and the decimal comma.

Strava writes the bulk export's header, its activity types and its dates in the language
of the account. Only what was seen in real exports is listed (the sources are in
tests/data/watch/SOURCES.md): English, German and French. Spanish, Italian, Dutch and
Portuguese exports could not be confirmed and are left out; such a file gets one line
that names it and the headers this reader knows.
"""

from __future__ import annotations

import datetime as dt
import re

# Canonical (English) column -> the same column in the other languages.
HEADERS: dict[str, tuple[str, ...]] = {
    "Activity Date": ("Aktivitätsdatum", "Date de l'activité"),
    "Activity Type": ("Aktivitätsart", "Type d'activité"),
    "Distance": ("Distanz",),  # French is "Distance", as in English
    "Elapsed Time": ("Verstrichene Zeit", "Temps écoulé"),
    "Moving Time": ("Bewegungszeit", "Durée de déplacement"),
    "Average Heart Rate": ("Durchschnittliche Herzfrequenz",),
}
REQUIRED = ("Activity Date", "Activity Type", "Distance")

# Localised activity types -> Strava's English type (then read like an English file).
RUN_TYPES: dict[str, str] = {"lauf": "Run", "course à pied": "Run"}

_ALIASES = {alias: name for name, aliases in HEADERS.items() for alias in aliases}
_FRENCH_MONTHS = {
    name: n
    for n, names in enumerate(
        (
            ("janvier", "janv."),
            ("février", "févr."),
            ("mars",),
            ("avril", "avr."),
            ("mai",),
            ("juin",),
            ("juillet", "juil."),
            ("août",),
            ("septembre", "sept."),
            ("octobre", "oct."),
            ("novembre", "nov."),
            ("décembre", "déc."),
        ),
        start=1,
    )
    for name in names
}
# German: "09.12.2022, 15:24:49"; French: "24 mai 2012 à 16:27:40" (both UTC, as English).
_GERMAN_DATE = "%d.%m.%Y, %H:%M:%S"
_FRENCH_DATE = re.compile(r"(\d{1,2}) (\S+) (\d{4}) à (\d{1,2}):(\d{2}):(\d{2})")


def canonical(header: str) -> str:
    """The English name of a column header (a typographic apostrophe is read as ')."""
    header = header.strip().replace("’", "'")
    return _ALIASES.get(header, header)


def missing_column(name: str) -> str:
    """The end of the one-line error for a file without column `name`."""
    known = ", ".join(repr(h) for h in (name, *HEADERS[name]))
    return f"no {name.lower()} column ({known}; English, German and French exports are read)"


def activity_type(text: str) -> str:
    """Strava's English activity type for a localised one (unknown text is kept)."""
    return RUN_TYPES.get(text.strip().lower(), text)


def decimal(text: str) -> str:
    """A number as Python reads it: '9,44' (a decimal comma) -> '9.44', '1.234,5' -> '1234.5'.

    Strava's English export writes no thousands separators, so a comma is always decimal.
    """
    if "," not in text:
        return text
    return text.replace(".", "").replace(",", ".")


def local_date(text: str) -> dt.datetime | None:
    """A German or French 'Activity Date' (UTC), or None when it is neither."""
    try:
        return dt.datetime.strptime(text, _GERMAN_DATE).replace(tzinfo=dt.UTC)
    except ValueError:
        pass
    found = _FRENCH_DATE.fullmatch(text)
    month = _FRENCH_MONTHS.get(found.group(2).lower()) if found else None
    if found is None or month is None:
        return None
    day, _, year, hour, minute, second = (int(g) if g.isdigit() else 0 for g in found.groups())
    try:
        return dt.datetime(year, month, day, hour, minute, second, tzinfo=dt.UTC)
    except ValueError:
        return None
