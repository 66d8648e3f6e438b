"""The second sweep of bad input through the CLI: history, postmortems, the store, the
Action and ``init``. Each case ended a run with an internal error, hung, or wrote
outside the repository; each is now one line, a warning, or refused.
"""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import pytest

from evidencer.action.event import target_from_event
from evidencer.action.scaffold import init_repository
from evidencer.errors import EvidencerError
from evidencer.model import Actor, Evidence
from evidencer.sources.git.collect import _date
from evidencer.sources.git.graph import MERGE_PR, TITLED_PR
from evidencer.store.sqlite import EvidenceStore
from tests.conftest import Cli
from tests.support.gitrepo import GitRepo

SHA = "a" * 40


@pytest.mark.skipif(not Path("/dev/zero").exists(), reason="no /dev/zero here")
def test_an_event_payload_that_is_a_device_a_fifo_or_nested_deep_is_one_line(
    tmp_path: Path,
) -> None:
    fifo = tmp_path / "fifo"
    os.mkfifo(fifo)
    deep = tmp_path / "deep.json"
    deep.write_text("[" * 100_000 + "]" * 100_000)
    for path, why in ((Path("/dev/zero"), "not a regular file; refused"),
                      (fifo, "not a regular file; refused"),
                      (deep, "not JSON: nested too deeply")):
        with pytest.raises(EvidencerError) as refused:
            target_from_event(path, "pull_request")
        assert str(refused.value) == f"GITHUB_EVENT_PATH ({path}): {why}"


def test_a_pull_request_number_of_thousands_of_digits_is_not_a_pull_request() -> None:
    assert MERGE_PR.match("Merge pull request #" + "9" * 5000 + " from a/b") is None
    assert TITLED_PR.match("fix crash (#" + "9" * 5000 + ")") is None
    assert MERGE_PR.match("Merge pull request #123456789 from a/b") is not None


@pytest.mark.parametrize("text", ["%aI", "3170843-11-07T00:00:00+00:00",
                                  "2026-01-01T00:00:00+99:99", ""])
def test_a_commit_date_python_cannot_read_is_the_epoch_not_the_end_of_the_run(
    text: str,
) -> None:
    assert _date(text) == dt.datetime(1970, 1, 1, tzinfo=dt.timezone.utc)


def test_one_postmortem_python_cannot_hold_is_skipped_with_a_warning(
    repo: GitRepo, run_cli: Cli
) -> None:
    repo.commit("Add postmortems", files={
        "postmortems/2026-03-01-outage.md": "---\ntitle: Outage\n"
        "date: 9999-12-31T23:59:59-12:00\n---\n# Outage\n",
        "postmortems/2026-03-02-slow.md": '---\ntitle: "Slow \\ud800 API"\n'
        "date: 2026-03-02\nincident_commander: alice@example.com\n---\n# Slow API\n",
        "postmortems/2026-03-03-fine.md": "---\ntitle: Fine\ndate: 2026-03-03\n"
        "incident_commander: alice@example.com\n---\n# Fine\n",
    })
    result = run_cli("brag", "--offline", "--repo", repo.path, "--author",
                     "alice@example.com", "--since", "2026-01-01", "--until", "2026-12-31",
                     "--format", "json", "--store", repo.path.parent / "s.db")
    assert result.exit_code == 0, result.stderr
    assert "postmortems/2026-03-01-outage.md" in result.stderr
    assert "skipped" in result.stderr
    assert "Fine" in result.stdout
    assert "Slow" in result.stdout  # a lone surrogate is stored, as JSON's escape of it


def test_a_read_only_store_is_one_line_naming_it(tmp_path: Path) -> None:
    path = tmp_path / "store.sqlite3"
    item = Evidence(id="commit:x", kind="commit", repo="o/r", title="t",
                    date=dt.datetime(2026, 1, 1, tzinfo=dt.timezone.utc),
                    actors=(Actor(role="author", name="A", email="a@x.com"),))
    with EvidenceStore(path) as store:
        store.upsert([item])
    with EvidenceStore(path) as store:
        store._db.execute("PRAGMA query_only = ON")  # as a read-only file makes it
        with pytest.raises(EvidencerError) as refused:
            store.upsert([item])
    assert str(refused.value).startswith(f"{path}: cannot write the evidence store: ")


@pytest.mark.parametrize("link", [".github", ".github/workflows/evidencer.yml"])
def test_init_writes_no_file_through_a_link_out_of_the_repository(
    tmp_path: Path, link: str
) -> None:
    root = tmp_path / "repo"
    (root / ".github" / "workflows").mkdir(parents=True)
    outside = tmp_path / "outside"
    outside.mkdir()
    target = root / link
    if link == ".github":
        for child in sorted(target.rglob("*"), reverse=True):
            child.rmdir()
        target.rmdir()
        target.symlink_to(outside, target_is_directory=True)
    else:
        target.symlink_to(outside / "evidencer.yml")
    for force in (False, True):
        with pytest.raises(EvidencerError) as refused:
            init_repository(root, action="./", force=force)
        assert str(refused.value) == (
            f"{target}: a symbolic link; init writes no file through one")
    assert list(outside.iterdir()) == []


