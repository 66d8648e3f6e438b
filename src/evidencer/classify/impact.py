"""Pull measurable outcomes ("export takes 3 s instead of 40 s") out of free text.

Reads PR bodies, commit messages and postmortems; returns short phrases a reader understands.

A number counts only with a unit (%, money, ms, MB, req/s, users, ...) or a multiplier, and
weak units (durations, sizes, rates, some counts) only next to words of change ("now",
"reduces", "instead of"), never next to configuration words ("timeout", "limit", "every").
"Takes" alone is no such word: "the step takes ~2.9ms on my machine" measures, it does not
compare (tailwindcss's new API); "export now takes 3 s" still counts, by its "now".
Code, URLs, versions, dates, times, SHAs and issue references are masked before matching.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterator

from evidencer.classify.impact_text import mask, sentences, strip_markdown
from evidencer.classify.linear import Regex

__all__ = ["MAX_PHRASE_LENGTH", "MAX_TEXT_LENGTH", "extract_impact"]

MAX_PHRASE_LENGTH = 120
# Outcomes are stated near the top; GitHub itself caps PR and issue bodies at 65,536.
MAX_TEXT_LENGTH = 100_000

# -- numbers and units ---------------------------------------------------------------
_RAW_NUM = r"(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?(?![.,]?\d)"
_NUM = r"(?<![\w.$€£])(?<!\d,)" + _RAW_NUM
_DURATION = (
    r"(?:\s?(?:ms|msecs?|millis(?:econds?)?|µs|μs|microseconds?|ns|nanoseconds?|s|secs?"
    r"|seconds?|mins?|minutes?|hrs?|hours?|days?|weeks?)|[mh])(?![\w])"
)
_SIZE = r"\s?(?:[KMGTkmgt]i?[Bb]|bytes)(?![\w])"
_RATE = (
    r"\s?(?:rps|qps|tps|(?:reqs?|requests?|ops|queries|errors|events|alerts|pages)?"
    r"/(?:s|sec|min|h|hr|hour|d|day|wk|week|mo|month)|(?:requests|queries|ops) per second)(?![\w])"
)
_PERCENT = r"(?:\s?%|\s?(?:percent|per cent|pct|percentage points?|pp)(?![\w]))"
_MONEY = (
    r"(?<![\w])[$€£]\s?" + _RAW_NUM + r"(?:\s?(?:[kKmM]|bn|million|billion|thousand)(?![\w]))?"
    r"|" + _NUM + r"(?:\s?[kKM])?\s?(?:USD|EUR|GBP|dollars|euros)(?![\w])"
)
_STRONG_NOUN = (
    r"(?:users|customers|clients|accounts|tenants|organi[sz]ations|orgs|tickets|complaints"
    r"|signups|sign-ups|subscribers|installs|downloads|merchants|sellers|visitors|people)"
)
_WEAK_NOUN = (
    r"(?:requests|errors|exceptions|crashes|failures|incidents|alerts|pages|calls|queries"
    r"|jobs|builds|deploys|deployments|retries|timeouts|events|messages|emails|flakes)"
)
_MAG = r"(?:\s?(?:[kKM]|million|thousand))?"
# A count is whole, or has its magnitude: "1.5M users", not "mypy 2.0 related failures"
# (getsentry/sentry-python's title, a version, was its author's stated outcome).
_COUNT_NUM = (r"(?:(?<![\w.$€£])(?<!\d,)(?:\d{1,3}(?:,\d{3})+|\d+)(?![.,]?\d)" + _MAG
              + r"|" + _NUM + r"\s?(?:[kKM]|million|thousand))")
_STRONG_COUNT = _COUNT_NUM + r"\+?\s+(?:[A-Za-z-]+\s+)?" + _STRONG_NOUN + r"(?![\w])"
# Calls the code makes are how it works, not what users get: "This eliminates 3 function
# calls and the per-match heap allocation" (fzf) measures nothing.
_WEAK_COUNT = (_COUNT_NUM
               + r"\+?\s+(?:(?!(?:function|method|virtual)\s+calls\b)[A-Za-z-]+\s+)?"
               + _WEAK_NOUN + r"(?![\w])")
_COMPARATIVE = (
    r"(?:faster|slower|quicker|smaller|larger|bigger|cheaper|less|fewer|more|lower|higher"
    r"|better|improvements?|speed-?ups?|reductions?|increases?|decreases?|throughput|as \w+)"
)
_WORD_NUM = r"(?:two|three|four|five|six|seven|eight|nine|ten|twenty|fifty|a hundred|hundred)"
_MULT = _NUM + r"\s?[x×](?![\w])"
_STRONG_MULT = (
    _MULT + r"\s+" + _COMPARATIVE + r"(?![\w])"
    r"|(?:" + _NUM + r"|\b" + _WORD_NUM + r")\s+times\s+" + _COMPARATIVE + r"(?![\w])"
    r"|" + _NUM + r"\s*±\s*" + _RAW_NUM + r"\s+times\s+faster(?![\w])"  # hyperfine's
    r"|\btwice\s+as\s+\w+|" + _NUM + r"-fold\b"
)
_ANY_UNIT = f"{_DURATION}|{_SIZE}|{_RATE}|{_PERCENT}|\\s?{_STRONG_NOUN}|\\s?{_WEAK_NOUN}"
_QTY = rf"(?:{_MONEY}|{_NUM}{_MAG}(?:{_ANY_UNIT})?|{_MULT})"
_APPROX = r"(?:~\s?|about\s+|around\s+|roughly\s+|approx\.?\s+|under\s+|just\s+|only\s+)?"
_THEN = _APPROX + _QTY
_BEFORE_AFTER = re.compile(
    "|".join(
        [
            rf"\bfrom\s+{_APPROX}{_QTY}\s+(?:(?:all the way\s+)?(?:down|up)\s+)?to\s+{_THEN}",
            rf"{_QTY}\s*(?:->|-->|→|⟶|=>|➡|—>)\s*{_THEN}",
            rf"\b(?:was|were|used to (?:take|be))\s+{_THEN}.{{0,40}}?\bnow\b.{{0,30}}?{_QTY}",
            rf"{_QTY}\s+(?:instead of|rather than|compared (?:to|with)|vs\.?|versus)\s+{_THEN}",
            rf"{_QTY},?\s+(?:down|up)\s+from\s+{_THEN}",
            rf"{_QTY}\s*\(?(?:previously|before|was)\s+{_THEN}\)?",
        ]
    ),
    re.IGNORECASE,
)
# The comparison patterns are the slow ones; most sentences have none of their words.
_BA_HINT = re.compile(
    r"\b(?:from|instead|rather|compared|vs|versus|previously|before|was|were|used)\b|->|→|⟶|=>|➡",
    re.IGNORECASE,
)
_PERCENT_RE = re.compile(_NUM + _PERCENT, re.IGNORECASE)
_STRONG_COUNT_RE = re.compile(_STRONG_COUNT, re.IGNORECASE)
_STRONG_MULT_RE = re.compile(_STRONG_MULT, re.IGNORECASE)
_STRONG_UNIT = re.compile(
    rf"{_NUM}{_PERCENT}|{_MONEY}|{_NUM}{_MAG}\s?{_STRONG_NOUN}", re.IGNORECASE
)
_HAS_UNIT = re.compile(rf"{_MONEY}|{_NUM}{_MAG}(?:{_ANY_UNIT})|{_MULT}", re.IGNORECASE)
_WEAK = re.compile(rf"{_NUM}(?:{_DURATION}|{_SIZE}|{_RATE})|{_WEAK_COUNT}|{_MULT}", re.IGNORECASE)
_MONEY_RE = re.compile(_MONEY)

# -- early rejection -------------------------------------------------------------------
# Most sentences with a digit state no outcome ("Fix crash (#123)", "bump x from 2.31 to
# 2.32"). Each hint is a pattern above from its number's last digit on, lookbehinds dropped:
# it matches wherever its pattern does, so a sentence without it cannot hold that hit.
_PERCENT_HINT = re.compile(r"\d" + _PERCENT, re.IGNORECASE)
_STRONG_COUNT_HINT = re.compile(
    r"\d" + _MAG + r"\+?\s+(?:[A-Za-z-]+\s+)?" + _STRONG_NOUN + r"(?![\w])", re.IGNORECASE
)
_MULT_HINT = re.compile(r"\d(?:\s?[x×](?![\w])|-fold)", re.IGNORECASE)  # or _TIMES
_TIMES = re.compile(r"t(?:imes|wice)", re.IGNORECASE)
_MONEY_HINT = re.compile(r"[$€£]\s?\d|\d(?:\s?[kKM])?\s?(?:USD|EUR|GBP|dollars|euros)(?![\w])")
_WEAK_HINT = re.compile(
    rf"\d(?:{_DURATION}|{_SIZE}|{_RATE}|{_MAG}\+?\s+(?:[A-Za-z-]+\s+)?{_WEAK_NOUN}(?![\w])"
    r"|\s?[x×](?![\w]))",
    re.IGNORECASE,
)
# A comparison holds two numbers: one that ends (no [.,]digit after it), then another digit.
_TWO_NUMBERS = re.compile(r"\d(?![.,]?\d)\D*\d")
# All hints and what _HAS_UNIT needs inside a comparison, cut short, with no lookaround at
# all. They match any string that holds a hit, also a hit in a slice ("from 3 to 5M" in
# "from 3 to 5Mx"), and never on FILLER: so they hold in the unmasked text too, and a text
# without them states nothing. A word multiplier ("three times", "twice as") is the third.
_HINTS = (
    r"\d(?:\s?(?:[km]|million|thousand))?(?:[mh]|-fold|\s+times"
    r"|\s?(?:%|percent|per\s+cent|pct|pp|usd|eur|gbp|dollars|euros|[x×]|[kmgt]i?b|bytes"
    r"|ms|millis|µs|μs|microsecond|ns|nanosecond|s|min|hr|hour|day|week|rps|qps|tps|ops"
    r"|(?:reqs?|requests?|ops|queries|errors|events|alerts|pages)?/[smhdw])"
    rf"|\+?\s*(?:[A-Za-z-]+\s+)?(?:{_STRONG_NOUN}|{_WEAK_NOUN}))"
    r"|[$€£]\s?\d"
    r"|(?:two|three|four|five|six|seven|eight|nine|ten|twenty|fifty|hundred)\s+times"
    r"|twice\s+as\s"
)
# Python's \d and \s are Unicode's (decimal digits, str.isspace spaces); RE2's are
# ASCII. Spelled out, RE2 matches wherever re would.
_SPACE = (r"[\t-\r\x{1c}-\x{20}\x{85}\x{a0}\x{1680}\x{2000}-\x{200a}\x{2028}\x{2029}"
          r"\x{202f}\x{205f}\x{3000}]")
# On RE2 (linear.py), one pass over the text: 0.013 s for the 10,000 texts of
# benchmarks/model_speed.py where re's three searches took 0.10 s, a third of what
# extract_impact cost there. Every text goes through it; few get further.
_MAY_HIT = Regex(_HINTS.replace(r"\d", r"\p{Nd}").replace(r"\s", _SPACE))


def _may_hit(text: str) -> bool:
    """False only where no hit can be: the cheap superset of _accepted_hits."""
    return _MAY_HIT.search(text) is not None


# -- context words ---------------------------------------------------------------------
# Not a word right after a dot: "time.Duration" and "stats.latency" name code, not a change.
_CHANGE = re.compile(
    r"(?<!\.)\b(?:faster|slower|quicker|speed\w*|latency|latencies|p\d{2}(?:\.\d)?|throughput"
    r"|reduc\w*|cuts?|cutting|drop(?:s|ped)|lower\w*|decreas\w*|improv\w*|sav(?:e|es|ed|ing"
    r"|ings)|less|fewer|shr[iau]nk\w*|smaller|increas\w*|gr[eo]w\w*|down|instead|compared|now"
    r"|went|previously|affect\w*|impact\w*|outage|downtime|eliminat\w*|avoid\w*|prevent\w*"
    r"|within|under|below|handles?|serv(?:e|es|ed|ing)|cost\w*|spend\w*|bill\w*|budget|cheaper"
    r"|sped|lasted|duration|lost|loss|losses"
    r"|revenue|arr|mrr|monthly|yearly|annual\w*|per (?:month|year|week|day|run))\b",
    re.IGNORECASE,
)
_CONFIG = re.compile(
    r"\b(?:timeouts?|time-outs?|ttl|intervals?|delays?|backoff|back-off|sleeps?|wait\w*|cron"
    r"|every|idle|retry|retries|limits?|caps?|max|maximum|minimum|thresholds?|deadlines?|expir\w*"
    r"|windows?|debounce|throttl\w*|poll\w*|grace|cooldown|period|age|keepalive|heartbeats?"
    r"|timers?|chunks?|buffers?|cache[sd]? (?:\w+ )?for|lifetimes?|within|retention)\b",
    re.IGNORECASE,
)
_OUTCOME = re.compile(
    r"\b(?:latency|latencies|p\d{2}|takes?|took|taking|faster|slower|quicker|speed\w*|durations?"
    r"|build time|load\w*|startup|cold start|runtime|run time|response|usage|used|peak"
    r"|footprint|bundle|throughput|dropped|fell|went|observed|measured)\b",
    re.IGNORECASE,
)
# A size or a duration said to grow is what the change costs, not what it achieved
# ("the package increased by ~65 kB which I don't think is the end of the world",
# tailwindcss), unless a gain is said beside it ("2 MB larger, but 3 s faster to load").
# ... of which these are a cost whatever they are said of: "This makes cache ~5% larger",
# "slow down is ~0.6%" (python/mypy: each its change's stated outcome).
# ... and a regression or a drop in performance said by its size (pnpm: "~5% cold-install
# regression"; redis: "about 2% performance drop", both their changes' stated outcomes).
_WORSE_WORDS = (r"larger|bigger|heavier|slower|slowed|slow ?downs?|bloat\w*|regress\w*"
                r"|(?:performance|perf|throughput|speed) (?:drops?|loss|hits?|penalty)")
# ... and what the text says a thing costs ("the accessor form costs +480 B per object
# schema (+7% to +11%)": colinhacks/zod's highlights stated these as outcomes); not
# overhead, which a change takes away as often as it adds
_COST = re.compile(rf"\b(?:increas\w*|gr[eo]w\w*|adds|added|costs|{_WORSE_WORDS})\b",
                   re.IGNORECASE)
_WORSE = re.compile(rf"\b(?:{_WORSE_WORDS})\b", re.IGNORECASE)
_SPEEDS = re.compile(r"\b(?:throughput|speed\w*|bandwidth|rate|faster|quicker)\b", re.IGNORECASE)
_GAIN = re.compile(
    r"\b(?:faster|quicker|smaller|lighter|less|fewer|reduc\w*|decreas\w*"
    r"|(?<!performance )(?<!perf )(?<!throughput )(?<!speed )drop\w*|cut\w*"
    r"|sav(?:e|es|ed|ing)|(?<!slow )(?<!slowed )(?<!slows )(?<!slow)down|lower\w*"
    r"|shr[iau]nk\w*|instead|improv\w*)\b",
    re.IGNORECASE,
)
_WORSE_AFTER = re.compile(rf"\s*\(?\s*(?:{_WORSE_WORDS})\b", re.IGNORECASE)
_THRESHOLD_BEFORE = re.compile(
    r"\b(?:is|are|was|were|be|been|when|if|while|until|once)\s+(?:less|more|greater|fewer"
    r"|lower|higher|smaller|bigger|larger|under|over|below|above)(?:\s+than)?\s*"
    r"(?:~|about\s+|around\s+|roughly\s+)?$"
    # "play + scrobble only past 50% of the track" (navidrome): where a rule starts
    r"|\b(?:only|just)\s+(?:past|beyond|after|above|below|over|under)\s*$", re.IGNORECASE)
_SPEED_AFTER = re.compile(r"\s*(?:faster|quicker|slower|speed-?ups?)\b", re.IGNORECASE)
# A cost the change takes away is its outcome: "fixes a 20% regression in startup time".
_UNDONE = re.compile(r"\b(?:fix\w*|resolv\w*|revert\w*|undo\w*|recover\w*|address\w*)\b",
                     re.IGNORECASE)
# What is worse when it grows: a share of one of these said to grow is a cost too
# ("Static libraries grow 20-30% with non-Apple toolchains", curl).
_COSTLY = re.compile(
    r"\b(?:sizes?|librar(?:y|ies)|binar(?:y|ies)|bundles?|packages?|images?|footprint|memory"
    r"|ram|disk|latency|latencies|(?:build|compile|install|run|load|boot|test) times?"
    r"|startup|construction|instantiations?|allocations?|heap"
    # (difftastic: "only a small (0.4% instruction count increase)", a highlight's outcome)
    r"|instructions?(?: counts?)?|cpu(?: time)?|cycles|runtime|run time)\b",
    re.IGNORECASE,
)
_SIZE_OR_DURATION = re.compile(rf"{_NUM}(?:{_DURATION}|{_SIZE})", re.IGNORECASE)
# A size or a duration said to grow by its sign, beside a share: the share is that growth
# ("15,677 -> 15,889 (+212 B, +1.4%)", zod's bundle sizes, read "+1.4%) Classic rich …")
_GROWN = re.compile(rf"\+\s?{_NUM}(?:{_DURATION}|{_SIZE}|\s?B(?![\w]))", re.IGNORECASE)
# ... and what follows a sentence's "the cost is" and a figure (zod: "Taken knowingly: the
# cost is ~23 gzipped bytes on mini, ~42 B per retained object schema …, and ~10% of
# `z.object()` construction"); not "the cost is gone: …"
_COST_SAID = re.compile(r"\b(?:cost|costs|overhead|price|penalty)\s+(?:is|was|are|were)\s+"
                        r"(?:only\s+|about\s+|around\s+|roughly\s+)?~?\d", re.IGNORECASE)
# Words that make a number a setting, a rule or a guess rather than a result: "the default
# of 75%", "must finish within 15 seconds", "would take 40-50 minutes", "(up to 50% ...)".
# Looked for in the hit's clause; only a stated comparison overrides them.
_SPECULATION = re.compile(
    r"\b(?:should|would|could|might|must|defaults?|recommend\w*|maximum|minimum|allowed"
    r"|up to|limits?)\b",
    re.IGNORECASE,
)
# What states a change by itself right after a number: "40% faster", "2x smaller".
_COMPARED_AFTER = re.compile(
    r"\s*\)?\s*(?:faster|slower|quicker|smaller|larger|bigger|cheaper|less|fewer|more|lower"
    r"|higher|better|worse|improvement|speed-?up|reduction|increase|decrease)\b",
    re.IGNORECASE,
)
# ... and a lifetime given right after what lasts so: "short-lived (5 min)", "valid for 5 min"
# (and "(valid 24h)": vikunja's e-mail change token was a stated outcome)
_LIFETIME_BEFORE = re.compile(r"\blived\s*\(\s*$|\b(?:lived|valid|good) for\s*$"
                              r"|\(\s*(?:valid|expires?)(?: (?:for|in|after))?\s*$", re.IGNORECASE)
# ... and an allowance named right after its size
_BUDGET = re.compile(r"budgets?|allowances?|quotas?", re.IGNORECASE)
# A setting named right next to its value: "the 2s window", "a 5-second delay".
_CONFIG_NEXT = re.compile(r"\s*(?:-\w+\s+)?(\w+)(?:[ \t]+(\w+))?")
_COMPARISON = re.compile(
    r"\b(?:faster|slower|quicker|reduc\w*|cut\w*|drop\w*|lower\w*|decreas\w*|improv\w*"
    r"|sav(?:e|es|ed|ing)|less|fewer|shr[iau]nk\w*|smaller|increas\w*|instead|compared|from)\b",
    re.IGNORECASE,
)
# The word after a bare "8x" when it names a thing, not where or how much: "8x oversubscription"
# is a setting, "2x on the sort" and "1.2x where every line is CJK" are results.
_NOUN_AFTER = re.compile(
    r"\s+(?!(?:on|in|at|for|when|where|with|across|over|under|than|vs|versus|and|or|but|to"
    r"|from|as|of|overall|total|now|after|before|compared|speed\w*|improvement|gain)\b)"
    r"[a-z][a-z-]+\b"
)
_RANGE_BEFORE = re.compile(r"\d\s?[-–—]\s?$")
_QUANTITY_TEXT = re.compile(r"(\d[\d,]*(?:\.\d+)?)\s?([^\s\d()]*)")  # a number, its unit
_ROW_LABEL_END = re.compile(r"[^\d:;,.]{0,20}:\s")
# A percentage of a layout ("width: 100%"), of code covered by tests or type checks
# ("enforce 100% type coverage", nektos/act's "0% Tested") or of strings translated
# (Weblate's "Currently translated at 50.0%") measures no outcome for users; nor does a
# share of the code taken out (celery's "Removes ~85% of duplicated setup boilerplate",
# of its tests, had claimed Customer Value for a fix).
_NOT_OUTCOME_SHARE = re.compile(
    # (nor a device's battery read: wails' "Android live via adb battery 15%/charging")
    r"\b(?:width|height|margin|padding|opacity|zoom|font|scale|column|coverage|translated"
    r"|battery (?:level|status|at|\d)|%\s*/\s*charging"
    r"|tested|untested|boilerplate|lines of code|code duplication"
    r"|duplicated (?:code|setup|logic|tests?|helpers?))\b",
    re.I,
)
_HUNDRED = re.compile(r"100(?:\.0+)?\D")
# "this is ~92% of the time": how often a case occurs, not what changed; "two CI jobs
# that run ~60% of all tests" (python/mypy): what a share of a whole is, neither.
_OF_THE_TIME = re.compile(
    r"\s+of\s+(?:all\s+)?(?:the\s+)?(?:time|cases|runs|calls|tests|test cases|files|lines)\b",
    re.IGNORECASE)
_SPENT = re.compile(r"\b(?:spend|spends|spent|spending)\b", re.IGNORECASE)
# "Before this change we spent around 40% of the time in X, after the change we only
# spend around 1.2%" compares two profiles: a change (git/git's receive-pack speed-up).
_SHARE_OF_TIME = re.compile(r"\d\s?%\s+of\s+(?:the\s+)?time\b", re.IGNORECASE)
# "we still pay a ~1s startup cost": what remains, not what changed.
_STILL = re.compile(r"\bstill\b", re.IGNORECASE)
# "95% bootstrap CI", "a 95% confidence interval": how sure a measurement is, no outcome
# (uv's "Change (95% bootstrap CI)" table heading had read as one)
_CONFIDENCE_AFTER = re.compile(
    r"\s*(?:two-sided\s+|one-sided\s+)?(?:bootstrap\b|CI\b|CIs\b|confidence|credible|"
    r"prediction interval|percentile|quantile)", re.IGNORECASE)
_FIXTURE = re.compile(r"\b(?:seed|fixtures?|mocks?|sample|dummy|example)\b", re.IGNORECASE)
# "Command execution duration (e.g., "123ms")" in a table of columns (atuin), "Example for
# 0.05 (5% rounded): tolerate …" (FreshRSS): a value shown as an example, no outcome
_EXAMPLE_BEFORE = re.compile(
    r"(?:\be\.\s?g\.?|\beg\.|\bexamples?\b|\bfor instance\b)(?:[^.;]|(?<=\d)\.(?=\d)){0,24}$"
    # ... "wrapped a value like -1s into a ~49-day duration" (navidrome): a bug's input
    r"|\bvalues?\s+(?:like|such\s+as)\s*[-+]?$",
    re.IGNORECASE)
# An HTTP status is no count: rclone's "update to gofakes3 v0.0.8 which fixes 500 errors",
# beets' "Gracefully handle 404s from the lyrics API" (404 seconds) were stated outcomes;
# nodejs/undici's "fix: avoid 401 failures for stream-backed request bodies" had claimed
# Customer Value for a stability fix
_HTTP_STATUS = re.compile(
    r"(?:400|401|403|404|405|408|409|410|413|415|422|429|500|501|502|503|504)"
    r"(?:s\b|\s+(?:errors?|responses?|failures?|status(?:es| codes?)?|codes?)\b)",
    re.IGNORECASE)

# How the work was checked, not what it changed: wails' "Verified: clean rebuild, 1711
# pages, no page loss" and "Reproduced consistently by the reporter on a 200%/125%
# dual-monitor setup" were stated outcomes; and a figure taken back ("The ~4.4% figure
# quoted in #5930 is retracted") is none.
# (A measurement the check gave still is: "Tested on a 10k-file repo: 12 s → 3 s".)
_CHECKED = re.compile(r"\W*(?:(?:verified|validated|confirmed)\s*:|reproduced|reproducible"
                      r"|repro(?:duction)?\b|steps to reproduce)", re.IGNORECASE)
_RETRACTED = re.compile(r"\bretract(?:s|ed|ing)?\b|\bwithdrawn\b"
                        # ... nor what the change leaves as it was, said first ("Known and
                        # not addressed here: … reports ~4.4% event inversions", wails)
                        r"|^\W*(?:known(?: (?:issues?|limitations?|problems?))?"
                        r"(?: and not addressed(?: here)?)?|not addressed(?: here)?"
                        r"|out of scope)\s*:",
                        re.IGNORECASE)

# -- phrases ---------------------------------------------------------------------------
_CLAUSE_BREAK = re.compile(r"[;:]\s|,\s|\s[—–]\s|\s--?\s")
# A closing parenthesis of references and credits only: "(#2925)", and a changelog's
# "(#2925 by @vmaerten)" (go-task's "… wall-clock time by ~7% ( by @vmaerten)" once the
# number was dropped), "(fixes #12, thanks @bob)"
_TRAILING_REF = re.compile(
    r"\s*\((?=[^()]*(?:[#@]|GH-\d))(?:(?:[\w.-]+/[\w.-]+)?#\d+|GH-\d+|@[\w-]+|[,&;]"
    r"|(?:see|fix(?:es|ed)?|close[sd]?|resolve[sd]?|refs?|thanks|to|by|via|and|from|in)\b"
    r"|\s+)+\)$",
    re.IGNORECASE,
)
_LEAD = re.compile(
    r"^(?:(?:[>#*+-]+|\d{1,3}[.)]|\[[ xX]\])\s+|(?:impact|results?|outcomes?|performance|perf"
    r"|benchmarks?|numbers|tl;?dr|summary|before/after)\s*:\s*|(?:and|but|so|which|thereby|thus"
    r"|also)\s+|this (?:pr|change|commit|patch|fix|diff|mr)\s+)+",
    re.IGNORECASE,
)


def _near(sentence: str, span: tuple[int, int]) -> str:
    """The hit with a few words either side: where its cue or configuration word must be."""
    before = sentence[max(span[0] - 160, 0) : span[0]].split()[-8:]
    after = sentence[span[1] : span[1] + 120].split()[:5]
    return " ".join([*before, sentence[span[0] : span[1]], *after])


def _equal_ends(phrase: str) -> bool:
    """'126ms -> 126ms': a comparison of a value with itself states no change."""
    quantities = [found.group(0) for found in _QUANTITY_TEXT.finditer(phrase)]
    return (
        len(quantities) >= 2
        and quantities[0].replace(" ", "").casefold() == quantities[-1].replace(" ", "").casefold()
    )


def _ends(phrase: str) -> tuple[tuple[float, str], tuple[float, str]] | None:
    """A comparison's first and last quantity, as numbers and their units; a unit said once
    ("from 20,513,033 to 20,447,497 bytes") is the first's too."""
    quantities = _QUANTITY_TEXT.findall(phrase)
    if len(quantities) < 2:
        return None
    (first, first_unit), (last, last_unit) = quantities[0], quantities[-1]
    first_unit, last_unit = first_unit.strip(".,;:"), last_unit.strip(".,;:")
    if first_unit.casefold() in ("", "to", "->", "→", "=>", "vs", "vs.", "versus", "and"):
        first_unit = last_unit
    return ((float(first.replace(",", "")), first_unit),
            (float(last.replace(",", "")), last_unit))


