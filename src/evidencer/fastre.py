"""Ruling regexes out unrun: the literals one of which every match of a pattern contains,
and one scan of a text for many patterns' literals (LiteralIndex).

Used for evidencer's own glob regexes over paths and labels (prefilter.py), which run on
Python's ``re``. Users' rubric regexes run on RE2 as one set per text (linear.py) instead.
"""

from __future__ import annotations

import importlib
import re
from collections.abc import Mapping
from typing import Any


def _module(name: str, old_name: str) -> Any:
    """The regex engine's parser and compiler: ``re._parser`` since 3.11, before that
    ``sre_parse``; typed as Any because typeshed does not describe them."""
    try:
        return importlib.import_module(name)
    except ImportError:  # pragma: no cover - Python 3.10
        return importlib.import_module(old_name)


sre_parse = _module("re._parser", "sre_parse")
sre_constants = _module("re._constants", "sre_constants")
_C: Any = sre_constants


# What a pattern needs: literal strings one of which every match contains. Several
# patterns then share one scan of the text for them (LiteralIndex). A part of the
# pattern is described by the strings it can match when they are few ("exact", a superset
# is fine) and by strings one of which its every match contains ("some"); None is unknown.
_MAX_STRINGS = 32  # more alternatives than this are not tracked
# Literals are looked for by their first characters only: a text holding a literal holds
# its start too, and longer starts rarely rule out more.
LITERAL_PREFIX = 6
_MAX_CLASS = 16  # a character class with more members than this is "any character"
_Strings = frozenset[str]
_Needs = tuple[_Strings | None, _Strings | None]
_NOTHING: _Strings = frozenset({""})
_ZERO_WIDTH: _Needs = (_NOTHING, None)


def required_literals(items: Any) -> frozenset[str] | None:
    """Literals one of which occurs in any text the parsed ``items`` match,
    or None when no such set is known (the pattern must then always run)."""
    exact, some = _sequence(items)
    best = _best(exact, some)
    return _minimal(best) if best is not None else None


def _sequence(items: Any) -> _Needs:
    run = _NOTHING  # what the parts since the last unknown one match, when few
    whole = True  # every part so far was exact, so ``run`` describes the whole sequence
    candidates: list[_Strings | None] = []
    for op, av in getattr(items, "data", items):  # a parsed SubPattern's own list: faster
        if op is _C.LITERAL:  # the common case, kept cheap
            char = chr(av)
            run = frozenset(a + char for a in run)
            continue
        exact, some = _part(op, av)
        if exact is None:
            candidates += (run, some)
            run, whole = _NOTHING, False
        elif len(run) * len(exact) <= _MAX_STRINGS:
            run = frozenset(a + b for a in run for b in exact)
        else:
            candidates.append(run)
            run, whole = exact, False
    candidates.append(run)
    return (run if whole else None), _best(*candidates)


def _part(op: Any, av: Any) -> _Needs:
    if op is _C.LITERAL:
        return frozenset({chr(av)}), None
    if op is _C.IN:
        return _class(av), None
    if op in (_C.AT, _C.ASSERT, _C.ASSERT_NOT):
        return _ZERO_WIDTH  # consume nothing; what they test is not needed in the text
    if op is _C.SUBPATTERN:
        _group, add_flags, del_flags, sub = av
        if (add_flags | del_flags) & re.IGNORECASE:
            return None, None  # case-insensitive inside: its literals are not exact
        return _sequence(sub)
    if op is _C.BRANCH:
        return _branch(av[1])
    if op in (_C.MAX_REPEAT, _C.MIN_REPEAT, getattr(_C, "POSSESSIVE_REPEAT", None)):
        return _repeat(*av)
    if op is getattr(_C, "ATOMIC_GROUP", None):
        return _sequence(av)
    return None, None  # any character, a category, a backreference, a conditional


def _class(members: Any) -> _Strings | None:
    chars: set[str] = set()
    for op, av in members:
        if op is _C.LITERAL:
            chars.add(chr(av))
        elif op is _C.RANGE and av[1] - av[0] < _MAX_CLASS:
            chars.update(chr(code) for code in range(av[0], av[1] + 1))
        else:
            return None  # negated, a category, or a wide range
    return frozenset(chars) if len(chars) <= _MAX_CLASS else None


