"""An author's bio said twice: the about box and the closing tagline.

A page often introduces its author twice, in an "about the author" box and
in an italic line at the end, and the two repeat a fact. When a later piece
names the author and goes on from words the earlier piece ended on, the new
part is added to the earlier piece instead of the whole being said again:

    "Jo Doe, a former judge, is a fellow at the Institute."
    "Jo Doe is a fellow at the Institute and author of [Courts](…)."
    → "Jo Doe, a former judge, is a fellow at the Institute and author of [Courts](…)."

A later piece whose words the earlier ones all hold already adds nothing and
goes; anything else is kept as it is (when unsure, keep).
"""

from __future__ import annotations

import re

from .blocks import plain

SHARED_WORDS = 4
"""Words an earlier piece must end on, and a later one repeat, to be one fact."""

LEAD_WORDS = 8
"""Words at most before the repeated ones in the later piece (the name and "is the")."""

_WORD = re.compile(r"\w[\w'’.-]*")


def _words(text: str) -> list[str]:
    return [w.lower().rstrip(".") for w in _WORD.findall(plain(text))]


def _splice(earlier: str, later: str, name: str) -> str | None:
    """``earlier`` with what ``later`` adds after the words they share; None if they share no ending."""
    if not plain(later).startswith(name):
        return None
    ending = _words(earlier)
    for size in range(min(len(ending), 12), SHARED_WORDS - 1, -1):
        shared = ending[-size:]
        pattern = r"\W+".join(re.escape(word) for word in shared)
        found = re.search(rf"\b{pattern}\b\.?", later, re.IGNORECASE)
        if found is None:
            continue
        if len(_words(later[: found.start()])) > LEAD_WORDS:
            return None
        rest = later[found.end() :].strip()
        if not rest or not rest[0].isalnum() and not rest.startswith("["):
            return None
        return f"{earlier.rstrip().rstrip('.')} {rest}"
    return None


def merge_repeated_facts(pieces: list[str], name: str) -> list[str]:
    """``name``'s bio pieces, each fact said once (see the module's account)."""
    merged: list[str] = []
    for piece in pieces:
        if merged and set(_words(piece)) <= set(_words(" ".join(merged))) and "](" not in piece:
            continue  # says nothing the earlier pieces did not
        spliced = _splice(merged[-1], piece, name) if merged else None
        if spliced is not None:
            merged[-1] = spliced
        else:
            merged.append(piece)
    return merged
