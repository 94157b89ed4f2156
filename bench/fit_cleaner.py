"""Fit the cleaner's page-level models on the real-page corpus's training split.

For every training page as every scraper wrote it, the cleaner's rules run
up to each decision, and each candidate gets its features (the cleaner's
own ``exporter/cleaner/features.py``) and a label from the page's gold:

- ``block``: a block is the article's when most of its word trigrams (or,
  for a block of one or two words, its words) stand in the gold body, or
  when it holds a ``with`` snippet; chrome when it holds a ``without``
  snippet or (full-text pages) when little of it is in the gold;
- ``title``: a candidate is right when it reads as the gold title;
- ``byline``: right when its names are the gold authors (on pages whose
  authors are visible; on pages whose known authors are not, every
  candidate is wrong);
- ``date``: right when it is the gold date (the same way).

Each model is an L2-regularized logistic regression fitted by Newton's
method in numpy: no randomness, the same file every time. The byline and
date models also get the threshold that reads most pages right (leaving a
field empty is right where the gold is not visible). Cross-validation by
site (``FOLDS`` folds) compares each fitted model with the hand rule it
replaces, on the training split only.

Usage::

    .venv/bin/python bench/fit_cleaner.py            # fit, write exporter/data/weights.json, print CV
    .venv/bin/python bench/fit_cleaner.py --cv-only  # only the comparison
    .venv/bin/python bench/fit_cleaner.py --only byline  # refit one model, keep the others
"""

from __future__ import annotations

import argparse
import hashlib
import json
import multiprocessing
import pickle
import re
import sys
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.corpus import reach  # noqa: E402
from bench.corpus.score import words as corpus_words  # noqa: E402
from bench.corpus.store import Corpus, Entry  # noqa: E402
from exporter.cleaner import Page, Settings, masthead, rules, run, title  # noqa: E402  # noqa: E402
from exporter.cleaner import features as FT  # noqa: E402
from exporter.cleaner.decide import page_context  # noqa: E402
from exporter.cleaner.vocab import load_vocab  # noqa: E402
from tests import quality  # noqa: E402

WEIGHTS = ROOT / "exporter" / "data" / "weights.json"
CACHE = ROOT / ".corpus" / "fit"
FOLDS = 5
L2 = 1.0
"""Ridge penalty on the standardized weights."""
TRIGRAM_SHARE = 0.5
"""Share of a block's word trigrams in the gold that makes it article."""
CHROME_SHARE = 0.2
"""Share under which a block of a full-text page is chrome."""

Rows = list[tuple[str, int, list[float], float]]
"""(site, group, features, label): a group is one decision (a page × scraper)."""


def _trigrams(tokens: Sequence[str]) -> set[tuple[str, ...]]:
    return {tuple(tokens[i : i + 3]) for i in range(len(tokens) - 2)}


def block_label(text: str, gold_tokens: set[tuple[str, ...]], gold_flat: str, entry: Entry) -> float | None:
    flat = reach.flat(quality.markdown_to_text(text))
    if entry.gold.body is not None:
        tokens = corpus_words(quality.markdown_to_text(text))
        if not tokens:
            return None
        if len(tokens) < 3:
            return 1.0 if f" {flat} " in f" {gold_flat} " else 0.0
        grams = _trigrams(tokens)
        share = len(grams & gold_tokens) / len(grams)
        return 1.0 if share >= TRIGRAM_SHARE else 0.0 if share < CHROME_SHARE else None
    if any(reach.contains(flat, s) for s in entry.gold.with_):
        return 1.0
    if any(reach.contains(flat, s) for s in entry.gold.without):
        return 0.0
    return None


def _upto(name: str) -> tuple:  # type: ignore[type-arg]
    chosen = rules()
    names = [r.name for r in chosen]
    return chosen[: names.index(name)]


