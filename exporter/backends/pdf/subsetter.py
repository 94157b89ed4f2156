"""The fonts ``print.css`` loads, as files, and HarfBuzz's subsetter on them.

WeasyPrint subsets each face it embeds with HarfBuzz, keeping the glyph ids
of the original font (``weasyprint/pdf/fonts.py``); :func:`subset` does the
same from the font file, so that subsets of one face made for separate
documents can be made again as one (``parallel/subsets.py``). The same
glyphs give the same bytes WeasyPrint gives.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import cffi
from fontTools.ttLib import TTCollection, TTFont, TTLibError
from weasyprint.text import ffi as weasyprint_ffi

from ..fetch import STYLES, SYSTEM_FONTS

FONT_FOLDERS = (STYLES / "fonts", SYSTEM_FONTS)
"""Where the fonts ``print.css`` loads are (the restricted fetcher serves no others)."""

_DROPPED_TABLES = (b"BASE", b"DSIG", b"EBDT", b"EBLC", b"EBSC", b"GPOS", b"GSUB", b"JSTF", b"LTSH", b"PCLT", b"SVG ")
"""The tables WeasyPrint leaves out of the fonts it embeds (``weasyprint/pdf/fonts.py``)."""

# WeasyPrint's bindings make no face from a file: two functions more, on its types.
_ffi = cffi.FFI()
_ffi.include(weasyprint_ffi.ffi)
_ffi.cdef(
    """
    hb_blob_t * hb_blob_create_from_file_or_fail (const char *file_name);
    hb_face_t * hb_face_create (hb_blob_t *blob, unsigned int index);
    """
)
_harfbuzz = weasyprint_ffi.harfbuzz
_subset = weasyprint_ffi.harfbuzz_subset


def _load_harfbuzz() -> object:
    for name in ("libharfbuzz.so.0", "libharfbuzz.0.dylib", "libharfbuzz-0.dll", "harfbuzz"):
        try:
            return _ffi.dlopen(name)
        except OSError:
            continue
    raise OSError("HarfBuzz cannot be loaded")


_HB: object = _load_harfbuzz()


Stamp = tuple[float, int, int, int]
"""What tells one font from another of the same name: its ``head`` table's
revision, creation and modification times, and units per em, which
subsetting keeps."""


@dataclass(frozen=True, slots=True)
class FontFile:
    """One face of a font file: a TrueType or OpenType file, or a face of a collection."""

    path: Path
    index: int = 0
    stamp: Stamp = (0.0, 0, 0, 0)


def stamp(font: TTFont) -> Stamp:
    """``font``'s :data:`Stamp`."""
    head = font["head"]
    return (float(head.fontRevision), int(head.created), int(head.modified), int(head.unitsPerEm))


def font_files(folders: Iterable[Path] = FONT_FOLDERS) -> dict[str, list[FontFile]]:
    """The faces in ``folders`` by their PostScript name (``name`` table, id 6)."""
    found: dict[str, list[FontFile]] = {}
    for folder in folders:
        for path in sorted(folder.glob("*")) if folder.is_dir() else ():
            try:
                if path.suffix.lower() in (".ttc", ".otc"):
                    faces = TTCollection(str(path), lazy=True).fonts
                elif path.suffix.lower() in (".ttf", ".otf"):
                    faces = [TTFont(str(path), lazy=True)]
                else:
                    continue
                for index, face in enumerate(faces):
                    name = str(face["name"].getDebugName(6))
                    found.setdefault(name, []).append(FontFile(path, index, stamp(face)))
            except (OSError, TTLibError, KeyError):
                continue
    return found


def _face_of(font: FontFile) -> object:
    """A HarfBuzz face of ``font``."""
    blob = _HB.hb_blob_create_from_file_or_fail(str(font.path).encode())  # type: ignore[attr-defined]
    if blob == _ffi.NULL:
        raise OSError(f"cannot read {font.path}")
    face = _ffi.gc(_HB.hb_face_create(blob, font.index), _harfbuzz.hb_face_destroy)  # type: ignore[attr-defined]
    _harfbuzz.hb_blob_destroy(blob)  # the face holds its own reference
    return face


def subset(font: FontFile, glyphs: Iterable[int], notdef_outline: bool = False) -> bytes:
    """``font`` subset to ``glyphs``, keeping their ids, as WeasyPrint subsets a
    font for one document: glyphs dropped but numbered as before, those after
    the last one kept cut off, hinting and layout tables left out."""
    codes = sorted(set(glyphs))
    face = _face_of(font)
    plan = _ffi.gc(_subset.hb_subset_input_create_or_fail(), _subset.hb_subset_input_destroy)
    _add(_subset.hb_subset_input_glyph_set(plan), codes)
    _add(_subset.hb_subset_input_set(plan, _subset.HB_SUBSET_SETS_DROP_TABLE_TAG),
         sorted(_harfbuzz.hb_tag_from_string(tag, -1) for tag in _DROPPED_TABLES))
    notdef = _subset.HB_SUBSET_FLAGS_NOTDEF_OUTLINE if notdef_outline else 0
    keep = _subset.HB_SUBSET_FLAGS_PASSTHROUGH_UNRECOGNIZED | _subset.HB_SUBSET_FLAGS_DESUBROUTINIZE | notdef
    # First the glyphs, numbered as in the original; then, with every id up to
    # the last one kept, the empty glyphs after it cut off and the hinting dropped.
    _subset.hb_subset_input_set_flags(plan, keep | _subset.HB_SUBSET_FLAGS_RETAIN_GIDS)
    retained = _ffi.gc(_subset.hb_subset_or_fail(face, plan), _harfbuzz.hb_face_destroy)
    _add(_subset.hb_subset_input_glyph_set(plan), range(max(codes, default=0) + 1))
    _subset.hb_subset_input_set_flags(plan, keep | _subset.HB_SUBSET_FLAGS_NO_HINTING)
    final = _ffi.gc(_subset.hb_subset_or_fail(retained, plan), _harfbuzz.hb_face_destroy) if retained else _ffi.NULL
    if final == _ffi.NULL:
        raise OSError(f"HarfBuzz could not subset {font.path}")
    data = _harfbuzz.hb_face_reference_blob(final)
    try:
        length = _ffi.new("unsigned int *")
        return bytes(_ffi.unpack(_harfbuzz.hb_blob_get_data(data, length), int(length[0])))
    finally:
        _harfbuzz.hb_blob_destroy(data)


def _add(hb_set: object, values: Iterable[int]) -> None:
    array = list(values)
    _harfbuzz.hb_set_add_sorted_array(hb_set, _ffi.new("hb_codepoint_t[]", array), len(array))


def glyph_count(font: FontFile) -> int:
    """How many glyphs ``font`` has."""
    return int(_harfbuzz.hb_face_get_glyph_count(_face_of(font)))
