"""`evidencer brag` against a misbehaving GitHub: one clear line, nothing lost, a rerun heals.

Each fault comes from the fake server's knobs; PyGithub's own HTTP stack meets it. After a
failure the git evidence and what GitHub gave before it are in the store, the token is in
no output and no stored byte, and a rerun without the fault gives the clean run's document.
"""

from __future__ import annotations

import datetime as dt
import json
import socket
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result

from evidencer.cli.main import cli
from evidencer.model import Evidence
from evidencer.store.sqlite import EvidenceStore
from tests.support.github.data import ChangedFile
from tests.support.github.fixtures import TEST_TOKEN
from tests.support.github.server import FakeGitHub, Fault
from tests.support.gitrepo import GitRepo

UTC = dt.timezone.utc
REPO = "acme/widgets"
WRONG_TOKEN = "ghp_wrongTOKENneverPRINTme000000000000"
# What GitHub adds, in the order collection asks: merged PRs, open PRs, reviews and merges,
# issues opened, issues closed, comments on outside users' issues.
MERGED, OPEN = f"pr:{REPO}#12", f"pr:{REPO}#14"
REVIEW, MERGED_FOR_BOB = f"review:{REPO}#13@alice", f"pr:{REPO}#13"
COMMENT, ISSUE = f"comment:{REPO}#15@alice", f"issue:{REPO}#16"


def at(month: int, day: int) -> dt.datetime:
    return dt.datetime(2026, month, day, 10, tzinfo=UTC)


class World:
    """A clone with alice's history, the same work on the fake GitHub, and a store."""

    def __init__(self, repo: GitRepo, server: FakeGitHub, folder: Path) -> None:
        self.repo, self.server, self.folder = repo, server, folder
        self.store = folder / "store.sqlite3"
        squash = repo.commit("Retry uploads when S3 times out (#12)",
                             files={"src/upload.py": "retry\n"}, date="2026-03-02T10:00:00+00:00")
        self.docs = repo.commit("docs: explain upload retries", files={"docs/upload.md": "x\n"},
                                date="2026-03-05T10:00:00+00:00")
        data = server.data
        data.add_pr(REPO, number=12, title="Retry uploads when S3 times out", user="alice",
                    created_at=at(3, 1), merged_at=at(3, 2), merge_commit_sha=squash,
                    labels=["bug"])
        bobs = data.add_pr(REPO, number=13, title="Show export progress", user="bob",
                           created_at=at(3, 8), merged_at=at(3, 10), merged_by="alice",
                           labels=["enhancement"])
        data.add_review(bobs, user="alice", state="APPROVED", submitted_at=at(3, 9),
                        body="Works for me")
        data.add_pr(REPO, number=14, title="Faster CSV export", user="alice",
                    created_at=at(4, 1), files=[ChangedFile("src/export.py")])
        report = data.add_issue(REPO, number=15, title="Export fails on Windows", user="dana",
                                created_at=at(4, 2), author_association="NONE", labels=["bug"])
        data.add_comment(report, user="alice", body="Reproduced; a fix is coming",
                         created_at=at(4, 3))
        data.add_issue(REPO, number=16, title="Keep the column order in exports", user="alice",
                       created_at=at(4, 5))

    def brag(self, *extra: str, token: str = TEST_TOKEN, url: str | None = None,
             store: Path | None = None) -> Result:
        env = {"GITHUB_API_URL": url or self.server.api_url, "GITHUB_TOKEN": token}
        return CliRunner().invoke(cli, [
            "brag", "--repo", str(self.repo.path), "--since", "2026-01-01",
            "--until", "2026-06-30", "--store", str(store or self.store),
            "--author", "alice@example.com", "--format", "json", "--max-wait", "2",
            "--github-timeout", "1", *extra,
        ], env=env)

    def clean_document(self) -> dict[str, Any]:
        """The document of a run that met no fault, from a store of its own."""
        result = self.brag(store=self.folder / "clean.sqlite3")
        assert result.exit_code == 0, result.output
        document: dict[str, Any] = json.loads(result.stdout)
        return document

    def stored(self) -> dict[str, Evidence]:
        with EvidenceStore(self.store) as store:
            return {item.id: item for item in store.iter_items()}

    def stored_bytes(self) -> bytes:
        return b"".join(p.read_bytes() for p in self.folder.glob("*.sqlite3*"))


