"""Which pull request a run is about: the Actions event payload, or ``--github O/R --pr N``.

Reads only the payload file the environment names; never checks out or runs the PR's code.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from evidencer.atomic import NotRegular, TooLarge, read_regular
from evidencer.errors import EvidencerError

PR_EVENTS = ("pull_request", "pull_request_target")
_REPO = re.compile(r"^[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})/[A-Za-z0-9._-]{1,100}$")


@dataclass(frozen=True)
class PullTarget:
    """A pull request to classify. ``fork``: its head lives in another repository.

    ``fork`` is None when unknown (by hand, before the API was asked).
    """

    repo: str
    number: int
    event: str | None = None
    fork: bool | None = None


def check_repo_name(name: str, *, option: str) -> str:
    cleaned = name.strip().strip("/")
    if not _REPO.match(cleaned):
        raise EvidencerError(f"{option}: {name!r} is not OWNER/REPO")
    return cleaned


def resolve_target(
    env: Mapping[str, str], *, repo: str | None = None, number: int | None = None
) -> PullTarget:
    """``--pr N`` (with ``--github`` or ``GITHUB_REPOSITORY``) wins; else the event payload."""
    if number is not None:
        if number < 1:
            raise EvidencerError(f"--pr: {number} is not a pull request number")
        name = repo or env.get("GITHUB_REPOSITORY")
        if not name:
            raise EvidencerError("--pr needs --github OWNER/REPO (or GITHUB_REPOSITORY)")
        return PullTarget(check_repo_name(name, option="--github"), number)
    if repo is not None:
        raise EvidencerError("--github needs --pr N: which pull request?")
    path = env.get("GITHUB_EVENT_PATH")
    if not path:
        raise EvidencerError(
            "which pull request? pass --github OWNER/REPO --pr N, or run in a GitHub Actions "
            "job triggered by pull_request or pull_request_target"
        )
    return target_from_event(Path(path), env.get("GITHUB_EVENT_NAME"))


def target_from_event(path: Path, event_name: str | None) -> PullTarget:
    """The PR of a ``pull_request`` or ``pull_request_target`` event payload file."""
    payload = _load(path)
    pull = payload.get("pull_request")
    if event_name in PR_EVENTS and not isinstance(pull, Mapping):
        raise EvidencerError(
            f"GITHUB_EVENT_PATH ({path}): a {event_name} event whose payload holds no "
            "pull_request object; pass --github OWNER/REPO --pr N"
        )
    if event_name not in (None, *PR_EVENTS) or not isinstance(pull, Mapping):
        raise EvidencerError(
            f"GITHUB_EVENT_PATH ({path}): the event is {event_name or 'not a pull request'}; "
            "pr-comment runs on pull_request or pull_request_target, or pass --github "
            "OWNER/REPO --pr N"
        )
    number = pull.get("number", payload.get("number"))
    base_repo = _full_name(pull.get("base")) or _full_name_of(payload.get("repository"))
    if not isinstance(number, int) or isinstance(number, bool) or number < 1 or not base_repo:
        raise EvidencerError(
            f"GITHUB_EVENT_PATH ({path}): the pull_request has no number or base repository"
        )
    head = pull.get("head")
    head_repo = _full_name(head)
    # A deleted fork leaves head.repo null: the pull request still came from outside.
    fork = None if not isinstance(head, Mapping) else (
        head_repo is None or head_repo.lower() != base_repo.lower()
    )
    return PullTarget(
        check_repo_name(base_repo, option=f"GITHUB_EVENT_PATH ({path})"), number,
        event=event_name or "pull_request", fork=fork,
    )


MAX_EVENT_BYTES = 64 << 20  # GitHub caps a webhook payload at 25 MB


def _load(path: Path) -> Mapping[str, Any]:
    try:
        payload = json.loads(read_regular(path, MAX_EVENT_BYTES).decode("utf-8"))
    except NotRegular:
        raise EvidencerError(f"GITHUB_EVENT_PATH ({path}): not a regular file; refused") from None
    except TooLarge:
        raise EvidencerError(f"GITHUB_EVENT_PATH ({path}): over {MAX_EVENT_BYTES >> 20} MB; "
                             "refused") from None
    except FileNotFoundError:
        raise EvidencerError(f"GITHUB_EVENT_PATH ({path}): no such file") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise EvidencerError(f"GITHUB_EVENT_PATH ({path}): cannot read: {exc}") from exc
    except RecursionError as exc:
        raise EvidencerError(f"GITHUB_EVENT_PATH ({path}): not JSON: nested too deeply") from exc
    except ValueError as exc:
        raise EvidencerError(f"GITHUB_EVENT_PATH ({path}): not JSON: {exc}") from exc
    if not isinstance(payload, Mapping):
        raise EvidencerError(f"GITHUB_EVENT_PATH ({path}): not a JSON object")
    return payload


def _full_name(side: Any) -> str | None:
    """``base`` or ``head`` of a PR -> its repository's ``owner/name`` (None: deleted fork)."""
    return _full_name_of(side.get("repo")) if isinstance(side, Mapping) else None


def _full_name_of(repo: Any) -> str | None:
    if isinstance(repo, Mapping) and isinstance(repo.get("full_name"), str):
        return str(repo["full_name"])
    return None
