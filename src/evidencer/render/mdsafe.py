"""Make untrusted text (titles, bodies, labels, names) inert in Markdown and HTML.

Everything a stranger wrote passes through here before it reaches a document or a comment.

Choices, and why (the raw Markdown stays readable: it is what people edit and diff):

* ``@mentions`` become code spans (`` `@name` ``): GitHub's mention filter skips code, so
  nobody is pinged and the text still reads ``@name``. An ``@`` inside a word (an email
  address) is no mention and stays as it is.
* ``#123``, ``owner/repo#123`` and ``GH-123`` become real links when the caller knows the
  repository they belong to (``refs=``), else code spans. Outside its repository a bare
  ``#123`` would link to the wrong issue, and in the comments evidencer writes a
  cross-reference would add a "mentioned this" event to a stranger's issue. Inside link
  text (``md_link``) they stay plain: GitHub links and pings nothing inside a link.
* Only what would start Markdown or HTML is escaped: ``<`` before a letter, ``/``, ``!``
  or ``?`` (a tag, comment or autolink), ``&`` that spells an entity, ``_`` at a word's
  edge; ``[ ] * ` | ~ \\`` always, line starts that make a block. ``>``, ``(``, ``#``
  inside a line and intraword ``_`` stay plain.
* Bare ``http(s)://`` URLs are left alone: GitHub may autolink them, but only to http(s),
  which is what :func:`safe_url` allows anyway.
* ``$`` is escaped because GitHub renders ``$...$`` as math ("saves $5 and $10").
"""

from __future__ import annotations

import ipaddress
import re
import unicodedata
from collections.abc import Callable
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

# Zero-width and bidi controls that can disguise text (U+200B-U+200F, U+202A-U+202E,
# U+2066-U+2069), the invisible word joiner family, the BOM, the Arabic letter mark, and
# C0/C1 control characters other than tab, newline and carriage return.
_INVISIBLE = re.compile(
    "[\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff\u061c"
    "\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x84\x86-\x9f]"
)
# Characters that would start Markdown or HTML syntax anywhere in a line.
_ALWAYS = {
    "\\": "\\\\",
    "`": "\\`",
    "*": "\\*",
    "[": "\\[",
    "]": "\\]",
    "|": "\\|",
    "~": "\\~",
    "$": "\\$",
}
_INLINE_SPECIAL = re.compile(
    r"[\\`*\[\]|$]"
    r"|(?<=\S)~"  # only a tilde after a non-space can close a strikethrough
    r"|<(?=[A-Za-z/!?])"  # a tag, comment, declaration or autolink would start
    r"|&(?=[A-Za-z][A-Za-z0-9]*;|#[0-9]+;|#[xX][0-9A-Fa-f]+;)"  # an entity reference
    r"|(?<![A-Za-z0-9])_|_(?![A-Za-z0-9])"  # emphasis needs "_" at a word's edge
)
# Line starts that make a list item, a heading, a quote, a setext underline or an ordered list.
_LINE_START_BULLET = re.compile(r"^([+=#>-])")
_LINE_START_ORDERED = re.compile(r"^(\d{1,9})([.)])")
_MENTION = re.compile(r"(?<![A-Za-z0-9`])@(?=[A-Za-z0-9])")
# "@alice@bob" is one span: a span ending before "@bob" would leave "@bob" free to ping.
# After a second "@", a version too: "`@prettier/plugin-hermes@0`.2.2" split prettier's
# release subjects; not a full stop that ends the sentence.
# An underscore goes in the span too: elixir's "`@on`\_load", an attribute's name cut in two.
_MENTION_WORD = re.compile(
    r"(?<![A-Za-z0-9`])@[A-Za-z0-9][A-Za-z0-9_-]*(?:/[A-Za-z0-9_.-]+)?"
    r"(?:@(?:[A-Za-z0-9](?:[A-Za-z0-9.-]*[A-Za-z0-9])?(?:/[A-Za-z0-9_.-]+)?)?)*"
)
# Cross-references GitHub links in text: #12, owner/repo#12, GH-12.
_REFERENCE = re.compile(
    r"(?<![\w/#])(?:(?P<repo>[A-Za-z0-9][\w.-]*/[\w.-]+)?#(?P<n>\d+)|\bGH-(?P<gh>\d+))\b",
    re.IGNORECASE,
)

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
    return _MENTION_WORD.sub(lambda m: _code(m.group(0)), markdown)


def _code(text: str) -> str:
    """A code span around text with no backticks and no line breaks."""
    return f"`{text}`"


RefLinker = Callable[[str, str], "str | None"]  # (repo or "", number) -> URL, or None


def _plain(text: str) -> str:
    return _INLINE_SPECIAL.sub(
        lambda m: _ALWAYS.get(m.group(0), "&lt;" if m.group(0) == "<" else "\\" + m.group(0)),
        text,
    )


