"""Untrusted text rendered through mdsafe stays plain text in Markdown and HTML.

Outputs are parsed with markdown-it-py (raw HTML enabled, so anything unescaped would show).
"""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt
from markdown_it.token import Token

from evidencer.render.mdsafe import (
    escape_block,
    escape_inline,
    md_link,
    neutralise_mentions,
    safe_url,
    strip_invisible,
)

MD = MarkdownIt("commonmark", {"html": True}).enable(["table", "strikethrough"])
# GitHub's mention and issue-reference filters run on rendered text nodes.
GITHUB_MENTION = re.compile(r"(?<![A-Za-z0-9`])@[A-Za-z0-9]")
# As GitHub autolinks them: the number must end the word ("#12", not "#0A" or "#12abc").
GITHUB_ISSUE_REF = re.compile(r"(?:(?<![\w/])#|[\w.-]+/[\w.-]+#|\bGH-)\d+(?!\w)", re.IGNORECASE)
INVISIBLES = "\u200b\u200c\u200d\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"

HOSTILE_TITLES = [
    "Fix | table | breaking",
    "**bold** and *em* and _under_ and ~~strike~~",
    "[x](javascript:alert(1))",
    "[click](https://evil.example)",
    "![img](https://evil.example/track.png)",
    "<img src=x onerror=alert(1)>",
    "<script>alert(1)</script>",
    "<a href='javascript:alert(1)'>hi</a>",
    "<!-- unterminated comment",
    "<!-- evidencer:keep --> sneaky <!-- evidencer:end -->",
    "<https://evil.example/autolink>",
    "<mailto:me@example.com>",
    "ping @someone and @org/team",
    "Fixes #123 and acme/widgets#45 and GH-7",
    "`code` and ``double`` and ```fence```",
    "```js\nalert(1)\n```",
    "# heading",
    "- list item",
    "+ plus item",
    "1. ordered",
    "3) ordered paren",
    "> quote",
    "=== setext",
    "---",
    "[ref]: https://evil.example",
    "[^1] footnote",
    "saves $5 and $10 with $$math$$",
    "escaped \\| pipe and \\\\| double",
    "&lt;b&gt;entities&lt;/b&gt; &amp; &#60;script&#62;",
    "line one\nline two\r\nline three\u2028line four",
    "tab\there",
    "rtl \u202eevil\u202c text and zero\u200bwidth\u2066isolate\u2069",
    "nul \x00 and bell \x07 and del \x7f",
    "trailing backslash \\",
    "| | | |",
    "javascript:alert(1)",
    "\ufeffBOM title",
    "**" * 500,
]


def shown(text: str) -> str:
    """What a reader sees of plain text: the author's code spans (one or two backticks
    each side, paired left to right, nothing inside that a table cell or a keep marker
    would read, no space at either end) show their text as code, without the backticks."""
    def keep(span: re.Match[str]) -> str:
        inner = span.group(2)
        return span.group(0) if re.search(r"[|<]|^\s|\s$", inner) else inner
    return re.sub(r"(?<!`)(``?)([^`\n]+)\1(?!`)", keep, text)


def inline_tokens(markdown: str) -> list[Token]:
    tokens: list[Token] = []
    for token in MD.parse(markdown):
        tokens.append(token)
        tokens.extend(token.children or [])
    return tokens


def visible_text(markdown: str) -> str:
    """What a reader sees: text, code spans and link labels."""
    return "".join(
        t.content for t in inline_tokens(markdown)
        if t.type in ("text", "code_inline", "softbreak", "hardbreak")
    )


def linkable_text(markdown: str) -> str:
    """The text GitHub's mention and reference filters read: not code, not inside a link."""
    parts: list[str] = []
    depth = 0
    for token in inline_tokens(markdown):
        depth += {"link_open": 1, "link_close": -1}.get(token.type, 0)
        if token.type in ("text", "softbreak", "hardbreak") and depth == 0:
            parts.append(token.content)
        elif token.type in ("softbreak", "hardbreak"):
            parts.append(" ")
    return " ".join(parts)


