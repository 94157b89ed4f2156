"""Step 4 of the page reading: what follows the article and names its facts.

After the last prose block: a topics label and the short items under it,
or a row of hashtags, give ``subject``; an about-the-author label and the
paragraph under it give the author's bio. The closing italic tagline on the
author ("*Jo Doe is … Originally published in …*") gives the bio and the
source. A letter signed at its end names the author when nothing else did.
"""

from __future__ import annotations

import re
from dataclasses import replace

from .blocks import CAPITALS, plain
from .chrome import SHORT, is_chrome, is_link_row, is_sentence, label_of, word_count
from .decide import page_context
from .links import AUTOLINK, LINK
from .page import Block, Page
from .vocab import Vocab, load_vocab

BIO_WORDS = 120
"""Words at most of an about-the-author paragraph."""
TOPIC_WORDS = 5
"""Words at most of one topic under a topics label."""
TAGLINE_WORDS = 150

_HASHTAG = re.compile(r"#([^\W\d_][\w-]*)")


def _hashtags(block: Block) -> list[str]:
    """``#sourdough #altitude``: the post's tags, without their signs."""
    if block.kind not in {"paragraph", "list"} or len(block.text) > SHORT:
        return []
    tokens = plain(block.text).split()
    tags = [m.group(1) for t in tokens if (m := _HASHTAG.fullmatch(t))]
    return tags if tags and len(tags) == len(tokens) else []


def _inline_topics(block: Block, vocab: Vocab) -> list[str] | None:
    """``Tags: Trade, Ports, Shipping`` on one line."""
    m = re.match(r"([^:]{2,30}):\s*(.+)$", plain(block.text))
    if not m or m.group(1).strip().lower() not in vocab.topic_labels or word_count(block.text) > 30:
        return None
    return [item.strip(" .") for item in re.split(r"\s*[,;|·•]\s*", m.group(2)) if item.strip(" .")]


def read_end_matter(page: Page) -> Page:
    """Topics and about-the-author boxes after the article's last prose."""
    if page.given or not page.blocks:
        return page
    vocab = load_vocab()
    ctx = page_context(page)
    start = ctx.last_prose + 1 if ctx.last_prose >= 0 else len(page.blocks)
    subjects = list(page.draft.subjects)
    bios = list(page.draft.bios)
    drop: dict[int, str] = {}
    i = start
    blocks = page.blocks
    while i < len(blocks):
        block = blocks[i]
        label = label_of(block.text)
        if tags := _hashtags(block):
            subjects.extend(t for t in tags if t not in subjects)
            drop[i] = "hashtags (kept as subjects)"
        elif (items := _inline_topics(block, vocab)) is not None:
            subjects.extend(t for t in items if t not in subjects)
            drop[i] = "topics (kept as subjects)"
        elif label in vocab.topic_labels:
            drop[i] = "topics label"
            # one a line, until a heading (the next box's) or a sentence
            while (
                i + 1 < len(blocks)
                and blocks[i + 1].kind != "heading"
                and not is_sentence(blocks[i + 1].text)
                and (is_link_row(blocks[i + 1].text) or word_count(blocks[i + 1].text) <= TOPIC_WORDS)
            ):
                i += 1
                if blocks[i].kind == "list":
                    items = [plain(line) for line in blocks[i].text.split("\n")]
                else:
                    items = [plain(blocks[i].text)]
                for subject in items:
                    subject = re.sub(r"\s*\(/[^)]*\)\s*$", "", subject).strip("-*• ")
                    if subject and subject not in subjects and not is_chrome(subject, vocab):
                        subjects.append(subject)
                drop[i] = "topic (kept as subject)"
        elif label in vocab.about_author_labels:
            drop[i] = "about-author label"
            if i + 1 < len(blocks) and blocks[i + 1].kind == "paragraph" and 6 <= word_count(blocks[i + 1].text) <= BIO_WORDS:
                i += 1
                bios.append(blocks[i].text)
                drop[i] = "about-author bio (kept as bio)"
        i += 1
    keep = [b for j, b in enumerate(blocks) if j not in drop]
    page = page.drop("read_footer", keep, [(drop[j], blocks[j]) for j in sorted(drop)])
    return page.with_draft(subjects=tuple(subjects), bios=tuple(bios))


