"""Word-level scoring of a cleaned article against a page's ground truth.

Each page of a corpus (:data:`MAIN` in ``tests/fixtures/pages``,
:data:`HOLDOUT` in ``tests/fixtures/holdout``) has a ``<case>.json`` next to
it::

    {"title": "...", "authors": ["..."], "date": "YYYY-MM-DD", "lang": "en",
     "body": ["paragraph, heading or list item, as plain text", ...],
     "optional": ["text the cleaner may keep or drop", ...]}

``body`` is the article's own words and nothing else. ``optional`` holds
text that is neither article nor chrome: the dek, figure captions, an author
bio, a press release's boilerplate. Keeping it costs nothing, dropping it
costs nothing.

Scores are over bags of words (multisets of lower-cased word tokens), after
the cleaner's Markdown is reduced to plain text (link targets, URLs, images,
HTML tags and comments and Markdown punctuation removed):

- **recall**: of the article's words, the share the cleaner kept;
- **precision**: of the words the cleaner kept (optional words aside), the
  share that belong to the article.

A bag ignores order, so a paragraph dropped while chrome of the same words
was kept would go unnoticed; with real pages that almost never happens, and
:func:`missed_blocks` and :func:`extra_lines` point at the text behind a
low score.
"""

from __future__ import annotations

import difflib
import json
import re
import unicodedata
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

PAGES_DIR = Path(__file__).parent / "fixtures" / "pages"
"""Where the main corpus lives: ``<case>.html`` and ``<case>.json``."""
HOLDOUT_DIR = Path(__file__).parent / "fixtures" / "holdout"
"""Where the holdout lives, in the same format."""


# --------------------------------------------------------------------------
# What is scored


class AuthorLike(Protocol):
    @property
    def name(self) -> str: ...


class MetadataLike(Protocol):
    @property
    def title(self) -> str: ...
    @property
    def authors(self) -> Sequence[AuthorLike]: ...
    @property
    def date(self) -> str: ...
    @property
    def lang(self) -> str: ...


class ArticleLike(Protocol):
    """The part of ``exporter.model.Article`` that scoring reads."""

    @property
    def meta(self) -> MetadataLike: ...
    @property
    def body(self) -> str: ...


@dataclass(frozen=True, slots=True)
class Truth:
    """The ground truth for one page."""

    case: str
    """The page's file stem."""
    title: str
    authors: tuple[str, ...]
    date: str
    """ISO ``YYYY-MM-DD``."""
    lang: str
    body: tuple[str, ...]
    """The article's paragraphs, headings and list items, as plain text."""
    optional: tuple[str, ...] = ()
    """Text that may be kept or dropped without penalty."""


def load_truth(path: Path) -> Truth:
    """Read ``<case>.json``."""
    data = json.loads(path.read_text(encoding="utf-8"))
    return Truth(
        case=path.stem,
        title=data["title"],
        authors=tuple(data["authors"]),
        date=data["date"],
        lang=data["lang"],
        body=tuple(data["body"]),
        optional=tuple(data.get("optional", ())),
    )


def corpus_cases(pages_dir: Path = PAGES_DIR) -> list[str]:
    """Every case name (file stem) that has both an HTML page and a truth file."""
    return sorted(p.stem for p in pages_dir.glob("*.html") if p.with_suffix(".json").exists())


# --------------------------------------------------------------------------
# The corpora and their bars


@dataclass(frozen=True, slots=True)
class Bars:
    """What the cleaner must reach over a corpus (every page x every style)."""

    case_recall: float
    """Recall of every single case."""
    recall: float
    """Micro-averaged recall over the corpus."""
    precision: float
    """Micro-averaged precision over the corpus."""
    metadata: float
    """Share of cases with the right title, and likewise authors and date."""


@dataclass(frozen=True, slots=True)
class Corpus:
    """A folder of pages with their truth, and the bars the cleaner meets on it."""

    name: str
    folder: Path
    bars: Bars
    body_words: tuple[int, int]
    """Least and most words a page's true body may have."""
    langs: frozenset[str]
    """Languages the corpus must include."""

    def cases(self) -> list[str]:
        return corpus_cases(self.folder)

    def truth(self, case: str) -> Truth:
        return load_truth(self.folder / f"{case}.json")

    def html(self, case: str) -> str:
        return (self.folder / f"{case}.html").read_text(encoding="utf-8")


