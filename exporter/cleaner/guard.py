"""The promise never to lose the article.

The page reading may be wrong: a model can take the article for chrome, a
headline can be a related story's. After it, the prose the page had is
counted (``prose_words``: paragraphs of running text) and compared with the
prose the body kept. When the body kept less than ``GUARD_SHARE`` of it,
every paragraph of prose the page reading took out goes back where it
stood: a page with some chrome left is better than an article lost. The
warning on heavy removal (``Cleaned.warnings``) is counted the same way.

The page reading only sees prose that ends on a stop. An article whose
paragraphs' last stops are missing (a site that leaves them out, a script
whose paragraphs end without one) has no prose to it: the page reading takes
the page's one stopped paragraph, its copyright line, for the article. So
the guard also finds the longest run of such paragraphs (``text_words``:
sentences stop inside them) the reading took out; when it is longer than
what the body kept, it goes back. Only a run: teasers and comments, each
under its own headline or name, are paragraphs one at a time.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import replace

from .blocks import plain
from .chrome import is_sentence, link_share, word_count
from .features import PROSE_KINDS, PROSE_LINKS, PROSE_WORDS, is_prose_block
from .page import Block, Page, Removal

GUARD_SHARE = 0.5
"""Share of the page's prose the body must keep, else the prose taken out goes back."""
RESTORED_BY = frozenset({"find_body", "strip_body_chrome", "read_footer"})
"""Rules whose removals the guard may undo (not the headline, byline or furniture)."""

TABLE_BARS = 3
"""Cell bars past which a paragraph is a table a converter flattened, not running text."""
_INNER_STOP = re.compile(r"[.!?…][\"”’»)]*\s+[^\W\d_]|[。！？]")
"""A sentence ending inside a block, with more words after it."""


def prose_words(block: Block) -> int:
    """Words of a block that is running text; 0 for anything else."""
    return word_count(block.text) if is_prose_block(block) else 0


def text_words(block: Block) -> int:
    """Words of a block of running text, its last stop there or not: a paragraph of
    sentences (one at least ending inside it), enough words, few links."""
    if n := prose_words(block):
        return n
    if block.kind not in PROSE_KINDS or word_count(block.text) < PROSE_WORDS:
        return 0
    text = plain(block.text)
    if link_share(block.text) >= PROSE_LINKS or is_sentence(block.text) or text.count("|") >= TABLE_BARS:
        return 0
    return word_count(block.text) if _INNER_STOP.search(text) else 0


def _restore(page: Page, measure: Callable[[Block], int]) -> Page | None:
    """The page with the blocks ``measure`` counts put back, when the body kept less than
    ``GUARD_SHARE`` of them; ``None`` when it kept enough."""
    kept = sum(measure(b) for b in page.blocks)
    counted = [(r, n) for r in page.removed if r.rule in RESTORED_BY and (n := measure(Block(r.kind, r.text))) > 0]
    taken = [r for r, _ in counted]
    lost = sum(n for _, n in counted)
    if not taken or kept >= GUARD_SHARE * (kept + lost):
        return None
    return _put_back(page, taken)


def _put_back(page: Page, taken: list[Removal]) -> Page:
    back = [Block(r.kind, r.text, r.line) for r in taken]
    blocks = sorted([*page.blocks, *back], key=lambda b: b.line)
    removed = tuple(r for r in page.removed if r not in taken)
    return replace(page, blocks=tuple(blocks), removed=removed)


def _unstopped_run(page: Page) -> Page | None:
    """The page with its longest run of paragraphs of running text (``text_words``) put back,
    when the page reading took all of it out and kept less than it: the article whose last
    stops are missing, not teasers (each alone under its own headline) or comments beside it."""
    kept = sum(text_words(b) for b in page.blocks)
    # The page's blocks and its removals in the order they stood (a block only ends a run: a removal's
    # block is made only where the guard may put it back).
    order: list[tuple[int, Removal | None]] = sorted(
        [(b.line, None) for b in page.blocks] + [(r.line, r) for r in page.removed], key=lambda t: t[0]
    )
    best: list[Removal] = []
    run: list[Removal] = []
    best_words = run_words = 0  # the runs' words, summed as they grow (not again at every block)
    for _, removal in [*order, (0, None)]:
        if removal is not None and removal.rule in RESTORED_BY and (n := text_words(Block(removal.kind, removal.text))) > 0:
            run.append(removal)
            run_words += n
            continue
        if run_words > best_words:
            best, best_words = run, run_words
        run, run_words = [], 0
    if best_words <= kept:
        return None
    return _put_back(page, best)


def guard_article(page: Page) -> Page:
    """Put the prose back when the page reading kept less than half of it; else the article's
    paragraphs whose last stops are missing, when it took them all out."""
    return _restore(page, prose_words) or _unstopped_run(page) or page
