"""Pure: the growth arc read from the observable scope of the work, per competency.

Each level of each competency has markers: what evidence detects it (roles, kinds, counts,
size and reach, paths such as issue templates, alerting rules or CI config others work
within) and the sentence the document shows. A title's words put an item under a
competency; they never set a level.
"""

from __future__ import annotations

import bisect
import datetime as dt
import functools
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace

from evidencer.classify.rubric import LEVELS
from evidencer.globs import combined
from evidencer.model import Classified
from evidencer.report.reviews import is_review
from evidencer.report.significance import CHANGE_KINDS, Significance, areas, lead_theme
from evidencer.vendored import in_docs, in_tests, vendored

CROSS_CUTTING_AREAS = 3  # areas of the product, not counting what comes with a change:
# ... and the docs by other names (lazygit's docs-master/, fastapi's docs_src/, task's
# website/) and the project's own scripts (lazygit's scripts/check_for_fixups.sh)
_ACCOMPANYING = re.compile(r"(?:docs?(?:[-_](?:master|main|src|site|source|content))?"
                           r"|documentation|man|benchmarks?|bench(?:es)?"
                           r"|examples?|website|scripts?)$", re.IGNORECASE)
CROSS_CUTTING_LINES = 100
MONITORING_CHANGES = 2  # error handling and degradation changes that make an investment
MAINTAINER_AREAS = 5  # merging and reviewing others' work across this many areas
MAINTAINER_ITEMS = 25  # ... and this many items of the competency: a maintainer's scope

DESIGN_DOCS = ("**/design/**", "**/designs/**", "**/rfcs/**", "rfcs/**", "**/rfc/**",
               "**/proposals/**", "**/adr/**", "**/adrs/**", "**/decisions/**", "keps/**",
               "**/keps/**", "**/tech-design/**", "**/tech-designs/**", "**/technical-design/**",
               "**/technical-designs/**", "**/*-design.md", "**/design-*.md", "**/DESIGN.md",
               "DESIGN.md")
# Deprecation notes and policies, migration and upgrade guides: documents. Not code named
# so (pnpm's `deprecate` command, whose source read as "set out deprecation and migration
# paths" for every change that touched it).
_DOCS = ("md", "mdx", "rst", "txt", "adoc")
DEPRECATION = (*(f"**/*deprecat*.{ext}" for ext in _DOCS),
               *(f"**/*deprecat*/**/*.{ext}" for ext in _DOCS),
               "**/MIGRATION*", "**/*migration-guide*", "**/UPGRADING*", "**/upgrading*")
FEEDBACK_CHANNELS = (".github/ISSUE_TEMPLATE/**", ".github/ISSUE_TEMPLATE*",
                     ".github/DISCUSSION_TEMPLATE/**", ".github/SUPPORT*", "SUPPORT*",
                     "docs/SUPPORT*", ".gitlab/issue_templates/**", "**/feedback/**")
# A dashboards folder counts by its definitions (Grafana's JSON, jsonnet, YAML): in a web
# app it is as often the product's own dashboard pages (home-assistant/frontend's
# src/panels/config/lovelace/dashboards/*.ts), which are no monitoring.
# Alerting is rules kept as configuration, not the code of a folder named for it:
# marimo's editor keeps its UI's alert banners in `components/editor/alerts/*.tsx`, which
# read "defined SLOs and alerting others rely on".
ALERTS = tuple(f"**/{folder}/**/*.{ext}" for folder in ("alerts", "alerting")
               for ext in ("yml", "yaml", "json", "jsonnet", "libsonnet", "rules", "tf",
                           "hcl"))
MONITORING = (*ALERTS, "**/*alert*.yml", "**/*alert*.yaml",
              "**/monitoring/**", "**/dashboards/**/*.json", "**/dashboards/**/*.jsonnet",
              "**/dashboards/**/*.libsonnet", "**/dashboards/**/*.yml",
              "**/dashboards/**/*.yaml", "**/prometheus*/**", "**/grafana/**",
              "**/*rules*.yml", "**/*rules*.yaml", "**/metrics/**", "**/tracing/**")
SLOS = ("**/slo/**", "**/slos/**", "**/*slo*.yml", "**/*slo*.yaml", "**/*-slo.*",
        "**/prometheus*/**/rules/**")
