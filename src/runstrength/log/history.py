"""History aggregates in SQL: per lift the e1RM trend, best set and last session, per week
hard sets and contacts. Everything walks indexes, so the cost grows with what is shown, not
with the length of the log."""

import datetime as dt
import sqlite3
from collections.abc import Mapping
from typing import Any, NamedTuple

from runstrength.enums import LoadUnit
from runstrength.log.db import Database, translated
from runstrength.log.e1rm import E1RM_KG_SQL
from runstrength.log.records import LoggedSet, in_unit, set_from_row
from runstrength.log.sessions import latest_sessions
from runstrength.units import KG_PER_LB, LB_PER_KG


class TrendPoint(NamedTuple):
    date: dt.date
    e1rm: float


class BestSet(NamedTuple):
    date: dt.date
    reps: int | None
    load: float | None  # in the report's unit
    rir: int | None
    seconds: int | None
    e1rm: float | None
    contacts: int | None = None
    distance_m: float | None = None


class LiftHistory(NamedTuple):
    """One exercise over the log: e1RM trend (oldest first), best set, last session."""

    exercise_id: str
    trend: tuple[TrendPoint, ...]
    best: BestSet | None
    last_date: dt.date
    last_sets: tuple[LoggedSet, ...]  # loads converted to the report's unit


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
    """The e1RM validity rules (docs/method.md §4.2), passed in from the rulebook."""

    max_reps: int
    max_rir: int
    max_effective_reps: int


