"""Inline link rules: each takes one block's text and returns it repaired.

Every pattern is written so that no run of brackets, asterisks or one very
long line makes it backtrack: possessive quantifiers, bounded lazy runs, and
alternatives that cannot match the same character two ways.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable
from urllib.parse import parse_qsl, urlencode, urljoin, urlsplit, urlunsplit

# A link's "[", not a picture's "![" nor an escaped "\[": the bracket first and the look-behind after
# it, so that the parser can look for the bracket at once (a pattern that opens on a look-behind is
# tried at every character). Likewise "(" not after "]" below.
_OPEN = r"\[(?<![!\\]\[)"
# The text of a link: escapes, plain characters, one level of nested brackets;
# bounded, so that a run of escaped brackets is not rescanned from each one.
_TEXT = r"(?:\\.|[^\[\]\\\n]|\[(?:\\.|[^\[\]\\\n]){0,1000}+\]){0,1000}+"
# A link destination: escapes, plain characters, balanced parentheses.
_DEST = r"(?:\\.|[^()\s\\<>]|\((?:\\.|[^()\s\\]){0,2000}+\)){1,20000}+"
# A link title, in any of CommonMark's three quotes, with its escapes
# ("The \"big\" one", 'one'): a title the pattern did not know left the link
# unread, its brackets escaped as text.
_TITLE = r"""(?:[ ]+(?:"(?:\\.|[^"\\\n])*+"|'(?:\\.|[^'\\\n])*+'|\((?:\\.|[^()\\\n])*+\)))?"""
LINK = re.compile(rf"{_OPEN}(?P<text>{_TEXT})\]\((?P<url><[^<>\n]*+>|{_DEST}){_TITLE}\)")
# A picture without its address ("![a harbour]()") is one too: converters write it for a picture
# whose address they could not read.
IMAGE = re.compile(rf"!\[(?P<text>{_TEXT})\]\((?P<url><[^<>\n]*+>|{_DEST})?{_TITLE}\)")
AUTOLINK = re.compile(r"<(?P<url>(?:https?|mailto):[^<>\s]++)>")


@functools.lru_cache(maxsize=256)
def links_of(text: str) -> tuple[re.Match[str], ...]:
    """``LINK``'s matches in ``text``, in order. Memoized: the link repairs, one after the other,
    and then the block's features read the links of the same text (most repairs leave it as it is)."""
    return tuple(LINK.finditer(text))


def sub_links(repl: Callable[[re.Match[str]], str], text: str) -> str:
    """``LINK.sub(repl, text)``, over the memoized matches."""
    out: list[str] = []
    last = 0
    for m in links_of(text):
        out.append(text[last : m.start()])
        out.append(repl(m))
        last = m.end()
    if not out:
        return text
    out.append(text[last:])
    return "".join(out)

# A URL a print stylesheet wrote after a link: " (<URL>)", " ([URL](URL))", " (URL)".
_PRINTED = (
    r"[ ]?\((?:<(?P<p1>https?://[^<>\s]++)>"
    rf"|\[{_TEXT}\]\((?P<p2>{_DEST})\)"
    r"|(?P<p3>https?://(?:[^\s()<>]|\([^\s()<>]*+\))++))\)"
)
# A link, maybe in emphasis and quotes, followed by its printed URL.
PRINTED_LINK = re.compile(
    r"(?P<pre>\*\*|__|\*|_)?(?P<q1>[\"“'‘]?)(?P<inner>\*\*|__|\*|_)?"
    rf"(?P<link>{LINK.pattern})"
    rf"(?P=inner)?(?P<q2>[\"”'’]?)(?P=pre)?{_PRINTED}"
)
# Emphasized words whose link was lost, followed by the printed URL.
PRINTED_WORDS = re.compile(
    r"(?P<q1>[\"“]?)(?P<em>\*\*|__|\*|_)(?P<words>[^*_\n\[\]()<>]{1,300}?)(?P=em)"
    rf"(?P<q2>[\"”]?){_PRINTED}"
)
# A dead link whose own URL leaked into its text: "[Name \(/path\)](#)".
LEAKED_URL_LINK = re.compile(
    r"\[(?P<words>[^\[\]\n]{0,300}?)[ ]*\\?\((?P<path>/[^\s()\\]*+|https?://[^\s()\\]++)\\?\)[ ]*\]"
    r"\((?:#[^()\s]*+)?\)"
)
# A link to nowhere: "[words](#)", "[words]()", "[words](javascript:…)".
EMPTY_TARGET_LINK = re.compile(rf"{_OPEN}(?P<text>{_TEXT})\]\((?:#|javascript:(?:[^()\s]|\([^()\s]*+\))*+)?\)", re.I)
# A link with no words: "[](https://…)".
WORDLESS_LINK = re.compile(rf"{_OPEN}[ ]*\]\((?:<[^<>\n]*+>|{_DEST})?\)")
# Backslash escapes that canonical Markdown never needs.
NEEDLESS_ESCAPE = re.compile(r"\\(?=[$%&@,;:'\"/=?~])|(?<![\]\\])\\(?=[()])")


