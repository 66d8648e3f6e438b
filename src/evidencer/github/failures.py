"""What a failed GitHub call means: wait (rate limits), retry, or a one-line error.

Pure: it reads statuses, headers and bodies; GitHubAPI._attempts_of acts on it. The
messages and the budget are ours: no library words a failure for a user or counts --max-wait.
"""

from __future__ import annotations

import math
import re
import time
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import requests
import urllib3.exceptions
from urllib3.util.retry import Retry

from evidencer.errors import GitHubError
from evidencer.scrub import scrub

SECONDARY_WAIT = 60.0  # GitHub: "wait at least one minute" when it names no time
# Only urllib3's Retry-After parser is used; why not its retries: GitHubAPI._attempts_of.
_RETRY_AFTER = Retry()
NOT_REPEATED = "it may have gone through, so it was not repeated: check before running again"


class GitHubStatusError(GitHubError):
    """GitHub answered with an error status; ``status`` lets callers treat some as fine."""

    def __init__(self, message: str, *, status: int) -> None:
        super().__init__(message)
        self.status = status


@dataclass(frozen=True)
class Call:
    """The request that failed, for the message: what it was and where it went."""

    what: str
    base_url: str
    repo: str | None = None
    sent: bool = False  # a POST that may have reached GitHub and was not repeated


def error_message(data: Any) -> str:
    """GitHub's ``message``, with the first of its ``errors`` when there are some."""
    if not isinstance(data, Mapping):
        return "no message"
    message = str(data.get("message") or "")
    errors = data.get("errors")
    if isinstance(errors, list) and errors and isinstance(errors[0], Mapping):
        detail = errors[0].get("message") or errors[0].get("code")
        if detail:
            message = f"{message}: {detail}"
    return message.strip() or "no message"


def never_sent(exc: requests.RequestException) -> bool:
    """True when the request cannot have reached GitHub, so even a POST may be retried:
    urllib3's connection errors (refused, or timed out while connecting)."""
    inner = exc.args[0] if exc.args else None
    return isinstance(getattr(inner, "reason", inner), urllib3.exceptions.ConnectTimeoutError)


def rate_limit_delay(
    status: int, headers: Mapping[str, Any] | None, *, says_limited: bool, attempt: int
) -> float | None:
    """Seconds to wait when the answer is a primary or secondary rate limit, else None.

    In GitHub's documented order: ``Retry-After``; an exhausted primary limit's
    ``x-ratelimit-reset``; else a minute for a secondary limit (a 429, or a 403 whose
    message ``says_limited``), doubling on repeats.
    """
    if status not in (403, 429):
        return None
    lowered = {str(k).lower(): str(v) for k, v in (headers or {}).items()}
    retry_after = lowered.get("retry-after", "").strip()
    if retry_after:  # seconds or an HTTP date, read as urllib3 reads it
        try:
            seconds = _RETRY_AFTER.parse_retry_after(retry_after)
        except urllib3.exceptions.InvalidHeader:
            return SECONDARY_WAIT
        return seconds if retry_after.isdigit() else max(1.0, seconds)
    reset = lowered.get("x-ratelimit-reset", "")
    if lowered.get("x-ratelimit-remaining") == "0" and reset.isdigit():
        return max(1.0, int(reset) - time.time() + 1)
    if status == 429 or says_limited:
        return SECONDARY_WAIT * 2.0 ** (attempt - 1)
    return None


def wait_too_long(
    call: Call, *, delay: float, waited: float, waits: int, max_wait: float, max_waits: int
) -> GitHubError:
    """Why a rate limit was not waited out, as it happened: the limit alone outlasts
    --max-wait, or the request already spent its budget on earlier waits and retries."""
    tail = "rerun later (evidence collected so far is kept) or raise --max-wait"
    lifts = math.ceil(delay)
    if delay > max_wait:
        cause = f"it lifts in {lifts} s, more than --max-wait {max_wait:g} s"
    elif waits >= max_waits:
        cause = (
            f"still limited after {max_waits} waits ({_seconds(waited)} s); "
            "GitHub keeps refusing this request"
        )
        tail = "rerun later (evidence collected so far is kept)"
    else:
        cause = (
            f"this request already waited {_seconds(waited)} s of its --max-wait "
            f"{max_wait:g} s on rate limits and retries, and the limit lifts in {lifts} s "
            "more, past that budget"
        )
    return GitHubError(f"GitHub rate limit on {call.what}: {cause}; {tail}")


def _seconds(value: float) -> str:
    return f"{round(value, 1):g}"


# A request about one pull request, issue or comment of a repository, not the repository.
_ONE_ITEM = re.compile(r"/(?:pulls|issues)/\d+|/comments/\d+")
_NOT_AN_ITEM = "Could not resolve to a PullRequest"  # GraphQL's NOT_FOUND for one of them