def test_init_refuses_an_action_with_a_trailing_newline(run_cli: Cli, tmp_path: Path) -> None:
    result = run_cli("init", str(tmp_path), "--action", f"acme/evidencer@{SHA}\n")
    assert result.exit_code == 2
    assert not (tmp_path / ".github").exists()


def test_an_error_quoting_what_the_user_typed_stays_one_line(
    repo: GitRepo, run_cli: Cli
) -> None:
    repo.commit("fix: crash on start", files={"a.py": "x = 1\n"})
    store = repo.path.parent / "s.db"
    assert run_cli("collect", "--offline", "--repo", repo.path, "--author",
                   "alice@example.com", "--since", "2000-01-01", "--store", store).exit_code == 0
    result = run_cli("explain", "a\nb", "--offline", "--repo", repo.path, "--author",
                     "alice@example.com", "--since", "2000-01-01", "--store", store)
    assert result.exit_code == 1
    assert result.stderr.startswith("evidencer: error: a b: no such item")
    assert result.stderr.count("\n") == 1, result.stderr


def test_a_partial_clone_away_from_its_server_warns_and_finishes(
    tmp_path: Path, run_cli: Cli
) -> None:
    source = GitRepo(tmp_path / "source")
    source.commit("fix: crash on start", files={"a.py": "x = 1\n"})
    clone = source.partial_clone(tmp_path / "clone")
    result = run_cli("brag", "--offline", "--repo", clone, "--author", "alice@example.com",
                     "--since", "2000-01-01", "--format", "json",
                     "--store", tmp_path / "s.db")
    assert result.exit_code == 0, result.stderr
    assert "git cannot read some files of 1 commit(s)" in result.stderr
    assert "fix: crash on start" in result.stdout


@pytest.mark.parametrize("url", ["http://[::1", "http://127.0.0.1:99999", "http://h:0"])
def test_an_api_root_python_cannot_parse_is_one_line(url: str) -> None:
    from evidencer.errors import GitHubError
    from evidencer.github.api import GitHubAPI

    with pytest.raises(GitHubError, match="is not an http\\(s\\) URL"):
        GitHubAPI(base_url=url)


def test_store_paths_python_cannot_use_are_one_line(tmp_path: Path) -> None:
    from evidencer.store.sqlite import store_path_for

    with pytest.raises(EvidencerError, match="no such user's home folder"):
        store_path_for("~nosuchuser-evidencer/x.db", {})
    with pytest.raises(EvidencerError, match="cannot open the evidence store"):
        EvidenceStore(tmp_path / ("x" * 300 + ".db"))


def test_ids_and_runs_in_bytes_that_are_not_utf8_do_not_break_the_store(
    tmp_path: Path,
) -> None:
    with EvidenceStore(tmp_path / "s.db") as store:
        assert store.get("\udcff") is None  # `explain $'\\xff'`
        store.remember_run({"authors": ["\udcff@x.com"]})
        assert store.last_run() == {"authors": ["\udcff@x.com"]}


def test_a_store_whose_schema_version_is_not_a_number_is_one_line(tmp_path: Path) -> None:
    path = tmp_path / "s.db"
    with EvidenceStore(path) as store:
        store._db.execute("UPDATE meta SET value = 'two' WHERE key = 'schema'")
    with pytest.raises(EvidencerError) as refused:
        EvidenceStore(path)
    assert str(refused.value) == (
        f"{path}: cannot open the evidence store: its schema version 'two' is not a number")


@pytest.mark.parametrize("damage", [
    {"repos": 5}, {"store": 5}, {"store": ["a"]}, {"authors": [1]}, {"since": 5},
    {"rubric": 7}, {"since": "yesterday"},
])
def test_explain_reads_a_damaged_last_run_as_no_last_run(
    repo: GitRepo, run_cli: Cli, damage: dict[str, object]
) -> None:
    repo.commit("fix: crash on start", files={"a.py": "x = 1\n"})
    store = repo.path.parent / "s.db"
    assert run_cli("collect", "--offline", "--repo", repo.path, "--author",
                   "alice@example.com", "--since", "2000-01-01", "--store", store).exit_code == 0
    with EvidenceStore(store) as opened:
        opened.remember_run({"repos": [str(repo.path)], "authors": ["alice@example.com"],
                             "since": "2000-01-01", **damage})
    result = run_cli("explain", "nothing-here", "--offline", "--store", store,
                     "--repo", repo.path)
    assert result.exit_code == 1
    assert result.stderr.startswith("evidencer: error: nothing-here: no such item"), result.stderr
