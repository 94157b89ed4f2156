"""Telling the page's chrome from the article: labels, bylines, dates, icons.

Each function looks at one block (its plain text) and answers one question;
``structure.py`` decides what to do with the answers. The words they look
for are data in ``exporter/data/vocab.yaml``.
"""

from __future__ import annotations

import functools
import re
from collections import Counter
from dataclasses import dataclass

from .blocks import CAPITALS, UNSPACED_LETTERS, kind, plain
from .dates import find_date
from .html import INLINE_TAG
from .links import AUTOLINK, LINK, links_of
from .vocab import Vocab

# Private-use code points: an icon font's glyphs, which no text font draws.
_PRIVATE_USE_RANGES = "\ue000-\uf8ff\U000f0000-\U0010fffd"
# Icon glyphs: dingbats, geometric shapes, miscellaneous symbols and arrows,
# emoji, private-use icon-font code points, and the variation selector.
ICONS = f"\u2190-\u21ff\u2300-\u23ff\u25a0-\u27bf\u2900-\u297f\u2b00-\u2bff\ufe0f\U0001f000-\U0001faff{_PRIVATE_USE_RANGES}"
_ICON_CHAR = re.compile(rf"[{ICONS}|]")
_ICON_BEFORE_CLOSE = re.compile(rf"[ ]?[{ICONS}]++[ ]?(?=(?:\*\*|\*|__|_)$)")
# A run of private-use glyphs, spaces between them, and a space either side.
_PRIVATE_USE = re.compile(rf"[ ]?[{_PRIVATE_USE_RANGES}]++(?:[ ]++[{_PRIVATE_USE_RANGES}]++)*+[ ]?")
_ONLY_GLYPHS = re.compile(rf"^[{ICONS}•·▪⁂※~*\-_=.\s|]+$")
# Chinese characters and kana are written without spaces: each counts as a word.
_CJK = UNSPACED_LETTERS
# (Letters first, as most words are; possessive, as nothing after a word gives any of it back.)
_WORD = re.compile(rf"[^\W_{_CJK}]++(?:['’][^\W_{_CJK}]++)*+|[{_CJK}]")
_SMALL_NUMBER = re.compile(r"(?<!\d)\d{1,3}(?!\d)")
_LETTER = re.compile(r"[^\W\d_]")
_LETTER_RUN = re.compile(r"[^\W\d_]+")
_SENTENCE = re.compile(r"[.!?…。！？][\"”’»)」』]*$")
_EDGE_NONWORD = re.compile(r"[\W_]*")
# Share buttons' targets on any site: a sharer script, a post intent, a
# compose box, an e-mail with a subject ready; and the print button beside
# them (a print page, or a script).
_SHARE_URL = re.compile(
    r"(?i)^<?(?:mailto:\?|whatsapp:|javascript:|[a-z]+://[^\s/]+/(?:[^\s?]*[/.])?"
    r"(?:share\w*|share-offsite|sharer\w*(?:\.php)?|intent/\w+|compose|submit|pin/create\w*|send|print)(?=[/?#.]|$))"
)
_LABEL_SEPARATOR = re.compile(r"\s*[|·•/]\s*|\n")
_COUNT = re.compile(r"^\(?\d+\)?$|^\d+[ ]*(?:comments?|kommentare?|comentarios?|commentaires?)$", re.I)


@functools.lru_cache(maxsize=32)
def _phrase_start(phrases: tuple[str, ...]) -> re.Pattern[str]:
    """One pattern for a vocabulary list: a phrase that ends in a letter must end a word there."""
    def alternatives(group: list[str]) -> str:
        return "|".join(re.escape(p) for p in sorted(group, key=len, reverse=True)) or "(?!)"

    words_end = [p for p in phrases if p and p[-1].isalnum()]
    others = [p for p in phrases if p and not p[-1].isalnum()]
    return re.compile(rf"(?:{alternatives(words_end)})(?![^\W_])|(?:{alternatives(others)})")


def _tree(phrases: frozenset[str]) -> str:
    """An alternation of ``phrases`` as a tree of their shared beginnings (``a(?:uthor(?:s)?|vtor)``):
    the same strings as ``a|b|…``, but where a text is searched each first character is tried once,
    not once per phrase."""
    if not phrases:
        return "(?:)"  # as an empty alternation reads: the empty string
    if phrases == {""}:
        return ""
    rests: dict[str, set[str]] = {}
    for phrase in phrases:
        if phrase:
            rests.setdefault(phrase[0], set()).add(phrase[1:])
    branches = [re.escape(first) + _tree(frozenset(rest)) for first, rest in sorted(rests.items())]
    if "" in phrases:
        return f"(?:{'|'.join(branches)})?"
    return f"(?:{'|'.join(branches)})" if len(branches) > 1 else branches[0]


@functools.lru_cache(maxsize=32)
def _phrase_inside(phrases: tuple[str, ...]) -> re.Pattern[str]:
    """A phrase standing as whole words in a space-padded label: `` sign up `` or `` sign up.``."""
    return re.compile(rf" {_tree(frozenset(phrases))}(?=[ .])")


@dataclass(frozen=True, slots=True)
class _Phrases:
    """The vocabulary's phrase lists the chrome tests match per block, as patterns.

    Looked up by the vocabulary, which hashes by its identity: a cache keyed on a list
    itself hashes its few hundred phrases again at every call."""

    chrome_prefix: re.Pattern[str]
    read_also: re.Pattern[str]
    promo_start: re.Pattern[str]
    promo_inside: re.Pattern[str]
    update_prefix: re.Pattern[str]
    relative_time: re.Pattern[str]
    end_label_start: re.Pattern[str]
    cookie_word: re.Pattern[str]
    """Any cookie word anywhere in a text (one scan, not one per word)."""


