"""Keep secrets out of what is shown: messages, ``--debug`` tracebacks and log records.

Tokens are remembered where they are read; a server (or a proxy) that echoes one back
in an error page must not get it into a traceback someone pastes into a bug report.
"""

from __future__ import annotations

import base64
import json
import logging
import traceback
import urllib.parse
from collections.abc import Iterator
from typing import Any

MASK = "***"
MIN_LENGTH = 8  # masking "a" would garble every message; so short a piece reveals little
_SECRETS: set[str] = set()
# Longest first, so that no shorter piece splits a longer form; replaced whole, never
# changed in place, so a thread scrubbing while another remembers sees one or the other.
_ORDER: tuple[str, ...] = ()


def remember(secret: str | None) -> None:
    """From now on ``secret`` is masked wherever ``scrub`` runs, in every form a message
    can show it in: as it is, each of its lines, escaped by ``repr`` or JSON, and
    percent-encoded (an error about a bad header or URL quotes it so)."""
    global _ORDER
    if not secret:
        return
    new = {form for form in _forms(secret) if len(form) >= MIN_LENGTH} - _SECRETS
    if new:
        _SECRETS.update(new)
        _ORDER = tuple(sorted(_SECRETS, key=len, reverse=True))


def _forms(secret: str) -> Iterator[str]:
    for value in {secret, urllib.parse.unquote(secret)}:
        yield value
        yield from value.splitlines()
        yield from value.split()
        yield repr(value)[1:-1]
        yield ascii(value)[1:-1]
        yield repr(value.encode("utf-8", "surrogateescape"))[2:-1]
        yield json.dumps(value)[1:-1]
        yield urllib.parse.quote(value, safe="")
        yield urllib.parse.quote(value)
        yield urllib.parse.quote_plus(value)
        yield from _base64_forms(value)


def _base64_forms(secret: str) -> Iterator[str]:
    """What base64 makes of the secret wherever it sits in what is encoded: HTTP Basic
    auth quotes ``base64("x-access-token:" + token)``, and a proxy's error page may quote
    the header. The secret's characters land on one of three alignments; for each, the
    characters that only the secret's bytes decide."""
    data = secret.encode("utf-8", "surrogateescape")
    for offset in range(3):
        padded = b"\0" * offset + data
        encoded = base64.b64encode(padded).decode("ascii")
        start = 4 if offset else 0  # the first group mixes in the bytes before the secret
        end = len(encoded) - (4 if len(padded) % 3 else 0)  # the last, those after it
        for form in (encoded, encoded.replace("+", "-").replace("/", "_")):
            yield form[start:end]


def scrub(text: str) -> str:
    for secret in _ORDER:
        if secret in text:
            text = text.replace(secret, MASK)
    return text


def without_credentials(url: str) -> str:
    """``https://user:token@host/path`` -> ``https://host/path``; other text unchanged."""
    try:
        parts = urllib.parse.urlsplit(url)
    except ValueError:
        return url
    if not parts.netloc or "@" not in parts.netloc:
        return url
    remember(parts.password)
    host = parts.netloc.rsplit("@", 1)[1]
    return urllib.parse.urlunsplit(parts._replace(netloc=host))


def traceback_text(exc: BaseException) -> str:
    return scrub("".join(traceback.format_exception(exc)))


def scrub_log_records() -> None:
    """Mask remembered secrets in every log record made from now on (PyGithub logs whole
    answers at DEBUG). Installing it twice is harmless."""
    make = logging.getLogRecordFactory()
    if getattr(make, "scrubs", False):
        return

    def factory(*args: Any, **kwargs: Any) -> logging.LogRecord:
        record = make(*args, **kwargs)
        if _SECRETS:
            try:
                message = record.getMessage()
            except Exception:  # a malformed record is logging's to report, not ours
                return record
            clean = scrub(message)
            if clean != message:
                record.msg, record.args = clean, None
        return record

    factory.scrubs = True  # type: ignore[attr-defined]
    logging.setLogRecordFactory(factory)
