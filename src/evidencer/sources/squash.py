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


def strip_commit_list(body: str) -> str:
    """``body`` without the commit list GitHub's squash button wrote into it.

    GitHub's shape: each commit is a paragraph starting ``* subject`` (its own message
    body may follow), paragraphs split by blank lines, and a ``---------`` rule before
    the trailers. The list may follow a description someone wrote above it, which is
    kept. A list a person wrote looks different: its bullets sit on consecutive lines
    (``* a`` then ``* b``), and it is kept as it is.
    """
    if _BULLET not in body:  # nearly every message: nothing to look at
        return body
    lines = body.splitlines()
    bullets = _paragraph_bullets(lines)
    for start in bullets:
        following = lines[start + 1] if start + 1 < len(lines) else ""
        if following.startswith(_BULLET):  # a hand-written list: bullets line after line
            continue
        end = next((i for i in range(start, len(lines)) if _END.match(lines[i])), len(lines))
        if sum(1 for i in bullets if start <= i < end) < 2:
            continue
        kept = lines[:start]
        while kept and (not kept[-1].strip() or _RULE.match(kept[-1])):
            kept.pop()  # the blank lines and the rule that led into the list
        return "\n".join([*kept, *lines[end + 1 :]]).strip()
    return body


def _paragraph_bullets(lines: list[str]) -> list[int]:
    """Bullets that open a paragraph (the first line, or after a blank line or a rule)."""
    return [
        i for i, line in enumerate(lines)
        if line.startswith(_BULLET)
        and (i == 0 or not lines[i - 1].strip() or _RULE.match(lines[i - 1]) is not None)
    ]
