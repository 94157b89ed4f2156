"""Sanitized HTML to an ElementTree and back to XHTML.

nh3 gives well-formed HTML5 text; the backends need XHTML. Parsing nh3's
output into :mod:`xml.etree` lets us add noterefs and ids on a tree, and
serializing it as XML gives XHTML that EPUB readers and WeasyPrint accept.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from html.parser import HTMLParser

VOID = frozenset({"br", "hr", "img", "wbr", "col"})
EPUB_TYPE = "epub:type"
"""The EPUB structural-semantics attribute, by its prefixed name: written as
it is into XHTML (whose root declares ``xmlns:epub``), left out of HTML."""
MAX_DEPTH = 64
"""Elements nested deeper than this are flattened into their ancestor: a
scraped page with thousands of nested asterisks or quotes must not exhaust
the recursion of ElementTree's serializer (or a reading system's)."""

# XML 1.0 forbids C0 controls other than tab, newline and return, lone
# surrogates and U+FFFE/U+FFFF; any of them makes an EPUB invalid.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def xml_safe(text: str) -> str:
    """Drop characters that XML 1.0 cannot carry."""
    return _NOT_XML.sub("", text)


class _Builder(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root = ET.Element("div")
        self.stack = [self.root]

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if len(self.stack) >= MAX_DEPTH:
            return  # its content goes to the deepest element we keep
        element = ET.SubElement(
            self.stack[-1], tag, {k: xml_safe(v or "") for k, v in attrs}
        )
        if tag not in VOID:
            self.stack.append(element)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        ET.SubElement(self.stack[-1], tag, {k: xml_safe(v or "") for k, v in attrs})

    def handle_endtag(self, tag: str) -> None:
        # nh3's output is balanced; be forgiving all the same.
        for depth in range(len(self.stack) - 1, 0, -1):
            if self.stack[depth].tag == tag:
                del self.stack[depth:]
                return

    def handle_data(self, data: str) -> None:
        append_text(self.stack[-1], xml_safe(data))


def append_text(parent: ET.Element, text: str) -> None:
    """Append ``text`` at the end of ``parent``'s content."""
    if not text:
        return
    if len(parent):
        last = parent[-1]
        last.tail = (last.tail or "") + text
    else:
        parent.text = (parent.text or "") + text


def parse_fragment(html: str) -> ET.Element:
    """Parse an HTML fragment into a ``<div>`` element holding it."""
    builder = _Builder()
    builder.feed(html)
    builder.close()
    return builder.root


def serialize_children(root: ET.Element) -> str:
    """The XHTML text of ``root``'s content, without ``root`` itself."""
    if not root.attrib:
        # One serializer call for the whole tree, when its root is a bare
        # tag to strip (no namespace declarations were hoisted onto it).
        whole = ET.tostring(root, encoding="unicode", method="xml", short_empty_elements=True)
        start, end = f"<{root.tag}>", f"</{root.tag}>"
        if whole.startswith(start) and whole.endswith(end):
            return whole[len(start) : -len(end)]
        if whole == f"<{root.tag} />":
            return ""
    parts = [escape_text(root.text or "")]
    for child in root:
        parts.append(ET.tostring(child, encoding="unicode", method="xml", short_empty_elements=True))
    return "".join(parts)


def escape_text(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def text_content(element: ET.Element) -> str:
    return "".join(element.itertext())