@functools.lru_cache(maxsize=4)
def _phrases(vocab: Vocab) -> _Phrases:
    return _Phrases(
        chrome_prefix=_phrase_start(vocab.chrome_prefixes),
        read_also=_phrase_start(vocab.read_also_prefixes),
        promo_start=_phrase_start(vocab.promo_words),
        promo_inside=_phrase_inside(vocab.promo_words),
        update_prefix=_phrase_start(vocab.update_prefixes),
        relative_time=_phrase_inside(vocab.relative_time_words),
        end_label_start=_end_label_start(vocab.end_labels, vocab.end_label_starts),
        cookie_word=re.compile(_tree(vocab.cookie_words) if vocab.cookie_words else "(?!)"),
    )


def words(text: str) -> list[str]:
    return _WORD.findall(text)


@functools.lru_cache(maxsize=2048)
def plain_words(text: str) -> tuple[str, ...]:
    """``words`` of a block's visible text (``plain``), memoized: its count and its shares of
    stopwords and capitals are read from the same words."""
    return tuple(_WORD.findall(text))


def _edge(text: str) -> int:
    """Length of the run of non-word characters at the start of ``text``."""
    match = _EDGE_NONWORD.match(text)
    return match.end() if match else 0


@functools.lru_cache(maxsize=1024)
def label_of(block: str) -> str:
    """A block's words as a label: lower case, no markup, icons or edge punctuation."""
    text = plain(block)[:300]
    # Strip both edges by matching at the start of the text and of its reverse:
    # an anchored match cannot go quadratic the way a search for ``…$`` can.
    text = text[_edge(text) :]
    text = text[: len(text) - _edge(text[::-1])]
    # Turkish "İ" lower-cases to "i" and a combining dot: vocabulary has plain "i".
    return " ".join(text.lower().replace("i\u0307", "i").split())


def _strip_icon_edges(line: str) -> str:
    start, end = 0, len(line)
    while start < end and (line[start] == " " or _ICON_CHAR.match(line, start)):
        start += 1
    while end > start and (line[end - 1] == " " or _ICON_CHAR.match(line, end - 1)):
        end -= 1
    edges = line[:start] + line[end:]
    return line[start:end] if edges.strip() else line


def fix_stray_icons(block: str) -> str:
    """``Read the report ❖`` → ``Read the report``; ``*tagline. ❖*`` → ``*tagline.*``;
    an icon font's glyph goes wherever it stands (``Autoplay \\ue803 When`` → ``Autoplay When``)."""
    # Both steps take off icon glyphs (a line's edge spaces go only with one): none, nothing to do.
    if kind(block) in {"code", "table"} or not _ICON_CHAR.search(block):
        return block
    block = _ICON_BEFORE_CLOSE.sub("", block)
    lines = [_strip_icon_edges(line) for line in block.split("\n")]
    return _PRIVATE_USE.sub(_space_between, "\n".join(lines))


def _space_between(m: re.Match[str]) -> str:
    """What stands for a run taken out: a space where one stood beside it inside a line, else nothing."""
    text, start, end = m.string, m.start(), m.end()
    inside = start > 0 and text[start - 1] != "\n" and end < len(text) and text[end] != "\n"
    return " " if inside and " " in m.group(0) else ""


def is_separator(block: str) -> bool:
    """A block of glyphs only: ``❖``, ``◆ ◆ ◆``, ``* * *``, ``---``."""
    return bool(_ONLY_GLYPHS.match(block)) and not words(block)


# Footnote references after a sentence's stop ("…in 1947.[12]", "…her path. [M1]"): the stop ends it.
_FOOTNOTE_TAIL = re.compile(r"(?:[ ]?\[[A-Za-z]{0,2}\d{1,4}\])+$")


@functools.lru_cache(maxsize=1024)
def is_sentence(block: str) -> bool:
    return bool(_SENTENCE.search(_FOOTNOTE_TAIL.sub("", plain(block)[-40:])[-12:]))


SHORT = 600
"""Characters of visible text past which a block is running text, never a label, byline or date."""


def _long(block: str) -> bool:
    """Past ``SHORT`` characters of visible text (link targets do not count: a meta line of links is short)."""
    return len(block) > SHORT and (len(block) > 8 * SHORT or len(plain(block)) > SHORT)


@functools.lru_cache(maxsize=2048)
def word_count(block: str) -> int:
    return len(plain_words(plain(block)))


@functools.lru_cache(maxsize=1024)
def link_share(block: str) -> float:
    """How much of a block's visible text is link text (0 to 1)."""
    total = len(plain(block)) or 1
    linked = sum(len(m.group("text")) for m in links_of(block))
    linked += sum(len(m.group("url")) for m in AUTOLINK.finditer(block))
    return min(1.0, linked / total)


@functools.lru_cache(maxsize=1024)
def is_chrome(block: str, vocab: Vocab) -> bool:
    """Share bars, subscribe boxes, cookie lines, image placeholders, link rows."""
    if len(block) > 4 * SHORT:
        return False
    label = label_of(block)
    if not label:
        return True  # nothing a reader could read: empty links, icons
    if label in vocab.chrome_labels or _COUNT.match(label):
        return True
    n = word_count(block)
    if n <= 40 and (_phrases(vocab).chrome_prefix.match(label) or plain(block).startswith("©")):
        return True  # "© 2024 Site B.V. Alle rechten voorbehouden": the sign is the label
    if is_promo(block, vocab) or is_cookie_notice(block, vocab) or is_share_row(block):
        return True
    if n <= 30 and _read_also(block, label, vocab):
        return True  # "Les også: [19-åringen som skal løfte Fjordby](…)": a link to another article
    if (
        n <= 5
        and kind(block) == "para"
        and not is_sentence(block)
        and _SMALL_NUMBER.search(label)
        and _phrases(vocab).relative_time.search(f" {label} ")
    ):
        return True  # "2 hours ago", "vor 3 Tagen": a relative date beside the real one
    if n <= 12 and _covered_by_labels(label.split(), vocab.chrome_labels, vocab.name_joiners):
        return True  # "Tout accepter Continuer sans accepter Personnaliser"
    text = plain(block)
    # No separator, one part: split only a text that has one (most blocks are long and have none).
    parts = [p for p in _LABEL_SEPARATOR.split(text) if p.strip()] if any(mark in text for mark in "|·•/\n") else []
    if len(parts) >= 2 and all(p.strip().lower() in vocab.chrome_labels for p in parts):
        return True  # "Facebook | Twitter | Email"
    if kind(block) == "list" and all(
        label_of(line) in vocab.chrome_labels for line in block.split("\n")
    ):
        return True
    return False


