"""`log export` (export.py) and `log import` (importer.py) on the log: the import side is
loaded only when a file is imported, so every other command that opens the log pays
nothing for its checks."""

import datetime as dt
from typing import TYPE_CHECKING, NamedTuple

from runstrength.log.export import EXPORT_FORMAT as EXPORT_FORMAT  # re-exported
from runstrength.log.export import EXPORT_VERSION as EXPORT_VERSION  # re-exported
from runstrength.log.export import Exporter

if TYPE_CHECKING:
    from runstrength.log.importer import Known


class ImportResult(NamedTuple):
    added: int  # sessions
    skipped: int
    renumbered: int = 0
    runs: int = 0  # runs, pain check-ins and next-morning reports added (export version 2)
    pain: int = 0
    relinked: int = 0  # sessions skipped as already logged that took the file's plan link
    edited: int = 0  # sessions edited in the log since the export: kept as edited


class Transfer(Exporter):
    """`log export` (export.py) and `log import`."""

    def import_text(
        self,
        text: str,
        source: str = "input",
        known: "Known | None" = None,
        today: dt.date | None = None,
    ) -> ImportResult:
        """Import a JSON or CSV export (detected from the content) in one transaction: all
        or nothing, every row checked first (importer.import_text); with `today`, no
        session dated after it."""
        from runstrength.log import importer

        return importer.import_text(self, text, source, known, today)
