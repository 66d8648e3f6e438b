"""Benchmark: carrying keep blocks into a regenerated document, at growing marker counts.

Three shapes of old document: N keep markers nested in one block, N blocks that each
find their place, and N named blocks with no place (moved under "Kept notes"). A linear
parser takes about five times as long for five times the markers; the quadratic one it
replaced took 45 s for 50,000 nested markers. Prints figures; it is not a test and has
no budget.

    PYTHONPATH=src python benchmarks/keep_markers.py [--sizes 10000 50000]
"""

from __future__ import annotations

import argparse
import time
from collections.abc import Callable

from evidencer.render.keep import KEEP_END, keep_marker, merge_kept

HEAD = "# Brag\n\n## Notes\n"


def nested(n: int) -> tuple[str, str]:
    inner = "".join(f"{keep_marker()}\nnote {i}\n" for i in range(n)) + KEEP_END * n
    return HEAD + inner + "\n", f"{HEAD}{keep_marker()}\n{KEEP_END}\n"


def placed(n: int) -> tuple[str, str]:
    old = HEAD + "".join(f"{keep_marker()}\nmine {i}\n{KEEP_END}\n" for i in range(n))
    return old, HEAD + f"{keep_marker()}\n{KEEP_END}\n" * n


def moved(n: int) -> tuple[str, str]:
    return HEAD + "".join(f"{keep_marker(f'n{i}')}\nnote {i}\n{KEEP_END}\n" for i in range(n)), HEAD


SHAPES: dict[str, Callable[[int], tuple[str, str]]] = {
    "nested": nested, "placed": placed, "moved": moved,
}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 50_000])
    sizes = parser.parse_args().sizes
    print(f"{'shape':<8} {'markers':>8} {'seconds':>8} {'warnings':>8}")
    for name, build in SHAPES.items():
        for n in sizes:
            old, new = build(n)
            start = time.perf_counter()
            _, warnings = merge_kept(old, new)
            took = time.perf_counter() - start
            print(f"{name:<8} {n:>8,} {took:>8.2f} {len(warnings):>8}")


if __name__ == "__main__":
    main()
