"""Features of blocks and candidates, the numbers the fitted models read.

Every feature is a named number computed from a block's text, its kind,
its place in the page and its neighbours; the names are listed once per
model (``BLOCK``, ``TITLE``, ``BYLINE``, ``DATE``) and stored beside the
weights, so the fitting script and the cleaner read the same columns.

The page context (:class:`Context`) is computed once per list of blocks:
which blocks are prose (sentences, enough words, few links), where the
first and last prose stand, each block's link share and word count.
"""

from __future__ import annotations

import bisect
import functools
import math
import re
import unicodedata
import urllib.parse
from dataclasses import dataclass

from .blocks import plain
from .chrome import (
    byline_names,
    date_line,
    is_chrome,
    is_cookie_notice,
    is_end_label,
    is_sentence,
    label_of,
    link_share,
    plain_words,
    word_count,
    words,
)
from .links import LINK, links_of
from .page import Block
from .vocab import Vocab, load_vocab

PROSE_WORDS = 15
"""Words a paragraph of sentences needs to count as prose in the page context."""
PROSE_LINKS = 0.5
"""Link share under which such a paragraph is prose, not a list of teasers."""
WINDOW = 2
"""Blocks either side that make a block's neighbourhood."""
NEAR = 3
"""Blocks at most between a byline or date and what it stands near."""

_CAPITALIZED = re.compile(r"^[^\W\d_]")


PROSE_KINDS = frozenset({"paragraph", "quote"})
"""Kinds of block that can be running text."""


def is_prose_block(block: Block) -> bool:
    """A paragraph or quote of running text: sentences, enough words, few links. One may end in a
    colon: its sentence goes on in the quote or list under it."""
    return (
        block.kind in PROSE_KINDS
        and word_count(block.text) >= PROSE_WORDS
        and (is_sentence(block.text) or block.text.rstrip(" *_").endswith(":"))
        and link_share(block.text) < PROSE_LINKS
    )


@dataclass(frozen=True, slots=True)
class Context:
    """What every feature of one page may look at."""

    blocks: tuple[Block, ...]
    prose: tuple[bool, ...]
    prose_at: tuple[int, ...]
    """Indices of the prose blocks, in order."""
    words: tuple[int, ...]
    links: tuple[float, ...]
    h1s: tuple[int, ...]
    """Indices of the level-1 headings."""
    flats: tuple[str, ...]
    """Each block's words, lower case, for comparing lines."""
    first_prose: int
    """Index of the first prose block (len(blocks) if none)."""
    last_prose: int
    """Index of the last prose block (-1 if none)."""
    stopwords: frozenset[str]


@functools.lru_cache(maxsize=2048)
def _facts(text: str, kind: str) -> tuple[bool, int, float, str]:
    """What the page context holds of a block: whether it is prose, its words, link share and flattened
    words. One memo for the four, as every reading of the page asks for all of them again."""
    return is_prose_block(Block(kind, text)), word_count(text), link_share(text), _flat(plain(text)) if len(text) < 400 else ""


@functools.lru_cache(maxsize=8)
def context(blocks: tuple[Block, ...], stopwords: frozenset[str]) -> Context:
    prose, counts, links, flats = zip(*(_facts(b.text, b.kind) for b in blocks)) if blocks else ((), (), (), ())
    prose_at = tuple(i for i, p in enumerate(prose) if p)
    # A consent banner over the page is sentences, but the article's text starts after it.
    vocab = load_vocab()
    opening = next((i for i in prose_at if not is_cookie_notice(blocks[i].text, vocab)), len(blocks))
    return Context(
        blocks=blocks,
        prose=prose,
        prose_at=prose_at,
        words=counts,
        links=links,
        h1s=tuple(j for j, b in enumerate(blocks) if b.kind == "heading" and b.level == 1),
        flats=flats,
        first_prose=opening,
        last_prose=prose_at[-1] if prose_at else -1,
        stopwords=stopwords,
    )


