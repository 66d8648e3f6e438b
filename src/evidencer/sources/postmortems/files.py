"""Postmortem files' bytes, read so that no link can reach a secret beside them.

In a git checkout a postmortem is what git tracks, as git stores it: the blob the index
records, read through one ``git cat-file --batch`` process for all chosen files, never the
work tree. A tracked symlink is a blob whose content is its target; it is followed only to
another tracked regular file inside the checkout, never to ``.git/``, to an untracked or
ignored file (``.env``), out of the checkout, or round a loop; each refusal is one warning.

Outside git (a plain folder) the folder is walked without following linked folders; a
linked file is read only when it leads to a regular file inside the folder and not into a
hidden path (``.git/``, ``.env``); a loop is one warning. Files are opened without following
a final link and without blocking (a FIFO is never waited on), and only regular files of at
most MAX_POSTMORTEM_BYTES are read.
"""

from __future__ import annotations

import errno
import os
import posixpath
import stat
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from evidencer.errors import GitError, Warn
from evidencer.gitrun import run_git, stream_git

__all__ = ["MAX_POSTMORTEM_BYTES", "PostmortemFile", "read_postmortem_files"]

MAX_POSTMORTEM_BYTES = 1 << 20
MAX_LINK_HOPS = 8  # a link to a link to ... a file; past this it is read as a loop
_SKIP_DIRS = frozenset(("node_modules", "__pycache__", "venv", "site-packages"))
_REGULAR_MODES = frozenset(("100644", "100755"))
_LINK_MODE = "120000"


@dataclass(frozen=True)
class PostmortemFile:
    rel: str  # repository path, "/"-separated
    data: bytes


def read_postmortem_files(
    repo: Path, chosen: Callable[[str], bool], warn: Warn
) -> tuple[list[PostmortemFile], bool]:
    """The chosen files' contents, sorted by path, and whether ``repo`` is a git checkout.

    Files that are skipped (binary, too large, a refused link) are named in a warning.
    """
    index = _git_index(repo)
    if index is None:
        found = [f for rel in sorted(set(_walk_files(repo))) if chosen(rel)
                 and (f := _read_plain(repo, rel, warn)) is not None]
        return found, False
    rels = sorted(rel for rel, (mode, _) in index.items()
                  if chosen(rel) and (mode in _REGULAR_MODES or mode == _LINK_MODE))
    return _read_tracked(repo, index, rels, warn), True


# --- a git checkout: blobs, never the work tree -------------------------------------------


def _git_index(repo: Path) -> dict[str, tuple[str, str]] | None:
    """Every tracked path with its mode and blob id, or None when not a git checkout."""
    try:
        output = run_git(repo, "ls-files", "-z", "--stage")
    except GitError:
        return None  # not a git checkout (or no git): walk the folder instead
    index: dict[str, tuple[str, str]] = {}
    for record in output.split(b"\0"):
        head, tab, name = record.partition(b"\t")
        fields = head.split()
        if tab and len(fields) == 3:
            # A conflicted path is listed once per stage: the first (the base) will do.
            index.setdefault(os.fsdecode(name), (fields[0].decode(), fields[1].decode()))
    return index


def _read_tracked(
    repo: Path, index: dict[str, tuple[str, str]], rels: list[str], warn: Warn
) -> list[PostmortemFile]:
    blobs = _cat_blobs(repo, [index[rel][1] for rel in rels])
    # rel -> the path its link chain has reached so far; resolved in rounds, one process each.
    pending = {rel: rel for rel in rels if index[rel][0] == _LINK_MODE}
    seen: dict[str, set[str]] = {rel: {rel} for rel in pending}
    target_of: dict[str, str] = {rel: rel for rel in rels if rel not in pending}
    for _ in range(MAX_LINK_HOPS):
        if not pending:
            break
        advanced: dict[str, str] = {}
        for rel, at in pending.items():
            content = blobs.get(index[at][1])
            if not isinstance(content, bytes):
                warn(f"{rel}:1: symlink cannot be read from git; skipped")
                continue
            target, problem = _link_target(at, os.fsdecode(content), index)
            if problem:
                warn(f"{rel}:1: {problem}; skipped")
            elif index[target][0] != _LINK_MODE:
                target_of[rel] = target
            elif target in seen[rel]:
                warn(f"{rel}:1: symlink loop; skipped")
            else:
                seen[rel].add(target)
                advanced[rel] = target
        pending = advanced
        wanted = [index[t][1] for t in [*pending.values(), *target_of.values()]]
        blobs.update(_cat_blobs(repo, [oid for oid in wanted if oid not in blobs]))
    for rel in pending:
        warn(f"{rel}:1: symlink loop; skipped")
    found = []
    for rel in rels:
        if rel not in target_of:
            continue
        content = blobs.get(index[target_of[rel]][1])
        if isinstance(content, int):
            warn(f"{rel}:1: {content} bytes is over the 1 MiB limit for a postmortem; skipped")
        elif content is None:
            warn(f"{rel}:1: cannot be read from git (object missing); skipped")
        elif _usable_bytes(content, rel, warn):
            found.append(PostmortemFile(rel, content))
    return found


