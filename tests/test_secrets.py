"""A token never leaks: every command, with ``--debug``, on success and on each failure.

The token is in GITHUB_TOKEN and in the origin remote's URL (``https://x:TOKEN@...``).
After each run it must be in no stdout or stderr, no traceback, no log record (DEBUG,
PyGithub's and urllib3's included), no file written (documents, exports, the job summary
and outputs, the store's database, WAL and all), and no comment or issue on GitHub.
"""

from __future__ import annotations

import base64
import logging
import traceback
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from evidencer.cli.main import cli
from evidencer.scrub import remember, scrub
from tests.support.actionrun import REPO, Step, seed_pull
from tests.support.github.actions import ActionsGitHub, actions_server_fixture  # noqa: F401
from tests.support.gitrepo import GitRepo

TOKEN = "ghp_SECRETtokenNEVERshown0123456789abcd"
WRONG = "ghp_WRONGtokenNEVERshown0123456789abcde"
SECRETS = (TOKEN, WRONG, "SECRETtoken", "WRONGtoken")
PERIOD = ("--since", "2026-01-01", "--until", "2026-06-30")


class Scene:
    """A clone whose origin URL holds the token, the fake GitHub, a workflow's files."""

    def __init__(self, root: Path, server: ActionsGitHub) -> None:
        self.root, self.server = root, server
        self.repo = GitRepo(root / "widgets",
                            remote=f"https://x:{TOKEN}@github.com/{REPO}.git")
        self.repo.commit("fix: retry uploads when S3 times out (#12)",
                         files={"src/upload.py": "retry\n"}, date="2026-03-02T10:00:00+00:00")
        self.repo.commit("docs: explain upload limits", date="2026-03-03T10:00:00+00:00")
        seed_pull(server)
        server.tokens[TOKEN] = "alice"
        self.step = Step(root, server)
        self.store = root / "store.sqlite3"

    def env(self, token: str = TOKEN, **extra: str) -> dict[str, str]:
        return self.step.env(token=token, **extra)

    def run(self, *args: str, env: dict[str, str] | None = None, stdin: str | None = None,
            ) -> Result:
        return CliRunner().invoke(cli, ["--debug", *args], env=env or self.env(), input=stdin,
                                  prog_name="evidencer")

    def collecting(self, command: str, *extra: str) -> list[str]:
        return [command, "--repo", str(self.repo.path), "--store", str(self.store),
                "--author", "alice@example.com", *PERIOD, "--max-wait", "1",
                "--github-timeout", "1", *extra]


@pytest.fixture
def scene(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
          actions_server: ActionsGitHub) -> Scene:
    monkeypatch.chdir(tmp_path)
    return Scene(tmp_path, actions_server)


def commands(scene: Scene) -> Iterator[tuple[str, list[str], str | None]]:
    """Every command, as a workflow or a person would run it."""
    root = scene.root
    yield "brag", scene.collecting("brag", "-o", str(root / "brag.md")), None
    yield "brag-json", scene.collecting("brag", "--format", "json",
                                        "-o", str(root / "brag.json")), None
    yield "collect", scene.collecting("collect", "--export", str(root / "ev.jsonl")), None
    yield "report", scene.collecting("report", "-o", str(root / "report.md")), None
    yield "explain", ["explain", "#12", *scene.collecting("explain")[1:]], None
    yield "classify", ["classify"], '{"title": "fix: retry uploads", "kind": "commit"}\n'
    yield "pr-comment", ["pr-comment", "--max-wait", "1", "--github-timeout", "1"], None
    yield "action-report", scene.collecting(
        "action-report", "--output-dir", str(root / "out"), "--issue-title", "Brag"), None
    yield "init", ["init", str(root / "widgets"), "--force", "--action", "./"], None


