"""The "Incidents" part of a report: each incident once, the person's roles in it, and
the follow-up work they shipped that closes its loop (action items, fixes, links)."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any

from evidencer.model import Classified
from evidencer.report.followups import link_follow_ups


def incidents_context(
    items: Sequence[Classified],
    roles: Mapping[str, tuple[str, ...]],
    view: Callable[[Classified], dict[str, Any]],
) -> list[dict[str, Any]]:
    """Postmortems the person has a role in, newest first, with their follow-ups."""
    postmortems = [
        e for e in items
        if e.evidence.kind == "postmortem" or e.evidence.facts.incident
    ]
    if not postmortems:
        return []
    incident_ids = {e.evidence.id for e in postmortems}
    others = [e.evidence for e in items if e.evidence.id not in incident_ids]
    follow_ups = link_follow_ups([e.evidence for e in postmortems], others)
    by_id = {e.evidence.id: e for e in items}
    out = []
    for entry in sorted(postmortems, key=lambda e: e.evidence.date, reverse=True):
        facts = entry.evidence.facts
        out.append({
            **view(entry),
            "severity": facts.severity,
            "duration": facts.duration,
            "impact_summary": facts.impact,
            "status": facts.status,
            "services": list(facts.services or ()),
            "incident_roles": list(roles.get(entry.evidence.id, ())),
            "follow_ups": [
                view(by_id[i]) for i in follow_ups.get(entry.evidence.id, []) if i in by_id
            ],
        })
    return out
