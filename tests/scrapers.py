"""Turn an article page's HTML into Markdown the way real scrapers do.

The evaluation corpus (``tests/fixtures/pages``) holds HTML pages; the
cleaner never sees them. It sees what a scraper made of them, and each
function here imitates one family of scrapers, artifacts included:

=================  ==========================================================
style              imitates
=================  ==========================================================
html2text          ``html2text`` with its defaults (hard wrap at 78 columns)
html2text_wrap72   ``html2text`` with ``body_width=72``
html2text_nowrap   ``html2text`` with ``body_width=0`` (the usual scraper set-up)
markdownify_atx    ``markdownify`` with ATX headings, whole document
print_pdf          print to PDF, then PDF back to text: headings as plain
                   lines, links printed twice (``**[text](url)** (<url>)``),
                   icon-font glyphs, ``<!-- image -->`` placeholders, page
                   headers and footers, paragraphs split across page breaks
clipper            a browser "save as Markdown" clipper: ``# <title>`` and a
                   ``Source:`` line, chrome before the headline dropped
reader_api         a "URL to Markdown" reader service: ``Title:``/``URL
                   Source:`` header, whole page, setext headings, absolute
                   links, ``![Image 1: alt](url)`` images
=================  ==========================================================

Every function is ``(html: str) -> str`` and deterministic: the output
depends on the page only, never on today's date or on hash seeds.
"""

from __future__ import annotations

import re
import zlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from urllib.parse import urljoin, urlsplit

import html2text as _html2text
from bs4 import BeautifulSoup, Comment, Doctype, NavigableString, Tag
from markdownify import ATX, UNDERLINED
from markdownify import markdownify as _markdownify

Scraper = Callable[[str], str]


# --------------------------------------------------------------------------
# Helpers shared by the styles


def _soup(html: str) -> BeautifulSoup:
    return BeautifulSoup(html, "html.parser")


def _page_url(soup: BeautifulSoup) -> str:
    """The canonical URL the page names, or an empty string."""
    link = soup.find("link", rel="canonical")
    if isinstance(link, Tag):
        href = link.get("href")
        if isinstance(href, str):
            return href
    return ""


def _page_title(soup: BeautifulSoup) -> str:
    """The ``<title>``, site suffix and all, as a browser shows it."""
    return soup.title.get_text(" ", strip=True) if soup.title else ""


def _published_time(soup: BeautifulSoup) -> str:
    meta = soup.find("meta", property="article:published_time")
    if isinstance(meta, Tag):
        content = meta.get("content")
        if isinstance(content, str):
            return content
    return ""


def _absolutize(root: Tag, base: str) -> None:
    """Resolve relative ``href``/``src`` against ``base``, as clippers do."""
    if not base:
        return
    for tag in root.find_all(["a", "img"]):
        attr = "href" if tag.name == "a" else "src"
        value = tag.get(attr)
        if isinstance(value, str) and not value.startswith(("#", "mailto:", "javascript:")):
            tag[attr] = urljoin(base, value)


def _headline(soup: BeautifulSoup) -> Tag | None:
    """The element holding the headline: the first ``h1``, else the element
    whose whole text is the ``<title>`` minus its site suffix."""
    h1 = soup.find("h1")
    if isinstance(h1, Tag):
        return h1
    title = re.split(r"\s+[|\u2013\u2014-]\s+", _page_title(soup))[0].strip()
    body = soup.body or soup
    for tag in body.find_all(True):
        if tag.get_text(" ", strip=True) == title:
            return tag
    return None


def _text_heavy_parent(soup: BeautifulSoup) -> Tag | None:
    """The element whose direct paragraph children hold the most text."""
    best: Tag | None = None
    best_score = 0
    for tag in soup.find_all(True):
        score = 0
        for child in tag.find_all(recursive=False):
            if child.name == "p" or (child.name == "div" and child.find(["div", "p", "ul", "ol"]) is None):
                score += len(child.get_text(strip=True))
        if score > best_score:
            best, best_score = tag, score
    return best


