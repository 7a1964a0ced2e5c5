"""The training log: one SQLite file, opened, checked and migrated by `SessionLog`.

`SessionLog` is assembled from its parts, one concern per module: `db` (open, check, WAL,
retry, transactions), `sessions` (add, read, recent, undo, edit), `history` (SQL
aggregates), `saved` (profile, plans, maxes, settings) and `transfer` (JSON/CSV export and
import). The records it reads and writes are in `records`.
"""

from runstrength.log.db import BUSY_TIMEOUT_S, SQLITE_HEADER
from runstrength.log.history import (
    BestSet,
    E1rmLimits,
    Histories,
    HistoryReport,
    LiftHistory,
    TrendPoint,
    WeekHistory,
)
from runstrength.log.records import (
    CSV_COLUMNS,
    SET_FIELDS,
    ActivePlan,
    LoggedSession,
    LoggedSet,
    SavedMax,
    session_dict,
)
from runstrength.log.runs import RunBatch, Runs
from runstrength.log.saved import Saved
from runstrength.log.sessions import Sessions
from runstrength.log.transfer import EXPORT_FORMAT, EXPORT_VERSION, ImportResult, Transfer


class SessionLog(Sessions, Histories, Saved, Transfer, Runs):
    """The training log database at `path`: open, check, migrate; close on exit."""


__all__ = [
    "BUSY_TIMEOUT_S",
    "CSV_COLUMNS",
    "EXPORT_FORMAT",
    "EXPORT_VERSION",
    "SET_FIELDS",
    "SQLITE_HEADER",
    "ActivePlan",
    "BestSet",
    "E1rmLimits",
    "HistoryReport",
    "ImportResult",
    "LiftHistory",
    "LoggedSession",
    "LoggedSet",
    "RunBatch",
    "SavedMax",
    "SessionLog",
    "TrendPoint",
    "WeekHistory",
    "session_dict",
]