def _branch(branches: Any) -> _Needs:
    exact: set[str] | None = set()
    some: set[str] | None = set()
    for branch_exact, branch_some in map(_sequence, branches):
        factor = _best(branch_exact, branch_some)  # what this alternative needs
        exact = exact | branch_exact if exact is not None and branch_exact is not None else None
        some = some | factor if some is not None and factor is not None else None
    return (frozenset(exact) if exact is not None and len(exact) <= _MAX_STRINGS else None,
            _minimal(some) if some is not None else None)


def _repeat(low: int, high: int, body: Any) -> _Needs:
    exact, some = _sequence(body)
    some = _best(exact, some) if low >= 1 else None  # optional: needs nothing
    if exact is None or high > 3:
        return None, some
    strings: set[str] = set()
    for count in range(low, high + 1):
        power = _NOTHING
        for _ in range(count):
            power = frozenset(a + b for a in power for b in exact)
            if len(power) > _MAX_STRINGS:
                return None, some
        strings |= power
    return (frozenset(strings) if len(strings) <= _MAX_STRINGS else None), some


def _minimal(strings: set[str] | _Strings) -> _Strings:
    """Drop strings holding another of the set: a text with them has the shorter one too."""
    return frozenset(s for s in strings if not any(t != s and t in s for t in strings))


def _best(*candidates: _Strings | None) -> _Strings | None:
    """The most selective of sets one of which a match holds: longest shortest string
    (up to LITERAL_PREFIX), then fewest distinct prefixes. A set holding "" says nothing."""
    known = [c for c in candidates if c and "" not in c]
    if not known:
        return None
    return max(known, key=lambda c: (min(LITERAL_PREFIX, *map(len, c)),
                                     -len({s[:LITERAL_PREFIX] for s in c})))


_Trie = dict[str, "_Trie"]
# Past this length a text holds most literals, and scanning it saves less than it costs
# (measured on pull request bodies of 0.1 to 5 KB).
_SCAN_LIMIT = 2000


class LiteralIndex:
    """For patterns each described by literals one of which a match needs (None: unknown),
    tells which patterns can match a text, as a bit mask over their positions."""

    def __init__(self, needs: Mapping[int, frozenset[str] | None]) -> None:
        owners: dict[str, int] = {}
        self.always = 0  # patterns with no known literals: they can match anything
        self._every = 0
        for index, literals in needs.items():
            self._every |= 1 << index
            if not literals:
                self.always |= 1 << index
            for literal in literals or ():
                cut = literal[:LITERAL_PREFIX]  # keeps the scanning regex small
                owners[cut] = owners.get(cut, 0) | 1 << index
        # The scan reports at each position only the longest literal starting there;
        # shorter ones there are its prefixes, so each literal stands for all it contains.
        self._masks: dict[str, int] = {}
        for literal in owners:
            mask = 0
            for start in range(len(literal)):
                for end in range(start + 1, len(literal) + 1):
                    mask |= owners.get(literal[start:end], 0)
            self._masks[literal] = mask
        self._findall = _scanner(owners).findall if owners else None

    def possible(self, text: str) -> int:
        """Bit ``i`` is set unless pattern ``i`` cannot match ``text``."""
        if len(text) > _SCAN_LIMIT:
            return self._every
        mask = self.always
        if text and self._findall is not None:
            masks = self._masks
            for literal in set(self._findall(text)):
                mask |= masks[literal]
        return mask


def _scanner(literals: dict[str, int]) -> re.Pattern[str]:
    """One regex finding, at every position, the longest literal that starts there.

    It consumes one character per match, so matches may overlap; the lookbehind puts the
    lookahead before that character, and the leading class lets the engine skip quickly
    to positions where some literal can start.
    """
    trie: _Trie = {}
    for literal in literals:
        node = trie
        for char in literal:
            node = node.setdefault(char, {})
        node[""] = {}  # a literal ends here
    firsts = "".join(re.escape(char) for char in sorted(trie))
    return re.compile(f"[{firsts}](?<=(?=({_alternatives(trie)}))[\\s\\S])")


def _alternatives(node: _Trie) -> str:
    """The trie below ``node`` as a regex that prefers the longest way through."""
    branches = [
        re.escape(char) + _alternatives(child) for char, child in sorted(node.items()) if char
    ]
    if not branches:
        return ""
    body = branches[0] if len(branches) == 1 else f"(?:{'|'.join(branches)})"
    return f"(?:{body})?" if "" in node else body
