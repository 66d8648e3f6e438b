"""Where a template lives: a built-in name or a file of the user's, found before any work.

Kept apart from the Jinja environment so that a config naming a template is checked when
it is read, without loading Jinja.
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path

from evidencer.errors import TemplateError

BUILTIN_TEMPLATES = ("brag", "team")
_FILE_SUFFIXES = frozenset({".j2", ".jinja", ".jinja2", ".md"})


def templates_dir() -> Path:
    """Templates ship inside the wheel; in a source checkout they live at the top level."""
    packaged = resources.files("evidencer") / "templates"
    if packaged.is_dir():
        return Path(str(packaged))
    return Path(__file__).resolve().parents[3] / "templates"


def resolve_template(
    name_or_path: str | None, default: str = "brag", *, base: Path | None = None,
    option: str = "--template",
) -> tuple[Path, str]:
    """A built-in name (``brag``) or a path to a ``.j2`` file -> (search dir, file name).

    ``base``: the folder a relative path is read from (a config file's project), else the
    current one; ``option`` names where the value came from in the error.
    """
    name = name_or_path or default
    candidate = Path(name).expanduser()
    if candidate.suffix in _FILE_SUFFIXES or "/" in name:
        if base is not None and not candidate.is_absolute():
            candidate = base / candidate
        if not candidate.is_file():
            what = ("a folder, not a template file" if candidate.is_dir()
                    else "not a regular file" if candidate.exists()
                    else "no such template file")
            raise TemplateError(f"{option}: {what}: {candidate}")
        return candidate.resolve().parent, candidate.name
    builtin = templates_dir() / f"{name}.md.j2"
    if not builtin.is_file():
        known = ", ".join(BUILTIN_TEMPLATES)
        raise TemplateError(
            f"{option}: unknown template '{name}'; use one of {known} or a path to a .j2 file"
        )
    return builtin.parent, builtin.name
