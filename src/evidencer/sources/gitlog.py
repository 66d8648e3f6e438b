"""Reading ``git log`` output: the formats evidencer asks for, and their parsers.

Records are split on control characters git never writes in names, and decoded one by one.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from evidencer.identity import split_contact

RS, US, GS = "\x1e", "\x1f", "\x1d"
META_FORMAT = (
    f"{RS}%H{US}%P{US}%aN{US}%aE{US}%aI{US}%cI{US}%s{US}"
    f"%(trailers:key=Co-authored-by,valueonly,separator=%x1d){US}"
    f"%(trailers:key=Competency,valueonly,separator=%x1d)"
)
_DETAIL_FORMAT = f"{RS}%H{US}%B{US}%(trailers:key=Competency,valueonly,separator=%x1d){US}"


@dataclass(slots=True)
class Commit:
    """One commit's metadata; held for every commit in the period, so kept small: tuples
    (the empty one is shared) and interned names, which repeat across a history."""

    sha: str
    parents: tuple[str, ...]
    name: str
    email: str
    authored: str
    committed: str
    subject: str
    co_authors: tuple[tuple[str, str], ...]
    body: str = ""
    overrides: Sequence[str] = ()
    paths: Sequence[str] = ()
    additions: int = 0
    deletions: int = 0


def decode(raw: bytes) -> str:
    """Commit text is usually UTF-8; old histories carry Latin-1 bytes without saying so."""
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        return raw.decode("cp1252", errors="replace")


def parse_metadata(chunks: Iterator[bytes]) -> dict[str, Commit]:
    commits: dict[str, Commit] = {}
    for record in records(chunks):
        fields = record.split(US)
        if len(fields) < 9:
            continue
        sha, parents, name, email, authored, committed, subject, co, marks = fields[:9]
        commits[sha] = Commit(
            sha, tuple(parents.split()), sys.intern(name), sys.intern(email), authored,
            committed, subject,
            tuple(split_contact(c) for c in co.split(GS) if c.strip()) if co else (),
            overrides=_overrides(marks) if marks else (),
        )
    return commits


def records(chunks: Iterator[bytes]) -> Iterator[str]:
    """Split git's output on the record separator, decoding each record on its own."""
    pending = b""
    separator = RS.encode()
    for chunk in chunks:
        pending += chunk
        *complete, pending = pending.split(separator)
        for raw in complete:
            if raw.strip():
                yield decode_record(raw)
    if pending.strip():
        yield decode_record(pending)


def decode_record(raw: bytes) -> str:
    """Decode line by line when the whole is not UTF-8: a Latin-1 message must not garble
    the UTF-8 name (from ``.mailmap``, say) or paths beside it."""
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        return "\n".join(
            US.join(decode(part) for part in line.split(US.encode()))
            for line in raw.split(b"\n")
        )


@dataclass
class Details:
    body: str
    overrides: list[str]
    paths: list[str]
    additions: int
    deletions: int


DETAIL_ARGS = ("--numstat", "--diff-merges=first-parent", f"--format={_DETAIL_FORMAT}")


def parse_details(chunks: Iterator[bytes]) -> Iterator[tuple[str, Details]]:
    for record in records(chunks):
        sha, body, overrides, stats = [*record.split(US, 3), "", "", ""][:4]
        paths: list[str] = []
        additions = deletions = 0
        for line in stats.splitlines():
            parts = line.split("\t", 2)
            if len(parts) != 3:
                continue
            added, deleted, path = parts
            paths.append(_rename_target(_unquote(path)))
            additions += int(added) if added.isdigit() else 0
            deletions += int(deleted) if deleted.isdigit() else 0
        yield sha.strip(), Details(
            body=body.strip(),
            overrides=_overrides(overrides),
            paths=paths,
            additions=additions,
            deletions=deletions,
        )


def _overrides(trailers: str) -> list[str]:
    """``Competency:`` trailer values: the person's own word on what an item shows."""
    return [o.strip() for o in trailers.split(GS) if o.strip()]


def apply_details(commit: Commit, details: Details) -> None:
    commit.body = details.body
    commit.overrides = details.overrides
    commit.paths = details.paths
    commit.additions = details.additions
    commit.deletions = details.deletions


def _rename_target(path: str) -> str:
    """numstat writes renames as ``a/{old => new}/f`` or ``old => new``; keep the new name."""
    if " => " not in path:
        return path
    brace = re.match(r"^(?P<pre>.*)\{(?P<old>.*) => (?P<new>.*)\}(?P<post>.*)$", path)
    if brace:
        joined = brace.group("pre") + brace.group("new") + brace.group("post")
        return joined.replace("//", "/")
    return path.split(" => ", 1)[1]


def _unquote(path: str) -> str:
    if not (len(path) >= 2 and path.startswith('"') and path.endswith('"')):
        return path
    raw = path[1:-1].encode("latin-1", "backslashreplace").decode("unicode_escape")
    return decode(raw.encode("latin-1", "replace"))
