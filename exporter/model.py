"""The document model passed from stage to stage.

``read`` gives text, ``clean`` gives an :class:`Article`, ``render`` gives a
:class:`RenderedArticle`, and each backend turns one or more of those into a
file. Everything here is immutable; sequences are tuples.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Author:
    """One author of an article."""

    name: str
    """The name as printed in a byline ("Dennis Ross")."""
    bio: str = ""
    """A short biography in canonical Markdown, or empty."""


@dataclass(frozen=True, slots=True)
class Metadata:
    """What the front matter of a canonical Markdown file says."""

    title: str
    """The headline."""
    subtitle: str = ""
    """The dek or standfirst: one sentence under the headline."""
    authors: tuple[Author, ...] = ()
    """Authors in byline order."""
    date: str = ""
    """Publication date, ISO 8601 ``YYYY-MM-DD``, or empty when unknown."""
    lang: str = "en"
    """BCP 47 language tag of the body text."""
    publisher: str = ""
    """The site or publication the article was taken from."""
    subjects: tuple[str, ...] = ()
    """Topics or tags the page listed."""
    description: str = ""
    """A summary; defaults to the subtitle when written out."""
    identifier: str = ""
    """A stable identifier (``urn:…`` or a URL), or empty."""
    source: str = ""
    """The URL the article was originally published at."""
    also_published_in: str = ""
    """The other publication the page says the article also appeared in."""
    section: str = ""
    """The site's section label ("Analysis", "Articles & Testimony")."""

    @property
    def author_names(self) -> tuple[str, ...]:
        return tuple(a.name for a in self.authors)


@dataclass(frozen=True, slots=True)
class Picture:
    """An image of an article's body, decoded, checked and re-encoded by us.

    Its bytes are never the source's: every picture is decoded and encoded
    again (``web/images.py``), so no metadata, script or trailing payload of
    the original file reaches an output.
    """

    src: str
    """The reference the body uses for it, exactly as written there
    (``the-slug/img-01.jpg``, or ``img-01.jpg`` before it is written out)."""
    name: str
    """Its own file name, ``img-NN.jpg`` or ``img-NN.png``: unique within the article."""
    data: bytes
    media_type: str
    """``image/jpeg`` or ``image/png``."""
    width: int
    height: int


@dataclass(frozen=True, slots=True)
class Article:
    """One cleaned article: metadata, a canonical Markdown body and its pictures."""

    meta: Metadata
    body: str
    """The article's own text in canonical Markdown (see ``canonical.py``)."""
    images: tuple[Picture, ...] = ()
    """The pictures the body shows, in order. The renderer keeps an image only
    when its ``src`` names one of these: never a remote or any other file."""


@dataclass(frozen=True, slots=True)
class Note:
    """One endnote made from a body link."""

    number: int
    """1-based, in order of appearance within its article."""
    text: str
    """The linked words, as plain text."""
    url: str
    """The readable URL the link pointed at."""


@dataclass(frozen=True, slots=True)
class Heading:
    """A heading of the body, for tables of contents and PDF outlines."""

    level: int
    text: str
    id: str


@dataclass(frozen=True, slots=True)
class RenderedArticle:
    """An article rendered once to XHTML trees, shared by every backend.

    The trees are the renderer's to make and nobody's to change: a writer
    that needs them otherwise works on a copy.
    """

    article: Article
    body: ET.Element
    """The body, as the children of a ``<div>``; links carry noterefs per the options."""
    notes: tuple[Note, ...]
    headings: tuple[Heading, ...] = ()
    bio: ET.Element | None = None
    """The authors' bios (one ``<p>`` or more) in a ``<div>``, or None."""
    id_prefix: str = ""
    """Prefix of every id in ``body``: unique per article within a packet."""

    @property
    def meta(self) -> Metadata:
        return self.article.meta


@dataclass(frozen=True, slots=True)
class Packet:
    """Several articles bound into one book or handout."""

    title: str
    articles: tuple[Article, ...]
    subtitle: str = ""
    editor: str = ""
    date: str = ""
    lang: str = "en"
    intro: str = ""
    """Canonical Markdown of an introduction, or empty."""
