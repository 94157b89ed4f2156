"""Finding the article in the page: header, body and footer.

A scraped page reads top to bottom as: site chrome and the article's
masthead (title, byline, date, section, dek, sometimes an about-the-author
box), then the body, then more chrome (a closing tagline, topics, related
articles, comments). The masthead and tagline give the metadata; the rest of
the chrome is dropped; the body is kept whole.

The body starts at the first paragraph of running text after the title and
ends before the first end-of-article label ("Related", "Topics", "Comments",
in the languages of ``vocab.yaml``) that is not followed by more running text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .blocks import is_page_furniture, kind, plain
from .chrome import (
    SHORT,
    byline_names,
    copyright_credit,
    date_line,
    is_chrome,
    is_end_label,
    is_link_row,
    is_promo,
    is_prose,
    is_sentence,
    is_separator,
    is_update,
    label_of,
    meta_line,
    names_only,
    starts_with,
    word_count,
    words,
)
from .dates import find_date, url_date
from .links import AUTOLINK, LINK
from .vocab import Vocab

BODY_MIN_WORDS = 25
"""A paragraph this long, after the title, starts the body."""
DEK_MAX_WORDS = 40


@dataclass(slots=True)
class Found:
    """What the page told us about the article (scratch state of one run)."""

    title: str = ""
    subtitle: str = ""
    authors: list[str] = field(default_factory=list)
    bios: list[str] = field(default_factory=list)
    date: str = ""
    also_published_in: str = ""
    section: str = ""
    source: str = ""
    publisher: str = ""
    subjects: list[str] = field(default_factory=list)
    removed: list[tuple[str, str]] = field(default_factory=list)

    def drop(self, why: str, block: str) -> None:
        self.removed.append((why, block))


def _heading_level(block: str) -> int:
    m = re.match(r"#{1,6}", block)
    return len(m.group(0)) if m and kind(block) == "heading" else 0


def _could_be_title(block: str, vocab: Vocab, *, sentence: bool = False) -> bool:
    """A short line of words; ``sentence``: it may end in a full stop."""
    n = word_count(block)
    return (
        kind(block) in {"para", "heading"}
        and 2 <= n <= 25
        and "\n" not in block
        and not plain(block).rstrip().endswith((",", ";") if sentence else (".", ",", ";"))
        and not is_chrome(block, vocab)
        and link_free(block)
        and not _is_caption(block, vocab)
    )


def _is_caption(block: str, vocab: Vocab) -> bool:
    """``Fans cheer the winner. Photo: Jo Doe``: a sentence ended by a credit for the picture."""
    head, colon, credit = plain(block).rstrip(" )").rpartition(":")
    label = head.split()[-1].lower() if colon and head.split() else ""
    names = credit.split()
    return (
        label in vocab.other_credits
        and 1 <= len(names) <= 4
        and all(name[:1].isupper() for name in names)
        and head[: -len(label)].rstrip().endswith((".", "!", "?", ")"))
    )


def link_free(block: str) -> bool:
    return not LINK.search(block) and not AUTOLINK.search(block)


def _body_start(blocks: list[str], title_at: int, vocab: Vocab) -> int:
    """Index of the first body paragraph (after the title, not chrome, not a bio)."""
    after_about = False
    for i in range(title_at + 1, len(blocks)):
        block = blocks[i]
        label = label_of(block)
        if label in vocab.about_author_labels:
            after_about = True
            continue
        if after_about and (is_prose(block) and word_count(block) <= 80 or is_link_row(block)):
            continue  # the bio in an about-the-author box
        if label in vocab.end_labels or label in vocab.topic_labels:
            after_about = False
            continue
        after_about = False
        if is_chrome(block, vocab) or _is_meta(block, vocab):
            continue
        if _byline_follows(blocks, i, vocab):
            continue  # a dek above the byline, however long
        if is_prose(block, BODY_MIN_WORDS) or (
            kind(block) in {"heading", "list", "quote"} and is_prose(_past_list(blocks, i + 1), BODY_MIN_WORDS)
        ):
            return i
    # No long paragraph: take the first prose after the title, or everything.
    for i in range(title_at + 1, len(blocks)):
        if is_prose(blocks[i], 4) and not is_chrome(blocks[i], vocab):
            return i
    return title_at + 1


def _past_list(blocks: list[str], i: int) -> str:
    """The block at ``i``, or past the list there: print output sets each item apart."""
    while i < len(blocks) and kind(blocks[i]) == "list":
        i += 1
    return blocks[i] if i < len(blocks) else ""


def _byline_follows(blocks: list[str], i: int, vocab: Vocab) -> bool:
    return any(_is_meta(block, vocab) for block in blocks[i + 1 : i + 3])


def _is_meta(block: str, vocab: Vocab) -> bool:
    """A byline, a date, or a line or list of both."""
    return bool(byline_names(block, vocab) or date_line(block, vocab) or meta_line(block, vocab) or _meta_list(block, vocab))


def _find_title(blocks: list[str], vocab: Vocab) -> int:
    """Index of the title block: the first top heading, else the first title-like line."""
    limit = len(blocks)
    for i, block in enumerate(blocks):
        if is_prose(block, BODY_MIN_WORDS) and not is_chrome(block, vocab):
            limit = i
            break
    for i in range(limit):
        if _heading_level(blocks[i]) == 1 and not is_chrome(blocks[i], vocab):
            return _post_title_under(blocks, i, limit, vocab)
    candidates: list[int] = []
    full_stops: set[int] = set()
    above_date: list[int] = []
    for i in range(limit):
        block = blocks[i]
        if _TITLE_LINE.match(plain(block)):
            return _headline_under(blocks, i)
        if _names_line(block, vocab):
            if any(_is_headline(blocks[c]) for c in candidates):
                # The headline stands just above the byline, or above the dek there.
                return _headline_above(blocks, candidates, vocab)
            continue
        if date_line(block, vocab) or meta_line(block, vocab):
            # A date may head the whole page (a site's date bar): a byline
            # further down places the headline better.
            above_date = above_date or [c for c in candidates if c not in full_stops]
            continue
        if label_of(block) in vocab.end_labels | vocab.topic_labels | vocab.about_author_labels or starts_with(
            block, vocab.also_published_prefixes
        ):
            continue
        if _could_be_title(block, vocab):
            candidates.append(i)
        elif _could_be_title(block, vocab, sentence=True) and (not candidates or _next_to(blocks, candidates[-1], i, vocab)):
            # A dek under the headline, or a headline that ends in a full stop:
            # only a byline below tells them from a sentence.
            candidates.append(i)
            full_stops.add(i)
    # A breadcrumb trail ends with the page's own headline: a line it echoes is the title.
    crumbs = {item for block in blocks[:limit] for item in _list_items(block)[-1:]}
    echoed = [i for i in candidates if i not in full_stops and plain(blocks[i]) in crumbs and _is_headline(blocks[i])]
    if echoed:
        return echoed[-1]
    if above_date:
        return _headline_above(blocks, above_date, vocab)
    candidates = [i for i in candidates if i not in full_stops]
    if candidates:
        # The headline stands nearest the body; short lines above it are labels.
        long = [i for i in candidates if _is_headline(blocks[i])]
        return (long or candidates)[-1]
    for i, block in enumerate(blocks):
        if _heading_level(block) >= 1:
            return i
    return -1


def _post_title_under(blocks: list[str], top: int, limit: int, vocab: Vocab) -> int:
    """A blog's site name is its top heading: the post's title is the one heading under it with the date or byline.

    ``# Site`` ``tagline`` ``nav`` ``## Post title`` ``2025-01-19`` → the ``##`` line.
    """
    site = plain(blocks[top])
    if _byline_follows(blocks, top, vocab) or word_count(site) > 5 or _TITLE_SEPARATOR.search(site):
        return top  # a headline, or a page <title> ("Headline | Site") over its dek
    below = [i for i in range(top + 1, limit) if _heading_level(blocks[i])]
    if (
        len(below) == 1
        and _heading_level(blocks[below[0]]) == 2
        and _byline_follows(blocks, below[0], vocab)
        # A dek right under a short headline is no post title: a tagline or menu stands between.
        and not _next_to(blocks, top, below[0], vocab)
        and not is_sentence(blocks[below[0]])
    ):
        return below[0]
    return top


_TITLE_LINE = re.compile(r"(?i)title:\s*(.+)")
"""A reader API's metadata line: ``Title: Headline | Site``."""