def _link_target(
    at: str, target: str, index: dict[str, tuple[str, str]]
) -> tuple[str, str]:
    """Where the tracked link ``at`` points, as a repository path, or why it is refused.

    Resolved as text against the index, never through the file system: a path that runs
    through another link is not in the index, so it is refused as untracked.
    """
    if not target or target.startswith("/") or "\0" in target:
        return "", "symlink points outside the repository"
    joined = posixpath.normpath(posixpath.join(posixpath.dirname(at), target))
    if joined == ".." or joined.startswith("../"):
        return "", "symlink points outside the repository"
    if any(part.lower() == ".git" for part in joined.split("/")):
        return "", "symlink points into .git"
    entry = index.get(joined)
    if entry is None or not (entry[0] in _REGULAR_MODES or entry[0] == _LINK_MODE):
        return "", "symlink points to a file git does not track"
    return joined, ""


def _cat_blobs(repo: Path, oids: Iterable[str]) -> dict[str, bytes | int]:
    """Blob contents by id from one ``git cat-file --batch``; the size alone when too big.

    Streamed, so a large blob passes through without being held.
    """
    wanted = list(dict.fromkeys(oids))
    if not wanted:
        return {}
    found: dict[str, bytes | int] = {}
    request = ("\n".join(wanted) + "\n").encode()
    for oid, kind, size, content in _batch_records(stream_git(repo, "cat-file", "--batch",
                                                               input_bytes=request)):
        if kind == "blob":
            found[oid] = content if content is not None else size
    return found


def _batch_records(chunks: Iterator[bytes]) -> Iterator[tuple[str, str, int, bytes | None]]:
    """(id, type, size, content or None when over the limit) per ``cat-file --batch`` record."""
    buffer = bytearray()
    current: tuple[str, str, int] | None = None
    kept: bytearray | None = None
    remaining = 0
    for chunk in chunks:
        buffer += chunk
        while buffer:
            if current is None:
                end = buffer.find(b"\n")
                if end < 0:
                    break
                fields = bytes(buffer[:end]).decode("ascii", "replace").split()
                del buffer[: end + 1]
                if len(fields) != 3 or not fields[2].isdigit():
                    continue  # "<id> missing": nothing follows
                current = (fields[0], fields[1], int(fields[2]))
                remaining = current[2] + 1  # the content, then a newline
                kept = bytearray() if current[2] <= MAX_POSTMORTEM_BYTES else None
            take = min(remaining, len(buffer))
            if kept is not None:
                kept += buffer[:take]
            del buffer[:take]
            remaining -= take
            if remaining == 0:
                oid, kind, size = current
                yield oid, kind, size, None if kept is None else bytes(kept[:size])
                current, kept = None, None


# --- a plain folder -----------------------------------------------------------------------


def _walk_files(repo: Path) -> list[str]:
    found: list[str] = []
    for folder, dirs, files in os.walk(repo):  # never into a linked folder
        dirs[:] = [d for d in dirs if not d.startswith(".") and d not in _SKIP_DIRS]
        base = Path(folder).relative_to(repo)
        found.extend((base / name).as_posix() for name in files)
    return found


def _read_plain(repo: Path, rel: str, warn: Warn) -> PostmortemFile | None:
    path = repo / rel
    try:
        if path.is_symlink():
            resolved = _plain_link(repo, rel, warn)
            if resolved is None:
                return None
            path = resolved
        data = _read_regular(path)
    except OSError as exc:
        warn(f"{rel}:1: cannot be read ({exc.strerror or exc}); skipped")
        return None
    if data is None:
        return None  # a FIFO, a device, a folder: not a document
    if len(data) > MAX_POSTMORTEM_BYTES:
        size = path.stat().st_size
        warn(f"{rel}:1: {size} bytes is over the 1 MiB limit for a postmortem; skipped")
        return None
    return PostmortemFile(rel, data) if _usable_bytes(data, rel, warn) else None


def _plain_link(repo: Path, rel: str, warn: Warn) -> Path | None:
    """The real file a link in a plain folder leads to, if it may be read."""
    try:
        target = (repo / rel).resolve(strict=True)
    except RuntimeError:  # Python before 3.13 reports a loop this way
        warn(f"{rel}:1: symlink loop; skipped")
        return None
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            warn(f"{rel}:1: symlink loop; skipped")
        return None  # a broken link: nothing to read, as if absent
    try:
        inside = target.relative_to(repo.resolve())
    except ValueError:
        warn(f"{rel}:1: symlink points outside the repository; skipped")
        return None
    if any(part.lower() == ".git" for part in inside.parts):
        warn(f"{rel}:1: symlink points into .git; skipped")
        return None
    if any(part.startswith(".") for part in inside.parts):
        warn(f"{rel}:1: symlink points to a hidden file; skipped")
        return None
    return target


def _read_regular(path: Path) -> bytes | None:
    """Up to one byte past the limit of a regular file; None when it is not one.

    O_NONBLOCK: opening a FIFO never waits for a writer; O_NOFOLLOW: a link swapped in
    since it was checked is not followed.
    """
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOFOLLOW", 0)
    try:
        fd = os.open(path, flags)
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            return None  # became a link after the check
        raise
    with os.fdopen(fd, "rb") as handle:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            return None
        return handle.read(MAX_POSTMORTEM_BYTES + 1)


def _usable_bytes(data: bytes, rel: str, warn: Warn) -> bool:
    head = data[:8000]
    if b"\0" in head and not head.startswith((b"\xff\xfe", b"\xfe\xff")):
        line = head[: head.index(b"\0")].count(b"\n") + 1
        warn(f"{rel}:{line}: binary file (NUL byte), not a postmortem; skipped")
        return False
    return True
