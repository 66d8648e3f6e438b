"""evidencer: find the work that shows product competencies and write it up.

See DESIGN.md for the flow: sources -> classify -> store -> report -> render.
"""

from __future__ import annotations


def __getattr__(name: str) -> str:
    # Looked up on use: reading package metadata costs every run a few milliseconds.
    if name == "__version__":
        from importlib.metadata import PackageNotFoundError, version

        try:
            return version("evidencer")
        except PackageNotFoundError:  # pragma: no cover - running from a source tree
            return "0.0.0+source"
    raise AttributeError(f"module 'evidencer' has no attribute {name!r}")
