"""Files the repository itself marks as generated or vendored in its ``.gitattributes``
(``linguist-generated``, ``linguist-vendored``): GitHub collapses them in a pull request's
diff, and their lines are not the size of the work (jq's ``src/parser.c``, which bison
writes from ``src/parser.y``, was 556 of the 609 lines that made a fix of a few grammar
rules "a substantial change").

Read from the root ``.gitattributes`` at HEAD, so a bare clone has them too; a
``.gitattributes`` further down, macro attributes and quoted patterns are left out. The
file is the repository's, which a stranger's pull request can change: its patterns run
on RE2, in time linear in the path (as Python's ``re``, ``*a*a*a*a*a*a*a*a*a*a*a*a*b``
took 154 s on a 40-character path).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import re2

from evidencer.errors import GitError, Warn
from evidencer.gitrun import run_git
from evidencer.globs import GlobError, glob_source

_ATTRIBUTES = ("linguist-generated", "linguist-vendored")
_OPTIONS = re2.Options()
_OPTIONS.log_errors = False  # a pattern RE2 refuses is left out, without RE2's log


def marked_generated(repo: Path, warn: Warn) -> Callable[[str], bool] | None:
    """Whether a path is marked generated or vendored at HEAD; None when nothing is."""
    try:
        text = run_git(repo, "show", "HEAD:.gitattributes").decode("utf-8", "replace")
    except GitError:  # no such file (or no HEAD): nothing marked
        return None
    try:
        return parse_attributes(text)
    except TooManyPatterns:
        warn(f"{repo}: .gitattributes marks files generated or vendored with more than "
             f"{MAX_PATTERNS:,} patterns; those marks are not read")
        return None


MAX_PATTERNS = 2_000  # each costs RE2 about 8 KB; real files have tens, monorepos hundreds
MAX_LINE = 2_048  # git itself skips longer lines (2.42 and later)


class TooManyPatterns(ValueError):
    """More marking lines than MAX_PATTERNS: the file is not read."""


def parse_attributes(text: str) -> Callable[[str], bool] | None:
    """The predicate of a ``.gitattributes`` text: as git reads it, the last line whose
    pattern matches a path decides each attribute (``-attr``, ``!attr`` and ``attr=false``
    unset it), and either attribute set marks the path. Lines over MAX_LINE characters
    are skipped, as git skips them; more than MAX_PATTERNS marking lines (a file a
    stranger made to eat memory) raise TooManyPatterns."""
    lines: list[tuple[Callable[[bytes], object], dict[str, bool]]] = []
    for line in text.splitlines():
        if len(line) > MAX_LINE:
            continue
        fields = line.split()
        if len(fields) < 2 or fields[0].startswith(("#", '"')) or fields[0].endswith("/"):
            continue  # a comment, a quoted pattern, or a folder (attributes never match one)
        said = dict(_setting(field) for field in fields[1:])
        said = {name: on for name, on in said.items() if name in _ATTRIBUTES}
        if said:
            if len(lines) >= MAX_PATTERNS:
                raise TooManyPatterns
            try:
                pattern = re2.compile(glob_source(fields[0].lstrip("/")), _OPTIONS)
            except (re2.error, GlobError):  # too big for RE2's memory budget (git would match
                continue  # it; we don't), or a range backwards ("[z-a]", which matches nothing)
            lines.append((pattern.match, said))
    if not any(on for _, said in lines for on in said.values()):
        return None
    lines.reverse()  # the last line that matches decides

    def marked(path: str) -> bool:
        decided: dict[str, bool] = {}
        data = path.encode("utf-8", "surrogatepass")  # as RE2 reads it, whatever git wrote
        for matches, said in lines:
            if matches(data):
                for name, on in said.items():
                    decided.setdefault(name, on)
                if len(decided) == len(_ATTRIBUTES):
                    break
        return any(decided.values())

    return marked


def _setting(field: str) -> tuple[str, bool]:
    if field[:1] in "-!":
        return field[1:], False
    name, _, value = field.partition("=")
    return name, value.lower() not in ("false", "0") if value else True