def assert_inert(markdown: str, *, allowed_hrefs: tuple[str, ...] = ()) -> None:
    tokens = inline_tokens(markdown)
    kinds = {t.type for t in tokens}
    assert not kinds & {"html_inline", "html_block", "image"}, kinds
    assert not kinds & {"heading_open", "fence", "code_block", "hr"}, kinds
    assert not kinds & {"bullet_list_open", "ordered_list_open", "table_open"}, kinds
    assert not kinds & {"em_open", "strong_open", "s_open"}, kinds
    hrefs = tuple(str(t.attrs["href"]) for t in tokens if t.type == "link_open")
    assert hrefs == allowed_hrefs
    text = linkable_text(markdown)
    assert not GITHUB_MENTION.search(text)
    assert not GITHUB_ISSUE_REF.search(text)
    tags = set(re.findall(r"</?([a-z0-9]+)", MD.render(markdown)))
    assert tags <= {"p", "br", "blockquote", "a", "code"}, tags


@pytest.mark.parametrize("title", HOSTILE_TITLES)
def test_hostile_title_renders_as_plain_text(title: str) -> None:
    escaped = escape_inline(title)
    assert "\n" not in escaped
    assert_inert(escaped)
    expected = " ".join(strip_invisible(title).replace("\x00", "").split())
    assert visible_text(escaped).replace("\u200b", "") == shown(expected)


@pytest.mark.parametrize("title", HOSTILE_TITLES)
def test_hostile_title_does_not_break_table_cells(title: str) -> None:
    table = f"| title | state |\n|---|---|\n| {escape_inline(title)} | merged |\n"
    tokens = inline_tokens(table)
    assert [t.type for t in tokens].count("td_open") == 2
    cells = [t.content for t in tokens if t.type == "inline"]
    assert cells[-1] == "merged"
    assert not {t.type for t in tokens} & {"html_inline", "image", "link_open"}


@pytest.mark.parametrize("title", HOSTILE_TITLES)
def test_hostile_title_in_link_text_keeps_only_the_safe_link(title: str) -> None:
    url = "https://github.com/acme/widgets/pull/1"
    assert_inert(md_link(title, url), allowed_hrefs=(url,))


def test_title_with_pipe_does_not_break_table_cell() -> None:
    assert escape_inline("a | b") == "a \\| b"


def test_mention_renders_as_code_and_does_not_ping() -> None:
    escaped = escape_inline("thanks @octocat")
    assert escaped == "thanks `@octocat`"
    assert visible_text(escaped) == "thanks @octocat"
    assert not GITHUB_MENTION.search(linkable_text(escaped))


def test_email_address_is_not_turned_into_a_mention() -> None:
    assert not GITHUB_MENTION.search(visible_text(escape_inline("me@example.com")))


def test_neutralise_mentions_leaves_lone_at_signs_alone() -> None:
    assert neutralise_mentions("meet @ 5 and @alice") == "meet @ 5 and `@alice`"


def test_issue_references_without_a_repository_become_code_not_autolinks() -> None:
    escaped = escape_inline("Fixes #12, acme/widgets#3 and GH-4")
    assert escaped == "Fixes `#12`, `acme/widgets#3` and `GH-4`"


def test_issue_references_link_to_the_repository_they_belong_to() -> None:
    def linker(repo: str, number: str) -> str:
        return f"https://github.com/{repo or 'acme/widgets'}/issues/{number}"

    escaped = escape_inline("Fixes #12 and acme/api#3", refs=linker)

    assert escaped == (
        "Fixes [#12](https://github.com/acme/widgets/issues/12) and "
        "[acme/api#3](https://github.com/acme/api/issues/3)"
    )


def test_references_inside_link_text_stay_plain_as_github_links_nothing_there() -> None:
    assert md_link("Fix crash (#12)", "https://x.example/1") == "[Fix crash (#12)](https://x.example/1)"


def test_a_hash_without_a_number_and_a_mid_line_hash_stay_plain() -> None:
    assert escape_inline("C# and #hashtag") == "C# and #hashtag"
    assert escape_inline("# heading") == "\\# heading"


def test_arrows_comparisons_and_ampersands_stay_readable() -> None:
    assert escape_inline("40 s -> 3 s => done > 2 & a < b") == "40 s -> 3 s => done > 2 & a < b"
    assert escape_inline("snake_case stays") == "snake_case stays"