def _common_ancestor(a: Tag, b: Tag) -> Tag:
    ancestors_of_a = {id(a)} | {id(p) for p in a.parents}
    node: Tag = b
    while id(node) not in ancestors_of_a and node.parent is not None:
        node = node.parent
    return node


# --------------------------------------------------------------------------
# html2text and markdownify, as scrapers call them


def html2text_default(html: str) -> str:
    """``html2text`` with its default settings (78-column hard wrap)."""
    return _html2text.HTML2Text().handle(html)


def html2text_wrap72(html: str) -> str:
    """``html2text`` hard-wrapping at 72 columns."""
    converter = _html2text.HTML2Text()
    converter.body_width = 72
    return converter.handle(html)


def html2text_nowrap(html: str) -> str:
    """``html2text`` with wrapping off, one line per paragraph."""
    converter = _html2text.HTML2Text()
    converter.body_width = 0
    return converter.handle(html)


def markdownify_atx(html: str) -> str:
    """``markdownify`` over the whole document, ATX (``#``) headings."""
    return _markdownify(html, heading_style=ATX)


# --------------------------------------------------------------------------
# Reader service: header lines, then the whole page


def reader_api(html: str) -> str:
    """A URL-to-Markdown reader service (``Title:``, ``URL Source:``, …)."""
    soup = _soup(html)
    url = _page_url(soup)
    title = _page_title(soup)
    published = _published_time(soup)
    body = soup.body or soup
    for tag in body.find_all(["script", "style", "noscript", "svg"]):
        tag.decompose()
    _absolutize(body, url)
    for number, img in enumerate(body.find_all("img"), start=1):
        img["alt"] = f"Image {number}: {img.get('alt') or ''}".rstrip(": ").rstrip()
    markdown = _markdownify(str(body), heading_style=UNDERLINED, bullets="*")
    markdown = re.sub(r"\n{3,}", "\n\n", markdown).strip()
    head = [f"Title: {title}", f"URL Source: {url}"]
    if published:
        head.append(f"Published Time: {published}")
    return "\n\n".join(head) + "\n\nMarkdown Content:\n" + markdown + "\n"


# --------------------------------------------------------------------------
# Browser clipper: headline onward, inside the main content container


def clipper(html: str) -> str:
    """A browser "save as Markdown" clipper.

    It keeps the smallest container holding both the headline and the
    paragraph-richest element, drops everything before the headline (the
    headline itself becomes a ``# <title>`` line, site suffix included) and
    puts a ``Source:`` line on top. What follows the headline inside the
    container (byline, share bar, tags, related links) stays.
    """
    soup = _soup(html)
    url = _page_url(soup)
    title = _page_title(soup)
    headline = _headline(soup)
    text_parent = _text_heavy_parent(soup)
    if headline is None or text_parent is None:
        root: Tag = soup.body or soup
    else:
        root = _common_ancestor(headline, text_parent)
        node: Tag = headline
        while node is not root and node.parent is not None:
            for sibling in list(node.previous_siblings):
                sibling.extract()
            node = node.parent
        headline.decompose()
    for tag in root.find_all(["script", "style", "noscript", "nav", "form", "button", "input", "svg", "iframe"]):
        tag.decompose()
    _absolutize(root, url)
    markdown = _markdownify(str(root), heading_style=ATX, bullets="-")
    markdown = re.sub(r"\n{3,}", "\n\n", markdown).strip()
    return f"# {title}\n\nSource: {url}\n\n{markdown}\n"


# --------------------------------------------------------------------------
# Print to PDF, then PDF to text

_PRINT_STAMP = "3/14/25, 10:15 AM"
"""The browser's print time in page headers: fixed, so outputs are stable."""

_PAGE_CHARS = 2400
"""Characters of text per printed page."""

