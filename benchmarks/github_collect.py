"""Benchmark: GitHub collection against the fake REST server with latency on every request.

One person over two years in two repositories: 1,200 merged PRs authored, 600 PRs of others
reviewed (a third of them also merged by the person), 400 issues opened. Prints requests by
endpoint, wall time, the minimum search pages (⌈results/100⌉ summed over the queries) and
the ratio, then the same for a rerun with nothing changed. Budget: search requests <= 1.2 x
the minimum plus one per-item call a PR (changed files; the timeline of a reviewed PR, which
also names its merger); rerun <= 2 requests a query. Exit code 1 when a budget is missed.

    PYTHONPATH=src:. python benchmarks/github_collect.py [--latency 0.05] [--concurrency 4]
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

from tests.ghdata import ChangedFile
from tests.ghserver import FakeGitHub

from evidencer.github_api import GitHubAPI
from evidencer.github_api import format_when as when
from evidencer.model import Period, Person
from evidencer.sources.github import build_queries, collect_github, scopes_for
from evidencer.store import EvidenceStore

UTC = dt.timezone.utc
REPOS = ["acme/api", "acme/web"]
PERIOD = Period(dt.date(2024, 1, 1), dt.date(2025, 12, 31))
TOKEN = "ghp_benchmark_token_0000000000000000"
SEARCH = "GET /search/issues"


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
        files = [
            ChangedFile(
                f"src/mod{rng.randrange(50)}/f{k}.py", rng.randint(1, 80), rng.randint(0, 20)
            )
            for k in range(rng.randint(1, 4))
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


def run(server: FakeGitHub, api: GitHubAPI, store: EvidenceStore) -> tuple[Counter[str], float]:
    server.log.clear()
    started = time.perf_counter()
    collect_github(
        api=api, repos=REPOS, people=[Person(logins=("alice",))], period=PERIOD, store=store
    )
    elapsed = time.perf_counter() - started
    return server.by_endpoint(), elapsed


def show(title: str, counts: Counter[str], elapsed: float) -> None:
    print(f"\n{title}: {sum(counts.values())} requests in {elapsed:.1f} s")
    for endpoint, count in counts.most_common():
        print(f"  {count:6d}  {endpoint}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--latency", type=float, default=0.05, help="seconds added a request")
    parser.add_argument("--concurrency", type=int, default=4, help="per-item calls at once")
    parser.add_argument("--authored", type=int, default=1200)
    parser.add_argument("--reviewed", type=int, default=600)
    parser.add_argument("--issues", type=int, default=400)
    args = parser.parse_args()

    server = FakeGitHub().start()
    server.tokens[TOKEN] = "alice"
    build(server, authored=args.authored, reviewed=args.reviewed, issues=args.issues)
    server.latency = args.latency
    ok = True
    try:
        with (
            tempfile.TemporaryDirectory() as folder,
            EvidenceStore(Path(folder) / "evidence.sqlite3") as store,
            GitHubAPI(base_url=server.api_url, token=TOKEN, concurrency=args.concurrency) as api,
        ):
            floor, queries = minimum_pages(server, api)
            first, first_time = run(server, api, store)
            show(
                f"first run (latency {args.latency * 1000:.0f} ms, concurrency {args.concurrency})",
                first,
                first_time,
            )
            per_item = sum(v for k, v in first.items() if k != SEARCH)
            ratio = first[SEARCH] / floor
            print(
                f"  search pages {first[SEARCH]} / minimum {floor} = {ratio:.2f} "
                f"(budget 1.20); per-item calls {per_item} "
                f"(budget {args.authored + args.reviewed}: one a PR)"
            )
            ok &= ratio <= 1.2 and per_item <= args.authored + args.reviewed
            merged_for_others = sum(
                1
                for item in store.iter_items()
                if item.kind == "pull_request" and any(a.role == "merger" for a in item.actors)
            )
            print(
                f"  stored {store.count()} items, {merged_for_others} of them PRs merged for "
                "someone else (role merger)"
            )

            again, again_time = run(server, api, store)
            show("rerun, nothing changed", again, again_time)
            total = sum(again.values())
            print(
                f"  {total} requests for {queries} queries = {total / queries:.2f} a query "
                "(budget 2)"
            )
            ok &= total <= 2 * queries
    finally:
        server.stop()
    print("\nwithin budget" if ok else "\nBUDGET MISSED")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
