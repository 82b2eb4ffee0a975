"""The exported 总台账 prints: A3 landscape, every column on one page width, the header
on every page; it carries a title, validation lists and its properties; and LibreOffice
(headless, as an office without Excel would) prints it so."""

import re
import shutil
import subprocess

from openpyxl import load_workbook

from tests.spreadsheet._export import export_bytes
from tests.spreadsheet.conftest import save
from zhenggai.spreadsheet.layout import HEADERS

A3_LANDSCAPE = (1190.55, 841.89)  # points


def test_it_sets_up_the_title_validation_and_printing(seed, tmp_path):
    path = save(tmp_path, export_bytes(seed.campaign))
    wb = load_workbook(path)
    sheet = wb["总台账"]
    assert sheet["A1"].value.startswith(seed.campaign.name) and "年" in sheet["A1"].value
    assert [c.value for c in sheet[2]] == list(HEADERS)
    setup = sheet.page_setup
    assert (setup.orientation, str(setup.paperSize)) == ("landscape", "8")  # 8: A3
    assert (setup.fitToWidth, setup.fitToHeight) == (1, 0)
    assert sheet.sheet_properties.pageSetUpPr.fitToPage
    assert sheet.print_title_rows == "$2:$2"
    validations = {
        sheet.cell(row=2, column=min(r.min_col for r in dv.sqref.ranges)).value: dv
        for dv in sheet.data_validations.dataValidation
    }
    assert set(validations) == {"整改状态", "牵头单位", "完成时限"}
    choices = wb["选项"]
    assert choices.sheet_state == "hidden"
    listed = {c.value for row in choices.iter_rows() for c in row if c.value}
    assert {"已完成整改", "正在整改", "区住房建设局", "立行立改", "长期推进"} <= listed
    assert wb.properties.title.startswith(seed.campaign.name)
    assert wb.properties.creator and wb.properties.subject


def test_libreoffice_prints_it_on_a3_landscape_with_all_columns(seed, tmp_path):
    # make system-deps installs LibreOffice (debian-packages.txt): without it this fails
    # rather than passing quietly.
    assert shutil.which("soffice"), "apt-get install libreoffice-calc"
    path = save(tmp_path, export_bytes(seed.campaign), "ledger.xlsx")
    subprocess.run(
        [
            "soffice",
            f"-env:UserInstallation=file://{tmp_path}/lo",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(tmp_path),
            str(path),
        ],
        check=True,
        capture_output=True,
        timeout=240,
    )
    pdf = tmp_path / "ledger.pdf"
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, check=True).stdout.decode()
    width, height = (
        float(v) for v in re.search(r"Page size:\s+([\d.]+) x ([\d.]+)", info).groups()
    )
    assert abs(width - A3_LANDSCAPE[0]) < 2 and abs(height - A3_LANDSCAPE[1]) < 2
    pages = int(re.search(r"Pages:\s+(\d+)", info).group(1))
    assert pages >= 2
    for page in (1, 2):
        text = subprocess.run(
            ["pdftotext", "-f", str(page), "-l", str(page), "-layout", str(pdf), "-"],
            capture_output=True,
            check=True,
        ).stdout.decode()
        flat = "".join(text.split())
        # Every column on the page width, the header repeated on the second page.
        assert all(header in flat for header in HEADERS), (page, flat[:200])
    first = subprocess.run(
        ["pdftotext", "-f", "1", "-l", "1", str(pdf), "-"], capture_output=True, check=True
    ).stdout.decode()
    assert seed.campaign.name in "".join(first.split())
