"""Refuse regular expressions from users that backtrack without bound on hostile text.

Rubric and config regexes run on titles and bodies other people wrote (a PR bot reads
strangers' pull requests). Python's engine backtracks, so a few shapes take exponential
or cubic time on crafted text; they are found in the parsed pattern, before any text:

- a repetition inside a repetition, ``(a+)+``, ``(.*a){20}``, ``(a?){25}``;
- a repetition over alternatives that can match the same text, ``(a|aa)+``;
- unbounded repetitions that can trade the same characters between them, ``a.*b.*c``,
  ``\\s*\\s*$``: each adds a factor of the text's length (search adds one when the
  pattern is not anchored with ``^``). Two factors are allowed (``fix.*crash``: well
  under a second on 20,000 characters); three are not.
"""

from __future__ import annotations

import functools
import re
import string
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from evidencer.fastre import sre_constants, sre_parse

_C: Any = sre_constants
MAX_FACTORS = 2
BIG = 100  # a bounded repetition above this counts as unbounded
_PROBE = string.printable + "\u00a0\u00e9\u00c9\u00df\u0130\u0131\u2028\u4e2d"
_CATEGORIES = {
    "CATEGORY_DIGIT": str.isdecimal,
    "CATEGORY_SPACE": str.isspace,
    "CATEGORY_WORD": lambda ch: ch.isalnum() or ch == "_",
    "CATEGORY_LINEBREAK": lambda ch: ch == "\n",
}


@functools.lru_cache(maxsize=1024)
def backtracking_risk(pattern: str, flags: int = re.IGNORECASE) -> str | None:
    """Why ``pattern`` may take super-quadratic time on hostile text, or None when it
    will not (or when it does not parse: the caller's ``re.compile`` reports that)."""
    try:
        tree = sre_parse.parse(pattern, flags)
    except (re.error, OverflowError, RecursionError, ValueError):
        return None
    state = _Flags(tree.state.flags, tree.state)
    try:
        return _nesting(tree.data, state, inside=False) or _chains(tree.data, state)
    except RecursionError:
        return "it nests groups too deeply to check"


def slow_regex_message(at: str, pattern: str, risk: str) -> str:
    return (
        f"regular expression in '{at}': {pattern!r} could run for hours on hostile text: "
        f"{risk}; rewrite it, e.g. with a bounded repetition such as .{{0,80}} for .*"
    )


@dataclass(frozen=True)
class _Flags:
    value: int
    # The parse's own state: it knows each group's width, which a backreference takes.
    parsed: Any = field(default=None, compare=False)

    @property
    def ignorecase(self) -> bool:
        return bool(self.value & re.IGNORECASE)

    @property
    def multiline(self) -> bool:
        return bool(self.value & re.MULTILINE)

    @property
    def dotall(self) -> bool:
        return bool(self.value & re.DOTALL)


def _repeat(op: Any) -> bool:
    return op in (_C.MAX_REPEAT, _C.MIN_REPEAT)


def _nesting(items: Sequence[Any], flags: _Flags, *, inside: bool) -> str | None:
    """A variable repetition within a repetition, or ambiguous alternatives repeated."""
    for op, av in items:
        if _repeat(op):
            low, high, body = av
            if inside and low != high:
                return "it nests a repetition inside a repetition"
            if high > 1:
                if _ambiguous(body, flags):
                    return "it repeats alternatives that can match the same text"
                found = _nesting(body, flags, inside=True)
            else:
                found = _nesting(body, flags, inside=inside)
        elif op is _C.SUBPATTERN:
            found = _nesting(av[3], flags, inside=inside)
        elif op is _C.BRANCH:
            found = next((f for b in av[1] if (f := _nesting(b, flags, inside=inside))), None)
        elif op in (_C.ASSERT, _C.ASSERT_NOT):
            found = _nesting(av[1], flags, inside=False)
        else:
            found = None
        if found:
            return found
    return None


def _ambiguous(items: Sequence[Any], flags: _Flags) -> bool:
    """Alternatives (at any depth of the repeated part) that can start alike; the parser
    factors out a shared prefix (``a|aa`` becomes ``a(?:|a)``), leaving an empty one."""
    for op, av in items:
        if op is _C.BRANCH:
            branches = av[1]
            starts = [_first(list(b), flags) for b in branches]
            if any(not b for b in branches):
                return True
            for i, first in enumerate(starts):
                if any(first & other for other in starts[i + 1 :]):
                    return True
            if any(_ambiguous(b, flags) for b in branches):
                return True
        elif op is _C.SUBPATTERN and _ambiguous(av[3], flags):
            return True
    return False


