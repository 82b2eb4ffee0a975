"""Parser for published rectification progress reports (巡视/巡察整改进展情况).

Plain Python, no Django: read_document() turns a file into text, parse_text() turns text
into a Report, Report.to_dict() gives the JSON shape the rest of Zhenggai relies on.
"""

from __future__ import annotations

from .model import Closing, Contact, Declared, Inspection, Node, NotAReport, Report, Section
from .reader import read_document
from .structure import parse_text


def parse_file(path) -> Report:
    return parse_text(read_document(path))


__all__ = [
    "Closing",
    "Contact",
    "Declared",
    "Inspection",
    "Node",
    "NotAReport",
    "Report",
    "Section",
    "parse_file",
    "parse_text",
    "read_document",
]
