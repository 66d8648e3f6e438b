"""Local history as evidence, read from real repositories built with the git CLI.

Each test builds the smallest history that shows one behaviour of ``sources/git.py``.
"""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
from pathlib import Path
from typing import Any

import pytest

from evidencer.identity import Matcher, person_from_ids
from evidencer.model import Evidence, Period
from evidencer.sources.git import collect as git_source
from evidencer.sources.git.attributes import parse_attributes
from evidencer.sources.git.collect import iter_git_evidence
from evidencer.sources.git.remote import parse_remote_url, read_remote
from evidencer.vendored import in_tests
from tests.conftest import Cli
from tests.support.bighistory import build_repo
from tests.support.gitrepo import GitRepo, land_by_closing

ALICE = ("Alice Doe", "alice@example.com")
BOB = ("Bob Roe", "bob@example.com")
MO = ("Maintainer Mo", "mo@example.com")
ROOT = ("Rooted Ruth", "ruth@example.com")
YEAR = ("--since", "2026-01-01", "--until", "2026-12-31")
PERIOD_2026 = Period(since=dt.date(2026, 1, 1), until=dt.date(2026, 12, 31))


def items_of(data: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {item["id"]: item for item in data["items"]}


def read(repo: GitRepo | Path, *authors: str, period: Period = PERIOD_2026) -> list[Evidence]:
    path = repo.path if isinstance(repo, GitRepo) else repo
    warnings: list[str] = []
    matcher = Matcher(person_from_ids(authors or ("alice@example.com",)))
    found = iter_git_evidence(path, matchers=[matcher], period=period, warn=warnings.append)
    return sorted(found, key=lambda item: (item.date, item.id))


def roles_of(item: Evidence, email: str) -> list[str]:
    return [a.role for a in item.actors if a.email == email]


# --- pull requests recognised from history -------------------------------------------


def test_squash_merge_commit_is_one_pull_request_with_its_title_and_url(
    repo: GitRepo, run_cli: Cli
) -> None:
    repo.squash_pr(123, "Retry exports that time out", files={"src/export.py": "retry\n"})

    data = run_cli.brag_json("--repo", repo.path, *YEAR)

    (item,) = data["items"]
    assert item["id"] == "pr:acme/widgets#123"
    assert item["kind"] == "pull_request"
    assert item["title"] == "Retry exports that time out"
    assert item["url"] == "https://github.com/acme/widgets/pull/123"
    assert item["roles"] == ["author"]
    assert item["paths"] == ["src/export.py"]


def test_a_pull_request_landed_as_two_commits_is_one_item_of_both(repo: GitRepo) -> None:
    # poetry's #10944: rebased onto main one commit at a time, each subject "(#N)"; one
    # of them used to be the whole item in turn, and the larger fix was lost
    # (written a week apart, committed at once as GitHub's rebase button does)
    first = repo.commit("fix(solver): prune sibling deps (#44)", files={"src/a.py": "a\n"},
                        date="2026-02-22T10:00:00+00:00", committed="2026-03-02T10:00:00+00:00")
    second = repo.commit("fix(solver): resolve conflicting markers (#44)\n\nUsers saw X.",
                         files={"src/b.py": "b\n" * 30, "tests/test_b.py": "t\n" * 10},
                         date="2026-03-01T10:00:00+00:00", committed="2026-03-02T10:00:00+00:00")

    (item,) = read(repo)

    assert item.id == "pr:acme/widgets#44"
    assert set(item.shas) == {first, second}
    assert item.title == "fix(solver): resolve conflicting markers"  # the larger part
    assert "fix(solver): prune sibling deps" in item.body and "Users saw X." in item.body
    assert sorted(item.paths) == ["src/a.py", "src/b.py", "tests/test_b.py"]
    assert item.additions == 41
    assert roles_of(item, "alice@example.com") == ["author"]


def test_a_pull_request_landed_in_parts_is_named_by_its_code_not_its_docs(
    repo: GitRepo,
) -> None:
    landed = "2026-03-20T10:00:00+00:00"
    repo.commit("feat: add the export queue (#5)", files={"src/queue.py": "q\n" * 50},
                committed=landed)
    repo.commit("docs: document the export queue (#5)", files={"docs/queue.md": "d\n" * 120},
                committed=landed)

    (item,) = read(repo)

    assert item.title == "feat: add the export queue"


def test_commits_that_name_one_issue_and_landed_apart_are_each_their_own_work(
    repo: GitRepo,
) -> None:
    # beszel: its maintainer names the issue each commit is for, "add basic systemd service
    # monitoring (#1153)" and three days later "add SERVICE_PATTERNS env var (#1153)"; 20
    # of his commits were folded into others that way and named nowhere in the table
    first = repo.commit("add basic systemd service monitoring (#1153)",
                        files={"agent/systemd.go": "s\n" * 90}, date="2026-03-10T17:04:00+00:00")
    later = repo.commit("add SERVICE_PATTERNS env var (#1153)",
                        files={"agent/systemd.go": "p\n" * 30}, date="2026-03-13T16:11:00+00:00")

    items = sorted(read(repo), key=lambda i: i.date)

    assert [i.title for i in items] == ["add basic systemd service monitoring",
                                        "add SERVICE_PATTERNS env var (#1153)"]
    assert [i.shas for i in items] == [(first,), (later,)]


def test_a_pull_request_landed_as_parts_is_named_by_its_code_not_its_largest_test(
    repo: GitRepo,
) -> None:
    # vikunja's #2573: a failing test first, then the fixes, each "(#2573)"; the test, the
    # largest part, named the item, which was filed as test-suite upkeep with its fixes
    landed = "2026-03-01T12:30:00+00:00"  # committed at once, as GitHub's rebase button does
    repo.commit("test(kanban): add failing test for repeating task routing (#51)",
                files={"pkg/models/kanban_test.go": "case\n" * 80},
                date="2026-03-01T10:00:00+00:00", committed=landed)
    repo.commit("fix(kanban): route repeating tasks to the default bucket (#51)",
                files={"pkg/models/kanban.go": "fix\n" * 30},
                date="2026-03-01T11:00:00+00:00", committed=landed)
    repo.commit("refactor(tasks): add a helper (#51)", files={"pkg/models/tasks.go": "h\n" * 8},
                date="2026-03-01T12:00:00+00:00", committed=landed)

    (item,) = read(repo)

    assert item.title == "fix(kanban): route repeating tasks to the default bucket"
    assert (item.additions, item.facts.test_lines) == (118, 80)
    assert "test(kanban): add failing test" in item.body


def test_a_follow_up_that_repeats_a_contributors_title_is_co_authorship_not_the_fix(
    repo: GitRepo,
) -> None:
    # apache/commons-lang: the contributor's squash "Title (#1716)", then the maintainer's
    # own commit "Title (#1716)." (tests, Javadoc); the maintainer's brag claimed the fix
    fix = repo.squash_pr(17, "Fix Strings.replace overflow", author=BOB,
                         files={"src/strings.py": "fixed\n" * 12})
    follow = repo.commit("Fix Strings.replace overflow (#17).",
                         author=MO, files={"tests/test_strings.py": "t\n" * 40})

    (item,) = read(repo, "mo@example.com")

    assert item.id == "pr:acme/widgets#17"
    assert set(item.shas) == {fix, follow}
    assert roles_of(item, "bob@example.com") == ["author"]
    assert roles_of(item, "mo@example.com") == ["co_author"]
    assert (item.paths, item.additions) == (("src/strings.py",), 12)  # a copy: counted once


@pytest.mark.parametrize(("squashed_as", "role"), [
    # the squash under the GitHub noreply address, the follow-up under the usual one
    ("1+mo@users.noreply.github.com", "author"),
    # a name alone is not enough: two people may share it
    ("mo@elsewhere.example", "co_author"),
])
def test_a_follow_up_under_another_address_is_the_same_author_only_by_a_noreply_one(
    repo: GitRepo, squashed_as: str, role: str,
) -> None:
    repo.squash_pr(18, "Add StringUtils.trimControl", author=("Mo", squashed_as),
                   files={"src/strings.py": "trim\n" * 12})
    repo.commit("Add StringUtils.trimControl (#18).", author=("Mo", "mo@example.com"),
                files={"CHANGES.txt": "trim\n"})

    (item,) = read(repo, "mo@example.com")

    assert roles_of(item, squashed_as) == ["author"]
    assert roles_of(item, "mo@example.com") == [role]


def test_a_history_that_names_one_number_on_every_commit_stays_one_bounded_item(
    repo: GitRepo,
) -> None:
    # a pull request of 60 commits landed at once, each "(#1)": one item, its description
    # bounded
    for n in range(60):
        repo.commit(f"Step {n} of the plan (#1)\n\n" + "why " * 200,
                    files={f"src/f{n}.py": "x\n"}, committed="2026-03-20T10:00:00+00:00")

    (item,) = read(repo)

    assert len(item.shas) == 60 and item.additions == 60
    assert item.body.count("Step ") <= git_source.MAX_PARTS_TOLD
    assert len(item.body) < 25 * 1_100


def test_a_part_after_the_period_neither_moves_the_item_nor_credits_its_author(
    repo: GitRepo,
) -> None:
    # the history is read from --since to HEAD: a later part of the same number must not
    # carry Alice's pull request out of her period, nor into Bob's
    mine = repo.commit("Fix crash on empty cache (#5)", files={"src/cache.py": "x\n" * 8},
                       date="2026-02-10T10:00:00+00:00")
    repo.commit("Add retry to uploads (#5)", author=BOB, files={"src/up.py": "y\n" * 120},
                date="2026-04-10T10:00:00+00:00")
    period = Period(since=dt.date(2026, 2, 1), until=dt.date(2026, 3, 31))

    (item,) = read(repo, period=period)
    assert (item.id, item.title, item.shas) == (
        "pr:acme/widgets#5", "Fix crash on empty cache", (mine,))
    assert read(repo, "bob@example.com", period=period) == []


def test_other_work_by_someone_else_that_names_the_same_number_stays_theirs(
    repo: GitRepo,
) -> None:
    # "(#4)" names an issue as often as a pull request: Bob's commit about it is no part
    # of Alice's work, and Alice is no author of his
    repo.commit("Fix crash on empty cache (#4)", files={"src/cache.py": "x\n" * 8})
    theirs = repo.commit("Add connection pooling to the client (#4)", author=BOB,
                         files={"src/pool.py": "y\n" * 120})

    items = read(repo, "alice@example.com", "bob@example.com")

    assert [(i.id, i.title) for i in items] == [
        ("pr:acme/widgets#4", "Fix crash on empty cache"),
        (f"commit:acme/widgets@{theirs}", "Add connection pooling to the client (#4)"),
    ]
    assert roles_of(items[0], "bob@example.com") == []
    assert roles_of(items[1], "bob@example.com") == ["author"]


def merged_topic(repo: GitRepo, title: str, *, lines: int, release: str = "") -> None:
    """Alice's branch ``topic`` merged into main as pull request #5 (``release``: a branch
    made before it)."""
    repo.commit("Initial commit", author=BOB)
    if release:
        repo.branch(release)
    repo.branch("topic")
    repo.checkout("topic")
    repo.commit(title, files={"src/export.py": "x\n" * lines})
    repo.checkout("main")
    repo.merge_pr(5, "topic", title)


def test_a_merged_pull_request_cherry_picked_onto_a_release_branch_keeps_its_merger(
    repo: GitRepo,
) -> None:
    # "Merge pull request #5" on main and its copy "Title (#5)" on release-1.x were two
    # items of one id: the copy replaced the pull request in turn, its merger and its size
    merged_topic(repo, "Retry exports that time out", lines=30)
    repo.branch("release-1.x")
    repo.checkout("release-1.x")
    copy = repo.commit("Retry exports that time out (#5)", files={"src/export.py": "r\n" * 31})

    (item,) = read(repo, "alice@example.com", "mo@example.com")

    assert item.id == "pr:acme/widgets#5" and copy in item.shas
    assert item.additions == 30
    assert roles_of(item, "mo@example.com") == ["merger"]
    assert roles_of(item, "alice@example.com") == ["author"]


def test_a_pull_request_merged_again_into_a_release_branch_is_counted_once(
    repo: GitRepo,
) -> None:
    # the branch merged into main, then into release-1.x with another title: the second
    # merge's "author" (it brought no commit of its own) took the pull request, and its
    # lines were counted twice
    merged_topic(repo, "Add export to CSV", lines=50, release="release-1.x")
    repo.checkout("release-1.x")
    repo.git("merge", "-q", "--no-ff", "topic", "-m",
             "Merge pull request #5 from someone/topic\n\nAdd CSV export (backport)",
             env={"GIT_AUTHOR_NAME": ROOT[0], "GIT_AUTHOR_EMAIL": ROOT[1],
                  "GIT_COMMITTER_NAME": "GitHub", "GIT_COMMITTER_EMAIL": "noreply@github.com"})
    repo.merge("release-1.x", "Merge branch 'release-1.x'", merger=BOB)

    (item,) = read(repo, "alice@example.com", "ruth@example.com")

    assert (item.title, item.additions) == ("Add export to CSV", 50)
    assert roles_of(item, "alice@example.com") == ["author"]
    assert roles_of(item, "mo@example.com") == roles_of(item, "ruth@example.com") == ["merger"]


def test_a_copy_on_a_release_branch_is_not_counted_twice(repo: GitRepo) -> None:
    repo.squash_pr(21, "Retry exports that time out", files={"src/export.py": "r\n" * 5})
    repo.branch("release-1.x")
    repo.checkout("release-1.x")
    repo.commit("Retry exports that time out (#21)", files={"src/export.py": "r\n" * 5 + "x\n"})

    (item,) = read(repo)

    assert item.id == "pr:acme/widgets#21"
    assert len(item.shas) == 2
    assert item.additions == 5
    assert roles_of(item, "alice@example.com") == ["author"]


def test_work_someone_else_reverted_is_marked_reverted_and_earns_no_highlight(
    repo: GitRepo, run_cli: Cli
) -> None:
    # tokio-rs/axum: a fix a co-maintainer reverted was its author's strongest highlight
    repo.squash_pr(12, "Fix the export crash on empty rows",
                   files={"src/export.py": "guard\n" * 40})
    repo.squash_pr(13, "Add CSV export for invoices", files={"src/csv.py": "csv\n"})
    repo.commit('Revert "Fix the export crash on empty rows (#12)"',
                files={"src/export.py": ""}, author=BOB)
    # a subject two commits share names neither of them (ShareX: "Code refactoring")
    for n in range(2):
        repo.commit("Code refactoring", files={f"src/r{n}.py": "r\n"})
    repo.commit('Revert "Code refactoring"', files={"src/r1.py": ""}, author=BOB)

    marked = {item.id: item.facts.reverted_by for item in read(repo)}
    assert [m for i, m in marked.items() if i.startswith("commit:")] == [None, None]
    result = run_cli("brag", "--repo", repo.path, *YEAR)

    assert marked["pr:acme/widgets#12"].startswith("commit:acme/widgets@")
    assert marked["pr:acme/widgets#13"] is None
    assert result.exit_code == 0, result.output
    (row,) = [line for line in result.output.splitlines()
              if line.startswith("| ") and "Fix the export crash" in line]
    assert row.endswith("(reverted) |")
    highlights = result.output.split("**Highlights**")[-1].split("\n## ")[0]
    assert "Fix the export crash" not in highlights


def test_a_revert_of_a_title_github_cut_short_marks_the_one_it_starts(repo: GitRepo) -> None:
    # mochajs/mocha: 'Revert "fix: begin running tests immediately instead of waiting for
    # w… (#5881)"': GitHub's title cut short named the fix it reverted
    repo.squash_pr(5870, "fix: begin running tests immediately instead of waiting for "
                         "watcher, reload required files in watch mode",
                   files={"lib/cli/watch.js": "w\n" * 40})
    repo.squash_pr(5881, 'Revert "fix: begin running tests immediately instead of waiting '
                         'for w\u2026', files={"lib/cli/watch.js": ""}, author=BOB)

    marked = {item.id: item.facts.reverted_by for item in read(repo)}

    assert marked["pr:acme/widgets#5870"] is not None


def test_work_whose_revert_someone_reverted_in_turn_is_not_marked(repo: GitRepo) -> None:
    # anki, Radarr, lazygit: a revert reverted ('Revert "Revert ..."'; 'Reapply "x"' since
    # git 2.43) puts the work back
    repo.squash_pr(12, "Fix the export crash on empty rows", files={"src/export.py": "g\n"})
    repo.squash_pr(13, 'Revert "Fix the export crash on empty rows (#12)"',
                   files={"src/export.py": ""}, author=BOB)
    repo.squash_pr(14, 'Revert "Revert "Fix the export crash on empty rows (#12)""',
                   files={"src/export.py": "g\n"}, author=BOB)
    repo.commit("Speed up the CSV writer", files={"src/csv.py": "fast\n"})
    repo.commit('Revert "Speed up the CSV writer"', files={"src/csv.py": ""}, author=BOB)
    repo.commit('Reapply "Speed up the CSV writer"', files={"src/csv.py": "fast\n"}, author=BOB)
    repo.squash_pr(15, "Add CSV export for invoices", files={"src/inv.py": "csv\n"})
    repo.commit('Revert "Add CSV export for invoices (#15)"', files={"src/inv.py": ""},
                author=BOB)

    marked = {item.title: item.facts.reverted_by for item in read(repo)}

    assert marked["Fix the export crash on empty rows"] is None
    assert marked["Speed up the CSV writer"] is None
    assert marked["Add CSV export for invoices"] is not None


def test_work_landed_again_after_its_revert_is_not_marked(
    repo: GitRepo, run_cli: Cli
) -> None:
    # remix-run/react-router: its maintainer reverted a contributor's fix and landed it
    # again, as a pull request of his own, 50 minutes later; his fix read "(reverted)"
    title = "fix: clear timeout when turbo-stream encoding completes"
    repo.squash_pr(14735, title, files={"src/stream.ts": "clear\n"}, author=BOB)
    repo.squash_pr(14809, f'Revert "{title} (#14735)"', files={"src/stream.ts": ""})
    repo.squash_pr(14810, f"{title} (#14735)", files={"src/stream.ts": "clear\n"})
    # ... and a commit's subject, reverted, then committed again
    repo.commit("Cache the route branches", files={"src/route.ts": "c\n"}, author=BOB)
    repo.commit('Revert "Cache the route branches"', files={"src/route.ts": ""})
    repo.commit("Cache the route branches", files={"src/route.ts": "c\n"})

    alice = run_cli("brag", "--offline", "--repo", repo.path, *YEAR).stdout
    bob = run_cli("brag", "--offline", "--repo", repo.path, "--author", "bob@example.com",
                  *YEAR).stdout

    def landings(document: str) -> list[str]:
        return [line for line in document.splitlines() if line.startswith("| 2026")
                and "Revert" not in line and ("Cache the route" in line or title in line)]

    assert [row.endswith("(reverted) |") for row in landings(alice)] == [False, False]
    # Bob's fix was reverted (his twice-used subject names neither commit in git's history)
    assert [row.endswith("(reverted) |") for row in landings(bob) if title in row] == [True]


def test_merge_commit_pull_request_takes_its_title_from_the_body(
    repo: GitRepo, run_cli: Cli
) -> None:
    repo.commit("Initial commit", author=ROOT)
    repo.branch("csv-export")
    repo.commit("Add CSV writer", files={"src/csv.py": "x\n"})
    repo.commit("Test the CSV writer", files={"tests/test_csv.py": "y\n"})
    repo.merge_pr(42, "csv-export", "Export reports as CSV", body="Users asked for it.")

    data = run_cli.brag_json("--repo", repo.path, *YEAR)

    (item,) = data["items"]
    assert item["id"] == "pr:acme/widgets#42"
    assert item["title"] == "Export reports as CSV"
    assert item["url"] == "https://github.com/acme/widgets/pull/42"
    assert item["roles"] == ["author"]
    assert item["paths"] == ["src/csv.py", "tests/test_csv.py"]


def test_commits_a_pull_request_brought_in_are_not_items_of_their_own(repo: GitRepo) -> None:
    repo.commit("Initial commit", author=ROOT)
    repo.branch("feature")
    first = repo.commit("Step one")
    second = repo.commit("Step two")
    repo.merge_pr(7, "feature", "Do the thing")

    (item,) = read(repo)

    assert item.id == "pr:acme/widgets#7"
    assert item.facts.commits == 2
    assert item.shas == (repo.git("rev-parse", "HEAD").strip(), first, second)


def test_merged_pull_request_is_credited_to_the_authors_of_its_commits(repo: GitRepo) -> None:
    repo.commit("Initial commit", author=ROOT)
    repo.branch("feature")
    repo.commit("Add the feature", author=BOB)
    repo.merge_pr(8, "feature", "Bob's feature", merger=MO)

    (item,) = read(repo, "bob@example.com")

    assert roles_of(item, "bob@example.com") == ["author"]
    assert roles_of(item, "mo@example.com") == ["merger"]


def test_merger_of_someone_elses_pull_request_is_its_merger_never_its_author(
    repo: GitRepo, run_cli: Cli
) -> None:
    repo.commit("Initial commit", author=ROOT)
    repo.branch("feature")
    repo.commit("Add the feature", author=BOB)
    repo.merge_pr(8, "feature", "Bob's feature", merger=MO)

    data = run_cli.brag_json("--repo", repo.path, "--author", "mo@example.com", *YEAR)

    assert [(i["id"], i["roles"]) for i in data["items"]] == [
        ("pr:acme/widgets#8", ["merger"]),
    ]


def test_a_maintainers_merges_of_others_work_do_not_become_their_authored_work(
    repo: GitRepo, run_cli: Cli
) -> None:
    repo.commit("Initial commit", author=ROOT)
    for number, author in ((1, BOB), (2, ALICE), (3, MO)):
        repo.branch(f"topic-{number}")
        repo.commit(f"Work for #{number}", author=author)
        repo.merge_pr(number, f"topic-{number}", f"Pull request {number}", merger=MO)

    data = run_cli.brag_json("--repo", repo.path, "--author", "mo@example.com", *YEAR)

    roles = {i["id"]: i["roles"] for i in data["items"]}
    assert roles["pr:acme/widgets#1"] == ["merger"]
    assert roles["pr:acme/widgets#2"] == ["merger"]
    assert roles["pr:acme/widgets#3"] == ["author", "merger"]


def test_pull_request_merged_in_the_period_from_commits_written_before_it_keeps_its_author(
    repo: GitRepo, run_cli: Cli
) -> None:
    repo.commit("Initial commit", author=MO, date="2025-12-01T10:00:00+00:00")
    repo.branch("slow-burn")
    repo.commit("Long-lived work", author=BOB, date="2025-12-20T10:00:00+00:00")
    repo.merge_pr(9, "slow-burn", "Finally land it", merger=MO, date="2026-02-01T10:00:00+00:00")

    by_mo = run_cli.brag_json("--repo", repo.path, "--author", "mo@example.com", *YEAR)
    by_bob = run_cli.brag_json("--repo", repo.path, "--author", "bob@example.com", *YEAR)

    assert [(i["id"], i["roles"]) for i in by_mo["items"]] == [("pr:acme/widgets#9", ["merger"])]
    assert [(i["id"], i["roles"]) for i in by_bob["items"]] == [("pr:acme/widgets#9", ["author"])]


def test_main_merged_into_a_pull_request_branch_does_not_credit_mains_authors(
    repo: GitRepo,
) -> None:
    carol = ("Carol Poe", "carol@example.com")
    repo.commit("Initial commit", author=ROOT)
    repo.branch("feature")
    repo.commit("Start the feature", author=BOB)
    repo.checkout("main")
    repo.commit("Carol's fix on main", author=carol)
    repo.checkout("feature")
    repo.git("merge", "-q", "--no-ff", "main", "-m", "Merge branch 'main' into feature",
             env={"GIT_AUTHOR_NAME": BOB[0], "GIT_AUTHOR_EMAIL": BOB[1],
                  "GIT_COMMITTER_NAME": BOB[0], "GIT_COMMITTER_EMAIL": BOB[1]})
    repo.commit("Finish the feature", author=BOB)
    repo.merge_pr(21, "feature", "Bob's feature", merger=MO)

    items = {i.id: i for i in read(repo, "carol@example.com", "bob@example.com")}

    pull = items["pr:acme/widgets#21"]
    assert {a.email for a in pull.actors} == {"bob@example.com", "mo@example.com"}
    assert [i.title for i in items.values() if i.kind == "commit"] == ["Carol's fix on main"]


def test_stacked_pull_requests_each_keep_their_own_commits(repo: GitRepo) -> None:
    repo.commit("Initial commit", author=ROOT)
    repo.branch("base")
    repo.commit("Base work", author=BOB)
    repo.branch("stacked", "base")
    repo.commit("Stacked work", author=ALICE)
    repo.checkout("base")
    repo.git("merge", "-q", "--no-ff", "stacked", "-m",
             "Merge pull request #31 from someone/stacked\n\nStacked change",
             env={"GIT_AUTHOR_NAME": MO[0], "GIT_AUTHOR_EMAIL": MO[1]})
    repo.merge_pr(30, "base", "Base change", merger=MO)

    items = {i.id: i for i in read(repo, "alice@example.com", "bob@example.com")}

    assert roles_of(items["pr:acme/widgets#31"], "alice@example.com") == ["author"]
    assert roles_of(items["pr:acme/widgets#31"], "bob@example.com") == []
    assert roles_of(items["pr:acme/widgets#30"], "bob@example.com") == ["author"]
    assert roles_of(items["pr:acme/widgets#30"], "alice@example.com") == []


def test_plain_branch_merge_keeps_its_commits_as_commit_items(repo: GitRepo) -> None:
    repo.commit("Initial commit", author=ROOT)
    repo.branch("topic")
    repo.commit("Tidy the parser")
    repo.checkout("main")
    repo.git("merge", "-q", "--no-ff", "topic", "-m", "Merge branch 'topic'")

    items = read(repo)

    assert [(i.kind, i.title) for i in items] == [("commit", "Tidy the parser")]


def test_a_history_that_lands_pull_requests_by_closing_them_names_them_so(
    repo: GitRepo, run_cli: Cli
) -> None:
    # curl/curl: every commit ends "Closes #N", N its pull request (3,295 of 3,302 numbers
    # in a year), and "Fixes #N" names the issue. Its documents read "closes a reported
    # issue" of 322 of one maintainer's fixes, and "fixed what users reported: 72 reports
    # closed" where 10 were.
    land_by_closing(repo, 100, 50)
    repo.commit("tool: improve the error when sanitizing fails\n\nIt said nothing useful.\n\n"
                "Fixes #90\nCloses #320", files={"src/tool.c": "error\n" * 30})
    landed = "2026-03-20T10:00:00+00:00"  # a pull request's commits, pushed at once
    repo.commit("gsasl: fix a double free\n\nCloses #321", files={"lib/gsasl.c": "free\n" * 9},
                committed=landed)
    repo.commit("gsasl: test the double free\n\nCloses #321",
                files={"tests/test_gsasl.c": "test\n" * 5}, committed=landed)
    # its last line, which git does not read as a trailer (curl's 164 of 3,588)
    repo.commit("docs: fix two links\n\nFollow-up to 6905370df5 #18\nCloses #322",
                files={"docs/a.md": "link\n"})

    items = {e.id: e for e in read(repo)}
    assert set(items) == {"pr:acme/widgets#320", "pr:acme/widgets#321",
                          next(i for i in items if i.startswith("commit:"))}
    tool = items["pr:acme/widgets#320"]
    assert (tool.kind, tool.title, tool.url) == (
        "pull_request", "tool: improve the error when sanitizing fails",
        "https://github.com/acme/widgets/pull/320")
    assert "Closes" not in tool.body and "Fixes #90" in tool.body
    both = items["pr:acme/widgets#321"]  # two commits, one pull request
    assert (both.title, len(both.shas), both.additions) == ("gsasl: fix a double free", 2, 14)
    links = next(item for item in items.values() if item.kind == "commit")
    assert "Closes" not in links.body
    result = run_cli("brag", "--offline", "--store", run_cli.store, "--repo", repo.path, *YEAR)
    assert result.exit_code == 0, result.output
    assert "closes a reported issue ([#90]" in result.stdout
    for number in (320, 321, 322):
        assert f"#{number}](https://github.com/acme/widgets/issues" not in result.stdout
    assert ("53 of its latest 54 commits end with a 'Closes #N' line naming the pull "
            "request they land (curl's convention)") in result.stdout

    # the history decides, not the period: a week of it reads the same
    week = run_cli("brag", "--offline", "--store", run_cli.store, "--repo", repo.path,
                   "--since", "2026-03-03", "--until", "2026-03-10")
    assert "pull/320" in week.stdout and "issues/320" not in week.stdout


def test_a_pull_request_closes_what_its_commits_closing_trailers_name(
    repo: GitRepo, run_cli: Cli
) -> None:
    # urfave/cli: "Merge pull request #2363 from dearchap/issue_2250", its title, and the
    # branch's last commit ending "Fixes #2250" (GitHub closes the issue as the commit
    # reaches the default branch): the document said it closed nothing
    repo.commit("Start", files={"README.md": "x\n"}, author=BOB)
    repo.branch("issue_2250")
    repo.commit("test: add tests for --help", files={"help_test.go": "t\n"})
    repo.commit("fix: skip After hook when help is shown\n\nThe parent's After hook fired."
                "\n\nFixes #2250", files={"help.go": "x\n"})
    repo.checkout("main")
    repo.merge_pr(2363, "issue_2250", "fix: skip After hook when help is shown")
    # a number in the middle of a sentence, the pull request's own number and a number no
    # issue has (past nine digits, as descriptions are read) close nothing
    repo.branch("tidy")
    repo.commit("Tidy the parser\n\nSee how #2250 fixes it.", files={"p.go": "x\n"})
    repo.commit("Tidy more\n\nCloses #2364\nResolves #123456789012", files={"q.go": "x\n"})
    repo.checkout("main")
    repo.merge_pr(2364, "tidy", "Tidy the parser")

    items = {e.title: e for e in read(repo)}
    assert items["fix: skip After hook when help is shown"].facts.commits_close == (
        "acme/widgets#2250",)
    assert items["Tidy the parser"].facts.commits_close is None
    result = run_cli("brag", "--offline", "--store", run_cli.store, "--repo", repo.path, *YEAR)
    assert result.exit_code == 0, result.output
    assert result.stdout.count("closes a reported issue ([#2250]") == 1


def test_a_project_that_took_up_the_convention_later_reads_its_earlier_years_as_written(
    repo: GitRepo, run_cli: Cli
) -> None:
    # A reviewer's project closed issues with "Closes #N" in 2025 and landed pull requests
    # so from 2026: its 2025 document had lost its 8 reported issues closed
    for number in range(1, 9):
        repo.commit(f"Fix case {number}\n\nCloses #{number}", files={f"src/c{number}.py": "x\n"},
                    date=f"2025-06-{number:02d}T10:00:00+00:00")
    land_by_closing(repo, 100, 60)

    (item, *_) = read(repo, period=Period(since=dt.date(2025, 1, 1), until=dt.date(2025, 12, 31)))
    assert (item.kind, item.number) == ("commit", None)
    assert read(repo, "bob@example.com")[0].kind == "pull_request"  # 2026 lands so


def test_a_pr_url_trailer_names_the_pull_request_a_commit_landed(
    repo: GitRepo, run_cli: Cli
) -> None:
    # libuv (2018-2020) and node land pull requests with tools that end each commit
    # "PR-URL: https://github.com/<repo>/pull/N", "Reviewed-By: …": cjihrig's 2019 read
    # as 71 commits, and his reviews as 137 changes where they were pull requests
    trailers = "PR-URL: https://github.com/acme/widgets/pull/{}\nReviewed-By: Bob Roe <bob@example.com>"
    landed = "2026-03-20T10:00:00+00:00"  # the landing tool commits them at once
    repo.commit("unix,win: add uv_os_uname()\n\nFixes: https://github.com/acme/widgets/issues/"
                "2126\n" + trailers.format(2128), files={"src/uname.c": "uname\n" * 30},
                committed=landed)
    repo.commit("doc: document uv_os_uname()\n\n" + trailers.format(2128),
                files={"docs/uname.rst": "doc\n"}, committed=landed)
    repo.commit("test: port a test from libuv\n\nPR-URL: https://github.com/libuv/libuv/pull/9",
                files={"test/port.c": "x\n"})

    items = {e.id: e for e in read(repo)}
    uname = items["pr:acme/widgets#2128"]
    assert (uname.title, len(uname.shas), uname.url) == (
        "unix,win: add uv_os_uname()", 2, "https://github.com/acme/widgets/pull/2128")
    assert [i.kind for i in items.values()].count("commit") == 1  # another repository's
    (review,) = read(repo, "bob@example.com")
    assert review.id == "review:acme/widgets#2128@bob@example.com"


def test_most_commits_closing_issues_still_close_issues(repo: GitRepo, run_cli: Cli) -> None:
    # dokku, click: a commit's "Closes #N" closes an issue where most commits close nothing;
    # a solo project may close an issue with most of its commits: fewer than 50 of them, or
    # fewer than four in five, is no convention (a reviewer's 12 of 16 had become pull
    # requests, two fixes of one issue one of them)
    land_by_closing(repo, 100, 46)  # with Alice's, 48 of 52 close a number
    landed = "2026-03-20T10:00:00+00:00"  # one pull request's commits, once it is one
    repo.commit("Fix the crash on empty input\n\nCloses #7", files={"src/a.py": "x\n"},
                committed=landed)
    repo.commit("Handle an empty config\n\nCloses #7", files={"src/b.py": "x\n"},
                committed=landed)
    for index in range(4):
        repo.commit(f"Tidy {index}", files={f"src/t{index}.py": "x\n"}, author=BOB)

    items = read(repo)
    assert [(i.kind, i.number) for i in items] == [("commit", None)] * 2
    assert all("Closes #7" in item.body for item in items)
    result = run_cli("brag", "--offline", "--store", run_cli.store, "--repo", repo.path, *YEAR)
    assert "closes a reported issue ([#7]" in result.stdout
    assert "curl's convention" not in result.stdout

    land_by_closing(repo, 200, 20, closes="closes")  # now 68 of 72 do
    (item,) = read(repo)
    assert item.id == "pr:acme/widgets#7"


def test_a_co_author_beside_a_closing_line_is_read(repo: GitRepo) -> None:
    # git reads the last paragraph as trailers only when every line is one; "Fixes #12"
    # is one now, so the co-author above it is no longer lost
    repo.commit("Fix the importer\n\nCo-authored-by: Alice Doe <alice@example.com>\n"
                "Fixes #12", author=BOB)

    (item,) = read(repo)
    assert roles_of(item, "alice@example.com") == ["co_author"]


# --- people: co-authors and .mailmap ---------------------------------------------------


def test_co_authored_by_trailer_credits_the_co_author(repo: GitRepo, run_cli: Cli) -> None:
    repo.commit("Fix the crash on empty input\n\nCo-authored-by: Alice Doe <alice@example.com>",
                author=BOB)

    data = run_cli.brag_json("--repo", repo.path, *YEAR)

    (item,) = data["items"]
    assert item["title"] == "Fix the crash on empty input"
    assert item["roles"] == ["co_author"]


def test_co_author_trailer_key_is_matched_in_any_case(repo: GitRepo) -> None:
    repo.commit("Pair on the importer\n\nCo-Authored-By: Alice Doe <alice@example.com>",
                author=BOB)

    (item,) = read(repo)

    assert roles_of(item, "alice@example.com") == ["co_author"]


def test_co_author_trailer_goes_through_mailmap(repo: GitRepo) -> None:
    repo.write(".mailmap", "Alice Doe <alice@example.com> <alice@home.example>\n")
    repo.commit("Pair on the importer\n\nCo-authored-by: Alice <alice@home.example>", author=BOB)

    (item,) = read(repo, "alice@example.com")

    assert [(a.role, a.name, a.email) for a in item.actors] == [
        ("author", "Bob Roe", "bob@example.com"),
        ("co_author", "Alice Doe", "alice@example.com"),
    ]


def test_pull_request_credits_co_authors_of_its_commits(repo: GitRepo) -> None:
    repo.commit("Initial commit", author=ROOT)
    repo.branch("pairing")
    repo.commit("Pair on retries\n\nCo-authored-by: Alice Doe <alice@example.com>", author=BOB)
    repo.merge_pr(5, "pairing", "Retry uploads", merger=MO)

    (item,) = read(repo)

    assert roles_of(item, "alice@example.com") == ["co_author"]
    assert roles_of(item, "bob@example.com") == ["author"]


def test_mailmap_makes_a_persons_two_addresses_one_person(repo: GitRepo, run_cli: Cli) -> None:
    repo.write(".mailmap", "Alice Doe <alice@example.com> <alice@old-job.example>\n")
    repo.commit("Old address work", author=("Alice D", "alice@old-job.example"))
    repo.commit("New address work", author=ALICE)

    data = run_cli.brag_json("--repo", repo.path, "--author", "alice@example.com", *YEAR)

    assert sorted(i["title"] for i in data["items"]) == ["New address work", "Old address work"]
    assert all(i["roles"] == ["author"] for i in data["items"])


def test_author_option_with_an_old_address_finds_work_under_the_canonical_one(
    repo: GitRepo, run_cli: Cli
) -> None:
    repo.write(".mailmap", "Alice Doe <alice@example.com> <alice@old-job.example>\n")
    repo.commit("Old address work", author=("Alice D", "alice@old-job.example"))
    repo.commit("New address work", author=ALICE)
    repo.commit("Someone else's work", author=BOB)

    data = run_cli.brag_json("--repo", repo.path, "--author", "alice@old-job.example", *YEAR)

    assert sorted(i["title"] for i in data["items"]) == ["New address work", "Old address work"]
    assert data["person"]["emails"] == ["alice@old-job.example", "alice@example.com"]


def test_author_given_as_name_and_address_finds_the_work(repo: GitRepo, run_cli: Cli) -> None:
    repo.commit("Bob's work", author=BOB)
    repo.commit("Alice's work", author=ALICE)

    data = run_cli.brag_json("--repo", repo.path, "--author", "Bob Roe <bob@example.com>", *YEAR)

    assert [i["title"] for i in data["items"]] == ["Bob's work"]


def test_default_person_is_git_config_user_email(repo: GitRepo, run_cli: Cli) -> None:
    repo.commit("Mine", author=ALICE)
    repo.commit("Not mine", author=BOB)

    data = run_cli.brag_json("--repo", repo.path, *YEAR)

    assert data["person"] == {
        "names": ["Alice Doe"], "emails": ["alice@example.com"], "logins": [],
    }
    assert [i["title"] for i in data["items"]] == ["Mine"]


def test_reviewed_by_trailers_are_the_reviewers_reviews(repo: GitRepo, run_cli: Cli) -> None:
    # golang/tools (Gerrit): its most active reviewer approved 366 changes in a year, each
    # landing with "Reviewed-by: Alan Donovan <…>"; his document said nothing of them.
    repo.write(".mailmap", "Alice Doe <alice@example.com> <alice@old.example>\n")
    fix = repo.commit(
        "gopls/internal/cache: fix a path buffer overflow\n\nChange-Id: I12\n"
        "Reviewed-on: https://go-review.googlesource.com/c/tools/+/1\n"
        "Reviewed-by: Alice Doe <alice@old.example>\nReviewed-by: Mo <mo@example.com>",
        files={"gopls/internal/cache/path.go": "fix\n" * 3}, author=BOB)
    repo.squash_pr(8, "Add the export command", author=BOB, body="Reviewed-by: Alice Doe "
                   "<alice@example.com>", files={"src/export.py": "export\n"})
    repo.commit("Tidy the parser\n\nReviewed-by: Mo <mo@example.com>", author=BOB)

    items = {e.id: e for e in read(repo)}
    assert set(items) == {f"review:acme/widgets@{fix}@alice@example.com",
                          "review:acme/widgets#8@alice@example.com"}
    review = items[f"review:acme/widgets@{fix}@alice@example.com"]
    assert (review.kind, review.title, review.paths, review.facts.review_states) == (
        "review", "gopls/internal/cache: fix a path buffer overflow",
        ("gopls/internal/cache/path.go",), {"APPROVED": 1})
    assert [(a.role, a.email) for a in review.actors] == [
        ("reviewer", "alice@example.com"), ("author", "bob@example.com")]
    result = run_cli("brag", "--offline", "--store", run_cli.store, "--repo", repo.path, *YEAR)
    assert result.exit_code == 0, result.output
    assert "Reviewed 2 changes (2 reviews), approved 2." in result.stdout  # one commit

    bob = run_cli("brag", "--offline", "--store", run_cli.store, "--repo", repo.path,
                  "--author", "bob@example.com", *YEAR)
    assert "Reviewed" not in bob.stdout  # his own work, reviewed by others
    assert "fix a path buffer overflow" in bob.stdout


def test_acked_by_trailers_are_reviews_too(repo: GitRepo) -> None:
    # git's and the kernel's "Acked-by": whoever knows the area looked at the patch and
    # accepted it (git's SubmittingPatches; the kernel's submitting-patches.rst)
    acked = repo.commit("fsmonitor: fix a stale token\n\nAcked-by: Alice Doe <alice@example.com>\n"
                        "Signed-off-by: Bob Roe <bob@example.com>",
                        files={"fsmonitor.c": "fix\n"}, author=BOB)
    both = repo.commit("refs: tidy\n\nReviewed-by: Alice Doe <alice@example.com>\n"
                       "Acked-by: Alice Doe <alice@example.com>", author=BOB)
    repo.commit("docs: tidy\n\nTested-by: Alice Doe <alice@example.com>", author=BOB)

    items = {e.id: e for e in read(repo)}

    assert set(items) == {f"review:acme/widgets@{acked}@alice@example.com",
                          f"review:acme/widgets@{both}@alice@example.com"}  # one each
    assert items[f"review:acme/widgets@{acked}@alice@example.com"].facts.review_states == {
        "APPROVED": 1}


def test_a_reviewer_of_their_own_change_reviewed_no_one_elses(repo: GitRepo) -> None:
    # golang/tools: its reviewers' own changes carry their Reviewed-by too; Alan Donovan's
    # b1a8fb79 was his own fix and, again, one of the "366 changes" he reviewed
    repo.commit("go/ssa: fix the init order\n\nReviewed-by: Alice Doe <alice@example.com>",
                files={"go/ssa/init.go": "x\n"})
    repo.commit("Pair on the cache\n\nCo-authored-by: Alice Doe <alice@example.com>\n"
                "Reviewed-by: Alice Doe <alice@example.com>", author=BOB)

    assert {item.kind for item in read(repo)} == {"commit"}


def test_a_reviewer_of_their_own_change_under_another_address_reviewed_no_one_elses(
    repo: GitRepo,
) -> None:
    repo.commit("Fix the cache\n\nReviewed-by: Alice Doe <alice@home.example>",
                files={"src/cache.py": "x\n"})

    assert [item.kind for item in read(repo, "alice@example.com", "alice@home.example")] == [
        "commit"]


def test_a_pull_requests_reviewed_commits_are_reviewed_in_the_period_it_is_merged(
    repo: GitRepo,
) -> None:
    repo.commit("Start", files={"README.md": "widgets\n"}, author=BOB,
                date="2025-12-01T10:00:00+00:00")
    repo.branch("export")
    for part, day in (("parse", "2025-12-20"), ("write", "2026-01-03")):
        repo.commit(f"export: {part}\n\nReviewed-by: Alice Doe <alice@example.com>",
                    files={f"src/export/{part}.py": "x\n"}, author=BOB,
                    date=f"{day}T10:00:00+00:00")
    repo.merge_pr(7, "export", "Add the CSV exporter", date="2026-01-05T10:00:00+00:00")

    assert [i.id for i in read(repo)] == ["review:acme/widgets#7@alice@example.com"]
    assert read(repo, period=Period(since=dt.date(2025, 1, 1), until=dt.date(2025, 12, 31))) == []


def test_reviewers_named_without_an_address_are_each_a_review(
    repo: GitRepo, run_cli: Cli
) -> None:
    # both were stored as "review:…@<sha>@": the second overwrote the first
    sha = repo.commit("lib: fix a leak\n\nReviewed-by: Alice Doe\nReviewed-by: Carl Checker",
                      files={"lib/leak.c": "x\n"}, author=BOB)

    items = read(repo, "Alice Doe", "Carl Checker")
    assert sorted(item.id for item in items) == [
        f"review:acme/widgets@{sha}@Alice Doe", f"review:acme/widgets@{sha}@Carl Checker"]


def test_a_merged_branchs_reviewed_commits_are_one_review_of_its_pull_request(
    repo: GitRepo, run_cli: Cli
) -> None:
    repo.commit("Start", files={"README.md": "widgets\n"}, author=BOB)
    repo.branch("export")
    for part in ("parse", "write", "test"):
        repo.commit(f"export: {part}\n\nReviewed-by: Alice Doe <alice@example.com>",
                    files={f"src/export/{part}.py": "x\n"}, author=BOB)
    repo.merge_pr(9, "export", "Add the export command")

    (review,) = read(repo)
    assert (review.id, review.number, len(review.shas)) == (
        "review:acme/widgets#9@alice@example.com", 9, 3)
    result = run_cli("brag", "--offline", "--store", run_cli.store, "--repo", repo.path, *YEAR)
    assert "Reviewed 1 pull request (1 review), approved 1." in result.stdout


def test_explain_names_a_reviewed_commits_own_item(repo: GitRepo, run_cli: Cli) -> None:
    sha = repo.commit("Fix the importer\n\nReviewed-by: Bob Roe <bob@example.com>")
    run_cli("brag", "--offline", "--store", run_cli.store, "--repo", repo.path, *YEAR)
    run_cli("brag", "--offline", "--store", run_cli.store, "--repo", repo.path,
            "--author", "bob@example.com", *YEAR)

    result = run_cli("explain", "--store", run_cli.store, "--repo", repo.path, sha)
    assert result.exit_code == 0, result.output
    assert "Fix the importer" in result.stdout and "ambiguous" not in result.output


def test_reviews_read_from_a_history_alone_are_of_changes(repo: GitRepo, run_cli: Cli) -> None:
    for index in range(3):
        repo.commit(f"lib: fix case {index}\n\nReviewed-by: Alice Doe <alice@example.com>",
                    files={f"lib/case{index}.c": "fix\n"}, author=BOB)

    result = run_cli("brag", "--offline", "--store", run_cli.store, "--repo", repo.path, *YEAR)
    assert result.exit_code == 0, result.output
    assert "Reviewed 3 changes (3 reviews), approved 3. Areas: lib/ (3)." in result.stdout


# --- what commit messages say --------------------------------------------------------------


def test_competency_trailer_adds_a_competency(repo: GitRepo, run_cli: Cli) -> None:
    repo.commit("Rework the onboarding flow\n\nCompetency: customer-value")

    data = run_cli.brag_json("--repo", repo.path, *YEAR)

    (item,) = data["items"]
    value = [c for c in item["competencies"] if c["id"] == "customer-value"]
    assert value, item["competencies"]
    assert value[0]["reasons"][0] == "marked by its author (Competency trailer)"


def test_minus_competency_trailer_removes_a_competency(repo: GitRepo, run_cli: Cli) -> None:
    repo.commit("fix: retry exports that time out")
    repo.commit("fix: retry uploads that time out\n\nCompetency: -product-stability")

    data = run_cli.brag_json("--repo", repo.path, *YEAR)

    by_title = {i["title"]: [c["id"] for c in i["competencies"]] for i in data["items"]}
    assert "product-stability" in by_title["fix: retry exports that time out"]
    assert "product-stability" not in by_title["fix: retry uploads that time out"]


def test_competency_trailers_are_carried_as_overrides(repo: GitRepo) -> None:
    repo.commit("Rework onboarding\n\nCompetency: customer-value\nCompetency: -product-stability")

    (item,) = read(repo)

    assert item.overrides == ("customer-value", "-product-stability")


def test_competency_trailer_on_a_pull_requests_commit_reaches_the_pull_request(
    repo: GitRepo,
) -> None:
    repo.commit("Initial commit", author=ROOT)
    repo.branch("topic")
    repo.commit("Measure signup drop-off\n\nCompetency: customer-empathy")
    repo.merge_pr(11, "topic", "Signup funnel numbers", merger=MO)

    (item,) = read(repo)

    assert item.overrides == ("customer-empathy",)


def test_co_author_and_competency_trailers_of_one_commit_both_count(repo: GitRepo) -> None:
    repo.commit("Initial commit", author=ROOT)
    repo.branch("pairing")
    repo.commit("Pair on the funnel\n\nCo-authored-by: Alice Doe <alice@example.com>\n"
                "competency: customer-empathy", author=BOB)
    repo.merge_pr(8, "pairing", "Signup funnel", merger=MO)

    (item,) = read(repo)

    assert roles_of(item, "alice@example.com") == ["co_author"]
    assert item.overrides == ("customer-empathy",)


@pytest.mark.parametrize(
    "subject",
    [
        "feat: export reports as CSV",
        "fix(scope)!: stop dropping rows",
        "perf(api): cache the user list",
        "BUG: fix off-by-one in the pager",
        "ENH: add a --json flag",
        "DOC: explain the retry option",
        "TST: cover the empty input",
        "PERF: vectorise the loop",
        "MAINT: tidy imports",
        "REV: revert the pager change",
        "BUG, TST: fix and test the pager",
    ],
)
def test_commit_message_conventions_are_kept_in_the_title(repo: GitRepo, subject: str) -> None:
    repo.commit(f"{subject}\n\nThe body.")

    (item,) = read(repo)

    assert item.kind == "commit"
    assert item.title == subject
    assert item.body == "The body."


def test_latin1_message_without_an_encoding_header_is_decoded(repo: GitRepo) -> None:
    repo.commit_object("BUG: corrige l'accès au café\n\nDétails à suivre\n".encode("latin-1"))
    assert "\ufffd" in repo.git("cat-file", "commit", "HEAD")  # stored as Latin-1 bytes

    (item,) = read(repo)

    assert item.title == "BUG: corrige l'accès au café"
    assert item.body == "Détails à suivre"


def test_latin1_message_beside_a_utf8_name_keeps_both_readable(repo: GitRepo) -> None:
    repo.commit_object("Corrige le café\n".encode("latin-1"),
                       author=("José Núñez".encode(), b"alice@example.com"))

    (item,) = read(repo)

    assert item.title == "Corrige le café"
    assert [a.name for a in item.actors] == ["José Núñez"]


def test_latin1_commit_with_an_encoding_header_written_by_hand_is_decoded(repo: GitRepo) -> None:
    repo.commit_object("ENH: Größe\n".encode("latin-1"), encoding="ISO-8859-1",
                       author=("Jörg".encode("latin-1"), b"alice@example.com"))

    (item,) = read(repo)

    assert item.title == "ENH: Größe"
    assert [a.name for a in item.actors] == ["Jörg"]


def test_message_with_an_encoding_header_is_decoded(repo: GitRepo) -> None:
    repo.commit("ENH: naïve Größe\n\nÜber alles".encode("latin-1"), encoding="ISO-8859-1")
    assert "encoding ISO-8859-1" in repo.git("cat-file", "-p", "HEAD")

    (item,) = read(repo)

    assert item.title == "ENH: naïve Größe"
    assert item.body == "Über alles"


def test_log_output_encoding_setting_of_the_reader_does_not_garble_text(repo: GitRepo) -> None:
    repo.commit("Fix Łódź timezone", author=("José Núñez", "alice@example.com"))
    repo.git("config", "i18n.logOutputEncoding", "ISO-8859-1")

    (item,) = read(repo)

    assert item.title == "Fix Łódź timezone"
    assert [a.name for a in item.actors] == ["José Núñez"]


def test_utf8_names_and_subjects_survive(repo: GitRepo) -> None:
    repo.commit("Arreglar el año bisiesto 🎉", author=("Zoë Ångström", "alice@example.com"))

    (item,) = read(repo)

    assert item.title == "Arreglar el año bisiesto 🎉"
    assert item.actors[0].name == "Zoë Ångström"


# --- the state of the repository ------------------------------------------------------------


def test_detached_head_reads_the_history_behind_it(repo: GitRepo, run_cli: Cli) -> None:
    repo.commit("First")
    repo.commit("Second")
    repo.commit("Third")
    repo.detach("HEAD~1")

    data = run_cli.brag_json("--repo", repo.path, *YEAR)

    assert [i["title"] for i in data["items"]] == ["First", "Second"]


def test_shallow_clone_warns_that_history_is_cut_and_how_to_fetch_it(
    repo: GitRepo, run_cli: Cli, tmp_path: Path
) -> None:
    for n in range(4):
        repo.commit(f"Change {n}")
    clone = repo.clone(tmp_path / "shallow", depth=2)

    result = run_cli("brag", "--offline", "--repo", clone, "--author", "alice@example.com",
                     "--store", run_cli.store, *YEAR)

    assert result.exit_code == 0, result.output
    assert result.stderr == (
        f"evidencer: warning: {clone}: this is a shallow clone, so history before its cut is "
        "missing; run `git fetch --unshallow` to read all of it\n"
    )
    assert "Change 3" in result.stdout and "Change 0" not in result.stdout


def test_an_address_mailmap_gives_the_person_under_one_name_only_is_pointed_out(
    repo: GitRepo, run_cli: Cli
) -> None:
    # tmux: "Nicholas Marriott <nicholas.marriott@gmail.com> Nicholas Marriott
    # <nicm@openbsd.org>" maps only commits named "Nicholas Marriott"; its OpenBSD sync
    # commits as "nicm" at that address, and 102 of his commits of a year went missing
    repo.write(".mailmap", "# who is who\n"
               "Alice Doe\t<alice@example.com> Alice Doe <alice@bsd.example>\n"
               "Alice Doe <alice@example.com> alice <alice>\n"
               "<bob@example.com> <bob@old.example>\n")
    repo.commit("Fix the parser")
    repo.commit("Mapped: the name matches", author=("Alice Doe", "alice@bsd.example"))
    repo.commit("Add the -O flag", author=("alice", "alice@bsd.example"))
    repo.commit("Fix a leak", author=("alice", "alice@bsd.example"))
    repo.commit("Tidy", author=("Bob Roe", "bob@old.example"))

    result = run_cli("brag", "--offline", "--repo", repo.path, "--author", "alice@example.com",
                     "--store", run_cli.store, *YEAR)

    assert result.exit_code == 0, result.output
    assert result.stderr == (
        f"evidencer: warning: {repo.path}: 2 commits since 2026-01-01 are by 'alice' at "
        "alice@bsd.example, which .mailmap gives you only under the name 'Alice Doe'; if "
        "they are yours, pass the address too: --author 'alice@example.com,alice@bsd.example'\n")
    assert "Mapped: the name matches" in result.stdout and "Add the -O flag" not in result.stdout
    both = run_cli("brag", "--offline", "--repo", repo.path, "--store", run_cli.store,
                   "--author", "alice@example.com,alice@bsd.example", *YEAR)
    assert "Add the -O flag" in both.stdout and both.stderr == ""


def test_an_address_whose_commits_are_counted_already_is_not_pointed_out(
    repo: GitRepo, run_cli: Cli
) -> None:
    """redis/redis-py, prettier: the maintainers were told to pass a noreply address whose
    only commits were their own already, by their work address, the noreply one a
    co-author GitHub wrote into the squash."""
    noreply = "1234+alice-d@users.noreply.github.com"
    repo.commit(f"Fix the parser\n\nCo-authored-by: Alice Doe <{noreply}>")
    repo.commit(f"Add CSV export (#12)\n\nCo-authored-by: Alice Doe <{noreply}>")

    counted = run_cli("brag", "--offline", "--repo", repo.path, "--author",
                      "alice@example.com", "--store", run_cli.store, *YEAR)

    assert counted.exit_code == 0, counted.output
    assert counted.stderr == ""
    assert "Fix the parser" in counted.stdout and "Add CSV export" in counted.stdout

    repo.commit("Add JSON export (#13)", author=("Alice Doe", noreply))

    assert f"1 commit since 2026-01-01 is by or co-authored by 'Alice Doe' at {noreply}" \
        in _warned(repo, run_cli, "alice@example.com")


def test_one_address_under_two_names_is_one_note(repo: GitRepo, run_cli: Cli) -> None:
    """pypa/hatch: its maintainer read two notes, 'Cary Hawkins' and 'Cary' at one work
    address, each with the same --author to pass."""
    work = "cary@corp.example"
    repo.commit("Fix the parser", author=("Cary Hawkins", "cary@example.com"))
    repo.commit("Tidy the docs", author=("Cary", "cary@example.com"))
    repo.commit("Add workspaces (#12)", author=("Cary Hawkins", work))
    repo.commit("Add SBOM support (#13)", author=("Cary", work))
    repo.commit("Fix overrides (#14)", author=("Cary", work))

    assert _warned(repo, run_cli, "cary@example.com") == (
        f"evidencer: warning: {repo.path}: 3 commits since 2026-01-01 are by or co-authored "
        f"by 'Cary' or 'Cary Hawkins' at {work}, which --author does not name; if they are "
        f"yours, pass them too: --author 'cary@example.com,{work}'\n")


def test_old_commits_a_merge_of_the_period_brought_in_are_not_pointed_out(
    repo: GitRepo, run_cli: Cli
) -> None:
    """nuxt/nuxt: a merge linking its 2016-2022 history to main made 13 commits of 2019
    read as commits "since 2025-09-01" under two old addresses of its maintainer's; the
    --author it advised added nothing to the period."""
    old = "daniel@old.example"
    repo.commit("Start", author=("Daniel Roe", "daniel@example.com"),
                date="2019-01-01T10:00:00+00:00")
    repo.branch("v2")
    repo.commit("Fix the v2 router", author=("Daniel Roe", old),
                date="2019-05-01T10:00:00+00:00")
    repo.checkout("main")
    repo.commit("Add layers", author=("Daniel Roe", "daniel@example.com"))
    repo.merge("v2", "chore: link the 2.x history to main", merger=("Daniel Roe",
                                                                   "daniel@example.com"))
    # ... while a pull request of the period under that address is still pointed out, its
    # commits of the weeks before it among them
    repo.branch("hooks")
    repo.commit("Add hooks", author=("Daniel Roe", old), date="2025-12-10T10:00:00+00:00")
    repo.commit("Test hooks", author=("Daniel Roe", old))
    repo.merge("hooks", "Merge pull request #7 from daniel/hooks", merger=BOB)

    warned = _warned(repo, run_cli, "daniel@example.com")

    assert f"2 commits since 2026-01-01 are by or co-authored by 'Daniel Roe' at {old}" \
        in warned


def test_a_name_whose_addresses_another_note_names_is_in_that_note(
    repo: GitRepo, run_cli: Cli
) -> None:
    """nuxt/nuxt: its maintainer read 'Daniel Roe' at two addresses, then 'danielroe' at
    one of them, with an --author to pass that the first one's held already."""
    work, old = "daniel@corp.example", "daniel@old.example"
    repo.commit("Fix the parser", author=("Daniel Roe", "daniel@example.com"))
    repo.commit("Add layers (#12)", author=("Daniel Roe", work))
    repo.commit("Add hooks (#13)", author=("Daniel Roe", old))
    repo.commit("Fix hooks (#14)", author=("danielroe", work))

    assert _warned(repo, run_cli, "daniel@example.com") == (
        f"evidencer: warning: {repo.path}: 3 commits since 2026-01-01 are by or co-authored "
        f"by 'Daniel Roe' or 'danielroe' at {work}, {old}, which --author does not name; if "
        f"they are yours, pass them too: --author 'daniel@example.com,{work},{old}'\n")


def test_an_address_others_sign_under_more_is_not_pointed_out(
    repo: GitRepo, run_cli: Cli
) -> None:
    """sveltejs/kit: its maintainer was told to pass hello@rich-harris.dev for two
    co-author trailers under his name, an address Rich Harris signs 25 commits under;
    passed, it asked next for Rich Harris's own addresses. His name's words in another
    order are his name."""
    shared = "hello@rich-harris.example"
    repo.commit("Fix the parser", author=("Tee Ming", "teeming@example.com"))
    repo.commit("Fix the lexer", author=("Tee Ming Chew", "teeming@example.com"))
    repo.commit(f"Fix the router\n\nCo-authored-by: Tee Ming <{shared}>", author=BOB)
    for n in range(3):
        repo.commit(f"Add adapter {n}", author=("Rich Harris", shared))
    work = "chew.tee.ming@corp.example"
    repo.commit("Add the sitemap", author=("Chew Tee Ming", work))
    repo.commit("Add the robots file", author=("Tee Ming Chew", work))

    assert _warned(repo, run_cli, "teeming@example.com") == (
        f"evidencer: warning: {repo.path}: 1 commit since 2026-01-01 is by or co-authored "
        f"by 'Tee Ming Chew' at {work}, which --author does not name; if they are yours, "
        f"pass them too: --author 'teeming@example.com,{work}'\n")


def test_an_address_three_other_names_sign_under_is_not_pointed_out(
    repo: GitRepo, run_cli: Cli
) -> None:
    """withastro/starlight: its formatting job commits "[ci] format" under the name of
    whoever opened the pull request, at one noreply address; its most frequent author was
    told to pass it for the nine of his."""
    shared = "formatter@users.noreply.github.com"
    repo.commit("Add the sidebar", author=("Felix Schneider", "felix@example.com"))
    for n in range(4):
        repo.commit(f"[ci] format {n}", author=("Felix Schneider", shared))
    for name in ("Dhruv Mishra", "Franco Kaddour", "Junseong Park"):
        repo.commit("[ci] format", author=(name, shared))

    assert _warned(repo, run_cli, "felix@example.com") == ""


def test_an_address_the_person_merges_under_is_pointed_out(repo: GitRepo, run_cli: Cli) -> None:
    """basecamp/kamal: its maintainer clicked GitHub's merge button under his company's
    address, 88 merges of a year, which no commit of his own used; his document said
    merges were not in it, and no note named the address."""
    company = "alice@corp.example"
    repo.commit("Fix the parser")
    for n in (1, 2):
        repo.branch(f"feature-{n}")
        repo.commit(f"Add exporter {n}", author=BOB)
        repo.merge_pr(10 + n, f"feature-{n}", f"Add exporter {n}", merger=("Alice Doe", company))
    repo.branch("feature-3")
    repo.commit("Add importer", author=BOB)
    repo.merge_pr(13, "feature-3", "Add importer", merger=BOB)

    _assert_two_merges_pointed_out(repo, run_cli, company, "2 merges")


def test_an_address_github_rebased_others_work_under_is_pointed_out(
    repo: GitRepo, run_cli: Cli
) -> None:
    """sharkdp/hyperfine: GitHub's rebase button committed others' pull requests under its
    maintainer's noreply address, which no commit of his own was authored under; 11 of
    his 12 merges were missing, and no note named the address."""
    noreply = "4242+alice@users.noreply.github.com"
    repo.commit("Fix the parser")
    for title in ("Add option to name reference command", "Fix naming with parameter scan"):
        repo.commit(title, author=BOB, committer=("Alice Doe", noreply))

    # (each commit a rebase lands is one: commits, not merges)
    _assert_two_merges_pointed_out(repo, run_cli, noreply, "2 of others' commits landed")


def _assert_two_merges_pointed_out(repo: GitRepo, run_cli: Cli, address: str,
                                   what: str) -> None:
    """Alice's note names ``address`` for ``what``; passed, they are her maintainer work."""
    assert _warned(repo, run_cli, "alice@example.com") == (
        f"evidencer: warning: {repo.path}: {what} since 2026-01-01 are by 'Alice Doe' at "
        f"{address}, which --author does not name; others' work you merge counts as "
        f"maintainer work: if they are yours, pass it too: --author "
        f"'alice@example.com,{address}'\n")
    passed = run_cli("brag", "--offline", "--repo", repo.path, "--store", run_cli.store,
                     "--author", f"alice@example.com,{address}", *YEAR)
    assert passed.stderr == "" and "Merged 2 items by 1 other person" in passed.stdout


def test_a_name_note_shows_the_name_without_its_invisible_characters(
    repo: GitRepo, run_cli: Cli
) -> None:
    """wagtail: a maintainer's other address carries her name with a zero-width space in
    it, which the note printed as 'S\\u200bage Abdullah'."""
    repo.commit("Fix the parser")
    repo.commit("Document the parser", author=("Al\u200bice Doe", "alice@home.example"))

    assert _warned(repo, run_cli, "alice@example.com") == (
        f"evidencer: warning: {repo.path}: 1 commit since 2026-01-01 is by or co-authored "
        f"by 'Alice Doe' at alice@home.example, which --author does not name; if they are "
        f"yours, pass them too: --author 'alice@example.com,alice@home.example'\n")


def test_a_shortened_first_name_at_the_persons_own_domain_is_pointed_out(
    repo: GitRepo, run_cli: Cli
) -> None:
    """wagtail: its lead maintainer commits as "Matthew Westcott" at matthew@west.co.tt and
    as "Matt Westcott" at matt@west.co.tt; given the first, his document listed eight of
    his commits as merges of someone else's. Not at a mail service anyone has, nor another
    last name at the domain."""
    alice = ("Alexandra Doe", "alexandra@doe.dev")
    repo.commit("Fix the parser", author=alice)
    repo.commit("Support posting with a JSON header", author=("Alex Doe", "alex@doe.dev"))
    repo.commit("Add the exporter", author=("Alex Doe", "alexdoe@gmail.com"))
    repo.commit("Add the importer", author=("Alex Roe", "roe@doe.dev"))
    repo.commit("Add the reader", author=("Al Doe", "al@doe.dev"))

    assert _warned(repo, run_cli, alice[1]) == (
        f"evidencer: warning: {repo.path}: 1 commit since 2026-01-01 is by or co-authored "
        f"by 'Alex Doe' at alex@doe.dev, which --author does not name; if they are yours, "
        f"pass them too: --author 'alexandra@doe.dev,alex@doe.dev'\n")


def _warned(repo: GitRepo, run_cli: Cli, author: str) -> str:
    """What a year's brag of ``author`` warns, offline."""
    result = run_cli("brag", "--offline", "--repo", repo.path, "--author", author,
                     "--store", run_cli.store, *YEAR)
    assert result.exit_code == 0, result.output
    return str(result.stderr)


def test_the_same_name_at_an_address_not_given_is_pointed_out_never_claimed(
    repo: GitRepo, run_cli: Cli
) -> None:
    """encode/django-rest-framework: a maintainer's squash-merged pull requests carry his
    GitHub noreply address; given his own address alone, a third of his year went missing
    without a word."""
    noreply = "1234+alice-d@users.noreply.github.com"
    repo.commit("Fix the parser")
    repo.commit("Add CSV export (#12)", author=("Alice Doe", noreply))
    repo.commit("Add JSON export (#13)", author=("Alice Doe", noreply))
    repo.commit("Tidy the docs", author=BOB)
    # withastro/starlight: co-authored under the login's noreply address and its spelling
    login = "5678+AliceDoe@users.noreply.github.com"
    repo.commit(f"Fix the sidebar\n\nCo-authored-by: AliceDoe <{login}>", author=BOB)

    result = run_cli("brag", "--offline", "--repo", repo.path, "--author", "alice@example.com",
                     "--store", run_cli.store, *YEAR)

    assert result.exit_code == 0, result.output
    assert result.stderr == (
        f"evidencer: warning: {repo.path}: 2 commits since 2026-01-01 are by or co-authored "
        f"by 'Alice Doe' at {noreply}, which --author does not name; if they are yours, pass "
        f"them too: --author 'alice@example.com,{noreply}'\n"
        f"evidencer: warning: {repo.path}: 1 commit since 2026-01-01 is by or co-authored "
        f"by 'AliceDoe' at {login}, which --author does not name; if they are yours, pass "
        f"them too: --author 'alice@example.com,{login}'\n"
    )
    assert "Fix the parser" in result.stdout and "CSV export" not in result.stdout
    assert "> **Note:** " in result.stdout and "2 commits since 2026-01-01" in result.stdout

    given_both = run_cli("brag", "--offline", "--repo", repo.path, "--store", run_cli.store,
                         "--author", f"alice@example.com,{noreply},{login}", *YEAR)
    by_name = run_cli("brag", "--offline", "--repo", repo.path, "--store", run_cli.store,
                      "--author", "Alice Doe <alice@example.com>", *YEAR)

    assert given_both.stderr == ""
    assert "Add CSV export" in given_both.stdout and "Fix the sidebar" in given_both.stdout
    assert "Add CSV export" in by_name.stdout  # "AliceDoe" is another name: still said
    assert by_name.stderr.count("evidencer: warning:") == 1 and "'AliceDoe'" in by_name.stderr


def test_a_name_matches_by_its_words_whatever_marks_stand_beside_them(
    repo: GitRepo, run_cli: Cli
) -> None:
    """TanStack/query: its maintainer commits and co-authors as "Dominik Dorfmeister 🔮"
    and as "Dominik Dorfmeister"; by either name, 46 of his pull requests were missing."""
    repo.commit("Fix the retryer", author=("Ann Lee \U0001f52e", "ann@example.com"))
    repo.commit("Add streamed queries", author=BOB)
    repo.commit("Fix the cache\n\nCo-authored-by: Ann Lee <ann@example.com>", author=BOB)
    repo.commit("Tidy the docs", author=("Ann Leeds", "leeds@example.com"))

    result = run_cli("brag", "--offline", "--format", "json", "--repo", repo.path,
                     "--author", "Ann Lee \U0001f52e", "--store", run_cli.store, *YEAR)

    assert result.exit_code == 0, result.output
    titles = sorted(i["title"] for i in json.loads(result.stdout)["items"])
    assert titles == ["Fix the cache", "Fix the retryer"]


@pytest.mark.parametrize(("given", "other"), [
    ("john-doe", ("John Doe", "jdoe@corp.example")),  # a login is not every John Doe
    ("\u0905\u092e\u093f\u0924 \u0936\u0930\u094d\u092e\u093e",  # Amit Sharma ...
     ("\u0905\u092e\u0943\u0924 \u0936\u0930\u094d\u092e\u093e", "amrit@example.com")),
    ("Tran Van Nam", ("Tr\u1ea7n V\u0103n Nam", "nam@example.com")),  # ... nor an accent
])
def test_names_that_differ_by_more_than_marks_stay_apart(
    repo: GitRepo, run_cli: Cli, given: str, other: tuple[str, str]
) -> None:
    repo.commit("Fix data loss on shutdown", author=other)

    result = run_cli("brag", "--offline", "--format", "json", "--repo", repo.path,
                     "--author", given, "--store", run_cli.store, *YEAR)

    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["items"] == []


def test_another_name_at_the_address_a_name_commits_under_is_pointed_out_never_claimed(
    repo: GitRepo, run_cli: Cli
) -> None:
    """TanStack/query: the maintainer also commits as his login, "TkDodo", at the address
    his name commits under; given his name alone, those 15 commits went unsaid."""
    repo.commit("Fix the retryer", author=("Ann Lee", "ann@example.com"))
    repo.commit("Fix the observer", author=("annlee-gh", "ann@example.com"))
    repo.commit("Add streamed queries", author=BOB)

    result = run_cli("brag", "--offline", "--format", "json", "--repo", repo.path,
                     "--author", "Ann Lee", "--store", run_cli.store, *YEAR)

    assert result.exit_code == 0, result.output
    assert [i["title"] for i in json.loads(result.stdout)["items"]] == ["Fix the retryer"]
    assert result.stderr == (
        f"evidencer: warning: {repo.path}: 1 commit since 2026-01-01 is by or co-authored "
        "by 'annlee-gh' at ann@example.com, an address your name commits under, which "
        "--author does not name; if they are yours, pass it too: "
        "--author 'Ann Lee,ann@example.com'\n")
    both = run_cli("brag", "--offline", "--format", "json", "--repo", repo.path,
                   "--author", "Ann Lee,ann@example.com", "--store", run_cli.store, *YEAR)
    assert both.stderr == "" and len(json.loads(both.stdout)["items"]) == 2


def test_a_coding_agents_addresses_are_no_hint_though_it_commits_at_yours(
    repo: GitRepo, run_cli: Cli
) -> None:
    """wails: the maintainer's coding agent, taliesin-ai, commits at her address and at
    its own (bot@taliesin.ai, its GitHub noreply one); she was told to pass those."""
    ann = ("Ann Lee", "ann@example.com")
    for n in range(5):
        repo.commit(f"Fix the retryer {n}", author=ann)
    for n in range(3):  # the agent signs more often at her address than at its own
        repo.commit(f"chore: sync the beta branch {n}", author=("helper-ai", "ann@example.com"))
    repo.commit("Fix the observer", author=("helper-ai", "bot@helper.ai"))
    for n in range(2):
        repo.commit(f"Fix the cache {n}",
                    author=("helper-ai", "99+helper-ai@users.noreply.github.com"))

    result = run_cli("brag", "--offline", "--format", "json", "--repo", repo.path,
                     "--author", "ann@example.com", "--store", run_cli.store, *YEAR)

    assert result.exit_code == 0, result.output
    assert "helper" not in result.stderr, result.stderr


def test_a_ci_job_signing_with_your_name_at_a_bots_address_keeps_your_other_hints(
    repo: GitRepo, run_cli: Cli
) -> None:
    ann = ("Ann Lee", "ann@example.com")
    repo.commit("Fix the retryer", author=ann)
    repo.commit("Fix the observer", author=ann)
    repo.commit("chore: release", author=("Ann Lee", "41898282+github-actions[bot]@"
                                                     "users.noreply.github.com"))
    repo.commit("Fix the cache", author=("Ann Lee", "ann@home.example"))

    result = run_cli("brag", "--offline", "--format", "json", "--repo", repo.path,
                     "--author", "ann@example.com", "--store", run_cli.store, *YEAR)

    assert result.exit_code == 0, result.output
    assert "ann@home.example" in result.stderr and "github-actions" not in result.stderr


def test_a_shared_address_a_name_commits_under_is_no_hint(repo: GitRepo, run_cli: Cli) -> None:
    """A release job commits as action@github.com under many people's names: pointing at
    it would claim their work. The hint's --author line keeps the logins given."""
    for name in ("Ann Lee", "Bob Stone", "Carol King"):
        repo.commit(f"Release notes by {name}", author=(name, "action@github.com"))
    repo.commit("Fix the retryer", author=("Ann Lee", "ann@example.com"))
    repo.commit("Fix the observer", author=("annlee-gh", "ann@example.com"))

    result = run_cli("brag", "--offline", "--format", "json", "--repo", repo.path,
                     "--author", "Ann Lee,@annlee", "--store", run_cli.store, *YEAR)

    assert result.exit_code == 0, result.output
    assert "action@github.com" not in result.stderr
    assert result.stderr.endswith("--author 'Ann Lee,@annlee,ann@example.com'\n")


def test_a_clone_lacking_a_files_contents_loses_those_line_counts_not_the_run(
    repo: GitRepo, run_cli: Cli
) -> None:
    """A partial clone away from its server (or a damaged one): git cannot diff a commit
    whose file it lacks. That commit keeps its files without line counts, and the rest of
    the history is read in full."""
    repo.commit("Add the logo", files={"logo.svg": "<svg>old</svg>\n"})
    repo.commit("Redraw the logo", files={"logo.svg": "<svg>new</svg>\n", "NOTES.md": "n\n"})
    repo.commit("Fix the parser", files={"src/parse.py": "a\nb\nc\n"})
    old = repo.git("rev-parse", "HEAD~2:logo.svg").strip()
    (repo.path / ".git" / "objects" / old[:2] / old[2:]).unlink()  # git gc never ran

    result = run_cli("brag", "--offline", "--format", "json", "--store", run_cli.store,
                     "--repo", repo.path, *YEAR)

    assert result.exit_code == 0, result.output
    redraw, added = (repo.git("rev-parse", ref).strip()[:10] for ref in ("HEAD~1", "HEAD~2"))
    assert result.stderr == (
        f"evidencer: warning: {repo.path}: git cannot read some files of 2 commit(s) "
        f"({', '.join(sorted((redraw, added)))}), so their line counts are unknown: a "
        "partial clone without its server, or a damaged one (`git fsck` names what is "
        "missing)\n"
    )
    titles = [i["title"] for i in json.loads(result.stdout)["items"]]
    assert sorted(titles) == ["Add the logo", "Fix the parser", "Redraw the logo"]
    items = {item.title: item for item in read(repo)}
    assert (items["Fix the parser"].paths, items["Fix the parser"].additions) == (
        ("src/parse.py",), 3)
    assert (items["Redraw the logo"].paths, items["Redraw the logo"].additions) == (
        ("NOTES.md", "logo.svg"), 0)
    assert items["Add the logo"].paths == ("logo.svg",)


def test_fixes_of_work_no_release_has_shipped_are_told_by_the_release_tags(
    repo: GitRepo, run_cli: Cli
) -> None:
    """usebruno/bruno: a month of fixes to its maintainer's workspaces, before the release
    that first shipped them, read as bugs fixed in shipped work. The release tags HEAD
    reaches say when each release was made (a pre-release, a nightly or another branch's
    tag is none), and `report` reads them from the store as `brag` does."""
    repo.commit("Initial commit", files={"README.md": "widgets\n"},
                date="2026-02-20T09:00:00+00:00")
    repo.git("tag", "v1.4.0")
    repo.commit("Add workspaces", author=ALICE, date="2026-03-02T10:00:00+00:00",
                files={"src/workspaces.py": "w\n" * 200})
    repo.git("tag", "v2.0.0-beta.1")
    repo.git("tag", "nightly")
    repo.commit("Fix workspace names with spaces", author=ALICE,
                date="2026-03-28T10:00:00+00:00",
                files={"src/workspaces.py": "w\n" * 199 + "x\n"})

    result = run_cli("brag", "--offline", "--store", run_cli.store, "--repo", repo.path,
                     "--author", "alice@example.com", *YEAR)

    assert result.exit_code == 0, result.output
    said = "fixed 1 bug in code of your own changed since its last release"
    assert said in result.stdout
    again = run_cli("report", "--store", run_cli.store, "--author", "alice@example.com", *YEAR)
    assert again.exit_code == 0, again.output
    assert said in again.stdout
    # ... a redacted document claims the same
    hidden = run_cli("report", "--store", run_cli.store, "--author", "alice@example.com",
                     "--redact", *YEAR)
    assert hidden.exit_code == 0, hidden.output
    assert "repo-1" in hidden.stdout and said in hidden.stdout
    # ... a store value edited by hand (out of order, out of range, no list) is read for
    # what it can say, and never stops the report
    with sqlite3.connect(run_cli.store) as db:
        [key] = [k for (k,) in db.execute("SELECT key FROM sync") if k.startswith("git-rel")]
        for value in ("[300000000000, 1771578000]", '{"a": 1}', "not json", "[1775000000, 0]"):
            db.execute("UPDATE sync SET value = ? WHERE key = ?", (value, key))
            db.commit()
            edited = run_cli("report", "--store", run_cli.store, "--author",
                             "alice@example.com", *YEAR)
            assert edited.exit_code == 0, (value, edited.output)
    # ... and once a release has it, a fix of it is a fix of shipped work
    repo.git("tag", "v2.0.0-rc.1", "HEAD~1")
    repo.git("tag", "beta-2.0", "HEAD~1")
    prerelease = run_cli("brag", "--offline", "--store", run_cli.store, "--repo", repo.path,
                         "--author", "alice@example.com", *YEAR)
    assert said in prerelease.stdout
    repo.git("tag", "v2.0.0", "HEAD~1")
    shipped = run_cli("brag", "--offline", "--store", run_cli.store, "--repo", repo.path,
                      "--author", "alice@example.com", *YEAR)
    assert shipped.exit_code == 0, shipped.output
    assert "fixed 1 bug in shipped work" in shipped.stdout


def test_a_clone_lacking_files_says_so_once_for_own_and_merged_branches(
    repo: GitRepo, run_cli: Cli
) -> None:
    """wails: the commits of a branch two people wrote are read for who wrote most of it,
    and the person's own commits for their line counts; a clone that lacks files of both
    said so twice, with two counts. Once, for every commit it could not read."""
    repo.commit("Add the logo", files={"logo.svg": "<svg>old</svg>\n"})
    repo.branch("redraw")
    repo.commit("Redraw the logo", files={"logo.svg": "<svg>new</svg>\n"})
    repo.commit("Recolour the logo", files={"logo.svg": "<svg>blue</svg>\n"}, author=BOB)
    repo.checkout("main")
    repo.merge_pr(7, "redraw", "Redraw the logo")
    for ref in ("HEAD~1:logo.svg", "HEAD^2~1:logo.svg"):  # what each commit's diff needs
        blob = repo.git("rev-parse", ref).strip()
        (repo.path / ".git" / "objects" / blob[:2] / blob[2:]).unlink()

    result = run_cli("brag", "--offline", "--format", "json", "--store", run_cli.store,
                     "--repo", repo.path, *YEAR)

    assert result.exit_code == 0, result.output
    assert result.stderr.count("git cannot read some files") == 1, result.stderr
    assert "git cannot read some files of 4 commit(s)" in result.stderr  # and the merge


def test_empty_repository_gives_a_valid_document_saying_no_work_was_found(
    repo: GitRepo, run_cli: Cli
) -> None:
    result = run_cli("brag", "--offline", "--repo", repo.path, "--store", run_cli.store,
                     "--since", "2026-01-01", "--until", "2026-06-30")

    assert result.exit_code == 0, result.output
    assert result.stderr == (
        f"evidencer: warning: {repo.path}: the repository has no commits yet\n"
    )
    assert result.stdout.startswith("# Brag document: Alice Doe\n")
    assert (
        "No work by Alice Doe was found between 2026-01-01 and 2026-06-30." in result.stdout
    )


def test_empty_repository_gives_valid_json_with_no_items(repo: GitRepo, run_cli: Cli) -> None:
    data = run_cli.brag_json("--repo", repo.path, *YEAR)

    assert data["items"] == []
    assert data["summary"] == {
        "customer-empathy": 0, "customer-value": 0, "product-stability": 0,
    }


def test_period_with_no_work_gives_a_document_saying_so(repo: GitRepo, run_cli: Cli) -> None:
    repo.commit("Old work", date="2025-03-01T10:00:00+00:00")

    result = run_cli("brag", "--offline", "--repo", repo.path, "--store", run_cli.store, *YEAR)

    assert result.exit_code == 0, result.output
    assert "No work by Alice Doe was found between 2026-01-01 and 2026-12-31." in result.stdout


# --- where the repository lives on the web -------------------------------------------------


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("https://github.com/acme/widgets.git", ("github.com", "acme/widgets")),
        ("https://github.com/acme/widgets", ("github.com", "acme/widgets")),
        ("https://github.com/acme/widgets/", ("github.com", "acme/widgets")),
        ("https://alice:ghp_SECRET@github.com/acme/widgets.git", ("github.com", "acme/widgets")),
        ("https://x-access-token:ghs_SECRET@github.com/acme/widgets", ("github.com",
                                                                       "acme/widgets")),
        ("ssh://git@github.com/acme/widgets.git", ("github.com", "acme/widgets")),
        ("ssh://git@github.com:22/acme/widgets.git", ("github.com", "acme/widgets")),
        ("git@github.com:acme/widgets.git", ("github.com", "acme/widgets")),
        ("git@github.com:acme/widgets", ("github.com", "acme/widgets")),
        ("https://GitHub.Example.com/acme/widgets.git", ("github.example.com", "acme/widgets")),
        ("git@github.example.com:acme/widgets.git", ("github.example.com", "acme/widgets")),
        ("https://github.example.com:8443/acme/widgets.git",
         ("github.example.com:8443", "acme/widgets")),
    ],
)
def test_remote_url_forms_give_host_and_owner_repo(url: str, expected: tuple[str, str]) -> None:
    assert parse_remote_url(url) == expected


