"""Reruns ask only for what changed; failures keep what was stored; the token stays out.

Request counts come from the fake server's log, never from timings.
"""

from __future__ import annotations

import datetime as dt
import logging
import re
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from evidencer.errors import GitHubError
from evidencer.github.api import GitHubAPI
from evidencer.model import Period, Person, parse_datetime
from evidencer.sources.github.collect import CollectStats, collect_github
from evidencer.store.sqlite import EvidenceStore
from tests.support.github.data import ChangedFile, Issue, now
from tests.support.github.server import FakeGitHub

UTC = dt.timezone.utc
REPO = "acme/widgets"
ALICE = Person(logins=("alice",))
PERIOD = Period(dt.date(2024, 1, 1), dt.date(2024, 12, 31))
SEARCH = "/search/issues"
FILES = "/repos/<owner>/<name>/pulls/<int:number>/files"


def at(month: int, day: int) -> dt.datetime:
    return dt.datetime(2024, month, day, 10, tzinfo=UTC)


@pytest.fixture
def store(tmp_path: Path) -> Iterator[EvidenceStore]:
    with EvidenceStore(tmp_path / "evidence.sqlite3") as opened:
        yield opened


def collect(api: GitHubAPI, store: EvidenceStore, period: Period = PERIOD) -> CollectStats:
    return collect_github(api=api, repos=[REPO], people=[ALICE], period=period, store=store)


def _busy_year(server: FakeGitHub, prs: int = 30) -> None:
    data = server.data
    for n in range(prs):
        data.add_pr(
            REPO,
            title=f"Change {n}",
            user="alice",
            created_at=at(1 + n % 12, 1),
            merged_at=at(1 + n % 12, 2),
            files=[ChangedFile(f"src/m{n}.py")],
        )
    bobs = data.add_pr(REPO, title="Bob's", user="bob", created_at=at(3, 1), merged_at=at(3, 5))
    data.add_review(bobs, user="alice", state="APPROVED", submitted_at=at(3, 4))
    outside = data.add_issue(
        REPO, title="Help", user="dana", created_at=at(6, 1), author_association="NONE"
    )
    data.add_comment(outside, user="alice", body="On it", created_at=at(6, 2))
    data.add_issue(REPO, title="Mine", user="alice", created_at=at(7, 1))


def test_rerun_with_nothing_new_costs_one_request_a_query(
    gh_server: FakeGitHub, gh_api: GitHubAPI, store: EvidenceStore
) -> None:
    _busy_year(gh_server)
    first = collect(gh_api, store)
    stored = store.count()
    gh_server.log.clear()

    again = collect(gh_api, store)
    assert again.incremental == again.queries == first.queries == 6
    assert gh_server.count() == gh_server.count(SEARCH) == 6  # budget: 2 a query
    assert store.count() == stored
    # Each asks only for what changed since the last sync, less a small overlap.
    for entry in gh_server.log:
        since = re.search(r"updated:(?:>=)?(\S+?)(?:\.\.|\s|$)", entry.query["q"])
        assert since is not None
        assert parse_datetime(since.group(1)) >= now() - dt.timedelta(hours=1)


def test_rerun_finds_work_updated_since_the_last_sync(
    gh_server: FakeGitHub, gh_api: GitHubAPI, store: EvidenceStore
) -> None:
    _busy_year(gh_server)
    collect(gh_api, store)
    late = gh_server.data.add_pr(
        REPO,
        title="Late label",
        user="alice",
        created_at=at(11, 1),
        merged_at=at(11, 2),
        updated_at=now(),
        labels=["customer"],
        files=[ChangedFile("docs/a.md")],
    )
    outside = next(i for i in gh_server.data.repos[REPO].issues.values() if i.title == "Help")
    gh_server.data.add_comment(outside, user="alice", body="Released", created_at=at(12, 1))
    outside.updated_at = now()
    gh_server.log.clear()

    stats = collect(gh_api, store)
    assert stats.incremental == 6
    assert store.get(f"pr:{REPO}#{late.number}") is not None
    comment = store.get(f"comment:{REPO}#{outside.number}@alice")
    assert comment is not None and comment.facts.comments == 2
    assert gh_server.count(FILES) == 1


def test_period_the_last_sync_did_not_cover_is_asked_in_full(
    gh_server: FakeGitHub, gh_api: GitHubAPI, store: EvidenceStore
) -> None:
    _busy_year(gh_server)
    collect(gh_api, store, Period(dt.date(2024, 6, 1), dt.date(2024, 12, 31)))
    earlier = collect(gh_api, store, PERIOD)
    assert earlier.incremental == 0
    assert store.get(f"pr:{REPO}#1") is not None  # merged in January


def test_evidence_stored_before_a_failure_survives_and_a_rerun_resumes(
    gh_server: FakeGitHub, store: EvidenceStore, make_gh_api: Callable[..., GitHubAPI]
) -> None:
    _busy_year(gh_server, prs=250)
    gh_server.fail(50, status=502, path=r"^/search/issues\?.*page=2")
    api = make_gh_api(attempts=2)
    with pytest.raises(GitHubError, match="kept failing on search"):
        collect(api, store)
    kept = [i for i in store.iter_items() if i.kind == "pull_request"]
    assert len(kept) == 100
    assert all(item.paths for item in kept)  # per-item calls finished before the error

    gh_server.faults.clear()
    gh_server.log.clear()
    stats = collect(api, store)
    assert stats.incremental == 0  # the failed query never recorded a sync
    assert len([i for i in store.iter_items() if i.kind == "pull_request"]) == 250
    assert gh_server.count(FILES) == 150  # the first 100 already had their paths


