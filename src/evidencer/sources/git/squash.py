"""Commit lists in messages: the ``* subject`` lines GitHub writes into a squash commit.

They repeat the branch's commits (``* WIP``, ``* fix tests``), not what the change did
for anyone, so they are kept out of the text impact extraction and the rubric read.
"""

from __future__ import annotations

import re

_BULLET = "* "
# A line of dashes: a description may end with one when a commit list follows it.
_RULE = re.compile(r"^-{3,}\s*$")
# GitHub ends its list with exactly this rule, then the Co-authored-by trailers.
_END = re.compile(r"^-{9}\s*$")
# A listed commit titled "... (#123)" is another pull request, merged on the main branch and
# pulled into this one with everything it said: no body in such a list is told apart.
_OTHER_PULL = re.compile(r"\(#(\d+)\)\s*$")
# What `git revert` writes under a listed revert: that commit's bookkeeping, not this
# change's words (mitmproxy's "Move mitmweb to Vite" opened with one once its list was left
# out, and read as a revert).
_REVERTS_LINE = re.compile(r"^This reverts commit [0-9a-f]{7,64}\.?\s*$", re.IGNORECASE)


# A co-author line a squashed commit carried in its own message, left where it was in the
# list rather than gathered into the trailers after GitHub's rule (vaultwarden's "Fix
# Webauthn/Passkey 2FA migration/validation issues": "* Apply Passkey fixes from zUnixorn
# … Co-authored-by: zUnixorn <…>", then only Signed-off-by lines at the end). git reads
# trailers in the last paragraph alone. Not a quoted line ("> Co-authored-by: …").
_CO_AUTHOR = re.compile(r"^co-authored-by:[ \t]*([^<>\n]*?)[ \t]*<([^<>\s]+@[^<>\s]+)>[ \t]*$",
                        re.IGNORECASE | re.MULTILINE)


def listed_co_authors(body: str) -> list[tuple[str, str]]:
    """The ``Co-authored-by:`` lines of a squash's commit list, wherever they stand, as
    (name, address)."""
    if _BULLET not in body:
        return []
    return co_author_lines(body)


def co_author_lines(body: str) -> list[tuple[str, str]]:
    """Every ``Co-authored-by:`` line of a message, trailer or not, as (name, address)."""
    if "o-authored-by" not in body.casefold():
        return []
    return [(name.strip().strip('"'), email) for name, email in _CO_AUTHOR.findall(body)]


def strip_commit_list(body: str) -> str:
    """``body`` without the commit list GitHub's squash button wrote into it.

    GitHub's shape: each commit is a paragraph starting ``* subject``, then that
    commit's own message body, paragraphs split by blank lines, and a ``---------``
    rule before the trailers. The subject lines go; what the commits' bodies say (lines
    right under a subject too: FreshRSS's "* Rework keepmax" then "fix …/issues/5702",
    a message with no blank line after its subject), and a description someone wrote
    above the list, stay. When the branch pulled in other
    pull requests (``* fix: x (#123)``, each with its own message, list and rule), the
    whole list goes: their words are not this change's. A list a person wrote looks
    different: its bullets sit on consecutive lines (``* a`` then ``* b``), and it is
    kept as it is.
    """
    if _BULLET not in body:  # nearly every message: nothing to look at
        return body
    lines = body.splitlines()
    bullets = _paragraph_bullets(lines)
    for start in bullets:
        following = lines[start + 1] if start + 1 < len(lines) else ""
        if following.startswith(_BULLET):  # a hand-written list: bullets line after line
            continue
        # The last rule: a pull request merged into the branch brings its own list and rule.
        end = next((i for i in range(len(lines) - 1, start, -1) if _END.match(lines[i])),
                   len(lines))
        listed = [i for i in bullets if start <= i < end]
        if len(listed) < 2:
            continue
        opening = set(bullets)
        merged_in = any(_OTHER_PULL.search(lines[i]) for i in listed)
        kept: list[str] = []
        for i, line in enumerate(lines):
            if start <= i < end and (i in opening or merged_in or _REVERTS_LINE.match(line)):
                continue
            if i == end or (i < start and _RULE.match(line)):
                continue  # the rules around the list
            if line.strip() or (kept and kept[-1].strip()):
                kept.append(line)  # blank lines only between paragraphs, one at a time
        return "\n".join(kept).strip()
    return body


def merged_in_pulls(body: str) -> tuple[list[int], list[tuple[str, str]]]:
    """The pull requests a squashed branch pulled in from the main line (``* fix: x (#123)``
    opening a paragraph of its list), by number; and the co-authors the list names before
    the first of them, who worked on the branch itself (svelte: its maintainer's review
    suggestions, applied on the branch before main was merged in)."""
    if _BULLET not in body:
        return [], []
    lines = body.splitlines()
    numbered = [(i, int(found[1])) for i in _paragraph_bullets(lines)
                if (found := _OTHER_PULL.search(lines[i])) is not None]
    if not numbered:
        return [], []
    before = "\n".join(lines[:numbered[0][0]])
    return [number for _, number in numbered], [
        (name.strip().strip('"'), email) for name, email in _CO_AUTHOR.findall(before)]


def _paragraph_bullets(lines: list[str]) -> list[int]:
    """Bullets that open a paragraph (the first line, or after a blank line or a rule)."""
    return [
        i for i, line in enumerate(lines)
        if line.startswith(_BULLET)
        and (i == 0 or not lines[i - 1].strip() or _RULE.match(lines[i - 1]) is not None)
    ]
