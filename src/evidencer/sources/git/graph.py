"""Whose work each commit is: which pull request brought it in (from the commit graph),
and which commits make the person's items. A merge ``M`` brought in ``M^1..M^2``.
"""

from __future__ import annotations

import re
import statistics
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from evidencer.identity import Matcher
from evidencer.sources.git.log import Commit

MERGE_PR = re.compile(r"^Merge pull request #(?P<n>[0-9]{1,9}) from (?P<branch>\S+)")
# GitHub's squash button, and its merge button when set to use the pull request's title.
TITLED_PR = re.compile(r"^(?P<title>.*\S)\s+\(#(?P<n>[0-9]{1,9})\)\.?$")  # "." by hand
# GitLab's merge button: "Merge branch 'feature' into 'main'", both names quoted (git's
# own merge message leaves the target bare), the message ending "See merge request
# group/repo!N". On GitLab "(#N)" names an issue, never a merge request.
MERGE_MR = re.compile(r"^Merge branch '(?P<branch>[^']+)' into '[^']+'$")
MR_REFERENCE = re.compile(r"^See merge request \S*!(?P<n>[0-9]{1,9})[ \t]*$", re.MULTILINE)
# Other forges' merge buttons. Gitea and Forgejo: "Merge pull request 'Title' (#12) from
# branch into main". Bitbucket Cloud: "Merged in branch (pull request #12)", the title on
# the message's next line; Bitbucket Data Center: "Pull request #12: Title" (its older
# Server: "Merge pull request #12 in PROJ/repo from branch to main"), then "Merge in
# PROJ/repo from branch to main" and a "* commit 'sha':" list. Azure DevOps, merged or
# squashed: "Merged PR 12: Title".
GITEA_PR = re.compile(
    r"^Merge pull request '(?P<title>.*\S)' \(#(?P<n>[0-9]{1,9})\) from (?P<branch>\S+) into \S+$")
BITBUCKET_PR = re.compile(r"^Merged in (?P<branch>\S+) \(pull request #(?P<n>[0-9]{1,9})\)$")
BITBUCKET_SERVER_PR = re.compile(
    r"^Merge pull request #(?P<n>[0-9]{1,9}) in \S+ from (?P<branch>\S+) to \S+$")
AZURE_PR = re.compile(r"^Merged PR (?P<n>[0-9]{1,9}): (?P<title>.*\S)$")
BITBUCKET_DC_PR = re.compile(r"^Pull request #(?P<n>[0-9]{1,9}): (?P<title>.*\S)$")
# What Bitbucket writes below the title: where it merged from, and the branch's commits.
BITBUCKET_BOOKKEEPING = re.compile(
    r"^Merge in \S+ from \S+ to \S+[ \t]*$|^\* commit '[0-9a-f]{7,64}':\n(?:[ \t]+.*(?:\n|$))*",
    re.MULTILINE)


@dataclass(frozen=True, slots=True)
class PullRequestMerge:
    """What a merge commit's subject says of the pull request it merged."""

    number: int  # 0: a GitLab merge request, whose number is in the message's last line
    branch: str | None  # ``owner/branch`` from ``Merge pull request #N from owner/branch``
    title: str | None  # from a subject ``Title (#N)``


