"""Who wrote a postmortem and when, from git history, for documents that do not say.

One ``git log`` for all files (renames followed in batches); one blame per incident log.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from evidencer.errors import GitError, Warn
from evidencer.gitrun import run_git
from evidencer.model import Actor

_MAX_RENAME_ROUNDS = 4  # a postmortem moved more often than this is credited to its mover
_CHUNK = 200  # paths per git log, well under any command-line limit
_NUMSTAT_RE = re.compile(r"^(\d+|-)\t(\d+|-)\t(.*)$", re.DOTALL)


@dataclass(frozen=True)
class Authorship:
    """Who created a file (or a log entry), who wrote most of it, and when it began."""

    creator: Actor | None = None
    top_writer: Actor | None = None
    created: dt.datetime | None = None

    @property
    def authors(self) -> tuple[Actor, ...]:
        found = [a for a in (self.creator, self.top_writer) if a is not None]
        if len(found) == 2 and _key(found[0]) == _key(found[1]):
            found = found[:1]
        return tuple(found)


@dataclass
class _Tally:
    lines: dict[str, int] = field(default_factory=dict)  # person key -> lines added
    people: dict[str, Actor] = field(default_factory=dict)
    first: tuple[str, Actor, dt.datetime, str, int] | None = None  # sha, who, when, name, added
    cut: bool = False  # it already existed where a shallow clone's history stops

    def add(self, who: Actor, added: int) -> None:
        key = _key(who)
        self.people.setdefault(key, who)
        self.lines[key] = self.lines.get(key, 0) + added

    def result(self) -> Authorship:
        top = max(self.lines.items(), key=lambda kv: kv[1], default=None)
        creator, created = (self.first[1], self.first[2]) if self.first else (None, None)
        writer = self.people[top[0]] if top and top[1] > 0 else creator
        return Authorship(creator=creator, top_writer=writer, created=created)


def _key(actor: Actor) -> str:
    return (actor.email or actor.name).lower()


def _text(raw: str) -> str:
    # Output is decoded with surrogateescape for exact paths; names want plain text.
    return raw.encode("utf-8", "surrogateescape").decode("utf-8", "replace")


def _author(name: str, email: str) -> Actor:
    return Actor(role="postmortem_author", name=_text(name), email=_text(email).lower())


def file_authorship(repo: Path, paths: Sequence[str], *, warn: Warn) -> dict[str, Authorship]:
    """Creator, main writer and first commit date of each file, following renames."""
    tallies = {path: _Tally() for path in paths}
    try:
        cut = _shallow_cut(repo)
    except GitError as exc:
        warn(f"{repo}: git history for postmortem authorship unavailable: {exc}")
        return {}
    targets: list[tuple[str, str, str | None]] = [(p, p, None) for p in paths]  # file, name, rev
    try:
        for _ in range(_MAX_RENAME_ROUNDS):
            if not targets:
                break
            round_first: dict[str, tuple[str, Actor, dt.datetime, str, int]] = {}
            by_rev: dict[str | None, list[tuple[str, str]]] = {}
            for path, name, rev in targets:
                by_rev.setdefault(rev, []).append((path, name))
            for rev, group in by_rev.items():
                for start in range(0, len(group), _CHUNK):
                    _log(repo, rev, group[start : start + _CHUNK], tallies, round_first, cut)
            targets = []
            renames = _renames(repo, {first[0] for first in round_first.values()})
            for path, first in round_first.items():
                tallies[path].first = first
                sha, who, _, name, added = first
                if (sha, name) in renames:
                    old, changed = renames[sha, name]
                    # The log saw the move as an addition of every line; count the real edit.
                    tallies[path].add(who, changed - added)
                    targets.append((path, old, f"{sha}^"))
    except GitError as exc:
        warn(f"{repo}: git history for postmortem authorship unavailable: {exc}")
    unknown = sum(tally.cut for tally in tallies.values())
    if unknown:
        warn(f"{repo}: shallow clone: {unknown} postmortem(s) are older than its history, so "
             "git cannot say who wrote them; fetch all history (actions/checkout fetch-depth: 0)")
    return {path: tally.result() for path, tally in tallies.items()
            if tally.first and not tally.cut}


def _shallow_cut(repo: Path) -> frozenset[str]:
    """The commits where a shallow clone's history stops; empty for a full clone."""
    if run_git(repo, "rev-parse", "--is-shallow-repository").strip() != b"true":
        return frozenset()
    shallow = run_git(repo, "rev-parse", "--git-path", "shallow").decode().strip()
    try:
        return frozenset((repo / shallow).read_text(encoding="ascii").split())
    except (OSError, UnicodeDecodeError):
        return frozenset()