def _first(items: list[Any], flags: _Flags) -> frozenset[str]:
    """Characters a match of ``items`` can start with (over a probe alphabet)."""
    found: set[str] = set()
    for op, av in items:
        if op is _C.AT or op in (_C.ASSERT, _C.ASSERT_NOT):
            continue
        if op is _C.SUBPATTERN:
            found |= _first(list(av[3]), flags)
            if _width(av[3], flags)[0] > 0:
                return frozenset(found)
            continue
        if op is _C.BRANCH:
            for branch in av[1]:
                found |= _first(list(branch), flags)
            return frozenset(found)
        if _repeat(op) or op is getattr(_C, "POSSESSIVE_REPEAT", None):
            found |= _first(list(av[2]), flags)
            if av[0] > 0:
                return frozenset(found)
            continue
        return frozenset(found | _chars((op, av), flags))
    return frozenset(found)


def _width(items: Sequence[Any], flags: _Flags) -> tuple[int, int]:
    low, high = sre_parse.SubPattern(flags.parsed, list(items)).getwidth()
    return int(low), int(high)


_KNOWN: dict[tuple[str, str, int], frozenset[str]] = {}


def _chars(item: tuple[Any, Any], flags: _Flags) -> frozenset[str]:
    """Probe characters one single-character item matches; all of them when unsure."""
    key = (str(item[0]), repr(item[1]), flags.value)
    if key not in _KNOWN:
        _KNOWN[key] = _probe(item, flags)
    return _KNOWN[key]


def _probe(item: tuple[Any, Any], flags: _Flags) -> frozenset[str]:
    op, av = item
    if op is _C.LITERAL:
        test = _equal(chr(av), flags)
    elif op is _C.NOT_LITERAL:
        test = _negate(_equal(chr(av), flags))
    elif op is _C.ANY:
        test = (lambda ch: True) if flags.dotall else (lambda ch: ch != "\n")
    elif op is _C.IN:
        test = _in_set(av, flags)
    else:
        return frozenset(_PROBE)
    return frozenset(ch for ch in _PROBE if test(ch))


def _equal(char: str, flags: _Flags) -> Any:
    if flags.ignorecase:
        return lambda ch: ch.lower() == char.lower()
    return lambda ch: ch == char


def _in_range(low: int, high: int, flags: _Flags) -> Any:
    def test(ch: str) -> bool:
        forms = {ch, ch.lower(), ch.upper()} if flags.ignorecase else {ch}
        return any(len(c) == 1 and low <= ord(c) <= high for c in forms)

    return test


def _negate(test: Any) -> Any:
    return lambda ch: not test(ch)


def _in_set(members: Sequence[Any], flags: _Flags) -> Any:
    negated = bool(members) and members[0][0] is _C.NEGATE
    tests = []
    for op, av in members[1:] if negated else members:
        if op is _C.LITERAL:
            tests.append(_equal(chr(av), flags))
        elif op is _C.RANGE:
            low, high = av
            tests.append(_in_range(low, high, flags))
        elif op is _C.CATEGORY:
            name = str(av)
            base = _CATEGORIES.get(name.replace("NOT_", "").replace("UNI_", ""))
            if base is None:
                return lambda ch: True
            tests.append(_negate(base) if "NOT_" in name else base)
        else:
            return lambda ch: True

    def member(ch: str) -> bool:
        return any(test(ch) for test in tests) != negated

    return member


@dataclass(frozen=True)
class _Atom:
    chars: frozenset[str]
    unbounded: bool = False  # a repetition without a (small) upper bound
    needed: bool = False  # must match at least one character
    fails: bool = False  # can fail to match, so forces backtracking into what came before
    anchor: bool = False  # ``^``: the pattern is tried at the start only


_ANCHOR = _Atom(frozenset(), anchor=True)
_CHECK = _Atom(frozenset(), fails=True)  # ``$``, a lookaround
_MAX_PATHS = 256
_Look = tuple[Sequence[Any], bool]  # a lookaround's own items; whether it sits at ``^``
_ENDS = ("AT_END", "AT_END_STRING", "AT_END_LINE")


def _chains(items: Sequence[Any], flags: _Flags, *, anchored: bool = False) -> str | None:
    """Unbounded repetitions that can trade characters, along each path of the pattern."""
    for path, looks in _expand(list(items), flags):
        starts_anchored = anchored or (bool(path) and path[0].anchor)
        factors = _factors(path, anchored=starts_anchored)
        if factors > MAX_FACTORS:
            return (
                "its repetitions can trade the same characters between them, which takes "
                f"time growing like the text's length to the power {factors}"
            )
        for inner, at_start in looks:
            found = _chains(inner, flags, anchored=at_start and starts_anchored)
            if found:
                return found
    return None