@pytest.fixture
def world(repo: GitRepo, gh_server: FakeGitHub, tmp_path: Path) -> World:
    return World(repo, gh_server, tmp_path)


def assert_one_line_error(result: Result, *fragments: str) -> str:
    assert result.exit_code == 1, result.output
    assert isinstance(result.exception, SystemExit)  # handled: no traceback
    assert result.stdout == ""
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("evidencer: error: ")
    assert "Traceback" not in result.stderr
    for fragment in fragments:
        assert fragment in lines[0], lines[0]
    return lines[0]


def assert_kept(world: World, *github_ids: str) -> None:
    """The git evidence, and what GitHub gave before the failure, are in the store."""
    stored = world.stored()
    assert f"commit:{REPO}@{world.docs}" in stored
    assert "git" in stored[MERGED].sources
    for item_id in github_ids:
        assert item_id in stored, item_id
        assert "github" in stored[item_id].sources


def assert_no_token(world: World, *results: Result) -> None:
    for token in (TEST_TOKEN, WRONG_TOKEN):
        for result in results:
            assert token not in result.stdout
            assert token not in result.stderr
        assert token.encode() not in world.stored_bytes()


def assert_rerun_heals(world: World, clean: dict[str, Any], *extra: str) -> Result:
    world.server.faults.clear()
    world.server.exhausted_until = 0.0
    again = world.brag(*extra)
    assert again.exit_code == 0, again.output
    assert json.loads(again.stdout) == clean
    return again


def test_clean_run_has_the_git_and_github_evidence_with_the_merger_role(world: World) -> None:
    document = world.clean_document()
    roles = {item["id"]: item["roles"] for item in document["items"]}
    assert roles == {
        MERGED: ["author"], f"commit:{REPO}@{world.docs}": ["author"], MERGED_FOR_BOB: ["merger"],
        REVIEW: ["reviewer"], OPEN: ["author"], COMMENT: ["commenter"], ISSUE: ["author"],
    }


def test_bad_credentials_stop_with_one_line_and_a_good_token_then_completes(
    world: World,
) -> None:
    clean = world.clean_document()
    failed = world.brag(token=WRONG_TOKEN)
    assert_one_line_error(failed, "GitHub rejected the token (401 Bad credentials)",
                          "set a valid GITHUB_TOKEN or GH_TOKEN")
    assert_kept(world)
    again = assert_rerun_heals(world, clean)
    assert_no_token(world, failed, again)


def test_repository_that_does_not_exist_is_named_with_what_to_check(world: World) -> None:
    clean = world.clean_document()
    failed = world.brag("--github", "acme/nothere")
    assert_one_line_error(failed, "acme/nothere: repository not found, or the token cannot "
                          "read it (404 Not Found); check the name given to --github")
    assert_kept(world)
    again = assert_rerun_heals(world, clean, "--github", REPO)
    assert_no_token(world, failed, again)


def test_repository_the_token_cannot_read_is_named_with_what_to_check(world: World) -> None:
    clean = world.clean_document()
    world.server.forbidden.add(REPO)
    failed = world.brag()
    assert_one_line_error(failed, f"{REPO}: repository not found, or the token cannot read it "
                          "(403 Resource not accessible by personal access token)",
                          "the token's access")
    assert_kept(world)
    world.server.forbidden.clear()
    again = assert_rerun_heals(world, clean)
    assert_no_token(world, failed, again)


