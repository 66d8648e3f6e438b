"""A realistic fixture history: six months of a small team's work on acme/widgets.

Fixed dates, names and contents, so commit shas (and the golden documents) never change.
"""

from __future__ import annotations

from pathlib import Path

from tests.support.gitrepo import GitRepo

ALICE = ("Alice Doe", "alice@example.com")
BOB = ("Bob Roe", "bob@example.com")
CAROL = ("Carol Chen", "carol@example.com")
MO = ("Maintainer Mo", "mo@example.com")
BOT = ("dependabot[bot]", "49699333+dependabot[bot]@users.noreply.github.com")
PERIOD = ("--since", "2026-01-01", "--until", "2026-06-30")


def at(day: str, hour: int = 10) -> str:
    return f"{day}T{hour:02d}:00:00+00:00"


def build_history(path: Path) -> GitRepo:
    """Squash and merge PRs, fixes, features, docs, typos, bumps, co-authors, a trailer."""
    repo = GitRepo(path)
    repo.commit("Initial commit", author=BOB, date=at("2025-11-03"),
                files={"src/app.py": "app\n", "README.md": "# widgets\n"})
    repo.commit("Add the exporter skeleton", date=at("2025-12-15"),
                files={"src/export.py": "export\n"})
    # January: a feature through a merged branch, a fix with a test, a typo.
    repo.branch("csv-export")
    repo.commit("Add CSV export for reports", date=at("2026-01-08"),
                files={"src/export_csv.py": "csv\n" * 30, "tests/test_export_csv.py": "t\n"})
    repo.commit("Document the CSV export", date=at("2026-01-09"),
                files={"docs/export.md": "csv\n"})
    repo.merge_pr(3, "csv-export", "Add CSV export for reports", merger=MO, date=at("2026-01-12"),
                  body="Customers asked for CSV export in 14 support tickets.")
    repo.squash_pr(5, "fix: retry uploads when S3 times out", date=at("2026-01-20"),
                   files={"src/upload.py": "retry\n", "tests/test_upload.py": "t\n"},
                   body="Uploads failed for 3% of users at peak hours; now 0.1%.\n\nFixes #4")
    repo.commit("Fix typo in README", date=at("2026-01-28"), files={"README.md": "# Widgets\n"})
    # February: a bump, a co-authored speed-up, a fix Bob led with Alice as co-author.
    repo.squash_pr(7, "Bump requests from 2.31.0 to 2.32.0", author=BOT, date=at("2026-02-03"),
                   files={"requirements.txt": "requests==2.32.0\n"})
    repo.squash_pr(9, "perf: cache the pricing table", date=at("2026-02-10"),
                   files={"src/pricing.py": "cache\n" * 60},
                   body="Cuts checkout latency from 800 ms to 120 ms.\n\n"
                        f"Co-authored-by: {CAROL[0]} <{CAROL[1]}>")
    repo.squash_pr(11, "fix: crash when the cart is empty", author=BOB, date=at("2026-02-18"),
                   files={"src/cart.py": "guard\n", "tests/test_cart.py": "t\n"},
                   body=f"Reported by a customer on the forum.\n\nCo-authored-by: {ALICE[0]} <{ALICE[1]}>")
    # March: docs for a confusing error, an alert with a trailer, a release chore.
    repo.commit("docs: explain what to do when the API token is missing", date=at("2026-03-02"),
                files={"docs/errors.md": "token\n"})
    repo.commit("Add an alert when the export queue backs up\n\nCompetency: product-stability",
                date=at("2026-03-09"), files={"ops/alerts.yml": "queue: 100\n"})
    repo.commit("chore: release 1.4.0", date=at("2026-03-20"), files={"CHANGELOG.md": "1.4.0\n"})
    # April: Bob merges Alice's onboarding PR; a pure refactor.
    repo.branch("onboarding")
    repo.commit("Onboarding checklist for new workspaces", date=at("2026-04-01"),
                files={"src/onboarding.py": "steps\n" * 12})
    repo.merge_pr(14, "onboarding", "Onboarding checklist for new workspaces", merger=BOB,
                  date=at("2026-04-02"),
                  body="New users told us they did not know where to start.")
    repo.commit("refactor: split the exporter into modules", date=at("2026-04-15"),
                files={"src/export/__init__.py": "split\n"})
    # May: accessibility, CI plumbing.
    repo.commit("fix(a11y): label the search field for screen readers", date=at("2026-05-06"),
                files={"src/search.html": "<label>\n"},
                )
    repo.commit("ci: cache pip downloads", date=at("2026-05-20"),
                files={".github/workflows/ci.yml": "cache: pip\n"})
    # June: Bob's feature, Alice's big speed-up.
    repo.squash_pr(18, "feat: dark mode, requested by customers", author=BOB, date=at("2026-06-01"),
                   files={"src/theme.py": "dark\n"})
    repo.squash_pr(20, "Reduce export time for large accounts", date=at("2026-06-10"),
                   files={"src/export_csv.py": "stream\n" * 250},
                   body="Export of a 50,000-row account now takes 3 s instead of 40 s.")
    # Late June: a small change and its revert, a bug-report form, a cross-cutting
    # rework whose description measures the outcome in a before/after table.
    repo.commit("fix: show prices with tax in the cart", date=at("2026-06-12"),
                files={"src/cart.py": "guard\ntax\n"})
    repo.commit('Revert "fix: show prices with tax in the cart"\n\nIt broke the totals.',
                date=at("2026-06-13"), files={"src/cart.py": "guard\n"})
    repo.commit("Ask for steps and versions in the bug report form", date=at("2026-06-15"),
                files={".github/ISSUE_TEMPLATE/bug_report.md": "steps\nversions\n" * 10})
    repo.squash_pr(22, "Stream the invoice export instead of building it in memory",
                   date=at("2026-06-22"),
                   files={"src/invoices/export.py": "stream\n" * 180,
                          "src/storage/chunks.py": "chunk\n" * 90,
                          "src/api/invoices.py": "route\n" * 40,
                          "tests/test_invoice_export.py": "t\n" * 30},
                   body="Large accounts timed out exporting invoices.\n\n"
                        "| | before | after |\n|---|---|---|\n"
                        "| export of 50,000 invoices | ~40 s | 3.1 s |\n"
                        "| peak memory | 1.2 GB | 60 MB |\n\n"
                        "* Stream rows from the database\n* Write chunks as they come\n"
                        "* Test the export of a large account")
    repo.commit("Update the roadmap after the June review", date=at("2026-07-02"),
                files={"docs/roadmap.md": "next\n"})
    return repo
