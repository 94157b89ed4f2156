"""Step 1 of the page reading: which line is the headline.

Every heading and every short line before the text's first prose is a
candidate, and so is a reader header's or clipper's ``Title:``; the
``title`` model scores each from its features (``features.TITLE``: kind
and level, length, place before the prose, a byline or date below, whether
the header's title holds its words…) and the best one is the headline. A
block chosen leaves the body; a ``Title:`` that names the site too
(``Headline | Site``) gives the headline and the publisher.

No candidate scoring ``MIN_TITLE`` or more: the file's name, or the first
words of the text, stand in (the front matter needs a title).
"""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path

from .blocks import CAPITALS, plain
from .chrome import byline_names, date_line, is_caption, is_chrome, is_sentence, word_count, words
from .decide import page_context
from .features import TITLE, Context, page_slugs, title_features
from .model import model
from .page import Block, Page
from .vocab import Vocab, load_vocab

POST_NEAR = 3
"""Blocks under a top heading with no date or byline that make it a blog's name, not the post's headline."""
DEK_OVER = 6
"""Words a line above the chosen one needs to be its headline (a section label has fewer)."""
MIN_TITLE = 0.05
"""A candidate scoring under this is no headline at all."""
MIN_TITLE_BELOW_PROSE = 0.1
"""What a candidate under the text's first prose must score (a notice's prose may stand over a
headline, but so does the article's own over its subheadings)."""
TITLE_WORDS = 30
"""Words at most in a headline candidate that is not a heading."""
HEADING_SCAN = 120
"""Blocks from the top within which headings are candidates."""


def _candidates(ctx: Context) -> list[int]:
    blocks, first_prose = ctx.blocks, ctx.first_prose
    out = []
    # A menu printed whole may push the headline past the scan; the lines over the first prose stay in it.
    for i, block in enumerate(blocks[: max(HEADING_SCAN, first_prose + 2)]):
        n = word_count(block.text)
        if n == 0 or n > TITLE_WORDS or "\n" in block.text.strip():
            continue
        if block.kind == "heading" or (block.kind == "paragraph" and i <= first_prose + 1):
            out.append(i)
    return out


def _hand_score(values: list[float]) -> float:
    """The rule the fitted model replaces: the first top heading, else a long line just above the prose."""
    named = dict(zip(TITLE, values, strict=True))
    if named["is_header_title"]:
        return 0.3
    score = 0.6 * named["first_h1"] + 0.2 * named["h2"] + 0.2 * named["byline_below"] + 0.1 * named["words_fit"]
    return score - 0.3 * named["chrome_vocab"] - 0.3 * named["after_first_prose"]


def choose_title(page: Page, vocab: Vocab) -> tuple[int, float]:
    """Index of the headline block (-1: the header's title), and its score; (-2, 0) for none."""
    ctx = page_context(page)
    header = page.draft.title
    fitted = model("title", TITLE)
    best, best_p = -2, 0.0
    slugs = page_slugs(ctx.blocks)
    scored = [(i, title_features(ctx, i, vocab, header, slugs=slugs)) for i in _candidates(ctx)]
    if header:
        scored.append((-1, title_features(ctx, -1, vocab, header, is_header=True, text=header, slugs=slugs)))
    for i, values in scored:
        if i >= 0 and is_caption(page.blocks[i].text, vocab):
            continue  # a picture's caption ended by its credit is never the headline
        p = fitted.probability(values) if fitted is not None else _hand_score(values)
        if i > ctx.first_prose and p < MIN_TITLE_BELOW_PROSE:
            continue  # what stands above it would leave as the header: only a sure headline
        if p > best_p:
            best, best_p = i, p
    if best_p < MIN_TITLE and (over := _over_byline(page.blocks, ctx.first_prose, vocab)) >= 0:
        return over, MIN_TITLE  # no candidate sure enough: the short line right above the byline
    if best > 0 and _headline_over_dek(page.blocks, best, vocab):
        best -= 1  # the line chosen is the dek under the headline
    if best >= 0 and (post := _post_title(page.blocks, best, ctx.first_prose, vocab)) >= 0:
        return post, best_p
    return best, best_p


def _blog_name(blocks: tuple[Block, ...], at: int) -> str:
    """The top heading over a post's headline (``_post_title``): the blog's name."""
    tops = [b for b in blocks[:at] if b.kind == "heading"]
    return plain(tops[0].text.lstrip("#")).strip() if len(tops) == 1 and tops[0].level < blocks[at].level else ""


