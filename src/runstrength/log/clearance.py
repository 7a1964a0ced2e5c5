"""Storage of §10.3 pain tracking: check-ins (`pain_checkins`), next-morning pain
(`next_day_pain`, migration m005; the regions named, m008), the `PainLog` that
`log.pain` reads, and the check-in or next-morning report `log undo` takes back.

Each write is one transaction; a refused one (InvalidInput) writes nothing.
"""

import datetime as dt
import functools
import json
import sqlite3
from collections.abc import Collection
from typing import Any, Literal, NamedTuple

from runstrength.enums import PainRegion
from runstrength.errors import InvalidInput, StorageError
from runstrength.log.db import Database
from runstrength.log.pain import Clearance, NextDayPain, PainLog, PainSet
from runstrength.log.pain_types import parse_region as parse_region  # re-exported
from runstrength.log.pain_types import (
    regions_of,
    regions_text,
    session_morning,
    stored_regions,
    stored_replaced,
)
from runstrength.log.records import stored_date
from runstrength.log.sqlerrors import translated_block
from runstrength.models import Catalog


def pain_log(db: Database, today: dt.date) -> PainLog:
    """Every logged set with a pain score, every set from the oldest session with a
    next-morning report on (holds end at a later session), check-ins and reports; the sets
    as one PainSet per exercise of a session (and regions named), with its highest pain."""
    with db._read() as conn:
        mornings = [
            NextDayPain(r[0], r[1], r[2], stored_regions(r[3]))
            for r in conn.execute(
                "SELECT session_id, exercise_id, pain, pain_regions FROM next_day_pain ORDER BY id"
            )
        ]
        oldest = conn.execute(
            "SELECT min(s.date) FROM next_day_pain n JOIN sessions s ON s.id = n.session_id"
        ).fetchone()[0]
        since = oldest or (today + dt.timedelta(days=1)).isoformat()
        day = functools.cache(dt.date.fromisoformat)  # many sets share a date
        # One row per exercise of a session and the regions its pain was given for
        # (`--where`), its highest pain (none given: NULL, which clears no flag): all the
        # walk reads of a session's sets, in a third of the rows of a long log.
        sets = [
            PainSet(r[0], day(r[1]), r[2], r[3], stored_regions(r[4]))
            for r in conn.execute(
                "SELECT s.id, s.date, st.exercise_id, max(st.pain), st.pain_regions FROM sets st "
                "JOIN sessions s ON s.id = st.session_id "
                "WHERE st.pain IS NOT NULL OR s.date >= ? "
                "GROUP BY s.id, st.exercise_id, st.pain_regions "
                "ORDER BY s.date, s.id, min(st.set_no)",
                (since,),
            )
        ]
        clearances = [
            Clearance(PainRegion(r["region"]), dt.date.fromisoformat(r["date"]), r["created_at"])
            for r in conn.execute("SELECT region, date, created_at FROM pain_checkins ORDER BY id")
        ]
    return PainLog(sets=sets, clearances=clearances, next_day=mornings)


def add_clearance(db: Database, region: PainRegion, day: dt.date) -> None:
    """Record that `region` has settled (and, after a red flag, was cleared) on `day`."""
    with db._write() as conn:
        conn.execute(
            "INSERT INTO pain_checkins (region, date) VALUES (?, ?)",
            (region.value, day.isoformat()),
        )


class NextDayReport(NamedTuple):
    """What `add_next_day` recorded: the session it is for, the regions it counts for, on
    what grounds (`named`: `--where`; `exercise`: that exercise's regions; `hurt`: where
    the session logged pain; `loaded`: every region the session trained, as it logged no
    pain), and the pain of the reports it replaced."""

    session_id: int
    date: dt.date
    regions: tuple[PainRegion, ...]
    basis: Literal["named", "exercise", "hurt", "loaded"]
    replaced: tuple[int, ...] = ()


