"""Stage 2, clean: a scraped page's text to one canonical :class:`Article`.

The cleaner is one ordered tuple of rules (:func:`rules`), each a
``Rule(name, stage, fn)`` whose ``fn`` takes the immutable :class:`Page`
and returns a new one. ``--disable NAME``, ``--report`` and the tests all
derive from that tuple. The stages, in order:

===========  =================================================================
``text``     the whole input: BOM, line ends, forbidden characters, entities,
             odd spaces, whitespace (``text.py``)
``parse``    front matter and a reader's header read (``reader.py``),
             reference links made inline, the body parsed once into typed
             blocks (``parse.py``), raw HTML blocks read by lxml (``html.py``),
             page furniture of print converters dropped
``block``    each block repaired, until it stops changing: hard wraps, links
             printed twice or leaked, empty links, pictures, inline HTML,
             escapes, icons, the canonical form (``blocks.py``, ``links.py``,
             ``format.py``)
``page``     the page read (fitted decisions, ``decide.py``): the headline
             (``title.py``), byline, date and dek (``masthead.py``), end
             matter (``endmatter.py``), where the body starts and ends and the
             chrome inside it (``body.py``), and the promise never to lose
             the article (``guard.py``)
``form``     heading levels
===========  =================================================================

A file with front matter that has a title keeps that metadata: the page
reading changes nothing of the body but certain chrome, so cleaning
canonical output again changes nothing.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable
from dataclasses import dataclass, replace

from ..canonical import load_yaml, metadata_from_mapping, split_front_matter, web_url
from ..errors import FrontMatterError
from ..model import Article, Author, Metadata
from ..read import Source
from . import blocks as B
from . import format as F
from . import links as L
from .bios import merge_repeated_facts
from .body import drop_body_chrome, find_body
from .chrome import byline_names, date_line, fix_stray_icons, guess_lang
from .dates import fix_dates_read_as_lists
from .endmatter import names_from_bios, read_end_matter, read_signature, read_tagline
from .features import PROSE_KINDS
from .guard import guard_article, prose_words
from .html import fix_cut_html_tags, fix_inline_html, html_to_markdown, is_cut_html
from .masthead import read_masthead, read_profile_links
from .page import Block, Draft, Page, Removal, Rule, Settings
from .parse import is_kept_picture, parse_blocks, retype
from .reader import canonical_keys, clipper_excerpt, iso_date, split_reader_header
from .text import TEXT_RULES
from .title import fallback_title, read_title
from .vocab import Vocab, load_vocab

Repair = Callable[[str], str]

_REPORTED = frozenset(
    {
        "fix_images",
        "fix_spaced_link_destinations",
        "fix_quoted_link_titles",
        "fix_print_doubled_links",
        "fix_lost_link_printed_url",
        "fix_link_words_printed_urls",
        "fix_leaked_url_links",
        "fix_script_links",
        "fix_empty_links",
        "fix_relative_links",
        "fix_link_urls",
        "fix_printed_urls",
        "fix_wrapped_printed_urls",
        "fix_mirrored_printed_urls",
    }
)
"""Rules whose every change ``--report`` lists: they rewrite or drop links."""

LANG_SAMPLE = 12000
"""Characters of the body the language is guessed from."""
PASSES = 4
"""Times the block rules run over a block at most: one repair can expose another."""


@dataclass(frozen=True, slots=True)
class Cleaned:
    """The cleaner's result: the article, what it did (``--report``), and what the user should know."""

    article: Article
    report: tuple[str, ...]
    warnings: tuple[str, ...] = ()
    """One line each, for stderr (``exporter: FILE: warning: …``)."""


