"""Golden brag documents and team views for a realistic history, and their Markdown structure.

Regenerate after an intended change: ``EVIDENCER_UPDATE_GOLDEN=1 python -m pytest tests/test_golden_documents.py``.
"""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import pytest

from tests.conftest import Cli
from tests.support.github.fixtures import TEST_TOKEN
from tests.support.github.server import FakeGitHub
from tests.support.gitrepo import GitRepo
from tests.support.history import PERIOD, build_history
from tests.support.mdcheck import check_document

GOLDEN = Path(__file__).parent / "golden"
UPDATE = os.environ.get("EVIDENCER_UPDATE_GOLDEN") == "1"
ALICE_IDS = ("--author", "Alice Doe", "--author", "alice@example.com")
UTC = dt.timezone.utc


def assert_golden(name: str, text: str) -> None:
    path = GOLDEN / name
    if UPDATE:
        path.parent.mkdir(exist_ok=True)
        path.write_text(text, encoding="utf-8", newline="\n")
        return
    assert path.is_file(), f"no golden file {path}; run with EVIDENCER_UPDATE_GOLDEN=1"
    expected = path.read_text(encoding="utf-8")
    assert text == expected, (
        f"{name} differs from its golden file; if the change is intended, regenerate with "
        "EVIDENCER_UPDATE_GOLDEN=1 python -m pytest tests/test_golden_documents.py"
    )


@pytest.fixture
def history(run_cli: Cli, tmp_path: Path) -> GitRepo:
    """Built under tmp_path (the working directory), read as ``--repo widgets``."""
    return build_history(tmp_path / "widgets")


def brag(run_cli: Cli, *args: str) -> str:
    result = run_cli("brag", "--offline", "--repo", "widgets", "--store", run_cli.store,
                     *PERIOD, *args)
    assert result.exit_code == 0, result.output
    return result.stdout


def test_brag_document_for_a_realistic_history_matches_its_golden_file(
    history: GitRepo, run_cli: Cli
) -> None:
    text = brag(run_cli, *ALICE_IDS)

    assert_golden("brag-alice.md", text)
    parsed = check_document(text)
    assert [h for h in parsed.headings if h[0] == 2] == [
        (2, "At a glance"), (2, "Customer Empathy"), (2, "Customer Value"),
        (2, "Product Stability"), (2, "Over time"), (2, "Notes"), (2, "All evidence"),
    ]
    assert len(parsed.mermaid) == 1


def test_redacted_document_matches_its_golden_file(history: GitRepo, run_cli: Cli) -> None:
    text = brag(run_cli, *ALICE_IDS, "--redact")

    assert_golden("brag-alice-redacted.md", text)
    parsed = check_document(text)
    assert parsed.links and all(href.startswith("#") for href, _ in parsed.links)
    assert "acme" not in text
    assert "widgets" not in text


def test_team_view_and_each_persons_document_match_their_golden_files(
    history: GitRepo, run_cli: Cli, tmp_path: Path
) -> None:
    brag(run_cli, "--per-person", "--author", "Alice Doe,alice@example.com",
         "--author", "Bob Roe,bob@example.com", "-o", "team.md")

    written = sorted(p.name for p in tmp_path.glob("team*.md"))
    assert written == ["team-alice-doe.md", "team-bob-roe.md", "team.md"]
    for name in written:
        text = (tmp_path / name).read_text(encoding="utf-8")
        assert_golden(name, text)
        check_document(text)
    team = check_document((tmp_path / "team.md").read_text(encoding="utf-8"))
    assert ("team-alice-doe.md", "") in team.links
    assert ("team-bob-roe.md", "") in team.links
    (matrix, _totals_row) = team.tables[0], team.tables[0][-1]
    assert matrix[0] == [
        "Person", "Customer Empathy", "Customer Value", "Product Stability", "Reviewed",
        "Other work",
    ]
    assert [row[0] for row in matrix[2:]] == [
        "[Alice Doe](team-alice-doe.md)", "[Bob Roe](team-bob-roe.md)", "**Team**",
    ]