def _read_also(block: str, label: str, vocab: Vocab) -> bool:
    """``Read also: [Headline](…)``: a read-also word and a link that holds most of the line.

    A scraper may have dropped a relative link's address: then a headline
    after a colon, no sentence, is enough ("Czytaj także: Remont dworca…").
    """
    if not _phrases(vocab).read_also.match(label):
        return False
    if link_share(block) >= 0.5:
        return True
    head, colon, rest = plain(block).partition(":")
    return bool(colon) and 2 <= len(words(rest)) <= 15 and not is_sentence(block) and len(words(head)) <= 4


def is_share_row(block: str) -> bool:
    """``Folge teilen: [Facebook](…/sharer.php?u=…) [Bluesky](…/intent/compose?…)``: share buttons under any label.

    Every link goes to a share target, and a few words at most stand outside them.
    """
    if "](" not in block:
        return False  # no link, no button
    urls = [m.group("url") for m in links_of(block)]
    if not urls or not all(_SHARE_URL.match(u.strip()) for u in urls):
        return False
    rest = LINK.sub(" ", block)
    return len(words(plain(rest))) <= 4


@functools.lru_cache(maxsize=4)
def _first_words(labels: frozenset[str]) -> frozenset[str]:
    return frozenset(label.split(" ")[0] for label in labels)


def _covered_by_labels(tokens: list[str], labels: frozenset[str], joiners: tuple[str, ...]) -> bool:
    """Whether ``tokens`` read as several chrome labels in a row (buttons side by side).

    A joining word may stand between two labels: "Scopri di più e personalizza".
    """
    if len(tokens) < 2 or tokens[0] not in _first_words(labels):
        return False  # the first label starts the line: no label starts with its first word
    # label_end[i]: tokens[:i] is labels ending with a label; reachable[i]:
    # tokens[:i] is that, or that and one joining word.
    label_end = [True] + [False] * len(tokens)
    reachable = label_end[:]
    for end in range(1, len(tokens) + 1):
        label_end[end] = any(
            reachable[start] and " ".join(tokens[start:end]) in labels
            for start in range(max(0, end - 5), end)
        )
        joined = end >= 2 and tokens[end - 1] in joiners and label_end[end - 1]
        reachable[end] = label_end[end] or joined
        if not any(reachable[max(0, end - 4) : end + 1]):
            return False  # a label of five words at most starts at none of the last five: none ends later
    return label_end[-1]


_ROLE_SEPARATOR = re.compile(r"\s*[|·•–—,]\s*")
_HANDLE_AFTER = re.compile(r"\s*@\w{2,30}$")
"""A social handle after a name, printed or run into it."""
DATED_REST = 6
"""Words at most after the date in a line of names and its date: more is a lead under a dateline."""
_GLUED_ROLE = re.compile(rf"(?P<name>.*[^\W\d_{CAPITALS}])(?P<role>[{CAPITALS}][^\W\d_{CAPITALS}]+)")


@functools.lru_cache(maxsize=4)
def _name_patterns(joiners: tuple[str, ...], particles: frozenset[str]) -> tuple[re.Pattern[str], re.Pattern[str]]:
    """What joins names in a byline ("," "and" "und"), and one name (capitalized words, particles
    between them): compiled once per vocabulary, not per block."""
    joiner = re.compile(r"\s*,\s*|\s+(?:" + "|".join(re.escape(j) for j in joiners if j != ",") + r")\s+")
    between = "|".join(re.escape(p) for p in sorted(particles))
    name = re.compile(rf"[{CAPITALS}][\w'’.-]*(?:\s+(?:(?:{between})\s+)*[{CAPITALS}][\w'’.-]*){{1,3}}")
    return joiner, name


def names_only(block: str, vocab: Vocab, *, alone: bool = False) -> tuple[str, ...] | None:
    """``[Nadia Farouk](…), [James T. Whitcombe](…)``, ``Dana Doe | Staff writer``: a byline without "By".

    One name with neither link nor role counts only when the caller has
    placed it (``alone``: a line of its own under the headline).
    """
    read = _bare_names(block, vocab)
    if read is None:
        return None
    names, sure, credited, dated, handle = read
    if sure:
        return names
    if dated and not (alone or handle) and any(shouted(n) for n in names):
        return None  # "PAID CONTENT 04.11.2021": a label in capitals, not a writer
    if len(names) >= 2 or credited or alone:
        # "[Distribuie](…sharer…) [WhatsApp](…) [Printează](…)": buttons, not names
        return None if is_chrome(block, vocab) else names
    return None


