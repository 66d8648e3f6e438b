"""Where the GitHub token comes from: the environment handed in, else the gh CLI.

The token is returned, never printed or logged; callers keep it out of messages too.
"""

from __future__ import annotations

import shutil
import subprocess
import urllib.parse
from collections.abc import Mapping

from evidencer.errors import EvidencerError
from evidencer.scrub import remember

DEFAULT_API_URL = "https://api.github.com"
TOKEN_VARIABLES = ("GITHUB_TOKEN", "GH_TOKEN")


def resolve_token(env: Mapping[str, str], *, api_url: str = DEFAULT_API_URL) -> str | None:
    """``GITHUB_TOKEN``, then ``GH_TOKEN``, then ``gh auth token`` when gh is installed."""
    for name in TOKEN_VARIABLES:
        value = env.get(name, "").strip()
        if value:
            return checked_token(value, source=name)
    search_path = env.get("PATH")  # the environment handed in, never this process's own
    gh = shutil.which("gh", path=search_path) if search_path else None
    if gh is None:
        return None
    command = [gh, "auth", "token"]
    host = web_host(api_url)
    if host != "github.com":
        command += ["--hostname", host]
    try:
        done = subprocess.run(
            command, capture_output=True, text=True, timeout=15, env=dict(env), check=False
        )
    except (OSError, subprocess.SubprocessError):
        return None
    token = done.stdout.strip() if done.returncode == 0 else ""
    return checked_token(token, source="`gh auth token`") if token else None


def checked_token(token: str, *, source: str) -> str:
    """``token``, or a one-line error naming ``source`` and never the value.

    A token is printable ASCII without spaces. Anything else (a line break pasted with
    it, a NUL, an escape) would only fail later, inside the HTTP stack, with an error
    that quotes the Authorization header, and so the token, escaped.
    """
    remember(token)  # masked from here on, whatever the verdict
    if not all("!" <= char <= "~" for char in token):
        raise EvidencerError(
            f"{source} holds whitespace, a line break or another character no token has "
            "(its value is not shown); set it to the token alone"
        )
    return token


def web_host(api_url: str) -> str:
    """The host people log in to: api.github.com -> github.com; GHES keeps its host."""
    parsed = urllib.parse.urlparse(api_url)
    host = parsed.hostname or ""
    if host == "api.github.com":
        return "github.com"
    return f"{host}:{parsed.port}" if parsed.port else host
