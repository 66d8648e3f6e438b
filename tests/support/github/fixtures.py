"""Pytest fixtures for the fake GitHub server: load with ``pytest_plugins``.

``gh_server`` is a started FakeGitHub whose token belongs to alice; ``gh_api`` talks to it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest

from evidencer.github.api import GitHubAPI
from tests.support.github.server import FakeGitHub

# Recognisable on purpose: tests assert it never shows up in messages, logs or stores.
TEST_TOKEN = "ghp_TESTTOKENneverPRINTme0123456789abcd"


def make_api(server: FakeGitHub, **options: Any) -> GitHubAPI:
    """A client for ``server`` with quick retries, so fault tests stay fast."""
    settings: dict[str, Any] = {"token": TEST_TOKEN, "backoff": 0.01, "max_wait": 30.0}
    settings.update(options)
    return GitHubAPI(base_url=server.api_url, **settings)


def _server(prefix: str = "") -> FakeGitHub:
    server = FakeGitHub(prefix=prefix).start()
    server.tokens[TEST_TOKEN] = "alice"
    server.data.add_user("alice", name="Alice Doe")
    return server


@pytest.fixture
def gh_token() -> str:
    return TEST_TOKEN


@pytest.fixture
def gh_server() -> Iterator[FakeGitHub]:
    server = _server()
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture
def ghes_server() -> Iterator[FakeGitHub]:
    """The same server under a GitHub Enterprise Server style ``/api/v3`` root."""
    server = _server("/api/v3")
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture
def gh_api(gh_server: FakeGitHub) -> Iterator[GitHubAPI]:
    with make_api(gh_server) as api:
        yield api


@pytest.fixture
def make_gh_api(gh_server: FakeGitHub) -> Iterator[Callable[..., GitHubAPI]]:
    """Build clients for ``gh_server`` with other options (timeout, attempts, token...)."""
    made: list[GitHubAPI] = []

    def build(**options: Any) -> GitHubAPI:
        made.append(make_api(gh_server, **options))
        return made[-1]

    yield build
    for api in made:
        api.close()
