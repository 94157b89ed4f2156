"""Characters a PDF draws as empty boxes, read from the PDF itself.

A character that no font of the stack has is drawn as ``.notdef``, the
font's "missing glyph" box. WeasyPrint does not stop for it (it logs, and
nobody listens); so the finished PDF is read: that sees what every path of
the backend wrote (one handout, a packet joined from parts, the folios),
whatever WeasyPrint did to get there.

Each font WeasyPrint embeds is a CID font whose codes are glyph ids
(``/CIDToGIDMap /Identity``), with a ``/ToUnicode`` map from every code it
draws to the text it stands for. A drawn glyph is missing when it is glyph
0, ``.notdef`` itself, or an id past the end of the embedded font, which is
how WeasyPrint draws a character no font has: a viewer shows ``.notdef`` for
both. Codes that map to no text draw nothing a reader could miss.
"""

from __future__ import annotations

import io
import re
import struct
from collections import Counter
from collections.abc import Callable, Iterator

from fontTools import unicodedata
from pikepdf import Array, Dictionary, Name, Object, Pdf

from .fonts import PACKAGES, Package

_HEX = rb"<([0-9A-Fa-f]+)>"
_BFCHAR = re.compile(rb"beginbfchar(.*?)endbfchar", re.DOTALL)
_BFRANGE = re.compile(rb"beginbfrange(.*?)endbfrange", re.DOTALL)
_CHAR_PAIR = re.compile(_HEX + rb"\s*" + _HEX)
_RANGE = re.compile(_HEX + rb"\s*" + _HEX + rb"\s*(?:" + _HEX + rb"|\[([^\]]*)\])")

_SCRIPT_LABELS = {"Zyyy": "symbols", "Zinh": "combining marks", "Zzzz": "unassigned"}
"""How a warning names the scripts that are no writing system of their own."""


def _text(hex_digits: bytes) -> str:
    return bytes.fromhex(hex_digits.decode()).decode("utf-16-be", errors="replace")


def to_unicode(cmap: bytes) -> dict[int, str]:
    """A ``/ToUnicode`` CMap as ``{code: text}`` (``bfchar`` and ``bfrange`` entries)."""
    codes: dict[int, str] = {}
    for block in _BFCHAR.findall(cmap):
        for code, text in _CHAR_PAIR.findall(block):
            codes[int(code, 16)] = _text(text)
    for block in _BFRANGE.findall(cmap):
        for low, high, start, listed in _RANGE.findall(block):
            first, last = int(low, 16), int(high, 16)
            if listed:
                for offset, text in enumerate(re.findall(_HEX, listed)):
                    codes[first + offset] = _text(text)
                continue
            base = bytes.fromhex(start.decode())
            head, tail = base[:-2], int.from_bytes(base[-2:], "big")
            for offset in range(last - first + 1):
                value = head + (tail + offset).to_bytes(2, "big")
                codes[first + offset] = value.decode("utf-16-be", errors="replace")
    return codes


def cid_widths(font: Object) -> dict[int, Object]:
    """A CID font's ``/W`` array as ``{cid: width}``, in thousandths of an em, as written."""
    widths: dict[int, Object] = {}
    array = list(font.get("/W", Array()))
    index = 0
    while index < len(array):
        first, then = int(array[index]), array[index + 1]
        if isinstance(then, Array):
            widths.update((first + n, width) for n, width in enumerate(then))
            index += 2
        else:
            widths.update((cid, array[index + 2]) for cid in range(first, int(then) + 1))
            index += 3
    return widths


def glyph_count(program: bytes) -> int | None:
    """The number of glyphs in a TrueType or OpenType font program (its ``maxp``), if it has one."""
    try:
        (tables,) = struct.unpack_from(">H", program, 4)
        for index in range(tables):
            tag, _, offset, _ = struct.unpack_from(">4sIII", program, 12 + 16 * index)
            if tag == b"maxp":
                return int(struct.unpack_from(">H", program, offset + 4)[0])
    except struct.error:
        return None
    return None


def _fonts(resources: Object, seen: set[tuple[int, int]]) -> Iterator[Object]:
    """The fonts of ``resources`` and of the forms it uses, each once."""
    for font in (resources.get("/Font") or Dictionary()).values():
        if font.objgen not in seen or font.objgen == (0, 0):
            seen.add(font.objgen)
            yield font
    for form in (resources.get("/XObject") or Dictionary()).values():
        inner = form.get("/Resources")
        if form.get("/Subtype") == Name.Form and inner is not None and form.objgen not in seen:
            seen.add(form.objgen)
            yield from _fonts(inner, seen)


def _missing_in(font: Object) -> str:
    if font.get("/Subtype") != Name.Type0 or "/ToUnicode" not in font:
        return ""
    descendant = font.DescendantFonts[0]
    descriptor = descendant.get("/FontDescriptor", Dictionary())
    program = descriptor.get("/FontFile2") or descriptor.get("/FontFile3")
    count = glyph_count(program.read_bytes()) if program is not None else None
    mapping = descendant.get("/CIDToGIDMap", Name.Identity)
    gids = None if mapping == Name.Identity else mapping.read_bytes()
    found = []
    for code, text in to_unicode(font.ToUnicode.read_bytes()).items():
        gid = code if gids is None else int.from_bytes(gids[2 * code : 2 * code + 2], "big")
        if text.strip() and (gid == 0 or (count is not None and gid >= count)):
            found.append(text)
    return "".join(found)


def missing_glyphs(pdf: bytes) -> str:
    """Every character ``pdf`` draws as ``.notdef``, once each, in code point order."""
    found: set[str] = set()
    with Pdf.open(io.BytesIO(pdf)) as document:
        seen: set[tuple[int, int]] = set()
        for page in document.pages:
            resources = page.obj.get("/Resources")
            if resources is None:
                continue
            for font in _fonts(resources, seen):
                found.update(_missing_in(font))
    return "".join(sorted(found))


def script_label(character: str) -> str:
    """The name of the script ``character`` belongs to: ``Han``, ``Arabic``, ``symbols``."""
    code = unicodedata.script(character)
    return _SCRIPT_LABELS.get(code) or unicodedata.script_name(code, default=code)


def describe(characters: str, installed: Callable[[Package], bool] = Package.installed) -> str:
    """One line saying how many characters print as empty boxes, by script, and
    which system package, not ``installed``, would draw them."""
    scripts = Counter(script_label(character) for character in characters)
    counts = ", ".join(f"{label} {count}" for label, count in sorted(scripts.items(), key=lambda kv: (-kv[1], kv[0])))
    sample = "".join(characters[:8]) + ("…" if len(characters) > 8 else "")
    many = len(characters) != 1
    line = (
        f"{len(characters)} character{'s' if many else ''} {'have' if many else 'has'} no glyph "
        f"in the PDF's fonts and print{'' if many else 's'} as {'empty boxes' if many else 'an empty box'} "
        f"({counts}: {sample})"
    )
    codes = {unicodedata.script(character) for character in characters}
    wanted = [package.name for package in PACKAGES if codes & package.scripts and not installed(package)]
    if wanted:
        line += f"; install {', '.join(wanted)} for them"
    return line

