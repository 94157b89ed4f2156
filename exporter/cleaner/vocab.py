"""The site vocabulary (``exporter/data/vocab.yaml``), loaded once and frozen."""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from importlib import resources

import yaml


@dataclass(frozen=True, slots=True, eq=False)
class Vocab:
    """The vocabulary, compared and hashed by identity: one is loaded per process, so the
    chrome tests, pure functions of a block's text and the vocabulary, can be memoized."""

    byline_prefixes: tuple[str, ...]
    name_joiners: tuple[str, ...]
    name_particles: frozenset[str]
    byline_roles: tuple[str, ...]
    organisation_starts: frozenset[str]
    """First words of the name of a paper, an agency or a firm, never of a person's: "The"."""
    outlet_words: frozenset[str]
    """Words in the name of an outlet, a site or a page's feature ("Daily", "Forum"), never in a person's."""
    name_credentials: frozenset[str]
    """Degrees and titles written after a name and a comma ("Jo Doe, PhD"): no name of their own."""
    button_words: frozenset[str]
    """Words on a page's buttons ("Previous", "Next"): a line of them is no one's name."""
    promo_words: tuple[str, ...]
    reader_words: frozenset[str]
    cookie_words: frozenset[str]
    consent_words: frozenset[str]
    end_label_starts: tuple[str, ...]
    date_prefixes: tuple[str, ...]
    update_prefixes: tuple[str, ...]
    months: dict[str, int]
    """Month name or abbreviation, lower case, to its number."""
    also_published_prefixes: tuple[str, ...]
    about_author_labels: frozenset[str]
    topic_labels: frozenset[str]
    end_labels: frozenset[str]
    chrome_labels: frozenset[str]
    chrome_prefixes: tuple[str, ...]
    originally_published_phrases: tuple[str, ...]
    tracking_parameters: frozenset[str]
    relative_time_words: tuple[str, ...]
    """Words that make a number a time before now: "ago", "vor", "önce"."""
    read_also_prefixes: tuple[str, ...]
    """Words before a link to another article: "Read also:", "Les også"."""
    weekdays: frozenset[str]
    """Weekday names, lower case, in many languages."""
    profile_path_words: frozenset[str]
    """Folders of a site's address that hold one page per writer: ``author`` in ``/author/jo-doe/``."""
    stopwords: dict[str, frozenset[str]]
    stopword_index: dict[str, tuple[str, ...]]
    """Each stopword → the languages whose list holds it."""
    scripts: tuple[tuple[str, re.Pattern[str]], ...]
    """Languages told by their script alone, in order: ``("ja", [\u3040-\u30ff])``."""

    credit_labels: frozenset[str]
    """Labels that credit the author before a colon: "Text:", "Moderation:"."""
    other_credits: frozenset[str]
    """Labels that credit someone else before a colon: "Photos:", "Gast:"."""
    credit_inside: re.Pattern[str]
    """The space before a credit label inside a line ("03.03.2025 Moderation: Jo Doe")."""
    byline_start: re.Pattern[str]
    """Matches a byline word at the start of a text ("By", "Von", "Words by", "Text:")."""


def _alternatives(words: tuple[str, ...]) -> str:
    # Longest first, so "words by" wins over "by".
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


def _byline_start(prefixes: tuple[str, ...], credits: tuple[str, ...]) -> re.Pattern[str]:
    """A byline word ("By Jo Doe"), or a credit label and its colon ("Texto: Jo Doe")."""
    return re.compile(rf"(?:{_alternatives(prefixes)})\b|(?:{_alternatives(credits)})[ ]?[:：]", re.I)


def _index(stopwords: dict[str, frozenset[str]]) -> dict[str, tuple[str, ...]]:
    index: dict[str, list[str]] = {}
    for lang, words in stopwords.items():
        for word in words:
            index.setdefault(word, []).append(lang)
    return {word: tuple(langs) for word, langs in index.items()}


@functools.lru_cache(maxsize=1)
def load_vocab() -> Vocab:
    """Read the packaged vocabulary (immutable, so caching it is safe)."""
    text = resources.files("exporter").joinpath("data/vocab.yaml").read_text("utf-8")
    # libyaml's loader when PyYAML has it: the pure-Python one costs ~70 ms here.
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    data = yaml.load(text, Loader=loader)  # noqa: S506 - a safe loader
    months: dict[str, int] = {}
    for names in data["months"].values():
        for number, name in enumerate(names, start=1):
            months.setdefault(str(name).lower(), number)
    stopwords = {k: frozenset(str(w) for w in v) for k, v in data["stopwords"].items()}
    lower = lambda key: tuple(str(w).lower() for w in data[key])  # noqa: E731
    return Vocab(
        byline_prefixes=lower("byline_prefixes"),
        credit_labels=frozenset(lower("credit_labels")),
        other_credits=frozenset(lower("other_credits")),
        credit_inside=re.compile(
            rf"\s+(?=(?:{_alternatives(lower('credit_labels') + lower('other_credits'))})[ ]?[:：])", re.I
        ),
        byline_start=_byline_start(lower("byline_prefixes"), lower("credit_labels")),
        name_joiners=lower("name_joiners"),
        name_particles=frozenset(lower("name_particles")),
        byline_roles=lower("byline_roles"),
        organisation_starts=frozenset(lower("organisation_starts")),
        outlet_words=frozenset(lower("outlet_words")),
        name_credentials=frozenset(w.strip(".") for w in lower("name_credentials")),
        button_words=frozenset(lower("button_words")),
        promo_words=lower("promo_words"),
        reader_words=frozenset(lower("reader_words")),
        cookie_words=frozenset(lower("cookie_words")),
        consent_words=frozenset(lower("consent_words")),
        end_label_starts=lower("end_label_starts"),
        date_prefixes=lower("date_prefixes"),
        update_prefixes=lower("update_prefixes"),
        months=months,
        also_published_prefixes=lower("also_published_prefixes"),
        about_author_labels=frozenset(lower("about_author_labels")),
        topic_labels=frozenset(lower("topic_labels")),
        end_labels=frozenset(lower("end_labels")),
        chrome_labels=frozenset(lower("chrome_labels")),
        chrome_prefixes=lower("chrome_prefixes"),
        originally_published_phrases=lower("originally_published_phrases"),
        tracking_parameters=frozenset(lower("tracking_parameters")),
        relative_time_words=lower("relative_time_words"),
        read_also_prefixes=lower("read_also_prefixes"),
        weekdays=frozenset(lower("weekdays")),
        profile_path_words=frozenset(lower("profile_path_words")),
        stopwords=stopwords,
        stopword_index=_index(stopwords),
        scripts=tuple((str(k), re.compile(f"[{v}]")) for k, v in data["scripts"].items()),
    )