def test_zero_width_and_bidi_characters_are_removed() -> None:
    assert escape_inline(f"pay{INVISIBLES}pal") == "paypal"
    assert strip_invisible("a\u202eb\u2066c\ufeffd") == "abcd"


def test_newlines_collapse_to_one_space() -> None:
    assert escape_inline("  one\n\n two\r\n\tthree  ") == "one two three"


def test_line_start_markers_are_escaped_only_at_the_start() -> None:
    assert escape_inline("- a - b") == "\\- a - b"
    assert escape_inline("2. done in 2. steps") == "2\\. done in 2. steps"
    assert escape_inline("= x") == "\\= x"


def test_dollar_signs_do_not_become_math() -> None:
    assert escape_inline("saves $5 and $10") == "saves \\$5 and \\$10"


def test_max_length_caps_visible_text_with_an_ellipsis() -> None:
    escaped = escape_inline("word " * 100, max_length=40)
    assert escaped.endswith("…")
    assert len(visible_text(escaped)) <= 40
    assert escape_inline("short", max_length=40) == "short"


def test_max_length_does_not_cut_inside_a_code_span() -> None:
    # BurntSushi/ripgrep's full list: "… when using \\`--pcre2…", the span's other half
    # cut off and its opening backtick escaped and shown
    title = ("printer: hack in a fix for `-l/--files-with-matches` when using "
             "`--pcre2 --multiline` with look-around")

    assert escape_inline(title, max_length=80) == (
        "printer: hack in a fix for `-l/--files-with-matches` when using…")
    # a span that closes before the cut stays whole; one opening too early is cut as text
    assert escape_inline("use `a` and b c d e f g h", max_length=12) == "use `a` and…"
    assert escape_inline("`averyveryverylongcodespan` x", max_length=12) == "\\`averyveryv…"
    # ... and so for two backticks each side (sphinx's reStructuredText literals)
    assert escape_inline("Recommend ``uv`` and ``pip-tools-compile`` for local work",
                         max_length=40) == "Recommend ``uv`` and…"


def test_max_length_counts_characters_before_escaping() -> None:
    assert escape_inline("<<<<<", max_length=3) == "<<…"
    assert escape_inline("<b><b>", max_length=3) == "&lt;b…"


def test_max_length_below_one_is_refused() -> None:
    with pytest.raises(ValueError, match="at least 1"):
        escape_inline("abc", max_length=0)


def test_megabyte_title_is_capped_and_stays_inert() -> None:
    hostile = "<img src=x onerror=alert(1)> | @someone [x](javascript:1)\n" * 20_000
    assert len(hostile) > 1_000_000
    escaped = escape_inline(hostile, max_length=200)
    assert len(visible_text(escaped)) <= 200
    assert_inert(escaped)


def test_megabyte_body_excerpt_stays_inert() -> None:
    hostile = "# <b>@someone</b> | ```\n" * 50_000
    assert len(hostile) > 1_000_000
    block = escape_block(hostile, max_length=5_000)
    assert_inert(block)
    assert escape_block(hostile).count("\n") == 50_000 - 1


@settings(max_examples=300)
@given(st.text())
def test_escape_inline_never_emits_raw_angle_bracket_newline_or_bare_pipe(text: str) -> None:
    escaped = escape_inline(text)
    assert not re.search(r"<[A-Za-z/!?]", escaped)  # no tag, comment or autolink can start
    assert "\n" not in escaped
    assert "\r" not in escaped
    assert re.search(r"(?<!\\)\|", escaped) is None


@settings(max_examples=200)
@given(st.text(alphabet=st.characters(codec="ascii")))
def test_escape_inline_renders_back_to_the_same_words(text: str) -> None:
    escaped = escape_inline(text)
    expected = " ".join(strip_invisible(text).split())
    assert visible_text(escaped).replace("\u200b", "") == shown(expected)
    assert_inert(escaped)


