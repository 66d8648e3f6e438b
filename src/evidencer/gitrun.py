"""The one door to git: every git command evidencer runs goes through here.

One plain ``subprocess`` call per command, output kept as bytes (callers decode commit
text themselves: commit encodings vary). What git is fed and what it says on stderr go
through temporary files, so no thread is needed beside the process and nothing can stall.
"""

from __future__ import annotations

import contextlib
import io
import os
import subprocess
import sys
import tempfile
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import IO, cast

try:
    import fcntl
except ImportError:  # pragma: no cover - Windows
    fcntl = None  # type: ignore[assignment]

from evidencer.errors import GitError

PIPE_BYTES = 1 << 20  # git's output pipe: room for a second of git's writing
# git's messages in English, whatever the user's locale: the first line of an error is
# what the user reads, after "fatal: " is taken off.
_ENGLISH = {"LANGUAGE": "C", "LC_ALL": "C"}


def run_git(repo: Path, *args: str, input_bytes: bytes | None = None) -> bytes:
    """Run ``git args`` in ``repo`` and return its standard output as bytes."""
    return b"".join(stream_git(repo, *args, input_bytes=input_bytes))


def stream_git(
    repo: Path, *args: str, input_bytes: bytes | None = None, chunk_size: int = PIPE_BYTES
) -> Iterator[bytes]:
    """Run ``git args`` in ``repo`` and yield its output in chunks, as git writes it.

    Streaming keeps memory flat on long histories: nothing holds the whole log. A caller
    that stops early (an error, an interrupt) closes the generator: git is killed and
    waited for, never left a zombie.
    """
    with tempfile.TemporaryFile() as errors, _fed(input_bytes) as stdin:
        try:
            popen = subprocess.Popen(
                ["git", "-c", "core.quotepath=off", *args], cwd=repo, stdin=stdin,
                stdout=subprocess.PIPE, stderr=errors, env={**os.environ, **_ENGLISH},
            )
        except (FileNotFoundError, NotADirectoryError) as exc:
            if not Path(repo).is_dir():
                raise GitError(f"{repo}: no such directory") from exc
            raise GitError("git is not installed or not on PATH") from exc  # pragma: no cover
        stdout = cast(io.BufferedReader, popen.stdout)
        _widen_pipe(stdout.fileno())
        try:
            # read1: whatever git has written so far, at once; read() would wait to fill it.
            while chunk := stdout.read1(chunk_size):
                yield chunk
            status = popen.wait()
        finally:
            if popen.poll() is None:
                popen.kill()
                popen.wait()
            stdout.close()
        if status != 0:
            errors.seek(0)
            said = errors.read()
            raise GitError(_first_line(said, repo, args),
                           said=said.decode("utf-8", "replace"))


@contextlib.contextmanager
def _fed(input_bytes: bytes | None) -> Iterator[IO[bytes] | int]:
    """git's standard input: the bytes from a file git reads at its own pace, or nothing."""
    if not input_bytes:
        yield subprocess.DEVNULL
        return
    with tempfile.TemporaryFile() as handle:
        handle.write(input_bytes)
        handle.seek(0)
        yield handle


def _widen_pipe(fd: int) -> None:
    """Let git write well ahead of its reader (Linux only; elsewhere a no-op).

    A reader thread waits for the GIL while the main thread classifies; with the default
    64 KiB pipe git would stall every 64 KiB until it got it.
    """
    if fcntl is None or not sys.platform.startswith("linux"):
        return
    with contextlib.suppress(OSError):  # over /proc/sys/fs/pipe-max-size: keep the default
        fcntl.fcntl(fd, getattr(fcntl, "F_SETPIPE_SZ", 1031), PIPE_BYTES)


def _first_line(err: bytes, repo: Path, args: Sequence[str]) -> str:
    lines = [line.strip() for line in err.decode("utf-8", "replace").splitlines()]
    lines = [line for line in lines if line]
    detail = lines[0] if lines else "failed"
    for prefix in ("fatal: ", "error: "):
        if detail.startswith(prefix):
            detail = detail[len(prefix) :]
    command = args[0] if args else ""
    return f"{repo}: git {command} failed: {detail}"
