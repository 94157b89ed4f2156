"""Where does the cleaner lose? Score it on a corpus and print a table.

Every page of ``tests/fixtures/pages`` (with ``--holdout``, of
``tests/fixtures/holdout``: pages the cleaner was never tuned on) is scraped
in every style of ``tests/scrapers.py``, cleaned with
``exporter.cleaner.clean_text`` and scored with ``tests/quality.py`` (the
figures ``tests/test_corpus_quality.py`` asserts on).

Usage::

    python bench/quality.py                      # table and totals
    python bench/quality.py --case recipe        # cases whose name contains "recipe"
    python bench/quality.py --style print_pdf    # one scraper style
    python bench/quality.py --detail             # lost blocks and kept chrome of failing cases
    python bench/quality.py --dump news-transit-fares clipper   # scraped input and cleaned body
    python bench/quality.py --holdout            # any of the above, over the holdout
    python bench/quality.py --holdout --dump wire-lead-pipes-bill clipper
    python bench/quality.py --corpus holdout2    # a corpus by name
    python bench/quality.py --corpus real        # the real-page corpus (bench/corpus), its own options

``--corpus real`` hands the rest of the command line to
``bench/corpus/score.py``: ``--split train|test``, ``--scraper NAME``,
``--limit N``, ``--detail`` and ``--families`` (training split only).

Exits 1 when the corpus's bars (``quality.MAIN.bars`` or
``quality.HOLDOUT.bars``, as in the test) are not met.
"""

from __future__ import annotations

import argparse
import importlib.util
import sys
from pathlib import Path
from types import ModuleType
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from tests.quality import Corpus

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def _load(name: str, path: Path) -> ModuleType:
    """Import a tests/ helper by path (tests/ is not a package)."""
    spec = importlib.util.spec_from_file_location(name, path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


quality = _load("corpus_quality", ROOT / "tests" / "quality.py")
scrapers = _load("corpus_scrapers", ROOT / "tests" / "scrapers.py")


def _mark(ok: bool) -> str:
    return "ok" if ok else "--"


def _clean(markdown: str) -> object:
    from exporter.cleaner import clean_text

    return clean_text(markdown).article


def _run(corpus: Corpus, case: str, style: str) -> tuple[object, str, object | None]:
    truth = corpus.truth(case)
    markdown = scrapers.STYLES[style](corpus.html(case))
    try:
        article = _clean(markdown)
    except ImportError:
        raise
    except Exception as error:  # noqa: BLE001 - reported as a failed case
        return quality.score_failure(truth, style, error), markdown, None
    return quality.score_article(article, truth, style), markdown, article


def _dump(corpus: Corpus, case: str, style: str) -> None:
    score, markdown, article = _run(corpus, case, style)
    print(f"===== scraped ({style}) =====")
    print(markdown)
    print("===== cleaned =====")
    if article is None:
        print(score.error)
        return
    meta = article.meta  # type: ignore[attr-defined]
    print(f"title:   {meta.title!r}")
    print(f"authors: {[a.name for a in meta.authors]!r}")
    print(f"date:    {meta.date!r}   lang: {meta.lang!r}")
    print(article.body)  # type: ignore[attr-defined]


def _detail(corpus: Corpus, case: str, score: object, article: object | None) -> None:
    truth = corpus.truth(case)
    if article is None:
        print(f"    error: {score.error}")  # type: ignore[attr-defined]
        return
    meta = article.meta  # type: ignore[attr-defined]
    body = article.body  # type: ignore[attr-defined]
    if not score.title_ok:  # type: ignore[attr-defined]
        print(f"    title:   {meta.title!r}  expected {truth.title!r}")
    if not score.authors_ok:  # type: ignore[attr-defined]
        print(f"    authors: {[a.name for a in meta.authors]!r}  expected {list(truth.authors)!r}")
    if not score.date_ok:  # type: ignore[attr-defined]
        print(f"    date:    {meta.date!r}  expected {truth.date!r}")
    for block in quality.missed_blocks(body, truth):
        print(f"    lost:  {block[:110]}")
    for line in quality.extra_lines(body, truth):
        print(f"    extra: {line[:110]}")


def _real_corpus_args(argv: list[str]) -> list[str] | None:
    """The arguments left for the real-page corpus when ``--corpus real`` is given."""
    for i, arg in enumerate(argv):
        if arg == "--corpus=real":
            return argv[:i] + argv[i + 1 :]
        if arg == "--corpus" and argv[i + 1 : i + 2] == ["real"]:
            return argv[:i] + argv[i + 2 :]
    return None


def main(argv: list[str] | None = None) -> int:
    rest = _real_corpus_args(sys.argv[1:] if argv is None else argv)
    if rest is not None:
        from bench.corpus import score as real_corpus

        return real_corpus.main(rest)
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--case", default="", help="only cases whose name contains this")
    parser.add_argument("--style", default="", help="only this scraper style")
    parser.add_argument("--detail", action="store_true", help="explain cases that miss a bar")
    parser.add_argument("--dump", nargs=2, metavar=("CASE", "STYLE"), help="print one case's input and output")
    parser.add_argument("--holdout", action="store_true", help="the holdout corpus and its bars")
    parser.add_argument(
        "--corpus",
        choices=[c.name for c in quality.CORPORA] + ["real"],
        help="a corpus by name (main, holdout, holdout2, holdout3; real: the real-page corpus)",
    )
    args = parser.parse_args(argv)
    named = {c.name: c for c in quality.CORPORA}
    corpus = named[args.corpus] if args.corpus else quality.HOLDOUT if args.holdout else quality.MAIN
    bars = corpus.bars

    if args.dump:
        _dump(corpus, *args.dump)
        return 0

    cases = [c for c in corpus.cases() if args.case in c]
    styles = [s for s in scrapers.STYLES if not args.style or s == args.style]
    if not cases or not styles:
        parser.error("no case or style matches")

    scores = []
    width = max(len(c) for c in cases)
    print(f"{'case':<{width}}  {'style':<17} {'prec':>6} {'recall':>6}  title auth  date  lang")
    for case in cases:
        for style in styles:
            score, _markdown, article = _run(corpus, case, style)
            scores.append(score)
            flag = " !" if score.recall < bars.case_recall or score.error else ""
            print(
                f"{case:<{width}}  {style:<17} {score.precision:6.3f} {score.recall:6.3f}  "
                f"{_mark(score.title_ok):>5} {_mark(score.authors_ok):>4} {_mark(score.date_ok):>5} "
                f"{_mark(score.lang_ok):>5}{flag}"
            )
            bad = (
                score.error
                or score.recall < bars.case_recall
                or score.precision < bars.precision
                or not (score.title_ok and score.authors_ok and score.date_ok)
            )
            if args.detail and bad:
                _detail(corpus, case, score, article)

    print()
    print("\n".join(quality.style_table(scores, styles, width)))
    t = quality.totals(scores)
    print(
        f"bars: recall >= {bars.recall}, precision >= {bars.precision}, "
        f"every case recall >= {bars.case_recall} (worst {t.worst_recall:.3f}), "
        f"title/authors/date >= {bars.metadata:.0%}"
    )
    passed = (
        t.recall >= bars.recall
        and t.precision >= bars.precision
        and t.worst_recall >= bars.case_recall
        and min(t.title_rate, t.authors_rate, t.date_rate) >= bars.metadata
    )
    print("PASS" if passed else "FAIL")
    return 0 if passed else 1


if __name__ == "__main__":
    sys.exit(main())
