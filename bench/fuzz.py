"""A long fuzzing run of the cleaner, renderer and clean → EPUB path, started by hand.

    .venv/bin/python bench/fuzz.py                 # 5,000 pages, 5,000 byte strings, 300 books
    .venv/bin/python bench/fuzz.py --scale 10      # ten times as many

It runs the properties of tests/test_fuzz.py with fresh random seeds and far
more examples, and prints the first failing input hypothesis shrinks to.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from hypothesis import HealthCheck, given, settings  # noqa: E402

from exporter.errors import ExporterError  # noqa: E402
from exporter.read import decode  # noqa: E402
from tests.strategies import PAGES, RANDOM_BYTES  # noqa: E402
from tests.test_fuzz import check_clean_and_render, check_epub  # noqa: E402


def run(name: str, test, examples: int) -> bool:  # type: ignore[no-untyped-def]
    configured = settings(
        max_examples=examples, deadline=None, database=None, derandomize=False,
        suppress_health_check=list(HealthCheck),
    )(test)
    start = time.perf_counter()
    try:
        configured()
    except Exception as error:  # noqa: BLE001 - report and go on to the next property
        print(f"{name:12} FAILED after {time.perf_counter() - start:.0f}s: {type(error).__name__}: {error}")
        for note in getattr(error, "__notes__", []):
            print(f"    {note}")
        return False
    print(f"{name:12} {examples:>7,} examples passed in {time.perf_counter() - start:.0f}s")
    return True


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--scale", type=float, default=1.0, help="multiply the example counts")
    args = parser.parse_args()

    @given(PAGES)
    def pages(text: str) -> None:
        check_clean_and_render(text)

    @given(RANDOM_BYTES)
    def random_bytes(data: bytes) -> None:
        try:
            check_clean_and_render(decode(data, Path("fuzz.bin")).text)
        except ExporterError:
            pass

    @given(PAGES)
    def books(text: str) -> None:
        check_epub(text)

    ok = all(
        [
            run("pages", pages, int(5000 * args.scale)),
            run("bytes", random_bytes, int(5000 * args.scale)),
            run("epub", books, int(300 * args.scale)),
        ]
    )
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
