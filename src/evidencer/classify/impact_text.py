"""Prepare free text for impact.py: drop Markdown that is never prose, blank out numbers
that are not quantities (code, URLs, versions, dates, SHAs, refs), split into sentences."""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Iterator

__all__ = ["FILLER", "mask", "sentences", "strip_markdown"]

FILLER = "\x1a"  # stands in for masked text, keeping every offset where it was

# After an optional title line: "---", YAML fields, "---".
_FRONT_MATTER = re.compile(r"\A((?:[^\n]*\n\n)?)(---\n.*?\n---\n)", re.DOTALL)
_HTML_COMMENT = re.compile(r"<!--.*?(?:-->|\Z)", re.DOTALL)
# Quoted text is someone else's words: a bot's dependency bump quotes the upstream release
# notes ("cutting allocations ... ~40% throughput improvement"), which are not an outcome
# of the work that merges it.
_QUOTED = re.compile(r"<blockquote\b.*?(?:</blockquote\s*>|\Z)", re.DOTALL | re.IGNORECASE)
_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})[^\n]*\n.*?(?:^ {0,3}\1[^\n]*$|\Z)", re.M | re.DOTALL)
_IMAGE = re.compile(r"!\[[^\]\n]*\]\([^)\n]*\)")
_LINK = re.compile(r"\[([^\]\n]*)\]\([^)\n]*\)")
_TAG = re.compile(r"</?[A-Za-z][^>\n]*>")
# A picture's tag wrapped over lines, as GitHub writes a pasted screenshot: its width and
# height are no outcome (tailwindcss's before/after table of two screenshots read
# '<img width="450" …' as one)
_MEDIA = re.compile(r"<(?:img|video|source|picture|audio)\b[^<>]{0,2000}>", re.IGNORECASE)

# Things that look like numbers but are not, each with what it cannot match without. One
# alternation over all of them costs the same on every text; most texts lack most triggers.
_DIGIT = re.compile(r"\d")
_WWW = re.compile(r"www\.", re.IGNORECASE)
_TRIGGERS: dict[str, Callable[[str], object]] = {
    "`": lambda text: "`" in text,
    "://": lambda text: "://" in text,
    "www.": _WWW.search,
    "#": lambda text: "#" in text,
    "-": lambda text: "-" in text,
    "@": lambda text: "@" in text,
    "=": lambda text: "=" in text,
    "/": lambda text: "/" in text,
    ":": lambda text: ":" in text,
    "digit": _DIGIT.search,
}
_MASK_PARTS: tuple[tuple[frozenset[str], str], ...] = tuple(
    (frozenset(needs.split()), pattern)
    for needs, pattern in [
        # Inline code may wrap onto the next line, never across a blank one (masked with the
        # line break, as a time "12:30\npm" is: a line that starts inside code starts nothing).
        ("`", r"`+[^`\n]*(?:\n[^`\n]+)?`+"),
        ("://", r"https?://\S+"),
        ("www.", r"www\.\S+"),
        ("# digit", r"(?:[\w.-]+/[\w.-]+)?#\d+"),
        ("- digit", r"\bGH-\d+"),
        ("@", r"@[\w-]+"),
        ("digit", r"\b(?=[0-9a-f]*[a-f])(?=[0-9a-f]*\d)[0-9a-f]{7,40}\b"),
        ("digit", r"\bv\d+(?:\.\d+)*\b"),
        # x86's 32-bit architecture named as Go names it: "the armv7/v6/v5 and 386
        # downloads crashed on launch" (navidrome) counts no downloads
        ("digit", r"\b[ix]386\b|(?:(?<=and )|(?<=or )|(?<=/)|(?<=, ))386\b"
                  r"|\b386(?=/(?:amd64|arm))"),
        ("digit", r"\b\d+(?:\.\d+){2,}(?:[-+][\w.]+)?\b"),
        ("- digit", r"\b\d{4}-\d{2}-\d{2}(?:[T ][\d:.]+Z?)?"),
        ("/ digit", r"\b\d{1,2}/\d{1,2}/\d{2,4}\b"),
        (": digit", r"\b\d{1,2}:\d{2}(?::\d{2})?(?:\s?[ap]m)?\b"),
        (
            "digit",
            r"\b(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|june?|july?|aug(?:ust)?"
            r"|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?\s+\d{1,2}"
            r"(?:st|nd|rd|th)?\b",
        ),
        (
            "digit",
            r"\b(?:https?|status|code|error|line|lines|port|node|python|go|java|ruby|php|rust"
            r"|version|release|postgres(?:ql)?|mysql|redis|ubuntu|debian"
            # a platform's version: "JDK 27 Early-Access Builds" counts no builds
            r"|jdk|jre|openjdk|swift|kotlin|scala|perl|dotnet|windows|macos|ios|android"
            r"|fedora|rhel|centos|alpine|chrome|chromium|firefox|safari|gradle|maven"
            r"|kubernetes|k8s|elixir|erlang|otp|xcode|lts)\s+\d+(?:\.\d+)*\b",
        ),
        ("=", r"(?<!\S)--?[\w-]+=\S+"),
        ("=", r"\b\w+=\S+"),
    ]
)

