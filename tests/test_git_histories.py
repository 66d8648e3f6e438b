"""Pull requests read from histories shaped like real ones: merge commits titled like
squashes, forks and fix-ups, squash messages that list the branch's commits, merges
without a title. Every history is built with the git CLI."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest

from evidencer.identity import Matcher, person_from_ids
from evidencer.model import Period
from evidencer.sources.git import collect, fragments
from evidencer.sources.git.collect import SMALL, iter_git_evidence
from evidencer.sources.git.collect import _actors as collect_actors
from evidencer.sources.git.log import Commit
from evidencer.sources.git.squash import strip_commit_list
from evidencer.sources.github.items import linked_issues
from tests.conftest import Cli
from tests.support.gitrepo import GitRepo

ALICE = ("Alice Doe", "alice@example.com")
BOB = ("Bob Roe", "bob@example.com")
BOB_NOREPLY = ("Bob Roe", "4242+bobroe@users.noreply.github.com")
MO = ("Maintainer Mo", "mo@example.com")
ROOT = ("Rooted Ruth", "ruth@example.com")
YEAR = ("--since", "2026-01-01", "--until", "2026-12-31")


def items_by_id(data: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {item["id"]: item for item in data["items"]}


def roles(run_cli: Cli, repo: GitRepo, *authors: str) -> dict[str, list[str]]:
    args = [arg for author in authors for arg in ("--author", author)]
    data = run_cli.brag_json("--repo", repo.path, *args, *YEAR)
    return {item["id"]: item["roles"] for item in data["items"]}


def feature_branch(
    repo: GitRepo, name: str, *commits: tuple[str, tuple[str, str]]
) -> list[str]:
    """A branch off main with these commits; their shas."""
    repo.checkout("main")
    repo.branch(name)
    return [repo.commit(subject, author=author) for subject, author in commits]


@pytest.fixture
def repo(tmp_path: Any) -> GitRepo:
    made = GitRepo(tmp_path / "widgets")
    made.commit("Initial commit", author=ROOT)
    return made


# --- merge commits titled like squashes ------------------------------------------------


def test_merge_commit_titled_like_a_squash_is_one_pull_request_credited_to_its_author(
    repo: GitRepo, run_cli: Cli
) -> None:
    feature_branch(repo, "queue", ("Add the export queue", BOB), ("fix tests", BOB),
                   ("Apply suggestions from code review", BOB))
    repo.merge_titled_pr(12, "queue", "Queue exports instead of timing out", merger=MO)

    data = run_cli.brag_json("--repo", repo.path, "--author", "bob@example.com", *YEAR)

    (item,) = data["items"]
    assert item["id"] == "pr:acme/widgets#12"
    assert item["kind"] == "pull_request"
    assert item["title"] == "Queue exports instead of timing out"
    assert item["url"] == "https://github.com/acme/widgets/pull/12"
    assert item["roles"] == ["author"]


def test_merge_commit_titled_like_a_squash_makes_whoever_merged_it_its_merger(
    repo: GitRepo, run_cli: Cli
) -> None:
    feature_branch(repo, "queue", ("Add the export queue", BOB))
    repo.merge_titled_pr(12, "queue", "Queue exports instead of timing out", merger=MO)
    feature_branch(repo, "docs", ("Document the queue", ALICE))
    repo.merge_titled_pr(13, "docs", "Document the export queue", merger=MO)

    assert roles(run_cli, repo, "mo@example.com") == {
        "pr:acme/widgets#12": ["merger"], "pr:acme/widgets#13": ["merger"],
    }


def test_branch_commits_of_a_titled_merge_are_not_items_of_their_own(
    repo: GitRepo, run_cli: Cli
) -> None:
    feature_branch(repo, "queue", ("Add the export queue", BOB), ("fix tests", BOB))
    repo.merge_titled_pr(12, "queue", "Queue exports instead of timing out", merger=MO)

    data = run_cli.brag_json("--repo", repo.path, "--author", "bob@example.com", *YEAR)

    assert [item["id"] for item in data["items"]] == ["pr:acme/widgets#12"]
    assert data["items"][0]["title"] == "Queue exports instead of timing out"


def test_merge_branch_stable_is_never_a_pull_request(repo: GitRepo, run_cli: Cli) -> None:
    feature_branch(repo, "stable", ("Fix the crash on empty carts", BOB))
    repo.merge("stable", "Merge branch 'stable'", merger=MO)

    data = run_cli.brag_json("--repo", repo.path, "--author", "bob@example.com", *YEAR)

    (item,) = data["items"]
    assert item["kind"] == "commit"
    assert item["title"] == "Fix the crash on empty carts"
    assert roles(run_cli, repo, "mo@example.com") == {}


def test_pull_requests_squashed_onto_a_branch_merged_later_stay_their_authors_own(
    repo: GitRepo, run_cli: Cli
) -> None:
    # paperless-ngx: pull requests squashed onto `dev`, which "[Beta] Paperless-ngx v3.0.0
    # Beta (#12713)" merged into main with 760 commits; each stays its author's.
    repo.checkout("main")
    repo.branch("dev")
    repo.squash_pr(11, "Feature: move to trash action for workflows", author=BOB)
    repo.squash_pr(12, "Enhancement: improve relative dates", author=BOB)
    repo.commit("Bump the version", author=MO)
    repo.merge_titled_pr(13, "dev", "[Beta] Paperless-ngx v3.0.0 Beta", merger=MO)

    assert roles(run_cli, repo, "bob@example.com") == {
        "pr:acme/widgets#11": ["author"], "pr:acme/widgets#12": ["author"]}
    assert roles(run_cli, repo, "mo@example.com") == {"pr:acme/widgets#13": ["author", "merger"]}


def test_a_maintenance_branch_merged_back_by_a_titled_pull_request_keeps_its_commits_apart(
    repo: GitRepo, run_cli: Cli
) -> None:
    # tokio-rs/tokio: "Merge 'tokio-1.47.2' into 'master' (#7683)" brought its maintenance
    # branch back, 7 commits: one pull request credited to whoever wrote the first of them
    backport, chore = feature_branch(repo, "tokio-1.47.x",
                                     ("sync: fix a lost wakeup in mpsc", BOB),
                                     ("chore: prepare tokio v1.47.2", ALICE))
    repo.merge_titled_pr(7683, "tokio-1.47.x", "Merge 'tokio-1.47.2' into 'master'",
                         merger=ALICE)

    assert roles(run_cli, repo, "alice@example.com") == {
        f"commit:acme/widgets@{chore}": ["author"]}
    assert roles(run_cli, repo, "bob@example.com") == {
        f"commit:acme/widgets@{backport}": ["author"]}
    # ... a topic branch named for a version is a pull request's (restic's "go-1.25")
    feature_branch(repo, "go-1.25", ("Bump minimum go version to 1.25", BOB),
                   ("windows: fix hang while reading from directory", BOB))
    repo.merge_pr(21796, "go-1.25", "Bump minimum go version to 1.25", fork="acme",
                  merger=ALICE)
    assert roles(run_cli, repo, "bob@example.com")["pr:acme/widgets#21796"] == ["author"]


def test_a_long_lived_branch_promoted_by_a_pull_request_keeps_its_commits_apart(
    repo: GitRepo, run_cli: Cli
) -> None:
    # linkwarden: its maintainer commits to `dev` and promotes it by "Merge pull request
    # #1740 from linkwarden/dev", titled "v2.15.0" (59 commits): one release chore that
    # hid his security fixes and features. A contributor's pull request merged into `dev`
    # stays a pull request; one opened from a fork's master is still one pull request.
    repo.checkout("main")
    repo.branch("dev")
    fix = repo.commit("security: fix SSRF via DNS rebinding", author=ALICE)
    feature = repo.commit("Add advanced search operators", author=ALICE)
    repo.branch("bob-tags")
    repo.commit("Add tag merging", author=BOB)
    repo.checkout("dev")
    repo.git("merge", "-q", "--no-ff", "bob-tags", "-m",
             "Merge pull request #15 from bob/bob-tags\n\nTag management",
             env={"GIT_AUTHOR_NAME": MO[0], "GIT_AUTHOR_EMAIL": MO[1],
                  "GIT_COMMITTER_NAME": MO[0], "GIT_COMMITTER_EMAIL": MO[1]})
    repo.merge_pr(20, "dev", "v2.15.0", fork="acme", merger=ALICE)
    repo.checkout("main")
    repo.branch("master")
    repo.commit("Fix the export", author=BOB)
    repo.merge_pr(21, "master", "Fix the export", fork="bob", merger=ALICE)

    got = roles(run_cli, repo, "alice@example.com")

    assert got == {f"commit:acme/widgets@{fix}": ["author"],
                   f"commit:acme/widgets@{feature}": ["author"],
                   "pr:acme/widgets#21": ["merger"]}
    assert roles(run_cli, repo, "bob@example.com") == {
        "pr:acme/widgets#15": ["author"], "pr:acme/widgets#21": ["author"]}


def test_a_development_line_merged_through_a_branch_cut_for_it_keeps_its_commits_apart(
    repo: GitRepo, run_cli: Cli
) -> None:
    # wails: its maintainer pushed a year of v3 work to `v3-alpha` (iOS and Android
    # support among it) and merged it by "Merge pull request #5272 from
    # wailsapp/merge/v3-alpha", titled "Merge v3-alpha into master": one branch merge she
    # co-authored, her work named nowhere. A contributor's branch named for its own merge
    # work ("merge-fix-login") is still their pull request.
    repo.checkout("main")
    repo.branch("v3-alpha")
    ios = repo.commit("Add iOS support for Wails v3 alpha", author=ALICE)
    repo.commit("Add the build system", author=BOB)
    repo.branch("merge/v3-alpha", "v3-alpha")
    repo.merge_pr(5272, "merge/v3-alpha", "Merge v3-alpha into master", fork="acme",
                  merger=ALICE)
    repo.branch("merge-fix-login")
    repo.commit("Fix the login merge of accounts", author=BOB)
    repo.merge_pr(5273, "merge-fix-login", "Fix the login merge of accounts", fork="bob",
                  merger=ALICE)
    # ... nor the main line merged into a contributor's work by a folder of that name
    repo.branch("merge/main")
    repo.commit("Resolve conflicts with main", author=BOB)
    repo.merge_pr(5274, "merge/main", "Update my branch", fork="bob", merger=ALICE)

    got = roles(run_cli, repo, "alice@example.com")

    assert got == {f"commit:acme/widgets@{ios}": ["author"], "pr:acme/widgets#5273": ["merger"],
                   "pr:acme/widgets#5274": ["merger"]}


def test_a_forks_pull_request_of_merges_is_its_owners_not_its_mergers(
    repo: GitRepo, run_cli: Cli
) -> None:
    # urfave/cli: #2269 from TimSoethout/main, whose fix came in through the fork's own
    # pull requests #1 and #2 (merges by Tim) beside a coding agent's commits, read
    # "author with TimSoethout": its merger's own work
    repo.checkout("main")
    repo.branch("main-fork")
    repo.branch("fix-help", "main-fork")
    repo.commit("fix: show global options for leaf subcommands", author=BOB)
    repo.checkout("main-fork")
    repo.git("merge", "-q", "--no-ff", "fix-help", "-m",
             "Merge pull request #1 from bobroe/fix-help",
             env={"GIT_AUTHOR_NAME": "Bob Roe", "GIT_AUTHOR_EMAIL": BOB[1],
                  "GIT_COMMITTER_NAME": "Bob Roe", "GIT_COMMITTER_EMAIL": BOB[1]})
    repo.commit("Restore docs/go.mod\n\nCo-authored-by: bobroe "
                "<4242+bobroe@users.noreply.github.com>",
                author=("Copilot", "198982749+Copilot@users.noreply.github.com"))
    repo.merge_pr(2269, "main-fork", "fix(help): show global options", fork="bobroe",
                  merger=ALICE)

    assert roles(run_cli, repo, "alice@example.com") == {"pr:acme/widgets#2269": ["merger"]}


def test_a_branch_commit_that_names_an_issue_stays_in_its_pull_request(
    repo: GitRepo, run_cli: Cli
) -> None:
    # one commit of a branch whose subject ends "(#4)" names an issue, not a pull request
    feature_branch(repo, "queue", ("Add the export queue", BOB), ("Fix the retry (#4)", BOB))
    repo.merge_titled_pr(12, "queue", "Queue exports", merger=MO)

    assert roles(run_cli, repo, "bob@example.com") == {"pr:acme/widgets#12": ["author"]}


def test_branch_commits_that_name_one_issue_stay_in_their_pull_request(
    repo: GitRepo, run_cli: Cli
) -> None:
    # jesseduffield/lazygit#5885: three of its four commits end "(#5879)", the issue it
    # fixed; they had made a pull request #5879 of their own, its lines counted twice
    feature_branch(repo, "orphans", ("Give task commands a Terminate method", BOB),
                   ("Kill the pty child's process tree on Windows (#5879)", BOB),
                   ("Reap the pty's conhost on Windows (#5879)", BOB),
                   ("Reap pty process trees when quitting on Windows (#5879)", BOB),
                   ("Also reap grandchildren on macOS (#5880)", BOB))
    repo.merge_titled_pr(5885, "orphans", "Fix orphaned processes on Windows", merger=MO)

    assert roles(run_cli, repo, "bob@example.com") == {"pr:acme/widgets#5885": ["author"]}


# --- who opened the pull request --------------------------------------------------------


def test_fork_owner_is_the_author_and_a_maintainers_fixup_makes_them_co_author(
    repo: GitRepo, run_cli: Cli
) -> None:
    feature_branch(repo, "nonzero_unit_tests", ("Test nonzero on units", BOB_NOREPLY),
                   ("Fix the lint the CI found", MO))
    repo.merge_pr(123, "nonzero_unit_tests", "Unit tests for nonzero", fork="bobroe",
                  merger=ALICE)

    assert roles(run_cli, repo, "bobroe") == {"pr:acme/widgets#123": ["author"]}
    assert roles(run_cli, repo, "mo@example.com") == {"pr:acme/widgets#123": ["co_author"]}
    assert roles(run_cli, repo, "alice@example.com") == {"pr:acme/widgets#123": ["merger"]}


def test_fork_owner_is_the_author_even_when_someone_else_wrote_the_first_commit(
    repo: GitRepo, run_cli: Cli
) -> None:
    feature_branch(repo, "takeover", ("Start the importer", MO), ("Finish the importer", BOB))
    repo.merge_pr(7, "takeover", "Import from CSV", fork="BobRoe", merger=ALICE)

    assert roles(run_cli, repo, "bob@example.com", "bobroe") == {"pr:acme/widgets#7": ["author"]}
    assert roles(run_cli, repo, "mo@example.com") == {"pr:acme/widgets#7": ["co_author"]}


def test_fork_owner_is_known_by_the_name_their_noreply_address_used_elsewhere(
    repo: GitRepo, run_cli: Cli
) -> None:
    repo.commit("Fix a typo from the web editor",
                author=("Robert Roe", "4242+rr-dev@users.noreply.github.com"))
    feature_branch(repo, "importer", ("Start the importer", MO),
                   ("Finish the importer", ("Robert Roe", "rob@example.com")))
    repo.merge_pr(7, "importer", "Import from CSV", fork="rr-dev", merger=ALICE)

    assert roles(run_cli, repo, "rob@example.com") == {"pr:acme/widgets#7": ["author"]}
    assert roles(run_cli, repo, "mo@example.com") == {"pr:acme/widgets#7": ["co_author"]}


def test_fork_owner_is_known_by_an_address_that_is_their_login_without_its_hyphen(
    repo: GitRepo, run_cli: Cli
) -> None:
    # mealie-recipes/mealie#3395: the fork "tba-code" wrote 13 of its commits as
    # tbacode@outlook.com and 5 from the web editor with its noreply address
    tarek = ("Tarek Q", "tbacode@outlook.com")
    feature_branch(repo, "postgres-url", ("Add a URL override", tarek),
                   ("Document the override", ("tba-code", "1289+tba-code@users.noreply.github.com")),
                   ("Test the override", tarek))
    repo.merge_pr(7, "postgres-url", "Add POSTGRES_URL_OVERRIDE", fork="tba-code", merger=ALICE)

    assert roles(run_cli, repo, "tbacode@outlook.com") == {"pr:acme/widgets#7": ["author"]}


def test_fork_owner_is_known_by_the_family_name_in_their_login(
    repo: GitRepo, run_cli: Cli
) -> None:
    ralf = ("Ralf Gommers", "ralf@example.com")
    feature_branch(repo, "importer", ("Start the importer", MO), ("Finish the importer", ralf))
    repo.merge_pr(7, "importer", "Import from CSV", fork="rgommers", merger=ALICE)

    assert roles(run_cli, repo, "ralf@example.com") == {"pr:acme/widgets#7": ["author"]}


def test_credit_is_the_same_whoever_the_document_is_for(repo: GitRepo, run_cli: Cli) -> None:
    feature_branch(repo, "importer", ("Start the importer", MO), ("Finish the importer", BOB))
    repo.merge_pr(7, "importer", "Import from CSV", fork="stranger", merger=ALICE)

    first = roles(run_cli, repo, "bob@example.com")
    roles(run_cli, repo, "mo@example.com")  # the store now holds the item Mo's run made

    assert roles(run_cli, repo, "bob@example.com") == first == {"pr:acme/widgets#7": ["co_author"]}


def test_fork_owner_no_commit_matches_falls_back_to_whoever_wrote_the_first_commit(
    repo: GitRepo, run_cli: Cli
) -> None:
    feature_branch(repo, "importer", ("Start the importer", MO), ("Finish the importer", BOB))
    repo.merge_pr(7, "importer", "Import from CSV", fork="stranger", merger=ALICE)

    assert roles(run_cli, repo, "mo@example.com") == {"pr:acme/widgets#7": ["author"]}
    assert roles(run_cli, repo, "bob@example.com") == {"pr:acme/widgets#7": ["co_author"]}


@pytest.mark.parametrize(("mine", "theirs", "opener"), [
    (2, 318, "bob"),  # lazygit#5571: the maintainer's 2-line fix first, 318 lines of Bob's
    (87, 140, "mo"),  # lazygit#5592: Bob wrote most, not two thirds: who started it opened it
])
def test_whoever_wrote_two_thirds_of_a_branch_opened_it_whoever_wrote_its_first_commit(
    repo: GitRepo, run_cli: Cli, mine: int, theirs: int, opener: str
) -> None:
    repo.checkout("main")
    repo.branch("spinner")
    repo.commit("Fix missing layout call after switching repos",
                files={"pkg/gui/gui.go": "layout()\n" * mine}, author=MO)
    repo.commit("Support a content-only UI refresh",
                files={"pkg/gocui/gui.go": "flush()\n" * (theirs - 10),
                       "vendor/lib/x.go": "v\n" * 900}, author=BOB)  # vendored: no share
    repo.commit("Honor the spinner rate", files={"pkg/gui/app.go": "rate\n" * 10}, author=BOB)
    repo.merge_titled_pr(5571, "spinner", "Redraw only the spinner", merger=ALICE)

    who = {"bob": "bob@example.com", "mo": "mo@example.com"}
    other = who["mo" if opener == "bob" else "bob"]
    assert roles(run_cli, repo, who[opener]) == {"pr:acme/widgets#5571": ["author"]}
    assert "author" not in roles(run_cli, repo, other)["pr:acme/widgets#5571"]


def test_a_teammates_snapshots_or_a_small_first_share_leave_the_opener_who_started_it(
    repo: GitRepo, run_cli: Cli
) -> None:
    # an attack on the rule above: Alice's feature, then Bob's 400 lines of snapshots
    repo.checkout("main")
    repo.branch("sso")
    repo.commit("Add SSO login", files={"src/auth/sso.py": "login\n" * 120}, author=ALICE)
    repo.commit("Update snapshots",
                files={"tests/__snapshots__/sso.ambr": "snap\n" * 400}, author=BOB)
    repo.merge_titled_pr(8, "sso", "Add SSO login", merger=MO)
    # ... and a contributor's lines under two addresses count together
    repo.checkout("main")
    repo.branch("spinner")
    repo.commit("Fix a layout call", files={"pkg/gui/gui.go": "layout()\n" * 2}, author=MO)
    repo.commit("Redraw the spinner", files={"pkg/gocui/a.go": "a\n" * 200}, author=BOB)
    repo.commit("Honor the rate", files={"pkg/gocui/b.go": "b\n" * 118},
                author=("Bob Roe", "1234+bobroe@users.noreply.github.com"))
    repo.commit("Tidy the rate", files={"pkg/gocui/c.go": "c\n" * 10},
                author=("bobroe", "1234+bobroe@users.noreply.github.com"))
    repo.merge_titled_pr(9, "spinner", "Redraw only the spinner", merger=ALICE)

    assert roles(run_cli, repo, "alice@example.com")["pr:acme/widgets#8"] == ["author"]
    assert roles(run_cli, repo, "bob@example.com")["pr:acme/widgets#9"] == ["author"]
    # ... all of them: the name the noreply address also committed under is Bob's too
    assert "co_author" not in roles(run_cli, repo, "bobroe")["pr:acme/widgets#9"]


def test_branch_in_the_repository_itself_is_credited_to_whoever_started_it(
    repo: GitRepo, run_cli: Cli
) -> None:
    # "acme" owns the repository: the branch is not a fork, "acme" opened nothing.
    feature_branch(repo, "feature-x", ("Start feature x", BOB), ("Polish feature x", MO),
                   ("More of feature x", BOB))
    repo.merge_pr(9, "feature-x", "Feature x", fork="acme", merger=ALICE)

    assert roles(run_cli, repo, "bob@example.com") == {"pr:acme/widgets#9": ["author"]}
    assert roles(run_cli, repo, "mo@example.com") == {"pr:acme/widgets#9": ["co_author"]}


def test_branch_named_after_the_organisation_is_not_taken_for_a_person_of_that_name(
    repo: GitRepo, run_cli: Cli
) -> None:
    acme = ("acme", "acme-bot@example.com")  # an account named like the organisation
    feature_branch(repo, "feature-y", ("Start feature y", BOB), ("Bump feature y", acme))
    repo.merge_pr(10, "feature-y", "Feature y", fork="ACME", merger=ALICE)

    assert roles(run_cli, repo, "bob@example.com") == {"pr:acme/widgets#10": ["author"]}


def test_titled_merge_is_credited_to_whoever_started_the_branch(
    repo: GitRepo, run_cli: Cli
) -> None:
    feature_branch(repo, "queue", ("Add the export queue", BOB), ("fix tests", MO))
    repo.merge_titled_pr(12, "queue", "Queue exports", merger=ALICE)

    assert roles(run_cli, repo, "bob@example.com") == {"pr:acme/widgets#12": ["author"]}
    assert roles(run_cli, repo, "mo@example.com") == {"pr:acme/widgets#12": ["co_author"]}


def test_main_merged_into_a_branch_does_not_make_its_merger_the_opener(
    repo: GitRepo, run_cli: Cli
) -> None:
    feature_branch(repo, "queue", ("Add the export queue", BOB))
    repo.checkout("main")
    repo.commit("Unrelated work on main", author=ROOT)
    repo.checkout("queue")
    repo.git("merge", "-q", "--no-ff", "main", "-m", "Merge branch 'main' into queue",
             env={"GIT_AUTHOR_NAME": MO[0], "GIT_AUTHOR_EMAIL": MO[1],
                  "GIT_COMMITTER_NAME": MO[0], "GIT_COMMITTER_EMAIL": MO[1]})
    repo.merge_titled_pr(12, "queue", "Queue exports", merger=ALICE)

    assert roles(run_cli, repo, "bob@example.com") == {"pr:acme/widgets#12": ["author"]}
    # Pressing "Update branch" wrote nothing of the pull request: Mo is not its co-author.
    assert roles(run_cli, repo, "mo@example.com") == {}
    # Pressing "Update branch" wrote nothing of the pull request: Mo is not its co-author.
    assert roles(run_cli, repo, "mo@example.com") == {}


def test_co_authored_by_trailer_on_a_branch_commit_makes_a_co_author(
    repo: GitRepo, run_cli: Cli
) -> None:
    feature_branch(repo, "pair", (f"Pair on the importer\n\nCo-authored-by: {MO[0]} <{MO[1]}>",
                                  BOB))
    repo.merge_pr(4, "pair", "Importer", fork="bobroe", merger=ALICE)

    assert roles(run_cli, repo, "mo@example.com") == {"pr:acme/widgets#4": ["co_author"]}
    assert roles(run_cli, repo, "bob@example.com") == {"pr:acme/widgets#4": ["author"]}


# --- squash messages that list the branch's commits ----------------------------------

NUMPY_SHAPED_LIST = """\
* DOC: run the doc examples in parallel

