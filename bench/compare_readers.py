"""Libraries against our own tables, on the real-page corpus's training split.

- **Language**: ``py3langid`` (its model ships inside the package) against
  the stopword lists of ``exporter/data/vocab.yaml`` (``chrome.guess_lang``),
  on the article's own text (trafilatura's Markdown of each page): right
  where the gold language is known, and the time each takes.
- **Dates**: ``dateparser`` and Babel's ``parse_date`` against our month
  tables (``dates.find_date``), on the lines around each page's gold date
  as the html2text scraper prints them: how often each reads the gold date
  from the line that holds it, how often it reads another date from a line
  that holds none of it, and its time per line.

Usage: ``.venv/bin/python bench/compare_readers.py [--limit N]``
"""

from __future__ import annotations

import argparse
import re
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.corpus.store import Corpus  # noqa: E402
from exporter.cleaner.chrome import guess_lang  # noqa: E402
from exporter.cleaner.dates import find_date  # noqa: E402
from exporter.cleaner.vocab import load_vocab  # noqa: E402

_DIGITS = re.compile(r"\d")


def _lang(corpus: Corpus, limit: int) -> None:
    import py3langid

    vocab = load_vocab()
    pages = [e for e in corpus.select("train", limit) if e.gold.lang]
    results = {"stopwords": [0, 0.0], "py3langid": [0, 0.0]}
    for entry in pages:
        text = corpus.output("trafilatura_md", entry.id)[:20000]
        gold = entry.gold.lang.split("-")[0].lower()
        started = time.process_time()
        ours = guess_lang(text, vocab)
        results["stopwords"][1] += time.process_time() - started
        results["stopwords"][0] += ours.split("-")[0] == gold
        started = time.process_time()
        theirs = py3langid.classify(text)[0]
        results["py3langid"][1] += time.process_time() - started
        results["py3langid"][0] += theirs == gold
    print(f"language, {len(pages)} training pages with a known language (trafilatura's Markdown of each):")
    for name, (right, seconds) in results.items():
        print(f"  {name:10s} right {right / len(pages):.3f}   {1000 * seconds / len(pages):.2f} ms a page")


def _date_lines(text: str, iso: str) -> tuple[list[str], list[str]]:
    """Lines that print the gold date (its year and day digits), and short lines with digits that do not."""
    year, month, day = iso.split("-")
    holding, other = [], []
    for line in text.split("\n"):
        line = line.strip()
        if not line or len(line) > 200 or not _DIGITS.search(line):
            continue
        if year in line and (day.lstrip("0") in line):
            holding.append(line)
        elif len(other) < 5:
            other.append(line)
    return holding[:3], other


def _dates(corpus: Corpus, limit: int) -> None:
    import dateparser.search
    from babel.dates import parse_date

    vocab = load_vocab()

    def ours(line: str, lang: str) -> str:
        hit = find_date(line, vocab)
        return hit[0] if hit else ""

    def theirs(line: str, lang: str) -> str:
        try:
            found = dateparser.search.search_dates(line, languages=[lang] if lang else None)
        except ValueError:  # a language dateparser does not know: without the hint
            found = dateparser.search.search_dates(line)
        return found[0][1].date().isoformat() if found else ""

    def babel(line: str, lang: str) -> str:
        try:
            return parse_date(line, locale=lang or "en").isoformat()
        except Exception:  # noqa: BLE001 - Babel raises several kinds on text that is no date
            return ""

    readers = {"month tables": ours, "dateparser": theirs, "babel": babel}
    score = {name: [0, 0, 0.0] for name in readers}
    holding_n = other_n = 0
    for entry in corpus.select("train", limit):
        if not re.fullmatch(r"\d{4}-\d\d-\d\d", entry.gold.date):
            continue
        lang = entry.gold.lang.split("-")[0].lower()
        holding, other = _date_lines(corpus.output("html2text_nowrap", entry.id), entry.gold.date)
        holding_n += len(holding)
        other_n += len(other)
        for name, read in readers.items():
            started = time.process_time()
            score[name][0] += sum(read(line, lang) == entry.gold.date for line in holding)
            score[name][1] += sum(bool(read(line, lang)) for line in other)
            score[name][2] += time.process_time() - started
    print(f"dates, {holding_n} lines printing the gold date, {other_n} other short lines with digits:")
    for name, (right, spurious, seconds) in score.items():
        print(
            f"  {name:12s} gold read {right / max(holding_n, 1):.3f}   a date read from the other lines "
            f"{spurious / max(other_n, 1):.3f}   {1000 * seconds / max(holding_n + other_n, 1):.2f} ms a line"
        )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--limit", type=int, default=0)
    args = parser.parse_args(argv)
    corpus = Corpus()
    _lang(corpus, args.limit)
    _dates(corpus, args.limit)
    return 0


if __name__ == "__main__":
    sys.exit(main())
