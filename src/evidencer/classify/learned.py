"""The learned judgement: a small linear model, shipped in the package, that scores what the
rubric's explicit rules leave open, and says which words, paths and labels moved it.

Features are plain strings (``t:crash``, ``p:docs``, ``l:bug``): the model file maps each
to one weight per competency, so inference is a few dictionary look-ups and the evidence
behind a claim can be named in words. No download, no third-party code, offline.
"""

from __future__ import annotations

import functools
import gzip
import itertools
import json
import math
import re
from collections.abc import Iterable, Mapping, Sequence
from importlib import resources
from pathlib import Path
from typing import Any, NamedTuple

from evidencer.classify.titles import CONVENTIONAL, TAGS, words_read
from evidencer.errors import ConfigError
from evidencer.vendored import vendored

FORMAT = "evidencer-linear@1"
MODEL_NAME = "competencies.json.gz"
# Kinds the model was trained on: authored pull requests, and the commits that are them.
# Reviews, comments, issues and postmortems stay with the rubric alone.
MODELLED_KINDS = frozenset({"pull_request", "commit"})
BODY_CHARS = 1200  # the first part of a description says what the change is for
MAX_PATHS = 60

_WORD = re.compile(r"(?<![\w#-])[a-z][a-z0-9_']*")
_REF = re.compile(r"(?:#|\bgh-)\d")
# 'Revert "fix: x"', 'revert: feat: x', 'Reapply "x"': the words after are the reverted
# change's, not this one's.
_REVERT = re.compile(r"^\s*(?:\S+: ?)?(?:(?:partial(?:ly)? )?revert(?:s|ed|ing)?\b\s*[:\"']"
                     r"|reapply\s+\")", re.IGNORECASE)
# Bracketed tags ("[docs] ...") and scope prefixes ("Action: ...", "io: ..."); numpy-style
# tags and conventional commits are titles.py's, shared with the rules.
_BRACKET = re.compile(r"^\s*\[([^\]]{1,30})\]")
_SCOPE = re.compile(r"^\s*([\w./-]{1,30}(?: [\w./-]{1,20})?):\s")
_COMMENT = re.compile(r"<!--.*?(?:-->|$)", re.S)
_FENCE = re.compile(r"```.*?(?:```|$)", re.S)
_URL = re.compile(r"https?://\S+")
_TRAILER = re.compile(
    r"^(?:co-authored-by|signed-off-by|reviewed-by|acked-by|tested-by|cc|change-id):.*$",
    re.I | re.M,
)
_SQUASH_LINE = re.compile(r"^\* .*$", re.M)
# The subject's first word after its tags, type, scope, brackets or issue key: "Add",
# "Fix", "Document". A verb that opens the subject says what the change does more surely
# than the same word further on ("Add --poll option" against "… and add docs"): held out,
# Customer Value found 282 of 523 against 270 at the same precision, and routine upkeep
# quiet went from 1,721 to 1,734 of 1,889 (seeds 1-3: value +16 to +18).
_LEAD_WORD = re.compile(
    r"^\s*(?:[^\w\s\[(]+\s*)?(?:(?:\[[^\]]{1,30}\]|\([^)]{1,30}\)|[\w./-]{1,30}(?:\([^)]{0,40}\))?!?:"
    r"|[A-Z]{2,8}(?:\s*[,/+]\s*[A-Z]{2,8})+:|[A-Z][A-Z0-9]{1,9}-\d+[:,]?)\s*)*"
    r"([A-Za-z][a-z]+)\b")

