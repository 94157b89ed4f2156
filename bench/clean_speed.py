"""How fast the cleaner reads scraped Markdown, on one core, beside pandoc reading the same input.

Inputs: the real-page corpus's training split (``--pages`` pages as every
scraper wrote them) when it is built, else the seed and the invented corpora's
pages through the test scrapers. The cleaner runs in this process (CPU time,
the vocabulary and weights loaded first); pandoc (``-f gfm -t gfm``, a
Markdown round trip and no cleaning at all) runs once per input, its CPU time
taken from the child's resource usage. The figure the README gives is the
cleaner's MB of input a second; the ratio says how it stands to a parser that
only reads and writes.

Usage: ``.venv/bin/python bench/clean_speed.py [--pages 60] [--no-pandoc]``
"""

from __future__ import annotations

import argparse
import resource
import shutil
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def inputs(pages: int) -> list[str]:
    from bench.corpus.store import Corpus

    corpus = Corpus()
    if corpus.exists():
        # Each converter's pages in turn, as a user's stream of pages comes: the ten writings of one
        # page in a row would share menus and footers the cleaner's memos find again (0.45 times
        # the speed more, which no one cleaning a page once would see).
        chosen = list(corpus.select("train", pages))
        return [corpus.output(s, e.id) for s in corpus.scrapers for e in chosen]
    sys.path.insert(0, str(ROOT / "tests"))
    import quality  # type: ignore[import-not-found]
    import scrapers  # type: ignore[import-not-found]

    texts = [(ROOT / "tests" / "fixtures" / "articles" / "seed" / "input.txt").read_text("utf-8")]
    for c in quality.CORPORA:
        texts += [style(c.html(case)) for case in c.cases() for style in scrapers.STYLES.values()]
    return texts


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--pages", type=int, default=60)
    parser.add_argument("--no-pandoc", action="store_true")
    args = parser.parse_args(argv)
    from exporter.cleaner import clean_text

    texts = [t for t in inputs(args.pages) if t.strip()]
    size = sum(len(t.encode("utf-8")) for t in texts) / 1e6
    clean_text("warm up: the vocabulary and the weights load once")
    started = time.process_time()
    for text in texts:
        clean_text(text)
    ours = time.process_time() - started
    print(f"{len(texts)} inputs, {size:.1f} MB")
    print(f"cleaner  {size / ours:6.2f} MB/s  ({ours:.1f} s of one core)")
    if not args.no_pandoc and shutil.which("pandoc"):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        for text in texts:
            subprocess.run(["pandoc", "-f", "gfm", "-t", "gfm"], input=text.encode(), capture_output=True, check=False)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        theirs = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
        print(f"pandoc   {size / theirs:6.2f} MB/s  ({theirs:.1f} s; gfm to gfm, no cleaning)")
        print(f"ratio    {theirs / ours:6.2f}  (pandoc's time / the cleaner's)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