def test_server_errors_on_the_first_requests_are_retried_to_the_same_document(
    world: World,
) -> None:
    clean = world.clean_document()
    world.server.log.clear()
    world.server.fail(3, status=502, message="Bad Gateway")
    world.server.fail(2, status=503, path="/timeline", message="Service Unavailable")
    world.server.add_fault(Fault("truncate", 1, path=r"^/search/issues\?.*type%3Aissue"))
    result = world.brag()
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout) == clean
    assert result.stderr == ""
    statuses = [entry.status for entry in world.server.log]
    assert (statuses.count(502), statuses.count(503)) == (3, 2)
    assert_no_token(world, result)


@pytest.mark.parametrize("status", [429, 403])
def test_secondary_rate_limit_with_retry_after_is_waited_out_with_a_warning(
    world: World, status: int
) -> None:
    clean = world.clean_document()
    world.server.secondary_limit(1, status=status, retry_after=1, path="^/search/issues")
    result = world.brag()
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout) == clean
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("evidencer: warning: GitHub rate limit on search ")
    assert lines[0].endswith("; waiting 1 s")
    assert_no_token(world, result)


def test_primary_limit_spent_beyond_max_wait_stops_naming_the_repository_and_what_to_do(
    world: World,
) -> None:
    clean = world.clean_document()
    world.server.exhaust(reset_in=3600, path=r"^/search/issues\?.*reviewed-by")
    failed = world.brag()
    line = assert_one_line_error(failed, "GitHub rate limit on search ", f"repo:{REPO}",
                                 "more than --max-wait 2 s; rerun later (evidence collected "
                                 "so far is kept) or raise --max-wait")
    assert "reviewed-by:alice" in line
    assert_kept(world, MERGED, OPEN)  # merged and open PRs were asked for before the limit
    again = assert_rerun_heals(world, clean)
    assert_no_token(world, failed, again)


def test_answer_stalled_past_the_timeout_stops_and_keeps_what_came_before(world: World) -> None:
    clean = world.clean_document()
    world.server.stall(2.5, times=1, path=r"^/search/issues\?.*is%3Aopen")
    failed = world.brag("--max-wait", "1")
    assert_one_line_error(failed, f"GitHub API at {world.server.api_url} did not answer search",
                          "within 1 s; try again later")
    assert_kept(world, MERGED)
    again = assert_rerun_heals(world, clean)
    assert_no_token(world, failed, again)


def test_json_that_stays_truncated_is_malformed_and_keeps_what_came_before(
    world: World,
) -> None:
    clean = world.clean_document()
    world.server.add_fault(Fault("truncate", 5, path=r"^/search/issues\?.*type%3Aissue"))
    failed = world.brag()
    assert_one_line_error(failed, "sent malformed JSON for search 'type:issue author:alice",
                          "try again later, and check that --github-url points at a GitHub "
                          "API root")
    assert_kept(world, MERGED, OPEN, REVIEW, MERGED_FOR_BOB)
    again = assert_rerun_heals(world, clean)
    assert_no_token(world, failed, again)


def test_html_page_instead_of_json_is_malformed_and_names_the_request(world: World) -> None:
    clean = world.clean_document()
    world.server.add_fault(Fault("garbage", 1, path="/timeline"))
    failed = world.brag()
    assert_one_line_error(failed, f"sent malformed JSON for GET /repos/{REPO}/issues/13/timeline")
    assert_kept(world, MERGED, OPEN)
    again = assert_rerun_heals(world, clean)
    assert_no_token(world, failed, again)


def test_unreachable_api_root_is_named_and_the_right_one_then_completes(world: World) -> None:
    clean = world.clean_document()
    with socket.socket() as probe:  # a port nobody listens on
        probe.bind(("127.0.0.1", 0))
        nowhere = f"http://127.0.0.1:{probe.getsockname()[1]}"
    failed = world.brag(url=nowhere)
    assert_one_line_error(failed, f"cannot reach the GitHub API at {nowhere} (connection "
                          "refused) for GET /user", "check --github-url or GITHUB_API_URL")
    assert_kept(world)
    again = assert_rerun_heals(world, clean)
    assert_no_token(world, failed, again)