@functools.lru_cache(maxsize=1024)
def _shares(text: str, stopwords: frozenset[str]) -> tuple[float, float, float]:
    """Stopword, capitalized and digit shares of a text's words."""
    tokens = plain_words(text)
    if not tokens:
        return 0.0, 0.0, 0.0
    stop = caps = digits = 0  # one pass over the words for the three counts
    for t in tokens:
        if t.lower() in stopwords:
            stop += 1
        first = t[:1]
        if first.isupper() and _CAPITALIZED.match(t):
            caps += 1
        if first.isdigit():
            digits += 1
    n = len(tokens)
    return stop / n, caps / n, digits / n


BLOCK = (
    "words_log", "long", "sentence", "link_share", "heading", "list", "quote", "table", "code", "html", "image",
    "chrome_vocab", "end_label", "byline", "date_line", "stopword_share", "capitalized_share", "digit_share",
    "comma_rate", "upper", "position", "before_first_prose", "after_last_prose", "prose", "prev_prose", "next_prose",
    "prev_link", "next_link", "window_prose", "prose_distance", "links_count_log", "end_label_above",
)
"""Features of a block for the article-or-chrome model."""


@functools.lru_cache(maxsize=8192)
def vocabulary_hits(text: str) -> tuple[bool, bool, bool, bool]:
    """Whether a block's text is chrome, an end label, a byline, a date line (by the vocabulary)."""
    vocab = load_vocab()
    return (
        is_chrome(text, vocab),
        is_end_label(text, vocab),
        byline_names(text, vocab) is not None,
        date_line(text, vocab) is not None,
    )


@functools.lru_cache(maxsize=1024)
def own_features(markdown: str, kind: str, stopwords: frozenset[str]) -> tuple[float, ...]:
    """The block features that depend on the block alone, in ``BLOCK``'s order, then its links' count:
    memoized, as every page reading asks for them again (and a site's chrome recurs)."""
    chrome, end_label, byline, dated = vocabulary_hits(markdown)
    text = plain(markdown)
    n = word_count(markdown)
    stop, caps, digits = _shares(text[:2000], stopwords)
    return (
        math.log1p(n),
        float(n >= 25),
        float(is_sentence(markdown)),
        link_share(markdown),
        float(kind == "heading"),
        float(kind == "list"),
        float(kind == "quote"),
        float(kind == "table"),
        float(kind == "code"),
        float(kind == "html"),
        float(kind == "image"),
        float(chrome),
        float(end_label),
        float(byline),
        float(dated),
        stop,
        caps,
        digits,
        min(text.count(",") / max(n, 1), 1.0),
        float(text.isupper()),
        math.log1p(len(links_of(markdown))),
    )


OWN_BLOCK = BLOCK.index("position")
"""``BLOCK``'s features before this one depend on the block alone; those from it on, on its place."""


def block_features(ctx: Context, i: int, vocab: Vocab, end_label_above: bool = False) -> list[float]:
    block = ctx.blocks[i]
    *own, links_count_log = own_features(block.text, block.kind, ctx.stopwords)
    return [*own, *place_features(ctx, i, links_count_log, end_label_above)]


def place_features(ctx: Context, i: int, links_count_log: float, end_label_above: bool) -> list[float]:
    """``BLOCK``'s features from ``OWN_BLOCK`` on: block ``i``'s place and neighbours (and its links' count)."""
    count = len(ctx.blocks)
    words, prose = ctx.words, ctx.prose
    # The neighbours' words, and those of the prose among them: two sums of ints in one loop.
    window_words = prose_words = 0
    for j in range(max(0, i - WINDOW), min(count, i + WINDOW + 1)):
        if j != i:
            window_words += words[j]
            if prose[j]:
                prose_words += words[j]
    distance = _distance(ctx.prose_at, i, count)
    return [
        i / max(count - 1, 1),
        float(i < ctx.first_prose),
        float(i > ctx.last_prose),
        float(prose[i]),
        float(i > 0 and prose[i - 1]),
        float(i + 1 < count and prose[i + 1]),
        ctx.links[i - 1] if i > 0 else 0.0,
        ctx.links[i + 1] if i + 1 < count else 0.0,
        prose_words / (window_words or 1),
        min(distance, 10) / 10,
        links_count_log,
        float(end_label_above),
    ]


