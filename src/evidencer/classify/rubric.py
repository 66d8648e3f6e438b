"""The competencies and the rules that recognise them, loaded from a YAML rubric.

Knowledge lives in the rubric file (the default ships as package data), not in code.
"""

from __future__ import annotations

import dataclasses
import functools
import re
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

from evidencer.classify.linear import Regex, UnsupportedRegex
from evidencer.classify.titles import words_read
from evidencer.errors import ConfigError
from evidencer.globs import combined
from evidencer.model import KINDS, ROLES, Evidence
from evidencer.yamlfile import (
    Located,
    check_keys,
    expect_mapping,
    glob_list,
    load_yaml,
    string_list,
)

DEFAULT_RUBRIC = "product-excellence"
LEVELS = ("awareness", "action", "strategy", "organization")
MAX_NUMBER = 10**6  # a weight, threshold or count: a rubric's are single digits
_CONDITIONS = (
    "labels", "title", "body", "text", "paths", "types", "kinds", "roles",
    "author_association", "all_paths", "impact", "advisory", "unless_title", "unless_body",
    "unless_text",
)
_REGEX_KEYS = ("title", "body", "text", "unless_title", "unless_body", "unless_text")
_RULE_KEYS = ("id", "weight", "reason", "theme", "level", "decides", *_CONDITIONS)
_COMPETENCY_KEYS = (
    "id", "name", "description", "threshold", "themes", "rules", "suggestions", "min_items",
)
_TOP_KEYS = ("name", "description", "version", "threshold", "commit_types", "levels",
             "routine", "competencies")
# A security advisory's id: a registered fact, like a stated outcome, not a keyword. CVE
# and GitHub's GHSA, and the ecosystems' own databases that OSV gathers: Go's
# (GO-2026-4394), RustSec's, PyPI's.
ADVISORY = re.compile(r"\b(CVE-\d{4}-\d{4,}|GHSA(?:-[23456789cfghjmpqrvwx]{4}){3}"
                      r"|GO-\d{4}-\d{4,}|RUSTSEC-\d{4}-\d{4,}|PYSEC-\d{4}-\d{2,})\b",
                      re.IGNORECASE)
# Regexes run over at most this much text (RE2 is linear in it: this bounds the constant).
MAX_TEXT = 20_000
# A gitmoji before a subject ("🐛 Fix x", "⬆️ Bump y", ":sparkles: Add z") is the project's
# tag, as "fix:" is: the rules read the subject after it, so "^(\S+: ?)?(bump|fix)…"
# holds for both. The model reads the gitmoji itself (learned.title_tags).
_GITMOJI = re.compile(
    r"^\s*(?:(?:[\u2190-\u2bff\U0001f000-\U0001faff][\ufe0f\u200d]*)+|:[a-z0-9_+-]+:)\s*")


# An issue tracker's key before the subject is a reference, not the subject: JetBrains'
# "KTOR-9331 Curl: Fix segfaults …", "[PROJ-12] Add …", "ABC-7: …" (an upper-case project
# key, a dash, a number). Names that look like one are not keys: UTF-8, SHA-256, PEP-8.
_ISSUE_KEY = re.compile(
    r"^(?:\[?(?!(?:UTF|UCS|SHA|MD|PEP|RFC|ISO|HTTP|TLS|SSL|CVE|CWE|ES|AES|RSA|ECMA|ARM|X|CP"
    r"|WIN|IPV|PR|MR|GH)-)[A-Z][A-Z0-9]{1,9}-\d+\]?[:,]?\s+)+")
