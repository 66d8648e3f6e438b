"""Closing the loop: which PRs, issues and commits followed up on which postmortem.

Pure: postmortem Evidence and other Evidence in, a mapping from postmortem id to item ids out.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import PurePosixPath

from evidencer.model import Evidence
from evidencer.sources.postmortems.links import normalise_link

_CLOSING_RE = re.compile(
    r"\b(?:close[sd]?|fix(?:e[sd])?|resolve[sd]?|addresse[sd]|follow[- ]up (?:to|for))\b:?\s+"
    r"((?:[\w.-]+/[\w.-]+)?#\d+|https?://\S+)",
    re.IGNORECASE,
)


def _ref_key(link: str, repo: str) -> str:
    """``owner/repo#12`` (lower case) for issue and PR links, else the link itself."""
    if link.startswith("#") and "/" in repo:
        return f"{repo}{link}".lower()
    normal = normalise_link(link, repo_name=repo, web_base=None)
    return normal.lower() if "://" not in normal else normal


def _item_refs(item: Evidence) -> set[str]:
    refs = {item.id.split(":", 1)[1].lower()} if item.id.startswith(("pr:", "issue:")) else set()
    if item.ref is not None and "/" in item.repo:
        refs.add(item.ref.lower())
    if item.url:
        refs.add(item.url)
        refs.add(_ref_key(item.url, item.repo))
    return refs


def _item_shas(item: Evidence) -> tuple[str, set[str]]:
    shas = {sha.lower() for sha in item.shas}
    repo = item.repo.lower()
    if item.id.startswith("commit:") and "@" in item.id:
        repo, _, sha = item.id[7:].rpartition("@")
        shas.add(sha.lower())
    return repo.lower(), shas


def _closes(item: Evidence) -> set[str]:
    """Issues the item says it closes: GitHub's linked issues, or "Fixes #12" in its text."""
    named: list[object] = list(item.facts.linked_issues or ())
    named += [m.group(1) for m in _CLOSING_RE.finditer(f"{item.title}\n{item.body}")]
    refs = set()
    for value in named:
        if isinstance(value, int) and not isinstance(value, bool):
            value = f"#{value}"
        if isinstance(value, str):
            refs.add(_ref_key(value.split(":", 1)[1] if value.startswith("issue:") else value,
                              item.repo))
    return refs


def link_follow_ups(
    incidents: Sequence[Evidence], items: Sequence[Evidence]
) -> dict[str, list[str]]:
    """Postmortem id -> ids of the items that close its loop, in ``items`` order.

    An item closes the loop when an action item or the fix names it, when it closes an
    action item's issue, or when its text mentions the postmortem's path or URL. Work on
    the postmortem file itself is writing it, not following up. Postmortems with no
    follow-up are left out.
    """
    named: dict[str, list[str]] = {}  # ref -> postmortem ids naming it (action item or fix)
    action_issues: dict[str, list[str]] = {}
    commits: list[tuple[str, str, str]] = []  # repo, sha prefix, postmortem id
    mentions: list[tuple[str, str, str, tuple[str, ...], tuple[str, ...]]] = []
    for incident in incidents:
        if incident.kind != "postmortem":
            continue
        facts = incident.facts
        item_links = [x for a in facts.action_items or () for x in a.links]
        for link in [*item_links, *(facts.fix_links or ())]:
            key = _ref_key(link, incident.repo)
            if commit := re.fullmatch(r"([\w.-]+/[\w.-]+)@([0-9a-f]{7,64})", key):
                commits.append((commit.group(1), commit.group(2), incident.id))
            named.setdefault(key, []).append(incident.id)
        for link in item_links:
            action_issues.setdefault(_ref_key(link, incident.repo), []).append(incident.id)
        mentions.append((incident.id, incident.repo, *_needles(incident)))
    follow_ups: dict[str, list[str]] = {}
    for item in items:
        if item.kind == "postmortem":
            continue
        found: list[str] = []
        for ref in _item_refs(item):
            found += named.get(ref, [])
        repo, shas = _item_shas(item)
        found += [pm for r, prefix, pm in commits
                  if r == repo and any(s.startswith(prefix) for s in shas)]
        for ref in _closes(item):
            found += action_issues.get(ref, [])
        text = f"{item.title}\n{item.body}"
        for pm, repo_name, path, urls, names in mentions:
            # A path names a file in the item's own repository; a URL names it anywhere.
            local = repo_name == item.repo and path not in item.paths
            if any(url in text for url in urls) or (local and any(n in text for n in names)):
                found.append(pm)
        for pm in dict.fromkeys(found):
            follow_ups.setdefault(pm, []).append(item.id)
    return follow_ups


def _needles(incident: Evidence) -> tuple[str, tuple[str, ...], tuple[str, ...]]:
    """The postmortem's path, then URLs and path-like names that mean "this follows up".

    One entry of a log is named only by a link to that entry: the file holds others too.
    """
    path = incident.facts.path or (incident.paths[0] if incident.paths else "")
    anchor = incident.facts.anchor or ""
    url = (incident.url or "").split("#", 1)[0]
    if anchor:
        return path, (f"{url}#{anchor}",) if url else (), (f"{path}#{anchor}",)
    names = [path]
    name = PurePosixPath(path).name
    if len(PurePosixPath(name).stem) >= 12 and re.search(r"[\d-]", name):
        names.append(name)  # "2024-05-02-search-outage.md" is distinctive on its own
    return path, (url,) if url else (), tuple(n for n in names if n)
