"""Collection through GitHub's GraphQL API: the same evidence as REST for far fewer requests,
and GraphQL's own failure shapes (errors in a 200 answer, heavy queries, points) handled.

The fake server answers GraphQL from the same data as its REST side (tests/support/github/graphql.py).
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from evidencer.errors import GitHubError
from evidencer.github.api import GitHubAPI
from evidencer.github.graphql import actor_login
from evidencer.github.search import graphql_reader, search_windows
from evidencer.model import Evidence, Period, Person
from evidencer.sources.github.collect import CollectStats, collect_github
from evidencer.store.sqlite import EvidenceStore
from tests.support.github.data import ChangedFile, add_closing_references
from tests.support.github.fixtures import TEST_TOKEN, make_api
from tests.support.github.server import FakeGitHub, Fault
from tests.support.gitrepo import GitRepo
from tests.test_cli_github_faults import MERGED, OPEN, World

UTC = dt.timezone.utc
REPO = "acme/widgets"
ALICE = Person(names=("Alice Doe",), emails=("alice@example.com",), logins=("alice",))
PERIOD = Period(dt.date(2024, 1, 1), dt.date(2024, 6, 30))
GRAPHQL = "/graphql"
SEARCH_OP = r"^/graphql\?op=EvidencerSearch"
PAGES_OP = r"^/graphql\?op=EvidencerPullPages"


def at(month: int, day: int, hour: int = 10) -> dt.datetime:
    return dt.datetime(2024, month, day, hour, tzinfo=UTC)


@pytest.fixture
def server(gh_server: FakeGitHub) -> FakeGitHub:
    gh_server.graphql = True
    return gh_server


def build(server: FakeGitHub, *, authored: int = 5, reviewed: int = 4) -> None:
    """alice's work of every kind GitHub collection reads, some of it past one page."""
    data = server.data
    data.add_issue(REPO, number=1, title="Uploads time out", user="dana", created_at=at(1, 2),
                   author_association="NONE", labels=["bug"], state="closed",
                   closed_at=at(2, 2))  # by PR #2, which says "Fixes #1"
    for n in range(authored):
        files = [ChangedFile(f"src/m{n}/f{k}.py", k + 1, k % 3) for k in range(1 + n * 2)]
        data.add_pr(REPO, title=f"Change {n}", user="alice", created_at=at(2, 1 + n),
                    merged_at=at(2, 2 + n), labels=["bug"] if n % 2 else [],
                    body="Fixes #1, closes acme/api#3" if n == 0 else "", files=files)
    big = data.add_pr(REPO, title="Split the upload module", user="alice", created_at=at(3, 1),
                      merged_at=at(3, 2), files=[ChangedFile(f"src/up/f{k}.py") for k in range(230)])
    for k in range(7):  # a PR others weighed in on: the document ranks discussion
        data.add_comment(big, user="bob" if k % 2 else "carol", body=f"Thought {k}",
                         created_at=at(3, 1, 11 + k))
    data.add_pr(REPO, title="Faster CSV export", user="alice", created_at=at(3, 3),
                files=[ChangedFile("src/export.py", 9, 2, "added")])
    for n in range(reviewed):
        author = "renovate[bot]" if n == 0 else "bob"
        pr = data.add_pr(REPO, title=f"Other {n}", user=author, created_at=at(4, 1 + n),
                         merged_at=at(4, 3 + n), merged_by="alice" if n % 2 == 0 else author)
        data.add_review(pr, user="alice", state="APPROVED", submitted_at=at(4, 2 + n),
                        body=f"Looks right {n}")
        data.add_review(pr, user="carol", state="COMMENTED", submitted_at=at(4, 2 + n, 11))
    crowded = data.add_pr(REPO, title="Rework retries", user="bob", created_at=at(5, 1),
                          merged_at=at(5, 20), merged_by="alice")
    for k in range(130):
        data.add_review(crowded, user="carol", state="COMMENTED",
                        submitted_at=at(5, 2) + dt.timedelta(minutes=k))
    data.add_review(crowded, user="alice", state="CHANGES_REQUESTED", submitted_at=at(5, 15),
                    body="One more test")
    data.add_issue(REPO, title="Keep the column order", user="alice", created_at=at(5, 2))
    data.add_issue(REPO, title="Export fails on Windows", user="dana", created_at=at(1, 5),
                   closed_at=at(5, 3), state="closed", assignees=["alice"])
    outside = data.add_issue(REPO, title="Crash on start", user="erin", created_at=at(5, 4),
                             author_association="NONE")
    data.add_comment(outside, user="alice", body="Reproduced", created_at=at(5, 5))
    assert big.number


