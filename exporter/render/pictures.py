"""Images in the rendered body: the article's own pictures, and nothing else.

The sanitizer lets ``<img src alt>`` through; this step then keeps an image
only when its ``src`` names one of the article's pictures (``Article.images``,
each decoded and encoded again by us), by exactly the reference the body
uses. Any other image, a remote address, a local path, a data address, goes,
leaving nothing behind (raw HTML in a scraped text never loaded anything and
still does not). A kept image's ``src`` becomes the picture's own name
(``img-01.jpg``), which each writer turns into its own reference (a file in
the e-book, the fetcher's map for the PDF, a data address in the page); it
gets its ``width`` and ``height``, and an ``alt`` (empty when it has none).

An image alone in a paragraph becomes a ``<figure>``; a ``<figure>`` whose
image is gone keeps its caption's words as a paragraph.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Sequence

from ..model import Picture
from .tree import append_text


def _remove(parent: ET.Element, child: ET.Element) -> None:
    """Remove ``child``, keeping the text that followed it."""
    index = list(parent).index(child)
    tail = child.tail or ""
    parent.remove(child)
    if index == 0:
        parent.text = (parent.text or "") + tail
    else:
        previous = parent[index - 1]
        previous.tail = (previous.tail or "") + tail


def _alone(paragraph: ET.Element) -> bool:
    """A paragraph holding one image and no words."""
    return (
        len(paragraph) == 1
        and paragraph[0].tag == "img"
        and not (paragraph.text or "").strip()
        and not (paragraph[0].tail or "").strip()
    )


def place_pictures(root: ET.Element, pictures: Sequence[Picture]) -> None:
    """Keep the images of ``root`` that name one of ``pictures`` (see the module); in place."""
    by_src = {picture.src: picture for picture in pictures}
    emptied: set[int] = set()
    """Ids of the elements an image was taken out of."""
    for parent in list(root.iter()):
        for child in list(parent):
            if child.tag != "img":
                continue
            picture = by_src.get(child.get("src", ""))
            if picture is None:
                _remove(parent, child)
                emptied.add(id(parent))
                continue
            alt = child.get("alt", "")
            child.attrib.clear()
            child.set("src", picture.name)
            child.set("alt", alt)
            child.set("width", str(picture.width))
            child.set("height", str(picture.height))
    changes: list[tuple[ET.Element, ET.Element, ET.Element | None]] = []
    for parent in root.iter():
        for child in parent:
            if child.tag == "p" and _alone(child):
                figure = ET.Element("figure", {"class": "picture"})
                figure.append(child[0])
                changes.append((parent, child, figure))
            elif child.tag == "figure" and child.find("img") is not None:
                child.set("class", "picture")
            elif child.tag == "p" and id(child) in emptied and not len(child) and not (child.text or "").strip():
                changes.append((parent, child, None))  # it held only images that went
            elif child.tag == "figure" and id(child) in emptied:
                paragraph = ET.Element("p")
                for caption in child.iter("figcaption"):
                    append_text(paragraph, caption.text or "")
                    paragraph.extend(list(caption))
                keep = len(paragraph) or (paragraph.text or "").strip()
                changes.append((parent, child, paragraph if keep else None))
    for parent, child, replacement in changes:
        if replacement is None:
            _remove(parent, child)
            continue
        replacement.tail = child.tail
        parent[list(parent).index(child)] = replacement
