"""The searches that find a person's GitHub work: one per kind of act, scope and login.

Pure: query text only; github.py runs them, windowed and incremental.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from evidencer.sources.github.incidents import incident_terms

REPOS_PER_QUERY = 10  # repo: qualifiers OR together; keep each query well under limits


@dataclass(frozen=True)
class Query:
    """One search: ``terms`` in a scope, for acts whose ``field`` date is in the period.

    ``open_ended``: the item's ``field`` date may come after the act (a PR is updated
    after it is reviewed), so the search runs to now and the act is checked per item.
    ``rerun_terms``: what an incremental rerun asks instead of ``terms`` (same sync key).
    """

    kind: str  # pull | open | review | issue | assigned | comment | incident
    name: str
    login: str
    terms: str
    scope: str
    field: str
    open_ended: bool = False
    rerun_terms: str = ""

    @property
    def text(self) -> str:
        return f"{self.terms} {self.scope}"


def build_queries(
    logins: Sequence[str],
    scopes: Sequence[str],
    *,
    include_closed: bool,
    incident_labels: Sequence[str] = (),
) -> list[Query]:
    queries = []
    for login in logins:
        me = f"author:{login}"
        specs = [
            ("pull", "merged pull requests", f"type:pr {me} is:merged", "merged", False),
            ("open", "open pull requests", f"type:pr {me} is:open", "created", False),
            # Reviews, and the merges of what was reviewed: both come from one timeline.
            ("review", "reviews and merges", f"type:pr reviewed-by:{login} -{me}", "updated", True),
            ("issue", "issues opened", f"type:issue {me}", "created", False),
            (
                "assigned",
                "issues closed",
                f"type:issue assignee:{login} is:closed",
                "closed",
                False,
            ),
            ("comment", "user comments", f"type:issue commenter:{login} -{me}", "updated", True),
        ]
        if incident_labels:
            terms = incident_terms(incident_labels, login)
            specs.append(("incident", "incidents", terms, "created", False))
        if include_closed:
            closed = f"type:pr {me} is:closed is:unmerged"
            specs.insert(2, ("pull", "closed pull requests", closed, "closed", False))
        # A rerun asks for the person's PRs changed since, whatever their state: one that
        # was open and is now closed unmerged must not stay "in progress" in the store.
        rerun = {"open": f"type:pr {me}"}
        for scope in scopes:
            queries += [
                Query(k, n, login, t, scope, f, o, rerun.get(k, "")) for k, n, t, f, o in specs
            ]
    return queries


def scopes_for(repos: Sequence[str], orgs: Sequence[str]) -> list[str]:
    """Search scopes: repositories a few to a query, and each organization whole."""
    unique = sorted(dict.fromkeys(r.strip().strip("/") for r in repos if r.strip()))
    scopes = [
        " ".join(f"repo:{r}" for r in unique[i : i + REPOS_PER_QUERY])
        for i in range(0, len(unique), REPOS_PER_QUERY)
    ]
    return scopes + [f"org:{o}" for o in dict.fromkeys(orgs)]