def add_next_day(
    db: Database,
    pain: int,
    *,
    day: dt.date | None,
    before: dt.date,
    exercise_id: str | None,
    within: int | None = None,
    where: Collection[PainRegion] | None = None,
    catalog: Catalog | None = None,
) -> NextDayReport:
    """Attach next-morning `pain` to the latest session on `day` (None: the latest before
    `before`, and with `within`, at most that many days before it), on the regions named
    (`where`), else on `exercise_id`'s, else on the whole session's: where it logged pain,
    or every region it trained when it logged none (`pain_types.morning_regions`, read
    from the log as the walk reads it, so later pain logged in the session moves it too).

    A report that says where (`where` or `exercise_id`) replaces the session's reports
    that said neither: the runner names where the whole-session one hurt, as its output
    tells them to (§10.3). A report that names where is never replaced.

    The session is looked for before the write too: a refusal then writes nothing, and a
    fresh data folder gets no empty log.db for it. The write, the replacement and the read
    of the regions are one transaction."""
    with db._read() as conn:
        _session_for(conn, day, before, exercise_id, within)
    with db._write() as conn:
        # again: the log may have changed
        row = _session_for(conn, day, before, exercise_id, within)
        session_id, date = int(row["id"]), dt.date.fromisoformat(row["date"])
        gone: list[tuple[int, str]] = []
        if where is not None or exercise_id is not None:
            unplaced = "session_id = ? AND exercise_id IS NULL AND pain_regions IS NULL"
            gone = [
                (int(r[0]), str(r[1]))
                for r in conn.execute(
                    f"SELECT pain, created_at FROM next_day_pain WHERE {unplaced} ORDER BY id",
                    (session_id,),
                )
            ]
            conn.execute(f"DELETE FROM next_day_pain WHERE {unplaced}", (session_id,))
        replaced = tuple(p for p, _ in gone)
        conn.execute(
            "INSERT INTO next_day_pain (session_id, exercise_id, pain, pain_regions, replaced) "
            "VALUES (?, ?, ?, ?, ?)",
            (
                session_id,
                exercise_id,
                pain,
                regions_text(where) if where is not None else None,
                json.dumps(gone) if gone else None,  # `log undo` brings them back (m010)
            ),
        )
        if where is not None:
            named = tuple(r for r in PainRegion if r in where)
            return NextDayReport(session_id, date, named, "named", replaced)
        if exercise_id is not None:
            regions = regions_of(catalog, exercise_id)
            return NextDayReport(session_id, date, regions, "exercise", replaced)
        sets = [
            PainSet(session_id, date, r[0], r[1], stored_regions(r[2]))
            for r in conn.execute(
                "SELECT exercise_id, max(pain), pain_regions FROM sets WHERE session_id = ? "
                "GROUP BY exercise_id, pain_regions",
                (session_id,),
            )
        ]
    regions, hurt = session_morning(sets, catalog)
    return NextDayReport(session_id, date, regions, "hurt" if hurt else "loaded")


def _session_for(
    conn: sqlite3.Connection,
    day: dt.date | None,
    before: dt.date,
    exercise_id: str | None,
    within: int | None,
) -> Any:
    """The session next-morning pain is for (see add_next_day), or an InvalidInput: its
    row (id, date)."""
    if day is not None:
        where, when, missing = "date = ?", day, "on"
    else:
        where, when, missing = "date < ?", before, "before"
    row = conn.execute(
        f"SELECT id, date FROM sessions WHERE {where} ORDER BY date DESC, id DESC LIMIT 1",
        (when.isoformat(),),
    ).fetchone()
    if row is None:
        raise InvalidInput(f"no session logged {missing} {when.isoformat()}; nothing recorded")
    last = dt.date.fromisoformat(row["date"])
    if day is None and within is not None and (before - last).days > within:
        # the morning after a session two weeks back is not this morning (the QA run)
        raise InvalidInput(
            f"no session logged in the {within} days before {before.isoformat()} (the last "
            f"was on {last.isoformat()}): give --date {last.isoformat()} if the pain is after "
            "that one; nothing recorded"
        )
    if exercise_id is not None:
        found = conn.execute(
            "SELECT 1 FROM sets WHERE session_id = ? AND exercise_id = ? LIMIT 1",
            (row["id"], exercise_id),
        ).fetchone()
        if found is None:
            raise InvalidInput(
                f"{exercise_id} is not in the session of {row['date']}; nothing recorded"
            )
    return row


class LoggedReport(NamedTuple):
    """One stored next-morning report (a `next_day_pain` row) and its session's date."""

    id: int
    session_id: int
    date: dt.date
    exercise_id: str | None
    pain: int
    where: tuple[PainRegion, ...] | None
    created_at: str
    # the reports naming nowhere it replaced (add_next_day), as (pain, created_at)
    replaced: tuple[tuple[int, str], ...] = ()


_REPORT_COLUMNS = (
    "n.id, n.session_id, s.date, n.exercise_id, n.pain, n.pain_regions, n.created_at, n.replaced"
)

# Written after every session and every set (m009; a set from before that step has its
# session's time), of the row whose `created_at` is `{at}`. Later than, not as late as: of
# two rows of the same millisecond neither is known to be the newer, and undo then does
# what it did before it knew of the newer kind of row (the session's, then the report's).
_AFTER_ENTRIES = (
    "{at} > coalesce((SELECT max(created_at) FROM sessions), '') "
    "AND {at} > coalesce((SELECT max(coalesce(st.created_at, se.created_at)) "
    "FROM sets st JOIN sessions se ON se.id = st.session_id), '')"
)
# The newest report, when it was written after every session and set: the last thing
# logged but a check-in (`newest_checkin`, read first).
_NEWEST_REPORT = (
    f"SELECT {_REPORT_COLUMNS} FROM next_day_pain n JOIN sessions s ON s.id = n.session_id "
    f"WHERE {_AFTER_ENTRIES.format(at='n.created_at')} "
    "ORDER BY n.created_at DESC, n.id DESC LIMIT 1"
)