def status_error(call: Call, status: int, message: str) -> GitHubStatusError:
    """The one-line error for an error status that retrying did not (or must not) fix."""
    root, what = call.base_url, call.what
    if status == 401:
        text = (
            f"GitHub rejected the token ({status} {message}) at {root}; "
            "set a valid GITHUB_TOKEN or GH_TOKEN, or run `gh auth login`"
        )
    elif status == 404 and call.repo and (_ONE_ITEM.search(what) or _NOT_AN_ITEM in message):
        text = (
            f"GitHub found nothing for {what} (404 {message}): it was deleted, or the "
            "token cannot read it"
        )
    elif status in (403, 404) and call.repo:
        text = (
            f"{call.repo}: repository not found, or the token cannot read it "
            f"({status} {message}); check the name given to --github and the token's access"
        )
    elif status in (403, 429):
        text = f"GitHub refused {what} ({status} {message}); the token lacks the permission"
    elif status == 404:
        text = (
            f"GitHub found nothing for {what} (404) at {root}; "
            "check that --github-url or GITHUB_API_URL is an API root"
        )
    elif status >= 500 and call.sent:
        text = f"GitHub API at {root} failed on {what} ({status} {message}); {NOT_REPEATED}"
    elif status >= 500:
        text = (
            f"GitHub API at {root} kept failing on {what} ({status} {message}); "
            "try again later (evidence collected so far is kept)"
        )
    else:
        text = f"GitHub refused {what} ({status} {message})"
    return GitHubStatusError(text, status=status)


def transport_error(call: Call, exc: requests.RequestException, *, timeout: int) -> GitHubError:
    """The one-line error for a request that got no usable answer at all."""
    if isinstance(exc, requests.Timeout) and not never_sent(exc):
        tail = NOT_REPEATED if call.sent else "try again later"
        return GitHubError(
            f"GitHub API at {call.base_url} did not answer {call.what} within {timeout} s; {tail}"
        )
    reason = "connection refused" if "refused" in str(exc).lower() else type(exc).__name__
    return GitHubError(
        f"cannot reach the GitHub API at {call.base_url} ({reason}) for {call.what}; "
        "check --github-url or GITHUB_API_URL, and the network"
    )


def still_processing(call: Call, asks: int) -> GitHubError:
    """A read answered 202 Accepted every time: GitHub says so only of statistics it is
    still computing, which evidencer never asks for; a proxy or server that says it of
    everything would be asked again forever (PyGithub does, every 2 s)."""
    return GitHubError(
        f"GitHub API at {call.base_url} answered {call.what} with 202 Accepted {asks} times "
        "in a row (still processing, it says) and never with the answer; try again later, "
        "and check that --github-url points at a GitHub API root"
    )


def malformed(call: Call, *, headers: bool = False) -> GitHubError:
    """``headers``: the body was JSON, but a rate-limit header held no number."""
    what = "rate-limit headers that are no numbers" if headers else "malformed JSON"
    if call.sent:  # GitHub acted on the POST; only its answer was unreadable
        return GitHubError(
            f"GitHub API at {call.base_url} sent {what} for {call.what}; {NOT_REPEATED}"
        )
    return GitHubError(
        f"GitHub API at {call.base_url} sent {what} for {call.what}; try again "
        "later, and check that --github-url points at a GitHub API root"
    )


def page_loop(what: str) -> GitHubError:
    """A list or search whose next page is one it already sent: followed, it never ends."""
    return GitHubError(f"GitHub sent {what} a next page it had already sent, in a loop; "
                       "stopped there: try again later (evidence collected so far is kept)")


# PyGithub's words: "Github server redirected from http protocol to https, please …",
# "… from host a to b, please …", "Requested URL but server redirected to URL, you may …"
_REDIRECT = re.compile(r"Github server redirected from (?P<what>.+?), please"
                       r"|Requested (?P<asked>\S+) but server redirected to (?P<to>\S+),")


def redirected(call: Call, exc: RuntimeError) -> GitHubError | None:
    """The one-line error for what PyGithub raises as RuntimeError: a redirect to another
    scheme, host or the same path, which it will not follow; redirects that loop and JSON
    nested too deeply, which end in RecursionError. None for anything else."""
    text = str(exc)
    if isinstance(exc, RecursionError):
        if "JSON" in text:
            return malformed(call)
        cause = "redirects that lead back to each other"
    elif (found := _REDIRECT.match(text)) is not None:
        cause = (f"a redirect of {found.group('asked')} to {found.group('to')}"
                 if found.group("asked") else
                 f"a redirect from {found.group('what').replace(' protocol', '')}")
    else:
        return None
    return GitHubError(
        f"GitHub API at {call.base_url} answered {call.what} with {cause}; set --github-url "
        "or GITHUB_API_URL to the API root the server names"
    )


def temporary_redirect(call: Call, location: str) -> GitHubError:
    """A 302, 303, 307 or 308 answer: where GitHub (or a proxy) sent the request, which
    evidencer does not follow (the token must not go where the API root does not)."""
    where = scrub("".join(c for c in location if c.isprintable()))[:200]
    return GitHubError(
        f"GitHub API at {call.base_url} answered {call.what} with a redirect to {where}, "
        "which is not followed; set --github-url or GITHUB_API_URL to the API root the "
        "server names"
    )


def graphql_error(call: Call, kind: str, message: str) -> GitHubStatusError:
    """The one-line error for a GraphQL ``errors`` answer that retrying did not fix.

    GraphQL answers 200 with the errors; the status here is what REST would have said,
    so callers treat both alike (404 a repository it cannot see, 422 a refused query).
    """
    if kind == "not_found":
        return status_error(call, 404, message)
    if kind == "forbidden":
        return status_error(call, 403, message)
    if kind == "heavy":
        return GitHubStatusError(
            f"GitHub API at {call.base_url} kept failing on {call.what} even with smaller "
            f"pages ({message}); try again later (evidence collected so far is kept)",
            status=502,
        )
    return status_error(call, 422, message)
