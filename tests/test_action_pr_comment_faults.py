"""`evidencer pr-comment` against a misbehaving GitHub: the clean comment, or one line.

Each fault comes from the fake server's knobs and meets PyGithub's own HTTP stack. A run
either ends with the comment a clean run writes, or stops with one line naming what went
wrong and leaves no second comment; a comment POST that may have reached GitHub is never
sent again, and the rerun without the fault leaves exactly the clean run's comment.
"""

from __future__ import annotations

import socket
import threading
from pathlib import Path

import pytest
from click.testing import Result

from evidencer.github.failures import NOT_REPEATED
from tests.support.actionrun import PREFIX, REPO, Step, comments_on, seed_pull
from tests.support.github.gate import GatedGitHub, gated_server_fixture  # noqa: F401
from tests.support.github.server import SECONDARY_MESSAGE, Fault
from tests.support.github.tcpproxy import Proxy

COMMENTS = "/repos/<owner>/<name>/issues/<int:number>/comments"
POST_COMMENT = r"^/repos/acme/widgets/issues/12/comments$"
WRONG_TOKEN = "ghp_wrongTOKENneverPRINTme000000000000"
FAST = ("--max-wait", "2", "--github-timeout", "1")
LABELS = ["bug", PREFIX + "customer-empathy", PREFIX + "product-stability"]


@pytest.fixture
def step(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, gated_server: GatedGitHub) -> Step:
    monkeypatch.chdir(tmp_path)
    seed_pull(gated_server)
    return Step(tmp_path, gated_server)


def clean_comment(step: Step) -> str:
    """What a run that meets no fault writes, from a dry run (which writes nothing)."""
    result = step.run("--dry-run", *FAST)
    assert result.exit_code == 0, result.output
    step.server.log.clear()
    return result.stdout


def posts(step: Step) -> int:
    return step.server.count(COMMENTS, "POST")


def labels(step: Step) -> list[str]:
    return sorted(step.server.data.repos[REPO].issues[12].labels)


def one_error_line(result: Result) -> str:
    assert result.exit_code == 1, result.output
    assert result.stderr.startswith("evidencer: error: "), result.stderr
    assert result.stderr.count("\n") == 1, result.stderr
    return result.stderr


@pytest.mark.parametrize(
    "fault",
    [
        Fault("status", times=3, status=502),
        Fault("status", times=1, status=503, path=r"/files"),
        Fault("truncate", times=1, path=r"^/repos/acme/widgets/issues/12/comments$",
              method="GET"),
        Fault("stall", times=1, path=r"^/user$", seconds=2.5),
    ],
    ids=["5xx-first-requests", "5xx-files", "truncated-list", "stalled-read"],
)
def test_a_passing_fault_on_a_read_ends_with_the_clean_comment(step: Step, fault: Fault) -> None:
    expected = clean_comment(step)
    step.server.add_fault(fault)
    result = step.run(*FAST)
    assert result.exit_code == 0, result.output
    assert comments_on(step.server) == [expected]
    assert labels(step) == LABELS
    assert posts(step) == 1


@pytest.mark.parametrize("status", [403, 429])
def test_a_secondary_limit_on_the_comment_post_is_waited_out_and_posted_once(
    step: Step, status: int
) -> None:
    expected = clean_comment(step)
    step.server.add_fault(Fault("status", 1, POST_COMMENT, "POST", status=status,
                                message=SECONDARY_MESSAGE, headers={"Retry-After": "1"}))
    result = step.run(*FAST)
    assert result.exit_code == 0, result.output
    assert comments_on(step.server) == [expected]
    assert posts(step) == 2  # the refused one, then the one that created the comment


def test_an_html_page_for_a_read_stops_with_one_line_and_the_rerun_comments_once(
    step: Step,
) -> None:
    expected = clean_comment(step)
    step.server.add_fault(Fault("garbage", times=1, path=r"^/repos/acme/widgets/pulls/12$"))
    stderr = one_error_line(step.run(*FAST))
    assert f"sent malformed JSON for GET /repos/{REPO}/pulls/12; try again later" in stderr
    assert posts(step) == 0
    assert step.run(*FAST).exit_code == 0
    assert comments_on(step.server) == [expected]


def test_a_primary_limit_that_resets_in_a_moment_is_waited_out(step: Step) -> None:
    expected = clean_comment(step)
    step.server.exhaust(reset_in=1)
    result = step.run("--max-wait", "10")
    assert result.exit_code == 0, result.output
    assert comments_on(step.server) == [expected]


def test_a_primary_limit_beyond_max_wait_stops_before_writing(step: Step) -> None:
    step.server.exhaust(reset_in=600)
    stderr = one_error_line(step.run(*FAST))
    assert stderr.startswith(
        "evidencer: error: GitHub rate limit on GET /repos/acme/widgets/pulls/12: it lifts in "
    )
    assert "more than --max-wait 2 s; rerun later" in stderr
    assert posts(step) == 0


def test_bad_credentials_stop_with_one_line_and_write_nothing(step: Step) -> None:
    stderr = one_error_line(step.run(*FAST, env=step.env(token=WRONG_TOKEN)))
    assert stderr == (
        f"evidencer: error: GitHub rejected the token (401 Bad credentials) at "
        f"{step.server.api_url}; set a valid GITHUB_TOKEN or GH_TOKEN, or run `gh auth login`\n"
    )
    assert comments_on(step.server) == []


def test_a_repository_the_token_cannot_read_is_named(step: Step) -> None:
    step.server.forbidden.add(REPO)
    stderr = one_error_line(step.run(*FAST))
    assert stderr.startswith(f"evidencer: error: {REPO}: repository not found, or the token "
                             "cannot read it (403 ")
    assert comments_on(step.server) == []


