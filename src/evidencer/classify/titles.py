"""What a subject's words mean where the same word means two things: read the same way by
the rubric's rules (``rule_title``) and by the learned model's features."""

from __future__ import annotations

import re

__all__ = ["CONVENTIONAL", "TAGS", "words_read"]

# A conventional commit's type, scope and breaking mark: ``fix(api)!: x``, and with a space
# before the scope (paperless-ngx's "Security (beta): …", "Fix (beta): …"). The rules
# (judge.commit_types) and the model (learned.title_tags) read it alike.
CONVENTIONAL = re.compile(
    r"^\s*(?P<type>[A-Za-z]+)(?: ?\((?P<scope>[^)]{0,60})\))?(?P<bang>!)?:\s"
)
# A project's own capital tags: numpy's ``BUG: x``, ``ENH, TST: x``.
TAGS = re.compile(r"^\s*(?P<tags>[A-Z]{2,8}(?:\s*[,/+]\s*[A-Z]{2,8})*)\s*:\s")

# "fixed" names a fix, except as an adjective: "For fixed size windows, …"
# (rxhanson/Rectangle), "Use fixed-length array", "pad string to a fixed length". Hyphened
# to its noun it is always one; after an article or a preposition, before a noun of size,
# place or amount, it is one too. Joined to its noun ("fixed_size"), neither the rules'
# "fix" words nor the model's word "fixed" read it.
_ADJECTIVE_FIXED = re.compile(
    r"\b(fixed)-(?=[a-z])"
    r"|\b(?:a|an|the|for|with|of|to|than|use|using|into|in|on|by|as|at|non|and|or) (fixed) "
    r"(?=(?:size|sized|width|height|length|position|positioning|point|rate|layout"
    r"|header|footer|sidebar|columns?|pitch|font|format|number|window|frame|step|offset"
    r"|seed|delay|interval|ratio|count|order|price|cost|string|value|array|buffer"
    r"|capacity|amount|set|list|elements?|arity|timestep|time|version|port|key|name)s?\b)",
    re.IGNORECASE,
)


def _adjectives_joined(title: str) -> str:
    """``For fixed size windows`` -> ``For fixed_size windows``; most titles unchanged."""
    if "ixed" not in title:
        return title
    return _ADJECTIVE_FIXED.sub(_joined, title)


# The issue a feature request closes, before the feature's own verb: mockito's "Fixes
# #3536 : Implement SpyStatic API", "Fixes #2740 : Add mockMaker option to `@Spy`
# annotation", each read as a bug fix for its "Fixes" (four of its author's five highlights).
# GitHub closes a feature request with the same keyword; the work is what the verb after it
# says. A fix stays one: "Fix #3104", "fix #3083 improve the parseURL function".
_CLOSING_LEAD = re.compile(
    r"^(?:fix(?:es|ed)?|close[sd]?|resolve[sd]?)\s+(?P<ref>(?:[\w.-]+/[\w.-]+)?#\d+)"
    r"\s*[:\-\u2013\u2014]\s*(?=(?:add|adds|added|allow|allows|support|supports|implement"
    r"|implements|introduce|introduces|enable|enables)\b)",
    re.IGNORECASE,
)


_CLOSING_WORDS = frozenset(("fix", "clo", "res"))  # how the keywords begin


def _closing_lead_moved(title: str) -> str:
    """``Fixes #3536 : Implement SpyStatic API`` -> ``Implement SpyStatic API (#3536)``;
    most titles unchanged."""
    if title[:3].lower() not in _CLOSING_WORDS:  # most titles: one slice, one lookup
        return title
    found = _CLOSING_LEAD.match(title)
    if not found:
        return title
    return f"{title[found.end():]} ({found.group('ref')})"


def _joined(found: re.Match[str]) -> str:
    text = found.group(0)
    return text[:-1] + "_"


def words_read(title: str) -> str:
    """A subject as both the rules (``rule_title``) and the model's features read its
    words: the issue a feature closes moved behind it, an adjective joined to its noun."""
    return _adjectives_joined(_closing_lead_moved(title))
