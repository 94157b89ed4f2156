"""Join PDFs laid out separately into one tagged PDF, and stamp folios on its pages.

A packet laid out in parts (``parts.py``) comes back as one PDF per part,
each a complete tagged document of its own. Joining them takes more than
appending pages, because a PDF keeps document-wide tables that point into
its pages:

``/StructTreeRoot``   the tags. Each part's top ``Document`` element's
                      children move under the first part's (and the
                      running heads' elements, which name it as their
                      parent without being its children), and the
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

Folios (page numbers) are stamped last: each article page gets a form
XObject holding its number, set in the type of a reference page
(:class:`Folios`), marked as a pagination artifact so that the tags still
cover all content.
"""

from __future__ import annotations

import io
import warnings
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import pikepdf
from pikepdf import Array, Dictionary, Name, Pdf

from ..glyphs import cid_widths

FOLIO = Name("/ExporterFolio")
"""The prefix of the names of the resources a stamped folio uses, in its page's resources."""


def open_pdf(data: bytes) -> Pdf:
    return pikepdf.open(io.BytesIO(data))


def compact(data: bytes) -> bytes:
    """An uncompressed PDF with its streams compressed, and its objects in
    compressed object streams.

    WeasyPrint compresses at zlib's slowest level (9): that is about a sixth
    of the time a part takes to lay out and write, for files within 1% of
    the size qpdf's default level gives in a tenth of the time.
    """
    buffer = io.BytesIO()
    # A deterministic /ID: qpdf's default draws on the clock.
    open_pdf(data).save(buffer, deterministic_id=True, compress_streams=True,
                        object_stream_mode=pikepdf.ObjectStreamMode.generate)
    return buffer.getvalue()


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


def _copy(out: Pdf, obj: Any) -> Any:
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
    strays: list[pikepdf.Object]
    """Elements whose parent is its ``Document`` but which are none of its
    kids: WeasyPrint tags the running heads so, in the parent tree only."""
    nums: list[tuple[int, pikepdf.Object]]
    dests: dict[str, pikepdf.Object]
    outline: list[pikepdf.Object]


def _strays(pdf: Pdf) -> list[pikepdf.Object]:
    """The elements whose parent is the ``Document`` but which are not among
    its kids (see :class:`_Taken`), found up from the parent tree."""
    document = _document_element(pdf)
    seen = {document.objgen} | {kid.objgen for kid in document.K}
    found: list[pikepdf.Object] = []
    for _, value in _nums(pdf):
        for first in value if isinstance(value, Array) else (value,):
            element: pikepdf.Object | None = first
            while isinstance(element, Dictionary) and element.objgen not in seen:
                seen.add(element.objgen)
                parent = element.get("/P")
                if parent is not None and parent.objgen == document.objgen:
                    found.append(element)
                element = parent
    return found


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
        strays=[_copy(out, element) for element in _strays(source)],
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
        _adopt(document, taken.strays)
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
    _adopt(document, taken.strays)
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


DIGITS = "0123456789"
"""The folio a reference page is laid out with: every digit once."""


@dataclass(frozen=True, slots=True)
class Folios:
    """Any page number set as WeasyPrint set the digits of a reference page.

    Laying out a document of folios alone costs WeasyPrint about 3 ms a
    page. Instead one page is laid out whose folio is :data:`DIGITS`; its
    content stream is kept, and a folio is that stream with the digits'
    glyphs in place of the ten and the line moved to stay centred. The
    font, its subset (which holds every digit) and its ToUnicode map are the
    reference page's, so a folio reads as text. Charis's figures are set
    without kerning; a font that kerned them is refused (:func:`folios`).
    """

    source: Pdf
    instructions: tuple[pikepdf.ContentStreamInstruction | pikepdf.ContentStreamInlineImage, ...]
    moved: int
    """Index of the ``Tm`` instruction that places the line."""
    shown: int
    """Index of the ``TJ`` instruction that shows the digits."""
    glyphs: dict[str, bytes]
    """Each digit's two-byte glyph code (the font is ``Identity-H``)."""
    advances: dict[str, float]
    """Each digit's advance, in the units of the ``Tm`` matrix."""
    centre: float


