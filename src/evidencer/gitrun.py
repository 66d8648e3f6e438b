"""The one door to git: every git command evidencer runs goes through here.

GitPython's ``Git`` command interface starts the process; output stays as bytes so
callers decode commit text themselves (commit encodings vary).
"""

from __future__ import annotations

import contextlib
import subprocess
import sys
import threading
from collections.abc import Iterator, Sequence
from pathlib import Path

import git

try:
    import fcntl
except ImportError:  # pragma: no cover - Windows
    fcntl = None  # type: ignore[assignment]

from evidencer.errors import GitError


def run_git(repo: Path, *args: str, input_bytes: bytes | None = None) -> bytes:
    """Run ``git args`` in ``repo`` and return its standard output as bytes."""
    return b"".join(stream_git(repo, *args, input_bytes=input_bytes))


PIPE_BYTES = 1 << 20  # git's output pipe: room for a second of git's writing


def stream_git(
    repo: Path, *args: str, input_bytes: bytes | None = None, chunk_size: int = PIPE_BYTES
) -> Iterator[bytes]:
    """Run ``git args`` in ``repo`` and yield its output in chunks, as git writes it.

    Streaming keeps memory flat on long histories: nothing holds the whole log.
    """
    try:
        handle = git.Git(str(repo)).execute(
            ["git", "-c", "core.quotepath=off", *args],
            as_process=True,
            istream=subprocess.PIPE,
        )
    except git.GitCommandNotFound as exc:  # pragma: no cover - git missing entirely
        raise GitError("git is not installed or not on PATH") from exc
    popen = handle.proc
    assert popen is not None and popen.stdout is not None and popen.stdin is not None
    _widen_pipe(popen.stdout.fileno())
    stdin = popen.stdin
    errors: list[bytes] = []

    def feed() -> None:
        try:
            if input_bytes:
                stdin.write(input_bytes)
        except BrokenPipeError:  # git exited early; its stderr says why
            pass
        finally:
            stdin.close()

    def drain_stderr() -> None:
        if popen.stderr is not None:
            errors.append(popen.stderr.read())

    threads = [threading.Thread(target=feed), threading.Thread(target=drain_stderr)]
    for thread in threads:
        thread.start()
    try:
        # read1: whatever git has written so far, at once; read() would wait to fill it.
        while chunk := popen.stdout.read1(chunk_size):  # type: ignore[attr-defined]
            yield chunk
        status = popen.wait()
    finally:
        if popen.poll() is None:
            popen.kill()
            popen.wait()
        for thread in threads:
            thread.join()
    if status != 0:
        raise GitError(_first_line(b"".join(errors), repo, args))


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
