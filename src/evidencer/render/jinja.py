"""Render report contexts with Jinja2, in a sandbox, escaping outside text by default.

Every ``{{ value }}`` is made inert for Markdown and HTML unless a filter marked it safe.
A user's template also runs on a budget (``Budget``): loop iterations and calls, characters
of output (written or captured by ``{% set %}``), the size of any value it builds, and
time. Past one, the render stops with one line naming the template.
"""

from __future__ import annotations

import datetime as dt
import functools
import operator
import re
import time
from collections.abc import Callable, Iterable, Iterator, Mapping
from pathlib import Path
from types import TracebackType
from typing import Any

import jinja2
from jinja2 import nodes
from jinja2.ext import Extension
from jinja2.runtime import Context
from jinja2.sandbox import ImmutableSandboxedEnvironment, SandboxedEnvironment
from jinja2.visitor import NodeTransformer
from markupsafe import Markup

from evidencer.errors import TemplateError
from evidencer.render.mdsafe import escape_block, escape_inline, heading_anchor, md_link, safe_url
from evidencer.render.templates import resolve_template, templates_dir
from evidencer.scrub import scrub

# A document evidencer wrote next to this one: a plain file name, nothing that climbs out.
_HOST = re.compile(r"^https?://[^/\s]+")
_DOCUMENT_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*\.(?:md|markdown|json)$")


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


def _unstop(text: Any) -> str:
    """A title without its full stop, for a list that joins titles with "; " ("Introduce
    isPercentChart member to Meter class.; Add …" read as a typo); "..." stays."""
    value = str(text or "")
    return value[:-1] if value.endswith(".") and not value.endswith("..") else value


def _md(text: Any, max_length: int | None = None) -> Markup:
    return Markup(escape_inline(str(text or ""), max_length=max_length))


def _refs(text: Any, item: Any = None, max_length: int | None = None) -> Markup:
    """Text with ``#12`` and ``owner/repo#12`` linked to the issue in the item's repository
    (on the item's own GitHub or GitLab host); with no such item, references become code
    spans."""
    linker = None
    url = item.get("url") if isinstance(item, Mapping) else None
    repo = item.get("repo") if isinstance(item, Mapping) else None
    host = _HOST.match(url) if isinstance(url, str) and isinstance(repo, str) else None
    if host is not None and isinstance(url, str) and f"/{repo}/" in url:
        base = host.group(0)
        issues = "-/issues" if f"/{repo}/-/" in url else "issues"  # GitLab's, or GitHub's

        def linker(ref_repo: str, number: str) -> str:
            return f"{base}/{ref_repo or repo}/{issues}/{number}"
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


# A user template's budget for one render. Generous for any real document (the built-in
# templates need a few thousand iterations and some kilobytes for a year of work).
MAX_ITERATIONS = 1_000_000  # loop iterations plus calls (macros, methods, loop())
MAX_OUTPUT = 10_000_000  # characters written, or captured by {% set %} blocks
MAX_VALUE = 10_000_000  # characters (or items) of any one value the template builds
MAX_SECONDS = 60.0
_MAX_POWER_BITS = 100_000  # 2 ** 100000 is instant; (9 ** 9) ** 9 ** 9 is not
_BIG_NUMBER = re.compile(r"\d{8,}")  # a width or precision this big in a format string


class RenderStopped(Exception):
    """The template went past its budget; the message says which, in words."""


class Budget(Extension):
    """Counts a render's work. The parsed template is rewritten so that every loop's
    iterable, every output and every ``~`` passes through here (``_Bounder``); calls,
    filters and the ``* ** + %`` operators are checked by ``BoundedEnvironment``."""

    identifier = "evidencer.render.jinja.Budget"

    def __init__(self, environment: jinja2.Environment) -> None:
        super().__init__(environment)
        self.iterations = 0
        self.output = 0
        self.deadline = time.monotonic() + MAX_SECONDS

    def step(self, count: int = 1) -> None:
        self.iterations += count
        if self.iterations > MAX_ITERATIONS:
            raise RenderStopped(f"more than {MAX_ITERATIONS:,} loop iterations")
        if time.monotonic() > self.deadline:
            raise RenderStopped(f"more than {MAX_SECONDS:.0f} seconds")

    def loop(self, iterable: Iterable[Any]) -> Iterator[Any]:
        for value in iterable:
            self.step()
            yield value

    def out(self, value: Any) -> Any:
        """An output value, before it is finalized (escaped) as before."""
        self._wrote(len(value) if isinstance(value, str) else 16)
        return value

    def text(self, value: str) -> Markup:
        """Literal template text: counted too (a loop can repeat it), never escaped."""
        self._wrote(len(value))
        return Markup(value)

    def concat(self, *values: Any) -> str:
        parts = [str(v) for v in values]
        check_size(sum(map(len, parts)))
        return "".join(parts)

    def _wrote(self, size: int) -> None:
        self.output += size
        if self.output > MAX_OUTPUT:
            raise RenderStopped(f"more than {MAX_OUTPUT:,} characters of output")
        self.step(0)


