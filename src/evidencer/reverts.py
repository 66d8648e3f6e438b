"""Which change a revert undid, read from its subject, and which one a cherry-pick copied:
one reading for the git source, which marks work someone else reverted and counts what a
maintenance branch holds, and for the report, which takes a revert's credit away and
folds a copy into its original."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from typing import TypeVar

__all__ = ["cherry_picked", "cut_short", "picked_from", "pull_number", "reverted_subject",
           "same_subject", "standing", "whole_subject"]

K = TypeVar("K")
V = TypeVar("V")

# 'Revert "fix: x (#12)" (#13)', 'revert: feat: x', 'Partially revert "x"', 'Reverts x'
_REVERT = re.compile(
    r'^(?:\S+:\s*)?(?:partial(?:ly)?\s+)?revert(?:s|ed|ing)?\b\s*"?(?P<what>.*?)"?\s*$',
    re.IGNORECASE,
)
# git 2.43 and later title the revert of 'Revert "x"' as 'Reapply "x"'
_REAPPLY = re.compile(r'^reapply\s+"(?P<what>.*)"\s*$', re.IGNORECASE)
_SQUASH_SUFFIX = re.compile(r"\s*\(#(\d+)\)\.?\s*$")
_MERGE_SUBJECT = re.compile(r"^Merge pull request #(\d+)\b")
_NAMED_PULL = re.compile(r"^(?:the\s+)?(?:pr|pull request|pull)\s*#(\d+)\s*$", re.IGNORECASE)
# ``git cherry-pick -x``'s line, a SHA-1 or SHA-256 name whole or abbreviated
_CHERRY_PICKED = re.compile(r"\(cherry picked from commit ([0-9a-f]{7,64})\)")


# A port that names its original in its subject: composer's "Backport 1a2b3c4: …", and
# the patchback bot's "[PR #13226/76bb64eb backport][3.15] …" (aio-libs)
_PORTED = re.compile(r"\s*(?:backport(?:ed|s)?\s+(?:of\s+|commit\s+)?([0-9a-f]{7,64})\b"
                     r"|\[PR #\d+/([0-9a-f]{7,64}) backport\])", re.IGNORECASE)


def cherry_picked(body: str) -> list[str]:
    """The commits a message says it was cherry-picked from (``git cherry-pick -x``)."""
    return _CHERRY_PICKED.findall(body) if "cherry picked" in body else []


def picked_from(title: str, body: str) -> list[str]:
    """The commits a change is a copy of, as its message names them: the cherry-pick's
    line, or a port's subject (abbreviated shas, lower case)."""
    ported = _PORTED.match(title)
    named = [(ported[1] or ported[2]).lower()] if ported else []
    return [*named, *cherry_picked(body)]


def reverted_subject(title: str) -> str | None:
    """The reverted change's subject as the revert quotes it (its own ``(#N)`` kept, the
    revert's dropped), or None when ``title`` is no revert. 'Reapply "x"' reverts
    'Revert "x"'."""
    bare = _SQUASH_SUFFIX.sub("", title)
    again = _REAPPLY.match(bare)
    if again:
        return f'Revert "{again.group("what").strip()}"'
    found = _REVERT.match(bare)
    return found.group("what").strip() if found else None


def same_subject(title: str) -> str:
    """A subject to compare by: without its squash-merge ``(#N)``, case folded."""
    return _SQUASH_SUFFIX.sub("", title).strip().casefold()


# GitHub cuts a long title it quotes: mocha's 'Revert "fix: begin running tests immediately
# instead of waiting for w… (#5881)"' reverted its maintainer's co-authored fix, which still
# counted as his largest stability work, and the revert was "not counted".
_CUT = re.compile(r"\s*(?:\u2026|\.\.\.)\s*$")
CUT_AT_LEAST = 24  # characters left of a cut subject that can name one subject alone


def cut_short(subject: str) -> str | None:
    """What is left of a quoted subject cut short with an ellipsis, to compare with the
    start of others' (``same_subject``'s form); None when it is whole, or too little is
    left to name one."""
    found = _CUT.search(subject)
    if found is None:
        return None
    head = same_subject(subject[:found.start()])
    return head if len(head) >= CUT_AT_LEAST else None


def whole_subject(quoted: str, subjects: Iterable[str]) -> str | None:
    """Of ``subjects`` (``same_subject``'s form), the one a revert's quoted subject cut
    short names: the only one, not itself a revert, that starts with what is left of it;
    None when it was not cut, or none or more than one starts so."""
    head = cut_short(quoted)
    if head is None:
        return None
    found = {s for s in subjects if s.startswith(head) and reverted_subject(s) is None}
    return found.pop() if len(found) == 1 else None


def pull_number(title: str) -> int | None:
    """The pull request a merge's subject names (``... (#12)``, ``Merge pull request #12
    from ...``), or a revert names as what it reverts (``PR #12``: hono's "fix(context):
    revert PR #4707"; not a bare ``#12``, which may be an issue), or None."""
    found = (_SQUASH_SUFFIX.search(title) or _MERGE_SUBJECT.match(title)
             or _NAMED_PULL.match(title))
    return int(found.group(1)) if found else None


def standing(reverts: Mapping[K, V], names: Callable[[V], Iterable[K]]) -> dict[K, V]:
    """Of ``reverts`` (what was reverted, to the revert), those still in force: a revert
    that was itself reverted undid nothing, so along a chain (x, its revert, the revert
    of that, ...) every other one stands. ``names``: the keys a revert is known by.
    Each key is worked out once: a crafted history of reverts that two later ones name
    each would otherwise cost two to the power of its length."""
    known: dict[K, bool] = {}

    def reverted(key: K, depth: int) -> bool:
        if key in known:
            return known[key]
        revert = reverts.get(key)
        if revert is None or depth > 32:  # a cycle of bad data stops somewhere
            return False
        known[key] = found = not any(reverted(name, depth + 1) for name in names(revert))
        return found

    return {key: revert for key, revert in reverts.items() if reverted(key, 0)}
