"""exporter: scraped web articles to canonical Markdown, EPUB 3 and PDF.

The pipeline, one module or package a stage::

    read.py  →  clean/  →  canonical.py  →  render/  →  compose/  →  backends/{epub,pdf,html}

``load.py`` reads and cleans one file; ``model.py`` holds the dataclasses
passed between stages, ``errors.py`` the errors the library raises, and the
``cli`` package is the only code that talks to the terminal.
"""

__version__ = "0.1.0"
