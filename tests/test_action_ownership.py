"""The PR bot edits only its own comment and removes only labels it put on.

A comment's text is no proof of who wrote it: another bot can post the marker and a
forged label record. Ours is the comment with evidencer's whole shape by the account
this run writes as; a label is ours when the PR's timeline says that account added it.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from evidencer.action.sticky import MARKER, has_structure
from tests.support.actionrun import PREFIX, REPO, WHEN, Step, seed_pull, writes
from tests.support.github.actions import ActionsGitHub, actions_server_fixture  # noqa: F401
from tests.support.github.data import Comment, Issue

WORKFLOW_TOKEN = "ghs_WORKFLOWtokenCANwrite0123456789abcdef"
APP_TOKEN = "ghs_APPinstallationTOKEN0123456789abcdef"
STABILITY, EMPATHY, VALUE = (PREFIX + name for name in
                             ("product-stability", "customer-empathy", "customer-value"))
FORGED_RECORD = "<!-- evidencer:labels competency%3A%20customer-value -->"


@pytest.fixture
def step(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, actions_server: ActionsGitHub) -> Step:
    """The fake GitHub with a workflow's GITHUB_TOKEN (github-actions[bot], no GET /user)
    and an app's installation token (my-app[bot]), both allowed to write."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("EVIDENCER_BOT_LOGIN", raising=False)
    actions_server.tokens[WORKFLOW_TOKEN] = "github-actions[bot]"
    actions_server.tokens[APP_TOKEN] = "my-app[bot]"
    actions_server.workflow_tokens.update({WORKFLOW_TOKEN, APP_TOKEN})
    return Step(tmp_path, actions_server)


def pull_12(step: Step) -> Issue:
    return step.server.data.repos[REPO].issues[12]


def by(step: Step, login: str) -> list[Comment]:
    return [c for c in pull_12(step).comments if c.user == login]


def make_routine(pull: Issue) -> None:
    """The PR becomes a rename: no competency applies any more. Its `bug` label, which a
    maintainer's label rule honours, gives way to a person's `chore`."""
    pull.title, pull.body, pull.files = "Rename internal helper", "", []
    pull.labels[:] = ["chore" if name == "bug" else name for name in pull.labels]


def test_another_bots_marked_comment_with_a_forged_label_record_is_left_alone(
    step: Step,
) -> None:
    pull = seed_pull(step.server, title="Rename internal helper", body="", labels=())
    step.server.data.label(pull, VALUE, actor="dave")  # a person's label, our prefix
    forged_body = f"{MARKER}\nevidencer says: nothing here\n{FORGED_RECORD}\n"
    forged = step.server.data.add_comment(pull, user="evil-bot[bot]", body=forged_body,
                                          created_at=WHEN)
    result = step.run(env=step.env(token=WORKFLOW_TOKEN))
    assert result.exit_code == 0, result.output
    assert forged.body == forged_body  # not adopted, not edited
    assert forged in pull.comments  # nor deleted as a duplicate
    (ours,) = by(step, "github-actions[bot]")
    assert has_structure(ours.body)
    assert VALUE in pull.labels  # the forged record named it: it stays
    assert f"PATCH /repos/{REPO}/issues/comments/{forged.id}" not in writes(step.server)
    assert "comment created" in result.stderr


def test_a_comment_of_our_own_account_without_evidencers_shape_is_not_adopted(
    step: Step,
) -> None:
    """Another step of the same workflow writes as github-actions[bot] too."""
    pull = seed_pull(step.server)
    other_body = f"{MARKER}\nDeploy preview ready\n"
    other = step.server.data.add_comment(pull, user="github-actions[bot]", body=other_body,
                                         created_at=WHEN)
    result = step.run(env=step.env(token=WORKFLOW_TOKEN))
    assert result.exit_code == 0, result.output
    assert other.body == other_body
    assert [c.body == other_body for c in by(step, "github-actions[bot]")] == [True, False]