_KEY_STARTS = frozenset("[ABCDEFGHIJKLMNOPQRSTUVWXYZ")
# Bitbucket Server's squash and merge subjects: AdGuardHome's "Pull request 2580: upd-all"
# (a dependency bump under its branch's name, read as nothing the rules know)
_FORGE_PREFIX = re.compile(r"^Pull request #?\d+:\s+")
# The release branch a change was made for, before its subject: laravel's "[10.x] Add …",
# nats-server's "(2.14) [FIXED] …". Where it goes, not what it is; nor is the day it was
# made for (etcd's "[2025-11-19] Manual dependency bump", a bump read as nothing).
_BRANCH_MARK = re.compile(r"^[(\[](?:\d+(?:\.(?:\d+|x))+|\d{4}-\d\d-\d\d)[)\]]\s+")
# The issue a commit answers, before its subject: pocketbase's "[#7759] added shift+click
# bulk selection", bat's "#2592: Fixes unit tests …". The reference, not the subject; the
# rules read the verb after it, as the model does (learned.title_tags).
_ISSUE_REF = re.compile(r"^(?:[(\[]#\d+[)\]]|#\d+\b)[:,.]?(?:\s+[-\u2013\u2014])?\s+")
# A Go-style module path names a package, and its words are the package's name: pocketbase's
# "swapped github.com/go-ozzo/ozzo-validation with github.com/pocketbase/ozzo-validation" was
# its fourth highlight, error handling for the word "validation". Not a URL (its scheme
# kept, so "Fixes https://github.com/o/r/issues/1" still names an issue).
_MODULE_PATH = re.compile(
    r"(?<![/\w.:-])(?:[a-z0-9-]+\.)+(?:com|org|io|net|dev|in|co|me|sh|so|app|cloud|gov|edu)"
    r"/[\w./@~+-]*", re.IGNORECASE)


@functools.lru_cache(maxsize=64)  # read again for each rule that fired, and the model's types
def rule_title(title: str) -> str:
    """The title as the rubric's rules read it: bounded, a leading gitmoji, release branch
    mark, issue reference, a forge's "Pull request N:" and issue tracker keys left out, a
    module path read as "module", an adjective joined to its noun ("fixed_size")."""
    title = title[:MAX_TEXT]
    if not title[:1].isascii() or title.startswith((" ", ":")):
        title = _GITMOJI.sub("", title, count=1) or title
    if title[:1] in "([#":
        title = _BRANCH_MARK.sub("", title, count=1) or title
        title = _ISSUE_REF.sub("", title, count=1) or title
    if title.startswith("Pull request "):
        title = _FORGE_PREFIX.sub("", title, count=1) or title
    if title[:1] in _KEY_STARTS:
        title = _ISSUE_KEY.sub("", title, count=1) or title
    if "/" in title:
        title = _MODULE_PATH.sub("module", title)
    return words_read(title)


# An email address, as trailers write them ("Co-authored-by: Name
# <12345+login@users.noreply.github.com>"): its words are a mailbox's, not the work's.
# A bot's name in brackets is part of its address ("41898282+github-actions[bot]@…").
_ADDRESS = re.compile(r"[\w.+\[\]-]+@[\w-]+(?:\.[\w-]+)+")


# A pull request template's attestations, ticked or not: "- [ ] I am happy for maintainers
# to push small adjustments to this PR, to speed up the review cycle" (atuin's, in 124 of
# its maintainer's descriptions, read as performance work), "- [x] I have added tests".
# The person who opened it speaks in the first person; a task list of the change's own
# steps ("- [x] Add CSV export") stays. Lines a message wrapped go with their item.
_ATTESTATION = re.compile(
    r"^[ \t]*[-*+] \[[ xX]\][ \t]+I(?:'m|'ve|'d|’m|’ve|’d)?\b.*"
    r"(?:\n(?![ \t]*(?:[-*+] |\d{1,3}[.)] |#|\|)|[ \t]*$).*)*",
    re.MULTILINE,
)


def _without_attestations(body: str) -> str:
    """``body`` without its template's first-person checklist items."""
    if "[ ] I" not in body and "[x] I" not in body and "[X] I" not in body:
        return body
    return _ATTESTATION.sub("", body)


