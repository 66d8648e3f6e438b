"""`evidencer action-report`: the document in output-dir, the job summary, outputs, one issue.

The job summary stays within GitHub's 1 MiB and says where the rest is; reruns edit the issue.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from evidencer.action.env import SUMMARY_LIMIT, fit_bytes, write_outputs
from evidencer.cli.main import cli
from tests.support.actionrun import REPO, read_outputs, writes
from tests.support.github.actions import ActionsGitHub, actions_server_fixture  # noqa: F401
from tests.support.github.data import Issue
from tests.support.github.fixtures import TEST_TOKEN
from tests.support.gitrepo import GitRepo

PERIOD = ("--since", "2026-01-01", "--until", "2026-06-30")
WHEN = dt.datetime(2026, 3, 2, 10, 0, tzinfo=dt.timezone.utc)


def workflow_env(root: Path, **extra: str) -> dict[str, str]:
    return {
        "GITHUB_ACTIONS": "true",
        "GITHUB_OUTPUT": str(root / "github_output"),
        "GITHUB_STEP_SUMMARY": str(root / "step_summary.md"),
        "GITHUB_SERVER_URL": "https://github.com",
        "GITHUB_REPOSITORY": REPO,
        "GITHUB_RUN_ID": "4242",
        **extra,
    }


def action_report(repo: GitRepo, env: dict[str, str], *args: str) -> Result:
    return CliRunner().invoke(cli, [
        "action-report", "--repo", str(repo.path), "--author", "alice@example.com", *PERIOD,
        "--store", str(repo.path.parent / "store.sqlite3"),
        "--output-dir", str(repo.path.parent / "out"), *args,
    ], env=env, prog_name="evidencer")


def test_report_mode_writes_the_document_summary_and_outputs(repo: GitRepo) -> None:
    repo.commit("fix: retry uploads when S3 times out", files={"src/upload.py": "retry\n"},
                date="2026-03-02T10:00:00+00:00")
    root = repo.path.parent
    result = action_report(repo, workflow_env(root), "--offline")
    assert result.exit_code == 0, result.output
    document = (root / "out" / "brag.md").read_text(encoding="utf-8")
    assert "retry uploads when S3 times out" in document
    summary = (root / "step_summary.md").read_text(encoding="utf-8")
    assert summary == document
    outputs = read_outputs(root / "github_output")
    assert outputs == {
        "competencies": "product-stability",
        "report-path": str(root / "out" / "brag.md"),
        "summary-path": str(root / "step_summary.md"),
        "issue-url": "",
    }


def test_summary_past_one_mebibyte_is_cut_with_a_link_to_the_artifact(
    repo: GitRepo, tmp_path: Path
) -> None:
    repo.commit("fix: retry uploads", date="2026-03-02T10:00:00+00:00")
    huge = tmp_path / "huge.md.j2"
    huge.write_text(
        "# {{ person.label }}\n{% for n in range(40000) %}- line {{ n }} of a long report\n"
        "{% endfor %}", encoding="utf-8",
    )
    root = repo.path.parent
    result = action_report(repo, workflow_env(root), "--offline", "--template", str(huge))
    assert result.exit_code == 0, result.output
    document = (root / "out" / "brag.md").read_bytes()
    summary = (root / "step_summary.md").read_bytes()
    assert len(document) > SUMMARY_LIMIT
    assert len(summary) <= SUMMARY_LIMIT
    assert summary.endswith(
        b"**Cut here: the whole report is too long for this place; it is in "
        b"[this run's artifacts](https://github.com/acme/widgets/actions/runs/4242) "
        b"(brag.md).**\n"
    )
    assert document.startswith(summary.split(b"\n\n**Cut here")[0])
    assert "the job summary holds the start of the document only" in result.stderr


def test_issue_title_keeps_one_issue_up_to_date(
    repo: GitRepo, actions_server: ActionsGitHub
) -> None:
    repo.commit("fix: retry uploads", date="2026-03-02T10:00:00+00:00")
    actions_server.data.add_pr(REPO, number=12, title="Retry uploads when S3 times out",
                               user="alice", created_at=WHEN, merged_at=WHEN, labels=["bug"])
    root = repo.path.parent
    env = workflow_env(root, GITHUB_TOKEN=TEST_TOKEN, GITHUB_API_URL=actions_server.api_url)
    first = action_report(repo, env, "--issue-title", "Brag document")
    assert first.exit_code == 0, first.output
    second = action_report(repo, env, "--issue-title", "Brag document")
    assert second.exit_code == 0, second.output
    issues = [i for i in actions_server.data.repos[REPO].issues.values() if not i.is_pr]
    (issue,) = issues
    assert issue.title == "Brag document"
    assert issue.body.startswith("<!-- evidencer:report -->\n# Brag document")
    assert "evidencer-report" in issue.labels
    assert actions_server.count("/repos/<owner>/<name>/issues", "POST") == 1
    assert "issue created" in first.stderr
    assert "issue updated" in second.stderr or "issue unchanged" in second.stderr
    assert read_outputs(root / "github_output")["issue-url"].endswith(f"/issues/{issue.number}")
    assert TEST_TOKEN not in issue.body + first.output + second.output


def test_report_merges_evidence_exported_by_collect_jobs(
    repo: GitRepo, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    repo.commit("fix: retry uploads", date="2026-03-02T10:00:00+00:00")
    monkeypatch.chdir(tmp_path)  # the merging job has no checkout
    exported = tmp_path / "evidence" / "acme-widgets.jsonl"
    exported.parent.mkdir()
    collected = CliRunner().invoke(cli, [
        "collect", "--repo", str(repo.path), "--author", "alice@example.com", *PERIOD,
        "--offline", "--store", str(tmp_path / "matrix.sqlite3"), "--export", str(exported),
    ])
    assert collected.exit_code == 0, collected.output
    elsewhere = tmp_path / "report-job"
    elsewhere.mkdir()
    result = CliRunner().invoke(cli, [
        "action-report", "--import", str(exported), "--author", "alice@example.com", *PERIOD,
        "--store", str(elsewhere / "store.sqlite3"), "--output-dir", str(elsewhere / "out"),
    ], env=workflow_env(elsewhere), prog_name="evidencer")
    assert result.exit_code == 0, result.output
    assert "fix: retry uploads" in (elsewhere / "out" / "brag.md").read_text(encoding="utf-8")


def test_outputs_with_newlines_cannot_forge_another_output(tmp_path: Path) -> None:
    target = tmp_path / "github_output"
    target.write_text("earlier=1\n", encoding="utf-8")
    hostile = "a\nsummary-path=/etc/passwd\nEOF\nghadelimiter_x"
    write_outputs({"GITHUB_OUTPUT": str(target)}, {"competencies": hostile, "comment-url": ""})
    assert read_outputs(target) == {"earlier": "1", "competencies": hostile, "comment-url": ""}


@pytest.mark.parametrize("limit", [64, 200, 1000])
def test_cut_text_fits_the_byte_limit_on_a_whole_line(limit: int) -> None:
    text = "".join(f"- línea {n} ✓\n" for n in range(200))
    fitted = fit_bytes(text, limit, note="**cut**")
    assert fitted.truncated
    assert len(fitted.text.encode("utf-8")) <= limit
    kept = fitted.text.removesuffix("\n\n**cut**\n")
    assert text.startswith(kept + "\n") or kept == ""


def test_cut_inside_a_code_block_closes_it_before_the_note() -> None:
    text = "intro\n```\n" + "code line\n" * 100 + "```\n"
    fitted = fit_bytes(text, 300, note="**cut**")
    assert fitted.text.endswith("\n```\n\n**cut**\n")


def test_json_report_goes_to_the_summary_as_a_code_block(repo: GitRepo) -> None:
    repo.commit("fix: retry uploads", date="2026-03-02T10:00:00+00:00")
    root = repo.path.parent
    result = action_report(repo, workflow_env(root), "--offline", "--format", "json")
    assert result.exit_code == 0, result.output
    report = json.loads((root / "out" / "brag.json").read_text(encoding="utf-8"))
    assert report["schema"] == "evidencer/report@1"
    summary = (root / "step_summary.md").read_text(encoding="utf-8")
    assert summary.startswith("```json\n{") and summary.endswith("}\n```\n")


def test_without_a_checkout_local_history_is_skipped_with_a_note(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(cli, [
        "action-report", "--author", "alice@example.com", *PERIOD, "--offline",
        "--store", str(tmp_path / "store.sqlite3"),
    ], env=workflow_env(tmp_path), prog_name="evidencer")
    assert result.exit_code == 0, result.output
    assert "no git checkout here, so local history was not read" in result.stderr
    assert (tmp_path / "evidencer-report" / "brag.md").is_file()


def test_several_authors_per_person_give_the_team_view_and_each_document(
    repo: GitRepo
) -> None:
    repo.commit("fix: retry uploads", date="2026-03-02T10:00:00+00:00")
    repo.commit("Better error message for an invalid upload limit",
                author=("Bob Roe", "bob@example.com"),
                date="2026-03-03T10:00:00+00:00")
    root = repo.path.parent
    result = CliRunner().invoke(cli, [
        "action-report", "--repo", str(repo.path), "--per-person",
        "--author", "alice@example.com", "--author", "bob@example.com", *PERIOD, "--offline",
        "--store", str(root / "store.sqlite3"), "--output-dir", str(root / "out"),
    ], env=workflow_env(root), prog_name="evidencer")
    assert result.exit_code == 0, result.output
    written = sorted(p.name for p in (root / "out").iterdir())
    assert "team.md" in written and len(written) == 3
    outputs = read_outputs(root / "github_output")
    assert outputs["report-path"] == str(root / "out" / "team.md")
    assert outputs["competencies"] == "customer-empathy,product-stability"
    team = (root / "out" / "team.md").read_text(encoding="utf-8")
    assert (root / "step_summary.md").read_text(encoding="utf-8") == team


# A workflow's GITHUB_TOKEN: it writes as github-actions[bot] and cannot read GET /user.
WORKFLOW_TOKEN = "ghs_WORKFLOWreportTOKEN0123456789abcdef"
FORGED_BODY = "<!-- evidencer:report -->\n# Brag document\nSend your token to evil.example\n"


def seed_report_issue(server: ActionsGitHub, *, user: str, body: str = FORGED_BODY,
                      created_at: dt.datetime = WHEN) -> Issue:
    return server.data.add_issue(REPO, title="Brag document", user=user, created_at=created_at,
                                 body=body, labels=["evidencer-report"])


def report_issues(server: ActionsGitHub) -> list[Issue]:
    return [i for i in server.data.repos[REPO].issues.values() if not i.is_pr]


@pytest.fixture
def workflow_token(actions_server: ActionsGitHub, monkeypatch: pytest.MonkeyPatch) -> str:
    monkeypatch.delenv("EVIDENCER_BOT_LOGIN", raising=False)
    actions_server.tokens[WORKFLOW_TOKEN] = "github-actions[bot]"
    actions_server.workflow_tokens.add(WORKFLOW_TOKEN)  # valid, writes; GET /user is 403
    return WORKFLOW_TOKEN


def test_a_report_issue_forged_by_another_user_is_left_alone_and_a_new_one_opened(
    repo: GitRepo, actions_server: ActionsGitHub
) -> None:
    repo.commit("fix: retry uploads", date="2026-03-02T10:00:00+00:00")
    forged = seed_report_issue(actions_server, user="mallory")
    root = repo.path.parent
    env = workflow_env(root, GITHUB_TOKEN=TEST_TOKEN, GITHUB_API_URL=actions_server.api_url)
    result = action_report(repo, env, "--issue-title", "Brag document")
    assert result.exit_code == 0, result.output
    assert forged.body == FORGED_BODY and forged.title == "Brag document"
    ours = [i for i in report_issues(actions_server) if i.user == "alice"]
    assert len(ours) == 1 and ours[0].number != forged.number
    assert ours[0].body.startswith("<!-- evidencer:report -->\n# Brag document")
    assert f"PATCH /repos/{REPO}/issues/{forged.number}" not in writes(actions_server)
    assert f"issue #{forged.number} has the report's marker, label and title but was not " \
           "opened by alice" in result.stderr
    assert "issue created: " in result.stderr
    assert read_outputs(root / "github_output")["issue-url"].endswith(f"/issues/{ours[0].number}")
    summary = (root / "step_summary.md").read_text(encoding="utf-8")
    assert f"> evidencer: issue `#{forged.number}` has the report's marker" in summary
    assert "mallory" not in summary + result.stderr


def test_a_report_issue_forged_by_another_bot_is_not_adopted_by_a_workflow_token(
    repo: GitRepo, actions_server: ActionsGitHub, workflow_token: str
) -> None:
    """Without GET /user nor EVIDENCER_BOT_LOGIN, the run writes as github-actions[bot]."""
    repo.commit("fix: retry uploads", date="2026-03-02T10:00:00+00:00")
    forged = seed_report_issue(actions_server, user="evil-bot[bot]")
    root = repo.path.parent
    env = workflow_env(root, GITHUB_TOKEN=workflow_token, GITHUB_API_URL=actions_server.api_url)
    result = action_report(repo, env, "--issue-title", "Brag document")
    assert result.exit_code == 0, result.output
    assert forged.body == FORGED_BODY
    (ours,) = [i for i in report_issues(actions_server) if i.number != forged.number]
    assert ours.user == "github-actions[bot]" and "evidencer-report" in ours.labels
    assert "not opened by github-actions[bot], the account this run writes as " \
           "(with a GitHub App's token, set EVIDENCER_BOT_LOGIN" in result.stderr
    assert "issue created" in result.stderr


def test_our_own_report_issue_is_edited_in_place_past_an_older_forged_one(
    repo: GitRepo, actions_server: ActionsGitHub, workflow_token: str
) -> None:
    repo.commit("fix: retry uploads", date="2026-03-02T10:00:00+00:00")
    forged = seed_report_issue(actions_server, user="evil-bot[bot]", created_at=WHEN)
    earlier = seed_report_issue(actions_server, user="github-actions[bot]",
                                body="<!-- evidencer:report -->\n# Brag document\nold\n",
                                created_at=WHEN + dt.timedelta(days=1))
    root = repo.path.parent
    env = workflow_env(root, GITHUB_TOKEN=workflow_token, GITHUB_API_URL=actions_server.api_url)
    result = action_report(repo, env, "--issue-title", "Brag document")
    assert result.exit_code == 0, result.output
    assert forged.body == FORGED_BODY
    assert "fix: retry uploads" in earlier.body and "\nold\n" not in earlier.body
    assert len(report_issues(actions_server)) == 2
    assert writes(actions_server) == [f"PATCH /repos/{REPO}/issues/{earlier.number}"]
    assert "issue updated" in result.stderr


def test_an_issue_another_account_opened_is_not_ours_even_named_in_evidencer_bot_login(
    repo: GitRepo, actions_server: ActionsGitHub, workflow_token: str
) -> None:
    """An app's token named in EVIDENCER_BOT_LOGIN: github-actions[bot]'s issue is not its."""
    repo.commit("fix: retry uploads", date="2026-03-02T10:00:00+00:00")
    other = seed_report_issue(actions_server, user="github-actions[bot]")
    actions_server.tokens[workflow_token] = "my-app[bot]"
    root = repo.path.parent
    env = workflow_env(root, GITHUB_TOKEN=workflow_token, GITHUB_API_URL=actions_server.api_url,
                       EVIDENCER_BOT_LOGIN="my-app[bot]")
    result = action_report(repo, env, "--issue-title", "Brag document")
    assert result.exit_code == 0, result.output
    assert other.body == FORGED_BODY
    assert [i.user for i in report_issues(actions_server)] == ["github-actions[bot]", "my-app[bot]"]
    assert "not opened by my-app[bot], the account this run writes as:" in result.stderr