def _headline_under(blocks: list[str], title_at: int) -> int:
    """The page's own top heading when a ``Title:`` line holds its words, else the line."""
    title = plain(blocks[title_at]).lower()
    for i in range(title_at + 1, len(blocks)):
        heading = plain(blocks[i]).lower()
        if _heading_level(blocks[i]) == 1 and heading and heading in title:
            return i
    return title_at


def _names_line(block: str, vocab: Vocab) -> bool:
    """A byline, with or without "By": the line that follows the headline and dek."""
    if byline_names(block, vocab) or names_only(block, vocab):
        return True
    parsed = meta_line(block, vocab)
    return bool(parsed and parsed[0])


def _is_headline(block: str) -> bool:
    """Long enough to be a headline, and not a label in capitals."""
    return word_count(block) >= 4 and not plain(block).isupper()


def _next_to(blocks: list[str], above: int, below: int, vocab: Vocab) -> bool:
    """Whether only chrome (an image placeholder, share icons) stands between two blocks."""
    return all(is_chrome(b, vocab) for b in blocks[above + 1 : below])


def _headline_above(blocks: list[str], candidates: list[int], vocab: Vocab) -> int:
    """The headline among the title-like lines above a byline or date.

    It is the last long one, unless that is a longer line right under
    another long one: then they are the headline and its dek.
    """
    long = [i for i in candidates if _is_headline(blocks[i])]
    if not long:
        return candidates[-1]
    last = long[-1]
    if len(long) >= 2 and _next_to(blocks, long[-2], last, vocab) and word_count(blocks[last]) > word_count(blocks[long[-2]]):
        return long[-2]
    return last