def collect(api: GitHubAPI, store: EvidenceStore, **options: Any) -> CollectStats:
    settings: dict[str, Any] = {"repos": [REPO], "people": [ALICE], "period": PERIOD,
                                "now": dt.datetime(2024, 7, 1, tzinfo=UTC)}
    settings.update(options)
    return collect_github(api=api, store=store, **settings)


def items_of(store: EvidenceStore) -> dict[str, Evidence]:
    return {item.id: item for item in store.iter_items()}


@pytest.fixture
def stores(tmp_path: Path) -> Iterator[tuple[EvidenceStore, EvidenceStore]]:
    with EvidenceStore(tmp_path / "rest.sqlite3") as rest, \
            EvidenceStore(tmp_path / "graphql.sqlite3") as graphql:
        yield rest, graphql


def test_graphql_and_rest_store_identical_items_for_the_same_data(
    server: FakeGitHub, stores: tuple[EvidenceStore, EvidenceStore]
) -> None:
    build(server)
    rest_store, graphql_store = stores
    with make_api(server, graphql=False) as rest:
        collect(rest, rest_store)
    rest_requests = len(server.log)
    server.log.clear()
    with make_api(server) as graphql:
        stats = collect(graphql, graphql_store)
    assert items_of(graphql_store) == items_of(rest_store)
    stored = items_of(graphql_store)
    assert len(stored[f"pr:{REPO}#7"].paths) == 230  # past the first page of files
    assert stored[f"pr:{REPO}#7"].facts.discussion == 7  # comments it drew, either API
    assert stored[f"pr:{REPO}#2"].facts.discussion is None
    assert stored[f"review:{REPO}#13@alice"].facts.review_states == {"CHANGES_REQUESTED": 1}
    # "closes acme/api#3" names no issue that exists: GitHub links none, REST reads none.
    assert stored[f"pr:{REPO}#2"].facts.linked_issues == (f"{REPO}#1",)
    bots = stored[f"review:{REPO}#9@alice"]
    assert [(a.role, a.login) for a in bots.actors] == [("reviewer", "alice"),
                                                        ("author", "renovate[bot]")]
    # REST only for what GraphQL lacks: the period's comments on an outside user's issue.
    assert server.by_endpoint() == {
        f"POST {GRAPHQL}": 9,
        "GET /repos/<owner>/<name>/issues/<int:number>/comments": 1,
    }
    assert rest_requests > 2 * len(server.log)
    assert stats.points > 0


def test_a_pull_request_closes_what_githubs_list_says_not_what_its_description_names(
    server: FakeGitHub, stores: tuple[EvidenceStore, EvidenceStore]
) -> None:
    add_closing_references(server.data, REPO)
    rest_store, graphql_store = stores
    with make_api(server, graphql=False) as rest:
        collect(rest, rest_store)
    server.log.clear()
    with make_api(server) as graphql:
        collect(graphql, graphql_store)
    assert items_of(graphql_store) == items_of(rest_store)
    merged, still_open = (items_of(graphql_store)[f"pr:{REPO}#{n}"] for n in (12, 13))
    assert merged.facts.linked_issues == (f"{REPO}#3",)  # #5, in the title, is still open
    assert still_open.facts.linked_issues == (f"{REPO}#5", f"{REPO}#3")
    # closingIssuesReferences settles the description; only the title's #5 is read.
    assert [e.path for e in server.log if e.method == "GET"] == [f"/repos/{REPO}/issues/5"]


