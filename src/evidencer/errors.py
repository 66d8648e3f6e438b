"""The one family of errors the core raises; the CLI turns each into a one-line message.

Every message names what was wrong (file and line, option, repository) and what to do.
"""

from __future__ import annotations

import signal
from collections.abc import Callable
from types import FrameType

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


class Terminated(KeyboardInterrupt):
    """SIGTERM, raised where SIGINT raises KeyboardInterrupt: both stop a run the same
    clean way (store transactions rolled back, no half-written file), exit 143."""


_stops: list[type[KeyboardInterrupt]] = []  # the signals a run was sent, in order


def on_signal(signum: int, frame: FrameType | None) -> None:
    """SIGINT and SIGTERM: recorded, then raised where the run is.

    The record is what makes a stop sure. Python runs a handler wherever the main thread
    is, and an exception raised inside a weakref callback or a ``__del__`` (the import
    system's lock clean-up is one) is printed as "Exception ignored" and lost: the run
    would go on and finish as if never stopped. ``stop_if_signalled`` raises it again
    before anything is committed."""
    stop = Terminated if signum == signal.SIGTERM else KeyboardInterrupt
    _stops.append(stop)
    raise stop


def stop_if_signalled() -> None:
    """Raise the stop a signal asked for, if its own exception was lost on the way: called
    before a store transaction commits and before a written file replaces the old one."""
    if _stops:
        raise _stops[0]()


def forget_signals() -> None:
    """A new command starts unstopped (commands run one after another in one process
    under tests)."""
    _stops.clear()
