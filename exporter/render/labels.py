"""The words the book adds around the article, in the article's language.

Only the labels and month names we print; a language missing here falls
back to English labels and ISO dates rather than guessing.
"""

from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass, replace


@dataclass(frozen=True, slots=True)
class Labels:
    contents: str
    landmarks: str
    cover: str
    title_page: str
    notes: str
    about_author: str
    about_authors: str
    by: str
    """Before the byline: "by Jane Doe"."""
    and_: str
    """Between the last two names of a byline."""
    also_published_in: str
    original: str
    """Before the link to the source."""
    cover_alt: str
    """Alt text of the cover image, formatted with ``title`` and ``byline``."""
    edited_by: str
    """Before a reading packet's editor: "Edited by Sam Lee"."""
    introduction: str
    """The heading of a reading packet's introduction."""
    months: tuple[str, ...] = ()
    date_format: str = ""
    """``str.format`` pattern with ``day``, ``month`` and ``year``; empty for ISO."""


LABELS: dict[str, Labels] = {
    "en": Labels(
        contents="Contents",
        landmarks="Landmarks",
        cover="Cover",
        title_page="Title Page",
        notes="Notes",
        about_author="About the Author",
        about_authors="About the Authors",
        by="by",
        and_="and",
        also_published_in="Also published in",
        original="Originally published at",
        cover_alt="Cover: {title}{byline}",
        edited_by="Edited by",
        introduction="Introduction",
        months=(
            "January", "February", "March", "April", "May", "June", "July",
            "August", "September", "October", "November", "December",
        ),  # fmt: skip
        date_format="{month} {day}, {year}",
    ),
    "de": Labels(
        contents="Inhalt",
        landmarks="Orientierungspunkte",
        cover="Umschlag",
        title_page="Titelseite",
        notes="Anmerkungen",
        about_author="Über den Autor",
        about_authors="Über die Autoren",
        by="von",
        and_="und",
        also_published_in="Auch erschienen in",
        original="Zuerst erschienen unter",
        cover_alt="Umschlag: {title}{byline}",
        edited_by="Herausgegeben von",
        introduction="Einleitung",
        months=(
            "Januar", "Februar", "März", "April", "Mai", "Juni", "Juli",
            "August", "September", "Oktober", "November", "Dezember",
        ),  # fmt: skip
        date_format="{day}. {month} {year}",
    ),
    "es": Labels(
        contents="Índice",
        landmarks="Puntos de referencia",
        cover="Cubierta",
        title_page="Portada",
        notes="Notas",
        about_author="Sobre el autor",
        about_authors="Sobre los autores",
        by="por",
        and_="y",
        also_published_in="Publicado también en",
        original="Publicado originalmente en",
        cover_alt="Cubierta: {title}{byline}",
        edited_by="Edición de",
        introduction="Introducción",
        months=(
            "enero", "febrero", "marzo", "abril", "mayo", "junio", "julio",
            "agosto", "septiembre", "octubre", "noviembre", "diciembre",
        ),  # fmt: skip
        date_format="{day} de {month} de {year}",
    ),
    "fr": Labels(
        contents="Table des matières",
        landmarks="Repères",
        cover="Couverture",
        title_page="Page de titre",
        notes="Notes",
        about_author="À propos de l’auteur",
        about_authors="À propos des auteurs",
        by="par",
        and_="et",
        also_published_in="Également publié dans",
        original="Publié à l’origine sur",
        cover_alt="Couverture : {title}{byline}",
        edited_by="Sous la direction de",
        introduction="Introduction",
        months=(
            "janvier", "février", "mars", "avril", "mai", "juin", "juillet",
            "août", "septembre", "octobre", "novembre", "décembre",
        ),  # fmt: skip
        date_format="{day} {month} {year}",
    ),
}


def labels_for(lang: str) -> Labels:
    """Labels for a BCP 47 tag by its primary language ("en-GB" → "en")."""
    found = LABELS.get(lang.split("-")[0].lower())
    # English words read better than none, but an English date order would mislead.
    return found or replace(LABELS["en"], months=(), date_format="")


def date_in_words(iso: str, labels: Labels) -> str:
    """``2025-04-01`` → ``April 1, 2025``; anything unparseable comes back as it was."""
    try:
        date = _dt.date.fromisoformat(iso)
    except ValueError:
        return iso
    if not labels.date_format:
        return iso
    month = labels.months[date.month - 1]
    return labels.date_format.format(day=date.day, month=month, year=date.year)


def join_names(names: tuple[str, ...], labels: Labels) -> str:
    """``("A", "B", "C")`` → ``A, B and C``."""
    if len(names) <= 1:
        return "".join(names)
    return f"{', '.join(names[:-1])} {labels.and_} {names[-1]}"
