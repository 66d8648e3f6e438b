"""Incident issues on GitHub: the person's part in each, its severity, and the
Incidents part of the document."""

from __future__ import annotations

import datetime as dt
import json

from click.testing import CliRunner

from evidencer.cli.main import cli
from tests.support.github.fixtures import TEST_TOKEN
from tests.support.github.server import FakeGitHub
from tests.support.gitrepo import GitRepo

WHEN = dt.datetime(2026, 3, 2, 10, 0, tzinfo=dt.timezone.utc)


def _brag(repo: GitRepo, server: FakeGitHub, *extra: str) -> str:
    result = CliRunner().invoke(cli, [
        "-q", "brag", "--repo", str(repo.path), "--since", "2026-01-01", "--until", "2026-06-30",
        "--store", str(repo.path.parent / "store.sqlite3"), "--author", "alice@example.com",
        *extra,
    ], env={"GITHUB_API_URL": server.api_url, "GITHUB_TOKEN": TEST_TOKEN})
    assert result.exit_code == 0, result.output
    return result.stdout


def test_an_incident_the_person_answered_is_stability_evidence_with_severity(
    repo: GitRepo, gh_server: FakeGitHub
) -> None:
    repo.commit("chore: start", date="2026-03-01T10:00:00+00:00")
    incident = gh_server.data.add_issue(
        "acme/widgets", title="Checkout down in EU", user="oncall-bot", created_at=WHEN,
        closed_at=WHEN + dt.timedelta(hours=2, minutes=5), state="closed",
        labels=["incident", "sev1"],
    )
    gh_server.data.add_comment(incident, user="alice", body="Rolling back the deploy now.",
                               created_at=WHEN + dt.timedelta(minutes=10))
    report = json.loads(_brag(repo, gh_server, "--format", "json"))
    [item] = [i for i in report["items"] if i["id"] == "issue:acme/widgets#1"]
    assert item["roles"] == ["responder"]
    assert "product-stability" in [c["id"] for c in item["competencies"]]

    document = _brag(repo, gh_server)
    incidents = document.split("\n## Incidents\n", 1)[1].split("\n## ", 1)[0]
    assert "Checkout down in EU" in incidents
    assert "severity **SEV1**" in incidents
    assert "lasted 2h 5m" in incidents


def test_an_incident_that_only_mentions_the_person_is_not_claimed(
    repo: GitRepo, gh_server: FakeGitHub
) -> None:
    repo.commit("chore: start", date="2026-03-01T10:00:00+00:00")
    incident = gh_server.data.add_issue(
        "acme/widgets", title="Search outage", user="bob", created_at=WHEN,
        labels=["outage"], body="cc @alice",
    )
    gh_server.data.add_comment(incident, user="bob", body="@alice FYI", created_at=WHEN)
    report = json.loads(_brag(repo, gh_server, "--format", "json"))
    assert not [i for i in report["items"] if i["id"] == "issue:acme/widgets#1"]