def _expand(items: list[Any], flags: _Flags) -> list[tuple[list[_Atom], list[_Look]]]:
    """Each way through the alternatives and optional parts, as atoms, with the
    lookarounds on it."""
    paths: list[tuple[list[_Atom], list[_Look]]] = [([], [])]
    for op, av in items:
        options: list[tuple[list[_Atom], list[_Look]]]
        if op is _C.AT:
            start = av is _C.AT_BEGINNING_STRING or (
                av is _C.AT_BEGINNING and not flags.multiline
            )
            atom = _ANCHOR if start else _CHECK if str(av) in _ENDS else None
            options = [([atom] if atom else [], [])]
        elif op in (_C.ASSERT, _C.ASSERT_NOT):
            paths = [([*p, _CHECK], [*looks, (av[1], all(a.anchor for a in p))])
                     for p, looks in paths]
            continue
        elif op is _C.SUBPATTERN:
            options = _expand(list(av[3]), flags)
        elif op is _C.BRANCH:
            options = [o for branch in av[1] for o in _expand(list(branch), flags)]
        elif _repeat(op) and av[1] <= 1:  # x? or x{1}: with it, and (x?) without it
            options = _expand(list(av[2]), flags) + ([([], [])] if av[0] == 0 else [])
        elif _repeat(op):
            low, high, body = av
            chars = _all_chars(body, flags)
            options = [([_Atom(chars, unbounded=high > BIG, needed=low > 0, fails=low > 0)],
                        [])]
        else:
            needed = _width([(op, av)], flags)[0] > 0
            options = [([_Atom(_all_chars([(op, av)], flags), needed=needed, fails=True)], [])]
        paths = [(p + o, looks + more) for p, looks in paths for o, more in options]
        if len(paths) > _MAX_PATHS:  # keep those holding the most repetitions
            paths = sorted(paths, key=lambda x: -sum(a.unbounded for a in x[0]))[:_MAX_PATHS]
    return paths


def _all_chars(items: Sequence[Any], flags: _Flags) -> frozenset[str]:
    """Every probe character some part of ``items`` may consume."""
    found: set[str] = set()
    for op, av in items:
        if op is _C.SUBPATTERN:
            found |= _all_chars(av[3], flags)
        elif op is _C.BRANCH:
            for branch in av[1]:
                found |= _all_chars(branch, flags)
        elif _repeat(op) or op is getattr(_C, "POSSESSIVE_REPEAT", None):
            found |= _all_chars(av[2], flags)
        elif op is getattr(_C, "ATOMIC_GROUP", None):
            found |= _all_chars(av, flags)
        elif op in (_C.AT, _C.ASSERT, _C.ASSERT_NOT):
            continue
        else:
            found |= _chars((op, av), flags)
    return frozenset(found)


def _factors(path: list[_Atom], *, anchored: bool) -> int:
    """How many factors of the text's length the worst backtracking on ``path`` costs.

    A chain is unbounded repetitions that can all trade one stretch of text: each pair
    shares characters, and what must match between them can be a character the earlier
    one takes too (hostile text is made of such characters).
    Only repetitions before something that can fail count (after them the first try
    succeeds). A search that is not anchored adds a factor when what comes before the
    chain can recur inside the stretch it trades.
    """
    last = max((i for i, atom in enumerate(path) if atom.fails), default=-1)
    spots = [i for i, atom in enumerate(path[:last]) if atom.unbounded]
    best = 0 if anchored else 1
    chains: dict[int, list[list[int]]] = {}
    for j in spots:
        grown = [[j]]
        for i in spots:
            if i >= j:
                break
            grown += [[*c, j] for c in chains.get(i, []) if all(_trade(path, k, j) for k in c)]
        grown.sort(key=len, reverse=True)
        chains[j] = grown[:8]
        for chain in grown:
            best = max(best, len(chain) + _search_factor(path, chain[0], anchored=anchored))
    return best


def _search_factor(path: list[_Atom], first: int, *, anchored: bool) -> int:
    if anchored:
        return 0
    chars = path[first].chars
    return int(all(a.chars & chars for a in path[:first] if a.needed))


def _trade(path: list[_Atom], i: int, j: int) -> bool:
    first, last = path[i], path[j]
    if not first.chars & last.chars:
        return False
    return all(a.chars & first.chars for a in path[i + 1 : j] if a.needed)