MAIN = Corpus(
    name="main",
    folder=PAGES_DIR,
    bars=Bars(case_recall=0.90, recall=0.98, precision=0.95, metadata=0.90),
    body_words=(250, 650),
    langs=frozenset({"en", "de", "es", "fr"}),
)
"""The corpus the cleaner was written with."""

HOLDOUT = Corpus(
    name="holdout",
    folder=HOLDOUT_DIR,
    bars=Bars(case_recall=0.80, recall=0.95, precision=0.85, metadata=0.70),
    body_words=(300, 600),
    langs=frozenset({"en", "it", "nl"}),
)
"""Pages the cleaner was never tuned on; its bars are collapse guards (see
``tests/test_corpus_quality.py``)."""

HOLDOUT2 = Corpus(
    name="holdout2",
    folder=Path(__file__).parent / "fixtures" / "holdout2",
    bars=Bars(case_recall=0.80, recall=0.95, precision=0.85, metadata=0.70),
    body_words=(300, 600),
    langs=frozenset({"en", "sv", "da", "pt", "pl", "es", "de"}),
)
"""Ten more pages, written by someone who had not read the cleaner, after the
cleaner was last tuned: a measure nobody has fitted (see its README.md)."""

HOLDOUT3 = Corpus(
    name="holdout3",
    folder=Path(__file__).parent / "fixtures" / "holdout3",
    bars=Bars(case_recall=0.80, recall=0.95, precision=0.85, metadata=0.70),
    body_words=(300, 600),
    langs=frozenset({"en", "nb", "fi", "cs", "tr", "id", "ca", "ro"}),
)
"""Ten more pages, written blind like holdout2's, after the cleaner was tuned
on holdout2: the freshest measure (see its README.md)."""

CORPORA = (MAIN, HOLDOUT, HOLDOUT2, HOLDOUT3)


# --------------------------------------------------------------------------
# Markdown to words

_COMMENT = re.compile(r"<!--.*?-->", re.S)
_FENCE = re.compile(r"^\s*(?:```|~~~).*$", re.M)
_IMAGE = re.compile(r"!\[[^\]]*\](?:\([^)]*\)|\[[^\]]*\])")
_LINK = re.compile(r"\[((?:\\.|[^\]\\])*)\]\((?:\\.|[^()\\\s]|\([^)]*\))*(?:\s+(?:\"[^\"]*\"|'[^']*'))?\s*\)")
_REF_LINK = re.compile(r"\[((?:\\.|[^\]\\])+)\]\[[^\]]*\]")
_REF_DEFINITION = re.compile(r"^ {0,3}\[(?!\^)[^\]]+\]:\s*\S+.*$", re.M)
_NOTE_DEFINITION = re.compile(r"^ {0,3}\[\^[^\]]+\]:\s*", re.M)
_NOTE_REFERENCE = re.compile(r"\[\^[^\]]+\]")
_AUTOLINK = re.compile(r"<(?:[a-z][a-z0-9+.-]*:|www\.)[^>\s]*>", re.I)
_BARE_URL = re.compile(r"(?:\b[a-z][a-z0-9+.-]*://|\bwww\.|\bmailto:)[^\s<>()\]]*", re.I)
_HTML_TAG = re.compile(r"</?[a-zA-Z][^>]*>")
_ESCAPE = re.compile(r"\\([\\`*_{}\[\]()#+\-.!$<>|~\"'])")
_WORD = re.compile(r"[^\W_]+(?:'[^\W_]+)*")
_APOSTROPHES = str.maketrans({"\u2019": "'", "\u2018": "'", "\u02bc": "'", "`": "'"})


def markdown_to_text(markdown: str) -> str:
    """Reduce Markdown to the words a reader sees.

    Images go entirely; links keep their text and lose their target;
    autolinks, bare URLs, HTML tags and comments, note markers and
    backslash escapes go. Emphasis, heading and list marks are left: they
    are not words and :func:`words` skips them.
    """
    text = _COMMENT.sub(" ", markdown)
    text = _FENCE.sub(" ", text)
    text = _IMAGE.sub(" ", text)
    for _ in range(3):  # links inside link text, e.g. [![img](a)](b) leftovers
        text = _LINK.sub(r"\1", text)
    text = _REF_LINK.sub(r"\1", text)
    text = _REF_DEFINITION.sub(" ", text)
    text = _NOTE_DEFINITION.sub("", text)
    text = _NOTE_REFERENCE.sub(" ", text)
    text = _AUTOLINK.sub(" ", text)
    text = _BARE_URL.sub(" ", text)
    text = _HTML_TAG.sub(" ", text)
    return _ESCAPE.sub(r"\1", text)