_HIDDEN_IN_PRINT = frozenset(
    {"script", "style", "noscript", "head", "nav", "svg", "input", "select", "textarea", "template", "iframe"}
)
_BLOCK_TAGS = frozenset(
    {
        "address", "article", "aside", "blockquote", "body", "dd", "details", "dialog", "div", "dl", "dt",
        "fieldset", "figcaption", "figure", "footer", "form", "h1", "h2", "h3", "h4", "h5", "h6", "header",
        "hr", "html", "li", "main", "ol", "p", "picture", "section", "summary", "table", "tr", "ul",
    }
)
_UPPERCASE_CLASS = re.compile(r"kicker|eyebrow|label|dachzeile|antetitulo|rubrique|release-type|content-type")
"""Class names that print stylesheets set in small capitals (``text-transform: uppercase``)."""
_ICON_CLASS = re.compile(r"\b(?:icon|fa|fa-\w[\w-]*)\b")
_ICON_GLYPHS = "\ue800\ue801\ue802\ue803\uf09a\uf099\uf0e0\uf02f"
"""Private-use code points an icon font leaves in extracted text."""


@dataclass
class _PrintState:
    """Scratch state of one rendering of a page for print."""

    blocks: list[str] = field(default_factory=list)
    kinds: list[str] = field(default_factory=list)
    line: list[str] = field(default_factory=list)
    chars: int = 0
    """Characters emitted so far; links after the first page lose their
    Markdown link, as PDF converters lose link annotations."""
    uppercase: int = 0
    icons: int = 0

    def flush(self, kind: str = "p", prefix: str = "") -> None:
        text = "".join(self.line)
        text = re.sub(r" +", " ", text)
        text = re.sub(r" ?\n ?", "\n", text).strip()
        self.line = []
        if text:
            self.blocks.append(prefix + text)
            self.kinds.append(kind)
            self.chars += len(text) + 2


def _classes(tag: Tag) -> str:
    value = tag.get("class")
    return " ".join(value) if isinstance(value, list) else str(value or "")


def _print_link(text: str, href: str, state: _PrintState) -> str:
    plain = text.strip()
    if href.startswith(("http://", "https://")):
        if not plain or all(ch in _ICON_GLYPHS for ch in plain.replace(" ", "")):
            return f"{text} (<{href}>)"
        if state.chars < _PAGE_CHARS:
            return f"**[{plain}]({href})** (<{href}>)"
        return f"**{plain}** (<{href}>)"
    if href.startswith("/") and plain:
        return f"[{plain} \\({href}\\)](#)"
    return text


def _render_inline(node: Tag, state: _PrintState) -> str:
    saved = state.line
    state.line = []
    for child in node.children:
        _render(child, state)
    text = "".join(state.line)
    state.line = saved
    return text


def _render(node: object, state: _PrintState) -> None:
    if isinstance(node, (Comment, Doctype)):
        return
    if isinstance(node, NavigableString):
        text = re.sub(r"\s+", " ", str(node)).replace("$", "\\$")
        state.line.append(text.upper() if state.uppercase else text)
        return
    if not isinstance(node, Tag) or node.name in _HIDDEN_IN_PRINT:
        return
    name = node.name
    upper = bool(_UPPERCASE_CLASS.search(_classes(node)))
    state.uppercase += upper
    try:
        if name == "br":
            state.line.append("\n")
        elif name == "img":
            state.flush()
            state.blocks.append("<!-- image -->")
            state.kinds.append("image")
        elif name in ("i", "span") and _ICON_CLASS.search(_classes(node)) and not node.get_text(strip=True):
            state.line.append(_ICON_GLYPHS[state.icons % len(_ICON_GLYPHS)])
            state.icons += 1
        elif name == "a" and node.find(list(_BLOCK_TAGS)) is None:
            href = node.get("href")
            text = _render_inline(node, state)
            state.line.append(_print_link(text, href if isinstance(href, str) else "", state))
        elif name in ("strong", "b", "em", "i") and node.find(list(_BLOCK_TAGS)) is None:
            text = _render_inline(node, state)
            mark = "**" if name in ("strong", "b") else "*"
            core = text.strip()
            if core:
                lead = text[: len(text) - len(text.lstrip())]
                trail = text[len(text.rstrip()) :]
                state.line.append(f"{lead}{mark}{core}{mark}{trail}")
            else:
                state.line.append(text)
        elif name in ("ul", "ol"):
            state.flush()
            number = 0
            for item in node.find_all("li", recursive=False):
                number += 1
                for child in item.children:
                    _render(child, state)
                state.flush("li", f"{number}. " if name == "ol" else "• ")
        elif name in _BLOCK_TAGS:
            state.flush()
            for child in node.children:
                _render(child, state)
            state.flush("h" if name[0] == "h" and name[1:].isdigit() else "p")
        else:
            for child in node.children:
                _render(child, state)
    finally:
        state.uppercase -= upper


