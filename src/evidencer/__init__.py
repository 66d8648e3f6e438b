"""evidencer: find the work that shows product competencies and write it up.

See DESIGN.md for the flow: sources -> classify -> store -> report -> render.
"""

from __future__ import annotations

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("evidencer")
except PackageNotFoundError:  # pragma: no cover - running from a source tree
    __version__ = "0.0.0+source"
