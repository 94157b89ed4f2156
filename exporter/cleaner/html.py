"""Raw HTML inside Markdown, read by a real HTML parser (lxml) into Markdown or dropped.

Converters leave HTML in their Markdown: pandoc's GFM writer keeps every
``<div>`` it cannot express, markitdown and others leave tables, ``<img>``,
``<span>`` and comments. None of it is metadata, and none of it may reach a
reader as markup:

    "<div class=\\"note\\">"                         → dropped (no words)
    "<p>Text with <a href=\\"https://x.org\\">a link</a></p>" → "Text with [a link](https://x.org)"
    "Words <span class=\\"x\\">inside</span> a line"   → "Words inside a line"

What is dropped whole: scripts, styles, forms, buttons, frames, SVG and
pictures (a canonical ``<figure>`` block is an ``image`` block and never
comes here). Everything is read as text: no resource is fetched.
"""

from __future__ import annotations

import functools
import re

from .links import links_of

_DROP = frozenset(
    "script style noscript template iframe frame frameset object embed svg math form input select option textarea "
    "button label nav img picture source video audio canvas map area head title meta link base".split()
)
_BLOCKS = frozenset(
    "p div section article aside header footer main figure figcaption blockquote li ul ol dl dt dd table thead "
    "tbody tfoot tr td th caption h1 h2 h3 h4 h5 h6 pre address details summary hr center".split()
)
_EMPHASIS = {"strong": "**", "b": "**", "em": "*", "i": "*"}
# Names of HTML elements: a tag of any other name ("<word>", "<Name>") is text, not markup.
_TAG_NAMES = (
    "a|abbr|address|area|article|aside|audio|b|base|bdi|bdo|big|blockquote|body|br|button|canvas|caption|center|cite|"
    "code|col|colgroup|data|dd|del|details|dfn|dialog|div|dl|dt|em|embed|fieldset|figcaption|figure|font|footer|form|"
    "h[1-6]|head|header|hgroup|hr|html|i|iframe|img|input|ins|kbd|label|legend|li|link|main|map|mark|meta|meter|nav|"
    "noscript|object|ol|optgroup|option|output|p|param|picture|pre|progress|q|rp|rt|ruby|s|samp|script|section|select|"
    "small|source|span|strike|strong|style|sub|summary|sup|svg|table|tbody|td|template|textarea|tfoot|th|thead|time|"
    "title|tr|track|tt|u|ul|var|video|wbr|path|g|use|symbol|circle|rect|polygon|line|defs|button"
)
INLINE_TAG = re.compile(rf"</?(?:{_TAG_NAMES})(?:\s[^<>]{{0,20000}}?)?/?>|<!--[^\n]{{0,2000}}?-->", re.I)
"""An HTML tag (of a known element) or a comment inside a line of text."""
_DROPPED_ELEMENT = re.compile(r"<(script|style|svg|noscript|iframe|button|select|textarea)\b[^>]{0,2000}>.{0,20000}?</\1\s*>", re.I | re.S)
_OPEN_COMMENT = re.compile(r"<!--.*?(?:-->|\Z)", re.S)
_SPACES = re.compile(r"[ \t]+")
_EMPTY_LINK = re.compile(r"\[\s*\]\([^()\s]*\)")


def _is_web(url: str) -> bool:
    return bool(re.match(r"(?i)(?:https?:|mailto:)", url.strip()))


def _inline(node: object, out: list[str]) -> None:
    """Append the Markdown of ``node``'s inline content to ``out``; block children as blank lines."""
    from lxml import etree

    assert isinstance(node, etree._Element)
    for child in node:
        tag = child.tag.lower() if isinstance(child.tag, str) else ""
        if tag in _DROP or not tag:
            out.append(child.tail or "")
            continue
        if tag in _BLOCKS:
            out.append("\n\n")
            if re.fullmatch(r"h[1-6]", tag):
                out.append("#" * int(tag[1]) + " ")
            elif tag == "li":
                out.append("- ")
            elif tag == "blockquote":
                out.append("> ")
            out.append(child.text or "")
            _inline(child, out)
            out.append("\n\n")
            out.append(child.tail or "")
            continue
        inner: list[str] = [child.text or ""]
        _inline(child, inner)
        text = _SPACES.sub(" ", "".join(inner).replace("\n", " "))
        if tag == "br":
            out.append(" ")
        elif tag == "a" and text.strip() and _is_web(child.get("href", "")):
            out.append(f"[{text.strip()}]({child.get('href', '').strip()})")
        elif tag in _EMPHASIS and text.strip():
            mark = _EMPHASIS[tag]
            out.append(f"{mark}{text.strip()}{mark}")
        else:
            out.append(text)
        out.append(child.tail or "")


