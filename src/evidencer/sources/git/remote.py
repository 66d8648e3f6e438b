"""Where a local clone lives on the web: owner/repo and links from its origin remote.

https, ssh and scp-like ``git@host:`` forms; credentials in URLs are dropped. Links take
the shape of the forge: GitHub's (and GitHub Enterprise Server's), GitLab's, Bitbucket's,
Gitea's (and Forgejo's), Azure DevOps'.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Literal
from urllib.parse import urlsplit

from evidencer.errors import EvidencerError, GitError
from evidencer.gitrun import run_git

_SCP = re.compile(r"^(?:[^@/]+@)?(?P<host>[^:/]+):(?P<path>[^/].*)$")


# Where a forge keeps a commit, a pull (merge) request and a file at HEAD under the
# repository's page. GitHub's shapes serve any host no other forge is known by: GitHub
# Enterprise Server runs under a company's own host name. Gitea and Forgejo read HEAD in
# src/branch/HEAD as the default branch; Azure DevOps names a file in a query.
Forge = Literal["github", "gitlab", "bitbucket", "bitbucket-server", "gitea", "azure"]
_SHAPES: dict[Forge, tuple[str, str, str]] = {
    "github": ("commit", "pull", "blob/HEAD"),
    "gitlab": ("-/commit", "-/merge_requests", "-/blob/HEAD"),
    "bitbucket": ("commits", "pull-requests", "src/HEAD"),
    "bitbucket-server": ("commits", "pull-requests", "browse"),
    "gitea": ("commit", "pulls", "src/branch/HEAD"),
    "azure": ("commit", "pullrequest", "?path="),
}
_AZURE = "dev.azure.com"


def forge_of(host: str) -> Forge:
    """``gitlab`` for gitlab.com and hosts named for GitLab, ``bitbucket`` for
    bitbucket.org, ``bitbucket-server`` for other hosts named for Bitbucket (Data Center),
    ``gitea`` for codeberg.org, gitea.com and hosts named for Gitea or Forgejo, ``azure``
    for Azure DevOps (dev.azure.com, *.visualstudio.com), else ``github``."""
    name = host.split(":", 1)[0]
    labels = name.split(".")
    if name == "gitlab.com" or "gitlab" in labels:
        return "gitlab"
    if name == "bitbucket.org":
        return "bitbucket"
    if "bitbucket" in labels:
        return "bitbucket-server"
    if name in ("codeberg.org", "gitea.com") or "gitea" in labels or "forgejo" in labels:
        return "gitea"
    if name.endswith((_AZURE, ".visualstudio.com")):
        return "azure"
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
        if not self.web:
            return None
        shape = _SHAPES[self.forge][2]
        return f"{self.web}{shape}" if shape.startswith("?") else f"{self.web}/{shape}"


def parse_remote_url(url: str) -> tuple[str, str] | None:
    """``(host, owner/repo)`` of a remote URL, or None when it is not a hosted repository.
    On GitLab the whole path: its groups nest (``group/subgroup/repo``)."""
    url = url.strip()
    if "://" in url:
        try:  # a port that is no number or past 65535, an unclosed [IPv6: git keeps them
            parts = urlsplit(url)
            host, port = parts.hostname or "", parts.port
        except ValueError:
            return None
        if parts.scheme not in {"http", "https", "ssh", "git", "git+ssh"}:
            return None
        if parts.scheme in {"http", "https"} and port and port not in (80, 443):
            host = f"{host}:{port}"
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
    forge = forge_of(host)
    if forge == "azure":
        return _azure(host, segments)
    if forge == "bitbucket-server" and segments[0] == "scm" and len(segments) > 2:
        segments = segments[1:]  # https://host/scm/key/repo.git
    return host, "/".join(segments if forge == "gitlab" else segments[-2:])


def _azure(host: str, segments: list[str]) -> tuple[str, str] | None:
    """``(dev.azure.com, org/project/repo)`` from any of Azure DevOps' remote forms:
    ``dev.azure.com/org/project/_git/repo``, ``ssh.dev.azure.com:v3/org/project/repo``,
    ``org.visualstudio.com/[DefaultCollection/]project/_git/repo``."""
    if segments[0] == "v3":  # ssh: v3/org/project/repo, on either host
        segments = segments[1:]
    elif host.endswith(".visualstudio.com"):
        org = host.split(".", 1)[0]
        segments = [org, *(s for s in segments if s != "DefaultCollection")]
    if "_git" in segments:
        at = segments.index("_git")
        before, repo = segments[:at], segments[at + 1 : at + 2]
        if len(before) == 1:  # dev.azure.com/org/_git/repo: the project named as the repo
            before = [*before, *repo]
    else:
        before, repo = segments[:-1], segments[-1:]
    if len(before) != 2 or not repo:
        return None
    return _AZURE, "/".join([*before, *repo])


def web_of(host: str, name: str, forge: Forge) -> str:
    """The repository's page: ``https://host/name``; Azure DevOps' has ``_git`` before the
    repository's own name, Bitbucket Data Center's is ``projects/KEY/repos/repo`` (or
    ``users/name/repos/repo`` for ``~name/repo``)."""
    if forge == "azure":
        org_project, _, repo = name.rpartition("/")
        return f"https://{host}/{org_project}/_git/{repo}"
    if forge == "bitbucket-server":
        key, _, repo = name.partition("/")
        if key.startswith("~"):
            return f"https://{host}/users/{key[1:]}/repos/{repo}"
        return f"https://{host}/projects/{key.upper()}/repos/{repo}"
    return f"https://{host}/{name}"


def read_remote(repo: Path) -> Remote:
    """The repository's origin remote, or the folder name when there is none."""
    try:
        url = run_git(repo, "remote", "get-url", "origin").decode("utf-8", "replace")
    except GitError:
        url = ""
    parsed = parse_remote_url(url) if url else None
    if parsed is None:
        return Remote(name=folder_name(repo), web=None)
    host, name = parsed
    forge = forge_of(host)
    return Remote(name=name, web=web_of(host, name, forge), forge=forge)