# Lines that stand alone: list items, headings, quotes, table rows, "Field: value" lines.
# An indented "name:  value" line ("  src:    462ms -> 438ms") is a row of figures too.
_UNIT_START = re.compile(
    r"^\s*(?:[-*+]\s|\d{1,3}[.)]\s|#{1,6}\s|>|\||[A-Z][\w /-]{0,30}:\s)|^\s+[\w-]{1,30}:\s"
)
_SENTENCE_END = re.compile(
    r"(?<=[.!?])(?<!\bvs\.)(?<!\be\.g\.)(?<!\bi\.e\.)(?<!\bapprox\.)(?<!\bca\.)\s+"
)


def strip_markdown(text: str) -> str:
    """Drop what is never prose, or not the author's: comments, code blocks, quoted
    ``<blockquote>`` blocks, images, link targets, HTML tags."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if "---\n" in text[:1000]:  # YAML front matter (a postmortem's fields) is not prose
        text = _FRONT_MATTER.sub(lambda m: m.group(1) + "\n" * m.group(2).count("\n"), text)
    # Each pattern needs characters most commit messages lack; looking for them first is
    # cheaper than a substitution that finds nothing.
    if "<!--" in text:
        text = _HTML_COMMENT.sub("", text)
    if "```" in text or "~~~" in text:
        text = _FENCE.sub("\n", text)
    if "<" in text and "blockquote" in text.lower():
        text = _QUOTED.sub("\n", text)
    if "](" in text:
        text = _LINK.sub(r"\1", _IMAGE.sub("", text))
    if "<" in text:
        text = _TAG.sub("", _MEDIA.sub("", text))
    return text.replace("**", "").replace("__", "")


@functools.cache  # one per combination of triggers met, not per text
def _masks(parts: tuple[int, ...]) -> re.Pattern[str]:
    # Leaving out alternatives that match nowhere in the text changes no match: at every
    # position the first alternative that matches is still the first one.
    return re.compile("|".join(_MASK_PARTS[i][1] for i in parts), re.IGNORECASE)


def mask(text: str) -> str:
    """Replace every non-quantity number, code span and link with FILLER, offsets kept."""
    present = {name for name, found in _TRIGGERS.items() if found(text)}
    parts = tuple(i for i, (needs, _) in enumerate(_MASK_PARTS) if needs <= present)
    if not parts:
        return text
    return _masks(parts).sub(lambda m: FILLER * len(m.group(0)), text)


def sentences(masked: str) -> Iterator[tuple[int, int]]:
    """Yield sentence spans; wrapped lines join, list items and headings stand alone.

    The first line is a title or commit subject: it always stands alone too.
    """
    units: list[tuple[int, int]] = []
    joinable = False
    offset = 0
    for line in masked.split("\n"):
        end = offset + len(line)
        if not line.strip():
            joinable = False
        elif joinable and not _UNIT_START.match(line):
            units[-1] = (units[-1][0], end)
        else:
            units.append((offset, end))
            joinable = len(units) > 1 and not line.lstrip().startswith(("#", "|"))
        offset = end + 1
    for start, end in units:
        cursor = start
        for brk in _SENTENCE_END.finditer(masked, start, end):
            yield cursor, brk.start()
            cursor = brk.end()
        yield cursor, end
