"""The GitHub client through PyGithub's own HTTP stack: tokens, retries, limits, errors.

Every fault is served by a real HTTP server on 127.0.0.1; nothing in PyGithub is mocked.
"""

from __future__ import annotations

import logging
import os
import socket
import stat
from collections.abc import Callable
from pathlib import Path

import pytest

from evidencer.errors import GitHubError
from evidencer.github import writes
from evidencer.github.api import GitHubAPI, GitHubStatusError, resolve_token
from tests.support.github.data import ChangedFile, now
from tests.support.github.server import FakeGitHub, Fault

REPO = "acme/widgets"
MakeApi = Callable[..., GitHubAPI]


@pytest.fixture
def issue_number(gh_server: FakeGitHub) -> int:
    return gh_server.data.add_issue(
        REPO, title="Export is slow", user="bob", created_at=now()
    ).number


def _fake_gh(tmp_path: Path, script: str) -> dict[str, str]:
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    gh = bin_dir / "gh"
    gh.write_text("#!/bin/sh\n" + script + "\n")
    gh.chmod(gh.stat().st_mode | stat.S_IEXEC)
    return {"PATH": str(bin_dir)}


# -- tokens and identity ------------------------------------------------------------


def test_github_token_wins_over_gh_token() -> None:
    assert resolve_token({"GITHUB_TOKEN": "one", "GH_TOKEN": "two"}) == "one"
    assert resolve_token({"GITHUB_TOKEN": " ", "GH_TOKEN": "two"}) == "two"


def test_without_variables_the_token_comes_from_gh_auth_token(tmp_path: Path) -> None:
    env = _fake_gh(tmp_path, 'if [ "$1 $2" = "auth token" ]; then echo "gho_from_gh${3:+:$3:$4}"; fi')
    assert resolve_token(env) == "gho_from_gh"
    ghes = resolve_token(env, api_url="https://ghe.example.com/api/v3")
    assert ghes == "gho_from_gh:--hostname:ghe.example.com"


def test_no_token_when_gh_is_missing_or_logged_out(tmp_path: Path) -> None:
    assert resolve_token({"PATH": str(tmp_path)}) is None
    assert resolve_token(_fake_gh(tmp_path, "echo 'not logged in' >&2; exit 1")) is None


def test_login_of_the_token_comes_from_get_user(gh_api: GitHubAPI) -> None:
    assert gh_api.login() == "alice"


def test_workflow_token_that_cannot_read_user_has_no_login_and_no_error(
    gh_server: FakeGitHub, gh_api: GitHubAPI, gh_token: str
) -> None:
    gh_server.workflow_tokens.add(gh_token)
    assert gh_api.login() is None


def test_no_token_means_no_login_and_no_request(
    gh_server: FakeGitHub, make_gh_api: MakeApi
) -> None:
    assert make_gh_api(token=None).login() is None
    assert gh_server.count() == 0


def test_api_url_that_is_not_http_is_refused() -> None:
    with pytest.raises(GitHubError, match="is not an http"):
        GitHubAPI(base_url="api.github.com")


def test_enterprise_api_root_with_api_v3_prefix_works(
    ghes_server: FakeGitHub, gh_token: str
) -> None:
    ghes_server.data.add_issue(REPO, title="One", user="alice", created_at=now())
    api = GitHubAPI(base_url=ghes_server.api_url, token=gh_token)
    assert ghes_server.api_url.endswith("/api/v3")
    assert api.login() == "alice"
    assert [h.number for h in api.search_page(f"type:issue repo:{REPO}").hits] == [1]


# -- answers GitHub refuses -------------------------------------------------------------


def test_bad_credentials_say_the_token_was_rejected(
    gh_server: FakeGitHub, make_gh_api: MakeApi
) -> None:
    api = make_gh_api(token="ghp_wrong")
    with pytest.raises(GitHubError) as caught:
        api.login()
    assert str(caught.value) == (
        f"GitHub rejected the token (401 Bad credentials) at {gh_server.api_url}; "
        "set a valid GITHUB_TOKEN or GH_TOKEN, or run `gh auth login`"
    )


