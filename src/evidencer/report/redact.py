"""Pure: hide private repository names and links, for a document shared outside the company.

Each private repository becomes ``repo-1``, ``repo-2``…, the same in every person's document.

What is private: the GitHub source does not record a repository's visibility, so every
repository counts as private unless a ``public_repos`` glob (config) names it. What is
replaced: the repository of each item, its id, its link (dropped), and the repository's
name wherever ``owner/name`` appears in titles, impact, reasons, extra fields, sources
and warnings; any URL in that text that does not point into a public repository becomes
``(link removed)``; local checkout paths in sources and warnings become ``local checkout``.
What stays: titles, dates, paths inside the repository, labels, numbers and shas.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from evidencer.globs import match_label
from evidencer.model import Classified, Evidence, Facts
from evidencer.report.build import ReportInput

LINK_REMOVED = "(link removed)"
LOCAL_CHECKOUT = "local checkout"
_ID_SEPARATORS = ("", "#", "@", "/")  # what follows the repository in an item id
_URL = re.compile(r"(?:https?|ssh|git)://[^\s<>()\"']+|git@[^\s:]+:[^\s<>()\"']+", re.I)


def is_public(repo: str, public: Sequence[str]) -> bool:
    return any(match_label(pattern, repo) for pattern in public)


def placeholders(reports: Iterable[ReportInput], *, public: Sequence[str]) -> dict[str, str]:
    """Private repository -> ``repo-N``, numbered by each one's first (oldest) item."""
    items = sorted(
        (entry.evidence for report in reports for entry in report.items),
        key=lambda item: (item.date, item.id),
    )
    ordered = dict.fromkeys(item.repo for item in items if not is_public(item.repo, public))
    return {repo: f"repo-{index}" for index, repo in enumerate(ordered, start=1)}


def redact_reports(
    reports: Sequence[ReportInput], *, public: Sequence[str] = (), local: Sequence[str] = ()
) -> list[ReportInput]:
    """The reports with private repositories hidden; one numbering across all of them.

    ``local`` are the checkout paths the run read (``--repo``): they name folders too.
    """
    names = placeholders(reports, public=public)
    scrub = _Scrubber(names, public=public, local=local)
    redacted = []
    for report in reports:
        items = [scrub.entry(entry) for entry in report.items]
        pairs = zip(report.items, items, strict=True)
        ids = {old.evidence.id: new.evidence.id for old, new in pairs}
        redacted.append(dataclasses.replace(
            report,
            items=items,
            roles={ids.get(key, key): value for key, value in report.roles.items()},
            also={ids.get(key, key): tuple(scrub.entry(copy) for copy in copies)
                  for key, copies in report.also.items()},
            sources={key: scrub.text(value) for key, value in report.sources.items()},
            warnings=[scrub.text(warning) for warning in report.warnings],
            # the same releases under the items' new names: a redacted document claims
            # what the plain one does
            releases={names.get(repo, repo): times for repo, times in report.releases.items()},
            redacted=True,
        ))
    return redacted


class _Scrubber:
    def __init__(
        self, names: Mapping[str, str], *, public: Sequence[str], local: Sequence[str]
    ) -> None:
        self.names = dict(names)
        self.public = public
        # Longest first, so "acme/widgets-api" is not half-replaced by "acme/widgets".
        full = sorted((n for n in names if "/" in n), key=len, reverse=True)
        self.pattern = (
            re.compile("|".join(rf"(?<![\w.-]){re.escape(n)}(?![\w-])" for n in full), re.I)
            if full else None
        )
        self.folded = {n.casefold(): p for n, p in names.items()}
        paths = sorted({p for p in local if p.strip(". /")}, key=len, reverse=True)
        self.local = (
            re.compile("|".join(rf"(?<![\w./-]){re.escape(p)}(?![\w-])" for p in paths))
            if paths else None
        )

    def text(self, value: str) -> str:
        value = _URL.sub(self._url, value)
        if self.pattern is not None:
            value = self.pattern.sub(lambda m: self.folded[m.group(0).casefold()], value)
        if self.local is not None:
            value = self.local.sub(LOCAL_CHECKOUT, value)
        return value

    def _url(self, match: re.Match[str]) -> str:
        url = match.group(0)
        repo = _repo_in(url)
        return url if repo is not None and is_public(repo, self.public) else LINK_REMOVED

    def id(self, value: str) -> str:
        """``pr:acme/widgets#12`` -> ``pr:repo-1#12``; folder-named repositories too."""
        kind, sep, rest = value.partition(":")
        for name, placeholder in sorted(self.names.items(), key=lambda p: -len(p[0])):
            after = rest[len(name) : len(name) + 1]
            if sep and rest.startswith(name) and after in _ID_SEPARATORS:
                return f"{kind}:{placeholder}{rest[len(name):]}"
        return self.text(value)

    def value(self, value: Any) -> Any:
        if isinstance(value, str):
            return self.text(value)
        if isinstance(value, Mapping):
            return {key: self.value(inner) for key, inner in value.items()}
        if isinstance(value, (list, tuple)):
            return [self.value(inner) for inner in value]
        return value

    def entry(self, entry: Classified) -> Classified:
        item = entry.evidence
        private = item.repo in self.names
        evidence: Evidence = dataclasses.replace(
            item,
            id=self.id(item.id) if private else item.id,
            repo=self.names.get(item.repo, item.repo),
            url=None if private else item.url,
            title=self.text(item.title),
            body=self.text(item.body),
            facts=Facts.from_extra(self.value(item.facts.to_extra())),
        )
        matches = tuple(
            dataclasses.replace(m, reasons=tuple(self.text(r) for r in m.reasons))
            for m in entry.matches
        )
        return Classified(
            evidence=evidence,
            matches=matches,
            impact=tuple(self.text(i) for i in entry.impact),
            routine=tuple(self.text(r) for r in entry.routine),
            near=entry.near,
        )


def _repo_in(url: str) -> str | None:
    """``owner/name`` of a GitHub-style web or clone URL, if it has one."""
    match = re.match(r"^(?:[a-z]+://[^/]+/|git@[^:]+:)([\w.-]+/[\w.-]+?)(?:\.git)?(?:[/#?]|$)",
                     url, re.I)
    return match.group(1) if match else None