def _negligible(phrase: str) -> bool:
    """'the binary shrinks from 20,513,033 to 20,447,497 bytes' (miniflux/v2, its author
    adding "which isn't that much"): a change of under 1% is no outcome a reader weighs.
    Not percentages or points, where 99.9% to 99.99% is the whole story."""
    ends = _ends(phrase)
    if ends is None:
        return False
    (old, first_unit), (new, last_unit) = ends
    units = [first_unit.casefold(), last_unit.casefold()]
    if any(unit.startswith(("%", "percent", "pp")) for unit in units):
        return False
    if all(units) and not (units[0].startswith(units[1]) or units[1].startswith(units[0])):
        return False  # "1.2 s to 1,190 ms": not one unit (the match may cut one short)
    largest = max(abs(old), abs(new))
    return largest > 0 and abs(old - new) / largest < 0.01


# The comparisons that say the new value first: "3 s instead of 40 s", "5 s (was 9 s)".
_NEW_FIRST = re.compile(
    r"^(?!(?:was|were|used)\b).*\b(?:instead of|rather than|compared|vs\.?|versus"
    r"|(?:down|up)\s+from|previously|before|was)\b", re.IGNORECASE)
_SECONDS = {"ns": 1e-9, "nanosecond": 1e-9, "µs": 1e-6, "μs": 1e-6, "microsecond": 1e-6,
            "ms": 1e-3, "msec": 1e-3, "milli": 1e-3, "millisecond": 1e-3, "s": 1, "sec": 1,
            "second": 1, "m": 60, "min": 60, "minute": 60, "h": 3600, "hr": 3600,
            "hour": 3600, "day": 86400, "week": 604800}
