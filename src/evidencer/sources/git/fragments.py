"""The changelog fragments a change adds: what the project's own release notes say of it.

Projects that keep their release notes as one file per change (changesets' ``.changeset/``,
calens' ``changelog/unreleased/``, towncrier's and scriv's ``newsfragments/``,
``changelog.d/``, ``news/``, ``CHANGES/``, changie's ``.changes/unreleased/``) often say what
a change does there and nowhere else: withastro/astro's squash commits list only their
commits ("Fixes a bug where …" is in the changeset), restic's merges say "Merge pull
request #N from branch" ("Bugfix: Reduce terminal progress fps to 10" is in the fragment).
The fragment's text is read as part of the change's description.

Only the commits whose files name such a fragment are asked for, in one ``git log`` run;
a history without fragments pays nothing.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path

import yaml

from evidencer.gitrun import run_git
from evidencer.globs import combined
from evidencer.sources.git.log import RS, US
from evidencer.yamlfile import YamlRefused, load_bounded

# Where the tools keep their fragments, as globs (globs.py) and as git's pathspecs.
_GLOBS = (
    ".changeset/*.md", "**/.changeset/*.md",
    "changelog/unreleased/*", "**/changelog/unreleased/*",
    "changelog.d/*", "**/changelog.d/*",
    "newsfragments/*", "**/newsfragments/*",
    "news/*.*", "CHANGES/*.*", "changes/*.*",
    ".changes/unreleased/*", "**/.changes/unreleased/*",
)
_FRAGMENT = combined(_GLOBS)
_PATHSPECS = tuple(f":(glob){glob}" for glob in _GLOBS)
MAX_CHARS = 2_000  # of fragments per change: a release note, not a release
# More fragments than this added at once gather other work (restic's "Patch release
# cherrypicks" added thirteen changes' fragments): none is read as the change's own.
MAX_FILES = 3
_README = re.compile(r"(?:^|/)(?:readme|\.gitignore|\.gitkeep|config\.json|template\.\w+)"
                     r"(?:\.\w+)?$", re.IGNORECASE)
_FRONT_MATTER = re.compile(r"\A---\n.*?\n---\n?", re.DOTALL)  # changesets' package bumps


# Work that gathers other changes' fragments, whatever their number: a release, a
# cherry-pick or backport onto a release branch (restic's "Patch release cherrypicks").
_GATHERS = re.compile(r"\b(releas\w*|cherry[- ]?pick\w*|backport\w*|prepar\w*|merg\w*|"
                      r"changelogs?|release[- ]notes)\b|^v?\d+(\.\d+)+\b", re.IGNORECASE)


def own_fragments(title: str, paths: Iterable[str]) -> bool:
    """Whether the fragments a change adds are its own description: a few, and not a
    release or a pick of other work that gathers them."""
    return 0 < sum(map(is_fragment, paths)) <= MAX_FILES and not _GATHERS.search(title)


def is_fragment(path: str) -> bool:
    """Whether a changed file is a changelog fragment (not the folder's README or config)."""
    return bool(_FRAGMENT.match(path)) and not _README.search(path)


def read_fragments(repo: Path, shas: Iterable[str]) -> dict[str, str]:
    """The text of the fragments each commit adds (against its first parent, as its
    files were counted), by sha; commits that add none are left out."""
    wanted = list(dict.fromkeys(shas))
    if not wanted:
        return {}
    out = run_git(repo, "log", "--no-walk=unsorted", "--stdin", "--diff-merges=first-parent",
                  "--diff-filter=A", "--no-color", "--no-ext-diff", "--no-renames", "-p",
                  "--unified=0", f"--format={RS}%H{US}", "--", *_PATHSPECS,
                  input_bytes="".join(f"{sha}\n" for sha in wanted).encode())
    found: dict[str, str] = {}
    for record in out.decode("utf-8", errors="replace").split(RS):
        sha, _, diff = record.partition(US)
        text = _fragment_text(diff)
        if sha.strip() and text:
            found[sha.strip()] = text
    return found


def _fragment_text(diff: str) -> str:
    """The added lines of each fragment file in a patch, front matter and fields left out,
    one paragraph a fragment, at most MAX_CHARS."""
    files: list[list[str]] = []
    keep = False
    for line in diff.split("\n"):
        if line.startswith("diff --git "):
            files.append([])
            keep = False
        elif line.startswith("+++ "):
            path = line[4:].strip().strip('"')
            keep = is_fragment(path[2:] if path.startswith("b/") else path)
        elif keep and files and line.startswith("+"):
            files[-1].append(line[1:])
    if len(files) > MAX_FILES:
        return ""
    paragraphs = []
    for lines in files:
        text = _FRONT_MATTER.sub("", "\n".join(lines)).strip()
        if text.startswith(("kind:", "body:")) or "\nbody:" in text:
            text = _changie(text)
        if text:
            paragraphs.append(text)
    joined = "\n\n".join(paragraphs)
    return joined[:MAX_CHARS].rstrip()


def _changie(text: str) -> str:
    """changie's YAML fragment (``kind: Fixed``, ``body: …``): its kind and body; nothing
    when it is not such a mapping (a stranger's file, read with safe tags and bounded)."""
    try:
        _, doc = load_bounded(text)
    except (yaml.YAMLError, YamlRefused, RecursionError):
        return ""
    if not isinstance(doc, dict):
        return ""
    return "\n".join(str(doc[key]).strip() for key in ("kind", "body")
                     if isinstance(doc.get(key), str) and doc[key].strip())
