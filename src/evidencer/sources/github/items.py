"""Evidence from GitHub records: pull requests, reviews, issues and comments.

Pure: search hits plus per-item answers in, frozen Evidence out, ids shared with git.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from collections import Counter
from collections.abc import Callable, Collection, Sequence
from typing import Protocol, TypeVar

from evidencer.github.graphql import CLOSING
from evidencer.github.records import CommentRecord, FileRecord, IssueHit, ReviewRecord, Timeline
from evidencer.model import (
    Actor,
    Evidence,
    Facts,
    Reporter,
    Role,
    format_datetime,
    landed_title,
)
from evidencer.vendored import in_tests, sizeless

SOURCES = ("github",)

# ... and "Fix:(issue_2285): …", as urfave/cli's maintainer names the issue a fix closes
_CLOSING = re.compile(
    r"\b(?:close[sd]?|fix(?:e[sd])?|resolve[sd]?)\b(?::?\s+"
    r"(?:https?://[^\s/]+/(?P<url_repo>[\w.-]+/[\w.-]+)/issues/(?P<url_n>\d+)"
    r"|(?P<repo>[\w.-]+/[\w.-]+)?#(?P<n>[0-9]{1,9}))"
    r"|:?\s*\(?issue[_-](?P<issue_n>[0-9]{1,9})\b)",
    re.IGNORECASE,
)


# A template's comment, which nobody reads on the page: nushell's pull request template
# gives "- fixes #123 / - closes #456" as its example inside one, and 58 of its
# maintainer's commits kept it, so that four of five highlights "closed" issues #123 and
# #456. GitHub renders no comment, and links no keyword inside one. One left open runs to
# the end, as GitHub hides it.
_HTML_COMMENT = re.compile(r"<!--.*?(?:-->|\Z)", re.DOTALL)


def linked_issues(body: str, repo: str) -> list[str]:
    """Issues a PR body closes (``Fixes #12``, ``closes owner/repo#3``, issue URLs); not
    in an HTML comment."""
    found: list[str] = []
    if body and "<!--" in body:
        body = _HTML_COMMENT.sub(" ", body)
    for match in _CLOSING.finditer(body or ""):
        number = int(match.group("url_n") or match.group("n") or match.group("issue_n"))
        if number == 0:  # "Fixes #0": no issue has that number
            continue
        owner = match.group("url_repo") if match.group("url_n") else match.group("repo") or repo
        ref = f"{owner}#{number}"
        if ref not in found:
            found.append(ref)
    if "/" not in repo:
        # A clone's name, without the owner git does not know: goreleaser's "Fixes #6219"
        # and "Fixes goreleaser/goreleaser#6219" are one issue, not "2 reported issues
        # (#6219, goreleaser/goreleaser#6219)"; kubernetes/website#123 alone stays
        # another project's, whatever this clone is called.
        own = {ref.lower() for ref in found if "/" not in ref}
        found = [ref for ref in found
                 if (name := _owned_name(ref, repo)) is None or name not in own]
    return found


def _owned_name(ref: str, repo: str) -> str | None:
    """``owner/<repo>#N`` as the clone ``repo`` names its own issue (``repo#N``, lower
    case); None for any other reference."""
    where, _, number = ref.partition("#")
    if "/" not in where or where.rpartition("/")[2].lower() != repo.lower():
        return None
    return f"{repo}#{number}".lower()


def message_closes(item: Evidence) -> list[str]:
    """The issues a change's message names with a closing keyword, and those its commits'
    closing trailers name (a pull request git saw merged), not the change itself (curl's
    pushed commits end "Closes #N", naming their own pull request)."""
    own = (item.ref or "").lower()
    named = linked_issues(f"{item.title}\n{item.body[:20_000]}", item.repo)
    return [ref for ref in dict.fromkeys((*named, *(item.facts.commits_close or ())))
            if ref.lower() != own]


# references a PR's text names read through REST: not hundreds of calls, and as many as
# GraphQL's closingIssuesReferences brings along, so both paths agree
MAX_READ = CLOSING


def _named(text: str, repo: str, number: int, skip: Collection[str] = ()) -> list[str]:
    """Issues ``text`` names with a closing keyword, but not the PR itself or ``skip``."""
    left = {ref.lower() for ref in skip} | {f"{repo}#{number}".lower()}
    return [ref for ref in linked_issues(text, repo) if ref.lower() not in left]


def named_closing(title: str, body: str, repo: str, number: int) -> list[str]:
    """The issues a PR's description and title name with a closing keyword, at most
    MAX_READ: what REST reads one by one, collection and the PR bot alike."""
    named = _named(body, repo, number)
    return (named + _named(title, repo, number, named))[:MAX_READ]


def _closing(hit: IssueHit) -> tuple[list[str], list[str]]:
    """What GitHub's own list says the PR closed (merged) or will close (open), and the
    references its text names that the list does not settle, to be read one by one.

    GraphQL's closingIssuesReferences is that list: issues linked by a keyword in the
    description (only those that exist, are issues, and only on a PR into the default
    branch) or in the sidebar; of a merged PR, those it left open were not closed by it.
    A title is no description, but a squash merge makes it the commit message, which
    closes what it names: its references outside the list are read. REST has no list:
    every reference of the title and description is read. A PR closed without merging
    closed nothing."""
    state = pull_state(hit)
    if state == "closed":
        return [], []
    detail = hit.detail
    if detail is None:
        return [], named_closing(hit.title, hit.body, hit.repo, hit.number)
    linked = [ref for ref in detail.closing if state == "open" or ref in detail.closing_closed]
    return linked, _named(hit.title, hit.repo, hit.number, detail.closing)[:MAX_READ]


def unread_closing(hit: IssueHit) -> list[str]:
    """References the PR's text names that must be read to know whether it closes them."""
    return _closing(hit)[1]