@functools.lru_cache(maxsize=16)
def block_rules(vocab: Vocab, base_url: str | None) -> tuple[tuple[str, Repair], ...]:
    """The per-block repairs in order, bound to this run's settings: ``(name, text → text)``.

    The same objects for the same settings, so that a chain of them can key a memo (``_repairer``)."""
    return (
        ("fix_setext_headings", B.fix_setext_headings),
        ("fix_hard_wrap", B.fix_hard_wrap),
        ("fix_cut_html_tags", fix_cut_html_tags),
        ("fix_inline_html", fix_inline_html),
        ("fix_picture_placeholders", L.fix_picture_placeholders),
        ("fix_images", L.fix_images),
        ("fix_spaced_link_destinations", L.fix_spaced_link_destinations),
        ("fix_quoted_link_titles", L.fix_quoted_link_titles),
        ("fix_print_doubled_links", L.fix_print_doubled_links),
        ("fix_lost_link_printed_url", L.fix_lost_link_printed_url),
        ("fix_link_words_printed_urls", L.fix_link_words_printed_urls),
        ("fix_leaked_url_links", functools.partial(L.fix_leaked_url_links, base_url=base_url)),
        ("fix_script_links", L.fix_script_links),
        ("fix_empty_links", L.fix_empty_links),
        ("fix_relative_links", functools.partial(L.fix_relative_links, base_url=base_url)),
        ("fix_printed_urls", L.fix_printed_urls),
        ("fix_wrapped_printed_urls", L.fix_wrapped_printed_urls),
        ("fix_mirrored_printed_urls", L.fix_mirrored_printed_urls),
        ("fix_link_urls", functools.partial(L.fix_link_urls, tracking=vocab.tracking_parameters)),
        ("fix_needless_escapes", L.fix_needless_escapes),
        ("fix_stray_brackets", L.fix_stray_brackets),
        ("fix_stray_icons", fix_stray_icons),
        ("fix_block_edges", F.fix_block_edges),
        ("fix_dates_read_as_lists", functools.partial(fix_dates_read_as_lists, vocab=vocab)),
        ("fix_list_markers", F.fix_list_markers),
        ("fix_heading_markers", F.fix_heading_markers),
        ("fix_emphasis_markers", F.fix_emphasis_markers),
        ("fix_thematic_break", F.fix_thematic_break),
    )


# --------------------------------------------------------------------------
# Rules as steps over the page


def _text_step(repair: Repair) -> Callable[[Page], Page]:
    return lambda page: replace(page, text=repair(page.text))


def read_front_matter(page: Page) -> Page:
    """Front matter (canonical, or a clipper's with its own key names) read; the body is what follows."""
    yaml_text, body = split_front_matter(page.text)
    if yaml_text is None:
        return page
    data = load_yaml(yaml_text, page.settings.where)
    if not isinstance(data, dict):
        raise FrontMatterError(page.settings.where, "front matter is not a YAML mapping")
    meta = metadata_from_mapping(canonical_keys(data), page.settings.where)
    draft = Draft(
        title=meta.title,
        subtitle=meta.subtitle,
        authors=meta.author_names,
        bios=(),
        date=iso_date(meta.date, load_vocab()) or meta.date,
        lang=meta.lang if "lang" in data or "language" in data else "",
        publisher=meta.publisher,
        subjects=meta.subjects,
        description=meta.description,
        source=meta.source,
        also_published_in=meta.also_published_in,
        section=meta.section,
    )
    bios = tuple((a.name, a.bio) for a in meta.authors if a.bio)
    return replace(page, text=body, draft=draft, given=True, header=tuple(("bio", f"{n}\x00{b}") for n, b in bios))


def read_reader_header(page: Page) -> Page:
    """``Title:`` / ``URL Source:`` / ``Published Time:`` above ``Markdown Content:`` read, taken off."""
    if page.given:
        return page
    pairs, rest = split_reader_header(page.text)
    if not pairs:
        return page
    values = dict(reversed(pairs))
    source = web_url(values.get("source", ""))
    return replace(page, text=rest, header=pairs).with_draft(
        title=values.get("title", ""), source=source, description=values.get("description", "")
    )


def fix_reference_links(page: Page) -> Page:
    return replace(page, text=L.fix_reference_links(page.text))


