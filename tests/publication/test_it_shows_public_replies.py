import pytest

from reportparser import parse_text
from tests.conftest import make_unit, make_user
from zhenggai.accounts.models import Role
from zhenggai.feedback.models import Feedback
from zhenggai.inspections.importer import import_report
from zhenggai.inspections.management.commands.demo import seed_text
from zhenggai.publication.models import PublicReport
from zhenggai.tasks.models import Task

pytestmark = pytest.mark.django_db


def test_it_shows_a_public_reply_under_its_item_and_nothing_personal(client):
    text = seed_text()
    campaign = import_report(parse_text(text).to_dict(), filename="s.txt", text=text).campaign
    office = make_user("office", role=Role.OFFICE)
    make_unit("区公安分局")
    report = PublicReport.create_draft(campaign, office)
    report.publish(office)
    item = Task.objects.get(finding__campaign=campaign, finding__label="(14)")
    public = Feedback.objects.create(
        campaign=campaign, item=item, message="十三行周边五类车仍然很多", name="张三",
        contact="13800000000",
    )  # fmt: skip
    public.answer(office, "已加强联勤执法,每日巡查。", public=True, version=public.version)
    private = Feedback.objects.create(campaign=campaign, item=item, message="内部线索不公开")
    private.answer(office, "已转办", public=False, version=private.version)

    page = client.get(f"/public/{report.pk}/").content.decode()
    assert "十三行周边五类车仍然很多" in page
    assert "已加强联勤执法,每日巡查。" in page
    assert page.index("已加强联勤执法") > page.index(f'id="item-{item.pk}"')
    assert "内部线索不公开" not in page
    assert "张三" not in page and "13800000000" not in page