def test_escape_block_keeps_line_breaks_and_paragraphs() -> None:
    block = escape_block("first line\nsecond line\n\n\n\nnew paragraph")
    assert block == "first line\\\nsecond line\n\nnew paragraph"
    tokens = inline_tokens(block)
    assert [t.type for t in tokens].count("paragraph_open") == 2
    assert [t.type for t in tokens].count("hardbreak") == 1


def test_escape_block_makes_every_markdown_construct_inert() -> None:
    body = "\n".join(
        [
            "# Heading",
            "Setext",
            "======",
            "```",
            "fenced",
            "```",
            "~~~",
            "    indented code",
            "<details><summary>x</summary>",
            "<!-- comment",
            "> quoted",
            "- bullet",
            "1. ordered",
            "| a | b |",
            "|---|---|",
            "[ref]: https://evil.example",
            "***",
            "cc @someone, fixes #9",
        ]
    )
    assert_inert(escape_block(body))
    assert_inert(escape_block(body, quote=True))


def test_escape_block_shows_indentation_without_a_code_block() -> None:
    assert escape_block("  - nested") == "&nbsp;&nbsp;\\- nested"


def test_escape_block_quote_prefixes_every_line() -> None:
    block = escape_block("a\nb\n\nc", quote=True)
    assert block == "> a\\\n> b\n>\n> c"
    assert [t.type for t in inline_tokens(block)].count("blockquote_open") == 1


def test_escape_block_of_blank_text_is_empty() -> None:
    assert escape_block(" \n\t\n") == ""


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("https://github.com/acme/widgets/pull/12", "https://github.com/acme/widgets/pull/12"),
        ("http://example.com", "http://example.com"),
        ("HTTPS://Example.COM/Path", "https://example.com/Path"),
        ("  https://example.com/x  ", "https://example.com/x"),
        ("https://example.com/a(b)", "https://example.com/a%28b%29"),
        ('https://example.com/a|b<c>`d"e', "https://example.com/a%7Cb%3Cc%3E%60d%22e"),
        ("https://example.com/[x]", "https://example.com/%5Bx%5D"),
        ("https://example.com/?q=a&b=c#frag", "https://example.com/?q=a&b=c#frag"),
        ("https://example.com/100%", "https://example.com/100%25"),
        ("https://example.com/%20ok", "https://example.com/%20ok"),
        ("https://example.com/?a=1&lt;b&#60;", "https://example.com/?a=1%26lt;b%26#60;"),
        ("https://example.com:8443/x", "https://example.com:8443/x"),
        ("http://[::1]:8080/x", "http://[::1]:8080/x"),
        ("https://bücher.example/ü", "https://xn--bcher-kva.example/%C3%BC"),
    ],
)
def test_safe_url_accepts_http_and_https(url: str, expected: str) -> None:
    assert safe_url(url) == expected


@pytest.mark.parametrize(
    "url",
    [
        None,
        "",
        "javascript:alert(1)",
        "JaVaScRiPt:alert(1)",
        "java\tscript:alert(1)",
        "data:text/html;base64,PHNjcmlwdD4=",
        "vbscript:msgbox(1)",
        "file:///etc/passwd",
        "ftp://example.com/x",
        "mailto:me@example.com",
        "//example.com/x",
        "/relative/path",
        "https://exa mple.com",
        "https://example.com/a b",
        "https://example.com/\nx",
        "https://example.com/\u202ecod.exe",
        "https://exam\u200bple.com",
        "https:\\\\example.com",
        "https://github.com@evil.example/",
        "https://user:pass@example.com/",
        "https://",
        "https:///path",
        "https://example.com:99999/",
        "https://exa_mple.com/",
        "https://[not-ipv6]/",
    ],
)
def test_safe_url_refuses_everything_else(url: str | None) -> None:
    assert safe_url(url) is None


@settings(max_examples=500)
@given(st.text())
def test_safe_url_output_never_breaks_a_markdown_link(url: str) -> None:
    result = safe_url("https://example.com/" + url)
    if result is not None:
        assert not re.search(r"[\s()<>\[\]|`\"\\]", result)
        link = f"[x]({result})"
        assert [t.attrs["href"] for t in inline_tokens(link) if t.type == "link_open"] == [result]