def test_only_a_pr_with_more_than_a_page_of_files_or_reviews_costs_a_request_more(
    server: FakeGitHub, gh_api: GitHubAPI, tmp_path: Path
) -> None:
    build(server)
    with EvidenceStore(tmp_path / "s.sqlite3") as store:
        collect(gh_api, store)
    follow = [e.query for e in server.log if e.query.get("op") == "EvidencerPullPages"]
    # PR 7: files 101-200 and 201-230; PR 13: reviews 101-131.
    assert [(q["number"], q["files"], q["reviews"]) for q in follow] == [
        ("7", "True", "False"), ("7", "True", "False"), ("13", "False", "True")
    ]


def test_a_rerun_with_nothing_new_costs_one_request_a_query(
    server: FakeGitHub, gh_api: GitHubAPI, tmp_path: Path
) -> None:
    build(server)
    with EvidenceStore(tmp_path / "s.sqlite3") as store:
        first = collect(gh_api, store)
        before = items_of(store)
        server.log.clear()
        again = collect(gh_api, store)
        assert items_of(store) == before
    assert again.incremental == again.queries == first.queries
    assert server.count() == again.queries
    assert server.by_endpoint() == {f"POST {GRAPHQL}": again.queries}


def test_a_502_on_a_heavy_page_is_asked_again_with_a_smaller_page(
    server: FakeGitHub, gh_api: GitHubAPI, stores: tuple[EvidenceStore, EvidenceStore]
) -> None:
    build(server)
    clean, faulty = stores
    collect(gh_api, clean)
    server.log.clear()
    server.fail(2, status=502, path=SEARCH_OP + r".*type%3Apr\+author")
    collect(gh_api, faulty)
    assert items_of(faulty) == items_of(clean)
    asked = [e for e in server.log if e.query.get("q", "").startswith("type:pr author:alice")]
    assert [(e.status, e.query["first"]) for e in asked][:3] == [
        (502, "100"), (502, "50"), (200, "25")
    ]
    later = [e.query["first"] for e in server.log if e.query.get("q", "").startswith("type:issue")]
    assert set(later) == {"100"}  # the next searches start at a full page again


@pytest.mark.parametrize("kind", ["MAX_NODE_LIMIT_EXCEEDED", "EXCESSIVE_PAGINATION", ""],
                         ids=["node-limit", "excessive-pagination", "timeout"])
def test_errors_that_say_the_query_was_too_heavy_are_retried_smaller(
    server: FakeGitHub, gh_api: GitHubAPI, stores: tuple[EvidenceStore, EvidenceStore], kind: str
) -> None:
    build(server)
    clean, faulty = stores
    collect(gh_api, clean)
    server.add_fault(Fault("errors", 1, SEARCH_OP + ".*reviewed-by", message=kind))
    collect(gh_api, faulty)
    assert items_of(faulty) == items_of(clean)


def test_a_query_that_stays_too_heavy_stops_with_one_line_and_keeps_what_came_before(
    server: FakeGitHub, gh_api: GitHubAPI, tmp_path: Path
) -> None:
    build(server)
    server.add_fault(Fault("errors", 9, SEARCH_OP + ".*reviewed-by", message=""))
    with EvidenceStore(tmp_path / "s.sqlite3") as store:
        with pytest.raises(GitHubError) as caught:
            collect(gh_api, store)
        assert f"pr:{REPO}#2" in items_of(store)  # the merged PRs came before
    message = str(caught.value)
    assert message.startswith(f"GitHub API at {server.api_url} kept failing on search ")
    assert "reviewed-by:alice" in message
    assert "even with smaller pages (Something went wrong while executing your query" in message
    assert "\n" not in message
    assert TEST_TOKEN not in message


