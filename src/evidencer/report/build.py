"""Pure: classified items in, the report context out (sections, highlights, gaps, stats).

The context is what templates receive and what ``--format json`` is cut from.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from evidencer.classify.rubric import Competency, Rubric
from evidencer.identity import (
    Matcher,
    name_key,
    noreply_login,
    shared_address,
    shared_name,
)
from evidencer.model import (
    GITHUB_NO_TOKEN,
    GITHUB_OFFLINE,
    OUTSIDE_TEAM,
    Actor,
    Classified,
    Evidence,
    Match,
    Period,
    Person,
    actor_is_bot,
    format_datetime,
)
from evidencer.render.mdsafe import heading_anchor
from evidencer.report.copies import follows_up
from evidencer.report.incidents import incidents_context
from evidencer.report.levels import Found, Scope, Work, growth_arc, item_levels
from evidencer.report.reviews import is_review, summarise_reviews
from evidencer.report.significance import (
    CHANGE_KINDS,
    Significance,
    advisories,
    areas,
    assess,
    is_own,
    lead_theme,
    rank_key,
    reverted_by,
    unmerged_sentence,
)
from evidencer.report.timeline import timeline

SCHEMA = "evidencer/report@1"
HIGHLIGHTS = 5
APPEARANCES = 2  # times an item is shown outside the folded full list, at most
GLANCE_ITEMS = 2  # strongest items linked in each competency's paragraph at a glance
GLANCE_OUTCOMES = 2
SECTION_ITEMS = 8  # items listed under a competency; the full list has the rest
UNCLAIMED_ITEMS = 3  # substantial work showing no competency, named in Notes
# How near the model must have come to a competency (its probability over the claim's
# cut) for Notes to name it beside unclaimed work, and to put that work first.
NEAR_SHOWN = 0.5
MAINTAINER_SHARED = 3  # co-authored changes of others that say a maintainer's work is missing
MAX_TITLE = 300  # characters of a title shown; GitHub allows 256
# What kind of work a theme of the shipped rubric is, as a sentence a manager reads.
THEME_SENTENCES = {
    "user-reports": "answers what users reported",
    "errors-docs": "makes docs or error messages clearer for users",
    "usability": "makes the product easier to use",
    "features": "ships a feature or improvement",
    "performance": "makes the product faster or cheaper to run",
    "outcomes": "a launch or measured outcome",
    "incidents": "incident response and follow-up",
    "fixes": "fixes a bug",
    "tests": "adds tests that guard against a failure",
    "resilience": "adds monitoring, error handling or resilience",
    "security": "addresses a security problem",
    "rollbacks": "rolls back a change that broke things for users",
}


@dataclass(frozen=True)
class ReportInput:
    """Everything a report is made of; ``sources`` says what was and was not read."""

    person: Person
    period: Period
    rubric: Rubric
    items: Sequence[Classified]
    roles: Mapping[str, tuple[str, ...]]
    # item id -> the same change landed again (another branch, a mirror): report/copies.py
    also: Mapping[str, tuple[Classified, ...]] = field(default_factory=dict)
    sources: Mapping[str, str] = field(default_factory=dict)
    warnings: Sequence[str] = ()
    generated_at: dt.datetime | None = None
    redacted: bool = False  # private repository names and links replaced (see redact.py)
    # repository -> when its releases were tagged, oldest first (git's tags HEAD reaches)
    releases: Mapping[str, Sequence[dt.datetime]] = field(default_factory=dict)


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
    """The report JSON: the contract's keys, plus what the document shows (reasons, themes,
    routine, strength, level, highlights), read from the same analysis as the document,
    so the two never disagree. No views are built: a JSON run stays near git's speed."""
    found = analyse(data)
    items = sorted(data.items, key=lambda e: (e.evidence.date, e.evidence.id))
    return {
        "schema": SCHEMA,
        "person": {
            "names": list(data.person.names),
            "emails": list(data.person.emails),
            "logins": list(data.person.logins),
        },
        "period": {"since": data.period.since.isoformat(), "until": data.period.until.isoformat()},
        "items": [_json_item(e, data, found) for e in items],
        "summary": _summary(data),
        "highlights": [e.evidence.id for e in found.highlights],
    }


def _json_item(entry: Classified, data: ReportInput, found: Analysis) -> dict[str, Any]:
    item_id = entry.evidence.id
    item = item_dict(entry, data.roles.get(item_id, ()))
    item.update({
        "reasons": {m.competency: list(m.reasons) for m in entry.matches},
        "themes": {m.competency: list(m.themes) for m in entry.matches},
        "routine": list(entry.routine),
        "strength": found.sigs[item_id].value,
        # The growth-arc level each competency's markers read this item at.
        "level": dict(found.levels.get(item_id, {})),
        "also": [copy.evidence.id for copy in data.also.get(item_id, ())],
        "unmerged": found.sigs[item_id].unmerged or None,
    })
    return item


def _summary(data: ReportInput) -> dict[str, int]:
    counts = Counter(m.competency for e in data.items for m in e.matches)
    return {c.id: counts.get(c.id, 0) for c in data.rubric.competencies}


def strength(entry: Classified, roles: Sequence[str]) -> float:
    """How strong an item is as evidence: what it did (significance.py), scaled by role.

    Size and reach, reports it closed, security content, stated outcomes, incident roles
    and the competency score all count; leading or writing the work counts more than
    merging it, and a revert or reverted work counts little.
    """
    return assess(entry, roles, reverted={}).value


