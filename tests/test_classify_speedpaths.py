"""The fast classification path gives exactly what checking every rule plainly gives.

A reference classifier here runs every condition of every rule, the plain way, searching
with each regex on its own, and builds reasons with the rubric's own regexes; the fast
path (all patterns asked at once per text, bit masks, caches) must agree on whole results: real labelled
pull requests, random text made of the rubric's own words, and a rubric of awkward regexes.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Callable, Sequence
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from evidencer.classify.jsonl import evidence_from_object
from evidencer.classify.judge import classify, commit_types, fires, parse_overrides, stated_impact
from evidencer.classify.linear import Regex, RegexSet
from evidencer.classify.rubric import (
    MAX_TEXT,
    Rubric,
    Rule,
    advisory_of,
    load_rubric,
    parse_rubric,
    rule_title,
)
from evidencer.globs import match_label, match_path
from evidencer.model import KINDS, ROLES, Classified, Evidence, Match
from evidencer.yamlfile import load_yaml

DATA = Path(__file__).parent / "data" / "labelled_prs.jsonl"
# The rubric's own decisions (classifier: rules): the shipped model is not what is tested.
DEFAULT = load_rubric(classifier="rules")
Search = Callable[[str], object]


# --- the reference: every rule, every condition, nothing skipped or remembered -----------

def _holds(pattern: Regex, texts: Sequence[str]) -> bool:
    return any(pattern.search(t) is not None for t in texts)


def _fires(rule: Rule, item: Evidence, roles: Sequence[str], types: Sequence[str],
           impact: tuple[str, ...]) -> bool:
    # the rules read a subject after its gitmoji, as after "fix:" (rubric.rule_title)
    title, body = rule_title(item.title), item.body[:MAX_TEXT]
    paths = item.paths
    conditions = [
        not rule.kinds or item.kind in rule.kinds,
        not rule.roles or any(r in rule.roles for r in roles),
        not rule.types or any(t in rule.types for t in types),
        not rule.author_association
        or (item.author_association or "").upper() in rule.author_association,
        not rule.labels or any(rule.label_regex.match(label) for label in item.labels),
        not rule.paths or any(rule.path_regex.match(p) for p in paths),
        not rule.all_paths or (bool(paths) and all(rule.all_paths_regex.match(p)
                                                   for p in paths)),
        not rule.impact or bool(impact),
        # (what an advisory a title, a private fork or a description names is: one reading)
        not rule.advisory or advisory_of(item) is not None,
        rule.title is None or _holds(rule.title, [title]),
        rule.body is None or _holds(rule.body, [body]),
        rule.text is None or _holds(rule.text, [title, body]),
        rule.unless_title is None or not _holds(rule.unless_title, [title]),
        rule.unless_body is None or not _holds(rule.unless_body, [body]),
        rule.unless_text is None or not _holds(rule.unless_text, [title, body]),
    ]
    return all(conditions)


def _snippet(pattern: Regex, text: str, prefix: str) -> str | None:
    found = pattern.search(text)
    return f"{prefix} '{' '.join(found.group(0).split())[:40]}'" if found else None


def _reason(rule: Rule, item: Evidence, roles: Sequence[str], types: Sequence[str],
            impact: tuple[str, ...]) -> str:
    if rule.reason:
        return rule.reason
    title, body = rule_title(item.title), item.body[:MAX_TEXT]
    association = (item.author_association or "").upper()
    found: list[str | None] = []
    if rule.kinds:
        found.append(f"a {item.kind.replace('_', ' ')}")
    if rule.impact:
        found.append(f"states an outcome: '{impact[0][:60]}'")
    if rule.advisory:
        found.append(advisory_of(item))
    if rule.roles:
        found.append(next(f"role {r.replace('_', ' ')}" for r in roles if r in rule.roles))
    if rule.types:
        found.append(next(f"commit type '{t}'" for t in types if t in rule.types))
    if rule.author_association:
        found.append(f"opened by {association.lower().replace('_', ' ')} (outside the team)")
    if rule.labels:
        found.append(next((f"label '{label}'" for label in item.labels
                           if any(match_label(g, label) for g in rule.labels)), None))
    if rule.paths:
        found.append(next((f"touches '{p}'" for p in item.paths
                           if any(match_path(g, p) for g in rule.paths)), None))
    if rule.all_paths:
        found.append(f"only touches {', '.join(rule.all_paths)}"
                     if item.paths and all(any(match_path(g, p) for g in rule.all_paths)
                                           for p in item.paths) else None)
    if rule.title is not None:
        found.append(_snippet(rule.title, title, "title matches"))
    if rule.body is not None:
        found.append(_snippet(rule.body, body, "description mentions"))
    if rule.text is not None:
        found.append(_snippet(rule.text, title, "title matches")
                     or _snippet(rule.text, body, "description mentions"))
    # An exception that does not apply is no part of the reason.
    return (", ".join(r for r in found if r)
            or f"rule '{rule.id}' (nothing in the item rules it out)")


def reference_classify(item: Evidence, rubric: Rubric, roles: Sequence[str]) -> Classified:
    types = commit_types(item.title, rubric)
    impact = stated_impact(item)

    def reason(rule: Rule) -> str:
        return _reason(rule, item, roles, types, impact)

    routine = [r for r in rubric.routine if _fires(r, item, roles, types, impact)]
    added, removed = parse_overrides(item.overrides, rubric)
    matches = []
    for competency in rubric.competencies:
        if competency.id in removed or (routine and competency.id not in added):
            continue
        fired = [r for r in competency.rules if _fires(r, item, roles, types, impact)]
        score = sum(r.weight for r in fired)
        positive = [r for r in fired if r.weight > 0]
        strongest = sorted(positive, key=lambda r: -r.weight)
        if competency.id in added:
            reasons = ["marked by its author (Competency trailer)", *map(reason, positive)]
            score = max(score, competency.threshold)
        elif not routine and score >= competency.threshold and positive:
            reasons = [reason(r) for r in positive]
        else:
            continue
        matches.append(Match(
            competency=competency.id, score=round(score, 2),
            reasons=tuple(dict.fromkeys(reasons)),
            themes=tuple(dict.fromkeys(r.theme for r in strongest if r.theme)),
            levels=tuple(dict.fromkeys(r.level for r in strongest if r.level)),
        ))
    matches.sort(key=lambda m: -m.score)
    return Classified(evidence=item, matches=tuple(matches), impact=impact,
                      routine=tuple(dict.fromkeys(map(reason, routine))) if not matches else ())


# --- real pull requests ------------------------------------------------------------------

def _rows() -> list[Evidence]:
    lines = DATA.read_text(encoding="utf-8").splitlines()
    return [evidence_from_object(json.loads(line), where=f"{DATA.name}:{n}")
            for n, line in enumerate(lines, 1) if line]


PULLS = _rows()
ROLE_SETS = [("author",), ("merger",), ("reviewer",), ("author", "merger"), ("commenter",),
             ("incident_commander",), ("responder", "action_item_owner"), ()]
ASSOCIATIONS = [None, "NONE", "member", "CONTRIBUTOR", "first_time_contributor"]
OVERRIDES = [(), ("customer-value",), ("-product-stability",), ("+customer-empathy, -x",)]


def test_every_labelled_pull_request_classifies_as_the_plain_reference_does() -> None:
    for item in PULLS:
        assert classify(item, DEFAULT, roles=("author",)) == reference_classify(
            item, DEFAULT, ("author",)), item.id


def test_labelled_pull_requests_as_other_kinds_roles_and_reporters_agree_too() -> None:
    # a fresh rubric: nothing remembered from other tests
    rubric = load_rubric(classifier="rules")
    for n, pull in enumerate(PULLS):
        item = Evidence(
            id=pull.id, kind=KINDS[n % len(KINDS)], repo=pull.repo, title=pull.title,
            date=pull.date, actors=(), body=pull.body, labels=pull.labels,
            paths=pull.paths if n % 5 else tuple(f"./{p}" for p in pull.paths),
            author_association=ASSOCIATIONS[n % len(ASSOCIATIONS)],
            overrides=OVERRIDES[n % len(OVERRIDES)] if n % 3 == 0 else (),
        )
        roles = ROLE_SETS[n % len(ROLE_SETS)]
        assert classify(item, rubric, roles=roles) == reference_classify(
            item, rubric, roles), item.id


def test_a_title_met_again_under_another_kind_or_role_decides_as_the_reference_does() -> None:
    """Titles' matches are remembered (histories repeat titles); rules apply by kind and
    role, so the same title must still fire only the rules that apply each time."""
    rubric = _awkward()  # fresh: nothing remembered
    titles = ["Fixed the WIP crash", "fix: hang in colour", "BUG: speed up 3x",
              "prefixed ĳ", ""]
    for title in titles * 2:
        for kind in KINDS:
            for roles in ROLE_SETS:
                item = Evidence(id="t", kind=kind, repo="o/r", title=title, body="bug",
                                date=dt.datetime(2026, 1, 1, tzinfo=dt.timezone.utc),
                                actors=(), paths=("tests/a.py",))
                assert classify(item, rubric, roles=roles) == reference_classify(
                    item, rubric, roles), (title, kind, roles)


def test_asking_one_rule_at_a_time_decides_as_the_reference_does() -> None:
    rules = [*DEFAULT.routine, *(r for c in DEFAULT.competencies for r in c.rules)]
    for n, item in enumerate(PULLS):
        roles = ROLE_SETS[n % len(ROLE_SETS)]
        types = commit_types(item.title, DEFAULT)
        impact = stated_impact(item)
        for rule in rules:
            assert fires(rule, item, roles, types) == _fires(rule, item, roles, types, impact)


# --- random text made of the rubric's own words ------------------------------------------

def _words(rubric: Rubric) -> list[str]:
    rules = [*rubric.routine, *(r for c in rubric.competencies for r in c.rules)]
    sources = [p.pattern for r in rules for p in (r.title, r.body, r.text) if p is not None]
    words = {w for s in sources for w in re.findall(r"[A-Za-z][A-Za-z0-9'/-]*", s)}
    words |= {w for r in rules for w in (*r.labels, *r.types)}
    words |= set(rubric.commit_types)
    return sorted(words)


FRAGMENTS = [
    "fix:", "fix(api)!:", "BUG:", "ENH, BLD:", "MAINT:", "docs(readme):", "Revert \"x\"",
    "\U0001f41b", "\u2b06\ufe0f", ":sparkles:", "\U0001f9d1\u200d\U0001f4bb",
    "#12", "gh-7", "https://github.com/a/b/issues/9", "3x", "40 ms", "2.5 s", "50%",
    "from 40 s to 3 s", "v1.2.3", "1,200 users", "CVE-2024-37891", "GHSA-vcc4-2c75-vc9v", "İ", "ı", "ß", "ẞ", "ſ", "K", "é", "É",
    "Σ", "ǅ", "×", "\u00a0", "\t", "\n", "\n\n", ".", ",", ":", ";", "(", ")", "-", "/",
    "_", "'", '"', "`", "!", "?", "0", "7", "123",
]
SEPARATORS = [" ", " ", " ", "", "\n", ", ", ": ", ". ", "-", "_", "/"]
CASES: list[Callable[[str], str]] = [str, str.lower, str.upper, str.title, str.swapcase]
PATHS = [
    "src/a.py", "src/app/core.py", "docs/guide.md", "./docs/x.md", "README.md", "doc/a.rst",
    "tests/test_a.py", "pkg/tests/test_b.py", "pkg/x_test.go", "package-lock.json",
    "requirements.txt", "requirements/dev.txt", "setup.cfg", "pyproject.toml",
    ".github/workflows/ci.yml", "Makefile", "CHANGELOG.md", "changelog.d/1.feature",
    "benchmarks/bench_a.py", "examples/demo.py", "src/Docs/Guide.MD",
    # paths are case-sensitive, and a name may end in a line break (re's $ matches before it)
    "DOCS/guide.md", "README.MD", "Src/App/Core.py", "docs/a.md\n", "notes.md\n", "src/ü/core.py",
]
LABELS = ["bug", "Bug", "type: bug", "enhancement", "feature request", "documentation",
          "dependencies", "dependabot", "performance", "perf", "ux", "a11y", "P0", "sev1",
          "regression", "good first issue", "kind/bug", "customer-report", "support",
          "BUG", "Type: Bug", "ENHANCEMENT", "Ünicode", "bug\n", "p1", "\u212a"]


def _texts(words: list[str]) -> st.SearchStrategy[str]:
    token = st.tuples(st.sampled_from(words + FRAGMENTS), st.sampled_from(CASES),
                      st.sampled_from(SEPARATORS)).map(lambda t: t[1](t[0]) + t[2])
    return st.lists(token, max_size=24).map("".join)


def _items(words: list[str]) -> st.SearchStrategy[tuple[Evidence, tuple[str, ...]]]:
    return st.builds(
        lambda title, body, kind, labels, paths, association, overrides, roles: (Evidence(
            id="x", kind=kind, repo="o/r", title=title, body=body,
            date=dt.datetime(2026, 1, 1, tzinfo=dt.timezone.utc), actors=(),
            labels=tuple(labels), paths=tuple(paths), author_association=association,
            overrides=overrides), tuple(roles)),
        _texts(words), _texts(words), st.sampled_from(KINDS),
        st.lists(st.sampled_from(LABELS), max_size=3),
        st.lists(st.sampled_from(PATHS), max_size=4),
        st.sampled_from(ASSOCIATIONS), st.sampled_from(OVERRIDES),
        st.lists(st.sampled_from(ROLES), max_size=3, unique=True),
    )


@settings(max_examples=400, deadline=None)
@given(_items(_words(DEFAULT)))
def test_any_text_of_the_default_rubrics_words_classifies_as_the_reference_does(
    case: tuple[Evidence, tuple[str, ...]],
) -> None:
    item, roles = case
    assert classify(item, DEFAULT, roles=roles) == reference_classify(item, DEFAULT, roles)


AWKWARD_RUBRIC = r"""
name: awkward
threshold: 1
commit_types: {BUG: fix, MAINT: chore}
routine:
  - id: shouting
    reason: a case-sensitive word
    title: '(?-i:WIP)'
  - id: chore-anything
    reason: chore unless it says fix
    types: [chore]
    unless_title: '^.*\bfix'
  - id: empty-title
    reason: matches the empty string
    kinds: [review]
    title: '^'
