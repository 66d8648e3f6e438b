"""Pull requests the person merged for someone else: their ``merger``, found at no extra cost.

Search has no ``merged-by:``; the timeline read for each reviewed PR also names its merger.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest

from evidencer.github.api import GitHubAPI
from evidencer.identity import Matcher
from evidencer.model import Period, Person
from evidencer.sources.git.collect import iter_git_evidence
from evidencer.sources.github.collect import collect_github
from evidencer.store.sqlite import EvidenceStore
from tests.support.github.server import FakeGitHub
from tests.support.gitrepo import GitRepo

UTC = dt.timezone.utc
REPO = "acme/widgets"
ALICE = Person(names=("Alice Doe",), emails=("alice@example.com",), logins=("alice",))
PERIOD = Period(dt.date(2024, 1, 1), dt.date(2024, 6, 30))
TIMELINE = "/repos/<owner>/<name>/issues/<int:number>/timeline"
PULL = "/repos/<owner>/<name>/pulls/<int:number>"


def at(month: int, day: int) -> dt.datetime:
    return dt.datetime(2024, month, day, 10, tzinfo=UTC)


@pytest.fixture
def store(tmp_path: Path) -> Iterator[EvidenceStore]:
    with EvidenceStore(tmp_path / "evidence.sqlite3") as opened:
        yield opened


def collect(api: GitHubAPI, store: EvidenceStore) -> None:
    collect_github(api=api, repos=[REPO], people=[ALICE], period=PERIOD, store=store)


def roles(store: EvidenceStore, item_id: str) -> list[tuple[str, str]]:
    item = store.get(item_id)
    assert item is not None, item_id
    return [(a.role, a.login or a.email) for a in item.actors]


def test_pull_request_reviewed_and_merged_for_someone_else_makes_the_person_its_merger(
    gh_server: FakeGitHub, gh_api: GitHubAPI, store: EvidenceStore
) -> None:
    bobs = gh_server.data.add_pr(REPO, title="Cache tokens", user="bob", created_at=at(2, 1),
                                 merged_at=at(2, 5), merged_by="alice", labels=["perf"])
    gh_server.data.add_review(bobs, user="alice", state="APPROVED", submitted_at=at(2, 4))
    collect(gh_api, store)

    assert roles(store, f"pr:{REPO}#1") == [("author", "bob"), ("merger", "alice")]
    merged = store.get(f"pr:{REPO}#1")
    assert merged is not None
    assert (merged.kind, merged.date, merged.labels) == ("pull_request", at(2, 5), ("perf",))
    assert roles(store, f"review:{REPO}#1@alice") == [("reviewer", "alice"), ("author", "bob")]
    # The reviews and the merger came from one call; no GET /pulls/{n} per PR.
    assert gh_server.count(TIMELINE) == 1
    assert gh_server.count(PULL) == 0


def test_merge_by_someone_else_or_outside_the_period_makes_no_merger_item(
    gh_server: FakeGitHub, gh_api: GitHubAPI, store: EvidenceStore
) -> None:
    data = gh_server.data
    by_carol = data.add_pr(REPO, title="By carol", user="bob", created_at=at(2, 1),
                           merged_at=at(2, 5), merged_by="carol")
    data.add_review(by_carol, user="alice", state="APPROVED", submitted_at=at(2, 4))
    late = data.add_pr(REPO, title="Merged in July", user="bob", created_at=at(6, 1),
                       merged_at=at(7, 2), merged_by="alice")
    data.add_review(late, user="alice", state="APPROVED", submitted_at=at(6, 20))
    collect(gh_api, store)

    assert store.get(f"pr:{REPO}#1") is None
    assert store.get(f"pr:{REPO}#2") is None  # merged after the period: not this period's act
    assert store.get(f"review:{REPO}#2@alice") is not None  # the review was in the period


def test_merge_commit_in_the_clone_and_the_merge_seen_on_github_are_one_item(
    gh_server: FakeGitHub, gh_api: GitHubAPI, store: EvidenceStore, tmp_path: Path
) -> None:
    clone = GitRepo(tmp_path / "widgets")
    clone.commit("Start", date="2024-01-02T10:00:00+00:00")
    clone.branch("cache")
    clone.commit("Cache tokens", author=("Bob Roe", "bob@example.com"),
                 date="2024-02-01T10:00:00+00:00")
    clone.merge_pr(1, "cache", "Cache tokens", merger=("Alice Doe", "alice@example.com"),
                   date="2024-02-05T10:00:00+00:00")
    store.upsert(iter_git_evidence(clone.path, matchers=[Matcher(ALICE)], period=PERIOD,
                                   warn=print))
    bobs = gh_server.data.add_pr(REPO, title="Cache tokens", user="bob", created_at=at(2, 1),
                                 merged_at=at(2, 5), merged_by="alice")
    gh_server.data.add_review(bobs, user="alice", state="APPROVED", submitted_at=at(2, 4))
    collect(gh_api, store)

    item = store.get(f"pr:{REPO}#1")
    assert item is not None
    assert set(item.sources) == {"git", "github"}
    assert ("merger", "alice") in [(a.role, a.login) for a in item.actors]
    assert Matcher(ALICE).roles(item) == ("merger",)