def _strip_angle(url: str) -> str:
    return url[1:-1] if url.startswith("<") and url.endswith(">") else url


def unescape_url(url: str) -> str:
    """``https://a/b\\(c\\)`` → ``https://a/b(c)``."""
    if "\\" not in url:
        return _strip_angle(url.strip())
    return re.sub(r"\\(.)", r"\1", _strip_angle(url.strip()))


@functools.lru_cache(maxsize=1024)
def clean_url(url: str, tracking: frozenset[str]) -> str:
    """Drop tracking parameters and ``#:~:text=`` fragments from ``url``.

    ``https://a.org/x?utm_source=t&id=2#:~:text=Hi`` → ``https://a.org/x?id=2``
    """
    url = unescape_url(url)
    try:
        parts = urlsplit(url)
    except ValueError:
        return url
    if parts.scheme not in {"http", "https"}:
        return url
    fragment = parts.fragment.split(":~:", 1)[0]
    query = parts.query
    if query:
        pairs = parse_qsl(query, keep_blank_values=True)
        kept = [(k, v) for k, v in pairs if k.lower() not in tracking]
        if len(kept) != len(pairs):
            query = urlencode(kept, doseq=True, safe=":/,@")
    return urlunsplit((parts.scheme, parts.netloc, parts.path, query, fragment))


def _same_target(a: str, b: str) -> bool:
    norm = lambda u: unescape_url(u).split("#", 1)[0].rstrip("/").lower()  # noqa: E731
    return norm(a) == norm(b)


# What any PRINTED_LINK match holds: a link's ")", closing marks and quotes, then a printed URL's start.
_PRINTED_AFTER_LINK = re.compile(r"\)[*_\"”'’]{0,5}[ ]?\((?:<https?://|\[|https?://)")


def fix_print_doubled_links(text: str) -> str:
    """``"**[word](U)**" (<U>)`` → ``"[word](U)"``; also ``[word](U) (U)``."""
    if "](" not in text or not _PRINTED_AFTER_LINK.search(text):
        return text

    def repl(m: re.Match[str]) -> str:
        printed = m.group("p1") or m.group("p2") or m.group("p3") or ""
        if not _same_target(m.group("url"), printed):
            return m.group(0)
        return f"{m.group('q1')}{m.group('link')}{m.group('q2')}"

    return PRINTED_LINK.sub(repl, text)


# An address a print stylesheet wrote after a link's words, inside the link
# itself: PDF converters take the printed address as part of the link, since
# the link's area covers it, and the link areas of a PDF's text line up only
# roughly: a neighbour's printed address may fall in too. Whole, or cut at
# the end of a line.
_PRINTED_WHOLE_IN_WORDS = re.compile(r"[ ]?\([ ]?(?:https?://|www\.)(?:[^\s()]|\([^\s()]*+\))*+[ ]?\)", re.I)
_PRINTED_CUT_IN_WORDS = re.compile(r"[ ]?\([ ]?(?P<url>(?:https?://|www\.)[^\s()]*+)$", re.I)
_PRINTED_HINT = re.compile(r"\((?<!\]\()[ ]?(?:https?://|www\.)", re.I)  # not a link's own destination
# The rest of such an address, as the next line's link to the same place.
_ADDRESS_PIECE = re.compile(r"[^\s\[\]()]++\)?")
_EMPHASIS = "*_"