@functools.lru_cache(maxsize=64)  # read again for each rule whose reasons are told
def rule_body(body: str) -> str:
    """The description as the rubric's rules read it: bounded, its email addresses left
    out. traefik's co-authored squashes carry "<…@users.noreply.github.com>", whose
    "users" had read as a revert that says whom it hurt (``revert-for-users``), so the
    routine ``revert`` rule let the revert through, claimed as Product Stability. Nor
    a template's first-person checklist (_without_attestations)."""
    body = _without_attestations(body[:MAX_TEXT])
    return _ADDRESS.sub("", body) if "@" in body else body


PRIVATE_FORK = "merged from a GitHub security advisory's private fork"


# Where a body's sentence (or list entry) begins: the text before an advisory id from
# there must say the work answers it.
_SENTENCE_START = re.compile(r"[.!?]\s|\n\s*\n|\n\s*[-*+]\s")
_ANSWERS = re.compile(r"\b(?:fix|address|resolv|patch|mitigat|remediat|clos|harden)\w*",
                      re.IGNORECASE)
# A description that speaks of the security problem itself (sinatra quoting the report it
# answers, "CVE ID: CVE-2024-21510"): an advisory it names is the one the work is about.
_SECURITY_TALK = re.compile(
    r"\b(?:vulnerab\w*|exploit\w*|attack\w*|harden\w*|insecure"
    r"|security (?:report|fix|issue|problem|hole|bug))\b", re.IGNORECASE)


# A description that says the work is no security fix, whatever advisory it cites (libuv's
# "win: fix path size calculation": "Does not appear to be a security issue because …",
# "Refs: …/GHSA-…", a highlight that "addressed" the advisory).
_NOT_SECURITY = re.compile(
    r"(?:\bnot|n't|\*\*not\*\*)\s+"
    r"(?:(?:appear|seem|believed|considered|thought|really)\s+(?:to\s+be\s+)?)?"
    r"(?:an?\s+|any\s+)?security\s+(?:issue|fix|problem|bug|vulnerability|hole|concern)"
    r"|\bno\s+security\s+(?:impact|implications?|issue|concern|risk)",
    re.IGNORECASE,
)


# An advisory cited as the precedent followed (nodejs/undici: "This fix limits the number
# of content-encodings to 5, matching the approach used by urllib3 (GHSA-…), curl
# (CVE-…)"): another project's, which the work did not answer.
_PRECEDENT = re.compile(
    r"\b(?:used by|as in|like|similar to|same as|matching|following|inspired by|as done)\b",
    re.IGNORECASE)


def answered_advisory(body: str) -> re.Match[str] | None:
    """The first advisory the body says the work answers: the sentence before it says
    so ("This fixes GHSA-…", "additional hardening against …/GHSA-…"), or the body speaks
    of the vulnerability. One cited as background is not claimed: mdBook's "Ref: -
    …/GHSA-…" under a colour fix, "SSLv3 after POODLE / CVE-2014-3566" in a TLS fix."""
    if _NOT_SECURITY.search(body):  # libuv: "Does not appear to be a security issue"
        return None
    talks: bool | None = None
    for found in ADVISORY.finditer(body):
        starts = [m.end() for m in _SENTENCE_START.finditer(body, 0, found.start())]
        start = starts[-1] if starts else 0
        if _PRECEDENT.search(body, start, found.start()):
            continue  # another project's advisory, the approach followed
        if _ANSWERS.search(body, start, found.start()):
            return found
        if talks is None:
            talks = _SECURITY_TALK.search(body) is not None
        if talks:
            return found
    return None


# A dependency or toolchain update's description quotes the release notes of what it
# updates, and their advisories are that project's (dependabot's "Bumps urllib3 from 2.0.6
# to 2.0.7", Renovate's "update dependency next to v15.4.9 [security]", docker/compose's
# "update to go1.26.4", a deps scope): only its title's advisory is the update's.
_UPDATE = re.compile(r"\b(?:bump|bumps|bumped|bumping|update|updates|updated|updating|upgrade"
                     r"|upgrades|upgraded|upgrading|pin|pins|pinned|pinning)\b|\bdeps?\b"
                     r"|\bdependenc|\[security\]|@\^?\d", re.IGNORECASE)


