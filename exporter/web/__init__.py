"""Web pages in, pictures kept: saved pages and addresses as inputs, and an article's images.

=================  ===========================================================
``net.py``         fetching over HTTP(S): schemes, addresses, redirects,
                   deadline, size cap, user agent
``page.py``        a page's bytes to text (its charset), a page told from a
                   scraped text
``extract.py``     the article and metadata found by trafilatura; figures
                   marked in the page first
``credits.py``     a picture's credit told from its caption
``meta.py``        trafilatura's metadata merged with the cleaner's
``figures.py``     a figure as canonical Markdown writes it, and read back
``place.py``       figures lifted out before cleaning, put back after
``sources.py``     where an image may come from, and getting it
``images.py``      decoding and encoding again, with Pillow, within limits
``pictures.py``    figures to pictures (or their words), named in order
``article.py``     a page (a file's bytes, or fetched) to an article, and a
                   Markdown input's pictures
``options.py``     what the command line sets: images on or off, the
                   private network, the timeout
=================  ===========================================================

A page goes: bytes → text → trafilatura (Markdown and metadata) → figures
got and lifted out → the cleaner (``clean_text``, the same as for scraped
Markdown) → figures put back → metadata merged → one
:class:`~exporter.model.Article` whose ``images`` are its pictures. The
library never prints: what went wrong with an image is a warning line in
the result.
"""