def pick_highlights(
    items: Sequence[Classified],
    roles: Mapping[str, Sequence[str]],
    *,
    competencies: Sequence[str],
    limit: int = HIGHLIGHTS,
    sigs: Mapping[str, Significance] | None = None,
) -> list[Classified]:
    """The strongest of the person's own work: each competency's best first, then the rest.

    Never a review (summed up elsewhere), other work, work only merged or reviewed, a
    revert or reverted work; a change of a few lines only when nothing larger is left.
    """
    if sigs is None:
        reverted = reverted_by(items)
        sigs = {e.evidence.id: assess(e, roles.get(e.evidence.id, ()), reverted=reverted)
                for e in items}
    known = sigs
    # A security fix no rubric rule recognised is still one: it must not hide in the list.
    ranked = sorted(
        (e for e in items if (e.matches or known[e.evidence.id].hole) and not is_review(e)
         and known[e.evidence.id].highlightable),
        key=lambda e: rank_key(e, known[e.evidence.id]),
    )
    chosen: list[str] = []
    # One piece of work once: a fix landed on two release branches is two commits with one
    # title (expressjs/express's "Improved fix for open redirect allow list bypass").
    titles: set[str] = set()

    def fresh(entry: Classified) -> bool:
        return (entry.evidence.id not in chosen
                and _same_text(entry.evidence.title) not in titles)

    def choose(entry: Classified) -> None:
        chosen.append(entry.evidence.id)
        titles.add(_same_text(entry.evidence.title))

    for competency in competencies:
        candidates = [
            e for e in ranked
            if competency in e.competency_ids and fresh(e) and not known[e.evidence.id].small
        ]
        # Work that shows this competency most strongly first, so each gets its own.
        best = next((e for e in candidates if _strongest_in(e) == competency), None) or next(
            iter(candidates), None
        )
        if best is not None and len(chosen) < limit:
            choose(best)
    # Then security fixes, which a reader must not find only in the full list, then the rest.
    secure = [e for e in ranked if known[e.evidence.id].hole]
    for entry in [*secure, *ranked]:
        if len(chosen) >= limit:
            break
        if fresh(entry):
            choose(entry)
    return [e for e in ranked if e.evidence.id in chosen]


def _same_text(text: str) -> str:
    """What two titles or outcomes that say the same have in common: case and spacing aside."""
    return " ".join(text.casefold().split())


def _strongest_in(entry: Classified) -> str:
    return max(entry.matches, key=lambda m: m.score).competency if entry.matches else ""


class _Budget:
    """Outside the folded full list an item is shown at most twice, and once at least
    with what it did: at a glance names a title alone. wails' largest fix, Customer
    Value's and Product Stability's strongest at a glance, was then left out of both
    sections as named twice, and what it did was said nowhere."""

    def __init__(self, limit: int = APPEARANCES) -> None:
        self.limit = limit
        self.shown: Counter[str] = Counter()
        self.places: dict[str, list[str]] = {}  # item id -> where it was shown, in order
        self.described: set[str] = set()  # shown somewhere with its reasons

    def used_up(self, view: Mapping[str, Any]) -> bool:
        return self.shown[view["id"]] >= self.limit and view["id"] in self.described

    def take(
        self, views: Iterable[dict[str, Any]], most: int | None = None, *,
        distinct: bool = False, where: str = "", titles_only: bool = False,
    ) -> list[dict[str, Any]]:
        """Up to ``most`` views not shown twice yet, or not yet with what they did where
        ``titles_only`` is false; ``distinct``: one of each title, for a sentence that
        names items by title alone (a translation synced three times read "Strongest:
        i18n(fr): update …, i18n(fr): update …")."""
        out: list[dict[str, Any]] = []
        titles: set[str] = set()
        for view in views:
            if most is not None and len(out) >= most:
                break
            if distinct and view["title"].casefold() in titles:
                continue
            if self.shown[view["id"]] < self.limit or not (
                    titles_only or view["id"] in self.described):
                self.shown[view["id"]] += 1
                if not titles_only:
                    self.described.add(view["id"])
                if where:
                    self.places.setdefault(view["id"], []).append(where)
                out.append(view)
                titles.add(view["title"].casefold())
        return out


@dataclass(frozen=True)
class Analysis:
    """What the evidence shows, before any of it is laid out: each item's significance and
    growth-arc levels, the highlights. The document and the JSON both read it."""

    ordered: list[Classified]  # newest first
    sigs: dict[str, Significance]
    cancelled: frozenset[str]  # reverted work and the person's reverts of it
    # what no count, section or chart holds: the cancelled, and every other revert but a
    # rollback of harm (significance.rolls_back); the full list still shows them
    uncounted: frozenset[str]
    arcs: dict[str, list[Found]]  # competency id -> the markers that hold
    levels: dict[str, dict[str, str]]  # item id -> competency id -> level
    covered: frozenset[str]  # issues the person's own change closes: told by that change
    highlights: list[Classified]


