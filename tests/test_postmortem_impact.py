"""A postmortem's impact in the report is its impact line, once: never its title, its
date line or its timeline (issue #14)."""

from __future__ import annotations

import json

from click.testing import CliRunner

from evidencer.cli.main import cli
from tests.support.gitrepo import GitRepo

HEADED = """\
# Config reload dropped 30% of requests

**Date:** 2024-05-02
**Severity:** SEV2
**Duration:** 45 minutes

## Summary

A config reload on 2024-05-02 dropped requests for 45 minutes.

## Impact

About 30% of API requests failed with 502 for 45 minutes; 1,200 customers saw errors.
Support answered 40 tickets.

## Timeline

- 10:02 UTC - error rate up 30%
"""
IMPACT = "About 30% of API requests failed with 502 for 45 minutes; 1,200 customers saw errors."


def _brag(repo: GitRepo, *extra: str) -> str:
    result = CliRunner().invoke(cli, [
        "-q", "brag", "--offline", "--repo", str(repo.path), "--since", "2024-01-01",
        "--until", "2024-12-31", "--store", str(repo.path.parent / "store.sqlite3"),
        "--author", "alice@example.com", *extra,
    ])
    assert result.exit_code == 0, result.output
    return result.stdout


def _postmortem(repo: GitRepo, text: str) -> None:
    repo.commit("docs: postmortem", files={"docs/postmortems/2024-05-02-reload.md": text},
                date="2024-05-03T10:00:00+00:00")


def test_the_json_impact_of_a_postmortem_is_its_impact_line_once(repo: GitRepo) -> None:
    _postmortem(repo, HEADED)
    report = json.loads(_brag(repo, "--format", "json"))
    (item,) = [i for i in report["items"] if i["kind"] == "postmortem"]
    assert item["impact"] == [IMPACT]


def test_the_highlight_shows_the_impact_line_not_the_title_or_the_date(repo: GitRepo) -> None:
    _postmortem(repo, HEADED)
    document = _brag(repo)
    (line,) = [ln for ln in document.splitlines()
               if ln.startswith("- **[Config reload dropped 30% of requests]")]
    assert line.count("About 30% of API requests failed") == 1
    shown = line.split("**: ", 1)[1].split(" · ", 1)[0]
    assert shown == IMPACT


def test_a_postmortem_without_an_impact_line_shows_its_summary_sentence(repo: GitRepo) -> None:
    _postmortem(repo, HEADED.split("## Impact")[0])
    report = json.loads(_brag(repo, "--format", "json"))
    (item,) = [i for i in report["items"] if i["kind"] == "postmortem"]
    assert item["impact"] == ["A config reload on 2024-05-02 dropped requests for 45 minutes."]
