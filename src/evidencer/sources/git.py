"""Local history as evidence: commits, and pull requests recognised from merge commits.

Two streamed ``git log`` processes: one over every commit's metadata (to see who wrote
what and which merge brought it in), one for diff stats of the commits that matter.
"""

from __future__ import annotations

import datetime as dt
import queue
import re
import threading
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path

from evidencer.errors import GitError
from evidencer.gitrun import run_git, stream_git
from evidencer.identity import Matcher, split_contact
from evidencer.model import Actor, Evidence, Period, parse_datetime
from evidencer.sources.gitlog import (
    DETAIL_ARGS,
    META_FORMAT,
    Commit,
    Details,
    apply_details,
    parse_details,
    parse_metadata,
)
from evidencer.sources.remote import Remote, read_remote

_MERGE_PR = re.compile(r"^Merge pull request #(?P<n>\d+) from (?P<branch>\S+)")
_SQUASH_PR = re.compile(r"^(?P<title>.*\S)\s+\(#(?P<n>\d+)\)$")

Warn = Callable[[str], None]


def check_repository(repo: Path) -> None:
    if not repo.exists():
        raise GitError(f"{repo}: no such directory")
    try:
        run_git(repo, "rev-parse", "--git-dir")
    except GitError as exc:
        raise GitError(f"{repo}: not a git repository") from exc


def is_shallow(repo: Path) -> bool:
    return run_git(repo, "rev-parse", "--is-shallow-repository").strip() == b"true"


def has_commits(repo: Path) -> bool:
    try:
        run_git(repo, "rev-parse", "--verify", "--quiet", "HEAD^{commit}")
    except GitError:
        return False
    return True


def iter_git_evidence(
    repo: Path,
    *,
    matchers: Sequence[Matcher],
    period: Period,
    warn: Warn,
    remote: Remote | None = None,
) -> Iterator[Evidence]:
    """Yield the evidence in ``repo`` that involves any of the people, within the period."""
    check_repository(repo)
    if not has_commits(repo):
        warn(f"{repo}: the repository has no commits yet")
        return
    if is_shallow(repo):
        warn(
            f"{repo}: this is a shallow clone, so history before its cut is missing; "
            "run `git fetch --unshallow` to read all of it"
        )
    remote = remote or read_remote(repo)
    # git computes the person's diffs in one process while we read everyone's metadata
    # from another; items are yielded as their diffs arrive, so the caller's work
    # (classifying, storing) overlaps git's instead of waiting for it.
    authored: queue.Queue[tuple[str, Details] | BaseException | None] = queue.Queue()
    reader = threading.Thread(
        target=_read_authored_details,
        args=(repo, period, _author_patterns(matchers), authored),
        daemon=True,
    )
    reader.start()
    commits = _read_metadata(repo, period)
    owner = _assign_to_pull_requests(commits)
    contacts = _canonical_co_authors(repo, commits)

    def involved(commit: Commit) -> bool:
        for matcher in matchers:
            if matcher.is_me(name=commit.name, email=commit.email):
                return True
            if any(matcher.is_me(name=n, email=e) for n, e in _co(commit, contacts)):
                return True
        return False

    members: dict[str, list[str]] = {}
    for sha, merge_sha in owner.items():
        members.setdefault(merge_sha, []).append(sha)
    wanted: list[str] = []
    for sha, commit in commits.items():
        if _MERGE_PR.match(commit.subject):
            pr_commits = [commits[c] for c in members.get(sha, ())]
            if any(involved(c) for c in pr_commits) or involved(commit):
                wanted.append(sha)
                wanted.extend(c.sha for c in pr_commits if involved(c))
        elif len(commit.parents) <= 1 and involved(commit):
            wanted.append(sha)
    wanted = list(dict.fromkeys(wanted))
    wanted_set = set(wanted)

    def standalone(sha: str) -> Evidence | None:
        commit = commits[sha]
        if sha in owner or _MERGE_PR.match(commit.subject) or len(commit.parents) > 1:
            return None
        return _commit_item(commit, remote, contacts)

    done: set[str] = set()
    while (entry := authored.get()) is not None:
        if isinstance(entry, BaseException):
            raise entry
        sha, details = entry
        if sha not in wanted_set:
            continue
        apply_details(commits[sha], details)
        done.add(sha)
        item = standalone(sha)
        if item is not None:
            commits[sha].body, commits[sha].paths = "", ()  # in the item now: not kept twice
            if period.contains(item.date):
                yield item
    reader.join()
    _read_details(repo, [commits[sha] for sha in wanted if sha not in done])

    for sha in wanted:
        commit = commits[sha]
        merge = _MERGE_PR.match(commit.subject)
        if merge:
            pr_commits = [commits[c] for c in members.get(sha, ())]
            item = _pull_request_from_merge(commit, pr_commits, merge, remote, contacts)
        elif sha in done or sha in owner:
            continue  # already yielded, or folded into its pull request
        else:
            item = _commit_item(commit, remote, contacts)
        if period.contains(item.date):
            yield item


