"""HTML input on the real-page corpus: trafilatura's settings, and ``exporter clean page.html``
beside trafilatura's own extraction.

For each page of a split, as ``exporter clean page.html`` reads it (a saved
page: no address given, images off, nothing fetched), the page goes through
trafilatura with each candidate setting, then through the cleaner; the body
and the metadata are scored with the corpus's own scoring
(``bench/corpus/score.py``: bag-of-words F1 on pages with the full text,
snippets kept and removed, title, authors and date right where visible),
beside trafilatura's own text and metadata (the corpus's anchor, made with
trafilatura's defaults). The metadata are scored for each way of merging
trafilatura's with the cleaner's, so that the rule in ``exporter/web/meta.py``
is the one that measures best.

Usage::

    .venv/bin/python bench/web_extraction.py                      # training split, every setting
    .venv/bin/python bench/web_extraction.py --split test --settings default   # the blind split
    .venv/bin/python bench/web_extraction.py --corpus-code ../corpus --limit 100
    .venv/bin/python bench/web_extraction.py --settings default --masthead   # what skipping it is worth
    .venv/bin/python bench/web_extraction.py --settings default --also-skip strip_body_chrome   # and another rule

``--corpus-code`` names a checkout holding ``bench/corpus/`` (and its
``.corpus/`` data) when this one does not.
"""

from __future__ import annotations

import argparse
import multiprocessing
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
SETTINGS = {
    "default": {},
    "precision": {"favor_precision": True},
    "recall": {"favor_recall": True},
    "fast": {"fast": True},
}


def _import_corpus(code: Path | None) -> Any:
    for root in ([code] if code else []) + [ROOT]:
        if (root / "bench" / "corpus" / "score.py").exists():
            # This checkout's exporter first; the other only for bench/corpus/.
            sys.path[:0] = [str(ROOT), str(root)]
            from bench.corpus import score, store  # noqa: PLC0415

            return score, store
    raise SystemExit("no bench/corpus/ here: give --corpus-code PATH (a checkout that has it)")


_RUN: dict[str, Any] = {}


