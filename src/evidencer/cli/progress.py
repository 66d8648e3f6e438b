"""What a long run shows on stderr while it works: one progress line, redrawn in place.

The core reports ``(what, done, total)``; this draws it, on a terminal only. Warnings
logged meanwhile print above the line, so the two never run into each other.
"""

from __future__ import annotations

import contextlib
import logging
import shutil
import threading
from collections.abc import Iterator
from typing import TextIO

BAR_WIDTH = 20


def is_terminal(stream: TextIO) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):  # no isatty, or closed
        return False


class ProgressBar:
    """``GitHub: merged pull requests [#######-------------] 412/1200`` on one line.

    Disabled, it draws nothing, and notes are plain lines. Thread-safe: workers log
    warnings while the main thread draws.
    """

    def __init__(
        self, stream: TextIO, *, enabled: bool, label: str = "GitHub", columns: int | None = None
    ) -> None:
        self.stream = stream
        self.enabled = enabled
        self.label = label
        # One column short of the width: a line that fills it wraps on some terminals,
        # and a wrapped line cannot be redrawn in place.
        self.columns = (columns or shutil.get_terminal_size(fallback=(80, 24)).columns) - 1
        self._shown = ""  # what is on the line now
        self._last = ""  # the latest line, redrawn after a note
        self._lock = threading.Lock()

    def __call__(self, what: str, done: int, total: int) -> None:
        if not self.enabled:
            return
        line = self.render(what, done, total)
        with self._lock:
            self._last = line
            self._draw(line)

    def render(self, what: str, done: int, total: int) -> str:
        fraction = min(1.0, done / total) if total > 0 else 0.0
        filled = round(fraction * BAR_WIDTH)
        bar = "#" * filled + "-" * (BAR_WIDTH - filled)
        return f"{self.label}: {what} [{bar}] {done}/{total}"[: max(1, self.columns)]

    def note(self, line: str) -> None:
        """A whole line of its own (a warning), printed above the progress line."""
        with self._lock:
            if self.enabled and self._shown:
                self._erase()
                self.stream.write(line + "\n")
                self._draw(self._last)
            else:
                self.stream.write(line + "\n")
            self.stream.flush()

    def clear(self) -> None:
        """Leave the line empty: what is printed next starts at its beginning."""
        with self._lock:
            if self._shown:
                self._erase()
                self.stream.flush()
            self._last = ""

    def __enter__(self) -> ProgressBar:
        return self

    def __exit__(self, *exc: object) -> None:
        self.clear()

    def _draw(self, line: str) -> None:
        if line == self._shown:
            return
        padding = " " * max(0, len(self._shown) - len(line))
        self.stream.write("\r" + line + padding)
        self.stream.flush()
        self._shown = line

    def _erase(self) -> None:
        self.stream.write("\r" + " " * len(self._shown) + "\r")
        self._shown = ""


class _WarningLines(logging.Handler):
    """Warnings the core logs, as ``evidencer: warning: ...`` lines above the bar."""

    def __init__(self, bar: ProgressBar, *, quiet: bool) -> None:
        super().__init__(logging.WARNING)
        self.bar = bar
        self.quiet = quiet

    def emit(self, record: logging.LogRecord) -> None:
        if self.quiet:
            return
        try:
            self.bar.note(f"evidencer: warning: {record.getMessage()}")
        except Exception:  # a broken stderr must not break the run
            self.handleError(record)


@contextlib.contextmanager
def showing_progress(
    stream: TextIO, *, quiet: bool, logger: str = "evidencer"
) -> Iterator[ProgressBar]:
    """A bar for the span of a collection, drawn only when ``stream`` is a terminal and not
    ``quiet``; the ``logger``'s warnings meanwhile become one-line notes (none when quiet).
    The line is cleared on the way out, errors included, so an error starts a clean line.
    """
    bar = ProgressBar(stream, enabled=not quiet and is_terminal(stream))
    handler = _WarningLines(bar, quiet=quiet)
    target = logging.getLogger(logger)
    target.addHandler(handler)
    try:
        with bar:
            yield bar
    finally:
        target.removeHandler(handler)
