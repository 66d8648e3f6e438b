"""The lowercased fast patterns decide exactly as the rubric's own regexes do.

Checked on the labelled real pull requests and on arbitrary text.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from evidencer.fastre import lowered
from evidencer.rubric import load_rubric

DATA = Path(__file__).parent / "data" / "labelled_prs.jsonl"


def _patterns() -> list[re.Pattern[str]]:
    rubric = load_rubric()
    rules = [*rubric.routine, *(r for c in rubric.competencies for r in c.rules)]
    return [p for r in rules for p in (r.title, r.body, r.text) if p is not None]


PATTERNS = _patterns()
FAST = [lowered(p) for p in PATTERNS]


def test_every_default_rubric_pattern_has_a_fast_form() -> None:
    assert all(f is not None for f in FAST)


def test_fast_patterns_agree_with_the_rubric_on_real_pull_requests() -> None:
    rows = [json.loads(line) for line in DATA.read_text(encoding="utf-8").splitlines()]
    for row in rows:
        for text in (row["title"], row["body"]):
            for pattern, fast in zip(PATTERNS, FAST, strict=True):
                assert fast is not None
                assert fast.search(text.lower()) == bool(pattern.search(text)), pattern.pattern


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.characters(codec="utf-8"), max_size=80)
       | st.sampled_from(["Fix CRASH in Parser", "BUG: x", "Xfix", "_fix", "fix_", "İstanbul"]))
def test_fast_patterns_agree_with_the_rubric_on_any_text(text: str) -> None:
    for pattern, fast in zip(PATTERNS, FAST, strict=True):
        assert fast is not None
        if len(text.lower()) == len(text):
            assert fast.search(text.lower()) == bool(pattern.search(text)), pattern.pattern


def test_a_pattern_with_a_backreference_is_left_as_it_was() -> None:
    assert lowered(re.compile(r"(a)\1", re.IGNORECASE)) is None


def test_a_case_sensitive_pattern_needs_no_fast_form() -> None:
    assert lowered(re.compile("Fix")) is None


def test_a_leading_boundary_is_checked_by_hand_only_where_the_engine_can_skip_ahead() -> None:
    few = lowered(re.compile(r"\b(typos?|grammar)\b", re.IGNORECASE))
    many = lowered(re.compile(r"\b(alpha|beta|gamma|delta|epsilon|zeta|eta|theta|iota|kappa|"
                              r"lambda|mu|nu|xi|omicron|pi|rho|sigma|tau|upsilon)\b",
                              re.IGNORECASE))
    assert few is not None
    assert few.leading_boundary
    assert many is not None
    assert not many.leading_boundary  # one regex run: no Python loop over candidates
    for text in ("the alphabet", "an Alpha test", "_pi", "pi", "api", "typo", "xtypo"):
        assert many.search(text.lower()) == bool(re.search(many.compiled, text.lower()))


def test_an_ascii_only_pattern_keeps_the_boundary_check_it_always_had() -> None:
    fast = lowered(re.compile(r"(?a)\b(alpha|beta|gamma|delta|epsilon|zeta|eta|theta|iota|"
                              r"kappa|lambda|mu|nu|xi|omicron|pi|rho|sigma|tau|upsilon)",
                              re.IGNORECASE))
    assert fast is not None
    assert fast.leading_boundary


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(["fix", "Fix", "prefix", "tests", "Retry", "İ", "ß", "é",
                                 "_", "-", " ", "\n", "3", "x", "graceful", "CI", "ci "]),
                max_size=12).map("".join))
def test_fast_patterns_agree_with_the_rubric_on_words_and_word_edges(text: str) -> None:
    if len(text.lower()) != len(text):
        return  # "İ" lowers to two characters: positions shift (as above)
    for pattern, fast in zip(PATTERNS, FAST, strict=True):
        assert fast is not None
        assert fast.search(text.lower()) == bool(pattern.search(text)), pattern.pattern


def test_one_pattern_shared_by_rules_is_lowered_once() -> None:
    first = lowered(re.compile(r"\bretry\b", re.IGNORECASE))
    assert first is lowered(re.compile(r"\bretry\b", re.IGNORECASE))
