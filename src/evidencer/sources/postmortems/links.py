"""Links in postmortems: URLs, ``#12`` and ``owner/repo#12`` references, and the anchors
GitHub gives headings, normalised so action items can be matched to work."""

from __future__ import annotations

import re
from collections.abc import Callable
from urllib.parse import urlsplit

from evidencer.render.mdsafe import heading_anchor
from evidencer.sources.postmortems.fields import INLINE_LINK_RE, PROFILE_RE

URL_RE = re.compile(r"https?://[^\s<>\"'`\]\[]{1,2000}")  # longer is not a link anyone typed
_QUALIFIED_REF_RE = re.compile(r"(?<![\w/.@-])([A-Za-z0-9][\w.-]*/[\w.-]+)#(\d+)(?![\w-])")
_SHORT_REF_RE = re.compile(r"(?<![\w&#/])#(\d+)(?![\w-])")
_GITHUB_PATH_RE = re.compile(
    r"^/([\w.-]+)/([\w.-]+)/(?:(issues|pull|pulls)/(\d+)|commit/([0-9a-fA-F]{7,64}))(?:[/?#].*)?$"
)


def _trim_url(url: str) -> str:
    """Drop sentence punctuation after a URL, and a ")" that closes "(see https://...)"."""
    unmatched = url.count(")") - url.count("(")
    end = len(url)
    while end:
        char = url[end - 1]
        if char == ")" and unmatched > 0:
            unmatched -= 1
        elif char not in ".,;:!?*_":
            break
        end -= 1
    return url[:end]


def find_links(text: str) -> list[str]:
    """Issue, PR and commit references in text, as written: URLs, ``o/r#12``, ``#12``."""
    found: list[tuple[int, str]] = []
    readers: list[tuple[re.Pattern[str], Callable[[re.Match[str]], str]]] = [
        (URL_RE, lambda m: _trim_url(m.group(0))),
        (_QUALIFIED_REF_RE, lambda m: f"{m.group(1)}#{m.group(2)}"),
        (_SHORT_REF_RE, lambda m: f"#{m.group(1)}"),
    ]
    for pattern, render in readers:
        for match in pattern.finditer(text):
            found.append((match.start(), render(match)))
        # Blank out what matched, keeping offsets, so "o/r#1" is not also read as "#1".
        text = pattern.sub(lambda m: " " * len(m.group(0)), text)
    return list(dict.fromkeys(link for _, link in sorted(found)))


def is_profile_or_mail(url: str) -> bool:
    """A link to a person (GitHub profile, mailto:), not to work."""
    return url.lower().startswith("mailto:") or bool(PROFILE_RE.fullmatch(url))


def work_links(text: str) -> list[str]:
    """Links in text that may name work: everything but links to people."""
    return [link for link in find_links(text) if not is_profile_or_mail(link)]


def is_work_link(link: str) -> bool:
    """Whether a link names an issue, PR or commit (not a dashboard or a runbook)."""
    if link.startswith("#") or ("#" in link and "://" not in link):
        return True
    return bool(_GITHUB_PATH_RE.match(urlsplit(link).path))


def normalise_link(link: str, *, repo_name: str, web_base: str | None) -> str:
    """``owner/repo#12`` or ``owner/repo@sha`` where the repository is known, else the URL.

    GitHub URLs on github.com or on ``web_base``'s host name their repository; a bare
    ``#12`` belongs to ``repo_name`` when that is an ``owner/repo`` name.
    """
    if link.startswith("#"):
        if "/" in repo_name:
            return f"{repo_name}{link}"
        return f"{web_base.rstrip('/')}/issues/{link[1:]}" if web_base else link
    if "://" not in link:
        return link
    parts = urlsplit(link)
    hosts = {"github.com", "www.github.com"}
    if web_base:
        hosts.add(urlsplit(web_base).netloc.lower())
    found = _GITHUB_PATH_RE.match(parts.path)
    if parts.netloc.lower() not in hosts or found is None:
        return link
    owner, repo, _, number, sha = found.groups()
    return f"{owner}/{repo}#{number}" if number else f"{owner}/{repo}@{sha.lower()}"


# --- anchors --------------------------------------------------------------------------


def github_anchor(heading: str, seen: dict[str, int]) -> str:
    """The anchor GitHub gives a heading: lower case, punctuation dropped, spaces to "-".

    ``seen`` counts earlier headings so a repeated heading gets "-1", "-2" as on GitHub.
    """
    slug = heading_anchor(INLINE_LINK_RE.sub(lambda m: m.group(1), heading).strip())
    count = seen.get(slug, 0)
    seen[slug] = count + 1
    return slug if count == 0 else f"{slug}-{count}"