def folios(data: bytes) -> Folios:
    """Read a one-page PDF whose folio is :data:`DIGITS` (``parts.py`` lays it out)."""
    source = open_pdf(data)
    page = source.pages[0]
    instructions = tuple(pikepdf.parse_content_stream(page))
    operators = [str(instruction.operator) for instruction in instructions]
    if operators.count("TJ") != 1 or operators.count("Tm") != 1 or operators.count("Tf") != 1:
        raise ValueError("the reference folio is not one line of text")
    moved, shown = operators.index("Tm"), operators.index("TJ")
    if moved > shown:
        raise ValueError("the reference folio shows its digits before placing them")
    name, size = instructions[operators.index("Tf")].operands
    shown_array = instructions[shown].operands[0]
    if any(not isinstance(item, pikepdf.String) and float(item) for item in shown_array):
        raise ValueError("the folio font kerns its digits")
    codes = b"".join(bytes(item) for item in shown_array if isinstance(item, pikepdf.String))
    if len(codes) != 2 * len(DIGITS):
        raise ValueError("the reference folio does not show each digit once")
    font = page.Resources.Font[str(name)].DescendantFonts[0]
    widths, default = cid_widths(font), float(font.get("/DW", 1000))
    glyphs = {digit: codes[2 * n : 2 * n + 2] for n, digit in enumerate(DIGITS)}
    advances = {d: float(widths.get(int.from_bytes(g, "big"), default)) * float(size) / 1000 for d, g in glyphs.items()}
    start = float(instructions[moved].operands[4])
    return Folios(source, instructions, moved, shown, glyphs, advances, start + sum(advances.values()) / 2)


_RESOURCES = {
    "Tf": Name.Font, "gs": Name.ExtGState, "cs": Name.ColorSpace, "CS": Name.ColorSpace,
    "scn": Name.Pattern, "SCN": Name.Pattern, "sh": Name.Shading, "Do": Name.XObject,
}  # fmt: skip
"""The operators that name a resource, and the kind they name."""


def _renamed(folios: Folios) -> tuple[list[pikepdf.ContentStreamInstruction], dict[Name, Dictionary]]:
    """The reference page's instructions with every resource they name
    renamed under :data:`FOLIO`, and those resources by kind, under their new names."""
    source = folios.source.pages[0].Resources
    instructions: list[pikepdf.ContentStreamInstruction] = []
    used: dict[Name, Dictionary] = {}
    for instruction in folios.instructions:
        if isinstance(instruction, pikepdf.ContentStreamInlineImage):
            raise ValueError("the reference folio draws an image")
        operator, operands = str(instruction.operator), list(instruction.operands)
        kind = _RESOURCES.get(operator)
        for index, operand in enumerate(operands):
            if kind is not None and isinstance(operand, Name) and operand in source.get(kind, Dictionary()):
                name = Name(str(FOLIO) + "-" + str(operand)[1:])
                used.setdefault(kind, Dictionary())[name] = source[kind][operand]
                operands[index] = name
        instructions.append(pikepdf.ContentStreamInstruction(operands, instruction.operator))
    return instructions, used


def _folio_stream(folios: Folios, line: Sequence[pikepdf.ContentStreamInstruction], number: int) -> bytes:
    """``line``, the reference page's instructions from its ``Tm`` to its
    ``TJ``, placing and showing folio ``number``."""
    digits = str(number)
    instructions = list(line)
    matrix: list[pikepdf.Object | float] = list(instructions[0].operands)
    matrix[4] = round(folios.centre - sum(folios.advances[d] for d in digits) / 2, 6)
    instructions[0] = pikepdf.ContentStreamInstruction(matrix, pikepdf.Operator("Tm"))
    shown = Array([pikepdf.String(b"".join(folios.glyphs[d] for d in digits))])
    instructions[-1] = pikepdf.ContentStreamInstruction([shown], pikepdf.Operator("TJ"))
    return pikepdf.unparse_content_stream(instructions)