def _host(url: str) -> str:
    return _bare_address(url).split("/", 1)[0]


def _bare_address(url: str) -> str:
    """``https://www.x.org/a`` → ``x.org/a``: lower case, without scheme and ``www.``."""
    return re.sub(r"^(?:https?://)?(?:www\.)?", "", unescape_url(url).lower())


def _cut_address_of(target: str, printed: str) -> bool:
    """Whether ``printed``, cut short, is ``target``'s address as printed: the same
    host (text from a PDF loses ligatures, "fi", "ff"), or the start of it
    (``https://www.news-`` of ``https://www.news-site.org/a``)."""
    if _host(target) == _host(printed):
        return True
    start = _bare_address(printed)
    return len(start) > 3 and _bare_address(target).startswith(start)


def fix_link_words_printed_urls(text: str) -> str:
    """``[Trackback (https://x.org/a-](https://x.org/a-b)`` ``[b)](https://x.org/a-b)`` →
    ``[Trackback](https://x.org/a-b)``: the address printed in a link's words goes,
    and with it the pieces of it wrapped onto the next lines.
    """
    if "](" not in text or not _PRINTED_HINT.search(text):
        return text
    out: list[str] = []
    last = 0
    rest_of: str | None = None  # the target whose printed address is cut short
    for m in links_of(text):
        words, target = m.group("text"), m.group("url")
        between = text[last : m.start()]
        if rest_of is not None and not between.strip(" \n" + _EMPHASIS) and _same_target(target, rest_of):
            piece = words.strip(_EMPHASIS)
            if _ADDRESS_PIECE.fullmatch(piece):
                out.append(between.rstrip(" \n" + _EMPHASIS))
                last = m.end()
                rest_of = None if piece.endswith(")") else target
                continue
        rest_of = None
        out.append(between)
        # An address printed right before the next words leaves a space between them.
        kept = _PRINTED_WHOLE_IN_WORDS.sub(lambda p: " " if words[p.end() : p.end() + 1].isalnum() else "", words)
        cut = _PRINTED_CUT_IN_WORDS.search(kept)
        if cut is not None and _cut_address_of(target, cut.group("url")):
            kept, rest_of = kept[: cut.start()], target
        if kept == words:
            out.append(m.group(0))
        else:
            kept = kept.strip()
            if kept.strip(_EMPHASIS + "()"):
                out.append(f"[{kept}]({target})")
            else:  # the link was its printed address alone: it goes, with the space before it
                out[-1] = out[-1].rstrip(" ")
        last = m.end()
    out.append(text[last:])
    return "".join(out)


# Where a printed address opens (``_PRINTED``) after emphasis closed, or its quote: "**(<http", "_ ([",
# "*\"(http"; not a link's own "](http".
_PRINTED_OPEN = re.compile(r"[*_\"”][ ]?\((?:<https?://|\[|https?://)")


def fix_lost_link_printed_url(text: str) -> str:
    """``**resumed** (<U>)`` → ``[resumed](U)``."""
    if ("*" not in text and "_" not in text) or not _PRINTED_OPEN.search(text):
        return text  # no emphasis, or no printed address after it

    def repl(m: re.Match[str]) -> str:
        printed = m.group("p1") or m.group("p2") or m.group("p3") or ""
        words = m.group("words").strip()
        return f"{m.group('q1')}[{words}]({unescape_url(printed)}){m.group('q2')}"

    return PRINTED_WORDS.sub(repl, text)


def fix_leaked_url_links(text: str, base_url: str | None = None) -> str:
    """``[Dennis Ross \\(/experts/dennis-ross\\)](#)`` → ``Dennis Ross``.

    With the site's base URL known, the leaked path becomes the link.
    """
    if "](#" not in text and "]()" not in text:
        return text  # a dead link's target: nothing, or a fragment

    def repl(m: re.Match[str]) -> str:
        words = m.group("words").strip()
        if base_url and words:
            return f"[{words}]({urljoin(base_url, m.group('path'))})"
        return words

    return LEAKED_URL_LINK.sub(repl, text)


