"""Files the repository itself marks as generated or vendored in its ``.gitattributes``
(``linguist-generated``, ``linguist-vendored``): GitHub collapses them in a pull request's
diff, and their lines are not the size of the work (jq's ``src/parser.c``, which bison
writes from ``src/parser.y``, was 556 of the 609 lines that made a fix of a few grammar
rules "a substantial change").

Read from the root ``.gitattributes`` at HEAD, so a bare clone has them too; a
``.gitattributes`` further down, macro attributes and quoted patterns are left out.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

from evidencer.errors import GitError
from evidencer.gitrun import run_git
from evidencer.globs import glob_source

_ATTRIBUTES = ("linguist-generated", "linguist-vendored")


def marked_generated(repo: Path) -> Callable[[str], bool] | None:
    """Whether a path is marked generated or vendored at HEAD; None when nothing is."""
    try:
        text = run_git(repo, "show", "HEAD:.gitattributes").decode("utf-8", "replace")
    except GitError:  # no such file (or no HEAD): nothing marked
        return None
    return parse_attributes(text)


def parse_attributes(text: str) -> Callable[[str], bool] | None:
    """The predicate of a ``.gitattributes`` text: as git reads it, the last line whose
    pattern matches a path decides each attribute (``-attr``, ``!attr`` and ``attr=false``
    unset it), and either attribute set marks the path."""
    lines: list[tuple[re.Pattern[str], dict[str, bool]]] = []
    for line in text.splitlines():
        fields = line.split()
        if len(fields) < 2 or fields[0].startswith(("#", '"')) or fields[0].endswith("/"):
            continue  # a comment, a quoted pattern, or a folder (attributes never match one)
        said = dict(_setting(field) for field in fields[1:])
        said = {name: on for name, on in said.items() if name in _ATTRIBUTES}
        if said:
            lines.append((re.compile(glob_source(fields[0].lstrip("/"))), said))
    if not any(on for _, said in lines for on in said.values()):
        return None
    lines.reverse()  # the last line that matches decides

    def marked(path: str) -> bool:
        decided: dict[str, bool] = {}
        for pattern, said in lines:
            if pattern.match(path):
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