def analyse(data: ReportInput) -> Analysis:
    ordered = sorted(data.items, key=lambda e: (e.evidence.date, e.evidence.id), reverse=True)
    reverted = reverted_by(ordered)
    outside = frozenset(
        e.evidence.ref for e in ordered
        if e.evidence.kind == "issue" and e.evidence.ref is not None
        and (e.evidence.author_association or "").upper() in OUTSIDE_TEAM
    ).union(*(e.evidence.user_reports() for e in ordered))
    sigs = {
        e.evidence.id: assess(e, data.roles.get(e.evidence.id, ()), reverted=reverted,
                              outside_reports=outside)
        for e in ordered
    }
    # Work that was reverted, and the person's reverts of their own work, cancel out.
    cancelled = frozenset(reverted) | frozenset(reverted.values())
    uncounted = cancelled | {item_id for item_id, sig in sigs.items() if sig.revert}
    everything = [
        Work(e, sigs[e.evidence.id], tuple(data.roles.get(e.evidence.id, ())))
        for e in ordered
        if sigs[e.evidence.id].own and not sigs[e.evidence.id].shared and not is_review(e)
        and e.evidence.id not in uncounted
        and not sigs[e.evidence.id].unmerged  # a level is read from shipped work only
    ]
    arcs: dict[str, list[Found]] = {}
    levels: dict[str, dict[str, str]] = {}
    claimed = {e.evidence.id: e.competency_ids for e in ordered}
    for competency in data.rubric.competencies:
        own = [w for w in everything if competency.id in claimed[w.entry.evidence.id]]
        maintained = [
            e for e in ordered if competency.id in claimed[e.evidence.id]
            and (is_review(e) or not sigs[e.evidence.id].own)
        ]
        arcs[competency.id] = growth_arc(Scope(competency.id, own, everything, maintained,
                                               releases=data.releases))
        for item_id, level in item_levels(arcs[competency.id]).items():
            # An item reads at a level only of a competency it shows: a CI change behind
            # an organization marker is the marker's evidence, not a claim of its own.
            if competency.id in claimed.get(item_id, ()):
                levels.setdefault(item_id, {})[competency.id] = level
    # An issue the person's own change closes is told by that change; it does not take a
    # second place among the strongest work.
    closed = {ref for s in sigs.values() if s.own for ref in s.closes}
    covered = frozenset(
        e.evidence.id for e in ordered
        if e.evidence.kind == "issue" and e.evidence.ref in closed
    )
    highlights = pick_highlights(
        [e for e in ordered if e.evidence.id not in covered and e.evidence.id not in cancelled],
        data.roles,
        competencies=[c.id for c in data.rubric.competencies], sigs=sigs,
    )
    return Analysis(ordered=ordered, sigs=sigs, cancelled=cancelled, uncounted=uncounted,
                    arcs=arcs, levels=levels,
                    covered=covered, highlights=highlights)


def build_context(data: ReportInput) -> dict[str, Any]:
    """The template context: documented in docs/document.md and kept stable."""
    found = analyse(data)
    ordered, sigs, arcs, covered = found.ordered, found.sigs, found.arcs, found.covered
    cancelled, highlights = found.cancelled, found.highlights
    matcher = Matcher(data.person)
    views = {e.evidence.id: _view(e, data, sigs[e.evidence.id], matcher,
                                  cancelled=e.evidence.id in cancelled) for e in ordered}
    for item_id, item_levels_ in found.levels.items():
        views[item_id]["level"].update(item_levels_)
    budget = _Budget()
    highlight_views = budget.take((views[e.evidence.id] for e in highlights),
                                  where="in the highlights")
    competencies = [
        _competency(c, ordered=ordered, views=views, sigs=sigs, data=data,
                    arc=[marker for marker in arcs[c.id] if marker.sentence],
                    uncounted=found.uncounted)
        for c in data.rubric.competencies
    ]
    incidents = incidents_context(ordered, data.roles, lambda e: views[e.evidence.id])
    for incident in incidents:  # an incident and the work that closed its loop, together
        budget.take([incident], where="under Incidents")
        incident["follow_ups"] = budget.take(incident["follow_ups"], where="under Incidents",
                                             titles_only=True)
    for c in competencies:  # the strongest in each paragraph at a glance
        # Not a subject that says nothing ("small fix"): as in Highlights, it names nothing
        # a reader can follow (linkwarden's maintainer's Product Stability read
        # "Strongest: Fix/link batch selection, small fix").
        c["glance"]["strongest"] = budget.take(
            (v for v in c["ranked"] if v["id"] not in covered and not sigs[v["id"]].vague
             and not sigs[v["id"]].unmerged),
            GLANCE_ITEMS, distinct=True, where="at a glance", titles_only=True,
        )
    for c in competencies:
        # named, not only counted: "the 2 items already shown twice above are not
        # repeated" left four managers looking for which (gin, starship, ripgrep, mdBook)
        c["above_items"] = [v for v in c["ranked"][:SECTION_ITEMS] if budget.used_up(v)]
        c["above"] = len(c["above_items"])
        # ... and where: "Named twice above" still left two managers guessing (eslint, clap)
        c["above_where"] = list(dict.fromkeys(
            place for v in c["above_items"] for place in budget.places.get(v["id"], ())))
        # ... and a section above is a place too: vitest's Product Stability named only
        # "at a glance" for a fix its reader had just met under Customer Empathy
        here = f"under {c['name']}"
        c["shown"] = budget.take(c["ranked"], SECTION_ITEMS, where=here)
        c["more"] = len(c["ranked"]) - len(c["shown"]) - c["above"]
        c["shared_shown"] = budget.take(c["shared"], SECTION_ITEMS, where=here)
        c["more"] += len(c["shared"]) - len(c["shared_shown"])
        for level in c["levels"]:
            # A level is a claim: it names the example its sentence speaks of (the widest
            # change, the one with the outcome) even when that was shown twice already
            # (hugo: "strategy: made 1 cross-cutting change" named none); a second only
            # within the budget.
            first, rest = level["evidence"][:1], level["evidence"][1:]
            budget.take(first, where=here, titles_only=True)
            level["items"] = [*first, *budget.take(
                (v for v in rest if not sigs[v["id"]].vague), 1, where=here, titles_only=True)]
    other = [views[e.evidence.id] for e in ordered if not e.matches and not is_review(e)]
    unclaimed = _unclaimed(ordered, sigs, cancelled)
    co_authored = _unclaimed(ordered, sigs, cancelled, shared=True)

    def named(entries: Sequence[Classified]) -> list[dict[str, Any]]:
        return [_near_view(e, views, data.rubric) for e in entries[:UNCLAIMED_ITEMS]]

    maintainer = _maintainer(ordered, views=views, sigs=sigs, data=data, matcher=matcher,
                             uncounted=found.uncounted)
    maintainer["strongest"] = budget.take(maintainer["ranked"], 3, distinct=True,
                                          titles_only=True)
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
        "sources": _sources(data),
        "summary": _summary(data),
        "competencies": competencies,
        "highlights": highlight_views,
        "reviews": summarise_reviews(ordered, views),
        "incidents": incidents,
        "maintainer": maintainer,
        "other": other,
        "unclaimed": {"count": len(unclaimed),
                      # some near a claim and some not: two groups, each largest first
                      "mixed": 0 < sum(map(bool, map(_nearness, unclaimed))) < len(unclaimed),
                      "items": named(unclaimed),
                      "co_authored": {"count": len(co_authored), "items": named(co_authored)}},
        "items": [views[e.evidence.id] for e in ordered],
        "stats": _stats(data, ordered, found),
        "timeline": _timeline(data, found),
        "warnings": list(data.warnings),
        "redacted": data.redacted,
    }


