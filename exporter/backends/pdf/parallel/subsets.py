"""One font subset per face in a PDF joined from parts.

Each part of a packet is a WeasyPrint document of its own, and embeds its own
subset of every face it draws with: joined, a packet of twelve parts carried
the text face twelve times over, and every subset of a face under the same
subset tag (WeasyPrint derives the tag from the face's description, not from
the glyphs), which viewers and preflight tools take for one font.

WeasyPrint's subsets keep the original glyph ids (HarfBuzz's ``RETAIN_GIDS``;
the codes a page shows are glyph ids, ``/CIDToGIDMap /Identity``), so the
subsets of a face are merged without touching a page: the original font file
is subset once more with every glyph any of them holds, as WeasyPrint
subsets it for one document, and one font dictionary, with the widths
(``/W``) and text (``/ToUnicode``) of all, takes the place of theirs. Its tag
is a hash of its font program, so distinct subsets have distinct tags and the
same glyphs always get the same tag.

The original is found among the fonts ``print.css`` may load
(:func:`font_files`) by the font program's PostScript name, and known by the
revision and dates of its ``head`` table, which subsetting keeps; where it
is not found (a face a user's style sheet loads, say), a face's subsets are
left as they are, each under a tag of its own. Characters no
font has are drawn under placeholder codes past the font's last glyph,
numbered per document: subsets that give one code to different characters
are not merged with each other.
"""

from __future__ import annotations

import hashlib
import io
from collections import deque
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field

from fontTools.ttLib import TTFont, TTLibError
from pikepdf import Array, Dictionary, Name, Object, Pdf, Stream

from ..glyphs import cid_widths, to_unicode
from ..subsetter import FontFile, Stamp, font_files, glyph_count, stamp, subset


def _resources(pdf: Pdf) -> Iterator[Object]:
    """Every resource dictionary the pages draw with, in the pages' order: their
    own, their forms', their patterns' and their annotations' appearances'."""
    seen: set[tuple[int, int]] = set()
    queue: deque[Object] = deque()
    for page in pdf.pages:
        queue.append(page.obj)
        for annot in page.obj.get("/Annots", Array()):
            for appearance in annot.get("/AP", Dictionary()).values():
                queue.extend([appearance] if isinstance(appearance, Stream) else appearance.values())
    while queue:
        resources = queue.popleft().get("/Resources")
        if not isinstance(resources, Dictionary) or (resources.is_indirect and resources.objgen in seen):
            continue
        if resources.is_indirect:
            seen.add(resources.objgen)
        yield resources
        for kind in ("/XObject", "/Pattern"):
            for inner in resources.get(kind, Dictionary()).values():
                if inner.objgen not in seen:
                    seen.add(inner.objgen)
                    queue.append(inner)


@dataclass(slots=True)
class _Subsets:
    """The subsets of one face found in the PDF, in the order the pages use them."""

    fonts: list[Object] = field(default_factory=list)
    """Their ``/Type0`` font dictionaries."""
    uses: list[tuple[Object, str]] = field(default_factory=list)
    """Each place a font is named: a ``/Font`` resource dictionary and the name."""


def _program(font: Object) -> Stream | None:
    if font.get("/Subtype") != Name.Type0:
        return None
    descriptor = font.DescendantFonts[0].get("/FontDescriptor", Dictionary())
    program = descriptor.get("/FontFile2") or descriptor.get("/FontFile3")
    return program if isinstance(program, Stream) else None


FaceKey = tuple[str, Stamp]
"""A face, as a font program names it: its PostScript name, and its :data:`Stamp`."""


def _face_key(program: bytes) -> FaceKey | None:
    try:
        font = TTFont(io.BytesIO(program), lazy=True)
        return str(font["name"].getDebugName(6)), stamp(font)
    except (TTLibError, KeyError, AssertionError, ValueError):
        return None


def _faces(pdf: Pdf) -> dict[FaceKey, _Subsets]:
    faces: dict[FaceKey, _Subsets] = {}
    names: dict[tuple[int, int], FaceKey | None] = {}
    for resources in _resources(pdf):
        fonts = resources.get("/Font", Dictionary())
        for key, font in fonts.items():
            program = _program(font)
            if program is None:
                continue
            if program.objgen not in names:
                names[program.objgen] = _face_key(program.read_bytes())
            name = names[program.objgen]
            if name is None:
                continue
            face = faces.setdefault(name, _Subsets())
            if all(font.objgen != known.objgen for known in face.fonts):
                face.fonts.append(font)
            face.uses.append((fonts, key))
    return faces


