"""Pure: one change landed more than once is one piece of work, told once.

A fix made on the main branch and again on a release branch (traefik's "Fix deny encoded
characters", one pull request a branch, minutes apart), a commit mirrored from another
tree (tmux's OpenBSD sync: the same subject, files and second), a cherry-pick (`git
cherry-pick -x`): each copy is the same work. Listed as items they would count it twice,
name it twice among a competency's strongest and double its growth-arc sentences.

Copies are the person's own commits and pull requests in one repository, with the same
role, that either name the other in a ``(cherry picked from commit <sha>)`` line or a port's
subject (``[PR #12/96f488d backport][3.14] …``, ``reverts.picked_from``), or carry
the same subject (case, spacing, a squash's ``(#N)`` and a release-branch tag such as
``[v2.11]`` or ``[11.x]`` aside), touch at least one path in common and

- share their date to the second (a cherry-pick or a mirror keeps its author's date), or
- landed within ``SAME_DAY`` of the first (``WINDOW`` when a title names its release
  branch) and change about as many lines (``SIMILAR_SIZE``), or
- name two different release branches (livewire's "[4.x] Add payload schema validation
  and tiered response handling" in February, "[3.x] …" in April: two of its maintainer's
  five highlights were the one change), say more than a generic "Security fixes" or "Fix
  tests", change mostly the same files (``PORTED_PATHS``) and about as many lines,
  whenever in the period the port landed. Branches, not versions: "[v1.2] Release notes"
  and "[v1.3] Release notes" are two releases' work.

Successive changes under one subject are not copies and stay apart: ShareX's three
"fixed #7989: workaround dialog issue" commits, one form each, share no path; anki's
"Bump version" and fzf's "Update CHANGELOG" land days apart. A revert, or reverted work,
is never folded (home-assistant/frontend's change pushed, reverted and landed again through
a pull request): the revert rules weigh both.

A fix of what the same person's change introduced, landed within ``WINDOW`` of it, is
part of that work: its title says it fixes and its message names the change
(``introduced in 96f488d``, ``regression from #12``, ``broken by 96f488d``), or a
``Fixes: 96f488d`` trailer does. alacritty's "Fix signal cleanup polling", which "fixes two minor
issues introduced in 96f488d" nine days after it, was a second highlight and a second
"bug in shipped work" beside the change it finished.

The first copy stands for the others (a pull request before a commit, then the earliest);
the rest are named under it ("also in …", a follow-up fix as such) and in the JSON's
``also``.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import defaultdict
from collections.abc import Mapping, Sequence

from evidencer.model import Classified, Evidence
from evidencer.report.significance import reverted_by
from evidencer.reverts import picked_from, reverted_subject, same_subject

__all__ = ["WINDOW", "fold_copies", "follows_up"]

WINDOW = dt.timedelta(days=14)  # a copy named for its release branch ([11.x])
SAME_DAY = dt.timedelta(days=1)  # any other copy made again by hand
SIMILAR_SIZE = 0.5  # the smaller copy changes at least half the lines of the larger
PORTED_PATHS = 0.5  # a port to another branch shares at least half the files of the two
# A branch, not a version: [3.x], [11.x], [backport 2.x], [release-1.4]
_BRANCH_NAME = re.compile(r"\d\.x\b|^\[(?:backport|release)\b|^(?:backport|cherry[- ]pick)\s*:",
                          re.IGNORECASE)
# Subjects too generic to say two branches got one change
_GENERIC = frozenset({"fix", "fixes", "fixed", "update", "updates", "bump", "release", "notes",
                      "changelog", "test", "tests", "security", "version", "docs", "doc", "the",
                      "a", "an", "and", "of", "for", "to", "in", "minor", "misc", "various"})
_OWN = ("author", "co_author")
# A fix that finishes another change: what it fixes was introduced there (a sha or a pull
# request's number), or a ``Fixes: <sha>`` trailer names it. Not "Follow-up to #12", which
# as often starts the next piece of work (pnpm's Node.js runtime signature check follows
# its package-manager one), nor a feature that names what it builds on ("The verifier
# introduced in #11705 runs unbounded").
_FOLLOWS = re.compile(
    r"\b(?:introduced (?:in|by)|regression (?:from|in|introduced in|caused by)|broken (?:in|by))"
    r"\s+(?:commit\s+|pr\s+|pull request\s+)?(?:([0-9a-f]{7,40})\b|#(\d+)\b)",
    re.IGNORECASE)
# "introduced in" says a fault was, when the sentence names one before it ("fixes two minor
# issues introduced in 96f488d"), opens with it under a fix's title ("Introduced in
# #12952, reported by valgrind") or says "this was" (below); not what the earlier change
# built (nodejs/undici's "fix: retry refused HTTP/2 streams", 251 lines: "the GOAWAY
# replay budget introduced in #5603 allowed three", a paragraph of its squashed list, had
# folded it into #5603).
_FAULT = re.compile(
    r"\b(?:bugs?|issues?|problems?|regressions?|crash\w*|leaks?|races?|errors?|breakage"
    r"|mistakes?|typos?|faults?|failures?|defects?|panics?|hangs?|deadlocks?)\b",
    re.IGNORECASE)
_SENTENCE_START = re.compile(r"[.!?;:]\s|\n")
# ... or a pronoun for the fault ("This was introduced in #13004, missing this assignment.",
# valkey's fix of a crash its author's change had brought)
_IT_WAS = re.compile(r"\s*(?:this|it|that|which)(?:\s+(?:was|were|is|got|has been|had been))?\s*",
                     re.IGNORECASE)
_FIXES_TRAILER = re.compile(r"^fixes:\s+(?:commit\s+)?([0-9a-f]{7,40})\b",
                            re.IGNORECASE | re.MULTILINE)
_FIX_TITLE = re.compile(r"\b(?:fix\w*|repair\w*|correct\w*|resolv\w*|restor\w*)\b",
                        re.IGNORECASE)
# A release branch named ahead of the subject: [v2.11], [3.x], [release-1.4], [backport 2.x],
# "Backport:"; not a scope such as [docs] or [cli].
_BRANCH_TAG = re.compile(
    r"^\s*(?:\[(?:v?\d[\w.-]*|[\w.-]*\d\.(?:x|\d+)[\w.-]*|(?:backport|release)\b[^\]]*)\]"
    r"|(?:backport|cherry[- ]pick)\s*:)\s*",
    re.IGNORECASE,
)


def _follows(text: str) -> list[tuple[str, str]]:
    """The changes ``text`` says introduced what it fixes, as _FOLLOWS and _FAULT read it:
    (sha, "") or ("", pull request number)."""
    found = []
    for match in _FOLLOWS.finditer(text):
        if match.group(0)[:1] in "iI":  # "introduced in/by": a fault named before it
            starts = [m.end() for m in _SENTENCE_START.finditer(text, 0, match.start())]
            before = text[starts[-1] if starts else 0 : match.start()]
            if before.strip() and not _FAULT.search(before) and not _IT_WAS.fullmatch(before):
                continue
        found.append((match.group(1) or "", match.group(2) or ""))
    return found


def _fixed_in(item: Evidence) -> list[tuple[str, str]]:
    """The changes whose fault ``item`` says it fixes: (sha, "") or ("", number)."""
    said = [(sha, "") for sha in _FIXES_TRAILER.findall(item.body)]
    if _FIX_TITLE.search(item.title):
        said += _follows(f"{item.title}\n{item.body}")
    return said


def follows_up(later: Evidence, first: Evidence) -> bool:
    """Whether ``later`` is a fix of what ``first`` introduced, not a copy of it: the
    document names it so (go-task's maintainer's "fix: cli variables should take priority
    over taskfile defaults", which "Fixes regression introduced in #2403", read as one
    more landing of #2403 under "also in #2589")."""
    return any(
        (sha and any(own.startswith(sha) for own in first.shas))
        or (number and first.kind == "pull_request" and first.number == int(number))
        for sha, number in _fixed_in(later))


def fold_copies(
    items: Sequence[Classified], roles: Mapping[str, Sequence[str]]
) -> tuple[list[Classified], dict[str, tuple[Classified, ...]]]:
    """The items with each change's copies left out, and each standing item's copies."""
    reverted = reverted_by(items)  # both ends of a revert, whichever way it names the work
    undone = set(reverted) | set(reverted.values())
    candidates = [e for e in items if e.evidence.id not in undone
                  and _may_be_copy(e, roles.get(e.evidence.id, ()))]
    if len(candidates) < 2:
        return list(items), {}
    parent = {e.evidence.id: e.evidence.id for e in candidates}

    def root(item_id: str) -> str:
        while parent[item_id] != item_id:
            parent[item_id] = parent[parent[item_id]]
            item_id = parent[item_id]
        return item_id

    def join(a: str, b: str) -> None:
        parent[root(a)] = root(b)

    def role_of(entry: Classified) -> tuple[str, ...]:
        return tuple(sorted(set(roles.get(entry.evidence.id, ())) & set(_OWN)))

    by_sha: dict[tuple[str, str], list[Classified]] = defaultdict(list)
    for entry in candidates:
        for sha in entry.evidence.shas:
            by_sha[(entry.evidence.repo, sha[:7])].append(entry)
    by_number = {(e.evidence.repo, e.evidence.number): e for e in candidates
                 if e.evidence.kind == "pull_request" and e.evidence.number is not None}

    def named_by_sha(repo: str, sha: str) -> Classified | None:
        named = {e.evidence.id: e for e in by_sha.get((repo, sha[:7]), ())
                 if any(own.startswith(sha) for own in e.evidence.shas)}
        return next(iter(named.values())) if len(named) == 1 else None

    groups: dict[tuple[str, tuple[str, ...], str], list[Classified]] = defaultdict(list)
    for entry in candidates:
        item = entry.evidence
        for picked in picked_from(item.title, item.body):
            original = named_by_sha(item.repo, picked)
            if original is not None and original is not entry \
                    and role_of(original) == role_of(entry):
                join(item.id, original.evidence.id)
        for sha, number in _fixed_in(item):
            followed = named_by_sha(item.repo, sha) if sha \
                else by_number.get((item.repo, int(number)))
            if followed is not None and followed is not entry \
                    and role_of(followed) == role_of(entry) \
                    and _soon_after(followed.evidence.date, item.date):
                join(item.id, followed.evidence.id)
        groups[(item.repo, role_of(entry), subject_key(item.title))].append(entry)
    for group in groups.values():
        group.sort(key=lambda e: e.evidence.date)
        anchor = group[0].evidence
        for later in group[1:]:
            item = later.evidence
            if _copies(anchor, item):
                join(item.id, anchor.id)
            else:
                anchor = item
    members: dict[str, list[Classified]] = defaultdict(list)
    for entry in candidates:
        members[root(entry.evidence.id)].append(entry)
    also: dict[str, tuple[Classified, ...]] = {}
    folded: set[str] = set()
    for copies in members.values():
        if len(copies) < 2:
            continue
        copies.sort(key=_standing_order)
        # the change stands, not a fix of it (a pushed commit's fix landed as a pull request
        # would otherwise stand, the change "also in" it)
        fixes = {e.evidence.id for e in copies
                 if any(follows_up(e.evidence, o.evidence) for o in copies if o is not e)}
        first = next((e for e in copies if e.evidence.id not in fixes), copies[0])
        copies.remove(first)
        copies.insert(0, first)
        also[copies[0].evidence.id] = tuple(copies[1:])
        folded.update(e.evidence.id for e in copies[1:])
    return [e for e in items if e.evidence.id not in folded], also


def _soon_after(first: dt.datetime, later: dt.datetime) -> bool:
    """Whether ``later`` came after ``first`` within ``WINDOW``: a follow-up's time."""
    return dt.timedelta(0) <= later - first <= WINDOW


def subject_key(title: str) -> str:
    """What two copies' subjects have in common: no release-branch tag, ``(#N)``, case or
    runs of spaces."""
    return " ".join(same_subject(_BRANCH_TAG.sub("", title, count=1)).split())


def _may_be_copy(entry: Classified, roles: Sequence[str]) -> bool:
    item = entry.evidence
    return (
        item.kind in ("commit", "pull_request")
        and any(role in _OWN for role in roles)
        and reverted_subject(item.title) is None
        and bool(subject_key(item.title))
    )


def _copies(first: Evidence, later: Evidence) -> bool:
    """Whether ``later`` (same subject, same person) is a copy of ``first``'s change."""
    if first.paths and later.paths and set(first.paths).isdisjoint(later.paths):
        return False  # a series split by file ("workaround dialog issue" in each form)
    if first.facts.patch_id and later.facts.patch_id \
            and first.facts.patch_id != later.facts.patch_id:
        return False  # two edits under one subject (git told their diffs apart)
    if later.date == first.date:
        return True  # a cherry-pick or a mirror keeps its author's date, to the second
    apart = later.date - first.date
    tags = [_branch_tag(first.title), _branch_tag(later.title)]
    ported = all(_BRANCH_NAME.search(t) for t in tags) and tags[0] != tags[1] \
        and _specific(later.title) and _mostly_shared(first.paths, later.paths)
    if not ported and apart > (WINDOW if any(tags) else SAME_DAY):
        return False  # successive changes under one subject ("Bump version", weekly)
    small, large = sorted((first.additions + first.deletions, later.additions + later.deletions))
    return large == 0 or small / large >= SIMILAR_SIZE


def _specific(title: str) -> bool:
    """Whether a subject says what changed: three or more words past the generic ones."""
    words = re.findall(r"[a-z0-9]+", subject_key(title).casefold())
    return sum(word not in _GENERIC for word in words) >= 3


def _mostly_shared(one: Sequence[str], other: Sequence[str]) -> bool:
    both, either = set(one) & set(other), set(one) | set(other)
    return not either or len(both) / len(either) >= PORTED_PATHS


def _branch_tag(title: str) -> str:
    """The release branch a title names ahead of its subject (``[3.x]``), or ""."""
    found = _BRANCH_TAG.match(title)
    return " ".join(found.group(0).casefold().split()) if found else ""


def _standing_order(entry: Classified) -> tuple[bool, dt.datetime, str]:
    item = entry.evidence
    return (item.kind != "pull_request", item.date, item.id)
