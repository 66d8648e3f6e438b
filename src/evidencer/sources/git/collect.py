"""Local history as evidence: commits, and pull requests recognised from merge commits.

One streamed ``git log`` pass over every commit's metadata (to see who wrote what and
which merge brought it in), then diffs of just the commits that become items (and the
message of a one-commit pull request's commit), read over stdin by one or two more
processes while the caller classifies (see ``_details``). Who gets a pull request's
credit is ``gitcredit``'s job; which lines of a message are a commit list, ``squash``'s.
"""

from __future__ import annotations

import datetime as dt
import functools
import itertools
import posixpath
import queue
import re
import threading
from collections import Counter
from collections.abc import Callable, Collection, Iterable, Iterator, Mapping, Sequence
from dataclasses import replace
from pathlib import Path
from typing import TypeVar

from evidencer.errors import GitError, Warn
from evidencer.gitrun import run_git, stream_git
from evidencer.identity import Matcher, name_key, noreply_login, split_contact
from evidencer.model import (
    NO_FACTS,
    WRITTEN_LONG_BEFORE,
    Actor,
    Evidence,
    Facts,
    Period,
    actor_is_bot,
    landed_title,
    parse_datetime,
    with_notes,
)
from evidencer.reverts import (
    cut_short,
    picked_from,
    pull_number,
    reverted_subject,
    same_subject,
    standing,
    whole_subject,
)
from evidencer.sources.git.attributes import marked_generated
from evidencer.sources.git.credit import (
    LoginIndex,
    mailmap_only_by_name,
    merge_addresses,
    other_addresses,
    other_names,
    pull_request_actors,
    signatures,
)
from evidencer.sources.git.fragments import (
    NotesAsked,
    changelog_title,
    closed_number,
    fragment_title,
    notes_asked,
    read_notes,
)
from evidencer.sources.git.graph import (
    BITBUCKET_BOOKKEEPING,
    DEVELOPMENT_BRANCH,
    LANDING_SAMPLE,
    MAINTENANCE_BRANCH,
    MR_REFERENCE,
    PullRequestMerge,
    assign_to_pull_requests,
    co_authors,
    contacts_of,
    first_parent_line,
    foreign_commits,
    lands_by_closing,
    members_of,
    named_pull_request,
    pull_request_merge,
    pull_request_numbers,
    reviewed_commits,
    squashed_pull_request,
    wanted_commits,
)
from evidencer.sources.git.log import (
    DETAIL_ARGS,
    META_LOG,
    US,
    Commit,
    Details,
    apply_details,
    decode,
    parse_detail,
    parse_metadata,
    raw_records,
)
from evidencer.sources.git.remote import Remote, read_remote
from evidencer.sources.git.squash import (
    co_author_lines,
    listed_co_authors,
    merged_in_pulls,
    strip_commit_list,
)
from evidencer.vendored import in_docs, in_tests, vendored

_BRANCH_WORDS = re.compile(r"[-_]+")
# GitHub lands the fix of a security advisory, made in the advisory's temporary private
# fork, as one commit with this subject ("Merge pull request from GHSA-…" before 2024).
_PRIVATE_FORK = re.compile(
    r"^Merge (?:commit from fork|pull request from (GHSA-[\w-]+))$", re.IGNORECASE
)
# A trailer's key is capitalised or hyphenated (Co-authored-by:, Fixes:); a lower-case word
# is a subject's scope ("transport: Enforce overall limit on controlBuffer size").
_TRAILER_LINE = re.compile(r"^(?:[A-Z][\w-]*|\w+-[\w-]+): ")
# Lines of a squashed branch that say nothing of the fix: review rounds and bookkeeping.
_BOOKKEEPING = re.compile(
    r"^(?:(?:apply|address|incorporate)\b.*\b(?:suggestions?|review|feedback|comments?)\b"
    r"|(?:add|update|fix)\b.*\b(?:changelog|change log|news|tests?|typos?|lint|comments?)\b"
    r"|(?:wip|review|lint|format\w*|typo|tests?|changelog)\b"
    # GitHub's own lines when a fork's commits are merged without squashing (grpc-go)
    r"|see (?:the )?individual commits\b|commit #\d+\s*$|=+\s*$)",
    re.IGNORECASE,
)
_NOT_CODE = re.compile(r"test|doc|changelog|changes|news", re.IGNORECASE)


def check_repository(repo: Path) -> None:
    if not repo.exists():
        raise GitError(f"{repo}: no such directory")
    try:
        run_git(repo, "rev-parse", "--git-dir")
    except GitError as exc:
        if "dubious ownership" in exc.said:  # git's own fix, which it names
            raise GitError(
                f"{repo}: git refuses a repository another user owns (dubious ownership); "
                f"if you trust it: git config --global --add safe.directory {repo.resolve()}"
            ) from exc
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
    """Yield the evidence in ``repo`` that involves any of the people, within the period.

    git starts on the call, not on the first item: the caller's own set-up (loading the
    rubric, opening the store) overlaps git's work.
    """
    check_repository(repo)
    if not has_commits(repo):
        warn(f"{repo}: the repository has no commits yet")
        return iter(())
    shallow = is_shallow(repo)
    if shallow:
        warn(
            f"{repo}: this is a shallow clone, so history before its cut is missing; "
            "run `git fetch --unshallow` to read all of it"
        )
    # One process writes every commit's metadata while the caller sets itself up; the
    # diffs of just the commits that become items follow (see _details).
    metadata = _in_background(lambda: _stream_metadata(repo, period))
    return _evidence(
        repo, matchers=matchers, period=period, remote=remote or read_remote(repo),
        metadata=metadata, warn=warn, shallow=shallow,
    )