def _co(commit: Commit, contacts: dict[str, tuple[str, str]]) -> list[tuple[str, str]]:
    out = []
    for name, email in commit.co_authors:
        out.append(contacts.get(f"{name} <{email}>", (name, email)))
    return out


def _read_metadata(repo: Path, period: Period) -> dict[str, Commit]:
    """Every commit since the period start, newest first, without diffs."""
    args = [
        "log", "--use-mailmap", f"--format={META_FORMAT}",
        f"--since={period.start.isoformat()}", "HEAD", "--",
    ]
    commits = parse_metadata(stream_git(repo, *args))
    _add_merged_late(repo, commits)
    return commits


def _add_merged_late(repo: Path, commits: dict[str, Commit]) -> None:
    """Add commits written before the period but merged during it, in one more process.

    ``--since`` leaves them out, yet they say who wrote a pull request merged in the
    period; without them its merger would look like its author. They are exactly what
    the missing parents reach that the last first-parent commit before the period
    does not.
    """
    if not commits:
        return
    boundary: str | None = None
    current = next(iter(commits))
    while current in commits:
        parents = commits[current].parents
        if not parents:
            break
        current = parents[0]
        if current not in commits:
            boundary = current
    missing = {
        parent for commit in commits.values() for parent in commit.parents
        if parent not in commits and parent != boundary
    }
    if not missing:
        return
    exclude = ["--not", boundary] if boundary else []
    args = ["log", "--use-mailmap", f"--format={META_FORMAT}", "--stdin", *exclude, "--"]
    stdin = "".join(f"{sha}\n" for sha in sorted(missing)).encode()
    for sha, commit in parse_metadata(stream_git(repo, *args, input_bytes=stdin)).items():
        commits.setdefault(sha, commit)


def _author_patterns(matchers: Sequence[Matcher]) -> list[str]:
    values = []
    for matcher in matchers:
        values += [*matcher.person.emails, *matcher.person.names]
    return [f"--author={value}" for value in dict.fromkeys(values) if value]


def _read_authored_details(
    repo: Path,
    period: Period,
    patterns: Sequence[str],
    out: queue.Queue[tuple[str, Details] | BaseException | None],
) -> None:
    """Messages and numstat of the commits whose (mailmapped) author is one of the people.

    git matches ``--author`` as a fixed string against the mailmapped "Name <email>", a
    superset of who is really the person; the consumer decides with its own matcher.
    Runs in a thread: results, or the error that stopped it, go to ``out``; None ends.
    """
    try:
        if patterns:
            args = ["log", "--use-mailmap", "--fixed-strings", "--regexp-ignore-case",
                    *patterns, *DETAIL_ARGS, f"--since={period.start.isoformat()}", "HEAD",
                    "--"]
            for entry in parse_details(stream_git(repo, *args)):
                out.put(entry)
    except BaseException as exc:  # handed to the consumer, which re-raises it
        out.put(exc)
    finally:
        out.put(None)


def _read_details(repo: Path, commits: Sequence[Commit]) -> None:
    """Full messages, trailers and numstat for the chosen commits, in one process."""
    if not commits:
        return
    by_sha = {c.sha: c for c in commits}
    args = ["log", "--no-walk=unsorted", "--stdin", *DETAIL_ARGS]
    stdin = "".join(f"{sha}\n" for sha in by_sha).encode()
    for sha, details in parse_details(stream_git(repo, *args, input_bytes=stdin)):
        if sha in by_sha:
            apply_details(by_sha[sha], details)