* 49sec -> 34sec

* 34sec -> 35.1sec

* cache the intersphinx inventory

---------

Co-authored-by: Maintainer Mo <mo@example.com>"""


def test_squash_commit_list_gives_no_impact_and_fires_no_rule(
    repo: GitRepo, run_cli: Cli
) -> None:
    repo.squash_pr(31, "DOC: speed up the documentation build", body=NUMPY_SHAPED_LIST,
                   files={"doc/conf.py": "parallel = True\n"})

    data = run_cli.brag_json("--repo", repo.path, *YEAR)

    (item,) = data["items"]
    assert item["impact"] == []
    reasons = [r for c in item["competencies"] for r in c["reasons"]]
    assert not any("description" in reason for reason in reasons), reasons


def test_squash_commit_list_keeps_the_co_author_trailer_after_it(
    repo: GitRepo, run_cli: Cli
) -> None:
    repo.squash_pr(31, "DOC: speed up the documentation build", body=NUMPY_SHAPED_LIST)

    assert roles(run_cli, repo, "mo@example.com") == {"pr:acme/widgets#31": ["co_author"]}


def test_description_above_a_squash_commit_list_still_gives_its_impact(
    repo: GitRepo, run_cli: Cli
) -> None:
    body = ("Exports of a 50,000-row account now take 3 s instead of 40 s.\n\n"
            "* stream rows\n\n* 40 s -> 12 s\n\n* 12 s -> 3 s")
    repo.squash_pr(32, "Stream large exports", body=body)

    data = run_cli.brag_json("--repo", repo.path, *YEAR)

    (item,) = data["items"]
    assert len(item["impact"]) == 1
    assert "40 s" in item["impact"][0] and "12 s" not in item["impact"][0]


def test_description_written_as_a_bullet_list_keeps_its_impact(
    repo: GitRepo, run_cli: Cli
) -> None:
    body = "* Export now takes 3 s instead of 40 s.\n* Memory stays under 200 MB."
    repo.squash_pr(33, "Stream large exports", body=body)

    data = run_cli.brag_json("--repo", repo.path, *YEAR)

    (item,) = data["items"]
    assert item["impact"], item


def test_commit_subjects_of_a_merged_branch_give_no_impact(
    repo: GitRepo, run_cli: Cli
) -> None:
    feature_branch(repo, "docs-speed", ("DOC: parallel examples", ALICE), ("49sec -> 34sec", ALICE))
    repo.merge_titled_pr(34, "docs-speed", "DOC: speed up the documentation build")

    data = run_cli.brag_json("--repo", repo.path, *YEAR)

    (item,) = data["items"]
    assert item["impact"] == []


@pytest.mark.parametrize(
    ("body", "kept"),
    [
        pytest.param(NUMPY_SHAPED_LIST, "Co-authored-by: Maintainer Mo <mo@example.com>",
                     id="github-list-with-trailers"),
        pytest.param("* ENH: hash based unique for strings\n\n* fix construct array\n\n"
                     "* refactoring\n\n* linter", "", id="github-list-alone"),
        pytest.param("* BUG: fix double evaluation\n\nCloses #30389\n\n* fix: lint errors",
                     "Closes #30389", id="commit-bodies-inside-the-list-stay"),
        pytest.param("Use scoped locking in unique.\n\n---\n\n* BENCH: add a benchmark\n\n"
                     "* Don't use std::invoke.", "Use scoped locking in unique.",
                     id="description-then-rule-then-list"),
        pytest.param("Allow replacement in the cache.\n\n* TST: add a failing test\n\n"
                     "* TST: test replace=True", "Allow replacement in the cache.",
                     id="description-then-list"),
        pytest.param("* Remove 0 from eigenvalue signs.\n* Add a test with 0 as a value.",
                     "* Remove 0 from eigenvalue signs.\n* Add a test with 0 as a value.",
                     id="hand-written-bullets"),
        pytest.param("Fixes a crash:\n\n* at least one weight is zero\n* q=0\n\nThen it works.",
                     "Fixes a crash:\n\n* at least one weight is zero\n* q=0\n\nThen it works.",
                     id="hand-written-bullets-in-prose"),
        pytest.param("* DOC: clarify the docstring", "* DOC: clarify the docstring",
                     id="one-bullet"),
        # svelte: main merged into the branch, each of its PRs with its message, list, rule
        pytest.param("* WIP implement `$effect.pending`\n\n"
                     "* fix: unset context on stale promises (#16935)\n\n"
                     "* fix: unset context on stale promises\n\n"
                     "When a stale promise is rejected, the context is never unset.\n\n"
                     "---------\n\nCo-authored-by: Rich Harris <rich@example.com>\n\n"
                     "* add test\n\n---------\n\n"
                     "Co-authored-by: Simon H <simon@example.com>",
                     "Co-authored-by: Simon H <simon@example.com>",
                     id="other-pull-requests-merged-into-the-branch"),
        # FreshRSS: a first commit with no blank line after its subject
        pytest.param("* Rework keepmax\nfix https://github.com/o/r/issues/5702\n\n"
                     "* More WIP\n\n* Beta", "fix https://github.com/o/r/issues/5702",
                     id="lines-right-under-a-subject-stay"),
        # mitmproxy: "Move mitmweb to Vite" squashed a partial revert; git's line for that
        # commit is the listed commit's, and had made the whole change read as a revert
        pytest.param("* Partially Revert \"Web: harden `xsrf_token` usage (#7491)\"\n\n"
                     "This reverts commit b761cb46c4dc5192cd4d2a10013be3647e70d322.\n\n"
                     "It is incompatible with Vite's server.\n\n* Add Vite config",
                     "It is incompatible with Vite's server.", id="a-listed-revert-s-own-line"),
        pytest.param("Bumps requests from 2.31 to 2.32.\n- [Release notes](https://x)\n",
                     "Bumps requests from 2.31 to 2.32.\n- [Release notes](https://x)\n",
                     id="dependabot"),
    ],
)
def test_commit_list_is_recognised_by_its_shape(body: str, kept: str) -> None:
    assert strip_commit_list(body) == kept


def test_a_list_in_a_commit_no_squash_made_is_its_description(repo: GitRepo) -> None:
    # keepassxc: its maintainer's "Minor UI fixes" lists five fixes, a paragraph each; read
    # as GitHub's squash list, all five went, and the commit read as too vague to judge
    body = ("* Fixes #11044 - the excluded characters tooltip was incorrect\n\n"
            "* Fixes #11212 - don't show the password on creating a new database")
    repo.commit(f"Minor UI fixes\n\n{body}")
    repo.squash_pr(12, "Tidy the dialogs", body="* wip\n\n* tidy")

    items = evidence_of(repo)

    assert items["Minor UI fixes"].body == body
    assert items["Tidy the dialogs"].body == ""


# --- merges without a title ----------------------------------------------------------


def test_untitled_merge_of_one_commit_takes_that_commits_subject(
    repo: GitRepo, run_cli: Cli
) -> None:
    feature_branch(repo, "ctypeslib-examples", ("DOC: add ctypeslib examples", BOB))
    repo.merge_pr(55, "ctypeslib-examples", "", fork="bobroe", merger=MO)

    data = run_cli.brag_json("--repo", repo.path, "--author", "bob@example.com", *YEAR)

    assert [item["title"] for item in data["items"]] == ["DOC: add ctypeslib examples"]


def test_untitled_merge_of_several_commits_shows_its_branch_name_marked_as_such(
    repo: GitRepo, run_cli: Cli
) -> None:
    feature_branch(repo, "ctypeslib-examples", ("DOC: add examples", BOB), ("typo", BOB))
    repo.merge_pr(55, "ctypeslib-examples", "", fork="m-clare", merger=MO)

    data = run_cli.brag_json("--repo", repo.path, "--author", "bob@example.com", *YEAR)

    assert [item["title"] for item in data["items"]] == ["ctypeslib examples (branch name)"]


# --- the description of a pull request merged with its title alone ----------------


def test_title_only_merge_of_one_commit_takes_that_commits_message_as_its_description(
    repo: GitRepo, run_cli: Cli
) -> None:
    feature_branch(repo, "fast-export",
                   ("Stream exports\n\nExports of large accounts now take 3 s instead of 40 s.",
                    ALICE))
    repo.merge_titled_pr(40, "fast-export", "Stream large exports", merger=MO)

    data = run_cli.brag_json("--repo", repo.path, *YEAR)

    (item,) = data["items"]
    assert item["id"] == "pr:acme/widgets#40"
    assert item["impact"] == ["Exports of large accounts now take 3 s instead of 40 s"]


def test_merge_with_its_own_description_keeps_it_over_its_commits_message(
    repo: GitRepo, run_cli: Cli
) -> None:
    feature_branch(repo, "fast-export",
                   ("Stream exports\n\nLocal run: 40 s -> 39 s on my laptop.", ALICE))
    repo.merge_titled_pr(40, "fast-export", "Stream large exports", merger=MO,
                         body="Exports of large accounts now take 3 s instead of 40 s.")

    data = run_cli.brag_json("--repo", repo.path, *YEAR)

    (item,) = data["items"]
    assert item["impact"] == ["Exports of large accounts now take 3 s instead of 40 s"]


def test_merge_of_several_commits_takes_no_commits_message_as_its_description(
    repo: GitRepo, run_cli: Cli
) -> None:
    feature_branch(repo, "fast-export",
                   ("Stream exports\n\nExports now take 3 s instead of 40 s.", ALICE),
                   ("fix tests", ALICE))
    repo.merge_titled_pr(40, "fast-export", "Stream large exports", merger=MO)

    data = run_cli.brag_json("--repo", repo.path, *YEAR)

    (item,) = data["items"]
    assert item["impact"] == []


def test_many_title_only_merges_each_get_their_commits_message_when_two_processes_read(
    repo: GitRepo,
) -> None:
    # 101 merges and their 101 commits: more than one process diffs alone, and the
    # list is cut between a merge and its commit.
    count = SMALL // 2 + 1
    for number in range(1, count + 1):
        feature_branch(repo, f"pr-{number}", (f"Change {number}\n\nWhy {number}.", ALICE))
        repo.merge_titled_pr(number, f"pr-{number}", f"Pull request {number}", merger=MO)

    found = list(iter_git_evidence(
        repo.path, matchers=[Matcher(person_from_ids(["alice@example.com"]))],
        period=Period(since=dt.date(2026, 1, 1), until=dt.date(2026, 12, 31)),
        warn=lambda _: None,
    ))

    assert sorted((i.number, i.body) for i in found) == [
        (n, f"Why {n}.") for n in range(1, count + 1)
    ]


def test_a_highlight_whose_title_states_its_outcome_does_not_say_it_twice(
    repo: GitRepo, run_cli: Cli
) -> None:
    repo.commit("perf: the CSV export is 3x faster", author=ALICE,
                files={"src/export.py": "fast\n" * 80})

    result = run_cli("brag", "--offline", "--repo", repo.path, "--author", "alice@example.com",
                     "--store", run_cli.store, *YEAR)

    assert result.exit_code == 0, result.output
    highlights = result.stdout.partition("**Highlights**")[2].partition("\n## ")[0]
    assert "the CSV export is 3x faster" in highlights
    assert highlights.count("3x faster") == 1, highlights


def test_document_lists_co_authored_work_apart_from_the_persons_own(
    repo: GitRepo, run_cli: Cli
) -> None:
    repo.commit("fix: crash when the cart is empty", author=MO, files={"src/cart.py": "c\n"})
    feature_branch(repo, "upload_queue", ("Fix crash when the upload queue is empty", BOB_NOREPLY),
                   ("Fix the lint the CI found", MO))
    repo.merge_pr(123, "upload_queue", "Fix crash when the upload queue is empty",
                  fork="bobroe", merger=ALICE)

    result = run_cli("brag", "--repo", repo.path, "--author", "mo@example.com", *YEAR)

    assert result.exit_code == 0, result.output
    document = result.stdout
    glance, _, rest = document.partition("**Highlights**")
    highlights, _, sections = rest.partition("\n## ")
    assert "1 item of your own work, 1 co-authored" in glance
    assert "fix: crash when the cart is empty" in highlights
    assert "pull/123" not in glance + highlights  # not the person's own highlight
    led, marker, shared = sections.partition(
        "Co-authored: work others opened that carries your commits or names you as a co-author.")
    assert marker
    assert "pull/123" not in led
    assert "[Fix crash when the upload queue is empty](https://github.com/acme/widgets/pull/123)" in shared


# --- another repository's history merged in whole ---------------------------------------


def imported_history(repo: GitRepo) -> None:
    """pnpm's shape: a second repository's history, its squashes numbered by its own pull
    requests (pacquet's 1-530, pnpm's 11,000 and more), merged in whole with
    --allow-unrelated-histories; this one's numbers go on after the join."""
    repo.squash_pr(1203, "Speed up the resolver", author=ALICE)
    repo.git("checkout", "-q", "--orphan", "imported")
    repo.git("rm", "-rqf", ".")
    repo.commit("feat: initial commit", author=BOB)
    repo.squash_pr(3, "feat: read the lockfile", author=ALICE)
    repo.squash_pr(9, "fix: keep the store's links", author=ALICE)
    repo.commit('Revert "Speed up the resolver (#1203)"', author=BOB)
    repo.checkout("main")
    repo.git("merge", "-q", "--allow-unrelated-histories", "imported",
             "-m", "chore: import the other repository")
    repo.squash_pr(1210, "feat: install with the imported engine", author=ALICE)