# Tag words mapped to the conventional type they mean (the rubric's commit_types, built in
# so that the model does not change when a user's rubric does).
_TYPES = {
    "bug": "fix", "bugfix": "fix", "fix": "fix", "hotfix": "fix", "enh": "feat",
    "feat": "feat", "feature": "feat", "new": "feat", "api": "feat", "doc": "docs",
    "docs": "docs", "tst": "test", "test": "test", "tests": "test", "perf": "perf",
    "maint": "chore", "mnt": "chore", "chore": "chore", "dev": "chore", "sty": "style",
    "style": "style", "bld": "build", "build": "build", "ci": "ci", "rel": "release",
    "release": "release", "rev": "revert", "revert": "revert", "dep": "deprecate",
    "typ": "typing", "bench": "bench", "sec": "security", "refactor": "refactor",
    "deps": "deps", "translation": "i18n", "i18n": "i18n", "l10n": "i18n",
    # the same tags spelled out ("Enhancement: x", "Documentation: y")
    "enhancement": "feat", "improvement": "feat", "features": "feat", "fixes": "fix",
    "fixed": "fix", "documentation": "docs", "performance": "perf",
}
# Gitmoji (gitmoji.dev) a subject may start with, as the word it stands for.
_GITMOJI = {
    "\U0001f41b": "bug", "\u2728": "feat", "\U0001f4dd": "docs", "\U0001f4d6": "docs",
    "\U0001f4d4": "docs", "\U0001f310": "translation", "\u2b06": "deps",
    "\u267b": "refactor", "\U0001f527": "chore", "\U0001f477": "ci", "\u2705": "test",
    "\u26a1": "perf", "\U0001f512": "sec", "\U0001f484": "ui", "\U0001f525": "remove",
    "\U0001f3a8": "style", "\U0001f465": "people", "\U0001f516": "release",
    "\U0001f691": "hotfix", "\u23ea": "revert", "\U0001f6a8": "lint",
    "\U0001f4a5": "breaking", "\U0001f50a": "logs", "\U0001f9ea": "test",
    "\U0001f371": "assets", "\u267f": "a11y", "\U0001f4ac": "text", "\U0001f4a1": "comments",
    "\U0001f3d7": "architecture", "\U0001f6b8": "ux", "\U0001f4c8": "analytics",
    "\U0001f44c": "review", "\U0001f64f": "thanks",
}
_I18N_DIRS = frozenset({"locales", "locale", "lang", "langs", "i18n", "l10n", "translations",
                        "po"})
_LANGUAGE_DIR = re.compile(r"^[a-z]{2}(?:[-_][a-z]{2,4})?$")
_DOC_DIRS = frozenset({"doc", "docs", "documentation", "examples", "example", "guide",
                       "guides", "tutorial", "tutorials", "site", "website"})
_TEST_DIRS = frozenset({"test", "tests", "testing", "spec", "__tests__", "testdata", "regress"})
_CI = ("github", "circleci", "ci", "gitlab-ci.yml", "azure-pipelines.yml", "travis.yml",
       "appveyor.yml", "pre-commit-config.yaml")
_DEPS = frozenset({"pyproject.toml", "setup.py", "setup.cfg", "package.json", "go.mod",
                   "go.sum", "cargo.toml", "cargo.lock", "pipfile", "pipfile.lock",
                   "package-lock.json", "yarn.lock", "pnpm-lock.yaml", "poetry.lock",
                   "uv.lock", "gemfile", "gemfile.lock", "pom.xml", "build.gradle"})
_CHANGELOG = ("changes", "changelog", "history", "news", "release", "whatsnew")
_CHANGELOG_DIRS = frozenset({"changelog", "changelog.d", "changes", "newsfragments",
                             "upcoming_changes", "release", "releases", "release-notes",
                             "release_notes", "whatsnew"})


def clean_body(body: str) -> str:
    """The part of a description that says what the change does: no template comments,
    code blocks, links, trailers or the list of squashed commits. (A template's
    first-person checklist stays: left out, the model lost two right Customer Empathy
    claims held out and its cut rose from 0.52 to 0.55; the rules leave it out.)"""
    if not body:
        return ""
    text = body[: BODY_CHARS * 3]
    if "<!--" in text:
        text = _COMMENT.sub(" ", text)
    if "```" in text:
        text = _FENCE.sub(" ", text)
    if "://" in text:
        text = _URL.sub(" ", text)
    if ":" in text:
        text = _TRAILER.sub(" ", text)
    squashed = _SQUASH_LINE.findall(text)
    if len(squashed) >= 2 and text.lstrip().startswith("* "):
        text = _SQUASH_LINE.sub(" ", text)  # a squash merge's list of its commits
    return text[:BODY_CHARS]


def words(text: str) -> list[str]:
    """Lower-case words, numbers left out (``#123`` and ``gh-123`` are ``refs``)."""
    return _WORD.findall(text.lower())


