"""Render report contexts with Jinja2, in a sandbox, escaping outside text by default.

Every ``{{ value }}`` is made inert for Markdown and HTML unless a filter marked it safe.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from importlib import resources
from pathlib import Path
from types import TracebackType
from typing import Any

import jinja2
from jinja2.sandbox import ImmutableSandboxedEnvironment, SandboxedEnvironment
from markupsafe import Markup

from evidencer.errors import TemplateError
from evidencer.mdsafe import escape_block, escape_inline, heading_anchor, md_link, safe_url

BUILTIN_TEMPLATES = ("brag", "team")
# A document evidencer wrote next to this one: a plain file name, nothing that climbs out.
_HOST = re.compile(r"^https?://[^/\s]+")
_DOCUMENT_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*\.(?:md|markdown|json)$")


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


def _refs(text: Any, item: Any = None, max_length: int | None = None) -> Markup:
    """Text with ``#12`` and ``owner/repo#12`` linked to the issue in the item's repository
    (on the item's own GitHub host); with no such item, references become code spans."""
    linker = None
    url = item.get("url") if isinstance(item, Mapping) else None
    repo = item.get("repo") if isinstance(item, Mapping) else None
    host = _HOST.match(url) if isinstance(url, str) and isinstance(repo, str) else None
    if host is not None and isinstance(url, str) and f"/{repo}/" in url:
        base = host.group(0)

        def linker(ref_repo: str, number: str) -> str:
            return f"{base}/{ref_repo or repo}/issues/{number}"
    return Markup(escape_inline(str(text or ""), max_length=max_length, refs=linker))


def _quote(text: Any, max_length: int | None = 600) -> Markup:
    return Markup(escape_block(str(text or ""), max_length=max_length, quote=True))


def _url(url: Any) -> Markup:
    return Markup(safe_url(str(url)) if url else "")


def _doc(text: Any, name: Any) -> Markup:
    """A link to a sibling document by file name (the team view's links), else the text."""
    label = escape_inline(str(text or ""))
    if isinstance(name, str) and _DOCUMENT_NAME.match(name) and ".." not in name:
        return Markup(f"[{label}]({name})")
    return Markup(label)


def _anchor(text: Any) -> Markup:
    """GitHub's anchor for a heading with this text; only letters, digits, ``-`` and ``_``."""
    return Markup(heading_anchor(str(text or "")))


def _date(value: Any) -> str:
    if isinstance(value, str):
        return value[:10]
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()[:10]
    return str(value)


def _role(value: Any) -> str:
    return str(value).replace("_", " ")


def make_environment(search_path: Path) -> SandboxedEnvironment:
    """A sandbox that also refuses to change the context (``items.pop()``, ``dict.update``)."""
    env = ImmutableSandboxedEnvironment(
        loader=jinja2.FileSystemLoader([str(search_path), str(templates_dir())]),
        autoescape=False,
        finalize=_finalize,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        undefined=jinja2.StrictUndefined,
    )
    env.filters.update(
        md=_md, link=_link, quote=_quote, url=_url, day=_date, role=_role, doc=_doc,
        anchor=_anchor, refs=_refs,
    )
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
    """Render a built-in or user template; any failure is one TemplateError line.

    The message names the template file and, when Jinja knows it, the line.
    """
    directory, filename = resolve_template(template, default)
    env = make_environment(directory)
    try:
        loaded = env.get_template(filename)
    except jinja2.TemplateSyntaxError as exc:
        raise TemplateError(f"{exc.filename or filename}:{exc.lineno}: {exc.message}") from exc
    except jinja2.TemplateError as exc:
        raise TemplateError(f"{filename}: {_one_line(exc)}") from exc
    try:
        text = loaded.render(**context)
    except jinja2.TemplateSyntaxError as exc:  # an {% include %} of a broken template
        raise TemplateError(f"{exc.filename or filename}:{exc.lineno}: {exc.message}") from exc
    except jinja2.exceptions.SecurityError as exc:
        where = _where(exc.__traceback__, path=loaded.filename, filename=filename)
        raise TemplateError(f"{where}: the template tried something unsafe: {exc}") from exc
    except jinja2.TemplateError as exc:
        where = _where(exc.__traceback__, path=loaded.filename, filename=filename)
        raise TemplateError(f"{where}: {_one_line(exc)}") from exc
    except (ArithmeticError, AttributeError, LookupError, TypeError, ValueError) as exc:
        where = _where(exc.__traceback__, path=loaded.filename, filename=filename)
        raise TemplateError(f"{where}: {type(exc).__name__}: {_one_line(exc)}") from exc
    return text.rstrip("\n") + "\n"


def _one_line(exc: BaseException) -> str:
    return " ".join(str(exc).split()) or type(exc).__name__


def _where(tb: TracebackType | None, *, path: str | None, filename: str) -> str:
    """``name:line`` of the deepest frame in the template (Jinja maps frames to its lines)."""
    line = None
    while tb is not None:
        if path and tb.tb_frame.f_code.co_filename == path:
            line = tb.tb_lineno
        tb = tb.tb_next
    return f"{filename}:{line}" if line else filename