def test_md_link_escapes_text_and_keeps_safe_url() -> None:
    link = md_link("Fix *all* the [things]", "https://example.com/p(1)")
    assert link == "[Fix \\*all\\* the \\[things\\]](https://example.com/p%281%29)"


def test_md_link_with_unsafe_url_is_just_text() -> None:
    assert md_link("click", "javascript:alert(1)") == "click"
    assert md_link("click", None) == "click"


def test_md_link_with_empty_text_shows_the_url() -> None:
    assert (
        md_link("", "https://example.com/a_b")
        == "[https://example.com/a_b](https://example.com/a_b)"
    )


def test_md_link_caps_long_text() -> None:
    link = md_link("x" * 500, "https://example.com", max_length=10)
    assert link == "[xxxxxxxxx…](https://example.com)"


@pytest.mark.parametrize("text", ["@alice@bob", "@0@0", "@org/team@x"])
def test_a_mention_right_after_a_mention_pings_nobody_either(text: str) -> None:
    escaped = escape_inline(text)
    assert escaped == f"`{text}`"
    assert_inert(escaped)


@pytest.mark.parametrize(("text", "shown"), [
    # prettier's release subjects: "`@prettier/plugin-hermes@0`.2.2" split the version
    ("Release @prettier/plugin-hermes@0.2.2", "Release `@prettier/plugin-hermes@0.2.2`"),
    ("Thanks @alice@bob.", "Thanks `@alice@bob`."),  # the sentence's stop stays outside
    ("@a@1.x-beta.2 ok", "`@a@1.x-beta.2` ok"),
    # elixir-lang/elixir: "Clarify `@on`\_load will be called early", a name cut in two
    ("Clarify @on_load will be called early", "Clarify `@on_load` will be called early"),
])
def test_a_package_named_with_its_version_is_one_span(text: str, shown: str) -> None:
    escaped = escape_inline(text)
    assert escaped == shown
    assert_inert(escaped)


@pytest.mark.parametrize(("title", "shown"), [
    # encode/django-rest-framework, tokio, sveltejs/svelte: an author's code spans had read
    # "Improve \\`PageNumberPagination\\` docs", and "{\\`@html\\`}" broke Svelte's syntax
    ("Improve `PageNumberPagination` docs", "Improve `PageNumberPagination` docs"),
    ("fix: properly hydrate await in `{@html}`", "fix: properly hydrate await in `{@html}`"),
    ("`#12` and `@octocat` stay code", "`#12` and `@octocat` stay code"),
    # ... not one GitHub would end at a table's pipe, nor one holding a marker's "<!"
    ("`a|b` split", "\\`a\\|b\\` split"),
    ("`<!-- evidencer:keep -->` here", "\\`&lt;!-- evidencer:keep -->\\` here"),
    # ... two backticks each side too (sphinx's reStructuredText literals), but not a span
    # holding a backtick, which pairs otherwise in each reader
    ("Recommend ``uv`` for local development", "Recommend ``uv`` for local development"),
    # ... not beside a mention or a reference, whose own span would join its backticks
    # into a run of three that closes nothing
    ("Fix ``x``@alice", "Fix \\`\\`x\\`\\`@alice"),
    ("Ping ``a``#12", "Ping \\`\\`a\\`\\``#12`"),
    ("``double`` and `` ` ``", "``double`` and \\`\\` \\` \\`\\`"),
    # ... paired left to right: lazygit's "`<alt+up>`/`<alt+down>`" is no span "`/`"
    ("Add `<alt+up>`/`<alt+down>` keys", "Add `<alt+up>`/`<alt+down>` keys"),
    # ... and a lone "<" is code as any other character (nushell's semver operators)
    ("add comparison operators to semver like `>` `<`, `==`",
     "add comparison operators to semver like `>` `<`, `==`"),
    ("`<script>alert(1)</script>` and `</details>`",
     "`<script>alert(1)</script>` and `</details>`"),
    ("warnings in `store|config` go to `stderr`",
     "warnings in \\`store\\|config\\` go to `stderr`"),
])
def test_an_authors_code_span_stays_a_code_span(title: str, shown: str) -> None:
    escaped = escape_inline(title)

    assert escaped == shown
    assert_inert(escaped)
    assert_inert(f"| {escaped} | x |")

