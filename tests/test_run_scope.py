"""A run reports what it was asked about: the store is a cache shared by every run.

Two real repositories share one store; a rewritten history takes its dropped commits
out of the store and the document.
"""

from __future__ import annotations

import dataclasses
import json
import subprocess
from pathlib import Path
from typing import Any

import pytest

from evidencer.store.sqlite import EvidenceStore
from tests.conftest import Cli
from tests.support.gitrepo import GitRepo

YEAR = ("--since", "2026-01-01", "--until", "2026-12-31")


@pytest.fixture
def flask_like(tmp_path: Path) -> GitRepo:
    repo = GitRepo(tmp_path / "web", remote="https://github.com/acme/web.git")
    repo.commit("fix: retry uploads that time out", files={"src/upload.py": "retry\n"})
    repo.commit("Show a clear error when the export fails", files={"src/export.py": "e\n"})
    return repo


@pytest.fixture
def numpy_like(tmp_path: Path) -> GitRepo:
    repo = GitRepo(tmp_path / "engine", remote="git@github.com:acme/engine.git")
    repo.commit("perf: cut query time from 40 s to 3 s", files={"src/query.py": "fast\n"})
    return repo


def repos_of(report: dict[str, Any]) -> set[str]:
    return {item["repo"] for item in report["items"]}


def test_brag_on_a_second_repository_shows_only_that_repository(
    run_cli: Cli, flask_like: GitRepo, numpy_like: GitRepo
) -> None:
    first = run_cli.brag_json("--repo", flask_like.path, *YEAR)
    second = run_cli.brag_json("--repo", numpy_like.path, *YEAR)

    assert repos_of(first) == {"acme/web"}
    assert repos_of(second) == {"acme/engine"}
    assert [i["title"] for i in second["items"]] == ["perf: cut query time from 40 s to 3 s"]
    with EvidenceStore(run_cli.store) as store:
        assert store.repos() == ["acme/engine", "acme/web"]  # the cache keeps both


def test_brag_markdown_names_only_the_repository_it_read(
    run_cli: Cli, flask_like: GitRepo, numpy_like: GitRepo
) -> None:
    run_cli.brag_json("--repo", flask_like.path, *YEAR)

    result = run_cli("brag", "--offline", "--store", run_cli.store, "--repo", numpy_like.path,
                     *YEAR)

    assert result.exit_code == 0, result.output
    assert "1 item of evidence" in result.stdout
    assert "acme/web" not in result.stdout
    assert "retry uploads" not in result.stdout


def test_two_repositories_in_one_run_are_both_reported(
    run_cli: Cli, flask_like: GitRepo, numpy_like: GitRepo
) -> None:
    report = run_cli.brag_json("--repo", flask_like.path, "--repo", numpy_like.path, *YEAR)

    assert repos_of(report) == {"acme/web", "acme/engine"}


def test_collect_exports_only_the_repositories_of_its_run(
    run_cli: Cli, flask_like: GitRepo, numpy_like: GitRepo, tmp_path: Path
) -> None:
    run_cli.brag_json("--repo", flask_like.path, *YEAR)
    exported = tmp_path / "engine.jsonl"

    result = run_cli("collect", "--offline", "--store", run_cli.store, "--repo",
                     numpy_like.path, *YEAR, "--export", exported)

    assert result.exit_code == 0, result.output
    lines = exported.read_text(encoding="utf-8").splitlines()
    assert {json.loads(line)["repo"] for line in lines} == {"acme/engine"}


def test_report_alone_shows_everything_stored_and_says_so(
    run_cli: Cli, flask_like: GitRepo, numpy_like: GitRepo
) -> None:
    run_cli.brag_json("--repo", flask_like.path, *YEAR)
    run_cli.brag_json("--repo", numpy_like.path, *YEAR)

    everything = run_cli("report", "--store", run_cli.store, "--author", "alice@example.com",
                         *YEAR)
    narrowed = run_cli("report", "--store", run_cli.store, "--author", "alice@example.com",
                       "--repo", flask_like.path, "--format", "json", *YEAR)

    assert everything.exit_code == 0, everything.output
    text = everything.stdout.replace("\\", "")
    assert f"store ({run_cli.store}, everything stored: 2 repositories; --repo narrows it)" in text
    assert "acme/web" in text
    assert "acme/engine" in text
    assert narrowed.exit_code == 0, narrowed.output
    assert repos_of(json.loads(narrowed.stdout)) == {"acme/web"}