@pytest.mark.parametrize("url", ["/srv/git/widgets.git", "file:///srv/git/widgets.git", ""])
def test_remote_that_is_not_a_hosted_repository_is_not_parsed(url: str) -> None:
    assert parse_remote_url(url) is None


@pytest.mark.parametrize(
    ("url", "web"),
    [
        ("git@github.com:acme/widgets.git", "https://github.com/acme/widgets"),
        ("ssh://git@github.example.com/tools/gadget.git", "https://github.example.com/tools/gadget"),
        ("https://u:ghp_SECRET@github.example.com/tools/gadget.git",
         "https://github.example.com/tools/gadget"),
    ],
)
def test_web_links_come_from_the_origin_remote(tmp_path: Path, url: str, web: str) -> None:
    repo = GitRepo(tmp_path / "r", remote=url)
    sha = repo.commit("A change")
    repo.squash_pr(4, "A pull request")

    remote = read_remote(repo.path)
    items = {i.kind: i for i in read(repo)}

    assert remote.web == web
    assert items["commit"].url == f"{web}/commit/{sha}"
    assert items["pull_request"].url == f"{web}/pull/4"
    assert items["pull_request"].repo == web.split("/", 3)[3]


@pytest.mark.parametrize(("url", "name", "commit", "pull"), [
    # GitLab's groups nest, and its pages sit under "/-/"
    ("git@gitlab.com:group/sub/proj.git", "group/sub/proj",
     "https://gitlab.com/group/sub/proj/-/commit/", "https://gitlab.com/group/sub/proj/-/merge_requests/"),
    ("https://gitlab.example.com/tools/gadget.git", "tools/gadget",
     "https://gitlab.example.com/tools/gadget/-/commit/",
     "https://gitlab.example.com/tools/gadget/-/merge_requests/"),
    ("git@bitbucket.org:team/repo.git", "team/repo",
     "https://bitbucket.org/team/repo/commits/", "https://bitbucket.org/team/repo/pull-requests/"),
    # Gitea and Forgejo keep pull requests under "pulls"
    ("https://codeberg.org/forgejo/forgejo.git", "forgejo/forgejo",
     "https://codeberg.org/forgejo/forgejo/commit/", "https://codeberg.org/forgejo/forgejo/pulls/"),
    ("git@gitea.example.com:ops/infra.git", "ops/infra",
     "https://gitea.example.com/ops/infra/commit/", "https://gitea.example.com/ops/infra/pulls/"),
    # Azure DevOps: organization, project, "_git", repository, whatever the remote's form
    ("https://acme@dev.azure.com/acme/Widgets/_git/widgets-api", "acme/Widgets/widgets-api",
     "https://dev.azure.com/acme/Widgets/_git/widgets-api/commit/",
     "https://dev.azure.com/acme/Widgets/_git/widgets-api/pullrequest/"),
    ("git@ssh.dev.azure.com:v3/acme/Widgets/widgets-api", "acme/Widgets/widgets-api",
     "https://dev.azure.com/acme/Widgets/_git/widgets-api/commit/",
     "https://dev.azure.com/acme/Widgets/_git/widgets-api/pullrequest/"),
    # Bitbucket Data Center: its https remotes go through "scm/", its pages do not
    ("https://bitbucket.example.com/scm/acme/widgets.git", "acme/widgets",
     "https://bitbucket.example.com/projects/ACME/repos/widgets/commits/",
     "https://bitbucket.example.com/projects/ACME/repos/widgets/pull-requests/"),
    ("ssh://git@bitbucket.example.com:7999/~bob/dotfiles.git", "~bob/dotfiles",
     "https://bitbucket.example.com/users/bob/repos/dotfiles/commits/",
     "https://bitbucket.example.com/users/bob/repos/dotfiles/pull-requests/"),
    ("https://acme.visualstudio.com/DefaultCollection/Widgets/_git/widgets-api",
     "acme/Widgets/widgets-api", "https://dev.azure.com/acme/Widgets/_git/widgets-api/commit/",
     "https://dev.azure.com/acme/Widgets/_git/widgets-api/pullrequest/"),
])
def test_links_take_the_shape_of_the_forge(
    tmp_path: Path, url: str, name: str, commit: str, pull: str
) -> None:
    # A clone of gitlab.com/group/sub/proj linked to gitlab.com/sub/proj/pull/12: no such
    # page, on a host that has no "pull" pages.
    repo = GitRepo(tmp_path / "r", remote=url)
    sha = repo.commit("A change")

    (item,) = read(repo)
    remote = read_remote(repo.path)

    assert (remote.name, item.repo, item.url) == (name, name, commit + sha)
    assert remote.pull_url(7) == f"{pull}7"
    # a postmortem's link is its file at HEAD: GitLab's under "/-/", Bitbucket's "src/",
    # Gitea's "src/branch/HEAD" (its default branch), Azure DevOps' in a query
    assert remote.files is not None and remote.files.startswith(commit.rsplit("/", 2)[0])
    assert remote.files.endswith(
        ("/blob/HEAD", "/src/HEAD", "/src/branch/HEAD", "?path=", "/browse"))


