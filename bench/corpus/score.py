"""Score a cleaner on the real-page corpus: a library, and the table behind
``bench/quality.py --corpus real``.

Every page of a split, as every scraper wrote it, is cleaned and compared
with the page's gold:

- **body**: precision, recall and F1 over bags of words, on pages whose set
  gives the full article text; on pages with snippets, the share of ``with``
  snippets kept and of ``without`` snippets removed, each over the snippets
  the scraper's output holds at all;
- **metadata**: title, authors, date and language right, over the cases
  where the gold value is visible in the scraper's output (``reach``); where
  a byline or date is known but not visible, the cleaner should leave it
  empty, and the share it did is printed as ``auth∅`` and ``date∅``;
- **residue**: artifacts per page left in the body, by family (``residue.py``);
- **harm**: pages that lost more than half of the article words (or ``with``
  snippets) their input held, and pages the cleaner scored worse on than the
  input handed through untouched (F1, or the share of snippets right);
- **speed**: seconds of cleaning per MB of input.

Beside the cleaner: the **identity** floor (the input untouched; title and
date only from obvious header lines, ``Title:``, ``Published Time:``, a first
``# `` heading) and **trafilatura** run on the page's HTML (body and its own
metadata), the anchor a cleaner of scraped text works without.

As a library::

    from bench.corpus.score import score, table
    result = score(my_cleaner, split="train")   # my_cleaner: str -> Cleaned or Article
    print("\\n".join(table(result)))
"""

from __future__ import annotations

import argparse
import multiprocessing
import re
import sys
import time
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from bench.corpus import reach, residue
from bench.corpus.meta import iso_day
from bench.corpus.store import Corpus, Entry
from tests import quality

Cleaner = Callable[[str], Any]
"""A cleaner: scraped text → an object with ``.article`` (like
``exporter.cleaner.Cleaned``) or an article itself (``quality.ArticleLike``:
``.meta`` and ``.body``)."""


@dataclass(frozen=True, slots=True)
class Found:
    """What a cleaner (or the identity, or the anchor) said about one page."""

    title: str
    authors: tuple[str, ...]
    date: str
    lang: str
    body: str


def found_from(result: Any) -> Found:
    article: quality.ArticleLike = getattr(result, "article", result)
    meta = article.meta
    return Found(
        title=meta.title or "",
        authors=tuple(a.name for a in meta.authors),
        date=meta.date or "",
        lang=meta.lang or "",
        body=article.body,
    )


# --------------------------------------------------------------------------
# The floor


def identity(text: str) -> Found:
    """The input handed through: only obvious header lines give metadata."""
    title = date = ""
    for line in text.splitlines()[:40]:
        stripped = line.strip()
        if not title and stripped.startswith("Title: "):
            title = stripped[len("Title: "):].strip()
        elif not title and stripped.startswith("# "):
            title = stripped[2:].strip()
        elif not date and stripped.startswith("Published Time: "):
            date = iso_day(stripped[len("Published Time: "):])
    return Found(title=title, authors=(), date=date, lang="", body=text)


# --------------------------------------------------------------------------
# One case: a page as one scraper wrote it, cleaned by one cleaner


@dataclass(frozen=True, slots=True)
class Case:
    """The scores of one (page, scraper, cleaner)."""

    page: str
    scraper: str
    who: str
    """``cleaner``, ``identity`` or ``trafilatura``."""
    kept: int = 0
    article: int = 0
    matched: int = 0
    optional: int = 0
    input_matched: int = 0
    """Article words the input held (what the identity keeps)."""
    with_n: int = 0
    with_kept: int = 0
    without_n: int = 0
    without_removed: int = 0
    title: bool | None = None
    """Right or wrong where the gold title is visible in the input; else ``None``."""
    authors: bool | None = None
    date: bool | None = None
    lang: bool | None = None
    authors_left_empty: bool | None = None
    """Where the byline is known but not in the input: was it left empty?"""
    date_left_empty: bool | None = None
    residue: tuple[int, ...] = (0, 0, 0, 0, 0, 0)
    seconds: float = 0.0
    size: int = 0
    """Bytes of input."""
    error: str = ""
    found: Found | None = field(default=None, compare=False)

    @property
    def full(self) -> bool:
        return self.article > 0

    @property
    def precision(self) -> float:
        judged = self.kept - self.optional
        return self.matched / judged if judged else 1.0

    @property
    def recall(self) -> float:
        return self.matched / self.article if self.article else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    @property
    def snippets_right(self) -> float:
        total = self.with_n + self.without_n
        return (self.with_kept + self.without_removed) / total if total else 1.0

    @property
    def quality(self) -> float:
        """The one figure harm is judged on: F1, or the share of snippets right."""
        return self.f1 if self.full else self.snippets_right

    @property
    def lost_half(self) -> bool:
        """More than half of the article the input held is gone."""
        if self.full:
            return self.input_matched > 0 and self.matched < 0.5 * self.input_matched
        return self.with_n > 0 and self.with_kept < 0.5 * self.with_n