def test_missing_repository_names_the_repository(gh_api: GitHubAPI) -> None:
    with pytest.raises(GitHubError) as caught:
        gh_api.check_repo("acme/nope")
    assert str(caught.value) == (
        "acme/nope: repository not found, or the token cannot read it (404 Not Found); "
        "check the name given to --github and the token's access"
    )


def test_repository_without_access_names_the_repository(
    gh_server: FakeGitHub, gh_api: GitHubAPI
) -> None:
    gh_server.data.add_repo("acme/secret", private=True)
    gh_server.forbidden.add("acme/secret")
    with pytest.raises(
        GitHubError,
        match=r"^acme/secret: repository not found, or the token "
        r"cannot read it \(403 Resource not accessible",
    ):
        gh_api.check_repo("acme/secret")


def test_validation_failure_carries_githubs_reason(gh_api: GitHubAPI) -> None:
    with pytest.raises(GitHubStatusError) as caught:
        gh_api.search_page("type:issue author:nobody-at-all")
    assert caught.value.status == 422
    assert "(422 Validation Failed: The listed users and repositories cannot be searched" in str(
        caught.value
    )


# -- retries ----------------------------------------------------------------------------


def test_server_errors_are_retried_until_they_pass(
    gh_server: FakeGitHub, gh_api: GitHubAPI
) -> None:
    gh_server.fail(2, status=502, message="Bad Gateway")
    assert gh_api.login() == "alice"
    assert [e.status for e in gh_server.log] == [502, 502, 200]


def test_persistent_server_errors_end_as_one_line_error(
    gh_server: FakeGitHub, make_gh_api: MakeApi
) -> None:
    gh_server.fail(10, status=503, message="Service Unavailable")
    api = make_gh_api(attempts=3)
    with pytest.raises(GitHubError) as caught:
        api.check_repo(REPO)
    assert str(caught.value) == (
        f"GitHub API at {gh_server.api_url} kept failing on GET /repos/{REPO} "
        "(503 Service Unavailable); try again later (evidence collected so far is kept)"
    )
    assert gh_server.count() == 3


def test_secondary_rate_limit_waits_for_retry_after(
    gh_server: FakeGitHub, gh_api: GitHubAPI
) -> None:
    gh_server.secondary_limit(1, status=403, retry_after=1)
    assert gh_api.login() == "alice"
    assert [e.status for e in gh_server.log] == [403, 200]


def test_too_many_requests_with_retry_after_is_retried(
    gh_server: FakeGitHub, gh_api: GitHubAPI
) -> None:
    gh_server.secondary_limit(1, status=429, retry_after=1)
    assert gh_api.login() == "alice"
    assert [e.status for e in gh_server.log] == [429, 200]


def test_exhausted_primary_limit_waits_until_the_reset(
    gh_server: FakeGitHub, gh_api: GitHubAPI
) -> None:
    gh_server.exhaust(reset_in=1)
    assert gh_api.login() == "alice"
    assert [e.status for e in gh_server.log] == [403, 200]


def test_rate_limit_that_outlasts_max_wait_fails_at_once(
    gh_server: FakeGitHub, make_gh_api: MakeApi
) -> None:
    gh_server.exhaust(reset_in=3600)
    api = make_gh_api(max_wait=5)
    with pytest.raises(
        GitHubError,
        match=r"^GitHub rate limit on GET /user \(the token's login\): "
        r"it lifts in \d+ s, more than --max-wait 5 s; rerun "
        r"later \(evidence collected so far is kept\)",
    ):
        api.login()
    assert gh_server.count() == 1


def test_secondary_limit_without_retry_after_waits_a_minute_unless_max_wait_forbids(
    gh_server: FakeGitHub, make_gh_api: MakeApi
) -> None:
    gh_server.secondary_limit(1, retry_after=None)
    with pytest.raises(GitHubError, match="it lifts in 60 s, more than --max-wait 10 s"):
        make_gh_api(max_wait=10).login()


def test_stalled_answer_times_out_and_the_read_is_retried(
    gh_server: FakeGitHub, make_gh_api: MakeApi
) -> None:
    gh_server.stall(2.5, times=1, path="^/user$")
    assert make_gh_api(timeout=1).login() == "alice"
    assert gh_server.count("/user") == 2


