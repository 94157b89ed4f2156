"""The package metadata: what a reading system knows of the book without opening it.

Two values must never change between builds of the same article, because
readers and stores use them: ``dc:identifier`` (libraries de-duplicate books
by it) and ``dcterms:modified`` (both are derived, never random or "now").
"""

from __future__ import annotations

import datetime as _dt
import hashlib
import re
import uuid
from collections.abc import Sequence

from ... import __version__
from ...errors import InputError
from ...model import Article, Metadata
from ...render import LinkMode

CONTENT_NAMESPACE = uuid.UUID("6f1c1b7e-2f55-5a3b-9d0e-5c1e0c7a4e21")
"""UUID namespace for identifiers derived from content when there is no source URL."""

FALLBACK_MODIFIED = _dt.datetime(1980, 1, 1, tzinfo=_dt.UTC)
"""``dcterms:modified`` when the article has no date: fixed, so builds repeat.

1980 is also the earliest time a zip entry can carry."""

_W3CDTF = re.compile(r"^\d{4}(?:-\d{2}(?:-\d{2})?)?$")
_NAME_SUFFIX = frozenset({"jr", "sr", "ii", "iii", "iv"})

# Markdown that a one-line title could trigger: escape it so that only the
# typography of the text changes (quotes, dashes, ellipses), never its form.

CONFORMANCE = "EPUB Accessibility 1.1 - WCAG 2.1 Level AA"
"""What every book we make conforms to, as EPUB Accessibility 1.1 words it;
stated because ``tests/test_ace.py`` runs Ace by DAISY on our books and
finds no violation."""

ACCESSIBILITY = (
    ("schema:accessibilityFeature", "structuralNavigation"),
    ("schema:accessibilityFeature", "tableOfContents"),
    ("schema:accessibilityFeature", "readingOrder"),
    ("schema:accessibilityHazard", "none"),
)
"""schema.org accessibility properties (EPUB Accessibility 1.1, §5.1) true of every book we make;
the access modes depend on its pictures (:func:`access_modes`)."""

SUMMARY = (
    "Reflowable text with a table of contents, landmarks and structured headings, "
    "readable in the reading order of the spine. {links} "
    "{cover}{images}No sound, video, flashing or motion."
)
SUMMARY_COVER = "The cover image has a text alternative. "
SUMMARY_IMAGES = {
    "all": "The text has {n} {pictures}, each with alternative text or a caption. ",
    "some": "The text has {n} {pictures}; {missing} of them {have} neither alternative text nor a caption. ",
}
SUMMARY_LINKS = {
    "notes": "Links in the text are numbered endnotes, each with a link back to its place in the text.",
    "inline": "Links in the text are kept as links.",
    "both": "Links in the text are kept as links and also listed as numbered endnotes, "
    "each with a link back to its place in the text.",
}


def book_identifier(meta: Metadata, articles: Sequence[Article]) -> str:
    """The stable ``dc:identifier``: the given one, else from the source URL, else from content."""
    if meta.identifier:
        return meta.identifier
    if len(articles) == 1 and meta.source:
        return f"urn:uuid:{uuid.uuid5(uuid.NAMESPACE_URL, meta.source.strip())}"
    digest = hashlib.sha256()
    for article in articles:
        key = article.meta.source or f"{article.meta.title}\n{article.body}"
        digest.update(key.encode("utf-8"))
        digest.update(b"\0")
    return f"urn:uuid:{uuid.uuid5(CONTENT_NAMESPACE, digest.hexdigest())}"


def modified_time(meta: Metadata, source_date_epoch: int | None) -> _dt.datetime:
    """``SOURCE_DATE_EPOCH`` when given, else midnight UTC of the article's date."""
    if source_date_epoch is not None:
        try:
            return _dt.datetime.fromtimestamp(source_date_epoch, tz=_dt.UTC)
        except (OverflowError, OSError, ValueError):
            raise InputError(None, f"SOURCE_DATE_EPOCH {source_date_epoch} is out of range") from None
    try:
        day = _dt.date.fromisoformat(meta.date)
    except ValueError:
        return FALLBACK_MODIFIED
    return _dt.datetime(day.year, day.month, day.day, tzinfo=_dt.UTC)


