"""Step 3 of the page reading: where the article starts and ends, and the chrome inside it.

Each block has its probability of being the article's own (``decide.content``).

- **Start.** The header zone ends at the first paragraph of prose after the
  headline and byline; what stands before it leaves unless the model is
  sure it is article (``KEEP_BEFORE``: a lead set as a list, a first
  subheading), or it is prose the model keeps (``KEEP``: the lead above a
  headline taken too late).
- **End.** The article ends with its last block the model keeps
  (``KEEP``, or prose it does not call chrome), and goes on past it through
  running text (``reads_as_text``) across short runs of chrome; an end label ("Related", "Comments") ends it only when no
  substantial prose follows, since everything up to the last kept block
  stays. A subheading at the level of the article's own, over running text,
  a few blocks further on (``SECTION_REACH``), starts its next section and the
  end moves past it. After it, end matter is read (``endmatter.py``) and the
  rest leaves.
- **Inside.** A block leaves only when the model calls it chrome
  (under ``DROP_INSIDE``) and it is no long prose: a paragraph of running
  text stays unless it is chrome for certain (a cookie or newsletter box).

Input that is already clean (almost no block the model calls chrome:
``CLEAN_SHARE``) is not cut at all. When unsure, keep: the thresholds sit low, and ``guard.py`` puts prose
back when too much of it went.
"""

from __future__ import annotations

import functools
import re
from dataclasses import replace

from .blocks import plain
from .chrome import (
    is_caption,
    is_chrome,
    is_cookie_notice,
    is_end_label,
    is_promo,
    is_sentence,
    is_separator,
    link_share,
    word_count,
    words,
)
from .decide import content, page_context
from .endmatter import is_signature
from .features import PROSE_LINKS, PROSE_WORDS
from .page import Block, Page
from .parse import is_kept_picture
from .vocab import Vocab, load_vocab

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
GAP = 2
"""Blocks of chrome at most between two pieces of the article's running text (ads, share
rows, "read also" lines a page sets inside the article)."""
CROSSINGS = 3
"""Blocks of chrome at most crossed in all past the model's last kept block: teasers set as
headline and summary, one after the other, are not the article going on."""
CLAUSE_WORDS = 8
"""Words a sentence needs to read as the article's running text, not a label or a teaser."""
SENTENCE_WORDS = 3
"""Words a sentence without links needs to stay inside the article whatever the model says."""
LABEL_WORDS = 6
"""Words at most of a label set over a list or a paragraph (a subheading without its marker)."""
SECTION_REACH = 6
"""Blocks past the article's last within which a subheading at its own subheadings' level,
over running text, starts its next section (a widget's buttons and links stood between)."""

# A sentence's end, inside a block or at its end (a converter may have cut the last one's stop),
# or a clause that opens a list.
_SENTENCE_END = re.compile(r"[.!?…。！？][\"”’»)」』]*(?:\s|$)")
_ITEM_END = re.compile(r"[.!?…;:,。！？][\"”’»)」』]*$")
_ITEM = re.compile(r"^\s*(?:[-*+]|\d+[.)])\s+", re.M)


def reads_as_text(block: Block, vocab: Vocab) -> bool:
    """Running text of the article, though the model may doubt it: a paragraph of
    sentences, a clause that opens a list, or a list of sentences; few links, no
    vocabulary chrome. What a page's chrome is made of (link rows, labels, teaser
    headlines, share rows) reads as none of these."""
    if block.kind not in {"paragraph", "quote", "list"} or link_share(block.text) >= PROSE_LINKS:
        return False
    if is_chrome(block.text, vocab) or is_end_label(block.text, vocab) or is_caption(block.text, vocab):
        return False
    text = plain(block.text)
    if block.kind == "list":
        items = [i for i in _ITEM.split(block.text) if i.strip()]
        return bool(items) and all(_ITEM_END.search(plain(i).strip()) for i in items)
    n = word_count(block.text)  # the words of ``text``
    if n >= PROSE_WORDS and _SENTENCE_END.search(text):
        return True
    return n >= CLAUSE_WORDS and bool(_ITEM_END.search(text.strip()))