def pull_request_merge(commit: Commit, *, gitlab: bool = False) -> PullRequestMerge | None:
    """The pull request a merge commit merged, or None for any other commit.

    GitHub's subjects say so: ``Merge pull request #N from owner/branch``, and ``Title
    (#N)`` on a merge commit (two parents; one parent is a squash, an item of its own);
    so do Gitea's, Bitbucket's and Azure DevOps' (above). ``Merge branch 'stable'`` and
    other merges without a number are not pull requests. In a repository on GitLab
    (``gitlab``), ``Merge branch 'x' into 'main'`` alone.
    """
    subject = commit.subject
    if commit.foreign:
        return None
    if gitlab:
        request = MERGE_MR.match(subject) if len(commit.parents) > 1 else None
        return PullRequestMerge(0, request.group("branch"), None) if request else None
    # The literal tests first: they answer for nearly every commit of a long history.
    if subject.startswith("Merge pull request "):
        merge = MERGE_PR.match(subject) or BITBUCKET_SERVER_PR.match(subject)
        if merge:
            return _unless_promoted(int(merge.group("n")), merge.group("branch"), None)
        titled = GITEA_PR.match(subject) if len(commit.parents) > 1 else None
        if titled:
            return _unless_promoted(int(titled.group("n")), titled.group("branch"),
                                    titled.group("title"))
    elif subject.startswith("Merged in "):
        merge = BITBUCKET_PR.match(subject)
        if merge:
            return _unless_promoted(int(merge.group("n")), merge.group("branch"), None)
    if len(commit.parents) > 1:  # a squash's subject on a merge commit: "Title (#N)"…
        squash = squashed_pull_request(subject)
        if squash:
            # ... whose title may say it brings a long-lived branch back (tokio's
            # "Merge 'tokio-1.47.2' into 'master' (#7683)", its maintenance branch)
            named = _BRANCH_MERGE.match(squash[1])
            if named:
                branch = named.group("branch")
                return None if _VERSION_BRANCH.match(branch) \
                    else _unless_promoted(squash[0], branch, squash[1])
            return PullRequestMerge(squash[0], None, squash[1])
    return None


# A branch a project promotes whole, through a pull request of its own ("Merge pull
# request #1805 from linkwarden/dev", "… from owner/staging", "… from owner/v2.11.8"): not
# its main or master, which a contributor's fork often opens its pull request from.
_VERSION = r"v?\d+\.\d+(?:\.\d+)*(?:\.x)?"
_PROMOTED = re.compile(
    r"^(?:[^/\s]+/)?(?:dev|develop|development|staging|next|beta|canary|nightly|"
    rf"release[\w./-]*|{_VERSION})$", re.IGNORECASE)
# ... and, where a pull request's title says it merges one branch into another, a product's
# own version branch (tokio's "Merge 'tokio-1.47.2' into 'master'"); not a topic branch
# named for a version elsewhere (restic's "Merge pull request #21796 from restic/go-1.25")
_VERSION_BRANCH = re.compile(rf"^[a-z][\w.]*-{_VERSION}$", re.IGNORECASE)


def _unless_promoted(number: int, branch: str, title: str | None) -> PullRequestMerge | None:
    """The pull request, or None when it promotes a long-lived branch whole: linkwarden's
    maintainer commits to `dev` and brings it into main by a pull request titled with the
    version ("v2.15.0", 59 commits) or "Dev", which had read as one release chore, hiding
    his security fixes and features. Its commits are then items of their own, as commits
    pushed to the branch itself are, and pull requests merged into `dev` stay theirs."""
    if _PROMOTED.match(branch):
        return None
    # ... and a branch cut to bring a development line in: wails' maintainer pushed a
    # year of v3 work to `v3-alpha` and merged it by "Merge pull request #5272 from
    # wailsapp/merge/v3-alpha", which read as one branch merge she co-authored.
    # Only a development line's name after the folder (v3-alpha, next, canary): not a
    # contributor's "merge-main", "merge-release-notes" or "merge/main", which bring the
    # main line into their own work, nor their own "v2".
    owner, _, name = branch.partition("/")
    line = _MERGING.sub("", name, count=1) if owner else ""
    if line and line != name and DEVELOPMENT_BRANCH.fullmatch(line):
        return None
    return PullRequestMerge(number, branch, title)


# A branch cut to merge another, by its folder: "merge/v3-alpha", "sync/next"
_MERGING = re.compile(r"^(?:merge|merging|sync|promote)/", re.IGNORECASE)


