"""Step 2 of the page reading: the byline, the publication date and the dek.

Bylines: every block near the top (before the text's first prose and a
few after it) or among the last ones that reads as names, after a byline
word (``By``, ``Von``, ``Texto:``), alone beside the headline or date, or
in a line of names and dates, is a candidate, and so is a reader header's
``author``. The ``byline`` model scores each (``features.BYLINE``); the best
one at ``byline`` threshold or over names the authors, and its block
leaves the body. None sure enough: no authors (an empty field is better
than a wrong one).

Dates: every date printed in those blocks, a header's ``Published Time:``
and a date in the article's own address are candidates for the ``date``
model (``features.DATE``: a line of its own, an "Updated" word, a byline
beside it, before or after the headline…). Its best at threshold or over is
the date.

The dek: a sentence right under the headline, before the text, that is
no caption or credit, becomes the subtitle; anything else stays where it is.
"""

from __future__ import annotations

import re
from dataclasses import replace

from .blocks import plain
from .chrome import (
    SEGMENTS,
    byline_names,
    date_line,
    is_caption,
    is_chrome,
    is_end_label,
    is_sentence,
    is_update,
    label_of,
    meta_line,
    names_only,
    profile_link_names,
    shouted,
    starts_with,
    word_count,
)
from .dates import find_date, url_date
from .decide import page_context
from .endmatter import is_signature
from .features import BYLINE, DATE, Context, byline_features, date_features
from .model import model
from .page import Block, Page
from .reader import HEADER_KEYS, iso_date
from .vocab import Vocab, load_vocab

AFTER_PROSE = 3
"""Blocks after the first prose where a byline or date may still stand."""
TAIL = 8
"""Blocks at the end of the page where a closing byline or date may stand."""
AFTER_END = 6
"""Blocks after the last prose where a closing byline or date may stand ("Posted by … on …")."""
DATE_LINE_REACH = 20
"""Blocks after the headline where a line that is only a date may stand, below a lead and a picture."""
DEK_MIN_WORDS = 6
DEK_MAX_WORDS = 45
"""Words a dek may have: a sentence, not a paragraph."""
LEAD_WORDS = 25
"""Words from which a sentence under the masthead is the article's lead, not a dek."""
SECTION_WORDS = 5
"""Words at most of a section label over the dek."""
NAME_WORDS = 6
"""Words at most of the name under an about-the-author label."""
BIO_WORDS = 80
"""Words at most of an about-the-author bio in the masthead."""
MIN_BYLINE = 0.5
MIN_DATE = 0.5
"""Hand-rule thresholds, when no fitted model stands; a fitted model carries its own."""
_TIME = re.compile(r"\b\d{1,2}[:.]\d{2}\b")


def _zone(ctx: Context, title_at: int) -> list[int]:
    """Where bylines and dates are looked for: the masthead (up to a few blocks past the first
    prose after the headline), the blocks right after the last prose, and the end of the page."""
    count = len(ctx.blocks)
    first = next((i for i in range(max(title_at, 0), count) if ctx.prose[i]), ctx.first_prose)
    top = set(range(min(count, first + AFTER_PROSE + 1)))
    # After the article's last prose: a newsletter or comment box's sentences are none of it.
    vocab = load_vocab()
    last = max((i for i in range(count) if ctx.prose[i] and not is_chrome(ctx.blocks[i].text, vocab)), default=-1)
    after = set(range(last + 1, min(count, last + 1 + AFTER_END))) if last >= 0 else set()
    tail = set(range(max(0, count - TAIL), count))
    return sorted(top | after | tail)