def _short_sentence(block: Block, vocab: Vocab) -> bool:
    """A sentence of a few words without links (``A vote in May.``), no vocabulary chrome."""
    return (
        block.kind == "paragraph"
        and is_sentence(block.text)
        and word_count(block.text) >= SENTENCE_WORDS
        and "](" not in block.text
        and not is_chrome(block.text, vocab)
        and not is_end_label(block.text, vocab)
    )


def _text_like(block: Block, vocab: Vocab) -> bool:
    return reads_as_text(block, vocab) or _short_sentence(block, vocab)


def _plain_list(blocks: tuple[Block, ...], i: int, vocab: Vocab) -> bool:
    """A list of the article's own (steps, ingredients, points): few links, no vocabulary
    chrome, and not the page's table of contents (its items the page's own subheadings)."""
    block = blocks[i]
    if block.kind != "list" or link_share(block.text) >= PROSE_LINKS or is_chrome(block.text, vocab):
        return False
    return not _contents(blocks, i)


@functools.lru_cache(maxsize=1024)
def _flat(text: str) -> str:
    return " ".join(words(plain(text).lower()))


def _is_label(block: Block) -> bool:
    return block.kind == "heading" or (
        block.kind == "paragraph" and 0 < word_count(block.text) <= LABEL_WORDS and not is_sentence(block.text)
    )


def _pair_at(blocks: tuple[Block, ...], s: int) -> bool:
    return 0 <= s and s + 1 < len(blocks) and _is_label(blocks[s]) and blocks[s + 1].kind == "list"


def _in_columns(blocks: tuple[Block, ...], i: int) -> bool:
    """Block ``i`` is a label or list of link columns (a site's footer): two labelled lists or more in a row."""
    s = i if _pair_at(blocks, i) else i - 1
    return _pair_at(blocks, s) and (_pair_at(blocks, s - 2) or _pair_at(blocks, s + 2))


def _contents(blocks: tuple[Block, ...], i: int) -> bool:
    """A list of the page's own subheadings: its table of contents (links to them unwrapped or not)."""
    block = blocks[i]
    if block.kind != "list":
        return False
    items = {_flat(t) for t in _ITEM.split(block.text) if t.strip()}
    headings = {_flat(b.text.lstrip("#")) for b in blocks if b.kind == "heading"}
    return len(items) >= 2 and items <= headings


def _lone_link(block: Block) -> bool:
    """A paragraph that is one link of a few words: a link the article gives its reader."""
    text = block.text.strip()
    return block.kind == "paragraph" and text.startswith("[") and text.count("](") == 1 and text.endswith(")")


def _label_over(blocks: tuple[Block, ...], i: int, vocab: Vocab, lists: bool = False) -> bool:
    """A subheading (a heading, or a short line a converter left without its marker) over running
    text (with ``lists``, over a plain list too)."""
    if i + 1 >= len(blocks):
        return False
    block = blocks[i]
    if not _text_like(blocks[i + 1], vocab) and not (lists and _plain_list(blocks, i + 1, vocab)):
        return False
    if is_chrome(block.text, vocab) or is_end_label(block.text, vocab) or link_share(block.text) >= PROSE_LINKS:
        return False
    if block.kind == "heading":
        return True
    return block.kind == "paragraph" and 0 < word_count(block.text) <= LABEL_WORDS and "\n" not in block.text


def _start(page: Page) -> int:
    """The first prose block after the headline; without prose, the headline's place (nothing is header)."""
    ctx = page_context(page)
    after = page.title_at if page.title_at >= 0 else 0
    return next((i for i in range(after, len(page.blocks)) if ctx.prose[i]), min(ctx.first_prose, after))


READ_BY = frozenset({"read_title", "read_masthead", "read_footer"})
"""Rules that took blocks out before the body is placed: the page as parsed had them."""


def already_clean(page: Page) -> bool:
    """Whether the page, as it was before its headline, masthead and end matter were read, is one
    whose every block reads as the article's (clean input): almost none the model calls chrome."""
    read = [Block(r.kind, r.text, r.line) for r in page.removed if r.rule in READ_BY]
    whole = replace(page, blocks=tuple(sorted([*page.blocks, *read], key=lambda b: b.line)))
    p = content(whole)
    return sum(1 for q in p if q < DROP_INSIDE) < CLEAN_SHARE * len(p)


