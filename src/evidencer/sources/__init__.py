"""Sources of evidence: each module yields frozen ``Evidence`` records.

git reads local history, github the REST API, postmortems incident write-ups.
"""