def read_header(blocks: list[str], vocab: Vocab, found: Found) -> list[str]:
    """Take the masthead's metadata; return the blocks from the body start on."""
    title_at = _find_title(blocks, vocab)
    if title_at >= 0:
        title = re.sub(r"(?i)^title:\s*", "", plain(blocks[title_at]).strip())
        found.title, found.publisher = _split_site_name(title, vocab)
    start = _body_start(blocks, title_at, vocab)
    header = list(enumerate(blocks[:start]))
    facts = _facts_box(blocks[:start], vocab)
    leftovers: list[tuple[int, str]] = []
    in_about = False
    updated = ""
    for i, block in header:
        if i == title_at:
            continue
        if i < title_at and _heading_level(block) == 1 and _heading_level(blocks[title_at]) == 2 and not found.publisher:
            found.publisher = plain(block).strip()  # a blog's name over its post's title
            found.drop("site name", block)
            continue
        if i in facts:
            # "Author: …", "Title: …", "Publisher: …": a book's or event's facts, not a byline.
            found.drop("facts box", block)
            continue
        if i < title_at and (m := _TITLE_LINE.match(plain(block))):
            # The page's own heading is the title: its <title> names the site.
            found.publisher = found.publisher or _split_site_name(m.group(1), vocab)[1]
            found.drop("title line", block)
            continue
        label = label_of(block)
        if label in vocab.about_author_labels:
            in_about = True
            found.drop("about-author label", block)
            continue
        if in_about and word_count(block) <= 6 and not is_sentence(block):
            name = plain(block).strip()
            if name and name not in found.authors and not found.authors:
                found.authors.append(name)
            found.drop("about-author name", block)
            continue
        if in_about and is_prose(block, 6):
            found.bios.append(block)
            found.drop("about-author bio (kept as bio)", block)
            in_about = False  # one bio paragraph per box; the masthead goes on
            continue
        in_about = False
        if names := byline_names(block, vocab):
            for name in names:
                if name not in found.authors:
                    found.authors.append(name)
            if not found.date:
                found.date = date_line(block, vocab) or _any_date(block, vocab)
            found.drop("byline", block)
            continue
        if d := date_line(block, vocab):
            parsed = meta_line(block, vocab)
            if parsed and parsed[1] != d:
                found.date = found.date or parsed[1]  # "Updated 20.02. · Published 17.02."
            elif is_update(block, vocab):
                updated = updated or d  # the publication date, if the page gives one, wins
            else:
                found.date = found.date or d
            found.drop("date line", block)
            continue
        if (
            not found.authors
            and _near_title(blocks, title_at, i, vocab)
            and (names := names_only(block, vocab, alone=_name_placed(blocks, title_at, i, vocab)))
        ):
            found.authors.extend(names)
            found.date = found.date or _any_date(block, vocab)
            found.drop("byline", block)
            continue
        if parsed := meta_line(block, vocab) or (_meta_list(block, vocab) if i > title_at else None):
            found.authors.extend(n for n in parsed[0] if n not in found.authors)
            found.date = found.date or parsed[1]
            found.drop("byline and date line", block)
            continue
        if (rest := starts_with(block, vocab.also_published_prefixes)) is not None:
            found.also_published_in = rest.rstrip(".")
            found.drop("also published in", block)
            continue
        if m := re.match(r"(?i)(?:source|url|url source|original|canonical):\s*<?(https?://\S+?)>?$", plain(block)):
            found.source = m.group(1)
            found.drop("source line", block)
            continue
        if is_chrome(block, vocab) or is_link_row(block) or is_separator(block):
            found.drop("chrome", block)
            continue
        leftovers.append((i, block))
    # The article's own address may carry the date the page prints only as "2 hours ago".
    found.date = found.date or updated or url_date(found.source)
    _read_leftovers(leftovers, title_at, blocks[start] if start < len(blocks) else "", vocab, found)
    return blocks[start:]