# A link destination with spaces a converter did not escape, or spaces at its
# edges: "[w](https://x.org/a b)", "[w]( https://x.org/a )", a share button's
# "[Email](mailto:?subject=Ferry service resumes&body=https://…)". Words after a
# space that open a title ('"', "'", "(") are no part of it.
_SPACED_DESTINATION = re.compile(
    rf"{_OPEN}(?P<text>{_TEXT})\]\([ ]*+(?P<url>(?:https?://|/|mailto:)[^\s()<>\"]*+(?:[ \n]++[^\s()<>\"'][^\s()<>\"]*+)*+)"
    r"(?P<title>[ \n]++\"[^\"\n]*+\")?[ ]*+\)"
)
_SPACED_HINT = re.compile(r"\]\([ ]|\]\((?:https?://|/|mailto:)[^\s()<>\"]*+[ \n]")
# A converter's line wrap inside a destination: after "-" it cut a word
# (Python's textwrap breaks there), elsewhere it stands for a space.
_WRAP_IN_DESTINATION = re.compile(r"(?P<cut>(?<=-)\n)|[ \n]++")


def fix_spaced_link_destinations(text: str) -> str:
    """``[the topic](https://x.org/topic/sore throat)`` → ``[the topic](https://x.org/topic/sore%20throat)``;
    ``[w]( https://x.org/a )`` → ``[w](https://x.org/a)``."""
    if "](" not in text or not _SPACED_HINT.search(text):
        return text

    def repl(m: re.Match[str]) -> str:
        url = _WRAP_IN_DESTINATION.sub(lambda gap: "" if gap.group("cut") else "%20", m.group("url"))
        return f"[{m.group('text')}]({url}{(m.group('title') or '').replace(chr(10), ' ')})"

    return _SPACED_DESTINATION.sub(repl, text)


# A link title with quotes inside it left unescaped ("The "new" plan"), as some
# reader services write it: no parser reads it as a title, and the link is lost.
_QUOTED_TITLE = re.compile(rf"\]\((?P<url>{_DEST})[ ]++\"[^\"\n]*+\"(?!\))(?:(?!\"\))[^\n]){{0,500}}?\"\)")


def fix_quoted_link_titles(text: str) -> str:
    """``[w](https://x.org/a "The "new" plan")`` → ``[w](https://x.org/a)``: titles go anyway."""
    if '"' not in text or "](" not in text:
        return text
    return _QUOTED_TITLE.sub(lambda m: f"]({m.group('url')})", text)


# An ATX heading is one line: a link in one that a converter wrapped
# (html2text at 78 columns) leaves the rest of its destination or title on
# the next lines, where it reads as a paragraph: "## [Title](https://x.org/a-"
# then "b/c "Title")". The heading's lines are joined while the link is open.
_OPEN_HEADING_LINK = re.compile(r"^[ ]{0,3}#{1,6}[ ].*?\]\((?P<url>[^\s()<>]*+)(?P<title>[ ]+\"[^\"\n]*+)?$", re.M)
# Its end alone, a destination open at a line's end: found from its "](" (the whole pattern is tried
# at every line of the page), and wanted before it.
_OPEN_AT_LINE_END = re.compile(r"\]\([^\s()<>]*+(?:[ ]+\"[^\"\n]*+)?$", re.M)
HEADING_LINK_LINES = 4
"""Lines a wrapped heading link is joined from at most."""


def fix_wrapped_heading_links(text: str) -> str:
    """``## [Plan approved](https://x.org/a-`` ``b "Plan approved")`` →
    ``## [Plan approved](https://x.org/a-b "Plan approved")``."""
    if "](" not in text or not _OPEN_AT_LINE_END.search(text) or not _OPEN_HEADING_LINK.search(text):
        return text
    lines = text.split("\n")
    out: list[str] = []
    i = 0
    while i < len(lines):
        line = lines[i]
        for _ in range(HEADING_LINK_LINES - 1):
            m = _OPEN_HEADING_LINK.match(line)
            if m is None or i + 1 >= len(lines) or not lines[i + 1].strip():
                break
            after = lines[i + 1].strip()
            glue = " " if m.group("title") or after.startswith('"') else ""
            line, i = f"{line}{glue}{after}", i + 1
        out.append(line)
        i += 1
    return "\n".join(out)


