"""One item from 下达 to 销号, through the pages, in a real browser (Debian's chromium).

`make test` installs both (debian-packages.txt, the test extras); a machine without them
fails here rather than passing quietly. Screenshots go to test-artifacts/ (gitignored).
"""

import pytest

from tests.browser.conftest import ARTIFACTS, Session
from tests.conftest import make_unit, make_user
from tests.world import make_campaign, make_finding, make_task
from zhenggai.accounts.models import Role
from zhenggai.tasks.models import Status, Task


@pytest.fixture
def story(transactional_db, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    police = make_unit("区公安分局")
    campaign = make_campaign()
    category = make_finding(campaign, "(一)", "对区委谋划发展能力不足问题的整改")
    problem = make_finding(campaign, "1.", "针对践行新发展理念不到位的问题", parent=category)
    finding = make_finding(campaign, "(1)", "针对交通秩序整治不力的问题", problem)
    task = make_task(finding, status=Status.DRAFT, measure="开展交通秩序专项整治")
    make_user("office", Role.OFFICE, display_name="整改办")
    make_user("leader", Role.LEADER, display_name="领导小组")
    make_user("ll-gafj", Role.LIAISON, police, display_name="公安联络员")
    evidence = tmp_path / "整治通知.txt"
    evidence.write_text("交通秩序专项整治通知:查扣五类车1100辆。", encoding="utf-8")
    ARTIFACTS.mkdir(exist_ok=True)
    return task, evidence


def status_of(task):
    return Task.objects.values_list("status", flat=True).get(pk=task.pk)


@pytest.mark.heavy
def test_it_signs_off_an_item(live_server, browser, story):
    task, evidence = story
    office = Session(browser, live_server.url).login("office")
    liaison = Session(browser, live_server.url).login("ll-gafj")
    leader = Session(browser, live_server.url).login("leader")

    # 下达: the office gives the item to 区公安分局.
    page = office.item(task)
    page.select_option("#move-assign select[name=lead_unit]", label="区公安分局")
    page.select_option("#move-assign select[name=timeframe]", value="deadline")
    page.fill("#move-assign input[name=deadline]", "2030-12-31")
    page.fill("#move-assign input[name=leader]", "张副区长")
    office.shot("01-office-assigns")
    office.submit("#move-assign")
    assert "已下达" in page.inner_text(".messages")
    assert status_of(task) == Status.ASSIGNED

    # 认领, then a weekly report with its evidence file.
    page = liaison.item(task)
    liaison.submit("#move-claim")
    assert status_of(task) == Status.CLAIMED
    page.select_option("#report-form select[name=period]", value="week")
    page.fill("#report-form textarea[name=text]", "已召开交通秩序整治部署会。")
    page.set_input_files("#report-form input[name=file]", str(evidence))
    liaison.shot("02-liaison-reports")
    liaison.submit("#report-form")
    assert status_of(task) == Status.IN_PROGRESS
    assert "整治通知.txt" in page.inner_text("#evidence")

    # The office sends the report back; the liaison revises it.
    page = office.item(task)
    page.fill("#progress form[id$=-review] textarea[name=text]", "请补充查扣数量。")
    with page.expect_navigation():
        page.click("#progress form[id$=-review] button.danger")
    assert "退回修改" in page.inner_text("#progress")
    page = liaison.item(task)
    assert "请补充查扣数量" in page.inner_text("#progress")
    page.fill("#progress form[id$=-revise] textarea[name=text]", "已查扣五类车1100辆。")
    liaison.shot("03-liaison-revises")
    liaison.submit("#progress form[id$=-revise]")
    assert "已查扣五类车1100辆" in page.inner_text("#progress")

    # 申请销号 → 整改办审核通过 → 领导小组审批销号.
    page.fill("#move-request_closure textarea[name=text]", "交通秩序明显好转。")
    liaison.submit("#move-request_closure")
    assert status_of(task) == Status.CLOSURE_REQUESTED
    page = office.item(task)
    page.fill("#move-office_accept textarea[name=text]", "材料齐全,同意。")
    office.submit("#move-office_accept")
    assert status_of(task) == Status.OFFICE_ACCEPTED
    page = leader.item(task)
    with page.expect_navigation():
        page.click("#move-approve button[type=submit]")
    # 销号 cannot be undone: a page says so first, and nothing is done yet.
    assert "确认审批销号" in page.inner_text("h1")
    assert status_of(task) == Status.OFFICE_ACCEPTED
    leader.shot("04-confirm-sign-off")
    leader.submit(".confirm form")
    assert status_of(task) == Status.COMPLETED
    leader.shot("04-item-completed")

    history = page.inner_text("#history")
    for step in ("下达", "认领", "开始整改", "申请销号", "整改办审核通过", "领导小组审批销号"):
        assert step in history, step
    audit = page.inner_text("#audit")
    for step in ("分工", "填报进展", "上传佐证材料", "退回填报", "修改填报"):
        assert step in audit, step

    page.goto(f"{live_server.url}/ledger/?view=table")
    assert "已完成整改" in page.inner_text("main")
    leader.shot("05-ledger")

    # The evidence downloads as an attachment, for the leader too.
    page = leader.item(task)
    with page.expect_download() as download:
        page.click("#evidence a")
    target = ARTIFACTS / "download.txt"
    download.value.save_as(str(target))
    assert "1100" in target.read_text(encoding="utf-8")
    assert download.value.suggested_filename == "整治通知.txt"

    for s in (office, liaison, leader):
        s.close()