def is_pull_request_merge(commit: Commit, *, gitlab: bool = False) -> bool:
    return pull_request_merge(commit, gitlab=gitlab) is not None


def squashed_pull_request(subject: str, *, gitlab: bool = False) -> tuple[int, str] | None:
    """``(number, title)`` from a subject that names a pull request and its title, as a
    squash button writes it and a merge button may: ``Title (#N)`` (GitHub, Gitea,
    Forgejo), ``Merged PR N: Title`` (Azure DevOps), ``Pull request #N: Title`` (Bitbucket
    Data Center); a forge's own prefix before a trailing ``(#N)``. Not on GitLab, where
    ``(#N)`` names an issue."""
    if gitlab:
        return None
    found = (AZURE_PR.match(subject) if subject.startswith("Merged PR ")
             else BITBUCKET_DC_PR.match(subject) if subject.startswith("Pull request #")
             else TITLED_PR.match(subject) if subject.endswith((")", ")."))
             else None)
    return (int(found.group("n")), found.group("title")) if found else None


# A history lands its pull requests by pushing their commits, each closing its pull request
# by a trailer, when at least this share of its latest LANDING_SAMPLE own commits (at least
# LANDING_MIN of them) end ``Closes #N``: curl's 1,782 of 2,000, hugo's 280, ripgrep's 197.
LANDING_SAMPLE = 2000
LANDING_SHARE = 0.8
LANDING_MIN = 50


def lands_by_closing(sample: Iterable[Commit]) -> tuple[int, int] | None:
    """Whether ``Closes #N`` at the end of a commit names the pull request it landed, read
    from ``sample``: the history's latest own commits (first parent, no merges) up to the
    period's end.

    curl rebases every pull request onto master, each commit ending ``Closes #N`` (3,101 of
    its 3,589 commits of a year; 3,295 of those 3,302 numbers are pull requests), and its
    documents read "closes a reported issue" of each. Elsewhere a commit's ``Closes #N``
    closes an issue (dokku's 48 of 1,230 commits, click's 16 of 295, hugo's 280 of its
    last 2,000: all or nearly all issues), and a project that closes an issue with most
    of its commits is read so only when it has fewer than LANDING_MIN of them or a fifth
    that close nothing. The history decides, not the period's commits alone nor whose
    document it is; the document says when it is read so (collect.py). Returns how many of how many
    commits close a number when it is read so, else None."""
    own = [commit.closes for commit in sample if squashed_pull_request(commit.subject) is None]
    closing = sum(1 for closes in own if closes)
    if closing >= LANDING_MIN and closing >= LANDING_SHARE * len(own):
        return closing, len(own)
    return None


def named_pull_request(commit: Commit, *, landing: bool, gitlab: bool = False,
                       repo: str = "") -> tuple[int, str] | None:
    """``(number, title)`` of the pull request one commit is: its squash subject's; the one
    its ``PR-URL:`` trailer names in ``repo`` (the remote's owner/name; node's and libuv's
    landing tools write it on each commit of a pull request); or, in a history that lands
    by closing (``landing``), the one its ``Closes #N`` names. Titled by its subject.
    None for a commit of a history merged in whole (foreign_commits)."""
    if commit.foreign:
        return None
    found = squashed_pull_request(commit.subject, gitlab=gitlab)
    if found is not None:
        return found
    if commit.landed and repo:
        named, _, number = commit.landed.rpartition("#")
        if named.lower() == repo.lower():
            return int(number), commit.subject
    if landing and commit.closes:
        return commit.closes, commit.subject
    return None