def test_squashes_of_a_history_merged_in_whole_are_commits_not_this_repositorys_pulls(
    repo: GitRepo, run_cli: Cli
) -> None:
    imported_history(repo)

    result = run_cli("brag", "--offline", "--repo", repo.path, "--author", "alice@example.com",
                     "--store", run_cli.store, "--format", "json", *YEAR)

    assert result.exit_code == 0, result.output
    items = {item["title"]: item for item in json.loads(result.stdout)["items"]}
    own = items["Speed up the resolver"]
    assert own["id"] == "pr:acme/widgets#1203" and own["url"].endswith("/pull/1203")
    assert items["feat: install with the imported engine"]["id"] == "pr:acme/widgets#1210"
    for title in ("feat: read the lockfile (#3)", "fix: keep the store's links (#9)"):
        assert items[title]["id"].startswith("commit:acme/widgets@"), items[title]
        assert "/commit/" in items[title]["url"]
    # the other history's revert takes nothing from this one's work
    found = {item.title: item for item in iter_git_evidence(
        repo.path, matchers=[Matcher(person_from_ids(["alice@example.com"]))],
        period=Period(since=dt.date(2026, 1, 1), until=dt.date(2026, 12, 31)),
        warn=lambda _: None,
    )}
    assert found["Speed up the resolver"].facts.reverted_by is None
    assert (f"evidencer: warning: {repo.path}: 4 commits came from another repository's "
            "history, merged in whole; 2 of them name pull requests by number, which are "
            "that repository's, so each is read as a commit, not a pull request\n"
            ) in result.stderr


