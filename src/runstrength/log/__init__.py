"""The training log: storage, migrations, SPEC parsing and log-driven progression.

Storage: `storage.SessionLog` over `db` (open, WAL, retry), `records`, `sessions`,
`history` (SQL aggregates), `saved` (profile, plans, maxes, settings), `transfer`
(export/import), `migrations`; `e1rm` is the one e1RM formula (Python and SQL).
Progression (pure): `progress` (plan position), `context` (the log's state, built once),
`loads` (`decide_load` and its cases), `ladder` (§4.7), `swap`, `nextsession`
(`prescribe_next`), `planview` (`apply_log`). For the CLI: `service`, `done`, `entries`,
`profile`, `spec`.
"""
