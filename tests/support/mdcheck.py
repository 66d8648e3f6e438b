"""Check that a rendered document is well-formed Markdown, parsed with markdown-it-py.

Headings, links, tables, raw HTML and the Mermaid block; returns what it found for more asserts.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass, field

from markdown_it import MarkdownIt
from markdown_it.token import Token

from evidencer.render.mdsafe import heading_anchor

# The only raw HTML the built-in templates write: keep markers, a details box, <sub>.
ALLOWED_HTML_BLOCK = re.compile(
    r"^(?:<!-- evidencer:(?:keep(?: [\w.-]+)?|end) -->|<details>|</details>"
    r"|<summary>[^<>]*</summary>)$"
)
ALLOWED_HTML_INLINE = frozenset({"<sub>", "</sub>"})
_UNESCAPED_PIPE = re.compile(r"(?<!\\)(?:\\\\)*\|")


@dataclass
class Parsed:
    headings: list[tuple[int, str]] = field(default_factory=list)  # (level, text)
    anchors: list[str] = field(default_factory=list)
    links: list[tuple[str, str]] = field(default_factory=list)  # (href, text)
    tables: list[list[list[str]]] = field(default_factory=list)  # rows of raw cells
    mermaid: list[str] = field(default_factory=list)
    html: list[str] = field(default_factory=list)
    text: str = ""  # every inline's visible text, joined by newlines


def parser() -> MarkdownIt:
    return MarkdownIt("commonmark", {"html": True}).enable("table")


def cells(line: str) -> list[str]:
    """A table row's cells as GFM splits them: on pipes no backslash escapes."""
    body = line.strip()
    pipes = [match.end() - 1 for match in _UNESCAPED_PIPE.finditer(body)]
    bounds = [-1, *pipes, len(body)]
    parts = [body[a + 1 : b] for a, b in itertools.pairwise(bounds)]
    if pipes and pipes[0] == 0:
        parts = parts[1:]
    if pipes and pipes[-1] == len(body) - 1:
        parts = parts[:-1]
    return [part.strip() for part in parts]


def check_document(text: str) -> Parsed:
    """Assert the document is well formed; return its headings, links, tables, HTML."""
    tokens = parser().parse(text)
    lines = text.split("\n")
    found = Parsed()
    seen: dict[str, int] = {}
    visible: list[str] = []
    for index, token in enumerate(tokens):
        if token.type == "heading_open":
            inline = tokens[index + 1]
            content = _plain(inline)
            found.headings.append((int(token.tag[1]), content))
            base = heading_anchor(content)
            count = seen.get(base, 0)
            seen[base] = count + 1
            found.anchors.append(base if count == 0 else f"{base}-{count}")
        elif token.type == "inline":
            visible.append(_plain(token))
            for child in token.children or []:
                if child.type == "link_open":
                    found.links.append((str(child.attrGet("href")), ""))
                elif child.type == "html_inline":
                    found.html.append(child.content)
                    assert child.content in ALLOWED_HTML_INLINE, child.content
                elif child.type == "image":
                    raise AssertionError(f"an image in the document: {child.content!r}")
        elif token.type == "html_block":
            for line in token.content.strip().split("\n"):
                found.html.append(line)
                assert ALLOWED_HTML_BLOCK.match(line.strip()), f"raw HTML: {line!r}"
        elif token.type == "table_open":
            assert token.map is not None
            start, end = token.map
            rows = [cells(line) for line in lines[start:end] if line.strip()]
            widths = {len(row) for row in rows}
            assert len(widths) == 1, f"table rows with {sorted(widths)} cells: {rows}"
            found.tables.append(rows)
        elif token.type == "fence" and token.info.strip() == "mermaid":
            found.mermaid.append(token.content)
            _check_mermaid(token.content)
    found.text = "\n".join(visible)
    _check_headings(found.headings)
    for href, _ in found.links:
        if href.startswith("#"):
            assert href[1:] in found.anchors, f"link to a missing heading: {href}"
        else:
            assert re.match(r"^https?://", href) or re.match(r"^[\w.-]+\.md$", href), href
    return found


def _plain(inline: Token) -> str:
    """The text a reader sees: text and code, entities decoded, no markup."""
    parts = []
    for child in inline.children or []:
        if child.type in ("text", "code_inline"):
            parts.append(child.content)
        elif child.type in ("softbreak", "hardbreak"):
            parts.append(" ")
    return "".join(parts)


def _check_headings(headings: list[tuple[int, str]]) -> None:
    assert headings, "no headings"
    assert headings[0][0] == 1, f"the first heading is not a title: {headings[0]}"
    assert [h for h in headings if h[0] == 1] == [headings[0]], "more than one title"
    previous = 1
    for level, content in headings:
        assert level <= previous + 1, f"heading level jumps to {level}: {content!r}"
        assert content.strip(), "an empty heading"
        previous = level


def _check_mermaid(block: str) -> None:
    lines = [line.strip() for line in block.strip().split("\n")]
    lines = [line for line in lines if not line.startswith("%%")]  # an init directive
    assert lines[0] == "xychart-beta", lines[0]
    axis = next(line for line in lines if line.startswith("x-axis"))
    months = re.findall(r'"(\d{4}(?:-\d{2}|-Q[1-4])?)"', axis)
    assert months, axis
    series = [line for line in lines if line.startswith("line ")]
    assert series, "no data series"
    for line in series:
        values = re.fullmatch(r"line \[([\d, ]*)\]", line)
        assert values, line
        assert len(values.group(1).split(",")) == len(months), line


def split_documents(text: str) -> list[str]:
    """Documents printed one after another, separated by a ``---`` rule line."""
    return text.split("\n---\n\n")
