"""The postmortem source: find incident write-ups in a repository, yield one Evidence each.

Parsing, git authorship and loop closing live in the postmortem_* modules beside it.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator, Sequence
from pathlib import Path, PurePosixPath
from urllib.parse import quote

from evidencer.errors import Warn, reason
from evidencer.globs import compile_source, glob_source
from evidencer.model import ActionItemFact, Actor, Contact, Evidence, Facts, TimelineFact
from evidencer.sources.postmortems.fields import format_duration
from evidencer.sources.postmortems.files import PostmortemFile, read_postmortem_files
from evidencer.sources.postmortems.history import (
    Authorship,
    file_authorship,
    section_authorship,
)
from evidencer.sources.postmortems.links import normalise_link
from evidencer.sources.postmortems.parse import Incident, parse_postmortem

__all__ = [
    "DEFAULT_POSTMORTEM_GLOBS",
    "INCIDENT_LABELS",
    "find_postmortem_files",
    "iter_postmortem_evidence",
]

POSTMORTEM_DIRS = ("postmortems", "post-mortems", "postmortem", "incidents", "incident-reports",
                   "incident-log", "retrospectives", "pir")
POSTMORTEM_EXTENSIONS = (".md", ".markdown", ".qmd")
# Folders at any depth, and file names anywhere; either way only POSTMORTEM_EXTENSIONS.
DEFAULT_POSTMORTEM_GLOBS = (*(f"**/{name}/**" for name in POSTMORTEM_DIRS),
                            "*postmortem*", "*post-mortem*")
# For the GitHub source: issues with one of these labels (any case) are incidents.
INCIDENT_LABELS = ("incident", "postmortem", "post-mortem", "outage",
                   "sev1", "sev2", "sev3", "sev4", "p0", "p1", "p2")
_BODY_LIMIT = 20_000  # characters of an incident's text kept for the rubric


# --- discovery ----------------------------------------------------------------------


def find_postmortem_files(
    repo: Path, *, globs: Sequence[str] | None = None, warn: Warn
) -> list[Path]:
    """Postmortem files under ``repo``: tracked files when it is a git checkout, else all.

    ``globs`` (relative to ``repo``) replace DEFAULT_POSTMORTEM_GLOBS unless empty. Only
    Markdown files count unless a glob names another extension; a folder takes its files.
    Templates, indexes and READMEs are not incidents unless a glob names them exactly.
    Binary files, files over 1 MiB and links that lead out of the repository, into
    ``.git`` or (in a git checkout) to anything git does not track are skipped with a
    warning: see postmortem_files. The paths name the documents; their content is what
    iter_postmortem_evidence reads from git, never these paths opened through a link.
    """
    return [repo / found.rel for found in _find(repo, globs, warn)[0]]


def _find(
    repo: Path, globs: Sequence[str] | None, warn: Warn
) -> tuple[list[PostmortemFile], bool]:
    """The postmortem files; the user's globs matching nothing, and a name with a line
    break (which no document can link to), are said, not passed over in silence."""
    chooser = _Chooser(repo, globs)
    matched = 0

    def chosen(rel: str) -> bool:
        nonlocal matched
        if "\n" in rel or "\r" in rel:
            if chooser(" ".join(rel.splitlines())):
                warn(f"{_shown(rel)!r}: a line break in the file name; skipped")
            return False
        found = chooser(rel)
        matched += found
        return found

    files, is_git = read_postmortem_files(repo, chosen, warn)
    if chooser.user and not matched:
        warn(f"postmortems {', '.join(map(repr, globs or ()))}: no file matches")
    return files, is_git


class _Chooser:
    """Whether a repository path is a postmortem, by the default or the user's globs."""

    def __init__(self, repo: Path, globs: Sequence[str] | None) -> None:
        self.literals: set[str] = set()
        markdown: list[str] = []  # globs that take Markdown files only
        any_kind: list[str] = []  # globs that name their own extension, like "*.txt"
        user = bool(globs)  # None or empty: the default places
        self.user = user
        for glob in globs or DEFAULT_POSTMORTEM_GLOBS:
            pattern = glob.strip().removeprefix("./").lstrip("/")
            if not pattern:
                continue
            if not any(char in pattern for char in "*?["):
                if (repo / pattern).is_dir():
                    # A folder named outright: what is under it, from the repository root.
                    markdown.append(re.escape(pattern.rstrip("/")) + "/.*")
                    continue
                self.literals.add(pattern)
            target = any_kind if "." in pattern.rsplit("/", 1)[-1] else markdown
            target.append(glob_source(pattern))
        flags = 0 if user else re.IGNORECASE
        self.markdown = compile_source("|".join(f"(?:{p})" for p in markdown) or "(?!)", flags)
        self.any_kind = compile_source("|".join(f"(?:{p})" for p in any_kind) or "(?!)", flags)

    def __call__(self, rel: str) -> bool:
        if rel in self.literals:
            return True  # named exactly: wanted even if it looks like a template
        matches = bool(self.any_kind.fullmatch(rel)) or (
            rel.lower().endswith(POSTMORTEM_EXTENSIONS) and bool(self.markdown.fullmatch(rel))
        )
        # The globs first: they turn away nearly every file of a large checkout at once.
        # Test fixtures (a parser's sample postmortems) are nobody's incidents, unless the
        # user's own globs point there.
        return matches and not _excluded(rel) and (self.user or not _in_tests(rel))


