"""Run evidencer as a workflow step would: an event file, GITHUB_OUTPUT, a job summary.

Helpers for the Action's tests; the GitHub side is the fake server of tests/support/github/actions.py.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from click.testing import CliRunner, Result

from evidencer.cli.main import cli
from tests.support.github.data import ChangedFile, Issue
from tests.support.github.fixtures import TEST_TOKEN
from tests.support.github.server import FakeGitHub

EVENT = Path(__file__).resolve().parents[1] / "data" / "events" / "pull_request.json"
REPO = "acme/widgets"
WHEN = dt.datetime(2026, 3, 2, 10, 0, tzinfo=dt.timezone.utc)
PREFIX = "competency: "


def seed_pull(
    server: FakeGitHub,
    *,
    title: str = "Retry uploads when S3 times out",
    body: str = "Uploads failed for users on slow links.\n\nFixes #3",
    labels: tuple[str, ...] = ("bug",),
    paths: tuple[str, ...] = ("src/upload.py", "tests/test_upload.py"),
    reporter_association: str = "NONE",
    reporter: str = "carol",
) -> Issue:
    """PR #12 of acme/widgets by alice, as in the event file, and issue #3 a user reported."""
    server.data.add_issue(
        REPO, number=3, title="Uploads fail on slow connections", user=reporter,
        created_at=WHEN - dt.timedelta(days=5), author_association=reporter_association,
    )
    return server.data.add_pr(
        REPO, number=12, title=title, user="alice", created_at=WHEN, body=body,
        labels=list(labels), files=[ChangedFile(p, additions=6) for p in paths],
    )


@dataclass
class Step:
    """The files GitHub hands a workflow step, in a temporary folder."""

    root: Path
    server: FakeGitHub

    @property
    def output(self) -> Path:
        return self.root / "github_output"

    @property
    def summary(self) -> Path:
        return self.root / "step_summary.md"

    def event(self, **changes: Any) -> Path:
        """The event file, with ``head_repo`` (a fork) or other ``pull_request`` fields."""
        payload = json.loads(EVENT.read_text(encoding="utf-8"))
        head_repo = changes.pop("head_repo", None)
        if head_repo:
            head = payload["pull_request"]["head"]["repo"]
            head.update(full_name=head_repo, fork=True, name=head_repo.split("/")[1])
        payload["pull_request"].update(changes)
        path = self.root / "event.json"
        path.write_text(json.dumps(payload), encoding="utf-8")
        return path

    def env(self, *, token: str | None = TEST_TOKEN, event: Path | None = None,
            **extra: str) -> dict[str, str]:
        values = {
            "GITHUB_ACTIONS": "true",
            "GITHUB_API_URL": self.server.api_url,
            "GITHUB_EVENT_NAME": "pull_request",
            "GITHUB_EVENT_PATH": str(event or self.event()),
            "GITHUB_REPOSITORY": REPO,
            "GITHUB_OUTPUT": str(self.output),
            "GITHUB_STEP_SUMMARY": str(self.summary),
            "GITHUB_SERVER_URL": "https://github.com",
            "GITHUB_RUN_ID": "4242",
        }
        if token:
            values["GITHUB_TOKEN"] = token
        values.update(extra)
        return values

    def run(self, *args: str, env: dict[str, str] | None = None) -> Result:
        return CliRunner().invoke(
            cli, ["pr-comment", *args], env=env or self.env(), prog_name="evidencer"
        )

    def outputs(self) -> dict[str, str]:
        return read_outputs(self.output)


def read_outputs(path: Path) -> dict[str, str]:
    """Parse GITHUB_OUTPUT as the runner does: ``name=value`` or ``name<<DELIMITER`` blocks."""
    values: dict[str, str] = {}
    lines = iter(path.read_text(encoding="utf-8").splitlines())
    for line in lines:
        if "<<" in line:
            name, delimiter = line.split("<<", 1)
            body: list[str] = []
            for inner in lines:
                if inner == delimiter:
                    break
                body.append(inner)
            else:
                raise AssertionError(f"unterminated output {name!r}")
            values[name] = "\n".join(body)
        elif line:
            name, _, value = line.partition("=")
            values[name] = value
    return values


def comments_on(server: FakeGitHub, number: int = 12) -> list[str]:
    return [c.body for c in server.data.repos[REPO].issues[number].comments]


def writes(server: FakeGitHub) -> list[str]:
    return [f"{e.method} {e.path}" for e in server.log if e.method != "GET"]
