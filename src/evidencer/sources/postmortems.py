"""The postmortem source: find incident write-ups in a repository, yield one Evidence each.

Discovery and file reading live here; parsing is postmortem_parse, authorship from git is
postmortem_history, and link_follow_ups ties action items to the work that closed them.
"""

from __future__ import annotations

import datetime as dt
import os
import re
from collections.abc import Callable, Iterator, Mapping, Sequence
from pathlib import Path, PurePosixPath
from typing import Any
from urllib.parse import quote

from evidencer.errors import GitError
from evidencer.gitrun import run_git
from evidencer.model import Actor, Evidence
from evidencer.sources.postmortem_fields import format_duration, normalise_link
from evidencer.sources.postmortem_history import (
    Authorship,
    file_authorship,
    section_authorship,
)
from evidencer.sources.postmortem_parse import Incident, parse_postmortem

Warn = Callable[[str], None]

POSTMORTEM_DIRS = ("postmortems", "post-mortems", "postmortem", "incidents", "incident-reports",
                   "incident-log", "retrospectives", "pir")  # fmt: skip
POSTMORTEM_EXTENSIONS = (".md", ".markdown", ".qmd")
DEFAULT_POSTMORTEM_GLOBS = (
    "**/{" + ",".join(POSTMORTEM_DIRS) + "}/**/*.{md,markdown,qmd}",
    "**/*{postmortem,post-mortem}*.{md,markdown,qmd}",
)
# For the GitHub source: issues with one of these labels (any case) are incidents.
INCIDENT_LABELS = ("incident", "postmortem", "post-mortem", "outage",
                   "sev1", "sev2", "sev3", "sev4", "p0", "p1", "p2")  # fmt: skip
MAX_POSTMORTEM_BYTES = 1 << 20
_BODY_LIMIT = 20_000  # characters of an incident's text kept for the rubric
_SKIP_DIRS = frozenset(("node_modules", "__pycache__", "venv", "site-packages"))


# --- discovery ----------------------------------------------------------------------


def find_postmortem_files(
    repo: Path, *, globs: Sequence[str] | None = None, warn: Warn
) -> list[Path]:
    """Postmortem files under ``repo``: tracked files when it is a git checkout, else all.

    ``globs`` (relative to ``repo``) replace DEFAULT_POSTMORTEM_GLOBS; a glob naming a
    folder takes the Markdown files under it. Templates, indexes and READMEs are not
    incidents unless a glob names them exactly. Symlinks out of the repository, binary
    files and files over 1 MiB are skipped with a warning.
    """
    return [repo / rel for rel in _find(repo, globs, warn)[0]]


def _find(repo: Path, globs: Sequence[str] | None, warn: Warn) -> tuple[list[str], bool]:
    listed = _git_files(repo)
    is_git = listed is not None
    candidates = listed if listed is not None else _walk_files(repo)
    user = globs is not None
    patterns = [_glob_regex(g, ignore_case=not user) for g in (globs or DEFAULT_POSTMORTEM_GLOBS)]
    literals = {g.strip().lstrip("/").removeprefix("./") for g in globs or () if not _magic(g)}
    root = repo.resolve()
    found: list[str] = []
    for rel in sorted(set(candidates)):
        if rel not in literals and (_excluded(rel) or not _matches(rel, patterns)):
            continue
        if _usable(repo / rel, rel, root, warn):
            found.append(rel)
    return found, is_git


def _git_files(repo: Path) -> list[str] | None:
    try:
        output = run_git(repo, "ls-files", "-z")
    except GitError:
        return None  # not a git checkout (or no git): walk the folder instead
    return [os.fsdecode(name) for name in output.split(b"\0") if name]


def _walk_files(repo: Path) -> list[str]:
    found: list[str] = []
    for folder, dirs, files in os.walk(repo):
        dirs[:] = [d for d in dirs if not d.startswith(".") and d not in _SKIP_DIRS]
        base = Path(folder).relative_to(repo)
        found.extend((base / name).as_posix() for name in files)
    return found


def _magic(glob: str) -> bool:
    return any(char in glob for char in "*?[{")


def _glob_regex(glob: str, *, ignore_case: bool) -> re.Pattern[str]:
    """A glob as a regex over "/"-paths: ``**`` any depth, ``*`` one name, ``{a,b}``."""
    pattern = glob.strip().lstrip("/").removeprefix("./").rstrip("/")
    # "docs/incidents/**" is the folder; _matches takes the Markdown files under it.
    pattern = pattern.removesuffix("/**")
    return re.compile(_translate(pattern), re.IGNORECASE if ignore_case else 0)


def _translate(pattern: str) -> str:
    out: list[str] = []
    index = 0
    while index < len(pattern):
        if pattern.startswith("**/", index):
            out.append("(?:.*/)?")
            index += 3
            continue
        if pattern.startswith("**", index):
            out.append(".*")
            index += 2
            continue
        char = pattern[index]
        index += 1
        if char == "*":
            out.append("[^/]*")
        elif char == "?":
            out.append("[^/]")
        elif char == "[" and (close := pattern.find("]", index + 1)) > 0:
            body = pattern[index:close].replace("\\", "\\\\")
            out.append("[" + ("^" + body[1:] if body.startswith("!") else body) + "]")
            index = close + 1
        elif char == "{" and (close := pattern.find("}", index)) >= 0:
            options = pattern[index:close].split(",")
            out.append("(?:" + "|".join(_translate(option) for option in options) + ")")
            index = close + 1
        else:
            out.append(re.escape(char))
    return "".join(out)