_TEST_DIRS = frozenset(("test", "tests", "testdata", "test_data", "test-data", "fixtures",
                        "__fixtures__", "__tests__"))


def _in_tests(rel: str) -> bool:
    return any(part.lower() in _TEST_DIRS for part in PurePosixPath(rel).parts[:-1])


def _excluded(rel: str) -> bool:
    """Templates, indexes, READMEs and partials sit beside postmortems but are not ones."""
    parts = [part.lower() for part in PurePosixPath(rel).parts]
    name = parts[-1]
    stem = name.rsplit(".", 1)[0]
    return (
        any("template" in part for part in parts)
        or stem in ("index", "readme", "_index")
        or name.startswith("_")
    )


def _decode(data: bytes, rel: str, warn: Warn) -> str:
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16", "replace")  # Windows editors still write these
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        warn(f"{rel}:{line}: not valid UTF-8; undecodable bytes replaced with U+FFFD")
        return data.decode("utf-8-sig", "replace")


# --- evidence -----------------------------------------------------------------------


def iter_postmortem_evidence(
    repo: Path,
    *,
    repo_name: str,
    web_base: str | None,
    globs: Sequence[str] | None,
    warn: Warn,
    files_at: str | None = None,
) -> Iterator[Evidence]:
    """One ``postmortem`` Evidence per incident found under ``repo``.

    ``repo_name`` ("owner/repo" when known) names ids and qualifies ``#12`` links;
    ``web_base`` ("https://github.com/owner/repo") makes URLs; ``files_at`` is where its
    files are on the web (GitHub's ``{web_base}/blob/HEAD`` unless said: GitLab's and
    Bitbucket's differ). Authors not named in a document come from git history: who
    created the file and who wrote most of it.
    """
    if files_at is None and web_base:
        files_at = f"{web_base.rstrip('/')}/blob/HEAD"
    files, is_git = _find(repo, globs, warn)
    documents: list[tuple[str, str, list[Incident]]] = []
    for found in files:
        text = _decode(found.data, found.rel, warn)
        try:
            documents.append((found.rel, text, parse_postmortem(text, path=found.rel,
                                                                warn=warn)))
        except _UNREADABLE as exc:
            warn(f"{_shown(found.rel)}: skipped: {reason(exc)}")
    single = [rel for rel, _, found in documents
              if len(found) == 1 and not found[0].anchor and _needs_history(found[0])]
    histories = file_authorship(repo, single, warn=warn) if is_git and single else {}
    for rel, text, incidents in documents:
        lines = text.split("\n")
        blamed: list[Authorship] = []
        if is_git and any(i.anchor and _needs_history(i) for i in incidents):
            spans = [(i.line, i.end_line) for i in incidents]
            blamed = section_authorship(repo, rel, spans, warn=warn)
        for index, incident in enumerate(incidents):
            history = blamed[index] if blamed else histories.get(rel)
            body = "\n".join(lines[incident.line - 1 : incident.end_line])[:_BODY_LIMIT]
            try:
                yield _evidence(incident, rel, body, history, repo_name=repo_name,
                                web_base=web_base, files_at=files_at, repo=repo, warn=warn)
            except _UNREADABLE as exc:
                warn(f"{_shown(rel)}:{incident.line}: skipped: {reason(exc)}")