def _run_on(blocks: tuple[Block, ...], end: int, vocab: Vocab) -> int:
    """The article's last block: past the model's last kept one, running text goes on (and
    the subheadings over it), across at most ``GAP`` blocks of something else (a share row,
    a "read also" line, a relative date) at a time and ``CROSSINGS`` in all, until an end
    label or a longer run of chrome. A
    letter's signature or one link right under its text, and one plain list under its label
    are the article's."""
    j, gap, crossed = end + 1, 0, 0
    while j < len(blocks) and gap <= GAP and crossed <= CROSSINGS:
        if _text_like(blocks[j], vocab) or gap == 0 and (is_signature(blocks[j]) or _lone_link(blocks[j])):
            end, crossed, gap = j, crossed + gap, 0
        elif is_end_label(blocks[j].text, vocab):
            break
        elif _label_over(blocks, j, vocab, lists=True) and not _in_columns(blocks, j):
            if not _text_like(blocks[j + 1], vocab):
                end, gap, j = j + 1, 0, j + 1  # one list under its label; several in a row are footer columns
        elif not _label_over(blocks, j, vocab):
            gap += 1
        j += 1
    return end


def _next_section(blocks: tuple[Block, ...], end: int, levels: frozenset[int], vocab: Vocab) -> int:
    """The first block of the article's next section past ``end``: running text under a
    subheading at a level the article's own subheadings have (one link between at most), within
    ``SECTION_REACH`` blocks and before any end label; -1 if none."""
    for j in range(end + 1, min(len(blocks), end + 1 + SECTION_REACH)):
        block = blocks[j]
        if is_end_label(block.text, vocab):
            return -1
        if block.kind == "heading" and block.level in levels:
            text = j + 1
            if text < len(blocks) and _lone_link(blocks[text]):
                text += 1  # a "Next" button under the subheading
            ok = text < len(blocks) and not is_chrome(block.text, vocab) and reads_as_text(blocks[text], vocab)
            return text if ok else -1
    return -1


def _lead(page: Page, start: int, p: tuple[float, ...], vocab: Vocab) -> set[int]:
    """Blocks between the headline and the first prose that are the article's lead: running
    text the model does not call chrome (key points set as a list, a first paragraph a converter
    cut short), a list without links right under the headline (a menu's links may have been
    unwrapped: anywhere else such a list is no lead), and the subheading over them."""
    lead: set[int] = set()
    for i in range(start - 1, max(page.title_at, 0) - 1, -1):
        block = page.blocks[i]
        unlinked_list = 0 <= page.title_at and i <= page.title_at + 1 and _plain_list(page.blocks, i, vocab) and "](" not in block.text
        if p[i] >= DROP_INSIDE and (reads_as_text(block, vocab) or unlinked_list):
            lead.add(i)
        elif i + 1 in lead and _label_over(page.blocks, i, vocab, lists=True):
            lead.add(i)
    return lead


def find_body(page: Page) -> Page:
    """Cut the header zone and what follows the article's last block."""
    if page.given or not page.blocks or page_context(page).last_prose < 0:
        return page  # no running text to place the article by: nothing is cut
    if already_clean(page):
        return replace(page, clean_input=True)
    vocab = load_vocab()
    p = content(page)
    ctx = page_context(page)
    start = min(_start(page), len(page.blocks))
    kept = [i for i in range(start, len(page.blocks)) if p[i] >= KEEP]
    end = _run_on(page.blocks, max(kept) if kept else len(page.blocks) - 1, vocab)
    levels = frozenset(b.level for b in page.blocks[start : end + 1] if b.kind == "heading")
    while levels and (section := _next_section(page.blocks, end, levels, vocab)) >= 0:
        end = _run_on(page.blocks, section, vocab)
    while start < end < len(page.blocks) - 1 and page.blocks[end].kind == "heading":
        end -= 1  # a subheading whose text is cut stands over nothing
    lead = _lead(page, start, p, vocab)
    keep: list[Block] = []
    dropped: list[tuple[str, Block]] = []
    for i, block in enumerate(page.blocks):
        if is_kept_picture(block):
            keep.append(block)  # the article's own pictures stay where they stand
        elif i < start and i not in lead and p[i] < (KEEP if ctx.prose[i] else KEEP_BEFORE):
            dropped.append(("header chrome", block))
        elif i > end:
            dropped.append(("after the article", block))
        else:
            keep.append(block)
    return page.drop("find_body", keep, dropped)