def file_as(name: str) -> str:
    """The sort form of a personal name: ``Dennis Ross`` → ``Ross, Dennis``."""
    words = name.split()
    if "," in name or len(words) < 2:
        return name
    suffix: list[str] = []
    while len(words) > 2 and words[-1].lower().rstrip(".") in _NAME_SUFFIX:
        suffix.insert(0, words.pop())
    sort = f"{words[-1]}, {' '.join(words[:-1])}"
    return f"{sort}, {' '.join(suffix)}" if suffix else sort


Entry = tuple[str | None, str, str, dict[str, str]]
"""``(namespace, name, value, attributes)``, the arguments of ebooklib's ``add_metadata``."""


def _person(element: str, ref: str, name: str, role: str) -> list[Entry]:
    """``dc:creator`` or ``dc:contributor`` with its MARC relator role and sort name."""
    return [
        ("DC", element, name, {"id": ref}),
        (None, "meta", role, {"refines": f"#{ref}", "property": "role", "scheme": "marc:relators"}),
        (None, "meta", file_as(name), {"refines": f"#{ref}", "property": "file-as"}),
    ]


def access_modes(images: int, described: int) -> list[tuple[str, str]]:
    """``schema:accessMode`` and ``schema:accessModeSufficient``: text alone, or,
    with pictures, text and pictures, and text alone only when every picture
    has words that stand for it."""
    if not images:
        return [("schema:accessMode", "textual"), ("schema:accessModeSufficient", "textual")]
    modes = [("schema:accessMode", "textual"), ("schema:accessMode", "visual")]
    if described >= images:
        modes.append(("schema:accessModeSufficient", "textual"))
    modes.append(("schema:accessModeSufficient", "textual,visual"))
    return modes


def _images_summary(images: int, described: int) -> str:
    if not images:
        return ""
    pictures = "picture" if images == 1 else "pictures"
    if described >= images:
        return SUMMARY_IMAGES["all"].format(n=images, pictures=pictures)
    missing = images - described
    return SUMMARY_IMAGES["some"].format(n=images, pictures=pictures, missing=missing, have="has" if missing == 1 else "have")


def metadata_entries(
    meta: Metadata, links: LinkMode, editor: str = "", cover: bool = True, images: int = 0, described: int = 0
) -> list[Entry]:
    """The package metadata for ``meta``, in the order it is written.

    A reading packet with an ``editor`` names the editor as its creator
    (role ``edt``) and the articles' authors as contributors; without one,
    the authors are the creators, as for a single article.
    """
    entries: list[Entry] = [
        ("DC", "title", meta.title, {}),
    ]
    if editor:
        entries += _person("creator", "creator-1", editor, "edt")
    for number, author in enumerate(meta.authors, 1):
        if editor:
            entries += _person("contributor", f"contributor-{number}", author.name, "aut")
        else:
            entries += _person("creator", f"creator-{number}", author.name, "aut")
    if _W3CDTF.match(meta.date):
        entries.append(("DC", "date", meta.date, {}))
    if meta.publisher:
        entries.append(("DC", "publisher", meta.publisher, {}))
    if meta.source:
        entries.append(("DC", "source", meta.source, {}))
    entries += [("DC", "subject", subject, {}) for subject in meta.subjects]
    description = meta.description or meta.subtitle
    if description:
        entries.append(("DC", "description", description, {}))
    entries += [(None, "meta", value, {"property": prop}) for prop, value in access_modes(images, described)]
    entries += [(None, "meta", value, {"property": prop}) for prop, value in ACCESSIBILITY]
    entries.append((None, "meta", CONFORMANCE, {"property": "dcterms:conformsTo"}))
    if cover or described:  # the alt text of the cover, or of the pictures; a book without images has none to give
        entries.append((None, "meta", "alternativeText", {"property": "schema:accessibilityFeature"}))
    summary = SUMMARY.format(
        links=SUMMARY_LINKS[links], cover=SUMMARY_COVER if cover else "", images=_images_summary(images, described)
    )
    entries.append((None, "meta", summary, {"property": "schema:accessibilitySummary"}))
    return entries


GENERATOR = f"exporter {__version__}"