def test_a_library_history_joined_just_before_the_period_is_no_co_author_of_its_vendoring(
    repo: GitRepo, run_cli: Cli
) -> None:
    # stretchr/testify: go-difflib's history (2012 to 2018, its pull requests #1 to #10)
    # merged in on a branch four days before the period, then the branch merged in it;
    # "Vendor unmaintained github.com/pmezard/go-difflib" read "author with Patrick
    # Mezard, visualfc and 1 more"
    repo.commit("Start the assertions", date="2025-06-01T10:00:00+00:00")
    repo.git("checkout", "-q", "--orphan", "difflib")
    repo.git("rm", "-rqf", ".")
    repo.commit("Initial port", author=BOB, files={"difflib.go": "a\n"},
                date="2013-10-20T10:00:00+00:00")
    repo.commit("Merge pull request #2 from bob/godoc", author=BOB,
                files={"difflib.go": "b\n"}, date="2018-12-26T10:00:00+00:00")
    repo.checkout("main")
    repo.branch("vendor-difflib")
    repo.git("merge", "-q", "--allow-unrelated-histories", "difflib", "-m",
             "Move difflib into testify", env={
                 "GIT_AUTHOR_NAME": "Alice Doe", "GIT_AUTHOR_EMAIL": "alice@example.com",
                 "GIT_AUTHOR_DATE": "2025-12-28T10:00:00+00:00",
                 "GIT_COMMITTER_NAME": "Alice Doe", "GIT_COMMITTER_EMAIL": "alice@example.com",
                 "GIT_COMMITTER_DATE": "2025-12-28T10:00:00+00:00"})
    repo.commit("Use the vendored difflib", files={"assert/diff.go": "x\n"},
                date="2026-01-05T10:00:00+00:00")
    repo.merge_pr(1708, "vendor-difflib", "Vendor unmaintained go-difflib", fork="alice",
                  date="2026-01-09T10:00:00+00:00")

    result = run_cli("brag", "--offline", "--repo", repo.path, "--author", "alice@example.com",
                     "--store", run_cli.store, "--format", "json", *YEAR)

    assert result.exit_code == 0, result.output
    assert "commits came from another repository's history" in result.stderr
    found = {item.title: item for item in iter_git_evidence(
        repo.path, matchers=[Matcher(person_from_ids(["alice@example.com"]))],
        period=Period(since=dt.date(2026, 1, 1), until=dt.date(2026, 12, 31)),
        warn=lambda _: None,
    )}
    vendored = found["Vendor unmaintained go-difflib"]
    assert [a.name for a in vendored.actors if a.role == "co_author"] == []


def test_a_clone_named_for_its_repository_reads_its_full_references_as_its_own() -> None:
    # goreleaser, cloned from a path that names no owner: "Fixes #6219" and "- Fixes
    # goreleaser/goreleaser#6219" in one description read "closes 2 reported issues
    # (#6219, goreleaser/goreleaser#6219)"
    body = "Fixes #6219\n\n- Fixes goreleaser/goreleaser#6219"

    assert linked_issues(body, "goreleaser") == ["goreleaser#6219"]
    # the owner known, another owner's repository of the same name stays another's
    assert linked_issues(body, "acme/goreleaser") == [
        "acme/goreleaser#6219", "goreleaser/goreleaser#6219"]
    assert linked_issues("Fixes other/tool#3", "goreleaser") == ["other/tool#3"]
    # ... but alone, another project's of the same name (a review's)
    assert linked_issues("Fixes kubernetes/website#123", "website") == ["kubernetes/website#123"]


def test_an_issue_named_issue_underscore_number_after_a_fix_is_closed() -> None:
    # urfave/cli: "Fix:(issue_2292) Empty positional args no longer break parse loop", one
    # of fifteen pull requests whose issues read "1 reported issue closed"; not a word
    # that ends so, nor a branch named for the issue
    assert linked_issues("Fix:(issue_2292) Empty positional args", "acme/w") == ["acme/w#2292"]
    assert linked_issues("Fixed issue-42 in the parser", "acme/w") == ["acme/w#42"]
    assert linked_issues("prefix_issue_3 and Merge dearchap/issue_2387", "acme/w") == []


def test_the_issues_a_history_merged_in_whole_closes_are_that_repositorys(
    repo: GitRepo, run_cli: Cli
) -> None:
    # pnpm: pacquet's "feat: partial install with --frozen-lockfile (#433)" read "closes a
    # reported issue (#433)", a number of pnpm's own issues; read from GitHub, the number
    # would have been looked up in pnpm/pnpm
    repo.squash_pr(1203, "Speed up the resolver", author=ALICE, body="Fixes #1100")
    repo.git("checkout", "-q", "--orphan", "imported")
    repo.git("rm", "-rqf", ".")
    repo.commit("feat: initial commit", author=BOB)
    repo.squash_pr(3, "feat: read the lockfile", author=ALICE)
    repo.squash_pr(9, "fix: keep the store's links", author=ALICE, body="Fixes #5")
    repo.checkout("main")
    repo.git("merge", "-q", "--allow-unrelated-histories", "imported",
             "-m", "chore: import the other repository")
    repo.squash_pr(1210, "feat: install with the imported engine", author=ALICE)

    found = {item.title: item for item in iter_git_evidence(
        repo.path, matchers=[Matcher(person_from_ids(["alice@example.com"]))],
        period=Period(since=dt.date(2026, 1, 1), until=dt.date(2026, 12, 31)),
        warn=lambda _: None,
    )}
    assert found["fix: keep the store's links (#9)"].facts.linked_issues == ()
    assert found["Speed up the resolver"].facts.linked_issues is None  # its message's
    result = run_cli("brag", "--offline", "--repo", repo.path, "--author", "alice@example.com",
                     "--store", run_cli.store, *YEAR)
    assert result.exit_code == 0, result.output
    assert "acme/widgets/issues/1100" in result.stdout
    assert "acme/widgets/issues/5)" not in result.stdout  # a link to this repository's #5


def tools_history(repo: GitRepo, *, founder: tuple[str, str]) -> None:
    """This history's pull request #1203, then another repository's on the branch
    ``tools``: its first commit by ``founder`` in 2021 and its squash #7 in 2022."""
    repo.squash_pr(1203, "Speed up the resolver", author=ALICE)
    repo.git("checkout", "-q", "--orphan", "tools")
    repo.git("rm", "-rqf", ".")
    repo.commit("Set up the package", author=founder, date="2021-08-25T10:00:00+00:00")
    repo.squash_pr(7, "feat: typecheck components", author=BOB, date="2022-03-01T10:00:00+00:00")


def test_a_pull_request_that_joins_another_history_is_its_joiners_not_that_historys(
    repo: GitRepo, run_cli: Cli
) -> None:
    # withastro/astro: "Merge language tools into monorepo (#14584)", Erika's, was its
    # maintainer's largest change of the year: he had written the other repository's first
    # commit, in 2021, and the pull request's first commit was taken for its opener
    tools_history(repo, founder=ALICE)
    repo.branch("merge-tools", start="tools")
    carol = {"GIT_AUTHOR_NAME": "Carol Chen", "GIT_AUTHOR_EMAIL": "carol@example.com",
             "GIT_COMMITTER_NAME": "Carol Chen", "GIT_COMMITTER_EMAIL": "carol@example.com"}
    repo.git("merge", "-q", "--allow-unrelated-histories", "main",
             "-m", "Merge main into merge-tools", env=carol)
    repo.commit("chore: move the tools under packages/", author=("Carol Chen", "carol@example.com"))
    repo.merge_titled_pr(1205, "merge-tools", "Merge language tools into monorepo",
                         merger=("Carol Chen", "carol@example.com"))
    repo.squash_pr(1210, "feat: check with the merged tools", author=ALICE)

    alice = run_cli.brag_json("--repo", repo.path, "--author", "alice@example.com", *YEAR)
    carols = run_cli.brag_json("--repo", repo.path, "--author", "carol@example.com", *YEAR)

    assert "pr:acme/widgets#1205" not in [item["id"] for item in alice["items"]]
    joined = next(i for i in carols["items"] if i["id"] == "pr:acme/widgets#1205")
    assert joined["roles"] == ["author", "merger"]


def test_a_joiners_commit_on_top_of_the_other_history_makes_the_pull_request_theirs(
    repo: GitRepo, run_cli: Cli
) -> None:
    # the move-then-merge recipe: the branch is the other history with the joiner's
    # commit on top; nothing of it is this history's
    tools_history(repo, founder=BOB)
    repo.commit("Prepare language tools for the monorepo",
                author=("Carol Chen", "carol@example.com"))
    repo.checkout("main")
    mo = {"GIT_AUTHOR_NAME": "Maintainer Mo", "GIT_AUTHOR_EMAIL": "mo@example.com",
          "GIT_COMMITTER_NAME": "GitHub", "GIT_COMMITTER_EMAIL": "noreply@github.com"}
    repo.git("merge", "-q", "--no-ff", "--allow-unrelated-histories", "tools", "-m",
             "Merge pull request #1205 from carol/join-tools\n\nMerge language tools into "
             "monorepo", env=mo)
    repo.squash_pr(1210, "feat: check with the merged tools", author=ALICE)

    carols = run_cli.brag_json("--repo", repo.path, "--author", "carol@example.com", *YEAR)
    bobs = run_cli.brag_json("--repo", repo.path, "--author", "bob@example.com", *YEAR)

    joined = next(i for i in carols["items"] if i["id"] == "pr:acme/widgets#1205")
    assert joined["roles"] == ["author"]
    assert "pr:acme/widgets#1205" not in [item["id"] for item in bobs["items"]]


def test_an_orphan_branch_of_this_repository_merged_back_keeps_its_pull_requests(
    repo: GitRepo, run_cli: Cli
) -> None:
    # a rewrite begun on an orphan branch numbers its pull requests as the rest do
    repo.squash_pr(20, "Speed up the resolver", author=ALICE)
    repo.git("checkout", "-q", "--orphan", "v2")
    repo.git("rm", "-rqf", ".")
    repo.commit("v2: start over", author=BOB)
    repo.squash_pr(21, "Add the query planner", author=ALICE)
    repo.checkout("main")
    repo.squash_pr(22, "Fix the cache", author=ALICE)
    repo.git("merge", "-q", "--allow-unrelated-histories", "v2", "-m", "Merge branch 'v2'")
    repo.squash_pr(23, "Document the planner", author=ALICE)

    result = run_cli("brag", "--offline", "--repo", repo.path, "--author", "alice@example.com",
                     "--store", run_cli.store, "--format", "json", *YEAR)

    ids = sorted(item["id"] for item in json.loads(result.stdout)["items"])
    assert [i for i in ids if i.startswith("pr:")] == [
        f"pr:acme/widgets#{n}" for n in (20, 21, 22, 23)]
    assert "another repository" not in result.stderr


def test_a_history_merged_into_another_the_other_way_round_keeps_its_pull_requests(
    repo: GitRepo, run_cli: Cli
) -> None:
    # the other history merged this one in, and this branch then moved up to it: the
    # first-parent line ends at the other's first commit, and this one's counter goes on
    repo.squash_pr(12, "Speed up the resolver", author=ALICE)
    repo.squash_pr(13, "Fix the cache", author=ALICE)
    repo.git("checkout", "-q", "--orphan", "other")
    repo.git("rm", "-rqf", ".")
    repo.commit("feat: initial commit", author=BOB)
    repo.squash_pr(40, "feat: read the lockfile", author=BOB)
    repo.git("merge", "-q", "--allow-unrelated-histories", "main", "-m", "Merge main")
    repo.checkout("main")
    repo.git("merge", "-q", "--ff-only", "other")
    repo.squash_pr(14, "Document the resolver", author=ALICE)

    result = run_cli("brag", "--offline", "--repo", repo.path, "--author", "alice@example.com",
                     "--store", run_cli.store, "--format", "json", *YEAR)

    assert sorted(item["id"] for item in json.loads(result.stdout)["items"]) == [
        f"pr:acme/widgets#{n}" for n in (12, 13, 14)]


