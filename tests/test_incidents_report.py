"""Postmortems in the brag document: each incident once, the person's roles, and the
follow-up work that closes its action items."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from click.testing import CliRunner

from evidencer.cli.main import cli
from tests.support.gitrepo import GitRepo

FIXTURES = Path(__file__).parent / "data" / "postmortems"


def _repo_with_incident(repo: GitRepo) -> None:
    folder = repo.path / "postmortems"
    folder.mkdir()
    shutil.copy(FIXTURES / "2024-03-12-checkout-latency.md", folder)
    repo.git("add", "postmortems")
    repo.commit("docs: postmortem for the checkout latency spike",
                author=("Priya Raman", "priya.raman@acme.example"), date="2024-03-14T09:00:00+00:00")
    repo.commit("Add a p99 latency SLO alert on payments-gateway (#413)\n\nFixes #412.",
                files={"alerts/payments.yml": "p99: 800ms\n"}, author=("jwu", "jwu@acme.example"),
                date="2024-03-20T09:00:00+00:00")


def _brag(repo: GitRepo, author: str, *extra: str) -> str:
    result = CliRunner().invoke(cli, [
        "-q", "brag", "--repo", str(repo.path), "--since", "2024-01-01", "--until", "2024-12-31",
        "--store", str(repo.path.parent / "store.sqlite3"), "--author", author, *extra,
    ])
    assert result.exit_code == 0, result.output
    return result.stdout


def test_a_responder_sees_the_incident_and_the_follow_up_they_shipped(repo: GitRepo) -> None:
    _repo_with_incident(repo)
    document = _brag(repo, "jwu")
    incidents = document.split("\n## Incidents\n", 1)[1].split("\n## ", 1)[0]
    assert "Checkout latency spike after payments-gateway deploy" in incidents
    assert "severity **SEV2**" in incidents
    assert "responder" in incidents
    assert "Follow-up work you shipped" in incidents
    assert "Add a p99 latency SLO alert on payments-gateway" in incidents


def test_the_postmortem_author_gets_a_stability_item_with_that_role(repo: GitRepo) -> None:
    _repo_with_incident(repo)
    report = json.loads(_brag(repo, "priya.raman@acme.example", "--format", "json"))
    postmortems = [i for i in report["items"] if i["kind"] == "postmortem"]
    assert len(postmortems) == 1
    assert "postmortem_author" in postmortems[0]["roles"]
    assert [c["id"] for c in postmortems[0]["competencies"]] == ["product-stability"]


def test_someone_the_incident_does_not_name_gets_no_incidents_part(repo: GitRepo) -> None:
    _repo_with_incident(repo)
    repo.commit("fix: handle empty carts", author=("Carol", "carol@example.com"),
                date="2024-04-01T09:00:00+00:00")
    assert "\n## Incidents\n" not in _brag(repo, "carol@example.com")
    # ... and the sources line says the incident found is not theirs: etcd's
    # "postmortems (1 incident found)" was a write-up of 2023 naming none of its
    # maintainers, and read as incident work
    assert "postmortems (1 incident found, not yours in this period)" in _brag(
        repo, "carol@example.com")
    assert "postmortems (1 incident found)" in _brag(repo, "jwu")
