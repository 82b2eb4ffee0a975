"""What a file is, from its content: the name and the browser's word are not believed.

Evidence (佐证材料) comes from many offices' desktops and is opened again on others', so
only document and image formats are taken, and an office file that carries macros is not.
No Django here: `sniff(data)` is a pure function of the bytes.
"""

import io
import zipfile
from dataclasses import dataclass


@dataclass(frozen=True)
class FileType:
    mime: str
    extension: str
    label: str


PDF = FileType("application/pdf", ".pdf", "PDF")
PNG = FileType("image/png", ".png", "PNG 图片")
JPEG = FileType("image/jpeg", ".jpg", "JPEG 图片")
GIF = FileType("image/gif", ".gif", "GIF 图片")
WEBP = FileType("image/webp", ".webp", "WebP 图片")
DOCX = FileType(
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document", ".docx", "Word"
)
XLSX = FileType(
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", ".xlsx", "Excel"
)
PPTX = FileType(
    "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    ".pptx",
    "PowerPoint",
)
DOC = FileType("application/msword", ".doc", "Word 97-2003")
XLS = FileType("application/vnd.ms-excel", ".xls", "Excel 97-2003")
PPT = FileType("application/vnd.ms-powerpoint", ".ppt", "PowerPoint 97-2003")
OFD = FileType("application/ofd", ".ofd", "OFD 版式文档")
TEXT = FileType("text/plain", ".txt", "文本")

OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ZIP_MAGIC = b"PK\x03\x04"

# An OOXML package is told apart by its main part's folder.
_OOXML_FOLDERS = (("word/", DOCX), ("xl/", XLSX), ("ppt/", PPTX))
# A legacy Office file is an OLE2 container (as are .msi installers): tell them apart by
# the name of the main stream, stored in UTF-16LE in the container's directory.
_OLE2_STREAMS = (
    ("WordDocument", DOC),
    ("Workbook", XLS),
    ("Book", XLS),
    ("PowerPoint Document", PPT),
)
# Word keeps macros under Macros/VBA/, Excel under _VBA_PROJECT_CUR/VBA/: both hold a
# _VBA_PROJECT stream.
_MACRO_MARKERS = ("_VBA_PROJECT",)
# Only [Content_Types].xml is read out of a package; a larger one is not a document's.
_CONTENT_TYPES_MAX = 1024 * 1024


def sniff(data: bytes) -> FileType | None:
    """The type of `data` if it is one evidence may be, else None."""
    if not data:
        return None
    if data.startswith(b"%PDF-"):
        return PDF
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return PNG
    if data.startswith(b"\xff\xd8\xff"):
        return JPEG
    if data[:6] in (b"GIF87a", b"GIF89a"):
        return GIF
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return WEBP
    if data.startswith(ZIP_MAGIC):
        return _sniff_zip(data)
    if data.startswith(OLE2_MAGIC):
        return _sniff_ole2(data)
    if _is_text(data):
        return TEXT
    return None


def _sniff_zip(data: bytes) -> FileType | None:
    # Only the central directory and one small part are read: nothing is unpacked, so a
    # zip bomb costs nothing.
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            infos = {info.filename: info for info in archive.infolist()}
            if "OFD.xml" in infos:
                return OFD
            types = infos.get("[Content_Types].xml")
            if types is None or types.file_size > _CONTENT_TYPES_MAX:
                return None
            content_types = archive.read(types).decode("utf-8", "replace").lower()
    except (zipfile.BadZipFile, OSError, EOFError, RuntimeError, NotImplementedError):
        return None
    names = infos.keys()
    if "macroenabled" in content_types or any(n.lower().endswith("vbaproject.bin") for n in names):
        return None
    for folder, kind in _OOXML_FOLDERS:
        if any(name.startswith(folder) for name in names):
            return kind
    return None


def _sniff_ole2(data: bytes) -> FileType | None:
    if any(marker.encode("utf-16-le") in data for marker in _MACRO_MARKERS):
        return None
    for stream, kind in _OLE2_STREAMS:
        # The directory entry holds the name followed by a NUL character.
        if (stream + "\0").encode("utf-16-le") in data:
            return kind
    return None


def _is_text(data: bytes) -> bool:
    if b"\0" in data:
        return False
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        # Control characters other than tab, newline, carriage return and form feed do not
        # belong in a text a person wrote.
        return not any(ord(ch) < 32 and ch not in "\t\n\r\f" for ch in text)
    return False
