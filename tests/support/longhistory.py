"""A long, real-shaped history: two years of one maintainer's work on acme/widgets.

Made with ``git fast-import`` in a second: squash-merged PRs of every size across areas,
fixes that close issues, features with measured outcomes, docs, routine upkeep, reverts,
a large rework, a security fix, CI workflows, an issue template, alerting rules, runbooks,
a release process, a design document, a postmortem the person led, and pull requests by
others that the person merged. Fixed seed and dates: the same repository every time.
"""

from __future__ import annotations

import os
import random
import subprocess
from pathlib import Path

ALICE = ("Alice Doe", "alice@example.com")
OTHERS = (("Bob Roe", "bob@example.com"), ("Carol Chen", "carol@example.com"),
          ("Dan Ito", "dan@example.com"), ("Eve Park", "eve@example.com"))
GITHUB = ("GitHub", "noreply@github.com")
START = 1_719_828_000  # 2024-07-01T10:00:00Z
DAY = 86_400
AREAS = ("api", "billing", "export", "search", "auth", "cart", "storage", "ui")
PERIOD = ("--since", "2024-07-01", "--until", "2026-06-30")
POSTMORTEM = """---
title: "Checkout outage after the storage migration"
date: 2025-03-01
severity: SEV-1
status: Complete
authors:
  - name: Alice Doe
    email: alice@example.com
incident-commander: "Alice Doe <alice@example.com>"
responders: [ "Bob Roe" ]
started_at: 2025-03-01T14:05:00Z
resolved_at: 2025-03-01T15:47:00Z
services:
  - checkout
impact: >-
  About 18% of checkouts failed for 1 h 42 min.
---

# Checkout outage after the storage migration

## Summary

The migration left the old index in place; reads hit it and timed out.
"""


class _Stream:
    """Builds a fast-import stream on main, one commit after another."""

    def __init__(self) -> None:
        self.out: list[bytes] = []
        self.mark = 0
        self.when = START
        self.number = 100

    def _ident(self, who: tuple[str, str], when: int) -> str:
        return f"{who[0]} <{who[1]}> {when} +0000"

    def commit(self, message: str, files: dict[str, str], *,
               author: tuple[str, str] = ALICE, committer: tuple[str, str] = GITHUB,
               ref: str = "refs/heads/main", merge: int | None = None,
               parent: int | None = None) -> int:
        self.mark += 1
        data = message.encode()
        head = (f"commit {ref}\nmark :{self.mark}\n"
                f"author {self._ident(author, self.when)}\n"
                f"committer {self._ident(committer, self.when)}\n"
                f"data {len(data)}\n").encode() + data + b"\n"
        self.out.append(head)
        if parent is not None:
            self.out.append(f"from :{parent}\n".encode())
        if merge is not None:
            self.out.append(f"merge :{merge}\n".encode())
        for path, content in files.items():
            blob = content.encode()
            self.out.append(f"M 100644 inline {path}\ndata {len(blob)}\n".encode() + blob + b"\n")
        self.out.append(b"\n")
        return self.mark

    def pr(self, title: str, files: dict[str, str], body: str = "") -> int:
        self.number += 1
        message = f"{title} (#{self.number})" + (f"\n\n{body}" if body else "")
        return self.commit(message, files)


def _lines(word: str, count: int) -> str:
    return "".join(f"{word} {n}\n" for n in range(count))


