"""Make untrusted text (titles, bodies, labels, names) inert in Markdown and HTML.

Everything a stranger wrote passes through here before it reaches a document or a comment.

Choices, and why:

* ``@mentions`` become ``@&#8203;name``: the entity renders as a zero-width space, so the
  text still reads ``@name`` but GitHub's mention filter (which needs a letter or digit
  right after ``@``) does not ping anyone; unlike a literal U+200B the source stays ASCII
  and the neutralisation is visible to whoever edits the Markdown.
* ``#123``, ``owner/repo#123`` and ``GH-123`` get the same zero-width space after ``#`` /
  ``GH``. Rendered outside its own repository a bare ``#123`` links to the wrong issue,
  and in the issue and PR comments evidencer writes a cross-reference would add a
  "mentioned this" event to a stranger's issue on every update. Items carry their own
  explicit links, so nothing is lost.
* Bare ``http(s)://`` URLs are left alone: GitHub may autolink them, but only to http(s),
  which is what :func:`safe_url` allows anyway.
* ``$`` is escaped because GitHub renders ``$...$`` as math ("saves $5 and $10").
"""

from __future__ import annotations

import ipaddress
import re
import unicodedata
from urllib.parse import quote, urlsplit, urlunsplit

__all__ = [
    "escape_block",
    "escape_inline",
    "heading_anchor",
    "md_link",
    "neutralise_mentions",
    "safe_url",
    "strip_invisible",
]

ELLIPSIS = "…"
ZERO_WIDTH_SPACE = "&#8203;"

# Zero-width and bidi controls that can disguise text (U+200B-U+200F, U+202A-U+202E,
# U+2066-U+2069), the invisible word joiner family, the BOM, the Arabic letter mark, and
# C0/C1 control characters other than tab, newline and carriage return.
_INVISIBLE = re.compile(
    "[\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff\u061c"
    "\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x84\x86-\x9f]"
)
# Characters that would start Markdown or HTML syntax anywhere in a line.
_INLINE_ESCAPES = {
    "\\": "\\\\",
    "`": "\\`",
    "*": "\\*",
    "_": "\\_",
    "[": "\\[",
    "]": "\\]",
    "(": "\\(",
    ")": "\\)",
    "#": "\\#",
    "|": "\\|",
    "!": "\\!",
    "~": "\\~",
    "$": "\\$",
    "&": "&amp;",
    "<": "&lt;",
    ">": "&gt;",
}
_INLINE_SPECIAL = re.compile("[" + re.escape("".join(_INLINE_ESCAPES)) + "]")
# Line starts that make a list item, a setext underline or an ordered list.
_LINE_START_BULLET = re.compile(r"^([+=-])")
_LINE_START_ORDERED = re.compile(r"^(\d{1,9})([.)])")
_MENTION = re.compile(r"@(?=[A-Za-z0-9])")
# After escaping, "#" reads "\#"; "GH-12" needs no escaping.
_ISSUE_REF = re.compile(r"(\\#|\bGH(?=-\d))(?=-?\d)", re.IGNORECASE)

_URL_SCHEMES = frozenset({"http", "https"})
_URL_FORBIDDEN = re.compile(r"[\s\\\x00-\x1f\x7f-\x9f\u200b-\u200f\u202a-\u202e\u2066-\u2069]")
_HOST = re.compile(r"^(?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?\.)*[a-z0-9](?:[a-z0-9-]*[a-z0-9])?\.?$")
_LONE_PERCENT = re.compile(r"%(?![0-9A-Fa-f]{2})")
# Markdown decodes entity references inside a link destination ("&lt;" would become "<").
_ENTITY_AMPERSAND = re.compile(r"&(?=[A-Za-z][A-Za-z0-9]*;|#[0-9]+;|#[xX][0-9A-Fa-f]+;)")
# Kept as they are in a path, query or fragment; everything else is percent-encoded,
# including ( ) < > [ ] | ` " and spaces, which would end or break a Markdown link.
_URL_SAFE = "!$&'*+,;=:@/?%-._~"


def strip_invisible(text: str) -> str:
    """Remove zero-width, bidi-override and control characters that can disguise text."""
    return _INVISIBLE.sub("", text)


def neutralise_mentions(markdown: str) -> str:
    """Stop ``@name`` in already-safe Markdown from notifying anyone on GitHub."""
    return _MENTION.sub("@" + ZERO_WIDTH_SPACE, markdown)


def _neutralise_references(markdown: str) -> str:
    return _ISSUE_REF.sub(lambda m: m.group(1) + ZERO_WIDTH_SPACE, markdown)


def _truncate(text: str, max_length: int | None) -> str:
    if max_length is None or len(text) <= max_length:
        return text
    if max_length < 1:
        raise ValueError(f"max_length must be at least 1, got {max_length}")
    cut = text[: max_length - 1]
    # Prefer a word boundary when one is near, so a word is not cut in half.
    space = cut.rfind(" ")
    if space >= max_length * 2 // 3:
        cut = cut[:space]
    return cut.rstrip() + ELLIPSIS


