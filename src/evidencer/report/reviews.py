"""Pure: review items summed up — how many pull requests, how many with changes requested, where.

A brag document counts reviews instead of listing them one by one; the JSON keeps each one.
"""

from __future__ import annotations

import posixpath
from collections import Counter
from collections.abc import Mapping, Sequence
from typing import Any

from evidencer.model import Classified

REVIEW = "review"
TOP_AREAS = 3
# Review states GitHub reports; anything else (a future state) is counted as it comes.
CHANGES_REQUESTED = "CHANGES_REQUESTED"
APPROVED = "APPROVED"


def is_review(entry: Classified) -> bool:
    return entry.evidence.kind == REVIEW


def review_states(entry: Classified) -> dict[str, int]:
    """The review states as the GitHub source stored them, in GitHub's upper case, each
    with at least one review (an imported record may say otherwise)."""
    raw = entry.evidence.facts.review_states or {}
    return {state.upper(): count for state, count in raw.items() if count > 0}


def _pull_key(entry: Classified) -> tuple[str, str]:
    item = entry.evidence
    return item.repo, str(item.number) if item.number is not None else item.id


def _areas(entry: Classified, *, with_repo: bool) -> set[str]:
    """Where a reviewed PR changed things: the first two folders of each path, else the repo."""
    item = entry.evidence
    found: set[str] = set()
    for path in item.paths:
        folder = posixpath.dirname(path.removeprefix("./"))
        prefix = "/".join(folder.split("/")[:2]) if folder else ""
        if not prefix:
            found.add(item.repo)
        else:
            found.add(f"{item.repo}/{prefix}" if with_repo else f"{prefix}/")
    return found or {item.repo}


def summarise_reviews(
    entries: Sequence[Classified], views: Mapping[str, Mapping[str, Any]]
) -> dict[str, Any]:
    """Counts over review items: each item is one person's reviews of one pull request.

    ``prs`` counts pull requests (two logins of one person reviewing a PR count once),
    ``noun`` says what they are ("change" where one has no number: a review read from a
    history's ``Reviewed-by:`` trailer of a commit),
    ``reviews`` the reviews submitted, ``changes_requested`` and ``approved`` the pull
    requests with at least one review in that state. ``areas`` are path prefixes when the
    reviews stayed in one repository, ``repo/prefix`` across several, else repositories.
    """
    reviews = [e for e in entries if is_review(e)]
    states: Counter[str] = Counter()
    by_pull: dict[tuple[str, str], Counter[str]] = {}
    submitted = 0
    for entry in reviews:
        counts = review_states(entry)
        states.update(counts)
        by_pull.setdefault(_pull_key(entry), Counter()).update(counts)
        given = entry.evidence.facts.reviews
        submitted += sum(counts.values()) or (given if given is not None else 1)
    with_repo = len({e.evidence.repo for e in reviews}) > 1
    area_pulls: dict[str, set[tuple[str, str]]] = {}
    for entry in reviews:
        for area in _areas(entry, with_repo=with_repo):
            area_pulls.setdefault(area, set()).add(_pull_key(entry))
    areas = Counter({area: len(pulls) for area, pulls in area_pulls.items()})
    repos = Counter(repo for repo, _ in by_pull)
    ranked = sorted(reviews, key=lambda e: (e.evidence.date, e.evidence.id), reverse=True)
    # what was reviewed: pull requests, or, where a history's Reviewed-by trailers tell
    # some of it (Gerrit, the kernel's lists), changes
    pulls = all(e.evidence.number is not None for e in reviews)
    return {
        "noun": "pull request" if pulls else "change",
        "prs": len(by_pull),
        "reviews": submitted,
        "changes_requested": sum(1 for c in by_pull.values() if c.get(CHANGES_REQUESTED)),
        "approved": sum(1 for c in by_pull.values() if c.get(APPROVED)),
        "states": dict(sorted(states.items())),
        "areas": _top(areas, TOP_AREAS),
        "repos": _top(repos, None),
        "items": [views[e.evidence.id] for e in ranked if e.evidence.id in views],
    }


def _top(counts: Counter[str], limit: int | None) -> list[dict[str, Any]]:
    ordered = sorted(counts.items(), key=lambda pair: (-pair[1], pair[0]))
    return [{"name": name, "count": count} for name, count in ordered[:limit]]
