"""The HTML writer: a document as one self-contained web page.

For the web and for reading aloud: one file with the same masthead, notes
and bio as the e-book and the PDF, its style sheet inside it
(``styles/html.css``), and nothing to fetch. A packet's title page and
contents come first; each article is followed by its bio and its notes.

The page is as inert as the input is untrusted: the renderer already keeps
only a small allowlist of tags and attributes, and the page's content
security policy forbids scripts and every load but its own inline style
and its pictures, which are inside it as data addresses.
"""

from __future__ import annotations

import base64
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from pathlib import Path

from ...compose import ComposeOptions, Document, Part, compose
from ...compose.article import article_section
from ...compose.language import is_rtl
from ...compose.xhtml import copied, element, without_epub_types
from ...errors import ExporterError, InputError
from ...model import Article, Packet
from ...render import LinkMode
from .. import STYLES
from ..result import Built, Progress, no_progress

__all__ = ["SUFFIX", "Options", "export", "write"]

SUFFIX = ".html"

POLICY = "default-src 'none'; style-src 'unsafe-inline'; img-src data:"
"""Nothing runs and nothing loads: the page's own style, and images inside it."""


@dataclass(frozen=True, slots=True)
class Options:
    """How the page is made."""

    links: LinkMode = "notes"
    """``notes``: numbered notes after each article, the words kept in the
    text; ``inline``: live links; ``both``: live links and notes."""
    css: tuple[Path, ...] = ()
    """Style sheets of the user's, put in the page after ours (what they
    name beside them is not fetched: the page loads nothing)."""
    toc: bool = True
    """A packet's contents."""

    @property
    def compose(self) -> ComposeOptions:
        """Notes end with an arrow back to their call, as on screens."""
        return ComposeOptions(links=self.links, backlinks="after", contents=self.toc)


def _stylesheet(path: Path, error: type[ExporterError] = ExporterError) -> str:
    """A style sheet's text, to go inside ``<style>`` as it is (HTML does not escape there)."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise error(path, f"cannot read the style sheet ({getattr(exc, 'strerror', None) or exc})") from None
    if "</style" in text.lower():
        raise error(path, "a style sheet may not hold '</style'")
    return text


def _with_pictures(section: ET.Element, part: Part) -> ET.Element:
    """The article's pictures inside the page, as data addresses: the page
    loads nothing (its policy allows images from ``data:`` only)."""
    inline = {
        picture.name: f"data:{picture.media_type};base64,{base64.b64encode(picture.data).decode('ascii')}"
        for picture in part.article.images
    }
    for image in section.iter("img"):
        image.set("src", inline.get(image.get("src", ""), ""))
    return section


def write(document: Document, options: Options) -> Built:
    """The page of ``document`` (composed with ``options.compose``)."""
    html = element(None, "html", lang=document.lang)
    if is_rtl(document.lang):
        html.set("dir", "rtl")
    head = element(html, "head")
    element(head, "meta", charset="utf-8")
    element(head, "meta", http_equiv="Content-Security-Policy", content=POLICY)
    element(head, "meta", name="viewport", content="width=device-width, initial-scale=1")
    element(head, "title", document.meta.title)
    for name in (document.editor,) if document.editor else document.meta.author_names:
        element(head, "meta", name="author", content=name)
    if document.meta.description or document.meta.subtitle:
        element(head, "meta", name="description", content=document.meta.description or document.meta.subtitle)
    element(head, "meta", name="generator", content="exporter")
    element(head, "style", _stylesheet(STYLES / "html.css"))
    for sheet in options.css:
        element(head, "style", _stylesheet(sheet, InputError))
    body = element(html, "body")
    main = element(body, "main")
    if document.front is not None:
        front = document.front
        main.extend(copied(piece) for piece in (front.title_page, front.contents, front.intro) if piece is not None)
    main.extend(_with_pictures(article_section(part), part) for part in document.parts)
    without_epub_types(main)
    return Built(("<!DOCTYPE html>\n" + ET.tostring(html, encoding="unicode", method="html") + "\n").encode("utf-8"))


def export(work: Article | Packet, options: Options, progress: Progress = no_progress) -> Built:
    """One article's page, or a reading packet's; ``progress`` ticks once per article."""
    return write(compose(work, options.compose, progress), options)