def fix_wrapped_heading_links(page: Page) -> Page:
    return replace(page, text=L.fix_wrapped_heading_links(page.text))


def fix_wrapped_headings(page: Page) -> Page:
    return replace(page, text=B.fix_wrapped_headings(page.text))


def parse_body(page: Page) -> Page:
    """The body parsed into typed blocks (markdown-it-py)."""
    blocks = parse_blocks(page.text)
    return replace(page, blocks=tuple(blocks))


def read_html_blocks(page: Page) -> Page:
    """Raw HTML blocks read into Markdown by lxml, or dropped when they hold no words; an indented
    block of a tag's cut pieces (no code sample) dropped."""
    out: list[Block] = []
    dropped: list[tuple[str, Block]] = []
    for block in page.blocks:
        if block.kind == "code" and is_cut_html(block.text):
            dropped.append(("raw HTML without words", block))
            continue
        if block.kind != "html":
            out.append(block)
            continue
        markdown = html_to_markdown(block.text)
        if not markdown:
            dropped.append(("raw HTML without words", block))
            continue
        out.extend(retype(markdown, block.line))
    return page.drop("read_html_blocks", out, dropped)


LAYOUT_CELL_WORDS = 25
"""Words in one cell that make a table a page's layout, not data."""
_CELL_SPLIT = re.compile(r"(?<!\\)\|")
_DELIMITER_CELL = re.compile(r"\s*:?-{2,}:?\s*")


def _cells(block: Block) -> list[str]:
    cells = []
    for line in block.text.split("\n"):
        for cell in _CELL_SPLIT.split(line):
            cell = cell.strip()
            if cell and not _DELIMITER_CELL.fullmatch(cell):
                cells.append(cell)
    return cells


def unpack_layout_tables(page: Page) -> Page:
    """A page laid out in a table, its text in the cells: each cell with words becomes a block.

    A table with a cell of running text (``LAYOUT_CELL_WORDS``), and rows of
    pipes that make no table at all, are layout; a table of short cells is
    data and stays.
    """
    out: list[Block] = []
    changed = False
    for block in page.blocks:
        debris = block.kind == "paragraph" and block.text.lstrip().startswith("|")
        if block.kind != "table" and not debris:
            out.append(block)
            continue
        cells = _cells(block)
        if not debris and not any(len(cell.split()) >= LAYOUT_CELL_WORDS for cell in cells):
            out.append(block)
            continue
        changed = True
        for cell in cells:
            out.extend(retype(cell.replace("\\|", "|"), block.line))
    return page.with_blocks(out) if changed else page


def read_clipper_excerpt(page: Page) -> Page:
    """A clipper's ``# Title`` then ``> ## Excerpt``: the excerpt is the description, not body text."""
    if page.given or len(page.blocks) < 2:
        return page
    for i, block in enumerate(page.blocks[:3]):
        excerpt = clipper_excerpt(block.text) if block.kind == "quote" else None
        if excerpt is not None:
            keep = [b for j, b in enumerate(page.blocks) if j != i]
            # The clipper's rule under the excerpt goes with it.
            if i < len(keep) and keep[i].kind == "break":
                keep.pop(i)
            return page.drop("read_clipper_excerpt", keep, [("clipper's excerpt (kept as description)", block)]).with_draft(
                description=excerpt
            )
    return page


# A site's host name: "www.example.org", "example.co.uk".
_HOST_NAME = re.compile(r"\b[\w-]+(?:\.[\w-]+)*\.[a-z]{2,}\b", re.I)


