"""Keep blocks at scale: tens of thousands of markers parse in one pass, warned about once.

An old document with 50,000 nested keep markers took 45 s (each marker's line counted
from the top) and printed 49,999 warnings. No timing here: the parser is linear by
construction (one regex scan, a depth count, line numbers counted forward).
"""

from __future__ import annotations

from evidencer.render.keep import KEEP_END, KEPT_NOTES_HEADING, keep_marker, merge_kept

N = 50_000
HEAD = "# Brag\n\n## Notes\n"


def test_fifty_thousand_nested_markers_stay_text_of_one_block_with_one_warning() -> None:
    inner = "".join(f"{keep_marker()}\nnote {i}\n" for i in range(N)) + KEEP_END * (N - 1)
    old = f"{HEAD}{inner}{KEEP_END}\n"
    new = f"{HEAD}{keep_marker()}\n{KEEP_END}\n"
    merged, warnings = merge_kept(old, new)
    kept = inner[len(keep_marker()):]
    assert merged == f"{HEAD}{keep_marker()}{kept}{KEEP_END}\n"
    assert warnings == [
        f"line 6: keep marker inside the block opened at line 4; kept as text of that block "
        f"(and {N - 2:,} more keep markers inside blocks, kept as their text, the last at "
        f"line {3 + 2 * (N - 1) + 1})"
    ]


def test_fifty_thousand_stray_end_markers_give_one_warning() -> None:
    old = HEAD + "".join(f"text {i} {KEEP_END}\n" for i in range(N))
    merged, warnings = merge_kept(old, HEAD)
    assert merged == HEAD
    assert warnings == [
        f"line 4: end marker without a keep marker; ignored (and {N - 1:,} more such end "
        f"markers, the last at line {3 + N})"
    ]


def test_fifty_thousand_blocks_without_a_place_are_all_kept_and_warned_about_in_six_lines(
) -> None:
    old = HEAD + "".join(f"{keep_marker(f'n{i}')}\nnote {i}\n{KEEP_END}\n" for i in range(N))
    merged, warnings = merge_kept(old, HEAD)
    assert merged.count("note ") == N
    assert merged.startswith(f"{HEAD}\n{KEPT_NOTES_HEADING}\n\n{keep_marker('n0')}\nnote 0\n")
    moved = f"no place in the new document; moved under '{KEPT_NOTES_HEADING}' at the end"
    assert warnings == [
        *(f"line {4 + 3 * i}: keep 'n{i}' has {moved}" for i in range(5)),
        f"line {4 + 3 * 5}: {N - 5:,} more keep blocks, the last at line {4 + 3 * (N - 1)}, "
        f"have {moved}",
    ]


def test_fifty_thousand_blocks_each_find_their_place() -> None:
    old = HEAD + "".join(f"{keep_marker()}\nmine {i}\n{KEEP_END}\n" for i in range(N))
    new = HEAD + f"{keep_marker()}\n{KEEP_END}\n" * N
    merged, warnings = merge_kept(old, new)
    assert merged == old
    assert warnings == []