@functools.lru_cache(maxsize=1024)
def _bare_names(block: str, vocab: Vocab) -> tuple[tuple[str, ...], bool, bool, bool, bool] | None:
    """The names ``names_only`` reads in a block; whether they stand as read (a name and its role in
    a script without capitals), whether something there credits them (a link, a role, a handle, a
    date), whether a date stands after them, whether a handle does; None when the block holds no
    names. One reading for both callers, with ``alone`` and without."""
    if _long(block) or kind(block) != "para":
        return None
    text = plain(block)
    dated = False
    if hit := find_date(text, vocab):
        # "Jeroen de Vries & Sanne Bakker 3 feb. 2024 om 14:05": a line of names and its date
        # credits a name of its own; a lead that opens with its dateline ("New York, 3 May …") does not.
        dated = len(words(_CLOCK.sub(" ", text[hit[1].end() :]))) <= DATED_REST
        text = text[: hit[1].start()]
    elif is_sentence(block):
        return None
    if len(words(text)) > 14:
        return None
    text, handle = _HANDLE_AFTER.subn("", text.strip(" ,|·–—-[]"))  # "Sam Roe@sam_roe", "Jo Doe]"
    text = _doubled(text)
    tokens = text.split()
    if 2 <= len(tokens) <= 3 and _caseless(tokens[0]) and len(tokens[0]) <= 5 and tokens[1].lower() in vocab.byline_roles:
        if len(tokens) == 2 or "@" in tokens[2]:
            return (tokens[0],), True, False, False, False  # "홍길동 기자 hong@example.kr": a name in a script without capitals, then the role
    lines = [line for line in (plain(part) for part in block.split("\n")) if line]
    if len(lines) == 2 and text.strip() == " ".join(lines):
        text = " | ".join(lines)  # "Jo Doe" over "Editor-in-chief": a line of its own is a role's separator
    last = _ROLE_SEPARATOR.split(text.strip())[-1]
    credited = dated or bool(handle) or bool(LINK.search(block))
    if last != text.strip() and len(words(last)) <= 4 and any(f" {last.lower()}".endswith(f" {role}") for role in vocab.byline_roles):
        text = text.strip()[: -len(last)]  # "Dana Doe | Staff writer": the role credits the name
        credited = True
    elif (glued := _GLUED_ROLE.fullmatch(text.strip())) and glued.group("role").lower() in vocab.byline_roles:
        text = glued.group("name")  # "[Dana Doe](…)Contributor": the role run into the linked name
        credited = True
    joiner, name = _name_patterns(vocab.name_joiners, vocab.name_particles)
    names = [p.strip() for p in joiner.split(text.strip(" ,|·–—-")) if p.strip()]
    if any(n.split()[0].lower() in vocab.organisation_starts for n in names):
        return None  # "The Daily Example": a paper, no person (an agency's name alone may sign)
    if any(all(w.lower() in vocab.button_words for w in n.split()) for n in names):
        return None  # "Previous Next": a pager's buttons
    if any(w.lower() in vocab.outlet_words for n in names for w in n.split()):
        return None  # "Example Daily Review 17-01-2012": an outlet and its date
    if names and all(name.fullmatch(n) for n in names):
        return tuple(names), False, credited, dated, bool(handle)
    return None


def shouted(name: str) -> bool:
    """A "name" in capitals only (``PAID CONTENT``): a label, when nothing else says it is a writer."""
    return name.isupper()


def _doubled(text: str) -> str:
    """``Jo Doe Jo Doe``: a name printed twice, as an avatar's alt text and as the byline, once."""
    tokens = text.split()
    half = len(tokens) // 2
    # Two words or more each time: one word said twice ("Vorlesen Vorlesen") is left as it stands.
    return " ".join(tokens[:half]) if half >= 2 and tokens[:half] == tokens[half:] else text


def is_promo(block: str, vocab: Vocab) -> bool:
    """A newsletter or membership box: short, and it asks you to sign up."""
    if _long(block):
        return False
    if word_count(block) > 30:
        return False
    label = f" {label_of(block)} "
    if not _phrases(vocab).promo_inside.search(label):
        return False
    # A promotion speaks to the reader ("your inbox", "Sign up"); an article
    # sentence about signing up ("Residents can sign up…") does not.
    tokens = set(words(label))
    return bool(tokens & vocab.reader_words) or _phrases(vocab).promo_start.match(label.strip()) is not None


def is_cookie_notice(block: str, vocab: Vocab) -> bool:
    """A consent banner: it names cookies and asks to accept or set them."""
    if len(block) > 4 * SHORT or word_count(block) > 90:
        return False
    text = label_of(block) if len(block) < SHORT else plain(block).lower()
    if not _phrases(vocab).cookie_word.search(text):
        return False  # no cookie word anywhere in it, so none among its words: they need not be read
    tokens = set(words(text))
    return bool(tokens & vocab.cookie_words) and bool(tokens & vocab.consent_words)


def is_link_row(block: str) -> bool:
    """Navigation or cards: short, nearly all link text, not a sentence."""
    return word_count(block) <= 25 and link_share(block) >= 0.7 and not is_sentence(block)


_DEFINITION = re.compile(r"\n:\s")
"""``Autorka\n:   Dorota Kalinowska``: a definition list of facts (a book's), never a byline."""

_BYLINE_TOKEN = re.compile(r"[^\s,;|·•–—]+|[,;|·•–—]")
_PRINTED_ADDRESS = re.compile(r"\\?\(<?(?:https?://|/)")
_OUTLET = re.compile(r"[A-Z]{2,6}")
_CLOCK = re.compile(r"\d{1,2}[:.]\d{2}(?:\s*[ap]\.?m\.?)?", re.I)
_HYPHEN_WRAP = re.compile(r"(?<=[^\W\d_])- (?=[^\W\d_])")
_GLUED_LINK = re.compile(r"(?<=[^\W\d_])(?=(?:\*\*|__|\*|_)?\[[^\]\n]+\]\()")
"""A word run into the link after it (``By[Jo Doe](…)``): reading drops the link's marks, not the space it needs."""