def _distance(positions: tuple[int, ...], i: int, default: int) -> int:
    """Distance from ``i`` to the nearest of the sorted ``positions`` (``default`` if none):
    only the two either side of ``i`` can be nearest."""
    if not positions:
        return default
    at = bisect.bisect_left(positions, i)
    if at == len(positions):
        return i - positions[-1]
    return positions[at] - i if at == 0 else min(positions[at] - i, i - positions[at - 1])


TITLE = (
    "h1", "h2", "h3", "paragraph", "words_log", "words_fit", "ends_stop", "link_share", "upper", "chrome_vocab",
    "before_first_prose", "blocks_to_prose", "first_h1", "lone_h1", "byline_below", "date_below", "byline_above",
    "in_header_title", "is_header_title", "header_title_known", "after_first_prose", "echoed", "index_log",
    "caps_share", "label_like", "own_byline", "own_date", "bars", "slug_match", "lead_overlap",
)
"""Features of a headline candidate."""

SLUG_WORDS = 3
"""Words an address's last part needs to be a slug (``/2020/04/plan-approved-what-it-means``)."""
_SCHEME_HOST = re.compile(r"^[a-z][a-z0-9+.-]*:(?://[^/]*)?", re.IGNORECASE)
_SLUG_SPLIT = re.compile(r"[-_+.,~\s]+")
# A menu's or a breadcrumb's separators between a line's parts.
_BARS = re.compile(r"\s(?:\||»|›|>|::)\s|\s[»›]$")


def _folded(text: str) -> str:
    """Lower case without accents: how a slug spells a headline's words."""
    if text.isascii():
        return text.lower()  # no accent to take off, and no character that decomposes
    return "".join(ch for ch in unicodedata.normalize("NFKD", text.lower()) if not unicodedata.combining(ch))


@functools.lru_cache(maxsize=4096)
def address_slug(url: str) -> frozenset[str]:
    """The words of an address's last part when it is a slug of ``SLUG_WORDS`` words or more
    (a page's address spells its headline: share buttons and printed links repeat it)."""
    path = _SCHEME_HOST.sub("", urllib.parse.unquote(url.strip("<>").split("?")[0].split("#")[0]))
    last = next((part for part in reversed(path.split("/")) if part), "")
    last = re.sub(r"\.[A-Za-z]{2,5}$", "", last)
    tokens = [t for t in _SLUG_SPLIT.split(_folded(last)) if t and not t.isdigit()]
    return frozenset(tokens) if sum(t.isalpha() for t in tokens) >= SLUG_WORDS else frozenset()


@dataclass(frozen=True, slots=True)
class _Slugs:
    """The slugs of a page's links: each one's block and word count, and which slugs hold a word."""

    blocks: tuple[int, ...]
    sizes: tuple[int, ...]
    holding: dict[str, tuple[int, ...]]


@functools.lru_cache(maxsize=8)
def page_slugs(blocks: tuple[Block, ...]) -> _Slugs:
    at: list[int] = []
    sizes: list[int] = []
    holding: dict[str, list[int]] = {}
    for i, block in enumerate(blocks):
        if "](" not in block.text:
            continue
        for m in links_of(block.text):
            if slug := address_slug(m.group("url")):
                for word in slug:
                    holding.setdefault(word, []).append(len(at))
                at.append(i)
                sizes.append(len(slug))
    return _Slugs(tuple(at), tuple(sizes), {w: tuple(ids) for w, ids in holding.items()})


def slug_match(slugs: _Slugs, i: int, text: str) -> float:
    """How well ``text`` (block ``i``'s, or the header's with ``i`` -1) spells a slug of a link
    elsewhere on the page: twice the words shared over both counts, the best slug's."""
    own = frozenset(_FLAT.sub(" ", _folded(text)).split())
    shared: dict[int, int] = {}
    for word in own:
        for k in slugs.holding.get(word, ()):
            shared[k] = shared.get(k, 0) + 1
    return max(
        (2 * n / (len(own) + slugs.sizes[k]) for k, n in shared.items() if slugs.blocks[k] != i), default=0.0
    )


