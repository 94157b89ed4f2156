"""A picture's credit told from its caption, so that it is kept as a credit.

Captions end with who made the picture in a few set shapes; each rule below
takes one of them off the end of a caption and returns ``(caption, credit)``:

===========================  ===============================================
``credit_in_brackets``       ``Fuel prices rise. (Foto Prensa Libre: E. García)``
``credit_after_label``       ``Dr Fauci spoke online. Source: University of Melbourne``
``credit_by_line``           ``The harbour at dawn. Photo by Jan Kowalski``
``credit_agency_tail``       ``A rally on Thursday. Anthony Wallace / AFP``
``credit_alone``             ``© Wiebke Jann``, ``Getty Images`` (the whole caption)
===========================  ===============================================

The words (``Photo``, ``Foto``, ``Source``, ``Quelle``, agencies) are data, in
``exporter/data/credits.yaml``. A caption none of them matches is all caption.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable
from dataclasses import dataclass
from importlib import resources

import yaml


@dataclass(frozen=True, slots=True)
class CreditWords:
    labels: re.Pattern[str]
    """A credit label: ``Photo``, ``Foto``, ``Source``…"""
    by_labels: re.Pattern[str]
    agencies: re.Pattern[str]


def _alternatives(words: list[str]) -> str:
    return "|".join(re.escape(w) for w in sorted(set(words), key=len, reverse=True))


@functools.cache
def credit_words() -> CreditWords:
    data = yaml.safe_load(resources.files("exporter").joinpath("data/credits.yaml").read_text("utf-8"))
    return CreditWords(
        labels=re.compile(rf"(?:{_alternatives(data['labels'])})", re.I),
        by_labels=re.compile(rf"(?:{_alternatives(data['by_labels'])})", re.I),
        agencies=re.compile(rf"(?:{_alternatives(data['agencies'])})", re.I),
    )


Split = tuple[str, str]
_END = r"\s*$"


def credit_in_brackets(caption: str, words: CreditWords) -> Split | None:
    """``Fuel prices rise. (Foto Prensa Libre: E. García)`` → the text, ``Foto Prensa Libre: E. García``."""
    match = re.search(rf"\((?P<credit>(?:{words.labels.pattern})\b[^()]{{0,120}}?:[^()]{{1,120}}|©[^()]{{1,120}})\){_END}", caption, re.I)
    if match is None:
        return None
    return caption[: match.start()].rstrip(), match.group("credit").strip()


def credit_after_label(caption: str, words: CreditWords) -> Split | None:
    """``… online. Source: University of Melbourne`` → the text, ``Source: University of Melbourne``."""
    match = re.search(
        rf"(?:^|(?<=[.!?…\"”»)])\s+|\s+[|/·•–—-]\s+)(?P<credit>(?:{words.labels.pattern})\s*:\s*[^:]{{1,120}}|©\s*[^©]{{1,120}}|\(c\)\s[^©]{{1,120}}){_END}",
        caption,
        re.I,
    )
    if match is None:
        return None
    return caption[: match.start()].rstrip(" |/·•–—-"), match.group("credit").strip()


def credit_by_line(caption: str, words: CreditWords) -> Split | None:
    """``The harbour at dawn. Photo by Jan Kowalski`` → the text, ``Photo by Jan Kowalski``."""
    match = re.search(rf"(?:^|(?<=[.!?…\"”»)])\s+)(?P<credit>(?:{words.by_labels.pattern})\s+[^.!?]{{1,80}}){_END}", caption, re.I)
    if match is None:
        return None
    return caption[: match.start()].rstrip(), match.group("credit").strip()


def credit_agency_tail(caption: str, words: CreditWords) -> Split | None:
    """``… on Thursday. Anthony Wallace / AFP - Getty Images`` → the text, ``Anthony Wallace / AFP - Getty Images``:
    a short last line naming a picture agency."""
    match = re.search(r"(?<=[.!?…\"”»)])\s+(?P<credit>[^.!?]{1,100})$", caption)
    if match is None or len(match.group("credit").split()) > 12:
        return None
    if not re.search(rf"(?<!\w)(?:{words.agencies.pattern})(?!\w)", match.group("credit"), re.I):
        return None
    return caption[: match.start()].rstrip(), match.group("credit").strip()


def credit_alone(caption: str, words: CreditWords) -> Split | None:
    """``© Wiebke Jann`` or ``Getty Images`` → no caption, all credit."""
    text = caption.strip()
    if text.startswith("©") or re.fullmatch(rf"(?:{words.agencies.pattern})(?:\s*[/,]\s*\S.{{0,60}})?\.?", text, re.I):
        return "", text
    return None


RULES: tuple[tuple[str, Callable[[str, CreditWords], Split | None]], ...] = (
    ("credit_alone", credit_alone),
    ("credit_in_brackets", credit_in_brackets),
    ("credit_after_label", credit_after_label),
    ("credit_by_line", credit_by_line),
    ("credit_agency_tail", credit_agency_tail),
)


def split_credit(caption: str) -> Split:
    """``(caption, credit)``: the first rule that finds a credit at the end decides."""
    words = credit_words()
    caption = " ".join(caption.split())
    for _name, rule in RULES:
        found = rule(caption, words)
        if found is not None and found[1]:
            return found
    return caption, ""
