"""Holdout quality of the cleaner: pages the cleaner was never tuned on.

``tests/fixtures/pages`` was looked at while the cleaner was written, so its
scores are optimistic. ``tests/fixtures/holdout`` holds ten more pages from
kinds of sites that corpus does not have (a wire story with a dateline, a
Substack post, a Medium post, a science explainer with a glossary box, a
local TV story, an op-ed, a Q&A interview, a how-to with code blocks, an
Italian and a Dutch news article), in the same format (``<case>.html`` and
``<case>.json``, see ``tests/quality.py``). Nobody tunes the cleaner by
looking at these pages: when a holdout test fails, fix the generic rule the
failure points at, and check that ``tests/test_corpus_quality.py`` agrees.

The bars are deliberately lower than the main corpus's: they catch a
collapse, not a regression of a point or two. ``python bench/holdout.py``
prints the full table, and ``python bench/holdout.py --detail`` the lost
blocks and kept chrome behind it.

- every case keeps at least 80% of its article's words;
- micro-averaged recall >= 0.95 and precision >= 0.85;
- title, authors and date each right on at least 70% of cases.

The self-checks at the end need no cleaner and keep the holdout's ground
truth honest, as in the main corpus test.
"""

from __future__ import annotations

import functools
import re
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

try:  # tests/ as a package, or tests/ on sys.path (pytest's default)
    from . import quality, scrapers
except ImportError:
    import quality  # type: ignore[no-redef]
    import scrapers  # type: ignore[no-redef]

HOLDOUT_DIR = Path(__file__).parent / "fixtures" / "holdout"
"""Where the holdout lives: ``<case>.html`` and ``<case>.json``."""

# Collapse guards, lower than the main corpus's bars.
CASE_MIN_RECALL = 0.80
CORPUS_MIN_RECALL = 0.95
CORPUS_MIN_PRECISION = 0.85
METADATA_MIN_RATE = 0.70

CASES = quality.corpus_cases(HOLDOUT_DIR)
STYLES = list(scrapers.STYLES)
PAIRS = [(case, style) for case in CASES for style in STYLES]


@functools.cache
def _truth(case: str) -> quality.Truth:
    return quality.load_truth(HOLDOUT_DIR / f"{case}.json")


@functools.cache
def _html(case: str) -> str:
    return (HOLDOUT_DIR / f"{case}.html").read_text(encoding="utf-8")


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


def _report(scores: list[quality.CaseScore]) -> str:
    """Totals by style, for the failure message of a corpus-wide bar."""
    lines = [f"{'style':<17} {'prec':>6} {'recall':>6}  title  auth  date"]
    for style in STYLES:
        t = quality.totals([s for s in scores if s.style == style])
        lines.append(
            f"{style:<17} {t.precision:6.3f} {t.recall:6.3f}  "
            f"{t.title_rate:5.0%} {t.authors_rate:5.0%} {t.date_rate:5.0%}"
        )
    t = quality.totals(scores)
    lines.append(
        f"{'TOTAL':<17} {t.precision:6.3f} {t.recall:6.3f}  "
        f"{t.title_rate:5.0%} {t.authors_rate:5.0%} {t.date_rate:5.0%}"
    )
    return "\n".join(lines)


# --------------------------------------------------------------------------
# The cleaner


@pytest.mark.parametrize(("case", "style"), PAIRS)
def test_holdout_case_keeps_article_text(case: str, style: str) -> None:
    score = _score(case, style)
    assert not score.error, f"cleaner raised on {case} [{style}]: {score.error}"
    if score.recall < CASE_MIN_RECALL:
        from exporter.clean import clean_text

        body = clean_text(_scraped(case, style)).article.body
        missed = quality.missed_blocks(body, _truth(case))
        shown = "\n  - ".join(block[:100] for block in missed[:5])
        pytest.fail(f"{_describe(score)}: recall below {CASE_MIN_RECALL}; lost blocks:\n  - {shown}")


def test_holdout_recall() -> None:
    scores = _all_scores()
    result = quality.totals(scores)
    worst = sorted(scores, key=lambda s: s.recall)[:5]
    assert result.recall >= CORPUS_MIN_RECALL, (
        f"holdout micro-averaged recall {result.recall:.4f} < {CORPUS_MIN_RECALL}; worst: "
        + "; ".join(_describe(s) for s in worst)
        + "\n"
        + _report(scores)
    )


def test_holdout_precision() -> None:
    scores = _all_scores()
    result = quality.totals(scores)
    worst = sorted(scores, key=lambda s: s.precision)[:5]
    assert result.precision >= CORPUS_MIN_PRECISION, (
        f"holdout micro-averaged precision {result.precision:.4f} < {CORPUS_MIN_PRECISION}; worst: "
        + "; ".join(_describe(s) for s in worst)
        + "\n"
        + _report(scores)
    )


@pytest.mark.parametrize("field", ["title", "authors", "date"])
def test_holdout_metadata(field: str) -> None:
    scores = _all_scores()
    wrong = [s for s in scores if not getattr(s, f"{field}_ok")]
    rate = 1 - len(wrong) / len(scores)
    assert rate >= METADATA_MIN_RATE, (
        f"{field} right on {rate:.0%} of holdout cases (< {METADATA_MIN_RATE:.0%}); wrong on: "
        + ", ".join(f"{s.case} [{s.style}]" for s in wrong[:12])
    )


# --------------------------------------------------------------------------
# The holdout itself (no cleaner needed)


def _element_texts(html: str) -> set[str]:
    soup = BeautifulSoup(html, "html.parser")
    for tag in soup(["script", "style", "head", "sup"]):
        tag.decompose()
    for link in soup.find_all("a", string="↩"):
        link.decompose()
    return {re.sub(r"\s+", " ", tag.get_text()).strip() for tag in soup.find_all(True)}


def test_holdout_is_large_and_varied() -> None:
    assert len(CASES) >= 10
    assert {_truth(case).lang for case in CASES} >= {"en", "it", "nl"}
    main_cases = set(quality.corpus_cases())
    assert not main_cases & set(CASES), "a holdout case shares its name with a main corpus case"


@pytest.mark.parametrize("case", CASES)
def test_holdout_truth_is_on_the_page(case: str) -> None:
    truth = _truth(case)
    texts = _element_texts(_html(case))
    missing = [block for block in (*truth.body, *truth.optional, truth.title) if block not in texts]
    assert not missing, f"{case}: not the whole text of any element: {missing}"
    page_text = " ".join(texts)
    assert all(name in page_text for name in truth.authors)
    assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", truth.date)
    assert 300 <= sum(quality.bag(truth.body).values()) <= 600


@pytest.mark.parametrize(("case", "style"), PAIRS)
def test_holdout_scrapers_keep_every_article_word(case: str, style: str) -> None:
    markdown = _scraped(case, style)
    assert markdown == scrapers.STYLES[style](_html(case)), "scraper output is not deterministic"
    score = quality.score_body(markdown, _truth(case))
    assert score.recall == 1.0, quality.missed_blocks(markdown, _truth(case), 1.0)
    assert score.precision < 0.95, "the raw scrape is already clean: the case tests nothing"


@pytest.mark.parametrize("case", CASES)
def test_holdout_perfect_body_scores_perfectly(case: str) -> None:
    truth = _truth(case)
    score = quality.score_body("\n\n".join(truth.body), truth)
    assert (score.precision, score.recall) == (1.0, 1.0)