def page_rows(args: tuple[Entry, str, str]) -> dict[str, Rows]:
    """Every model's rows for one page as one scraper wrote it."""
    entry, scraper, text = args
    vocab = load_vocab()
    out: dict[str, Rows] = {"block": [], "title": [], "byline": [], "date": []}
    group = int(hashlib.sha256(f"{entry.id}/{scraper}".encode()).hexdigest()[:8], 16)
    seen = entry.reach.get(scraper)
    try:
        page = run(Page(text=text, settings=Settings()), _upto("read_title"))
    except Exception:  # noqa: BLE001 - a page the cleaner refuses teaches nothing
        return out
    site = entry.site
    gold = entry.gold
    # Title candidates
    if gold.title and seen is not None and seen.title:
        ctx = page_context(page)
        header = page.draft.title
        for i in title._candidates(ctx):
            cand = title.headline_of(page, i, vocab)[0]  # as read_title would take it
            out["title"].append((site, group, FT.title_features(ctx, i, vocab, header), float(_same_title(cand, gold.title))))
        if header:
            cand = title.split_site_name(header, vocab)[0]
            values = FT.title_features(ctx, -1, vocab, header, is_header=True, text=header)
            out["title"].append((site, group, values, float(_same_title(cand, gold.title))))
    page = run(page, tuple(r for r in rules() if r.name == "read_title"))
    ctx = page_context(page)
    # Byline candidates
    if gold.authors and seen is not None:
        for _, names, values in masthead._byline_candidates(page, ctx, page.title_at, vocab):
            right = seen.authors and quality.same_authors(names, gold.authors)
            out["byline"].append((site, group + 1, values, float(bool(right))))
    if gold.date and seen is not None:
        for _, iso, values in masthead._date_candidates(page, ctx, page.title_at, vocab):
            right = seen.date and quality.same_date(iso, gold.date)
            out["date"].append((site, group + 2, values, float(bool(right))))
    # Blocks, as find_body sees them
    page = run(page, tuple(r for r in rules() if r.name in {"read_masthead", "read_footer"}))
    ctx = page_context(page)
    gold_text = "\n".join(gold.body) if gold.body is not None else ""
    gold_grams = _trigrams(corpus_words(gold_text)) if gold.body is not None else set()
    gold_flat = reach.flat(gold_text)
    above = False
    for i, block in enumerate(page.blocks):
        label = block_label(block.text, gold_grams, gold_flat, entry)
        values = FT.block_features(ctx, i, vocab, end_label_above=above)
        if FT.is_end_label(block.text, vocab):
            above = True
        elif ctx.prose[i]:
            above = False
        if label is not None:
            out["block"].append((site, group + 3, values, label))
    return out


def _same_title(found: str, gold: str) -> bool:
    return reach.flat(found).rstrip(" .") == reach.flat(gold).rstrip(" .")


def collect(corpus: Corpus, jobs: int) -> dict[str, Rows]:
    key = hashlib.sha256(
        b"".join(p.read_bytes() for p in sorted((ROOT / "exporter" / "cleaner").glob("*.py")))
        + (ROOT / "exporter" / "data" / "vocab.yaml").read_bytes()
    ).hexdigest()[:16]
    cached = CACHE / f"rows-{key}.pickle"
    if cached.exists():
        return pickle.loads(cached.read_bytes())  # noqa: S301 - our own cache
    work = [(e, s, corpus.output(s, e.id)) for e in corpus.select("train") for s in corpus.scrapers]
    with multiprocessing.get_context("fork").Pool(jobs) as pool:
        parts = pool.map(page_rows, work, chunksize=8)
    rows: dict[str, Rows] = {"block": [], "title": [], "byline": [], "date": []}
    for part in parts:
        for name, found in part.items():
            rows[name].extend(found)
    CACHE.mkdir(parents=True, exist_ok=True)
    cached.write_bytes(pickle.dumps(rows))
    return rows


def fit(x: np.ndarray, y: np.ndarray) -> tuple[np.ndarray, float, np.ndarray, np.ndarray]:
    """Standardized L2 logistic regression by Newton's method: (weights, bias, mean, scale)."""
    mean = x.mean(axis=0)
    scale = x.std(axis=0)
    scale[scale < 1e-9] = 1.0
    z = (x - mean) / scale
    a = np.hstack([z, np.ones((len(z), 1))])
    w = np.zeros(a.shape[1])
    penalty = np.full(a.shape[1], L2)
    penalty[-1] = 0.0
    for _ in range(30):
        p = 1 / (1 + np.exp(-np.clip(a @ w, -30, 30)))
        gradient = a.T @ (p - y) + penalty * w
        hessian = (a * (p * (1 - p))[:, None]).T @ a + np.diag(penalty + 1e-9)
        step = np.linalg.solve(hessian, gradient)
        w -= step
        if np.abs(step).max() < 1e-8:
            break
    return w[:-1], float(w[-1]), mean, scale


def _proba(model: tuple[np.ndarray, float, np.ndarray, np.ndarray], x: np.ndarray) -> np.ndarray:
    w, b, mean, scale = model
    return 1 / (1 + np.exp(-np.clip(((x - mean) / scale) @ w + b, -30, 30)))


def _fold(site: str) -> int:
    return int(hashlib.sha256(site.encode()).hexdigest()[:8], 16) % FOLDS


