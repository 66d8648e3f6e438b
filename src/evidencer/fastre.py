"""Case-insensitive rubric regexes made fast: the same pattern, lowercased, run on lowered text.

Python's ``re.IGNORECASE`` folds case at every step and loses the literal-prefix scan,
which made classification the slowest stage on long histories. A pattern whose case
folding can be done on its literals ahead of time is rewritten that way; any other
pattern (backreferences, case-sensitive groups, exotic ranges) is left as it was.
"""

from __future__ import annotations

import importlib
import re
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

    def __init__(self, compiled: re.Pattern[str], *, leading_boundary: bool) -> None:
        self.compiled = compiled
        self.leading_boundary = leading_boundary

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


def _strip_leading_boundary(data: list[Any]) -> bool:
    """Remove a ``\\b`` every match starts with: first in the pattern, or first in
    every branch of a pattern that is one alternation."""
    boundary = (_C.AT, _C.AT_BOUNDARY)
    if len(data) > 1 and data[0] == boundary:
        del data[0]
        return True
    if len(data) == 1 and data[0][0] is _C.BRANCH:
        branches = data[0][1][1]
        if all(len(b.data) > 1 and b.data[0] == boundary for b in branches):
            for branch in branches:
                del branch.data[0]
            return True
    return False


def _is_word(char: str) -> bool:
    return char.isalnum() or char == "_"


def _boundary(text: str, at: int) -> bool:
    before = at > 0 and _is_word(text[at - 1])
    after = at < len(text) and _is_word(text[at])
    return before != after


def lowered(pattern: re.Pattern[str]) -> FastPattern | None:
    """A fast equivalent of ``pattern`` to run on ``text.lower()``, or None if unsafe.

    Callers use ``pattern`` itself on the original text when this returns None.
    """
    if not pattern.flags & re.IGNORECASE:
        return None
    try:
        tree = sre_parse.parse(pattern.pattern, pattern.flags)
        _lower_sequence(tree)
        leading = _strip_leading_boundary(tree.data)
        tree.state.flags &= ~re.IGNORECASE
        compiled: re.Pattern[str] = sre_compile.compile(tree, pattern.flags & ~re.IGNORECASE)
    except (_Unsafe, re.error, TypeError, ValueError, IndexError):
        return None
    return FastPattern(compiled, leading_boundary=leading)


def _lower_char(code: int) -> int:
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
