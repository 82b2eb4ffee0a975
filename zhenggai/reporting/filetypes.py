"""What a file is, from its content: the name and the browser's word are not believed.

Evidence (佐证材料) comes from many offices' desktops and is opened again on others', so
only document and image formats are taken, and an office file that carries macros is not.
The name must agree with the content (a PDF called 通报.html is refused: it would open in a
browser on a double-click), and nothing may carry web page or script markup, whatever it
is otherwise (a PDF that is also an HTML page, an SVG, an .hta).
No Django here: `sniff(data)` and `classify(data, name)` are pure functions.
"""

import io
import re
import unicodedata
import zipfile
from dataclasses import dataclass, field
from urllib.parse import quote


@dataclass(frozen=True)
class FileType:
    mime: str
    extension: str
    label: str
    # Other names of the same format: .jpeg, and the Chinese office suite's .wps / .et,
    # which are Word and Excel files under another name.
    aliases: tuple[str, ...] = field(default=())

    @property
    def extensions(self) -> tuple[str, ...]:
        return (self.extension, *self.aliases)


PDF = FileType("application/pdf", ".pdf", "PDF")
PNG = FileType("image/png", ".png", "PNG 图片")
JPEG = FileType("image/jpeg", ".jpg", "JPEG 图片", (".jpeg",))
GIF = FileType("image/gif", ".gif", "GIF 图片")
WEBP = FileType("image/webp", ".webp", "WebP 图片")
DOCX = FileType(
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ".docx",
    "Word",
    (".wps",),
)
XLSX = FileType(
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", ".xlsx", "Excel", (".et",)
)
PPTX = FileType(
    "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    ".pptx",
    "PowerPoint",
)
DOC = FileType("application/msword", ".doc", "Word 97-2003", (".wps",))
XLS = FileType("application/vnd.ms-excel", ".xls", "Excel 97-2003", (".et",))
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


ALLOWED = (PDF, PNG, JPEG, GIF, WEBP, DOCX, XLSX, PPTX, DOC, XLS, PPT, OFD, TEXT)
# What a download may be labelled as: nothing a browser would render as a page.
ALLOWED_MIMES = frozenset(kind.mime for kind in ALLOWED)
OCTET_STREAM = "application/octet-stream"

# Markup a browser would run: in a text file, or anywhere in the bytes of another format
# (a polyglot — a PDF or an image that is also a web page). Compressed parts of a
# document cannot match by more than chance (one in 2**40 per position for the shortest).
_ACTIVE = re.compile(
    rb"<\s*(?:html|script|svg|iframe|frame|frameset|body|head|meta|object|embed|applet"
    rb"|form|link|style|base|img|video|audio|hta:application|xml-stylesheet)\b"
    rb"|<!doctype\s+html|<\?xml-stylesheet|javascript\s*:",
    re.IGNORECASE,
)
# PDF actions that run code or programs when the file is opened.
_PDF_ACTIVE = re.compile(rb"/(?:JavaScript|JS|Launch|EmbeddedFile|RichMedia)\b")


class Refused(ValueError):
    """Why a file is not taken. `reason`: "type" (not an allowed format, or macros),
    "active" (carries markup or code), "name" (the name's extension is not that of what
    the content is); `kind`: the detected type, if any."""

    def __init__(self, reason: str, kind: FileType | None = None, extension: str = ""):
        super().__init__(reason)
        self.reason, self.kind, self.extension = reason, kind, extension


def extension_of(name: str) -> str:
    """The name's extension, lower case with its dot ("" when it has none)."""
    base = (name or "").rsplit("/", 1)[-1].rsplit("\\", 1)[-1]
    stem, dot, ext = base.rpartition(".")
    return f".{ext.lower()}" if dot and stem and ext else ""


def classify(data: bytes, name: str) -> FileType:
    """The allowed type of a file called `name` with content `data`, or Refused."""
    kind = sniff(data)
    if kind is None:
        raise Refused("type")
    if _ACTIVE.search(data) or (kind is PDF and _PDF_ACTIVE.search(data)):
        raise Refused("active", kind)
    extension = extension_of(name)
    # No extension at all runs nothing: the stored and served name gets the type's own.
    if extension and extension not in kind.extensions:
        raise Refused("name", kind, extension)
    return kind


_UNSAFE_NAME = re.compile(r"[\x00-\x1f\x7f-\x9f/\\:*?\"<>|]+")


def clean_name(name: str, kind: FileType, limit: int = 255) -> str:
    """The uploader's name as a label: no path, no control or reserved characters, at
    most `limit` characters, ending with an extension of `kind`."""
    base = (name or "").replace("\\", "/").rsplit("/", 1)[-1]
    base = _UNSAFE_NAME.sub("_", base).strip(" .")
    extension = extension_of(base)
    if extension in kind.extensions:
        stem = base[: -len(extension)]
    else:
        stem, extension = base, kind.extension
    stem = stem[: max(1, limit - len(extension))].strip(" .") or "file"
    return stem + extension


def download_type(mime: str) -> str:
    """The Content-Type to serve a stored file with: its own if allowed, else bytes."""
    return mime if mime in ALLOWED_MIMES else OCTET_STREAM


def download_name(name: str, mime: str) -> str:
    """The name to offer: the stored label, its extension forced to the type's."""
    kind = next((k for k in ALLOWED if k.mime == mime), None)
    if kind is None:
        return clean_name(name, FileType(OCTET_STREAM, ".bin", ""))
    return clean_name(name, kind)


def content_disposition(name: str) -> str:
    """`attachment` with a plain ASCII name for old clients and the UTF-8 name (RFC 5987
    / 6266 filename*) for the rest: 整改通报.pdf → filename="file.pdf"; filename*=…"""
    extension = extension_of(name)
    stem = name[: -len(extension)] if extension else name
    ascii_stem = unicodedata.normalize("NFKD", stem).encode("ascii", "ignore").decode()
    ascii_stem = re.sub(r"[^A-Za-z0-9._-]+", "_", ascii_stem).strip("._") or "file"
    ascii_ext = re.sub(r"[^a-z0-9.]", "", extension)
    fallback = ascii_stem[:100] + ascii_ext
    return f"attachment; filename=\"{fallback}\"; filename*=UTF-8''{quote(name, safe='')}"
