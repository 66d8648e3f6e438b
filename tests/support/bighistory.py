"""Long git histories made in seconds with `git fast-import`: one author, fixed dates.

For interrupt and concurrency tests and the memory benchmark; a merged PR every tenth commit.
"""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

AUTHOR = ("Alice Doe", "alice@example.com")
START = 1_767_261_600  # 2026-01-01T10:00:00Z
SUBJECTS = (
    "fix: retry uploads when the connection drops",
    "feat: add CSV export",
    "docs: explain the config file",
    "perf: cache the pricing table",
    "Improve the error message for a missing token",
)


def fast_import_stream(commits: int, *, author: tuple[str, str] = AUTHOR,
                       step: int = 60) -> bytes:
    """``commits`` commits on main, ``step`` seconds apart; every tenth merges a branch."""
    out: list[bytes] = []
    ident = f"{author[0]} <{author[1]}>"
    for index in range(1, commits + 1):
        when = START + index * step
        subject = SUBJECTS[index % len(SUBJECTS)]
        if index % 10 == 0:
            message = f"Merge pull request #{index} from dev/topic-{index}\n\n{subject}\n"
        else:
            message = f"{subject} ({index})\n\nWhy: users asked, #{index}.\n"
        data = message.encode()
        out.append(
            f"commit refs/heads/main\nmark :{index}\n"
            f"author {ident} {when} +0000\ncommitter {ident} {when} +0000\n"
            f"data {len(data)}\n".encode() + data + b"\n"
        )
        if index > 1:
            out.append(f"from :{index - 1}\n".encode())
        blob = f"{index}\n".encode()
        path = f"src/mod{index % 50:02d}/file{index % 7}.py"
        out.append(f"M 100644 inline {path}\ndata {len(blob)}\n".encode() + blob + b"\n\n")
    return b"".join(out)


def build_repo(path: Path, commits: int, *,
               remote: str | None = "https://github.com/acme/widgets.git") -> Path:
    env = {**os.environ, "GIT_CONFIG_NOSYSTEM": "1", "HOME": str(path.parent)}
    path.mkdir(parents=True, exist_ok=True)

    def git(*args: str, data: bytes | None = None) -> None:
        subprocess.run(["git", *args], cwd=path, env=env, input=data, check=True,
                       capture_output=True)

    git("init", "-q", "-b", "main")
    git("fast-import", "--quiet", data=fast_import_stream(commits))
    git("config", "user.email", AUTHOR[1])
    git("config", "user.name", AUTHOR[0])
    if remote:
        git("remote", "add", "origin", remote)
    return path