@functools.lru_cache(maxsize=1024)
def byline_names(block: str, vocab: Vocab) -> tuple[str, ...] | None:
    """``By Jane Doe and John Roe | May 3`` → ``("Jane Doe", "John Roe")``.

    Names are runs of capitalized words (with particles such as "van" or
    "de") after a byline word, joined by "and", "und", "et", commas; the first
    other word (a date, "Posted", a separator) ends the byline.
    """
    if _long(block):
        return None
    if word_count(block) > 45 or kind(block) not in {"para", "heading", "list"}:
        return None
    if _DEFINITION.search(block):
        return None
    text = plain(_GLUED_LINK.sub(" ", block) if "](" in block else block)
    m = vocab.byline_start.match(text)
    if not m:
        return None
    names: list[str] = []
    current: list[str] = []

    def flush() -> None:
        while len(current) > 1 and current[-1].lower() in vocab.name_particles:
            current.pop()  # "Von Jo Doe Vom 3. März": the date's word, not part of the name
        if current and len(current) <= 5 and current[-1].lower() not in vocab.name_particles:
            name = _HYPHEN_WRAP.sub("-", " ".join(current))  # "Jo Doe-\nRoe": a name wrapped at its hyphen
            # "By Jo Doe, Continental Press": the agency after the comma is no author; "Jo Doe, PhD": a degree
            if not _titled(name, vocab) and name.lower().strip(".") not in vocab.name_credentials:
                names.append(name)
        current.clear()

    if text[m.end() :].lstrip().startswith(","):
        return None  # "Author, Article and Disclosure Information": a heading that names the word
    after = text[m.end() :].replace("：", ": ").lstrip(" :")
    tokens = _BYLINE_TOKEN.findall(after)
    for at, token in enumerate(tokens):
        low = token.lower().strip(".:")
        if token in {",", ";"} or (low in vocab.name_joiners and current and not token[:1].isupper()):
            flush()  # "Jo Doe ja Al Roe"; but "Dan" in "Mary Dan Jones" is a name
        elif token in {"|", "·", "•", "–", "—", "-", "/", "//"} or low in vocab.date_prefixes or "@" in token:
            break  # a separator, a date's word, the writer's e-mail address
        elif _PRINTED_ADDRESS.match(token):
            break  # "By Jo Doe (/author/jo-doe)": the address a print style wrote after the name
        elif token.endswith(":") and (low in vocab.other_credits or low in vocab.credit_labels):
            break  # "Text: Jo Doe Photos: Al Roe": the next credit
        elif any(ch.isdigit() for ch in token) or (low in vocab.months and _dated(tokens, at)) or low in vocab.weekdays:
            break  # a date or time after the names; "Jan" before a surname is a name
        elif current and token[:1].isupper() and _starts_date_phrase(tokens, at, vocab):
            break  # "By Jo Doe Last updated 4 June": a date's words of several, the first capitalized
        elif token[:1].isupper() or _caseless(token):
            current.append(token.rstrip(":"))  # "Jo Doe"; "张三", "محمد علي" in scripts without capitals
        elif low in vocab.name_particles and current:
            current.append(token)
        elif (names or current) and any(low in role.split() for role in vocab.byline_roles):
            current.clear()  # "By Jane Doe, Guest columnist": "Guest" is part of the role
            break
        elif len(current) >= 3 and token.islower() and low in vocab.byline_prefixes:
            # "Interview by Jo Doe Photographs by Al Roe": the word before
            # the second "by" names another credit, not part of the name.
            current.pop()
            break
        elif at == 0 and _handle_before_date(after, vocab):
            current.append(token)  # "by jdoe on March 3, 2020": a user name, written as its owner spells it
        else:
            # "By Monday, the council…" is a sentence, not a byline.
            return None
    flush()
    if len(names) >= 2 and _OUTLET.fullmatch(names[-1]) and " " in names[0]:
        names.pop()  # "By Jo Doe, EXN": the outlet's letters after the writer's full name
    return tuple(names) or None


def _titled(name: str, vocab: Vocab) -> bool:
    """Whether a "name" holds a job title or an agency ("CNN Medical Producer"), or starts like
    the name of a paper or a firm ("The Daily Example"): none is a person's."""
    low = f" {name.lower()} "
    return any(f" {role} " in low for role in vocab.byline_roles) or low.split()[0] in vocab.organisation_starts


def _handle_before_date(after: str, vocab: Vocab) -> bool:
    """``jdoe on 4 March 2020``: one word of letters (no common word: "by then on …"), then a date's
    word and a date that ends the line but for its time."""
    parts = after.split(None, 2)
    if len(parts) < 3 or not _is_user_name(parts[0], vocab) or parts[1].lower() not in vocab.date_prefixes:
        return False
    hit = find_date(parts[2], vocab)
    return hit is not None and len(words(_CLOCK.sub(" ", parts[2][hit[1].end() :]))) <= 1


def _starts_date_phrase(tokens: list[str], at: int, vocab: Vocab) -> bool:
    """Whether a date's words of more than one ("last updated", "mis à jour") start at ``at``."""
    ahead = " ".join(tokens[at : at + 4]).lower()
    return any(" " in p and (ahead == p or ahead.startswith(p + " ")) for p in vocab.date_prefixes)


def _caseless(token: str) -> bool:
    """A word in a script without capitals (Chinese, Arabic, Hebrew, Hangul…), which may be a name."""
    first = token[:1]
    return first.isalpha() and first.lower() == first.upper()


def _dated(tokens: list[str], at: int) -> bool:
    """Whether a number stands next to the month name at ``at`` ("March 3", "3. März"), or nothing follows it."""
    near = tokens[max(0, at - 1) : at] + tokens[at + 1 : at + 2]
    return at + 1 >= len(tokens) or any(ch.isdigit() for t in near for ch in t)


# A time, a zone, separators: what may stand beside a date on a line that is only a date.
_DATE_EXTRAS = re.compile(rf"{_CLOCK.pattern}|\b[a-z]{{2,4}}t\b|\butc\b|\bgmt\b|[|·•,:–—()-]")