def _assign_to_pull_requests(commits: dict[str, Commit]) -> dict[str, str]:
    """Map each commit a pull-request merge brought in (``M^1..M^2``) to that merge.

    Walks the first-parent line from HEAD oldest first; a merge's side branches are
    walked the same way, so a pull request merged into a release branch that was
    merged later still owns its own commits.
    """
    owner: dict[str, str] = {}
    claimed: set[str] = set()
    if not commits:
        return owner
    head = next(iter(commits))

    def process_line(tip: str) -> list[str]:
        line: list[str] = []
        current: str | None = tip
        while current is not None and current in commits and current not in claimed:
            claimed.add(current)
            line.append(current)
            parents = commits[current].parents
            current = parents[0] if parents else None
        free: list[str] = []
        for sha in reversed(line):
            side: list[str] = []
            for parent in commits[sha].parents[1:]:
                side.extend(process_line(parent))
            if _MERGE_PR.match(commits[sha].subject):
                for member in side:
                    owner[member] = sha
            else:
                free.extend(side)
            free.append(sha)
        return free

    process_line(head)
    return owner


def _canonical_co_authors(
    repo: Path, commits: dict[str, Commit]
) -> dict[str, tuple[str, str]]:
    """Co-authored-by trailers are free text: map them through ``.mailmap`` in one call."""
    contacts = sorted(
        {f"{n} <{e}>" for c in commits.values() for n, e in c.co_authors if e}
    )
    if not contacts:
        return {}
    try:
        out = run_git(repo, "check-mailmap", *contacts).decode("utf-8", "replace")
    except GitError:
        return {}
    return {
        contact: split_contact(line)
        for contact, line in zip(contacts, out.splitlines(), strict=False)
    }


def _actors(commit: Commit, contacts: dict[str, tuple[str, str]]) -> list[Actor]:
    actors = [Actor(role="author", name=commit.name, email=commit.email)]
    for name, email in _co(commit, contacts):
        actors.append(Actor(role="co_author", name=name, email=email))
    return actors


def _commit_item(
    commit: Commit, remote: Remote, contacts: dict[str, tuple[str, str]]
) -> Evidence:
    squash = _SQUASH_PR.match(commit.subject)
    body = _strip_subject(commit.body, commit.subject)
    common = {
        "repo": remote.name,
        "body": body,
        "date": _date(commit.authored),
        "actors": tuple(_actors(commit, contacts)),
        "paths": tuple(commit.paths),
        "additions": commit.additions,
        "deletions": commit.deletions,
        "shas": (commit.sha,),
        "sources": ("git",),
        "overrides": tuple(commit.overrides),
    }
    if squash:
        number = int(squash.group("n"))
        return Evidence(
            id=f"pr:{remote.name}#{number}",
            kind="pull_request",
            title=squash.group("title"),
            url=remote.pull_url(number),
            number=number,
            extra={"state": "merged", "merged_at": commit.committed},
            **common,  # type: ignore[arg-type]
        )
    return Evidence(
        id=f"commit:{remote.name}@{commit.sha}",
        kind="commit",
        title=commit.subject,
        url=remote.commit_url(commit.sha),
        **common,  # type: ignore[arg-type]
    )


def _pull_request_from_merge(
    merge: Commit,
    members: Sequence[Commit],
    match: re.Match[str],
    remote: Remote,
    contacts: dict[str, tuple[str, str]],
) -> Evidence:
    """A merge commit's author pressed the button; the PR's authors wrote its commits."""
    number = int(match.group("n"))
    body = _strip_subject(merge.body, merge.subject)
    lines = body.splitlines()
    title = lines[0].strip() if lines and lines[0].strip() else match.group("branch")
    rest = "\n".join(lines[1:]).strip()
    notes = [c.subject for c in reversed(members) if c.subject]
    actors: list[Actor] = []
    for member in reversed(members):
        actors.extend(_actors(member, contacts))
    if not any(a.role == "author" for a in actors):
        actors.append(Actor(role="author", name=merge.name, email=merge.email))
    actors.append(Actor(role="merger", name=merge.name, email=merge.email))
    overrides = [o for c in (merge, *members) for o in c.overrides]
    return Evidence(
        id=f"pr:{remote.name}#{number}",
        kind="pull_request",
        repo=remote.name,
        title=title,
        url=remote.pull_url(number),
        body="\n".join([rest, *notes]).strip() if rest else "\n".join(notes),
        date=_date(merge.committed),
        actors=tuple(dict.fromkeys(actors)),
        paths=tuple(merge.paths),
        additions=merge.additions,
        deletions=merge.deletions,
        number=number,
        shas=(merge.sha, *(c.sha for c in members)),
        sources=("git",),
        overrides=tuple(dict.fromkeys(overrides)),
        extra={"state": "merged", "merged_at": merge.committed, "commits": len(members)},
    )


def _strip_subject(body: str, subject: str) -> str:
    if body.startswith(subject):
        body = body[len(subject) :]
    return body.strip()


def _date(text: str) -> dt.datetime:
    return parse_datetime(text)
