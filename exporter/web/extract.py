"""A page's article found by trafilatura: its Markdown, its metadata and its figures.

trafilatura finds the article in the page (and nothing of ours does that
job) and reads the page's metadata: JSON-LD, Open Graph, ``<meta>`` tags.
Its Markdown keeps links, emphasis, headings, lists, quotes and tables;
comments are left out. Its settings are :data:`SETTINGS`, chosen by
measurement on the real-page corpus (``bench/web_extraction.py``, whose
figures the README gives).

Figures are marked before trafilatura sees the page, so that each image it
keeps can be told apart even where a page gives many the same placeholder
(lazy loading): every ``<img>`` gets a token address of its own, and what
the image really is, the best of its ``srcset``, ``<picture>`` sources,
lazy-loading attributes and ``src``, with its alt text, its figure's
caption and its credit, is kept aside under that token. The caption is
taken out of the page then, so that it is not also read as body text. Each
image trafilatura keeps in a block of its own becomes a figure block
(``figures.py``); an image inside a line of text is an icon or an inline
glyph, and is dropped. With images off, the page goes to trafilatura as
it is.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urljoin

from lxml.html import HtmlElement

from .credits import split_credit
from .figures import Figure, markdown_text, one_line

TOKEN = "https://exporter.invalid/figure-{}.png"
"""The address each ``<img>`` gets while trafilatura reads the page: ``.invalid``
is a domain that never resolves, so a token that escaped could reach nothing."""
_TOKEN = re.compile(r"!\[[^\n]{0,4000}?\]\(https://exporter\.invalid/figure-(\d+)\.png\)")
_ALONE = re.compile(rf"\[?{_TOKEN.pattern}(?:\]\([^()\s]*\))?")
"""An image alone in its block, perhaps inside a link (to a larger copy)."""

DATE_PARAMS = {"extensive_search": True, "original_date": True, "max_date": "2099-12-31"}
"""htmldate's settings (through trafilatura): the publication date (not the
last update), from the page's structured metadata first, then its text
(``extensive_search``: 446 dates right of 477 on the corpus's training
split, against 426 without); a fixed latest date, so that the answer does
not depend on the day it is asked."""


@dataclass(frozen=True, slots=True)
class Settings:
    """trafilatura's settings that change what it keeps."""

    favor_precision: bool = False
    favor_recall: bool = False
    fast: bool = False
    """Skip the fallback extractors (readability, jusText)."""


SETTINGS = Settings()
"""trafilatura's defaults, chosen by measurement on the real-page corpus's
training split (``bench/web_extraction.py``; the README has the table),
with the first cleaner: body F1 0.836 and 0.942 of the article snippets
kept; ``favor_precision``
scored F1 0.840 by keeping only 0.925 of them, ``favor_recall`` 0.822 and
``fast`` 0.813. Losing the article's sentences is worse than keeping chrome."""

_LAZY = ("data-src", "data-lazy-src", "data-original", "data-lazy", "data-url", "data-full-src", "data-hi-res-src")
_LAZY_SETS = ("data-srcset", "data-lazy-srcset")
_TYPES = frozenset({"", "image/jpeg", "image/jpg", "image/png", "image/gif", "image/webp"})
_CREDIT_CLASS = re.compile(r"credit|copyright|byline|author|photographer|attribution|source|fotograf|autor", re.I)
_WANTED_WIDTH = 1600

for _name in ("trafilatura", "htmldate", "courlan", "justext", "readability"):
    # They log "discarding data" and the like at WARNING; with no handler of
    # their own Python would print that on stderr, where only our command
    # line speaks. A handler that drops records keeps them quiet without
    # touching any level or the root logger.
    if not any(isinstance(h, logging.NullHandler) for h in logging.getLogger(_name).handlers):
        logging.getLogger(_name).addHandler(logging.NullHandler())


@dataclass(frozen=True, slots=True)
class PageMeta:
    """What the page says about itself (trafilatura's metadata, and ``<html lang>``)."""

    title: str = ""
    authors: tuple[str, ...] = ()
    date: str = ""
    sitename: str = ""
    description: str = ""
    tags: tuple[str, ...] = ()
    lang: str = ""
    url: str = ""


@dataclass(frozen=True, slots=True)
class Extracted:
    """The article trafilatura found."""

    markdown: str
    """Its body as Markdown, figures as blocks of their own (``figures.py``)."""
    meta: PageMeta
    figures: tuple[Figure, ...] = field(default=())
    """The figures in the Markdown, in order."""