def words(text: str) -> list[str]:
    """Lower-cased word tokens of plain text, in order.

    Letters and digits make words; an apostrophe inside a word keeps it whole
    (``don't``, ``l'inflation``); hyphens, dots and commas split
    (``clean-air`` is two words, ``4.2`` is ``4`` and ``2``).
    """
    normal = unicodedata.normalize("NFKC", text).translate(_APOSTROPHES).casefold()
    return _WORD.findall(normal)


def bag(texts: Iterable[str]) -> Counter[str]:
    """The multiset of words of several plain texts."""
    counts: Counter[str] = Counter()
    for text in texts:
        counts.update(words(text))
    return counts


# --------------------------------------------------------------------------
# Body scores


@dataclass(frozen=True, slots=True)
class BodyScore:
    """Word counts behind precision and recall for one cleaned body."""

    kept: int
    """Words in the cleaner's body."""
    article: int
    """Words in the true article body."""
    matched: int
    """Kept words that belong to the article (multiset intersection)."""
    optional: int
    """Kept words, beyond the article's, that match optional text."""

    @property
    def judged(self) -> int:
        """Kept words that count for precision: all but the optional ones."""
        return self.kept - self.optional

    @property
    def precision(self) -> float:
        return self.matched / self.judged if self.judged else 1.0

    @property
    def recall(self) -> float:
        return self.matched / self.article if self.article else 1.0


def score_body(body_markdown: str, truth: Truth) -> BodyScore:
    """Compare a cleaned Markdown body with the true article body."""
    kept = bag([markdown_to_text(body_markdown)])
    article = bag(truth.body)
    matched = kept & article
    optional = (kept - article) & bag(truth.optional)
    return BodyScore(
        kept=sum(kept.values()),
        article=sum(article.values()),
        matched=sum(matched.values()),
        optional=sum(optional.values()),
    )


def missed_blocks(body_markdown: str, truth: Truth, threshold: float = 0.9) -> list[str]:
    """Article blocks whose words the cleaner mostly lost.

    The article's words and the kept words are aligned in order
    (``difflib``), so a block counts as kept only where its words appear in
    sequence, not merely somewhere in the body.
    """
    kept = words(markdown_to_text(body_markdown))
    spans: list[tuple[str, int, int]] = []
    article: list[str] = []
    for block in truth.body:
        tokens = words(block)
        spans.append((block, len(article), len(article) + len(tokens)))
        article.extend(tokens)
    covered = [False] * len(article)
    matcher = difflib.SequenceMatcher(None, article, kept, autojunk=False)
    for start, _, size in matcher.get_matching_blocks():
        covered[start : start + size] = [True] * size
    return [
        block
        for block, start, end in spans
        if end > start and sum(covered[start:end]) / (end - start) < threshold
    ]


def extra_lines(body_markdown: str, truth: Truth, threshold: float = 0.5) -> list[str]:
    """Lines of the cleaned body whose words are mostly not the article's
    (nor optional text): the chrome the cleaner kept."""
    known = set(bag(truth.body)) | set(bag(truth.optional))
    extra = []
    for line in body_markdown.splitlines():
        tokens = words(markdown_to_text(line))
        if tokens and sum(t in known for t in tokens) / len(tokens) < threshold:
            extra.append(line)
    return extra


# --------------------------------------------------------------------------
# Metadata

_QUOTES = str.maketrans(
    {
        "\u2018": "'", "\u2019": "'", "\u201a": "'", "\u201b": "'", "\u2039": "'", "\u203a": "'",
        "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u201f": '"', "\u00ab": '"', "\u00bb": '"',
        "\u2013": "-", "\u2014": "-", "\u2212": "-", "\u00a0": " ", "\u202f": " ",
    }
)


def normalize_text(text: str) -> str:
    """Fold what should not decide a match: Unicode form, case, curly vs.
    straight quotes, dash kinds, runs of whitespace, outer spaces."""
    text = unicodedata.normalize("NFKC", text).translate(_QUOTES).casefold()
    return " ".join(text.split())


