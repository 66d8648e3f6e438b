"""Pure: classified evidence in, the report context out (significance, highlights, levels,
incidents, team view)."""
