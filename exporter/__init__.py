"""exporter: scraped web articles to canonical Markdown, EPUB 3 and PDF.

The pipeline, one module or package a stage::

    read.py  →  cleaner/  →  canonical.py  →  render/  →  compose/  →  backends/{epub,pdf,html}
    web/ (pages, addresses, pictures) ↗

``load.py`` reads and cleans one input (a file, a saved page, a web address); ``model.py`` holds the dataclasses
passed between stages, ``errors.py`` the errors the library raises, and the
``cli`` package is the only code that talks to the terminal.
"""

__version__ = "0.1.0"

from .api import Built, Loaded, Work, clean, export, load, to_epub, to_html, to_pdf, with_metadata
from .errors import ExitStatus, ExporterError, FrontMatterError, InputError, InternalError, OutputError
from .model import Article, Author, Metadata, Packet, Picture

__all__ = [
    "Article",
    "Author",
    "Built",
    "ExitStatus",
    "ExporterError",
    "FrontMatterError",
    "InputError",
    "InternalError",
    "Loaded",
    "Metadata",
    "OutputError",
    "Packet",
    "Picture",
    "Work",
    "__version__",
    "clean",
    "export",
    "load",
    "to_epub",
    "to_html",
    "to_pdf",
    "with_metadata",
]