def test_a_shallow_clones_cut_commits_are_not_taken_for_another_history(
    repo: GitRepo, run_cli: Cli, tmp_path: Path
) -> None:
    repo.branch("release")
    repo.squash_pr(5, "Fix the export", author=ALICE)
    repo.checkout("main")
    repo.commit("Tidy the readme", author=BOB)
    repo.merge("release", "Merge branch 'release'")
    clone = repo.clone(tmp_path / "shallow", depth=2)  # both parents of the merge are cut

    data = run_cli.brag_json("--repo", clone, "--author", "alice@example.com", *YEAR)

    assert [item["id"] for item in data["items"]] == ["pr:shallow#5"]  # the clone has no remote URL


# --- commits landed by someone else than their author -------------------------------------


def test_a_commit_its_maintainer_committed_for_its_author_is_merged_work_of_theirs(
    repo: GitRepo, run_cli: Cli
) -> None:
    # wagtail's and git's maintainers land others' commits by applying or rebasing them:
    # Sage Abdullah committed 41 of others' commits in a year, and her document showed
    # no maintainer work at all
    landed = repo.commit("Fix the cache key", author=BOB, committer=ALICE)
    repo.commit("Handle empty feeds", author=BOB, committer=("GitHub", "noreply@github.com"))
    repo.commit("Tidy the parser", author=BOB)
    repo.commit("Pair on the export\n\nCo-authored-by: Alice Doe <alice@example.com>",
                author=BOB, committer=ALICE)  # her own work: no merger of it
    repo.commit("Rebase my change", author=("Alice Doe", "alice@home.example"),
                committer=ALICE)  # the same person at another address
    repo.branch("export")
    repo.commit("Export: write", author=BOB, committer=ALICE)  # a pull request's branch
    repo.merge_pr(7, "export", "Add the CSV exporter")
    repo.branch("shared")  # a branch she rebased, which someone else merged
    repo.commit("Shared: parse", author=BOB, committer=ALICE)
    repo.merge("shared", "Merge branch 'shared'")
    repo.commit("Pair on the import\n\nCo-authored-by: Alice Doe <alice@home.example>",
                author=BOB, committer=ALICE)  # her own, under another address

    alice = items_by_id(run_cli.brag_json("--repo", repo.path, *YEAR))
    bob = items_by_id(run_cli.brag_json("--repo", repo.path, "--author", "bob@example.com",
                                        *YEAR))

    assert alice[f"commit:acme/widgets@{landed}"]["roles"] == ["merger"]
    assert sorted((item["title"], item["roles"]) for item in alice.values()) == [
        ("Fix the cache key", ["merger"]), ("Pair on the export", ["co_author"]),
        ("Pair on the import", ["co_author"]),
        ("Rebase my change", ["author"])]  # no merger of her own work, nor of a branch's
    assert bob[f"commit:acme/widgets@{landed}"]["roles"] == ["author"]
    result = run_cli("brag", "--offline", "--store", run_cli.store, "--repo", repo.path, *YEAR)
    assert "Merged 1 item by 1 other person" in result.stdout


def test_a_commit_someone_else_landed_is_dated_when_it_landed(
    repo: GitRepo, run_cli: Cli
) -> None:
    # apache/maven: a Jetty 12 port written in February and landed by its maintainer in
    # August read as February's, and a patch of December landed in January was in neither
    # year's document of the maintainer who landed it
    landed = repo.commit("Port the test server to Jetty 12", author=BOB, committer=ALICE,
                         date="2025-12-20T10:00:00+00:00",
                         committed="2026-01-05T10:00:00+00:00")
    # keepassxc: its maintainer's importer, written in August and rebased onto the branch in
    # March, was in no yearly report: not landed when the first was written, dated before
    # the second; her own commit on the branch is dated when it reached it too ...
    own = repo.commit("Fix the cache", date="2025-12-21T10:00:00+00:00",
                      committed="2026-01-06T10:00:00+00:00")
    # ... but not before it was written, by a clock that was behind
    skewed = repo.commit("Tidy the cache", date="2026-02-01T10:00:00+00:00",
                         committed="2026-01-07T10:00:00+00:00")

    alice = items_by_id(run_cli.brag_json("--repo", repo.path, *YEAR))
    bob = items_by_id(run_cli.brag_json("--repo", repo.path, "--author", "bob@example.com",
                                        *YEAR))

    assert alice[f"commit:acme/widgets@{landed}"]["date"].startswith("2026-01-05")
    assert bob[f"commit:acme/widgets@{landed}"]["date"].startswith("2026-01-05")
    assert alice[f"commit:acme/widgets@{own}"]["date"].startswith("2026-01-06")
    assert alice[f"commit:acme/widgets@{skewed}"]["date"].startswith("2026-02-01")



def test_work_written_long_before_it_landed_says_when_it_was_written(
    repo: GitRepo, run_cli: Cli
) -> None:
    # rust-lang/rustfmt: "Properly handle unicode whitespace", written in April 2023 and
    # landed in October 2025, read as that year's work with nothing said; four of its
    # maintainer's ten items were such
    old = repo.commit("Fix a crash on unicode whitespace", files={"src/spans.rs": "w\n" * 30},
                      date="2025-11-20T10:00:00+00:00", committed="2026-02-10T10:00:00+00:00")
    # ... and not work rebased a few days after it was written
    recent = repo.commit("Fix the cache key", files={"src/cache.rs": "k\n" * 30},
                         date="2026-02-01T10:00:00+00:00",
                         committed="2026-02-11T10:00:00+00:00")

    items = items_by_id(run_cli.brag_json("--repo", repo.path, *YEAR))
    document = run_cli("brag", "--offline", "--store", run_cli.store, "--repo", repo.path,
                       *YEAR).stdout

    assert items[f"commit:acme/widgets@{old}"]["date"].startswith("2026-02-10")
    assert "written 2025-11-20, landed 2026-02-10" in document
    assert "written 2026-02-01" not in document
    assert items[f"commit:acme/widgets@{recent}"]["date"].startswith("2026-02-11")