def test_answer_that_always_stalls_ends_as_a_timeout_error(
    gh_server: FakeGitHub, make_gh_api: MakeApi
) -> None:
    gh_server.stall(2.5, times=5, path="^/user$")
    api = make_gh_api(timeout=1, attempts=2)
    with pytest.raises(GitHubError) as caught:
        api.login()
    assert str(caught.value) == (
        f"GitHub API at {gh_server.api_url} did not answer GET /user (the token's login) "
        "within 1 s; try again later"
    )


def test_truncated_json_is_retried(gh_server: FakeGitHub, gh_api: GitHubAPI) -> None:
    gh_server.add_fault(Fault("truncate", 1))
    assert gh_api.login() == "alice"


def test_json_that_stays_broken_is_reported_as_malformed(
    gh_server: FakeGitHub, make_gh_api: MakeApi
) -> None:
    gh_server.add_fault(Fault("truncate", 10))
    with pytest.raises(GitHubError) as caught:
        make_gh_api(attempts=2).check_repo(REPO)
    assert str(caught.value) == (
        f"GitHub API at {gh_server.api_url} sent malformed JSON for GET /repos/{REPO}; try "
        "again later, and check that --github-url points at a GitHub API root"
    )


def test_html_page_instead_of_an_api_answer_is_malformed(
    gh_server: FakeGitHub, make_gh_api: MakeApi
) -> None:
    gh_server.add_fault(Fault("garbage", 10))
    with pytest.raises(GitHubError, match="sent malformed JSON for search"):
        make_gh_api(attempts=2).search_page("type:pr author:alice")


def test_unreachable_api_root_names_the_url(gh_token: str) -> None:
    with socket.socket() as probe:  # a port nobody listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    api = GitHubAPI(base_url=f"http://127.0.0.1:{port}", token=gh_token, backoff=0.01, attempts=2)
    with pytest.raises(GitHubError) as caught:
        api.login()
    assert str(caught.value) == (
        f"cannot reach the GitHub API at http://127.0.0.1:{port} (connection refused) for "
        "GET /user (the token's login); check --github-url or GITHUB_API_URL, and the network"
    )


# -- writes: never twice ---------------------------------------------------------------


def test_comment_post_that_times_out_is_not_repeated(
    gh_server: FakeGitHub, issue_number: int, make_gh_api: MakeApi
) -> None:
    gh_server.stall(2.5, times=1, method="POST", after=True)
    api = make_gh_api(timeout=1)
    with pytest.raises(GitHubError, match="it may have gone through, so it was not repeated"):
        writes.create_issue_comment(api, REPO, number=issue_number, body="Thanks!")
    assert gh_server.count(method="POST") == 1
    assert len(gh_server.data.repos[REPO].issues[issue_number].comments) == 1


def test_comment_post_answered_with_a_server_error_is_not_repeated(
    gh_server: FakeGitHub, gh_api: GitHubAPI, issue_number: int
) -> None:
    gh_server.fail(1, status=502, method="POST")
    with pytest.raises(GitHubStatusError, match="it may have gone through"):
        writes.create_issue_comment(gh_api, REPO, number=issue_number, body="Thanks!")
    assert gh_server.count(method="POST") == 1


def test_comment_post_refused_by_a_rate_limit_is_sent_again(
    gh_server: FakeGitHub, gh_api: GitHubAPI, issue_number: int
) -> None:
    gh_server.secondary_limit(1, retry_after=1)
    comment = writes.create_issue_comment(gh_api, REPO, number=issue_number, body="Thanks!")
    assert comment.body == "Thanks!"
    assert len(gh_server.data.repos[REPO].issues[issue_number].comments) == 1


def test_comments_and_labels_can_be_written_listed_and_removed(
    gh_api: GitHubAPI, issue_number: int
) -> None:
    first = writes.create_issue_comment(gh_api, REPO, number=issue_number, body="one")
    writes.edit_issue_comment(gh_api, REPO, comment_id=first.id, body="two")
    assert [c.body for c in gh_api.list_issue_comments(REPO, issue_number)] == ["two"]
    writes.delete_issue_comment(gh_api, REPO, first.id)
    writes.delete_issue_comment(gh_api, REPO, first.id)  # already gone: fine
    assert gh_api.list_issue_comments(REPO, issue_number) == []

    writes.create_label(gh_api, REPO, name="customer-value", color="#0e8a16")
    writes.create_label(gh_api, REPO, name="customer-value", color="#0e8a16")  # exists: fine
    labels = writes.add_labels(gh_api, REPO, number=issue_number, labels=["customer-value", "x"])
    assert labels == ("customer-value", "x")
    writes.remove_label(gh_api, REPO, number=issue_number, label="x")
    writes.remove_label(gh_api, REPO, number=issue_number, label="x")  # not there: fine
    assert {lab.name for lab in gh_api.list_labels(REPO)} == {"customer-value", "x"}


