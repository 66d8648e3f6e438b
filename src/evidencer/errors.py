"""The one family of errors the core raises; the CLI turns each into a one-line message.

Every message names what was wrong (file and line, option, repository) and what to do.
"""

from __future__ import annotations

from collections.abc import Callable

Warn = Callable[[str], None]  # where a warning goes: the terminal, the document, a list


def shown(value: str) -> str:
    """``value`` quoted for a message, cut at 40 characters (a 5,000-digit number)."""
    return repr(value if len(value) <= 40 else f"{value[:40]}…")


def reason(exc: BaseException) -> str:
    """An exception's message as one short clause: Python's integer-digits limit goes on
    to say how to lift it ("...; use sys.set_int_max_str_digits()"), which is not ours."""
    return " ".join(str(exc).split(";")[0].split())[:200] or type(exc).__name__


class EvidencerError(Exception):
    """A handled failure: shown to the user as one line, exit code 1."""


class ConfigError(EvidencerError):
    """A config or rubric file that cannot be used; the message names file and line."""


class GitError(EvidencerError):
    """git refused or failed; the message names the repository, ``said`` is all git wrote
    on stderr (its first line can be about something else: a partial clone's fetch)."""

    def __init__(self, message: str, *, said: str = "") -> None:
        super().__init__(message)
        self.said = said or message


class GitHubError(EvidencerError):
    """The GitHub API failed in a way retries could not fix."""


class TemplateError(EvidencerError):
    """A template that cannot be found or rendered."""
