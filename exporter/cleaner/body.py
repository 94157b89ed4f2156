"""Step 3 of the page reading: where the article starts and ends, and the chrome inside it.

Each block has its probability of being the article's own (``decide.content``).

- **Start.** The header zone ends at the first paragraph of prose after the
  headline and byline; what stands before it leaves unless the model is
  sure it is article (``KEEP_BEFORE``: a lead set as a list, a first
  subheading), or it is prose the model keeps (``KEEP``: the lead above a
  headline taken too late).
- **End.** The article ends with its last block the model keeps
  (``KEEP``); an end label ("Related", "Comments") ends it only when no
  substantial prose follows, since everything up to the last kept block
  stays. After it, end matter is read (``endmatter.py``) and the rest leaves.
- **Inside.** A block leaves only when the model calls it chrome
  (under ``DROP_INSIDE``) and it is no long prose: a paragraph of running
  text stays unless it is chrome for certain (a cookie or newsletter box).

Input that is already clean (almost no block the model calls chrome:
``CLEAN_SHARE``) is not cut at all. When unsure, keep: the thresholds sit low, and ``guard.py`` puts prose
back when too much of it went.
"""

from __future__ import annotations

from dataclasses import replace

from .chrome import is_chrome, is_cookie_notice, is_promo, is_separator, word_count
from .decide import content, page_context
from .page import Block, Page
from .parse import is_kept_picture
from .vocab import load_vocab

KEEP = 0.5
"""Probability at which a block after the header counts as the article's (it sets the end)."""
KEEP_BEFORE = 0.8
"""Probability a block of the header zone needs to stay."""
DROP_INSIDE = 0.2
"""Probability under which a block inside the article leaves."""
CLEAN_SHARE = 0.1
"""Share of blocks the model calls chrome (under ``DROP_INSIDE``) under which the input is
already clean (a reader's or extractor's output): nothing is cut but chrome for certain."""
LONG_PROSE = 40
"""Words of running text that stay inside the article unless certainly chrome."""


def _start(page: Page) -> int:
    """The first prose block after the headline; without prose, the headline's place (nothing is header)."""
    ctx = page_context(page)
    after = page.title_at if page.title_at >= 0 else 0
    return next((i for i in range(after, len(page.blocks)) if ctx.prose[i]), min(ctx.first_prose, after))


def already_clean(page: Page) -> bool:
    """Whether the page is one whose every block reads as the article's (clean input):
    almost none the model calls chrome."""
    p = content(page)
    return sum(1 for q in p if q < DROP_INSIDE) < CLEAN_SHARE * len(p)


def find_body(page: Page) -> Page:
    """Cut the header zone and what follows the article's last block."""
    if page.given or not page.blocks or page_context(page).last_prose < 0:
        return page  # no running text to place the article by: nothing is cut
    if already_clean(page):
        return replace(page, clean_input=True)
    p = content(page)
    ctx = page_context(page)
    start = min(_start(page), len(page.blocks))
    kept = [i for i in range(start, len(page.blocks)) if p[i] >= KEEP]
    end = max(kept) if kept else len(page.blocks) - 1
    keep: list[Block] = []
    dropped: list[tuple[str, Block]] = []
    for i, block in enumerate(page.blocks):
        if is_kept_picture(block):
            keep.append(block)  # the article's own pictures stay where they stand
        elif i < start and p[i] < (KEEP if ctx.prose[i] else KEEP_BEFORE):
            dropped.append(("header chrome", block))
        elif i > end:
            dropped.append(("after the article", block))
        else:
            keep.append(block)
    return page.drop("find_body", keep, dropped)


def drop_body_chrome(page: Page) -> Page:
    """Inside the article, drop blocks the model calls chrome, and chrome for certain."""
    vocab = load_vocab()
    sure = page.given or page.clean_input or page_context(page).last_prose < 0
    p = content(page) if not sure else tuple(1.0 for _ in page.blocks)
    keep: list[Block] = []
    dropped: list[tuple[str, Block]] = []
    for i, block in enumerate(page.blocks):
        text = block.text
        if block.kind == "code" or is_kept_picture(block):
            keep.append(block)
            continue
        if block.kind == "break" or is_separator(text):
            if keep and keep[-1].kind != "break":
                keep.append(Block("break", "* * *", block.line))
            continue
        long_prose = word_count(text) >= LONG_PROSE and block.kind in {"paragraph", "quote"}
        certain = is_chrome(text, vocab) and (not long_prose or is_cookie_notice(text, vocab) or is_promo(text, vocab))
        if certain:
            dropped.append(("chrome", block))
        elif p[i] < DROP_INSIDE and not long_prose and block.kind != "image":
            dropped.append(("chrome (scored)", block))
        else:
            keep.append(block)
    while keep and keep[-1].kind == "break":
        keep.pop()
    while keep and keep[0].kind == "break":
        keep.pop(0)
    return page.drop("strip_body_chrome", keep, dropped)
