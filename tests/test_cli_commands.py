"""The commands' contracts: the report JSON, classify's JSON Lines, explain, help, version."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from importlib.metadata import version
from pathlib import Path

import click
import pytest

from evidencer.cli.main import cli
from tests.conftest import Cli
from tests.support.gitrepo import GitRepo

YEAR = ("--since", "2026-01-01", "--until", "2026-12-31")
BOB = ("Bob Roe", "bob@example.com")

# A small rubric of our own, so these tests do not move when the default one is tuned.
LADDER = """\
name: test-ladder
description: A small ladder for tests.
commit_types:
  fix: fix
  BUG: fix
competencies:
  - id: product-stability
    name: Product Stability
    threshold: 2
    rules:
      - id: fix-type
        types: [fix]
        weight: 2
      - id: retry-title
        title: "\\\\bretr(y|ies)\\\\b"
        weight: 1
      - id: tested-fix
        types: [fix]
        paths: ["tests/**"]
        weight: 1
  - id: customer-value
    name: Customer Value
    threshold: 2
    rules:
      - id: faster
        title: "faster|speed"
        weight: 2
      - id: asked-for
        labels: [customer-request]
        weight: 2
"""


@pytest.fixture
def ladder(tmp_path: Path) -> Path:
    path = tmp_path / "ladder.yml"
    path.write_text(LADDER)
    return path


@pytest.fixture
def history(repo: GitRepo) -> GitRepo:
    repo.commit("Initial commit", author=BOB)
    repo.commit("fix: retry exports that time out", files={"src/export.py": "retry\n"},
                date="2026-02-01T10:00:00+00:00")
    repo.squash_pr(12, "Make the export faster", files={"src/export.py": "fast\n"},
                   date="2026-02-02T10:00:00+00:00")
    repo.commit("Tidy the readme", files={"README.md": "tidy\n"},
                date="2026-02-03T10:00:00+00:00")
    return repo


# --- --format json ----------------------------------------------------------------------------


def test_json_report_has_exactly_the_documented_shape(
    history: GitRepo, run_cli: Cli, ladder: Path
) -> None:
    data = run_cli.brag_json("--repo", history.path, "--rubric", ladder, *YEAR)

    assert list(data) == ["schema", "person", "period", "items", "summary", "highlights"]
    assert data["schema"] == "evidencer/report@1"
    assert data["person"] == {
        "names": ["Alice Doe"], "emails": ["alice@example.com"], "logins": [],
    }
    assert data["period"] == {"since": "2026-01-01", "until": "2026-12-31"}
    assert data["summary"] == {"product-stability": 1, "customer-value": 1}
    for item in data["items"]:
        assert list(item) == [
            "id", "kind", "repo", "url", "title", "date", "roles", "labels", "paths",
            "impact", "competencies", "reasons", "themes", "routine", "strength", "level",
            "also", "unmerged",
        ]
        for competency in item["competencies"]:
            assert list(competency) == ["id", "score", "reasons"]
            assert isinstance(competency["score"], float)
    fix, squash, tidy = data["items"]
    sha = history.git("rev-parse", "HEAD~2").strip()
    assert fix == {
        "id": f"commit:acme/widgets@{sha}",
        "kind": "commit",
        "repo": "acme/widgets",
        "url": f"https://github.com/acme/widgets/commit/{sha}",
        "title": "fix: retry exports that time out",
        "date": "2026-02-01T10:00:00Z",
        "roles": ["author"],
        "labels": [],
        "paths": ["src/export.py"],
        "impact": [],
        "competencies": [{
            "id": "product-stability", "score": 3.0,
            "reasons": ["commit type 'fix'", "title matches 'retry'"],
        }],
        "reasons": {"product-stability": ["commit type 'fix'", "title matches 'retry'"]},
        "themes": {"product-stability": []},
        "routine": [],
        "strength": 2.067,  # its significance: a one-file fix of a few lines
        # a fix the rubric claims without a theme is a bug fixed, as the fixes shipped count
        "level": {"product-stability": "awareness"},
        "also": [],
        "unmerged": None,
    }
    assert (squash["id"], squash["kind"], squash["url"]) == (
        "pr:acme/widgets#12", "pull_request", "https://github.com/acme/widgets/pull/12",
    )
    assert squash["competencies"] == [
        {"id": "customer-value", "score": 2.0, "reasons": ["title matches 'faster'"]},
    ]
    assert tidy["competencies"] == []


def test_json_report_is_sorted_by_date(history: GitRepo, run_cli: Cli) -> None:
    data = run_cli.brag_json("--repo", history.path, *YEAR)

    dates = [item["date"] for item in data["items"]]
    assert dates == sorted(dates)


# --- classify -----------------------------------------------------------------------------------


def test_classify_adds_competencies_to_each_json_line(run_cli: Cli, ladder: Path) -> None:
    lines = [
        {"title": "fix: retry the upload", "labels": [{"name": "bug"}], "number": 7},
        {"title": "Make export faster", "kind": "commit"},
        {"title": "Tidy the readme"},
    ]
    text = "\n".join(json.dumps(line) for line in lines[:2]) + "\n\n" + json.dumps(lines[2])

    result = run_cli("classify", "--rubric", ladder, input=text)

    assert result.exit_code == 0, result.output
    out = [json.loads(line) for line in result.stdout.splitlines()]
    assert [{k: v for k, v in o.items() if k not in ("competencies", "impact")}
            for o in out] == lines
    assert [o["competencies"] for o in out] == [
        [{"id": "product-stability", "score": 3.0, "confidence": None,
          "reasons": ["commit type 'fix'", "title matches 'retry'"]}],
        [{"id": "customer-value", "score": 2.0, "confidence": None,
          "reasons": ["title matches 'faster'"]}],
        [],
    ]


def test_classify_reads_labels_given_as_plain_strings(run_cli: Cli, ladder: Path) -> None:
    result = run_cli("classify", "--rubric", ladder,
                     input='{"title": "Dark mode", "labels": ["customer-request"]}\n')

    (line,) = result.stdout.splitlines()
    assert json.loads(line)["competencies"] == [
        {"id": "customer-value", "score": 2.0, "confidence": None,
         "reasons": ["label 'customer-request'"]},
    ]


def test_classify_with_the_default_rubric_works(run_cli: Cli) -> None:
    result = run_cli("classify", input='{"title": "fix: crash on empty input"}\n')

    assert result.exit_code == 0, result.output
    assert "competencies" in json.loads(result.stdout)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ('{"title": "ok"}\nnot json\n', "<stdin>:2: not JSON: Expecting value"),
        ('{"title": "ok"}\n\n[1, 2]\n', "<stdin>:3: each line must be a JSON object"),
        ('{"title": 5}\n', "<stdin>:1: 'title' must be a string"),
        ('{"labels": [1]}\n', "<stdin>:1: 'labels' must be a list of strings"),
        ('{"roles": "author"}\n', "<stdin>:1: 'roles' must be a list of strings"),
        ('{"roles": ["owner"]}\n',
         "<stdin>:1: unknown role 'owner'; use one of author, co_author, reviewer, merger, "
         "commenter, assignee, incident_commander, responder, postmortem_author, "
         "action_item_owner"),
        ('{"kind": "tweet"}\n',
         "<stdin>:1: unknown kind 'tweet'; use one of commit, pull_request, review, issue, "
         "comment, postmortem"),
        ('{"title": "ok"}\n{"title": "x", "score": NaN}\n',
         "<stdin>:2: not JSON: NaN is not a JSON number"),
        ('{"title": "x", "n": [1, Infinity]}\n',
         "<stdin>:1: not JSON: Infinity is not a JSON number"),
        ('{"title": "x", "n": {"a": -Infinity}}\n',
         "<stdin>:1: not JSON: -Infinity is not a JSON number"),
    ],
)
def test_classify_names_the_bad_line(run_cli: Cli, text: str, message: str) -> None:
    result = run_cli("classify", input=text)

    assert result.exit_code == 1
    assert result.stderr == f"evidencer: error: {message}\n"



@pytest.mark.parametrize("weight", [".nan", ".inf", "-.inf", "1.0e+308", "9" * 400])
def test_a_rubric_weight_that_is_not_finite_is_refused_so_no_output_holds_nan(
    run_cli: Cli, tmp_path: Path, weight: str
) -> None:
    rubric = tmp_path / "ladder.yml"
    rubric.write_text("name: ladder\ncompetencies:\n  - id: product-stability\n    rules:\n"
                      f"      - id: bug\n        weight: {weight}\n        labels: [bug]\n",
                      encoding="utf-8")
    result = run_cli("classify", "--rubric", rubric, input='{"labels": ["bug"]}\n')
    assert result.exit_code == 1
    assert result.stderr == (f"evidencer: error: {rubric}:6: 'competencies[0].rules[0].weight' "
                             "must be a finite number, from -1,000,000 to 1,000,000\n")
    assert result.stdout == ""

# --- explain ------------------------------------------------------------------------------------


def explain(run_cli: Cli, history: GitRepo, ladder: Path, ref: str) -> click.testing.Result:
    return run_cli("explain", ref, "--rubric", ladder, "--offline", "--repo", history.path,
                   "--store", run_cli.store, *YEAR)


def test_explain_a_commit_sha_names_the_rules_that_fired_and_came_close(
    history: GitRepo, run_cli: Cli, ladder: Path
) -> None:
    sha = history.git("rev-parse", "HEAD~2").strip()

    result = explain(run_cli, history, ladder, sha[:10])

    assert result.exit_code == 0, result.output
    # the model's lines (its view, in numbers that change when it is retrained) aside
    rules = "".join(line for line in result.stdout.splitlines(keepends=True)
                    if not line.startswith("  model"))
    assert "  model: judges what the rules of your rubric do not claim" in result.stdout
    assert rules == (
        f"commit:acme/widgets@{sha}: fix: retry exports that time out\n"
        "  kind commit, 2026-02-01, your roles: author\n"
        f"  https://github.com/acme/widgets/commit/{sha}\n"
        "  commit type: fix\n"
        "Product Stability: score 3 (threshold 2), shows it\n"
        "  + fix-type (+2): commit type 'fix'\n"
        "  + retry-title (+1): title matches 'retry'\n"
        "  ~ tested-fix (+1) came close: 1 of 2 conditions (commit type 'fix')\n"
        "Customer Value: score 0 (threshold 2), does not show it\n"
        "  no rule came close\n"
    )


@pytest.mark.parametrize(
    "ref", ["#12", "acme/widgets#12", "https://github.com/acme/widgets/pull/12",
            "pr:acme/widgets#12"],
)
def test_explain_a_pull_request_by_number_or_url(
    history: GitRepo, run_cli: Cli, ladder: Path, ref: str
) -> None:
    result = explain(run_cli, history, ladder, ref)

    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[0] == "pr:acme/widgets#12: Make the export faster"
    assert "Customer Value: score 2 (threshold 2), shows it" in lines
    assert "  + faster (+2): title matches 'faster'" in lines


def test_explain_a_commit_url(history: GitRepo, run_cli: Cli, ladder: Path) -> None:
    sha = history.git("rev-parse", "HEAD").strip()

    result = explain(run_cli, history, ladder, f"https://github.com/acme/widgets/commit/{sha}")

    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines()[0] == f"commit:acme/widgets@{sha}: Tidy the readme"


def test_explain_a_commit_of_a_merged_pull_request_explains_the_pull_request(
    repo: GitRepo, run_cli: Cli, ladder: Path
) -> None:
    repo.commit("Initial commit", author=BOB)
    repo.branch("topic")
    member = repo.commit("Retry the upload")
    repo.merge_pr(5, "topic", "Faster, sturdier uploads")

    result = explain(run_cli, repo, ladder, member[:12])

    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines()[:2] == [
        "pr:acme/widgets#5: Faster, sturdier uploads",
        "  kind pull_request, 2026-03-01, your roles: author",
    ]


def test_explain_an_unknown_reference_says_what_to_check(
    history: GitRepo, run_cli: Cli, ladder: Path
) -> None:
    result = explain(run_cli, history, ladder, "#99")

    assert result.exit_code == 1
    assert result.stderr == (
        "evidencer: error: #99: no such item in the store for this person and period; "
        "check the reference, --since and --author\n"
    )


# --- warnings, quiet and verbose ---------------------------------------------------------------


def test_quiet_hides_warnings_but_not_the_document(
    repo: GitRepo, run_cli: Cli, tmp_path: Path
) -> None:
    for n in range(3):
        repo.commit(f"Change {n}")
    clone = repo.clone(tmp_path / "shallow", depth=1)

    result = run_cli("-q", "brag", "--offline", "--repo", clone, "--author", "Alice Doe",
                     "--store", run_cli.store, *YEAR)

    assert result.exit_code == 0
    assert result.stderr == ""
    assert result.stdout.startswith("# Brag document: Alice Doe\n")


def test_sources_name_the_repository_read_from_where_the_run_stands(
    repo: GitRepo, run_cli: Cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    # mealie, read with --repo .: "Sources: git (.)" told a manager nothing
    repo.commit("fix: retry uploads")
    monkeypatch.chdir(repo.path)

    for where in (".", "./"):
        result = run_cli("brag", "--offline", "--repo", where, "--author", "Alice Doe",
                         "--store", run_cli.store, *YEAR)

        assert result.exit_code == 0, result.output
        assert "Sources: git (widgets); " in result.stdout


def test_a_note_about_the_repository_names_it_where_the_run_stands(
    repo: GitRepo, run_cli: Cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    # traefik, read with --repo .: "Note: .: 2 commits since … are by 'Romain Tribotte'"
    repo.commit("fix: retry uploads")
    repo.commit("fix: retry downloads", author=("adoe", "alice@example.com"))
    monkeypatch.chdir(repo.path)

    result = run_cli("brag", "--offline", "--repo", ".", "--author", "Alice Doe",
                     "--store", run_cli.store, *YEAR)

    assert result.exit_code == 0, result.output
    assert "evidencer: warning: widgets: 1 commit since " in result.stderr
    assert "> **Note:** widgets: 1 commit since " in result.stdout


def test_verbose_says_which_config_was_used(repo: GitRepo, run_cli: Cli) -> None:
    repo.commit("Work")
    config = repo.write(".github/evidencer.yml", "since: 2026-01-01\n")

    result = run_cli("-v", "brag", "--offline", "--repo", repo.path, "--store", run_cli.store)

    assert result.exit_code == 0
    assert f"evidencer: config from {config}\n" in result.stderr


# --- help and version ---------------------------------------------------------------------------


def test_top_level_help_lists_every_command(run_cli: Cli) -> None:
    result = run_cli("--help")

    assert result.exit_code == 0
    assert "Customer Empathy, Customer Value and Product Stability" in " ".join(
        result.stdout.split()
    )
    for name in cli.commands:  # type: ignore[attr-defined]
        assert f"  {name} " in result.stdout


@pytest.mark.parametrize("name", sorted(cli.commands))  # type: ignore[attr-defined]
def test_every_command_and_option_has_help_text(run_cli: Cli, name: str) -> None:
    command = cli.commands[name]  # type: ignore[attr-defined]

    result = run_cli(name, "--help")

    assert result.exit_code == 0
    assert command.help and command.help.strip()
    assert result.stdout.startswith(f"Usage: evidencer {name} ")
    undocumented = [
        p.name for p in command.params
        if isinstance(p, click.Option) and not (p.help and p.help.strip())
    ]
    assert undocumented == []


def test_python_dash_m_evidencer_prints_the_version(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}

    result = subprocess.run(
        [sys.executable, "-m", "evidencer", "--version"],
        cwd=tmp_path, env=env, capture_output=True, text=True, check=False,
    )

    assert (result.returncode, result.stderr) == (0, "")
    assert result.stdout == f"evidencer, version {version('evidencer')}\n"


def test_python_dash_m_evidencer_runs_the_same_cli(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}

    result = subprocess.run(
        [sys.executable, "-m", "evidencer", "--help"],
        cwd=tmp_path, env=env, capture_output=True, text=True, check=False,
    )

    assert result.returncode == 0
    assert result.stdout.startswith("Usage: evidencer [OPTIONS] COMMAND [ARGS]...")