# A script for a link's address: "[Print](javascript:window.print())", any code up to the
# parenthesis that closes it, quotes and nested calls and all.
_SCRIPT_TARGET = re.compile(rf"(?:{_OPEN}(?P<text>{_TEXT})\]|(?<!\])[ ]?)\(javascript:", re.I)
_SCRIPT_HINT = re.compile("javascript:", re.I)
SCRIPT_LENGTH = 5000
"""Characters of script a link's address is read to at most, looking for its end."""


def _script_end(text: str, at: int) -> int:
    """Where the script from ``at`` ends: after the parenthesis that closes the one opened
    before it (outside its quoted strings), or -1 when none does within reach, in its block."""
    depth, quote, i = 1, "", at
    end = min(len(text), at + SCRIPT_LENGTH)
    while i < end:
        ch = text[i]
        if quote:
            if ch == "\\":
                i += 1
            elif ch == quote:
                quote = ""
        elif ch in "'\"":
            quote = ch
        elif ch == "(":
            depth += 1
        elif ch == ")":
            depth -= 1
            if depth == 0:
                return i + 1
        i += 1
    return -1


def fix_script_links(text: str) -> str:
    """``[Print](javascript:void(window.open('https://x.org/p?id=1', 'w')))`` → ``Print``;
    a script printed after words (``Share (javascript:share("a b"))``) goes."""
    if not _SCRIPT_HINT.search(text):
        return text
    out: list[str] = []
    pos = 0
    for m in _SCRIPT_TARGET.finditer(text):
        if m.start() < pos:
            continue
        end = _script_end(text, m.end())
        if end < 0:
            continue
        out.append(text[pos : m.start()])
        out.append(m.group("text") or "")
        pos = end
    out.append(text[pos:])
    return "".join(out)


# What a link to nowhere holds after its words: "](#", "]()", "](javascript:"; a link without words
# opens "[]" or "[ ]". Most blocks hold neither: the full patterns are not tried.
_EMPTY_TARGET_HINT = re.compile(r"\]\((?:#|\)|javascript:)", re.I)
_WORDLESS_HINT = re.compile(r"\[[ ]*\]\(")


def fix_empty_links(text: str) -> str:
    """``[words](#)`` → ``words``; ``[](https://x)`` → nothing."""
    if "](" not in text:
        return text
    if _WORDLESS_HINT.search(text):
        text = WORDLESS_LINK.sub("", text)
    if not _EMPTY_TARGET_HINT.search(text):
        return text
    return EMPTY_TARGET_LINK.sub(lambda m: m.group("text"), text)


_PLACEHOLDER = re.compile(
    r"(?:\*\*|__)?==>[ ]*picture[ ]*\[[^\]\n]{0,40}\][^<\n]{0,60}<==(?:\*\*|__)?"
    r"|<!--[ ]*image[ ]*-->"
    r"|^\[?(?:image|picture|photo|bild|foto|imagen|immagine)[ ]+\d+(?:[ ]+(?:of|von|de|di|/)[ ]+\d+)?\]?:?[ ]*$",
    re.I | re.M,
)


def fix_picture_placeholders(text: str) -> str:
    """``**==> picture [640 x 480] intentionally omitted <==**``, ``<!-- image -->``, ``Image 1 of 5`` → nothing."""
    if "==>" not in text and "<!--" not in text and len(text) > 40:
        return text
    return _PLACEHOLDER.sub("", text)


def fix_images(text: str) -> str:
    """``![Photo: a harbour](https://x/img.jpg)`` → nothing: images are never fetched."""
    if "![" not in text:
        return text
    return IMAGE.sub("", text)


