"""Carry a person's own words from the old document into the regenerated one.

Text between keep markers survives byte for byte; a block with no place goes to the end.

A block is written ``<!-- evidencer:keep -->`` (or ``<!-- evidencer:keep NAME -->``), the
person's text, then ``<!-- evidencer:end -->``. An old block replaces the new block with
the same NAME; an unnamed one replaces the unnamed block at the same position under the
same heading (compared without case, spacing or digits as a fallback, so "## Value (7)"
still matches "## Value (9)"). Markers inside a block are part of its text: the outermost
pair wins, so nothing between them can be lost.
"""

from __future__ import annotations

import re
from collections import deque
from collections.abc import Iterator
from dataclasses import dataclass

__all__ = ["KEEP_END", "KEPT_NOTES_HEADING", "keep_marker", "merge_kept"]

KEEP_END = "<!-- evidencer:end -->"
KEPT_NOTES_HEADING = "## Kept notes"
MOVED_NAMED = 5  # moved blocks warned about one by one; the rest in one warning

_MARKER = re.compile(r"<!--[ \t]*evidencer:(keep|end)\b(?:[ \t]+([^<>\n]*?))?[ \t]*-->", re.I)
_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")
_HEADING = re.compile(r"^ {0,3}#{1,6}(?:[ \t]+(.*?))?[ \t#]*$")


def keep_marker(name: str | None = None) -> str:
    """The opening marker of a keep block, for templates and for the kept-notes section."""
    return f"<!-- evidencer:keep {name} -->" if name else "<!-- evidencer:keep -->"


@dataclass(frozen=True)
class _Block:
    name: str | None
    start: int  # first character of the kept text, right after the opening marker
    end: int  # first character after the kept text (the end marker, or the end of the file)
    line: int  # line of the opening marker, counted from 1
    heading: str | None = None
    ordinal: int = 0  # position among unnamed blocks under the same heading


class _Lines:
    """Line numbers of increasing offsets, counting each stretch of text once: asking
    for every marker's line from the start made parsing quadratic."""

    def __init__(self, text: str) -> None:
        self.text, self.offset, self.line = text, 0, 1

    def at(self, offset: int) -> int:
        self.line += self.text.count("\n", self.offset, offset)
        self.offset = offset
        return self.line


@dataclass
class _Strays:
    """Markers of one kind that were ignored or kept as text: one warning for them all."""

    first: int = 0
    count: int = 0
    last: int = 0
    opened: int = 0  # for nested markers: the line of the block around the first one

    def add(self, line: int, opened: int = 0) -> None:
        if not self.count:
            self.first, self.opened = line, opened
        self.count += 1
        self.last = line

    def more(self, what: str) -> str:
        if self.count < 2:
            return ""
        return f" (and {self.count - 1:,} more {what}, the last at line {self.last})"


def _scan(text: str, where: str, warnings: list[str]) -> list[_Block]:
    """Find the outermost keep blocks, warning about stray, nested and unclosed markers.

    One pass over the markers with a depth count, so linear in the text, and one
    warning for each kind of stray marker however many there are.
    """
    blocks: list[_Block] = []
    lines = _Lines(text)
    opened: re.Match[str] | None = None
    opened_line = 0
    depth = 0
    nested, unmatched = _Strays(), _Strays()
    for marker in _MARKER.finditer(text):
        line = lines.at(marker.start())
        if marker.group(1).lower() == "keep":
            if opened is not None:
                nested.add(line, opened_line)
            else:
                opened, opened_line = marker, line
            depth += 1
        elif opened is None:
            unmatched.add(line)
        else:
            depth -= 1
            if depth == 0:
                blocks.append(_block(opened, opened_line, marker.start()))
                opened = None
    if unmatched.count:
        warnings.append(
            f"{where}line {unmatched.first}: end marker without a keep marker; ignored"
            + unmatched.more("such end markers")
        )
    if nested.count:
        warnings.append(
            f"{where}line {nested.first}: keep marker inside the block opened at line "
            f"{nested.opened}; kept as text of that block"
            + nested.more("keep markers inside blocks, kept as their text")
        )
    if opened is not None:
        warnings.append(
            f"{where}line {opened_line}: keep block has no end marker "
            f"({KEEP_END}); kept everything to the end of the file"
        )
        blocks.append(_block(opened, opened_line, len(text)))
    return blocks


def _block(opened: re.Match[str], line: int, end: int) -> _Block:
    name = " ".join((opened.group(2) or "").split()) or None
    return _Block(name=name, start=opened.end(), end=end, line=line)