def check_size(size: int) -> None:
    if size > MAX_VALUE:
        raise RenderStopped(f"a value of more than {MAX_VALUE:,} characters")


def _size(value: Any) -> int:
    """Characters (or items) in ``value``, counting the strings a list or tuple holds."""
    if isinstance(value, str):
        return len(value)
    if isinstance(value, (list, tuple)):
        return len(value) + sum(len(v) for v in value if isinstance(v, str))
    return 0


def _check_arguments(args: Iterable[Any], *, widths: bool = False) -> None:
    """Before a call: no value already past the budget, no format string asking for a huge
    field (``"%999999999d"``) and, with ``widths`` (string methods, width filters such as
    ``center(10**9)``), no number past it."""
    for arg in args:
        if isinstance(arg, int) and not isinstance(arg, bool):
            if widths:
                check_size(abs(arg))
            continue
        check_size(_size(arg))
        if isinstance(arg, str) and _BIG_NUMBER.search(arg) and ("%" in arg or "{" in arg):
            check_size(MAX_VALUE + 1)


# Filters whose number arguments are sizes of what they build.
_WIDTH_FILTERS = frozenset({"center", "indent", "wordwrap", "batch", "slice", "truncate"})


def _star_widths(format_string: Any) -> bool:
    """Whether a %-format takes widths from its arguments (``"%*d" % (10**9, 1)``)."""
    return isinstance(format_string, str) and "*" in format_string


class _Bounder(NodeTransformer):
    """Routes a parsed template's loops, outputs and ``~`` through the Budget extension.

    Extension attributes are looked up on the environment, not among the template's
    variables, so no ``{% set %}`` can replace them.
    """

    @staticmethod
    def _hook(name: str, args: list[nodes.Expr], lineno: int) -> nodes.Call:
        call = nodes.Call(nodes.ExtensionAttribute(Budget.identifier, name), args, [],
                          None, None)
        call.set_lineno(lineno)
        return call

    def visit_For(self, node: nodes.For) -> nodes.Node:
        self.generic_visit(node)
        node.iter = self._hook("loop", [node.iter], node.lineno)  # type: ignore[list-item]
        return node

    def visit_Concat(self, node: nodes.Concat) -> nodes.Node:
        self.generic_visit(node)
        return self._hook("concat", list(node.nodes), node.lineno)

    def visit_Output(self, node: nodes.Output) -> nodes.Node:
        self.generic_visit(node)
        node.nodes = [
            self._hook("text", [nodes.Const(child.data)], child.lineno)
            if isinstance(child, nodes.TemplateData)
            else self._hook("out", [child], child.lineno)
            for child in node.nodes
        ]
        return node


_BINOPS: dict[str, Callable[[Any, Any], Any]] = {
    "*": operator.mul, "**": operator.pow, "+": operator.add, "%": operator.mod,
}


class BoundedEnvironment(ImmutableSandboxedEnvironment):
    """The sandbox, with a user template's work bounded (see Budget)."""

    intercepted_binops = frozenset(_BINOPS)

    def __init__(self, **options: Any) -> None:
        super().__init__(extensions=[Budget], **options)

    @property
    def budget(self) -> Budget:
        found: Budget = self.extensions[Budget.identifier]  # type: ignore[assignment]
        return found

    def _parse(self, source: str, name: str | None, filename: str | None) -> nodes.Template:
        tree: nodes.Template = _Bounder().visit(super()._parse(source, name, filename))
        tree.set_environment(self)
        return tree

    def call(__self, __context: Context, __obj: Any, *args: Any,
             **kwargs: Any) -> Any:
        budget = __self.budget
        if getattr(__obj, "__self__", None) is budget:  # the Budget's own hooks
            return __context.call(__obj, *args, **kwargs)
        budget.step()
        _check_arguments((*args, *kwargs.values()), widths=isinstance(
            getattr(__obj, "__self__", None), (str, bytes, list, tuple)))
        format_string = getattr(getattr(__obj, "__wrapped__", None), "__self__", None)
        if isinstance(format_string, str):  # "{:>999999999}".format(x)
            _check_arguments((format_string,))
        if isinstance(__obj, jinja2.runtime.LoopContext) and args:  # a recursive loop()
            args = (budget.loop(args[0]), *args[1:])
        result = super().call(__context, __obj, *args, **kwargs)
        check_size(_size(result))
        return result

    def call_binop(self, context: Context, operator: str, left: Any, right: Any) -> Any:
        self.budget.step(0)
        if operator == "*":
            for value, times in ((left, right), (right, left)):
                if isinstance(times, int) and _size(value):
                    check_size(_size(value) * max(times, 0))
        elif operator == "+":
            check_size(_size(left) + _size(right))
        elif operator == "**":
            if (isinstance(left, int) and isinstance(right, int) and right > 0
                    and abs(left) > 1 and left.bit_length() * right > _MAX_POWER_BITS):
                raise RenderStopped("a number too big to compute")
        elif operator == "%" and isinstance(left, str):
            _check_arguments((left, *(right if isinstance(right, tuple) else (right,))),
                             widths=_star_widths(left))
        result = _BINOPS[operator](left, right)
        check_size(_size(result))
        return result


