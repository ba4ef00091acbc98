"""Persistence plumbing: engine and pragmas, migrations, backups, the single-instance lock."""
