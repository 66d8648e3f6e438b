"""SIGINT and SIGTERM delivered to a real `python -m evidencer brag -o FILE` mid-collection.

The fake GitHub server holds one search until the signal is sent, so the process is
deterministically in the middle of collecting. Afterwards the SQLite store is whole and
keeps what was collected, the output file is the old one byte for byte (no temporary
file is left beside it), and a rerun completes with the new document.
"""

from __future__ import annotations

import datetime as dt
import os
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from evidencer.atomic import atomic_write_text
from evidencer.cli.common import handle_errors, stop_cleanly_on_signals
from evidencer.errors import Terminated, forget_signals, on_signal
from evidencer.model import Actor, Evidence
from evidencer.store.sqlite import EvidenceStore
from tests.support.bighistory import build_repo
from tests.support.github.data import now
from tests.support.github.fixtures import TEST_TOKEN
from tests.support.github.gate import WAIT, GatedGitHub, gated_server_fixture  # noqa: F401
from tests.support.gitrepo import GitRepo

REPO = "acme/widgets"
WHEN = dt.datetime(2026, 3, 2, 10, tzinfo=dt.timezone.utc)
REVIEW_SEARCH = r"^/search/issues\?.*reviewed-by"
# `python -m evidencer`, with SIGINT answered even when this test runs where it is ignored
# (a background job of a shell script): children inherit the ignoring.
EVIDENCER = [sys.executable, "-c", "import runpy, signal, sys; "
             "signal.signal(signal.SIGINT, signal.default_int_handler); "
             "sys.argv[0] = 'evidencer'; runpy.run_module('evidencer', run_name='__main__')"]


def brag(repo: GitRepo, server: GatedGitHub, folder: Path) -> subprocess.Popen[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("GITHUB_", "GH_"))}
    env.update(GITHUB_TOKEN=TEST_TOKEN, GITHUB_API_URL=server.api_url)
    return subprocess.Popen(
        [*EVIDENCER, "brag", "--repo", str(repo.path),
         "--store", str(folder / "store.sqlite3"), "-o", str(folder / "brag.md"),
         "--author", "alice@example.com", "--since", "2026-01-01", "--until", "2026-06-30"],
        cwd=folder, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )


def finish(process: subprocess.Popen[str]) -> tuple[int, str]:
    _, err = process.communicate(timeout=WAIT)
    return process.returncode, err


def integrity(store: Path) -> tuple[str, int]:
    with sqlite3.connect(store) as db:
        (check,) = db.execute("PRAGMA integrity_check").fetchone()
        (count,) = db.execute("SELECT COUNT(*) FROM items").fetchone()
    return str(check), int(count)


@pytest.fixture
def world(tmp_path: Path, gated_server: GatedGitHub) -> GitRepo:
    repo = GitRepo(tmp_path / "widgets")
    repo.commit("fix: retry uploads when S3 times out", files={"src/upload.py": "retry\n"},
                date="2026-03-01T10:00:00+00:00")
    repo.commit("docs: explain the upload limits", files={"docs/upload.md": "limits\n"},
                date="2026-03-03T10:00:00+00:00")
    gated_server.data.add_pr(REPO, number=12, title="Show export progress", user="alice",
                             created_at=WHEN, merged_at=WHEN, labels=["enhancement"])
    return repo


