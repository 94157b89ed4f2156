"""The page's fitted judgements, shared by the steps that read the page.

``content`` gives each block its probability of being the article's own
(the ``block`` model over ``features.BLOCK``); where no fitted weights match
the code, a hand rule stands in (prose is article, vocabulary chrome is not,
anything else is unsure), so the cleaner works, and is compared, without
them.
"""

from __future__ import annotations

import functools

from .chrome import guess_lang, is_chrome, is_end_label
from .features import BLOCK, OWN_BLOCK, Context, context, own_features, place_features
from .model import model, squash
from .page import Block, Page
from .vocab import Vocab, load_vocab

UNSURE = 0.5
"""The hand rule's probability for a block it cannot tell."""


@functools.lru_cache(maxsize=8)
def page_lang(text: str) -> str:
    return guess_lang(text, load_vocab())


def stopwords_of(page: Page, vocab: Vocab) -> frozenset[str]:
    """The stopwords of the language most of the page's words are in (guessed once, on the parsed body)."""
    # The whole text as the key (guess_lang reads its head): the same string every time, its hash kept.
    return vocab.stopwords.get(page_lang(page.text), frozenset())


def page_context(page: Page) -> Context:
    vocab = load_vocab()
    return context(page.blocks, stopwords_of(page, vocab))


@functools.lru_cache(maxsize=1024)
def _own_score(markdown: str, kind: str, stopwords: frozenset[str]) -> tuple[float, float]:
    """The block model's score over a block's own features (``BLOCK`` up to ``OWN_BLOCK``), and its
    links' count: memoized, as each reading of the page scores its blocks again in new places."""
    fitted = model("block", BLOCK)
    assert fitted is not None
    *own, links_count_log = own_features(markdown, kind, stopwords)
    return fitted.score(fitted.bias, own), links_count_log


@functools.lru_cache(maxsize=8)
def _content(blocks: tuple[Block, ...], stopwords: frozenset[str]) -> tuple[float, ...]:
    vocab = load_vocab()
    ctx = context(blocks, stopwords)
    fitted = model("block", BLOCK)
    place = fitted.tail(OWN_BLOCK) if fitted is not None else None
    out = []
    above = False
    for i, block in enumerate(blocks):
        if place is not None:
            # fitted.probability(block_features(…)) with the block's own part of the score kept
            own, links_count_log = _own_score(block.text, block.kind, stopwords)
            out.append(squash(place.score(own, place_features(ctx, i, links_count_log, above))))
        else:
            chrome = is_chrome(block.text, vocab) or is_end_label(block.text, vocab)
            out.append(1.0 if ctx.prose[i] else 0.0 if chrome else UNSURE)
        if is_end_label(block.text, vocab):
            above = True
        elif ctx.prose[i]:
            above = False
    return tuple(out)


def content(page: Page) -> tuple[float, ...]:
    """Each block's probability of being the article's own, in order."""
    ctx = page_context(page)
    return _content(page.blocks, ctx.stopwords)
