"""The GitHub source: the people's pull requests, reviews, issues and comments in the
asked repositories and organizations, through the one door to the API."""

from __future__ import annotations

from dataclasses import dataclass

from evidencer.sources.contract import Ask, Sink
from evidencer.sources.git.remote import Remote

NOTHING_TO_READ = "not read: no --github OWNER/REPO and no GitHub origin remote"


def on_github(origin: Remote) -> bool:
    """Whether a clone's origin is a GitHub repository (github.com or Enterprise Server),
    the one the source reads when no --github names any."""
    return origin.web is not None and origin.forge == "github"


@dataclass(frozen=True)
class GitHubSource:
    name: str = "github"
    remote: bool = True

    def read(self, ask: Ask, sink: Sink) -> str:
        from evidencer.sources.github.collect import collect_github
        from evidencer.sources.postmortems.collect import INCIDENT_LABELS

        github = ask.github
        assert github is not None  # a remote source is read only with a session
        repos = list(github.repos)
        if not repos and not github.orgs:
            repos = [origin.name for origin in ask.remotes.values() if on_github(origin)]
        if not repos and not github.orgs:
            return NOTHING_TO_READ
        # Each repository as git's items spell it: its origin's spelling first.
        spelling = {repo.lower(): repo for repo in repos}
        spelling.update({o.name.lower(): o.name for o in ask.remotes.values() if on_github(o)})
        stats = collect_github(
            api=github.api, repos=repos, orgs=github.orgs, people=ask.people,
            period=ask.period, store=sink.store, include_closed=github.include_closed,
            incident_labels=github.incident_labels or INCIDENT_LABELS, progress=github.progress,
            spelling=spelling,
        )
        sink.merged(stats.upserted)
        scope = ", ".join([*repos, *(f"org {org}" for org in github.orgs)])
        found = len(stats.ids)  # an item two queries find (authored, merged) counts once
        count = f"{found} item{'' if found == 1 else 's'}"
        if stats.incremental:  # only what changed was asked for: the rest is stored
            return f"{scope} ({count} new or changed since the last run)"
        return f"{scope} ({count} read)"
