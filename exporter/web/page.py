"""A web page's bytes to text, and telling a page from a scraped text.

The character encoding is decided much as browsers decide it (the WHATWG
order): a byte order mark; else the ``charset`` the server sent; else UTF-8
if the bytes are UTF-8 and not plain ASCII; else the one the page declares
in its first 4 KB (``<meta charset>`` or ``<meta http-equiv=
"Content-Type">``); else UTF-8 if they are UTF-8; else windows-1252, with a
warning. UTF-8 comes before the page's own declaration because a page saved
or converted to UTF-8 often keeps its old ``<meta charset>``, and bytes
in another encoding are almost never valid UTF-8 by chance. Labels browsers
treat as windows-1252 (``iso-8859-1``, ``ascii``) are read as
windows-1252, and a UTF-16 label in a page that has no UTF-16 byte order
mark as UTF-8, as browsers do.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass
from pathlib import Path

HTML_SUFFIXES = frozenset({".html", ".htm", ".xhtml", ".xht", ".shtml"})
"""File names taken as web pages whatever their first bytes."""

_META_CHARSET = re.compile(rb"<meta[^>]{0,512}?charset\s*=\s*[\"']?\s*([a-zA-Z0-9_.:-]{1,40})", re.I)
_COMMENT = re.compile(r"\A\s*<!--.*?-->", re.S)
_CONTROLS = re.compile("[\x00-\x08\x0b\x0e-\x1f\x7f]")
_BOMS = ((codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be"))
_AS_CP1252 = frozenset({"iso-8859-1", "iso8859-1", "latin-1", "latin1", "l1", "us-ascii", "ascii", "cp819", "iso-ir-100"})


@dataclass(frozen=True, slots=True)
class PageText:
    """A page's markup, decoded."""

    text: str
    encoding: str
    warnings: tuple[str, ...] = ()


def _codec(label: str) -> str | None:
    """The Python codec for a charset label, as browsers read the label; None if unknown."""
    label = label.strip().lower()
    if label in _AS_CP1252:
        return "cp1252"
    if label.startswith(("utf-16", "utf16")):
        return "utf-8"  # a page that says UTF-16 without a BOM is not UTF-16
    try:
        return codecs.lookup(label).name
    except LookupError:
        return None


def declared_charset(data: bytes) -> str | None:
    """The charset the page's own ``<meta>`` declares in its first 4 KB, if any is known."""
    match = _META_CHARSET.search(data[:4096])
    return _codec(match.group(1).decode("ascii")) if match else None


def decode_page(data: bytes, header_charset: str = "") -> PageText:
    """The page's text, decoded as the module's docstring says."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return _decoded(data[len(bom) :], encoding, "the byte order mark")
    chosen = _codec(header_charset) if header_charset else None
    if chosen is not None:
        return _decoded(data, chosen, "the server's charset")
    try:
        utf8 = data.decode("utf-8")
    except UnicodeDecodeError:
        utf8 = None
    if utf8 is not None and not data.isascii():
        return PageText(_clean(utf8), "utf-8")
    chosen = declared_charset(data)
    if chosen is not None:
        return _decoded(data, chosen, "its declared charset")
    if utf8 is not None:
        return PageText(_clean(utf8), "utf-8")
    return PageText(_clean(data.decode("cp1252", errors="replace")), "cp1252", ("no charset declared, not UTF-8; read as windows-1252",))


def _decoded(data: bytes, encoding: str, why: str) -> PageText:
    try:
        return PageText(_clean(data.decode(encoding)), encoding)
    except UnicodeDecodeError:
        text = data.decode(encoding, errors="replace")
        return PageText(_clean(text), encoding, (f"bytes that are not {encoding} ({why}) replaced",))


def _clean(text: str) -> str:
    """Controls XML refuses dropped (the HTML parser would stop at a NUL)."""
    return _CONTROLS.sub("", text)


def looks_like_html(data: bytes) -> bool:
    """Whether bytes are a web page: a doctype or ``<html>`` first, after any
    byte order mark, white space and comments (browsers' "saved from" note)."""
    head = data[:4096]
    for bom, encoding in _BOMS:
        if head.startswith(bom):
            text = head[len(bom) :].decode(encoding, errors="ignore")
            break
    else:
        text = head.decode("latin-1")
    while True:
        comment = _COMMENT.match(text)
        if comment is None:
            break
        text = text[comment.end() :]
    text = text.lstrip().lower()
    if text.startswith("<?xml"):
        text = text[text.find("?>") + 2 :].lstrip() if "?>" in text else ""
    return text.startswith(("<!doctype html", "<html", "<head"))


def is_page(path: Path, data: bytes) -> bool:
    """Whether an input file is a web page: by its name, or by its first bytes."""
    return path.suffix.lower() in HTML_SUFFIXES or looks_like_html(data)
