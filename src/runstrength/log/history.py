"""History aggregates in SQL: per lift the e1RM trend, best set and last session, per week
hard sets and contacts. Everything walks indexes, so the cost grows with what is shown, not
with the length of the log."""

import datetime as dt
import sqlite3
from collections.abc import Mapping, Sequence
from typing import NamedTuple

from runstrength.enums import LoadUnit
from runstrength.log.db import Database, translated, where_clause
from runstrength.log.e1rm import FORMULA_CROSSOVER_REPS, e1rm_kg_sql
from runstrength.log.records import LoggedSet, in_unit, set_from_row
from runstrength.log.sessions import latest_sessions
from runstrength.units import KG_PER_LB, LB_PER_KG


class TrendPoint(NamedTuple):
    date: dt.date
    e1rm: float
    low_confidence: bool = False  # §10.5: from a set past the high-confidence limits


class BestSet(NamedTuple):
    date: dt.date
    reps: int | None
    load: float | None  # in the report's unit
    rir: int | None
    seconds: int | None
    e1rm: float | None
    contacts: int | None = None
    distance_m: float | None = None
    low_confidence: bool = False  # its e1RM is a §10.5 low-confidence estimate


class LiftHistory(NamedTuple):
    """One exercise over the log: e1RM trend (oldest first), best set, last session; the
    loaded sets of its last sessions (oldest first, with their dates), from which the
    working e1RM `next` loads from is worked out (`working`, set by log.reports)."""

    exercise_id: str
    trend: tuple[TrendPoint, ...]
    best: BestSet | None
    last_date: dt.date
    last_sets: tuple[LoggedSet, ...]  # loads converted to the report's unit
    recent_sets: tuple[tuple[dt.date, LoggedSet], ...] = ()
    working: TrendPoint | None = None  # the working e1RM, dated by the last session


class WeekHistory(NamedTuple):
    """One calendar week (Monday start): sessions, hard sets per movement pattern, contacts."""

    week_start: dt.date
    sessions: int
    hard_sets: dict[str, int]
    contacts: int


class HistoryReport(NamedTuple):
    unit: LoadUnit
    lifts: list[LiftHistory]
    weeks: list[WeekHistory]


class E1rmLimits(NamedTuple):
    """The e1RM validity rules (docs/method.md §4.2, §10.5), passed in from the rulebook:
    a set within the first three gives a high-confidence estimate; any other set of at most
    `low_max_reps` reps a low-confidence one, its reps + RIR capped at `low_effective_reps`
    (at least `max_effective_reps`, so the high-confidence sets are never capped)."""

    max_reps: int
    max_rir: int
    max_effective_reps: int
    low_max_reps: int
    low_effective_reps: int


def _high_sql(limits: E1rmLimits) -> str:
    """SQL: the set gives a high-confidence e1RM (§4.2)."""
    return (
        f"(st.reps BETWEEN 1 AND {int(limits.max_reps)} "
        f"AND st.rir BETWEEN 0 AND {int(limits.max_rir)} "
        f"AND st.reps + st.rir <= {int(limits.max_effective_reps)})"
    )


def _valid_sql(limits: E1rmLimits) -> str:
    """SQL: the set may feed an e1RM, at either confidence (as log.e1rm.set_e1rm decides;
    an unknown RIR never does). The numbers come from the rules."""
    return (
        f"(st.load > 0 AND st.reps >= 1 AND st.rir >= 0 "
        f"AND ({_high_sql(limits)} OR st.reps <= {int(limits.low_max_reps)}))"
    )


def _low_sql(limits: E1rmLimits) -> str:
    """SQL: a valid set's e1RM is low-confidence (past the high-confidence limits, or more
    effective reps than Brzycki and Epley agree on)."""
    return f"(NOT {_high_sql(limits)} OR st.reps + st.rir > {FORMULA_CROSSOVER_REPS})"


def e1rm_sql(limits: E1rmLimits) -> str:
    """SQL: the e1RM in kg of a `sets st` row that `_valid_sql` admits."""
    return f"({e1rm_kg_sql('st', cap=limits.low_effective_reps)})"


class _Scope(NamedTuple):
    """What one `history` call asks, as its per-lift queries need it."""

    unit: LoadUnit
    to_unit: float  # kg -> the report's unit
    valid: str  # SQL: the set may feed an e1RM
    e1rm: str  # SQL: its e1RM in kg
    low: str  # SQL: whether that is a low-confidence estimate
    points: int  # trend length
    since: dt.date | None
    recent: int  # the last sessions whose loaded sets come back (`recent_sets`)


_EXERCISES_SQL = """WITH RECURSIVE ex(id) AS (
         SELECT min(exercise_id) FROM sets
         UNION ALL
         SELECT (SELECT min(exercise_id) FROM sets WHERE exercise_id > ex.id)
         FROM ex WHERE ex.id IS NOT NULL)
       SELECT id FROM ex WHERE id IS NOT NULL"""  # a skip scan of the exercise index