def _unclaimed(
    ordered: Sequence[Classified], sigs: Mapping[str, Significance], cancelled: frozenset[str],
    *, shared: bool = False,
) -> list[Classified]:
    """The person's own substantial changes that show no competency, no routine upkeep
    and no security fix (which Highlights may show): gotify's maintainer's "OIDC Server",
    2,140 lines, was a dash in the full list alone. Reverted work and reverts are left
    out, as everywhere; a subject that says nothing is in.

    Largest first, those the model came near to claiming (at least NEAR_SHOWN of the way
    to a claim) before the rest: by size alone release chores and rewritten tests led
    (lazygit's "Keep config and schema unchanged during a release", hugo's "testing:
    Rewrite all the old style integration tests") and the likely misses came after them
    (gotify's "OIDC Server"). Nearest first put small refactors the model half-liked
    ahead of large features (koel's "feat: rate albums and artists"): size still orders.

    ``shared``: the same of what the person co-authored on pull requests others led
    (yt-dlp's "Implement external n/sig solver", its maintainer's largest change of the
    year, was in neither list)."""
    found = [
        e for e in ordered
        if not e.matches and not e.routine and not is_review(e)
        and e.evidence.kind in CHANGE_KINDS and e.evidence.id not in cancelled
        and (sig := sigs[e.evidence.id]).substantial and sig.own and sig.shared is shared
        and not sig.revert and not sig.reverted_by and not sig.hole
    ]
    return sorted(found, key=lambda e: (not _nearness(e), -sigs[e.evidence.id].lines,
                                        e.evidence.id))


def _nearness(entry: Classified) -> float:
    return entry.near[1] if entry.near and entry.near[1] >= NEAR_SHOWN else 0.0


def _near_view(
    entry: Classified, views: Mapping[str, dict[str, Any]], rubric: Rubric
) -> dict[str, Any]:
    """An unclaimed item's view with ``near``: the competency the model came nearest to."""
    found = rubric.competency(entry.near[0]) if entry.near and _nearness(entry) else None
    return {**views[entry.evidence.id], "near": found.name if found else None}


def _as_security(entry: Classified, competency_id: str) -> bool:
    """Whether ``competency_id`` is where the work counts as security work: the one that
    shows it with the security theme, or any, when none does."""
    themed = [m.competency for m in entry.matches if "security" in m.themes]
    return not themed or competency_id in themed


