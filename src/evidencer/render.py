"""Render report contexts with Jinja2, in a sandbox, escaping outside text by default.

Every ``{{ value }}`` is made inert for Markdown and HTML unless a filter marked it safe.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from importlib import resources
from pathlib import Path
from typing import Any

import jinja2
from jinja2.sandbox import SandboxedEnvironment
from markupsafe import Markup

from evidencer.errors import TemplateError
from evidencer.mdsafe import escape_block, escape_inline, md_link, safe_url

BUILTIN_TEMPLATES = ("brag",)


def templates_dir() -> Path:
    """Templates ship inside the wheel; in a source checkout they live at the top level."""
    packaged = resources.files("evidencer") / "templates"
    if packaged.is_dir():
        return Path(str(packaged))
    return Path(__file__).resolve().parents[2] / "templates"


def _finalize(value: Any) -> Any:
    if isinstance(value, Markup):
        return str(value)
    if value is None:
        return ""
    if isinstance(value, str):
        return escape_inline(value)
    return value


def _link(text: Any, url: Any, max_length: int | None = None) -> Markup:
    return Markup(md_link(str(text), str(url) if url else None, max_length=max_length))


def _md(text: Any, max_length: int | None = None) -> Markup:
    return Markup(escape_inline(str(text or ""), max_length=max_length))


def _quote(text: Any, max_length: int | None = 600) -> Markup:
    return Markup(escape_block(str(text or ""), max_length=max_length, quote=True))


def _url(url: Any) -> Markup:
    return Markup(safe_url(str(url)) if url else "")


def _date(value: Any) -> str:
    if isinstance(value, str):
        return value[:10]
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()[:10]
    return str(value)


def _role(value: Any) -> str:
    return str(value).replace("_", " ")


def make_environment(search_path: Path) -> SandboxedEnvironment:
    env = SandboxedEnvironment(
        loader=jinja2.FileSystemLoader([str(search_path), str(templates_dir())]),
        autoescape=False,
        finalize=_finalize,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        undefined=jinja2.StrictUndefined,
    )
    env.filters.update(md=_md, link=_link, quote=_quote, url=_url, day=_date, role=_role)
    return env


def resolve_template(name_or_path: str | None, default: str = "brag") -> tuple[Path, str]:
    """A built-in name (``brag``) or a path to a ``.j2`` file -> (search dir, file name)."""
    name = name_or_path or default
    candidate = Path(name).expanduser()
    if candidate.suffix in {".j2", ".jinja", ".jinja2", ".md"} or "/" in name:
        if not candidate.is_file():
            raise TemplateError(f"--template: no such template file: {candidate}")
        return candidate.resolve().parent, candidate.name
    builtin = templates_dir() / f"{name}.md.j2"
    if not builtin.is_file():
        known = ", ".join(BUILTIN_TEMPLATES)
        raise TemplateError(
            f"--template: unknown template '{name}'; use one of {known} or a path to a .j2 file"
        )
    return builtin.parent, builtin.name


def render(template: str | None, context: Mapping[str, Any], *, default: str = "brag") -> str:
    directory, filename = resolve_template(template, default)
    env = make_environment(directory)
    try:
        text = env.get_template(filename).render(**context)
    except jinja2.TemplateSyntaxError as exc:
        raise TemplateError(f"{exc.filename or filename}:{exc.lineno}: {exc.message}") from exc
    except jinja2.exceptions.SecurityError as exc:
        raise TemplateError(f"{filename}: the template tried something unsafe: {exc}") from exc
    except jinja2.UndefinedError as exc:
        raise TemplateError(f"{filename}: {exc.message}") from exc
    return text.rstrip("\n") + "\n"