class Histories(Database):
    """The `history` report."""

    @translated
    def history(
        self,
        *,
        unit: LoadUnit,
        limits: E1rmLimits,
        hard_set_max_rir: int,
        patterns: Mapping[str, str] | None = None,
        exercise: str | None = None,
        since: dt.date | None = None,
        weeks_since: dt.date | None = None,
        weeks_until: dt.date | None = None,
        trend_points: int = 24,
        recent_sessions: int = 0,
    ) -> HistoryReport:
        """Per lift: e1RM trend, best set, last session; per week: hard sets per pattern and
        plyometric contacts. Loads and e1RMs come back in `unit`.

        Everything is aggregated in SQL through indexes, so the cost grows with the number of
        lifts and weeks shown, not with the length of the log. The best set is the set with
        the highest e1RM since `since`; for a lift with no e1RM-valid set (bodyweight, holds)
        it is the biggest dose among the trend's sessions. Weeks are reported from
        `weeks_since` (default: `since`, else the whole log), from the first with a session
        to the one holding `weeks_until` (default: the last with one), weeks without a
        session included: a layoff shows as weeks of 0. Each lift also brings back the
        loaded sets of its last `recent_sessions` sessions (for the working e1RM).
        """
        to_unit = 1.0 if unit is LoadUnit.KG else LB_PER_KG
        scope = _Scope(
            unit,
            to_unit,
            _valid_sql(limits),
            e1rm_sql(limits),
            _low_sql(limits),
            max(trend_points, 1),
            since,
            max(recent_sessions, 0),
        )
        with self._read() as conn:
            if exercise is not None:
                exercises = [exercise]
            else:
                exercises = [r[0] for r in conn.execute(_EXERCISES_SQL)]
            lifts = [lift for ex in exercises if (lift := _lift(conn, ex, scope)) is not None]
            weeks = self._weeks(
                conn,
                since=weeks_since or since,
                exercise=exercise,
                hard_set_max_rir=hard_set_max_rir,
                patterns=patterns or {},
            )
        return HistoryReport(unit=unit, lifts=lifts, weeks=_with_empty_weeks(weeks, weeks_until))

    @staticmethod
    def _weeks(
        conn: sqlite3.Connection,
        *,
        since: dt.date | None,
        exercise: str | None,
        hard_set_max_rir: int,
        patterns: Mapping[str, str],
    ) -> list[WeekHistory]:
        where, params = where_clause(
            ("se.date >= ?", since),
            ("se.id IN (SELECT session_id FROM sets WHERE exercise_id = ?)", exercise),
        )
        week = "date(se.date, '-6 days', 'weekday 1')"
        weeks = {
            r[0]: WeekHistory(dt.date.fromisoformat(r[0]), int(r[1]), {}, 0)
            for r in conn.execute(
                f"SELECT {week} AS wk, count(*) FROM sessions se {where} GROUP BY wk ORDER BY wk",
                params,
            )
        }
        only = "WHERE st.exercise_id = ?" if exercise is not None else ""
        # Sums per week and exercise in SQL; the few resulting rows fold into patterns here
        # (a json_each join would re-parse the pattern map for every set).
        for r in conn.execute(
            f"""SELECT {week} AS wk, st.exercise_id AS ex,
                  sum(st.rir IS NOT NULL AND st.rir <= ?) AS hard,
                  coalesce(sum(st.contacts), 0) AS contacts
                FROM (SELECT se.id, se.date FROM sessions se {where}) se
                JOIN sets st ON st.session_id = se.id
                {only}
                GROUP BY wk, ex ORDER BY wk, ex""",
            (hard_set_max_rir, *params, *([exercise] if exercise else [])),
        ):
            w = weeks[r["wk"]]
            if r["hard"]:
                pattern = patterns.get(r["ex"], "other")
                w.hard_sets[pattern] = w.hard_sets.get(pattern, 0) + int(r["hard"])
            weeks[r["wk"]] = w._replace(contacts=w.contacts + int(r["contacts"]))
        return list(weeks.values())


def _with_empty_weeks(weeks: list[WeekHistory], until: dt.date | None) -> list[WeekHistory]:
    """`weeks` (Monday starts, in order) with a 0 week for each week between them that has
    no session, and after them up to the week of `until`."""
    if not weeks:
        return weeks
    have = {w.week_start: w for w in weeks}
    last = weeks[-1].week_start
    if until is not None:
        last = max(last, until - dt.timedelta(days=until.weekday()))
    out: list[WeekHistory] = []
    day = weeks[0].week_start
    while day <= last:
        out.append(have.get(day) or WeekHistory(day, 0, {}, 0))
        day += dt.timedelta(weeks=1)
    return out


def _marks(values: Sequence[object]) -> str:
    return ", ".join("?" for _ in values)