LEAD_BLOCKS = 2
"""Prose blocks under a headline candidate whose words it is compared with."""


@functools.lru_cache(maxsize=4096)
def _content_words(text: str, stopwords: frozenset[str]) -> frozenset[str]:
    """A text's words, lower case without accents, common words and short ones aside."""
    return frozenset(w for w in _FLAT.sub(" ", _folded(text)).split() if len(w) > 2 and w not in stopwords)


def lead_overlap(ctx: Context, i: int, text: str) -> float:
    """Share of ``text``'s words (block ``i``'s, or the header's with ``i`` -1) that the first
    prose under it says again: a headline's words come back in its lead, a menu's do not."""
    own = _content_words(text, ctx.stopwords)
    at = bisect.bisect_right(ctx.prose_at, i)
    lead = ctx.prose_at[at : at + LEAD_BLOCKS]
    if not own or not lead:
        return 0.0
    said = frozenset().union(*(_content_words(plain(ctx.blocks[j].text), ctx.stopwords) for j in lead))
    return len(own & said) / len(own)


def title_features(
    ctx: Context,
    i: int,
    vocab: Vocab,
    header_title: str,
    *,
    is_header: bool = False,
    text: str = "",
    slugs: _Slugs | None = None,
) -> list[float]:
    """Features of block ``i`` (or, with ``is_header``, of the header's own title ``text``) as the headline;
    ``slugs``, the page's (``page_slugs``), looked up once for all its candidates by the caller."""
    if slugs is None:
        slugs = page_slugs(ctx.blocks)
    if is_header:
        n = len(words(text))
        return [
            0.0, 0.0, 0.0, 0.0, math.log1p(n), float(3 <= n <= 25), float(text.rstrip().endswith(".")), 0.0,
            float(text.isupper()), 0.0, 1.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 1.0, 1.0, 1.0, 0.0, 0.0, 0.0,
            _shares(text, ctx.stopwords)[1], 0.0, 0.0, 0.0, float(_BARS.search(text) is not None),
            slug_match(slugs, -1, text), lead_overlap(ctx, -1, text),
        ]
    block = ctx.blocks[i]
    text = plain(block.text)
    n = ctx.words[i]
    h1s = ctx.h1s
    below = ctx.blocks[i + 1 : i + 1 + NEAR]
    above = ctx.blocks[max(0, i - NEAR) : i]
    flat = ctx.flats[i]
    header_flat = _flat(header_title)
    echoed = ctx.flats.count(flat) - 1 if flat else 0  # the other blocks of the same words
    hits = vocabulary_hits(block.text)
    return [
        float(block.kind == "heading" and block.level == 1),
        float(block.kind == "heading" and block.level == 2),
        float(block.kind == "heading" and block.level >= 3),
        float(block.kind == "paragraph"),
        math.log1p(n),
        float(3 <= n <= 25),
        float(text.rstrip().endswith(".")),
        ctx.links[i],
        float(text.isupper()),
        float(hits[0]),
        float(i < ctx.first_prose),
        min(abs(ctx.first_prose - i), 20) / 20,
        float(bool(h1s) and h1s[0] == i),
        float(h1s == (i,)),
        float(any(vocabulary_hits(b.text)[2] for b in below)),
        float(any(vocabulary_hits(b.text)[3] for b in below)),
        float(any(vocabulary_hits(b.text)[2] for b in above)),
        float(bool(flat) and bool(header_flat) and flat in header_flat),
        0.0,
        float(bool(header_flat)),
        float(i > ctx.first_prose),
        float(echoed > 0),
        math.log1p(i),
        _shares(text, ctx.stopwords)[1],
        float(n <= 3 and not is_sentence(block.text)),
        float(hits[2]),
        float(hits[3]),
        float(_BARS.search(text) is not None),
        slug_match(slugs, i, text),
        lead_overlap(ctx, i, text),
    ]