ALERT_RULES = (*ALERTS, "**/*alert*.yml", "**/*alert*.yaml",
               "**/*rules*.yml", "**/*rules*.yaml")
SHARED_ALERTS_LINES = 50  # an alerting-rules change this large sets rules others work within
INCIDENT_PRACTICE = ("**/runbooks/**", "**/runbook*", "**/playbooks/**", "**/oncall/**",
                     "**/on-call/**", "**/postmortem*template*", "**/postmortems/templates/**",
                     "**/incident*template*", "**/incident-response/**")
CI_GATES = (".github/workflows/**", ".gitlab-ci.yml", ".circleci/**", "Jenkinsfile",
            ".ci/**", ".buildkite/**", "azure-pipelines.yml", ".azure-pipelines/**",
            ".pipelines/**", ".travis.yml", "**/presubmit*",
            "**/prow/**", ".github/actions/**")
# Workflows that run on their own schedule or after a merge (publishing, deploying, bots
# that label, greet or close) are automation, not checks a change must pass.
NOT_GATES = tuple(f".github/workflows/*{name}*" for name in (
    "release", "publish", "deploy", "preview", "label", "latest-changes", "issue", "stale",
    "lock", "people", "sponsor", "translat", "notify", "welcome", "greet", "smokeshow",
    "auto-merge", "automerge", "dependabot", "triage", "backport", "close"))
# A change to CI that also moves the toolchain or the dependencies is their upkeep (pnpm's
# "chore: update lockfile, Node.js, and pnpm versions" was the first example of "built
# the CI gates others' changes pass through"), not a gate built.
TOOLCHAIN = ("**/package.json", "**/package-lock.json", "**/pnpm-lock.yaml", "**/yarn.lock",
             "**/*.lock", "**/go.mod", "**/go.sum", "**/Cargo.toml", "**/pyproject.toml",
             "**/requirements*.txt", "**/Gemfile", "**/composer.json", "**/.nvmrc",
             "**/.node-version", "**/.tool-versions", "**/rust-toolchain*",
             "**/.python-version", "**/gradle/libs.versions.toml")
# A CI change builds a gate when its title opens by adding, enforcing or running a check:
# three of seven managers (uv's, and two of the four before it) read "built the CI gates
# others' changes pass through" as an overreach; uv's rested on "Bump actions using Node
# 20", "Split up `ci.yml`" and runner tweaks, each routine upkeep by docs/labelling.md.
GATE_BUILT = re.compile(
    r"^(?:\S+: ?)?(?:add|adds|added|adding|introduc\w*|enforc\w*|requir\w*|run|runs|running|"
    r"enabl\w*|set(?:s|ting)? up)\b(?: [\w`\"'.-]+){0,3}? (?:checks?|gates?|lint\w*|tests?|"
    r"testing|scan\w*|audit\w*|fuzz\w*|type[- ]?check\w*|verification|validation|"
    r"changelog entr(?:y|ies)|sign-?offs?|approvals?)\b|\b(?:release-gate|gate|gates|gating)\b",
    re.IGNORECASE)
USAGE_DATA = ("**/telemetry/**", "**/analytics/**", "**/usage/**", "**/feature_flags/**",
              "**/feature-flags/**", "**/featureflags/**", "**/experiments/**")
USAGE_DOCS = ("docs/**", "doc/**", "**/docs/**", "**/doc/**", "*.md", "*.rst", "*.txt",
              "*.adoc")


# A changeset's file is named with random words (svelte's ".changeset/twenty-snakes-design.md"):
# what its name says is no design document, deprecation or runbook. Nor does a docs site's
# snapshot of its pages for a release (woodpecker-ci's "Create Docs for v3.14.0" copied
# versioned_docs/version-3.14/…/40-deprecations.md and read "set out deprecation and
# migration paths").
RANDOM_NAMES = (".changeset/**", "**/.changeset/**", "**/versioned_docs/**",
                "versioned_docs/**")
MARKER_GLOBS = tuple(dict.fromkeys((
    *FEEDBACK_CHANNELS, *INCIDENT_PRACTICE, *CI_GATES, *USAGE_DATA,
    *MONITORING, *SLOS, *ALERT_RULES, *DESIGN_DOCS, *DEPRECATION,
)))