def _lift(conn: sqlite3.Connection, ex: str, scope: _Scope) -> LiftHistory | None:
    """One lift's trend, best set and last session, or None when nothing is in scope."""
    latest = latest_sessions(conn, ex, scope.points, scope.since)
    if not latest:
        return None
    recent = conn.execute(
        f"SELECT id, date FROM sessions WHERE id IN ({_marks(latest)}) ORDER BY date DESC, id DESC",
        latest,
    ).fetchall()
    if not recent:
        return None
    sids = [int(r[0]) for r in recent]
    last_sets = tuple(
        in_unit(set_from_row(r), scope.unit)
        for r in conn.execute(
            "SELECT * FROM sets WHERE session_id = ? AND exercise_id = ? ORDER BY id",
            (sids[0], ex),
        )
    )
    return LiftHistory(
        exercise_id=ex,
        trend=_trend(conn, ex, recent, scope),
        best=_best(conn, ex, sids, scope),
        last_date=dt.date.fromisoformat(recent[0][1]),
        last_sets=last_sets,
        recent_sets=_loaded_sets(conn, ex, sids[: scope.recent]),
    )


def _loaded_sets(
    conn: sqlite3.Connection, ex: str, sids: list[int]
) -> tuple[tuple[dt.date, LoggedSet], ...]:
    """The sets of `ex` in sessions `sids` that could give an e1RM (a load, reps and an
    RIR), oldest first, each with its session's date; loads as logged."""
    if not sids:
        return ()
    rows = conn.execute(
        f"""SELECT st.*, se.date AS date FROM sets st JOIN sessions se ON se.id = st.session_id
            WHERE st.exercise_id = ? AND st.session_id IN ({_marks(sids)})
              AND st.load IS NOT NULL AND st.reps IS NOT NULL AND st.rir IS NOT NULL
            ORDER BY se.date, se.id, st.id""",
        (ex, *sids),
    )
    return tuple((dt.date.fromisoformat(r["date"]), set_from_row(r)) for r in rows)


def _trend(
    conn: sqlite3.Connection, ex: str, recent: Sequence[sqlite3.Row], scope: _Scope
) -> tuple[TrendPoint, ...]:
    """The best e1RM of each of `recent` sessions (newest first), oldest first."""
    sids = [int(r[0]) for r in recent]
    # SQLite takes a bare column of a max() aggregate from the row with the maximum.
    best_by_session = {
        int(r[0]): (r[1], bool(r[2]))
        for r in conn.execute(
            f"""SELECT st.session_id, max({scope.e1rm}), {scope.low} FROM sets st
                WHERE st.exercise_id = ? AND st.session_id IN ({_marks(sids)}) AND {scope.valid}
                GROUP BY st.session_id""",
            (ex, *sids),
        )
    }
    return tuple(
        TrendPoint(dt.date.fromisoformat(d), best[0] * scope.to_unit, best[1])
        for sid, d in reversed([(int(r[0]), r[1]) for r in recent])
        if (best := best_by_session.get(sid)) is not None
    )


def _best(conn: sqlite3.Connection, ex: str, sids: list[int], scope: _Scope) -> BestSet | None:
    """The set with the highest e1RM since `scope.since`, else the biggest dose in `sids`."""
    date_cond, date_params = (
        ("AND se.date >= ?", [scope.since.isoformat()]) if scope.since else ("", [])
    )
    # `> 0` lets the planner start the walk down the e1RM index past NULLs.
    row = conn.execute(
        f"""SELECT st.*, se.date AS date, {scope.e1rm} AS e1rm_kg, {scope.low} AS low
            FROM sets st JOIN sessions se ON se.id = st.session_id
            WHERE st.exercise_id = ? AND {scope.e1rm} > 0 AND {scope.valid} {date_cond}
            ORDER BY {scope.e1rm} DESC, se.date, st.id LIMIT 1""",
        (ex, *date_params),
    ).fetchone()
    if row is None:
        row = conn.execute(
            f"""SELECT st.*, se.date AS date, NULL AS e1rm_kg, 0 AS low
                FROM sets st JOIN sessions se ON se.id = st.session_id
                WHERE st.exercise_id = ? AND st.session_id IN ({_marks(sids)})
                ORDER BY (st.load * CASE WHEN st.unit = 'lb' THEN ? ELSE 1.0 END)
                         DESC NULLS LAST,
                         st.reps DESC NULLS LAST, st.seconds DESC NULLS LAST,
                         st.distance_m DESC NULLS LAST,
                         st.contacts DESC NULLS LAST, se.date, st.id
                LIMIT 1""",
            (ex, *sids, KG_PER_LB),
        ).fetchone()
    if row is None:
        return None
    best_set = in_unit(set_from_row(row), scope.unit)
    e1rm_kg = row["e1rm_kg"]
    return BestSet(
        date=dt.date.fromisoformat(row["date"]),
        reps=best_set.reps,
        load=best_set.load,
        rir=best_set.rir,
        seconds=best_set.seconds,
        e1rm=e1rm_kg * scope.to_unit if e1rm_kg is not None else None,
        contacts=best_set.contacts,
        distance_m=best_set.distance_m,
        low_confidence=bool(row["low"]) and e1rm_kg is not None,
    )
