"""Building and copying the document's trees: the few helpers every part uses.

Every tree of the document is XHTML in ElementTree form. Text from the
input or the front matter is only ever set as element text or attribute
values, never pasted as markup, so each writer's serializer escapes it
where it is written.
"""

from __future__ import annotations

import copy
import xml.etree.ElementTree as ET

from ..render.tree import EPUB_TYPE, append_text


def element(parent: ET.Element | None, tag: str, text: str = "", **attrs: str) -> ET.Element:
    """A new element (a child of ``parent`` if given); ``class_`` → ``class``,
    ``aria_label`` → ``aria-label``, ``epub_type`` → ``epub:type``."""
    names = {k: EPUB_TYPE if k == "epub_type" else k.rstrip("_").replace("_", "-") for k in attrs}
    made = ET.Element(tag, {names[k]: v for k, v in attrs.items()})
    if parent is not None:
        parent.append(made)
    if text:
        made.text = text
    return made


def copied(tree: ET.Element) -> ET.Element:
    """A copy to change: the document's trees are shared and never changed."""
    return copy.deepcopy(tree)


def move_children(source: ET.Element, target: ET.Element) -> None:
    """``source``'s content (text and children) appended to ``target``'s."""
    append_text(target, source.text or "")
    target.extend(list(source))


def children_of(source: ET.Element, target: ET.Element) -> ET.Element:
    """``target`` holding a copy of ``source``'s content; ``target`` returned."""
    move_children(copied(source), target)
    return target


def without_epub_types(tree: ET.Element) -> ET.Element:
    """``tree`` (changed in place) with no ``epub:type`` attribute left: for
    HTML, where the ``role`` attributes beside them say the same."""
    for node in tree.iter():
        node.attrib.pop(EPUB_TYPE, None)
    return tree