@dataclass(frozen=True)
class Work:
    """One item as the markers see it."""

    entry: Classified
    sig: Significance
    roles: tuple[str, ...]

    @functools.cached_property
    def change(self) -> bool:
        return self.entry.evidence.kind in CHANGE_KINDS

    def theme(self, competency: str) -> str:
        for match in self.entry.matches:
            if match.competency == competency:
                return lead_theme(match, self.entry.evidence)
        return ""

    # Every competency's markers ask the same item about the same glob sets: answered once.
    seen: dict[tuple[str, ...], float] = field(default_factory=dict, compare=False, repr=False)

    @functools.cached_property
    def product_areas(self) -> tuple[str, ...]:
        """The areas of the product a change reaches: the docs, benchmarks and examples
        that come with a feature make it well rounded, not cross-cutting."""
        return tuple(a for a in self.sig.areas if not _ACCOMPANYING.match(a))

    @functools.cached_property
    def in_marker_folders(self) -> bool:
        """Whether any path is in any marker's folders: most paths are in none."""
        return any(_in_marker_folders(p) for p in self.entry.evidence.paths)

    @functools.cached_property
    def removes(self) -> bool:
        """Whether the change only takes away (a template deleted, a workflow retired): it
        tends what others work within, it builds nothing. A change that replaces a long
        script with a tool's two lines still builds."""
        item = self.entry.evidence
        return item.deletions > 0 and item.additions == 0

    @property
    def mostly_removed(self) -> bool:
        """Whether at least three quarters of the change's lines were deleted: templates
        cut down to close a channel (squidfunk/mkdocs-material's discussion templates,
        60 lines deleted and 12 added, read "built the channels users report through")."""
        return self.sig.removed > 0

    def touches(self, globs: Sequence[str], unless: Sequence[str] = ()) -> bool:
        return self._share(globs, unless) > 0

    def mostly(self, globs: Sequence[str], unless: Sequence[str] = ()) -> bool:
        """Whether at least half of the item's files are in ``globs``: a change about that
        practice, not one that edits it on the way ("Fixes for Pyright" that also adds a
        line to the test workflow)."""
        return self._share(globs, unless) >= 0.5

    def _share(self, globs: Sequence[str], unless: Sequence[str] = ()) -> float:
        """The share of the item's files that ``globs`` match and ``unless`` does not."""
        key = globs if isinstance(globs, tuple) else tuple(globs)
        if not self.in_marker_folders and _covered(key):
            return 0.0
        but = (*unless, *RANDOM_NAMES)
        slot = (*key, "|", *but)
        known = self.seen.get(slot)
        if known is None:
            either, neither = _any_of(key), _any_of(but) if but else None
            paths = [p.removeprefix("./") for p in self.entry.evidence.paths]
            hits = sum(1 for p in paths
                       if either.match(p) and not (neither and neither.match(p)))
            known = self.seen[slot] = hits / len(paths) if paths else 0.0
        return known


@functools.lru_cache(maxsize=64)
def _covered(globs: tuple[str, ...]) -> bool:
    return set(globs) <= set(MARKER_GLOBS)


@functools.lru_cache(maxsize=64)
def _any_of(globs: tuple[str, ...]) -> re.Pattern[str]:
    return combined(globs)


@functools.lru_cache(maxsize=1 << 16)  # a history touches the same files again and again
def _in_marker_folders(path: str) -> bool:
    return _any_of(MARKER_GLOBS).match(path.removeprefix("./")) is not None


@dataclass(frozen=True)
class Scope:
    """What a competency's markers read: the person's own work in it, all their own work
    (routine upkeep too: CI gates are no competency's keyword), and what they merged or
    reviewed of others' work in it."""

    competency: str
    own: Sequence[Work]
    everything: Sequence[Work]
    maintained: Sequence[Classified]
    # repository -> when its releases were tagged, oldest first (ReportInput.releases)
    releases: Mapping[str, Sequence[dt.datetime]] = field(default_factory=dict)


@dataclass(frozen=True)
class Found:
    """A marker that holds: its sentence and the items behind it. An empty sentence holds
    for the items' levels and is not shown (it would repeat a line above it). ``named``:
    how many of the first items the sentence speaks of, where the rest only hold their
    level (0: any of them)."""

    level: str
    marker: str
    sentence: str
    evidence: tuple[Work, ...]
    named: int = 0