def _evidence(
    repo: Path,
    *,
    matchers: Sequence[Matcher],
    period: Period,
    remote: Remote,
    metadata: Reader[bytes],
    warn: Warn,
    shallow: bool = False,
) -> Iterator[Evidence]:
    commits = parse_metadata(_drain(metadata))
    _add_committed_behind(repo, commits, period)
    first = _add_merged_late(repo, commits)
    _add_co_authors_beyond_trailers(repo, commits, matchers, period)
    if not shallow:
        _mark_foreign(repo, commits, first, warn)
    # who committed a commit landed it only on the branch itself: a branch's commits are
    # landed by the merge that brought them in, whoever rebased them on the way
    landed = set(first_parent_line(commits))
    for commit in commits.values():
        if commit.committer is not None and commit.sha not in landed:
            commit.committer = None
    _forget_batch_rebases(commits.values())
    _forget_imports(commits.values())
    branches = _branches(repo)
    _forget_forge_copies(repo, commits, matchers, period, branches)
    reverts = _reverts(commits.values())
    gitlab = remote.forge == "gitlab"
    landers: dict[str, str] = {}
    owner = assign_to_pull_requests(commits, gitlab=gitlab, landers=landers)
    # ... and whoever merged a branch by hand landed its commits (git's maintainer)
    for side, by in landers.items():
        commits[side].landed_by(commits[by].name, commits[by].email)
        commits[side].merged_at = commits[by].landed_at
        if commits[side].committer is not None:
            commits[side].landed_at = commits[by].landed_at
    landing = not gitlab and _lands_by_closing(repo, commits, period, warn)
    web_name = remote.name if remote.web else ""  # a PR-URL names a pull request of it
    contacts = _canonical_contacts(repo, commits)
    wanted = [commits[sha] for sha in wanted_commits(commits, owner, contacts, matchers,
                                                     gitlab=gitlab)]
    # what the hints count: not commits made long before the period that a merge of it
    # brought in (nuxt's merge of its 2016-2022 history made commits of 2019 read as since
    # the period's start, under two old addresses of its maintainer's); a pull request's
    # commits of the weeks before it, merged in the period, still count
    start = period.start.timestamp() - LONG_BEFORE
    recent = [c for c in commits.values()
              if not (c.committed_at.isdigit() and int(c.committed_at) < start)]
    signed = signatures(recent)
    try:
        mailmap = (repo / ".mailmap").read_text(encoding="utf-8", errors="replace")
    except OSError:  # none, or not a file: nothing it could have left out
        mailmap = ""
    for matcher in matchers:
        _hint_other_addresses(repo, signed, matcher, period, warn, mailmap=mailmap,
                              commits=recent)
    _hint_maintenance_branches(repo, commits, matchers, period, warn, branches)
    # A pull request needs its merge's message and diff; its commits' trailers came with
    # the metadata, so their own diffs are not read, except for the message of a pull
    # request's only commit: the best description the history has when the merge's
    # message is just a title. Other commits stand alone.
    merges = {c.sha: pr for c in wanted
              if (pr := pull_request_merge(c, gitlab=gitlab)) is not None}
    mine = {c.sha for c in wanted}
    shared = _sharing_a_number(commits, owner, mine, gitlab=gitlab, landing=landing,
                               repo=web_name)
    number_of = {sha: number for number, shas in shared.items() for sha in shas}
    # the other parts' files and sizes are needed too, whoever wrote them
    others = [c for sha, c in commits.items() if sha in number_of and sha not in mine] \
        if number_of else []  # in history order, as the rest
    for commit in others:
        if len(commit.parents) > 1 and (pr := pull_request_merge(commit)) is not None:
            merges[commit.sha] = pr
    members = members_of(owner)
    lone = _lone_commits(commits, merges, members)  # merge -> its only commit
    lone_of = {member: merge for merge, member in lone.items()}
    chosen: list[Commit] = []  # in history order
    for commit in (*wanted, *others):
        if commit.sha in merges:
            chosen.append(commit)
            if commit.sha in lone:
                chosen.append(commits[lone[commit.sha]])
        elif commit.sha not in owner and len(commit.parents) <= 1:
            chosen.append(commit)
    # the commits the people reviewed: their diffs tell the reviews' areas
    reviewed = reviewed_commits(commits, contacts, matchers)
    needed = {c.sha for c in chosen} if reviewed else set()
    chosen += [commits[sha] for sha in reviewed if sha not in needed]
    # ... of commits on the branch's own line: one on a release branch merged in may be a
    # copy made again by hand, its files adapted to the branch (traefik)
    repeated = _patch_ids(repo, [c for c in wanted if c.sha in landed and c.sha not in owner
                                 and c.sha not in merges and len(c.parents) <= 1])
    held: dict[int, dict[str, Evidence]] = {}  # a shared number's parts, by sha
    alone: dict[str, Evidence] = {}  # the same commits as items of their own
    repo_owner = remote.name.split("/", 1)[0] if remote.web else None
    logins = LoginIndex(commits.values())
    generated = marked_generated(repo, warn)
    unread: list[str] = []  # commits whose files the clone lacks, said once at the end
    sizes = _branch_sizes(repo, commits, merges, members, generated, unread)

    def pull_request(merge: Commit) -> Evidence:
        pr_commits = [commits[c] for c in members.get(merge.sha, ())]
        # A pull request that joins another repository's history is the joiners' work:
        # astro's "Merge language tools into monorepo" was credited to whoever wrote that
        # repository's first commit, four years before. When the branch is that history
        # with the joiner's commit on top, its tip is theirs if it is of the period.
        joined = [c for c in pr_commits if not c.foreign]
        if not joined and pr_commits and _authored_in(repo, pr_commits[-1].sha, period):
            joined = pr_commits[-1:]
        actors = pull_request_actors(
            merge, joined, branch=merges[merge.sha].branch, repo_owner=repo_owner,
            contacts=contacts, logins=logins, sizes=sizes,
        )
        only = commits[lone[merge.sha]] if merge.sha in lone else None
        item = _pull_request_from_merge(
            merge, pr_commits, merges[merge.sha], remote, actors, only=only
        )
        if only is not None:
            only.body = ""
        return item

    landed_pulls: dict[int, Commit] | None = None

    def pull_of(number: int) -> Commit | None:
        """The squash that landed pull request ``number``, once a list names one."""
        nonlocal landed_pulls
        if landed_pulls is None:
            landed_pulls = {}
            for other in commits.values():
                if len(other.parents) <= 1 and (found := squashed_pull_request(
                        other.subject, gitlab=gitlab)) is not None:
                    landed_pulls.setdefault(found[0], other)
        return landed_pulls.get(number)

    # by sha: with where their release notes are (fragments, or changelogs whose entries
    # are theirs)
    noted: dict[str, tuple[Evidence, NotesAsked]] = {}
    reviews: dict[str, Evidence] = {}  # by id: a merged branch's commits are one review
    arrived: set[str] = set()  # lone commits whose message has come
    waiting: dict[str, Commit] = {}  # merges waiting for their lone commit's message
    prefixes: dict[str, list[str]] | None = None  # the commits by prefix, once one is named
    for sha, details in _details(repo, chosen, generated, unread):
        commit = commits[sha]
        apply_details(commit, details)
        item: Evidence
        if sha in reviewed:
            pull = _reviewed_pull_request(commit, commits, owner, landing=landing,
                                          gitlab=gitlab, repo=web_name)
            for reviewer in reviewed[sha]:
                review = _review_item(commit, reviewer, remote, pull)
                known_review = reviews.get(review.id)
                reviews[review.id] = review if known_review is None \
                    else _one_review(known_review, review)
            if sha not in needed:  # reviewed, no part of the people's own items
                commit.body, commit.paths = "", ()
                continue
        if sha in lone_of:  # read for its message alone
            commit.paths = ()
            arrived.add(sha)
            merge = waiting.pop(lone_of[sha], None)
            if merge is None:
                continue
            commit = merge
            item = pull_request(merge)
        elif sha in merges:
            if sha in lone and lone[sha] not in arrived:
                waiting[sha] = commit
                continue
            item = pull_request(commit)
        elif not commit.paths and sha not in unread and sha not in number_of \
                and _changes_nothing(repo, commit):
            # A commit that changes no file is no work: pipx's "keyring auth and URL
            # constraint handling", a squash of what had landed already, was a second
            # Product Stability item beside the change itself; pnpm's and fiber's too.
            commit.body = ""
            continue
        else:
            if picked_from(commit.subject, commit.body):
                if prefixes is None:
                    prefixes = _by_prefix(commits)
                commit.picked = _copied_from(repo, commit, commits, prefixes)
            named = named_pull_request(commit, landing=landing, gitlab=gitlab, repo=web_name)
            on_line = sha in landed
            item = _commit_item(commit, remote, contacts, named, landing=landing,
                                on_line=on_line, pulls=pull_of)
            if sha in repeated:
                item = replace(item, facts=replace(item.facts, patch_id=repeated[sha]))
            if sha in number_of:  # the commit it stays when it is no part of the pull request
                alone[sha] = _commit_item(commit, remote, contacts, None, landing=landing,
                                          on_line=on_line)
        commit.body, commit.paths = "", ()  # in the item now: not kept twice
        if commit.sha in number_of:  # one part of a pull request others name too
            held.setdefault(number_of[commit.sha], {})[commit.sha] = item
        elif not period.contains(item.date):
            continue
        elif asked := notes_asked(item.title, item.paths, item.number):
            noted[commit.sha] = (item, asked)  # its description waits for them
        else:
            yield _mark_reverted(item, reverts, remote)
    if unread:  # one warning for the person's commits and the branches they merged
        # ... naming them (paperless-ngx's reader could not tell which commit it meant)
        shas = sorted({sha[:10] for sha in unread})  # threads found them in no fixed order
        which = ", ".join(shas[:3]) + (f" and {len(shas) - 3} more" if len(shas) > 3 else "")
        warn(f"{repo}: git cannot read some files of {len(shas)} commit(s) ({which}), so "
             "their line counts are unknown: a partial clone without its server, or a "
             "damaged one (`git fsck` names what is missing)")
    for merge in waiting.values():  # only if git left a commit out: never in practice
        item = pull_request(merge)
        if merge.sha in number_of:
            held.setdefault(number_of[merge.sha], {})[merge.sha] = item
        elif period.contains(item.date):
            yield _mark_reverted(item, reverts, remote)
    if noted:
        try:
            said = read_notes(repo, {sha: asked for sha, (_, asked) in noted.items()})
        except GitError as exc:  # a partial clone away from its server: the work stands
            warn(f"{exc}; the changelog fragments of {len(noted):,} change(s) were not "
                 "read, so their descriptions are what their commits say")
            said = {}
        for sha, (item, asked) in noted.items():
            if sha in said:
                item = replace(item, body=with_notes(item.body, said[sha]))
                if item.title.endswith(BRANCH_TITLE) and (better := fragment_title(said[sha])):
                    item = replace(item, title=better)
                elif asked.changelogs and closed_number(item.title) is not None and (
                        better := changelog_title(said[sha])):
                    item = replace(item, title=f"{better} ({item.title.strip()})")
            yield _mark_reverted(item, reverts, remote)
    # a pull request's reviewed commits are one review, dated by the last: its period's
    yield from (review for review in reviews.values() if period.contains(review.date))
    for number, parts in held.items():
        # the history is read from --since to HEAD: parts after --until are not this period's
        ordered = [parts[sha] for sha in shared[number]
                   if sha in parts and period.contains(parts[sha].date)]
        for item in one_pull_request(ordered, alone, merges) if ordered else ():
            if any(sha in mine for sha in item.shas):  # not only the others' parts
                yield _mark_reverted(item, reverts, remote)


REPEAT_WINDOW = 86_400  # seconds: a subject used again this soon may be a copy (report.copies)
# Diffs read at most for that: a few dozen in real histories (pocketbase's year, 14);
# benchmarks/git_history.py's ten subjects, thousands, would cost more than git's pass
MAX_PATCHES = 300
PATCH_LINES = 200_000  # lines of those diffs read at most: the rest told by subject


def _patch_ids(repo: Path, commits: Sequence[Commit]) -> dict[str, str]:
    """git's patch-id of each commit whose subject another of ``commits`` has, committed
    within REPEAT_WINDOW of it: what tells the same change landed twice on one line (a
    mirror, a cherry-pick) from two edits under one subject. filebrowser's two
    "ci: update transifex settings" a minute apart, one line each in the same file, and
    pocketbase's "updated changelog" of the same afternoon had read as one change landed
    twice. One git call for them all; none when no subject repeats."""
    by_subject: dict[str, list[tuple[int, str]]] = {}
    for commit in commits:
        if commit.committed_at.isdigit():
            by_subject.setdefault(same_subject(commit.subject), []).append(
                (int(commit.committed_at), commit.sha))
    wanted: set[str] = set()
    for found in by_subject.values():
        found.sort()
        for (before, first), (after, later) in itertools.pairwise(found):
            if after - before <= REPEAT_WINDOW:
                wanted.update((first, later))
    if not wanted or len(wanted) > MAX_PATCHES:
        return {}  # none, or a history of template subjects ("wip" all day): by subject
    try:
        # the diffs are held once: the smallest first, up to PATCH_LINES in all (six
        # regenerated API clients of 2M lines each had taken 500 MB)
        sizes = _changed_lines(run_git(repo, "log", "--no-walk=unsorted", "--format=%H",
                                       "--shortstat", *sorted(wanted)))
        read: list[str] = []
        total = 0
        for sha in sorted(wanted, key=lambda sha: (sizes.get(sha, 0), sha)):
            total += sizes.get(sha, 0)
            if total > PATCH_LINES:
                break
            read.append(sha)
        if not read:
            return {}
        patches = run_git(repo, "show", "--no-color", "--no-ext-diff", "--no-textconv",
                          "--format=commit %H", "-p", *read)
        ids = run_git(repo, "patch-id", "--stable", input_bytes=patches)
    except GitError:  # objects the clone lacks: copies are told by their subjects alone
        return {}
    out: dict[str, str] = {}
    for line in ids.decode("ascii", "replace").splitlines():
        patch, _, sha = line.partition(" ")
        if sha in wanted:
            out[sha] = patch
    return out


_SHORTSTAT = re.compile(rb"(\d+) (?:insertion|deletion)")
_SHA_LINE = re.compile(rb"[0-9a-f]{40}(?:[0-9a-f]{24})?")  # SHA-1 or SHA-256


def _changed_lines(shortstat: bytes) -> dict[str, int]:
    """``git log --format=%H --shortstat``: the lines each commit adds and removes."""
    sizes: dict[str, int] = {}
    sha = ""
    for line in shortstat.splitlines():
        if _SHA_LINE.fullmatch(line):
            sha = line.decode("ascii")
            sizes[sha] = 0
        elif sha and b"changed" in line:
            sizes[sha] += sum(int(n) for n in _SHORTSTAT.findall(line))
    return sizes


def _authored_in(repo: Path, sha: str, period: Period) -> bool:
    """Whether a commit was written in the period (one git call: asked of the rare merge
    that joins another history and brings nothing else)."""
    when = run_git(repo, "log", "-1", "--format=%aI", sha, "--").decode().strip()
    return bool(when) and period.contains(_date(when))


def _mark_foreign(
    repo: Path, commits: dict[str, Commit], first: str | None, warn: Warn
) -> None:
    """Mark the commits of a history merged in whole (graph.foreign_commits), and say so
    when their subjects name pull requests: those numbers are another repository's."""
    def committed_at(shas: Sequence[str]) -> dict[str, int]:
        try:
            out = run_git(repo, "log", "--no-walk=unsorted", "--format=%H %ct", "--stdin",
                          input_bytes="".join(f"{sha}\n" for sha in shas).encode())
        except GitError:
            return {}
        found = (line.split(" ") for line in out.decode("ascii", "replace").splitlines())
        return {parts[0]: int(parts[1]) for parts in found
                if len(parts) == 2 and parts[1].isdigit()}

    foreign = foreign_commits(commits, first, committed_at)
    numbered = len(pull_request_numbers(foreign))
    for commit in foreign:
        commit.foreign = True
    if numbered:
        warn(f"{repo}: {len(foreign):,} commits came from another repository's history, "
             f"merged in whole; {numbered:,} of them name pull requests by number, which "
             "are that repository's, so each is read as a commit, not a pull request")


