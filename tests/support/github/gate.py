"""The fake GitHub server with gates: hold a request until the test lets it go, or make
several clients meet at one request. Deterministic waits for interrupt and race tests.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import pytest
from werkzeug.wrappers import Request, Response

from tests.support.github.actions import READ_ONLY_TOKEN, ActionsGitHub
from tests.support.github.fixtures import TEST_TOKEN

WAIT = 60.0  # seconds a gate waits at most: a test that hangs fails instead


@dataclass
class Hold:
    """Hold the request after ``skip`` matching ones: ``arrived`` is set when it comes,
    and it is answered once ``release`` is set."""

    path: str
    method: str | None = None
    skip: int = 0
    arrived: threading.Event = field(default_factory=threading.Event)
    release: threading.Event = field(default_factory=threading.Event)
    seen: int = 0

    def matches(self, method: str, target: str) -> bool:
        return (self.method in (None, method)) and re.search(self.path, target) is not None


@dataclass
class Meeting:
    """The first ``parties`` matching requests wait for each other, then all go on."""

    path: str
    parties: int
    method: str | None = None
    barrier: threading.Barrier = field(init=False)
    seen: int = 0

    def __post_init__(self) -> None:
        self.barrier = threading.Barrier(self.parties, timeout=WAIT)


class GatedGitHub(ActionsGitHub):
    """ActionsGitHub (issues, one-label deletes, read-only tokens) plus holds and meetings."""

    def __init__(self, **options: Any) -> None:
        super().__init__(**options)
        self.holds: list[Hold] = []
        self.meetings: list[Meeting] = []
        self._gate_lock = threading.Lock()

    def hold(self, path: str, *, method: str | None = None, skip: int = 0) -> Hold:
        gate = Hold(path, method, skip)
        self.holds.append(gate)
        return gate

    def meet(self, path: str, *, parties: int, method: str | None = None) -> Meeting:
        gate = Meeting(path, parties, method)
        self.meetings.append(gate)
        return gate

    def _handle(self, request: Request) -> Response:
        query = request.query_string.decode("latin-1")
        target = f"{request.path}?{query}" if query else request.path
        held: Hold | None = None
        meeting: Meeting | None = None
        with self._gate_lock:
            for gate in self.holds:
                if gate.matches(request.method, target) and not gate.arrived.is_set():
                    gate.seen += 1
                    if gate.seen > gate.skip:
                        held = gate
                        break
            for group in self.meetings:
                method_ok = group.method in (None, request.method)
                if method_ok and re.search(group.path, target) and group.seen < group.parties:
                    group.seen += 1
                    meeting = group
                    break
        if held is not None:
            held.arrived.set()
            held.release.wait(WAIT)
        if meeting is not None:
            meeting.barrier.wait()
        return super()._handle(request)


@pytest.fixture(name="gated_server")
def gated_server_fixture() -> Iterator[GatedGitHub]:
    """A started GatedGitHub; alice's token writes, READ_ONLY_TOKEN only reads."""
    server = GatedGitHub().start()
    server.tokens[TEST_TOKEN] = "alice"
    server.tokens[READ_ONLY_TOKEN] = "github-actions[bot]"
    server.read_only_tokens.add(READ_ONLY_TOKEN)
    server.workflow_tokens.add(READ_ONLY_TOKEN)
    server.data.add_user("alice", name="Alice Doe")
    try:
        yield server
    finally:
        for gate in server.holds:
            gate.release.set()
        server.stop()