def truth_of(entry: Entry, headline: str = "") -> quality.Truth:
    """The page's gold as ``tests/quality.py`` reads it. A body block that is
    the headline (the gold one, or ``headline``, what the cleaner took as
    title) is optional: the headline belongs in the front matter or the body."""
    gold = entry.gold
    titles = {reach.flat(t) for t in (gold.title, headline) if t.strip()}
    body = gold.body or ()
    return quality.Truth(
        case=entry.id,
        title=gold.title,
        authors=gold.authors,
        date=gold.date,
        lang=gold.lang,
        body=tuple(b for b in body if reach.flat(b) not in titles),
        optional=tuple(b for b in body if reach.flat(b) in titles),
    )


_UNSPACED = re.compile(r"([\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\u0e00-\u0e7f])")
"""Letters of scripts written without spaces between words (Chinese, Japanese, Thai)."""


def words(text: str) -> list[str]:
    """Word tokens as ``tests/quality.py`` makes them, with each character of
    a script written without spaces a word of its own (else a Chinese
    sentence would be one word, and a space a PDF reader adds would break it)."""
    return quality.words(_UNSPACED.sub(r" \1 ", text))


def bag(texts: Iterable[str]) -> Counter[str]:
    counts: Counter[str] = Counter()
    for text in texts:
        counts.update(words(text))
    return counts


def score_body(body_markdown: str, truth: quality.Truth) -> quality.BodyScore:
    """``tests/quality.py``'s bag-of-words comparison, with :func:`words`."""
    kept = bag([quality.markdown_to_text(body_markdown)])
    article = bag(truth.body)
    matched = kept & article
    optional = (kept - article) & bag(truth.optional)
    return quality.BodyScore(
        kept=sum(kept.values()),
        article=sum(article.values()),
        matched=sum(matched.values()),
        optional=sum(optional.values()),
    )


def same_title(found: str, expected: str) -> bool:
    """The same headline, whatever Markdown marks, case, quotes and a closing
    full stop (which tags often leave out) say."""
    return reach.flat(found).rstrip(" .") == reach.flat(expected).rstrip(" .")


def score_case(
    entry: Entry,
    scraper: str,
    who: str,
    text: str,
    found: Found | None,
    seconds: float = 0.0,
    error: str = "",
    input_text: str | None = None,
    reach_of: str | None = None,
) -> Case:
    """Score what a cleaner made of one scraper's output of one page.

    ``input_text`` is what the cleaner was given (``text`` by default);
    ``reach_of`` names the scraper whose reachability applies (``scraper``
    by default; the anchor uses the whole page's).
    """
    gold = entry.gold
    source = text if input_text is None else input_text
    body = found.body if found is not None else ""
    truth = truth_of(entry, found.title if found is not None else "")
    full = gold.body is not None
    if full:
        scored = score_body(body, truth)
        kept, article, matched, optional = scored.kept, scored.article, scored.matched, scored.optional
        input_matched = score_body(source, truth).matched
    else:
        kept = article = matched = optional = input_matched = 0
    in_flat = reach.flat(source)
    out_flat = reach.flat(body)
    with_present = [s for s in gold.with_ if reach.contains(in_flat, s)]
    without_present = [s for s in gold.without if reach.contains(in_flat, s)]
    seen = entry.reach.get(reach_of or scraper)
    title = authors = date = lang = None
    authors_empty = date_empty = None
    if found is not None or error:
        f = found or Found("", (), "", "", "")
        if seen is not None and seen.title and gold.title:
            title = same_title(f.title, gold.title)
        if gold.authors and seen is not None:
            if seen.authors:
                authors = quality.same_authors(f.authors, gold.authors)
            else:
                authors_empty = not f.authors
        if gold.date and seen is not None:
            if seen.date:
                date = quality.same_date(f.date, gold.date)
            else:
                date_empty = not f.date
        if gold.lang:
            lang = quality.same_lang(f.lang, gold.lang)
    return Case(
        page=entry.id,
        scraper=scraper,
        who=who,
        kept=kept,
        article=article,
        matched=matched,
        optional=optional,
        input_matched=input_matched,
        with_n=len(with_present),
        with_kept=sum(reach.contains(out_flat, s) for s in with_present),
        without_n=len(without_present),
        without_removed=sum(not reach.contains(out_flat, s) for s in without_present),
        title=title,
        authors=authors,
        date=date,
        lang=lang,
        authors_left_empty=authors_empty,
        date_left_empty=date_empty,
        residue=residue.count(body),
        seconds=seconds,
        size=len(source.encode("utf-8")),
        error=error,
        found=found,
    )