def drop_page_furniture(page: Page) -> Page:
    """``Page 2 of 5``, a browser's print header, running heads repeated on every page."""
    texts = [b.text for b in page.blocks]
    repeated = B.repeated_lines(texts) if not page.given else set()
    # A writer's name linked to their page, said twice (the byline, the author box), is no running
    # head; nor is the first of a byline or a date line said twice ("Written by Jo Doe on 3 May 2024",
    # a masthead written once for small screens and once for large ones). A date beside the site's
    # name (``www.example.org | 14 March 2025``) heads each printed page: the day it was printed.
    profiled = {line for line, _ in page.profiles}
    vocab = load_vocab()
    bylines = {text for text in repeated if byline_names(text, vocab) or (date_line(text, vocab) and not _HOST_NAME.search(text))}
    keep, dropped = [], []
    for block in page.blocks:
        running = block.text in repeated and block.line not in profiled and block.text not in bylines
        bylines.discard(block.text)
        if block.kind not in {"code", "image"} and (B.is_page_furniture(block.text) or running):
            dropped.append(("page furniture", block))
        else:
            keep.append(block)
    return page.drop("drop_page_furniture", keep, dropped)


def _short(text: str, limit: int = 90) -> str:
    # The spaces of a head long enough decide the start: no need to split a long block whole.
    head = " ".join(text[: 4 * limit].split())
    if len(head) > limit:
        return head[: limit - 1] + "…"
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


Repaired = Callable[[str], tuple[str, tuple[str, ...]]]


@functools.lru_cache(maxsize=16)
def _repairer(chain: tuple[tuple[str, Repair], ...]) -> Repaired:
    """``_repaired`` over ``chain``, memoized by the text: the repairs are pure, and a site's chrome
    blocks ("Share", a footer) recur on its pages. One memo a chain, so that the chain is hashed
    once a page, not once a block."""
    return functools.lru_cache(maxsize=1024)(functools.partial(_repaired, chain=chain))


def _repaired(text: str, chain: tuple[tuple[str, Repair], ...]) -> tuple[str, tuple[str, ...]]:
    """One block's text through ``chain`` until it stops changing, and the report lines of the changes."""
    rewrites: list[str] = []
    # The repairs after the last one that changed the text saw the text as their pass left it, and
    # kept it: reached with that same text in the next pass, they would keep it again.
    settled = len(chain)  # in the last pass, the index of the last repair that changed the text
    for _ in range(PASSES):
        before = text
        changed = -1
        for at, (name, repair) in enumerate(chain):
            if at > settled and text == before:
                break
            new = repair(text)
            if new != text:
                if name in _REPORTED:
                    rewrites.append(f"{name}: {_short(text)} → {_short(new)}")
                text = new
                changed = at
        if text == before:
            break
        settled = changed
    return text, tuple(rewrites)


def _repair_blocks(page: Page, repairs: list[tuple[str, Repair]]) -> Page:
    """Each block through the repairs until it stops changing; a block a repair splits is parsed again."""
    chain = _repairer(tuple(repairs))
    edges = _repairer(tuple((n, r) for n, r in repairs if n == "fix_block_edges"))
    out: list[Block] = []
    rewrites = list(page.rewrites)
    pending = list(page.blocks[::-1])
    while pending:
        block = pending.pop()
        text, changes = (edges if block.kind == "code" or is_kept_picture(block) else chain)(block.text)
        rewrites.extend(changes)
        if text == block.text:
            out.append(block)
            continue
        if not text.strip():
            continue
        if block.kind == "code" or _same_shape(block, text):
            out.append(block.with_text(text))
            continue
        parts = retype(text, block.line)
        if block.kind == "code":
            out.append(block.with_text(text))
        elif len(parts) == 1 and parts[0].text == text:
            out.append(parts[0])
        else:
            pending.extend(parts[::-1])
    return replace(page, blocks=tuple(out), rewrites=tuple(rewrites))


def _same_shape(block: Block, text: str) -> bool:
    """Whether a repaired block is still one block of its kind (no parse needed to know)."""
    if "\n\n" in text or block.kind in {"html", "image"}:
        return False
    old, new = B.kind(block.text), B.kind(text)
    if old != new or (block.kind == "paragraph") != (old == "para"):
        return False
    return block.kind != "heading" or text.startswith("#" * block.level + " ")