def choice_accuracy(rows: Rows, scores: np.ndarray, threshold: float) -> float:
    """Share of decisions read right: the best candidate if it scores ``threshold`` or more, else none;
    a decision with no right candidate is right when none is chosen."""
    groups: dict[int, list[tuple[float, float]]] = {}
    for (_, g, _, y), s in zip(rows, scores, strict=True):
        groups.setdefault(g, []).append((float(s), y))
    right = 0
    for cands in groups.values():
        best = max(cands, key=lambda c: c[0])
        if best[0] >= threshold:
            right += best[1] == 1.0
        else:
            right += not any(y == 1.0 for _, y in cands)
    return right / max(len(groups), 1)


def hand_scores(name: str, rows: Rows) -> np.ndarray:
    names = {"title": FT.TITLE, "byline": FT.BYLINE, "date": FT.DATE, "block": FT.BLOCK}[name]
    hand = {
        "title": title._hand_score,
        "byline": masthead._hand_byline,
        "date": masthead._hand_date,
        "block": _hand_block,
    }[name]
    del names
    return np.array([hand(r[2]) for r in rows])


def _hand_block(values: list[float]) -> float:
    named = dict(zip(FT.BLOCK, values, strict=True))
    return 1.0 if named["prose"] else 0.0 if named["chrome_vocab"] else 0.5


def best_threshold(rows: Rows, scores: np.ndarray) -> float:
    grid = [t / 100 for t in range(5, 96, 5)]
    return max(grid, key=lambda t: (choice_accuracy(rows, scores, t), -abs(t - 0.5)))


def cross_validate(name: str, rows: Rows) -> dict[str, float]:
    x = np.array([r[2] for r in rows])
    y = np.array([r[3] for r in rows])
    folds = np.array([_fold(r[0]) for r in rows])
    fitted_scores = np.zeros(len(rows))
    for k in range(FOLDS):
        train, test = folds != k, folds == k
        if y[train].min() == y[train].max():
            continue
        fitted_scores[test] = _proba(fit(x[train], y[train]), x[test])
    hand = hand_scores(name, rows)
    if name == "block":
        return {
            "fitted": float(((fitted_scores >= 0.5) == (y == 1)).mean()),
            "rules": float(((hand >= 0.5) == (y == 1)).mean()),
            "n": float(len(rows)),
        }
    threshold = 0.05 if name == "title" else 0.5
    hand_threshold = 0.05 if name == "title" else 0.5
    return {
        "fitted": choice_accuracy(rows, fitted_scores, threshold if name == "title" else best_threshold(rows, fitted_scores)),
        "rules": choice_accuracy(rows, hand, hand_threshold),
        "n": float(len({r[1] for r in rows})),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--cv-only", action="store_true")
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument(
        "--only", choices=("block", "title", "byline", "date"), action="append",
        help="refit only this model (repeatable); the others keep their weights",
    )
    args = parser.parse_args(argv)
    corpus = Corpus()
    rows = collect(corpus, args.jobs)
    models: dict[str, object] = {}
    names = {"block": FT.BLOCK, "title": FT.TITLE, "byline": FT.BYLINE, "date": FT.DATE}
    print("cross-validated on the training split, by site (fitted model vs the hand rule it replaces):")
    for name, found in rows.items():
        if args.only and name not in args.only:
            continue
        cv = cross_validate(name, found)
        unit = "blocks" if name == "block" else "decisions"
        print(f"  {name:7s} fitted {cv['fitted']:.3f}  rules {cv['rules']:.3f}  ({int(cv['n'])} {unit})")
        x = np.array([r[2] for r in found])
        y = np.array([r[3] for r in found])
        w, b, mean, scale = fit(x, y)
        scores = _proba((w, b, mean, scale), x)
        threshold = 0.5 if name == "block" else MIN_TITLE if name == "title" else best_threshold(found, scores)
        models[name] = {
            "features": list(names[name]),
            "weights": [round(float(v), 6) for v in w],
            "bias": round(b, 6),
            "mean": [round(float(v), 6) for v in mean],
            "scale": [round(float(v), 6) for v in scale],
            "threshold": threshold,
            "rows": len(found),
        }
    if not args.cv_only:
        if args.only:
            models = {**json.loads(WEIGHTS.read_text("utf-8"))["models"], **models}
        doc = {
            "about": "Logistic models of the cleaner's page-level decisions, fitted by bench/fit_cleaner.py "
            "on the real-page corpus's training split. Do not edit: run the script.",
            "models": models,
        }
        WEIGHTS.write_text(json.dumps(doc, indent=1, ensure_ascii=False) + "\n", "utf-8")
        print(f"wrote {WEIGHTS.relative_to(ROOT)}")
    return 0


MIN_TITLE = title.MIN_TITLE

if __name__ == "__main__":
    sys.exit(main())


__all__ = ["replace", "re"]