_WORD_CHAR = re.compile(r"[^\W_]")


def _has_words(html: str) -> bool:
    """Whether a word stands outside the tags: before the first ``<``, after the last ``>``, or
    between a ``>`` and the ``<`` after it. (One pattern of the three alternatives was tried at
    every letter inside the tags, up to the next ``>``.)"""
    pieces = html.split("<")
    if _WORD_CHAR.search(pieces[0]) or _WORD_CHAR.search(html.rpartition(">")[2]):
        return True
    for piece in pieces[:-1]:
        _, closed, after = piece.partition(">")
        if closed and _WORD_CHAR.search(after):
            return True
    return False


@functools.lru_cache(maxsize=1024)
def html_to_markdown(html: str) -> str:
    """Markdown blocks for an HTML fragment: its words, links and emphasis; nothing live."""
    from lxml import etree
    from lxml import html as lxml_html

    html = _DROPPED_ELEMENT.sub(" ", _OPEN_COMMENT.sub(" ", html))
    if not _has_words(html):
        return ""  # tags only
    try:
        root = lxml_html.fragment_fromstring(html, create_parent="div")
    except (etree.ParserError, ValueError):
        return ""
    out: list[str] = [root.text or ""]
    _inline(root, out)
    blocks = []
    for chunk in re.split(r"\n\s*\n", "".join(out)):
        text = _SPACES.sub(" ", chunk.replace("\n", " ")).strip()
        text = _EMPTY_LINK.sub("", text).strip()
        if text.strip("#->* "):
            blocks.append(text)
    return "\n\n".join(blocks)


def fix_inline_html(text: str) -> str:
    """``Words <span class="x">inside</span> a<br/>line`` → ``Words inside a line``.

    Tags of HTML elements go, their words stay; a script's or style's
    contents go with it; ``<word>`` that names no element is text. Link
    destinations are left alone.
    """
    if "<" not in text:
        return text
    out: list[str] = []
    last = 0
    for m in links_of(text):
        out.append(_strip_tags(text[last : m.start("url")]))
        out.append(text[m.start("url") : m.end()])
        last = m.end()
    out.append(_strip_tags(text[last:]))
    return "".join(out)


def _strip_tags(text: str) -> str:
    if "<" not in text:
        return text
    text = _DROPPED_ELEMENT.sub("", text)

    def repl(m: re.Match[str]) -> str:
        tag = m.group(0).lower()
        return " " if tag.startswith(("<br", "<p", "</p", "<div", "</div", "<td", "<th", "<li")) else ""

    return INLINE_TAG.sub(repl, text)


_ATTRIBUTE = r"[\w:.-]+=(?:\"[^\"\n]*\"|'[^'\n]*')"
# A converter that wraps lines inside a tag, and a block break that falls there, leave a tag's
# start at one block's end and its attributes at the next one's start.
_TAG_CUT_AT_END = re.compile(rf"(?<![<`\d])<(?:{_TAG_NAMES})(?:\s+(?:{_ATTRIBUTE}|[\w:.-]+))*\s*\Z", re.I)
_TAG_CUT_AT_START = re.compile(rf"\A(?:#{{1,6}}[ ])?(?:{_ATTRIBUTE}\s*)+/?>[ ]?")


# What a tag is made of: attributes, a name opening or closing it, its end, and the bars of the
# table cell a converter wrote it in.
_TAG_PIECE = re.compile(rf"{_ATTRIBUTE}|</?(?:{_TAG_NAMES})\b|/?>|\|", re.I)


def is_cut_html(text: str) -> bool:
    """``href="https://x.org/a.png" class="c"><img`` ``src="…" /></a>``: a block that starts inside
    a tag and holds nothing but tags, as pandoc's grid tables leave it when an HTML cell is wrapped.
    A code sample of HTML starts at a tag, not inside one."""
    body = text.strip()
    return bool(_TAG_CUT_AT_START.match(body)) and not _TAG_PIECE.sub("", body).strip()


def fix_cut_html_tags(text: str) -> str:
    """``# <a href="https://x.org" class="gray"`` → ``#``; ``target="_blank">Words`` → ``Words``:
    the halves of a tag a block break cut in two. Both go, or the start of a tag left open
    would swallow the words after it when the Markdown is rendered."""
    if "=" not in text and "<" not in text:
        return text
    if "<" not in text and '="' not in text and "='" not in text:
        return text.rstrip(" ")  # an "=" of a link's address, say: no tag's piece, as the patterns would find
    cut = _TAG_CUT_AT_START.sub(lambda m: m.group(0)[: len(m.group(0)) - len(m.group(0).lstrip("# "))], text)
    cut = _TAG_CUT_AT_END.sub("", cut).rstrip(" ")
    return "" if cut != text and not cut.strip("# ") else cut
