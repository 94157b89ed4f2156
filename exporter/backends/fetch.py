"""The only way WeasyPrint may read anything: our own styles folder and the document's pictures.

The article is untrusted. WeasyPrint's default fetcher opens any ``file://``
path and any network URL a document names (``<img>``, ``<link>``,
``@import``, ``url(…)`` in any property), which turns a scraped page into a
way to read local files into a PDF or to probe the network from the machine
that renders it. The renderer already strips such markup; this fetcher is the
second wall, so that the sandbox holds even if sanitizing were bypassed.

It serves ``file:`` URLs that resolve (after ``..`` and symlinks) to a
regular file inside ``styles/``, i.e. ``print.css`` and the fonts, and font
files inside :data:`SYSTEM_FONTS`, the one folder of system fonts
``print.css`` names (the CJK fonts, too large to ship: see the README), and
the document's own pictures from memory, by their ``exporter-picture:``
addresses (:func:`picture_url`), each already decoded and encoded again by
us: never a file, never the network. Every other URL, whatever its scheme (``http``, ``https``, ``ftp``, ``data``,
``file`` elsewhere), is refused with :class:`FetchRefused` before anything is
opened.
It never logs; WeasyPrint reports the refusal through its own logger, which
our tests watch.
"""

from __future__ import annotations

import mimetypes
from collections.abc import Mapping
from pathlib import Path
from urllib.parse import unquote, urlsplit
from urllib.request import url2pathname

from weasyprint.urls import URLFetcher, URLFetcherResponse

from . import STYLES

MAX_BYTES = 8 * 1024 * 1024
"""A file in ``styles/`` larger than this is refused (the fonts are under 1 MB)."""

SYSTEM_FONTS = Path("/usr/share/fonts/opentype/noto")
"""Where Debian's ``fonts-noto-cjk`` installs the Noto CJK collections
(``.ttc``, 19 to 27 MB each); a fixed path, so that no other system font can
ever be read."""

MAX_SYSTEM_FONT_BYTES = 64 * 1024 * 1024
"""A system font larger than this is refused."""

_TYPES = {
    ".css": "text/css",
    ".ttf": "font/ttf",
    ".otf": "font/otf",
    ".ttc": "font/collection",
    ".woff2": "font/woff2",
}
_FONT_SUFFIXES = frozenset({".ttf", ".otf", ".ttc"})

PICTURE_SCHEME = "exporter-picture"
"""The scheme of the addresses the PDF gives the document's pictures: not a
file, not the network, only a key into the fetcher's map."""


def picture_url(key: str) -> str:
    """The address a picture has in the PDF's HTML: ``exporter-picture:a2-img-01.jpg``."""
    return f"{PICTURE_SCHEME}:{key}"


class FetchRefused(ValueError):
    """The URL is outside what the PDF backend may read.

    A :class:`ValueError`, as WeasyPrint expects of a fetcher that declines a
    URL: it skips the resource and goes on rendering.
    """


def local_path(url: str, root: Path) -> Path:
    """The file under ``root`` that ``url`` names; :class:`FetchRefused` otherwise."""
    parts = urlsplit(url)
    if parts.scheme.lower() != "file":
        raise FetchRefused(f"not a local file: {url[:80]}")
    if parts.netloc not in ("", "localhost"):
        # file://host/share is a network path on some systems.
        raise FetchRefused(f"not a local file: {url[:80]}")
    # resolve() undoes "..", "%2e%2e" (after unquoting) and symlinks, so the
    # containment check below sees the file that would really be opened.
    path = Path(url2pathname(unquote(parts.path))).resolve()
    if not path.is_relative_to(root) or not path.is_file():
        raise FetchRefused(f"not a file in {root}: {url[:80]}")
    return path


class StylesOnlyFetcher(URLFetcher):
    """A WeasyPrint fetcher that serves files under ``root`` and refuses the rest.

    Passed to every ``HTML`` and ``CSS`` object the PDF backend makes. Being a
    :class:`URLFetcher` subclass keeps WeasyPrint's expectations (its
    ``fetch`` helper reads ``_fail_on_errors``); ``fetch`` never reaches the
    parent's urllib opener, so no handler for any scheme is ever used.
    """

    def __init__(
        self,
        root: Path = STYLES,
        system_fonts: Path = SYSTEM_FONTS,
        beside: tuple[Path, ...] = (),
        pictures: Mapping[str, tuple[bytes, str]] | None = None,
    ) -> None:
        super().__init__(allowed_protocols=("file",), allow_redirects=False)
        self.root = root.resolve()
        self.system_fonts = system_fonts.resolve()
        self.beside = tuple(folder.resolve() for folder in beside)
        """The folders of the user's own style sheets (``--css``): what is in
        them (the sheet, its fonts and images) the sheet may read."""
        self.pictures = dict(pictures or {})
        """:func:`picture_url` → ``(bytes, media type)``: the document's pictures."""

    def path(self, url: str) -> Path:
        """The file ``url`` names, if this fetcher serves it; :class:`FetchRefused` otherwise."""
        for folder in self.beside:
            try:
                return local_path(url, folder)
            except FetchRefused:
                pass
        try:
            return local_path(url, self.root)
        except FetchRefused:
            path = local_path(url, self.system_fonts)
            if path.suffix.lower() not in _FONT_SUFFIXES:
                raise FetchRefused(f"not a font: {url[:80]}") from None
            return path

    def serves(self, url: str) -> bool:
        """Whether ``url`` names a file that is there and that this fetcher serves."""
        try:
            self.path(url)
        except FetchRefused:
            return False
        return True

    def fetch(self, url: str, headers: object = None) -> URLFetcherResponse:
        picture = self.pictures.get(url)
        if picture is not None:
            return URLFetcherResponse(url, picture[0], headers={"Content-Type": picture[1]})
        path = self.path(url)
        limit = MAX_SYSTEM_FONT_BYTES if path.is_relative_to(self.system_fonts) else MAX_BYTES
        if path.stat().st_size > limit:
            raise FetchRefused(f"too large: {url[:80]}")
        content_type = _TYPES.get(path.suffix.lower()) or (
            mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        )
        return URLFetcherResponse(
            path.as_uri(),
            path.read_bytes(),
            headers={"Content-Type": content_type},
        )