def fast_import_stream() -> bytes:
    rng = random.Random(7)
    s = _Stream()
    main = s.commit("Initial commit", {"README.md": "# widgets\n"}, author=OTHERS[0],
                    committer=OTHERS[0])
    kinds = ["fix"] * 9 + ["feat"] * 6 + ["docs"] * 3 + ["routine"] * 4 + ["test"] * 2
    picked: list[str] = []
    for index in range(260):
        s.when = START + DAY * (index * 730 // 260) + 3600
        area = AREAS[index % len(AREAS)]
        kind = rng.choice(kinds)
        size = rng.choice((2, 4, 8, 15, 30, 60, 120, 250))
        path = f"src/{area}/m{index}.py"
        issue = 1000 + index
        if kind == "fix":
            title = f"fix: {area} crash when the input is empty ({index})"
            body = f"Reported on the forum.\n\nFixes #{issue}"
            main = s.pr(title, {path: _lines("guard", size), f"tests/test_{index}.py": "t\n"},
                        body)
            picked.append(f"{title} (#{s.number})")
        elif kind == "feat":
            title = f"feat: a {area} option for large accounts ({index})"
            body = (f"Closes #{issue}\n\nExport of a large account now takes 3 s instead of "
                    f"{10 + index} s." if index % 3 == 0 else f"Closes #{issue}")
            main = s.pr(title, {path: _lines("feature", size * 2)}, body)
        elif kind == "docs":
            main = s.pr(f"docs: explain the {area} settings ({index})",
                        {f"docs/{area}-{index}.md": _lines("doc", size)})
        elif kind == "test":
            main = s.pr(f"Add regression tests for {area} ({index})",
                        {f"tests/test_{area}_{index}.py": _lines("test", size)})
        else:
            main = s.pr(f"Bump requests from 2.{index}.0 to 2.{index + 1}.0",
                        {"requirements.txt": f"requests==2.{index + 1}.0\n"})
        if index % 7 == 3:  # a pull request by someone else, merged by the person
            other = OTHERS[index % len(OTHERS)]
            s.number += 1
            branch = s.commit(f"Improve {area} handling ({index})",
                              {f"src/{AREAS[(index + 3) % len(AREAS)]}/o{index}.py":
                               _lines("other", 40)},
                              author=other, committer=other, ref=f"refs/heads/topic-{index}",
                              parent=main)
            main = s.commit(f"Merge pull request #{s.number} from someone/topic-{index}\n\n"
                            f"fix: {area} timeout for large carts ({index})\n\nFixes #{issue + 5000}",
                            {}, author=ALICE, committer=GITHUB, merge=branch, parent=main)
    s.when = START + DAY * 200
    # The large rework, a security fix, a seven-line revert of an earlier fix.
    s.pr("Rework the storage layer to stream rows",
         {f"src/{a}/stream.py": _lines("stream", 300) for a in AREAS[:6]},
         "Large exports ran out of memory.\n\n| | before | after |\n|---|---|---|\n"
         "| peak memory | 1.2 GB | 60 MB |\n| export time | ~40 s | 3.1 s |")
    s.pr("fix: heap buffer overflow in the CSV parser",
         {"src/export/csv_parser.c": _lines("bound", 15)},
         "A crafted file could write past the buffer.\n\nFixes #4242")
    s.pr(f'Revert "{picked[5]}"', {"src/cart/revert.py": _lines("undo", 7)},
         "It broke the totals.")
    # Practice others work within: CI gates, an issue template, alerting rules and SLOs,
    # runbooks, the release process, usage data, a design document, the postmortem.
    for n in range(6):
        s.when += DAY
        s.pr(f"ci: test against the supported databases ({n})",
             {f".github/workflows/db{n}.yml": _lines("step", 80)})
    s.pr("Ask for steps and versions in the bug report form",
         {".github/ISSUE_TEMPLATE/bug.yml": _lines("field", 30)})
    s.pr("Alert when checkout errors exceed the SLO",
         {"ops/alerts/checkout.yml": _lines("rule", 60), "ops/slo/checkout.yaml": _lines("slo", 20)})
    s.pr("Write the on-call runbook for checkout", {"ops/runbooks/checkout.md": _lines("step", 90)})
    s.pr("Automate the release process", {"RELEASING.md": _lines("step", 60),
                                          "scripts/release.py": _lines("code", 120)})
    s.pr("Publish releases from CI with provenance", {"scripts/release.py": _lines("code2", 80),
                                                      ".github/workflows/release.yml": _lines("s", 40)})
    s.pr("Count which export formats customers use",
         {"src/telemetry/export_usage.py": _lines("count", 70)})
    s.pr("Design: sharding the search index", {"docs/design/search-sharding.md": _lines("d", 200)})
    s.commit("Postmortem: checkout outage after the storage migration",
             {"postmortems/2025-03-01-checkout-outage.md": POSTMORTEM}, committer=ALICE)
    return b"".join(s.out)


def build_long_history(path: Path) -> Path:
    env = {**os.environ, "GIT_CONFIG_NOSYSTEM": "1", "HOME": str(path.parent)}
    path.mkdir(parents=True, exist_ok=True)

    def git(*args: str, data: bytes | None = None) -> None:
        subprocess.run(["git", *args], cwd=path, env=env, input=data, check=True,
                       capture_output=True)

    git("init", "-q", "-b", "main")
    git("fast-import", "--quiet", data=fast_import_stream())
    git("checkout", "-q", "main")
    git("remote", "add", "origin", "https://github.com/acme/widgets.git")
    return path
