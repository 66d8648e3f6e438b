"""The progress line on stderr: drawn in place on a terminal, never otherwise or with -q.

A fake terminal is a StringIO that says it is one; the end-to-end check uses a real pty.
"""

from __future__ import annotations

import datetime as dt
import io
import logging
import os
import pty
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from click.testing import CliRunner

from evidencer.cli.main import cli
from evidencer.cli.progress import ProgressBar, showing_progress
from evidencer.github.api import GitHubAPI
from evidencer.model import Period, Person
from evidencer.sources.github.collect import collect_github
from evidencer.store.sqlite import EvidenceStore
from tests.support.github.data import ChangedFile
from tests.support.github.fixtures import TEST_TOKEN
from tests.support.github.server import FakeGitHub
from tests.support.gitrepo import GitRepo

UTC = dt.timezone.utc
REPO = "acme/widgets"


class FakeTerminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_bar_is_redrawn_in_place_on_one_line() -> None:
    screen = FakeTerminal()
    bar = ProgressBar(screen, enabled=True, columns=80)
    bar("merged pull requests", 50, 200)
    bar("merged pull requests", 200, 200)
    assert screen.getvalue() == (
        "\rGitHub: merged pull requests [#####---------------] 50/200"
        "\rGitHub: merged pull requests [####################] 200/200"
    )


def test_a_shorter_line_blanks_out_what_the_longer_one_left() -> None:
    screen = FakeTerminal()
    bar = ProgressBar(screen, enabled=True, columns=80)
    bar("merged pull requests", 1, 10)
    bar("reviews", 0, 3)
    last = screen.getvalue().rsplit("\r", 1)[1]
    assert last.rstrip(" ") == "GitHub: reviews [--------------------] 0/3"
    assert len(last) == len("GitHub: merged pull requests [##------------------] 1/10")


def test_line_never_reaches_the_terminal_edge() -> None:
    screen = FakeTerminal()
    ProgressBar(screen, enabled=True, columns=30)("a very long name of what is read", 5, 10)
    assert all(len(part) <= 29 for part in screen.getvalue().split("\r"))


def test_clearing_leaves_the_line_empty_for_what_is_printed_next() -> None:
    screen = FakeTerminal()
    with ProgressBar(screen, enabled=True, columns=80) as bar:
        bar("issues opened", 3, 4)
    drawn = "GitHub: issues opened [###############-----] 3/4"
    assert screen.getvalue() == f"\r{drawn}\r{' ' * len(drawn)}\r"


def test_warnings_print_above_the_bar_and_the_bar_comes_back() -> None:
    screen = FakeTerminal()
    with showing_progress(screen, quiet=False) as bar:
        bar.columns = 79
        bar("reviews and merges", 1, 2)
        logging.getLogger("evidencer.github.api").warning("GitHub rate limit on x; waiting 1 s")
    drawn = "GitHub: reviews and merges [##########----------] 1/2"
    blank = f"\r{' ' * len(drawn)}\r"
    assert screen.getvalue() == (
        f"\r{drawn}{blank}evidencer: warning: GitHub rate limit on x; waiting 1 s\n"
        f"\r{drawn}{blank}"
    )


def test_nothing_is_drawn_when_stderr_is_not_a_terminal() -> None:
    stream = io.StringIO()
    with showing_progress(stream, quiet=False) as bar:
        bar("merged pull requests", 5, 10)
        logging.getLogger("evidencer.github.api").warning("waiting 1 s")
    assert stream.getvalue() == "evidencer: warning: waiting 1 s\n"


def test_quiet_draws_nothing_and_prints_no_warnings_even_on_a_terminal() -> None:
    screen = FakeTerminal()
    with showing_progress(screen, quiet=True) as bar:
        bar("merged pull requests", 5, 10)
        logging.getLogger("evidencer.github.api").warning("waiting 1 s")
    assert screen.getvalue() == ""