BYLINE = (
    "by_prefix", "bare_names", "meta_line", "linked", "by_near_title", "name_words", "before_first_prose",
    "after_last_prose", "title_distance", "date_near", "index_log", "list", "heading", "chrome_vocab", "header",
    "block_words_log", "end_label_above", "in_about_box", "lone_name",
)
"""Features of a byline candidate (a block and the names read from it)."""


def byline_features(
    ctx: Context,
    i: int,
    names: tuple[str, ...],
    how: str,
    title_at: int,
    vocab: Vocab,
    *,
    end_label_above: bool = False,
    in_about: bool = False,
) -> list[float]:
    """``how``: ``by`` (a byline word), ``bare`` (names alone), ``meta`` (a line of names and dates),
    ``lone`` (a line that is one name and nothing else, away from the headline), ``header``."""
    if how == "header":
        return [0.0, 0.0, 0.0, 0.0, 0.0, _name_words(names), 1.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 1.0,
                0.0, 0.0, 0.0, 0.0]
    block = ctx.blocks[i]
    dates = any(vocabulary_hits(b.text)[3] for b in ctx.blocks[max(0, i - NEAR) : i + NEAR + 1])
    return [
        float(how == "by"),
        float(how == "bare"),
        float(how == "meta"),
        float(LINK.search(block.text) is not None),
        float(how == "by" and 0 <= title_at and abs(i - title_at) <= NEAR),
        _name_words(names),
        float(i < ctx.first_prose),
        float(i > ctx.last_prose),
        min(abs(i - title_at), 20) / 20 if title_at >= 0 else 1.0,
        float(dates),
        math.log1p(i),
        float(block.kind == "list"),
        float(block.kind == "heading"),
        float(vocabulary_hits(block.text)[0]),
        0.0,
        math.log1p(ctx.words[i]),
        float(end_label_above),
        float(in_about),
        float(how == "lone"),
    ]


def _name_words(names: tuple[str, ...]) -> float:
    return sum(len(n.split()) for n in names) / max(len(names), 1)


DATE = (
    "date_line", "update", "byline_here", "byline_near", "title_distance", "before_title", "before_first_prose",
    "after_last_prose", "index_log", "header", "address", "block_words_log", "first_date", "has_time", "linked",
    "heading",
)
"""Features of a publication-date candidate."""


def date_features(
    ctx: Context, i: int, how: str, title_at: int, vocab: Vocab, *, update: bool = False, first: bool = False, has_time: bool = False
) -> list[float]:
    """``how``: ``block`` (a date printed in block ``i``), ``header`` (a reader's or clipper's), ``address`` (the source URL's)."""
    if how != "block":
        return [0.0, 0.0, 0.0, 0.0, 1.0, 0.0, 1.0, 0.0, 0.0, float(how == "header"), float(how == "address"), 0.0,
                0.0, float(has_time), 0.0, 0.0]
    block = ctx.blocks[i]
    near = ctx.blocks[max(0, i - NEAR) : i + NEAR + 1]
    return [
        float(vocabulary_hits(block.text)[3]),
        float(update),
        float(vocabulary_hits(block.text)[2]),
        float(any(vocabulary_hits(b.text)[2] for b in near)),
        min(abs(i - title_at), 20) / 20 if title_at >= 0 else 1.0,
        float(0 <= i < title_at),
        float(i < ctx.first_prose),
        float(i > ctx.last_prose),
        math.log1p(i),
        0.0,
        0.0,
        math.log1p(ctx.words[i]),
        float(first),
        float(has_time),
        float(LINK.search(block.text) is not None),
        float(block.kind == "heading"),
    ]


_FLAT = re.compile(r"[\W_]+")


@functools.lru_cache(maxsize=1024)
def _flat(text: str) -> str:
    return _FLAT.sub(" ", text.lower()).strip()


def flat(text: str) -> str:
    """Lower case, words only: how titles are compared."""
    return _flat(text)


__all__ = ["label_of"]