def _log(
    repo: Path,
    rev: str | None,
    group: Sequence[tuple[str, str]],
    tallies: dict[str, _Tally],
    round_first: dict[str, tuple[str, Actor, dt.datetime, str, int]],
    cut: frozenset[str],
) -> None:
    owners = {name: path for path, name in group}
    output = run_git(
        repo, "log", *([rev] if rev else []), "--no-merges", "--no-renames", "-z", "--numstat",
        "--format=%x1e%H%x1f%an%x1f%ae%x1f%at", "--", *owners,
    ).decode("utf-8", "surrogateescape")
    for record in output.split("\x1e")[1:]:
        header, _, rest = record.partition("\0")
        fields = header.split("\x1f")
        if len(fields) != 4 or not fields[3].strip().isdigit():
            continue
        sha, who = fields[0], _author(fields[1], fields[2])
        when = dt.datetime.fromtimestamp(int(fields[3]), tz=dt.timezone.utc)
        for token in rest.split("\0"):
            entry = _NUMSTAT_RE.match(token.lstrip("\n"))
            if entry and entry.group(3) in owners:
                path = owners[entry.group(3)]
                if sha in cut:
                    # A shallow clone's first commit "adds" every file by whoever made it.
                    tallies[path].cut = True
                    continue
                added = int(entry.group(1)) if entry.group(1) != "-" else 0
                tallies[path].add(who, added)
                # Newest first: the last commit seen is where this name began.
                round_first[path] = (sha, who, when, entry.group(3), added)


def _renames(repo: Path, shas: set[str]) -> dict[tuple[str, str], tuple[str, int]]:
    """(commit, new name) -> (old name, lines added) for every rename in those commits."""
    if not shas:
        return {}
    output = run_git(
        repo, "diff-tree", "--stdin", "-r", "-M", "-z", "--numstat", "--root",
        input_bytes="".join(f"{sha}\n" for sha in sorted(shas)).encode(),
    ).decode("utf-8", "surrogateescape")
    found: dict[tuple[str, str], tuple[str, int]] = {}
    tokens = output.split("\0")
    commit = ""
    index = 0
    while index < len(tokens):
        token = tokens[index].lstrip("\n")
        index += 1
        entry = _NUMSTAT_RE.match(token)
        if entry is None:
            commit = token.strip() or commit
        elif entry.group(3) == "" and index + 1 < len(tokens):
            old, new = tokens[index], tokens[index + 1]
            index += 2
            added = int(entry.group(1)) if entry.group(1) != "-" else 0
            found[commit, new] = (old, added)
    return found


def section_authorship(
    repo: Path, path: str, sections: Sequence[tuple[int, int]], *, warn: Warn
) -> list[Authorship]:
    """For each (first line, last line) of a log file: who wrote that entry, and when.

    The creator is whoever wrote the entry's heading line; the main writer has the most
    non-blank lines in it now. Uncommitted lines count for nobody.
    """
    try:
        cut = _shallow_cut(repo)
        output = run_git(repo, "blame", "--root", "--porcelain", "--", path)
    except GitError as exc:
        warn(f"{path}:1: git blame unavailable, incidents in this log have no git author: {exc}")
        return [Authorship() for _ in sections]
    commits: dict[str, dict[str, str]] = {}
    line_sha: dict[int, tuple[str, bool]] = {}  # final line -> commit, whether non-blank
    current = ""
    final = 0
    for raw in output.decode("utf-8", "replace").split("\n"):
        if raw.startswith("\t"):
            line_sha[final] = (current, bool(raw[1:].strip()))
        elif header := re.match(r"^([0-9a-f]{40,64}) \d+ (\d+)", raw):
            current, final = header.group(1), int(header.group(2))
            commits.setdefault(current, {})
        elif current and " " in raw:
            key, _, value = raw.partition(" ")
            commits[current].setdefault(key, value)
    results = []
    unknown = 0
    for first, last in sections:
        tally = _Tally()
        if line_sha.get(first, ("", False))[0] in cut:
            unknown += 1  # the entry predates a shallow clone's history
            results.append(Authorship())
            continue
        for number in range(first, last + 1):
            sha, non_blank = line_sha.get(number, ("", False))
            info = commits.get(sha)
            if info is None or set(sha) == {"0"} or sha in cut or not non_blank:
                continue  # uncommitted, or older than a shallow clone: nobody we know
            who = _author(info.get("author", ""), info.get("author-mail", "").strip("<>"))
            tally.add(who, 1)
            if tally.first is None:  # the heading line, unless it is uncommitted
                stamp = info.get("author-time", "")
                when = dt.datetime.fromtimestamp(int(stamp) if stamp.isdigit() else 0,
                                                 tz=dt.timezone.utc)
                tally.first = (sha, who, when, path, 1)
        results.append(tally.result())
    if unknown:
        warn(f"{path}:1: shallow clone: {unknown} incident(s) in this log are older than its "
             "history, so git cannot say who wrote them; fetch all history (fetch-depth: 0)")
    return results
