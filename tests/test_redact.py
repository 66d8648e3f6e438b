"""``--redact``: private repositories become ``repo-N`` without links; public ones stay.

Every repository is private unless the config's ``public_repos`` names it.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
from pathlib import Path

import pytest

from evidencer.classify.rubric import load_rubric
from evidencer.model import Classified, Evidence, Facts, Match, Period, Person
from evidencer.report.build import ReportInput
from evidencer.report.redact import LINK_REMOVED, placeholders, redact_reports
from tests.conftest import Cli
from tests.support.gitrepo import GitRepo
from tests.support.history import PERIOD, at, build_history

UTC = dt.timezone.utc


@pytest.fixture
def two_repos(run_cli: Cli, tmp_path: Path) -> tuple[GitRepo, GitRepo]:
    widgets = build_history(tmp_path / "widgets")
    api = GitRepo(tmp_path / "api", remote="git@github.com:acme/api.git")
    api.commit("fix: time out slow invoice queries (#8)", date=at("2026-01-02"),
               files={"src/invoices.py": "timeout\n"}, committer=("GitHub", "noreply@github.com"))
    api.commit("docs: see https://github.com/acme/api/issues/3 and acme/widgets#5",
               date=at("2026-03-04"), files={"docs/api.md": "x\n"})
    return widgets, api


def brag(run_cli: Cli, *args: str) -> str:
    result = run_cli("brag", "--offline", "--repo", "widgets", "--repo", "api",
                     "--store", run_cli.store, *PERIOD, "--author", "alice@example.com", *args)
    assert result.exit_code == 0, result.output
    return result.stdout


def test_redact_numbers_private_repositories_by_their_first_item_and_drops_links(
    two_repos: tuple[GitRepo, GitRepo], run_cli: Cli
) -> None:
    data = json.loads(brag(run_cli, "--redact", "--format", "json"))

    by_repo = {item["repo"] for item in data["items"]}
    assert by_repo == {"repo-1", "repo-2"}
    first = data["items"][0]
    assert (first["repo"], first["id"], first["url"]) == ("repo-1", "pr:repo-1#8", None)
    assert all(item["url"] is None for item in data["items"])
    assert "acme" not in json.dumps(data)
    docs = next(i for i in data["items"] if i["title"].startswith("docs: see"))
    assert docs["title"] == f"docs: see {LINK_REMOVED} and repo-2#5"


def test_redacted_json_keeps_the_contract_shape(
    two_repos: tuple[GitRepo, GitRepo], run_cli: Cli
) -> None:
    plain = json.loads(brag(run_cli, "--format", "json"))
    redacted = json.loads(brag(run_cli, "--redact", "--format", "json"))

    assert list(redacted) == list(plain)
    assert [list(i) for i in redacted["items"]] == [list(i) for i in plain["items"]]
    assert redacted["summary"] == plain["summary"]


def test_public_repos_from_the_config_keep_their_names_and_links(
    two_repos: tuple[GitRepo, GitRepo], run_cli: Cli, tmp_path: Path
) -> None:
    config = tmp_path / "evidencer.yml"
    config.write_text("public_repos: ['acme/w*']\n", encoding="utf-8")

    text = brag(run_cli, "--redact", "--config", str(config))

    assert "](https://github.com/acme/widgets/pull/5)" in text
    assert "acme/api" not in text
    assert "repo-1" in text


def test_redaction_is_consistent_across_a_team(
    two_repos: tuple[GitRepo, GitRepo], run_cli: Cli
) -> None:
    result = run_cli("brag", "--offline", "--repo", "widgets", "--repo", "api",
                     "--store", run_cli.store, *PERIOD, "--per-person", "--redact",
                     "--author", "alice@example.com", "--author", "bob@example.com",
                     "--format", "json")

    assert result.exit_code == 0, result.output
    decoder = json.JSONDecoder()
    alice, end = decoder.raw_decode(result.stdout)
    bob, _ = decoder.raw_decode(result.stdout, end + 1)
    assert {i["repo"] for i in bob["items"]} == {"repo-2"}  # acme/widgets, as for alice
    assert "pr:repo-2#5" in {i["id"] for i in alice["items"]}


# --- the pure part ------------------------------------------------------------------------


def item(repo: str, number: int, *, title: str, day: int, **extra: object) -> Classified:
    evidence = Evidence(
        id=f"pr:{repo}#{number}", kind="pull_request", repo=repo, title=title,
        date=dt.datetime(2026, 1, day, tzinfo=UTC), actors=(), number=number,
        url=f"https://github.com/{repo}/pull/{number}", facts=Facts.from_extra(extra),
    )
    match = Match("product-stability", 3.0, (f"title matches '{repo}'",))
    return Classified(evidence, (match,), impact=(f"{repo} got faster",))


def report(*items: Classified, warnings: tuple[str, ...] = ()) -> ReportInput:
    return ReportInput(
        person=Person(names=("Alice",)), period=Period(dt.date(2026, 1, 1), dt.date(2026, 1, 31)),
        rubric=load_rubric(), items=items, roles={i.evidence.id: ("author",) for i in items},
        sources={"git": "/home/alice/src/widgets-api, ../widgets", "github": "acme/widgets"},
        warnings=warnings,
    )


def test_a_longer_name_is_not_half_replaced_by_a_shorter_one() -> None:
    data = report(item("acme/widgets", 1, title="Port from acme/widgets-api", day=2),
                  item("acme/widgets-api", 2, title="Port to acme/widgets", day=3))

    (redacted,) = redact_reports([data])

    assert [i.evidence.title for i in redacted.items] == ["Port from repo-2", "Port to repo-1"]


def test_what_the_model_came_nearest_to_survives_redaction() -> None:
    # the Notes order unclaimed work by it, redacted or not
    near = dataclasses.replace(item("acme/widgets", 1, title="OIDC Server", day=2),
                               matches=(), near=("customer-value", 0.73))

    (redacted,) = redact_reports([report(near)])

    assert redacted.items[0].near == ("customer-value", 0.73)


def test_roles_reasons_impact_extra_sources_and_warnings_are_redacted_too() -> None:
    data = report(
        item("acme/widgets", 1, title="x", day=2, review_url="https://github.com/acme/widgets/pull/1#r",
             linked_issues=["acme/widgets#4"]),
        warnings=("/home/alice/src/widgets-api: shallow clone of acme/widgets",),
    )

    (redacted,) = redact_reports(
        [data], local=["/home/alice/src/widgets-api", "../widgets"]
    )

    entry = redacted.items[0]
    assert redacted.roles == {"pr:repo-1#1": ("author",)}
    assert entry.matches[0].reasons == ("title matches 'repo-1'",)
    assert entry.impact == ("repo-1 got faster",)
    assert entry.evidence.facts.to_extra() == {"review_url": LINK_REMOVED, "linked_issues": ["repo-1#4"]}
    assert redacted.sources == {"git": "local checkout, local checkout", "github": "repo-1"}
    assert redacted.warnings == ["local checkout: shallow clone of repo-1"]
    assert redacted.redacted is True


def test_placeholders_skip_public_repositories() -> None:
    data = report(item("acme/docs", 1, title="x", day=2), item("acme/widgets", 2, title="y", day=3))

    assert placeholders([data], public=["acme/docs"]) == {"acme/widgets": "repo-1"}


def test_the_copies_of_a_change_are_redacted_with_it() -> None:
    kept = item("acme/widgets", 1, title="Fix deny encoded characters", day=2)
    copy = item("acme/widgets", 2, title="[v1.x] Fix deny encoded characters", day=2)
    data = dataclasses.replace(report(kept), also={kept.evidence.id: (copy,)})

    (redacted,) = redact_reports([data])

    [(key, (hidden,))] = redacted.also.items()
    assert (key, hidden.evidence.id, hidden.evidence.url) == ("pr:repo-1#1", "pr:repo-1#2", None)
    assert redacted.items[0].evidence.id == key