@pytest.mark.parametrize(
    ("signum", "code", "word"),
    [(signal.SIGINT, 130, "interrupted"), (signal.SIGTERM, 143, "terminated")],
)
def test_a_signal_mid_collection_keeps_the_store_whole_and_the_old_document(
    world: GitRepo, gated_server: GatedGitHub, tmp_path: Path,
    signum: signal.Signals, code: int, word: str,
) -> None:
    first = brag(world, gated_server, tmp_path)
    assert finish(first)[0] == 0
    old = (tmp_path / "brag.md").read_bytes()
    assert b"Show export progress" in old
    gated_server.data.add_pr(REPO, number=14, title="Faster CSV export for big accounts",
                             user="alice", created_at=WHEN, merged_at=WHEN, updated_at=now())
    world.commit("fix: keep the column order in exports", files={"src/export.py": "order\n"},
                 date="2026-03-05T10:00:00+00:00")
    held = gated_server.hold(REVIEW_SEARCH)

    second = brag(world, gated_server, tmp_path)
    assert held.arrived.wait(WAIT), "the run never reached the held search"
    second.send_signal(signum)
    held.release.set()
    returncode, err = finish(second)

    assert (returncode, err) == (code, f"evidencer: {word}\n")
    assert (tmp_path / "brag.md").read_bytes() == old
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".brag")) == []
    check, count = integrity(tmp_path / "store.sqlite3")
    assert check == "ok"
    assert count >= 4  # the new commit and PR #14, read before the held search, are kept

    rerun = brag(world, gated_server, tmp_path)
    returncode, err = finish(rerun)
    assert returncode == 0, err
    new = (tmp_path / "brag.md").read_text(encoding="utf-8")
    assert "Faster CSV export for big accounts" in new
    assert "keep the column order in exports" in new


def test_a_signal_while_git_is_read_stops_cleanly_with_no_document(
    world: GitRepo, gated_server: GatedGitHub, tmp_path: Path
) -> None:
    """Interrupted before anything was written: no output file at all, a store that opens."""
    held = gated_server.hold(r"^/user$")  # the first call, right after the git history
    process = brag(world, gated_server, tmp_path)
    assert held.arrived.wait(WAIT)
    process.send_signal(signal.SIGTERM)
    held.release.set()
    returncode, err = finish(process)

    assert (returncode, err) == (143, "evidencer: terminated\n")
    assert list(tmp_path.glob("*brag.md*")) == []
    assert integrity(tmp_path / "store.sqlite3") == ("ok", 2)


def test_a_signal_between_git_batches_keeps_the_batches_already_stored(
    tmp_path: Path,
) -> None:
    """A long history: the signal comes once the first batch of 500 is committed, while
    git still streams the rest; the store holds whole batches and a rerun completes."""
    repo = build_repo(tmp_path / "long", 3000)
    store = tmp_path / "store.sqlite3"
    command = [*EVIDENCER, "brag", "--offline", "--repo", str(repo),
               "--store", str(store), "-o", str(tmp_path / "brag.md"),
               "--author", "alice@example.com", "--since", "2026-01-01", "--until", "2026-12-31"]
    process = subprocess.Popen(command, cwd=tmp_path, stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE, text=True)
    while stored(store) < 500 and process.poll() is None:
        time.sleep(0.01)
    process.send_signal(signal.SIGINT)
    returncode, err = finish(process)

    assert (returncode, err) == (130, "evidencer: interrupted\n")
    check, count = integrity(store)
    assert check == "ok"
    assert count % 500 == 0 and 500 <= count < 3000  # whole batches only
    assert list(tmp_path.glob("*brag.md*")) == []
    rerun = subprocess.run(command, cwd=tmp_path, capture_output=True, text=True, timeout=WAIT)
    assert rerun.returncode == 0, rerun.stderr
    assert integrity(store) == ("ok", 3000)


def stored(store: Path) -> int:
    """Items committed so far, read as another process would (0 before the table exists)."""
    if not store.exists():
        return 0
    try:
        with sqlite3.connect(f"{store.as_uri()}?mode=ro", uri=True) as db:
            return int(db.execute("SELECT COUNT(*) FROM items").fetchone()[0])
    except sqlite3.OperationalError:
        return 0


