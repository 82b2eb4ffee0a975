"""The item page's forms: each move, as a POST with the version the page was shown at."""

import datetime
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from tests.world import login
from zhenggai.audit.models import AuditEntry
from zhenggai.reporting.models import Evidence, Period, ProgressReport
from zhenggai.tasks.models import DeadlineExtension, Status, Timeframe, Transition

PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def page(task):
    return reverse("task", args=[task.pk])


def move_url(task, move):
    return reverse("task_move", args=[task.pk, move])


def post_move(client, task, move, **data):
    task.refresh_from_db()
    data.setdefault("version", task.version)
    return client.post(move_url(task, move), data)


NOTICE = "整改通知书已开具。".encode()


def text_file(name="通知.txt", content=NOTICE):
    return SimpleUploadedFile(name, content, content_type="text/plain")


def add_evidence(task, user):
    return Evidence.attach(user, task, text_file())


def set_status(task, status):
    type(task).objects.filter(pk=task.pk).update(status=status)
    task.refresh_from_db()


# --- what the page offers --------------------------------------------------------------


def test_it_offers_the_moves_the_reader_may_make(client, world):
    body = login(client, world.other_liaison).get(page(world.t3)).content.decode()
    assert f'action="{move_url(world.t3, "claim")}"' in body
    assert f'name="version" value="{world.t3.version}"' in body

    body = login(client, world.lead_liaison).get(page(world.t1)).content.decode()
    assert move_url(world.t1, "request_closure") in body
    assert move_url(world.t1, "claim") not in body
    assert move_url(world.t1, "office_accept") not in body


def test_it_offers_nothing_to_read_only_readers(client, world):
    for who in ("observer", "discipline", "leader"):
        body = login(client, getattr(world, who)).get(page(world.t1)).content.decode()
        assert "/move/" not in body, who
        assert reverse("task_report", args=[world.t1.pk]) not in body
        assert reverse("task_evidence_upload", args=[world.t1.pk]) not in body


def test_it_offers_the_leader_the_sign_off(client, world):
    set_status(world.t1, Status.OFFICE_ACCEPTED)
    body = login(client, world.leader).get(page(world.t1)).content.decode()
    assert move_url(world.t1, "approve") in body


# --- moves -----------------------------------------------------------------------------


def test_it_claims_and_redirects_with_a_message(client, world):
    login(client, world.other_liaison)
    response = post_move(client, world.t3, "claim")
    assert response.status_code == 302
    assert response.url == page(world.t3)
    world.t3.refresh_from_db()
    assert world.t3.status == Status.CLAIMED
    assert "已认领" in client.get(response.url).content.decode()


def test_it_assigns_a_draft_item(client, world):
    set_status(world.t3, Status.DRAFT)
    login(client, world.office)
    response = post_move(
        client,
        world.t3,
        "assign",
        lead_unit=world.lead.pk,
        units=[world.shared.pk],
        leader="王副区长",
        timeframe=Timeframe.DEADLINE,
        deadline="2018-12-31",
        text="按分工下达",
    )
    assert response.status_code == 302
    world.t3.refresh_from_db()
    assert world.t3.status == Status.ASSIGNED
    assert world.t3.lead_unit == world.lead
    assert list(world.t3.units.all()) == [world.shared]
    assert world.t3.deadline == datetime.date(2018, 12, 31)


def test_it_refuses_an_assignment_without_a_lead_unit(client, world):
    set_status(world.t3, Status.DRAFT)
    login(client, world.office)
    response = post_move(
        client, world.t3, "assign", lead_unit="", timeframe=Timeframe.DEADLINE, text="说明"
    )
    assert response.status_code == 422
    assert "请指定牵头单位" in response.content.decode()


def test_it_refuses_a_malformed_date_without_500(client, world):
    login(client, world.office)
    response = post_move(
        client, world.t1, "set_assignment", lead_unit=world.lead.pk, deadline="31/12/2018"
    )
    assert response.status_code == 422
    assert "完成时限格式不正确" in response.content.decode()
    response = post_move(client, world.t1, "set_assignment", lead_unit="abc")
    assert response.status_code == 422


def test_it_changes_the_assignment(client, world):
    login(client, world.office)
    response = post_move(
        client,
        world.t1,
        "set_assignment",
        lead_unit=world.lead.pk,
        units=[world.shared.pk, world.other.pk],
        leader="张副区长",
        timeframe=Timeframe.DEADLINE,
        deadline="2018-12-15",
        text="增加责任单位",
    )
    assert response.status_code == 302
    world.t1.refresh_from_db()
    assert set(world.t1.units.all()) == {world.shared, world.other}
    assert world.t1.status == Status.STAGED