def test_a_gitlab_merge_request_is_one_item_and_its_issue_links_go_to_gitlab(
    tmp_path: Path, run_cli: Cli
) -> None:
    # GitLab's merge button: "Merge branch 'x' into 'main'", the title, the issues it
    # closes, "See merge request group/repo!N". On GitLab "(#N)" is an issue.
    repo = GitRepo(tmp_path / "r", remote="git@gitlab.com:acme/tools/widgets.git")
    repo.commit("Start")
    repo.commit("Fix crash when the cache is empty (#12)", files={"src/cache.py": "a\n"})
    repo.branch("fix-upload")
    repo.commit("Retry the upload when the connection drops", files={"src/upload.py": "b\n"})
    repo.commit("Write up the upload outage", files={
        "docs/postmortems/2026-03-02-uploads.md":
            "# Lost uploads\n\nDate: 2026-03-02\nSeverity: SEV2\nIncident Commander: Alice Doe\n"})
    repo.merge("fix-upload", "Merge branch 'fix-upload' into 'main'\n\n"
               "Fix lost uploads when the connection drops\n\nCloses #7\n\n"
               "See merge request acme/tools/widgets!42",
               merger=("Alice Doe", "alice@example.com"))

    items = {i.title: i for i in read(repo)}

    web = "https://gitlab.com/acme/tools/widgets"
    request = items["Fix lost uploads when the connection drops"]
    assert (request.id, request.kind, request.number, request.url) == (
        "pr:acme/tools/widgets#42", "pull_request", 42, f"{web}/-/merge_requests/42")
    assert "See merge request" not in request.body
    assert items["Fix crash when the cache is empty (#12)"].kind == "commit"
    result = run_cli("brag", "--offline", "--store", run_cli.store, "--repo", repo.path, *YEAR)
    assert result.exit_code == 0, result.output
    assert f"({web}/-/issues/7)" in result.stdout
    assert f"({web}/-/blob/HEAD/docs/postmortems/2026-03-02-uploads.md)" in result.stdout
    # explain takes GitLab's own ways of naming it
    for ref in ("!42", "acme/tools/widgets!42", f"{web}/-/merge_requests/42"):
        result = run_cli("explain", ref, "--offline", "--repo", repo.path,
                         "--store", run_cli.store, *YEAR)
        assert result.exit_code == 0, (ref, result.output)
        assert result.stdout.startswith("pr:acme/tools/widgets#42: Fix lost uploads"), ref
    assert "/pull/" not in result.stdout and "/issues/12)" not in result.stdout


