"""User templates: what the sandbox refuses, how a broken template is reported, what works.

Every refusal is one line on stderr naming the template file and line, with exit code 1.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from click.testing import Result

from evidencer.errors import TemplateError
from evidencer.render.jinja import render
from tests.conftest import Cli
from tests.support.gitrepo import GitRepo
from tests.support.history import PERIOD, at
from tests.support.mdcheck import check_document


@pytest.fixture
def committed(run_cli: Cli, tmp_path: Path) -> GitRepo:
    repo = GitRepo(tmp_path / "widgets")
    repo.commit("fix: retry uploads when S3 times out", date=at("2026-02-01"),
                files={"src/upload.py": "retry\n"})
    return repo


def brag_with(run_cli: Cli, tmp_path: Path, template: str, *extra: str) -> Result:
    path = tmp_path / "mine.md.j2"
    path.write_text(template, encoding="utf-8")
    return run_cli("brag", "--offline", "--repo", "widgets", "--store", run_cli.store, *PERIOD,
                   "--template", path, *extra)


@pytest.mark.parametrize(
    ("template", "message"),
    [
        ("{{ ''.__class__.__mro__ }}",
         "mine.md.j2:1: the template tried something unsafe: access to attribute "
         "'__class__' of 'str' object is unsafe."),
        ("# Title\n\n{{ cycler.__init__.__globals__ }}",
         "mine.md.j2:3: the template tried something unsafe: access to attribute "
         "'__init__' of 'type' object is unsafe."),
        ("{{ lipsum.__globals__['os'] }}",
         "mine.md.j2:1: the template tried something unsafe: access to attribute "
         "'__globals__' of 'function' object is unsafe."),
        ("{{ items.pop() }}",
         "mine.md.j2:1: the template tried something unsafe: access to attribute 'pop' of "
         "'list' object is unsafe."),
        ("{% set _ = summary.update({'x': 1}) %}",
         "mine.md.j2:1: the template tried something unsafe: access to attribute 'update' "
         "of 'dict' object is unsafe."),
    ],
)
def test_the_sandbox_refuses_python_internals_with_one_line_and_exit_1(
    committed: GitRepo, run_cli: Cli, tmp_path: Path, template: str, message: str
) -> None:
    result = brag_with(run_cli, tmp_path, template)

    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr == f"evidencer: error: {message}\n"


@pytest.mark.parametrize(
    ("template", "message"),
    [
        ("line\n{{ 1 + 'a' }}",
         "mine.md.j2:2: TypeError: unsupported operand type(s) for +: 'int' and 'str'"),
        ("{{ no_such_name }}", "mine.md.j2:1: 'no_such_name' is undefined"),
        ("{{ 1 / 0 }}", "mine.md.j2:1: ZeroDivisionError: division by zero"),
    ],
)
def test_a_template_that_fails_while_rendering_names_its_line(
    committed: GitRepo, run_cli: Cli, tmp_path: Path, template: str, message: str
) -> None:
    result = brag_with(run_cli, tmp_path, template)

    assert result.exit_code == 1
    assert result.stderr == f"evidencer: error: {message}\n"


def test_a_user_template_can_use_the_shared_macros_and_safe_filters(
    committed: GitRepo, run_cli: Cli, tmp_path: Path
) -> None:
    template = (
        '{% import "macros.j2" as m %}\n'
        "# {{ person.label }}\n\n"
        "{% for item in highlights %}\n{{ m.highlight(item)|safe }}\n{% endfor %}\n"
        "\n[top](#{{ 'Weird & Wonderful: Title!'|anchor }})\n"
    )

    result = brag_with(run_cli, tmp_path, template, "--author", "Alice Doe")

    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("# Alice Doe\n\n- **[fix: retry uploads when S3 times out](")
    assert result.stdout.endswith("[top](#weird--wonderful-title)\n")


def test_the_team_template_without_per_person_is_the_view_of_one_person(
    committed: GitRepo, run_cli: Cli
) -> None:
    result = run_cli("brag", "--offline", "--repo", "widgets", "--store", run_cli.store,
                     *PERIOD, "--template", "team", "--author", "Alice Doe")

    assert result.exit_code == 0, result.output
    parsed = check_document(result.stdout)
    assert parsed.headings[:3] == [
        (1, "Team evidence: 2026-01-01 to 2026-06-30"), (2, "People and competencies"),
        (2, "Alice Doe"),
    ]
    assert "\n---\n" not in result.stdout


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("alice-doe.md", "[Alice](alice-doe.md)"),
        ("../secrets.md", "Alice"),
        ("javascript:alert(1).md", "Alice"),
        ("/etc/passwd.md", "Alice"),
        ("notes.txt", "Alice"),
        (None, "Alice"),
    ],
)
def test_the_doc_filter_links_only_sibling_documents(name: str | None, expected: str) -> None:
    assert render_string("{{ 'Alice'|doc(name) }}", name=name) == expected + "\n"


def test_heading_anchors_follow_githubs_rules() -> None:
    text = "{{ 'Customer Value'|anchor }} {{ 'Value & Care (2)'|anchor }} {{ 'Ünïcode Ok'|anchor }}"

    assert render_string(text) == "customer-value value--care-2 ünïcode-ok\n"


def test_a_syntax_error_names_the_file_and_line(tmp_path: Path) -> None:
    path = tmp_path / "broken.md.j2"
    path.write_text("# ok\n{% for x in %}\n", encoding="utf-8")

    with pytest.raises(TemplateError, match=r"broken\.md\.j2:2: Expected an expression"):
        render(str(path), {})


def render_string(source: str, **context: object) -> str:
    from evidencer.render.jinja import make_environment
    from evidencer.render.templates import templates_dir

    env = make_environment(templates_dir())
    return env.from_string(source).render(**context).rstrip("\n") + "\n"


@pytest.mark.parametrize(("subject", "ending"), [
    ("Fix a crash when the cache is empty.", "cache is empty]."),  # no stop after the stop
    ("Fix a crash when the cache is empty", "cache is empty]."),
    ("Fix a crash when the cache is empty...", "cache is empty...]"),
    # a title cut short ends with its ellipsis, no stop after it (gin's "for clarity and….")
    ("Fix a crash when the cache is empty and the upload queue drains at startup on Windows",
     "queue drains at…]"),
])
def test_the_strongest_at_a_glance_end_with_one_full_stop(
    run_cli: Cli, tmp_path: Path, subject: str, ending: str
) -> None:
    # tmux's subjects are sentences: "Show what we have found during configure.."
    repo = GitRepo(tmp_path / "widgets")
    repo.commit(subject, date=at("2026-02-01"), files={"src/cache.c": "fixed\n" * 30})

    result = run_cli("brag", "--offline", "--repo", "widgets", "--store", run_cli.store,
                     *PERIOD, "--author", "alice@example.com")

    assert result.exit_code == 0, result.output
    glance = next(line for line in result.stdout.splitlines()
                  if line.startswith("**[Product Stability]"))
    assert re.sub(r"\]\([^)]*\)", "]", glance).endswith(ending)


def test_titles_joined_in_a_list_lose_their_own_full_stop(run_cli: Cli, tmp_path: Path) -> None:
    # htop: "Strongest: Introduce isPercentChart member to Meter class.; Add …"
    repo = GitRepo(tmp_path / "widgets")
    repo.commit("Fix a crash when the cache is empty.", date=at("2026-02-01"),
                files={"src/cache.c": "fixed\n" * 30})
    repo.commit("Fix a leak in the uploader.", date=at("2026-02-02"),
                files={"src/upload.c": "fixed\n" * 40})

    result = run_cli("brag", "--offline", "--repo", "widgets", "--store", run_cli.store,
                     *PERIOD, "--author", "alice@example.com")

    assert result.exit_code == 0, result.output
    glance = next(line for line in result.stdout.splitlines()
                  if line.startswith("**[Product Stability]"))
    plain = re.sub(r"\]\([^)]*\)", "]", glance)
    assert "Strongest: " in plain and ".];" not in plain and ".;" not in plain
    assert plain.endswith("].")