def fix_page_break_splits(page: Page) -> Page:
    """``…it gave in and`` + ``the proposal.`` → one paragraph, unless the second is a byline.

    Not in a canonical file: its paragraphs are as a first cleaning left them, and two
    that stand side by side only since a block between them went are two paragraphs."""
    if page.given:
        return page
    vocab = load_vocab()
    out: list[Block] = []
    for block in page.blocks:
        if (
            out
            and out[-1].kind == "paragraph"
            and block.kind == "paragraph"
            and B.split_by_page_break(out[-1].text, block.text)
            and byline_names(block.text, vocab) is None
        ):
            out[-1] = out[-1].with_text(f"{out[-1].text} {block.text}")
        else:
            out.append(block)
    return page.with_blocks(out)


def fix_drop_caps(page: Page) -> Page:
    """``# A`` + ``dam Smith wrote…`` → ``Adam Smith wrote…``: a drop cap set as a heading of its own."""
    out: list[Block] = []
    for block in page.blocks:
        previous = out[-1] if out else None
        if (
            previous is not None
            and previous.kind == "heading"
            and re.fullmatch(r"#{1,6} [^\W\d_]", previous.text)
            and block.kind == "paragraph"
            and block.text[:1].islower()
        ):
            out[-1] = Block("paragraph", previous.text[-1] + block.text, previous.line)
        else:
            out.append(block)
    return page.with_blocks(out) if len(out) != len(page.blocks) else page


def fix_heading_levels(page: Page) -> Page:
    texts = F.fix_heading_levels([b.text for b in page.blocks])
    return page.with_blocks([replace(b, text=t, level=len(t) - len(t.lstrip("#"))) if t != b.text else b for b, t in zip(page.blocks, texts)])


# --------------------------------------------------------------------------
# The ordered tuple


@functools.lru_cache(maxsize=16)
def rules(base_url: str | None = None) -> tuple[Rule, ...]:
    """Every rule, in the order it runs (the same tuple for the same base URL: it is built of immutable parts)."""
    vocab = load_vocab()
    text = tuple(Rule(name, "text", _text_step(fn)) for name, fn in TEXT_RULES)
    block = tuple(
        Rule(name, "block", functools.partial(_one_repair, name=name, repair=fn)) for name, fn in block_rules(vocab, base_url)
    )
    return (
        *text,
        Rule("read_front_matter", "parse", read_front_matter),
        Rule("read_reader_header", "parse", read_reader_header),
        Rule("fix_reference_links", "parse", fix_reference_links),
        Rule("fix_wrapped_heading_links", "parse", fix_wrapped_heading_links),
        Rule("fix_wrapped_headings", "parse", fix_wrapped_headings),
        Rule("parse_body", "parse", parse_body),
        Rule("read_html_blocks", "parse", read_html_blocks),
        Rule("unpack_layout_tables", "parse", unpack_layout_tables),
        Rule("read_profile_links", "parse", read_profile_links),
        Rule("drop_page_furniture", "parse", drop_page_furniture),
        Rule("read_clipper_excerpt", "parse", read_clipper_excerpt),
        *block,
        Rule("fix_drop_caps", "page", fix_drop_caps),
        Rule("fix_page_break_splits", "page", fix_page_break_splits),
        Rule("read_title", "page", read_title),
        Rule("read_masthead", "page", read_masthead),
        Rule("read_footer", "page", read_end_matter),
        Rule("find_body", "page", find_body),
        Rule("read_tagline", "page", read_tagline),
        Rule("strip_body_chrome", "page", drop_body_chrome),
        Rule("read_signature", "page", read_signature),
        Rule("names_from_bios", "page", names_from_bios),
        Rule("guard_article", "page", guard_article),
        Rule("fix_heading_levels", "form", fix_heading_levels),
    )


def _one_repair(page: Page, *, name: str, repair: Repair) -> Page:
    """One block rule on its own over every block (the runner groups them, for speed)."""
    return _repair_blocks(page, [(name, repair)])


def rule_names() -> tuple[str, ...]:
    """Every rule's name, for ``--disable`` and the docs."""
    return tuple(rule.name for rule in rules())


