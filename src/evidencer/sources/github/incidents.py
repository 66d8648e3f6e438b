"""Incident issues on GitHub (labelled ``incident``, ``sev1``, ``outage``…) as evidence:
who opened, was assigned or answered an incident, with its severity."""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Sequence

from evidencer.github.records import CommentRecord, IssueHit
from evidencer.model import Actor, Evidence
from evidencer.sources.github.items import issue_item

_SEVERITY = re.compile(r"^(?:sev|severity)[-_: ]?(?P<n>[0-5])$|^(?P<p>p[0-4])$", re.IGNORECASE)


def incident_terms(labels: Sequence[str], login: str) -> str:
    """One search for every incident the person was involved in: labels OR together."""
    quoted = ",".join(f'"{label}"' if " " in label else label for label in labels)
    return f"type:issue label:{quoted} involves:{login}"


def severity_of(labels: Sequence[str]) -> str | None:
    for label in labels:
        found = _SEVERITY.match(label.strip())
        if found:
            return f"SEV{found.group('n')}" if found.group("n") else found.group("p").upper()
    return None


def is_direct(hit: IssueHit, login: str) -> bool:
    """Opened or assigned: the search result alone says what the person's part was."""
    folded = login.lower()
    return hit.user.lower() == folded or folded in (a.lower() for a in hit.assignees)


def incident_item(
    hit: IssueHit, *, login: str, comments: Sequence[CommentRecord] | None = None
) -> Evidence | None:
    """The incident as an ``issue`` item marked ``facts.incident``; None when the
    person was only mentioned (no comment, not the opener, not assigned)."""
    folded = login.lower()
    actors = [Actor(role="author", login=hit.user)]
    if hit.user.lower() == folded:
        actors.append(Actor(role="responder", login=hit.user))
    actors += [Actor(role="responder", login=a) for a in hit.assignees]
    commented = [c for c in comments or () if c.user.lower() == folded]
    if commented:
        actors.append(Actor(role="responder", login=commented[0].user))
    if not is_direct(hit, login) and not commented:
        return None
    duration = None
    if hit.closed_at is not None:
        minutes = int((hit.closed_at - hit.created_at).total_seconds() // 60)
        duration = f"{minutes // 60}h {minutes % 60}m" if minutes >= 60 else f"{minutes}m"
    issue = issue_item(hit, login=login, role="author")  # dated by the incident's opening
    facts = dataclasses.replace(
        issue.facts, incident=True, severity=severity_of(hit.labels), duration=duration
    )
    return dataclasses.replace(issue, actors=tuple(dict.fromkeys(actors)), facts=facts)