_BYTES = {"b": 1, "byte": 1, "kb": 1e3, "kib": 1024, "mb": 1e6, "mib": 1 << 20, "gb": 1e9,
          "gib": 1 << 30, "tb": 1e12, "tib": 1 << 40}


def _measure(unit: str) -> tuple[str, float] | None:
    """What a unit measures (``time`` or ``size``) and its size in seconds or bytes."""
    if unit == "M":
        return None  # a million, not minutes
    word = unit.casefold()
    if word not in _SECONDS and word not in _BYTES and word.endswith("s"):
        word = word[:-1]  # "minutes", "bytes"; not "ms"
    if word in _SECONDS:
        return "time", _SECONDS[word]
    if word in _BYTES:
        return "size", _BYTES[word]
    return None


def _grown(phrase: str, near: str) -> bool:
    """'grows the size from 60 to 64 bytes' (git's cbtree): a size or a duration that got
    larger is what the change cost, not what it achieved, unless a gain is said beside it."""
    ends = None if _GAIN.search(near) else _ends(phrase)
    if ends is None:
        return False
    (first, first_unit), (last, last_unit) = ends
    first_measure, last_measure = _measure(first_unit), _measure(last_unit)
    if not first_measure or not last_measure or first_measure[0] != last_measure[0]:
        return False
    before, after = first * first_measure[1], last * last_measure[1]
    if _NEW_FIRST.search(phrase):
        before, after = after, before
    return after > before