Detect = Callable[[Scope], "Found | None"]


def _plural(n: int, one: str, many: str | None = None) -> str:
    """``1 change``, ``2 changes``; ``many`` when adding an s is wrong."""
    return f"{n} {one if n == 1 else (many or one + 's')}"


def _found(level: str, marker: str, sentence: str, works: Sequence[Work]) -> Found | None:
    return Found(level, marker, sentence, tuple(works)) if works else None


def _strongest(works: Sequence[Work]) -> list[Work]:
    """Strongest first; a subject that says nothing ("small fix") after the rest, as it
    names no example a reader can follow."""
    return sorted(works, key=lambda w: (w.sig.vague, -w.sig.value, w.entry.evidence.id))


def _reports(scope: Scope) -> Found | None:
    works = [w for w in scope.own if w.sig.closes or (
        w.entry.evidence.kind == "issue" and ("assignee" in w.roles or "author" not in w.roles))]
    # an issue and the change that closed it are one report
    reports = {r for w in works for r in w.sig.closes} | {
        w.entry.evidence.ref or w.entry.evidence.id for w in works
        if w.entry.evidence.kind == "issue"}
    # Users, when GitHub said a user outside the team opened one or the person answered
    # an issue; else only that something was reported (an offline run knows no reporter:
    # yt-dlp's document said "fixed what users reported" beside "24 issues not counted
    # here", which needed GitHub to say who opened them).
    by_users = any(w.sig.users_closed or w.entry.evidence.kind == "issue" for w in works)
    who = "users" if by_users else "was"
    return _found("awareness", "user-reports",
                  f"fixed what {who} reported: {_plural(len(reports), 'report')} closed",
                  _strongest(works))


def _docs(scope: Scope) -> Found | None:
    works = [w for w in scope.own if w.change and w.theme(scope.competency) == "errors-docs"]
    return _found("awareness", "docs-errors",
                  f"wrote docs and error messages for users ({_plural(len(works), 'change')})",
                  _strongest(works))


def _fixes(scope: Scope) -> Found | None:
    # The rules' fixes and the model's claims (no theme), which the action marker counts
    # as fixes too (caddy read "fixed 2 bugs" above "shipped 7 fixes"); not the rules'
    # resilience, tests or incident work.
    works = [w for w in scope.own if w.change and (
        w.theme(scope.competency) in ("fixes", "") or w.sig.closes)]
    # ... and those of code the person had changed in the days before said apart, as what
    # they may be: a fix of their own work before any release. Four managers read "fixed
    # N bugs in shipped work" over such fixes (linkding's "Fix web component
    # initialization timing", the day after "Convert behaviors to web components"; dozzle's,
    # wallabag's, authelia's). A fix that closes a reported issue was shipped.
    fresh, by_release = _fixes_of_fresh_work(works, scope.everything, scope.releases)
    shipped = len(works) - len(fresh)
    # said as each was judged: by the releases (bruno's maintainer fixed a month of his
    # workspaces' code before the release that first shipped it), or by the days before
    if not by_release:
        days = f"changed in the {FRESH.days} days before"
    elif by_release == len(fresh):
        days = "changed since its last release"
    else:
        days = f"changed since its last release or in the {FRESH.days} days before"
    if not fresh:
        said = f"fixed {_plural(shipped, 'bug')} in shipped work"
    elif shipped:
        # the shipped ones last, where the examples follow and are theirs (filebrowser's
        # "…, and 3 in code of yours … (fix(auth): reject signup …)" read as if the
        # examples were those 3)
        said = (f"fixed {_plural(len(fresh), 'bug')} in code of yours {days}, and "
                f"{shipped} in shipped work")
    else:
        said = f"fixed {_plural(len(fresh), 'bug')} in code of your own {days}"
    apart = {id(w) for w in fresh}
    found = _found("awareness", "fixes", said,
                   [*_strongest([w for w in works if id(w) not in apart]), *_strongest(fresh)])
    return replace(found, named=shipped) if found and fresh and shipped else found


