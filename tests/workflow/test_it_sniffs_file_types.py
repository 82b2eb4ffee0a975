"""filetypes.sniff: the content decides, never the name."""

import io
import zipfile

import docx
import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from zhenggai.reporting import filetypes
from zhenggai.reporting.filetypes import sniff


def _zip(files: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, content in files.items():
            archive.writestr(name, content)
    return buffer.getvalue()


OOXML_TYPES = (
    b'<?xml version="1.0"?><Types><Default Extension="xml" ContentType="application/xml"/></Types>'
)


def _word_document() -> bytes:
    buffer = io.BytesIO()
    document = docx.Document()
    document.add_paragraph("关于河涌整治工作的通报")
    document.save(buffer)
    return buffer.getvalue()


def _ole2(*streams: str) -> bytes:
    directory = b"".join((name + "\0").encode("utf-16-le").ljust(64, b"\0") for name in streams)
    return filetypes.OLE2_MAGIC + b"\0" * 504 + directory


@pytest.mark.parametrize(
    ("data", "kind"),
    [
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n", filetypes.PDF),
        (b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR", filetypes.PNG),
        (b"\xff\xd8\xff\xe0\0\x10JFIF\0", filetypes.JPEG),
        (b"GIF89a\x01\0\x01\0", filetypes.GIF),
        (b"RIFF\x24\0\0\0WEBPVP8 ", filetypes.WEBP),
        (_zip({"[Content_Types].xml": OOXML_TYPES, "xl/workbook.xml": b"<x/>"}), filetypes.XLSX),
        (
            _zip({"[Content_Types].xml": OOXML_TYPES, "ppt/presentation.xml": b"<p/>"}),
            filetypes.PPTX,
        ),
        (_zip({"OFD.xml": b"<ofd:OFD/>", "Doc_0/Document.xml": b"<d/>"}), filetypes.OFD),
        (_ole2("Root Entry", "WordDocument", "1Table"), filetypes.DOC),
        (_ole2("Root Entry", "Workbook"), filetypes.XLS),
        (_ole2("Root Entry", "PowerPoint Document"), filetypes.PPT),
        ("荔湾区巡视整改进展情况\r\n一、…".encode(), filetypes.TEXT),
        ("\ufeff带BOM的文本".encode(), filetypes.TEXT),
        ("区河长办约谈了5名正处级干部".encode("gb18030"), filetypes.TEXT),
    ],
    ids=lambda v: v.mime if isinstance(v, filetypes.FileType) else None,
)
def test_it_recognises_allowed_types(data, kind):
    assert sniff(data) == kind


def test_it_recognises_a_real_word_document():
    assert sniff(_word_document()) == filetypes.DOCX


@pytest.mark.parametrize(
    "data",
    [
        pytest.param(b"", id="empty"),
        pytest.param(b"MZ\x90\0\x03\0\0\0\x04\0\0\0\xff\xff", id="windows-executable"),
        pytest.param(b"\x7fELF\x02\x01\x01\0", id="elf"),
        pytest.param(_zip({"evil.exe": b"MZ"}), id="plain-zip"),
        pytest.param(
            _zip({"[Content_Types].xml": OOXML_TYPES, "evil.exe": b"MZ"}), id="zip-no-part"
        ),
        pytest.param(
            _zip(
                {
                    "[Content_Types].xml": OOXML_TYPES.replace(
                        b"application/xml",
                        b"application/vnd.ms-word.document.macroEnabled.main+xml",
                    ),
                    "word/document.xml": b"<w/>",
                }
            ),
            id="docm",
        ),
        pytest.param(
            _zip({"[Content_Types].xml": OOXML_TYPES, "xl/vbaProject.bin": b"\0", "xl/a.xml": b""}),
            id="xlsx-with-vba",
        ),
        pytest.param(_ole2("Root Entry", "WordDocument", "_VBA_PROJECT"), id="doc-with-macros"),
        pytest.param(_ole2("Root Entry", "SummaryInformation"), id="msi-or-other-ole2"),
        pytest.param(b"PK\x03\x04truncated", id="broken-zip"),
        pytest.param(b"text with a \x1b[31m terminal escape", id="control-chars"),
        pytest.param(b"\xff\xfe\x00\x00", id="utf32-bom"),
    ],
)
def test_it_refuses_everything_else(data):
    assert sniff(data) is None


@given(st.binary(max_size=512))
def test_it_never_raises(data):
    assert sniff(data) is None or isinstance(sniff(data), filetypes.FileType)


@given(st.text(alphabet=st.characters(blacklist_categories=["Cc", "Cs"]), min_size=1))
def test_it_takes_any_printable_text(text):
    assume(not text.startswith(("%PDF-", "GIF8", "RIFF")))
    assert sniff(text.encode()) == filetypes.TEXT