def _scheme(url: str) -> str:
    """A URL's scheme, lower case; "" when it has none or cannot be read
    (``http://[word]/`` is no address: Python's parser refuses its host)."""
    try:
        return urlsplit(url).scheme.lower() if ":" in url else ""
    except ValueError:
        return "invalid"


# A "](" not followed by a web address: a link's address opens right after its "](", so without one
# every link's address is a web address, which the repair keeps.
_RELATIVE_HINT = re.compile(r"\]\((?!<?https?://)")


def fix_relative_links(text: str, base_url: str | None = None) -> str:
    """``[words](/path)`` → ``[words](https://site/path)`` with a base URL, else ``words``."""
    if "](" not in text or not _RELATIVE_HINT.search(text):
        return text

    def repl(m: re.Match[str]) -> str:
        url = unescape_url(m.group("url"))
        # Most links are to web addresses: their scheme is plain without parsing them.
        if url.startswith(("http://", "https://")) or _scheme(url):
            return m.group(0)
        if base_url:
            try:
                return f"[{m.group('text')}]({urljoin(base_url, url)})"
            except ValueError:
                return m.group("text")
        return m.group("text")

    return sub_links(repl, text)


# An address printed after words, as print stylesheets write it: " (https://…)",
# " (<https://…>)", " (www.…)", " (/path)"; and an address left standing alone.
_PRINTED_URL = re.compile(
    r"[ ]?\((?:<(?:https?://|/)[^<>\n]++>|https?://[^\s()]++(?:\([^\s()]*+\)[^\s()]*+)*+|www\.[^\s()]++|/[\w.~%-][^\s()]*+)\)"
)
_PRINTED_SCRIPT = re.compile(r"[ ]?\(javascript:[^()\s]*+(?:\([^()\s]*+\))?[^()\s]*+\)", re.I)
_URL_AS_TEXT = re.compile(r"\(?(?:https?://|www\.|/)?[^\s()\[\]]*[/.][^\s()\[\]]*\)?")
_LONE_URL = re.compile(r"^[(\[<]*(?:https?://|www\.)[^\s]*[)\]>]*$")
# An address standing as a word: printed as text, it is no link. One to a picture
# file is a picture's source printed by a gallery or slider, never words to read.
_BARE_ADDRESS = re.compile(r"(?:^|[ ])(?:https?:)?//[^\s()<>\[\]]++", re.M)
_PICTURE_FILE = re.compile(r"\.(?:jpe?g|png|gif|webp|avif|svg|bmp|tiff?)(?:\?[^#]*)?$", re.I)
_TRAILING_STOPS = ".,;:!?"


def _without_picture_address(m: re.Match[str]) -> str:
    address = m.group(0)
    core = address.rstrip(_TRAILING_STOPS)
    return address[len(core) :] if _PICTURE_FILE.search(core) else address


def _drop_printed(text: str) -> str:
    """A stretch of text outside links without its printed addresses and scripts: each of those opens
    with its "(", a picture's address printed as a word with its "//" (most stretches have neither)."""
    if "(" in text:
        text = _PRINTED_SCRIPT.sub("", _PRINTED_URL.sub("", text))
    return _BARE_ADDRESS.sub(_without_picture_address, text) if "//" in text else text


def fix_printed_urls(text: str) -> str:
    """``the report (https://x.org/r) says`` → ``the report says``; a lone ``(<https://x.org/r>)`` goes,
    and so does a picture's address printed as a word (``https://x.org/a.jpg 640 480``).

    Only outside links: a link's own destination is never touched.
    """
    if "(" not in text and "//" not in text and "www." not in text:
        return text
    if _LONE_URL.match(text.strip()):
        return ""
    out: list[str] = []
    last = 0
    for m in links_of(text):
        out.append(_drop_printed(text[last : m.start()]))
        words = m.group("text").strip()
        # "[(/path/page.php)](https://…)": the link's words are its printed address.
        printed = words.startswith("(") and words.endswith(")") and _URL_AS_TEXT.fullmatch(words)
        out.append("" if printed else m.group(0))
        last = m.end()
    out.append(_drop_printed(text[last:]))
    return "".join(out)