FRESH = dt.timedelta(days=3)  # a fix this soon after the person changed its code
# A release this recent before a fix says what had shipped; an older last release says the
# project releases from other branches (AdGuardHome's tags HEAD reaches end in 2021)
RELEASED_WITHIN = dt.timedelta(days=180)
# ... and the person's changes of at most this long before the fix are read: a file is
# coarse, and a fix of its old lines months after a change to its new ones fixes shipped code
UNRELEASED_WITHIN = dt.timedelta(days=30)
SWEEP = 100  # files a change touches past which it is a sweep, no work a fix finishes
_MECHANICAL = re.compile(r"formatting|lint|bump|lock file|release|translation|typo|licen[cs]e"
                         r"|comments|docstrings|type hints", re.IGNORECASE)


def _fixes_of_fresh_work(
    fixes: Sequence[Work], everything: Sequence[Work],
    releases: Mapping[str, Sequence[dt.datetime]],
) -> tuple[list[Work], int]:
    """The fixes whose code (not tests, docs or vendored files) the person's other changes,
    not fixes, had all changed since the repository's last release before the fix (where
    one was tagged within RELEASED_WITHIN of it, and in the UNRELEASED_WITHIN before the
    fix), else in the FRESH days before, and that close no reported issue; and how many of
    those were judged by releases."""
    dated = sorted((w.entry.evidence.date, i, w) for i, w in enumerate(everything)
                   if w.change)
    times = [d for d, _, _ in dated]
    # ... changed by work other than fixes: a fix after a fix of one file is as often a
    # second bug shipped (linkding's "Fix missing tags causing errors in import with
    # Postgres", beside that morning's "Fix normalized URL not being generated in bookmark
    # import", both of 1.43.0's)
    # ... nor a sweep that touched most of the code, nor mechanical upkeep ("style: run
    # black" over 200 files made every fix of the days after read as fresh)
    fixing = {id(w) for w in fixes} | {
        id(w) for w in everything if len(w.entry.evidence.paths) > SWEEP
        or (w.entry.routine and _MECHANICAL.search(w.entry.routine[0]))}
    found: list[Work] = []
    by_release = 0
    for work in fixes:
        item = work.entry.evidence
        if work.sig.closes:
            continue
        code = {p for p in item.paths if _is_code(p)}
        if not code:
            continue
        released = _last_release(releases.get(item.repo, ()), item.date)
        # (a change of the release's own second is in it)
        start = bisect.bisect_right(times, max(released, item.date - UNRELEASED_WITHIN)) \
            if released is not None else bisect.bisect_left(times, item.date - FRESH)
        end = bisect.bisect_left(times, item.date)
        touched = {p for _, _, other in dated[start:end] if id(other) not in fixing
                   and other.entry.evidence.repo == item.repo
                   for p in other.entry.evidence.paths}
        if code <= touched:  # all of the code it fixes, the person's unreleased work
            found.append(work)
            by_release += released is not None
    return found, by_release


def _last_release(times: Sequence[dt.datetime], before: dt.datetime) -> dt.datetime | None:
    """The last release tagged before ``before``, if within RELEASED_WITHIN of it."""
    at = bisect.bisect_left(times, before)
    if not at or before - times[at - 1] > RELEASED_WITHIN:
        return None
    return times[at - 1]


def _is_code(path: str) -> bool:
    return not (in_tests(path) or vendored(path) or in_docs(path) or path.endswith(_CONFIG))


_CONFIG = (".txt", ".json", ".yml", ".yaml", ".lock", ".toml")


def _closing(works: Sequence[Work]) -> str:
    """", closing 3 reported issues": the issues, as the paragraph at a glance counts them
    ("42 reported issues closed"); counting the changes that close one, hugo's read "30
    asked for in issues" there."""
    asked = len({r for w in works for r in w.sig.closes})
    return f", closing {_plural(asked, 'reported issue')}" if asked else ""


def _shipped_value(scope: Scope) -> Found | None:
    works = [w for w in scope.own if w.change]
    if _shipped_features(scope) is None:
        return _found("awareness", "shipped",
                      f"shipped {_plural(len(works), 'change')} users get{_closing(works)}",
                      _strongest(works))
    # Beneath the features shipped, not the same changes counted again (hanami's, rspec's
    # and ky's read "shipped 9 changes users get" above "shipped 9 features or
    # improvements"): what users asked for, where they did; else no line, though every
    # change still reads at this level (an empty sentence: build.py shows no such line)
    asking = [w for w in works if w.sig.closes]
    asked = len({r for w in asking for r in w.sig.closes})
    said = (f"closed {_plural(asked, 'reported issue')} with "
            f"{_plural(len(asking), 'change')} users get") if asked else ""
    rest = [w for w in works if not w.sig.closes]
    found = _found("awareness", "shipped", said, [*_strongest(asking), *_strongest(rest)])
    # ... naming only changes that close one (anyio's and nuxt's "closed 1 reported issue
    # with 1 change" named two)
    return replace(found, named=len(asking)) if found and asking else found


