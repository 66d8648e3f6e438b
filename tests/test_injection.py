"""Hostile titles, labels, names and bodies go through the whole CLI and render inert.

Checked on the Markdown itself (markdown-it-py): no raw HTML, no foreign links, tables intact.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest

from evidencer.classify.rubric import load_rubric
from tests.conftest import Cli
from tests.support.actionrun import Step, comments_on, seed_pull
from tests.support.github.actions import ActionsGitHub, actions_server_fixture  # noqa: F401
from tests.support.github.fixtures import TEST_TOKEN
from tests.support.github.server import FakeGitHub
from tests.support.gitrepo import GitRepo
from tests.support.history import PERIOD, at
from tests.support.mdcheck import check_document, split_documents
from tests.test_action_inert import assert_inert_comment
from tests.test_mdsafe import linkable_text

MALLORY_NAME = "Mallory <b>|</b> [x](javascript:alert(1)) \u202e**bold**"
MALLORY = (MALLORY_NAME, "mallory@example.com")
HOSTILE_TITLES = [
    "fix: crash | when * the _cart_ is | empty `rm -rf /`",
    "fix: [click me](javascript:alert(1)) on the error page",
    "fix: <img src=x onerror=alert(1)> in previews",
    "fix: thanks @someone and @acme/team for the report",
    "fix: zero\u200bwidth and \u202eright-to-left\u202c and \u2066isolate\u2069 names",
    "fix: ## not a heading <!-- evidencer:end --> and ``` a fence",
    "fix: saves $5 and $10, see #123 and GH-7",
    "fix: <script>alert(1)</script> &amp; &#x3C;b&#x3E; entities",
    "fix: \\| escaped pipe and a trailing backslash \\",
    "fix: ![tracker](https://evil.example/pixel.png) image",
    "fix: <https://evil.example/autolink> and javascript:alert(1)",
    "fix: line\nbreak in a subject? no: body",
]
HOSTILE_LABELS = [
    "customer <img src=x onerror=alert(1)>",
    "bug|*[x](javascript:alert(1))*|",
    "support @everyone",
]
INVISIBLE = re.compile("[\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]")
# A mention GitHub would ping: "@" after no letter or digit, outside a code span.
MENTION = re.compile(r"(?<![A-Za-z0-9`])@[A-Za-z0-9]")
CODE_SPAN = re.compile(r"`[^`\n]*`")
# The template's own headings, and the competency and theme names of the rubric.
BRAG_HEADINGS = {
    "At a glance", "Over time", "Notes", "All evidence", "Maintainer work", "Incidents",
    *(c.name for c in load_rubric().competencies),
    *(name for c in load_rubric().competencies for name in c.themes.values()),
}


@pytest.fixture
def hostile(run_cli: Cli, tmp_path: Path) -> GitRepo:
    repo = GitRepo(tmp_path / "widgets")
    repo.commit("Initial commit", author=("Bob Roe", "bob@example.com"), date=at("2026-01-02"))
    for day, title in enumerate(HOSTILE_TITLES, start=3):
        repo.commit(title, author=MALLORY, date=at(f"2026-01-{day:02d}"),
                    files={f"src/m{day}.py": "x\n", f"tests/test_m{day}.py": "t\n"})
    huge = "Users reported exports timing out; now 3 s instead of 40 s.\n\n" + (
        "<img src=x onerror=alert(1)> @someone | " * 25_000
    )
    assert len(huge) > 1_000_000
    repo.commit(f"fix: the export times out (#77)\n\n{huge}", author=MALLORY,
                date=at("2026-02-01"), files={"src/export.py": "fast\n"},
                committer=("GitHub", "noreply@github.com"))
    return repo


def assert_inert(text: str, *, people: tuple[str, ...] = ()) -> None:
    for document in split_documents(text):
        parsed = check_document(document)
        unexpected = {h for level, h in parsed.headings if level > 1} - BRAG_HEADINGS - {
            "People and competencies", MALLORY_NAME_SEEN, *people,
        }
        assert unexpected == set(), unexpected
    assert not INVISIBLE.search(text)
    assert not MENTION.search(CODE_SPAN.sub("", text)), MENTION.findall(CODE_SPAN.sub("", text))
    assert "<img" not in text and "<script" not in text and "<b>" not in text
    assert len(text) < 200_000  # a 1 MB body does not end up in the document


# How a reader sees the hostile name once escaped and stripped of invisible characters.
MALLORY_NAME_SEEN = "Mallory <b>|</b> [x](javascript:alert(1)) **bold**"


def test_hostile_titles_and_a_hostile_name_render_inert(hostile: GitRepo, run_cli: Cli) -> None:
    result = run_cli("brag", "--offline", "--repo", "widgets", "--store", run_cli.store,
                     *PERIOD, "--author", "mallory@example.com", "--author", MALLORY_NAME)

    assert result.exit_code == 0, result.output
    assert_inert(result.stdout)
    parsed = check_document(result.stdout)
    assert parsed.headings[0] == (1, f"Brag document: {MALLORY_NAME_SEEN}")
    # Every hostile title is there, as text a reader can read.
    assert "[click me](javascript:alert(1)) on the error page" in parsed.text
    # (the author's code span stays one: a reader sees its text as code)
    assert "crash | when * the _cart_ is | empty rm -rf /" in parsed.text
    assert "<img src=x onerror=alert(1)> in previews" in parsed.text
    appendix = parsed.tables[-1]
    assert len(appendix) == 2 + len(HOSTILE_TITLES) + 1


def test_hostile_people_render_inert_in_the_team_view(hostile: GitRepo, run_cli: Cli) -> None:
    result = run_cli("brag", "--offline", "--repo", "widgets", "--store", run_cli.store,
                     *PERIOD, "--per-person", "--author", f"mallory@example.com,{MALLORY_NAME}",
                     "--author", "bob@example.com")

    assert result.exit_code == 0, result.output
    assert_inert(result.stdout, people=("bob@example.com",))  # an email is no mention
    team = check_document(split_documents(result.stdout)[0])
    assert [row[0] for row in team.tables[0][2:]][:1] == [
        r"Mallory &lt;b>\|&lt;/b> \[x\](javascript:alert(1)) \*\*bold\*\*"
    ]


def test_a_redacted_hostile_document_is_still_inert(hostile: GitRepo, run_cli: Cli) -> None:
    result = run_cli("brag", "--offline", "--repo", "widgets", "--store", run_cli.store,
                     *PERIOD, "--author", "mallory@example.com", "--redact")

    assert result.exit_code == 0, result.output
    assert_inert(result.stdout)
    assert "evil.example" not in result.stdout  # URLs in titles go with --redact


def test_hostile_github_titles_and_labels_render_inert(
    hostile: GitRepo, run_cli: Cli, gh_server: FakeGitHub, monkeypatch: pytest.MonkeyPatch
) -> None:
    when = dt.datetime(2026, 3, 2, 10, tzinfo=dt.timezone.utc)
    gh_server.data.add_user("mallory", name=MALLORY_NAME)
    gh_server.data.add_pr("acme/widgets", number=90, title=HOSTILE_TITLES[2], user="alice",
                          created_at=when, merged_at=when, labels=HOSTILE_LABELS,
                          body="Customers asked for it. <img src=x onerror=alert(1)>")
    pr = gh_server.data.add_pr("acme/widgets", number=91, title=HOSTILE_TITLES[1],
                               user="mallory", created_at=when, merged_at=when,
                               labels=HOSTILE_LABELS)
    gh_server.data.add_review(pr, user="alice", state="CHANGES_REQUESTED", submitted_at=when,
                              body="@someone <script>alert(1)</script>")
    monkeypatch.setenv("GITHUB_TOKEN", TEST_TOKEN)
    monkeypatch.setenv("GITHUB_API_URL", gh_server.api_url)

    result = run_cli("brag", "--repo", "widgets", "--store", run_cli.store, *PERIOD,
                     "--author", "alice@example.com")

    assert result.exit_code == 0, result.output
    assert_inert(result.stdout)
    parsed = check_document(result.stdout)
    assert "fix: <img src=x onerror=alert(1)> in previews" in parsed.text
    assert TEST_TOKEN not in result.output


# Valid git branch names that are hostile text: a merge of several commits with no
# title line is titled by its branch name.
HOSTILE_BRANCHES = [
    "<script>alert(1)</script>",
    "@everyone",
    "x|y|z",
    "\u202etxt.exe",
    "zero\u200bwidth",
    "<img_src=x_onerror=alert(1)>",
    "`rm`&amp;<b>y",
]
MEGA_SUBJECT = "fix: " + "<b>@someone</b> | [x](javascript:alert(1)) \u202e " * 23_000


def test_branch_names_and_a_1mb_subject_render_inert(run_cli: Cli, tmp_path: Path) -> None:
    repo = GitRepo(tmp_path / "widgets")
    repo.commit("Initial commit", author=("Bob Roe", "bob@example.com"), date=at("2026-01-02"))
    for day, branch in enumerate(HOSTILE_BRANCHES, start=3):
        repo.branch(branch)
        repo.commit(f"Work {day}", author=MALLORY, date=at(f"2026-01-{day:02d}"),
                    files={f"src/b{day}.py": "x\n"})
        repo.commit(f"More work {day}", author=MALLORY, date=at(f"2026-01-{day:02d}", 11),
                    files={f"src/c{day}.py": "x\n"})
        repo.merge_pr(day, branch, "", date=at(f"2026-01-{day:02d}", 12))
    assert len(MEGA_SUBJECT) > 1_000_000
    repo.commit(MEGA_SUBJECT, author=MALLORY, date=at("2026-02-01"), files={"src/m.py": "m\n"})

    result = run_cli("brag", "--offline", "--repo", "widgets", "--store", run_cli.store,
                     *PERIOD, "--author", "mallory@example.com")

    assert result.exit_code == 0, result.output
    assert_inert(result.stdout)
    parsed = check_document(result.stdout)
    assert "<script>alert(1)</script> (branch name)" in parsed.text  # shown as text, not run
    assert "x|y|z (branch name)" in parsed.text
    team = run_cli("report", "--repo", "widgets", "--store", run_cli.store, *PERIOD,
                   "--per-person", "--author", f"mallory@example.com,{MALLORY_NAME}",
                   "--author", "bob@example.com")
    assert team.exit_code == 0, team.output
    assert_inert(team.stdout, people=("bob@example.com",))


def test_hostile_github_bodies_labels_and_reporters_render_inert_everywhere(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, actions_server: ActionsGitHub
) -> None:
    """Through the API: into the brag document, the team view and the PR comment."""
    when = dt.datetime(2026, 3, 2, 10, tzinfo=dt.timezone.utc)
    data = actions_server.data
    huge = "Customers asked for it @everyone <script>x</script> \u200b\u202e | " * 20_000
    assert len(huge) > 1_000_000
    seed_pull(actions_server, title=HOSTILE_TITLES[1], body=f"Fixes #3\n\n{huge}",
              labels=tuple(HOSTILE_LABELS))
    data.repos["acme/widgets"].issues[3].title = HOSTILE_TITLES[4]
    data.repos["acme/widgets"].issues[3].user = "mallory"
    pr = data.add_pr("acme/widgets", number=20, title=HOSTILE_TITLES[7], user="alice",
                     created_at=when, merged_at=when, labels=HOSTILE_LABELS, body=huge)
    data.add_review(pr, user="alice", state="APPROVED", submitted_at=when, body=huge[:5000])
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("GITHUB_TOKEN", TEST_TOKEN)
    monkeypatch.setenv("GITHUB_API_URL", actions_server.api_url)
    repo = GitRepo(tmp_path / "widgets")
    repo.commit("fix: retry uploads", date=at("2026-03-01"))
    run_cli = Cli(tmp_path / "store.sqlite3")

    brag = run_cli("brag", "--repo", "widgets", "--store", run_cli.store, *PERIOD,
                   "--author", "alice@example.com,alice")
    assert brag.exit_code == 0, brag.output
    assert_inert(brag.stdout)
    team = run_cli("report", "--repo", "widgets", "--store", run_cli.store, *PERIOD,
                   "--per-person", "--author", "alice@example.com,alice",
                   "--author", "bob@example.com")
    assert team.exit_code == 0, team.output
    assert_inert(team.stdout, people=("alice", "bob@example.com"))

    step = Step(tmp_path, actions_server)
    comment = step.run()
    assert comment.exit_code == 0, comment.output
    (body,) = comments_on(actions_server)
    pr_url = f"{actions_server.root}/acme/widgets/pull/12"
    assert_inert_comment(body, pr_url=pr_url)
    assert not INVISIBLE.search(body)
    assert not MENTION.search(linkable_text(body))
    assert len(body) < 10_000
    assert_inert_comment(step.summary.read_text(encoding="utf-8"), pr_url=pr_url)
