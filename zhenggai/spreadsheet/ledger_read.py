"""Reading a ledger workbook: the file inspected before it is parsed, then its cells.

A .xlsx is a zip: a 2 MB file may unpack to gigabytes, and openpyxl would hold it. So the
package is looked at first, from its directory alone (settings.IMPORT_MAX_*): total
unpacked size, compression ratio of each part, size of each sheet. Rows are counted as
they stream, cells are bounded in length, and a formula is never read as its cached
value (which may be empty or stale): it is a row error, like any other bad cell.
"""

import calendar
import datetime
import re
import zipfile
from dataclasses import dataclass

from django.conf import settings
from django.utils.translation import gettext as _
from openpyxl import load_workbook
from openpyxl.utils import get_column_letter
from openpyxl.utils.datetime import from_excel
from openpyxl.utils.exceptions import InvalidFileException

from zhenggai.spreadsheet import layout
from zhenggai.spreadsheet.layout import (
    CATEGORY,
    DEADLINE,
    HEADERS,
    KEY,
    LEAD,
    LEADER,
    MEASURE,
    PROBLEM,
    STATUS,
    UNITS,
)

REQUIRED = (KEY, CATEGORY, PROBLEM, MEASURE, LEAD, UNITS, LEADER, DEADLINE, STATUS)
# More parts than any workbook of one sheet has: a package of thousands is not a ledger.
MAX_PARTS = 1000
# Parts this small cannot hurt whatever their ratio (XML of repeated cells compresses well).
RATIO_FLOOR = 1024 * 1024


class ImportFailed(Exception):
    """The file as a whole cannot be read or applied; `message` is for the user."""

    def __init__(self, message):
        super().__init__(str(message))
        self.message = str(message)


def _unreadable():
    return ImportFailed(_("无法读取该文件,请上传由本系统导出或同样格式的 .xlsx 台账。"))


def _too_big(what):
    return ImportFailed(
        _(
            "该文件解压后{what}过大,不像一份台账,未导入任何内容。请只保留总台账一个工作表,或分批导入。"
        ).format(what=what)
    )


def check_package(source) -> None:
    """Refuse (ImportFailed) a workbook whose parts would unpack too large, or too
    much for their packed size, before anything is decompressed. `source`: a path or a
    binary file (left at its start)."""
    try:
        with zipfile.ZipFile(source) as archive:
            parts = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):
        raise _unreadable() from None
    finally:
        if hasattr(source, "seek"):
            source.seek(0)
    if len(parts) > MAX_PARTS:
        raise _too_big(_("文件数"))
    total = 0
    for part in parts:
        total += part.file_size
        # zipfile reads no more than a part's declared size, so these figures hold.
        if part.file_size > RATIO_FLOOR and (
            part.file_size > settings.IMPORT_MAX_RATIO * max(part.compress_size, 1)
        ):
            raise _too_big(_("压缩比"))
        if part.filename.startswith("xl/worksheets/") and (
            part.file_size > settings.IMPORT_MAX_SHEET_BYTES
        ):
            raise _too_big(_("工作表"))
    if total > settings.IMPORT_MAX_UNCOMPRESSED_BYTES:
        raise _too_big(_("总大小"))


# --- cells -----------------------------------------------------------------------------


class CellError(ValueError):
    pass


def text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


_YMD = re.compile(r"^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?\s*(?:之?前)?$")
_YM_END = re.compile(r"^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*月?\s*(?:底|末)?\s*(?:之?前)?$")
_Y_END = re.compile(r"^(\d{4})\s*年\s*(?:底|末)\s*(?:之?前)?$")


