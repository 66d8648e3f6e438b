"""GitHub answers with optional fields null or missing: collection and the PR bot go on.

A fake server whose JSON drops or nulls the fields hypothesis picks (deleted users are
``null``, bodies are ``null``, a deleted fork leaves ``head.repo`` null); the person's
pull requests, reviews, issues and comments are still collected, and nothing crashes.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from evidencer.github.api import GitHubAPI
from evidencer.model import Period, Person
from evidencer.sources.github.collect import collect_github
from evidencer.store.sqlite import EvidenceStore
from tests.support.actionrun import Step, seed_pull
from tests.support.github.actions import ActionsGitHub
from tests.support.github.data import ChangedFile, Comment, Issue, Review
from tests.support.github.fixtures import TEST_TOKEN
from tests.support.github.shapes import Shapes

UTC = dt.timezone.utc
REPO = "acme/widgets"
PERIOD = Period(dt.date(2026, 1, 1), dt.date(2026, 6, 30))
ALICE = Person(names=("Alice Doe",), emails=("alice@example.com",), logins=("alice",))
MISSING = object()  # the key is left out, rather than set to null

ISSUE_FIELDS = ["body", "user", "labels", "assignee", "assignees", "closed_at", "milestone",
                "author_association", "html_url", "draft", "state_reason", "reactions",
                "pull_request.merged_at", "comments"]
PULL_FIELDS = ["body", "merged_by", "head.repo", "base.repo", "labels", "additions",
               "deletions", "changed_files", "merge_commit_sha", "requested_reviewers",
               "user", "html_url", "head"]
REVIEW_FIELDS = ["user", "body", "html_url", "author_association", "commit_id"]
COMMENT_FIELDS = ["user", "body", "html_url", "author_association"]
EVENT_FIELDS = ["actor", "created_at", "commit_id"]


def _drop(data: dict[str, Any], fields: set[str], how: object) -> dict[str, Any]:
    for name in fields:
        *parents, leaf = name.split(".")
        target: Any = data
        for part in parents:
            target = target.get(part) if isinstance(target, dict) else None
        if isinstance(target, dict) and leaf in target:
            if how is MISSING:
                del target[leaf]
            else:
                target[leaf] = None
    return data


class NullShapes(Shapes):
    def __init__(self, api: str, web: str, data: Any, nulls: dict[str, set[str]],
                 how: object) -> None:
        super().__init__(api, web, data)
        self.nulls, self.how = nulls, how

    def issue(self, issue: Issue, *, score: bool = False) -> dict[str, Any]:
        return _drop(super().issue(issue, score=score), self.nulls["issue"], self.how)

    def pull(self, issue: Issue) -> dict[str, Any]:
        return _drop(super().pull(issue), self.nulls["pull"], self.how)

    def review(self, issue: Issue, review: Review) -> dict[str, Any]:
        return _drop(super().review(issue, review), self.nulls["review"], self.how)

    def comment(self, issue: Issue, comment: Comment) -> dict[str, Any]:
        return _drop(super().comment(issue, comment), self.nulls["comment"], self.how)

    def timeline(self, issue: Issue) -> list[dict[str, Any]]:
        events = super().timeline(issue)
        return [_drop(e, self.nulls["event"], self.how) if e.get("event") == "merged" else e
                for e in events]


class NullGitHub(ActionsGitHub):
    nulls: dict[str, set[str]]
    how: object = None

    @property
    def shapes(self) -> Shapes:
        return NullShapes(self.api_url, self.root, self.data, self.nulls, self.how)


@pytest.fixture(scope="module")
def server() -> Iterator[NullGitHub]:
    """One server for every example (the data is only read); each sets its own nulls."""
    made = NullGitHub().start()
    made.tokens[TEST_TOKEN] = "alice"
    made.data.add_user("alice", name="Alice Doe")
    when = dt.datetime(2026, 3, 2, 10, tzinfo=UTC)
    data = made.data
    data.add_pr(REPO, number=12, title="Retry uploads", user="alice", created_at=when,
                merged_at=when, labels=["bug"], body="Fixes #15",
                files=[ChangedFile("src/upload.py")])
    data.add_pr(REPO, number=14, title="Faster export", user="alice", created_at=when,
                files=[ChangedFile("src/export.py")])
    bobs = data.add_pr(REPO, number=13, title="Show progress", user="bob", created_at=when,
                       merged_at=when, merged_by="alice")
    data.add_review(bobs, user="alice", state="APPROVED", submitted_at=when, body="LGTM")
    report = data.add_issue(REPO, number=15, title="Export fails", user="dana",
                            created_at=when, author_association="NONE")
    data.add_comment(report, user="alice", body="Reproduced", created_at=when)
    data.add_issue(REPO, number=16, title="Keep column order", user="alice", created_at=when)
    try:
        yield made
    finally:
        made.stop()


def subsets(fields: list[str]) -> st.SearchStrategy[set[str]]:
    return st.sets(st.sampled_from(fields), max_size=len(fields))


nulls = st.fixed_dictionaries({
    "issue": subsets(ISSUE_FIELDS), "pull": subsets(PULL_FIELDS),
    "review": subsets(REVIEW_FIELDS), "comment": subsets(COMMENT_FIELDS),
    "event": subsets(EVENT_FIELDS),
})
EXPECTED = {f"pr:{REPO}#12", f"pr:{REPO}#14", f"issue:{REPO}#16"}


@settings(max_examples=25, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(nulls, st.sampled_from([None, MISSING]))
def test_collection_goes_on_when_optional_fields_are_null_or_missing(
    server: NullGitHub, tmp_path_factory: pytest.TempPathFactory,
    chosen: dict[str, set[str]], how: object,
) -> None:
    server.nulls, server.how = chosen, how
    folder = tmp_path_factory.mktemp("nulls")
    with EvidenceStore(folder / "store.sqlite3") as store, GitHubAPI(
        base_url=server.api_url, token=TEST_TOKEN, backoff=0.01, max_wait=2
    ) as api:
        collect_github(api=api, repos=[REPO], people=[ALICE], period=PERIOD, store=store)
        stored = {item.id for item in store.iter_items()}
    if "user" not in chosen["issue"]:  # a search hit without its author is nobody's work
        assert stored >= EXPECTED
    if not chosen["review"] & {"user"} and "user" not in chosen["issue"]:
        assert f"review:{REPO}#13@alice" in stored
    if "user" not in chosen["comment"]:
        assert f"comment:{REPO}#15@alice" in stored


@pytest.fixture
def bot_server() -> Iterator[Callable[[dict[str, set[str]]], NullGitHub]]:
    made = NullGitHub().start()
    made.tokens[TEST_TOKEN] = "alice"
    made.data.add_user("alice", name="Alice Doe")
    seed_pull(made)

    def configure(chosen: dict[str, set[str]]) -> NullGitHub:
        made.nulls = chosen
        return made

    try:
        yield configure
    finally:
        made.stop()


def test_the_pr_bot_comments_when_every_optional_field_is_null(
    bot_server: Callable[[dict[str, set[str]]], NullGitHub], tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.chdir(tmp_path)
    everything = {"issue": set(ISSUE_FIELDS) - {"user"}, "pull": set(PULL_FIELDS),
                  "review": set(REVIEW_FIELDS), "comment": {"html_url", "author_association"},
                  "event": set(EVENT_FIELDS)}
    server = bot_server(everything)
    step = Step(tmp_path, server)
    result = step.run()
    assert result.exit_code == 0, result.output
    (comment,) = server.data.repos[REPO].issues[12].comments
    assert comment.body.startswith("<!-- evidencer:pr-comment -->")
