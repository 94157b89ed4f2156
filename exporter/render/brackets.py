"""Python-Markdown's link patterns in linear time, however many links a paragraph holds.

To find the ``]`` that closes a link's text, Python-Markdown computes the
closing bracket of every position of the paragraph at once, and keeps the
answer while the paragraph's text stays the same. But each link it finds is
replaced in that text by a placeholder, so the next link finds a new text
and the whole paragraph is scanned again: a paragraph of 5,000 links took
minutes.

The closing bracket of a position depends only on the text after it, and a
replacement leaves the text after the link untouched. So the answer computed
once is kept across replacements: a position in the untouched tail is
looked up at its old place, shifted by how much the text before it shrank.
The tail is compared with the old one before it is trusted, at the cost of
a memory comparison, not a Python loop.

===================  ==================================================
pattern              replaced by the same class with :class:`KeptEnds`
===================  ==================================================
``reference``        ``[text][id]``
``link``             ``[text](url)``
``image_link``       ``![alt](src)``
``image_reference``  ``![alt][id]``
``short_reference``  ``[id]``
``short_image_ref``  ``![id]``
===================  ==================================================
"""

from __future__ import annotations

from typing import Any

from markdown import Markdown
from markdown.extensions import Extension
from markdown.inlinepatterns import LinkInlineProcessor


class KeptEnds(LinkInlineProcessor):
    """A link pattern whose closing brackets survive the paragraph's rewrites."""

    def __init__(self, pattern: str, md: Markdown | None = None) -> None:
        super().__init__(pattern, md)
        self._kept = ""
        """The text the closing brackets were computed for."""
        self._kept_ends: list[int | None] = [None]
        self._text = ""
        """The text seen last: the kept one, or one made from it by replacements."""
        self._tail = 0
        """How many characters at the end of ``_text`` are those of ``_kept``."""
        self._untouched = 0
        """How many characters at the end of ``_text`` a replacement leaves as they are."""

    def getText(self, data: str, index: int) -> tuple[str, int, bool]:  # noqa: N802 - Python-Markdown's name
        if not self._knows(data, index):
            self._kept = self._text = data
            self._kept_ends = self._findBracketEnds(data)
            self._tail = self._untouched = len(data)
        shift = len(self._kept) - len(data)
        end = self._kept_ends[index + shift]
        if end is None:
            return data[index:], len(data), False
        return data[index : end - shift - 1], end - shift, True

    def _knows(self, data: str, index: int) -> bool:
        """Whether the kept closing brackets hold for ``data`` from ``index`` on."""
        if data is not self._text:
            # A link replaced in the last text leaves its end untouched.
            untouched = self._untouched
            if not (untouched and data.endswith(self._text[len(self._text) - untouched :])):
                return False
            self._text, self._tail, self._untouched = data, untouched, 0
        return len(data) - index <= self._tail

    def handleMatch(self, m: Any, data: str) -> Any:  # noqa: N802 - Python-Markdown's name
        found = super().handleMatch(m, data)
        element, _start, end = found
        if element is not None and end is not None and data is self._text:
            self._untouched = min(self._tail, len(data) - end)
        return found


def _kept_ends(processor: LinkInlineProcessor) -> LinkInlineProcessor:
    """The same pattern, as a subclass of its own class that keeps closing brackets."""
    cls = type(f"Kept{type(processor).__name__}", (KeptEnds, type(processor)), {})
    return cls(processor.pattern, processor.md)  # type: ignore[no-any-return]


class LinearLinks(Extension):
    """Every link and image pattern of Python-Markdown, in linear time."""

    def extendMarkdown(self, md: Markdown) -> None:  # noqa: N802 - Python-Markdown's name
        for name in ("reference", "link", "image_link", "image_reference", "short_reference", "short_image_ref"):
            index = md.inlinePatterns.get_index_for_name(name)
            processor = md.inlinePatterns[index]
            priority = md.inlinePatterns._priority[index].priority
            md.inlinePatterns.register(_kept_ends(processor), name, priority)
