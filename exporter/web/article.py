"""A page to an article, and a Markdown input's pictures: the steps of ``web/`` in order.

A page goes: bytes → text (``page.py``) → trafilatura (``extract.py``) →
figures got and lifted out (``pictures.py``) → the cleaner (``clean_text``,
the same as for scraped Markdown) → figures put back → metadata merged
(``meta.py``).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from ..canonical import split_front_matter
from ..errors import InputError
from ..model import Article
from .extract import extract
from .meta import merge
from .net import Fetched, FetchError, Limits, fetch
from .options import WebOptions, is_url
from .page import decode_page
from .pictures import Taken, take_pictures
from .sources import Origin

PAGE_TYPES = frozenset({"text/html", "application/xhtml+xml"})
TEXT_TYPES = frozenset({"text/plain", "text/markdown", "text/x-markdown"})
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
    """A web page's article: found by trafilatura, its figures got, cleaned, its metadata merged.

    ``url`` is where it was fetched from (empty for a file); ``origin``
    where its images may come from (None: the web only).
    """
    from ..clean import clean_text

    page = decode_page(data, charset)
    images = options.images is not False
    extracted = extract(page.text, url=url, images=images)
    if extracted is None or not extracted.markdown.strip():
        raise InputError(where, "no article text found in the page")
    if origin is None:
        origin = Origin(remote=True, base_url=url, network=options.network, timeout=options.timeout)
    taken = take_pictures(extracted.markdown, origin) if images else Taken(extracted.markdown, (), (), ())
    base = base_url or url or extracted.meta.url or None
    cleaned = clean_text(taken.text, base_url=base, disabled=disabled, where=where)
    body = taken.put_back(cleaned.article.body)
    meta = merge(cleaned.article.meta, extracted.meta, url)
    warnings = page.warnings + taken.warnings
    return Loaded(Article(meta, body, taken.pictures), warnings, cleaned.report)


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