def _matches(rel: str, patterns: Sequence[re.Pattern[str]]) -> bool:
    if any(p.fullmatch(rel) for p in patterns):
        return True
    # A glob that names a folder takes the Markdown files anywhere under it.
    if not rel.lower().endswith(POSTMORTEM_EXTENSIONS):
        return False
    parents = [parent.as_posix() for parent in PurePosixPath(rel).parents][:-1]
    return any(p.fullmatch(parent) for p in patterns for parent in parents)


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


def _usable(path: Path, rel: str, root: Path, warn: Warn) -> bool:
    try:
        if path.is_symlink():
            target = path.resolve()
            if target != root and root not in target.parents:
                warn(f"{rel}:1: symlink points outside the repository; skipped")
                return False
        if not path.is_file():
            return False  # deleted since it was committed, a submodule, a broken link
        size = path.stat().st_size
        if size > MAX_POSTMORTEM_BYTES:
            warn(f"{rel}:1: {size} bytes is over the 1 MiB limit for a postmortem; skipped")
            return False
        with path.open("rb") as handle:
            head = handle.read(8000)
    except OSError as exc:
        warn(f"{rel}:1: cannot be read ({exc.strerror or exc}); skipped")
        return False
    if b"\0" in head and not head.startswith((b"\xff\xfe", b"\xfe\xff")):
        line = head[: head.index(b"\0")].count(b"\n") + 1
        warn(f"{rel}:{line}: binary file (NUL byte), not a postmortem; skipped")
        return False
    return True


def _read_text(path: Path, rel: str, warn: Warn) -> str | None:
    try:
        data = path.read_bytes()
    except OSError as exc:
        warn(f"{rel}:1: cannot be read ({exc.strerror or exc}); skipped")
        return None
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
) -> Iterator[Evidence]:
    """One ``postmortem`` Evidence per incident found under ``repo``.

    ``repo_name`` ("owner/repo" when known) names ids and qualifies ``#12`` links;
    ``web_base`` ("https://github.com/owner/repo") makes URLs. Authors not named in a
    document come from git history: who created the file and who wrote most of it.
    """
    rels, is_git = _find(repo, globs, warn)
    documents: list[tuple[str, str, list[Incident]]] = []
    for rel in rels:
        text = _read_text(repo / rel, rel, warn)
        if text is not None:
            documents.append((rel, text, parse_postmortem(text, path=rel, warn=warn)))
    single = [rel for rel, _, found in documents
              if len(found) == 1 and not found[0].anchor and _needs_history(found[0])]  # fmt: skip
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
            yield _evidence(incident, rel, body, history, repo_name=repo_name,
                            web_base=web_base, repo=repo, warn=warn)  # fmt: skip


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
    repo: Path,
    warn: Warn,
) -> Evidence:
    anchor = f"#{incident.anchor}" if incident.anchor else ""
    url = f"{web_base.rstrip('/')}/blob/HEAD/{quote(rel)}{anchor}" if web_base else None
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
             "using the file's modification time")  # fmt: skip

    def link(value: str) -> str:
        return normalise_link(value, repo_name=repo_name, web_base=web_base)

    extra: dict[str, Any] = {
        "path": rel,
        "line": incident.line,
        "anchor": incident.anchor,
        "severity": incident.severity,
        "severity_level": incident.severity_level,
        "status": incident.status,
        "duration": None if incident.duration_minutes is None
        else format_duration(incident.duration_minutes),
        "duration_minutes": incident.duration_minutes,
        "impact": incident.impact,
        "services": list(incident.services),
        "action_items": [
            {"title": item.title, "status": item.status, "line": item.line,
             "owners": [_person(owner) for owner in item.owners],
             "links": list(dict.fromkeys(link(x) for x in item.links))}
            for item in incident.action_items
        ],
        "fix_links": list(dict.fromkeys(link(x) for x in incident.fix_links)),
        "timeline": [
            {"time": entry.time, "text": entry.text[:300], "line": entry.line,
             "people": [_person(p) for p in entry.people]}
            for entry in incident.timeline[:100]
        ],
        "authorship": authorship,
        "date_source": date_source,
    }  # fmt: skip
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
        extra=extra,
    )


def _person(actor: Actor) -> dict[str, str]:
    return {"name": actor.name, "email": actor.email, "login": actor.login}


def _modified(path: Path) -> dt.datetime:
    try:
        return dt.datetime.fromtimestamp(path.stat().st_mtime, tz=dt.timezone.utc)
    except OSError:
        return dt.datetime.now(tz=dt.timezone.utc)


# --- closing the loop -----------------------------------------------------------------

