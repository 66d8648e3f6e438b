"""What GitHub collection stores for a person and a period, and what it asks for.

A real store in tmp_path, the fake server on 127.0.0.1, PyGithub's HTTP stack between.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest

from evidencer.errors import GitHubError
from evidencer.github.api import GitHubAPI
from evidencer.identity import Matcher
from evidencer.model import Period, Person
from evidencer.sources.git.collect import iter_git_evidence
from evidencer.sources.github.collect import CollectStats, collect_github
from evidencer.store.sqlite import EvidenceStore
from tests.support.github.data import ChangedFile, add_closing_references
from tests.support.github.fixtures import make_api
from tests.support.github.server import FakeGitHub
from tests.support.gitrepo import GitRepo

UTC = dt.timezone.utc
REPO = "acme/widgets"
ALICE = Person(names=("Alice Doe",), emails=("alice@example.com",), logins=("alice",))
PERIOD = Period(dt.date(2024, 1, 1), dt.date(2024, 6, 30))
FILES = "/repos/<owner>/<name>/pulls/<int:number>/files"
ISSUE = "/repos/<owner>/<name>/issues/<int:number>"
TIMELINE = "/repos/<owner>/<name>/issues/<int:number>/timeline"
COMMENTS = "/repos/<owner>/<name>/issues/<int:number>/comments"
SEARCH = "/search/issues"


def at(month: int, day: int, hour: int = 10) -> dt.datetime:
    return dt.datetime(2024, month, day, hour, tzinfo=UTC)


@pytest.fixture
def store(tmp_path: Path) -> Iterator[EvidenceStore]:
    with EvidenceStore(tmp_path / "evidence.sqlite3") as opened:
        yield opened


def collect(api: GitHubAPI, store: EvidenceStore, **options: object) -> CollectStats:
    settings: dict[str, object] = {"repos": [REPO], "people": [ALICE], "period": PERIOD}
    settings.update(options)
    return collect_github(api=api, store=store, **settings)  # type: ignore[arg-type]


def test_merged_pull_request_is_stored_with_labels_body_links_and_changed_paths(
    gh_server: FakeGitHub, gh_api: GitHubAPI, store: EvidenceStore
) -> None:
    for repo, number in ((REPO, 12), ("acme/api", 3)):  # reports the merge closed
        gh_server.data.add_issue(repo, number=number, title="Uploads time out", user="dana",
                                 created_at=at(1, 5), state="closed", closed_at=at(2, 3))
    gh_server.data.add_pr(
        REPO,
        number=1,
        title="Retry uploads on timeout",
        user="alice",
        created_at=at(2, 1),
        merged_at=at(2, 3),
        labels=["bug"],
        body="Fixes #12, closes acme/api#3",
        author_association="MEMBER",
        files=[ChangedFile("src/upload.py", 30, 4), ChangedFile("tests/test_upload.py", 20)],
    )
    stats = collect(gh_api, store)
    item = store.get(f"pr:{REPO}#1")
    assert item is not None
    assert (item.kind, item.title, item.date) == (
        "pull_request",
        "Retry uploads on timeout",
        at(2, 3),
    )
    assert item.url == f"{gh_server.root}/{REPO}/pull/1"
    assert item.labels == ("bug",)
    assert item.paths == ("src/upload.py", "tests/test_upload.py")
    assert (item.additions, item.deletions) == (50, 4)
    assert item.author_association == "MEMBER"
    assert item.sources == ("github",)
    assert [(a.role, a.login) for a in item.actors] == [("author", "alice")]
    assert item.facts.state == "merged"
    assert item.facts.linked_issues == (f"{REPO}#12", "acme/api#3")
    assert stats.kinds["pull_request"] >= 1
    assert gh_server.count(FILES) == 1


def test_a_pull_request_closes_only_the_issues_github_has_that_its_merge_closed(
    gh_server: FakeGitHub, gh_api: GitHubAPI, store: EvidenceStore
) -> None:
    # REST has no list of the issues a pull request closes: each one its text names is
    # read, and only an issue that exists, is no pull request and is closed counts.
    data = gh_server.data
    add_closing_references(data, REPO, body_end=". Fixes #0")
    data.add_pr(REPO, number=14, title="Try a new upload path", user="alice",
                created_at=at(2, 4), closed_at=at(2, 5), body="Fixes #3")

    collect(gh_api, store, include_closed=True)

    def linked(number: int) -> tuple[str, ...] | None:
        item = store.get(f"pr:{REPO}#{number}")
        assert item is not None
        return item.facts.linked_issues

    # #5 is still open: the merge did not close it, whatever the title says.
    assert linked(12) == (f"{REPO}#3",)
    assert linked(13) == (f"{REPO}#5", f"{REPO}#3")  # open: what its merge will close
    assert linked(14) == ()  # closed without merging: it closed nothing
    # Each issue read once a run, however many pull requests name it; none for #14.
    issues = [e.path for e in gh_server.log if e.endpoint == ISSUE]
    assert sorted(issues) == sorted(f"/repos/{ref}" for ref in (
        f"{REPO}/issues/99999", f"{REPO}/issues/4", "acme/nothing/issues/7",
        f"{REPO}/issues/3", f"{REPO}/issues/5"))


def test_a_commit_pushed_straight_to_the_branch_closes_only_what_github_has_closed(
    gh_server: FakeGitHub, gh_api: GitHubAPI, store: EvidenceStore, tmp_path: Path
) -> None:
    # No pull request landed them, so no pull request says what they closed: their
    # messages' "Fixes #99999" and "Closes #4" (a pull request) counted as issues closed
    # whenever GitHub was read. Now each issue they name is read once and the answer kept.
    data = gh_server.data
    data.add_issue(REPO, number=3, title="Upload hangs", user="dana", created_at=at(1, 5),
                   state="closed", closed_at=at(2, 3))
    data.add_issue(REPO, number=5, title="Slow export", user="dana", created_at=at(1, 5))
    data.add_pr(REPO, number=4, title="Other work", user="bob", created_at=at(1, 6))
    clone = GitRepo(tmp_path / "widgets")
    alice, bob = ("Alice Doe", "alice@example.com"), ("Bob Roe", "bob@example.com")
    for message, author in (
        ("Fix the upload hang\n\nFixes #3\nCloses #4", alice),
        ("Speed up the export\n\nFixes #99999, fixes #5", alice),
        ("Tidy the exporter", alice),
        ("Fix the crash\n\nFixes #6", bob),  # not Alice's work: nothing read for it
    ):
        clone.commit(message, author=author, date="2024-02-03T10:00:00+00:00")
    for person in (ALICE, Person(emails=("bob@example.com",))):  # a team's store
        store.upsert(iter_git_evidence(clone.path, matchers=[Matcher(person)], period=PERIOD,
                                       warn=print))

    collect(gh_api, store)

    def linked(subject: str) -> tuple[str, ...] | None:
        (item,) = [i for i in store.iter_items() if i.title == subject]
        return item.facts.linked_issues

    assert linked("Fix the upload hang") == (f"{REPO}#3",)
    assert linked("Speed up the export") == ()  # #5 is still open
    assert linked("Tidy the exporter") is None
    assert linked("Fix the crash") is None
    read = sorted(e.path for e in gh_server.log if e.endpoint == ISSUE)
    assert read == sorted(f"/repos/{REPO}/issues/{n}" for n in (3, 4, 5, 99999))
    gh_server.log.clear()
    collect(gh_api, store)  # GitHub's answer is kept: nothing is read again
    assert [e for e in gh_server.log if e.endpoint == ISSUE] == []
    assert linked("Fix the upload hang") == (f"{REPO}#3",)


def test_issue_reads_of_pushed_commits_that_answered_are_kept_when_one_fails(
    gh_server: FakeGitHub, store: EvidenceStore, tmp_path: Path
) -> None:
    clone = GitRepo(tmp_path / "widgets")
    for number in range(1, 6):
        gh_server.data.add_issue(REPO, number=number, title=f"Bug {number}", user="dana",
                                 created_at=at(1, 5), state="closed", closed_at=at(2, 3))
        clone.commit(f"Fix bug {number}\n\nFixes #{number}", date=f"2024-02-0{number}T10:00:00+00:00")
    store.upsert(iter_git_evidence(clone.path, matchers=[Matcher(ALICE)], period=PERIOD,
                                   warn=print))
    gh_server.fail(9, status=500, path=rf"^/repos/{REPO}/issues/3$")
    with pytest.raises(GitHubError, match="issues/3"):
        collect(make_api(gh_server, attempts=2, max_wait=1), store)
    linked = {i.title: i.facts.linked_issues for i in store.iter_items()}
    assert linked == {f"Fix bug {n}": (f"{REPO}#{n}",) for n in (1, 2, 4, 5)} | {
        "Fix bug 3": None}


@pytest.mark.parametrize("graphql", [False, True])
def test_rest_reads_as_many_closing_references_as_graphql_brings(
    gh_server: FakeGitHub, store: EvidenceStore, graphql: bool
) -> None:
    # 14 closed issues read "10 reported issues closed" through REST, 14 through GraphQL
    for number in range(20, 34):
        gh_server.data.add_issue(REPO, number=number, title=f"Bug {number}", user="dana",
                                 created_at=at(1, 5), state="closed", closed_at=at(2, 3))
    gh_server.data.add_pr(REPO, number=40, title="Fix the parser", user="alice",
                          created_at=at(2, 1), merged_at=at(2, 3),
                          body=" ".join(f"Fixes #{n}." for n in range(20, 34)))
    with make_api(gh_server, graphql=graphql) as api:
        collect(api, store)

    item = store.get(f"pr:{REPO}#40")
    assert item is not None and item.facts.linked_issues is not None
    assert len(item.facts.linked_issues) == 14


def test_a_store_synced_by_an_older_reading_is_read_again_once(
    gh_server: FakeGitHub, gh_api: GitHubAPI, store: EvidenceStore, tmp_path: Path
) -> None:
    # A rerun asks only for what changed since the last sync: a store written before
    # closing references were checked kept "closes 4 reported issues" for a pull request
    # whose text named one real issue, a pull request and two that do not exist.
    add_closing_references(gh_server.data, REPO)
    collect(gh_api, store)
    first = store.get(f"pr:{REPO}#12")
    assert first is not None and first.facts.linked_issues == (f"{REPO}#3",)
    store.upsert([dataclasses.replace(first, facts=dataclasses.replace(
        first.facts, linked_issues=(f"{REPO}#99999", f"{REPO}#4", f"{REPO}#3")))])
    with sqlite3.connect(tmp_path / "evidence.sqlite3") as db:  # as an older version wrote
        rows = db.execute("SELECT key, value FROM sync").fetchall()
        assert rows
        for key, value in rows:
            state = json.loads(value)
            state.pop("reads", None)
            db.execute("UPDATE sync SET value = ? WHERE key = ?", (json.dumps(state), key))

    stats = collect(gh_api, store)
    again = store.get(f"pr:{REPO}#12")
    assert again is not None and again.facts.linked_issues == (f"{REPO}#3",)
    assert stats.incremental == 0
    assert collect(gh_api, store).incremental > 0  # and incremental again after


def test_vendored_code_lock_files_and_tests_a_pull_request_carries_are_stored_apart(
    gh_server: FakeGitHub, gh_api: GitHubAPI, store: EvidenceStore
) -> None:
    # The document sizes the work by its own files, and says where most are tests
    # (report/significance.py).
    gh_server.data.add_pr(
        REPO, title="Fix rendering of certain emojis", user="alice", created_at=at(2, 1),
        merged_at=at(2, 3),
        files=[ChangedFile("pkg/gui/emoji.go", 3), ChangedFile("vendor/x/text/tables.go", 400),
               ChangedFile("package-lock.json", 1200, 300),
               ChangedFile("web/src/locales/de.json", 800, 790),  # a catalogue rewritten
               ChangedFile("pkg/gui/emoji_test.go", 200),
               ChangedFile("web/src/__tests__/emoji.test.tsx", 50, 10),
               ChangedFile("tests/vendor/lib.py", 900)],  # vendored, though under tests/
    )
    collect(gh_api, store)

    item = store.get(f"pr:{REPO}#1")
    assert item is not None
    assert (item.additions, item.deletions) == (3553, 1100)
    assert (item.facts.vendored_lines, item.facts.test_lines) == (4390, 260)


def test_open_pull_request_is_in_progress_and_closed_unmerged_is_left_out_unless_asked(
    gh_server: FakeGitHub, gh_api: GitHubAPI, store: EvidenceStore
) -> None:
    gh_server.data.add_pr(REPO, title="Draft export", user="alice", created_at=at(3, 1), draft=True)
    gh_server.data.add_pr(
        REPO,
        title="Abandoned",
        user="alice",
        created_at=at(3, 2),
        state="closed",
        closed_at=at(3, 4),
    )
    collect(gh_api, store)
    in_progress = store.get(f"pr:{REPO}#1")
    assert in_progress is not None
    assert in_progress.facts.state == "open"
    assert in_progress.date == at(3, 1)
    assert store.get(f"pr:{REPO}#2") is None

    collect(gh_api, store, include_closed=True)
    closed = store.get(f"pr:{REPO}#2")
    assert closed is not None
    assert (closed.facts.state, closed.date) == ("closed", at(3, 4))


def test_a_merged_pull_request_loses_the_mark_that_it_was_not_ready_an_open_one_keeps_it(
    gh_server: FakeGitHub, gh_api: GitHubAPI, store: EvidenceStore
) -> None:
    # pallets/click: "WIP: Fix `HelpFormatter.write_usage` producing spurious characters",
    # merged; a manager read it as unfinished work
    gh_server.data.add_pr(REPO, title="WIP: Fix `write_usage` producing spurious characters",
                          user="alice", created_at=at(2, 1), merged_at=at(2, 3))
    gh_server.data.add_pr(REPO, title="[WIP] Export to PDF", user="alice",
                          created_at=at(3, 1))

    collect(gh_api, store)

    merged, still_open = store.get(f"pr:{REPO}#1"), store.get(f"pr:{REPO}#2")
    assert merged is not None and still_open is not None
    assert merged.title == "Fix `write_usage` producing spurious characters"
    assert still_open.title == "[WIP] Export to PDF"


def test_reviews_of_others_pull_requests_are_one_item_a_pull_request_with_state_counts(
    gh_server: FakeGitHub, gh_api: GitHubAPI, store: EvidenceStore
) -> None:
    data = gh_server.data
    bobs = data.add_pr(
        REPO,
        title="Cache tokens",
        user="bob",
        created_at=at(1, 5),
        merged_at=at(1, 9),
        author_association="CONTRIBUTOR",
    )
    data.add_review(
        bobs,
        user="alice",
        state="CHANGES_REQUESTED",
        submitted_at=at(1, 6),
        body="Please add a test",
    )
    data.add_review(bobs, user="alice", state="APPROVED", submitted_at=at(1, 8))
    data.add_review(bobs, user="carol", state="APPROVED", submitted_at=at(1, 8))
    old = data.add_pr(REPO, title="Old", user="bob", created_at=dt.datetime(2023, 5, 1, tzinfo=UTC))
    data.add_review(
        old, user="alice", state="APPROVED", submitted_at=dt.datetime(2023, 5, 2, tzinfo=UTC)
    )
    data.add_comment(old, user="bob", body="bump", created_at=at(2, 1))  # updated in the period
    collect(gh_api, store)

    review = store.get(f"review:{REPO}#1@alice")
    assert review is not None
    assert (review.kind, review.date, review.title) == ("review", at(1, 6), "Cache tokens")
    assert review.facts.review_states == {"CHANGES_REQUESTED": 1, "APPROVED": 1}
    assert review.body == "Please add a test"
    assert review.author_association == "CONTRIBUTOR"
    assert [(a.role, a.login) for a in review.actors] == [("reviewer", "alice"), ("author", "bob")]
    assert store.get(f"review:{REPO}#2@alice") is None  # reviewed before the period
    assert gh_server.count(TIMELINE) == 2


def test_comments_count_only_on_issues_opened_by_people_outside_the_team(
    gh_server: FakeGitHub, gh_api: GitHubAPI, store: EvidenceStore
) -> None:
    data = gh_server.data
    outside = data.add_issue(
        REPO,
        title="Export fails on Windows",
        user="dana",
        created_at=at(4, 1),
        author_association="NONE",
        labels=["bug"],
    )
    data.add_comment(outside, user="alice", body="Thanks, reproduced.", created_at=at(4, 2))
    data.add_comment(outside, user="dana", body="Great", created_at=at(4, 3))
    data.add_comment(outside, user="alice", body="Fixed in 2.1", created_at=at(4, 5))
    inside = data.add_issue(REPO, title="Refactor", user="bob", created_at=at(4, 1))
    data.add_comment(inside, user="alice", body="+1", created_at=at(4, 2))
    collect(gh_api, store)

    comment = store.get(f"comment:{REPO}#1@alice")
    assert comment is not None
    assert (comment.kind, comment.date, comment.author_association) == ("comment", at(4, 2), "NONE")
    assert comment.facts.comments == 2
    assert comment.body == "Thanks, reproduced.\n\nFixed in 2.1"
    assert comment.labels == ("bug",)
    assert comment.url is not None and "#issuecomment-" in comment.url
    assert store.get(f"comment:{REPO}#2@alice") is None
    comment_calls = [e for e in gh_server.log if e.endpoint == COMMENTS]
    assert [e.path for e in comment_calls] == [f"/repos/{REPO}/issues/1/comments"]
    assert comment_calls[0].query["since"] == "2024-01-01T00:00:00Z"


def test_issues_opened_and_issues_assigned_and_closed_are_collected(
    gh_server: FakeGitHub, gh_api: GitHubAPI, store: EvidenceStore
) -> None:
    data = gh_server.data
    data.add_issue(REPO, title="Slow dashboard", user="alice", created_at=at(5, 1), labels=["perf"])
    data.add_issue(
        REPO,
        title="Crash on save",
        user="bob",
        created_at=dt.datetime(2023, 9, 1, tzinfo=UTC),
        assignees=["alice"],
        state="closed",
        closed_at=at(5, 20),
        updated_at=at(5, 20),
    )
    collect(gh_api, store)

    opened = store.get(f"issue:{REPO}#1")
    assert opened is not None
    assert (opened.kind, opened.date, opened.labels) == ("issue", at(5, 1), ("perf",))
    closed = store.get(f"issue:{REPO}#2")
    assert closed is not None
    assert closed.date == at(5, 20)  # the act was closing it, inside the period
    assert ("assignee", "alice") in [(a.role, a.login) for a in closed.actors]


def test_squash_merge_commit_and_pull_request_are_one_item_with_paths_from_the_clone(
    gh_server: FakeGitHub, gh_api: GitHubAPI, store: EvidenceStore, tmp_path: Path
) -> None:
    clone = GitRepo(tmp_path / "widgets")
    sha = clone.commit(
        "Retry uploads (#1)", files={"src/upload.py": "retry\n"}, date="2024-02-03T10:00:00+00:00"
    )
    items = iter_git_evidence(clone.path, matchers=[Matcher(ALICE)], period=PERIOD, warn=print)
    store.upsert(items)
    gh_server.data.add_pr(
        REPO,
        title="Retry uploads on timeout",
        user="alice",
        created_at=at(2, 1),
        merged_at=at(2, 3),
        merge_commit_sha=sha,
        labels=["bug"],
        files=[ChangedFile("src/upload.py")],
    )
    collect(gh_api, store)

    assert store.count() == 1
    item = store.get(f"pr:{REPO}#1")
    assert item is not None
    assert set(item.sources) == {"git", "github"}
    assert item.title == "Retry uploads on timeout"
    assert item.labels == ("bug",)
    assert item.paths == ("src/upload.py",)
    assert sha in item.shas
    assert gh_server.count(FILES) == 0  # the clone already knew the paths


def test_organization_is_searched_whole_not_repository_by_repository(
    gh_server: FakeGitHub, gh_api: GitHubAPI, store: EvidenceStore
) -> None:
    for repo in ("acme/widgets", "acme/gadgets", "acme/gizmos"):
        gh_server.data.add_pr(
            repo,
            title=f"Work in {repo}",
            user="alice",
            created_at=at(2, 1),
            merged_at=at(2, 2),
            files=[ChangedFile("a.py")],
        )
    stats = collect(gh_api, store, repos=[], orgs=["acme"])
    assert {item.repo for item in store.iter_items()} == {
        "acme/widgets",
        "acme/gadgets",
        "acme/gizmos",
    }
    assert gh_server.count(SEARCH) == stats.queries == 6
    assert all("org:acme" in e.query["q"] for e in gh_server.log if e.endpoint == SEARCH)


def test_refused_search_names_the_repository_that_does_not_exist(
    gh_api: GitHubAPI, store: EvidenceStore
) -> None:
    with pytest.raises(GitHubError) as caught:
        collect(gh_api, store, repos=[REPO, "acme/nope"])
    assert str(caught.value) == (
        "acme/nope: repository not found, or the token cannot read it (404 Not Found); "
        "check the name given to --github and the token's access"
    )


def test_refused_search_for_an_unknown_login_names_the_login(
    gh_server: FakeGitHub, gh_api: GitHubAPI, store: EvidenceStore
) -> None:
    gh_server.data.add_repo(REPO)
    with pytest.raises(GitHubError, match=r"^GitHub cannot search repo:acme/widgets for 'ghost'"):
        collect(gh_api, store, people=[Person(logins=("ghost",))])


def test_person_without_a_login_asks_github_nothing(
    gh_server: FakeGitHub, gh_api: GitHubAPI, store: EvidenceStore
) -> None:
    stats = collect(gh_api, store, people=[Person(emails=("alice@example.com",))])
    assert stats.queries == 0
    assert gh_server.count() == 0


def test_progress_is_reported_for_each_search_page(
    gh_server: FakeGitHub, gh_api: GitHubAPI, store: EvidenceStore
) -> None:
    for n in range(150):
        gh_server.data.add_issue(
            REPO, title=f"Idea {n}", user="alice", created_at=at(1, 1 + n % 28)
        )
    seen: list[tuple[str, int, int]] = []
    collect(gh_api, store, progress=lambda what, done, total: seen.append((what, done, total)))
    assert [s for s in seen if s[0] == "issues opened"] == [
        ("issues opened", 100, 150),
        ("issues opened", 150, 150),
    ]