def foreign_commits(
    commits: dict[str, Commit], first: str | None,
    committed_at: Callable[[Sequence[str]], dict[str, int]] | None = None,
) -> list[Commit]:
    """The commits of another repository's history that this one merged in whole (``git
    merge --allow-unrelated-histories``), as pnpm merged pacquet's 530 commits: their
    ``(#N)`` name that repository's pull requests, not this one's.

    ``commits`` is what collection read: the period and what was merged late, which reads
    a history merged in during the period down to its first commit; ``first`` is this
    history's first commit when the period reaches it (the end of HEAD's first-parent
    line). A foreign commit reaches a first commit (no parents) other than ``first``, and
    neither ``first`` nor any commit before the period (a parent not in ``commits``);
    and the pull-request numbers of the two sides differ as two repositories' do (below).
    Only the merge that joined the histories tells them apart, so a history that joined
    before the period (or joins again, a subtree pulled anew) is read as this one's. Not
    for a shallow clone, whose cut commits have no parents either.
    """
    others = [sha for sha, commit in commits.items() if not commit.parents and sha != first]
    if not others:  # nearly every history
        return []
    children: dict[str, list[str]] = {}
    ours: list[str] = [first] if first is not None else []
    for sha, commit in commits.items():
        for parent in commit.parents:
            if parent in commits:
                children.setdefault(parent, []).append(sha)
            else:
                ours.append(sha)  # it goes on before the period: this history's
    own = _descendants(ours, children)
    joined = _descendants(others, children)
    foreign = [commits[sha] for sha in joined if sha not in own]
    # The numbers must say so too: the other history's lie below all of this one's, and
    # those after the join go on from this one's counter. An orphan branch of this
    # repository (a rewrite merged back) numbers as this one does, and a history this one
    # was merged into the other way round goes on from the other's counter.
    theirs = pull_request_numbers(foreign)
    before = pull_request_numbers(commits[sha] for sha in own if sha not in joined)
    after = pull_request_numbers(commits[sha] for sha in own if sha in joined)
    if not theirs or not after or max(theirs) >= min(before + after):
        return []
    if before:
        return foreign if statistics.median(after) >= statistics.median(before) else []
    # Joined just before the period, so that none of this history's numbered work in it
    # came before the join (stretchr/testify's go-difflib, 2012 to 2018, merged in on a
    # branch four days before the period: its authors read as the vendoring's co-authors):
    # the other history ended before any of this one's commits read (``committed_at``: when
    # each of the shas asked was committed, in Unix seconds; asked of git only here).
    if committed_at is None:
        return []
    times = committed_at([c.sha for c in foreign] + sorted(own))
    theirs_ended = [times.get(c.sha) for c in foreign]
    ours_began = [times[sha] for sha in own if sha in times]
    if not ours_began or None in theirs_ended:
        return []
    return foreign if max(t for t in theirs_ended if t is not None) < min(ours_began) else []


def pull_request_numbers(commits: Iterable[Commit]) -> list[int]:
    """The pull-request numbers the commits name (a merge's, a squash's)."""
    found = []
    for commit in commits:
        merged = pull_request_merge(commit)
        number = merged.number if merged is not None else None
        if number is None and len(commit.parents) <= 1:
            squashed = squashed_pull_request(commit.subject)
            number = squashed[0] if squashed else None
        if number:
            found.append(number)
    return found


def _descendants(starts: Iterable[str], children: dict[str, list[str]]) -> set[str]:
    seen = set(starts)
    stack = list(seen)
    while stack:
        for child in children.get(stack.pop(), ()):
            if child not in seen:
                seen.add(child)
                stack.append(child)
    return seen


# A merge named by its branch: git's own message for a branch merged by hand ("Merge branch
# 'ps/reftable-fix'", git's maintainer lands each topic so; "… into next"), or pulled from
# a contributor's fork ("Merge branch 'screen-tab-bounds' of Explorer09/htop-1", htop's
# maintainers land so), and a pull request's title that says so ("Merge 'tokio-1.47.2'
# into 'master'"). By hand, ``kind`` is "branch ": not "Merge remote-tracking branch …",
# nor a long-lived branch brought back (git pull's "Merge branch 'main' of github.com:…").
_BRANCH_MERGE = re.compile(
    r"^Merge (?P<kind>branch |remote-tracking branch )?'(?P<branch>[^']+)'"
    r"(?: of \S+)?(?: into '?[^'\s]+'?)?\s*$")