def _lands_by_closing(
    repo: Path, commits: dict[str, Commit], period: Period, warn: Warn,
) -> bool:
    """Whether the history lands its pull requests by commits that close them (graph.
    lands_by_closing), read from its latest commits up to the period's end, not from the
    period's alone (a week of curl is as curl as its year; a project that took the
    convention up later reads its earlier years as it wrote them): asked only when a
    commit of the period closes a number, and said in the document when it does."""
    if not any(commit.closes for commit in commits.values()):
        return False
    sample = parse_metadata(stream_git(
        repo, *META_LOG, f"-n{LANDING_SAMPLE}", "--first-parent", "--no-merges",
        f"--until={period.end.isoformat()}", "HEAD", "--"))
    counts = lands_by_closing(sample.values())
    if counts is not None:
        warn(f"{repo}: {counts[0]:,} of its latest {counts[1]:,} commits end with a "
             "'Closes #N' line naming the pull request they land (curl's convention): each "
             "such commit is read as pull request #N, not as an issue it closes")
    return counts is not None


def _sharing_a_number(
    commits: dict[str, Commit], owner: dict[str, str], mine: Collection[str], *,
    gitlab: bool, landing: bool = False, repo: str = "",
) -> dict[int, list[str]]:
    """The pull-request numbers that two or more commits name, at least one of them
    ``mine``, to their commits: merges first (a merge is the pull request's own, whatever
    its age), then oldest first. A pull request's merge and its copy
    cherry-picked onto a release branch (``Title (#N)``), one landed by a rebase one commit
    at a time, a maintainer's follow-up that repeats its title. Each would otherwise be
    the whole item in turn."""
    if gitlab:
        return {}
    named: dict[int, list[str]] = {}
    for sha, commit in commits.items():
        if sha in owner:  # a commit a merge brought in is its pull request's already
            continue
        if len(commit.parents) > 1:
            merge = pull_request_merge(commit)
            number = merge.number if merge is not None else None
        else:  # GitHub's "Title (#N)", Azure's and Bitbucket's squash subjects too
            pull = named_pull_request(commit, landing=landing, repo=repo)
            number = pull[0] if pull is not None else None
        if number:
            named.setdefault(number, []).append(sha)
    shared = {}
    for number, shas in named.items():
        if len(shas) > 1 and any(sha in mine for sha in shas):
            shas.reverse()  # history is newest first; sorted keeps that order among equals
            shared[number] = sorted(shas, key=lambda sha: len(commits[sha].parents) <= 1)
    return shared


MAX_PARTS_TOLD = 20  # parts whose messages join the description ("(#1)" on every commit)


def one_pull_request(
    parts: Sequence[Evidence], alone: Mapping[str, Evidence], merges: Collection[str],
) -> list[Evidence]:
    """The commits that name one pull request, ``parts`` oldest first (its merges, by
    their sha in ``merges``, ahead of the rest), as its item.

    The first is the pull request's own: its author is the item's, and its date. Another
    merge of it is the same pull request merged again (into a release branch): its sha is
    the item's and its merger a merger; nothing else of it counts. A later commit with the
    same subject is a copy (a cherry-pick to a release branch, a maintainer's follow-up
    that repeats a contributor's title): its sha is the item's, its lines are not counted
    again, and its author, someone else, is a co-author. A later commit with another
    subject by the same person, landed with it (a pull request landed by a rebase, one
    commit at a time, each committed at once), is more of the work: its files and lines
    add up, its subject joins the description and the largest part, by its lines outside
    tests and vendored code, names the item. By someone else, or landed apart, it is other
    work that names the same number (an issue both mention): it stays the commit it is,
    in ``alone`` by its sha.
    """
    first = parts[0]
    key = same_subject(first.title)

    def again(part: Evidence) -> bool:  # the pull request merged once more
        return part is not first and part.shas[0] in merges and first.shas[0] in merges

    own: list[Evidence] = []
    others: list[Evidence] = []
    for part in parts:
        if part is first or again(part) or same_subject(part.title) == key \
                or (_same_person(part, first) and _landed_together(part, first)):
            own.append(part)
        elif part.shas[0] in alone:
            others.append(alone[part.shas[0]])
    if len(own) == 1:
        return [first, *others]
    distinct: dict[str, Evidence] = {}
    for part in own:
        if not again(part):
            distinct.setdefault(same_subject(part.title), part)
    work = list(distinct.values())
    # The largest by its own code names the item, the tests and vendored code aside:
    # vikunja's "fix(kanban): route repeating tasks to default bucket when dropped on
    # done (#2573)" was shown as its failing test, "test(kanban): add failing test …", the
    # largest part, and filed as test-suite upkeep with its three fixes.
    # (and docs alone name it last: "docs: document X (#5)" beside "feat: add X (#5)")
    main = max(work, key=lambda p: (  # the oldest of equals
        not _docs_only(p.paths),
        p.additions + p.deletions - (p.facts.test_lines or 0) - (p.facts.vendored_lines or 0),
        p.additions + p.deletions))
    actors = list(first.actors)
    for part in own[1:]:
        for actor in part.actors:
            if again(part) and actor.role != "merger":
                continue  # who the merge says wrote it is who wrote the first
            if any(_same_contact(actor, known) and actor.role == known.role
                   for known in actors):
                continue
            same = next((a for a in actors if _one_person(actor, a)), None)
            role = "merger" if actor.role == "merger" else same.role if same else "co_author"
            actors.append(replace(actor, role=role))
    vendored = sum(p.facts.vendored_lines or 0 for p in work)
    tests = sum(p.facts.test_lines or 0 for p in work)
    combined = replace(
        main,
        date=first.date,
        actors=tuple(actors),
        body="\n\n".join([main.body, *(f"{p.title}\n\n{p.body}".strip()
                                     for p in work[:MAX_PARTS_TOLD] if p is not main)]).strip(),
        paths=tuple(dict.fromkeys(path for p in work for path in p.paths)),
        additions=sum(p.additions for p in work),
        deletions=sum(p.deletions for p in work),
        shas=tuple(dict.fromkeys(sha for p in own for sha in p.shas)),
        overrides=tuple(dict.fromkeys(o for p in own for o in p.overrides)),
        facts=replace(main.facts, vendored_lines=vendored or None, test_lines=tests or None),
    )
    return [combined, *others]


def _docs_only(paths: Sequence[str]) -> bool:
    return bool(paths) and all(in_docs(p) for p in paths)


LANDED_TOGETHER = dt.timedelta(minutes=10)  # one push of a pull request's rebased commits


def _landed_together(part: Evidence, first: Evidence) -> bool:
    """Whether two commits that name one number landed at once, as a rebase lands a pull
    request's commits: beszel's maintainer names the issue each of his commits is for,
    "add basic systemd service monitoring (#1153)" and three days later "add
    SERVICE_PATTERNS env var (#1153)", and 20 of his commits were folded into others and
    named nowhere in the table."""
    return abs(part.date - first.date) <= LANDED_TOGETHER


def _author(item: Evidence) -> Actor | None:
    return next((a for a in item.actors if a.role == "author"), None)


def _same_contact(one: Actor, other: Actor) -> bool:
    return (one.name.casefold(), one.email.casefold()) \
        == (other.name.casefold(), other.email.casefold())


def _one_person(one: Actor, other: Actor) -> bool:
    """The same address, or the same name where one address is a GitHub noreply one (a
    squash under it, then a follow-up from the person's own address). A name alone is
    not enough: two people may share it."""
    if one.email and one.email.casefold() == other.email.casefold():
        return True
    return bool(one.name) and name_key(one.name) == name_key(other.name) \
        and (noreply_login(one.email) is not None or noreply_login(other.email) is not None)


def _same_person(part: Evidence, first: Evidence) -> bool:
    mine, theirs = _author(part), _author(first)
    return mine is not None and theirs is not None and _one_person(mine, theirs)


_HEAD = 16  # a subject's first characters, to count only those a revert may name


def _reverts(commits: Collection[Commit]) -> dict[str | int, str]:
    """The subjects (and pull request numbers) that commits by anyone revert, to the sha
    of the revert: work someone else reverted earns no credit, as the person's own revert
    already takes it away in the report (tokio-rs/axum: a fix reverted by a co-maintainer
    was its author's strongest highlight). A subject two commits share ("Code refactoring")
    names neither: only a pull request's number or a subject said once is followed. A
    revert that was reverted in turn (or reapplied) takes nothing away."""
    out: dict[str | int, str] = {}
    by_subject: dict[str, str] = {}
    cut: dict[str, str] = {}  # a reverted subject cut short, to the revert
    names: dict[str, tuple[str | int, ...]] = {}  # a revert's own number and subject
    for commit in commits:
        subject = commit.subject
        if commit.foreign:  # its numbers are another repository's
            continue
        if "evert" not in subject and "EVERT" not in subject and "eapply" not in subject:
            continue  # 50,000 subjects in 10 ms
        what = reverted_subject(subject)
        if what:
            own = pull_number(subject)
            names[commit.sha] = (same_subject(subject),) if own is None \
                else (own, same_subject(subject))
            number = pull_number(what)
            if number is not None:
                out.setdefault(number, commit.sha)
            elif cut_short(what) is not None:
                cut.setdefault(what, commit.sha)
            else:
                by_subject.setdefault(same_subject(what), commit.sha)
    if by_subject or cut:
        heads = {key[:_HEAD] for key in (*by_subject, *map(same_subject, cut))}
        said = Counter(same_subject(c.subject) for c in commits
                       if c.subject[:_HEAD].casefold() in heads)
        out.update((key, sha) for key, sha in by_subject.items() if said[key] == 1)
        for what, sha in cut.items():  # a subject cut short names the one it starts
            whole = whole_subject(what, said)
            if whole is not None and said[whole] == 1:
                out.setdefault(whole, sha)
    return standing(out, lambda sha: names.get(sha, ()))


REBASED_BATCH = 3  # pull requests of several authors committed in one second by one person


