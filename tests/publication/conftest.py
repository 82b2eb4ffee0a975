"""The seed imported as a ledger, and one account per kind of reader."""

import subprocess
from importlib import resources
from types import SimpleNamespace

import pytest

from reportparser import parse_text
from tests.conftest import make_unit, make_user
from zhenggai.accounts.models import Role
from zhenggai.inspections.importer import import_report
from zhenggai.publication.models import PublicReport

SEED = "liwan-2018.txt"


def seed_text() -> str:
    return resources.files("zhenggai").joinpath("seeds", SEED).read_text(encoding="utf-8")


@pytest.fixture
def people(db):
    unit = make_unit("测试专用单位甲")
    return SimpleNamespace(
        office=make_user("office-zhang", Role.OFFICE, display_name="张办事员"),
        leader=make_user("leader", Role.LEADER),
        discipline=make_user("discipline", Role.DISCIPLINE),
        observer=make_user("observer", Role.OBSERVER),
        liaison=make_user("liaison-wang", Role.LIAISON, unit, display_name="王联络员"),
        unit=unit,
    )


@pytest.fixture
def seeded(db):
    text = seed_text()
    summary = import_report(parse_text(text).to_dict(), filename=SEED, text=text)
    return summary.campaign


def publish_new(campaign, user) -> PublicReport:
    report = PublicReport.create_draft(campaign, user)
    report.publish(user)
    return report


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def pdf_text(data: bytes, tmp_path) -> str:
    """The text of a PDF, read by poppler's pdftotext (debian-packages.txt installs it;
    a machine without it fails here rather than passing quietly)."""
    path = tmp_path / "report.pdf"
    path.write_bytes(data)
    return subprocess.run(
        ["pdftotext", "-enc", "UTF-8", str(path), "-"],
        check=True,
        capture_output=True,
    ).stdout.decode("utf-8")


def flat(text: str) -> str:
    """Text without whitespace: PDF extraction breaks lines where the page did."""
    return "".join(text.split())
