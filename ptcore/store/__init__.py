"""The project store: one SQLite file per project, reached through ``Project``."""