def _forget_batch_rebases(commits: Iterable[Commit]) -> None:
    """Pull requests GitHub had squash-merged, then rebased or cherry-picked onto the branch
    all at once, were landed by their merges, not by whoever moved them: uv's maintainer
    committed 13 pull requests of 6 other people in one second (a release branch rebased),
    which had read as 13 pull requests he merged. A batch is at least REBASED_BATCH commits
    of at least two other authors, each naming its pull request (``(#N)``), with one
    committer and one commit time; ``git am`` of a patch series names no pull requests."""
    batches: dict[tuple[tuple[str, str], str], list[Commit]] = {}
    for commit in commits:
        if commit.committer is not None and commit.landed_at:
            batches.setdefault((commit.committer, commit.landed_at), []).append(commit)
    for batch in batches.values():
        if len(batch) >= REBASED_BATCH and len({c.email for c in batch}) >= 2 \
                and all(pull_number(c.subject) is not None for c in batch):
            for commit in batch:
                commit.committer = None


_DAY = 86_400
LONG_BEFORE = 365 * _DAY  # seconds: commits older than the period by this are another era's
IMPORTED_BATCH = 200  # commits of others one person committed in a day: a history imported


def _forget_imports(commits: Collection[Commit]) -> None:
    """Commits re-committed in an import of the history were not landed then: dbt-labs's
    sync bot committed 2,672 commits of the year in one day as the repository moved, and
    its engineers' work read as landed that day, written months before the period among
    it. At least IMPORTED_BATCH commits of two or more authors, committed by one other
    person in one day (a merge queue lands tens), are dated when they were written; so
    are the importer's own commits of that day."""
    days: dict[tuple[tuple[str, str], int], list[Commit]] = {}
    for commit in commits:
        if commit.committer is not None and commit.committed_at.isdigit() \
                and len(commit.parents) < 2:
            days.setdefault((commit.committer, int(commit.committed_at) // _DAY),
                            []).append(commit)
    imports = {key for key, batch in days.items()
               if len(batch) >= IMPORTED_BATCH and len({c.email for c in batch}) >= 2}
    if not imports:
        return
    for key in imports:
        for commit in days[key]:
            commit.committer = None
            commit.landed_at = ""
            commit.imported = True
    # ... and the importer's own commits of that day, committed as written by them
    importers = {(name.casefold(), email.casefold(), day) for (name, email), day in imports}
    for commit in commits:
        if commit.committer is None and commit.committed_at.isdigit() and not commit.imported \
                and (commit.name.casefold(), commit.email.casefold(),
                     int(commit.committed_at) // _DAY) in importers:
            commit.imported = True


# How far before the period a copy's original may have landed: a fix merged on a release
# branch in one year and carried to the main line in the next
COPIED_FROM = dt.timedelta(days=366)


def _branches(repo: Path) -> list[tuple[str, str]]:
    """Every branch, local and remote, with its tip's commit time (Unix seconds): one
    listing for the forge's copies and the maintenance branches' hint."""
    try:
        out = run_git(repo, "for-each-ref", "--format=%(refname)%00%(committerdate:unix)",
                      "refs/heads", "refs/remotes").decode("utf-8", "replace")
    except GitError:
        return []
    return [(ref, when) for ref, _, when in (line.partition("\0") for line in out.splitlines())]


def _forget_forge_copies(repo: Path, commits: Mapping[str, Commit],
                         matchers: Sequence[Matcher], period: Period,
                         branches: Sequence[tuple[str, str]]) -> None:
    """Others' commits a person committed that a forge had already landed on another
    branch were landed there, not by whoever carried them over: ktor's maintainer
    cherry-picked and rebased 50 pull requests GitHub had merged on the release branch
    onto the main line, a few at a time (no batch ``_forget_batch_rebases`` knows), and
    read as 24 pull requests he merged. The copy keeps its author, author time and
    subject; the original's committer is the forge (``noreply@…``). A contributor's own
    branch that a maintainer rebased onto the main line was committed by its author, so
    the maintainer still landed it. One more git process, only when such commits exist."""
    mine = {sha for sha, c in commits.items() if c.committer is not None
            and len(c.parents) <= 1
            and any(m.is_me(name=c.committer[0], email=c.committer[1]) for m in matchers)}
    if not mine:
        return
    # Only a long-lived branch lands work: a contributor's branch GitHub committed to (a
    # suggestion, a web edit, "Update branch") was not landed by it.
    lines = [ref for ref, _ in branches if not ref.endswith("/HEAD") and _long_lived(ref)]
    if not lines:
        return
    since = (period.start - COPIED_FROM).isoformat()
    listed = run_git(repo, "log", "--no-merges", f"--since={since}",
                     "--format=%H%x1f%ae%x1f%at%x1f%ce%x1f%s", "--stdin", "--",
                     input_bytes="".join(f"{ref}\n" for ref in lines).encode())
    forged: set[tuple[str, str, str]] = set()  # (author, time, subject) a forge landed
    keys: dict[str, tuple[str, str, str]] = {}
    for line in decode(listed).splitlines():
        fields = line.split("\x1f", 4)
        if len(fields) != 5:
            continue
        sha, email, when, committer, subject = fields
        key = (email.lower(), when, subject)
        if committer.lower().startswith("noreply@"):
            forged.add(key)
        elif sha in mine:
            keys[sha] = key
    for sha, key in keys.items():
        if key in forged:
            commits[sha].committer = None


def _long_lived(ref: str) -> bool:
    """Whether a branch is one a project lands work on: a maintenance or release line, or
    the line of its next release."""
    short, name = _branch_names(ref)
    return bool(MAINTENANCE_BRANCH.search(short) or DEVELOPMENT_BRANCH.fullmatch(name)
                or name in ("main", "master", "trunk"))


def _branch_names(ref: str) -> tuple[str, str]:
    """A branch's ref as ``git branch -a`` shows it (``origin/v1.4``), and its own name
    (``v1.4``)."""
    short = ref.removeprefix("refs/heads/").removeprefix("refs/remotes/")
    return short, (short.partition("/")[2] if ref.startswith("refs/remotes/") else short)


def _mark_reverted(item: Evidence, reverts: dict[str | int, str], remote: Remote) -> Evidence:
    if not reverts or item.facts.reverted_by:
        return item
    sha = (reverts.get(item.number) if item.number is not None else None) \
        or reverts.get(same_subject(item.title))
    if sha is None or sha in item.shas:
        return item
    return replace(item, facts=replace(item.facts, reverted_by=f"commit:{remote.name}@{sha}"))


def _lone_commits(
    commits: dict[str, Commit],
    merges: dict[str, PullRequestMerge],
    members: dict[str, list[str]],
) -> dict[str, str]:
    """The merges of pull requests of one commit (merges of main into it aside), each
    with that commit."""
    lone: dict[str, str] = {}
    for merge in merges:
        written = [m for m in members.get(merge, ()) if len(commits[m].parents) <= 1]
        if len(written) == 1:
            lone[merge] = written[0]
    return lone


T = TypeVar("T")
Entry = tuple[str, Details]
Reader = queue.Queue[T | BaseException | None]


def _in_background(
    produce: Callable[[], Iterator[T]], *, out: Reader[T] | None = None
) -> Reader[T]:
    """Run a git reader in a thread: what it yields, or the error that stopped it, goes
    to the queue; None ends it. git and the thread's reads overlap the caller's work."""
    out = queue.Queue() if out is None else out

    def run() -> None:
        try:
            for entry in produce():
                out.put(entry)
        except BaseException as exc:  # handed to the consumer, which re-raises it
            out.put(exc)
        finally:
            out.put(None)

    threading.Thread(target=run, daemon=True).start()
    return out


def _drain(reader: Reader[T]) -> Iterator[T]:
    while (entry := reader.get()) is not None:
        if isinstance(entry, BaseException):
            raise entry
        yield entry


def _not_yet_counted(found: dict[str, Counter[str]], commits: Iterable[Commit],
                     matcher: Matcher) -> dict[str, Counter[str]]:
    """Of the other addresses found (name -> address -> commits), the commits the addresses
    given do not already count: redis-py's and prettier's maintainers were told to pass
    a noreply address whose only commits were their own, by their work address or with
    it as a co-author (GitHub adds its noreply trailer to a squash of one's own pull
    request). Read only when there is something to tell."""
    wanted = {email.casefold() for counts in found.values() for email in counts}
    if not wanted:
        return found
    left: Counter[tuple[str, str]] = Counter()
    for commit in commits:
        if len(commit.parents) > 1:
            continue
        signed = ((commit.name, commit.email), *commit.co_authors)
        if not any(email.casefold() in wanted for _, email in signed) \
                or any(matcher.is_me(name=name, email=email) for name, email in signed):
            continue
        for name, email in dict.fromkeys(signed):
            if email.casefold() in wanted:
                left[name, email] += 1
    out: dict[str, Counter[str]] = {}
    for name, counts in found.items():
        kept = Counter({email: left[name, email] for email in counts if left[name, email]})
        if kept:
            out[name] = kept
    return out


def _hint_other_addresses(repo: Path, signed: Counter[tuple[str, str]], matcher: Matcher,
                          period: Period, warn: Warn, *, mailmap: str = "",
                          commits: Collection[Commit] = ()) -> None:
    """Say which addresses the person's name also commits under, which --author left out:
    squash-merged pull requests carry the GitHub noreply address, not the work one; and
    those the repository's ``.mailmap`` (its text, ``mailmap``) gives them under one
    name only; and the addresses they merge others' work under. Of ``commits``, those
    the addresses given already count are not told."""
    found = _not_yet_counted(other_addresses(signed, matcher), commits, matcher)
    told = {email.casefold() for counts in found.values() for email in counts}
    # One note for the same addresses under two names: hatch's maintainer read two, for
    # 'Cary Hawkins' and 'Cary' at one address, each with the same --author to pass.
    # ... and under a name whose addresses another name's note names already: nuxt's
    # maintainer read 'Daniel Roe' at two addresses, then 'danielroe' at one of them.
    same: list[tuple[set[str], list[str], Counter[str]]] = []
    for name, counts in sorted(found.items(), key=lambda nc: (-len(nc[1]), nc[0])):
        for addresses, known_as, total_counts in same:
            if counts.keys() <= addresses:
                known_as.append(name)
                total_counts.update(counts)
                break
        else:
            same.append((set(counts), [name], Counter(counts)))
    for known_as, counts in sorted(((sorted(names), counts) for _, names, counts in same),
                                   key=lambda nc: (-sum(nc[1].values()), nc[0])):
        emails = [email for email, _ in counts.most_common()]
        shown = ", ".join(emails[:3]) + (f" and {len(emails) - 3} more" if len(emails) > 3 else "")
        total = sum(counts.values())
        given = _author_line(matcher, *emails[:3])
        who = " or ".join(_shown(name) for name in known_as)
        warn(f"{repo}: {_commits_since(total, period)} by or co-authored by {who} at {shown}, "
             f"which --author does not name; if they are yours, pass them too: "
             f"--author '{given}'")
    for email, merged_as in sorted(merge_addresses(commits, signed, matcher).items(),
                                   key=lambda kv: (-sum(kv[1].values()), kv[0])):
        if email in told:
            continue  # passed as the note above says, its merges count too
        merged = sum(n for (_, landed), n in merged_as.items() if not landed)
        landed = sum(n for (_, landed), n in merged_as.items() if landed)
        merged_by: Counter[str] = Counter()
        for (name, _), n in merged_as.items():
            merged_by[name] += n
        who = " or ".join(_shown(name) for name, _ in merged_by.most_common())
        # a rebase lands each commit of a pull request: commits, not merges (hyperfine's)
        said = [f"{merged:,} {'merge' if merged == 1 else 'merges'}"] if merged else []
        said += [f"{landed:,} of others' {'commit' if landed == 1 else 'commits'} landed"
                 ] if landed else []
        merges = (f"{' and '.join(said)} since {period.since} "
                  f"{'is' if merged + landed == 1 else 'are'}")
        warn(f"{repo}: {merges} by {who} at {email}, which --author "
             f"does not name; others' work you merge counts as maintainer work: if they "
             f"are yours, pass it too: --author '{_author_line(matcher, email)}'")
    for email, spelled in sorted(other_names(signed, matcher).items(),
                                 key=lambda kv: (-sum(kv[1].values()), kv[0])):
        total = sum(spelled.values())
        others = " or ".join(_shown(n) for n, _ in spelled.most_common())
        given = _author_line(matcher, email)
        warn(f"{repo}: {_commits_since(total, period)} by or co-authored by {others} at {email}, "
             f"an address your name commits under, which --author does not name; if they "
             f"are yours, pass it too: --author '{given}'")
    named = mailmap_only_by_name(mailmap, matcher)
    missed: Counter[str] = Counter()
    names: dict[str, set[str]] = {}
    for (name, email), count in signed.items():
        if email.casefold() in named and not matcher.is_me(name=name, email=email):
            missed[email] += count
            names.setdefault(email, set()).add(name)
    for email, total in missed.most_common():
        given = _author_line(matcher, email)
        others = " or ".join(_shown(n) for n in sorted(names[email]))
        warn(f"{repo}: {_commits_since(total, period)} by {others} at {email}, which "
             f".mailmap gives you only under the name {named[email.casefold()]!r}; if they "
             f"are yours, pass the address too: --author '{given}'")


# Characters a name may carry that show nothing (wagtail's "S\u200bage Abdullah", a
# zero-width space): left out of the name a note shows, which would print them escaped.
_INVISIBLE = re.compile("[\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]")


def _shown(name: str) -> str:
    """A name as a note quotes it: what it shows, escaped where it must be."""
    return repr(_INVISIBLE.sub("", name))


def _hint_maintenance_branches(repo: Path, commits: Mapping[str, Commit],
                               matchers: Sequence[Matcher], period: Period,
                               warn: Warn, branches: Sequence[tuple[str, str]]) -> None:
    """Say how many of the person's commits of the period sit on maintenance branches that
    HEAD does not reach, which this run does not read: borg's maintainer landed 304 of a
    year's on 1.4-maint, 1.2-maint and 1.1-maint, four stable releases among them, and the
    document read as if master held all of his work. So too the lines the next release is
    developed on (vuejs/core's `minor`: 751 of its maintainer's commits). Copies of HEAD's
    commits are not counted: the same subject (its pull request's ``(#N)`` aside: composer
    ports each fix as a pull request of its own), ``cherry picked from`` one, or "Backport
    <sha>: …"."""
    start = period.start.timestamp()
    wanted: list[str] = []
    developed: set[str] = set()  # the development lines among them
    for ref, when in branches:
        short, name = _branch_names(ref)
        if DEVELOPMENT_BRANCH.fullmatch(name) and not ref.endswith("/HEAD"):
            developed.add(short)
        elif ref.endswith("/HEAD") or not MAINTENANCE_BRANCH.search(short):
            continue
        try:
            recent = int(when) >= start
        except ValueError:
            continue
        if recent:
            wanted.append(ref)
    if not wanted:
        return
    subjects = {same_subject(c.subject) for c in commits.values()}
    index = _by_prefix(commits)
    counted: dict[str, set[str]] = {}
    seen: set[str] = set()
    for ref in wanted:
        try:
            # merges aside: msw's feat/3.0 held 6 commits of its maintainer's and 7 merges
            # of main into it
            listed = run_git(repo, "log", "--no-merges",
                             "--format=%H%x1f%aN%x1f%aE%x1f%s%x1f%b%x1e",
                             f"--since={period.start.isoformat()}",
                             f"--until={period.end.isoformat()}", f"HEAD..{ref}", "--")
        except GitError:
            continue
        mine: set[str] = set()
        for record in listed.decode("utf-8", "replace").split("\x1e"):
            fields = record.strip("\n").split("\x1f")
            if len(fields) < 5:
                continue
            sha, name, email, subject, body = fields[:5]
            if same_subject(subject) in subjects or any(
                    c.startswith(sha) for sha in picked_from(subject, body)
                    for c in index.get(sha[:7], ())):
                continue
            if any(m.is_me(name=name, email=email) for m in matchers):
                mine.add(sha)
        fresh = mine - seen
        seen |= mine
        if fresh:
            counted[_branch_names(ref)[0]] = fresh
    if not counted:
        return
    total = sum(len(shas) for shas in counted.values())
    where = ", ".join(f"{name}: {len(shas):,}" for name, shas in
                      sorted(counted.items(), key=lambda kv: (-len(kv[1]), kv[0])))
    # The advice says what else such a run counts: a branch holds its copies of HEAD's
    # work too (rubygems' 3.6 held 143 of its maintainer's merges again, preact's v10.x
    # its forward-ported fixes), and two managers read the advice as the way to add the
    # branch's own work to this document. (Said plainly: mocha's manager could not follow
    # "whose document counts that branch's copies of this one's work again".)
    # "v3" beside a v4 HEAD is a maintenance line, beside a v2 HEAD the next one: by name
    # alone, only the maintenance branches are named as such
    kinds = "long-lived" if developed & counted.keys() else "maintenance"
    warn(f"{repo}: {_commits_since(total, period)} yours on {kinds} branches HEAD "
         f"does not reach ({where}), which this run does not read; to count them, run "
         "evidencer on a worktree of each (git worktree add) with a --store of its own; "
         "that document also counts again the work the branch copied from this one")


def _commits_since(total: int, period: Period) -> str:
    """"1 commit since 2026-01-01 is", "3 commits since 2026-01-01 are": the hints' count."""
    return (f"{total:,} commit since {period.since} is" if total == 1
            else f"{total:,} commits since {period.since} are")


def _author_line(matcher: Matcher, *more: str) -> str:
    """The --author value that keeps every id the person gave (names, addresses, logins)
    and adds ``more``: pasted as it is, it loses none of their work."""
    person = matcher.person
    names = {n.casefold() for n in person.names}
    logins = [f"@{login}" for login in person.logins if login.casefold() not in names]
    return ",".join(dict.fromkeys((*person.names, *person.emails, *logins, *more)))


def _stream_metadata(repo: Path, period: Period) -> Iterator[bytes]:
    """Every commit since the period start, newest first, without diffs."""
    args = [
        *META_LOG, f"--since={period.start.isoformat()}", "HEAD", "--",
    ]
    return stream_git(repo, *args)


# What POSIX extended regexes (git log -E --grep) read as more than the character itself
_ERE_SPECIAL = re.compile(r"([\\.^$|?*+()\[\]{}])")


def _ere(text: str) -> str:
    return _ERE_SPECIAL.sub(r"\\\1", text)


def _co_author_messages(repo: Path, matchers: Sequence[Matcher],
                        period: Period) -> Iterator[bytes]:
    """The messages of the period (sha, then the message) whose ``Co-authored-by:`` lines
    name one of the people, as git's own grep finds them; nothing without a name or an
    address to look for."""
    names = {n for m in matchers for n in m.person.names if n.strip()}
    addresses = {e for m in matchers for e in m.person.emails if "@" in e}
    logins = {lg for m in matchers for lg in m.person.logins if lg.strip()}
    named = [f"[[:blank:]]*{_ere(n)}[[:blank:]]*<" for n in sorted(names)]
    named += [f".*<{_ere(e)}>" for e in sorted(addresses)]
    named += [f".*[<+]{_ere(lg)}@users\\.noreply\\.github\\.com>" for lg in sorted(logins)]
    if not named:
        return iter(())
    return stream_git(repo, "log", "-i", "-E", f"--grep=^co-authored-by:({'|'.join(named)})",
                      "--format=%H%x1f%B%x1e", f"--since={period.start.isoformat()}", "HEAD",
                      "--")


def _add_co_authors_beyond_trailers(repo: Path, commits: Mapping[str, Commit],
                                    matchers: Sequence[Matcher], period: Period) -> None:
    """The person's ``Co-authored-by:`` lines that git's trailer parse leaves out.

    git reads trailers in a message's last paragraph alone, and only when every line of
    it is one: biome's squashes split their co-authors into two paragraphs (the
    maintainer's line in the first, so four of his co-authored pull requests were
    missing), and django-rest-framework's put GitHub's ``---------`` rule right above
    them. GitHub credits co-authors either way. Only in a history that writes co-author
    trailers at all: git's grep reads every message of the period again (0.5 s on the
    benchmark's 50,000 commits, which name no co-author)."""
    if not any(commit.co_authors for commit in commits.values()):
        return
    try:
        out = b"".join(_co_author_messages(repo, matchers, period))
    except GitError:  # a hint of credit, never worth the run
        return
    for record in out.decode("utf-8", "replace").split("\x1e"):
        sha, _, body = record.strip("\n").partition("\x1f")
        commit = commits.get(sha)
        if commit is None:
            continue
        # not again, and not its author (a squash's list repeats the branch's own lines)
        known = {email.casefold() for _, email in commit.co_authors} | {commit.email.casefold()}
        more = [(name, email) for name, email in co_author_lines(body)
                if email.casefold() not in known and name_key(name) != name_key(commit.name)
                and any(m.is_me(name=name, email=email) for m in matchers)]
        if more:
            commit.co_authors = (*commit.co_authors, *dict.fromkeys(more))


def _add_committed_behind(repo: Path, commits: dict[str, Commit], period: Period) -> None:
    """Add commits authored in the period but committed on a clock behind its start, and
    the history behind them.

    ``--since`` reads the committer date, and git does not walk past a commit it leaves
    out: one commit made on a machine whose clock said 1970 or 2001 would hide every
    commit behind it. The commits just past what was read are asked for their dates
    (one small process, a few commits); only a clock that was wrong costs more.
    """
    start = period.start.timestamp()
    asked: set[str] = set()
    while True:
        edge = sorted({parent for commit in commits.values() for parent in commit.parents
                       if parent not in commits} - asked)
        if not edge:
            return
        asked.update(edge)
        dated = run_git(repo, "log", "--no-walk=unsorted", "--stdin", "--format=%H %at %ct",
                        input_bytes="".join(f"{sha}\n" for sha in edge).encode())
        behind = [fields[0] for fields in
                  (line.split() for line in dated.decode("ascii", "replace").splitlines())
                  if len(fields) == 3 and _behind(fields[1], fields[2], start)]
        if not behind:
            return
        stdin = "".join(f"{sha}\n" for sha in behind).encode()
        commits.update(parse_metadata(stream_git(
            repo, *META_LOG, "--no-walk=unsorted", "--stdin", "--", input_bytes=stdin)))
        parents = {p for sha in behind for p in commits[sha].parents if p not in commits}
        if parents:
            commits.update(parse_metadata(stream_git(
                repo, *META_LOG, f"--since={period.start.isoformat()}", "--stdin", "--",
                input_bytes="".join(f"{sha}\n" for sha in sorted(parents)).encode())))


def _behind(authored: str, committed: str, start: float) -> bool:
    try:
        return int(committed) < start <= int(authored)
    except ValueError:  # a damaged date git cannot print as a number
        return False


def _add_merged_late(repo: Path, commits: dict[str, Commit]) -> str | None:
    """Add commits written before the period but merged during it, in one more process.

    ``--since`` leaves them out, yet they say who wrote a pull request merged in the
    period; without them its merger would look like its author. They are exactly what
    the missing parents reach that the last first-parent commit before the period
    does not. Returns the history's first commit when the period reaches back to it (the
    end of HEAD's first-parent line), else None.
    """
    if not commits:
        return None
    boundary: str | None = None
    current = next(iter(commits))
    while current in commits:
        parents = commits[current].parents
        if not parents:
            break
        current = parents[0]
        if current not in commits:
            boundary = current
    first = current if boundary is None else None
    missing = {
        parent for commit in commits.values() for parent in commit.parents
        if parent not in commits and parent != boundary
    }
    if not missing:
        return first
    exclude = ["--not", boundary] if boundary else []
    args = [*META_LOG, "--stdin", *exclude, "--"]
    stdin = "".join(f"{sha}\n" for sha in sorted(missing)).encode()
    for sha, commit in parse_metadata(stream_git(repo, *args, input_bytes=stdin)).items():
        commits.setdefault(sha, commit)
    return first


def _branch_sizes(
    repo: Path, commits: dict[str, Commit], merges: Mapping[str, object],
    members: Mapping[str, Sequence[str]], generated: Callable[[str], bool] | None,
    unread: list[str],
) -> dict[str, int]:
    """The lines (tests and vendored ones aside) of each commit of the branches that ``merges``
    brought in where two or more people wrote commits: who wrote most of a branch is
    who opened it (credit.py). Only those branches' diffs are read, in one git run."""
    needed: list[Commit] = []
    for merge in merges:
        written = [commits[sha] for sha in members.get(merge, ())
                   if len(commits[sha].parents) <= 1]
        if len({(c.email or c.name).casefold() for c in written}) > 1:
            needed += written
    if not needed:
        return {}
    return {sha: max(d.additions + d.deletions - d.vendored - d.tests, 0)
            for sha, d in _details(repo, needed, generated, unread)}


DETAIL_WORKERS = 2  # git processes computing diffs at once
SMALL = 200  # commits one process diffs alone: a second would cost more to start


def _details(
    repo: Path, commits: Sequence[Commit], generated: Callable[[str], bool] | None,
    unread: list[str],
) -> Iterator[Entry]:
    """Messages, trailers and numstat of exactly these commits, as git finishes them.

    ``git log --no-walk --stdin`` diffs a given list without walking history again. A
    long list is cut in two, one process each, so both cores diff while the caller
    classifies what has arrived; not more, as each git process pays tens of milliseconds
    to open a large repository. The reader threads only cut git's output into records;
    this thread parses them, so a reader never holds the GIL the caller needs. Entries
    come in no fixed order. ``unread`` gathers the commits whose files the clone lacks,
    each named before its entry comes; the caller says so once.
    """
    workers = 1 if len(commits) <= SMALL else DETAIL_WORKERS
    size = max(1, -(-len(commits) // workers))
    # Contiguous runs of history, not every other commit: neighbours share trees and
    # blobs, which git then reads once (dealing them alternately costs a third more).
    shares = [commits[start : start + size] for start in range(0, len(commits), size)]
    out: Reader[list[bytes]] = queue.Queue()

    for share in shares:
        _in_background(functools.partial(_detail_records, repo, share, unread), out=out)
    wanted = {c.sha for c in commits}
    for _ in shares:
        for records in _drain(out):
            for raw in records:
                sha, details = parse_detail(raw, generated)
                if sha in wanted:
                    yield sha, details


# What git says when a diff needs an object the clone lacks: a partial clone
# (`--filter=blob:none`) away from its server, or a damaged one.
_LACKS_OBJECT = ("unable to read", "missing blob", "missing tree", "bad object",
                 "could not read", "from promisor remote")  # a partial clone, offline
# Diffs that need less of the clone, tried in turn on a commit git cannot diff: the
# files it touched without line counts (trees only), then no files.
_FALLBACKS = (("--name-only", "--no-renames"), ("--no-patch",))


def _detail_records(
    repo: Path, share: Sequence[Commit], unread: list[str]
) -> Iterator[list[bytes]]:
    """git's detail records of ``share`` (DETAIL_ARGS). When git stops at a commit whose
    files the clone lacks, that commit alone is read again with less (``_FALLBACKS``)
    and named in ``unread``, and git goes on from the next: one unreadable file costs
    its commit's line counts, not the run."""
    left = list(share)
    while left:
        got: set[bytes] = set()
        try:
            for records in _detail_run(repo, left, DETAIL_ARGS):
                got.update(raw.split(US.encode(), 1)[0].strip() for raw in records)
                yield records
            return
        except GitError as exc:
            if not any(words in exc.said for words in _LACKS_OBJECT):
                raise
        at = next((i for i, c in enumerate(left) if c.sha.encode() not in got), len(left))
        if at < len(left):
            yield _read_alone(repo, left[at], unread)
        left = left[at + 1 :]


def _read_alone(repo: Path, commit: Commit, unread: list[str]) -> list[bytes]:
    """One commit's record: in full if git can (it may have stopped at the next one),
    else with the first of ``_FALLBACKS`` git can read, numstat-shaped ("-" counts)."""
    try:
        return [raw for batch in _detail_run(repo, [commit], DETAIL_ARGS) for raw in batch]
    except GitError:
        pass
    for fallback in _FALLBACKS:
        try:
            found = [raw for batch in _detail_run(repo, [commit], (*fallback, *DETAIL_ARGS[1:]))
                     for raw in batch]
        except GitError as exc:
            error = exc
            continue
        unread.append(commit.sha)
        return [_uncounted(raw) for raw in found]
    raise error


def _detail_run(repo: Path, commits: Sequence[Commit], args: Sequence[str]
                ) -> Iterator[list[bytes]]:
    stdin = "".join(f"{c.sha}\n" for c in commits).encode()
    return raw_records(stream_git(repo, "log", "--no-walk=unsorted", "--stdin", *args,
                                  input_bytes=stdin))


def _uncounted(raw: bytes) -> bytes:
    """A ``--name-only`` record as numstat writes a file it cannot count: ``-\t-\tpath``."""
    *head, files = raw.split(US.encode(), 4)
    lines = [b"-\t-\t" + line if line.strip() else line for line in files.split(b"\n")]
    return US.encode().join([*head, b"\n".join(lines)])


def _canonical_contacts(
    repo: Path, commits: dict[str, Commit]
) -> dict[str, tuple[str, str]]:
    """Co-authored-by and Reviewed-by trailers are free text: map them through
    ``.mailmap`` in one call."""
    contacts = sorted(
        {f"{n} <{e}>" for c in commits.values() for n, e in (*c.co_authors, *c.reviewers)
         if e}
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


def _actors(commit: Commit, contacts: dict[str, tuple[str, str]],
            pulled_in: Sequence[Actor] = ()) -> list[Actor]:
    """Its author and co-authors, and who committed it for them (Commit.committer): its
    merger, as the author of a merge commit is a pull request's.

    ``pulled_in``: the authors and co-authors of the pull requests a squashed branch pulled
    in from the main line, whose co-authors GitHub copies into the squash's trailers
    (google/gson: a one-line comment fix made its author co-author of 884 lines)."""
    actors = [Actor(role="author", name=commit.name, email=commit.email)]
    if commit.picked is not None:  # a copy of another's change: theirs, landed by its author
        ported = actors[0]
        actors = [Actor(role="author", name=commit.picked[0], email=commit.picked[1])]
        if not actor_is_bot(ported):
            actors.append(Actor(role="merger", name=ported.name, email=ported.email))
    # a squash's list, not a merge's message; and not its author again
    listed = [] if len(commit.parents) > 1 else [
        (name, email) for name, email in contacts_of(listed_co_authors(commit.body), contacts)
        if not _one_person(actors[0], Actor(role="co_author", name=name, email=email))
        and name_key(name) != name_key(commit.name)]
    people = list(dict.fromkeys((*co_authors(commit, contacts), *listed)))
    # one person twice, once without an address and once by a noreply address whose login
    # is that name (FreshRSS's "math-gh <>" and "maTh <1645099+math-GH@users.noreply…>")
    logins = {name_key(login) for _, email in people if (login := noreply_login(email))}
    for name, email in people:
        actor = Actor(role="co_author", name=name, email=email)
        if (email or name_key(name) not in logins) and not any(
                _one_person(actor, other) for other in pulled_in) and not (
                commit.picked is not None and (_one_person(actor, actors[0])
                                               or name_key(name) == name_key(actors[0].name))):
            actors.append(actor)
    if commit.committer is not None:
        merger = Actor(role="merger", name=commit.committer[0], email=commit.committer[1])
        # a co-author under another address commits as themself, not as a merger
        if not any(_one_person(merger, actor) or (
                merger.name and name_key(merger.name) == name_key(actor.name))
                for actor in actors):
            actors.append(merger)
    return actors


def _copied_from(repo: Path, commit: Commit, commits: Mapping[str, Commit],
                 index: dict[str, list[str]]) -> tuple[str, str] | None:
    """The author of the change ``commit`` copies, where the history holds it and someone
    else wrote it (``Commit.picked``): aiohttp's maintainer's squashed backport of "Allow
    `JSONEncoder` to return bytes directly", cherry-picked from Kevin Park's pull request,
    was his second-strongest Customer Value item; the patchback bot's backports of his own
    pull requests, co-authored by him, were his co-authored work beside them.

    A copy of one change only: every commit it names (each by a prefix no other commit
    shares) is one other person's, and that person is a co-author of the copy or the
    copy's subject is the original's. A squash whose list names one cherry-picked commit
    among its own work, or a backport of several people's fixes, stays its author's.
    ``index``: the commits by their first seven hex digits (``_by_prefix``). An original
    from before the period is asked of git (a January backport of December's pull
    request), one process for each."""
    named = picked_from(commit.subject, commit.body)
    if not named:
        return None
    authors: set[tuple[str, str]] = set()
    subjects: set[str] = set()
    for sha in named:
        found = [full for full in index.get(sha[:7], ()) if full.startswith(sha)]
        if len(found) > 1 or found == [commit.sha]:
            return None
        original = commits[found[0]] if found else _read_commit(repo, sha)
        if original is None or len(original.parents) > 1:
            return None
        authors.add((original.name, original.email))
        subjects.add(same_subject(original.subject))
    if len(authors) != 1:
        return None
    ((name, email),) = authors
    theirs = Actor(role="author", name=name, email=email)
    if _one_person(theirs, Actor(role="author", name=commit.name, email=commit.email)):
        return None
    credited = any(_one_person(theirs, Actor(role="co_author", name=n, email=e))
                   or name_key(n) == name_key(name) for n, e in commit.co_authors)
    if credited or subjects == {same_subject(commit.subject)}:
        return name, email
    return None


def _changes_nothing(repo: Path, commit: Commit) -> bool:
    """Whether a commit's tree is its first parent's: what its numstat's silence says only
    where no setting hides a change from it (a submodule ``ignore = all``, ``diff.relative``
    in a subfolder, a root commit under ``log.showRoot=false``). A root commit is never
    empty here."""
    if not commit.parents:
        return False
    try:
        trees = run_git(repo, "rev-parse", f"{commit.sha}^{{tree}}",
                        f"{commit.parents[0]}^{{tree}}").split()
    except GitError:  # a parent the clone lacks: the commit stands
        return False
    return len(trees) == 2 and trees[0] == trees[1]


def _read_commit(repo: Path, sha: str) -> Commit | None:
    """One commit's metadata by its (abbreviated) name, or None where git knows none or
    more than one."""
    try:
        raw = stream_git(repo, *META_LOG, "-1", "--no-walk", sha, "--")
        found = parse_metadata(raw)
    except GitError:
        return None
    return next(iter(found.values()), None)


def _by_prefix(commits: Iterable[str]) -> dict[str, list[str]]:
    """Commits by their first seven hex digits, which an abbreviated name starts with."""
    index: dict[str, list[str]] = {}
    for sha in commits:
        index.setdefault(sha[:7], []).append(sha)
    return index


def _landed_date(commit: Commit, *, on_line: bool) -> tuple[dt.datetime, dt.datetime]:
    """When the commit landed, and when it was written."""
    written = _date(commit.authored)
    if commit.committer is not None:
        landed = _unix(commit.landed_at) if commit.landed_at else _date(commit.committed)
        return landed, written
    if commit.merged_at:
        return max(written, _unix(commit.merged_at)), written
    if on_line and commit.committed and not commit.imported:
        return max(written, _date(commit.committed)), written
    return written, written


def _commit_item(
    commit: Commit, remote: Remote, contacts: dict[str, tuple[str, str]],
    squashed: tuple[int, str] | None, *, landing: bool = False, on_line: bool = False,
    pulls: Callable[[int], Commit | None] = lambda number: None,
) -> Evidence:
    """The item a commit is: the pull request ``squashed`` names (graph.named_pull_request),
    else a commit. ``landing``: the history lands pull requests by closing them.

    Dated when it reached the branch, as a merged pull request is by its merge: a commit
    someone else landed by when they committed it; one on the branch's own line
    (``on_line``) by its commit date too, if later than it was written. keepassxc's
    maintainer wrote his 1Password importer in August and rebased it onto the branch in
    March, where users got it; a clock behind when it was written is not believed.

    ``pulls``: the commit that landed a pull request, by number."""
    subject = commit.subject
    body = _strip_subject(commit.body, commit.subject)
    numbers, on_branch = merged_in_pulls(body) if squashed else ([], [])
    stayed = [Actor(role="co_author", name=name, email=email) for name, email in on_branch]
    pulled_in: list[Actor] = []
    for number in numbers:
        landed = pulls(number)
        for name, email in ((landed.name, landed.email), *landed.co_authors) if landed else ():
            actor = Actor(role="co_author", name=name, email=email)
            if not any(_one_person(actor, other) for other in stayed):
                pulled_in.append(actor)
    if squashed:  # GitHub's squash lists the commits; a list its author wrote stays
        body = _without_bookkeeping(strip_commit_list(body))
        if commit.closes == squashed[0]:  # it closes itself: no issue closed, no user report
            body = _without_closes(body, squashed[0])
    elif landing:
        # its pull request, on a last line git did not read as a trailer ("Follow-up to
        # <sha> #123" above it: 164 of curl's 3,588 commits of a year)
        body = _without_closes(body, None)
    fork = _PRIVATE_FORK.match(subject)
    landed_on, written_on = _landed_date(commit, on_line=on_line)
    written = commit.authored if commit.authored \
        and landed_on - written_on >= WRITTEN_LONG_BEFORE else None
    common = {
        "repo": remote.name,
        "body": body,
        "date": landed_on,
        "actors": tuple(_actors(commit, contacts, pulled_in)),
        "paths": tuple(commit.paths),
        "additions": commit.additions,
        "deletions": commit.deletions,
        "shas": (commit.sha,),
        "sources": ("git",),
        "overrides": tuple(commit.overrides),
    }
    if squashed:
        number, title = squashed
        title, common["body"] = _rejoined(landed_title(title), body)
        return Evidence(
            id=f"pr:{remote.name}#{number}",
            kind="pull_request",
            title=title,
            url=remote.pull_url(number),
            number=number,
            facts=Facts(state="merged", merged_at=commit.committed,
                        vendored_lines=commit.vendored or None,
                        test_lines=commit.tests or None, written_at=written),
            **common,  # type: ignore[arg-type]
        )
    # most commits know nothing more: one shared NO_FACTS. A commit of another repository's
    # history closes none of this one's issues: its "Fixes #5" is that repository's (pnpm's
    # pacquet commits read "closes a reported issue (#433)", a number of pnpm's own), and
    # GitHub is not asked which of this repository's issues the number names.
    known = commit.vendored or commit.tests or fork or commit.foreign or written
    headline, rest = _headline_of(commit)
    if rest:
        common["body"] = f"{rest}\n\n{body}".strip()
    if not headline.strip():  # git allows an empty message: the row still needs a name
        headline = f"commit {commit.sha[:10]} (no message)"
    return Evidence(
        id=f"commit:{remote.name}@{commit.sha}",
        kind="commit",
        title=_advisory_title(fork.group(1), commit, subject) if fork else headline,
        url=remote.commit_url(commit.sha),
        facts=Facts(vendored_lines=commit.vendored or None, test_lines=commit.tests or None,
                    private_fork=bool(fork), linked_issues=() if commit.foreign else None,
                    written_at=written) if known else NO_FACTS,
        **common,  # type: ignore[arg-type]
    )


def _reviewed_pull_request(
    commit: Commit, commits: dict[str, Commit], owner: Mapping[str, str], *,
    landing: bool, gitlab: bool, repo: str,
) -> tuple[int, str] | None:
    """The pull request a reviewed commit is, or belongs to (a merged branch's commit)."""
    if commit.sha in owner:
        merge = pull_request_merge(commits[owner[commit.sha]], gitlab=gitlab)
        if merge is not None and merge.number:
            return merge.number, merge.title or commit.subject
    return named_pull_request(commit, landing=landing, gitlab=gitlab, repo=repo)


def _one_review(known: Evidence, more: Evidence) -> Evidence:
    """One review of a pull request whose branch held several reviewed commits: its files,
    dated by the last."""
    return replace(
        known, date=max(known.date, more.date),
        paths=tuple(dict.fromkeys((*known.paths, *more.paths))),
        additions=known.additions + more.additions, deletions=known.deletions + more.deletions,
        shas=tuple(dict.fromkeys((*known.shas, *more.shas))),
    )


def _review_item(
    commit: Commit, reviewer: tuple[str, str], remote: Remote,
    named: tuple[int, str] | None,
) -> Evidence:
    """A ``Reviewed-by:`` or ``Acked-by:`` trailer: its reviewer approved the commit
    (Gerrit writes one for each approval, a kernel maintainer for a review given, git's and
    the kernel's ``Acked-by`` for a patch whoever knows the area accepted), as a GitHub
    review of it would say; dated when it landed, the history's last word on the review.
    The reviewer is told by address, or by name where the trailer gives none."""
    number = named[0] if named else None
    title = named[1] if named else _headline_of(commit)[0] or commit.subject
    name, email = reviewer
    who = email or name
    return Evidence(
        id=(f"review:{remote.name}#{number}@{who}" if number
            else f"review:{remote.name}@{commit.sha}@{who}"),
        kind="review",
        repo=remote.name,
        title=title,
        url=remote.pull_url(number) if number else remote.commit_url(commit.sha),
        date=_date(commit.committed),
        actors=(Actor(role="reviewer", name=name, email=email),
                Actor(role="author", name=commit.name, email=commit.email)),
        paths=tuple(commit.paths),
        additions=commit.additions,
        deletions=commit.deletions,
        number=number,
        shas=(commit.sha,),
        sources=("git",),
        facts=Facts(review_states={"APPROVED": 1}, reviews=1, pr_state="merged"),
    )


# A line that closes a number: ``Closes #12``, or as a trailer ``Closes: 12``, ``Closes: #12``
_CLOSES_LINE = re.compile(r"^[ \t]*closes[ \t]*(?::[ \t]*#?|#)(\d+)[ \t]*$\n?",
                          re.IGNORECASE | re.MULTILINE)


def _without_closes(body: str, number: int | None) -> str:
    """``body`` without the lines closing ``number``, its own pull request; with None,
    without its last line if that closes a number."""
    if number is not None:
        return _CLOSES_LINE.sub(
            lambda line: "" if int(line.group(1)) == number else line.group(0), body).strip()
    lines = list(_CLOSES_LINE.finditer(body))
    if not lines or body[lines[-1].end():].strip():
        return body
    return body[:lines[-1].start()].rstrip()


def _advisory_title(ghsa: str | None, commit: Commit, subject: str) -> str:
    """What a fix merged from a security advisory's private fork did, for GitHub's subject
    says only "Merge commit from fork": its message's first line, else the file of code it
    changed (two fixes in one folder are two titles: fastify's lib/validation.js and
    lib/reply.js); marked as evidencer's reading, as a branch name is."""
    tag = f"security advisory GHSA{ghsa[4:].lower()}" if ghsa else "security advisory fix"
    lines = _strip_subject(commit.body, subject).splitlines()
    for index, line in enumerate(lines):
        text = line.strip().lstrip("*-").strip()
        # a trailer starts its line; "* fix: …" is a squashed commit's conventional subject
        if text and not _TRAILER_LINE.match(line.strip()) and not _BOOKKEEPING.match(text):
            sentence = _first_sentence(text, lines[index + 1:])
            if sentence is None:
                break  # a long sentence wrapped over lines is no title
            if ghsa and ghsa.lower() in sentence.lower():  # the line names it already
                tag = "security advisory fix"
            return f"{sentence} ({tag})"
    # a file in a folder of code: not the tests, docs or vendored files, nor a file at the
    # top (a lock file, a manifest, the README)
    code = [path for path in commit.paths if "/" in path and not in_tests(path)
            and not vendored(path) and not _NOT_CODE.search(posixpath.dirname(path))]
    where = (code[0] + (f" and {len(code) - 1} more files" if len(code) > 2
                        else " and 1 more file" if len(code) == 2 else "")) if code \
        else "the repository"
    # (not "… (Merge commit from fork)": the why line says where it came from, and the
    # title cut at a glance read "…utils.py (Merge commit from…", requests' and caddy's)
    return f"Security advisory fix in {where}"


_ADVISORY_TITLE = 100  # characters of a sentence that can stand as an advisory fix's title


def _first_sentence(first: str, rest: Sequence[str]) -> str | None:
    """The sentence a paragraph opens with, its lines joined: caddy's "Necessary as
    otherwise the early-bail in `until =" was a wrapped line cut in a code span, a
    highlight's title. None when that sentence is too long to be a title."""
    words = [first]
    for line in rest:
        text = line.strip()
        if not text or text.startswith(("*", "-")) or _TRAILER_LINE.match(text):
            break
        words.append(text)
    if len(words) == 1:
        return first
    paragraph = " ".join(words)
    end = _SENTENCE_END.search(paragraph, 15)  # its first sentence, as _headline's
    sentence = paragraph[:end.start()] if end else paragraph
    if sentence.endswith(".") and not sentence.endswith(".."):
        sentence = sentence[:-1]
    return sentence if len(sentence) <= _ADVISORY_TITLE else None


def _pull_request_from_merge(
    merge: Commit,
    members: Sequence[Commit],
    pr: PullRequestMerge,
    remote: Remote,
    actors: Sequence[Actor],
    *,
    only: Commit | None = None,
) -> Evidence:
    """One pull request: the merge's message and diff, its commits' overrides and shas.

    The branch's commit subjects are not its description (``WIP``, ``fix tests``): the
    rubric and impact extraction read what the merge's message says, or, when it says
    no more than a title, the message of the pull request's ``only`` commit.
    """
    body = _without_bookkeeping(_strip_subject(merge.body, merge.subject))
    number: int | None = pr.number
    if not number:  # GitLab's: "See merge request group/repo!N" ends the message
        found = list(MR_REFERENCE.finditer(body))
        number = int(found[-1].group("n")) if found else None
        body = MR_REFERENCE.sub("", body).rstrip()
    if pr.title is not None:  # ``Title (#N)``: the body, if any, is the description
        title, rest = _rejoined(landed_title(pr.title), body)
    else:  # ``Merge pull request #N from owner/branch``, then the title, then the rest
        first, _, rest = body.partition("\n")
        title = landed_title(first.strip()) or _title_from_history(members, pr.branch or "")
    if not rest.strip() and only is not None:
        rest = _strip_subject(only.body, only.subject)
    overrides = [o for c in (merge, *members) for o in c.overrides]
    # what its commits close (urfave/cli's maintainer's branches end "Fixes #2250")
    named = [f"{remote.name}#{n}" for c in members for n in c.fixes if n != number]
    return Evidence(
        id=f"pr:{remote.name}#{number}" if number else f"pr:{remote.name}@{merge.sha}",
        kind="pull_request",
        repo=remote.name,
        title=title,
        url=remote.pull_url(number) if number else remote.commit_url(merge.sha),
        body=strip_commit_list(rest.strip()),
        date=_date(merge.committed),
        actors=tuple(actors),
        paths=tuple(merge.paths),
        additions=merge.additions,
        deletions=merge.deletions,
        number=number,
        shas=(merge.sha, *(c.sha for c in members)),
        sources=("git",),
        overrides=tuple(dict.fromkeys(overrides)),
        facts=Facts(state="merged", merged_at=merge.committed, commits=len(members),
                    vendored_lines=merge.vendored or None, test_lines=merge.tests or None,
                    commits_close=tuple(dict.fromkeys(named)) or None),
    )


def _without_bookkeeping(body: str) -> str:
    """A merge's message without what Bitbucket writes below the title ("Merge in PROJ/repo
    from x to main", the "* commit 'sha':" list): not the description."""
    if "Merge in " in body or "* commit '" in body:
        return BITBUCKET_BOOKKEEPING.sub("", body).strip()
    return body


BRANCH_TITLE = " (branch name)"  # marks a title made from a branch's name


def _title_from_history(members: Sequence[Commit], branch: str) -> str:
    """A merge without its title: the subject of the branch's one commit, else the
    branch's name made readable and marked as such (``ctypeslib examples (branch name)``)."""
    written = [c for c in members if len(c.parents) <= 1 and c.subject.strip()]
    if len(written) == 1:
        return written[0].subject
    name = branch.split("/", 1)[1] if "/" in branch else branch
    words = _BRANCH_WORDS.sub(" ", name).strip() or branch
    return f"{words}{BRANCH_TITLE}"


def _strip_subject(body: str, subject: str) -> str:
    """The message after its subject. git joins a subject wrapped over two lines with a
    space (``%s``); the message keeps the line break."""
    if body.startswith(subject):
        return body[len(subject) :].strip()
    first, _, rest = body.partition("\n\n")
    return rest.strip() if " ".join(first.split()) == " ".join(subject.split()) \
        else body.strip()


# Where a sentence ends inside a subject: after a word of two characters or more (not
# "e.g." or "i.e."), before what starts the next one.
_SENTENCE_END = re.compile(r"(?<=[^\s.]{2}[.!?])\s+(?=[A-Z(\"'`\[])")
MAX_HEADLINE = 100


# A trailer inside the subject line: GitHub titles a one-commit pull request with its
# commit's first paragraph joined, and a rebase merge keeps that title as the subject
# (docker/compose's "use go-compose instead Signed-off-by: tensorworker <…>"): a trailer's
# key, a name and an address.
_TRAILER_IN_SUBJECT = re.compile(
    r"\s+(?:Signed-off-by|Co-authored-by|Reviewed-by|Acked-by|Tested-by|Reported-by"
    r"|Suggested-by|Helped-by):\s[^<>]{0,80}<[^<>\s]+@[^<>\s]+>", re.IGNORECASE)


def _headline(subject: str) -> tuple[str, str]:
    """A message written as one paragraph (tmux, OpenBSD: no blank line after the first
    sentence) has it all as git's subject. Its first sentence is the title, as GitHub cuts a
    long first line; the rest opens the description. Short subjects stay whole. A trailer
    in the subject line (above) is no part of the title."""
    trailer = _TRAILER_IN_SUBJECT.search(subject)
    if trailer is not None and trailer.start() > 0:
        subject = subject[: trailer.start()]
    if len(subject) <= MAX_HEADLINE:
        return subject, ""
    end = _SENTENCE_END.search(subject, 15)
    if end is None:
        return subject, ""
    return subject[: end.start()], subject[end.end() :]


# A message whose subject runs on into its body with no blank line between (FreshRSS's
# maintainer: "Fix FreshRSS logo link on Docker Hub" then "The link resolution does not
# …"; "Fix extensions getUserConfiguration" then "fix https://…/issues/6455"): git joins
# the lines into one subject. A short first line followed by one that opens a sentence
# (a capital, a link, an issue, "fix …") is the title. A subject wrapped mid-sentence
# (tmux's, filled to 72 columns; "… files from" then "Google Drive.") stays whole.
_OPENS_SENTENCE = re.compile(
    r"(?:[A-Z(\"'`\[]|https?://|#\d|(?:fix|fixes|fixed|close|closes|closed|resolve|resolves"
    r"|see|ref|refs|follow-?up)\b)")
_RUNS_ON = re.compile(
    r"(?:[,:;(/&+-]|\b(?:a|an|the|of|to|in|on|for|from|with|and|or|but|by|at|as|into|when"
    r"|if|that|which|than|via|per|is|are|be|not|no)\b)\s*$", re.IGNORECASE)
MAX_TITLE_LINE = 60


def _headline_of(commit: Commit) -> tuple[str, str]:
    """The title of a commit and what opens its description: _headline's, unless its
    first line is a title the next line runs on from (above)."""
    lines = commit.body.partition("\n\n")[0].strip().splitlines()
    if len(lines) > 1 and len(lines[0].strip()) <= MAX_TITLE_LINE \
            and " ".join(commit.subject.split()) == " ".join(" ".join(lines).split()) \
            and _OPENS_SENTENCE.match(lines[1].strip()) and not _RUNS_ON.search(lines[0]):
        return lines[0].strip(), "\n".join(line.strip() for line in lines[1:])
    return _headline(commit.subject)


def _rejoined(title: str, body: str) -> tuple[str, str]:
    """A pull request's title cut where its first commit's subject was wrapped, and the
    rest left as the description's first line: ``Two fixes in random(int, boolean,`` and
    ``char[], Random)`` (apache/commons-lang). Joined when the title leaves a bracket open
    and that one line closes it."""
    if title.count("(") <= title.count(")") and title.count("[") <= title.count("]"):
        return title, body
    line, _, rest = body.partition("\n\n")
    whole = f"{title} {line.strip()}"
    if "\n" in line.strip() or len(line) > 100 or whole.count("(") != whole.count(")") \
            or whole.count("[") != whole.count("]"):
        return title, body
    return whole, rest.strip()


def _unix(seconds: str) -> dt.datetime:
    try:
        return dt.datetime.fromtimestamp(int(seconds), dt.timezone.utc)
    except (ValueError, OverflowError, OSError):  # a damaged date, as _date reads one
        return dt.datetime(1970, 1, 1, tzinfo=dt.timezone.utc)


def _date(text: str) -> dt.datetime:
    """git's ISO date of a commit; a damaged header (no date, "-abcd" for a zone, a year
    past 9999) reads as the Unix epoch, as git log itself shows such a commit, so one
    commit does not end the run."""
    try:
        return parse_datetime(text)
    except (ValueError, OverflowError):
        return dt.datetime(1970, 1, 1, tzinfo=dt.timezone.utc)
