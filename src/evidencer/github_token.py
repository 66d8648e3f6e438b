"""Where the GitHub token comes from: the environment handed in, else the gh CLI.

The token is returned, never printed or logged; callers keep it out of messages too.
"""

from __future__ import annotations

import shutil
import subprocess
import urllib.parse
from collections.abc import Mapping

from evidencer.scrub import remember

DEFAULT_API_URL = "https://api.github.com"
TOKEN_VARIABLES = ("GITHUB_TOKEN", "GH_TOKEN")


def resolve_token(env: Mapping[str, str], *, api_url: str = DEFAULT_API_URL) -> str | None:
    """``GITHUB_TOKEN``, then ``GH_TOKEN``, then ``gh auth token`` when gh is installed."""
    for name in TOKEN_VARIABLES:
        value = env.get(name, "").strip()
        if value:
            remember(value)
            return value
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
    remember(token)
    return token or None


def web_host(api_url: str) -> str:
    """The host people log in to: api.github.com -> github.com; GHES keeps its host."""
    parsed = urllib.parse.urlparse(api_url)
    host = parsed.hostname or ""
    if host == "api.github.com":
        return "github.com"
    return f"{host}:{parsed.port}" if parsed.port else host
