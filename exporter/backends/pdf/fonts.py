"""The fonts a document is set in: those ``print.css`` names, never the machine's.

WeasyPrint's :class:`FontConfiguration` starts from the machine's fontconfig
set-up, and so from every font installed there: a character that none of our
fonts has would be drawn in whatever system font has it (DejaVu, say), and
the same input would give other PDFs on other machines. :class:`DocumentFonts`
hands Pango an empty fontconfig configuration instead, before any
``@font-face`` is added, so the only fonts it can choose from are the ones
``print.css`` loads. A character none of them has is drawn as ``.notdef``,
and ``glyphs.py`` finds it in the PDF.

It also loads a face only when the document needs it, as a browser fetches a
face only for the characters of its ``unicode-range``: a face whose range
holds none of the document's characters is never read. An English handout
reads Charis alone, as before there was a stack, and no collection of 26 MB
is read for a page without a CJK character. The range then decides nothing
more: fontconfig would take it for the font's coverage, and a character in
the range that the font lacks would print as an empty box rather than come
from the next family of the stack. Given without it, each character is set
in the first family of the stack whose font has it.

A face whose file is not there (the CJK collections, on a machine without
Debian's ``fonts-noto-cjk``) is skipped quietly, rather than WeasyPrint
warning of every such face in every document: its characters come out as
missing glyphs, reported with the package that has them (:data:`PACKAGES`).
"""

from __future__ import annotations

import bisect
import ctypes
import ctypes.util
import shutil
from dataclasses import dataclass
from typing import Any

from weasyprint.text.ffi import ffi, fontconfig, pangoft2
from weasyprint.text.fonts import FontConfiguration

from ..fetch import SYSTEM_FONTS, StylesOnlyFetcher


@dataclass(frozen=True, slots=True)
class Package:
    """A system package that holds faces ``print.css`` names."""

    name: str
    """Debian's name for it."""
    font: str
    """A file of it, under :data:`~exporter.backends.fetch.SYSTEM_FONTS`."""
    scripts: frozenset[str]
    """ISO 15924 codes of the scripts it sets."""

    def installed(self) -> bool:
        return (SYSTEM_FONTS / self.font).is_file()


PACKAGES = (
    Package("fonts-noto-cjk", "NotoSerifCJK-Regular.ttc", frozenset({"Hani", "Hira", "Kana", "Hang", "Bopo"})),
)
"""The system packages ``print.css`` takes faces from (the README lists them)."""


def _load_fontconfig() -> Any:
    # WeasyPrint's bindings have no FcConfigCreate; the library is the one
    # WeasyPrint loaded, so the configuration it makes is one WeasyPrint can use.
    try:
        library = ctypes.CDLL("libfontconfig.so.1")
    except OSError:
        # Elsewhere than Linux; find_library runs a program, so only then.
        library = ctypes.CDLL(ctypes.util.find_library("fontconfig") or "fontconfig")
    library.FcConfigCreate.restype = ctypes.c_void_p
    return library


_FONTCONFIG = _load_fontconfig()


def _empty_config() -> Any:
    """A new fontconfig configuration with no fonts and no rules, as WeasyPrint's ``FcConfig *``."""
    address = _FONTCONFIG.FcConfigCreate()
    if not address:
        raise MemoryError("fontconfig could not make a configuration")
    return ffi.cast("FcConfig *", address)


class DocumentFonts(FontConfiguration):  # type: ignore[misc]
    """A :class:`FontConfiguration` for one document, with ``text`` its characters:
    no system font, and only the ``@font-face`` rules the text needs."""

    def __init__(self, text: str, fetcher: StylesOnlyFetcher) -> None:
        super().__init__()
        config = _empty_config()
        pangoft2.pango_fc_font_map_set_config(ffi.cast("PangoFcFontMap *", self.font_map), config)
        # The font map holds its own reference, as in FontConfiguration.__init__.
        fontconfig.FcConfigDestroy(config)
        # Where add_font_face registers each face.
        self._config = config
        self.code_points = sorted({ord(character) for character in text})
        self.fetcher = fetcher

    def close(self) -> None:
        """Remove the folder WeasyPrint copied the document's faces into.

        WeasyPrint removes it in ``__del__``, which a process that ends at
        once never runs: a layout process from the forkserver, or the
        command line (``cli.run``). Each such layout left a few megabytes of
        fonts in the temporary folder for good.
        """
        folder = getattr(self, "_folder", None)  # FontConfiguration's, made as the first face is added
        if folder:
            shutil.rmtree(folder, ignore_errors=True)
            self._folder = None

    def uses(self, start: int, end: int) -> bool:
        """Whether the document has a character from ``start`` to ``end``, both included."""
        index = bisect.bisect_left(self.code_points, start)
        return index < len(self.code_points) and self.code_points[index] <= end

    def add_font_face(self, rule_descriptors: dict[str, Any], url_fetcher: Any) -> Any:
        ranges = rule_descriptors.get("unicode_range")
        if ranges and not any(self.uses(r.start, r.end) for r in ranges):
            return None
        sources = [url for kind, url in rule_descriptors.get("src", ()) if kind == "external" and url]
        if sources and not any(self.fetcher.serves(url) for url in sources):
            return None
        descriptors = {key: value for key, value in rule_descriptors.items() if key != "unicode_range"}
        return super().add_font_face(descriptors, url_fetcher)