def test_rate_limited_errors_are_waited_out_until_the_reset(
    server: FakeGitHub, gh_api: GitHubAPI, stores: tuple[EvidenceStore, EvidenceStore],
    caplog: pytest.LogCaptureFixture,
) -> None:
    build(server)
    clean, limited = stores
    collect(gh_api, clean)
    server.exhaust(reset_in=1, path=SEARCH_OP + ".*reviewed-by")
    with caplog.at_level(logging.WARNING):
        collect(gh_api, limited)
    assert items_of(limited) == items_of(clean)
    assert any("GitHub rate limit on search 'type:pr reviewed-by:alice" in r.getMessage()
               for r in caplog.records)


def test_rate_limited_past_max_wait_stops_naming_the_query_and_what_to_do(
    server: FakeGitHub, make_gh_api: Any, tmp_path: Path
) -> None:
    build(server)
    server.graphql = True
    server.exhaust(reset_in=3600, path=SEARCH_OP + ".*reviewed-by")
    api = make_gh_api(max_wait=2)
    with EvidenceStore(tmp_path / "s.sqlite3") as store:
        with pytest.raises(GitHubError) as caught:
            collect(api, store)
        assert f"pr:{REPO}#2" in items_of(store)
    message = str(caught.value)
    assert message.startswith("GitHub rate limit on search 'type:pr reviewed-by:alice")
    assert "more than --max-wait 2 s" in message


@pytest.mark.parametrize("status", [403, 429])
def test_a_secondary_limit_with_retry_after_is_waited_out(
    server: FakeGitHub, gh_api: GitHubAPI, stores: tuple[EvidenceStore, EvidenceStore],
    status: int,
) -> None:
    build(server)
    clean, limited = stores
    collect(gh_api, clean)
    server.secondary_limit(1, status=status, retry_after=1, path=SEARCH_OP)
    started = time.monotonic()
    collect(gh_api, limited)
    assert time.monotonic() - started >= 1  # Retry-After was honoured
    assert items_of(limited) == items_of(clean)


def test_the_points_left_drive_a_wait_for_the_reset_before_github_refuses(
    server: FakeGitHub, gh_api: GitHubAPI, tmp_path: Path
) -> None:
    build(server)
    server.limits["graphql"] = 8  # the run costs 24 points: three renewals
    server.graphql_window = 1
    server.reset_at = int(time.time()) + 1
    with EvidenceStore(tmp_path / "s.sqlite3") as store:
        collect(gh_api, store)
        assert f"review:{REPO}#13@alice" in items_of(store)
    assert server.graphql_resets >= 2
    # It waited instead of spending a request on a refusal.
    assert server.graphql_refusals == 0


def test_a_repository_graphql_cannot_resolve_is_named_like_rests_404(
    server: FakeGitHub, gh_api: GitHubAPI, tmp_path: Path
) -> None:
    build(server)
    server.add_fault(Fault("errors", 1, PAGES_OP, message="NOT_FOUND"))
    with EvidenceStore(tmp_path / "s.sqlite3") as store, pytest.raises(GitHubError) as caught:
        collect(gh_api, store)
    assert str(caught.value).startswith(
        f"{REPO}: repository not found, or the token cannot read it (404 Could not resolve "
        "to a Repository with the name 'acme/widgets'.); check the name given to --github"
    )


def test_an_unsearchable_repository_is_named_as_with_rest(
    server: FakeGitHub, gh_api: GitHubAPI, tmp_path: Path
) -> None:
    with EvidenceStore(tmp_path / "s.sqlite3") as store, pytest.raises(GitHubError) as caught:
        collect(gh_api, store, repos=["acme/nothere"])
    assert str(caught.value).startswith(
        "acme/nothere: repository not found, or the token cannot read it (404 Not Found)"
    )


def test_a_root_without_graphql_is_read_through_rest_after_one_404(
    gh_server: FakeGitHub, gh_api: GitHubAPI, stores: tuple[EvidenceStore, EvidenceStore]
) -> None:
    build(gh_server)
    rest_store, fallback_store = stores
    with make_api(gh_server, graphql=False) as rest:
        collect(rest, rest_store)
    gh_server.log.clear()
    collect(gh_api, fallback_store)
    assert items_of(fallback_store) == items_of(rest_store)
    assert gh_server.count(GRAPHQL) == 1
    assert not gh_api.uses_graphql


