"""Benchmark: GitHub collection against the fake server, REST and GraphQL, with latency.

One person over two years in two repositories: 1,200 merged PRs authored (one in a hundred
with more than a page of changed files), 600 PRs of others reviewed (a third of them also
merged by the person), 500 issues opened. For REST (before) and GraphQL (after) it prints
requests by endpoint, GraphQL points, wall time and time a request, for the first run and
for a rerun with nothing changed, and checks both stores hold the same items.

Budgets. REST: search requests <= 1.2 x the minimum (Σ⌈results/100⌉ over the queries)
plus one per-item call a PR; rerun <= 2 requests a query. GraphQL: first run <= 100
requests (0.05 a collected PR or review); rerun <= 15. Exit code 1 when one is missed.

    PYTHONPATH=src:. python benchmarks/github_collect.py [--latency 0.25] [--concurrency 4]
"""

from __future__ import annotations

import argparse
import datetime as dt
import math
import random
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

from tests.support.github.data import ChangedFile
from tests.support.github.server import FakeGitHub

from evidencer.github.api import GitHubAPI
from evidencer.github.api import format_when as when
from evidencer.model import Evidence, Period, Person
from evidencer.sources.github.collect import build_queries, collect_github, scopes_for
from evidencer.store.sqlite import EvidenceStore

UTC = dt.timezone.utc
REPOS = ["acme/api", "acme/web"]
PERIOD = Period(dt.date(2024, 1, 1), dt.date(2025, 12, 31))
TOKEN = "ghp_benchmark_token_0000000000000000"
SEARCH = "GET /search/issues"
GRAPHQL = "POST /graphql"


def build(server: FakeGitHub, *, authored: int, reviewed: int, issues: int, seed: int = 3) -> None:
    rng = random.Random(seed)
    span = int((PERIOD.end - PERIOD.start).total_seconds()) - 86_400 * 3
    data = server.data
    for name in ("alice", "bob", "carol", "dana"):
        data.add_user(name)

    def moment() -> dt.datetime:
        return PERIOD.start + dt.timedelta(seconds=rng.randrange(span))

    for n in range(authored):
        created = moment()
        count = rng.randint(101, 180) if n % 100 == 99 else rng.randint(1, 4)
        files = [
            ChangedFile(
                f"src/mod{rng.randrange(50)}/f{k}.py", rng.randint(1, 80), rng.randint(0, 20)
            )
            for k in range(count)
        ]
        data.add_pr(
            REPOS[n % 2],
            title=f"Change {n}",
            user="alice",
            created_at=created,
            merged_at=created + dt.timedelta(hours=rng.randint(1, 48)),
            labels=rng.choice([[], ["bug"], ["enhancement"]]),
            files=files,
        )
    for n in range(reviewed):
        created = moment()
        author = rng.choice(["bob", "carol"])
        pr = data.add_pr(
            REPOS[n % 2],
            title=f"Other {n}",
            user=author,
            created_at=created,
            merged_at=created + dt.timedelta(days=2),
            merged_by="alice" if n % 3 == 0 else author,
        )
        for k in range(rng.randint(1, 2)):
            data.add_review(
                pr,
                user="alice",
                state=rng.choice(["APPROVED", "COMMENTED"]),
                submitted_at=created + dt.timedelta(hours=2 + k),
            )
    for n in range(issues):
        data.add_issue(REPOS[n % 2], title=f"Issue {n}", user="alice", created_at=moment())


def minimum_pages(server: FakeGitHub, api: GitHubAPI) -> tuple[int, int]:
    """Σ⌈results/100⌉ over the queries, and how many queries there are."""
    total = 0
    queries = build_queries(["alice"], scopes_for(REPOS, ()), include_closed=False)
    for query in queries:
        end = max(PERIOD.end, dt.datetime.now(UTC)) if query.open_ended else PERIOD.end
        window = f"{query.field}:{when(PERIOD.start)}..{when(end)}"
        found = server.data.search(f"{query.text} {window}", visible=lambda _: True)
        total += math.ceil(len(found) / 100)
    return total, len(queries)


def extra_file_pages(server: FakeGitHub) -> int:
    """Pages of changed files past each PR's first."""
    return sum(
        max(0, math.ceil(len(issue.files) / 100) - 1)
        for repo in server.data.repos.values()
        for issue in repo.issues.values()
    )


