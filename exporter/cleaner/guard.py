"""The promise never to lose the article.

The page reading may be wrong: a model can take the article for chrome, a
headline can be a related story's. After it, the prose the page had is
counted (``prose_words``: paragraphs of running text) and compared with the
prose the body kept. When the body kept less than ``GUARD_SHARE`` of it,
every paragraph of prose the page reading took out goes back where it
stood: a page with some chrome left is better than an article lost. The
warning on heavy removal (``Cleaned.warnings``) is counted the same way.
"""

from __future__ import annotations

from dataclasses import replace

from .chrome import word_count
from .features import is_prose_block
from .page import Block, Page

GUARD_SHARE = 0.5
"""Share of the page's prose the body must keep, else the prose taken out goes back."""
RESTORED_BY = frozenset({"find_body", "strip_body_chrome", "read_footer"})
"""Rules whose removals the guard may undo (not the headline, byline or furniture)."""


def prose_words(block: Block) -> int:
    """Words of a block that is running text; 0 for anything else."""
    return word_count(block.text) if is_prose_block(block) else 0


def guard_article(page: Page) -> Page:
    """Put the prose back when the page reading kept less than half of it."""
    kept = sum(prose_words(b) for b in page.blocks)
    taken = [r for r in page.removed if r.rule in RESTORED_BY and prose_words(Block(r.kind, r.text)) > 0]
    lost = sum(prose_words(Block(r.kind, r.text)) for r in taken)
    if not taken or kept >= GUARD_SHARE * (kept + lost):
        return page
    back = [Block(r.kind, r.text, r.line) for r in taken]
    blocks = sorted([*page.blocks, *back], key=lambda b: b.line)
    removed = tuple(r for r in page.removed if r not in taken)
    return replace(page, blocks=tuple(blocks), removed=removed)