def _shipped_features(scope: Scope) -> Found | None:
    return _shipped(scope, what=("feature or improvement", "features or improvements"),
                    minimum=2)


def _shipped(scope: Scope, *, what: tuple[str, str], minimum: int) -> Found | None:
    works = [w for w in scope.own if w.change and not w.sig.small and not w.sig.revert]
    if len(works) < minimum and not any(w.sig.outcomes for w in works):
        return None
    stated = sum(1 for w in works if w.sig.outcomes)
    tail = (f"; {stated} {'states' if stated == 1 else 'state'} a measured outcome"
            if stated else "")
    n = len({a for w in works for a in w.sig.areas})
    where = f" in {_plural(n, 'area')}" if n > 1 else ""
    # pdm read "fixed 34 bugs" above "shipped 12 stability changes": say what was left out
    few = sum(1 for w in scope.own if w.change and w.sig.small and not w.sig.revert)
    size = f", and {few} more of a few lines" if few else ""
    # The examples follow "…; 2 state a measured outcome": those that do come first
    # (junegunn/fzf's two examples there stated none).
    examples = sorted(_strongest(works), key=lambda w: stated > 0 and not w.sig.outcomes)
    return _found("action", "shipped",
                  f"shipped {_plural(len(works), *what)}{where}{size}{tail}", examples)


def _triage(scope: Scope) -> Found | None:
    works = [w for w in scope.own if w.entry.evidence.kind == "comment"]
    if len(works) < 3:
        return None
    return _found("action", "triage",
                  f"answered users in {_plural(len(works), 'report thread')}", works)


def _incident_help(scope: Scope) -> Found | None:
    works = [w for w in scope.own if w.sig.incident == "helped"]
    return _found("action", "on-call",
                  f"took part in {_plural(len(works), 'incident response')}", works)


def _incident_lead(scope: Scope) -> Found | None:
    works = [w for w in scope.own if w.sig.incident == "led"]
    return _found("strategy", "incident-lead",
                  f"led {_plural(len(works), 'incident')} and wrote up what changed", works)


def _cross_cutting(scope: Scope) -> Found | None:
    works = [w for w in scope.own if w.change and not w.sig.revert
             and len(w.product_areas) >= CROSS_CUTTING_AREAS
             and w.sig.lines >= CROSS_CUTTING_LINES]
    if not works:
        return None
    # Counted as each item's own line counts them (docs and examples too), so the two agree.
    widest = max(len(w.sig.areas) for w in works)
    reach = f"the widest across {widest}" if len(works) > 1 else f"across {widest}"
    # The example named first is the widest the sentence speaks of.
    ranked = _strongest(works)
    first = next(w for w in ranked if len(w.sig.areas) == widest)
    return _found("strategy", "cross-cutting",
                  f"made {_plural(len(works), 'cross-cutting change')}, {reach} areas",
                  [first, *(w for w in ranked if w is not first)])


# Upkeep of another kind that edits a practice's files on the way: golangci-lint's "chore:
# prepare release", which updates the issue templates' version list beside the changelog,
# read twice as "built the channels users report through".
_OTHER_CHORES = frozenset({"release chore", "dependency or tool bump",
                           "dependency lock file update",
                           "changelog or release-notes bookkeeping"})


def _chore(work: Work) -> bool:
    routine = work.entry.routine
    return bool(routine) and routine[0] in _OTHER_CHORES