def test_our_own_comment_is_still_edited_in_place_with_a_workflow_token(step: Step) -> None:
    pull = seed_pull(step.server)
    env = step.env(token=WORKFLOW_TOKEN)
    assert step.run(env=env).exit_code == 0
    (first,) = pull.comments
    assert first.user == "github-actions[bot]"
    pull.title = "Retry uploads when S3 times out, with backoff"
    step.server.log.clear()
    result = step.run(env=env)
    assert result.exit_code == 0, result.output
    (again,) = pull.comments
    assert again.id == first.id and "with backoff" in again.body
    assert writes(step.server) == [f"PATCH /repos/{REPO}/issues/comments/{first.id}"]


def test_a_label_the_timeline_says_we_added_goes_and_one_a_person_re_added_stays(
    step: Step,
) -> None:
    pull = seed_pull(step.server)
    env = step.env(token=WORKFLOW_TOKEN)
    assert step.run(env=env).exit_code == 0
    assert {STABILITY, EMPATHY} <= set(pull.labels)
    # dave takes EMPATHY off and puts it back: from now on it is his
    step.server.data.label(pull, EMPATHY, actor="dave", added=False)
    step.server.data.label(pull, EMPATHY, actor="dave")
    make_routine(pull)
    result = step.run(env=env)
    assert result.exit_code == 0, result.output
    assert STABILITY not in pull.labels
    assert EMPATHY in pull.labels
    assert "chore" in pull.labels
    assert f"label removed: {STABILITY}" in result.stderr
    assert [(c.label, c.actor, c.added) for c in pull.label_changes][-1] == (
        STABILITY, "github-actions[bot]", False)


def test_a_label_another_bot_added_is_not_removed_even_with_our_name(step: Step) -> None:
    pull = seed_pull(step.server, labels=())
    step.server.data.label(pull, STABILITY, actor="evil-bot[bot]")
    make_routine(pull)
    result = step.run(env=step.env(token=WORKFLOW_TOKEN))
    assert result.exit_code == 0, result.output
    assert STABILITY in pull.labels


def test_an_app_token_named_in_evidencer_bot_login_keeps_its_comment_and_labels(
    step: Step,
) -> None:
    pull = seed_pull(step.server)
    env = step.env(token=APP_TOKEN, EVIDENCER_BOT_LOGIN="my-app[bot]")
    assert step.run(env=env).exit_code == 0
    (first,) = pull.comments
    make_routine(pull)
    step.server.log.clear()
    result = step.run(env=env)
    assert result.exit_code == 0, result.output
    (again,) = pull.comments
    assert again.id == first.id and again.user == "my-app[bot]"
    assert STABILITY not in pull.labels and EMPATHY not in pull.labels
    assert writes(step.server)[0] == f"PATCH /repos/{REPO}/issues/comments/{first.id}"


def test_an_app_token_not_named_still_ends_with_one_comment_and_removes_no_label(
    step: Step,
) -> None:
    """Unnamed, the app's bot is not github-actions[bot]: its new comment finds the older
    one by the account GitHub says wrote it and folds into it; labels stay, unproven."""
    pull = seed_pull(step.server)
    env = step.env(token=APP_TOKEN)
    assert step.run(env=env).exit_code == 0
    (first,) = pull.comments
    make_routine(pull)
    result = step.run(env=env)
    assert result.exit_code == 0, result.output
    (again,) = pull.comments
    assert again.id == first.id and "Rename internal helper" in again.body
    assert STABILITY in pull.labels


def test_label_events_on_a_later_timeline_page_are_read(step: Step) -> None:
    """GitHub pages the timeline 100 events at a time; our labeled events come last."""
    pull = seed_pull(step.server)
    for index in range(150):
        step.server.data.add_comment(pull, user="carol", body=f"ping {index}", created_at=WHEN)
    env = step.env(token=WORKFLOW_TOKEN)
    assert step.run(env=env).exit_code == 0
    make_routine(pull)
    step.server.log.clear()
    result = step.run(env=env)
    assert result.exit_code == 0, result.output
    assert STABILITY not in pull.labels and EMPATHY not in pull.labels
    pages = [e.query.get("page", "1") for e in step.server.log
             if e.path == f"/repos/{REPO}/issues/12/timeline"]
    assert pages == ["1", "2"]