def title_tags(title: str) -> list[str]:
    """The project's own tags on a subject: ``BUG, TST: x`` -> tag:bug, type:fix, tag:tst,
    type:test; ``fix(io)!: x`` -> tag:fix, type:fix, scope; ``Action: x`` -> scope; a
    gitmoji (``🐛 x``) -> its type."""
    found: list[str] = []
    first = title.lstrip()[:1]
    if first and first in _GITMOJI:
        found += [f"tag:{_GITMOJI[first]}", f"type:{_TYPES.get(_GITMOJI[first], 'other')}"]
        return found
    tags = TAGS.match(title)
    if tags:
        for tag in re.split(r"\s*[,/+]\s*", tags.group("tags").lower()):
            found.append(f"tag:{tag}")
            if tag in _TYPES:
                found.append(f"type:{_TYPES[tag]}")
        return found
    conventional = CONVENTIONAL.match(title)
    if conventional and conventional.group("type").lower() in _TYPES:
        kind = conventional.group("type").lower()
        found += [f"tag:{kind}", f"type:{_TYPES[kind]}"]
        if conventional.group("scope"):
            found += ["scoped", *(f"scope:{w}" for w in words(conventional.group("scope")))]
        if conventional.group("bang"):
            found.append("breaking")
        return found
    bracket = _BRACKET.match(title)
    if bracket:
        for word in words(bracket.group(1)):
            found.append(f"tag:{word}")
            if word in _TYPES:
                found.append(f"type:{_TYPES[word]}")
        return found
    scope = _SCOPE.match(title)
    if scope:
        found += ["scoped", *(f"scope:{w}" for w in words(scope.group(1)))]
    return found


def path_kind(path: str) -> str:
    """What a changed file is: docs, tests, ci, deps, changelog, i18n (translations),
    bench, typing or source."""
    low = path.lower()
    parts = low.split("/")
    name = parts[-1]
    dirs = parts[:-1]
    if (dirs and dirs[0].lstrip(".") in _CI[:3]) or name.lstrip(".") in _CI[3:] \
            or name in ("tox.ini", "noxfile.py", "makefile"):
        return "ci"
    if name in _DEPS or name.startswith(("requirements", "constraints")) \
            or name.endswith(".lock") or "requirements" in dirs or vendored(path):
        return "deps"
    if (name.startswith(_CHANGELOG) and not dirs) or any(d in _CHANGELOG_DIRS for d in dirs):
        return "changelog"
    if any(d in _I18N_DIRS for d in dirs) or (
            len(dirs) >= 2 and dirs[0] in _DOC_DIRS and dirs[1] != "en"
            and _LANGUAGE_DIR.match(dirs[1])):
        return "i18n"
    if any(d in _TEST_DIRS for d in dirs) or name.startswith("test_") \
            or name.endswith(("_test.py", "_test.go", "_test.c", "_test.cc", "_test.cpp",
                              "_unittest.cc", "conftest.py")) \
            or ".test." in name or ".spec." in name:
        return "tests"
    if any(d in ("benchmarks", "bench", "benchmark") for d in dirs):
        return "bench"
    if any(d in _DOC_DIRS for d in dirs) or name.endswith((".md", ".rst", ".adoc", ".txt")) \
            or name in ("mkdocs.yml", "mkdocs.yaml"):  # the docs site's nav
        return "docs"
    if name.endswith(".pyi"):
        return "typing"
    return "source"


def features(
    title: str, body: str, paths: Sequence[str], labels: Sequence[str],
    *, kind: str = "pull_request", roles: Sequence[str] = (), rules: Sequence[str] = (),
) -> list[str]:
    """Every feature of an item, each once, in a stable order; ``rules`` are the ids of
    the default rubric's rules that fire on it (``rule_ids`` in classify.py)."""
    out: list[str] = ["bias"]
    out += [f"r:{rule}" for rule in rules]
    title = words_read(title)
    revert = _REVERT.match(title)
    title_words = words(revert.group(0) if revert else title)
    out += [f"t:{w}" for w in title_words]
    out += [f"t:{a}_{b}" for a, b in itertools.pairwise(title_words)]
    out += title_tags(title) if not revert else ["type:revert"]
    lead = _LEAD_WORD.match(title)
    if lead and not revert:
        out.append(f"lead:{lead.group(1).lower()}")
    if _REF.search(title):
        out.append("t:#ref")
    text = clean_body(body)
    if text.strip():
        body_words = words(text)
        out += [f"b:{w}" for w in body_words]
        out += [f"b:{a}_{b}" for a, b in itertools.pairwise(body_words)]
        if _REF.search(text):
            out.append("b:#ref")
    else:
        out.append("body:empty")
    kinds: set[str] = set()
    for path in paths[:MAX_PATHS]:
        what, named = _path_features(path)
        kinds.add(what)
        out += named
    if paths:
        count = len(paths)
        out.append("n:1" if count == 1 else "n:2-3" if count <= 3 else
                   "n:4-10" if count <= 10 else "n:11+")
        out += [f"any:{k}" for k in sorted(kinds)]
        if len(kinds) == 1:
            out.append(f"only:{next(iter(kinds))}")
    else:
        out.append("n:0")
    for label in labels:
        low = label.lower().strip()
        out.append(f"l:{low}")
        out += [f"lw:{w}" for w in words(low) if w != "0"]
    if kind not in ("pull_request", "commit"):
        out.append(f"kind:{kind}")
    out += [f"role:{r}" for r in roles if r != "author"]
    return list(dict.fromkeys(out))


