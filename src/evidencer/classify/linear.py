"""Users' regular expressions, run on a linear-time engine (RE2): none can backtrack.

Rubric and config regexes run on titles and bodies strangers wrote (``pr-comment`` reads
any pull request). Python's ``re`` backtracks, and no check of a pattern's shape finds every
one that takes minutes on crafted text; RE2 takes time linear in the text for any pattern
it accepts. What it cannot run in linear time (backreferences, lookarounds, atomic groups,
conditionals, possessive repeats) it refuses, and so do we, when the file is loaded.

Every pattern is case-insensitive (RE2's Unicode simple case folding; ``(?-i:...)`` makes a
part case-sensitive). ``\\w``, ``\\d``, ``\\s`` and ``\\b`` are ASCII in RE2: ``\\bfix\\b``
matches in ``fixé`` where Python's ``re`` would not (docs/security-rubric.md).
"""

from __future__ import annotations

import re
from collections.abc import Mapping

import re2

__all__ = ["Found", "Regex", "RegexSet", "UnsupportedRegex"]


class Found:
    """What a search matched (the whole match only: all evidencer asks of it)."""

    __slots__ = ("text",)

    def __init__(self, text: str) -> None:
        self.text = text

    def group(self, index: int = 0, /) -> str:
        if index:
            raise IndexError("only the whole match is kept")
        return self.text


class UnsupportedRegex(ValueError):
    """The pattern is not a regular expression RE2 runs; the message says why, one line."""


def _options(max_mem: int | None = None) -> re2.Options:
    options = re2.Options()
    options.case_sensitive = False
    options.log_errors = False  # a refused pattern is our one-line error, not RE2's log
    if max_mem is not None:
        options.max_mem = max_mem
    return options


_OPTIONS = _options()


def _set_budget(patterns: int) -> int:
    """RE2's memory budget for a set of ``patterns``: 1 MB a pattern, at least 16.

    A set of all a rubric's title regexes makes a large DFA, which RE2 builds as texts come
    and throws away whenever its budget fills, and the DFA grows with the patterns. With
    the default rubric's 58 title regexes on 10,000 titles, RE2's default 8 MB filled again
    and again (16 us a title; 2 us at 12 MB or more). At 68, a fixed 16 MB filled as well:
    the rubric alone took 1.8-2.0 s for 10,000 items, 0.9-1.1 s at 32 or 64 MB, and the
    process's peak memory was 69 MB either way (60 MB at 16): RE2 only spends what the
    texts call for.
    """
    return max(16, patterns) << 20


class Regex:
    """One user's pattern compiled by RE2 (case-insensitive), with ``re``'s names for the
    few things evidencer asks of it."""

    __slots__ = ("_compiled", "pattern")

    def __init__(self, pattern: str) -> None:
        self.pattern = pattern
        try:
            self._compiled = re2.compile(pattern, _OPTIONS)
        except re2.error as exc:
            raise UnsupportedRegex(_why(pattern, exc)) from None

    def search(self, text: str) -> Found | None:
        # On bytes, the binding skips mapping every offset back to characters: 3-4 times
        # faster on a title. RE2 matches whole UTF-8 characters, so the slice decodes.
        data = _utf8(text)
        found = self._compiled.search(data)
        if found is None:
            return None
        start, end = found.span()
        return Found(data[start:end].decode("utf-8", "replace"))

    def __repr__(self) -> str:
        return f"Regex({self.pattern!r})"

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Regex) and other.pattern == self.pattern

    def __hash__(self) -> int:
        return hash(self.pattern)


def _utf8(text: str) -> bytes:
    """``text`` as RE2 reads it; a lone surrogate (JSON allows ``\\ud800``) is kept as
    bytes no pattern character matches, instead of failing the whole search."""
    return text.encode("utf-8", "surrogatepass")


def _why(pattern: str, exc: re2.error) -> str:
    """RE2's reason, and whether the pattern is valid elsewhere (then it is a feature RE2
    leaves out on purpose) or not a regular expression at all."""
    raw = exc.args[0] if exc.args else ""
    text = raw.decode("utf-8", "replace") if isinstance(raw, bytes) else str(raw)
    reason = " ".join(text.split()) or "invalid pattern"
    try:
        re.compile(pattern)
    except (re.error, OverflowError, RecursionError, ValueError):
        return f"not a valid regular expression: {reason}"
    return f"not supported by the linear-time engine: {reason}{_hint(reason)}"


# RE2's words for the constructs it leaves out, in a pattern Python's re accepts.
_FEATURES = re.compile(r"invalid perl operator|invalid escape sequence: \\[1-9]"
                       r"|bad repetition operator")


def _hint(reason: str) -> str:
    if reason.endswith("\\Z"):
        return r" (write \z for the end of the text)"
    if reason.endswith(("\\u", "\\U")):
        return r" (write \x{00e9} for a character by its code point)"
    if reason.endswith("(?x"):
        return " (there is no verbose mode: remove the spaces and comments)"
    if _FEATURES.match(reason):
        return (" (lookarounds, backreferences, atomic groups, conditionals and possessive"
                " repeats cannot run in linear time)")
    return ""


class RegexSet:
    """Many patterns searched in one pass over a text (RE2::Set): which of them match.

    RE2 can refuse a set too big for its memory budget, or give up on one while matching
    (its automaton outgrew the budget; it then reports no match at all, which a pattern
    matching every text, index 0, tells apart from a real "none"): each pattern is then
    searched on its own instead, which RE2 never gives up on.
    """

    def __init__(self, patterns: Mapping[int, Regex]) -> None:
        """``patterns``: each pattern under the bit ``matches`` sets when it matches."""
        self._patterns = tuple(patterns.items())
        self._bits = (0, *patterns)  # by index in the set; 0 is the sentinel
        self._set: re2.Set | None = re2.Set.SearchSet(_options(_set_budget(len(patterns))))
        try:
            self._set.Add("")  # the sentinel: matches every text
            for regex in patterns.values():
                self._set.Add(regex.pattern)
            self._set.Compile()
        except re2.error:  # together too big for RE2's memory budget: one at a time
            self._set = None
        self._empty = self.matches_one_by_one("")  # most bodies are empty: asked once

    def matches(self, text: str) -> int:
        """The bits of the patterns that match somewhere in ``text``, OR-ed."""
        if not text:
            return self._empty
        if self._set is None:
            return self.matches_one_by_one(text)
        found = self._set.Match(_utf8(text))
        if not found or 0 not in found:  # RE2 gave up: no sentinel
            return self.matches_one_by_one(text)
        mask = 0
        bits = self._bits
        for index in found:
            mask |= bits[index]
        return mask

    def matches_one_by_one(self, text: str) -> int:
        mask = 0
        for bit, regex in self._patterns:
            if regex.search(text) is not None:
                mask |= bit
        return mask