def _range_heading(sentence: str, span: tuple[int, int]) -> bool:
    """'Labels from 0 to 127 bytes length: same': a range naming a row, not a change."""
    return (
        span[0] <= 80  # bounded, so that many matches in a long sentence stay linear
        and len(sentence[: span[0]].split()) <= 2
        and sentence[span[0] : span[0] + 5].casefold().startswith("from")
        and bool(_ROW_LABEL_END.match(sentence, span[1]))
    )


# "non-1x", "1x": a factor of one states no change
_ONE_TIMES = re.compile(r".{0,4}?(?:\bnon-\s?[\d.]+|(?<![\d.])1(?:\.0+)?)\s?[x×]", re.DOTALL)
# A duration a verb sets ("throttle upload speed calculation to 100ms", filebrowser): the
# setting's value, whatever speed the sentence names; not what the setting brought down or
# up to ("Capping the image cache reduces memory usage to 150 MB")
_SET_TO = re.compile(r"\b(?:throttl\w*|debounc\w*|clamp\w*|cap|caps|capped|capping|limit"
                     r"|limits|limited|limiting)\b[^.;,]{0,50}\b(?:to|at)\s*(?:~\s?)?$",
                     re.IGNORECASE)


_CHANGED_TO = re.compile(r"\b(?:reduc\w*|lower\w*|cut|cuts|cutting|bring\w*|brought|drop\w*"
                         r"|improv\w*|increas\w*|decreas\w*|down|up|tops?|raise[sd]?|now"
                         r"|shr[iau]nk\w*|fell|falls?)\b", re.IGNORECASE)


