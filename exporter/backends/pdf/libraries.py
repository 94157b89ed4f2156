"""WeasyPrint imported with its C libraries found in the linker's cache.

WeasyPrint opens each C library it needs (GObject, Pango, HarfBuzz,
fontconfig) by trying its names for every platform in turn, and cffi hands
each name to ``ctypes.util.find_library``. On Linux that asks the linker's
cache (``ldconfig -p``) and, for a name the cache does not know, compiles
and links an empty program with ``gcc`` and ``ld`` to look further. The
names meant for Windows and macOS all miss, so importing WeasyPrint ran the
compiler and the linker sixteen times: about 0.15 s of every PDF built, a
sixth of a one-article handout (``bench/packet_bench.py``).

While WeasyPrint is imported here, a name is looked up in the linker's cache
alone. Where that could find less than the full search, the import is the
ordinary one: when ``LD_LIBRARY_PATH`` names libraries the cache does not
list, off Linux, or when WeasyPrint cannot load a library from the cache.
"""

from __future__ import annotations

import contextlib
import ctypes.util
import io
import os
import sys


def import_weasyprint() -> None:
    """Import WeasyPrint, once per process, its libraries found as above."""
    if "weasyprint" in sys.modules:
        return
    cached = getattr(ctypes.util, "_findSoname_ldconfig", None)  # the cache's half of find_library
    if cached is not None and sys.platform.startswith("linux") and not os.environ.get("LD_LIBRARY_PATH"):
        search = ctypes.util.find_library
        ctypes.util.find_library = cached
        try:
            # A library missing from the cache makes WeasyPrint print its
            # installation help before it fails: not for this first try.
            with contextlib.redirect_stdout(io.StringIO()):
                import weasyprint  # noqa: F401
        except OSError:
            pass  # the modules that failed are gone from sys.modules: import again, searching fully
        finally:
            ctypes.util.find_library = search
    import weasyprint  # noqa: F401, F811