# " : example.id" as well: a colon between spaces before a domain name.
_TITLE_SEPARATOR = re.compile(r"\s+(?:\||–|—|-|::|·|:(?=\s+[\w-]+(?:\.[\w-]+)*\.[a-z]{2,6}$))\s+")


def _near_title(blocks: list[str], title_at: int, i: int, vocab: Vocab) -> bool:
    """Whether block ``i`` follows the title with at most two blocks (a dek, a date) and chrome between."""
    between = [b for b in blocks[title_at + 1 : i] if not is_chrome(b, vocab)]
    return 0 <= title_at < i and len(between) <= 2


_FACT = re.compile(r"[^\W\d_][^:\n]{0,29}?\s?:\s+\S")


def _facts_box(blocks: list[str], vocab: Vocab) -> set[int]:
    """Indices of runs of three or more short ``Term: value`` lines (a review's book box).

    Most of the run tells other things than credits and dates, else it is
    the masthead itself (``Author: …``, ``Published: …``, ``Updated: …``).
    """
    facts: set[int] = set()
    run: list[int] = []
    for i, block in enumerate([*blocks, ""]):
        if block and word_count(block) <= 10 and "\n" not in block.strip() and _FACT.match(plain(block)):
            run.append(i)
            continue
        credits = [j for j in run if meta_line(blocks[j], vocab) or byline_names(blocks[j], vocab)]
        if len(run) >= 3 and 2 * len(credits) < len(run):
            facts.update(run)
        run = []
    return facts


def _name_placed(blocks: list[str], title_at: int, i: int, vocab: Vocab) -> bool:
    """Whether a line at ``i`` stands where a bare name is the byline: right under the headline, or over the date."""
    after = next((b for b in blocks[i + 1 : i + 4] if not is_chrome(b, vocab)), "")
    if date_line(after, vocab):
        return True
    # Right under the headline, with the text straight after: not a label over a list or box.
    return _next_to(blocks, title_at, i, vocab) and is_prose(after, BODY_MIN_WORDS)


def _meta_list(block: str, vocab: Vocab) -> tuple[tuple[str, ...], str] | None:
    """A masthead set as a list: ``* Dana Doe | Staff writer`` ``* Mar. 3, 2025`` → names and date."""
    names: list[str] = []
    date = ""
    updated = ""
    for item in _list_items(block):
        parsed = meta_line(item, vocab) or ((found, "") if (found := names_only(item, vocab)) else None)
        if not parsed:
            return None
        names.extend(n for n in parsed[0] if n not in names)
        if is_update(item, vocab):
            updated = updated or parsed[1]
        else:
            date = date or parsed[1]
    date = date or updated
    return (tuple(names), date) if names or date else None