@functools.lru_cache(maxsize=1024)
def date_line(block: str, vocab: Vocab) -> str | None:
    """The ISO date of a block that is only a date (with a prefix, time or zone)."""
    if _long(block):
        return None
    if word_count(block) > 14 or kind(block) not in {"para", "heading", "list"}:
        return None
    text = plain(block)
    found = find_date(text, vocab)
    if not found:
        return None
    iso, match = found
    return iso if _only_date(text, match, vocab) else None


def _only_date(text: str, match: re.Match[str], vocab: Vocab) -> bool:
    """Whether ``text`` is only the date ``match`` found in it, but for its prefix, time or zone."""
    rest = (text[: match.start()] + " " + text[match.end() :]).lower()
    rest = _DATE_EXTRAS.sub(" ", rest)
    leftover = [w for w in words(rest) if w not in vocab.date_prefixes]
    # "Updated 3 hours ago", "EDT": a few words may stand beside the date.
    return len(leftover) <= 5


def is_update(block: str, vocab: Vocab) -> bool:
    """``Updated Mar. 4, 2025``, ``Senest opdateret: …``: a date the page was changed, not published."""
    return _phrases(vocab).update_prefix.match(label_of(block)) is not None


SEGMENTS = re.compile(r"\s+(?:[·•|–—]|//?)\s+|\s*\|\s*")


@functools.lru_cache(maxsize=1024)
def meta_line(block: str, vocab: Vocab) -> tuple[tuple[str, ...], str] | None:
    """``Published Oct 8 · Updated Jan 5 · By Jo Doe · 23 Comments`` → names and date.

    Every segment must be a byline, a date, or chrome; else None.
    """
    if _long(block):
        return None
    if word_count(block) > 30 or kind(block) not in {"para", "heading"} or _DEFINITION.search(block):
        return None
    names: list[str] = []
    alone: list[str] = []
    date = updated = ""
    # "03.03.2025 Moderation: Jo Doe": a credit label starts a segment of its own.
    segments = [
        part for seg in SEGMENTS.split(plain(block)) for part in (vocab.credit_inside.split(seg) if ":" in seg else (seg,))
    ]
    for segment in segments:
        if not segment.strip():
            continue
        if found := byline_names(segment, vocab) or names_only(segment, vocab):
            # "Jo Doe ja Al Roe | Kuvat: … 17.3.2025": names side by side need no "By"
            names.extend(n for n in found if n not in names)
        elif dated := _date_then_byline(segment, vocab) or _byline_inside(segment, vocab):
            date = date or dated[1]  # "3. März 2025, von Jo Doe": the date, then the byline
            names.extend(n for n in dated[0] if n not in names)
        elif iso := date_line(segment, vocab):
            if is_update(segment, vocab):
                updated = updated or iso
            else:
                date = date or iso
        elif (found := names_only(segment, vocab, alone=True)) and not any(shouted(n) for n in found):
            alone.extend(found)  # "04.02.2022 | 13:10 | Jo Doe": one name, which the line's date credits
        elif len(words(segment)) > 6 or is_sentence(segment):
            return None  # short extras ("From the Spring issue", "12 min read") may stand
    date = date or updated
    if date:
        names.extend(n for n in alone if n not in names)
    return (tuple(names), date) if names or date else None


def _date_then_byline(segment: str, vocab: Vocab) -> tuple[tuple[str, ...], str] | None:
    """``Tuesday, 3 March 2025, by Jo Doe`` → names and date: a date line, and a byline after it."""
    hit = find_date(segment, vocab)
    if hit is None:
        return None
    head, tail = segment[: hit[1].end()], segment[hit[1].end() :]
    # "3. März 2025, 18:18 von Jo Doe": the time after the date, and a second date run into the first
    tail = _CLOCK_LEAD.sub("", tail).lstrip(" ,;:–—-")
    if not tail or not _only_date(head, hit[1], vocab):
        return None
    if (again := _date_then_byline(tail, vocab)) is not None:
        return again[0], hit[0]
    names = byline_names(tail, vocab) or byline_names(_names_run(tail, vocab), vocab) or _user_name(tail, vocab)
    return (names, hit[0]) if names else None


def _byline_inside(segment: str, vocab: Vocab) -> tuple[tuple[str, ...], str] | None:
    """``Posted in Politics by jdoe on 3 March 2025`` → names and date: a byline word a few words
    in, then the names and the date."""
    tokens = segment.split()
    at = next((i for i, t in enumerate(tokens[1:INSIDE + 1], start=1) if t in vocab.byline_prefixes), 0)
    hit = find_date(segment, vocab) if at else None
    names = byline_names(" ".join(tokens[at:]), vocab) if hit else None
    return (names, hit[0]) if hit and names else None


INSIDE = 4
"""Words at most before the byline word inside a dated line ("Posted in Politics by …")."""
_CLOCK_LEAD = re.compile(rf"^[ ,]*{_CLOCK.pattern}(?:\s*(?:uhr|h)\b)?", re.I)


def _names_run(tail: str, vocab: Vocab) -> str:
    """``von Jo Doe in Politik, Kultur`` → ``von Jo Doe``: after a dated line's byline word, the
    names end at the first word in lower case that joins no names (the categories, "in", "on")."""
    tokens = tail.split()
    for at, token in enumerate(tokens[1:], start=1):
        low = token.lower()
        if token[:1].islower() and low not in vocab.name_particles and low not in vocab.name_joiners:
            return " ".join(tokens[:at])
    return tail


def _user_name(tail: str, vocab: Vocab) -> tuple[str, ...] | None:
    """``by jdoe``, ending a dated line: a user name, written as its owner spells it."""
    parts = tail.split()
    if len(parts) != 2 or parts[0].lower() not in vocab.byline_prefixes:
        return None
    return (parts[1],) if _is_user_name(parts[1], vocab) else None