# A code span the author wrote: one backtick each side, or two (reStructuredText's
# literal, a code span to Markdown too: sphinx's "Recommend ``uv`` for local development"
# read with four escaped backticks), paired left to right as Markdown pairs them. It
# stays a code span, inert as code is (no mention, reference or autolink inside), and
# reads as the author wrote it: "Improve `PageNumberPagination` docs", with no escaped
# backticks. Not one holding what GitHub would read inside as a table cell's
# end (``|``) or what the document's own markers could start (``<!``), nor one whose
# spaces at either end Markdown would trim: its text is escaped as the rest. A lone "<"
# is code like any other character (nushell's "`>` `<`, `==`" read "`>` \\`<\\`, `==`").
_AUTHORS_CODE = re.compile(r"(?<!`)(``?)([^`\n]+)\1(?!`)")
_NOT_IN_CODE = re.compile(r"\||<!|^\s|\s$")


def _escape_segment(text: str, refs: RefLinker | None, *, in_link: bool) -> str:
    """Escape text, keeping the author's code spans, turning mentions into code spans
    and references into links."""
    if "`" not in text:
        return _escape_words(text, refs, in_link=in_link)
    out: list[str] = []
    cursor = 0
    for span in _AUTHORS_CODE.finditer(text):
        if _NOT_IN_CODE.search(span.group(2)):
            continue  # escaped with the text around it
        if len(span.group(1)) == 2 and not _apart(text, span.start(), span.end()):
            # two backticks beside a mention or a reference would join the backtick that
            # opens or closes its code span into a run of three, which closes nothing:
            # "``x``@alice" would mention her
            continue
        out.append(_escape_words(text[cursor : span.start()], refs, in_link=in_link))
        out.append(span.group(0))
        cursor = span.end()
    out.append(_escape_words(text[cursor:], refs, in_link=in_link))
    return "".join(out)


_BEFORE_SPAN = frozenset(" \t([{\"'")
_AFTER_SPAN = frozenset(" \t.,;:!?)]}\"'")


def _apart(text: str, start: int, end: int) -> bool:
    """Whether a span stands apart: the text's edge, a space or punctuation on each side."""
    return (start == 0 or text[start - 1] in _BEFORE_SPAN) and (
        end == len(text) or text[end] in _AFTER_SPAN)


def _escape_words(text: str, refs: RefLinker | None, *, in_link: bool) -> str:
    out: list[str] = []
    cursor = 0
    pattern = _MENTION_WORD if in_link else _TOKENS
    for found in pattern.finditer(text):
        out.append(_plain(text[cursor : found.start()]))
        token = found.group(0)
        if token.startswith("@"):
            out.append(_code(token))
        else:
            out.append(_reference(token, refs))
        cursor = found.end()
    out.append(_plain(text[cursor:]))
    return "".join(out)


def _reference(token: str, refs: RefLinker | None) -> str:
    found = _REFERENCE.fullmatch(token)
    if found is None:  # pragma: no cover - the token came from the same pattern
        return _plain(token)
    repo, number = found.group("repo") or "", found.group("n") or found.group("gh")
    url = safe_url(refs(repo, number)) if refs is not None else None
    return f"[{token}]({url})" if url else _code(token)


_TOKENS = re.compile(f"{_MENTION_WORD.pattern}|{_REFERENCE.pattern}", re.IGNORECASE)


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
    # Not inside the author's code span: its other half cut off, the opening backtick is
    # escaped and shows ("… (\`--pcre2…", ripgrep's table); the words before it stay. A
    # span of one backtick each side or two (sphinx's "``cmd``") is whole where it pairs.
    whole = 0
    for span in _AUTHORS_CODE.finditer(cut):
        whole = span.end()
    opening = cut.find("`", whole)
    if opening >= max_length // 3:
        cut = cut[:opening]
    return cut.rstrip() + ELLIPSIS


def _escape_line(line: str, refs: RefLinker | None = None, *, in_link: bool = False) -> str:
    """Escape one line so that it is plain text wherever Markdown places it."""
    escaped = _escape_segment(line, refs, in_link=in_link)
    escaped = _LINE_START_BULLET.sub(r"\\\1", escaped)
    return _LINE_START_ORDERED.sub(r"\1\\\2", escaped)


def escape_inline(
    text: str, *, max_length: int | None = None, refs: RefLinker | None = None,
    in_link: bool = False,
) -> str:
    """Escape text for one line of Markdown: a paragraph, a list item or a table cell.

    Newlines and runs of whitespace become one space; ``max_length`` caps the visible
    text (before escaping) and marks the cut with an ellipsis. ``refs`` turns ``#12`` into
    a link; ``in_link``: the text is a link's label, where references stay plain.
    """
    collapsed = " ".join(strip_invisible(text).split())
    return _escape_line(_truncate(collapsed, max_length), refs, in_link=in_link)


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
    if destination is None:
        return escape_inline(text, max_length=max_length)
    label = escape_inline(text, max_length=max_length, in_link=True)
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