def _dated_below(blocks: tuple[Block, ...], i: int, vocab: Vocab, near: int = 2) -> bool:
    return any(
        date_line(b.text, vocab) is not None or byline_names(b.text, vocab) is not None for b in blocks[i + 1 : i + 1 + near]
    )


def _post_title(blocks: tuple[Block, ...], at: int, first_prose: int, vocab: Vocab) -> int:
    """A blog's name set as its top heading: the chosen heading has no date or byline under it,
    and one heading under it, before the text, has: that one is the post's headline (-1: none)."""
    if blocks[at].kind != "heading" or _dated_below(blocks, at, vocab, near=POST_NEAR):
        return -1
    # not the heading right under it: that is a dek set as a heading
    dated = [j for j in range(at + 2, min(first_prose, len(blocks))) if blocks[j].kind == "heading" and _dated_below(blocks, j, vocab)]
    return dated[0] if len(dated) == 1 else -1


def _over_byline(blocks: tuple[Block, ...], first_prose: int, vocab: Vocab) -> int:
    """The line right above a byline (``By Jo Doe``) before the text, if it can be a headline; else -1."""
    for i in range(1, min(first_prose, len(blocks))):
        if byline_names(blocks[i].text, vocab) is not None:
            above = blocks[i - 1]
            fits = above.kind in {"paragraph", "heading"} and 0 < word_count(above.text) <= TITLE_WORDS
            if fits and "](" not in above.text and not is_chrome(above.text, vocab) and date_line(above.text, vocab) is None:
                return i - 1
            return -1
    return -1


def _headline_shaped(block: Block, vocab: Vocab) -> bool:
    return (
        block.kind == "paragraph"
        and DEK_OVER <= word_count(block.text) <= TITLE_WORDS
        and not is_sentence(block.text)
        and "](" not in block.text
        and not is_chrome(block.text, vocab)
        and date_line(block.text, vocab) is None
        and byline_names(block.text, vocab) is None
    )


def _headline_over_dek(blocks: tuple[Block, ...], at: int, vocab: Vocab) -> bool:
    """A line set as a paragraph chosen, with a shorter headline-shaped line right above it: that
    one is the headline, the chosen one its dek (a print scraper sets both as paragraphs)."""
    chosen, above = blocks[at], blocks[at - 1]
    return (
        chosen.kind == "paragraph"
        and _headline_shaped(above, vocab)
        and word_count(above.text) < word_count(chosen.text)
    )


def read_title(page: Page) -> Page:
    """The headline: from the best-scored candidate, taken out of the body."""
    if page.given:
        return page
    vocab = load_vocab()
    at, p = choose_title(page, vocab)
    header = page.draft.title
    if at >= 0 and p >= MIN_TITLE:
        block = page.blocks[at]
        title, site = headline_of(page, at, vocab)
        publisher = page.draft.publisher or site or (split_site_name(header, vocab)[1] if header else "")
        if not publisher and (blog := _blog_name(page.blocks, at)):
            publisher = blog
        keep = [b for j, b in enumerate(page.blocks) if j != at]
        page = replace(page.drop("read_title", keep, [("headline", block)]), title_at=at)
        return page.with_draft(title=title, publisher=publisher)
    if at == -1 and p >= MIN_TITLE:
        title, site = split_site_name(header, vocab)
        return page.with_draft(title=title, publisher=page.draft.publisher or site)
    return page.with_draft(title="")


def headline_of(page: Page, at: int, vocab: Vocab) -> tuple[str, str]:
    """The headline block ``at`` gives, and the site's name if the line names it too."""
    # A page's own headline keeps its dashes ("Plan approved – what it means"); only the first
    # line of a page, where clippers write the document's <title>, says "Headline | Site".
    text = plain(page.blocks[at].text).strip()
    if at != 0:
        return text, ""
    title, site = split_site_name(text, vocab, dashes=False)
    if title == text and (host := _page_host(page)):
        # "Headline – Site" where the page's own address names the site.
        dashed, named = split_site_name(text, vocab)
        if named and _names_host(named, host):
            return dashed, named
    return title, site


HOST_LINES = 3
"""Blocks under a page's first line where a clipper writes the page's address."""
HOST_COVER = 0.8
"""Share of a host's name a site name's words must cover to name it."""
_ADDRESS_HOST = re.compile(r"https?://(?:www\.)?(?P<host>[\w.-]+)", re.I)


