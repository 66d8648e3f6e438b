"""What a run reports on: the repositories and GitHub scope it was asked about.

The store is a cache shared by every run; a document shows only its own run's scope.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from evidencer.sources.git.remote import Remote


@dataclass(frozen=True)
class Scope:
    """Repository names (``owner/name``, or a folder name without a GitHub origin) and
    GitHub organizations; GitHub spells names in any case, so they compare case-folded."""

    repos: frozenset[str]
    orgs: frozenset[str] = frozenset()

    def holds(self, repo: str) -> bool:
        folded = repo.casefold()
        return folded in self.repos or folded.split("/", 1)[0] in self.orgs

    def describe(self) -> str:
        return ", ".join(sorted([*self.repos, *(f"org {org}" for org in self.orgs)]))


def scope_of(
    *, remotes: Iterable[Remote], github: Iterable[str], orgs: Iterable[str]
) -> Scope:
    """The names a run's items carry: each local clone's origin (as its items are named)
    plus each ``--github`` repository and ``--github-org`` organization."""
    names = {remote.name for remote in remotes} | set(github)
    return Scope(
        repos=frozenset(name.casefold() for name in names),
        orgs=frozenset(org.casefold() for org in orgs),
    )
