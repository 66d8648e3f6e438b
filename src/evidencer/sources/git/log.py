"""Reading ``git log`` output: the formats evidencer asks for, and their parsers.

Records are split on control characters git never writes in names, and decoded one by one.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass

from evidencer.identity import split_contact
from evidencer.vendored import in_tests, sizeless

RS, US, GS = "\x1e", "\x1f", "\x1d"
# Every commit's: who wrote and who committed it, its parents, its subject, and its
# trailers naming co-authors, Competency overrides, what it closes, who reviewed or acked
# it and the pull request it landed (one trailer parse for the six keys; dates come with
# the details).
META_FORMAT = (
    f"{RS}%H{US}%P{US}%aN{US}%aE{US}%cN{US}%cE{US}%ct{US}%s{US}"
    f"%(trailers:key=Co-authored-by,key=Competency,key=Closes,key=Reviewed-by,key=Acked-by,"
    f"key=PR-URL,key=Fixes,key=Fixed,key=Fix,key=Resolves,key=Resolved,key=Resolve,"
    f"key=Closed,key=Close,separator=%x1d)"
)
# ``git log`` for META_FORMAT. "#" separates a trailer too, so that ``Closes #123`` is one
# (curl ends every commit so); "Fixes #12" beside a Co-authored-by line no longer hides
# the co-author, as git ignores a last paragraph whose lines are not all trailers.
META_LOG = ("-c", "trailer.separators=:#", "log", "--use-mailmap", f"--format={META_FORMAT}")
_DETAIL_FORMAT = f"{RS}%H{US}%aI{US}%cI{US}%B{US}"  # trailers came with the metadata


@dataclass(slots=True)
class Commit:
    """One commit's metadata; held for every commit in the period, so kept small: tuples
    (the empty one is shared) and interned names, which repeat across a history."""

    sha: str
    parents: tuple[str, ...]
    name: str
    email: str
    subject: str
    co_authors: tuple[tuple[str, str], ...]
    authored: str = ""
    committed: str = ""
    body: str = ""
    overrides: Sequence[str] = ()
    paths: Sequence[str] = ()
    additions: int = 0
    deletions: int = 0
    vendored: int = 0  # lines of vendored files and lock files (evidencer.vendored)
    tests: int = 0  # lines of the test suite's files (evidencer.vendored.in_tests)
    closes: int = 0  # the number a ``Closes #N`` trailer names, if one does
    # the numbers its closing trailers name (``Fixes #N``, ``Resolves #N``, ``Closes #N``):
    # GitHub closes those issues when the commit reaches the default branch
    fixes: tuple[int, ...] = ()
    # ``PR-URL: https://github.com/owner/repo/pull/N``, as node's and libuv's tools land a
    # pull request: "owner/repo#N", the pull request it landed
    landed: str = ""
    # ``Reviewed-by:`` trailers (Gerrit writes one for each approval, the kernel's
    # maintainers by hand) and ``Acked-by:`` (the kernel's and git's: who looked at the
    # patch and accepted it): who reviewed it
    reviewers: tuple[tuple[str, str], ...] = ()
    # who committed it, where that is someone else than its author: a maintainer who
    # applied or rebased it onto the branch (wagtail's and curl's maintainers land others'
    # commits so), or merged by hand the branch that brought it in (git's); None when its
    # author committed it, or a forge did (noreply@github.com)
    committer: tuple[str, str] | None = None
    # when it was committed (Unix seconds), kept where ``committer`` did and for merges; a
    # branch merged by hand lands its commits when the merge was made
    landed_at: str = ""
    # when it was committed (Unix seconds), whoever committed it
    committed_at: str = ""
    # when a branch merged by hand brought it onto the line (Unix seconds), its author's own
    # branch too: psycopg's maintainer wrote PostgreSQL 18's support in May and July and
    # merged it in September
    merged_at: str = ""
    # committed in an import of the history (collect._forget_imports): its commit date is
    # the import's, not when it landed
    imported: bool = False
    # from a history merged in whole (``git merge --allow-unrelated-histories``): its
    # ``(#N)`` and ``Merge pull request #N`` name another repository's pull requests
    foreign: bool = False
    # whose change it copies, where that is someone else (name, email): a backport or a
    # cherry-pick its message names (``reverts.picked_from``), made again under another
    # author by a squash (aiohttp's maintainer's backports of others' pull requests)
    picked: tuple[str, str] | None = None

    def landed_by(self, name: str, email: str) -> None:
        """Record who landed it for its author (``committer``): not the author under their
        name or address, nor a forge (``noreply@github.com`` commits GitHub's squashes)."""
        if email != self.email and name != self.name \
                and not email.lower().startswith("noreply@"):
            self.committer = (sys.intern(name), sys.intern(email))


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
        sha, parents, name, email, committer, committer_email, when, subject, trailers = \
            fields[:9]
        commit = Commit(sha, tuple(parents.split()), sys.intern(name), sys.intern(email),
                        subject, ())
        commit.landed_by(committer, committer_email)
        commit.committed_at = when
        if commit.committer is not None or len(commit.parents) > 1:
            commit.landed_at = when
        if len(trailers) > 1:  # not just the newline git ends each record with
            _read_trailers(commit, trailers)
        commits[sha] = commit
    return commits


_PULL_URL = re.compile(r"https?://[^/\s]+/([\w.-]+/[\w.-]+)/pull/(\d+)/?$", re.ASCII)


# GitHub's closing keywords, as META_FORMAT asks for them
_CLOSING_KEYS = frozenset(("closes", "closed", "close", "fixes", "fixed", "fix", "resolves",
                           "resolved", "resolve"))


def _read_trailers(commit: Commit, trailers: str) -> None:
    """``Co-authored-by: A <a@x>``, ``Competency: x``, ``Closes #N`` (which git writes
    ``Closes: N``), ``Reviewed-by: A <a@x>`` (and ``Acked-by:``) and ``PR-URL:
    …/owner/repo/pull/N`` trailers,
    keys in any case, into ``commit``; of several ``Closes``, the last number."""
    co_authors: list[tuple[str, str]] = []
    reviewers: list[tuple[str, str]] = []
    overrides: list[str] = []
    fixes: list[int] = []
    for trailer in trailers.split(GS):
        key, _, value = trailer.partition(":")
        key, value = key.strip().lower(), value.strip()
        if not value:
            continue
        if key in _CLOSING_KEYS and (number := value.removeprefix("#")).isdigit() \
                and number.isascii() and len(number) <= 9 and int(number):
            fixes.append(int(number))
        if key == "co-authored-by":
            co_authors.append(split_contact(value))
        elif key in ("reviewed-by", "acked-by"):
            reviewers.append(split_contact(value))
        elif key == "competency":
            overrides.append(value)
        elif key == "closes" and (number := value.removeprefix("#")).isdigit() \
                and number.isascii():
            commit.closes = int(number)
        elif key == "pr-url" and (pull := _PULL_URL.match(value)) is not None:
            commit.landed = f"{pull.group(1)}#{int(pull.group(2))}"
    commit.co_authors, commit.reviewers = tuple(co_authors), tuple(reviewers)
    if fixes:
        commit.fixes = tuple(dict.fromkeys(fixes))
    if overrides:
        commit.overrides = overrides


def records(chunks: Iterator[bytes]) -> Iterator[str]:
    """Split git's output on the record separator, decoding each record on its own."""
    for batch in raw_records(chunks):
        for raw in batch:
            yield decode_record(raw)


def raw_records(chunks: Iterator[bytes]) -> Iterator[list[bytes]]:
    """Whole records, still bytes, a list for each chunk git wrote.

    Only C-level splitting: a reader thread can run this without holding the GIL long.
    """
    pending = b""
    separator = RS.encode()
    for chunk in chunks:
        pending += chunk
        *complete, pending = pending.split(separator)
        complete = [raw for raw in complete if raw.strip()]
        if complete:
            yield complete
    if pending.strip():
        yield [pending]


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
    authored: str
    committed: str
    body: str
    paths: list[str]
    additions: int
    deletions: int
    vendored: int
    tests: int


DETAIL_ARGS = ("--numstat", "--diff-merges=first-parent", f"--format={_DETAIL_FORMAT}")


def parse_detail(
    raw: bytes, generated: Callable[[str], bool] | None = None
) -> tuple[str, Details]:
    """One record of ``DETAIL_ARGS`` output: message, trailers and numstat lines.
    ``generated``: the paths the repository marks generated or vendored (attributes.py),
    whose lines count as vendored lines too."""
    record = decode_record(raw)
    sha, authored, committed, body, stats = [*record.split(US, 4), *[""] * 4][:5]
    paths: list[str] = []
    additions = deletions = in_vendored = of_tests = 0
    for line in stats.splitlines():
        parts = line.split("\t", 2)
        if len(parts) != 3:
            continue
        added, deleted, path = parts
        if path[:1] == '"':
            path = _unquote(path)
        path = _rename_target(path) if " => " in path else path
        paths.append(path)
        plus = int(added) if added.isdigit() else 0  # "-" for a binary file
        minus = int(deleted) if deleted.isdigit() else 0
        additions += plus
        deletions += minus
        if sizeless(path) or (generated is not None and generated(path)):
            in_vendored += plus + minus
        elif in_tests(path):
            of_tests += plus + minus
    return sha.strip(), Details(
        authored=authored,
        committed=committed,
        body=body.strip(),
        paths=paths,
        additions=additions,
        deletions=deletions,
        vendored=in_vendored,
        tests=of_tests,
    )


def apply_details(commit: Commit, details: Details) -> None:
    commit.authored = details.authored
    commit.committed = details.committed
    commit.body = details.body
    commit.paths = details.paths
    commit.additions = details.additions
    commit.deletions = details.deletions
    commit.vendored = details.vendored
    commit.tests = details.tests


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