_FORMAT = jinja2.filters.do_format


def _bounded_filter(function: Callable[..., Any], *, widths: bool) -> Callable[..., Any]:
    @functools.wraps(function)  # keeps Jinja's pass_context/pass_environment marks
    def checked(*args: Any, **kwargs: Any) -> Any:
        star = function is _FORMAT and bool(args) and _star_widths(args[0])
        _check_arguments((*args, *kwargs.values()), widths=widths or star)
        result = function(*args, **kwargs)
        check_size(_size(result))
        return result

    return checked


def make_environment(search_path: Path, *, bounded: bool = False) -> SandboxedEnvironment:
    """A sandbox that also refuses to change the context (``items.pop()``, ``dict.update``);
    ``bounded``: with a budget on the work (for templates users write)."""
    kind = BoundedEnvironment if bounded else ImmutableSandboxedEnvironment
    env = kind(
        loader=jinja2.FileSystemLoader([str(search_path), str(templates_dir())]),
        autoescape=False,
        finalize=_finalize,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        undefined=jinja2.StrictUndefined,
    )
    env.filters.update(
        md=_md, link=_link, unstop=_unstop, quote=_quote, url=_url, day=_date, role=_role, doc=_doc,
        anchor=_anchor, refs=_refs,
    )
    if bounded:
        env.filters = {name: _bounded_filter(f, widths=name in _WIDTH_FILTERS)
                       for name, f in env.filters.items()}
    return env


def render(template: str | None, context: Mapping[str, Any], *, default: str = "brag") -> str:
    """Render a built-in or user template; any failure is one TemplateError line.

    The message names the template file and, when Jinja knows it, the line.
    """
    directory, filename = resolve_template(template, default)
    env = make_environment(directory, bounded=directory != templates_dir())
    try:
        loaded = env.get_template(filename)
    except jinja2.TemplateSyntaxError as exc:
        raise TemplateError(f"{exc.filename or filename}:{exc.lineno}: {exc.message}") from exc
    except jinja2.TemplateError as exc:
        raise TemplateError(f"{filename}: {_one_line(exc)}") from exc
    except UnicodeDecodeError as exc:
        line = exc.object[: exc.start].count(b"\n") + 1
        raise TemplateError(f"{filename}:{line}: cannot read: not valid UTF-8") from exc
    try:
        text = "".join(loaded.generate(**context))
    except RenderStopped as exc:
        raise TemplateError(f"{filename}: render stopped: {exc}") from None
    except RecursionError:
        raise TemplateError(f"{filename}: render stopped: calls nest too deeply") from None
    except jinja2.TemplateSyntaxError as exc:  # an {% include %} of a broken template
        raise TemplateError(f"{exc.filename or filename}:{exc.lineno}: {exc.message}") from exc
    except jinja2.exceptions.SecurityError as exc:
        where = _where(exc.__traceback__, path=loaded.filename, filename=filename)
        raise TemplateError(f"{where}: the template tried something unsafe: {exc}") from exc
    except jinja2.TemplateError as exc:
        where = _where(exc.__traceback__, path=loaded.filename, filename=filename)
        raise TemplateError(f"{where}: {_one_line(exc)}") from exc
    # (AssertionError: Jinja's own filters assert their arguments, truncate(-1))
    except (ArithmeticError, AssertionError, AttributeError, LookupError, TypeError,
            ValueError) as exc:
        where = _where(exc.__traceback__, path=loaded.filename, filename=filename)
        raise TemplateError(f"{where}: {type(exc).__name__}: {_one_line(exc)}") from exc
    # The token, should a title or body a stranger wrote quote it, masked as in messages.
    return scrub(text.rstrip("\n")) + "\n"


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
