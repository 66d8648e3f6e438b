"""`evidencer brag` end to end with a token: git history and the GitHub test server.

The squash commit of a PR and the PR from the API are one item carrying both sources.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from evidencer.cli.main import cli
from tests.support.github.data import ChangedFile
from tests.support.github.fixtures import TEST_TOKEN
from tests.support.github.server import FakeGitHub, Fault
from tests.support.gitrepo import GitRepo, land_by_closing

WHEN = dt.datetime(2026, 3, 2, 10, 0, tzinfo=dt.timezone.utc)


def _brag(repo: GitRepo, server: FakeGitHub, *extra: str, token: str | None = TEST_TOKEN):
    env = {"GITHUB_API_URL": server.api_url}
    if token:
        env["GITHUB_TOKEN"] = token
    return CliRunner().invoke(cli, [
        "brag", "--repo", str(repo.path), "--since", "2026-01-01", "--until", "2026-06-30",
        "--store", str(repo.path.parent / "store.sqlite3"), "--author", "alice@example.com",
        "--format", "json", *extra,
    ], env=env)


@pytest.mark.parametrize("name", ["acme/widgets", "ACME/Widgets"])
def test_squash_commit_and_its_github_pr_are_one_item_with_labels(
    repo: GitRepo, gh_server: FakeGitHub, name: str
) -> None:
    """Whatever the origin's spelling: GitHub finds ACME/Widgets as acme/widgets and
    answers in its own, and the squash commit and the pull request stay one item."""
    repo.git("remote", "set-url", "origin", f"https://github.com/{name}.git")
    repo.commit("Retry uploads when S3 times out (#12)", files={"src/upload.py": "retry\n"},
                date="2026-03-02T10:00:00+00:00")
    gh_server.data.add_pr("acme/widgets", number=12, title="Retry uploads when S3 times out",
                          user="alice", created_at=WHEN, merged_at=WHEN, labels=["bug"])
    result = _brag(repo, gh_server)
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert [i["id"] for i in report["items"]] == [f"pr:{name}#12"]
    prs = report["items"]
    assert prs[0]["labels"] == ["bug"]
    assert prs[0]["paths"] == ["src/upload.py"]
    assert "alice" in report["person"]["logins"]
    assert TEST_TOKEN not in result.output


def test_without_a_token_the_document_says_github_was_not_read(
    repo: GitRepo, gh_server: FakeGitHub
) -> None:
    repo.commit("fix: retry uploads", date="2026-03-02T10:00:00+00:00")
    result = CliRunner().invoke(cli, [
        "brag", "--repo", str(repo.path), "--since", "2026-01-01", "--until", "2026-06-30",
        "--store", str(repo.path.parent / "store.sqlite3"), "--author", "alice@example.com",
    ], env={"GITHUB_API_URL": gh_server.api_url})
    assert result.exit_code == 0, result.output
    assert "github (not read: no token" in result.stdout
    assert gh_server.log == []


def test_bad_credentials_give_one_line_and_keep_the_git_evidence(
    repo: GitRepo, gh_server: FakeGitHub
) -> None:
    repo.commit("fix: retry uploads", date="2026-03-02T10:00:00+00:00")
    result = _brag(repo, gh_server, token="ghp_wrongTOKEN0000000000000000000000000")
    assert result.exit_code == 1
    assert result.stderr.startswith("evidencer: error: ")
    assert len(result.stderr.strip().splitlines()) == 1
    assert "ghp_wrongTOKEN" not in result.stderr
    again = CliRunner().invoke(cli, [
        "report", "--repo", str(repo.path), "--since", "2026-01-01", "--until", "2026-06-30",
        "--store", str(repo.path.parent / "store.sqlite3"), "--author", "alice@example.com",
        "--format", "json",
    ])
    assert again.exit_code == 0, again.output
    assert [i["title"] for i in json.loads(again.stdout)["items"]] == ["fix: retry uploads"]


def test_a_pull_request_made_again_for_a_release_branch_is_one_item(
    repo: GitRepo, gh_server: FakeGitHub
) -> None:
    # traefik: one pull request a branch, the same title, minutes apart
    title = "Fix deny encoded characters"
    for number, minutes, files in ((20, 0, [ChangedFile("pkg/encoding.go", 60, 10)]),
                                   (21, 25, [ChangedFile("pkg/encoding.go", 55, 12),
                                             ChangedFile("docs/v2/options.md", 2)])):
        when = WHEN + dt.timedelta(minutes=minutes)
        gh_server.data.add_pr("acme/widgets", number=number, title=f"[v2.11] {title}"
                              if number == 21 else title, user="alice", created_at=when,
                              merged_at=when, files=files)

    result = _brag(repo, gh_server)

    assert result.exit_code == 0, result.output
    items = json.loads(result.stdout)["items"]
    [fix] = [i for i in items if title in i["title"]]
    assert (fix["id"], fix["also"]) == ("pr:acme/widgets#20", ["pr:acme/widgets#21"])


def test_a_pull_request_not_merged_is_listed_but_earns_no_shipped_credit(
    repo: GitRepo, gh_server: FakeGitHub
) -> None:
    repo.commit("chore: init", date="2026-01-05T10:00:00+00:00")
    gh_server.data.add_pr("acme/widgets", number=40, user="alice", created_at=WHEN,
                          title="Make export 10x faster for large accounts")
    gh_server.data.add_pr("acme/widgets", number=41, user="alice", created_at=WHEN, draft=True,
                          title="Cut search latency from 2 s to 200 ms")
    gh_server.data.add_pr("acme/widgets", number=42, user="alice", created_at=WHEN,
                          merged_at=WHEN, title="Speed up CSV export for large accounts")
    report = json.loads(_brag(repo, gh_server).stdout)
    by_id = {i["id"]: i for i in report["items"]}
    assert [by_id[f"pr:acme/widgets#{n}"]["unmerged"] for n in (40, 41, 42)] == [
        "open", "open", None]
    assert report["highlights"] == ["pr:acme/widgets#42"]
    assert all(not by_id[f"pr:acme/widgets#{n}"]["level"] for n in (40, 41))

    document = _brag(repo, gh_server, "--format", "markdown").stdout
    glance = next(line for line in document.splitlines()
                  if line.startswith("**[Customer Value]"))
    assert "2 not merged yet" in glance
    assert "10x" not in glance and "200 ms" not in glance  # no outcome of unshipped work
    assert "still open (a draft): not shipped, so it earns no credit here yet" in document
    assert "(open, not merged yet) |" in document


def test_without_author_or_git_identity_the_tokens_login_says_whose_work(
    repo: GitRepo, gh_server: FakeGitHub, tmp_path: Path
) -> None:
    repo.commit("chore: init", date="2026-01-05T10:00:00+00:00")
    repo.git("config", "--unset", "user.email")
    repo.git("config", "--unset", "user.name")
    gh_server.data.add_pr("acme/widgets", number=12, title="Retry uploads when S3 times out",
                          user="alice", created_at=WHEN, merged_at=WHEN, labels=["bug"])
    home = tmp_path / "home"
    home.mkdir()
    result = CliRunner().invoke(cli, [
        "brag", "--repo", str(repo.path), "--since", "2026-01-01", "--until", "2026-06-30",
        "--store", str(tmp_path / "store.sqlite3"), "--format", "json",
    ], env={"GITHUB_API_URL": gh_server.api_url, "GITHUB_TOKEN": TEST_TOKEN,
            "HOME": str(home), "XDG_CONFIG_HOME": str(home), "GIT_CONFIG_NOSYSTEM": "1"})
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert report["person"]["logins"] == ["alice"]
    assert [i["id"] for i in report["items"]] == ["pr:acme/widgets#12"]


def test_the_sources_line_says_a_rerun_read_only_what_changed(
    repo: GitRepo, gh_server: FakeGitHub
) -> None:
    recent = dt.datetime.now(dt.timezone.utc) - dt.timedelta(days=5)
    repo.commit("chore: init", date=recent.isoformat())
    gh_server.data.add_pr("acme/widgets", number=12, title="Retry uploads when S3 times out",
                          user="alice", created_at=recent, merged_at=recent, labels=["bug"])

    def sources() -> str:
        result = CliRunner().invoke(cli, [
            "brag", "--repo", str(repo.path), "--since", "30d", "--author", "alice@example.com",
            "--store", str(repo.path.parent / "store.sqlite3"),
        ], env={"GITHUB_API_URL": gh_server.api_url, "GITHUB_TOKEN": TEST_TOKEN})
        assert result.exit_code == 0, result.output
        assert "Retry uploads when S3 times out" in result.stdout
        return next(line for line in result.stdout.splitlines() if line.startswith("Sources:"))

    assert "github (acme/widgets (1 item read))" in sources()
    assert "github (acme/widgets (0 items new or changed since the last run))" in sources()


def test_a_repository_renamed_on_github_says_its_new_name_not_to_check_the_login(
    tmp_path: Path, gh_server: FakeGitHub
) -> None:
    """GitHub redirects a renamed repository's old name, but search refuses it: the run
    says the new name instead of blaming --author."""
    repo = GitRepo(tmp_path / "widgets", remote="https://github.com/acme/old-widgets.git")
    repo.commit("Retry uploads when S3 times out (#12)", date="2026-03-02T10:00:00+00:00")
    gh_server.data.add_pr("acme/widgets", number=12, title="Retry uploads when S3 times out",
                          user="alice", created_at=WHEN, merged_at=WHEN)
    gh_server.add_fault(Fault("raw", times=5, path=r"^/repos/acme/old-widgets$", status=301,
                              message="", headers={"Location": f"{gh_server.api_url.rstrip('/')}"
                                                   "/repos/acme/widgets"}))
    result = _brag(repo, gh_server)
    assert result.exit_code == 1
    assert result.stderr == (
        "evidencer: error: acme/old-widgets is now acme/widgets on GitHub (renamed or moved), "
        "and search knows only the new name; pass --github acme/widgets, or point the "
        "clone's origin at it (git remote set-url origin URL)\n")


def _landed_by_a_push(repo: GitRepo, server: FakeGitHub, trailers: str, *,
                      include_closed: bool) -> Path:
    """A curl-like history whose last commit lands pull request #320 by a push (GitHub
    marks it closed), and a config file asking for closed pull requests or not."""
    land_by_closing(repo, 100, 50)
    repo.commit(f"tool: fix the crash on an empty config\n\n{trailers}",
                files={"src/tool.c": "fix\n" * 30}, date="2026-03-02T10:00:00+00:00")
    server.data.add_pr("acme/widgets", number=320, user="alice", created_at=WHEN,
                       title="tool: fix the crash on an empty config", body="It crashed.",
                       state="closed", closed_at=WHEN + dt.timedelta(hours=1))
    config = repo.path.parent / "evidencer.yml"
    config.write_text(f"include_closed: {str(include_closed).lower()}\n")
    return config


def test_a_pull_request_git_saw_land_stays_merged_when_github_says_closed(
    repo: GitRepo, gh_server: FakeGitHub
) -> None:
    # curl lands a pull request by pushing its commits, "Closes #N" at the end: GitHub
    # marks it closed, not merged. With --include-closed GitHub's sighting, read last,
    # made every one of them "closed without merging" and took its issues closed away.
    config = _landed_by_a_push(repo, gh_server, "Fixes #90\nCloses #320", include_closed=True)
    result = _brag(repo, gh_server, "--config", str(config))
    assert result.exit_code == 0, result.output
    (item,) = (i for i in json.loads(result.stdout)["items"] if i["id"] == "pr:acme/widgets#320")
    assert item["unmerged"] is None
    assert [c["id"] for c in item["competencies"]] == ["product-stability"]
    again = _brag(repo, gh_server, "--config", str(config), "--format", "markdown")
    assert again.exit_code == 0, again.output  # read again over the stored sighting
    assert "closed without merging" not in again.stdout
    assert "tool: fix the crash on an empty config" in again.stdout


def _closed_issue(server: FakeGitHub, number: int, *, state: str = "closed") -> None:
    server.data.add_issue("acme/widgets", number=number, title=f"Bug {number}", user="carol",
                          created_at=WHEN - dt.timedelta(days=5), state=state,
                          closed_at=WHEN if state == "closed" else None)


def test_a_pull_request_seen_open_then_landed_by_a_push_reads_merged(
    repo: GitRepo, gh_server: FakeGitHub
) -> None:
    # The first run stored it open from GitHub; then its commit was pushed and GitHub
    # closed it: git's merged sighting met the stored open one, and the rerun read
    # "closed without merging" with merged_at set beside it.
    land_by_closing(repo, 100, 50)
    pr = gh_server.data.add_pr("acme/widgets", number=320, user="alice", created_at=WHEN,
                               title="tool: fix the crash on an empty config", body="It crashed.")
    assert _brag(repo, gh_server).exit_code == 0
    repo.commit("tool: fix the crash on an empty config\n\nCloses #320",
                files={"src/tool.c": "fix\n" * 30}, date="2026-03-05T10:00:00+00:00")
    pr.state, pr.closed_at = "closed", dt.datetime(2026, 3, 5, 10, 5, tzinfo=dt.timezone.utc)
    pr.updated_at = dt.datetime.now(dt.timezone.utc)
    result = _brag(repo, gh_server, "--format", "markdown")
    assert result.exit_code == 0, result.output
    assert "closed without merging" not in result.stdout
    assert "tool: fix the crash on an empty config" in result.stdout


@pytest.mark.parametrize("include_closed", [False, True])
def test_what_a_pull_request_landed_by_a_push_closed_is_read_from_github(
    repo: GitRepo, gh_server: FakeGitHub, include_closed: bool
) -> None:
    # curl's commits name the issue they fix and their pull request: "Fixes #99999" closed
    # nothing, and with include_closed GitHub's closed sighting took #90 away
    _closed_issue(gh_server, 90)
    config = _landed_by_a_push(repo, gh_server, "Fixes #90\nFixes #99999\nCloses #320",
                               include_closed=include_closed)
    result = _brag(repo, gh_server, "--config", str(config), "--format", "markdown")
    assert result.exit_code == 0, result.output
    assert "closes a reported issue ([#90]" in result.stdout
    assert "99999" not in result.stdout


def test_the_run_that_reads_pushed_commits_issues_shows_what_it_read(
    repo: GitRepo, gh_server: FakeGitHub
) -> None:
    # The issues were read and stored after the searches stored nothing new: the document
    # was rendered from the classifications before, "Fixes #99999" and all.
    _closed_issue(gh_server, 5)
    repo.commit("fix: the upload crash\n\nFixes #5", date="2026-03-02T10:00:00+00:00")
    assert _brag(repo, gh_server, "--author", "alice").exit_code == 0
    repo.commit("fix: the login page crash\n\nFixes #99999", date="2026-03-03T10:00:00+00:00")
    _closes_only_5(_brag(repo, gh_server, "--author", "alice", "--format", "markdown"))


def test_an_organisation_scope_reads_its_pushed_commits_issues(
    repo: GitRepo, gh_server: FakeGitHub
) -> None:
    _closed_issue(gh_server, 5)
    repo.commit("fix: the upload crash\n\nFixes #5\nFixes #99999", date="2026-03-02T10:00:00+00:00")
    _closes_only_5(_brag(repo, gh_server, "--github-org", "acme", "--format", "markdown"))


def _closes_only_5(result: Result) -> None:
    """The document claims issue #5 closed and not #99999, which GitHub does not have."""
    assert result.exit_code == 0, result.output
    assert "closes a reported issue ([#5]" in result.stdout
    assert "99999" not in result.stdout