_CLOSING_RE = re.compile(
    r"\b(?:close[sd]?|fix(?:e[sd])?|resolve[sd]?|addresse[sd]|follow[- ]up (?:to|for))\b:?\s+"
    r"((?:[\w.-]+/[\w.-]+)?#\d+|https?://\S+)",
    re.IGNORECASE,
)


def _ref_key(link: str, repo: str) -> str:
    """``owner/repo#12`` (lower case) for issue and PR links, else the link itself."""
    if link.startswith("#") and "/" in repo:
        return f"{repo}{link}".lower()
    normal = normalise_link(link, repo_name=repo, web_base=None)
    return normal.lower() if "://" not in normal else normal


def _item_refs(item: Evidence) -> set[str]:
    refs = {item.id.split(":", 1)[1].lower()} if item.id.startswith(("pr:", "issue:")) else set()
    if item.number is not None and "/" in item.repo:
        refs.add(f"{item.repo}#{item.number}".lower())
    if item.url:
        refs.add(item.url)
        refs.add(_ref_key(item.url, item.repo))
    return refs


def _item_shas(item: Evidence) -> tuple[str, set[str]]:
    shas = {sha.lower() for sha in item.shas}
    repo = item.repo.lower()
    if item.id.startswith("commit:") and "@" in item.id:
        repo, _, sha = item.id[7:].rpartition("@")
        shas.add(sha.lower())
    return repo.lower(), shas


def _closes(item: Evidence) -> set[str]:
    """Issues the item says it closes: GitHub's linked issues, or "Fixes #12" in its text."""
    named: list[object] = list(item.extra.get("linked_issues") or ())
    named += [m.group(1) for m in _CLOSING_RE.finditer(f"{item.title}\n{item.body}")]
    refs = set()
    for value in named:
        if isinstance(value, int) and not isinstance(value, bool):
            value = f"#{value}"
        if isinstance(value, str):
            refs.add(_ref_key(value.split(":", 1)[1] if value.startswith("issue:") else value,
                              item.repo))  # fmt: skip
    return refs


def link_follow_ups(
    incidents: Sequence[Evidence], items: Sequence[Evidence]
) -> dict[str, list[str]]:
    """Postmortem id -> ids of the items that close its loop, in ``items`` order.

    An item closes the loop when an action item or the fix names it, when it closes an
    action item's issue, or when its text mentions the postmortem's path or URL. Work on
    the postmortem file itself is writing it, not following up. Postmortems with no
    follow-up are left out.
    """
    named: dict[str, list[str]] = {}  # ref -> postmortem ids naming it (action item or fix)
    action_issues: dict[str, list[str]] = {}
    commits: list[tuple[str, str, str]] = []  # repo, sha prefix, postmortem id
    mentions: list[tuple[str, str, tuple[str, ...]]] = []  # id, path, needles
    for incident in incidents:
        if incident.kind != "postmortem":
            continue
        extra: Mapping[str, Any] = incident.extra
        item_links = [str(x) for a in extra.get("action_items") or () for x in a.get("links", ())]
        for link in [*item_links, *[str(x) for x in extra.get("fix_links") or ()]]:
            key = _ref_key(link, incident.repo)
            if commit := re.fullmatch(r"([\w.-]+/[\w.-]+)@([0-9a-f]{7,64})", key):
                commits.append((commit.group(1), commit.group(2), incident.id))
            named.setdefault(key, []).append(incident.id)
        for link in item_links:
            action_issues.setdefault(_ref_key(link, incident.repo), []).append(incident.id)
        mentions.append((incident.id, *_needles(incident)))
    follow_ups: dict[str, list[str]] = {}
    for item in items:
        if item.kind == "postmortem":
            continue
        found: list[str] = []
        for ref in _item_refs(item):
            found += named.get(ref, [])
        repo, shas = _item_shas(item)
        found += [pm for r, prefix, pm in commits
                  if r == repo and any(s.startswith(prefix) for s in shas)]  # fmt: skip
        for ref in _closes(item):
            found += action_issues.get(ref, [])
        text = f"{item.title}\n{item.body}"
        found += [pm for pm, path, needles in mentions
                  if path not in item.paths and any(n in text for n in needles)]  # fmt: skip
        for pm in dict.fromkeys(found):
            follow_ups.setdefault(pm, []).append(item.id)
    return follow_ups


def _needles(incident: Evidence) -> tuple[str, tuple[str, ...]]:
    """Strings whose presence in a PR or commit message means "this follows up on it"."""
    path = str(incident.extra.get("path") or (incident.paths[0] if incident.paths else ""))
    anchor = str(incident.extra.get("anchor") or "")
    url = (incident.url or "").split("#", 1)[0]
    if anchor:
        # One entry of a log: only a link to that entry says which incident it was.
        return path, tuple(n for n in (f"{path}#{anchor}", f"{url}#{anchor}" if url else "") if n)
    needles = [n for n in (path, url) if n]
    name = PurePosixPath(path).name
    if len(PurePosixPath(name).stem) >= 12 and re.search(r"[\d-]", name):
        needles.append(name)  # "2024-05-02-search-outage.md" is distinctive on its own
    return path, tuple(needles)