_STRUCTURE = frozenset({"parse_body", "guard_article"})
"""Rules that cannot be switched off: without them there is no body to clean."""


def run(page: Page, chosen: tuple[Rule, ...]) -> Page:
    """``chosen`` in order over ``page``; consecutive block rules run together per block."""
    repairs: list[tuple[str, Repair]] = []
    vocab = load_vocab()
    by_name = dict(block_rules(vocab, page.settings.base_url))
    for rule in chosen:
        if rule.name in page.settings.disabled and rule.name not in _STRUCTURE:
            continue
        if rule.stage == "block":
            repairs.append((rule.name, by_name[rule.name]))
            continue
        if repairs:
            page = _repair_blocks(page, repairs)
            repairs = []
        page = rule.fn(page)
    if repairs:
        page = _repair_blocks(page, repairs)
    return page


def _authors(draft: Draft) -> tuple[Author, ...]:
    bios: dict[str, list[str]] = {name: [] for name in draft.authors}
    for bio in draft.bios:
        text = " ".join(bio.split())
        text = text[1:-1] if re.fullmatch(r"\*[^*].*[^*]\*", text) else text
        owner = next((n for n in draft.authors if B.plain(text).startswith(n)), None)
        owner = owner or (draft.authors[0] if draft.authors else None)
        if owner is not None and text not in bios[owner]:
            bios[owner].append(text)
    return tuple(Author(name, " ".join(merge_repeated_facts(bios[name], name))) for name in draft.authors)


def _given_authors(page: Page) -> tuple[Author, ...]:
    bios = dict(v.split("\x00", 1) for k, v in page.header if k == "bio")
    return tuple(Author(name, bios.get(name, "")) for name in page.draft.authors)


def clean_text(
    text: str,
    *,
    base_url: str | None = None,
    disabled: tuple[str, ...] = (),
    where: str = "",
) -> Cleaned:
    """Clean one scraped page (or re-clean a canonical file) into an Article."""
    settings = Settings(base_url=base_url, where=where, disabled=frozenset(disabled))
    page = run(Page(text=text, settings=settings), rules(base_url))
    body = "\n\n".join(b.text for b in page.blocks)
    draft = page.draft
    # A page that is only its headline (a clipper that found no article) speaks the headline's language.
    lang = draft.lang or guess_lang(B.plain((body.strip() or draft.title)[:LANG_SAMPLE]), load_vocab())
    meta = Metadata(
        title=draft.title or fallback_title(where, body),
        subtitle=draft.subtitle,
        authors=_given_authors(page) if page.given else _authors(draft),
        date=draft.date,
        lang=lang,
        publisher=draft.publisher,
        subjects=draft.subjects,
        description=draft.description,
        source=web_url(draft.source),
        also_published_in=draft.also_published_in,
        section=draft.section,
    )
    report = tuple(page.rewrites) + tuple(f"removed ({r.reason}): {_short(r.text)}" for r in page.removed)
    return Cleaned(Article(meta, body), report, _warnings(page))


def _warnings(page: Page) -> tuple[str, ...]:
    # Only a paragraph or a quote is prose: no block made for the rest.
    removed = sum(prose_words(Block(r.kind, r.text)) for r in page.removed if r.rule != "read_title" and r.kind in PROSE_KINDS)
    total = removed + sum(prose_words(b) for b in page.blocks)
    if total and removed * 3 > total:
        share = removed / total
        return (f"cleaning removed {share:.0%} of the page's running text as chrome; --report lists each block",)
    return ()


def clean_source(source: Source, *, base_url: str | None = None, disabled: tuple[str, ...] = ()) -> Cleaned:
    """Clean a read :class:`Source`, naming its file in any error."""
    return clean_text(source.text, base_url=base_url, disabled=disabled, where=str(source.path))


__all__ = ["Cleaned", "Removal", "Rule", "block_rules", "clean_source", "clean_text", "rule_names", "rules"]
