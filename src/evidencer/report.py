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
from evidencer.mdsafe import heading_anchor
from evidencer.model import Classified, Evidence, Match, Period, Person, format_datetime
from evidencer.report_incidents import incidents_context
from evidencer.report_reviews import is_review, summarise_reviews
from evidencer.rubric import LEVELS, Competency, Rubric

SCHEMA = "evidencer/report@1"
HIGHLIGHTS = 5
MAX_TITLE = 300  # characters of a title shown; GitHub allows 256
_ROLE_WEIGHT = {
    "incident_commander": 1.5, "postmortem_author": 1.2, "author": 1.0, "co_author": 0.8,
    "responder": 0.8, "action_item_owner": 0.8, "reviewer": 0.6, "merger": 0.3,
    "assignee": 0.5, "commenter": 0.5,
}
_ONLY_PASSED_ON = frozenset({"merger"})  # roles that alone do not make an item one's own work


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
    redacted: bool = False  # private repository names and links replaced (see redact.py)


def item_roles(matcher: Matcher, items: Iterable[Evidence]) -> dict[str, tuple[str, ...]]:
    return {item.id: roles for item in items if (roles := matcher.roles(item))}


def short_title(title: str) -> str:
    """A title as documents show it: a commit subject can be a megabyte-long paragraph."""
    if len(title) <= MAX_TITLE:
        return title
    cut = title[:MAX_TITLE]
    return (cut.rsplit(" ", 1)[0] if " " in cut[MAX_TITLE // 2 :] else cut) + "\u2026"


def item_dict(entry: Classified, roles: Sequence[str]) -> dict[str, Any]:
    """One item exactly as the report JSON contract (DESIGN.md) spells it."""
    item = entry.evidence
    return {
        "id": item.id,
        "kind": item.kind,
        "repo": item.repo,
        "url": item.url,
        "title": short_title(item.title),
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
    """The report JSON: the contract's keys, plus what the document shows, read from the
    template context (so the JSON and the document never disagree)."""
    context = build_context(data)
    shown = {view["id"]: view for view in context["items"]}
    levels = _levels_by_item(context)
    items = sorted(data.items, key=lambda e: (e.evidence.date, e.evidence.id))
    # Each view starts with the item's contract keys (item_dict): taken from it, not remade.
    keys = list(item_dict(items[0], ())) if items else []
    return {
        "schema": SCHEMA,
        "person": {
            "names": list(data.person.names),
            "emails": list(data.person.emails),
            "logins": list(data.person.logins),
        },
        "period": {"since": data.period.since.isoformat(), "until": data.period.until.isoformat()},
        "items": [
            _json_item(shown[e.evidence.id], keys, levels.get(e.evidence.id, {})) for e in items
        ],
        "summary": _summary(data),
        "highlights": [view["id"] for view in context["highlights"]],
    }


_SHOWN = ("reasons", "themes", "routine", "strength")  # keys of an item's view the JSON adds


def _json_item(
    view: Mapping[str, Any], keys: Sequence[str], level: dict[str, str]
) -> dict[str, Any]:
    item = {key: view[key] for key in (*keys, *_SHOWN)}
    item["level"] = level
    return item


def _levels_by_item(context: Mapping[str, Any]) -> dict[str, dict[str, str]]:
    """Item id -> competency id -> the highest growth-arc level the document shows it at."""
    found: dict[str, dict[str, str]] = {}
    for competency in context["competencies"]:
        for level in competency["levels"]:  # lowest first: a higher one overwrites
            for view in level["items"]:
                found.setdefault(view["id"], {})[competency["id"]] = level["id"]
    return found


def _summary(data: ReportInput) -> dict[str, int]:
    counts = Counter(m.competency for e in data.items for m in e.matches)
    return {c.id: counts.get(c.id, 0) for c in data.rubric.competencies}


def strength(entry: Classified, roles: Sequence[str]) -> float:
    """How strong an item is as evidence: rubric score, stated impact, size and role.

    The best competency score counts most; showing a second competency adds half a point
    each; a stated outcome adds a point (a quarter more for each further one, up to 1.5);
    a sizeable change adds up to half a point. The person's strongest role scales it all:
    leading an incident or writing the work counts more than merging or commenting on it.
    """
    best = max((m.score for m in entry.matches), default=0.0)
    breadth = 0.5 * (len(entry.matches) - 1) if entry.matches else 0.0
    impact = min(1.0 + 0.25 * (len(entry.impact) - 1), 1.5) if entry.impact else 0.0
    size = entry.evidence.additions + entry.evidence.deletions
    size_bonus = 0.5 if size >= 200 else 0.25 if size >= 40 else 0.0
    role = max((_ROLE_WEIGHT.get(r, 0.5) for r in roles), default=0.5)
    return round((best + breadth + impact + size_bonus) * role, 3)


def rank(items: Iterable[Classified], roles: Mapping[str, Sequence[str]]) -> list[Classified]:
    """Strongest first; among equals the newer, then by id, so the order never wavers."""
    return sorted(
        items,
        key=lambda e: (-strength(e, roles.get(e.evidence.id, ())), _newest_first(e)),
    )


def _newest_first(entry: Classified) -> tuple[float, str]:
    return -entry.evidence.date.timestamp(), entry.evidence.id


def pick_highlights(
    items: Sequence[Classified],
    roles: Mapping[str, Sequence[str]],
    *,
    competencies: Sequence[str],
    limit: int = HIGHLIGHTS,
) -> list[Classified]:
    """The strongest items across competencies: each competency's best first, then the rest.

    A competency's best is sought among work the person did, not merely merged. Reviews
    are summed up elsewhere, so they are never highlights; neither is other work.
    """
    ranked = rank((e for e in items if e.matches and not is_review(e)), roles)
    chosen: list[str] = []
    for competency in competencies:
        best = next(
            (
                e for e in ranked
                if competency in e.competency_ids and e.evidence.id not in chosen
                and not _only_passed_on(roles.get(e.evidence.id, ()))
            ),
            None,
        )
        if best is not None and len(chosen) < limit:
            chosen.append(best.evidence.id)
    for entry in ranked:
        if len(chosen) >= limit:
            break
        if entry.evidence.id not in chosen:
            chosen.append(entry.evidence.id)
    return [e for e in ranked if e.evidence.id in chosen]


def _only_passed_on(roles: Sequence[str]) -> bool:
    return bool(roles) and set(roles) <= _ONLY_PASSED_ON


def build_context(data: ReportInput) -> dict[str, Any]:
    """The template context: documented in the README and kept stable."""
    ordered = sorted(data.items, key=lambda e: (e.evidence.date, e.evidence.id), reverse=True)
    views = {e.evidence.id: _view(e, data) for e in ordered}
    competencies = [
        _competency(c, ordered=ordered, views=views, data=data)
        for c in data.rubric.competencies
    ]
    highlights = pick_highlights(
        ordered, data.roles, competencies=[c.id for c in data.rubric.competencies]
    )
    other = [views[e.evidence.id] for e in ordered if not e.matches and not is_review(e)]
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
        "highlights": [views[e.evidence.id] for e in highlights],
        "reviews": summarise_reviews(ordered, views),
        "incidents": incidents_context(
            ordered, data.roles, lambda e: views[e.evidence.id]
        ),
        "other": other,
        "items": [views[e.evidence.id] for e in ordered],
        "stats": _stats(data, ordered),
        "timeline": _timeline(data),
        "warnings": list(data.warnings),
        "redacted": data.redacted,
    }


def _competency(
    competency: Competency,
    *,
    ordered: Sequence[Classified],
    views: Mapping[str, dict[str, Any]],
    data: ReportInput,
) -> dict[str, Any]:
    """One competency's section: its work by theme, its growth arc, its reviews summed up."""
    entries = [e for e in ordered if competency.id in e.competency_ids]
    work = [e for e in entries if not is_review(e)]
    themes = []
    for theme_id, theme_name in [*competency.themes.items(), ("", "Other evidence")]:
        members = [
            views[e.evidence.id] for e in work if _primary_theme(e, competency.id) == theme_id
        ]
        if members:
            themes.append({"id": theme_id or "other", "name": theme_name, "items": members})
    levels = []
    for level in LEVELS:
        members = [
            views[e.evidence.id] for e in work if level in _match_of(e, competency.id).levels
        ]
        if members:
            description = data.rubric.levels.get(level, level)
            levels.append({"id": level, "description": description, "items": members})
    return {
        "id": competency.id,
        "name": competency.name,
        "anchor": heading_anchor(competency.name),
        "description": competency.description,
        "count": len(entries),
        "items": [views[e.evidence.id] for e in entries],
        "themes": themes,
        "levels": levels,
        "reviews": summarise_reviews(entries, views),
        "gap": len(entries) < competency.min_items,
        "suggestions": list(competency.suggestions),
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
        "best": _best(entry, data.rubric),
    })
    return view


def _best(entry: Classified, rubric: Rubric) -> dict[str, Any] | None:
    """The competency the item shows most strongly: what a one-line highlight names."""
    if not entry.matches:
        return None
    order = {c.id: index for index, c in enumerate(rubric.competencies)}
    match = min(entry.matches, key=lambda m: (-m.score, order.get(m.competency, len(order))))
    competency = rubric.competency(match.competency)
    return {
        "id": match.competency,
        "name": competency.name if competency else match.competency,
        "score": match.score,
        "reasons": list(match.reasons),
    }


def _match_of(entry: Classified, competency_id: str) -> Match:
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
