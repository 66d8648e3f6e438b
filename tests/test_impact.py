"""Measurable outcomes are pulled out of text as real PRs, commits and postmortems write it.

Numbers that are not outcomes (versions, refs, dates, config values, code) are left alone.
"""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from evidencer.classify.impact import MAX_PHRASE_LENGTH, MAX_TEXT_LENGTH, extract_impact

FOUND = [
    # overhead taken away is an outcome, and a cost said gone (a review of the rule that
    # reads zod's costs)
    ("Eliminates 40 MB of per-process overhead.", "Eliminates 40 MB of per-process overhead"),
    ("Removes 40% of the memory overhead.", "Removes 40% of the memory overhead"),
    ("The cost is gone: memory use is now 30% of what it was.",
     "The cost is gone: memory use is now 30% of what it was"),
    ("Export now takes 3 s instead of 40 s.", "Export now takes 3 s instead of 40 s"),
    # calls and errors users' systems see, not the calls the code makes (below)
    ("Batching cuts 30 API calls per sync to 2.", "Batching cuts 30 API calls per sync to 2"),
    ("Cut 5,000 function errors a day to 20.", "Cut 5,000 function errors a day to 20"),
    (
        "This PR caches the manifest so that p99 latency goes from 800ms to 120ms.",
        "caches the manifest so that p99 latency goes from 800ms to 120ms",
    ),
    (
        "Rewrote the diff algorithm; it's now 3× faster on large repos.",
        "Rewrote the diff algorithm; it's now 3× faster on large repos",
    ),
    (
        "Reduces memory use by 45% when importing big CSV files",
        "Reduces memory use by 45% when importing big CSV files",
    ),
    (
        "Error rate down from 2.1% to 0.3% after the retry fix.",
        "Error rate down from 2.1% to 0.3% after the retry fix",
    ),
    (
        "Moving the nightly job to spot instances saves $12k a month.",
        "Moving the nightly job to spot instances saves $12k a month",
    ),
    (
        "This bug affected 1,200 users on the EU cluster.",
        "This bug affected 1,200 users on the EU cluster",
    ),
    (
        "Closes 40 support tickets about broken CSV exports",
        "Closes 40 support tickets about broken CSV exports",
    ),
    ("Build time: 12 min -> 4 min", "Build time: 12 min -> 4 min"),
    ("Cold start was 9s, now it's 1.5s", "Cold start was 9s, now it's 1.5s"),
    ("Bundle size 1.8 MB → 640 KB", "Bundle size 1.8 MB → 640 KB"),
    (
        "The new parser is 3 times faster than the old one",
        "The new parser is 3 times faster than the old one",
    ),
    (
        "Throughput improved from 1,200 req/s to 4,500 req/s",
        "Throughput improved from 1,200 req/s to 4,500 req/s",
    ),
    (
        "The outage lasted 47 minutes and affected roughly 3,000 customers.",
        "The outage lasted 47 minutes and affected roughly 3,000 customers",
    ),
    ("Cuts CI time by 6 minutes per run", "Cuts CI time by 6 minutes per run"),
    ("Docker image shrinks from 1.2 GB to 310 MB.", "Docker image shrinks from 1.2 GB to 310 MB"),
    ("Memory: was 2 GB, now 600 MB", "Memory: was 2 GB, now 600 MB"),
    ("Saves about €300/month in S3 costs", "Saves about €300/month in S3 costs"),
    ("Reduces cloud spend by $4.5k per month", "Reduces cloud spend by $4.5k per month"),
    ("Signup conversion up from 3.1% to 4.2%", "Signup conversion up from 3.1% to 4.2%"),
    ("2x faster test suite (18 min → 9 min)", "2x faster test suite (18 min → 9 min)"),
    (
        "Queries are 10-fold faster with the new index",
        "Queries are 10-fold faster with the new index",
    ),
    (
        "Handles 5,000 requests per second on a single node, up from 800",
        "Handles 5,000 requests per second on a single node, up from 800",
    ),
    (
        "Flaky test failures dropped by 80% since we added the retry wrapper",
        "Flaky test failures dropped by 80% since we added the retry wrapper",
    ),
    ("Time to first byte: 600ms vs 1.4s before", "Time to first byte: 600ms vs 1.4s before"),
    ("Deploys take 4 minutes now instead of 25", "Deploys take 4 minutes now instead of 25"),
    ("Fixes a crash that hit 250 customers daily", "Fixes a crash that hit 250 customers daily"),
    # a cost the change takes away is its outcome
    ("Fixes a 20% regression in startup time.", "Fixes a 20% regression in startup time"),
    ("Memory usage dropped by 40%.", "Memory usage dropped by 40%"),
    (
        "Dashboard loads in under 2 seconds (previously 11 seconds)",
        "Dashboard loads in under 2 seconds (previously 11 seconds)",
    ),
    ("Reduced log volume by 60 GB per day", "Reduced log volume by 60 GB per day"),
    ("Postgres CPU from ~90% to ~35% at peak", "Postgres CPU from ~90% to ~35% at peak"),
    ("Went from 3 pages a night to zero", "Went from 3 pages a night to zero"),
    ("1.5x throughput on the ingest path", "1.5x throughput on the ingest path"),
    ("Cache hit ratio from 62% to 97%", "Cache hit ratio from 62% to 97%"),
    (
        "Reduces the number of support tickets by 40%",
        "Reduces the number of support tickets by 40%",
    ),
    (
        "Saves ~20 hours of manual work per release",
        "Saves ~20 hours of manual work per release",
    ),
    ("Startup is twice as fast on cold caches", "Startup is twice as fast on cold caches"),
    ("Sped up the nightly build by ~40 minutes", "Sped up the nightly build by ~40 minutes"),
    ("Loads 2.5x quicker on mobile", "Loads 2.5x quicker on mobile"),
    ("perf: 3x faster search (#123)", "3x faster search"),
    (
        "It used to take 40 seconds to render the dashboard; now it renders in 3.",
        "It used to take 40 seconds to render the dashboard; now it renders in 3",
    ),
    (
        "The API now serves 2M requests/day for 300+ customers",
        "The API now serves 2M requests/day for 300+ customers",
    ),
    ("Results: p50 120ms → 80ms, p99 900ms → 300ms", "p50 120ms → 80ms, p99 900ms → 300ms"),
    ("Responses are now ~40% smaller (gzip)", "Responses are now ~40% smaller (gzip)"),
    ("Timeouts dropped from 40/day to 2/day", "Timeouts dropped from 40/day to 2/day"),
    (
        "Speeds up `make test` from 14 min to 5 min on CI",
        "Speeds up make test from 14 min to 5 min on CI",
    ),
]