@pytest.mark.parametrize(("remote", "message", "web", "pull"), [
    # Gitea and Forgejo's merge button: the title in the subject, quoted
    ("https://codeberg.org/acme/widgets.git",
     "Merge pull request 'Retry lost uploads' (#42) from fix-upload into main\n\nCloses #7",
     "https://codeberg.org/acme/widgets", "pulls/42"),
    # Bitbucket Cloud's: the title on the message's next line
    ("git@bitbucket.org:acme/widgets.git",
     "Merged in fix-upload (pull request #42)\n\nRetry lost uploads\n\nCloses #7\n\n"
     "Approved-by: Mo Maintainer",
     "https://bitbucket.org/acme/widgets", "pull-requests/42"),
    # Bitbucket Data Center's, and its older Server's (no title: the branch's one commit's)
    ("https://bitbucket.example.com/scm/acme/widgets.git",
     "Pull request #42: Retry lost uploads\n\nMerge in ACME/widgets from fix-upload to main"
     "\n\nCloses #7\n\n* commit '0123456789abcdef':\n  Retry lost uploads",
     "https://bitbucket.example.com/projects/ACME/repos/widgets", "pull-requests/42"),
    ("ssh://git@bitbucket.example.com:7999/acme/widgets.git",
     "Merge pull request #42 in ACME/widgets from fix-upload to main\n\n"
     "* commit '0123456789abcdef':\n  Retry lost uploads",
     "https://bitbucket.example.com/projects/ACME/repos/widgets", "pull-requests/42"),
    # Azure DevOps'
    ("https://dev.azure.com/acme/Widgets/_git/widgets",
     "Merged PR 42: Retry lost uploads\n\nCloses #7\n\nRelated work items: #7",
     "https://dev.azure.com/acme/Widgets/_git/widgets", "pullrequest/42"),
])
def test_other_forges_merge_buttons_make_one_pull_request(
    tmp_path: Path, run_cli: Cli, remote: str, message: str, web: str, pull: str
) -> None:
    repo = GitRepo(tmp_path / "r", remote=remote)
    repo.commit("Start")
    repo.branch("fix-upload")
    repo.commit("Retry lost uploads", files={"src/upload.py": "retry\n"},
                author=("Bob Roe", "bob@example.com"))
    repo.merge("fix-upload", message, merger=("Alice Doe", "alice@example.com"))

    items = read(repo, "alice@example.com", "bob@example.com")

    (request,) = [i for i in items if i.kind == "pull_request"]
    assert (request.title, request.number, request.url) == (
        "Retry lost uploads", 42, f"{web}/{pull}")
    assert [(a.role, a.email) for a in request.actors] == [
        ("author", "bob@example.com"), ("merger", "alice@example.com")]
    assert "Merge in" not in request.body and "* commit" not in request.body
    assert [i.title for i in items if i.kind == "commit"] == ["Start"]  # not the branch's
    # explain takes the page the document links to
    result = run_cli("brag", "--offline", "--store", run_cli.store, "--repo", repo.path,
                     "--author", "bob@example.com", *YEAR, "-o", tmp_path / "brag.md")
    assert result.exit_code == 0, result.output
    assert f"]({web}/{pull})" in (tmp_path / "brag.md").read_text(encoding="utf-8")
    result = run_cli("explain", f"{web}/{pull}")
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines()[0].endswith("#42: Retry lost uploads")


