"""Two `evidencer pr-comment` processes racing on one pull request leave one comment.

The fake server makes both list the comments before either creates one: the worst case.
"""

from __future__ import annotations

import os
import subprocess
import sys
import threading
from pathlib import Path

from tests.support.actionrun import REPO, Step, comments_on, read_outputs, seed_pull
from tests.support.github.actions import ActionsGitHub, actions_server_fixture  # noqa: F401


def start(step: Step) -> subprocess.Popen[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("GITHUB_")}
    env.update(step.env())
    return subprocess.Popen(
        [sys.executable, "-m", "evidencer", "pr-comment"], cwd=step.root, env=env,
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )


def test_two_concurrent_runs_leave_one_comment_holding_the_result(
    tmp_path: Path, actions_server: ActionsGitHub
) -> None:
    seed_pull(actions_server)
    # Every comment listing waits for the other run's: both see none, both create one.
    actions_server.listing_barrier = threading.Barrier(2, timeout=60)
    steps = [Step(tmp_path / name, actions_server) for name in ("one", "two")]
    for step in steps:
        step.root.mkdir()
    runs = [start(step) for step in steps]
    for run in runs:
        _, err = run.communicate(timeout=120)
        assert run.returncode == 0, err
    assert actions_server.count("/repos/<owner>/<name>/issues/<int:number>/comments", "POST") == 2
    (body,) = comments_on(actions_server)
    assert body.startswith("<!-- evidencer:pr-comment -->")
    (kept,) = actions_server.data.repos[REPO].issues[12].comments
    urls = {read_outputs(step.output)["comment-url"] for step in steps}
    assert urls == {kept_url(actions_server, kept.id)}


def kept_url(server: ActionsGitHub, comment_id: int) -> str:
    return f"{server.root}/{REPO}/pull/12#issuecomment-{comment_id}"


def test_three_concurrent_runs_leave_one_comment_and_one_set_of_labels(
    tmp_path: Path, actions_server: ActionsGitHub
) -> None:
    seed_pull(actions_server, labels=("bug", "needs-review"))
    # All three list before any creates, and list again only after all three created:
    # each sees three comments and deletes the two newer ones, some already gone.
    actions_server.listing_barrier = threading.Barrier(3, timeout=60)
    steps = [Step(tmp_path / name, actions_server) for name in ("one", "two", "three")]
    for step in steps:
        step.root.mkdir()
    runs = [start(step) for step in steps]
    for run in runs:
        _, err = run.communicate(timeout=120)
        assert run.returncode == 0, err
        assert "error" not in err, err

    assert actions_server.count("/repos/<owner>/<name>/issues/<int:number>/comments", "POST") == 3
    (kept,) = actions_server.data.repos[REPO].issues[12].comments
    assert kept.body.startswith("<!-- evidencer:pr-comment -->")
    assert kept.body.rstrip().endswith(
        "<!-- evidencer:labels competency%3A%20customer-empathy,"
        "competency%3A%20product-stability -->"
    )
    labels = actions_server.data.repos[REPO].issues[12].labels
    assert sorted(labels) == [
        "bug", "competency: customer-empathy", "competency: product-stability", "needs-review",
    ]
    assert sorted(actions_server.data.repos[REPO].labels) == sorted(labels)
    urls = {read_outputs(step.output)["comment-url"] for step in steps}
    assert urls == {kept_url(actions_server, kept.id)}
