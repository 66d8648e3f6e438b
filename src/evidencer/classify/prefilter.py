"""Which rubric rules fire on an item, decided with bit masks and one regex call per text.

All the rubric's title regexes are asked at once which of them match the title, the body
ones the body (linear.py's RegexSet: RE2 runs only those whose words the text contains).
Still worth it with every regex on RE2: deciding the default rubric rule by rule
(judge.fires) took 2.0-2.3 s for 7,256 items (256 real pull requests and 7,000 commits
as benchmarks/git_history.py writes them), this 0.05-0.17 s. Without the caches of
facts seen it takes 8x longer, without the path cache 5x; gating the regex sets on the
cheap facts saved 10 % of 0.05 s and is gone.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from evidencer.classify.linear import Regex, RegexSet
from evidencer.classify.rubric import Rubric, Rule, advisory_of, rule_body, rule_title
from evidencer.model import Evidence


@dataclass(frozen=True, slots=True)
class _Atom:
    """One regex condition: the title, the body, or either (``text``) must match; or, when
    ``negated`` (``unless_*``), must not."""

    pattern: Regex
    title: bool
    body: bool
    negated: bool


@dataclass(frozen=True)
class Verdict:
    """What one competency's rules make of an item: the rules that fired (rubric order),
    their summed weight, and those with positive weight (the evidence) with their themes
    and levels, strongest first."""

    fired: tuple[Rule, ...] = ()
    score: float = 0
    positive: tuple[Rule, ...] = ()
    themes: tuple[str, ...] = ()
    levels: tuple[str, ...] = ()

    @classmethod
    def of(cls, fired: tuple[Rule, ...]) -> Verdict:
        positive = tuple(r for r in fired if r.weight > 0)
        ordered = sorted(positive, key=lambda r: -r.weight)
        return cls(
            fired=fired,
            score=sum(r.weight for r in fired),
            positive=positive,
            themes=tuple(dict.fromkeys(r.theme for r in ordered if r.theme)),
            levels=tuple(dict.fromkeys(r.level for r in ordered if r.level)),
        )


_Rules = tuple[tuple[Rule, int], ...]  # rules with the facts each needs, in rubric order


class _Applicable:
    """The rules that can fire for one kind of item and set of roles and, for each set of
    facts seen, the ones that do: many items share the same few facts."""

    def __init__(self, routine: _Rules, competencies: tuple[_Rules, ...],
                 atoms: Callable[[_Rules], int]) -> None:
        self.routine = routine
        self.competencies = competencies
        self.atoms = atoms((*routine, *(r for rules in competencies for r in rules)))
        self._routine_facts = _needed(routine)
        self._competency_facts = _needed(tuple(r for rules in competencies for r in rules))
        self._routine_seen: dict[int, tuple[Rule, ...]] = {}
        self._verdicts_seen: dict[int, tuple[Verdict, ...]] = {}
        self.vetoed = tuple(Verdict() for _ in competencies)

    def routine_fired(self, facts: int) -> tuple[Rule, ...]:
        facts &= self._routine_facts
        found = self._routine_seen.get(facts)
        if found is None:
            found = tuple(rule for rule, needs in self.routine if facts & needs == needs)
            _remember(self._routine_seen, facts, found)
        return found

    def verdicts(self, facts: int) -> tuple[Verdict, ...]:
        facts &= self._competency_facts
        found = self._verdicts_seen.get(facts)
        if found is None:
            found = tuple(
                Verdict.of(tuple(rule for rule, needs in rules if facts & needs == needs))
                for rules in self.competencies
            )
            _remember(self._verdicts_seen, facts, found)
        return found


def _needed(rules: _Rules) -> int:
    mask = 0
    for _, needs in rules:
        mask |= needs
    return mask


class RubricPlan:
    """A rubric's rules as bit masks over facts about an item.

    Cheap facts (commit types, labels, paths, ...) are found once however many rules share
    them, and a text's regex set runs once for every regex of the rules that apply. A rule
    fires when it has every fact it needs. Kind and role conditions pick the rules that
    apply, once per kind and roles.
    """

    def __init__(self, rubric: Rubric) -> None:
        self.rubric = rubric
        rules = [*rubric.routine, *(r for c in rubric.competencies for r in c.rules)]
        self._bits: dict[tuple[object, ...], int] = {}
        self._types: dict[str, int] = {}
        self._associations: dict[str, int] = {}
        self._labels: list[tuple[int, re.Pattern[str]]] = []
        self._paths: list[tuple[int, re.Pattern[str]]] = []
        self._any_paths = self._all_paths = self._impact = self._advisory = 0
        for rule in rules:
            self._add_cheap_facts(rule)
        self._atom_keys: dict[tuple[object, ...], int] = {}
        self._atoms: list[_Atom] = []
        self._needs = {id(r): self._rule_needs(r) for r in rules}
        self._base = len(self._bits)  # regex fact i is bit base + i
        fields = list(enumerate(self._atoms))
        self._title_set = RegexSet({1 << i: a.pattern for i, a in fields if a.title})
        self._body_set = RegexSet({1 << i: a.pattern for i, a in fields if a.body})
        self._title_atoms = sum(1 << i for i, a in fields if a.title)
        self._body_atoms = sum(1 << i for i, a in fields if a.body)
        self._negated = sum(1 << i for i, a in fields if a.negated)
        self._label_tests = _Tests(self._labels)
        self._path_tests = _Tests(self._paths)
        self._applicable: dict[tuple[str, tuple[str, ...]], _Applicable] = {}
        # Histories repeat titles ("Update README.md", merges, bumps): 5-20 % of a real
        # history's subjects are another's.
        self._titles_seen: dict[str, int] = {}

    def _add_cheap_facts(self, rule: Rule) -> None:
        for key in _cheap_conditions(rule):
            if key in self._bits:
                continue
            bit = self._bits[key] = 1 << len(self._bits)
            what = key[0]
            if what == "types":
                for kind in rule.types:
                    self._types[kind] = self._types.get(kind, 0) | bit
            elif what == "association":
                for association in rule.author_association:
                    self._associations[association] = self._associations.get(association, 0) | bit
            elif what == "labels":
                self._labels.append((bit, rule.label_regex))
            elif what == "paths":
                self._any_paths |= bit
                self._paths.append((bit, rule.path_regex))
            elif what == "all_paths":
                self._all_paths |= bit
                self._paths.append((bit, rule.all_paths_regex))
            elif what == "advisory":
                self._advisory = bit
            else:
                self._impact = bit

    def _rule_needs(self, rule: Rule) -> tuple[int, list[int]]:
        """The cheap facts a rule needs (as one mask) and the indexes of its regex facts."""
        cheap = 0
        for key in _cheap_conditions(rule):
            cheap |= self._bits[key]
        atoms = [
            self._atom_index(_Atom(pattern, title, body, negated))
            for pattern, title, body, negated in (
                (rule.title, True, False, False),
                (rule.body, False, True, False),
                (rule.text, True, True, False),
                (rule.unless_title, True, False, True),
                (rule.unless_body, False, True, True),
                (rule.unless_text, True, True, True),
            ) if pattern is not None
        ]
        return cheap, atoms

    def _atom_index(self, atom: _Atom) -> int:
        key = (atom.pattern.pattern, atom.title, atom.body, atom.negated)
        if key not in self._atom_keys:
            self._atom_keys[key] = len(self._atoms)
            self._atoms.append(atom)
        return self._atom_keys[key]

    def applicable(self, kind: str, roles: tuple[str, ...]) -> _Applicable:
        """The rules whose kind and role conditions hold, worked out once per combination."""
        found = self._applicable.get((kind, roles))
        if found is None:
            def select(rules: tuple[Rule, ...]) -> _Rules:
                return tuple(
                    (r, self._mask(r)) for r in rules
                    if (not r.kinds or kind in r.kinds)
                    and (not r.roles or any(role in r.roles for role in roles))
                )

            found = self._applicable[(kind, roles)] = _Applicable(
                select(self.rubric.routine),
                tuple(select(c.rules) for c in self.rubric.competencies),
                self._atoms_of,
            )
        return found

    def _mask(self, rule: Rule) -> int:
        cheap, atoms = self._needs[id(rule)]
        for atom in atoms:
            cheap |= 1 << (self._base + atom)
        return cheap

    def _atoms_of(self, rules: _Rules) -> int:
        mask = 0
        for rule, _ in rules:
            for atom in self._needs[id(rule)][1]:
                mask |= 1 << atom
        return mask

    def decide(
        self, item: Evidence, roles: Sequence[str], types: Sequence[str],
        impact: tuple[str, ...], *, vetoable: bool,
    ) -> tuple[tuple[Rule, ...], tuple[Verdict, ...]]:
        """The routine rules that fire, and a verdict per competency (rubric order); empty
        verdicts when routine rules fired and ``vetoable``: the caller then drops every
        competency, so they are not worked out."""
        rules = self.applicable(item.kind, tuple(roles))
        facts = self._cheap_facts_of(item, types, impact)
        # Only the regexes of rules that apply to this kind and roles; each text is read
        # once for all of them.
        wanted = rules.atoms
        matched = 0
        if wanted & self._title_atoms:
            title = rule_title(item.title)  # bounds regex time
            found = self._titles_seen.get(title)
            if found is None:
                found = self._title_set.matches(title)
                _remember(self._titles_seen, title, found)
            matched |= found
        if wanted & self._body_atoms:
            matched |= self._body_set.matches(rule_body(item.body))
        facts |= ((matched ^ self._negated) & wanted) << self._base
        routine = rules.routine_fired(facts)
        if routine and vetoable:
            return routine, rules.vetoed
        return routine, rules.verdicts(facts)

    def _cheap_facts_of(self, item: Evidence, types: Sequence[str],
                        impact: tuple[str, ...]) -> int:
        facts = self._impact if impact else 0
        if self._advisory and advisory_of(item) is not None:
            facts |= self._advisory
        for kind in types:
            facts |= self._types.get(kind, 0)
        if self._associations:
            facts |= self._associations.get((item.author_association or "").upper(), 0)
        if item.labels and self._labels:
            for label in item.labels:
                facts |= self._label_tests.mask(label)
        if item.paths and self._paths:
            seen = self._path_tests.seen
            touched, only = 0, -1
            for path in item.paths:
                mask = seen.get(path)
                if mask is None:
                    mask = self._path_tests.mask(path)
                touched |= mask
                only &= mask
            facts |= (touched & self._any_paths) | (only & self._all_paths)
        return facts


def _cheap_conditions(rule: Rule) -> list[tuple[object, ...]]:
    """A rule's conditions other than regexes, kinds and roles, as keys: rules with the
    same condition share one fact."""
    return [key for key, present in (
        (("types", frozenset(rule.types)), rule.types),
        (("association", frozenset(rule.author_association)), rule.author_association),
        (("labels", rule.labels), rule.labels),
        (("paths", rule.paths), rule.paths),
        (("all_paths", rule.all_paths), rule.all_paths),
        (("impact",), rule.impact),
        (("advisory",), rule.advisory),
    ) if present]


_REMEMBERED = 50_000  # entries kept per cache; plenty for a big monorepo's paths


class _Tests:
    """Globs' regexes run on short strings (paths, labels), answered as the bits of those
    that match and remembered per string: repositories touch the same files again and again.

    All of them are asked at once (linear.py's RegexSet): on the 12,689 paths of the labelled
    corpus, the default rubric's 26 path regexes one by one took 0.5 s, the first time each
    path was seen (each ``(?:.*/)?`` tried at every slash). A string with a line break
    (git allows one in a file name) is left to ``re``, whose ``$`` also matches before it.
    """

    def __init__(self, tests: list[tuple[int, re.Pattern[str]]]) -> None:
        self._tests = [(bit, regex.match) for bit, regex in tests]
        self._set = RegexSet({
            bit: Regex(regex.pattern if regex.flags & re.IGNORECASE
                       else f"(?-i:{regex.pattern})")
            for bit, regex in tests
        })
        self.seen: dict[str, int] = {}

    def mask(self, value: str) -> int:
        found = self.seen.get(value)
        if found is None:
            if "\n" in value:
                found = sum(bit for bit, match in self._tests if match(value))
            else:
                found = self._set.matches(value)
            _remember(self.seen, value, found)
        return found


def _remember(cache: dict[Any, Any], key: Any, value: Any) -> None:
    if len(cache) >= _REMEMBERED:
        cache.clear()
    cache[key] = value