@pytest.mark.parametrize(("subject", "number"), [
    ("Merged PR 42: Retry lost uploads", 42),  # Azure DevOps' squash
    ("Pull request #42: Retry lost uploads", 42),  # Bitbucket Data Center's squash
])
def test_other_forges_squash_commits_are_pull_requests(
    tmp_path: Path, subject: str, number: int
) -> None:
    repo = GitRepo(tmp_path / "r", remote="https://dev.azure.com/acme/Widgets/_git/widgets")
    repo.commit(subject, files={"src/upload.py": "retry\n"})

    (item,) = read(repo)

    assert (item.kind, item.title, item.number) == ("pull_request", "Retry lost uploads", number)


def test_a_title_cut_where_its_subject_was_wrapped_is_joined_again(repo: GitRepo) -> None:
    # apache/commons-lang: the pull request's title was its commit's first subject line,
    # and GitHub's squash put "(#1638)" after it; the rest opened the description.
    repo.commit("Two fixes in RandomStringUtils.random(int, int, boolean,\n(#1638)\n\n"
                "char[], Random)\n\n- A custom chars array throws IllegalArgumentException.")
    # a subject wrapped over two lines is not its own description either
    repo.commit("Keep StringUtils chop from splitting a trailing surrogate pair in\n"
                "long strings\n\nThe loop counted chars, not code points.")

    squash, commit = read(repo)

    assert (squash.kind, squash.number, squash.title) == (
        "pull_request", 1638, "Two fixes in RandomStringUtils.random(int, int, boolean, "
        "char[], Random)")
    assert squash.body == "- A custom chars array throws IllegalArgumentException."
    assert commit.title == ("Keep StringUtils chop from splitting a trailing surrogate pair "
                            "in long strings")
    assert commit.body == "The loop counted chars, not code points."