def _page_host(page: Page) -> str:
    """The host of the page's address: given, or on a line under its first (``Source: https://…``)."""
    for text in (page.draft.source, *(b.text for b in page.blocks[1 : 1 + HOST_LINES])):
        if m := _ADDRESS_HOST.search(text or ""):
            return m.group("host").lower()
    return ""


def _names_host(piece: str, host: str) -> bool:
    """``Notes from the Slow Lane`` names ``slowlane.blog``: the piece's words found in the host's
    name cover most of it."""
    name = max(host.split(".")[:-1] or [host], key=len).replace("-", "")
    found = {w for w in words(piece.lower()) if len(w) >= 2 and w in name}
    return len(name) >= 4 and sum(len(w) for w in found) >= HOST_COVER * len(name)


def fallback_title(where: str, body: str) -> str:
    """The file's name, or the body's first words, when the page shows no headline."""
    stem = Path(where).stem if where else ""
    if stem and not re.fullmatch(r"[\W\d_]*|<.*>|-", stem):
        return re.sub(r"[-_]+", " ", stem).strip().capitalize()
    first = plain(body.split("\n\n", 1)[0]).split()[:10] if body else []
    return " ".join(first) or "Untitled"


# " : example.id" as well: a colon between spaces before a domain name.
_BARS = r"\||::|·|:(?=\s+[\w-]+(?:\.[\w-]+)*\.[a-z]{2,6}$)"
_TITLE_SEPARATOR = re.compile(rf"\s+(?:{_BARS}|–|—|-)\s+")
_BAR_SEPARATOR = re.compile(rf"\s+(?:{_BARS})\s+")
# A blog's or a breadcrumb's arrows (``Blog » Archive » Headline``, ``News > 2025 > Headline``):
# only in a line without French quotes (« non »), whose marks stand between spaces too.
_ARROWS = r"»|«|›|>"
_ARROW_TITLE_SEPARATOR = re.compile(rf"\s+(?:{_BARS}|{_ARROWS}|–|—|-)\s+")
_ARROW_BAR_SEPARATOR = re.compile(rf"\s+(?:{_BARS}|{_ARROWS})\s+")
# "Explainer: What happens…": one or two capitalized words and a colon before a capitalized headline.
_KICKER = re.compile(rf"[{CAPITALS}][^\W\d_]*+(?:[ ][{CAPITALS}][^\W\d_]*+)?:[ ]+(?=[{CAPITALS}])")


def _is_clause(piece: str, after_dash: bool, vocab: Vocab) -> bool:
    """``was kann der Acker leisten?``: words of a sentence, not a site's name.

    It starts in lower case, or (after a dash) most of its four or more
    words after the first are lower case, particles aside.
    """
    tokens = piece.split()
    if piece[:1].islower():
        return len(tokens) >= 2
    if not after_dash:
        return False
    rest = [w for w in tokens[1:] if w.lower() not in vocab.name_particles]
    return len(tokens) >= 4 and 2 * sum(w[:1].islower() for w in rest) > len(rest)


def split_site_name(title: str, vocab: Vocab, dashes: bool = True) -> tuple[str, str]:
    """``Headline | by Jo Doe | Site Name`` (a page's <title>) → ``("Headline", "Site Name")``;
    without ``dashes``, a dash joins the words around it."""
    title = re.sub(r"(?i)^title:\s*", "", title).strip()
    quoted = "«" in title and "»" in title
    if quoted:
        separators = _TITLE_SEPARATOR if dashes else _BAR_SEPARATOR
    else:
        separators = _ARROW_TITLE_SEPARATOR if dashes else _ARROW_BAR_SEPARATOR
    pieces = separators.split(title)
    parts = [pieces[0]]
    for separator, piece in zip(separators.findall(title), pieces[1:]):
        if _is_clause(piece, separator.strip() in {"–", "—"}, vocab) and not vocab.byline_start.match(piece):
            parts[-1] += separator + piece  # a clause goes on with the headline
        else:
            parts.append(piece)
    parts = [p.strip() for p in parts]
    longest = max(parts, key=lambda p: len(p.split()))
    others = [p for p in parts if p is not longest]
    if others and len(longest.split()) >= 3 and all(len(p.split()) <= 5 for p in others):
        return _without_kicker(longest), parts[-1] if parts[-1] is not longest else ""
    return title, ""


def _without_kicker(headline: str) -> str:
    """``Explainer: What happens when permafrost thaws?`` → ``What happens when permafrost thaws?``."""
    m = _KICKER.match(headline)
    rest = headline[m.end() :] if m else ""
    return rest if len(rest.split()) >= 4 else headline


__all__ = ["is_sentence"]