def _is_clause(piece: str, after_dash: bool, vocab: Vocab) -> bool:
    """``was kann der Acker leisten?``, ``Fjordby er ny serieleder``: words of a sentence, not a site's name.

    It starts in lower case, or (after a dash, as a headline's second half
    stands) most of its four or more words after the first are lower case,
    particles such as "de la" aside.
    """
    tokens = piece.split()
    if piece[:1].islower():
        return len(tokens) >= 2
    if not after_dash:
        return False
    rest = [w for w in tokens[1:] if w.lower() not in vocab.name_particles]
    return len(tokens) >= 4 and 2 * sum(w[:1].islower() for w in rest) > len(rest)


def _split_site_name(title: str, vocab: Vocab) -> tuple[str, str]:
    """``Headline | by Jo Doe | Site Name`` (a page's <title>) → ``("Headline", "Site Name")``."""
    pieces = _TITLE_SEPARATOR.split(title)
    parts = [pieces[0]]
    for separator, piece in zip(_TITLE_SEPARATOR.findall(title), pieces[1:]):
        if _is_clause(piece, separator.strip() in {"–", "—"}, vocab) and not vocab.byline_start.match(piece):
            # "Humus als Klimaspeicher – was kann der Acker leisten?", "Rain
            # returns – Farmers breathe again": a clause goes on with the
            # headline; a site name is not written in lower case.
            parts[-1] += separator + piece
        else:
            parts.append(piece)
    parts = [p.strip() for p in parts]
    longest = max(parts, key=lambda p: len(p.split()))
    others = [p for p in parts if p is not longest]
    if others and len(longest.split()) >= 3 and all(len(p.split()) <= 5 for p in others):
        # "Opinion | Headline - Site": the headline is the long part, the site the last.
        return _without_kicker(longest), parts[-1] if parts[-1] is not longest else ""
    return title, ""


# "Explainer: What happens…", "Nordstadt: Genossenschaft baut…": one or two
# capitalized words and a colon before a capitalized headline.
_KICKER = re.compile(r"[A-ZÀ-Þ][^\W\d_]*+(?:[ ][A-ZÀ-Þ][^\W\d_]*+)?:[ ]+(?=[A-ZÀ-Þ])")


def _without_kicker(headline: str) -> str:
    """``Explainer: What happens when permafrost thaws?`` → ``What happens when permafrost thaws?``.

    A page's <title> puts the section's kicker before the headline; the
    page's own heading stands without it.
    """
    m = _KICKER.match(headline)
    rest = headline[m.end() :] if m else ""
    return rest if len(rest.split()) >= 4 else headline


def _any_date(block: str, vocab: Vocab) -> str:
    hit = find_date(plain(block), vocab)
    return hit[0] if hit else ""


def _read_leftovers(
    leftovers: list[tuple[int, str]], title_at: int, first_body: str, vocab: Vocab, found: Found
) -> None:
    """Header blocks that are not chrome: the dek, the section label, or chrome."""
    for i, block in leftovers:
        n = word_count(block)
        if (
            i > title_at
            and not found.subtitle
            and kind(block) in {"para", "heading"}
            and (is_sentence(block) or n >= 6)
            and 4 <= n <= DEK_MAX_WORDS
            and n < max(word_count(first_body), 1) * 1.5 + 10
            and not _is_caption(block, vocab)
        ):
            found.subtitle = plain(block)
            found.drop("dek (kept as subtitle)", block)
        elif not found.section and 1 <= n <= 5 and not is_sentence(block) and link_free(block):
            found.section = plain(block)
            found.drop("section label", block)
        else:
            found.drop("header chrome", block)


def _is_prose_run(blocks: list[str], vocab: Vocab) -> bool:
    """Whether ``blocks`` open with running text: two substantial paragraphs."""
    # Look past a related-links box and a page break to where the text resumes.
    prose = [b for b in blocks[:8] if is_prose(b, 15) and not is_chrome(b, vocab)]
    return len(prose) >= 2


