"""The page the rules pass along: typed blocks, the metadata drafted so far,
and what was removed and why. Every rule takes a :class:`Page` and returns a
new one; nothing is changed in place.

A :class:`Block` is one top-level Markdown block as markdown-it-py reads it
(``parse.py``), with its kind and the line it started on; its features
(``features.py``) are computed from its text when a decision needs them.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace

KINDS = ("heading", "paragraph", "list", "quote", "table", "code", "html", "image", "break")
"""Block kinds, as ``parse.py`` names markdown-it-py's top-level tokens."""


@dataclass(frozen=True, slots=True)
class Block:
    """One top-level block of the body."""

    kind: str
    """One of :data:`KINDS`."""
    text: str
    """Its Markdown, without surrounding blank lines."""
    line: int = 0
    """The body line it started on (0-based), for reports."""
    level: int = 0
    """A heading's level (1–6); 0 for other kinds."""
    _hash: int = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        # A page's tuple of blocks keys the memos of its readings, and is hashed at every one:
        # each block's hash is the dataclass's own, computed once.
        object.__setattr__(self, "_hash", hash((self.kind, self.text, self.line, self.level)))

    def __hash__(self) -> int:
        return self._hash

    def __reduce__(self) -> tuple[type[Block], tuple[str, str, int, int]]:
        # Pickled as its fields: a process that loads it hashes strings with its own seed.
        return (Block, (self.kind, self.text, self.line, self.level))

    def with_text(self, text: str) -> Block:
        return Block(self.kind, text, self.line, self.level)  # not dataclasses.replace: called per block, and slow


@dataclass(frozen=True, slots=True)
class Removal:
    """A block taken out of the body, and why (``--report``)."""

    rule: str
    reason: str
    text: str
    kind: str = "paragraph"
    line: int = 0


@dataclass(frozen=True, slots=True)
class Draft:
    """The article's metadata as the rules have found it so far."""

    title: str = ""
    subtitle: str = ""
    authors: tuple[str, ...] = ()
    bios: tuple[str, ...] = ()
    date: str = ""
    lang: str = ""
    publisher: str = ""
    subjects: tuple[str, ...] = ()
    description: str = ""
    source: str = ""
    also_published_in: str = ""
    section: str = ""


@dataclass(frozen=True, slots=True)
class Settings:
    """What one run was asked for: constant while the rules run."""

    base_url: str | None = None
    where: str = ""
    disabled: frozenset[str] = frozenset()


@dataclass(frozen=True, slots=True)
class Page:
    """Everything the rules know about one page at one moment."""

    text: str
    """The whole input as the text rules leave it; the body once parsed."""
    settings: Settings = field(default_factory=Settings)
    blocks: tuple[Block, ...] = ()
    draft: Draft = field(default_factory=Draft)
    removed: tuple[Removal, ...] = ()
    rewrites: tuple[str, ...] = ()
    """Report lines of links rewritten or dropped inside a block."""
    given: bool = False
    """The input had front matter with a title: its metadata stands, nothing is read from the page."""
    header: tuple[tuple[str, str], ...] = ()
    """Metadata a clipper or reader service wrote above the text (``reader.py``), as (key, value)."""
    clean_input: bool = False
    """The input was already clean (``body.already_clean``): only chrome for certain leaves."""
    profiles: tuple[tuple[int, tuple[str, ...]], ...] = ()
    """Names linked to their writer's page on the site (``[Jo Doe](/author/jo-doe)``), by their block's line:
    read before the block rules rewrite or drop the links."""
    title_at: int = -1
    """Where the headline stood among the blocks: the index of the block that followed it; -1 if none."""

    def with_blocks(self, blocks: tuple[Block, ...] | list[Block]) -> Page:
        return replace(self, blocks=tuple(blocks))

    def with_draft(self, **changes: object) -> Page:
        return replace(self, draft=replace(self.draft, **changes))  # type: ignore[arg-type]

    def drop(self, rule: str, keep: list[Block], dropped: list[tuple[str, Block]]) -> Page:
        """The page with ``keep`` as its blocks, ``dropped`` recorded as removed by ``rule``."""
        removed = self.removed + tuple(Removal(rule, why, b.text, b.kind, b.line) for why, b in dropped)
        return replace(self, blocks=tuple(keep), removed=removed)


Step = Callable[[Page], Page]


@dataclass(frozen=True, slots=True)
class Rule:
    """A named step of the cleaner: its name is its id in ``--report``,
    ``--disable`` and the tests; its stage says what it works on."""

    name: str
    stage: str
    """``text`` (the whole input), ``parse``, ``block`` (each block), ``page`` (page-level decisions) or ``form``."""
    fn: Step
