"""What every source is asked and where it puts what it finds: one contract for git,
postmortems and GitHub, so that the flow reads them all the same way.

A source is an object with a ``name`` (the document's "sources" line names it), whether
it needs GitHub (``remote``), and ``read(ask, sink)``: it puts its evidence into the sink
as it reads, so what was read before a failure is kept, and returns the line that says
what it read.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from evidencer.errors import Warn
from evidencer.model import Evidence, Period, Person
from evidencer.sources.git.remote import Remote

if TYPE_CHECKING:
    from evidencer.github.api import GitHubAPI
    from evidencer.store.sqlite import EvidenceStore

Progress = Callable[[str, int, int], None]  # (what, results done, results in all)


@dataclass(frozen=True)
class GitHubAsk:
    """The GitHub part of an ask: an open API session and what to read with it.
    ``repos`` and ``orgs`` both empty: each local repository's GitHub origin."""

    api: GitHubAPI
    repos: tuple[str, ...]
    orgs: tuple[str, ...]
    include_closed: bool
    incident_labels: tuple[str, ...]
    progress: Progress | None = None


@dataclass(frozen=True)
class Ask:
    """What a source is asked for: whose work, when, where.

    ``note``: a warning the document repeats; ``warn``: one for the terminal only.
    """

    repos: tuple[Path, ...]
    remotes: Mapping[Path, Remote]  # each repository's origin, read once for every source
    people: tuple[Person, ...]
    period: Period
    postmortem_globs: tuple[str, ...]
    note: Warn
    warn: Warn
    github: GitHubAsk | None = None


class Sink(Protocol):
    """Where a source puts evidence: stored in batches as it comes."""

    @property
    def store(self) -> EvidenceStore: ...

    def put(self, items: Iterable[Evidence]) -> int:
        """Store the items; returns how many were stored."""
        ...

    def merged(self, count: int) -> None:
        """A source that writes to the store itself (GitHub: pages and sync state) says
        how many items it stored; they may have merged into items stored earlier."""
        ...


class Source(Protocol):
    @property
    def name(self) -> str: ...

    @property
    def remote(self) -> bool: ...

    def read(self, ask: Ask, sink: Sink) -> str:
        """Put the asked-for evidence into ``sink``; returns what was read, in words."""
        ...