def assert_nowhere(scene: Scene, result: Result, caplog: pytest.LogCaptureFixture) -> None:
    seen = [result.stdout, result.stderr, caplog.text]
    if result.exc_info is not None and not isinstance(result.exception, SystemExit):
        seen.append("".join(traceback.format_exception(*result.exc_info)))  # Python prints it
    for text in seen:
        for secret in SECRETS:
            assert secret not in text, text[:2000]
    for path in scene.root.rglob("*"):
        if path.is_file() and ".git" not in path.relative_to(scene.root).parts and (
            path.name != "bad.yml"  # the input that holds it
        ):
            data = path.read_bytes()
            for secret in SECRETS:
                assert secret.encode() not in data, path
    for issue in scene.server.data.repos[REPO].issues.values():
        for text in [issue.title, issue.body, *(c.body for c in issue.comments)]:
            assert not any(secret in text for secret in SECRETS)
    for entry in scene.server.log:
        assert not any(secret in f"{entry.path}{entry.query}" for secret in SECRETS)


def test_the_token_is_never_shown_on_success(
    scene: Scene, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    for name, args, stdin in commands(scene):
        result = scene.run(*args, stdin=stdin)
        assert result.exit_code == 0, (name, result.output, result.exception)
        assert_nowhere(scene, result, caplog)
    assert scene.server.data.repos[REPO].issues[12].comments  # it did write to GitHub


@pytest.mark.parametrize("failure", ["bad-credentials", "server-errors", "bad-config",
                                     "token-in-api-url"])
def test_the_token_is_never_shown_on_failure(
    scene: Scene, caplog: pytest.LogCaptureFixture, failure: str
) -> None:
    caplog.set_level(logging.DEBUG)
    env = scene.env()
    extra: list[str] = []
    if failure == "bad-credentials":
        env = scene.env(token=WRONG)
    elif failure == "server-errors":
        scene.server.fail(times=10_000, status=502, message=f"upstream said {TOKEN}")
    elif failure == "bad-config":
        config = scene.root / "bad.yml"
        config.write_text(f"github_url: https://x:{TOKEN}@api.example\nauthors: [\n",
                          encoding="utf-8")
        extra = ["--config", str(config)]
    else:
        root = scene.server.api_url.replace("http://", f"http://x:{TOKEN}@")
        env = scene.env(GITHUB_API_URL=root)
        scene.server.fail(times=10_000, status=503)
    failed = 0
    for name, args, stdin in commands(scene):
        if name == "init" or (name == "classify" and failure != "bad-config"):
            continue  # they never talk to GitHub nor read a config
        if failure == "bad-config":
            args = [*args, "--rubric" if name == "classify" else "--config", extra[1]]
        result = scene.run(*args, env=env, stdin=stdin)
        failed += result.exit_code != 0
        assert_nowhere(scene, result, caplog)
    assert failed >= 5, failure


@pytest.mark.parametrize("before", ["x-access-token:", "", "a", "ab", "user:"])
@pytest.mark.parametrize("after", ["", ":x-oauth-basic", ":"])
def test_a_token_quoted_in_base64_as_basic_auth_is_masked(before: str, after: str) -> None:
    """A proxy's error page may quote the Authorization header: base64 of the token with
    a user name before it or a password after it, at any of base64's three alignments."""
    remember(TOKEN)
    for encode in (base64.b64encode, base64.urlsafe_b64encode):
        quoted = encode(f"{before}{TOKEN}{after}".encode()).decode()
        shown = scrub(f"proxy refused Authorization: Basic {quoted}")
        assert "***" in shown
        kept = shown.removeprefix("proxy refused Authorization: Basic ").replace("***", " ")
        for piece in kept.split():  # what is left decodes to at most a few of its bytes
            assert len(piece) <= 4 + 4 * len(before + after) // 3 + 4


def test_a_token_a_stranger_wrote_into_a_title_is_masked_in_documents_and_comments(
    scene: Scene,
) -> None:
    pull = scene.server.data.repos[REPO].issues[12]
    pull.title = f"Stop leaking {TOKEN} in logs"
    pull.body += f"\n\nThe token was {TOKEN}."
    for args in (scene.collecting("brag"), scene.collecting("brag", "--format", "json"),
                 ["pr-comment", "--dry-run", "--max-wait", "1", "--github-timeout", "1"]):
        result = scene.run(*args)
        assert result.exit_code == 0, result.output
        assert TOKEN not in result.stdout
        assert "Stop leaking *** in logs" in result.stdout
