"""Rubric and config regexes that would backtrack for hours on hostile text are refused.

A PR bot runs the repository's rubric on strangers' titles and bodies: a pattern such as
``(a+)+$`` or ``a.*b.*c`` must be refused when the rubric is loaded, with the file, the
line and the key; patterns people really write still load.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from evidencer.config import load_config
from evidencer.errors import ConfigError
from evidencer.regexguard import backtracking_risk
from evidencer.rubric import load_rubric
from tests.conftest import Cli

CATASTROPHIC = [
    r"(a+)+$",
    r"(a|aa)+$",
    r"(.*a){20}",
    r"(a?){25}a{25}",
    r"\b(\w+\s?)+$",
    r"(x+x+)+y",
    r"(?:a|b|ab)*c",
    r"^(([a-z])+.)+[A-Z]([a-z])+$",
    r"(\w+\d+)+C",
    r"(fix|fixes)+ the",
    r"a.*b.*c",
    r".*a.*b",
    r"a*a*b",
    r"\s*\s*$",
    r"x+x+y",
    r"[^x]*[^y]*z",
]
WRITTEN_BY_PEOPLE = [
    r"fix.*crash",
    r"\bretr(y|ies|ied)\b",
    r"^\w+: .*\bfix",
    r"(?:foo|bar)+baz",
    r"\w+\s+\w+ timeout",
    r"\d+\s*ms\b",
    r"^(?!.*\bwip\b).*\bcustomers?\b",
    r"\b(user|customer)s?\b[^.\n]{0,40}\breport\w*",
    r"[a-z0-9.-]+@[a-z0-9.-]+\.com",
]


def rubric_with(pattern: str, folder: Path) -> Path:
    path = folder / "ladder.yml"
    path.write_text(
        "name: ladder\ncompetencies:\n  - id: product-stability\n    rules:\n"
        f"      - id: r1\n        labels: [bug]\n      - id: r2\n        title: '{pattern}'\n",
        encoding="utf-8",
    )
    return path


@pytest.mark.parametrize("pattern", CATASTROPHIC)
def test_a_catastrophic_pattern_is_refused_naming_file_line_and_key(
    pattern: str, tmp_path: Path
) -> None:
    path = rubric_with(pattern, tmp_path)
    with pytest.raises(ConfigError) as refused:
        load_rubric(path)
    message = str(refused.value)
    assert message.startswith(
        f"{path}:8: regular expression in 'competencies[0].rules[1].title': {pattern!r} "
        "could run for hours on hostile text: "
    )
    assert "\n" not in message


@pytest.mark.parametrize("pattern", WRITTEN_BY_PEOPLE)
def test_patterns_people_write_still_load(pattern: str, tmp_path: Path) -> None:
    assert load_rubric(rubric_with(pattern, tmp_path)).competencies[0].rules[1].title


def test_the_default_rubric_passes_its_own_guard() -> None:
    # Loading the shipped rubric skips the guard to start faster: this is where it runs.
    rubric = load_rubric(None)
    rules = [*rubric.routine, *(r for c in rubric.competencies for r in c.rules)]
    patterns = [p.pattern for r in rules for p in (r.title, r.body, r.text) if p is not None]
    assert len(patterns) > 40
    assert {p: backtracking_risk(p) for p in patterns if backtracking_risk(p)} == {}


def test_a_catastrophic_exclusion_in_the_config_is_refused_too(tmp_path: Path) -> None:
    path = tmp_path / "evidencer.yml"
    path.write_text("excludes:\n  titles:\n    - '^WIP'\n    - '(a|aa)+$'\n", encoding="utf-8")
    with pytest.raises(ConfigError, match=rf"^{path}:4: regular expression in "
                       r"'excludes.titles\[1\]': '\(a\|aa\)\+\$' could run for hours"):
        load_config(path)


def test_classify_with_a_catastrophic_rubric_is_one_line_and_exit_1(
    run_cli: Cli, tmp_path: Path
) -> None:
    path = rubric_with(r"(\w+\s?)+$", tmp_path)
    result = run_cli("classify", "--rubric", path, input='{"title": "x"}\n')
    assert result.exit_code == 1
    assert result.stderr.startswith(f"evidencer: error: {path}:8: regular expression in ")
    assert result.stderr.count("\n") == 1


# -- generated patterns: refused, or quick on text built to make them backtrack ---------

ATOMS = ["a", "b", ".", r"\w", r"\s", r"\d", "[ab]", "[^a]", " ", "x"]
QUANTIFIERS = ["", "", "*", "+", "?", "{2}", "{0,3}", "{2,}", "*?", "+?"]


def _quantified(inner: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    return st.tuples(inner, st.sampled_from(QUANTIFIERS)).map("".join)


patterns = st.recursive(
    _quantified(st.sampled_from(ATOMS)),
    lambda inner: st.one_of(
        st.lists(inner, min_size=1, max_size=4).map("".join),
        _quantified(st.lists(inner, min_size=1, max_size=3).map(lambda p: f"({''.join(p)})")),
        _quantified(st.lists(inner, min_size=2, max_size=3).map(lambda p: f"(?:{'|'.join(p)})")),
    ),
    max_leaves=8,
).flatmap(lambda p: st.sampled_from([p, f"^{p}", f"{p}$", f"{p}x"]))

# Searches each accepted pattern on 10,000 characters made to make it backtrack, in a
# process of its own: one the guard let through that backtracks exponentially would run
# for ever, and is stopped (a bound for hangs, far above any accepted pattern's time).
_SEARCH = """
import re, sys
pattern = re.compile(sys.argv[1], re.IGNORECASE)
for unit in ("a", "ab", "a "):
    pattern.search(unit * (10_000 // len(unit)) + "!")
"""


@settings(max_examples=60, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.too_slow])
@given(patterns)
def test_a_pattern_the_guard_accepts_never_hangs_on_hostile_text(pattern: str) -> None:
    try:
        risk = backtracking_risk(pattern)
    except Exception as exc:  # the guard itself must never fail
        raise AssertionError(f"guard raised on {pattern!r}") from exc
    assert risk is None or isinstance(risk, str)
    if risk is not None:
        return
    try:
        subprocess.run([sys.executable, "-c", _SEARCH, pattern], check=True, timeout=120,
                       capture_output=True)
    except subprocess.TimeoutExpired:
        pytest.fail(f"accepted {pattern!r}, which backtracks for minutes on hostile text")
    except subprocess.CalledProcessError:
        pass  # not a valid pattern at all: re.compile's own error names it


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=40))
def test_the_guard_never_raises_on_any_text(text: str) -> None:
    risk = backtracking_risk(text)
    assert risk is None or isinstance(risk, str)


@pytest.mark.parametrize(
    "pattern", [r"(a)\1+", r"(?P<w>\w+)-(?P=w)", r"(x)?(?(1)y|z)", r"((a)|b)\2*c"]
)
def test_a_backreference_is_judged_not_crashed_on(pattern: str) -> None:
    risk = backtracking_risk(pattern)
    assert risk is None or isinstance(risk, str)


def test_a_repeated_word_rule_with_a_backreference_loads(tmp_path: Path) -> None:
    pattern = r"\b(\w+) \1\b"
    assert load_rubric(rubric_with(pattern, tmp_path)).competencies[0].rules[1].title