def newest_report(db: Database) -> LoggedReport | None:
    """The next-morning report logged after every session and entry, or None (a session
    or an entry was logged last): what `log undo` takes back before a session."""
    with translated_block(db.path, reading=True), db._read() as conn:
        row = conn.execute(_NEWEST_REPORT).fetchone()
        return _report(row) if row is not None else None


def remove_report(db: Database, shown: LoggedReport) -> LoggedReport:
    """Remove exactly the report `shown` (as `log undo` read and showed it), in one
    transaction that checks it is still there as shown: nothing is removed when another
    process removed or replaced it (a report naming where replaces one that did not) or
    removed its session. The reports naming nowhere that it replaced come back, as they
    were. The pain flag or hold it raised goes with it: `pain_log` reads the stored
    reports, and the walk derives flags and holds from them each time."""
    with translated_block(db.path, reading=True), db._write() as conn:
        row = conn.execute(
            f"SELECT {_REPORT_COLUMNS} FROM next_day_pain n "
            "JOIN sessions s ON s.id = n.session_id WHERE n.id = ?",
            (shown.id,),
        ).fetchone()
        if row is None or _report(row) != shown:
            raise StorageError(
                f"{db.path}: the next-morning report changed meanwhile (another runstrength "
                "wrote to the log); nothing was removed: run the command again"
            )
        conn.execute("DELETE FROM next_day_pain WHERE id = ?", (shown.id,))
        conn.executemany(
            "INSERT INTO next_day_pain (session_id, pain, created_at) VALUES (?, ?, ?)",
            [(shown.session_id, pain, at) for pain, at in shown.replaced],
        )
    return shown


def _report(row: Any) -> LoggedReport:
    return LoggedReport(
        int(row[0]),
        int(row[1]),
        stored_date(row[2], f"sessions row {row[1]}"),
        row[3],
        int(row[4]),
        stored_regions(row[5]),
        str(row[6]),
        stored_replaced(row[7]),
    )


class LoggedCheckin(NamedTuple):
    """One stored check-in (a `pain_checkins` row): `log clear REGION` or `next --pain-free`."""

    id: int
    region: PainRegion
    date: dt.date
    created_at: str


_CHECKIN_COLUMNS = "c.id, c.region, c.date, c.created_at"
# The newest check-in, when it was written after every session, set and next-morning
# report: the last thing logged. `log clear knee hip` writes one per region, the hip's last.
_NEWEST_CHECKIN = (
    f"SELECT {_CHECKIN_COLUMNS} FROM pain_checkins c "
    f"WHERE {_AFTER_ENTRIES.format(at='c.created_at')} "
    "AND c.created_at > coalesce((SELECT max(created_at) FROM next_day_pain), '') "
    "ORDER BY c.created_at DESC, c.id DESC LIMIT 1"
)


def newest_checkin(db: Database) -> LoggedCheckin | None:
    """The check-in logged after every session, entry and next-morning report, or None:
    what `log undo` takes back first (a runner who typed `log clear knee` by mistake)."""
    with translated_block(db.path, reading=True), db._read() as conn:
        row = conn.execute(_NEWEST_CHECKIN).fetchone()
        return _checkin(row) if row is not None else None


def remove_checkin(db: Database, shown: LoggedCheckin) -> LoggedCheckin:
    """Remove exactly the check-in `shown` (as `log undo` read and showed it), in one
    transaction that checks it is still there as shown: nothing is removed when another
    process removed it (and maybe cleared the region again: a new row). What it changed
    comes back with it: `pain_log` reads the stored check-ins, and the walk derives from
    them, each time, the flag and hold it ended and the re-entry window and ramp it
    started; a session under way leaves out only the check-ins written after it began."""
    with translated_block(db.path, reading=True), db._write() as conn:
        row = conn.execute(
            f"SELECT {_CHECKIN_COLUMNS} FROM pain_checkins c WHERE c.id = ?", (shown.id,)
        ).fetchone()
        if row is None or _checkin(row) != shown:
            raise StorageError(
                f"{db.path}: the pain check-in changed meanwhile (another runstrength wrote "
                "to the log); nothing was removed: run the command again"
            )
        conn.execute("DELETE FROM pain_checkins WHERE id = ?", (shown.id,))
    return shown


def _checkin(row: Any) -> LoggedCheckin:
    return LoggedCheckin(
        int(row[0]),
        PainRegion(row[1]),
        stored_date(row[2], f"pain_checkins row {row[0]}"),
        str(row[3]),
    )
