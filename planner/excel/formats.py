"""Files that are spreadsheets, but not in the one format the planner reads: each named, with the
steps that turn it into an Excel Workbook (.xlsx).

    ole_refusal(data, name)          an OLE compound file: .xls, an encrypted workbook, a Word file...
    package_refusal(parts, name)     a zip of another kind: .ods, .xlsb, a Word or PowerPoint file
    strict_refusal(head, name)       a Strict Open XML Spreadsheet, told by its workbook's namespace

The planner reads none of these itself (docs/excel.md says why): each message says what the file
is and the exact Save As step in Excel (and, for .ods, in LibreOffice).
"""

from __future__ import annotations

import struct

SAVE_AS = "open it in Excel and use File > Save As > Excel Workbook (.xlsx), then import the .xlsx file"
STRICT_NAMESPACE = b"http://purl.oclc.org/ooxml/spreadsheetml/main"
ODS = ("application/vnd.oasis.opendocument.spreadsheet", "application/vnd.oasis.opendocument.spreadsheet-template")
_STREAMS = ("Workbook", "Book", "EncryptedPackage", "WordDocument", "PowerPoint Document")
_ENTRY = 128  # an OLE directory entry; entries start on 128-byte boundaries of the file


def ole_streams(data: bytes) -> set[str]:
    """The names among _STREAMS of the streams an OLE compound file's directory lists.

    A directory entry is its name in UTF-16 (64 bytes, zero-filled), the name's length in bytes
    with its terminator, then its type (1 a storage, 2 a stream): such an entry at an entry
    boundary is found without following the file's allocation chains.
    """
    found = set()
    for stream in _STREAMS:
        name = (stream + "\0").encode("utf-16-le")
        at = data.find(name)
        while at >= 0 and stream not in found:
            if (
                at % _ENTRY == 0
                and len(data) >= at + 67
                and struct.unpack_from("<H", data, at + 64)[0] == len(name)
                and data[at + 66] in (1, 2)
            ):
                found.add(stream)
            at = data.find(name, at + 1)
    return found


def ole_refusal(data: bytes, name: str) -> str:
    streams = ole_streams(data)
    if "EncryptedPackage" in streams:
        return (
            f"{name}: is password-protected (encrypted), so it cannot be read; open it in Excel, remove the "
            f"password (File > Info > Protect Workbook > Encrypt with Password, clear the password, OK), "
            f"save it and import it again"
        )
    if streams & {"Workbook", "Book"}:
        return f"{name}: is an Excel 97-2003 workbook (.xls), an older format the planner does not read; {SAVE_AS}"
    if streams & {"WordDocument", "PowerPoint Document"}:
        kind = "Word document (.doc)" if "WordDocument" in streams else "PowerPoint presentation (.ppt)"
        return f"{name}: is a {kind}, not an Excel workbook"
    return (
        f"{name}: is encrypted (password-protected) or an old Excel 97-2003 file, not an .xlsx workbook; "
        f"remove any password and {SAVE_AS}"
    )


def package_refusal(parts: dict[str, bytes | None], name: str) -> str | None:
    """A zip that holds another kind of document. `parts`: part names (folded to lower case) to the
    first bytes of the part 'mimetype', where there is one, else None."""
    mimetype = (parts.get("mimetype") or b"").strip().decode("ascii", "replace")
    if mimetype in ODS:
        return (
            f"{name}: is an OpenDocument spreadsheet (.ods), not an Excel workbook. In LibreOffice Calc use "
            f"File > Save As, choose the file type 'Excel 2007-365 (.xlsx)' and keep that format when asked "
            f"(or open it in Excel and use File > Save As > Excel Workbook (.xlsx)), then import the .xlsx file"
        )
    if mimetype.startswith("application/vnd.oasis.opendocument."):
        return f"{name}: is an OpenDocument file of another kind ({mimetype}), not a spreadsheet"
    if "xl/workbook.bin" in parts:
        return f"{name}: is an Excel Binary Workbook (.xlsb), which the planner does not read; {SAVE_AS}"
    if "word/document.xml" in parts:
        return f"{name}: is a Word document (.docx), not an Excel workbook"
    if "ppt/presentation.xml" in parts:
        return f"{name}: is a PowerPoint presentation (.pptx), not an Excel workbook"
    return None


def strict_refusal(head: bytes, name: str) -> str | None:
    """The start of xl/workbook.xml (as UTF-8): a Strict Open XML workbook names the Strict namespace."""
    if STRICT_NAMESPACE not in head:
        return None
    return (
        f"{name}: is saved as a Strict Open XML Spreadsheet, a variant of .xlsx the planner does not read; "
        f"open it in Excel and use File > Save As > Excel Workbook (.xlsx) (not 'Strict Open XML "
        f"Spreadsheet'), then import the .xlsx file"
    )
