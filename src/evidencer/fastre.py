"""Case-insensitive rubric regexes made fast: the same pattern, lowercased, run on lowered text.

Python's ``re.IGNORECASE`` folds case at every step and loses the literal-prefix scan,
which made classification the slowest stage on long histories. A pattern whose case
folding can be done on its literals ahead of time is rewritten that way; any other
pattern (backreferences, case-sensitive groups, exotic ranges) is left as it was.
Faster still is not running a pattern at all: each lowered pattern knows literals one of
which its every match contains, and one scan of a text finds which of many patterns' literals
it holds (LiteralIndex), so most patterns are ruled out unrun (prefilter.py).
"""

from __future__ import annotations

import functools
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
sre_compile = _module("re._compiler", "sre_compile")
sre_constants = _module("re._constants", "sre_constants")
_C: Any = sre_constants


class _Unsafe(Exception):
    """The pattern cannot be lowercased without changing what it matches."""


class FastPattern:
    """Answers "does ``pattern`` match ``text``?" given ``text.lower()``, quickly.

    A leading ``\\b`` is checked by hand after the search, because with it first the
    regex engine cannot skip ahead to the characters a match can start with.
    """

    def __init__(self, compiled: re.Pattern[str], *, leading_boundary: bool,
                 literals: frozenset[str] | None = None) -> None:
        self.compiled = compiled
        self.leading_boundary = leading_boundary
        # Some of these occur in every lowered text the pattern matches (None: unknown).
        self.literals = literals

    def search(self, lowered_text: str) -> bool:
        found = self.compiled.search(lowered_text)
        if not self.leading_boundary:
            return found is not None
        while found is not None:
            start = found.start()
            if _boundary(lowered_text, start):
                return True
            found = self.compiled.search(lowered_text, start + 1)
        return False


def _lowered_tree(source: str, flags: int) -> Any:
    tree = sre_parse.parse(source, flags)
    _lower_sequence(tree)
    tree.state.flags &= ~re.IGNORECASE
    return tree


_FEW_FIRSTS = 16  # with more possible first characters, nearly every position is one


def _skips_ahead(tree: Any) -> bool:
    """Whether the regex engine can skip to where a match may start (a literal prefix or
    a few first characters) instead of trying nearly every position."""
    flags = tree.state.flags
    if tree.getwidth()[0] == 0:
        return False
    if sre_compile._get_literal_prefix(tree, flags)[0]:
        return True
    firsts = sre_compile._get_charset_prefix(tree, flags)
    return bool(firsts) and len(firsts) <= _FEW_FIRSTS


_BOUNDARY = (_C.AT, _C.AT_BOUNDARY)


def _strip_leading_boundary(data: list[Any]) -> list[list[Any]]:
    """Remove a ``\\b`` every match starts with: first in the pattern, or first in
    every branch of a pattern that is one alternation. Returns the sequences it was
    removed from (none when it was not there)."""
    if len(data) > 1 and data[0] == _BOUNDARY:
        del data[0]
        return [data]
    if len(data) == 1 and data[0][0] is _C.BRANCH:
        branches = data[0][1][1]
        if all(len(b.data) > 1 and b.data[0] == _BOUNDARY for b in branches):
            for branch in branches:
                del branch.data[0]
            return [branch.data for branch in branches]
    return []


def _boundary(text: str, at: int) -> bool:
    before = at > 0 and (text[at - 1].isalnum() or text[at - 1] == "_")
    after = at < len(text) and (text[at].isalnum() or text[at] == "_")
    return before != after


@functools.lru_cache(maxsize=1024)  # rubrics share patterns between rules (YAML anchors)
def lowered(pattern: re.Pattern[str]) -> FastPattern | None:
    """A fast equivalent of ``pattern`` to run on ``text.lower()``, or None if unsafe.

    Callers use ``pattern`` itself on the original text when this returns None.
    """
    source, flags = pattern.pattern, pattern.flags
    if not flags & re.IGNORECASE:
        return None
    try:
        tree = _lowered_tree(source, flags)
        stripped = _strip_leading_boundary(tree.data)
        leading = bool(stripped)
        if leading and not _skips_ahead(tree) and not tree.state.flags & re.ASCII:
            # Stripping the \b bought nothing: the engine tries every position anyway, so
            # one regex run beats a Python loop. (With re.ASCII the regex's \b differs
            # from _boundary's, so such patterns keep the loop they always had.)
            for data in stripped:
                data.insert(0, _BOUNDARY)
            leading = False
        literals = required_literals(tree.data)
        compiled: re.Pattern[str] = sre_compile.compile(tree, flags & ~re.IGNORECASE)
    except (_Unsafe, re.error, TypeError, ValueError, IndexError, RecursionError):
        return None
    return FastPattern(compiled, leading_boundary=leading, literals=literals)


def _lower_char(code: int) -> int:
    if code < 128:  # ASCII, the usual case: one lowercase form, no surprises
        return code + 32 if 65 <= code <= 90 else code
    low = chr(code).lower()
    upper_again = {ch for ch in (chr(code), low, chr(code).upper()) if ch.lower() == low}
    if len(low) != 1 or (len(upper_again) > 2 and not chr(code).isascii()):
        raise _Unsafe
    return ord(low)


def _lower_sequence(items: Any) -> None:
    for index, (op, av) in enumerate(list(items)):
        items[index] = (op, _lower_item(op, av))


def _lower_item(op: Any, av: Any) -> Any:
    if op in (_C.LITERAL, _C.NOT_LITERAL):
        return _lower_char(av)
    if op is _C.IN:
        return _lower_set(av)
    if op is _C.BRANCH:
        for branch in av[1]:
            _lower_sequence(branch)
        return av
    if op is _C.SUBPATTERN:
        group, add_flags, del_flags, sub = av
        if del_flags & re.IGNORECASE:
            raise _Unsafe
        _lower_sequence(sub)
        return (group, add_flags, del_flags, sub)
    if op in (_C.MAX_REPEAT, _C.MIN_REPEAT, getattr(_C, "POSSESSIVE_REPEAT", None)):
        _lower_sequence(av[2])
        return av
    if op in (_C.ASSERT, _C.ASSERT_NOT):
        _lower_sequence(av[1])
        return av
    if op is getattr(_C, "ATOMIC_GROUP", None):
        _lower_sequence(av)
        return av
    if op in (_C.GROUPREF, _C.GROUPREF_EXISTS):
        raise _Unsafe
    return av


def _lower_set(items: list[tuple[Any, Any]]) -> list[tuple[Any, Any]]:
    out: list[tuple[Any, Any]] = []
    for op, av in items:
        if op is _C.LITERAL:
            out.append((op, _lower_char(av)))
        elif op is _C.RANGE:
            low, high = av
            out.append((op, av))
            if high - low > 1024:
                raise _Unsafe
            extra = sorted({_lower_char(code) for code in range(low, high + 1)} - set(
                range(low, high + 1)))
            out.extend((_C.LITERAL, code) for code in extra)
        else:
            out.append((op, av))
    return out


# What a lowered pattern needs: literal strings one of which every match contains. Several
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
    """Literals one of which occurs in any text the parsed, lowered ``items`` match,
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