def test_a_server_whose_schema_lacks_a_field_is_read_through_rest(
    ghes_server: FakeGitHub, stores: tuple[EvidenceStore, EvidenceStore],
    caplog: pytest.LogCaptureFixture,
) -> None:
    ghes_server.graphql = True
    ghes_server.graphql_lacks.add("closingIssuesReferences")  # an older GHES
    build(ghes_server)
    rest_store, fallback_store = stores
    with make_api(ghes_server, graphql=False) as rest:
        collect(rest, rest_store)
    ghes_server.log.clear()
    with make_api(ghes_server) as api, caplog.at_level(logging.INFO):
        collect(api, fallback_store)
        assert not api.uses_graphql
    assert items_of(fallback_store) == items_of(rest_store)
    assert ghes_server.count(GRAPHQL) == 1
    assert any("has no PullRequest.closingIssuesReferences; reading through REST"
               in r.getMessage() for r in caplog.records)


def test_enterprise_server_roots_ask_graphql_beside_api_v3(
    ghes_server: FakeGitHub, tmp_path: Path
) -> None:
    ghes_server.graphql = True
    build(ghes_server, authored=2, reviewed=1)
    assert ghes_server.api_url.endswith("/api/v3")
    with make_api(ghes_server) as api, EvidenceStore(tmp_path / "s.sqlite3") as store:
        collect(api, store)
        assert f"pr:{REPO}#7" in items_of(store)
    # The fake answers GraphQL only at /api/graphql under an /api/v3 root.
    graphql = [e for e in ghes_server.log if e.endpoint == GRAPHQL]
    assert graphql and all(e.status == 200 for e in graphql)
    assert ghes_server.count("/search/issues") == 0


def test_without_a_token_collection_reads_through_rest() -> None:
    assert not GitHubAPI(base_url="https://api.github.com").uses_graphql
    assert GitHubAPI(base_url="https://api.github.com", token="t").uses_graphql
    assert not GitHubAPI(base_url="https://api.github.com", token="t", graphql=False).uses_graphql


def test_a_github_app_bot_is_one_identity_whichever_api_named_it() -> None:
    assert actor_login({"__typename": "Bot", "login": "renovate"}) == "renovate[bot]"
    assert actor_login({"__typename": "Bot", "login": "renovate[bot]"}) == "renovate[bot]"
    assert actor_login({"__typename": "User", "login": "alice"}) == "alice"
    assert actor_login(None) == ""


def test_more_than_a_thousand_results_come_in_creation_windows_through_graphql(
    server: FakeGitHub, gh_api: GitHubAPI
) -> None:
    start = dt.datetime(2024, 1, 1, tzinfo=UTC)
    for n in range(2500):
        merged = start + dt.timedelta(hours=7) * n
        server.data.add_pr(REPO, title=f"Change {n}", user="alice",
                           created_at=merged - dt.timedelta(hours=1), merged_at=merged)
    query = f"type:pr author:alice is:merged repo:{REPO}"
    pages = search_windows(gh_api, query, field="merged", start=start,
                           end=dt.datetime(2025, 12, 31, 23, 59, 59, tzinfo=UTC),
                           read=graphql_reader(gh_api, files=True))
    numbers = [hit.number for page in pages for hit in page.hits]
    assert sorted(numbers) == list(range(1, 2501))
    assert len(numbers) == len(set(numbers))
    assert server.count(GRAPHQL) == 25  # ⌈2500/100⌉: not one page wasted
    assert server.count("/search/issues") == 0
    windows = {e.query["q"].split()[-2] for e in server.log}  # the last, before sort:
    assert len(windows) == 3


