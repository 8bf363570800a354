"""Which parts of an .xlsx are XML, in what encoding, and their text as UTF-8 for the guard's checks.

Excel writes most parts as UTF-8 XML, but not all: Power Query keeps its data in a UTF-16 part
under customXml/, and add-ins store binary parts (customProperty1.bin). The guard checks XML as
XML, in whatever encoding it is written (a byte order mark, the pattern of its first bytes, or
the encoding its declaration names, as XML 1.0 appendix F describes), and only XML: a part is
binary when its content type, its extension and its first bytes all say it is not XML.
"""

from __future__ import annotations

import codecs
import re

XML_EXTENSIONS = (".xml", ".rels", ".vml")
_BOMS = (  # UTF-32 first: its little-endian mark starts with UTF-16's
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
_PATTERNS = (  # no mark: the first '<' (or '<?') in each encoding without ASCII's byte layout
    (b"\x00\x00\x00<", "utf-32-be"),
    (b"<\x00\x00\x00", "utf-32-le"),
    (b"\x00<", "utf-16-be"),
    (b"<\x00", "utf-16-le"),
)
_DECLARED = re.compile(rb"""\s*<\?xml[^>]*?\sencoding\s*=\s*["']([A-Za-z][\w.:-]*)["']""")
_ELEMENT = re.compile(rb"<(?:[\w.-]+:)?(Default|Override)\s([^>]*)>")
_ATTRIBUTE = re.compile(rb"""([\w.:-]+)\s*=\s*(?:"([^"]*)"|'([^']*)')""")


def encoding(head: bytes) -> str | None:
    """The codec a part's first bytes say it is written in; None when they name none Python knows."""
    for mark, codec in _BOMS:
        if head.startswith(mark):
            return codec
    for start, codec in _PATTERNS:
        if head.startswith(start):
            return codec
    declared = _DECLARED.match(head)
    if declared is None:
        return "utf-8"
    try:
        codec = codecs.lookup(declared[1].decode("ascii")).name
    except LookupError:
        return None
    # with ASCII's byte layout, a declaration naming UTF-16 (say) is false and no parser reads the part
    return codec if "<?xml".encode(codec, "replace") == b"<?xml" else None


def looks_like_xml(head: bytes) -> bool:
    """Whether the first bytes of a part are those of an XML document: '<' first, after a mark or spaces."""
    text = head[:256].decode(encoding(head) or "latin-1", "replace")
    return text.lstrip(" \t\r\n\ufeff").startswith("<")


class Utf8:
    """A part's chunks as UTF-8, whatever its encoding: what the checks for declarations search."""

    def __init__(self, head: bytes) -> None:
        codec = encoding(head)
        self.decoder = None if codec in (None, "utf-8") else codecs.getincrementaldecoder(codec)("replace")

    def __call__(self, chunk: bytes, final: bool = False) -> bytes:
        if self.decoder is None:  # UTF-8, or an encoding Python lacks: searched as its bytes
            return chunk
        return self.decoder.decode(chunk, final).encode("utf-8", "replace")


class ContentTypes:
    """[Content_Types].xml: each part's declared type, by its name or else by its extension."""

    def __init__(self, xml: bytes) -> None:
        self.defaults: dict[str, str] = {}
        self.overrides: dict[str, str] = {}
        for kind, attributes in _ELEMENT.findall(xml):
            got = {k.decode("ascii"): (a or b).decode("utf-8", "replace") for k, a, b in _ATTRIBUTE.findall(attributes)}
            key = got.get("Extension" if kind == b"Default" else "PartName", "").lstrip("/").casefold()
            (self.defaults if kind == b"Default" else self.overrides)[key] = got.get("ContentType", "")

    def of(self, part: str) -> str:
        name = part.casefold()
        return self.overrides.get(name) or self.defaults.get(name.rsplit(".", 1)[-1] if "." in name else "", "")

    def xml(self, part: str) -> bool:
        """Whether the part's declared type or its extension says it is XML."""
        declared = self.of(part)
        return (
            declared.endswith("+xml")
            or declared in ("application/xml", "text/xml")
            or part.casefold().endswith(XML_EXTENSIONS)
        )
