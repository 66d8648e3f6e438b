"""Files a change carries that nobody on the project wrote by hand: dependencies copied
into the repository (Go's ``vendor/``, ``third_party/``, ``node_modules/``), lock files a
package manager writes, build output (``dist/``, minified bundles, source maps) and
generated code (a ``generated/`` folder, ``*.generated.*``, protobuf stubs, Go's
``zz_generated`` files, an OpenAPI client's ``openapi/apis/`` and ``openapi/models/``).

Their lines are not the size of the work: a one-line fix that re-vendors a library is not a
26,000-line change, a reworded docstring that regenerates 14,000 lines of type definitions
is not either, and ``vendor/`` is not an area of the product. GitHub's Linguist treats the
same files as vendored or generated (and collapses them in pull request diffs); this is
the common core of its lists. What a repository marks so in its own ``.gitattributes``
the git source reads as well (sources/git/attributes.py).
"""

from __future__ import annotations

import functools
import re

__all__ = ["vendored"]

_VENDORED = re.compile(
    r"(^|/)(vendor|vendors|third[_-]?party|node_modules|bower_components|Godeps)/"
    r"|(^|/)(package-lock\.json|npm-shrinkwrap\.json|yarn\.lock|pnpm-lock\.yaml|bun\.lockb?"
    r"|Cargo\.lock|go\.sum|poetry\.lock|Pipfile\.lock|uv\.lock|pdm\.lock|composer\.lock"
    r"|Gemfile\.lock|flake\.lock|Package\.resolved|gradle\.lockfile)$"
    r"|(^|/)(dist|generated|__generated__)/"
    r"|\.min\.(js|css)$|\.(js|css)\.map$|\.generated\.[^/]+$"
    r"|(^|/)zz_generated[^/]*\.go$|_generated\.go$|\.pb\.(go|cc|h)$|_pb2(_grpc)?\.pyi?$"
    # openapi-generator's client layout (TandoorRecipes/recipes: "fixed api client
    # generation" was "a substantial change: 10,075 lines in 33 files")
    r"|(^|/)openapi/(apis|models)/",
    re.IGNORECASE,
)


@functools.lru_cache(maxsize=1 << 16)  # a history touches the same files again and again
def vendored(path: str) -> bool:
    """Whether ``path`` is vendored code, a lock file, build output or generated code."""
    return _VENDORED.search(path) is not None
