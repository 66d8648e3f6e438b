"""Files a change carries that nobody on the project wrote by hand: dependencies copied
into the repository (Go's ``vendor/``, ``third_party/``, ``node_modules/``, Python's
``_vendor/``), lock files a package manager writes, build output (``dist/``, minified
bundles, source maps) and generated code (a ``generated/`` folder, ``*.generated.*``,
protobuf stubs, Go's ``zz_generated`` files, an OpenAPI client's ``openapi/apis/`` and
``openapi/models/``).

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

__all__ = ["TEST_PATHS", "in_tests", "sizeless", "vendored"]

_VENDORED = re.compile(
    r"(^|/)(vendor|vendors|third[_-]?party|node_modules|bower_components|Godeps)/"
    # Python's vendored packages (pip's src/pip/_vendor/; pypa/setuptools' "Update vendoring
    # and refresh vendored packages" read "6,653 lines in 70 files", its first highlight)
    r"|(^|/)_vendor(ed)?/"
    r"|(^|/)(package-lock\.json|npm-shrinkwrap\.json|yarn\.lock|pnpm-lock\.yaml|bun\.lockb?"
    r"|Cargo\.lock|go\.sum|poetry\.lock|Pipfile\.lock|uv\.lock|pdm\.lock|composer\.lock"
    r"|Gemfile\.lock|flake\.lock|Package\.resolved|gradle\.lockfile)$"
    r"|(^|/)(generated|__generated__)/"
    # a dist folder's build output, not source kept in one (rust-lang/rustup's src/dist/,
    # its download and install code)
    r"|(^|/)dist/(?![^\n]*\.(?:rs|go|c|h|cc|cpp|hpp|java|kt|cs|swift|py|rb|php|ex|exs|scala|zig|hs)$)"
    r"|\.min\.(js|css)$|\d-min\.(js|css)$|\.(js|css)\.map$|\.generated\.[^/]+$"
    # Well-known front-end libraries copied in, by their files' whole names, as Linguist
    # lists them: Bootstrap's stylesheets and builds, jQuery, Font Awesome, normalize.css,
    # Google's prettify (encode/django-rest-framework's docs theme swap: "8,040 lines",
    # 6,832 of them Bootstrap and jQuery). Not a project's own bootstrap.js (a start-up
    # script), its Sass partials of Bootstrap's variables, a normalize.js or prettify.js of
    # its own, nor a jQuery plugin's own source.
    r"|(^|/)bootstrap(-responsive|-theme|-grid|-reboot|-utilities|-rtl)?\.css$"
    r"|(^|/)bootstrap((\.bundle|-native)([.-]v?\d[\w.]*)?|[.-]v?\d[\w.]*)\.js$"
    r"|(^|/)jquery(-ui)?([.-]\d[\w.]*)?(\.slim)?\.js$|(^|/)jquery-ui([.-]\d[\w.]*)?\.css$"
    r"|(^|/)(normalize|font-?awesome|prettify)\.css$|(^|/)prettify-\d[\w.]*\.js$"
    r"|(^|/)modernizr([.-]\d[\w.]*)?\.js$"
    r"|(^|/)zz_generated[^/]*\.go$|_generated\.go$|\.pb\.(go|cc|h)$|_pb2(_grpc)?\.pyi?$"
    # Visual Studio's designer files, Entity Framework's migration snapshots among them
    # (Kareadita/Kavita's "Sort by Average Rating", 3,657 lines, 2,844 of them one
    # *.Designer.cs), as Linguist marks them
    r"|\.designer\.(cs|vb)$"
    # openapi-generator's client layout (TandoorRecipes/recipes: "fixed api client
    # generation" was "a substantial change: 10,075 lines in 33 files")
    r"|(^|/)openapi/(apis|models)/"
    # JMH's results file, which a benchmark run writes (apache/commons-lang's LANG-1805, an
    # 84-line speed-up, carried a 3,460-line jmh-result….json)
    r"|(^|/)jmh-result[^/]*\.(json|csv|scsv|txt)$",
    re.IGNORECASE,
)

# Test suites, their helpers, fixtures and snapshots: a folder of that name anywhere, or a
# test file kept beside the code it tests.
TEST_PATHS = (
    # (git's and Perl's t/, their test scripts' .t files)
    r"(^|/)(tests?|t|testing|__tests__|spec|e2e"
    # a feature's type tests (sindresorhus/execa's test-d/), snapshots, Go's test data,
    # Jest's fixtures (pnpm's 358 files in __fixtures__/)
    r"|test-d|__snapshots__|__fixtures__|testdata"
    # Go's testscript files and a project's test helpers (gohugoio/hugo's testscripts/,
    # htesting/: "Fix --panicOnWarning", 32 lines, "reaches 3 areas"). Not hyphened: a
    # package of that name is often a product (Vue's packages/test-utils/, @ember/test-helpers)
    r"|testscripts?|[a-z]?testing|test_?utils?|test_?helpers?|test_?wrappers?|test_?runners?"
    # a build's test modules (ktorio/ktor's ktor-client-tests/, ktor-test-server/)
    r"|[\w.-]+-(?:tests?|testing|test-?server|test-?utils?|test-?fixtures?)"
    r"|fixtures)(/|$)"
    # Maven's integration tests: a build's its/ folder, maven-invoker's src/it/
    r"|^its/|(^|/)src/it/"
    # tests kept beside the code they test: hugo's hugolib/template_test.go
    r"|(^|/)((test_[^/]*|tests)\.py|[^/]*(_test\.go|_tests?\.py|_spec\.rb|\.t"
    r"|\.(test|spec)\.[cm]?[jt]sx?))$"
)
_TESTS = re.compile(TEST_PATHS, re.IGNORECASE)
# ... but not the docs or an API's description kept there ("spec/protocol.md",
# "api/spec/openapi.yaml" are specifications)
_NOT_TESTS = re.compile(
    r"\.(md|markdown|rst|adoc)$|(^|/)(openapi|swagger)[^/]*\.(ya?ml|json)$", re.IGNORECASE)


@functools.lru_cache(maxsize=1 << 16)  # a history touches the same files again and again
def vendored(path: str) -> bool:
    """Whether ``path`` is vendored code, a lock file, build output or generated code."""
    return _VENDORED.search(path) is not None


# Message catalogues: the strings of a language, which a tool rewrites whole (TandoorRecipes/
# recipes: "fixed error header trnslation" re-sorted 34 locale files, "a substantial change:
# 39,534 lines"; a feature's one new string added to 30 languages is 30 files).
_SIZELESS = re.compile(
    r"\.(?:po|pot|xlf|xliff|strings|stringsdict|ftl|arb)$"
    r"|(?:^|/)(?:locales?|i18n|l10n|translations)/(?:[^/]+/)*[^/]+\.(?:json|ya?ml|properties|resx)$"
    r"|(?:^|/)values-[a-z]{2}[^/]*/(?:strings|plurals)\.xml$"
    # ... and Qt Linguist's, named for their language in a folder of translations
    # (keepassxc's share/translations/keepassxc_en.ts, which each string changed rewrites)
    r"|(?:^|/)(?:locales?|i18n|l10n|translations)/(?:[^/]+/)*[^/]+_(?-i:[a-z]{2,3}(?:_[A-Z]{2})?)\.ts$"
    # ... and a file named for its locale in a folder of strings (mealie's
    # lang/messages/bg-BG.json; not config/tax/de-DE.yml)
    r"|(?:^|/)(?:lang|langs|messages)/(?:[^/]+/)*(?-i:[a-z]{2}[-_][A-Z]{2})\.(?:json|ya?ml)$"
    # ... and release signatures, which a new key regenerates (jqlang/jq's "Update GPG
    # signing key", 73 lines of key and 152 sig/v1.*/*.asc files: "3,975 lines")
    r"|(?:^|/)(?:sigs?|signatures?)/(?:[^/]+/)*[^/]+\.(?:asc|sig|minisig)$|\.minisig$",
    re.IGNORECASE,
)


@functools.lru_cache(maxsize=1 << 16)
def sizeless(path: str) -> bool:
    """Whether a file's lines are not the size of the work: vendored or generated (above),
    a message catalogue or a release signature. Catalogues still are the work of a
    translation, which the rubric's routine rules read by its paths."""
    return vendored(path) or _SIZELESS.search(path) is not None


_DOCS_FILES = (".md", ".mdx", ".rst", ".adoc")


def in_docs(path: str) -> bool:
    """Whether ``path`` is prose for readers: a Markdown, reStructuredText or AsciiDoc file,
    or anything under a top-level ``docs/`` or ``doc/``."""
    return path.endswith(_DOCS_FILES) or path.startswith(("docs/", "doc/"))


@functools.lru_cache(maxsize=1 << 16)
def in_tests(path: str) -> bool:
    """Whether ``path`` belongs to the test suite (TEST_PATHS above, its docs aside)."""
    return _TESTS.search(path) is not None and _NOT_TESTS.search(path) is None