def test_a_pull_request_that_does_not_exist_is_named(step: Step) -> None:
    result = step.run(*FAST, env=step.env(event=step.event(number=99)))
    stderr = one_error_line(result)
    assert stderr == (
        f"evidencer: error: {REPO}#99: no such pull request, or the token cannot read it "
        "(404 Not Found); check the pull request number and the token's access\n"
    )


def test_a_server_error_on_the_comment_post_is_not_repeated_and_the_rerun_posts_once(
    step: Step,
) -> None:
    expected = clean_comment(step)
    step.server.add_fault(Fault("status", 1, POST_COMMENT, "POST", status=502))
    stderr = one_error_line(step.run(*FAST))
    assert f"failed on POST /repos/{REPO}/issues/12/comments (502 Server Error); " in stderr
    assert NOT_REPEATED in stderr
    assert (posts(step), comments_on(step.server)) == (1, [])

    assert step.run(*FAST).exit_code == 0
    assert comments_on(step.server) == [expected]
    assert labels(step) == LABELS


@pytest.mark.parametrize(
    ("fault", "says"),
    [
        (Fault("stall", 1, POST_COMMENT, "POST", seconds=2.5, after=True),
         f"did not answer POST /repos/{REPO}/issues/12/comments within 1 s; "),
        (Fault("truncate", 1, POST_COMMENT, "POST"),
         f"sent malformed JSON for POST /repos/{REPO}/issues/12/comments; "),
        (Fault("garbage", 1, POST_COMMENT, "POST"),
         f"sent malformed JSON for POST /repos/{REPO}/issues/12/comments; "),
    ],
    ids=["answered-too-late", "truncated-answer", "html-answer"],
)
def test_a_comment_post_that_went_through_unconfirmed_is_not_repeated_nor_duplicated(
    step: Step, fault: Fault, says: str
) -> None:
    expected = clean_comment(step)
    step.server.add_fault(fault)
    stderr = one_error_line(step.run(*FAST))
    assert says in stderr
    assert NOT_REPEATED in stderr
    assert posts(step) == 1
    assert comments_on(step.server) == [expected]  # GitHub made it; the answer got lost

    rerun = step.run(*FAST)
    assert rerun.exit_code == 0, rerun.output
    assert "comment unchanged" in rerun.stderr
    assert posts(step) == 1
    assert comments_on(step.server) == [expected]
    assert labels(step) == LABELS


def test_an_api_root_nothing_listens_on_is_named_and_nothing_is_written(step: Step) -> None:
    with socket.socket() as probe:  # a port that was free a moment ago: nothing listens
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    url = f"http://127.0.0.1:{port}"
    stderr = one_error_line(step.run(*FAST, env=step.env(GITHUB_API_URL=url)))
    assert stderr == (
        f"evidencer: error: cannot reach the GitHub API at {url} (connection refused) for "
        f"GET /repos/{REPO}/pulls/12; check --github-url or GITHUB_API_URL, and the network\n"
    )


def test_connections_refused_mid_run_stop_with_one_line_and_the_rerun_completes(
    step: Step,
) -> None:
    """The server goes away between the comment and the labels."""
    expected = clean_comment(step)
    server = step.server
    assert isinstance(server, GatedGitHub)
    proxy = Proxy(int(server.root.rsplit(":", 1)[1])).start()
    held = server.hold(r"^/repos/acme/widgets/labels(\?|$)", method="GET")

    def refuse_when_held() -> None:
        assert held.arrived.wait(60)
        proxy.refuse()
        held.release.set()

    watcher = threading.Thread(target=refuse_when_held)
    watcher.start()
    result = step.run(*FAST, env=step.env(GITHUB_API_URL=proxy.url))
    watcher.join(60)
    stderr = one_error_line(result)
    assert stderr == (
        f"evidencer: error: cannot reach the GitHub API at {proxy.url} (connection refused) for "
        f"GET /repos/{REPO}/labels; check --github-url or GITHUB_API_URL, and the network\n"
    )
    assert comments_on(server) == [expected]
    assert labels(step) == ["bug"]

    rerun = step.run(*FAST)
    assert rerun.exit_code == 0, rerun.output
    assert comments_on(server) == [expected]
    assert labels(step) == LABELS
    assert posts(step) == 1


def test_a_comment_listed_twice_is_kept_not_deleted_as_its_own_duplicate(step: Step) -> None:
    expected = clean_comment(step)
    assert step.run(*FAST).exit_code == 0
    step.server.add_fault(Fault("repeat", times=5, path=r"/issues/12/comments(\?|$)",
                                method="GET"))
    result = step.run(*FAST)
    assert result.exit_code == 0, result.output
    assert comments_on(step.server) == [expected]
    assert step.server.count(
        "/repos/<owner>/<name>/issues/comments/<int:comment_id>", "DELETE") == 0


def test_a_comment_deleted_between_listing_and_editing_is_written_again(step: Step) -> None:
    seed = step.run(*FAST)
    assert seed.exit_code == 0, seed.output
    step.server.data.repos[REPO].issues[12].title = "Retry uploads when S3 stalls"
    expected = clean_comment(step)  # the comment needs an edit
    step.server.add_fault(Fault("status", times=1, status=404, message="Not Found",
                                path=r"/issues/comments/\d+$", method="PATCH"))
    result = step.run(*FAST)
    assert result.exit_code == 0, result.output
    assert comments_on(step.server) == [expected]
    assert step.server.count(COMMENTS, "POST") == 1  # written again, once