def read_footer(blocks: list[str], vocab: Vocab, found: Found) -> list[str]:
    """Cut the chrome after the body, taking topics, bios and the tagline."""
    body: list[str] = []
    i = 0
    while i < len(blocks):
        block = blocks[i]
        label = label_of(block)
        if tags := _hashtags(block):
            found.subjects.extend(t for t in tags if t not in found.subjects)
            found.drop("hashtags (kept as subjects)", block)
            i += 1
            continue
        if label in vocab.topic_labels or _inline_topics(block, vocab, found):
            found.drop("topics label", block)
            i += 1
            while i < len(blocks) and (is_link_row(blocks[i]) or word_count(blocks[i]) <= 5) and label_of(blocks[i]) not in vocab.end_labels:
                subject = plain(blocks[i]).strip()
                subject = re.sub(r"\s*\(/[^)]*\)\s*$", "", subject)
                if subject and subject not in found.subjects and not is_chrome(blocks[i], vocab):
                    found.subjects.append(subject)
                found.drop("topic (kept as subject)", blocks[i])
                i += 1
            continue
        if label in vocab.about_author_labels and not _is_prose_run(blocks[i + 1 :], vocab):
            found.drop("about-author label", block)
            i += 1
            while i < len(blocks) and label_of(blocks[i]) not in vocab.end_labels | vocab.topic_labels:
                if is_prose(blocks[i], 6):
                    found.bios.append(blocks[i])
                    found.drop("about-author bio (kept as bio)", blocks[i])
                else:
                    found.drop("about-author box", blocks[i])
                i += 1
            continue
        cards = _headline_list(blocks, i + 1) if label in vocab.end_labels else i + 1
        if cards > i + 1 and _is_prose_run(blocks[cards:], vocab):
            # "Leggi anche" over a list of headlines, and the article goes on.
            found.drop("related links", block)
            found.removed.extend(("related links", b) for b in blocks[i + 1 : cards])
            i = cards
            continue
        if is_end_label(block, vocab) and not _is_prose_run(blocks[i + 1 :], vocab):
            # The rest is cards and comments; topics and bios may still follow.
            found.drop("end of article", block)
            i += 1
            while i < len(blocks) and label_of(blocks[i]) not in vocab.topic_labels | vocab.about_author_labels:
                found.drop("after end of article", blocks[i])
                i += 1
            continue
        body.append(block)
        i += 1
    return body


def _headline_list(blocks: list[str], start: int) -> int:
    """End of the run of list blocks from ``start`` whose items are all headlines (a few words, no full stop)."""
    end = start
    while end < len(blocks) and (items := _list_items(blocks[end])) and all(
        3 <= len(words(item)) <= 20 and not is_sentence(item) for item in items
    ):
        end += 1
    return end


_HASHTAG = re.compile(r"#([^\W\d_][\w-]*)")


def _hashtags(block: str) -> list[str]:
    """``#sourdough #altitude`` (a row or a list): the post's tags, without their signs."""
    if kind(block) not in {"para", "list"} or len(block) > SHORT:
        return []
    tokens = plain(block).split()
    tags = [m.group(1) for t in tokens if (m := _HASHTAG.fullmatch(t))]
    return tags if tags and len(tags) == len(tokens) else []


def _inline_topics(block: str, vocab: Vocab, found: Found) -> bool:
    """``Tags: Trade, Ports, Shipping`` on one line."""
    text = plain(block)
    m = re.match(r"([^:]{2,30}):\s*(.+)$", text)
    if not m or m.group(1).strip().lower() not in vocab.topic_labels or word_count(block) > 30:
        return False
    for item in re.split(r"\s*[,;|·•]\s*", m.group(2)):
        item = item.strip(" .")
        if item and item not in found.subjects:
            found.subjects.append(item)
    return True


