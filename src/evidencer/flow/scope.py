"""What a run reports on: the repositories and GitHub scope it was asked about.

The store is a cache shared by every run; a document shows only its own run's scope, and
a repository's git items only while its current history still reaches their commits.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Iterable
from dataclasses import dataclass
from pathlib import Path

from evidencer.errors import GitError
from evidencer.gitrun import run_git
from evidencer.model import Period
from evidencer.sources.git.remote import read_remote
from evidencer.store.sqlite import EvidenceStore

# A rebased commit keeps its author date; its committer date is later. git lists commits by
# committer date, so a day's margin keeps a commit whose clock ran behind its author's.
_CLOCK_MARGIN = dt.timedelta(days=1)


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
    *, repos: Iterable[Path], github: Iterable[str], orgs: Iterable[str]
) -> Scope:
    """The names a run's items carry: each local clone's origin (as its items are named)
    plus each ``--github`` repository and ``--github-org`` organization."""
    names = {read_remote(repo).name for repo in repos} | set(github)
    return Scope(
        repos=frozenset(name.casefold() for name in names),
        orgs=frozenset(org.casefold() for org in orgs),
    )


def forget_unreachable(
    store: EvidenceStore, repo: Path, *, period: Period, seen: Collection[str] = ()
) -> list[str]:
    """Remove the repository's git-only items in the period whose commits its history
    (``HEAD``) no longer reaches: a rebase or force-push dropped or rewrote them.

    ``seen`` are the ids this run just read from that history: reached, so not checked;
    git is asked only about the others. Items GitHub also reported stay: the pull request
    exists whatever the clone holds. A shallow clone or an empty repository cannot say
    what is gone, so nothing leaves.
    """
    name = read_remote(repo).name
    candidates = [
        candidate for candidate in store.git_only_commits(repo=name, period=period)
        if candidate[0] not in seen
    ]
    if not candidates or not _has_full_history(repo):
        return []
    oldest = min(date for _, date, _ in candidates)
    since = (oldest - _CLOCK_MARGIN).isoformat()
    listed = run_git(repo, "rev-list", f"--since={since}", "HEAD", "--")
    reachable = set(listed.decode("ascii", "replace").split())
    gone = [
        item_id for item_id, _, shas in candidates
        if not any(sha in reachable for sha in shas)
    ]
    store.remove(gone)
    return gone


def _has_full_history(repo: Path) -> bool:
    try:
        run_git(repo, "rev-parse", "--verify", "--quiet", "HEAD^{commit}")
        shallow = run_git(repo, "rev-parse", "--is-shallow-repository").strip()
    except GitError:
        return False
    return shallow != b"true"
