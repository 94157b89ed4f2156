"""How does the cleaner generalize? The bench/quality.py table, over the holdout.

``tests/fixtures/holdout`` holds pages the cleaner was not tuned on (see
``tests/test_holdout_quality.py``). This is a thin wrapper around
``bench/quality.py``: same table, same options, pointed at the holdout
folder and judged against the holdout's lower (collapse-guard) bars.

Usage::

    python bench/holdout.py                      # table and totals
    python bench/holdout.py --detail             # lost blocks and kept chrome of failing cases
    python bench/holdout.py --case medium --style print_pdf
    python bench/holdout.py --dump wire-lead-pipes-bill clipper   # scraped input and cleaned body

Exits 1 when the holdout bars of the test are not met.
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

ROOT = Path(__file__).resolve().parent.parent
HOLDOUT_DIR = ROOT / "tests" / "fixtures" / "holdout"


def _load_bench() -> ModuleType:
    spec = importlib.util.spec_from_file_location("bench_quality", ROOT / "bench" / "quality.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["bench_quality"] = module
    spec.loader.exec_module(module)
    return module


def main(argv: list[str] | None = None) -> int:
    bench = _load_bench()
    quality = bench.quality
    corpus_cases = quality.corpus_cases
    # bench/quality.py reads quality.PAGES_DIR and quality.corpus_cases() at call time.
    quality.PAGES_DIR = HOLDOUT_DIR
    quality.corpus_cases = lambda pages_dir=HOLDOUT_DIR: corpus_cases(pages_dir)
    # The holdout's collapse-guard bars (tests/test_holdout_quality.py).
    bench.CASE_MIN_RECALL = 0.80
    bench.CORPUS_MIN_RECALL = 0.95
    bench.CORPUS_MIN_PRECISION = 0.85
    bench.METADATA_MIN_RATE = 0.70
    bench.__doc__ = __doc__
    return bench.main(argv)


if __name__ == "__main__":
    sys.exit(main())