def _competency(
    competency: Competency,
    *,
    ordered: Sequence[Classified],
    views: Mapping[str, dict[str, Any]],
    sigs: Mapping[str, Significance],
    data: ReportInput,
    arc: Sequence[Found],
    uncounted: frozenset[str],
) -> dict[str, Any]:
    """One competency: the person's own work in it, strongest first, and its growth arc.

    ``count`` counts every item that shows it (reviews and merges too, as the summary
    does); ``own`` only the person's own work, which ``ranked`` lists.
    """
    # A revert undoes work: it is no evidence of a competency, whatever its words say (a
    # revert of a fix reads like a fix). It stays in the full list.
    entries = [
        e for e in ordered if competency.id in e.competency_ids and e.evidence.id not in uncounted
    ]
    mine = [e for e in entries if not is_review(e) and sigs[e.evidence.id].own]
    # Co-authored work (commits on a PR someone else opened) is listed apart from the
    # work the person led: it counts, but it is not theirs alone.
    own = [e for e in mine if not sigs[e.evidence.id].shared]
    shared = sorted((e for e in mine if sigs[e.evidence.id].shared),
                    key=lambda e: rank_key(e, sigs[e.evidence.id]))
    ranked = sorted(own, key=lambda e: rank_key(e, sigs[e.evidence.id]))
    themes = []
    for theme_id, theme_name in [*competency.themes.items(), ("", "Other evidence")]:
        members = [
            views[e.evidence.id] for e in ranked if _primary_theme(e, competency.id) == theme_id
        ]
        if members:
            themes.append({"id": theme_id or "other", "name": theme_name, "items": members})
    levels = [
        {
            "id": found.level,
            "marker": found.marker,
            "description": data.rubric.levels.get(found.level, found.level),
            "sentence": found.sentence,
            "count": len(found.evidence),
            # the sentence names only the first of them, where it says so
            "evidence": [views[w.entry.evidence.id] for w in found.evidence]
            [: found.named or None],
            "items": [],
        }
        for found in arc
    ]
    reached = levels[-1]["id"] if levels else None
    # Each outcome said once: a backport or a re-landed change states its original's.
    outcomes: list[tuple[dict[str, Any], str]] = []
    said: set[str] = set()
    for e in ranked:
        if sigs[e.evidence.id].unmerged:
            continue  # an outcome of work not shipped has not happened yet
        for phrase in e.impact[:1]:
            if _same_text(phrase) not in said and len(outcomes) < GLANCE_OUTCOMES:
                said.add(_same_text(phrase))
                outcomes.append((views[e.evidence.id], phrase))
    closes = {r for e in own for r in sigs[e.evidence.id].closes}
    facts = []
    # the advisories the work addressed, each once: jq's maintainer's year of fourteen
    # CVEs read "shipped 19 stability changes", and its manager had to count them
    # ... under the competency that shows the work as a security matter, where one does
    # (wagtail's "Enforce HTML escaping of all … messages" counted its advisory under
    # Customer Empathy too, for its messages)
    addressed = {name for e in own if _as_security(e, competency.id)
                 for name in advisories(e.evidence.title, sigs[e.evidence.id].security)}
    if addressed:
        facts.append(("1 security advisory" if len(addressed) == 1
                      else f"{len(addressed)} security advisories") + " addressed")
    if closes:
        facts.append(_plural(len(closes), "reported issue") + " closed")
    substantial = sum(1 for e in own if sigs[e.evidence.id].substantial)
    if substantial:
        facts.append(_plural(substantial, "substantial change"))
    stated = sum(1 for e in own if e.impact and not sigs[e.evidence.id].unmerged)
    if stated:
        facts.append(f"{stated} with a stated outcome")
    unmerged = sum(1 for e in own if sigs[e.evidence.id].unmerged)
    if unmerged:
        facts.append(f"{unmerged} not merged yet")
    return {
        "id": competency.id,
        "name": competency.name,
        "anchor": heading_anchor(competency.name),
        "description": competency.description,
        "count": len(entries),
        "own": len(own),
        "maintained": sum(1 for e in entries if is_review(e) or not sigs[e.evidence.id].own),
        "items": [views[e.evidence.id] for e in entries],
        "ranked": [views[e.evidence.id] for e in ranked],
        "shared": [views[e.evidence.id] for e in shared],
        "shared_shown": [],
        "shown": [],
        "above": 0,
        "above_items": [],
        "above_where": [],
        "more": 0,
        "themes": themes,
        "levels": levels,
        "level": reached,
        "glance": {
            "level": reached,
            "sentence": levels[-1]["sentence"] if levels else None,
            "facts": facts,
            "outcomes": [{"item": view, "text": text} for view, text in outcomes],
            "strongest": [],
        },
        "reviews": summarise_reviews(entries, views),
        "gap": len(entries) < competency.min_items,
        "suggestions": _suggestions(competency, ordered, sigs),
        "unjudged_reports": _unjudged_reports(competency, ordered, sigs, data),
    }


# A suggestion to link the reports one's fixes answer, by its example ("Fixes #123").
_LINK_REPORTS = re.compile(r'"(?:fix|fixes|close|closes|resolve|resolves) #\d+"', re.IGNORECASE)


def _suggestions(competency: Competency, ordered: Sequence[Classified],
                 sigs: Mapping[str, Significance]) -> list[str]:
    """The competency's ideas for thin evidence; not to link the reports one's fixes
    answer where the person's own changes close issues already: pre-commit's, shellcheck's
    and redis-py's managers read 'Link the user reports your fixes answered ("Fixes #123")'
    beside fixes that each named their issue."""
    ideas = list(competency.suggestions)
    if any(sig.closes and sig.own and not sig.shared
           for e in ordered if (sig := sigs[e.evidence.id])):
        ideas = [idea for idea in ideas if not _LINK_REPORTS.search(idea)]
    return ideas


def _unjudged_reports(
    competency: Competency, ordered: Sequence[Classified],
    sigs: Mapping[str, Significance], data: ReportInput,
) -> str | None:
    """Why fixes that close issues may be missing from a competency whose rules judge who
    opened an issue (Customer Empathy): GitHub says who opened it, and this run did not
    read GitHub though it could have (--offline, no token; not a clone from elsewhere).
    Counts the person's own changes, not co-authored ones, that close issues and do not
    show the competency already. None when there are none."""
    github = data.sources.get("github", "")
    if github not in (GITHUB_OFFLINE, GITHUB_NO_TOKEN) or not any(
            rule.author_association and rule.weight > 0
            and (not rule.kinds or "issue" in rule.kinds) for rule in competency.rules):
        return None
    closing = [e for e in ordered if not e.routine and e.evidence.facts.reporters is None
               and competency.id not in e.competency_ids
               and (sig := sigs[e.evidence.id]).own and not sig.shared and sig.closes]
    if not closing:
        return None
    n, issues = len(closing), len({r for e in closing for r in sigs[e.evidence.id].closes})
    closed = "an issue" if issues == 1 else f"{issues} issues"
    # (not "not counted here": sidekiq's, lazygit's and elixir's managers read it beside the
    # issues the same changes close under Product Stability, and took the counts to clash;
    # nor "which is what counts here": urfave/cli's, django-rest-framework's and ky's read it
    # beside this section's own count of issues closed, and could not tell the two apart)
    them = "it" if issues == 1 else "them"
    # "more" only beneath work of one's own the section lists
    more = "more change" if any(competency.id in e.competency_ids and sigs[e.evidence.id].own
                                for e in ordered) else "change"
    return (f"{_plural(n, more)} of yours {'closes' if n == 1 else 'close'} "
            f"{closed}. If a user outside the team opened {them}, "
            f"{'that fix shows' if n == 1 else 'those fixes show'} {competency.name} too: "
            f"GitHub says who opened {'it' if issues == 1 else 'each'}, and this run did not "
            "read GitHub (see Sources above). Rerun with a token, without --offline, to "
            f"count {'it' if n == 1 else 'them'} here.")