# --------------------------------------------------------------------------
# Scoring a split


@dataclass(frozen=True, slots=True)
class Result:
    """Every case of one scoring run."""

    split: str
    scrapers: tuple[str, ...]
    pages: int
    cases: tuple[Case, ...]

    def of(self, who: str, scraper: str = "") -> list[Case]:
        return [c for c in self.cases if c.who == who and (not scraper or c.scraper == scraper)]


_RUN: dict[str, Any] = {}
"""The cleaner and corpus of the running ``score`` call, for its worker processes."""


def _page_cases(entry: Entry) -> list[Case]:
    cleaner: Cleaner = _RUN["cleaner"]
    corpus: Corpus = _RUN["corpus"]
    cases = []
    for scraper in _RUN["scrapers"]:
        text = corpus.output(scraper, entry.id)
        started = time.process_time()
        try:
            found, error = found_from(cleaner(text)), ""
        except Exception as exc:  # noqa: BLE001 - a crash is a scored failure
            found, error = None, f"{type(exc).__name__}: {exc}"[:200]
        seconds = time.process_time() - started
        cases.append(score_case(entry, scraper, "cleaner", text, found, seconds, error))
        cases.append(score_case(entry, scraper, "identity", text, identity(text)))
    anchor = corpus.anchor(entry.id)
    visible = corpus.output("html2text_nowrap", entry.id)
    trafilatura = Found(
        title=str(anchor.get("title", "")),
        authors=tuple(anchor.get("authors", ())),  # type: ignore[arg-type]
        date=str(anchor.get("date", "")),
        lang=str(anchor.get("lang", "")),
        body=str(anchor.get("text", "")),
    )
    cases.append(
        score_case(entry, "(html)", "trafilatura", visible, trafilatura, input_text=visible, reach_of="html2text_nowrap")
    )
    # Only the cleaner's own output is kept, and only when asked for.
    return [c if c.who == "cleaner" and _RUN["keep_found"] else replace(c, found=None) for c in cases]


def score(
    cleaner: Cleaner,
    corpus: Corpus | None = None,
    *,
    split: str = "train",
    scrapers: Sequence[str] = (),
    limit: int = 0,
    set_name: str = "",
    jobs: int = 1,
    keep_found: bool = False,
) -> Result:
    """Clean every page of ``split`` as every scraper wrote it and score it.

    ``cleaner`` is any ``str -> Cleaned-like`` callable. ``jobs`` > 1 scores
    pages in that many forked processes. ``keep_found`` keeps each case's
    cleaned output (for details; memory grows with it).
    """
    corpus = corpus or Corpus()
    if not corpus.exists():
        raise FileNotFoundError(f"no corpus at {corpus.folder}: run bench/corpus/build.py first")
    names = tuple(scrapers) or corpus.scrapers
    unknown = set(names) - set(corpus.scrapers)
    if unknown:
        raise ValueError(f"unknown scrapers: {', '.join(sorted(unknown))} (known: {', '.join(corpus.scrapers)})")
    entries = list(corpus.select(split, limit, set_name))
    _RUN.update(cleaner=cleaner, corpus=corpus, scrapers=names, keep_found=keep_found)
    try:
        if jobs > 1:
            with multiprocessing.get_context("fork").Pool(jobs) as pool:
                per_page = pool.map(_page_cases, entries, chunksize=4)
        else:
            per_page = [_page_cases(e) for e in entries]
    finally:
        _RUN.clear()
    cases = [c for page in per_page for c in page]
    return Result(split=split, scrapers=names, pages=len(entries), cases=tuple(cases))


# --------------------------------------------------------------------------
# Sums


