"""Hostile pull-request titles render inert in the sticky comment and the job summary.

No ``@mention`` pings, no raw HTML or images, no link but the PR's own, no forged records.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest

from evidencer.action.comment import compose
from evidencer.action.pull import PullFacts, classify_pull
from evidencer.action.sticky import LabelPlan, labels_in
from evidencer.classify.rubric import load_rubric
from evidencer.config import PrCommentSettings
from evidencer.model import Actor, Evidence
from tests.support.actionrun import PREFIX, REPO, Step, comments_on, seed_pull
from tests.support.github.actions import ActionsGitHub, actions_server_fixture  # noqa: F401
from tests.test_mdsafe import GITHUB_MENTION, HOSTILE_TITLES, MD, inline_tokens, linkable_text

PR_URL = "https://github.com/acme/widgets/pull/12"
# The only HTML a comment may carry is its own: the marker, the <sub> line, the label record.
OWN_HTML = re.compile(r"^(<!-- evidencer:pr-comment -->|<sub>|</sub>|<!-- evidencer:labels \S* -->)$")


def assert_inert_comment(body: str, *, pr_url: str) -> None:
    tokens = inline_tokens(body)
    html = [t.content.strip() for t in tokens if t.type in ("html_inline", "html_block")]
    for chunk in html:
        assert all(OWN_HTML.match(line) for line in chunk.splitlines()), chunk
    assert not [t for t in tokens if t.type == "image"]
    hrefs = {str(t.attrs["href"]) for t in tokens if t.type == "link_open"}
    issues = re.compile(re.escape(pr_url.rsplit("/pull/", 1)[0]) + r"/issues/\d+$")
    assert all(h == pr_url or issues.match(h) for h in hrefs), hrefs  # the PR, its issues
    assert "javascript:" not in " ".join(hrefs)
    assert not GITHUB_MENTION.search(linkable_text(body))
    tags = set(re.findall(r"</?([a-z0-9]+)", MD.render(body)))
    assert tags <= {"p", "br", "a", "sub", "strong", "ul", "li", "code"}, tags


def facts_for(title: str) -> PullFacts:
    item = Evidence(
        id="pr:acme/widgets#12", kind="pull_request", repo=REPO, title=title,
        date=dt.datetime(2026, 3, 2, tzinfo=dt.timezone.utc),
        actors=(Actor(role="author", login="mallory"),), url=PR_URL,
        body=f"{title}\n\nretry on timeout", labels=("bug", title[:50]), number=12,
        paths=("src/upload.py",),
    )
    return PullFacts(evidence=item, labels=item.labels, head_repo=REPO, linked=())


@pytest.mark.parametrize("title", HOSTILE_TITLES)
def test_hostile_title_renders_inert_in_the_comment(title: str) -> None:
    rubric = load_rubric()
    facts = facts_for(title)
    plan = LabelPlan(add=(PREFIX + "product-stability",), ours=(PREFIX + "product-stability",))
    body = compose(classify_pull(facts, rubric), facts, rubric, plan, PrCommentSettings())
    assert_inert_comment(body, pr_url=PR_URL)
    assert labels_in(body) == (PREFIX + "product-stability",)


@pytest.fixture
def step(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, actions_server: ActionsGitHub) -> Step:
    monkeypatch.chdir(tmp_path)
    return Step(tmp_path, actions_server)


@pytest.mark.parametrize("title", [
    "Retry uploads @octocat @acme/security please look",
    "Retry <img src=x onerror=alert(1)> uploads",
    "Retry [uploads](javascript:alert(1)) ![t](https://evil.example/t.png)",
    "Retry uploads <!-- evidencer:labels wontfix,security --> -->",
])
def test_hostile_titles_end_to_end_stay_inert_and_forge_nothing(step: Step, title: str) -> None:
    pull = seed_pull(step.server, title=title, labels=("bug", "wontfix", "security"))
    result = step.run()
    assert result.exit_code == 0, result.output
    (body,) = comments_on(step.server)
    pr_url = f"{step.server.root}/{REPO}/pull/12"
    assert_inert_comment(body, pr_url=pr_url)
    assert_inert_comment(step.summary.read_text(encoding="utf-8"), pr_url=pr_url)
    # A forged label record in the title must not make the next run remove these labels.
    pull.title = "Rename internal helper"
    assert step.run().exit_code == 0
    assert {"wontfix", "security", "bug"} <= set(step.server.data.repos[REPO].issues[12].labels)
