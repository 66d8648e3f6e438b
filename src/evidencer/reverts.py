"""Which change a revert undid, read from its subject: one reading for the git source,
which marks work someone else reverted, and for the report, which takes its credit away."""

from __future__ import annotations

import re

__all__ = ["pull_number", "reverted_subject", "same_subject"]

# 'Revert "fix: x (#12)" (#13)', 'revert: feat: x', 'Partially revert "x"', 'Reverts x'
_REVERT = re.compile(
    r'^(?:\S+:\s*)?(?:partial(?:ly)?\s+)?revert(?:s|ed|ing)?\b\s*"?(?P<what>.*?)"?\s*$',
    re.IGNORECASE,
)
_SQUASH_SUFFIX = re.compile(r"\s*\(#(\d+)\)\s*$")
_MERGE_SUBJECT = re.compile(r"^Merge pull request #(\d+)\b")


def reverted_subject(title: str) -> str | None:
    """The reverted change's subject as the revert quotes it (its own ``(#N)`` kept, the
    revert's dropped), or None when ``title`` is no revert."""
    found = _REVERT.match(_SQUASH_SUFFIX.sub("", title))
    return found.group("what").strip() if found else None


def same_subject(title: str) -> str:
    """A subject to compare by: without its squash-merge ``(#N)``, case folded."""
    return _SQUASH_SUFFIX.sub("", title).strip().casefold()


def pull_number(title: str) -> int | None:
    """The pull request a merge's subject names (``... (#12)``, ``Merge pull request #12
    from ...``), or None."""
    found = _SQUASH_SUFFIX.search(title) or _MERGE_SUBJECT.match(title)
    return int(found.group(1)) if found else None