def run(server: FakeGitHub, api: GitHubAPI, store: EvidenceStore) -> tuple[Counter[str], float]:
    server.log.clear()
    started = time.perf_counter()
    collect_github(
        api=api, repos=REPOS, people=[Person(logins=("alice",))], period=PERIOD, store=store
    )
    elapsed = time.perf_counter() - started
    return server.by_endpoint(), elapsed


def show(title: str, counts: Counter[str], elapsed: float, points: int | None = None) -> int:
    total = sum(counts.values())
    spent = f", {points} GraphQL points" if points is not None else ""
    each = elapsed / total * 1000 if total else 0.0
    print(f"\n{title}: {total} requests{spent} in {elapsed:.1f} s ({each:.0f} ms a request)")
    for endpoint, count in counts.most_common():
        print(f"  {count:6d}  {endpoint}")
    return total


def items(store: EvidenceStore) -> dict[str, Evidence]:
    return {item.id: item for item in store.iter_items()}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--latency", type=float, default=0.05, help="seconds added a request")
    parser.add_argument("--concurrency", type=int, default=4, help="per-item calls at once")
    parser.add_argument("--authored", type=int, default=1200)
    parser.add_argument("--reviewed", type=int, default=600)
    parser.add_argument("--issues", type=int, default=500)
    args = parser.parse_args()

    server = FakeGitHub().start()
    server.tokens[TOKEN] = "alice"
    build(server, authored=args.authored, reviewed=args.reviewed, issues=args.issues)
    server.latency = args.latency
    acts = args.authored + args.reviewed
    ok = True
    setting = f"latency {args.latency * 1000:.0f} ms, concurrency {args.concurrency}"
    try:
        with (
            tempfile.TemporaryDirectory() as folder,
            EvidenceStore(Path(folder) / "rest.sqlite3") as rest_store,
            EvidenceStore(Path(folder) / "graphql.sqlite3") as graphql_store,
        ):
            print("== REST (before) ==")
            with GitHubAPI(base_url=server.api_url, token=TOKEN, concurrency=args.concurrency,
                           graphql=False) as api:
                floor, queries = minimum_pages(server, api)
                first, first_time = run(server, api, rest_store)
                show(f"first run ({setting})", first, first_time)
                per_item = sum(v for k, v in first.items() if k != SEARCH)
                ratio = first[SEARCH] / floor
                budget = acts + extra_file_pages(server)
                print(
                    f"  search pages {first[SEARCH]} / minimum {floor} = {ratio:.2f} "
                    f"(budget 1.20); per-item calls {per_item} (budget {budget}: one a PR, "
                    "more for a PR with more than 100 files)"
                )
                ok &= ratio <= 1.2 and per_item <= budget
                merged_for_others = sum(
                    1
                    for item in rest_store.iter_items()
                    if item.kind == "pull_request" and any(a.role == "merger" for a in item.actors)
                )
                print(
                    f"  stored {rest_store.count()} items, {merged_for_others} of them PRs "
                    "merged for someone else (role merger)"
                )
                again, again_time = run(server, api, rest_store)
                total = show("rerun, nothing changed", again, again_time)
                print(f"  {total} requests for {queries} queries = {total / queries:.2f} a query "
                      "(budget 2)")
                ok &= total <= 2 * queries

            print("\n== GraphQL (after) ==")
            server.graphql = True
            with GitHubAPI(base_url=server.api_url, token=TOKEN,
                           concurrency=args.concurrency) as api:
                first, first_time = run(server, api, graphql_store)
                total = show(f"first run ({setting})", first, first_time, api.points)
                print(f"  {total} requests for {acts} PRs and reviews = {total / acts:.3f} a PR "
                      "(budget 100 requests, 0.05 a PR)")
                ok &= total <= 100
                same = items(graphql_store) == items(rest_store)
                print(f"  stored {graphql_store.count()} items, "
                      f"{'the same as' if same else 'NOT the same as'} REST's")
                ok &= same
                points = api.points
                again, again_time = run(server, api, graphql_store)
                total = show("rerun, nothing changed", again, again_time, api.points - points)
                print(f"  {total} requests for {queries} queries (budget 15)")
                ok &= total <= 15
    finally:
        server.stop()
    print("\nwithin budget" if ok else "\nBUDGET MISSED")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