def _escape_line(line: str) -> str:
    """Escape one line so that it is plain text wherever Markdown places it."""
    escaped = _INLINE_SPECIAL.sub(lambda m: _INLINE_ESCAPES[m.group(0)], line)
    escaped = _LINE_START_BULLET.sub(r"\\\1", escaped)
    escaped = _LINE_START_ORDERED.sub(r"\1\\\2", escaped)
    return _neutralise_references(neutralise_mentions(escaped))


def escape_inline(text: str, *, max_length: int | None = None) -> str:
    """Escape text for one line of Markdown: a paragraph, a list item or a table cell.

    Newlines and runs of whitespace become one space; ``max_length`` caps the visible
    text (before escaping) and marks the cut with an ellipsis.
    """
    collapsed = " ".join(strip_invisible(text).split())
    return _escape_line(_truncate(collapsed, max_length))


def escape_block(text: str, *, max_length: int | None = None, quote: bool = False) -> str:
    """Escape a multi-line excerpt, keeping its line breaks but making every line inert.

    Paragraphs stay separated by one blank line and line breaks inside a paragraph
    become hard breaks (a trailing backslash). Leading indentation becomes ``&nbsp;``
    entities, so it shows without turning the line into a code block. With ``quote`` every
    line is prefixed with ``> `` for a blockquote.
    """
    clean = strip_invisible(text).replace("\r\n", "\n").replace("\r", "\n")
    clean = _truncate(clean.strip("\n"), max_length)
    paragraphs: list[list[str]] = [[]]
    for raw in clean.split("\n"):
        line = raw.expandtabs(4).rstrip()
        if not line.strip():
            if paragraphs[-1]:
                paragraphs.append([])
            continue
        body = line.lstrip()
        indent = "&nbsp;" * (len(line) - len(body))
        paragraphs[-1].append(indent + _escape_line(" ".join(body.split())))
    if not paragraphs[-1]:
        paragraphs.pop()
    prefix = "> " if quote else ""
    # A trailing backslash is CommonMark's visible hard line break.
    rendered = [
        "".join(f"{prefix}{line}\\\n" for line in lines[:-1]) + f"{prefix}{lines[-1]}\n"
        for lines in paragraphs
    ]
    return (">\n" if quote else "\n").join(rendered).rstrip("\n")


def _safe_host(hostname: str) -> str | None:
    if ":" in hostname:
        try:
            return f"[{ipaddress.IPv6Address(hostname).compressed}]"
        except ValueError:
            return None
    try:
        ascii_host = hostname.encode("idna").decode("ascii").lower()
    except UnicodeError:
        return None
    return ascii_host if _HOST.match(ascii_host) else None


def safe_url(url: str | None) -> str | None:
    """Return ``url`` ready for a Markdown link destination if it is plain http(s), else None.

    Refused: other schemes (``javascript:``, ``data:``, ``vbscript:``, ...), whitespace,
    control and bidi characters, backslashes, credentials before the host, and hosts
    that are not names or IP addresses. Characters that would end or break a Markdown
    link (``( ) < > [ ] | `` and quotes, ``&`` that starts an entity) are percent-encoded;
    non-ASCII hosts become
    punycode, so look-alike domains show as what they are.
    """
    if url is None:
        return None
    candidate = url.strip(" ")
    if not candidate or _URL_FORBIDDEN.search(candidate):
        return None
    try:
        parts = urlsplit(candidate)
        port = parts.port
    except ValueError:
        return None
    if parts.scheme.lower() not in _URL_SCHEMES or "@" in parts.netloc:
        return None
    host = _safe_host(parts.hostname or "")
    if host is None:
        return None
    netloc = host if port is None else f"{host}:{port}"

    def encode(part: str) -> str:
        return quote(_LONE_PERCENT.sub("%25", part), safe=_URL_SAFE)

    rebuilt = urlunsplit(
        (
            parts.scheme.lower(),
            netloc,
            encode(parts.path),
            encode(parts.query),
            encode(parts.fragment),
        )
    )
    return _ENTITY_AMPERSAND.sub("%26", rebuilt)


def md_link(text: str, url: str | None, *, max_length: int | None = None) -> str:
    """An inline link with escaped text, or just the escaped text when the URL is unsafe."""
    destination = safe_url(url)
    label = escape_inline(text, max_length=max_length)
    if destination is None:
        return label
    if not label:
        label = escape_inline(destination, max_length=max_length)
    return f"[{label}]({destination})"


def heading_anchor(text: str) -> str:
    """The anchor GitHub gives a heading with this text: ``"Value & Care"`` -> ``value--care``.

    Lower case; letters, digits, marks, ``-`` and ``_`` kept; each space becomes ``-``;
    everything else (punctuation, symbols, invisible characters) dropped, as GitHub does.
    """
    words = " ".join(strip_invisible(text).split()).lower()
    kept = [
        "-" if char == " " else char
        for char in words
        if char in " -_" or unicodedata.category(char)[0] in "LNM"
    ]
    return "".join(kept)