# What a postmortem can hold that Python cannot: a date past the year 9999 once in UTC,
# an integer of more than 4,300 digits, a file name that is not UTF-8. One such file is
# skipped with a warning naming it; the others are read.
_UNREADABLE = (ValueError, OverflowError, UnicodeError)


def _shown(rel: str) -> str:
    """A file name for a message: bytes that are not UTF-8 shown escaped."""
    return rel.encode("utf-8", "backslashreplace").decode("utf-8")


def _needs_history(incident: Incident) -> bool:
    return incident.date is None or not incident.people_in("postmortem_author")


def _evidence(
    incident: Incident,
    rel: str,
    body: str,
    history: Authorship | None,
    *,
    repo_name: str,
    web_base: str | None,
    files_at: str | None,
    repo: Path,
    warn: Warn,
) -> Evidence:
    anchor = f"#{incident.anchor}" if incident.anchor else ""
    url = f"{files_at}/{quote(rel)}{anchor}" if files_at else None
    people = list(incident.people)
    authorship = "document" if incident.people_in("postmortem_author") else "none"
    if authorship == "none" and history and history.authors:
        people = [*history.authors, *people]
        authorship = "git-history"
    date, date_source = incident.date, "document"
    if date is None and history and history.created:
        date, date_source = history.created, "git-history"
    if date is None:
        date, date_source = _modified(repo / rel), "file-modified"
        warn(f"{rel}:{incident.line}: no incident date in the text or git history; "
             "using the file's modification time")

    def link(value: str) -> str:
        return normalise_link(value, repo_name=repo_name, web_base=web_base)

    facts = Facts(
        path=rel,
        line=incident.line,
        anchor=incident.anchor,
        severity=incident.severity,
        severity_level=incident.severity_level,
        status=incident.status,
        duration=None if incident.duration_minutes is None
        else format_duration(incident.duration_minutes),
        duration_minutes=incident.duration_minutes,
        impact=incident.impact,
        services=tuple(incident.services),
        action_items=tuple(
            ActionItemFact(title=item.title, status=item.status, line=item.line,
                           owners=tuple(_person(owner) for owner in item.owners),
                           links=tuple(dict.fromkeys(link(x) for x in item.links)))
            for item in incident.action_items
        ),
        fix_links=tuple(dict.fromkeys(link(x) for x in incident.fix_links)),
        timeline=tuple(
            TimelineFact(time=entry.time, text=entry.text[:300], line=entry.line,
                         people=tuple(_person(p) for p in entry.people))
            for entry in incident.timeline[:100]
        ),
        authorship=authorship,
        date_source=date_source,
    )
    return Evidence(
        id=f"postmortem:{repo_name}/{rel}{anchor}",
        kind="postmortem",
        repo=repo_name,
        title=incident.title,
        date=date,
        actors=tuple(dict.fromkeys(people)),
        url=url,
        body=body,
        labels=(incident.severity.lower(),) if incident.severity else (),
        paths=(rel,),
        sources=("postmortems",),
        facts=facts,
    )


def _person(actor: Actor) -> Contact:
    return Contact(name=actor.name, email=actor.email, login=actor.login)


def _modified(path: Path) -> dt.datetime:
    try:
        return dt.datetime.fromtimestamp(path.lstat().st_mtime, tz=dt.timezone.utc)
    except OSError:
        return dt.datetime.now(tz=dt.timezone.utc)