def _headings(text: str, blocks: list[_Block]) -> Iterator[tuple[int, str]]:
    """Headings of the generated text: outside keep blocks and fenced code."""
    outside = list(text)
    for block in blocks:  # blank the kept text, keeping offsets and line breaks
        outside[block.start : block.end] = re.sub(r"[^\n]", " ", text[block.start : block.end])
    fence: str | None = None
    offset = 0
    for line in "".join(outside).split("\n"):
        opener = _FENCE.match(line)
        if fence is not None:
            if opener and opener.group(1)[0] == fence[0] and len(opener.group(1)) >= len(fence):
                fence = None
        elif opener:
            fence = opener.group(1)
        elif heading := _HEADING.match(line.rstrip("\r")):
            yield offset, " ".join((heading.group(1) or "").casefold().split())
        offset += len(line) + 1


def _parse(text: str, where: str, warnings: list[str]) -> list[_Block]:
    blocks = _scan(text, where, warnings)
    headings = list(_headings(text, blocks))
    placed: list[_Block] = []
    counts: dict[str | None, int] = {}
    index = 0
    current: str | None = None
    for block in blocks:
        while index < len(headings) and headings[index][0] < block.start:
            current = headings[index][1]
            index += 1
        ordinal = 0
        if block.name is None:
            ordinal = counts.get(current, 0)
            counts[current] = ordinal + 1
        placed.append(
            _Block(block.name, block.start, block.end, block.line, heading=current, ordinal=ordinal)
        )
    return placed


def _keys(block: _Block) -> tuple[tuple[str, int], tuple[str, int]]:
    """How a block is matched: exactly, then with the digits of its heading ignored."""
    if block.name is not None:
        key = ("name:" + block.name, 0)
        return key, key
    heading = block.heading or ""
    loose = " ".join(re.sub(r"\d+", "", heading).split())
    return ("heading:" + heading, block.ordinal), ("loose:" + loose, block.ordinal)


def _match(old_blocks: list[_Block], new_blocks: list[_Block]) -> dict[int, int]:
    """Pair old blocks with new ones: the new block's index -> the old block's index."""
    pairs: dict[int, int] = {}
    for which in (0, 1):
        free: dict[tuple[str, int], deque[int]] = {}
        for index, block in enumerate(new_blocks):
            if index not in pairs:
                free.setdefault(_keys(block)[which], deque()).append(index)
        placed = set(pairs.values())
        for index, block in enumerate(old_blocks):
            candidates = free.get(_keys(block)[which])
            if index not in placed and candidates:
                pairs[candidates.popleft()] = index
    return pairs


def merge_kept(old: str | None, new: str) -> tuple[str, list[str]]:
    """Put the kept blocks of ``old`` into ``new``; return the document and warnings.

    ``old`` is None (or empty) when there is no previous file. Kept text is copied byte for
    byte; everything outside keep blocks comes from ``new``. Old blocks that have no place
    in ``new`` are appended under ``## Kept notes``, each still inside its markers, so they
    stay in place on the next regeneration too. Warnings name the line of the old
    document (or of the generated one, for a template's own mistakes).
    """
    warnings: list[str] = []
    if not old:
        return new, warnings
    old_blocks = _parse(old, "", warnings)
    if not old_blocks:
        return new, warnings
    new_blocks = _parse(new, "generated document, ", warnings)
    pairs = _match(old_blocks, new_blocks)
    pieces: list[str] = []
    position = 0
    for index in sorted(pairs):  # pieces joined once: no copy of the text per block
        target, source = new_blocks[index], old_blocks[pairs[index]]
        pieces += [new[position : target.start], old[source.start : source.end]]
        position = target.end
    pieces.append(new[position:])
    merged = "".join(pieces)
    placed = set(pairs.values())
    leftovers: list[str] = []
    moved: list[_Block] = []
    for index, block in enumerate(old_blocks):
        text = old[block.start : block.end]
        if index in placed or not text.strip():
            continue  # placed, or nothing but whitespace to keep
        if block.heading != KEPT_NOTES_HEADING.lstrip("# ").casefold():
            moved.append(block)
        leftovers.append(f"{keep_marker(block.name)}{text}{KEEP_END}\n")
    warnings += _moved_warnings(moved)
    if leftovers:
        merged = merged if merged.endswith("\n") or not merged else merged + "\n"
        merged += f"\n{KEPT_NOTES_HEADING}\n\n" + "\n".join(leftovers)
    return merged, warnings


def _label(block: _Block) -> str:
    return f"'{block.name}'" if block.name else "block"


def _moved_warnings(moved: list[_Block]) -> list[str]:
    """One warning a moved block, the first few; then one for all the others."""
    shown = [
        f"line {block.line}: keep {_label(block)} has no "
        f"place in the new document; moved under '{KEPT_NOTES_HEADING}' at the end"
        for block in moved[:MOVED_NAMED]
    ]
    rest = moved[MOVED_NAMED:]
    if rest:
        shown.append(
            f"line {rest[0].line}: {len(rest):,} more keep blocks, the last at line "
            f"{rest[-1].line}, have no place in the new document; moved under "
            f"'{KEPT_NOTES_HEADING}' at the end"
        )
    return shown
