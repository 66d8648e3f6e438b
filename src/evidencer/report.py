"""Pure: classified items in, the report context out (sections, highlights, gaps, stats).

The context is what templates receive and what ``--format json`` is cut from.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from evidencer.identity import Matcher
from evidencer.model import Classified, Evidence, Period, Person, format_datetime
from evidencer.rubric import LEVELS, Rubric

SCHEMA = "evidencer/report@1"
HIGHLIGHTS = 5
_ROLE_WEIGHT = {
    "incident_commander": 1.5, "postmortem_author": 1.2, "author": 1.0, "co_author": 0.8,
    "responder": 0.8, "action_item_owner": 0.8, "reviewer": 0.6, "merger": 0.3,
    "assignee": 0.5, "commenter": 0.5,
}


@dataclass(frozen=True)
class ReportInput:
    """Everything a report is made of; ``sources`` says what was and was not read."""

    person: Person
    period: Period
    rubric: Rubric
    items: Sequence[Classified]
    roles: Mapping[str, tuple[str, ...]]
    sources: Mapping[str, str] = field(default_factory=dict)
    warnings: Sequence[str] = ()
    generated_at: dt.datetime | None = None


def item_roles(matcher: Matcher, items: Iterable[Evidence]) -> dict[str, tuple[str, ...]]:
    return {item.id: roles for item in items if (roles := matcher.roles(item))}


def item_dict(entry: Classified, roles: Sequence[str]) -> dict[str, Any]:
    """One item exactly as the report JSON contract (DESIGN.md) spells it."""
    item = entry.evidence
    return {
        "id": item.id,
        "kind": item.kind,
        "repo": item.repo,
        "url": item.url,
        "title": item.title,
        "date": format_datetime(item.date),
        "roles": list(roles),
        "labels": list(item.labels),
        "paths": list(item.paths),
        "impact": list(entry.impact),
        "competencies": [
            {"id": m.competency, "score": m.score, "reasons": list(m.reasons)}
            for m in entry.matches
        ],
    }


def to_json_report(data: ReportInput) -> dict[str, Any]:
    items = sorted(data.items, key=lambda e: (e.evidence.date, e.evidence.id))
    return {
        "schema": SCHEMA,
        "person": {
            "names": list(data.person.names),
            "emails": list(data.person.emails),
            "logins": list(data.person.logins),
        },
        "period": {"since": data.period.since.isoformat(), "until": data.period.until.isoformat()},
        "items": [item_dict(e, data.roles.get(e.evidence.id, ())) for e in items],
        "summary": _summary(data),
    }


def _summary(data: ReportInput) -> dict[str, int]:
    counts = Counter(m.competency for e in data.items for m in e.matches)
    return {c.id: counts.get(c.id, 0) for c in data.rubric.competencies}


def strength(entry: Classified, roles: Sequence[str]) -> float:
    """How strong an item is as evidence: rubric score, stated impact, size and role."""
    best = max((m.score for m in entry.matches), default=0.0)
    size = entry.evidence.additions + entry.evidence.deletions
    size_bonus = 0.5 if size >= 200 else 0.25 if size >= 40 else 0.0
    role = max((_ROLE_WEIGHT.get(r, 0.5) for r in roles), default=0.5)
    breadth = 0.5 * (len(entry.matches) - 1) if entry.matches else 0.0
    return round((best + breadth + (1.0 if entry.impact else 0.0) + size_bonus) * role, 3)


def build_context(data: ReportInput) -> dict[str, Any]:
    """The template context: documented in the README and kept stable."""
    ordered = sorted(data.items, key=lambda e: (e.evidence.date, e.evidence.id), reverse=True)
    views = {e.evidence.id: _view(e, data) for e in ordered}
    competencies = []
    for competency in data.rubric.competencies:
        entries = [e for e in ordered if competency.id in e.competency_ids]
        themes = []
        for theme_id, theme_name in [*competency.themes.items(), ("", "Other evidence")]:
            members = [
                views[e.evidence.id] for e in entries
                if _primary_theme(e, competency.id) == theme_id
            ]
            if members:
                themes.append({"id": theme_id or "other", "name": theme_name, "items": members})
        levels = {
            level: [views[e.evidence.id] for e in entries
                    if level in _match_of(e, competency.id).levels]
            for level in LEVELS
        }
        competencies.append({
            "id": competency.id,
            "name": competency.name,
            "description": competency.description,
            "count": len(entries),
            "items": [views[e.evidence.id] for e in entries],
            "themes": themes,
            "levels": [
                {"id": level, "description": data.rubric.levels.get(level, level),
                 "items": members}
                for level, members in levels.items() if members
            ],
            "gap": len(entries) < competency.min_items,
            "suggestions": list(competency.suggestions),
        })
    matched = [e for e in ordered if e.matches]
    ranked = sorted(
        matched,
        key=lambda e: (strength(e, data.roles.get(e.evidence.id, ())), e.evidence.date),
        reverse=True,
    )
    other = [views[e.evidence.id] for e in ordered if not e.matches]
    return {
        "schema": SCHEMA,
        "generated_at": format_datetime(data.generated_at) if data.generated_at else None,
        "person": {
            "label": data.person.label,
            "names": list(data.person.names),
            "emails": list(data.person.emails),
            "logins": list(data.person.logins),
        },
        "period": {"since": data.period.since.isoformat(), "until": data.period.until.isoformat()},
        "rubric": {"name": data.rubric.name, "description": data.rubric.description},
        "sources": dict(data.sources),
        "summary": _summary(data),
        "competencies": competencies,
        "highlights": [views[e.evidence.id] for e in ranked[:HIGHLIGHTS]],
        "other": other,
        "items": [views[e.evidence.id] for e in ordered],
        "stats": _stats(data, ordered),
        "timeline": _timeline(data),
        "warnings": list(data.warnings),
    }


def _view(entry: Classified, data: ReportInput) -> dict[str, Any]:
    roles = data.roles.get(entry.evidence.id, ())
    item = entry.evidence
    view = item_dict(entry, roles)
    view.update({
        "day": item.date.astimezone(dt.timezone.utc).date().isoformat(),
        "month": item.date.astimezone(dt.timezone.utc).strftime("%Y-%m"),
        "number": item.number,
        "additions": item.additions,
        "deletions": item.deletions,
        "sources": list(item.sources),
        "routine": list(entry.routine),
        "strength": strength(entry, roles),
        "extra": dict(item.extra),
        "competency_names": [
            c.name for m in entry.matches if (c := data.rubric.competency(m.competency))
        ],
        "reasons": {m.competency: list(m.reasons) for m in entry.matches},
        "themes": {m.competency: list(m.themes) for m in entry.matches},
    })
    return view


def _match_of(entry: Classified, competency_id: str) -> Any:
    return next(m for m in entry.matches if m.competency == competency_id)


def _primary_theme(entry: Classified, competency_id: str) -> str:
    themes = _match_of(entry, competency_id).themes
    return themes[0] if themes else ""


def _stats(data: ReportInput, ordered: Sequence[Classified]) -> dict[str, Any]:
    kinds = Counter(e.evidence.kind for e in ordered)
    return {
        "items": len(ordered),
        "matched": sum(1 for e in ordered if e.matches),
        "other": sum(1 for e in ordered if not e.matches),
        "kinds": dict(sorted(kinds.items())),
        "repos": sorted({e.evidence.repo for e in ordered}),
    }


def _timeline(data: ReportInput) -> dict[str, Any]:
    """Evidence per competency per month, every month of the period present."""
    months: list[str] = []
    year, month = data.period.since.year, data.period.since.month
    while (year, month) <= (data.period.until.year, data.period.until.month):
        months.append(f"{year:04d}-{month:02d}")
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    counts: Counter[tuple[str, str]] = Counter()
    for entry in data.items:
        key = entry.evidence.date.astimezone(dt.timezone.utc).strftime("%Y-%m")
        for match in entry.matches:
            counts[(match.competency, key)] += 1
    return {
        "months": months,
        "series": [
            {"id": c.id, "name": c.name, "counts": [counts[(c.id, m)] for m in months]}
            for c in data.rubric.competencies
        ],
    }
