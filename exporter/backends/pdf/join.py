"""Join PDFs laid out separately into one tagged PDF, and stamp folios on its pages.

A packet laid out in parts (``parts.py``) comes back as one PDF per part,
each a complete tagged document of its own. Joining them takes more than
appending pages, because a PDF keeps document-wide tables that point into
its pages:

``/StructTreeRoot``   the tags. Each part's top ``Document`` element's
                      children move under the first part's, and the
                      ``/ParentTree`` keys (from a page's ``/StructParents``
                      and a link's ``/StructParent``) are shifted past the
                      keys already used, so they stay unique.
``/Names /Dests``     named destinations, which internal links (notes,
                      contents) go to. Names are unique across a packet
                      (articles' ids are prefixed), so the trees are merged
                      and sorted, as a name tree must be.
``/Outlines``         bookmarks: each part's top-level items are chained on.

The first part's catalog (language, metadata, viewer preferences) and
document information stay: every part is made with the packet's own. The
front matter comes last (:func:`prepend`), since its contents need the
page numbers of the rest. qpdf (through pikepdf) copies the objects, keeping every
reference to a page pointed at the page's copy.

Folios (page numbers) are stamped last: page *i* of the folio PDF, which
holds nothing but its number, is drawn over page *i* as a form XObject,
marked as a pagination artifact so that the tags still cover all content.
"""

from __future__ import annotations

import io
import warnings
from collections.abc import Sequence
from dataclasses import dataclass

import pikepdf
from pikepdf import Array, Dictionary, Name, Pdf

FOLIO = Name("/ExporterFolio")
"""The name a stamped folio is drawn under, in its page's resources."""


def open_pdf(data: bytes) -> Pdf:
    return pikepdf.open(io.BytesIO(data))


def _document_element(pdf: Pdf) -> pikepdf.Object:
    """The part's top ``/Document`` structure element."""
    kids = pdf.Root.StructTreeRoot.K
    return kids[0] if isinstance(kids, Array) else kids


def _nums(pdf: Pdf) -> list[tuple[int, pikepdf.Object]]:
    """The ``/ParentTree`` entries: WeasyPrint writes them as one flat ``/Nums`` array."""
    flat = pdf.Root.StructTreeRoot.ParentTree.Nums
    return [(int(flat[i]), flat[i + 1]) for i in range(0, len(flat), 2)]


def _dests(pdf: Pdf) -> dict[str, pikepdf.Object]:
    names = pdf.Root.get("/Names")
    if names is None or "/Dests" not in names:
        return {}
    flat = names.Dests.get("/Names", Array())
    return {str(flat[i]): flat[i + 1] for i in range(0, len(flat), 2)}


def _outline_items(pdf: Pdf) -> list[pikepdf.Object]:
    outlines = pdf.Root.get("/Outlines")
    items = []
    item = outlines.get("/First") if outlines is not None else None
    while item is not None:
        items.append(item)
        item = item.get("/Next")
    return items


def _copy(out: Pdf, obj: pikepdf.Object) -> pikepdf.Object:
    """``obj`` of another PDF, copied into ``out``: indirect objects through qpdf
    (which maps references to pages already copied onto their copies), direct
    arrays and dictionaries item by item, since qpdf copies only indirect ones."""
    if not isinstance(obj, pikepdf.Object):
        return obj  # numbers, names and strings come back as Python values
    if obj.is_indirect:
        return out.copy_foreign(obj)
    if isinstance(obj, Array):
        return Array([_copy(out, item) for item in obj])
    if isinstance(obj, Dictionary):
        return Dictionary({key: _copy(out, value) for key, value in obj.items()})
    return obj


def _blank_like(pdf: Pdf, page: pikepdf.Page) -> pikepdf.Object:
    """An empty page with ``page``'s boxes (for ``--duplex`` padding)."""
    blank = pikepdf.Page(Dictionary(Type=Name.Page, Resources=Dictionary()))
    for box in ("/MediaBox", "/BleedBox", "/TrimBox", "/CropBox", "/ArtBox"):
        if box in page.obj:
            blank.obj[box] = page.obj[box]
    return pdf.make_indirect(blank.obj)


def _shift_struct_parents(page: pikepdf.Page, offset: int) -> None:
    if "/StructParents" in page.obj:
        page.obj.StructParents = int(page.obj.StructParents) + offset
    for annot in page.obj.get("/Annots", Array()):
        if "/StructParent" in annot:
            annot.StructParent = int(annot.StructParent) + offset


@dataclass(frozen=True, slots=True)
class _Taken:
    """What a PDF copied into another brings to the tables of the whole."""

    pages: int
    kids: list[pikepdf.Object]
    """Its top structure elements."""
    nums: list[tuple[int, pikepdf.Object]]
    dests: dict[str, pikepdf.Object]
    outline: list[pikepdf.Object]


def _take(out: Pdf, data: bytes, at: int, offset: int) -> _Taken:
    """Copy the pages of ``data`` into ``out`` at page index ``at``, their
    structure keys shifted by ``offset`` (past those ``out`` uses)."""
    source = open_pdf(data)
    with warnings.catch_warnings():
        # Named destinations are carried over here, with the tags.
        warnings.simplefilter("ignore", getattr(pikepdf, "PageCopyWarning", UserWarning))
        for number, page in enumerate(source.pages):
            out.pages.insert(at + number, page)
    for page in out.pages[at : at + len(source.pages)]:
        _shift_struct_parents(page, offset)
    return _Taken(
        pages=len(source.pages),
        kids=list(_copy(out, _document_element(source).K)),
        nums=[(key + offset, _copy(out, value)) for key, value in _nums(source)],
        dests={name: _copy(out, dest) for name, dest in _dests(source).items()},
        outline=[_copy(out, item) for item in _outline_items(source)],
    )


