"""Where a local clone lives on the web: owner/repo and links from its origin remote.

https, ssh and scp-like ``git@host:`` forms; credentials in URLs are dropped. Links take
the shape of the forge: GitHub's (and GitHub Enterprise Server's), GitLab's, Bitbucket's.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Literal
from urllib.parse import urlsplit

from evidencer.errors import GitError
from evidencer.gitrun import run_git

_SCP = re.compile(r"^(?:[^@/]+@)?(?P<host>[^:/]+):(?P<path>[^/].*)$")


# Where a forge keeps a commit, a pull (merge) request and a file at HEAD under the
# repository's page. GitHub's shapes serve any host that is not GitLab's or Bitbucket's:
# GitHub Enterprise Server runs under a company's own host name.
Forge = Literal["github", "gitlab", "bitbucket"]
_SHAPES: dict[Forge, tuple[str, str, str]] = {
    "github": ("commit", "pull", "blob/HEAD"),
    "gitlab": ("-/commit", "-/merge_requests", "-/blob/HEAD"),
    "bitbucket": ("commits", "pull-requests", "src/HEAD"),
}


def forge_of(host: str) -> Forge:
    """``gitlab`` for gitlab.com and hosts named for GitLab, ``bitbucket`` for
    bitbucket.org, else ``github``."""
    name = host.split(":", 1)[0]
    if name == "gitlab.com" or "gitlab" in name.split("."):
        return "gitlab"
    if name == "bitbucket.org":
        return "bitbucket"
    return "github"


@dataclass(frozen=True)
class Remote:
    """``name`` is the repository's path on its host (``owner/repo``; GitLab's may be
    ``group/subgroup/repo``) when known, else the folder name; ``web`` may be None."""

    name: str
    web: str | None
    forge: Forge = "github"

    def commit_url(self, sha: str) -> str | None:
        return f"{self.web}/{_SHAPES[self.forge][0]}/{sha}" if self.web else None

    def pull_url(self, number: int) -> str | None:
        return f"{self.web}/{_SHAPES[self.forge][1]}/{number}" if self.web else None

    @property
    def files(self) -> str | None:
        """Where the files at HEAD are: a postmortem's link is this and its path."""
        return f"{self.web}/{_SHAPES[self.forge][2]}" if self.web else None


def parse_remote_url(url: str) -> tuple[str, str] | None:
    """``(host, owner/repo)`` of a remote URL, or None when it is not a hosted repository.
    On GitLab the whole path: its groups nest (``group/subgroup/repo``)."""
    url = url.strip()
    if "://" in url:
        parts = urlsplit(url)
        if parts.scheme not in {"http", "https", "ssh", "git", "git+ssh"}:
            return None
        host = parts.hostname or ""
        if parts.scheme in {"http", "https"} and parts.port and parts.port not in (80, 443):
            host = f"{host}:{parts.port}"
        path = parts.path
    else:
        scp = _SCP.match(url)
        if not scp:
            return None
        host, path = scp.group("host"), scp.group("path")
    path = path.strip("/")
    if path.endswith(".git"):
        path = path[: -len(".git")]
    segments = [s for s in path.split("/") if s]
    if not host or len(segments) < 2:
        return None
    host = host.lower()
    return host, "/".join(segments if forge_of(host) == "gitlab" else segments[-2:])


def read_remote(repo: Path) -> Remote:
    """The repository's origin remote, or the folder name when there is none."""
    try:
        url = run_git(repo, "remote", "get-url", "origin").decode("utf-8", "replace")
    except GitError:
        url = ""
    parsed = parse_remote_url(url) if url else None
    if parsed is None:
        return Remote(name=repo.resolve().name, web=None)
    host, name = parsed
    return Remote(name=name, web=f"https://{host}/{name}", forge=forge_of(host))


class Remotes(Mapping[Path, Remote]):
    """Each repository's origin, read from git once, when a source or the report's scope
    first asks: ``report`` from the store alone never starts git for it. A plan copied
    with the token's login shares the one reading."""

    def __init__(self, repos: tuple[Path, ...]) -> None:
        self._repos = repos
        self._read: dict[Path, Remote] | None = None

    def _all(self) -> dict[Path, Remote]:
        if self._read is None:
            self._read = {repo: read_remote(repo) for repo in self._repos}
        return self._read

    def __getitem__(self, repo: Path) -> Remote:
        return self._all()[repo]

    def __iter__(self) -> Iterator[Path]:
        return iter(self._all())

    def __len__(self) -> int:
        return len(self._repos)
