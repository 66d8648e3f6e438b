"""Two `evidencer brag` processes on one store at the same time both succeed, alike.

The fake GitHub server makes them meet at their first call, so both have written their
git evidence and then write GitHub's at once: SQLite's WAL and busy timeout must hold.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import sqlite3
import subprocess
import sys
import threading
from pathlib import Path

from evidencer.store.sqlite import EvidenceStore
from tests.support.bighistory import build_repo
from tests.support.github.data import ChangedFile
from tests.support.github.fixtures import TEST_TOKEN
from tests.support.github.gate import WAIT, GatedGitHub, gated_server_fixture  # noqa: F401

REPO = "acme/widgets"
WHEN = dt.datetime(2026, 3, 2, 10, tzinfo=dt.timezone.utc)


def start(repo: Path, server: GatedGitHub, store: Path, out: Path) -> subprocess.Popen[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("GITHUB_", "GH_"))}
    env.update(GITHUB_TOKEN=TEST_TOKEN, GITHUB_API_URL=server.api_url)
    return subprocess.Popen(
        [sys.executable, "-m", "evidencer", "brag", "--repo", str(repo), "--store", str(store),
         "--format", "json", "-o", str(out), "--author", "alice@example.com",
         "--since", "2026-01-01", "--until", "2026-12-31"],
        cwd=out.parent, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )


def test_two_brag_runs_on_one_store_at_once_both_succeed_with_the_same_items(
    tmp_path: Path, gated_server: GatedGitHub
) -> None:
    repo = build_repo(tmp_path / "widgets", 1500)
    for number in range(20_001, 20_151):  # 150 PRs: two search pages, a files call each
        gated_server.data.add_pr(REPO, number=number, title=f"Faster export {number}",
                                 user="alice", created_at=WHEN, merged_at=WHEN,
                                 files=[ChangedFile(f"src/export{number}.py")])
    meeting = gated_server.meet(r"^/user$", parties=2)
    store = tmp_path / "store.sqlite3"
    runs = [start(repo, gated_server, store, tmp_path / f"run{n}.json") for n in (1, 2)]
    errors = []
    for run in runs:
        _, err = run.communicate(timeout=WAIT * 2)
        errors.append(err)
        assert run.returncode == 0, err

    assert meeting.seen == 2 and not meeting.barrier.broken  # they did run at the same time
    assert not any("locked" in err for err in errors), errors
    documents = [json.loads((tmp_path / f"run{n}.json").read_text()) for n in (1, 2)]
    ids = [sorted(item["id"] for item in doc["items"]) for doc in documents]
    assert ids[0] == ids[1]
    assert len(ids[0]) == 1500 + 150
    with sqlite3.connect(store) as db:
        assert db.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        assert db.execute("SELECT COUNT(*) FROM items").fetchone() == (1650,)


def test_opening_the_store_waits_for_another_run_switching_it_to_wal(tmp_path: Path) -> None:
    """SQLite answers a journal-mode switch "locked" at once, without waiting, while another
    connection writes: the store waits for it as for any other write."""
    path = tmp_path / "store.sqlite3"
    other = sqlite3.connect(path, isolation_level=None)
    # a store another run is still creating
    other.execute("CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)")
    other.execute("BEGIN IMMEDIATE")
    other.execute("INSERT INTO meta VALUES ('early', '1')")
    opened: list[BaseException | int] = []

    def open_store() -> None:
        try:
            with EvidenceStore(path) as store:
                opened.append(store.count())
        except BaseException as exc:
            opened.append(exc)

    thread = threading.Thread(target=open_store)
    thread.start()
    thread.join(0.3)  # long enough for the store to meet the lock (a wait, not an assertion)
    other.execute("COMMIT")
    other.close()
    thread.join(WAIT)
    assert opened == [0]
