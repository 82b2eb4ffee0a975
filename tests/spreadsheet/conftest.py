"""The seed's ledger with a few units assigned, and one account per kind of reader.

区住房建设局 leads item (1) and shares (2) with 区城管局; 区教育局 leads (3).
"""

import datetime
import io
from types import SimpleNamespace

import pytest
from openpyxl import Workbook, load_workbook

from reportparser import parse_text
from tests.conftest import make_unit, make_user
from zhenggai.accounts.models import Role
from zhenggai.inspections.importer import import_report
from zhenggai.inspections.management.commands.demo import seed_text
from zhenggai.spreadsheet.layout import HEADERS
from zhenggai.tasks.models import Task, Timeframe


def by_label(campaign, label):
    return Task.objects.get(finding__campaign=campaign, finding__label=label)


@pytest.fixture
def seed(db):
    text = seed_text()
    campaign = import_report(parse_text(text).to_dict(), filename="seed.txt", text=text).campaign
    housing = make_unit("区住房建设局", aliases="住建局")
    city = make_unit("区城管局")
    education = make_unit("区教育局")
    t1, t2, t3 = (by_label(campaign, label) for label in ("(1)", "(2)", "(3)"))
    Task.objects.filter(pk=t1.pk).update(
        lead_unit=housing,
        leader="张副区长",
        deadline=datetime.date(2018, 10, 31),
        timeframe=Timeframe.DEADLINE,
    )
    t2.units.set([housing, city])
    Task.objects.filter(pk=t2.pk).update(lead_unit=city)
    Task.objects.filter(pk=t3.pk).update(lead_unit=education)
    return SimpleNamespace(
        campaign=campaign,
        housing=housing,
        city=city,
        education=education,
        office=make_user("office", Role.OFFICE),
        leader=make_user("leader", Role.LEADER),
        observer=make_user("observer", Role.OBSERVER),
        housing_liaison=make_user("ll-housing", Role.LIAISON, housing),
        education_liaison=make_user("ll-education", Role.LIAISON, education),
    )


def cells(data) -> list[list]:
    """The cell values of a workbook's table (bytes, path or file), row by row from the
    header: the export's title row above it is left out."""
    source = io.BytesIO(data) if isinstance(data, bytes) else data
    sheet = load_workbook(source, read_only=True).worksheets[0]
    rows = [list(row) for row in sheet.iter_rows(values_only=True)]
    if rows and rows[0][0] and not any(rows[0][1:]):
        rows = rows[1:]
    return rows


def workbook_bytes(rows, headers=HEADERS) -> bytes:
    wb = Workbook()
    sheet = wb.active
    sheet.append(list(headers))
    for row in rows:
        sheet.append(list(row))
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def save(tmp_path, data, name="ledger.xlsx"):
    path = tmp_path / name
    path.write_bytes(data)
    return path


def edited(rows, key, **changes) -> list[list]:
    """`rows` (with header) with the row whose 序号 is `key` changed, by header."""
    header = rows[0]
    out = [list(r) for r in rows]
    for row in out[1:]:
        if row[0] == key:
            for name, value in changes.items():
                row[header.index(name)] = value
    return out
