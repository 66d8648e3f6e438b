"""The sources a run reads, in the order it reads them and the document names them:
local ones first (git history, then postmortems), GitHub last, so that what git found is
stored even when GitHub then fails. Adding a source is a module and one line here."""

from __future__ import annotations

from evidencer.sources.contract import Source
from evidencer.sources.git.source import GitSource
from evidencer.sources.github.source import GitHubSource
from evidencer.sources.postmortems.source import PostmortemSource

SOURCES: tuple[Source, ...] = (GitSource(), PostmortemSource(), GitHubSource())
