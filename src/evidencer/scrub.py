"""Keep secrets out of what is shown: messages, ``--debug`` tracebacks and log records.

Tokens are remembered where they are read; a server (or a proxy) that echoes one back
in an error page must not get it into a traceback someone pastes into a bug report.
"""

from __future__ import annotations

import logging
import traceback
import urllib.parse
from typing import Any

MASK = "***"
_SECRETS: set[str] = set()


def remember(secret: str | None) -> None:
    """From now on ``secret`` is masked wherever ``scrub`` runs (short values are not
    secrets worth masking: masking "a" would garble every message)."""
    if secret and len(secret) >= 8:
        _SECRETS.add(secret)


def scrub(text: str) -> str:
    for secret in _SECRETS:
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