def parse_deadline(value):
    """完成时限 → ("date", date) | ("timeframe", Timeframe) | ("empty", None).

    Offices write dates many ways: 2018-10-31, 2018/10/31, 2018年10月31日, 2018年10月底前
    (the month's last day), 2018年底; or 立行立改 / 长期推进 instead of a date.
    """
    if value is None or (isinstance(value, str) and not value.strip()):
        return ("empty", None)
    if isinstance(value, datetime.datetime):
        return ("date", value.date())
    if isinstance(value, datetime.date):
        return ("date", value)
    if isinstance(value, int | float) and not isinstance(value, bool):
        try:
            return ("date", from_excel(value).date())
        except (ValueError, OverflowError, TypeError, AttributeError):
            raise CellError(value) from None
    raw = str(value).strip()
    if raw in layout.TIMEFRAME_WORDS:
        return ("timeframe", layout.TIMEFRAME_WORDS[raw])
    try:
        if m := _YMD.match(raw):
            return ("date", datetime.date(int(m[1]), int(m[2]), int(m[3])))
        if m := _YM_END.match(raw):
            year, month = int(m[1]), int(m[2])
            return ("date", datetime.date(year, month, calendar.monthrange(year, month)[1]))
        if m := _Y_END.match(raw):
            return ("date", datetime.date(int(m[1]), 12, 31))
    except (ValueError, calendar.IllegalMonthError):
        pass
    raise CellError(raw)


# --- the file --------------------------------------------------------------------------


@dataclass
class Sheet:
    identifier: str
    columns: dict[str, int]  # header → 0-based index
    # iterator of (row number, tuple of values, {0-based index: why the cell is refused})
    rows: object

    def letter(self, header) -> str:
        return get_column_letter(self.columns[header] + 1)


def _cell_value(cell, limit):
    """(value, problem): a formula or an overlong text is a problem, not a value."""
    if cell.data_type == "f" or type(cell.value).__name__ in ("ArrayFormula", "DataTableFormula"):
        return None, _("不能使用公式,请将该单元格复制后“粘贴为数值”再导入")
    value = cell.value
    if isinstance(value, str) and len(value) > limit:
        return None, _("内容过长(最多{n}字)").format(n=limit)
    return value, None


def read_sheet(source) -> Sheet:
    """Inspect the workbook (a path or a binary file), open it read-only and find its
    header row. Rows are read as the caller iterates."""
    check_package(source)
    try:
        # Formulas as formulas (not data_only): a cached value is not what the cell says.
        wb = load_workbook(source, read_only=True, data_only=False)
        sheet = wb["总台账"] if "总台账" in wb.sheetnames else wb.worksheets[0]
    except (InvalidFileException, zipfile.BadZipFile, KeyError, OSError, ValueError, IndexError):
        raise _unreadable() from None
    limit = settings.IMPORT_MAX_CELL_CHARS
    max_rows = settings.IMPORT_MAX_ROWS
    try:
        rows = sheet.iter_rows()
        header_row = 1
        header = [_cell_value(c, limit)[0] for c in next(rows, None) or ()]
        if header and text(header[0]) and not any(text(v) for v in header[1:]):
            # A title row (the export writes one): the header is the next row.
            header_row = 2
            header = [_cell_value(c, limit)[0] for c in next(rows, None) or ()]
    except (ValueError, KeyError, zipfile.BadZipFile, OSError):
        raise _unreadable() from None
    columns = {}
    for index, name in enumerate(header):
        name = re.sub(r"\s+", "", text(name))
        if name in HEADERS and name not in columns:
            columns[name] = index
    missing = [h for h in REQUIRED if h not in columns]
    if missing:
        raise ImportFailed(_("第1行须为表头,缺少列:{columns}。").format(columns="、".join(missing)))
    wanted = set(columns.values())

    def numbered():
        try:
            for number, cells in enumerate(rows, start=header_row + 1):
                if number > max_rows + header_row:
                    raise ImportFailed(
                        _("表格超过 {n} 行,未导入任何内容。请分批导入。").format(n=max_rows)
                    )
                values, problems = [], {}
                for index, cell in enumerate(cells):
                    value, problem = _cell_value(cell, limit)
                    values.append(value)
                    if problem and index in wanted:
                        problems[index] = problem
                if problems or any(text(v) for v in values):
                    yield number, tuple(values), problems
        except (ValueError, KeyError, zipfile.BadZipFile, OSError) as exc:
            if isinstance(exc, ImportFailed):
                raise
            raise _unreadable() from None

    return Sheet(wb.properties.identifier or "", columns, numbered())
