"""A rate limit that is not waited out says why: the limit itself, or the spent budget.

"it lifts in 1 s, more than --max-wait 1.5 s" was false when the request had already
waited most of its --max-wait on earlier limits: the message names the spent budget.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner

from evidencer.cli.main import cli
from evidencer.errors import GitHubError
from evidencer.github.api import GitHubAPI
from tests.support.github.fixtures import TEST_TOKEN
from tests.support.github.server import FakeGitHub

MakeApi = Callable[..., GitHubAPI]


def test_a_spent_wait_budget_is_named_not_the_short_limit(
    gh_server: FakeGitHub, make_gh_api: MakeApi
) -> None:
    gh_server.secondary_limit(times=5, retry_after=1)
    api = make_gh_api(max_wait=1.5)
    with pytest.raises(GitHubError) as caught:
        api.login()
    assert str(caught.value) == (
        "GitHub rate limit on GET /user (the token's login): this request already waited "
        "1 s of its --max-wait 1.5 s on rate limits and retries, and the limit lifts in 1 s "
        "more, past that budget; rerun later (evidence collected so far is kept) or raise "
        "--max-wait"
    )
    assert [e.status for e in gh_server.log] == [403, 403]


def test_a_limit_longer_than_max_wait_alone_still_says_so(
    gh_server: FakeGitHub, make_gh_api: MakeApi
) -> None:
    gh_server.secondary_limit(times=1, retry_after=30)
    with pytest.raises(GitHubError) as caught:
        make_gh_api(max_wait=10).login()
    assert str(caught.value) == (
        "GitHub rate limit on GET /user (the token's login): it lifts in 30 s, more than "
        "--max-wait 10 s; rerun later (evidence collected so far is kept) or raise --max-wait"
    )


def test_a_limit_repeated_past_the_number_of_waits_says_it_keeps_refusing(
    gh_server: FakeGitHub, make_gh_api: MakeApi
) -> None:
    gh_server.secondary_limit(times=20, retry_after=0)
    with pytest.raises(GitHubError) as caught:
        make_gh_api(max_wait=30).login()
    assert str(caught.value) == (
        "GitHub rate limit on GET /user (the token's login): still limited after 10 waits "
        "(0 s); GitHub keeps refusing this request; rerun later (evidence collected so far "
        "is kept)"
    )
    assert gh_server.count("/user") == 11


def test_the_cli_names_the_spent_budget_in_one_line(
    gh_server: FakeGitHub, tmp_path: Path
) -> None:
    gh_server.data.add_pr("acme/widgets", number=12, title="Retry uploads", user="alice",
                          created_at=dt.datetime(2026, 3, 2, tzinfo=dt.timezone.utc))
    gh_server.secondary_limit(times=5, retry_after=1, path="^/repos/acme/widgets/pulls/12$")
    env = {"GITHUB_TOKEN": TEST_TOKEN, "GITHUB_API_URL": gh_server.api_url}
    result = CliRunner().invoke(
        cli, ["pr-comment", "--github", "acme/widgets", "--pr", "12", "--dry-run",
              "--max-wait", "1.5"], env=env)
    assert result.exit_code == 1, result.output
    assert result.stderr == (
        "evidencer: error: GitHub rate limit on GET /repos/acme/widgets/pulls/12: this "
        "request already waited 1 s of its --max-wait 1.5 s on rate limits and retries, and "
        "the limit lifts in 1 s more, past that budget; rerun later (evidence collected so "
        "far is kept) or raise --max-wait\n"
    )