_USER_NAME = re.compile(r"[^\W\d_][\w.-]{1,30}")


def _is_user_name(word: str, vocab: Vocab) -> bool:
    """One word of letters, as a user name is written, and no common word ("by then", "by now")."""
    return _USER_NAME.fullmatch(word) is not None and word.lower() not in vocab.stopword_index


@functools.lru_cache(maxsize=1024)
def is_end_label(block: str, vocab: Vocab) -> bool:
    """``Related articles``, ``## More in Local News``: the article is over."""
    label = label_of(block)
    if label in vocab.end_labels:
        return True
    if word_count(block) > 8 or is_sentence(block) or _read_also(block, label, vocab):
        return False  # "Baca juga [Headline](…)": one link inside the text, which goes on
    return _phrases(vocab).end_label_start.match(label) is not None


@functools.lru_cache(maxsize=4)
def _end_label_start(labels: frozenset[str], starts: tuple[str, ...]) -> re.Pattern[str]:
    """One pattern for "an end label or its first words, then more words" (words of four letters or more)."""
    phrases = sorted((p for p in labels | frozenset(starts) if len(p) > 3), key=len, reverse=True)
    return re.compile(rf"(?:{'|'.join(re.escape(p) for p in phrases)}) ")


def starts_with(block: str, prefixes: tuple[str, ...]) -> str | None:
    """The rest of the block after one of ``prefixes``, or None."""
    text = plain(block)
    low = text.lower()
    for prefix in prefixes:
        if low.startswith(prefix + " ") or low.startswith(prefix + ":"):
            return text[len(prefix) :].strip(" :")
    return None


@functools.lru_cache(maxsize=4)
def _any_script(scripts: tuple[tuple[str, re.Pattern[str]], ...]) -> re.Pattern[str]:
    """A letter of any of the scripts that tell a language alone."""
    return re.compile("|".join(f"(?:{script.pattern})" for _, script in scripts) or "(?!)")


@functools.lru_cache(maxsize=4)
def _script_runs(vocab: Vocab) -> tuple[re.Pattern[str], tuple[tuple[str, re.Pattern[str]], ...]]:
    """Runs of letters of any of the scripts, and of each (its pattern is one character class):
    letters are counted as the lengths of runs, not one found string each."""
    return re.compile(f"(?:{_any_script(vocab.scripts).pattern})+"), tuple((lang, re.compile(f"{script.pattern}+")) for lang, script in vocab.scripts)


def _count(runs: re.Pattern[str], text: str) -> int:
    return sum(map(len, runs.findall(text)))


def guess_lang(text: str, vocab: Vocab) -> str:
    """The language whose script the text is mostly written in, or whose frequent words it uses most; ``en`` when unsure."""
    sample = text[:20000]
    # Most pages hold no letter of these scripts: one scan tells, and the letters need no count.
    if _any_script(vocab.scripts).search(sample):
        letters = _count(_LETTER_RUN, sample)
        any_run, runs = _script_runs(vocab)
        # Each script's letters counted among the scripts' letters only (few, on most such pages).
        scripted = "".join(any_run.findall(sample))
        for lang, run in runs:
            if letters and 3 * _count(run, scripted) >= letters:
                return lang  # a third of the letters in kana, Hangul, Thai…
    index = vocab.stopword_index
    scores = dict.fromkeys(vocab.stopwords, 0)
    # Each distinct word looked up once: a page repeats its stopwords thousands of times.
    for token, count in Counter(words(sample)).items():
        for lang in index.get(token.lower(), ()):
            scores[lang] += count
    best = max(scores, key=lambda k: (scores[k], k == "en"))
    return best if scores[best] >= 3 else "en"


def is_caption(block: str, vocab: Vocab) -> bool:
    """``Fans cheer the winner. Photo: Jo Doe``: a sentence ended by a credit for the picture."""
    head, colon, credit = plain(block).rstrip(" )").rpartition(":")
    label = head.split()[-1].lower() if colon and head.split() else ""
    names = credit.split()
    return label in vocab.other_credits and 1 <= len(names) <= 4 and all(name[:1].isupper() for name in names)


_PROFILE_NAME_WORDS = 5
"""Words at most of a name linked to its writer's page."""
_PROFILE_BLOCK_WORDS = 30
"""Words at most of a block whose profile links are its byline (more is running text)."""
_PROFILE_LIST_ITEMS = 3
"""Lines from which a block with a profile link is a menu or a list of other articles."""
_LIST_ITEM = re.compile(r"^[ ]{0,3}(?:[-*+•]|\d{1,9}[.)])[ ]", re.M)
_URL_WORDS = re.compile(r"\\?\(<?(?:https?://|/)[^\s()]*>?\\?\)?")
_WRAPPED_DESTINATION = re.compile(r"(\]\([^()\s]*-)\n")
_HANDLE = re.compile(r"\s@\w+$")


def _profile_slug(url: str, path_words: frozenset[str]) -> str:
    """``/author/jo-doe/``, ``https://site/people/jo-doe`` → ``jo-doe``: the slug of a site's page of one writer
    (a profile word, then the writer's own part of the address); ``""`` for any other address."""
    address = url.strip("<>").split()[0] if url.strip("<>").split() else ""
    path = re.sub(r"^[a-z][\w+.-]*:(?://[^/]*)?", "", address, flags=re.I).split("?")[0].split("#")[0]
    segments = [s for s in path.split("/") if s]
    at = next((i for i, s in enumerate(segments[:-1]) if s.lower() in path_words), -1)
    return "/".join(segments[at + 1 :]).lower() if at >= 0 else ""