NOT_FOUND = [
    "Bump lodash from 4.17.20 to 4.17.21",
    "Bump actions/checkout from 3 to 4",
    "chore(deps): bump requests from 2.31.0 to 2.32.3 (#77)",
    "Upgrade to Python 3.11",
    "Upgrade PostgreSQL 14 → 16",
    "Requires Node 18 and Go 1.22",
    "Release v2.0.1",
    "Fixes #123",
    "Merge pull request #45 from acme/fix-3x-bug",
    "Revert commit 3f2a9c1d",
    "Run python3 -m pip install -e .",
    "See line 42 in parser.py",
    "Set `timeout = 30s` in the config",
    "Released on 2024-03-01",
    "Merged at 14:32 UTC on March 3",
    "Update copyright to 2025",
    "Retry after 5 seconds with exponential backoff",
    "Increase the HTTP client timeout from 30s to 60s",
    "Bump the max connections from 10 to 50 per pod",
    "Reduce retries from 5 to 3",
    "Raise the rate limit from 100 req/s to 500 req/s",
    "Drop idle connections after 30 s",
    "Make the upload limit 25 MB (was 10 MB)",
    "Limit uploads to 10 MB",
    "Cron job runs every 5 minutes",
    "Cache TTL set to 5 minutes",
    "Wait 2 minutes for the pods to drain before the rollout",
    "Fix HTTP 500 error on the settings page",
    "Add 2 new users to the seed fixtures",
    "Use a 2x2 grid on the dashboard",
    "Support 1920x1080 screenshots",
    "Handle 0x1F bytes in the lexer",
    "Rename x86_64 target and update sha256 sums",
    "Set the column width to 100%",
    "Refactor handlers into 3 modules",
    "test: add 12 tests for the parser",
    "docs: explain the 3 retry modes",
    "Tested on a 16 GB laptop with 8 cores",
    "Decreases the number of warnings in the build log",
    "See https://example.com/perf/40s-to-3s?ratio=3x",
    "Reproduce with:\n\n```\n$ time export\nreal 40s -> 3s, 45% faster\n```",
    '<!-- Describe the impact, e.g. "p99 from 800ms to 120ms" -->\n## Summary\nRename the loader',
    "Thanks @user42 for the report; see acme/widgets#1234 and GH-77",
]


@pytest.mark.parametrize(("text", "phrase"), FOUND, ids=[t[:40] for t, _ in FOUND])
def test_outcome_stated_as_real_prs_write_it_is_found(text: str, phrase: str) -> None:
    assert extract_impact(text) == (phrase,)


@pytest.mark.parametrize("text", NOT_FOUND, ids=[t[:40] for t in NOT_FOUND])
def test_numbers_that_are_not_outcomes_are_ignored(text: str) -> None:
    assert extract_impact(text) == ()


def test_each_list_item_is_its_own_phrase() -> None:
    body = "## Impact\n- p95 page load: 2.4s → 900ms\n- 30% fewer 5xx errors\n- [x] tests"
    assert extract_impact(body) == ("p95 page load: 2.4s → 900ms", "30% fewer 5xx errors")


def test_wrapped_commit_message_lines_join_into_one_sentence() -> None:
    message = (
        "perf: use a trie for search\n\n"
        "Switch the search index to a trie. Lookups now take\n"
        "0.4 ms instead of 12 ms on the benchmark corpus."
    )
    assert extract_impact(message) == (
        "Lookups now take 0.4 ms instead of 12 ms on the benchmark corpus",
    )


def test_title_line_does_not_run_into_the_body() -> None:
    text = "Speed up export\nExport now takes 3 s instead of 40 s."
    assert extract_impact(text) == ("Export now takes 3 s instead of 40 s",)


def test_postmortem_fields_are_read_one_line_at_a_time() -> None:
    postmortem = (
        "### Postmortem: checkout outage\n\n"
        "**Duration:** 47 minutes\n"
        "**Impact:** ~3,400 customers could not complete checkout; "
        "an estimated $18k in lost orders.\n\n"
        "Root cause: pool exhausted after the 2024-05-02 deploy (a3f9c21)."
    )
    assert extract_impact(postmortem) == (
        "Duration: 47 minutes",
        "~3,400 customers could not complete checkout; an estimated $18k in lost orders",
    )


def test_incident_summary_sentences_are_found_in_order() -> None:
    summary = (
        "Between 09:10 and 09:55 UTC checkout failed for about 8% of requests. "
        "Roughly 2,300 customers saw an error page."
    )
    assert extract_impact(summary) == (
        "Between 09:10 and 09:55 UTC checkout failed for about 8% of requests",
        "Roughly 2,300 customers saw an error page",
    )


# As Dependabot wrote it on jesseduffield/lazygit#5460: the upstream release notes, quoted.
DEPENDABOT_BODY = """Bumps [github.com/sasha-s/go-deadlock](https://github.com/sasha-s/go-deadlock)
from 0.3.6 to 0.3.9.
<details>
<summary>Release notes</summary>
<p><em>Sourced from <a href="https://github.com/sasha-s/go-deadlock/releases">releases</a>.</em></p>
<blockquote>
<h2>v0.3.8</h2>
<ul>
<li>Reduce allocations per lock request
\u2014 replaces goroutine-per-lock deadlock detection with
<code>time.AfterFunc</code>, cutting
allocations from 4 to 2 per lock/unlock cycle (~40% throughput
improvement).</li>
</ul>
</blockquote>
</details>
"""


def test_quoted_release_notes_are_not_the_works_outcome() -> None:
    assert extract_impact(DEPENDABOT_BODY) == ()
    # The author's own words around a quote still count.
    own = "Startup went from 860ms to 310ms.\n\n<BLOCKQUOTE>\nupstream: 2x faster\n</blockquote>"
    assert extract_impact(own) == ("Startup went from 860ms to 310ms",)


def test_pr_template_comments_and_checklists_are_skipped() -> None:
    body = (
        "## Summary\nAdds a retry with jitter around the payment webhook.\n\n"
        "<!-- State the impact with numbers, e.g. 40% faster -->\n## Impact\n"
        "Since rollout on staging, webhook failures went from ~120/day to 3/day.\n"
        'Support tickets tagged "payment pending" dropped 60% week over week.\n\n'
        "- [x] Tests added\n- [ ] Docs updated (2 pages)\n"
    )
    assert extract_impact(body) == (
        "Since rollout on staging, webhook failures went from ~120/day to 3/day",
        'Support tickets tagged "payment pending" dropped 60% week over week',
    )