def closes(issue: IssueHit | None, *, merged: bool) -> bool:
    """Whether an issue a PR names is one it closes: an issue (not a pull request) that
    exists and, once the PR is merged, is closed."""
    return issue is not None and not issue.is_pull and (not merged or issue.state == "closed")


def reporter(ref: str, issue: IssueHit) -> Reporter:
    """Who opened the issue ``ref``, as the rubric's rules about who opened an item read.
    Not its labels: GraphQL's closing references would cost 25 times the points with
    them, and both ways of reading store the same item."""
    return Reporter(ref=ref, login=issue.user, association=issue.author_association,
                    title=issue.title)


def with_linked(item: Evidence, found: Sequence[tuple[str, IssueHit]]) -> Evidence:
    """The PR with the issues read one by one added to those GitHub's list named."""
    linked = tuple(dict.fromkeys([*(item.facts.linked_issues or ()), *(r for r, _ in found)]))
    reporters = (*(item.facts.reporters or ()), *(reporter(r, issue) for r, issue in found))
    facts = dataclasses.replace(item.facts, linked_issues=linked, reporters=reporters)
    return dataclasses.replace(item, facts=facts)


def pull_id(repo: str, number: int) -> str:
    return f"pr:{repo}#{number}"


def pull_state(hit: IssueHit) -> str:
    """``merged``, ``open`` (work in progress) or ``closed`` (closed without merging)."""
    if hit.merged_at is not None:
        return "merged"
    return "open" if hit.state == "open" else "closed"


def pull_item(hit: IssueHit) -> Evidence:
    """A PR the person authored, dated by its merge (open: creation; closed: closing)."""
    state = pull_state(hit)
    date = {"merged": hit.merged_at, "closed": hit.closed_at}.get(state) or hit.created_at
    linked = _closing(hit)[0]
    facts = Facts(
        state=state,
        updated_at=format_datetime(hit.updated_at),
        linked_issues=tuple(linked),
        # settled with the issues, () when none: an older sighting's are not kept
        reporters=tuple(r for r in hit.detail.reporters if r.ref in linked)
        if hit.detail is not None else (),
        merged_at=format_datetime(hit.merged_at) if hit.merged_at is not None else None,
        draft=hit.draft,
        discussion=hit.comments or None,  # comments it drew: a ranking signal
    )
    return Evidence(
        id=pull_id(hit.repo, hit.number),
        kind="pull_request",
        repo=hit.repo,
        title=landed_title(hit.title) if hit.merged_at is not None else hit.title,
        date=date,
        actors=(Actor(role="author", login=hit.user),),
        url=hit.html_url,
        body=hit.body,
        labels=hit.labels,
        author_association=hit.author_association,
        number=hit.number,
        sources=SOURCES,
        facts=facts,
    )


def with_files(item: Evidence, files: Sequence[FileRecord]) -> Evidence:
    """The PR with its changed paths and line counts from GET /pulls/{n}/files."""
    in_vendored = sum(f.additions + f.deletions for f in files if sizeless(f.filename))
    of_tests = sum(f.additions + f.deletions for f in files
                   if in_tests(f.filename) and not sizeless(f.filename))
    return dataclasses.replace(
        item,
        paths=tuple(f.filename for f in files),
        additions=sum(f.additions for f in files),
        deletions=sum(f.deletions for f in files),
        facts=dataclasses.replace(item.facts, vendored_lines=in_vendored or None,
                                  test_lines=of_tests or None),
    )