# --- rewritten history ------------------------------------------------------------------------


def test_commits_dropped_by_a_force_push_leave_the_store_and_the_document(
    run_cli: Cli, repo: GitRepo
) -> None:
    repo.commit("fix: retry uploads that time out", files={"src/upload.py": "retry\n"})
    kept = repo.git("rev-parse", "HEAD").strip()
    dropped = repo.commit("fix: leak the signing key in logs", files={"src/log.py": "key\n"})
    before = run_cli.brag_json("--repo", repo.path, *YEAR)
    repo.git("reset", "-q", "--hard", kept)  # what a force-push of the branch leaves
    repo.git("reflog", "expire", "--expire=now", "--all")
    repo.git("gc", "-q", "--prune=now")

    after = run_cli("brag", "--offline", "--format", "json", "--store", run_cli.store,
                    "--repo", repo.path, *YEAR)

    assert f"commit:acme/widgets@{dropped}" in [i["id"] for i in before["items"]]
    assert after.exit_code == 0, after.output
    assert [i["id"] for i in json.loads(after.stdout)["items"]] == [f"commit:acme/widgets@{kept}"]
    assert after.stderr == (
        f"evidencer: warning: {repo.path}: 1 stored item dropped: its commit is no longer "
        "in the repository's history (rebased or force-pushed away)\n"
    )
    with EvidenceStore(run_cli.store) as store:
        assert store.get(f"commit:acme/widgets@{dropped}") is None
    report = run_cli("report", "--store", run_cli.store, "--author", "alice@example.com", *YEAR)
    assert "signing key" not in report.stdout


def test_a_rebased_commit_is_one_item_under_its_new_sha(run_cli: Cli, repo: GitRepo) -> None:
    repo.commit("Add CSV export", files={"src/export.py": "csv\n"})
    old = repo.commit("fix: retry exports that time out", files={"src/retry.py": "r\n"})
    run_cli.brag_json("--repo", repo.path, *YEAR)
    repo.git("commit", "-q", "--amend", "-m", "fix: retry exports that time out twice",
             env={"GIT_COMMITTER_DATE": "2026-03-05T10:00:00+00:00"})
    new = repo.git("rev-parse", "HEAD").strip()

    report = run_cli.brag_json("--repo", repo.path, *YEAR)

    ids = [i["id"] for i in report["items"]]
    assert f"commit:acme/widgets@{new}" in ids
    assert f"commit:acme/widgets@{old}" not in ids
    assert len(ids) == 2


def test_a_pull_request_github_reported_stays_whatever_the_clone_holds(
    run_cli: Cli, repo: GitRepo
) -> None:
    base = repo.commit("Add CSV export", files={"src/export.py": "csv\n"})
    repo.squash_pr(12, "fix: retry exports that time out")
    run_cli.brag_json("--repo", repo.path, *YEAR)
    with EvidenceStore(run_cli.store) as store:
        seen = store.get("pr:acme/widgets#12")
        assert seen is not None
        store.upsert([dataclasses.replace(seen, sources=("github",))])
    repo.git("reset", "-q", "--hard", base)

    report = run_cli.brag_json("--repo", repo.path, *YEAR)

    assert "pr:acme/widgets#12" in [i["id"] for i in report["items"]]


def test_a_shallow_clone_forgets_nothing(run_cli: Cli, repo: GitRepo, tmp_path: Path) -> None:
    for n in range(3):
        repo.commit(f"fix: retry step {n} when it times out")
    run_cli.brag_json("--repo", repo.path, *YEAR)
    shallow = repo.clone(tmp_path / "shallow", depth=1)
    subprocess.run(["git", "remote", "set-url", "origin", "https://github.com/acme/widgets.git"],
                   cwd=shallow, check=True, capture_output=True)

    result = run_cli("brag", "--offline", "--format", "json", "--store", run_cli.store,
                     "--repo", shallow, "--author", "alice@example.com", *YEAR)

    assert result.exit_code == 0, result.output
    assert len(json.loads(result.stdout)["items"]) == 3

