"""Stage 2, clean: a scraped page's text to one canonical :class:`Article`.

The rules run in this order; each is named for the artifact it repairs, and
that name is its id in ``--report`` and for ``--disable``:

1. text rules (``text.py``) on the whole input: BOM, line ends, forbidden
   characters, entities, odd spaces, whitespace;
2. block rules (``links.py``, ``blocks.py``, ``format.py``, ``chrome.py``)
   on each block: hard wraps first (a link may be wrapped), then links, then
   the canonical form, then icons;
3. ``fix_page_break_splits`` across blocks, after page furniture is gone;
4. structure (``structure.py``): the masthead and the footer give the
   metadata and are dropped; chrome inside the body is dropped.

A file that already has front matter skips step 4's masthead and footer
reading, so cleaning canonical output again changes nothing.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from ..canonical import parse_front_matter, split_front_matter, web_url
from ..model import Article, Author, Metadata
from ..read import Source
from . import blocks as B
from . import format as F
from . import links as L
from .bios import merge_repeated_facts
from .chrome import byline_names, fix_stray_icons, guess_lang
from .structure import (
    Found,
    names_from_bios,
    read_footer,
    read_header,
    read_signature,
    read_tagline,
    strip_body_chrome,
)
from .text import TEXT_RULES
from .vocab import Vocab, load_vocab

Rule = Callable[[str], str]

_REPORTED = frozenset(
    {
        "fix_images",
        "fix_print_doubled_links",
        "fix_lost_link_printed_url",
        "fix_link_words_printed_urls",
        "fix_leaked_url_links",
        "fix_empty_links",
        "fix_relative_links",
        "fix_link_urls",
    }
)
"""Rules whose every change ``--report`` lists: they rewrite or drop links."""


@dataclass(frozen=True, slots=True)
class Cleaned:
    """The cleaner's result: the article and what it did, for ``--report``."""

    article: Article
    report: tuple[str, ...]


def block_rules(vocab: Vocab, base_url: str | None) -> tuple[tuple[str, Rule], ...]:
    """The per-block rules in order, bound to this run's settings."""
    return (
        ("fix_setext_headings", B.fix_setext_headings),
        ("fix_hard_wrap", B.fix_hard_wrap),
        ("fix_images", L.fix_images),
        ("fix_print_doubled_links", L.fix_print_doubled_links),
        ("fix_lost_link_printed_url", L.fix_lost_link_printed_url),
        ("fix_link_words_printed_urls", L.fix_link_words_printed_urls),
        ("fix_leaked_url_links", functools.partial(L.fix_leaked_url_links, base_url=base_url)),
        ("fix_empty_links", L.fix_empty_links),
        ("fix_relative_links", functools.partial(L.fix_relative_links, base_url=base_url)),
        ("fix_link_urls", functools.partial(L.fix_link_urls, tracking=vocab.tracking_parameters)),
        ("fix_needless_escapes", L.fix_needless_escapes),
        ("fix_stray_brackets", L.fix_stray_brackets),
        ("fix_stray_icons", fix_stray_icons),
        ("fix_block_edges", F.fix_block_edges),
        ("fix_list_markers", F.fix_list_markers),
        ("fix_heading_markers", F.fix_heading_markers),
        ("fix_emphasis_markers", F.fix_emphasis_markers),
        ("fix_thematic_break", F.fix_thematic_break),
    )


def rule_names() -> tuple[str, ...]:
    """Every rule's name, for ``--disable`` and the docs."""
    vocab = load_vocab()
    return (
        tuple(name for name, _ in TEXT_RULES)
        + ("fix_reference_links",)
        + tuple(name for name, _ in block_rules(vocab, None))
        + ("fix_page_break_splits", "read_masthead", "read_footer", "read_tagline", "read_signature", "strip_body_chrome")
    )


def _short(text: str, limit: int = 90) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _fallback_title(where: str, blocks: list[str]) -> str:
    stem = Path(where).stem if where else ""
    if stem and not re.fullmatch(r"[\W\d_]*|<.*>|-", stem):
        return re.sub(r"[-_]+", " ", stem).strip().capitalize()
    words = B.plain(blocks[0]).split()[:10] if blocks else []
    return " ".join(words) or "Untitled"