# A printed address the converter wrapped or cut: its pieces split at a
# break after "-", "/", "?"… by a space, a line end, or emphasis and
# strike-through marks closed and opened again ("(https://x.org/a-** **b)");
# or cut off at the block's end, the rest of it lost. Also the
# scheme-relative "(//x.org/a)" a print stylesheet writes for "//" links,
# and the addresses of share buttons ("(mailto:?subject=…)", "(whatsapp://…)").
_ADDRESS_START = r"(?:https?://|www\.|//[\w-]++\.|(?:mailto|whatsapp|fb-messenger|viber|sms|tg):(?://)?)"
_ADDRESS_PART = r"[^\s()*~\[\]<>]++"
_MARKS = r"(?:\*{1,3}|~~)?"
# Print-to-PDF text also wraps an address where one link area ends and the
# next begins: "[more (https://x.org/a-] [b)]".
_WRAPPED_ADDRESS = (
    rf"\([ ]?{_ADDRESS_START}{_ADDRESS_PART}"
    rf"(?:(?<=[-/?&=_.%#]){_MARKS}(?:\]{_MARKS}[ \n]{_MARKS}\[|[ \n]){_MARKS}{_ADDRESS_PART})*+"
)
# Marks around the whole address go with it, and the brackets of a link area that held only it.
_WRAPPED_PRINTED_URL = re.compile(
    rf"[ ]?(?P<area>\[)?(?P<mark>\*{{1,3}}|~~)?{_WRAPPED_ADDRESS}[ ]?\)(?(mark)(?P=mark))(?(area)\])", re.I
)
# Cut off at the block's end, or at the end of the link area it was printed in: "[May 2 (https://x.org/a?]".
_CUT_PRINTED_URL = re.compile(rf"[ ]?{_WRAPPED_ADDRESS}(?={_MARKS}\Z)", re.I)
_CUT_IN_AREA = re.compile(rf"[ ]?{_WRAPPED_ADDRESS}(?=\])", re.I)
_WRAPPED_HINT = re.compile(rf"\((?<!\]\()[ ]?{_ADDRESS_START}", re.I)


def _outside_links(text: str, repair: Callable[[str], str], in_words: bool = False) -> str:
    """``repair`` applied to the text between links, and with ``in_words`` to
    their words; link destinations stay as they are."""
    out: list[str] = []
    last = 0
    for m in links_of(text):
        out.append(repair(text[last : m.start()]))
        words = repair(m.group("text")) if in_words else m.group("text")
        if words == m.group("text"):
            out.append(m.group(0))
        else:
            out.append(f"[{words.strip()}{text[m.end('text') : m.end()]}")
        last = m.end()
    out.append(repair(text[last:]))
    return "".join(out)


def fix_wrapped_printed_urls(text: str) -> str:
    """``the plan **(https://x.org/a-** **b)** says`` → ``the plan says``;
    ``more (//x.org/a)`` → ``more``; a ``(https://x.org/a-`` cut at the block's end goes.
    """
    if not _WRAPPED_HINT.search(text):
        return text
    text = _outside_links(text, lambda part: _CUT_IN_AREA.sub("", _WRAPPED_PRINTED_URL.sub("", part)))
    tail = _CUT_PRINTED_URL.search(text)
    if tail is None:
        return text
    # The marks after a cut address close those opened just before it: both go.
    kept, marks = text[: tail.start()].rstrip(), text[tail.end() :]
    return kept[: -len(marks)].rstrip() if marks and kept.endswith(marks) else kept + marks


# A printed address in right-to-left text, where the converter mirrored its
# parentheses: ")https://x.org/a(", ")/https://x.org/a/(".
_MIRRORED_PRINTED_URL = re.compile(r"[ ]?\)/?(?:https?://|www\.)[^\s()]*+\(", re.I)


def fix_mirrored_printed_urls(text: str) -> str:
    """``الخبر )https://x.org/a( هنا`` → ``الخبر هنا``, in a link's words too."""
    if ")http" not in text and ")/http" not in text and ")www." not in text:
        return text
    return _outside_links(text, lambda part: _MIRRORED_PRINTED_URL.sub("", part), in_words=True)


_NEEDS_ANGLES = re.compile(r"[\s<>]")


