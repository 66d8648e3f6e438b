"""Benchmark: peak memory of `evidencer brag` on a long history and for a prolific GitHub user.

Two sources, each at two sizes to show how memory grows:

- local history: a one-author history built with `git fast-import` (100,000 commits by
  default, and a quarter of it), read for that author (every commit is an item) and for
  someone with no commit in it (only the metadata pass over everyone's commits);
- GitHub: a person with 5,000 merged pull requests (and a fifth of it) on the fake REST
  server, collected into a fresh store and rendered.

Peak RSS is measured with wait4 on each `python -m evidencer` process. Prints figures;
it is not a test and has no budget.

    PYTHONPATH=src:. python benchmarks/memory_bounds.py [--commits 100000] [--prs 5000]
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from tests.support.bighistory import build_repo
from tests.support.github.data import ChangedFile
from tests.support.github.server import FakeGitHub

TOKEN = "ghp_benchmark_token_0000000000000000"
UTC = dt.timezone.utc


# A child's peak RSS counts the pages it shared with its parent before exec, so a big
# benchmark process (the fake server's data, a fast-import stream) would inflate every
# figure. Processes are started by this small launcher instead, begun while we are small.
_LAUNCHER = """
import json, os, subprocess, sys, time
for line in sys.stdin:
    job = json.loads(line)
    started = time.perf_counter()
    proc = subprocess.Popen(job["argv"], cwd=job["cwd"], env=job["env"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(proc.pid, 0)
    err = proc.stderr.read().decode(errors="replace")
    print(json.dumps([time.perf_counter() - started, usage.ru_maxrss, status, err]), flush=True)
"""


class Launcher:
    def __init__(self) -> None:
        self.proc = subprocess.Popen([sys.executable, "-c", _LAUNCHER], stdin=subprocess.PIPE,
                                     stdout=subprocess.PIPE, text=True)

    def measure(self, args: list[str], *, cwd: Path, env: dict[str, str]) -> tuple[float, float]:
        """Seconds and peak RSS (MB) of ``python -m evidencer ARGS``."""
        assert self.proc.stdin is not None and self.proc.stdout is not None
        job = {"argv": [sys.executable, "-m", "evidencer", *args], "cwd": str(cwd), "env": env}
        self.proc.stdin.write(json.dumps(job) + "\n")
        self.proc.stdin.flush()
        elapsed, peak_kib, status, err = json.loads(self.proc.stdout.readline())
        if status != 0:
            raise SystemExit(f"evidencer {' '.join(args)} failed:\n{err}")
        return elapsed, peak_kib / 1024

    def close(self) -> None:
        if self.proc.stdin is not None:
            self.proc.stdin.close()
        self.proc.wait()


LAUNCHER = Launcher()
measure = LAUNCHER.measure


def history(work: Path, commits: int, env: dict[str, str]) -> None:
    for size in (commits // 4, commits):
        started = time.perf_counter()
        repo = build_repo(work / f"history-{size}", size)
        print(f"\nhistory of {size:,} commits, one author (built in "
              f"{time.perf_counter() - started:.1f} s)")
        runs = (
            ("collect", "alice@example.com", "collect for the author: into the store"),
            ("brag", "alice@example.com", "brag for the author: every commit an item"),
            ("brag", "nobody@example.com", "brag for someone else: metadata pass only"),
        )
        for command, who, label in runs:
            store = work / f"store-{size}-{command}-{who}.sqlite3"
            out = ["-o", str(work / "out.json"), "--format", "json"] if command == "brag" else []
            seconds, peak = measure(
                [command, "--offline", "--repo", str(repo), "--author", who,
                 "--since", "2026-01-01", "--until", "2100-01-01", "--store", str(store), *out],
                cwd=work, env=env)
            print(f"  {label:44} {seconds:6.1f} s   peak RSS {peak:6.0f} MB")
        shutil.rmtree(repo)


def github(work: Path, prs: int, env: dict[str, str]) -> None:
    for size in (prs // 5, prs):
        server = FakeGitHub().start()
        server.tokens[TOKEN] = "alice"
        server.data.add_user("alice", name="Alice Doe")
        start = dt.datetime(2026, 1, 1, 10, tzinfo=UTC)
        for n in range(size):
            when = start + dt.timedelta(minutes=50 * n)
            server.data.add_pr("acme/api", title=f"Change {n}: faster export", user="alice",
                               created_at=when, merged_at=when, labels=["enhancement"],
                               files=[ChangedFile(f"src/mod{n % 40}/f{n % 7}.py", 12, 3)])
        repo = build_repo(work / f"clone-{size}", 10, remote="https://github.com/acme/api.git")
        run_env = {**env, "GITHUB_TOKEN": TOKEN, "GITHUB_API_URL": server.api_url}
        common = ["--repo", str(repo), "--author", "alice", "--since", "2026-01-01",
                  "--until", "2026-12-31"]
        try:
            for command in ("collect", "brag"):
                server.log.clear()
                out = ["--format", "json", "-o", str(work / "gh.json")] if command == "brag" else []
                store = work / f"gh-{size}-{command}.sqlite3"
                seconds, peak = measure([command, *common, "--store", str(store), *out],
                                        cwd=work, env=run_env)
                print(f"  {command:7} {size:6,} merged pull requests: {len(server.log):6,} "
                      f"requests {seconds:6.1f} s   peak RSS {peak:6.0f} MB")
        finally:
            server.stop()
        items = len(json.loads((work / "gh.json").read_text(encoding="utf-8"))["items"])
        assert items == size, (items, size)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--commits", type=int, default=100_000)
    parser.add_argument("--prs", type=int, default=5_000)
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="evidencer-memory-"))
    env = {k: v for k, v in os.environ.items() if k not in ("GITHUB_TOKEN", "GH_TOKEN")}
    env["HOME"] = str(work)  # no git config, token or data folder of the one running it
    try:
        _, floor = measure(["--version"], cwd=work, env=env)
        print(f"python -m evidencer --version: peak RSS {floor:.0f} MB (the floor)")
        history(work, args.commits, env)
        print("\nGitHub, one person, through the fake REST server")
        github(work, args.prs, env)
    finally:
        LAUNCHER.close()
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
