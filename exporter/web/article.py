"""A page to an article, and a Markdown input's pictures: the steps of ``web/`` in order.

A page goes: bytes → text (``page.py``) → trafilatura (``extract.py``) →
figures got and lifted out (``pictures.py``) → the cleaner (``clean_text``,
the same as for scraped Markdown) → figures put back → metadata merged
(``meta.py``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from pathlib import Path
from urllib.parse import urlsplit

from ..canonical import split_front_matter
from ..errors import InputError
from ..model import Article
from .extract import SETTINGS, PageMeta, Settings, extract
from .meta import merge
from .net import Fetched, FetchError, Limits, fetch
from .options import WebOptions, is_url
from .page import decode_page
from .pictures import Taken, take_pictures
from .place import words
from .sources import Origin

PAGE_TYPES = frozenset({"text/html", "application/xhtml+xml"})

PAGE_DISABLED = ("read_masthead", "find_body", "read_title")
"""Cleaning rules a page's article skips: the reading of a whole page scraped
as text, headline to footer (its masthead, its headline, where its article
starts and ends). trafilatura has already taken the article out of its page
and ``without_headline`` its headline off; the page's metadata say what a
masthead would. On trafilatura's Markdown those rules only cut the article:
on the corpus's training split, skipping the masthead reading alone kept
0.906 of the article snippets at body F1 0.8369, skipping all three 0.931 at
0.8376 (trafilatura's own text: 0.952, 0.8362; ``bench/web_extraction.py
--also-skip``). Skipping ``strip_body_chrome`` too kept 0.946 but scored
F1 0.8352: chrome it removes comes back."""

_ACCEPT = "text/html,application/xhtml+xml;q=0.9,text/markdown;q=0.8,text/plain;q=0.5"


@dataclass(frozen=True, slots=True)
class Loaded:
    """A page made an article: what the loader hands on (``exporter.load``)."""

    article: Article
    warnings: tuple[str, ...]
    report: tuple[str, ...]


def fetch_input(url: str, options: WebOptions, max_size: int) -> Fetched:
    """The page (or text) the user named: its own host may be any address."""
    if not is_url(url):
        raise FetchError(url, "not an http or https address")
    return fetch(
        url,
        limits=Limits(timeout=options.timeout, max_bytes=max_size),
        network=options.network,
        trusted_host=urlsplit(url).hostname,
        accept=_ACCEPT,
    )


@dataclass(frozen=True, slots=True)
class Read:
    """A page read both ways, before its metadata are merged."""

    page: PageMeta
    """What the page says of itself (trafilatura)."""
    article: Article
    """The cleaner's article: its metadata as read from the text, the body with its pictures."""
    warnings: tuple[str, ...]
    report: tuple[str, ...]


def read_page(
    data: bytes,
    where: str,
    options: WebOptions,
    *,
    url: str = "",
    charset: str = "",
    origin: Origin | None = None,
    base_url: str | None = None,
    disabled: tuple[str, ...] = (),
    settings: Settings = SETTINGS,
    skipped: tuple[str, ...] = PAGE_DISABLED,
) -> Read:
    """A web page's article found by trafilatura, its figures got, cleaned;
    its metadata not merged yet (:func:`page_article` does).

    ``url`` is where it was fetched from (empty for a file); ``origin``
    where its images may come from (None: the web only); ``skipped``, the
    cleaning rules a page skips (:data:`PAGE_DISABLED`; another value only
    to measure it).
    """
    from ..cleaner import clean_text

    text = decode_page(data, charset)
    images = options.images is not False
    extracted = extract(text.text, url=url, images=images, settings=settings)
    if extracted is None or not extracted.markdown.strip():
        raise InputError(where, "no article text found in the page")
    markdown, headline = without_headline(extracted.markdown, extracted.meta.title)
    page = extracted.meta
    if headline and words(headline) != words(page.title):
        # The headline over the article, where the page's title is missing or
        # is the headline with more words (the site's name, a section).
        page = replace(page, title=headline)
    if origin is None:
        origin = Origin(remote=True, base_url=url, network=options.network, timeout=options.timeout)
    taken = take_pictures(markdown, origin) if images else Taken(markdown, (), (), ())
    base = base_url or url or page.url or None
    cleaned = clean_text(taken.text, base_url=base, disabled=(*disabled, *skipped), where=where)
    article = Article(cleaned.article.meta, taken.put_back(cleaned.article.body), taken.pictures)
    return Read(page, article, text.warnings + taken.warnings, cleaned.report)


def page_article(
    data: bytes,
    where: str,
    options: WebOptions,
    *,
    url: str = "",
    charset: str = "",
    origin: Origin | None = None,
    base_url: str | None = None,
    disabled: tuple[str, ...] = (),
) -> Loaded:
    """A web page's article: found by trafilatura, its figures got, cleaned, its metadata merged."""
    read = read_page(data, where, options, url=url, charset=charset, origin=origin, base_url=base_url, disabled=disabled)
    meta = merge(read.article.meta, read.page, url)
    return Loaded(Article(meta, read.article.body, read.article.images), read.warnings, read.report)


def saved_page_origin(path: Path, options: WebOptions) -> Origin:
    """A saved page's images: files in its ``<name>_files`` folder, and the web."""
    return Origin(
        folder=path.parent / f"{path.stem}_files",
        base=path.parent,
        remote=True,
        network=options.network,
        timeout=options.timeout,
    )


def markdown_origin(folder: Path | None, options: WebOptions, base_url: str = "") -> Origin:
    """A Markdown input's images: files in its folder; the web only with ``--images``."""
    return Origin(
        folder=folder,
        base=folder,
        remote=options.images is True,
        base_url=base_url,
        network=options.network,
        timeout=options.timeout,
    )


def take_markdown_pictures(text: str, origin: Origin) -> Taken:
    """A Markdown input's figures taken care of (its front matter left as it is)."""
    head, body = split_front_matter(text)
    if head is None:
        return take_pictures(text, origin)
    taken = take_pictures(body, origin)
    if taken.text == body:
        return taken
    return Taken(f"{text[: len(text) - len(body)]}{taken.text}", taken.lifted, taken.pictures, taken.warnings)


_HEADING = re.compile(r"#{1,6}[ \t]+(?P<text>[^\n]+?)[ \t#]*")


def without_headline(markdown: str, title: str) -> tuple[str, str]:
    """``# Ships in the harbour`` at the top of the article, the headline the front
    matter already holds, → gone; the Markdown, and the heading's text ('' if none went).

    A first heading goes when it says what the title says, or when there is no title."""
    first, _, rest = markdown.lstrip("\n").partition("\n\n")
    match = _HEADING.fullmatch(first.strip())
    if match is None:
        return markdown, ""
    text = match.group("text").strip()
    if title and words(text) != words(title) and not _inside(words(text), words(title)):
        return markdown, ""
    return rest, text


def _inside(part: tuple[str, ...], whole: tuple[str, ...]) -> bool:
    """Whether ``part`` is ``whole`` or a run of it (``Title`` in ``Title | Site``)."""
    n = len(part)
    return n > 0 and any(whole[i : i + n] == part for i in range(len(whole) - n + 1))