def test_long_sentence_is_cut_to_the_clause_with_the_outcome() -> None:
    body = (
        "After deploying to staging and replaying last Tuesday's traffic, the import job "
        "finishes in 6 minutes instead of 48 minutes, the database CPU stays below 40% for "
        "the whole run, and we no longer see lock waits."
    )
    assert extract_impact(body) == (
        "the import job finishes in 6 minutes instead of 48 minutes",
        "the database CPU stays below 40% for the whole run",
    )


def test_long_clause_is_cut_at_word_boundaries_with_ellipses() -> None:
    body = (
        "Streaming the rows instead of building the whole workbook in memory first "
        "brings a 50k-row export from 95 s down to 7 s and keeps the worker healthy "
        "under the load we see every Monday morning when the reports go out."
    )
    (phrase,) = extract_impact(body)
    assert phrase.startswith("…")
    assert phrase.endswith("…")
    assert "from 95 s down to 7 s" in phrase
    assert len(phrase) <= MAX_PHRASE_LENGTH
    words = body.split()
    assert all(word in words for word in phrase.strip("…").split())


def test_repeated_outcome_is_reported_once() -> None:
    text = "Reduce p99 from 800ms to 120ms. Reduce p99 from 800ms to 120ms."
    assert extract_impact(text) == ("Reduce p99 from 800ms to 120ms",)


def test_limit_keeps_the_first_outcomes_in_order() -> None:
    text = "a 45% win. b 50% win. c 60% win. d 70% win"
    assert extract_impact(text) == ("a 45% win", "b 50% win", "c 60% win")
    assert extract_impact(text, limit=2) == ("a 45% win", "b 50% win")
    assert extract_impact(text, limit=10)[-1] == "d 70% win"


def test_limit_below_one_returns_nothing() -> None:
    assert extract_impact("3x faster", limit=0) == ()


def test_empty_text_has_no_outcomes() -> None:
    assert extract_impact("") == ()
    assert extract_impact("\n\n   \n") == ()