def advisory_of(item: Evidence) -> str | None:
    """Why an item fixes a security advisory (the ``advisory`` condition), or None: the
    advisory id its title names, the private fork GitHub merged the fix from, or the
    advisory its description says it fixes (wagtail's "Enforce HTML escaping of all
    confirmation / warning / error messages", "Fixes GHSA-p4v8-rw59-93cq": a stored XSS,
    claimed as clearer error messages), not in a dependency update's."""
    title = item.title[:MAX_TEXT]
    named = ADVISORY.search(title) if "-" in title else None  # every id has a dash
    if named:
        return f"names security advisory {advisory_name(named.group(1))}"
    if item.facts.private_fork:
        return PRIVATE_FORK
    body = item.body[:4000]
    if "-" in body and ADVISORY.search(body) and not _UPDATE.search(title) \
            and (answered := answered_advisory(body)) is not None:
        return f"says it fixes security advisory {advisory_name(answered.group(1))}"
    return None


def advisory_name(found: str) -> str:
    """An advisory id as its database writes it: CVE-2024-37891, GHSA-34jh-p97f-mpxf,
    GO-2026-4394, RUSTSEC-2024-0006."""
    upper = found.upper()
    return f"GHSA{found[4:].lower()}" if upper.startswith("GHSA") else upper


@dataclass(frozen=True)
class Rule:
    """All of a rule's conditions must hold for it to fire; each list is any-of."""

    id: str
    weight: float = 1.0
    reason: str | None = None
    theme: str | None = None
    level: str | None = None
    labels: tuple[str, ...] = ()
    title: Regex | None = None
    body: Regex | None = None
    text: Regex | None = None
    # The rule fires only if these do NOT match: RE2 has no lookahead, so "a perf change
    # unless it says fix" is a condition of its own instead of ^(?!.*fix).
    unless_title: Regex | None = None
    unless_body: Regex | None = None
    unless_text: Regex | None = None
    paths: tuple[str, ...] = ()
    all_paths: tuple[str, ...] = ()
    impact: bool = False  # the item states a measurable outcome (see impact.py)
    advisory: bool = False  # the title names a security advisory (CVE-..., GHSA-...)
    types: tuple[str, ...] = ()
    kinds: tuple[str, ...] = ()
    roles: tuple[str, ...] = ()
    author_association: tuple[str, ...] = ()
    # When it fires and no rule against the competency does, the rules claim without the
    # model (a word rule of the default rubric otherwise only informs it; in a rubric of
    # the user's own every rule decides already).
    decides: bool = False

    @functools.cached_property
    def label_regex(self) -> re.Pattern[str]:
        return combined(self.labels, case_sensitive=False)

    @functools.cached_property
    def path_regex(self) -> re.Pattern[str]:
        return combined(self.paths)

    @functools.cached_property
    def all_paths_regex(self) -> re.Pattern[str]:
        return combined(self.all_paths)


@dataclass(frozen=True)
class Competency:
    id: str
    name: str
    description: str
    threshold: float
    rules: tuple[Rule, ...]
    themes: dict[str, str] = field(default_factory=dict)
    suggestions: tuple[str, ...] = ()
    min_items: int = 3


@dataclass(frozen=True)
class Rubric:
    name: str
    description: str
    competencies: tuple[Competency, ...]
    routine: tuple[Rule, ...]
    commit_types: dict[str, str]
    levels: dict[str, str]
    source: str
    # "model": the shipped model judges what the explicit rules leave open; "rules": the
    # rubric alone (config ``classifier: rules``).
    classifier: str = "model"
    # What the classifier compiles from this rubric, made once on first use and kept with
    # it (see classify/judge.py); not part of what the rubric says.
    compiled: dict[str, Any] = field(default_factory=dict, init=False, compare=False, repr=False)

    def competency(self, competency_id: str) -> Competency | None:
        for competency in self.competencies:
            if competency.id == competency_id:
                return competency
        return None