def _refuse_namesakes(remotes: Mapping[Path, Remote]) -> None:
    """Two repositories of one name in a run: without a remote, in different folders of
    the same name; or ``owner/repo`` on two hosts. Their items would be one repository's
    in the store, and each would drop the other's as rebased away. The same repository
    given twice (two clones of it, or a folder inside it) is fine."""
    named = Counter(remote.name for remote in remotes.values())
    seen: dict[str, tuple[Path, str | Path]] = {}
    for repo, remote in remotes.items():
        if named[remote.name] == 1:
            continue  # alone under its name: no git process asked where it lives
        home = remote.web if remote.web is not None else _git_dir(repo)
        first = seen.setdefault(remote.name, (repo, home))
        if first[1] != home:
            why = ("have no origin remote to tell them apart" if remote.web is None
                   else f"live on two hosts ({first[1]}, {home})")
            raise EvidencerError(
                f"--repo {first[0]} and --repo {repo} are both named {remote.name!r} and "
                f"{why}, so their evidence would mix; read them in two runs with two "
                "--store files"
                + (", or give one an origin (git remote add origin URL)"
                   if remote.web is None else "")
            )


def _git_dir(repo: Path) -> Path:
    try:
        common = run_git(repo, "rev-parse", "--git-common-dir").decode("utf-8", "replace")
    except GitError:
        return repo.resolve()
    return (repo / common.strip()).resolve()


def folder_name(repo: Path) -> str:
    """A repository without a remote is named after its own folder, wherever in it
    ``repo`` points: a subfolder, its ``.git`` and a linked worktree name the same work
    alike (a bare repository, its folder)."""
    git_dir = _git_dir(repo)
    return git_dir.parent.name if git_dir.name == ".git" else git_dir.name


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
            _refuse_namesakes(self._read)
        return self._read

    def __getitem__(self, repo: Path) -> Remote:
        return self._all()[repo]

    def __iter__(self) -> Iterator[Path]:
        return iter(self._all())

    def __len__(self) -> int:
        return len(self._repos)