def test_commits_re_committed_by_an_import_of_the_history_are_dated_when_written(
    repo: GitRepo, run_cli: Cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    # dbt-labs/dbt-core: its sync bot re-committed 2,672 commits in one day as the
    # repository moved; an engineer's work of June 2025 read as landed in June 2026, in the
    # period, and the chart put a year's work in one month
    monkeypatch.setattr(collect, "IMPORTED_BATCH", 4)
    bot = ("Sync Bot", "sync-bot@example.com")
    old = repo.commit("Port the runtime", date="2025-06-10T10:00:00+00:00",
                      committer=bot, committed="2026-06-01T08:00:00+00:00")
    within = repo.commit("Add the fail-fast flag", date="2026-02-10T10:00:00+00:00",
                         committer=bot, committed="2026-06-01T08:00:01+00:00")
    for n in range(3):
        repo.commit(f"Tidy the parser {n}", author=BOB, date="2026-01-10T10:00:00+00:00",
                    committer=bot, committed=f"2026-06-01T09:00:0{n}+00:00")
    # ... not a day the same person landed a few others' commits
    landed = repo.commit("Fix the cache", date="2025-12-20T10:00:00+00:00",
                         committer=bot, committed="2026-07-01T10:00:00+00:00")
    # ... and the importer's own commits of the import's day, as written too
    own = repo.commit("Move the sync job", author=bot, date="2025-05-01T10:00:00+00:00",
                      committed="2026-06-01T10:00:00+00:00")

    items = items_by_id(run_cli.brag_json("--repo", repo.path, *YEAR))
    bots = items_by_id(run_cli.brag_json("--repo", repo.path, "--author", bot[1], *YEAR))

    assert f"commit:acme/widgets@{old}" not in items
    assert items[f"commit:acme/widgets@{within}"]["date"].startswith("2026-02-10")
    assert items[f"commit:acme/widgets@{landed}"]["date"].startswith("2026-07-01")
    assert f"commit:acme/widgets@{own}" not in bots


def test_pull_requests_rebased_onto_the_branch_at_once_were_not_landed_by_the_rebaser(
    repo: GitRepo, run_cli: Cli
) -> None:
    # astral-sh/uv: its maintainer rebased a release branch, 13 squash-merged pull requests
    # of 6 other people committed by him in one second, which read as 13 he merged
    carol = ("Carol Poe", "carol@example.com")
    when = "2026-03-02T10:00:00+00:00"
    for n, subject, author in ((11, "Support hashes", BOB),
                               (12, "Honor certificate overrides", carol),
                               (13, "Validate upgrade groups", BOB)):
        repo.commit(f"{subject} (#{n})", author=author, committer=ALICE,
                    date=f"2026-02-{n:02d}T10:00:00+00:00", committed=when)
    # ... whereas one she landed on its own, and a patch series she applied, are hers
    repo.commit("Port the server (#14)", author=BOB, committer=ALICE,
                committed="2026-03-03T10:00:00+00:00")
    series = [repo.commit(f"reftable: {what}", author=author, committer=ALICE,
                          committed="2026-03-04T10:00:00+00:00")
              for what, author in (("fix a leak", BOB), ("test it", carol), ("docs", BOB))]

    got = roles(run_cli, repo, "alice@example.com")

    assert got == {"pr:acme/widgets#14": ["merger"],
                   **{f"commit:acme/widgets@{sha}": ["merger"] for sha in series}}
    assert roles(run_cli, repo, "bob@example.com")["pr:acme/widgets#11"] == ["author"]


def test_pull_requests_a_forge_landed_on_another_branch_were_not_landed_by_who_carried_them(
    repo: GitRepo, run_cli: Cli
) -> None:
    # ktor: its maintainer cherry-picked pull requests GitHub had merged on the release
    # branch onto the main line a few at a time, which read as 24 pull requests he merged
    github = ("GitHub", "noreply@github.com")
    repo.commit("Start", author=BOB)
    repo.branch("release/3.x")
    written = "2026-02-10T10:00:00+00:00"
    repo.commit("Fix the cache (#51)", author=BOB, committer=github, date=written)
    repo.checkout("main")
    repo.commit("Fix the cache (#51)", author=BOB, committer=ALICE, date=written,
                committed="2026-02-20T10:00:00+00:00")
    # ... whereas Bob's own branch that she rebased onto the main line, she landed, though
    # GitHub committed to it (a suggestion accepted on the web)
    repo.branch("bob/retry")
    mine = "2026-03-01T10:00:00+00:00"
    repo.commit("Retry uploads (#52)", author=BOB, committer=github, date=mine)
    repo.checkout("main")
    repo.commit("Retry uploads (#52)", author=BOB, committer=ALICE, date=mine,
                committed="2026-03-02T10:00:00+00:00")

    got = roles(run_cli, repo, "alice@example.com")

    assert got == {"pr:acme/widgets#52": ["merger"]}
    assert roles(run_cli, repo, "bob@example.com")["pr:acme/widgets#52"] == ["author"]
    assert roles(run_cli, repo, "bob@example.com")["pr:acme/widgets#51"] == ["author"]


def test_a_backport_of_anothers_change_is_theirs_and_a_bots_of_ones_own_is_one_change(
    repo: GitRepo, run_cli: Cli
) -> None:
    # aio-libs/aiohttp: its maintainer's squashed backport of Kevin Park's pull request
    # ("cherry picked from commit 67fa1f5e6", Kevin a co-author) was his second-strongest
    # Customer Value item; the patchback bot's backports of his own, co-authored by him,
    # were his co-authored work beside the originals
    bot = ("patchback[bot]", "45432694+patchback[bot]@users.noreply.github.com")
    theirs = repo.commit("Allow JSONEncoder to return bytes (#11989)", author=BOB,
                         date="2026-02-01T10:00:00+00:00")
    mine = repo.commit("Fix access log timestamps (#12127)", date="2026-02-02T10:00:00+00:00")
    repo.commit("Allow JSONEncoder to return bytes (#11989) (#12115)\n\n(cherry picked from "
                f"commit {theirs})\n\nCo-authored-by: Bob Roe <bob@example.com>",
                date="2026-02-03T10:00:00+00:00")
    repo.commit(f"[PR #12127/{mine[:8]} backport][3.14] Fix access log timestamps (#12130)"
                "\n\nCo-authored-by: Alice Doe <alice@example.com>", author=bot,
                date="2026-02-04T10:00:00+00:00")

    result = run_cli("brag", "--repo", repo.path, "--author", "alice@example.com", *YEAR,
                     "--format", "json")

    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    got = {i["id"]: i for i in data["items"]}
    assert got["pr:acme/widgets#12115"]["roles"] == ["merger"]
    assert got["pr:acme/widgets#12127"]["roles"] == ["author"]
    assert got["pr:acme/widgets#12127"]["also"] == ["pr:acme/widgets#12130"]  # the bot's port
    assert len(got) == 2
    # ... and in Bob's document the backport is his change's copy
    assert roles(run_cli, repo, "bob@example.com") == {"pr:acme/widgets#11989": ["author"]}


def test_a_backport_of_a_change_from_before_the_period_is_its_authors(
    repo: GitRepo, run_cli: Cli
) -> None:
    # a review's: a January backport of Bob's December pull request stayed Alice's own
    theirs = repo.commit("Allow bytes from the encoder (#11989)", author=BOB,
                         date="2025-12-10T10:00:00+00:00")
    repo.commit(f"Allow bytes from the encoder (#11989) (#12115)\n\n(cherry picked from "
                f"commit {theirs[:9]})\n\nCo-authored-by: Bob Roe <bob@example.com>",
                date="2026-01-20T10:00:00+00:00")
    # ... and a name git knows no commit by changes nothing
    repo.commit("Fix the cache key (#12116)\n\n(cherry picked from commit 0123456789abcdef)",
                date="2026-01-21T10:00:00+00:00")

    assert roles(run_cli, repo, "alice@example.com") == {
        "pr:acme/widgets#12115": ["merger"], "pr:acme/widgets#12116": ["author"]}


def test_a_squash_that_lists_one_cherry_picked_commit_among_its_own_stays_its_authors(
    repo: GitRepo, run_cli: Cli
) -> None:
    # a review's attack: Bob's own squash listed one of Carol's commits it had picked up,
    # and the whole change went to Carol; a backport of several people's fixes, to one
    carol = ("Carol Poe", "carol@example.com")
    picked = repo.commit("Fix the retry counter (#118)", author=carol,
                         date="2026-02-01T10:00:00+00:00")
    other = repo.commit("Fix the cache key (#119)", author=BOB, date="2026-02-02T10:00:00+00:00")
    repo.commit("Add configurable retries (#120)\n\n* Add retries\n\n* Fix the retry counter"
                f"\n\n(cherry picked from commit {picked})", author=BOB,
                date="2026-02-03T10:00:00+00:00")
    repo.commit(f"Backport fixes for 3.14.2 (#121)\n\n(cherry picked from commit {picked})\n"
                f"(cherry picked from commit {other})", date="2026-02-04T10:00:00+00:00")

    bobs = roles(run_cli, repo, "bob@example.com")

    assert bobs["pr:acme/widgets#120"] == ["author"]
    assert roles(run_cli, repo, "alice@example.com") == {"pr:acme/widgets#121": ["author"]}


def test_a_commit_that_changes_no_file_is_no_work(repo: GitRepo, run_cli: Cli) -> None:
    # pypa/pipx: "keyring auth and URL constraint handling (#1759)", a squash of what had
    # landed already, changed nothing and was a second Product Stability item
    repo.commit("fix(install): enable keyring auth for private indexes (#1603)")
    env = {"GIT_AUTHOR_NAME": "Alice Doe", "GIT_AUTHOR_EMAIL": "alice@example.com",
           "GIT_AUTHOR_DATE": "2026-03-21T10:00:00+00:00",
           "GIT_COMMITTER_NAME": "Alice Doe", "GIT_COMMITTER_EMAIL": "alice@example.com",
           "GIT_COMMITTER_DATE": "2026-03-21T10:00:00+00:00"}
    repo.git("commit", "-q", "--allow-empty", "-m",
             "fix(install): keyring auth and URL constraint handling (#1759)", env=env)

    assert roles(run_cli, repo, "alice@example.com") == {"pr:acme/widgets#1603": ["author"]}


def test_a_commit_whose_changes_a_setting_hides_from_its_numstat_is_work(tmp_path: Any,
                                                                           run_cli: Cli) -> None:
    # a review's attack: under log.showRoot=false the first commit lists no files
    made = GitRepo(tmp_path / "fresh")
    made.git("config", "log.showRoot", "false")
    made.commit("Initial version of the widget server", date="2026-03-01T10:00:00+00:00")
    made.commit("Fix the login crash", date="2026-03-02T10:00:00+00:00")

    got = roles(run_cli, made, "alice@example.com")

    assert len(got) == 2, got


def test_work_on_maintenance_branches_head_does_not_reach_is_said(
    repo: GitRepo, run_cli: Cli
) -> None:
    # borgbackup/borg: its maintainer's year on 1.4-maint and 1.2-maint (four stable
    # releases) was nowhere, and the document read as if master held all of it
    repo.commit("Fix the chunker on big-endian")
    main = repo.git("rev-parse", "HEAD").strip()
    repo.commit("Validate the lock file (#12952)")
    ported = repo.git("rev-parse", "HEAD").strip()
    repo.branch("1.4-maint", main)
    repo.commit("Fix the chunker on big-endian")  # backported: the same subject
    # composer/composer: a port is its own pull request, its subject the same but the number
    repo.commit("Validate the lock file (#12953)")
    repo.commit(f"Backport {ported[:9]}: validate the lock file on install")
    fixed = repo.commit("repository: do not crash on missing segment files")
    repo.commit("Release 1.4.2")
    repo.commit(f"Fix a leak\n\n(cherry picked from commit {main})")
    repo.commit("Tidy the maint CI", author=BOB)
    repo.branch("feature/old", "main")  # no maintenance branch
    repo.commit("Try a new index")
    repo.branch("release-docs-check", "main")  # nor a topic that names a release
    repo.commit("Check the release docs")
    repo.checkout("main")

    result = run_cli("brag", "--repo", repo.path, *YEAR, "--format", "json")

    assert result.exit_code == 0, result.output
    assert (f"{repo.path}: 2 commits since 2026-01-01 are yours on maintenance branches HEAD "
            "does not reach (1.4-maint: 2), which this run does not read") in result.stderr
    # ... and the advice says a run on the branch counts its copies of HEAD's work again
    assert "that document also counts again the work the branch copied from this one" \
        in result.stderr
    assert fixed not in result.stdout  # still not read


def test_the_persons_commits_on_a_development_line_head_does_not_reach_are_pointed_out(
    repo: GitRepo, run_cli: Cli
) -> None:
    # vuejs/core: its maintainer landed 751 commits of a year on `minor` (Vue 3.6 and its
    # pre-releases); the document read `main` alone and said so nowhere
    repo.commit("Fix the scheduler")
    repo.branch("minor", "main")
    repo.commit("feat(vapor): hydration")
    repo.commit("perf(hydration): static template fast path")
    repo.branch("feat/next", "main")  # a topic named like a line is none
    repo.commit("Try the next parser")
    # mswjs/msw: the next major's line, named for its version beside a 2.x HEAD, was
    # called a maintenance branch
    repo.branch("feat/3.0", "main")
    repo.commit("feat: drop the legacy interceptors")
    repo.checkout("main")

    result = run_cli("brag", "--repo", repo.path, *YEAR, "--format", "json")

    assert result.exit_code == 0, result.output
    assert (f"{repo.path}: 3 commits since 2026-01-01 are yours on long-lived branches "
            "HEAD does not reach (minor: 2, feat/3.0: 1), which this run does not read"
            ) in result.stderr


def test_a_feature_line_named_for_a_version_is_no_maintenance_branch(
    repo: GitRepo, run_cli: Cli
) -> None:
    # mswjs/msw: "13 commits … are yours on maintenance branches HEAD does not reach
    # (origin/feat/3.0: 13)": the next major's line, beside a 2.x HEAD
    repo.commit("Fix the handler order")
    repo.branch("feat/3.0", "main")
    repo.commit("feat: drop the legacy interceptors")
    repo.checkout("main")
    repo.commit("Fix the worker's scope")
    # ... not a topic named by its issue
    repo.branch("feature/1234", "main")
    repo.commit("Try the new interceptor")
    # ... and main merged into it: no work of the branch's
    repo.checkout("feat/3.0")
    repo.git("merge", "-q", "--no-ff", "main", "-m", "Merge branch 'main' into feat/3.0")
    repo.checkout("main")

    result = run_cli("brag", "--repo", repo.path, *YEAR, "--format", "json")

    assert result.exit_code == 0, result.output
    assert (f"{repo.path}: 1 commit since 2026-01-01 is yours on long-lived branches "
            "HEAD does not reach (feat/3.0: 1)") in result.stderr


def test_a_pull_request_merged_into_a_squashed_branch_makes_no_co_author(
    repo: GitRepo, run_cli: Cli
) -> None:
    # google/gson: "Add type adapters for `java.time` classes" pulled main into its branch;
    # GitHub's squash listed two pull requests of main and copied their co-authors into its
    # trailers, and a one-line comment fix of Marcono1234's made him co-author of 884 lines
    repo.commit("Fix outdated comment (#54)", author=BOB)
    repo.commit("refactor: optimize the constructor (#50)\n\n"
                "Co-authored-by: Bob Roe <bob@example.com>", author=("Carol Poe", "carol@x.org"))
    repo.commit("Add type adapters for java.time (#48)\n\n* Add type adapters\n\n"
                "* refactor: optimize the constructor (#50)\n\n* Update comments\n\n"
                "Co-authored-by: Bob Roe <bob@example.com>\n\n* Fix outdated comment (#54)\n\n"
                "* Fix lint errors.\n\n---------\n\n"
                "Co-authored-by: Carol Poe <carol@x.org>\n"
                "Co-authored-by: Bob Roe <bob@example.com>")
    # ... whereas one who worked on the branch itself stays its co-author: svelte's
    # maintainer, his review suggestions applied before main was merged in
    repo.commit("Add the zone adapters (#60)\n\n* Add zone adapters\n\n* Fix zone ids\n\n"
                "* Merge main (#59)\n\n---------\n\nCo-authored-by: Bob Roe <bob@example.com>")
    repo.commit("Check the zone keys (#61)\n\n* Check the zone keys\n\n* Update zones.java\n\n"
                "Co-authored-by: Bob Roe <bob@example.com>\n\n* Fix outdated comment (#54)\n\n"
                "* more checks\n\n---------\n\nCo-authored-by: Bob Roe <bob@example.com>")

    got = roles(run_cli, repo, "bob@example.com")

    assert got == {"pr:acme/widgets#54": ["author"], "pr:acme/widgets#50": ["co_author"],
                   "pr:acme/widgets#60": ["co_author"], "pr:acme/widgets#61": ["co_author"]}


def test_a_squash_that_kept_the_merges_subject_names_no_merger(
    repo: GitRepo, run_cli: Cli
) -> None:
    # usebruno/bruno: "Merge pull request #4279 from naman-bruno/feat/apikey-codegen", one
    # parent, committed by GitHub, read "author, merger": who pressed the button is unknown
    repo.commit("Merge pull request #4279 from alice/apikey-codegen\n\n"
                "Add API key auth in the code generator", committer=("GitHub", "noreply@github.com"))
    # ... and one a maintainer applied by hand was landed by them
    repo.commit("Merge pull request #4280 from bob/fix-proxy\n\nFix the proxy settings",
                author=BOB, committer=ALICE)

    assert roles(run_cli, repo, "alice@example.com") == {"pr:acme/widgets#4279": ["author"]}
    bob = evidence_of(repo, "bob@example.com")["Fix the proxy settings"]
    assert [(a.role, a.name) for a in bob.actors] == [("author", "Bob Roe"),
                                                      ("merger", "Alice Doe")]


def test_whoever_merged_a_branch_by_hand_landed_its_commits(
    repo: GitRepo, run_cli: Cli
) -> None:
    # git/git: its maintainer lands every topic by "Merge branch 'ps/reftable-fix'" on
    # master; his document showed 19 of the 1,797 commits of others he landed in a year
    feature_branch(repo, "bo/fix", ("reftable: fix a leak", BOB), ("reftable: test it", BOB))
    repo.merge("bo/fix", "Merge branch 'bo/fix'", merger=ALICE)
    feature_branch(repo, "al/docs", ("Document the leak", ALICE))
    repo.merge("al/docs", "Merge branch 'al/docs'", merger=ALICE)  # her own: no merger
    # htop: a topic pulled from a contributor's fork, written in 2025, landed in the period
    repo.checkout("main")
    repo.branch("tab-bounds")
    repo.commit("Check the tab bounds", author=BOB, date="2025-05-02T10:00:00+00:00")
    repo.merge("tab-bounds", "Merge branch 'tab-bounds' of bob/widgets-1", merger=ALICE)
    # psycopg: its maintainer's PostgreSQL 18 support, written in May, merged by him in
    # the period, was in no document
    repo.checkout("main")
    repo.branch("pg18")
    repo.commit("Support the protocol of PostgreSQL 18", date="2025-05-11T10:00:00+00:00")
    repo.merge("pg18", "Merge branch 'pg18'", merger=ALICE)
    def bobs_merged_by_alice(branch: str, title: str, message: str) -> None:
        feature_branch(repo, branch, (title, BOB))
        repo.merge(branch, message, merger=ALICE)

    # sqlalchemy/alembic: Gerrit merges a change for the maintainer who submitted it
    bobs_merged_by_alice("gerrit", "Detect CHECK constraints",
                         'Merge "Detect CHECK constraints" into main')
    # ... into master, which Gerrit leaves out, and several changes by their Change-Ids
    bobs_merged_by_alice("gerrit2", "Fix the constraint name's type",
                         'Merge "Fix the constraint name\'s type"')
    bobs_merged_by_alice("gerrit3", "Render the SERIAL column",
                         "Merge changes I1a2b3c4d,I5e6f7a8b into main")
    # ... not a merge that only names changes
    bobs_merged_by_alice("upstream", "Sync the vendored parser",
                         "Merge changes upstream into main")
    # git pull's merge of what others pushed, and a long-lived branch brought back
    bobs_merged_by_alice("pulled", "Tidy the parser",
                         "Merge branch 'main' of github.com:acme/widgets")
    bobs_merged_by_alice("maint", "Fix the build on Windows", "Merge branch 'maint'")

    alice = run_cli.brag_json("--repo", repo.path, *YEAR)
    bob = run_cli.brag_json("--repo", repo.path, "--author", "bob@example.com", *YEAR)

    assert sorted((i["title"], i["roles"]) for i in alice["items"]) == [
        ("Check the tab bounds", ["merger"]), ("Detect CHECK constraints", ["merger"]),
        ("Document the leak", ["author"]), ("Fix the constraint name's type", ["merger"]),
        ("Render the SERIAL column", ["merger"]),
        ("Support the protocol of PostgreSQL 18", ["author"]),
        ("reftable: fix a leak", ["merger"]), ("reftable: test it", ["merger"])]
    assert {i["title"]: i for i in alice["items"]}[
        "Support the protocol of PostgreSQL 18"]["date"][:4] == "2026"
    pulled = {i["title"]: i for i in bob["items"]}["Check the tab bounds"]
    assert pulled["date"][:10] == {i["title"]: i for i in alice["items"]}[
        "Check the tab bounds"]["date"][:10] != "2025-05-02"  # when it was merged
    assert {i["title"]: i["roles"] for i in bob["items"]}["reftable: fix a leak"] == ["author"]


# --- changelog fragments ---------------------------------------------------------------------


def evidence_of(repo: GitRepo, author: str = "alice@example.com") -> dict[str, Any]:
    found = iter_git_evidence(
        repo.path, matchers=[Matcher(person_from_ids([author]))],
        period=Period(since=dt.date(2026, 1, 1), until=dt.date(2026, 12, 31)),
        warn=lambda _: None)
    return {item.title: item for item in found}


def test_a_changeset_a_squash_adds_is_read_as_its_description(repo: GitRepo) -> None:
    # withastro/astro: the squash's body lists its commits; what it does is in the changeset
    repo.squash_pr(17260, "Keep component scripts in place", body="* wip\n* tests", files={
        "packages/astro/src/render.ts": "x\n",
        ".changeset/quiet-owls-sing.md": "---\n'astro': patch\n---\n\nFixes a regression "
                                         "where scripts moved out of rendered slots.\n"})
    repo.squash_pr(17261, "Tidy the renderer", files={"packages/astro/src/render.ts": "y\n"})

    items = evidence_of(repo)

    kept = items["Keep component scripts in place"]
    assert kept.body.endswith("Fixes a regression where scripts moved out of rendered slots.")
    assert "'astro': patch" not in kept.body
    assert items["Tidy the renderer"].body == ""


@pytest.mark.parametrize("batch", [1, 200])  # git asked for a few commits at a time
def test_the_changelog_lines_that_cite_a_pull_request_are_its_description(
    repo: GitRepo, monkeypatch: pytest.MonkeyPatch, batch: int
) -> None:
    monkeypatch.setattr(fragments, "_SHOW_BATCH", batch)
    # Textualize/textual: its maintainer merges his own pull requests titled in two words,
    # "WIP Markdown streaming" (587 lines); what they do is in the changelog line that cites
    # the pull request, and the year's largest features showed no competency
    log = "# Changelog\n\n## Unreleased\n\n"
    repo.commit("Start the changelog", files={"CHANGELOG.md": log})
    repo.branch("markdown-stream")
    repo.commit("stream", files={
        "src/markdown.py": "x\n",
        "CHANGELOG.md": log + "### Added\n\n- Added `Markdown.append` to stream documents "
                        "https://github.com/acme/widgets/pull/5950\n"
                        "- Fixed a crash in tables https://github.com/acme/widgets/pull/5949\n"})
    repo.merge_pr(5950, "markdown-stream", "WIP Markdown streaming", merger=ALICE,
                  fork="alice")
    log = repo.path.joinpath("CHANGELOG.md").read_text()
    repo.squash_pr(5960, "Table expand", files={
        "src/table.py": "y\n",
        "CHANGELOG.md": log + "- Added `expand` and `shrink` to tables ([#5960](x/5960))\n"})
    repo.squash_pr(5970, "Release 3.8.0", files={
        "CHANGELOG.md": log + "## 3.8.0\n\n- Added a thing (#5970)\n", "pyproject.toml": "v\n"})

    items = evidence_of(repo)

    # not the other pull request's line; each after the kind its heading names
    assert items["WIP Markdown streaming"].body == (
        "Added: Added `Markdown.append` to stream documents")
    assert items["Table expand"].body == "Added: Added `expand` and `shrink` to tables"
    assert items["Release 3.8.0"].body == ""  # a release gathers others' lines


def test_work_that_landed_loses_the_mark_that_it_was_not_ready(repo: GitRepo) -> None:
    # pallets/click: its merge "WIP: Fix `HelpFormatter.write_usage` producing spurious
    # characters (#3434)"; a manager read it as unfinished work
    repo.squash_pr(3434, "WIP: Fix `write_usage` producing spurious characters",
                   files={"src/click/formatting.py": "x\n"})
    repo.squash_pr(3435, "[WIP] Export to PDF", files={"src/click/pdf.py": "x\n"})
    repo.squash_pr(3436, "Wipe the cache on exit", files={"src/click/cache.py": "x\n"})

    titles = set(evidence_of(repo))

    assert titles == {"Fix `write_usage` producing spurious characters", "Export to PDF",
                      "Wipe the cache on exit"}


def test_a_commits_own_changelog_lines_say_what_it_adds_or_fixes(
    repo: GitRepo, run_cli: Cli
) -> None:
    # ajeetdsouza/zoxide: its maintainer commits to main and files each change in a Keep a
    # Changelog; "pwsh: Use fully qualified names when invoking cmdlets" (users' aliases
    # had taken over Set-Location) and "import should skip excluded directories" showed no
    # competency, their subjects without the words
    head = "# Changelog\n\n## [Unreleased]\n\n### Added\n\n- Older feature.\n\n"
    log = head + "### Fixed\n\n- Older fix.\n"
    repo.commit("Start the changelog", files={"CHANGELOG.md": log})
    log = log.replace("- Older fix.\n", "- Older fix.\n- PowerShell: use fully qualified "
                      "names when invoking cmdlets.\n")
    repo.commit("pwsh: Use fully qualified names when invoking cmdlets",
                files={"templates/powershell.txt": "x\n", "CHANGELOG.md": log})
    log = log.replace("- Older feature.\n", "- Older feature.\n- `import` now skips "
                      "directories matching\n  `$_ZO_EXCLUDE_DIRS`.\n")
    repo.commit("import should skip excluded directories",
                files={"src/cmd/import.rs": "x\n", "CHANGELOG.md": log})
    # an entry only moved is not the change's; nor lines written for others' work, many
    # at once or a changelog edited alone
    moved = log.replace("- Older feature.\n", "").replace("### Fixed\n\n",
                                                           "### Fixed\n\n- Older feature.\n")
    repo.commit("Tidy the importer", files={"src/cmd/import.rs": "y\n", "CHANGELOG.md": moved})
    many = moved + "".join(f"- Fix number {n}.\n" for n in range(4))
    repo.commit("Tidy the shells", files={"src/shell.rs": "y\n", "CHANGELOG.md": many})
    # junegunn/fzf: a release's notes rewritten as prose
    prose = many + "\nThe search now scales with the cores.\n"
    repo.commit("Fix hyperlinks", files={"src/osc8.go": "y\n", "CHANGELOG.md": prose})
    # ... and an entry with its example, under a release's underlined heading
    example = prose + ("\n0.74.0\n------\n\n- Added `result-final` event\n  ```sh\n"
                       "  fzf --bind x\n  ```\n")
    repo.commit("Add result-final event", files={"src/event.go": "y\n",
                                                 "CHANGELOG.md": example})
    # evanw/esbuild: an entry and its own paragraphs, indented after a blank line
    detail = example + ("\n* Lower CSS media query range syntax\n\n    With this release, "
                        "media ranges are lowered.\n\n    ```css\n    @media (a <= b) {}\n"
                        "    ```\n")
    repo.commit("lower css media range syntax", files={"src/css.go": "y\n",
                                                       "CHANGELOG.md": detail})
    repo.commit("Note the fixes", files={"CHANGELOG.md": many + "- Fix the last one.\n"})

    items = evidence_of(repo)
    data = run_cli.brag_json("--repo", repo.path, "--author", "alice@example.com", *YEAR)

    assert items["pwsh: Use fully qualified names when invoking cmdlets"].body == (
        "Fixed: PowerShell: use fully qualified names when invoking cmdlets.")
    assert items["import should skip excluded directories"].body == (
        "Added: `import` now skips directories matching `$_ZO_EXCLUDE_DIRS`.")
    assert items["Tidy the importer"].body == ""
    assert items["Tidy the shells"].body == ""
    assert items["Fix hyperlinks"].body == ""
    assert items["Add result-final event"].body == "Added `result-final` event"
    # (filed under the last heading git's Markdown driver knows: "### Fixed" above)
    assert items["lower css media range syntax"].body.endswith(
        ": Lower CSS media query range syntax")
    assert items["Note the fixes"].body == ""
    claimed = {i["title"]: [c["id"] for c in i["competencies"]] for i in data["items"]}
    assert claimed["pwsh: Use fully qualified names when invoking cmdlets"] == [
        "product-stability"]
    assert "customer-value" in claimed["import should skip excluded directories"]
    assert claimed["Tidy the importer"] == []


def test_changelog_entries_nested_moved_wrapped_or_under_a_dated_heading() -> None:
    # a review of the reading: the sub-entry that cites a pull request is its note; an
    # entry moved over two lines is none; a dated release heading names no kind
    nested = "@@ -3,0 +4,2 @@ ### Fixed\n+- **cli**\n+  - crash on empty input (#7)\n"
    moved = ("@@ -3,2 +0,0 @@ ## Unreleased\n-- moved thing\n-  that wraps\n"
             "@@ -9,0 +8,2 @@ ### Added\n+- moved thing\n+  that wraps\n")
    dated = "@@ -3,0 +4 @@ ## 2026-01-02\n+- Fix the parser crash\n"

    assert fragments._added_lines(nested) == (
        [("Fixed", "- **cli**")], [("Fixed", "  - crash on empty input (#7)")])
    assert fragments._added_lines(moved) == ([], [])
    assert fragments._added_lines(dated) == ([("", "- Fix the parser crash")], [])
    for heading in ("## Version 1.2.0", "## Release 1.2", "## v2", "## June 2025",
                    "## [Unreleased]"):
        assert fragments._section(heading) == "", heading
    assert fragments._section("### \U0001f41b Bug Fixes ##") == "Bug Fixes"
    # the document's title is no kind: sidekiq's "Sidekiq Changes", which git named above
    # an entry under an underlined "HEAD" release heading, opened a fix's title
    assert fragments._section("# Sidekiq Changes") == ""
    # ... while an underlined section names its kind, and an underlined title none
    assert fragments._added_lines("@@ -1,0 +2,4 @@\n+Bug Fixes\n+---------\n+\n+- Fix it\n") \
        == ([("Bug Fixes", "- Fix it")], [])
    assert fragments._added_lines("@@ -1,0 +2,4 @@\n+Changes\n+=======\n+\n+- Fix it\n") \
        == ([("", "- Fix it")], [])
    # ... and its "bump, release" gathers the release's notes: none of them its own
    assert fragments.notes_asked("bump, release", ["Changes.md", "lib/v.rb"], None) is None
    assert fragments.notes_asked("Bump the limit", ["Changes.md", "lib/v.rb"], None)
    sidekiq = "@@ -5,0 +6 @@ # Sidekiq Changes\n+- Restore bulk action buttons [#6833]\n"
    assert fragments._added_lines(sidekiq) == ([("", "- Restore bulk action buttons [#6833]")],
                                               [])
    # a stranger's subject or heading of spaces is read in one pass
    assert fragments.closed_number(" " * 5000 + "x") is None
    assert fragments._section("## a" + " " * 5000 + "b") == "a b"
    assert fragments.closed_number("Closes #6742") == 6742


def test_a_title_that_only_closes_an_issue_takes_its_changelog_entry(
    repo: GitRepo, run_cli: Cli
) -> None:
    # sebastianbergmann/phpunit: its maintainer titles his features and fixes "Closes
    # #6742" and files each in the changelog of its release line; about 95 of them showed
    # no competency and no words
    log = "# Changes in PHPUnit 13.3\n\n## [13.3.0] - 2026-MM-DD\n\n### Added\n\n### Fixed\n"
    repo.commit("Start the changelog", files={"ChangeLog-13.3.md": log})
    log = log.replace("### Added\n", "### Added\n\n* [#6742](https://github.com/acme/widgets/"
                      "pull/6742): Retry failing tests up to N times using `--retry`\n")
    repo.commit("Closes #6742", files={"src/Runner/Retry.php": "x\n", "ChangeLog-13.3.md": log})
    long = ("Deprecation triggered in first-party code is wrongly classified as indirect when "
            "the first-party code is called from third-party code")
    log = log.replace("### Fixed\n", f"### Fixed\n\n* [#6854](https://github.com/acme/widgets/"
                      f"issues/6854): {long}\n")
    repo.commit("Closes #6854", files={"src/Runner/Issues.php": "x\n", "ChangeLog-13.3.md": log})
    repo.commit("Closes #6811", files={"src/Runner/Other.php": "x\n"})  # no entry: as it was
    # ... the entry that cites the issue, not a neighbour's the commit edited too; a title
    # not cut at "e.g."
    log = log.replace("### Added\n", "### Added\n\n* [#6576](https://github.com/acme/widgets/"
                      "issues/6576): `--list-test-ids` CLI option\n* [#6577](https://github."
                      "com/acme/widgets/issues/6577): `--run-test-id` CLI option (e.g. from a "
                      "list). More detail\n")
    repo.commit("Closes #6577", files={"src/TextUI/Run.php": "x\n", "ChangeLog-13.3.md": log})

    items = evidence_of(repo)
    titles = {item.body: item.title for item in items.values()}
    data = run_cli.brag_json("--repo", repo.path, "--author", "alice@example.com", *YEAR)

    assert titles["Added: Retry failing tests up to N times using `--retry`"] == (
        "Added: Retry failing tests up to N times using `--retry` (Closes #6742)")
    cut = titles[f"Fixed: {long}"]
    assert cut.startswith("Fixed: Deprecation triggered in first-party code") and \
        cut.endswith(" … (Closes #6854)") and len(cut) < 140
    assert "Closes #6811" in items
    assert "Added: `--run-test-id` CLI option (e.g. from a list) (Closes #6577)" in items
    claimed = {i["title"]: [c["id"] for c in i["competencies"]] for i in data["items"]}
    assert claimed[cut] == ["product-stability"]
    # a retry the changelog adds is a feature, whatever "retry" says to the rules
    assert "customer-value" in claimed[
        "Added: Retry failing tests up to N times using `--retry` (Closes #6742)"]


def test_a_calens_fragment_says_a_merge_fixes_a_bug(repo: GitRepo, run_cli: Cli) -> None:
    # restic/restic: "Merge pull request #5551 from restic/…" and the PR's title; the kind
    # of change opens the fragment
    repo.branch("fix-passwd")
    repo.commit("key passwd: honour --user", files={
        "cmd/restic/cmd_key_passwd.go": "x\n",
        "changelog/unreleased/issue-5402": "Bugfix: Fix key passwd ignoring --user and "
                                           "--host\n\n`restic key passwd` ignored both.\n\n"
                                           "https://github.com/restic/restic/issues/5402\n"})
    repo.merge_pr(21781, "fix-passwd", "master", merger=ALICE, fork="alice")

    data = run_cli.brag_json("--repo", repo.path, "--author", "alice@example.com", *YEAR)

    merged = next(i for i in data["items"] if i["id"] == "pr:acme/widgets#21781")
    assert [c["id"] for c in merged["competencies"]] == ["product-stability"]


def test_a_merge_titled_by_its_branch_alone_takes_its_fragments_words(repo: GitRepo) -> None:
    # pypa/virtualenv: "Merge pull request #2978 from gaborbernat/2977" read "2977 (branch
    # name)", its maintainer's first highlight; its towncrier fragment in docs/changelog/
    # says what it did, and whom to thank
    repo.branch("2977")
    repo.commit("wip", files={"src/virtualenv/discovery/builtin.py": "x\n"})
    repo.commit("more", files={
        "src/virtualenv/discovery/cache.py": "y\n",
        "docs/changelog/2978.bugfix.rst": "Revert out changes related to the extraction of "
                                          "the discovery module - by :user:`alice`.\n"})
    repo.merge_pr(2978, "2977", "", merger=ALICE, fork="alice")
    repo.branch("fix-sec")
    repo.commit("one", files={"src/virtualenv/util/lock.py": "z\n"})
    repo.commit("two", files={"src/virtualenv/util/path.py": "w\n",
                              "docs/changelog/3013.bugfix.rst": ":pr:`3013`\n"})
    repo.merge_pr(3013, "fix-sec", "", merger=ALICE, fork="alice")

    items = evidence_of(repo)

    title = "Revert out changes related to the extraction of the discovery module"
    assert items[title].body.startswith("Revert out changes")
    assert "fix sec (branch name)" in items  # a fragment too short to be a title


def test_fragments_a_release_or_a_pick_gathers_are_not_its_description(repo: GitRepo) -> None:
    fragments = {f"changelog/unreleased/issue-{n}": f"Bugfix: Fix thing {n}\n" for n in range(5)}
    repo.commit("Patch release cherrypicks", files={
        "changelog/unreleased/issue-9": "Bugfix: Fix the picked thing\n", "a.go": "x\n"})
    repo.commit("Gather the fixes", files={**fragments, "b.go": "x\n"})
    repo.commit("Add the README of the fragments", files={
        "changelog/unreleased/README.md": "One file a change.\n", "c.go": "x\n"})

    items = evidence_of(repo)

    assert items["Patch release cherrypicks"].body == ""
    assert items["Gather the fixes"].body == ""
    assert items["Add the README of the fragments"].body == ""


def test_a_changie_fragment_gives_its_kind_and_body(repo: GitRepo) -> None:
    # hashicorp/terraform's changie fragments: YAML with the kind and the body
    repo.commit("command/show: tidy the renderer", files={
        "internal/command/show.go": "x\n",
        ".changes/unreleased/BUG FIXES-20251209-230000.yaml":
            "kind: BUG FIXES\nbody: 'terraform show: no longer crashes on an empty plan'\n"
            "time: 2025-12-09T23:00:00.000000+00:00\ncustom:\n  Issue: \"38001\"\n"})

    body = evidence_of(repo)["command/show: tidy the renderer"].body

    assert body == "terraform show: no longer crashes on an empty plan\n\nBUG FIXES"


def test_fragments_are_read_as_written_whatever_their_line_ends_or_encoding(
    repo: GitRepo
) -> None:
    # an attack's fragments: Windows line ends around a changeset's front matter, Latin-1
    # bytes, a Markdown fragment with a "body:" line; titles that name a release or a
    # merge in other words
    repo.commit("Fix connection not released on timeout", files={
        "src/pool.go": "x\n",
        ".changeset/a.md": "---\r\n'pool': major\r\n---\r\n\r\nReturns connections.\r\n"})
    (repo.path / "newsfragments").mkdir()
    (repo.path / "newsfragments" / "12.bugfix").write_bytes("Corrige le problème.\n".encode("latin-1"))
    repo.commit("Add merge sort", files={"src/sort.py": "x\n"})
    repo.git("add", "newsfragments/12.bugfix")
    repo.git("commit", "-q", "--amend", "--no-edit")
    repo.commit("Use prepared statements", files={
        "src/db.py": "x\n", "changelog.d/13.md": "Queries are prepared.\n\nbody: kept\n"})

    items = evidence_of(repo)

    assert items["Fix connection not released on timeout"].body == "Returns connections."
    assert items["Add merge sort"].body == "Corrige le problème."
    assert items["Use prepared statements"].body == "Queries are prepared.\n\nbody: kept"


def test_a_partial_clone_that_cannot_read_its_fragments_warns_and_finishes(
    tmp_path: Path, run_cli: Cli
) -> None:
    source = GitRepo(tmp_path / "source")
    source.commit("fix: crash on start", files={
        "a.py": "x = 1\n", ".changeset/b.md": "---\n'a': patch\n---\n\nNo crash.\n"})
    clone = source.partial_clone(tmp_path / "clone")

    result = run_cli("brag", "--offline", "--repo", clone, "--author", "alice@example.com",
                     "--since", "2000-01-01", "--format", "json", "--store", tmp_path / "s.db")

    assert result.exit_code == 0, result.stderr
    assert "the changelog fragments of 1 change(s) were not read" in result.stderr
    assert "fix: crash on start" in result.stdout


def test_a_co_author_line_git_does_not_read_as_a_trailer_still_credits_them(
    repo: GitRepo,
) -> None:
    # git reads trailers in the last paragraph alone, and only when every line is one.
    # biomejs/biome: the squash split its co-authors in two paragraphs, the maintainer's
    # line in the first; encode/django-rest-framework: GitHub's rule right above them.
    repo.squash_pr(9306, "feat(linter): add noNonInteractiveTabIndex", author=BOB, body=(
        "Co-authored-by: autofix-ci[bot] <114827586+autofix-ci[bot]@users.noreply.github.com>\n"
        "Co-authored-by: Alice Doe <alice@example.com>\n\n"
        "Co-authored-by: dyc3 <1808807+dyc3@users.noreply.github.com>"))
    repo.squash_pr(9891, "Fix DictField HTML input", author=BOB, body=(
        "* Fix DictField\n\n* Update fields.py\n\n---------\n"
        "Co-authored-by: Alice Doe <alice@example.com>"))
    # not the person's: a quoted line, another address, a line inside a sentence
    repo.squash_pr(9892, "Tidy the parser", author=BOB, body=(
        "> Co-authored-by: Alice Doe <alice@example.com>\n\n"
        "Thanks to Co-authored-by: Alice Doe <alice@example.com> for the idea\n\n"
        "Co-authored-by: Carol Poe <carol@example.com>\n\nSigned-off-by: Bob Roe <bob@example.com>"))

    found = evidence_of(repo)

    assert [(a.role, a.name) for a in found["feat(linter): add noNonInteractiveTabIndex"].actors] \
        == [("author", "Bob Roe"), ("co_author", "dyc3"), ("co_author", "Alice Doe")]
    assert [(a.role, a.name) for a in found["Fix DictField HTML input"].actors] == [
        ("author", "Bob Roe"), ("co_author", "Alice Doe")]
    assert "Tidy the parser" not in found
    # the same lines by a person's login: named by the noreply address
    login = evidence_of(repo, "@dyc3")
    assert list(login) == ["feat(linter): add noNonInteractiveTabIndex"]


def test_a_co_author_line_left_in_a_squashs_commit_list_credits_them(repo: GitRepo) -> None:
    # dani-garcia/vaultwarden: GitHub kept the squashed commit's Co-authored-by line in its
    # list, and ended the message with Signed-off-by lines only; git reads trailers in the
    # last paragraph alone, so the first highlight read as its maintainer's alone
    repo.squash_pr(6190, "Fix Webauthn/Passkey 2FA migration/validation issues", body=(
        "* Apply Passkey fixes from zUnixorn\n\nApplied SecurityKey to Passkey fixes\n\n"
        "Co-authored-by: zUnixorn <77864446+zUnixorn@users.noreply.github.com>\n\n"
        "* Fix comments\n\n> Co-authored-by: Quoted Person <quoted@example.com>\n\n"
        "* Tidy\n\nCo-authored-by: Alice Doe <alice@example.com>\n\n"
        "---------\n\nSigned-off-by: BlackDex <black.dex@gmail.com>"))

    item = evidence_of(repo)["Fix Webauthn/Passkey 2FA migration/validation issues"]

    assert [(a.role, a.name) for a in item.actors] == [
        ("author", "Alice Doe"), ("co_author", "zUnixorn")]

    # FreshRSS: one co-author twice, once without an address and once by a noreply address
    # whose login is the name ("author with math-gh and maTh")
    repo.squash_pr(6191, "New feature important feeds", body=(
        "* Changelog\n\n---------\n\nCo-authored-by: math-gh <>\n"
        "Co-authored-by: maTh <1645099+math-GH@users.noreply.github.com>\n"
        "Co-authored-by: carol <>"))

    again = evidence_of(repo)["New feature important feeds"]

    assert [(a.role, a.name) for a in again.actors] == [
        ("author", "Alice Doe"), ("co_author", "maTh"), ("co_author", "carol")]

    # ... not a merge's message: withastro/astro's "Merge main into next" lists what it
    # brought in, with their co-authors, its author among them
    merge = Commit("f" * 40, ("a" * 40, "b" * 40), "Alice Doe", "alice@example.com",
                   "Merge main into next", ())
    merge.body = ("* Fix the parser (#6191)\n\nCo-authored-by: Carol Chen <carol@example.com>"
                  "\n\n* c")
    assert [a.role for a in collect_actors(merge, {})] == ["author"]