def _page(entry: Any) -> list[tuple[str, str, str, Any]]:
    """(page, settings, who, Found) for one page: each merging rule, and trafilatura's raw Markdown."""
    from exporter.web.article import PAGE_DISABLED, read_page
    from exporter.web.extract import Settings, extract
    from exporter.web.meta import candidates
    from exporter.web.options import WebOptions

    score, corpus = _RUN["score"], _RUN["corpus"]
    data = corpus.page_path(entry.id).read_bytes()
    html = data.decode("utf-8")
    out = []
    empty = score.Found("", (), "", "", "")
    for name in _RUN["settings"]:
        settings = Settings(**SETTINGS[name])
        raw = extract(html, images=False, settings=settings)
        page = raw.meta if raw is not None else None
        out.append((name, "raw", score.Found(page.title, page.authors, page.date, page.lang, raw.markdown) if raw and page else empty))
        try:
            read = read_page(data, entry.id, WebOptions(images=False), settings=settings)
        except Exception as exc:  # noqa: BLE001 - a page without an article scores as empty
            print(f"{entry.id}: {type(exc).__name__}: {exc}", file=sys.stderr)
            out += [(name, rule, empty) for rule in _RUN["rules"]]
            out += [(name, "merge, masthead read", empty)] if _RUN["masthead"] else []
            out += [(name, f"merge, skipping {extra} too", empty) for extra in _RUN["also_skip"]]
            continue
        for rule, meta in candidates(read.article.meta, read.page).items():
            out.append((name, rule, score.Found(meta.title, meta.author_names, meta.date, meta.lang, read.article.body)))
        for extra in _RUN["also_skip"]:
            # More of the cleaner's rules skipped: what each would be worth.
            more = tuple(extra.split(","))
            read = read_page(data, entry.id, WebOptions(images=False), settings=settings, skipped=(*PAGE_DISABLED, *more))
            meta = candidates(read.article.meta, read.page)["merge"]
            found = score.Found(meta.title, meta.author_names, meta.date, meta.lang, read.article.body)
            out.append((name, f"merge, skipping {extra} too", found))
        if _RUN["masthead"]:
            # The cleaner's masthead reading, which pages skip, put back: what skipping it is worth.
            read = read_page(data, entry.id, WebOptions(images=False), settings=settings, skipped=())
            meta = candidates(read.article.meta, read.page)["merge"]
            found = score.Found(meta.title, meta.author_names, meta.date, meta.lang, read.article.body)
            out.append((name, "merge, masthead read", found))
    return [(entry.id, name, who, found) for name, who, found in out]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--split", choices=("train", "test"), default="train")
    parser.add_argument("--settings", action="append", choices=sorted(SETTINGS), help="only these (repeatable)")
    parser.add_argument("--limit", type=int, default=0)
    parser.add_argument("--jobs", type=int, default=max(1, min(2, multiprocessing.cpu_count())))
    parser.add_argument("--corpus-code", type=Path, help="a checkout with bench/corpus/ and its .corpus/ data")
    parser.add_argument("--masthead", action="store_true", help="also with the cleaner's masthead reading, which pages skip")
    parser.add_argument(
        "--also-skip", action="append", default=[], metavar="RULE[,RULE]",
        help="also with these cleaning rules skipped too (repeatable: one row each)",
    )
    args = parser.parse_args(argv)
    score, store = _import_corpus(args.corpus_code)
    from exporter.web.meta import RULES

    corpus = store.Corpus()
    if not corpus.exists():
        raise SystemExit(f"no corpus at {corpus.folder}: build it with bench/corpus/build.py")
    entries = list(corpus.select(args.split, args.limit))
    _RUN.update(score=score, corpus=corpus, settings=args.settings or sorted(SETTINGS), rules=RULES, masthead=args.masthead,
                also_skip=args.also_skip)
    started = time.monotonic()
    if args.jobs > 1:
        with multiprocessing.get_context("fork").Pool(args.jobs) as pool:
            results = pool.map(_page, entries, chunksize=4)
    else:
        results = [_page(entry) for entry in entries]
    by_id = {entry.id: entry for entry in entries}
    cases: dict[tuple[str, str], list[Any]] = {}
    anchor_cases = []
    for entry in entries:
        visible = corpus.output("html2text_nowrap", entry.id)
        anchor = corpus.anchor(entry.id)
        found = score.Found(
            title=str(anchor.get("title", "")),
            authors=tuple(anchor.get("authors", ())),
            date=str(anchor.get("date", "")),
            lang=str(anchor.get("lang", "")),
            body=str(anchor.get("text", "")),
        )
        anchor_cases.append(score.score_case(entry, "(html)", "trafilatura", visible, found, input_text=visible, reach_of="html2text_nowrap"))
    for page in results:
        for page_id, name, who, found in page:
            entry = by_id[page_id]
            visible = corpus.output("html2text_nowrap", page_id)
            case = score.score_case(entry, "(html)", who, visible, found, input_text=visible, reach_of="html2text_nowrap")
            cases.setdefault((name, who), []).append(case)
    rows = [("trafilatura's own (the anchor)", score.aggregate(anchor_cases))]
    rows += [(f"{name}: {who}", score.aggregate(group)) for (name, who), group in sorted(cases.items())]
    print(f"{args.split} split: {len(entries)} pages; saved pages as files, images off\n")
    header = ("who", "P", "R", "F1", "with", "w/o", "title", "auth", "date", "lang", "auth∅", "date∅")
    table = [header]
    for label, row in rows:
        table.append(
            (
                label, score._f(row.precision, 4), score._f(row.recall, 4), score._f(row.f1, 4), score._f(row.with_kept),
                score._f(row.without_removed), score._share(row.title), score._share(row.authors), score._share(row.date),
                score._share(row.lang), score._share(row.authors_left_empty), score._share(row.date_left_empty),
            )
        )
    widths = [max(len(str(r[i])) for r in table) for i in range(len(header))]
    for r in table:
        print("  ".join(str(v).ljust(w) if i == 0 else str(v).rjust(w) for i, (v, w) in enumerate(zip(r, widths))))
    counts = {label: (row.title, row.authors, row.date, row.lang) for label, row in rows}
    print("\nright/judged (title, authors, date, lang):")
    for label, pairs in counts.items():
        print(f"  {label}: " + ", ".join(f"{hit}/{total}" for hit, total in pairs))
    print(f"\n{time.monotonic() - started:.0f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())