def _next_key(nums: list[tuple[int, pikepdf.Object]]) -> int:
    return max((key for key, _ in nums), default=-1) + 1


def _pad(out: Pdf, at: int) -> None:
    """A blank page at index ``at``, so that what follows starts on a right-hand page."""
    out.pages.insert(at, pikepdf.Page(_blank_like(out, out.pages[at - 1])))


def _adopt(document: pikepdf.Object, kids: list[pikepdf.Object]) -> list[pikepdf.Object]:
    for kid in kids:
        kid.P = document
    return kids


def join(parts: Sequence[bytes], pad_to_even: bool = False) -> Pdf:
    """``parts`` as one PDF, in order; with ``pad_to_even``, a blank page after
    every part but the last whose page count is odd, so the next starts on a
    right-hand page."""
    out = open_pdf(parts[0])
    document = _document_element(out)
    nums, dests, outline = _nums(out), _dests(out), _outline_items(out)
    for data in parts[1:]:
        if pad_to_even and len(out.pages) % 2:
            _pad(out, len(out.pages))
        taken = _take(out, data, len(out.pages), _next_key(nums))
        for kid in _adopt(document, taken.kids):
            document.K.append(kid)
        nums += taken.nums
        dests.update(taken.dests)
        outline += taken.outline
    _write_tables(out, nums, dests, outline)
    return out


def prepend(out: Pdf, data: bytes, pad_to_even: bool = False) -> None:
    """Put the pages of ``data`` (the front matter) before those of ``out``, a
    joined PDF; with ``pad_to_even``, a blank page after them if they are odd
    in number. ``out``'s own named destinations win over ``data``'s."""
    nums = _nums(out)
    taken = _take(out, data, 0, _next_key(nums))
    if pad_to_even and taken.pages % 2:
        _pad(out, taken.pages)
    document = _document_element(out)
    document.K = Array([*_adopt(document, taken.kids), *document.K])
    _write_tables(out, taken.nums + nums, taken.dests | _dests(out), taken.outline + _outline_items(out))


def _write_tables(out: Pdf, nums: list[tuple[int, pikepdf.Object]], dests: dict[str, pikepdf.Object],
                  outline: list[pikepdf.Object]) -> None:
    tree = out.Root.StructTreeRoot
    tree.ParentTree = out.make_indirect(Dictionary(Nums=Array([x for key, value in nums for x in (key, value)])))
    tree.ParentTreeNextKey = max((key for key, _ in nums), default=-1) + 1
    if dests:
        names = out.Root.get("/Names")
        if names is None:
            out.Root.Names = names = Dictionary()
        names.Dests = out.make_indirect(Dictionary(Names=Array([x for name in sorted(dests) for x in (name, dests[name])])))
    if outline:
        root = out.Root.get("/Outlines")
        if root is None:
            out.Root.Outlines = root = out.make_indirect(Dictionary(Type=Name.Outlines))
        for previous, item in zip([None, *outline], outline, strict=False):
            item.Parent = root
            if previous is None:
                if "/Prev" in item:
                    del item.Prev
            else:
                item.Prev = previous
                previous.Next = item
        if "/Next" in outline[-1]:
            del outline[-1].Next
        root.First, root.Last = outline[0], outline[-1]
        root.Count = len(outline)


def stamp_folios(pdf: Pdf, folios: Pdf, pages: Sequence[int]) -> None:
    """Draw page ``n`` of ``folios`` over page ``n`` of ``pdf`` for each ``n`` in ``pages``.

    Both come from the same page setup, so their boxes are the same and the
    folio lands where the page's own margin box would have put it.
    """
    for index in pages:
        form = pdf.copy_foreign(folios.pages[index].as_form_xobject())
        page = pdf.pages[index]
        # Pages share their resources with their neighbours (WeasyPrint
        # writes one dictionary for all): the folio goes into a copy of
        # this page's own, under a fixed name.
        resources = Dictionary(dict(page.obj.get("/Resources", Dictionary()).items()))
        xobjects = Dictionary(dict(resources.get("/XObject", Dictionary()).items()))
        xobjects[FOLIO] = form
        resources.XObject = xobjects
        page.obj.Resources = resources
        # The page's own content may leave its coordinate system changed
        # (WeasyPrint's starts by flipping the y axis): isolate it first.
        page.contents_add(pdf.make_stream(b"q\n"), prepend=True)
        page.contents_add(
            pdf.make_stream(b"Q\n/Artifact <</Type /Pagination /Subtype /Footer>> BDC\nq " + FOLIO.unparse() + b" Do Q\nEMC\n")
        )


def save(pdf: Pdf) -> bytes:
    """The PDF's bytes; the same objects always give the same bytes."""
    buffer = io.BytesIO()
    pdf.save(buffer, deterministic_id=True, compress_streams=True,
             object_stream_mode=pikepdf.ObjectStreamMode.generate)
    return buffer.getvalue()