def test_progress_names_the_graphql_points_left(
    server: FakeGitHub, gh_api: GitHubAPI, tmp_path: Path
) -> None:
    build(server)
    seen: list[str] = []
    with EvidenceStore(tmp_path / "s.sqlite3") as store:
        collect(gh_api, store, progress=lambda what, done, total: seen.append(what))
    merged = [what for what in seen if what.startswith("merged pull requests")]
    assert merged[0] == "merged pull requests (4,996 points left)"  # its search cost 4
    left = [int(what.rsplit("(", 1)[1].split()[0].replace(",", "")) for what in seen]
    assert left == sorted(left, reverse=True)


def test_the_json_and_markdown_documents_are_the_same_through_rest_and_graphql(
    repo: GitRepo, gh_server: FakeGitHub, tmp_path: Path
) -> None:
    world = World(repo, gh_server, tmp_path)
    rest = world.brag(store=tmp_path / "rest.sqlite3")
    assert rest.exit_code == 0, rest.output
    assert gh_server.count(GRAPHQL) == 1  # answered 404: this root is read through REST
    gh_server.graphql = True
    gh_server.log.clear()
    graphql = world.brag(store=tmp_path / "graphql.sqlite3")
    assert graphql.exit_code == 0, graphql.output
    assert json.loads(graphql.stdout) == json.loads(rest.stdout)
    assert gh_server.count("/search/issues") == 0
    # A search a query (incidents too); every PR's files and reviews came within its page;
    # REST only for the comments on an outside user's issue.
    assert gh_server.count(GRAPHQL) == 7
    assert gh_server.count() == 7 + 2  # and GET /user
    # The last --format wins: the Markdown documents from the two stores.
    markdown = world.brag("--format", "markdown", store=tmp_path / "graphql.sqlite3")
    gh_server.graphql = False
    rest_markdown = world.brag("--format", "markdown", store=tmp_path / "rest.sqlite3")
    assert markdown.exit_code == rest_markdown.exit_code == 0
    assert markdown.stdout == rest_markdown.stdout
    assert "Show export progress" in markdown.stdout


def test_a_graphql_limit_past_max_wait_stops_the_brag_with_one_line_keeping_the_rest(
    repo: GitRepo, gh_server: FakeGitHub, tmp_path: Path
) -> None:
    world = World(repo, gh_server, tmp_path)
    gh_server.graphql = True
    gh_server.exhaust(reset_in=3600, path=SEARCH_OP + ".*reviewed-by")
    failed = world.brag()
    assert failed.exit_code == 1
    lines = failed.stderr.splitlines()
    assert len(lines) == 1, failed.stderr
    assert lines[0].startswith("evidencer: error: GitHub rate limit on search 'type:pr "
                               "reviewed-by:alice")
    assert "more than --max-wait 2 s" in lines[0]
    assert TEST_TOKEN not in failed.output
    assert {MERGED, OPEN} <= set(world.stored())


@pytest.mark.parametrize("kind", ["truncate", "garbage"])
def test_an_unreadable_answer_once_is_asked_again_to_the_same_items(
    server: FakeGitHub, gh_api: GitHubAPI, stores: tuple[EvidenceStore, EvidenceStore], kind: str
) -> None:
    build(server)
    clean, faulty = stores
    collect(gh_api, clean)
    server.add_fault(Fault(kind, 1, SEARCH_OP + ".*type%3Aissue"))
    collect(gh_api, faulty)
    assert items_of(faulty) == items_of(clean)


def test_an_answer_that_stays_unreadable_is_malformed_naming_the_search(
    server: FakeGitHub, gh_api: GitHubAPI, tmp_path: Path
) -> None:
    build(server)
    server.add_fault(Fault("garbage", 9, SEARCH_OP + ".*type%3Aissue"))
    with EvidenceStore(tmp_path / "s.sqlite3") as store:
        with pytest.raises(GitHubError) as caught:
            collect(gh_api, store)
        assert f"review:{REPO}#13@alice" in items_of(store)
    assert str(caught.value).startswith(
        f"GitHub API at {server.api_url} sent malformed JSON for search 'type:issue author:alice"
    )