def _w_array(widths: Mapping[int, Object]) -> Array:
    """``/W`` as WeasyPrint writes it: a run of widths for each run of codes."""
    array = Array()
    run = Array()
    for code in sorted(widths):
        if code - 1 not in widths:
            run = Array()
            array.append(code)
            array.append(run)
        run.append(widths[code])
    return array


def _cmap(lines: list[bytes], entries: list[bytes], kind: bytes) -> bytes:
    """A CMap with ``entries`` in blocks of 100, as WeasyPrint writes them."""
    body = list(lines)
    for start in range(0, len(entries), 100):
        block = entries[start : start + 100]
        body += [b"%d begin%s" % (len(block), kind), *block, b"end" + kind]
    return b"\n".join([*body, b"endcmap", b"CMapName currentdict /CMap defineresource pop", b"end", b"end"])


_UNICODE_HEAD = [
    b"/CIDInit /ProcSet findresource begin", b"12 dict begin", b"begincmap", b"/CIDSystemInfo",
    b"<< /Registry (Adobe)", b"/Ordering (UCS)", b"/Supplement 0", b">> def",
    b"/CMapName /Adobe-Identity-UCS def", b"/CMapType 2 def",
    b"1 begincodespacerange", b"<0000> <ffff>", b"endcodespacerange",
]  # fmt: skip
_ENCODING_HEAD = [
    b"/CIDInit /ProcSet findresource begin", b"12 dict begin", b"begincmap", b"/CIDSystemInfo",
    b"3 dict dup begin", b"/Registry (Adobe) def", b"/Ordering (Identity) def", b"/Supplement 0 def",
    b"end def", b"/CMapName /WP-Encod-0 def", b"/CMapType 1 def",
    b"1 begincodespacerange", b"<0000> <ffff>", b"endcodespacerange",
]  # fmt: skip


def _unicode_stream(pdf: Pdf, texts: Mapping[int, str]) -> Stream:
    entries = [b"<%04x> <%s>" % (code, texts[code].encode("utf-16-be").hex().encode()) for code in sorted(texts)]
    return Stream(pdf, _cmap(_UNICODE_HEAD, entries, b"bfchar"))


def _encoding_stream(pdf: Pdf, codes: Iterable[int], count: int) -> Stream:
    """The encoding WeasyPrint gives a font that drew characters it has no glyph
    for: each such placeholder code (past the font's last glyph) shows ``.notdef``."""
    entries = [b"<%04x> %d" % (code, 0 if code >= count else code) for code in sorted(codes)]
    stream = Stream(pdf, _cmap(_ENCODING_HEAD, entries, b"cidchar"))
    stream.Type, stream.CMapName = Name.CMap, Name("/WP-Encod-0")
    stream.CIDSystemInfo = Dictionary(Registry="Adobe", Ordering="Identity", Supplement=0)
    return stream


def _tag(program: bytes, tags: dict[bytes, str]) -> str:
    """Six capitals from a hash of the font program: the same for the same
    program, unlike the tag of any other in ``tags`` (by digest)."""
    key = digest = hashlib.sha256(program).digest()
    if key not in tags:
        taken = set(tags.values())
        while (tag := "".join(chr(65 + byte % 26) for byte in digest[:6])) in taken:
            digest = hashlib.sha256(digest).digest()
        tags[key] = tag
    return tags[key]


def _retag(font: Object, tag: str) -> None:
    name = Name("/" + tag + "+" + str(font.BaseFont)[1:].split("+", 1)[-1])
    descendant = font.DescendantFonts[0]
    font.BaseFont = descendant.BaseFont = name
    if "/FontDescriptor" in descendant:
        descendant.FontDescriptor.FontName = name


def _placeholders(font: Object, count: int) -> dict[int, str]:
    """The codes past the last of ``count`` glyphs that ``font`` draws, and their
    text: the characters WeasyPrint found no glyph for."""
    texts = to_unicode(font.ToUnicode.read_bytes()) if "/ToUnicode" in font else {}
    return {code: text for code, text in texts.items() if code >= count}