@dataclass(frozen=True, slots=True)
class Row:
    """Aggregate scores of a group of cases."""

    cases: int
    precision: float | None
    recall: float | None
    f1: float | None
    with_kept: float | None
    without_removed: float | None
    title: tuple[int, int]
    authors: tuple[int, int]
    date: tuple[int, int]
    lang: tuple[int, int]
    authors_left_empty: tuple[int, int]
    date_left_empty: tuple[int, int]
    residue: tuple[float, ...]
    lost_half: int
    worse: int | None
    seconds_per_mb: float | None
    errors: int


def _rate(flags: Iterable[bool | None]) -> tuple[int, int]:
    known = [f for f in flags if f is not None]
    return sum(known), len(known)


def aggregate(cases: Sequence[Case], floor: Sequence[Case] = ()) -> Row:
    """Micro-averaged scores of ``cases``; ``floor`` (the identity's cases
    of the same pages and scrapers) for the harm count."""
    full = [c for c in cases if c.full]
    matched = sum(c.matched for c in full)
    judged = sum(c.kept - c.optional for c in full)
    article = sum(c.article for c in full)
    precision = matched / judged if judged else None
    recall = matched / article if article else None
    f1 = 2 * precision * recall / (precision + recall) if precision and recall else (0.0 if full else None)
    with_n = sum(c.with_n for c in cases)
    without_n = sum(c.without_n for c in cases)
    by_key = {(c.page, c.scraper): c for c in floor}
    worse = None
    if floor:
        worse = sum(
            1 for c in cases if (c.page, c.scraper) in by_key and c.quality < by_key[(c.page, c.scraper)].quality - 1e-9
        )
    seconds = sum(c.seconds for c in cases)
    size = sum(c.size for c in cases)
    n = len(cases) or 1
    return Row(
        cases=len(cases),
        precision=precision,
        recall=recall,
        f1=f1,
        with_kept=sum(c.with_kept for c in cases) / with_n if with_n else None,
        without_removed=sum(c.without_removed for c in cases) / without_n if without_n else None,
        title=_rate(c.title for c in cases),
        authors=_rate(c.authors for c in cases),
        date=_rate(c.date for c in cases),
        lang=_rate(c.lang for c in cases),
        authors_left_empty=_rate(c.authors_left_empty for c in cases),
        date_left_empty=_rate(c.date_left_empty for c in cases),
        residue=tuple(sum(c.residue[i] for c in cases) / n for i in range(len(residue.FAMILIES))),
        lost_half=sum(c.lost_half for c in cases),
        worse=worse,
        seconds_per_mb=seconds / (size / 1e6) if size and seconds else None,
        errors=sum(bool(c.error) for c in cases),
    )


def rows(result: Result) -> list[tuple[str, str, Row]]:
    """(scraper, who, row) for every scraper and overall, cleaner beside the floor and anchor."""
    out = []
    for scraper in result.scrapers:
        floor = result.of("identity", scraper)
        out.append((scraper, "cleaner", aggregate(result.of("cleaner", scraper), floor)))
        out.append((scraper, "identity", aggregate(floor)))
    floor = result.of("identity")
    out.append(("overall", "cleaner", aggregate(result.of("cleaner"), floor)))
    out.append(("overall", "identity", aggregate(floor)))
    out.append(("overall", "trafilatura", aggregate(result.of("trafilatura"))))
    return out


def _f(value: float | None, digits: int = 3) -> str:
    return "-" if value is None else f"{value:.{digits}f}"


def _share(pair: tuple[int, int]) -> str:
    hit, total = pair
    return f"{hit / total:.2f}" if total else "-"


QUALITY_HEADER = ("scraper", "who", "P", "R", "F1", "with", "w/o", "title", "auth", "date", "lang", "auth∅", "date∅")
HARM_HEADER = ("scraper", "who", *residue.FAMILIES, "lost>½", "worse", "s/MB", "errors")