def test_a_message_written_as_one_paragraph_takes_its_first_sentence_as_title(
    repo: GitRepo,
) -> None:
    # tmux (OpenBSD style): no blank line after the first sentence, so git's subject is
    # the whole paragraph, here 240 characters.
    repo.commit("Rewrite screen-redraw.c to make it tidier and more maintainable. A scene is\n"
                "generated and cached in the client: it holds positions and sizes of panes,\n"
                "borders and so on. The scene is invalidated when a pane is moved, e.g. by\n"
                "resize-pane.\n\nFrom Jane Doe.")
    # a long subject of one sentence, and a short one of two, stay whole
    long_one = ("Do not make pty fds blocking again until all the data has been consumed or "
                "control mode clients can get stuck, GitHub issue 5356 from Ben Maurer.")
    repo.commit(long_one)
    repo.commit("Fix typo. Also tidy.")

    rewrite, long_commit, short = read(repo)

    assert rewrite.title == "Rewrite screen-redraw.c to make it tidier and more maintainable."
    assert rewrite.body == ("A scene is generated and cached in the client: it holds positions "
                            "and sizes of panes, borders and so on. The scene is invalidated "
                            "when a pane is moved, e.g. by resize-pane.\n\nFrom Jane Doe.")
    assert (long_commit.title, long_commit.body) == (long_one, "")
    assert short.title == "Fix typo. Also tidy."