def srcset_best(srcset: str, wanted: int = _WANTED_WIDTH) -> str:
    """From ``a.jpg 480w, b.jpg 1600w, c.jpg 3200w``, the smallest candidate at
    least ``wanted`` pixels wide (else the widest); with ``1x``/``2x``, the largest."""
    widths: list[tuple[float, str]] = []
    densities: list[tuple[float, str]] = []
    for part in re.split(r",\s+(?=\S)", srcset.strip()):
        pieces = part.strip().split()
        if not pieces:
            continue
        url, descriptor = pieces[0].rstrip(","), (pieces[1] if len(pieces) > 1 else "1x")
        number = re.fullmatch(r"(\d+(?:\.\d+)?)([wx])", descriptor.lower())
        if number is not None:
            (widths if number.group(2) == "w" else densities).append((float(number.group(1)), url))
    if widths:
        enough = sorted(c for c in widths if c[0] >= wanted)
        return enough[0][1] if enough else max(widths)[1]
    return max(densities)[1] if densities else ""


def _is_placeholder(src: str) -> bool:
    """A lazy loader's stand-in: a tiny data URI, an empty or a blank address."""
    return not src.strip() or (src.startswith("data:") and len(src) < 400) or src.strip() == "#"


def _picture_of(img: HtmlElement) -> HtmlElement | None:
    """The ``<picture>`` an ``<img>`` is in. (libxml2's HTML parser does not know
    ``<source>`` is empty, and nests what follows one inside it.)"""
    node = img.getparent()
    while node is not None and node.tag == "source":
        node = node.getparent()
    return node if node is not None and node.tag == "picture" else None


def image_source(img: HtmlElement) -> str:
    """The address of the image an ``<img>`` really shows, as the page wrote it."""
    picture = _picture_of(img)
    if picture is not None:
        for source in picture.iter("source"):
            kind = (source.get("type") or "").strip().lower()
            chosen = srcset_best(source.get("srcset") or source.get("data-srcset") or "")
            if kind in _TYPES and chosen:
                return chosen
    for attribute in ("srcset", *_LAZY_SETS):
        chosen = srcset_best(img.get(attribute) or "")
        if chosen:
            return chosen
    for attribute in _LAZY:
        value = (img.get(attribute) or "").strip()
        if value and not _is_placeholder(value):
            return value
    return (img.get("src") or "").strip()


def _figure_of(img: HtmlElement) -> HtmlElement | None:
    """The ``<figure>`` an image is in, within a few levels."""
    node = img.getparent()
    for _ in range(5):
        if node is None:
            return None
        if node.tag == "figure":
            return node
        node = node.getparent()
    return None


def _text(element: HtmlElement) -> str:
    return one_line(element.text_content())


def caption_and_credit(figure: HtmlElement) -> tuple[str, str]:
    """A figure's caption and credit, each taken out of the page.

    The credit is an element the page marks as one (a class naming a
    credit, copyright or photographer; ``<cite>``, ``<small>``) in the
    figure, or else the end of the caption that reads as one (``credits.py``).
    """
    credits: list[HtmlElement] = []
    for node in figure.iter():
        if node is figure or not isinstance(node.tag, str) or node.tag == "img":
            continue
        if any(node in set(credit.iterdescendants()) for credit in credits):
            continue  # inside a credit already taken
        marked = node.tag in ("cite", "small") or _CREDIT_CLASS.search(node.get("class") or "")
        if marked and 0 < len(_text(node).split()) <= 20:
            credits.append(node)
    credit = " ".join(_text(node) for node in credits if _text(node))
    for node in credits:
        _drop(node)
    caption = ""
    for node in list(figure.iter("figcaption")):
        caption = " ".join(filter(None, (caption, _text(node))))
        _drop(node)
    if not credit:
        caption, credit = split_credit(caption)
    return caption, credit


def _drop(node: HtmlElement) -> None:
    """Remove ``node`` from the page, keeping the text after it."""
    if node.getparent() is not None:
        node.drop_tree()


def mark_figures(tree: HtmlElement, base: str) -> dict[int, Figure]:
    """Give every ``<img>`` a token address; the figure each stands for, by token number.

    Addresses are made absolute against ``base`` when it is a web address;
    a saved page's relative ones stay relative, for its ``_files`` folder.
    """
    found: dict[int, Figure] = {}
    captioned: list[HtmlElement] = []
    """Figures whose caption is taken (held, so that each keeps its one proxy object)."""
    for number, img in enumerate(list(tree.iter("img")), 1):
        src = image_source(img)
        if base.startswith(("http://", "https://")) and src and not src.startswith("data:"):
            src = urljoin(base, src)
        caption = credit = ""
        figure = _figure_of(img)
        if figure is not None and not any(figure is seen for seen in captioned):
            captioned.append(figure)
            caption, credit = caption_and_credit(figure)
        found[number] = Figure(src=src, alt=one_line(img.get("alt") or ""), caption=caption, credit=credit)
        for attribute in ("srcset", "sizes", "loading", *_LAZY, *_LAZY_SETS):
            img.attrib.pop(attribute, None)
        img.set("src", TOKEN.format(number))
        picture = _picture_of(img)
        if picture is not None:
            for source in list(picture.iter("source")):
                if source.getparent() is not None:
                    source.drop_tag()  # its <img>, nested inside, stays
    return found