def _split_point(text: str, room: int) -> int | None:
    """Where to break a paragraph at a page end: a space near ``room`` that
    is not the end of a sentence, leaving some words on both sides."""
    lo, hi = 40, len(text) - 40
    if hi <= lo:
        return None
    target = min(max(room, lo), hi)
    candidates = [m.start() for m in re.finditer(" ", text) if lo <= m.start() <= hi and text[m.start() - 1] not in ".?!:;"]
    if not candidates:
        return None
    return min(candidates, key=lambda i: abs(i - target))


def _paginate(blocks: list[str], kinds: list[str]) -> list[list[str]]:
    pages: list[list[str]] = [[]]
    used = 0
    for text, kind in zip(blocks, kinds):
        while used + len(text) > _PAGE_CHARS:
            cut = _split_point(text, _PAGE_CHARS - used) if kind == "p" and len(text) > 120 else None
            if cut is not None:
                pages[-1].append(text[:cut])
                text = text[cut + 1 :]
            pages.append([])
            used = 0
            if cut is None:
                break
        pages[-1].append(text)
        used += len(text) + 2
    return [page for page in pages if page]


def _page_chrome(variant: int, title: str, url: str, number: int, total: int) -> tuple[list[str], list[str]]:
    """The running header and footer lines printed on one page."""
    host = urlsplit(url).netloc
    if variant == 0:
        return [f"{_PRINT_STAMP} {title}"], [f"{url} {number}/{total}"]
    if variant == 1:
        return [f"{host} | 14 March 2025"], [f"Page {number} of {total}"]
    return [], []


def print_pdf(html: str) -> str:
    """Print to PDF with the site's print stylesheet, then convert the PDF
    back to Markdown-ish text.

    Navigation is hidden in print; everything else prints. Headings come
    back as plain lines, list bullets as ``•``, images as
    ``<!-- image -->``, icon fonts as private-use characters, labels set in
    capitals as upper-case text. Absolute links are printed with their URL
    after them (``**[text](url)** (<url>)``, and only ``**text** (<url>)``
    after the first page), relative ones as ``[text \\(/path\\)](#)``.
    Pages are about 2,400 characters; a paragraph running over a page end is
    split mid-sentence, and depending on the page either the browser's
    header and footer, a "Page n of N" line, or nothing sits in the gap.
    """
    soup = _soup(html)
    url = _page_url(soup)
    title = _page_title(soup)
    state = _PrintState()
    _render(soup.body or soup, state)
    state.flush()
    pages = _paginate(state.blocks, state.kinds)
    variant = zlib.crc32(url.encode()) % 3
    out: list[str] = []
    for number, page in enumerate(pages, start=1):
        header, footer = _page_chrome(variant, title, url, number, len(pages))
        out.extend(header)
        out.extend(page)
        out.extend(footer)
    return "\n\n".join(out) + "\n"


# --------------------------------------------------------------------------

STYLES: dict[str, Scraper] = {
    "html2text": html2text_default,
    "html2text_wrap72": html2text_wrap72,
    "html2text_nowrap": html2text_nowrap,
    "markdownify_atx": markdownify_atx,
    "print_pdf": print_pdf,
    "clipper": clipper,
    "reader_api": reader_api,
}
"""Every scraper style by name, in the order reports list them."""


def scrape_all(html: str) -> Iterator[tuple[str, str]]:
    """``(style, markdown)`` for every style in :data:`STYLES`."""
    for name, scraper in STYLES.items():
        yield name, scraper(html)