def _accepted_hits(sentence: str) -> list[tuple[int, int]]:
    def configish(span: tuple[int, int]) -> bool:
        if _LIFETIME_BEFORE.search(sentence, max(span[0] - 24, 0), span[0]):
            return True  # "a short-lived (5 min) token" (navidrome): how long it lasts
        following = _CONFIG_NEXT.match(sentence, span[1])
        if following and any(_CONFIG.fullmatch(word) or _BUDGET.fullmatch(word)
                             for word in following.groups() if word):
            # "the 2s window is plenty"; "above the 1 KiB compression threshold" (miniflux);
            # "retried until the 12h budget ran out" (navidrome)
            return True
        set_to = _SET_TO.search(sentence, max(span[0] - 80, 0), span[0])
        if set_to and not _CHANGED_TO.search(set_to.group(0)):
            return True
        near = _near(sentence, span)
        if not _CONFIG.search(near):
            # "The timeout on a reset request is now also lowered to 5s": the setting is
            # the sentence's subject, further back than the words near the number
            near = " ".join([*sentence[max(span[0] - 240, 0):span[0]].split()[-14:], near])
        return bool(_CONFIG.search(near)) and not _OUTCOME.search(near)

    breaks: list[tuple[int, int]] = []
    guessed: dict[tuple[int, int], bool] = {}  # per clause: hits share clauses

    def speculative(span: tuple[int, int]) -> bool:
        """A default, a rule or a guess, unless the number itself is compared."""
        if _COMPARED_AFTER.match(sentence, span[1]):
            return False
        if not breaks:  # once per sentence, and only where a hit needs it
            breaks.extend(m.span() for m in _CLAUSE_BREAK.finditer(sentence))
            breaks.append((len(sentence), len(sentence)))
        clause = _clause(breaks, span, len(sentence))
        if clause not in guessed:
            guessed[clause] = bool(_SPECULATION.search(sentence, *clause))
        return guessed[clause]

    def multiplier_of_a_thing(span: tuple[int, int]) -> bool:
        """'no need for 8x oversubscription': a bare multiplier naming a setting; and one
        times, or its negation, no change at all ('expire correctly at non-1x speeds',
        navidrome)."""
        if sentence[span[1] - 1] not in "x×":
            return False
        return bool(_NOUN_AFTER.match(sentence, span[1]) or _ONE_TIMES.fullmatch(
            sentence, max(span[0] - 4, 0), span[1]))

    def ranged(span: tuple[int, int]) -> bool:
        """'takes ~10-50ms': a span of durations or sizes describes, it does not compare."""
        return bool(_RANGE_BEFORE.search(sentence, max(span[0] - 12, 0), span[0])) and not (
            _COMPARISON.search(_near(sentence, span))
        )

    def whole(match: re.Match[str]) -> bool:
        """'I still don't 100% like how ...': a hundred per cent says how sure, unless
        something is said to change by it ('cuts errors by 100%', '100% faster')."""
        return (_HUNDRED.match(match.group(0)) is not None
                and not _COMPARED_AFTER.match(sentence, match.end())
                and not _CHANGE.search(_near(sentence, match.span())))

    def frequency(match: re.Match[str]) -> bool:
        """'~92% of the time', unless a change is said right before ('cuts 40% of the time');
        where the time is spent is a profile, whatever came before ('we now spend ~90% of
        the time decompressing objects', git/git's highlight)."""
        if not _OF_THE_TIME.match(sentence, match.end()):
            return False
        before = " ".join(sentence[max(match.start() - 40, 0):match.start()].split()[-3:])
        if _SPENT.search(before):  # a profile, unless it is the after of a before
            shares = [m.start() for m in _SHARE_OF_TIME.finditer(sentence)]
            return len(shares) < 2 or not match.start() <= shares[-1] < match.end()
        return not _CHANGE.search(before)

    def remaining(span: tuple[int, int]) -> bool:
        near = _near(sentence, span)
        return bool(_STILL.search(near)) and not _COMPARISON.search(near)

    def cost(match: re.Match[str]) -> bool:
        """'the package increased by ~65 kB', 'libraries grow 20-30%': a size or duration
        that grew, or a share of something costly that did, no gain said."""
        near = _near(sentence, match.span())
        share = match.group(0).rstrip().endswith("%")
        if not _SIZE_OR_DURATION.fullmatch(match.group(0)) and not (
                share and (_COSTLY.search(near) or _WORSE.search(near)
                           or _GROWN.search(near))):
            return False
        # a plus sign is growth as "adds" is: "+9.7MB (+1.4%)" of a library (navidrome); not
        # of a rate or a speed ("Read throughput +120 MB/s")
        plus = sentence[max(match.start() - 1, 0):match.start()] == "+" \
            and sentence[match.end():match.end() + 1] != "/" and not _SPEEDS.search(near)
        grew = _COST.search(near) or plus or _COST_SAID.search(sentence, 0, match.start())
        return bool(grew) and not _GAIN.search(near) and not _UNDONE.search(near)

    def condition(match: re.Match[str]) -> bool:
        """'when the size / buckets ratio is less than 1%' (redis): a threshold the text
        sets out, not a change; and '~0.6% faster' (pnpm), a speed-up within the noise."""
        before = sentence[max(match.start() - 40, 0):match.start()]
        if _THRESHOLD_BEFORE.search(before):
            return True
        number = _QUANTITY_TEXT.search(match.group(0))
        return (number is not None and float(number.group(1).replace(",", "")) < 1
                and _SPEED_AFTER.match(sentence, match.end()) is not None)

    def called_worse(span: tuple[int, int]) -> bool:
        """A factor the text itself calls worse: "2x slower", "0.89× (slower)" (pnpm)."""
        return bool(_WORSE.search(sentence, *span) or _WORSE_AFTER.match(sentence, span[1]))

    hits: list[tuple[int, int]] = []
    settled: list[tuple[int, int]] = []  # comparisons of a change too small to state
    if _TWO_NUMBERS.search(sentence) and _BA_HINT.search(sentence):
        for match in _BEFORE_AFTER.finditer(sentence):
            if not _HAS_UNIT.search(match.group(0)):
                continue  # "from 3 to 4", "3.10 -> 3.11": versions, not outcomes
            if _negligible(match.group(0)):
                settled.append(match.span())  # nor is either number an outcome alone
                continue
            if _equal_ends(match.group(0)) or _range_heading(sentence, match.span()):
                continue
            if _grown(match.group(0), _near(sentence, match.span())):
                settled.append(match.span())  # a cost: neither number is an outcome
                continue
            if _STRONG_UNIT.search(match.group(0)) or not configish(match.span()):
                hits.append(match.span())
    compared = list(hits)  # a stated comparison is a change whatever words surround it
    if _PERCENT_HINT.search(sentence) and not _NOT_OUTCOME_SHARE.search(sentence):
        hits.extend(m.span() for m in _PERCENT_RE.finditer(sentence)
                    if not whole(m) and not frequency(m) and not cost(m) and not condition(m)
                    and not _CONFIDENCE_AFTER.match(sentence, m.end()))
    # "add 2 users to the seed data" is not an outcome either
    if _STRONG_COUNT_HINT.search(sentence) and not _FIXTURE.search(sentence):
        hits.extend(m.span() for m in _STRONG_COUNT_RE.finditer(sentence))
    if _MULT_HINT.search(sentence) or _TIMES.search(sentence):
        hits.extend(m.span() for m in _STRONG_MULT_RE.finditer(sentence)
                    if not called_worse(m.span()))
    for regex, hint, config_matters in ((_MONEY_RE, _MONEY_HINT, False), (_WEAK, _WEAK_HINT, True)):
        if not hint.search(sentence):
            continue
        for match in regex.finditer(sentence):
            span = match.span()
            if _HTTP_STATUS.match(sentence, span[0]):
                continue
            if _CHANGE.search(_near(sentence, span)) and not remaining(span) \
                    and not called_worse(span) and not (
                config_matters and (configish(span) or ranged(span) or multiplier_of_a_thing(span)
                                    or cost(match))
            ):
                hits.append(span)
    single = [span for span in hits[len(compared) :] if not speculative(span)
              and not _EXAMPLE_BEFORE.search(sentence, max(span[0] - 40, 0), span[0])
              and not any(start < span[1] and span[0] < end for start, end in settled)]
    return _merge(compared + single)


