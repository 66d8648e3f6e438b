"""Write files atomically: readers see the old file or the new one, never half of one;
and read a file only when it is a regular one.

A temporary file beside the target is flushed, synced and renamed over it.
"""

from __future__ import annotations

import contextlib
import os
import stat
import tempfile
from collections.abc import Iterable
from pathlib import Path

from evidencer.errors import EvidencerError, stop_if_signalled


def atomic_write_text(path: Path, text: str) -> None:
    atomic_write_lines(path, [text], newline=False)


def atomic_write_lines(path: Path, lines: Iterable[str], *, newline: bool = True) -> int:
    """Write ``lines`` to ``path`` through a temporary file renamed over it.

    A symbolic link keeps pointing where it did: its target is replaced. A device or a
    pipe (``-o /dev/stdout``) is written as it is: renaming over it would replace it.
    """
    try:
        kind = os.stat(path).st_mode
    except OSError:
        kind = None
    if kind is not None and not stat.S_ISREG(kind) and not stat.S_ISDIR(kind):
        return _write_special(path, lines, newline=newline)
    if path.is_symlink():
        path = path.resolve()
    directory = _writable_folder(path)
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=directory)
    except OSError as exc:
        raise EvidencerError(f"{path}: cannot write: {exc.strerror or exc}") from exc
    count = 0
    try:
        # errors="replace": a lone surrogate ("\ud800" in JSON or YAML) has no UTF-8
        with os.fdopen(fd, "w", encoding="utf-8", errors="replace", newline="\n") as handle:
            for line in lines:
                handle.write(line + ("\n" if newline else ""))
                count += 1
            handle.flush()
            os.fsync(handle.fileno())
        with contextlib.suppress(OSError):
            mode = path.stat().st_mode & 0o777 if path.exists() else 0o644
            os.chmod(tmp, mode)
        stop_if_signalled()
        os.replace(tmp, path)
    except BaseException as exc:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        if isinstance(exc, OSError):
            raise EvidencerError(f"{path}: cannot write: {exc.strerror or exc}") from exc
        raise
    return count


def _write_special(path: Path, lines: Iterable[str], *, newline: bool) -> int:
    count = 0
    try:
        with open(path, "w", encoding="utf-8", errors="replace", newline="\n") as handle:
            for line in lines:
                handle.write(line + ("\n" if newline else ""))
                count += 1
    except OSError as exc:
        raise EvidencerError(f"{path}: cannot write: {exc.strerror or exc}") from exc
    return count


def _writable_folder(path: Path) -> Path:
    """The folder the file goes in; a typo in a path is an error, not a new folder."""
    if path.is_dir():
        raise EvidencerError(f"{path}: cannot write: it is a directory")
    return check_folder(path)


def check_folder(path: Path) -> Path:
    """The folder a file ``path`` will be written in must be there: asked before a run's
    work too, so that a typo does not wait for the end of it."""
    directory = path.parent
    if not directory.exists():
        raise EvidencerError(f"{path}: cannot write: no such directory {directory}")
    if not directory.is_dir():
        raise EvidencerError(f"{path}: cannot write: {directory} is not a directory")
    return directory


class NotRegular(ValueError):
    """A path that is a FIFO, a device, a folder or a socket: never read (a FIFO would be
    waited on forever, /dev/zero read until memory runs out)."""

    def __init__(self, kind: str) -> None:
        super().__init__(kind)
        self.kind = kind  # "a FIFO", "a device", ...


class TooLarge(ValueError):
    def __init__(self, size: int) -> None:
        super().__init__(f"{size} bytes")
        self.size = size


def read_regular(path: Path, limit: int | None = None) -> bytes:
    """The bytes of ``path`` when it is a regular file, of at most ``limit`` bytes.

    Checked before opening and again on the open file: a file swapped for a FIFO in
    between is caught by fstat. Raises NotRegular, TooLarge, or OSError as os raises it.
    """
    info = os.stat(path)
    if not stat.S_ISREG(info.st_mode):
        raise NotRegular(_kind(info.st_mode))
    if limit is not None and info.st_size > limit:
        raise TooLarge(info.st_size)
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    with os.fdopen(fd, "rb") as handle:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise NotRegular(_kind(info.st_mode))
        data = handle.read() if limit is None else handle.read(limit + 1)
    if limit is not None and len(data) > limit:
        raise TooLarge(len(data))
    return data


def _kind(mode: int) -> str:
    if stat.S_ISDIR(mode):
        return "a folder"
    if stat.S_ISFIFO(mode):
        return "a FIFO"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "a special file"