def test_it_needs_a_comment_to_return(client, world):
    set_status(world.t1, Status.CLOSURE_REQUESTED)
    login(client, world.office)
    response = post_move(client, world.t1, "office_return", text="  ")
    assert response.status_code == 422
    body = response.content.decode()
    assert "退回须说明理由" in body
    world.t1.refresh_from_db()
    assert world.t1.status == Status.CLOSURE_REQUESTED


def test_it_answers_409_for_a_move_from_the_wrong_state(client, world):
    login(client, world.office)
    response = post_move(client, world.t1, "office_accept")
    assert response.status_code == 409
    assert "不能执行" in response.content.decode()


def test_it_answers_409_for_a_stale_page_and_keeps_what_was_typed(client, world):
    add_evidence(world.t1, world.lead_liaison)
    world.t1.refresh_from_db()
    stale = world.t1.version
    # Someone changes the item after the page was shown.
    login(client, world.office)
    post_move(client, world.t1, "set_assignment", lead_unit=world.lead.pk, leader="李副区长")
    login(client, world.lead_liaison)
    response = client.post(
        move_url(world.t1, "request_closure"),
        {"version": stale, "text": "累计整改隐患 1840 处<script>"},
    )
    assert response.status_code == 409
    body = response.content.decode()
    assert "已被他人修改" in body and "刷新" in body
    assert "累计整改隐患 1840 处&lt;script&gt;" in body
    world.t1.refresh_from_db()
    assert world.t1.status == Status.STAGED


def test_it_answers_409_for_a_garbled_version(client, world):
    login(client, world.other_liaison)
    response = client.post(move_url(world.t3, "claim"), {"version": "x"})
    assert response.status_code == 409


def test_it_needs_evidence_to_request_closure_and_keeps_the_note(client, world):
    login(client, world.lead_liaison)
    response = post_move(client, world.t1, "request_closure", text="成效说明")
    assert response.status_code == 422
    body = response.content.decode()
    assert "至少上传一份佐证材料" in body
    # The move's form, bound to what was sent (Django starts a textarea with a newline).
    assert re.search(r'<textarea name="text"[^>]*>\s*成效说明</textarea>', body)


def test_it_goes_from_closure_request_to_sign_off(client, world):
    add_evidence(world.t1, world.lead_liaison)
    login(client, world.lead_liaison)
    assert post_move(client, world.t1, "request_closure", text="成效").status_code == 302
    login(client, world.office)
    assert post_move(client, world.t1, "office_accept", text="同意").status_code == 302
    login(client, world.leader)
    assert post_move(client, world.t1, "approve", confirm="1").status_code == 302
    world.t1.refresh_from_db()
    assert world.t1.status == Status.COMPLETED
    assert world.t1.effect_note == "成效"
    login(client, world.office)
    assert post_move(client, world.t1, "reopen", text="问题反弹").status_code == 302
    world.t1.refresh_from_db()
    assert world.t1.status == Status.IN_PROGRESS


def test_it_answers_403_to_readers_and_to_the_wrong_role(client, world):
    for who in ("observer", "discipline"):
        login(client, getattr(world, who))
        assert post_move(client, world.t3, "claim").status_code == 403
    login(client, world.leader)
    assert post_move(client, world.t1, "report_staged", text="x").status_code == 403
    login(client, world.shared_liaison)  # a responsible unit, not the lead
    response = post_move(client, world.t1, "request_closure", text="x")
    assert response.status_code == 403
    assert "没有权限" in response.content.decode()
    world.t3.refresh_from_db()
    assert world.t3.status == Status.ASSIGNED


def test_it_answers_404_to_outsiders_and_unknown_moves(client, world):
    login(client, world.other_liaison)
    assert post_move(client, world.t1, "report_staged", text="x").status_code == 404
    login(client, world.office)
    assert client.post(move_url(world.t1, "delete"), {}).status_code == 404
    assert client.post(reverse("task_move", args=[99999, "claim"]), {}).status_code == 404


def test_it_takes_only_logged_in_posts(client, world):
    response = client.post(move_url(world.t3, "claim"), {})
    assert response.status_code == 302 and "login" in response.url
    login(client, world.other_liaison)
    assert client.get(move_url(world.t3, "claim")).status_code == 405