@functools.lru_cache(maxsize=1 << 15)  # a history touches the same files again and again
def _path_features(path: str) -> tuple[str, tuple[str, ...]]:
    parts = path.lower().split("/")
    named = [f"p:{d}" for d in parts[:-1]]
    name = parts[-1]
    dot = name.rfind(".")
    if dot > 0:
        named.append(f"x:{name[dot + 1:]}")
    named += [f"f:{w}" for w in words(name[:dot] if dot > 0 else name)]
    return path_kind(path), tuple(named)


class Judgement(NamedTuple):
    """The model's view of one competency for one item: ``shown``, it claims it;
    ``keeps``, a claim of the rubric's word rules may stand. (A named tuple: three are made
    for every item judged, and a tuple is made faster than a frozen dataclass.)"""

    competency: str
    probability: float
    shown: bool
    keeps: bool = False
    # the item's features, and what those a reader can take as evidence push towards it
    features: Sequence[str] = ()
    pushes: Mapping[str, float] = {}  # the model's, read, never changed

    def __repr__(self) -> str:  # the features and the model's weights are not its story
        return (f"Judgement(competency={self.competency!r}, probability={self.probability!r},"
                f" shown={self.shown!r}, keeps={self.keeps!r})")

    @property
    def evidence(self) -> tuple[str, ...]:
        """Features that pushed towards the competency, strongest first (worked out only
        when a claim or ``explain`` needs them)."""
        get = self.pushes.get
        pushes = sorted(
            ((w, name) for name in self.features if (w := get(name)) is not None),
            key=lambda pair: (-pair[0], pair[1]),
        )
        return tuple(name for _, name in pushes[:6])

    def reason(self, item_paths: Sequence[str] = ()) -> str:
        """``model (0.91): words 'crash', 'segfault'; path 'src/io/'``."""
        return f"model ({self.probability:.2f}): {describe(self.evidence, item_paths)}"