def _valid_sql(limits: E1rmLimits) -> str:
    """SQL: the set may feed an e1RM (§4.2 validity rules; the numbers come from the rules)."""
    return (
        f"(st.load > 0 AND st.reps BETWEEN 1 AND {int(limits.max_reps)} "
        f"AND st.rir BETWEEN 0 AND {int(limits.max_rir)} "
        f"AND st.reps + st.rir <= {int(limits.max_effective_reps)})"
    )


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
        trend_points: int = 24,
    ) -> HistoryReport:
        """Per lift: e1RM trend, best set, last session; per week: hard sets per pattern and
        plyometric contacts. Loads and e1RMs come back in `unit`.

        Everything is aggregated in SQL through indexes, so the cost grows with the number of
        lifts and weeks shown, not with the length of the log. The best set is the set with
        the highest e1RM since `since`; for a lift with no e1RM-valid set (bodyweight, holds)
        it is the biggest dose among the trend's sessions. Weeks are reported from
        `weeks_since` (default: `since`, else the whole log).
        """
        to_unit = 1.0 if unit is LoadUnit.KG else LB_PER_KG
        valid = _valid_sql(limits)
        points = max(trend_points, 1)
        date_cond, date_params = ("AND se.date >= ?", [since.isoformat()]) if since else ("", [])
        with self._read() as conn:
            if exercise is not None:
                exercises = [exercise]
            else:
                exercises = [
                    r[0]
                    for r in conn.execute(
                        """WITH RECURSIVE ex(id) AS (
                             SELECT min(exercise_id) FROM sets
                             UNION ALL
                             SELECT (SELECT min(exercise_id) FROM sets WHERE exercise_id > ex.id)
                             FROM ex WHERE ex.id IS NOT NULL)
                           SELECT id FROM ex WHERE id IS NOT NULL"""
                    )
                ]
            lifts: list[LiftHistory] = []
            for ex in exercises:
                latest = latest_sessions(conn, ex, points, since)
                if not latest:
                    continue
                marks = ", ".join("?" for _ in latest)
                recent = conn.execute(
                    f"SELECT id, date FROM sessions WHERE id IN ({marks}) "
                    "ORDER BY date DESC, id DESC",
                    latest,
                ).fetchall()
                if not recent:
                    continue
                sids = [int(r[0]) for r in recent]
                marks = ", ".join("?" for _ in sids)
                best_by_session = {
                    int(r[0]): r[1]
                    for r in conn.execute(
                        f"""SELECT st.session_id, max({E1RM_KG_SQL}) FROM sets st
                            WHERE st.exercise_id = ? AND st.session_id IN ({marks}) AND {valid}
                            GROUP BY st.session_id""",
                        (ex, *sids),
                    )
                }
                trend = tuple(
                    TrendPoint(dt.date.fromisoformat(d), round(best_by_session[sid] * to_unit, 2))
                    for sid, d in reversed([(int(r[0]), r[1]) for r in recent])
                    if best_by_session.get(sid) is not None
                )
                # `> 0` lets the planner start the walk down the e1RM index past NULLs.
                best_row = conn.execute(
                    f"""SELECT st.*, se.date AS date, {E1RM_KG_SQL} AS e1rm_kg
                        FROM sets st JOIN sessions se ON se.id = st.session_id
                        WHERE st.exercise_id = ? AND {E1RM_KG_SQL} > 0 AND {valid} {date_cond}
                        ORDER BY {E1RM_KG_SQL} DESC, se.date, st.id LIMIT 1""",
                    (ex, *date_params),
                ).fetchone()
                if best_row is None:
                    best_row = conn.execute(
                        f"""SELECT st.*, se.date AS date, NULL AS e1rm_kg
                            FROM sets st JOIN sessions se ON se.id = st.session_id
                            WHERE st.exercise_id = ? AND st.session_id IN ({marks})
                            ORDER BY (st.load * CASE WHEN st.unit = 'lb' THEN ? ELSE 1.0 END)
                                     DESC NULLS LAST,
                                     st.reps DESC NULLS LAST, st.seconds DESC NULLS LAST,
                                     st.distance_m DESC NULLS LAST,
                                     st.contacts DESC NULLS LAST, se.date, st.id
                            LIMIT 1""",
                        (ex, *sids, KG_PER_LB),
                    ).fetchone()
                last_sets = tuple(
                    in_unit(set_from_row(r), unit)
                    for r in conn.execute(
                        "SELECT * FROM sets WHERE session_id = ? AND exercise_id = ? ORDER BY id",
                        (sids[0], ex),
                    )
                )
                best = None
                if best_row is not None:
                    best_set = in_unit(set_from_row(best_row), unit)
                    e1rm_kg = best_row["e1rm_kg"]
                    best = BestSet(
                        date=dt.date.fromisoformat(best_row["date"]),
                        reps=best_set.reps,
                        load=best_set.load,
                        rir=best_set.rir,
                        seconds=best_set.seconds,
                        e1rm=round(e1rm_kg * to_unit, 2) if e1rm_kg is not None else None,
                        contacts=best_set.contacts,
                        distance_m=best_set.distance_m,
                    )
                lifts.append(
                    LiftHistory(
                        exercise_id=ex,
                        trend=trend,
                        best=best,
                        last_date=dt.date.fromisoformat(recent[0][1]),
                        last_sets=last_sets,
                    )
                )
            weeks = self._weeks(
                conn,
                since=weeks_since or since,
                exercise=exercise,
                hard_set_max_rir=hard_set_max_rir,
                patterns=patterns or {},
            )
        return HistoryReport(unit=unit, lifts=lifts, weeks=weeks)

    @staticmethod
    def _weeks(
        conn: sqlite3.Connection,
        *,
        since: dt.date | None,
        exercise: str | None,
        hard_set_max_rir: int,
        patterns: Mapping[str, str],
    ) -> list[WeekHistory]:
        conds: list[str] = []
        params: list[Any] = []
        if since is not None:
            conds.append("se.date >= ?")
            params.append(since.isoformat())
        if exercise is not None:
            conds.append("se.id IN (SELECT session_id FROM sets WHERE exercise_id = ?)")
            params.append(exercise)
        where = f"WHERE {' AND '.join(conds)}" if conds else ""
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
