"""Pure: several people's report contexts in, the team view's context out.

A people × competencies matrix: counts, each person's strongest items, links to their documents.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from evidencer.report.build import SCHEMA

STRONGEST = 2  # items linked in each cell of the matrix
TEAM_HIGHLIGHTS = 3  # highlights shown under each person


@dataclass(frozen=True)
class Member:
    """One person in the team view: their document's context, slug and file (if written)."""

    context: Mapping[str, Any]
    slug: str
    document: str | None = None  # file name of their own document, next to the team view


def build_team_context(members: Sequence[Member]) -> dict[str, Any]:
    """The ``team`` template's context: documented in the README and kept stable.

    Every member's context was built from the same rubric and period; the first one
    supplies those. ``strongest`` items are the person's competency items in the order of
    their highlights (strongest first), reviews left out as they are everywhere.
    """
    if not members:
        raise ValueError("a team view needs at least one person")
    first = members[0].context
    competencies = [
        {
            "id": c["id"],
            "name": c["name"],
            "anchor": c["anchor"],
            "count": sum(_cell(m.context, c["id"])["count"] for m in members),
            "people": sum(1 for m in members if _cell(m.context, c["id"])["count"]),
        }
        for c in first["competencies"]
    ]
    people = [_person(member) for member in members]
    sources: dict[str, str] = {}
    warnings: list[str] = []
    for member in members:
        sources.update(member.context["sources"])
        warnings += [w for w in member.context["warnings"] if w not in warnings]
    return {
        "schema": SCHEMA,
        "generated_at": first["generated_at"],
        "period": dict(first["period"]),
        "rubric": dict(first["rubric"]),
        "sources": sources,
        "competencies": competencies,
        "people": people,
        "warnings": warnings,
        "redacted": any(m.context["redacted"] for m in members),
    }


def _cell(context: Mapping[str, Any], competency_id: str) -> Mapping[str, Any]:
    for competency in context["competencies"]:
        if competency["id"] == competency_id:
            return dict(competency)
    return {"count": 0, "items": [], "gap": True, "reviews": {"prs": 0}}


def _person(member: Member) -> dict[str, Any]:
    context = member.context
    order = {item["id"]: index for index, item in enumerate(_by_strength(context))}
    cells = []
    for competency in context["competencies"]:
        # The person's own work in it, strongest first; merges and reviews are summed up.
        work = list(competency.get("ranked", competency["items"]))
        work = [i for i in work if i["kind"] != "review"]
        strongest = sorted(work, key=lambda i: order.get(i["id"], len(order)))[:STRONGEST]
        cells.append({
            "id": competency["id"],
            "name": competency["name"],
            "count": competency["count"],
            "gap": competency["gap"],
            "reviews": competency["reviews"]["prs"],
            "strongest": strongest,
        })
    person = context["person"]
    return {
        "label": person["label"],
        "slug": member.slug,
        "document": member.document,
        "names": list(person["names"]),
        "emails": list(person["emails"]),
        "logins": list(person["logins"]),
        "items": context["stats"]["items"],
        "matched": context["stats"]["matched"],
        "other": len(context["other"]),
        "reviews": context["reviews"],
        "competencies": cells,
        "highlights": list(context["highlights"][:TEAM_HIGHLIGHTS]),
        "gaps": [c["name"] for c in context["competencies"] if c["gap"]],
    }


def _by_strength(context: Mapping[str, Any]) -> list[Mapping[str, Any]]:
    """Highlights first (already the best picks), then every item by strength, newest first."""
    highlights = list(context["highlights"])
    chosen = {item["id"] for item in highlights}
    rest = sorted((i for i in context["items"] if i["id"] not in chosen), key=lambda i: i["id"])
    rest.sort(key=lambda i: i["date"], reverse=True)  # stable sorts: id, then date, then
    rest.sort(key=lambda i: float(i["strength"]), reverse=True)  # strength decides first
    return [*highlights, *rest]