class LinearModel:
    """A linear model over string features, calibrated per competency: one-vs-rest
    logistic regression (``link: logistic``), or one softmax over the competencies and
    "none" (``link: softmax``: the competencies compete, so work that reads like a bug
    fix is not also claimed as a feature on the same words).

    ``threshold`` is on the calibrated probability: a claim needs at least that much.
    """

    def __init__(self, data: Mapping[str, Any], *, source: str) -> None:
        if data.get("format") != FORMAT:
            raise ConfigError(f"{source}: not an evidencer model ({FORMAT})")
        self.source = source
        self.competencies: tuple[str, ...] = tuple(data["competencies"])
        size = len(self.competencies)
        self.weights: dict[str, tuple[float, ...]] = {
            name: tuple(values) for name, values in data["weights"].items()
        }
        self.platt: tuple[tuple[float, float], ...] = tuple(
            (float(a), float(b)) for a, b in data["platt"]
        )
        self.thresholds: tuple[float, ...] = tuple(float(t) for t in data["thresholds"])
        # How likely (at least) the model must find a competency for a claim of the
        # rubric's word rules to stand; above 1: the model alone decides.
        self.keep: tuple[float, ...] = tuple(
            float(k) for k in data.get("keep") or [2.0] * len(self.competencies))
        self.meta: dict[str, Any] = dict(data.get("meta") or {})
        self.link = str(data.get("link") or "logistic")
        if self.link not in ("logistic", "softmax"):
            raise ConfigError(f"{source}: unknown link {self.link!r} (logistic, softmax)")
        # How often the rubric's explicit rules (labels, paths) were right, per competency,
        # on the labelled corpus: the confidence of a claim they decide.
        # Whether the default rubric's rule firings are features (a rubric changed since
        # training then needs the model retrained: scripts/train_model.py).
        self.uses_rules = bool(data.get("uses_rules"))
        self.rule_confidence: dict[str, float] = {
            str(k): float(v) for k, v in (data.get("rule_confidence") or {}).items()
        }
        self._columns: list[tuple[str, tuple[float, float], float, float, dict[str, float]]] = []
        if len(self.platt) != size or len(self.thresholds) != size \
                or len(self.keep) != size or any(
            len(w) != size for w in self.weights.values()
        ):
            raise ConfigError(f"{source}: model weights do not match its competencies")
        # each competency's claim cut, by id (how near an unclaimed item came: combine.py)
        self.cuts = dict(zip(self.competencies, self.thresholds, strict=True))

    @classmethod
    def load(cls, path: Path) -> LinearModel:
        try:
            data = json.loads(gzip.decompress(path.read_bytes()))
        except (OSError, ValueError) as exc:
            raise ConfigError(f"{path}: cannot read the model: {exc}") from exc
        return cls(data, source=str(path))

    def scores(self, feats: Iterable[str]) -> list[float]:
        """Log-odds per competency before calibration (for a softmax model, of that
        competency against all the other outcomes)."""
        weights = self.weights
        totals = [0.0] * len(self.competencies)
        for name in feats:
            found = weights.get(name)
            if found is not None:
                for index, value in enumerate(found):
                    totals[index] += value
        return softmax_logits(totals) if self.link == "softmax" else totals

    def probabilities(self, feats: Iterable[str]) -> list[float]:
        pairs = zip(self.scores(feats), self.platt, strict=True)
        return [_sigmoid(a * s + b) for s, (a, b) in pairs]

    def judge(
        self, title: str, body: str, paths: Sequence[str], labels: Sequence[str],
        *, kind: str = "pull_request", roles: Sequence[str] = (), rules: Sequence[str] = (),
    ) -> tuple[Judgement, ...]:
        """The model's view per competency (its evidence worked out when asked for)."""
        feats = features(title, body, paths, labels, kind=kind, roles=roles,
                         rules=rules if self.uses_rules else ())
        found = [w for w in map(self.weights.get, feats) if w is not None]
        margins = list(map(sum, zip(*found, strict=True))) if found \
            else [0.0] * len(self.competencies)
        if self.link == "softmax":
            margins = softmax_logits(margins)
        out = []
        for margin, (competency, (a, b), cut, keep, pushes) in zip(
                margins, self._columns or self._columns_of(), strict=True):
            probability = _sigmoid(a * margin + b)
            out.append(Judgement(competency, probability, probability >= cut,
                                 probability >= keep, feats, pushes))
        return tuple(out)

    def _columns_of(self) -> list[tuple[str, tuple[float, float], float, float, dict[str, float]]]:
        """Per competency, what ``judge`` reads of it, gathered on the first judgement: its
        calibration, cut and keep, and the features a reader can take as evidence
        (``_telling``) that push towards it, with their weights."""
        self._columns = [
            (competency, self.platt[index], self.thresholds[index], self.keep[index],
             {name: weights[index] for name, weights in self.weights.items()
              if weights[index] > 0 and _telling(name)})
            for index, competency in enumerate(self.competencies)
        ]
        return self._columns


# Words too common to tell a reader anything, however the model weighs them.
_STOPWORDS = frozenset({
    "a", "an", "and", "are", "as", "at", "be", "by", "for", "from", "has", "have", "if",
    "in", "into", "is", "it", "its", "of", "on", "or", "so", "that", "the", "then", "this",
    "to", "was", "were", "when", "where", "which", "while", "with", "without",
})


def _telling(name: str) -> bool:
    """Whether a feature makes sense to a reader as evidence (not the bias, not a rubric
    rule, which the reasons name already, not a stop word or a pair of them)."""
    if name == "bias" or name.startswith("r:"):
        return False
    where, _, value = name.partition(":")
    if where in ("t", "b"):
        return not all(w in _STOPWORDS for w in value.split("_"))
    return True