def test_a_title_line_the_description_runs_on_from_is_the_title(repo: GitRepo) -> None:
    # FreshRSS's maintainer leaves no blank line after a subject: git joins the lines, and
    # "Fix FreshRSS logo link on Docker Hub The link resolution does not …" was the title
    repo.commit("Fix FreshRSS logo link on Docker Hub\nThe link resolution does not seem to "
                "work there.\nUse an absolute link.")
    repo.commit("Fix extensions getUserConfiguration\nfix https://github.com/o/r/issues/6455")
    # ... but a subject wrapped mid-sentence stays whole
    repo.commit("Fix a crash when opening files from\nGoogle Drive")
    repo.commit("Keep the cursor where it was after\nthe search is closed")

    logo, extensions, drive, cursor = read(repo)

    assert (logo.title, logo.body) == (
        "Fix FreshRSS logo link on Docker Hub",
        "The link resolution does not seem to work there.\nUse an absolute link.")
    assert (extensions.title, extensions.body) == (
        "Fix extensions getUserConfiguration", "fix https://github.com/o/r/issues/6455")
    assert drive.title == "Fix a crash when opening files from Google Drive"
    assert cursor.title == "Keep the cursor where it was after the search is closed"


def test_a_trailer_in_the_subject_line_is_no_part_of_the_title(repo: GitRepo) -> None:
    # docker/compose: a one-commit pull request titled with its commit's first paragraph
    # joined, then rebase-merged, keeps the sign-off in its subject line
    repo.commit("use go-compose instead Signed-off-by: Tensor Worker <tw@example.com>\n\n"
                "Signed-off-by: Tensor Worker <tw@example.com>")
    repo.commit("Fix: use image created time when last tag time is not present "
                "Signed-off-by: Kian Eliasi <kian@example.com>")
    # ... but a subject that only names a trailer keeps it
    repo.commit("Require Signed-off-by: lines on every commit")

    compose, created, named = read(repo)

    assert compose.title == "use go-compose instead"
    assert created.title == "Fix: use image created time when last tag time is not present"
    assert named.title == "Require Signed-off-by: lines on every commit"


def test_repository_without_a_remote_is_named_after_its_folder(tmp_path: Path) -> None:
    repo = GitRepo(tmp_path / "gizmo", remote=None)
    repo.commit("A change")
    repo.squash_pr(3, "A pull request")

    items = read(repo)

    assert [(i.id.split("@")[0], i.repo, i.url) for i in items] == [
        ("commit:gizmo", "gizmo", None),
        ("pr:gizmo#3", "gizmo", None),
    ]


def test_token_in_the_remote_url_never_appears_anywhere(tmp_path: Path, run_cli: Cli) -> None:
    secret = "ghp_NEVERshowTHIS0123456789"
    repo = GitRepo(tmp_path / "r", remote=f"https://alice:{secret}@github.com/acme/widgets.git")
    repo.commit("fix: retry on timeout")
    repo.squash_pr(6, "Faster export")
    export = tmp_path / "export.jsonl"

    results = [
        run_cli("-v", "brag", "--offline", "--repo", repo.path, "--store", run_cli.store, *YEAR),
        run_cli("-v", "brag", "--offline", "--repo", repo.path, "--store", run_cli.store,
                "--format", "json", *YEAR),
        run_cli("collect", "--offline", "--repo", repo.path, "--store", run_cli.store,
                "--export", export, *YEAR),
        run_cli("explain", "#6", "--offline", "--repo", repo.path, "--store", run_cli.store,
                *YEAR),
    ]

    for result in results:
        assert result.exit_code == 0, result.output
        assert secret not in result.output
    assert all("https://github.com/acme/widgets/pull/6" in r.stdout for r in results[:2])
    assert "https://github.com/acme/widgets/pull/6" in results[3].stdout
    stored = b"".join(p.read_bytes() for p in tmp_path.glob("store.sqlite3*"))
    assert b"github.com/acme/widgets" in stored
    assert secret.encode() not in stored
    assert secret not in export.read_text()


# --- several repositories, the period, diff stats --------------------------------------------


def test_several_repo_paths_are_all_read(tmp_path: Path, run_cli: Cli) -> None:
    widgets = GitRepo(tmp_path / "widgets", remote="https://github.com/acme/widgets.git")
    gadgets = GitRepo(tmp_path / "gadgets", remote="git@github.com:acme/gadgets.git")
    widgets.commit("Widget work")
    gadgets.squash_pr(2, "Gadget work")

    data = run_cli.brag_json("--repo", widgets.path, "--repo", gadgets.path, *YEAR)

    assert sorted((i["repo"], i["title"]) for i in data["items"]) == [
        ("acme/gadgets", "Gadget work"),
        ("acme/widgets", "Widget work"),
    ]


def test_period_keeps_work_by_author_date_inclusive_of_both_ends(
    repo: GitRepo, run_cli: Cli
) -> None:
    repo.commit("Before", date="2026-01-31T23:59:59+00:00")
    repo.commit("First day", date="2026-02-01T00:00:00+00:00")
    repo.commit("Last day", date="2026-02-28T23:59:59+00:00")
    repo.commit("After", date="2026-03-01T00:00:00+00:00")

    data = run_cli.brag_json("--repo", repo.path, "--since", "2026-02-01", "--until", "2026-02-28")

    assert [i["title"] for i in data["items"]] == ["First day", "Last day"]


def test_period_reads_when_a_commit_reached_the_branch(repo: GitRepo) -> None:
    # what users got in March is March's, wherever it was written: a report written at
    # the end of January could not have seen it
    repo.commit("Written in January, rebased in March", date="2026-01-10T10:00:00+00:00")
    repo.git("commit", "-q", "--amend", "--no-edit", env={
        "GIT_COMMITTER_DATE": "2026-03-10T10:00:00+00:00",
        "GIT_AUTHOR_DATE": "2026-01-10T10:00:00+00:00",
    })
    repo.commit("Written in March", date="2026-03-12T10:00:00+00:00")
    # a branch merged in March: its commits are its pull request's, dated by the merge
    repo.branch("feature")
    repo.commit("Written in January on a branch", date="2026-01-11T10:00:00+00:00")
    repo.checkout("main")
    repo.merge_pr(7, "feature", "Add the feature", date="2026-03-14T10:00:00+00:00")

    march = Period(since=dt.date(2026, 3, 1), until=dt.date(2026, 3, 31))
    january = Period(since=dt.date(2026, 1, 1), until=dt.date(2026, 1, 31))

    assert sorted(i.title for i in read(repo, period=march)) == [
        "Add the feature", "Written in January, rebased in March", "Written in March"]
    assert [i.title for i in read(repo, period=january)] == []


def test_dates_in_other_time_zones_are_reported_in_utc(repo: GitRepo, run_cli: Cli) -> None:
    repo.commit("Late night in Tokyo", date="2026-03-02T08:30:00+09:00")

    data = run_cli.brag_json("--repo", repo.path, *YEAR)

    assert data["items"][0]["date"] == "2026-03-01T23:30:00Z"


def test_numstat_gives_paths_and_line_counts(repo: GitRepo) -> None:
    repo.commit("Add the module", files={"src/a.py": "1\n2\n3\n", "README.md": "hi\n"})
    repo.commit("Edit the module", files={"src/a.py": "1\nTWO\n3\n4\n"})

    first, second = read(repo)

    assert (first.paths, first.additions, first.deletions) == (("README.md", "src/a.py"), 4, 0)
    assert (second.paths, second.additions, second.deletions) == (("src/a.py",), 2, 1)


def test_renamed_files_are_listed_under_their_new_name(repo: GitRepo) -> None:
    repo.commit("Add files", files={"src/old/name.py": "x\n" * 20, "docs/guide.md": "g\n" * 20})
    repo.rename("src/old/name.py", "src/new/name.py")
    repo.rename("docs/guide.md", "GUIDE.md")
    repo.commit("Move files", files={"src/new/name.py": "x\n" * 20 + "y\n"})

    moved = read(repo)[-1]

    assert moved.paths == ("GUIDE.md", "src/new/name.py")
    assert (moved.additions, moved.deletions) == (1, 0)


def test_paths_with_spaces_and_non_ascii_characters_are_kept_as_written(repo: GitRepo) -> None:
    repo.commit("Add docs", files={"docs/user guide.md": "a\n", "docs/café.md": "b\n"})

    (item,) = read(repo)

    assert sorted(item.paths) == ["docs/café.md", "docs/user guide.md"]


def test_binary_files_are_listed_without_line_counts(repo: GitRepo) -> None:
    (repo.path / "logo.png").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00binary")
    repo.git("add", "logo.png")
    repo.commit("Add the logo", files={"notes.txt": "one\n"})

    (item,) = read(repo)

    assert item.paths == ("logo.png", "notes.txt")
    assert (item.additions, item.deletions) == (1, 0)


def test_merged_pull_request_counts_the_lines_of_the_whole_change(repo: GitRepo) -> None:
    repo.commit("Initial commit", author=ROOT, files={"src/a.py": "1\n"})
    repo.branch("topic")
    repo.commit("One", files={"src/b.py": "1\n2\n"})
    repo.commit("Two", files={"src/a.py": "1\n2\n"})
    repo.merge_pr(12, "topic", "Two changes")

    (item,) = read(repo)

    assert item.paths == ("src/a.py", "src/b.py")
    assert (item.additions, item.deletions) == (3, 0)


# --- long histories ------------------------------------------------------------------------


