"""The SQLite store of collected evidence: a cache across runs, with export and import."""