def describe(evidence: Sequence[str], paths: Sequence[str] = ()) -> str:
    """Features in a reader's words: ``words 'crash', 'memory leak'; path 'src/io/'``."""
    groups: dict[str, list[str]] = {}
    for name in evidence[:4]:
        where, _, value = name.partition(":")
        if where in ("t", "b"):
            groups.setdefault("words", []).append(f"'{value.replace('_', ' ')}'")
        elif where in ("tag", "type"):
            groups.setdefault("tag", []).append(f"'{value}'")
        elif where in ("l", "lw"):
            groups.setdefault("label", []).append(f"'{value}'")
        elif where in ("p", "x", "f", "any", "only"):
            groups.setdefault("path", []).append(_path_words(where, value, paths))
        elif where == "scope":
            groups.setdefault("scope", []).append(f"'{value}'")
        elif where == "lead":
            groups.setdefault("shape", []).append(f"opens with '{value}'")
        elif name == "scoped":
            groups.setdefault("shape", []).append("a scope prefix")
        elif name == "body:empty":
            groups.setdefault("shape", []).append("no description")
        elif where == "n":
            groups.setdefault("shape", []).append(f"{value} files changed")
        else:
            groups.setdefault("other", []).append(f"'{name}'")
    if not groups:
        return "no single strong sign"
    parts = []
    for group, values in groups.items():
        values = list(dict.fromkeys(values))
        noun = group if group in ("words", "other", "shape") or len(values) == 1 else group + "s"
        parts.append(f"{noun} {', '.join(values)}" if group != "shape" else ", ".join(values))
    return "; ".join(parts)


def _path_words(where: str, value: str, paths: Sequence[str]) -> str:
    if where == "p":
        for path in paths:
            parts = path.split("/")
            for index, part in enumerate(parts[:-1]):
                if part.lower() == value:
                    return f"'{'/'.join(parts[:index + 1])}/'"
        return f"'{value}/'"
    if where == "x":
        return f"'*.{value}'"
    if where == "f":
        return f"file '{value}'"
    if where == "only":
        return f"only {value} files"
    return f"{value} files"


def softmax_logits(margins: Sequence[float]) -> list[float]:
    """For margins of a softmax over the competencies and "none" (margin 0), each
    competency's log-odds against every other outcome: s_c - log(1 + sum of e^s_j, j != c).
    """
    if len(margins) == 3:  # the shipped model's: the same sums, written out
        m0, m1, m2 = margins
        exp = math.exp
        t0, t1, t2 = max(0.0, m1, m2), max(0.0, m0, m2), max(0.0, m0, m1)
        return [m0 - t0 - math.log(exp(-t0) + (exp(m1 - t0) + exp(m2 - t0))),
                m1 - t1 - math.log(exp(-t1) + (exp(m0 - t1) + exp(m2 - t1))),
                m2 - t2 - math.log(exp(-t2) + (exp(m0 - t2) + exp(m1 - t2)))]
    out = []
    for index, margin in enumerate(margins):
        others = [*margins[:index], *margins[index + 1:]]
        top = max([0.0, *others])
        rest = math.exp(-top) + sum([math.exp(m - top) for m in others])
        out.append(margin - top - math.log(rest))
    return out


def _sigmoid(value: float) -> float:
    if value >= 0:
        return 1.0 / (1.0 + math.exp(-value))
    exp = math.exp(value)
    return exp / (1.0 + exp)


_SHIPPED: list[LinearModel | None] = []


def model_for(classifier: str, kind: str) -> LinearModel | None:
    """The model that judges an item of ``kind``, or None: ``classifier: rules``, a kind
    the model never saw, or a build without a model."""
    if classifier != "model" or kind not in MODELLED_KINDS:
        return None
    return shipped_model()


def shipped_model() -> LinearModel | None:
    """The model in the package, read once; None when this build ships none."""
    if not _SHIPPED:
        ref = resources.files("evidencer") / "models" / MODEL_NAME
        try:
            data = json.loads(gzip.decompress(ref.read_bytes()))
        except FileNotFoundError:
            _SHIPPED.append(None)
        else:
            _SHIPPED.append(LinearModel(data, source=f"<shipped model {MODEL_NAME}>"))
    return _SHIPPED[0]