def same_title(found: str, expected: str) -> bool:
    return normalize_text(found) == normalize_text(expected)


def same_authors(found: Sequence[str], expected: Sequence[str]) -> bool:
    """Same names in the same (byline) order."""
    return [normalize_text(n) for n in found] == [normalize_text(n) for n in expected]


def same_date(found: str, expected: str) -> bool:
    return found.strip() == expected.strip()


def same_lang(found: str, expected: str) -> bool:
    """Compare primary language subtags: ``de-DE`` matches ``de``."""
    return found.strip().lower().split("-")[0] == expected.strip().lower().split("-")[0]


# --------------------------------------------------------------------------
# One case, and the corpus


@dataclass(frozen=True, slots=True)
class CaseScore:
    """How one cleaned article compares with its page's truth."""

    case: str
    style: str
    body: BodyScore
    title_ok: bool
    authors_ok: bool
    date_ok: bool
    lang_ok: bool
    error: str = ""
    """The exception the cleaner raised, if any (then everything is wrong)."""

    @property
    def precision(self) -> float:
        return self.body.precision

    @property
    def recall(self) -> float:
        return self.body.recall


def score_article(article: ArticleLike, truth: Truth, style: str = "") -> CaseScore:
    """Score a cleaned article against its page's truth."""
    meta = article.meta
    return CaseScore(
        case=truth.case,
        style=style,
        body=score_body(article.body, truth),
        title_ok=same_title(meta.title, truth.title),
        authors_ok=same_authors([a.name for a in meta.authors], truth.authors),
        date_ok=same_date(meta.date, truth.date),
        lang_ok=same_lang(meta.lang, truth.lang),
    )


def score_failure(truth: Truth, style: str, error: BaseException) -> CaseScore:
    """The score of a case on which the cleaner raised: nothing kept, all wrong."""
    return CaseScore(
        case=truth.case,
        style=style,
        body=BodyScore(kept=0, article=sum(bag(truth.body).values()), matched=0, optional=0),
        title_ok=False,
        authors_ok=False,
        date_ok=False,
        lang_ok=False,
        error=f"{type(error).__name__}: {error}",
    )


@dataclass(frozen=True, slots=True)
class Totals:
    """Corpus-wide figures: micro-averaged body scores and metadata hit rates."""

    cases: int
    precision: float
    """Sum of matched words over sum of judged kept words."""
    recall: float
    """Sum of matched words over sum of article words."""
    title_rate: float
    authors_rate: float
    date_rate: float
    lang_rate: float
    worst_recall: float


def totals(scores: Sequence[CaseScore]) -> Totals:
    """Micro-average ``scores`` (every word weighs the same, whatever its case)."""
    if not scores:
        return Totals(0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0)
    matched = sum(s.body.matched for s in scores)
    judged = sum(s.body.judged for s in scores)
    article = sum(s.body.article for s in scores)
    n = len(scores)
    return Totals(
        cases=n,
        precision=matched / judged if judged else 1.0,
        recall=matched / article if article else 1.0,
        title_rate=sum(s.title_ok for s in scores) / n,
        authors_rate=sum(s.authors_ok for s in scores) / n,
        date_rate=sum(s.date_ok for s in scores) / n,
        lang_rate=sum(s.lang_ok for s in scores) / n,
        worst_recall=min(s.recall for s in scores),
    )


def style_table(scores: Sequence[CaseScore], styles: Iterable[str], width: int = 13) -> list[str]:
    """Totals by scraper style, then over all ``scores``, as text lines; the
    first column is ``width`` wide (``bench/quality.py`` lines it up with its
    case names)."""

    def row(label: str, column: str, t: Totals) -> str:
        return (
            f"{label:<{width}}  {column:<17} {t.precision:6.3f} {t.recall:6.3f}  "
            f"{t.title_rate:5.0%} {t.authors_rate:4.0%} {t.date_rate:5.0%} {t.lang_rate:5.0%}"
        )

    lines = [f"{'by style':<{width}}  {'':<17} {'prec':>6} {'recall':>6}  title auth  date  lang"]
    lines += [row("", style, totals([s for s in scores if s.style == style])) for style in styles]
    t = totals(scores)
    lines.append(row("TOTAL (micro)", str(t.cases), t))
    return lines