# ... also a maintenance or version branch (1.4-maint, v1.x, 2.0, stable-2.1, 2.0-lts) and
# another tree's main line mirrored (tmux's obsd-master): brought back, not landed, and
# their commits keep their own dates
_LONG_LIVED = re.compile(
    r"^(?:main|master|develop|development|dev|trunk|next|maint|stable|seen|pu|HEAD"
    r"|release[\w./-]*|origin/.*|upstream/.*|[\w.-]*[-_](?:main|master|trunk)"
    r"|v?\d+(?:\.\d+)*(?:\.x)?(?:[-_](?:maint\w*|stable|lts|branch))?"
    r"|[\w.-]*[-_/](?:maint\w*|stable|lts)|(?:maint\w*|stable|lts)[-_/][\w.-]+)$")

# The branches a project ships stable releases from, by a ref's name ("origin/1.4-maint"):
# borg's 1.4-maint, git's maint, release/2.7.x, 7.x, stable-2.1, 2.0-lts; what HEAD does
# not reach there the git source counts in a warning. Narrower than _LONG_LIVED above,
# which also takes main lines and any release… branch as brought back, not landed.
# By name and version only: not a topic that mentions them ("release-docs-check",
# "copilot/refactor-maintenance-operations", "zb/release-app", astro's, navidrome's, uv's).
MAINTENANCE_BRANCH = re.compile(
    r"(?:^|/)(?:maint|maintenance|stable|lts)$"
    r"|(?:^|/)(?:maint\w*|stable|lts|release|releases|rel)[/_-]v?\d+(?:\.\d+)*(?:\.x)?$"
    r"|(?:^|/)v?\d+(?:\.\d+)*(?:\.x)?[/_-](?:maint\w*|stable|lts)$"
    r"|(?:^|/)v?\d+\.(?:\d+\.)?(?:x|\d+)$|(?:^|/)v?\d+\.x$", re.IGNORECASE)

# ... and the lines a project develops its next release on, by the whole of a branch's
# name (without its remote's): vuejs/core's maintainer landed 751 commits of a year on
# `minor` (Vue 3.6 and its 27 pre-releases) and the document read `main` alone. Not a
# topic named so ("feat/next", "edison/minor").
DEVELOPMENT_BRANCH = re.compile(
    r"(?:next|develop|development|dev|minor|major|canary|beta|alpha|preview|unstable"
    r"|v\d+(?:[-_.](?:dev|next|exp\w*|beta|alpha|preview|wip))?"
    # a feature line named for the version it builds (mswjs/msw's feat/3.0: 13 of its
    # maintainer's commits, named "maintenance" beside its 2.x HEAD)
    # (a dotted version or a "v": not a topic named by its issue, feature/1234)
    r"|(?:feat|feature|features)[/_-](?:v\d+(?:\.\d+)*|\d+(?:\.\d+)+|\d+\.x)(?:\.x)?)",
    re.IGNORECASE)