@pytest.mark.parametrize(("signum", "code"), [(signal.SIGINT, 130), (signal.SIGTERM, 143)])
def test_a_signal_while_a_worker_waits_on_a_stalled_answer_stops_at_once(
    world: GitRepo, gated_server: GatedGitHub, tmp_path: Path, signum: signal.Signals,
    code: int,
) -> None:
    """A per-item call on a worker thread that GitHub does not answer: the signal is
    handled at once, not when the call times out (a minute, or never)."""
    gated_server.graphql = False  # per-item calls go through REST, on the workers
    held = gated_server.hold(r"/pulls/\d+/files|/issues/\d+/timeline")
    process = brag(world, gated_server, tmp_path)
    assert held.arrived.wait(WAIT), "the run never reached a per-item call"
    started = time.monotonic()
    process.send_signal(signum)
    try:
        returncode, _ = finish(process)
        took = time.monotonic() - started
    finally:
        held.release.set()
    assert returncode == code
    assert took < WAIT / 2  # not waiting for the held answer (released only now)
    assert integrity(tmp_path / "store.sqlite3")[0] == "ok"


# -- a signal whose exception is lost on the way -------------------------------------
# Python runs a signal handler wherever the main thread is. Raised inside a weakref
# callback or a `__del__` (the import system's lock clean-up is one), its exception is
# printed as "Exception ignored" and dropped, and the run would finish as if never
# stopped. The record the handler leaves stops it before anything is committed.


@pytest.fixture
def handlers(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[BaseException]]:
    """evidencer's handlers for SIGINT and SIGTERM in this process; the exceptions a
    `__del__` lost are collected instead of printed."""
    lost: list[BaseException] = []
    monkeypatch.setattr(sys, "unraisablehook", lambda unraisable: lost.append(
        unraisable.exc_value))
    before = signal.getsignal(signal.SIGINT), signal.getsignal(signal.SIGTERM)
    signal.signal(signal.SIGINT, signal.default_int_handler)
    stop_cleanly_on_signals()
    yield lost
    signal.signal(signal.SIGINT, before[0])
    signal.signal(signal.SIGTERM, before[1])
    forget_signals()


class _SignalledWhileCollected:
    def __init__(self, signum: int) -> None:
        self.signum = signum

    def __del__(self) -> None:
        os.kill(os.getpid(), self.signum)
        for _ in range(10_000):  # the handler runs in here; its exception goes nowhere
            pass


def lose(signum: int, lost: list[BaseException]) -> None:
    _SignalledWhileCollected(signum)  # collected at once
    assert len(lost) == 1 and isinstance(lost[0], KeyboardInterrupt)


def test_a_lost_sigint_still_keeps_the_old_file(
    tmp_path: Path, handlers: list[BaseException]
) -> None:
    target = tmp_path / "brag.md"
    target.write_text("old\n")
    lose(signal.SIGINT, handlers)
    with pytest.raises(KeyboardInterrupt):
        atomic_write_text(target, "new\n")
    assert target.read_text() == "old\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["brag.md"]


def test_a_lost_sigterm_rolls_back_the_batch(
    tmp_path: Path, handlers: list[BaseException]
) -> None:
    item = Evidence(id="commit:a", kind="commit", repo="acme/widgets", title="Fix crash",
                    date=WHEN, actors=(Actor(login="alice", role="author"),))
    with EvidenceStore(tmp_path / "store.sqlite3") as store:
        lose(signal.SIGTERM, handlers)
        with pytest.raises(Terminated):
            store.upsert([item])
    assert integrity(tmp_path / "store.sqlite3") == ("ok", 0)


def test_a_command_that_finishes_after_a_lost_signal_ends_as_interrupted(
    tmp_path: Path, handlers: list[BaseException]
) -> None:
    @click.command()
    @handle_errors
    def work() -> None:
        lose(signal.SIGINT, handlers)
        click.echo("done")

    result = CliRunner().invoke(work, [])
    assert (result.exit_code, result.output) == (130, "done\nevidencer: interrupted\n")


def test_a_sigint_the_shell_ignores_stays_ignored(handlers: list[BaseException]) -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # a background job of a shell script
    stop_cleanly_on_signals()
    assert signal.getsignal(signal.SIGINT) is signal.SIG_IGN
    assert signal.getsignal(signal.SIGTERM) is on_signal