def read_tagline(page: Page) -> Page:
    """A closing italic note on the author: its sentences the bio, its "originally published" the source."""
    if page.given or not page.blocks:
        return page
    vocab = load_vocab()
    last = page.blocks[-1].text.strip()
    inner = _emphasized(last)
    if inner is None:
        return page
    text = plain(inner)
    phrases = vocab.originally_published_phrases
    mentions_author = any(text.startswith(name) for name in page.draft.authors)
    mentions_origin = any(p in text.lower() for p in phrases)
    if not (mentions_author or mentions_origin) or word_count(last) > TAGLINE_WORDS:
        return page
    bio: list[str] = []
    source = page.draft.source
    also = page.draft.also_published_in
    for sentence in _sentences(inner):
        low = plain(sentence).lower()
        if any(p in low for p in phrases):
            urls = [m.group("url") for m in LINK.finditer(sentence)] + [m.group("url") for m in AUTOLINK.finditer(sentence)]
            source = source or (urls[-1].strip("<>") if urls else "")
            also = also or _publication(plain(sentence))
        else:
            bio.append(sentence.strip())
    bios = page.draft.bios + ((" ".join(bio),) if bio else ())
    page = page.drop("read_tagline", list(page.blocks[:-1]), [("closing tagline (kept as bio and source)", page.blocks[-1])])
    return page.with_draft(bios=bios, source=source, also_published_in=also)


# "**Ion Popescu**, pensioner, Cluj", "— Jo Doe, Leeds": a signature's name,
# in bold or after a dash, or followed by who and where the writer is.
_SIGNATURE = re.compile(
    r"(?P<dash>[—–-]\s*)?(?P<bold>\*\*|__)?"
    rf"(?P<name>[{CAPITALS}][\w'’.-]*(?:\s+[{CAPITALS}][\w'’.-]*){{1,3}})(?P=bold)?"
    r"(?P<rest>\s*,\s*[^.!?]{1,60})?"
)


def is_signature(block: Block) -> bool:
    """``— Al Roe, Leeds``, ``**Name**, role, town``: a letter's signature (a name after a dash, in
    bold, or followed by who and where the writer is)."""
    m = _SIGNATURE.fullmatch(block.text.strip())
    return block.kind == "paragraph" and m is not None and bool(m.group("dash") or m.group("bold") or m.group("rest"))


def read_signature(page: Page) -> Page:
    """A letter signed at its end names the author when nothing else did; the signature stays."""
    if page.given or page.draft.authors:
        return page
    vocab = load_vocab()
    ctx = page_context(page)
    blocks = page.blocks
    for i in range(max(1, len(blocks) - 3), len(blocks)):
        text = blocks[i].text.strip()
        m = _SIGNATURE.fullmatch(text)
        # under the letter's last sentence, which may be too short to count as prose
        above = ctx.prose[i - 1] or (blocks[i - 1].kind == "paragraph" and is_sentence(blocks[i - 1].text))
        if not m or blocks[i].kind != "paragraph" or not above or is_chrome(text, vocab):
            continue
        if m.group("dash") or m.group("bold") or m.group("rest"):
            return page.with_draft(authors=(m.group("name"),))
    return page


def names_from_bios(page: Page) -> Page:
    """With no byline, an about box or tagline that opens with a name names the author."""
    if page.given or page.draft.authors:
        return page
    for bio in page.draft.bios:
        m = re.match(r"((?:[A-Z][\w.'’-]+\s){1,3}[A-Z][\w'’-]+)(?:,| is | was )", plain(bio))
        if m:
            return page.with_draft(authors=(m.group(1).strip(),))
    return page


def _emphasized(block: str) -> str | None:
    for mark in ("**", "__", "*", "_"):
        if block.startswith(mark) and block.endswith(mark) and len(block) > 2 * len(mark):
            inner = block[len(mark) : -len(mark)]
            return inner.replace(mark, "") if mark in {"*", "_"} else inner
    return None


_SENTENCE_SPLIT = re.compile(r"(?<=[.!?])[\"”’)]*\s+(?=[A-Z\"“(\[])")


def _sentences(text: str) -> list[str]:
    # Split outside links only: a link's text may hold a full stop.
    protected = LINK.sub(lambda m: m.group(0).replace(". ", ".\x00"), text)
    return [s.replace("\x00", " ") for s in _SENTENCE_SPLIT.split(protected) if s.strip()]


def _publication(sentence: str) -> str:
    """``…published on the Foreign Policy website.`` → ``Foreign Policy``."""
    m = re.search(r"\b(?:in|on|by|at|en|in der|im|dans|sur)\s+(?:the\s+)?((?:[A-Z][\w&.'’-]*\s?){1,5})", sentence)
    if not m:
        return ""
    name = m.group(1).strip()
    return re.sub(r"\s+(?:website|site|magazine|blog|online)$", "", name, flags=re.I).strip()


__all__ = ["replace"]
