"""Held-out quality of the cleaner: every corpus page × every scraper style.

The pages in ``tests/fixtures/pages`` come from sites and scrapers the
cleaner was not written against. Each page is scraped to Markdown in every
style of ``scrapers.STYLES``, cleaned with ``exporter.clean.clean_text``,
and scored against the page's ground truth with ``quality``.

Bars:

- every case keeps at least 90% of its article's words (losing article text
  is the worst failure);
- over the whole corpus (micro-average), recall >= 0.98 and precision >= 0.95;
- title, authors and date are each right on at least 90% of cases.

The corpus self-checks at the end need no cleaner: they keep the ground
truth honest (every true block is on its page; every scraper keeps every
article word, so the recall bar is reachable).

``python bench/quality.py`` prints the same figures as a table.
"""

from __future__ import annotations

import functools
import re

import pytest
from bs4 import BeautifulSoup

try:  # tests/ as a package, or tests/ on sys.path (pytest's default)
    from . import quality, scrapers
except ImportError:
    import quality  # type: ignore[no-redef]
    import scrapers  # type: ignore[no-redef]

# The bars the cleaner is held to over the corpus.
CASE_MIN_RECALL = 0.90
CORPUS_MIN_RECALL = 0.98
CORPUS_MIN_PRECISION = 0.95
METADATA_MIN_RATE = 0.90

CASES = quality.corpus_cases()
STYLES = list(scrapers.STYLES)
PAIRS = [(case, style) for case in CASES for style in STYLES]


@functools.cache
def _truth(case: str) -> quality.Truth:
    return quality.load_truth(quality.PAGES_DIR / f"{case}.json")


@functools.cache
def _html(case: str) -> str:
    return (quality.PAGES_DIR / f"{case}.html").read_text(encoding="utf-8")


@functools.cache
def _scraped(case: str, style: str) -> str:
    return scrapers.STYLES[style](_html(case))


@functools.cache
def _score(case: str, style: str) -> quality.CaseScore:
    """Clean one scraped page and score it; a cleaner exception scores zero."""
    from exporter.clean import clean_text  # the cleaner's API contract

    try:
        article = clean_text(_scraped(case, style)).article
    except Exception as error:  # noqa: BLE001 - a crash is a scored failure
        return quality.score_failure(_truth(case), style, error)
    return quality.score_article(article, _truth(case), style)


def _all_scores() -> list[quality.CaseScore]:
    return [_score(case, style) for case, style in PAIRS]


def _describe(score: quality.CaseScore) -> str:
    return f"{score.case} [{score.style}] P={score.precision:.3f} R={score.recall:.3f}"


# --------------------------------------------------------------------------
# The cleaner


@pytest.mark.parametrize(("case", "style"), PAIRS)
def test_case_keeps_article_text(case: str, style: str) -> None:
    score = _score(case, style)
    assert not score.error, f"cleaner raised on {case} [{style}]: {score.error}"
    if score.recall < CASE_MIN_RECALL:
        from exporter.clean import clean_text

        body = clean_text(_scraped(case, style)).article.body
        missed = quality.missed_blocks(body, _truth(case))
        shown = "\n  - ".join(block[:100] for block in missed[:5])
        pytest.fail(f"{_describe(score)}: recall below {CASE_MIN_RECALL}; lost blocks:\n  - {shown}")


def test_corpus_recall() -> None:
    scores = _all_scores()
    result = quality.totals(scores)
    worst = sorted(scores, key=lambda s: s.recall)[:5]
    assert result.recall >= CORPUS_MIN_RECALL, (
        f"micro-averaged recall {result.recall:.4f} < {CORPUS_MIN_RECALL}; worst: "
        + "; ".join(_describe(s) for s in worst)
    )


def test_corpus_precision() -> None:
    scores = _all_scores()
    result = quality.totals(scores)
    worst = sorted(scores, key=lambda s: s.precision)[:5]
    bar = CORPUS_MIN_PRECISION
    assert result.precision >= bar, (
        f"micro-averaged precision {result.precision:.4f} < {bar}; worst: "
        + "; ".join(_describe(s) for s in worst)
    )


@pytest.mark.parametrize("field", ["title", "authors", "date"])
def test_corpus_metadata(field: str) -> None:
    scores = _all_scores()
    wrong = [s for s in scores if not getattr(s, f"{field}_ok")]
    rate = 1 - len(wrong) / len(scores)
    bar = METADATA_MIN_RATE
    assert rate >= bar, (
        f"{field} right on {rate:.0%} of cases (< {bar:.0%}); wrong on: "
        + ", ".join(f"{s.case} [{s.style}]" for s in wrong[:12])
    )


# --------------------------------------------------------------------------
# The corpus itself (no cleaner needed)


def _element_texts(html: str) -> set[str]:
    soup = BeautifulSoup(html, "html.parser")
    for tag in soup(["script", "style", "head", "sup"]):
        tag.decompose()
    for link in soup.find_all("a", string="↩"):
        link.decompose()
    return {re.sub(r"\s+", " ", tag.get_text()).strip() for tag in soup.find_all(True)}


def test_corpus_is_large_enough() -> None:
    assert len(CASES) >= 10
    assert {_truth(case).lang for case in CASES} >= {"en", "de", "es", "fr"}


@pytest.mark.parametrize("case", CASES)
def test_truth_is_on_the_page(case: str) -> None:
    truth = _truth(case)
    texts = _element_texts(_html(case))
    missing = [block for block in (*truth.body, *truth.optional, truth.title) if block not in texts]
    assert not missing, f"{case}: not the whole text of any element: {missing}"
    page_text = " ".join(texts)
    assert all(name in page_text for name in truth.authors)
    assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", truth.date)
    assert 250 <= sum(quality.bag(truth.body).values()) <= 650


@pytest.mark.parametrize(("case", "style"), PAIRS)
def test_scrapers_keep_every_article_word(case: str, style: str) -> None:
    markdown = _scraped(case, style)
    assert markdown == scrapers.STYLES[style](_html(case)), "scraper output is not deterministic"
    score = quality.score_body(markdown, _truth(case))
    assert score.recall == 1.0, quality.missed_blocks(markdown, _truth(case), 1.0)
    assert score.precision < 0.95, "the raw scrape is already clean: the case tests nothing"


@pytest.mark.parametrize("case", CASES)
def test_perfect_body_scores_perfectly(case: str) -> None:
    truth = _truth(case)
    score = quality.score_body("\n\n".join(truth.body), truth)
    assert (score.precision, score.recall) == (1.0, 1.0)