competencies:
  - id: alpha
    threshold: 1
    rules:
      - {id: case-sensitive-part, title: '(?-i:Fix)ed|\bretry'}
      - {id: optional, text: 'colou?r|x{0,2}yz|(pre)?view'}
      - {id: unless-title, title: 'fixed\b|\bno bug', unless_title: 'prefixed'}
      - {id: unless-body, weight: 0.5, text: 'bug', unless_body: 'wip|\A\z'}
      - {id: unless-text, weight: 0.5, types: [fix], unless_text: 'crash|hang'}
      - {id: classes, body: '[bc]ug|[^a]zz|\d{3}|[α-ω]{2}|[[:upper:]]{3}|\pL\p{Greek}'}
      - {id: unicode, text: 'straße|İstanbul|ſtop|ǅa|K\b|\x{00e9}t\x{E9}'}
      - {id: re2-only, title: '(?U)fi.+x|(?i:WIP)\z|\Qa.b\E|\C\bix'}
      - {id: anything, weight: 0.25, text: '.'}
      - {id: empty, weight: 0.25, body: '$'}
      - {id: inline-flags, text: '(?s:a.b)|(?-i:S p A c E d)|(?m:^end$)'}
      - {id: labels, labels: ["bug*", "Type: *", "p[01]"]}
      - {id: paths, paths: ["docs/**", "*.md", "src/*/core.py"]}
      - {id: posix-glob, weight: 0.25, paths: ["docs/[[:alpha:]]*.md"]}
      - {id: only-src, all_paths: ["src/**"]}
      - {id: outcome, impact: true, weight: 0.5}
      - {id: advisory, advisory: true, weight: 0.5}
      - {id: counter, weight: -1, types: [fix], title: 'crash|hang', paths: ["tests/**"]}
  - id: beta
    threshold: 2
    rules:
      - {id: speed, weight: 2, text: '\b(speed ?up|faster|\d+x)\b'}
      - {id: reporter, weight: 2, kinds: [issue, comment], author_association: [NONE]}
      - {id: reviewer, roles: [reviewer, merger], title: 'ĳ|\bfix'}
      - {id: both, title: 'fix', text: 'bug', body: 'issue'}
