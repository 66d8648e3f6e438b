"""The one door to git (``gitrun``), against real repositories built with the git CLI:
errors name the repository in one line, stdin feeds ``--no-walk --stdin``, output streams,
and a reader that stops early leaves no git process behind.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

from evidencer.errors import GitError
from evidencer.gitrun import run_git, stream_git
from tests.support.gitrepo import GitRepo


@pytest.fixture
def repo(tmp_path: Path) -> GitRepo:
    made = GitRepo(tmp_path / "widgets")
    for n in range(3):
        made.commit(f"change {n}", files={f"src/f{n}.py": f"x = {n}\n"})
    return made


def test_a_failing_git_command_is_one_line_naming_the_repository(repo: GitRepo) -> None:
    with pytest.raises(GitError) as caught:
        run_git(repo.path, "log", "no-such-branch", "--")
    message = str(caught.value)
    assert message.startswith(f"{repo.path}: git log failed: ")
    assert "no-such-branch" in message
    assert "\n" not in message
    assert "fatal:" not in message


def test_a_missing_directory_is_named_as_missing(tmp_path: Path) -> None:
    missing = tmp_path / "nowhere"
    with pytest.raises(GitError, match="nowhere: no such directory"):
        run_git(missing, "status")


def test_stdin_feeds_no_walk_with_exactly_the_commits_given(repo: GitRepo) -> None:
    shas = run_git(repo.path, "rev-list", "HEAD").decode().split()
    wanted = [shas[2], shas[0]]  # oldest, then newest: git keeps the order it is given
    out = run_git(repo.path, "log", "--no-walk=unsorted", "--stdin", "--format=%H",
                  input_bytes="".join(f"{sha}\n" for sha in wanted).encode())
    assert out.decode().split() == wanted


def test_output_comes_as_bytes_exactly_as_git_writes_it(repo: GitRepo) -> None:
    streamed = b"".join(stream_git(repo.path, "log", "--numstat", "HEAD", chunk_size=64))
    assert streamed == run_git(repo.path, "log", "--numstat", "HEAD")
    assert streamed.count(b"change ") == 3


def _children() -> set[int]:
    """Processes this one started that are still there, zombies included (Linux)."""
    found: set[int] = set()
    for task in Path(f"/proc/{os.getpid()}/task").iterdir():
        found.update(int(pid) for pid in (task / "children").read_text().split())
    return found


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")
def test_a_stream_closed_early_leaves_no_git_process_behind(tmp_path: Path) -> None:
    repo = GitRepo(tmp_path / "long")
    for n in range(40):
        repo.commit(f"change {n}", files={f"src/f{n}.py": "x = 1\n" * 200})
    before = _children()
    chunks = stream_git(repo.path, "log", "-p", "HEAD", chunk_size=256)
    assert next(chunks)  # git is running, with more to write
    assert _children() - before
    chunks.close()  # what an interrupt or an error in the reader does
    assert _children() - before == set()
