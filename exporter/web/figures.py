"""A figure of an article's body, and how canonical Markdown writes one.

A picture stands in a block of its own, in one of two forms:

- with neither caption nor credit, a Markdown image::

      ![A harbour at dawn](the-port/img-01.jpg)

- with a caption or a credit, an HTML ``<figure>``, since Markdown has no
  syntax for either; the credit is a ``<small>`` in the caption, set apart
  from it as the photographer's or agency's line, never as body text::

      <figure><img src="the-port/img-01.jpg" alt="A harbour at dawn" /><figcaption>The port in 2023. <small>Photo: Jan Kowalski</small></figcaption></figure>

Both are read back by :func:`parse_block` (a Markdown image's title is taken
as its caption), so a file ``exporter clean`` wrote keeps its figures when
it is read, cleaned again or turned into a book. pandoc, and any Markdown
viewer, shows either form.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from html import escape
from html.parser import HTMLParser

_MD_ESCAPE = re.compile(r"([\\\[\]*_`<>])")
_MD_IMAGE = re.compile(
    r'!\[(?P<alt>(?:\\.|[^\\\[\]\n]){0,2000}+)\]'
    r'\((?P<src><[^<>\n]{1,4000}+>|[^\s()<>]{1,4000}+)(?:[ ]+"(?P<title>[^"\n]{0,2000}+)")?\)'
)
_UNESCAPE = re.compile(r"\\(.)")


def markdown_text(text: str) -> str:
    """Plain ``text`` escaped so that Markdown reads no markup in it."""
    return _MD_ESCAPE.sub(r"\\\1", text)


def one_line(text: str) -> str:
    """``text`` with every run of white space one space, trimmed."""
    return " ".join(text.split())


@dataclass(frozen=True, slots=True)
class Figure:
    """A picture as the body shows it: where its image is, and its words."""

    src: str
    """Where the image is: a URL, a path, or a picture's reference once resolved."""
    alt: str = ""
    """The text that stands for the image when it cannot be seen."""
    caption: str = ""
    credit: str = ""
    """Who made or supplied the image ("Photo: Jan Kowalski", "© Reuters")."""

    def block(self) -> str:
        """The figure as a block of canonical Markdown."""
        alt, caption, credit = one_line(self.alt), one_line(self.caption), one_line(self.credit)
        if not caption and not credit:
            return f"![{markdown_text(alt)}]({self.src})"
        words = escape(caption, quote=False)
        if credit:
            words = f"{words} <small>{escape(credit, quote=False)}</small>" if words else f"<small>{escape(credit, quote=False)}</small>"
        return (
            f'<figure><img src="{escape(self.src)}" alt="{escape(alt)}" />'
            f"<figcaption>{words}</figcaption></figure>"
        )

    def words(self) -> str:
        """What is left in place of the image when it cannot be had: its alt
        text, and its caption if that says something else, as Markdown blocks
        (the credit goes with the picture)."""
        alt, caption = one_line(self.alt), one_line(self.caption)
        kept = [alt] + ([caption] if caption and caption != alt else [])
        return "\n\n".join(markdown_text(text) for text in kept if text)

    def moved(self, src: str) -> Figure:
        return replace(self, src=src)


class _FigureReader(HTMLParser):
    """The first ``<img>`` of a ``<figure>`` block, its caption and credit."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.src: str | None = None
        self.alt = ""
        self.caption: list[str] = []
        self.credit: list[str] = []
        self.in_caption = 0
        self.in_credit = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "img" and self.src is None:
            values = dict(attrs)
            self.src = values.get("src") or ""
            self.alt = values.get("alt") or ""
        elif tag == "figcaption":
            self.in_caption += 1
        elif tag == "small" and self.in_caption:
            self.in_credit += 1

    def handle_endtag(self, tag: str) -> None:
        if tag == "figcaption" and self.in_caption:
            self.in_caption -= 1
        elif tag == "small" and self.in_credit:
            self.in_credit -= 1

    def handle_data(self, data: str) -> None:
        if self.in_credit:
            self.credit.append(data)
        elif self.in_caption:
            self.caption.append(data)


def parse_block(block: str) -> Figure | None:
    """The figure a block of canonical Markdown is, or None if it is none."""
    text = block.strip()
    if text.startswith("!["):
        match = _MD_IMAGE.fullmatch(text)
        if match is None:
            return None
        src = match.group("src")
        src = src[1:-1] if src.startswith("<") else src
        alt = _UNESCAPE.sub(r"\1", match.group("alt"))
        return Figure(src=src, alt=alt, caption=match.group("title") or "")
    if text[:8].lower() == "<figure>" and text[-9:].lower() == "</figure>" and "\n\n" not in text:
        reader = _FigureReader()
        reader.feed(text)
        reader.close()
        if not reader.src:
            return None
        return Figure(
            src=reader.src,
            alt=reader.alt,
            caption=one_line("".join(reader.caption)),
            credit=one_line("".join(reader.credit)),
        )
    return None
