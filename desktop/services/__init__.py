"""Use cases: one short session each, plain data in and out. The UI and the CLI call these."""