def issue_item(hit: IssueHit, *, login: str, role: Role) -> Evidence:
    """An issue the person opened (dated by creation) or was assigned and closed (closing)."""
    date = hit.created_at
    if role == "assignee" and hit.closed_at is not None and hit.user.lower() != login.lower():
        date = hit.closed_at
    actors = [Actor(role="author", login=hit.user)]
    actors += [Actor(role="assignee", login=a) for a in hit.assignees]
    facts = Facts(
        state=hit.state,
        updated_at=format_datetime(hit.updated_at),
        closed_at=format_datetime(hit.closed_at) if hit.closed_at is not None else None,
    )
    return Evidence(
        id=f"issue:{hit.repo}#{hit.number}",
        kind="issue",
        repo=hit.repo,
        title=hit.title,
        date=date,
        actors=tuple(dict.fromkeys(actors)),
        url=hit.html_url,
        body=hit.body,
        labels=hit.labels,
        author_association=hit.author_association,
        number=hit.number,
        sources=SOURCES,
        facts=facts,
    )


class _Act(Protocol):
    @property
    def user(self) -> str: ...
    @property
    def id(self) -> int: ...


A = TypeVar("A", bound=_Act)


def _own(
    acts: Sequence[A],
    login: str,
    when: Callable[[A], dt.datetime | None],
    start: dt.datetime,
    end: dt.datetime,
) -> list[A]:
    """``login``'s reviews or comments within the period, oldest first."""
    folded = login.lower()
    mine = [a for a in acts if a.user.lower() == folded and _within(when(a), start, end)]
    return sorted(mine, key=lambda a: (when(a) or start, a.id))


def _within(when: dt.datetime | None, start: dt.datetime, end: dt.datetime) -> bool:
    return when is not None and start <= when <= end


def review_id(hit: IssueHit, login: str) -> str:
    return f"review:{hit.repo}#{hit.number}@{login}"


def review_item(
    hit: IssueHit,
    reviews: Sequence[ReviewRecord],
    *,
    login: str,
    start: dt.datetime,
    end: dt.datetime,
) -> Evidence | None:
    """One item for all the reviews ``login`` submitted on the PR within the period."""
    mine = _own(reviews, login, lambda r: r.submitted_at, start, end)
    if not mine:
        return None
    first = mine[0]
    assert first.submitted_at is not None  # _within checked it
    return Evidence(
        id=review_id(hit, login),
        kind="review",
        repo=hit.repo,
        title=hit.title,
        date=first.submitted_at,
        actors=(Actor(role="reviewer", login=login), Actor(role="author", login=hit.user)),
        url=hit.html_url,
        body="\n\n".join(r.body.strip() for r in mine if r.body.strip()),
        labels=hit.labels,
        author_association=hit.author_association,
        number=hit.number,
        sources=SOURCES,
        facts=Facts(
            review_states=dict(Counter(r.state for r in mine)),
            reviews=len(mine),
            review_url=first.html_url,
            pr_state=pull_state(hit),
            pr_updated_at=format_datetime(hit.updated_at),
        ),
    )


def merger_item(
    hit: IssueHit, merged_by: str | None, *, login: str, start: dt.datetime, end: dt.datetime
) -> Evidence | None:
    """Someone else's PR that ``login`` merged within the period: its ``merger``, not author.

    Dated by the merge, the person's own act; the same item as the PR's other sightings.
    """
    if not merged_by or merged_by.lower() != login.lower() or hit.user.lower() == login.lower():
        return None
    if not _within(hit.merged_at, start, end):
        return None
    item = pull_item(hit)
    return dataclasses.replace(item, actors=(*item.actors, Actor(role="merger", login=login)))


def timeline_items(
    hit: IssueHit, timeline: Timeline, *, login: str, start: dt.datetime, end: dt.datetime
) -> list[Evidence]:
    """From one PR's timeline: the person's reviews (one item) and their merge of it."""
    found = [
        review_item(hit, timeline.reviews, login=login, start=start, end=end),
        merger_item(hit, timeline.merged_by, login=login, start=start, end=end),
    ]
    return [item for item in found if item is not None]


def comment_id(hit: IssueHit, login: str) -> str:
    return f"comment:{hit.repo}#{hit.number}@{login}"


def comment_item(
    hit: IssueHit,
    comments: Sequence[CommentRecord],
    *,
    login: str,
    start: dt.datetime,
    end: dt.datetime,
) -> Evidence | None:
    """One item for ``login``'s comments within the period on an outside user's issue.

    ``author_association`` is the issue opener's (e.g. NONE): what makes it empathy.
    """
    mine = _own(comments, login, lambda c: c.created_at, start, end)
    if not mine:
        return None
    return Evidence(
        id=comment_id(hit, login),
        kind="comment",
        repo=hit.repo,
        title=hit.title,
        date=mine[0].created_at,
        actors=(Actor(role="commenter", login=login), Actor(role="author", login=hit.user)),
        url=mine[0].html_url or hit.html_url,
        body="\n\n".join(c.body.strip() for c in mine if c.body.strip()),
        labels=hit.labels,
        author_association=hit.author_association,
        number=hit.number,
        sources=SOURCES,
        facts=Facts(
            comments=len(mine),
            issue_url=hit.html_url,
            issue_state=hit.state,
            issue_updated_at=format_datetime(hit.updated_at),
        ),
    )
