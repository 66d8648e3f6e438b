"""The git source: the people's work in each local repository's history, and the
stored items of a history that was rewritten since (rebased or force-pushed away)."""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Collection, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from evidencer.errors import GitError, Warn
from evidencer.gitrun import run_git
from evidencer.identity import Matcher
from evidencer.model import Evidence, Period
from evidencer.sources.contract import Ask, Sink
from evidencer.sources.git.collect import iter_git_evidence
from evidencer.store.sqlite import EvidenceStore

# A rebased commit keeps its author date; its committer date is later. git lists commits by
# committer date, so a day's margin keeps a commit whose clock ran behind its author's.
_CLOCK_MARGIN = dt.timedelta(days=1)


@dataclass(frozen=True)
class GitSource:
    name: str = "git"
    remote: bool = False

    def read(self, ask: Ask, sink: Sink) -> str:
        matchers = [Matcher(p) for p in ask.people]
        for repo in ask.repos:
            seen: set[str] = set()
            remote = ask.remotes[repo]
            items = iter_git_evidence(repo, matchers=matchers, period=ask.period,
                                      warn=_named_for(repo, ask.note), remote=remote)
            sink.put(_noting(items, seen))
            # when the releases HEAD holds were tagged: what a fix fixed may not have
            # shipped yet (report.levels)
            sink.store.set_sync(RELEASES_KEY + remote.name, json.dumps(release_times(repo)))
            gone = forget_unreachable(sink.store, repo, name=remote.name, period=ask.period,
                                      seen=seen)
            if gone:
                what = "1 stored item dropped: its commit is" if len(gone) == 1 else (
                    f"{len(gone)} stored items dropped: their commits are")
                ask.warn(f"{_shown(repo)}: {what} no longer in the repository's history "
                         "(rebased or force-pushed away)")
        return ", ".join(_shown(r) for r in ask.repos) or "none"


RELEASES_KEY = "git-releases:"  # + the repository's name: its release tags' times, JSON
# A release's tag: a version, not a pre-release (a beta's users run it, but "shipped" in
# the document means the release: paperless-ngx's v3 fixes before its 3.0.0 were fixes
# of work no release had), nor a nightly
_RELEASE_TAG = re.compile(r"(?:[\w.-]*[-_/@])?v?\d+(?:\.\d+){1,3}")
# ... as a word of its own: "v2.0.0-rc.1", "beta-2.0", "nightly-2026.03.01"; not a package
# named so ("preact@10.2.0", "devtools-v1.2")
_PRE_RELEASE = re.compile(r"(?:^|[-_.])(?:alpha|beta|rc|pre|dev|nightly|snapshot|canary|preview"
                          r"|next|edge)(?=[-_.\d]|$)", re.IGNORECASE)


def release_times(repo: Path) -> list[int]:
    """When each release tag HEAD reaches was made (the tagger's time, or the tagged
    commit's), in seconds, oldest first; none where git cannot say."""
    try:
        listed = run_git(repo, "for-each-ref", "--merged", "HEAD",
                         "--format=%(refname:strip=2)%00%(creatordate:unix)", "refs/tags")
    except GitError:  # no HEAD yet, or a damaged clone: no release is known
        return []
    times = set()
    for line in listed.decode("utf-8", "replace").splitlines():
        name, _, when = line.partition("\0")
        if _RELEASE_TAG.fullmatch(name) and not _PRE_RELEASE.search(name) and when.isdigit():
            times.add(int(when))
    return sorted(times)


def _shown(repo: Path) -> str:
    """The repository as the user named it, or its folder's name where the path names none
    (``--repo .`` had read "Sources: git (.)")."""
    if repo.name not in ("", ".", ".."):
        return str(repo)
    return repo.resolve().name or str(repo)


def _named_for(repo: Path, warn: Warn) -> Warn:
    """``warn``, with a note that starts with the repository's path starting with its
    name instead (traefik's "Note: .: 2 commits … are by 'Romain Tribotte'")."""
    path, shown = f"{repo}: ", f"{_shown(repo)}: "
    if path == shown:
        return warn

    def named(message: str) -> None:
        warn(shown + message[len(path):] if message.startswith(path) else message)

    return named


def _noting(items: Iterable[Evidence], seen: set[str]) -> Iterator[Evidence]:
    for item in items:
        seen.add(item.id)
        yield item


def forget_unreachable(
    store: EvidenceStore, repo: Path, *, name: str, period: Period, seen: Collection[str] = ()
) -> list[str]:
    """Remove the repository's git-only items in the period whose commits its history
    (``HEAD``) no longer reaches: a rebase or force-push dropped or rewrote them.

    ``seen`` are the ids this run just read from that history: reached, so not checked;
    git is asked only about the others. Items GitHub also reported stay: the pull request
    exists whatever the clone holds. A shallow clone or an empty repository cannot say
    what is gone, so nothing leaves. ``name`` is the repository's name on its items.
    """
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
