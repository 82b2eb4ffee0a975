"""A member of the public reads the published report, downloads the PDF and writes in;
the office sees the message. In Debian's chromium."""

import pytest

from tests.browser.conftest import ARTIFACTS, Session
from tests.conftest import make_user
from tests.world import make_campaign, make_finding, make_task
from zhenggai.accounts.models import Role
from zhenggai.feedback.models import Feedback
from zhenggai.publication.models import PublicReport
from zhenggai.tasks.models import Status


@pytest.fixture
def published(transactional_db):
    campaign = make_campaign()
    category = make_finding(campaign, "(一)", "对党的建设逐级弱化问题的整改")
    finding = make_finding(campaign, "(1)", "针对“三会一课”制度落实不到位的问题", category)
    task = make_task(finding, status=Status.COMPLETED, measure="规范落实“三会一课”制度")
    office = make_user("office", Role.OFFICE, display_name="整改办")
    report = PublicReport.create_draft(campaign, office)
    report.publish(office)
    ARTIFACTS.mkdir(exist_ok=True)
    return report, task


def test_it_takes_feedback_from_the_public(browser, live_server, published):
    report, task = published
    public = Session(browser, live_server.url)
    page = public.page
    page.goto(f"{live_server.url}/public/")
    page.click(f"a[href='/public/{report.pk}/']")
    assert "针对“三会一课”制度落实不到位的问题" in page.inner_text("article")
    assert "已完成整改" in page.inner_text("article")

    with page.expect_download() as download:
        page.click("a[href$='report.pdf']")
    pdf = download.value.path().read_bytes()
    assert pdf.startswith(b"%PDF")

    page.select_option("#fb-item", str(task.pk))
    page.fill("#fb-message", "我所在支部的“三会一课”记录已规范,建议继续抽查。")
    page.fill("#fb-contact", "13800000000")
    public.shot("public-01-feedback-form")
    with page.expect_navigation():
        page.click("#feedback-form button[type=submit]")
    assert "YJ" in page.inner_text("main")
    public.shot("public-02-thanks")
    public.close()

    message = Feedback.objects.get()
    assert (message.item_id, message.channel) == (task.pk, "web")

    office = Session(browser, live_server.url).login("office")
    office.page.goto(f"{live_server.url}/feedback/")
    listing = office.page.inner_text("main")
    assert "建议继续抽查" in listing
    office.shot("public-03-office-sees-it")
    office.close()
