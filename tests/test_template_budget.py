"""A user's template runs on a budget: loops, output, the values it builds, nesting.

Past any of them the render stops with one line naming the template, exit 1, and no
output file: ``{% for %}`` inside ``{% for %}`` over ``range(100000)`` would otherwise run
for hours, and ``'x' * 10**9`` or a doubling string would fill memory.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import Result

from evidencer.render.jinja import MAX_ITERATIONS, MAX_OUTPUT, MAX_VALUE, make_environment
from tests.conftest import Cli
from tests.support.gitrepo import GitRepo
from tests.support.history import PERIOD, at

LOOPS = f"render stopped: more than {MAX_ITERATIONS:,} loop iterations"
OUTPUT = f"render stopped: more than {MAX_OUTPUT:,} characters of output"
VALUE = f"render stopped: a value of more than {MAX_VALUE:,} characters"


@pytest.fixture
def committed(tmp_path: Path) -> GitRepo:
    repo = GitRepo(tmp_path / "widgets")
    repo.commit("fix: retry uploads when S3 times out", date=at("2026-02-01"),
                files={"src/upload.py": "retry\n"})
    return repo


def brag_with(run_cli: Cli, tmp_path: Path, template: str) -> Result:
    path = tmp_path / "mine.md.j2"
    path.write_text(template, encoding="utf-8")
    return run_cli("brag", "--offline", "--repo", "widgets", "--store", run_cli.store, *PERIOD,
                   "--template", path, "-o", tmp_path / "out.md")


@pytest.mark.parametrize(
    ("template", "stopped"),
    [
        ("{% for a in range(100000) %}{% for b in range(100000) %}{% endfor %}{% endfor %}",
         LOOPS),
        ("{% macro f(n) %}{% for i in range(10) %}{% endfor %}{% endmacro %}"
         "{% for a in range(100000) %}{{ f(a) }}{% endfor %}", LOOPS),
        ("{% for a in range(100000) %}{{ 'x' * 1000 }}{% endfor %}", OUTPUT),
        ("{% set y %}{% for a in range(100000) %}" + "x" * 200
         + "{% endfor %}{% endset %}{{ y|length }}", OUTPUT),
        ("{% set ns = namespace(s='x') %}{% for i in range(60) %}{% set y %}{{ ns.s }}"
         "{{ ns.s }}{% endset %}{% set ns.s = y %}{% endfor %}", OUTPUT),
        ("{{ 'a' * 1000000000 }}", VALUE),
        ("{{ ['a'] * 1000000000 }}", VALUE),
        ("{% set ns = namespace(s='x') %}{% for i in range(60) %}{% set ns.s = ns.s ~ ns.s %}"
         "{% endfor %}", VALUE),
        ("{% set ns = namespace(s='x') %}{% for i in range(60) %}{% set ns.s = ns.s + ns.s %}"
         "{% endfor %}", VALUE),
        ("{% set l = ['x' * 9000000] %}{{ (l * 2)|join }}", VALUE),
        ("{{ 'a'|center(1000000000) }}", VALUE),
        ("{{ 'a'.ljust(1000000000) }}", VALUE),
        ("{{ '{:>999999999}'.format(1) }}", VALUE),
        ("{{ '%999999999d' % 1 }}", VALUE),
        ("{{ '%*d' % (999999999, 1) }}", VALUE),
        ("{{ '%999999999d'|format(1) }}", VALUE),
        ("{{ 2 ** 100000000 }}", "render stopped: a number too big to compute"),
        ("{% macro f(n) %}{{ f(n + 1) }}{% endmacro %}{{ f(0) }}",
         "render stopped: calls nest too deeply"),
        ("{% for x in [1] recursive %}{{ loop([x]) }}{% endfor %}",
         "render stopped: calls nest too deeply"),
    ],
)
def test_a_template_past_its_budget_stops_with_one_line_naming_it(
    committed: GitRepo, run_cli: Cli, tmp_path: Path, template: str, stopped: str
) -> None:
    result = brag_with(run_cli, tmp_path, template)

    assert result.exit_code == 1
    assert result.stderr == f"evidencer: error: mine.md.j2: {stopped}\n"
    assert not (tmp_path / "out.md").exists()


def test_an_included_template_shares_the_budget(
    committed: GitRepo, run_cli: Cli, tmp_path: Path
) -> None:
    (tmp_path / "inner.md.j2").write_text(
        "{% for b in range(100000) %}{% endfor %}", encoding="utf-8")
    result = brag_with(run_cli, tmp_path,
                       "{% for a in range(20) %}{% include 'inner.md.j2' %}{% endfor %}")

    assert result.exit_code == 1
    assert result.stderr == f"evidencer: error: mine.md.j2: {LOOPS}\n"


def test_a_set_cannot_replace_the_budget_hooks(
    committed: GitRepo, run_cli: Cli, tmp_path: Path
) -> None:
    result = brag_with(run_cli, tmp_path,
                       "{% set loop = none %}{% set environment = none %}"
                       "{% set extensions = none %}{% set Budget = none %}"
                       "{% for a in range(100000) %}{% for b in range(100000) %}{% endfor %}"
                       "{% endfor %}")

    assert result.exit_code == 1
    assert result.stderr == f"evidencer: error: mine.md.j2: {LOOPS}\n"


def test_work_within_the_budget_renders_as_before(
    committed: GitRepo, run_cli: Cli, tmp_path: Path
) -> None:
    template = (
        "{% for a in range(900) %}{% for b in range(1000) %}{% endfor %}{% endfor %}"
        "{{ '%d' % 123456789012 }} {{ '%d'|format(123456789012) }} {{ 10 ** 12 }} "
        "{{ 'x' * 10 ~ 'y' }} {{ '%5d' % 3 }} {{ '{:>4}'.format(1) }} {{ 'a'|center(5) }}\n"
        "{% for item in items %}{{ item.title }}{% endfor %}\n"
    )
    result = brag_with(run_cli, tmp_path, template)

    assert result.exit_code == 0, result.stderr
    assert (tmp_path / "out.md").read_text(encoding="utf-8") == (
        "123456789012 123456789012 1000000000000 xxxxxxxxxxy 3 1 a\n"
        "fix: retry uploads when S3 times out\n"
    )


def test_the_budget_changes_no_output(tmp_path: Path) -> None:
    template = (
        "{% macro row(i) %}- {{ i.title }} ({{ i.labels|join(', ') }}){% endmacro %}\n"
        "{% for i in items if i.title %}{{ row(i) }}{% if not loop.last %}\n{% endif %}"
        "{% else %}none{% endfor %}\n"
        "{% set ns = namespace(n=0) %}{% for i in items %}{% set ns.n = ns.n + 1 %}{% endfor %}"
        "{{ ns.n }} {{ '%.1f' % 2.25 }} {{ 'a' ~ 1 ~ none }} {{ items|map(attribute='title')"
        "|join('; ') }} {{ '<b>@x</b>' }} {{ '*md*'|md }}\n"
        "{% set block %}{{ items|length }} items{% endset %}{{ block|upper }}\n"
    )
    (tmp_path / "t.md.j2").write_text(template, encoding="utf-8")
    items = [{"title": "fix: a <b>", "labels": ["bug", "p1"]}, {"title": "", "labels": []},
             {"title": "feat @alice", "labels": ["x"]}]
    bounded = make_environment(tmp_path, bounded=True).get_template("t.md.j2")
    plain = make_environment(tmp_path).get_template("t.md.j2")
    assert bounded.render(items=items) == plain.render(items=items)
    assert "fix: a" in plain.render(items=items)