def test_collection_reports_results_done_as_their_per_item_calls_complete(
    gh_server: FakeGitHub, gh_api: GitHubAPI, tmp_path: Path
) -> None:
    for n in range(130):
        day = dt.datetime(2024, 1 + n % 12, 1, 10, tzinfo=UTC)
        gh_server.data.add_pr(REPO, title=f"Change {n}", user="alice", created_at=day,
                              merged_at=day, files=[ChangedFile(f"src/m{n}.py")])
    seen: list[tuple[str, int, int]] = []
    with EvidenceStore(tmp_path / "store.sqlite3") as store:
        collect_github(api=gh_api, repos=[REPO], people=[Person(logins=("alice",))],
                       period=Period(dt.date(2024, 1, 1), dt.date(2024, 12, 31)), store=store,
                       progress=lambda what, done, total: seen.append((what, done, total)))
    merged = [(done, total) for what, done, total in seen if what == "merged pull requests"]
    assert merged[0] == (0, 130)  # the search has answered; no changed files fetched yet
    assert merged[-1] == (130, 130)
    assert [done for done, _ in merged] == sorted(done for done, _ in merged)
    assert len(merged) > 3  # it moved as the per-item calls finished, not only per page


def _brag_args(repo: GitRepo) -> list[str]:
    return ["brag", "--repo", str(repo.path), "--since", "2026-01-01", "--until", "2026-06-30",
            "--store", str(repo.path.parent / "store.sqlite3"), "--author", "alice@example.com",
            "--format", "json"]


def _world(repo: GitRepo, server: FakeGitHub) -> None:
    repo.commit("fix: retry uploads", date="2026-03-02T10:00:00+00:00")
    when = dt.datetime(2026, 3, 2, 10, tzinfo=UTC)
    server.data.add_pr(REPO, title="Retry uploads", user="alice", created_at=when,
                       merged_at=when, files=[ChangedFile("src/upload.py")])


def test_brag_draws_no_progress_when_stderr_is_not_a_terminal(
    repo: GitRepo, gh_server: FakeGitHub
) -> None:
    _world(repo, gh_server)
    env = {"GITHUB_API_URL": gh_server.api_url, "GITHUB_TOKEN": TEST_TOKEN}
    result = CliRunner().invoke(cli, _brag_args(repo), env=env)
    assert result.exit_code == 0, result.output
    assert result.stderr == ""


def _on_a_terminal(args: list[str], env: dict[str, str]) -> tuple[int, str]:
    """Run evidencer with stderr on a real pseudo-terminal; what the terminal received."""
    leader, follower = pty.openpty()
    received: list[bytes] = []

    def read() -> None:
        while True:
            try:
                chunk = os.read(leader, 4096)
            except OSError:  # the child is gone and the follower closed
                return
            if not chunk:
                return
            received.append(chunk)

    reader = threading.Thread(target=read, daemon=True)
    reader.start()
    try:
        done = subprocess.run(
            [sys.executable, "-m", "evidencer", *args], stdout=subprocess.DEVNULL,
            stderr=follower, stdin=subprocess.DEVNULL, env={**os.environ, **env}, timeout=120,
            check=False,
        )
    finally:
        os.close(follower)
    reader.join(timeout=10)
    os.close(leader)
    return done.returncode, b"".join(received).decode("utf-8", "replace")


@pytest.mark.parametrize("quiet", [False, True], ids=["terminal", "quiet"])
def test_brag_on_a_terminal_draws_progress_unless_quiet(
    repo: GitRepo, gh_server: FakeGitHub, quiet: bool
) -> None:
    _world(repo, gh_server)
    env = {"GITHUB_API_URL": gh_server.api_url, "GITHUB_TOKEN": TEST_TOKEN, "COLUMNS": "100"}
    code, screen = _on_a_terminal([*(["-q"] if quiet else []), *_brag_args(repo)], env)
    assert code == 0, screen
    if quiet:
        assert screen == ""
    else:
        assert "\rGitHub: merged pull requests [####################] 1/1" in screen
        assert screen.endswith("\r")  # cleared: the shell prompt starts a clean line
        assert "\n" not in screen.replace("\r\n", "")
    assert TEST_TOKEN not in screen