def _declared_lang(tree: HtmlElement) -> str:
    """``<html lang>``, or a ``content-language`` or ``og:locale`` meta tag."""
    root = tree.getroottree().getroot()
    lang = root.get("lang") or root.get("{http://www.w3.org/XML/1998/namespace}lang") or ""
    if not lang:
        for meta in root.iter("meta"):
            key = (meta.get("http-equiv") or meta.get("property") or meta.get("name") or "").lower()
            if key in ("content-language", "og:locale", "language"):
                lang = meta.get("content") or ""
                break
    return lang.strip().replace("_", "-").split(",")[0].strip()


def _names(author: str | None) -> tuple[str, ...]:
    return tuple(dict.fromkeys(name.strip() for name in (author or "").split(";") if name.strip()))


def _tags(document: Any) -> tuple[str, ...]:
    """Tags and categories, each once: a page often gives them joined by commas too."""
    seen: dict[str, str] = {}
    for value in [*(document.tags or ()), *(document.categories or ())]:
        for tag in str(value).split(","):
            tag = one_line(tag)
            if tag and tag.lower() not in seen and len(tag) <= 80:
                seen[tag.lower()] = tag
    return tuple(seen.values())[:20]


def _blocks_with_figures(markdown: str, figures: dict[int, Figure]) -> tuple[str, tuple[Figure, ...]]:
    """Token images that stand alone become figure blocks; others are dropped."""
    kept: list[Figure] = []
    blocks = []
    for block in re.split(r"\n[ \t]*\n", markdown):
        alone = _ALONE.fullmatch(block.strip())
        if alone is not None:
            figure = figures.get(int(alone.group(1)))
            if figure is not None and figure.src:
                kept.append(figure)
                blocks.append(figure.block())
            continue
        blocks.append(_TOKEN.sub("", block))
    return "\n\n".join(b for b in blocks if b.strip()), tuple(kept)


def extract(html: str, url: str = "", images: bool = True, settings: Settings = SETTINGS) -> Extracted | None:
    """The article in ``html`` (found at ``url``, if known); None if trafilatura finds none.

    With ``images``, its figures are kept as figure blocks (not fetched yet:
    their ``src`` is as the page gives it).
    """
    import trafilatura
    from trafilatura.utils import load_html

    tree = load_html(html)
    if tree is None:
        return None
    lang = _declared_lang(tree)
    figures = mark_figures(tree, url) if images else {}
    document = trafilatura.bare_extraction(
        tree,
        url=url or None,
        fast=settings.fast,
        favor_precision=settings.favor_precision,
        favor_recall=settings.favor_recall,
        include_comments=False,
        include_tables=True,
        include_images=images,
        include_formatting=True,
        include_links=True,
        with_metadata=True,
        date_extraction_params=DATE_PARAMS,
    )
    if document is None or isinstance(document, dict) or not (document.text or "").strip():
        return _fallback(html, url, lang)
    markdown, kept = _blocks_with_figures(document.text or "", figures)
    return Extracted(markdown=markdown, meta=_meta(document, lang), figures=kept)


def _meta(document: Any, lang: str) -> PageMeta:
    return PageMeta(
        title=one_line(document.title or ""),
        authors=_names(document.author),
        date=document.date or "",
        sitename=one_line(document.sitename or ""),
        description=one_line(document.description or ""),
        tags=_tags(document),
        lang=lang,
        url=document.url or "",
    )


def _fallback(html: str, url: str, lang: str) -> Extracted | None:
    """When trafilatura finds no article (too short, or not laid out as one):
    its baseline, the page's text paragraph by paragraph, without figures,
    with the page's metadata. Better a page with some chrome than no page."""
    import trafilatura
    from trafilatura.metadata import extract_metadata
    from trafilatura.utils import load_html

    tree = load_html(html)
    if tree is None:
        return None
    document = extract_metadata(tree, default_url=url or None, date_config=DATE_PARAMS)
    _body, text, _length = trafilatura.baseline(tree)
    paragraphs = [markdown_text(line.strip()) for line in text.splitlines() if line.strip()]
    if not paragraphs:
        return None
    return Extracted(markdown="\n\n".join(paragraphs), meta=_meta(document, lang), figures=())