def _merge(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    merged: list[tuple[int, int]] = []
    for start, end in sorted(spans, key=lambda span: (span[0], -span[1])):
        if merged and start < merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


def _clause(breaks: list[tuple[int, int]], hit: tuple[int, int], size: int) -> tuple[int, int]:
    """The span between the clause breaks on either side of the hit."""
    before = bisect.bisect_right(breaks, (hit[0], hit[0])) - 1
    while before >= 0 and breaks[before][1] > hit[0]:
        before -= 1
    after = bisect.bisect_left(breaks, (hit[1], 0))
    start = breaks[before][1] if before >= 0 else 0
    return start, breaks[after][0] if after < len(breaks) else size


def _window(sentence: str, hit: tuple[int, int], clause: tuple[int, int]) -> tuple[int, int]:
    """Whole words around the hit, at most MAX_PHRASE_LENGTH with the two ellipses."""
    room = MAX_PHRASE_LENGTH - 2
    budget = max(room - (hit[1] - hit[0]), 0)
    left = max(clause[0], hit[0] - budget // 2)
    right = min(clause[1], hit[1] + budget - (hit[0] - left))
    # Whole words: an edge inside a word moves out of it, but never into the hit ("from
    # 860ms to 440ms" stays whole), and a clause's own edge (before its comma) stays.
    if left > clause[0] and not sentence[left - 1].isspace():
        space = sentence.find(" ", left, hit[0])
        left = space + 1 if space != -1 else left
    right = max(min(right, left + room), hit[1])
    if right < clause[1] and not sentence[right].isspace():
        space = sentence.rfind(" ", hit[1], right)
        right = space if space != -1 else hit[1]
    return left, right


def _phrase_spans(sentence: str) -> Iterator[tuple[int, int, bool]]:
    """The sentence if short, else each clause with a hit, else a window of words.

    The flag says the span is a window cut out of its clause.
    """
    hits = _accepted_hits(sentence)
    if not hits or len(sentence.strip()) <= MAX_PHRASE_LENGTH:
        yield from [(0, len(sentence), False)] if hits else []
        return
    breaks = [m.span() for m in _CLAUSE_BREAK.finditer(sentence)]
    by_clause: dict[tuple[int, int], tuple[int, int]] = {}
    for hit in hits:
        clause = _clause(breaks, hit, len(sentence))
        first = by_clause.get(clause, hit)
        by_clause[clause] = (first[0], hit[1])
    for clause, hit in by_clause.items():
        if clause[1] - clause[0] <= MAX_PHRASE_LENGTH:
            yield clause[0], clause[1], False
        else:
            yield *_window(sentence, hit, clause), True


# Emphasis a phrase kept from Markdown (strip_markdown drops only the bold's doubled
# marks): "_This is in addition to …_" (pocketbase's changelog) showed as "\_This is …".
_EMPHASIS = re.compile(r"(?<![\w*])([*_])(?=\S)(.+?)(?<=\S)\1(?![\w*])")


def _tidy(phrase: str) -> str:
    if "*" in phrase or "_" in phrase:  # not inside code: `*.min.js`, `_lock`
        phrase = "`".join(part if i % 2 else _EMPHASIS.sub(r"\2", part)
                          for i, part in enumerate(phrase.split("`")))
    if phrase.lstrip().startswith("|"):  # a table's row no header said how to read
        phrase = "; ".join(cell.strip() for cell in phrase.split("|") if cell.strip())
    phrase = _LEAD.sub("", " ".join(phrase.replace("`", "").split()))
    phrase = phrase.rstrip(" .,;:!")
    while (bare := _TRAILING_REF.sub("", phrase)) != phrase:  # "(#12) (by @bob)"
        phrase = bare.rstrip(" .,;:!")
    phrase = phrase.strip()
    if phrase.startswith("(") and phrase.endswith(")"):
        phrase = phrase[1:-1].strip()
    if phrase.startswith("(") and ")" not in phrase:
        phrase = phrase[1:].lstrip()
    if phrase.endswith(")") and "(" not in phrase:
        phrase = phrase[:-1].rstrip()
    return _close_parentheses(phrase)


def _close_parentheses(phrase: str) -> str:
    """A cut phrase ends at an unclosed '(' ('462ms -> 438ms (-5%'): drop what it opened,
    or only the '(' itself when the number is inside it."""
    depth, opened = 0, -1
    for index, char in enumerate(phrase):
        if char == "(":
            if depth == 0:
                opened = index
            depth += 1
        elif char == ")" and depth:
            depth -= 1
    if not depth:
        return phrase
    head = phrase[:opened].rstrip(" ,;:")
    if _CELL_NUMBER.search(head):
        return head
    return (head + " " + phrase[opened + 1 :].lstrip()).strip()


# A before/after table: a header row naming both columns, then rows of measurements.
_TABLE_ROW = re.compile(r"^\s*\|(.*)\|\s*$")
_BEFORE_HEAD = re.compile(r"^(?:before|old|was|baseline|main|master|previously)$", re.IGNORECASE)
_AFTER_HEAD = re.compile(r"^(?:after|new|now|this (?:pr|change|branch)|pr|patched)$", re.IGNORECASE)
# "| `main` | branch |": the branch is the after where no column says so
_AFTER_BRANCH = re.compile(r"^(?:branch|this branch|feature branch|pr branch)$", re.IGNORECASE)
_CELL_NUMBER = re.compile(r"\d")
_CELL_ALL_NUMBER = re.compile(r"[\d.,]+")
_SEPARATOR_ROW = re.compile(r"\|?(?:\s*:?-+:?\s*\|)+\s*:?-*:?\s*\|?")


_CODE_CELL = re.compile(r"`[^`]*`")


def _cells(line: str, *, code: bool = True) -> list[str]:
    """A table row's cells, tidied; without the code in them when ``code`` is False."""
    found = _TABLE_ROW.match(line)
    if not found:
        return []
    cells = found.group(1).split("|")
    if not code:
        cells = [_CODE_CELL.sub(" ", c) for c in cells]
    return [" ".join(c.replace("`", "").replace("*", "").split()) for c in cells]


def _table_outcomes(text: str) -> list[str]:
    """``| | before | after |`` tables: each measured row as ``metric: 40 s → 3.1 s``."""
    if "|" not in text:
        return []
    found: list[str] = []
    lines = _unwrapped_rows(text.split("\n"))
    for index, line in enumerate(lines):
        head = _cells(line)
        before = next((i for i, c in enumerate(head) if _BEFORE_HEAD.match(c)), None)
        after = next((i for i, c in enumerate(head) if _AFTER_HEAD.match(c)), None)
        if after is None and before is not None:
            after = next((i for i, c in enumerate(head) if _AFTER_BRANCH.match(c)), None)
        if before is None or after is None or before == after:
            if index + 1 < len(lines) and _SEPARATOR_ROW.fullmatch(lines[index + 1].strip()):
                found += _rows_outcomes(head, lines[index + 2 :])
            continue
        label = next((i for i in range(len(head)) if i not in (before, after)), None)
        for row in lines[index + 2 :]:
            cells = _cells(row)
            if not cells:
                break
            if len(cells) <= max(before, after):
                continue
            old, new = cells[before], cells[after]
            if old == new:
                continue
            # "| `start-8` | `inset-s-8` |" renames code: numbers in code measure nothing.
            prose = _cells(row, code=False)
            if not (_CELL_NUMBER.search(prose[before]) and _CELL_NUMBER.search(prose[after])):
                continue
            name = cells[label] if label is not None and label < len(cells) else ""
            if _CELL_ALL_NUMBER.fullmatch(name) and label is not None and head[label]:
                name = f"{head[label]} {name}"  # marimo's "| user mods | … |" of "| 0 | … |"
            phrase = f"{name}: {old} → {new}" if name else f"{old} → {new}"
            found.append(phrase[:MAX_PHRASE_LENGTH])
    return found


def _rows_outcomes(head: list[str], rows: list[str]) -> list[str]:
    """A table whose rows are before and after, each column a measure: marimo's "| path |
    median | p95 |" with "| before | 4.88 ms | 6.15 ms |" and "| after | 0.91 ms | … |" as
    ``median: 4.88 ms → 0.91 ms``."""
    if len(head) < 2:
        return []
    body: list[list[str]] = []
    for row in rows:
        cells = _cells(row)
        if not cells:
            break
        body.append(cells)
    before = next((r for r in body if _BEFORE_HEAD.match(r[0])), None)
    after = next((r for r in body if _AFTER_HEAD.match(r[0])), None)
    if before is None or after is None:
        return []
    found: list[str] = []
    for column in range(1, min(len(head), len(before), len(after))):
        old, new = before[column], after[column]
        if old != new and _CELL_NUMBER.search(old) and _CELL_NUMBER.search(new):
            phrase = f"{head[column]}: {old} → {new}" if head[column] else f"{old} → {new}"
            found.append(phrase[:MAX_PHRASE_LENGTH])
    return found


def _unwrapped_rows(lines: list[str]) -> list[str]:
    """Table rows a commit message wrapped joined again: uv's "| OS | … | Change (95%
    bootstrap" + "CI) |", and its separator row cut the same way."""
    out: list[str] = []
    for line in lines:
        if out and out[-1].lstrip().startswith("|") and line.strip() \
                and not line.lstrip().startswith("|") \
                and (not out[-1].rstrip().endswith("|") or line.rstrip().endswith("|")):
            out[-1] = f"{out[-1].rstrip()} {line.strip()}"
        else:
            out.append(line)
    return out


# Output pasted from a tool is measurement, not a stated outcome: benchmark runner lines
# ("[1T] baseline: 889ms current: 852ms (+4.1%)"), pytest ("PASSED [100%]"), benchstat and
# hyperfine layouts, compiler listings ("211 | def ..."). A line is blanked (spaces, so it
# also ends the sentence before it) when it has such a mark or is mostly numbers.
_TOOL_MARK = re.compile(
    r"\[\s*\d+(?:\.\d+)?\s?(?:%|[A-Za-z]{1,3})\s*\]|\b(?:PASSED|FAILED|XFAIL|XPASS|SKIPPED)\b"
    r"|±|\b(?:ns|B|allocs|MB)/op\b|\bp=\d|\(min … max\)|^\s*Benchmark(?:\s*\d+:|\w*-\d+\s)"
    r"|^\s*\d+\s+\||^\s*={2,}\s|^\s*(?:\S+\s+)?\d+\s+passed\b"
)
# hyperfine's summary line: "1.63 ± 0.01 times faster than git-receive-pack … (rev = HEAD~)"
_TOOL_SUMMARY = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*±\s*\d[\d.]*\s+times\s+faster\s+than\b")
_NUMBER_TOKEN = re.compile(r"(?<![\w.])[-+(~]*\d[\d.,]*\S*")
_ARROW = re.compile(r"->|-->|→|⟶|=>|➡|—>")
_WORD_TOKEN = re.compile(r"(?<![\w.])[A-Za-z][A-Za-z'-]+\b")


def _tool_line(line: str) -> bool:
    if not _CELL_NUMBER.search(line):
        return False
    summary = _TOOL_SUMMARY.search(line)
    if summary and float(summary.group(1)) >= 1.05:  # hyperfine's verdict: what it measured
        return False
    if _TOOL_MARK.search(line):
        return True
    if _ARROW.search(line):  # "p50 120ms → 80ms, p99 900ms → 300ms" is written for a reader
        return False
    numbers = len(_NUMBER_TOKEN.findall(line))
    return numbers >= 4 and numbers > len(_WORD_TOKEN.findall(line))


def _blank_tool_output(masked: str) -> str:
    lines = masked.split("\n")
    if not any(_tool_line(line) for line in lines):
        return masked
    return "\n".join(" " * len(line) if _tool_line(line) else line for line in lines)


# A list of factors under a line that says they were measured (junegunn/fzf's "Measured on
# 1.4M-line corpora:" then "- Every line CJK: 17x on both matching and non-matching
# queries"): each item a stated outcome, though no item says "faster" itself.
_MEASURED_INTRO = re.compile(
    r"^[^\n]{0,80}\b(?:measured|benchmark\w*|speed-?ups?|faster|timings?)\b[^\n]{0,80}:[ \t]*$",
    re.IGNORECASE,
)
_LIST_ITEM = re.compile(r"^\s{0,3}(?:[-*+]|\d{1,2}[.)])\s+(\S.*)$")
# A factor that ends its phrase or says what it gained on ("17x on both matching and
# non-matching queries", "5.1x to 10.2x"), not one that counts things ("2x AMD EPYC 7763",
# "4x A100", "3x replicas", "5x per config", "2x for Retina")
_FACTOR = re.compile(r"(?<![\w.@])(\d{1,4}(?:\.\d+)?)\s?[x×](?=\s*(?:$|[,;.)]|(?:on|to|in|at"
                     r"|with|faster|quicker|speed-?ups?|less|fewer|smaller|lower|better"
                     r"|improvement|reduction)\b))")
_NOT_A_GAIN = re.compile(rf"\b(?:{_WORSE_WORDS}|unchanged|same|no change|longer|higher|worse"
                         r"|retried|repeated|runs?|ran|replicas?)\b", re.IGNORECASE)


def _measured_list_outcomes(text: str) -> list[str]:
    """The items of a list of factors that a line before it says were measured. One pass
    over the lines: a list is read once, by the line that introduces it."""
    if not _MULT_HINT.search(text):
        return []
    found: list[str] = []
    lines = text.split("\n")
    i = 0
    while i < len(lines):
        intro = lines[i]
        i += 1
        if not intro.rstrip().endswith(":") or not _MEASURED_INTRO.match(intro):
            continue
        items: list[list[str]] = []
        while i < len(lines):
            line = lines[i]
            bullet = _LIST_ITEM.match(line)
            if bullet:
                items.append([bullet.group(1)])
            elif not line.strip():
                pass  # before the list, or between its items
            elif items and line[:1].isspace():
                items[-1].append(line.strip())  # an item wrapped onto the next line
            else:
                break
            i += 1
        for parts in items:
            item = " ".join(" ".join(parts).split())
            factors = [float(m.group(1)) for m in _FACTOR.finditer(item)]
            if not factors or max(factors) < 1.1 or _NOT_A_GAIN.search(item):
                continue
            if len(item) > MAX_PHRASE_LENGTH:
                item = item[: MAX_PHRASE_LENGTH - 1].rstrip() + "…"
            found.append(item)
    return found


def extract_impact(text: str, *, limit: int = 3) -> tuple[str, ...]:
    """Return up to ``limit`` distinct outcome phrases from ``text``: before/after tables
    first, then sentences in order of appearance."""
    return _extract(text, limit, fast=True)


# A measurement alone, a label and its value ("Throughput: 826.1 req/s"), and what states a
# change. remix-run/react-router's benchmark listed the `dev` branch's figures, then "This
# branch" with "Throughput: 952.7 req/s (15.3% improvement)": the highlight gave the
# baseline's throughput as the outcome.
_LABELLED_VALUE = re.compile(r"[^:\n]{1,40}:\s*[\d.,]+\s?[^\s\d]{1,12}")
_STATES_CHANGE = re.compile(
    r"%|→|->|=>|\d\s?[x×](?!\w)|\b(?:faster|slower|quicker|reduc\w*|cut\w*|drop\w*|lower\w*"
    r"|decreas\w*|improv\w*|sav(?:e|es|ed|ing)|less|fewer|shr[iau]nk\w*|smaller|increas\w*"
    r"|instead|compared|from|speed-?ups?)\b", re.IGNORECASE)
_SPARE = 6  # phrases read past the limit, for the baseline's figures a list opens with
_BEFORE_AND_AFTER = re.compile(r"\d[^→>]{0,20}(?:→|->|=>)\s*~?\d")


def _extract(text: str, limit: int, *, fast: bool) -> tuple[str, ...]:
    """extract_impact; ``fast=False`` reads every sentence (the tests' check on the skips).
    A measurement alone beside one that states a change is the baseline or a detail of it:
    left out."""
    if limit < 1:
        return ()
    found = _collect(text, limit + _SPARE, fast=fast)
    if len(found) > 1 and any(_BEFORE_AND_AFTER.search(p) for p in found):
        # ... and a figure alone beside figures before and after: wails' "…Ubuntu 26.04
        # (WebKitGTK 2.52.3) web process 6,262 MB Windows 11 … not affected…", the leak's
        # baseline, was the at-a-glance outcome beside "11,629 MB -> 65.8 MB"
        found = tuple(p for p in found if _STATES_CHANGE.search(p))
    if len(found) > 1 and any(_STATES_CHANGE.search(p) for p in found):
        found = tuple(p for p in found
                      if _STATES_CHANGE.search(p) or not _LABELLED_VALUE.fullmatch(p))
    return found[:limit]


def _collect(text: str, limit: int, *, fast: bool) -> tuple[str, ...]:
    clean = strip_markdown(text[:MAX_TEXT_LENGTH])
    phrases: list[str] = []
    seen: set[str] = set()
    tables = _table_outcomes(clean)
    for phrase in [*tables, *_measured_list_outcomes(clean)]:
        if phrase.casefold() not in seen:
            seen.add(phrase.casefold())
            phrases.append(phrase)
            if len(phrases) == limit:
                return tuple(phrases)
    if fast and not _may_hit(clean):  # most texts: no masking, no sentences
        return tuple(phrases)
    masked = _blank_tool_output(mask(clean))
    for start, end in sentences(masked):
        sentence = masked[start:end].replace("\n", " ")
        if fast and not _may_hit(sentence):  # most sentences of the rest
            continue
        if tables and sentence.lstrip().startswith("|"):  # read as a table already
            continue
        # (a check's sentence that states a change still tells an outcome: "Verified: cold
        # start 12 s -> 3 s")
        if (_CHECKED.match(sentence) and not _ARROW.search(sentence)
                and not _COMPARISON.search(sentence)) or _RETRACTED.search(sentence):
            continue
        for left, right, cut in _phrase_spans(sentence):
            phrase = _tidy(clean[start + left : start + right])
            if not phrase or phrase.casefold() in seen:
                continue
            seen.add(phrase.casefold())
            if cut:
                phrase = "…" * (left > 0) + phrase + "…" * bool(sentence[right:].strip(" .!?"))
            phrases.append(phrase)
            if len(phrases) == limit:
                return tuple(phrases)
    return tuple(phrases)