def test_list_endpoints_follow_link_pagination(gh_server: FakeGitHub, gh_api: GitHubAPI) -> None:
    files = [ChangedFile(f"src/m{i}.py") for i in range(250)]
    pr = gh_server.data.add_pr(REPO, title="Big", user="alice", created_at=now(), files=files)
    pulled = gh_api.list_pull_files(REPO, pr.number)
    assert len(pulled) == 250
    assert pulled[-1].filename == "src/m249.py"
    assert gh_server.count("/repos/<owner>/<name>/pulls/<int:number>/files") == 3


# -- the token stays secret ----------------------------------------------------------------


def test_token_never_appears_in_errors_logs_or_repr(
    gh_server: FakeGitHub,
    caplog: pytest.LogCaptureFixture,
    make_gh_api: MakeApi,
    gh_token: str,
) -> None:
    caplog.set_level(logging.DEBUG)
    api = make_gh_api(attempts=2, max_wait=2)
    failures = [
        lambda: gh_server.fail(5, status=500),
        lambda: gh_server.fail(5, status=401, message="Bad credentials"),
        lambda: gh_server.secondary_limit(5, retry_after=None),
        lambda: gh_server.add_fault(Fault("truncate", 5)),
    ]
    messages = [repr(api)]
    for inject in failures:
        gh_server.faults.clear()
        inject()
        with pytest.raises(GitHubError) as caught:
            api.check_repo(REPO)
        messages += [str(caught.value), repr(caught.value), str(caught.value.__cause__)]
    for text in [*messages, caplog.text]:
        assert gh_token not in text
        assert gh_token[4:20] not in text
    assert os.environ.get("GITHUB_TOKEN") is None


# -- answers no client can follow: one line each, not an internal error or no end --------


@pytest.mark.parametrize(("location", "cause"), [
    ("https://{host}/user", "a redirect from http to https"),
    ("http://localhost:{port}/user", "a redirect from host 127.0.0.1 to localhost"),
    ("{root}/user", "a redirect of {root}/user to {root}/user"),
])
def test_a_redirect_pygithub_will_not_follow_is_one_line(
    gh_server: FakeGitHub, gh_api: GitHubAPI, location: str, cause: str
) -> None:
    root = gh_server.api_url.rstrip("/")
    host = root.split("://", 1)[1]
    where = {"root": root, "host": host, "port": host.rsplit(":", 1)[1]}
    gh_server.add_fault(Fault("raw", path=r"^/user$", status=301, message="",
                              headers={"Location": location.format(**where)}))
    with pytest.raises(GitHubError) as refused:
        gh_api.login()
    assert str(refused.value) == (
        f"GitHub API at {root} answered GET /user (the token's login) with "
        f"{cause.format(**where)}; set --github-url or GITHUB_API_URL to the API root the "
        "server names")


@pytest.mark.parametrize("status", [302, 303, 307, 308])
def test_a_redirect_pygithub_hands_back_is_one_line_and_not_followed(
    gh_server: FakeGitHub, gh_api: GitHubAPI, status: int
) -> None:
    # It ended the run as "malformed JSON" (an issue a pull request names, read through
    # REST, most of all). Not followed: PyGithub would carry the token from https to http.
    root = gh_server.api_url.rstrip("/")
    gh_server.add_fault(Fault("raw", path=r"^/user$", status=status, message="",
                              headers={"Location": "http://localhost/user"}))
    with pytest.raises(GitHubError) as refused:
        gh_api.login()
    assert str(refused.value) == (
        f"GitHub API at {root} answered GET /user (the token's login) with a redirect to "
        "http://localhost/user, which is not followed; set --github-url or "
        "GITHUB_API_URL to the API root the server names")
    assert [(entry.path, entry.status) for entry in gh_server.log] == [("/user", status)]


