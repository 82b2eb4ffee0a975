"""导入整改方案 on the web: upload → preview → confirm, for the office only."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from tests.conftest import make_unit, make_user
from tests.reportparser._plans import LEADS, SHARED, document, seed_plan, table
from zhenggai.accounts.models import Role
from zhenggai.audit.models import AuditEntry
from zhenggai.inspections.models import Campaign
from zhenggai.tasks.models import Task

pytestmark = pytest.mark.django_db
URL = reverse("plan_import")
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


@pytest.fixture
def office(db, settings, tmp_path):
    settings.DATA_DIR = tmp_path / "var"
    for name in (*LEADS, *SHARED):
        make_unit(name)
    return make_user("office", Role.OFFICE)


def _upload(client, path, **extra):
    return client.post(
        URL,
        {"file": SimpleUploadedFile(path.name, path.read_bytes(), content_type=DOCX), **extra},
    )


def test_it_sends_strangers_to_the_login_page(client):
    response = client.get(URL)
    assert response.status_code == 302 and "login" in response["Location"]


@pytest.mark.parametrize("role", [Role.LEADER, Role.OBSERVER, Role.LIAISON, Role.DISCIPLINE])
def test_it_refuses_everyone_but_the_office(client, office, role, tmp_path):
    unit = make_unit("区某局") if role == Role.LIAISON else None
    client.force_login(make_user("someone", role, unit))
    assert client.get(URL).status_code == 403
    path = tmp_path / "plan.docx"
    seed_plan(path)
    assert _upload(client, path).status_code == 403
    assert not Campaign.objects.exists()


def test_it_previews_then_imports_on_confirmation(client, office, tmp_path):
    client.force_login(office)
    assert client.get(URL).status_code == 200
    path = tmp_path / "plan.docx"
    seed_plan(path)
    preview = _upload(client, path)
    assert preview.status_code == 200
    html = preview.content.decode()
    assert "导入预览" in html and "确认导入" in html
    assert "区某某服务中心" in html  # listed for the office to confirm
    assert "2018年12月底前" in html
    assert not Campaign.objects.exists()  # nothing written before the confirmation

    context = preview.context
    done = client.post(
        URL, {"confirm": "1", "token": context["token"], "digest": context["digest"]}
    )
    assert done.status_code == 200
    assert "已导入" in done.content.decode()
    campaign = Campaign.objects.get()
    assert Task.objects.filter(finding__campaign=campaign).count() == 63
    entries = AuditEntry.objects.filter(task__isnull=False)
    assert entries.count() == 63 and {e.actor for e in entries} == {office}


def test_it_refuses_a_confirmation_it_did_not_preview(client, office):
    client.force_login(office)
    response = client.post(URL, {"confirm": "1", "token": "0" * 32, "digest": "x"})
    assert response.status_code == 409
    assert not Campaign.objects.exists()


def test_it_explains_bad_files_and_writes_nothing(client, office, tmp_path):
    client.force_login(office)
    text = tmp_path / "plan.txt"
    text.write_text("不是表格", encoding="utf-8")
    response = _upload(client, text)
    assert response.status_code == 422 and "须为 .docx 或 .xlsx" in response.content.decode()

    doc = document()
    table(doc, ["姓名", "职务"], [["张三", "组长"]])
    no_table = tmp_path / "minutes.docx"
    doc.save(no_table)
    response = _upload(client, no_table)
    assert response.status_code == 422 and "未找到" in response.content.decode()

    doc = document()
    table(doc, ["序号", "反馈问题", "整改措施", "牵头单位"], [["1", "", "措施", "区财政局"]])
    missing = tmp_path / "missing.docx"
    doc.save(missing)
    response = _upload(client, missing)
    assert response.status_code == 422
    assert "表1!C2:缺少反馈问题" in response.content.decode()
    assert "确认导入" not in response.content.decode()
    assert not Campaign.objects.exists()