def assign_to_pull_requests(
    commits: dict[str, Commit], *, gitlab: bool = False,
    landers: dict[str, str] | None = None,
) -> dict[str, str]:
    """Map each commit a pull-request merge brought in (``M^1..M^2``) to that merge.

    Walks the first-parent line from HEAD oldest first; a merge's side branches are
    walked the same way, so a pull request merged into a release branch that was
    merged later still owns its own commits. ``landers``, when given, gets each other
    commit a hand-made branch merge on HEAD's own line brought in, mapped to that merge:
    whoever merged the branch landed it, as git's maintainer lands every topic ("Merge
    branch 'ps/reftable-fix'").
    """
    owner: dict[str, str] = {}
    claimed: set[str] = set()
    if not commits:
        return owner
    head = next(iter(commits))

    def process_line(tip: str, *, top: bool = False) -> list[str]:
        line: list[str] = []
        current: str | None = tip
        while current is not None and current in commits and current not in claimed:
            claimed.add(current)
            line.append(current)
            parents = commits[current].parents
            current = parents[0] if parents else None
        free: list[str] = []
        for sha in reversed(line):
            parents = commits[sha].parents
            if len(parents) > 1:  # most commits are not merges: nothing more to walk
                side: list[str] = []
                for parent in parents[1:]:
                    side.extend(process_line(parent))
                merged = pull_request_merge(commits[sha], gitlab=gitlab)
                if merged is not None:
                    own = _squashed_elsewhere(side, commits, merged.number, gitlab=gitlab)
                    owner.update(dict.fromkeys((c for c in side if c not in own), sha))
                    free.extend(c for c in side if c in own)
                else:
                    free.extend(side)
                    if top and landers is not None and _by_hand(commits[sha]):
                        landers.update(dict.fromkeys(side, sha))
            free.append(sha)
        return free

    process_line(head, top=True)
    return owner


# Gerrit's merge of a change its submitter approved (sqlalchemy/alembic: 'Merge "Add
# autogenerate support for CHECK constraint detection" into main', authored by the
# maintainer who submitted it, committed by "Gerrit Code Review"; into master, Gerrit
# leaves the branch out), or of several by their Change-Ids or topic
_GERRIT_MERGE = re.compile(
    r'^Merge (?:"[^\n]+"|changes? (?:from topic "[^"\n]+"'
    r'|I[0-9a-f]{6,}(?:\s*,\s*(?:I[0-9a-f]{6,}|\.\.\.))*))(?: into \S+)?\s*$')


def _by_hand(merge: Commit) -> bool:
    """A branch merged by git's own message, no long-lived branch brought back; or a
    change Gerrit merged for whoever submitted it."""
    if _GERRIT_MERGE.match(merge.subject):
        return True
    merged = _BRANCH_MERGE.match(merge.subject)
    return merged is not None and merged.group("kind") == "branch " \
        and not _LONG_LIVED.match(merged.group("branch"))


def _squashed_elsewhere(
    side: Sequence[str], commits: dict[str, Commit], number: int, *, gitlab: bool
) -> set[str]:
    """The commits of a merged branch that are pull requests of their own: squashed onto
    a branch (``dev``, a release branch) that one pull request then merged, as
    paperless-ngx's "[Beta] Paperless-ngx v3.0.0 Beta (#12713)" merged 760 commits, each
    ``Title (#N)``. Two or more such commits, each naming a number no other names, tell
    such a branch: one commit of a feature branch whose subject ends ``(#4)`` names an
    issue more often than a pull request, and so do several that end with the same one
    (lazygit's "Kill the pty child's process tree on Windows to avoid orphans (#5879)"
    and two more, each naming the issue their pull request #5885 fixed, had made a pull
    request #5879 of their own)."""
    named: dict[int, list[str]] = {}
    for sha in side:
        commit = commits[sha]
        if len(commit.parents) <= 1:
            squash = squashed_pull_request(commit.subject, gitlab=gitlab)
            if squash is not None and squash[0] != number:
                named.setdefault(squash[0], []).append(sha)
    # a squash names its pull request once: a number on several commits is an issue
    found = {shas[0] for shas in named.values() if len(shas) == 1}
    return found if len(found) >= 2 else set()


