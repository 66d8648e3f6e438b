"""Issue search: 100 results a page, and date windows that keep every query under 1,000.

Runs against the fake server's real search; request counts come from its log.
"""

from __future__ import annotations

import datetime as dt

import pytest

from evidencer.errors import GitHubError
from evidencer.github.api import GitHubAPI, GitHubStatusError
from evidencer.github.records import IssueHit, SearchPage
from evidencer.github.search import search_windows
from tests.support.github.server import FakeGitHub

UTC = dt.timezone.utc
START = dt.datetime(2024, 1, 1, tzinfo=UTC)
END = dt.datetime(2025, 12, 31, 23, 59, 59, tzinfo=UTC)
REPO = "acme/widgets"
QUERY = f"type:pr author:alice is:merged repo:{REPO}"
SEARCH = "/search/issues"


def _merged_prs(
    server: FakeGitHub, count: int, *, every: dt.timedelta, first: dt.datetime = START
) -> None:
    for n in range(count):
        merged = first + every * n
        server.data.add_pr(
            REPO,
            title=f"Change {n}",
            user="alice",
            created_at=merged - dt.timedelta(hours=1),
            merged_at=merged,
        )


def _numbers(api: GitHubAPI) -> list[int]:
    pages = search_windows(api, QUERY, field="merged", start=START, end=END)
    return [hit.number for page in pages for hit in page.hits]


def test_results_come_a_hundred_a_page_following_link_headers(
    gh_server: FakeGitHub, gh_api: GitHubAPI
) -> None:
    _merged_prs(gh_server, 250, every=dt.timedelta(days=1))
    assert sorted(_numbers(gh_api)) == list(range(1, 251))
    searches = [e for e in gh_server.log if e.endpoint == SEARCH]
    assert len(searches) == 3
    assert searches[0].query["per_page"] == "100"


def test_more_than_a_thousand_results_come_in_creation_windows_and_none_is_missed(
    gh_server: FakeGitHub, gh_api: GitHubAPI
) -> None:
    _merged_prs(gh_server, 2500, every=dt.timedelta(hours=7))
    numbers = _numbers(gh_api)
    assert sorted(numbers) == list(range(1, 2501))
    assert len(numbers) == len(set(numbers))  # windows do not overlap
    assert {e.status for e in gh_server.log} == {200}  # never asked past the 1,000 cap
    assert gh_server.count(SEARCH) == 25  # ⌈2500/100⌉: not one page wasted
    windows = {e.query["q"].rsplit(" ", 1)[-1] for e in gh_server.log}
    assert len(windows) == 3


def test_results_bunched_in_a_short_time_are_all_found(
    gh_server: FakeGitHub, gh_api: GitHubAPI
) -> None:
    _merged_prs(gh_server, 1100, every=dt.timedelta(minutes=1), first=START + dt.timedelta(days=30))
    _merged_prs(gh_server, 10, every=dt.timedelta(days=60))
    assert sorted(_numbers(gh_api)) == list(range(1, 1111))


def test_results_created_in_the_same_second_at_a_window_boundary_are_not_lost(
    gh_server: FakeGitHub, gh_api: GitHubAPI
) -> None:
    _merged_prs(gh_server, 998, every=dt.timedelta(minutes=5))
    tie = START + dt.timedelta(days=200)
    for n in range(5):
        gh_server.data.add_pr(
            REPO,
            title=f"Bot bump {n}",
            user="alice",
            created_at=tie,
            merged_at=tie + dt.timedelta(hours=1),
        )
    _merged_prs(gh_server, 200, every=dt.timedelta(minutes=5), first=tie + dt.timedelta(days=1))
    numbers = _numbers(gh_api)
    assert sorted(numbers) == list(range(1, 1204))
    assert len(numbers) == len(set(numbers))
    assert gh_server.count(SEARCH) == 10 + 2 + 1  # the cut-off second asked once


def test_server_refuses_pages_past_the_thousandth_result(
    gh_server: FakeGitHub, gh_api: GitHubAPI
) -> None:
    _merged_prs(gh_server, 1050, every=dt.timedelta(hours=1))
    first = gh_api.search_page(QUERY)
    assert first.total_count == 1050
    assert first.next_url is not None
    past_cap = first.next_url.replace("page=2", "page=11")
    with pytest.raises(GitHubStatusError, match="Only the first 1000 search results"):
        gh_api.search_page(QUERY, page_url=past_cap)


def test_a_search_whose_next_page_loops_stops_with_one_line(gh_api: GitHubAPI) -> None:
    """A GraphQL cursor (or REST page) that comes back ends the search with one line, not
    with requests until the rate limit is spent."""
    when = dt.datetime(2026, 3, 1, tzinfo=dt.timezone.utc)
    hit = IssueHit(repo="acme/widgets", number=1, title="t", body="", html_url="", state="open",
                   user="alice", author_association="MEMBER", labels=(), assignees=(),
                   created_at=when, updated_at=when, closed_at=None, is_pull=True,
                   merged_at=None, draft=False)
    asked: list[str | None] = []

    def read(query: str, cursor: str | None) -> SearchPage:
        asked.append(cursor)
        return SearchPage(hits=(hit,), total_count=500, incomplete=False, next_url="Y3Vyc29y")

    with pytest.raises(GitHubError, match="a next page it had already sent, in a loop"):
        list(search_windows(gh_api, "author:alice", field="created", start=when,
                            end=when + dt.timedelta(days=30), read=read))
    assert asked == [None, "Y3Vyc29y"]