def _authors(found: Found) -> tuple[Author, ...]:
    bios: dict[str, list[str]] = {name: [] for name in found.authors}
    for bio in found.bios:
        text = " ".join(bio.split())
        text = text[1:-1] if re.fullmatch(r"\*[^*].*[^*]\*", text) else text
        owner = next((n for n in found.authors if B.plain(text).startswith(n)), None)
        owner = owner or (found.authors[0] if found.authors else None)
        if owner is not None and text not in bios[owner]:
            bios[owner].append(text)
    return tuple(Author(name, " ".join(merge_repeated_facts(bios[name], name))) for name in found.authors)


def clean_text(
    text: str,
    *,
    base_url: str | None = None,
    disabled: tuple[str, ...] = (),
    where: str = "",
) -> Cleaned:
    """Clean one scraped page (or re-clean a canonical file) into an Article."""
    vocab = load_vocab()
    report: list[str] = []
    off = set(disabled)
    for name, text_rule in TEXT_RULES:
        if name not in off:
            text = text_rule(text)
    yaml_text, body = split_front_matter(text)
    if "fix_reference_links" not in off:
        body = L.fix_reference_links(body)
    given = parse_front_matter(yaml_text, where) if yaml_text is not None else None

    blocks = B.split_blocks(body)
    repeated = B.repeated_lines(blocks) if given is None else set()
    furniture = [b for b in blocks if B.is_page_furniture(b) or b in repeated]
    report.extend(f"removed (page furniture): {_short(b)}" for b in furniture)
    blocks = [b for b in blocks if not (B.is_page_furniture(b) or b in repeated)]
    rules: list[tuple[str, Rule]] = [(n, r) for n, r in block_rules(vocab, base_url) if n not in off]
    out = []
    pending = blocks[::-1]
    while pending:
        block = pending.pop()
        # One repair can expose another (an icon hid a list marker): run the
        # rules until the block stops changing, so cleaning is a fixpoint.
        for _ in range(4):
            before = block
            # Code is shown as written: only its blank edges are trimmed.
            chain: list[tuple[str, Rule]] = (
                rules if B.kind(block) != "code" else [("fix_block_edges", F.fix_block_edges)]
            )
            for name, rule in chain:
                new = rule(block)
                if new != block:
                    if name in _REPORTED:
                        report.append(f"{name}: {_short(block)} → {_short(new)}")
                    block = new
            if block == before:
                break
        if B.kind(block) != "code" and "\n\n" in block.strip():
            # A repair left a blank line ("a\n[]()\nb"): two blocks now, each cleaned again.
            parts = [b for b in B.split_blocks(block) if not B.is_page_furniture(b)]
            if len(parts) > 1:
                pending.extend(parts[::-1])
                continue
            block = parts[0] if parts else ""
        if block.strip():
            out.append(block)
    def is_byline(block: str) -> bool:
        return byline_names(block, vocab) is not None

    blocks = out if "fix_page_break_splits" in off else B.fix_page_break_splits(out, is_byline)

    found = Found()
    if given is None:
        if "read_masthead" not in off:
            blocks = read_header(blocks, vocab, found)
        if "read_footer" not in off:
            blocks = read_footer(blocks, vocab, found)
        if "read_tagline" not in off:
            blocks = read_tagline(blocks, vocab, found)
        if "read_signature" not in off:
            blocks = read_signature(blocks, vocab, found)
    if "strip_body_chrome" not in off:
        blocks = strip_body_chrome(blocks, vocab, found)
        if "fix_page_break_splits" not in off:
            # Chrome between the halves of a split paragraph is gone now.
            blocks = B.fix_page_break_splits(blocks, is_byline)
    blocks = F.fix_heading_levels(blocks)
    report.extend(f"removed ({why}): {_short(block)}" for why, block in found.removed)
    body_text = "\n\n".join(blocks)

    if given is not None:
        meta = given
    else:
        names_from_bios(found)
        subtitle = found.subtitle
        meta = Metadata(
            title=found.title or _fallback_title(where, blocks),
            subtitle=subtitle,
            authors=_authors(found),
            date=found.date,
            lang=guess_lang(B.plain(body_text), vocab),
            publisher=found.publisher,
            subjects=tuple(found.subjects),
            description=subtitle,
            source=web_url(found.source),
            also_published_in=found.also_published_in,
            section=found.section,
        )
    return Cleaned(Article(meta, body_text), tuple(report))


def clean_source(source: Source, *, base_url: str | None = None, disabled: tuple[str, ...] = ()) -> Cleaned:
    """Clean a read :class:`Source`, naming its file in any error."""
    return clean_text(source.text, base_url=base_url, disabled=disabled, where=str(source.path))