def wanted_commits(
    commits: dict[str, Commit],
    owner: dict[str, str],
    contacts: dict[str, tuple[str, str]],
    matchers: Sequence[Matcher],
    *,
    gitlab: bool = False,
) -> list[str]:
    """The commits that make the person's items: their own, their co-authored ones, the
    merges of pull requests they wrote or merged (with their commits in them), and the
    commits of others they landed (``Commit.committer``, kept by collection for HEAD's
    first-parent line only: a branch's commits are landed by the merge that brought them
    in)."""

    is_me = _anyone(matchers)

    def involved(commit: Commit) -> bool:
        if is_me(commit.name, commit.email):
            return True
        return bool(commit.co_authors) and any(
            is_me(n, e) for n, e in co_authors(commit, contacts)
        )

    members = members_of(owner)
    wanted: list[str] = []
    for sha, commit in commits.items():
        if is_pull_request_merge(commit, gitlab=gitlab):
            pr_commits = [commits[c] for c in members.get(sha, ())]
            if any(involved(c) for c in pr_commits) or involved(commit):
                wanted.append(sha)
                wanted.extend(c.sha for c in pr_commits if involved(c))
        elif len(commit.parents) <= 1 and (involved(commit) or (
                commit.committer is not None and is_me(*commit.committer))):
            wanted.append(sha)
    return list(dict.fromkeys(wanted))


def first_parent_line(commits: dict[str, Commit]) -> list[str]:
    """HEAD and its first parents, newest first, as far as ``commits`` reaches: what
    landed on the branch itself, not through a merge."""
    line: list[str] = []
    seen: set[str] = set()
    current = next(iter(commits), None)
    while current is not None and current in commits and current not in seen:
        seen.add(current)
        line.append(current)
        parents = commits[current].parents
        current = parents[0] if parents else None
    return line


def reviewed_commits(
    commits: dict[str, Commit], contacts: dict[str, tuple[str, str]],
    matchers: Sequence[Matcher],
) -> dict[str, list[tuple[str, str]]]:
    """The commits the people reviewed (``Reviewed-by:``), each with those of its reviewers
    who are one of them, as ``.mailmap`` names them, once each. A merge's is its branch's.
    A reviewer who wrote the commit (its author or a co-author) reviewed no one else's
    work: golang/tools has its reviewers' own changes carry their Reviewed-by too."""
    is_me = _anyone(matchers)
    found: dict[str, list[tuple[str, str]]] = {}
    for sha, commit in commits.items():
        if commit.reviewers and len(commit.parents) <= 1:
            writers = [(commit.name, commit.email), *co_authors(commit, contacts)]
            # the people who wrote it, by any of their addresses (rita@corp.com wrote it,
            # "Reviewed-by: Rita <rita@home.org>" is her too)
            wrote = [m for m in matchers if any(m.is_me(name=n, email=e) for n, e in writers)]
            mine = [contact for contact in dict.fromkeys(contacts_of(commit.reviewers, contacts))
                    if is_me(*contact)
                    and not any(m.is_me(name=contact[0], email=contact[1]) for m in wrote)]
            if mine:
                found[sha] = mine
    return found


def _anyone(matchers: Sequence[Matcher]) -> Callable[[str, str], bool]:
    """Whether a name and address are one of the people's, remembered: a history has far
    fewer people than commits."""
    known: dict[tuple[str, str], bool] = {}

    def is_me(name: str, email: str) -> bool:
        answer = known.get((name, email))
        if answer is None:
            answer = known[name, email] = any(
                m.is_me(name=name, email=email) for m in matchers
            )
        return answer

    return is_me


def members_of(owner: dict[str, str]) -> dict[str, list[str]]:
    members: dict[str, list[str]] = {}
    for sha, merge_sha in owner.items():
        members.setdefault(merge_sha, []).append(sha)
    return members


def co_authors(commit: Commit, contacts: dict[str, tuple[str, str]]) -> list[tuple[str, str]]:
    return contacts_of(commit.co_authors, contacts)


def contacts_of(
    people: Sequence[tuple[str, str]], contacts: dict[str, tuple[str, str]],
) -> list[tuple[str, str]]:
    """Names and addresses a trailer wrote, as ``.mailmap`` names them (``contacts``)."""
    return [contacts.get(f"{name} <{email}>", (name, email)) for name, email in people]
