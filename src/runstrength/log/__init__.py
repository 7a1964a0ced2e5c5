"""The training log: storage, migrations, SPEC parsing and log-driven progression."""