def table(result: Result, markdown: bool = False) -> list[str]:
    """The two tables: body and metadata scores; residue, harm and speed."""
    first, second = [], []
    for scraper, who, row in rows(result):
        first.append(
            (
                scraper, who, _f(row.precision), _f(row.recall), _f(row.f1), _f(row.with_kept), _f(row.without_removed),
                _share(row.title), _share(row.authors), _share(row.date), _share(row.lang),
                _share(row.authors_left_empty), _share(row.date_left_empty),
            )
        )
        harmless = who != "cleaner"
        second.append(
            (
                scraper, who, *(f"{v:.2f}" for v in row.residue),
                "-" if harmless else str(row.lost_half), "-" if harmless or row.worse is None else str(row.worse),
                _f(row.seconds_per_mb, 2), str(row.errors),
            )
        )
    lines = [f"{result.split} split: {result.pages} pages × {len(result.scrapers)} scrapers", ""]
    lines += _layout(QUALITY_HEADER, first, markdown)
    lines += [""]
    lines += _layout(HARM_HEADER, second, markdown)
    lines += [
        "",
        (
            "P/R/F1: words of the article, on pages with its full text; with/w/o: snippets kept/removed, on pages "
            "with snippets; title…lang: right where visible in the input; auth∅/date∅: left empty where known but "
            "not visible; residue per page; lost>½ and worse: cases (page × scraper)."
        ),
    ]
    return lines


def _layout(header: Sequence[str], body: Sequence[Sequence[str]], markdown: bool) -> list[str]:
    if markdown:
        lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
        return lines + ["| " + " | ".join(r) + " |" for r in body]
    widths = [max(len(str(r[i])) for r in (header, *body)) for i in range(len(header))]
    def line(r: Sequence[str]) -> str:
        return "  ".join(str(v).ljust(w) if i < 2 else str(v).rjust(w) for i, (v, w) in enumerate(zip(r, widths)))
    return [line(header)] + [line(r) for r in body]


# --------------------------------------------------------------------------
# Why: details and failure families, on the training split only


def families(result: Result, corpus: Corpus) -> Counter[str]:
    """Count the cleaner's failures by kind (each case counted once per kind)."""
    entries = {e.id: e for e in corpus.entries}
    floor = {(c.page, c.scraper): c for c in result.of("identity")}
    found: Counter[str] = Counter()
    for case in result.of("cleaner"):
        gold = entries[case.page].gold
        base = floor[(case.page, case.scraper)]
        kinds = []
        if case.error:
            kinds.append("cleaner raised an error")
        if case.full and base.matched and case.matched < 0.1 * base.matched:
            kinds.append("article lost entirely (<10% of its words kept)")
        elif case.lost_half:
            kinds.append("more than half of the article lost")
        elif case.with_n and case.with_kept < case.with_n and not case.full:
            kinds.append("article snippet lost (some 'with' text dropped)")
        if case.scraper == "trafilatura_md" and case.quality < base.quality - 1e-9:
            kinds.append("clean input damaged (trafilatura_md worse than untouched)")
        if case.full and case.precision < 0.8 and base.precision < 0.8:
            kinds.append("chrome kept: body precision < 0.8")
        if case.without_n and case.without_removed < case.without_n:
            kinds.append("chrome kept: a 'without' snippet left in")
        for family, left, before in zip(residue.FAMILIES, case.residue, base.residue):
            if left:
                kinds.append(f"residue: {family}" + (" (added)" if left > before else ""))
        if case.title is False and case.found is not None:
            kinds.append(_title_kind(case.found.title, gold.title, gold.body or gold.with_))
        if case.authors is False and case.found is not None:
            kinds.append("byline missed (authors empty)" if not case.found.authors else "byline misread (wrong names)")
        if case.authors_left_empty is False:
            kinds.append("author guessed where none is visible")
        if case.date is False and case.found is not None:
            kinds.append("date missed (visible, left empty)" if not case.found.date else "date wrong (another date)")
        if case.date_left_empty is False:
            kinds.append("date guessed where none is visible")
        if case.lang is False:
            kinds.append("language wrong")
        found.update(set(kinds))
    return found


def _title_kind(got: str, want: str, body: Sequence[str]) -> str:
    got_flat, want_flat = reach.flat(got), reach.flat(want)
    if not got_flat or got_flat == "untitled":
        return "headline: none found"
    if got_flat in want_flat:
        return "headline: cut short"
    if want_flat in got_flat:
        return "headline: with extra words (site name, kicker, date)"
    if any(got_flat in reach.flat(b) for b in body):
        return "headline: an article line taken instead"
    return "headline: a chrome line taken instead (menu, site name, section)"