def _paths(level: str, marker: str, globs: Sequence[str], sentence: str, *,
           everything: bool = False, minimum: int = 1, min_lines: int = 0,
           unless: Sequence[str] = (), apart: Sequence[str] = (),
           titled: re.Pattern[str] | None = None,
           untitled: Callable[[str], bool] | None = None, builds: bool = False) -> Detect:
    """``apart``: a change that touches any of these is about something else; ``titled``:
    only a change whose title says this counts; ``untitled``: a change whose title this
    holds for does not; ``builds``: a change that mostly takes away (three quarters of its
    lines deleted) does not count."""
    def detect(scope: Scope) -> Found | None:
        pool = scope.everything if everything else scope.own
        # A change of a few lines (a version bump in a workflow, a reworded template) is
        # upkeep of what others work within, not building it: it never counts here, nor
        # does taking it away. Read from all work, routine included, a change counts only
        # when it is mostly about the practice: otherwise every change that edits a
        # workflow on the way adds up.
        works = [w for w in pool if w.change and not w.sig.revert and not w.sig.small
                 and not w.removes and not _chore(w) and not (builds and w.mostly_removed)
                 and (w.mostly(globs, unless) if everything else w.touches(globs, unless))
                 and not (apart and w.touches(apart))
                 and (titled is None or titled.search(w.entry.evidence.title) is not None)
                 and (untitled is None or not untitled(w.entry.evidence.title))]
        if len(works) < minimum or sum(w.sig.lines for w in works) < min_lines:
            return None
        return _found(level, marker, sentence.format(n=len(works),
                      changes=_plural(len(works), "change")), _strongest(works))
    return detect


def _monitoring(scope: Scope) -> Found | None:
    works = [w for w in scope.own if w.change and not w.sig.revert and (
        w.touches(MONITORING) or (w.theme(scope.competency) == "resilience"
                                  and (len(w.sig.areas) >= 2 or w.sig.lines >= 100)))]
    # "Pushing for investment in monitoring, error handling and graceful degradation":
    # monitoring built once is that; error handling takes more than one change (click's
    # "Validate `style()` color arguments" alone read as the senior level).
    monitored = any(w.touches(MONITORING) for w in works)
    if not monitored and len(works) < MONITORING_CHANGES:
        return None
    # Monitoring named only where it was built (ky's seven retry and hook changes read
    # "invested in monitoring", and none touched any)
    what = "monitoring, error handling" if monitored else "error handling"
    return _found("strategy", "monitoring",
                  f"invested in {what} and graceful degradation "
                  f"({_plural(len(works), 'change')})", _strongest(works))


def _slos(scope: Scope) -> Found | None:
    # Not CI's own files by their names: prettier's "Add test for `--debug-benchmark` flag",
    # its workflows alone (eslint-rules.yml among them), read "defined SLOs and alerting
    # others rely on".
    works = [w for w in scope.everything if w.change and not w.sig.revert and not w.sig.small and (
        w.touches(SLOS, CI_GATES)
        or (w.touches(ALERT_RULES, CI_GATES) and w.sig.lines >= SHARED_ALERTS_LINES))]
    return _found("organization", "slos",
                  f"defined SLOs and alerting others rely on ({_plural(len(works), 'change')})",
                  _strongest(works))


def _outcomes(scope: Scope) -> Found | None:
    works = [w for w in scope.own if w.sig.outcomes]
    if len(works) < 3:
        return None
    return _found("strategy", "measured",
                  f"measured the outcome of {_plural(len(works), 'change')}", _strongest(works))


def _maintainer(what: str) -> Detect:
    def detect(scope: Scope) -> Found | None:
        reach = {
            a for e in scope.maintained for a in (areas(e.evidence.paths) or (e.evidence.repo,))
        }
        if len(reach) < MAINTAINER_AREAS or len(scope.maintained) < MAINTAINER_ITEMS:
            return None
        # what the person did to them: keepassxc's maintainer landed 38 fixes and reviewed
        # none that the history shows, and read as having "merged and reviewed" them
        reviewed = sum(1 for e in scope.maintained if is_review(e))
        done = "merged and reviewed" if 0 < reviewed < len(scope.maintained) \
            else "reviewed" if reviewed else "merged"
        return Found("organization", "maintainer",
                     f"{done} others' {what} across {len(reach)} areas "
                     f"({_plural(len(scope.maintained), 'item')})", ())
    return detect


