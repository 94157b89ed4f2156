"""Stage 3, render: an :class:`Article` to XHTML fragments, once, for every backend.

The steps, in order (each one's reason beside it):

====================  =========================================================
``markdown``          Python-Markdown turns the canonical body into HTML,
                      with typographic quotes, dashes and ellipses
                      (``educate.py``: smarty's rules, at a fraction of its cost)
                      and links found in linear time (``brackets.py``).
``sanitize``          nh3 keeps only a small allowlist of tags and attributes
                      and http(s)/mailto URLs: scraped input is untrusted, so
                      raw HTML in it never reaches a backend as anything live.
``parse``             the sanitized HTML becomes an ElementTree (``tree.py``).
``pictures``          an image stays only if it is one of the article's own
                      pictures, named by its reference (``pictures.py``);
                      every other one goes, remote or local.
``notes``             each absolute link gets a numbered note (``notes.py``).
``headings``          headings from ``<h2>``, no level skipped; ids, for the
                      table of contents and outline.
====================  =========================================================
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass, replace
from typing import Literal

import markdown
import nh3
from markdown.extensions import Extension
from markdown.extensions.sane_lists import SaneListExtension
from markdown.extensions.tables import TableExtension

from ..canonical import heading_levels
from ..model import Article, Heading, Picture, RenderedArticle
from .brackets import LinearLinks
from .educate import Educate
from .literal import protect_dense_blocks, restore_dense_blocks
from .notes import apply_notes
from .pictures import place_pictures
from .tree import parse_fragment, text_content

__all__ = [
    "LinkMode",
    "RenderOptions",
    "render_article",
    "render_fragment",
]

LinkMode = Literal["notes", "inline", "both"]

ALLOWED_TAGS = frozenset(
    {
        "p", "br", "hr", "h1", "h2", "h3", "h4", "h5", "h6",
        "em", "strong", "i", "b", "u", "s", "del", "ins", "mark", "small",
        "sub", "sup", "code", "kbd", "samp", "var", "pre", "q", "cite", "abbr",
        "blockquote", "ul", "ol", "li", "dl", "dt", "dd", "a",
        "table", "thead", "tbody", "tfoot", "tr", "th", "td", "caption",
        "figure", "figcaption", "span", "img",
    }
)  # fmt: skip
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title"},
    "abbr": {"title"},
    "ol": {"start"},
    "img": {"src", "alt"},
    "td": {"colspan", "rowspan"},
    "th": {"colspan", "rowspan"},
}
URL_SCHEMES = frozenset({"http", "https", "mailto"})


@dataclass(frozen=True, slots=True)
class RenderOptions:
    """How links come out; the writers pick them (``compose.ComposeOptions``)."""

    links: LinkMode = "notes"
    """``notes``: links become numbered notes; ``inline``: links stay
    links; ``both``: links stay links and also get a note."""
    id_prefix: str = ""
    """Prefix for every id, unique per article within a packet (``a2-``)."""
    typography: bool = True
    """Curly quotes, en and em dashes, ellipses."""


def _markdown(options: RenderOptions) -> markdown.Markdown:
    # Instances, not names: a name makes Python-Markdown scan every installed
    # package's entry points, which costs more than rendering a short article.
    # Educate is smarty's typography at half the cost of rendering (educate.py).
    extensions: list[str | Extension] = [SaneListExtension(), TableExtension(), LinearLinks()]
    if options.typography:
        extensions.append(Educate())
    return markdown.Markdown(extensions=extensions, output_format="xhtml")


def _sanitize(html: str) -> str:
    return nh3.clean(
        html,
        tags=set(ALLOWED_TAGS),
        attributes={k: set(v) for k, v in ALLOWED_ATTRIBUTES.items()},
        url_schemes=set(URL_SCHEMES),
        link_rel=None,
        strip_comments=True,
    )


def markdown_tree(text: str, options: RenderOptions, pictures: tuple[Picture, ...] = ()) -> ET.Element:
    """Canonical Markdown to a sanitized tree rooted at a ``<div>``, with only
    ``pictures`` for images."""
    text, literal = protect_dense_blocks(text)
    html = restore_dense_blocks(_markdown(options).convert(text), literal)
    root = parse_fragment(_sanitize(html))
    place_pictures(root, pictures)
    return root


_SLUG_DROP = re.compile(r"[^\w\s-]")
_SLUG_SPACE = re.compile(r"[\s_-]+")


def slugify(text: str, fallback: str = "section") -> str:
    """ASCII-ish, lower-case, hyphenated; used for ids and file names."""
    slug = _SLUG_SPACE.sub("-", _SLUG_DROP.sub("", text.lower())).strip("-")
    return slug[:60].strip("-") or fallback


_HEADINGS = ("h1", "h2", "h3", "h4", "h5", "h6")


def _heading_levels(root: ET.Element) -> None:
    """Body headings from ``<h2>``, no level skipped (``canonical.heading_levels``):
    a canonical file taken as it stands may have been written otherwise by hand."""
    headings = [element for element in root.iter() if element.tag in _HEADINGS]
    levels = heading_levels([int(element.tag[1]) for element in headings])
    for element, level in zip(headings, levels, strict=True):
        element.tag = f"h{level}"


def _heading_ids(root: ET.Element, prefix: str) -> tuple[Heading, ...]:
    headings = []
    seen: set[str] = set()
    for element in root.iter():
        if element.tag in {"h1", "h2", "h3", "h4", "h5", "h6"}:
            text = " ".join(text_content(element).split())
            base = f"{prefix}{slugify(text)}"
            ident, n = base, 2
            while ident in seen:
                ident, n = f"{base}-{n}", n + 1
            seen.add(ident)
            element.set("id", ident)
            headings.append(Heading(int(element.tag[1]), text, ident))
    return tuple(headings)


def render_fragment(text: str, options: RenderOptions | None = None) -> ET.Element:
    """A small Markdown text (a bio, an introduction) as a ``<div>``, links kept as links.

    Only absolute links stay links: a relative one would point into the book
    (or the PDF) at a file that is not there.
    """
    options = options or RenderOptions()
    root = markdown_tree(text, options)
    apply_notes(root, replace(options, links="inline"))
    return root


def render_article(article: Article, options: RenderOptions | None = None) -> RenderedArticle:
    """Render ``article`` once; the result feeds any backend."""
    options = options or RenderOptions()
    root = markdown_tree(article.body, options, article.images)
    _heading_levels(root)
    notes = apply_notes(root, options)
    headings = _heading_ids(root, options.id_prefix)
    bios = "\n\n".join(a.bio for a in article.meta.authors if a.bio)
    bio = render_fragment(bios, RenderOptions(links="inline", typography=options.typography)) if bios else None
    return RenderedArticle(
        article=article,
        body=root,
        bio=bio,
        notes=notes,
        headings=headings,
        id_prefix=options.id_prefix,
    )