def _reported(server: FakeGitHub, number: int, *, user: str = "carol",
              association: str = "NONE") -> None:
    server.data.add_issue("acme/widgets", number=number, title=f"Report {number}", user=user,
                          created_at=WHEN - dt.timedelta(days=5), state="closed",
                          closed_at=WHEN, author_association=association)


def _claims(result: Result, *, key: str = "id") -> dict[str, dict[str, list[str]]]:
    """Each item's competencies, with their reasons, by the item's ``key``."""
    assert result.exit_code == 0, result.output
    return {i[key]: {c["id"]: c["reasons"] for c in i["competencies"]}
            for i in json.loads(result.stdout)["items"]}


@pytest.mark.parametrize("graphql", [False, True])
def test_a_fix_for_what_a_user_outside_the_team_reported_shows_customer_empathy(
    repo: GitRepo, gh_server: FakeGitHub, graphql: bool
) -> None:
    # DESIGN.md: empathy is "fixing what users reported (issues opened by people outside
    # the team)"; the PR bot credited it, and the brag document did not.
    gh_server.graphql = graphql
    for number, user, association in ((3, "carol", "NONE"), (4, "carol", "NONE"),
                                      (5, "alice", "CONTRIBUTOR"), (6, "bob", "MEMBER")):
        _reported(gh_server, number, user=user, association=association)
    for number, title, closes in ((12, "Keep uploads going on slow links", 3),
                                  (13, "Add CSV export", 4),  # a feature a user asked for
                                  (14, "Keep exports going on slow links", 5),  # her own
                                  (15, "Keep imports going on slow links", 6)):  # the team's
        gh_server.data.add_pr("acme/widgets", number=number, title=title, user="alice",
                              created_at=WHEN, merged_at=WHEN, body=f"Fixes #{closes}",
                              files=[ChangedFile("src/upload.py", 20, 4)])

    claims = _claims(_brag(repo, gh_server))

    assert claims["pr:acme/widgets#12"]["customer-empathy"][0] == (
        "fixes acme/widgets#3, reported by a user outside the team")
    for number in (13, 14, 15):
        assert "customer-empathy" not in claims[f"pr:acme/widgets#{number}"]