def test_text_past_the_length_cap_is_not_read() -> None:
    filler = "word " * (MAX_TEXT_LENGTH // 5)
    assert extract_impact(filler + "Now 3x faster.") == ()
    assert extract_impact("Now 3x faster. " + filler) == ("Now 3x faster",)


NUMBERISH = st.text(alphabet=st.sampled_from(list("0123456789 .,%x×$msk->→\n#`")))
WORDISH = st.lists(
    st.sampled_from(["from", "to", "instead of", "3 s", "40%", "users", "faster", ",", ".", "\n"]),
    max_size=40,
).map(" ".join)


@settings(max_examples=300)
@given(st.one_of(st.text(), NUMBERISH, WORDISH))
def test_phrases_are_short_single_line_and_distinct(text: str) -> None:
    phrases = extract_impact(text, limit=5)
    assert len(phrases) <= 5
    assert len({p.casefold() for p in phrases}) == len(phrases)
    for phrase in phrases:
        assert phrase
        assert "\n" not in phrase
        assert len(phrase) <= MAX_PHRASE_LENGTH


# -- numbers out of context, as a review of real commit messages and PRs found them -------
# Each text is shaped like the real one (a benchmark commit body, a PR description); the
# numbers in them are settings, guesses, ranges or tool output, not outcomes.
BENCHMARK_RUNNER_BODY = (
    "Add SIMD indexByteTwo for faster prefiltering\n\n"
    "Use SIMD to search for two bytes simultaneously.\n\n"
    "=== query: 'l' ===\n"
    "  [all]   baseline:   100.61ms  current:    98.88ms  (+1.7%)  matches: 5069891 (94.78%)\n"
    "  [1T]    baseline:   889.28ms  current:   852.71ms  (+4.1%)  matches: 5069891 (94.78%)\n"
)
SPEEDUP_RUNNER_BODY = (
    "Use a shared work queue instead of static partitioning in matcher\n\n"
    "With this change, NumCPU workers suffice (no need for 8x oversubscription),\n"
    "reducing goroutine overhead while improving throughput by 5-22%.\n\n"
    "=== query: 'linux' ===\n"
    "  [all]   baseline:    17.12ms  current:    14.28ms  (1.20x)  matches: 179966 (12.79%)\n"
    "  [1T]    baseline:   136.49ms  current:   137.25ms  (0.99x)  matches: 179966 (12.79%)\n"
)
COMPILER_OUTPUT_BODY = (
    "Fix duplicate command definition in nushell integration\n\n"
    "    x Duplicate command definition within a block.\n"
    "   211 | def __fzf_defaults [prepend: string, append: string]: nothing -> string {\n"
    "   212 |   let base = $\"--height ($env.FZF_TMUX_HEIGHT? | default '40%') ...\n\n"
    "Rename the completion.nu copy to __fzf_defaults_completion.\n"
)
PYTEST_OUTPUT_BODY = (
    "Fix flaky unicode test\n\n"
    "Now passes on every run:\n\n"
    "tests/test_parser.py::test_unicode_width PASSED [100%]\n"
    "tests/test_parser.py::test_cjk_width PASSED [ 50%]\n"
)
LABEL_SIZES_BODY = (
    "Instead of using varint to encode the size of each label, use a single byte for size "
    "0-254, or a flag value of 255 followed by the size in 3 bytes.\n\n"
    "The maximum allowed label name or value length is now 2^24 or 16MB.\n\n"
    "Memory used by labels changes as follows:\n"
    "* Labels from 0 to 127 bytes length: same\n"
    "* From 128 to 254: 1 byte less\n"
    "* From 16384 to 2MB: 1 byte more\n"
)
GOGC_BODY = (
    "We should use the configured value, or Prometheus' default of 75%, while\n"
    "initializing and loading the WAL.\n\n"
    "Since the Go default is 100%, most Prometheus users would experience\n"
    "higher memory usage before the value is configured.\n"
)
BENCHMARK_CASES_BODY = (
    "Previously, BenchmarkRangeQuery would run each case with three data sizes.\n\n"
    "With 36 cases, running with `-count=6` to get dependable results, would\n"
    "take 40-50 minutes in total.\n"
)
NOT_OUTCOMES = [
    # Wilfred/difftastic: a cost in instructions, its highlight's "outcome"
    "This is perf neutral for the usual benchmarks (where diffing is the bottleneck, not "
    "display) and only a small (0.4% instruction count increase) on the huge_cpp_1.cpp test "
    "files.",
    # tailwindcss: a before/after table of two screenshots, their tags wrapped over lines
    '| Before | After |\n| --- | --- |\n| <img width="450" height="549" alt="image"\n'
    'src="https://github.com/user-attachments/assets/4b51fb93"\n/> | <img width="448" '
    'height="548" alt="image"\nsrc="https://github.com/user-attachments/assets/1016af67"\n/> |',
    # colinhacks/zod: costs its highlights stated as outcomes ("z.object() construction
    # +1.4%", a slowdown; a bundle's growth in bytes and its share)
    "Measured against be1468b8 on an idle machine, interleaved, one case per process: memory"
    " +32 B empty / +72 B 3-key / +128 B 10-key per object schema and 0 B for non-objects;"
    " bundle +17 B gz classic, +27 B gz mini; `z.object()` construction +1.4%;"
    " discriminated-union parse unchanged.",
    "Classic minimal (z.string().parse): 15,677 -> 15,889 (+212 B, +1.4%)",
    "Measured against the baseline, the accessor form costs +480 B per object schema (+7% to"
    " +11%), flat regardless of key count.",
    "Taken knowingly: the cost is ~23 gzipped bytes on mini, ~42 B per retained object schema,"
    " and ~10% of `z.object()` construction.",
    BENCHMARK_RUNNER_BODY,
    COMPILER_OUTPUT_BODY,
    PYTEST_OUTPUT_BODY,
    LABEL_SIZES_BODY,
    GOGC_BODY,
    BENCHMARK_CASES_BODY,
    "Under normal conditions one iteration takes ~10–50ms, so the 2s window is plenty.",
    # tailwindcss: what a new step costs, measured once, compares with nothing
    "The canonicalization step for this list takes **~2.9ms** on my machine.",
    "On Windows, message_length_limit test always take 300s for execution.",
    # junegunn/fzf: what the code no longer does, counted, is how it works
    "Add direct algo fast path in matchChunk\n\nFor the common case of a single fuzzy term,\n"
    "call the algo function directly from matchChunk, bypassing the\n"
    "MatchItem -> extendedMatch -> iter dispatch chain. This eliminates\n"
    "3 function calls and the per-match []Offset heap allocation.",
    # dani-garcia/vaultwarden: how long something is kept or valid is a setting
    "Instead of letting the browser cache it for 24 hours we generate an ETag, this is "
    "just a hash of the contents.",
    "Only users who recently checked the remember checkbox within 30 days have to login "
    "again.",
    # ... nor what a change costs: a size or a duration that grew, no gain said beside it
    "The package increased by ~65 kB which I don't think is the end of the world.",
    "Build is now 20 s slower.",
    # ... compared before and after (git/git's cbtree, one of its author's highlights),
    # or a share of something that costs (curl: its Customer Value's stated outcome)
    "This grows the size from 60 to 64 bytes on a 64 bit system.",
    "p99 latency is 450ms (was 120ms).",
    # getsentry/sentry-python: a version is no count ("2.0 failures"); python/mypy: a share
    # of the tests the CI jobs run is what they are, not what changed
    "fix: Handle mypy 2.0 related failures",
    # python/mypy: a cost said of anything; git/git: where the time now goes is a profile
    "This makes cache ~5% larger.",
    "On my machine slow down is ~0.6%.",
    "The build slowed down by 20%.",
    "We now spend ~90% of the time decompressing objects.",
    "I add two CI jobs (regular and compiled) that run ~60% of all tests with 4 parallel "
    "workers.",
    "Static libraries grow 20-30% with non-Apple toolchains.",
    "The binary is 15% larger.",
    # pnpm, redis, grpc-go: a regression or a drop in performance, a time added, a factor
    # called slower, a speed-up within the noise, a threshold the text sets out
    "Earlier iterations of this PR showed a ~5% cold-install regression.",
    "The impact is about 2% performance drop, for this hopefully uncommon scenario.",
    "bin linking added ~7% to install time.",
    "| hot cache | 0.71 s | 0.80 s | 0.89× (slower) |",
    "The build is 2x slower now.",
    "Fresh restore is ~0.6% faster.",
    "Resize when the size / buckets ratio is less than 1%.",
    # rclone: a Go type's name is no word of change ("time.Duration")
    "This also fixes the pacer sleeps: pacer.MinSleep(1000) and MaxSleep(10000) are "
    "time.Duration values, so they were 1µs and 10µs - almost certainly intended as 10ms.",
    "Everything must finish within 15 seconds, which seems to be tight on CI runners.",
    "Document the overhead so the 80-85% recommendation has a clear basis.",
    "allowing broader queries (up to 50% match rate) to be cached.",
    "Chromium file list, single-threaded:\n  linux:  126ms -> 126ms (sort not dominant)\n",
    # a share of code covered by checks is no outcome for users
    "CI/TYP: Use Pyrefly to enforce 100% type coverage",
    "PASS coverage: 0.2% of statements ok go.k6.io/k6/metrics 3.983s",
    # a hundred per cent that says how sure, not how much changed (rust-lang/mdBook)
    "I still don't 100% like how the distinction between sections can be difficult to see.",
    "I am not 100 percent sure this covers every platform.",
    # a platform's version is no count (apache/commons-lang's "Add JavaVersion.JAVA_27")
    "Available now: OpenJDK JDK 27 Early-Access Builds.",
    "Windows 11 users can now install it from the store.",
    # a setting's new value (gitleaks/gitleaks)
    "fix: increase chunk size 10kb -> 100kb",
    # Weblate's status line in a translation pull request (TeamNewPipe/NewPipe)
    "Currently translated at 50.0% (43 of 86 strings)",
    # what remains, or how often a case occurs, is not what changed (tailwindcss)
    "While the canonicalization itself is fairly fast, we still pay a **~1s**\n"
    "startup cost for some migrations.",
    "Instead we now accept an owned `Vec<u8>` (in my testing, this is ~92% of the time\n"
    "in the codebases I checked).",
    # inline code wrapped onto the next line is still code
    "(`shadow-red-500/12.5` → `color-mix(in oklab, var(--color-red-500)\n"
    "12.5%, transparent)`), since that path already goes through `asColor`.",
    # a before/after table of renamed code
    "This PR adds more canonicalization rules.\n\n| Before | After |\n| --- | --- |\n"
    "| `start-8` | `inset-s-8` |\n| `-end-123` | `-inset-e-123` |\n",    # nektos/act: how much of the change was tested, not what it changed for users
    "* So many breaking changes\n* All credits to AI\n* 0% Tested",
    # navidrome: a token's lifetime, an allowance that ran out, x86's 32-bit architecture
    # and what a change costs, each a fix's or feature's stated outcome as Customer Value
    "The callback cannot use the regular auth middleware because it is reached\n"
    "via a browser redirect from Last.fm, which cannot carry a JWT header.\n"
    "Instead, GET /api/lastfm/link (authenticated) now also returns a short-\n"
    "lived (5 min) HMAC-signed link token bound to the requesting user, with a\n"
    "dedicated scope claim.",
    "Before, a lookup retried until the 12h budget ran out, and then settled as absent.",
    "purego was linked, so the armv7/v6/v5 and 386 downloads crashed on launch.",
    "Measured on a copy of a 682MB / 43.6k-item library: +9.7MB (+1.4%).",
    # atuin, FreshRSS: a value shown as an example, in a table of columns or under a setting
    "| Column | Default Width | Description |\n| --- | --- | --- |\n"
    '| duration | 5 | Command execution duration (e.g., "123ms") |\n',
    "> Example for 0.05 (5% rounded): tolerate 0 invalid GUIDs for up to 9 articles.",
    "Shows how long each step took, for instance 30% of the request time.",
    # rclone, beets: an HTTP status is no count of errors, nor 404 seconds
    "serve s3: update to gofakes3 v0.0.8 which fixes 500 errors with go1.27",
    "Gracefully handle 404s from the lyrics API",
    "Retry on 503 responses from the registry, which cut the failures.",
    # nodejs/undici: nor 401 failures
    "fix: avoid 401 failures for stream-backed request bodies",
    # celery: a share of the tests' code taken out
    "Removes ~85% of duplicated setup boilerplate",
    "Cuts 40% of the lines of code in the parser.",
]


def test_a_window_that_ends_at_its_clause_keeps_the_whole_figure() -> None:
    # jesseduffield/lazygit: the clause ends at the comma after "440ms"; the window's edge
    # was pulled back to the last space and dropped the figure after "to"
    body = (
        "Both of these together reduce the time it takes for the Files panel to show its "
        "files at startup (in my regular work repo with three worktrees and ~30 submodules) "
        "from 860ms to 440ms, so almost a factor of two."
    )
    (phrase,) = extract_impact(body)
    assert "from 860ms to 440ms" in phrase
    assert len(phrase) <= MAX_PHRASE_LENGTH
    words = [word.rstrip(",.") for word in body.split()]
    assert all(word in words for word in phrase.strip("…").split())


@pytest.mark.parametrize("text", NOT_OUTCOMES, ids=[t[:40] for t in NOT_OUTCOMES])
def test_settings_guesses_ranges_and_tool_output_are_not_outcomes(text: str) -> None:
    assert extract_impact(text, limit=10) == ()


def test_an_outcome_said_beside_an_example_stays_an_outcome() -> None:
    # the attack on the example guard: an example of where it was measured, or compared
    for text in ("Exports are 40% faster (for example on 50,000 rows).",
                 "Startup now takes 40 ms instead of 300 ms, for example on a cold cache.",
                 "For example, a cold start went from 1.2 s to 300 ms."):
        assert extract_impact(text), text


def test_a_hundred_per_cent_that_something_changed_by_is_an_outcome() -> None:
    assert extract_impact("This cuts failed uploads by 100%.", limit=10) == (
        "This cuts failed uploads by 100%",)
    assert extract_impact("Now 100% of requests succeed on the first try.", limit=10) == (
        "Now 100% of requests succeed on the first try",)


def test_a_change_said_beside_still_or_of_the_time_stays_an_outcome() -> None:
    assert extract_impact("It still takes 3 s instead of 40 s.", limit=10) == (
        "It still takes 3 s instead of 40 s",)
    assert extract_impact("The export is still 30% faster.", limit=10) == (
        "The export is still 30% faster",)
    assert extract_impact("This cuts 40% of the time spent in parsing.", limit=10) == (
        "This cuts 40% of the time spent in parsing",)


def test_a_table_row_measured_outside_its_code_cells_counts() -> None:
    body = ("| | before | after |\n|---|---|---|\n| `parse` | 12ms | 3ms |\n"
            "| `rename` | `a-1` | `b-2` |\n")
    assert extract_impact(body, limit=10) == ("parse: 12ms → 3ms",)


def test_a_table_of_before_and_after_rows_is_read_by_its_columns() -> None:
    # marimo's "perf(autoreload): skip stdlib/site-packages on per-cell check": its
    # "| path | median | p95 |" table of a before row and an after row was passed over,
    # and a later table's row "| 0 | 2514 | 5037 | 873 |" read "0: 5037 → 873"
    body = ("### Benchmark\n\n| path | median | p95 |\n|------|-------:|----:|\n"
            "| before | 4.88 ms | 6.15 ms |\n| after  | 0.91 ms | 1.01 ms |\n\n"
            "| user mods | sys.modules | before | after |\n|---:|---:|---:|---:|\n"
            "| 0 | 2514 | 5037 | 873 |\n")
    assert extract_impact(body, limit=10) == (
        "median: 4.88 ms → 0.91 ms", "p95: 6.15 ms → 1.01 ms", "user mods 0: 5037 → 873")
    # a row of a table that only names before and after in its cells is no header
    assert extract_impact("| step | note |\n|---|---|\n| before | 2 s |\n| after | 1 s |\n"
                          ) == ("note: 2 s → 1 s",)
    assert extract_impact("| before | 2 s |\n| after | 1 s |\n") == ()


def test_how_the_work_was_checked_and_a_figure_taken_back_are_no_outcomes() -> None:
    # wails: "Verified: clean rebuild, 1711 pages, no page loss", "Reproduced consistently
    # by the reporter on a 200%/125% dual-monitor setup" and "The ~4.4% figure quoted in
    # #5930 is retracted" were each a change's stated outcome
    body = ("Verified: clean rebuild, 1711 pages, no page loss.\n\n"
            "Reproduced consistently by the reporter on a 200%/125% dual-monitor setup.\n\n"
            "The ~4.4% figure quoted in #5930 is retracted.\n\n"
            "Tested on a 10k-file repo: the scan went from 12 s to 3 s.\n")
    assert extract_impact(body, limit=10) == (
        "Tested on a 10k-file repo: the scan went from 12 s to 3 s",)


@pytest.mark.parametrize("body", [
    # vikunja: how a fix works, each a stated outcome
    "Changing the email no longer overwrites the address. The new address is stored as\n"
    "pending_email and only applied when the confirm token is used (valid 24h),\nso a "
    "lost or misaddressed confirmation mail can no longer lock the user out.",
    # wails: a device's state in a test report; what the change leaves as it was
    "Android live via adb battery 15%/charging.",
    "Known and not addressed here: mixedsource reports ~4.4% event inversions.",
])
def test_settings_states_and_what_is_left_as_it_was_are_no_outcomes(body: str) -> None:
    assert extract_impact(body, limit=10) == ()


@pytest.mark.parametrize("body", [
    # ... while a check or a known issue that states a change still tells one
    "Verified: cold start 12 s -> 3 s on the CI box.",
    "Reproducible builds now take 12 min instead of 40 min.",
    "Known issue fixed: startup went from 12 s to 3 s.",
    "Cuts startup from 2 s to 0.5 s; the Windows slowdown is not addressed here.",
    "Battery drain cut by 30% on Android.",
    "Build time: 40 min => 12 min.",
])
def test_a_check_or_a_known_issue_that_states_a_change_is_still_an_outcome(body: str) -> None:
    assert len(extract_impact(body, limit=10)) == 1


def test_a_figure_alone_beside_figures_before_and_after_is_their_baseline() -> None:
    # wails: the leak's baseline, "web process 6,262 MB", was the at-a-glance outcome of
    # "fix(v3): keep oversized event payloads out of …" beside "11,629 MB -> 65.8 MB"
    body = ("At 100 events/sec of 1 MB payloads, measured with the harness added here:\n\n"
            "  macOS 26.4.1 (WebKit-Cocoa)      host (UI) process   11,629 MB\n"
            "  Ubuntu 26.04 (WebKitGTK 2.52.3)  web process          6,262 MB\n"
            "  Windows 11 (WebView2 151)        not affected         host flat at 65-77 MB\n\n"
            "Small events keep the existing inline path unchanged.\n\n"
            "  macOS  size-1MB   11,629 MB -> 65.8 MB\n"
            "  Linux  size-1MB    6,262 MB -> 225 MB\n")
    found = extract_impact(body, limit=10)
    assert found and all("->" in phrase for phrase in found), found


def test_runner_lines_and_a_multiplier_naming_a_setting_drop_the_stated_gain_stays() -> None:
    assert extract_impact(SPEEDUP_RUNNER_BODY, limit=10) == (
        "reducing goroutine overhead while improving throughput by 5-22%",
    )


def test_a_value_compared_with_itself_is_no_change_but_the_next_row_is() -> None:
    body = (
        "Enable uint64 compareRanks on arm64\n\n"
        "This replaces a 4-iteration loop with a single uint64 comparison.\n\n"
        "Chromium file list, single-threaded:\n"
        "  linux:  126ms -> 126ms (sort not dominant)\n"
        "  src:    462ms -> 438ms (-5%, sort-heavy)\n"
    )
    assert extract_impact(body, limit=10) == ("src: 462ms -> 438ms (-5%, sort-heavy)",)


def test_a_cut_phrase_never_ends_inside_a_parenthesis() -> None:
    body = (
        "Across the whole Chromium file list the sort-heavy src query now finishes "
        "in 438ms instead of 462ms (-5%, measured single-threaded on an idle machine) "
        "while the linux query stays the same."
    )
    phrases = extract_impact(body, limit=10)
    assert phrases
    for phrase in phrases:
        assert phrase.count("(") == phrase.count(")"), phrase
    assert any("438ms instead of 462ms" in phrase for phrase in phrases)


def test_a_guess_or_setting_next_to_a_real_comparison_keeps_the_comparison() -> None:
    text = (
        "With the default settings, p99 latency should now go from 800ms to 120ms. "
        "The cache is 40% smaller, up to the configured limit."
    )
    assert extract_impact(text) == (
        "With the default settings, p99 latency should now go from 800ms to 120ms",
        "The cache is 40% smaller, up to the configured limit",
    )


def test_before_after_tables_still_count_when_tool_output_is_dropped() -> None:
    body = (
        "Speed up search\n\n"
        "| | before | after |\n|---|---|---|\n"
        "| p99 | 900 ms | 300 ms |\n| RSS | 362 MB | 255 MB |\n\n"
        "  [1T]    baseline:   889.28ms  current:   852.71ms  (+4.1%)  matches: 5069891 (94.78%)\n"
    )
    assert extract_impact(body, limit=10) == ("p99: 900 ms → 300 ms", "RSS: 362 MB → 255 MB")


def test_bulleted_measurements_from_a_real_commit_are_kept() -> None:
    body = (
        "Avoid over-allocation in ToChars\n\n"
        "Measured on 1.4M-line corpora:\n\n"
        "- Every line CJK: RSS 362MB -> 255MB, ingestion -5%\n"
        "- 70-rune ASCII line: 145ns -> 42ns in the decode loop\n"
        "- Normalization share of query time for a non-ASCII query: 17.2% -> 0%\n"
    )
    assert extract_impact(body, limit=10) == (
        "Every line CJK: RSS 362MB -> 255MB, ingestion -5%",
        "70-rune ASCII line: 145ns -> 42ns in the decode loop",
        "Normalization share of query time for a non-ASCII query: 17.2% -> 0%",
    )


def test_a_cost_said_beside_a_gain_and_what_grows_for_users_stay_outcomes() -> None:
    # a size or duration that grew is a cost only when no gain is said beside it; a
    # rate, money or a count that grew is the gain itself
    assert extract_impact("The bundle is 2 MB larger, but it loads 3 s faster.") == (
        "The bundle is 2 MB larger, but it loads 3 s faster",)
    assert extract_impact("Throughput increased to 500 req/s.") == (
        "Throughput increased to 500 req/s",)
    assert extract_impact("Users grew by 40%.") == ("Users grew by 40%",)
    assert extract_impact("Now serves 1.5M users.") == ("Now serves 1.5M users",)
    assert extract_impact("Memory went down by 30%.") == ("Memory went down by 30%",)
    # git/git: a profile before and after is a change; hyperfine's verdict is its outcome,
    # though the rest of its output is measurement (and "1.00 ± 0.01 times" no change)
    assert extract_impact(
        "Before this change we spent around 40% of the time in it, after the change we only "
        "spend around 1.2% of the time in there.") == (
        "after the change we only spend around 1.2% of the time in there",)
    hyperfine = ("Benchmark 1: old\n  Time (mean ± σ):     62.571 s ±  0.413 s\n\n"
                 "Summary\n  new ran\n    1.63 ± 0.01 times faster than old\n")
    assert extract_impact(hyperfine) == ("new ran 1.63 ± 0.01 times faster than old",)
    assert extract_impact(hyperfine.replace("1.63", "1.00")) == ()
    assert extract_impact("This cuts 40% of the time spent parsing.") == (
        "This cuts 40% of the time spent parsing",)
    assert extract_impact("This eliminates 40 flaky failures.") == (
        "This eliminates 40 flaky failures",)
    assert extract_impact("p99 latency is 120ms (was 450ms).") == (
        "p99 latency is 120ms (was 450ms)",)
    assert extract_impact("Memory use from 1.2 GB down to 800 MB.") == (
        "Memory use from 1.2 GB down to 800 MB",)
    assert extract_impact("The bundle grew from 10 kB to 12 kB but load time dropped from "
                          "2s to 1s.") == (
        "The bundle grew from 10 kB to 12 kB but load time dropped from 2s to 1s",)


def test_a_change_under_one_percent_is_no_outcome() -> None:
    # miniflux/v2: "the stripped binary shrinks from 20,513,033 to 20,447,497 bytes, which
    # isn't that much" was its maintainer's first highlight and strongest Customer Value
    assert extract_impact(
        "The 14 duplicated symbols are gone and the stripped binary shrinks from 20,513,033 "
        "to 20,447,497 bytes, which isn't that much.") == ()
    assert extract_impact("Memory use dropped from 2,000 MB to 1,990 MB.") == ()
    assert extract_impact("Startup went from 1.2 s to 1.19 s.") == ()
    # ... but a change of a percentage is told in points, and a few are the whole story
    assert extract_impact("Availability went from 99.9% to 99.99%.") == (
        "Availability went from 99.9% to 99.99%",)
    assert extract_impact("Build time went from 100 s to 98 s.") == (
        "Build time went from 100 s to 98 s",)
    assert extract_impact("Startup went from 1.2 s to 1,190 ms.") == (
        "Startup went from 1.2 s to 1,190 ms",)


def test_a_size_before_a_named_setting_is_the_setting() -> None:
    # miniflux/v2: "above the 1 KiB compression threshold" was a highlight's outcome
    assert extract_impact(
        "perf(response): pool on-the-fly compression writers\n\n"
        "For every dynamic response above the 1 KiB compression threshold the builder\n"
        "previously did one of:\n") == ()
    assert extract_impact("Responses above 1 KiB are now 40% smaller.") == (
        "Responses above 1 KiB are now 40% smaller",)


def test_what_a_step_took_before_the_change_is_no_outcome() -> None:
    # jesseduffield/lazygit: "rendering them took ~600ms; since this happens on the UI
    # thread, there was an annoying stall" read "Stated outcomes: rendering them took
    # ~600ms", the problem's size with nothing it became; as "takes" alone measures
    assert extract_impact(
        "Draw only visible part of the reflogs panel\n\n"
        "In one of my repos I had over 11'000 reflog entries, and rendering them took "
        "~600ms; since this happens on the UI thread, there was an annoying stall.") == ()
    assert extract_impact("The import was taking 40 s on large accounts.") == ()
    # ... what it took, and what it takes now, is one
    assert extract_impact("Rendering took 600ms and now takes 20ms.") == (
        "Rendering took 600ms and now takes 20ms",)
    assert extract_impact("The import took 40 s instead of 3 s before the cache.") == (
        "The import took 40 s instead of 3 s before the cache",)


def test_a_list_of_factors_said_to_be_measured_is_a_stated_outcome() -> None:
    # junegunn/fzf's "Prefilter rune-mode input", the largest speed-up of his year, had no
    # outcome: no item of its list says "faster" itself
    body = ("Prefilter rune-mode input\n\nasciiFuzzyIndex gave up on non-ASCII lines.\n\n"
            "Measured on 1.4M-line corpora:\n\n"
            "- Mostly-ASCII paths behind a Hangul prefix: 'conf' 1.8x, 'binutils'\n"
            "  2.9x, 'ltversion' 4.0x, no-match 8.4x\n"
            "- Every line CJK: 17x on both matching and non-matching queries\n"
            "- ASCII input unchanged, non-ASCII patterns not covered yet\n")
    assert extract_impact(body) == (
        "Mostly-ASCII paths behind a Hangul prefix: 'conf' 1.8x, 'binutils' 2.9x, "
        "'ltversion' 4.0x, no-match 8.4x",
        "Every line CJK: 17x on both matching and non-matching queries")
    # not a factor said to be worse, none at all, a picture's density or a resolution, nor
    # a list no line says was measured
    assert extract_impact("Benchmarks:\n- startup: 2x slower\n- parse: 3.5x\n"
                          "- icons @2x and 1920x1080\n- render: 1.0x\n") == ("parse: 3.5x",)
    assert extract_impact("Assets:\n- Retina 2x icons\n- 3x logo\n") == ()
    # ... nor what a list under such a line counts: hardware, replicas, runs, retries, a
    # picture's scale; nor a factor of something longer
    for body in ("Port\n\nBenchmarked on:\n- 2x AMD EPYC 7763\n- 4x A100 80GB\n",
                 "Timings after the change:\n- handshake: 1.4x longer\n",
                 "Retries and timings:\n- connect: retried 3x\n",
                 "Faster icons:\n- 2x for Retina MacBooks\n",
                 "Benchmark was run:\n- 5x per config\n- 3x replicas\n"):
        assert extract_impact(body) == (), body


def test_how_sure_a_measurement_is_is_no_outcome() -> None:
    # astral-sh/uv: a table's heading and a sentence about a confidence interval
    for text in ("| OS | Files | `main` | branch | Change (95% bootstrap\nCI) |\n|---|---|---|---|",
                 "The table shows stable → optimized means and the change with a 95% "
                 "confidence interval."):
        assert extract_impact(text) == (), text


def test_a_table_row_read_as_a_sentence_is_shown_as_its_cells() -> None:
    # astral-sh/uv: "states an outcome: | Linux, 1 CPU¹ | 49.6 → 30.9 ms (−37.6%) | …"
    text = "Startup is faster:\n\n| Linux, 1 CPU | 49.6 → 30.9 ms (−37.6%) | 344.8 → 329.6 ms |\n"

    assert extract_impact(text) == ("Linux, 1 CPU; 49.6 → 30.9 ms (−37.6%); 344.8 → 329.6 ms",)


def test_a_table_whose_rows_a_commit_message_wrapped_is_still_read() -> None:
    # astral-sh/uv: the heading and the separator cut over two lines, `main` against branch
    text = ("Compile only what was installed.\n\n"
            "| OS | Files | `main` | branch | Change (95% bootstrap\nCI) |\n"
            "| ------- | ----: | -------: | -------: |\n--------: |\n"
            "| Linux | 50,000 | 316.0 ms | 45.6 ms | -85.7% |\n")

    assert extract_impact(text) == ("Linux: 316.0 ms → 45.6 ms",)


def test_a_count_of_386_is_still_a_count_and_a_cost_said_with_a_gain_still_counts() -> None:
    assert extract_impact("We now have 386 downloads a day.") == (
        "We now have 386 downloads a day",)
    assert extract_impact("Throughput +40% on the benchmark.") == (
        "Throughput +40% on the benchmark",)
    assert extract_impact("The index is +2MB, but search now takes 3s instead of 40s.") == (
        "The index is +2MB, but search now takes 3s instead of 40s",)
    # ... and, after an attack on those rules, what lives long or short, and a rate grown
    for text in ("Short-lived containers now boot in 300 ms instead of 1.2 s.",
                 "Long-lived connections now use 200 MB less memory.",
                 "Read throughput +120 MB/s with the new buffer pool.",
                 "Download speed: +5 MB/s on slow links."):
        assert extract_impact(text) == (text.rstrip("."),), text


@pytest.mark.parametrize(("text", "phrase"), [
    # a changelog's credits close the sentence: go-task's read "~7% ( by @vmaerten)"
    ("Further improved fingerprinting performance on large repositories: hashing\nsource "
     "files now reuses a single buffer, reducing memory allocations by ~98%\nand "
     "wall-clock time by ~7% (#2925 by @vmaerten).",
     "reducing memory allocations by ~98% and wall-clock time by ~7%"),
    ("Startup is 30% faster (fixes #12, thanks @bob).", "Startup is 30% faster"),
    ("Faster by 30% (#12).", "Faster by 30%"),
    ("Faster by 30% (#12) (by @bob).", "Faster by 30%"),
    ("Startup is 30% faster (Fixes GH-12).", "Startup is 30% faster"),
    # what the parenthesis says of the figure stays
    ("Startup is 30% faster (measured by @bob on 8 cores)",
     "Startup is 30% faster (measured by @bob on 8 cores)"),
])
def test_a_closing_parenthesis_of_references_and_credits_is_no_part_of_the_figure(
    text: str, phrase: str
) -> None:
    assert extract_impact(text) == (phrase,)


# remix-run/react-router's changeset: the `dev` branch's figures first, then this branch's
# with what changed; the highlight gave the baseline's throughput as the outcome
BASELINE_THEN_RESULT = """Improve server-side route matching performance

- Performance benchmark
  - 100 route app, 3000 requests @ 10x concurrency across 38 distinct paths
  - `dev` branch
    - Throughput: 826.1 req/s
    - Latency mean: 10.227ms
    - Latency p50: 11.125ms
  - This branch
    - Throughput: 952.7 req/s (15.3% improvement)
    - Latency mean: 8.716ms (14.8% improvement)
    - Latency p50: 9.452ms
"""


def test_a_figure_alone_beside_one_that_states_a_change_is_the_baseline() -> None:
    assert extract_impact(BASELINE_THEN_RESULT) == (
        "Throughput: 952.7 req/s (15.3% improvement)",
        "Latency mean: 8.716ms (14.8% improvement)")
    # ... figures alone, with nothing beside them that states a change, stay as they were
    assert extract_impact("- Throughput: 826.1 req/s\n- Latency mean: 10.227ms") == (
        "Throughput: 826.1 req/s", "Latency mean: 10.227ms")


@pytest.mark.parametrize(("text", "phrase"), [
    # pocketbase's changelog puts its note in italics; the document showed "\_Export …"
    ("- Added an export.\n    _Export now takes 3 s instead of 40 s._",
     "Export now takes 3 s instead of 40 s"),
    ("Search is *now 3x faster* on large vaults", "Search is now 3x faster on large vaults"),
    # ... and underscores that are no emphasis stay, and code as it is written
    ("the snake_case_name import now takes 3 s instead of 40 s",
     "the snake_case_name import now takes 3 s instead of 40 s"),
    ("Skipping `*.min.js` and `*.map` files made indexing 3x faster.",
     "Skipping *.min.js and *.map files made indexing 3x faster"),
    ("Replacing `_lock` with a per-key `mutex_` cut contention from 40% to 5%.",
     "Replacing _lock with a per-key mutex_ cut contention from 40% to 5%"),
])
def test_emphasis_marks_are_no_part_of_a_phrase(text: str, phrase: str) -> None:
    assert extract_impact(text) == (phrase,)


@pytest.mark.parametrize("text", [
    # filebrowser: the value a verb sets, whatever speed the sentence names
    "fix(upload): throttle upload speed calculation to 100ms to avoid Infinity MB/s",
    # navidrome: a factor of one, or its negation, changes nothing
    "so cache entries expire correctly at non-1x speeds (e.g., 2x playback halves the TTL).",
    # navidrome: where a rule starts
    "Let the stop logic decide (play + scrobble only past 50% of the track) instead.",
    # navidrome: the input of the bug the change fixes
    "The service previously wrapped a value like -1s into a ~49-day duration that "
    "corrupted the score.",
])
def test_values_a_change_sets_or_a_bug_took_are_no_outcomes(text: str) -> None:
    assert extract_impact(text) == ()


@pytest.mark.parametrize("text", [
    # ... but what a setting brought down or up to is an outcome
    "Capping the image cache reduces memory usage to 150 MB on a 10k-photo library.",
    "Clamping the decoder buffer lowers peak RSS to 64 MB.",
    "Limiting the scan to changed files brings CI time down to 3 minutes.",
])
def test_what_a_limit_brought_a_measure_to_is_an_outcome(text: str) -> None:
    assert extract_impact(text) == (text.rstrip("."),)


def test_factors_and_durations_that_compare_still_count() -> None:
    assert extract_impact("Search is now 1.5x faster") == ("Search is now 1.5x faster",)
    assert extract_impact("Reduced latency to 100ms (was 900ms)") == (
        "Reduced latency to 100ms (was 900ms)",)
    assert extract_impact("cut the p99 to 40ms") == ("cut the p99 to 40ms",)
