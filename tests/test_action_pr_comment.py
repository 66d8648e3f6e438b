"""`evidencer pr-comment` end to end: a real pull_request event file and the fake GitHub.

One sticky comment, labels it owns, and a fork's read-only token ending in the job summary.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from evidencer.action.comment import compose
from evidencer.action.pull import PullFacts, classify_pull
from evidencer.action.sticky import LabelPlan
from evidencer.classify.rubric import load_rubric
from evidencer.config import PrCommentSettings
from evidencer.model import Actor, Evidence
from tests.support.actionrun import PREFIX, REPO, Step, comments_on, seed_pull, writes
from tests.support.github.actions import READ_ONLY_TOKEN, ActionsGitHub, actions_server_fixture  # noqa: F401
from tests.support.github.data import ChangedFile
from tests.support.github.fixtures import TEST_TOKEN

STABILITY = PREFIX + "product-stability"
EMPATHY = PREFIX + "customer-empathy"


@pytest.fixture
def step(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, actions_server: ActionsGitHub) -> Step:
    monkeypatch.chdir(tmp_path)
    return Step(tmp_path, actions_server)


def pr_labels(server: ActionsGitHub) -> list[str]:
    return list(server.data.repos[REPO].issues[12].labels)


def test_first_run_creates_the_comment_and_the_competency_labels(step: Step) -> None:
    seed_pull(step.server)
    result = step.run()
    assert result.exit_code == 0, result.output
    (body,) = comments_on(step.server)
    assert body.startswith("<!-- evidencer:pr-comment -->\n")
    assert "**Product Stability**" in body and "**Customer Empathy**" in body
    assert "- **Product Stability**: fixes a bug; closes a user report ([#3](" in body
    assert sorted(pr_labels(step.server)) == sorted(["bug", STABILITY, EMPATHY])
    created = step.server.data.repos[REPO].labels[STABILITY]
    assert created.description == "Product Stability: evidence found by evidencer"
    outputs = step.outputs()
    assert outputs["competencies"] == "product-stability,customer-empathy"
    assert outputs["comment-url"].endswith(f"/{REPO}/pull/12#issuecomment-"
                                           f"{step.server.data.repos[REPO].issues[12].comments[0].id}")
    assert outputs["summary-path"] == str(step.summary)
    assert "**Product Stability**" in step.summary.read_text(encoding="utf-8")
    assert "comment created" in result.stderr
    assert TEST_TOKEN not in result.output + step.summary.read_text(encoding="utf-8")


def test_second_run_edits_the_same_comment_in_place(step: Step) -> None:
    pull = seed_pull(step.server)
    assert step.run().exit_code == 0
    (first,) = step.server.data.repos[REPO].issues[12].comments
    pull.title = "Retry uploads when S3 times out, with backoff"
    step.server.log.clear()
    result = step.run()
    assert result.exit_code == 0, result.output
    (again,) = step.server.data.repos[REPO].issues[12].comments
    assert again.id == first.id
    assert "with backoff" in again.body
    assert writes(step.server) == [f"PATCH /repos/{REPO}/issues/comments/{first.id}"]
    assert "comment updated" in result.stderr


def test_rerun_with_nothing_changed_writes_nothing(step: Step) -> None:
    seed_pull(step.server)
    assert step.run().exit_code == 0
    step.server.log.clear()
    result = step.run()
    assert result.exit_code == 0, result.output
    assert writes(step.server) == []
    assert "comment unchanged" in result.stderr


def test_labels_it_added_go_when_they_no_longer_apply_and_others_stay(step: Step) -> None:
    pull = seed_pull(step.server, labels=("bug", "needs-review"))
    assert step.run().exit_code == 0
    assert STABILITY in pr_labels(step.server)
    # Now only a docs change: a person also put our prefix on a label of their own.
    pull.title, pull.body = "Document the upload limits", "Users kept asking about the limit."
    pull.labels = [label for label in pull.labels if label != "bug"]
    pull.labels.append(PREFIX + "customer-value")
    pull.files = [ChangedFile("docs/uploads.md")]
    result = step.run()
    assert result.exit_code == 0, result.output
    labels = pr_labels(step.server)
    assert STABILITY not in labels
    assert "needs-review" in labels
    assert PREFIX + "customer-value" in labels  # not added by the tool: never removed
    assert "label removed: competency: product-stability" in result.stderr


def test_a_linked_issue_from_an_outside_user_is_customer_empathy(step: Step) -> None:
    seed_pull(step.server, title="Keep CSV export of empty tables working", body="Closes #3",
              labels=(), paths=("src/export.py",))
    assert step.run().exit_code == 0
    assert "customer-empathy" in step.outputs()["competencies"].split(",")
    assert "closes a user report ([#3](" in comments_on(step.server)[0]


def test_an_issue_the_title_closes_counts_as_brag_counts_it(step: Step) -> None:
    # a squash merge makes the title the commit message, which closes what it names
    seed_pull(step.server, title="Keep uploads going on slow links (fixes #3)", body="",
              labels=(), paths=("src/upload.py",))
    assert step.run().exit_code == 0
    assert "customer-empathy" in step.outputs()["competencies"].split(",")


def test_a_feature_an_outside_user_asked_for_is_no_empathy(step: Step) -> None:
    # The labelling guide: "Add --json output (requested in #12)" is Customer Value only.
    seed_pull(step.server, title="Add CSV export", body="Closes #3", labels=(),
              paths=("src/export.py",))
    assert step.run().exit_code == 0
    assert "customer-empathy" not in step.outputs()["competencies"].split(",")


def test_an_issue_the_author_opened_is_no_outside_report(step: Step) -> None:
    seed_pull(step.server, title="Keep CSV export of empty tables working", body="Closes #3",
              labels=(), paths=("src/export.py",), reporter="alice")
    assert step.run().exit_code == 0
    assert "customer-empathy" not in step.outputs()["competencies"].split(",")


def test_a_linked_issue_from_a_team_member_is_not_empathy_evidence(step: Step) -> None:
    seed_pull(step.server, title="Keep CSV export of empty tables working", body="Closes #3",
              labels=(), paths=("src/export.py",), reporter_association="MEMBER")
    assert step.run().exit_code == 0
    assert "customer-empathy" not in step.outputs()["competencies"].split(",")
    assert "closes a user report" not in comments_on(step.server)[0]


def test_nothing_matched_says_so_briefly(step: Step) -> None:
    seed_pull(step.server, title="Rename internal helper", body="", labels=(),
              paths=("src/util.py",))
    assert step.run().exit_code == 0
    (body,) = comments_on(step.server)
    assert "none found in this pull request" in body
    assert step.outputs()["competencies"] == ""
    assert pr_labels(step.server) == []


def test_only_when_matched_leaves_no_comment_and_removes_a_stale_one(step: Step) -> None:
    pull = seed_pull(step.server)
    assert step.run().exit_code == 0
    pull.title, pull.body, pull.labels = "Rename internal helper", "", [STABILITY, EMPATHY]
    pull.files = []
    result = step.run("--only-when-matched")
    assert result.exit_code == 0, result.output
    assert comments_on(step.server) == []
    assert pr_labels(step.server) == []
    assert step.outputs()["comment-url"] == ""


def test_dry_run_prints_the_comment_and_label_changes_and_writes_nothing(step: Step) -> None:
    seed_pull(step.server)
    result = step.run("--dry-run")
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("<!-- evidencer:pr-comment -->")
    assert "**Product Stability**" in result.stdout
    assert f"would add label '{STABILITY}'" in result.stderr
    assert writes(step.server) == []
    assert comments_on(step.server) == []
    assert not step.summary.exists()


def test_fork_with_a_read_only_token_reports_to_the_summary_and_exits_0(step: Step) -> None:
    seed_pull(step.server)
    env = step.env(token=READ_ONLY_TOKEN, event=step.event(head_repo="outsider/widgets"))
    result = step.run(env=env)
    assert result.exit_code == 0, result.output
    assert comments_on(step.server) == []
    summary = step.summary.read_text(encoding="utf-8")
    assert "pull_request_target" in summary
    assert "**Product Stability**" in summary
    assert "Labels (not applied)" in summary
    assert result.stdout.startswith("::notice title=evidencer::This pull request comes from a fork")
    assert "\n" not in result.stdout.strip()  # one annotation line: its newlines are escaped
    assert step.outputs()["competencies"] == "product-stability,customer-empathy"
    assert "comment refused" in result.stderr
    assert [e.method for e in step.server.log if e.method != "GET"] == ["POST"]  # tried once


def test_read_only_token_on_a_branch_of_the_repository_is_an_error(step: Step) -> None:
    seed_pull(step.server)
    result = step.run(env=step.env(token=READ_ONLY_TOKEN))
    assert result.exit_code == 1
    assert result.stderr == (
        "evidencer: error: GitHub refused to comment on or label acme/widgets#12 (403): give "
        "the job `permissions: pull-requests: write` and `issues: write`\n"
    )


def test_read_only_token_under_pull_request_target_is_an_error_even_on_a_fork(
    step: Step,
) -> None:
    seed_pull(step.server)
    event = step.event(head_repo="outsider/widgets")
    env = step.env(token=READ_ONLY_TOKEN, event=event, GITHUB_EVENT_NAME="pull_request_target")
    result = step.run(env=env)
    assert result.exit_code == 1
    assert "give the job `permissions: pull-requests: write`" in result.stderr


def test_pr_given_by_hand_needs_no_event(step: Step) -> None:
    seed_pull(step.server)
    env = step.env()
    del env["GITHUB_EVENT_PATH"]
    result = step.run("--github", REPO, "--pr", "12", "--dry-run", env=env)
    assert result.exit_code == 0, result.output
    assert "**Product Stability**" in result.stdout


def test_an_event_that_is_not_a_pull_request_is_a_clear_error(step: Step) -> None:
    path = step.root / "push.json"
    path.write_text(json.dumps({"ref": "refs/heads/main"}), encoding="utf-8")
    result = step.run(env=step.env(event=path, GITHUB_EVENT_NAME="push"))
    assert result.exit_code == 1
    assert result.stderr == (
        f"evidencer: error: GITHUB_EVENT_PATH ({path}): the event is push; pr-comment runs on "
        "pull_request or pull_request_target, or pass --github OWNER/REPO --pr N\n"
    )


def test_without_a_token_only_a_dry_run_is_possible(step: Step) -> None:
    seed_pull(step.server)
    result = step.run(env=step.env(token=None))
    assert result.exit_code == 1
    assert "pr-comment needs a token to comment" in result.stderr
    assert step.run("--dry-run", env=step.env(token=None)).exit_code == 0


def test_config_file_sets_the_label_prefix_and_turns_labels_off(step: Step) -> None:
    seed_pull(step.server)
    config = step.root / ".github" / "evidencer.yml"
    config.parent.mkdir()
    config.write_text("pr_comment:\n  label_prefix: 'shows: '\n  labels: false\n", encoding="utf-8")
    assert step.run().exit_code == 0
    assert pr_labels(step.server) == ["bug"]
    assert step.run("--labels").exit_code == 0
    assert "shows: product-stability" in pr_labels(step.server)


def test_the_comment_states_the_outcome_of_a_before_after_table() -> None:
    rubric = load_rubric()
    body = ("Large accounts timed out.\n\n| | before | after |\n|---|---|---|\n"
            "| export of 50,000 invoices | ~40 s | 3.1 s |\n| peak memory | 1.2 GB | 60 MB |\n")
    item = Evidence(
        id="pr:acme/widgets#12", kind="pull_request", repo=REPO,
        title="Stream the invoice export", body=body, number=12,
        date=dt.datetime(2026, 3, 2, tzinfo=dt.timezone.utc),
        actors=(Actor(role="author", login="alice"),), paths=("src/export.py",),
        url="https://github.com/acme/widgets/pull/12", additions=300,
    )
    facts = PullFacts(evidence=item, labels=(), head_repo=REPO, linked=())

    comment = compose(classify_pull(facts, rubric), facts, rubric, LabelPlan(),
                      PrCommentSettings())

    outcome = "export of 50,000 invoices: ~40 s → 3.1 s"
    assert "- **Customer Value**: states a measured outcome (below)" in comment
    assert f"**Stated outcome**: {outcome}; peak memory: 1.2 GB → 60 MB" in comment
    assert "description mentions" not in comment


def test_issues_a_pull_request_says_it_closes_count_only_when_they_exist(step: Step) -> None:
    seed_pull(step.server, title="Tidy the upload module", labels=(),
              body="Fixes #0. Closes #99999. Resolves #3")
    result = step.run("--dry-run")
    assert result.exit_code == 0, result.output
    assert "closes a user report ([#3](" in result.stdout
    assert "#99999" not in result.stdout.replace("linked issue acme/widgets#99999", "")
    assert "issues/0)" not in result.stdout
    assert "closes 2" not in result.stdout and "closes 3" not in result.stdout
