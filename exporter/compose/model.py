"""The document every writer gets: one article or a packet, its parts built once.

A :class:`Document` is an optional packet front matter (title page,
contents, introduction) and one :class:`Part` per article: its masthead,
body, notes and bio, as XHTML trees. Writers arrange these parts into their
own files and pages; none builds a masthead, a note or a bio of its own.
The trees are shared and never changed: a writer that needs one otherwise
works on a copy (``xhtml.copied``).
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from dataclasses import dataclass
from typing import Literal

from ..model import Article, Heading, Metadata, Note
from ..render import LinkMode
from .labels import Labels
from .xhtml import copied, element

Backlinks = Literal["after", "before"]


@dataclass(frozen=True, slots=True)
class ComposeOptions:
    """What the writer asks of the document's parts."""

    links: LinkMode = "notes"
    """``notes``: links become numbered notes; ``inline``: links stay links;
    ``both``: links stay and also get a note."""
    backlinks: Backlinks = "after"
    """Where a note's link back to its call goes: ``after`` the note, as an
    arrow (e-books, as Standard Ebooks sets them), or ``before`` it, as the
    note's number (paper, as journals print them)."""
    contents: bool = True
    """A packet's printed contents page (``--no-toc`` leaves it out)."""


@dataclass(frozen=True, slots=True)
class Masthead:
    """What heads an article: the headline and dek, then who, when and where."""

    kicker: ET.Element | None
    """The site's section label over the headline, or None."""
    title: ET.Element
    """The ``<h1>``, with the article's title id."""
    dek: ET.Element | None
    credits: tuple[ET.Element, ...]
    """Byline, imprint (publisher and date), "Also published in", source."""
    running_title: str
    """The short title for running heads."""
    running_author: str

    def header(self, credits: bool = True) -> ET.Element:
        """The ``<header class="masthead">``, a fresh copy; without ``credits``,
        only the headline and dek (where a title page already credits them)."""
        header = element(None, "header", class_="masthead")
        shown = [self.kicker, self.title, self.dek, *(self.credits if credits else ())]
        header.extend(copied(piece) for piece in shown if piece is not None)
        return header


@dataclass(frozen=True, slots=True)
class Part:
    """One article of the document."""

    article: Article
    meta: Metadata
    """The article's metadata as a reader sees it: typographic quotes and dashes."""
    prefix: str
    """Prefix of every id of the part: empty for a single article, ``a<n>-`` in a packet."""
    lang: str
    """The article's language tag, checked (``und`` when the input's is not one)."""
    labels: Labels
    """The words printed around the article, in its language."""
    masthead: Masthead
    body: ET.Element
    """The body's blocks, as the children of a ``<div>``."""
    notes: tuple[Note, ...]
    notes_list: ET.Element | None
    """The notes as an ``<ol>`` of ``<li id="…note-N">``, or None when there are none."""
    bio: ET.Element | None
    """``<section class="bio">`` with its heading, or None when no author has a bio."""
    headings: tuple[Heading, ...]

    @property
    def id(self) -> str:
        """The id of the article as a whole (its section or file)."""
        return f"{self.prefix}_article"

    @property
    def title_id(self) -> str:
        return f"{self.prefix}_title"

    @property
    def notes_id(self) -> str:
        return f"{self.prefix}_notes"


@dataclass(frozen=True, slots=True)
class Front:
    """A packet's own pages before its articles."""

    title_page: ET.Element
    contents: ET.Element | None
    """The printed contents: one line per article, "title, author", linking
    to it; None when left out."""
    intro: ET.Element | None


@dataclass(frozen=True, slots=True)
class Document:
    """One article, or a reading packet, ready for any writer."""

    meta: Metadata
    """The document's own metadata, typographic: the article's, or the packet's
    title, subtitle, date and language with every article's authors once."""
    editor: str
    """A packet's editor, typographic, or empty."""
    lang: str
    labels: Labels
    parts: tuple[Part, ...]
    front: Front | None
    """A packet's title page, contents and introduction; None for one article."""
    articles: tuple[Article, ...]
    """The articles as they came, for identifiers derived from their content."""

    @property
    def is_packet(self) -> bool:
        return self.front is not None