def _maintainer(
    ordered: Sequence[Classified],
    *,
    views: Mapping[str, dict[str, Any]],
    sigs: Mapping[str, Significance],
    data: ReportInput,
    matcher: Matcher,
    uncounted: Collection[str] = frozenset(),
) -> dict[str, Any]:
    """Others' work the person merged or shepherded: counted, where, whose; not their own.
    By competency, as the competencies count: not a revert nor the work it undid (sops'
    read 10 stability items merged here, 9 at a glance and in the chart)."""
    merged = [e for e in ordered if not is_review(e) and not sigs[e.evidence.id].own]
    # Who sent the work: its authors, and people who co-wrote it; a bot or a coding agent
    # only as a co-author sent none (echo's and requests' "and 3 bots", "and 2 bots" were
    # Claude's and Codex's trailers on people's pull requests, no bot's work).
    authors = _people([a for e in merged for a in e.evidence.actors
                       if (a.role == "author"
                           or (a.role == "co_author" and not actor_is_bot(a)))
                       and not matcher.actor_is_me(a)])
    reach: Counter[str] = Counter()
    for entry in merged:
        # files of no area (a bump of go.mod, src/main.rs): said as the repository's top
        # level ("dust root: 30" meant nothing to bootandy/dust's reader)
        for area in areas(entry.evidence.paths) or (f"top level of {entry.evidence.repo}",):
            reach[area] += 1
    by_competency = Counter(m.competency for e in merged for m in e.matches
                            if e.evidence.id not in uncounted)
    ranked = sorted(merged, key=lambda e: rank_key(e, sigs[e.evidence.id]))
    # Reviews, and pull requests squash- or rebase-merged on GitHub (the author is the
    # pull request's, the committer GitHub: no trace of who merged), are GitHub's to tell.
    # Three managers read an offline maintainer's document, with 13 and 27 pull requests
    # of others co-authored and no merge or review found, as saying there were none
    # (express, starship, urllib3). A merge commit made there is the merger's, and counts.
    # (Not for a pull request or two co-authored: pairing, not maintaining.)
    # ... nor a bot's pull request the person added to (agronholm/anyio's maintainer
    # "co-authored 22 changes others opened": 11 of them pre-commit.ci's updates)
    # ... which the sentence then counts apart: the full list's "co author" rows are both
    # (authelia's "co-authored 39 changes others opened" beside 198 such rows, most of
    # them bots' dependency bumps, left its reader counting)
    by_bots = sum(1 for e in ordered if sigs[e.evidence.id].shared
                  and _opened_by_a_bot(e.evidence))
    shared = sum(1 for e in ordered if sigs[e.evidence.id].shared) - by_bots
    unread = data.sources.get("github", "") in (GITHUB_OFFLINE, GITHUB_NO_TOKEN) \
        and (shared >= MAINTAINER_SHARED or bool(merged))
    return {
        "count": len(merged),
        "unread": {"shared": shared, "shared_by_bots": by_bots} if unread else None,
        "people": sum(1 for bot in authors if not bot),
        "bots": sum(authors),
        "areas": [{"name": a, "count": n}
                  for a, n in sorted(reach.items(), key=lambda p: (-p[1], p[0]))[:5]],
        "area_count": len(reach),
        "competencies": [
            {"id": c.id, "name": c.name, "count": by_competency.get(c.id, 0)}
            for c in data.rubric.competencies if by_competency.get(c.id)
        ],
        "ranked": [views[e.evidence.id] for e in ranked if e.matches],
        "strongest": [],
    }


def _opened_by_a_bot(item: Evidence) -> bool:
    """Whether whoever opened the change is a bot (each of its authors)."""
    openers = [a for a in item.actors if a.role == "author"]
    return bool(openers) and all(actor_is_bot(a) for a in openers)


# dependabot[bot], github-actions[bot], "Dokku Bot <no-reply@dokku.com>", renovate-bot,
# a coding agent as a co-author
def _people(actors: Sequence[Actor]) -> list[bool]:
    """The people among these authors, each once, as whether each is a bot: one person is
    one login, one address or one name (restic's contributor at two addresses, TanStack/
    query's maintainer as "Dominik Dorfmeister" and "TkDodo" at one), joined."""
    parent: dict[str, str] = {}

    def root(key: str) -> str:
        while parent.setdefault(key, key) != key:
            parent[key] = parent[parent[key]]
            key = parent[key]
        return key

    bots: dict[str, bool] = {}
    for actor in actors:
        # not by an address or a name many people commit under (a CI job's, "Your Name")
        keys = [k for k in (
            f"l:{actor.login.lower()}" if actor.login else "",
            f"e:{actor.email.lower()}" if actor.email and not shared_address(actor.email)
            else "",
            f"n:{name_key(actor.name)}" if actor.name and not shared_name(actor.name) else "",
        ) if k] or [f"a:{actor.email.lower()}:{name_key(actor.name)}"]
        first = root(keys[0])
        for key in keys[1:]:
            parent[root(key)] = first
        bots[first] = bots.get(first, False) or actor_is_bot(actor)
    groups: dict[str, bool] = {}
    for key, bot in bots.items():
        top = root(key)
        groups[top] = groups.get(top, False) or bot
    return list(groups.values())