def _slug_names(slug: str, name: str) -> bool:
    """Whether a profile's slug can be this writer's: it holds a word of the name, or is a number
    (``/author/1174``), or the name is in a script the slug would spell otherwise.

    A site's own pages under the same folder (``/profile/details`` → "My Account", a menu's) hold none.
    """
    if re.search(r"\d", slug) or not name.isascii():
        return True
    return any(len(w) >= 3 and w in slug for w in re.findall(r"[a-z]+", name.lower()))


def _linked_name(text: str, vocab: Vocab) -> str:
    """A link's words as a name (``Jo Doe``, ``jdoe``), or ``""`` when they read as anything else."""
    name = _HANDLE.sub("", plain(text)).strip(" ,|·•–—")
    if (digit := re.search(r"\d", name)) is not None:
        name = name[: digit.start()].strip()  # "Jo Doe05 May 2021": the date the layout ran into the name
    if (by := vocab.byline_start.match(name)) is not None and len(name[by.end() :].split()) >= 2:
        name = name[by.end() :].strip(" :")  # "[By Jo Doe](/author/jo-doe)": the byline word inside the link
    name = _doubled(name)  # "Jo Doe Jo Doe (/author/jo-doe)": the name and its link's words, side by side
    tokens = name.split()
    if not tokens or len(tokens) > _PROFILE_NAME_WORDS or name.lower() in vocab.chrome_labels:
        return ""
    if len(tokens) == 1:
        # a handle ("jdoe") is a name; a label ("Author", "Team") is none
        low = tokens[0].lower().strip(".:")
        labels = vocab.profile_path_words | vocab.credit_labels | frozenset(vocab.byline_prefixes)
        return name if _LETTER.search(name) and low not in labels else ""
    named = all(t[:1].isupper() or _caseless(t) or t.lower() in vocab.name_particles for t in tokens)
    return name if named else ""


# Print styles write a link's address after its words: inside the link as a PDF converter
# reads it back (``[Jo Doe (https://…/author/jo)](https://…)``, ``[Jo Doe \\(/author/jo\\)](#)``),
# or after bold words (``**Jo Doe** (<https://…/author/jo>)``).
_PRINTED_IN_LINK = re.compile(
    r"\[(?P<text>[^\[\]\n]*?)[ ]?\\?\((?P<url>(?:https?://|/)[^\s()\\]*)\\?\)?[^\[\]\n]*\]\([^()\s]*\)", re.I
)
# Raw HTML a converter kept (pandoc's GFM): ``<a href="/author/jo" rel="author"><em>Jo Doe</em></a>``.
_ANCHOR = re.compile(r"<a\s[^<>]*?\bhref=[\"'](?P<url>[^\"'<>]*)[\"'][^<>]*>(?P<text>(?:(?!</a>)[^\n]|\n(?!\n)){0,300}?)</a>", re.I)
_PRINTED_AFTER_BOLD = re.compile(r"\*\*(?P<text>[^*\n]+)\*\*[ ]?\(<?(?P<url>https?://[^\s()<>]+)>?\)")
# … or after plain words: the capitalized ones right before the address are the name ("By Jo Doe (/author/jo)").
_PRINTED_AFTER_NAME = re.compile(rf"(?P<text>(?:[{CAPITALS}][\w'’.-]*[ ]){{0,3}}[{CAPITALS}][\w'’.-]*)[ ]\((?P<url>(?:https?://|/)[^\s()]*)\)")


@functools.lru_cache(maxsize=4)
def _profile_folder(path_words: frozenset[str]) -> re.Pattern[str]:
    """``/author/`` anywhere in a block: the cheap test before its links are read one by one."""
    return re.compile(f"/{_tree(path_words)}/", re.I)


def _links_and_printed(block: str) -> list[tuple[str, str]]:
    """Every (words, address) of the block: its links, and the addresses print styles wrote beside words."""
    found: list[tuple[int, int, str, str]] = []
    for pattern in (_ANCHOR, _PRINTED_IN_LINK, _PRINTED_AFTER_BOLD, LINK, _PRINTED_AFTER_NAME):
        for m in pattern.finditer(block):
            if not any(start < m.end() and m.start() < end for start, end, _, _ in found):
                text = INLINE_TAG.sub("", m.group("text")) if pattern is _ANCHOR else m.group("text")
                found.append((m.start(), m.end(), " ".join(text.split()), m.group("url")))
    return [(text, url) for _, _, text, url in sorted(found)]


def profile_link_names(block: str, vocab: Vocab) -> tuple[str, ...] | None:
    """``[Jo Doe](/author/jo-doe/)``, ``By [Jo Doe](https://site/people/jo-doe) | May 3`` → ``("Jo Doe",)``.

    A link to a writer's own page on the site names a writer, whatever
    language the words around it are in. Only a short block of no running
    text counts (a sentence that links its writer is the article's).
    """
    if "/" not in block or not _profile_folder(vocab.profile_path_words).search(block):
        return None
    if _long(block) or kind(block) not in {"para", "heading", "list"}:
        return None
    n = word_count(_URL_WORDS.sub("", INLINE_TAG.sub(" ", block)))
    if n > _PROFILE_BLOCK_WORDS or (n > 12 and is_sentence(block)):
        return None
    block = _WRAPPED_DESTINATION.sub(r"\1", block)  # "[Al Roe](/staff/al-\nroe/)": an address wrapped at its hyphen
    listed = kind(block) == "list"
    if listed and len(_LIST_ITEM.findall(block)) >= _PROFILE_LIST_ITEMS:
        return None  # a menu, or a list of other articles, not a byline
    names: list[str] = []
    for text, url in _links_and_printed(block):
        slug = _profile_slug(url, vocab.profile_path_words)
        # in a list the link may be a menu's: only a slug that spells the name counts there
        if slug and (name := _linked_name(text, vocab)) and (not listed or _slug_names(slug, name)):
            if name not in names:
                names.append(name)
    return tuple(names) or None