"""


def _awkward() -> Rubric:
    return parse_rubric(load_yaml(Path("<awkward rubric>"), text=AWKWARD_RUBRIC))


AWKWARD = _awkward()


@settings(max_examples=300, deadline=None)
@given(_items([*_words(AWKWARD), "wip", "WIP", "straße", "STRASSE", "no bug", "prefixed",
               "a.b", "été", "ÉTÉ", "\u212a", "ΑΒΓ", "fiiix"]))
def test_any_text_classifies_as_the_reference_does_with_an_awkward_user_rubric(
    case: tuple[Evidence, tuple[str, ...]],
) -> None:
    item, roles = case
    assert classify(item, AWKWARD, roles=roles) == reference_classify(item, AWKWARD, roles)


def _regexes(rubric: Rubric) -> list[Regex]:
    rules = [*rubric.routine, *(r for c in rubric.competencies for r in c.rules)]
    return [p for r in rules for p in (r.title, r.body, r.text, r.unless_title, r.unless_body,
                                         r.unless_text) if p is not None]


@settings(max_examples=300, deadline=None)
@given(st.one_of(_texts(_words(AWKWARD)), _texts(_words(DEFAULT))))
def test_one_set_pass_finds_the_patterns_each_search_finds(text: str) -> None:
    for rubric in (AWKWARD, DEFAULT):
        regexes = _regexes(rubric)
        together = RegexSet({1 << i: r for i, r in enumerate(regexes)})
        expected = sum(1 << i for i, r in enumerate(regexes) if r.search(text) is not None)
        assert together.matches(text) == expected
        assert together.matches_one_by_one(text) == expected