def _plural(n: int, one: str) -> str:
    return f"{n} {one}" + ("" if n == 1 else "s")


def _view(entry: Classified, data: ReportInput, sig: Significance,
          matcher: Matcher, *, cancelled: bool = False) -> dict[str, Any]:
    """One item as templates and the JSON read it. ``cancelled``: it and the person's
    work it reverts cancel out, so even a rollback of harm, which counts otherwise, is "a
    revert, not counted"."""
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
        "strength": sig.value,
        "extra": item.facts.to_extra(),  # what templates have always read
        "competency_names": [
            c.name for m in entry.matches if (c := data.rubric.competency(m.competency))
        ],
        "reasons": {m.competency: list(m.reasons) for m in entry.matches},
        "themes": {m.competency: list(m.themes) for m in entry.matches},
        "level": {},
        "why": {m.competency: _why(m, sig, data.rubric, entry.evidence)
                for m in entry.matches},
        "own": sig.own,
        "revert": sig.revert or (cancelled and not sig.reverted_by),
        "reverted": bool(sig.reverted_by),
        "unmerged": sig.unmerged,  # "open" or "closed" for a pull request not merged
        "significance": {
            "lines": sig.lines, "files": sig.files, "areas": list(sig.areas),
            "closes": list(sig.closes), "security": sig.security,
            "small": sig.small, "substantial": sig.substantial,
            "removed": sig.removed,
        },
        "best": _best(entry, data.rubric),
        "also": [_copy_view(copy, item) for copy in data.also.get(item.id, ())],
        "with_people": _with_people(entry, data, matcher),
    })
    if sig.unmerged:
        first = unmerged_sentence(sig, item)
        view["why"] = {competency: [first, *why] for competency, why in view["why"].items()}
    best = view["best"]
    view["best_why"] = view["why"].get(best["id"], []) if best else list(sig.why)
    return view


def _with_people(entry: Classified, data: ReportInput, matcher: Matcher) -> str:
    """Who else wrote the person's own work, as its co-author trailers say: vaultwarden's
    "Fix Webauthn/Passkey 2FA migration/validation issues" opens with "Apply Passkey fixes
    from zUnixorn" and read as the maintainer's alone. Bots are left out; at most two
    named. One person once: one name at several addresses, in any case, and a name that is
    another's GitHub login by its noreply address (fastapi/typer's "svlandeg <…>" and
    "Sofie Van Landeghem <svlandeg@users.noreply.github.com>" were two), or a name of an
    initial another's name by its address."""
    if "author" not in data.roles.get(entry.evidence.id, ()):
        return ""
    names: list[str] = []
    seen: dict[str, int] = {}  # each key of a name shown, to its place in ``names``
    signed_as = {name_key(a.name) for a in entry.evidence.actors
                 if a.role == "author" and a.name and matcher.actor_is_me(a)}
    for actor in entry.evidence.actors:
        if (actor.role != "co_author" or actor_is_bot(actor) or matcher.actor_is_me(actor)
                or matcher.is_my_handle(actor)
                or matcher.is_me_on_a_machine(actor, signed_as)
                # ... or the name the person signs this very work with, at an address
                # the run was not given (navidrome's maintainer's "deluan" at his work
                # address read "author with deluan"; the address hint names it)
                or (actor.name and name_key(actor.name) in signed_as)):
            continue
        name = actor.name or actor.login or actor.email.split("@", 1)[0]
        if not name.strip():
            continue
        # ... and a name of an initial by its address, where the address starts so
        # (phoenix's "n <nelson+github@…>" beside "Nelson <…nelsonic@users.noreply…>"
        # read as two); the longer of the two names is shown
        local = name_key((actor.email or "").split("@", 1)[0].split("+", 1)[0])
        short = name_key(name) if len(name.strip()) <= 2 else ""
        keys = {name_key(name)} | {name_key(login) for login in (
            noreply_login(actor.email or ""), actor.login,
            local if short and local.startswith(short) else "") if login}
        shown = _shortened(" ".join(name.split()))
        place = next((seen[key] for key in keys if key in seen), None)
        if place is None:
            place = len(names)
            names.append(shown)
        elif len(shown) > len(names[place]):
            names[place] = shown
        seen.update(dict.fromkeys(keys, place))
    if len(names) > 2:
        return f"{names[0]}, {names[1]} and {len(names) - 2} more"
    return " and ".join(names)


_INCIDENTS_FOUND = re.compile(r"(\d+) incidents? found")


def _sources(data: ReportInput) -> dict[str, str]:
    """What each source read; the incidents found, with how many of them are the person's
    in the period: etcd's "postmortems (1 incident found)" was a write-up of 2023 that
    names none of its maintainers, and read as incident work."""
    sources = dict(data.sources)
    said = sources.get("postmortems", "")
    found = _INCIDENTS_FOUND.fullmatch(said)
    if found is not None and int(found.group(1)) > 0:
        mine = sum(1 for e in data.items if e.evidence.kind == "postmortem"
                   and data.roles.get(e.evidence.id))
        if mine < int(found.group(1)):
            yours = "not yours" if said.startswith("1 ") else f"{mine or 'none'} of them yours"
            sources["postmortems"] = f"{said}, {yours} in this period"
    return sources


def _shortened(name: str, most: int = 40) -> str:
    return name if len(name) <= most else name[: most - 1].rstrip() + "…"


