"""Postmortems are read from what git tracks, as git stores it: a committed symlink can
never carry .git/config, an ignored .env or a file outside the checkout into the document,
the store or an export; loops are a warning, not a crash."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from evidencer.model import Evidence
from evidencer.sources.postmortems.collect import find_postmortem_files, iter_postmortem_evidence
from tests.conftest import Cli
from tests.support.gitrepo import GitRepo

TOKEN = "ghs_leakedInstallationToken0123456789"
BASIC = "eC1hY2Nlc3MtdG9rZW46Z2hzX2xlYWtlZA=="  # what actions/checkout writes, base64
DOTENV = "STRIPE_KEY=rk_live_doNotPrintThisKey42"
YEAR = ("--since", "2024-01-01", "--until", "2024-12-31")
REAL = "# Database failover\n\nSeverity: SEV2\nIncident Commander: Alice Doe\n"


def collect(path: Path) -> tuple[list[Evidence], list[str]]:
    warnings: list[str] = []
    items = list(iter_postmortem_evidence(path, repo_name="acme/widgets",
                                          web_base="https://github.com/acme/widgets",
                                          globs=None, warn=warnings.append))
    return items, warnings


def link(root: Path, rel: str, target: str) -> None:
    path = root / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    os.symlink(target, path)


@pytest.fixture
def attacked(repo: GitRepo, tmp_path: Path) -> GitRepo:
    """A checkout as actions/checkout leaves it, with links committed to its secrets."""
    repo.git("remote", "set-url", "origin",
             f"https://x-access-token:{TOKEN}@github.com/acme/widgets.git")
    repo.git("config", "http.https://github.com/.extraheader", f"AUTHORIZATION: basic {BASIC}")
    repo.write(".gitignore", ".env\n")
    repo.write(".env", DOTENV + "\n")
    outside = tmp_path / "outside-secret.md"
    outside.write_text(f"# Outside\n\nSeverity: SEV1\n{DOTENV}\n")
    repo.write("docs/postmortems/2024-05-01-db-failover.md", REAL)
    # Dated names: each would be an incident by its file name alone, whatever it holds.
    link(repo.path, "docs/postmortems/2024-05-02-config.md", "../../.git/config")
    link(repo.path, "docs/postmortems/2024-05-03-env.md", "../../.env")
    link(repo.path, "docs/postmortems/2024-05-04-outside.md", str(outside))
    link(repo.path, "docs/postmortems/2024-05-05-up.md", "../../../outside-secret.md")
    link(repo.path, "docs/gitdir", "../.git")
    link(repo.path, "docs/postmortems/2024-05-06-via-dir.md", "../gitdir/config")
    link(repo.path, "docs/postmortems/2024-05-07-loop-a.md", "2024-05-08-loop-b.md")
    link(repo.path, "docs/postmortems/2024-05-08-loop-b.md", "2024-05-07-loop-a.md")
    link(repo.path, "docs/postmortems/2024-05-09-self.md", "2024-05-09-self.md")
    link(repo.path, "docs/postmortems/latest.md", "2024-05-01-db-failover.md")
    repo.git("add", "-A")
    repo.commit("docs: postmortems", date="2024-05-10T10:00:00+00:00")
    return repo


EXPECTED_WARNINGS = [
    "docs/postmortems/2024-05-02-config.md:1: symlink points into .git; skipped",
    "docs/postmortems/2024-05-03-env.md:1: symlink points to a file git does not track; skipped",
    "docs/postmortems/2024-05-04-outside.md:1: symlink points outside the repository; skipped",
    "docs/postmortems/2024-05-05-up.md:1: symlink points outside the repository; skipped",
    "docs/postmortems/2024-05-06-via-dir.md:1: symlink points to a file git does not track; "
    "skipped",
    "docs/postmortems/2024-05-07-loop-a.md:1: symlink loop; skipped",
    "docs/postmortems/2024-05-08-loop-b.md:1: symlink loop; skipped",
    "docs/postmortems/2024-05-09-self.md:1: symlink loop; skipped",
]


def test_links_to_git_config_env_outside_and_loops_are_refused_with_one_warning_each(
    attacked: GitRepo,
) -> None:
    items, warnings = collect(attacked.path)
    assert sorted(warnings) == EXPECTED_WARNINGS
    assert sorted(item.facts.path for item in items) == [
        "docs/postmortems/2024-05-01-db-failover.md", "docs/postmortems/latest.md",
    ]
    text = json.dumps([item.body for item in items] + [item.title for item in items])
    for secret in (TOKEN, BASIC, DOTENV, "extraheader"):
        assert secret not in text


def test_a_link_to_a_tracked_postmortem_reads_the_committed_blob(attacked: GitRepo) -> None:
    items, _ = collect(attacked.path)
    latest = next(item for item in items if item.facts.path == "docs/postmortems/latest.md")
    assert (latest.title, latest.facts.severity) == ("Database failover", "SEV2")


def test_a_tracked_file_is_read_from_git_not_through_a_link_swapped_into_the_work_tree(
    repo: GitRepo,
) -> None:
    repo.write(".env", DOTENV + "\n")
    repo.write("docs/postmortems/2024-05-01-db-failover.md", REAL)
    repo.git("add", "docs")
    repo.commit("docs: postmortem", date="2024-05-10T10:00:00+00:00")
    target = repo.path / "docs/postmortems/2024-05-01-db-failover.md"
    target.unlink()
    target.symlink_to(repo.path / ".env")  # the work tree changed after checkout
    (item,), warnings = collect(repo.path)
    assert warnings == []
    assert item.title == "Database failover"
    assert DOTENV not in item.body


def cat_file_processes(repo: GitRepo, monkeypatch: pytest.MonkeyPatch) -> tuple[int, int]:
    """(postmortems read, ``git cat-file --batch`` processes started) for one collect."""
    trace = repo.path.parent / f"trace-{len(list(repo.path.parent.glob('trace-*')))}.log"
    with monkeypatch.context() as patch:
        patch.setenv("GIT_TRACE", str(trace))
        items, _ = collect(repo.path)
    started = [line for line in trace.read_text().splitlines()
               if "trace: built-in: git cat-file --batch" in line]
    return len(items), len(started)


def test_every_chosen_blob_is_read_by_one_git_process(
    attacked: GitRepo, monkeypatch: pytest.MonkeyPatch
) -> None:
    for number in range(30):
        attacked.write(f"docs/postmortems/2024-06-{number + 1:02d}-extra.md", REAL)
    attacked.git("add", "-A")
    attacked.commit("docs: more postmortems", date="2024-07-01T10:00:00+00:00")
    assert cat_file_processes(attacked, monkeypatch) == (32, 1)
    # A link to a tracked file that is not a postmortem itself: one more process, once.
    attacked.write("notes/db.txt", REAL + "\nNotes kept outside the postmortem folder.\n")
    for number in range(5):
        link(attacked.path, f"docs/postmortems/2024-08-0{number + 1}-note.md", "../../notes/db.txt")
    attacked.git("add", "-A")
    attacked.commit("docs: linked notes", date="2024-08-10T10:00:00+00:00")
    assert cat_file_processes(attacked, monkeypatch) == (37, 2)


def test_plain_folder_refuses_links_out_of_it_into_git_or_hidden_files_and_loops(
    tmp_path: Path,
) -> None:
    root = tmp_path / "notes"
    (root / ".git").mkdir(parents=True)
    (root / ".git" / "config").write_text(f"[remote]\n\turl = https://x:{TOKEN}@github.com/a/b\n")
    (root / ".env").write_text(DOTENV + "\n")
    (root / "postmortems").mkdir()
    (root / "postmortems" / "2024-05-01-db-failover.md").write_text(REAL)
    (tmp_path / "elsewhere.md").write_text(f"# Elsewhere\n\n{DOTENV}\n")
    link(root, "postmortems/2024-05-02-config.md", "../.git/config")
    link(root, "postmortems/2024-05-03-env.md", "../.env")
    link(root, "postmortems/2024-05-04-outside.md", "../../elsewhere.md")
    link(root, "postmortems/2024-05-05-loop-a.md", "2024-05-06-loop-b.md")
    link(root, "postmortems/2024-05-06-loop-b.md", "2024-05-05-loop-a.md")
    link(root, "postmortems/latest.md", "2024-05-01-db-failover.md")
    os.mkfifo(root / "postmortems" / "2024-05-07-pipe.md")
    link(root, "postmortems/2024-05-08-zero.md", "/dev/zero")
    items, warnings = collect(root)
    # latest.md has no date and no history outside git: that warning is not about links.
    assert sorted(w for w in warnings if "modification time" not in w) == [
        "postmortems/2024-05-02-config.md:1: symlink points into .git; skipped",
        "postmortems/2024-05-03-env.md:1: symlink points to a hidden file; skipped",
        "postmortems/2024-05-04-outside.md:1: symlink points outside the repository; skipped",
        "postmortems/2024-05-05-loop-a.md:1: symlink loop; skipped",
        "postmortems/2024-05-06-loop-b.md:1: symlink loop; skipped",
        "postmortems/2024-05-08-zero.md:1: symlink points outside the repository; skipped",
    ]
    assert sorted(item.facts.path for item in items) == [
        "postmortems/2024-05-01-db-failover.md", "postmortems/latest.md",
    ]
    assert all(DOTENV not in item.body and TOKEN not in item.body for item in items)


def test_find_postmortem_files_lists_only_what_may_be_read(attacked: GitRepo) -> None:
    warnings: list[str] = []
    found = find_postmortem_files(attacked.path, warn=warnings.append)
    assert [p.relative_to(attacked.path).as_posix() for p in found] == [
        "docs/postmortems/2024-05-01-db-failover.md", "docs/postmortems/latest.md",
    ]
    assert sorted(warnings) == EXPECTED_WARNINGS


def test_no_secret_reaches_the_document_the_json_the_store_or_an_export(
    attacked: GitRepo, run_cli: Cli, tmp_path: Path,
) -> None:
    export = tmp_path / "export.jsonl"
    common = ("--offline", "--repo", attacked.path, "--store", run_cli.store,
              "--author", "alice@example.com", *YEAR)
    results = [
        run_cli("brag", *common),
        run_cli("brag", "--format", "json", *common),
        run_cli("collect", *common, "--export", export),
    ]
    for result in results:
        assert result.exit_code == 0, result.output
    assert "Database failover" in results[0].stdout
    assert any(item["kind"] == "postmortem" for item in json.loads(results[1].stdout)["items"])
    assert "docs/postmortems/2024-05-02-config.md:1: symlink points into .git; skipped" in (
        results[2].stderr)
    stored = b"".join(p.read_bytes() for p in tmp_path.glob("store.sqlite3*"))
    exported = export.read_bytes()
    assert b"Database failover" in stored and b"Database failover" in exported
    for secret in (TOKEN, BASIC, DOTENV):
        for result in results:
            assert secret not in result.output
        assert secret.encode() not in stored
        assert secret.encode() not in exported
