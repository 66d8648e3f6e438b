"""GitHub Actions glue: the event, outputs, job summary, the sticky PR comment and labels."""