def fix_link_urls(text: str, tracking: frozenset[str]) -> str:
    """``[w](<https://a/x?utm_source=t>)`` → ``[w](https://a/x)``: clean, unescaped, bare."""
    if "](" not in text and "<" not in text:
        return text

    def link(m: re.Match[str]) -> str:
        url = clean_url(m.group("url"), tracking)
        if _NEEDS_ANGLES.search(url) or url.count("(") != url.count(")"):
            url = f"<{url}>"
        return f"[{m.group('text')}]({url})"

    text = sub_links(link, text)
    if "<" not in text:
        return text  # no autolink
    return AUTOLINK.sub(lambda m: f"<{clean_url(m.group('url'), tracking)}>", text)


def fix_needless_escapes(text: str) -> str:
    """``\\$300 \\(approx.\\)`` → ``$300 (approx.)``; escapes that matter stay."""
    if "\\" not in text:
        return text
    out = []
    last = 0
    # Leave link destinations alone: an escaped parenthesis there is needed.
    for m in links_of(text):
        out.append(NEEDLESS_ESCAPE.sub("", text[last : m.start("url")]))
        out.append(text[m.start("url") : m.end()])
        last = m.end()
    out.append(NEEDLESS_ESCAPE.sub("", text[last:]))
    return "".join(out)


# A reference definition: "[1]: https://example.org/a "title"".
_REFERENCE_DEF = re.compile(
    r"^[ ]{0,3}\[(?P<label>[^\]\n]{1,200})\]:[ \t]*<?(?P<url>[^\s<>]++)>?"
    r"(?:[ \t]+(?:\"[^\"\n]*+\"|'[^'\n]*+'|\([^)\n]*+\)))?[ \t]*$\n?",
    re.M,
)
# A reference use: "[words][1]", "[words][]", or "[words]" alone.
_REFERENCE_USE = re.compile(rf"{_OPEN}(?P<text>{_TEXT})\](?:\[(?P<label>[^\]\n]{{0,200}})\])?(?!\()")
_INLINE_CODE = re.compile(r"`[^`\n]{0,500}`")


def _key(label: str) -> str:
    return " ".join(label.lower().split())


def fix_reference_links(text: str) -> str:
    """``[words][1]`` … ``[1]: https://x`` → ``[words](https://x)``; definitions go.

    Some converters (html2text with ``inline_links`` off) write links this way;
    canonical Markdown has inline links only.
    """
    if "]:" not in text:
        return text  # no definition
    definitions = {_key(m.group("label")): m.group("url") for m in _REFERENCE_DEF.finditer(text)}
    if not definitions:
        return text
    text = _REFERENCE_DEF.sub("", text)

    def repl(m: re.Match[str]) -> str:
        label = m.group("label")
        url = definitions.get(_key(label or m.group("text")))
        return f"[{m.group('text')}]({url})" if url else m.group(0)

    return _REFERENCE_USE.sub(repl, text)


def fix_stray_brackets(text: str) -> str:
    """``[sic] and [[[`` → ``\\[sic\\] and \\[\\[\\[``: brackets that open no link.

    Escaped, they read the same and cannot make a Markdown parser search for
    a closing bracket from every one of 100,000 openers.
    """
    if "[" not in text and "]" not in text:
        return text
    links = links_of(text)
    # Each link holds a "[" and a "]" at least: as many of each as links, and no code span to
    # overlap one, and every bracket stands in a link (most blocks with brackets).
    if "`" not in text and text.count("[") == len(links) == text.count("]"):
        return text
    keep = sorted(
        [(m.start(), m.end()) for m in links]
        + [(m.start(), m.end()) for m in _INLINE_CODE.finditer(text)]
    )
    out, pos = [], 0
    for start, end in keep:
        if start < pos:
            continue
        out.append(_STRAY_BRACKET.sub(r"\\\1", text[pos:start]))
        out.append(text[start:end])
        pos = end
    out.append(_STRAY_BRACKET.sub(r"\\\1", text[pos:]))
    return "".join(out)


_STRAY_BRACKET = re.compile(r"(?<!\\)([\[\]])")
