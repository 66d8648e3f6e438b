"""The changelog fragments a change adds: what the project's own release notes say of it.

Projects that keep their release notes as one file per change (changesets' ``.changeset/``,
calens' ``changelog/unreleased/``, towncrier's and scriv's ``newsfragments/``,
``changelog.d/``, ``news/``, ``CHANGES/``, changie's ``.changes/unreleased/``) often say what
a change does there and nowhere else: withastro/astro's squash commits list only their
commits ("Fixes a bug where …" is in the changeset), restic's merges say "Merge pull
request #N from branch" ("Bugfix: Reduce terminal progress fps to 10" is in the fragment).
The fragment's text is read as part of the change's description; so are the lines a pull
request adds to a changelog kept as one file that cite its number (textual's maintainer
titles his pull requests in two words and describes them there).

Only the fragments the changes' files name are asked for, as blobs (``git cat-file``: a
diff limited by glob pathspecs matched every file of every wide tree against them, three
times slower on a ``.changeset/`` folder left to pile up): a history without fragments
pays nothing.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

import yaml

from evidencer.gitrun import run_git
from evidencer.globs import combined
from evidencer.yamlfile import YamlRefused, load_bounded

# Where the tools keep their fragments (globs.py).
_FRAGMENT = combined((
    ".changeset/*.md", "**/.changeset/*.md",
    "changelog/unreleased/*", "**/changelog/unreleased/*",
    "changelog.d/*", "**/changelog.d/*",
    "newsfragments/*", "**/newsfragments/*",
    "news/*.*", "CHANGES/*.*", "changes/*.*",
    ".changes/unreleased/*", "**/.changes/unreleased/*",
    # towncrier's in a changelog folder of the docs, by its kinds' names (pypa/virtualenv's
    # docs/changelog/2978.bugfix.rst): not the release pages kept there
    *(f"{folder}/*.{kind}*" for folder in ("docs/changelog", "doc/changelog", "changelog")
      for kind in ("feature", "bugfix", "doc", "removal", "misc", "breaking", "deprecation",
                   "contrib", "trivial", "vendor", "process")),
))
_NOT_A_FRAGMENT = re.compile(r"(?:^|/)(?:readme|\.gitignore|\.gitkeep|config\.json"
                             r"|template\.\w+)(?:\.\w+)?$", re.IGNORECASE)
MAX_CHARS = 2_000  # of fragments per change: a release note, not a release
MAX_BYTES = 64 * 1024  # of one fragment read: a larger file is no fragment
# More fragments than this added at once gather other work (restic's "Patch release
# cherrypicks" added thirteen changes' fragments): none is read as the change's own.
MAX_FILES = 3
# ... and so does work that says it is a release, a pick or a backport, whatever their
# number; not a fix that names a release or a merge in other words ("Fix connection not
# released", "Add merge sort").
_GATHERS = re.compile(
    r"^\W*(?:\[[^\]]*\]\s*)?(?:[\w./-]+: ?)?(?:release|releasing|prepare|preparing|merge"
    r"|merging|cherry[- ]?pick\w*|backport\w*|version packages|bump version)\b"
    r"|\bcherry[- ]?picks?\b|\bbackports?\b|\bpatch release\b|^\W*v?\d+(?:\.\d+)+\b"
    # a release named anywhere (fluent/fluentd's "Apply v1.16.4": a release's notes ported)
    r"|\bv\d+(?:\.\d+){1,3}\b"
    # and the notes themselves as the subject ("Update changelog for 0.9.9")
    r"|\b(?:changelogs?|change ?logs?|release notes?|news entr(?:y|ies))\b"
    # and a release's chores listed bare (sidekiq's "bump, release", "changes, bump")
    r"|^\W*(?:bump|changes|version)(?:\s*[,&+/]\s*|\s+and\s+)(?:release|bump|version)\W*$",
    re.IGNORECASE)
_FRONT_MATTER = re.compile(r"\A---\n.*?\n---\n?", re.DOTALL)  # changesets' package bumps


def is_fragment(path: str) -> bool:
    """Whether a changed file is a changelog fragment (not the folder's README or config)."""
    return bool(_FRAGMENT.match(path)) and not _NOT_A_FRAGMENT.search(path)


# A changelog kept as one file, whose lines cite the pull request they describe
# (Textualize/textual: "- Added `Markdown.append` https://github.com/…/pull/5950", the
# only description its maintainer's "WIP Markdown streaming" had).
_CHANGELOG_FILE = re.compile(r"(?:^|/)(?:changelog|changes|history|news|release[-_]?notes)"
                             # one per release line: phpunit's ChangeLog-13.3.md
                             r"(?:[-_]v?\d+(?:\.\d+)*(?:\.x)?)?"
                             r"(?:\.(?:md|markdown|rst|txt|adoc))?$", re.IGNORECASE)
_DIFF_SPLIT = "\x1e"
_SHOW_BATCH = 200  # commits a git call


def own_changelog(title: str, paths: Sequence[str], number: int | None) -> list[str]:
    """The changelog files a change edits, whose lines are its release note: those that
    cite a pull request's number, or a change's own few beside its code (ajeetdsouza/
    zoxide's maintainer commits to main and files each change under Added or Fixed); none
    for a release or a pick that gathers other work, nor a commit's changelog edited
    alone."""
    found = _own(title, paths, lambda path: _CHANGELOG_FILE.search(path) is not None)
    if number is None and not _beside_code(paths, found):
        return []
    return found


def _beside_code(paths: Sequence[str], changelogs: Sequence[str]) -> bool:
    """Whether a change edits more than its changelogs: then the few lines it adds there
    are its own note, whatever they cite."""
    return len(paths) > len(changelogs)


@dataclass(frozen=True)
class NotesAsked:
    """Where a change's release notes are: the fragments it adds, else the changelogs it
    adds entries to, with the number its entries cite and whether it edits code too."""

    fragments: tuple[str, ...] = ()
    changelogs: tuple[str, ...] = ()
    number: int | None = None
    beside_code: bool = False


def notes_asked(title: str, paths: Sequence[str], number: int | None) -> NotesAsked | None:
    """Where a change's release notes are (None: it has none to read). One reading for a
    run and for the labelled corpus, so that the model is trained on what a run reads."""
    if fragments := own_fragments(title, paths):
        return NotesAsked(fragments=tuple(fragments))
    if changelogs := own_changelog(title, paths, number):
        return NotesAsked(changelogs=tuple(changelogs),
                          number=number if number is not None else closed_number(title),
                          beside_code=_beside_code(paths, changelogs))
    return None


def read_notes(repo: Path, asked: Mapping[str, NotesAsked]) -> dict[str, str]:
    """What each change's release notes say (notes_asked), by sha; changes without any
    left out. Raises GitError when git cannot read them."""
    said = read_fragments(repo, {sha: a.fragments for sha, a in asked.items() if a.fragments})
    said |= read_changelog_lines(repo, {sha: (a.number, a.changelogs, a.beside_code)
                                        for sha, a in asked.items() if a.changelogs})
    return said


# The entries a change adds to a changelog are its own note when they are this few, and
# each an item of a list; more gather other work ("Update changelog for 0.9.9" beside a
# version file), and prose is a passage rewritten (junegunn/fzf's release notes).
MAX_OWN_LINES = 3
# git finds the heading each added line sits under (Keep a Changelog's "### Fixed") by its
# Markdown diff driver, which this file turns on for the one call.
_HEADINGS = Path(__file__).with_name("headings.gitattributes")
_HUNK = re.compile(r"^@@ -\d+(?:,\d+)? \+\d+(?:,\d+)? @@ ?(.*)$")
# (its text, its closing hashes and spaces taken off in Python: a pattern that trims them
# backtracks on a line of spaces)
_HEADING = re.compile(r"^ {0,3}#{1,6}[ \t]+(.*)$")
# A heading that names a release, not a kind of change: "[1.2.0] - 2026-01-02", "v2",
# "Unreleased", "Version 1.2.0", "Release 1.2", "June 2025": any digit, or those words
_RELEASE_HEADING = re.compile(
    r"\d|^\W*(?:version|release|unreleased|upcoming|next)\b|\b(?:jan|feb|mar|apr|may|jun"
    r"|jul|aug|sep|sept|oct|nov|dec)[a-z]*\b", re.IGNORECASE)
_LINK_DEFINITION = re.compile(r"^\s*\[[^\]]+\]:\s*\S")
_FENCE = re.compile(r"^\s*(?:```|~~~)")
_UNDERLINE = re.compile(r"^\s*(?:-{3,}|={3,}|~{3,}|\^{3,})\s*$")  # a heading's, or a rule
_BULLET = re.compile(r"^\s*(?:[-*+]|\d+[.)])\s")
_SECTION_WORDS = 4  # a kind of change is named in a few words


def read_changelog_lines(
    repo: Path, wanted: Mapping[str, tuple[int | None, Sequence[str], bool]]
) -> dict[str, str]:
    """The lines each commit adds to its changelog files, against its first parent, by
    sha: those that cite its pull request (``#N``, ``/pull/N``), or else, for a change
    beside its code (the flag), its few lines. Each line says the kind of change its
    heading files it under ("Fixed: …"). One git call for up to _SHOW_BATCH commits.
    Raises GitError when git cannot read them."""
    found: dict[str, str] = {}
    shas = list(wanted)
    for start in range(0, len(shas), _SHOW_BATCH):  # a changelog rewritten by each change
        batch = shas[start : start + _SHOW_BATCH]  # stays a few megabytes at a time
        paths = sorted({path for sha in batch for path in wanted[sha][1]})
        # (no text conversion a user's own configuration sets for *.md: the lines as written)
        out = run_git(repo, "-c", f"core.attributesFile={_HEADINGS}", "show", "-m",
                      "--first-parent", "--no-color", "--no-ext-diff", "--no-textconv",
                      "--no-renames", "-U0", f"--format={_DIFF_SPLIT}%H", *batch, "--",
                      *paths).decode("utf-8", "replace")
        for record in out.split(_DIFF_SPLIT)[1:]:
            sha, _, diff = record.partition("\n")
            if sha not in wanted or sha in found:
                continue
            number, _, besides = wanted[sha]
            added, nested = _added_lines(diff)
            said = []
            if number is not None:  # an entry's own sub-entries may be what cites it
                cites = re.compile(rf"(?:#|/pulls?/|:pr:`){number}(?!\d)")
                said = [(kind, line) for kind, line in (*added, *nested)
                        if cites.search(line)]
            if not said and besides and len(added) <= MAX_OWN_LINES \
                    and all(_BULLET.match(line) for _, line in added):
                said = added  # its own entries, not a passage rewritten
            lines = [f"{kind}: {text}" if kind else text
                     for kind, text in ((kind, _changelog_line(line)) for kind, line in said)
                     if text]
            text = "\n".join(dict.fromkeys(lines))[:MAX_CHARS].rstrip()
            if text:
                found[sha] = text
    return found


def _added_lines(diff: str) -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
    """The entries a diff adds to a changelog, each with the kind of change its heading
    names ("Fixed", "Bug Fixes"; "" under a release's heading or none), and apart, the
    sub-entries of an entry's own list: an entry wrapped over indented lines read whole;
    headings, link definitions, blank lines and entries only moved (their first line
    removed elsewhere in the diff) left out."""
    added: list[tuple[str, str]] = []
    firsts: list[str] = []  # each entry's first line, as a move would have removed it
    nested: list[tuple[str, str]] = []
    removed: set[str] = set()
    kind = ""
    joins = False  # the line before was an added entry, which an indented line continues
    within = False  # an added entry goes on: its indented paragraphs are its detail
    fenced = False  # inside a code block an entry shows
    for line in diff.splitlines():
        if line.startswith("@@"):
            hunk = _HUNK.match(line)
            kind, fenced = (_section(hunk.group(1)) if hunk else ""), False
            joins = within = False
        elif line.startswith("-") and not line.startswith("---"):
            removed.add(" ".join(line[1:].split()))
        elif line.startswith("+") and not line.startswith("+++"):
            text = line[1:]
            if _FENCE.match(text) or fenced:
                fenced = fenced != bool(_FENCE.match(text))
            elif _HEADING.match(text):
                kind, joins, within = _section(text), False, False
            elif _UNDERLINE.match(text):  # the line above was a heading ("0.74.0\n------")
                if joins:  # "===" underlines the document's title, "---" a section's
                    level = "#" if "=" in text else "##"
                    kind = _section(f"{level} {added.pop()[1]}")
                    firsts.pop()
                joins = within = False
            elif not text.strip() or _LINK_DEFINITION.match(text):
                joins = False
            elif (joins or within) and text[:1].isspace() and _BULLET.match(text):
                nested.append((kind, text))  # an entry's own list: its detail
            elif joins and text[:1].isspace():
                added[-1] = (added[-1][0], f"{added[-1][1]} {text.strip()}")
            elif within and text[:1].isspace():
                pass  # a paragraph of the entry's own (evanw/esbuild's: its example's prose)
            else:
                added.append((kind, text))
                firsts.append(" ".join(text.split()))
                joins = within = True
    kept = [entry for entry, first in zip(added, firsts, strict=True) if first not in removed]
    return kept, nested


def _section(heading: str) -> str:
    """The kind of change a changelog's heading names, in its words ("### 🐛 Bug Fixes"
    is "Bug Fixes"); "" for a release's heading, the document's own title (a first-level
    heading: sidekiq's "Sidekiq Changes", which git names above entries its underlined
    release headings hold) or no heading."""
    found = _HEADING.match(heading)
    if not found or not heading.lstrip(" ").startswith("##"):
        return ""
    title = found.group(1).rstrip().rstrip("#").rstrip()
    words = re.sub(r"[^\w\s'-]+", " ", title).split()
    if not words or len(words) > _SECTION_WORDS or _RELEASE_HEADING.search(title):
        return ""
    return " ".join(words)


_CITATION = re.compile(r"\s*(?:\(?\[#\d+\]\([^)\s]*\)\)?|\(?https?://\S+\)?|\(#\d+\)|#\d+)"
                       r"(?:,\s*)?")


def _changelog_line(line: str) -> str:
    """A changelog line as a sentence: its bullet and its citations left out."""
    # ("* [#6742](…): Retry failing tests …": the colon after a citation left out too)
    text = _CITATION.sub(" ", line).strip().lstrip("-*+ ").strip().lstrip(":").strip()
    return " ".join(text.split())


def own_fragments(title: str, paths: Iterable[str]) -> list[str]:
    """The fragments a change's files name when they are its own description: a few, not
    gathered by a release or a pick of other work."""
    return _own(title, paths, is_fragment)


def _own(title: str, paths: Iterable[str], kept: Callable[[str], bool]) -> list[str]:
    """The paths ``kept`` takes, when they are a few and the title gathers no other work."""
    found = [path for path in paths if kept(path) and "\n" not in path]
    if not found or len(found) > MAX_FILES or _GATHERS.search(title):
        return []
    return found


def read_fragments(repo: Path, wanted: Mapping[str, Sequence[str]]) -> dict[str, str]:
    """The text of the fragments each commit adds (absent from its first parent, as its
    files were counted against it), by sha; commits that add none are left out.
    Raises GitError when git cannot read them (a partial clone away from its server)."""
    asked = [(sha, path) for sha, paths in wanted.items() for path in paths]
    if not asked:
        return {}
    lines = "".join(f"{sha}^1:{path}\n{sha}:{path}\n" for sha, path in asked)
    checked = run_git(repo, "cat-file", "--batch-check=%(objectname) %(objecttype) "
                      "%(objectsize)", input_bytes=lines.encode()).decode().split("\n")
    blobs: dict[tuple[str, str], str] = {}
    for index, (sha, path) in enumerate(asked):
        before, now = checked[2 * index : 2 * index + 2]
        parts = now.split(" ")
        if before.endswith(" missing") and len(parts) == 3 and parts[1] == "blob" \
                and parts[2].isdigit() and 0 < int(parts[2]) <= MAX_BYTES:
            blobs[(sha, path)] = parts[0]
    if not blobs:
        return {}
    oids = list(dict.fromkeys(blobs.values()))
    texts = _contents(run_git(repo, "cat-file", "--batch",
                              input_bytes="".join(f"{oid}\n" for oid in oids).encode()))
    found: dict[str, str] = {}
    for sha, paths in wanted.items():
        said = [_fragment_text(texts.get(blobs[(sha, p)], b""), p)
                for p in paths if (sha, p) in blobs]
        text = "\n\n".join(s for s in said if s)[:MAX_CHARS].rstrip()
        if text:
            found[sha] = text
    return found


def _contents(out: bytes) -> dict[str, bytes]:
    """``git cat-file --batch`` output: each object's header line, its bytes, a newline."""
    found: dict[str, bytes] = {}
    at = 0
    while at < len(out):
        end = out.index(b"\n", at)
        oid, _, size = out[at:end].decode().split(" ")
        at = end + 1 + int(size)
        found[oid] = out[end + 1 : at]
        at += 1
    return found


_ROLE = re.compile(r":(?:user|issue|pr|bpo|gh|meth|func|class|attr|mod|ref|doc|data|obj|exc):"
                   r"`(?:[^`<]*<)?([^`>]*)>?`")
# who wrote it, said at its end: "- by @x", "- reported by @x, fixed by @y", "thanks to @x"
_CREDIT = re.compile(
    r"\s+[-\u2013\u2014]\s+(?:(?:reported|fixed|contributed|found|suggested|written"
    r"|implemented|thanks)\s+)?(?:by|to)\s+@.*$|\s+(?:by|thanks to)\s+@\S+[\s.,]*$",
    re.IGNORECASE)
TITLE_CHARS = 120  # of a fragment's first sentence that can stand as a title
# Where a fragment's first sentence ends: a full stop after a word, not after "e.g", "i.e",
# "etc" or "vs" (phpunit's "Fixed: Error handlers registered before PHPUnit (e.g" and
# "Added: Allow `--stop-on-defect`, `--stop-on-error`, etc" were titles cut there)
_FIRST_SENTENCE_END = re.compile(r"(?<=[^.\s])(?<!\be\.g)(?<!\bi\.e)(?<!\betc)(?<!\bvs)"
                                 r"(?<!\bcf)\.(?:\s|$)", re.IGNORECASE)


# A title that says only which issue a change closes (phpunit's maintainer titles most of
# his features and fixes "Closes #6742"): its changelog entry says what it did.
# (one way to match each space: the text is a stranger's subject)
_ONLY_A_REFERENCE = re.compile(r"^\W*(?:(?:close[sd]?|fix(?:e[sd])?|resolve[sd]?)\W*)?"
                               r"(?:[\w.-]+/[\w.-]+)?#(\d+)\W*$", re.IGNORECASE)


def closed_number(title: str) -> int | None:
    """The number of the issue a title names and nothing else ("Closes #6577"), or None:
    the changelog lines that cite it are the change's own, not a neighbour's it edited
    too, and its entry can stand as its title."""
    found = _ONLY_A_REFERENCE.match(title)
    return int(found.group(1)) if found else None


def changelog_title(lines: str) -> str | None:
    """A title from a change's own changelog entry (read_changelog_lines' first line, the
    kind its heading names kept: "Fixed: `<ini />` can silently fail" is no bug report,
    "Removed: `Assert::isType()`" no new API), for a title that names only the issue it
    closes."""
    first = next((line.strip() for line in lines.splitlines() if line.strip()), "")
    if (title := fragment_title(first)) or len(first) <= TITLE_CHARS:
        return title
    # a long entry cut at a word ("Fixed: Deprecation triggered in first-party code is
    # wrongly classified as indirect when …"): more than "Closes #6854" says
    cut = first[:TITLE_CHARS - 1].rsplit(" ", 1)[0].rstrip(",;:")  # room for " …"
    return f"{cut} …" if len(cut) >= 10 else None


def fragment_title(fragment: str) -> str | None:
    """A title from the changelog fragment a change adds, for a merge titled by its branch
    alone (pypa/virtualenv's "Merge pull request #2978 from gaborbernat/2977" read "2977
    (branch name)", its maintainer's first highlight; its fragment says "Revert out changes
    related to the extraction of the discovery module - by :user:`gaborbernat`."): its
    first line's first sentence, the credit and the roles' marks left out; None when that
    is too long to be a title."""
    first = next((line.strip() for line in fragment.splitlines() if line.strip()), "")
    first = _ROLE.sub(_role_text, first.lstrip("-*+ ")).replace("``", "`")
    end = _FIRST_SENTENCE_END.search(first)
    sentence = _CREDIT.sub("", (first[:end.start()] if end else first).strip()).rstrip(".")
    return sentence if 10 <= len(sentence) <= TITLE_CHARS else None


def _role_text(found: re.Match[str]) -> str:
    """A reStructuredText role as its reader sees it: a user as @login, an issue as #N."""
    role, text = found.group(0).split(":", 2)[1], found.group(1)
    if role == "user":
        return f"@{text}"
    return f"#{text}" if role in ("issue", "pr", "gh", "bpo") and text.isdigit() else text


def _fragment_text(raw: bytes, path: str) -> str:
    """A fragment's text: changesets' front matter left out, changie's YAML as its kind
    and body; bytes that are not UTF-8 read as Windows' Latin."""
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        text = raw.decode("cp1252", errors="replace")
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if path.endswith((".yaml", ".yml")):
        return _changie(text)
    return _FRONT_MATTER.sub("", text).strip()


def _changie(text: str) -> str:
    """changie's YAML fragment (``kind: Fixed``, ``body: …``): its body, then its kind;
    nothing when it is not such a mapping (a stranger's file, read with safe tags and
    bounded)."""
    try:
        _, doc = load_bounded(text)
    except (yaml.YAMLError, YamlRefused, RecursionError, ValueError):
        return ""
    if not isinstance(doc, dict):
        return ""
    said = [doc[key].strip() for key in ("body", "kind")
            if isinstance(doc.get(key), str) and doc[key].strip()]
    return "\n\n".join(said)