def test_an_empty_period_says_what_to_check(history: GitRepo, run_cli: Cli) -> None:
    result = run_cli("brag", "--offline", "--repo", "widgets", "--store", run_cli.store,
                     "--since", "2020-01-01", "--until", "2020-03-31", *ALICE_IDS)

    assert result.exit_code == 0, result.output
    assert_golden("brag-empty.md", result.stdout)
    check_document(result.stdout)


# --- with GitHub: reviews summed up, labels, an outside user's issue ------------------------


def at(day: str) -> dt.datetime:
    return dt.datetime.fromisoformat(f"{day}T10:00:00+00:00").astimezone(UTC)


def add_github_side(server: FakeGitHub) -> None:
    """The PRs, reviews and issues GitHub knows for the same six months."""
    data = server.data
    data.add_user("bob", name="Bob Roe")
    data.add_issue("acme/widgets", number=4, title="Uploads fail at peak hours",
                   user="customer-carl", created_at=at("2026-01-15"), state="closed",
                   closed_at=at("2026-01-20"), assignees=["alice"], labels=["bug"],
                   author_association="NONE")
    data.add_pr("acme/widgets", number=5, title="fix: retry uploads when S3 times out",
                user="alice", created_at=at("2026-01-18"), merged_at=at("2026-01-20"),
                labels=["bug"], body="Uploads failed for 3% of users at peak hours; now 0.1%.\n\n"
                "Fixes #4")
    data.add_pr("acme/widgets", number=20, title="Reduce export time for large accounts",
                user="alice", created_at=at("2026-06-08"), merged_at=at("2026-06-10"),
                labels=["performance", "customer-request"],
                body="Export of a 50,000-row account now takes 3 s instead of 40 s.")
    reviewed = [
        ("acme/widgets", 11, "fix: crash when the cart is empty", "2026-02-16",
         ["CHANGES_REQUESTED", "APPROVED"]),
        ("acme/widgets", 18, "feat: dark mode, requested by customers", "2026-05-30",
         ["APPROVED"]),
        ("acme/api", 31, "Paginate the orders endpoint", "2026-03-03", ["COMMENTED"]),
        ("acme/api", 33, "fix: time out slow invoice queries", "2026-04-21",
         ["CHANGES_REQUESTED", "COMMENTED", "APPROVED"]),
    ]
    for repo, number, title, day, states in reviewed:
        pr = data.add_pr(repo, number=number, title=title, user="bob", created_at=at(day),
                         merged_at=at(day) + dt.timedelta(days=2))
        for hours, state in enumerate(states):
            data.add_review(pr, user="alice", state=state,
                            submitted_at=at(day) + dt.timedelta(hours=hours + 1))


def test_document_with_github_reviews_matches_its_golden_file(
    history: GitRepo, run_cli: Cli, gh_server: FakeGitHub, monkeypatch: pytest.MonkeyPatch
) -> None:
    add_github_side(gh_server)
    monkeypatch.setenv("GITHUB_TOKEN", TEST_TOKEN)
    monkeypatch.setenv("GITHUB_API_URL", gh_server.api_url)

    result = run_cli("brag", "--repo", "widgets", "--store", run_cli.store, *PERIOD,
                     *ALICE_IDS, "--github", "acme/widgets", "--github", "acme/api")

    assert result.exit_code == 0, result.output
    text = result.stdout.replace(gh_server.root, "https://github.com")
    assert_golden("brag-alice-github.md", text)
    parsed = check_document(text)
    assert (2, "Maintainer work") in parsed.headings
    assert (
        "Reviewed 4 pull requests (7 reviews), asked for changes on 2, approved 3. "
        "Areas: acme/api (2), acme/widgets (2)."
    ) in parsed.text
    body, appendix = text.split("## All evidence")
    assert "pull/33" not in body  # reviews are summed up, not listed; only the appendix has all
    assert "[fix: time out slow invoice queries](https://github.com/acme/api/pull/33)" in appendix