def _structure(blocks: tuple[Block, ...], i: int, vocab: Vocab) -> bool:
    """The article's own structure, kept inside it whatever the model says: running text, a
    plain list (a list split item by item, each alone, looks like chrome to the model), and
    the subheading over either."""
    block = blocks[i]
    if i > 0 and is_signature(block) and reads_as_text(blocks[i - 1], vocab):
        return True  # a letter's signature under its text
    if i == len(blocks) - 1 and i > 0 and _lone_link(block) and reads_as_text(blocks[i - 1], vocab):
        return True  # a link the article ends on, for its reader
    if _text_like(block, vocab):
        return True
    return not _in_columns(blocks, i) and (_plain_list(blocks, i, vocab) or _label_over(blocks, i, vocab, lists=True))


def drop_body_chrome(page: Page) -> Page:
    """Inside the article, drop blocks the model calls chrome, and chrome for certain."""
    vocab = load_vocab()
    sure = page.given or page.clean_input or page_context(page).last_prose < 0
    p = content(page) if not sure else tuple(1.0 for _ in page.blocks)
    boxes, labelled = _boxes(page.blocks, vocab)
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
        if _contents(page.blocks, i):
            dropped.append(("table of contents", block))
        elif i in boxes:
            dropped.append(("related box", block))
        elif i in labelled:
            keep.append(block)
        elif certain:
            dropped.append(("chrome", block))
        elif p[i] < DROP_INSIDE and not long_prose and block.kind != "image" and not _structure(page.blocks, i, vocab):
            dropped.append(("chrome (scored)", block))
        else:
            keep.append(block)
    keep, orphans = _orphan_labels(page.blocks, keep)
    # A break stands between article blocks only: not first, not last, not twice in a row (an
    # orphan label may have gone from between two).
    tidy: list[Block] = []
    for block in keep:
        if block.kind != "break" or tidy and tidy[-1].kind != "break":
            tidy.append(block)
    if tidy and tidy[-1].kind == "break":
        tidy.pop()
    return page.drop("strip_body_chrome", tidy, dropped + orphans)


def _boxes(blocks: tuple[Block, ...], vocab: Vocab) -> tuple[set[int], set[int]]:
    """End labels over a list inside the article: over headlines, a related box (both go);
    over sentences, the article's own list under a label that only looks like one (both stay)."""
    boxes: set[int] = set()
    labelled: set[int] = set()
    for i in range(len(blocks) - 1):
        if blocks[i + 1].kind != "list" or not is_end_label(blocks[i].text, vocab):
            continue
        if reads_as_text(blocks[i + 1], vocab):
            labelled.update((i, i + 1))
        else:
            boxes.update((i, i + 1))
    return boxes, labelled


def _orphan_labels(before: tuple[Block, ...], keep: list[Block]) -> tuple[list[Block], list[tuple[str, Block]]]:
    """A subheading whose content went as chrome (a donation box's heading, a table of contents'
    label) goes with it: it now stands over the next subheading, or over nothing."""
    gone = {id(b) for b in before} - {id(b) for b in keep}
    follows = {id(b): before[i + 1] if i + 1 < len(before) else None for i, b in enumerate(before)}
    out: list[Block] = []
    orphans: list[tuple[str, Block]] = []
    for k, block in enumerate(keep):
        after = follows.get(id(block))
        nxt = keep[k + 1] if k + 1 < len(keep) else None
        if (
            _is_label(block)
            and after is not None
            and id(after) in gone
            and (nxt is None or nxt.kind == "heading" and (block.kind != "heading" or nxt.level <= block.level))
        ):
            orphans.append(("label over chrome", block))
        else:
            out.append(block)
    return out, orphans
