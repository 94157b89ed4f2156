"""The "About the author" section that follows an article."""

from __future__ import annotations

import xml.etree.ElementTree as ET

from .labels import Labels
from .xhtml import children_of, element


def bio_label(authors: int, labels: Labels) -> str:
    return labels.about_authors if authors > 1 else labels.about_author


def bio(rendered: ET.Element | None, authors: int, labels: Labels, section_id: str) -> ET.Element | None:
    """``<section class="bio">`` with its heading and the rendered bios; None without them."""
    if rendered is None:
        return None
    section = element(
        None, "section", class_="bio", id=section_id, epub_type="contributors", aria_labelledby=f"{section_id}-title"
    )
    element(section, "h2", bio_label(authors, labels), class_="bio-label", id=f"{section_id}-title")
    return children_of(rendered, section)