def stamp_folios(pdf: Pdf, folios: Folios, pages: Sequence[int]) -> None:
    """Draw folio ``n + 1`` over page ``n`` of ``pdf`` for each ``n`` in ``pages``.

    The reference page has the same page setup, so its coordinates are the
    page's, and the folio lands where the page's own margin box would have
    put it. A folio is the reference page's content, in three streams: what
    comes before its ``Tm`` (the same on every page), the line itself, and
    what comes after (the same again); the resources they name are added to
    the page's under names of our own.
    """
    instructions, used = _renamed(folios)
    copied = {kind: Dictionary({name: _copy(pdf, value) for name, value in entries.items()})
              for kind, entries in used.items()}
    # The page's own content may leave its coordinate system changed
    # (WeasyPrint's starts by flipping the y axis): it is isolated first.
    # These streams are shared by every page.
    isolated = pdf.make_stream(b"q\n")
    opening = pdf.make_stream(
        b"Q\n/Artifact <</Type /Pagination /Subtype /Footer>> BDC\nq\n"
        + pikepdf.unparse_content_stream(instructions[: folios.moved]) + b"\n"
    )
    closing = pdf.make_stream(pikepdf.unparse_content_stream(instructions[folios.shown + 1 :]) + b"\nQ\nEMC\n")
    line = instructions[folios.moved : folios.shown + 1]
    for index in pages:
        page = pdf.pages[index]
        _add_resources(page, copied)
        page.contents_add(isolated, prepend=True)
        page.contents_add(opening)
        page.contents_add(pdf.make_stream(_folio_stream(folios, line, index + 1) + b"\n"))
        page.contents_add(closing)


ACROSS = "x-exporter-dest:"
"""The scheme of a link to a name that another part, laid out apart, holds:
WeasyPrint drops a link to a name its own document lacks, so such a link is
laid out as an address (``x-exporter-dest:note-12``), made internal by
:func:`link_across` once the parts are one PDF."""


def link_across(pdf: Pdf) -> None:
    """Each link to an :data:`ACROSS` address made a link to the name, as
    WeasyPrint writes an internal link (``/Dest``, and the name as its
    ``/Contents`` in a tagged PDF)."""
    for page in pdf.pages:
        for annot in page.obj.get("/Annots", Array()):
            action = annot.get("/A")
            address = str(action.get("/URI", "")) if isinstance(action, Dictionary) else ""
            if address.startswith(ACROSS):
                name = pikepdf.String(address[len(ACROSS) :])
                del annot.A
                annot.Dest = name
                if "/Contents" in annot:
                    annot.Contents = name


def overlay_folios(pdf: Pdf, data: bytes) -> None:
    """Draw each page of ``data``, a document of folios alone laid out with the
    same page setup, over the page of ``pdf`` with the same index.

    For folios no reference page can stand for (a handout's "Page 3 of 140"
    in the article's words): WeasyPrint sets them in a document of empty
    pages, and each page comes over as a form XObject, marked as a
    pagination artifact like :func:`stamp_folios`' folios.
    """
    folios = open_pdf(data)
    isolated = pdf.make_stream(b"q\n")
    for number, (page, folio) in enumerate(zip(pdf.pages, folios.pages, strict=True)):
        form = pdf.copy_foreign(folio.as_form_xobject())
        # Named by the page, not at random as pikepdf would: the same bytes every time.
        name = page.add_resource(form, Name.XObject, Name(f"{FOLIO}-{number}"))
        page.contents_add(isolated, prepend=True)
        drawn = b"Q\n/Artifact <</Type /Pagination /Subtype /Footer>> BDC\nq\n" + name.unparse() + b" Do\nQ\nEMC\n"
        page.contents_add(pdf.make_stream(drawn))


def _add_resources(page: pikepdf.Page, added: dict[Name, Dictionary]) -> None:
    """``added`` (resources by kind and name) among ``page``'s resources.

    Pages share their resources with their neighbours (WeasyPrint writes one
    dictionary for all): they are added there, under names no other page uses.
    """
    if "/Resources" not in page.obj:
        page.obj.Resources = Dictionary()
    resources = page.obj.Resources
    for kind, entries in added.items():
        if kind not in resources:
            resources[kind] = Dictionary()
        held = resources[kind]
        for name, value in entries.items():
            held[name] = value


def save(pdf: Pdf) -> bytes:
    """The PDF's bytes; the same objects always give the same bytes."""
    buffer = io.BytesIO()
    pdf.save(buffer, deterministic_id=True, compress_streams=True,
             object_stream_mode=pikepdf.ObjectStreamMode.generate)
    return buffer.getvalue()