@pytest.mark.parametrize("status", [200, 302])
def test_an_answer_without_a_body_is_malformed_not_an_internal_error(
    server: FakeGitHub, gh_api: GitHubAPI, tmp_path: Path, status: int
) -> None:
    # PyGithub reads `"errors" in None` of an empty answer: "internal error: TypeError"
    build(server)
    server.add_fault(Fault("raw", 9, SEARCH_OP + ".*type%3Aissue", method="POST",
                           status=status, message=""))
    with EvidenceStore(tmp_path / "s.sqlite3") as store, pytest.raises(GitHubError) as caught:
        collect(gh_api, store)
    assert str(caught.value).startswith(
        f"GitHub API at {server.api_url} sent malformed JSON for search 'type:issue author:alice"
    )


def test_an_error_message_echoing_the_token_does_not_print_it(
    server: FakeGitHub, gh_api: GitHubAPI, tmp_path: Path
) -> None:
    build(server)
    server.add_fault(Fault("errors", 1, SEARCH_OP, message=f"bad token {TEST_TOKEN}"))
    with EvidenceStore(tmp_path / "s.sqlite3") as store, pytest.raises(GitHubError) as caught:
        collect(gh_api, store)
    assert TEST_TOKEN not in str(caught.value)
    assert TEST_TOKEN not in repr(caught.value.__cause__)


def test_a_rerun_after_changes_stores_what_rests_rerun_stores(
    server: FakeGitHub, stores: tuple[EvidenceStore, EvidenceStore]
) -> None:
    build(server)
    dropped = server.data.add_pr(REPO, title="Drop the legacy exporter", user="alice",
                                 created_at=at(6, 1),
                                 files=[ChangedFile("src/legacy.py", 0, 90, "removed")])
    rest_store, graphql_store = stores
    rest, graphql = make_api(server, graphql=False), make_api(server)
    with rest, graphql:
        collect(rest, rest_store)
        collect(graphql, graphql_store)
        assert items_of(graphql_store)[f"pr:{REPO}#{dropped.number}"].facts.state == "open"
        later = dt.datetime(2024, 7, 1, 12, tzinfo=UTC)
        merged = server.data.repos[REPO].issues[8]
        merged.state, merged.merged_at, merged.closed_at, merged.updated_at = (
            "closed", later, later, later)
        merged.merged_by = "alice"
        dropped.state, dropped.closed_at, dropped.updated_at = "closed", later, later
        fresh = server.data.add_pr(REPO, title="Stream the export", user="alice",
                                   created_at=at(6, 20), updated_at=later,
                                   files=[ChangedFile("src/stream.py", 40)])
        options = {"now": dt.datetime(2024, 7, 2, tzinfo=UTC)}
        server.log.clear()
        collect(rest, rest_store, **options)
        rest_requests = server.count()
        server.log.clear()
        again = collect(graphql, graphql_store, **options)
    assert items_of(graphql_store) == items_of(rest_store)
    stored = items_of(graphql_store)
    assert stored[f"pr:{REPO}#8"].facts.state == "merged"
    assert f"pr:{REPO}#{dropped.number}" not in stored  # closed unmerged: not in progress
    assert stored[f"pr:{REPO}#{fresh.number}"].paths == ("src/stream.py",)
    assert server.count() == again.queries < rest_requests


def test_a_forbidden_answer_says_what_github_said_not_to_check_the_login(
    server: FakeGitHub, gh_api: GitHubAPI, tmp_path: Path
) -> None:
    """An organization's SAML single sign-on answers a search with type FORBIDDEN: the
    token needs authorizing there; the --author login is not the problem."""
    build(server)
    server.add_fault(Fault("errors", 1, SEARCH_OP + ".*reviewed-by", message="FORBIDDEN"))
    with EvidenceStore(tmp_path / "s.sqlite3") as store, pytest.raises(GitHubError) as caught:
        collect(gh_api, store)
    message = str(caught.value)
    assert "(403 Resource protected by organization SAML enforcement." in message
    assert "the token lacks the permission" in message
    assert "--author" not in message