def test_it_needs_csrf(world):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(world.other_liaison)
    assert client.post(move_url(world.t3, "claim"), {"version": 1}).status_code == 403
    world.t3.refresh_from_db()
    assert world.t3.status == Status.ASSIGNED


def test_it_requests_and_decides_an_extension(client, world):
    login(client, world.lead_liaison)
    response = post_move(client, world.t1, "request_extension", new_deadline="2018-10-01", text="x")
    assert response.status_code == 422  # earlier than the deadline
    response = post_move(client, world.t1, "request_extension", new_deadline="2018-12-31", text="")
    assert response.status_code == 422
    response = post_move(
        client, world.t1, "request_extension", new_deadline="2018-12-31", text="拆违需时"
    )
    assert response.status_code == 302
    extension = DeadlineExtension.objects.get(task=world.t1)
    decide = reverse("task_extension", args=[world.t1.pk, extension.pk, "refuse"])
    assert client.post(decide, {"text": "不行"}).status_code == 403
    login(client, world.office)
    body = client.get(page(world.t1)).content.decode()
    assert decide in body
    response = client.post(decide, {"text": ""})
    assert response.status_code == 422
    assert "不予批准须说明理由" in response.content.decode()
    approve = reverse("task_extension", args=[world.t1.pk, extension.pk, "approve"])
    assert client.post(approve, {"text": "同意"}).status_code == 302
    world.t1.refresh_from_db()
    assert world.t1.revised_deadline == datetime.date(2018, 12, 31)
    assert client.post(approve, {}).status_code == 409  # already decided


# --- progress reports ------------------------------------------------------------------


def report_url(task):
    return reverse("task_report", args=[task.pk])


def test_it_files_a_report_with_a_file(client, world):
    set_status(world.t3, Status.CLAIMED)
    login(client, world.other_liaison)
    response = client.post(
        report_url(world.t3),
        {"period": Period.WEEK, "day": "2018-11-21", "text": "召开推进会", "file": text_file()},
    )
    assert response.status_code == 302
    report = ProgressReport.objects.get(task=world.t3)
    assert report.period_start == datetime.date(2018, 11, 19)
    assert report.evidence.get().original_name == "通知.txt"
    world.t3.refresh_from_db()
    assert world.t3.status == Status.IN_PROGRESS
    body = client.get(page(world.t3)).content.decode()
    assert "召开推进会" in body and "通知.txt" in body and "已提交" in body


def test_it_refuses_a_report_without_text_or_period(client, world):
    login(client, world.lead_liaison)
    response = client.post(report_url(world.t1), {"period": Period.WEEK, "text": ""})
    assert response.status_code == 422
    assert "请填写整改进展" in response.content.decode()
    response = client.post(report_url(world.t1), {"period": "year", "text": "x"})
    assert response.status_code == 422
    response = client.post(report_url(world.t1), {"period": "week", "day": "nope", "text": "x"})
    assert response.status_code == 422
    assert not ProgressReport.objects.exists()


def test_it_refuses_a_second_report_for_the_period(client, world):
    login(client, world.lead_liaison)
    data = {"period": Period.MONTH, "day": "2018-11-02", "text": "第一次"}
    assert client.post(report_url(world.t1), data).status_code == 302
    response = client.post(report_url(world.t1), {**data, "text": "第二次"})
    assert response.status_code == 409
    assert ">第二次</textarea>" in response.content.decode()


def test_it_drops_the_report_when_its_file_is_refused(client, world, settings):
    settings.UPLOAD_MAX_BYTES = 10
    login(client, world.lead_liaison)
    response = client.post(
        report_url(world.t1),
        {"period": Period.WEEK, "text": "附件太大", "file": text_file(content=b"x" * 11)},
    )
    assert response.status_code == 422
    body = response.content.decode()
    assert "MB 的上限" in body
    assert ">附件太大</textarea>" in body
    assert not ProgressReport.objects.exists() and not Evidence.objects.exists()