def _copy_view(copy: Classified, standing: Evidence) -> dict[str, Any]:
    """A copy of an item's change, as "also in" names it: ``#12`` or a short sha; and
    whether it is rather a fix of what the standing item introduced (``follow_up``)."""
    item = copy.evidence
    if item.kind == "pull_request" and item.number is not None:
        ref = f"#{item.number}"
    else:
        ref = item.shas[0][:7] if item.shas else item.id
    day = item.date.astimezone(dt.timezone.utc).date().isoformat()
    return {"id": item.id, "url": item.url, "ref": ref, "day": day,
            "follow_up": follows_up(item, standing)}


def why_by_competency(
    entry: Classified, rubric: Rubric, *, roles: Sequence[str] = ("author",),
    outside_reports: frozenset[str] = frozenset(),
) -> dict[str, list[str]]:
    """For one item on its own (a pull request's comment): each competency's sentences,
    each fact said once (under the first competency it supports) and stated outcomes left
    to the comment's own line.

    ``outside_reports``: issue refs (owner/repo#n) users outside the team opened.
    """
    sig = assess(entry, roles, reverted={}, outside_reports=outside_reports)
    said: set[str] = set()
    out: dict[str, list[str]] = {}
    for match in entry.matches:
        sentences = [
            "states a measured outcome (below)" if s.startswith("states an outcome") else s
            for s in _why(match, sig, rubric, entry.evidence)
        ]
        fresh = [s for s in sentences if s not in said] or sentences[:1]
        said.update(fresh)
        out[match.competency] = fresh
    return out


def _why(match: Match, sig: Significance, rubric: Rubric, item: Evidence) -> list[str]:
    """Sentences a manager reads: what the item did, then what kind of work it is."""
    said = list(sig.why)
    theme = lead_theme(match, item)
    competency = rubric.competency(match.competency)
    kind = THEME_SENTENCES.get(theme) or (
        competency.themes.get(theme, "").lower() if competency and theme else ""
    )
    if "marked by its author (Competency trailer)" in match.reasons:
        kind = kind or "marked by its author"
    if theme == "outcomes" and sig.outcomes:
        kind = ""  # the outcome itself says it better
    verbs = {s.split(" ", 1)[0] for s in said}
    if kind and kind.split(" ", 1)[0] in verbs:
        kind = ""  # "fixes a heap buffer overflow" says more than "fixes a bug"
    if kind and not any(s.startswith(("reverts", "was reverted")) for s in said):
        # A security fix says so first: "addresses security advisory GHSA-…; adds tests
        # that guard against a failure", not the other way round (rclone's auth default).
        said.insert(1 if said and said[0] == sig.security else 0, kind)
    if not said:  # the model's claim alone: its evidence is the why
        said = [_judged(r) for r in match.reasons if r.startswith("model (")][:1]
    return list(dict.fromkeys(said))[:3]


# What a manager can check of the model's evidence: the words, tags, labels and scope it
# read. Its paths ("path '*.go'") and shape ("opens with 'improve'", "a scope prefix") are
# its own business: three managers read "the model's reading (0.57): words 'improve';
# opens with 'improve'; path '*.rs'" as the tool's internals.
_TOLD = ("words ", "tag ", "tags ", "label ", "labels ", "scope ", "scopes ")


def _judged(reason: str) -> str:
    """``model (0.55): words 'prevent', 'read'; path '*.go'`` as a manager reads it:
    ``judged from its words 'prevent', 'read' (the model's confidence: 0.55)``."""
    head, _, evidence = reason.partition(": ")
    confidence = head[len("model ("):].rstrip(")")
    told = [part for part in evidence.split("; ") if part.startswith(_TOLD)]
    seen = " and ".join(f"its {part}" for part in told) or (
        "its files" if "path" in evidence else "the whole change")
    return f"judged from {seen} (the model's confidence: {confidence})"


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


def _primary_theme(entry: Classified, competency_id: str) -> str:
    for match in entry.matches:
        if match.competency == competency_id:
            return lead_theme(match, entry.evidence)
    return ""


def _stats(data: ReportInput, ordered: Sequence[Classified], found: Analysis) -> dict[str, Any]:
    """Counts for the top line. Reverted work shows a competency in the full list only, so
    it is not counted as showing one (fzf's top line said 157 where its sections held 154);
    nor is a revert, which the sections leave out too (nodejs/undici's said 104 where they
    held 103: a fix titled "revert …", "a revert, not counted" in the full list)."""
    kinds = Counter(e.evidence.kind for e in ordered)
    return {
        "items": len(ordered),
        "matched": sum(1 for e in ordered if e.matches and e.evidence.id not in found.uncounted),
        "other": sum(1 for e in ordered if not e.matches),
        "kinds": dict(sorted(kinds.items())),
        "repos": sorted({e.evidence.repo for e in ordered}),
    }


def _timeline(data: ReportInput, found: Analysis) -> dict[str, Any]:
    """Counted as the competencies count: without reverts and the work they undid. The
    lines count what the person merged or reviewed beside their own work, as the
    competencies' counts do; ``others`` says how many such items, so the legend can say
    so (docker/compose's maintainer: 55 of 98 Product Stability items were others' fixes
    he merged, and his chart read as his own)."""
    counted = [e for e in data.items if e.evidence.id not in found.uncounted]
    drawn = timeline(counted, data.period, data.rubric)
    shown = [e for e in counted if e.matches]
    drawn["others"] = sum(1 for e in shown if not is_own(data.roles.get(e.evidence.id, ())))
    # ... and how many are pull requests others opened that the person co-authored, and
    # how many their own: prettier's and celery's legends said "your own work and 1 item
    # you merged", over lines of 65 and 61 co-authored items (celery's none its own)
    drawn["shared"] = sum(1 for e in shown if found.sigs[e.evidence.id].shared)
    drawn["own"] = len(shown) - drawn["others"] - drawn["shared"]
    return drawn