def _groups(fonts: list[Object], count: int) -> list[list[Object]]:
    """``fonts`` in groups that can be merged: no two of a group give one
    placeholder code to different characters (WeasyPrint numbers them per
    document). Each font joins the first group it agrees with."""
    groups: list[tuple[dict[int, str], list[Object]]] = []
    for font in fonts:
        own = _placeholders(font, count)
        for known, members in groups:
            if all(known.get(code, text) == text for code, text in own.items()):
                known.update(own)
                members.append(font)
                break
        else:
            groups.append((own, [font]))
    return [members for _, members in groups]


def _merged(pdf: Pdf, fonts: list[Object], original: FontFile, count: int, tags: dict[bytes, str]) -> Object:
    """One font for ``fonts``, subsets of ``original`` (of ``count`` glyphs)."""
    texts: dict[int, str] = {}
    widths: dict[int, Object] = {}
    missing = False
    for font in fonts:
        for code, text in (to_unicode(font.ToUnicode.read_bytes()) if "/ToUnicode" in font else {}).items():
            texts.setdefault(code, text)
        for code, width in cid_widths(font.DescendantFonts[0]).items():
            widths.setdefault(code, width)
        missing = missing or font.get("/Encoding", Name("/Identity-H")) != Name("/Identity-H")
    program = subset(original, set(texts) | set(widths), notdef_outline=missing)
    first = fonts[0]
    descendant = first.DescendantFonts[0]
    descriptor = Dictionary(dict(descendant.FontDescriptor.items()))
    name = Name("/" + _tag(program, tags) + "+" + str(first.BaseFont)[1:].split("+", 1)[-1])
    if descriptor.get("/FontFile3") is not None:
        descriptor.FontFile3 = Stream(pdf, program, Subtype=Name("/OpenType"))
    else:
        descriptor.FontFile2 = Stream(pdf, program, Length1=len(program))
    descriptor.FontName = name
    values = [float(width) for width in widths.values()]
    box = descriptor.FontBBox
    descriptor.FontBBox = Array([0, box[1], max(widths.values(), key=float, default=0), box[3]])
    fixed = len(values) > 1 and len(set(values)) == 1
    descriptor.Flags = (int(descriptor.Flags) & ~1) | int(fixed)
    if "/CIDSet" in descriptor:
        descriptor.CIDSet = pdf.make_stream(_cid_set(widths))
    cid_font = Dictionary(dict(descendant.items()))
    cid_font.BaseFont, cid_font.W = name, _w_array(widths)
    cid_font.FontDescriptor = pdf.make_indirect(descriptor)
    font = Dictionary(dict(first.items()))
    font.BaseFont = name
    font.ToUnicode = pdf.make_indirect(_unicode_stream(pdf, texts))
    font.Encoding = pdf.make_indirect(_encoding_stream(pdf, texts, count)) if missing else Name("/Identity-H")
    font.DescendantFonts = Array([pdf.make_indirect(cid_font)])
    return pdf.make_indirect(font)


def _cid_set(widths: Mapping[int, Object]) -> bytes:
    bits = bytearray((max(widths, default=0) + 8) // 8)
    for cid in widths:
        bits[cid // 8] |= 0x80 >> (cid % 8)
    return bytes(bits)


def one_subset_per_face(pdf: Pdf, originals: Mapping[str, list[FontFile]] | None = None) -> None:
    """Merge the subsets of each face ``pdf`` draws with into one (see the module's
    account); ``originals``, the font files by PostScript name (:func:`font_files`)."""
    faces = _faces(pdf)
    if not faces:
        return
    files = font_files() if originals is None else originals
    tags: dict[bytes, str] = {}
    for name, stamped in sorted(faces):
        face = faces[name, stamped]
        original = next((file for file in files.get(name, ()) if file.stamp == stamped), None)
        if original is None:
            # Not ours to make again: each font program under a tag of its own.
            for font in face.fonts:
                program = _program(font)
                assert program is not None
                _retag(font, _tag(program.read_bytes(), tags))
            continue
        count = glyph_count(original)
        merged: dict[tuple[int, int], Object] = {}
        for group in _groups(face.fonts, count):
            font = _merged(pdf, group, original, count, tags)
            merged.update((member.objgen, font) for member in group)
        # Looked up before any is replaced: a /Font dictionary may be named twice.
        for fonts, key, font in [(fonts, key, merged[fonts[key].objgen]) for fonts, key in face.uses]:
            fonts[key] = font