def test_the_office_reviews_and_the_unit_revises(client, world):
    report = ProgressReport.file(
        world.lead_liaison, world.t1, Period.WEEK, datetime.date(2018, 11, 20), "初稿"
    )
    review = reverse("task_report_review", args=[world.t1.pk, report.pk, "return"])
    revise = reverse("task_report_review", args=[world.t1.pk, report.pk, "revise"])
    accept = reverse("task_report_review", args=[world.t1.pk, report.pk, "accept"])
    login(client, world.lead_liaison)
    assert client.post(review, {"text": "x"}).status_code == 403
    login(client, world.office)
    assert review in client.get(page(world.t1)).content.decode()
    response = client.post(review, {"text": ""})
    assert response.status_code == 422
    assert client.post(review, {"text": "补充数据"}).status_code == 302
    report.refresh_from_db()
    assert report.status == ProgressReport.Status.RETURNED

    login(client, world.shared_liaison)  # not the reporting unit
    assert client.post(revise, {"text": "x", "version": report.version}).status_code == 403
    login(client, world.lead_liaison)
    body = client.get(page(world.t1)).content.decode()
    assert revise in body and "补充数据" in body
    response = client.post(revise, {"text": "改过的", "version": report.version - 1})
    assert response.status_code == 409
    assert ">改过的</textarea>" in response.content.decode()
    assert client.post(revise, {"text": "改过的", "version": report.version}).status_code == 302
    login(client, world.office)
    assert client.post(accept, {}).status_code == 302
    report.refresh_from_db()
    assert (report.status, report.text) == (ProgressReport.Status.ACCEPTED, "改过的")
    assert client.post(accept, {}).status_code == 409
    bad = reverse("task_report_review", args=[world.t1.pk, report.pk, "delete"])
    assert client.post(bad, {}).status_code == 404


# --- evidence --------------------------------------------------------------------------


def upload_url(task):
    return reverse("task_evidence_upload", args=[task.pk])


def test_it_uploads_and_serves_evidence(client, world):
    login(client, world.lead_liaison)
    upload = SimpleUploadedFile("方案.pdf", PDF, content_type="application/octet-stream")
    assert client.post(upload_url(world.t1), {"file": upload}).status_code == 302
    evidence = Evidence.objects.get(task=world.t1)
    download = reverse("task_evidence", args=[world.t1.pk, evidence.pk])
    for who in ("lead_liaison", "observer", "leader"):
        login(client, getattr(world, who))
        response = client.get(download)
        assert response.status_code == 200
        assert response["Content-Type"] == "application/pdf"
        assert response["Content-Disposition"].startswith("attachment")
        assert b"".join(response.streaming_content) == PDF
    login(client, world.other_liaison)
    assert client.get(download).status_code == 404
    login(client, world.office)
    assert client.get(reverse("task_evidence", args=[world.t3.pk, evidence.pk])).status_code == 404
    client.logout()
    assert client.get(download).status_code == 302


def test_it_refuses_bad_files(client, world, settings):
    login(client, world.lead_liaison)
    response = client.post(upload_url(world.t1), {})
    assert response.status_code == 422
    assert "请选择要上传的文件" in response.content.decode()
    exe = SimpleUploadedFile(
        "报告.pdf", b"MZ\x90\x00\x03\x00\x00\x00", content_type="application/pdf"
    )
    response = client.post(upload_url(world.t1), {"file": exe})
    assert response.status_code == 422
    assert "不支持的文件类型" in response.content.decode()
    settings.UPLOAD_MAX_BYTES = 10
    response = client.post(upload_url(world.t1), {"file": text_file(content=b"y" * 11)})
    assert response.status_code == 422
    assert not Evidence.objects.exists()
    login(client, world.observer)
    assert client.post(upload_url(world.t1), {"file": text_file()}).status_code == 403
    login(client, world.other_liaison)
    assert client.post(upload_url(world.t1), {"file": text_file()}).status_code == 404


# --- the audit trail -------------------------------------------------------------------


def test_it_shows_the_audit_trail(client, world):
    login(client, world.office)
    post_move(
        client,
        world.t1,
        "set_assignment",
        lead_unit=world.lead.pk,
        units=[world.shared.pk],
        leader="李副区长",
        timeframe=Timeframe.DEADLINE,
        deadline="2018-10-31",
        text="换领导",
    )
    assert AuditEntry.objects.for_task(world.t1).count() == 1
    body = client.get(page(world.t1)).content.decode()
    audit = body[body.index('id="audit"') :]
    assert "调整分工" in audit
    assert "责任领导:张副区长 → 李副区长" in audit
    assert "换领导" in audit
    assert "整改办" in audit  # who


def test_the_history_lists_every_move(client, world):
    login(client, world.other_liaison)
    post_move(client, world.t3, "claim")
    client.post(report_url(world.t3), {"period": Period.DAY, "text": "开始", "file": text_file()})
    assert list(Transition.objects.filter(task=world.t3).values_list("action", flat=True)) == [
        "claim",
        "start",
    ]
    body = client.get(page(world.t3)).content.decode()
    assert "认领" in body and "开始整改" in body and "填报进展" in body and "上传佐证材料" in body