_DESIGN = _paths("strategy", "design-docs", DESIGN_DOCS, "wrote design documents ({changes})")
# A new version of a platform supported, with a line in the upgrade guide's compatibility
# table (wagtail's "Formalize Python 3.14 support", "Formalize support for Django 6.1",
# each cited as "set out deprecation and migration paths"): no path set out
_VERSION_SUPPORTED = re.compile(r"\bsupport\w*\b.{0,40}\d|\d\b.{0,20}\bsupport\w*\b",
                                re.IGNORECASE)
# ... not support taken away, which is the path set out ("Add upgrade guide for dropping
# Python 3.8 support")
_SUPPORT_ENDS = re.compile(r"\b(drop\w*|remov\w*|deprecat\w*|end\w*|sunset\w*|migrat\w*"
                           r"|upgrade guide)\b", re.IGNORECASE)


def _supports_a_version(title: str) -> bool:
    return bool(_VERSION_SUPPORTED.search(title)) and not _SUPPORT_ENDS.search(title)


_deprecation = _paths("strategy", "deprecation", DEPRECATION,
                      "set out deprecation and migration paths ({changes})",
                      untitled=_supports_a_version)

MARKERS: dict[str, tuple[Detect, ...]] = {
    "customer-empathy": (
        _reports, _docs,
        lambda s: _shipped(s, what=("change for users' problems", "changes for users' problems"),
                           minimum=3),
        _triage,
        _cross_cutting, _DESIGN, _deprecation,
        # (not a workflow that acts on the reports: pnpm's "ci: post to Discord when an
        # issue is labeled regression", two lines of an issue form and a new workflow,
        # alerts the team; it had read as this level)
        _paths("organization", "feedback-channels", FEEDBACK_CHANNELS,
               "built the channels users report through: issue templates and support "
               "pages ({changes})", everything=True, min_lines=30, apart=CI_GATES,
               builds=True),
        _maintainer("user-facing work"),
    ),
    "customer-value": (
        _shipped_value, _shipped_features,
        _cross_cutting, _outcomes, _DESIGN, _deprecation,
        # No marker for the release process: release scripts and workflows are upkeep
        # (docs/labelling.md), and the competency text's organization level is about what
        # keeps teams close to users (usage data, planning), not how a project ships
        # (anki's "Create release wheel as part of normal build" read as organization).
        # (not a command's usage documented: borg's docs/usage/*.rst, its reference)
        _paths("organization", "usage-data", USAGE_DATA,
               "built usage data and experiment tooling teams decide with ({changes})",
               everything=True, min_lines=50, unless=USAGE_DOCS),
        _maintainer("features and improvements"),
    ),
    "product-stability": (
        _fixes,
        lambda s: _shipped(s, what=("stability change", "stability changes"), minimum=3),
        _incident_help, _incident_lead, _monitoring, _cross_cutting, _DESIGN,
        _paths("organization", "incident-practice", INCIDENT_PRACTICE,
               "shaped incident and postmortem practice: runbooks and templates "
               "({changes})", everything=True, min_lines=50),
        _slos,
        _paths("organization", "ci-gates", CI_GATES,
               "built the CI gates others' changes pass through ({changes})",
               everything=True, minimum=5, min_lines=300, unless=NOT_GATES,
               apart=TOOLCHAIN, titled=GATE_BUILT),
        _maintainer("fixes and stability work"),
    ),
}
# A rubric with competencies of its own gets markers read from scope alone.
GENERIC: tuple[Detect, ...] = (
    lambda s: _found("awareness", "shipped", f"{_plural(len(s.own), 'item')} of evidence",
                     _strongest(s.own)),
    lambda s: _shipped(s, what=("substantial change", "substantial changes"), minimum=3),
    _incident_lead, _cross_cutting, _DESIGN, _maintainer("work"),
)


def growth_arc(scope: Scope) -> list[Found]:
    """Every marker that holds for the competency, lowest level first."""
    found = [f for detect in MARKERS.get(scope.competency, GENERIC) if (f := detect(scope))]
    return sorted(found, key=lambda f: LEVELS.index(f.level))


def item_levels(found: Sequence[Found]) -> dict[str, str]:
    """Each item's highest level among the markers that cite it."""
    out: dict[str, str] = {}
    for marker in found:
        for work in marker.evidence:
            known = out.get(work.entry.evidence.id)
            if known is None or LEVELS.index(marker.level) > LEVELS.index(known):
                out[work.entry.evidence.id] = marker.level
    return out