def test_failed_per_item_call_keeps_the_search_page(
    gh_server: FakeGitHub, store: EvidenceStore, make_gh_api: Callable[..., GitHubAPI]
) -> None:
    _busy_year(gh_server, prs=5)
    gh_server.fail(20, status=500, path=r"/pulls/3/files")
    with pytest.raises(GitHubError, match=r"kept failing on GET /repos/acme/widgets/pulls/3/files"):
        collect(make_gh_api(attempts=2), store)
    stored = {i.number: i for i in store.iter_items() if i.kind == "pull_request"}
    assert sorted(stored) == [1, 2, 3, 4, 5]
    assert stored[3].paths == ()
    assert stored[1].paths == ("src/m0.py",)


def test_token_never_reaches_the_store_the_logs_or_the_errors(
    gh_server: FakeGitHub,
    store: EvidenceStore,
    make_gh_api: Callable[..., GitHubAPI],
    gh_token: str,
    caplog: pytest.LogCaptureFixture,
    tmp_path: Path,
) -> None:
    caplog.set_level(logging.DEBUG)
    _busy_year(gh_server)
    gh_server.fail(1, status=502)
    gh_server.secondary_limit(1, retry_after=1)
    api = make_gh_api()
    collect(api, store)
    gh_server.fail(50, status=500, path="^/search/issues")
    with pytest.raises(GitHubError) as caught:
        collect(make_gh_api(attempts=2), store)
    store.close()
    stored = b"".join(p.read_bytes() for p in tmp_path.glob("evidence.sqlite3*"))
    assert gh_token.encode() not in stored
    for text in (caplog.text, str(caught.value), repr(caught.value), repr(api)):
        assert gh_token not in text


def _open_then_closed(
    server: FakeGitHub, store: EvidenceStore, api: GitHubAPI, **options: bool
) -> tuple[Issue, CollectStats]:
    """An open PR is collected, then closed without merging; the rerun's outcome."""
    pr = server.data.add_pr(REPO, title="Try a new cache", user="alice", created_at=at(3, 1),
                            files=[ChangedFile("src/cache.py")])
    collect_github(api=api, repos=[REPO], people=[ALICE], period=PERIOD, store=store, **options)
    stored = store.get(f"pr:{REPO}#{pr.number}")
    assert stored is not None and stored.facts.state == "open"
    pr.state, pr.closed_at, pr.updated_at = "closed", now(), now()
    server.log.clear()
    return pr, collect_github(
        api=api, repos=[REPO], people=[ALICE], period=PERIOD, store=store, **options
    )


def test_open_pull_request_closed_without_merging_leaves_the_store_on_rerun(
    gh_server: FakeGitHub, gh_api: GitHubAPI, store: EvidenceStore
) -> None:
    pr, stats = _open_then_closed(gh_server, store, gh_api)
    assert store.get(f"pr:{REPO}#{pr.number}") is None  # no longer "in progress"
    assert stats.removed == 1
    assert gh_server.count() == gh_server.count(SEARCH) == 6  # still one request a query
    # The rerun asks for the person's PRs changed since, in any state, not only open ones.
    assert any(
        e.query["q"].startswith(f"type:pr author:alice repo:{REPO} updated:>=")
        for e in gh_server.log
    )


def test_open_pull_request_closed_unmerged_is_kept_marked_closed_when_closed_ones_are_asked_for(
    gh_server: FakeGitHub, gh_api: GitHubAPI, store: EvidenceStore
) -> None:
    pr, _ = _open_then_closed(gh_server, store, gh_api, include_closed=True)
    closed = store.get(f"pr:{REPO}#{pr.number}")
    assert closed is not None
    assert closed.facts.state == "closed"
    assert closed.date == pr.closed_at


@pytest.mark.parametrize(
    "merged_at",
    [at(12, 1), dt.datetime(2025, 1, 10, 10, tzinfo=UTC)],
    ids=["in-the-period", "after-the-period"],
)
def test_open_pull_request_merged_since_is_stored_as_merged_on_rerun(
    gh_server: FakeGitHub, gh_api: GitHubAPI, store: EvidenceStore, merged_at: dt.datetime
) -> None:
    pr = gh_server.data.add_pr(REPO, title="Faster export", user="alice", created_at=at(3, 1))
    collect(gh_api, store)
    pr.state, pr.merged_at, pr.closed_at, pr.updated_at = "closed", merged_at, merged_at, now()
    pr.merged_by = "alice"
    collect(gh_api, store)
    merged = store.get(f"pr:{REPO}#{pr.number}")
    assert merged is not None
    # Dated by the merge: merged after the period, it is no longer this period's work.
    assert (merged.facts.state, merged.date) == ("merged", merged_at)
