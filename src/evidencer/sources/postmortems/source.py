"""The postmortems source: every incident write-up in the repositories, whoever it names
(the report picks the person's roles in each)."""

from __future__ import annotations

from dataclasses import dataclass

from evidencer.sources.contract import Ask, Sink


@dataclass(frozen=True)
class PostmortemSource:
    name: str = "postmortems"
    remote: bool = False

    def read(self, ask: Ask, sink: Sink) -> str:
        from evidencer.sources.postmortems.collect import iter_postmortem_evidence

        found = 0
        for repo in ask.repos:
            origin = ask.remotes[repo]

            def note(message: str, repo: object = repo) -> None:
                ask.note(f"{repo}: {message}")  # which repository's file, as git's warnings

            found += sink.put(iter_postmortem_evidence(
                repo, repo_name=origin.name, web_base=origin.web, files_at=origin.files,
                globs=ask.postmortem_globs or None, warn=note,
            ))
        return f"{found} incident{'s' if found != 1 else ''} found"