def _signed_lines(page: Page, ctx: Context, title_at: int, vocab: Vocab) -> list[int]:
    """Lines that start with a byline word, link a writer's page, or set a full name beside a date,
    in the first half of the page, outside :func:`_zone`: where a masthead runs on under a dek or a
    picture's caption, the byline stands there."""
    zone = set(_zone(ctx, title_at))
    return [
        i
        for i in range(len(ctx.blocks) // 2)
        if i not in zone
        and (
            byline_names(ctx.blocks[i].text, vocab)
            or _full_names(_profile_names(page, ctx.blocks[i]))
            or _full_names(_dated_names(ctx.blocks[i].text, vocab))
        )
    ]


def _dated_names(text: str, vocab: Vocab) -> tuple[str, ...] | None:
    """The names of a line of names and its date (``Jo Doe 3.3.25, 08:16``), None in any other line."""
    parsed = meta_line(text, vocab)
    if parsed is None or not parsed[0]:
        return None
    return parsed[0] if parsed[1] or find_date(plain(text), vocab) else None


def _full_names(names: tuple[str, ...] | None) -> bool:
    """Names of a person's shape, so far from the masthead: given and family name, not a shouted
    label ("Bio", "ABOUT US" link to a writer's page as well)."""
    if not names:
        return False
    return all(len(n.split()) >= 2 and not shouted(n) for n in names)


def read_profile_links(page: Page) -> Page:
    """Names linked to their writer's page, noted by block line before the links are rewritten."""
    if page.given:
        return page
    vocab = load_vocab()
    found = tuple((b.line, names) for b in page.blocks if (names := profile_link_names(b.text, vocab)))
    return replace(page, profiles=found) if found else page


def _profile_names(page: Page, block: Block) -> tuple[str, ...] | None:
    """The names :func:`read_profile_links` read from this block, when its words still hold them."""
    text = plain(block.text)
    for line, names in page.profiles:
        if line == block.line and all(n in text for n in names):
            return names
    return None


def _names(block: Block, vocab: Vocab, alone: bool, linked: tuple[str, ...] | None = None) -> tuple[tuple[str, ...], str] | None:
    if (names := byline_names(block.text, vocab)) is not None:
        # The byline's words know its credits ("Words by … · Photographs by …"); a name they
        # cut short or ran on ("Jo" of "Jo Doe2020-02-20", "Jo Doe.") is the one linked to the
        # writer's page, and when some are linked, a word after them that is not ("…, Lisbon") is no name.
        read = tuple(next((n for n in linked or () if n == w.rstrip(" .") or n.startswith(w)), w) for w in names)
        if linked and any(n in linked for n in read):
            read = tuple(n for n in read if n in linked)
        return read, "by"
    if linked:
        return linked, "by"  # a link to the writer's own page says "by" in any language
    parsed = meta_line(block.text, vocab)
    if parsed and parsed[0]:
        # "Published … · By Jo Doe · 23 Comments": the names follow a byline word
        by = any(vocab.byline_start.match(seg.strip()) for seg in SEGMENTS.split(plain(block.text)))
        return parsed[0], "by" if by else "meta"
    if (names := names_only(block.text, vocab, alone=alone)) is not None:
        return names, "bare"
    if block.kind == "list" and (listed := _meta_list(block, vocab)):
        return listed, "meta"
    return None


def _meta_list(block: Block, vocab: Vocab) -> tuple[str, ...]:
    """A masthead set as a list: ``- Dana Doe | Staff writer`` ``- Mar. 3, 2025`` → the names."""
    names: list[str] = []
    for line in block.text.split("\n"):
        item = re.sub(r"^\s*(?:[-*+]|\d+[.)])\s+", "", line)
        parsed = meta_line(item, vocab) or ((found, "") if (found := names_only(item, vocab)) else None)
        if parsed is None:
            return ()
        names.extend(n for n in parsed[0] if n not in names)
    return tuple(names)


_HEADING_MARKS = re.compile(r"^#{1,6}[ ]+")


def _byline_word_alone(text: str, vocab: Vocab) -> bool:
    """``By``, ``Von``, ``Texto:``: a byline word with nothing after it."""
    line = plain(text).strip(" *_")
    return len(line) < 40 and (m := vocab.byline_start.match(line)) is not None and m.end() == len(line)


def _byline_candidates(
    page: Page, ctx: Context, title_at: int, vocab: Vocab, where: list[int] | None = None
) -> list[tuple[int, tuple[str, ...], list[float]]]:
    out = []
    above = False
    about = False
    for i in _zone(ctx, title_at) if where is None else where:
        block = ctx.blocks[i]
        label = label_of(block.text)
        alone = abs(i - title_at) <= 2 or any(date_line(b.text, vocab) for b in ctx.blocks[i + 1 : i + 3])
        found = _names(block, vocab, alone, _profile_names(page, block)) if label not in vocab.topic_labels else None
        if found is None and not alone and label not in vocab.topic_labels and (lone := names_only(block.text, vocab, alone=True)):
            found = lone, "lone"  # a name on a line of its own farther down: the model weighs where it stands
        if (found is None or found[1] in {"bare", "lone"}) and i > 0 and _byline_word_alone(ctx.blocks[i - 1].text, vocab):
            # "By" on a line of its own, the name in the next block (a heading, at times)
            if after := names_only(_HEADING_MARKS.sub("", block.text), vocab, alone=True):
                found = after, "by"
        if found is not None and not is_chrome(block.text, vocab):
            names, how = found
            values = byline_features(ctx, i, names, how, title_at, vocab, end_label_above=above, in_about=about)
            out.append((i, names, values))
        above = above or is_end_label(block.text, vocab)
        about = label in vocab.about_author_labels
    header = [v for k, v in page.header if k == "author"]
    if header and where is None:
        names = tuple(n.strip() for n in re.split(r"\s*(?:,|;| and | & )\s*", header[0]) if n.strip())
        out.append((-1, names, byline_features(ctx, -1, names, "header", title_at, vocab)))
    return out


def _hand_byline(values: list[float]) -> float:
    """The rule the fitted model replaces: a byline word, or a header's author, before the text."""
    named = dict(zip(BYLINE, values, strict=True))
    return 0.6 * named["by_prefix"] + 0.6 * named["header"] + 0.3 * named["before_first_prose"] - 0.4 * named["chrome_vocab"]


def _date_candidates(page: Page, ctx: Context, title_at: int, vocab: Vocab) -> list[tuple[int, str, list[float]]]:
    out = []
    first = True
    boxed = False
    for i in _zone(ctx, title_at):
        block = ctx.blocks[i]
        # under an end label after the text ("Related", "Comments"): other pages' dates
        boxed = (boxed or is_end_label(block.text, vocab)) and i > ctx.first_prose and not ctx.prose[i]
        if boxed or block.kind in {"code", "table"} or word_count(block.text) > 60:
            continue
        hit = find_date(plain(block.text), vocab)
        if hit is None:
            continue
        iso, _ = hit
        parsed = meta_line(block.text, vocab)
        if parsed and parsed[1]:
            iso = parsed[1]  # in a line of names and dates, the publication date, not the update
        has_time = bool(_TIME.search(plain(block.text)))
        values = date_features(ctx, i, "block", title_at, vocab, update=is_update(block.text, vocab), first=first, has_time=has_time)
        out.append((i, iso, values))
        first = False
    for key, value in page.header:
        if key == "date" and (iso := iso_date(value, vocab)):
            out.append((-1, iso, date_features(ctx, -1, "header", title_at, vocab, has_time="T" in value)))
    if page.draft.source and (iso := url_date(page.draft.source)):
        out.append((-2, iso, date_features(ctx, -2, "address", title_at, vocab)))
    return out


def _hand_date(values: list[float]) -> float:
    """The rule the fitted model replaces: the first date line before the text, else a header's date."""
    named = dict(zip(DATE, values, strict=True))
    return 0.4 * named["date_line"] + 0.3 * named["first_date"] + 0.6 * named["header"] + 0.2 * named["byline_near"] - 0.3 * named["update"]


def choose_byline(page: Page, title_at: int) -> tuple[int, tuple[str, ...], float]:
    vocab = load_vocab()
    ctx = page_context(page)
    fitted = model("byline", BYLINE)
    threshold = fitted.threshold if fitted is not None else MIN_BYLINE
    best: tuple[int, tuple[str, ...], float] = (-3, (), 0.0)
    # The masthead first; a signed line further down only when it names no one sure enough.
    for where in (None, _signed_lines(page, ctx, title_at, vocab)):
        for i, names, values in _byline_candidates(page, ctx, title_at, vocab, where):
            p = fitted.probability(values) if fitted is not None else _hand_byline(values)
            if p > best[2]:
                best = (i, names, p)
        if best[2] >= threshold:
            return best
    return (-3, (), best[2])


def choose_date(page: Page, title_at: int) -> tuple[int, str, float]:
    vocab = load_vocab()
    ctx = page_context(page)
    fitted = model("date", DATE)
    threshold = fitted.threshold if fitted is not None else MIN_DATE
    best: tuple[int, str, float] = (-3, "", 0.0)
    published: tuple[int, str, float] = (-3, "", 0.0)
    for i, iso, values in _date_candidates(page, ctx, title_at, vocab):
        p = fitted.probability(values) if fitted is not None else _hand_date(values)
        if p > best[2]:
            best = (i, iso, p)
        if p > published[2] and not values[DATE.index("update")] and i != -2:
            published = (i, iso, p)
    # A date the page was updated on, or the one in its address, never wins over a publication
    # date the page prints that is sure enough.
    if published[2] >= threshold:
        return published
    return best if best[2] >= threshold else (-3, "", best[2])


_SOURCE_LINE = re.compile(r"(?P<key>[^\W\d_][\w ]{1,20}?)\s*:\s*<?(?P<url>https?://\S+?)>?")


def read_source_line(page: Page) -> Page:
    """``Source: https://…`` in the masthead, as a clipper writes it: the article's address, not text."""
    if page.given or page.draft.source:
        return page
    ctx = page_context(page)
    for i in range(min(len(page.blocks), ctx.first_prose)):
        m = _SOURCE_LINE.fullmatch(plain(page.blocks[i].text).strip())
        if m and HEADER_KEYS.get(m.group("key").lower()) == "source":
            keep = [b for j, b in enumerate(page.blocks) if j != i]
            moved = page.title_at - 1 if 0 <= i < page.title_at else page.title_at
            page = replace(page.drop("read_masthead", keep, [("source line (kept as source)", page.blocks[i])]), title_at=moved)
            return page.with_draft(source=m.group("url"))
    return page


def _lone_date_line(page: Page, ctx: Context, title_at: int, vocab: Vocab) -> tuple[int, str] | None:
    """The one date the lines under the headline that are only a date agree on, when no candidate
    was sure enough: a dateline below the lead or a picture, farther than the masthead reaches."""
    if title_at < 0:
        return None
    end = min(len(page.blocks), title_at + 1 + DATE_LINE_REACH, ctx.last_prose + 1)
    found = [
        (i, iso)
        for i in range(title_at + 1, end)
        if (iso := date_line(page.blocks[i].text, vocab)) and not is_update(page.blocks[i].text, vocab)
    ]
    return found[0] if found and len({iso for _, iso in found}) == 1 else None


def read_masthead(page: Page) -> Page:
    """Authors, date and dek from the masthead; the blocks that gave them leave the body."""
    if page.given:
        return page
    page = read_source_line(page)
    vocab = load_vocab()
    title_at = page.title_at
    ctx = page_context(page)
    by_at, names, _ = choose_byline(page, title_at)
    date_at, iso, _ = choose_date(page, title_at)
    drop: set[int] = set()
    reasons: dict[int, str] = {}
    draft = page.draft
    linked = _profile_names(page, page.blocks[date_at]) if date_at >= 0 else None
    if not names and 0 <= date_at < ctx.first_prose and (found := _names(page.blocks[date_at], vocab, False, linked)):
        # no byline sure enough on its own: the names in the publication date's own line of
        # names and dates (``12/03/2025 · Host: Jo Doe``) are the byline
        if found[1] in {"meta", "by"}:
            by_at, names = date_at, found[0]
    authors = draft.authors or names
    if not iso and by_at >= 0 and (own := _own_date(page.blocks[by_at], vocab)):
        iso = own  # no date sure enough on its own: the byline's line dates the article
    if not iso and not draft.date and (lone := _lone_date_line(page, ctx, title_at, vocab)):
        date_at, iso = lone
    date = draft.date or iso
    # A letter's signature under its text names the author and stays: it is the letter's.
    if by_at >= 0 and names and not (by_at > ctx.last_prose and is_signature(page.blocks[by_at])):
        drop.add(by_at)
        reasons[by_at] = "byline"
        if by_at > 0 and _byline_word_alone(page.blocks[by_at - 1].text, vocab):
            drop.add(by_at - 1)  # the "By" over the name
            reasons[by_at - 1] = "byline"
    if date_at >= 0 and iso and date_line(page.blocks[date_at].text, vocab):
        drop.add(date_at)
        reasons[date_at] = "date line"
    # Other byline and date lines of the masthead go with it.
    for i in range(min(len(page.blocks), ctx.first_prose)):
        block = page.blocks[i]
        if i not in drop and (date_line(block.text, vocab) or byline_names(block.text, vocab) or _meta(block, vocab)):
            drop.add(i)
            reasons[i] = "byline or date line"
    also = draft.also_published_in
    for i in range(min(len(page.blocks), ctx.first_prose)):
        rest = starts_with(page.blocks[i].text, vocab.also_published_prefixes)
        if rest is not None and i not in drop:
            also = also or rest.rstrip(".")
            drop.add(i)
            reasons[i] = "also published in"
    bios = list(draft.bios)
    about = _about_box(page, ctx, drop, vocab)
    for i, why in about.items():
        drop.add(i)
        reasons[i] = why
        if why.endswith("(kept as bio)"):
            bios.append(page.blocks[i].text)
    subtitle = section = ""
    # A byline read further down than the masthead makes no dek of the text above it.
    dek_at = _dek(page, ctx, title_at, by_at if by_at in _zone(ctx, title_at) else -1, drop, vocab)
    if dek_at >= 0:
        subtitle = plain(page.blocks[dek_at].text)
        drop.add(dek_at)
        reasons[dek_at] = "dek (kept as subtitle)"
        label_at = dek_at - 1
        if label_at > title_at and label_at not in drop and _is_section_label(page.blocks[label_at], vocab):
            section = plain(page.blocks[label_at].text)
            drop.add(label_at)
            reasons[label_at] = "section label"
    # A kicker right above the headline ("Explainer", "POLICY BRIEF NO. 12") names its section.
    above = title_at - 1
    if (
        not section
        and above >= 0
        and above not in drop
        and _is_section_label(page.blocks[above], vocab)
        and not names_only(page.blocks[above].text, vocab, alone=True)
        and not find_date(plain(page.blocks[above].text), vocab)
        and not any(b.kind == "heading" for b in page.blocks[:above])
    ):
        section = plain(page.blocks[above].text)
        drop.add(above)
        reasons[above] = "section label"
    keep = [b for i, b in enumerate(page.blocks) if i not in drop]
    dropped = [(reasons[i], page.blocks[i]) for i in sorted(drop)]
    moved = sum(1 for i in drop if i < title_at)
    page = replace(page.drop("read_masthead", keep, dropped), title_at=title_at - moved if title_at >= 0 else -1)
    return page.with_draft(
        authors=authors,
        bios=tuple(bios),
        section=draft.section or section,
        date=date,
        subtitle=draft.subtitle or subtitle,
        description=draft.description or subtitle,
        also_published_in=also,
    )


def _own_date(block: Block, vocab: Vocab) -> str:
    """The publication date printed in the byline's own line (``Author Jo Doe Posted on …``)."""
    if is_update(block.text, vocab):
        return ""
    parsed = meta_line(block.text, vocab)
    if parsed and parsed[1]:
        return parsed[1]
    hit = find_date(plain(block.text), vocab)
    return hit[0] if hit else ""


def _meta(block: Block, vocab: Vocab) -> bool:
    parsed = meta_line(block.text, vocab)
    return bool(parsed)


def _dek(page: Page, ctx: Context, title_at: int, by_at: int, taken: set[int], vocab: Vocab) -> int:
    """Index of the dek, or -1: a sentence right under the headline, before the text.

    It stands above the byline, or alone between the masthead (and a section
    label) and a paragraph of running text; a short sentence with the text
    straight under the byline is the article's lead and stays.
    """
    if title_at < 0:
        return -1
    labels = 0
    for i in range(title_at, len(page.blocks)):
        block = page.blocks[i]
        if i in taken or block.kind == "image" or is_chrome(block.text, vocab):
            continue
        if labels < 2 and _is_section_label(block, vocab):
            labels += 1
            continue
        n = word_count(block.text)
        # A sentence set as a lower heading right under the headline is its dek too.
        shaped = (
            (block.kind == "paragraph" or block.kind == "heading" and i == title_at and is_sentence(block.text))
            and DEK_MIN_WORDS <= n <= DEK_MAX_WORDS
            and (is_sentence(block.text) or _reads_as_sentence(block.text))
            and ctx.links[i] == 0
            and not is_caption(block.text, vocab)
        )
        if not shaped:
            return -1
        # Above the byline, with the text under it: a byline at the article's end, or below
        # a paragraph or a break, makes no dek of the article's first paragraph.
        above_byline = (
            0 <= i < by_at < ctx.last_prose
            and not any(ctx.prose[j] or page.blocks[j].kind == "break" for j in range(i + 1, by_at))
        )
        after_label = labels > 0 and n < LEAD_WORDS and i + 1 < len(page.blocks) and ctx.prose[i + 1]
        return i if above_byline or after_label else -1
    return -1


def _is_section_label(block: Block, vocab: Vocab) -> bool:
    """``Articles & Testimony``, ``POLITICS``: a few words over the dek, no sentence, no link."""
    n = word_count(block.text)
    return (
        block.kind in {"paragraph", "heading"}
        and 1 <= n <= SECTION_WORDS
        and not is_sentence(block.text)
        and "](" not in block.text
        and not is_chrome(block.text, vocab)
    )


def _about_box(page: Page, ctx: Context, taken: set[int], vocab: Vocab) -> dict[int, str]:
    """An about-the-author box in the masthead: its label, the name under it, the bio under that."""
    found: dict[int, str] = {}
    for i in range(min(len(page.blocks), ctx.first_prose + AFTER_PROSE)):
        if i in taken or label_of(page.blocks[i].text) not in vocab.about_author_labels:
            continue
        found[i] = "about-author label"
        j = i + 1
        while j < len(page.blocks) and word_count(page.blocks[j].text) <= NAME_WORDS and not is_sentence(page.blocks[j].text):
            found[j] = "about-author name"
            j += 1
        if j < len(page.blocks) and page.blocks[j].kind == "paragraph" and 6 <= word_count(page.blocks[j].text) <= BIO_WORDS:
            found[j] = "about-author bio (kept as bio)"
        break
    return found


def _reads_as_sentence(text: str) -> bool:
    """Words of a sentence without its full stop: most words after the first in lower case."""
    tokens = plain(text).split()[1:]
    return len(tokens) >= DEK_MIN_WORDS and 2 * sum(1 for t in tokens if t[:1].islower()) > len(tokens)