def test_a_pushed_fix_for_what_a_user_reported_shows_customer_empathy(
    repo: GitRepo, gh_server: FakeGitHub
) -> None:
    _reported(gh_server, 5)
    _reported(gh_server, 6, user="alice")
    repo.commit("fix: the upload crash\n\nFixes #5", date="2026-03-02T10:00:00+00:00")
    repo.commit("fix: the login crash\n\nFixes #6", date="2026-03-03T10:00:00+00:00")

    claims = _claims(_brag(repo, gh_server, "--author", "alice"), key="title")

    assert claims["fix: the upload crash"]["customer-empathy"][0] == (
        "fixes acme/widgets#5, reported by a user outside the team")
    assert "customer-empathy" not in claims["fix: the login crash"]  # she opened #6


@pytest.mark.parametrize(("origin", "offline", "said"), [
    ("https://github.com/acme/widgets.git", True, True),
    # nothing on GitHub to read: GitHub will never say who opened a GitLab issue
    ("https://gitlab.com/acme/widgets.git", False, False),
])
def test_offline_the_document_says_which_closed_issues_it_could_not_judge(
    repo: GitRepo, gh_server: FakeGitHub, origin: str, offline: bool, said: bool
) -> None:
    repo.git("remote", "set-url", "origin", origin)
    repo.commit("fix: the upload crash\n\nFixes #12", date="2026-03-02T10:00:00+00:00")
    result = _brag(repo, gh_server, "--format", "markdown", *(["--offline"] if offline else []))
    assert result.exit_code == 0, result.output
    assert ("GitHub says who opened" in result.stdout) is said
    if said:
        # ("more" only beneath work of one's own the section lists: here it lists none)
        assert "None of your own work in this period shows it.\n\n1 change of yours closes " \
            "an issue. If a user outside the team opened it, that fix shows Customer Empathy " \
            "too" in result.stdout