def strip_body_chrome(blocks: list[str], vocab: Vocab, found: Found) -> list[str]:
    """Inside the body, drop only what is chrome for certain; glyph rows become breaks."""
    out: list[str] = []
    for block in blocks:
        if is_separator(block) or kind(block) == "break":
            if out and kind(out[-1]) != "break":
                out.append("* * *")
            continue
        if kind(block) != "code" and (is_chrome(block, vocab) or is_page_furniture(block)):
            found.drop("chrome", block)
            if out and kind(out[-1]) == "heading" and is_promo(block, vocab):
                found.drop("heading of a newsletter box", out.pop())
            continue
        if _is_leaked_path(block) or (is_link_row(block) and _links_nowhere(block)):
            found.drop("link to nowhere", block)
            continue
        if (names := copyright_credit(block, vocab)) is not None:
            # "Words and photos by Jo Doe · © 2025": the page's footer credits the author.
            if not found.authors:
                found.authors.extend(names)
            found.drop("copyright line", block)
            continue
        out.append(block)
    out = _drop_contents_lists(out, found)
    # Footer columns and trailing cards close the page in either order, and
    # dropping one can bare the other: until neither is left.
    while True:
        kept = len(out)
        out = _drop_link_columns(out, found)
        while out and kind(out[-1]) == "break":
            out.pop()
        # Trailing cards the end labels missed: dates, bylines, bare link rows.
        while out and (parsed := _trailing_meta(out[-1], vocab)):
            # "Posted by Jo Doe on 3 March 2024" closes many blogs: keep its facts.
            if not found.authors:
                found.authors.extend(parsed[0])
            found.date = found.date or parsed[1]
            found.drop("trailing byline or date", out.pop())
            while out and kind(out[-1]) == "break":
                out.pop()  # the break stood before the byline: nothing follows it now
        if len(out) == kept:
            return out


def _list_items(block: str) -> list[str]:
    return [plain(line) for line in block.split("\n")] if kind(block) == "list" else []


def _is_short_label(block: str) -> bool:
    """``On this page``, ``Resources``: a few words heading a box, not a sentence."""
    return kind(block) in {"para", "heading"} and 1 <= word_count(block) <= 3 and not is_sentence(block)


def _drop_contents_lists(blocks: list[str], found: Found) -> list[str]:
    """A list of the page's own headings is its table of contents: drop it and its label.

    Consecutive list blocks are one list (print output sets each item apart).
    """
    titles = {plain(b) for b in blocks if kind(b) != "list" and word_count(b) <= 15}
    out: list[str] = []
    i = 0
    while i < len(blocks):
        j = i
        while j < len(blocks) and kind(blocks[j]) == "list":
            j += 1
        if j == i:
            out.append(blocks[i])
            i += 1
            continue
        items = [item for b in blocks[i:j] for item in _list_items(b)]
        if len(items) >= 3 and all(item in titles for item in items):
            if out and _is_short_label(out[-1]) and plain(out[-1]) not in items:
                found.drop("label of the contents", out.pop())
            found.removed.extend(("table of contents", b) for b in blocks[i:j])
        else:
            out.extend(blocks[i:j])
        i = j
    return out


def _is_short_list(block: str) -> bool:
    items = _list_items(block)
    return bool(items) and all(1 <= len(words(item)) <= 4 and not is_sentence(item) for item in items)


def _drop_link_columns(blocks: list[str], found: Found) -> list[str]:
    """Footer columns close the page: two or more short labels, each over a list of a few words an item."""
    start = end = len(blocks)
    labels = 0
    while True:
        lists = end
        while lists > 0 and _is_short_list(blocks[lists - 1]):
            lists -= 1
        if lists == end or lists == 0 or not _is_short_label(blocks[lists - 1]):
            break
        labels += 1
        start = end = lists - 1
    if labels < 2:
        return blocks
    found.removed.extend(("footer links", b) for b in blocks[start:])
    return blocks[:start]


def _trailing_meta(block: str, vocab: Vocab) -> tuple[tuple[str, ...], str] | None:
    if names := byline_names(block, vocab):
        return names, _any_date(block, vocab)
    if iso := date_line(block, vocab):
        return (), iso
    return meta_line(block, vocab)


def _is_leaked_path(block: str) -> bool:
    """``(</policy-analysis/x>)`` or ``[\\(/x\\)](#)``: a site path left alone."""
    text = plain(block).strip("()<>[]\\ ")
    return bool(re.fullmatch(r"/[^\s]*", text))


def _links_nowhere(block: str) -> bool:
    urls = [m.group("url") for m in LINK.finditer(block)]
    return bool(urls) and all(not re.match(r"(?i)(?:https?|mailto):", u.strip("<>")) for u in urls)


