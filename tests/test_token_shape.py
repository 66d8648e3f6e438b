"""A token with a line break, a space or a control character inside is refused unseen.

Left alone it would reach the HTTP stack, whose error quotes the Authorization header
escaped (``\\r\\n`` as four characters), so masking the token as it is missed it and
``--debug`` printed it whole. Now it stops before use, with a line naming the variable.
"""

from __future__ import annotations

import json
import traceback
import urllib.parse
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from evidencer.cli.main import cli
from evidencer.scrub import MASK, remember, scrub
from tests.support.github.server import FakeGitHub
from tests.support.gitrepo import GitRepo

FIRST, SECOND = "ghp_FIRSTlineOFtheSECRET0123", "ghp_SECONDlineOFtheSECRET456"
INSIDE = ["\n", "\r\n", " ", "\t", "\x07", "\x7f", "\x1b[2J", "\u00a0", "\u2028"]
REFUSED = (
    "holds whitespace, a line break or another character no token has (its value is not "
    "shown); set it to the token alone"
)


def forms(token: str) -> list[str]:
    """Every way the token could be shown: as it is, each line, escaped, percent-encoded."""
    return [
        token, FIRST, SECOND, repr(token)[1:-1], ascii(token)[1:-1], json.dumps(token)[1:-1],
        repr(token.encode())[2:-1], urllib.parse.quote(token, safe=""),
        urllib.parse.quote_plus(token),
    ]


def shown(result: Result) -> str:
    text = result.stdout + result.stderr
    if result.exc_info is not None and not isinstance(result.exception, SystemExit):
        text += "".join(traceback.format_exception(*result.exc_info))
    return text


def commands(repo: GitRepo, store: Path) -> list[list[str]]:
    return [
        ["pr-comment", "--github", "acme/widgets", "--pr", "12", "--dry-run"],
        ["brag", "--repo", str(repo.path), "--github", "acme/widgets", "--store", str(store),
         "--author", "alice@example.com", "--since", "2026-01-01", "--until", "2026-06-30"],
    ]


@pytest.mark.parametrize("variable", ["GITHUB_TOKEN", "GH_TOKEN"])
@pytest.mark.parametrize("inside", INSIDE, ids=repr)
def test_a_token_with_a_break_or_control_character_is_refused_without_showing_it(
    gh_server: FakeGitHub, repo: GitRepo, tmp_path: Path, variable: str, inside: str
) -> None:
    repo.commit("fix: retry uploads", date="2026-03-02T10:00:00+00:00")
    token = FIRST + inside + SECOND
    gh_server.tokens[token] = "alice"  # a server that would even accept it
    env = {variable: token, "GITHUB_API_URL": gh_server.api_url}
    for args in commands(repo, tmp_path / "store.sqlite3"):
        for debug in ([], ["--debug"]):
            result = CliRunner().invoke(cli, [*debug, *args], env=env, prog_name="evidencer")
            assert result.exit_code == 1, (args, result.output)
            text = shown(result)
            for form in forms(token):
                assert form not in text, (args, debug, form)
            if debug:
                assert text.rstrip("\n").endswith(f"EvidencerError: {variable} {REFUSED}")
            else:
                assert result.stderr == f"evidencer: error: {variable} {REFUSED}\n"
    assert gh_server.log == []  # refused before any request


def test_a_token_padded_with_a_trailing_line_break_is_used() -> None:
    """``echo $TOKEN > file`` leaves a newline at the end: that is no part of the token."""
    from evidencer.github.token import resolve_token

    assert resolve_token({"GITHUB_TOKEN": f"  {FIRST}\r\n"}) == FIRST


def test_every_form_of_a_remembered_multi_line_secret_is_masked() -> None:
    secret = f"{FIRST}\r\n{SECOND}"
    remember(secret)
    for form in forms(secret):
        text = f"header value: 'token {form}' refused"
        assert scrub(text) == f"header value: 'token {MASK}' refused", form
    # each line alone, as a log that splits at line breaks would show it
    assert scrub(f"a: {FIRST}\nb: {SECOND}") == f"a: {MASK}\nb: {MASK}"


def test_a_server_echoing_the_token_encoded_gets_it_masked_in_debug_output(
    gh_server: FakeGitHub,
) -> None:
    """A proxy that quotes the token back, percent-encoded or JSON-escaped: still masked."""
    token = "ghp_PLUS+slash/equals=SECRET0123456789"
    gh_server.tokens[token] = "alice"
    echoes = [urllib.parse.quote(token, safe=""), urllib.parse.quote_plus(token),
              json.dumps(token)[1:-1]]
    gh_server.fail(times=100, status=400, message="proxy saw " + " and ".join(echoes))
    env = {"GITHUB_TOKEN": token, "GITHUB_API_URL": gh_server.api_url}
    args = ["--debug", "pr-comment", "--github", "acme/widgets", "--pr", "12", "--dry-run"]
    result = CliRunner().invoke(cli, args, env=env, prog_name="evidencer")
    assert result.exit_code == 1, result.output
    text = shown(result)
    assert "proxy saw *** and *** and ***" in text
    for form in [token, *echoes]:
        assert form not in text