def load_rubric(path: Path | None = None, *, classifier: str = "model") -> Rubric:
    """The rubric at ``path``, or the default one shipped with evidencer; ``classifier``
    says whether the shipped model judges too ("model") or the rules alone ("rules")."""
    if classifier != "model":
        return dataclasses.replace(load_rubric(path), classifier=classifier)
    if path is None:
        ref = resources.files("evidencer") / "rubrics" / f"{DEFAULT_RUBRIC}.yml"
        text = ref.read_text(encoding="utf-8")
        doc = load_yaml(Path(f"<default rubric {DEFAULT_RUBRIC}>"), text=text)
        return parse_rubric(doc)
    if not path.exists():
        raise ConfigError(f"{path}: no such rubric file")
    return parse_rubric(load_yaml(path))


def parse_rubric(doc: Located) -> Rubric:
    """Regexes compile on RE2 (linear.py): one it cannot run is refused, naming its line."""
    top = expect_mapping(doc, doc.data, "")
    check_keys(doc, top, _TOP_KEYS)
    default_threshold = _number(doc, top.get("threshold", 2.0), "threshold")
    raw_competencies = top.get("competencies")
    if not isinstance(raw_competencies, list) or not raw_competencies:
        raise doc.error("competencies", "'competencies' must be a non-empty list")
    competencies = []
    seen: set[str] = set()
    for index, raw in enumerate(raw_competencies):
        at = f"competencies[{index}]"
        competency = _competency(doc, raw, at, default_threshold)
        if competency.id in seen:
            raise doc.error(f"{at}.id", f"competency '{competency.id}' is defined twice")
        seen.add(competency.id)
        competencies.append(competency)
    commit_types = {
        str(k): str(v).lower()
        for k, v in expect_mapping(doc, top.get("commit_types"), "commit_types").items()
    }
    levels = {
        str(k): str(v) for k, v in expect_mapping(doc, top.get("levels"), "levels").items()
    }
    for level in levels:
        if level not in LEVELS:
            raise doc.error(f"levels.{level}", f"unknown level '{level}'; use {', '.join(LEVELS)}")
    routine = _rules(doc, top.get("routine"), "routine", levels=LEVELS, owner="routine")
    return Rubric(
        name=str(top.get("name") or doc.path.stem),
        description=str(top.get("description") or ""),
        competencies=tuple(competencies),
        routine=routine,
        commit_types=commit_types,
        levels=levels or {level: level for level in LEVELS},
        source=str(doc.path),
    )


def _competency(doc: Located, raw: Any, at: str, default_threshold: float) -> Competency:
    data = expect_mapping(doc, raw, at)
    check_keys(doc, data, _COMPETENCY_KEYS, at=at)
    competency_id = str(data.get("id") or "").strip()
    if not re.fullmatch(r"[a-z0-9][a-z0-9-]*", competency_id):
        raise doc.error(f"{at}.id" if "id" in data else at,
                        "each competency needs an 'id' of lowercase letters, digits and '-'")
    themes = {
        str(k): str(v) for k, v in expect_mapping(doc, data.get("themes"), f"{at}.themes").items()
    }
    rules = _rules(doc, data.get("rules"), f"{at}.rules", levels=LEVELS,
                   owner=f"competency '{competency_id}'")
    for index, rule in enumerate(rules):
        if rule.theme and themes and rule.theme not in themes:
            raise doc.error(f"{at}.rules[{index}].theme",
                            f"theme '{rule.theme}' is not among {at}.themes")
    return Competency(
        id=competency_id,
        name=str(data.get("name") or competency_id.replace("-", " ").title()),
        description=str(data.get("description") or "").strip(),
        threshold=_number(doc, data.get("threshold", default_threshold), f"{at}.threshold"),
        rules=rules,
        themes=themes,
        suggestions=string_list(doc, data.get("suggestions"), f"{at}.suggestions"),
        min_items=int(_number(doc, data.get("min_items", 3), f"{at}.min_items")),
    )


