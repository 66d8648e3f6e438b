"""`--format json` carries what the document shows: reasons, themes, routine, strength,
growth-arc level per item, and the highlights; the document is titled with git's name."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import Cli
from tests.support.gitrepo import GitRepo

YEAR = ("--since", "2026-01-01", "--until", "2026-12-31")
LADDER = """\
name: ladder
levels:
  awareness: notices
  action: acts
  strategy: leads
routine:
  - id: typo
    reason: typo fix
    title: '\\btypo\\b'
competencies:
  - id: product-stability
    name: Product Stability
    themes:
      fixes: Bug fixes
    rules:
      - id: fix
        weight: 2
        theme: fixes
        level: awareness
        types: [fix]
      - id: retry
        weight: 1
        level: strategy
        title: retry
"""


@pytest.fixture
def report(run_cli: Cli, repo: GitRepo, tmp_path: Path) -> dict[str, Any]:
    repo.commit("fix: retry uploads that time out", files={"src/upload.py": "r\n"})
    repo.commit("fix: crash on an empty file", files={"src/read.py": "e\n"})
    repo.commit("Fix a typo in the guide", files={"docs/guide.md": "t\n"})
    ladder = tmp_path / "ladder.yml"
    ladder.write_text(LADDER, encoding="utf-8")
    return run_cli.brag_json("--repo", repo.path, "--rubric", ladder, *YEAR)


def by_title(report: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {item["title"]: item for item in report["items"]}


def test_each_item_carries_reasons_themes_routine_strength_and_level(
    report: dict[str, Any],
) -> None:
    items = by_title(report)
    retry = items["fix: retry uploads that time out"]
    typo = items["Fix a typo in the guide"]

    assert retry["reasons"] == {
        "product-stability": ["commit type 'fix'", "title matches 'retry'"]
    }
    assert retry["themes"] == {"product-stability": ["fixes"]}
    assert retry["routine"] == []
    assert retry["strength"] == 2.067  # significance: a small one-file fix
    # The user's rule says `level: strategy`, but a keyword never sets a level: both
    # small fixes read at the level their scope shows.
    assert retry["level"] == {"product-stability": "awareness"}
    assert items["fix: crash on an empty file"]["level"] == {"product-stability": "awareness"}
    assert typo["routine"] == ["typo fix"]
    assert (typo["reasons"], typo["themes"], typo["level"]) == ({}, {}, {})


def test_the_contracts_keys_keep_their_meaning(report: dict[str, Any]) -> None:
    retry = by_title(report)["fix: retry uploads that time out"]

    assert list(report) == ["schema", "person", "period", "items", "summary", "highlights"]
    assert list(retry)[:11] == ["id", "kind", "repo", "url", "title", "date", "roles", "labels",
                                "paths", "impact", "competencies"]
    assert retry["competencies"] == [{
        "id": "product-stability", "score": 3.0,
        "reasons": ["commit type 'fix'", "title matches 'retry'"],
    }]
    assert [i["date"] for i in report["items"]] == sorted(i["date"] for i in report["items"])


def test_highlights_are_item_ids_strongest_first(report: dict[str, Any]) -> None:
    items = by_title(report)

    assert report["highlights"] == [
        items["fix: retry uploads that time out"]["id"],
        items["fix: crash on an empty file"]["id"],
    ]


def test_the_title_is_the_name_git_knows_not_the_email_given(
    run_cli: Cli, repo: GitRepo
) -> None:
    repo.commit("fix: retry uploads", author=("Bob Roe", "bob@example.com"))

    markdown = run_cli("brag", "--offline", "--store", run_cli.store, "--repo", repo.path,
                       "--author", "bob@example.com", *YEAR)
    data = run_cli.brag_json("--repo", repo.path, "--author", "bob@example.com", *YEAR)

    assert markdown.exit_code == 0, markdown.output
    assert markdown.stdout.startswith("# Brag document: Bob Roe\n")
    assert data["person"] == {"names": ["Bob Roe"], "emails": ["bob@example.com"], "logins": []}


def test_report_from_the_store_is_titled_with_the_name_too(run_cli: Cli, repo: GitRepo) -> None:
    repo.commit("fix: retry uploads", author=("Bob Roe", "bob@example.com"))
    run_cli.brag_json("--repo", repo.path, "--author", "bob@example.com", *YEAR)

    result = run_cli("report", "--store", run_cli.store, "--author", "bob@example.com", *YEAR)

    assert result.stdout.startswith("# Brag document: Bob Roe\n")
    assert json.loads(
        run_cli("report", "--store", run_cli.store, "--author", "bob@example.com",
                "--format", "json", *YEAR).stdout
    )["person"]["names"] == ["Bob Roe"]


def test_a_login_like_id_gives_way_to_the_name_git_knows(run_cli: Cli, repo: GitRepo) -> None:
    repo.commit("fix: retry uploads", author=("Bob Roe", "bob@example.com"))

    result = run_cli("brag", "--offline", "--store", run_cli.store, "--repo", repo.path,
                     "--author", "bob@example.com,bobr", *YEAR)

    assert result.stdout.startswith("# Brag document: Bob Roe\n")


def test_a_name_given_is_the_title_whatever_git_made_of_it(run_cli: Cli, repo: GitRepo) -> None:
    repo.commit("fix: retry uploads", author=("Bob Roe", "bob@example.com"))

    result = run_cli("brag", "--offline", "--store", run_cli.store, "--repo", repo.path,
                     "--author", "bob@example.com,Robert Roe", *YEAR)

    assert result.stdout.startswith("# Brag document: Robert Roe\n")