def read_tagline(blocks: list[str], vocab: Vocab, found: Found) -> list[str]:
    """A closing italic note on the author ("*Jane Doe is … Originally published …*").

    Its facts go to the metadata: the sentences about the author become the
    bio, the "originally published" sentence gives the source URL.
    """
    if not blocks:
        return blocks
    last = blocks[-1].strip()
    inner = _emphasized(last)
    if inner is None:
        return blocks
    text = plain(inner)
    mentions_author = any(text.startswith(name) for name in found.authors)
    phrases = vocab.originally_published_phrases
    mentions_origin = any(p in text.lower() for p in phrases)
    if not (mentions_author or mentions_origin) or word_count(last) > 150:
        return blocks
    bio: list[str] = []
    for sentence in _sentences(inner):
        low = plain(sentence).lower()
        if any(p in low for p in phrases):
            urls = [m.group("url") for m in LINK.finditer(sentence)] + [
                m.group("url") for m in AUTOLINK.finditer(sentence)
            ]
            if urls and not found.source:
                found.source = urls[-1].strip("<>")
            if not found.also_published_in:
                found.also_published_in = _publication(plain(sentence), vocab)
        else:
            bio.append(sentence.strip())
    if bio:
        found.bios.append(" ".join(bio))
    found.drop("closing tagline (kept as bio and source)", last)
    return blocks[:-1]


# "**Ion Popescu**, pensioner, Cluj", "— Jo Doe, Leeds": a signature's name,
# in bold or after a dash, or followed by who and where the writer is.
_SIGNATURE = re.compile(
    r"(?P<dash>[—–-]\s*)?(?P<bold>\*\*|__)?"
    r"(?P<name>[A-ZÀ-Þ][\w'’.-]*(?:\s+[A-ZÀ-Þ][\w'’.-]*){1,3})(?P=bold)?"
    r"(?P<rest>\s*,\s*[^.!?]{1,60})?"
)


def read_signature(blocks: list[str], vocab: Vocab, found: Found) -> list[str]:
    """A letter signed at its end (``**Ion Popescu**, pensioner, Cluj``) names the author when nothing else did.

    The signature is a short line among the last three blocks, right after a
    paragraph of text; it stays in the body, where the writer put it.
    """
    if found.authors:
        return blocks
    for i in range(max(1, len(blocks) - 3), len(blocks)):
        block = blocks[i].strip()
        m = _SIGNATURE.fullmatch(block)
        if not m or kind(block) != "para" or not is_prose(blocks[i - 1], 6) or is_chrome(block, vocab):
            continue
        if m.group("dash") or m.group("bold") or m.group("rest"):
            found.authors.append(m.group("name"))
            break
    return blocks


def _emphasized(block: str) -> str | None:
    for mark in ("**", "__", "*", "_"):
        if block.startswith(mark) and block.endswith(mark) and len(block) > 2 * len(mark):
            inner = block[len(mark) : -len(mark)]
            # Emphasis toggled off and on around a link inside: drop the toggles.
            return inner.replace(mark, "") if mark in {"*", "_"} else inner
    return None


_SENTENCE_SPLIT = re.compile(r"(?<=[.!?])[\"”’)]*\s+(?=[A-Z\"“(\[])")


def _sentences(text: str) -> list[str]:
    # Split outside links only: a link's text may hold a full stop.
    protected = LINK.sub(lambda m: m.group(0).replace(". ", ".\x00"), text)
    return [s.replace("\x00", " ") for s in _SENTENCE_SPLIT.split(protected) if s.strip()]


def _publication(sentence: str, vocab: Vocab) -> str:
    """``…published on the Foreign Policy website.`` → ``Foreign Policy``."""
    m = re.search(r"\b(?:in|on|by|at|en|in der|im|dans|sur)\s+(?:the\s+)?((?:[A-Z][\w&.'’-]*\s?){1,5})", sentence)
    if not m:
        return ""
    name = m.group(1).strip()
    return re.sub(r"\s+(?:website|site|magazine|blog|online)$", "", name, flags=re.I).strip()


def names_from_bios(found: Found) -> None:
    """With no byline, an about box or tagline that opens with a name names the author."""
    if found.authors:
        return
    for bio in found.bios:
        m = re.match(r"((?:[A-Z][\w.'’-]+\s){1,3}[A-Z][\w'’-]+)(?:,| is | was )", plain(bio))
        if m:
            found.authors.append(m.group(1).strip())
            return


__all__ = [
    "Found",
    "names_from_bios",
    "read_footer",
    "read_header",
    "read_tagline",
    "strip_body_chrome",
    "words",
]