def _rules(
    doc: Located, raw: Any, at: str, *, levels: tuple[str, ...], owner: str
) -> tuple[Rule, ...]:
    if raw is None:
        return ()
    if not isinstance(raw, list):
        raise doc.error(at, f"'{at}' must be a list of rules")
    rules = []
    for index, item in enumerate(raw):
        where = f"{at}[{index}]"
        data = expect_mapping(doc, item, where)
        check_keys(doc, data, _RULE_KEYS, at=where)
        if not any(key in data for key in _CONDITIONS):
            raise doc.error(where, f"rule has no condition; use one of {', '.join(_CONDITIONS)}")
        level = data.get("level")
        if level is not None and level not in levels:
            raise doc.error(f"{where}.level", f"unknown level '{level}'; use {', '.join(levels)}")
        kinds = string_list(doc, data.get("kinds"), f"{where}.kinds")
        for kind in kinds:
            if kind not in KINDS:
                raise doc.error(f"{where}.kinds", f"unknown kind '{kind}'; use {', '.join(KINDS)}")
        roles = string_list(doc, data.get("roles"), f"{where}.roles")
        for role in roles:
            if role not in ROLES:
                raise doc.error(f"{where}.roles", f"unknown role '{role}'; use {', '.join(ROLES)}")
        rule_id = str(data.get("id") or f"{at}[{index}]")
        regexes = {
            key: _regex(doc, data.get(key), f"{where}.{key}", f"{owner} rule '{rule_id}' {key}")
            for key in _REGEX_KEYS
        }
        rules.append(
            Rule(
                id=rule_id,
                weight=_number(doc, data.get("weight", 1.0), f"{where}.weight"),
                reason=str(data["reason"]) if data.get("reason") else None,
                theme=str(data["theme"]) if data.get("theme") else None,
                level=str(level) if level else None,
                labels=tuple(v.lower() for v in glob_list(doc, data.get("labels"),
                                                           f"{where}.labels")),
                title=regexes["title"],
                body=regexes["body"],
                text=regexes["text"],
                unless_title=regexes["unless_title"],
                unless_body=regexes["unless_body"],
                unless_text=regexes["unless_text"],
                paths=glob_list(doc, data.get("paths"), f"{where}.paths"),
                all_paths=glob_list(doc, data.get("all_paths"), f"{where}.all_paths"),
                impact=_flag(doc, data.get("impact"), f"{where}.impact"),
                advisory=_flag(doc, data.get("advisory"), f"{where}.advisory"),
                decides=_flag(doc, data.get("decides"), f"{where}.decides"),
                types=tuple(t.lower() for t in string_list(doc, data.get("types"),
                                                           f"{where}.types")),
                kinds=kinds,
                roles=roles,
                author_association=tuple(
                    a.upper() for a in string_list(doc, data.get("author_association"),
                                                   f"{where}.author_association")
                ),
            )
        )
    return tuple(rules)


def _regex(doc: Located, value: Any, at: str, what: str) -> Regex | None:
    """``what``: the rule and key, as the refusal names them ("competency 'x' rule 'y'
    title")."""
    if value is None:
        return None
    if not isinstance(value, str):
        raise doc.error(at, f"'{at}' must be a regular expression string")
    try:
        return Regex(value)
    except UnsupportedRegex as exc:
        raise doc.error(at, f"{what}: {value!r}: {exc}") from None


def _flag(doc: Located, value: Any, at: str) -> bool:
    if value is None:
        return False
    if not isinstance(value, bool):
        raise doc.error(at, f"'{at}' must be true or false")
    return value


def _number(doc: Located, value: Any, at: str) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise doc.error(at, f"'{at}' must be a number")
    if not -MAX_NUMBER <= value <= MAX_NUMBER:
        # a score of NaN or infinity is neither ordered nor JSON, and weights far past any
        # rubric's add up to infinity (two of 1e308), or are integers no float holds
        raise doc.error(at, f"'{at}' must be a finite number, from -{MAX_NUMBER:,} to "
                            f"{MAX_NUMBER:,}")
    return float(value)