def detail(result: Result, corpus: Corpus, out: Any = sys.stdout) -> None:
    """Per-page lines of what went wrong (training split only)."""
    if result.split == "test":
        raise ValueError("the test split is scored in aggregate only")
    entries = {e.id: e for e in corpus.entries}
    for case in result.of("cleaner"):
        if case.found is None and not case.error:
            continue
        entry = entries[case.page]
        gold = entry.gold
        f = case.found or Found("", (), "", "", "")
        problems = []
        if case.error:
            problems.append(f"error: {case.error}")
        if case.full and (case.recall < 0.9 or case.precision < 0.9):
            problems.append(f"P={case.precision:.2f} R={case.recall:.2f}")
            for block in quality.missed_blocks(f.body, truth_of(entry, f.title))[:5]:
                problems.append(f"  lost:  {block[:110]}")
            for line in quality.extra_lines(f.body, truth_of(entry, f.title))[:5]:
                problems.append(f"  extra: {line[:110]}")
        out_flat = reach.flat(f.body)
        text_flat = reach.flat(corpus.output(case.scraper, case.page))
        for s in gold.with_:
            if reach.contains(text_flat, s) and not reach.contains(out_flat, s):
                problems.append(f"  lost snippet: {s[:100]}")
        for s in gold.without:
            if reach.contains(out_flat, s):
                problems.append(f"  kept snippet: {s[:100]}")
        if case.title is False:
            problems.append(f"title {f.title[:80]!r} expected {gold.title[:80]!r}")
        if case.authors is False or case.authors_left_empty is False:
            problems.append(f"authors {list(f.authors)!r} expected {list(gold.authors) if case.authors is not None else []!r}")
        if case.date is False or case.date_left_empty is False:
            problems.append(f"date {f.date!r} expected {gold.date if case.date is not None else ''!r}")
        if case.lang is False:
            problems.append(f"lang {f.lang!r} expected {gold.lang!r}")
        for family, n in zip(residue.FAMILIES, case.residue):
            if n:
                problems.append(f"  residue {family}: {n}")
        if problems:
            print(f"{case.page} [{case.scraper}]", file=out)
            for p in problems:
                print(f"    {p}", file=out)


# --------------------------------------------------------------------------


def clean_with_exporter(text: str) -> Any:
    """The current cleaner (``exporter.cleaner.clean_text``)."""
    from exporter.cleaner import clean_text

    return clean_text(text)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="bench/quality.py --corpus real", description="Score the cleaner on the real-page corpus."
    )
    parser.add_argument("--split", choices=("train", "test"), default="train")
    parser.add_argument("--scraper", action="append", default=[], help="only this scraper (repeatable)")
    parser.add_argument("--limit", type=int, default=0, help="only the first N pages of the split")
    parser.add_argument("--set", default="", help="only pages of this evaluation set")
    parser.add_argument("--detail", action="store_true", help="per-page failures (train split only)")
    parser.add_argument("--families", action="store_true", help="count failures by kind (train split only)")
    parser.add_argument("--dump", nargs=2, metavar=("PAGE", "SCRAPER"), help="one page's input and cleaned output (train only)")
    parser.add_argument("--markdown", action="store_true", help="tables as Markdown")
    parser.add_argument("--jobs", type=int, default=max(1, min(2, multiprocessing.cpu_count())))
    args = parser.parse_args(argv)
    corpus = Corpus()
    if not corpus.exists():
        print(f"no corpus at {corpus.folder}: run .venv/bin/python bench/corpus/build.py first", file=sys.stderr)
        return 2
    if args.split == "test" and (args.detail or args.families or args.dump):
        parser.error("the test split is blind: only its aggregate score is printed")
    if args.dump:
        page, scraper = args.dump
        entry = next((e for e in corpus.entries if e.id == page), None)
        if entry is None or entry.split != "train":
            parser.error(f"{page}: no such page in the training split")
        text = corpus.output(scraper, page)
        f = found_from(clean_with_exporter(text))
        print(f"===== {scraper} =====\n{text}\n===== cleaned =====")
        print(f"title: {f.title!r}\nauthors: {list(f.authors)!r}\ndate: {f.date!r}  lang: {f.lang!r}\n\n{f.body}")
        print(f"===== gold =====\n{entry.gold}")
        return 0
    started = time.monotonic()
    result = score(
        clean_with_exporter,
        corpus,
        split=args.split,
        scrapers=args.scraper,
        limit=args.limit,
        set_name=args.set,
        jobs=args.jobs,
        keep_found=args.detail or args.families,
    )
    if args.detail:
        detail(result, corpus)
        print()
    print("\n".join(table(result, args.markdown)))
    if args.families:
        print("\nfailure families (cases: page × scraper):")
        for kind, n in families(result, corpus).most_common():
            print(f"  {n:6d}  {kind}")
    print(f"\nscored in {time.monotonic() - started:.0f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