def test_a_long_history_is_read_whole_when_two_processes_share_the_diffs(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    repo = build_repo(tmp_path / "long", 1000)  # every tenth a "Merge pull request" subject
    assert git_source.SMALL * 2 < 1000  # so the diffs are shared by two processes

    items = read(repo)

    assert len(items) == 1000 and len({i.id for i in items}) == 1000
    assert sum(i.kind == "pull_request" for i in items) == 100
    for index, item in enumerate(items, 1):  # oldest first, one file changed each
        assert list(item.paths) == [f"src/mod{index % 50:02d}/file{index % 7}.py"]
        assert (item.additions, item.deletions) in ((1, 0), (1, 1))
    monkeypatch.setattr(git_source, "SMALL", 10**9)  # one process for all of them
    assert read(repo) == items


# --- vendored code ----------------------------------------------------------------------


@pytest.mark.parametrize("land", ["squash", "commit"])
def test_code_copied_from_dependencies_is_not_a_changes_size_or_reach(
    repo: GitRepo, run_cli: Cli, land: str
) -> None:
    # As on jesseduffield/lazygit: a three-line fix that re-vendors a library was
    # "a substantial change: 26,596 lines in 144 files", with vendor/ as an area.
    files = {
        "pkg/gui/emoji.go": "one\ntwo\nthree\n",
        "vendor/golang.org/x/text/width/tables.go": "row\n" * 400,
        "vendor/modules.txt": "# golang.org/x/text v0.30.0\n",
        "go.sum": "golang.org/x/text v0.30.0 h1:abc\ngolang.org/x/text v0.30.0/go.mod h1:def\n",
    }
    if land == "squash":
        repo.squash_pr(7, "Fix rendering of certain emojis", files=files)
    else:
        repo.commit("Fix rendering of certain emojis", files=files)

    (stored,) = read(repo)
    assert (stored.additions, stored.facts.vendored_lines) == (406, 403)
    result = run_cli("brag", "--offline", "--store", run_cli.store, "--repo", repo.path, *YEAR)
    assert result.exit_code == 0, result.output
    document = result.stdout.split("## All evidence")[0]
    assert "Fix rendering of certain emojis" in document
    assert "substantial change" not in document
    assert "vendor" not in document


def test_files_the_repository_marks_generated_are_not_a_changes_size(
    repo: GitRepo, run_cli: Cli
) -> None:
    # jqlang/jq: "Reject embedded NUL bytes in module import paths" was "a substantial
    # change: 609 lines", 556 of them src/parser.c, which bison writes from src/parser.y
    # and jq's .gitattributes marks linguist-generated (GitHub collapses it in the diff).
    repo.commit("Mark generated files", files={".gitattributes": (
        "* text=auto eol=lf\n"
        "vendor/** linguist-vendored\n"
        "# generated files\n"
        "src/parser.[ch] linguist-generated=true\n"
        "/docs/api.md linguist-generated\n"
    )})
    repo.commit("Reject NUL bytes in module paths", files={
        "src/parser.y": "rule\n" * 16,
        "src/parser.c": "state\n" * 556,
        "docs/api.md": "api\n" * 100,
        "src/linker.c": "check\n" * 20,
    })

    stored = {e.title: e for e in read(repo)}["Reject NUL bytes in module paths"]
    assert (stored.additions, stored.facts.vendored_lines) == (692, 656)
    result = run_cli("brag", "--offline", "--store", run_cli.store, "--repo", repo.path, *YEAR)
    assert result.exit_code == 0, result.output
    assert "substantial change" not in result.stdout.split("## All evidence")[0]


@pytest.mark.parametrize(("text", "marked", "unmarked"), [
    ("src/parser.[ch] linguist-generated=true", ["src/parser.c", "src/parser.h"],
     ["src/parser.y", "lib/src/parser.c"]),
    ("*.pb.txt linguist-generated", ["a/b/x.pb.txt"], ["x.pb.text"]),
    ("/gen/** linguist-vendored\ngen/keep.go -linguist-vendored",
     ["gen/a.go", "gen/sub/b.go"], ["gen/keep.go", "src/gen/a.go"]),
    ("docs/** linguist-generated\ndocs/index.md linguist-generated=false\n"
     "docs/index.md !linguist-vendored", ["docs/api.md"], ["docs/index.md"]),
    ("*.c linguist-generated\n*.c linguist-vendored=false", ["x.c"], []),  # either marks it
])
def test_gitattributes_say_which_files_are_generated_as_git_reads_them(
    text: str, marked: list[str], unmarked: list[str]
) -> None:
    generated = parse_attributes(text)
    assert generated is not None
    assert [p for p in marked + unmarked if generated(p)] == marked


def test_a_repositorys_gitattributes_cannot_stall_the_run() -> None:
    # The file is the repository's, and a stranger's pull request can change it: with
    # Python's re this pattern took 154 s on a 40-character path (backtracking); on RE2 it
    # is linear in the path. A path git wrote with a lone surrogate is read, not refused.
    generated = parse_attributes("*a" * 12 + "*b linguist-generated\n*.c linguist-vendored")
    assert generated is not None
    assert not generated("a" * 4000)
    assert generated("a" * 4000 + "b")
    assert generated("src/\udcff.c")


@pytest.mark.parametrize("text", [
    "", "* text=auto eol=lf\n*.sh text eol=lf", "# src/parser.c linguist-generated",
    "build/ linguist-generated", "x.c -linguist-generated",
])
def test_gitattributes_that_mark_nothing_generated_cost_nothing(text: str) -> None:
    assert parse_attributes(text) is None


@pytest.mark.parametrize(("title", "files", "sizes"), [
    # As on pocketbase/pocketbase: a reworded error message that regenerated the JS type
    # definitions read "a substantial change: 14,001 lines in 2 files"; its built admin UI
    # (ui/dist/) is committed too. TandoorRecipes/recipes: an OpenAPI client regenerated.
    ("updated error message and regenerated jsvm types", {
        "core/record_query.go": "one\ntwo\n",
        "plugins/jsvm/internal/types/generated/types.d.ts": "declare x\n" * 700,
        "ui/dist/assets/index-4f2a.js": "var a\n" * 300,
        "api/v1/records.pb.go": "// Code generated\n" * 50,
        "vue3/src/openapi/models/StripePortal.ts": "export interface X {}\n" * 40,
        "vue3/src/openapi/apis/ApiApi.ts": "export class ApiApi {}\n" * 60,
        # pypa/setuptools: a refresh of its vendored packages (pip's src/pip/_vendor/)
        "setuptools/_vendor/jaraco/text/__init__.py": "def x(): pass\n" * 30,
        "src/pip/_vendor/vendor.txt": "rich==14.0\n" * 2,
    }, (1184, 1182)),
    # TandoorRecipes/recipes: "fixed error header trnslation" re-sorted 34 locale files, "a
    # substantial change: 39,534 lines in 34 files", its maintainer's first highlight;
    # "added whitelist for custom AI providers", 13 lines of code and 1,961 of de.json,
    # made Customer Value reach strategy; jqlang/jq: release signatures a new key regenerated
    ("Add a whitelist for custom AI providers", {
        "cookbook/views/api.py": "allowed\n" * 13,
        "vue3/src/locales/de.json": '{"k": "v"}\n' * 900,
        "vue3/src/locales/fr.json": '{"k": "v"}\n' * 900,
        "po/nl.po": 'msgid "x"\n' * 60,
        "app/src/main/res/values-de/strings.xml": "<string/>\n" * 40,
        "sig/v1.7/jq-linux64.asc": "-----BEGIN PGP SIGNATURE-----\n" * 25,
    }, (1938, 1925)),
    # mealie: a file named for its locale, wherever kept (frontend/lang/messages/bg-BG.json)
    ("Add a shopping list hint", {
        "frontend/components/ShoppingList.vue": "hint\n" * 12,
        "frontend/lang/messages/bg-BG.json": '{"k": "v"}\n' * 400,
        "frontend/lang/messages/pt_BR.yml": "k: v\n" * 400,
        "frontend/config/ab-cd.json": "{}\n" * 3,
        "config/tax/de-DE.yml": "rate: 19\n" * 5,  # data named for a country, no strings
    }, (820, 800)),
    # keepassxc: Qt Linguist's catalogue, which each string changed rewrites
    ("Improve the database settings", {
        "src/gui/DatabaseSettings.cpp": "x\n" * 20,
        "share/translations/keepassxc_en.ts": "<message/>\n" * 300,
        "share/translations/keepassxc_pt_BR.ts": "<message/>\n" * 100,
        "web/src/translations/index.ts": "export {}\n" * 10,  # code beside them
    }, (430, 400)),
    # rust-lang/rustup: source kept in a dist folder is the project's own code
    ("dist: install while downloading", {
        "src/dist/download.rs": "fn x() {}\n" * 120,
        "src/dist/manifestation.rs": "fn y() {}\n" * 60,
        "ui/dist/assets/index-4f2a.js": "var a\n" * 300,
    }, (480, 300)),
    # encode/django-rest-framework: "Switch to mkdocs material theme for documentation" read
    # "8,040 lines", 6,832 of them Bootstrap's stylesheets and a copy of jQuery; vaultwarden
    # and sidekiq carry Bootstrap and jQuery builds too (Linguist's well-known libraries)
    ("Switch the docs theme", {
        "docs/theme/stylesheets/extra.css": "a {}\n" * 10,
        "docs_theme/css/bootstrap.css": ".row {}\n" * 300,
        "docs_theme/css/bootstrap-responsive.css": ".row {}\n" * 100,
        "docs_theme/js/bootstrap-2.1.1-min.js": "var b\n" * 7,
        "docs_theme/js/jquery-1.8.1-min.js": "var j\n" * 4,
        "web/scripts/jquery-3.7.1.slim.js": "var j\n" * 50,
        "web/scripts/bootstrap.bundle.js": "var b\n" * 20,
        "web/scripts/bootstrap-native.js": "var b\n" * 20,
        "web/css/fontawesome.min.css": ".fa {}\n" * 5,
        "docs/theme/js/prettify-1.0.js": "var p\n" * 30,
        "docs/theme/stylesheets/normalize.css": "html {}\n" * 4,
        # a project's own start-up script and admin page stay its own
        "resources/js/bootstrap.js": "window.axios = 1\n" * 3,
        "web/js/admin.js": "init()\n" * 2,
        # ... and, after an attack, code of their own named like those libraries
        "src/main/normalize-options.js": "n\n" * 2, "lib/rules/prettify.js": "p\n" * 2,
        "js/jquery.terminal-src.js": "t\n" * 2, "scripts/build-min.js": "b\n" * 2,
        "app/assets/stylesheets/bootstrap-overrides.scss": "$x: 1;\n" * 2,
    }, (565, 540)),
])
def test_generated_code_build_output_catalogues_and_signatures_are_not_a_changes_size(
    repo: GitRepo, run_cli: Cli, title: str, files: dict[str, str], sizes: tuple[int, int]
) -> None:
    repo.commit(title, files=files)

    (stored,) = read(repo)
    assert (stored.additions, stored.facts.vendored_lines) == sizes
    result = run_cli("brag", "--offline", "--store", run_cli.store, "--repo", repo.path, *YEAR)
    assert result.exit_code == 0, result.output
    assert "substantial change" not in result.stdout.split("## All evidence")[0]


@pytest.mark.parametrize("land", ["squash", "commit", "merge", "parts"])
def test_a_changes_test_lines_are_counted_apart_and_told_where_they_are_most_of_it(
    repo: GitRepo, run_cli: Cli, land: str
) -> None:
    # ollama/ollama: "cmd: ollama config fix droid model name configuration" read "a
    # substantial change: 965 lines in 3 files": 876 of them were tests around an 89-line
    # fix. apache/commons-lang's LANG-1805 carried JMH's 3,460-line results file.
    code = {"cmd/config/droid.go": "fix\n" * 40}
    tests = {"cmd/config/droid_test.go": "case\n" * 200,
             "integration/testdata/droid.json": "{}\n" * 60,
             "src/test/jmh-result.org.acme.DroidBenchmark.json": "{}\n" * 500,
             # Kavita: Entity Framework's migration snapshot, a designer file
             "API/Migrations/20240101_Droid.Designer.cs": "model\n" * 300}
    title = "Fix droid model name configuration"
    if land == "squash":
        repo.squash_pr(7, title, files={**code, **tests})
    elif land == "commit":
        repo.commit(title, files={**code, **tests})
    else:
        repo.commit("Start", files={"README.md": "widgets\n"})
        repo.branch("droid")
        if land == "parts":  # a rebase merge: two commits that name the pull request
            repo.commit(f"{title} (#7)", files=code, committed="2026-03-20T10:00:00+00:00")
            repo.commit("Test the droid model name (#7)", files=tests,
                        committed="2026-03-20T10:00:00+00:00")
            repo.checkout("main")
            repo.git("merge", "-q", "--ff-only", "droid")
        else:
            repo.commit(title, files=code)
            repo.commit("Test the droid model name", files=tests)
            repo.merge_pr(7, "droid", title)

    (stored,) = [e for e in read(repo) if e.title != "Start"]
    assert (stored.additions, stored.facts.vendored_lines, stored.facts.test_lines) == (
        1100, 800, 260)
    result = run_cli("brag", "--offline", "--store", run_cli.store, "--repo", repo.path, *YEAR)
    assert result.exit_code == 0, result.output
    assert "a substantial change: 300 lines (260 of them in tests) in 3 files" in result.stdout


@pytest.mark.parametrize(("path", "test"), [
    ("cmd/config/droid_test.go", True), ("spec/models/user_spec.rb", True),
    ("sinatra-contrib/spec/config_file/key_value.yml", True),  # a spec's fixture
    ("htesting/helpers.go", True), ("web/src/__tests__/a.test.tsx", True),
    # a project's test helpers; not a package named so, often a product (Vue's
    # packages/test-utils/, @ember/test-helpers)
    ("pkg/test_helpers/db.go", True), ("packages/test-utils/src/mount.ts", False),
    ("addon-test-support/@ember/test-helpers/settled.ts", False),
    # Jest's fixtures and snapshots (pnpm's __fixtures__/)
    ("__fixtures__/has-patches/package.json", True),
    ("pkg/src/__snapshots__/index.ts.snap", True), ("src/fixtures.ts", False),
    # git's and Perl's test scripts
    ("t/t9300-fast-import.sh", True), ("t/helper/test-tool.c", True), ("lib/parse.t", True),
    ("src/tty.c", False), ("templates/t.html", False),
    # a build's test modules (ktorio/ktor's)
    ("ktor-client/ktor-client-tests/common/test/a.kt", True),
    ("ktor-test-server/src/main/kotlin/Server.kt", True), ("src/latest/a.py", False),
    # a specification, an API's description, docs about the tests, an A/B test feature
    ("spec/protocol.md", False), ("api/spec/openapi.yaml", False),
    ("tests/README.md", False), ("src/abtesting/split.go", False),
])
def test_which_files_are_the_test_suites(path: str, test: bool) -> None:
    assert in_tests(path) is test


def test_tests_that_are_a_small_part_of_a_change_are_not_told_apart(
    repo: GitRepo, run_cli: Cli
) -> None:
    repo.commit("Add the export command", files={"src/export.py": "line\n" * 300,
                                                 "tests/test_export.py": "case\n" * 40})

    (stored,) = read(repo)
    assert stored.facts.test_lines == 40
    result = run_cli("brag", "--offline", "--store", run_cli.store, "--repo", repo.path, *YEAR)
    assert result.exit_code == 0, result.output
    assert "a substantial change: 340 lines in 2 files" in result.stdout
    assert "in tests" not in result.stdout


# --- security advisories -----------------------------------------------------------------


@pytest.mark.parametrize(("subject", "body", "title", "why"), [
    ("Merge commit from fork", "",
     "Security advisory fix in src/middleware/cors/index.ts",
     "merged from a GitHub security advisory's private fork"),
    ("Merge commit from fork",
     "* Remove sensitive headers in proxy pools too\n\n* Add a changelog entry\n\n---------\n\n"
     "Co-authored-by: Copilot <copilot@github.com>",
     "Remove sensitive headers in proxy pools too (security advisory fix)",
     "merged from a GitHub security advisory's private fork"),
    # a squashed branch's review rounds and bookkeeping say nothing of the fix
    ("Merge commit from fork",
     "* Apply Quentin's suggestion\n\nCo-authored-by: Quentin <q@example.com>\n\n"
     "* Add tests for disabled redirects\n\n* Handle redirects in urllib3 when JSPI is used",
     "Handle redirects in urllib3 when JSPI is used (security advisory fix)",
     "merged from a GitHub security advisory's private fork"),
    # a squashed commit's conventional type is no trailer (pdm-project/pdm's, 2026-05)
    ("Merge commit from fork",
     "* fix: refuse to write project-local files through symlinks\n\n"
     "Project-local config and state files (pdm.toml, .pdm-python and\n"
     ".python-version) were written with plain open()/write_text(), which\n\n"
     "* Update src/pdm/utils.py\n\nCo-authored-by: Frost Ming <me@frostming.com>",
     "fix: refuse to write project-local files through symlinks (security advisory fix)",
     "merged from a GitHub security advisory's private fork"),
    # GitHub's own lines when the fork's commits are kept (grpc/grpc-go, 2025)
    ("Merge commit from fork",
     "See individual commits for details.\n\nCommit #1\n=========\n\n"
     "transport: Enforce overall limit on controlBuffer size\n\nThis change introduces...",
     "transport: Enforce overall limit on controlBuffer size (security advisory fix)",
     "merged from a GitHub security advisory's private fork"),
    # a sentence wrapped over lines is joined (caddy's, 2026-02: its first line alone was
    # "Necessary as otherwise the early-bail in `until =", a highlight's title) ...
    ("Merge commit from fork",
     "Reject a Host header that holds\nmore than one name. The matcher read only the first.",
     "Reject a Host header that holds more than one name (security advisory fix)",
     "merged from a GitHub security advisory's private fork"),
    # ... and when it is too long to be a title, the file it fixes names the fix
    ("Merge commit from fork",
     "Necessary as otherwise the early-bail in `until =\n"
     "strings.IndexByte(remaining, nextCh) ... if until == -1` can cause a\n"
     "case-insensitive mismatch\n\n"
     "Co-authored-by: Asim Viladi Oglu Manizada <manizada@users.noreply.github.com>",
     "Security advisory fix in src/middleware/cors/index.ts",
     "merged from a GitHub security advisory's private fork"),
    ("Merge pull request from GHSA-34jh-p97f-mpxf",
     "* Strip Proxy-Authorization on cross-origin redirects",
     "Strip Proxy-Authorization on cross-origin redirects (security advisory GHSA-34jh-p97f-mpxf)",
     "names security advisory GHSA-34jh-p97f-mpxf"),
    # the advisory named once, not again in evidencer's mark
    ("Merge pull request from GHSA-34jh-p97f-mpxf",
     "* Fix GHSA-34jh-p97f-mpxf: strip Proxy-Authorization on redirects",
     "Fix GHSA-34jh-p97f-mpxf: strip Proxy-Authorization on redirects (security advisory fix)",
     "names security advisory GHSA-34jh-p97f-mpxf"),
])
def test_a_security_fix_github_merged_from_an_advisorys_private_fork_is_product_stability(
    repo: GitRepo, run_cli: Cli, subject: str, body: str, title: str, why: str
) -> None:
    # As honojs/hono (20 of them in a year) and urllib3/urllib3 land them: GitHub's subject
    # says only where the fix came from, and it showed no competency.
    repo.commit(subject + (f"\n\n{body}" if body else ""),
                files={"CHANGES.rst": "Fixed\n", "docs/cors.md": "cors\n",
                       "src/middleware/cors/index.ts": "fix\n",
                       "src/middleware/cors/index.test.ts": "test\n"},
                committer=("GitHub", "noreply@github.com"))

    data = run_cli.brag_json("--repo", repo.path, *YEAR)

    (item,) = data["items"]
    assert item["title"] == title
    stability = next(c for c in item["competencies"] if c["id"] == "product-stability")
    assert why in stability["reasons"]
    result = run_cli("brag", "--offline", "--store", run_cli.store, "--repo", repo.path, *YEAR)
    assert "· Product Stability ·" in result.stdout.split("**Highlights**")[1].split("\n")[2]
    assert "addresses security advisory GHSA-34jh-p97f-mpxf" in result.stdout if "GHSA" in subject \
        else "fixes a security advisory (merged from its private fork on GitHub)" in result.stdout


def test_two_advisory_fixes_in_one_folder_are_two_titles_and_two_highlights(
    repo: GitRepo, run_cli: Cli
) -> None:
    # fastify/fastify's two of 2026, lib/validation.js and lib/reply.js: one title, so the
    # highlights, which pick a title once, dropped the second
    for name in ("validation", "reply"):
        repo.commit("Merge commit from fork",
                    files={f"lib/{name}.js": "fix\n" * 20, f"test/{name}.test.js": "t\n" * 40},
                    committer=("GitHub", "noreply@github.com"))
    repo.commit("Merge commit from fork",
                files={"lib/a.js": "fix\n", "lib/b.js": "fix\n", "lib/c.js": "fix\n"},
                committer=("GitHub", "noreply@github.com"))
    # a lock file, a manifest or the README is no file of code to name; "doc" and "test"
    # inside a file's name are no docs or tests (lib/docker.js)
    repo.commit("Merge commit from fork",
                files={"Cargo.lock": "x\n", "README.md": "x\n", "src/docker.rs": "fix\n",
                       "src/attestation.rs": "fix\n", "tests/docker.rs": "t\n"},
                committer=("GitHub", "noreply@github.com"))

    data = run_cli.brag_json("--repo", repo.path, *YEAR)

    assert sorted(item["title"] for item in data["items"]) == [
        "Security advisory fix in lib/a.js and 2 more files",
        "Security advisory fix in lib/reply.js",
        "Security advisory fix in lib/validation.js",
        "Security advisory fix in src/attestation.rs and 1 more file"]
    result = run_cli("brag", "--offline", "--store", run_cli.store, "--repo", repo.path, *YEAR)
    highlights = result.stdout.split("**Highlights**")[1].split("\n\n")[1]
    assert "lib/reply.js" in highlights and "lib/validation.js" in highlights


def test_a_commit_that_only_mentions_a_fork_is_no_advisory_fix(repo: GitRepo) -> None:
    repo.commit("Merge commit from fork of the old parser", files={"src/parse.py": "x\n"})

    (item,) = read(repo)
    assert item.title == "Merge commit from fork of the old parser"
    assert not item.facts.private_fork


def test_a_clone_from_another_forge_is_not_looked_up_on_github(
    tmp_path: Path, run_cli: Cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    # With a token, the GitHub source reads the origin's repository; on GitLab, Gitea or
    # Azure DevOps that name means nothing to GitHub (or another repository).
    repo = GitRepo(tmp_path / "r", remote="https://codeberg.org/acme/widgets.git")
    repo.commit("A change")
    monkeypatch.setenv("GITHUB_TOKEN", "ghp_" + "x" * 36)
    monkeypatch.setenv("GITHUB_API_URL", "http://127.0.0.1:9")  # nothing answers there

    result = run_cli("brag", "--repo", repo.path, "--store", run_cli.store, *YEAR)

    assert result.exit_code == 0, result.output
    assert "github (not read: no --github OWNER/REPO and no GitHub origin remote)" \
        in result.stdout