def test_redirects_that_loop_and_json_nested_too_deep_are_one_line(
    gh_server: FakeGitHub, gh_api: GitHubAPI
) -> None:
    root = gh_server.api_url.rstrip("/")
    for path, there in ((r"^/user$", f"{root}/repos/{REPO}"), (rf"^/repos/{REPO}$", f"{root}/user")):
        gh_server.add_fault(Fault("raw", times=2000, path=path, status=301, message="",
                                  headers={"Location": there}))
    with pytest.raises(GitHubError, match="with redirects that lead back to each other; "):
        gh_api.login()
    gh_server.faults.clear()
    gh_server.add_fault(Fault("raw", path=r"^/user$", status=200,
                              message="[" * 100_000 + "]" * 100_000))
    with pytest.raises(GitHubError, match="sent malformed JSON for GET /user"):
        gh_api.login()


def test_a_read_answered_202_accepted_again_and_again_stops_in_four_asks(
    gh_server: FakeGitHub, gh_api: GitHubAPI
) -> None:
    # GitHub answers 202 only while it computes statistics evidencer never reads; a proxy
    # that says it of everything was asked again every 2 s for half an hour (PyGithub).
    gh_server.add_fault(Fault("raw", times=8, path=r"^/user$", status=202, message="{}"))
    with pytest.raises(GitHubError) as accepted:
        gh_api.login()
    assert str(accepted.value) == (
        f"GitHub API at {gh_server.api_url} answered GET /user (the token's login) with "
        "202 Accepted 4 times in a row (still processing, it says) and never with the "
        "answer; try again later, and check that --github-url points at a GitHub API root")
    assert gh_server.count("/user") == 4
    gh_server.faults.clear()  # the server answers again: so does the next read
    assert gh_api.login() == "alice"


def test_a_list_whose_next_page_loops_stops_with_one_line(
    gh_server: FakeGitHub, gh_api: GitHubAPI
) -> None:
    gh_server.data.add_repo(REPO)
    page = f"{gh_server.api_url.rstrip('/')}/repos/{REPO}/labels?per_page=100"
    label = '[{"id": 1, "name": "bug", "color": "d73a4a", "description": null}]'
    gh_server.add_fault(Fault("raw", times=1000, path=r"/labels", status=200, message=label,
                              headers={"Link": f'<{page}>; rel="next"'}))
    with pytest.raises(GitHubError) as refused:
        gh_api.list_labels(REPO)
    assert str(refused.value) == (
        f"GitHub sent GET /repos/{REPO}/labels a next page it had already sent, in a loop; "
        "stopped there: try again later (evidence collected so far is kept)")
    assert gh_server.count() < 5
    gh_server.faults.clear()
    gh_server.add_fault(Fault("raw", times=1000, path=r"/labels", status=200, message="[]",
                              headers={"Link": f'<{page}&page=2>; rel="next"'}))
    assert gh_api.list_labels(REPO) == []  # an empty page is the end, whatever Link says


def test_a_404_about_one_pull_request_names_it_not_the_repository(
    gh_server: FakeGitHub, gh_api: GitHubAPI
) -> None:
    gh_server.data.add_repo(REPO)
    gh_server.add_fault(Fault("status", path=r"/pulls/7/files", status=404, message="Not Found"))
    with pytest.raises(GitHubStatusError) as refused:
        gh_api.list_pull_files(REPO, 7)
    assert str(refused.value) == (
        f"GitHub found nothing for GET /repos/{REPO}/pulls/7/files (404 Not Found): it was "
        "deleted, or the token cannot read it")


def test_rate_limit_headers_that_are_no_numbers_are_named_not_called_bad_json(
    gh_server: FakeGitHub, gh_api: GitHubAPI
) -> None:
    gh_server.add_fault(Fault("raw", times=10, path=r"^/user$", status=200,
                              message='{"login": "alice"}',
                              headers={"X-RateLimit-Remaining": "abc",
                                       "X-RateLimit-Limit": "5000", "X-RateLimit-Reset": "nan"}))
    with pytest.raises(GitHubError, match="sent rate-limit headers that are no numbers for GET "
                                          "/user"):
        gh_api.login()
